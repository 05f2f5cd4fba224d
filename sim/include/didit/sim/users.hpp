// SPDX-License-Identifier: MIT
// The simulator's user routes (`/v3/users/` and the face upload): the people assembled from sessions
// sharing a vendor_data, and those created through the API.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace users_detail {

/// `/v3/users/*` without credentials: 401 with this body (the OpenAPI), unlike the 403
/// of the other routes.
inline constexpr const char* kMissingAuth =
    "You must be authenticated with a valid access token to access this endpoint.";

/// Decision arrays and the user-level feature name each one reports under (the OpenAPI's UserListItem.features).
inline constexpr std::pair<const char*, const char*> kFeatureArrays[] = {
    {"id_verifications", "ID_VERIFICATION"},
    {"nfc_verifications", "NFC"},
    {"liveness_checks", "LIVENESS"},
    {"face_matches", "FACE_MATCH"},
    {"phone_verifications", "PHONE"},
    {"email_verifications", "EMAIL"},
    {"poa_verifications", "POA"},
    {"questionnaire_responses", "QUESTIONNAIRE"},
    {"aml_screenings", "AML"},
    {"ip_analyses", "IP_ANALYSIS"},
    {"database_validations", "DATABASE_VALIDATION"}};

/// The first item of decision array `name`, or nullptr.
inline const Json* first_item(const Json& decision, const char* name) {
    const Json* a = member(decision, name);
    if (!a || !a->is_array() || a->empty() || !(*a)[0].is_object()) return nullptr;
    return &(*a)[0];
}

inline void add_unique(Json& list, const std::string& v) {
    if (v.empty()) return;
    for (const auto& x : list)
        if (x == v) return;
    list.push_back(v);
}

/// The user's record as the list shows it (the OpenAPI's UserListItem): stored PATCH fields first, the
/// rest derived from the sessions that carry this vendor_data.
inline Json row(const App& app, const std::string& vendor_data, const User& u) {
    std::vector<const Session*> mine;
    for (const auto& s : app.sessions)
        if (s.has_vendor_data && s.vendor_data == vendor_data) mine.push_back(&s);
    std::stable_sort(mine.begin(), mine.end(),
                     [](const Session* a, const Session* b) { return a->created > b->created; });

    Json full_name = nullptr, dob = nullptr, portrait = nullptr;
    Json states = Json::array(), emails = Json::array(), phones = Json::array();
    Json features = Json::object(), features_list = Json::array();
    std::int64_t approved = 0, declined = 0, in_review = 0;
    for (const Session* s : mine) {  // newest first
        approved += s->status == "Approved";
        declined += s->status == "Declined";
        in_review += s->status == "In Review";
        const Json& d = s->decision;
        if (const Json* idv = first_item(d, "id_verifications")) {
            if (full_name.is_null())
                if (const Json* v = member(*idv, "full_name"); v && v->is_string()) full_name = *v;
            if (dob.is_null())
                if (const Json* v = member(*idv, "date_of_birth"); v && v->is_string()) dob = *v;
            if (portrait.is_null())
                if (const Json* v = member(*idv, "portrait_image"); v && v->is_string()) portrait = *v;
            if (s->status == "Approved") add_unique(states, string_or(*idv, "issuing_state"));
        }
        if (portrait.is_null())
            if (const Json* lc = first_item(d, "liveness_checks"))
                if (const Json* v = member(*lc, "reference_image"); v && v->is_string()) portrait = *v;
        if (const Json* e = first_item(d, "email_verifications"); e && string_or(*e, "status") == "Approved")
            add_unique(emails, string_or(*e, "email"));
        if (const Json* p = first_item(d, "phone_verifications"); p && string_or(*p, "status") == "Approved")
            add_unique(phones, string_or(*p, "full_number"));
        for (const auto& fa : kFeatureArrays) {
            const Json* item = first_item(d, fa.first);
            if (!item || features.contains(fa.second)) continue;
            const std::string st = string_or(*item, "status");
            if (st.empty()) continue;
            features[fa.second] = st;
        }
    }
    for (const auto& fa : kFeatureArrays)
        if (const Json* st = member(features, fa.second))
            features_list.push_back({{"feature", fa.second}, {"status", *st}});

    const Json& r = u.record;
    auto pick = [&](const char* key, const Json& derived) { return member(r, key) ? *member(r, key) : derived; };
    Json out = Json::object();
    out["didit_internal_id"] = u.didit_internal_id;
    out["vendor_data"] = vendor_data;
    out["display_name"] = pick("display_name", nullptr);
    out["full_name"] = pick("full_name", full_name);
    out["date_of_birth"] = pick("date_of_birth", dob);
    out["effective_name"] =
        out["display_name"].is_string() && !out["display_name"].get_ref<const std::string&>().empty()
            ? out["display_name"]
            : out["full_name"];
    out["status"] = pick("status", "ACTIVE");
    out["portrait_image_url"] = portrait;
    out["session_count"] = static_cast<std::int64_t>(mine.size());
    out["approved_count"] = approved;
    out["declined_count"] = declined;
    out["in_review_count"] = in_review;
    out["issuing_states"] = pick("issuing_states", states);
    out["approved_emails"] = pick("approved_emails", emails);
    out["approved_phones"] = pick("approved_phones", phones);
    out["features"] = std::move(features);
    out["features_list"] = std::move(features_list);
    const Json last = mine.empty() ? Json(nullptr) : Json(mine.front()->created_at);
    out["last_session_at"] = last;
    out["first_session_at"] = mine.empty() ? Json(nullptr) : Json(mine.back()->created_at);
    const std::string updated = string_or(r, "_updated_at");
    out["last_activity_at"] =
        !updated.empty() && (last.is_null() || updated > last.get<std::string>()) ? Json(updated) : last;
    out["tags"] = Json::array();
    out["created_at"] = u.created_at;
    return out;
}

/// The OpenAPI's UserDetailItem: the row plus metadata, comments and updated_at.
inline Json detail(const App& app, const std::string& vendor_data, const User& u) {
    Json out = row(app, vendor_data, u);
    out["metadata"] = rules::get_or(u.record, "metadata", Json::object());
    Json comments = Json::array();
    for (auto c = u.comments.rbegin(); c != u.comments.rend(); ++c) comments.push_back(*c);  // newest first
    out["comments"] = std::move(comments);
    const std::string updated = string_or(u.record, "_updated_at");
    out["updated_at"] = updated.empty() ? u.created_at : updated;
    return out;
}

inline bool contains_ci(const std::string& hay, const std::string& needle) {
    return rules::lower(hay).find(rules::lower(needle)) != std::string::npos;
}

/// Filters of https://docs.didit.me's users pages (the OpenAPI documents none):
/// status (ACTIVE|FLAGGED|BLOCKED), search, country (alpha-3, comma list), limit up to 200.
inline Reply list(Context& ctx) {
    App& app = *ctx.app;
    const std::string* status = ctx.request.query_value("status");
    if (status && !status->empty() && *status != "ACTIVE" && *status != "FLAGGED" && *status != "BLOCKED")
        return field_error("status", "Select a valid choice. " + *status + " is not one of the available choices.");
    const std::string* search = ctx.request.query_value("search");
    std::vector<std::string> countries;
    if (const std::string* c = ctx.request.query_value("country")) {
        std::size_t start = 0;
        while (start <= c->size()) {
            auto comma = c->find(',', start);
            if (comma == std::string::npos) comma = c->size();
            std::string part = rules::upper(c->substr(start, comma - start));
            if (!part.empty()) countries.push_back(part);
            start = comma + 1;
        }
    }
    std::vector<std::pair<std::string, Json>> rows;  // (sort key, row)
    for (const auto& kv : app.users) {
        Json r = row(app, kv.first, kv.second);
        if (status && !status->empty() && string_or(r, "status") != *status) continue;
        if (search && !search->empty()) {
            bool hit = kv.first.find(*search) != std::string::npos || contains_ci(kv.first, *search) ||
                       string_or(r, "didit_internal_id") == *search;
            for (const char* k : {"full_name", "display_name"}) hit = hit || contains_ci(string_or(r, k), *search);
            for (const char* k : {"approved_emails", "approved_phones"})
                if (const Json* l = member(r, k); l && l->is_array())
                    for (const auto& x : *l) hit = hit || (x.is_string() && contains_ci(x.get<std::string>(), *search));
            if (!hit) continue;
        }
        if (!countries.empty()) {
            bool hit = false;
            if (const Json* l = member(r, "issuing_states"); l && l->is_array())
                for (const auto& x : *l)
                    for (const auto& c : countries)
                        hit = hit || (x.is_string() && rules::upper(x.get<std::string>()) == c);
            if (!hit) continue;
        }
        const std::string key = string_or(r, "last_session_at", string_or(r, "created_at"));
        rows.emplace_back(key, std::move(r));
    }
    // Most recent session first, as the API orders them.
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<Json> items;
    items.reserve(rows.size());
    for (auto& r : rows) items.push_back(std::move(r.second));
    Reply reply = paginate(ctx, std::move(items), 50, 200);
    // The OpenAPI: `count` is exact up to 100 and then capped, so clients must follow `next`.
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
    App& app = *ctx.app;
    auto it = app.users.find(ctx.request.params[0]);  // exact, case-sensitive, as the API matches it
    if (it == app.users.end()) return not_found();
    return json_reply(200, detail(app, it->first, it->second));
}

inline Reply update(Context& ctx) {
    App& app = *ctx.app;
    auto it = app.users.find(ctx.request.params[0]);
    if (it == app.users.end()) return not_found();
    const Json& b = ctx.request.json;
    FieldErrors errs;
    Json set = Json::object();
    for (const char* k : {"full_name", "display_name"})
        if (const Json* v = member(b, k)) {
            if (v->is_null() || rules::check_string(*v, k, std::string(k) == "full_name" ? 512 : 255, true, errs))
                set[k] = *v;
        }
    if (const Json* v = member(b, "date_of_birth")) {
        if (v->is_null() || (v->is_string() && rules::is_date(v->get_ref<const std::string&>())))
            set["date_of_birth"] = *v;
        else
            errs.add("date_of_birth", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    }
    if (const Json* v = member(b, "status")) {
        if (v->is_string() && (*v == "ACTIVE" || *v == "FLAGGED" || *v == "BLOCKED"))
            set["status"] = *v;
        else
            errs.add("status", rules::not_a_choice(*v));
    }
    if (const Json* v = member(b, "metadata")) {
        // The OpenAPI: an object (nullable) that fully replaces the stored one.
        if (v->is_object())
            set["metadata"] = *v;
        else if (v->is_null())
            set["metadata"] = Json::object();
        else
            errs.add("metadata",
                     std::string("Expected a dictionary of items but got type \"") + rules::py_type(*v) + "\".");
    }
    for (const char* k : {"approved_emails", "approved_phones", "issuing_states"})
        if (const Json* v = member(b, k))
            if (rules::check_string_list(*v, k, errs)) set[k] = *v;
    if (!errs.empty()) return errs.reply();

    User& u = it->second;
    const Json before = detail(app, it->first, u);
    for (auto f = set.begin(); f != set.end(); ++f) u.record[f.key()] = f.value();
    u.record["_updated_at"] = ctx.now_iso();
    Json after = detail(app, it->first, u);
    Json changed = Json::array();
    for (auto f = set.begin(); f != set.end(); ++f)
        if (member(before, f.key()) == nullptr || *member(before, f.key()) != *member(after, f.key()))
            changed.push_back(f.key());
    if (!changed.empty())
        // Didit's webhook docs: user.data.updated carries changed_fields.
        ctx.emit(app, Json{{"webhook_type", "user.data.updated"},
                           {"didit_internal_id", u.didit_internal_id},
                           {"vendor_data", it->first},
                           {"status", string_or(after, "status")},
                           {"changed_fields", changed}});
    return json_reply(200, after);
}

/// The lifecycle statuses of user and business records (the OpenAPI: ACTIVE, FLAGGED, BLOCKED).
inline bool is_lifecycle_status(const Json& v) {
    return v.is_string() && (v == "ACTIVE" || v == "FLAGGED" || v == "BLOCKED");
}
/// The OpenAPI's message for a status outside them.
inline constexpr const char* kBadStatus = "Invalid status. Valid options are: ACTIVE, FLAGGED, BLOCKED";

/// `metadata` of a create body (the OpenAPI: a nullable object, `{}` by default) into `set`.
inline void take_metadata(const Json& b, Json& set, FieldErrors& errs) {
    if (const Json* v = member(b, "metadata")) {
        if (v->is_object())
            set["metadata"] = *v;
        else if (v->is_null())
            set["metadata"] = Json::object();
        else
            errs.add("metadata", "Metadata must be a JSON object.");
    }
}

/// POST /v3/users/create/ (the OpenAPI): vendor_data required and unique among the application's
/// users; the other fields as PATCH takes them. 201 with the detail record.
inline Reply create(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string vendor_data;
    const Json* vd = member(b, "vendor_data");
    if (!vd || vd->is_null())
        errs.add("vendor_data", "This field is required.");
    else if (rules::check_string(*vd, "vendor_data", 255, false, errs)) {
        vendor_data = vd->get<std::string>();
        if (app.users.count(vendor_data)) errs.add("vendor_data", "A user with this vendor_data already exists.");
    }
    Json set = Json::object();
    for (const char* k : {"full_name", "display_name"})
        if (const Json* v = member(b, k)) {
            if (v->is_null() || rules::check_string(*v, k, std::string(k) == "full_name" ? 512 : 255, true, errs))
                set[k] = *v;
        }
    if (const Json* v = member(b, "date_of_birth")) {
        if (v->is_null() || (v->is_string() && rules::is_date(v->get_ref<const std::string&>())))
            set["date_of_birth"] = *v;
        else
            errs.add("date_of_birth", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    }
    if (const Json* v = member(b, "status")) {
        if (is_lifecycle_status(*v))
            set["status"] = *v;
        else
            errs.add("status", kBadStatus);
    }
    take_metadata(b, set, errs);
    for (const char* k : {"approved_emails", "approved_phones", "issuing_states"})
        if (const Json* v = member(b, k))
            if (rules::check_string_list(*v, k, errs)) set[k] = *v;
    if (!errs.empty()) return errs.reply();

    User& u = touch_user(ctx, app, vendor_data);
    u.record = std::move(set);
    return json_reply(201, detail(app, vendor_data, u));
}

/// PATCH /v3/users/{vendor_data}/update-status/ (the OpenAPI): only the lifecycle status. A change
/// is logged as a STATUS_CHANGED comment and sent as a user.status.updated webhook; BLOCKED keeps
/// the vendor_data from creating sessions (the simulator's blocklist of vendor_data).
inline Reply update_status(Context& ctx) {
    App& app = *ctx.app;
    auto it = app.users.find(ctx.request.params[0]);
    if (it == app.users.end()) return not_found();
    const Json* v = member(ctx.request.json, "status");
    if (!v) return field_error("status", "This field is required.");
    if (!is_lifecycle_status(*v)) return field_error("status", kBadStatus);
    User& u = it->second;
    const std::string before = string_or(u.record, "status", "ACTIVE");
    const std::string after = v->get<std::string>();
    if (before != after) {
        const std::string now = ctx.now_iso();
        u.record["status"] = after;
        u.record["_updated_at"] = now;
        u.comments.push_back(Json{{"uuid", ctx.uuid()},
                                  {"comment_type", "STATUS_CHANGED"},
                                  {"comment", nullptr},
                                  {"actor_email", nullptr},
                                  {"actor_name", nullptr},
                                  {"previous_status", before},
                                  {"new_status", after},
                                  {"previous_value", nullptr},
                                  {"new_value", nullptr},
                                  {"changed_fields", Json::array()},
                                  {"metadata", nullptr},
                                  {"mentioned_emails", Json::array()},
                                  {"created_at", now}});
        // Didit's webhook docs: user.status.updated carries previous_status.
        ctx.emit(app, Json{{"webhook_type", "user.status.updated"},
                           {"didit_internal_id", u.didit_internal_id},
                           {"vendor_data", it->first},
                           {"status", after},
                           {"previous_status", before}});
    }
    return json_reply(200, detail(app, it->first, u));
}

/// Strict base64 (standard alphabet, padded or not, no `data:` prefix) into `out`; false when
/// `in` is not base64.
inline bool unbase64(std::string_view in, std::string& out) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    while (!in.empty() && in.back() == '=') in.remove_suffix(1);
    if (in.empty() || in.size() % 4 == 1) return false;
    out.clear();
    out.reserve(in.size() / 4 * 3 + 3);
    unsigned acc = 0;
    int bits = 0;
    for (char c : in) {
        const int d = val(c);
        if (d < 0) return false;
        acc = (acc << 6) | static_cast<unsigned>(d);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
        }
    }
    return true;
}

/// At most 5 uploaded faces per user, each at most 2 MB decoded (the OpenAPI).
inline constexpr std::size_t kMaxFaces = 5;
inline constexpr std::size_t kMaxFaceBytes = std::size_t{2} * 1024 * 1024;

/// POST /v3/organization/{org}/application/{app}/vendor-users/by-id/{didit_internal_id}/faces/upload/
/// (the OpenAPI): the ids must be the caller's organization and application (else 403) and one of
/// its users (else 404). The image must be base64 of a JPEG or PNG of at most 2 MB; every such
/// image "has" a face here (no detection), so the reply is deterministic but for its uuid and time.
inline Reply upload_face(Context& ctx) {
    App& app = *ctx.app;
    const auto& p = ctx.request.params;
    if (p[0] != app.org_id || p[1] != app.id)
        return detail_error(403, "You do not have permission to perform this action.");
    User* user = nullptr;
    for (auto& kv : app.users)
        if (kv.second.didit_internal_id == p[2]) user = &kv.second;
    if (!user) return not_found();
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* image = member(b, "image");
    if (!image || image->is_null())
        errs.add("image", "This field is required.");
    else
        rules::check_string(*image, "image", 0, false, errs);
    const Json* comment = member(b, "comment");
    if (comment && !comment->is_null()) rules::check_string(*comment, "comment", 0, true, errs);
    if (!errs.empty()) return errs.reply();
    if (user->faces.size() >= kMaxFaces) return detail_error(400, "Maximum of 5 faces per user reached.");
    std::string bytes;
    if (!unbase64(image->get_ref<const std::string&>(), bytes))
        return json_reply(400, Json{{"image", "Invalid base64 image."}});
    if (bytes.size() > kMaxFaceBytes) return json_reply(400, Json{{"image", "Image exceeds maximum size of 2 MB."}});
    const bool jpeg = bytes.size() >= 3 && bytes.compare(0, 3, "\xFF\xD8\xFF") == 0;
    const bool png = bytes.size() >= 8 && bytes.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0;
    if (!jpeg && !png) return json_reply(400, Json{{"image", "Invalid image. Upload a JPG or PNG file."}});
    const std::string id = ctx.uuid();
    Json face{{"uuid", id},
              {"image_url", ctx.url("/_sim/media/faces/" + id + (png ? ".png" : ".jpg") + "?X-Amz-Expires=3600")},
              {"comment", comment && comment->is_string() ? *comment : Json("")},
              {"uploaded_by", "api"},
              {"created_at", ctx.now_iso()}};
    user->faces.push_back(face);
    return json_reply(201, face);
}

/// Hard delete (the OpenAPI): vendor_data_list, or delete_all (which wins); didit_internal_id_list is the
/// later addition to Didit's docs, accepted too. No selector: 400 with a bare array.
inline Reply remove_many(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* all = member(b, "delete_all");
    if (all && !all->is_boolean()) errs.add("delete_all", "Must be a valid boolean.");
    const Json* list = member(b, "vendor_data_list");
    if (list && !list->is_null()) rules::check_string_list(*list, "vendor_data_list", errs);
    const Json* ids = member(b, "didit_internal_id_list");
    if (ids && !ids->is_null()) rules::check_string_list(*ids, "didit_internal_id_list", errs);
    if (!errs.empty()) return errs.reply();

    const bool everything = all && all->is_boolean() && all->get<bool>();
    const bool by_vendor = list && list->is_array() && !list->empty();
    const bool by_id = ids && ids->is_array() && !ids->empty();
    if (!everything && !by_vendor && !by_id) return bare_error(400, "Provide vendor_data_list or set delete_all=true.");
    std::int64_t deleted = 0;
    if (everything) {
        deleted = static_cast<std::int64_t>(app.users.size());
        app.users.clear();
    } else {
        if (by_vendor)
            for (const auto& v : *list) deleted += static_cast<std::int64_t>(app.users.erase(v.get<std::string>()));
        if (by_id)
            for (const auto& v : *ids)
                for (auto u = app.users.begin(); u != app.users.end();) {
                    if (u->second.didit_internal_id == v.get<std::string>()) {
                        u = app.users.erase(u);
                        ++deleted;
                    } else {
                        ++u;
                    }
                }
    }
    return json_reply(200, Json{{"deleted", deleted}});
}

}  // namespace users_detail

/// Registers the user routes (and the face upload) on `router`.
inline void install_users(Router& router) {
    namespace u = users_detail;
    auto unauth = [](Route& r) {
        r.missing_auth_status = 401;
        r.missing_auth_detail = u::kMissingAuth;
    };
    unauth(router.add(Method::Get, "/v3/users/", Auth::ApiKey, u::list));
    unauth(router.add(Method::Post, "/v3/users/create/", Auth::ApiKey, u::create));
    unauth(router.add(Method::Post, "/v3/users/delete/", Auth::ApiKey, u::remove_many));
    unauth(router.add(Method::Patch, "/v3/users/{any}/update-status/", Auth::ApiKey, u::update_status));
    unauth(router.add(Method::Get, "/v3/users/{any}/", Auth::ApiKey, u::get));
    unauth(router.add(Method::Patch, "/v3/users/{any}/", Auth::ApiKey, u::update));
    // The OpenAPI: 401 for a missing or invalid key on the face upload.
    Route& face =
        router.add(Method::Post, "/v3/organization/{uuid}/application/{uuid}/vendor-users/by-id/{uuid}/faces/upload/",
                   Auth::ApiKey, u::upload_face);
    face.missing_auth_status = 401;
    face.invalid_auth_status = 401;
    face.missing_auth_detail = "Authentication credentials were not provided.";
}

}  // namespace sim
}  // namespace didit
