// EXPECT: DIDIT_ENDPOINT BadRoute: a route with a request body sends it as Json, one without as None
// SPDX-License-Identifier: MIT
// Must not compile: a route table row whose request model has no body content type.
#include <didit/api/billing.hpp>

namespace cf {
DIDIT_ROUTE(BadRoute, Post, Verification, ApiKey, "/v3/billing/top-up/", didit::NoPath, didit::TopUpRequest,
            didit::NoQuery, didit::TopUpResponse, false, 0, "", None);
}  // namespace cf

int main() { return cf::BadRoute::retry_safe ? 0 : 1; }
