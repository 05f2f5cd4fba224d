// SPDX-License-Identifier: MIT
// Unit tests of the transport seam: MockTransport, AnyTransport, is_transport and Headers.
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

didit::HttpRequest get(std::string url) {
    didit::HttpRequest r;
    r.method = didit::Method::Get;
    r.url = std::move(url);
    return r;
}

/// A hand-written transport around any callable, the way a user wraps their own HTTP stack.
template <class F>
struct LambdaTransport {
    F fn;
    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) { return fn(req); }
};
template <class F>
LambdaTransport<F> make_lambda_transport(F f) {
    return LambdaTransport<F>{std::move(f)};
}

/// A stateful custom transport without name(): counts its calls and echoes them in the body.
struct CountingTransport {
    int calls = 0;
    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) {
        ++calls;
        didit::HttpResponse r;
        r.status = 200;
        r.body = R"({"balance":")" + std::to_string(calls) + R"(","url":")" + req.url + R"("})";
        return r;
    }
};

struct NamedTransport {
    didit::Result<didit::HttpResponse> send(const didit::HttpRequest&) const {
        return didit::make_error(didit::ErrorKind::Transport, "offline");
    }
    const char* name() const { return "embedded-http/1.2"; }
};

// Types that are not transports.
struct NoSend {};
struct WrongReturn {
    didit::HttpResponse send(const didit::HttpRequest&) { return {}; }
};
struct WrongArgument {
    didit::Result<didit::HttpResponse> send(std::string&) { return didit::HttpResponse{}; }
};
struct SendIsData {
    int send = 0;
};

static_assert(didit::is_transport_v<didit::MockTransport>);
static_assert(didit::is_transport_v<didit::AnyTransport>);
static_assert(didit::is_transport_v<didit::CurlTransport>);
static_assert(didit::is_transport_v<CountingTransport>);
static_assert(didit::is_transport_v<NamedTransport>);
static_assert(didit::is_transport_v<
              LambdaTransport<std::function<didit::Result<didit::HttpResponse>(const didit::HttpRequest&)>>>);
static_assert(!didit::is_transport_v<int>);
static_assert(!didit::is_transport_v<void*>);
static_assert(!didit::is_transport_v<NoSend>);
static_assert(!didit::is_transport_v<WrongReturn>);
static_assert(!didit::is_transport_v<WrongArgument>);
static_assert(!didit::is_transport_v<SendIsData>);
static_assert(!didit::is_transport_v<didit::HttpRequest>);

}  // namespace

// ---- MockTransport ----------------------------------------------------------------------------

TEST_CASE("transport: MockTransport answers in script order and records requests") {
    didit::MockTransport mock;
    CHECK(mock.request_count() == 0);
    CHECK_FALSE(mock.last_request().has_value());
    mock.reply(200, "first").reply(404, "second", {{"Content-Type", "text/plain"}}).reply(500, "");
    CHECK(mock.pending() == 3);

    auto a = mock.send(get("https://h/1"));
    auto b = mock.send(get("https://h/2"));
    auto c = mock.send(get("https://h/3"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    REQUIRE(c.ok());
    CHECK(a->status == 200);
    CHECK(a->body == "first");
    CHECK(a->headers.get("content-type") == "application/json");  // added by default
    CHECK(b->status == 404);                                      // non-2xx is a response, not an error
    CHECK(b->body == "second");
    CHECK(b->headers.get("content-type") == "text/plain");  // the caller's wins
    CHECK(b->headers.size() == 1);
    CHECK(c->status == 500);
    CHECK(c->body.empty());
    CHECK(mock.pending() == 0);

    auto reqs = mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].url == "https://h/1");
    CHECK(reqs[1].url == "https://h/2");
    CHECK(reqs[2].url == "https://h/3");
    CHECK(mock.last_request()->url == "https://h/3");
    CHECK(mock.request_count() == 3);
}

TEST_CASE("transport: MockTransport::fail returns the scripted Error") {
    didit::MockTransport mock;
    didit::Error e = didit::make_error(didit::ErrorKind::Timeout, "read timed out");
    mock.fail(e).reply(200, "{}");
    auto r1 = mock.send(get("https://h/a"));
    REQUIRE_FALSE(r1.ok());
    CHECK(r1.error().kind == didit::ErrorKind::Timeout);
    CHECK(r1.error().message == "read timed out");
    auto r2 = mock.send(get("https://h/b"));
    REQUIRE(r2.ok());
    CHECK(r2->status == 200);
    CHECK(mock.request_count() == 2);  // failed sends are recorded too
}

TEST_CASE("transport: MockTransport's handler answers once the script is used up") {
    didit::MockTransport mock;
    int handled = 0;
    mock.reply(201, "scripted")
        .on_request([&handled](const didit::HttpRequest& req) -> didit::Result<didit::HttpResponse> {
            ++handled;
            didit::HttpResponse r;
            r.status = 200;
            r.body = "echo " + req.url;
            return r;
        });
    auto a = mock.send(get("https://h/x"));
    auto b = mock.send(get("https://h/y"));
    auto c = mock.send(get("https://h/z"));
    REQUIRE(a.ok());
    CHECK(a->status == 201);
    CHECK(a->body == "scripted");
    REQUIRE(b.ok());
    CHECK(b->body == "echo https://h/y");
    REQUIRE(c.ok());
    CHECK(c->body == "echo https://h/z");
    CHECK(handled == 2);
    CHECK(mock.request_count() == 3);
}

TEST_CASE("transport: MockTransport with nothing scripted reports a Transport error") {
    didit::MockTransport mock;
    didit::HttpRequest req = get("https://verification.didit.me/v3/billing/balance/");
    req.method = didit::Method::Delete;
    auto r = mock.send(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::Transport);
    CHECK(r.error().message ==
          "MockTransport: no scripted reply left for DELETE https://verification.didit.me/v3/billing/balance/");
    CHECK(mock.request_count() == 1);
}

TEST_CASE("transport: copies of a MockTransport share script and record") {
    didit::MockTransport original;
    didit::MockTransport copy = original;
    copy.reply(200, "via copy");
    CHECK(original.pending() == 1);
    auto r = original.send(get("https://h/shared"));
    REQUIRE(r.ok());
    CHECK(r->body == "via copy");
    CHECK(copy.request_count() == 1);
    CHECK(copy.last_request()->url == "https://h/shared");
    CHECK(copy.pending() == 0);

    didit::MockTransport other;  // a fresh one does not share
    CHECK(other.request_count() == 0);
    CHECK(other.name() == "mock");
}

TEST_CASE("transport: MockTransport records the whole request") {
    didit::MockTransport mock;
    mock.reply(200, "{}");
    didit::HttpRequest req;
    req.method = didit::Method::Patch;
    req.url = "https://h/p";
    req.headers.set("X-One", "1");
    req.body = R"({"a":1})";
    req.timeout = std::chrono::milliseconds(250);
    REQUIRE(mock.send(req).ok());
    auto got = mock.last_request();
    REQUIRE(got.has_value());
    CHECK(got->method == didit::Method::Patch);
    CHECK(got->headers.get("x-one") == "1");
    CHECK(got->body == R"({"a":1})");
    CHECK(got->timeout == std::chrono::milliseconds(250));
}

TEST_CASE("transport: MockTransport is safe to share between threads") {
    didit::MockTransport mock;
    mock.on_request([](const didit::HttpRequest&) -> didit::Result<didit::HttpResponse> {
        didit::HttpResponse r;
        r.status = 204;
        return r;
    });
    auto worker = [mock]() mutable {
        for (int i = 0; i < 200; ++i) {
            auto r = mock.send(get("https://h/t"));
            if (!r.ok() || r->status != 204) return;
        }
    };
    std::thread t1(worker), t2(worker);
    t1.join();
    t2.join();
    CHECK(mock.request_count() == 400);
}

// ---- AnyTransport -----------------------------------------------------------------------------

TEST_CASE("transport: AnyTransport forwards to a wrapped MockTransport") {
    didit::MockTransport mock;
    mock.reply(202, "accepted");
    didit::AnyTransport any(mock);
    CHECK(static_cast<bool>(any));
    CHECK(any.name() == "mock");
    auto r = any.send(get("https://h/any"));
    REQUIRE(r.ok());
    CHECK(r->status == 202);
    CHECK(r->body == "accepted");
    CHECK(mock.request_count() == 1);  // the mock's copy inside shares state
    CHECK(mock.last_request()->url == "https://h/any");
}

TEST_CASE("transport: AnyTransport wraps a custom lambda transport") {
    std::vector<std::string> seen;
    auto t = make_lambda_transport([&seen](const didit::HttpRequest& req) -> didit::Result<didit::HttpResponse> {
        seen.push_back(req.url);
        if (req.url.find("fail") != std::string::npos)
            return didit::make_error(didit::ErrorKind::Transport, "connection refused");
        didit::HttpResponse r;
        r.status = 200;
        r.body = "lambda";
        return r;
    });
    static_assert(didit::is_transport_v<decltype(t)>);
    didit::AnyTransport any(std::move(t));
    CHECK(any.name() == "custom");
    auto ok = any.send(get("https://h/ok"));
    REQUIRE(ok.ok());
    CHECK(ok->body == "lambda");
    auto bad = any.send(get("https://h/fail"));
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "connection refused");
    CHECK(seen == std::vector<std::string>{"https://h/ok", "https://h/fail"});
}

TEST_CASE("transport: copies of an AnyTransport share the wrapped transport") {
    didit::AnyTransport a{CountingTransport{}};
    didit::AnyTransport b = a;
    auto r1 = a.send(get("https://h/1"));
    auto r2 = b.send(get("https://h/2"));
    REQUIRE(r1.ok());
    REQUIRE(r2.ok());
    CHECK(r1->body.find(R"("balance":"1")") != std::string::npos);
    CHECK(r2->body.find(R"("balance":"2")") != std::string::npos);
}

TEST_CASE("transport: a transport's name() may return a C string") {
    NamedTransport t;
    CHECK(didit::transport_name(t) == "embedded-http/1.2");
    didit::AnyTransport any(t);
    CHECK(any.name() == "embedded-http/1.2");
    CHECK(didit::transport_name(CountingTransport{}) == "custom");
}

TEST_CASE("transport: an empty AnyTransport reports a Transport error") {
    didit::AnyTransport empty;
    CHECK_FALSE(static_cast<bool>(empty));
    CHECK(empty.name() == "none");
    auto r = empty.send(get("https://h/x"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::Transport);
    CHECK(r.error().message.find("AnyTransport is empty") != std::string::npos);
}

TEST_CASE("transport: Client<AnyTransport> works over a mock and over a custom transport") {
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"12.5000"})");
    didit::Client<didit::AnyTransport> client(didit_test::test_options(), didit::AnyTransport(mock));
    auto b = client.billing().balance();
    REQUIRE(b.ok());
    CHECK(b->balance == "12.5000");
    REQUIRE(mock.last_request().has_value());
    CHECK(mock.last_request()->url == "https://verification.didit.me/v3/billing/balance/");
    CHECK(mock.last_request()->headers.get("user-agent") == "didit-cpp/" DIDIT_VERSION_STRING " (mock)");

    didit::Client<didit::AnyTransport> custom(didit_test::test_options(), didit::AnyTransport(CountingTransport{}));
    auto c1 = custom.billing().balance();
    auto c2 = custom.billing().balance();
    REQUIRE(c1.ok());
    REQUIRE(c2.ok());
    CHECK(c1->balance == "1");
    CHECK(c2->balance == "2");
    CHECK(c2->extra["url"] == "https://verification.didit.me/v3/billing/balance/");

    didit::Client<didit::AnyTransport> none(didit_test::test_options());
    auto n = none.billing().balance();
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().kind == didit::ErrorKind::Transport);
    CHECK(n.error().attempts == 1);
}

TEST_CASE("transport: Client over a custom transport type, not erased") {
    didit::Client<CountingTransport> client(didit_test::test_options());
    auto r = client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r->balance == "1");
    CHECK(client.transport().calls == 1);

    didit::Client<NamedTransport> offline(didit_test::test_options());
    auto o = offline.billing().balance();
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().kind == didit::ErrorKind::Transport);
    CHECK(o.error().message == "offline");
}

// ---- Headers ----------------------------------------------------------------------------------

TEST_CASE("transport: Headers look names up case-insensitively") {
    didit::Headers h;
    CHECK(h.empty());
    h.set("Content-Type", "application/json");
    CHECK(h.get("content-type") == "application/json");
    CHECK(h.get("CONTENT-TYPE") == "application/json");
    CHECK(h.contains("cOnTeNt-TyPe"));
    REQUIRE(h.find("content-type") != nullptr);
    CHECK(*h.find("content-type") == "application/json");
    CHECK(h.find("content-length") == nullptr);
    CHECK(h.get("missing").empty());
    CHECK_FALSE(h.contains("Content-Typ"));
    CHECK_FALSE(h.contains("Content-Types"));
}

TEST_CASE("transport: Headers::set replaces every field of that name, in any case") {
    didit::Headers h{{"A", "1"}, {"x-id", "old"}, {"B", "2"}, {"X-ID", "older"}};
    CHECK(h.size() == 4);
    h.set("X-Id", "new");
    CHECK(h.size() == 3);
    CHECK(h.get("x-id") == "new");
    std::vector<std::string> order;
    for (const auto& f : h) order.push_back(f.first + "=" + f.second);
    CHECK(order == std::vector<std::string>{"A=1", "B=2", "X-Id=new"});
}

TEST_CASE("transport: Headers::add keeps earlier fields and get returns the first") {
    didit::Headers h;
    h.add("Set-Cookie", "a=1");
    h.add("set-cookie", "b=2");
    h.add("Other", "x");
    CHECK(h.size() == 3);
    CHECK(h.get("SET-COOKIE") == "a=1");
    std::vector<std::string> order;
    for (const auto& f : h) order.push_back(f.second);
    CHECK(order == std::vector<std::string>{"a=1", "b=2", "x"});
}

TEST_CASE("transport: Headers::remove removes every match and says how many") {
    didit::Headers h{{"A", "1"}, {"a", "2"}, {"B", "3"}};
    CHECK(h.remove("A") == 2);
    CHECK(h.size() == 1);
    CHECK(h.get("b") == "3");
    CHECK(h.remove("A") == 0);
    CHECK(h.remove("b") == 1);
    CHECK(h.empty());
    h.add("C", "4");
    h.clear();
    CHECK(h.empty());
    CHECK(h.begin() == h.end());
}

TEST_CASE("transport: method names are the request-line tokens") {
    CHECK(didit::to_string(didit::Method::Get) == "GET");
    CHECK(didit::to_string(didit::Method::Post) == "POST");
    CHECK(didit::to_string(didit::Method::Put) == "PUT");
    CHECK(didit::to_string(didit::Method::Patch) == "PATCH");
    CHECK(didit::to_string(didit::Method::Delete) == "DELETE");
    static_assert(didit::detail::iequals("X-Api-Key", "x-api-KEY"));
    static_assert(!didit::detail::iequals("x-api-key", "x-api-ke"));
}
