// SPDX-License-Identifier: MIT
// Webhook models: the application's webhook configuration and its delivery destinations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>
#include <didit/result.hpp>

namespace didit {

/// Payload schema version Didit sends (`v3` is current; older ones stay for legacy receivers).
DIDIT_ENUM(WebhookVersion, (V1, "v1"), (V2, "v2"), (V3, "v3"));

/// Where the hosted flow may capture documents and selfies.
DIDIT_ENUM(CaptureMethod, (Mobile, "mobile"), (Desktop, "desktop"), (Both, "both"));

/// The events a destination can subscribe to (OpenAPI `WebhookEvent`). The
/// older Didit guides name only the first two. Unknown strings are kept, as in every DIDIT_ENUM.
/// (webhook.hpp has the same list as didit::webhook::WebhookType for incoming deliveries; it
/// is repeated here so the management models do not pull in the OpenSSL-based verifier.)
DIDIT_ENUM(WebhookEvent, (StatusUpdated, "status.updated"), (DataUpdated, "data.updated"),
           (UserStatusUpdated, "user.status.updated"), (UserDataUpdated, "user.data.updated"),
           (BusinessStatusUpdated, "business.status.updated"), (BusinessDataUpdated, "business.data.updated"),
           (ActivityCreated, "activity.created"), (TransactionCreated, "transaction.created"),
           (TransactionStatusUpdated, "transaction.status.updated"),
           (TravelRuleStatusUpdated, "travel_rule.status.updated"));

/// Delivery health of one destination over its lifetime (`summary` of get/create/update).
/// The response times are `null` until the first delivery. OpenAPI types them as integers;
/// they are doubles here so a fractional value from a newer server still decodes.
struct WebhookDeliverySummary {
    std::optional<std::int64_t> total_deliveries{};
    std::optional<std::int64_t> failed_deliveries{};
    std::optional<double> error_rate_percentage{};
    Nullable<double> min_response_time_ms{};
    Nullable<double> avg_response_time_ms{};
    Nullable<double> max_response_time_ms{};
    Nullable<std::string> last_delivery_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WebhookDeliverySummary, total_deliveries, failed_deliveries, error_rate_percentage,
                   min_response_time_ms, avg_response_time_ms, max_response_time_ms, last_delivery_at)

/// A webhook destination: a URL that receives the events it subscribes to, signed with its
/// own secret. Real deliveries are routed per destination (OpenAPI 2026-07; older Didit
/// guides knows only the application-level `webhook_url`).
///
/// Get, create and update return `secret_shared_key` (43-character URL-safe token) and
/// `summary`; the list (OpenAPI) returns no secret but flat metrics (`deliveries_count`,
/// `average_response_time_ms`, …). Newer docs add `secret_last4`, 30-day
/// metrics and a rotation grace period (`previous_secret_expires_at`); anything else lands
/// in `extra`.
struct WebhookDestination {
    std::string uuid{};
    std::optional<std::string> label{};
    std::optional<std::string> url{};
    std::optional<bool> enabled{};
    std::optional<WebhookVersion> webhook_version{};
    /// The HMAC signing secret (get/create/update only; empty for console users without
    /// `read:webhooks`). Never log it.
    std::optional<std::string> secret_shared_key{};
    /// Last four characters of the secret, where the reply hides the rest (newer docs).
    std::optional<std::string> secret_last4{};
    /// While a rotated-out secret is still accepted (newer docs); null when none is.
    Nullable<std::string> previous_secret_expires_at{};
    std::optional<std::vector<WebhookEvent>> subscribed_events{};
    std::optional<std::string> created_at{};
    std::optional<std::string> updated_at{};
    /// Get/create/update: lifetime delivery health.
    std::optional<WebhookDeliverySummary> summary{};
    // List rows (OpenAPI): the same health, flattened.
    std::optional<std::int64_t> subscribed_events_count{};
    std::optional<std::int64_t> deliveries_count{};
    std::optional<std::int64_t> failed_deliveries_count{};
    Nullable<double> average_response_time_ms{};
    std::optional<double> error_rate_percentage{};
    Nullable<std::string> last_delivery_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WebhookDestination, uuid, label, url, enabled, webhook_version, secret_shared_key, secret_last4,
                   previous_secret_expires_at, subscribed_events, created_at, updated_at, summary,
                   subscribed_events_count, deliveries_count, failed_deliveries_count, average_response_time_ms,
                   error_rate_percentage, last_delivery_at)

/// Body of POST /v3/webhook/destinations/. `label` (≤ 255) and `url` (HTTPS, unique per
/// application, public host) are required and always sent; the rest only when set.
/// Always set `subscribed_events` (≥ 1 event, no wildcard): the API rejects `[]` with 400,
/// and a destination created without the field receives nothing (OpenAPI).
struct WebhookDestinationCreateRequest {
    std::string label{};
    std::string url{};
    /// Default true; false parks the destination.
    std::optional<bool> enabled{};
    std::optional<WebhookVersion> webhook_version{};
    std::optional<std::vector<WebhookEvent>> subscribed_events{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(WebhookDestinationCreateRequest, label, url, enabled, webhook_version, subscribed_events)

/// Body of PATCH /v3/webhook/destinations/{destination_uuid}/: only the fields set are sent.
/// `subscribed_events` replaces the whole list (fetch, change, send back); the secret is not
/// rotated by an update.
struct WebhookDestinationUpdateRequest {
    std::optional<std::string> label{};
    std::optional<std::string> url{};
    std::optional<bool> enabled{};
    std::optional<WebhookVersion> webhook_version{};
    std::optional<std::vector<WebhookEvent>> subscribed_events{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WebhookDestinationUpdateRequest, label, url, enabled, webhook_version, subscribed_events)

/// Reply of GET and PATCH /v3/webhook/ (not in the OpenAPI; see
/// https://docs.didit.me, management API, webhook).
///
/// The five fields older guides list describe the application-level (legacy) webhook, which
/// is used only while the application has no enabled destination, and only for
/// `status.updated`/`data.updated`; Didit overwrites `webhook_url` with the oldest enabled
/// destination's URL whenever a destination changes. Newer replies also
/// carry the destinations (code samples read `endpoints`), subscribable events, retention
/// policies and wallet hosts; their exact names were not captured, so `endpoints` is kept
/// as raw JSON (see destinations()) and everything else lands in `extra`.
struct WebhookConfig {
    /// Null when no webhook is configured.
    Nullable<std::string> webhook_url{};
    std::optional<WebhookVersion> webhook_version{};
    /// The application-level HMAC secret. Never log it.
    std::optional<std::string> secret_shared_key{};
    std::optional<CaptureMethod> capture_method{};
    /// Null: kept without limit.
    Nullable<int> data_retention_months{};
    /// The destinations as newer replies list them, exactly as received.
    std::optional<Json> endpoints{};
    Json extra{};

    /// The destinations in `endpoints` (or, failing that, a `destinations` key in `extra`)
    /// decoded as WebhookDestination rows; empty when the reply has neither (legacy shape).
    /// A row that does not fit the model is a Decode error naming its path; the raw JSON
    /// stays available either way.
    Result<std::vector<WebhookDestination>> destinations() const {
        const Json* list = nullptr;
        if (endpoints && endpoints->is_array())
            list = &*endpoints;
        else if (extra.is_object() && extra.contains("destinations") && extra["destinations"].is_array())
            list = &extra["destinations"];
        if (!list) return std::vector<WebhookDestination>{};
        return decode_json<std::vector<WebhookDestination>>(*list);
    }
};
DIDIT_DETAIL_MODEL(WebhookConfig, webhook_url, webhook_version, secret_shared_key, capture_method,
                   data_retention_months, endpoints)

/// Body of PATCH /v3/webhook/: partial, only the fields set are sent.
///   req.webhook_url = nullptr;          // sends {"webhook_url":null}: disables the legacy webhook
///   req.rotate_secret_key = true;       // new secret; the old one stops working immediately
///   req.data_retention_months = 24;     // 1–120, or nullptr for unlimited (checked before sending)
/// Newer settings (biometric-template retention, wallet return hosts, hosted-flow allowed
/// origins) have no captured field names: put them in `extra`.
struct WebhookConfigUpdateRequest {
    Nullable<std::string> webhook_url{};
    std::optional<WebhookVersion> webhook_version{};
    std::optional<bool> rotate_secret_key{};
    std::optional<CaptureMethod> capture_method{};
    Nullable<int> data_retention_months{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WebhookConfigUpdateRequest, webhook_url, webhook_version, rotate_secret_key, capture_method,
                   data_retention_months)

}  // namespace didit
