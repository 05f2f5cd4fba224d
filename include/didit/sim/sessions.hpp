// SPDX-License-Identifier: MIT
// The simulator's sessions routes (placeholder: being written).
#pragma once

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

inline void install_sessions(Router& router) { (void)router; }

}  // namespace sim
}  // namespace didit
