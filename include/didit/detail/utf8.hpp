// SPDX-License-Identifier: MIT
// The SDK's one UTF-8 validator (and encoder), shared by the JSON reader, the JSON writer and the model codecs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <didit/detail/config.hpp>
#include <didit/detail/swar.hpp>

namespace didit {
namespace detail {

/// Length of the well-formed UTF-8 sequence at `p` (which holds `avail` >= 1 readable bytes), or 0.
/// Well-formed is Unicode's Table 3-7, which is also RFC 3629 and exactly what Python's strict
/// decoder accepts: no overlong forms, no encoded UTF-16 surrogates, nothing above U+10FFFF, no
/// sequence cut short. An ASCII byte is a sequence of length 1.
DIDIT_INLINE std::size_t utf8_sequence_length(const unsigned char* p, std::size_t avail) noexcept;

/// Length of the valid UTF-8 prefix of `s` (== s.size() when all of it is valid).
DIDIT_INLINE std::size_t utf8_valid_prefix(std::string_view s) noexcept;

inline bool utf8_valid(std::string_view s) noexcept { return utf8_valid_prefix(s) == s.size(); }

/// Appends code point `cp` (at most U+10FFFF; the caller checks) as UTF-8.
DIDIT_INLINE void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE std::size_t utf8_sequence_length(const unsigned char* p, std::size_t avail) noexcept {
    const unsigned char c = p[0];
    if (c < 0x80) return 1;
    auto cont = [&](std::size_t i, unsigned char lo, unsigned char hi) {
        return i < avail && p[i] >= lo && p[i] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
    return 0;
}

DIDIT_INLINE std::size_t utf8_valid_prefix(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // Most text is ASCII: skip it a word at a time, then a byte at a time.
        while (n - i >= 8 && (swar::load_word(p + i) & swar::highs) == 0) i += 8;
        if (i == n) break;
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = utf8_sequence_length(p + i, n - i);
        if (len == 0) return i;
        i += len;
    }
    return n;
}

DIDIT_INLINE void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
