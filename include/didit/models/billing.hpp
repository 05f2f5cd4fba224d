// SPDX-License-Identifier: MIT
// Billing models: the organization's credit balance and Stripe top-ups.
#pragma once

#include <optional>
#include <string>

#include <didit/model.hpp>

namespace didit {

/// GET /v3/billing/balance/. Money is a decimal string ("1234.5600"), kept exactly as sent.
struct Balance {
    std::string balance{};
    std::optional<bool> auto_refill_enabled{};
    Nullable<std::string> auto_refill_amount{};
    Nullable<std::string> auto_refill_threshold{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Balance, balance, auto_refill_enabled, auto_refill_amount, auto_refill_threshold)

/// POST /v3/billing/top-up/ body. The minimum is 50 dollars; `success_url`/`cancel_url` may
/// contain the `{CHECKOUT_SESSION_ID}` placeholder.
struct TopUpRequest {
    double amount_in_dollars = 0;
    std::optional<std::string> success_url{};
    std::optional<std::string> cancel_url{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(TopUpRequest, amount_in_dollars, success_url, cancel_url)

/// Reply of top-up: send the user to `checkout_session_url` to pay.
struct TopUpResponse {
    std::string checkout_session_id{};
    std::string checkout_session_url{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(TopUpResponse, checkout_session_id, checkout_session_url)

}  // namespace didit
