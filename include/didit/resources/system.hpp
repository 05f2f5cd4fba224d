// SPDX-License-Identifier: MIT
// client.system(): the service's own state (the public healthcheck).
#pragma once

#include <didit/endpoints/system.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The service's own state: the public healthcheck, which sends no credential.
template <class C>
class SystemResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::system() rather than constructed directly.
    explicit SystemResource(C& client) : c_(client) {}

    /// GET /system/healthcheck — `status` "ok" with the server's `timestamp` when the service,
    /// its database, cache and broker are healthy; any other status (503 and other 5xx) is an
    /// Error and means unhealthy. No API key is sent. A 5xx is retried like any GET: pass
    /// `CallOptions::max_retries = 0` for a single probe.
    /// API reference: https://docs.didit.me/integration/healthcheck
    R<Healthcheck> healthcheck(const CallOptions& opts = {}) {
        return c_.template call<endpoints::SystemHealthcheck>(opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
