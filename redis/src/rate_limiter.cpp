// SPDX-License-Identifier: MIT
// RedisRateLimiter: token buckets in Redis behind one atomic Lua script, with a local fallback.
#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>

#include "connection.hpp"

namespace didit {
namespace redis {
namespace {

// KEYS[1]: the bucket's hash. ARGV: capacity, period in ms, longest acceptable wait in ms.
// Refills by Redis's own clock (so instances' clocks need not agree), then takes a token, or
// reserves the next one (tokens go below zero) when the wait fits; -1 takes nothing.
// Returns the wait in ms before the token may be used.
constexpr const char* kScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local cap = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local v = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(v[1])
local ts = tonumber(v[2])
if tokens == nil or ts == nil then tokens = cap; ts = now end
local rate = cap / period
if now > ts then
  tokens = math.min(cap, tokens + (now - ts) * rate)
  ts = now
end
local wait = 0
if tokens < 1 then
  wait = (1 - tokens) / rate
  if wait > max_wait then return -1 end
end
tokens = tokens - 1
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.3f', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil(period * 2 + wait))
return math.ceil(wait)
)lua";

}  // namespace

struct RedisRateLimiter::Impl {
    struct Local {
        TokenBucketLimiter::Limit limit;
        double tokens = 0;
        std::chrono::steady_clock::time_point last{};
    };

    explicit Impl(RateLimiterOptions o) : opts(std::move(o)), conn(opts.redis, "rate limiter") {
        opts.expected_instances = (std::max)(1, opts.expected_instances);
        for (const auto& kv : opts.limits) {
            Local l;
            l.limit = {kv.second.capacity / opts.expected_instances, kv.second.period};
            local.emplace(kv.first, l);
        }
        conn.on_connect = [this] {
            detail::Reply r = conn.run({"SCRIPT", "LOAD", kScript});
            if (r && r->type == REDIS_REPLY_STRING) {
                std::lock_guard<std::mutex> lock(mu);
                sha.assign(r->str, r->len);
            }
        };
    }

    // The wait Redis grants (>= 0), -1 when it refuses, nullopt when Redis cannot be reached.
    std::optional<long long> shared(const std::string& key, const TokenBucketLimiter::Limit& limit,
                                    long long max_wait_ms) {
        std::string script_sha;
        {
            std::lock_guard<std::mutex> lock(mu);
            script_sha = sha;
        }
        std::vector<std::string> args{"EVALSHA",
                                      script_sha,
                                      "1",
                                      key,
                                      std::to_string(limit.capacity),
                                      std::to_string(limit.period.count()),
                                      std::to_string(max_wait_ms)};
        detail::Reply r = conn.command(args);
        if (r && r->type == REDIS_REPLY_ERROR) {  // NOSCRIPT: a restarted Redis, or the load failed
            args[0] = "EVAL";
            args[1] = kScript;
            r = conn.command(args);
        }
        if (!r || r->type != REDIS_REPLY_INTEGER) return std::nullopt;
        return r->integer;
    }

    // The local bucket at capacity / expected_instances; it starts empty each time Redis is lost,
    // so falling back never adds a burst to what the shared bucket already granted.
    bool fallback(std::string_view bucket, std::chrono::steady_clock::time_point deadline,
                  std::chrono::steady_clock::duration& wait) {
        if (opts.fallback == Fallback::Deny) return false;
        std::lock_guard<std::mutex> lock(mu);
        auto now = std::chrono::steady_clock::now();
        auto it = local.find(bucket);
        if (it == local.end()) return true;
        Local& b = it->second;
        if (!in_fallback) {
            in_fallback = true;
            for (auto& kv : local) {
                kv.second.tokens = 0;
                kv.second.last = now;
            }
        }
        double rate = b.limit.capacity / static_cast<double>(b.limit.period.count());  // per ms
        double elapsed = std::chrono::duration<double, std::milli>(now - b.last).count();
        if (elapsed > 0) {
            b.tokens = (std::min)(b.limit.capacity, b.tokens + elapsed * rate);
            b.last = now;
        }
        if (b.tokens < 1.0) {
            auto w = std::chrono::duration<double, std::milli>((1.0 - b.tokens) / rate);
            wait = std::chrono::duration_cast<std::chrono::steady_clock::duration>(w);
            if (now + wait > deadline) return false;
        }
        b.tokens -= 1.0;
        return true;
    }

    RateLimiterOptions opts;
    detail::Connection conn;
    std::mutex mu;    // guards sha, local, in_fallback; taken inside conn's lock, never around it
    std::string sha;  // the script's SHA1 from SCRIPT LOAD
    std::map<std::string, Local, std::less<>> local;
    bool in_fallback = false;
};

RedisRateLimiter::RedisRateLimiter(RateLimiterOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
RedisRateLimiter::~RedisRateLimiter() = default;

bool RedisRateLimiter::connected() const { return impl_->conn.up(); }

std::optional<std::chrono::milliseconds> RedisRateLimiter::reserve(std::string_view bucket,
                                                                   std::chrono::steady_clock::time_point deadline) {
    auto it = impl_->opts.limits.find(bucket);
    if (it == impl_->opts.limits.end()) return std::chrono::milliseconds(0);
    auto now = std::chrono::steady_clock::now();
    if (deadline <= now) deadline = now;
    long long budget =
        static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
    budget = (std::min)(budget, static_cast<long long>(24LL * 3600 * 1000));
    std::string key = impl_->opts.redis.prefix + ":ratelimit:" + std::string(bucket);
    if (auto granted = impl_->shared(key, it->second, budget)) {
        {
            std::lock_guard<std::mutex> lock(impl_->mu);
            impl_->in_fallback = false;
        }
        if (*granted < 0) return std::nullopt;
        return std::chrono::milliseconds(*granted);
    }
    std::chrono::steady_clock::duration wait{};
    if (!impl_->fallback(bucket, deadline, wait)) return std::nullopt;
    return std::chrono::ceil<std::chrono::milliseconds>(wait);
}

bool RedisRateLimiter::acquire(std::string_view bucket, std::chrono::steady_clock::time_point deadline) {
    auto wait = reserve(bucket, deadline);
    if (!wait) return false;
    if (wait->count() > 0) std::this_thread::sleep_for(*wait);
    return true;
}

}  // namespace redis
}  // namespace didit
