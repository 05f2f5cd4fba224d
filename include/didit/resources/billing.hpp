// SPDX-License-Identifier: MIT
// client.billing(): the organization's credit balance and top-ups.
#pragma once

#include <didit/endpoints/billing.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Credits are organization-wide; sessions consume them.
template <class C>
class BillingResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::billing() rather than constructed directly.
    explicit BillingResource(C& client) : c_(client) {}

    /// GET /v3/billing/balance/ — amounts are decimal strings ("1234.5600").
    /// API reference: https://docs.didit.me/management-api/billing/balance
    R<Balance> balance(const CallOptions& opts = {}) { return c_.template call<endpoints::BillingBalance>(opts); }
    /// POST /v3/billing/top-up/ — a Stripe checkout link; at least 50 dollars.
    /// API reference: https://docs.didit.me/management-api/billing/top-up
    R<TopUpResponse> top_up(const TopUpRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BillingTopUp>(req, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
