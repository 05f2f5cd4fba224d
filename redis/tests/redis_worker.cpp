// SPDX-License-Identifier: MIT
// One fleet instance for the shared-budget test: threads that take tokens from a RedisRateLimiter.
// Usage: redis-worker <port> <prefix> <threads> <capacity> <period ms> <start ns> <end ns> <out file>
// Waits until the steady clock reads <start ns>, takes "get" tokens until <end ns>, and writes the
// steady-clock time of every grant (ns, one a line) to <out file>.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <didit/redis.hpp>

int main(int argc, char** argv) {
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
