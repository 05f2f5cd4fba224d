// SPDX-License-Identifier: MIT
// Test helpers: fixture loading and a MockTransport-backed client with test credentials.
#pragma once

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <didit/didit.hpp>

#ifndef DIDIT_TEST_FIXTURES
#error "DIDIT_TEST_FIXTURES must name the tests/fixtures directory"
#endif

// Whether this build has exceptions, decided as the SDK decides it (its own DIDIT_HAS_EXCEPTIONS
// is internal: <didit/didit.hpp> undefines it at the end).
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define DIDIT_TEST_HAS_EXCEPTIONS 1
#else
#define DIDIT_TEST_HAS_EXCEPTIONS 0
#endif

namespace didit_test {

/// Test credentials. Tests assert that these never show up in errors or output.
inline const std::string kApiKey = "sk_test_SECRETKEY0000000000000000000000000000000";
inline const std::string kAccessToken = "eyJTESTACCESSTOKEN.SECRET.SIGNATURE";

/// Reads tests/fixtures/<name>; empty string when missing (the test then fails on decode).
inline std::string fixture(const std::string& name) {
    std::ifstream in(std::string(DIDIT_TEST_FIXTURES) + "/" + name, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline didit::ClientOptions test_options() {
    didit::ClientOptions o;
    o.api_key = kApiKey;
    o.access_token = kAccessToken;
    o.base_url = "https://verification.didit.me";
    o.auth_base_url = "https://apx.didit.me/auth/v2";
    // Route tests pin one request per call; retries and waits have tests of their own.
    o.retry.max_retries = 0;
    o.sleep = [](std::chrono::milliseconds) {};
    return o;
}

/// A client over a shared MockTransport: script replies on `mock`, then inspect requests.
struct MockClient {
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client{test_options(), mock};
};

/// True when `text` mentions one of the test secrets.
inline bool leaks_secret(const std::string& text) {
    return text.find(kApiKey) != std::string::npos || text.find(kAccessToken) != std::string::npos ||
           text.find("SECRETKEY") != std::string::npos;
}

/// Percent-decodes `in` into `out` (the server's view of what the SDK encoded); false on a
/// malformed escape.
inline bool percent_decode(std::string_view in, std::string& out) {
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
        } else if (i + 2 < in.size() && val(in[i + 1]) >= 0 && val(in[i + 2]) >= 0) {
            out += static_cast<char>(val(in[i + 1]) * 16 + val(in[i + 2]));
            i += 2;
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace didit_test
