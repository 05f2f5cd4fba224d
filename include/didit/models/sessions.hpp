// SPDX-License-Identifier: MIT
// Verification session models: create, the created session, and the decision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// The ten session statuses (api-notes §2.2; the skill document lists eight).
DIDIT_ENUM(SessionStatus, (NotStarted, "Not Started"), (InProgress, "In Progress"), (AwaitingUser, "Awaiting User"),
           (InReview, "In Review"), (Approved, "Approved"), (Declined, "Declined"), (Resubmitted, "Resubmitted"),
           (Expired, "Expired"), (KycExpired, "Kyc Expired"), (Abandoned, "Abandoned"));

/// Which browser Didit redirects to the callback: the one that started, that finished, or both.
DIDIT_ENUM(CallbackMethod, (Initiator, "initiator"), (Completer, "completer"), (Both, "both"));

/// KYC sessions verify a person ("user"), KYB sessions a company ("business").
DIDIT_ENUM(SessionKind, (User, "user"), (Business, "business"));

/// Contact data that pre-fills the email and phone steps.
struct ContactDetails {
    std::optional<std::string> email{};
    std::optional<bool> send_notification_emails{};
    std::optional<std::string> email_lang{};
    /// E.164, e.g. "+14155552671".
    std::optional<std::string> phone{};
    Json extra{};
};
DIDIT_MODEL(ContactDetails, email, send_notification_emails, email_lang, phone)

/// What you expect the verified data to be; mismatches raise warnings. Countries are ISO
/// 3166-1 alpha-3. `address` needs `country` or `poa_country`. The company fields are KYB-only.
struct ExpectedDetails {
    std::optional<std::string> first_name{};
    std::optional<std::string> last_name{};
    /// YYYY-MM-DD.
    std::optional<std::string> date_of_birth{};
    /// "M", "F" or null.
    Nullable<std::string> gender{};
    std::optional<std::string> nationality{};
    std::optional<std::string> country{};
    std::optional<std::string> id_country{};
    std::optional<std::string> poa_country{};
    std::optional<std::string> address{};
    std::optional<std::string> identification_number{};
    std::optional<std::string> ip_address{};
    /// Document codes: P, ID, DL, RP, HIC, TC, SSC.
    std::optional<std::vector<std::string>> expected_document_types{};
    std::optional<std::string> company_name{};
    std::optional<std::string> registry_country{};
    std::optional<std::string> registration_number{};
    Json extra{};
};
DIDIT_MODEL(ExpectedDetails, first_name, last_name, date_of_birth, gender, nationality, country, id_country,
            poa_country, address, identification_number, ip_address, expected_document_types, company_name,
            registry_country, registration_number)

/// Body of POST /v3/session/. An unfinished session with the same `vendor_data` on the same
/// workflow is returned instead of a new one, which makes retrying with `vendor_data` safe.
struct SessionCreateRequest {
    std::string workflow_id{};
    std::optional<std::string> vendor_data{};
    std::optional<std::string> callback{};
    std::optional<CallbackMethod> callback_method{};
    /// Any JSON value (an object is recommended); the skill document's "JSON string" is wrong.
    std::optional<Json> metadata{};
    std::optional<std::string> language{};
    std::optional<ContactDetails> contact_details{};
    std::optional<ExpectedDetails> expected_details{};
    /// Base64 JPEG/PNG/WebP/TIFF, at most 2 MB.
    std::optional<std::string> portrait_image{};
    /// Sandbox applications only.
    std::optional<std::string> sandbox_scenario{};
    Json extra{};
};
DIDIT_MODEL(SessionCreateRequest, workflow_id, vendor_data, callback, callback_method, metadata, language,
            contact_details, expected_details, portrait_image, sandbox_scenario)

/// A created session: send the user to `url`.
struct Session {
    std::string session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> session_token{};
    std::optional<std::string> url{};
    Nullable<std::string> vendor_data{};
    std::optional<Json> metadata{};
    std::optional<SessionStatus> status{};
    Nullable<std::string> callback{};
    std::optional<std::string> workflow_id{};
    std::optional<int> workflow_version{};
    std::optional<SessionKind> session_kind{};
    Json extra{};
};
DIDIT_MODEL(Session, session_id, session_number, session_token, url, vendor_data, metadata, status, callback,
            workflow_id, workflow_version, session_kind)

/// GET /v3/session/{session_id}/decision/. The top level is typed here; the per-feature
/// result arrays (`id_verifications`, `liveness_checks`, …, `null` until run) are kept as
/// JSON in `extra` until their models land.
struct Decision {
    std::string session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> session_url{};
    std::optional<SessionStatus> status{};
    std::optional<SessionKind> session_kind{};
    std::optional<std::string> environment{};
    std::optional<std::string> workflow_id{};
    std::optional<FeatureNames> features{};
    Nullable<std::string> vendor_data{};
    std::optional<Json> metadata{};
    std::optional<Json> expected_details{};
    std::optional<Json> contact_details{};
    Nullable<std::string> callback{};
    std::optional<std::string> created_at{};
    Nullable<std::string> expires_at{};
    std::optional<Json> reviews{};
    Json extra{};
};
DIDIT_MODEL(Decision, session_id, session_number, session_url, status, session_kind, environment, workflow_id,
            features, vendor_data, metadata, expected_details, contact_details, callback, created_at, expires_at,
            reviews)

/// Query of the decision route; `include = "events"` adds the event log (KYC only).
struct DecisionQuery {
    std::optional<std::string> include{};
};
DIDIT_MODEL(DecisionQuery, include)

}  // namespace didit
