// SPDX-License-Identifier: MIT
// The input layout shared by fuzz_reply and fuzz_error: a status, header lines, a blank line, a body.
//
//   status:  one byte s; s < 0x80 is the 2xx status 200 + (s & 7), otherwise a second byte t
//            follows and the status is 100 + (((s & 0x7f) << 8) | t) % 500 (100 to 599);
//   headers: lines "Name: value\n" up to an empty line (a line without ':' is skipped);
//   body:    the rest.
// Without the empty line everything after the status is headers and the body is empty.
#pragma once

#include <didit/http.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace didit_fuzz {

/// `in` as a response; consumes all of it.
inline didit::HttpResponse read_response(std::string_view in) {
    didit::HttpResponse r;
    r.status = 200;
    if (in.empty()) return r;
    const auto s = static_cast<unsigned char>(in[0]);
    in.remove_prefix(1);
    if (s < 0x80) {
        r.status = 200 + (s & 7);
    } else if (!in.empty()) {
        const unsigned t = static_cast<unsigned char>(in[0]);
        in.remove_prefix(1);
        r.status = 100 + static_cast<int>(((static_cast<unsigned>(s & 0x7f) << 8) | t) % 500);
    }
    while (!in.empty()) {
        const std::size_t nl = in.find('\n');
        const std::string_view line = in.substr(0, nl);
        in.remove_prefix(nl == std::string_view::npos ? in.size() : nl + 1);
        if (line.empty()) break;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        r.headers.add(std::string(line.substr(0, colon)), std::string(value));
    }
    r.body = std::string(in);
    return r;
}

}  // namespace didit_fuzz
