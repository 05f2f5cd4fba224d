// SPDX-License-Identifier: MIT
// Account API routes: exact wire format of register/verify/login/organizations/application and their replies.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit_test::check_no_body;
using didit_test::kAccessToken;
using didit_test::kApiKey;

/// register / verify-email / login: no credential at all, even though the client holds both.
void check_no_auth(const HttpRequest& req) {
    CHECK_FALSE(req.headers.contains("x-api-key"));
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("user-agent").substr(0, 10) == "didit-cpp/");
}

/// organizations / application: the Bearer token and never the API key.
void check_bearer_auth(const HttpRequest& req) {
    CHECK(req.headers.get("authorization") == "Bearer " + kAccessToken);
    CHECK_FALSE(req.headers.contains("x-api-key"));
}

const std::string kLoginReply = R"({"access_token":"eyJnew.token.sig","refresh_token":"eyJrefresh",)"
                                R"("expires_in":86400,"message":"Login successful."})";
const std::string kApplication =
    R"({"uuid":"app-1","name":"My App","client_id":"cid-1","api_key":"sk_live_recovered",)"
    R"("website_url":null,"redirect_uris":["https://example.com/cb"],"terms_url":null,)"
    R"("privacy_url":"https://example.com/privacy","description":null,"created_at":"2026-01-01T00:00:00Z",)"
    R"("logo":"https://example.com/logo.png"})";

}  // namespace

TEST_CASE("account: register sends POST to the account API with the credentials body and no auth") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("auth-register-response-1.json"));
    didit::RegisterRequest req;
    req.email = "a@b.co";
    req.password = "Sup3r$ecret!";
    auto r = t.client.account().register_account(req);
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://apx.didit.me/auth/v2/programmatic/register/");
    check_no_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"email":"a@b.co","password":"Sup3r$ecret!"})");
}

TEST_CASE("account: register's convenience overload sends the same bytes") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("auth-register-response-1.json"));
    REQUIRE(t.client.account().register_account("a@b.co", "Sup3r$ecret!").ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.url == "https://apx.didit.me/auth/v2/programmatic/register/");
    CHECK(sent.body == R"({"email":"a@b.co","password":"Sup3r$ecret!"})");
}

TEST_CASE("account: register escapes JSON specials in the password") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("auth-register-response-1.json"));
    REQUIRE(t.client.account().register_account("a@b.co", "Qu\"ote\\1a\n").ok());
    CHECK(t.mock.last_request()->body == R"({"email":"a@b.co","password":"Qu\"ote\\1a\n"})");
}

TEST_CASE("account: register decodes the 201 reply (fixture auth-register-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("auth-register-response-1.json"));
    auto r = t.client.account().register_account("you@yourdomain.com", "Sup3r$ecret!");
    REQUIRE(r.ok());
    CHECK(r->message == std::optional<std::string>("Registration successful..."));
    CHECK(r->email == std::optional<std::string>("you@yourdomain.com"));
}

TEST_CASE("account: verify-email sends POST with email and code and no auth") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("auth-verify-email-response-1.json"))
        .reply(200, didit_test::fixture("auth-verify-email-response-1.json"));
    auto r = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://apx.didit.me/auth/v2/programmatic/verify-email/");
    check_no_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"code":"A1B2C3","email":"a@b.co"})");

    didit::VerifyEmailRequest req;
    req.email = "a@b.co";
    req.code = "A1B2C3";
    REQUIRE(t.client.account().verify_email(req).ok());
    CHECK(t.mock.last_request()->body == R"({"code":"A1B2C3","email":"a@b.co"})");
}

TEST_CASE("account: verify-email decodes tokens, organization and application (fixture auth-verify-email-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("auth-verify-email-response-1.json"));
    auto r = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE(r.ok());
    const auto& v = r.value();
    CHECK(v.access_token == "eyJ...");
    CHECK(v.refresh_token == std::optional<std::string>("eyJ..."));
    CHECK(v.expires_in == std::optional<std::int64_t>(86400));
    CHECK_FALSE(v.token_type.has_value());
    REQUIRE(v.organization.has_value());
    CHECK(v.organization->uuid == "...");
    CHECK(v.organization->name == std::optional<std::string>("..."));
    REQUIRE(v.application.has_value());
    CHECK(v.application->uuid == "...");
    CHECK(v.application->client_id == std::optional<std::string>("..."));
    CHECK(v.application->api_key == std::optional<std::string>("YOUR_KEY_HERE"));
    CHECK_FALSE(v.application->name.has_value());

    // The documented next step: use the returned key for the verification API.
    t.client.set_api_key(*v.application->api_key);
    t.mock.reply(200, didit_test::fixture("billing-balance-1.json"));
    REQUIRE(t.client.billing().balance().ok());
    CHECK(t.mock.last_request()->headers.get("x-api-key") == "YOUR_KEY_HERE");
}

TEST_CASE("account: verify-email keeps token_type and unknown fields") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"access_token":"a","token_type":"Bearer","scope":"all",)"
                      R"("organization":{"uuid":"o","contact_email":null,"plan":"free"}})");
    auto r = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE(r.ok());
    CHECK(r->token_type == std::optional<std::string>("Bearer"));
    CHECK(r->extra["scope"] == "all");
    REQUIRE(r->organization.has_value());
    CHECK(r->organization->contact_email.is_null());
    CHECK(r->organization->extra["plan"] == "free");
    CHECK_FALSE(r->application.has_value());
}

TEST_CASE("account: a verify-email reply that fails to decode does not put its secrets in the Error") {
    didit_test::MockClient t;
    // Valid JSON carrying the application's key and a token, with one field of the wrong type.
    Json body = {{"access_token", kAccessToken},
                 {"refresh_token", kAccessToken},
                 {"expires_in", "one day"},
                 {"application", {{"uuid", "app"}, {"api_key", kApiKey}}}};
    t.mock.reply(200, body.dump());
    // The same with the mismatch inside the application object, next to the key.
    Json body2 = {{"access_token", kAccessToken}, {"application", {{"uuid", 5}, {"api_key", kApiKey}}}};
    t.mock.reply(200, body2.dump());
    // Not JSON at all, but carrying the key.
    t.mock.reply(200, "api_key=" + kApiKey + "&access_token=" + kAccessToken);

    auto a = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().message.find("expires_in: expected integer, got string") != std::string::npos);
    CHECK(a.error().message.find("AccountVerifyEmail") != std::string::npos);

    auto b = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK(b.error().message.find("application.uuid: expected string, got integer") != std::string::npos);

    auto c = t.client.account().verify_email("a@b.co", "A1B2C3");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);

    for (const auto* r : {&a, &b, &c}) {
        const didit::Error& e = r->error();
        CHECK_FALSE(didit_test::leaks_secret(e.to_string()));
        CHECK_FALSE(didit_test::leaks_secret(e.message));
        CHECK_FALSE(didit_test::leaks_secret(e.raw_body));
        CHECK_FALSE(didit_test::leaks_secret(e.code));
        for (const auto& f : e.field_errors) CHECK_FALSE(didit_test::leaks_secret(f.field + f.message));
    }
}

TEST_CASE("account: login sends POST with email and password and no auth") {
    didit_test::MockClient t;
    t.mock.reply(200, kLoginReply);
    auto r = t.client.account().login("a@b.co", "Sup3r$ecret!");
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://apx.didit.me/auth/v2/programmatic/login/");
    check_no_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"email":"a@b.co","password":"Sup3r$ecret!"})");
}

TEST_CASE("account: login decodes the token, and the token then authorizes the Bearer routes") {
    didit_test::MockClient t;
    t.mock.reply(200, kLoginReply);
    didit::LoginRequest req;
    req.email = "a@b.co";
    req.password = "Sup3r$ecret!";
    auto r = t.client.account().login(req);
    REQUIRE(r.ok());
    CHECK(r->access_token == "eyJnew.token.sig");
    CHECK(r->refresh_token == std::optional<std::string>("eyJrefresh"));
    CHECK(r->expires_in == std::optional<std::int64_t>(86400));
    CHECK(r->message == std::optional<std::string>("Login successful."));

    t.client.set_access_token(r->access_token);
    t.mock.reply(200, "[]");
    REQUIRE(t.client.account().list_organizations().ok());
    CHECK(t.mock.last_request()->headers.get("authorization") == "Bearer eyJnew.token.sig");
}

TEST_CASE("account: a wrong password is an Authentication error without secrets") {
    didit_test::MockClient t;
    t.mock.reply(401, R"({"detail":"Invalid email or password."})");
    auto r = t.client.account().login("a@b.co", "Sup3r$ecret!");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Authentication);
    CHECK(r.error().message == "Invalid email or password.");
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
    CHECK(r.error().to_string().find("Sup3r$ecret!") == std::string::npos);
}

TEST_CASE("account: list organizations sends GET with the Bearer token and no API key") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]");
    auto r = t.client.account().list_organizations();
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://apx.didit.me/auth/v2/organizations/me/");
    check_bearer_auth(req);
    check_no_body(req);
}

TEST_CASE("account: organizations decode from a bare array") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"uuid":"org-1","name":"Acme","contact_email":"ops@acme.test",)"
                      R"("created_at":"2026-01-01T00:00:00Z"},{"uuid":"org-2","name":"Beta","contact_email":null,)"
                      R"("role":"owner"}])");
    auto r = t.client.account().list_organizations();
    REQUIRE(r.ok());
    CHECK_FALSE(r->count.has_value());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 2);
    CHECK(r->results[0].uuid == "org-1");
    CHECK(r->results[0].name == std::optional<std::string>("Acme"));
    REQUIRE(r->results[0].contact_email.has_value());
    CHECK(*r->results[0].contact_email.get() == "ops@acme.test");
    CHECK(r->results[0].created_at == std::optional<std::string>("2026-01-01T00:00:00Z"));
    CHECK(r->results[1].uuid == "org-2");
    CHECK(r->results[1].contact_email.is_null());
    CHECK(r->results[1].extra["role"] == "owner");
}

TEST_CASE("account: organizations decode from a paged envelope") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"org-1","name":"Acme"}]})");
    auto r = t.client.account().list_organizations();
    REQUIRE(r.ok());
    REQUIRE(r->count.has_value());
    CHECK(*r->count == 1);
    CHECK(r->next.is_null());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    CHECK(r->results[0].uuid == "org-1");
}

TEST_CASE("account: get application sends GET to the nested path with the Bearer token") {
    didit_test::MockClient t;
    t.mock.reply(200, kApplication);
    auto r = t.client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f",
                                                "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d");
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url ==
          "https://apx.didit.me/auth/v2/organizations/me/7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f/applications/"
          "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d/");
    check_bearer_auth(req);
    check_no_body(req);
}

TEST_CASE("account: get application decodes the credentials and keeps unknown fields") {
    didit_test::MockClient t;
    t.mock.reply(200, kApplication);
    auto r = t.client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f",
                                                "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d");
    REQUIRE(r.ok());
    const auto& a = r.value();
    CHECK(a.uuid == "app-1");
    CHECK(a.name == std::optional<std::string>("My App"));
    CHECK(a.client_id == std::optional<std::string>("cid-1"));
    CHECK(a.api_key == std::optional<std::string>("sk_live_recovered"));
    CHECK(a.website_url.is_null());
    REQUIRE(a.redirect_uris.has_value());
    CHECK(*a.redirect_uris == std::vector<std::string>{"https://example.com/cb"});
    CHECK(a.terms_url.is_null());
    REQUIRE(a.privacy_url.has_value());
    CHECK(*a.privacy_url.get() == "https://example.com/privacy");
    CHECK(a.description.is_null());
    CHECK(a.created_at == std::optional<std::string>("2026-01-01T00:00:00Z"));
    CHECK(a.extra["logo"] == "https://example.com/logo.png");
}

TEST_CASE("account: the Bearer routes refuse to run without an access token") {
    didit::ClientOptions o = didit_test::test_options();
    o.access_token.clear();
    didit::MockTransport mock;
    mock.on_request([](const didit::HttpRequest&) -> didit::Result<didit::HttpResponse> {
        didit::HttpResponse resp;
        resp.status = 200;
        resp.body = R"({"message":"ok"})";
        return resp;
    });
    didit::Client<didit::MockTransport> client(o, mock);
    client.set_access_token("");  // also overrides DIDIT_ACCESS_TOKEN from the environment
    auto a = client.account().list_organizations();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    auto b = client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f",
                                              "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(mock.request_count() == 0);
    // The unauthenticated routes still work, and still send no credential.
    REQUIRE(client.account().register_account("a@b.co", "Sup3r$ecret!").ok());
    CHECK(mock.request_count() == 1);
    check_no_auth(*mock.last_request());
}

TEST_CASE("account: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"uuid":"org-1"},{"uuid":42}])")
        .reply(200, R"({"results":[{"uuid":"org-1","contact_email":false}]})")
        .reply(200, R"({"uuid":"app-1","redirect_uris":"https://example.com/cb"})")
        .reply(201, R"({"message":["Registration successful"]})")
        .reply(200, R"({"access_token":null})");
    auto a = t.client.account().list_organizations();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().message.find("[1].uuid: expected string, got integer") != std::string::npos);
    CHECK(a.error().message.find("OrganizationsList") != std::string::npos);

    auto b = t.client.account().list_organizations();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message.find("results[0].contact_email: expected string, got boolean") != std::string::npos);

    auto c = t.client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f",
                                                "0a9b8c7d-6e5f-4a3b-8c1d-0e9f8a7b6c5d");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().message.find("redirect_uris: expected array, got string") != std::string::npos);

    auto d = t.client.account().register_account("a@b.co", "Sup3r$ecret!");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().status == 201);
    CHECK(d.error().message.find("message: expected string, got array") != std::string::npos);

    auto e = t.client.account().login("a@b.co", "Sup3r$ecret!");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Decode);
    CHECK(e.error().message.find("access_token: expected string, got null") != std::string::npos);
    CHECK_FALSE(didit_test::leaks_secret(e.error().to_string()));
}

TEST_CASE("account: a non-UTF-8 string in a request is InvalidArgument, nothing is sent, the value is not echoed") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("auth-register-response-1.json"));
    const std::string bad_password = "Pa55word!\xc0\xaf";
    auto a = t.client.account().register_account("a@b.co", bad_password);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("password") != std::string::npos);
    CHECK(a.error().to_string().find("Pa55word") == std::string::npos);

    auto b = t.client.account().verify_email(std::string("\xff@b.co"), "A1B2C3");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().message.find("email") != std::string::npos);

    auto c = t.client.account().get_application(std::string("org\x80"), "app-1");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);

    auto d = t.client.account().get_application("7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f", "");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);

    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("account: organization and application ids must be UUIDs, checked before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kApplication);
    auto a = t.client.account().get_application("org/1", "app/../2");
    auto b = t.client.account().get_application("..", ".");
    REQUIRE_FALSE(a.ok());
    REQUIRE_FALSE(b.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("org_id") != std::string::npos);
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("account: the access token never appears in errors") {
    didit_test::MockClient t;
    t.mock.reply(403, didit_test::fixture("error-403-2.json"));
    auto r = t.client.account().list_organizations();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Permission);
    CHECK(r.error().message == "You do not have permission to perform this action.");
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));

    // A token with a line break is refused, and the refusal does not quote it.
    t.client.set_access_token(kAccessToken + "\r\nX-Injected: 1");
    auto s = t.client.account().list_organizations();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == ErrorKind::InvalidArgument);
    CHECK_FALSE(didit_test::leaks_secret(s.error().to_string()));
    CHECK(t.mock.request_count() == 1);
}
