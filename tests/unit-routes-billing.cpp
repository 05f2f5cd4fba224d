// SPDX-License-Identifier: MIT
// Billing routes: exact wire format of balance and top-up, and decoding of real billing payloads.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit_test::kApiKey;

void check_api_key_auth(const HttpRequest& req) {
    CHECK(req.headers.get("x-api-key") == kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("user-agent").substr(0, 10) == "didit-cpp/");
}

const std::string kTopUpReply =
    R"({"checkout_session_id":"cs_1","checkout_session_url":"https://checkout.stripe.com/c/pay/cs_1"})";

}  // namespace

TEST_CASE("billing: balance sends GET /v3/billing/balance/ with the API key and no body") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("billing-balance-1.json"));
    auto r = t.client.billing().balance();
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/billing/balance/");
    check_api_key_auth(req);
    CHECK(req.body.empty());
    CHECK_FALSE(req.headers.contains("content-type"));
}

TEST_CASE("billing: balance decodes amounts as exact decimal strings (fixture billing-balance-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("billing-balance-1.json"));
    auto r = t.client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r->balance == "1234.5600");
    CHECK(r->auto_refill_enabled == std::optional<bool>(true));
    REQUIRE(r->auto_refill_amount.has_value());
    CHECK(*r->auto_refill_amount.get() == "500.00");
    REQUIRE(r->auto_refill_threshold.has_value());
    CHECK(*r->auto_refill_threshold.get() == "100.00");
}

TEST_CASE("billing: balance decodes null auto-refill settings as null (fixture billing-balance-2)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("billing-balance-2.json"));
    auto r = t.client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r->balance == "12.0000");
    CHECK(r->auto_refill_enabled == std::optional<bool>(false));
    CHECK(r->auto_refill_amount.is_null());
    CHECK_FALSE(r->auto_refill_amount.is_absent());
    CHECK(r->auto_refill_threshold.is_null());
    CHECK(r->auto_refill_amount.get() == nullptr);
}

TEST_CASE("billing: balance keeps unknown fields and tells absent from null") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"balance":"0.0000","currency":"USD","credits":{"kyc":3}})");
    auto r = t.client.billing().balance();
    REQUIRE(r.ok());
    CHECK(r->auto_refill_amount.is_absent());
    CHECK_FALSE(r->auto_refill_enabled.has_value());
    CHECK(r->extra["currency"] == "USD");
    CHECK(r->extra["credits"]["kyc"] == 3);
}

TEST_CASE("billing: top-up sends POST with amount 50 as the integer 50") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("billing-top-up-response-1.json"));
    didit::TopUpRequest req;
    req.amount_in_dollars = 50;
    auto r = t.client.billing().top_up(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/billing/top-up/");
    check_api_key_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"amount_in_dollars":50})");
}

TEST_CASE("billing: top-up sends fractional amounts and the return URLs as set") {
    didit_test::MockClient t;
    t.mock.reply(200, kTopUpReply).reply(200, kTopUpReply);
    didit::TopUpRequest req;
    req.amount_in_dollars = 75.5;
    req.success_url = "https://example.com/ok?session={CHECKOUT_SESSION_ID}";
    req.cancel_url = "https://example.com/cancel";
    REQUIRE(t.client.billing().top_up(req).ok());
    CHECK(t.mock.last_request()->body == R"({"amount_in_dollars":75.5,"cancel_url":"https://example.com/cancel",)"
                                         R"("success_url":"https://example.com/ok?session={CHECKOUT_SESSION_ID}"})");

    didit::TopUpRequest big;
    big.amount_in_dollars = 1000000;
    REQUIRE(t.client.billing().top_up(big).ok());
    CHECK(t.mock.last_request()->body == R"({"amount_in_dollars":1000000})");
}

TEST_CASE("billing: top-up decodes the checkout session (fixture billing-top-up-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("billing-top-up-response-1.json"));
    didit::TopUpRequest req;
    req.amount_in_dollars = 50;
    auto r = t.client.billing().top_up(req);
    REQUIRE(r.ok());
    CHECK(r->checkout_session_id == "cs_test_a1B2c3D4e5F6g7H8i9J0");
    CHECK(r->checkout_session_url == "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8i9J0");
}

TEST_CASE("billing: a top-up below the minimum is a BadRequest with the bare-array message") {
    didit_test::MockClient t;
    t.mock.reply(400, didit_test::fixture("error-400-bare-array-2.json"));
    didit::TopUpRequest req;
    req.amount_in_dollars = 10;
    auto r = t.client.billing().top_up(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    CHECK(r.error().status == 400);
    CHECK(r.error().message == "Amount must be at least $50.");
    CHECK(r.error().field_errors.empty());
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

TEST_CASE("billing: insufficient-credit and permission replies map to their kinds") {
    didit_test::MockClient t;
    t.mock.reply(403, didit_test::fixture("error-403-error-key-1.json"))
        .reply(401, didit_test::fixture("error-401-1.json"))
        .reply(402, R"({"detail":"Payment required","code":"insufficient_balance"})");
    auto a = t.client.billing().balance();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Permission);
    CHECK(a.error().message.find("enough credits") != std::string::npos);
    auto b = t.client.billing().balance();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Authentication);
    auto c = t.client.billing().balance();
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::PaymentRequired);
    CHECK(c.error().code == "insufficient_balance");
    for (const auto* r : {&a, &b, &c}) {
        CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
        CHECK_FALSE(didit_test::leaks_secret(r->error().raw_body));
    }
}

TEST_CASE("billing: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"balance":1234.56})")
        .reply(200, R"({"balance":"1.00","auto_refill_enabled":"yes"})")
        .reply(200, R"({"checkout_session_id":"cs","checkout_session_url":["x"]})")
        .reply(200, R"(["not","an","object"])");
    auto a = t.client.billing().balance();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().status == 200);
    CHECK(a.error().message.find("balance: expected string, got number") != std::string::npos);
    CHECK(a.error().message.find("BillingBalance") != std::string::npos);

    auto b = t.client.billing().balance();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message.find("auto_refill_enabled: expected boolean, got string") != std::string::npos);

    didit::TopUpRequest req;
    req.amount_in_dollars = 50;
    auto c = t.client.billing().top_up(req);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().message.find("checkout_session_url: expected string, got array") != std::string::npos);

    auto d = t.client.billing().balance();
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::Decode);
    CHECK(d.error().message.find("expected object, got array") != std::string::npos);
    CHECK_FALSE(didit_test::leaks_secret(d.error().to_string()));
}

TEST_CASE("billing: a non-UTF-8 URL is InvalidArgument and nothing is sent") {
    didit_test::MockClient t;
    t.mock.reply(200, kTopUpReply);
    didit::TopUpRequest req;
    req.amount_in_dollars = 50;
    req.success_url = std::string("https://example.com/\xf5");
    auto r = t.client.billing().top_up(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(r.error().message.find("success_url") != std::string::npos);
    CHECK(r.error().message.find("BillingTopUp") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("billing: a non-finite amount is InvalidArgument and nothing is sent") {
    didit_test::MockClient t;
    didit::TopUpRequest req;
    req.amount_in_dollars = std::numeric_limits<double>::infinity();
    auto a = t.client.billing().top_up(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("amount_in_dollars") != std::string::npos);
    req.amount_in_dollars = std::numeric_limits<double>::quiet_NaN();
    auto b = t.client.billing().top_up(req);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("billing: extra keys are sent, but never override typed fields") {
    didit_test::MockClient t;
    t.mock.reply(200, kTopUpReply);
    didit::TopUpRequest req;
    req.amount_in_dollars = 60;
    req.extra = Json{{"amount_in_dollars", 1}, {"coupon", "SPRING"}};
    REQUIRE(t.client.billing().top_up(req).ok());
    CHECK(t.mock.last_request()->body == R"({"amount_in_dollars":60,"coupon":"SPRING"})");
}

TEST_CASE("billing: a per-call header with a line break is refused before sending") {
    // Billing has no path parameters; per-call headers are this group's other way of putting
    // caller text on the wire, so check that they cannot smuggle a header in.
    didit_test::MockClient t;
    didit::CallOptions opts;
    opts.headers.set("X-Trace", "a\r\nx-api-key: evil");
    auto r = t.client.billing().balance(opts);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}
