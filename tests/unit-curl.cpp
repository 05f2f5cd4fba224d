// SPDX-License-Identifier: MIT
// CurlTransport against a real HTTP server on 127.0.0.1 (cpp-httplib), alone and under a Client.
#include <didit/didit.hpp>

#include "fault_server.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include "httplib_quiet.hpp"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using didit::CurlOptions;
using didit::CurlTransport;
using didit::ErrorKind;
using didit::HttpRequest;
using didit::Method;
using didit_test::kApiKey;
using std::chrono::milliseconds;

/// What the server saw of one request.
struct Seen {
    std::string method;
    std::string target;  // path and query exactly as sent
    std::string body;
    httplib::Headers headers;
    int remote_port = -1;

    std::string header(const char* name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    bool has_header(const char* name) const { return headers.find(name) != headers.end(); }
};

/// An HTTP server on 127.0.0.1 and an ephemeral port, running on its own thread for one test.
/// Declare it before any transport or client, so connections close before the server stops.
class TestServer {
public:
    using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

    explicit TestServer(Handler h) : handler_(std::move(h)) {
        // A proxy configured in the environment must not capture loopback traffic.
        ::setenv("no_proxy", "127.0.0.1,localhost", 1);
        auto any = [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                Seen s;
                s.method = req.method;
                s.target = req.target;
                s.body = req.body;
                s.headers = req.headers;
                s.remote_port = req.remote_port;
                seen_.push_back(std::move(s));
            }
            handler_(req, res);
        };
        svr_.Get(".*", any);
        svr_.Post(".*", any);
        svr_.Patch(".*", any);
        svr_.Put(".*", any);
        svr_.Delete(".*", any);
        svr_.set_keep_alive_timeout(2);
        port_ = svr_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) return;
        thread_ = std::thread([this] { svr_.listen_after_bind(); });
        for (int i = 0; i < 500 && !svr_.is_running(); ++i) std::this_thread::sleep_for(milliseconds(10));
    }
    ~TestServer() {
        svr_.stop();
        if (thread_.joinable()) thread_.join();
    }
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    bool running() const { return port_ > 0 && svr_.is_running(); }
    int port() const { return port_; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<Seen> seen() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return seen_;
    }
    std::size_t count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return seen_.size();
    }

private:
    Handler handler_;
    httplib::Server svr_;
    int port_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<Seen> seen_;
};

HttpRequest make_request(Method m, std::string url, std::string body = {}) {
    HttpRequest r;
    r.method = m;
    r.url = std::move(url);
    r.body = std::move(body);
    r.headers.set("x-api-key", kApiKey);
    r.headers.set("User-Agent", "didit-cpp/test (curl)");
    if (!r.body.empty() || m == Method::Post) r.headers.set("Content-Type", "application/json");
    return r;
}

didit::ClientOptions client_options(const TestServer& s) {
    didit::ClientOptions o = didit_test::test_options();
    o.base_url = s.base();
    o.auth_base_url = s.base() + "/auth/v2";
    return o;
}

std::string pattern(std::size_t n) {
    std::string s(n, '\0');
    for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + static_cast<char>((i * 7 + i / 1024) % 26));
    return s;
}

const std::string kWorkflow = R"({"uuid":"0a000000-0000-4000-8000-000000000001","workflow_label":"Standard KYC"})";

}  // namespace

TEST_CASE("curl: GET reaches the server with method, path and query, and headers") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        res.set_header("X-MiXeD-CaSe", "yes");
        res.set_content(R"({"ok":true})", "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Get, server.base() + "/v3/workflows/?limit=10&offset=20"));
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->body == R"({"ok":true})");
    // Response headers are found whatever their case.
    CHECK(r->headers.get("x-mixed-case") == "yes");
    CHECK(r->headers.get("X-MIXED-CASE") == "yes");
    CHECK(r->headers.get("content-type") == "application/json");

    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].target == "/v3/workflows/?limit=10&offset=20");
    CHECK(seen[0].header("x-api-key") == kApiKey);
    CHECK(seen[0].header("User-Agent") == "didit-cpp/test (curl)");
    CHECK(seen[0].body.empty());
    CHECK_FALSE(seen[0].has_header("Content-Type"));
    CHECK_FALSE(seen[0].has_header("Expect"));
}

TEST_CASE("curl: POST sends the exact body bytes and Content-Type") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        res.status = 201;
        res.set_content("{}", "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    // Raw UTF-8 and an embedded NUL: the body is bytes, not a C string.
    const std::string body = std::string("{\"name\":\"Espa\xc3\xb1ola\",\"z\":\"a") + '\0' + "b\"}";
    auto r = transport.send(make_request(Method::Post, server.base() + "/v3/session/", body));
    REQUIRE(r.ok());
    CHECK(r->status == 201);
    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == "/v3/session/");
    CHECK(seen[0].body == body);
    CHECK(seen[0].body.size() == body.size());
    CHECK(seen[0].header("Content-Type") == "application/json");
    CHECK(seen[0].header("Content-Length") == std::to_string(body.size()));
}

TEST_CASE("curl: POST with an empty body sends Content-Length 0") {
    TestServer server(
        [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    REQUIRE(server.running());
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Post, server.base() + "/v3/x/"));
    REQUIRE(r.ok());
    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].body.empty());
    CHECK(seen[0].header("Content-Length") == "0");
}

TEST_CASE("curl: PATCH sends its body and DELETE sends none") {
    TestServer server([](const httplib::Request& req, httplib::Response& res) {
        if (req.method == "DELETE")
            res.status = 204;
        else
            res.set_content(kWorkflow, "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    auto p =
        transport.send(make_request(Method::Patch, server.base() + "/v3/workflows/u-1/", R"({"status":"published"})"));
    REQUIRE(p.ok());
    CHECK(p->status == 200);
    CHECK(p->body == kWorkflow);
    auto d = transport.send(make_request(Method::Delete, server.base() + "/v3/workflows/u-1/"));
    REQUIRE(d.ok());
    CHECK(d->status == 204);
    CHECK(d->body.empty());

    auto seen = server.seen();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "PATCH");
    CHECK(seen[0].target == "/v3/workflows/u-1/");
    CHECK(seen[0].body == R"({"status":"published"})");
    CHECK(seen[0].header("Content-Type") == "application/json");
    CHECK(seen[1].method == "DELETE");
    CHECK(seen[1].target == "/v3/workflows/u-1/");
    CHECK(seen[1].body.empty());
    CHECK_FALSE(seen[1].has_header("Content-Type"));
    CHECK(seen[1].header("x-api-key") == kApiKey);
}

TEST_CASE("curl: every status code comes back as a response, not an error") {
    TestServer server([](const httplib::Request& req, httplib::Response& res) {
        res.status = std::atoi(req.path.substr(std::string("/status/").size()).c_str());
        if (res.status != 204) res.set_content("body of " + std::to_string(res.status), "text/plain");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    for (int code : {200, 201, 204, 400, 404, 500}) {
        CAPTURE(code);
        auto r = transport.send(make_request(Method::Get, server.base() + "/status/" + std::to_string(code)));
        REQUIRE(r.ok());
        CHECK(r->status == code);
        if (code == 204)
            CHECK(r->body.empty());
        else
            CHECK(r->body == "body of " + std::to_string(code));
    }
    CHECK(server.count() == 6);
}

TEST_CASE("curl: a Client over CurlTransport sends the SDK's headers and decodes replies") {
    TestServer server([](const httplib::Request& req, httplib::Response& res) {
        if (req.method == "GET" && req.path == "/v3/workflows/")
            res.set_content(didit_test::fixture("workflows-list-1.json"), "application/json");
        else if (req.method == "POST" && req.path == "/v3/workflows/") {
            res.status = 201;
            res.set_content(didit_test::fixture("workflow-create-response-1.json"), "application/json");
        } else if (req.method == "PATCH")
            res.set_content(kWorkflow, "application/json");
        else if (req.method == "DELETE")
            res.status = 204;
        else
            res.status = 418;
    });
    REQUIRE(server.running());
    didit::Client<CurlTransport> client(client_options(server));

    didit::WorkflowsListQuery q;
    q.limit = 10;
    q.offset = 20;
    auto list = client.workflows().list(q);
    REQUIRE(list.ok());
    CHECK(list->results.size() == 2);

    didit::WorkflowCreateRequest create;
    create.workflow_label = "Standard KYC";
    auto created = client.workflows().create(create);
    REQUIRE(created.ok());
    CHECK(created->uuid == "c3d4e5f6-7890-12cd-ef34-333333333333");

    didit::WorkflowUpdateRequest update;
    update.is_default = true;
    auto updated = client.workflows().update("0a000000-0000-4000-8000-000000000001", update);
    REQUIRE(updated.ok());
    CHECK(updated->uuid == "0a000000-0000-4000-8000-000000000001");

    auto removed = client.workflows().remove("0a000000-0000-4000-8000-000000000001");
    REQUIRE(removed.ok());
    CHECK(removed->raw.is_null());

    auto seen = server.seen();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].target == "/v3/workflows/?limit=10&offset=20");
    CHECK(seen[1].method == "POST");
    CHECK(seen[1].target == "/v3/workflows/");
    CHECK(seen[1].body == R"({"workflow_label":"Standard KYC"})");
    CHECK(seen[2].method == "PATCH");
    CHECK(seen[2].target == "/v3/workflows/0a000000-0000-4000-8000-000000000001/");
    CHECK(seen[2].body == R"({"is_default":true})");
    CHECK(seen[3].method == "DELETE");
    CHECK(seen[3].target == "/v3/workflows/0a000000-0000-4000-8000-000000000001/");
    for (std::size_t i = 0; i < seen.size(); ++i) {
        CAPTURE(i);
        CHECK(seen[i].header("x-api-key") == kApiKey);
        CHECK_FALSE(seen[i].has_header("Authorization"));
        const std::string ua = seen[i].header("User-Agent");
        CHECK(ua.rfind("didit-cpp/", 0) == 0);
        CHECK(ua.find("curl/") != std::string::npos);
        CHECK(seen[i].header("Accept") == "application/json");
        const bool has_body = seen[i].method == "POST" || seen[i].method == "PATCH";
        CHECK(seen[i].has_header("Content-Type") == has_body);
        if (has_body) CHECK(seen[i].header("Content-Type") == "application/json");
    }
}

TEST_CASE("curl: a Client over CurlTransport sends the Bearer token to the account API only") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        res.set_content(R"([{"uuid":"org-1"}])", "application/json");
    });
    REQUIRE(server.running());
    didit::Client<CurlTransport> client(client_options(server));
    auto orgs = client.account().list_organizations();
    REQUIRE(orgs.ok());
    REQUIRE(orgs->results.size() == 1);
    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].target == "/auth/v2/organizations/me/");
    CHECK(seen[0].header("Authorization") == "Bearer " + didit_test::kAccessToken);
    CHECK_FALSE(seen[0].has_header("x-api-key"));
}

TEST_CASE("curl: error statuses through a Client become the right ErrorKind with Didit's message") {
    TestServer server([](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/v3/workflows/0a000000-0000-4000-8000-000000000400/") {
            res.status = 400;
            res.set_content(R"({"workflow_label":["Ensure this field has no more than 50 characters."]})",
                            "application/json");
        } else if (req.path == "/v3/workflows/0a000000-0000-4000-8000-000000000404/") {
            res.status = 404;
            res.set_header("X-Request-Id", "req-404");
            res.set_content(didit_test::fixture("error-404-1.json"), "application/json");
        } else if (req.path == "/v3/workflows/0a000000-0000-4000-8000-000000000500/") {
            res.status = 500;
            res.set_content("<html>Server Error</html>", "text/html");
        } else if (req.path == "/v3/workflows/0a000000-0000-4000-8000-000000000429/") {
            res.status = 429;
            res.set_header("Retry-After", "7");
            res.set_content(didit_test::fixture("error-429-2.json"), "application/json");
        } else {
            res.status = 403;
            res.set_content(didit_test::fixture("error-403-1.json"), "application/json");
        }
    });
    REQUIRE(server.running());
    didit::Client<CurlTransport> client(client_options(server));

    auto bad = client.workflows().get("0a000000-0000-4000-8000-000000000400");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::BadRequest);
    CHECK(bad.error().status == 400);
    REQUIRE(bad.error().field_errors.size() == 1);
    CHECK(bad.error().field_errors[0].field == "workflow_label");
    CHECK(bad.error().message.find("no more than 50 characters") != std::string::npos);

    auto missing = client.workflows().get("0a000000-0000-4000-8000-000000000404");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == ErrorKind::NotFound);
    CHECK(missing.error().message == "Not found.");
    CHECK(missing.error().request_id == "req-404");

    auto boom = client.workflows().get("0a000000-0000-4000-8000-000000000500");
    REQUIRE_FALSE(boom.ok());
    CHECK(boom.error().kind == ErrorKind::Server);
    CHECK(boom.error().status == 500);
    CHECK(boom.error().raw_body == "<html>Server Error</html>");
    CHECK(boom.error().message.find("Internal Server Error") != std::string::npos);

    auto busy = client.workflows().get("0a000000-0000-4000-8000-000000000429");
    REQUIRE_FALSE(busy.ok());
    CHECK(busy.error().kind == ErrorKind::RateLimited);
    REQUIRE(busy.error().retry_after.has_value());
    CHECK(busy.error().retry_after->count() == 7000);

    auto denied = client.billing().balance();
    REQUIRE_FALSE(denied.ok());
    CHECK(denied.error().kind == ErrorKind::Permission);
    CHECK(denied.error().message == "Authentication credentials were not provided or are invalid.");

    for (const auto* r : {&bad, &missing, &boom, &busy}) CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(denied.error().to_string()));
}

TEST_CASE("curl: a 5 MB body arrives intact in both directions") {
    const std::string big = pattern(std::size_t{5} * 1024 * 1024);
    TestServer server([&big](const httplib::Request& req, httplib::Response& res) {
        res.set_header("X-Received-Size", std::to_string(req.body.size()));
        res.set_content(big, "text/plain");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Post, server.base() + "/big", big));
    REQUIRE(r.ok());
    CHECK(r->status == 200);
    CHECK(r->headers.get("x-received-size") == std::to_string(big.size()));
    CHECK(r->body.size() == big.size());
    CHECK(r->body == big);
    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].body == big);
}

TEST_CASE("curl: a compressed reply is decoded transparently") {
    const std::string json = "{\"items\":[" + std::string(200000, ' ') + "1]}";
    TestServer server(
        [&json](const httplib::Request&, httplib::Response& res) { res.set_content(json, "application/json"); });
    REQUIRE(server.running());
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Get, server.base() + "/v3/x/"));
    REQUIRE(r.ok());
    CHECK(r->body == json);
    auto seen = server.seen();
    REQUIRE(seen.size() == 1);
    // CURLOPT_ACCEPT_ENCODING "" offers every encoding libcurl supports.
    CHECK(seen[0].header("Accept-Encoding").find("gzip") != std::string::npos);
    CHECK_FALSE(r->headers.get("content-encoding").empty());
}

TEST_CASE("curl: a body larger than max_response_bytes is a Transport error naming the limit") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        res.set_content(pattern(100000), "application/octet-stream");
    });
    REQUIRE(server.running());
    CurlOptions o;
    o.max_response_bytes = 4096;
    CurlTransport transport(o);
    auto r = transport.send(make_request(Method::Get, server.base() + "/big"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Transport);
    CHECK(r.error().message.find("4096") != std::string::npos);
    CHECK(r.error().message.find("limit") != std::string::npos);
    CHECK_FALSE(r.error().not_sent);

    // Within the limit the same transport still works.
    CurlOptions roomy;
    roomy.max_response_bytes = 100000;
    auto ok = CurlTransport(roomy).send(make_request(Method::Get, server.base() + "/big"));
    REQUIRE(ok.ok());
    CHECK(ok->body.size() == 100000);
}

TEST_CASE("curl: a slow server hits CurlOptions::timeout and reports Timeout well before it answers") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(milliseconds(1500));
        res.set_content("{}", "application/json");
    });
    REQUIRE(server.running());
    CurlOptions o;
    o.timeout = milliseconds(300);
    CurlTransport transport(o);
    // The server would answer 200 after 1.5 s; a Timeout error proves the transport gave up
    // first (no wall-clock assertion: machines here are shared and noisy).
    auto r = transport.send(make_request(Method::Get, server.base() + "/slow"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Timeout);
    CHECK(r.error().message.find("timed out") != std::string::npos);
}

TEST_CASE("curl: a per-request timeout overrides the transport default, also through a Client") {
    TestServer server([](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(milliseconds(1500));
        res.set_content(kWorkflow, "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;  // default: 60 s
    HttpRequest req = make_request(Method::Get, server.base() + "/slow");
    req.timeout = milliseconds(300);
    auto r = transport.send(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Timeout);

    didit::Client<CurlTransport> client(client_options(server));
    didit::CallOptions call;
    call.timeout = milliseconds(300);
    auto c = client.workflows().get("0a000000-0000-4000-8000-000000000001", call);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Timeout);
    CHECK(c.error().attempts == 1);
}

TEST_CASE("curl: connection refused is a Transport error with not_sent") {
    fault::RefusingPort closed;
    REQUIRE(closed.port() > 0);
    const std::string base = closed.base();
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Post, base + "/v3/session/", "{}"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Transport);
    CHECK(r.error().not_sent);
    CHECK(r.error().status == 0);
    CHECK_FALSE(r.error().message.empty());

    didit::ClientOptions o = didit_test::test_options();
    o.base_url = base;
    didit::Client<CurlTransport> client(o);
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    auto c = client.sessions().create(req);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Transport);
    CHECK(c.error().not_sent);
    CHECK(c.error().attempts == 1);
    CHECK_FALSE(didit_test::leaks_secret(c.error().to_string()));
}

TEST_CASE("curl: a 301 redirect is not followed") {
    TestServer server([](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/v3/sessions")
            res.set_redirect("/v3/sessions/", 301);
        else
            res.set_content("[]", "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    auto r = transport.send(make_request(Method::Get, server.base() + "/v3/sessions"));
    REQUIRE(r.ok());
    CHECK(r->status == 301);
    CHECK(r->headers.get("location") == "/v3/sessions/");
    CHECK(server.count() == 1);

    // Through a Client the redirect is an UnexpectedStatus error that names the target.
    TestServer moved([](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("https://elsewhere.example/v3/billing/balance/", 301);
    });
    REQUIRE(moved.running());
    didit::Client<CurlTransport> client(client_options(moved));
    auto b = client.billing().balance();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::UnexpectedStatus);
    CHECK(b.error().status == 301);
    CHECK(b.error().message.find("https://elsewhere.example/v3/billing/balance/") != std::string::npos);
    CHECK(moved.count() == 1);
}

TEST_CASE("curl: sequential requests reuse one connection, and copies share the pool") {
    TestServer server(
        [](const httplib::Request&, httplib::Response& res) { res.set_content("{}", "application/json"); });
    REQUIRE(server.running());
    CurlTransport transport;
    REQUIRE(transport.send(make_request(Method::Get, server.base() + "/a")).ok());
    REQUIRE(transport.send(make_request(Method::Post, server.base() + "/b", "{}")).ok());
    CurlTransport copy = transport;
    REQUIRE(copy.send(make_request(Method::Get, server.base() + "/c")).ok());

    // An independent transport opens its own connection while the first one is still open.
    CurlTransport other;
    REQUIRE(other.send(make_request(Method::Get, server.base() + "/d")).ok());

    auto seen = server.seen();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0].remote_port > 0);
    CHECK(seen[1].remote_port == seen[0].remote_port);
    CHECK(seen[2].remote_port == seen[0].remote_port);
    CHECK(seen[3].remote_port != seen[0].remote_port);
}

TEST_CASE("curl: copies of one transport can be used from several threads at once") {
    std::atomic<int> handled{0};
    TestServer server([&handled](const httplib::Request& req, httplib::Response& res) {
        ++handled;
        res.set_content(req.body, "application/json");
    });
    REQUIRE(server.running());
    CurlTransport transport;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&ok, &server, t, copy = transport]() mutable {
            for (int i = 0; i < 5; ++i) {
                std::string body = "{\"t\":" + std::to_string(t) + ",\"i\":" + std::to_string(i) + "}";
                auto r = copy.send(make_request(Method::Post, server.base() + "/echo", body));
                if (r.ok() && r->status == 200 && r->body == body) ++ok;
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(ok.load() == 20);
    CHECK(handled.load() == 20);
}

TEST_CASE("curl: name() reports libcurl's version for the User-Agent") {
    CurlOptions o;
    o.user_agent_suffix = "myapp/2";
    CurlTransport transport(o);
    const std::string n = transport.name();
    CHECK(n.rfind("curl/", 0) == 0);
    CHECK(n.find("; myapp/2") != std::string::npos);
    CHECK(CurlTransport().name().find(';') == std::string::npos);
}
