// SPDX-License-Identifier: MIT
// cpp-httplib for the tests' loopback servers, with the warnings it raises under the house flags
// (-Wconversion -Wsign-conversion -Wshadow, fatal in CI) silenced for its header only.
#pragma once

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#endif
#include <httplib.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
