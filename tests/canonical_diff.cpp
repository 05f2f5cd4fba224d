// SPDX-License-Identifier: MIT
// Differential test: random bodies canonicalised by detail/webhook_canonical.hpp and by tests/canonical_oracle.py must
// agree.
//
// Usage: canonical_diff [--oracle tests/canonical_oracle.py] [--python python3] [--count N] [--seed S]
//                       [--py-count M] [--bench]
// All bodies go through one python process (hex lines in a temp file, results read back via popen).
// Bodies nested deeper than the default max_depth are compared with a raised limit and separately
// asserted to fail with too_deep under the default limit. POSIX only (mkstemp/popen).

// The umbrella (not the detail header) so this builds against single_include/ as well.
#include <didit/didit.hpp>

#include "json_compare.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace {

using didit::detail::CanonicalError;
using didit::detail::CanonicalLimits;
using didit::detail::CanonicalStatus;
using didit_test::error_name;

struct Body {
    std::string bytes;
    bool deep = false;  // nested deeper than the default max_depth (and otherwise valid)
};

// Every random draw is its own statement: argument evaluation order would otherwise make a seed's
// bodies depend on the compiler.
class Gen {
public:
    explicit Gen(std::uint64_t seed) : rng_(seed) {}

    Body body() {
        Body b;
        std::string& s = b.bytes;
        const std::uint64_t kind = below(1000);
        if (kind < 3) {
            // Deep but valid: exercise the depth limit on both sides of 512.
            const std::size_t depth = 500 + below(101);
            std::string open, close;
            for (std::size_t i = 0; i < depth; ++i) {
                if (chance(0.5)) {
                    open += "[";
                    close.insert(close.begin(), ']');
                } else {
                    open += "{\"k\":";
                    close.insert(close.begin(), '}');
                }
            }
            s = ws();
            s += open;
            s += ws();
            value(s, 1);
            s += ws();
            s += close;
            s += ws();
            b.deep = didit_test::json_nesting(s) > CanonicalLimits{}.max_depth;
            return b;
        }
        s += ws();
        value(s, static_cast<int>(below(7)));
        s += ws();
        if (chance(0.12)) corrupt(s);
        return b;
    }

private:
    std::uint64_t below(std::uint64_t n) { return rng_() % n; }
    bool chance(double p) { return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p; }
    template <std::size_t N>
    const char* pick(const char* const (&arr)[N]) {
        return arr[below(N)];
    }

    std::string ws() {
        std::string w;
        if (chance(0.6)) return w;
        static const char kWs[] = {' ', '\t', '\n', '\r'};
        for (std::uint64_t i = 0, n = 1 + below(3); i < n; ++i) w += kWs[below(4)];
        return w;
    }

    void value(std::string& s, int depth) {
        const std::uint64_t p = below(100);
        if (depth > 0 && p < 22) {
            s += '{';
            s += ws();
            const std::uint64_t n = below(7);
            std::vector<std::string> keys;
            for (std::uint64_t i = 0; i < n; ++i) {
                if (i > 0) s += ',' + ws();
                std::string key;
                if (!keys.empty() && chance(0.15)) {
                    key = keys[below(keys.size())];  // duplicate key: the last occurrence must win
                } else {
                    string(key, true);
                    keys.push_back(key);
                }
                s += key;
                s += ws();
                s += ':';
                s += ws();
                value(s, depth - 1);
                s += ws();
            }
            s += '}';
        } else if (depth > 0 && p < 40) {
            s += '[';
            s += ws();
            const std::uint64_t n = below(7);
            for (std::uint64_t i = 0; i < n; ++i) {
                if (i > 0) s += ',' + ws();
                value(s, depth - 1);
                s += ws();
            }
            s += ']';
        } else if (p < 62) {
            string(s, false);
        } else if (p < 68) {
            static const char* const kLit[] = {"true", "false", "null"};
            s += pick(kLit);
        } else {
            number(s);
        }
    }

    void digits(std::string& s, std::size_t n, bool leading_nonzero) {
        for (std::size_t i = 0; i < n; ++i)
            s += static_cast<char>(i == 0 && leading_nonzero ? '1' + below(9) : '0' + below(10));
    }

    static std::string fmt(const char* f, double v, int prec = -1) {
        char buf[512];
        if (prec >= 0)
            std::snprintf(buf, sizeof buf, f, prec, v);
        else
            std::snprintf(buf, sizeof buf, f, v);
        return buf;
    }

    double random_finite_double() {
        for (;;) {
            std::uint64_t bits = rng_();
            if (chance(0.1)) bits &= ~(std::uint64_t{0x7FF} << 52);  // subnormal
            double d;
            std::memcpy(&d, &bits, sizeof d);
            if (std::isfinite(d)) return d;
        }
    }

    std::string spell_double(double d) {
        switch (below(6)) {
            case 0: return fmt("%.17g", d);
            case 1: return fmt("%.16g", d);
            case 2: return fmt("%.*e", d, static_cast<int>(below(20)));
            case 3: return fmt("%.*E", d, static_cast<int>(below(25)));
            case 4: {
                char buf[64];
                auto r = std::to_chars(buf, buf + sizeof buf, d);
                return std::string(buf, r.ptr);
            }
            default: return fmt("%.15g", d);
        }
    }

    // printf may print an integer-looking text (e.g. "%.17g" of 100.0 is "100"); force a float
    // spelling so the literal takes Python's float path.
    static void as_float_literal(std::string& s, std::string text) {
        if (text.find_first_of(".eE") == std::string::npos) text += ".0";
        s += text;
    }

    void number(std::string& s) {
        static const char* const kSpecial[] = {"0",
                                               "-0",
                                               "0.0",
                                               "-0.0",
                                               "95.0",
                                               "1E+2",
                                               "1e2",
                                               "1e+2",
                                               "1E-2",
                                               "0.0001",
                                               "0.00001",
                                               "1e-05",
                                               "1.5e-07",
                                               "1000000000000000.5",
                                               "5.33548",
                                               "5e-324",
                                               "4.9406564584124654e-324",
                                               "2.4703282292062328e-324",
                                               "2.4703282292062327e-324",
                                               "2.2250738585072014e-308",
                                               "2.2250738585072011e-308",
                                               "1.7976931348623157e308",
                                               "1.7976931348623158e308",
                                               "1e21",
                                               "1e22",
                                               "1e23",
                                               "-1e19",
                                               "1e300",
                                               "1e308",
                                               "-1e-400",
                                               "1e-400",
                                               "9007199254740993",
                                               "9007199254740993.0",
                                               "18446744073709551616",
                                               "-9223372036854775809",
                                               "0e999999999999999999",
                                               "1e-4",
                                               "9.999999999999999e-05",
                                               "0.00009999999999999999",
                                               "1e16",
                                               "1e15",
                                               "9999999999999998.0",
                                               "999999999999999.9",
                                               "1e-1",
                                               "123456789012345678901234567890.0",
                                               "12.5E-1",
                                               "0.1",
                                               "0.3",
                                               "1.0000000000000002",
                                               "2e0",
                                               "100e-2",
                                               "1234.5e-2",
                                               "-1.5",
                                               "3.141592653589793",
                                               "1e0000000000000000000000000003"};
        static const char* const kNonFinite[] = {
            "1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1.7976931348623159e308", "123e99999999999999"};
        const std::uint64_t p = below(1000);
        if (p < 120) {
            s += pick(kSpecial);
        } else if (p < 124) {
            s += pick(kNonFinite);
        } else if (p < 250) {
            s += std::to_string(static_cast<long long>(below(2001)) - 1000);
        } else if (p < 330) {
            if (chance(0.5)) s += '-';
            digits(s, 19 + below(60), true);  // beyond 64 bits
        } else if (p < 500) {
            as_float_literal(s, spell_double(random_finite_double()));
        } else if (p < 600) {
            // Around the 1e-4 and 1e16 repr switch points.
            const double mant = static_cast<double>(below(1000000) + 1) / 1000.0;
            const int e = static_cast<int>(below(26)) - 12;
            as_float_literal(s, spell_double(mant * std::pow(10.0, e)));
        } else if (p < 700) {
            // Integral floats, including huge ones whose exact digits matter.
            switch (below(4)) {
                case 0: s += std::to_string(static_cast<long long>(below(2000001)) - 1000000) + ".0"; break;
                case 1:
                    s += chance(0.5) ? "-1e" : "1e";
                    s += std::to_string(below(309));
                    break;
                case 2: as_float_literal(s, fmt("%.17g", std::ldexp(1.0, static_cast<int>(below(1024))))); break;
                default: {
                    const auto mantissa = static_cast<double>(rng_() >> 11);
                    as_float_literal(s, fmt("%.17g", std::ldexp(mantissa, static_cast<int>(below(971)))));
                }
            }
        } else if (p < 850) {
            // Hand-built literal: random mantissa, optional fraction, random exponent spelling.
            if (chance(0.3)) s += '-';
            if (chance(0.3)) {
                s += '0';
            } else {
                digits(s, 1 + below(20), true);
            }
            const bool frac = chance(0.7);
            if (frac) {
                s += '.';
                digits(s, 1 + below(20), false);
            }
            if (!frac || chance(0.6)) {
                s += chance(0.5) ? 'e' : 'E';
                static const char* const kSign[] = {"", "+", "-"};
                s += pick(kSign);
                s += std::to_string(below(340));
            }
        } else if (p < 900) {
            // Very long mantissas: correct rounding needs all digits.
            digits(s, 1, true);
            s += '.';
            digits(s, 20 + below(800), false);
            s += 'e';
            s += std::to_string(static_cast<long long>(below(640)) - 330);
        } else {
            // Near-halfway between two adjacent doubles (x87 long double holds the midpoint exactly).
            const double d = std::fabs(random_finite_double());
            const long double mid =
                (static_cast<long double>(d) + static_cast<long double>(std::nextafter(d, HUGE_VAL))) / 2.0L;
            char buf[256];
            std::snprintf(buf, sizeof buf, "%.*Le", static_cast<int>(17 + below(40)), mid);
            as_float_literal(s, buf);
        }
    }

    void code_point_utf8(std::string& s, std::uint32_t cp) {
        if (cp < 0x80) {
            s += static_cast<char>(cp);
        } else if (cp < 0x800) {
            s += static_cast<char>(0xC0 | (cp >> 6));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s += static_cast<char>(0xE0 | (cp >> 12));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            s += static_cast<char>(0xF0 | (cp >> 18));
            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            s += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    void u_escape(std::string& s, std::uint32_t unit) {
        const char* hex = chance(0.5) ? "0123456789abcdef" : "0123456789ABCDEF";
        s += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) s += hex[(unit >> shift) & 0xF];
    }

    std::uint32_t random_non_surrogate(std::uint32_t lo, std::uint32_t hi) {
        for (;;) {
            const auto cp = static_cast<std::uint32_t>(lo + below(hi - lo + 1));
            if (cp < 0xD800 || cp > 0xDFFF) return cp;
        }
    }

    void string(std::string& s, bool key) {
        static const char* const kKeys[] = {"a",
                                            "b",
                                            "A",
                                            "",
                                            "id",
                                            "ab",
                                            "a\\u0000",
                                            "\xC3\xA9",
                                            "\\u00e9",
                                            "\xEF\xBF\xBF",
                                            "\xF0\x9F\x98\x80",
                                            "\\ud83d\\ude00",
                                            "key",
                                            "\xE2\x80\xA8",
                                            "Z",
                                            "_",
                                            "aa",
                                            "a b"};
        s += '"';
        if (key && chance(0.5)) {
            s += pick(kKeys);
            s += '"';
            return;
        }
        const std::uint64_t n = below(key ? 6 : 14);
        for (std::uint64_t i = 0; i < n; ++i) {
            const std::uint64_t p = below(100);
            if (p < 40) {
                char c;
                do c = static_cast<char>(0x20 + below(95));
                while (c == '"' || c == '\\');
                s += c;
            } else if (p < 50) {
                static const char* const kEsc[] = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
                s += pick(kEsc);
            } else if (p < 58) {
                static const std::uint32_t kUnits[] = {0x00,   0x01,   0x08,   0x0C,   0x1F,   0x7F,   0x2028,
                                                       0x2029, 0xFFFF, 0xFEFF, 0x00E9, 0x0022, 0x005C, 0x002F};
                u_escape(s, chance(0.5) ? kUnits[below(14)] : random_non_surrogate(0, 0xFFFF));
            } else if (p < 63) {
                const std::uint32_t cp = random_non_surrogate(0x10000, 0x10FFFF) - 0x10000;
                u_escape(s, 0xD800 + (cp >> 10));
                u_escape(s, 0xDC00 + (cp & 0x3FF));
            } else if (p < 73) {
                code_point_utf8(s, random_non_surrogate(0x80, 0x7FF));
            } else if (p < 83) {
                code_point_utf8(s, random_non_surrogate(0x800, 0xFFFF));
            } else if (p < 90) {
                code_point_utf8(s, random_non_surrogate(0x10000, 0x10FFFF));
            } else if (p < 99 || chance(0.9)) {
                static const char* const kRaw[] = {"\xE2\x80\xA8", "\xE2\x80\xA9",     "\x7F",         "/",
                                                   "\xEF\xBB\xBF", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF", "\xEE\x80\x80"};
                s += pick(kRaw);
            } else {
                // Python keeps lone surrogates (-> SKIP); the C++ side must reject them.
                static const char* const kLone[] = {"\\ud800", "\\uDFFF", "\\ud800\\u0041", "\\udc00\\ud800",
                                                    "\\uD83D"};
                s += pick(kLone);
            }
        }
        s += '"';
    }

    void corrupt(std::string& s) {
        static const char* const kBad[] = {"\xFF",
                                           "\xC0\x80",
                                           "\xC1\xBF",
                                           "\xE0\x80\x80",
                                           "\xED\xA0\x80",
                                           "\xED\xBF\xBF",
                                           "\xF4\x90\x80\x80",
                                           "\xF5\x80\x80\x80",
                                           "\x80",
                                           "\xE2\x82",
                                           "\xF0\x9F\x98",
                                           "\\x",
                                           "\\u12G4",
                                           "\\u12",
                                           "\\",
                                           "\x01",
                                           "\x1F",
                                           "\t",
                                           "\n",
                                           ",",
                                           "01",
                                           "-01",
                                           "00",
                                           "]",
                                           "}",
                                           "[",
                                           "{",
                                           ":",
                                           "'",
                                           "tru",
                                           "nul",
                                           "-",
                                           "1.",
                                           ".5",
                                           "+1",
                                           "1e",
                                           "1e+",
                                           "\xEF\xBB\xBF",
                                           "\"",
                                           "NaN",
                                           "-Infinity",
                                           "\x00",
                                           "1 2"};
        switch (below(7)) {
            case 0:
                if (!s.empty()) s.resize(below(s.size()));
                break;
            case 1:
            case 2: {
                const std::size_t at = below(s.size() + 1);
                std::string bad = pick(kBad);
                if (bad.empty()) bad.push_back('\0');
                s.insert(at, bad);
                break;
            }
            case 3:
                if (!s.empty()) {
                    const std::size_t at = below(s.size());
                    s[at] = static_cast<char>(below(256));
                }
                break;
            case 4: {
                static const char* const kTrail[] = {" x", ",", "{}", "[]", "0", "\"\"", " \v", "\xC2\xA0", "//"};
                s += pick(kTrail);
                break;
            }
            case 5: {
                // Trailing comma before a closing bracket.
                const std::size_t at = s.find_last_of("]}");
                if (at != std::string::npos)
                    s.insert(at, ",");
                else
                    s += ",";
                break;
            }
            default: {
                // Raw control character inside a string.
                const std::size_t at = s.find('"');
                if (at != std::string::npos)
                    s.insert(at + 1, 1, static_cast<char>(below(0x20)));
                else
                    s += "\"\x02\"";
            }
        }
    }

    std::mt19937_64 rng_;
};

std::string to_hex(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string h;
    h.reserve(s.size() * 2);
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        h += hex[c >> 4];
        h += hex[c & 15];
    }
    return h;
}

bool from_hex(std::string_view h, std::string& out) {
    out.clear();
    if (h.size() % 2 != 0) return false;
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < h.size(); i += 2) {
        const int a = nib(h[i]), b = nib(h[i + 1]);
        if (a < 0 || b < 0) return false;
        out += static_cast<char>(a * 16 + b);
    }
    return true;
}

std::string escaped(std::string_view s, std::size_t limit = 600) {
    std::string e;
    for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\\')
            e += "\\\\";
        else if (c >= 0x20 && c < 0x7F)
            e += static_cast<char>(c);
        else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            e += buf;
        }
    }
    if (s.size() > limit) e += "...(" + std::to_string(s.size()) + " bytes)";
    return e;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'')
            q += "'\\''";
        else
            q += c;
    }
    return q + "'";
}

// Runs `cmd` and returns its stdout lines; false if it could not run or exited non-zero.
bool run_lines(const std::string& cmd, std::vector<std::string>& lines) {
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return false;
    char* line = nullptr;
    std::size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, p)) >= 0) {
        std::size_t len = static_cast<std::size_t>(n);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) --len;
        lines.emplace_back(line, len);
    }
    std::free(line);
    return pclose(p) == 0;
}

struct Options {
    std::string oracle = "tests/canonical_oracle.py";
    std::string python = "python3";
    std::size_t count = 10000;
    std::size_t py_count = std::size_t(-1);  // default: count / 10
    std::uint64_t seed = 1;
    bool bench = false;
};

int usage() {
    std::fprintf(stderr,
                 "usage: canonical_diff [--oracle PATH] [--python EXE] [--count N] [--seed S] [--py-count M] "
                 "[--bench]\n");
    return 2;
}

// Checks that are about the C++ limits themselves, not comparable with Python.
std::size_t limit_assertions() {
    std::size_t failures = 0;
    std::string out;
    auto expect = [&](const char* what, bool ok) {
        if (!ok) {
            ++failures;
            std::printf("LIMIT CHECK FAILED: %s\n", what);
        }
    };
    for (int shape = 0; shape < 3; ++shape) {  // arrays, objects, alternating
        for (std::size_t depth : {std::size_t{512}, std::size_t{513}}) {
            std::string open, close;
            std::size_t last_opener = 0;
            for (std::size_t i = 0; i < depth; ++i) {
                const bool obj = shape == 1 || (shape == 2 && i % 2 == 1);
                last_opener = open.size();
                open += obj ? "{\"k\":" : "[";
                close.insert(close.begin(), obj ? '}' : ']');
            }
            const std::string body = open + "1" + close;
            const CanonicalStatus st = didit::detail::canonicalize_json(body, out);
            if (depth == 512) {
                expect("depth 512 accepted with the default limit", static_cast<bool>(st));
            } else {
                expect("depth 513 rejected with too_deep", st.error == CanonicalError::too_deep);
                expect("too_deep offset is the 513th opening bracket", st.offset == last_opener);
                CanonicalLimits raised;
                raised.max_depth = 513;
                expect("depth 513 accepted with max_depth 513",
                       static_cast<bool>(didit::detail::canonicalize_json(body, out, raised)));
            }
        }
    }
    // A million levels must not recurse on the C stack.
    CanonicalLimits huge;
    huge.max_depth = std::size_t(-1);
    const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
    expect("1e6 nested arrays accepted with an unlimited depth",
           static_cast<bool>(didit::detail::canonicalize_json(deep, out, huge)) && out == deep);
    CanonicalLimits small;
    small.max_bytes = 4;
    expect("max_bytes is inclusive", static_cast<bool>(didit::detail::canonicalize_json("[12]", out, small)));
    expect("too_large is checked before parsing",
           didit::detail::canonicalize_json("[1,2]", out, small).error == CanonicalError::too_large &&
               didit::detail::canonicalize_json("{{{{{", out, small).error == CanonicalError::too_large);
    return failures;
}

std::string bench_body() {
    // A ~20 KB webhook-like payload: nested decision objects, many strings and numbers.
    std::string b =
        "{\"session_id\":\"11111111-2222-3333-4444-555555555555\",\"status\":\"Approved\","
        "\"webhook_type\":\"status.updated\",\"created_at\":1700000000,\"timestamp\":1700000000,"
        "\"vendor_data\":\"user-42\",\"metadata\":{\"note\":\"caf\xC3\xA9 \\u00e9 \\n\"},\"decision\":{";
    for (int i = 0; b.size() < 20000; ++i) {
        if (i > 0) b += ',';
        b += "\"feature_" + std::to_string(i) + "\":{\"status\":\"Approved\",\"score\":" + std::to_string(i) +
             ".5,\"confidence\":0.9" + std::to_string(i) + "7,\"count\":" + std::to_string(i * 1000) +
             ".0,\"warnings\":[{\"risk\":\"LOW\",\"short_description\":\"Document expires soon\","
             "\"long_description\":\"The document will expire within the next 30 days.\"}],"
             "\"address\":\"Calle Mayor 1, 28013 Madrid\",\"url\":\"https://example.com/media/" +
             std::to_string(i) + ".jpg?sig=abcdef\",\"flags\":[true,false,null]}";
    }
    return b + "}}";
}

// Hand-picked bodies compared on every run, ahead of the random ones.
std::vector<std::string> fixed_bodies() {
    return {
        R"({"b":1,"a":[95.0,1E+2,-0,-0.0,1e300,-1e19,1e21,0.0001,0.00001,1.5e-07,1000000000000000.5,5.33548]})",
        R"([5e-324,2.2250738585072014e-308,1.7976931348623157e308,1e-400,123456789012345678901234567890])",
        R"({"s":"\"\\\/\b\f\n\r\t\u0000\u001f\u007f\u2028\u2029\ud83d\ude00\uD83D\uDE00","\u00e9":1,"\uffff":2})",
        "{\"\xF0\x9F\x98\x80\":1,\"\xEF\xBF\xBF\":2,\"\xC3\xA9\":3,\"a\":4,\"a\":5}",
        R"( { "a" : [ 1 , 2 ] , "b" : { } , "c" : [ ] } )",
        "",
        "01",
        "[1,]",
        R"({"a":1,})",
        "{} x",
        "\"\xC0\x80\"",
        R"("\ud800")",
        "NaN",
        "1e400",
        "-Infinity",
        bench_body(),
    };
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--bench") {
            opt.bench = true;
            continue;
        }
        if ((v = next()) == nullptr) return usage();
        if (a == "--oracle")
            opt.oracle = v;
        else if (a == "--python")
            opt.python = v;
        else if (a == "--count")
            opt.count = std::strtoull(v, nullptr, 10);
        else if (a == "--py-count")
            opt.py_count = std::strtoull(v, nullptr, 10);
        else if (a == "--seed")
            opt.seed = std::strtoull(v, nullptr, 10);
        else
            return usage();
    }
    if (opt.py_count == std::size_t(-1)) opt.py_count = opt.count / 10;
    const auto t0 = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };

    std::size_t mismatches = limit_assertions();

    std::vector<Body> bodies;
    for (std::string& f : fixed_bodies()) bodies.push_back(Body{std::move(f), false});
    const std::size_t fixed_count = bodies.size();
    Gen gen(opt.seed);
    for (std::size_t i = 0; i < opt.count; ++i) bodies.push_back(gen.body());
    if (opt.py_count > 0) {
        std::vector<std::string> lines;
        const std::string cmd = shell_quote(opt.python) + " " + shell_quote(opt.oracle) + " gen --seed " +
                                std::to_string(opt.seed) + " --count " + std::to_string(opt.py_count);
        if (!run_lines(cmd, lines) || lines.size() != opt.py_count) {
            std::fprintf(stderr, "oracle gen failed: %s\n", cmd.c_str());
            return 2;
        }
        for (const std::string& l : lines) {
            Body b;
            if (!from_hex(l, b.bytes)) {
                std::fprintf(stderr, "oracle gen produced a bad hex line\n");
                return 2;
            }
            bodies.push_back(std::move(b));
        }
    }
    const double t_gen = seconds();

    char path[] = "/tmp/canonical_diff_XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) {
        std::perror("mkstemp");
        return 2;
    }
    close(fd);
    {
        FILE* f = std::fopen(path, "wb");
        if (f == nullptr) return 2;
        for (const Body& b : bodies) {
            const std::string h = to_hex(b.bytes) + "\n";
            std::fwrite(h.data(), 1, h.size(), f);
        }
        std::fclose(f);
    }
    std::vector<std::string> results;
    results.reserve(bodies.size());
    const std::string cmd =
        shell_quote(opt.python) + " " + shell_quote(opt.oracle) + " check --both < " + shell_quote(path);
    const bool ran = run_lines(cmd, results);
    std::remove(path);
    if (!ran || results.size() != bodies.size()) {
        std::fprintf(stderr, "oracle check failed (%zu results for %zu bodies): %s\n", results.size(), bodies.size(),
                     cmd.c_str());
        return 2;
    }
    const double t_py = seconds();

    std::size_t compared = 0, skipped = 0, deep_checked = 0, printed = 0;
    std::size_t py_accept = 0, py_reject = 0;
    std::map<std::string, std::size_t> skip_reasons;
    std::string out, out_ascii, expect, expect_ascii;
    double cpp_seconds = 0;
    auto report = [&](const Body& b, const std::string& what) {
        ++mismatches;
        if (printed++ < 8) std::printf("MISMATCH %s\n  body: %s\n", what.c_str(), escaped(b.bytes).c_str());
    };
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const Body& b = bodies[i];
        const std::string& r = results[i];
        CanonicalLimits limits;
        if (b.deep) {
            ++deep_checked;
            const CanonicalStatus st = didit::detail::canonicalize_json(b.bytes, out);
            if (st.error != CanonicalError::too_deep)
                report(b, std::string("deep body not rejected with too_deep: ") + error_name(st.error));
            limits.max_depth = 100000;  // then compare the content with Python anyway
        }
        const auto c0 = std::chrono::steady_clock::now();
        const CanonicalStatus st = didit::detail::canonicalize_json(b.bytes, out, limits);
        const CanonicalStatus sta = didit::detail::canonicalize_json_ascii(b.bytes, out_ascii, limits);
        cpp_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - c0).count();
        if (st.error != sta.error || st.offset != sta.offset)
            report(b, "ascii and unicode variants disagree on errors");
        if (r.compare(0, 5, "SKIP ") == 0) {
            ++skipped;
            ++skip_reasons[r.substr(5)];
            // Python accepted something we reject on purpose: make sure we do reject it, for the right reason.
            const bool recursion = r.find("recursion") != std::string::npos;
            if (!recursion && st.error != CanonicalError::non_finite && st.error != CanonicalError::lone_surrogate)
                report(b, "python " + r + " but C++ gave " + error_name(st.error) + " (" + st.reason + ")");
            continue;
        }
        ++compared;
        if (r.compare(0, 3, "ERR") == 0) {
            ++py_reject;
            if (st) report(b, "python rejects (" + r + ") but C++ accepts: " + escaped(out, 300));
            continue;
        }
        ++py_accept;
        const std::size_t sp = r.find(' ', 3);
        if (r.compare(0, 3, "OK ") != 0 || sp == std::string::npos || !from_hex(r.substr(3, sp - 3), expect) ||
            !from_hex(r.substr(sp + 1), expect_ascii)) {
            report(b, "unparseable oracle line: " + r.substr(0, 80));
            continue;
        }
        if (!st) {
            report(b, std::string("python accepts but C++ rejects: ") + error_name(st.error) + " at " +
                          std::to_string(st.offset) + " (" + st.reason + ")\n  python: " + escaped(expect, 300));
            continue;
        }
        if (out != expect) report(b, "output differs\n  python: " + escaped(expect) + "\n  c++:    " + escaped(out));
        if (out_ascii != expect_ascii)
            report(b, "ascii output differs\n  python: " + escaped(expect_ascii) + "\n  c++:    " + escaped(out_ascii));
    }

    std::printf(
        "bodies: %zu (%zu fixed, %zu C++-generated, %zu python-generated); python accepted %zu, "
        "rejected %zu; %zu deep bodies also checked for too_deep\n",
        bodies.size(), fixed_count, opt.count, opt.py_count, py_accept, py_reject, deep_checked);
    std::printf("skipped (python accepts, C++ rejects by design):");
    for (const auto& kv : skip_reasons) std::printf(" %zu %s;", kv.second, kv.first.c_str());
    std::printf("\n");
    std::printf("time: generate %.2fs, python oracle %.2fs, C++ canonicalize (both variants) %.3fs, total %.2fs\n",
                t_gen, t_py - t_gen, cpp_seconds, seconds());

    if (opt.bench) {
        const std::string body = bench_body();
        // Best of several batches, like Python's timeit.repeat, so background load affects both sides alike.
        double us = 1e300;
        std::size_t sink = 0;
        for (int batch = 0; batch < 10; ++batch) {
            const auto b0 = std::chrono::steady_clock::now();
            for (int k = 0; k < 1000; ++k) {
                didit::detail::canonicalize_json(body, out);
                sink += out.size();
            }
            const double t =
                std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - b0).count() / 1000;
            us = t < us ? t : us;
        }
        char bpath[] = "/tmp/canonical_bench_XXXXXX";
        const int bfd = mkstemp(bpath);
        if (bfd >= 0) {
            if (write(bfd, body.data(), body.size()) != static_cast<ssize_t>(body.size())) std::perror("write");
            close(bfd);
        }
        std::vector<std::string> lines;
        const std::string bcmd =
            shell_quote(opt.python) + " " + shell_quote(opt.oracle) + " bench --file " + shell_quote(bpath);
        const bool bench_ok = run_lines(bcmd, lines) && lines.size() == 2;
        std::remove(bpath);
        const double py_plain = bench_ok ? std::strtod(lines[0].c_str(), nullptr) : 0.0;
        const double py_recipe = bench_ok ? std::strtod(lines[1].c_str(), nullptr) : 0.0;
        std::printf(
            "bench: %zu-byte body: C++ %.1f us/op; python json.loads+dumps %.1f us/op (%.1fx), "
            "with shorten_floats %.1f us/op (%.1fx)%s\n",
            body.size(), us, py_plain, us > 0 ? py_plain / us : 0.0, py_recipe, us > 0 ? py_recipe / us : 0.0,
            sink == 0 ? " (no output?)" : "");
    }

    std::printf("canonical differential: %zu compared, %zu mismatches, %zu skipped\n", compared, mismatches, skipped);
    return mismatches == 0 ? 0 : 1;
}
