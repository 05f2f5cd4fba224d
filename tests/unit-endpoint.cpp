// SPDX-License-Identifier: MIT
// Unit tests of URL building, route descriptors and request assembly (headers, credentials, hosts).
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support.hpp"

// ---- a route declared the way the route table declares them ------------------------------------

namespace et {

DIDIT_PATH(ThingPath, org, thing);

struct ThingQuery {
    std::optional<int> limit;
    std::optional<std::vector<std::string>> status;
    std::optional<std::string> search;
};
DIDIT_MODEL(ThingQuery, limit, status, search)

struct ThingBody {
    didit::Nullable<std::string> note;
    std::optional<double> amount;
};
DIDIT_MODEL(ThingBody, note, amount)

struct Thing {
    std::string id;
    didit::Json extra;
};
DIDIT_MODEL(Thing, id)

// clang-format off
DIDIT_ENDPOINT(ThingsUpdate, Patch, Verification, ApiKey, "/v3/orgs/{org}/things/{thing}/", ThingPath, ThingBody, ThingQuery, Thing, false);
DIDIT_ENDPOINT(ThingsPing,   Get,   Account,      None,   "/ping/",                         didit::NoPath, didit::NoBody, didit::NoQuery, didit::Empty, true);
// clang-format on

static_assert(ThingsUpdate::method == didit::Method::Patch);
static_assert(ThingsUpdate::host == didit::Host::Verification);
static_assert(ThingsUpdate::auth == didit::Auth::ApiKey);
static_assert(ThingsUpdate::path == "/v3/orgs/{org}/things/{thing}/");
static_assert(ThingsUpdate::name == "ThingsUpdate");
static_assert(!ThingsUpdate::retry_safe);
static_assert(ThingsPing::retry_safe);
static_assert(std::is_same_v<ThingsUpdate::path_params, ThingPath>);
static_assert(std::is_same_v<ThingsUpdate::request, ThingBody>);
static_assert(std::is_same_v<ThingsUpdate::query, ThingQuery>);
static_assert(std::is_same_v<ThingsUpdate::reply, Thing>);
static_assert(ThingPath::size == 2);
static_assert(ThingPath::names[0] == "org" && ThingPath::names[1] == "thing");
static_assert(didit::detail::endpoint_path_ok<ThingsUpdate>());
static_assert(didit::detail::endpoint_body_ok<ThingsUpdate>());
static_assert(didit::detail::endpoint_auth_ok<ThingsUpdate>());
static_assert(didit::detail::endpoint_auth_ok<ThingsPing>());

// The route table's form: every trait a column of DIDIT_ROUTE, retry safety per request.
inline bool thing_has_amount(const ThingBody& b) { return b.amount.has_value(); }
// clang-format off
DIDIT_ROUTE(ThingsRender, Post, Verification, ApiKey, "/v3/orgs/{org}/things/{thing}/render/", ThingPath, ThingBody, didit::NoQuery, Thing, when(thing_has_amount), 90000, "render", Json);
DIDIT_ROUTE(ThingsGet,    Get,  Verification, ApiKey, "/v3/orgs/{org}/things/{thing}/",        ThingPath, didit::NoBody, didit::NoQuery, Thing, true, 0, "", None);
// clang-format on

static_assert(!ThingsRender::retry_safe);
static_assert(ThingsRender::timeout == std::chrono::milliseconds(90000));
static_assert(ThingsRender::rate_bucket == "render");
static_assert(ThingsRender::content_type == didit::ContentType::Json);
static_assert(didit::detail::route_view<ThingsRender>().content_type == didit::ContentType::Json);
static_assert(didit::detail::route_view<ThingsRender>().rate_bucket == "render");
static_assert(didit::detail::route_timeout<ThingsRender>() == std::chrono::milliseconds(90000));
static_assert(ThingsGet::retry_safe && ThingsGet::retry_safe_for(didit::NoBody{}));
static_assert(ThingsGet::content_type == didit::ContentType::None);
// DIDIT_ENDPOINT: the default traits.
static_assert(ThingsPing::timeout == std::chrono::milliseconds(0) && ThingsPing::rate_bucket.empty());
static_assert(ThingsPing::content_type == didit::ContentType::None);
static_assert(ThingsUpdate::content_type == didit::ContentType::Json);

}  // namespace et

// ---- path_matches is usable at compile time ---------------------------------------------------

namespace {

using Names0 = std::array<std::string_view, 0>;
using Names1 = std::array<std::string_view, 1>;
using Names2 = std::array<std::string_view, 2>;
using didit::detail::path_matches;

static_assert(path_matches("/v3/workflows/", Names0{}));
static_assert(path_matches("", Names0{}));
static_assert(path_matches("/v3/workflows/{settings_uuid}/", Names1{"settings_uuid"}));
static_assert(path_matches("/o/{org_id}/a/{app_id}/", Names2{"org_id", "app_id"}));
static_assert(path_matches("/o/{app_id}/a/{org_id}/", Names2{"org_id", "app_id"}));  // any order
static_assert(!path_matches("/v3/workflows/{settings_uuid}/", Names0{}));            // placeholder, no parameter
static_assert(!path_matches("/v3/workflows/", Names1{"settings_uuid"}));             // parameter, no placeholder
static_assert(!path_matches("/v3/{id}/", Names1{"uuid"}));                           // wrong name
static_assert(!path_matches("/v3/{id}/{id}/", Names1{"id"}));                        // used twice
static_assert(!path_matches("/v3/{id/", Names1{"id"}));                              // unbalanced
static_assert(!path_matches("/v3/id}/", Names1{"id"}));                              // stray close
static_assert(!path_matches("/v3/{{id}}/", Names1{"id"}));                           // nested
static_assert(!path_matches("/v3/{}/", Names1{"id"}));                               // empty placeholder

/// Sets or unsets an environment variable for one scope and puts the old value back.
class EnvGuard {
public:
    explicit EnvGuard(const char* name) : name_(name) {
        if (const char* v = std::getenv(name)) saved_ = std::string(v);
    }
    void set(const char* value) const { ::setenv(name_, value, 1); }
    void unset() const { ::unsetenv(name_); }
    ~EnvGuard() {
        if (saved_)
            ::setenv(name_, saved_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;

private:
    const char* name_;
    std::optional<std::string> saved_;
};

std::string decode(std::string_view s) {
    std::string out;
    REQUIRE(didit_test::percent_decode(s, out));
    return out;
}

didit::HttpRequest last(const didit::MockTransport& mock) {
    auto r = mock.last_request();
    REQUIRE(r.has_value());
    return *r;
}

}  // namespace

// ---- percent-encoding -------------------------------------------------------------------------

TEST_CASE("endpoint: a when(pred) route is retry-safe exactly when pred holds for the request") {
    et::ThingBody body;
    CHECK_FALSE(et::ThingsRender::retry_safe_for(body));
    body.amount = 2.5;
    CHECK(et::ThingsRender::retry_safe_for(body));
    CHECK_FALSE(et::ThingsUpdate::retry_safe_for(body));  // DIDIT_ENDPOINT: its constant, whatever the request
}

TEST_CASE("endpoint: percent_encode keeps a value one path segment") {
    using didit::detail::percent_encode;
    CHECK(percent_encode("a/b?c#d") == "a%2Fb%3Fc%23d");
    CHECK(percent_encode("with space") == "with%20space");
    CHECK(percent_encode("100%") == "100%25");
    CHECK(percent_encode("José ü 日本") == "Jos%C3%A9%20%C3%BC%20%E6%97%A5%E6%9C%AC");
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(percent_encode("a+b&c=d") == "a%2Bb%26c%3Dd");
    CHECK(percent_encode("") == "");
    std::string nul("a\0b", 3);
    CHECK(percent_encode(nul) == "a%00b");
}

TEST_CASE("endpoint: \".\" and \"..\" are encoded whole, other dots are not") {
    using didit::detail::percent_encode;
    CHECK(percent_encode(".") == "%2E");
    CHECK(percent_encode("..") == "%2E%2E");
    CHECK(percent_encode("...") == "...");
    CHECK(percent_encode("a.b") == "a.b");
    CHECK(percent_encode(".hidden") == ".hidden");
}

TEST_CASE("endpoint: percent-decoding undoes percent_encode") {
    const char* samples[] = {"a/b?c#d", "with space", "100%", "José ü 日本", ".", "..", "", "~-._", "%41"};
    for (const char* s : samples) {
        CAPTURE(s);
        CHECK(decode(didit::detail::percent_encode(s)) == s);
    }
    CHECK(decode("%2e%2E") == "..");  // lower-case hex too
    CHECK(decode("plain") == "plain");
}

// ---- path templates, queries, URLs ---------------------------------------------------------------

TEST_CASE("endpoint: expand_path fills and encodes placeholders") {
    const std::string_view names[] = {"org_id", "app_id"};
    const std::string_view values[] = {"o 1", "a/2"};
    auto r = didit::detail::expand_path("/organizations/me/{org_id}/applications/{app_id}/", names, values, 2);
    REQUIRE(r.ok());
    CHECK(r.value() == "/organizations/me/o%201/applications/a%2F2/");

    auto none = didit::detail::expand_path("/v3/workflows/", nullptr, nullptr, 0);
    REQUIRE(none.ok());
    CHECK(none.value() == "/v3/workflows/");

    const std::string_view dots[] = {".."};
    const std::string_view one[] = {"id"};
    auto dd = didit::detail::expand_path("/v3/x/{id}/", one, dots, 1);
    REQUIRE(dd.ok());
    CHECK(dd.value() == "/v3/x/%2E%2E/");
}

TEST_CASE("endpoint: expand_path refuses empty, non-UTF-8 and missing values") {
    const std::string_view names[] = {"id"};
    const std::string_view empty[] = {""};
    auto e = didit::detail::expand_path("/v3/x/{id}/", names, empty, 1);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(e.error().message == "path parameter `id` is empty");
    CHECK(e.error().not_sent);

    const std::string_view bad[] = {"\xff"};
    auto b = didit::detail::expand_path("/v3/x/{id}/", names, bad, 1);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(b.error().message == "path parameter `id` is not valid UTF-8");

    auto m = didit::detail::expand_path("/v3/x/{other}/", names, empty, 1);
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().message == "no value for path parameter `other`");
}

TEST_CASE("endpoint: build_query sorts keys, joins arrays, skips nulls") {
    didit::Json q = {{"status", {"Approved", "In Review"}},
                     {"limit", 50},
                     {"offset", 0},
                     {"search", "a&b=c d"},
                     {"skip", nullptr},
                     {"archived", false},
                     {"default", true},
                     {"ratio", 0.5},
                     {"neg", -3}};
    auto r = didit::detail::build_query(q);
    REQUIRE(r.ok());
    CHECK(r.value() ==
          "archived=false&default=true&limit=50&neg=-3&offset=0&ratio=0.5&search=a%26b%3Dc%20d&"
          "status=Approved,In%20Review");
}

TEST_CASE("endpoint: build_query handles empty and null input and encodes keys") {
    auto n = didit::detail::build_query(didit::Json());
    REQUIRE(n.ok());
    CHECK(n.value().empty());
    auto e = didit::detail::build_query(didit::Json::object());
    REQUIRE(e.ok());
    CHECK(e.value().empty());
    auto only_null = didit::detail::build_query(didit::Json{{"a", nullptr}});
    REQUIRE(only_null.ok());
    CHECK(only_null.value().empty());
    auto k = didit::detail::build_query(didit::Json{{"a b", 1}});
    REQUIRE(k.ok());
    CHECK(k.value() == "a%20b=1");
}

TEST_CASE("endpoint: build_query refuses nested values and non-objects") {
    auto obj = didit::detail::build_query(didit::Json{{"filter", {{"a", 1}}}});
    REQUIRE_FALSE(obj.ok());
    CHECK(obj.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(obj.error().message.find("filter") != std::string::npos);

    auto arr = didit::detail::build_query(didit::Json{{"ids", {1, {2, 3}}}});
    REQUIRE_FALSE(arr.ok());
    CHECK(arr.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(arr.error().message.find("ids") != std::string::npos);

    auto top = didit::detail::build_query(didit::Json::array({1}));
    REQUIRE_FALSE(top.ok());
    CHECK(top.error().kind == didit::ErrorKind::InvalidArgument);
}

TEST_CASE("endpoint: join_url puts exactly one slash between base and path") {
    using didit::detail::join_url;
    CHECK(join_url("https://verification.didit.me", "/v3/workflows/") == "https://verification.didit.me/v3/workflows/");
    CHECK(join_url("https://verification.didit.me/", "/v3/workflows/") ==
          "https://verification.didit.me/v3/workflows/");
    CHECK(join_url("https://verification.didit.me//", "v3/x/") == "https://verification.didit.me/v3/x/");
    CHECK(join_url("https://apx.didit.me/auth/v2", "/programmatic/login/") ==
          "https://apx.didit.me/auth/v2/programmatic/login/");
    CHECK(join_url("https://apx.didit.me/auth/v2/", "/programmatic/login/") ==
          "https://apx.didit.me/auth/v2/programmatic/login/");
    CHECK(join_url("http://127.0.0.1:8080", "") == "http://127.0.0.1:8080/");
}

// ---- a test-declared route through the client ------------------------------------------------------

TEST_CASE("endpoint: a route declared in the test is called with path, body and query in any order") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"id":"t-1","later":true})");
    et::ThingBody body;
    body.note = nullptr;
    body.amount = 50.0;
    et::ThingQuery query;
    query.status = std::vector<std::string>{"A", "B"};
    query.limit = 10;
    auto r = m.client.call<et::ThingsUpdate>(query, body, et::ThingPath{"org 1", "th/2"});
    REQUIRE(r.ok());
    CHECK(r->id == "t-1");
    CHECK(r->extra["later"] == true);

    didit::HttpRequest req = last(m.mock);
    CHECK(req.method == didit::Method::Patch);
    CHECK(req.url == "https://verification.didit.me/v3/orgs/org%201/things/th%2F2/?limit=10&status=A,B");
    CHECK(req.body == R"({"amount":50,"note":null})");
    CHECK(req.headers.get("content-type") == "application/json");
    CHECK(req.headers.get("x-api-key") == didit_test::kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
}

TEST_CASE("endpoint: a route with auth None sends no credential at all") {
    didit_test::MockClient m;
    m.mock.reply(200, "");
    auto r = m.client.call<et::ThingsPing>();
    REQUIRE(r.ok());
    CHECK(r->raw.is_null());
    didit::HttpRequest req = last(m.mock);
    CHECK(req.url == "https://apx.didit.me/auth/v2/ping/");
    CHECK_FALSE(req.headers.contains("x-api-key"));
    CHECK_FALSE(req.headers.contains("authorization"));
}

TEST_CASE("endpoint: a body that cannot be encoded is refused before sending") {
    didit_test::MockClient m;
    et::ThingBody body;
    body.note = std::string("\xff");
    auto r = m.client.call<et::ThingsUpdate>(et::ThingPath{"o", "t"}, body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "ThingsUpdate request body: note: string is not valid UTF-8");
    CHECK(r.error().not_sent);
    CHECK(m.mock.request_count() == 0);

    et::ThingQuery q;
    q.search = std::string("\xc3");
    auto rq = m.client.call<et::ThingsUpdate>(et::ThingPath{"o", "t"}, q);
    REQUIRE_FALSE(rq.ok());
    CHECK(rq.error().message == "ThingsUpdate query: search: string is not valid UTF-8");
    CHECK(m.mock.request_count() == 0);
}

// ---- request assembly through the resources ----------------------------------------------------

TEST_CASE("endpoint: a free-form path parameter with / ? # stays one segment") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({})");
    auto r = m.client.call<et::ThingsUpdate>(et::ThingPath{"a/b?c#d", "x y"}, et::ThingBody{});
    CHECK(r.ok());
    didit::HttpRequest req = last(m.mock);
    CHECK(req.method == didit::Method::Patch);
    CHECK(req.url == "https://verification.didit.me/v3/orgs/a%2Fb%3Fc%23d/things/x%20y/");
}

TEST_CASE("endpoint: UUID path parameters must be canonical lower-case UUIDs, checked before sending") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"uuid":"c3d4e5f6-7890-42cd-8f34-333333333333"})");
    for (const char* bad : {"a/b?c#d", "C3D4E5F6-7890-42CD-8F34-333333333333", "c3d4e5f6789042cd8f34333333333333",
                            "c3d4e5f6-7890-42cd-8f34-33333333333", "c3d4e5f6-7890-42cd-8f34-33333333333g"}) {
        CAPTURE(bad);
        auto r = m.client.workflows().get(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
        CHECK(r.error().message.find("settings_uuid") != std::string::npos);
        CHECK(r.error().not_sent);
    }
    CHECK(m.mock.request_count() == 0);
    auto ok = m.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE(ok.ok());
    CHECK(last(m.mock).url == "https://verification.didit.me/v3/workflows/c3d4e5f6-7890-42cd-8f34-333333333333/");
}

TEST_CASE("endpoint: an empty path parameter is InvalidArgument and nothing is sent") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"uuid":"x"})");
    auto r = m.client.workflows().get("");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("settings_uuid") != std::string::npos);
    CHECK(r.error().not_sent);
    CHECK(r.error().attempts == 0);
    CHECK(m.mock.request_count() == 0);
    CHECK(m.mock.pending() == 1);

    auto app = m.client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f", "");
    REQUIRE_FALSE(app.ok());
    CHECK(app.error().message.find("app_id") != std::string::npos);
    CHECK(m.mock.request_count() == 0);
}

TEST_CASE("endpoint: a header value with CR or LF is InvalidArgument and nothing is sent") {
    didit_test::MockClient m;
    const char* values[] = {"a\r\nX-Injected: 1", "a\nb", "a\rb", "tail\n"};
    for (const char* v : values) {
        CAPTURE(v);
        didit::CallOptions opts;
        opts.headers.set("X-Trace", v);
        auto r = m.client.billing().balance(opts);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
        CHECK(r.error().message.find("X-Trace") != std::string::npos);
    }
    didit::CallOptions bad_name;
    bad_name.headers.add("X-Bad\r\nName", "v");
    auto rn = m.client.billing().balance(bad_name);
    REQUIRE_FALSE(rn.ok());
    CHECK(rn.error().kind == didit::ErrorKind::InvalidArgument);

    didit::CallOptions nul;
    nul.headers.set("X-Nul", std::string("a\0b", 3));
    CHECK(m.client.billing().balance(nul).error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(m.mock.request_count() == 0);
}

TEST_CASE("endpoint: a CR/LF in a default header is refused too") {
    didit::ClientOptions o = didit_test::test_options();
    o.default_headers.set("X-App", "v1\r\nEvil: yes");
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(mock.request_count() == 0);
}

TEST_CASE("endpoint: a CR/LF in the API key is refused without echoing the key") {
    didit::ClientOptions o = didit_test::test_options();
    o.api_key = didit_test::kApiKey + "\r\nX-Evil: 1";
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
    CHECK(mock.request_count() == 0);
}

TEST_CASE("endpoint: credentials in default or per-call headers are refused without echoing them") {
    const char* names[] = {"x-api-key", "X-API-KEY", "Authorization", "authorization", "Cookie", "Proxy-Authorization"};
    for (const char* name : names) {
        CAPTURE(name);
        {
            didit::ClientOptions o = didit_test::test_options();
            o.default_headers.set(name, std::string(name)[0] == 'x' || std::string(name)[0] == 'X'
                                            ? didit_test::kApiKey
                                            : "Bearer " + didit_test::kAccessToken);
            didit::MockTransport mock;
            mock.reply(200, R"({"balance":"1.00"})");
            didit::Client<didit::MockTransport> client(o, mock);
            auto r = client.billing().balance();
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
            CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
            CHECK_FALSE(didit_test::leaks_secret(r.error().message));
            CHECK(mock.request_count() == 0);
        }
        {
            didit_test::MockClient m;
            didit::CallOptions opts;
            opts.headers.set(name, didit_test::kApiKey);
            auto r = m.client.account().list_organizations(opts);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
            CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
            CHECK(m.mock.request_count() == 0);
        }
    }
}

TEST_CASE("endpoint: a missing API key is InvalidArgument") {
    EnvGuard env("DIDIT_API_KEY");
    env.unset();
    didit::ClientOptions o = didit_test::test_options();
    o.api_key.clear();
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    didit::Client<didit::MockTransport> client(o, mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("DIDIT_API_KEY") != std::string::npos);
    CHECK(r.error().not_sent);
    CHECK(mock.request_count() == 0);

    // The account routes that need no key still work.
    mock.reply(200, R"({"results":[]})");
    auto orgs = client.account().list_organizations();
    CHECK(orgs.ok());
}

TEST_CASE("endpoint: a missing access token is InvalidArgument on Bearer routes") {
    EnvGuard env("DIDIT_ACCESS_TOKEN");
    env.unset();
    didit::ClientOptions o = didit_test::test_options();
    o.access_token.clear();
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    auto r = client.account().list_organizations();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("access token") != std::string::npos);
    CHECK(mock.request_count() == 0);
}

TEST_CASE("endpoint: credentials are read from the environment when options leave them empty") {
    EnvGuard key("DIDIT_API_KEY");
    EnvGuard token("DIDIT_ACCESS_TOKEN");
    key.set("sk_from_env");
    token.set("tok_from_env");
    didit::ClientOptions o = didit_test::test_options();
    o.api_key.clear();
    o.access_token.clear();
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"results":[]})");
    didit::Client<didit::MockTransport> client(o, mock);
    REQUIRE(client.billing().balance().ok());
    REQUIRE(client.account().list_organizations().ok());
    auto reqs = mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].headers.get("x-api-key") == "sk_from_env");
    CHECK(reqs[1].headers.get("authorization") == "Bearer tok_from_env");

    // Options win over the environment.
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"1.00"})");
    REQUIRE(m.client.billing().balance().ok());
    CHECK(last(m.mock).headers.get("x-api-key") == didit_test::kApiKey);
}

TEST_CASE("endpoint: the API key goes only to the verification host, the token only to the account host") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"results":[]})").reply(200, R"({"balance":"1.00"})");
    REQUIRE(m.client.account().list_organizations().ok());
    REQUIRE(m.client.billing().balance().ok());
    auto reqs = m.mock.requests();
    REQUIRE(reqs.size() == 2);

    CHECK(reqs[0].url == "https://apx.didit.me/auth/v2/organizations/me/");
    CHECK(reqs[0].headers.get("authorization") == "Bearer " + didit_test::kAccessToken);
    CHECK_FALSE(reqs[0].headers.contains("x-api-key"));
    for (const auto& h : reqs[0].headers) CHECK(h.second.find(didit_test::kApiKey) == std::string::npos);

    CHECK(reqs[1].url == "https://verification.didit.me/v3/billing/balance/");
    CHECK(reqs[1].headers.get("x-api-key") == didit_test::kApiKey);
    CHECK_FALSE(reqs[1].headers.contains("authorization"));
    for (const auto& h : reqs[1].headers) CHECK(h.second.find(didit_test::kAccessToken) == std::string::npos);
}

TEST_CASE("endpoint: User-Agent names the SDK version and the transport") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"1.00"})");
    REQUIRE(m.client.billing().balance().ok());
    std::string ua(last(m.mock).headers.get("user-agent"));
    CHECK(ua.rfind("didit-cpp/" DIDIT_VERSION_STRING " (mock", 0) == 0);
    CHECK(ua == "didit-cpp/" DIDIT_VERSION_STRING " (mock)");

    didit::ClientOptions o = didit_test::test_options();
    o.user_agent_suffix = "myapp/2.0";
    o.default_headers.set("User-Agent", "spoofed");
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    didit::Client<didit::MockTransport> client(o, mock);
    REQUIRE(client.billing().balance().ok());
    auto req = last(mock);
    CHECK(req.headers.get("user-agent") == "didit-cpp/" DIDIT_VERSION_STRING " (mock; myapp/2.0)");
    int count = 0;
    for (const auto& h : req.headers)
        if (didit::detail::iequals(h.first, "user-agent")) ++count;
    CHECK(count == 1);
}

TEST_CASE("endpoint: Accept is application/json unless the caller chose one") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"balance":"1.00"})");
    REQUIRE(m.client.billing().balance().ok());
    CHECK(last(m.mock).headers.get("accept") == "application/json");

    didit::CallOptions opts;
    opts.headers.set("accept", "application/json; version=3");
    REQUIRE(m.client.billing().balance(opts).ok());
    CHECK(last(m.mock).headers.get("Accept") == "application/json; version=3");
}

TEST_CASE("endpoint: Content-Type is sent only with a body") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"1.00"})")
        .reply(200, R"({"checkout_session_id":"cs","checkout_session_url":"https://pay.test/cs"})")
        .reply(204, "");
    REQUIRE(m.client.billing().balance().ok());
    didit::TopUpRequest top;
    top.amount_in_dollars = 50;
    REQUIRE(m.client.billing().top_up(top).ok());
    REQUIRE(m.client.workflows().remove("c3d4e5f6-7890-42cd-8f34-333333333333").ok());
    auto reqs = m.mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].method == didit::Method::Get);
    CHECK(reqs[0].body.empty());
    CHECK_FALSE(reqs[0].headers.contains("content-type"));
    CHECK(reqs[1].method == didit::Method::Post);
    CHECK(reqs[1].body == R"({"amount_in_dollars":50})");
    CHECK(reqs[1].headers.get("content-type") == "application/json");
    CHECK(reqs[2].method == didit::Method::Delete);
    CHECK(reqs[2].body.empty());
    CHECK_FALSE(reqs[2].headers.contains("content-type"));
}

TEST_CASE("endpoint: a query model becomes the query string") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"count":0,"next":null,"previous":null,"results":[]})").reply(200, "[]");
    didit::WorkflowsListQuery q;
    q.limit = 20;
    q.offset = 40;
    REQUIRE(m.client.workflows().list(q).ok());
    CHECK(last(m.mock).url == "https://verification.didit.me/v3/workflows/?limit=20&offset=40");
    REQUIRE(m.client.workflows().list().ok());
    CHECK(last(m.mock).url == "https://verification.didit.me/v3/workflows/");
}

TEST_CASE("endpoint: the per-call timeout overrides the client's") {
    didit::ClientOptions o = didit_test::test_options();
    o.timeout = std::chrono::milliseconds(1234);
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"balance":"1.00"})");
    didit::Client<didit::MockTransport> client(o, mock);
    REQUIRE(client.billing().balance().ok());
    CHECK(last(mock).timeout == std::chrono::milliseconds(1234));
    didit::CallOptions opts;
    opts.timeout = std::chrono::milliseconds(50);
    REQUIRE(client.billing().balance(opts).ok());
    CHECK(last(mock).timeout == std::chrono::milliseconds(50));
}

TEST_CASE("endpoint: default headers are sent with every request") {
    didit::ClientOptions o = didit_test::test_options();
    o.default_headers.set("X-App", "kyc-backend");
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    didit::Client<didit::MockTransport> client(o, mock);
    didit::CallOptions opts;
    opts.headers.set("X-Call", "one");
    REQUIRE(client.billing().balance(opts).ok());
    auto req = last(mock);
    CHECK(req.headers.get("x-app") == "kyc-backend");
    CHECK(req.headers.get("x-call") == "one");
}

TEST_CASE("endpoint: DIDIT_BASE_URL and DIDIT_AUTH_BASE_URL apply when options leave the URLs empty") {
    EnvGuard base("DIDIT_BASE_URL");
    EnvGuard auth("DIDIT_AUTH_BASE_URL");
    base.set("http://127.0.0.1:8080/");
    auth.set("http://127.0.0.1:9090/auth/v2");

    didit::ClientOptions o = didit_test::test_options();
    o.base_url.clear();
    o.auth_base_url.clear();
    didit::MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})").reply(200, R"({"results":[]})");
    didit::Client<didit::MockTransport> client(o, mock);
    CHECK(client.options().base_url == "http://127.0.0.1:8080/");
    REQUIRE(client.billing().balance().ok());
    REQUIRE(client.account().list_organizations().ok());
    auto reqs = mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].url == "http://127.0.0.1:8080/v3/billing/balance/");
    CHECK(reqs[1].url == "http://127.0.0.1:9090/auth/v2/organizations/me/");

    // Options that name URLs win over the environment.
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":"1.00"})");
    REQUIRE(m.client.billing().balance().ok());
    CHECK(last(m.mock).url == "https://verification.didit.me/v3/billing/balance/");
}

TEST_CASE("endpoint: with neither options nor environment, the real hosts are used") {
    EnvGuard base("DIDIT_BASE_URL");
    EnvGuard auth("DIDIT_AUTH_BASE_URL");
    base.unset();
    auth.unset();
    didit::ClientOptions o = didit_test::test_options();
    o.base_url.clear();
    o.auth_base_url.clear();
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    CHECK(client.options().base_url == "https://verification.didit.me");
    CHECK(client.options().auth_base_url == "https://apx.didit.me/auth/v2");
    CHECK(didit::default_base_url == "https://verification.didit.me");
    CHECK(didit::default_auth_base_url == "https://apx.didit.me/auth/v2");
}
