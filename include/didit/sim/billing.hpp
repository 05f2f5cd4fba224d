// SPDX-License-Identifier: MIT
// The simulator's billing routes (placeholder: being written).
#pragma once

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

inline void install_billing(Router& router) { (void)router; }

}  // namespace sim
}  // namespace didit
