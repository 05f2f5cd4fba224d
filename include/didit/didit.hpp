// SPDX-License-Identifier: MIT
// The umbrella header: the whole SDK, every resource group, with CurlTransport as the default transport.
//
// A program that calls only a few groups may include their entry headers instead
// (<didit/api/<group>.hpp>, each with <didit/core.hpp>) and compile only what it calls.
//
// Define DIDIT_NO_CURL to leave out CurlTransport (then name your own transport:
// `didit::Client<MyTransport>`), and DIDIT_NO_OPENSSL to leave out webhook verification; the
// rest then needs neither library, which is how an embedded build vendors the single header.
// CMake defines them when DIDIT_WITH_CURL / DIDIT_WITH_OPENSSL are OFF.
#pragma once

#include <didit/api/all.hpp>
#include <didit/core.hpp>
#if !defined(DIDIT_NO_OPENSSL)
#include <didit/dedup.hpp>
#include <didit/webhook.hpp>
#endif

// Last: undefine the internal macros (the public ones, and what they expand into, stay).
#include <didit/detail/macro_unscope.hpp>
