// SPDX-License-Identifier: MIT
// The simulator's webhook routes: the application-level configuration and the delivery destinations.
#pragma once

// GET/PATCH /v3/webhook/ follow https://docs.didit.me's management API webhook pages (not in
// the OpenAPI) and their five fields; destinations follow the OpenAPI
// (`/v3/webhook/destinations/…`) and its examples (fixtures webhook-destination*.json).
// Deliveries themselves are made by the engine (engine.hpp emit_locked/worker_loop).

#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>
#include <didit/sim/engine.hpp>

namespace didit {
namespace sim {
namespace webhooks_detail {

/// The ten subscribable events (OpenAPI `WebhookEvent`).
inline const std::vector<std::string>& event_types() {
    static const std::vector<std::string> e = {"status.updated",
                                               "data.updated",
                                               "user.status.updated",
                                               "user.data.updated",
                                               "business.status.updated",
                                               "business.data.updated",
                                               "activity.created",
                                               "transaction.created",
                                               "transaction.status.updated",
                                               "travel_rule.status.updated"};
    return e;
}

inline Json field_or_null(const Json& j, std::string_view key) {
    const Json* v = member(j, key);
    return v ? *v : Json(nullptr);
}

inline std::string choice_error(const Json& v) {
    return "\"" + (v.is_string() ? v.get<std::string>() : dump_json(v)) + "\" is not a valid choice.";
}

/// Scheme ("http"/"https") and host of an absolute URL; false when it is not one.
inline bool split_http_url(const std::string& url, std::string& scheme, std::string& host) {
    const auto p = url.find("://");
    if (p == std::string::npos) return false;
    scheme = url.substr(0, p);
    for (auto& c : scheme) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (scheme != "http" && scheme != "https") return false;
    std::string rest = url.substr(p + 3);
    for (char c : rest)
        if (c == ' ' || static_cast<unsigned char>(c) < 0x21) return false;
    auto end = rest.find_first_of("/?#");
    std::string authority = rest.substr(0, end);
    if (auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
    if (!authority.empty() && authority.front() == '[') {
        auto close = authority.find(']');
        if (close == std::string::npos) return false;
        host = authority.substr(0, close + 1);
    } else {
        host = authority.substr(0, authority.find(':'));
    }
    for (auto& c : host) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return !host.empty();
}

inline bool is_loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "[::1]";
}

/// Delivery health of one destination from the engine's records (no timings are kept).
inline Json summary_of(Context& ctx, const Destination& d) {
    long long total = 0, failed = 0;
    for (const auto& del : ctx.engine.deliveries()) {
        if (del.destination != d.uuid || del.attempts == 0) continue;
        ++total;
        if (del.outcome == "failed") ++failed;
    }
    Json s = Json::object();
    s["total_deliveries"] = total;
    s["failed_deliveries"] = failed;
    s["error_rate_percentage"] = total ? static_cast<double>(failed) * 100.0 / static_cast<double>(total) : 0.0;
    s["min_response_time_ms"] = nullptr;
    s["avg_response_time_ms"] = nullptr;
    s["max_response_time_ms"] = nullptr;
    s["last_delivery_at"] = nullptr;
    return s;
}

/// The get/create/update body: record + secret + summary (webhook-destination-get-1.json).
inline Json destination_body(Context& ctx, const Destination& d) {
    Json out = d.record;
    out["uuid"] = d.uuid;
    out["secret_shared_key"] = d.secret;
    out["summary"] = summary_of(ctx, d);
    return out;
}

/// A list row: no secret, flat metrics (webhook-destinations-list-1.json).
inline Json destination_row(Context& ctx, const Destination& d) {
    Json out = d.record;
    out["uuid"] = d.uuid;
    const Json sum = summary_of(ctx, d);
    const Json* events = member(d.record, "subscribed_events");
    out["subscribed_events_count"] = events && events->is_array() ? events->size() : 0;
    out["deliveries_count"] = field_or_null(sum, "total_deliveries");
    out["failed_deliveries_count"] = field_or_null(sum, "failed_deliveries");
    out["average_response_time_ms"] = nullptr;
    out["error_rate_percentage"] = field_or_null(sum, "error_rate_percentage");
    out["last_delivery_at"] = nullptr;
    return out;
}

/// The full configuration (GET and PATCH /v3/webhook/).
inline Json config_body(const App& app) {
    Json endpoints = Json::array();
    for (const auto& d : app.destinations)
        endpoints.push_back({{"uuid", d.uuid},
                             {"label", field_or_null(d.record, "label")},
                             {"url", field_or_null(d.record, "url")},
                             {"enabled", bool_or(d.record, "enabled", true)},
                             {"subscribed_events", field_or_null(d.record, "subscribed_events")}});
    return Json{{"webhook_url", app.webhook_url},
                {"webhook_version", app.webhook_version},
                {"secret_shared_key", app.webhook_secret},
                {"capture_method", app.capture_method},
                {"data_retention_months", app.data_retention_months},
                {"endpoints", endpoints},
                {"subscribed_events_available", event_types()}};
}

/// Didit overwrites the application's webhook_url with the oldest enabled destination's URL
/// whenever a destination changes.
inline void sync_legacy_url(App& app) {
    for (const auto& d : app.destinations)
        if (bool_or(d.record, "enabled", true)) {
            app.webhook_url = field_or_null(d.record, "url");
            return;
        }
}

inline Reply get_config(Context& ctx) { return json_reply(200, config_body(*ctx.app)); }

inline Reply patch_config(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* url = member(b, "webhook_url");
    if (url && !url->is_null()) {
        std::string scheme, host;
        if (!url->is_string() || !split_http_url(url->get<std::string>(), scheme, host))
            errs.add("webhook_url", "Enter a valid URL.");
    }
    const Json* version = member(b, "webhook_version");
    if (version && (!version->is_string() || (*version != "v1" && *version != "v2" && *version != "v3")))
        errs.add("webhook_version", choice_error(*version));
    const Json* rotate = member(b, "rotate_secret_key");
    if (rotate && !rotate->is_null() && !rotate->is_boolean())
        errs.add("rotate_secret_key", "Must be a valid boolean.");
    const Json* capture = member(b, "capture_method");
    if (capture && (!capture->is_string() || (*capture != "mobile" && *capture != "desktop" && *capture != "both")))
        errs.add("capture_method", choice_error(*capture));
    const Json* months = member(b, "data_retention_months");
    if (months && !months->is_null()) {
        if (!months->is_number_integer())
            errs.add("data_retention_months", "A valid integer is required.");
        else if (months->get<long long>() < 1)
            errs.add("data_retention_months", "Ensure this value is greater than or equal to 1.");
        else if (months->get<long long>() > 120)
            errs.add("data_retention_months", "Ensure this value is less than or equal to 120.");
    }
    if (!errs.empty()) return errs.reply();
    if (url) app.webhook_url = url->is_null() ? Json(nullptr) : *url;  // null disables the legacy webhook
    if (version) app.webhook_version = version->get<std::string>();
    if (rotate && rotate->is_boolean() && rotate->get<bool>()) {
        app.webhook_secret = ctx.token(43);  // the old secret stops working at once, as on the platform
        ctx.engine.log("webhook secret rotated for application " + app.id);
    }
    if (capture) app.capture_method = capture->get<std::string>();
    if (months) app.data_retention_months = *months;
    return json_reply(200, config_body(app));
}

inline Destination* find_destination(App& app, const std::string& id) {
    for (auto& d : app.destinations)
        if (d.uuid == id) return &d;
    return nullptr;
}

/// Validates a create (`partial` false) or update body into `rec`; returns the 400 or nothing.
inline std::optional<Reply> apply_destination(App& app, const Json& b, Json& rec, bool partial,
                                              const std::string& self) {
    FieldErrors errs;
    const Json* label = member(b, "label");
    if (!label || label->is_null()) {
        if (!partial || label) errs.add("label", label ? "This field may not be null." : "This field is required.");
    } else if (!label->is_string()) {
        errs.add("label", "Not a valid string.");
    } else if (label->get_ref<const std::string&>().empty()) {
        errs.add("label", "This field may not be blank.");
    } else if (label->get_ref<const std::string&>().size() > 255) {
        errs.add("label", "Ensure this field has no more than 255 characters.");
    }
    const Json* url = member(b, "url");
    if (!url || url->is_null()) {
        if (!partial || url) errs.add("url", url ? "This field may not be null." : "This field is required.");
    } else {
        std::string scheme, host;
        if (!url->is_string() || !split_http_url(url->get<std::string>(), scheme, host)) {
            errs.add("url", "Enter a valid URL.");
        } else if (scheme != "https" && !is_loopback(host)) {
            // Didit requires HTTPS on a public host (OpenAPI, SSRF guard). The simulator's
            // concession: plain http is accepted for loopback hosts (127.0.0.1, localhost,
            // [::1]) so that a receiver on the developer's machine can get deliveries.
            errs.add("url", "Enter a valid HTTPS URL.");
        } else {
            for (const auto& d : app.destinations)
                if (d.uuid != self && string_or(d.record, "url") == url->get_ref<const std::string&>())
                    errs.add("url", "This webhook destination already exists for the application.");
        }
    }
    const Json* enabled = member(b, "enabled");
    if (enabled && !enabled->is_boolean()) errs.add("enabled", "Must be a valid boolean.");
    const Json* version = member(b, "webhook_version");
    if (version && (!version->is_string() || (*version != "v1" && *version != "v2" && *version != "v3")))
        errs.add("webhook_version", choice_error(*version));
    const Json* events = member(b, "subscribed_events");
    if (events) {
        if (!events->is_array()) {
            errs.add("subscribed_events",
                     std::string("Expected a list of items but got type \"") + events->type_name() + "\".");
        } else if (events->empty()) {
            errs.add("subscribed_events", "At least one subscribed event is required.");
        } else {
            std::string unknown;
            for (const auto& e : *events) {
                const std::string name = e.is_string() ? e.get<std::string>() : dump_json(e);
                if (std::find(event_types().begin(), event_types().end(), name) == event_types().end())
                    unknown += (unknown.empty() ? "" : ", ") + name;
            }
            if (!unknown.empty()) errs.add("subscribed_events", "Unsupported webhook events: " + unknown);
        }
    }
    if (!errs.empty()) return errs.reply();
    if (label) rec["label"] = *label;
    if (url) rec["url"] = *url;
    if (enabled) rec["enabled"] = *enabled;
    if (version) rec["webhook_version"] = *version;
    if (events) {
        Json list = Json::array();  // replaces the whole list, without duplicates
        for (const auto& e : *events)
            if (std::find(list.begin(), list.end(), e) == list.end()) list.push_back(e);
        rec["subscribed_events"] = list;
    }
    return std::nullopt;
}

inline Reply create_destination(Context& ctx) {
    App& app = *ctx.app;
    Json rec = Json{{"enabled", true}, {"webhook_version", "v3"}, {"subscribed_events", Json::array()}};
    if (auto err = apply_destination(app, ctx.request.json, rec, false, std::string())) return *err;
    Destination d;
    d.uuid = ctx.uuid();
    d.secret = ctx.token(43);  // 43-character URL-safe token (OpenAPI)
    rec["created_at"] = ctx.now_iso();
    rec["updated_at"] = rec["created_at"];
    d.record = std::move(rec);
    app.destinations.push_back(std::move(d));
    sync_legacy_url(app);
    return json_reply(201, destination_body(ctx, app.destinations.back()));
}

inline Reply destination_not_found() { return detail_error(404, "Webhook destination not found."); }

inline Reply update_destination(Context& ctx) {
    App& app = *ctx.app;
    Destination* d = find_destination(app, ctx.request.params[0]);
    if (!d) return destination_not_found();
    Json rec = d->record;
    if (auto err = apply_destination(app, ctx.request.json, rec, true, d->uuid)) return *err;
    rec["updated_at"] = ctx.now_iso();
    d->record = std::move(rec);
    sync_legacy_url(app);
    return json_reply(200, destination_body(ctx, *d));
}

inline Reply delete_destination(Context& ctx) {
    App& app = *ctx.app;
    const std::string id = ctx.request.params[0];
    if (!find_destination(app, id)) return destination_not_found();
    app.destinations.erase(std::remove_if(app.destinations.begin(), app.destinations.end(),
                                          [&](const Destination& x) { return x.uuid == id; }),
                           app.destinations.end());
    sync_legacy_url(app);
    return no_content();
}

}  // namespace webhooks_detail

inline void install_webhooks(Router& router) {
    namespace w = webhooks_detail;
    router.add(Method::Get, "/v3/webhook/", Auth::ApiKey, w::get_config);
    router.add(Method::Patch, "/v3/webhook/", Auth::ApiKey, w::patch_config);
    router.add(Method::Get, "/v3/webhook/destinations/", Auth::ApiKey, [](Context& ctx) {
        Json out = Json::array();  // unpaginated, oldest first, no secrets (OpenAPI)
        for (const auto& d : ctx.app->destinations) out.push_back(w::destination_row(ctx, d));
        return json_reply(200, out);
    });
    router.add(Method::Post, "/v3/webhook/destinations/", Auth::ApiKey, w::create_destination);
    router.add(Method::Get, "/v3/webhook/destinations/{uuid}/", Auth::ApiKey, [](Context& ctx) {
        Destination* d = w::find_destination(*ctx.app, ctx.request.params[0]);
        return d ? json_reply(200, w::destination_body(ctx, *d)) : w::destination_not_found();
    });
    router.add(Method::Patch, "/v3/webhook/destinations/{uuid}/", Auth::ApiKey, w::update_destination);
    router.add(Method::Delete, "/v3/webhook/destinations/{uuid}/", Auth::ApiKey, w::delete_destination);
}

}  // namespace sim
}  // namespace didit
