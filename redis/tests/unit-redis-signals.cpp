// SPDX-License-Identifier: MIT
// RedisDecisionSignals against a real redis-server: a webhook on one instance wakes await_decision on another.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <didit/redis.hpp>
#include <didit/sim.hpp>

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

didit::redis::ConnectionOptions at(int port) {
    didit::redis::ConnectionOptions o;
    o.port = port;
    o.prefix = "signals";
    o.reconnect_interval = milliseconds(50);
    o.log = [](std::string_view) {};
    return o;
}

bool wait_subscribed(const didit::redis::RedisDecisionSignals& s) {
    for (int i = 0; i < 1000 && !s.subscribed(); ++i) std::this_thread::sleep_for(milliseconds(5));
    return s.subscribed();
}

didit::Json parse(const std::string& t) { return didit::Json::parse(t, nullptr, false); }

}  // namespace

TEST_CASE("a signal published by one instance wakes the watches of another, for that session only") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    didit::redis::RedisDecisionSignals a(at(redis.port())), b(at(redis.port()));
    REQUIRE(wait_subscribed(a));
    REQUIRE(wait_subscribed(b));
    auto on_b = b.watch("s1");
    auto other = b.watch("s2");
    a.notify("s1");
    CHECK(on_b->wait_until(clock_type::now() + std::chrono::seconds(30)));
    CHECK_FALSE(other->wait_until(clock_type::now()));
}

TEST_CASE("await_decision on instance B is woken by the webhook that reached instance A") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    auto a = std::make_shared<didit::redis::RedisDecisionSignals>(at(redis.port()));
    auto b = std::make_shared<didit::redis::RedisDecisionSignals>(at(redis.port()));
    REQUIRE(wait_subscribed(*a));
    REQUIRE(wait_subscribed(*b));

    // The platform's webhooks reach "instance A", which verifies them and signals.
    std::string secret;
    std::mutex secret_mu;
    std::atomic<int> seq{0}, notified_at{0};
    didit::sim::Options so;
    so.webhook_handler = [&](const didit::HttpRequest& r) {
        std::string s;
        {
            std::lock_guard<std::mutex> lock(secret_mu);
            s = secret;
        }
        auto ev = didit::webhook::Verifier(s).verify(r.headers, r.body);
        if (ev && ev->session_id) {
            notified_at = ++seq;
            a->notify(*ev->session_id);
        }
        return 200;
    };
    auto p = std::make_shared<didit::sim::Platform>(std::move(so));
    auto raw = [&](didit::Method m, const std::string& path, const didit::Json& body) {
        didit::HttpRequest r;
        r.method = m;
        r.url = "https://verification.didit.me" + path;
        r.headers.set("x-api-key", p->api_key());
        if (!body.is_null()) {
            r.body = body.dump();
            r.headers.set("Content-Type", "application/json");
        }
        return parse(p->handle(r).body);
    };
    {
        std::lock_guard<std::mutex> lock(secret_mu);
        secret =
            raw(didit::Method::Post, "/v3/webhook/destinations/",
                didit::Json{
                    {"label", "a"}, {"url", "https://a.example.com/hook"}, {"subscribed_events", {"status.updated"}}})
                .value("secret_shared_key", std::string());
    }
    didit::Json wfs = raw(didit::Method::Get, "/v3/workflows/", nullptr);
    const didit::Json& rows = wfs.is_array() ? wfs : wfs["results"];
    REQUIRE(!rows.empty());
    const std::string id =
        raw(didit::Method::Post, "/v3/session/", didit::Json{{"workflow_id", rows.front()["workflow_id"]}})
            .value("session_id", std::string());
    REQUIRE(!id.empty());

    // "Instance B" waits, polling only once an hour: only the signal can end its wait early.
    didit::ClientOptions co;
    co.api_key = p->api_key();
    co.rate_limit = false;
    didit::Client<didit::sim::SimTransport> client(co, didit::sim::SimTransport(p));
    didit::AwaitDecisionOptions o;
    o.signals = b;
    o.first_poll = std::chrono::hours(1);
    std::atomic<bool> started{false};
    int returned_at = 0;
    didit::Result<didit::Decision> got = didit::make_error(didit::ErrorKind::Timeout, "not run");
    std::thread waiter([&] {
        started = true;
        got = client.sessions().await_decision(id, clock_type::now() + std::chrono::seconds(60), o);
        returned_at = ++seq;
    });
    while (!started) std::this_thread::yield();
    REQUIRE(p->complete_session(id, didit::sim::Outcome::Approved).ok());
    waiter.join();
    REQUIRE(p->wait_for_deliveries(std::chrono::seconds(30)));  // the handler has returned
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got.value().status == didit::SessionStatus::Approved);
    CHECK(notified_at > 0);
}

TEST_CASE("Redis lost: notify still wakes this instance, and the subscription comes back") {
    if (!have_redis()) return;
    didit_test::RedisServer redis;
    REQUIRE(redis.start());
    didit::redis::RedisDecisionSignals s(at(redis.port()));
    REQUIRE(wait_subscribed(s));
    redis.kill();
    for (int i = 0; i < 1000 && s.subscribed(); ++i) std::this_thread::sleep_for(milliseconds(5));
    CHECK_FALSE(s.subscribed());
    auto w = s.watch("x");
    s.notify("x");
    CHECK(w->wait_until(clock_type::now() + std::chrono::seconds(30)));
    REQUIRE(redis.start());
    CHECK(wait_subscribed(s));
    didit::redis::RedisDecisionSignals other(at(redis.port()));
    REQUIRE(wait_subscribed(other));
    other.notify("x");
    CHECK(w->wait_until(clock_type::now() + std::chrono::seconds(30)));
}
