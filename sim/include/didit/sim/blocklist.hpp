// SPDX-License-Identifier: MIT
// The simulator's blocklist routes (`/v3/blocklist/`): block or unblock a session's face, document,
// phone and email, and list the entries.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace blocklist_detail {

inline constexpr const char* kKinds[] = {"face", "document", "phone", "email"};
inline constexpr const char* kOk = "Successfully updated blocklist.";

/// The first item of decision array `name`, or nullptr.
inline const Json* first_item(const Json& decision, const char* name) {
    const Json* a = member(decision, name);
    if (!a || !a->is_array() || a->empty() || !(*a)[0].is_object()) return nullptr;
    return &(*a)[0];
}

inline Json string_at(const Json* item, const char* key) {
    if (!item) return nullptr;
    const Json* v = member(*item, key);
    return v && v->is_string() ? *v : Json(nullptr);
}

/// A BlocklistItem (the OpenAPI's schema; Didit's list docs) built from the session's most recent record of
/// `kind`; fields that do not apply to the kind, or that the session lacks, are null.
inline Json make_item(Context& ctx, const Session& s, const std::string& kind) {
    const Json* idv = first_item(s.decision, "id_verifications");
    Json item = {{"type", kind},
                 {"session_id", s.id},
                 {"session_number", s.number},
                 {"blocklisted_at", ctx.now_iso()},
                 {"face_image", nullptr},
                 {"document_type", nullptr},
                 {"document_number", nullptr},
                 {"phone_number", nullptr},
                 {"email", nullptr},
                 {"added_by", "api"}};  // Didit's docs: entries added here are marked as added by the API
    if (kind == "face") {
        Json face = string_at(idv, "portrait_image");
        if (face.is_null()) face = string_at(first_item(s.decision, "liveness_checks"), "reference_image");
        item["face_image"] = face;
    } else if (kind == "document") {
        item["document_type"] = string_at(idv, "document_type");
        item["document_number"] = string_at(idv, "document_number");
    } else if (kind == "phone") {
        item["phone_number"] = string_at(first_item(s.decision, "phone_verifications"), "full_number");
    } else {
        item["email"] = string_at(first_item(s.decision, "email_verifications"), "email");
    }
    return item;
}

/// Validates `{session_id*, <prefix>face|document|phone|email}` (Didit's add/remove docs): the flags
/// default to false and at least one must be true. Returns the chosen kinds.
inline std::optional<Reply> parse(Context& ctx, const char* prefix, Session*& session,
                                  std::vector<std::string>& kinds) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* sid = member(b, "session_id");
    if (!sid || sid->is_null())
        errs.add("session_id", sid ? "This field may not be null." : "This field is required.");
    else if (!sid->is_string() || !is_uuid(sid->get_ref<const std::string&>()))
        errs.add("session_id", "Must be a valid UUID.");
    for (const char* k : kKinds) {
        const std::string key = std::string(prefix) + k;
        if (const Json* v = member(b, key)) {
            if (rules::check_bool(*v, key, errs) && v->get<bool>()) kinds.emplace_back(k);
        }
    }
    if (!errs.empty()) return errs.reply();
    if (kinds.empty()) {
        std::string names;
        for (const char* k : kKinds) names += (names.empty() ? "" : ", ") + std::string(prefix) + k;
        return json_reply(400,
                          Json{{"non_field_errors", Json::array({"At least one of " + names + " must be true."})}});
    }
    session = find_session(*ctx.app, sid->get_ref<const std::string&>());
    if (!session) return detail_error(404, "Session not found.");
    return std::nullopt;
}

inline Reply add(Context& ctx) {
    Session* s = nullptr;
    std::vector<std::string> kinds;
    if (auto bad = parse(ctx, "blocklist_", s, kinds)) return *bad;
    App& app = *ctx.app;
    for (const auto& kind : kinds) {
        // Blocking the same kind from the same session twice keeps the first entry.
        bool present = false;
        for (const auto& e : app.blocklist)
            present = present || (string_or(e, "session_id") == s->id && string_or(e, "type") == kind);
        if (!present) app.blocklist.push_back(make_item(ctx, *s, kind));
    }
    return json_reply(200, Json{{"message", kOk}});
}

/// Removes only the entries created from this session (Didit's remove docs).
inline Reply remove(Context& ctx) {
    Session* s = nullptr;
    std::vector<std::string> kinds;
    if (auto bad = parse(ctx, "unblock_", s, kinds)) return *bad;
    App& app = *ctx.app;
    app.blocklist.erase(std::remove_if(app.blocklist.begin(), app.blocklist.end(),
                                       [&](const Json& e) {
                                           return string_or(e, "session_id") == s->id &&
                                                  std::find(kinds.begin(), kinds.end(), string_or(e, "type")) !=
                                                      kinds.end();
                                       }),
                        app.blocklist.end());
    return json_reply(200, Json{{"message", kOk}});
}

/// Newest first; entries of deleted sessions are left out (Didit's list docs).
inline Reply list(Context& ctx) {
    App& app = *ctx.app;
    const std::string* type = ctx.request.query_value("item_type");
    if (type && !type->empty()) {
        bool ok = false;
        for (const char* k : kKinds) ok = ok || *type == k;
        if (!ok)
            return field_error("item_type",
                               "Select a valid choice. " + *type + " is not one of the available choices.");
    }
    std::vector<Json> items;
    for (auto it = app.blocklist.rbegin(); it != app.blocklist.rend(); ++it) {
        if (type && !type->empty() && string_or(*it, "type") != *type) continue;
        if (!find_session(app, string_or(*it, "session_id"))) continue;
        Json row = *it;
        row.erase("added_by");
        items.push_back(std::move(row));
    }
    return paginate(ctx, std::move(items));
}

}  // namespace blocklist_detail

inline void install_blocklist(Router& router) {
    namespace b = blocklist_detail;
    router.add(Method::Post, "/v3/blocklist/add/", Auth::ApiKey, b::add);
    router.add(Method::Post, "/v3/blocklist/remove/", Auth::ApiKey, b::remove);
    router.add(Method::Get, "/v3/blocklist/", Auth::ApiKey, b::list);
}

}  // namespace sim
}  // namespace didit
