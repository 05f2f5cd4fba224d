// EXPECT: DIDIT_ENDPOINT BadRoute: each .placeholder. in the path needs a path parameter
// SPDX-License-Identifier: MIT
// Must not compile: the path has a {settings_uuid} placeholder but the route has no path parameters.
#include <didit/core.hpp>

namespace cf {
DIDIT_ENDPOINT(BadRoute, Get, Verification, ApiKey, "/v3/workflows/{settings_uuid}/", didit::NoPath, didit::NoBody,
               didit::NoQuery, didit::Empty, true);
}  // namespace cf

int main() { return cf::BadRoute::retry_safe ? 0 : 1; }
