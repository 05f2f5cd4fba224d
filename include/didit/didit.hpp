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
#include <didit/transport/async.hpp>
#include <didit/transport/mock.hpp>
#include <didit/transport/transport.hpp>
#include <didit/version.hpp>
#if !defined(DIDIT_NO_CURL)
#include <didit/transport/curl.hpp>
#if !defined(_WIN32)
#include <didit/transport/curl_multi.hpp>  // POSIX: poll() and a pipe
#endif
#endif
#include <didit/client.hpp>
#include <didit/endpoints/all.hpp>
#if !defined(DIDIT_NO_OPENSSL)
#include <didit/dedup.hpp>
#include <didit/webhook.hpp>
#endif

#if !defined(DIDIT_NO_CURL) && defined(DIDIT_SEPARATE_COMPILATION)
// Separate compilation: every route's Client<CurlTransport>::call_impl is compiled once, in the
// DIDIT_IMPLEMENTATION TU, and every other TU is told so (extern template). A program that calls
// many routes then compiles, per TU, little more than the calls themselves. This list lives in
// the umbrella because only here are the default client and the whole route table both known.
namespace didit {
#define DIDIT_DETAIL_CALL_IMPL(E)                                                                   \
    template Result<endpoints::E::reply> Client<CurlTransport>::call_impl<endpoints::E>(            \
        const endpoints::E::path_params&, const endpoints::E::request&, const endpoints::E::query&, \
        const CallOptions&, std::string_view);
#if DIDIT_DEFINITIONS
DIDIT_ROUTES(DIDIT_DETAIL_CALL_IMPL)
#else
#define DIDIT_DETAIL_EXTERN_CALL_IMPL(E) extern DIDIT_DETAIL_CALL_IMPL(E)
DIDIT_ROUTES(DIDIT_DETAIL_EXTERN_CALL_IMPL)
#undef DIDIT_DETAIL_EXTERN_CALL_IMPL
#endif
#undef DIDIT_DETAIL_CALL_IMPL
}  // namespace didit
#endif

// Last: undefine the internal macros (the public ones, and what they expand into, stay).
#include <didit/detail/macro_unscope.hpp>
