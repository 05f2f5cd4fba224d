// SPDX-License-Identifier: MIT
// Byte-exact re-implementation of the canonical JSON that Didit's Python server HMACs for X-Signature-V2.
#pragma once

#include <algorithm>
#include <array>
#include <cfloat>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/detail/float_text.hpp>

namespace didit {
namespace detail {

/// Bounds on what canonicalize_json accepts; both are checked before any output is produced.
struct CanonicalLimits {
    std::size_t max_depth = 512;                            ///< nested arrays/objects; deeper is too_deep
    std::size_t max_bytes = std::size_t{16} * 1024 * 1024;  ///< body size; larger is too_large (never parsed)
};

/// Why a body has no canonical form.
enum class CanonicalError {
    none,
    too_large,
    too_deep,
    invalid_json,
    invalid_utf8,
    lone_surrogate,
    non_finite,  // NaN, Infinity, or a float literal that overflows a double (e.g. 1e400)
    trailing_data
};

/// Outcome of a canonicalisation; true when it succeeded.
struct CanonicalStatus {
    CanonicalError error = CanonicalError::none;
    std::size_t offset = 0;   ///< byte offset of the problem in the body
    const char* reason = "";  ///< static, human-readable
    explicit operator bool() const noexcept { return error == CanonicalError::none; }
};

/// A member of the top-level object: its key (escapes decoded) and where its value's text lies
/// in the body, so a caller can decode a few members without parsing the rest.
struct TopLevelMember {
    std::string key;
    std::size_t begin = 0;  ///< byte offset of the value's first character
    std::size_t end = 0;    ///< one past its last character
};

/// What a canonicalisation or scan reports about the body's top level.
struct TopLevel {
    bool is_object = false;               ///< the body is a JSON object
    std::vector<TopLevelMember> members;  ///< its members in body order, duplicate keys included
};

namespace canonical_impl {

// Source-referencing kinds avoid copying the common case (no escapes, canonical number text).
enum class Kind : std::uint8_t { raw_src, raw_pool, str_src, str_pool, array, object };

// One parsed token, in document order. 32-bit fields halve the tape's memory (a body of "[0,0,0,..."
// has a node per two bytes), so the body and the pool must stay below offset_limit. The constructor
// (rather than aggregate init) lets emplace_back build nodes in place: copying a stack temporary with
// a narrow member caused store-forwarding stalls that dominated profiles.
struct Node {
    Node(std::size_t o, std::size_t l, Kind k) noexcept
        : off(static_cast<std::uint32_t>(o)), len(static_cast<std::uint32_t>(l)), kind(k) {}
    std::uint32_t off;  // containers: index one past the last descendant
    std::uint32_t len;
    Kind kind;
};

inline constexpr std::size_t offset_limit = 0xFFFFFFFFu;

// Where a token's text is: in the body (the *_src kinds) or in the parser's pool.
inline const char* node_text(const Node& nd, const char* body, const char* pool) noexcept {
    return (nd.kind == Kind::raw_src || nd.kind == Kind::str_src) ? body + nd.off : pool + nd.off;
}

// A byte's role inside a string literal: one table lookup instead of a chain of comparisons.
enum : unsigned char { in_plain = 0, in_quote = 1, in_backslash = 2, in_control = 3, in_non_ascii = 4 };

inline constexpr std::array<unsigned char, 256> make_input_classes() noexcept {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0; i < 256; ++i) {
        unsigned char v = in_plain;
        if (i < 0x20)
            v = in_control;
        else if (i == '"')
            v = in_quote;
        else if (i == '\\')
            v = in_backslash;
        else if (i >= 0x80)
            v = in_non_ascii;
        t[i] = v;
    }
    return t;
}
inline constexpr std::array<unsigned char, 256> input_classes = make_input_classes();

// 1 = must be escaped by Python's json.dumps; the ASCII table also escapes DEL and every non-ASCII byte,
// because Python's ensure_ascii=True escapes everything outside ' '..'~'.
inline constexpr std::array<unsigned char, 256> make_escape_table(bool ascii) noexcept {
    std::array<unsigned char, 256> t{};
    for (std::size_t i = 0; i < 256; ++i) {
        bool esc = i < 0x20 || i == '"' || i == '\\' || (ascii && i >= 0x7f);
        t[i] = esc ? 1 : 0;
    }
    return t;
}
inline constexpr std::array<unsigned char, 256> escape_utf8 = make_escape_table(false);
inline constexpr std::array<unsigned char, 256> escape_ascii = make_escape_table(true);

inline constexpr bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

// Eight bytes at a time: string contents are mostly plain ASCII, and byte-wise scanning dominated profiles.
inline constexpr std::uint64_t swar_ones = 0x0101010101010101ull;
inline constexpr std::uint64_t swar_highs = 0x8080808080808080ull;

inline std::uint64_t load_word(const unsigned char* p) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline constexpr std::uint64_t swar_has_byte(std::uint64_t v, unsigned char b) noexcept {
    const std::uint64_t x = v ^ (swar_ones * b);
    return (x - swar_ones) & ~x & swar_highs;
}

// Exact as a yes/no answer (only the position of later matches can be wrong), which is all we use.
inline constexpr std::uint64_t swar_has_control(std::uint64_t v) noexcept {
    return (v - swar_ones * 0x20) & ~v & swar_highs;
}

// Any byte that ends a plain run in a JSON string: '"', '\\', a control character or a non-ASCII byte.
inline constexpr std::uint64_t swar_string_mask(std::uint64_t v) noexcept {
    return (v & swar_highs) | swar_has_control(v) | swar_has_byte(v, '"') | swar_has_byte(v, '\\');
}

// Any byte Python would escape: as above, but non-ASCII only matters (with DEL) under ensure_ascii.
inline constexpr std::uint64_t swar_escape_mask(std::uint64_t v, bool ascii) noexcept {
    std::uint64_t m = swar_has_control(v) | swar_has_byte(v, '"') | swar_has_byte(v, '\\');
    if (ascii) m |= (v & swar_highs) | swar_has_byte(v, 0x7F);
    return m;
}

// Index of the first flagged byte of a non-zero mask. The lowest flag is always a true match (false
// positives only arise above one); without a cheap bit scan, 0 lets the byte loop find it.
inline std::size_t first_marked_byte(std::uint64_t mask) noexcept {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return static_cast<std::size_t>(__builtin_ctzll(mask)) / 8;
#else
    (void)mask;
    return 0;
#endif
}

DIDIT_INLINE int hex_value(unsigned char c) noexcept;

// Length of the well-formed UTF-8 sequence at p (Unicode Table 3-7, which is exactly what Python's
// strict decoder accepts: no overlongs, no encoded surrogates, nothing above U+10FFFF), or 0.
DIDIT_INLINE std::size_t utf8_sequence_length(const unsigned char* p, std::size_t avail) noexcept;

DIDIT_INLINE void append_utf8(std::string& out, std::uint32_t cp);

DIDIT_INLINE void append_uint64(std::string& out, std::uint64_t v);

inline bool double_is_finite(double v) noexcept {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    return ((bits >> 52) & 0x7FF) != 0x7FF;
}

// Python's shorten_floats turns integral floats into ints, and int(x) is the exact binary value,
// so e.g. 1e300 must print all 301 digits of the nearest double rather than a rounded "1e300".
DIDIT_INLINE bool double_is_integral(double v) noexcept;

DIDIT_INLINE void append_integral_double(std::string& out, double v);

// Python's float repr: fixed notation when 1e-4 <= |x| < 1e16 (float_text.hpp).
inline constexpr int python_max_fixed_decpt = 16;

class Parser {
public:
    /// What the parser does with a number literal that passed the grammar: `canonical_number`
    /// (the canonical form, for signatures) or `number_as_written` (the literal's own text, for
    /// a caller that converts numbers itself). A pointer, so a program that never canonicalizes
    /// does not link the canonical float code.
    using NumberFn = bool (Parser::*)(std::size_t start, std::size_t end, bool is_float);

    Parser(std::string_view body, std::size_t max_depth, TopLevel* top = nullptr,
           NumberFn on_number = &Parser::canonical_number)
        : s_(reinterpret_cast<const unsigned char*>(body.data())),
          n_(body.size()),
          max_depth_(max_depth),
          top_(top),
          on_number_(on_number) {
        // Typical bodies have a token per 10-15 bytes; reserving avoids regrowth, capped for huge limits.
        const std::size_t guess = n_ / 8 + 16;
        nodes_.reserve(guess < (std::size_t{1} << 20) ? guess : (std::size_t{1} << 20));
    }

    CanonicalStatus run();

    const std::vector<Node>& nodes() const noexcept { return nodes_; }
    const std::string& pool() const noexcept { return pool_; }

    bool canonical_number(std::size_t start, std::size_t pos, bool is_float);
    bool number_as_written(std::size_t start, std::size_t end, bool /*is_float*/) {
        nodes_.emplace_back(start, end - start, Kind::raw_src);
        return true;
    }

    // from_chars reports both overflow and underflow as out of range; they are told apart by the
    // decimal magnitude of the (grammar-validated) literal s[start, end), which is far from 1 in
    // either case.
    static bool literal_is_at_least_one(const unsigned char* s, std::size_t start, std::size_t end) noexcept;

private:
    CanonicalStatus fail(CanonicalError e, std::size_t off, const char* why) {
        err_ = CanonicalStatus{e, off, why};
        return err_;
    }
    bool failed(CanonicalError e, std::size_t off, const char* why) {
        fail(e, off, why);
        return false;
    }

    std::size_t skip_ws(std::size_t pos) const noexcept;

    // The key is copied now because the pool may move before the parse ends.
    void begin_member(std::size_t pos);

    void close_top() {
        nodes_[stack_.back()].off = static_cast<std::uint32_t>(nodes_.size());
        stack_.pop_back();
    }

    // On success pos is at the member's value.
    bool parse_key(std::size_t& pos);

    bool match_literal(std::size_t pos, const char* lit, std::size_t len) const noexcept {
        return n_ - pos >= len && std::memcmp(s_ + pos, lit, len) == 0;
    }

    bool parse_scalar(std::size_t& pos);

    bool parse_number(std::size_t& pos);

    // Significant digits of a float literal: value = (-)0.DIGITS * 10^decpt.
    struct ShortDecimal {
        char digits[16] = {};
        int nd = 0;
        int decpt = 0;
        bool negative = false;
    };

    // Succeeds for a normal-range literal with at most 15 significant digits (DBL_DIG). Such a
    // decimal maps to a double whose shortest round-trip digits are exactly its own, so Python's
    // repr can be produced from the literal without the (comparatively slow) shortest-digits search.
    bool scan_short_decimal(std::size_t start, std::size_t end, ShortDecimal& d) const noexcept;

    // Clinger's fast path: an integer below 2^53 times or divided by an exactly representable power
    // of ten is one correctly rounded IEEE operation, the same result as Python's float().
    static bool short_decimal_value(const ShortDecimal& d, double& v) noexcept;

    void skip_plain(std::size_t& pos) const noexcept;

    // pos is at the opening quote; on success it is just past the closing quote. The common case
    // (plain run, then the closing quote) stays inline; everything else goes to parse_string_rest.
    bool parse_string(std::size_t& pos);

    bool parse_string_rest(std::size_t start, std::size_t& pos);

    bool read_hex4(std::size_t pos, std::uint32_t& unit) const noexcept;

    // pos is at the backslash; on success it is just past the escape.
    bool decode_escape(std::size_t& pos);

    const unsigned char* s_;
    std::size_t n_;
    std::size_t max_depth_;
    std::vector<Node> nodes_;
    std::string pool_;
    std::vector<std::size_t> stack_;  // open containers; bounded by max_depth and the body size
    TopLevel* top_;                   // where to report the top-level members, if anywhere
    NumberFn on_number_;
    CanonicalStatus err_{};
};

struct Member {
    Member(std::uint64_t p, std::size_t k) noexcept : prefix(p), key(static_cast<std::uint32_t>(k)) {}
    std::uint64_t prefix;  // first 8 key bytes, big-endian, zero-padded: settles most comparisons
    std::uint32_t key;     // node index of the key (its value follows); also the duplicate tie-breaker
};

// `avail` is how many bytes may be read from p (at least len).
DIDIT_INLINE std::uint64_t key_prefix(const char* p, std::size_t len, std::size_t avail) noexcept;

// Writes into `out` through a raw cursor; std::string::append per token was a visible cost.
class Writer {
public:
    explicit Writer(std::string& out, std::size_t expected)
        : out_(sized(out, expected < 64 ? 64 : expected)), cur_(out_.data()), end_(cur_ + out_.size()) {}
    void put(char c) {
        if (cur_ == end_) grow(1);
        *cur_++ = c;
    }
    void put(const char* p, std::size_t n);
    void put_quoted(const char* p, std::size_t n);
    void put_u_escape(std::uint32_t unit);
    /// A JSON string literal of valid UTF-8 as Python's json.dumps writes it, which for
    /// ensure_ascii=False is also what nlohmann's dump() writes: the two-character escapes,
    /// \u00XX for other control characters, and (with `ascii`) \uXXXX for non-ASCII and DEL.
    void put_escaped(const char* p, std::size_t len, bool ascii);
    void finish() { out_.resize(static_cast<std::size_t>(cur_ - out_.data())); }

private:
    static std::string& sized(std::string& s, std::size_t n) {
        s.resize(n);
        return s;
    }
    void grow(std::size_t n);

    std::string& out_;
    char* cur_;
    char* end_;
};

class Emitter {
public:
    Emitter(std::string_view body, const std::vector<Node>& nodes, const std::string& pool, bool ascii, Writer& out)
        : src_(body.data()),
          src_len_(body.size()),
          nodes_(nodes),
          pool_(pool.data()),
          pool_len_(pool.size()),
          ascii_(ascii),
          out_(out) {
        frames_.reserve(16);
        members_.reserve(64);
    }

    void run();

private:
    struct Frame {
        Frame(std::size_t b, std::size_t e, std::size_t mb, bool obj) noexcept
            : begin(b), cur(b), end(e), members_base(mb), is_object(obj) {}
        std::size_t begin;
        std::size_t cur;
        std::size_t end;
        std::size_t members_base;
        bool is_object;
    };

    std::size_t next_sibling(std::size_t i) const noexcept {
        const Node& nd = nodes_[i];
        return (nd.kind == Kind::array || nd.kind == Kind::object) ? nd.off : i + 1;
    }

    void truncate_members(std::size_t n) {
        members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(n), members_.end());
    }

    const char* text_of(const Node& nd) const noexcept { return node_text(nd, src_, pool_); }

    // Byte order (memcmp is unsigned) of UTF-8 equals code point order, which is how Python sorts str keys.
    int compare_keys(const Member& a, const Member& b) const noexcept;

    // Scalars are written in place; containers need a frame (and objects a sort), so they are opened
    // out of line to keep this hot switch small.
    void emit_value(std::size_t i);

    void open_container(std::size_t i);

    void open_object(std::size_t i, std::size_t end);

    const char* src_;
    std::size_t src_len_;
    const std::vector<Node>& nodes_;
    const char* pool_;
    std::size_t pool_len_;
    bool ascii_;
    Writer& out_;
    std::vector<Frame> frames_;
    std::vector<Member> members_;  // a stack of per-object sorted ranges, so objects share one allocation
};

// With `out` null only the parse runs: the same accept/reject decision, no canonical form.
DIDIT_INLINE CanonicalStatus canonicalize(std::string_view body, std::string* out, const CanonicalLimits& limits,
                                          bool ascii, TopLevel* top);

}  // namespace canonical_impl

/// Writes to `out` (cleared first) what Didit's server computes as
/// `json.dumps(shorten_floats(json.loads(body)), sort_keys=True, ensure_ascii=False, separators=(",", ":"))`.
/// Bodies Python would accept but that have no faithful canonical form (NaN, Infinity, floats beyond
/// the double range, lone surrogate escapes) are rejected, as is anything that is not UTF-8.
/// Never throws and never recurses; on error `out` is left empty.
inline CanonicalStatus canonicalize_json(std::string_view body, std::string& out, const CanonicalLimits& limits = {}) {
    return canonical_impl::canonicalize(body, &out, limits, false, nullptr);
}

/// As canonicalize_json, and also reports the members of the top-level object in `top` (byte
/// ranges of their values in `body`), found in the same pass. On error `top` is left empty.
inline CanonicalStatus canonicalize_json(std::string_view body, std::string& out, TopLevel& top,
                                         const CanonicalLimits& limits = {}) {
    return canonical_impl::canonicalize(body, &out, limits, false, &top);
}

/// Accepts and rejects exactly what canonicalize_json does (same checks, same limits) and reports
/// the top-level members, without producing the canonical form: the validation behind a body
/// whose raw bytes were signed. On error `top` is left empty.
inline CanonicalStatus scan_json(std::string_view body, TopLevel& top, const CanonicalLimits& limits = {}) {
    return canonical_impl::canonicalize(body, nullptr, limits, false, &top);
}

/// As canonicalize_json but with `ensure_ascii=True` (non-ASCII and DEL as lower-case `\u` + four hex digits, astral
/// characters as surrogate pairs), the "ASCII-escaped" V2 variant Didit's docs mention.
inline CanonicalStatus canonicalize_json_ascii(std::string_view body, std::string& out,
                                               const CanonicalLimits& limits = {}) {
    return canonical_impl::canonicalize(body, &out, limits, true, nullptr);
}

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {
namespace canonical_impl {

DIDIT_INLINE int hex_value(unsigned char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

DIDIT_INLINE std::size_t utf8_sequence_length(const unsigned char* p, std::size_t avail) noexcept {
    const unsigned char c = p[0];
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

DIDIT_INLINE void append_uint64(std::string& out, std::uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

DIDIT_INLINE bool double_is_integral(double v) noexcept {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    const int biased = static_cast<int>((bits >> 52) & 0x7FF);
    const std::uint64_t frac = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased == 0x7FF) return false;
    if (biased == 0) return frac == 0;
    const int e = biased - 1075;
    if (e >= 0) return true;
    if (e < -52) return false;
    const std::uint64_t m = frac | (std::uint64_t{1} << 52);
    return (m & ((std::uint64_t{1} << -e) - 1)) == 0;
}

DIDIT_INLINE void append_integral_double(std::string& out, double v) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    const bool neg = (bits >> 63) != 0;
    const int biased = static_cast<int>((bits >> 52) & 0x7FF);
    const std::uint64_t frac = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased == 0) {  // only zero is integral here; -0.0 becomes int 0
        out += '0';
        return;
    }
    if (neg) out += '-';
    const std::uint64_t m = frac | (std::uint64_t{1} << 52);
    int e = biased - 1075;
    if (e <= 0) {
        append_uint64(out, m >> -e);
        return;
    }
    if (e <= 10) {
        append_uint64(out, m << e);
        return;
    }
    // Base 1e9 little-endian bignum; 2^1024 has 309 digits, so 35 limbs suffice.
    constexpr std::uint64_t base = 1000000000u;
    std::array<std::uint32_t, 40> limb{};
    std::size_t used = 2;
    limb[0] = static_cast<std::uint32_t>(m % base);
    limb[1] = static_cast<std::uint32_t>(m / base);
    while (e > 0) {
        const int s = e < 32 ? e : 32;
        e -= s;
        std::uint64_t carry = 0;
        for (std::size_t i = 0; i < used; ++i) {
            const std::uint64_t cur = (std::uint64_t{limb[i]} << s) + carry;
            limb[i] = static_cast<std::uint32_t>(cur % base);
            carry = cur / base;
        }
        while (carry != 0) {
            limb[used++] = static_cast<std::uint32_t>(carry % base);
            carry /= base;
        }
    }
    while (used > 1 && limb[used - 1] == 0) --used;
    append_uint64(out, limb[used - 1]);
    for (std::size_t i = used - 1; i-- > 0;) {
        char buf[9];
        std::uint32_t x = limb[i];
        for (int k = 8; k >= 0; --k) {
            buf[k] = static_cast<char>('0' + x % 10);
            x /= 10;
        }
        out.append(buf, 9);
    }
}

DIDIT_INLINE CanonicalStatus Parser::run() {
    std::size_t pos = skip_ws(0);
    if (top_ != nullptr) top_->is_object = pos < n_ && s_[pos] == '{';
    for (;;) {
        if (pos >= n_) return fail(CanonicalError::invalid_json, pos, "expected a value");
        // A value of the top-level object starts here; its key is the last node.
        if (stack_.size() == 1 && top_ != nullptr && top_->is_object) begin_member(pos);
        const unsigned char c = s_[pos];
        if (c == '{' || c == '[') {
            if (stack_.size() >= max_depth_) return fail(CanonicalError::too_deep, pos, "nesting exceeds max_depth");
            stack_.push_back(nodes_.size());
            nodes_.emplace_back(0, 0, c == '{' ? Kind::object : Kind::array);
            pos = skip_ws(pos + 1);
            if (pos < n_ && s_[pos] == static_cast<unsigned char>(c == '{' ? '}' : ']')) {
                close_top();
                ++pos;
            } else if (c == '{') {
                if (!parse_key(pos)) return err_;
                continue;
            } else {
                continue;
            }
        } else if (!parse_scalar(pos)) {
            return err_;
        }
        // A value just ended: continue the enclosing container, or finish.
        for (;;) {
            if (stack_.size() == 1 && top_ != nullptr && top_->is_object) top_->members.back().end = pos;
            pos = skip_ws(pos);
            if (stack_.empty()) {
                if (pos != n_) return fail(CanonicalError::trailing_data, pos, "unexpected data after the JSON value");
                return CanonicalStatus{};
            }
            if (pos >= n_) return fail(CanonicalError::invalid_json, pos, "unexpected end of input in array or object");
            const bool in_object = nodes_[stack_.back()].kind == Kind::object;
            const unsigned char d = s_[pos];
            if (d == ',') {
                pos = skip_ws(pos + 1);
                if (in_object && !parse_key(pos)) return err_;
                break;
            }
            if (d == static_cast<unsigned char>(in_object ? '}' : ']')) {
                close_top();
                ++pos;
                continue;
            }
            return fail(CanonicalError::invalid_json, pos, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
}

DIDIT_INLINE std::size_t Parser::skip_ws(std::size_t pos) const noexcept {
    while (pos < n_) {
        const unsigned char c = s_[pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
        ++pos;
    }
    return pos;
}

DIDIT_INLINE void Parser::begin_member(std::size_t pos) {
    const Node& key = nodes_.back();
    const char* text = node_text(key, reinterpret_cast<const char*>(s_), pool_.data());
    if (top_->members.empty()) top_->members.reserve(16);  // a webhook envelope has about 15
    TopLevelMember& m = top_->members.emplace_back();
    m.key.assign(text, key.len);
    m.begin = pos;
    m.end = pos;
}

DIDIT_INLINE bool Parser::parse_key(std::size_t& pos) {
    if (pos >= n_ || s_[pos] != '"')
        return failed(CanonicalError::invalid_json, pos, "expected a double-quoted object key");
    if (!parse_string(pos)) return false;
    pos = skip_ws(pos);
    if (pos >= n_ || s_[pos] != ':') return failed(CanonicalError::invalid_json, pos, "expected ':' after object key");
    pos = skip_ws(pos + 1);
    return true;
}

DIDIT_INLINE bool Parser::parse_scalar(std::size_t& pos) {
    const unsigned char c = s_[pos];
    if (c == '"') return parse_string(pos);
    if (c == '-' || is_digit(c)) return parse_number(pos);
    const char* lit = nullptr;
    std::size_t len = 0;
    if (c == 't')
        lit = "true", len = 4;
    else if (c == 'f')
        lit = "false", len = 5;
    else if (c == 'n')
        lit = "null", len = 4;
    if (lit != nullptr && match_literal(pos, lit, len)) {
        nodes_.emplace_back(pos, len, Kind::raw_src);
        pos += len;
        return true;
    }
    // Python's json.loads accepts these, but json.dumps would then emit non-JSON.
    if (match_literal(pos, "NaN", 3) || match_literal(pos, "Infinity", 8))
        return failed(CanonicalError::non_finite, pos, "NaN and Infinity are not supported");
    return failed(CanonicalError::invalid_json, pos, "expected a value");
}

DIDIT_INLINE bool Parser::parse_number(std::size_t& pos) {
    const std::size_t start = pos;
    if (s_[pos] == '-') {
        ++pos;
        if (match_literal(pos, "Infinity", 8))
            return failed(CanonicalError::non_finite, start, "NaN and Infinity are not supported");
    }
    if (pos >= n_ || !is_digit(s_[pos])) return failed(CanonicalError::invalid_json, pos, "expected a digit");
    if (s_[pos] == '0') {
        ++pos;
        if (pos < n_ && is_digit(s_[pos]))
            return failed(CanonicalError::invalid_json, pos, "leading zeros are not allowed");
    } else {
        while (pos < n_ && is_digit(s_[pos])) ++pos;
    }
    bool is_float = false;
    if (pos < n_ && s_[pos] == '.') {
        ++pos;
        if (pos >= n_ || !is_digit(s_[pos]))
            return failed(CanonicalError::invalid_json, pos, "expected a digit after '.'");
        while (pos < n_ && is_digit(s_[pos])) ++pos;
        is_float = true;
    }
    if (pos < n_ && (s_[pos] == 'e' || s_[pos] == 'E')) {
        ++pos;
        if (pos < n_ && (s_[pos] == '+' || s_[pos] == '-')) ++pos;
        if (pos >= n_ || !is_digit(s_[pos]))
            return failed(CanonicalError::invalid_json, pos, "expected a digit in the exponent");
        while (pos < n_ && is_digit(s_[pos])) ++pos;
        is_float = true;
    }
    return (this->*on_number_)(start, pos, is_float);
}

DIDIT_INLINE bool Parser::canonical_number(std::size_t start, std::size_t pos, bool is_float) {
    if (!is_float) {
        // Integer literals are already canonical (Python ints are exact), except that int("-0") is 0.
        if (pos - start == 2 && s_[start] == '-' && s_[start + 1] == '0') {
            nodes_.emplace_back(start + 1, 1, Kind::raw_src);
        } else {
            nodes_.emplace_back(start, pos - start, Kind::raw_src);
        }
        return true;
    }
    const std::size_t at = pool_.size();
    ShortDecimal dec;
    const bool is_short = scan_short_decimal(start, pos, dec);
    double v = 0.0;
    if (!(is_short && short_decimal_value(dec, v))) {
        const char* first = reinterpret_cast<const char*>(s_ + start);
        const char* last = reinterpret_cast<const char*>(s_ + pos);
        const auto r = std::from_chars(first, last, v);
        if (r.ec == std::errc::result_out_of_range) {
            if (literal_is_at_least_one(s_, start, pos))
                return failed(CanonicalError::non_finite, start, "float literal overflows a double");
            v = 0.0;  // underflow: Python's float() gives (-)0.0, which shortens to int 0
        } else if (r.ec != std::errc() || r.ptr != last) {
            return failed(CanonicalError::invalid_json, start, "malformed number");
        }
    }
    if (!double_is_finite(v))  // from_chars signals overflow; this only guards against library variance
        return failed(CanonicalError::non_finite, start, "float literal overflows a double");
    if (double_is_integral(v))
        append_integral_double(pool_, v);
    else if (is_short)
        append_float_digits(pool_, dec.negative, dec.digits, dec.nd, dec.decpt, python_max_fixed_decpt);
    else
        append_shortest_double(pool_, v, python_max_fixed_decpt);
    if (pool_.size() > offset_limit) return failed(CanonicalError::too_large, start, "canonical form exceeds 4 GiB");
    nodes_.emplace_back(at, pool_.size() - at, Kind::raw_pool);
    return true;
}

DIDIT_INLINE bool Parser::scan_short_decimal(std::size_t start, std::size_t end, ShortDecimal& d) const noexcept {
    std::size_t i = start;
    d.negative = s_[i] == '-';
    if (d.negative) ++i;
    bool seen = false;  // a non-zero digit
    int zeros = 0;      // zeros after the last non-zero digit: significant only if another follows
    auto digit = [&](unsigned char c) {
        if (!seen && c == '0') return true;
        if (c == '0') {
            ++zeros;
            return true;
        }
        if (d.nd + zeros + 1 > 15) return false;
        for (; zeros > 0; --zeros) d.digits[d.nd++] = '0';
        d.digits[d.nd++] = static_cast<char>(c);
        seen = true;
        return true;
    };
    for (; i < end && is_digit(s_[i]); ++i) {
        if (seen || s_[i] != '0') ++d.decpt;
        if (!digit(s_[i])) return false;
    }
    if (i < end && s_[i] == '.') {
        for (++i; i < end && is_digit(s_[i]); ++i) {
            if (!seen && s_[i] == '0') --d.decpt;
            if (!digit(s_[i])) return false;
        }
    }
    if (!seen) {  // zero, whatever the exponent
        d.decpt = 0;
        return true;
    }
    if (i < end) {  // exponent
        ++i;
        bool neg = false;
        if (s_[i] == '+' || s_[i] == '-') neg = s_[i++] == '-';
        int e = 0;
        for (; i < end; ++i) {
            e = e * 10 + (s_[i] - '0');
            if (e > 1000) return false;
        }
        d.decpt += neg ? -e : e;
    }
    return d.decpt >= -300 && d.decpt <= 300;
}

DIDIT_INLINE bool Parser::short_decimal_value(const ShortDecimal& d, double& v) noexcept {
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
    static constexpr double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (d.nd == 0) {
        v = 0.0;
        return true;
    }
    const int k = d.decpt - d.nd;
    if (k < -22 || k > 22) return false;
    std::uint64_t m = 0;
    for (int i = 0; i < d.nd; ++i) m = m * 10 + static_cast<std::uint64_t>(d.digits[i] - '0');
    v = static_cast<double>(m);
    v = k < 0 ? v / pow10[-k] : v * pow10[k];
    if (d.negative) v = -v;
    return true;
#else
    (void)d;
    (void)v;
    return false;
#endif
}

DIDIT_INLINE bool Parser::literal_is_at_least_one(const unsigned char* s, std::size_t start, std::size_t end) noexcept {
    std::size_t i = start;
    if (s[i] == '-') ++i;
    long long lead = 0;  // decimal exponent of the first significant digit
    bool seen = false;
    std::size_t int_digits = 0;
    for (; i < end && is_digit(s[i]); ++i, ++int_digits) {
        if (!seen && s[i] != '0') {
            seen = true;
            int_digits = 0;
        }
    }
    if (seen) lead = static_cast<long long>(int_digits) - 1;
    if (i < end && s[i] == '.') {
        ++i;
        long long k = -1;
        for (; i < end && is_digit(s[i]); ++i, --k) {
            if (!seen && s[i] != '0') {
                seen = true;
                lead = k;
            }
        }
    }
    if (!seen) return false;
    long long e = 0;
    if (i < end && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool neg = false;
        if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
        for (; i < end; ++i) {
            if (e < 100000000) e = e * 10 + (s[i] - '0');
        }
        if (neg) e = -e;
    }
    // lead is bounded by the body size, e by saturation, so no overflow.
    return lead + e >= 0;
}

DIDIT_INLINE void Parser::skip_plain(std::size_t& pos) const noexcept {
    while (n_ - pos >= 8) {
        const std::uint64_t m = swar_string_mask(load_word(s_ + pos));
        if (m != 0) {
            pos += first_marked_byte(m);
            return;
        }
        pos += 8;
    }
}

DIDIT_INLINE bool Parser::parse_string(std::size_t& pos) {
    const std::size_t start = ++pos;
    skip_plain(pos);
    if (pos < n_ && s_[pos] == '"') {
        nodes_.emplace_back(start, pos - start, Kind::str_src);
        ++pos;
        return true;
    }
    return parse_string_rest(start, pos);
}

DIDIT_INLINE bool Parser::parse_string_rest(std::size_t start, std::size_t& pos) {
    for (;;) {
        skip_plain(pos);
        if (pos >= n_) return failed(CanonicalError::invalid_json, start - 1, "unterminated string");
        const unsigned char cls = input_classes[s_[pos]];
        if (cls == in_quote) {
            nodes_.emplace_back(start, pos - start, Kind::str_src);
            ++pos;
            return true;
        }
        if (cls == in_non_ascii) {
            const std::size_t len = utf8_sequence_length(s_ + pos, n_ - pos);
            if (len == 0) return failed(CanonicalError::invalid_utf8, pos, "invalid UTF-8 in string");
            pos += len;
        } else if (cls == in_plain) {
            ++pos;
        } else if (cls == in_control) {
            return failed(CanonicalError::invalid_json, pos, "unescaped control character in string");
        } else {
            break;  // backslash: decode into the pool from here on
        }
    }
    const std::size_t at = pool_.size();
    pool_.append(reinterpret_cast<const char*>(s_ + start), pos - start);
    std::size_t run = pos;
    for (;;) {
        skip_plain(pos);
        if (pos >= n_) return failed(CanonicalError::invalid_json, start - 1, "unterminated string");
        const unsigned char cls = input_classes[s_[pos]];
        if (cls == in_plain) {
            ++pos;
            continue;
        }
        if (cls == in_non_ascii) {
            const std::size_t len = utf8_sequence_length(s_ + pos, n_ - pos);
            if (len == 0) return failed(CanonicalError::invalid_utf8, pos, "invalid UTF-8 in string");
            pos += len;
            continue;
        }
        if (cls == in_control)
            return failed(CanonicalError::invalid_json, pos, "unescaped control character in string");
        pool_.append(reinterpret_cast<const char*>(s_ + run), pos - run);
        if (cls == in_quote) {
            if (pool_.size() > offset_limit)
                return failed(CanonicalError::too_large, start, "canonical form exceeds 4 GiB");
            nodes_.emplace_back(at, pool_.size() - at, Kind::str_pool);
            ++pos;
            return true;
        }
        if (!decode_escape(pos)) return false;
        run = pos;
    }
}

DIDIT_INLINE bool Parser::read_hex4(std::size_t pos, std::uint32_t& unit) const noexcept {
    if (n_ - pos < 4) return false;
    unit = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int h = hex_value(s_[pos + i]);
        if (h < 0) return false;
        unit = (unit << 4) | static_cast<std::uint32_t>(h);
    }
    return true;
}

DIDIT_INLINE bool Parser::decode_escape(std::size_t& pos) {
    const std::size_t esc = pos;
    if (pos + 1 >= n_) return failed(CanonicalError::invalid_json, esc, "unterminated string");
    char simple = 0;
    switch (s_[pos + 1]) {
        case '"': simple = '"'; break;
        case '\\': simple = '\\'; break;
        case '/': simple = '/'; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case 'u': break;
        default: return failed(CanonicalError::invalid_json, esc, "invalid escape sequence");
    }
    if (s_[pos + 1] != 'u') {
        pool_ += simple;
        pos += 2;
        return true;
    }
    std::uint32_t unit = 0;
    if (!read_hex4(pos + 2, unit)) return failed(CanonicalError::invalid_json, esc, "invalid \\u escape");
    pos += 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return failed(CanonicalError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        std::uint32_t low = 0;
        if (n_ - pos < 2 || s_[pos] != '\\' || s_[pos + 1] != 'u')
            return failed(CanonicalError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
        if (!read_hex4(pos + 2, low)) return failed(CanonicalError::invalid_json, pos, "invalid \\u escape");
        if (low < 0xDC00 || low > 0xDFFF)
            return failed(CanonicalError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        pos += 6;
    }
    append_utf8(pool_, unit);
    return true;
}

DIDIT_INLINE std::uint64_t key_prefix(const char* p, std::size_t len, std::size_t avail) noexcept {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (avail >= 8) {
        const std::uint64_t v = __builtin_bswap64(load_word(reinterpret_cast<const unsigned char*>(p)));
        if (len >= 8) return v;
        return len == 0 ? 0 : v & (~std::uint64_t{0} << (64 - 8 * len));
    }
#else
    (void)avail;
#endif
    std::uint64_t v = 0;
    const std::size_t n = len < 8 ? len : 8;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (56 - 8 * i);
    return v;
}

DIDIT_INLINE void Writer::put(const char* p, std::size_t n) {
    if (static_cast<std::size_t>(end_ - cur_) < n) grow(n);
    // Most tokens are short; fixed-size (overlapping) copies compile to plain moves, where a
    // variable-length memcpy call would cost more than the copy itself.
    if (n >= 8 && n <= 16) {
        std::memcpy(cur_, p, 8);
        std::memcpy(cur_ + n - 8, p + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        std::memcpy(cur_, p, 4);
        std::memcpy(cur_ + n - 4, p + n - 4, 4);
    } else if (n < 4) {
        for (std::size_t i = 0; i < n; ++i) cur_[i] = p[i];
    } else {
        std::memcpy(cur_, p, n);
    }
    cur_ += n;
}

DIDIT_INLINE void Writer::put_quoted(const char* p, std::size_t n) {
    if (static_cast<std::size_t>(end_ - cur_) < n + 2) grow(n + 2);
    *cur_++ = '"';
    put(p, n);
    *cur_++ = '"';
}

DIDIT_INLINE void Writer::put_u_escape(std::uint32_t unit) {
    static constexpr char hex[] = "0123456789abcdef";  // Python emits lower-case hex
    const char buf[6] = {'\\',           'u', hex[(unit >> 12) & 0xF], hex[(unit >> 8) & 0xF], hex[(unit >> 4) & 0xF],
                         hex[unit & 0xF]};
    put(buf, 6);
}

DIDIT_INLINE void Writer::grow(std::size_t n) {
    const std::size_t used = static_cast<std::size_t>(cur_ - out_.data());
    const std::size_t want = used + n;
    out_.resize(want > 2 * out_.size() ? want : 2 * out_.size());
    cur_ = out_.data() + used;
    end_ = out_.data() + out_.size();
}

DIDIT_INLINE void Writer::put_escaped(const char* p, std::size_t len, bool ascii) {
    put('"');
    const auto& table = ascii ? escape_ascii : escape_utf8;
    const unsigned char* u = reinterpret_cast<const unsigned char*>(p);
    std::size_t run = 0;
    std::size_t i = 0;
    while (i < len) {
        while (len - i >= 8) {
            const std::uint64_t m = swar_escape_mask(load_word(u + i), ascii);
            if (m != 0) {
                i += first_marked_byte(m);
                break;
            }
            i += 8;
        }
        if (i >= len) break;
        const unsigned char c = u[i];
        if (table[c] == 0) {
            ++i;
            continue;
        }
        put(p + run, i - run);
        std::size_t step = 1;
        switch (c) {
            case '"': put("\\\"", 2); break;
            case '\\': put("\\\\", 2); break;
            case '\n': put("\\n", 2); break;
            case '\r': put("\\r", 2); break;
            case '\t': put("\\t", 2); break;
            case '\b': put("\\b", 2); break;
            case '\f': put("\\f", 2); break;
            default:
                if (c < 0x80) {
                    put_u_escape(c);
                } else {
                    // Only reached under ensure_ascii; the text is valid UTF-8 (the caller's promise).
                    std::uint32_t cp = 0;
                    if (c < 0xE0)
                        cp = c & 0x1Fu, step = 2;
                    else if (c < 0xF0)
                        cp = c & 0x0Fu, step = 3;
                    else
                        cp = c & 0x07u, step = 4;
                    for (std::size_t k = 1; k < step; ++k) cp = (cp << 6) | (u[i + k] & 0x3Fu);
                    if (cp >= 0x10000) {
                        cp -= 0x10000;
                        put_u_escape(0xD800 + (cp >> 10));
                        put_u_escape(0xDC00 + (cp & 0x3FF));
                    } else {
                        put_u_escape(cp);
                    }
                }
        }
        i += step;
        run = i;
    }
    put(p + run, len - run);
    put('"');
}

DIDIT_INLINE void Emitter::run() {
    emit_value(0);
    while (!frames_.empty()) {
        Frame& f = frames_.back();
        if (f.cur == f.end) {
            out_.put(f.is_object ? '}' : ']');
            if (f.is_object) truncate_members(f.members_base);
            frames_.pop_back();
            continue;
        }
        if (f.cur != f.begin) out_.put(',');
        // emit_value may grow frames_/members_, so nothing below may touch f or a Member reference.
        if (f.is_object) {
            const std::size_t key = members_[f.cur++].key;
            emit_value(key);
            out_.put(':');
            emit_value(key + 1);
        } else {
            const std::size_t v = f.cur;
            f.cur = next_sibling(v);
            emit_value(v);
        }
    }
}

DIDIT_INLINE int Emitter::compare_keys(const Member& a, const Member& b) const noexcept {
    if (a.prefix != b.prefix) return a.prefix < b.prefix ? -1 : 1;
    const Node& ka = nodes_[a.key];
    const Node& kb = nodes_[b.key];
    const std::size_t n = ka.len < kb.len ? ka.len : kb.len;
    const int c = n <= 8 ? 0 : std::memcmp(text_of(ka) + 8, text_of(kb) + 8, n - 8);
    if (c != 0) return c;
    return ka.len < kb.len ? -1 : (ka.len > kb.len ? 1 : 0);
}

DIDIT_INLINE void Emitter::emit_value(std::size_t i) {
    const Node& nd = nodes_[i];
    switch (nd.kind) {
        case Kind::raw_src: out_.put(src_ + nd.off, nd.len); return;
        case Kind::raw_pool: out_.put(pool_ + nd.off, nd.len); return;
        case Kind::str_src:
            // Unescaped source text has no quote, backslash or control byte, so without
            // ensure_ascii it is already in Python's output form.
            if (ascii_)
                out_.put_escaped(src_ + nd.off, nd.len, ascii_);
            else
                out_.put_quoted(src_ + nd.off, nd.len);
            return;
        case Kind::str_pool: out_.put_escaped(pool_ + nd.off, nd.len, ascii_); return;
        case Kind::array:
        case Kind::object: open_container(i); return;
    }
}

DIDIT_INLINE void Emitter::open_container(std::size_t i) {
    const Node& nd = nodes_[i];
    const bool is_object = nd.kind == Kind::object;
    if (nd.off == i + 1) {
        out_.put(is_object ? "{}" : "[]", 2);
    } else if (is_object) {
        open_object(i, nd.off);
    } else {
        out_.put('[');
        frames_.emplace_back(i + 1, nd.off, 0, false);
    }
}

DIDIT_INLINE void Emitter::open_object(std::size_t i, std::size_t end) {
    const std::size_t base = members_.size();
    for (std::size_t k = i + 1; k < end;) {
        const Node& key = nodes_[k];
        const bool in_src = key.kind == Kind::str_src;
        const std::size_t avail = (in_src ? src_len_ : pool_len_) - key.off;
        members_.emplace_back(key_prefix(text_of(key), key.len, avail), k);
        k = next_sibling(k + 1);
    }
    const auto first = members_.begin() + static_cast<std::ptrdiff_t>(base);
    // Bodies serialised with sort_keys=True are common, and checking is cheaper than sorting.
    // Equal keys stay in source order (key node index) so the dedupe below can keep the last.
    const auto less = [this](const Member& a, const Member& b) {
        const int c = compare_keys(a, b);
        return c != 0 ? c < 0 : a.key < b.key;
    };
    if (!std::is_sorted(first, members_.end(), less)) std::sort(first, members_.end(), less);
    // Python dict semantics: the last occurrence of a duplicate key wins.
    std::size_t w = base;
    for (std::size_t r = base; r < members_.size(); ++r) {
        if (r + 1 < members_.size() && compare_keys(members_[r], members_[r + 1]) == 0) continue;
        members_[w++] = members_[r];
    }
    truncate_members(w);
    out_.put('{');
    frames_.emplace_back(base, w, base, true);
}

DIDIT_INLINE CanonicalStatus canonicalize(std::string_view body, std::string* out, const CanonicalLimits& limits,
                                          bool ascii, TopLevel* top) {
    if (out != nullptr) out->clear();
    if (top != nullptr) {
        top->is_object = false;
        top->members.clear();
    }
    if (body.size() > limits.max_bytes)
        return CanonicalStatus{CanonicalError::too_large, limits.max_bytes, "body exceeds max_bytes"};
    if (body.size() > offset_limit)
        return CanonicalStatus{CanonicalError::too_large, offset_limit, "body exceeds 4 GiB"};
    Parser parser(body, limits.max_depth, top);
    const CanonicalStatus st = parser.run();
    if (!st) {
        if (top != nullptr) {
            top->is_object = false;
            top->members.clear();
        }
        return st;
    }
    if (out == nullptr) return st;
    Writer writer(*out, body.size() + body.size() / 8 + 16);
    Emitter(body, parser.nodes(), parser.pool(), ascii, writer).run();
    writer.finish();
    return st;
}

}  // namespace canonical_impl
}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
