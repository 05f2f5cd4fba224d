// SPDX-License-Identifier: MIT
// Verification session models: create, list, delete, status updates, sharing, PDF and reviews.
#pragma once

// Sources, in order of trust: Didit's OpenAPI of 2026-07, the newer pages of
// https://docs.didit.me, the API as changed in 2026-09, and older guides. Where
// they disagree, the models accept every shape and each member says which source it follows.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <didit/detail/error_body.hpp>
#include <didit/http.hpp>
#include <didit/model.hpp>
#include <didit/models/common.hpp>
#include <didit/models/decision.hpp>
#include <didit/result.hpp>

namespace didit {

// SessionStatus, SessionKind, FeatureStatus, FeatureState, ContactDetails, ExpectedDetails and
// Decision are in models/decision.hpp.

/// Which browser Didit redirects to the callback: the one that started, that finished, or both.
DIDIT_ENUM(CallbackMethod, (Initiator, "initiator"), (Completer, "completer"), (Both, "both"));

// ---- create ------------------------------------------------------------------------------

/// Body of POST /v3/session/. An unfinished session with the same `vendor_data` on the same
/// workflow is returned instead of a new one, which makes retrying with `vendor_data` safe.
struct SessionCreateRequest {
    std::string workflow_id{};
    std::optional<std::string> vendor_data{};
    std::optional<std::string> callback{};
    std::optional<CallbackMethod> callback_method{};
    /// Any JSON value (an object is recommended); older Didit guides' "JSON string" is wrong.
    std::optional<Json> metadata{};
    std::optional<std::string> language{};
    std::optional<ContactDetails> contact_details{};
    std::optional<ExpectedDetails> expected_details{};
    /// Base64 JPEG/PNG/WebP/TIFF, at most 2 MB (older Didit guides say 1 MB).
    std::optional<std::string> portrait_image{};
    /// Sandbox applications only.
    std::optional<std::string> sandbox_scenario{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionCreateRequest, workflow_id, vendor_data, callback, callback_method, metadata, language,
                   contact_details, expected_details, portrait_image, sandbox_scenario)

namespace detail {
/// SessionsCreate's retry safety (its `when` in the route table): with a `vendor_data`, the
/// server returns the existing unfinished session instead of creating another.
inline bool session_create_deduplicated(const SessionCreateRequest& r) {
    return r.vendor_data && !r.vendor_data->empty();
}
}  // namespace detail

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
DIDIT_DETAIL_MODEL(Session, session_id, session_number, session_token, url, vendor_data, metadata, status, callback,
                   workflow_id, workflow_version, session_kind)

// ---- get decision ------------------------------------------------------------------------

/// Query of the decision route; `include = "events"` adds the event log (KYC only) and turns
/// `features` into `[{feature, node_id}]` objects.
struct DecisionQuery {
    std::optional<std::string> include{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DecisionQuery, include)

// ---- list --------------------------------------------------------------------------------

/// Which sessions GET /v3/sessions/ lists: KYC ("user", the default), KYB ("business"), or
/// both ("all": the KYC rows of the page, then the KYB rows, so up to 2 × limit rows).
DIDIT_ENUM(SessionListKind, (User, "user"), (Business, "business"), (All, "all"));

/// Query of GET /v3/sessions/. Every filter is ANDed; the list filters (comma-separated on
/// the wire, e.g. `status=Approved,In%20Review`) match any of their values. Filters follow
/// the OpenAPI; older Didit guides know only vendor_data, status, country,
/// workflow_id, offset and limit (default 20 there, 50 in fact). Unknown list values give an
/// empty page; malformed dates or UUIDs give 400.
struct SessionsListQuery {
    std::optional<SessionListKind> session_kind{};
    /// Rows per page (per kind with session_kind=all); the server's default is 50.
    std::optional<int> limit{};
    std::optional<std::int64_t> offset{};
    /// Case-sensitive statuses; any of them.
    std::optional<std::vector<SessionStatus>> status{};
    /// Exact match on the vendor_data given at creation (use `search` for partial matches).
    std::optional<std::string> vendor_data{};
    /// Free text: a UUID matches session_id, digits a session number prefix, document or
    /// phone number, text with `@` an email prefix, other text names.
    std::optional<std::string> search{};
    /// Workflow UUIDs; any of them.
    std::optional<std::vector<std::string>> workflow_id{};
    /// Created on or after this day, YYYY-MM-DD (UTC).
    std::optional<std::string> date_from{};
    /// Created up to this day, YYYY-MM-DD (UTC; for KYB rows, before its midnight).
    std::optional<std::string> date_to{};
    /// ISO 3166-1 alpha-3 codes of the ID document's issuer (KYB: the registry country).
    std::optional<std::vector<std::string>> country{};
    /// Document codes: P, ID, DL, RP, SSC, HIC, WP, TC, VISA, PSC, BC, OTHER (KYC rows).
    std::optional<std::vector<std::string>> document_type{};
    /// Exact document names (the server splits on commas only between "A - B" names).
    std::optional<std::vector<std::string>> document_name{};
    /// Document regions or states (e.g. of US driver's licences).
    std::optional<std::vector<std::string>> region{};
    /// One verified user's sessions (the `didit_internal_id` of a row).
    std::optional<std::string> didit_internal_id{};
    /// Creation channels: API, HOSTED, MIGRATED (ALL disables the filter).
    std::optional<std::vector<std::string>> session_type{};
    /// One standalone API: ID_VERIFICATION, FACE_MATCH, AGE_ESTIMATION, FACE_SEARCH, POA, AML,
    /// KYB_REGISTRY, PASSIVE_LIVENESS, DATABASE_VALIDATION, PHONE_VERIFICATION,
    /// EMAIL_VERIFICATION (others are a 400).
    std::optional<std::string> api_service{};
    /// Accent-insensitive name search in AML and database-validation screened data.
    std::optional<std::string> screened_full_name{};
    /// Warning risk codes (e.g. POSSIBLE_FRAUD); any of them.
    std::optional<std::vector<std::string>> warning{};
    std::optional<bool> status_initialized_as_in_review{};
    std::optional<bool> is_kyc_to_be_reviewed{};
    std::optional<std::string> euuid{};
    std::optional<std::vector<std::string>> organization_name{};
    /// Query parameters this SDK does not name yet (each key becomes `key=value`).
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionsListQuery, session_kind, limit, offset, status, vendor_data, search, workflow_id, date_from,
                   date_to, country, document_type, document_name, region, didit_internal_id, session_type, api_service,
                   screened_full_name, warning, status_initialized_as_in_review, is_kyc_to_be_reviewed, euuid,
                   organization_name)

/// A row's phone: `{number, is_verified}`.
struct ContactPhone {
    std::optional<std::string> number{};
    std::optional<bool> is_verified{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(ContactPhone, number, is_verified)

/// A row's email: `{email, is_verified}`.
struct ContactEmail {
    std::optional<std::string> email{};
    std::optional<bool> is_verified{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(ContactEmail, email, is_verified)

/// One row of GET /v3/sessions/. KYC rows (`session_kind` "user") and KYB rows ("business")
/// have different fields; this model has both, and a row fills the ones of its kind.
/// Identity fields are null until the step that provides them has finished.
struct SessionListItem {
    std::string session_id{};
    std::optional<SessionKind> session_kind{};
    std::optional<std::int64_t> session_number{};
    std::optional<SessionStatus> status{};
    Nullable<std::string> vendor_data{};
    std::optional<std::string> created_at{};
    /// Both kinds (KYB rows: the registry country, alpha-2).
    std::optional<std::string> country{};
    // KYC rows.
    std::optional<std::string> session_url{};
    /// Presigned, expiring URL of the best portrait.
    std::optional<std::string> portrait_image{};
    /// Display name ("Passport", "Identity Card", …), unlike the filter's codes.
    std::optional<std::string> document_type{};
    std::optional<std::string> full_name{};
    std::optional<std::string> didit_internal_id{};
    std::optional<std::vector<FeatureState>> features{};
    std::optional<ContactPhone> phone_number{};
    std::optional<ContactEmail> email_address{};
    /// Per-feature summaries (aml, liveness, face_match, poa, …), or null.
    std::optional<Json> additional_details{};
    // KYB rows.
    std::optional<std::string> workflow_id{};
    std::optional<std::string> workflow_type{};
    std::optional<std::string> workflow_label{};
    std::optional<std::string> company_name{};
    std::optional<std::string> registration_number{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionListItem, session_id, session_kind, session_number, status, vendor_data, created_at, country,
                   session_url, portrait_image, document_type, full_name, didit_internal_id, features, phone_number,
                   email_address, additional_details, workflow_id, workflow_type, workflow_label, company_name,
                   registration_number)

// ---- delete ------------------------------------------------------------------------------

/// What deleting a session does to its stored face (docs.didit.me, 2026-09 API, 2026-09 onwards).
DIDIT_ENUM(DeletionInstruction, (OperationalSessionDelete, "operational_session_delete"),
           (PrivacyErasure, "privacy_erasure"));

/// Optional body of DELETE /v3/session/{session_id}/delete/ (2026-09 API, docs.didit.me; the July the OpenAPI takes
/// none). Only the fields you set are sent; with none set the body is `{}`.
struct SessionDeleteRequest {
    std::optional<bool> retain_face_embeddings{};
    /// 1–3650.
    std::optional<int> face_retention_days{};
    std::optional<std::string> face_retention_deadline{};
    std::optional<DeletionInstruction> deletion_instruction{};
    std::optional<std::string> instruction_id{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionDeleteRequest, retain_face_embeddings, face_retention_days, face_retention_deadline,
                   deletion_instruction, instruction_id)

/// One deleted session (2026-09 API). `face_retention_outcome` "failed_retryable" means it was not
/// deleted: repeat the request.
struct SessionDeleteResult {
    std::optional<std::string> session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> face_retention_outcome{};
    Nullable<std::string> biometric_template_uuid{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionDeleteResult, session_id, session_number, face_retention_outcome, biometric_template_uuid)

/// Body of POST /v3/sessions/delete/ (KYC sessions only): `session_numbers` or `delete_all`.
/// the numbers are digit strings (JSON numbers are coerced); unknown ones are skipped.
struct SessionsBatchDeleteRequest {
    std::optional<std::vector<std::string>> session_numbers{};
    /// Deletes every KYC session of the application. Irreversible.
    std::optional<bool> delete_all{};
    Json extra{};

    /// The request for these session numbers (as returned in `session_number`).
    static SessionsBatchDeleteRequest numbers(const std::vector<std::int64_t>& ns) {
        SessionsBatchDeleteRequest r;
        r.session_numbers.emplace();
        r.session_numbers->reserve(ns.size());
        for (std::int64_t n : ns) r.session_numbers->push_back(std::to_string(n));
        return r;
    }
};
DIDIT_DETAIL_MODEL(SessionsBatchDeleteRequest, session_numbers, delete_all)

/// 200 reply of the batch delete (2026-09 API); the OpenAPI documents 204 with no body.
struct SessionsBatchDeleteResult {
    std::optional<std::vector<SessionDeleteResult>> results{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionsBatchDeleteResult, results)

// ---- update status -----------------------------------------------------------------------

/// A workflow step the user must redo: `{"node_id": "feature_ocr", "feature": "OCR"}`.
/// Features: OCR, OCR_BACK, NFC, AML, FACE, LIVENESS, FACE_MATCH, IP_ANALYSIS,
/// AGE_ESTIMATION, PROOF_OF_ADDRESS, PHONE_VERIFICATION, EMAIL_VERIFICATION, FACE_SEARCH,
/// DATABASE_VALIDATION, QUESTIONNAIRE, DOCUMENT_AI, KYB_DOCUMENTS; the aliases ID_VERIFICATION,
/// POA, PHONE and EMAIL are accepted; KYB_REGISTRY, KYB_KEY_PEOPLE and KYB are always a 400.
struct NodeToResubmit {
    std::string node_id{};
    std::string feature{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(NodeToResubmit, node_id, feature)

/// The statuses a reviewer can set with update-status, and only those: `Approved` and
/// `Declined` record a final manual decision (each can overturn the other); `Resubmitted`
/// clears the chosen steps and sends the session back to the user. Closed: any other value is
/// refused with InvalidArgument before anything is sent.
DIDIT_CLOSED_ENUM(SessionStatusChange, (Approved, "Approved"), (Declined, "Declined"), (Resubmitted, "Resubmitted"));

/// Body of PATCH /v3/session/{session_id}/update-status/.
struct SessionUpdateStatusRequest {
    /// Required: Approved, Declined or Resubmitted.
    std::optional<SessionStatusChange> new_status{};
    std::optional<std::string> comment{};
    /// Only for Resubmitted; when omitted the server picks the attempted, unapproved steps.
    std::optional<std::vector<NodeToResubmit>> nodes_to_resubmit{};
    /// Emails the user about the change; needs `email_address`.
    std::optional<bool> send_email{};
    std::optional<std::string> email_address{};
    /// Default "en"; unsupported codes fall back to English.
    std::optional<std::string> email_language{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionUpdateStatusRequest, new_status, comment, nodes_to_resubmit, send_email, email_address,
                   email_language)

/// 200 reply of update-status: only the session id; read the decision for the rest.
struct SessionUpdateStatusResult {
    std::string session_id{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionUpdateStatusResult, session_id)

// ---- generate PDF ------------------------------------------------------------------------

/// The PDF report of GET /v3/session/{session_id}/generate-pdf/: the raw bytes (starting with
/// `%PDF`) and the content type the server gave.
struct Pdf {
    std::string bytes{};
    std::string content_type{};

    /// Turns a 2xx reply into a Pdf. The reply must be a PDF (content type application/pdf, or
    /// a body starting with `%PDF`); a JSON body becomes a Decode error carrying Didit's message,
    /// anything else a Decode error naming what came instead.
    static Result<Pdf> from_response(const HttpResponse& r) {
        std::string_view ctype = r.headers.get("content-type");
        std::string_view media = ctype.substr(0, ctype.find(';'));
        while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
        const bool pdf_type = detail::iequals(media, "application/pdf");
        const bool pdf_magic = std::string_view(r.body).substr(0, 4) == "%PDF";
        if ((pdf_type && !r.body.empty()) || pdf_magic) return Pdf{r.body, std::string(ctype)};

        std::string what;
        Json j = r.body.empty() ? Json() : detail::parse_json_text(r.body);
        Error e;
        if (!j.is_discarded() && !j.is_null()) {
            // A JSON body on 200 (e.g. a proxy or an older server wrapping the error): keep
            // Didit's message and code, but report the reply as not what the route returns.
            e = detail::error_from_response(r);
            what = "a JSON body instead of a PDF";
            if (!e.message.empty()) what += ": " + e.message;
        } else {
            e.status = r.status;
            e.request_id = detail::request_id_of(r.headers);
            if (r.body.empty())
                what = "an empty body instead of a PDF";
            else
                what = "not a PDF (" +
                       (ctype.empty() ? std::string("no content type") : detail::clean_text(ctype, 256)) + ", " +
                       std::to_string(r.body.size()) + " bytes)";
        }
        e.kind = ErrorKind::Decode;
        e.message = "reply of SessionsGeneratePdf: " + what;
        e.attempts = 1;  // raw_body is kept only for a JSON body (a binary one may be large)
        return e;
    }
};

// ---- share and import --------------------------------------------------------------------

/// Body of POST /v3/session/{session_id}/share/. The OpenAPI requires `for_application_id`; older Didit
/// guides sends no body at all, which `SessionShareRequest{}` (`{}`) reproduces.
struct SessionShareRequest {
    /// The receiving application's UUID (not the caller's).
    std::optional<std::string> for_application_id{};
    /// 60–86400, default 3600.
    std::optional<int> ttl_in_seconds{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionShareRequest, for_application_id, ttl_in_seconds)

/// 200 reply of share: a token for the receiving application's import-shared call.
struct SessionShareResult {
    /// An HS256 JWT; treat it as a secret.
    std::string share_token{};
    std::optional<std::string> for_application_id{};
    std::optional<SessionKind> session_kind{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionShareResult, share_token, for_application_id, session_kind)

/// Body of POST /v3/session/import-shared/. The reply (201) is the cloned session's decision.
struct SessionImportSharedRequest {
    std::string share_token{};
    /// true keeps the source's status; false puts the clone In Review. Always sent (required).
    bool trust_review{false};
    /// A workflow of the calling application.
    std::string workflow_id{};
    /// Overrides the clone's vendor_data (null sends null).
    Nullable<std::string> vendor_data{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionImportSharedRequest, share_token, trust_review, workflow_id, vendor_data)

// ---- reviews -----------------------------------------------------------------------------

/// Query of GET /v3/sessions/{session_id}/reviews/.
struct SessionReviewsQuery {
    std::optional<int> limit{};
    std::optional<std::int64_t> offset{};
    /// "-created_at" (default, newest first) or "created_at".
    std::optional<std::string> ordering{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionReviewsQuery, limit, offset, ordering)

/// What a review-feed entry records.
DIDIT_ENUM(ReviewActivityType, (Comment, "COMMENT"), (StatusUpdated, "STATUS_UPDATED"),
           (KycDataUpdated, "KYC_DATA_UPDATED"), (PoaDataUpdated, "POA_DATA_UPDATED"), (FileAdded, "FILE_ADDED"),
           (FileRemoved, "FILE_REMOVED"), (AmlOngoingMatch, "AML_ONGOING_MATCH"),
           (AmlStatusUpdated, "AML_STATUS_UPDATED"), (AmlHitStatusUpdated, "AML_HIT_STATUS_UPDATED"),
           (KybDataUpdated, "KYB_DATA_UPDATED"), (KybDocumentUploaded, "KYB_DOCUMENT_UPLOADED"),
           (TagAdded, "TAG_ADDED"), (TagRemoved, "TAG_REMOVED"));

/// Who performed a review-feed entry.
DIDIT_ENUM(ReviewActorType, (ApiKey, "API_KEY"), (ConsoleUser, "CONSOLE_USER"), (System, "SYSTEM"));

/// One entry of a session's review/activity feed. The real API sends the first block;
/// older Didit guides show `{id, action, old_status, new_status, note, created_at}`, the
/// second block. Either decodes; whatever is not sent stays empty.
struct ReviewActivity {
    // The OpenAPI's fields.
    std::optional<std::string> uuid{};
    std::optional<ReviewActivityType> activity_type{};
    std::optional<std::string> actor_display{};
    std::optional<std::string> actor_email{};
    std::optional<ReviewActorType> actor_type{};
    std::optional<SessionStatus> previous_status{};
    std::optional<SessionStatus> new_status{};
    std::optional<std::string> comment{};
    std::optional<std::vector<std::string>> mentioned_emails{};
    /// Snapshots around the change, e.g. {"status": "In Review"}; null when nothing changed.
    std::optional<Json> previous_value{};
    std::optional<Json> new_value{};
    std::optional<std::vector<std::string>> changed_fields{};
    std::optional<Json> metadata{};
    std::optional<std::string> created_at{};
    // Skill document.
    /// An integer there; kept as JSON so a string id decodes too.
    std::optional<Json> id{};
    /// e.g. "status_change".
    std::optional<std::string> action{};
    std::optional<SessionStatus> old_status{};
    std::optional<std::string> note{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(ReviewActivity, uuid, activity_type, actor_display, actor_email, actor_type, previous_status,
                   new_status, comment, mentioned_emails, previous_value, new_value, changed_fields, metadata,
                   created_at, id, action, old_status, note)

/// Body of POST /v3/sessions/{session_id}/reviews/. Both fields are optional (older Didit
/// guides marks new_status required). The status is a label only: the session's status does
/// not change and no webhook fires (use update_status for that).
struct SessionReviewCreateRequest {
    /// Any of the ten statuses, case-sensitive.
    std::optional<SessionStatus> new_status{};
    std::optional<std::string> comment{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionReviewCreateRequest, new_status, comment)

}  // namespace didit
