// SPDX-License-Identifier: MIT
// custom_transport: the SDK over your own HTTP stack — here about 150 lines of POSIX sockets, no libcurl
// (socket_transport.hpp, which kiosk_check uses too).
//
//   didit-sim --port 8790 &
//   DIDIT_BASE_URL=http://127.0.0.1:8790 DIDIT_API_KEY=<key> custom_transport
//
// An embedded device, a game engine or a company HTTP library plugs in the same way: a type
// with `didit::Result<didit::HttpResponse> send(const didit::HttpRequest&)`. Retries, rate
// shaping, auth headers, logging and error decoding all sit above it in didit::Client, so
// this transport only moves bytes. It speaks plain HTTP/1.1 (one connection per request), which
// is enough for a loopback simulator or a TLS-terminating proxy on the device. With
// DIDIT_NO_CURL and DIDIT_NO_OPENSSL defined, neither libcurl nor OpenSSL is compiled or linked.
// Exit status: 0 all calls succeeded, 1 a call failed, 2 usage.
#define DIDIT_NO_CURL
#define DIDIT_NO_OPENSSL
#include <didit/didit.hpp>

#include <iostream>
#include <string>

#include "socket_transport.hpp"

namespace {

using didit_examples::SocketTransport;

int fail(const char* what, const didit::Error& e) {
    std::cerr << "custom_transport: " << what << ": " << e.to_string() << '\n';
    return 1;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::cerr << "usage: DIDIT_BASE_URL=http://127.0.0.1:<port> DIDIT_API_KEY=<key> custom_transport\n";
        return 2;
    }
    didit::Client<SocketTransport> client;  // reads DIDIT_API_KEY and DIDIT_BASE_URL
    if (client.options().api_key.empty() || client.options().base_url.rfind("http://", 0) != 0) {
        std::cerr << "custom_transport: set DIDIT_API_KEY and an http:// DIDIT_BASE_URL (e.g. didit-sim's)\n";
        return 2;
    }

    auto balance = client.billing().balance();
    if (!balance) return fail("billing balance", balance.error());
    std::cout << "balance: " << balance->balance << '\n';

    auto workflows = client.workflows().list();
    if (!workflows) return fail("list workflows", workflows.error());
    std::cout << "workflows: " << workflows->results.size() << '\n';
    if (workflows->results.empty()) {
        std::cerr << "custom_transport: the application has no workflow to start a session with\n";
        return 1;
    }

    didit::SessionCreateRequest req;
    req.workflow_id = workflows->results.front().workflow_id.value_or(workflows->results.front().uuid);
    req.vendor_data = std::string("custom-transport-user");
    auto session = client.sessions().create(req);
    if (!session) return fail("create session", session.error());
    std::cout << "session: " << session->session_id << " " << session->url.value_or("") << '\n';

    auto decision = client.sessions().get_decision(session->session_id);
    if (!decision) return fail("get decision", decision.error());
    std::cout << "status: " << (decision->status ? decision->status->str() : "?") << '\n';

    // An error decoded by the client, whatever transport carried it.
    auto missing = client.sessions().get_decision("00000000-0000-4000-8000-000000000000");
    if (missing || missing.error().kind != didit::ErrorKind::NotFound)
        return fail("expected a not-found error",
                    missing ? didit::make_error(didit::ErrorKind::Decode, "got a decision") : missing.error());
    std::cout << "unknown session: " << missing.error().to_string() << '\n';
    return 0;
}
