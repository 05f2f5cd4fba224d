// SPDX-License-Identifier: MIT
// The fleet component: a rate limiter, a webhook de-duplicator and decision signals shared through Redis.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <didit/didit.hpp>

namespace didit {
namespace redis {

/// Where the Redis server is and how long to wait for it. hiredis 0.14 (Debian 12's) has no TLS:
/// reach Redis over loopback, a private network or a TLS tunnel (stunnel, spiped).
struct ConnectionOptions {
    std::string host = "127.0.0.1";
    int port = 6379;
    /// AUTH password; empty sends no AUTH. Never logged.
    std::string password;
    /// The database number (SELECT); 0 is Redis's default.
    int db = 0;
    /// Prepended to every key and channel ("<prefix>:..."), so several applications can share one Redis.
    std::string prefix = "didit";
    /// Bounds on connecting and on each command, so an unreachable Redis never blocks a call for long.
    std::chrono::milliseconds connect_timeout{300};
    std::chrono::milliseconds command_timeout{300};
    /// After a failure, how long to wait before trying to connect again (the fallback serves meanwhile).
    std::chrono::milliseconds reconnect_interval{500};
    /// Where the component reports losing and regaining Redis: one line per change of state.
    /// Empty writes the line to stderr.
    std::function<void(std::string_view)> log;
};

/// What RedisRateLimiter does while Redis cannot be reached.
enum class Fallback {
    /// A local token bucket per limit at `capacity / expected_instances` per period, starting
    /// empty, so the fleet as a whole stays near the shared limit and never bursts.
    LocalShare,
    /// Every acquire fails (the call ends with a RateLimited error without being sent).
    Deny,
};

/// Settings of RedisRateLimiter.
struct RateLimiterOptions {
    ConnectionOptions redis;
    /// The buckets and limits shared by the fleet (default: the documented ones, as TokenBucketLimiter).
    TokenBucketLimiter::Limits limits = TokenBucketLimiter::documented_limits();
    /// How many instances share the API key; sizes the LocalShare fallback. At least 1.
    int expected_instances = 1;
    Fallback fallback = Fallback::LocalShare;
};

/// A RateLimiter whose token buckets live in Redis, so every instance that uses the same Redis,
/// prefix and API key draws from one budget. Each acquire runs one atomic Lua script (EVALSHA)
/// that refills the bucket by Redis's own clock, takes a token or reserves the next one, and
/// answers how long to wait; the wait happens here, outside any lock. When Redis cannot be
/// reached it serves from RateLimiterOptions::fallback, logs once, and reconnects by itself.
/// Thread-safe.
///
///   didit::redis::RateLimiterOptions o;
///   o.redis.host = "10.0.0.5";
///   o.expected_instances = 4;
///   didit::ClientOptions co;
///   co.rate_limiter = std::make_shared<didit::redis::RedisRateLimiter>(o);
class RedisRateLimiter : public RateLimiter {
public:
    /// Connects lazily: the first acquire connects (or falls back).
    explicit RedisRateLimiter(RateLimiterOptions options);
    /// Closes the connection.
    ~RedisRateLimiter() override;
    /// Not copyable: it owns a connection.
    RedisRateLimiter(const RedisRateLimiter&) = delete;
    /// Not copyable: it owns a connection.
    RedisRateLimiter& operator=(const RedisRateLimiter&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisRateLimiter(RedisRateLimiter&&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisRateLimiter& operator=(RedisRateLimiter&&) = delete;

    /// See RateLimiter::acquire. Unknown bucket names are not limited.
    bool acquire(std::string_view bucket, std::chrono::steady_clock::time_point deadline) override;
    /// See RateLimiter::reserve: one script run, no wait (the client waits on its own timers).
    std::optional<std::chrono::milliseconds> reserve(std::string_view bucket,
                                                     std::chrono::steady_clock::time_point deadline) override;

    /// Whether the last attempt to reach Redis succeeded (false while the fallback serves).
    bool connected() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

#if !defined(DIDIT_NO_OPENSSL)
/// Settings of RedisDeduplicator.
struct DeduplicatorOptions {
    ConnectionOptions redis;
    /// How long a handled delivery is remembered (Didit's retries come within minutes).
    std::chrono::milliseconds ttl = std::chrono::hours(1);
    /// While Redis cannot be reached, keys are remembered in this process only (at most this many):
    /// a retry that reaches the same instance is still caught, one that reaches another is not.
    std::size_t fallback_entries = 100000;
};

/// A Deduplicator shared by a fleet: each delivery's key is claimed with SET NX PX (one atomic
/// command, so of two instances offered the same delivery exactly one gets true), and released
/// with DEL. Keys are "<prefix>:dedup:<delivery key>". Thread-safe.
///   didit::redis::RedisDeduplicator dedup(o);
///   if (dedup.first_time(*event)) { if (!handle(*event)) dedup.release(*event); }
class RedisDeduplicator : public Deduplicator {
public:
    /// Connects lazily, on the first key.
    explicit RedisDeduplicator(DeduplicatorOptions options);
    /// Closes the connection.
    ~RedisDeduplicator() override;
    /// Not copyable: it owns a connection.
    RedisDeduplicator(const RedisDeduplicator&) = delete;
    /// Not copyable: it owns a connection.
    RedisDeduplicator& operator=(const RedisDeduplicator&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisDeduplicator(RedisDeduplicator&&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisDeduplicator& operator=(RedisDeduplicator&&) = delete;

    /// See Deduplicator::first_time_key.
    bool first_time_key(std::string_view key) override;
    /// See Deduplicator::release_key.
    void release_key(std::string_view key) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};
#endif  // !DIDIT_NO_OPENSSL

/// DecisionSignals across a fleet through Redis pub/sub: notify() publishes the session id on
/// "<prefix>:decisions", and every instance's subscriber wakes its own watches, so
/// await_decision on one instance is woken by a webhook that reached another. A background
/// thread holds the subscription and re-subscribes by itself after Redis comes back; while
/// Redis cannot be reached, notify() still wakes this instance's watches (and await_decision
/// still polls).
class RedisDecisionSignals : public DecisionSignals {
public:
    /// Starts the subscriber thread.
    explicit RedisDecisionSignals(ConnectionOptions options);
    /// Stops the subscriber thread.
    ~RedisDecisionSignals() override;
    /// Not copyable: it owns a connection.
    RedisDecisionSignals(const RedisDecisionSignals&) = delete;
    /// Not copyable: it owns a connection.
    RedisDecisionSignals& operator=(const RedisDecisionSignals&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisDecisionSignals(RedisDecisionSignals&&) = delete;
    /// Not movable: share it through a shared_ptr.
    RedisDecisionSignals& operator=(RedisDecisionSignals&&) = delete;

    /// See DecisionSignals::watch.
    std::unique_ptr<Watch> watch(std::string_view session_id) override;
    /// Publishes to every instance (this one included).
    void notify(std::string_view session_id) override;
    /// Whether the subscription is in place now (signals from other instances arrive).
    bool subscribed() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace redis
}  // namespace didit
