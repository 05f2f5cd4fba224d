// SPDX-License-Identifier: MIT
// Separate compilation only: every route's Client<CurlTransport>::call_impl is compiled once, in
// the DIDIT_IMPLEMENTATION TU, and every other TU is told so (extern template). A program that
// calls many routes then compiles, per TU, little more than the calls themselves.
#pragma once

#include <didit/client.hpp>
#include <didit/detail/config.hpp>
#include <didit/endpoints/all.hpp>
#include <didit/transport/curl.hpp>

#if defined(DIDIT_SEPARATE_COMPILATION)
namespace didit {

#define DIDIT_DETAIL_CALL_IMPL(E)                                                                   \
    template Result<endpoints::E::reply> Client<CurlTransport>::call_impl<endpoints::E>(            \
        const endpoints::E::path_params&, const endpoints::E::request&, const endpoints::E::query&, \
        const CallOptions&);
#if DIDIT_DEFINITIONS
DIDIT_ROUTES(DIDIT_DETAIL_CALL_IMPL)
#else
#define DIDIT_DETAIL_EXTERN_CALL_IMPL(E) extern DIDIT_DETAIL_CALL_IMPL(E)
DIDIT_ROUTES(DIDIT_DETAIL_EXTERN_CALL_IMPL)
#undef DIDIT_DETAIL_EXTERN_CALL_IMPL
#endif
#undef DIDIT_DETAIL_CALL_IMPL

}  // namespace didit
#endif  // DIDIT_SEPARATE_COMPILATION
