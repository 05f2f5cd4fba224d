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
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/detail/json.hpp>
#include <didit/detail/pipeline.hpp>
#include <didit/detail/url.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/options.hpp>
#include <didit/policy.hpp>
#include <didit/result.hpp>
#include <didit/upload.hpp>
#include <didit/version.hpp>

namespace didit {

namespace detail {

DIDIT_INLINE std::string env_or(const char* name, std::string_view fallback);

/// Header names that carry credentials: the standard ones, and any name that says it holds a
/// secret, token, password or key (`X-Webhook-Secret`, `X-Auth-Token`, `X-Api-Key`...).
DIDIT_INLINE bool is_credential_header(std::string_view name);

/// Why `name` cannot be a header of ClientOptions::default_headers or CallOptions::headers: not
/// an HTTP token (empty, spaces, colons, control characters), or a header the client and
/// transport own (Host, Content-Length, Transfer-Encoding, Connection).
DIDIT_INLINE std::optional<std::string> header_name_problem(std::string_view name);

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
    /// own default (`route_default`, 0 for none), else the client's. A Multipart route's body is
    /// `multipart` (streamed, with its Content-Type). `call_credential` is the call's own
    /// credential (a TransactionToken's or SessionToken's text), required by the routes of its Auth
    /// and refused by every other. Fails with InvalidArgument before anything is sent.
    Result<HttpRequest> prepare(const RouteView& route, const std::string_view* names, const std::string_view* values,
                                std::size_t n, const Json* body, const Json* query, const CallOptions& call,
                                std::chrono::milliseconds route_default, const MultipartBody* multipart = nullptr,
                                std::string_view call_credential = {}) const;

    /// How the core reaches the transport, with its type erased.
    using SendFn = detail::SendFn;

    /// What a call's attempts came to: the final response (any status) or Error, and how
    /// many attempts were made.
    struct Outcome {
        Result<HttpResponse> response;
        int attempts;
    };

    /// Sends `req` through the pipeline: the user's per-call steps, call logging, retries with
    /// backoff, rate shaping, the call's deadline, the user's per-attempt steps, attempt logging.
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
        std::chrono::milliseconds route_timeout;   ///< the route's own default (0: none)
        const MultipartBody* multipart = nullptr;  ///< the encoded multipart body, or nullptr
        /// The call's own credential (a TransactionToken's or SessionToken's text), or empty.
        std::string_view credential{};
    };

    /// prepare() then execute(): the final response (any status) or the Error, whose attempt
    /// count is set; a request that cannot be built names the route and is marked not sent.
    Outcome run(const CallSpec& spec, const CallOptions& call, void* transport, SendFn send) const;

    /// prepare() for a CallSpec: the request, or the Error (naming the route, marked not sent).
    Result<HttpRequest> prepare(const CallSpec& spec, const CallOptions& call) const;

    /// Fills a call's state before its first attempt: what execute() does before the pipeline.
    /// `route` must outlive `state`.
    void begin(CallState& state, const RouteView& route, const HttpRequest& req, const CallOptions& call,
               bool idempotent) const;

    /// The pipeline's steps, outermost first (step_count() of them).
    const std::shared_ptr<Policy>* steps() const noexcept { return steps_.data(); }
    /// How many steps the pipeline has.
    std::size_t step_count() const noexcept { return steps_.size(); }

    /// What a finished pipeline came to: its result, with the attempt count set on an Error.
    static Outcome outcome(Result<HttpResponse> response, int attempts);

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

    /// The URL as logged: base + path template + query keys, with no parameter values (and no
    /// user:password@ from the base URL).
    std::string log_url_of(const RouteView& route, const std::string& url) const;

private:
    /// True for `127.a.b.c` written as a plain dotted-decimal IPv4 address.
    static bool is_loopback_ipv4(std::string_view host);

    static std::optional<std::string> check_base_url(const std::string& base, bool allow_insecure);

    ClientOptions options_;
    /// The pipeline's steps, outermost first (see Policy); shared, stateless built-ins.
    std::vector<std::shared_ptr<Policy>> steps_;
    std::optional<std::string> policy_error_;         ///< why the pipeline is unusable, if it is
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
    // A list of containers still to look into rather than recursion: the query is the caller's
    // value, and its depth is theirs to choose.
    std::vector<const Json*> pending{&j};
    while (!pending.empty()) {
        const Json* v = pending.back();
        pending.pop_back();
        if (v->is_string()) {
            if (has_forbidden_control(v->get_ref<const std::string&>())) return true;
        } else if (v->is_array()) {
            for (const auto& e : *v) pending.push_back(&e);
        } else if (v->is_object()) {
            for (auto it = v->begin(); it != v->end(); ++it) {
                if (has_forbidden_control(it.key())) return true;
                pending.push_back(&it.value());
            }
        }
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
    // The pipeline, outermost first (Policy explains the order). Steps with nothing to do in
    // this configuration are left out.
    steps_ = options_.per_call_policies;
    if (options_.logger) steps_.push_back(std::make_shared<CallLogStep>());
    steps_.push_back(std::make_shared<RetryStep>());
    if (options_.rate_limit && options_.rate_limiter) steps_.push_back(std::make_shared<RateLimitStep>());
    steps_.push_back(std::make_shared<DeadlineStep>());
    for (const auto& step : options_.per_attempt_policies) steps_.push_back(step);
    if (options_.logger) steps_.push_back(std::make_shared<AttemptLogStep>());
    for (const auto& step : steps_)
        if (!step) policy_error_ = "ClientOptions::per_call_policies or per_attempt_policies holds an empty pointer";
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
                                                     std::chrono::milliseconds route_default,
                                                     const MultipartBody* multipart,
                                                     std::string_view call_credential) const {
    auto path = expand_path(route.path, names, values, n, route.uuid_params);
    if (!path.ok()) return path.error();
    HttpRequest req;
    req.method = route.method;
    const std::string& base = route.host == Host::Account ? options_.auth_base_url : options_.base_url;
    if (const auto& bad = route.host == Host::Account ? auth_base_url_error_ : base_url_error_)
        return make_error(ErrorKind::InvalidArgument, *bad);
    if (policy_error_) return make_error(ErrorKind::InvalidArgument, *policy_error_);
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
            if (auto bad = header_name_problem(f.first)) return make_error(ErrorKind::InvalidArgument, *bad);
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
        case Auth::TransactionToken:
            // The call's own token, never the client's API key: the device-facing routes take
            // nothing else.
            if (call_credential.empty())
                return make_error(ErrorKind::InvalidArgument,
                                  std::string(route.name) +
                                      " needs a transaction token: pass the TransactionToken minted by "
                                      "transactions().sdk_token() for this user");
            req.headers.set("X-Transaction-Token", std::string(call_credential));
            break;
        case Auth::SessionToken:
            if (call_credential.empty())
                return make_error(ErrorKind::InvalidArgument,
                                  std::string(route.name) +
                                      " needs the session's own token: pass the SessionToken made from the "
                                      "`session_token` of the session create reply");
            req.headers.set("Session-Token", std::string(call_credential));
            break;
    }
    if (route.auth != Auth::TransactionToken && route.auth != Auth::SessionToken && !call_credential.empty())
        return make_error(ErrorKind::InvalidArgument, std::string(route.name) +
                                                          " does not take a call token; a TransactionToken or "
                                                          "SessionToken goes only to the routes of its kind");
    // DELETE bodies are optional (session delete): an empty object is simply not sent.
    if (route.content_type == ContentType::Json && body &&
        !(route.method == Method::Delete && body->is_object() && body->empty())) {
        req.body = dump_json(*body);
        req.headers.set("Content-Type", "application/json");
    }
    if (route.content_type == ContentType::Multipart && multipart) {
        req.body_source = multipart->source;
        req.headers.set("Content-Type", multipart->content_type);
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
    bool too_deep = false;
    Json j = parse_json_text(body, &too_deep);
    if (j.is_discarded()) {
        Error e = make_error(ErrorKind::Decode, "HTTP " + std::to_string(r.status) +
                                                    (too_deep ? " reply nests arrays or objects deeper than " +
                                                                    std::to_string(max_json_depth) + " levels"
                                                              : std::string(" reply is not valid JSON")));
        e.status = r.status;
        e.request_id = request_id_of(r.headers);
        e.attempts = attempts;
        return e;
    }
    return j;
}

DIDIT_INLINE void ClientCore::begin(CallState& state, const RouteView& route, const HttpRequest& req,
                                    const CallOptions& call, bool idempotent) const {
    state.route = route.name;
    state.method = route.method;
    state.idempotent = idempotent;
    state.start = std::chrono::steady_clock::now();
    state.deadline = state.start + call.deadline.value_or(options_.deadline);
    state.options = &options_;
    state.route_view = &route;
    state.per_attempt = req.timeout;
    state.max_retries = (std::max)(0, call.max_retries.value_or(options_.retry.max_retries));
    // Built only when someone listens: most clients have no logger.
    if (options_.logger) state.log_url = log_url_of(route, req.url);
}

DIDIT_INLINE ClientCore::Outcome ClientCore::execute(const RouteView& route, HttpRequest& req, const CallOptions& call,
                                                     bool idempotent, void* transport, SendFn send) const {
    CallState state;
    begin(state, route, req, call, idempotent);
    Result<HttpResponse> response = run_pipeline(steps_.data(), steps_.size(), req, state, transport, send);
    return Outcome{std::move(response), state.sent};
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

DIDIT_INLINE std::optional<std::string> header_name_problem(std::string_view name) {
    if (name.empty()) return std::string("a header has an empty name");
    for (char c : name) {
        const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        // The name is not shown: it may hold CR/LF, or be a credential typed in the wrong place.
        if (!token)
            return std::string("a header name holds a character a header name cannot have (space, colon, control...)");
    }
    for (std::string_view owned : {"host", "content-length", "transfer-encoding", "connection"})
        if (iequals(name, owned))
            return "header `" + std::string(name) +
                   "` is set by the client and transport, not by default_headers or "
                   "CallOptions::headers";
    return std::nullopt;
}

DIDIT_INLINE std::optional<std::string> ClientCore::check_base_url(const std::string& base, bool allow_insecure) {
    // A space or control character would split or cut the request line (a NUL silently ends
    // the URL in C APIs). The URL is not shown, since those characters would be printed too.
    for (char c : base)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F)
            return std::string("base URL contains a space or a control character (CR, LF, NUL, tab...)");
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

DIDIT_INLINE Result<HttpRequest> ClientCore::prepare(const CallSpec& spec, const CallOptions& call) const {
    auto req = prepare(spec.route, spec.names, spec.values, spec.n, spec.body, spec.query, call, spec.route_timeout,
                       spec.multipart, spec.credential);
    if (!req.ok()) return not_sent(spec.route.name, nullptr, std::move(req).error());
    return req;
}

DIDIT_INLINE ClientCore::Outcome ClientCore::outcome(Result<HttpResponse> response, int attempts) {
    Outcome out{std::move(response), attempts};
    if (!out.response.ok()) {
        Error e = std::move(out.response).error();
        e.attempts = attempts;
        out.response = std::move(e);
    }
    return out;
}

DIDIT_INLINE ClientCore::Outcome ClientCore::run(const CallSpec& spec, const CallOptions& call, void* transport,
                                                 SendFn send) const {
    auto req = prepare(spec.route, spec.names, spec.values, spec.n, spec.body, spec.query, call, spec.route_timeout,
                       spec.multipart, spec.credential);
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
