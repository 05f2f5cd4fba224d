// SPDX-License-Identifier: MIT
// An "embedded-style" consumer: its own tiny HTTP/1.1 transport on POSIX sockets, no libcurl, no OpenSSL.
//
// It defines DIDIT_NO_CURL and includes only the one resource group it calls (never
// <didit/didit.hpp>, which verifies webhooks with OpenSSL), makes a real Client call through its
// transport, then runs the shipped conformance check on that transport.
// Usage: embedded <echo server origin, e.g. http://127.0.0.1:8123>
#define DIDIT_NO_CURL
#include <didit/api/billing.hpp>
#include <didit/conformance.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

// One connection per request, `Connection: close`, plain http only: the shape of a transport
// on a small device with its own network stack.
class SocketTransport {
public:
    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) {
        const auto limit = req.timeout.count() > 0 ? req.timeout : std::chrono::milliseconds(10000);
        const Clock::time_point deadline = Clock::now() + limit;

        std::string host, port, target;
        if (!split_url(req.url, host, port, target))
            return didit::make_error(didit::ErrorKind::InvalidArgument,
                                     "only http://host[:port]/path URLs: " + req.url);

        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || !found)
            return not_sent("cannot resolve " + host);
        Socket s{socket(found->ai_family, found->ai_socktype, found->ai_protocol)};
        if (s.fd < 0) {
            freeaddrinfo(found);
            return not_sent("socket() failed");
        }
        fcntl(s.fd, F_SETFL, fcntl(s.fd, F_GETFL, 0) | O_NONBLOCK);
        int rc = connect(s.fd, found->ai_addr, found->ai_addrlen);
        freeaddrinfo(found);
        if (rc != 0 && errno != EINPROGRESS) return not_sent(std::string("connect: ") + std::strerror(errno));
        if (rc != 0) {
            if (!wait_for(s.fd, POLLOUT, deadline)) return timed_out("connect");
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err != 0) return not_sent(std::string("connect: ") + std::strerror(err));
        }

        std::string out = std::string(didit::to_string(req.method)) + " " + target + " HTTP/1.1\r\nHost: " + host +
                          ":" + port + "\r\n";
        for (const auto& h : req.headers) out += h.first + ": " + h.second + "\r\n";
        if (req.method != didit::Method::Get || !req.body.empty())
            out += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n";
        out += req.body;
        for (std::size_t done = 0; done < out.size();) {
            if (!wait_for(s.fd, POLLOUT, deadline)) return timed_out("send");
            ssize_t n = ::send(s.fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                return didit::make_error(didit::ErrorKind::Transport, std::string("send: ") + std::strerror(errno));
            if (n > 0) done += static_cast<std::size_t>(n);
        }

        std::string in;
        char buf[16384];
        for (;;) {
            if (!wait_for(s.fd, POLLIN, deadline)) return timed_out("receive");
            ssize_t n = recv(s.fd, buf, sizeof buf, 0);
            if (n == 0) break;
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                return didit::make_error(didit::ErrorKind::Transport, std::string("recv: ") + std::strerror(errno));
            if (n > 0) in.append(buf, static_cast<std::size_t>(n));
        }
        return parse_response(in);
    }

    std::string name() const { return "embedded-socket/1.0"; }

private:
    struct Socket {
        int fd;
        ~Socket() {
            if (fd >= 0) close(fd);
        }
    };

    static didit::Error not_sent(std::string message) {
        didit::Error e = didit::make_error(didit::ErrorKind::Transport, std::move(message));
        e.not_sent = true;
        return e;
    }
    static didit::Error timed_out(const char* phase) {
        return didit::make_error(didit::ErrorKind::Timeout, std::string("timed out during ") + phase);
    }

    static bool wait_for(int fd, short events, Clock::time_point deadline) {
        for (;;) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            if (left <= 0) return false;
            pollfd p{fd, events, 0};
            int rc = poll(&p, 1, static_cast<int>(left));
            if (rc > 0) return true;
            if (rc == 0) return false;
            if (errno != EINTR) return true;  // let the next call report the error
        }
    }

    static bool split_url(const std::string& url, std::string& host, std::string& port, std::string& target) {
        const std::string scheme = "http://";
        if (url.compare(0, scheme.size(), scheme) != 0) return false;
        const std::size_t slash = url.find('/', scheme.size());
        const std::string authority = url.substr(scheme.size(), slash - scheme.size());
        target = slash == std::string::npos ? "/" : url.substr(slash);
        const std::size_t colon = authority.rfind(':');
        host = authority.substr(0, colon);
        port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
        return !host.empty();
    }

    static didit::Result<didit::HttpResponse> parse_response(const std::string& in) {
        auto bad = [](const char* what) { return didit::make_error(didit::ErrorKind::Transport, what); };
        const std::size_t head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos || in.compare(0, 5, "HTTP/") != 0) return bad("malformed response head");
        didit::HttpResponse r;
        const std::size_t sp = in.find(' ');
        r.status = std::atoi(in.c_str() + sp + 1);
        std::size_t pos = in.find("\r\n") + 2;
        while (pos < head_end) {
            std::size_t eol = in.find("\r\n", pos);
            std::string line = in.substr(pos, eol - pos);
            pos = eol + 2;
            std::size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::size_t v = line.find_first_not_of(' ', colon + 1);
            r.headers.add(line.substr(0, colon), v == std::string::npos ? std::string() : line.substr(v));
        }
        std::string body = in.substr(head_end + 4);
        if (didit::detail::iequals(r.headers.get("transfer-encoding"), "chunked")) {
            std::string decoded;
            std::size_t at = 0;
            for (;;) {
                std::size_t eol = body.find("\r\n", at);
                if (eol == std::string::npos) return bad("truncated chunked body");
                std::size_t size = std::strtoul(body.c_str() + at, nullptr, 16);
                if (size == 0) break;
                if (eol + 2 + size > body.size()) return bad("truncated chunked body");
                decoded.append(body, eol + 2, size);
                at = eol + 2 + size + 2;
            }
            body = std::move(decoded);
        } else if (r.headers.contains("content-length")) {
            std::size_t n = std::strtoul(r.headers.find("content-length")->c_str(), nullptr, 10);
            if (body.size() < n) return bad("connection closed before the whole body arrived");
            body.resize(n);
        }
        r.body = std::move(body);
        return r;
    }
};

// A transport that breaks the contract in known ways, to prove the check notices: it drops the
// query string, cuts response bodies at the first NUL, reports 5xx as errors and throws on PUT.
struct BrokenTransport {
    SocketTransport inner;
    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) {
        if (req.method == didit::Method::Put) throw std::runtime_error("PUT is not supported");
        didit::HttpRequest changed = req;
        changed.url = changed.url.substr(0, changed.url.find('?'));
        auto r = inner.send(changed);
        if (!r) return r;
        didit::HttpResponse resp = std::move(r).value();
        if (resp.status >= 500) return didit::make_error(didit::ErrorKind::Server, "server error");
        resp.body = resp.body.substr(0, resp.body.find('\0'));
        return resp;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: embedded <echo server origin>\n";
        return 2;
    }
    const std::string origin = argv[1];

    // 1. A real call through the custom transport, decoded by the SDK.
    didit::ClientOptions options;
    options.api_key = "sk_test_embedded_consumer";
    options.base_url = origin;
    didit::Client<SocketTransport> client(options, SocketTransport{});
    auto balance = client.billing().balance();
    if (!balance) {
        std::cerr << "consumer embedded: balance call failed: " << balance.error().to_string() << "\n";
        return 1;
    }
    if (balance->balance != "12.0000") {
        std::cerr << "consumer embedded: balance is '" << balance->balance << "', expected 12.0000\n";
        return 1;
    }

    // 2. The shipped conformance check, against the same transport.
    SocketTransport transport;
    didit::ConformanceOptions conf;
    conf.base_url = origin;
    const didit::ConformanceReport report = didit::check_transport_conformance(transport, conf);
    std::cout << report.to_string();
    if (!report.ok()) {
        std::cerr << "consumer embedded: the transport failed " << report.failed() << " conformance checks\n";
        return 1;
    }

    // 3. The check has teeth: 5 method checks (query dropped; PUT throws), the binary response
    // and the two 5xx checks must fail.
    BrokenTransport broken;
    const didit::ConformanceReport bad = didit::check_transport_conformance(broken, conf);
    if (bad.failed() != 8) {
        std::cerr << bad.to_string() << "consumer embedded: a broken transport failed " << bad.failed()
                  << " checks, expected 8\n";
        return 1;
    }
    std::cout << "consumer embedded: ok\n";
    return 0;
}
