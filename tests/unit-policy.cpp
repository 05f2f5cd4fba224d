// SPDX-License-Identifier: MIT
// The pipeline above the transport: backoff, Retry-After parsing, rate shaping, the logging hook,
// users' own steps, and a scan of every log line and Error text for the test secrets.
#include <didit/didit.hpp>

#include "fault_server.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using didit::CallOptions;
using didit::ClientOptions;
using didit::ErrorKind;
using didit::Headers;
using didit::LogEvent;
using didit::MockTransport;
using didit::RetryPolicy;
using didit::TokenBucketLimiter;
using std::chrono::milliseconds;
using clock_type = std::chrono::steady_clock;

// Secrets beyond the API key and access token of support.hpp.
const std::string kPassword = "Sup3r$ecretPassw0rd!SECRET";
const std::string kShareToken = "eyJhbGciOiJIUzI1NiJ9.SECRETSHARETOKEN.c2lnbmF0dXJl";
const std::string kWebhookSecret = "whsec_SECRETWEBHOOK0123456789abcdef";
const std::string kNewAccessToken = "eyJNEWACCESSTOKEN.SECRETPAYLOAD.SIG";
const std::string kNewApiKey = "sk_live_SECRETNEWKEY99999999999999999999";

/// Every secret a test handles; none may appear in a log line or an Error's text.
std::vector<std::string> all_secrets() {
    return {didit_test::kApiKey, didit_test::kAccessToken, kPassword,  kShareToken,
            kWebhookSecret,      kNewAccessToken,          kNewApiKey, "SECRET"};
}

std::string leaked_in(const std::string& text) {
    for (const auto& s : all_secrets())
        if (text.find(s) != std::string::npos) return s;
    return {};
}

std::string phase_name(LogEvent::Phase p) {
    switch (p) {
        case LogEvent::Phase::Attempt: return "attempt";
        case LogEvent::Phase::Retry: return "retry";
        case LogEvent::Phase::Done: return "done";
    }
    return "?";
}

/// A log line with every field of the event, as a logging backend would print it.
std::string format(const LogEvent& e) {
    std::string s = phase_name(e.phase) + " " + std::string(e.route) + " " + std::string(didit::to_string(e.method)) +
                    " " + e.url + " attempt=" + std::to_string(e.attempt) + " status=" + std::to_string(e.status) +
                    " ms=" + std::to_string(e.duration.count()) + " request_id=" + e.request_id;
    if (e.error) s += " error=" + std::string(didit::to_string(*e.error));
    s += " message=" + e.message;
    return s;
}

/// A logger that keeps every event (thread-safe).
class Capture {
public:
    std::function<void(const LogEvent&)> hook() {
        auto s = state_;
        return [s](const LogEvent& e) {
            Stored st{e.phase,    std::string(e.route), e.method, e.url,     e.attempt, e.status,
                      e.duration, e.request_id,         e.error,  e.message, format(e)};
            std::lock_guard<std::mutex> lock(s->mutex);
            s->events.push_back(std::move(st));
        };
    }
    struct Stored {
        LogEvent::Phase phase;
        std::string route;
        didit::Method method;
        std::string url;
        int attempt;
        int status;
        milliseconds duration;
        std::string request_id;
        std::optional<ErrorKind> error;
        std::string message;
        std::string line;
    };
    std::vector<Stored> events() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->events;
    }
    void clear() {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->events.clear();
    }

private:
    struct State {
        std::mutex mutex;
        std::vector<Stored> events;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

/// Sleep hook that records instead of sleeping.
struct Sleeps {
    std::shared_ptr<std::vector<milliseconds>> v = std::make_shared<std::vector<milliseconds>>();
    std::shared_ptr<std::mutex> m = std::make_shared<std::mutex>();
    std::function<void(milliseconds)> hook() {
        auto vv = v;
        auto mm = m;
        return [vv, mm](milliseconds d) {
            std::lock_guard<std::mutex> lock(*mm);
            vv->push_back(d);
        };
    }
    std::vector<milliseconds> get() const {
        std::lock_guard<std::mutex> lock(*m);
        return *v;
    }
};

/// A RateLimiter of one's own: records the buckets asked for and answers `allow`.
class RecordingLimiter : public didit::RateLimiter {
public:
    bool acquire(std::string_view bucket, clock_type::time_point deadline) override {
        std::lock_guard<std::mutex> lock(mutex_);
        buckets_.emplace_back(bucket);
        deadlines_.push_back(deadline);
        return allow_;
    }
    void set_allow(bool a) {
        std::lock_guard<std::mutex> lock(mutex_);
        allow_ = a;
    }
    std::vector<std::string> take() {
        std::lock_guard<std::mutex> lock(mutex_);
        auto out = std::move(buckets_);
        buckets_.clear();
        return out;
    }
    std::vector<clock_type::time_point> deadlines() {
        std::lock_guard<std::mutex> lock(mutex_);
        return deadlines_;
    }

private:
    std::mutex mutex_;
    bool allow_ = true;
    std::vector<std::string> buckets_;
    std::vector<clock_type::time_point> deadlines_;
};

ClientOptions mock_options() {
    ClientOptions o = didit_test::test_options();
    o.rate_limit = false;
    return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Backoff.

TEST_CASE("policy: backoff is 0.5 s doubling, capped at 8 s") {
    RetryPolicy p;
    CHECK(p.max_retries == 2);
    CHECK(p.initial_backoff == milliseconds(500));
    CHECK(p.max_backoff == milliseconds(8000));
    CHECK(p.max_retry_after == milliseconds(60000));
    const long expected[] = {500, 1000, 2000, 4000, 8000, 8000, 8000, 8000};
    for (int n = 1; n <= 8; ++n) {
        CAPTURE(n);
        const long base = expected[n - 1];
        CHECK(didit::detail::backoff_delay(p, n, 500000).count() == base);           // no jitter
        CHECK(didit::detail::backoff_delay(p, n, 0).count() == base * 3 / 4);        // -25 %
        CHECK(didit::detail::backoff_delay(p, n, 1000000).count() == base * 5 / 4);  // +25 %
    }
    // A retry far down the line neither overflows nor exceeds the cap.
    CHECK(didit::detail::backoff_delay(p, 1000, 1000000).count() == 10000);

    RetryPolicy custom;
    custom.initial_backoff = milliseconds(100);
    custom.max_backoff = milliseconds(300);
    CHECK(didit::detail::backoff_delay(custom, 1, 500000).count() == 100);
    CHECK(didit::detail::backoff_delay(custom, 2, 500000).count() == 200);
    CHECK(didit::detail::backoff_delay(custom, 3, 500000).count() == 300);
    CHECK(didit::detail::backoff_delay(custom, 9, 500000).count() == 300);
}

TEST_CASE("policy: jitter stays within ±25 % and actually varies") {
    RetryPolicy p;
    long lo = 1 << 30, hi = 0;
    for (int i = 0; i < 2000; ++i) {
        long d = didit::detail::backoff_delay(p, 2, didit::detail::jitter_bits()).count();
        REQUIRE(d >= 750);
        REQUIRE(d <= 1250);
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(lo < 800);
    CHECK(hi > 1200);
}

TEST_CASE("policy: the statuses that are retried") {
    for (int s : {408, 429, 500, 502, 503, 504}) CHECK(didit::detail::retryable_status(s));
    for (int s : {200, 201, 204, 301, 400, 401, 402, 403, 404, 405, 409, 410, 413, 422, 501, 505})
        CHECK_FALSE(didit::detail::retryable_status(s));
}

// ---------------------------------------------------------------------------------------------
// Retry-After.

TEST_CASE("policy: Retry-After in seconds, retry-after-ms, HTTP-date, and garbage") {
    using didit::detail::parse_http_date;
    using didit::detail::server_wait_hint;
    const std::int64_t t = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == t);
    CHECK(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    CHECK(parse_http_date("Tue, 29 Feb 2028 23:59:59 GMT") == 1835481599);
    CHECK(parse_http_date("Wed, 01 Jul 2026 12:00:00 GMT") == 1782907200);

    auto hint = [&](std::initializer_list<Headers::value_type> h, std::int64_t now) {
        return server_wait_hint(Headers(h), now);
    };
    CHECK(hint({{"Retry-After", "7"}}, t) == milliseconds(7000));
    CHECK(hint({{"retry-after", " 30 "}}, t) == milliseconds(30000));
    CHECK(hint({{"Retry-After", "0"}}, t) == milliseconds(0));
    CHECK(hint({{"retry-after-ms", "250"}}, t) == milliseconds(250));
    CHECK(hint({{"Retry-After", "9"}, {"Retry-After-Ms", "1500"}}, t) == milliseconds(1500));  // ms wins
    CHECK(hint({{"Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT"}}, t) == milliseconds(10000));
    CHECK(hint({{"Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"}}, t) == milliseconds(0));
    CHECK(hint({{"Retry-After", "Sun, 06 Nov 1994 08:48:37 GMT"}}, t) == milliseconds(0));  // in the past

    const char* garbage[] = {"",
                             "soon",
                             "-5",
                             "1.5",
                             "5s",
                             "0x10",
                             "99999999999999999999999",
                             "Sun, 06 Nov 1994 08:49:37 UTC",
                             "Sun, 06 Nov 1994 08:49:37",
                             "Sun, 32 Nov 1994 08:49:37 GMT",
                             "Sun, 06 Foo 1994 08:49:37 GMT",
                             "Sun, 06 Nov 1994 25:49:37 GMT",
                             "Sun, 06 Nov 1994 08:61:37 GMT",
                             "Sun, 06 Nov 19x4 08:49:37 GMT",
                             "Sunday, 06-Nov-94 08:49:37 GMT"};
    for (const char* g : garbage) {
        CAPTURE(g);
        CHECK_FALSE(hint({{"Retry-After", g}}, t).has_value());
        CHECK_FALSE(hint({{"retry-after-ms", g}}, t).has_value());
    }
    CHECK_FALSE(hint({}, t).has_value());
}

// ---------------------------------------------------------------------------------------------
// Rate shaping.

TEST_CASE("policy: TokenBucketLimiter drains, waits through the sleep hook, and refuses past the deadline") {
    Sleeps sleeps;
    TokenBucketLimiter lim({{"get", {3, std::chrono::seconds(1)}}}, sleeps.hook());
    const auto far = clock_type::now() + std::chrono::hours(1);
    CHECK(lim.acquire("get", far));
    CHECK(lim.acquire("get", far));
    CHECK(lim.acquire("get", far));
    CHECK(sleeps.get().empty());  // a full bucket answers at once

    CHECK(lim.acquire("get", far));  // the 4th waits ~1/3 s for its token
    auto s = sleeps.get();
    REQUIRE(s.size() == 1);
    CHECK(s[0] >= milliseconds(150));  // ~333 ms less what refilled meanwhile
    CHECK(s[0] <= milliseconds(340));

    // The next token is ~2/3 s away: a deadline 100 ms out is refused, without waiting and
    // without taking the token.
    CHECK_FALSE(lim.acquire("get", clock_type::now() + milliseconds(100)));
    CHECK(sleeps.get().size() == 1);
    CHECK(lim.acquire("get", far));
    s = sleeps.get();
    REQUIRE(s.size() == 2);
    CHECK(s[1] >= milliseconds(400));  // ~667 ms less what refilled meanwhile
    CHECK(s[1] <= milliseconds(680));

    // An unknown bucket is not limited, whatever the deadline.
    for (int i = 0; i < 100; ++i) CHECK(lim.acquire("nope", clock_type::now()));
    CHECK(sleeps.get().size() == 2);
}

TEST_CASE("policy: TokenBucketLimiter refills over time") {
    Sleeps sleeps;
    TokenBucketLimiter lim({{"write", {2, milliseconds(100)}}}, sleeps.hook());
    const auto far = clock_type::now() + std::chrono::hours(1);
    CHECK(lim.acquire("write", far));
    CHECK(lim.acquire("write", far));
    std::this_thread::sleep_for(milliseconds(150));
    CHECK(lim.acquire("write", far));
    CHECK(lim.acquire("write", far));
    CHECK(sleeps.get().empty());
}

TEST_CASE("policy: the documented limits") {
    auto l = TokenBucketLimiter::documented_limits();
    CHECK(l.at("get").capacity == 600);
    CHECK(l.at("get").period == std::chrono::minutes(1));
    CHECK(l.at("write").capacity == 300);
    CHECK(l.at("session-create").capacity == 600);
    CHECK(l.at("pdf").capacity == 50);
    CHECK(l.at("register").capacity == 5);
    CHECK(l.at("register").period == std::chrono::hours(1));
}

TEST_CASE(
    "policy: a limiter in ClientOptions waits via the sleep hook and refuses past the deadline, sending nothing") {
    MockTransport mock;
    mock.on_request([](const didit::HttpRequest&) -> didit::Result<didit::HttpResponse> {
        didit::HttpResponse r;
        r.status = 200;
        r.body = R"({"balance":"1.00"})";
        return r;
    });
    Sleeps sleeps;
    ClientOptions o = didit_test::test_options();
    o.sleep = sleeps.hook();
    o.rate_limit = true;
    o.rate_limiter = std::make_shared<TokenBucketLimiter>(
        TokenBucketLimiter::Limits{{"get", {2, std::chrono::minutes(1)}}}, sleeps.hook());
    didit::Client<MockTransport> client(o, mock);
    CHECK(client.billing().balance().ok());
    CHECK(client.billing().balance().ok());
    CHECK(sleeps.get().empty());
    CHECK(client.billing().balance().ok());  // waits ~30 s for the next token (recorded, not slept)
    auto s = sleeps.get();
    REQUIRE(s.size() == 1);
    CHECK(s[0] >= milliseconds(29000));
    CHECK(s[0] <= milliseconds(30100));
    CHECK(mock.request_count() == 3);

    CallOptions hurry;
    hurry.deadline = milliseconds(1000);
    auto r = client.billing().balance(hurry);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::RateLimited);
    CHECK(r.error().attempts == 0);
    CHECK(r.error().not_sent);
    CHECK(r.error().status == 0);
    CHECK(r.error().message.find("nothing was sent") != std::string::npos);
    CHECK(mock.request_count() == 3);
    CHECK(sleeps.get().size() == 1);
}

TEST_CASE("policy: the default limiter holds registration to 5 per hour") {
    MockTransport mock;
    mock.on_request([](const didit::HttpRequest&) -> didit::Result<didit::HttpResponse> {
        didit::HttpResponse r;
        r.status = 201;
        r.body = R"({"message":"Verification code sent","email":"a@example.com"})";
        return r;
    });
    Sleeps sleeps;
    ClientOptions o = didit_test::test_options();
    o.sleep = sleeps.hook();
    o.rate_limit = true;  // the default, with the documented limits
    didit::Client<MockTransport> client(o, mock);
    for (int i = 0; i < 5; ++i) REQUIRE(client.account().register_account("a@example.com", kPassword).ok());
    CHECK(sleeps.get().empty());
    auto sixth = client.account().register_account("a@example.com", kPassword);
    REQUIRE_FALSE(sixth.ok());
    CHECK(sixth.error().kind == ErrorKind::RateLimited);  // ~12 min away, past the 5 min deadline
    CHECK(sixth.error().not_sent);
    CHECK(mock.request_count() == 5);
    CHECK(leaked_in(sixth.error().to_string()).empty());

    // With a deadline long enough, the call waits for its slot (recorded here) and goes.
    CallOptions patient;
    patient.deadline = std::chrono::hours(1);
    didit::RegisterRequest req{"a@example.com", kPassword, {}};
    CHECK(client.account().register_account(req, patient).ok());
    auto s = sleeps.get();
    REQUIRE(s.size() == 1);
    CHECK(s[0] >= std::chrono::minutes(11));
    CHECK(s[0] <= std::chrono::minutes(13));
    CHECK(mock.request_count() == 6);
}

TEST_CASE("policy: a custom RateLimiter is asked for the method bucket and the route's own bucket") {
    MockTransport mock;
    mock.on_request([](const didit::HttpRequest& req) -> didit::Result<didit::HttpResponse> {
        didit::HttpResponse r;
        r.status = 200;
        if (req.url.find("generate-pdf") != std::string::npos) {
            r.headers.set("Content-Type", "application/pdf");
            r.body = "%PDF-1.7\n%test\n";
        } else if (req.url.find("/v3/session/") != std::string::npos) {
            r.status = 201;
            r.body = R"({"session_id":"11111111-2222-4333-8444-555555555555","url":"https://x"})";
        } else if (req.url.find("register") != std::string::npos) {
            r.status = 201;
            r.body = R"({"message":"sent"})";
        } else if (req.url.find("top-up") != std::string::npos) {
            r.body = R"({"checkout_session_id":"cs","checkout_session_url":"https://x"})";
        } else {
            r.body = R"({"balance":"1.00"})";
        }
        return r;
    });
    auto limiter = std::make_shared<RecordingLimiter>();
    ClientOptions o = didit_test::test_options();
    o.rate_limit = true;
    o.rate_limiter = limiter;
    o.deadline = std::chrono::seconds(42);
    didit::Client<MockTransport> client(o, mock);

    const auto before = clock_type::now();
    REQUIRE(client.billing().balance().ok());
    CHECK(limiter->take() == std::vector<std::string>{"get"});
    auto d = limiter->deadlines();
    REQUIRE(d.size() == 1);
    CHECK(d[0] >= before + std::chrono::seconds(41));
    CHECK(d[0] <= clock_type::now() + std::chrono::seconds(42));

    didit::TopUpRequest top;
    top.amount_in_dollars = 50;
    REQUIRE(client.billing().top_up(top).ok());
    CHECK(limiter->take() == std::vector<std::string>{"write"});

    REQUIRE(client.account().register_account("a@example.com", kPassword).ok());
    CHECK(limiter->take() == std::vector<std::string>{"write", "register"});

    didit::SessionCreateRequest sc;
    sc.workflow_id = "c3d4e5f6-0000-4000-8000-000000000001";
    REQUIRE(client.sessions().create(sc).ok());
    CHECK(limiter->take() == std::vector<std::string>{"write", "session-create"});

    auto pdf = client.sessions().generate_pdf("11111111-2222-4333-8444-555555555555");
    CHECK(pdf.ok());
    CHECK(limiter->take() == std::vector<std::string>{"get", "pdf"});

    // Refused: RateLimited, nothing sent.
    const std::size_t sent = mock.request_count();
    limiter->set_allow(false);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::RateLimited);
    CHECK(r.error().not_sent);
    CHECK(r.error().attempts == 0);
    CHECK(mock.request_count() == sent);

    // Each retry asks again.
    limiter->set_allow(true);
    limiter->take();
    MockTransport mock2;
    mock2.reply(503, "").reply(503, "").reply(200, R"({"balance":"1.00"})");
    ClientOptions o2 = o;
    o2.retry.max_retries = 2;
    didit::Client<MockTransport> client2(o2, mock2);
    REQUIRE(client2.billing().balance().ok());
    CHECK(limiter->take() == std::vector<std::string>{"get", "get", "get"});

    // rate_limit = false: the limiter is not consulted.
    ClientOptions off = o;
    off.rate_limit = false;
    didit::Client<MockTransport> client3(off, mock);
    REQUIRE(client3.billing().balance().ok());
    CHECK(limiter->take().empty());
}

TEST_CASE("policy: a limiter refusing a retry returns the last real error, not a rate-limit one") {
    MockTransport mock;
    mock.reply(503, R"({"detail":"down"})").reply(200, R"({"balance":"1.00"})");
    // Allows the first attempt only.
    struct OnceLimiter : didit::RateLimiter {
        int n = 0;
        bool acquire(std::string_view, clock_type::time_point) override { return n++ == 0; }
    };
    ClientOptions o = didit_test::test_options();
    o.retry.max_retries = 2;
    o.rate_limit = true;
    o.rate_limiter = std::make_shared<OnceLimiter>();
    didit::Client<MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Server);
    CHECK(r.error().status == 503);
    CHECK(r.error().attempts == 1);
    CHECK(mock.request_count() == 1);
}

// ---------------------------------------------------------------------------------------------
// The logging hook.

TEST_CASE("policy: the logger receives structured events per attempt, retry and call") {
    MockTransport mock;
    mock.reply(503, R"({"detail":"down"})", Headers{{"X-Request-Id", "req-1"}})
        .reply(200, R"({"didit_internal_id":"u1","vendor_data":"user 42/x","status":"ACTIVE"})",
               Headers{{"x-request-id", "req-2"}});
    Capture cap;
    ClientOptions o = mock_options();
    o.retry.max_retries = 2;
    o.logger = cap.hook();
    didit::Client<MockTransport> client(o, mock);
    REQUIRE(client.users().get("user 42/x").ok());

    auto ev = cap.events();
    REQUIRE(ev.size() == 4);
    const std::string url = "https://verification.didit.me/v3/users/{vendor_data}/";
    CHECK(ev[0].phase == LogEvent::Phase::Attempt);
    CHECK(ev[0].route == "UsersGet");
    CHECK(ev[0].method == didit::Method::Get);
    CHECK(ev[0].url == url);
    CHECK(ev[0].attempt == 1);
    CHECK(ev[0].status == 503);
    CHECK(ev[0].request_id == "req-1");
    CHECK(ev[0].duration >= milliseconds(0));
    CHECK(ev[1].phase == LogEvent::Phase::Retry);
    CHECK(ev[1].attempt == 1);
    CHECK(ev[1].message.find("503") != std::string::npos);
    CHECK(ev[1].duration >= milliseconds(375));  // the wait
    CHECK(ev[1].duration <= milliseconds(625));
    CHECK(ev[2].phase == LogEvent::Phase::Attempt);
    CHECK(ev[2].attempt == 2);
    CHECK(ev[2].status == 200);
    CHECK(ev[2].request_id == "req-2");
    CHECK_FALSE(ev[2].error.has_value());
    CHECK(ev[3].phase == LogEvent::Phase::Done);
    CHECK(ev[3].attempt == 2);
    CHECK(ev[3].status == 200);
    CHECK_FALSE(ev[3].error.has_value());
    for (const auto& e : ev) CHECK(e.line.find("user 42") == std::string::npos);
    for (const auto& e : ev) CHECK(e.line.find("user%2042") == std::string::npos);

    // Query parameters are logged by name only.
    cap.clear();
    mock.reply(200, R"({"count":0,"results":[]})");
    didit::UsersListQuery q;
    q.search = "Ana María";
    q.limit = 5;
    REQUIRE(client.users().list(q).ok());
    ev = cap.events();
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].url == "https://verification.didit.me/v3/users/?limit=...&search=...");
    CHECK(ev[1].phase == LogEvent::Phase::Done);

    // A failure: the transport's error on the attempt, the final kind on Done.
    cap.clear();
    didit::Error down;
    down.kind = ErrorKind::Transport;
    down.message = "Connection reset by peer";
    mock.fail(down);
    didit::TopUpRequest top;
    top.amount_in_dollars = 50;
    REQUIRE_FALSE(client.billing().top_up(top).ok());
    ev = cap.events();
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].method == didit::Method::Post);
    CHECK(ev[0].status == 0);
    REQUIRE(ev[0].error.has_value());
    CHECK(*ev[0].error == ErrorKind::Transport);
    CHECK(ev[0].message == "Connection reset by peer");
    CHECK(ev[1].phase == LogEvent::Phase::Done);
    REQUIRE(ev[1].error.has_value());
    CHECK(*ev[1].error == ErrorKind::OutcomeUnknown);

    // A 404 ends with its kind on Done.
    cap.clear();
    mock.reply(404, R"({"detail":"Not found."})");
    REQUIRE_FALSE(client.users().get("nobody").ok());
    ev = cap.events();
    REQUIRE(ev.size() == 2);
    REQUIRE(ev[1].error.has_value());
    CHECK(*ev[1].error == ErrorKind::NotFound);
    CHECK(ev[1].status == 404);
}

TEST_CASE("policy: account routes log the account base, with no token") {
    MockTransport mock;
    mock.reply(200, R"({"count":1,"results":[{"uuid":"7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f"}]})");
    Capture cap;
    ClientOptions o = mock_options();
    o.logger = cap.hook();
    didit::Client<MockTransport> client(o, mock);
    REQUIRE(client.account().list_organizations().ok());
    auto ev = cap.events();
    REQUIRE_FALSE(ev.empty());
    CHECK(ev[0].url == "https://apx.didit.me/auth/v2/organizations/me/");
    CHECK(mock.last_request()->headers.get("authorization") == "Bearer " + didit_test::kAccessToken);
    for (const auto& e : ev) CHECK(leaked_in(e.line).empty());
}

// ---------------------------------------------------------------------------------------------
// The secrets scan: many calls, every error kind, every text the SDK produces.

namespace {
const std::string kUuid = "11111111-2222-4333-8444-555555555555";
const std::string kWorkflowUuid = "0a000000-0000-4000-8000-000000000001";
}  // namespace

TEST_CASE("policy: no log line, Error text or printed option ever contains a secret") {
    using fault::Fault;
    using fault::Reply;
    fault::Server server;
    REQUIRE(server.running());
    const std::string auth = "/auth/v2";
    // Successes.
    server.on("GET", "/v3/billing/balance/", {Reply::json(200, R"({"balance":"12.0000"})")});
    server.on("GET", auth + "/organizations/me/",
              {Reply::json(200, R"([{"uuid":"7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f","name":"Acme"}])"),
               Reply::json(401, R"({"detail":"Given token not valid for any token type","code":"token_not_valid"})")});
    server.on("GET", auth + "/organizations/me/7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f/applications/" + kUuid + "/",
              {Reply::json(200, R"({"uuid":")" + kUuid + R"(","name":"App","api_key":")" + kNewApiKey + R"("})")});
    server.on("POST", auth + "/programmatic/register/",
              {Reply::json(201, R"({"message":"Verification code sent","email":"a@example.com"})"),
               Reply::json(400, R"({"password":["This password is too common."]})")});
    server.on("POST", auth + "/programmatic/login/",
              {Reply::json(200, R"({"access_token":")" + kNewAccessToken + R"(","expires_in":86400})"),
               Reply::json(200, R"({"access_token":")" + kNewAccessToken + R"(","expires_in":"a day"})"),
               Reply::json(401, R"({"detail":"Invalid credentials."})")});
    server.on("POST", auth + "/programmatic/verify-email/",
              {Reply::json(200, R"({"access_token":")" + kNewAccessToken + R"(","application":{"uuid":")" + kUuid +
                                    R"(","api_key":")" + kNewApiKey + R"("},"expires_in":[1]})")});
    server.on("POST", "/v3/session/" + kUuid + "/share/",
              {Reply::json(200, R"({"share_token":")" + kShareToken + R"("})")});
    server.on("POST", "/v3/session/import-shared/",
              {Reply::json(400, R"({"share_token":["Invalid or expired share token."]})"),
               Reply::with_fault(Fault::Reset, "{}", 1)});
    // Every error kind.
    server.on(
        "GET", "/v3/workflows/" + kWorkflowUuid + "/",
        {Reply::json(404, R"({"detail":"Not found."})"), Reply::json(402, R"({"detail":"Top up."})"),
         Reply::json(403, R"({"detail":"You do not have permission to perform this action."})"),
         Reply::json(409, R"(["Conflict."])"), Reply::html(301, "<html>moved</html>").header("Location", "/x/"),
         Reply::json(200, "{not json"), Reply::json(429, R"({"detail":"slow"})").header("Retry-After", "1"),
         Reply::json(429, R"({"detail":"slow"})").header("Retry-After", "1"), Reply::html(500, "<html>oops</html>"),
         Reply::html(500, "<html>oops</html>"), Reply::with_fault(Fault::Reset, "{\"uuid\":\"x\"}", 3),
         Reply::with_fault(Fault::Reset, "{}", 3), Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(2000)),
         Reply::with_fault(Fault::StallHeaders, "{}", 0, milliseconds(2000)),
         Reply::json(200, R"({"uuid":")" + kWorkflowUuid + R"("})")});
    server.on("POST", "/v3/billing/top-up/",
              {Reply::json(400, R"({"amount_in_dollars":["Ensure this value is greater than or equal to 50."]})"),
               Reply::json(500, "")});
    server.on("POST", "/v3/session/",
              {Reply::json(400, R"({"workflow_id":"Invalid workflow_id."})"),
               Reply::with_fault(Fault::Truncate, "{\"a\":1}", 2)});

    Capture cap;
    ClientOptions o;
    o.api_key = didit_test::kApiKey;
    o.access_token = didit_test::kAccessToken;
    o.base_url = server.base();
    o.auth_base_url = server.base() + auth;
    o.timeout = milliseconds(300);
    o.retry.max_retries = 1;
    o.sleep = [](milliseconds) {};
    o.logger = cap.hook();
    didit::Client<didit::CurlTransport> client(o);

    std::vector<didit::Error> errors;
    std::vector<std::string> texts;
    auto keep = [&](const auto& r) {
        if (!r.ok()) errors.push_back(r.error());
    };

    // Successes, with secrets travelling in both directions.
    keep(client.billing().balance());
    keep(client.account().list_organizations());
    auto app = client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f", kUuid);
    CHECK(app.ok());
    keep(app);
    keep(client.account().register_account("a@example.com", kPassword));
    auto login = client.account().login("a@example.com", kPassword);
    REQUIRE(login.ok());
    CHECK(login->access_token == kNewAccessToken);
    didit::SessionShareRequest share;
    auto shared = client.sessions().share(kUuid, share);
    CHECK(shared.ok());
    keep(shared);

    // Errors from the server.
    keep(client.account().register_account("a@example.com", kPassword));  // 400 password
    keep(client.account().login("a@example.com", kPassword));             // Decode of a reply with a token
    keep(client.account().login("a@example.com", kPassword));             // 401
    keep(client.account().verify_email("a@example.com", "123456"));       // Decode (tokens in the reply)
    keep(client.account().list_organizations());                          // 401 with code
    didit::SessionImportSharedRequest imp;
    imp.share_token = kShareToken;
    imp.workflow_id = "c3d4e5f6-0000-4000-8000-000000000001";
    keep(client.sessions().import_shared(imp));  // 400 naming share_token
    keep(client.sessions().import_shared(imp));  // reset: OutcomeUnknown
    for (int i = 0; i < 11; ++i)
        keep(client.workflows().get(kWorkflowUuid));  // 404 402 403 409 301 Decode 429 500 reset timeout ok
    didit::TopUpRequest top;
    top.amount_in_dollars = 1;
    keep(client.billing().top_up(top));  // 400
    keep(client.billing().top_up(top));  // 500: OutcomeUnknown
    didit::SessionCreateRequest sc;
    sc.workflow_id = "bad";
    sc.vendor_data = "user-42";
    didit::ExpectedDetails pii;
    pii.first_name = "Ana";
    pii.last_name = "Secretarial-Surname";
    pii.date_of_birth = "1990-05-17";
    sc.expected_details = pii;
    sc.portrait_image = "iVBORw0KGgoPORTRAITBASE64";
    keep(client.sessions().create(sc));  // 400
    sc.vendor_data.reset();
    keep(client.sessions().create(sc));  // truncated: OutcomeUnknown

    // Errors before sending.
    {
        CallOptions c;
        c.headers.set("X-Trace", "a\r\nx-api-key: " + didit_test::kApiKey);
        keep(client.billing().balance(c));
        CallOptions bearer;
        bearer.headers.set("Authorization", "Bearer " + didit_test::kAccessToken);
        keep(client.billing().balance(bearer));
        keep(client.workflows().get(""));
        keep(client.users().get(""));
    }
    for (const char* name : {"X-Webhook-Secret", "X-Didit-Webhook-Secret", "X-Auth-Token", "X-Api-Key", "Cookie",
                             "X-Share-Token", "X-Password"}) {
        CAPTURE(name);
        ClientOptions wo = o;
        wo.default_headers.set(name, kWebhookSecret);
        didit::Client<didit::CurlTransport> wc(wo);
        auto r = wc.billing().balance();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        errors.push_back(r.error());
        texts.push_back(to_string(wo));
    }
    {
        ClientOptions lo = o;
        lo.rate_limit = true;
        lo.rate_limiter = std::make_shared<RecordingLimiter>();
        static_cast<RecordingLimiter&>(*lo.rate_limiter).set_allow(false);
        didit::Client<didit::CurlTransport> lc(lo);
        keep(lc.billing().balance());  // client-side RateLimited
        ClientOptions insecure = o;
        insecure.base_url = "http://user:" + kPassword + "@example.com";
        didit::Client<didit::CurlTransport> ic(insecure);
        keep(ic.billing().balance());  // InvalidArgument naming the URL
        texts.push_back(to_string(insecure));
        ClientOptions crlf_key = o;
        crlf_key.api_key = didit_test::kApiKey + "\r\n";
        didit::Client<didit::CurlTransport> kc(crlf_key);
        keep(kc.billing().balance());
    }
    // Webhook verification failures.
    {
        didit::webhook::Verifier verifier(kWebhookSecret);
        Headers h{{"X-Signature", std::string(64, 'a')}, {"X-Timestamp", std::to_string(std::time(nullptr))}};
        keep(verifier.verify(h, R"({"session_id":"x","status":"Approved"})"));
        Headers stale{{"X-Signature", std::string(64, 'a')}, {"X-Timestamp", "1000"}};
        keep(verifier.verify(stale, "{}"));
    }

    // Every kind was produced.
    std::vector<ErrorKind> kinds;
    for (const auto& e : errors) kinds.push_back(e.kind);
    auto has = [&](ErrorKind k) { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); };
    for (ErrorKind k :
         {ErrorKind::InvalidArgument, ErrorKind::Transport, ErrorKind::Timeout, ErrorKind::OutcomeUnknown,
          ErrorKind::BadRequest, ErrorKind::Authentication, ErrorKind::PaymentRequired, ErrorKind::Permission,
          ErrorKind::NotFound, ErrorKind::Conflict, ErrorKind::RateLimited, ErrorKind::Server,
          ErrorKind::UnexpectedStatus, ErrorKind::Decode, ErrorKind::WebhookVerification}) {
        CAPTURE(didit::to_string(k));
        CHECK(has(k));
    }

    // The secrets did travel where they belong (so the scan below means something).
    bool saw_key = false, saw_bearer = false, saw_password = false, saw_share = false;
    for (const auto& r : server.requests()) {
        if (r.header("x-api-key") == didit_test::kApiKey) saw_key = true;
        if (r.header("authorization") == "Bearer " + didit_test::kAccessToken) saw_bearer = true;
        if (r.body.find(kPassword) != std::string::npos) saw_password = true;
        if (r.body.find(kShareToken) != std::string::npos) saw_share = true;
        if (r.path.rfind(auth, 0) == 0)
            CHECK(r.header("x-api-key").empty());
        else
            CHECK(r.header("authorization").empty());
        CHECK(r.header("x-webhook-secret").empty());
    }
    CHECK(saw_key);
    CHECK(saw_bearer);
    CHECK(saw_password);
    CHECK(saw_share);

    // The scan.
    for (const auto& e : errors) {
        texts.push_back(e.to_string());
        texts.push_back(e.message);
        texts.push_back(e.raw_body);
        texts.push_back(e.code);
        texts.push_back(e.request_id);
        for (const auto& f : e.field_errors) texts.push_back(f.field + ": " + f.message);
#if DIDIT_TEST_HAS_EXCEPTIONS
        texts.push_back(didit::Exception(e).what());
#endif
    }
    auto ev = cap.events();
    CHECK(ev.size() > 40);
    for (const auto& e : ev) texts.push_back(e.line);
    texts.push_back(to_string(o));
    texts.push_back(to_string(client.options()));
    for (const auto& t : texts) {
        CAPTURE(t);
        CHECK(leaked_in(t).empty());
        CHECK_FALSE(didit_test::leaks_secret(t));
        // Nor the PII of the session body, nor query/path values.
        CHECK(t.find("Secretarial-Surname") == std::string::npos);
        CHECK(t.find("1990-05-17") == std::string::npos);
        CHECK(t.find("PORTRAIT") == std::string::npos);
    }
    for (const auto& e : ev) {
        CHECK(e.line.find("a@example.com") == std::string::npos);
        CHECK(e.line.find("user-42") == std::string::npos);
        CHECK(e.line.find(kUuid) == std::string::npos);
    }
}

TEST_CASE("policy: to_string(ClientOptions) masks credentials and URL user info") {
    ClientOptions o;
    o.api_key = didit_test::kApiKey;
    o.access_token = didit_test::kAccessToken;
    o.base_url = "https://user:" + kPassword + "@verification.didit.me";
    o.auth_base_url = "https://apx.didit.me/auth/v2";
    o.default_headers.set("X-App", "kyc-backend");
    o.max_in_flight = 7;
    o.async_workers = 3;
    std::string s = to_string(o);
    CHECK(s.find("max_in_flight=7") != std::string::npos);
    CHECK(s.find("async_workers=3") != std::string::npos);
    CHECK(leaked_in(s).empty());
    CHECK(s.find("api_key=(set, masked)") != std::string::npos);
    CHECK(s.find("access_token=(set, masked)") != std::string::npos);
    CHECK(s.find("https://***@verification.didit.me") != std::string::npos);
    CHECK(s.find("X-App") != std::string::npos);
    CHECK(s.find("kyc-backend") == std::string::npos);  // header values are not printed at all
    ClientOptions none;
    CHECK(to_string(none).find("api_key=(none)") != std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// The pipeline: users' own steps around the built-in ones.

namespace {

/// A step that records what it sees, in a journal shared by every step of a test.
class JournalStep : public didit::Policy {
public:
    JournalStep(std::string name, std::shared_ptr<std::vector<std::string>> journal)
        : name_(std::move(name)), journal_(std::move(journal)) {}

    std::optional<didit::Error> before_attempt(didit::HttpRequest& req, didit::CallContext& call) override {
        journal_->push_back(name_ + ">" + std::to_string(call.attempt));
        req.headers.set("X-Seen-By-" + name_, std::to_string(call.attempt));
        timeouts.push_back(req.timeout);
        if (stop_before) return didit::make_error(ErrorKind::InvalidArgument, "stopped by " + name_);
        return std::nullopt;
    }
    std::optional<milliseconds> after_attempt(const didit::HttpRequest&, didit::Result<didit::HttpResponse>& result,
                                              didit::CallContext& call) override {
        journal_->push_back(name_ + "<" + std::to_string(call.attempt) + ":" +
                            (result.ok() ? std::to_string(result.value().status) : std::string("error")));
        durations.push_back(call.attempt_duration);
        if (retries_left > 0) {
            --retries_left;
            return milliseconds(7);
        }
        return std::nullopt;
    }

    bool stop_before = false;
    int retries_left = 0;
    std::vector<milliseconds> timeouts;
    std::vector<milliseconds> durations;

private:
    std::string name_;
    std::shared_ptr<std::vector<std::string>> journal_;
};

}  // namespace

TEST_CASE("pipeline: per-call steps see a call once, per-attempt steps every attempt, in order") {
    MockTransport mock;
    mock.reply(503, R"({"detail":"down"})").reply(502, "").reply(200, R"({"balance":"1.00"})");
    auto journal = std::make_shared<std::vector<std::string>>();
    auto a = std::make_shared<JournalStep>("A", journal);
    auto b = std::make_shared<JournalStep>("B", journal);
    auto c = std::make_shared<JournalStep>("C", journal);
    auto d = std::make_shared<JournalStep>("D", journal);
    ClientOptions o = mock_options();
    o.retry.max_retries = 2;
    o.timeout = milliseconds(4321);
    o.per_call_policies = {a, b};
    o.per_attempt_policies = {c, d};
    didit::Client<MockTransport> client(o, mock);
    REQUIRE(client.billing().balance().ok());

    CHECK(*journal == std::vector<std::string>{"A>1", "B>1", "C>1", "D>1", "D<1:503", "C<1:503", "C>2", "D>2",
                                               "D<2:502", "C<2:502", "C>3", "D>3", "D<3:200", "C<3:200", "B<3:200",
                                               "A<3:200"});
    // Every attempt carries the per-attempt steps' headers, made for that attempt; the
    // per-call steps' header was set once and stays.
    auto sent = mock.requests();
    REQUIRE(sent.size() == 3);
    for (std::size_t i = 0; i < sent.size(); ++i) {
        CHECK(sent[i].headers.get("x-seen-by-a") == "1");
        CHECK(sent[i].headers.get("x-seen-by-c") == std::to_string(i + 1));
        CHECK(sent[i].headers.get("x-seen-by-d") == std::to_string(i + 1));
    }
    // Per-attempt steps run after the deadline step has set the attempt's time limit.
    REQUIRE(c->timeouts.size() == 3);
    for (auto t : c->timeouts) CHECK(t == milliseconds(4321));
}

TEST_CASE("pipeline: a step that stops the call sends nothing and its Error is the result") {
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    auto journal = std::make_shared<std::vector<std::string>>();
    auto outer = std::make_shared<JournalStep>("Outer", journal);
    auto inner = std::make_shared<JournalStep>("Inner", journal);
    inner->stop_before = true;
    Capture cap;
    ClientOptions o = mock_options();
    o.per_call_policies = {outer};
    o.per_attempt_policies = {inner};
    o.logger = cap.hook();
    didit::Client<MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("stopped by Inner") != std::string::npos);
    CHECK(r.error().attempts == 0);
    CHECK(mock.request_count() == 0);
    CHECK(*journal == std::vector<std::string>{"Outer>1", "Inner>1", "Outer<1:error"});
    // The call is logged (Done), no attempt is.
    auto ev = cap.events();
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].phase == LogEvent::Phase::Done);
    CHECK(ev[0].error == ErrorKind::InvalidArgument);
}

TEST_CASE("pipeline: a step that asks for a retry re-runs the steps inside it after its wait") {
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"balance":"2.00"})");
    auto journal = std::make_shared<std::vector<std::string>>();
    auto outer = std::make_shared<JournalStep>("Outer", journal);
    auto inner = std::make_shared<JournalStep>("Inner", journal);
    outer->retries_left = 1;
    std::vector<milliseconds> waits;
    ClientOptions o = mock_options();
    o.sleep = [&waits](milliseconds w) { waits.push_back(w); };
    o.per_call_policies = {outer};
    o.per_attempt_policies = {inner};
    didit::Client<MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r.value().balance == "2.00");
    CHECK(waits == std::vector<milliseconds>{milliseconds(7)});
    CHECK(mock.request_count() == 2);
    // The built-in steps inside Outer ran again: the second attempt is attempt 2.
    CHECK(*journal == std::vector<std::string>{"Outer>1", "Inner>1", "Inner<1:200", "Outer<1:200", "Inner>2",
                                               "Inner<2:200", "Outer<2:200"});
}

TEST_CASE("pipeline: an empty step pointer is an InvalidArgument on each call, nothing sent") {
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    ClientOptions o = mock_options();
    o.per_attempt_policies.push_back(nullptr);
    didit::Client<MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(r.error().message.find("empty pointer") != std::string::npos);
    CHECK(mock.request_count() == 0);
}

TEST_CASE("pipeline: no step can wait past the call's deadline") {
    // A step that asks for a retry after longer than the call has left gets the result at
    // hand instead, so a step that always asks cannot make a call loop.
    class Impatient : public didit::Policy {
    public:
        std::optional<milliseconds> after_attempt(const didit::HttpRequest&, didit::Result<didit::HttpResponse>&,
                                                  didit::CallContext&) override {
            ++asked;
            return milliseconds(31000);
        }
        int asked = 0;
    };
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"balance":"2.00"})");
    auto step = std::make_shared<Impatient>();
    std::vector<milliseconds> waits;
    ClientOptions o = mock_options();
    o.deadline = std::chrono::seconds(30);
    o.sleep = [&waits](milliseconds w) { waits.push_back(w); };
    o.per_call_policies = {step};
    didit::Client<MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r.value().balance == "1.00");
    CHECK(step->asked == 1);
    CHECK(waits.empty());
    CHECK(mock.request_count() == 1);
}
