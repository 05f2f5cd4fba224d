// SPDX-License-Identifier: MIT
// The Didit platform simulator (didit::sim): the SDK plus an in-memory platform and SimTransport.
#pragma once

#include <didit/didit.hpp>
#include <didit/sim/platform.hpp>
