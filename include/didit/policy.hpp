// SPDX-License-Identifier: MIT
// The pipeline around every transport: its step interface (Policy), and the settings of the built-in
// steps (retries with backoff, client-side rate shaping, deadlines, logging).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <didit/detail/config.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// When and how often a failed call is repeated.
struct RetryPolicy {
    /// Repeats after the first attempt (default 2, i.e. 3 attempts); 0 disables retries.
    int max_retries = 2;
    /// First backoff; each retry doubles it, up to `max_backoff`, with ±25 % jitter.
    std::chrono::milliseconds initial_backoff{500};
    std::chrono::milliseconds max_backoff{8000};
    /// Server wait hints (`retry-after-ms`, `Retry-After` seconds or HTTP-date) are honoured
    /// up to this long; longer hints fall back to the backoff.
    std::chrono::milliseconds max_retry_after{60000};
};

/// Client-side rate shaping. `acquire` takes one token from `bucket`, waiting if needed but
/// never past `deadline`; it returns false (and takes nothing) when the wait would pass it.
/// `reserve` takes the token without waiting and says how long until it may be used: the
/// client calls it, and waits itself (a timer on asynchronous calls, so no thread sleeps).
/// Implement it to share one budget across a fleet of processes.
class RateLimiter {
public:
    /// Destroyed through the base (the client holds a shared_ptr<RateLimiter>).
    virtual ~RateLimiter() = default;
    /// Takes one token from `bucket` ("get", "write", "session-create", "pdf", "register"),
    /// waiting for it if needed; false, taking nothing, when the wait would pass `deadline`.
    virtual bool acquire(std::string_view bucket, std::chrono::steady_clock::time_point deadline) = 0;
    /// Takes one token from `bucket` now and returns how long to wait before using it (zero:
    /// at once); std::nullopt, taking nothing, when that wait would pass `deadline`. The client
    /// calls this on every attempt. The default calls acquire(), so it blocks for the wait and
    /// then returns zero; override it (as TokenBucketLimiter and the Redis limiter do) so that
    /// asynchronous calls never block a thread of their engine.
    virtual std::optional<std::chrono::milliseconds> reserve(std::string_view bucket,
                                                             std::chrono::steady_clock::time_point deadline) {
        if (!acquire(bucket, deadline)) return std::nullopt;
        return std::chrono::milliseconds(0);
    }

protected:
    // For implementations only: copying or moving through the interface would slice.
    /// Constructed as part of an implementation.
    RateLimiter() = default;
    /// Copied as part of an implementation.
    RateLimiter(const RateLimiter&) = default;
    /// Copied as part of an implementation.
    RateLimiter& operator=(const RateLimiter&) = default;
    /// Moved as part of an implementation.
    RateLimiter(RateLimiter&&) = default;
    /// Moved as part of an implementation.
    RateLimiter& operator=(RateLimiter&&) = default;
};

/// In-process token buckets for the documented limits: "get" 600/min,
/// "write" 300/min, "session-create" 600/min, "pdf" 50/min, "register" 5/hour. Unknown bucket
/// names are not limited. Thread-safe.
class TokenBucketLimiter : public RateLimiter {
public:
    /// One bucket: `capacity` requests per `period`, refilled continuously.
    struct Limit {
        double capacity;                   ///< tokens when full (the burst)
        std::chrono::milliseconds period;  ///< time to refill `capacity` tokens
    };
    /// Limits by bucket name.
    using Limits = std::map<std::string, Limit, std::less<>>;
    /// The documented limits.
    static Limits documented_limits();
    /// The documented limits, waiting with std::this_thread::sleep_for.
    TokenBucketLimiter() : TokenBucketLimiter(documented_limits()) {}
    /// Buckets from `limits`, all full; `sleep` replaces the real wait (tests).
    explicit TokenBucketLimiter(const Limits& limits, std::function<void(std::chrono::milliseconds)> sleep = {});

    /// See RateLimiter::acquire: reserve(), then the wait (with the `sleep` given, else
    /// std::this_thread::sleep_for). Thread-safe; the wait happens outside the lock.
    DIDIT_INLINE bool acquire(std::string_view bucket, std::chrono::steady_clock::time_point deadline) override;
    /// See RateLimiter::reserve: never blocks. A wait reserves the next token, so concurrent
    /// callers queue up fairly. Unknown buckets are not limited (zero).
    DIDIT_INLINE std::optional<std::chrono::milliseconds> reserve(
        std::string_view bucket, std::chrono::steady_clock::time_point deadline) override;

private:
    struct Bucket {
        Limit limit;
        double tokens;
        std::chrono::steady_clock::time_point last;
    };
    static void refill(Bucket& b, std::chrono::steady_clock::time_point now);
    std::mutex mutex_;
    std::map<std::string, Bucket, std::less<>> buckets_;
    std::function<void(std::chrono::milliseconds)> sleep_;
};

/// One structured log record per attempt. It never holds a credential, a request body or a
/// path/query value (URLs are logged as route templates with query keys only).
struct LogEvent {
    /// Attempt: one HTTP exchange ended; Retry: a retry is scheduled; Done: the call's result.
    enum class Phase { Attempt, Retry, Done };
    Phase phase = Phase::Done;
    std::string_view route;  ///< the route's name, e.g. "SessionsCreate"
    Method method = Method::Get;
    std::string url;  ///< base URL + path template + query keys, values elided
    int attempt = 0;  ///< 1-based
    int status = 0;   ///< HTTP status, 0 when no response
    std::chrono::milliseconds duration{0};
    std::string request_id;
    std::optional<ErrorKind> error;  ///< set when the attempt failed
    std::string message;             ///< the Error's text, or the retry reason
};

/// What a pipeline step sees of the call it is part of: one per call, shared by its attempts.
struct CallContext {
    std::string_view route;  ///< the route's name, e.g. "SessionsCreate"
    Method method = Method::Get;
    /// Repeating the request is harmless (GET, DELETE, a route or request marked retry-safe).
    bool idempotent = false;
    /// The attempt being made, from 1. A step that asks for a retry starts the next one.
    int attempt = 1;
    std::chrono::steady_clock::time_point start;     ///< when the call began
    std::chrono::steady_clock::time_point deadline;  ///< when the call must have ended
    /// In after_attempt: how long the transport took for this attempt (0 when nothing was sent).
    std::chrono::milliseconds attempt_duration{0};
};

/// One step of the pipeline that every call passes through on its way to the transport and
/// back. The built-in steps, outermost first, are: call logging, retries, client-side rate
/// shaping, the deadline, attempt logging. Your own steps go before them
/// (ClientOptions::per_call_policies: once per call, seeing the final result) or after them
/// (ClientOptions::per_attempt_policies: on every attempt, next to the transport).
///
/// For each attempt, before_attempt runs on the steps from the outside in, the transport
/// sends, and after_attempt runs from the inside out. A step that asks for a retry makes the
/// steps inside it run again, after the wait it names; the steps outside it see only the
/// final result. One step object serves every call, from every thread that uses the client:
/// keep per-call state in locals, and make shared state thread-safe.
class Policy {
public:
    /// Destroyed through the base (options hold shared_ptr<Policy>).
    virtual ~Policy() = default;
    /// Before an attempt. Edit the request here (add a header, say). Return an Error to end
    /// the call without sending: the steps outside this one then see it as the result.
    virtual std::optional<Error> before_attempt(HttpRequest& request, CallContext& call) {
        (void)request;
        (void)call;
        return std::nullopt;
    }
    /// After an attempt, with its result: a response of any status, or an Error. A step may
    /// replace the result. Return a wait to send again after it (a retry: the steps inside
    /// this one run again), or std::nullopt to pass the result outwards. A step that retries
    /// must itself make sure that repeating the request is harmless (see CallContext::idempotent).
    virtual std::optional<std::chrono::milliseconds> after_attempt(const HttpRequest& request,
                                                                   Result<HttpResponse>& result, CallContext& call) {
        (void)request;
        (void)result;
        (void)call;
        return std::nullopt;
    }

protected:
    // For implementations only: copying or moving through the interface would slice.
    /// Constructed as part of an implementation.
    Policy() = default;
    /// Copied as part of an implementation.
    Policy(const Policy&) = default;
    /// Copied as part of an implementation.
    Policy& operator=(const Policy&) = default;
    /// Moved as part of an implementation.
    Policy(Policy&&) = default;
    /// Moved as part of an implementation.
    Policy& operator=(Policy&&) = default;
};

namespace detail {

inline bool retryable_status(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

/// Backoff before retry `n` (1-based): initial·2^(n-1), capped, with ±25 % jitter.
DIDIT_INLINE std::chrono::milliseconds backoff_delay(const RetryPolicy& p, int n, std::uint64_t random_bits);

/// Random bits for backoff jitter: splitmix64 per thread, seeded from the clock and the
/// thread's own address. Jitter only spreads retries apart, so it needs no stronger source
/// (and <random> would cost every translation unit that includes the SDK).
DIDIT_INLINE std::uint64_t jitter_bits();

}  // namespace detail

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE TokenBucketLimiter::Limits TokenBucketLimiter::documented_limits() {
    return {{"get", {600, std::chrono::minutes(1)}},
            {"write", {300, std::chrono::minutes(1)}},
            {"session-create", {600, std::chrono::minutes(1)}},
            {"pdf", {50, std::chrono::minutes(1)}},
            {"register", {5, std::chrono::hours(1)}}};
}

DIDIT_INLINE TokenBucketLimiter::TokenBucketLimiter(const Limits& limits,
                                                    std::function<void(std::chrono::milliseconds)> sleep)
    : sleep_(std::move(sleep)) {
    auto now = std::chrono::steady_clock::now();
    for (const auto& kv : limits) buckets_.emplace(kv.first, Bucket{kv.second, kv.second.capacity, now});
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> TokenBucketLimiter::reserve(
    std::string_view bucket, std::chrono::steady_clock::time_point deadline) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(bucket);
    if (it == buckets_.end()) return std::chrono::milliseconds(0);
    Bucket& b = it->second;
    auto now = std::chrono::steady_clock::now();
    refill(b, now);
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return std::chrono::milliseconds(0);
    }
    // Reserve the next token now so concurrent callers queue up fairly.
    double missing = 1.0 - b.tokens;
    auto per_token = std::chrono::duration<double, std::milli>(b.limit.period) / b.limit.capacity;
    auto wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(per_token * missing);
    if (now + wait > deadline) return std::nullopt;
    b.tokens -= 1.0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(wait) + std::chrono::milliseconds(1);
}

DIDIT_INLINE bool TokenBucketLimiter::acquire(std::string_view bucket, std::chrono::steady_clock::time_point deadline) {
    auto wait = reserve(bucket, deadline);
    if (!wait) return false;
    if (wait->count() == 0) return true;
    if (sleep_)
        sleep_(*wait);
    else
        std::this_thread::sleep_for(*wait);
    return true;
}

DIDIT_INLINE void TokenBucketLimiter::refill(Bucket& b, std::chrono::steady_clock::time_point now) {
    auto elapsed = std::chrono::duration<double, std::milli>(now - b.last).count();
    b.last = now;
    double rate = b.limit.capacity / static_cast<double>(b.limit.period.count());
    b.tokens = (std::min)(b.limit.capacity, b.tokens + elapsed * rate);
}

namespace detail {

DIDIT_INLINE std::chrono::milliseconds backoff_delay(const RetryPolicy& p, int n, std::uint64_t random_bits) {
    double base = static_cast<double>(p.initial_backoff.count());
    for (int i = 1; i < n && base < static_cast<double>(p.max_backoff.count()); ++i) base *= 2;
    base = (std::min)(base, static_cast<double>(p.max_backoff.count()));
    double jitter = 0.75 + 0.5 * static_cast<double>(random_bits % 1000001u) / 1000000.0;
    return std::chrono::milliseconds(static_cast<std::int64_t>(base * jitter));
}

DIDIT_INLINE std::uint64_t jitter_bits() {
    thread_local std::uint64_t state =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
        static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&state));  // NOLINT(*-reinterpret-cast): seed only
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace detail

#endif  // DIDIT_DEFINITIONS
}  // namespace didit
