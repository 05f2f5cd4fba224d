// SPDX-License-Identifier: MIT
// Webhook routes: configuration get/update and destination CRUD on the wire, and decoding of real payloads.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using didit::CaptureMethod;
using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit::WebhookEvent;
using didit::WebhookVersion;
using didit_test::check_api_key_auth;
using didit_test::check_no_body;
using didit_test::kApiKey;
using didit_test::parse;

const std::string kBase = "https://verification.didit.me";
const std::string kDest = "11111111-2222-3333-4444-555555555555";
const std::string kLegacyConfig =
    R"({"webhook_url":"https://myapp.com/webhooks/didit","webhook_version":"v3",)"
    R"("secret_shared_key":"whsec_new","capture_method":"both","data_retention_months":null})";

}  // namespace

// ---- configuration: GET /v3/webhook/ -----------------------------------------------------

TEST_CASE("webhooks: get_config sends GET /v3/webhook/ with the API key and no body") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("webhook-config-legacy-1.json"));
    auto r = t.client.webhooks().get_config();
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/webhook/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("webhooks: get_config decodes the skill document's shape (fixture webhook-config-legacy-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("webhook-config-legacy-1.json"));
    auto r = t.client.webhooks().get_config();
    REQUIRE(r.ok());
    const auto& c = r.value();
    REQUIRE(c.webhook_url.has_value());
    CHECK(*c.webhook_url.get() == "https://myapp.com/webhooks/didit");
    REQUIRE(c.webhook_version.has_value());
    CHECK(*c.webhook_version == WebhookVersion::V3);
    CHECK(c.secret_shared_key == std::optional<std::string>("whsec_a1b2c3d4e5f6g7h8i9j0..."));
    REQUIRE(c.capture_method.has_value());
    CHECK(*c.capture_method == CaptureMethod::Both);
    CHECK(c.data_retention_months.is_null());
    CHECK_FALSE(c.endpoints.has_value());
    CHECK((c.extra.is_null() || c.extra.empty()));
    auto dests = c.destinations();
    REQUIRE(dests.ok());
    CHECK(dests->empty());
}

TEST_CASE("webhooks: get_config decodes a not-configured webhook and a retention limit") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"webhook_url":null,"webhook_version":"v2","secret_shared_key":"s",)"
                      R"("capture_method":"mobile","data_retention_months":24})");
    auto r = t.client.webhooks().get_config();
    REQUIRE(r.ok());
    CHECK(r->webhook_url.is_null());
    CHECK(*r->webhook_version == WebhookVersion::V2);
    CHECK(*r->capture_method == CaptureMethod::Mobile);
    REQUIRE(r->data_retention_months.has_value());
    CHECK(*r->data_retention_months.get() == 24);
}

TEST_CASE("webhooks: get_config decodes the newer shape: endpoints, policies and unknown values are kept") {
    // newer replies add the destinations (code samples read `endpoints`),
    // the subscribable events, retention policies and wallet hosts; names partly unknown.
    didit_test::MockClient t;
    t.mock.reply(200, R"({"webhook_url":"https://a.example/hook","webhook_version":"v4","secret_shared_key":"k",)"
                      R"("capture_method":"tablet","data_retention_months":120,)"
                      R"("endpoints":[{"uuid":"11111111-2222-3333-4444-555555555555","label":"Prod",)"
                      R"("url":"https://a.example/hook","enabled":true,"webhook_version":"v3",)"
                      R"("subscribed_events":["status.updated","user.data.updated","kyc.magic"]},)"
                      R"({"label":"Second","url":"https://b.example/hook","subscribed_events":[]}],)"
                      R"("subscribable_events":["status.updated","data.updated"],)"
                      R"("biometric_template_retention_days":30,"wallet_return_hosts":["app.example"]})");
    auto r = t.client.webhooks().get_config();
    REQUIRE(r.ok());
    const auto& c = r.value();
    // Unknown enum strings are kept verbatim.
    CHECK_FALSE(c.webhook_version->is_known());
    CHECK(c.webhook_version->str() == "v4");
    CHECK_FALSE(c.capture_method->is_known());
    CHECK(c.capture_method->str() == "tablet");
    CHECK(*c.data_retention_months.get() == 120);
    REQUIRE(c.endpoints.has_value());
    CHECK(c.endpoints->size() == 2);
    CHECK(c.extra["subscribable_events"] == Json::array({"status.updated", "data.updated"}));
    CHECK(c.extra["biometric_template_retention_days"] == 30);
    CHECK(c.extra["wallet_return_hosts"][0] == "app.example");
    CHECK_FALSE(c.extra.contains("endpoints"));

    auto dests = c.destinations();
    REQUIRE(dests.ok());
    REQUIRE(dests->size() == 2);
    CHECK((*dests)[0].uuid == kDest);
    CHECK((*dests)[0].label == std::optional<std::string>("Prod"));
    CHECK((*dests)[0].enabled == std::optional<bool>(true));
    REQUIRE((*dests)[0].subscribed_events.has_value());
    const auto& ev = *(*dests)[0].subscribed_events;
    REQUIRE(ev.size() == 3);
    CHECK(ev[0] == WebhookEvent::StatusUpdated);
    CHECK(ev[1] == WebhookEvent::UserDataUpdated);
    CHECK_FALSE(ev[2].is_known());
    CHECK(ev[2].str() == "kyc.magic");
    CHECK((*dests)[1].uuid.empty());
    CHECK((*dests)[1].subscribed_events->empty());
}

TEST_CASE("webhooks: destinations() also reads a `destinations` key, and reports a row that does not fit") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"webhook_url":null,"destinations":[{"url":"https://c.example/","enabled":false}]})")
        .reply(200, R"({"webhook_url":null,"endpoints":[{"url":"https://c.example/","enabled":"yes"}]})");
    auto a = t.client.webhooks().get_config();
    REQUIRE(a.ok());
    auto da = a->destinations();
    REQUIRE(da.ok());
    REQUIRE(da->size() == 1);
    CHECK((*da)[0].url == std::optional<std::string>("https://c.example/"));
    CHECK((*da)[0].enabled == std::optional<bool>(false));

    // The configuration itself still decodes: `endpoints` is raw JSON.
    auto b = t.client.webhooks().get_config();
    REQUIRE(b.ok());
    auto db = b->destinations();
    REQUIRE_FALSE(db.ok());
    CHECK(db.error().kind == ErrorKind::Decode);
    CHECK(db.error().message.find("[0].enabled") != std::string::npos);
}

TEST_CASE("webhooks: a type mismatch in the configuration names the field") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"webhook_url":"https://a.example/","data_retention_months":"forever"})");
    auto r = t.client.webhooks().get_config();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().message.find("data_retention_months: expected integer, got string") != std::string::npos);
    CHECK(r.error().message.find("WebhookConfigGet") != std::string::npos);
}

// ---- configuration: PATCH /v3/webhook/ ---------------------------------------------------

TEST_CASE("webhooks: update_config sends PATCH /v3/webhook/ with only the set fields (set URL and version)") {
    didit_test::MockClient t;
    t.mock.reply(200, kLegacyConfig);
    didit::WebhookConfigUpdateRequest req;
    req.webhook_url = std::string("https://myapp.com/webhooks/didit");
    req.webhook_version = WebhookVersion::V3;
    auto r = t.client.webhooks().update_config(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/webhook/");
    check_api_key_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"webhook_url":"https://myapp.com/webhooks/didit","webhook_version":"v3"})");
    CHECK(*r->webhook_url.get() == "https://myapp.com/webhooks/didit");
}

TEST_CASE("webhooks: update_config with webhook_url = nullptr sends {\"webhook_url\":null} (disables webhooks)") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"webhook_url":null,"webhook_version":"v3","secret_shared_key":"s","capture_method":"both",)"
                      R"("data_retention_months":null})");
    didit::WebhookConfigUpdateRequest req;
    req.webhook_url = nullptr;
    auto r = t.client.webhooks().update_config(req);
    REQUIRE(r.ok());
    CHECK(t.mock.last_request()->body == R"({"webhook_url":null})");
    CHECK(r->webhook_url.is_null());
}

TEST_CASE("webhooks: update_config rotate_secret_key sends {\"rotate_secret_key\":true} and returns the new secret") {
    didit_test::MockClient t;
    t.mock.reply(200, kLegacyConfig);
    didit::WebhookConfigUpdateRequest req;
    req.rotate_secret_key = true;
    auto r = t.client.webhooks().update_config(req);
    REQUIRE(r.ok());
    CHECK(t.mock.last_request()->body == R"({"rotate_secret_key":true})");
    CHECK(r->secret_shared_key == std::optional<std::string>("whsec_new"));
}

TEST_CASE("webhooks: update_config sends capture_method and data_retention_months (value, bounds, null)") {
    didit_test::MockClient t;
    t.mock.reply(200, kLegacyConfig).reply(200, kLegacyConfig).reply(200, kLegacyConfig).reply(200, kLegacyConfig);
    didit::WebhookConfigUpdateRequest a;
    a.capture_method = CaptureMethod::Mobile;
    a.data_retention_months = 120;
    REQUIRE(t.client.webhooks().update_config(a).ok());
    CHECK(t.mock.last_request()->body == R"({"capture_method":"mobile","data_retention_months":120})");

    didit::WebhookConfigUpdateRequest b;
    b.data_retention_months = 1;
    REQUIRE(t.client.webhooks().update_config(b).ok());
    CHECK(t.mock.last_request()->body == R"({"data_retention_months":1})");

    didit::WebhookConfigUpdateRequest c;
    c.data_retention_months = nullptr;  // unlimited
    c.capture_method = CaptureMethod::Desktop;
    REQUIRE(t.client.webhooks().update_config(c).ok());
    CHECK(t.mock.last_request()->body == R"({"capture_method":"desktop","data_retention_months":null})");

    REQUIRE(t.client.webhooks().update_config(didit::WebhookConfigUpdateRequest{}).ok());
    CHECK(t.mock.last_request()->body == "{}");
}

TEST_CASE("webhooks: data_retention_months 0 and 121 are refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kLegacyConfig);
    for (int months : {0, 121, -1, 1000}) {
        CAPTURE(months);
        didit::WebhookConfigUpdateRequest req;
        req.webhook_url = std::string("https://myapp.com/webhooks/didit");
        req.data_retention_months = months;
        auto r = t.client.webhooks().update_config(req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        CHECK(r.error().not_sent);
        CHECK(r.error().attempts == 0);
        CHECK(r.error().message.find("data_retention_months") != std::string::npos);
        CHECK(r.error().message.find("1-120") != std::string::npos);
    }
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("webhooks: update_config sends newer settings through extra") {
    didit_test::MockClient t;
    t.mock.reply(200, kLegacyConfig);
    didit::WebhookConfigUpdateRequest req;
    req.webhook_version = WebhookVersion::V2;
    req.extra = Json{{"wallet_return_hosts", Json::array({"app.example"})}, {"webhook_version", "ignored"}};
    REQUIRE(t.client.webhooks().update_config(req).ok());
    CHECK(t.mock.last_request()->body == R"({"wallet_return_hosts":["app.example"],"webhook_version":"v2"})");
}

TEST_CASE("webhooks: a non-UTF-8 webhook_url is refused before sending") {
    didit_test::MockClient t;
    didit::WebhookConfigUpdateRequest req;
    req.webhook_url = std::string("https://bad\xff.example/");
    auto r = t.client.webhooks().update_config(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("webhook_url") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

// ---- destinations ------------------------------------------------------------------------

TEST_CASE("webhooks: list_destinations sends GET /v3/webhook/destinations/ and decodes the bare array") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("webhook-destinations-list-1.json"));
    auto r = t.client.webhooks().list_destinations();
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/webhook/destinations/");
    check_api_key_auth(req);
    check_no_body(req);

    const auto& page = r.value();
    CHECK_FALSE(page.count.has_value());
    CHECK_FALSE(page.has_next());
    REQUIRE(page.results.size() == 2);
    const auto& a = page.results[0];
    CHECK(a.uuid == kDest);
    CHECK(a.label == std::optional<std::string>("Production session webhooks"));
    CHECK(a.url == std::optional<std::string>("https://yourapp.com/webhooks/didit"));
    CHECK(a.enabled == std::optional<bool>(true));
    CHECK(*a.webhook_version == WebhookVersion::V3);
    CHECK_FALSE(a.secret_shared_key.has_value());  // the list carries no secrets
    REQUIRE(a.subscribed_events.has_value());
    CHECK(*a.subscribed_events == std::vector<WebhookEvent>{WebhookEvent::StatusUpdated, WebhookEvent::DataUpdated});
    CHECK(a.subscribed_events_count == std::optional<std::int64_t>(2));
    CHECK(a.deliveries_count == std::optional<std::int64_t>(12453));
    CHECK(a.failed_deliveries_count == std::optional<std::int64_t>(14));
    REQUIRE(a.average_response_time_ms.has_value());
    CHECK(*a.average_response_time_ms.get() == 187);
    CHECK(a.error_rate_percentage == std::optional<double>(0));
    REQUIRE(a.last_delivery_at.has_value());
    CHECK(*a.last_delivery_at.get() == "2026-05-17T09:21:18Z");
    CHECK(a.created_at == std::optional<std::string>("2026-01-04T08:00:00Z"));
    CHECK(a.updated_at == std::optional<std::string>("2026-04-22T14:09:11Z"));
    CHECK((a.extra.is_null() || a.extra.empty()));

    const auto& b = page.results[1];
    CHECK(b.uuid == "22222222-3333-4444-5555-666666666666");
    CHECK(b.enabled == std::optional<bool>(false));
    CHECK(b.average_response_time_ms.is_null());
    CHECK(b.last_delivery_at.is_null());
    CHECK(*b.subscribed_events == std::vector<WebhookEvent>{WebhookEvent::StatusUpdated});
}

TEST_CASE("webhooks: list_destinations also decodes a paged envelope, newer fields and fractional metrics") {
    didit_test::MockClient t;
    t.mock.reply(200,
                 R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"33333333-4444-5555-6666-777777777777",)"
                 R"("secret_last4":"xnQ","previous_secret_expires_at":null,"error_rate_percentage":0.4,)"
                 R"("average_response_time_ms":186.5,"deliveries_30d":{"total":3}}]})");
    auto r = t.client.webhooks().list_destinations();
    REQUIRE(r.ok());
    CHECK(r->count == std::optional<std::int64_t>(1));
    REQUIRE(r->results.size() == 1);
    const auto& d = r->results[0];
    CHECK(d.secret_last4 == std::optional<std::string>("xnQ"));
    CHECK(d.previous_secret_expires_at.is_null());
    CHECK(d.error_rate_percentage == std::optional<double>(0.4));
    CHECK(*d.average_response_time_ms.get() == 186.5);
    CHECK(d.extra["deliveries_30d"]["total"] == 3);
}

TEST_CASE("webhooks: create_destination sends POST with the exact body") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("webhook-destination-create-response-1.json"));
    didit::WebhookDestinationCreateRequest req;
    req.label = "Production session webhooks";
    req.url = "https://yourapp.com/webhooks/didit";
    req.webhook_version = WebhookVersion::V3;
    req.subscribed_events = std::vector<WebhookEvent>{WebhookEvent::StatusUpdated, WebhookEvent::DataUpdated};
    auto r = t.client.webhooks().create_destination(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/webhook/destinations/");
    check_api_key_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    // The OpenAPI's own request example, byte for byte (keys sorted, compact).
    CHECK(sent.body ==
          R"({"label":"Production session webhooks","subscribed_events":["status.updated","data.updated"],)"
          R"("url":"https://yourapp.com/webhooks/didit","webhook_version":"v3"})");
}

TEST_CASE("webhooks: create_destination sends every event type and enabled=false as set") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("webhook-destination-create-response-1.json"));
    didit::WebhookDestinationCreateRequest req;
    req.label = "All";
    req.url = "https://yourapp.com/all";
    req.enabled = false;
    req.subscribed_events = std::vector<WebhookEvent>{WebhookEvent::StatusUpdated,
                                                      WebhookEvent::DataUpdated,
                                                      WebhookEvent::UserStatusUpdated,
                                                      WebhookEvent::UserDataUpdated,
                                                      WebhookEvent::BusinessStatusUpdated,
                                                      WebhookEvent::BusinessDataUpdated,
                                                      WebhookEvent::ActivityCreated,
                                                      WebhookEvent::TransactionCreated,
                                                      WebhookEvent::TransactionStatusUpdated,
                                                      WebhookEvent::TravelRuleStatusUpdated};
    REQUIRE(t.client.webhooks().create_destination(req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"enabled":false,"label":"All","subscribed_events":["status.updated","data.updated",)"
          R"("user.status.updated","user.data.updated","business.status.updated","business.data.updated",)"
          R"("activity.created","transaction.created","transaction.status.updated","travel_rule.status.updated"],)"
          R"("url":"https://yourapp.com/all"})");
    // An event this SDK does not know yet goes out verbatim.
    didit::WebhookDestinationCreateRequest later;
    later.label = "L";
    later.url = "https://yourapp.com/l";
    later.subscribed_events = std::vector<WebhookEvent>{WebhookEvent("case.created")};
    t.mock.reply(201, R"({"uuid":"11111111-2222-3333-4444-555555555555"})");
    REQUIRE(t.client.webhooks().create_destination(later).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"label":"L","subscribed_events":["case.created"],"url":"https://yourapp.com/l"})");
}

TEST_CASE("webhooks: create_destination decodes the 201 reply with the secret and an empty summary") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("webhook-destination-create-response-1.json"));
    didit::WebhookDestinationCreateRequest req;
    req.label = "x";
    req.url = "https://yourapp.com/webhooks/didit";
    auto r = t.client.webhooks().create_destination(req);
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.uuid == kDest);
    CHECK(d.secret_shared_key == std::optional<std::string>("tno2NTeRC1ZK3sBOYlBJDyEzBVENl3pQ1AcZyAW0xnQ"));
    CHECK(d.secret_shared_key->size() == 43);
    CHECK(d.created_at == std::optional<std::string>("2026-05-17T10:00:00Z"));
    REQUIRE(d.summary.has_value());
    CHECK(d.summary->total_deliveries == std::optional<std::int64_t>(0));
    CHECK(d.summary->failed_deliveries == std::optional<std::int64_t>(0));
    CHECK(d.summary->error_rate_percentage == std::optional<double>(0));
    CHECK(d.summary->min_response_time_ms.is_null());
    CHECK(d.summary->avg_response_time_ms.is_null());
    CHECK(d.summary->max_response_time_ms.is_null());
    CHECK(d.summary->last_delivery_at.is_null());
}

TEST_CASE("webhooks: a 400 on create keeps Didit's field errors") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"subscribed_events":["This list may not be empty."],"url":["Enter a valid URL."]})");
    didit::WebhookDestinationCreateRequest req;
    req.label = "x";
    req.url = "not a url";
    req.subscribed_events = std::vector<WebhookEvent>{};
    auto r = t.client.webhooks().create_destination(req);
    REQUIRE_FALSE(r.ok());
    CHECK(t.mock.last_request()->body == R"({"label":"x","subscribed_events":[],"url":"not a url"})");
    CHECK(r.error().kind == ErrorKind::BadRequest);
    CHECK(r.error().status == 400);
    REQUIRE(r.error().field_errors.size() == 2);
    CHECK(r.error().field_errors[0].field == "subscribed_events");
    CHECK(r.error().field_errors[1].field == "url");
    CHECK(r.error().field_errors[1].message == "Enter a valid URL.");
}

TEST_CASE("webhooks: get_destination sends GET with the uuid and decodes the summary (fixture)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("webhook-destination-get-1.json"));
    auto r = t.client.webhooks().get_destination(kDest);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/webhook/destinations/11111111-2222-3333-4444-555555555555/");
    check_api_key_auth(req);
    check_no_body(req);

    const auto& d = r.value();
    CHECK(d.uuid == kDest);
    CHECK(d.secret_shared_key == std::optional<std::string>("tno2NTeRC1ZK3sBOYlBJDyEzBVENl3pQ1AcZyAW0xnQ"));
    REQUIRE(d.summary.has_value());
    CHECK(d.summary->total_deliveries == std::optional<std::int64_t>(12453));
    CHECK(d.summary->failed_deliveries == std::optional<std::int64_t>(14));
    CHECK(*d.summary->min_response_time_ms.get() == 41);
    CHECK(*d.summary->avg_response_time_ms.get() == 187);
    CHECK(*d.summary->max_response_time_ms.get() == 2103);
    CHECK(*d.summary->last_delivery_at.get() == "2026-05-17T09:21:18Z");
    CHECK(d.deliveries_count == std::nullopt);  // list-only fields stay absent
}

TEST_CASE("webhooks: a 404 on get is NotFound with Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(404, R"({"detail":"Webhook destination not found."})");
    auto r = t.client.webhooks().get_destination(kDest);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::NotFound);
    CHECK(r.error().message == "Webhook destination not found.");
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

TEST_CASE("webhooks: update_destination sends PATCH with only the set fields") {
    didit_test::MockClient t;
    std::string paused = didit_test::fixture("webhook-destination-get-1.json");
    t.mock.reply(200, paused).reply(200, paused).reply(200, paused);

    didit::WebhookDestinationUpdateRequest pause;
    pause.enabled = false;
    auto r = t.client.webhooks().update_destination(kDest, pause);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/webhook/destinations/11111111-2222-3333-4444-555555555555/");
    check_api_key_auth(sent);
    CHECK(sent.headers.get("content-type") == "application/json");
    CHECK(sent.body == R"({"enabled":false})");

    didit::WebhookDestinationUpdateRequest events;
    events.subscribed_events = std::vector<WebhookEvent>{WebhookEvent::StatusUpdated, WebhookEvent::DataUpdated,
                                                         WebhookEvent::TransactionCreated};
    REQUIRE(t.client.webhooks().update_destination(kDest, events).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"subscribed_events":["status.updated","data.updated","transaction.created"]})");

    didit::WebhookDestinationUpdateRequest move;
    move.label = "Production session webhooks v2";
    move.url = "https://api.yourapp.com/webhooks/didit/v2";
    move.webhook_version = WebhookVersion::V2;
    REQUIRE(t.client.webhooks().update_destination(kDest, move).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"label":"Production session webhooks v2",)"
          R"("url":"https://api.yourapp.com/webhooks/didit/v2","webhook_version":"v2"})");
}

TEST_CASE("webhooks: remove_destination sends DELETE and accepts 204 empty and 200 with a body") {
    didit_test::MockClient t;
    t.mock.reply(204, "").reply(200, R"({"detail":"Webhook destination deleted."})");
    auto a = t.client.webhooks().remove_destination(kDest);
    REQUIRE(a.ok());
    CHECK(a->raw.is_null());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Delete);
    CHECK(req.url == kBase + "/v3/webhook/destinations/11111111-2222-3333-4444-555555555555/");
    check_api_key_auth(req);
    check_no_body(req);

    auto b = t.client.webhooks().remove_destination("22222222-3333-4444-5555-666666666666");
    REQUIRE(b.ok());
    CHECK(b->raw["detail"] == "Webhook destination deleted.");
}

TEST_CASE("webhooks: a malformed destination_uuid is refused before sending on every route") {
    didit_test::MockClient t;
    t.mock.reply(200, "{}");
    for (std::string bad : {std::string("11111111-2222-3333-4444-55555555555"),    // one digit short
                            std::string("11111111-2222-3333-4444-5555555555555"),  // one too many
                            std::string("ABCDEF01-2222-3333-4444-555555555555"),   // upper case
                            std::string("11111111_2222_3333_4444_555555555555"), std::string("../../v3/billing"),
                            std::string("11111111-2222-3333-4444-55555555555/"), std::string("")}) {
        CAPTURE(bad);
        auto a = t.client.webhooks().get_destination(bad);
        auto b = t.client.webhooks().update_destination(bad, didit::WebhookDestinationUpdateRequest{});
        auto c = t.client.webhooks().remove_destination(bad);
        for (const auto* e : {&a.error(), &b.error(), &c.error()}) {
            CHECK(e->kind == ErrorKind::InvalidArgument);
            CHECK(e->not_sent);
            CHECK(e->message.find("destination_uuid") != std::string::npos);
        }
    }
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("webhooks: errors never carry the API key") {
    didit_test::MockClient t;
    t.mock.reply(403, R"({"detail":"You do not have permission to perform this action."})");
    auto r = t.client.webhooks().list_destinations();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Permission);
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(r.error().raw_body));
}

TEST_CASE("webhooks: the models encode back to what was received (round trip)") {
    Json in = parse(didit_test::fixture("webhook-destination-get-1.json"));
    REQUIRE_FALSE(in.is_discarded());
    auto d = didit::decode_json<didit::WebhookDestination>(in);
    REQUIRE(d.ok());
    auto out = didit::encode_json(d.value());
    REQUIRE(out.ok());
    CHECK(out.value() == in);

    Json cfg = parse(didit_test::fixture("webhook-config-legacy-1.json"));
    auto c = didit::decode_json<didit::WebhookConfig>(cfg);
    REQUIRE(c.ok());
    auto cout_ = didit::encode_json(c.value());
    REQUIRE(cout_.ok());
    CHECK(cout_.value() == cfg);
}

// ---- workflows().list_all (added with this slice; belongs with unit-routes-workflows) ------

TEST_CASE("workflows: list_all pages lazily over 3 pages and stops on next == null") {
    didit_test::MockClient t;
    const std::string p = kBase + "/v3/workflows/?limit=2&offset=";
    t.mock.reply(200, R"({"count":5,"next":")" + p + R"(2","previous":null,"results":[{"uuid":"w1"},{"uuid":"w2"}]})")
        .reply(200, R"({"count":5,"next":")" + p + R"(4","previous":")" + p +
                        R"(0","results":[{"uuid":"w3"},{"uuid":"w4"}]})")
        .reply(200, R"({"count":5,"next":null,"previous":")" + p + R"(2","results":[{"uuid":"w5"}]})");
    didit::WorkflowsListQuery q;
    q.limit = 2;
    std::vector<std::string> seen;
    auto range = t.client.workflows().list_all(q);
    for (auto& wf : range) {
        REQUIRE(wf.ok());
        seen.push_back(wf->uuid);
    }
    CHECK(seen == std::vector<std::string>{"w1", "w2", "w3", "w4", "w5"});
    CHECK(range.pages_fetched() == 3);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].url == kBase + "/v3/workflows/?limit=2");
    CHECK(reqs[1].url == kBase + "/v3/workflows/?limit=2&offset=2");
    CHECK(reqs[2].url == kBase + "/v3/workflows/?limit=2&offset=4");
    for (const auto& r : reqs) check_api_key_auth(r);
}

TEST_CASE("workflows: list_all surfaces an error on page 2 as its last element") {
    didit_test::MockClient t;
    t.mock
        .reply(200, R"({"count":4,"next":"https://verification.didit.me/v3/workflows/?offset=2",)"
                    R"("results":[{"uuid":"w1"},{"uuid":"w2"}]})")
        .reply(429, R"({"detail":"Request was throttled. Expected available in 30 seconds."})");
    std::vector<std::string> seen;
    bool failed = false;
    for (auto& wf : t.client.workflows().list_all()) {
        if (!wf) {
            CHECK(wf.error().kind == ErrorKind::RateLimited);
            failed = true;
            continue;
        }
        seen.push_back(wf->uuid);
    }
    CHECK(failed);
    CHECK(seen == std::vector<std::string>{"w1", "w2"});
    CHECK(t.mock.request_count() == 2);
}

TEST_CASE("workflows: list_all over a bare array is one page") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"uuid":"a"},{"uuid":"b"}])");
    std::size_t n = 0;
    for (auto& wf : t.client.workflows().list_all()) {
        REQUIRE(wf.ok());
        ++n;
    }
    CHECK(n == 2);
    CHECK(t.mock.request_count() == 1);
}
