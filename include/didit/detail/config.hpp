// SPDX-License-Identifier: MIT
// Compiler and build-mode switches shared by every header: exceptions on or off, and
// header-only or separate compilation.
//
// A guard, not #pragma once: detail/macro_unscope.hpp undefines these macros (and the guard) at the
// end of <didit/didit.hpp>, and a header included after that gets them back by including this one.
#ifndef DIDIT_DETAIL_CONFIG_HPP
#define DIDIT_DETAIL_CONFIG_HPP

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define DIDIT_HAS_EXCEPTIONS 1
#else
#define DIDIT_HAS_EXCEPTIONS 0
#endif

// Separate compilation (opt-in; README "Build time"). By default the SDK is header-only: every
// function is defined in the headers, inline, and each translation unit compiles what it calls.
// A program with many TUs that call the SDK can instead define DIDIT_SEPARATE_COMPILATION in
// every TU (the CMake option DIDIT_SEPARATE_COMPILATION does it) and, in exactly one .cpp,
// also DIDIT_IMPLEMENTATION before including <didit/didit.hpp>. The client core, the transports,
// the error triage, JSON parsing, webhook verification and the SDK's own model codecs are then
// compiled once, in that TU; every other TU sees their declarations only.
//   DIDIT_DEFINITIONS  1 where this TU compiles the non-template bodies, 0 where it only declares them
//   DIDIT_INLINE       on those functions: `inline` when header-only, nothing in separate compilation
#if defined(DIDIT_SEPARATE_COMPILATION)
#define DIDIT_INLINE
#if defined(DIDIT_IMPLEMENTATION)
#define DIDIT_DEFINITIONS 1
#else
#define DIDIT_DEFINITIONS 0
#endif
#else
#define DIDIT_INLINE inline
#define DIDIT_DEFINITIONS 1
#endif

#endif  // DIDIT_DETAIL_CONFIG_HPP
