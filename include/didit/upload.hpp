// SPDX-License-Identifier: MIT
// File uploads: FilePart, the per-part rules, and the multipart/form-data encoder.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <didit/body.hpp>
#include <didit/detail/config.hpp>
#include <didit/detail/float_text.hpp>
#include <didit/detail/json.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// What a file part may hold and how large it may be, as the API reference states per part.
/// Types are recognised by the file's first bytes (magic numbers), never by its name.
struct UploadRule {
    bool images = true;  ///< JPEG, PNG, WebP or TIFF
    bool pdf = false;    ///< PDF
    /// The largest accepted file in bytes. The reference says "5 MB"; the SDK reads it as
    /// 5 * 10^6 bytes (the stricter of the two readings), so a file it accepts is within the
    /// API's limit whichever one the API applies.
    std::uint64_t max_bytes = 5000000;
    /// Text as well (CSV, NDJSON, plain text): a file whose first bytes are none of the types above
    /// and hold no control character other than tab, CR, LF and form feed. Its content type is the
    /// one declared (`text/csv`, `application/x-ndjson`, `text/plain`), else by the name:
    /// `application/x-ndjson` for `.ndjson` or `.jsonl`, `text/plain` for `.txt`, `text/csv` for any other.
    bool text = false;
};

/// The rules of the API's upload parts.
namespace upload_rules {
/// An image of at most 5 MB (5 * 10^6 bytes): JPEG, PNG, WebP or TIFF (face match, liveness).
inline constexpr UploadRule image_5mb{true, false, 5000000};
/// An image or a PDF of at most 5 MB (5 * 10^6 bytes).
inline constexpr UploadRule image_or_pdf_5mb{true, true, 5000000};
/// A JPEG, PNG, WebP or TIFF image, a PDF, plain text or CSV of at most 5 MB (5 * 10^6 bytes):
/// case note attachments.
inline constexpr UploadRule document_5mb{true, true, 5000000, true};
/// An image or a PDF of at most 10 MB (10 * 10^6 bytes): the sides of an ID document.
inline constexpr UploadRule image_or_pdf_10mb{true, true, 10000000};
/// An image or a PDF of at most 15 MB (15 * 10^6 bytes): a proof-of-address document.
inline constexpr UploadRule image_or_pdf_15mb{true, true, 15000000};
/// An image of at most 1 MB (10^6 bytes): a branding logo.
inline constexpr UploadRule image_1mb{true, false, 1000000};
/// An image of at most 500 KB (5 * 10^5 bytes): a branding favicon.
inline constexpr UploadRule image_500kb{true, false, 500000};
/// CSV or NDJSON text of at most 25 MB (25 * 10^6 bytes): a verification import file.
inline constexpr UploadRule text_25mb{false, false, 25000000, true};
}  // namespace upload_rules

/// One file of an upload: a path, read in chunks while the request is sent and never loaded
/// whole, or bytes already in memory (kept by shared pointer, not copied again).
///   FilePart::from_path("selfie.jpg");
///   FilePart::from_memory(std::move(jpeg_bytes), "selfie.jpg", "image/jpeg");
/// A default-constructed part is empty: a request that needs it is refused.
class FilePart {
public:
    /// No file.
    FilePart() = default;

    /// The file at `path`; its name on the wire is the path's last component. The file is
    /// checked (readable, size, type by its first bytes) when the request is encoded.
    static FilePart from_path(std::string path) {
        FilePart p;
        std::size_t slash = path.find_last_of("/\\");
        p.filename_ = slash == std::string::npos ? path : path.substr(slash + 1);
        p.path_ = std::move(path);
        return p;
    }
    /// Bytes in memory, sent as `filename`. `content_type` ("image/jpeg"...) may be empty; when
    /// given it must agree with what the bytes are. Pass an rvalue to avoid the one copy.
    static FilePart from_memory(std::string bytes, std::string filename, std::string content_type = {}) {
        return from_memory(std::make_shared<const std::string>(std::move(bytes)), std::move(filename),
                           std::move(content_type));
    }
    /// The same for bytes shared with the caller (never copied).
    static FilePart from_memory(std::shared_ptr<const std::string> bytes, std::string filename,
                                std::string content_type = {}) {
        FilePart p;
        p.bytes_ = bytes ? std::move(bytes) : std::make_shared<const std::string>();
        p.filename_ = std::move(filename);
        p.content_type_ = std::move(content_type);
        return p;
    }

    /// True when no file was given.
    bool empty() const noexcept { return !bytes_ && path_.empty(); }
    /// True for a part read from a path.
    bool is_path() const noexcept { return !bytes_ && !path_.empty(); }
    /// The path (from_path), else empty.
    const std::string& path() const noexcept { return path_; }
    /// The bytes (from_memory), else null.
    const std::shared_ptr<const std::string>& bytes() const noexcept { return bytes_; }
    /// The file name sent in Content-Disposition.
    const std::string& filename() const noexcept { return filename_; }
    /// The content type the caller declared (from_memory), or empty.
    const std::string& declared_content_type() const noexcept { return content_type_; }

private:
    std::string path_;
    std::shared_ptr<const std::string> bytes_;
    std::string filename_;
    std::string content_type_;
};

/// A multipart/form-data body: the streamed bytes and the request's Content-Type header value
/// (`multipart/form-data; boundary=...`).
struct MultipartBody {
    /// The encoded body, file parts as file ranges.
    std::shared_ptr<const BodySource> source;
    /// The value of the request's Content-Type header.
    std::string content_type;
};

/// Builds a multipart/form-data body from a request model's parts and settings. A multipart
/// request model declares them in a member `void multipart(MultipartForm& form) const`:
///   form.file("user_image", user_image, upload_rules::image_5mb);
///   form.number("face_match_score_decline_threshold", threshold, 0, 100);
///   form.boolean("rotate_image", rotate_image);
/// The first problem (a missing or unreadable file, one over its size limit or not of an
/// accepted type, a number out of range) is kept, and finish() returns it as InvalidArgument
/// naming the part. Nothing is read from a file part beyond its first bytes until it is sent.
class MultipartForm {
public:
    /// Makes boundaries from `boundary` (tests), else 32 random hex digits after "didit-".
    explicit MultipartForm(std::function<std::string()> boundary = {}) : boundary_gen_(std::move(boundary)) {}

    /// A required file part checked against `rule`.
    void file(std::string_view name, const FilePart& part, const UploadRule& rule);
    /// An optional file part: nothing when `part` is empty, else checked as file() checks it.
    void optional_file(std::string_view name, const FilePart& part, const UploadRule& rule) {
        if (!part.empty()) file(name, part, rule);
    }
    /// An enumeration (DIDIT_ENUM or DIDIT_CLOSED_ENUM) as a text field, when set. Only the values
    /// of its table are sent: any other is refused, as a closed enum is refused in JSON.
    template <class E>
    void choice(std::string_view name, const std::optional<E>& value) {
        if (!value) return;
        if (!value->is_known()) return fail(name, "is not one of the values the API accepts");
        add_text(name, std::string(value->str()));
    }
    /// Refuses the form, naming `name`: for a rule between fields (exactly one of two, say).
    void refuse(std::string_view name, const std::string& why) { fail(name, why); }
    /// A text field, when set.
    void text(std::string_view name, const std::optional<std::string>& value) {
        if (value) add_text(name, *value);
    }
    /// A number field in [min, max] as text ("50.0"), when set.
    void number(std::string_view name, const std::optional<double>& value, double min, double max);
    /// An integer field in [min, max] as decimal text ("18"), when set.
    void integer(std::string_view name, const std::optional<std::int64_t>& value, std::int64_t min, std::int64_t max) {
        if (!value) return;
        if (*value < min || *value > max)
            return fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
        add_text(name, std::to_string(*value));
    }
    /// A boolean field as "true" or "false", when set.
    void boolean(std::string_view name, const std::optional<bool>& value) {
        if (value) add_text(name, *value ? "true" : "false");
    }
    /// A JSON value as one JSON-encoded text field (e.g. `metadata`), when set.
    void json(std::string_view name, const std::optional<Json>& value) {
        if (value) add_text(name, detail::dump_json(*value));
    }
    /// Every member of `extra` (an object or null) as a field: strings as they are, other
    /// values JSON-encoded. A member named like a declared field is refused.
    void extra(const Json& extra);

    /// The encoded body, or the first problem met (InvalidArgument naming the part).
    Result<MultipartBody> finish();

private:
    struct Part {
        std::string name;
        std::string filename;  // file parts only
        std::string content_type;
        std::string text;                          // text fields
        std::shared_ptr<const std::string> bytes;  // in-memory file parts
        std::string path;                          // file parts from a path
        std::uint64_t size = 0;
        bool is_file = false;
    };
    void add_text(std::string_view name, std::string value);
    void fail(std::string_view name, const std::string& why);
    std::string next_boundary();

    std::function<std::string()> boundary_gen_;
    std::vector<Part> parts_;
    std::optional<Error> error_;
};

namespace detail {
/// The content type of `head` (a file's first bytes) by its magic number, or "" when none of
/// JPEG, PNG, WebP, TIFF, PDF.
DIDIT_INLINE std::string_view sniff_content_type(std::string_view head) noexcept;
/// True when `head` (a file's first bytes) holds no NUL and no control character other than tab,
/// CR, LF and form feed: the start of a text file such as CSV or NDJSON.
DIDIT_INLINE bool looks_like_text(std::string_view head) noexcept;
/// The content type of a text part: `declared` when it is a text type the API takes (or empty,
/// then by the name), "" when it is some other type.
DIDIT_INLINE std::string_view text_content_type(std::string_view declared, std::string_view filename) noexcept;
/// `s` for a quoted Content-Disposition parameter: `"`, CR and LF percent-encoded (as browsers do).
DIDIT_INLINE std::string escape_form_name(std::string_view s);
}  // namespace detail

/// Encodes a multipart request model (one with `multipart(MultipartForm&) const`): the one
/// encoder behind both the synchronous and the asynchronous call of a multipart route.
template <class T>
Result<MultipartBody> encode_multipart(const T& request) {
    MultipartForm form;
    request.multipart(form);
    return form.finish();
}

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

namespace detail {
DIDIT_INLINE std::string_view sniff_content_type(std::string_view h) noexcept {
    auto starts = [&](std::string_view m) { return h.size() >= m.size() && h.substr(0, m.size()) == m; };
    if (starts(std::string_view("\xFF\xD8\xFF", 3))) return "image/jpeg";
    if (starts(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
    if (h.size() >= 12 && starts("RIFF") && h.substr(8, 4) == "WEBP") return "image/webp";
    if (starts(std::string_view("II*\0", 4)) || starts(std::string_view("MM\0*", 4))) return "image/tiff";
    if (starts("%PDF-")) return "application/pdf";
    return {};
}

DIDIT_INLINE bool looks_like_text(std::string_view head) noexcept {
    for (char c : head) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\r' && c != '\n' && c != '\f') || u == 0x7F) return false;
    }
    return true;
}

DIDIT_INLINE std::string_view text_content_type(std::string_view declared, std::string_view filename) noexcept {
    for (std::string_view t : {"text/csv", "application/x-ndjson", "text/plain"})
        if (iequals(declared, t)) return t;
    if (!declared.empty()) return {};
    auto ends = [&](std::string_view ext) {
        return filename.size() >= ext.size() && iequals(filename.substr(filename.size() - ext.size()), ext);
    };
    if (ends(".ndjson") || ends(".jsonl")) return "application/x-ndjson";
    return ends(".txt") ? "text/plain" : "text/csv";
}

DIDIT_INLINE std::string escape_form_name(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '"')
            out += "%22";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}
}  // namespace detail

DIDIT_INLINE void MultipartForm::fail(std::string_view name, const std::string& why) {
    if (!error_) error_ = make_error(ErrorKind::InvalidArgument, std::string(name) + ": " + why);
}

DIDIT_INLINE void MultipartForm::add_text(std::string_view name, std::string value) {
    Part p;
    p.name = std::string(name);
    p.text = std::move(value);
    parts_.push_back(std::move(p));
}

DIDIT_INLINE void MultipartForm::file(std::string_view name, const FilePart& part, const UploadRule& rule) {
    Part p;
    p.name = std::string(name);
    p.is_file = true;
    p.filename = part.filename();
    std::string head;
    if (part.empty()) return fail(name, "a file is required");
    if (part.is_path()) {
        std::ifstream f(part.path(), std::ios::binary | std::ios::ate);
        if (!f) return fail(name, "cannot open " + part.path());
        const auto end = f.tellg();
        if (end < 0) return fail(name, "cannot read " + part.path());
        p.size = static_cast<std::uint64_t>(end);
        f.seekg(0);
        head.resize(16);
        f.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(f.gcount()));
        if (head.empty() && p.size > 0) return fail(name, "cannot read " + part.path());
        p.path = part.path();
    } else {
        p.bytes = part.bytes();
        p.size = p.bytes->size();
        head = p.bytes->substr(0, 16);
    }
    if (p.size == 0) return fail(name, "the file is empty");
    if (p.size > rule.max_bytes)
        return fail(name,
                    std::to_string(p.size) + " bytes, over the limit of " + std::to_string(rule.max_bytes) + " bytes");
    const std::string_view type = detail::sniff_content_type(head);
    if (rule.text && type.empty() && detail::looks_like_text(head)) {
        const std::string_view text_type = detail::text_content_type(part.declared_content_type(), p.filename);
        if (text_type.empty())
            return fail(name, "declared as " + part.declared_content_type() + " but the content is text");
        p.content_type = std::string(text_type);
        if (p.filename.empty()) p.filename = std::string(name);
        parts_.push_back(std::move(p));
        return;
    }
    const bool pdf = type == "application/pdf";
    if (type.empty() || (pdf && !rule.pdf) || (!pdf && !rule.images))
        return fail(name, std::string("the content is not ") +
                              (rule.images && rule.pdf && rule.text
                                   ? "a JPEG, PNG, WebP or TIFF image, a PDF, or text such as CSV"
                               : rule.images && rule.pdf ? "a JPEG, PNG, WebP or TIFF image or a PDF"
                               : rule.pdf                ? "a PDF"
                               : rule.images             ? "a JPEG, PNG, WebP or TIFF image"
                                                         : "text such as CSV or NDJSON") +
                              " (judged by its first bytes)");
    const std::string& declared = part.declared_content_type();
    if (!declared.empty() && !detail::iequals(declared, type) &&
        !(detail::iequals(declared, "image/jpg") && type == "image/jpeg"))
        return fail(name, "declared as " + declared + " but the content is " + std::string(type));
    p.content_type = std::string(type);
    if (p.filename.empty()) p.filename = std::string(name);
    parts_.push_back(std::move(p));
}

DIDIT_INLINE void MultipartForm::number(std::string_view name, const std::optional<double>& value, double min,
                                        double max) {
    if (!value) return;
    if (!std::isfinite(*value) || *value < min || *value > max) {
        std::string range;
        detail::append_shortest_double(range, min, 16);
        range += " to ";
        detail::append_shortest_double(range, max, 16);
        return fail(name, "must be a number from " + range);
    }
    std::string text;
    detail::append_shortest_double(text, *value, 16);
    add_text(name, std::move(text));
}

DIDIT_INLINE void MultipartForm::extra(const Json& extra) {
    if (extra.is_null()) return;
    if (!extra.is_object()) return fail("extra", "must be a JSON object");
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        for (const Part& p : parts_)
            if (p.name == it.key()) return fail(it.key(), "is set both as a field and in extra");
        add_text(it.key(), it.value().is_string() ? it.value().get<std::string>() : detail::dump_json(it.value()));
    }
}

DIDIT_INLINE std::string MultipartForm::next_boundary() {
    if (boundary_gen_) return boundary_gen_();
    static constexpr char hex[] = "0123456789abcdef";
    std::random_device rd;
    std::string b = "didit-";
    for (int i = 0; i < 4; ++i) {
        auto v = static_cast<std::uint32_t>(rd());
        for (int k = 0; k < 8; ++k) b += hex[(v >> (4 * k)) & 0xF];
    }
    return b;
}

DIDIT_INLINE Result<MultipartBody> MultipartForm::finish() {
    if (error_) return *error_;
    // A boundary that occurs in no in-memory part. File parts are not read for this: a random
    // 128-bit boundary occurring in one is not a practical concern.
    std::string boundary;
    for (int attempt = 0;; ++attempt) {
        if (attempt == 8)
            return make_error(ErrorKind::InvalidArgument,
                              "multipart body: no boundary found that occurs in none of its parts");
        boundary = next_boundary();
        bool valid = !boundary.empty() && boundary.size() <= 70;
        for (char c : boundary)
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
                  c == '.'))
                valid = false;
        if (!valid) continue;
        const std::string delimiter = "--" + boundary;
        bool clash = false;
        for (const Part& p : parts_) {
            if (p.text.find(delimiter) != std::string::npos || p.name.find(boundary) != std::string::npos ||
                p.filename.find(boundary) != std::string::npos ||
                (p.bytes && p.bytes->find(delimiter) != std::string::npos))
                clash = true;
        }
        if (!clash) break;
    }
    auto body = std::make_shared<BodySource>();
    std::string pending;
    for (const Part& p : parts_) {
        pending += "--";
        pending += boundary;
        pending += "\r\nContent-Disposition: form-data; name=\"";
        pending += detail::escape_form_name(p.name);
        pending += '"';
        if (p.is_file) {
            pending += "; filename=\"";
            pending += detail::escape_form_name(p.filename);
            pending += "\"\r\nContent-Type: ";
            pending += p.content_type;
        }
        pending += "\r\n\r\n";
        if (p.is_file) {
            body->append(std::move(pending));
            pending.clear();
            if (p.bytes)
                body->append_shared(p.bytes);
            else
                body->append_file(p.path, 0, p.size);
        } else {
            pending += p.text;
        }
        pending += "\r\n";
    }
    pending += "--";
    pending += boundary;
    pending += "--\r\n";
    body->append(std::move(pending));
    MultipartBody out;
    out.source = std::move(body);
    out.content_type = "multipart/form-data; boundary=" + boundary;
    return out;
}

#endif  // DIDIT_DEFINITIONS

}  // namespace didit
