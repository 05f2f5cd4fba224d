// SPDX-License-Identifier: MIT
// libFuzzer target for didit::webhook::canonical_json: no crash, and the canonical form is a fixed point.
//
// Beyond "no crash under ASan/UBSan" it checks properties that hold for Python's
// json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) as well:
//   - canonical(canonical(x)) == canonical(x)            (sorted, deduplicated, shortest numbers)
//   - the ensure_ascii=True variant accepts exactly the same bodies,
//     is pure ASCII, and canonical(ascii(x)) == canonical(x)
#include <didit/didit.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::string_view input) {
    std::fprintf(stderr, "fuzz_canonical: %s (input %zu bytes)\n", what, input.size());
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    auto canonical = didit::webhook::canonical_json(body);
    std::string ascii;
    const auto ascii_status = didit::detail::canonicalize_json_ascii(body, ascii);
    if (canonical.ok() != static_cast<bool>(ascii_status)) fail("the ASCII variant disagrees on acceptance", body);
    if (!canonical.ok()) {
        if (canonical.error().kind != didit::ErrorKind::InvalidArgument) fail("unexpected error kind", body);
        return 0;
    }

    const std::string& c = canonical.value();
    auto again = didit::webhook::canonical_json(c);
    if (!again.ok()) fail("the canonical form is rejected", body);
    if (again.value() != c) fail("the canonical form is not a fixed point", body);

    for (char ch : ascii)
        if (static_cast<unsigned char>(ch) > 0x7E) fail("the ASCII variant holds a non-ASCII byte", body);
    auto from_ascii = didit::webhook::canonical_json(ascii);
    if (!from_ascii.ok()) fail("the ASCII variant is rejected", body);
    if (from_ascii.value() != c) fail("the ASCII variant decodes to another value", body);
    return 0;
}
