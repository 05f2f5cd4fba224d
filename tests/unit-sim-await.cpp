// SPDX-License-Identifier: MIT
// sessions().await_decision on the in-process simulator: woken by webhooks, by polling, and Timeout.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit::SessionStatus;
using didit::sim::Outcome;
using didit::sim::Platform;
using SimClient = didit::Client<didit::sim::SimTransport>;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

namespace {

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

/// Counts the reads of a decision, and any 429 among them.
struct CountReads : didit::Policy {
    std::atomic<int> reads{0};
    std::atomic<int> limited{0};
    std::optional<std::chrono::milliseconds> after_attempt(const HttpRequest&, didit::Result<didit::HttpResponse>& r,
                                                           didit::CallContext& call) override {
        if (call.route == "SessionsGetDecision") {
            ++reads;
            if (r.ok() && r.value().status == 429) ++limited;
        }
        return std::nullopt;
    }
};

/// A platform whose webhooks reach `on_webhook`, a client on it that counts its reads, and a session.
struct Fixture {
    std::function<void(const HttpRequest&)> on_webhook;
    std::shared_ptr<Platform> p;
    std::shared_ptr<CountReads> reads = std::make_shared<CountReads>();
    std::unique_ptr<SimClient> client;
    std::string session_id;

    explicit Fixture(std::shared_ptr<didit::RateLimiter> limiter = nullptr) {
        didit::sim::Options so;
        so.webhook_handler = [this](const HttpRequest& r) {
            if (on_webhook) on_webhook(r);
            return 200;
        };
        p = std::make_shared<Platform>(std::move(so));
        didit::ClientOptions o;
        o.api_key = p->api_key();
        o.retry.max_retries = 0;
        o.rate_limit = limiter != nullptr;
        o.rate_limiter = std::move(limiter);
        o.per_attempt_policies.push_back(reads);
        client = std::make_unique<SimClient>(o, didit::sim::SimTransport(p));
        Json wfs = raw(Method::Get, "/v3/workflows/");
        const Json& rows = wfs.is_array() ? wfs : wfs["results"];
        REQUIRE(!rows.empty());
        Json s = raw(Method::Post, "/v3/session/", Json{{"workflow_id", rows.front()["workflow_id"]}});
        session_id = s.value("session_id", std::string());
        REQUIRE(!session_id.empty());
    }
    Json raw(Method m, const std::string& path, const Json& body = nullptr) {
        HttpRequest r;
        r.method = m;
        r.url = "https://verification.didit.me" + path;
        r.headers.set("x-api-key", p->api_key());
        if (!body.is_null()) {
            r.body = body.dump();
            r.headers.set("Content-Type", "application/json");
        }
        return parse(p->handle(r).body);
    }
    /// Subscribes a destination to status.updated; returns its secret.
    std::string subscribe() {
        Json d = raw(
            Method::Post, "/v3/webhook/destinations/",
            Json{{"label", "rx"}, {"url", "https://rx.example.com/hook"}, {"subscribed_events", {"status.updated"}}});
        return d.value("secret_shared_key", std::string());
    }
    /// Waits (bounded) until the client has read the decision `n` times.
    bool reads_reach(int n) {
        for (int i = 0; i < 2000 && reads->reads < n; ++i) std::this_thread::sleep_for(milliseconds(5));
        return reads->reads >= n;
    }
};

}  // namespace

TEST_CASE("await_decision: a verified webhook wakes it; it does not wait for the next poll") {
    // Declared before the platform, so the platform's delivery thread stops before it goes.
    auto signals = std::make_shared<didit::LocalDecisionSignals>();
    Fixture f;
    const std::string secret = f.subscribe();
    REQUIRE(!secret.empty());
    const didit::webhook::Verifier verifier(secret);
    std::atomic<int> seq{0}, notified_at{0}, delivered{0};
    std::atomic<long long> delivered_ns{0};
    f.on_webhook = [&](const HttpRequest& r) {
        auto ev = verifier.verify(r.headers, r.body);
        if (!ev || !ev->session_id) return;
        ++delivered;
        delivered_ns = clock_type::now().time_since_epoch().count();
        notified_at = ++seq;
        signals->notify(*ev->session_id);
    };

    didit::AwaitDecisionOptions o;
    o.signals = signals;
    o.first_poll = std::chrono::hours(1);  // only a signal can bring a second read before the deadline
    didit::Result<didit::Decision> got = didit::make_error(didit::ErrorKind::Timeout, "not run");
    int returned_at = 0;
    long long returned_ns = 0;
    std::thread waiter([&] {
        got = f.client->sessions().await_decision(f.session_id, clock_type::now() + std::chrono::seconds(60), o);
        returned_ns = clock_type::now().time_since_epoch().count();
        returned_at = ++seq;
    });
    REQUIRE(f.reads_reach(1));  // the first read saw Not Started; now it waits
    REQUIRE(f.p->complete_session(f.session_id, Outcome::Approved).ok());
    waiter.join();
    REQUIRE(f.p->wait_for_deliveries(std::chrono::seconds(30)));  // the handler has returned
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got.value().status == SessionStatus::Approved);
    CHECK(f.reads->reads == 2);  // the first read, and the one the signal asked for
    CHECK(delivered >= 1);
    CHECK(notified_at < returned_at);
    MESSAGE("await_decision returned " << (returned_ns - delivered_ns) / 1000 << " us after the webhook");
}

TEST_CASE("await_decision: without webhooks, polling finds the decision") {
    Fixture f;
    didit::AwaitDecisionOptions o;
    o.first_poll = milliseconds(5);
    o.backoff = 1.0;
    didit::Result<didit::Decision> got = didit::make_error(didit::ErrorKind::Timeout, "not run");
    std::thread waiter([&] {
        got = f.client->sessions().await_decision(f.session_id, clock_type::now() + std::chrono::seconds(60), o);
    });
    REQUIRE(f.reads_reach(3));  // still polling
    REQUIRE(f.p->complete_session(f.session_id, Outcome::Declined).ok());
    waiter.join();
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got.value().status == SessionStatus::Declined);
    CHECK(f.reads->reads >= 4);
}

TEST_CASE("await_decision: Timeout past the deadline, and its polling stays inside the GET limit") {
    // A GET limit scaled down to 5 a second; await_decision asks to poll every millisecond.
    auto limiter = std::make_shared<didit::TokenBucketLimiter>(
        didit::TokenBucketLimiter::Limits{{"get", {5, milliseconds(1000)}}});
    Fixture f(limiter);
    didit::AwaitDecisionOptions o;
    o.first_poll = milliseconds(1);
    o.backoff = 1.0;
    const auto start = clock_type::now();
    auto got = f.client->sessions().await_decision(f.session_id, start + milliseconds(1000), o);
    const double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    REQUIRE_FALSE(got.ok());
    CHECK(got.error().kind == didit::ErrorKind::Timeout);
    MESSAGE(f.reads->reads.load() << " reads in " << seconds << " s (limit: a burst of 5, then 5 a second)");
    CHECK(f.reads->reads >= 2);
    CHECK(static_cast<double>(f.reads->reads) <= 5 + 5 * seconds + 1);
    CHECK(f.reads->limited == 0);

    // And the defaults poll no more often than every 2 s (30 a minute, far inside 600).
    CHECK(didit::AwaitDecisionOptions{}.first_poll >= std::chrono::seconds(2));
}

TEST_CASE("LocalDecisionSignals: a signal reaches the watches of its session only") {
    didit::LocalDecisionSignals s;
    auto a = s.watch("a");
    auto a2 = s.watch("a");
    auto b = s.watch("b");
    s.notify("a");
    s.notify("nobody");  // no watch: nothing kept
    CHECK(a->wait_until(clock_type::now()));
    CHECK(a2->wait_until(clock_type::now()));
    CHECK_FALSE(b->wait_until(clock_type::now()));
    CHECK_FALSE(a->wait_until(clock_type::now()));  // consumed
    // A signal sent before the wait starts is not lost.
    s.notify("b");
    CHECK(b->wait_until(clock_type::now() + std::chrono::hours(1)));
}
