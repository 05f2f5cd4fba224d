// SPDX-License-Identifier: MIT
// Session routes: exact wire format of create and get-decision, and decoding of real session payloads.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit::SessionStatus;
using didit_test::kApiKey;

/// Parses without exceptions (the tests also run with -fno-exceptions).
Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

void check_api_key_auth(const HttpRequest& req) {
    CHECK(req.headers.get("x-api-key") == kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("user-agent").substr(0, 10) == "didit-cpp/");
}

const std::string kSessionId = "11111111-2222-3333-4444-555555555555";
const std::string kCreated = R"({"session_id":"11111111-2222-3333-4444-555555555555","status":"Not Started"})";
const std::string kDecisionMin = R"({"session_id":"11111111-2222-3333-4444-555555555555"})";

/// The request of fixtures/session-create-request-1.json, built field by field.
didit::SessionCreateRequest fixture_request() {
    didit::SessionCreateRequest req;
    req.workflow_id = "11111111-2222-3333-4444-555555555555";
    req.vendor_data = "user-123";
    req.callback = "https://example.com/verification/callback";
    req.callback_method = didit::CallbackMethod::Both;
    req.metadata = Json{{"user_type", "premium"}, {"account_id", "ABC123"}};
    req.language = "en";
    didit::ContactDetails contact;
    contact.email = "john.doe@example.com";
    contact.send_notification_emails = true;
    contact.email_lang = "en";
    contact.phone = "+14155552671";
    req.contact_details = contact;
    didit::ExpectedDetails expected;
    expected.first_name = "John";
    expected.last_name = "Doe";
    expected.date_of_birth = "1990-05-15";
    expected.nationality = "USA";
    expected.id_country = "USA";
    expected.expected_document_types = std::vector<std::string>{"P", "ID"};
    req.expected_details = expected;
    return req;
}

}  // namespace

TEST_CASE("sessions: create sends POST /v3/session/ with the fixture's body") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("session-create-response-1.json"));
    auto r = t.client.sessions().create(fixture_request());
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Post);
    CHECK(req.url == "https://verification.didit.me/v3/session/");
    check_api_key_auth(req);
    CHECK(req.headers.get("content-type") == "application/json");

    Json expected = parse(didit_test::fixture("session-create-request-1.json"));
    REQUIRE_FALSE(expected.is_discarded());
    Json got = parse(req.body);
    REQUIRE_FALSE(got.is_discarded());
    CHECK(got == expected);
    CHECK(req.body == expected.dump());
}

TEST_CASE("sessions: create sends only workflow_id when nothing else is set") {
    didit_test::MockClient t;
    t.mock.reply(201, kCreated);
    didit::SessionCreateRequest req;
    req.workflow_id = kSessionId;
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"workflow_id":"11111111-2222-3333-4444-555555555555"})");
}

TEST_CASE("sessions: create sends empty nested objects as {} and null gender as null") {
    didit_test::MockClient t;
    t.mock.reply(201, kCreated);
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    req.contact_details = didit::ContactDetails{};
    didit::ExpectedDetails e;
    e.gender = nullptr;
    e.company_name = "Tesco PLC";
    req.expected_details = e;
    req.callback_method = didit::CallbackMethod::Initiator;
    req.portrait_image = "aGVsbG8=";
    req.sandbox_scenario = "approve";
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"callback_method":"initiator","contact_details":{},"expected_details":{"company_name":"Tesco PLC",)"
          R"("gender":null},"portrait_image":"aGVsbG8=","sandbox_scenario":"approve","workflow_id":"w"})");
}

TEST_CASE("sessions: create sends metadata as any JSON value") {
    didit_test::MockClient t;
    for (int i = 0; i < 6; ++i) t.mock.reply(201, kCreated);
    didit::SessionCreateRequest req;
    req.workflow_id = "w";

    req.metadata = Json{{"nested", {{"list", {1, "two", nullptr, true}}}}, {"n", 1.5}};
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"metadata":{"n":1.5,"nested":{"list":[1,"two",null,true]}},"workflow_id":"w"})");

    req.metadata = Json("a plain string");
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"metadata":"a plain string","workflow_id":"w"})");

    req.metadata = Json::array({1, 2, 3});
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"metadata":[1,2,3],"workflow_id":"w"})");

    req.metadata = Json(42);
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"metadata":42,"workflow_id":"w"})");

    req.metadata = Json(nullptr);  // set, to null: sent as null
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"metadata":null,"workflow_id":"w"})");

    req.metadata.reset();  // unset: not sent
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"workflow_id":"w"})");
}

TEST_CASE("sessions: create sends non-ASCII text as raw UTF-8") {
    didit_test::MockClient t;
    t.mock.reply(201, kCreated);
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    req.vendor_data = "Espa\xc3\xb1ola \xe2\x82\xac";
    REQUIRE(t.client.sessions().create(req).ok());
    CHECK(t.mock.last_request()->body == "{\"vendor_data\":\"Espa\xc3\xb1ola \xe2\x82\xac\",\"workflow_id\":\"w\"}");
}

TEST_CASE("sessions: create decodes the 201 reply (fixture session-create-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("session-create-response-1.json"));
    auto r = t.client.sessions().create(fixture_request());
    REQUIRE(r.ok());
    const auto& s = r.value();
    CHECK(s.session_id == kSessionId);
    CHECK(s.session_number == std::optional<std::int64_t>(43762));
    CHECK(s.session_token == std::optional<std::string>("3FaJ9wLqX2Mz"));
    CHECK(s.url == std::optional<std::string>("https://verify.didit.me/en/session/3FaJ9wLqX2Mz"));
    REQUIRE(s.vendor_data.has_value());
    CHECK(*s.vendor_data.get() == "user-123");
    REQUIRE(s.metadata.has_value());
    CHECK(*s.metadata == Json{{"user_type", "premium"}, {"account_id", "ABC123"}});
    REQUIRE(s.status.has_value());
    CHECK(*s.status == SessionStatus::NotStarted);
    CHECK(s.status->str() == "Not Started");
    CHECK(s.workflow_id == std::optional<std::string>(kSessionId));
    CHECK(s.workflow_version == std::optional<int>(3));
    REQUIRE(s.callback.has_value());
    CHECK(*s.callback.get() == "https://example.com/verification/callback");
    CHECK_FALSE(s.session_kind.has_value());
    CHECK((s.extra.is_null() || s.extra.empty()));
}

TEST_CASE("sessions: create decodes the KYB reply (fixture session-create-response-kyb-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("session-create-response-kyb-1.json"));
    didit::SessionCreateRequest req;
    req.workflow_id = "33333333-4444-5555-6666-777777777777";
    auto r = t.client.sessions().create(req);
    REQUIRE(r.ok());
    CHECK(r->session_id == "22222222-3333-4444-5555-666666666666");
    CHECK(r->session_number == std::optional<std::int64_t>(43763));
    REQUIRE(r->vendor_data.has_value());
    CHECK(*r->vendor_data.get() == "company-acme-001");
    REQUIRE(r->metadata.has_value());
    CHECK((*r->metadata)["tier"] == "enterprise");
    CHECK(r->workflow_version == std::optional<int>(1));
    REQUIRE(r->status.has_value());
    CHECK(*r->status == SessionStatus::NotStarted);
}

TEST_CASE("sessions: create keeps unknown fields and decodes session_kind and a null vendor_data") {
    didit_test::MockClient t;
    t.mock.reply(201, R"({"session_id":"s","session_kind":"business","vendor_data":null,"metadata":null,)"
                      R"("status":"Awaiting User","brand_new":[1]})");
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    auto r = t.client.sessions().create(req);
    REQUIRE(r.ok());
    REQUIRE(r->session_kind.has_value());
    CHECK(*r->session_kind == didit::SessionKind::Business);
    CHECK(r->vendor_data.is_null());
    CHECK(*r->status == SessionStatus::AwaitingUser);
    CHECK(r->extra["brand_new"] == Json::array({1}));
}

TEST_CASE("sessions: get_decision sends GET /v3/session/{id}/decision/ without a query") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("decision-1.json"));
    auto r = t.client.sessions().get_decision(kSessionId);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/decision/");
    check_api_key_auth(req);
    CHECK(req.body.empty());
    CHECK_FALSE(req.headers.contains("content-type"));
}

TEST_CASE("sessions: get_decision sends include=events as a query string") {
    didit_test::MockClient t;
    t.mock.reply(200, kDecisionMin);
    didit::DecisionQuery q;
    q.include = "events";
    auto r = t.client.sessions().get_decision(kSessionId, q);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url ==
          "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/decision/?include=events");
    check_api_key_auth(req);
    CHECK(req.body.empty());
}

TEST_CASE("sessions: get_decision percent-encodes query values") {
    didit_test::MockClient t;
    t.mock.reply(200, kDecisionMin);
    didit::DecisionQuery q;
    q.include = "events&x=1 y";
    REQUIRE(t.client.sessions().get_decision(kSessionId, q).ok());
    CHECK(t.mock.last_request()->url ==
          "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/decision/"
          "?include=events%26x%3D1%20y");
}

TEST_CASE("sessions: get_decision decodes a KYC decision (fixture decision-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("decision-1.json"));
    auto r = t.client.sessions().get_decision(kSessionId);
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.session_id == kSessionId);
    CHECK(d.session_number == std::optional<std::int64_t>(43762));
    CHECK(d.session_url == std::optional<std::string>("https://verify.didit.me/session/" + kSessionId));
    REQUIRE(d.status.has_value());
    CHECK(*d.status == SessionStatus::InReview);
    REQUIRE(d.session_kind.has_value());
    CHECK(*d.session_kind == didit::SessionKind::User);
    CHECK(d.environment == std::optional<std::string>("live"));
    REQUIRE(d.features.has_value());
    CHECK(d.features->names == std::vector<std::string>{"ID_VERIFICATION", "NFC", "LIVENESS", "FACE_MATCH", "POA",
                                                        "PHONE", "DATABASE_VALIDATION", "AML", "IP_ANALYSIS"});
    REQUIRE(d.vendor_data.has_value());
    CHECK(*d.vendor_data.get() == "11111111-1111-1111-1111-111111111111");
    REQUIRE(d.metadata.has_value());
    CHECK((*d.metadata)["account_id"] == "ABC123");
    REQUIRE(d.expected_details.has_value());
    CHECK((*d.expected_details)["last_name"] == "Espa\xc3\xb1ola Espa\xc3\xb1ola");
    REQUIRE(d.contact_details.has_value());
    CHECK((*d.contact_details)["phone"].is_null());
    REQUIRE(d.callback.has_value());
    CHECK(*d.callback.get() == "https://verify.didit.me/");
    CHECK(d.created_at == std::optional<std::string>("2024-07-24T08:54:25.443172Z"));
    REQUIRE(d.expires_at.has_value());
    CHECK(*d.expires_at.get() == "2025-07-24T08:54:25.443172Z");
    REQUIRE(d.reviews.has_value());
    REQUIRE(d.reviews->is_array());
    REQUIRE_FALSE(d.reviews->empty());
    CHECK((*d.reviews)[0]["new_status"] == "Declined");

    // The per-feature arrays are kept as JSON until they get models.
    for (const char* key : {"id_verifications", "nfc_verifications", "liveness_checks", "face_matches",
                            "phone_verifications", "email_verifications", "poa_verifications", "document_ai_documents",
                            "questionnaire_responses", "aml_screenings", "ip_analyses", "database_validations"}) {
        CAPTURE(key);
        REQUIRE(d.extra.contains(key));
        CHECK(d.extra[key].is_array());
    }
    CHECK(d.extra["id_verifications"][0]["node_id"] == "feature_ocr_1");
    CHECK(d.extra["liveness_checks"][0]["method"] == "ACTIVE_3D");
    CHECK_FALSE(d.extra.contains("session_id"));
    CHECK_FALSE(d.extra.contains("status"));
}

TEST_CASE("sessions: get_decision decodes a KYB decision (fixture decision-kyb-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("decision-kyb-1.json"));
    auto r = t.client.sessions().get_decision("66666666-7777-8888-9999-000000000000");
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.session_id == "66666666-7777-8888-9999-000000000000");
    CHECK(d.session_number == std::optional<std::int64_t>(31415));
    REQUIRE(d.session_kind.has_value());
    CHECK(*d.session_kind == didit::SessionKind::Business);
    REQUIRE(d.status.has_value());
    CHECK(*d.status == SessionStatus::InReview);
    REQUIRE(d.features.has_value());
    CHECK(d.features->names == std::vector<std::string>{"KYB_REGISTRY", "KYB_DOCUMENTS", "KYB_KEY_PEOPLE"});
    CHECK_FALSE(d.metadata.has_value());  // null
    CHECK_FALSE(d.contact_details.has_value());  // null
    REQUIRE(d.expected_details.has_value());
    CHECK((*d.expected_details)["registration_number"] == "00445790");
    REQUIRE(d.reviews.has_value());
    CHECK(d.reviews->is_array());
    CHECK(d.reviews->empty());
    REQUIRE(d.extra.contains("registry_checks"));
    CHECK(d.extra["registry_checks"].is_array());
    CHECK(d.extra["key_people_checks"].is_array());
    CHECK(d.extra["document_verifications"].is_array());
    REQUIRE(d.extra.contains("aml_screenings"));
    CHECK(d.extra["aml_screenings"].is_null());
    CHECK(d.extra["ip_analyses"].is_null());
}

TEST_CASE("sessions: every documented status decodes, an unknown one is kept") {
    const std::vector<std::pair<std::string, SessionStatus::Value>> known = {
        {"Not Started", SessionStatus::NotStarted}, {"In Progress", SessionStatus::InProgress},
        {"Awaiting User", SessionStatus::AwaitingUser}, {"In Review", SessionStatus::InReview},
        {"Approved", SessionStatus::Approved}, {"Declined", SessionStatus::Declined},
        {"Resubmitted", SessionStatus::Resubmitted}, {"Expired", SessionStatus::Expired},
        {"Kyc Expired", SessionStatus::KycExpired}, {"Abandoned", SessionStatus::Abandoned}};
    didit_test::MockClient t;
    for (const auto& k : known) t.mock.reply(200, Json{{"session_id", "s"}, {"status", k.first}}.dump());
    for (const auto& k : known) {
        CAPTURE(k.first);
        auto r = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
        REQUIRE(r.ok());
        REQUIRE(r->status.has_value());
        CHECK(*r->status == k.second);
        CHECK(r->status->is_known());
        CHECK(r->status->str() == k.first);
    }

    t.mock.reply(200, R"({"session_id":"s","status":"Pending Manual Audit","session_kind":"robot"})");
    auto r = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE(r.ok());
    REQUIRE(r->status.has_value());
    CHECK_FALSE(r->status->is_known());
    CHECK(r->status->value() == SessionStatus::Unknown);
    CHECK(r->status->str() == "Pending Manual Audit");
    REQUIRE(r->session_kind.has_value());
    CHECK(r->session_kind->str() == "robot");
}

TEST_CASE("sessions: the include=events feature objects decode to names") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_id":"s","features":[{"feature":"OCR","node_id":"n1"},)"
                      R"({"feature":"EMAIL","node_id":"n2"}],"events":[{"type":"x"}]})");
    auto r = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE(r.ok());
    REQUIRE(r->features.has_value());
    CHECK(r->features->names == std::vector<std::string>{"OCR", "EMAIL"});
    CHECK(r->features->raw[1]["node_id"] == "n2");
    CHECK(r->extra["events"][0]["type"] == "x");
}

TEST_CASE("sessions: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_id":"s","session_number":"43762"})")
        .reply(200, R"({"session_id":"s","features":["OCR",17]})")
        .reply(201, R"({"session_id":"s","workflow_version":2.5})");
    auto a = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().status == 200);
    CHECK(a.error().message.find("session_number: expected integer, got string") != std::string::npos);
    CHECK(a.error().message.find("SessionsGetDecision") != std::string::npos);

    auto b = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK(b.error().message.find("features[1]") != std::string::npos);

    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    auto c = t.client.sessions().create(req);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().status == 201);
    CHECK(c.error().message.find("workflow_version: expected integer, got number") != std::string::npos);
    CHECK_FALSE(didit_test::leaks_secret(c.error().to_string()));
}

TEST_CASE("sessions: a non-UTF-8 string in a request is InvalidArgument and nothing is sent") {
    didit_test::MockClient t;
    t.mock.reply(201, kCreated);
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    req.vendor_data = std::string("user-\x80");
    auto a = t.client.sessions().create(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("vendor_data") != std::string::npos);

    req.vendor_data.reset();
    req.metadata = Json{{"k", std::string("\xed\xa0\x80")}};  // an encoded UTF-16 surrogate
    auto b = t.client.sessions().create(req);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().message.find("metadata.k") != std::string::npos);

    req.metadata.reset();
    didit::ExpectedDetails e;
    e.expected_document_types = std::vector<std::string>{"P", std::string("I\xc0\xaf")};
    req.expected_details = e;
    auto c = t.client.sessions().create(req);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(c.error().message.find("expected_details.expected_document_types[1]") != std::string::npos);

    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("sessions: non-finite metadata numbers and a non-UTF-8 session id are refused before sending") {
    didit_test::MockClient t;
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    req.metadata = Json{{"score", std::numeric_limits<double>::quiet_NaN()}};
    auto a = t.client.sessions().create(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("metadata.score") != std::string::npos);

    auto b = t.client.sessions().get_decision(std::string("\xff"));
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().not_sent);

    auto c = t.client.sessions().get_decision("");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);

    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("sessions: a malformed session_id is refused before sending, not answered by an HTML 404") {
    didit_test::MockClient t;
    t.mock.reply(200, kDecisionMin);
    auto a = t.client.sessions().get_decision("a/b");
    auto b = t.client.sessions().get_decision("11111111-2222-4333-8444-55555555555Z");
    REQUIRE_FALSE(a.ok());
    REQUIRE_FALSE(b.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("session_id") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("sessions: error replies decode into Error and never carry the API key") {
    didit_test::MockClient t;
    t.mock.reply(400, didit_test::fixture("error-400-field-array-1.json"))
        .reply(400, didit_test::fixture("error-400-detail-1.json"))
        .reply(404, didit_test::fixture("error-404-1.json"), didit::Headers{{"X-Request-Id", "req-42"}})
        .reply(429, didit_test::fixture("error-429-1.json"), didit::Headers{{"Retry-After", "30"}});
    didit::SessionCreateRequest req;
    req.workflow_id = "w";

    auto a = t.client.sessions().create(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::BadRequest);
    REQUIRE(a.error().field_errors.size() == 1);
    CHECK(a.error().field_errors[0].field == "workflow_id");
    CHECK(a.error().field_errors[0].message == "This field is required.");

    auto b = t.client.sessions().create(req);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::BadRequest);
    CHECK(b.error().message.find("enough credits") != std::string::npos);

    auto c = t.client.sessions().get_decision(kSessionId);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::NotFound);
    CHECK(c.error().request_id == "req-42");

    auto d = t.client.sessions().get_decision(kSessionId);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::RateLimited);
    REQUIRE(d.error().retry_after.has_value());
    CHECK(d.error().retry_after->count() == 30000);

    for (const auto* r : {&a, &b}) CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
    for (const auto* r : {&c, &d}) CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
}
