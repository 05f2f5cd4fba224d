// SPDX-License-Identifier: MIT
// custom_transport: the SDK over your own HTTP stack — here about 150 lines of POSIX sockets, no libcurl.
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

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace {

/// A minimal HTTP/1.1 client over blocking sockets: `http://host[:port]/path` only.
class SocketTransport {
    static bool safe_url(const std::string& url) {
        for (char c : url)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
        return true;
    }
    static bool safe_header(const std::string& name, const std::string& value) {
        if (name.empty()) return false;
        for (char c : name)
            if (static_cast<unsigned char>(c) <= 0x20 || c == ':' || c == 0x7F) return false;
        for (char c : value)
            if (c == '\r' || c == '\n' || c == '\0') return false;
        return true;
    }

public:
    std::string name() const { return "posix-sockets/1.0"; }

    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) {
        // Whatever reaches the wire must not be able to end a line early or split the request:
        // the URL has no spaces or control characters, header lines no CR, LF or NUL. The SDK
        // checks this already; a transport that writes raw HTTP checks it again itself.
        if (!safe_url(req.url))
            return didit::make_error(didit::ErrorKind::InvalidArgument,
                                     "the URL holds a space or control character; not sent");
        for (const auto& h : req.headers)
            if (!safe_header(h.first, h.second))
                return didit::make_error(didit::ErrorKind::InvalidArgument,
                                         "a header holds a character that would split the request; not sent");

        // Split "http://host:port/target".
        const std::string prefix = "http://";
        if (req.url.compare(0, prefix.size(), prefix) != 0)
            return didit::make_error(didit::ErrorKind::InvalidArgument, "this transport speaks plain http:// only");
        const auto slash = req.url.find('/', prefix.size());
        const std::string authority = req.url.substr(prefix.size(), slash - prefix.size());
        const std::string target = slash == std::string::npos ? "/" : req.url.substr(slash);
        const auto colon = authority.rfind(':');
        const std::string host = colon == std::string::npos ? authority : authority.substr(0, colon);
        const std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);

        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr)
            return not_sent("cannot resolve " + host);
        int fd = -1;
        for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
            fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                ::close(fd);
                fd = -1;
            }
        }
        freeaddrinfo(found);
        if (fd < 0) return not_sent("cannot connect to " + authority + ": " + std::strerror(errno));

        // The client sets req.timeout per attempt; apply it to every read and write.
        const auto ms = req.timeout.count() > 0 ? req.timeout.count() : 60000;
        timeval tv{};
        tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

        std::string wire = std::string(didit::to_string(req.method)) + " " + target +
                           " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n";
        for (const auto& h : req.headers) wire += h.first + ": " + h.second + "\r\n";
        if (!req.body.empty() || req.method != didit::Method::Get)
            wire += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
        wire += "\r\n" + req.body;
        for (std::size_t sent = 0; sent < wire.size();) {
            const auto n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                ::close(fd);
                // Some bytes may have reached the server: the client must not assume otherwise.
                return didit::make_error(didit::ErrorKind::Transport, "write failed");
            }
            sent += static_cast<std::size_t>(n);
        }
        std::string raw;
        char buf[16384];
        for (;;) {
            const auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0) break;
            if (n < 0) {
                ::close(fd);
                return didit::make_error(
                    errno == EAGAIN || errno == EWOULDBLOCK ? didit::ErrorKind::Timeout : didit::ErrorKind::Transport,
                    "read failed");
            }
            raw.append(buf, static_cast<std::size_t>(n));
            if (raw.size() > (std::size_t{64} << 20))
                break;  // the client's response cap is 64 MiB; no need to read further
        }
        ::close(fd);
        return parse(raw);
    }

private:
    static didit::Error not_sent(std::string why) {
        didit::Error e = didit::make_error(didit::ErrorKind::Transport, std::move(why));
        e.not_sent = true;  // nothing reached the server: any request may be retried
        return e;
    }

    static didit::Result<didit::HttpResponse> parse(const std::string& raw) {
        const auto head_end = raw.find("\r\n\r\n");
        if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos)
            return didit::make_error(didit::ErrorKind::Transport, "malformed HTTP response");
        didit::HttpResponse res;
        const auto sp = raw.find(' ');
        res.status = std::atoi(raw.c_str() + sp + 1);
        bool chunked = false;
        for (std::size_t line = raw.find("\r\n") + 2; line < head_end;) {
            const auto eol = raw.find("\r\n", line);
            const auto colon = raw.find(':', line);
            if (colon != std::string::npos && colon < eol) {
                std::string value = raw.substr(colon + 1, eol - colon - 1);
                value.erase(0, value.find_first_not_of(' '));
                std::string key = raw.substr(line, colon - line);
                if (didit::detail::iequals(key, "transfer-encoding") && value.find("chunked") != std::string::npos)
                    chunked = true;
                res.headers.add(std::move(key), std::move(value));
            }
            line = eol + 2;
        }
        std::string body = raw.substr(head_end + 4);
        if (chunked) {  // "<hex size>\r\n<bytes>\r\n" … "0\r\n\r\n"
            std::string joined;
            std::size_t pos = 0;
            while (pos < body.size()) {
                const auto eol = body.find("\r\n", pos);
                if (eol == std::string::npos) break;
                const auto size = std::strtoul(body.substr(pos, eol - pos).c_str(), nullptr, 16);
                if (size == 0 || eol + 2 + size > body.size()) break;
                joined.append(body, eol + 2, size);
                pos = eol + 2 + size + 2;
            }
            body = std::move(joined);
        }
        res.body = std::move(body);
        return res;
    }
};

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
