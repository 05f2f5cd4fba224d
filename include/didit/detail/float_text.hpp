// SPDX-License-Identifier: MIT
// A finite double as text from its shortest round-trip digits, in the layout that Python's repr and
// nlohmann's dump() share: they differ only in where fixed notation gives way to the exponent form.
#pragma once

#include <charconv>
#include <string>

#include <didit/detail/config.hpp>

namespace didit {
namespace detail {

/// Writes the number (-)0.DIGITS * 10^decpt (`nd` significant digits, at most 17): fixed notation
/// when -4 < decpt <= max_fixed_decpt ("0.0001", "2.5", and "100.0" for an integral value),
/// otherwise d[.ddd]e±XX with at least two exponent digits ("1e+16", "2.5e-05").
/// max_fixed_decpt is 16 for Python's repr and 15 for nlohmann's dump().
DIDIT_INLINE void append_float_digits(std::string& out, bool negative, const char* digits, int nd, int decpt,
                                      int max_fixed_decpt);

/// append_float_digits with the shortest digits that read back as `v`, which must be finite.
DIDIT_INLINE void append_shortest_double(std::string& out, double v, int max_fixed_decpt);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE void append_float_digits(std::string& out, bool negative, const char* digits, int nd, int decpt,
                                      int max_fixed_decpt) {
    // At most 17 digits, so every form fits: sign, "0.000", digits, 16 padding zeros or "e-324".
    char buf[64];
    char* p = buf;
    auto copy = [&p](const char* from, int n) {
        for (int i = 0; i < n; ++i) *p++ = from[i];
    };
    if (negative) *p++ = '-';
    if (decpt <= -4 || decpt > max_fixed_decpt) {
        const int exp10 = decpt - 1;
        *p++ = digits[0];
        if (nd > 1) {
            *p++ = '.';
            copy(digits + 1, nd - 1);
        }
        *p++ = 'e';
        *p++ = exp10 < 0 ? '-' : '+';
        const int a = exp10 < 0 ? -exp10 : exp10;
        if (a >= 100) *p++ = static_cast<char>('0' + a / 100);
        *p++ = static_cast<char>('0' + a / 10 % 10);
        *p++ = static_cast<char>('0' + a % 10);
    } else if (decpt <= 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = decpt; i < 0; ++i) *p++ = '0';
        copy(digits, nd);
    } else if (decpt >= nd) {
        copy(digits, nd);
        for (int i = nd; i < decpt; ++i) *p++ = '0';
        *p++ = '.';
        *p++ = '0';
    } else {
        copy(digits, decpt);
        *p++ = '.';
        copy(digits + decpt, nd - decpt);
    }
    out.append(buf, static_cast<std::size_t>(p - buf));
}

DIDIT_INLINE void append_shortest_double(std::string& out, double v, int max_fixed_decpt) {
    // Without a precision, to_chars gives the shortest round-trip digits.
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const char* p = buf;
    const char* end = r.ptr;
    const bool negative = p < end && *p == '-';
    if (negative) ++p;
    char digits[32];
    int nd = 0;
    while (p < end && *p != 'e') {
        if (*p != '.' && nd < 32) digits[nd++] = *p;
        ++p;
    }
    int exp10 = 0;
    bool exp_neg = false;
    if (p < end) ++p;  // 'e'
    if (p < end && (*p == '-' || *p == '+')) exp_neg = *p++ == '-';
    while (p < end) exp10 = exp10 * 10 + (*p++ - '0');
    if (exp_neg) exp10 = -exp10;
    append_float_digits(out, negative, digits, nd, exp10 + 1, max_fixed_decpt);
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
