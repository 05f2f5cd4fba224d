// SPDX-License-Identifier: MIT
// client.webhooks(): see the class comment.
#pragma once

#include <didit/detail/client_core.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The webhooks routes.
template <class C>
class WebhooksResource {
public:
    explicit WebhooksResource(C& client) : c_(client) {}

private:
    C& c_;
};

}  // namespace didit
