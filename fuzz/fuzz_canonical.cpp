// SPDX-License-Identifier: MIT
// libFuzzer target for didit::webhook::canonical_json: no crash, and the canonical form is a fixed point.
//
// Beyond "no crash under ASan/UBSan" it checks properties that hold for Python's
// json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":")) as well:
//   - canonical(canonical(x)) == canonical(x)            (sorted, deduplicated, shortest numbers)
//   - the ensure_ascii=True variant accepts exactly the same bodies,
//     is pure ASCII, and canonical(ascii(x)) == canonical(x)
//   - scan_json and the member-reporting canonicalize_json accept exactly the same bodies, and
//     the reported top-level members (key, value text) rebuild an object with the same canonical form
//   - the streamed canonical form (a Writer with a sink) is the same bytes, in both variants, and
//     max_growth = 4 passes no canonical form over 4x the body and refuses none under 2x
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

    // The top-level report: scan_json decides as canonicalize_json does, and the members put back
    // together ("{" key ":" value-text, ... "}") have the body's canonical form.
    didit::detail::TopLevel top, scanned;
    std::string with_top;
    const auto top_status = didit::detail::canonicalize_json(body, with_top, top);
    const auto scan_status = didit::detail::scan_json(body, scanned);
    if (canonical.ok() != static_cast<bool>(top_status) || top_status.error != scan_status.error ||
        top_status.offset != scan_status.offset)
        fail("scan_json or the member-reporting overload disagrees on acceptance", body);
    if (top.is_object != scanned.is_object || top.members.size() != scanned.members.size())
        fail("scan_json reports other members", body);
    if (canonical.ok()) {
        if (with_top != canonical.value()) fail("reporting members changed the canonical form", body);
        if (!top.is_object && !top.members.empty()) fail("members reported for a non-object", body);
        if (top.is_object) {
            std::string rebuilt = "{";
            for (std::size_t i = 0; i < top.members.size(); ++i) {
                const auto& m = top.members[i];
                const auto& n = scanned.members[i];
                if (m.key != n.key || m.begin != n.begin || m.end != n.end)
                    fail("scan_json reports other members", body);
                if (m.begin > m.end || m.end > body.size()) fail("a member range is out of the body", body);
                if (i) rebuilt += ',';
                rebuilt += didit::detail::dump_json(didit::Json(m.key));
                rebuilt += ':';
                rebuilt += body.substr(m.begin, m.end - m.begin);
            }
            rebuilt += '}';
            auto again = didit::webhook::canonical_json(rebuilt);
            if (!again.ok() || again.value() != canonical.value())
                fail("the reported members do not make up the body", body);
        }
    }
    if (!canonical.ok()) {
        if (canonical.error().kind != didit::ErrorKind::InvalidArgument) fail("unexpected error kind", body);
        return 0;
    }

    const std::string& c = canonical.value();

    // The streaming path (what the Verifier HMACs): the same bytes through a small chunk buffer, for
    // both variants; and the growth limit never lets through a canonical form past it.
    didit::detail::CanonicalLimits limits;
    limits.max_growth = 4;
    const didit::detail::CanonicalText text(body, limits);
    if (text.status()) {
        if (c.size() > 4 * body.size()) fail("max_growth let a larger canonical form through", body);
        for (bool as_ascii : {false, true}) {
            std::string streamed, buffer;
            auto sink = [](void* ctx, const char* p, std::size_t n) { static_cast<std::string*>(ctx)->append(p, n); };
            didit::detail::json_writer::Writer out(buffer, 64, sink, &streamed);
            text.write(out, as_ascii);
            out.finish();
            if (streamed != (as_ascii ? ascii : c)) fail("the streamed canonical form differs", body);
        }
    } else if (text.status().error != didit::detail::CanonicalError::too_large) {
        fail("max_growth refused a body for another reason", body);
    } else if (c.size() <= 2 * body.size()) {  // the numbers added over 3x; the rest shrinks by under 1x
        fail("max_growth refused a body that hardly grows", body);
    }

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
