// EXPECT: DIDIT_ENDPOINT BadRoute: each .placeholder. in the path needs a path parameter
// SPDX-License-Identifier: MIT
// Must not compile: the route declares a path parameter that its path never uses.
#include <didit/core.hpp>

namespace cf {
DIDIT_PATH(OrphanPath, settings_uuid);
DIDIT_ENDPOINT(BadRoute, Get, Verification, ApiKey, "/v3/workflows/", OrphanPath, didit::NoBody, didit::NoQuery,
               didit::Empty, true);
}  // namespace cf

int main() { return cf::BadRoute::retry_safe ? 0 : 1; }
