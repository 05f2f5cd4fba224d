// SPDX-License-Identifier: MIT
// client.sessions(): create sessions, read decisions, list, delete, review, share and export them.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <didit/endpoints/sessions.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>
#include <didit/signals.hpp>

namespace didit {

/// How SessionsResource::await_decision waits.
struct AwaitDecisionOptions {
    /// Wakes the wait early when a verified webhook for the session arrives (your receiver calls
    /// `signals->notify(session_id)`); LocalDecisionSignals within a process,
    /// didit::redis::RedisDecisionSignals across a fleet. Without it the wait only polls.
    std::shared_ptr<DecisionSignals> signals;
    /// The first wait between two reads of the decision; each wait without a signal is
    /// `backoff` times longer, up to `max_poll`. The defaults read at most 30 times a minute
    /// per waiting session, well inside the GET limit (600 a minute per API key), and the
    /// client's rate limiter still shapes every read.
    std::chrono::milliseconds first_poll{2000};
    std::chrono::milliseconds max_poll{30000};
    double backoff = 1.5;
    /// Also stop at In Review (the user is done; a reviewer decides later).
    bool stop_at_in_review = false;
    /// Options of each read (GET /v3/session/{id}/decision/).
    CallOptions call;
};

/// Verification sessions: create one, send the user to its `url`, then read the decision.
/// Session ids must be canonical lower-case UUIDs; anything else is an InvalidArgument error
/// before sending (the API's router would answer an HTML 404).
template <class C>
class SessionsResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::sessions() rather than constructed directly.
    explicit SessionsResource(C& client) : c_(client) {}

    /// POST /v3/session/ — 201 with the session's `url`. Reuses an unfinished session with
    /// the same `vendor_data`.
    /// API reference: https://docs.didit.me/sessions-api/create-session
    R<Session> create(const SessionCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsCreate>(req, opts);
    }

    /// GET /v3/session/{session_id}/decision/ — every result of the session so far (KYC or KYB).
    /// API reference: https://docs.didit.me/sessions-api/retrieve-session
    R<Decision> get_decision(std::string session_id, const DecisionQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsGetDecision>(SessionPath{std::move(session_id)}, query, opts);
    }

    /// GET /v3/session/{session_id}/decision/, repeated until the session reaches a final
    /// status (Approved, Declined, Abandoned, Expired, Kyc Expired) and then its decision; a
    /// Timeout error once `deadline` passes first. Between reads it waits for a signal from
    /// `options.signals` (a verified webhook) or, without one, for the next poll, backing off.
    /// A read that fails for a passing reason (RateLimited, Timeout, Transport, OutcomeUnknown,
    /// Server) is repeated at the next poll; any other error ends the wait and is returned.
    ///   auto d = client.sessions().await_decision(id, std::chrono::steady_clock::now() + 10min);
    Result<Decision> await_decision(const std::string& session_id, std::chrono::steady_clock::time_point deadline,
                                    const AwaitDecisionOptions& options = {}) {
        static_assert(!C::is_async,
                      "await_decision is synchronous; on client.async() call get_decision() from a timer of your own");
        using clock = std::chrono::steady_clock;
        // Watch first: a signal between a read and the wait after it must still wake the wait.
        std::unique_ptr<DecisionSignals::Watch> watch = options.signals ? options.signals->watch(session_id) : nullptr;
        auto interval = (std::max)(options.first_poll, std::chrono::milliseconds(1));
        for (;;) {
            Result<Decision> d = get_decision(session_id, {}, options.call);
            if (d.ok()) {
                if (const auto& st = d.value().status; st && final_status(*st, options.stop_at_in_review)) return d;
            } else {
                const ErrorKind k = d.error().kind;
                if (k != ErrorKind::RateLimited && k != ErrorKind::Timeout && k != ErrorKind::Transport &&
                    k != ErrorKind::OutcomeUnknown && k != ErrorKind::Server)
                    return d;
            }
            const auto now = clock::now();
            if (now >= deadline)
                return make_error(ErrorKind::Timeout,
                                  "session " + session_id + " did not reach a final status before the deadline");
            const auto next = (std::min)(deadline, now + interval);
            bool signalled = false;
            if (watch)
                signalled = watch->wait_until(next);
            else
                std::this_thread::sleep_until(next);
            if (!signalled)
                interval = (std::min)(options.max_poll,
                                      std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(
                                          static_cast<double>(interval.count()) * (std::max)(1.0, options.backoff))));
        }
    }

    /// GET /v3/sessions/ — one page of sessions, newest first (`limit`/`offset` in the query).
    /// API reference: https://docs.didit.me/sessions-api/list-sessions
    R<Page<SessionListItem>> list(const SessionsListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsList>(query, opts);
    }

    /// GET /v3/sessions/ — every matching session, fetched lazily one page at a time:
    ///   for (auto& s : client.sessions().list_all(q)) { if (!s) { report(s.error()); break; } … }
    /// The client must outlive the range.
    /// API reference: https://docs.didit.me/sessions-api/list-sessions
    P<endpoints::SessionsList> list_all(SessionsListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::SessionsList>(c_, NoPath{}, std::move(query), std::move(opts));
    }

    /// DELETE /v3/session/{session_id}/delete/ — deletes a KYC or KYB session. nullopt for the
    /// 204 reply, the result for a 200 (docs.didit.me, 2026-09 API: face retention outcome). A second
    /// delete of the same session is a NotFound error. `req` is sent as set (`{}` when empty).
    /// API reference: https://docs.didit.me/sessions-api/delete-session
    R<std::optional<SessionDeleteResult>> remove(std::string session_id, const SessionDeleteRequest& req = {},
                                                 const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsDelete>(SessionPath{std::move(session_id)}, req, opts);
    }

    /// POST /v3/sessions/delete/ — deletes KYC sessions by `session_number` (or all of them
    /// with `delete_all`). nullopt for the 204 reply, per-session results for a 200 (2026-09 API).
    /// API reference: https://docs.didit.me/management-api/sessions/batch-delete
    R<std::optional<SessionsBatchDeleteResult>> remove_many(const SessionsBatchDeleteRequest& req,
                                                            const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsBatchDelete>(req, opts);
    }

    /// PATCH /v3/session/{session_id}/update-status/ — approve, decline or request a
    /// resubmission (fires `status.updated`). The reply holds only the session id.
    /// API reference: https://docs.didit.me/sessions-api/update-status
    R<SessionUpdateStatusResult> update_status(std::string session_id, const SessionUpdateStatusRequest& req,
                                               const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdateStatus>(SessionPath{std::move(session_id)}, req, opts);
    }

    /// GET /v3/session/{session_id}/generate-pdf/ — the session's PDF report (sessions In
    /// Review, Approved, Declined or Kyc Expired; others get 403). Default time limit 120 s.
    /// Asks for `application/pdf` (errors still come back as JSON) unless `opts` sets Accept.
    /// API reference: https://docs.didit.me/sessions-api/generate-pdf
    R<Pdf> generate_pdf(std::string session_id, const CallOptions& opts = {}) {
        if (opts.headers.contains("accept"))
            return c_.template call<endpoints::SessionsGeneratePdf>(SessionPath{std::move(session_id)}, opts);
        CallOptions with_accept = opts;
        with_accept.headers.set("Accept", "application/pdf, application/json");
        return c_.template call<endpoints::SessionsGeneratePdf>(SessionPath{std::move(session_id)}, with_accept);
    }

    /// POST /v3/session/{session_id}/share/ — a token another application redeems with
    /// import_shared (finished sessions only).
    /// API reference: https://docs.didit.me/sessions-api/share-session/share
    R<SessionShareResult> share(std::string session_id, const SessionShareRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsShare>(SessionPath{std::move(session_id)}, req, opts);
    }

    /// POST /v3/session/import-shared/ — clones a shared session into this application; the
    /// reply (201) is its decision. Once per source session and receiving application.
    /// API reference: https://docs.didit.me/sessions-api/share-session/import
    R<Decision> import_shared(const SessionImportSharedRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsImportShared>(req, opts);
    }

    /// GET /v3/sessions/{session_id}/reviews/ — one page of the session's review and activity
    /// feed (KYC sessions only), newest first by default.
    /// API reference: https://docs.didit.me/management-api/sessions/list-reviews
    R<Page<ReviewActivity>> list_reviews(std::string session_id, const SessionReviewsQuery& query = {},
                                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsListReviews>(SessionPath{std::move(session_id)}, query, opts);
    }

    /// GET /v3/sessions/{session_id}/reviews/ — every entry of the feed, one page at a time
    /// (see list_all). The client must outlive the range.
    /// API reference: https://docs.didit.me/management-api/sessions/list-reviews
    P<endpoints::SessionsListReviews> list_reviews_all(std::string session_id, SessionReviewsQuery query = {},
                                                       CallOptions opts = {}) {
        return P<endpoints::SessionsListReviews>(c_, SessionPath{std::move(session_id)}, std::move(query),
                                                 std::move(opts));
    }

    /// POST /v3/sessions/{session_id}/reviews/ — records a note and/or a status label on the
    /// session's audit trail. It does not change the session's status (use update_status).
    /// API reference: https://docs.didit.me/management-api/sessions/create-review
    R<SessionReview> create_review(std::string session_id, const SessionReviewCreateRequest& req = {},
                                   const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsCreateReview>(SessionPath{std::move(session_id)}, req, opts);
    }

    // ---- a reviewer's edits ---------------------------------------------------------------

    /// PATCH /v3/session/{session_id}/update-data/ — corrects what was read from the ID
    /// document; only the members you set change (null clears one). `query.node_id` picks the
    /// step when the workflow has several. Fires `data.updated`.
    /// API reference: https://docs.didit.me/sessions-api/update-data
    R<SessionDataUpdate> update_data(std::string session_id, const SessionDataUpdateRequest& req,
                                     const SessionNodeQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdateData>(SessionPath{std::move(session_id)}, req, query, opts);
    }
    /// PATCH /v3/session/{session_id}/features/{node_id}/update-status/ — sets one step's
    /// status (Approved, Declined or In Review); the other steps keep theirs.
    /// API reference: https://docs.didit.me/sessions-api/update-status
    R<FeatureStatusUpdate> update_feature_status(std::string session_id, std::string node_id,
                                                 const FeatureStatusUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdateFeatureStatus>(
            SessionNodePath{std::move(session_id), std::move(node_id)}, req, opts);
    }
    /// PATCH /v3/session/{session_id}/update-aml-hit-status/ — a reviewer's decision on one
    /// AML hit (its `id` in the decision's AML check); the session's own decision is unchanged.
    /// The reply is the API's acknowledgement, as JSON.
    /// API reference: https://docs.didit.me/sessions-api/update-aml-hit-status
    R<Json> update_aml_hit_status(std::string session_id, const AmlHitStatusUpdateRequest& req,
                                  const SessionNodeQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdateAmlHitStatus>(SessionPath{std::move(session_id)}, req, query,
                                                                       opts);
    }
    /// PATCH /v3/session/{session_id}/bulk-update-aml-hit-status/ — decisions on several AML
    /// hits in one call.
    /// API reference: https://docs.didit.me/sessions-api/update-aml-hit-status
    R<Json> update_aml_hit_statuses(std::string session_id, const AmlHitStatusBulkUpdateRequest& req,
                                    const SessionNodeQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsBulkUpdateAmlHitStatus>(SessionPath{std::move(session_id)}, req,
                                                                           query, opts);
    }
    /// PATCH /v3/session/{session_id}/update-poa-data/ — corrects what was read from the
    /// proof-of-address document; only the members you set change.
    /// API reference: https://docs.didit.me/sessions-api/update-data
    R<PoaDataUpdate> update_poa_data(std::string session_id, const PoaDataUpdateRequest& req,
                                     const SessionNodeQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdatePoaData>(SessionPath{std::move(session_id)}, req, query, opts);
    }
    /// PATCH /v3/session/{session_id}/kyb/{company_uuid}/update-data/ — corrects a company's
    /// registry data on a business (KYB) session; only the members you set change.
    /// API reference: https://docs.didit.me/sessions-api/update-data
    R<KybCompanyUpdate> update_kyb_company(std::string session_id, std::string company_uuid,
                                           const KybCompanyUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsUpdateKybCompany>(
            SessionCompanyPath{std::move(session_id), std::move(company_uuid)}, req, opts);
    }

    /// POST /v3/session/imports/ — starts an import of historical sessions, status rules or
    /// transactions from a CSV or NDJSON file (`file`) or an HTTPS URL (`source_file_url`), in
    /// Didit's canonical columns (see import_template). Poll import() with the job's `uuid`.
    /// Imports are enabled per organization by Didit; one job runs at a time (429 otherwise).
    /// API reference: https://docs.didit.me/sessions-api/imports
    R<SessionImportJob> create_import(const SessionImportCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsImportsCreate>(req, opts);
    }
    /// GET /v3/session/imports/template/ — the CSV header row of an import type (the API's
    /// default: user_verification). Asks for text/csv unless `opts` sets Accept.
    /// API reference: https://docs.didit.me/sessions-api/imports
    R<SessionImportTemplate> import_template(const SessionImportTemplateQuery& query = {},
                                             const CallOptions& opts = {}) {
        if (opts.headers.contains("accept")) return c_.template call<endpoints::SessionsImportsTemplate>(query, opts);
        CallOptions with_accept = opts;
        with_accept.headers.set("Accept", "text/csv, application/json");
        return c_.template call<endpoints::SessionsImportsTemplate>(query, with_accept);
    }
    /// GET /v3/session/imports/{import_id}/ — an import job's status and counters; it is done
    /// when `status` is COMPLETED or FAILED.
    /// API reference: https://docs.didit.me/sessions-api/imports
    R<SessionImportJob> import(std::string import_id, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsImportsGet>(SessionImportPath{std::move(import_id)}, opts);
    }
    /// GET /v3/session/imports/{import_id}/errors/ — one page of the rows the import rejected.
    /// API reference: https://docs.didit.me/sessions-api/imports
    R<Page<SessionImportRowError>> import_errors(std::string import_id, const SessionImportErrorsQuery& query = {},
                                                 const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsImportsErrors>(SessionImportPath{std::move(import_id)}, query, opts);
    }
    /// GET /v3/session/imports/{import_id}/errors/ — every rejected row, page by page.
    P<endpoints::SessionsImportsErrors> all_import_errors(std::string import_id, SessionImportErrorsQuery query = {},
                                                          CallOptions opts = {}) {
        return P<endpoints::SessionsImportsErrors>(c_, SessionImportPath{std::move(import_id)}, std::move(query),
                                                   std::move(opts));
    }

    /// POST /v3/session/{session_id}/sandbox/arm/ — arms a sandbox scenario (`scenario`, a slug
    /// such as `decline_aml_hit`) on a session that is still Not Started: its magic values are
    /// set on the session, so the flow ends as the scenario says. Arming again before the flow
    /// starts swaps the scenario. Sandbox applications only. It authenticates with the session's
    /// own token, a SessionToken made from the create reply's `session_token`, sent as
    /// `Session-Token`, not with the API key.
    /// API reference: https://docs.didit.me/integration/sandbox-testing
    R<SandboxArmResult> sandbox_arm(std::string session_id, const SessionToken& token, const SandboxArmRequest& req,
                                    const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsSandboxArm>(SessionPath{std::move(session_id)}, token, req, opts);
    }

private:
    static bool final_status(const SessionStatus& s, bool in_review) {
        switch (s.value()) {
            case SessionStatus::Approved:
            case SessionStatus::Declined:
            case SessionStatus::Abandoned:
            case SessionStatus::Expired:
            case SessionStatus::KycExpired: return true;
            case SessionStatus::InReview: return in_review;
            default: return false;
        }
    }
    detail::client_handle_t<C> c_;
};

}  // namespace didit
