// SPDX-License-Identifier: MIT
// The SDK's core: the client, its transports and the asynchronous engine, without any resource group.
//
// A program that calls a few groups includes their entry headers, which include this one:
//   #include <didit/api/workflows.hpp>   // didit::Client<> and client.workflows()
// and compiles only those groups' models and routes. <didit/didit.hpp> brings every group and
// webhook verification. DIDIT_NO_CURL and DIDIT_NO_OPENSSL act here as there.
#pragma once

#include <string_view>

#include <didit/client.hpp>
#include <didit/detail/config.hpp>
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

#if !defined(DIDIT_NO_CURL) && defined(DIDIT_SEPARATE_COMPILATION)
// Separate compilation: every route's Client<CurlTransport>::call_impl is compiled once, in the
// DIDIT_IMPLEMENTATION translation unit (src/didit.cpp, which includes every group), and every
// other TU is told so (extern template). A program that calls many routes then compiles, per TU,
// little more than the calls themselves. Each entry header <didit/api/<group>.hpp> lists its routes.
#if DIDIT_DEFINITIONS
#define DIDIT_DETAIL_CALL_IMPL_KIND
#else
#define DIDIT_DETAIL_CALL_IMPL_KIND extern
#endif
#define DIDIT_DETAIL_CALL_IMPL(E)                                                                                    \
    DIDIT_DETAIL_CALL_IMPL_KIND template Result<endpoints::E::reply> Client<CurlTransport>::call_impl<endpoints::E>( \
        const endpoints::E::path_params&, const endpoints::E::request&, const endpoints::E::query&,                  \
        const CallOptions&, std::string_view);
#endif
