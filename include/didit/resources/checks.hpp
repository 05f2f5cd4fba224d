// SPDX-License-Identifier: MIT
// client.checks(): standalone checks, without a session: on uploaded files (face match, ID verification,
// passive liveness, age estimation, proof of address, face search) and on data alone (AML screening,
// database validation, KYB registry search and select, phone and email one-time codes).
#pragma once

#include <didit/endpoints/checks.hpp>
#include <didit/endpoints/screening_checks.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Standalone checks: one check outside any session flow, on files you upload (face match) or
/// on data alone (AML, database validation, KYB registry, phone and email one-time codes). The
/// billed ones are never retried by the SDK.
template <class C>
class ChecksResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::checks() rather than constructed directly.
    explicit ChecksResource(C& client) : c_(client) {}

    /// POST /v3/face-match/ — compares two face images (multipart upload, file parts streamed):
    /// a score 0-100 and Approved when it is strictly above the threshold, else Declined.
    /// Not retried (each 200 reply costs a credit). Images that are missing, over 5 MB or not
    /// JPEG/PNG/WebP/TIFF by their first bytes are refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/face-match
    R<FaceMatchResult> face_match(const FaceMatchRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::FaceMatch>(req, opts);
    }

    /// POST /v3/id-verification/ — reads an identity document (multipart upload, file parts
    /// streamed): the holder's data, the MRZ and barcodes, and Approved or Declined with the
    /// warnings. A document that cannot be recognised at all is a 400 error. Not retried (each
    /// 200 reply costs a credit). A front image that is missing, or a side over 10 MB or not
    /// JPEG/PNG/WebP/TIFF/PDF by its first bytes, is refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/id-verification
    R<IdVerificationResult> id_verification(const IdVerificationRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::IdVerification>(req, opts);
    }

    /// POST /v3/passive-liveness/ — scores whether one face image shows a live person (multipart
    /// upload, file part streamed): a score 0-100, Declined at or below the threshold, on a
    /// presentation attack, without a face or on a face blocklist hit. Not retried (each 200
    /// reply costs a credit). An image that is missing, over 5 MB or not JPEG/PNG/WebP/TIFF by
    /// its first bytes is refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/passive-liveness
    R<PassiveLivenessResult> passive_liveness(const PassiveLivenessRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::PassiveLiveness>(req, opts);
    }

    /// POST /v3/age-estimation/ — estimates the age of the face in one image and runs passive
    /// liveness on it (multipart upload, file part streamed): Approved only without warnings.
    /// The age is predicted from the face, not read from a document. Not retried (each 200
    /// reply costs a credit). An image that is missing, over 5 MB or not JPEG/PNG/WebP/TIFF by
    /// its first bytes is refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/age-estimation
    R<AgeEstimationResult> age_estimation(const AgeEstimationRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::AgeEstimation>(req, opts);
    }

    /// POST /v3/poa/ — reads a proof-of-address document (multipart upload, file part
    /// streamed): issuer, dates, holder, the geocoded address, and Approved or Declined with the
    /// warnings. It takes 5-30 seconds; the route's own time limit is 60 s. Not retried (each
    /// 200 reply costs a credit). A document that is missing, over 15 MB or not
    /// JPEG/PNG/WebP/TIFF/PDF by its first bytes is refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/proof-of-address
    R<PoaCheckResult> proof_of_address(const PoaCheckRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::ProofOfAddress>(req, opts);
    }

    /// POST /v3/face-search/ — searches one face (1:N) in the application's face index
    /// (multipart upload, file part streamed): up to 5 matches by similarity; Declined only on a
    /// blocklist hit, so look at the matches for duplicates. An image without a face is a 400
    /// error. Not retried (each 200 reply costs a credit). An image that is missing, over 5 MB
    /// or not JPEG/PNG/WebP/TIFF by its first bytes is refused with InvalidArgument before
    /// sending.
    /// API reference: https://docs.didit.me/standalone-apis/face-search
    R<FaceSearchResult> face_search(const FaceSearchRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::FaceSearch>(req, opts);
    }

    /// POST /v3/aml/ — screens a person or company (`full_name`, the only required member)
    /// against PEP, sanctions, warning and adverse-media datasets: `aml.status` (Approved, In
    /// Review, Declined by your thresholds), `aml.score` and each hit's `match_score` and
    /// `risk_score`. One AML credit per call, so never retried; the API alone accepts an
    /// `Idempotency-Key` header here (pass it in `opts.headers`) and replays the first answer to a
    /// repeat with the same key and body. The route's time limit is 90 s, since
    /// `include_adverse_media` can add about 30 s. An `entity_type` outside person/company is
    /// refused with InvalidArgument before sending.
    /// API reference: https://docs.didit.me/standalone-apis/aml-screening
    R<AmlScreeningResult> aml(const AmlScreeningRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::AmlScreen>(req, opts);
    }

    /// POST /v3/database-validation/ — validates identity data against official registries of
    /// `issuing_state` (ISO alpha-3): the aggregated `match_type`, Approved or Declined by the
    /// match actions, and per-service results in `validations` (an array of per-service objects,
    /// or one merged field map when `save_api_request` is false, hence Json). Sent as JSON; the
    /// API also accepts multipart/form-data, which only a `selfie` for biometric services needs,
    /// and this SDK does not send it. Billed per service that answers, so never retried; a 502
    /// means no service answered and nothing was billed. Closed enums (`document_type`,
    /// `gender`, the match actions) are checked before sending.
    /// API reference: https://docs.didit.me/standalone-apis/database-validation
    R<DatabaseValidationResult> database_validation(const DatabaseValidationRequest& req,
                                                    const CallOptions& opts = {}) {
        return c_.template call<endpoints::DatabaseValidate>(req, opts);
    }

    /// POST /v3/kyb/search/ — step 1 of the registry flow: candidate companies of a country's
    /// registry (`country_code` alpha-2, or `XX-YY` where registries are regional) by `name` or
    /// `registration_number`. Free. Each candidate's `kyb_response_id` is a short-lived handle for
    /// kyb_select(), not a company id: select soon, search again rather than store it. With
    /// `webhook_url` the search answers at once (`search_status` pending) and the list arrives by
    /// an unsigned callback. A `search_type` outside contains/start_with/fuzzy is refused before
    /// sending.
    /// API reference: https://docs.didit.me/standalone-apis/kyb-registry-search
    R<KybSearchResult> kyb_search(const KybSearchRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::KybSearch>(req, opts);
    }

    /// POST /v3/kyb/select/ — step 2: the full registry profile (officers, beneficial owners,
    /// addresses, raw registry data) of one candidate from kyb_search(), stored as a business
    /// session whose id is `request_id`. Billed per call, so never retried. `data_resolved` false
    /// means the registry was still working; the stored session completes on its own.
    /// `save_api_request` must stay true (the API answers 400 to false).
    /// API reference: https://docs.didit.me/standalone-apis/kyb-registry-select
    R<KybSelectResult> kyb_select(const KybSelectRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::KybSelect>(req, opts);
    }

    /// POST /v3/phone/send/ — sends a one-time code to `phone_number` (E.164) over
    /// `options.preferred_channel` (WhatsApp by default, SMS when that is unavailable). The
    /// verification is keyed by the number and stays open 5 minutes; a second send within them
    /// answers `Retry` with the same `request_id`; `Blocked` means the anti-fraud layer refused.
    /// Billed by destination and channel, so never retried. Sandbox keys send nothing: the code is
    /// always 123456. Closed enums (`preferred_channel`, `device_platform`) are checked before
    /// sending.
    /// API reference: https://docs.didit.me/standalone-apis/phone-send
    R<PhoneSendResult> phone_send(const PhoneSendRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::PhoneSend>(req, opts);
    }

    /// POST /v3/phone/check/ — checks `code` for the open verification of `phone_number`. Inspect
    /// `status`, not the HTTP status: Approved, Declined (a declining risk, or the third wrong
    /// code), Failed (a wrong code, attempts remain; `phone` is null) or Expired or Not Found.
    /// Not retried: a repeat would spend another of the 3 attempts. The risk actions are closed
    /// enums (NO_ACTION, DECLINE), checked before sending.
    /// API reference: https://docs.didit.me/standalone-apis/phone-check
    R<PhoneCheckResult> phone_check(const PhoneCheckRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::PhoneCheck>(req, opts);
    }

    /// POST /v3/email/send/ — emails a one-time code to `email` after a deliverability check
    /// (`Undeliverable` when it fails; nothing is sent or billed). Keyed by the address, open 5
    /// minutes; a second send within them answers `Retry` with a fresh code. One Email
    /// Verification credit per `Success`, so never retried. Sandbox keys send nothing: the code is
    /// always 123456. `options.locale` is a closed enum of the 54 template languages, checked
    /// before sending.
    /// API reference: https://docs.didit.me/standalone-apis/email-send
    R<EmailSendResult> email_send(const EmailSendRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::EmailSend>(req, opts);
    }

    /// POST /v3/email/check/ — checks `code` (case-insensitive) for the open verification of
    /// `email`: Approved, Declined, Failed (wrong code, attempts remain; `email` is null) or
    /// Expired or Not Found, all with HTTP 200. Not retried: a repeat would spend an attempt. The
    /// risk actions are closed enums (NO_ACTION, DECLINE), checked before sending.
    /// API reference: https://docs.didit.me/standalone-apis/email-check
    R<EmailCheckResult> email_check(const EmailCheckRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::EmailCheck>(req, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
