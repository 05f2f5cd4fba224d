// SPDX-License-Identifier: MIT
// The SDK's one JSON text writer: an output cursor and the string escaper, used by dump_json (detail/json.hpp)
// and by the webhook V2 canonical form (detail/webhook_canonical.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <didit/detail/config.hpp>
#include <didit/detail/swar.hpp>

namespace didit {
namespace detail {
namespace json_writer {

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

// Any byte Python would escape: '"', '\\' and control characters, and (with DEL) non-ASCII under ensure_ascii.
inline constexpr std::uint64_t escape_mask(std::uint64_t v, bool ascii) noexcept {
    std::uint64_t m = swar::has_control(v) | swar::has_byte(v, '"') | swar::has_byte(v, '\\');
    if (ascii) m |= (v & swar::highs) | swar::has_byte(v, 0x7F);
    return m;
}

/// Where a streaming Writer hands each full chunk of its output.
using SinkFn = void (*)(void* ctx, const char* p, std::size_t n);

// Writes into `out` through a raw cursor; std::string::append per token was a visible cost.
// With a sink, `out` is only a fixed chunk buffer: the output goes to the sink a chunk at a time and
// is never held whole (the webhook verifier HMACs the canonical form as it is produced).
class Writer {
public:
    explicit Writer(std::string& out, std::size_t expected)
        : out_(sized(out, expected < 64 ? 64 : expected)), cur_(out_.data()), end_(cur_ + out_.size()) {}
    Writer(std::string& buffer, std::size_t chunk, SinkFn sink, void* ctx)
        : out_(sized(buffer, chunk < 64 ? 64 : chunk)),
          cur_(out_.data()),
          end_(cur_ + out_.size()),
          sink_(sink),
          sink_ctx_(ctx) {}
    void put(char c) {
        if (cur_ == end_) make_room(1);
        *cur_++ = c;
    }
    void put(const char* p, std::size_t n);
    void put_quoted(const char* p, std::size_t n);
    void put_u_escape(std::uint32_t unit);
    /// A JSON string literal of valid UTF-8 as Python's json.dumps writes it, which for
    /// ensure_ascii=False is also what nlohmann's dump() writes: the two-character escapes,
    /// \u00XX for other control characters, and (with `ascii`) \uXXXX for non-ASCII and DEL.
    void put_escaped(const char* p, std::size_t len, bool ascii);
    /// Without a sink: trims `out` to what was written. With one: hands it what is still buffered.
    void finish();

private:
    static std::string& sized(std::string& s, std::size_t n) {
        s.resize(n);
        return s;
    }
    // Afterwards at least n bytes are free, unless n exceeds a sink's whole chunk.
    void make_room(std::size_t n);
    void flush();

    std::string& out_;
    char* cur_;
    char* end_;
    SinkFn sink_ = nullptr;
    void* sink_ctx_ = nullptr;
};

}  // namespace json_writer
}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {
namespace json_writer {

DIDIT_INLINE void Writer::put(const char* p, std::size_t n) {
    if (static_cast<std::size_t>(end_ - cur_) < n) {
        make_room(n);
        if (static_cast<std::size_t>(end_ - cur_) < n) {  // larger than a sink's chunk: pass it straight on
            sink_(sink_ctx_, p, n);
            return;
        }
    }
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
    if (static_cast<std::size_t>(end_ - cur_) < n + 2) {
        put('"');
        put(p, n);
        put('"');
        return;
    }
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

DIDIT_INLINE void Writer::flush() {
    const std::size_t used = static_cast<std::size_t>(cur_ - out_.data());
    if (used != 0) sink_(sink_ctx_, out_.data(), used);
    cur_ = out_.data();
}

DIDIT_INLINE void Writer::finish() {
    if (sink_ != nullptr)
        flush();
    else
        out_.resize(static_cast<std::size_t>(cur_ - out_.data()));
}

DIDIT_INLINE void Writer::make_room(std::size_t n) {
    if (sink_ != nullptr) {
        flush();
        return;
    }
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
            const std::uint64_t m = escape_mask(swar::load_word(u + i), ascii);
            if (m != 0) {
                i += swar::first_marked_byte(m);
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

}  // namespace json_writer
}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
