// SPDX-License-Identifier: MIT
// The SDK's non-template code, compiled once: the DIDIT_IMPLEMENTATION translation unit of the
// separate-compilation mode (include/didit/detail/config.hpp). CMake builds it as didit_impl
// when DIDIT_SEPARATE_COMPILATION is ON; any other build can compile it the same way, with
// DIDIT_SEPARATE_COMPILATION defined here and in every TU that includes the SDK.
#ifndef DIDIT_SEPARATE_COMPILATION
#error "src/didit.cpp is only for DIDIT_SEPARATE_COMPILATION builds; header-only builds need no .cpp"
#endif
#define DIDIT_IMPLEMENTATION
#include <didit/didit.hpp>
