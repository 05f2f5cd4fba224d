// SPDX-License-Identifier: MIT
// The non-template heart of Client: options, request assembly and reply triage, compiled once.
#pragma once

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <didit/detail/config.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/detail/json.hpp>
#include <didit/detail/url.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/policy.hpp>
#include <didit/result.hpp>
#include <didit/version.hpp>

namespace didit {

/// The verification API's origin; route paths carry `/v3/…`.
inline constexpr std::string_view default_base_url = "https://verification.didit.me";
/// The account API's base; route paths are relative to it (`/programmatic/register/`).
inline constexpr std::string_view default_auth_base_url = "https://apx.didit.me/auth/v2";

/// Client configuration. Empty fields are filled from the environment when the client is
/// built: `api_key` from DIDIT_API_KEY, `access_token` from DIDIT_ACCESS_TOKEN, `base_url`
/// from DIDIT_BASE_URL, `auth_base_url` from DIDIT_AUTH_BASE_URL, else the real hosts.
struct ClientOptions {
    /// Sent as `x-api-key` to the verification API, never to the account API.
    std::string api_key;
    /// Sent as `Authorization: Bearer …` to the account API, never to the verification API.
    std::string access_token;
    /// Origin of the verification API (default https://verification.didit.me).
    std::string base_url;
    /// Base of the account API (default https://apx.didit.me/auth/v2).
    std::string auth_base_url;
    /// Added to every request. Credentials do not belong here (such calls fail with
    /// InvalidArgument): use api_key / access_token so each goes only to its own host.
    Headers default_headers;
    /// Appended to the User-Agent: `didit-cpp/0.1.0 (curl/7.88.1; <suffix>)`.
    std::string user_agent_suffix;
    /// Time allowed per attempt (default 60 s). Routes that need longer (PDF generation:
    /// 120 s) use their own default; CallOptions::timeout overrides both.
    std::chrono::milliseconds timeout{60000};
    /// Overall limit for one call, covering every attempt and every wait (default 5 min).
    std::chrono::milliseconds deadline{300000};
    /// Retries: 2 by default, on connection failures, 408, 429, 500, 502, 503, 504.
    RetryPolicy retry;
    /// Client-side rate shaping with the documented limits; set false to turn it off.
    bool rate_limit = true;
    /// A limiter of your own (e.g. shared across processes); used when rate_limit is true.
    std::shared_ptr<RateLimiter> rate_limiter;
    /// Receives one LogEvent per attempt (never credentials, bodies or parameter values).
    std::function<void(const LogEvent&)> logger;
    /// Plain http:// base URLs are refused unless the host is loopback or this is true.
    bool allow_insecure_http = false;
    /// Waits between attempts; replaceable so tests need not sleep.
    std::function<void(std::chrono::milliseconds)> sleep;
};

namespace detail {
/// `url` with any `user:password@` in its authority replaced by `***@`, for printing.
DIDIT_INLINE std::string without_userinfo(std::string_view url);
}  // namespace detail

/// ClientOptions as text for logs and diagnostics, with every credential masked.
DIDIT_INLINE std::string to_string(const ClientOptions& o);

/// Per-call settings that override the client's.
struct CallOptions {
    /// Time allowed for this call's attempt; zero keeps the client's setting.
    std::chrono::milliseconds timeout{0};
    /// Extra headers for this call only (credentials are refused, as in default_headers).
    Headers headers;
    /// Overrides RetryPolicy::max_retries for this call (0: a single attempt).
    std::optional<int> max_retries;
    /// Overrides ClientOptions::deadline for this call.
    std::optional<std::chrono::milliseconds> deadline;
};

namespace detail {

/// The options of a call that passes none: one object, shared by every route.
DIDIT_INLINE const CallOptions& default_call_options();

/// A route descriptor reduced to plain values, so the core below is compiled only once.
struct RouteView {
    Method method;
    Host host;
    Auth auth;
    std::string_view path;
    std::string_view name;
    bool uuid_params;
    bool retry_safe;
    /// A route-specific rate bucket on top of the method's ("pdf", "session-create"…), or "".
    std::string_view rate_bucket;
};

template <class P, class = void>
struct path_has_uuids : std::false_type {};
template <class P>
struct path_has_uuids<P, std::enable_if_t<P::uuid_params>> : std::true_type {};

template <class E, class = void>
struct route_rate_bucket {
    static constexpr std::string_view value{};
};
template <class E>
struct route_rate_bucket<E, std::void_t<decltype(E::rate_bucket)>> {
    static constexpr std::string_view value = E::rate_bucket;
};

/// Routes whose retry safety depends on the request (e.g. a session create with
/// vendor_data, which the server de-duplicates) specialise this next to their descriptor.
template <class E, class = void>
struct retry_safe_request {
    template <class B>
    static bool check(const B&) {
        return false;
    }
};

template <class E>
constexpr RouteView route_view() {
    return RouteView{E::method,     E::host,
                     E::auth,       E::path,
                     E::name,       path_has_uuids<typename E::path_params>::value,
                     E::retry_safe, route_rate_bucket<E>::value};
}

template <class E, class = void>
struct has_route_timeout : std::false_type {};
template <class E>
struct has_route_timeout<E, std::void_t<decltype(E::timeout)>> : std::true_type {};

/// A route's own default time limit (e.g. PDF generation), else zero.
template <class E>
constexpr std::chrono::milliseconds route_timeout() {
    if constexpr (has_route_timeout<E>::value)
        return std::chrono::duration_cast<std::chrono::milliseconds>(E::timeout);
    else
        return std::chrono::milliseconds(0);
}

DIDIT_INLINE std::string env_or(const char* name, std::string_view fallback);

/// Header names that carry credentials: the standard ones, and any name that says it holds a
/// secret, token, password or key (`X-Webhook-Secret`, `X-Auth-Token`, `X-Api-Key`...).
DIDIT_INLINE bool is_credential_header(std::string_view name);

/// True when a string anywhere in `j` (keys included) holds CR, LF or NUL.
DIDIT_INLINE bool json_has_forbidden_control(const Json& j);

/// Everything of a Client that does not depend on a route's types.
class ClientCore {
public:
    explicit ClientCore(ClientOptions o);

    const ClientOptions& options() const noexcept { return options_; }
    void set_api_key(std::string key) { options_.api_key = std::move(key); }
    void set_access_token(std::string token) { options_.access_token = std::move(token); }
    /// Names the transport in the User-Agent: "didit-cpp/<version> (<transport>[; <suffix>])".
    /// Client calls it once, at construction.
    void set_transport_name(std::string_view transport);

    /// Assembles the HTTP request for a route. `body` and `query` are already-encoded models
    /// (nullptr when the route has none). The attempt timeout is the call's, else the route's
    /// own default (`route_default`, 0 for none), else the client's. Fails with InvalidArgument
    /// before anything is sent.
    Result<HttpRequest> prepare(const RouteView& route, const std::string_view* names, const std::string_view* values,
                                std::size_t n, const Json* body, const Json* query, const CallOptions& call,
                                std::chrono::milliseconds route_default) const;

    using SendFn = Result<HttpResponse> (*)(void* transport, const HttpRequest&);

    /// What a call's attempts came to: the final response (any status) or Error, and how
    /// many attempts were made.
    struct Outcome {
        Result<HttpResponse> response;
        int attempts;
    };

    /// Sends `req` with retries, backoff, rate shaping and the call's deadline.
    /// `idempotent`: repeating is harmless (GET, DELETE, routes marked retry-safe, or a
    /// request the route says is safe, such as a session create with vendor_data). Other
    /// requests are repeated only when they certainly never reached the server (connection
    /// refused) or were refused unprocessed (429); otherwise a failure whose outcome the
    /// server never told us becomes ErrorKind::OutcomeUnknown.
    Outcome execute(const RouteView& route, HttpRequest& req, const CallOptions& call, bool idempotent, void* transport,
                    SendFn send) const;

    /// One call with its types erased: what Client::call_impl hands the core.
    struct CallSpec {
        RouteView route;
        const std::string_view* names;
        const std::string_view* values;
        std::size_t n;
        const Json* body;   ///< the encoded request body, or nullptr
        const Json* query;  ///< the encoded query, or nullptr
        bool idempotent;
        std::chrono::milliseconds route_timeout;  ///< the route's own default (0: none)
    };

    /// prepare() then execute(): the final response (any status) or the Error, whose attempt
    /// count is set; a request that cannot be built names the route and is marked not sent.
    Outcome run(const CallSpec& spec, const CallOptions& call, void* transport, SendFn send) const;

    /// Splits a response into "JSON to decode" or the Error it stands for (with the attempt
    /// count). An empty 2xx body becomes JSON null, so replies that allow it (deletes) decode
    /// and others report it.
    static Result<Json> triage(const HttpResponse& r, int attempts);

    /// The Error a non-2xx response stands for, with the attempt count.
    static Error http_error(const HttpResponse& r, int attempts);

    /// A request part that could not be encoded: "<route> <part>: <why>", not sent.
    static Error not_sent(std::string_view route_name, const char* part, Error e);

    /// A 2xx reply that did not decode: names the route, keeps the status, request id and
    /// attempt count, never the body (a success reply may hold credentials, as verify-email's does).
    static Error reply_error(Error e, std::string_view route_name, const HttpResponse& r, int attempts,
                             bool empty_body);

private:
    Outcome attempt_all(const RouteView& route, HttpRequest& req, const CallOptions& call, bool idempotent,
                        void* transport, SendFn send, std::chrono::steady_clock::time_point start) const;

public:
    /// The URL as logged: base + path template + query keys, with no parameter values (and no
    /// user:password@ from the base URL).
    std::string log_url_of(const RouteView& route, const std::string& url) const;

private:
    /// True for `127.a.b.c` written as a plain dotted-decimal IPv4 address.
    static bool is_loopback_ipv4(std::string_view host);

    static std::optional<std::string> check_base_url(const std::string& base, bool allow_insecure);

    static Error deadline_error(const RouteView& route, int attempts);

    static Error outcome_unknown(const RouteView& route, Result<HttpResponse> sent, int attempts);

    void log(LogEvent::Phase phase, const RouteView& route, const std::string& url, int attempt, int status,
             std::chrono::milliseconds duration, std::string request_id, std::optional<ErrorKind> error,
             std::string message) const;

    ClientOptions options_;
    std::optional<std::string> base_url_error_;       ///< why options_.base_url is unusable, if it is
    std::optional<std::string> auth_base_url_error_;  ///< the same for options_.auth_base_url
    std::string user_agent_;
};

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE const CallOptions& default_call_options() {
    static const CallOptions none;
    return none;
}

DIDIT_INLINE std::string without_userinfo(std::string_view url) {
    std::size_t scheme = url.find("://");
    std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
    std::size_t end = url.find_first_of("/?#", start);
    std::string_view authority =
        url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::size_t at = authority.rfind('@');
    if (at == std::string_view::npos) return std::string(url);
    return std::string(url.substr(0, start)) + "***" + std::string(url.substr(start + at));
}

}  // namespace detail

DIDIT_INLINE std::string to_string(const ClientOptions& o) {
    auto mask = [](const std::string& s) { return s.empty() ? std::string("(none)") : std::string("(set, masked)"); };
    std::string out = "ClientOptions{api_key=" + mask(o.api_key) + ", access_token=" + mask(o.access_token) +
                      ", base_url=" + detail::without_userinfo(o.base_url) +
                      ", auth_base_url=" + detail::without_userinfo(o.auth_base_url) + ", default_headers=[";
    bool first = true;
    for (const auto& h : o.default_headers) {
        if (!first) out += ", ";
        first = false;
        out += h.first;
    }
    out += "], timeout_ms=" + std::to_string(o.timeout.count()) +
           ", deadline_ms=" + std::to_string(o.deadline.count()) +
           ", max_retries=" + std::to_string(o.retry.max_retries) + ", rate_limit=" + (o.rate_limit ? "on" : "off") +
           ", allow_insecure_http=" + (o.allow_insecure_http ? "true" : "false") + "}";
    return out;
}

namespace detail {

DIDIT_INLINE std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return (v && *v) ? std::string(v) : std::string(fallback);
}

DIDIT_INLINE bool is_credential_header(std::string_view name) {
    if (iequals(name, "authorization") || iequals(name, "x-api-key") || iequals(name, "cookie") ||
        iequals(name, "proxy-authorization"))
        return true;
    std::string lower(name);
    for (char& c : lower) c = ascii_lower(c);
    for (std::string_view word : {"secret", "token", "password", "passwd", "apikey", "api-key", "api_key",
                                  "authorization", "cookie", "x-auth", "credential"})
        if (lower.find(word) != std::string::npos) return true;
    return false;
}

DIDIT_INLINE bool json_has_forbidden_control(const Json& j) {
    if (j.is_string()) return has_forbidden_control(j.get_ref<const std::string&>());
    if (j.is_array()) {
        for (const auto& e : j)
            if (json_has_forbidden_control(e)) return true;
    } else if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            if (has_forbidden_control(it.key()) || json_has_forbidden_control(it.value())) return true;
    }
    return false;
}

DIDIT_INLINE ClientCore::ClientCore(ClientOptions o) : options_(std::move(o)) {
    if (options_.api_key.empty()) options_.api_key = env_or("DIDIT_API_KEY", "");
    if (options_.access_token.empty()) options_.access_token = env_or("DIDIT_ACCESS_TOKEN", "");
    if (options_.base_url.empty()) options_.base_url = env_or("DIDIT_BASE_URL", default_base_url);
    if (options_.auth_base_url.empty()) options_.auth_base_url = env_or("DIDIT_AUTH_BASE_URL", default_auth_base_url);
    if (options_.rate_limit && !options_.rate_limiter)
        options_.rate_limiter =
            std::make_shared<TokenBucketLimiter>(TokenBucketLimiter::documented_limits(), options_.sleep);
    // The base URLs cannot change after construction: checked once, reported on each call.
    base_url_error_ = check_base_url(options_.base_url, options_.allow_insecure_http);
    auth_base_url_error_ = check_base_url(options_.auth_base_url, options_.allow_insecure_http);
    set_transport_name("custom");
}

DIDIT_INLINE void ClientCore::set_transport_name(std::string_view transport) {
    std::string ua = "didit-cpp/" DIDIT_VERSION_STRING " (";
    ua += transport;
    if (!options_.user_agent_suffix.empty()) {
        ua += "; ";
        ua += options_.user_agent_suffix;
    }
    ua += ')';
    user_agent_ = std::move(ua);
}

DIDIT_INLINE Result<HttpRequest> ClientCore::prepare(const RouteView& route, const std::string_view* names,
                                                     const std::string_view* values, std::size_t n, const Json* body,
                                                     const Json* query, const CallOptions& call,
                                                     std::chrono::milliseconds route_default) const {
    auto path = expand_path(route.path, names, values, n, route.uuid_params);
    if (!path.ok()) return path.error();
    HttpRequest req;
    req.method = route.method;
    const std::string& base = route.host == Host::Account ? options_.auth_base_url : options_.base_url;
    if (const auto& bad = route.host == Host::Account ? auth_base_url_error_ : base_url_error_)
        return make_error(ErrorKind::InvalidArgument, *bad);
    req.url = join_url(base, path.value());
    if (query) {
        // Checked before percent-encoding, which would otherwise turn them into %0D%0A.
        if (json_has_forbidden_control(*query))
            return make_error(ErrorKind::InvalidArgument, "a query parameter contains CR, LF or NUL");
        auto q = build_query(*query);
        if (!q.ok()) return q.error();
        if (!q.value().empty()) {
            req.url += '?';
            req.url += q.value();
        }
    }

    for (const Headers* extra : {&options_.default_headers, &call.headers}) {
        for (const auto& f : *extra) {
            if (is_credential_header(f.first))
                return make_error(ErrorKind::InvalidArgument,
                                  "header `" + f.first +
                                      "` carries credentials; set ClientOptions::api_key or access_token "
                                      "instead, so each credential goes only to its own host");
            req.headers.set(f.first, f.second);
        }
    }
    req.headers.set("User-Agent", user_agent_);
    if (!req.headers.contains("accept")) req.headers.set("Accept", "application/json");

    switch (route.auth) {
        case Auth::None: break;
        case Auth::ApiKey:
            if (options_.api_key.empty())
                return make_error(
                    ErrorKind::InvalidArgument,
                    std::string(route.name) + " needs an API key: set ClientOptions::api_key or DIDIT_API_KEY");
            req.headers.set("x-api-key", options_.api_key);
            break;
        case Auth::Bearer:
            if (options_.access_token.empty())
                return make_error(ErrorKind::InvalidArgument,
                                  std::string(route.name) +
                                      " needs an account access token: log in or verify the email first, "
                                      "then set ClientOptions::access_token");
            req.headers.set("Authorization", "Bearer " + options_.access_token);
            break;
    }
    // DELETE bodies are optional (session delete): an empty object is simply not sent.
    if (body && !(route.method == Method::Delete && body->is_object() && body->empty())) {
        req.body = dump_json(*body);
        req.headers.set("Content-Type", "application/json");
    }
    for (const auto& f : req.headers)
        if (has_forbidden_control(f.first) || has_forbidden_control(f.second))
            return make_error(ErrorKind::InvalidArgument,
                              "header `" + (is_credential_header(f.first) ? std::string("credential") : f.first) +
                                  "` contains CR, LF or NUL");
    req.timeout = call.timeout.count() > 0    ? call.timeout
                  : route_default.count() > 0 ? route_default
                                              : options_.timeout;
    return req;
}

DIDIT_INLINE Result<Json> ClientCore::triage(const HttpResponse& r, int attempts) {
    if (r.status < 200 || r.status > 299) return http_error(r, attempts);
    std::string_view body(r.body);
    while (!body.empty() &&
           (body.front() == ' ' || body.front() == '\n' || body.front() == '\r' || body.front() == '\t'))
        body.remove_prefix(1);
    if (body.empty()) return Json();
    Json j = parse_json_text(body);
    if (j.is_discarded()) {
        Error e = make_error(ErrorKind::Decode, "HTTP " + std::to_string(r.status) + " reply is not valid JSON");
        e.status = r.status;
        e.request_id = request_id_of(r.headers);
        e.attempts = attempts;
        return e;
    }
    return j;
}

DIDIT_INLINE ClientCore::Outcome ClientCore::execute(const RouteView& route, HttpRequest& req, const CallOptions& call,
                                                     bool idempotent, void* transport, SendFn send) const {
    const auto start = std::chrono::steady_clock::now();
    Outcome out = attempt_all(route, req, call, idempotent, transport, send, start);
    if (options_.logger) {
        // One summary per call: the final status or error kind, the attempts, the total time.
        int status = 0;
        std::optional<ErrorKind> kind;
        std::string message, request_id;
        if (out.response.ok()) {
            status = out.response.value().status;
            request_id = request_id_of(out.response.value().headers);
            if (status < 200 || status > 299) kind = error_kind_for_status(status);
        } else {
            status = out.response.error().status;
            kind = out.response.error().kind;
            message = out.response.error().message;
        }
        log(LogEvent::Phase::Done, route, log_url_of(route, req.url), out.attempts, status,
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start),
            std::move(request_id), kind, std::move(message));
    }
    return out;
}

DIDIT_INLINE ClientCore::Outcome ClientCore::attempt_all(const RouteView& route, HttpRequest& req,
                                                         const CallOptions& call, bool idempotent, void* transport,
                                                         SendFn send,
                                                         std::chrono::steady_clock::time_point start) const {
    using clock = std::chrono::steady_clock;
    const auto deadline = start + call.deadline.value_or(options_.deadline);
    const int max_retries = (std::max)(0, call.max_retries.value_or(options_.retry.max_retries));
    const std::chrono::milliseconds per_attempt = req.timeout;
    // Built only when someone listens: most clients have no logger.
    const std::string log_url = options_.logger ? log_url_of(route, req.url) : std::string();
    const std::string_view method_bucket = route.method == Method::Get ? "get" : "write";

    // The previous attempt's result: what a retry that cannot happen returns instead.
    std::optional<Result<HttpResponse>> last;
    for (int attempt = 1;; ++attempt) {
        if (options_.rate_limit && options_.rate_limiter) {
            bool ok = options_.rate_limiter->acquire(method_bucket, deadline) &&
                      (route.rate_bucket.empty() || options_.rate_limiter->acquire(route.rate_bucket, deadline));
            if (!ok) {
                if (last) return {std::move(*last), attempt - 1};
                Error e = make_error(ErrorKind::RateLimited, "client-side rate limit: the next request slot for " +
                                                                 std::string(route.name) +
                                                                 " is past the call's deadline (nothing was sent)");
                e.not_sent = true;
                return {std::move(e), 0};
            }
        }
        auto now = clock::now();
        if (now >= deadline) {
            if (last) return {std::move(*last), attempt - 1};
            return {deadline_error(route, 0), 0};
        }
        auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
        req.timeout = (per_attempt.count() > 0 && per_attempt < remaining) ? per_attempt : remaining;
        if (req.timeout.count() <= 0) req.timeout = std::chrono::milliseconds(1);

        auto sent = send(transport, req);
        auto took = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - now);

        // Decide: done, or retry after how long.
        std::optional<std::chrono::milliseconds> hint;
        bool retry = false;
        bool unknown = false;
        std::string why;
        if (sent.ok()) {
            const HttpResponse& r = sent.value();
            if (options_.logger)
                log(LogEvent::Phase::Attempt, route, log_url, attempt, r.status, took, request_id_of(r.headers),
                    std::nullopt, {});
            if (retryable_status(r.status)) {
                why = "HTTP " + std::to_string(r.status);
                if (idempotent || r.status == 429)
                    retry = true;
                else
                    unknown = true;
                hint = server_wait_hint(r.headers, unix_now());
            }
        } else {
            const Error& e = sent.error();
            if (options_.logger)
                log(LogEvent::Phase::Attempt, route, log_url, attempt, e.status, took, {}, e.kind, e.message);
            // A transport error that carries a status came after the server answered (e.g.
            // a body over the size cap): repeating would get the same answer.
            if ((e.kind == ErrorKind::Transport || e.kind == ErrorKind::Timeout) && e.status == 0) {
                why = e.message;
                if (idempotent || e.not_sent)
                    retry = true;
                else
                    unknown = true;
            }
        }
        if (unknown) return {outcome_unknown(route, std::move(sent), attempt), attempt};
        if (!retry || attempt > max_retries) return {std::move(sent), attempt};

        std::chrono::milliseconds wait = backoff_delay(options_.retry, attempt, jitter_bits());
        if (hint && *hint <= options_.retry.max_retry_after) wait = (std::max)(*hint, std::chrono::milliseconds(0));
        if (clock::now() + wait >= deadline) return {std::move(sent), attempt};  // waiting would pass the deadline
        if (options_.logger)
            log(LogEvent::Phase::Retry, route, log_url, attempt, sent.ok() ? sent.value().status : 0, wait, {},
                std::nullopt, "retrying after " + why);
        if (options_.sleep)
            options_.sleep(wait);
        else
            std::this_thread::sleep_for(wait);
        last.emplace(std::move(sent));
    }
}

DIDIT_INLINE std::string ClientCore::log_url_of(const RouteView& route, const std::string& url) const {
    std::string out = join_url(
        without_userinfo(route.host == Host::Account ? options_.auth_base_url : options_.base_url), route.path);
    std::size_t q = url.find('?');
    if (q == std::string::npos) return out;
    std::string_view query = std::string_view(url).substr(q + 1);
    char sep = '?';
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        out += sep;
        sep = '&';
        out += std::string(pair.substr(0, pair.find('=')));
        out += "=...";
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return out;
}

DIDIT_INLINE bool ClientCore::is_loopback_ipv4(std::string_view host) {
    int parts = 0;
    while (true) {
        std::size_t dot = host.find('.');
        std::string_view part = host.substr(0, dot);
        if (part.empty() || part.size() > 3) return false;
        int v = 0;
        for (char c : part) {
            if (c < '0' || c > '9') return false;
            v = v * 10 + (c - '0');
        }
        if (v > 255 || (parts == 0 && v != 127)) return false;
        ++parts;
        if (dot == std::string_view::npos) break;
        host.remove_prefix(dot + 1);
    }
    return parts == 4;
}

DIDIT_INLINE std::optional<std::string> ClientCore::check_base_url(const std::string& base, bool allow_insecure) {
    const std::string shown = without_userinfo(base);
    if (base.rfind("https://", 0) == 0) return std::nullopt;
    if (base.rfind("http://", 0) != 0)
        return "base URL must start with https:// (or http:// for a loopback test server): " + shown;
    if (allow_insecure) return std::nullopt;
    std::string_view rest = std::string_view(base).substr(7);
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    // `http://127.0.0.1@evil.example/` and `http://localhost:80@evil.example/` go to
    // evil.example: a user part makes the host check meaningless, so it is refused.
    std::string_view host = authority;
    if (authority.find('@') != std::string_view::npos) {
        host = {};
    } else if (!host.empty() && host.front() == '[') {
        std::size_t close = host.find(']');
        std::string_view after = close == std::string_view::npos ? std::string_view("x") : host.substr(close + 1);
        host = (after.empty() || after.front() == ':') ? host.substr(0, close + 1) : std::string_view();
    } else {
        host = host.substr(0, host.find(':'));
    }
    if (iequals(host, "localhost") || host == "[::1]" || is_loopback_ipv4(host)) return std::nullopt;
    return "plain http:// is only allowed for loopback hosts (set ClientOptions::allow_insecure_http to "
           "override): " +
           shown;
}

DIDIT_INLINE Error ClientCore::deadline_error(const RouteView& route, int attempts) {
    Error e = make_error(ErrorKind::Timeout, std::string(route.name) + ": the call's deadline passed");
    e.not_sent = attempts == 0;
    e.attempts = attempts;
    return e;
}

DIDIT_INLINE Error ClientCore::outcome_unknown(const RouteView& route, Result<HttpResponse> sent, int attempts) {
    Error e;
    if (sent.ok()) {
        e = error_from_response(sent.value());
    } else {
        e = std::move(sent).error();
    }
    std::string cause = e.message.empty() ? std::string(to_string(e.kind)) : e.message;
    e.kind = ErrorKind::OutcomeUnknown;
    e.not_sent = false;
    e.attempts = attempts;
    e.message = std::string(route.name) + " may or may not have been applied (" + cause +
                "); it was not repeated because it is not idempotent. Check the server's state before "
                "retrying (for a session, list sessions by vendor_data).";
    return e;
}

DIDIT_INLINE void ClientCore::log(LogEvent::Phase phase, const RouteView& route, const std::string& url, int attempt,
                                  int status, std::chrono::milliseconds duration, std::string request_id,
                                  std::optional<ErrorKind> error, std::string message) const {
    if (!options_.logger) return;
    LogEvent ev;
    ev.phase = phase;
    ev.route = route.name;
    ev.method = route.method;
    ev.url = url;
    ev.attempt = attempt;
    ev.status = status;
    ev.duration = duration;
    ev.request_id = std::move(request_id);
    ev.error = error;
    ev.message = std::move(message);
    options_.logger(ev);
}

DIDIT_INLINE ClientCore::Outcome ClientCore::run(const CallSpec& spec, const CallOptions& call, void* transport,
                                                 SendFn send) const {
    auto req = prepare(spec.route, spec.names, spec.values, spec.n, spec.body, spec.query, call, spec.route_timeout);
    if (!req.ok()) return Outcome{not_sent(spec.route.name, nullptr, std::move(req).error()), 0};
    Outcome out = execute(spec.route, req.value(), call, spec.idempotent, transport, send);
    if (!out.response.ok()) {
        Error e = std::move(out.response).error();
        e.attempts = out.attempts;
        out.response = std::move(e);
    }
    return out;
}

DIDIT_INLINE Error ClientCore::http_error(const HttpResponse& r, int attempts) {
    Error e = error_from_response(r);
    e.attempts = attempts;
    return e;
}

DIDIT_INLINE Error ClientCore::not_sent(std::string_view route_name, const char* part, Error e) {
    std::string prefix(route_name);
    if (part) prefix.append(" ").append(part);
    e.message = prefix + ": " + e.message;
    e.not_sent = true;
    return e;
}

DIDIT_INLINE Error ClientCore::reply_error(Error e, std::string_view route_name, const HttpResponse& r, int attempts,
                                           bool empty_body) {
    if (empty_body) e.message = "empty reply body where JSON was expected";
    e.message = "reply of " + std::string(route_name) + ": " + e.message;
    e.status = r.status;
    e.request_id = request_id_of(r.headers);
    e.attempts = attempts;
    return e;
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
