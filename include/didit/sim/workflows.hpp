// SPDX-License-Identifier: MIT
// The simulator's workflows routes (placeholder: being written).
#pragma once

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

inline void install_workflows(Router& router) { (void)router; }

}  // namespace sim
}  // namespace didit
