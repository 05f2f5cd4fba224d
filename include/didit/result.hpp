// SPDX-License-Identifier: MIT
// Result<T> and Error: the value-or-error type that every fallible call of the SDK returns.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <didit/detail/config.hpp>

#if DIDIT_HAS_EXCEPTIONS
#include <stdexcept>
#endif

namespace didit {

/// What went wrong, coarse enough to branch on.
enum class ErrorKind {
    InvalidArgument,      ///< rejected before sending: bad UTF-8, empty path parameter, bad option...
    Transport,            ///< the request could not be sent or the reply not read (connection, TLS, reset)
    Timeout,              ///< a time limit ran out (HTTP 408 maps here too)
    OutcomeUnknown,       ///< a non-idempotent request may or may not have been applied
    BadRequest,           ///< 400 and the other 4xx without a kind of their own
    Authentication,       ///< 401: missing, malformed, revoked or expired credentials
    PaymentRequired,      ///< 402: the check could not be paid for (top up)
    Permission,           ///< 403: credentials lack access, or insufficient balance
    NotFound,             ///< 404 / 410
    Conflict,             ///< 409
    RateLimited,          ///< 429, or the client-side limiter refused to wait
    Server,               ///< 5xx
    UnexpectedStatus,     ///< 1xx/3xx or anything else the API does not document (e.g. a redirect)
    Decode,               ///< the reply did not have the documented shape
    WebhookVerification,  ///< a webhook's signature or timestamp did not check out
    Cancelled,            ///< an asynchronous call was cancelled before it completed
};

/// A short lower-case name for the kind ("not found", "rate limited", ...).
inline constexpr std::string_view to_string(ErrorKind k) noexcept {
    switch (k) {
        case ErrorKind::InvalidArgument: return "invalid argument";
        case ErrorKind::Transport: return "transport error";
        case ErrorKind::Timeout: return "timeout";
        case ErrorKind::OutcomeUnknown: return "outcome unknown";
        case ErrorKind::BadRequest: return "bad request";
        case ErrorKind::Authentication: return "authentication failed";
        case ErrorKind::PaymentRequired: return "payment required";
        case ErrorKind::Permission: return "permission denied";
        case ErrorKind::NotFound: return "not found";
        case ErrorKind::Conflict: return "conflict";
        case ErrorKind::RateLimited: return "rate limited";
        case ErrorKind::Server: return "server error";
        case ErrorKind::UnexpectedStatus: return "unexpected status";
        case ErrorKind::Decode: return "decode error";
        case ErrorKind::WebhookVerification: return "webhook verification failed";
        case ErrorKind::Cancelled: return "cancelled";
    }
    return "error";
}

/// The kind an HTTP error status maps to (Didit answers both 401 and 403).
inline constexpr ErrorKind error_kind_for_status(int status) noexcept {
    switch (status) {
        case 401: return ErrorKind::Authentication;
        case 402: return ErrorKind::PaymentRequired;
        case 403: return ErrorKind::Permission;
        case 404:
        case 410: return ErrorKind::NotFound;
        case 408: return ErrorKind::Timeout;
        case 409: return ErrorKind::Conflict;
        case 429: return ErrorKind::RateLimited;
        default: break;
    }
    if (status >= 500 && status <= 599) return ErrorKind::Server;
    if (status >= 400 && status <= 499) return ErrorKind::BadRequest;
    return ErrorKind::UnexpectedStatus;
}

/// One validation message, with the field path it belongs to ("" for the request as a whole).
/// Nested bodies become dotted paths: `nodes_to_resubmit[0].feature`.
struct FieldError {
    /// Dotted field path, e.g. `expected_details.date_of_birth`; empty for the whole request.
    std::string field;
    /// The validation message for that field, as the API (or the SDK) wrote it.
    std::string message;
    /// Equal when both the field path and the message are.
    friend bool operator==(const FieldError& a, const FieldError& b) {
        return a.field == b.field && a.message == b.message;
    }
};

/// Everything known about a failed call. Never contains a credential.
struct Error {
    /// What kind of failure this is; branch on it rather than on `status` or `message`.
    ErrorKind kind = ErrorKind::Transport;
    /// HTTP status, 0 when no response was received.
    int status = 0;
    /// Didit's human-readable message when it sent one, else the SDK's description.
    std::string message;
    /// Didit's machine-readable `code` when present (e.g. "contract_billing_suspended").
    std::string code;
    /// Per-field validation messages (DRF-style bodies, nested paths flattened).
    std::vector<FieldError> field_errors;
    /// The server's request id header, when it sent one.
    std::string request_id;
    /// How long the server asked us to wait (429/503 `Retry-After`), when it said.
    std::optional<std::chrono::milliseconds> retry_after;
    /// The response body exactly as received (may be HTML or empty).
    std::string raw_body;
    /// How many attempts were made (0 when rejected before sending).
    int attempts = 0;
    /// True when the request certainly never reached the server (rejected locally,
    /// connection refused, name not resolved): such a request is always safe to repeat.
    bool not_sent = false;

    /// One line for humans: "didit: not found (HTTP 404): Not found."
    std::string to_string() const;
};

/// Builds an Error of `kind` with a message; the usual way the SDK reports local failures.
DIDIT_INLINE Error make_error(ErrorKind kind, std::string message);

#if DIDIT_HAS_EXCEPTIONS
/// Thrown by Result<T>::value() on an error when exceptions are enabled.
class Exception : public std::runtime_error {
public:
    /// Wraps `e`; what() is e.to_string().
    explicit Exception(Error e) : std::runtime_error(e.to_string()), error_(std::move(e)) {}
    /// The Error the failed Result held (kind, status, message, request id, ...).
    const Error& error() const noexcept { return error_; }

private:
    Error error_;
};
#endif

namespace detail {
DIDIT_INLINE const Error& no_error();
[[noreturn]] DIDIT_INLINE void fail_value_access(const Error& e);
}  // namespace detail

/// A value of type T, or the Error that prevented it.
///
/// `value()` throws didit::Exception (or, built with -fno-exceptions, prints the error and
/// aborts) when the result holds an error; check `ok()` first to handle errors without that.
template <class T>
class [[nodiscard]] Result {
    static_assert(!std::is_same_v<std::decay_t<T>, Error>, "Result<Error> is not meaningful");

public:
    /// The success type, T.
    using value_type = T;

    /// A success holding a copy of `v` (implicit, so `return value;` works).
    Result(const T& v) : v_(std::in_place_index<0>, v) {}
    /// A success holding `v`, moved in.
    Result(T&& v) : v_(std::in_place_index<0>, std::move(v)) {}
    /// A success holding a value-initialised T, built in place (what decoders fill).
    explicit Result(std::in_place_t) : v_(std::in_place_index<0>) {}
    /// A failure holding a copy of `e` (implicit, so `return make_error(...);` works).
    Result(const Error& e) : v_(std::in_place_index<1>, e) {}
    /// A failure holding `e`, moved in.
    Result(Error&& e) : v_(std::in_place_index<1>, std::move(e)) {}

    /// True when the result holds a value, false when it holds an Error.
    bool ok() const noexcept { return v_.index() == 0; }
    /// Same as ok(): `if (auto r = client.billing().balance()) use(*r);`.
    explicit operator bool() const noexcept { return ok(); }

    /// The value; on an error throws didit::Exception (or aborts without exceptions).
    T& value() & {
        if (!ok()) detail::fail_value_access(std::get<1>(v_));
        return std::get<0>(v_);
    }
    /// The value; on an error throws didit::Exception (or aborts without exceptions).
    const T& value() const& {
        if (!ok()) detail::fail_value_access(std::get<1>(v_));
        return std::get<0>(v_);
    }
    /// The value, moved out of a temporary Result; on an error throws didit::Exception (or
    /// aborts without exceptions).
    T&& value() && {
        if (!ok()) detail::fail_value_access(std::get<1>(v_));
        return std::get<0>(std::move(v_));
    }
    /// A copy of the value, or `fallback` converted to T when the result holds an error.
    template <class U>
    T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
    }

    /// The error. On a success it is a placeholder Error that says so, never a crash.
    const Error& error() const& {
        const Error* e = std::get_if<1>(&v_);
        return e ? *e : detail::no_error();
    }
    /// On a temporary (`const auto& e = client.call(...).error();`) the Error is moved out and
    /// returned by value, so the reference cannot dangle.
    Error error() && {
        if (Error* e = std::get_if<1>(&v_)) return std::move(*e);
        return detail::no_error();
    }

    /// Member access to the value; like value(), throws (or aborts) on an error.
    T* operator->() { return &value(); }
    /// Member access to the value; like value(), throws (or aborts) on an error.
    const T* operator->() const { return &value(); }
    /// The value; like value(), throws (or aborts) on an error.
    T& operator*() & { return value(); }
    /// The value; like value(), throws (or aborts) on an error.
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> v_;
};

/// A Result with no value: success, or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    /// There is no success value.
    using value_type = void;
    /// A success.
    Result() = default;
    /// A failure holding a copy of `e`.
    Result(const Error& e) : e_(e) {}
    /// A failure holding `e`, moved in.
    Result(Error&& e) : e_(std::move(e)) {}
    /// True on success, false when the result holds an Error.
    bool ok() const noexcept { return !e_.has_value(); }
    /// Same as ok().
    explicit operator bool() const noexcept { return ok(); }
    /// Does nothing on success; on an error throws didit::Exception (or aborts without
    /// exceptions), for callers that want failures as exceptions.
    void value() const {
        if (e_) detail::fail_value_access(*e_);
    }
    /// The error. On a success it is a placeholder Error that says so, never a crash.
    const Error& error() const& { return e_ ? *e_ : detail::no_error(); }
    /// On a temporary, the Error is moved out and returned by value (see Result<T>::error()).
    Error error() && {
        if (e_) return std::move(*e_);
        return detail::no_error();
    }

private:
    std::optional<Error> e_;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE std::string Error::to_string() const {
    std::string s = "didit: ";
    s += didit::to_string(kind);
    if (status != 0) {
        s += " (HTTP ";
        s += std::to_string(status);
        s += ')';
    }
    if (!message.empty()) {
        s += ": ";
        s += message;
    }
    if (!code.empty()) {
        s += " [code ";
        s += code;
        s += ']';
    }
    for (const auto& f : field_errors) {
        if (!f.field.empty() && message == f.field + ": " + f.message) continue;
        s += "; ";
        if (!f.field.empty()) {
            s += f.field;
            s += ": ";
        }
        s += f.message;
    }
    if (attempts > 1) {
        s += " (after ";
        s += std::to_string(attempts);
        s += " attempts)";
    }
    return s;
}

DIDIT_INLINE Error make_error(ErrorKind kind, std::string message) {
    Error e;
    e.kind = kind;
    e.message = std::move(message);
    e.not_sent = kind == ErrorKind::InvalidArgument;
    return e;
}

namespace detail {
DIDIT_INLINE const Error& no_error() {
    static const Error e = make_error(ErrorKind::InvalidArgument, "error() called on a successful result");
    return e;
}
DIDIT_INLINE void fail_value_access(const Error& e) {
#if DIDIT_HAS_EXCEPTIONS
    throw Exception(e);
#else
    std::fputs(("didit: value() called on an error result: " + e.to_string() + "\n").c_str(), stderr);
    std::abort();
#endif
}
}  // namespace detail

#endif  // DIDIT_DEFINITIONS

}  // namespace didit
