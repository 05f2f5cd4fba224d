// SPDX-License-Identifier: MIT
// The simulator's standalone checks: POST /v3/face-match/ (two uploaded images, one score).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {
namespace checks_detail {

/// The OpenAPI: standalone checks answer 403 (never 401) for missing credentials, with this body.
inline constexpr const char* kMissingAuth = "You do not have permission to perform this action.";
/// The largest image accepted, "5 MB" read as 5 * 10^6 bytes (as the SDK reads it).
inline constexpr std::size_t kMaxImageBytes = 5000000;

/// What the images' first bytes say they are: one of the accepted image types, or "".
inline std::string_view image_kind(std::string_view h) {
    auto starts = [&](std::string_view m) { return h.size() >= m.size() && h.substr(0, m.size()) == m; };
    if (starts(std::string_view("\xFF\xD8\xFF", 3))) return "jpeg";
    if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "png";
    if (h.size() >= 12 && starts("RIFF") && h.substr(8, 4) == "WEBP") return "webp";
    if (starts(std::string_view("II*\0", 4)) || starts(std::string_view("MM\0*", 4))) return "tiff";
    return {};
}

/// Deterministic similarity: identical images score 95.00-99.99, different ones 0.00-59.99.
inline double similarity(std::string_view user, std::string_view ref) {
    const std::uint64_t a = detail::fnv1a(user), b = detail::fnv1a(ref);
    if (a == b && user == ref) return 95.0 + static_cast<double>(a % 500) / 100.0;
    const std::uint64_t mix = (a ^ (b * 31)) * 0x9E3779B97F4A7C15ull;
    return static_cast<double>((mix >> 11) % 6000) / 100.0;
}

/// The face found in an image, derived from its bytes.
inline Json detected(std::string_view bytes) {
    const std::uint64_t h = detail::fnv1a(bytes);
    const auto x = static_cast<std::int64_t>(100 + h % 500), y = static_cast<std::int64_t>(100 + (h >> 16) % 500);
    const auto w = static_cast<std::int64_t>(400 + (h >> 32) % 600);
    return Json{{"entities", Json::array({Json{{"bbox", Json::array({x, y, x + w, y + w + w / 3})},
                                               {"confidence", 0.7 + static_cast<double>((h >> 8) % 250) / 1000.0},
                                               {"age", 18.0 + static_cast<double>((h >> 24) % 5000) / 100.0},
                                               {"gender", (h >> 40) % 2 ? "male" : "female"},
                                               {"race", nullptr}}})},
                {"best_angle", 0}};
}

/// A `true`/`false` form field as DRF's BooleanField reads it.
inline bool parse_bool(const std::string& s, bool& out) {
    if (s == "true" || s == "True" || s == "1" || s == "on" || s == "yes") {
        out = true;
        return true;
    }
    if (s == "false" || s == "False" || s == "0" || s == "off" || s == "no") {
        out = false;
        return true;
    }
    return false;
}

/// POST /v3/face-match/: a score from the two images' bytes, Approved strictly above the threshold.
inline Reply face_match(Context& ctx) {
    const Request& req = ctx.request;
    if (req.header("Content-Type").rfind("multipart/form-data", 0) != 0)
        return detail_error(415,
                            "Unsupported media type \"" + std::string(req.header("Content-Type")) + "\" in request.");
    const FormPart* images[2] = {req.form_part("user_image"), req.form_part("ref_image")};
    const char* names[2] = {"user_image", "ref_image"};
    for (int i = 0; i < 2; ++i) {
        if (!images[i] || !images[i]->is_file) return field_error(names[i], "No file was submitted.");
        if (images[i]->data.empty()) return field_error(names[i], "The submitted file is empty.");
        if (images[i]->data.size() > kMaxImageBytes)
            return field_error(names[i], "File size exceeds the maximum allowed size of 5 MB.");
        if (image_kind(images[i]->data).empty())
            return field_error(names[i],
                               "Upload a valid image. The file you uploaded was either not an image or a "
                               "corrupted image.");
    }
    double threshold = 30;
    if (const FormPart* t = req.form_part("face_match_score_decline_threshold")) {
        char* end = nullptr;
        threshold = std::strtod(t->data.c_str(), &end);
        if (t->data.empty() || end != t->data.c_str() + t->data.size() || !std::isfinite(threshold))
            return field_error("face_match_score_decline_threshold", "A valid number is required.");
        if (threshold < 0 || threshold > 100)
            return field_error("face_match_score_decline_threshold", "Ensure this value is between 0 and 100.");
    }
    bool save = true, rotate = false;
    for (auto [name, out] : {std::pair<const char*, bool*>{"save_api_request", &save}, {"rotate_image", &rotate}})
        if (const FormPart* p = req.form_part(name); p && !parse_bool(p->data, *out))
            return field_error(name, "Must be a valid boolean.");
    Json metadata = nullptr;
    if (const FormPart* m = req.form_part("metadata")) {
        metadata = Json::parse(m->data, nullptr, false);
        if (metadata.is_discarded() || !metadata.is_object())
            return field_error("metadata", "Value must be valid JSON.");
    }
    double score = similarity(images[0]->data, images[1]->data);
    score = std::round(score * 100.0) / 100.0;
    const bool approved = score > threshold;
    Json warnings = Json::array();
    if (!approved)
        warnings.push_back(Json{{"risk", "LOW_FACE_MATCH_SIMILARITY"},
                                {"feature", "FACEMATCH"},
                                {"additional_data", nullptr},
                                {"log_type", "error"},
                                {"short_description", "Low face match similarity"},
                                {"long_description",
                                 "The facial features of the provided image don't closely match the reference "
                                 "image, suggesting a potential identity mismatch."}});
    Json body{{"request_id", ctx.uuid()},
              {"face_match", Json{{"status", approved ? "Approved" : "Declined"},
                                  {"score", score},
                                  {"user_image", detected(images[0]->data)},
                                  {"ref_image", detected(images[1]->data)},
                                  {"warnings", std::move(warnings)}}},
              {"vendor_data", req.form_part("vendor_data") ? Json(req.form_part("vendor_data")->data) : Json(nullptr)},
              {"metadata", std::move(metadata)},
              {"created_at", ctx.now_iso()}};
    return json_reply(200, body);
}

}  // namespace checks_detail

/// Installs the standalone checks: POST /v3/face-match/.
inline void install_checks(Router& router) {
    router.add(Method::Post, "/v3/face-match/", Auth::ApiKey, checks_detail::face_match).missing_auth_detail =
        checks_detail::kMissingAuth;
}

}  // namespace sim
}  // namespace didit
