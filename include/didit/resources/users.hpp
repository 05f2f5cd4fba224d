// SPDX-License-Identifier: MIT
// client.users(): see the class comment.
#pragma once

#include <didit/detail/client_core.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The users routes.
template <class C>
class UsersResource {
public:
    explicit UsersResource(C& client) : c_(client) {}

private:
    C& c_;
};

}  // namespace didit
