// SPDX-License-Identifier: MIT
// client.checks(): standalone checks on uploaded files (face match, ID verification, passive
// liveness, age estimation, proof of address, face search).
#pragma once

#include <didit/endpoints/checks.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Standalone checks: one check on files you upload, outside any session flow. Each 200 reply
/// consumes one credit of the check.
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

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
