// SPDX-License-Identifier: MIT
// Checks the route tests share: what every request of a kind must carry, and a parser that
// works without exceptions (the suites also run with -fno-exceptions).
#pragma once

#include <string>

#include <doctest/doctest.h>
#include <didit/didit.hpp>

#include "support.hpp"

namespace didit_test {

/// Parses without exceptions; a parse error gives a discarded value the checks then reject.
inline didit::Json parse(const std::string& text) {
    return didit::Json::parse(text, nullptr, /*allow_exceptions=*/false);
}

/// What every verification route sends: the API key, never a Bearer token, and JSON accepted.
inline void check_api_key_auth(const didit::HttpRequest& req) {
    CHECK(req.headers.get("x-api-key") == kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("accept") == "application/json");
}

/// A request without a body sends no Content-Type either.
inline void check_no_body(const didit::HttpRequest& req) {
    CHECK(req.body.empty());
    CHECK_FALSE(req.headers.contains("content-type"));
}

/// A request with a body says it is JSON.
inline void check_json_body(const didit::HttpRequest& req) {
    CHECK(req.headers.get("content-type") == "application/json");
}

}  // namespace didit_test
