// SPDX-License-Identifier: MIT
// The branding update as the API takes it: the settings and logo images as multipart/form-data.
#pragma once

#include <string>

#include <didit/model.hpp>
#include <didit/models/customization.hpp>
#include <didit/upload.hpp>

namespace didit {

/// PATCH /v3/customization/ body (multipart/form-data): the branding settings to change, each
/// sent as a form field, and any logo images to upload. Only what is set changes.
///   BrandingUpdateRequest req;
///   req.settings.color_primary = "#123456";
///   req.image_rectangular = FilePart::from_path("logo-2x1.png");
/// Guide: https://docs.didit.me/management-api/customization
struct BrandingUpdateRequest {
    /// The settings to change (colors, font, radii, UI options, logo removal).
    BrandingSettings settings{};
    /// Square logo (1:1): a PNG, JPEG or WebP image of at most 10^6 bytes; empty for none.
    FilePart image_square{};
    /// Rectangular logo (2:1): a PNG, JPEG or WebP image of at most 10^6 bytes; empty for none.
    FilePart image_rectangular{};
    /// Favicon: an image of at most 5 * 10^5 bytes; empty for none.
    FilePart image_favicon{};

    /// The settings as form fields (strings as they are, numbers and booleans as their JSON
    /// text; a null member cannot travel in a form and is left out), then the images.
    void multipart(MultipartForm& form) const {
        auto fields = encode_json(settings);
        if (!fields) return form.refuse("settings", fields.error().message);
        for (auto it = fields.value().begin(); it != fields.value().end(); ++it) {
            if (it.value().is_null()) continue;
            form.text(it.key(), it.value().is_string() ? it.value().get<std::string>() : detail::dump_json(it.value()));
        }
        form.optional_file("image_square", image_square, upload_rules::image_1mb);
        form.optional_file("image_rectangular", image_rectangular, upload_rules::image_1mb);
        form.optional_file("image_favicon", image_favicon, upload_rules::image_500kb);
    }
};

}  // namespace didit
