// SPDX-License-Identifier: MIT
// client.customization(): the white-label branding of the verification flow.
#pragma once

#include <didit/endpoints/customization.hpp>
#include <didit/options.hpp>

namespace didit {

/// The application's branding: colors, fonts, corner radii, logos and UI options of the hosted
/// verification flow. Custom domains and white-label email are set in the Business Console only.
/// Guide: https://docs.didit.me/management-api/customization/get
template <class C>
class CustomizationResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::customization() rather than constructed directly.
    explicit CustomizationResource(C& client) : c_(client) {}

    /// GET /v3/customization/ — the current branding.
    R<BrandingCustomization> get(const CallOptions& opts = {}) {
        return c_.template call<endpoints::CustomizationGet>(opts);
    }
    /// PATCH /v3/customization/ — changes the settings you set and uploads the logo images you
    /// give (as multipart/form-data); the reply is the whole branding.
    R<BrandingCustomization> update(const BrandingUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CustomizationUpdate>(req, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
