// SPDX-License-Identifier: MIT
// Standalone check models: face match (two uploaded images, one score).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/decision.hpp>
#include <didit/upload.hpp>

namespace didit {

/// POST /v3/face-match/ body (multipart/form-data): two face images and the settings.
/// Each image is a JPEG, PNG, WebP or TIFF (judged by its first bytes) of at most 5 MB, read as
/// 5 * 10^6 bytes; anything else is refused with InvalidArgument naming the part before sending.
///   FaceMatchRequest req;
///   req.user_image = FilePart::from_path("selfie.jpg");
///   req.ref_image = FilePart::from_path("id_portrait.png");
///   req.face_match_score_decline_threshold = 50;
struct FaceMatchRequest {
    /// The live or candidate face (a selfie).
    FilePart user_image{};
    /// The reference face (an ID portrait or an enrolled photo).
    FilePart ref_image{};
    /// 0-100: a score at or below it is Declined (the API's default is 30).
    std::optional<double> face_match_score_decline_threshold{};
    /// Try the images in 90-degree turns and keep the best (the API's default is false).
    std::optional<bool> rotate_image{};
    /// Keep the call as an API session with a request_id usable on the decision route (the
    /// API's default is true).
    std::optional<bool> save_api_request{};
    /// Your own reference, stored and echoed back.
    std::optional<std::string> vendor_data{};
    /// A JSON object stored and echoed back (sent as one JSON-encoded field).
    std::optional<Json> metadata{};
    /// Further form fields (an object): strings as they are, other values JSON-encoded.
    Json extra{};

    /// The form's parts and fields, in the reference's order.
    void multipart(MultipartForm& form) const {
        form.file("user_image", user_image, upload_rules::image_5mb);
        form.file("ref_image", ref_image, upload_rules::image_5mb);
        form.number("face_match_score_decline_threshold", face_match_score_decline_threshold, 0, 100);
        form.boolean("rotate_image", rotate_image);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

/// One face found in an image.
struct DetectedFace {
    /// `[x_min, y_min, x_max, y_max]` in pixels of the processed image.
    std::vector<std::int64_t> bbox{};
    /// Detection confidence, 0-1.
    std::optional<double> confidence{};
    /// Estimated age in years (informational).
    std::optional<double> age{};
    /// Predicted gender, "male" or "female" (informational).
    std::optional<std::string> gender{};
    /// Reserved; null.
    Nullable<std::string> race{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DetectedFace, bbox, confidence, age, gender, race)

/// Face detection in one of the two images.
struct FaceImageAnalysis {
    /// One entry per face found.
    std::vector<DetectedFace> entities{};
    /// The rotation (0, 90, 180, 270) that found the face best; non-zero only with rotate_image.
    std::optional<std::int64_t> best_angle{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(FaceImageAnalysis, entities, best_angle)

/// The comparison itself.
struct FaceMatchOutcome {
    /// Approved when the score is strictly above the threshold, else Declined.
    std::optional<FeatureStatus> status{};
    /// Similarity 0-100; null when no pair of faces could be scored.
    Nullable<double> score{};
    /// Faces found in the user image.
    std::optional<FaceImageAnalysis> user_image{};
    /// Faces found in the reference image.
    std::optional<FaceImageAnalysis> ref_image{};
    /// Why it was declined (LOW_FACE_MATCH_SIMILARITY, NO_REFERENCE_IMAGE); empty when approved.
    std::vector<Warning> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(FaceMatchOutcome, status, score, user_image, ref_image, warnings)

/// Reply of POST /v3/face-match/.
struct FaceMatchResult {
    /// The session id when save_api_request is true (usable on the decision route), else a
    /// one-off correlation id.
    std::string request_id{};
    /// The score, status and faces.
    FaceMatchOutcome face_match{};
    /// Echoed from the request.
    Nullable<std::string> vendor_data{};
    /// Echoed from the request.
    std::optional<Json> metadata{};
    /// When the check ran (ISO 8601).
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(FaceMatchResult, request_id, face_match, vendor_data, metadata, created_at)

}  // namespace didit
