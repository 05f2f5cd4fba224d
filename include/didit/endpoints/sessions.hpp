// SPDX-License-Identifier: MIT
// Session routes (https://verification.didit.me/v3/session…), in API-reference order.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/sessions.hpp>

namespace didit {

/// `session_id` of a session route: a canonical lower-case UUID, checked before sending.
DIDIT_UUID_PATH(SessionPath, session_id);

namespace endpoints {

// Paths follow the OpenAPI (every one with its trailing slash: without it the API answers 301, which
// is unsafe to follow for writes; older Didit guides omit it on generate-pdf).
// Delete replies: 204 with no body or 200 with a body (2026-09 API, docs.didit.me); the empty body
// decodes as JSON null, hence the std::optional replies. The reviews list is an envelope
// or a bare array (older Didit guides); Page<T> decodes both.
// clang-format off
//             name                   method   host           auth     path                                        path          request                      query                 reply                                     retry-safe
/// POST /v3/session/ — creates a verification session; replies 201 with the `url` to send the user to.
/// API reference: https://docs.didit.me/sessions-api/create-session
DIDIT_ENDPOINT(SessionsCreate,        Post,    Verification,  ApiKey,  "/v3/session/",                             NoPath,       SessionCreateRequest,        NoQuery,              Session,                                  false);
/// GET /v3/session/{session_id}/decision/ — the session's status and every result so far (KYC or KYB).
/// API reference: https://docs.didit.me/sessions-api/retrieve-session
DIDIT_ENDPOINT(SessionsGetDecision,   Get,     Verification,  ApiKey,  "/v3/session/{session_id}/decision/",       SessionPath,  NoBody,                      DecisionQuery,        Decision,                                 true);
/// GET /v3/sessions/ — one page of sessions, newest first, filtered by the query.
/// API reference: https://docs.didit.me/sessions-api/list-sessions
DIDIT_ENDPOINT(SessionsList,          Get,     Verification,  ApiKey,  "/v3/sessions/",                            NoPath,       NoBody,                      SessionsListQuery,    Page<SessionListItem>,                    true);
/// DELETE /v3/session/{session_id}/delete/ — deletes one session: 204 without a body, or 200 with the
/// face-retention outcome.
/// API reference: https://docs.didit.me/sessions-api/delete-session
DIDIT_ENDPOINT(SessionsDelete,        Delete,  Verification,  ApiKey,  "/v3/session/{session_id}/delete/",         SessionPath,  SessionDeleteRequest,        NoQuery,              std::optional<SessionDeleteResult>,       true);
/// POST /v3/sessions/delete/ — deletes KYC sessions by `session_number`, or all of them with `delete_all`.
/// API reference: https://docs.didit.me/management-api/sessions/batch-delete
DIDIT_ENDPOINT(SessionsBatchDelete,   Post,    Verification,  ApiKey,  "/v3/sessions/delete/",                     NoPath,       SessionsBatchDeleteRequest,  NoQuery,              std::optional<SessionsBatchDeleteResult>, true);
/// PATCH /v3/session/{session_id}/update-status/ — approves, declines or asks for a resubmission of a
/// session.
/// API reference: https://docs.didit.me/sessions-api/update-status
DIDIT_ENDPOINT(SessionsUpdateStatus,  Patch,   Verification,  ApiKey,  "/v3/session/{session_id}/update-status/",  SessionPath,  SessionUpdateStatusRequest,  NoQuery,              SessionUpdateStatusResult,                false);
// SessionsGeneratePdf: written out below (it has its own time limit and rate bucket).
/// POST /v3/session/{session_id}/share/ — a short-lived token another application redeems to import a
/// finished session.
/// API reference: https://docs.didit.me/sessions-api/share-session/share
DIDIT_ENDPOINT(SessionsShare,         Post,    Verification,  ApiKey,  "/v3/session/{session_id}/share/",          SessionPath,  SessionShareRequest,         NoQuery,              SessionShareResult,                       true);
/// POST /v3/session/import-shared/ — clones a shared session into this application; the reply is its
/// decision.
/// API reference: https://docs.didit.me/sessions-api/share-session/import
DIDIT_ENDPOINT(SessionsImportShared,  Post,    Verification,  ApiKey,  "/v3/session/import-shared/",               NoPath,       SessionImportSharedRequest,  NoQuery,              Decision,                                 false);
/// GET /v3/sessions/{session_id}/reviews/ — one page of a session's review and activity feed (KYC only).
/// API reference: https://docs.didit.me/management-api/sessions/list-reviews
DIDIT_ENDPOINT(SessionsListReviews,   Get,     Verification,  ApiKey,  "/v3/sessions/{session_id}/reviews/",       SessionPath,  NoBody,                      SessionReviewsQuery,  Page<ReviewActivity>,                     true);
/// POST /v3/sessions/{session_id}/reviews/ — adds a note and/or status label to a session's audit trail.
/// API reference: https://docs.didit.me/management-api/sessions/create-review
DIDIT_ENDPOINT(SessionsCreateReview,  Post,    Verification,  ApiKey,  "/v3/sessions/{session_id}/reviews/",       SessionPath,  SessionReviewCreateRequest,  NoQuery,              SessionReview,                            false);
// clang-format on

/// GET /v3/session/{session_id}/generate-pdf/ (7th in the API reference), the same kind of
/// descriptor DIDIT_ENDPOINT writes, by hand because it carries two traits the macro has no
/// argument for: a longer default time limit (the PDF is rendered on request; the OpenAPI advises a
/// read timeout of at least 60 s) and its own rate bucket (50 per minute). The reply is
/// the PDF's bytes (Pdf::from_response checks that it is one). Client::call makes the same
/// compile-time checks as the macro.
/// API reference: https://docs.didit.me/sessions-api/generate-pdf
struct SessionsGeneratePdf {
    /// GET.
    static constexpr ::didit::Method method = ::didit::Method::Get;
    /// The verification API (ClientOptions::base_url).
    static constexpr ::didit::Host host = ::didit::Host::Verification;
    /// Sends the API key.
    static constexpr ::didit::Auth auth = ::didit::Auth::ApiKey;
    /// The path template; `{session_id}` comes from SessionPath.
    static constexpr std::string_view path = "/v3/session/{session_id}/generate-pdf/";
    /// The route's name in error messages and log events.
    static constexpr std::string_view name = "SessionsGeneratePdf";
    /// Retried on transient failures (a GET).
    static constexpr bool retry_safe = true;
    /// The one path parameter, `session_id`.
    using path_params = SessionPath;
    /// No request body (a GET).
    using request = NoBody;
    /// No query parameters.
    using query = NoQuery;
    /// The PDF's bytes and content type.
    using reply = Pdf;
    /// Used unless the call sets its own (CallOptions::timeout); it also takes the place of
    /// ClientOptions::timeout, which is usually sized for JSON replies.
    static constexpr std::chrono::milliseconds timeout{120000};
    /// Client-side rate-limit bucket shared by PDF requests only.
    static constexpr std::string_view rate_bucket = "pdf";
};

}  // namespace endpoints

namespace detail {
/// Session creation has its own budget, 600 per minute.
template <>
struct route_rate_bucket<endpoints::SessionsCreate> {
    static constexpr std::string_view value = "session-create";
};
/// A session create with vendor_data is safe to repeat: the server returns the existing
/// unfinished session for that vendor_data instead of creating another.
template <>
struct retry_safe_request<endpoints::SessionsCreate> {
    static bool check(const SessionCreateRequest& b) { return b.vendor_data && !b.vendor_data->empty(); }
};
}  // namespace detail
}  // namespace didit
