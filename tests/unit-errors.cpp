// SPDX-License-Identifier: MIT
// Unit tests of error decoding: every error body shape Didit uses becomes the same Error.
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <utility>

#include "support.hpp"

namespace {

using didit::ErrorKind;
using didit::FieldError;
using std::chrono::milliseconds;

didit::HttpResponse response(int status, std::string body, didit::Headers headers = {}) {
    didit::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

didit::Error from_fixture(int status, const std::string& name, didit::Headers headers = {}) {
    std::string body = didit_test::fixture(name);
    REQUIRE_FALSE(body.empty());  // the fixture exists
    return didit::detail::error_from_response(response(status, std::move(body), std::move(headers)));
}

didit::Error from_body(int status, std::string body, didit::Headers headers = {}) {
    return didit::detail::error_from_response(response(status, std::move(body), std::move(headers)));
}

}  // namespace

// ---- one test per body shape ----------------------------------------------------------

TEST_CASE("errors: {\"detail\": string} becomes the message") {
    didit::Error e = from_fixture(400, "error-400-detail-1.json", {{"X-Request-Id", "req-400"}});
    CHECK(e.kind == ErrorKind::BadRequest);
    CHECK(e.status == 400);
    CHECK(e.message ==
          "You don't have enough credits to perform this request. Please top up at https://business.didit.me");
    CHECK(e.code.empty());
    CHECK(e.field_errors.empty());
    CHECK(e.request_id == "req-400");
    CHECK_FALSE(e.retry_after.has_value());
    CHECK(e.raw_body == didit_test::fixture("error-400-detail-1.json"));
    CHECK(e.to_string() ==
          "didit: bad request (HTTP 400): You don't have enough credits to perform this request. Please top up at "
          "https://business.didit.me");
}

TEST_CASE("errors: a 404 {\"detail\": \"Not found.\"} is NotFound") {
    didit::Error e = from_fixture(404, "error-404-1.json");
    CHECK(e.kind == ErrorKind::NotFound);
    CHECK(e.status == 404);
    CHECK(e.message == "Not found.");
    CHECK(e.field_errors.empty());
    CHECK(e.request_id.empty());
    CHECK(e.to_string() == "didit: not found (HTTP 404): Not found.");
}

TEST_CASE("errors: 429 bodies are RateLimited and carry Retry-After in milliseconds") {
    didit::Error a = from_fixture(429, "error-429-1.json", {{"Retry-After", "30"}, {"x-request-id", "r-429"}});
    CHECK(a.kind == ErrorKind::RateLimited);
    CHECK(a.status == 429);
    CHECK(a.message == "GET request rate limit exceeded. You can make up to 600 requests per minute.");
    REQUIRE(a.retry_after.has_value());
    CHECK(*a.retry_after == milliseconds(30000));
    CHECK(a.request_id == "r-429");

    didit::Error b = from_fixture(429, "error-429-2.json", {{"retry-after-ms", "1500"}});
    CHECK(b.kind == ErrorKind::RateLimited);
    CHECK(b.message == "Request was throttled. Expected available in 30 seconds.");
    REQUIRE(b.retry_after.has_value());
    CHECK(*b.retry_after == milliseconds(1500));
}

TEST_CASE("errors: retry-after-ms wins over Retry-After, garbage is ignored, huge values do not overflow") {
    didit::Error both = from_body(503, "", {{"Retry-After", "3"}, {"retry-after-ms", "250"}});
    REQUIRE(both.retry_after.has_value());
    CHECK(*both.retry_after == milliseconds(250));

    didit::Error padded = from_body(429, "", {{"RETRY-AFTER", " 7 "}});
    REQUIRE(padded.retry_after.has_value());
    CHECK(*padded.retry_after == milliseconds(7000));

    // An HTTP-date in the past means "now".
    didit::Error dated = from_body(429, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}});
    REQUIRE(dated.retry_after.has_value());
    CHECK(dated.retry_after->count() == 0);
    CHECK_FALSE(from_body(429, "", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00"}}).retry_after.has_value());
    CHECK_FALSE(from_body(429, "", {{"Retry-After", "-5"}}).retry_after.has_value());
    CHECK_FALSE(from_body(429, "", {{"Retry-After", "1.5"}}).retry_after.has_value());
    CHECK_FALSE(from_body(429, "", {{"Retry-After", ""}}).retry_after.has_value());

    // 18 digits of seconds: must not be signed overflow (UBSan checks this), and stays positive.
    didit::Error huge = from_body(429, "", {{"Retry-After", "999999999999999999"}});
    REQUIRE(huge.retry_after.has_value());
    CHECK(huge.retry_after->count() > 0);
}

TEST_CASE("errors: {\"detail\": ..., \"code\": ...} keeps the machine-readable code") {
    didit::Error e =
        from_body(403, R"({"detail":"Billing is suspended for this contract.","code":"contract_billing_suspended"})");
    CHECK(e.kind == ErrorKind::Permission);
    CHECK(e.status == 403);
    CHECK(e.message == "Billing is suspended for this contract.");
    CHECK(e.code == "contract_billing_suspended");
    CHECK(e.field_errors.empty());
    CHECK(e.to_string() ==
          "didit: permission denied (HTTP 403): Billing is suspended for this contract. [code "
          "contract_billing_suspended]");

    // Key order does not matter.
    didit::Error r = from_body(410, R"({"code":"application_deleted","detail":"Gone."})");
    CHECK(r.kind == ErrorKind::NotFound);
    CHECK(r.code == "application_deleted");
    CHECK(r.message == "Gone.");
}

TEST_CASE("errors: {\"detail\": [string]} becomes the message") {
    didit::Error e = from_fixture(400, "error-400-detail-array-1.json");
    CHECK(e.kind == ErrorKind::BadRequest);
    CHECK(e.message == R"(Only finished sessions ("Approved", "Declined", "In Review") can be shared.)");
    CHECK(e.field_errors.empty());
    CHECK(e.code.empty());

    didit::Error two = from_body(400, R"({"detail":["first","second"]})");
    CHECK(two.message == "first; second");
    CHECK(two.field_errors.empty());
}

TEST_CASE("errors: field -> [strings] becomes a field error") {
    didit::Error e = from_fixture(400, "error-400-field-array-1.json");
    CHECK(e.kind == ErrorKind::BadRequest);
    REQUIRE(e.field_errors.size() == 1);
    CHECK(e.field_errors[0] == FieldError{"workflow_id", "This field is required."});
    CHECK(e.message == "workflow_id: This field is required.");
    // The message is the field error: to_string does not say it twice.
    CHECK(e.to_string() == "didit: bad request (HTTP 400): workflow_id: This field is required.");

    didit::Error many = from_body(400, R"({"email":["Enter a valid email."],"password":["Too short.","Too common."]})");
    REQUIRE(many.field_errors.size() == 3);
    CHECK(many.field_errors[0] == FieldError{"email", "Enter a valid email."});
    CHECK(many.field_errors[1] == FieldError{"password", "Too short."});
    CHECK(many.field_errors[2] == FieldError{"password", "Too common."});
    CHECK(many.to_string() ==
          "didit: bad request (HTTP 400): email: Enter a valid email.; password: Too short.; password: Too common.");
}

TEST_CASE("errors: field -> string becomes a field error") {
    didit::Error e = from_fixture(400, "error-400-field-string-1.json");
    CHECK(e.kind == ErrorKind::BadRequest);
    REQUIRE(e.field_errors.size() == 1);
    CHECK(e.field_errors[0].field == "workflow_id");
    CHECK(e.field_errors[0].message == "Invalid workflow_id.");
    CHECK(e.message == "workflow_id: Invalid workflow_id.");
}

TEST_CASE("errors: nested bodies flatten to dotted, indexed field paths") {
    didit::Error e = from_fixture(400, "error-400-nested-1.json");
    CHECK(e.kind == ErrorKind::BadRequest);
    REQUIRE(e.field_errors.size() == 1);
    CHECK(e.field_errors[0].field == "nodes_to_resubmit[0].feature");
    CHECK(e.field_errors[0].message.rfind("\"BOGUS\" is not a valid choice.", 0) == 0);
    CHECK(e.message.rfind("nodes_to_resubmit[0].feature: \"BOGUS\" is not a valid choice.", 0) == 0);

    didit::Error deep = from_body(400, R"({"a":{"b":[{"c":"d"},{"c":["e"]}]}})");
    REQUIRE(deep.field_errors.size() == 2);
    CHECK(deep.field_errors[0] == FieldError{"a.b[0].c", "d"});
    CHECK(deep.field_errors[1] == FieldError{"a.b[1].c", "e"});
}

TEST_CASE("errors: a bare array of strings becomes the message") {
    didit::Error a = from_fixture(400, "error-400-bare-array-1.json");
    CHECK(a.kind == ErrorKind::BadRequest);
    CHECK(a.message == "The new status is the same as the current status.");
    CHECK(a.field_errors.empty());

    didit::Error b = from_fixture(400, "error-400-bare-array-2.json");
    CHECK(b.message == "Amount must be at least $50.");
    CHECK(b.field_errors.empty());
    CHECK(b.to_string() == "didit: bad request (HTTP 400): Amount must be at least $50.");
}

TEST_CASE("errors: {\"error\": string} becomes the message") {
    didit::Error e = from_fixture(403, "error-403-error-key-1.json", {{"x-request-id", "rid-403"}});
    CHECK(e.kind == ErrorKind::Permission);
    CHECK(e.status == 403);
    CHECK(e.message ==
          "You don't have enough credits to perform this request. Please top up at https://business.didit.me");
    CHECK(e.field_errors.empty());
    CHECK(e.request_id == "rid-403");
}

TEST_CASE("errors: {\"message\": string} becomes the message") {
    didit::Error e = from_body(401, R"({"message":"Token expired."})");
    CHECK(e.kind == ErrorKind::Authentication);
    CHECK(e.status == 401);
    CHECK(e.message == "Token expired.");
    CHECK(e.field_errors.empty());
}

TEST_CASE("errors: {\"error\": {\"code\", \"message\"}} gives both code and message") {
    didit::Error e =
        from_body(409, R"({"error":{"code":"request_in_flight","message":"The first request is still running."}})",
                  {{"Retry-After", "2"}});
    CHECK(e.kind == ErrorKind::Conflict);
    CHECK(e.status == 409);
    CHECK(e.code == "request_in_flight");
    CHECK(e.message == "The first request is still running.");
    CHECK(e.field_errors.empty());
    REQUIRE(e.retry_after.has_value());
    CHECK(*e.retry_after == milliseconds(2000));
}

TEST_CASE("errors: a non-JSON HTML 404 keeps the status text and the raw body") {
    const std::string html = "<!DOCTYPE html><html><head><title>Not Found</title></head><body>Not Found</body></html>";
    didit::Error e = from_body(404, html, {{"Content-Type", "text/html; charset=utf-8"}, {"X-Request-Id", "h-1"}});
    CHECK(e.kind == ErrorKind::NotFound);
    CHECK(e.status == 404);
    CHECK(e.message.rfind("Not Found", 0) == 0);
    CHECK(e.message.find("non-JSON") != std::string::npos);
    CHECK(e.message.find("text/html") != std::string::npos);
    CHECK(e.message.find("<html>") == std::string::npos);  // the body is not pasted into the message
    CHECK(e.code.empty());
    CHECK(e.field_errors.empty());
    CHECK(e.raw_body == html);
    CHECK(e.request_id == "h-1");
}

TEST_CASE("errors: an empty 500 body gives the status text") {
    didit::Error e = from_body(500, "");
    CHECK(e.kind == ErrorKind::Server);
    CHECK(e.status == 500);
    CHECK(e.message == "Internal Server Error");
    CHECK(e.raw_body.empty());
    CHECK(e.field_errors.empty());
    CHECK(e.to_string() == "didit: server error (HTTP 500): Internal Server Error");

    CHECK(from_body(502, "").kind == ErrorKind::Server);
    CHECK(from_body(503, "").message == "Service Unavailable");
    CHECK(from_body(504, "").message == "Gateway Timeout");
}

TEST_CASE("errors: a 301 names the Location it did not follow") {
    didit::Error e = from_body(301, "", {{"Location", "https://verification.didit.me/v3/workflows/x/"}});
    CHECK(e.kind == ErrorKind::UnexpectedStatus);
    CHECK(e.status == 301);
    CHECK(e.message.find("https://verification.didit.me/v3/workflows/x/") != std::string::npos);
    CHECK(e.message.find("not followed") != std::string::npos);

    didit::Error no_loc = from_body(302, "");
    CHECK(no_loc.kind == ErrorKind::UnexpectedStatus);
    CHECK(no_loc.message.find("redirect not followed") != std::string::npos);

    // A JSON body (the simulator's and Django's 301s carry one) keeps its text and still
    // names the Location.
    didit::Error json = from_body(301, R"({"detail":"Moved Permanently"})", {{"Location", "/v3/sessions/?limit=5"}});
    CHECK(json.kind == ErrorKind::UnexpectedStatus);
    CHECK(json.message == "Moved Permanently, redirect to /v3/sessions/?limit=5 not followed");
    didit::Error bare = from_body(308, R"(["Use the slash."])");
    CHECK(bare.message == "Use the slash., redirect not followed");
}

TEST_CASE("errors: detail, non_field_errors and keyed errors combine") {
    didit::Error e = from_body(
        400, R"({"detail":"Invalid input.","non_field_errors":["Dates overlap."],"vendor_data":["Too long."]})");
    CHECK(e.message == "Invalid input.; Dates overlap.");
    REQUIRE(e.field_errors.size() == 1);
    CHECK(e.field_errors[0] == FieldError{"vendor_data", "Too long."});
    CHECK(e.to_string() == "didit: bad request (HTTP 400): Invalid input.; Dates overlap.; vendor_data: Too long.");
}

TEST_CASE("errors: odd but valid JSON bodies still give a message") {
    CHECK(from_body(400, R"("plain string")").message == "plain string");
    CHECK(from_body(400, "42").message == "42");
    CHECK(from_body(400, "{}").message == "Bad Request");
    CHECK(from_body(418, "{}").kind == ErrorKind::BadRequest);
    didit::Error num = from_body(400, R"({"amount": 12})");
    REQUIRE(num.field_errors.size() == 1);
    CHECK(num.field_errors[0] == FieldError{"amount", "12"});
    // Invalid UTF-8 makes the body non-JSON; the raw bytes are kept, nothing crashes.
    didit::Error bad = from_body(400, "{\"detail\":\"\xff\xfe\"}");
    CHECK(bad.kind == ErrorKind::BadRequest);
    CHECK(bad.message.find("non-JSON") != std::string::npos);
    CHECK(bad.raw_body == "{\"detail\":\"\xff\xfe\"}");
}

TEST_CASE("errors: the request id is read from the usual header names") {
    CHECK(from_body(500, "", {{"X-Request-ID", "a"}}).request_id == "a");
    CHECK(from_body(500, "", {{"x-amzn-RequestId", "b"}}).request_id == "b");
    CHECK(from_body(500, "", {{"X-Amz-Cf-Id", "c"}}).request_id == "c");
    CHECK(from_body(500, "", {{"Content-Type", "text/plain"}}).request_id.empty());
}

// ---- end to end through the client ------------------------------------------------------

TEST_CASE("errors: a 403 through the client becomes Permission and leaks no secret") {
    didit_test::MockClient m;
    m.mock.reply(403, didit_test::fixture("error-403-1.json"), {{"X-Request-Id", "rq-9"}});
    auto r = m.client.workflows().get("c3d4e5f6-0000-0000-0000-000000000000");
    REQUIRE_FALSE(r.ok());
    const didit::Error& err = r.error();
    CHECK(err.kind == ErrorKind::Permission);
    CHECK(err.status == 403);
    CHECK(err.message == "Authentication credentials were not provided or are invalid.");
    CHECK(err.request_id == "rq-9");
    CHECK(err.attempts == 1);
    CHECK_FALSE(err.not_sent);
    CHECK_FALSE(didit_test::leaks_secret(err.to_string()));
    CHECK_FALSE(didit_test::leaks_secret(err.message));
    CHECK_FALSE(didit_test::leaks_secret(err.raw_body));
    // The request itself did carry the key: the check above is meaningful.
    REQUIRE(m.mock.last_request().has_value());
    CHECK(m.mock.last_request()->headers.get("x-api-key") == didit_test::kApiKey);
}

TEST_CASE("errors: an HTML 404 through the client becomes NotFound") {
    didit_test::MockClient m;
    m.mock.reply(404, "<html><body><h1>Not Found</h1></body></html>", {{"Content-Type", "text/html"}});
    auto r = m.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(r.ok());
    const didit::Error& err = r.error();
    CHECK(err.kind == ErrorKind::NotFound);
    CHECK(err.status == 404);
    CHECK(err.raw_body == "<html><body><h1>Not Found</h1></body></html>");
    CHECK_FALSE(didit_test::leaks_secret(err.to_string()));
    CHECK_FALSE(didit_test::leaks_secret(err.message));
    CHECK_FALSE(didit_test::leaks_secret(err.raw_body));
}

TEST_CASE("errors: every error shape through a Bearer route leaks no token") {
    const char* bodies[] = {"error-400-detail-1.json",
                            "error-400-detail-array-1.json",
                            "error-400-field-array-1.json",
                            "error-400-field-string-1.json",
                            "error-400-nested-1.json",
                            "error-400-bare-array-1.json",
                            "error-401-1.json",
                            "error-403-error-key-1.json",
                            "error-429-2.json"};
    for (const char* name : bodies) {
        CAPTURE(name);
        didit_test::MockClient m;
        m.mock.reply(400, didit_test::fixture(name));
        auto r = m.client.account().list_organizations();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::BadRequest);
        CHECK_FALSE(r.error().message.empty());
        CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
        REQUIRE(m.mock.last_request().has_value());
        CHECK(m.mock.last_request()->headers.get("authorization") == "Bearer " + didit_test::kAccessToken);
    }
}

TEST_CASE("errors: a 429 through the client carries retry_after") {
    didit_test::MockClient m;
    m.mock.reply(429, didit_test::fixture("error-429-1.json"), {{"Retry-After", "30"}});
    auto r = m.client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::RateLimited);
    REQUIRE(r.error().retry_after.has_value());
    CHECK(*r.error().retry_after == milliseconds(30000));
}

TEST_CASE("errors: a 200 with a non-JSON body is a Decode error, not a crash") {
    didit_test::MockClient m;
    m.mock.reply(200, "<html>maintenance</html>", {{"Content-Type", "text/html"}, {"X-Request-Id", "d-1"}});
    auto r = m.client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().status == 200);
    CHECK(r.error().request_id == "d-1");
    CHECK(r.error().message.find("not valid JSON") != std::string::npos);
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

TEST_CASE("errors: a 200 with an empty body where JSON was expected is a Decode error") {
    didit_test::MockClient m;
    m.mock.reply(200, "");
    auto r = m.client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().status == 200);
    CHECK(r.error().message.find("BillingBalance") != std::string::npos);
    CHECK(r.error().message.find("empty") != std::string::npos);

    m.mock.reply(200, "  \r\n");
    auto ws = m.client.billing().balance();
    REQUIRE_FALSE(ws.ok());
    CHECK(ws.error().kind == ErrorKind::Decode);
}

TEST_CASE("errors: a 200 with the wrong JSON shape is a Decode error naming the path") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance": 12.5})");
    auto r = m.client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().message == "reply of BillingBalance: balance: expected string, got number");
    CHECK(r.error().status == 200);

    m.mock.reply(200, "[]");
    auto arr = m.client.billing().balance();
    REQUIRE_FALSE(arr.ok());
    CHECK(arr.error().message == "reply of BillingBalance: expected object, got array");
}

TEST_CASE("errors: a transport failure passes through with one attempt") {
    didit_test::MockClient m;
    didit::Error e = didit::make_error(ErrorKind::Transport, "connection reset");
    m.mock.fail(e);
    auto r = m.client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Transport);
    CHECK(r.error().message == "connection reset");
    CHECK(r.error().status == 0);
    CHECK(r.error().attempts == 1);
}
