// SPDX-License-Identifier: MIT
// Standalone check models: face match (two uploaded images, one score); the requests of the image
// checks (ID verification, passive liveness, age estimation, proof of address, face search), whose
// replies are generated in models/image_checks.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/decision.hpp>
#include <didit/models/image_checks.hpp>
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

/// What a configurable risk of an image check does when it fires: decline, or only report it.
DIDIT_CLOSED_ENUM(ImageCheckAction, (NoAction, "NO_ACTION"), (Decline, "DECLINE"));

/// The script preferred for names and addresses on documents that print both Latin and
/// non-Latin text.
DIDIT_CLOSED_ENUM(PreferredCharacters, (Latin, "latin"), (NonLatin, "non_latin"));

/// POST /v3/id-verification/ body (multipart/form-data): the sides of an identity document and
/// the settings. Each side is a JPEG, PNG, WebP or TIFF image or a PDF (judged by its first
/// bytes) of at most 10 MB, read as 10 * 10^6 bytes; anything else is refused with
/// InvalidArgument naming the part before sending. Send the uncropped capture, all four corners
/// visible.
///   IdVerificationRequest req;
///   req.front_image = FilePart::from_path("id_front.jpg");
///   req.back_image = FilePart::from_path("id_back.jpg");
///   req.perform_document_liveness = true;
struct IdVerificationRequest {
    /// The front side of the document (required).
    FilePart front_image{};
    /// The password of `front_image` when it is an encrypted PDF.
    std::optional<std::string> front_image_password{};
    /// The back side, for two-sided documents; left out when empty.
    FilePart back_image{};
    /// The password of `back_image` when it is an encrypted PDF.
    std::optional<std::string> back_image_password{};
    /// Also screen for screen replays, printed copies and portrait manipulation (the API's
    /// default is false).
    std::optional<bool> perform_document_liveness{};
    /// 1-120; accepted by the API but not applied by this route today.
    std::optional<std::int64_t> minimum_age{};
    /// When no expiration date is read (the API's default is NO_ACTION).
    std::optional<ImageCheckAction> expiration_date_not_detected_action{};
    /// When the MRZ fails its check digits (the API's default is DECLINE).
    std::optional<ImageCheckAction> invalid_mrz_action{};
    /// When the extracted data disagree with each other (the API's default is DECLINE).
    std::optional<ImageCheckAction> inconsistent_data_action{};
    /// The script of names and addresses on bilingual documents (the API's default is latin).
    std::optional<PreferredCharacters> preferred_characters{};
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
        form.file("front_image", front_image, upload_rules::image_or_pdf_10mb);
        form.text("front_image_password", front_image_password);
        form.optional_file("back_image", back_image, upload_rules::image_or_pdf_10mb);
        form.text("back_image_password", back_image_password);
        form.boolean("perform_document_liveness", perform_document_liveness);
        form.integer("minimum_age", minimum_age, 1, 120);
        form.choice("expiration_date_not_detected_action", expiration_date_not_detected_action);
        form.choice("invalid_mrz_action", invalid_mrz_action);
        form.choice("inconsistent_data_action", inconsistent_data_action);
        form.choice("preferred_characters", preferred_characters);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

/// POST /v3/passive-liveness/ body (multipart/form-data): one face image and the settings. The
/// image is a JPEG, PNG, WebP or TIFF (judged by its first bytes) of at most 5 MB, read as
/// 5 * 10^6 bytes; anything else is refused with InvalidArgument naming the part before sending.
///   PassiveLivenessRequest req;
///   req.user_image = FilePart::from_path("selfie.jpg");
///   req.face_liveness_score_decline_threshold = 50;
struct PassiveLivenessRequest {
    /// The front-facing face image (a selfie); the largest face is evaluated.
    FilePart user_image{};
    /// 0-100: a liveness score at or below it is Declined (the API's default is 30).
    std::optional<double> face_liveness_score_decline_threshold{};
    /// Try the image in 90-degree turns and keep the best (the API's default is false).
    std::optional<bool> rotate_image{};
    /// Keep the call as an API session and enrol the face in the face search index (the API's
    /// default is true).
    std::optional<bool> save_api_request{};
    /// Your own reference, stored and echoed back; earlier faces with the same value are not
    /// reported as duplicates.
    std::optional<std::string> vendor_data{};
    /// A JSON object stored and echoed back (sent as one JSON-encoded field).
    std::optional<Json> metadata{};
    /// Further form fields (an object): strings as they are, other values JSON-encoded.
    Json extra{};

    /// The form's parts and fields, in the reference's order.
    void multipart(MultipartForm& form) const {
        form.file("user_image", user_image, upload_rules::image_5mb);
        form.number("face_liveness_score_decline_threshold", face_liveness_score_decline_threshold, 0, 100);
        form.boolean("rotate_image", rotate_image);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

/// POST /v3/age-estimation/ body (multipart/form-data): one face image and the settings. The
/// image is a JPEG, PNG, WebP or TIFF (judged by its first bytes, no PDF) of at most 5 MB, read
/// as 5 * 10^6 bytes; anything else is refused with InvalidArgument naming the part before
/// sending.
///   AgeEstimationRequest req;
///   req.user_image = FilePart::from_path("selfie.jpg");
///   req.age_estimation_decline_threshold = 21;
struct AgeEstimationRequest {
    /// The front-facing face image (a selfie); the largest face drives the estimate.
    FilePart user_image{};
    /// 0-100: a liveness score at or below it is Declined (the API's default is 30).
    std::optional<double> face_liveness_score_decline_threshold{};
    /// 0-100: an estimated age below it is Declined; 0 turns the age check off (the API's
    /// default is 18).
    std::optional<std::int64_t> age_estimation_decline_threshold{};
    /// Try the image in 90-degree turns and keep the best (the API's default is false).
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
        form.number("face_liveness_score_decline_threshold", face_liveness_score_decline_threshold, 0, 100);
        form.integer("age_estimation_decline_threshold", age_estimation_decline_threshold, 0, 100);
        form.boolean("rotate_image", rotate_image);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

/// POST /v3/poa/ body (multipart/form-data): a proof-of-address document and the settings. The
/// document is a JPEG, PNG, WebP or TIFF image or a PDF (judged by its first bytes) of at most
/// 15 MB, read as 15 * 10^6 bytes; anything else is refused with InvalidArgument naming the part
/// before sending. Extraction takes 5-30 seconds: give the call a time limit of 45 seconds or
/// more (CallOptions).
///   PoaCheckRequest req;
///   req.document = FilePart::from_path("utility_bill.pdf");
///   req.expected_country = "ESP";
struct PoaCheckRequest {
    /// The proof-of-address document (required).
    FilePart document{};
    /// The password of `document` when it is an encrypted PDF.
    std::optional<std::string> document_password{};
    /// An address to compare with the document's.
    std::optional<std::string> expected_address{};
    /// A country (ISO 3166-1 alpha-2 or alpha-3) to compare with the document's.
    std::optional<std::string> expected_country{};
    /// A first name to compare with the name on the document.
    std::optional<std::string> expected_first_name{};
    /// A last name to compare with the name on the document.
    std::optional<std::string> expected_last_name{};
    /// Accepted document languages, ISO 639-1 codes separated by commas ("en,es"); all when unset.
    std::optional<std::string> poa_languages_allowed{};
    /// The largest document age in months per type, `key:value` pairs separated by commas
    /// ("utility_bill:3,bank_statement:3").
    std::optional<std::string> poa_document_age_months{};
    /// On a name mismatch; accepted by the API but not applied today (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_name_mismatch_action{};
    /// On file-integrity problems (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_document_issues_action{};
    /// On suspected manipulation of the document (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_document_authenticity_action{};
    /// On a document language outside poa_languages_allowed (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_unsupported_language_action{};
    /// On a mismatch with the expected address, country or name (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_address_mismatch_action{};
    /// When no issuer can be identified (the API's default is DECLINE).
    std::optional<ImageCheckAction> poa_issuer_not_identified_action{};
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
        form.file("document", document, upload_rules::image_or_pdf_15mb);
        form.text("document_password", document_password);
        form.text("expected_address", expected_address);
        form.text("expected_country", expected_country);
        form.text("expected_first_name", expected_first_name);
        form.text("expected_last_name", expected_last_name);
        form.text("poa_languages_allowed", poa_languages_allowed);
        form.text("poa_document_age_months", poa_document_age_months);
        form.choice("poa_name_mismatch_action", poa_name_mismatch_action);
        form.choice("poa_document_issues_action", poa_document_issues_action);
        form.choice("poa_document_authenticity_action", poa_document_authenticity_action);
        form.choice("poa_unsupported_language_action", poa_unsupported_language_action);
        form.choice("poa_address_mismatch_action", poa_address_mismatch_action);
        form.choice("poa_issuer_not_identified_action", poa_issuer_not_identified_action);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

/// How a face search ranks its candidates.
DIDIT_CLOSED_ENUM(FaceSearchType, (MostSimilar, "most_similar"), (BlocklistedOrApproved, "blocklisted_or_approved"));

/// POST /v3/face-search/ body (multipart/form-data): one face image and the settings. The image
/// is a JPEG, PNG, WebP or TIFF (judged by its first bytes) of at most 5 MB, read as 5 * 10^6
/// bytes; anything else is refused with InvalidArgument naming the part before sending.
///   FaceSearchRequest req;
///   req.user_image = FilePart::from_path("selfie.jpg");
///   req.search_type = FaceSearchType::BlocklistedOrApproved;
struct FaceSearchRequest {
    /// The front-facing face image to search with; the largest face is searched.
    FilePart user_image{};
    /// The ranking policy (the API's default is most_similar).
    std::optional<FaceSearchType> search_type{};
    /// Try the image in 90-degree turns and keep the best (the API's default is false).
    std::optional<bool> rotate_image{};
    /// Keep the call as an API session and enrol the face in the index (the API's default is
    /// true).
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
        form.choice("search_type", search_type);
        form.boolean("rotate_image", rotate_image);
        form.boolean("save_api_request", save_api_request);
        form.text("vendor_data", vendor_data);
        form.json("metadata", metadata);
        form.extra(extra);
    }
};

}  // namespace didit
