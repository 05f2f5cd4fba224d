// SPDX-License-Identifier: MIT
// The umbrella header: the whole SDK, with CurlTransport as the default transport.
//
// Define DIDIT_NO_CURL to leave out CurlTransport (then name your own transport:
// `didit::Client<MyTransport>`), and DIDIT_NO_OPENSSL to leave out webhook verification; the
// rest then needs neither library, which is how an embedded build vendors the single header.
// CMake defines them when DIDIT_WITH_CURL / DIDIT_WITH_OPENSSL are OFF.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/model.hpp>
#include <didit/result.hpp>
#include <didit/transport/any.hpp>
#include <didit/transport/mock.hpp>
#include <didit/transport/transport.hpp>
#include <didit/version.hpp>
#if !defined(DIDIT_NO_CURL)
#include <didit/transport/curl.hpp>
#endif
#include <didit/client.hpp>
#include <didit/endpoints/all.hpp>
#if !defined(DIDIT_NO_OPENSSL)
#include <didit/webhook.hpp>
#endif

#if !defined(DIDIT_NO_CURL)
namespace didit {
// `didit::Client<>` talks to the real API through libcurl. Programs that do not want curl
// define DIDIT_NO_CURL (or include <didit/client.hpp>) and name their own transport instead.
template <class Transport = CurlTransport>
class Client;
}  // namespace didit
#endif

#if !defined(DIDIT_NO_CURL) && defined(DIDIT_SEPARATE_COMPILATION)
#include <didit/detail/route_instances.hpp>
#endif

// Last: undefine the internal macros (the public ones, and what they expand into, stay).
#include <didit/detail/macro_unscope.hpp>
