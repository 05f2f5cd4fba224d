// SPDX-License-Identifier: MIT
// libFuzzer target for the error-body decoder (detail/error_body.hpp): any status, headers and body.
//
// Input: see fuzz_http.hpp. Properties, for every input:
//   - error_from_response never crashes, recurses without bound or reads out of bounds;
//   - the Error keeps the reply's status, and what it took from the reply is bounded (raw body,
//     message, field errors) and free of CR, LF and NUL;
//   - the Error copies and compares field by field (what a caller does with it).
#include <didit/didit.hpp>

#include "fuzz_http.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what, std::size_t size) {
    std::fprintf(stderr, "fuzz_error: %s (input %zu bytes)\n", what, size);
    std::abort();
}

bool has_crlf_nul(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const didit::HttpResponse r =
        didit_fuzz::read_response(std::string_view(reinterpret_cast<const char*>(data), size));
    const didit::Error e = didit::detail::error_from_response(r);
    using didit::detail::max_error_text;
    if (e.status != r.status) fail("the Error lost the status", size);
    if (e.raw_body.size() > max_error_text) fail("raw_body is not bounded", size);
    // The message: the cut text plus at most a redirect target and a note on what was cut.
    if (e.message.size() > max_error_text + 4096) fail("message is not bounded", size);
    if (e.message.empty()) fail("the Error has no message", size);
    if (has_crlf_nul(e.message) || has_crlf_nul(e.code) || has_crlf_nul(e.request_id))
        fail("a control character from the reply reached the Error", size);
    if (e.field_errors.size() > didit::detail::max_field_errors + 1) fail("too many field errors", size);
    std::size_t field_text = 0;
    for (const auto& f : e.field_errors) {
        field_text += f.field.size() + f.message.size();
        if (has_crlf_nul(f.field) || has_crlf_nul(f.message))
            fail("a control character from the reply reached a field error", size);
    }
    if (field_text > 2 * max_error_text + 4096) fail("field errors are not bounded", size);
    const didit::Error copy = e;
    if (copy.message != e.message || copy.field_errors.size() != e.field_errors.size()) fail("copy differs", size);
    return 0;
}
