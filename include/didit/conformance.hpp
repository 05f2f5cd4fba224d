// SPDX-License-Identifier: MIT
// check_transport_conformance: checks any transport against the Transport contract over loopback HTTP.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>
#include <didit/transport/transport.hpp>

#if DIDIT_HAS_EXCEPTIONS
#include <exception>
#endif

namespace didit {

/// Where check_transport_conformance sends its requests.
///
/// `base_url` is an echo server speaking the small protocol below; the repository ships one
/// (tests/packaging/echo_server.py, Python 3 standard library only, loopback, self-stopping),
/// and any HTTP server that answers the same way will do:
///
/// ~~~{.unparsed}
/// ANY  /echo/...        200, text/plain, one line each: "method <METHOD>", "target <raw
///                       request-target>", "header <name>: <value>" per received header, and
///                       "body <hex of the body bytes>" (nothing after "body " when empty).
/// GET  /status/<code>   that status, header "X-Conformance-Status: <code>", body
///                       "status <code>" (none for 204; 3xx also send "Location: /echo/redirected").
/// GET  /bytes/<n>       n bytes of application/octet-stream, byte i being i % 256.
/// GET  /sleep/<ms>      waits ms milliseconds, then 200 with body "slept".
/// ~~~
struct ConformanceOptions {
    /// The echo server's origin, e.g. "http://127.0.0.1:8123" (no trailing slash needed).
    std::string base_url;
    /// A URL where nothing listens: the connection must be refused. Port 1 on loopback is
    /// closed on ordinary machines; pass your own when it is not.
    std::string unreachable_url = "http://127.0.0.1:1/";
    /// Timeout put on one request to `/sleep/…` to see it honoured; zero skips that check
    /// (for transports that cannot time out a request, which the contract discourages).
    std::chrono::milliseconds timeout_probe{300};
};

/// The outcome of one check: a short name, and what was wrong when it failed.
struct ConformanceCheck {
    /// What was checked, as a sentence ("HTTP 204 comes back as a response, with an empty body").
    std::string name;
    /// True when the transport behaved as the contract says.
    bool passed = false;
    /// What went wrong, when it failed.
    std::string detail;
};

/// Every check that ran, in order. `ok()` is true when all passed.
struct ConformanceReport {
    /// Every check that ran, in order.
    std::vector<ConformanceCheck> checks;

    /// True when at least one check ran and every check passed.
    bool ok() const noexcept { return failed() == 0 && !checks.empty(); }
    /// How many checks failed.
    std::size_t failed() const noexcept {
        std::size_t n = 0;
        for (const auto& c : checks) n += c.passed ? 0 : 1;
        return n;
    }
    /// One line per check ("ok   GET …" / "FAIL GET …: detail") and a closing count.
    std::string to_string() const {
        std::string s;
        for (const auto& c : checks) {
            s += c.passed ? "ok   " : "FAIL ";
            s += c.name;
            if (!c.passed && !c.detail.empty()) {
                s += ": ";
                s += c.detail;
            }
            s += '\n';
        }
        s += std::to_string(checks.size() - failed()) + " passed, " + std::to_string(failed()) + " failed\n";
        return s;
    }
};

namespace detail {

/// What the echo server said it received.
struct EchoSeen {
    bool parsed = false;
    std::string method;
    std::string target;
    Headers headers;
    std::string body;
};

inline int conformance_hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

inline EchoSeen parse_echo(std::string_view text) {
    EchoSeen seen;
    bool have_body = false;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::size_t sp = line.find(' ');
        const std::string_view key = line.substr(0, sp);
        const std::string_view rest = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
        if (key == "method") {
            seen.method = std::string(rest);
        } else if (key == "target") {
            seen.target = std::string(rest);
        } else if (key == "header") {
            const std::size_t colon = rest.find(": ");
            if (colon == std::string_view::npos) return seen;
            seen.headers.add(std::string(rest.substr(0, colon)), std::string(rest.substr(colon + 2)));
        } else if (key == "body") {
            if (rest.size() % 2 != 0) return seen;
            for (std::size_t i = 0; i < rest.size(); i += 2) {
                const int hi = conformance_hex_digit(rest[i]);
                const int lo = conformance_hex_digit(rest[i + 1]);
                if (hi < 0 || lo < 0) return seen;
                seen.body += static_cast<char>(hi * 16 + lo);
            }
            have_body = true;
        }
    }
    seen.parsed = !seen.method.empty() && !seen.target.empty() && have_body;
    return seen;
}

/// n bytes, byte i being i % 256: every byte value, NUL included.
inline std::string conformance_bytes(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(static_cast<unsigned char>(i % 256));
    return s;
}

/// The first differing offset of two byte strings, for a readable failure.
inline std::string first_difference(const std::string& want, const std::string& got) {
    if (want.size() != got.size())
        return "sent " + std::to_string(want.size()) + " bytes, got " + std::to_string(got.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        if (want[i] != got[i]) return "bytes differ at offset " + std::to_string(i);
    return std::string();
}

template <class T>
class ConformanceRun {
public:
    ConformanceRun(T& transport, const ConformanceOptions& options) : t_(transport), o_(options) {
        while (!o_.base_url.empty() && o_.base_url.back() == '/') o_.base_url.pop_back();
    }

    ConformanceReport run() {
        for (Method m : {Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete}) check_method(m);
        check_binary_request();
        check_binary_response();
        for (int status : {200, 201, 204, 302, 400, 401, 404, 429, 500, 503}) check_status(status);
        check_unreachable();
        if (o_.timeout_probe.count() > 0) check_timeout();
        check_usable_after_errors();
        return std::move(report_);
    }

private:
    void add(std::string name, std::string problem) {
        const bool passed = problem.empty();
        report_.checks.push_back(ConformanceCheck{std::move(name), passed, std::move(problem)});
    }

    /// Sends once; a thrown exception becomes `threw` (the contract says send never throws).
    Result<HttpResponse> send(const HttpRequest& req, std::string& threw) {
#if DIDIT_HAS_EXCEPTIONS
        try {
            return t_.send(req);
        } catch (const std::exception& e) {
            threw = std::string("send threw: ") + e.what();
        } catch (...) {
            threw = "send threw a non-standard exception";
        }
        return make_error(ErrorKind::Transport, threw);
#else
        (void)threw;
        return t_.send(req);
#endif
    }

    /// Sends `req` and returns what the echo server saw, or sets `problem`.
    EchoSeen echo(const HttpRequest& req, std::string& problem) {
        std::string threw;
        auto r = send(req, threw);
        if (!threw.empty()) {
            problem = threw;
            return EchoSeen{};
        }
        if (!r.ok()) {
            problem = "send failed: " + r.error().to_string();
            return EchoSeen{};
        }
        if (r.value().status != 200) {
            problem = "echo answered HTTP " + std::to_string(r.value().status) + ", expected 200";
            return EchoSeen{};
        }
        EchoSeen seen = parse_echo(r.value().body);
        if (!seen.parsed)
            problem = "the echo reply did not arrive intact (" + std::to_string(r.value().body.size()) +
                      " bytes); is base_url an echo server?";
        return seen;
    }

    void check_method(Method m) {
        const std::string_view token = to_string(m);
        // Spaces, a percent-encoded slash, an empty value, UTF-8 and a repeated key: the
        // target must reach the server byte for byte, not re-encoded or reordered.
        const std::string target =
            "/echo/conformance/" + std::string(token) + "/a%20b/?q=x%2Fy&empty=&utf8=%C3%A9&dup=1&dup=2";
        HttpRequest req;
        req.method = m;
        req.url = o_.base_url + target;
        req.headers.set("Accept", "application/json");
        req.headers.set("X-Conformance-Token", "Abc 123 ;=/,\"q\"");
        req.headers.add("X-Conformance-Repeat", "one");
        const bool has_body = m != Method::Get;
        if (has_body) {
            req.headers.set("Content-Type", "application/json");
            req.body = "{\"method\":\"" + std::string(token) + "\",\"text\":\"h\xC3\xA9llo \xE2\x9C\x93\"}";
        }
        const std::string name =
            std::string(token) + " reaches the server with method, target, headers and body intact";
        std::string problem;
        EchoSeen seen = echo(req, problem);
        if (problem.empty() && seen.method != token)
            problem = "server saw method '" + seen.method + "', sent " + std::string(token);
        if (problem.empty() && seen.target != target)
            problem = "server saw target '" + seen.target + "', sent '" + target + "'";
        if (problem.empty()) {
            for (const auto& h : req.headers) {
                const std::string* got = seen.headers.find(h.first);
                if (!got) {
                    problem = "header " + h.first + " did not arrive";
                    break;
                }
                if (*got != h.second) {
                    problem = "header " + h.first + " arrived as '" + *got + "', sent '" + h.second + "'";
                    break;
                }
            }
        }
        if (problem.empty() && seen.body != req.body) problem = "body: " + first_difference(req.body, seen.body);
        add(name, problem);
    }

    void check_binary_request() {
        HttpRequest req;
        req.method = Method::Post;
        req.url = o_.base_url + "/echo/binary";
        req.headers.set("Content-Type", "application/octet-stream");
        req.body = conformance_bytes(4096);
        std::string problem;
        EchoSeen seen = echo(req, problem);
        if (problem.empty() && seen.body != req.body) problem = first_difference(req.body, seen.body);
        add("a binary request body (every byte value, NUL included) arrives intact", problem);
    }

    void check_binary_response() {
        constexpr std::size_t n = 256 * 1024;
        HttpRequest req;
        req.url = o_.base_url + "/bytes/" + std::to_string(n);
        std::string threw;
        auto r = send(req, threw);
        std::string problem = threw;
        if (problem.empty() && !r.ok()) problem = "send failed: " + r.error().to_string();
        if (problem.empty() && r.value().status != 200)
            problem = "HTTP " + std::to_string(r.value().status) + ", expected 200";
        if (problem.empty()) problem = first_difference(conformance_bytes(n), r.value().body);
        add("a binary response body of 256 KiB arrives intact", problem);
    }

    void check_status(int status) {
        const std::string code = std::to_string(status);
        HttpRequest req;
        req.url = o_.base_url + "/status/" + code;
        std::string threw;
        auto r = send(req, threw);
        std::string problem = threw;
        if (problem.empty() && !r.ok())
            problem = "came back as an error (" + r.error().to_string() + "); any status is a response";
        if (problem.empty() && r.value().status != status)
            problem = "status " + std::to_string(r.value().status) +
                      (status / 100 == 3 ? " (a redirect must not be followed)" : "");
        if (problem.empty()) {
            const HttpResponse& resp = r.value();
            if (resp.headers.get("x-conformance-status") != code || resp.headers.get("X-CONFORMANCE-STATUS") != code)
                problem = "response header X-Conformance-Status not found case-insensitively";
            else if (status == 204 && !resp.body.empty())
                problem = "a 204 reply came with a " + std::to_string(resp.body.size()) + "-byte body";
            else if (status != 204 && resp.body != "status " + code)
                problem = "body '" + resp.body + "', expected 'status " + code + "'";
            else if (status / 100 == 3 && !resp.headers.contains("location"))
                problem = "the Location header of the redirect is missing";
        }
        std::string name = "HTTP " + code + " comes back as a response";
        if (status == 204) name += ", with an empty body";
        if (status / 100 == 3) name += ", not followed";
        if (status == 200) name += ", headers readable in any case";
        add(name, problem);
    }

    void check_unreachable() {
        HttpRequest req;
        req.url = o_.unreachable_url;
        std::string threw;
        auto r = send(req, threw);
        std::string problem = threw;
        if (problem.empty() && r.ok())
            problem = "got HTTP " + std::to_string(r.value().status) + " from " + o_.unreachable_url +
                      "; is something listening there?";
        if (problem.empty() && r.error().kind != ErrorKind::Transport)
            problem = "error kind '" + std::string(to_string(r.error().kind)) + "', expected 'transport error'";
        if (problem.empty() && !r.error().not_sent)
            problem =
                "Error::not_sent is false; a refused connection sent nothing, and saying so lets the "
                "client retry any call safely";
        add("a refused connection is a Transport error with not_sent set, not a throw or a crash", problem);
    }

    void check_timeout() {
        const auto limit = o_.timeout_probe;
        HttpRequest req;
        req.url = o_.base_url + "/sleep/" + std::to_string(limit.count() * 10);
        req.timeout = limit;
        std::string threw;
        const auto start = std::chrono::steady_clock::now();
        auto r = send(req, threw);
        const auto took =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        std::string problem = threw;
        if (problem.empty() && r.ok()) problem = "the request outlived HttpRequest::timeout and succeeded";
        if (problem.empty() && r.error().kind != ErrorKind::Timeout)
            problem = "error kind '" + std::string(to_string(r.error().kind)) + "', expected 'timeout'";
        if (problem.empty() && took > limit * 5)
            problem = "gave up after " + std::to_string(took.count()) + " ms for a " + std::to_string(limit.count()) +
                      " ms timeout";
        add("HttpRequest::timeout is honoured (a Timeout error)", problem);
    }

    void check_usable_after_errors() {
        HttpRequest req;
        req.url = o_.base_url + "/status/200";
        std::string threw;
        auto r = send(req, threw);
        std::string problem = threw;
        if (problem.empty() && !r.ok()) problem = "send failed: " + r.error().to_string();
        if (problem.empty() && r.value().status != 200) problem = "HTTP " + std::to_string(r.value().status);
        add("the transport still works after those errors", problem);
    }

    T& t_;
    ConformanceOptions o_;
    ConformanceReport report_;
};

}  // namespace detail

/// Runs the transport contract's checks against `transport`, talking to the echo server at
/// `options.base_url` (see ConformanceOptions). Every HTTP method reaches the server with its
/// target, headers and body intact; any status, 2xx to 5xx and redirects, is a response, not an
/// error; response headers are found in any case; a 204 has an empty body; binary bodies keep
/// every byte; a refused connection is a Transport error with `not_sent`; a request's timeout is
/// honoured; nothing throws. Framework-free: print `to_string()` and exit on `ok()`.
///
///   MyTransport t;
///   auto report = didit::check_transport_conformance(t, {"http://127.0.0.1:8123"});
///   std::cout << report.to_string();
///   return report.ok() ? 0 : 1;
template <class T>
ConformanceReport check_transport_conformance(T& transport, const ConformanceOptions& options) {
    static_assert(is_transport_v<T>,
                  "check_transport_conformance: T needs `didit::Result<didit::HttpResponse> "
                  "send(const didit::HttpRequest&)`");
    return detail::ConformanceRun<T>(transport, options).run();
}

}  // namespace didit
