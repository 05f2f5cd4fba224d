// SPDX-License-Identifier: MIT
// Undefines the SDK's internal macros at the end of <didit/didit.hpp>, so they do not leak into the user's code.
//
// Kept defined, because a user's expansion of a public macro names them: DIDIT_MODEL, DIDIT_ENUM,
// DIDIT_CLOSED_ENUM, DIDIT_PATH, DIDIT_UUID_PATH, DIDIT_ROUTE, DIDIT_ENDPOINT and DIDIT_ROUTES expand into DIDIT_PP_*
// and the DIDIT_DETAIL_FIELD / _ENUM_* / _PATH* / _PP_COUNT / _ENDPOINT / _RETRY_* helpers. Also kept: DIDIT_VERSION_*,
// and every macro the user defines (DIDIT_SEPARATE_COMPILATION, DIDIT_IMPLEMENTATION, DIDIT_NO_CURL, ...).
//
// A header included after this one (<didit/conformance.hpp>, or <didit/webhook.hpp> after a
// DIDIT_NO_OPENSSL <didit/didit.hpp>) includes detail/config.hpp, whose guard is undefined here
// too, and so gets the build-mode macros back. No #pragma once: an umbrella header that brings
// config.hpp back (<didit/sim.hpp>) may end by including this again.

// detail/config.hpp: the build-mode switches, and its guard.
#undef DIDIT_HAS_EXCEPTIONS
#undef DIDIT_INLINE
#undef DIDIT_DEFINITIONS
#undef DIDIT_DETAIL_CONFIG_HPP

// core.hpp: the separate-compilation instantiations of each route's call (<didit/api/<group>.hpp>).
#undef DIDIT_DETAIL_CALL_IMPL
#undef DIDIT_DETAIL_CALL_IMPL_KIND

// model.hpp: how the SDK's own models are declared (and, in separate compilation, instantiated).
#undef DIDIT_DETAIL_MODEL
#undef DIDIT_DETAIL_MODEL_INSTANCE
