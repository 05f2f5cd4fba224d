// SPDX-License-Identifier: MIT
// client.blocklist(): see the class comment.
#pragma once

#include <didit/detail/client_core.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The blocklist routes.
template <class C>
class BlocklistResource {
public:
    explicit BlocklistResource(C& client) : c_(client) {}

private:
    C& c_;
};

}  // namespace didit
