// SPDX-License-Identifier: MIT
// Webhook de-duplication: a delivery's identity and MemoryDeduplicator (TTL, bound, release, threads).
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using didit::MemoryDeduplicator;
using didit::webhook::Event;

namespace {

Event event(std::string id) {
    Event e;
    if (!id.empty()) e.event_id = std::move(id);
    e.session_id = "11111111-2222-4333-8444-555555555555";
    e.status = didit::SessionStatus::Declined;
    e.webhook_type = didit::webhook::WebhookType::StatusUpdated;
    e.timestamp = 1767225600;
    return e;
}

}  // namespace

TEST_CASE("delivery_key: the event_id, else session, status, type and timestamp") {
    CHECK(didit::webhook::delivery_key(event("e-1")) == "event:e-1");
    CHECK(didit::webhook::delivery_key(event("")) ==
          "delivery:11111111-2222-4333-8444-555555555555:Declined:status.updated:1767225600");
    Event later = event("");
    later.timestamp = 1767225601;  // another status change of the same session is another delivery
    CHECK(didit::webhook::delivery_key(later) != didit::webhook::delivery_key(event("")));
    CHECK(didit::webhook::delivery_key(Event{}).empty());
    // Nothing identifies it: never treated as a repeat.
    MemoryDeduplicator d;
    CHECK(d.first_time(Event{}));
    CHECK(d.first_time(Event{}));
    CHECK(d.size() == 0);
}

TEST_CASE("MemoryDeduplicator: once per key, until released or expired") {
    auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    MemoryDeduplicator d(100, std::chrono::minutes(10), [&] { return now; });
    CHECK(d.first_time(event("a")));
    CHECK_FALSE(d.first_time(event("a")));
    CHECK(d.first_time(event("b")));
    d.release(event("a"));  // the handler failed: the retry must be handled
    CHECK(d.first_time(event("a")));
    CHECK_FALSE(d.first_time(event("a")));
    now += std::chrono::minutes(9);
    CHECK_FALSE(d.first_time(event("b")));
    now += std::chrono::minutes(2);  // b is 11 minutes old
    CHECK(d.first_time(event("b")));
    CHECK(d.size() == 1);  // a (11 minutes old too) has gone
}

TEST_CASE("MemoryDeduplicator: bounded; the oldest key goes first") {
    MemoryDeduplicator d(3);
    for (const char* k : {"1", "2", "3", "4"}) CHECK(d.first_time_key(k));
    CHECK(d.size() <= 3);
    CHECK(d.first_time_key("1"));  // evicted, so seen as new
    CHECK_FALSE(d.first_time_key("4"));
    for (int i = 0; i < 1000; ++i) d.first_time_key(std::to_string(i));
    CHECK(d.size() <= 3);
}

TEST_CASE("MemoryDeduplicator: of threads offered the same delivery, exactly one handles it") {
    MemoryDeduplicator d;
    for (int round = 0; round < 50; ++round) {
        std::atomic<int> handled{0};
        std::vector<std::thread> pool;
        const Event e = event("evt-" + std::to_string(round));
        for (int t = 0; t < 4; ++t)
            pool.emplace_back([&] {
                if (d.first_time(e)) ++handled;
            });
        for (auto& th : pool) th.join();
        CHECK(handled == 1);
    }
}
