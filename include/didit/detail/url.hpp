// SPDX-License-Identifier: MIT
// URL building compiled once for all routes: percent-encoding, path templates, query strings.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <didit/detail/config.hpp>
#include <didit/detail/json.hpp>
#include <didit/result.hpp>

namespace didit {
namespace detail {

inline bool is_unreserved(unsigned char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

/// RFC 3986 percent-encoding of everything but unreserved characters, so a free-form value
/// (`vendor_data` such as "a/b?c#d") stays one path segment or one query value.
DIDIT_INLINE void percent_encode(std::string_view in, std::string& out);

inline std::string percent_encode(std::string_view in) {
    std::string out;
    percent_encode(in, out);
    return out;
}

/// A header value or query value may not carry CR, LF or NUL (header injection).
DIDIT_INLINE bool has_forbidden_control(std::string_view s) noexcept;

/// True for a canonical lower-case UUID (8-4-4-4-12 hex digits), the only form the API's
/// router accepts; anything else gets an HTML 404 from it.
DIDIT_INLINE bool is_canonical_uuid(std::string_view s) noexcept;

/// Fills a path template's `{name}` placeholders with encoded values. Names and values are
/// parallel arrays; an empty value is an error (it would silently change the route), and so
/// is a value that is not a canonical UUID when the route's parameters are UUIDs.
DIDIT_INLINE Result<std::string> expand_path(std::string_view tmpl, const std::string_view* names,
                                             const std::string_view* values, std::size_t n, bool uuids = false);

/// Appends one scalar JSON value as query text (strings percent-encoded, numbers and
/// booleans as literals).
DIDIT_INLINE bool append_query_scalar(const Json& v, std::string& out);

/// Turns an encoded query model (a JSON object) into `a=1&b=x%20y`. Arrays become one
/// comma-separated value, which is how the API spells multi-value filters (`status=A,B`).
/// Null members are left out. Keys come out sorted, so URLs are deterministic.
DIDIT_INLINE Result<std::string> build_query(const Json& q);

/// Joins a base URL and a path without doubling or dropping the slash between them.
DIDIT_INLINE std::string join_url(std::string_view base, std::string_view path);

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE void percent_encode(std::string_view in, std::string& out) {
    static constexpr char hex[] = "0123456789ABCDEF";
    // "." and ".." would be removed as dot-segments by URL normalisation; encode them whole.
    const bool dots = in == "." || in == "..";
    for (char ch : in) {
        auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) && !(dots && c == '.')) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
}

DIDIT_INLINE bool has_forbidden_control(std::string_view s) noexcept {
    for (char c : s)
        if (c == '\r' || c == '\n' || c == '\0') return true;
    return false;
}

DIDIT_INLINE bool is_canonical_uuid(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

DIDIT_INLINE Result<std::string> expand_path(std::string_view tmpl, const std::string_view* names,
                                             const std::string_view* values, std::size_t n, bool uuids) {
    std::string out;
    out.reserve(tmpl.size() + 32);
    std::size_t i = 0;
    while (i < tmpl.size()) {
        if (tmpl[i] != '{') {
            out += tmpl[i++];
            continue;
        }
        std::size_t close = tmpl.find('}', i);
        std::string_view ph = tmpl.substr(i + 1, close - i - 1);
        bool found = false;
        for (std::size_t k = 0; k < n; ++k) {
            if (names[k] != ph) continue;
            if (values[k].empty())
                return make_error(ErrorKind::InvalidArgument, "path parameter `" + std::string(ph) + "` is empty");
            if (!utf8_valid(values[k]))
                return make_error(ErrorKind::InvalidArgument,
                                  "path parameter `" + std::string(ph) + "` is not valid UTF-8");
            if (uuids && !is_canonical_uuid(values[k]))
                return make_error(ErrorKind::InvalidArgument,
                                  "path parameter `" + std::string(ph) +
                                      "` is not a canonical lower-case UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            percent_encode(values[k], out);
            found = true;
            break;
        }
        if (!found)
            return make_error(ErrorKind::InvalidArgument, "no value for path parameter `" + std::string(ph) + "`");
        i = close + 1;
    }
    return out;
}

DIDIT_INLINE bool append_query_scalar(const Json& v, std::string& out) {
    if (v.is_string()) {
        percent_encode(v.get_ref<const std::string&>(), out);
    } else if (v.is_boolean()) {
        out += v.get<bool>() ? "true" : "false";
    } else if (v.is_number()) {
        out += dump_json(v);
    } else {
        return false;
    }
    return true;
}

DIDIT_INLINE Result<std::string> build_query(const Json& q) {
    std::string out;
    if (q.is_null()) return out;
    if (!q.is_object()) return make_error(ErrorKind::InvalidArgument, "query must encode to a JSON object");
    for (auto it = q.begin(); it != q.end(); ++it) {
        const Json& v = it.value();
        if (v.is_null()) continue;
        std::string piece;
        percent_encode(it.key(), piece);
        piece += '=';
        if (v.is_array()) {
            bool first = true;
            for (const auto& e : v) {
                if (!first) piece += ',';
                first = false;
                if (!append_query_scalar(e, piece))
                    return make_error(ErrorKind::InvalidArgument,
                                      "query parameter `" + it.key() + "` holds a nested value");
            }
        } else if (!append_query_scalar(v, piece)) {
            return make_error(ErrorKind::InvalidArgument, "query parameter `" + it.key() + "` holds a nested value");
        }
        if (!out.empty()) out += '&';
        out += piece;
    }
    return out;
}

DIDIT_INLINE std::string join_url(std::string_view base, std::string_view path) {
    std::string out(base);
    while (!out.empty() && out.back() == '/') out.pop_back();
    if (path.empty() || path.front() != '/') out += '/';
    out += path;
    return out;
}

#endif  // DIDIT_DEFINITIONS

}  // namespace detail
}  // namespace didit
