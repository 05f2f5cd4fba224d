// SPDX-License-Identifier: MIT
// The in-process simulator against hostile callers: nesting bombs, clock overflow, invented keys and
// addresses that would grow its maps, forged X-Forwarded-For, and the seeded key on reset.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>

namespace {

using didit::HttpRequest;
using didit::HttpResponse;
using didit::Json;
using didit::Method;
namespace sim = didit::sim;

/// One request with a raw body; `key` is the x-api-key ("" sends none).
HttpResponse send(sim::Platform& p, Method m, const std::string& path, std::string body, const std::string& key,
                  const std::string& ip = "127.0.0.1", const didit::Headers& extra = {}) {
    HttpRequest req;
    req.method = m;
    req.url = "http://127.0.0.1:8790" + path;
    req.headers = extra;
    if (!key.empty()) req.headers.set("x-api-key", key);
    if (!body.empty()) {
        req.body = std::move(body);
        req.headers.set("Content-Type", "application/json");
    }
    return p.handle(req, ip);
}

Json json_of(const HttpResponse& r) { return Json::parse(r.body, nullptr, false); }

/// The group id of the seeded application's first workflow.
std::string first_workflow(sim::Platform& p) {
    auto list = json_of(send(p, Method::Get, "/v3/workflows/", {}, p.api_key()));
    REQUIRE(list.is_object());
    REQUIRE_FALSE(list["results"].empty());
    return list["results"][0].value("workflow_id", std::string());
}

/// `{"workflow_id": …, "metadata": <depth nested arrays around 1>}` as text.
std::string session_body(const std::string& workflow, std::size_t depth) {
    std::string metadata = "{\"deep\":" + std::string(depth, '[') + "1" + std::string(depth, ']') + "}";
    return "{\"workflow_id\":\"" + workflow + "\",\"metadata\":" + metadata + "}";
}

int year_of(const Json& clock_reply) {
    REQUIRE(clock_reply.is_object());
    const std::string now = clock_reply.value("now", std::string());
    REQUIRE(now.size() >= 4);
    return std::stoi(now.substr(0, 4));
}

}  // namespace

TEST_CASE("a request body nested past the limit is a 400 before it is parsed; up to the limit it works") {
    auto p = std::make_shared<sim::Platform>();
    const std::string wf = first_workflow(*p);

    // A million levels would crash the recursive copy of `metadata`.
    auto bomb = send(*p, Method::Post, "/v3/session/", session_body(wf, 1000000), p->api_key());
    CHECK(bomb.status == 400);
    CHECK(json_of(bomb).value("detail", std::string()).find("nesting deeper than 512") != std::string::npos);

    // Exactly the limit (the body object, metadata, and 510 arrays) is accepted and stored.
    auto deep = send(*p, Method::Post, "/v3/session/", session_body(wf, sim::kMaxJsonDepth - 2), p->api_key());
    INFO(deep.body.substr(0, 300));
    CHECK(deep.status == 201);
    CHECK(send(*p, Method::Post, "/v3/session/", session_body(wf, sim::kMaxJsonDepth - 1), p->api_key()).status == 400);

    // Brackets inside strings are text, not nesting.
    const std::string text(100000, '[');
    auto quoted =
        send(*p, Method::Post, "/v3/session/",
             "{\"workflow_id\":\"" + wf + "\",\"metadata\":{\"note\":\"" + text + "\\\"" + text + "\"}}", p->api_key());
    CHECK(quoted.status == 201);
    // The simulator still answers.
    CHECK(send(*p, Method::Get, "/v3/billing/balance/", {}, p->api_key()).status == 200);
}

TEST_CASE("/_sim/clock/ refuses absurd moves and clamps the total, so the clock never overflows") {
    auto p = std::make_shared<sim::Platform>();
    int last = 0;
    for (int i = 0; i < 20; ++i) {  // 20 × 1e9 s is past the 292 years of int64 nanoseconds
        auto r = p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 1000000000}});
        REQUIRE(r.ok());
        const int year = year_of(*r);
        CHECK(year >= last);  // never wraps back
        CHECK(year <= 2300);
        last = year;
    }
    CHECK(last >= 2100);  // it did move by the clamped maximum
    for (const Json& absurd : {Json(1e10), Json(1e300), Json(-1), Json("1")}) {
        auto r = send(*p, Method::Post, "/_sim/clock/", Json{{"advance_seconds", absurd}}.dump(), {});
        CHECK(r.status == 400);
    }
    // Every route still works at the clamped time.
    CHECK(send(*p, Method::Get, "/v3/billing/balance/", {}, p->api_key()).status == 200);
    // A reset brings the clock back.
    REQUIRE(p->control(Method::Post, "/_sim/reset/").ok());
    auto r = p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 0}});
    REQUIRE(r.ok());
    CHECK(year_of(*r) < 2100);
}

TEST_CASE("rate-limit windows stay bounded: invented keys, addresses and e-mails") {
    auto p = std::make_shared<sim::Platform>();
    const std::string login = "/auth/v2/programmatic/login/";
    const std::string bad_login = R"({"email":"nobody@example.com","password":"x"})";

    // Invented API keys on a route without key auth: counted against the address.
    for (int i = 0; i < 5000; ++i) (void)send(*p, Method::Post, login, "{}", "sk_invented_" + std::to_string(i));
    CHECK(p->rate_window_count() < 10);

    // Invented client addresses (and login e-mails): capped, old windows go first.
    for (int i = 0; i < 5000; ++i)
        (void)send(*p, Method::Post, login,
                   R"({"email":"u)" + std::to_string(i) + R"(@example.com","password":"wrong"})", {},
                   "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
    CHECK(p->rate_window_count() <= sim::kMaxRateWindows);
    // The limits still apply after the evictions.
    REQUIRE(p->control(Method::Patch, "/_sim/rate-limits/", Json{{"write", 1}}).ok());
    CHECK(send(*p, Method::Post, login, bad_login, {}, "10.9.9.9").status == 401);
    CHECK(send(*p, Method::Post, login, bad_login, {}, "10.9.9.9").status == 429);
}

TEST_CASE("an invented API key gets no rate-limit budget of its own") {
    auto p = std::make_shared<sim::Platform>();
    REQUIRE(p->control(Method::Patch, "/_sim/rate-limits/", Json{{"write", 2}}).ok());
    const std::string login = "/auth/v2/programmatic/login/";
    CHECK(send(*p, Method::Post, login, "{}", "sk_invented_a").status == 400);
    CHECK(send(*p, Method::Post, login, "{}", "sk_invented_a").status == 400);
    CHECK(send(*p, Method::Post, login, "{}", "sk_invented_b").status == 429);
    // The seeded application's key has its own budget, whatever address it comes from.
    CHECK(send(*p, Method::Post, login, "{}", p->api_key()).status == 400);
}

TEST_CASE("X-Forwarded-For names the client only with trust_forwarded_for") {
    auto reg = [](sim::Platform& p, int n, const std::string& forwarded) {
        const std::string body = R"({"email":"xff)" + std::to_string(n) + R"(@gmail.com","password":"MyStr0ng!Pass"})";
        return send(p, Method::Post, "/auth/v2/programmatic/register/", body, {}, "127.0.0.1",
                    didit::Headers{{"X-Forwarded-For", forwarded}})
            .status;
    };
    {
        auto p = std::make_shared<sim::Platform>();
        REQUIRE(p->control(Method::Patch, "/_sim/rate-limits/", Json{{"registration", 1}}).ok());
        CHECK(reg(*p, 1, "10.0.0.1") == 201);
        CHECK(reg(*p, 2, "10.0.0.2") == 429);  // the same loopback caller, whatever it claims
    }
    {
        sim::Options o;
        o.trust_forwarded_for = true;
        auto p = std::make_shared<sim::Platform>(o);
        REQUIRE(p->control(Method::Patch, "/_sim/rate-limits/", Json{{"registration", 1}}).ok());
        CHECK(reg(*p, 1, "10.0.0.1") == 201);
        CHECK(reg(*p, 2, " 10.0.0.2 , 10.0.0.1") == 201);  // the proxy's client, first in the list
        CHECK(reg(*p, 3, "10.0.0.2") == 429);
    }
}

TEST_CASE("/_sim/reset/ hands the seeded key only to a caller who presents it") {
    auto p = std::make_shared<sim::Platform>();
    auto anonymous = send(*p, Method::Post, "/_sim/reset/", {}, {});
    CHECK(anonymous.status == 200);
    CHECK(json_of(anonymous) == Json{{"reset", true}});
    CHECK(anonymous.body.find(p->api_key()) == std::string::npos);
    auto holder = send(*p, Method::Post, "/_sim/reset/", {}, p->api_key());
    CHECK(holder.status == 200);
    CHECK(json_of(holder).value("api_key", std::string()) == p->api_key());
}
