// SPDX-License-Identifier: MIT
// The simulator's users routes (placeholder: being written).
#pragma once

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

inline void install_users(Router& router) { (void)router; }

}  // namespace sim
}  // namespace didit
