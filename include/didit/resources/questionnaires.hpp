// SPDX-License-Identifier: MIT
// client.questionnaires(): see the class comment.
#pragma once

#include <didit/detail/client_core.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The questionnaires routes.
template <class C>
class QuestionnairesResource {
public:
    explicit QuestionnairesResource(C& client) : c_(client) {}

private:
    C& c_;
};

}  // namespace didit
