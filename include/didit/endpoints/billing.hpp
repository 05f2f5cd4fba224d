// SPDX-License-Identifier: MIT
// Billing routes (https://verification.didit.me/v3/billing/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/billing.hpp>

namespace didit {
namespace endpoints {
// clang-format off
//             name            method host          auth    path                    path    request       query    reply          retry-safe
/// GET /v3/billing/balance/ — the organization's credit balance (decimal strings).
/// API reference: https://docs.didit.me/management-api/billing/balance
DIDIT_ENDPOINT(BillingBalance, Get,   Verification, ApiKey, "/v3/billing/balance/", NoPath, NoBody,       NoQuery, Balance,       true);
/// POST /v3/billing/top-up/ — a Stripe checkout link for buying credits (at least 50 dollars).
/// API reference: https://docs.didit.me/management-api/billing/top-up
DIDIT_ENDPOINT(BillingTopUp,   Post,  Verification, ApiKey, "/v3/billing/top-up/",  NoPath, TopUpRequest, NoQuery, TopUpResponse, false);
// clang-format on
}  // namespace endpoints
}  // namespace didit
