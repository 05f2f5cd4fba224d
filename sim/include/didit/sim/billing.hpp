// SPDX-License-Identifier: MIT
// The simulator's billing routes (`/v3/billing/`): the credit balance, Stripe-like top-up checkouts, and
// the control route that pays a checkout.
#pragma once

#include <cmath>
#include <string>
#include <utility>

#include <didit/sim/core.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace billing_detail {

/// The OpenAPI: billing answers 403 (never 401) for missing credentials, with this body.
inline constexpr const char* kMissingAuth = "You do not have permission to perform this action.";
/// The OpenAPI's top-up: `success_url`/`cancel_url` default.
inline constexpr const char* kConsole = "https://console.didit.me";
/// The simulator refuses absurd amounts (Stripe's own ceiling is about a million dollars).
inline constexpr double kMaxDollars = 999999.99;

inline Reply balance(Context& ctx) {
    // Auto-refill is a console setting; the simulator's applications never have it (the
    // OpenAPI's billing-balance-2 shape: false and nulls).
    return json_reply(200, Json{{"balance", money_string(ctx.app->balance)},
                                {"auto_refill_enabled", false},
                                {"auto_refill_amount", nullptr},
                                {"auto_refill_threshold", nullptr}});
}

inline bool http_url(const std::string& s) {
    return (s.rfind("https://", 0) == 0 && s.size() > 8) || (s.rfind("http://", 0) == 0 && s.size() > 7);
}

/// POST /v3/billing/top-up/: every 400 is a bare array (the OpenAPI's examples).
inline Reply top_up(Context& ctx) {
    const Json& b = ctx.request.json;
    const Json* amount = member(b, "amount_in_dollars");
    if (!amount || amount->is_null()) return bare_error(400, "amount_in_dollars is required.");
    if (!amount->is_number()) return bare_error(400, "amount_in_dollars must be a number.");
    const double dollars = amount->get<double>();
    if (!std::isfinite(dollars)) return bare_error(400, "amount_in_dollars must be a number.");
    if (dollars < 50) return bare_error(400, "Amount must be at least $50.");
    if (dollars > kMaxDollars) return bare_error(400, "Amount must be at most $999999.99.");
    std::string urls[2] = {kConsole, kConsole};
    const char* names[2] = {"success_url", "cancel_url"};
    for (int i = 0; i < 2; ++i)
        if (const Json* u = member(b, names[i]); u && !u->is_null()) {
            if (!u->is_string() || !http_url(u->get<std::string>()))
                return bare_error(400, std::string(names[i]) + " must be a valid URL.");
            urls[i] = u->get<std::string>();
        }
    // Stripe charges whole cents.
    const auto cents = static_cast<std::int64_t>(std::llround(dollars * 100.0));
    const std::string id = "cs_test_" + ctx.token(58);
    ctx.app->checkouts.push_back(Json{{"checkout_session_id", id},
                                      {"amount", cents * 100},
                                      {"amount_in_dollars", money_string(cents * 100)},
                                      {"success_url", urls[0]},
                                      {"cancel_url", urls[1]},
                                      {"status", "open"},
                                      {"created_at", ctx.now_iso()}});
    return json_reply(
        200, Json{{"checkout_session_id", id}, {"checkout_session_url", "https://checkout.stripe.com/c/pay/" + id}});
}

/// POST /_sim/billing/checkouts/{id}/complete/ — the customer paid: credits the application
/// once; completing the same checkout again is a 400.
inline Reply complete(Context& ctx) {
    const std::string& id = ctx.request.params[0];
    for (auto& kv : ctx.state.apps) {
        App& app = kv.second;
        for (auto& c : app.checkouts) {
            if (string_or(c, "checkout_session_id") != id) continue;
            if (string_or(c, "status") == "complete")
                return detail_error(400, "This checkout session is already complete.");
            const Json* amount = member(c, "amount");
            const std::int64_t add = amount && amount->is_number_integer() ? amount->get<std::int64_t>() : 0;
            app.balance += add;
            c["status"] = "complete";
            c["completed_at"] = ctx.now_iso();
            return json_reply(200, Json{{"checkout_session_id", id},
                                        {"status", "complete"},
                                        {"amount_in_dollars", money_string(add)},
                                        {"balance", money_string(app.balance)}});
        }
    }
    return detail_error(404, "Checkout session not found.");
}

}  // namespace billing_detail

inline void install_billing(Router& router) {
    namespace b = billing_detail;
    router.add(Method::Get, "/v3/billing/balance/", Auth::ApiKey, b::balance).missing_auth_detail = b::kMissingAuth;
    router.add(Method::Post, "/v3/billing/top-up/", Auth::ApiKey, b::top_up).missing_auth_detail = b::kMissingAuth;
    router.add(Method::Post, "/_sim/billing/checkouts/{any}/complete/", Auth::Control, b::complete);
}

}  // namespace sim
}  // namespace didit
