// SPDX-License-Identifier: MIT
// libFuzzer target for the SDK's JSON doorway (detail/json.hpp): the reply parser against
// nlohmann's own, and the writer against the parser.
//
//   - parse_json_text accepts exactly what nlohmann::json::parse accepts, and builds the same
//     tree, types included (a non-negative integer is unsigned in both, and so on), except that
//     it refuses text that nlohmann cuts short at a NUL byte, and nesting deeper than
//     max_json_depth;
//   - what dump_json writes for an accepted value parses back to an equal tree, and is the
//     text nlohmann's dump() writes, except for doubles, where ours may be a digit shorter;
//   - neither ever crashes or recurses (ASan would report a stack overflow on deep nesting).
#include <didit/didit.hpp>

#include "../tests/json_compare.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::string_view input) {
    std::fprintf(stderr, "fuzz_json: %s (input %zu bytes)\n", what, input.size());
    std::abort();
}

bool has_float(const didit::Json& j) {
    if (j.is_number_float()) return true;
    if (j.is_structured())
        for (const auto& e : j)
            if (has_float(e)) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    bool too_deep = false;
    const didit::Json ours = didit::detail::parse_json_text(text, &too_deep);
    const didit::Json theirs = didit::Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (too_deep) {
        // The other intended difference: parse_json_text refuses nesting beyond max_json_depth,
        // which nlohmann has no limit for. Only then, and only text that is otherwise valid.
        if (!ours.is_discarded() || didit_test::json_nesting(text) <= didit::detail::max_json_depth)
            fail("too_deep set for text within the depth limit", text);
        return 0;
    }
    if (ours.is_discarded() != theirs.is_discarded()) {
        // The one intended difference: nlohmann stops at a NUL byte outside a string and
        // ignores the rest ("8\0x" is 8); parse_json_text refuses such text.
        const std::size_t nul = text.find('\0');
        if (!ours.is_discarded() || nul == std::string_view::npos) fail("the parsers disagree on acceptance", text);
        const std::string_view before = text.substr(0, nul);
        const didit::Json prefix = didit::Json::parse(before.begin(), before.end(), nullptr, false);
        if (prefix.is_discarded() || prefix != theirs) fail("the parsers disagree on acceptance", text);
        return 0;
    }
    // identical() and dump() recurse (our parser and writer do not): deep inputs are compared for
    // acceptance only.
    if (ours.is_discarded() || didit_test::json_nesting(text) > 256) return 0;
    if (!didit_test::identical(ours, theirs)) fail("the parsers build different trees", text);

    const std::string written = didit::detail::dump_json(ours);
    const didit::Json back = didit::detail::parse_json_text(written);
    // == and not identical(): an integer written as "0" reads back unsigned even if it was "-0".
    if (back.is_discarded() || back != ours) fail("what dump_json writes does not read back", text);
    if (!has_float(ours) && written != ours.dump()) fail("dump_json and dump() write different text", text);
    return 0;
}
