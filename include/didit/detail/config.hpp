// SPDX-License-Identifier: MIT
// Compiler and build-mode switches shared by every header (exceptions on or off).
#pragma once

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define DIDIT_HAS_EXCEPTIONS 1
#else
#define DIDIT_HAS_EXCEPTIONS 0
#endif
