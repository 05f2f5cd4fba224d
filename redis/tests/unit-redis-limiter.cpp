// SPDX-License-Identifier: MIT
// RedisRateLimiter against a real redis-server: one budget for a fleet, and Redis lost and back.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <didit/redis.hpp>

#include "redis_server.hpp"

using clock_type = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

bool have_redis() {
    if (didit_test::redis_server_binary().empty()) {
        MESSAGE("SKIPPED: redis-server is not installed (Debian: redis-server)");
        return false;
    }
    return true;
}

long long ns(clock_type::time_point t) { return static_cast<long long>(t.time_since_epoch().count()); }

std::size_t count_between(const std::vector<long long>& v, clock_type::time_point a, clock_type::time_point b) {
    return static_cast<std::size_t>(
        std::count_if(v.begin(), v.end(), [&](long long g) { return g >= ns(a) && g < ns(b); }));
}

}  // namespace

// 4 processes x 4 threads share 120 tokens per 3 s (the documented 120/min, scaled down so the
// test is short). The rate is counted over a window the test sets, after the first burst.
TEST_CASE("four instances draw from one budget") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());

    const double capacity = 120;
    const auto period = milliseconds(3000);
    const auto start = clock_type::now() + milliseconds(500);
    const auto end = start + milliseconds(8000);
    std::vector<pid_t> pids;
    std::vector<std::string> files;
    for (int i = 0; i < 4; ++i) {
        files.push_back("/tmp/didit-redis-worker-" + std::to_string(::getpid()) + "-" + std::to_string(i));
        pids.push_back(didit_test::spawn({DIDIT_REDIS_WORKER, std::to_string(redis.port()), "budget", "4", "120",
                                          std::to_string(period.count()), std::to_string(ns(start)),
                                          std::to_string(ns(end)), files.back()}));
        REQUIRE(pids.back() != 0);
    }
    std::vector<std::vector<long long>> grants(4);
    for (int i = 0; i < 4; ++i) {
        int st = 0;
        REQUIRE(::waitpid(pids[static_cast<std::size_t>(i)], &st, 0) > 0);
        CHECK(WIFEXITED(st));
        CHECK(WEXITSTATUS(st) == 0);
        std::ifstream in(files[static_cast<std::size_t>(i)]);
        long long g = 0;
        while (in >> g) grants[static_cast<std::size_t>(i)].push_back(g);
        std::remove(files[static_cast<std::size_t>(i)].c_str());
    }

    // The window: from 1.5 s after the start (the initial burst of 120 is long spent) to 0.5 s
    // before the end.
    const auto from = start + milliseconds(1500);
    const auto to = end - milliseconds(500);
    const double seconds = std::chrono::duration<double>(to - from).count();
    const double expected = capacity / std::chrono::duration<double>(period).count() * seconds;
    std::size_t total = 0;
    std::vector<std::size_t> per(4);
    for (std::size_t i = 0; i < 4; ++i) total += per[i] = count_between(grants[i], from, to);
    MESSAGE("aggregate grants in the window: " << total << " (limit: " << expected << "), per instance: " << per[0]
                                               << " " << per[1] << " " << per[2] << " " << per[3]);
    CHECK(static_cast<double>(total) >= expected * 0.95);
    CHECK(static_cast<double>(total) <= expected * 1.05);
    for (std::size_t i = 0; i < 4; ++i) CHECK(static_cast<double>(per[i]) >= 0.15 * static_cast<double>(total));
    // And over the whole run: the burst once, then the rate; never 4 budgets.
    std::size_t all = 0;
    for (const auto& g : grants) all += g.size();
    const double run = std::chrono::duration<double>(end - start).count();
    CHECK(static_cast<double>(all) <= (capacity + capacity / 3.0 * run) * 1.05);
}

// One instance (of an expected 4) while Redis is killed and restarted on the same port.
TEST_CASE("Redis killed mid-run: the fallback holds, then the shared limit is back") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());

    std::mutex log_mu;
    std::vector<std::string> logs;
    didit::redis::RateLimiterOptions o;
    o.redis.port = redis.port();
    o.redis.prefix = "kill";
    o.redis.reconnect_interval = milliseconds(100);
    o.redis.log = [&](std::string_view line) {
        std::lock_guard<std::mutex> lock(log_mu);
        logs.emplace_back(line);
    };
    o.limits = {{"get", {120, milliseconds(3000)}}};  // 40/s shared; the fallback is 10/s
    o.expected_instances = 4;
    didit::redis::RedisRateLimiter limiter(o);

    std::atomic<bool> stop{false};
    std::mutex mu;
    std::vector<long long> grants;
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t) {
        pool.emplace_back([&] {
            while (!stop) {
                if (limiter.acquire("get", clock_type::now() + milliseconds(500))) {
                    auto at = ns(clock_type::now());
                    std::lock_guard<std::mutex> lock(mu);
                    grants.push_back(at);
                }
            }
        });
    }
    auto snapshot = [&] {
        std::lock_guard<std::mutex> lock(mu);
        return grants;
    };

    std::this_thread::sleep_for(milliseconds(1500));
    CHECK(limiter.connected());
    const auto killed = clock_type::now();
    redis.kill();
    std::this_thread::sleep_for(milliseconds(4000));
    const auto restarted = clock_type::now();
    REQUIRE(redis.start());
    std::this_thread::sleep_for(milliseconds(4500));
    stop = true;
    for (auto& th : pool) th.join();  // no hang: every acquire came back
    const auto g = snapshot();
    CHECK(limiter.connected());

    // While down: the local bucket at 120 / 4 per 3 s = 10/s, starting empty.
    const auto down_from = killed + milliseconds(500);
    const auto down_to = restarted - milliseconds(100);
    const double down_s = std::chrono::duration<double>(down_to - down_from).count();
    const std::size_t down = count_between(g, down_from, down_to);
    // Back: Redis starts empty (a full bucket of 120, spent at once), then 40/s.
    const auto up_from = restarted + milliseconds(1500);
    const auto up_to = restarted + milliseconds(4500);
    const double up_s = std::chrono::duration<double>(up_to - up_from).count();
    const std::size_t up = count_between(g, up_from, up_to);
    const std::size_t during_kill = count_between(g, killed, restarted);
    MESSAGE("Redis down " << down_s << " s: " << down << " grants (fallback limit " << 10 * down_s
                          << "); whole outage: " << during_kill << "; back " << up_s << " s: " << up
                          << " grants (shared limit " << 40 * up_s << ")");
    CHECK(static_cast<double>(down) >= 10 * down_s * 0.9);
    CHECK(static_cast<double>(down) <= 10 * down_s * 1.1);
    // Never a burst while down: at most the fallback rate over the whole outage
    // (plus the 4 threads' tokens reserved from Redis just before it went).
    CHECK(static_cast<double>(during_kill) <= 10 * std::chrono::duration<double>(restarted - killed).count() + 5);
    CHECK(static_cast<double>(up) >= 40 * up_s * 0.95);
    CHECK(static_cast<double>(up) <= 40 * up_s * 1.05);

    std::lock_guard<std::mutex> lock(log_mu);
    REQUIRE(logs.size() == 2);  // one line when lost, one when back
    CHECK(logs[0].find("cannot be reached") != std::string::npos);
    CHECK(logs[1].find("reachable again") != std::string::npos);
}

TEST_CASE("Deny fallback refuses while Redis is unreachable, and unknown buckets are not limited") {
    didit::redis::RateLimiterOptions o;
    o.redis.port = didit_test::free_port();  // nothing listens there
    o.redis.log = [](std::string_view) {};
    o.fallback = didit::redis::Fallback::Deny;
    o.limits = {{"get", {5, milliseconds(1000)}}};
    didit::redis::RedisRateLimiter limiter(o);
    CHECK_FALSE(limiter.acquire("get", clock_type::now() + milliseconds(100)));
    CHECK_FALSE(limiter.connected());
    CHECK(limiter.acquire("other", clock_type::now()));
}
