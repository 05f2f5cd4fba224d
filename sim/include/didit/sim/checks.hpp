// SPDX-License-Identifier: MIT
// The simulator's standalone checks on uploaded files: face match, ID verification, passive
// liveness, age estimation, proof of address and face search. Results are deterministic: they
// follow from the uploaded bytes (FNV-1a), and a file can ask for a scenario by carrying the
// text `DIDIT-SIM:<RISK>` anywhere in its bytes (a JPEG comment, say), e.g.
// `DIDIT-SIM:DOCUMENT_EXPIRED`, `DIDIT-SIM:LIVENESS_FACE_ATTACK`. Two images that carry the same
// `DIDIT-SIM-FACE:<name>` show the same person (face match and face search treat them as one face).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

/// The text after `tag` in `bytes` made of [A-Z0-9_] (and [a-z-] too when `lower`), or "" when
/// `tag` does not occur.
inline std::string_view marker(std::string_view bytes, std::string_view tag, bool lower = true) {
    const std::size_t at = bytes.find(tag);
    if (at == std::string_view::npos) return {};
    std::size_t end = at + tag.size();
    while (end < bytes.size() && end - at - tag.size() < 64) {
        const char c = bytes[end];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
              (lower && ((c >= 'a' && c <= 'z') || c == '-'))))
            break;
        ++end;
    }
    return bytes.substr(at + tag.size(), end - at - tag.size());
}

/// The scenario a file asks for (`DIDIT-SIM:<RISK>`), or "".
inline std::string_view scenario(std::string_view bytes) { return marker(bytes, "DIDIT-SIM:", false); }

/// Whose face an image shows: the name after `DIDIT-SIM-FACE:`, else the image's own bytes.
inline std::string_view face_key(std::string_view bytes) {
    const std::string_view name = marker(bytes, "DIDIT-SIM-FACE:");
    return name.empty() ? bytes : name;
}

/// A digest of the face an image shows (the face index's key).
inline std::string face_digest(std::string_view bytes) { return std::to_string(detail::fnv1a(face_key(bytes))); }

/// Deterministic similarity: the same face (identical images, or the same `DIDIT-SIM-FACE:`)
/// scores 95.00-99.99, different ones 0.00-59.99.
inline double similarity(std::string_view user_bytes, std::string_view ref_bytes) {
    const std::string_view user = face_key(user_bytes), ref = face_key(ref_bytes);
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

/// A value 0-`span` with two decimals from `h`, plus `base`.
inline double spread(std::uint64_t h, double base, int span) {
    return base + static_cast<double>(h % static_cast<std::uint64_t>(span * 100)) / 100.0;
}

/// What a file of a multipart request may be.
struct FileRule {
    const char* name;
    std::size_t max_bytes;
    const char* size_text;  ///< "5 MB"
    bool pdf;
    bool required;
};

/// The file part `rule` names, checked as the API checks it; null with `error` set when it is
/// refused, null without an error when an optional part is absent.
inline const FormPart* checked_file(const Request& req, const FileRule& rule, std::optional<Reply>& error) {
    const FormPart* p = req.form_part(rule.name);
    if (!p || !p->is_file) {
        if (rule.required) error = field_error(rule.name, "No file was submitted.");
        return nullptr;
    }
    if (p->data.empty()) {
        error = field_error(rule.name, "The submitted file is empty.");
        return nullptr;
    }
    if (p->data.size() > rule.max_bytes) {
        error = field_error(rule.name,
                            "File size exceeds the maximum allowed size of " + std::string(rule.size_text) + ".");
        return nullptr;
    }
    const bool is_pdf = p->data.rfind("%PDF-", 0) == 0;
    if (image_kind(p->data).empty() && !(rule.pdf && is_pdf)) {
        error = field_error(rule.name, rule.pdf ? "Upload a valid image or PDF file."
                                                : "Upload a valid image. The file you uploaded was either not an "
                                                  "image or a corrupted image.");
        return nullptr;
    }
    return p;
}

/// The settings every image check shares, read from the form.
struct CommonFields {
    bool save = true;
    bool rotate = false;
    Json vendor_data = nullptr;
    Json metadata = nullptr;
};

/// Reads save_api_request, rotate_image, vendor_data and metadata; an error reply when one is bad.
inline std::optional<Reply> common_fields(const Request& req, CommonFields& out) {
    for (auto [name, value] :
         {std::pair<const char*, bool*>{"save_api_request", &out.save}, {"rotate_image", &out.rotate}})
        if (const FormPart* p = req.form_part(name); p && !parse_bool(p->data, *value))
            return field_error(name, "Must be a valid boolean.");
    if (const FormPart* v = req.form_part("vendor_data")) out.vendor_data = v->data;
    if (const FormPart* m = req.form_part("metadata")) {
        out.metadata = Json::parse(m->data, nullptr, false);
        if (out.metadata.is_discarded() || !out.metadata.is_object())
            return field_error("metadata", "Value must be valid JSON.");
    }
    return std::nullopt;
}

/// A number field in [min, max] (`fallback` when absent); an error reply when it is bad.
inline std::optional<Reply> number_field(const Request& req, const char* name, double min, double max, double& out) {
    const FormPart* p = req.form_part(name);
    if (!p) return std::nullopt;
    char* end = nullptr;
    out = std::strtod(p->data.c_str(), &end);
    if (p->data.empty() || end != p->data.c_str() + p->data.size() || !std::isfinite(out))
        return field_error(name, "A valid number is required.");
    if (out < min || out > max) {
        std::string range =
            std::to_string(static_cast<long long>(min)) + " and " + std::to_string(static_cast<long long>(max));
        return field_error(name, "Ensure this value is between " + range + ".");
    }
    return std::nullopt;
}

/// An integer field in [min, max]; an error reply when it is bad.
inline std::optional<Reply> integer_field(const Request& req, const char* name, long long min, long long max,
                                          std::optional<long long>& out) {
    const FormPart* p = req.form_part(name);
    if (!p) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(p->data.c_str(), &end, 10);
    if (p->data.empty() || end != p->data.c_str() + p->data.size())
        return field_error(name, "A valid integer is required.");
    if (v < min) return field_error(name, "Ensure this value is greater than or equal to " + std::to_string(min) + ".");
    if (v > max) return field_error(name, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    out = v;
    return std::nullopt;
}

/// A choice field: one of `values` (`out` keeps its default when absent); an error reply otherwise.
inline std::optional<Reply> choice_field(const Request& req, const char* name,
                                         std::initializer_list<const char*> values, std::string& out) {
    const FormPart* p = req.form_part(name);
    if (!p) return std::nullopt;
    for (const char* v : values)
        if (p->data == v) {
            out = p->data;
            return std::nullopt;
        }
    return field_error(name, "\"" + p->data + "\" is not a valid choice.");
}

/// One entry of a check's `warnings`.
inline Json warning(const char* risk, const char* feature, const char* log_type, const char* short_text,
                    const char* long_text, Json additional = nullptr) {
    return Json{{"risk", risk},
                {"feature", feature},
                {"additional_data", std::move(additional)},
                {"log_type", log_type},
                {"short_description", short_text},
                {"long_description", long_text}};
}

/// True when a warning of `log_type` "error" is among `warnings`.
inline bool any_error(const Json& warnings) {
    for (const Json& w : warnings)
        if (w.value("log_type", "") == "error") return true;
    return false;
}

/// The reply's envelope: request_id, the check under `key`, the echoes and created_at.
inline Reply check_reply(Context& ctx, const std::string& request_id, const char* key, Json check,
                         const CommonFields& f) {
    return json_reply(200, Json{{"request_id", request_id},
                                {key, std::move(check)},
                                {"vendor_data", f.vendor_data},
                                {"metadata", f.metadata},
                                {"created_at", ctx.now_iso()}});
}

/// Faces already enrolled with the same face as `bytes` (not by face search, not with the
/// caller's own vendor_data when `skip_same_vendor`).
inline std::vector<const Json*> enrolled_same_face(const App& app, std::string_view bytes, const Json& vendor_data,
                                                   bool skip_same_vendor) {
    std::vector<const Json*> out;
    const std::string digest = face_digest(bytes);
    for (const Json& e : app.face_index) {
        if (e.value("face", "") != digest || e.value("api_service", "") == "FACE_SEARCH") continue;
        if (skip_same_vendor && vendor_data.is_string() && e.value("vendor_data", Json()) == vendor_data) continue;
        out.push_back(&e);
    }
    return out;
}

/// Adds the face of `bytes` to the application's face index.
inline void enroll(Context& ctx, std::string_view bytes, const std::string& request_id, const CommonFields& f,
                   const char* service) {
    if (!ctx.app || !f.save) return;
    ctx.app->face_index.push_back(Json{{"face", face_digest(bytes)},
                                       {"request_id", request_id},
                                       {"vendor_data", f.vendor_data},
                                       {"api_service", service},
                                       {"created_at", ctx.now_iso()}});
}

/// The liveness score of a face image: 70.00-99.99, lower for the attack scenarios.
inline Json liveness_score(std::string_view bytes) {
    const std::string_view sc = scenario(bytes);
    const std::uint64_t h = detail::fnv1a(bytes);
    if (sc == "NO_FACE_DETECTED") return nullptr;
    if (sc == "LIVENESS_FACE_ATTACK" || sc == "LOW_LIVENESS_SCORE") return spread(h >> 3, 4.0, 20);
    return spread(h >> 3, 70.0, 29);
}

/// Face detection for the liveness checks: no face, one, or two for MULTIPLE_FACES_DETECTED.
inline Json liveness_faces(std::string_view bytes) {
    const std::string_view sc = scenario(bytes);
    Json d = detected(bytes);
    if (sc == "NO_FACE_DETECTED") d["entities"] = Json::array();
    if (sc == "MULTIPLE_FACES_DETECTED") {
        Json second = d["entities"][0];
        second["bbox"] = Json::array({10, 10, 90, 120});
        d["entities"].push_back(std::move(second));
    }
    return d;
}

/// Reads a face-image request's file and shared settings; an error reply when one is bad.
inline std::optional<Reply> face_request(Context& ctx, const FormPart*& image, CommonFields& f) {
    const Request& req = ctx.request;
    if (req.header("Content-Type").rfind("multipart/form-data", 0) != 0)
        return detail_error(415,
                            "Unsupported media type \"" + std::string(req.header("Content-Type")) + "\" in request.");
    std::optional<Reply> error;
    image = checked_file(req, FileRule{"user_image", kMaxImageBytes, "5 MB", false, true}, error);
    if (!image) return error;
    return common_fields(req, f);
}

/// POST /v3/passive-liveness/: a score from the image, screened against the face index.
inline Reply passive_liveness(Context& ctx) {
    const FormPart* image = nullptr;
    CommonFields f;
    if (auto e = face_request(ctx, image, f)) return *e;
    double threshold = 30;
    if (auto e = number_field(ctx.request, "face_liveness_score_decline_threshold", 0, 100, threshold)) return *e;
    const std::string_view sc = scenario(image->data);
    const std::uint64_t h = detail::fnv1a(image->data);
    const Json score = liveness_score(image->data);
    Json warnings = Json::array();
    if (score.is_null())
        warnings.push_back(
            warning("NO_FACE_DETECTED", "LIVENESS", "error", "No face detected", "No face was found in the image."));
    else if (score.get<double>() <= threshold)
        warnings.push_back(warning("LOW_LIVENESS_SCORE", "LIVENESS", "error", "Low liveness score",
                                   "The liveness score is at or below the decline threshold."));
    if (sc == "LIVENESS_FACE_ATTACK")
        warnings.push_back(warning("LIVENESS_FACE_ATTACK", "LIVENESS", "error", "Presentation attack detected",
                                   "The image shows a photo, a screen or a mask instead of a live person."));
    if (sc == "MULTIPLE_FACES_DETECTED")
        warnings.push_back(warning("MULTIPLE_FACES_DETECTED", "LIVENESS", "warning", "Multiple faces detected",
                                   "More than one face was found; the largest one was evaluated."));
    if (sc == "FACE_IN_BLOCKLIST")
        warnings.push_back(warning("FACE_IN_BLOCKLIST", "LIVENESS", "error", "Face in blocklist",
                                   "The face matches an entry of the face blocklist.",
                                   Json{{"blocklisted_session_id", ctx.uuid()},
                                        {"blocklisted_session_number", nullptr},
                                        {"api_service", nullptr}}));
    if (ctx.app && !score.is_null())
        for (const Json* e : enrolled_same_face(*ctx.app, image->data, f.vendor_data, true)) {
            warnings.push_back(warning("DUPLICATED_FACE", "LIVENESS", "information", "Duplicated face",
                                       "The same face appeared in another session.",
                                       Json{{"duplicated_session_id", e->value("request_id", "")},
                                            {"duplicated_session_number", nullptr},
                                            {"api_service", e->value("api_service", Json())}}));
            break;
        }
    const std::string id = ctx.uuid();
    Json check{{"status", any_error(warnings) ? "Declined" : "Approved"},
               {"method", "PASSIVE"},
               {"score", score},
               {"user_image", liveness_faces(image->data)},
               {"warnings", std::move(warnings)},
               {"face_quality", score.is_null() ? Json(nullptr) : Json(spread(h >> 17, 60.0, 39))},
               {"face_luminance", score.is_null() ? Json(nullptr) : Json(spread(h >> 29, 35.0, 40))}};
    if (!score.is_null()) enroll(ctx, image->data, id, f, "PASSIVE_LIVENESS");
    return check_reply(ctx, id, "liveness", std::move(check), f);
}

/// POST /v3/age-estimation/: an age and a liveness score from the image; Approved only
/// without warnings.
inline Reply age_estimation(Context& ctx) {
    const FormPart* image = nullptr;
    CommonFields f;
    if (auto e = face_request(ctx, image, f)) return *e;
    double threshold = 30;
    std::optional<long long> min_age;
    if (auto e = number_field(ctx.request, "face_liveness_score_decline_threshold", 0, 100, threshold)) return *e;
    if (auto e = integer_field(ctx.request, "age_estimation_decline_threshold", 0, 100, min_age)) return *e;
    const long long minimum = min_age.value_or(18);
    const std::string_view sc = scenario(image->data);
    const std::uint64_t h = detail::fnv1a(image->data);
    const Json score = liveness_score(image->data);
    Json age = nullptr;
    if (!score.is_null()) age = sc == "AGE_BELOW_MINIMUM" ? spread(h >> 11, 13.0, 4) : spread(h >> 11, 19.0, 45);
    Json warnings = Json::array();
    if (score.is_null()) {
        warnings.push_back(
            warning("NO_FACE_DETECTED", "LIVENESS", "error", "No face detected", "No face was found in the image."));
        warnings.push_back(warning("AGE_NOT_DETECTED", "LIVENESS", "error", "Age not detected",
                                   "No age could be estimated from the image."));
    } else if (score.get<double>() <= threshold) {
        warnings.push_back(warning("LOW_LIVENESS_SCORE", "LIVENESS", "error", "Low liveness score",
                                   "The liveness score is at or below the decline threshold."));
    }
    if (sc == "LIVENESS_FACE_ATTACK")
        warnings.push_back(warning("LIVENESS_FACE_ATTACK", "LIVENESS", "error", "Presentation attack detected",
                                   "The image shows a photo, a screen or a mask instead of a live person."));
    if (age.is_number() && minimum > 0 && age.get<double>() < static_cast<double>(minimum))
        warnings.push_back(warning("AGE_BELOW_MINIMUM", "LIVENESS", "error", "Age below minimum",
                                   "The estimated age is below the minimum age."));
    const std::string id = ctx.uuid();
    Json check{{"status", warnings.empty() ? "Approved" : "Declined"},
               {"method", "PASSIVE"},
               {"score", score},
               {"user_image", liveness_faces(image->data)},
               {"age_estimation", age},
               {"warnings", std::move(warnings)}};
    if (!score.is_null()) enroll(ctx, image->data, id, f, "AGE_ESTIMATION");
    return check_reply(ctx, id, "age_estimation", std::move(check), f);
}

/// One fictional person of the simulator, picked by a hash.
struct SimPerson {
    const char* first;
    const char* last;
    const char* sex;
    const char* state;
    const char* state_name;
};
inline const SimPerson& person_of(std::uint64_t h) {
    static const SimPerson people[] = {
        {"Carmen", "Garcia Lopez", "F", "ESP", "Spain"}, {"Lucas", "Martin", "M", "FRA", "France"},
        {"Ana", "Silva Costa", "F", "PRT", "Portugal"},  {"Jonas", "Becker", "M", "DEU", "Germany"},
        {"Giulia", "Romano", "F", "ITA", "Italy"},       {"Daniel", "Walker", "M", "USA", "United States"},
    };
    return people[h % (sizeof(people) / sizeof(people[0]))];
}

/// POST /v3/id-verification/: the holder's data derived from the document's bytes, and the
/// document checks, with risks asked for by `DIDIT-SIM:<RISK>`.
inline Reply id_verification(Context& ctx) {
    const Request& req = ctx.request;
    if (req.header("Content-Type").rfind("multipart/form-data", 0) != 0)
        return detail_error(415,
                            "Unsupported media type \"" + std::string(req.header("Content-Type")) + "\" in request.");
    std::optional<Reply> error;
    const FormPart* front = checked_file(req, FileRule{"front_image", 10000000, "10 MB", true, true}, error);
    if (!front) return *error;
    const FormPart* back = checked_file(req, FileRule{"back_image", 10000000, "10 MB", true, false}, error);
    if (error) return *error;
    CommonFields f;
    if (auto e = common_fields(req, f)) return *e;
    bool liveness = false;
    if (const FormPart* p = req.form_part("perform_document_liveness"); p && !parse_bool(p->data, liveness))
        return field_error("perform_document_liveness", "Must be a valid boolean.");
    std::optional<long long> minimum_age;
    if (auto e = integer_field(req, "minimum_age", 1, 120, minimum_age)) return *e;
    std::string expiry_action = "NO_ACTION", mrz_action = "DECLINE", data_action = "DECLINE", script = "latin";
    if (auto e = choice_field(req, "expiration_date_not_detected_action", {"NO_ACTION", "DECLINE"}, expiry_action))
        return *e;
    if (auto e = choice_field(req, "invalid_mrz_action", {"NO_ACTION", "DECLINE"}, mrz_action)) return *e;
    if (auto e = choice_field(req, "inconsistent_data_action", {"NO_ACTION", "DECLINE"}, data_action)) return *e;
    if (auto e = choice_field(req, "preferred_characters", {"latin", "non_latin"}, script)) return *e;
    for (const char* pw : {"front_image_password", "back_image_password"}) {
        const FormPart* file = std::string_view(pw).rfind("front", 0) == 0 ? front : back;
        if (file && file->data.find("/Encrypt") != std::string::npos && file->data.rfind("%PDF-", 0) == 0 &&
            !req.form_part(pw))
            return detail_error(400, "The PDF is encrypted: send its password in " + std::string(pw) + ".");
    }
    std::string sc(scenario(front->data));
    if (sc.empty() && back) sc = std::string(scenario(back->data));
    if (sc == "COULD_NOT_RECOGNIZE_DOCUMENT") return json_reply(400, Json{{"error", "COULD_NOT_RECOGNIZE_DOCUMENT"}});

    const std::uint64_t h = detail::fnv1a(front->data);
    const SimPerson& who = person_of(h);
    const int birth_year = 1960 + static_cast<int>((h >> 8) % 45), birth_month = 1 + static_cast<int>((h >> 16) % 12),
              birth_day = 1 + static_cast<int>((h >> 20) % 28);
    const int expiry_year =
        sc == "DOCUMENT_EXPIRED" ? 2019 + static_cast<int>((h >> 24) % 5) : 2028 + static_cast<int>((h >> 24) % 8);
    auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    const std::string dob = std::to_string(birth_year) + "-" + two(birth_month) + "-" + two(birth_day);
    const std::string expiry = std::to_string(expiry_year) + "-" + two(birth_month) + "-" + two(birth_day);
    const std::string issue = std::to_string(expiry_year - 10) + "-" + two(birth_month) + "-" + two(birth_day);
    std::string number = "SIM";
    for (int i = 0; i < 6; ++i) number += static_cast<char>('0' + static_cast<int>((h >> (i * 5 + 30)) % 10));
    int current_year = 0;  // the clock's year: four digits, read by hand (no conversion can fail)
    for (char c : ctx.now_iso().substr(0, 4)) current_year = current_year * 10 + (c >= '0' && c <= '9' ? c - '0' : 0);

    Json warnings = Json::array();
    auto add = [&](const char* risk, const char* log_type, const char* short_text, const char* long_text) {
        warnings.push_back(warning(risk, "ID_VERIFICATION", log_type, short_text, long_text));
    };
    if (sc == "DOCUMENT_EXPIRED") add("DOCUMENT_EXPIRED", "error", "Document expired", "The document has expired.");
    if (liveness &&
        (sc == "SCREEN_CAPTURE_DETECTED" || sc == "PRINTED_COPY_DETECTED" || sc == "PORTRAIT_MANIPULATION_DETECTED"))
        warnings.push_back(warning(sc == "SCREEN_CAPTURE_DETECTED" ? "SCREEN_CAPTURE_DETECTED"
                                   : sc == "PRINTED_COPY_DETECTED" ? "PRINTED_COPY_DETECTED"
                                                                   : "PORTRAIT_MANIPULATION_DETECTED",
                                   "ID_VERIFICATION", "error", "Document liveness failed",
                                   "The images show a screen, a printed copy or a manipulated portrait."));
    if (sc == "MRZ_VALIDATION_FAILED")
        add("MRZ_VALIDATION_FAILED", mrz_action == "DECLINE" ? "error" : "warning", "MRZ validation failed",
            "The check digits of the machine-readable zone do not validate.");
    if (sc == "DATA_INCONSISTENT")
        add("DATA_INCONSISTENT", data_action == "DECLINE" ? "error" : "warning", "Inconsistent data",
            "The data extracted from the document disagree with each other.");
    if (sc == "EXPIRATION_DATE_NOT_DETECTED")
        add("EXPIRATION_DATE_NOT_DETECTED", expiry_action == "DECLINE" ? "error" : "warning",
            "Expiration date not detected", "No expiration date could be read from the document.");
    const bool no_expiry = sc == "EXPIRATION_DATE_NOT_DETECTED";
    const std::string last_upper = [&] {
        std::string s = who.last;
        for (char& c : s)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return s;
    }();
    Json mrz = back ? Json{{"surname", last_upper},
                           {"name", who.first},
                           {"country", who.state},
                           {"nationality", who.state},
                           {"birth_date", dob.substr(2, 2) + dob.substr(5, 2) + dob.substr(8, 2)},
                           {"expiry_date", expiry.substr(2, 2) + expiry.substr(5, 2) + expiry.substr(8, 2)},
                           {"sex", who.sex},
                           {"document_type", "ID"},
                           {"document_number", number},
                           {"warnings", Json::array()},
                           {"errors", sc == "MRZ_VALIDATION_FAILED" ? Json::array({"final_hash"}) : Json::array()},
                           {"mrz_type", "TD1"}}
                    : Json::object();
    const bool save = f.save;
    const std::string id = ctx.uuid();
    auto image = [&](const char* which) -> Json {
        return save ? Json(ctx.url("/_sim/media/ocr/" + id + "-" + which + ".jpg")) : Json("/9j/4AAQSkZJRgABAQ==");
    };
    Json check{{"status", any_error(warnings) ? "Declined" : "Approved"},
               {"document_type", back ? "Identity Card" : "Passport"},
               {"document_subtype", back ? "ID_CARD_GENERIC" : "PASSPORT_GENERIC"},
               {"document_number", number},
               {"personal_number", nullptr},
               {"portrait_image", image("portrait_image")},
               {"front_image", image("front_image")},
               {"back_image", back ? image("back_image") : Json(nullptr)},
               {"front_image_quality_score", Json{{"focus_score", spread(h >> 5, 60, 40)},
                                                  {"brightness_score", spread(h >> 9, 60, 40)},
                                                  {"brightness_issue", "ok"},
                                                  {"is_document_fully_visible", true},
                                                  {"resolution_score", spread(h >> 13, 30, 60)},
                                                  {"overall_score", spread(h >> 19, 60, 39)}}},
               {"back_image_quality_score", nullptr},
               {"date_of_birth", dob},
               {"age", current_year - birth_year},
               {"expiration_date", no_expiry ? Json(nullptr) : Json(expiry)},
               {"date_of_issue", issue},
               {"issuing_state", who.state},
               {"issuing_state_name", who.state_name},
               {"first_name", who.first},
               {"last_name", who.last},
               {"full_name", std::string(who.first) + " " + who.last},
               {"gender", who.sex},
               {"address", nullptr},
               {"formatted_address", nullptr},
               {"place_of_birth", nullptr},
               {"marital_status", "UNKNOWN"},
               {"nationality", who.state},
               {"extra_fields", Json::object()},
               {"mrz", std::move(mrz)},
               {"parsed_address", nullptr},
               {"warnings", std::move(warnings)},
               {"barcodes", Json::array()}};
    return check_reply(ctx, id, "id_verification", std::move(check), f);
}

/// POST /v3/poa/: an issuer, dates and an address derived from the document's bytes, compared
/// with the expected details, with risks asked for by `DIDIT-SIM:<RISK>`.
inline Reply proof_of_address(Context& ctx) {
    const Request& req = ctx.request;
    if (req.header("Content-Type").rfind("multipart/form-data", 0) != 0)
        return detail_error(415,
                            "Unsupported media type \"" + std::string(req.header("Content-Type")) + "\" in request.");
    std::optional<Reply> error;
    const FormPart* doc = checked_file(req, FileRule{"document", 15000000, "15 MB", true, true}, error);
    if (!doc) return *error;
    CommonFields f;
    if (auto e = common_fields(req, f)) return *e;
    const char* action_names[] = {"poa_name_mismatch_action",         "poa_document_issues_action",
                                  "poa_document_authenticity_action", "poa_unsupported_language_action",
                                  "poa_address_mismatch_action",      "poa_issuer_not_identified_action"};
    std::string actions[6];
    for (int i = 0; i < 6; ++i) {
        actions[i] = "DECLINE";
        if (auto e = choice_field(req, action_names[i], {"DECLINE", "NO_ACTION"}, actions[i])) return *e;
    }
    auto level = [&](int i) { return actions[i] == "DECLINE" ? "error" : "information"; };
    if (doc->data.rfind("%PDF-", 0) == 0 && doc->data.find("/Encrypt") != std::string::npos &&
        !req.form_part("document_password"))
        return detail_error(400, "The PDF is encrypted: send its password in document_password.");
    const std::string sc(scenario(doc->data));
    if (sc == "UNPROCESSABLE")
        return json_reply(400, Json{{"error", Json::array({"Error extracting POA information"})}});

    const std::uint64_t h = detail::fnv1a(doc->data);
    const SimPerson& who = person_of(h);
    struct Place {
        const char *street, *city, *region, *country2, *country3, *postal, *issuer, *lang;
        double lat, lng;
    };
    static const Place places[] = {
        {"Calle de Alcala 45", "Madrid", "Comunidad de Madrid", "ES", "ESP", "28014", "Canal de Isabel II", "es",
         40.4189, -3.6969},
        {"Rue de Rivoli 80", "Paris", "Ile-de-France", "FR", "FRA", "75004", "EDF", "fr", 48.8584, 2.3488},
        {"Main Street 12", "Springfield", "Illinois", "US", "USA", "62701", "Springfield Power", "en", 39.7990,
         -89.6440},
    };
    const Place& at = places[(h >> 7) % (sizeof(places) / sizeof(places[0]))];
    const bool bank = (h >> 3) % 3 == 0;
    const std::string today = ctx.now_iso().substr(0, 10);
    const std::string issue = sc == "POA_DOCUMENT_EXPIRED" ? "2019-01-15" : today.substr(0, 8) + "01";
    const std::string full_name = std::string(who.first) + " " + who.last;
    const std::string address = std::string(at.street) + ", " + at.postal + " " + at.city;

    Json warnings = Json::array();
    auto add = [&](const char* risk, const char* log_type, const char* text) {
        warnings.push_back(warning(risk, "PROOF_OF_ADDRESS", log_type, text, text));
    };
    if (sc == "POA_DOCUMENT_EXPIRED") add("POA_DOCUMENT_EXPIRED", "error", "The document is older than allowed.");
    if (sc == "MISSING_ADDRESS_INFORMATION")
        add("MISSING_ADDRESS_INFORMATION", "error", "No address could be read from the document.");
    if (sc == "ISSUER_NOT_IDENTIFIED") add("ISSUER_NOT_IDENTIFIED", level(5), "No issuer could be identified.");
    if (sc == "SUSPECTED_DOCUMENT_MANIPULATION")
        add("SUSPECTED_DOCUMENT_MANIPULATION", level(2), "The document appears to have been edited.");
    if (sc == "DOCUMENT_METADATA_MISMATCH")
        add("DOCUMENT_METADATA_MISMATCH", level(1), "The file's metadata disagree with its content.");
    if (const FormPart* langs = req.form_part("poa_languages_allowed");
        langs && !langs->data.empty() && langs->data.find(at.lang) == std::string::npos)
        add("UNSUPPORTED_DOCUMENT_LANGUAGE", level(3), "The document's language is not among the allowed ones.");
    if (const FormPart* c = req.form_part("expected_country"); c && c->data != at.country2 && c->data != at.country3)
        add("POA_COUNTRY_MISMATCH_WITH_PROVIDED", level(4), "The document's country differs from the expected one.");
    if (const FormPart* a = req.form_part("expected_address"); a && a->data.find(at.city) == std::string::npos)
        add("ADDRESS_MISMATCH_WITH_PROVIDED", level(4), "The document's address differs from the expected one.");
    const FormPart* first = req.form_part("expected_first_name");
    const FormPart* last = req.form_part("expected_last_name");
    if ((first && first->data != who.first) || (last && last->data != who.last))
        add("NAME_MISMATCH_WITH_PROVIDED", level(4), "The name on the document differs from the expected one.");
    const bool hard = sc == "POA_DOCUMENT_EXPIRED" || sc == "MISSING_ADDRESS_INFORMATION" ||
                      (sc == "ISSUER_NOT_IDENTIFIED" && actions[5] == "DECLINE");
    const bool no_address = sc == "MISSING_ADDRESS_INFORMATION";
    const FormPart* expected = req.form_part("expected_address");
    Json check{{"status", hard || any_error(warnings) ? "Declined" : "Approved"},
               {"issuing_state", at.country3},
               {"document_type", bank ? "BANK_STATEMENT" : "UTILITY_BILL"},
               {"document_subtype", bank ? "BANK_STATEMENT" : "ELECTRICITY_BILL"},
               {"document_language", at.lang},
               {"issuer", sc == "ISSUER_NOT_IDENTIFIED" ? Json(nullptr) : Json(bank ? "Sim Bank" : at.issuer)},
               {"issue_date", issue},
               {"expiration_date", nullptr},
               {"poa_address", no_address ? Json(nullptr) : Json(address)},
               {"poa_formatted_address", no_address ? Json(nullptr) : Json(address)},
               {"poa_parsed_address",
                no_address ? Json(nullptr)
                           : Json{{"street_1", at.street},
                                  {"street_2", nullptr},
                                  {"city", at.city},
                                  {"region", at.region},
                                  {"country", at.country2},
                                  {"postal_code", at.postal},
                                  {"document_location", Json{{"latitude", at.lat}, {"longitude", at.lng}}}}},
               {"expected_details_address", expected ? Json(expected->data) : Json(nullptr)},
               {"expected_details_formatted_address", expected ? Json(expected->data) : Json(nullptr)},
               {"expected_details_parsed_address", nullptr},
               {"name_on_document", full_name},
               {"extra_fields", Json{{"bank_account_number", nullptr},
                                     {"bank_iban", bank ? Json("ES9121000418450200051332") : Json(nullptr)},
                                     {"bank_sort_code", nullptr},
                                     {"bank_routing_number", nullptr},
                                     {"bank_swift_bic", nullptr},
                                     {"bank_branch_name", nullptr},
                                     {"bank_branch_address", nullptr},
                                     {"document_phone_number", nullptr},
                                     {"additional_names", Json::array()}}},
               {"warnings", std::move(warnings)}};
    return check_reply(ctx, ctx.uuid(), "poa", std::move(check), f);
}

/// POST /v3/face-search/: the faces of the application's face index that show the same face.
inline Reply face_search(Context& ctx) {
    const FormPart* image = nullptr;
    CommonFields f;
    if (auto e = face_request(ctx, image, f)) return *e;
    std::string type = "most_similar";
    if (auto e = choice_field(ctx.request, "search_type", {"most_similar", "blocklisted_or_approved"}, type)) return *e;
    const std::string_view sc = scenario(image->data);
    if (sc == "NO_FACE_DETECTED") return json_reply(400, Json{{"error", "No face detected in the image."}});
    Json matches = Json::array(), warnings = Json::array();
    if (sc == "FACE_IN_BLOCKLIST") {
        matches.push_back(Json{{"session_id", nullptr},
                               {"session_number", nullptr},
                               {"similarity_percentage", similarity(image->data, image->data)},
                               {"source", "list_entry"},
                               {"vendor_data", nullptr},
                               {"verification_date", nullptr},
                               {"user_details", nullptr},
                               {"match_image_url", f.save ? Json(ctx.url("/_sim/media/face/blocklisted.jpg"))
                                                          : Json("face/blocklisted.jpg")},
                               {"status", nullptr},
                               {"is_blocklisted", true},
                               {"is_allowlisted", false},
                               {"api_service", nullptr}});
        warnings.push_back(warning("FACE_IN_BLOCKLIST", "LIVENESS", "error", "Face in blocklist",
                                   "The face matches an entry of the face blocklist."));
    }
    if (ctx.app) {
        const auto same = enrolled_same_face(*ctx.app, image->data, f.vendor_data, false);
        for (auto it = same.rbegin(); it != same.rend() && matches.size() < 5; ++it) {
            const Json& e = **it;
            const std::string rid = e.value("request_id", "");
            matches.push_back(Json{{"session_id", rid},
                                   {"session_number", nullptr},
                                   {"similarity_percentage", similarity(image->data, image->data)},
                                   {"source", "session"},
                                   {"vendor_data", e.value("vendor_data", Json())},
                                   {"verification_date", e.value("created_at", Json())},
                                   {"user_details", nullptr},
                                   {"match_image_url", f.save ? Json(ctx.url("/_sim/media/face/" + rid + ".jpg"))
                                                              : Json("face/" + rid + ".jpg")},
                                   {"status", "Approved"},
                                   {"is_blocklisted", false},
                                   {"is_allowlisted", false},
                                   {"api_service", e.value("api_service", Json())}});
        }
        if (!same.empty())
            warnings.push_back(warning("DUPLICATED_FACE", "LIVENESS", "information", "Duplicated face",
                                       "The same face appeared in another session."));
    }
    if (sc == "MULTIPLE_FACES_DETECTED")
        warnings.push_back(warning("MULTIPLE_FACES_DETECTED", "LIVENESS", "warning", "Multiple faces detected",
                                   "More than one face was found; the largest one was searched."));
    Json faces = liveness_faces(image->data);
    for (Json& e : faces["entities"]) e = Json{{"bbox", e["bbox"]}, {"confidence", e["confidence"]}};
    const std::string id = ctx.uuid();
    const auto total = matches.size();
    Json check{{"status", any_error(warnings) ? "Declined" : "Approved"},
               {"total_matches", total},
               {"matches", std::move(matches)},
               {"user_image", std::move(faces)},
               {"warnings", std::move(warnings)}};
    enroll(ctx, image->data, id, f, "FACE_SEARCH");
    return check_reply(ctx, id, "face_search", std::move(check), f);
}

}  // namespace checks_detail

/// Installs the standalone checks on uploaded files: face match, ID verification, passive
/// liveness, age estimation, proof of address and face search.
inline void install_checks(Router& router) {
    const std::pair<const char*, Handler> routes[] = {
        {"/v3/face-match/", checks_detail::face_match},
        {"/v3/id-verification/", checks_detail::id_verification},
        {"/v3/passive-liveness/", checks_detail::passive_liveness},
        {"/v3/age-estimation/", checks_detail::age_estimation},
        {"/v3/poa/", checks_detail::proof_of_address},
        {"/v3/face-search/", checks_detail::face_search},
    };
    for (const auto& [path, handler] : routes)
        router.add(Method::Post, path, Auth::ApiKey, handler).missing_auth_detail = checks_detail::kMissingAuth;
}

}  // namespace sim
}  // namespace didit
