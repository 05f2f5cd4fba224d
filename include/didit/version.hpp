// SPDX-License-Identifier: MIT
// The one place the didit-cpp version lives; CMake and Meson parse it from here.
#pragma once

#define DIDIT_VERSION_MAJOR 0
#define DIDIT_VERSION_MINOR 1
#define DIDIT_VERSION_PATCH 0
#define DIDIT_VERSION_STRING "0.1.0"

namespace didit {
/// The library version as "major.minor.patch".
inline constexpr const char* version_string = DIDIT_VERSION_STRING;
}  // namespace didit
