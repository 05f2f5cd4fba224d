// SPDX-License-Identifier: MIT
// The SDK's one JSON reader: a strict pass over a JSON text into a flat list of tokens, used by reply
// parsing into didit::Json (detail/json.hpp) and by the webhook V2 canonical form (detail/webhook_canonical.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/detail/swar.hpp>
#include <didit/detail/utf8.hpp>

namespace didit {
namespace detail {

/// Why a JSON text was refused.
enum class JsonReadError {
    none,
    too_large,
    too_deep,
    invalid_json,
    invalid_utf8,
    lone_surrogate,
    non_finite,  // NaN, Infinity, or a float literal that overflows a double (e.g. 1e400)
    trailing_data
};

/// Outcome of a read; true when it succeeded.
struct JsonReadStatus {
    JsonReadError error = JsonReadError::none;
    std::size_t offset = 0;   ///< byte offset of the problem in the text
    const char* reason = "";  ///< static, human-readable
    explicit operator bool() const noexcept { return error == JsonReadError::none; }
};

/// A member of the top-level object: its key (escapes decoded) and where its value's text lies
/// in the body, so a caller can decode a few members without parsing the rest.
struct TopLevelMember {
    std::string key;
    std::size_t begin = 0;  ///< byte offset of the value's first character
    std::size_t end = 0;    ///< one past its last character
};

/// What a read reports about the body's top level.
struct TopLevel {
    bool is_object = false;               ///< the body is a JSON object
    std::vector<TopLevelMember> members;  ///< its members in body order, duplicate keys included
};

namespace json_reader {

// The reader's output is a tape: one Node per token, in document order, containers first and then
// their contents. Source-referencing kinds avoid copying the common case (no escapes; for numbers,
// a literal the caller keeps as written). num_src is a number literal whose written form differs from
// the literal and is longer: its reader keeps nothing and the writer recomputes it (the canonical form).
enum class Kind : std::uint8_t { raw_src, raw_pool, str_src, str_pool, array, object, num_src };

inline constexpr unsigned kind_bits = 3;
/// The longest string or number token (512 MiB): its length shares 32 bits with the kind.
inline constexpr std::size_t max_token_len = (std::size_t{1} << (32 - kind_bits)) - 1;

// One token in eight bytes: a body of "[0,0,0,..." has a node per two bytes, so the tape is at
// most four times the body. The body and the pool must stay below offset_limit. The constructor
// (rather than aggregate init) lets emplace_back build nodes in place: copying a stack temporary with
// a narrow member caused store-forwarding stalls that dominated profiles.
struct Node {
    // len <= max_token_len (the reader checks before adding a node).
    Node(std::size_t o, std::size_t l, Kind k) noexcept
        : off(static_cast<std::uint32_t>(o)),
          len_kind(static_cast<std::uint32_t>(l << kind_bits) | static_cast<std::uint32_t>(k)) {}
    std::uint32_t off;  // containers: index one past the last descendant
    std::uint32_t len_kind;
    std::size_t len() const noexcept { return len_kind >> kind_bits; }
    Kind kind() const noexcept { return static_cast<Kind>(len_kind & ((1u << kind_bits) - 1)); }
};

inline constexpr std::size_t offset_limit = 0xFFFFFFFFu;

// Where a token's text is: in the body (the *_src kinds) or in the reader's pool.
inline const char* node_text(const Node& nd, const char* body, const char* pool) noexcept {
    const Kind k = nd.kind();
    return (k == Kind::raw_src || k == Kind::str_src || k == Kind::num_src) ? body + nd.off : pool + nd.off;
}

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

inline constexpr bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

// Any byte that ends a plain run in a JSON string: '"', '\\', a control character or a non-ASCII byte.
inline constexpr std::uint64_t string_stop_mask(std::uint64_t v) noexcept {
    return (v & swar::highs) | swar::has_control(v) | swar::has_byte(v, '"') | swar::has_byte(v, '\\');
}

DIDIT_INLINE int hex_value(unsigned char c) noexcept;

// from_chars reports both overflow and underflow as out of range; they are told apart by the
// decimal magnitude of the (grammar-validated) literal s[start, end), which is far from 1 in
// either case.
DIDIT_INLINE bool literal_is_at_least_one(const unsigned char* s, std::size_t start, std::size_t end) noexcept;

class Reader;

/// The default number handling: the literal's own text (a raw_src node), for a caller that
/// converts numbers itself.
inline bool keep_number_text(Reader& r, std::size_t start, std::size_t end, bool is_float);

/// Reads one JSON text (RFC 8259, strict UTF-8, no recursion) into a tape of Nodes, eight bytes at
/// a time through plain string runs. It neither builds values nor writes output: its users walk
/// the tape (parse_json_text into a Json tree, the webhook canonicalizer into its canonical form).
class Reader {
public:
    /// What the reader does with a number literal that passed the grammar: add one node for it
    /// (or fail). keep_number_text keeps the literal; the webhook canonicalizer writes Python's
    /// form into the pool. A pointer, so that a program that never canonicalizes does not link
    /// the canonical float code.
    using NumberFn = bool (*)(Reader& r, std::size_t start, std::size_t end, bool is_float);

    /// `max_depth` bounds nested arrays and objects (deeper is too_deep); `top`, when given,
    /// receives the members of a top-level object as they are read.
    Reader(std::string_view text, std::size_t max_depth, NumberFn on_number = &keep_number_text,
           TopLevel* top = nullptr)
        : s_(reinterpret_cast<const unsigned char*>(text.data())),
          n_(text.size()),
          max_depth_(max_depth),
          top_(top),
          on_number_(on_number) {
        // Room for the most tokens a text can hold (one per two bytes), so that the tape never
        // regrows: a regrowth briefly holds the old and the new tape. Pages that no token reaches
        // are never touched, so a typical body (a token per 10-15 bytes) costs what it uses.
        nodes_.reserve(n_ / 2 + 2);
    }

    JsonReadStatus run();

    const std::vector<Node>& nodes() const noexcept { return nodes_; }
    const std::string& pool() const noexcept { return pool_; }

    // For a NumberFn: the text, the pool to write a rewritten number into, the node to add, and
    // the failure to report.
    const unsigned char* text() const noexcept { return s_; }
    std::string& mutable_pool() noexcept { return pool_; }
    bool add_node(std::size_t off, std::size_t len, Kind kind) {
        if (len > max_token_len) return failed(JsonReadError::too_large, off, "a string or number exceeds 512 MiB");
        nodes_.emplace_back(off, len, kind);
        return true;
    }
    bool failed(JsonReadError e, std::size_t off, const char* why) {
        err_ = JsonReadStatus{e, off, why};
        return false;
    }

private:
    JsonReadStatus fail(JsonReadError e, std::size_t off, const char* why) {
        err_ = JsonReadStatus{e, off, why};
        return err_;
    }
    std::size_t skip_ws(std::size_t pos) const noexcept;

    // The key is copied now because the pool may move before the parse ends.
    void begin_member(std::size_t pos);

    void close_top() {
        nodes_[stack_.back()].off = static_cast<std::uint32_t>(nodes_.size());  // nodes < body size < 4 GiB
        stack_.pop_back();
    }

    // On success pos is at the member's value.
    bool parse_key(std::size_t& pos);

    bool match_literal(std::size_t pos, const char* lit, std::size_t len) const noexcept {
        return n_ - pos >= len && std::memcmp(s_ + pos, lit, len) == 0;
    }

    bool parse_scalar(std::size_t& pos);

    bool parse_number(std::size_t& pos);
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
    JsonReadStatus err_{};
};

inline bool keep_number_text(Reader& r, std::size_t start, std::size_t end, bool /*is_float*/) {
    return r.add_node(start, end - start, Kind::raw_src);
}

}  // namespace json_reader
}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {
namespace json_reader {

DIDIT_INLINE int hex_value(unsigned char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

DIDIT_INLINE JsonReadStatus Reader::run() {
    std::size_t pos = skip_ws(0);
    if (top_ != nullptr) top_->is_object = pos < n_ && s_[pos] == '{';
    for (;;) {
        if (pos >= n_) return fail(JsonReadError::invalid_json, pos, "expected a value");
        // A value of the top-level object starts here; its key is the last node.
        if (stack_.size() == 1 && top_ != nullptr && top_->is_object) begin_member(pos);
        const unsigned char c = s_[pos];
        if (c == '{' || c == '[') {
            if (stack_.size() >= max_depth_) return fail(JsonReadError::too_deep, pos, "nesting exceeds max_depth");
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
                if (pos != n_) return fail(JsonReadError::trailing_data, pos, "unexpected data after the JSON value");
                return JsonReadStatus{};
            }
            if (pos >= n_) return fail(JsonReadError::invalid_json, pos, "unexpected end of input in array or object");
            const bool in_object = nodes_[stack_.back()].kind() == Kind::object;
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
            return fail(JsonReadError::invalid_json, pos, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
        }
    }
}

DIDIT_INLINE std::size_t Reader::skip_ws(std::size_t pos) const noexcept {
    while (pos < n_) {
        const unsigned char c = s_[pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') break;
        ++pos;
    }
    return pos;
}

DIDIT_INLINE void Reader::begin_member(std::size_t pos) {
    const Node& key = nodes_.back();
    const char* text = node_text(key, reinterpret_cast<const char*>(s_), pool_.data());
    if (top_->members.empty()) top_->members.reserve(16);  // a webhook envelope has about 15
    TopLevelMember& m = top_->members.emplace_back();
    m.key.assign(text, key.len());
    m.begin = pos;
    m.end = pos;
}

DIDIT_INLINE bool Reader::parse_key(std::size_t& pos) {
    if (pos >= n_ || s_[pos] != '"')
        return failed(JsonReadError::invalid_json, pos, "expected a double-quoted object key");
    if (!parse_string(pos)) return false;
    pos = skip_ws(pos);
    if (pos >= n_ || s_[pos] != ':') return failed(JsonReadError::invalid_json, pos, "expected ':' after object key");
    pos = skip_ws(pos + 1);
    return true;
}

DIDIT_INLINE bool Reader::parse_scalar(std::size_t& pos) {
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
    // Not JSON, though Python's json.loads accepts them: refused with a reason of their own.
    if (match_literal(pos, "NaN", 3) || match_literal(pos, "Infinity", 8))
        return failed(JsonReadError::non_finite, pos, "NaN and Infinity are not supported");
    return failed(JsonReadError::invalid_json, pos, "expected a value");
}

DIDIT_INLINE bool Reader::parse_number(std::size_t& pos) {
    const std::size_t start = pos;
    if (s_[pos] == '-') {
        ++pos;
        if (match_literal(pos, "Infinity", 8))
            return failed(JsonReadError::non_finite, start, "NaN and Infinity are not supported");
    }
    if (pos >= n_ || !is_digit(s_[pos])) return failed(JsonReadError::invalid_json, pos, "expected a digit");
    if (s_[pos] == '0') {
        ++pos;
        if (pos < n_ && is_digit(s_[pos]))
            return failed(JsonReadError::invalid_json, pos, "leading zeros are not allowed");
    } else {
        while (pos < n_ && is_digit(s_[pos])) ++pos;
    }
    bool is_float = false;
    if (pos < n_ && s_[pos] == '.') {
        ++pos;
        if (pos >= n_ || !is_digit(s_[pos]))
            return failed(JsonReadError::invalid_json, pos, "expected a digit after '.'");
        while (pos < n_ && is_digit(s_[pos])) ++pos;
        is_float = true;
    }
    if (pos < n_ && (s_[pos] == 'e' || s_[pos] == 'E')) {
        ++pos;
        if (pos < n_ && (s_[pos] == '+' || s_[pos] == '-')) ++pos;
        if (pos >= n_ || !is_digit(s_[pos]))
            return failed(JsonReadError::invalid_json, pos, "expected a digit in the exponent");
        while (pos < n_ && is_digit(s_[pos])) ++pos;
        is_float = true;
    }
    return on_number_(*this, start, pos, is_float);
}

DIDIT_INLINE bool literal_is_at_least_one(const unsigned char* s, std::size_t start, std::size_t end) noexcept {
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

DIDIT_INLINE void Reader::skip_plain(std::size_t& pos) const noexcept {
    while (n_ - pos >= 8) {
        const std::uint64_t m = string_stop_mask(swar::load_word(s_ + pos));
        if (m != 0) {
            pos += swar::first_marked_byte(m);
            return;
        }
        pos += 8;
    }
}

DIDIT_INLINE bool Reader::parse_string(std::size_t& pos) {
    const std::size_t start = ++pos;
    skip_plain(pos);
    if (pos < n_ && s_[pos] == '"') {
        ++pos;
        return add_node(start, pos - 1 - start, Kind::str_src);
    }
    return parse_string_rest(start, pos);
}

DIDIT_INLINE bool Reader::parse_string_rest(std::size_t start, std::size_t& pos) {
    for (;;) {
        skip_plain(pos);
        if (pos >= n_) return failed(JsonReadError::invalid_json, start - 1, "unterminated string");
        const unsigned char cls = input_classes[s_[pos]];
        if (cls == in_quote) {
            ++pos;
            return add_node(start, pos - 1 - start, Kind::str_src);
        }
        if (cls == in_non_ascii) {
            const std::size_t len = utf8_sequence_length(s_ + pos, n_ - pos);
            if (len == 0) return failed(JsonReadError::invalid_utf8, pos, "invalid UTF-8 in string");
            pos += len;
        } else if (cls == in_plain) {
            ++pos;
        } else if (cls == in_control) {
            return failed(JsonReadError::invalid_json, pos, "unescaped control character in string");
        } else {
            break;  // backslash: decode into the pool from here on
        }
    }
    const std::size_t at = pool_.size();
    pool_.append(reinterpret_cast<const char*>(s_ + start), pos - start);
    std::size_t run = pos;
    for (;;) {
        skip_plain(pos);
        if (pos >= n_) return failed(JsonReadError::invalid_json, start - 1, "unterminated string");
        const unsigned char cls = input_classes[s_[pos]];
        if (cls == in_plain) {
            ++pos;
            continue;
        }
        if (cls == in_non_ascii) {
            const std::size_t len = utf8_sequence_length(s_ + pos, n_ - pos);
            if (len == 0) return failed(JsonReadError::invalid_utf8, pos, "invalid UTF-8 in string");
            pos += len;
            continue;
        }
        if (cls == in_control) return failed(JsonReadError::invalid_json, pos, "unescaped control character in string");
        pool_.append(reinterpret_cast<const char*>(s_ + run), pos - run);
        if (cls == in_quote) {
            if (pool_.size() > offset_limit)
                return failed(JsonReadError::too_large, start, "decoded strings exceed 4 GiB");
            ++pos;
            return add_node(at, pool_.size() - at, Kind::str_pool);
        }
        if (!decode_escape(pos)) return false;
        run = pos;
    }
}

DIDIT_INLINE bool Reader::read_hex4(std::size_t pos, std::uint32_t& unit) const noexcept {
    if (n_ - pos < 4) return false;
    unit = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const int h = hex_value(s_[pos + i]);
        if (h < 0) return false;
        unit = (unit << 4) | static_cast<std::uint32_t>(h);
    }
    return true;
}

DIDIT_INLINE bool Reader::decode_escape(std::size_t& pos) {
    const std::size_t esc = pos;
    if (pos + 1 >= n_) return failed(JsonReadError::invalid_json, esc, "unterminated string");
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
        default: return failed(JsonReadError::invalid_json, esc, "invalid escape sequence");
    }
    if (s_[pos + 1] != 'u') {
        pool_ += simple;
        pos += 2;
        return true;
    }
    std::uint32_t unit = 0;
    if (!read_hex4(pos + 2, unit)) return failed(JsonReadError::invalid_json, esc, "invalid \\u escape");
    pos += 6;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return failed(JsonReadError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        std::uint32_t low = 0;
        if (n_ - pos < 2 || s_[pos] != '\\' || s_[pos + 1] != 'u')
            return failed(JsonReadError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
        if (!read_hex4(pos + 2, low)) return failed(JsonReadError::invalid_json, pos, "invalid \\u escape");
        if (low < 0xDC00 || low > 0xDFFF)
            return failed(JsonReadError::lone_surrogate, esc, "unpaired surrogate in \\u escape");
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        pos += 6;
    }
    append_utf8(pool_, unit);
    return true;
}

}  // namespace json_reader
}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
