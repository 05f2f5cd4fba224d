// SPDX-License-Identifier: MIT
// The non-template heart of Client: options, request assembly and reply triage, compiled once.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <didit/detail/error_body.hpp>
#include <didit/detail/json.hpp>
#include <didit/detail/url.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
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
    /// Time allowed per attempt; zero leaves it to the transport (CurlTransport: 60 s).
    std::chrono::milliseconds timeout{0};
};

/// Per-call settings that override the client's.
struct CallOptions {
    /// Time allowed for this call's attempt; zero keeps the client's setting.
    std::chrono::milliseconds timeout{0};
    /// Extra headers for this call only (credentials are refused, as in default_headers).
    Headers headers;
};

namespace detail {

/// A route descriptor reduced to plain values, so the core below is compiled only once.
struct RouteView {
    Method method;
    Host host;
    Auth auth;
    std::string_view path;
    std::string_view name;
    bool uuid_params;
};

template <class P, class = void>
struct path_has_uuids : std::false_type {};
template <class P>
struct path_has_uuids<P, std::enable_if_t<P::uuid_params>> : std::true_type {};

template <class E>
constexpr RouteView route_view() {
    return RouteView{E::method, E::host, E::auth, E::path, E::name, path_has_uuids<typename E::path_params>::value};
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

inline std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return (v && *v) ? std::string(v) : std::string(fallback);
}

inline bool is_credential_header(std::string_view name) {
    return iequals(name, "authorization") || iequals(name, "x-api-key") || iequals(name, "cookie") ||
           iequals(name, "proxy-authorization");
}

/// Everything of a Client that does not depend on a route's types.
class ClientCore {
public:
    explicit ClientCore(ClientOptions o) : options_(std::move(o)) {
        if (options_.api_key.empty()) options_.api_key = env_or("DIDIT_API_KEY", "");
        if (options_.access_token.empty()) options_.access_token = env_or("DIDIT_ACCESS_TOKEN", "");
        if (options_.base_url.empty()) options_.base_url = env_or("DIDIT_BASE_URL", default_base_url);
        if (options_.auth_base_url.empty())
            options_.auth_base_url = env_or("DIDIT_AUTH_BASE_URL", default_auth_base_url);
    }

    const ClientOptions& options() const noexcept { return options_; }
    void set_api_key(std::string key) { options_.api_key = std::move(key); }
    void set_access_token(std::string token) { options_.access_token = std::move(token); }

    /// Assembles the HTTP request for a route. `body` and `query` are already-encoded models
    /// (nullptr when the route has none). Fails with InvalidArgument before anything is sent.
    Result<HttpRequest> prepare(const RouteView& route, const std::string_view* names, const std::string_view* values,
                                std::size_t n, const Json* body, const Json* query, const CallOptions& call,
                                std::string_view transport) const {
        auto path = expand_path(route.path, names, values, n, route.uuid_params);
        if (!path.ok()) return path.error();
        HttpRequest req;
        req.method = route.method;
        const std::string& base = route.host == Host::Account ? options_.auth_base_url : options_.base_url;
        req.url = join_url(base, path.value());
        if (query) {
            auto q = build_query(*query);
            if (!q.ok()) return q.error();
            if (has_forbidden_control(q.value()))
                return make_error(ErrorKind::InvalidArgument, "query contains CR, LF or NUL");
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
        std::string ua = "didit-cpp/" DIDIT_VERSION_STRING " (";
        ua += transport;
        if (!options_.user_agent_suffix.empty()) {
            ua += "; ";
            ua += options_.user_agent_suffix;
        }
        ua += ')';
        req.headers.set("User-Agent", std::move(ua));
        if (!req.headers.contains("accept")) req.headers.set("Accept", "application/json");

        switch (route.auth) {
            case Auth::None: break;
            case Auth::ApiKey:
                if (options_.api_key.empty())
                    return make_error(ErrorKind::InvalidArgument,
                                      std::string(route.name) +
                                          " needs an API key: set ClientOptions::api_key or DIDIT_API_KEY");
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
        if (body) {
            req.body = dump_json(*body);
            req.headers.set("Content-Type", "application/json");
        }
        for (const auto& f : req.headers)
            if (has_forbidden_control(f.first) || has_forbidden_control(f.second))
                return make_error(ErrorKind::InvalidArgument,
                                  "header `" + (is_credential_header(f.first) ? std::string("credential") : f.first) +
                                      "` contains CR, LF or NUL");
        std::chrono::milliseconds t = call.timeout.count() > 0 ? call.timeout : options_.timeout;
        req.timeout = t;
        return req;
    }

    /// Splits a response into "JSON to decode" or the Error it stands for. An empty 2xx body
    /// becomes JSON null, so replies that allow it (deletes) decode and others report it.
    static Result<Json> triage(const HttpResponse& r) {
        if (r.status < 200 || r.status > 299) return error_from_response(r);
        std::string_view body(r.body);
        while (!body.empty() && (body.front() == ' ' || body.front() == '\n' || body.front() == '\r' || body.front() == '\t'))
            body.remove_prefix(1);
        if (body.empty()) return Json();
        Json j = parse_json_text(body);
        if (j.is_discarded()) {
            Error e = make_error(ErrorKind::Decode, "HTTP " + std::to_string(r.status) + " reply is not valid JSON");
            e.status = r.status;
            e.request_id = request_id_of(r.headers);
            return e;
        }
        return j;
    }

private:
    ClientOptions options_;
};

}  // namespace detail
}  // namespace didit
