// EXPECT: DIDIT_ENDPOINT BadRoute: verification routes authenticate with ApiKey, TransactionToken or SessionToken, account routes with Bearer
// SPDX-License-Identifier: MIT
// Must not compile: a verification-host route that would send the account access token.
#include <didit/api/billing.hpp>

namespace cf {
DIDIT_ENDPOINT(BadRoute, Get, Verification, Bearer, "/v3/billing/balance/", didit::NoPath, didit::NoBody,
               didit::NoQuery, didit::Balance, true);
}  // namespace cf

int main() { return cf::BadRoute::retry_safe ? 0 : 1; }
