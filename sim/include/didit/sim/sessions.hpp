// SPDX-License-Identifier: MIT
// The simulator's sessions routes: create, decision, list, delete, status updates, PDF, sharing, reviews, and the
// hosted-flow controls.
#pragma once

// Behaviour follows Didit's OpenAPI per-endpoint descriptions and error examples; where other
// Didit docs disagree (statuses, reviews shape, share body, PDF path), the OpenAPI wins.

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <didit/sim/core.hpp>
#include <didit/sim/decision.hpp>
#include <didit/sim/engine.hpp>
#include <didit/webhook.hpp>

namespace didit {
namespace sim {
namespace sessions_detail {

// ---------------------------------------------------------------------------------------------
// Small validators

inline const std::set<std::string>& languages() {
    // The 54 codes of `language` (and `contact_details.email_lang`).
    static const std::set<std::string> codes = {
        "en", "ar", "bg", "bn", "bs", "ca", "cnr", "cs", "da",    "de",    "el",    "es", "et", "fa",
        "fi", "fr", "he", "hi", "hr", "hu", "hy",  "id", "it",    "ja",    "ka",    "kk", "ko", "ky",
        "lt", "lv", "mk", "mn", "ms", "nl", "no",  "pl", "pt-BR", "pt",    "ro",    "ru", "sk", "sl",
        "so", "sq", "sr", "sv", "th", "tr", "uk",  "uz", "vi",    "zh-CN", "zh-TW", "zh"};
    return codes;
}

inline const std::vector<std::string>& all_statuses() {
    static const std::vector<std::string> s = {"Not Started", "In Progress", "Awaiting User", "In Review",
                                               "Approved",    "Declined",    "Resubmitted",   "Expired",
                                               "Kyc Expired", "Abandoned"};
    return s;
}
inline bool is_status(const std::string& s) {
    for (const auto& x : all_statuses())
        if (x == s) return true;
    return false;
}
/// Statuses a user can still act in (OpenAPI: the idempotency rule of session create).
inline bool is_unfinished(const std::string& s) {
    return s == "Not Started" || s == "In Progress" || s == "Resubmitted" || s == "Awaiting User";
}

/// DRF's nested-serializer error for a non-object value.
inline Json not_a_dict(const Json& v) {
    return Json{{"non_field_errors",
                 Json::array({std::string("Invalid data. Expected a dictionary, but got ") + v.type_name() + "."})}};
}

/// "scheme://rest" (custom schemes are fine for callbacks, OpenAPI).
inline bool looks_like_url(std::string_view s) {
    const auto p = s.find("://");
    if (p == std::string_view::npos || p == 0 || p + 3 >= s.size()) return false;
    for (std::size_t i = 0; i < p; ++i) {
        const char c = s[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok) return false;
    }
    for (char c : s)
        if (c == ' ' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}
inline bool looks_like_email(std::string_view s) {
    const auto at = s.find('@');
    return at != std::string_view::npos && at > 0 && s.find('.', at) != std::string_view::npos && s.back() != '.' &&
           s.find(' ') == std::string_view::npos;
}
/// E.164: "+" and 2–15 digits, not starting with 0.
inline bool is_e164(std::string_view s) {
    return s.size() >= 3 && s.size() <= 16 && s[0] == '+' && s[1] != '0' && all_digits(s.substr(1));
}

/// Decoded size of a base64 string (data: URL prefix allowed), or -1 when it is not base64.
inline long long base64_size(std::string_view s) {
    if (s.rfind("data:", 0) == 0) {
        const auto comma = s.find(',');
        if (comma == std::string_view::npos) return -1;
        s.remove_prefix(comma + 1);
    }
    long long chars = 0, pad = 0;
    for (char c : s) {
        if (c == '\n' || c == '\r') continue;
        if (c == '=') {
            ++pad;
            continue;
        }
        if (pad) return -1;
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                        c == '/' || c == '-' || c == '_';
        if (!ok) return -1;
        ++chars;
    }
    if (chars == 0 || pad > 2) return -1;
    return chars * 3 / 4;
}

inline std::string base64url(std::string_view in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t buf = 0;
    int bits = 0;
    for (char ch : in) {
        buf = (buf << 8) | static_cast<unsigned char>(ch);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buf >> bits) & 0x3Fu];
        }
    }
    if (bits > 0) out += kAlphabet[(buf << (6 - bits)) & 0x3Fu];
    return out;
}
inline bool unbase64url(std::string_view in, std::string& out) {
    std::uint32_t buf = 0;
    int bits = 0;
    for (char c : in) {
        int v = -1;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return false;
        buf = (buf << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buf >> bits) & 0xFFu);
        }
    }
    return true;
}

inline std::string html_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Sessions and their workflows

inline Workflow* workflow_of(App& app, const Session& s) {
    Workflow* best = nullptr;
    for (auto& w : app.workflows) {
        if (w.uuid == s.workflow_uuid) return &w;
        if (w.group_id == s.workflow_id && (!best || w.version > best->version)) best = &w;
    }
    return best;
}

inline bool workflow_is_kyb(const Workflow& w) {
    if (w.workflow_type == "kyb") return true;
    for (const auto& f : w.features)
        if (f.rfind("KYB_", 0) == 0) return true;
    return false;
}

inline std::int64_t expiration_seconds(const Workflow* w) {
    if (w) {
        const Json* v = member(w->record, "session_expiration_time");
        if (v && v->is_number_integer() && v->get<long long>() > 0) return v->get<long long>();
    }
    return 604800;  // 7 days, the workflows' default (workflows-list-1.json)
}

/// The session of the caller's application, or nullptr.
inline Session* own_session(Context& ctx) {
    return ctx.app && !ctx.request.params.empty() ? find_session(*ctx.app, ctx.request.params[0]) : nullptr;
}

inline void erase_session(App& app, const std::string& id) {
    app.sessions.erase(
        std::remove_if(app.sessions.begin(), app.sessions.end(), [&](const Session& s) { return s.id == id; }),
        app.sessions.end());
}

/// A `status.updated` event for the session's current state (https://docs.didit.me webhooks): the decision on
/// Approved/Declined/In Review/Abandoned, `resubmit_info` on Resubmitted; KYB adds its keys.
inline void emit_status(Context& ctx, App& app, Session& s, const Json& resubmit_info = nullptr) {
    refresh_decision(s);
    Json p = Json::object();
    p["webhook_type"] = "status.updated";
    p["session_id"] = s.id;
    p["status"] = s.status;
    p["workflow_id"] = s.workflow_id;
    p["workflow_version"] = s.workflow_version;
    p["vendor_data"] = s.has_vendor_data ? Json(s.vendor_data) : Json(nullptr);
    p["metadata"] = s.metadata;
    p["environment"] = environment_of(app);
    if (s.status == "Approved" || s.status == "Declined" || s.status == "In Review" || s.status == "Abandoned")
        p["decision"] = s.decision;
    if (s.status == "Resubmitted") p["resubmit_info"] = resubmit_info;
    if (s.kind == "business") {
        p["session_kind"] = "business";
        p["business_session_id"] = s.id;
        p["vendor_business_id"] = p["vendor_data"];
    }
    ctx.emit(app, std::move(p));
}

/// An entry of the session's activity feed (OpenAPI reviews item).
inline Json activity(Context& ctx, const std::string& actor_display, const std::string& actor_type,
                     const Json& previous_status, const Json& new_status, const Json& comment, bool status_change) {
    Json a = Json::object();
    a["uuid"] = ctx.uuid();
    a["activity_type"] = "STATUS_UPDATED";
    a["actor_display"] = actor_display;
    a["actor_email"] = nullptr;
    a["actor_type"] = actor_type;
    a["new_status"] = new_status;
    a["previous_status"] = previous_status;
    a["comment"] = comment;
    a["mentioned_emails"] = Json::array();
    a["previous_value"] = status_change ? Json{{"status", previous_status}} : Json(nullptr);
    a["new_value"] = status_change ? Json{{"status", new_status}} : Json(nullptr);
    a["changed_fields"] = status_change ? Json::array({"status"}) : Json::array();
    a["metadata"] = nullptr;
    a["created_at"] = ctx.now_iso();
    return a;
}

/// The 201 body of session create (OpenAPI example + `session_kind`).
inline Json created_body(const Session& s) {
    return Json{{"session_id", s.id},
                {"session_number", s.number},
                {"session_token", s.token},
                {"url", string_or(s.data, "url")},
                {"vendor_data", s.has_vendor_data ? Json(s.vendor_data) : Json(nullptr)},
                {"metadata", s.metadata},
                {"status", s.status},
                {"workflow_id", s.workflow_id},
                {"workflow_version", s.workflow_version},
                {"callback", value_or_null(s.data, "callback")},
                {"session_kind", s.kind}};
}

// ---------------------------------------------------------------------------------------------
// POST /v3/session/

// NOLINTNEXTLINE(readability-function-cognitive-complexity): field-by-field body validation in the API's order
inline Reply create_session(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;

    std::string workflow_id;
    const Json* wid = member(b, "workflow_id");
    if (!wid || wid->is_null())
        errs.add("workflow_id", "This field is required.");
    else if (!wid->is_string() || !is_uuid(lower(wid->get<std::string>())))
        errs.add("workflow_id", "Must be a valid UUID.");
    else
        workflow_id = lower(wid->get<std::string>());

    std::string vendor_data;
    bool has_vendor = false;
    if (const Json* v = member(b, "vendor_data"); v && !v->is_null()) {
        if (!v->is_string())
            errs.add("vendor_data", "Not a valid string.");
        else if (!v->get_ref<const std::string&>().empty()) {
            vendor_data = v->get<std::string>();
            has_vendor = true;
        }
    }
    Json callback = nullptr;
    if (const Json* v = member(b, "callback"); v && !v->is_null()) {
        if (!v->is_string() || !looks_like_url(v->get_ref<const std::string&>()))
            errs.add("callback", "Enter a valid URL.");
        else
            callback = *v;
    }
    std::string callback_method = "initiator";
    if (const Json* v = member(b, "callback_method"); v && !v->is_null()) {
        if (!v->is_string() || (*v != "initiator" && *v != "completer" && *v != "both"))
            errs.add("callback_method", not_a_choice(*v));
        else
            callback_method = v->get<std::string>();
    }
    const Json* metadata = member(b, "metadata");
    std::string language;
    if (const Json* v = member(b, "language"); v && !v->is_null()) {
        if (!v->is_string() || !languages().count(v->get<std::string>()))
            errs.add("language", not_a_choice(*v));
        else
            language = v->get<std::string>();
    }

    // contact_details: nested serializer, so its errors nest (DRF).
    Json contact = nullptr;
    if (const Json* v = member(b, "contact_details"); v && !v->is_null()) {
        if (!v->is_object()) {
            errs.set("contact_details", not_a_dict(*v));
        } else {
            Json ce = Json::object();
            contact = Json{
                {"email", nullptr}, {"email_lang", nullptr}, {"send_notification_emails", false}, {"phone", nullptr}};
            if (const Json* e = member(*v, "email"); e && !e->is_null()) {
                if (!e->is_string() || !looks_like_email(e->get_ref<const std::string&>()))
                    ce["email"] = Json::array({"Enter a valid email address."});
                else
                    contact["email"] = *e;
            }
            if (const Json* e = member(*v, "send_notification_emails"); e && !e->is_null()) {
                if (!e->is_boolean())
                    ce["send_notification_emails"] = Json::array({"Must be a valid boolean."});
                else
                    contact["send_notification_emails"] = *e;
            }
            if (const Json* e = member(*v, "email_lang"); e && !e->is_null()) {
                if (!e->is_string() || !languages().count(e->get<std::string>()))
                    ce["email_lang"] = Json::array({not_a_choice(*e)});
                else
                    contact["email_lang"] = *e;
            }
            if (const Json* e = member(*v, "phone"); e && !e->is_null()) {
                if (!e->is_string() || !is_e164(e->get_ref<const std::string&>()))
                    ce["phone"] = Json::array({"Enter a valid phone number in E.164 format (e.g. +14155552671)."});
                else
                    contact["phone"] = *e;
            }
            if (!ce.empty()) errs.set("contact_details", ce);
        }
    }

    Json expected = nullptr;
    if (const Json* v = member(b, "expected_details"); v && !v->is_null()) {
        if (!v->is_object()) {
            errs.set("expected_details", not_a_dict(*v));
        } else {
            Json ee = Json::object();
            expected = Json::object();
            static const std::vector<std::pair<const char*, std::size_t>> strings = {
                {"first_name", 255}, {"last_name", 255},    {"nationality", 3},       {"country", 3},
                {"id_country", 3},   {"poa_country", 3},    {"address", 1000},        {"identification_number", 100},
                {"ip_address", 64},  {"company_name", 255}, {"registry_country", 10}, {"registration_number", 100}};
            for (const auto& f : strings) {
                const Json* e = member(*v, f.first);
                if (!e || e->is_null()) continue;
                if (!e->is_string())
                    ee[f.first] = Json::array({"Not a valid string."});
                else if (e->get_ref<const std::string&>().size() > f.second)
                    ee[f.first] = Json::array(
                        {"Ensure this field has no more than " + std::to_string(f.second) + " characters."});
                else
                    expected[f.first] = *e;
            }
            if (const Json* e = member(*v, "date_of_birth"); e && !e->is_null()) {
                if (!e->is_string() || !is_date(e->get_ref<const std::string&>()))
                    ee["date_of_birth"] =
                        Json::array({"Date has wrong format. Use one of these formats instead: YYYY-MM-DD."});
                else
                    expected["date_of_birth"] = *e;
            }
            if (const Json* e = member(*v, "gender")) {
                if (!e->is_null() && (!e->is_string() || (*e != "M" && *e != "F")))
                    ee["gender"] = Json::array({not_a_choice(*e)});
                else
                    expected["gender"] = *e;
            }
            if (const Json* e = member(*v, "expected_document_types"); e && !e->is_null()) {
                static const std::set<std::string> docs = {"P", "ID", "DL", "RP", "HIC", "TC", "SSC"};
                if (!e->is_array()) {
                    ee["expected_document_types"] =
                        Json::array({std::string("Expected a list of items but got type \"") + e->type_name() + "\"."});
                } else {
                    Json out = Json::array();
                    for (const auto& d : *e) {
                        // Case-insensitive (OpenAPI); stored upper-case.
                        if (!d.is_string() || !docs.count(upper(d.get<std::string>()))) {
                            ee["expected_document_types"] = Json::array({not_a_choice(d)});
                            break;
                        }
                        out.push_back(upper(d.get<std::string>()));
                    }
                    expected["expected_document_types"] = out;
                }
            }
            if (expected.contains("address") && !expected.contains("country") && !expected.contains("poa_country"))
                ee["address"] = Json::array({"country or poa_country is required when address is provided."});
            if (!ee.empty()) errs.set("expected_details", ee);
        }
    }

    if (const Json* v = member(b, "portrait_image"); v && !v->is_null()) {
        const long long size = v->is_string() ? base64_size(v->get_ref<const std::string&>()) : -1;
        if (size < 0)
            errs.add("portrait_image", "Invalid base64 image.");
        else if (size > 2LL * 1024 * 1024)  // 2 MB (the OpenAPI; an older 1 MB limit is outdated)
            errs.add("portrait_image", "Image size exceeds 2MB.");
    }
    if (const Json* v = member(b, "sandbox_scenario"); v && !v->is_null() && !v->is_string())
        errs.add("sandbox_scenario", "Not a valid string.");
    if (!errs.empty()) return errs.reply();

    Workflow* wf = find_published_workflow(app, workflow_id);
    if (!wf) return json_reply(400, Json{{"workflow_id", "Invalid workflow_id."}});  // string shape (OpenAPI)

    if (has_vendor) {
        auto it = app.users.find(vendor_data);
        bool blocked = it != app.users.end() && string_or(it->second.record, "status") == "BLOCKED";
        for (const auto& biz : app.businesses)
            blocked = blocked || (biz.vendor_data == vendor_data && string_or(biz.record, "status") == "BLOCKED");
        if (blocked)
            return json_reply(400, Json{{"vendor_data",
                                         "This user or business has been blocked and cannot create new verification "
                                         "sessions."}});  // OpenAPI example "Blocklisted vendor_data"
        // Idempotency (OpenAPI): an unfinished session of this vendor_data on the latest
        // published version is returned again, callback/metadata updated, nothing charged.
        for (auto& s : app.sessions) {
            if (!s.has_vendor_data || s.vendor_data != vendor_data || s.workflow_id != wf->group_id ||
                s.workflow_version != wf->version || !is_unfinished(s.status))
                continue;
            if (member(b, "callback")) s.data["callback"] = callback;
            if (metadata) s.metadata = *metadata;
            refresh_decision(s);
            return json_reply(201, created_body(s));
        }
    }

    // Credits: the workflow's price per session, debited now (too few credits: 400 + detail).
    // The simulator charges in every environment so that billing can be tested.
    const auto cost = static_cast<std::int64_t>(std::llround(wf->price * 10000.0));
    if (cost > 0 && app.balance < cost)
        return detail_error(400,
                            "You don't have enough credits to perform this request. Please top up at "
                            "https://business.didit.me");
    app.balance -= cost > 0 ? cost : 0;

    Session s;
    s.id = ctx.uuid();
    s.number = ctx.state.next_session_number++;
    s.token = ctx.token(12);
    s.kind = workflow_is_kyb(*wf) ? "business" : "user";
    s.status = "Not Started";
    s.vendor_data = vendor_data;
    s.has_vendor_data = has_vendor;
    s.workflow_id = wf->group_id;
    s.workflow_uuid = wf->uuid;
    s.workflow_version = wf->version;
    s.created = ctx.now();
    s.created_at = iso_time(s.created);
    s.metadata = metadata ? *metadata : Json(nullptr);
    s.data["url"] = ctx.url((language.empty() ? std::string() : "/" + language) + "/session/" + s.token);
    s.data["language"] = language.empty() ? Json(nullptr) : Json(language);
    s.data["callback"] = callback;
    s.data["callback_method"] = callback_method;
    s.data["nodes"] = workflow_nodes(*wf, s.kind == "business");
    s.expires = s.created + std::chrono::seconds(expiration_seconds(wf));
    s.data["expires_at"] = iso_time(s.expires);
    s.data["cost"] = cost;
    s.data["has_portrait"] = member(b, "portrait_image") != nullptr;
    if (s.kind == "business") {
        // KYB ignores the person fields and the phone (OpenAPI).
        if (contact.is_object()) contact["phone"] = nullptr;
        if (expected.is_object()) {
            Json kyb = Json::object();
            for (const char* k : {"company_name", "registry_country", "registration_number"})
                if (expected.contains(k)) kyb[k] = expected[k];
            expected = kyb;
        }
    }
    s.data["contact_details"] = contact;
    s.data["expected_details"] = expected;
    if (has_vendor)
        s.data["didit_internal_id"] = touch_user(ctx, app, vendor_data).didit_internal_id;
    else
        s.data["didit_internal_id"] = ctx.uuid();
    s.decision = empty_decision(app, s);
    refresh_decision(s);
    if (contact.is_object() && contact["send_notification_emails"] == true && contact["email"].is_string())
        ctx.send_email(contact["email"].get<std::string>(), "Complete your verification: " + string_or(s.data, "url"),
                       "");
    Json body = created_body(s);
    app.sessions.push_back(std::move(s));
    return json_reply(201, body);
}

// ---------------------------------------------------------------------------------------------
// GET /v3/sessions/

/// The identity the session's ID verification produced (null fields before it ran).
inline const Json* id_item(const Session& s) {
    const Json* arr = member(s.decision, "id_verifications");
    return arr && arr->is_array() && !arr->empty() ? &arr->front() : nullptr;
}

inline Json kyc_row(const Session& s) {
    const Json* idv = id_item(s);
    Json features = Json::array();
    std::set<std::string> seen;
    if (const Json* nodes = member(s.data, "nodes"); nodes && nodes->is_array())
        for (const auto& n : *nodes) {
            const DecisionFeature* f = decision_feature(string_or(n, "feature"));
            if (!f || !seen.insert(f->decision).second) continue;
            features.push_back({{"feature", f->decision},
                                {"status", node_status(s, string_or(n, "feature"), string_or(n, "node_id"))}});
        }
    Json phone = nullptr, email = nullptr, details = Json::object();
    if (const Json* arr = member(s.decision, "phone_verifications"); arr && arr->is_array() && !arr->empty())
        phone = {{"number", value_or_null(arr->front(), "full_number")},
                 {"is_verified", string_or(arr->front(), "status") == "Approved"}};
    if (const Json* arr = member(s.decision, "email_verifications"); arr && arr->is_array() && !arr->empty())
        email = {{"email", value_or_null(arr->front(), "email")},
                 {"is_verified", string_or(arr->front(), "status") == "Approved"}};
    if (const Json* arr = member(s.decision, "aml_screenings"); arr && arr->is_array() && !arr->empty())
        details["aml"] = {{"total_hits", value_or_null(arr->front(), "total_hits")},
                          {"entity_type", "person"},
                          {"is_adverse_media_fetched", false}};
    if (const Json* arr = member(s.decision, "liveness_checks"); arr && arr->is_array() && !arr->empty())
        details["liveness"] = {{"method", value_or_null(arr->front(), "method")},
                               {"score", value_or_null(arr->front(), "score")}};
    if (const Json* arr = member(s.decision, "face_matches"); arr && arr->is_array() && !arr->empty())
        details["face_match"] = {{"score", value_or_null(arr->front(), "score")}};
    Json portrait = idv ? value_or_null(*idv, "portrait_image") : Json(nullptr);
    if (portrait.is_null())
        if (const Json* arr = member(s.decision, "liveness_checks"); arr && arr->is_array() && !arr->empty())
            portrait = value_or_null(arr->front(), "reference_image");
    return Json{{"session_id", s.id},
                {"session_kind", "user"},
                {"session_number", s.number},
                {"session_url", string_or(s.data, "url")},
                {"portrait_image", portrait},
                {"document_type", idv ? value_or_null(*idv, "document_type") : Json(nullptr)},
                {"full_name", idv ? value_or_null(*idv, "full_name") : Json(nullptr)},
                {"country", idv ? value_or_null(*idv, "issuing_state") : Json(nullptr)},
                {"status", s.status},
                {"vendor_data", s.has_vendor_data ? Json(s.vendor_data) : Json(nullptr)},
                {"didit_internal_id", value_or_null(s.data, "didit_internal_id")},
                {"created_at", s.created_at},
                {"features", features},
                {"phone_number", phone},
                {"email_address", email},
                {"additional_details", details.empty() ? Json(nullptr) : details}};
}

inline Json kyb_row(App& app, const Session& s) {
    const Workflow* wf = workflow_of(app, s);
    Json company = nullptr;
    if (const Json* arr = member(s.decision, "registry_checks"); arr && arr->is_array() && !arr->empty())
        if (const Json* c = member(arr->front(), "company")) company = *c;
    const Json* ed = member(s.data, "expected_details");
    auto pick = [&](const char* from_company, const char* from_expected) -> Json {
        if (company.is_object() && company.contains(from_company)) return company[from_company];
        return ed ? value_or_null(*ed, from_expected) : Json(nullptr);
    };
    return Json{{"session_id", s.id},
                {"session_kind", "business"},
                {"session_number", s.number},
                {"status", s.status},
                {"vendor_data", s.has_vendor_data ? Json(s.vendor_data) : Json(nullptr)},
                {"created_at", s.created_at},
                {"workflow_id", s.workflow_id},
                {"workflow_type", "kyb"},
                {"workflow_label", wf ? value_or_null(wf->record, "workflow_label") : Json(nullptr)},
                {"company_name", pick("company_name", "company_name")},
                {"registration_number", pick("registration_number", "registration_number")},
                {"country", pick("country_code", "registry_country")}};
}

inline std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= v.size()) {
        auto j = v.find(',', i);
        if (j == std::string::npos) j = v.size();
        std::string part = v.substr(i, j - i);
        while (!part.empty() && part.front() == ' ') part.erase(part.begin());
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (!part.empty()) out.push_back(part);
        i = j + 1;
    }
    return out;
}

inline bool contains_ci(const std::string& hay, const std::string& needle) {
    return lower(hay).find(lower(needle)) != std::string::npos;
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): one flat filter per documented query parameter
inline Reply list_sessions(Context& ctx) {
    App& app = *ctx.app;
    const Request& rq = ctx.request;
    std::string kind = "user";
    if (const std::string* v = rq.query_value("session_kind")) {
        if (*v != "user" && *v != "business" && *v != "all") return field_error("session_kind", not_a_choice(Json(*v)));
        kind = *v;
    }
    std::string date_from, date_to;
    if (const std::string* v = rq.query_value("date_from")) {
        if (!is_date(*v)) return field_error("date_from", "Enter a valid date.");
        date_from = *v;
    }
    if (const std::string* v = rq.query_value("date_to")) {
        if (!is_date(*v)) return field_error("date_to", "Enter a valid date.");
        date_to = *v;
    }
    std::string internal_id;
    if (const std::string* v = rq.query_value("didit_internal_id")) {
        if (!is_uuid(lower(*v))) return field_error("didit_internal_id", "Must be a valid UUID.");
        internal_id = lower(*v);
    }
    auto list_param = [&](const char* name) -> std::optional<std::vector<std::string>> {
        const std::string* v = rq.query_value(name);
        if (!v) return std::nullopt;
        return split_list(*v);
    };
    const auto statuses = list_param("status");
    const auto workflows = list_param("workflow_id");
    const auto countries = list_param("country");
    const auto doc_types = list_param("document_type");
    const std::string* vendor = rq.query_value("vendor_data");
    const std::string* search = rq.query_value("search");

    auto in = [](const std::optional<std::vector<std::string>>& list, const std::string& v) {
        if (!list) return true;
        for (const auto& x : *list)
            if (x == v) return true;
        return false;
    };
    auto common = [&](const Session& s, bool kyb) {
        if (statuses && !in(statuses, s.status)) return false;
        if (workflows) {
            bool hit = false;
            for (const auto& w : *workflows) hit = hit || lower(w) == s.workflow_id || lower(w) == s.workflow_uuid;
            if (!hit) return false;
        }
        if (vendor && (!s.has_vendor_data || s.vendor_data != *vendor)) return false;
        const std::string day = s.created_at.substr(0, 10);
        if (!date_from.empty() && day < date_from) return false;
        // KYB's date_to is an exclusive midnight, KYC's an inclusive day, as the API filters them.
        if (!date_to.empty() && (kyb ? day >= date_to : day > date_to)) return false;
        return true;
    };

    std::vector<const Session*> ordered;
    for (const auto& s : app.sessions) ordered.push_back(&s);
    std::sort(ordered.begin(), ordered.end(), [](const Session* a, const Session* b) { return a->number > b->number; });

    std::vector<Json> kyc, kyb;
    for (const Session* s : ordered) {
        const bool business = s->kind == "business";
        if ((business && kind == "user") || (!business && kind == "business")) continue;
        if (!common(*s, business)) continue;
        if (!business) {
            Json row = kyc_row(*s);
            if (countries && !(row["country"].is_string() && in(countries, row["country"].get<std::string>())))
                continue;
            if (doc_types) {
                const Json* idv = id_item(*s);
                const std::string code = idv ? identity_of(*s).doc_code : std::string();
                if (code.empty() || !in(doc_types, code)) continue;
            }
            if (!internal_id.empty() && string_or(s->data, "didit_internal_id") != internal_id) continue;
            if (search && !search->empty()) {
                const std::string& q = *search;
                bool hit = false;
                if (is_uuid(lower(q))) {
                    hit = s->id == lower(q);
                } else if (all_digits(q)) {
                    hit = std::to_string(s->number).rfind(q, 0) == 0;
                    if (const Json* idv = id_item(*s)) hit = hit || contains_ci(string_or(*idv, "document_number"), q);
                    hit = hit ||
                          (row["phone_number"].is_object() && contains_ci(string_or(row["phone_number"], "number"), q));
                } else if (q.find('@') != std::string::npos) {
                    const Json* cd = member(s->data, "contact_details");
                    const std::string mail = cd ? string_or(*cd, "email") : std::string();
                    hit = !mail.empty() && lower(mail).rfind(lower(q), 0) == 0;
                } else {
                    hit = contains_ci(string_or(row, "full_name"), q) ||
                          (s->has_vendor_data && contains_ci(s->vendor_data, q));
                }
                if (!hit) continue;
            }
            kyc.push_back(std::move(row));
        } else {
            Json row = kyb_row(app, *s);
            if (countries && !(row["country"].is_string() && in(countries, row["country"].get<std::string>())))
                continue;
            if (search && !search->empty()) {
                const std::string& q = *search;
                const bool hit = (is_uuid(lower(q)) && s->id == lower(q)) ||
                                 (all_digits(q) && std::to_string(s->number).rfind(q, 0) == 0) ||
                                 contains_ci(string_or(row, "company_name"), q) ||
                                 contains_ci(string_or(row, "registration_number"), q) ||
                                 (s->has_vendor_data && contains_ci(s->vendor_data, q));
                if (!hit) continue;
            }
            // Filters that only exist for KYC rows leave no KYB row.
            if (doc_types || !internal_id.empty()) continue;
            kyb.push_back(std::move(row));
        }
    }
    // KYB counts are capped at 100 (OpenAPI: "count is capped at 100 for KYB rows").
    auto cap = [](Json& env) {
        if (env["count"].is_number_integer() && env["count"].get<long long>() > 100) env["count"] = 100;
    };
    if (kind == "user") return paginate(ctx, std::move(kyc));
    if (kind == "business") {
        Reply r = paginate(ctx, std::move(kyb));
        if (r.status != 200) return r;
        Json env = Json::parse(r.body, nullptr, false);
        if (env.is_object()) cap(env);
        return json_reply(200, env);
    }
    // "all": this page of KYC rows, then this page of KYB rows (up to 2 × limit, S3).
    Reply a = paginate(ctx, std::move(kyc));
    if (a.status != 200) return a;
    Reply bz = paginate(ctx, std::move(kyb));
    Json ea = Json::parse(a.body, nullptr, false), eb = Json::parse(bz.body, nullptr, false);
    if (!ea.is_object() || !eb.is_object()) return detail_error(500, "A server error occurred.");
    cap(eb);
    Json env = Json::object();
    env["count"] = ea["count"].get<long long>() + eb["count"].get<long long>();
    env["next"] = ea["next"].is_null() ? eb["next"] : ea["next"];
    env["previous"] = ea["previous"].is_null() ? eb["previous"] : ea["previous"];
    Json results = ea["results"];
    for (auto& r : eb["results"]) results.push_back(r);
    env["results"] = std::move(results);
    return json_reply(200, env);
}

// ---------------------------------------------------------------------------------------------
// Deletes

/// One deleted session's entry (the delete routes reply 200 with these).
inline Json deletion_result(Context& ctx, const Session& s, bool retain_face) {
    const bool has_face = s.decision.is_object() &&
                          (member(s.decision, "liveness_checks") || member(s.decision, "id_verifications")) &&
                          (!value_or_null(s.decision, "liveness_checks").is_null() ||
                           !value_or_null(s.decision, "id_verifications").is_null());
    const bool retained = retain_face && has_face;
    return Json{{"session_id", s.id},
                {"session_number", s.number},
                {"face_retention_outcome", retained ? "retained" : "not_retained"},
                {"biometric_template_uuid", retained ? Json(ctx.uuid()) : Json(nullptr)}};
}

inline Reply delete_session(Context& ctx) {
    Session* s = own_session(ctx);
    if (!s) return not_found();
    const Json& b = ctx.request.json;
    FieldErrors errs;
    if (const Json* v = member(b, "retain_face_embeddings"); v && !v->is_null() && !v->is_boolean())
        errs.add("retain_face_embeddings", "Must be a valid boolean.");
    if (const Json* v = member(b, "face_retention_days"); v && !v->is_null()) {
        if (!v->is_number_integer())
            errs.add("face_retention_days", "A valid integer is required.");
        else if (v->get<long long>() < 1)
            errs.add("face_retention_days", "Ensure this value is greater than or equal to 1.");
        else if (v->get<long long>() > 3650)
            errs.add("face_retention_days", "Ensure this value is less than or equal to 3650.");
    }
    if (const Json* v = member(b, "deletion_instruction");
        v && !v->is_null() && (!v->is_string() || (*v != "operational_session_delete" && *v != "privacy_erasure")))
        errs.add("deletion_instruction", not_a_choice(*v));
    if (const Json* v = member(b, "face_retention_deadline"); v && !v->is_null() && !v->is_string())
        errs.add("face_retention_deadline", "Enter a valid date.");
    if (const Json* v = member(b, "instruction_id"); v && !v->is_null() && !v->is_string())
        errs.add("instruction_id", "Not a valid string.");
    if (!errs.empty()) return errs.reply();
    // The documented 200 reply (an older OpenAPI said 204; the SDK reads both).
    Json out = deletion_result(ctx, *s, bool_or(b, "retain_face_embeddings", false));
    erase_session(*ctx.app, s->id);
    return json_reply(200, out);
}

inline Reply batch_delete(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    std::vector<std::int64_t> numbers;
    const bool all = bool_or(b, "delete_all", false);
    if (const Json* v = member(b, "delete_all"); v && !v->is_null() && !v->is_boolean())
        return field_error("delete_all", "Must be a valid boolean.");
    if (!all) {
        const Json* v = member(b, "session_numbers");
        if (!v || v->is_null())
            return field_error("session_numbers", "This field is required unless delete_all is true.");
        if (!v->is_array())
            return field_error("session_numbers",
                               std::string("Expected a list of items but got type \"") + v->type_name() + "\".");
        if (v->empty()) return field_error("session_numbers", "This list may not be empty.");
        for (const auto& n : *v) {
            // Digit strings; JSON integers are coerced (OpenAPI).
            if (n.is_number_unsigned() || (n.is_number_integer() && n.get<long long>() >= 0)) {
                numbers.push_back(n.get<std::int64_t>());
            } else if (n.is_string() && all_digits(n.get_ref<const std::string&>()) &&
                       n.get_ref<const std::string&>().size() <= 18) {
                numbers.push_back(std::stoll(n.get<std::string>()));
            } else {
                return field_error("session_numbers", "All session_numbers must be numeric.");
            }
        }
    }
    Json results = Json::array();
    std::vector<std::string> gone;
    for (const auto& s : app.sessions) {
        if (s.kind != "user") continue;  // KYC only (OpenAPI)
        if (!all && std::find(numbers.begin(), numbers.end(), s.number) == numbers.end()) continue;
        results.push_back(deletion_result(ctx, s, false));
        gone.push_back(s.id);
    }
    for (const auto& id : gone) erase_session(app, id);
    return json_reply(200, Json{{"results", results}});
}

// ---------------------------------------------------------------------------------------------
// PATCH /v3/session/{id}/update-status/

// NOLINTNEXTLINE(readability-function-cognitive-complexity): the API's status transition rules, checked in order
inline Reply update_status(Context& ctx) {
    App& app = *ctx.app;
    Session* s = own_session(ctx);
    if (!s) return not_found();
    // The eligible-state check runs before body validation (OpenAPI).
    static const std::vector<std::string> allowed = {"Approved",    "Declined",  "In Review",
                                                     "Kyc Expired", "Abandoned", "Resubmitted"};
    if (std::find(allowed.begin(), allowed.end(), s->status) == allowed.end())
        return detail_error(400,
                            "Only sessions with status Approved, Declined, In Review, Kyc Expired, Abandoned, "
                            "Resubmitted can be updated. Current status: " +
                                s->status);
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string new_status;
    const Json* ns = member(b, "new_status");
    if (!ns || ns->is_null())
        errs.add("new_status", "This field is required.");
    else if (!ns->is_string() || !is_status(ns->get<std::string>()))
        errs.add("new_status", not_a_choice(*ns));
    else if (*ns != "Approved" && *ns != "Declined" && *ns != "Resubmitted")
        errs.add("new_status", "You can only update the status to 'Approved', 'Declined', or 'Resubmitted'.");
    else
        new_status = ns->get<std::string>();
    Json comment = nullptr;
    if (const Json* v = member(b, "comment"); v && !v->is_null()) {
        if (!v->is_string())
            errs.add("comment", "Not a valid string.");
        else
            comment = *v;
    }
    static const std::set<std::string> features = {"OCR",
                                                   "OCR_BACK",
                                                   "NFC",
                                                   "AML",
                                                   "FACE",
                                                   "LIVENESS",
                                                   "FACE_MATCH",
                                                   "IP_ANALYSIS",
                                                   "AGE_ESTIMATION",
                                                   "PROOF_OF_ADDRESS",
                                                   "PHONE_VERIFICATION",
                                                   "EMAIL_VERIFICATION",
                                                   "FACE_SEARCH",
                                                   "DATABASE_VALIDATION",
                                                   "QUESTIONNAIRE",
                                                   "DOCUMENT_AI",
                                                   "KYB_DOCUMENTS",
                                                   "ID_VERIFICATION",
                                                   "POA",
                                                   "PHONE",
                                                   "EMAIL",
                                                   "KYB_REGISTRY",
                                                   "KYB_KEY_PEOPLE",
                                                   "KYB"};
    std::vector<std::pair<std::string, std::string>> nodes;  // (node_id, feature)
    const Json* ntr = member(b, "nodes_to_resubmit");
    if (ntr && !ntr->is_null()) {
        if (!ntr->is_array()) {
            errs.add("nodes_to_resubmit",
                     std::string("Expected a list of items but got type \"") + ntr->type_name() + "\".");
        } else {
            Json items = Json::array();
            bool bad = false;
            for (const auto& it : *ntr) {
                Json e = Json::object();
                if (!it.is_object()) {
                    e["non_field_errors"] = Json::array(
                        {std::string("Invalid data. Expected a dictionary, but got ") + it.type_name() + "."});
                } else {
                    const Json* nid = member(it, "node_id");
                    const Json* feat = member(it, "feature");
                    if (!nid || nid->is_null())
                        e["node_id"] = Json::array({"This field is required."});
                    else if (!nid->is_string() || nid->get_ref<const std::string&>().empty())
                        e["node_id"] = Json::array({"Not a valid string."});
                    if (!feat || feat->is_null())
                        e["feature"] = Json::array({"This field is required."});
                    else if (!feat->is_string() || !features.count(feat->get<std::string>()))
                        // The message lists the choices as the OpenAPI example does.
                        e["feature"] = Json::array(
                            {not_a_choice(*feat) +
                             " Valid choices are: OCR, OCR_BACK, NFC, AML, FACE, LIVENESS, FACE_MATCH, IP_ANALYSIS, "
                             "AGE_ESTIMATION, PROOF_OF_ADDRESS, PHONE_VERIFICATION, EMAIL_VERIFICATION, FACE_SEARCH, "
                             "DATABASE_VALIDATION, QUESTIONNAIRE, KYB_REGISTRY, KYB_DOCUMENTS, KYB_KEY_PEOPLE, "
                             "ID_VERIFICATION, POA, PHONE, EMAIL, KYB"});
                    if (e.empty()) nodes.emplace_back(nid->get<std::string>(), feat->get<std::string>());
                }
                bad = bad || !e.empty();
                items.push_back(e);
            }
            if (bad) errs.set("nodes_to_resubmit", items);
        }
    }
    const bool send_email = bool_or(b, "send_email", false);
    if (const Json* v = member(b, "send_email"); v && !v->is_null() && !v->is_boolean())
        errs.add("send_email", "Must be a valid boolean.");
    std::string email_address;
    if (const Json* v = member(b, "email_address"); v && !v->is_null()) {
        if (!v->is_string() || !looks_like_email(v->get_ref<const std::string&>()))
            errs.add("email_address", "Enter a valid email address.");
        else
            email_address = v->get<std::string>();
    }
    if (send_email && value_or_null(b, "email_address").is_null())
        errs.add("email_address", "Email address is required when send_email is true.");
    if (!errs.empty()) return errs.reply();
    if (new_status == s->status) return bare_error(400, "The new status is the same as the current status.");

    Json resubmit_info = nullptr;
    if (new_status == "Resubmitted") {
        std::vector<std::pair<std::string, std::string>> chosen;  // (node_id, workflow feature)
        if (ntr && ntr->is_array()) {
            std::vector<std::string> refused;
            for (const auto& n : nodes)
                if (n.second == "KYB_REGISTRY" || n.second == "KYB_KEY_PEOPLE" || n.second == "KYB")
                    refused.push_back(n.second);
            if (!refused.empty()) {
                std::string list;
                for (const auto& r : refused) list += (list.empty() ? "" : ", ") + r;
                return json_reply(400, Json{{"nodes_to_resubmit",
                                             "The following features cannot be resubmitted directly: " + list +
                                                 ". Resubmit the relevant child KYC sessions instead; the parent will "
                                                 "recompute automatically."}});
            }
            for (const auto& n : nodes) {
                const DecisionFeature* f = decision_feature(n.second);
                chosen.emplace_back(n.first, f ? f->workflow : n.second);
            }
        } else {
            // Auto-select attempted, non-approved steps of the resubmittable kinds (OpenAPI).
            static const std::set<std::string> auto_kinds = {"OCR",
                                                             "LIVENESS",
                                                             "FACE_MATCH",
                                                             "PROOF_OF_ADDRESS",
                                                             "PHONE_VERIFICATION",
                                                             "EMAIL_VERIFICATION",
                                                             "AML",
                                                             "DATABASE_VALIDATION",
                                                             "QUESTIONNAIRE"};
            if (const Json* all = member(s->data, "nodes"); all && all->is_array())
                for (const auto& n : *all) {
                    const std::string feat = string_or(n, "feature"), nid = string_or(n, "node_id");
                    const DecisionFeature* f = decision_feature(feat);
                    if (!f || !auto_kinds.count(feat)) continue;
                    const Json* arr = member(s->decision, f->array);
                    bool attempted = false;
                    if (arr && arr->is_array())
                        for (const auto& item : *arr) attempted = attempted || string_or(item, "node_id") == nid;
                    const std::string st = node_status(*s, feat, nid);
                    if (attempted && (st == "Declined" || st == "In Review" || st == "Not Finished" || st == "Expired"))
                        chosen.emplace_back(nid, feat);
                }
            if (chosen.empty())
                return json_reply(400, Json{{"nodes_to_resubmit",
                                             "No features found that need resubmission. All features are already "
                                             "approved."}});
        }
        Json list = Json::array(), reasons = Json::object();
        for (const auto& c : chosen) {
            clear_node(*s, c.second, c.first);
            list.push_back({{"node_id", c.first}, {"feature", c.second}});
            reasons[c.first] =
                comment.is_string() ? comment.get<std::string>() : std::string("Please repeat this step.");
        }
        resubmit_info = {{"nodes_to_resubmit", list}, {"reasons", reasons}};
        s->data["resubmit_info"] = resubmit_info;
        // The expiration window restarts (OpenAPI).
        s->expires = ctx.now() + std::chrono::seconds(expiration_seconds(workflow_of(app, *s)));
        s->data["expires_at"] = iso_time(s->expires);
    }
    const std::string previous = s->status;
    s->status = new_status;
    s->reviews.push_back(activity(ctx, "API Client", "API_KEY", previous, new_status, comment, true));
    if (send_email)
        ctx.send_email(email_address,
                       new_status == "Resubmitted" ? "Please resubmit your verification: " + string_or(s->data, "url")
                                                   : "Your verification was " + lower(new_status),
                       "");
    emit_status(ctx, app, *s, resubmit_info);
    return json_reply(200, Json{{"session_id", s->id}});
}

// ---------------------------------------------------------------------------------------------
// GET /v3/session/{id}/generate-pdf/

/// A one-page PDF 1.4 with `lines` in Helvetica (valid cross-reference table).
inline std::string make_pdf(const std::vector<std::string>& lines) {
    auto esc = [](const std::string& s) {
        std::string o;
        for (char c : s) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '(' || c == ')' || c == '\\') o += '\\';
            o += (u < 0x20 || u > 0x7E) ? '?' : c;
        }
        return o;
    };
    std::string content = "BT\n/F1 12 Tf\n14 TL\n72 740 Td\n";
    for (const auto& l : lines) content += "(" + esc(l) + ") Tj T*\n";
    content += "ET\n";
    const char* const page =
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
        ">>";
    std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page,
        "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
    std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (auto off : offsets) {
        char buf[24];
        (void)std::snprintf(buf, sizeof buf, "%010llu 00000 n \n", static_cast<unsigned long long>(off));
        pdf += buf;
    }
    pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

inline Reply generate_pdf(Context& ctx) {
    Session* s = own_session(ctx);
    if (!s) return not_found();
    const bool kyb = s->kind == "business";
    const bool eligible = s->status == "Approved" || s->status == "Declined" || s->status == "In Review" ||
                          (!kyb && s->status == "Kyc Expired");
    if (!eligible)
        return detail_error(403, kyb ? "You can only generate a PDF for sessions in review, declined or approved"
                                     : "You can only generate a PDF for sessions in review, declined, approved or kyc "
                                       "expired");
    std::vector<std::string> lines = {"Didit verification report (simulated)",
                                      "",
                                      "Session: " + s->id,
                                      "Session number: " + std::to_string(s->number),
                                      "Kind: " + std::string(kyb ? "Business (KYB)" : "User (KYC)"),
                                      "Status: " + s->status,
                                      "Vendor data: " + (s->has_vendor_data ? s->vendor_data : std::string("-")),
                                      "Created: " + s->created_at,
                                      "Generated: " + ctx.now_iso(),
                                      "",
                                      "Features:"};
    if (const Json* nodes = member(s->data, "nodes"); nodes && nodes->is_array())
        for (const auto& n : *nodes)
            lines.push_back("  " + string_or(n, "node_id") + ": " +
                            node_status(*s, string_or(n, "feature"), string_or(n, "node_id")));
    Reply r;
    r.status = 200;
    r.content_type = "application/pdf";
    r.body = make_pdf(lines);
    r.headers.set("Content-Disposition", "attachment; filename=\"session-" + s->id + ".pdf\"");
    return r;
}

// ---------------------------------------------------------------------------------------------
// Share and import

/// The HMAC key share tokens of `app` are signed with (never logged, never returned).
inline std::string share_key(const App& app) { return "didit-sim-share|" + app.id + "|" + app.api_key; }

/// A share token's signature: base64url of HMAC-SHA256(share_key(app), signed part); empty if
/// OpenSSL fails, which no token matches.
inline std::string share_signature(const App& app, std::string_view signed_part) {
    const std::string key = share_key(app);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int len = 0;
    if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac.data(),
             &len) == nullptr)
        return {};
    return base64url(std::string_view(reinterpret_cast<const char*>(mac.data()), len));
}

/// An HS256 JWT like Didit's (OpenAPI example payload: session_id, from/for_application_id, iat, exp).
inline std::string make_share_token(const App& from, const Session& s, const std::string& for_app, std::int64_t iat,
                                    std::int64_t exp) {
    const std::string header = base64url(R"({"alg":"HS256","typ":"JWT"})");
    const Json claims = {{"session_id", s.id},
                         {"from_application_id", from.id},
                         {"for_application_id", for_app},
                         {"iat", iat},
                         {"exp", exp}};
    const std::string signing = header + "." + base64url(dump_json(claims));
    return signing + "." + share_signature(from, signing);
}

inline Reply share_session(Context& ctx) {
    App& app = *ctx.app;
    Session* s = own_session(ctx);
    if (!s) return not_found();
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string target;
    const Json* f = member(b, "for_application_id");
    if (!f || f->is_null())
        errs.add("for_application_id", "This field is required.");
    else if (!f->is_string() || !is_uuid(lower(f->get<std::string>())))
        errs.add("for_application_id", "Must be a valid UUID.");
    else if (lower(f->get<std::string>()) == app.id)
        errs.add("for_application_id", "Cannot share a session with the same application.");
    else if (!ctx.state.apps.count(lower(f->get<std::string>())))
        errs.add("for_application_id", "Target application does not exist.");
    else
        target = lower(f->get<std::string>());
    long long ttl = 3600;
    if (const Json* t = member(b, "ttl_in_seconds"); t && !t->is_null()) {
        if (!t->is_number_integer())
            errs.add("ttl_in_seconds", "A valid integer is required.");
        else if (t->get<long long>() < 60)
            errs.add("ttl_in_seconds", "Ensure this value is greater than or equal to 60.");
        else if (t->get<long long>() > 86400)
            errs.add("ttl_in_seconds", "Ensure this value is less than or equal to 86400.");
        else
            ttl = t->get<long long>();
    }
    if (!errs.empty()) return errs.reply();
    if (s->status != "Approved" && s->status != "Declined" && s->status != "In Review")
        return json_reply(400, Json{{"detail", Json::array({"Only finished sessions (\"Approved\", \"Declined\", "
                                                            "\"In Review\") can be shared."})}});
    const auto iat = unix_seconds(ctx.now());
    const std::string token = make_share_token(app, *s, target, iat, iat + ttl);
    return json_reply(200, Json{{"share_token", token}, {"for_application_id", target}, {"session_kind", s->kind}});
}

inline Reply import_shared(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* tok = member(b, "share_token");
    if (!tok || tok->is_null())
        errs.add("share_token", "This field is required.");
    else if (!tok->is_string())
        errs.add("share_token", "Not a valid string.");
    const Json* trust = member(b, "trust_review");
    if (!trust || trust->is_null())
        errs.add("trust_review", "This field is required.");
    else if (!trust->is_boolean())
        errs.add("trust_review", "Must be a valid boolean.");
    const Json* wid = member(b, "workflow_id");
    if (!wid || wid->is_null())
        errs.add("workflow_id", "This field is required.");
    else if (!wid->is_string() || !is_uuid(lower(wid->get<std::string>())))
        errs.add("workflow_id", "Must be a valid UUID.");
    const Json* vd = member(b, "vendor_data");
    if (vd && !vd->is_null() && !vd->is_string()) errs.add("vendor_data", "Not a valid string.");
    if (!errs.empty()) return errs.reply();

    Workflow* wf = find_published_workflow(app, lower(wid->get<std::string>()));
    if (!wf) return detail_error(404, "Workflow does not exist for this application.");

    // Verify the token: three base64url parts, a known issuing application, its signature.
    const std::string& token = tok->get_ref<const std::string&>();
    auto invalid = [] { return field_error("share_token", "Invalid share token."); };
    const auto d1 = token.find('.');
    const auto d2 = d1 == std::string::npos ? std::string::npos : token.find('.', d1 + 1);
    if (d2 == std::string::npos || token.find('.', d2 + 1) != std::string::npos) return invalid();
    std::string claims_text;
    if (!unbase64url(std::string_view(token).substr(d1 + 1, d2 - d1 - 1), claims_text)) return invalid();
    const Json claims = Json::parse(claims_text, nullptr, false);
    if (!claims.is_object()) return invalid();
    auto from_it = ctx.state.apps.find(string_or(claims, "from_application_id"));
    if (from_it == ctx.state.apps.end()) return invalid();
    App& from = from_it->second;
    const std::string signature = share_signature(from, std::string_view(token).substr(0, d2));
    if (signature.empty() || signature != token.substr(d2 + 1)) return invalid();
    const Json* exp = member(claims, "exp");
    if (!exp || !exp->is_number_integer()) return invalid();
    if (unix_seconds(ctx.now()) >= exp->get<std::int64_t>())
        return field_error("share_token", "Share token has expired.");
    // Wrong audience: the OpenAPI's 400 "Wrong audience" example.
    if (string_or(claims, "for_application_id") != app.id)
        return field_error("share_token", "This token is not valid for this application.");
    Session* src = find_session(from, string_or(claims, "session_id"));
    if (!src) return field_error("share_token", "Original session does not exist.");
    if (app.imported_shares.count(src->id))
        return detail_error(403, "This session has already been shared with your application.");

    Session c = *src;
    c.id = ctx.uuid();
    c.number = ctx.state.next_session_number++;
    c.token = ctx.token(12);
    c.workflow_id = wf->group_id;
    c.workflow_uuid = wf->uuid;
    c.workflow_version = wf->version;
    c.created = ctx.now();
    c.created_at = iso_time(c.created);
    c.expires = Clock::time_point{};  // a finished (or In Review) clone: nothing left to expire
    c.reviews.clear();
    if (vd) {
        c.has_vendor_data = vd->is_string();
        c.vendor_data = vd->is_string() ? vd->get<std::string>() : std::string();
    }
    if (!trust->get<bool>()) c.status = "In Review";  // trust_review false forces a review (OpenAPI)
    // The clone has no hosted flow of its own (OpenAPI example: session_url null).
    c.data["url"] = nullptr;
    c.data["didit_internal_id"] =
        c.has_vendor_data ? touch_user(ctx, app, c.vendor_data).didit_internal_id : ctx.uuid();
    c.data["shared_from_session"] = {{"session_id", src->id}, {"application_id", from.id}};
    c.decision["environment"] = environment_of(app);
    refresh_decision(c);
    c.decision["session_url"] = nullptr;
    c.decision["shared_from_session"] = c.data["shared_from_session"];
    app.imported_shares.insert(src->id);
    Json body = c.decision;
    app.sessions.push_back(std::move(c));
    return json_reply(201, body);
}

// ---------------------------------------------------------------------------------------------
// Reviews

inline Session* own_kyc_session(Context& ctx) {
    Session* s = own_session(ctx);
    return s && s->kind == "user" ? s : nullptr;  // KYB ids are 404 here (OpenAPI)
}

inline Reply list_reviews(Context& ctx) {
    Session* s = own_kyc_session(ctx);
    if (!s) return detail_error(404, "Session not found.");
    const std::string* ordering = ctx.request.query_value("ordering");
    std::vector<Json> items(s->reviews.begin(), s->reviews.end());                         // oldest first
    if (!ordering || *ordering != "created_at") std::reverse(items.begin(), items.end());  // default -created_at
    return paginate(ctx, std::move(items));
}

inline Reply create_review(Context& ctx) {
    Session* s = own_kyc_session(ctx);
    if (!s) return detail_error(404, "Session not found.");
    const Json& b = ctx.request.json;
    FieldErrors errs;
    Json new_status = nullptr, comment = nullptr;
    if (const Json* v = member(b, "new_status"); v && !v->is_null()) {
        if (!v->is_string() || !is_status(v->get<std::string>()))
            errs.add("new_status", not_a_choice(*v));
        else
            new_status = *v;
    }
    if (const Json* v = member(b, "comment"); v && !v->is_null()) {
        if (!v->is_string())
            errs.add("comment", "Not a valid string.");
        else
            comment = *v;
    }
    if (!errs.empty()) return errs.reply();
    // Only a label on the audit trail: no status change, no webhook (OpenAPI).
    Json a = activity(ctx, "Unknown", "CONSOLE_USER", nullptr, new_status, comment, false);
    s->reviews.push_back(a);
    refresh_decision(*s);
    return json_reply(
        201,
        Json{{"user", "Unknown"}, {"new_status", new_status}, {"comment", comment}, {"created_at", a["created_at"]}});
}

// ---------------------------------------------------------------------------------------------
// The hosted flow (simulated) and its control routes

inline Reply hosted_page(Context& ctx) {
    const auto& p = ctx.request.params;
    std::string token;
    if (p.size() == 1) {
        token = p[0];
    } else if (p.size() == 2 && languages().count(p[0])) {
        token = p[1];
    } else {
        return not_found();
    }
    Session* s = nullptr;
    for (auto& kv : ctx.state.apps)
        for (auto& sess : kv.second.sessions)
            if (sess.token == token) s = &sess;
    Reply r;
    r.content_type = "text/html; charset=utf-8";
    if (!s) {
        r.status = 404;
        r.body =
            "<!doctype html>\n<html lang=\"en\"><head><title>Session not found</title></head><body>"
            "<h1>Session not found</h1><p>This simulated verification link is unknown or was deleted.</p>"
            "</body></html>\n";
        return r;
    }
    const std::string base = ctx.url("/_sim/sessions/" + s->id);
    std::string curl;
    for (const char* o : {"approved", "declined", "in_review"})
        curl += "curl -X POST " + base + R"(/complete/ -H 'Content-Type: application/json' -d '{"outcome":")" + o +
                "\"}'\n";
    r.status = 200;
    r.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Didit simulator: session " +
             html_escape(std::to_string(s->number)) +
             "</title></head><body>\n<h1>Simulated Didit verification</h1>\n"
             "<p>This is the didit-sim stand-in for the hosted verification flow. No camera, no documents: finish "
             "the session through the simulator's control routes instead.</p>\n<ul>\n<li>Session: <code>" +
             html_escape(s->id) + "</code> (number " + std::to_string(s->number) + ")</li>\n<li>Status: <b>" +
             html_escape(s->status) + "</b></li>\n<li>Kind: " + html_escape(s->kind) +
             "</li>\n<li>Vendor data: " + html_escape(s->has_vendor_data ? s->vendor_data : std::string("(none)")) +
             "</li>\n</ul>\n<p>Finish it as the user would (the session gets a decision and the status.updated "
             "webhook fires):</p>\n<pre>" +
             html_escape(curl) + "</pre>\n<p>Other transitions: POST <code>" + html_escape(base) +
             "/start/</code>, <code>/expire/</code>, <code>/abandon/</code>.</p>\n</body></html>\n";
    return r;
}

/// The session named by a control route (any application) and its owner.
inline Session* control_session(Context& ctx, App*& owner) {
    owner = nullptr;
    return ctx.request.params.empty() ? nullptr : find_session_anywhere(ctx.state, ctx.request.params[0], &owner);
}

/// The platform's expiry: an unfinished session whose `expires_at` has passed becomes Expired,
/// with its status.updated webhook (moving /_sim/clock/ forward gets there without waiting).
inline void expire_due(Context& ctx) {
    const Clock::time_point now = ctx.now();
    for (auto& kv : ctx.state.apps)
        for (Session& s : kv.second.sessions)
            if (s.expires != Clock::time_point{} && now >= s.expires && is_unfinished(s.status)) {
                s.status = "Expired";
                emit_status(ctx, kv.second, s, value_or_null(s.data, "resubmit_info"));
            }
}

inline Reply control_transition(Context& ctx, const std::string& action) {
    App* owner = nullptr;
    Session* s = control_session(ctx, owner);
    if (!s || !owner) return detail_error(404, "Session not found.");
    std::string outcome;
    if (action == "complete") {
        const Json* o = member(ctx.request.json, "outcome");
        if (!o || !o->is_string() || (*o != "approved" && *o != "declined" && *o != "in_review"))
            return field_error("outcome", R"(Must be one of "approved", "declined", "in_review".)");
        outcome = o->get<std::string>();
    }
    const bool from_ok =
        action == "start" ? (s->status == "Not Started" || s->status == "Resubmitted" || s->status == "Awaiting User")
                          : is_unfinished(s->status);
    if (!from_ok)
        return detail_error(400, "Cannot " + action + " a session whose status is " + s->status +
                                     " (only Not Started, In Progress, Resubmitted or Awaiting User sessions can).");
    if (action == "complete") {
        run_features(ctx, *s, outcome);
        s->status = outcome == "approved" ? "Approved" : outcome == "declined" ? "Declined" : "In Review";
    } else if (action == "start") {
        s->status = "In Progress";
    } else if (action == "expire") {
        s->status = "Expired";
    } else if (action == "abandon") {
        // The user left after the first step: that node is "Not Finished", the rest never ran.
        bool any = false;
        for (const char* a : decision_arrays(s->kind == "business"))
            any = any || !value_or_null(s->decision, a).is_null();
        if (!any) run_features(ctx, *s, "approved", true);
        s->status = "Abandoned";
    }
    emit_status(ctx, *owner, *s, value_or_null(s->data, "resubmit_info"));
    return json_reply(200, s->decision);
}

}  // namespace sessions_detail

inline void install_sessions(Router& router) {
    namespace d = sessions_detail;
    router.on_each_request(d::expire_due);
    router.add(Method::Post, "/v3/session/", Auth::ApiKey, d::create_session, Scope::SessionCreate);
    router.add(Method::Get, "/v3/session/{uuid}/decision/", Auth::ApiKey, [](Context& ctx) {
        Session* s = d::own_session(ctx);
        if (!s) return detail_error(404, "Session not found.");
        refresh_decision(*s);
        return json_reply(200, s->decision);
    });
    router.add(Method::Get, "/v3/sessions/", Auth::ApiKey, d::list_sessions);
    router.add(Method::Delete, "/v3/session/{uuid}/delete/", Auth::ApiKey, d::delete_session);
    router.add(Method::Post, "/v3/sessions/delete/", Auth::ApiKey, d::batch_delete);
    router.add(Method::Patch, "/v3/session/{uuid}/update-status/", Auth::ApiKey, d::update_status);
    router.add(Method::Get, "/v3/session/{uuid}/generate-pdf/", Auth::ApiKey, d::generate_pdf, Scope::Pdf);
    // The one session route that answers 401 without credentials (OpenAPI).
    Route& share = router.add(Method::Post, "/v3/session/{uuid}/share/", Auth::ApiKey, d::share_session);
    share.missing_auth_status = 401;
    share.invalid_auth_status = 401;
    router.add(Method::Post, "/v3/session/import-shared/", Auth::ApiKey, d::import_shared);
    router.add(Method::Get, "/v3/sessions/{uuid}/reviews/", Auth::ApiKey, d::list_reviews);
    router.add(Method::Post, "/v3/sessions/{uuid}/reviews/", Auth::ApiKey, d::create_review);

    // The printed session `url` leads here: a page explaining how to finish the session.
    router.add(Method::Get, "/session/{any}", Auth::None, d::hosted_page);
    router.add(Method::Get, "/{any}/session/{any}", Auth::None, d::hosted_page);

    for (const char* action : {"complete", "start", "expire", "abandon"}) {
        const std::string a = action;
        router.add(Method::Post, "/_sim/sessions/{uuid}/" + a + "/", Auth::Control,
                   [a](Context& ctx) { return d::control_transition(ctx, a); });
    }
}

}  // namespace sim
}  // namespace didit
