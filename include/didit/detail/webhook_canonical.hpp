// SPDX-License-Identifier: MIT
// The webhook V2 canonical form: a byte-exact re-implementation of the canonical JSON that Didit's Python
// server HMACs for X-Signature-V2, written from the tokens of the SDK's JSON reader (detail/json_reader.hpp).
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
#include <didit/detail/json_reader.hpp>
#include <didit/detail/json_writer.hpp>

namespace didit {
namespace detail {

/// Bounds on what canonicalize_json accepts; all are checked before any output is produced.
struct CanonicalLimits {
    std::size_t max_depth = 512;                            ///< nested arrays/objects; deeper is too_deep
    std::size_t max_bytes = std::size_t{16} * 1024 * 1024;  ///< body size; larger is too_large (never parsed)
    /// When non-zero, the canonical form (ensure_ascii=False) is kept within this many times the
    /// body's size: a body is too_large, found while parsing, once its numbers' canonical text is
    /// longer than their literals by more than (max_growth - 1) times the body. Only numbers grow
    /// (an integral float prints every digit: `1e300` becomes 301 of them); strings, keys and
    /// integers never do, and dropped whitespace is not credited.
    std::size_t max_growth = 0;
};

/// Why a body has no canonical form: a body the reader refuses has none, and the canonical number
/// form adds the only other reasons (non_finite for a float beyond the double range, too_large).
using CanonicalError = JsonReadError;
/// Outcome of a canonicalisation; true when it succeeded.
using CanonicalStatus = JsonReadStatus;

namespace canonical_impl {

using json_reader::is_digit;
using json_reader::Kind;
using json_reader::Node;
using json_reader::node_text;
using json_reader::offset_limit;
using json_reader::Reader;
using json_writer::Writer;

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

// Significant digits of a float literal: value = (-)0.DIGITS * 10^decpt.
struct ShortDecimal {
    char digits[16] = {};
    int nd = 0;
    int decpt = 0;
    bool negative = false;
};

// Succeeds for a normal-range literal s[start, end) with at most 15 significant digits (DBL_DIG).
// Such a decimal maps to a double whose shortest round-trip digits are exactly its own, so Python's
// repr can be produced from the literal without the (comparatively slow) shortest-digits search.
DIDIT_INLINE bool scan_short_decimal(const unsigned char* s, std::size_t start, std::size_t end,
                                     ShortDecimal& d) noexcept;

// Clinger's fast path: an integer below 2^53 times or divided by an exactly representable power
// of ten is one correctly rounded IEEE operation, the same result as Python's float().
DIDIT_INLINE bool short_decimal_value(const ShortDecimal& d, double& v) noexcept;

// Why a float literal has no canonical form.
struct FloatFailure {
    CanonicalError error = CanonicalError::none;
    const char* why = "";
};

// Appends Python's repr of float(literal) after shorten_floats for the float literal s[start, end).
DIDIT_INLINE bool append_canonical_float(const unsigned char* s, std::size_t start, std::size_t end, std::string& out,
                                         FloatFailure& failure);

// The reader's number hook for the canonical form: integers as written (but "-0" as "0"); a float
// whose canonical text is its literal as written, one that is shorter in the reader's pool, and one
// that is longer (an integral float prints every digit) as a num_src node that the Emitter writes
// again, so that no tape ever holds more number text than the body.
DIDIT_INLINE bool canonical_number(Reader& r, std::size_t start, std::size_t end, bool is_float);

// A member of an object being sorted: the node index of its key (its value follows), which is also
// the duplicate tie-breaker. Four bytes, so that an object of empty members ({"":0,...}, five body
// bytes and two nodes each) costs the sort no more than a fifth of its tape.
using Member = std::uint32_t;

// Objects up to this many members (all that Didit sends) are sorted on the stack with each key's
// first 8 bytes beside it, which settles most comparisons without reading the key.
inline constexpr std::size_t small_object_members = 64;

// `avail` is how many bytes may be read from p (at least len).
DIDIT_INLINE std::uint64_t key_prefix(const char* p, std::size_t len, std::size_t avail) noexcept;

// Walks the reader's tape, objects sorted and deduplicated, and writes the canonical form through
// the Writer, its only output.
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
        const Kind k = nd.kind();
        return (k == Kind::array || k == Kind::object) ? nd.off : i + 1;
    }

    void truncate_members(std::size_t n) {
        members_.erase(members_.begin() + static_cast<std::ptrdiff_t>(n), members_.end());
    }

    const char* text_of(const Node& nd) const noexcept { return node_text(nd, src_, pool_); }

    // Byte order (memcmp is unsigned) of UTF-8 equals code point order, which is how Python sorts str keys.
    // The order of two keys whose first 8 bytes (prefix_of) are equal.
    int compare_tails(Member a, Member b) const noexcept {
        const Node& ka = nodes_[a];
        const Node& kb = nodes_[b];
        const std::size_t la = ka.len();
        const std::size_t lb = kb.len();
        const std::size_t n = la < lb ? la : lb;
        const int c = n <= 8 ? 0 : std::memcmp(text_of(ka) + 8, text_of(kb) + 8, n - 8);
        if (c != 0) return c;
        return la < lb ? -1 : (la > lb ? 1 : 0);
    }

    int compare_keys(Member a, Member b) const noexcept {
        const std::uint64_t pa = prefix_of(nodes_[a]);
        const std::uint64_t pb = prefix_of(nodes_[b]);
        if (pa != pb) return pa < pb ? -1 : 1;
        return compare_tails(a, b);
    }

    // A key's first 8 bytes, big-endian, zero-padded: settles most comparisons.
    std::uint64_t prefix_of(const Node& key) const noexcept {
        const std::size_t avail = (key.kind() == Kind::str_src ? src_len_ : pool_len_) - key.off;
        return key_prefix(text_of(key), key.len(), avail);
    }

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
    std::string number_;           // a num_src number's canonical text, written again
};

// The reader of a canonical parse: the growth the canonical form may still take, for canonical_number
// (the only reader it is given to).
class BudgetReader : public Reader {
public:
    BudgetReader(std::string_view body, std::size_t max_depth, TopLevel* top, std::size_t allowance)
        : Reader(body, max_depth, &canonical_number, top), extra(allowance) {}
    std::size_t extra;  // bytes the canonical form may still add to the body's length
};

// With `out` null only the parse runs: the same accept/reject decision, no canonical form.
DIDIT_INLINE CanonicalStatus canonicalize(std::string_view body, std::string* out, const CanonicalLimits& limits,
                                          bool ascii, TopLevel* top);

}  // namespace canonical_impl

/// A body parsed once for its canonical form, which can then be written, in either variant and as
/// often as wanted, through a Writer: one with a sink never holds the canonical form whole.
/// Keeps a view of `body`, which must outlive it.
class CanonicalText {
public:
    /// Parses `body`; `top`, when given, receives the top-level members (cleared on error).
    DIDIT_INLINE CanonicalText(std::string_view body, const CanonicalLimits& limits, TopLevel* top = nullptr);
    CanonicalText(const CanonicalText&) = delete;
    CanonicalText& operator=(const CanonicalText&) = delete;
    CanonicalText(CanonicalText&&) = delete;
    CanonicalText& operator=(CanonicalText&&) = delete;
    ~CanonicalText() = default;

    const CanonicalStatus& status() const noexcept { return status_; }
    /// Writes the canonical form (with `ascii`, the ensure_ascii=True variant); only after a
    /// successful parse. Does not call out.finish().
    DIDIT_INLINE void write(json_writer::Writer& out, bool ascii) const;

private:
    std::string_view body_;
    canonical_impl::BudgetReader reader_;
    CanonicalStatus status_;
};

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

DIDIT_INLINE bool canonical_number(Reader& r, std::size_t start, std::size_t end, bool is_float) {
    const unsigned char* s = r.text();
    const std::size_t literal = end - start;
    if (!is_float) {
        // Integer literals are already canonical (Python ints are exact), except that int("-0") is 0.
        if (literal == 2 && s[start] == '-' && s[start + 1] == '0') return r.add_node(start + 1, 1, Kind::raw_src);
        return r.add_node(start, literal, Kind::raw_src);
    }
    std::string& pool = r.mutable_pool();
    const std::size_t at = pool.size();
    FloatFailure failure;
    if (!append_canonical_float(s, start, end, pool, failure)) return r.failed(failure.error, start, failure.why);
    const std::size_t produced = pool.size() - at;
    if (produced < literal || (produced == literal && std::memcmp(pool.data() + at, s + start, literal) != 0)) {
        if (pool.size() > offset_limit)
            return r.failed(CanonicalError::too_large, start, "canonical form exceeds 4 GiB");
        return r.add_node(at, produced, Kind::raw_pool);
    }
    pool.resize(at);
    if (produced == literal) return r.add_node(start, literal, Kind::raw_src);
    // Checked per number, so that a body refused for growth has cost no more than the allowance.
    // NOLINTNEXTLINE(*-static-cast-downcast): the number hook is installed only by a BudgetReader
    std::size_t& extra = static_cast<BudgetReader&>(r).extra;
    if (produced - literal > extra)
        return r.failed(CanonicalError::too_large, start, "canonical form would exceed the growth limit");
    extra -= produced - literal;
    return r.add_node(start, literal, Kind::num_src);
}

DIDIT_INLINE bool append_canonical_float(const unsigned char* s, std::size_t start, std::size_t end, std::string& out,
                                         FloatFailure& failure) {
    ShortDecimal dec;
    const bool is_short = scan_short_decimal(s, start, end, dec);
    double v = 0.0;
    if (!(is_short && short_decimal_value(dec, v))) {
        const char* first = reinterpret_cast<const char*>(s + start);
        const char* last = reinterpret_cast<const char*>(s + end);
        const auto res = std::from_chars(first, last, v);
        if (res.ec == std::errc::result_out_of_range) {
            if (json_reader::literal_is_at_least_one(s, start, end)) {
                failure = FloatFailure{CanonicalError::non_finite, "float literal overflows a double"};
                return false;
            }
            v = 0.0;  // underflow: Python's float() gives (-)0.0, which shortens to int 0
        } else if (res.ec != std::errc() || res.ptr != last) {
            failure = FloatFailure{CanonicalError::invalid_json, "malformed number"};
            return false;
        }
    }
    if (!double_is_finite(v)) {  // from_chars signals overflow; this only guards against library variance
        failure = FloatFailure{CanonicalError::non_finite, "float literal overflows a double"};
        return false;
    }
    if (double_is_integral(v))
        append_integral_double(out, v);
    else if (is_short)
        append_float_digits(out, dec.negative, dec.digits, dec.nd, dec.decpt, python_max_fixed_decpt);
    else
        append_shortest_double(out, v, python_max_fixed_decpt);
    return true;
}

DIDIT_INLINE bool scan_short_decimal(const unsigned char* s, std::size_t start, std::size_t end,
                                     ShortDecimal& d) noexcept {
    std::size_t i = start;
    d.negative = s[i] == '-';
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
    for (; i < end && is_digit(s[i]); ++i) {
        if (seen || s[i] != '0') ++d.decpt;
        if (!digit(s[i])) return false;
    }
    if (i < end && s[i] == '.') {
        for (++i; i < end && is_digit(s[i]); ++i) {
            if (!seen && s[i] == '0') --d.decpt;
            if (!digit(s[i])) return false;
        }
    }
    if (!seen) {  // zero, whatever the exponent
        d.decpt = 0;
        return true;
    }
    if (i < end) {  // exponent
        ++i;
        bool neg = false;
        if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
        int e = 0;
        for (; i < end; ++i) {
            e = e * 10 + (s[i] - '0');
            if (e > 1000) return false;
        }
        d.decpt += neg ? -e : e;
    }
    return d.decpt >= -300 && d.decpt <= 300;
}

DIDIT_INLINE bool short_decimal_value(const ShortDecimal& d, double& v) noexcept {
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

DIDIT_INLINE std::uint64_t key_prefix(const char* p, std::size_t len, std::size_t avail) noexcept {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (avail >= 8) {
        const std::uint64_t v = __builtin_bswap64(swar::load_word(reinterpret_cast<const unsigned char*>(p)));
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
            const std::size_t key = members_[f.cur++];
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

DIDIT_INLINE void Emitter::emit_value(std::size_t i) {
    const Node& nd = nodes_[i];
    switch (nd.kind()) {
        case Kind::raw_src: out_.put(src_ + nd.off, nd.len()); return;
        case Kind::raw_pool: out_.put(pool_ + nd.off, nd.len()); return;
        case Kind::num_src: {
            // The reader computed this text once, and succeeded.
            number_.clear();
            FloatFailure ignored;
            const auto* s = reinterpret_cast<const unsigned char*>(src_);
            append_canonical_float(s, nd.off, nd.off + nd.len(), number_, ignored);
            out_.put(number_.data(), number_.size());
            return;
        }
        case Kind::str_src:
            // Unescaped source text has no quote, backslash or control byte, so without
            // ensure_ascii it is already in Python's output form.
            if (ascii_)
                out_.put_escaped(src_ + nd.off, nd.len(), ascii_);
            else
                out_.put_quoted(src_ + nd.off, nd.len());
            return;
        case Kind::str_pool: out_.put_escaped(pool_ + nd.off, nd.len(), ascii_); return;
        case Kind::array:
        case Kind::object: open_container(i); return;
    }
}

DIDIT_INLINE void Emitter::open_container(std::size_t i) {
    const Node& nd = nodes_[i];
    const bool is_object = nd.kind() == Kind::object;
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
    // Grown to fit at once, not by push_back's doublings, which would briefly hold 1.5 times the
    // members of a huge object; but at least doubled, or siblings of growing size would each copy all.
    std::size_t count = 0;
    for (std::size_t k = i + 1; k < end; k = next_sibling(k + 1)) ++count;
    if (members_.capacity() < base + count) members_.reserve((std::max)(base + count, 2 * members_.capacity()));
    for (std::size_t k = i + 1; k < end; k = next_sibling(k + 1)) members_.push_back(static_cast<Member>(k));
    // Bodies serialised with sort_keys=True are common, and checking is cheaper than sorting.
    // Equal keys stay in source order (key node index) so the dedupe below can keep the last.
    const auto first = members_.begin() + static_cast<std::ptrdiff_t>(base);
    std::size_t w = base;  // Python dict semantics: the last occurrence of a duplicate key wins
    if (count <= small_object_members) {
        struct Keyed {
            std::uint64_t prefix;
            Member key;
        };
        // Not zeroed: only the first `count` entries are written, then read (a hostile body can hold a
        // million small objects).
        std::array<Keyed, small_object_members> keyed;  // NOLINT(cppcoreguidelines-pro-type-member-init)
        for (std::size_t m = 0; m < count; ++m) {
            const Member key = members_[base + m];
            keyed[m] = Keyed{prefix_of(nodes_[key]), key};
        }
        const auto less = [this](const Keyed& a, const Keyed& b) {
            if (a.prefix != b.prefix) return a.prefix < b.prefix;
            const int c = compare_tails(a.key, b.key);
            return c != 0 ? c < 0 : a.key < b.key;
        };
        Keyed* const begin = keyed.data();
        Keyed* const last = begin + count;
        if (!std::is_sorted(begin, last, less)) std::sort(begin, last, less);
        for (std::size_t r = 0; r < count; ++r) {
            const bool repeated = r + 1 < count && keyed[r].prefix == keyed[r + 1].prefix &&
                                  compare_tails(keyed[r].key, keyed[r + 1].key) == 0;
            if (!repeated) members_[w++] = keyed[r].key;
        }
        truncate_members(w);
    } else {
        const auto less = [this](Member a, Member b) {
            const int c = compare_keys(a, b);
            return c != 0 ? c < 0 : a < b;
        };
        if (!std::is_sorted(first, members_.end(), less)) std::sort(first, members_.end(), less);
        for (std::size_t r = base; r < members_.size(); ++r) {
            if (r + 1 < members_.size() && compare_keys(members_[r], members_[r + 1]) == 0) continue;
            members_[w++] = members_[r];
        }
        truncate_members(w);
    }
    out_.put('{');
    frames_.emplace_back(base, w, base, true);
}

DIDIT_INLINE CanonicalStatus canonicalize(std::string_view body, std::string* out, const CanonicalLimits& limits,
                                          bool ascii, TopLevel* top) {
    if (out != nullptr) out->clear();
    const CanonicalText text(body, limits, top);
    if (!text.status() || out == nullptr) return text.status();
    Writer writer(*out, body.size() + body.size() / 8 + 16);
    text.write(writer, ascii);
    writer.finish();
    return text.status();
}

// The canonical form may add (max_growth - 1) x the body's length; saturating, 0 meaning no limit.
inline std::size_t growth_allowance(std::size_t body_size, std::size_t max_growth) noexcept {
    const std::size_t none = ~std::size_t{0};
    if (max_growth == 0) return none;
    if (max_growth == 1 || body_size == 0) return 0;
    return body_size > none / (max_growth - 1) ? none : body_size * (max_growth - 1);
}

}  // namespace canonical_impl

DIDIT_INLINE CanonicalText::CanonicalText(std::string_view body, const CanonicalLimits& limits, TopLevel* top)
    : body_(body),
      // A body over the limits is refused below, unread: the reader gets nothing to size itself by.
      reader_(body.size() <= limits.max_bytes && body.size() <= json_reader::offset_limit ? body : std::string_view(),
              limits.max_depth, top, canonical_impl::growth_allowance(body.size(), limits.max_growth)) {
    if (top != nullptr) {
        top->is_object = false;
        top->members.clear();
    }
    if (body.size() > limits.max_bytes) {
        status_ = CanonicalStatus{CanonicalError::too_large, limits.max_bytes, "body exceeds max_bytes"};
        return;
    }
    if (body.size() > json_reader::offset_limit) {
        status_ = CanonicalStatus{CanonicalError::too_large, json_reader::offset_limit, "body exceeds 4 GiB"};
        return;
    }
    status_ = reader_.run();
    if (!status_ && top != nullptr) {
        top->is_object = false;
        top->members.clear();
    }
}

DIDIT_INLINE void CanonicalText::write(json_writer::Writer& out, bool ascii) const {
    canonical_impl::Emitter(body_, reader_.nodes(), reader_.pool(), ascii, out).run();
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
