// EXPECT: DIDIT_ENDPOINT BadRoute: a GET route cannot have a request body
// SPDX-License-Identifier: MIT
// Must not compile: a GET route with a request body type.
#include <didit/api/billing.hpp>

namespace cf {
DIDIT_ENDPOINT(BadRoute, Get, Verification, ApiKey, "/v3/billing/top-up/", didit::NoPath, didit::TopUpRequest,
               didit::NoQuery, didit::TopUpResponse, true);
}  // namespace cf

int main() { return cf::BadRoute::retry_safe ? 0 : 1; }
