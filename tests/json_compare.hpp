// SPDX-License-Identifier: MIT
// Helpers for tests and fuzz targets that compare JSON texts and trees, and name the JSON reader's errors.
#pragma once

#include <cstddef>
#include <string_view>

#include <didit/didit.hpp>

namespace didit_test {

/// Container nesting depth of syntactically valid JSON text (brackets inside strings do not count).
inline std::size_t json_nesting(std::string_view s) {
    std::size_t depth = 0, deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > deepest) deepest = depth;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

/// Same type and same value all the way down (operator== alone lets 0u equal 0 and 1.0 equal 1).
/// Recursive: keep the depth of what it compares modest.
inline bool identical(const didit::Json& a, const didit::Json& b) {
    if (a.type() != b.type() || a != b) return false;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!identical(it.value(), b.at(it.key()))) return false;
    } else if (a.is_array()) {
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!identical(a[i], b[i])) return false;
    }
    return true;
}

/// The enumerator's name, for messages that say why a text was refused ("too_deep").
inline const char* error_name(didit::detail::JsonReadError e) {
    using E = didit::detail::JsonReadError;
    switch (e) {
        case E::none: return "none";
        case E::too_large: return "too_large";
        case E::too_deep: return "too_deep";
        case E::invalid_json: return "invalid_json";
        case E::invalid_utf8: return "invalid_utf8";
        case E::lone_surrogate: return "lone_surrogate";
        case E::non_finite: return "non_finite";
        case E::trailing_data: return "trailing_data";
    }
    return "?";
}

}  // namespace didit_test
