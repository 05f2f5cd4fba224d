// SPDX-License-Identifier: MIT
// RedisDeduplicator against a real redis-server: each delivery handled once across processes.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <didit/redis.hpp>

#include "redis_server.hpp"

namespace {

bool have_redis() {
    if (didit_test::redis_server_binary().empty()) {
        MESSAGE("SKIPPED: redis-server is not installed (Debian: redis-server)");
        return false;
    }
    return true;
}

didit::webhook::Event event(std::string id, std::string session = "11111111-2222-4333-8444-555555555555") {
    didit::webhook::Event e;
    if (!id.empty()) e.event_id = std::move(id);
    e.session_id = std::move(session);
    e.status = didit::SessionStatus::Approved;
    e.webhook_type = didit::webhook::WebhookType::StatusUpdated;
    e.timestamp = 1767225600;
    return e;
}

}  // namespace

// Two receiver processes get every delivery three times between them (one of them twice),
// concurrently: each delivery is handled exactly once in all.
TEST_CASE("two receivers, three copies of each delivery: each handled exactly once") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    const int events = 200;
    const auto ts =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::vector<std::string> files;
    std::vector<pid_t> pids;
    for (int copies : {2, 1}) {
        files.push_back("/tmp/didit-redis-dedup-" + std::to_string(::getpid()) + "-" + std::to_string(files.size()));
        pids.push_back(
            didit_test::spawn({DIDIT_REDIS_WORKER, "dedup", std::to_string(redis.port()), "dups",
                               std::to_string(events), std::to_string(copies), std::to_string(ts), files.back()}));
        REQUIRE(pids.back() != 0);
    }
    std::map<std::string, int> handled;
    std::vector<int> per_process;
    for (std::size_t i = 0; i < pids.size(); ++i) {
        int st = 0;
        REQUIRE(::waitpid(pids[i], &st, 0) > 0);
        CHECK(WIFEXITED(st));
        CHECK(WEXITSTATUS(st) == 0);
        std::ifstream in(files[i]);
        int n = 0;
        for (std::string k; std::getline(in, k);) {
            ++handled[k];
            ++n;
        }
        per_process.push_back(n);
        std::remove(files[i].c_str());
    }
    int total = 0, more_than_once = 0;
    for (const auto& kv : handled) {
        total += kv.second;
        if (kv.second != 1) ++more_than_once;
    }
    MESSAGE("deliveries: " << events * 3 << " (" << events << " events x 3); handled: " << total
                           << " (receiver A: " << per_process[0] << ", receiver B: " << per_process[1]
                           << "); handled more than once: " << more_than_once);
    CHECK(handled.size() == static_cast<std::size_t>(events));
    CHECK(total == events);
    CHECK(more_than_once == 0);
    CHECK(handled.count("event:evt-1") == 1);
    CHECK(handled.count("delivery:11111111-2222-4333-8444-000000000000:Approved:status.updated:" +
                        std::to_string(ts)) == 1);  // no event_id: the fallback identity
}

TEST_CASE("a failed handler releases its key, and the retry is handled (on another instance)") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    didit::redis::DeduplicatorOptions o;
    o.redis.port = redis.port();
    o.redis.prefix = "release";
    didit::redis::RedisDeduplicator a(o), b(o);
    const auto ev = event("evt-release");
    REQUIRE(a.first_time(ev));  // instance A handles it, and fails:
    CHECK_FALSE(b.first_time(ev));
    a.release(ev);
    CHECK(b.first_time(ev));  // Didit's retry reaches B and is handled
    CHECK_FALSE(a.first_time(ev));
    CHECK_FALSE(b.first_time(ev));
    // Another prefix is another application.
    o.redis.prefix = "other-app";
    didit::redis::RedisDeduplicator c(o);
    CHECK(c.first_time(ev));
}

TEST_CASE("the key expires after its time to live") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    didit::redis::DeduplicatorOptions o;
    o.redis.port = redis.port();
    o.ttl = std::chrono::milliseconds(50);
    didit::redis::RedisDeduplicator d(o);
    REQUIRE(d.first_time_key("k"));
    CHECK_FALSE(d.first_time_key("k"));
    // Redis expires it; wait until it has (bounded), not for a set time.
    bool again = false;
    for (int i = 0; i < 200 && !again; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        again = d.first_time_key("k");
    }
    CHECK(again);
}

TEST_CASE("Redis unreachable: the de-duplicator falls back to this process's memory") {
    didit::redis::DeduplicatorOptions o;
    o.redis.port = didit_test::free_port();
    o.redis.log = [](std::string_view) {};
    didit::redis::RedisDeduplicator d(o);
    const auto ev = event("");
    CHECK(d.first_time(ev));
    CHECK_FALSE(d.first_time(ev));
    d.release(ev);
    CHECK(d.first_time(ev));
}
