// EXPECT-OK
// SPDX-License-Identifier: MIT
// Must compile: a header included after <didit/didit.hpp> has undefined the internal macros gets
// them back from detail/config.hpp, instead of reading `#if DIDIT_HAS_EXCEPTIONS` as 0.
#include <didit/didit.hpp>

#ifdef DIDIT_HAS_EXCEPTIONS
#error "DIDIT_HAS_EXCEPTIONS leaks out of <didit/didit.hpp>"
#endif

#include <didit/conformance.hpp>

#if !defined(DIDIT_HAS_EXCEPTIONS) || !defined(DIDIT_INLINE) || !defined(DIDIT_DEFINITIONS)
#error "detail/config.hpp did not define its macros again for <didit/conformance.hpp>"
#endif

int main() {
    didit::MockTransport transport;
    const didit::ConformanceOptions options;
    return didit::check_transport_conformance(transport, options).ok() ? 0 : 1;
}
