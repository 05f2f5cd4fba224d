// SPDX-License-Identifier: MIT
// client.checks(): standalone checks on uploaded files (face match).
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

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
