// SPDX-License-Identifier: MIT
// CurlMultiTransport on loopback: the transport's fault cases through send_async, many transfers
// on one engine, timers, cancellation, destruction with work pending, the blocking send, and
// external-loop mode driven by a poll() loop in the test.
#include <didit/didit.hpp>

#include "fault_server.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

using didit::AsyncEngine;
using didit::CurlEventLoop;
using didit::CurlMultiTransport;
using didit::CurlOptions;
using didit::ErrorKind;
using didit::HttpRequest;
using didit::HttpResponse;
using didit::Method;
using didit::Result;
using fault::Fault;
using fault::Reply;
using std::chrono::milliseconds;

// Generous bounds that end a wait by themselves; nothing asserts how long anything took.
constexpr auto kPatience = std::chrono::seconds(60);

HttpRequest make_request(Method m, std::string url, std::string body = {}) {
    HttpRequest r;
    r.method = m;
    r.url = std::move(url);
    r.body = std::move(body);
    r.headers.set("x-api-key", didit_test::kApiKey);
    if (!r.body.empty() || m == Method::Post) r.headers.set("Content-Type", "application/json");
    return r;
}

/// Counts events from any thread and lets the test wait for a number of them (bounded).
class Counter {
public:
    void add() {
        std::lock_guard<std::mutex> lock(mutex_);
        ++n_;
        cv_.notify_all();
    }
    int get() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return n_;
    }
    bool wait_for(int target) {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, kPatience, [&] { return n_ >= target; });
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    int n_ = 0;
};

/// One transfer's outcome, collected from the engine's thread.
struct Outcome {
    std::mutex mutex;
    std::condition_variable cv;
    std::optional<Result<HttpResponse>> result;
    int calls = 0;
    bool on_engine = false;
    std::thread::id thread;

    /// A handler that only records; for transfers whose engine is being destroyed.
    AsyncEngine::SendHandler recorder() {
        return [this](Result<HttpResponse> r) {
            std::lock_guard<std::mutex> lock(mutex);
            ++calls;
            thread = std::this_thread::get_id();
            result.emplace(std::move(r));
            cv.notify_all();
        };
    }

    AsyncEngine::SendHandler handler(const AsyncEngine& engine) {
        return [this, &engine](Result<HttpResponse> r) {
            std::lock_guard<std::mutex> lock(mutex);
            ++calls;
            on_engine = engine.on_engine_thread();
            result.emplace(std::move(r));
            cv.notify_all();
        };
    }
    bool wait() {
        std::unique_lock<std::mutex> lock(mutex);
        return cv.wait_for(lock, kPatience, [&] { return result.has_value(); });
    }
    int count() {
        std::lock_guard<std::mutex> lock(mutex);
        return calls;
    }
};

/// send_async, then wait for the handler.
Result<HttpResponse> exchange(CurlMultiTransport& t, HttpRequest req) {
    Outcome o;
    t.send_async(std::move(req), o.handler(t));
    if (!o.wait()) return didit::make_error(ErrorKind::Transport, "test: no outcome in time");
    std::lock_guard<std::mutex> lock(o.mutex);
    CHECK(o.calls == 1);
    CHECK(o.on_engine);
    return std::move(*o.result);
}

/// Waits (bounded) until `pred` holds, checking every few milliseconds.
template <class Pred>
bool eventually(Pred pred) {
    const auto until = std::chrono::steady_clock::now() + kPatience;
    while (!pred()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::sleep_for(milliseconds(2));
    }
    return true;
}

// {"items":[ + 2000 spaces + 1]}, gzip-compressed.
const std::string kGzipBody(
    "\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\x56\xca\x2c\x49\xcd\x2d\x56\xb2\x8a\x56\x18\x05\xa3\x60\x14"
    "\x8c\x82\x51\x30\x0a\x46\xc1\x90\x07\x86\xb1\xb5\x00\xd4\x72\xa7\x13\xdd\x07\x00\x00",
    47);

}  // namespace

static_assert(didit::is_transport_v<CurlMultiTransport>);
static_assert(didit::is_async_engine_v<CurlMultiTransport>);

TEST_CASE("curl-multi: GET and POST through send_async carry method, target, headers and body") {
    fault::Server server;
    REQUIRE(server.running());
    server.on("GET", "/v3/workflows/", {Reply::json(200, R"({"ok":true})").header("X-MiXeD", "yes")});
    server.on("POST", "/v3/session/", {Reply::json(201, R"({"created":true})")});
    CurlMultiTransport t;

    auto g = exchange(t, make_request(Method::Get, server.base() + "/v3/workflows/?limit=10&offset=20"));
    REQUIRE(g.ok());
    CHECK(g->status == 200);
    CHECK(g->body == R"({"ok":true})");
    CHECK(g->headers.get("x-mixed") == "yes");

    const std::string body = std::string("{\"name\":\"Espa\xc3\xb1ola\",\"z\":\"a") + '\0' + "b\"}";
    auto p = exchange(t, make_request(Method::Post, server.base() + "/v3/session/", body));
    REQUIRE(p.ok());
    CHECK(p->status == 201);

    auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].target == "/v3/workflows/?limit=10&offset=20");
    CHECK(seen[0].header("x-api-key") == didit_test::kApiKey);
    CHECK(seen[0].header("expect").empty());
    CHECK(seen[1].method == "POST");
    CHECK(seen[1].body == body);
    CHECK(seen[1].header("content-length") == std::to_string(body.size()));
    // Both went over one kept-alive connection.
    CHECK(seen[1].connection == seen[0].connection);
    CHECK(t.name().rfind("curl/", 0) == 0);
}

TEST_CASE("curl-multi: the transport's fault cases through send_async") {
    const std::string body = R"({"detail":"this body is cut short by the test server"})";
    fault::Server server;
    REQUIRE(server.running());
    server.on("GET", "/reset", {Reply::with_fault(Fault::Reset, body, 12)});
    server.on("GET", "/truncate", {Reply::with_fault(Fault::Truncate, body, 12)});
    server.on("GET", "/stall-headers", {Reply::with_fault(Fault::StallHeaders, body, 0, milliseconds(30000))});
    server.on("GET", "/stall-body", {Reply::with_fault(Fault::StallBody, body, 12, milliseconds(30000))});
    server.on("GET", "/503", {Reply::html(503, "<html>busy</html>")});
    server.on("GET", "/429", {Reply::json(429, R"({"detail":"slow down"})").header("Retry-After", "7")});
    server.on("GET", "/moved", {Reply::json(301, "").header("Location", "/elsewhere/")});
    server.on("POST", "/moved", {Reply::json(301, "").header("Location", "/elsewhere/")});
    server.on("GET", "/big", {Reply::json(200, std::string(100000, 'x'))});
    server.on("GET", "/gzip", {Reply::json(200, kGzipBody).header("Content-Encoding", "gzip")});
    CurlOptions o;
    o.max_response_bytes = 4096;
    CurlMultiTransport t(o);

    SUBCASE("connection refused: Transport, not_sent") {
        fault::RefusingPort closed;
        REQUIRE(closed.port() > 0);
        auto r = exchange(t, make_request(Method::Post, closed.base() + "/v3/session/", "{}"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Transport);
        CHECK(r.error().not_sent);
        CHECK(r.error().status == 0);
        CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
    }
    SUBCASE("reset mid-body and truncation: Transport, maybe sent") {
        for (const char* path : {"/reset", "/truncate"}) {
            CAPTURE(path);
            auto r = exchange(t, make_request(Method::Get, server.base() + path));
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::Transport);
            CHECK_FALSE(r.error().not_sent);
        }
    }
    SUBCASE("a stall before the headers or mid-body: Timeout from the request's time limit") {
        for (const char* path : {"/stall-headers", "/stall-body"}) {
            CAPTURE(path);
            HttpRequest req = make_request(Method::Get, server.base() + path);
            req.timeout = milliseconds(300);
            auto r = exchange(t, req);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::Timeout);
            CHECK(r.error().message.find("300 ms") != std::string::npos);
        }
    }
    SUBCASE("5xx and 429 are responses, headers included") {
        auto busy = exchange(t, make_request(Method::Get, server.base() + "/503"));
        REQUIRE(busy.ok());
        CHECK(busy->status == 503);
        CHECK(busy->body == "<html>busy</html>");
        auto limited = exchange(t, make_request(Method::Get, server.base() + "/429"));
        REQUIRE(limited.ok());
        CHECK(limited->status == 429);
        CHECK(limited->headers.get("retry-after") == "7");
    }
    SUBCASE("a 301 is not followed, for GET or POST") {
        auto g = exchange(t, make_request(Method::Get, server.base() + "/moved"));
        REQUIRE(g.ok());
        CHECK(g->status == 301);
        CHECK(g->headers.get("location") == "/elsewhere/");
        auto p = exchange(t, make_request(Method::Post, server.base() + "/moved", "{}"));
        REQUIRE(p.ok());
        CHECK(p->status == 301);
        CHECK(server.count("GET", "/moved") == 1);
        CHECK(server.count("POST", "/moved") == 1);
        CHECK(server.count("GET", "/elsewhere/") == 0);
    }
    SUBCASE("a body over max_response_bytes: Transport error naming the limit") {
        auto r = exchange(t, make_request(Method::Get, server.base() + "/big"));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Transport);
        CHECK(r.error().status == 200);
        CHECK(r.error().message.find("4096") != std::string::npos);
        // The engine goes on working.
        auto ok = exchange(t, make_request(Method::Get, server.base() + "/503"));
        REQUIRE(ok.ok());
        CHECK(ok->status == 503);
    }
    SUBCASE("a gzip reply is decoded, and gzip is offered") {
        auto r = exchange(t, make_request(Method::Get, server.base() + "/gzip"));
        REQUIRE(r.ok());
        CHECK(r->body == "{\"items\":[" + std::string(2000, ' ') + "1]}");
        auto seen = server.requests();
        REQUIRE(seen.size() == 1);
        CHECK(seen[0].header("accept-encoding").find("gzip") != std::string::npos);
    }
}

TEST_CASE("curl-multi: 64 transfers run at once on one engine") {
    constexpr int kTransfers = 64;
    // Each request is held until all 64 have arrived (or a bound passes): a reply saying
    // "together" proves the engine had every transfer open at the same time.
    std::mutex m;
    std::condition_variable cv;
    int arrived = 0;
    fault::Server server([&](const fault::Request& req) {
        std::unique_lock<std::mutex> lock(m);
        ++arrived;
        cv.notify_all();
        const bool together = cv.wait_for(lock, std::chrono::seconds(30), [&] { return arrived >= kTransfers; });
        return Reply::json(200, std::string(together ? "together " : "alone ") + req.path);
    });
    REQUIRE(server.running());
    CurlMultiTransport t;
    std::vector<std::unique_ptr<Outcome>> outcomes;
    for (int i = 0; i < kTransfers; ++i) {
        outcomes.push_back(std::make_unique<Outcome>());
        t.send_async(make_request(Method::Get, server.base() + "/item/" + std::to_string(i)),
                     outcomes.back()->handler(t));
    }
    int together = 0;
    for (int i = 0; i < kTransfers; ++i) {
        CAPTURE(i);
        REQUIRE(outcomes[static_cast<std::size_t>(i)]->wait());
        auto& r = *outcomes[static_cast<std::size_t>(i)]->result;
        REQUIRE(r.ok());
        CHECK(r->body.find("/item/" + std::to_string(i)) != std::string::npos);
        if (r->body.rfind("together ", 0) == 0) ++together;
    }
    CHECK(together == kTransfers);
    CHECK(server.count() == static_cast<std::size_t>(kTransfers));
}

TEST_CASE("curl-multi: timers run once each, in order of their due time, on the engine's thread") {
    CurlMultiTransport t;
    std::mutex m;
    std::vector<std::string> order;
    Counter ran;
    std::atomic<int> off_engine{0};
    auto timer = [&](std::string name) {
        return [&, name] {
            if (!t.on_engine_thread()) ++off_engine;
            {
                std::lock_guard<std::mutex> lock(m);
                order.push_back(name);
            }
            ran.add();
        };
    };
    CHECK_FALSE(t.on_engine_thread());
    // The first one is due last (by a wide margin, whatever the scheduling thread's delays);
    // the others are due in the order they were set, equal delays first come first served.
    t.schedule(milliseconds(1000), timer("1000"));
    t.schedule(milliseconds(0), timer("0"));
    t.schedule(milliseconds(-5), timer("-5"));
    t.schedule(milliseconds(40), timer("40"));
    t.schedule(milliseconds(80), timer("80a"));
    t.schedule(milliseconds(80), timer("80b"));
    REQUIRE(ran.wait_for(6));
    std::lock_guard<std::mutex> lock(m);
    CHECK(order == std::vector<std::string>{"0", "-5", "40", "80a", "80b", "1000"});
    CHECK(off_engine.load() == 0);
}

TEST_CASE("curl-multi: a cancelled timer never runs; cancel is true once") {
    Counter ran, later;
    std::atomic<bool> first_cancel{false}, second_cancel{true};
    {
        CurlMultiTransport t;
        // Cancelled from the engine's thread by a task due before it, so always in time.
        auto doomed = t.schedule(milliseconds(100), [&] { ran.add(); });
        t.schedule(milliseconds(0), [&] {
            first_cancel = t.cancel(doomed);
            second_cancel = t.cancel(doomed);
        });
        auto kept = t.schedule(milliseconds(1), [&] { ran.add(); });
        CHECK(doomed != kept);
        // A later timer proves the cancelled one's time has come and gone.
        t.schedule(milliseconds(300), [&] { later.add(); });
        REQUIRE(later.wait_for(1));
        REQUIRE(ran.wait_for(1));
        CHECK_FALSE(t.cancel(kept));  // it already ran
        CHECK_FALSE(t.cancel(987654321));
        // Cancelled from another thread, long before it is due.
        auto far = t.schedule(milliseconds(60000), [&] { ran.add(); });
        CHECK(t.cancel(far));
        CHECK_FALSE(t.cancel(far));
    }
    CHECK(first_cancel.load());
    CHECK_FALSE(second_cancel.load());
    CHECK(ran.get() == 1);
}

TEST_CASE("curl-multi: cancelling a transfer in flight gives its handler Cancelled exactly once") {
    fault::Server server;
    REQUIRE(server.running());
    server.on("POST", "/slow", {Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(30000))});
    server.on("GET", "/fast", {Reply::json(200, "{}")});
    Outcome o;
    {
        CurlMultiTransport t;
        auto id = t.send_async(make_request(Method::Post, server.base() + "/slow", "{}"), o.handler(t));
        REQUIRE(eventually([&] { return server.count("POST", "/slow") == 1; }));
        CHECK(t.cancel(id));
        REQUIRE(o.wait());
        CHECK_FALSE(t.cancel(id));
        {
            std::lock_guard<std::mutex> lock(o.mutex);
            REQUIRE_FALSE(o.result->ok());
            CHECK(o.result->error().kind == ErrorKind::Cancelled);
            CHECK_FALSE(o.result->error().not_sent);  // it had been sent
            CHECK(o.on_engine);
        }
        // A completed transfer cannot be cancelled, and the engine goes on working.
        Outcome fast;
        auto fid = t.send_async(make_request(Method::Get, server.base() + "/fast"), fast.handler(t));
        REQUIRE(fast.wait());
        CHECK(fast.result->ok());
        CHECK_FALSE(t.cancel(fid));
    }
    CHECK(o.count() == 1);
    CHECK(server.count("POST", "/slow") == 1);
}

TEST_CASE("curl-multi: destroying the engine completes pending transfers with Cancelled and drops timers") {
    fault::Server server;
    REQUIRE(server.running());
    server.on("GET", "/slow", {Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(30000))});
    constexpr int kPending = 5;
    std::vector<std::unique_ptr<Outcome>> outcomes;
    Counter timers;
    std::thread::id engine_thread;
    {
        CurlMultiTransport t;
        Counter seen;
        t.schedule(milliseconds(0), [&] {
            engine_thread = std::this_thread::get_id();
            seen.add();
        });
        REQUIRE(seen.wait_for(1));
        for (int i = 0; i < kPending; ++i) {
            outcomes.push_back(std::make_unique<Outcome>());
            t.send_async(make_request(Method::Get, server.base() + "/slow"), outcomes.back()->recorder());
        }
        t.schedule(milliseconds(10000), [&] { timers.add(); });
        t.schedule(milliseconds(20000), [&] { timers.add(); });
        REQUIRE(eventually([&] { return server.count("GET", "/slow") == kPending; }));
        // A copy shares the engine: dropping it changes nothing.
        { CurlMultiTransport copy = t; }
        CHECK(outcomes[0]->count() == 0);
    }
    for (auto& o : outcomes) {
        CHECK(o->count() == 1);
        REQUIRE(o->result.has_value());
        REQUIRE_FALSE(o->result->ok());
        CHECK(o->result->error().kind == ErrorKind::Cancelled);
        CHECK(o->thread == engine_thread);
    }
    CHECK(timers.get() == 0);
}

TEST_CASE("curl-multi: a handler may drop the last copy of its own engine") {
    fault::Server server;
    REQUIRE(server.running());
    server.on("GET", "/slow", {Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(30000))});
    Outcome pending;
    Counter dropped;
    auto holder = std::make_shared<std::optional<CurlMultiTransport>>(std::in_place);
    (*holder)->send_async(make_request(Method::Get, server.base() + "/slow"), pending.recorder());
    REQUIRE(eventually([&] { return server.count("GET", "/slow") == 1; }));
    (*holder)->schedule(milliseconds(0), [holder, &dropped] {
        holder->reset();  // the destructor runs on the engine's own thread
        dropped.add();
    });
    REQUIRE(dropped.wait_for(1));
    REQUIRE(pending.wait());
    std::lock_guard<std::mutex> lock(pending.mutex);
    CHECK(pending.calls == 1);
    REQUIRE_FALSE(pending.result->ok());
    CHECK(pending.result->error().kind == ErrorKind::Cancelled);
}

TEST_CASE("curl-multi: send() blocks from other threads and refuses to deadlock on the engine's thread") {
    fault::Server server([](const fault::Request& req) { return Reply::json(200, req.body); });
    REQUIRE(server.running());
    CurlMultiTransport t;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int th = 0; th < 4; ++th)
        threads.emplace_back([&, th] {
            for (int i = 0; i < 5; ++i) {
                std::string body = "{\"t\":" + std::to_string(th) + ",\"i\":" + std::to_string(i) + "}";
                auto r = t.send(make_request(Method::Post, server.base() + "/echo", body));
                if (r.ok() && r->status == 200 && r->body == body) ++ok;
            }
        });
    for (auto& th : threads) th.join();
    CHECK(ok.load() == 20);
    CHECK(server.count() == 20);

    std::optional<Result<HttpResponse>> inner;
    Counter done;
    t.schedule(milliseconds(0), [&] {
        inner.emplace(t.send(make_request(Method::Get, server.base() + "/echo")));
        done.add();
    });
    REQUIRE(done.wait_for(1));
    REQUIRE(inner.has_value());
    REQUIRE_FALSE(inner->ok());
    CHECK(inner->error().kind == ErrorKind::InvalidArgument);
    CHECK(inner->error().message.find("deadlock") != std::string::npos);
    CHECK(server.count() == 20);
}

TEST_CASE("curl-multi: a Client over CurlMultiTransport makes synchronous calls") {
    fault::Server server;
    REQUIRE(server.running());
    server.on("GET", "/v3/workflows/0a000000-0000-4000-8000-000000000001/",
              {Reply::json(200, R"({"uuid":"0a000000-0000-4000-8000-000000000001","workflow_label":"KYC"})")});
    didit::ClientOptions opts = didit_test::test_options();
    opts.base_url = server.base();
    didit::Client<CurlMultiTransport> client(opts);
    auto w = client.workflows().get("0a000000-0000-4000-8000-000000000001");
    REQUIRE(w.ok());
    CHECK(w->uuid == "0a000000-0000-4000-8000-000000000001");
    auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].header("user-agent").find("curl/") != std::string::npos);
}

TEST_CASE("curl-multi: many threads submit and cancel at once; every handler runs exactly once") {
    fault::Server server([](const fault::Request& req) { return Reply::json(200, req.path); });
    REQUIRE(server.running());
    constexpr int kThreads = 8, kEach = 16;
    std::vector<std::atomic<int>> calls(kThreads * kEach);
    Counter handled;
    std::atomic<int> cancelled{0}, timers{0};
    {
        CurlMultiTransport t;
        std::vector<std::thread> threads;
        for (int th = 0; th < kThreads; ++th)
            threads.emplace_back([&, th] {
                for (int i = 0; i < kEach; ++i) {
                    const auto slot = static_cast<std::size_t>(th * kEach + i);
                    auto got = t.send_async(
                        make_request(Method::Get, server.base() + "/t" + std::to_string(th) + "/" + std::to_string(i)),
                        [&, slot](Result<HttpResponse> r) {
                            if (!r.ok() && r.error().kind == ErrorKind::Cancelled) ++cancelled;
                            ++calls[slot];
                            handled.add();
                        });
                    if (i % 4 == 0) t.cancel(got);
                    if (i % 8 == 1) t.cancel(t.schedule(milliseconds(60000), [&] { ++timers; }));
                }
            });
        for (auto& th : threads) th.join();
        REQUIRE(handled.wait_for(kThreads * kEach));
    }
    CHECK(handled.get() == kThreads * kEach);
    CHECK(timers.load() == 0);
    for (const auto& c : calls) CHECK(c.load() == 1);
    CHECK(cancelled.load() <= kThreads * kEach / 4);
}

namespace {

/// A minimal external event loop: poll() over what the engine asked to watch, its timeout,
/// and a self-pipe for wake-ups. Everything runs on the thread that calls run().
class PollLoop {
public:
    PollLoop() {
        if (::pipe(pipe_) != 0) pipe_[0] = pipe_[1] = -1;
    }
    ~PollLoop() {
        for (int fd : pipe_)
            if (fd >= 0) ::close(fd);
    }
    PollLoop(const PollLoop&) = delete;
    PollLoop& operator=(const PollLoop&) = delete;

    CurlEventLoop callbacks() {
        CurlEventLoop l;
        l.watch = [this](curl_socket_t fd, CurlEventLoop::Interest interest) {
            ++watch_calls;
            if (interest == CurlEventLoop::Interest::None) {
                ++unwatch_calls;
                watched_.erase(fd);
            } else {
                watched_[fd] = interest;
            }
        };
        l.set_timeout = [this](std::optional<milliseconds> delay) {
            ++timeout_calls;
            if (delay)
                deadline_ = std::chrono::steady_clock::now() + *delay;
            else
                deadline_.reset();
        };
        l.wake = [this] {
            ++wakes;
            const char byte = 1;
            ssize_t n = ::write(pipe_[1], &byte, 1);
            (void)n;
        };
        return l;
    }

    /// Runs until `done` holds or a bound passes; false on the bound.
    template <class Done>
    bool run(CurlMultiTransport& engine, Done done) {
        const auto until = std::chrono::steady_clock::now() + kPatience;
        while (!done()) {
            if (std::chrono::steady_clock::now() > until) return false;
            std::vector<pollfd> fds{pollfd{pipe_[0], POLLIN, 0}};
            for (const auto& w : watched_) {
                short ev = 0;
                if (w.second != CurlEventLoop::Interest::Write) ev |= POLLIN;
                if (w.second != CurlEventLoop::Interest::Read) ev |= POLLOUT;
                fds.push_back(pollfd{w.first, ev, 0});
            }
            int timeout = 100;
            if (deadline_) {
                auto left = std::chrono::ceil<milliseconds>(*deadline_ - std::chrono::steady_clock::now()).count();
                timeout = static_cast<int>(left < 0 ? 0 : (left > 100 ? 100 : left));
            }
            int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout);
            if (n > 0 && (fds[0].revents & POLLIN)) {
                char buf[64];
                ssize_t got = ::read(pipe_[0], buf, sizeof buf);
                (void)got;
                engine.on_wake();
            }
            for (std::size_t i = 1; n > 0 && i < fds.size(); ++i)
                if (fds[i].revents)
                    engine.on_socket(fds[i].fd, (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0,
                                     (fds[i].revents & (POLLOUT | POLLERR)) != 0);
            if (deadline_ && std::chrono::steady_clock::now() >= *deadline_) {
                deadline_.reset();
                engine.on_timeout();
            }
        }
        return true;
    }

    std::size_t watched() const { return watched_.size(); }

    int watch_calls = 0;
    int unwatch_calls = 0;
    int timeout_calls = 0;
    std::atomic<int> wakes{0};

private:
    int pipe_[2] = {-1, -1};
    std::map<curl_socket_t, CurlEventLoop::Interest> watched_;
    std::optional<std::chrono::steady_clock::time_point> deadline_;
};

}  // namespace

TEST_CASE("curl-multi: external-loop mode is driven entirely by the caller's poll() loop") {
    fault::Server server([](const fault::Request& req) { return Reply::json(200, req.path); });
    REQUIRE(server.running());
    server.on("GET", "/slow", {Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(30000))});
    PollLoop loop;
    std::vector<std::string> events;
    int off_loop = 0;
    {
        CurlMultiTransport t(CurlOptions{}, loop.callbacks());
        auto record = [&](std::string what) {
            if (!t.on_engine_thread()) ++off_loop;
            events.push_back(std::move(what));
        };
        // Work submitted on the loop's thread waits for the loop: nothing runs inside the call.
        t.send_async(make_request(Method::Get, server.base() + "/a"),
                     [&](Result<HttpResponse> r) { record(r.ok() ? "a:" + r->body : "a:error"); });
        t.schedule(milliseconds(0), [&] { record("timer0"); });
        CHECK(events.empty());
        CHECK(loop.wakes.load() >= 1);
        CHECK(server.count() == 0);

        // A transfer cancelled before the loop ever ran: Cancelled, never sent.
        std::optional<didit::Error> early;
        auto doomed = t.send_async(make_request(Method::Get, server.base() + "/doomed"), [&](Result<HttpResponse> r) {
            record("doomed");
            if (!r.ok()) early = r.error();
        });
        CHECK(t.cancel(doomed));

        REQUIRE(loop.run(t, [&] { return events.size() >= 3; }));
        REQUIRE(early.has_value());
        CHECK(early->kind == ErrorKind::Cancelled);
        CHECK(early->not_sent);
        CHECK(server.count("GET", "/doomed") == 0);

        // Work from another thread wakes the loop; a timer orders after the transfer.
        std::thread other([&] {
            t.send_async(make_request(Method::Get, server.base() + "/b"), [&](Result<HttpResponse> r) {
                record(r.ok() ? "b:" + r->body : "b:error");
                t.schedule(milliseconds(30), [&] { record("after-b"); });
            });
        });
        REQUIRE(loop.run(t, [&] { return events.size() >= 5; }));
        other.join();

        // A stalled transfer's time limit is one of the engine's timeouts too.
        HttpRequest slow = make_request(Method::Get, server.base() + "/slow");
        slow.timeout = milliseconds(200);
        t.send_async(slow, [&](Result<HttpResponse> r) {
            record(!r.ok() && r.error().kind == ErrorKind::Timeout ? "slow:timeout" : "slow:other");
        });
        REQUIRE(loop.run(t, [&] { return events.size() >= 6; }));
        CHECK(loop.watch_calls > 0);
        CHECK(loop.timeout_calls > 0);

        // Destruction (on the loop's thread) cancels what is pending.
        // (This handler runs inside the destructor: it must not use `t`.)
        t.send_async(make_request(Method::Get, server.base() + "/slow"), [&](Result<HttpResponse> r) {
            events.push_back(!r.ok() && r.error().kind == ErrorKind::Cancelled ? "pending:cancelled" : "pending:other");
        });
        REQUIRE(loop.run(t, [&] { return server.count("GET", "/slow") == 2; }));
    }
    // Every socket curl opened was handed back (watch(fd, None)) by the time it was destroyed.
    CHECK(loop.watched() == 0);
    CHECK(loop.unwatch_calls > 0);
    CHECK(off_loop == 0);
    REQUIRE(events.size() == 7);
    CHECK(events[0] == "doomed");
    // The transfer and the zero-delay timer both ran; their order is the engine's.
    CHECK(((events[1] == "a:/a" && events[2] == "timer0") || (events[1] == "timer0" && events[2] == "a:/a")));
    CHECK(events[3] == "b:/b");
    CHECK(events[4] == "after-b");
    CHECK(events[5] == "slow:timeout");
    CHECK(events[6] == "pending:cancelled");
}
