// SPDX-License-Identifier: MIT
// The SDK must compile when min/max are function-like macros (as <windows.h> defines them):
// no didit header may write `std::numeric_limits<T>::max()` or `std::min(a, b)` unparenthesised.
//
// libstdc++'s <bits/c++config.h> #undefs min and max the first time any standard header is
// included, and its own headers are not macro-safe; so the standard library, nlohmann/json,
// libcurl and OpenSSL come first (they are include-guarded: didit.hpp's own includes of them
// are then no-ops), the macros next, and didit.hpp last, which checks exactly the SDK's code.
// A didit header that starts using a standard header missing below makes this file fail
// inside libstdc++: add that header here.
#include <algorithm>
#include <array>
#include <cfloat>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <nlohmann/json.hpp>

#define min(a, b) (((a) < (b)) ? (a) : (b))
#define max(a, b) (((a) > (b)) ? (a) : (b))

#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

namespace mm {
struct Counts {
    std::optional<std::int16_t> small;
    std::optional<std::uint8_t> tiny;
};
DIDIT_MODEL(Counts, small, tiny)
}  // namespace mm

TEST_CASE("minmax: the macros really are in force here") {
    CHECK(min(2, 3) == 2);
    CHECK(max(2, 3) == 3);
}

TEST_CASE("minmax: a real call through MockClient works with min/max macros defined") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"50.0000","auto_refill_enabled":true})")
        .reply(429, R"({"detail":"slow"})", {{"Retry-After", "5"}});
    auto b = m.client.billing().balance();
    REQUIRE(b.ok());
    CHECK(b->balance == "50.0000");
    CHECK(b->auto_refill_enabled == true);
    auto limited = m.client.billing().balance();
    REQUIRE_FALSE(limited.ok());
    CHECK(limited.error().kind == didit::ErrorKind::RateLimited);
    REQUIRE(limited.error().retry_after.has_value());
    CHECK(limited.error().retry_after->count() == 5000);
    REQUIRE(m.mock.last_request().has_value());
    CHECK(m.mock.last_request()->url == "https://verification.didit.me/v3/billing/balance/");
}

TEST_CASE("minmax: integer range checks still work with min/max macros defined") {
    auto ok = didit::decode_json<mm::Counts>(std::string_view(R"({"small":-32768,"tiny":255})"));
    REQUIRE(ok.ok());
    CHECK(*ok->small == -32768);
    CHECK(*ok->tiny == 255);
    auto big = didit::decode_json<mm::Counts>(std::string_view(R"({"tiny":256})"));
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message == "tiny: integer out of range");
    auto low = didit::decode_json<mm::Counts>(std::string_view(R"({"small":-32769})"));
    REQUIRE_FALSE(low.ok());
    CHECK(low.error().message == "small: integer out of range");
}
