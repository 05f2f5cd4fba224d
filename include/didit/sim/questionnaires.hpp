// SPDX-License-Identifier: MIT
// The simulator's questionnaires routes (placeholder: being written).
#pragma once

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

inline void install_questionnaires(Router& router) { (void)router; }

}  // namespace sim
}  // namespace didit
