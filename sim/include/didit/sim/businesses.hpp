// SPDX-License-Identifier: MIT
// The simulator's business routes (`/v3/businesses/`): the companies created through the API.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>
#include <didit/sim/users.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace businesses_detail {

/// The string fields of a business and their maximum lengths on create (the OpenAPI).
inline constexpr std::pair<const char*, std::size_t> kTextFields[] = {
    {"display_name", 255}, {"legal_name", 255}, {"registration_number", 100}, {"country_code", 10}};

/// The business as the list shows it (the OpenAPI's BusinessListItem). The simulator does not
/// derive businesses from KYB sessions: the counts are 0 and the session times null.
inline Json row(const Business& b) {
    const Json& r = b.record;
    Json out = Json::object();
    out["didit_internal_id"] = b.didit_internal_id;
    out["vendor_data"] = b.vendor_data;
    for (const auto& f : kTextFields) out[f.first] = rules::get_or(r, f.first, nullptr);
    out["effective_name"] =
        out["display_name"].is_string() && !out["display_name"].get_ref<const std::string&>().empty()
            ? out["display_name"]
            : out["legal_name"];
    out["status"] = rules::get_or(r, "status", "ACTIVE");
    out["session_count"] = 0;
    out["approved_count"] = 0;
    out["declined_count"] = 0;
    out["in_review_count"] = 0;
    out["features"] = Json::object();
    out["features_list"] = Json::array();
    out["last_session_at"] = nullptr;
    out["last_activity_at"] = string_or(r, "_updated_at", b.created_at);
    out["first_session_at"] = nullptr;
    out["tags"] = Json::array();
    out["created_at"] = b.created_at;
    return out;
}

/// The OpenAPI's BusinessDetailItem: the row plus metadata and updated_at.
inline Json detail(const Business& b) {
    Json out = row(b);
    out["metadata"] = rules::get_or(b.record, "metadata", Json::object());
    out["updated_at"] = string_or(b.record, "_updated_at", b.created_at);
    return out;
}

/// The business whose vendor_data is exactly `vendor_data`, or nullptr.
inline Business* find(App& app, const std::string& vendor_data) {
    for (auto& b : app.businesses)
        if (b.vendor_data.is_string() && b.vendor_data.get_ref<const std::string&>() == vendor_data) return &b;
    return nullptr;
}

/// The fields of a create or update body into `set`; DRF's messages into `errs`.
inline void take_fields(const Json& body, Json& set, FieldErrors& errs) {
    for (const auto& f : kTextFields)
        if (const Json* v = member(body, f.first)) {
            if (v->is_null() || rules::check_string(*v, f.first, f.second, true, errs)) set[f.first] = *v;
        }
    if (const Json* v = member(body, "status")) {
        if (users_detail::is_lifecycle_status(*v))
            set["status"] = *v;
        else
            errs.add("status", users_detail::kBadStatus);
    }
    users_detail::take_metadata(body, set, errs);
}

/// GET /v3/businesses/: newest session first (here: newest record first), paged, `count` capped
/// at 100 as the OpenAPI documents. No filters.
inline Reply list(Context& ctx) {
    App& app = *ctx.app;
    std::vector<Json> items;
    items.reserve(app.businesses.size());
    for (auto it = app.businesses.rbegin(); it != app.businesses.rend(); ++it) items.push_back(row(*it));
    Reply reply = paginate(ctx, std::move(items), 50, 1000);
    if (reply.status == 200) {
        Json env = Json::parse(reply.body, nullptr, false);
        if (const Json* c = member(env, "count"); c && c->is_number_integer() && c->get<long long>() > 100) {
            env["count"] = 100;
            reply.body = dump_json(env);
        }
    }
    return reply;
}

inline Reply get(Context& ctx) {
    Business* b = find(*ctx.app, ctx.request.params[0]);
    if (!b) return not_found();
    return json_reply(200, detail(*b));
}

/// POST /v3/businesses/create/: every field optional; a vendor_data must be unique. 201.
inline Reply create(Context& ctx) {
    App& app = *ctx.app;
    const Json& body = ctx.request.json;
    FieldErrors errs;
    Json vendor_data = nullptr;
    if (const Json* v = member(body, "vendor_data"); v && !v->is_null()) {
        if (rules::check_string(*v, "vendor_data", 255, false, errs)) {
            if (find(app, v->get<std::string>()))
                errs.add("vendor_data", "A business with this vendor_data already exists.");
            else
                vendor_data = *v;
        }
    }
    Json set = Json::object();
    take_fields(body, set, errs);
    if (!errs.empty()) return errs.reply();
    Business b;
    b.didit_internal_id = ctx.uuid();
    b.vendor_data = std::move(vendor_data);
    b.created_at = ctx.now_iso();
    b.record = std::move(set);
    app.businesses.push_back(std::move(b));
    return json_reply(201, detail(app.businesses.back()));
}

/// Applies `set` to `b`; emits business.status.updated when the status changed and
/// business.data.updated (with changed_fields) when anything else did.
inline void apply(Context& ctx, Business& b, const Json& set) {
    const Json before = detail(b);
    for (auto f = set.begin(); f != set.end(); ++f) b.record[f.key()] = f.value();
    b.record["_updated_at"] = ctx.now_iso();
    const Json after = detail(b);
    Json changed = Json::array();
    for (auto f = set.begin(); f != set.end(); ++f)
        if (f.key() != "status" && *member(before, f.key()) != *member(after, f.key())) changed.push_back(f.key());
    const std::string was = string_or(before, "status"), now = string_or(after, "status");
    if (was != now)
        ctx.emit(*ctx.app, Json{{"webhook_type", "business.status.updated"},
                                {"didit_internal_id", b.didit_internal_id},
                                {"vendor_data", b.vendor_data},
                                {"status", now},
                                {"previous_status", was}});
    if (!changed.empty())
        ctx.emit(*ctx.app, Json{{"webhook_type", "business.data.updated"},
                                {"didit_internal_id", b.didit_internal_id},
                                {"vendor_data", b.vendor_data},
                                {"status", now},
                                {"changed_fields", changed}});
}

/// PATCH /v3/businesses/{vendor_data}/: partial; metadata replaces.
inline Reply update(Context& ctx) {
    Business* b = find(*ctx.app, ctx.request.params[0]);
    if (!b) return not_found();
    FieldErrors errs;
    Json set = Json::object();
    take_fields(ctx.request.json, set, errs);
    if (!errs.empty()) return errs.reply();
    apply(ctx, *b, set);
    return json_reply(200, detail(*b));
}

/// PATCH /v3/businesses/{vendor_data}/update-status/: only the status, required. BLOCKED keeps
/// the vendor_data from creating sessions.
inline Reply update_status(Context& ctx) {
    Business* b = find(*ctx.app, ctx.request.params[0]);
    if (!b) return not_found();
    const Json* v = member(ctx.request.json, "status");
    if (!v) return field_error("status", "This field is required.");
    if (!users_detail::is_lifecycle_status(*v)) return field_error("status", users_detail::kBadStatus);
    apply(ctx, *b, Json{{"status", *v}});
    return json_reply(200, detail(*b));
}

/// POST /v3/businesses/delete/: hard delete by delete_all, else vendor_data_list, else
/// didit_internal_id_list (only the first given is used). No selector: 400 with a bare array.
inline Reply remove_many(Context& ctx) {
    App& app = *ctx.app;
    const Json& body = ctx.request.json;
    FieldErrors errs;
    const Json* all = member(body, "delete_all");
    if (all && !all->is_null()) rules::check_bool(*all, "delete_all", errs);
    const Json* list = member(body, "vendor_data_list");
    if (list && !list->is_null()) rules::check_string_list(*list, "vendor_data_list", errs);
    const Json* ids = member(body, "didit_internal_id_list");
    if (ids && !ids->is_null()) rules::check_string_list(*ids, "didit_internal_id_list", errs);
    if (!errs.empty()) return errs.reply();

    const bool everything = all && all->is_boolean() && all->get<bool>();
    const bool by_vendor = list && list->is_array() && !list->empty();
    const bool by_id = ids && ids->is_array() && !ids->empty();
    if (!everything && !by_vendor && !by_id)
        return bare_error(400, "Provide vendor_data_list, didit_internal_id_list or set delete_all=true.");
    const std::size_t before = app.businesses.size();
    auto doomed = [&](const Business& b) {
        if (everything) return true;
        if (by_vendor) {
            for (const auto& v : *list)
                if (b.vendor_data == v) return true;
            return false;
        }
        for (const auto& v : *ids)
            if (v == b.didit_internal_id) return true;
        return false;
    };
    std::vector<Business> kept;
    kept.reserve(before);
    for (auto& b : app.businesses)
        if (!doomed(b)) kept.push_back(std::move(b));
    app.businesses = std::move(kept);
    return json_reply(200, Json{{"deleted", static_cast<std::int64_t>(before - app.businesses.size())}});
}

}  // namespace businesses_detail

/// Registers the business routes on `router`.
inline void install_businesses(Router& router) {
    namespace b = businesses_detail;
    router.add(Method::Get, "/v3/businesses/", Auth::ApiKey, b::list);
    router.add(Method::Post, "/v3/businesses/create/", Auth::ApiKey, b::create);
    router.add(Method::Post, "/v3/businesses/delete/", Auth::ApiKey, b::remove_many);
    router.add(Method::Patch, "/v3/businesses/{any}/update-status/", Auth::ApiKey, b::update_status);
    router.add(Method::Get, "/v3/businesses/{any}/", Auth::ApiKey, b::get);
    router.add(Method::Patch, "/v3/businesses/{any}/", Auth::ApiKey, b::update);
}

}  // namespace sim
}  // namespace didit
