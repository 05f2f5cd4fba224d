// SPDX-License-Identifier: MIT
// One fleet instance for the Redis tests.
//   redis-worker <port> <prefix> <threads> <capacity> <period ms> <start ns> <end ns> <out file>
// waits until the steady clock reads <start ns>, takes "get" tokens from a RedisRateLimiter until
// <end ns>, and writes the steady-clock time of every grant (ns, one a line) to <out file>.
//   redis-worker dedup <port> <prefix> <events> <copies> <timestamp> <out file>
// receives <events> signed webhooks <copies> times each, on 4 threads, verifies each, and handles
// it when RedisDeduplicator says it is the first time: writes the delivery keys it handled.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <didit/redis.hpp>

namespace {

int dedup_main(int argc, char** argv) {
    if (argc != 8) return 2;
    didit::redis::DeduplicatorOptions o;
    o.redis.port = std::atoi(argv[2]);
    o.redis.prefix = argv[3];
    const int events = std::atoi(argv[4]);
    const int copies = std::atoi(argv[5]);
    const std::int64_t ts = std::atoll(argv[6]);
    didit::redis::RedisDeduplicator dedup(o);
    const std::string secret = "whsec-fleet-test";
    const didit::webhook::Verifier verifier(secret);

    // Every fourth event has no event_id: its key is session, status, type and timestamp.
    std::vector<std::pair<didit::Headers, std::string>> deliveries;
    for (int c = 0; c < copies; ++c)
        for (int i = 0; i < events; ++i) {
            char sid[40];
            std::snprintf(sid, sizeof sid, "11111111-2222-4333-8444-%012d", i);
            std::string body =
                std::string("{") + (i % 4 == 0 ? "" : "\"event_id\":\"evt-" + std::to_string(i) + "\",") +
                "\"session_id\":\"" + sid + "\",\"status\":\"Approved\",\"webhook_type\":\"status.updated\"," +
                "\"timestamp\":" + std::to_string(ts) + "}";
            auto h = didit::webhook::sign(body, secret, ts);
            if (!h) return 4;
            deliveries.emplace_back(std::move(h.value()), std::move(body));
        }
    std::mutex mu;
    std::vector<std::string> handled;
    std::atomic<std::size_t> next{0};
    std::atomic<int> bad{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < 4; ++t)
        pool.emplace_back([&] {
            for (std::size_t i; (i = next++) < deliveries.size();) {
                auto ev = verifier.verify(deliveries[i].first, deliveries[i].second);
                if (!ev) {
                    ++bad;
                    continue;
                }
                if (dedup.first_time(*ev)) {
                    std::lock_guard<std::mutex> lock(mu);
                    handled.push_back(didit::webhook::delivery_key(*ev));
                }
            }
        });
    for (auto& th : pool) th.join();
    std::FILE* f = std::fopen(argv[7], "w");
    if (!f) return 1;
    for (const auto& k : handled) std::fprintf(f, "%s\n", k.c_str());
    std::fclose(f);
    return bad == 0 ? 0 : 5;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "dedup") return dedup_main(argc, argv);
    if (argc != 9) {
        std::fprintf(stderr,
                     "usage: redis-worker <port> <prefix> <threads> <capacity> <period ms> <start ns> "
                     "<end ns> <out file>\n");
        return 2;
    }
    using clock = std::chrono::steady_clock;
    didit::redis::RateLimiterOptions o;
    o.redis.port = std::atoi(argv[1]);
    o.redis.prefix = argv[2];
    int threads = std::atoi(argv[3]);
    o.limits = {{"get", {std::atof(argv[4]), std::chrono::milliseconds(std::atoll(argv[5]))}}};
    o.expected_instances = 4;
    clock::time_point start{clock::duration(std::atoll(argv[6]))};
    clock::time_point end{clock::duration(std::atoll(argv[7]))};
    didit::redis::RedisRateLimiter limiter(o);

    std::mutex mu;
    std::vector<long long> grants;
    std::vector<std::thread> pool;
    std::this_thread::sleep_until(start);
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            while (clock::now() < end) {
                if (limiter.acquire("get", clock::now() + std::chrono::seconds(1))) {
                    auto at = clock::now().time_since_epoch().count();
                    std::lock_guard<std::mutex> lock(mu);
                    grants.push_back(static_cast<long long>(at));
                }
            }
        });
    }
    for (auto& th : pool) th.join();
    std::FILE* f = std::fopen(argv[8], "w");
    if (!f) return 1;
    for (long long g : grants) std::fprintf(f, "%lld\n", g);
    std::fclose(f);
    return limiter.connected() ? 0 : 3;
}
