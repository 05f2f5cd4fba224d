// SPDX-License-Identifier: MIT
// The SDK's only doorway to nlohmann::json: non-throwing parse and dump, UTF-8 checks, type names.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include <didit/detail/config.hpp>

namespace didit {

/// Any JSON value (metadata, configs, unmodelled fields). nlohmann::json, used without exceptions.
using Json = nlohmann::json;

namespace detail {

/// Length of the valid UTF-8 prefix of `s` (== s.size() when all of it is valid). Rejects
/// overlong forms, UTF-16 surrogates and code points above U+10FFFF, as RFC 3629 does.
DIDIT_INLINE std::size_t utf8_valid_prefix(std::string_view s) noexcept;

inline bool utf8_valid(std::string_view s) noexcept { return utf8_valid_prefix(s) == s.size(); }

/// The JSON type name used in decode messages ("expected array, got string").
DIDIT_INLINE const char* json_type_name(const Json& j) noexcept;

/// Parses without exceptions; returns a `discarded` value when `text` is not JSON.
DIDIT_INLINE Json parse_json_text(std::string_view text);

/// Serialises compactly. Callers validate strings first (check_json_value), so the
/// replacement handler never fires; it only guarantees no abort under -fno-exceptions.
DIDIT_INLINE std::string dump_json(const Json& j);

/// Finds what JSON cannot carry faithfully: invalid UTF-8 in a key or string, NaN or
/// infinity. Returns the path of the first offence ("" when clean) and sets `why`.
DIDIT_INLINE bool check_json_value(const Json& j, std::string& path, const char*& why);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE std::size_t utf8_valid_prefix(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    std::size_t n = s.size(), i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n) return i;
        if (p[i + 1] < lo || p[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
        i += len;
    }
    return n;
}

DIDIT_INLINE const char* json_type_name(const Json& j) noexcept {
    switch (j.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "object";
        case Json::value_t::array: return "array";
        case Json::value_t::string: return "string";
        case Json::value_t::boolean: return "boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "integer";
        case Json::value_t::number_float: return "number";
        case Json::value_t::binary: return "binary";
        case Json::value_t::discarded: return "invalid JSON";
    }
    return "unknown";
}

DIDIT_INLINE Json parse_json_text(std::string_view text) {
    return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

DIDIT_INLINE std::string dump_json(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

DIDIT_INLINE bool check_json_value(const Json& j, std::string& path, const char*& why) {
    switch (j.type()) {
        case Json::value_t::string:
            if (!utf8_valid(j.get_ref<const std::string&>())) {
                why = "string is not valid UTF-8";
                return false;
            }
            return true;
        case Json::value_t::number_float: {
            double d = j.get<double>();
            if (!std::isfinite(d)) {
                why = "number is not finite (NaN or infinity)";
                return false;
            }
            return true;
        }
        case Json::value_t::array: {
            std::size_t i = 0;
            for (const auto& e : j) {
                std::size_t mark = path.size();
                path += '[';
                path += std::to_string(i++);
                path += ']';
                if (!check_json_value(e, path, why)) return false;
                path.resize(mark);
            }
            return true;
        }
        case Json::value_t::object:
            for (auto it = j.begin(); it != j.end(); ++it) {
                std::size_t mark = path.size();
                if (!path.empty()) path += '.';
                if (!utf8_valid(it.key())) {
                    path += "<key>";
                    why = "object key is not valid UTF-8";
                    return false;
                }
                path += it.key();
                if (!check_json_value(it.value(), path, why)) return false;
                path.resize(mark);
            }
            return true;
        case Json::value_t::binary: why = "binary values cannot be sent as JSON"; return false;
        default: return true;
    }
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
