// SPDX-License-Identifier: MIT
// Eight-bytes-at-a-time byte search (SWAR) for the JSON reader, the JSON writer and the UTF-8 validator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace didit {
namespace detail {
namespace swar {

// Byte-wise scanning of string contents dominated profiles; a word at a time it does not.
inline constexpr std::uint64_t ones = 0x0101010101010101ull;
inline constexpr std::uint64_t highs = 0x8080808080808080ull;

inline std::uint64_t load_word(const unsigned char* p) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline constexpr std::uint64_t has_byte(std::uint64_t v, unsigned char b) noexcept {
    const std::uint64_t x = v ^ (ones * b);
    return (x - ones) & ~x & highs;
}

// Exact as a yes/no answer (only the position of later matches can be wrong), which is all we use.
inline constexpr std::uint64_t has_control(std::uint64_t v) noexcept { return (v - ones * 0x20) & ~v & highs; }

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

}  // namespace swar
}  // namespace detail
}  // namespace didit
