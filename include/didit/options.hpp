// SPDX-License-Identifier: MIT
// ClientOptions and CallOptions: what a client and a single call can be told, with their defaults.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/policy.hpp>

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
    /// Your own pipeline steps, outside the built-in ones: each sees a call once, before its
    /// first attempt and with its final result (see Policy). Run in this order.
    std::vector<std::shared_ptr<Policy>> per_call_policies;
    /// Your own pipeline steps, inside the built-in ones, next to the transport: each sees
    /// every attempt, after rate shaping and the deadline (see Policy). Run in this order.
    std::vector<std::shared_ptr<Policy>> per_attempt_policies;
    /// Asynchronous calls (Client::async()) running at once, at most; later ones wait in a
    /// first-in, first-out queue (default 16; 0 counts as 1).
    std::size_t max_in_flight = 16;
    /// Threads that send asynchronous calls when the transport has only a blocking `send`
    /// (WorkerPoolEngine; default 4, 0 counts as 1). Made on the first asynchronous call.
    /// Unused when the transport is itself an AsyncEngine (CurlMultiTransport).
    std::size_t async_workers = 4;
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

template <Auth A>
class CallToken;
namespace detail {
/// The one way to read a CallToken's text: the core, when it sets the header.
struct CallTokenAccess {
    /// The token's text.
    template <Auth A>
    static std::string_view text(const CallToken<A>& token) noexcept {
        return token.token_;
    }
};
}  // namespace detail

/// A credential that one call carries itself, for the routes that authenticate with it instead of
/// the client's API key: pass it to the call like its path or request. Each kind goes only to the
/// routes of its Auth: passing it to any other route does not compile, and those routes do not
/// compile without one (they never fall back to the API key). The text cannot be read back or
/// printed: no accessor, no stream operator, and no Error, log event or `to_string` ever holds it.
///  - TransactionToken: the short-lived token with which a device-facing transaction route
///    (`client.transactions().submit_from_sdk`, `.get_from_sdk`) authenticates, the `sdk_token`
///    that `client.transactions().sdk_token(...)` minted for one `vendor_data`; sent as
///    `X-Transaction-Token`. https://docs.didit.me/transaction-monitoring/sdk-transaction-submission
///  - SessionToken: a session's own token (`session_token` of the session create reply), with
///    which the sandbox arm (`client.sessions().sandbox_arm`) authenticates; sent as
///    `Session-Token`. https://docs.didit.me/integration/sandbox-testing
template <Auth A>
class CallToken {
    static_assert(A == Auth::TransactionToken || A == Auth::SessionToken,
                  "didit::CallToken: only Auth::TransactionToken and Auth::SessionToken are carried by a call");

public:
    /// The routes it authenticates: those whose `auth` is this.
    static constexpr Auth auth = A;
    /// Wraps the token text (an empty one is refused when the call is made).
    explicit CallToken(std::string token) noexcept : token_(std::move(token)) {}
    /// True when no token was given.
    bool empty() const noexcept { return token_.empty(); }

private:
    friend struct detail::CallTokenAccess;
    std::string token_;
};
/// X-Transaction-Token, for the device-facing transaction routes (see CallToken).
using TransactionToken = CallToken<Auth::TransactionToken>;
/// Session-Token, a session's own token, for the sandbox arm (see CallToken).
using SessionToken = CallToken<Auth::SessionToken>;

namespace detail {
/// True for TransactionToken and SessionToken.
template <class T>
struct is_call_token : std::false_type {};
template <Auth A>
struct is_call_token<CallToken<A>> : std::true_type {};
}  // namespace detail

namespace detail {
/// The options of a call that passes none: one object, shared by every route.
DIDIT_INLINE const CallOptions& default_call_options();
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
           ", allow_insecure_http=" + (o.allow_insecure_http ? "true" : "false") +
           ", max_in_flight=" + std::to_string(o.max_in_flight) + ", async_workers=" + std::to_string(o.async_workers) +
           "}";
    return out;
}

}  // namespace didit
#endif  // DIDIT_DEFINITIONS
