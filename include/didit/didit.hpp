// SPDX-License-Identifier: MIT
// The umbrella header: the whole SDK, with CurlTransport as the default transport.
#pragma once

#include <didit/version.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>
#include <didit/model.hpp>
#include <didit/endpoint.hpp>
#include <didit/transport/transport.hpp>
#include <didit/transport/mock.hpp>
#include <didit/transport/any.hpp>
#include <didit/transport/curl.hpp>
#include <didit/client.hpp>
#include <didit/endpoints/all.hpp>
#include <didit/webhook.hpp>

namespace didit {
// `didit::Client<>` talks to the real API through libcurl. Programs that do not want curl
// include <didit/client.hpp> and name their own transport instead.
template <class Transport = CurlTransport>
class Client;
}  // namespace didit
