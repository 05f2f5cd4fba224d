// SPDX-License-Identifier: MIT
// Asynchronous calls: Future, the async() view, the worker-pool engine, timers for every wait,
// cancellation, max_in_flight, rate limits shared with synchronous calls, and the loopback faults.
#include <didit/didit.hpp>

#include "fault_server.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using didit::AsyncEngine;
using didit::ClientOptions;
using didit::ErrorKind;
using didit::Future;
using didit::HttpRequest;
using didit::HttpResponse;
using didit::MockTransport;
using didit::Result;
using std::chrono::milliseconds;

const std::string kBalance = R"({"balance":"1234.5600","auto_refill_enabled":false})";
const std::string kTopUp =
    R"({"checkout_session_id":"cs_test_1","checkout_session_url":"https://checkout.stripe.com/c/pay/cs_test_1"})";

didit::TopUpRequest top_up_request() {
    didit::TopUpRequest r;
    r.amount_in_dollars = 50;
    return r;
}

/// A backoff wait for retry `n`: 500 ms · 2^(n-1), capped at 8 s, ±25 %.
bool is_backoff(milliseconds w, int n) {
    double base = 500;
    for (int i = 1; i < n; ++i) base *= 2;
    if (base > 8000) base = 8000;
    return static_cast<double>(w.count()) >= base * 0.75 - 1 && static_cast<double>(w.count()) <= base * 1.25 + 1;
}

/// A deterministic engine driven by the test: transfers are answered from a MockTransport and
/// timers fire in order of their delays, only when the test calls run(). It records every
/// timer's delay. It is also a plain transport (send), so Client<FakeEngine> uses it for both.
/// Copies share one state, like MockTransport.
class FakeEngine : public AsyncEngine {
public:
    FakeEngine() : s_(std::make_shared<State>()) {}

    Id send_async(HttpRequest request, SendHandler done) override {
        std::lock_guard<std::mutex> lock(s_->mutex);
        Id id = ++s_->next;
        s_->transfers.emplace(id, Transfer{std::move(request), std::move(done)});
        return id;
    }
    Id schedule(milliseconds delay, Task task) override {
        std::lock_guard<std::mutex> lock(s_->mutex);
        Id id = ++s_->next;
        s_->timer_log.push_back(delay);
        s_->timers.emplace(id, Timer{s_->now + delay, std::move(task)});
        return id;
    }
    bool cancel(Id id) override {
        SendHandler done;
        {
            std::lock_guard<std::mutex> lock(s_->mutex);
            ++s_->cancels;
            if (s_->timers.erase(id) != 0) return true;
            auto t = s_->transfers.find(id);
            if (t == s_->transfers.end()) return false;
            done = std::move(t->second.done);
            s_->transfers.erase(t);
        }
        done(didit::make_error(ErrorKind::Cancelled, "cancelled"));
        return true;
    }
    bool on_engine_thread() const override { return s_->running_on == std::this_thread::get_id(); }

    /// The plain transport: answers from the mock at once.
    Result<HttpResponse> send(const HttpRequest& r) { return mock.send(r); }
    static std::string name() { return "fake-engine"; }

    /// Answers every transfer under way (not those they start), then fires the earliest timer;
    /// repeats until `until()` or nothing is left. Runs the handlers on this thread.
    void run(
        const std::function<bool()>& until = [] { return false; }, bool fire_timers = true) {
        s_->running_on = std::this_thread::get_id();
        while (!until()) {
            std::vector<std::pair<Id, Transfer>> batch;
            Task task;
            {
                std::lock_guard<std::mutex> lock(s_->mutex);
                for (auto& t : s_->transfers) batch.emplace_back(t.first, std::move(t.second));
                s_->transfers.clear();
                if (batch.empty() && fire_timers && !s_->timers.empty()) {
                    auto first =
                        std::min_element(s_->timers.begin(), s_->timers.end(),
                                         [](const auto& a, const auto& b) { return a.second.at < b.second.at; });
                    s_->now = first->second.at;
                    task = std::move(first->second.task);
                    s_->timers.erase(first);
                }
            }
            if (batch.empty() && !task) break;
            for (auto& t : batch) t.second.done(mock.send(t.second.request));
            if (task) task();
        }
        s_->running_on = std::thread::id();
    }

    std::vector<milliseconds> timer_log() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->timer_log;
    }
    std::size_t transfers() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->transfers.size();
    }
    std::size_t timers() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->timers.size();
    }

    MockTransport mock;

private:
    struct Transfer {
        HttpRequest request;
        SendHandler done;
    };
    struct Timer {
        milliseconds at;
        Task task;
    };
    struct State {
        mutable std::mutex mutex;
        Id next = 0;
        milliseconds now{0};
        std::map<Id, Transfer> transfers;
        std::map<Id, Timer> timers;
        std::vector<milliseconds> timer_log;
        int cancels = 0;
        std::atomic<std::thread::id> running_on{};
    };
    std::shared_ptr<State> s_;
};

/// Counts the outcomes handed to then() callbacks.
template <class T>
struct Outcomes {
    std::mutex mutex;
    std::vector<Result<T>> got;
    std::function<void(Result<T>)> callback() {
        return [this](Result<T> r) {
            std::lock_guard<std::mutex> lock(mutex);
            got.push_back(std::move(r));
        };
    }
    std::size_t size() {
        std::lock_guard<std::mutex> lock(mutex);
        return got.size();
    }
};

/// Test options with the default retries (2) and a `sleep` that fails the test if called:
/// asynchronous calls must wait on engine timers, never by sleeping.
ClientOptions async_options(std::shared_ptr<std::atomic<int>> sleeps) {
    ClientOptions o = didit_test::test_options();
    o.retry.max_retries = 2;
    o.rate_limit = false;
    o.sleep = [sleeps](milliseconds) { sleeps->fetch_add(1); };
    return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The pipeline on engine timers (a fake engine: deterministic, no wall time).

TEST_CASE("async: retries with backoff run as engine timers, with the sync path's attempt count") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(503, R"({"detail":"down"})").reply(503, R"({"detail":"down"})").reply(200, kBalance);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto f = client.async().billing().balance();
    CHECK_FALSE(f.ready());
    engine.run();
    REQUIRE(f.ready());
    auto r = f.get();
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r->balance == "1234.5600");
    CHECK(engine.mock.request_count() == 3);
    auto log = engine.timer_log();
    REQUIRE(log.size() == 2);
    CHECK(is_backoff(log[0], 1));
    CHECK(is_backoff(log[1], 2));
    CHECK(sleeps->load() == 0);

    // Exhausted: the same error and attempt count as the synchronous call.
    engine.mock.reply(503, R"({"detail":"down"})").reply(503, R"({"detail":"down"})").reply(503, R"({"detail":"d"})");
    auto g = client.async().billing().balance();
    engine.run();
    auto e = g.get();
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Server);
    CHECK(e.error().attempts == 3);
    CHECK(e.error().status == 503);
    CHECK(engine.timer_log().size() == 4);
    // The result is taken once.
    CHECK(g.get().error().kind == ErrorKind::InvalidArgument);
}

TEST_CASE("async: Retry-After is an engine timer of the server's wait; a POST 429 is repeated") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(429, R"({"detail":"slow down"})", didit::Headers{{"Retry-After", "2"}}).reply(200, kTopUp);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto f = client.async().billing().top_up(top_up_request());
    engine.run();
    auto r = f.get();
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(engine.mock.request_count() == 2);
    REQUIRE(engine.timer_log().size() == 1);
    CHECK(engine.timer_log()[0] == milliseconds(2000));
    CHECK(sleeps->load() == 0);
}

TEST_CASE("async: a non-idempotent POST is sent once and reports OutcomeUnknown, as the sync path does") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(503, R"({"detail":"down"})").reply(200, kTopUp);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto f = client.async().billing().top_up(top_up_request());
    engine.run();
    auto r = f.get();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::OutcomeUnknown);
    CHECK(r.error().attempts == 1);
    CHECK(engine.mock.request_count() == 1);
    CHECK(engine.timer_log().empty());
}

TEST_CASE("async: a request refused before sending completes the Future at once") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    ClientOptions o = async_options(sleeps);
    o.api_key.clear();
    o.base_url = "http://example.com";  // plain http to a non-loopback host
    didit::Client<FakeEngine> client(o, engine);
    auto f = client.async().billing().balance();
    REQUIRE(f.ready());
    auto r = f.get();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(engine.transfers() == 0);
    CHECK(engine.mock.request_count() == 0);
}

TEST_CASE("async: then() runs exactly once, on the engine thread, or at once when already done") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(200, kBalance).reply(200, kBalance);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto f = client.async().billing().balance();
    auto pending = client.async().billing().balance();
    std::thread::id ran_on;
    int calls = 0;
    std::optional<ErrorKind> inner_get;
    f.then([&](Result<didit::Balance> r) {
        ++calls;
        ran_on = std::this_thread::get_id();
        CHECK(r.ok());
        // Waiting here would deadlock: get() says so instead.
        if (!pending.ready()) inner_get = pending.get().error().kind;
    });
    CHECK(calls == 0);
    engine.run([&] { return calls > 0; });
    CHECK(calls == 1);
    CHECK(ran_on == std::this_thread::get_id());  // run() drives the engine on this thread
    if (inner_get) CHECK(*inner_get == ErrorKind::InvalidArgument);
    engine.run();
    int later = 0;
    pending.then([&](Result<didit::Balance> r) {
        ++later;
        CHECK(r.ok());
    });
    CHECK(later == 1);                                          // already complete: at once
    CHECK(f.get().error().kind == ErrorKind::InvalidArgument);  // taken by the callback
}

// ---------------------------------------------------------------------------------------------
// Cancellation: queued, during a transfer, during a backoff wait.

TEST_CASE("async: cancel during a backoff wait drops the timer; the outcome is Cancelled, once") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(503, R"({"detail":"down"})").reply(200, kBalance);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto async = client.async();
    Outcomes<didit::Balance> out;
    auto f = async.billing().balance();
    f.then(out.callback());
    engine.run([] { return false; }, /*fire_timers=*/false);
    REQUIRE(engine.timers() == 1);
    CHECK(async.in_flight() == 1);
    CHECK(f.cancel());
    CHECK_FALSE(f.cancel());
    REQUIRE(out.size() == 1);
    CHECK(out.got[0].error().kind == ErrorKind::Cancelled);
    CHECK(engine.timers() == 0);
    CHECK(async.in_flight() == 0);
    engine.run();
    CHECK(out.size() == 1);
    CHECK(engine.mock.request_count() == 1);  // the retry never went
}

TEST_CASE("async: cancel during a transfer cancels it on the engine; the outcome is Cancelled, once") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.reply(200, kBalance);
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto async = client.async();
    Outcomes<didit::Balance> out;
    auto f = async.billing().balance();
    f.then(out.callback());
    REQUIRE(engine.transfers() == 1);
    CHECK(f.cancel());
    REQUIRE(out.size() == 1);
    CHECK(out.got[0].error().kind == ErrorKind::Cancelled);
    CHECK(engine.transfers() == 0);
    CHECK(async.in_flight() == 0);
    engine.run();
    CHECK(out.size() == 1);
    CHECK(engine.mock.request_count() == 0);
    CHECK(f.get().error().kind == ErrorKind::InvalidArgument);  // taken by the callback
}

TEST_CASE("async: max_in_flight queues calls first in, first out; a queued call can be cancelled") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.on_request([](const HttpRequest&) -> Result<HttpResponse> {
        HttpResponse r;
        r.status = 200;
        r.body = kBalance;
        return r;
    });
    ClientOptions o = async_options(sleeps);
    o.max_in_flight = 2;
    didit::Client<FakeEngine> client(o, engine);
    auto async = client.async();
    std::vector<Future<didit::Balance>> fs;
    for (int i = 0; i < 5; ++i) fs.push_back(async.billing().balance());
    CHECK(engine.transfers() == 2);
    CHECK(async.in_flight() == 2);
    CHECK(async.queued() == 3);
    CHECK(fs[3].cancel());
    CHECK(async.queued() == 2);
    CHECK(fs[3].get().error().kind == ErrorKind::Cancelled);
    engine.run();
    CHECK(async.in_flight() == 0);
    CHECK(async.queued() == 0);
    for (int i : {0, 1, 2, 4}) {
        CAPTURE(i);
        auto r = fs[static_cast<std::size_t>(i)].get();
        CHECK(r.ok());
    }
    CHECK(engine.mock.request_count() == 4);
}

TEST_CASE("async: destroying the client cancels its queued and running calls") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    std::vector<Future<didit::Balance>> fs;
    {
        ClientOptions o = async_options(sleeps);
        o.max_in_flight = 1;
        didit::Client<FakeEngine> client(o, engine);
        for (int i = 0; i < 3; ++i) fs.push_back(client.async().billing().balance());
        CHECK(engine.transfers() == 1);
    }
    for (auto& f : fs) {
        REQUIRE(f.ready());
        CHECK(f.get().error().kind == ErrorKind::Cancelled);
    }
    CHECK(engine.transfers() == 0);
    CHECK(engine.mock.request_count() == 0);
}

// ---------------------------------------------------------------------------------------------
// list_all on the async view: pages one at a time, the next one requested as a page arrives.

namespace {
std::string sessions_page(const std::vector<std::string>& ids, const std::string& next) {
    std::string rows;
    for (const auto& id : ids) {
        if (!rows.empty()) rows += ',';
        rows += R"({"session_id":")" + id + R"(","session_kind":"user","status":"Approved"})";
    }
    return R"({"count":9,"next":)" + next + R"(,"previous":null,"results":[)" + rows + "]}";
}
}  // namespace

TEST_CASE("async: list_all pages through next() with one page of prefetch, and ends with nullopt") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    const std::string url = "\"https://verification.didit.me/v3/sessions/?limit=2&offset=";
    engine.mock.reply(200, sessions_page({"s1", "s2"}, url + "2\""))
        .reply(200, sessions_page({"s3", "s4"}, url + "4\""))
        .reply(200, sessions_page({"s5"}, "null"));
    didit::Client<FakeEngine> client(async_options(sleeps), engine);
    auto pages = client.async().sessions().list_all();
    CHECK(engine.transfers() == 0);  // nothing before next()
    auto p1 = pages.next();
    CHECK(engine.transfers() == 1);
    engine.run([&] { return p1.ready(); });
    // Page 1 arrived after it was asked for: page 2 is already requested (prefetch), no more.
    CHECK(pages.pages_requested() == 2);
    auto r1 = p1.get();
    REQUIRE(r1.ok());
    REQUIRE(r1.value().has_value());
    CHECK(r1.value()->results.size() == 2);
    engine.run();
    CHECK(pages.pages_requested() == 2);  // page 2 arrived, but was not asked for yet
    auto p2 = pages.next();               // asks for it: page 3 goes now
    CHECK(p2.ready());
    CHECK(pages.pages_requested() == 3);
    auto r2 = p2.get();
    REQUIRE(r2.ok());
    CHECK((*r2.value()).results.at(0).session_id == "s3");
    auto p3 = pages.next();
    auto p4 = pages.next();  // past the end, asked before page 3 arrived
    engine.run();
    auto r3 = p3.get();
    REQUIRE(r3.ok());
    REQUIRE(r3.value().has_value());
    CHECK(r3.value()->results.size() == 1);
    auto r4 = p4.get();
    REQUIRE(r4.ok());
    CHECK_FALSE(r4.value().has_value());
    auto r5 = pages.next().get();
    REQUIRE(r5.ok());
    CHECK_FALSE(r5.value().has_value());
    CHECK(engine.mock.request_count() == 3);
    auto reqs = engine.mock.requests();
    CHECK(reqs[1].url.find("offset=2") != std::string::npos);
    CHECK(reqs[2].url.find("offset=4") != std::string::npos);

    // A failed page is the last: the page after it is nullopt.
    engine.mock.reply(200, sessions_page({"a"}, url + "1\"")).reply(403, R"({"detail":"no"})");
    auto again = client.async().sessions().list_all();
    auto a1 = again.next();
    auto a2 = again.next();
    engine.run();
    CHECK(a1.get().ok());
    auto e2 = a2.get();
    REQUIRE_FALSE(e2.ok());
    CHECK(e2.error().kind == ErrorKind::Permission);
    auto a3 = again.next().get();
    REQUIRE(a3.ok());
    CHECK_FALSE(a3.value().has_value());
    CHECK(engine.mock.request_count() == 5);
}

// ---------------------------------------------------------------------------------------------
// Rate limits: one budget for a client's synchronous and asynchronous calls, waits as timers.

TEST_CASE("async: the client's rate limit holds across sync and async calls; async waits are timers") {
    auto sleeps = std::make_shared<std::atomic<int>>(0);
    FakeEngine engine;
    engine.mock.on_request([](const HttpRequest&) -> Result<HttpResponse> {
        HttpResponse r;
        r.status = 200;
        r.body = kBalance;
        return r;
    });
    std::vector<milliseconds> slept;
    ClientOptions o = async_options(sleeps);
    o.sleep = [&slept](milliseconds w) { slept.push_back(w); };
    o.rate_limit = true;
    o.rate_limiter = std::make_shared<didit::TokenBucketLimiter>(
        didit::TokenBucketLimiter::Limits{{"get", {3, std::chrono::minutes(1)}}},
        [](milliseconds) { FAIL("the client waits itself; the limiter must not sleep"); });
    didit::Client<FakeEngine> client(o, engine);
    CHECK(client.billing().balance().ok());
    CHECK(client.billing().balance().ok());
    auto a = client.async().billing().balance();  // the third token: no wait
    engine.run();
    CHECK(a.get().ok());
    CHECK(engine.timer_log().empty());
    auto b = client.async().billing().balance();  // waits ~20 s for the fourth
    REQUIRE(engine.timer_log().size() == 1);
    CHECK(engine.timer_log()[0] >= milliseconds(19000));
    CHECK(engine.timer_log()[0] <= milliseconds(20100));
    CHECK(engine.transfers() == 0);  // held before sending
    engine.run();
    CHECK(b.get().ok());
    CHECK(slept.empty());
    CHECK(client.billing().balance().ok());  // the fifth, synchronous: waits ~40 s (recorded)
    REQUIRE(slept.size() == 1);
    CHECK(slept[0] >= milliseconds(39000));
    CHECK(slept[0] <= milliseconds(40100));
    CHECK(engine.mock.request_count() == 5);

    // Past the deadline: RateLimited, nothing sent, no timer.
    didit::CallOptions hurry;
    hurry.deadline = milliseconds(1000);
    auto c = client.async().billing().balance(hurry);
    engine.run();
    auto rc = c.get();
    REQUIRE_FALSE(rc.ok());
    CHECK(rc.error().kind == ErrorKind::RateLimited);
    CHECK(rc.error().not_sent);
    CHECK(engine.timer_log().size() == 1);
    CHECK(engine.mock.request_count() == 5);
}

// ---------------------------------------------------------------------------------------------
// The worker pool over a blocking transport.

TEST_CASE("async: 1000 calls from 8 threads into one client through the worker pool") {
    MockTransport mock;
    std::atomic<int> now{0}, most{0};
    mock.on_request([&](const HttpRequest&) -> Result<HttpResponse> {
        int n = now.fetch_add(1) + 1;
        int seen = most.load();
        while (n > seen && !most.compare_exchange_weak(seen, n)) {}
        std::this_thread::yield();
        now.fetch_sub(1);
        HttpResponse r;
        r.status = 200;
        r.body = kBalance;
        return r;
    });
    ClientOptions o = didit_test::test_options();
    o.rate_limit = false;  // 1000 GETs would pass the documented 600 a minute
    o.max_in_flight = 6;
    o.async_workers = 4;
    didit::Client<MockTransport> client(o, mock);
    std::atomic<int> ok_callbacks{0}, ok_gets{0}, callbacks{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            std::vector<Future<didit::Balance>> mine;
            for (int i = 0; i < 125; ++i) {
                auto f = client.async().billing().balance();
                if ((i + t) % 2 == 0) {
                    f.then([&](Result<didit::Balance> r) {
                        callbacks.fetch_add(1);
                        if (r.ok() && r->balance == "1234.5600") ok_callbacks.fetch_add(1);
                    });
                } else {
                    mine.push_back(f);
                }
            }
            for (auto& f : mine) {
                auto r = f.get();
                if (r.ok() && r->balance == "1234.5600") ok_gets.fetch_add(1);
            }
        });
    for (auto& t : threads) t.join();
    // The callbacks run on the pool's threads: wait (bounded) for the last of them.
    for (int i = 0; i < 2000 && callbacks.load() < 500; ++i) std::this_thread::sleep_for(milliseconds(5));
    CHECK(callbacks.load() == 500);
    CHECK(ok_callbacks.load() + ok_gets.load() == 1000);
    CHECK(mock.request_count() == 1000);
    CHECK(most.load() <= 4);  // never more sends at once than workers (and max_in_flight)
    // A call lets go of its place just after its outcome is delivered: wait (bounded) for the last.
    for (int i = 0; i < 2000 && client.async().in_flight() > 0; ++i) std::this_thread::sleep_for(milliseconds(2));
    CHECK(client.async().in_flight() == 0);
}

TEST_CASE("async: max_in_flight bounds the calls running at once through the pool") {
    MockTransport mock;
    std::atomic<int> now{0}, most{0};
    mock.on_request([&](const HttpRequest&) -> Result<HttpResponse> {
        int n = now.fetch_add(1) + 1;
        int seen = most.load();
        while (n > seen && !most.compare_exchange_weak(seen, n)) {}
        std::this_thread::sleep_for(milliseconds(2));
        now.fetch_sub(1);
        HttpResponse r;
        r.status = 200;
        r.body = kBalance;
        return r;
    });
    ClientOptions o = didit_test::test_options();
    o.rate_limit = false;
    o.max_in_flight = 3;
    o.async_workers = 8;
    didit::Client<MockTransport> client(o, mock);
    std::vector<Future<didit::Balance>> fs;
    for (int i = 0; i < 40; ++i) fs.push_back(client.async().billing().balance());
    int ok = 0;
    for (auto& f : fs) ok += f.get().ok() ? 1 : 0;
    CHECK(ok == 40);
    CHECK(most.load() >= 1);
    CHECK(most.load() <= 3);
}

TEST_CASE("async: get() from a pool thread is an error, not a deadlock; WorkerPoolEngine runs timers in order") {
    std::vector<int> order;
    std::mutex m;
    std::atomic<int> done{0};
    {
        didit::WorkerPoolEngine pool([](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{}; }, 2);
        CHECK(pool.workers() == 2);
        CHECK_FALSE(pool.on_engine_thread());
        // A send function of the user's own gets bodies in `body` unless it says it streams.
        CHECK_FALSE(pool.streams_body_source());
        didit::WorkerPoolEngine streaming([](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{}; }, 1,
                                          /*send_reads_body_source=*/true);
        CHECK(streaming.streams_body_source());
        auto record = [&](int i) {
            return [&, i] {
                std::lock_guard<std::mutex> lock(m);
                order.push_back(i);
                done.fetch_add(1);
            };
        };
        pool.schedule(milliseconds(60), record(3));
        pool.schedule(milliseconds(0), record(1));
        auto dropped = pool.schedule(milliseconds(30), record(99));
        pool.schedule(milliseconds(30), record(2));
        CHECK(pool.cancel(dropped));
        CHECK_FALSE(pool.cancel(dropped));
        for (int i = 0; i < 2000 && done.load() < 3; ++i) std::this_thread::sleep_for(milliseconds(2));
        // A timer far away is dropped with the engine, never run.
        pool.schedule(std::chrono::hours(1), record(100));
    }
    CHECK(order == std::vector<int>{1, 2, 3});

    MockTransport mock;
    mock.reply(200, kBalance).reply(200, kBalance);
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto first = client.async().billing().balance();
    REQUIRE(first.get().ok());
    auto second = client.async().billing().balance();
    std::atomic<int> inner_kind{-1};
    std::atomic<bool> called{false};
    Future<didit::Balance> never;
    second.then([&](Result<didit::Balance>) {
        // A call that cannot complete while this thread waits: get() refuses at once.
        auto third = client.async().billing().balance();  // the mock has no reply left: an error, later
        auto r = third.get();
        inner_kind = r.ok() ? -2 : static_cast<int>(r.error().kind);
        called = true;
    });
    for (int i = 0; i < 2000 && !called.load(); ++i) std::this_thread::sleep_for(milliseconds(2));
    REQUIRE(called.load());
    // Either refused (still pending on this pool thread) or, if already complete, its Transport error.
    CHECK((inner_kind.load() == static_cast<int>(ErrorKind::InvalidArgument) ||
           inner_kind.load() == static_cast<int>(ErrorKind::Transport)));
    CHECK(never.get().error().kind == ErrorKind::InvalidArgument);
    CHECK_FALSE(never.ready());
}

// ---------------------------------------------------------------------------------------------
// Loopback faults: the same kinds and attempt counts as the synchronous path.

namespace {

ClientOptions fault_options(const std::string& base) {
    ClientOptions o;
    o.api_key = didit_test::kApiKey;
    o.access_token = didit_test::kAccessToken;
    o.base_url = base;
    o.auth_base_url = base + "/auth/v2";
    o.timeout = milliseconds(300);
    o.rate_limit = false;
    o.retry.initial_backoff = milliseconds(1);
    o.retry.max_backoff = milliseconds(2);
    return o;
}

struct FaultRun {
    std::optional<ErrorKind> kind;
    bool ok = false;
    int attempts = 0;
    int status = 0;
    std::size_t sent = 0;
};

/// One fault case: `reply` for every attempt of a GET (balance) or POST (top-up), through a
/// fresh client of type C (synchronously or asynchronously). Add Client<CurlMultiTransport>
/// as another C to run the same table over the multi engine.
template <class C>
FaultRun run_fault(const std::vector<fault::Reply>& replies, bool post, bool async, didit::CurlOptions co = {}) {
    fault::Server server;
    const char* path = post ? "/v3/billing/top-up/" : "/v3/billing/balance/";
    server.on(post ? "POST" : "GET", path, replies);
    C client(fault_options(server.base()), typename C::transport_type(co));
    FaultRun out;
    auto take = [&](auto r) {
        out.ok = r.ok();
        if (!r.ok()) {
            out.kind = r.error().kind;
            out.attempts = r.error().attempts;
            out.status = r.error().status;
        }
    };
    if (post)
        async ? take(client.async().billing().top_up(top_up_request()).get())
              : take(client.billing().top_up(top_up_request()));
    else
        async ? take(client.async().billing().balance().get()) : take(client.billing().balance());
    out.sent = server.count(post ? "POST" : "GET", path);
    return out;
}

}  // namespace

TEST_CASE(
    "async: loopback faults end with the sync path's kinds, attempts and sends (CurlTransport pool, "
    "CurlMultiTransport)") {
    using fault::Fault;
    using fault::Reply;
    using Client = didit::Client<didit::CurlTransport>;
    using MultiClient = didit::Client<didit::CurlMultiTransport>;
    const std::string body = R"({"detail":"this body is cut short by the test server"})";
    struct Case {
        const char* name;
        std::vector<Reply> replies;
        bool post;
    };
    const std::string big = "{\"balance\":\"" + std::string(100 * 1024, '9') + "\"}";
    std::vector<Case> cases = {
        {"reset, GET", {Reply::with_fault(Fault::Reset, body, 12)}, false},
        {"reset, POST", {Reply::with_fault(Fault::Reset, body, 12)}, true},
        {"stall, GET", {Reply::with_fault(Fault::StallHeaders, body, 0, milliseconds(3000))}, false},
        {"truncated, GET", {Reply::with_fault(Fault::Truncate, body, 12)}, false},
        {"503, GET", {Reply::json(503, "")}, false},
        {"503, POST", {Reply::json(503, "")}, true},
        {"429 Retry-After then 200, POST",
         {Reply::json(429, R"({"detail":"slow"})").header("retry-after-ms", "5"), Reply::json(200, kTopUp)},
         true},
        {"301 on POST", {Reply::html(301, "<html>Moved</html>").header("Location", "/v3/elsewhere/")}, true},
        {"oversize, GET", {Reply::json(200, big)}, false},
    };
    didit::CurlOptions small;
    small.max_response_bytes = 64 * 1024;
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const FaultRun sync = run_fault<Client>(c.replies, c.post, false, small);
        // The pool in front of CurlTransport, then the multi engine, asynchronously and through its
        // blocking send.
        const FaultRun others[] = {run_fault<Client>(c.replies, c.post, true, small),
                                   run_fault<MultiClient>(c.replies, c.post, true, small),
                                   run_fault<MultiClient>(c.replies, c.post, false, small)};
        for (const FaultRun& other : others) {
            CHECK(other.ok == sync.ok);
            CHECK(other.kind == sync.kind);
            CHECK(other.attempts == sync.attempts);
            CHECK(other.status == sync.status);
            CHECK(other.sent == sync.sent);
        }
        if (c.post && !sync.ok) CHECK(sync.sent == 1);  // never a non-idempotent POST twice
    }

    // Connection refused: retried (nothing was sent), for GET and POST alike.
    fault::RefusingPort refusing;
    REQUIRE(refusing.port() > 0);
    Client client(fault_options(refusing.base()));
    auto g = client.async().billing().balance().get();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Transport);
    CHECK(g.error().not_sent);
    CHECK(g.error().attempts == 3);
    auto p = client.async().billing().top_up(top_up_request()).get();
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::Transport);
    CHECK(p.error().attempts == 3);
    MultiClient multi(fault_options(refusing.base()));
    auto m = multi.async().billing().top_up(top_up_request()).get();
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().kind == ErrorKind::Transport);
    CHECK(m.error().not_sent);
    CHECK(m.error().attempts == 3);
}

TEST_CASE(
    "async on CurlMultiTransport: the call deadline cuts a stall; cancel during a transfer, a backoff "
    "wait and the queue") {
    using fault::Fault;
    using fault::Reply;
    using MultiClient = didit::Client<didit::CurlMultiTransport>;
    const char* path = "/v3/billing/balance/";
    // Polls `done` for up to 10 s: the loops stop by themselves.
    auto eventually = [](auto done) {
        for (int i = 0; i < 5000 && !done(); ++i) std::this_thread::sleep_for(milliseconds(2));
        return done();
    };

    SUBCASE("a call deadline shorter than the attempt timeout ends a stalled transfer with Timeout") {
        fault::Server server;
        server.on("GET", path, {Reply::with_fault(Fault::StallHeaders, kBalance, 0, milliseconds(5000))});
        ClientOptions o = fault_options(server.base());
        o.timeout = milliseconds(4000);
        o.deadline = milliseconds(200);
        MultiClient client(o);
        auto r = client.async().billing().balance().get();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Timeout);
        // Without the deadline, each of the 3 attempts would run into the 4 s attempt timeout.
        // With it, the first attempt is cut at the deadline; at most one retry squeezes into
        // the milliseconds that may be left over.
        CHECK(r.error().attempts >= 1);
        CHECK(r.error().attempts <= 2);
        CHECK(server.count("GET", path) == static_cast<std::size_t>(r.error().attempts));
    }
    SUBCASE("cancel while the transfer waits for headers") {
        fault::Server server;
        server.on("GET", path, {Reply::with_fault(Fault::StallHeaders, kBalance, 0, milliseconds(5000))});
        ClientOptions o = fault_options(server.base());
        o.timeout = milliseconds(8000);
        MultiClient client(o);
        Outcomes<didit::Balance> out;
        auto f = client.async().billing().balance();
        f.then(out.callback());
        REQUIRE(eventually([&] { return server.count("GET", path) == 1; }));
        CHECK(f.cancel());
        CHECK_FALSE(f.cancel());
        REQUIRE(eventually([&] { return out.size() == 1; }));
        CHECK(out.got[0].error().kind == ErrorKind::Cancelled);
        // The place is released once the engine has taken the transfer down.
        CHECK(eventually([&] { return client.async().in_flight() == 0; }));
        std::this_thread::sleep_for(milliseconds(50));
        CHECK(out.size() == 1);
        CHECK(server.count("GET", path) == 1);
    }
    SUBCASE("cancel during the Retry-After wait: the retry is never sent") {
        fault::Server server;
        server.on("GET", path,
                  {Reply::json(429, R"({"detail":"slow down"})").header("retry-after-ms", "4000"),
                   Reply::json(200, kBalance)});
        ClientOptions o = fault_options(server.base());
        o.retry.max_backoff = milliseconds(8000);
        auto retrying = std::make_shared<std::atomic<bool>>(false);  // the 429 is read, the wait begins
        o.logger = [retrying](const didit::LogEvent& e) {
            if (e.phase == didit::LogEvent::Phase::Retry) retrying->store(true);
        };
        MultiClient client(o);
        Outcomes<didit::Balance> out;
        auto f = client.async().billing().balance();
        f.then(out.callback());
        REQUIRE(eventually([&] { return retrying->load(); }));
        CHECK(out.size() == 0);
        CHECK(f.cancel());
        REQUIRE(eventually([&] { return out.size() == 1; }));
        CHECK(out.got[0].error().kind == ErrorKind::Cancelled);
        CHECK(server.count("GET", path) == 1);
    }
    SUBCASE("cancel a queued call: it is never sent, and the running one completes") {
        fault::Server server;
        server.on("GET", path, {Reply::with_fault(Fault::StallHeaders, kBalance, 0, milliseconds(300))});
        ClientOptions o = fault_options(server.base());
        o.timeout = milliseconds(8000);
        o.max_in_flight = 1;
        MultiClient client(o);
        auto running = client.async().billing().balance();
        Outcomes<didit::Balance> out;
        auto queued = client.async().billing().balance();
        queued.then(out.callback());
        CHECK(client.async().queued() == 1);
        CHECK(queued.cancel());
        REQUIRE(out.size() == 1);  // at once, on this thread
        CHECK(out.got[0].error().kind == ErrorKind::Cancelled);
        auto r = running.get();
        CHECK(r.ok());
        CHECK(server.count("GET", path) == 1);
        CHECK(out.size() == 1);
    }
}
