// SPDX-License-Identifier: MIT
// Turns any Didit error response (every body shape Didit uses, or no JSON at all) into one Error.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <didit/detail/config.hpp>
#include <didit/detail/json.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {
namespace detail {

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) without exceptions or locale.
DIDIT_INLINE std::optional<std::int64_t> parse_http_date(std::string_view s);

/// The wait a response asks for: `retry-after-ms`, `Retry-After` seconds, or an HTTP-date.
DIDIT_INLINE std::optional<std::chrono::milliseconds> server_wait_hint(const Headers& h, std::int64_t now_unix);

DIDIT_INLINE std::int64_t unix_now();

/// The server's wait hint as of now.
DIDIT_INLINE std::optional<std::chrono::milliseconds> retry_after_hint(const Headers& h);

/// The request id a server or proxy attached, under the names seen in the wild.
DIDIT_INLINE std::string request_id_of(const Headers& h);

/// What an Error keeps of a server's reply, however large the reply: this many bytes of its
/// message, of its raw body, and of all its field errors together (each text is cut at a
/// UTF-8 boundary, and the message says that it was cut).
inline constexpr std::size_t max_error_text = 65536;  // 64 KiB
/// At most this many field errors, from values nested at most this deep (deeper ones become
/// one "nested too deep" entry), with paths of at most max_field_path bytes.
inline constexpr std::size_t max_field_errors = 256;
/// See max_field_errors.
inline constexpr std::size_t max_field_depth = 32;
/// See max_field_errors.
inline constexpr std::size_t max_field_path = 1024;

/// `text` as an Error may hold it: control characters (CR, LF, NUL, ...) become spaces, and
/// at most `max_bytes` bytes are kept, cut at a UTF-8 boundary. Sets `*cut` when it cut.
DIDIT_INLINE std::string clean_text(std::string_view text, std::size_t max_bytes, bool* cut = nullptr);

/// Collects every message in a DRF-style value under `path`: strings, arrays of strings,
/// and nested objects/arrays (`nodes_to_resubmit[0].feature`). Iterative, and bounded by
/// max_field_errors, max_field_depth, max_field_path and max_error_text in all.
DIDIT_INLINE void collect_field_errors(const Json& v, const std::string& path, std::vector<FieldError>& out);

DIDIT_INLINE std::string status_text(int status);

/// Builds the Error for a non-2xx response. Every documented shape lands in the same fields:
/// `detail`/`message`/`error` (string, array or object) -> message; `code` -> code; other keys,
/// bare arrays and nested bodies -> field_errors; non-JSON bodies keep the status text.
DIDIT_INLINE Error error_from_response(const HttpResponse& r);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE std::optional<std::int64_t> parse_http_date(std::string_view s) {
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    // "Www, DD Mon YYYY HH:MM:SS GMT" is exactly 29 characters.
    if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    int day = 0, year = 0, hh = 0, mm = 0, ss = 0, mon = -1;
    if (!num(5, 2, day) || !num(12, 4, year) || !num(17, 2, hh) || !num(20, 2, mm) || !num(23, 2, ss))
        return std::nullopt;
    for (int i = 0; i < 12; ++i)
        if (s.substr(8, 3) == months[i]) mon = i + 1;
    if (mon < 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    // Days from the civil date (Howard Hinnant's algorithm), no timegm needed.
    int y = year - (mon <= 2 ? 1 : 0);
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
    return days * 86400 + std::int64_t{hh} * 3600 + std::int64_t{mm} * 60 + ss;
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> server_wait_hint(const Headers& h, std::int64_t now_unix) {
    std::uint64_t v = 0;
    if (parse_uint(h.get("retry-after-ms"), v))
        return std::chrono::milliseconds(static_cast<std::int64_t>((std::min)(v, std::uint64_t{1} << 40)));
    std::string_view ra = h.get("retry-after");
    if (parse_uint(ra, v)) {
        // Absurdly long waits are clamped (no overflow); callers cap what they honour anyway.
        constexpr std::uint64_t max_seconds = std::uint64_t{1} << 30;
        return std::chrono::milliseconds(static_cast<std::int64_t>((std::min)(v, max_seconds)) * 1000);
    }
    if (auto when = parse_http_date(ra)) {
        std::int64_t secs = *when - now_unix;
        return std::chrono::milliseconds(secs > 0 ? secs * 1000 : 0);
    }
    return std::nullopt;
}

DIDIT_INLINE std::int64_t unix_now() {
    return static_cast<std::int64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> retry_after_hint(const Headers& h) {
    return server_wait_hint(h, unix_now());
}

DIDIT_INLINE std::string request_id_of(const Headers& h) {
    for (std::string_view name : {"x-request-id", "x-amzn-requestid", "x-amz-cf-id", "request-id", "x-correlation-id"})
        if (const std::string* v = h.find(name)) return clean_text(*v, 256);
    return {};
}

DIDIT_INLINE std::string clean_text(std::string_view text, std::size_t max_bytes, bool* cut) {
    bool too_long = text.size() > max_bytes;
    if (too_long) {
        std::size_t end = max_bytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0u) == 0x80u) --end;  // not mid-character
        text = text.substr(0, end);
    }
    if (cut) *cut = too_long;
    std::string out(text);
    for (char& c : out)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
    return out;
}

DIDIT_INLINE void collect_field_errors(const Json& root, const std::string& root_path, std::vector<FieldError>& out) {
    // Depth-first in document order with an explicit stack of at most max_field_depth frames,
    // so a reply nested a million deep costs neither stack nor a path per level.
    struct Frame {
        const Json* node;
        Json::const_iterator next;
        std::size_t index;
        std::string path;
    };
    std::size_t used = 0;
    for (const auto& f : out) used += f.field.size() + f.message.size();
    auto full = [&] { return out.size() >= max_field_errors || used >= max_error_text; };
    auto add = [&](const std::string& field, std::string_view message) {
        if (full()) return;
        FieldError f{clean_text(field, max_field_path), {}};
        const std::size_t room = max_error_text - used;
        bool cut = false;
        f.message = clean_text(message, room > f.field.size() ? room - f.field.size() : 0, &cut);
        if (cut) f.message += " [message cut]";
        used += f.field.size() + f.message.size() + 1;  // +1: even empty entries use up the budget
        out.push_back(std::move(f));
    };
    std::vector<Frame> stack;
    auto enter = [&](const Json& v, std::string path) {
        if (v.is_string()) {
            add(path, v.get_ref<const std::string&>());
        } else if (v.is_array() || v.is_object()) {
            if (stack.size() >= max_field_depth)
                add(path, "(nested too deep to show)");
            else
                stack.push_back({&v, v.begin(), 0, std::move(path)});
        } else if (!v.is_null()) {
            add(path, dump_json(v));
        }
    };
    enter(root, root_path);
    while (!stack.empty() && !full()) {
        Frame& f = stack.back();
        if (f.next == f.node->end()) {
            stack.pop_back();
            continue;
        }
        const Json& child = *f.next;
        std::string path;
        if (f.node->is_array()) {
            // Strings in an array are messages of the array's own field; anything else is named by index.
            path = child.is_string() ? f.path : f.path + "[" + std::to_string(f.index) + "]";
        } else {
            path = f.path.empty() ? f.next.key() : f.path + "." + f.next.key();
        }
        if (path.size() > max_field_path) path = clean_text(path, max_field_path);
        ++f.next;
        ++f.index;
        enter(child, std::move(path));  // may push: `f` is not used after this
    }
}

DIDIT_INLINE std::string status_text(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 402: return "Payment Required";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "HTTP " + std::to_string(status);
    }
}

DIDIT_INLINE Error error_from_response(const HttpResponse& r) {
    Error e;
    e.kind = error_kind_for_status(r.status);
    e.status = r.status;
    const bool body_cut = r.body.size() > max_error_text;
    e.raw_body = body_cut ? r.body.substr(0, max_error_text) : r.body;
    e.request_id = request_id_of(r.headers);
    e.retry_after = retry_after_hint(r.headers);

    // A redirect is never followed (a body must not be re-sent elsewhere): whatever the body
    // says, the message names where it pointed. Every text taken from the reply is cleaned
    // of control characters and bounded.
    auto finish = [&r, body_cut](Error& out) -> Error {
        bool cut = false;
        out.message = clean_text(out.message, max_error_text, &cut);
        out.code = clean_text(out.code, 256);
        if (cut) out.message += " [message cut]";
        if (r.status >= 300 && r.status < 400) {
            std::string_view loc = r.headers.get("location");
            out.message += loc.empty() ? std::string(", redirect not followed")
                                       : ", redirect to " + clean_text(loc, 2048) + " not followed";
        }
        if (body_cut)
            out.message += " [reply body of " + std::to_string(r.body.size()) + " bytes; raw_body keeps the first " +
                           std::to_string(max_error_text) + "]";
        return std::move(out);
    };

    bool too_deep = false;
    Json j = r.body.empty() ? Json() : parse_json_text(r.body, &too_deep);
    if (j.is_discarded() || j.is_null()) {
        std::string ctype(r.headers.get("content-type"));
        e.message = status_text(r.status);
        if (too_deep)
            e.message += " (JSON body nested deeper than " + std::to_string(max_json_depth) + " levels, " +
                         std::to_string(r.body.size()) + " bytes)";
        else if (!r.body.empty())
            e.message += " (non-JSON body" + (ctype.empty() ? std::string() : ", " + ctype) + ", " +
                         std::to_string(r.body.size()) + " bytes)";
        return finish(e);
    }
    if (j.is_string()) {
        e.message = j.get<std::string>();
        if (e.message.empty()) e.message = status_text(r.status);  // `""`: no message is no help
        return finish(e);
    }
    if (j.is_array()) {
        collect_field_errors(j, "", e.field_errors);
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string& key = it.key();
            const Json& v = it.value();
            if (key == "code" && v.is_string()) {
                e.code = v.get<std::string>();
            } else if (key == "detail" || key == "message" || key == "error" || key == "non_field_errors") {
                if (v.is_object()) {
                    // {"error": {"code": "...", "message": "..."}} (Digital-ID wallet errors)
                    auto c = v.find("code");
                    if (c != v.end() && c->is_string() && e.code.empty()) e.code = c->get<std::string>();
                    for (const char* k : {"message", "detail"}) {
                        auto m = v.find(k);
                        if (m != v.end()) collect_field_errors(*m, "", e.field_errors);
                    }
                } else {
                    collect_field_errors(v, "", e.field_errors);
                }
            } else {
                collect_field_errors(v, key, e.field_errors);
            }
        }
    } else {
        e.message = dump_json(j);
        return finish(e);
    }
    // Body-level texts (`detail`, bare arrays) form the message; keyed ones stay field errors.
    std::vector<FieldError> keyed;
    for (auto& f : e.field_errors) {
        if (!f.field.empty()) {
            keyed.push_back(std::move(f));
            continue;
        }
        if (!e.message.empty()) e.message += "; ";
        e.message += f.message;
    }
    e.field_errors = std::move(keyed);
    if (e.message.empty() && !e.field_errors.empty())
        e.message = e.field_errors.front().field + ": " + e.field_errors.front().message;
    if (e.message.empty()) e.message = status_text(r.status);
    return finish(e);
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
