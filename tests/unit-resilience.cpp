// SPDX-License-Identifier: MIT
// Fault injection on loopback: every network fault through Client<CurlTransport>, with retries,
// idempotency (no POST applied twice), Retry-After, deadlines and transport hardening.
#include <didit/didit.hpp>

#include "fault_server.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace {

using didit::CallOptions;
using didit::ClientOptions;
using didit::CurlOptions;
using didit::CurlTransport;
using didit::ErrorKind;
using fault::Fault;
using fault::Reply;
using std::chrono::milliseconds;
using Client = didit::Client<CurlTransport>;

const std::string kBalance = R"({"balance":"1234.5600","auto_refill_enabled":false})";
const std::string kTopUp =
    R"({"checkout_session_id":"cs_test_1","checkout_session_url":"https://checkout.stripe.com/c/pay/cs_test_1"})";
const std::string kWorkflow = R"({"uuid":"0a000000-0000-4000-8000-000000000001","workflow_label":"Standard KYC"})";
const std::string kWorkflowId = "0a000000-0000-4000-8000-000000000001";
const std::string kSession =
    R"({"session_id":"11111111-2222-4333-8444-555555555555","url":"https://verify.didit.me/session/abc"})";

const char* const kBalancePath = "/v3/billing/balance/";
const char* const kTopUpPath = "/v3/billing/top-up/";
const char* const kWorkflowsPath = "/v3/workflows/";
const std::string kWorkflowPath = "/v3/workflows/" + kWorkflowId + "/";
const char* const kSessionPath = "/v3/session/";

const char* const kHtml502 =
    "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
    "<hr><center>nginx</center></body></html>";

/// The waits the client asked for, recorded by the `sleep` hook instead of sleeping.
class Waits {
public:
    std::function<void(milliseconds)> hook() {
        auto s = state_;
        return [s](milliseconds d) {
            std::lock_guard<std::mutex> lock(s->mutex);
            s->waits.push_back(d);
        };
    }
    std::vector<milliseconds> get() const {
        std::lock_guard<std::mutex> lock(state_->mutex);
        return state_->waits;
    }
    std::size_t size() const { return get().size(); }

private:
    struct State {
        std::mutex mutex;
        std::vector<milliseconds> waits;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

/// Options for a client of `base`: test credentials, default retries (2), no rate shaping,
/// recorded waits, a 2 s per-attempt limit.
ClientOptions options_for(const std::string& base, Waits& waits) {
    ClientOptions o;
    o.api_key = didit_test::kApiKey;
    o.access_token = didit_test::kAccessToken;
    o.base_url = base;
    o.auth_base_url = base + "/auth/v2";
    o.timeout = milliseconds(2000);
    o.rate_limit = false;
    o.sleep = waits.hook();
    return o;
}

didit::TopUpRequest top_up_request() {
    didit::TopUpRequest r;
    r.amount_in_dollars = 50;
    return r;
}

didit::WorkflowCreateRequest workflow_request() {
    didit::WorkflowCreateRequest r;
    r.workflow_label = "Standard KYC";
    return r;
}

/// A backoff wait for retry `n`: 500 ms · 2^(n-1), capped at 8 s, ±25 %.
bool is_backoff(milliseconds w, int n) {
    double base = 500;
    for (int i = 1; i < n; ++i) base *= 2;
    if (base > 8000) base = 8000;
    return static_cast<double>(w.count()) >= base * 0.75 - 1 && static_cast<double>(w.count()) <= base * 1.25 + 1;
}

std::string http_date(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return buf;
}

/// A fault that fails the attempt, by name, for the tables below.
struct FaultCase {
    const char* name;
    Reply reply;
    ErrorKind kind_when_retried;  // what an idempotent call ends with
    int status;                   // the final Error::status
};

std::vector<FaultCase> attempt_faults() {
    const std::string body = R"({"detail":"this body is cut short by the test server"})";
    return {
        {"reset mid-body", Reply::with_fault(Fault::Reset, body, 12), ErrorKind::Transport, 0},
        {"stall before headers", Reply::with_fault(Fault::StallHeaders, body, 0, milliseconds(3000)),
         ErrorKind::Timeout, 0},
        {"stall mid-body", Reply::with_fault(Fault::StallBody, body, 12, milliseconds(3000)), ErrorKind::Timeout, 0},
        {"truncated against Content-Length", Reply::with_fault(Fault::Truncate, body, 12), ErrorKind::Transport, 0},
        {"502 with an HTML page", Reply::html(502, kHtml502), ErrorKind::Server, 502},
        {"503 with no body", Reply::json(503, ""), ErrorKind::Server, 503},
        {"504", Reply::json(504, R"({"detail":"upstream timed out"})"), ErrorKind::Server, 504},
        {"500", Reply::json(500, R"({"detail":"Internal server error"})"), ErrorKind::Server, 500},
        {"408", Reply::json(408, R"({"detail":"Request timeout"})"), ErrorKind::Timeout, 408},
    };
}

/// Options with a per-attempt limit short enough for the stall faults (3 s stalls).
ClientOptions quick(ClientOptions o) {
    o.timeout = milliseconds(300);
    return o;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// GET: every fault is retried (2 retries by default, 3 attempts), with backoff between them.

TEST_CASE("resilience: GET is retried on every transient fault, 3 attempts by default") {
    for (const auto& f : attempt_faults()) {
        CAPTURE(f.name);
        fault::Server server;
        REQUIRE(server.running());
        server.on("GET", kBalancePath, {f.reply});
        Waits waits;
        Client client(quick(options_for(server.base(), waits)));
        auto r = client.billing().balance();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == f.kind_when_retried);
        CHECK(r.error().attempts == 3);
        CHECK(r.error().status == f.status);
        CHECK(server.count("GET", kBalancePath) == 3);
        CHECK(r.error().to_string().find("after 3 attempts") != std::string::npos);
        auto w = waits.get();
        REQUIRE(w.size() == 2);
        CHECK(is_backoff(w[0], 1));
        CHECK(is_backoff(w[1], 2));
        CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
    }
}

TEST_CASE("resilience: GET recovers when the fault clears before the attempts run out") {
    for (const auto& f : attempt_faults()) {
        CAPTURE(f.name);
        fault::Server server;
        server.on("GET", kBalancePath, {f.reply, f.reply, Reply::json(200, kBalance)});
        Waits waits;
        Client client(quick(options_for(server.base(), waits)));
        auto r = client.billing().balance();
        REQUIRE(r.ok());
        CHECK(r->balance == "1234.5600");
        CHECK(server.count("GET", kBalancePath) == 3);
        CHECK(waits.size() == 2);
    }
}

TEST_CASE("resilience: the 502 HTML page becomes a Server error that says it was not JSON") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::html(502, kHtml502).header("X-Request-Id", "req-502")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    CallOptions once;
    once.max_retries = 0;
    auto r = client.billing().balance(once);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Server);
    CHECK(r.error().status == 502);
    CHECK(r.error().attempts == 1);
    CHECK(r.error().request_id == "req-502");
    CHECK(r.error().message.find("non-JSON") != std::string::npos);
    CHECK(r.error().message.find("text/html") != std::string::npos);
    CHECK(r.error().raw_body == kHtml502);
}

TEST_CASE("resilience: DELETE is idempotent and retried after a reset, then succeeds once") {
    fault::Server server;
    server.on("DELETE", kWorkflowPath,
              {Reply::with_fault(Fault::Reset, "{\"detail\":\"x\"}", 3), Reply::json(503, ""), Reply::json(204, "")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto r = client.workflows().remove(kWorkflowId);
    CHECK(r.ok());
    CHECK(server.count("DELETE", kWorkflowPath) == 3);
    CHECK(waits.size() == 2);
}

// ---------------------------------------------------------------------------------------------
// Non-idempotent POST: never repeated once it may have reached the server.

TEST_CASE("resilience: a non-idempotent POST is sent once and reports OutcomeUnknown after any fault") {
    for (const auto& f : attempt_faults()) {
        CAPTURE(f.name);
        fault::Server server;
        server.on("POST", kTopUpPath, {f.reply, Reply::json(200, kTopUp)});
        server.on("POST", kWorkflowsPath, {f.reply, Reply::json(201, kWorkflow)});
        Waits waits;
        Client client(quick(options_for(server.base(), waits)));

        auto t = client.billing().top_up(top_up_request());
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().kind == ErrorKind::OutcomeUnknown);
        CHECK(t.error().attempts == 1);
        CHECK(t.error().status == f.status);
        CHECK_FALSE(t.error().not_sent);
        CHECK(t.error().message.find("BillingTopUp") != std::string::npos);
        CHECK(t.error().message.find("may or may not have been applied") != std::string::npos);
        CHECK(t.error().message.find("not repeated") != std::string::npos);
        CHECK(server.count("POST", kTopUpPath) == 1);

        auto w = client.workflows().create(workflow_request());
        REQUIRE_FALSE(w.ok());
        CHECK(w.error().kind == ErrorKind::OutcomeUnknown);
        CHECK(w.error().attempts == 1);
        CHECK(server.count("POST", kWorkflowsPath) == 1);

        CHECK(waits.size() == 0);
        CHECK_FALSE(didit_test::leaks_secret(t.error().to_string()));
    }
}

TEST_CASE("resilience: a POST whose reused connection closes without a reply is not re-sent by libcurl") {
    // libcurl silently repeats a request on a new connection when a reused keep-alive
    // connection yields no response at all; for a POST that reached the server that would
    // apply it twice. CurlTransport prevents it, and the client reports OutcomeUnknown.
    for (Fault f : {Fault::Drop, Fault::DropReset}) {
        CAPTURE(static_cast<int>(f));
        fault::Server server;
        server.on("GET", kBalancePath, {Reply::json(200, kBalance)});
        server.on("POST", kTopUpPath, {Reply::with_fault(f), Reply::json(200, kTopUp)});
        server.on("PATCH", kWorkflowPath, {Reply::with_fault(f), Reply::json(200, kWorkflow)});
        Waits waits;
        Client client(options_for(server.base(), waits));
        REQUIRE(client.billing().balance().ok());  // opens the connection the POST will reuse

        auto t = client.billing().top_up(top_up_request());
        REQUIRE_FALSE(t.ok());
        CHECK(t.error().kind == ErrorKind::OutcomeUnknown);
        CHECK(t.error().attempts == 1);
        CHECK(server.count("POST", kTopUpPath) == 1);

        REQUIRE(client.billing().balance().ok());
        auto u = client.workflows().update(kWorkflowId, workflow_request());
        REQUIRE_FALSE(u.ok());
        CHECK(u.error().kind == ErrorKind::OutcomeUnknown);
        CHECK(server.count("PATCH", kWorkflowPath) == 1);

        // The same fault on a GET is simply retried.
        server.on("GET", kBalancePath, {Reply::with_fault(f), Reply::json(200, kBalance)});
        CHECK(client.billing().balance().ok());
        CHECK(server.count("POST", kTopUpPath) == 1);
    }
}

TEST_CASE("resilience: the POST body arrives intact and exactly once per attempt") {
    fault::Server server;
    server.on("POST", kTopUpPath, {Reply::json(200, kTopUp)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto req = top_up_request();
    req.success_url = "https://example.com/ok?session={CHECKOUT_SESSION_ID}";
    auto t = client.billing().top_up(req);
    REQUIRE(t.ok());
    CHECK(t->checkout_session_id == "cs_test_1");
    auto bodies = server.bodies("POST", kTopUpPath);
    REQUIRE(bodies.size() == 1);
    CHECK(bodies[0].find("\"amount_in_dollars\":50") != std::string::npos);
    CHECK(bodies[0].find("{CHECKOUT_SESSION_ID}") != std::string::npos);
    auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].header("content-length") == std::to_string(bodies[0].size()));
    CHECK(seen[0].header("content-type") == "application/json");
    CHECK(seen[0].header("x-api-key") == didit_test::kApiKey);
}

namespace {
/// A write route that declares itself safe to repeat per request, the way a session create
/// with `vendor_data` is (the server returns the existing unfinished session).
bool has_vendor_data(const didit::SessionCreateRequest& r) { return r.vendor_data.has_value(); }
DIDIT_ROUTE(SafeCreate, Post, Verification, ApiKey, "/v3/session/", didit::NoPath, didit::SessionCreateRequest,
            didit::NoQuery, didit::Session, when(has_vendor_data), 0, "", Json);
}  // namespace

TEST_CASE("resilience: a write that is safe for this request (vendor_data) is retried after a reset") {
    fault::Server server;
    server.on("POST", kSessionPath, {Reply::with_fault(Fault::Reset, kSession, 5), Reply::json(201, kSession)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    didit::SessionCreateRequest req;
    req.workflow_id = "c3d4e5f6-0000-4000-8000-000000000001";
    req.vendor_data = "user-42";
    auto s = client.call<SafeCreate>(req);
    REQUIRE(s.ok());
    CHECK(s->session_id == "11111111-2222-4333-8444-555555555555");
    CHECK(server.count("POST", kSessionPath) == 2);
    CHECK(waits.size() == 1);

    // Without vendor_data the same request is not safe: one attempt, OutcomeUnknown.
    server.on("POST", kSessionPath, {Reply::with_fault(Fault::Reset, kSession, 5), Reply::json(201, kSession)});
    server.reset_counts();
    req.vendor_data.reset();
    auto u = client.call<SafeCreate>(req);
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().kind == ErrorKind::OutcomeUnknown);
    CHECK(server.count("POST", kSessionPath) == 1);
}

TEST_CASE("resilience: session create without vendor_data is OutcomeUnknown and says how to reconcile") {
    fault::Server server;
    server.on("POST", kSessionPath, {Reply::with_fault(Fault::Reset, kSession, 5), Reply::json(201, kSession)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    didit::SessionCreateRequest req;
    req.workflow_id = "c3d4e5f6-0000-4000-8000-000000000001";
    auto s = client.sessions().create(req);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == ErrorKind::OutcomeUnknown);
    CHECK(s.error().attempts == 1);
    CHECK(s.error().message.find("vendor_data") != std::string::npos);
    CHECK(server.count("POST", kSessionPath) == 1);
}

TEST_CASE("resilience: session create with vendor_data is retried (the server de-duplicates it)") {
    fault::Server server;
    server.on("POST", kSessionPath, {Reply::with_fault(Fault::Reset, kSession, 5), Reply::json(201, kSession)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    didit::SessionCreateRequest req;
    req.workflow_id = "c3d4e5f6-0000-4000-8000-000000000001";
    req.vendor_data = "user-42";
    auto s = client.sessions().create(req);
    CHECK(s.ok());
    CHECK(server.count("POST", kSessionPath) == 2);
}

// ---------------------------------------------------------------------------------------------
// Connection refused: the request never left, so even a POST is repeated.

TEST_CASE("resilience: connection refused is retried for GET and POST alike (nothing was sent)") {
    fault::RefusingPort refusing;
    REQUIRE(refusing.port() > 0);
    Waits waits;
    Client client(options_for(refusing.base(), waits));

    auto g = client.billing().balance();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Transport);
    CHECK(g.error().not_sent);
    CHECK(g.error().attempts == 3);
    CHECK(waits.size() == 2);

    auto p = client.billing().top_up(top_up_request());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::Transport);  // not OutcomeUnknown: it certainly never arrived
    CHECK(p.error().not_sent);
    CHECK(p.error().attempts == 3);
    CHECK(waits.size() == 4);
}

TEST_CASE("resilience: a POST refused at connect goes through once the server listens again") {
    fault::Server server;
    server.on("POST", kTopUpPath, {Reply::json(200, kTopUp)});
    REQUIRE(server.running());
    server.stop_listening();
    Waits waits;
    ClientOptions o = options_for(server.base(), waits);
    int slept = 0;
    auto record = o.sleep;
    o.sleep = [&](milliseconds d) {
        record(d);
        if (++slept == 1) server.resume_listening();
    };
    Client client(o);
    auto t = client.billing().top_up(top_up_request());
    REQUIRE(t.ok());
    CHECK(t->checkout_session_id == "cs_test_1");
    CHECK(server.count("POST", kTopUpPath) == 1);
    REQUIRE(waits.size() == 1);
    CHECK(is_backoff(waits.get()[0], 1));
}

// ---------------------------------------------------------------------------------------------
// Replies that arrive whole but are wrong.

TEST_CASE("resilience: 200 with invalid JSON is a Decode error and is not retried") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(200, R"({"balance": "12.00", )")});
    server.on("POST", kTopUpPath, {Reply::json(200, "<html>oops</html>")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto g = client.billing().balance();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Decode);
    CHECK(g.error().status == 200);
    CHECK(g.error().attempts == 1);
    CHECK(server.count("GET", kBalancePath) == 1);

    auto p = client.billing().top_up(top_up_request());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::Decode);
    CHECK(p.error().attempts == 1);
    CHECK(server.count("POST", kTopUpPath) == 1);
    CHECK(waits.size() == 0);
}

TEST_CASE("resilience: 400, 401, 402, 403, 404, 409 and 422 are never retried") {
    struct Case {
        int status;
        ErrorKind kind;
    };
    const Case cases[] = {{400, ErrorKind::BadRequest},      {401, ErrorKind::Authentication},
                          {402, ErrorKind::PaymentRequired}, {403, ErrorKind::Permission},
                          {404, ErrorKind::NotFound},        {409, ErrorKind::Conflict},
                          {422, ErrorKind::BadRequest}};
    for (const auto& c : cases) {
        CAPTURE(c.status);
        fault::Server server;
        server.on("GET", kBalancePath, {Reply::json(c.status, R"({"detail":"no"})"), Reply::json(200, kBalance)});
        server.on("POST", kTopUpPath, {Reply::json(c.status, R"({"detail":"no"})"), Reply::json(200, kTopUp)});
        Waits waits;
        ClientOptions o = options_for(server.base(), waits);
        o.retry.max_retries = 5;
        Client client(o);
        auto g = client.billing().balance();
        REQUIRE_FALSE(g.ok());
        CHECK(g.error().kind == c.kind);
        CHECK(g.error().status == c.status);
        CHECK(g.error().attempts == 1);
        CHECK(g.error().message == "no");
        auto p = client.billing().top_up(top_up_request());
        REQUIRE_FALSE(p.ok());
        CHECK(p.error().kind == c.kind);
        CHECK(p.error().attempts == 1);
        CHECK(server.count("GET", kBalancePath) == 1);
        CHECK(server.count("POST", kTopUpPath) == 1);
        CHECK(waits.size() == 0);
    }
}

TEST_CASE("resilience: a 301 on a POST is not followed; the error names the Location") {
    fault::Server server;
    server.on("POST", kTopUpPath,
              {Reply::html(301, "<html><body>Moved</body></html>").header("Location", "/v3/billing/top-up-v2/")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto t = client.billing().top_up(top_up_request());
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().kind == ErrorKind::UnexpectedStatus);
    CHECK(t.error().status == 301);
    CHECK(t.error().attempts == 1);
    CHECK(t.error().message.find("/v3/billing/top-up-v2/") != std::string::npos);
    CHECK(t.error().message.find("not followed") != std::string::npos);
    CHECK(server.count("POST", kTopUpPath) == 1);
    CHECK(server.count("POST", "/v3/billing/top-up-v2/") == 0);
    CHECK(server.count("GET", "/v3/billing/top-up-v2/") == 0);
    CHECK(server.count() == 1);
    CHECK(waits.size() == 0);
}

TEST_CASE("resilience: a 301 with an empty body on a POST names the Location too") {
    fault::Server server;
    server.on("POST", kWorkflowsPath, {Reply::json(301, "").header("Location", "https://elsewhere.example/x/")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto w = client.workflows().create(workflow_request());
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().kind == ErrorKind::UnexpectedStatus);
    CHECK(w.error().message.find("https://elsewhere.example/x/") != std::string::npos);
    CHECK(server.count() == 1);
}

TEST_CASE("resilience: a body over max_response_bytes is a Transport error, not retried") {
    const std::string big = "{\"balance\":\"" + std::string(100 * 1024, '9') + "\"}";
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(200, big)});
    server.on("POST", kTopUpPath, {Reply::json(200, big)});
    Waits waits;
    CurlOptions co;
    co.max_response_bytes = 64 * 1024;
    Client client(options_for(server.base(), waits), CurlTransport(co));
    auto g = client.billing().balance();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Transport);
    CHECK(g.error().status == 200);
    CHECK(g.error().attempts == 1);
    CHECK(g.error().message.find(std::to_string(64 * 1024)) != std::string::npos);
    CHECK(server.count("GET", kBalancePath) == 1);

    auto p = client.billing().top_up(top_up_request());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::Transport);
    CHECK(p.error().attempts == 1);
    CHECK(server.count("POST", kTopUpPath) == 1);
    CHECK(waits.size() == 0);

    // The default cap is 64 MiB.
    CHECK(CurlOptions{}.max_response_bytes == std::size_t{64} * 1024 * 1024);
}

// ---------------------------------------------------------------------------------------------
// 429 and Retry-After.

TEST_CASE("resilience: 429 is retried after Retry-After seconds, for GET and POST") {
    fault::Server server;
    const std::string body = R"({"detail":"Request was throttled. Expected available in 2 seconds."})";
    server.on("GET", kBalancePath,
              {Reply::json(429, body).header("Retry-After", "2"), Reply::json(429, body).header("Retry-After", "3"),
               Reply::json(200, kBalance)});
    server.on("POST", kTopUpPath, {Reply::json(429, body).header("Retry-After", "1"), Reply::json(200, kTopUp)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto g = client.billing().balance();
    REQUIRE(g.ok());
    CHECK(server.count("GET", kBalancePath) == 3);
    auto w = waits.get();
    REQUIRE(w.size() == 2);
    CHECK(w[0] == milliseconds(2000));
    CHECK(w[1] == milliseconds(3000));

    // A 429 was refused unprocessed, so even a non-idempotent POST is repeated.
    auto p = client.billing().top_up(top_up_request());
    REQUIRE(p.ok());
    CHECK(server.count("POST", kTopUpPath) == 2);
    w = waits.get();
    REQUIRE(w.size() == 3);
    CHECK(w[2] == milliseconds(1000));
}

TEST_CASE("resilience: Retry-After as an HTTP-date, retry-after-ms, and hints over 60 s") {
    const std::time_t now = std::time(nullptr);
    struct Case {
        const char* name;
        const char* header;
        std::string value;
        milliseconds lo, hi;
    };
    const Case cases[] = {
        {"HTTP-date 5 s ahead", "Retry-After", http_date(now + 5), milliseconds(3000), milliseconds(6000)},
        {"HTTP-date in the past", "Retry-After", http_date(now - 60), milliseconds(0), milliseconds(0)},
        {"retry-after-ms", "retry-after-ms", "1500", milliseconds(1500), milliseconds(1500)},
        {"60 s is honoured", "Retry-After", "60", milliseconds(60000), milliseconds(60000)},
        {"61 s falls back to backoff", "Retry-After", "61", milliseconds(375), milliseconds(625)},
        {"a date 10 min ahead falls back to backoff", "Retry-After", http_date(now + 600), milliseconds(375),
         milliseconds(625)},
        {"garbage falls back to backoff", "Retry-After", "soon", milliseconds(375), milliseconds(625)},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        fault::Server server;
        server.on(
            "GET", kBalancePath,
            {Reply::json(429, R"({"detail":"slow down"})").header(c.header, c.value), Reply::json(200, kBalance)});
        Waits waits;
        Client client(options_for(server.base(), waits));
        REQUIRE(client.billing().balance().ok());
        CHECK(server.count("GET", kBalancePath) == 2);
        auto w = waits.get();
        REQUIRE(w.size() == 1);
        CHECK(w[0] >= c.lo);
        CHECK(w[0] <= c.hi);
    }
}

TEST_CASE("resilience: 429 that never clears ends RateLimited with the attempts and the server's hint") {
    fault::Server server;
    server.on(
        "POST", kTopUpPath,
        {Reply::json(429,
                     R"({"detail":"Write request rate limit exceeded. You can make up to 300 requests per minute."})")
             .header("Retry-After", "2")});
    Waits waits;
    Client client(options_for(server.base(), waits));
    auto p = client.billing().top_up(top_up_request());
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::RateLimited);
    CHECK(p.error().status == 429);
    CHECK(p.error().attempts == 3);
    REQUIRE(p.error().retry_after.has_value());
    CHECK(*p.error().retry_after == milliseconds(2000));
    CHECK(p.error().message.find("300 requests per minute") != std::string::npos);
    // Three POSTs arrived, and every one was refused unprocessed with 429.
    CHECK(server.count("POST", kTopUpPath) == 3);
    CHECK(waits.size() == 2);
}

TEST_CASE("resilience: a deadline shorter than Retry-After stops waiting and returns the 429") {
    fault::Server server;
    server.on("GET", kBalancePath,
              {Reply::json(429, R"({"detail":"slow down"})").header("Retry-After", "30"), Reply::json(200, kBalance)});
    Waits waits;
    ClientOptions o = options_for(server.base(), waits);
    o.deadline = milliseconds(2000);
    Client client(o);
    auto start = std::chrono::steady_clock::now();
    auto g = client.billing().balance();
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::RateLimited);
    CHECK(g.error().attempts == 1);
    CHECK(server.count("GET", kBalancePath) == 1);
    CHECK(waits.size() == 0);
    CHECK(took < std::chrono::seconds(2));

    // The same through a per-call deadline on a client without one.
    ClientOptions loose = options_for(server.base(), waits);
    Client client2(loose);
    CallOptions call;
    call.deadline = milliseconds(1000);
    server.reset_counts();
    server.on("GET", kBalancePath, {Reply::json(429, "{}").header("Retry-After", "5"), Reply::json(200, kBalance)});
    auto g2 = client2.billing().balance(call);
    REQUIRE_FALSE(g2.ok());
    CHECK(g2.error().kind == ErrorKind::RateLimited);
    CHECK(server.count("GET", kBalancePath) == 1);
}

// ---------------------------------------------------------------------------------------------
// Retry counts: per client, per call, 0.

TEST_CASE("resilience: max_retries per client and per call, including 0") {
    struct Case {
        std::optional<int> client_retries;
        std::optional<int> call_retries;
        int attempts;
    };
    const Case cases[] = {{std::nullopt, std::nullopt, 3},
                          {0, std::nullopt, 1},
                          {4, std::nullopt, 5},
                          {std::nullopt, 0, 1},
                          {std::nullopt, 1, 2},
                          {0, 3, 4},
                          {5, 0, 1},
                          {-1, std::nullopt, 1}};
    for (const auto& c : cases) {
        CAPTURE(c.client_retries.value_or(-100));
        CAPTURE(c.call_retries.value_or(-100));
        fault::Server server;
        server.on("GET", kBalancePath, {Reply::json(503, R"({"detail":"down"})")});
        Waits waits;
        ClientOptions o = options_for(server.base(), waits);
        if (c.client_retries) o.retry.max_retries = *c.client_retries;
        Client client(o);
        CallOptions call;
        call.max_retries = c.call_retries;
        auto g = client.billing().balance(call);
        REQUIRE_FALSE(g.ok());
        CHECK(g.error().kind == ErrorKind::Server);
        CHECK(g.error().attempts == c.attempts);
        CHECK(server.count("GET", kBalancePath) == static_cast<std::size_t>(c.attempts));
        auto w = waits.get();
        REQUIRE(w.size() == static_cast<std::size_t>(c.attempts - 1));
        for (std::size_t i = 0; i < w.size(); ++i) CHECK(is_backoff(w[i], static_cast<int>(i) + 1));
    }
}

TEST_CASE("resilience: backoff doubles up to the 8 s cap over many retries") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(500, "")});
    Waits waits;
    ClientOptions o = options_for(server.base(), waits);
    o.retry.max_retries = 7;
    Client client(o);
    auto g = client.billing().balance();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().attempts == 8);
    auto w = waits.get();
    REQUIRE(w.size() == 7);
    for (std::size_t i = 0; i < w.size(); ++i) {
        CAPTURE(i);
        CHECK(is_backoff(w[i], static_cast<int>(i) + 1));
    }
    CHECK(w[6] <= milliseconds(10000));
    CHECK(w[6] >= milliseconds(6000));
}

// ---------------------------------------------------------------------------------------------
// Deadlines: the call's deadline bounds every attempt and every wait, with real time.

TEST_CASE("resilience: the call deadline cuts a stalled attempt short") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::with_fault(Fault::StallHeaders, kBalance, 0, milliseconds(5000))});
    Waits waits;
    ClientOptions o = options_for(server.base(), waits);
    o.timeout = milliseconds(60000);
    Client client(o);
    CallOptions call;
    call.deadline = milliseconds(400);
    auto start = std::chrono::steady_clock::now();
    auto g = client.billing().balance(call);
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Timeout);
    CHECK(g.error().attempts == 1);
    CHECK(server.count("GET", kBalancePath) == 1);
    CHECK(took >= milliseconds(350));
    CHECK(took < milliseconds(2500));
}

TEST_CASE("resilience: with real sleeping, retries stop where the deadline would be passed") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(503, "")});
    ClientOptions o;
    o.api_key = didit_test::kApiKey;
    o.base_url = server.base();
    o.rate_limit = false;
    o.retry.max_retries = 10;
    o.deadline = milliseconds(1000);  // attempt, 0.375-0.625 s, attempt, then 0.75-1.25 s would pass it
    Client client(o);
    auto start = std::chrono::steady_clock::now();
    auto g = client.billing().balance();
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Server);
    CHECK(g.error().attempts == 2);
    CHECK(server.count("GET", kBalancePath) == 2);
    CHECK(took < milliseconds(1000));
}

TEST_CASE("resilience: a per-call timeout overrides the client's per-attempt limit") {
    fault::Server server;
    server.on("GET", kBalancePath,
              {Reply::with_fault(Fault::StallHeaders, kBalance, 0, milliseconds(800)), Reply::json(200, kBalance)});
    Waits waits;
    ClientOptions o = options_for(server.base(), waits);
    o.timeout = milliseconds(5000);
    Client client(o);
    CallOptions call;
    call.timeout = milliseconds(200);
    auto start = std::chrono::steady_clock::now();
    auto g = client.billing().balance(call);
    auto took = std::chrono::steady_clock::now() - start;
    REQUIRE(g.ok());  // attempt 1 times out at 200 ms, attempt 2 gets the reply
    CHECK(server.count("GET", kBalancePath) == 2);
    CHECK(took < milliseconds(800));
}

// ---------------------------------------------------------------------------------------------
// Transport hardening.

TEST_CASE("resilience: plain http:// is refused for non-loopback hosts unless allow_insecure_http") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(200, kBalance)});
    const std::string port = std::to_string(server.port());
    const std::string refused[] = {
        "http://0.0.0.0:" + port,  // reaches this machine, but is not a loopback name
        "http://example.com",
        "http://127.0.0.1.evil.example:" + port,
        "http://127.0.0.1@evil.example:" + port,
        "http://localhost:" + port + "@evil.example",
        "http://user:pw@127.0.0.1:" + port,
        "http://127.0.0.1x:" + port,
        "http://[::1]x:" + port,
        "ftp://127.0.0.1:" + port,
        "127.0.0.1:" + port,
    };
    for (const auto& base : refused) {
        CAPTURE(base);
        Waits waits;
        ClientOptions o = options_for(base, waits);
        Client client(o);
        auto g = client.billing().balance();
        REQUIRE_FALSE(g.ok());
        CHECK(g.error().kind == ErrorKind::InvalidArgument);
        CHECK(g.error().attempts == 0);
        CHECK(g.error().not_sent);
        CHECK(g.error().message.find("pw@") == std::string::npos);
    }
    CHECK(server.count() == 0);

    const std::string allowed[] = {"http://127.0.0.1:" + port, "http://localhost:" + port,
                                   "http://127.0.0.1:" + port + "/", "http://LOCALHOST:" + port};
    for (const auto& base : allowed) {
        CAPTURE(base);
        Waits waits;
        Client client(options_for(base, waits));
        CHECK(client.billing().balance().ok());
    }

    // All of 127/8 is loopback: accepted (this server listens on 127.0.0.1 only, so the
    // connection itself is refused, which proves the request was let through).
    {
        Waits waits;
        ClientOptions o = options_for("http://127.1.2.3:" + port, waits);
        o.retry.max_retries = 0;
        Client client(o);
        auto g = client.billing().balance();
        REQUIRE_FALSE(g.ok());
        CHECK(g.error().kind == ErrorKind::Transport);
    }

    // The explicit opt-in.
    Waits waits;
    ClientOptions o = options_for("http://0.0.0.0:" + port, waits);
    o.allow_insecure_http = true;
    Client client(o);
    CHECK(client.billing().balance().ok());
}

TEST_CASE("resilience: CR, LF or NUL in a header value or a query parameter fails before sending") {
    fault::Server server;
    Waits waits;
    Client client(options_for(server.base(), waits));
    for (std::string bad :
         {std::string("a\r\nX-Injected: 1"), std::string("a\nb"), std::string("a\rb"), std::string("a\0b", 3)}) {
        CallOptions call;
        call.headers.set("X-Trace", bad);
        auto g = client.billing().balance(call);
        REQUIRE_FALSE(g.ok());
        CHECK(g.error().kind == ErrorKind::InvalidArgument);
        CHECK(g.error().attempts == 0);

        didit::UsersListQuery q;
        q.search = bad;
        auto u = client.users().list(q);
        REQUIRE_FALSE(u.ok());
        CHECK(u.error().kind == ErrorKind::InvalidArgument);
        CHECK(u.error().message.find("query") != std::string::npos);

        didit::DecisionQuery dq;
        dq.include = bad;
        auto d = client.sessions().get_decision("11111111-2222-4333-8444-555555555555", dq);
        REQUIRE_FALSE(d.ok());
        CHECK(d.error().kind == ErrorKind::InvalidArgument);
    }
    CHECK(server.count() == 0);

    // Ordinary values with spaces and symbols are percent-encoded and sent.
    didit::UsersListQuery ok;
    ok.search = "Ana María & co";
    server.on("GET", "/v3/users/", {Reply::json(200, R"({"count":0,"results":[]})")});
    auto u = client.users().list(ok);
    CHECK(u.ok());
    auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].query.find("search=Ana%20Mar%C3%ADa%20%26%20co") != std::string::npos);
}

TEST_CASE("resilience: connections are reused across calls and after retried faults") {
    fault::Server server;
    server.on("GET", kBalancePath, {Reply::json(200, kBalance)});
    Waits waits;
    Client client(options_for(server.base(), waits));
    for (int i = 0; i < 20; ++i) REQUIRE(client.billing().balance().ok());
    CHECK(server.count("GET", kBalancePath) == 20);
    CHECK(server.connections() == 1);
}
