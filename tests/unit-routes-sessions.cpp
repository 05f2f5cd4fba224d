// SPDX-License-Identifier: MIT
// Session routes: the exact wire format of all 11 routes and decoding of every reply shape they document.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
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
using didit_test::check_no_body;
using didit_test::kApiKey;
using didit_test::parse;

/// What every session route sends: the API key on the verification host, never a Bearer token.
void check_api_key_auth(const HttpRequest& req) {
    CHECK(req.url.rfind("https://verification.didit.me/v3/", 0) == 0);
    CHECK(req.headers.get("x-api-key") == kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("user-agent").substr(0, 10) == "didit-cpp/");
}

void check_json_body(const HttpRequest& req, const std::string& body) {
    CHECK(req.headers.get("content-type") == "application/json");
    CHECK(req.body == body);
}

/// One attempt only, so error replies are not retried (the retry policy has its own tests).
didit::CallOptions once() {
    didit::CallOptions o;
    o.max_retries = 0;
    return o;
}

const std::string kSessionId = "11111111-2222-3333-4444-555555555555";
const std::string kBase = "https://verification.didit.me";
const std::string kCreated = R"({"session_id":"11111111-2222-3333-4444-555555555555","status":"Not Started"})";
const std::string kDecisionMin = R"({"session_id":"11111111-2222-3333-4444-555555555555"})";
/// A PDF's first bytes, with the binary comment line, a NUL and a 0xFF byte.
const char kPdfRaw[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\0\xff trailer";
const std::string kPdfBytes(kPdfRaw, sizeof(kPdfRaw) - 1);

didit::Headers pdf_headers() { return didit::Headers{{"Content-Type", "application/pdf"}}; }

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

// ---- the route table ----------------------------------------------------------------------

TEST_CASE("sessions: the route table has the 11 routes with OA's methods and paths") {
    namespace ep = didit::endpoints;
    using didit::Auth;
    using didit::Host;
    struct Row {
        std::string_view name;
        Method method;
        std::string_view path;
        Host host;
        Auth auth;
        bool retry_safe;
    };
#define DIDIT_TEST_ROW(E) \
    Row { E::name, E::method, E::path, E::host, E::auth, E::retry_safe }
    const Row rows[] = {
        DIDIT_TEST_ROW(ep::SessionsCreate),       DIDIT_TEST_ROW(ep::SessionsGetDecision),
        DIDIT_TEST_ROW(ep::SessionsList),         DIDIT_TEST_ROW(ep::SessionsDelete),
        DIDIT_TEST_ROW(ep::SessionsBatchDelete),  DIDIT_TEST_ROW(ep::SessionsUpdateStatus),
        DIDIT_TEST_ROW(ep::SessionsGeneratePdf),  DIDIT_TEST_ROW(ep::SessionsShare),
        DIDIT_TEST_ROW(ep::SessionsImportShared), DIDIT_TEST_ROW(ep::SessionsListReviews),
        DIDIT_TEST_ROW(ep::SessionsCreateReview),
    };
#undef DIDIT_TEST_ROW
    const Row expected[] = {
        {"SessionsCreate", Method::Post, "/v3/session/", Host::Verification, Auth::ApiKey, false},
        {"SessionsGetDecision", Method::Get, "/v3/session/{session_id}/decision/", Host::Verification, Auth::ApiKey,
         true},
        {"SessionsList", Method::Get, "/v3/sessions/", Host::Verification, Auth::ApiKey, true},
        {"SessionsDelete", Method::Delete, "/v3/session/{session_id}/delete/", Host::Verification, Auth::ApiKey, true},
        {"SessionsBatchDelete", Method::Post, "/v3/sessions/delete/", Host::Verification, Auth::ApiKey, true},
        {"SessionsUpdateStatus", Method::Patch, "/v3/session/{session_id}/update-status/", Host::Verification,
         Auth::ApiKey, false},
        {"SessionsGeneratePdf", Method::Get, "/v3/session/{session_id}/generate-pdf/", Host::Verification, Auth::ApiKey,
         true},
        {"SessionsShare", Method::Post, "/v3/session/{session_id}/share/", Host::Verification, Auth::ApiKey, true},
        {"SessionsImportShared", Method::Post, "/v3/session/import-shared/", Host::Verification, Auth::ApiKey, false},
        {"SessionsListReviews", Method::Get, "/v3/sessions/{session_id}/reviews/", Host::Verification, Auth::ApiKey,
         true},
        {"SessionsCreateReview", Method::Post, "/v3/sessions/{session_id}/reviews/", Host::Verification, Auth::ApiKey,
         false},
    };
    static_assert(sizeof(rows) / sizeof(rows[0]) == 11, "11 session routes");
    for (std::size_t i = 0; i < 11; ++i) {
        CAPTURE(expected[i].name);
        CHECK(rows[i].name == expected[i].name);
        CHECK(rows[i].method == expected[i].method);
        CHECK(rows[i].path == expected[i].path);
        CHECK(rows[i].host == expected[i].host);
        CHECK(rows[i].auth == expected[i].auth);
        CHECK(rows[i].retry_safe == expected[i].retry_safe);
    }
    // Session ids are UUID path parameters, checked before sending.
    static_assert(didit::SessionPath::uuid_params, "session ids are UUIDs");
    // PDF generation: its own default time limit and rate bucket.
    static_assert(didit::detail::route_timeout<ep::SessionsGeneratePdf>() == std::chrono::milliseconds(120000), "");
    static_assert(didit::detail::route_timeout<ep::SessionsGetDecision>() == std::chrono::milliseconds(0), "");
    static_assert(didit::detail::route_rate_bucket<ep::SessionsGeneratePdf>::value == "pdf", "");
    static_assert(didit::detail::route_rate_bucket<ep::SessionsCreate>::value == "session-create", "");
    static_assert(didit::detail::route_rate_bucket<ep::SessionsList>::value.empty(), "");
    static_assert(didit::detail::endpoint_path_ok<ep::SessionsGeneratePdf>(), "");
}

// ---- create ---------------------------------------------------------------------------

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

// ---- get decision -----------------------------------------------------------------------

TEST_CASE("sessions: get_decision sends GET /v3/session/{id}/decision/ without a query") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("decision-1.json"));
    auto r = t.client.sessions().get_decision(kSessionId);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/decision/");
    check_api_key_auth(req);
    CHECK(req.headers.get("accept") == "application/json");
    check_no_body(req);
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
    check_no_body(req);
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
    REQUIRE(d.status.has_value());
    CHECK(*d.status == SessionStatus::InReview);
    REQUIRE(d.session_kind.has_value());
    CHECK(*d.session_kind == didit::SessionKind::User);
    REQUIRE(d.expected_details.has_value());
    CHECK(d.expected_details->last_name == std::optional<std::string>("Espa\xc3\xb1ola Espa\xc3\xb1ola"));
    REQUIRE(d.contact_details.has_value());
    CHECK_FALSE(d.contact_details->phone.has_value());  // null
    REQUIRE(d.id_verifications.has_value());
    CHECK(d.id_verifications->at(0).node_id == std::optional<std::string>("feature_ocr_1"));
    REQUIRE(d.liveness_checks.has_value());
    CHECK(d.liveness_checks->at(0).method == std::optional<std::string>("ACTIVE_3D"));
    REQUIRE(d.reviews.has_value());
    REQUIRE_FALSE(d.reviews->empty());
    CHECK(d.reviews->at(0).new_status == std::optional<SessionStatus>(SessionStatus::Declined));
    // Every key of the payload is modelled: nothing left over at the top level.
    CHECK((d.extra.is_null() || d.extra.empty()));
    // (unit-decision.cpp checks the decision model field by field.)
}

TEST_CASE("sessions: get_decision decodes a KYB decision (fixture decision-kyb-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("decision-kyb-1.json"));
    auto r = t.client.sessions().get_decision("66666666-7777-8888-9999-000000000000");
    REQUIRE(r.ok());
    const auto& d = r.value();
    CHECK(d.session_id == "66666666-7777-8888-9999-000000000000");
    REQUIRE(d.session_kind.has_value());
    CHECK(*d.session_kind == didit::SessionKind::Business);
    REQUIRE(d.registry_checks.has_value());
    REQUIRE(d.key_people_checks.has_value());
    REQUIRE(d.document_verifications.has_value());
    CHECK_FALSE(d.aml_screenings.has_value());    // null: not run
    CHECK_FALSE(d.id_verifications.has_value());  // absent: a KYC feature
    CHECK_FALSE(d.contact_details.has_value());   // null
    REQUIRE(d.expected_details.has_value());
    CHECK(d.expected_details->registration_number == std::optional<std::string>("00445790"));
}

TEST_CASE("sessions: every documented status decodes, an unknown one is kept") {
    const std::vector<std::pair<std::string, SessionStatus::Value>> known = {
        {"Not Started", SessionStatus::NotStarted},     {"In Progress", SessionStatus::InProgress},
        {"Awaiting User", SessionStatus::AwaitingUser}, {"In Review", SessionStatus::InReview},
        {"Approved", SessionStatus::Approved},          {"Declined", SessionStatus::Declined},
        {"Resubmitted", SessionStatus::Resubmitted},    {"Expired", SessionStatus::Expired},
        {"Kyc Expired", SessionStatus::KycExpired},     {"Abandoned", SessionStatus::Abandoned}};
    CHECK(SessionStatus::table().size() == 10);
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
                      R"({"feature":"EMAIL","node_id":"n2"}],"events":[{"type":"x"}],"blocklisted":false})");
    auto r = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE(r.ok());
    REQUIRE(r->features.has_value());
    CHECK(r->features->names == std::vector<std::string>{"OCR", "EMAIL"});
    CHECK(r->features->raw[1]["node_id"] == "n2");
    REQUIRE(r->events.has_value());
    CHECK((*r->events)[0]["type"] == "x");
    CHECK(r->extra["blocklisted"] == false);
}

TEST_CASE("sessions: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_id":"s","session_number":"43762"})")
        .reply(200, R"({"session_id":"s","features":["OCR",17]})")
        .reply(201, R"({"session_id":"s","workflow_version":2.5})")
        .reply(200, R"({"session_id":"s","liveness_checks":[{"score":"high"}]})");
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

    auto d = t.client.sessions().get_decision("11111111-2222-4333-8444-555555555555");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.find("liveness_checks[0].score: expected number, got string") != std::string::npos);
}

// ---- list ------------------------------------------------------------------------------------

TEST_CASE("sessions: list sends GET /v3/sessions/ with no query when no filter is set") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("sessions-list-1.json"));
    auto r = t.client.sessions().list();
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/sessions/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("sessions: list sends every filter, lists comma-joined, values percent-encoded") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("sessions-list-1.json"));
    didit::SessionsListQuery q;
    q.session_kind = didit::SessionListKind::All;
    q.limit = 20;
    q.offset = 40;
    q.status =
        std::vector<SessionStatus>{SessionStatus::Approved, SessionStatus::InReview, SessionStatus("Some New Status")};
    q.vendor_data = "user 42/a&b=c";
    q.search = "jane@example.com";
    q.workflow_id =
        std::vector<std::string>{"aaaaaaaa-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-000000000002"};
    q.date_from = "2026-06-01";
    q.date_to = "2026-06-30";
    q.country = std::vector<std::string>{"ESP", "USA"};
    q.document_type = std::vector<std::string>{"P", "ID"};
    q.document_name = std::vector<std::string>{"Spain - Passport", "Spain, Kingdom of"};  // a comma in a value
    q.region = std::vector<std::string>{"CA"};
    q.didit_internal_id = "d9e78474-6c8d-4f2a-bb90-6f5c2f3a1147";
    q.session_type = std::vector<std::string>{"API", "HOSTED"};
    q.api_service = "AML";
    q.screened_full_name = "Jos\xc3\xa9 P\xc3\xa9rez";
    q.warning = std::vector<std::string>{"POSSIBLE_FRAUD"};
    q.status_initialized_as_in_review = true;
    q.is_kyc_to_be_reviewed = false;
    q.euuid = "e0000000-0000-4000-8000-000000000000";
    q.organization_name = std::vector<std::string>{"Acme"};
    q.extra = Json{{"brand_new_filter", "x y"}};
    REQUIRE(t.client.sessions().list(q).ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    check_no_body(req);
    // Keys are sorted; list values are joined with a literal comma, a comma inside a value is %2C.
    CHECK(req.url ==
          "https://verification.didit.me/v3/sessions/"
          "?api_service=AML"
          "&brand_new_filter=x%20y"
          "&country=ESP,USA"
          "&date_from=2026-06-01"
          "&date_to=2026-06-30"
          "&didit_internal_id=d9e78474-6c8d-4f2a-bb90-6f5c2f3a1147"
          "&document_name=Spain%20-%20Passport,Spain%2C%20Kingdom%20of"
          "&document_type=P,ID"
          "&euuid=e0000000-0000-4000-8000-000000000000"
          "&is_kyc_to_be_reviewed=false"
          "&limit=20"
          "&offset=40"
          "&organization_name=Acme"
          "&region=CA"
          "&screened_full_name=Jos%C3%A9%20P%C3%A9rez"
          "&search=jane%40example.com"
          "&session_kind=all"
          "&session_type=API,HOSTED"
          "&status=Approved,In%20Review,Some%20New%20Status"
          "&status_initialized_as_in_review=true"
          "&vendor_data=user%2042%2Fa%26b%3Dc"
          "&warning=POSSIBLE_FRAUD"
          "&workflow_id=aaaaaaaa-0000-4000-8000-000000000001,aaaaaaaa-0000-4000-8000-000000000002");
}

TEST_CASE("sessions: list sends status=Approved,In%20Review for two statuses") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("sessions-list-1.json"));
    didit::SessionsListQuery q;
    q.status = std::vector<SessionStatus>{SessionStatus::Approved, SessionStatus::InReview};
    REQUIRE(t.client.sessions().list(q).ok());
    CHECK(t.mock.last_request()->url == "https://verification.didit.me/v3/sessions/?status=Approved,In%20Review");
}

TEST_CASE("sessions: list decodes KYC rows (fixture sessions-list-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("sessions-list-1.json"));
    auto r = t.client.sessions().list();
    REQUIRE(r.ok());
    const auto& page = r.value();
    CHECK(page.count == std::optional<std::int64_t>(2));
    CHECK(page.next.is_null());
    CHECK(page.previous.is_null());
    CHECK_FALSE(page.has_next());
    REQUIRE(page.results.size() == 2);

    const auto& a = page.results[0];
    CHECK(a.session_id == "5b3720ed-d429-42ef-b67f-37ea805f48ee");
    CHECK(a.session_kind == std::optional<didit::SessionKind>(didit::SessionKind::User));
    CHECK(a.session_number == std::optional<std::int64_t>(720));
    CHECK(a.session_url == std::optional<std::string>("https://verify.didit.me/session/CuXoBYCYVO5Y"));
    REQUIRE(a.portrait_image.has_value());
    CHECK(a.portrait_image->find("X-Amz-Expires=3600") != std::string::npos);
    CHECK(a.document_type == std::optional<std::string>("Passport"));
    CHECK(a.full_name == std::optional<std::string>("Jane Marie Doe"));
    CHECK(a.country == std::optional<std::string>("ESP"));
    CHECK(a.status == std::optional<SessionStatus>(SessionStatus::Approved));
    REQUIRE(a.vendor_data.has_value());
    CHECK(*a.vendor_data.get() == "your-user-id-123");
    CHECK(a.didit_internal_id == std::optional<std::string>("d9e78474-6c8d-4f2a-bb90-6f5c2f3a1147"));
    CHECK(a.created_at == std::optional<std::string>("2026-06-09T12:26:54.328364Z"));
    REQUIRE(a.features.has_value());
    REQUIRE(a.features->size() == 5);
    CHECK(a.features->at(1).feature == std::optional<std::string>("LIVENESS"));
    CHECK(a.features->at(1).status == std::optional<didit::FeatureStatus>(didit::FeatureStatus::Approved));
    REQUIRE(a.phone_number.has_value());
    CHECK(a.phone_number->number == std::optional<std::string>("+14155552671"));
    CHECK(a.phone_number->is_verified == std::optional<bool>(true));
    REQUIRE(a.email_address.has_value());
    CHECK(a.email_address->email == std::optional<std::string>("jane@example.com"));
    REQUIRE(a.additional_details.has_value());
    CHECK((*a.additional_details)["liveness"]["method"] == "PASSIVE");
    CHECK((a.extra.is_null() || a.extra.empty()));

    const auto& b = page.results[1];
    CHECK(b.status == std::optional<SessionStatus>(SessionStatus::NotStarted));
    CHECK_FALSE(b.portrait_image.has_value());
    CHECK_FALSE(b.document_type.has_value());
    CHECK_FALSE(b.full_name.has_value());
    CHECK_FALSE(b.phone_number.has_value());
    CHECK_FALSE(b.email_address.has_value());
    CHECK_FALSE(b.additional_details.has_value());
    CHECK(b.features->at(0).status == std::optional<didit::FeatureStatus>(didit::FeatureStatus::NotFinished));
}

TEST_CASE("sessions: list decodes a mixed KYC + KYB page (fixture sessions-list-2)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("sessions-list-2.json"));
    didit::SessionsListQuery q;
    q.session_kind = didit::SessionListKind::All;
    auto r = t.client.sessions().list(q);
    REQUIRE(r.ok());
    REQUIRE(r->results.size() == 2);
    const auto& kyc = r->results[0];
    CHECK(kyc.session_kind == std::optional<didit::SessionKind>(didit::SessionKind::User));
    CHECK(kyc.status == std::optional<SessionStatus>(SessionStatus::InReview));
    CHECK(kyc.features->at(0).status == std::optional<didit::FeatureStatus>(didit::FeatureStatus::InReview));
    const auto& kyb = r->results[1];
    CHECK(kyb.session_id == "8a1f63c2-1b9e-4f3a-9c41-2f6a1f0b7d52");
    CHECK(kyb.session_kind == std::optional<didit::SessionKind>(didit::SessionKind::Business));
    CHECK(kyb.session_number == std::optional<std::int64_t>(42));
    CHECK(kyb.status == std::optional<SessionStatus>(SessionStatus::Approved));
    CHECK(kyb.workflow_id == std::optional<std::string>("9f9b1234-aaaa-bbbb-cccc-1234567890ab"));
    CHECK(kyb.workflow_type == std::optional<std::string>("kyb"));
    CHECK(kyb.workflow_label == std::optional<std::string>("Standard KYB"));
    CHECK(kyb.company_name == std::optional<std::string>("Acme Holdings S.L."));
    CHECK(kyb.registration_number == std::optional<std::string>("B12345678"));
    CHECK(kyb.country == std::optional<std::string>("ES"));
    CHECK_FALSE(kyb.features.has_value());
    CHECK_FALSE(kyb.session_url.has_value());
}

TEST_CASE("sessions: list decodes a bare array and keeps unknown row and envelope keys") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"session_id":"s1","status":"Approved","risk_score":7},{"session_id":"s2"}])")
        .reply(200, R"({"count":500,"next":"https://verification.didit.me/v3/sessions/?limit=1&offset=1",)"
                    R"("previous":null,"results":[{"session_id":"s1"}],"took_ms":3})");
    auto a = t.client.sessions().list();
    REQUIRE(a.ok());
    REQUIRE(a->results.size() == 2);
    CHECK_FALSE(a->has_next());
    CHECK_FALSE(a->count.has_value());
    CHECK(a->results[0].extra["risk_score"] == 7);
    auto b = t.client.sessions().list();
    REQUIRE(b.ok());
    CHECK(b->has_next());
    CHECK(b->count == std::optional<std::int64_t>(500));
    CHECK(b->extra["took_ms"] == 3);
}

TEST_CASE("sessions: a malformed date filter comes back as a field error") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"date_from":["Enter a valid date."]})");
    didit::SessionsListQuery q;
    q.date_from = "June 1st";
    auto r = t.client.sessions().list(q);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    REQUIRE(r.error().field_errors.size() == 1);
    CHECK(r.error().field_errors[0].field == "date_from");
    CHECK(t.mock.last_request()->url == "https://verification.didit.me/v3/sessions/?date_from=June%201st");
}

// ---- delete ---------------------------------------------------------------------------

TEST_CASE("sessions: remove sends DELETE /v3/session/{id}/delete/ and accepts 204 with no body (OA)") {
    didit_test::MockClient t;
    t.mock.reply(204, "", didit::Headers{{"Content-Type", ""}});
    auto r = t.client.sessions().remove(kSessionId);
    REQUIRE(r.ok());
    CHECK_FALSE(r->has_value());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Delete);
    CHECK(req.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/delete/");
    check_api_key_auth(req);
    // No option set: no body at all (an empty DELETE body is left out).
    CHECK(req.body.empty());
    CHECK_FALSE(req.headers.contains("content-type"));
}

TEST_CASE("sessions: remove sends the retention options as set and decodes the 200 reply (DIGEST)") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_id":"11111111-2222-3333-4444-555555555555","session_number":43762,)"
                      R"("face_retention_outcome":"retained","biometric_template_uuid":null,"new_key":1})");
    didit::SessionDeleteRequest req;
    req.retain_face_embeddings = true;
    req.face_retention_days = 30;
    req.deletion_instruction = didit::DeletionInstruction::PrivacyErasure;
    req.instruction_id = "ticket-7";
    auto r = t.client.sessions().remove(kSessionId, req);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    const auto& res = **r;
    CHECK(res.session_id == std::optional<std::string>(kSessionId));
    CHECK(res.session_number == std::optional<std::int64_t>(43762));
    CHECK(res.face_retention_outcome == std::optional<std::string>("retained"));
    CHECK(res.biometric_template_uuid.is_null());
    CHECK(res.extra["new_key"] == 1);
    check_json_body(*t.mock.last_request(), R"({"deletion_instruction":"privacy_erasure","face_retention_days":30,)"
                                            R"("instruction_id":"ticket-7","retain_face_embeddings":true})");
}

TEST_CASE("sessions: remove accepts 200 with an empty body and a whitespace body") {
    didit_test::MockClient t;
    t.mock.reply(200, "").reply(200, " \n");
    for (int i = 0; i < 2; ++i) {
        auto r = t.client.sessions().remove(kSessionId);
        REQUIRE(r.ok());
        CHECK_FALSE(r->has_value());
    }
}

TEST_CASE("sessions: a second remove is NotFound with Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(204, "").reply(404, didit_test::fixture("error-404-1.json"));
    REQUIRE(t.client.sessions().remove(kSessionId).ok());
    auto r = t.client.sessions().remove(kSessionId);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::NotFound);
    CHECK(r.error().status == 404);
    CHECK_FALSE(r.error().message.empty());
}

TEST_CASE("sessions: a remove reply of the wrong shape is a Decode error") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_number":"one"})").reply(200, "[1]");
    auto a = t.client.sessions().remove(kSessionId);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().message.find("session_number") != std::string::npos);
    auto b = t.client.sessions().remove(kSessionId);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
}

// ---- batch delete -----------------------------------------------------------------------

TEST_CASE("sessions: remove_many sends POST /v3/sessions/delete/ with session numbers as strings") {
    didit_test::MockClient t;
    t.mock.reply(204, "");
    auto req = didit::SessionsBatchDeleteRequest::numbers({1001, 1002, 43762});
    auto r = t.client.sessions().remove_many(req);
    REQUIRE(r.ok());
    CHECK_FALSE(r->has_value());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/sessions/delete/");
    check_api_key_auth(sent);
    check_json_body(sent, R"({"session_numbers":["1001","1002","43762"]})");
}

TEST_CASE("sessions: remove_many sends delete_all alone, and decodes the 200 results (DIGEST)") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"results":[{"session_id":"a","session_number":1001,"face_retention_outcome":"deleted",)"
                      R"("biometric_template_uuid":null},{"session_id":"b","session_number":1002,)"
                      R"("face_retention_outcome":"failed_retryable"}]})");
    didit::SessionsBatchDeleteRequest req;
    req.delete_all = true;
    auto r = t.client.sessions().remove_many(req);
    REQUIRE(r.ok());
    check_json_body(*t.mock.last_request(), R"({"delete_all":true})");
    REQUIRE(r->has_value());
    REQUIRE((*r)->results.has_value());
    const auto& results = *(*r)->results;
    REQUIRE(results.size() == 2);
    CHECK(results[0].session_number == std::optional<std::int64_t>(1001));
    CHECK(results[1].face_retention_outcome == std::optional<std::string>("failed_retryable"));
    CHECK(results[1].biometric_template_uuid.is_absent());
}

TEST_CASE("sessions: remove_many reports the server's field errors") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"session_numbers":["All session_numbers must be numeric."]})");
    didit::SessionsBatchDeleteRequest req;
    req.session_numbers = std::vector<std::string>{"12a"};
    auto r = t.client.sessions().remove_many(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    REQUIRE(r.error().field_errors.size() == 1);
    CHECK(r.error().field_errors[0].field == "session_numbers");
    check_json_body(*t.mock.last_request(), R"({"session_numbers":["12a"]})");
}

// ---- update status ----------------------------------------------------------------------

TEST_CASE("sessions: update_status sends PATCH with exactly the fields set") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("session-update-status-response-1.json"))
        .reply(200, didit_test::fixture("session-update-status-response-1.json"));
    didit::SessionUpdateStatusRequest req;
    req.new_status = didit::SessionStatusChange::Resubmitted;
    req.comment = "Blurry document";
    req.nodes_to_resubmit =
        std::vector<didit::NodeToResubmit>{{"feature_ocr", "OCR"}, {"feature_liveness", "LIVENESS"}};
    req.send_email = true;
    req.email_address = "user@example.com";
    req.email_language = "es";
    auto r = t.client.sessions().update_status(kSessionId, req);
    REQUIRE(r.ok());
    CHECK(r->session_id == "3472fb7c-8f7c-4d1a-9cf4-cf3d74ce1a60");
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/update-status/");
    check_api_key_auth(sent);
    check_json_body(sent,
                    R"({"comment":"Blurry document","email_address":"user@example.com","email_language":"es",)"
                    R"("new_status":"Resubmitted","nodes_to_resubmit":[{"feature":"OCR","node_id":"feature_ocr"},)"
                    R"({"feature":"LIVENESS","node_id":"feature_liveness"}],"send_email":true})");

    didit::SessionUpdateStatusRequest approve;
    approve.new_status = didit::SessionStatusChange::Approved;
    REQUIRE(t.client.sessions().update_status(kSessionId, approve).ok());
    check_json_body(*t.mock.last_request(), R"({"new_status":"Approved"})");
}

TEST_CASE("sessions: update_status errors: the same-status bare array and nested field errors") {
    didit_test::MockClient t;
    t.mock.reply(400, didit_test::fixture("error-400-bare-array-1.json"))
        .reply(400, didit_test::fixture("error-400-nested-1.json"));
    didit::SessionUpdateStatusRequest req;
    req.new_status = didit::SessionStatusChange::Approved;
    auto a = t.client.sessions().update_status(kSessionId, req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::BadRequest);
    CHECK(a.error().to_string().find("The new status is the same as the current status.") != std::string::npos);

    req.new_status = didit::SessionStatusChange::Resubmitted;
    req.nodes_to_resubmit = std::vector<didit::NodeToResubmit>{{"feature_ocr", "BOGUS"}};
    auto b = t.client.sessions().update_status(kSessionId, req);
    REQUIRE_FALSE(b.ok());
    REQUIRE_FALSE(b.error().field_errors.empty());
    CHECK(b.error().field_errors[0].field == "nodes_to_resubmit[0].feature");
}

TEST_CASE("sessions: update_status sends only Approved, Declined or Resubmitted; anything else is refused unsent") {
    didit_test::MockClient t;
    // The type offers exactly the three values the API accepts.
    CHECK(didit::SessionStatusChange::table().size() == 3);
    CHECK(didit::SessionStatusChange(std::string_view("Declined")) == didit::SessionStatusChange::Declined);

    didit::SessionUpdateStatusRequest req;
    for (const char* other : {"In Review", "approved", "Not Started", ""}) {
        INFO("new_status " << other);
        req.new_status = didit::SessionStatusChange(std::string_view(other));
        CHECK_FALSE(req.new_status->is_known());
        auto r = t.client.sessions().update_status(kSessionId, req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        CHECK(r.error().message.find("new_status") != std::string::npos);
        CHECK(r.error().message.find("Approved, Declined, Resubmitted") != std::string::npos);
    }
    req.new_status = didit::SessionStatusChange{};  // Unknown, never set
    auto unset = t.client.sessions().update_status(kSessionId, req);
    REQUIRE_FALSE(unset.ok());
    CHECK(unset.error().kind == ErrorKind::InvalidArgument);
    CHECK(unset.error().message.find("no value") != std::string::npos);
    CHECK(t.mock.requests().empty());  // nothing was sent

    // A long value is quoted only in part.
    req.new_status = didit::SessionStatusChange(std::string(1000, 'x'));
    auto long_value = t.client.sessions().update_status(kSessionId, req);
    REQUIRE_FALSE(long_value.ok());
    CHECK(long_value.error().message.size() < 300);

    // Another value goes only through `extra`, as the caller wrote it.
    t.mock.reply(400,
                 R"({"new_status":["You can only update the status to 'Approved', 'Declined', or 'Resubmitted'."]})");
    req.new_status.reset();
    req.extra = didit::Json{{"new_status", "In Review"}};
    auto via_extra = t.client.sessions().update_status(kSessionId, req);
    REQUIRE_FALSE(via_extra.ok());
    CHECK(via_extra.error().kind == ErrorKind::BadRequest);
    check_json_body(*t.mock.last_request(), R"({"new_status":"In Review"})");

    // Decoding stays open (what is received is never lost), so a decoded value outside the list
    // is kept, and refused only if it is sent.
    auto decoded = didit::decode_json<didit::SessionUpdateStatusRequest>(didit::Json{{"new_status", "Approved"}});
    REQUIRE(decoded.ok());
    CHECK(decoded->new_status == didit::SessionStatusChange::Approved);
    auto other = didit::decode_json<didit::SessionUpdateStatusRequest>(didit::Json{{"new_status", "In Review"}});
    REQUIRE(other.ok());
    CHECK_FALSE(other->new_status->is_known());
    CHECK(other->new_status->str() == "In Review");
    auto resend = t.client.sessions().update_status(kSessionId, *other);
    REQUIRE_FALSE(resend.ok());
    CHECK(resend.error().kind == ErrorKind::InvalidArgument);
}

// ---- generate PDF -----------------------------------------------------------------------

TEST_CASE("sessions: generate_pdf sends GET …/generate-pdf/ (with the slash) and returns the bytes") {
    didit_test::MockClient t;
    t.mock.reply(200, kPdfBytes, pdf_headers());
    auto r = t.client.sessions().generate_pdf(kSessionId);
    REQUIRE(r.ok());
    CHECK(r->bytes == kPdfBytes);
    CHECK(r->bytes.size() == sizeof(kPdfRaw) - 1);
    CHECK(r->bytes[35] == '\0');
    CHECK(r->content_type == "application/pdf");
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/generate-pdf/");
    check_api_key_auth(req);
    check_no_body(req);
    CHECK(req.headers.get("accept") == "application/pdf, application/json");
    // The route's own default time limit, longer than the client's 60 s.
    CHECK(req.timeout == std::chrono::milliseconds(120000));
}

TEST_CASE("sessions: generate_pdf honours the call's timeout and Accept header") {
    didit_test::MockClient t;
    t.mock.reply(200, kPdfBytes, pdf_headers());
    didit::CallOptions o;
    o.timeout = std::chrono::milliseconds(5000);
    o.headers.set("Accept", "application/pdf");
    REQUIRE(t.client.sessions().generate_pdf(kSessionId, o).ok());
    auto req = *t.mock.last_request();
    CHECK(req.timeout == std::chrono::milliseconds(5000));
    CHECK(req.headers.get("accept") == "application/pdf");
}

TEST_CASE("sessions: generate_pdf accepts a PDF by content type parameters or by its magic bytes") {
    didit_test::MockClient t;
    t.mock.reply(200, kPdfBytes, didit::Headers{{"Content-Type", "Application/PDF; charset=binary"}})
        .reply(200, kPdfBytes, didit::Headers{{"Content-Type", "application/octet-stream"}})
        .reply(200, "%PDF-1.4 tiny", didit::Headers{{"Content-Type", ""}});
    for (int i = 0; i < 3; ++i) {
        CAPTURE(i);
        auto r = t.client.sessions().generate_pdf(kSessionId);
        REQUIRE(r.ok());
        CHECK(r->bytes.substr(0, 4) == "%PDF");
    }
}

TEST_CASE("sessions: generate_pdf: a JSON body on 200 is a Decode error carrying Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"detail":"PDF rendering is temporarily disabled.","code":"pdf_disabled"})");
    auto r = t.client.sessions().generate_pdf(kSessionId);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().status == 200);
    CHECK(r.error().message.find("PDF rendering is temporarily disabled.") != std::string::npos);
    CHECK(r.error().message.find("instead of a PDF") != std::string::npos);
    CHECK(r.error().code == "pdf_disabled");
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

TEST_CASE("sessions: generate_pdf: a wrong content type or an empty body is a Decode error") {
    didit_test::MockClient t;
    t.mock.reply(200, "<html>maintenance</html>", didit::Headers{{"Content-Type", "text/html"}})
        .reply(200, "", pdf_headers());
    auto a = t.client.sessions().generate_pdf(kSessionId);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().message.find("text/html") != std::string::npos);
    CHECK(a.error().message.find("24 bytes") != std::string::npos);
    CHECK(a.error().raw_body.empty());
    auto b = t.client.sessions().generate_pdf(kSessionId);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK(b.error().message.find("empty body") != std::string::npos);
}

TEST_CASE("sessions: generate_pdf: the 403 for an unfinished session is a Permission error with the detail") {
    didit_test::MockClient t;
    t.mock.reply(
        403, R"({"detail":"You can only generate a PDF for sessions in review, declined, approved or kyc expired"})");
    auto r = t.client.sessions().generate_pdf(kSessionId);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Permission);
    CHECK(r.error().status == 403);
    CHECK(r.error().message.find("You can only generate a PDF") != std::string::npos);
}

TEST_CASE("sessions: the PDF route also works through call<> directly") {
    didit_test::MockClient t;
    t.mock.reply(200, kPdfBytes, pdf_headers());
    auto r = t.client.call<didit::endpoints::SessionsGeneratePdf>(didit::SessionPath{kSessionId});
    REQUIRE(r.ok());
    CHECK(r->bytes == kPdfBytes);
    CHECK(t.mock.last_request()->timeout == std::chrono::milliseconds(120000));
}

// ---- share and import -------------------------------------------------------------------

TEST_CASE("sessions: share sends POST …/share/ with the target application and decodes the token") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("session-share-response-1.json"));
    didit::SessionShareRequest req;
    req.for_application_id = "a5f3bca2-46e2-411e-90ef-a580900a57ee";
    req.ttl_in_seconds = 3600;
    auto r = t.client.sessions().share(kSessionId, req);
    REQUIRE(r.ok());
    CHECK(r->share_token.rfind("eyJhbGciOiJIUzI1NiIs", 0) == 0);
    CHECK(r->for_application_id == std::optional<std::string>("a5f3bca2-46e2-411e-90ef-a580900a57ee"));
    CHECK(r->session_kind == std::optional<didit::SessionKind>(didit::SessionKind::User));
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/session/11111111-2222-3333-4444-555555555555/share/");
    check_api_key_auth(sent);
    check_json_body(sent, R"({"for_application_id":"a5f3bca2-46e2-411e-90ef-a580900a57ee","ttl_in_seconds":3600})");
}

TEST_CASE("sessions: share in the skill document's form sends {} and the not-finished error decodes") {
    didit_test::MockClient t;
    t.mock.reply(400, didit_test::fixture("error-400-detail-array-1.json"));
    auto r = t.client.sessions().share(kSessionId, didit::SessionShareRequest{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    CHECK(r.error().message.find("Only finished sessions") != std::string::npos);
    check_json_body(*t.mock.last_request(), "{}");
}

TEST_CASE("sessions: import_shared sends POST /v3/session/import-shared/ and decodes the cloned decision") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("session-import-shared-response-1.json"));
    didit::SessionImportSharedRequest req;
    req.share_token = "eyJ.token.sig";
    req.trust_review = true;
    req.workflow_id = "9f9b1234-aaaa-bbbb-cccc-1234567890ab";
    req.vendor_data = "user-1";
    auto r = t.client.sessions().import_shared(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/session/import-shared/");
    check_api_key_auth(sent);
    check_json_body(sent, R"({"share_token":"eyJ.token.sig","trust_review":true,"vendor_data":"user-1",)"
                          R"("workflow_id":"9f9b1234-aaaa-bbbb-cccc-1234567890ab"})");
    const auto& d = r.value();
    CHECK(d.session_id == kSessionId);
    CHECK(d.session_number == std::optional<std::int64_t>(43762));
    CHECK_FALSE(d.session_url.has_value());  // null
    CHECK(d.status == std::optional<SessionStatus>(SessionStatus::InReview));
    CHECK_FALSE(d.session_kind.has_value());  // V2-style KYC payload: no session_kind
    REQUIRE(d.expires_at.has_value());
    CHECK(*d.expires_at.get() == "2026-05-24T08:42:11Z");
}

TEST_CASE("sessions: import_shared always sends trust_review, vendor_data only when set (null when nulled)") {
    didit_test::MockClient t;
    t.mock.reply(201, kDecisionMin).reply(201, kDecisionMin);
    didit::SessionImportSharedRequest req;
    req.share_token = "t";
    req.workflow_id = "w";
    REQUIRE(t.client.sessions().import_shared(req).ok());
    check_json_body(*t.mock.last_request(), R"({"share_token":"t","trust_review":false,"workflow_id":"w"})");
    req.vendor_data = nullptr;
    REQUIRE(t.client.sessions().import_shared(req).ok());
    check_json_body(*t.mock.last_request(),
                    R"({"share_token":"t","trust_review":false,"vendor_data":null,"workflow_id":"w"})");
}

TEST_CASE("sessions: import_shared decodes a KYB clone and the V2 and DIGEST extras") {
    didit_test::MockClient t;
    t.mock
        .reply(201, R"({"session_id":"22222222-3333-4444-5555-666666666666","session_kind":"business",)"
                    R"("session_number":982,"session_url":null,"status":"Approved","registry_checks":null})")
        .reply(201, R"({"session_id":"s","id_verification":{"status":"Approved"},"liveness":{"score":90},)"
                    R"("shared_from_session":{"session_id":"x","application_id":"y"}})");
    didit::SessionImportSharedRequest req;
    req.share_token = "t";
    req.workflow_id = "w";
    auto a = t.client.sessions().import_shared(req);
    REQUIRE(a.ok());
    CHECK(a->session_kind == std::optional<didit::SessionKind>(didit::SessionKind::Business));
    CHECK(a->status == std::optional<SessionStatus>(SessionStatus::Approved));
    CHECK_FALSE(a->registry_checks.has_value());
    auto b = t.client.sessions().import_shared(req);
    REQUIRE(b.ok());
    CHECK(b->extra["id_verification"]["status"] == "Approved");
    CHECK(b->extra["liveness"]["score"] == 90);
    REQUIRE(b->shared_from_session.has_value());
    CHECK((*b->shared_from_session)["application_id"] == "y");
}

TEST_CASE("sessions: import_shared errors: already imported (403) and an expired token (400)") {
    didit_test::MockClient t;
    t.mock.reply(403, R"({"detail":"This session has already been shared with your application."})")
        .reply(400, R"({"share_token":["Share token has expired."]})");
    didit::SessionImportSharedRequest req;
    req.share_token = "t";
    req.workflow_id = "w";
    auto a = t.client.sessions().import_shared(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Permission);
    CHECK(a.error().message.find("already been shared") != std::string::npos);
    auto b = t.client.sessions().import_shared(req);
    REQUIRE_FALSE(b.ok());
    REQUIRE(b.error().field_errors.size() == 1);
    CHECK(b.error().field_errors[0].field == "share_token");
}

// ---- reviews ---------------------------------------------------------------------------

TEST_CASE("sessions: list_reviews sends GET /v3/sessions/{id}/reviews/ and decodes the envelope (OA)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("session-reviews-list-1.json"));
    auto r = t.client.sessions().list_reviews(kSessionId);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/sessions/11111111-2222-3333-4444-555555555555/reviews/");
    check_api_key_auth(req);
    check_no_body(req);

    CHECK(r->count == std::optional<std::int64_t>(3));
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 3);
    const auto& a = r->results[0];
    CHECK(a.uuid == std::optional<std::string>("de0561bc-5583-4409-9171-1a31a4c8a5f4"));
    CHECK(a.activity_type == std::optional<didit::ReviewActivityType>(didit::ReviewActivityType::StatusUpdated));
    CHECK(a.actor_display == std::optional<std::string>("API Client"));
    CHECK_FALSE(a.actor_email.has_value());
    CHECK(a.actor_type == std::optional<didit::ReviewActorType>(didit::ReviewActorType::ApiKey));
    CHECK(a.new_status == std::optional<SessionStatus>(SessionStatus::Approved));
    CHECK(a.previous_status == std::optional<SessionStatus>(SessionStatus::InReview));
    CHECK(a.comment == std::optional<std::string>("Document re-checked manually; address matches."));
    CHECK(a.mentioned_emails == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
    REQUIRE(a.previous_value.has_value());
    CHECK((*a.previous_value)["status"] == "In Review");
    CHECK(a.changed_fields == std::optional<std::vector<std::string>>(std::vector<std::string>{"status"}));
    CHECK_FALSE(a.metadata.has_value());
    CHECK(a.created_at == std::optional<std::string>("2026-06-12T00:19:31.918735Z"));
    CHECK_FALSE(a.id.has_value());
    CHECK((a.extra.is_null() || a.extra.empty()));
    const auto& b = r->results[1];
    CHECK(b.actor_type == std::optional<didit::ReviewActorType>(didit::ReviewActorType::ConsoleUser));
    CHECK_FALSE(b.new_status.has_value());
    CHECK_FALSE(b.previous_value.has_value());
}

TEST_CASE("sessions: list_reviews sends limit, offset and ordering; a page with next; an empty feed") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("session-reviews-list-2.json"))
        .reply(200, didit_test::fixture("session-reviews-list-empty-1.json"));
    didit::SessionReviewsQuery q;
    q.limit = 2;
    q.offset = 0;
    q.ordering = "-created_at";
    auto a = t.client.sessions().list_reviews("8c2f3a14-7e9b-4d23-9e83-3f7d5e8a1c6d", q);
    REQUIRE(a.ok());
    CHECK(t.mock.last_request()->url ==
          "https://verification.didit.me/v3/sessions/8c2f3a14-7e9b-4d23-9e83-3f7d5e8a1c6d"
          "/reviews/?limit=2&offset=0&ordering=-created_at");
    CHECK(a->has_next());
    CHECK(a->count == std::optional<std::int64_t>(4));
    REQUIRE(a->results.size() == 2);
    CHECK_FALSE(a->results[1].comment.has_value());
    auto b = t.client.sessions().list_reviews(kSessionId);
    REQUIRE(b.ok());
    CHECK(b->count == std::optional<std::int64_t>(0));
    CHECK(b->results.empty());
}

TEST_CASE("sessions: list_reviews decodes the skill document's plain array") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"id":1,"action":"status_change","old_status":"In Review","new_status":"Approved",)"
                      R"("note":"Document verified manually","created_at":"2025-06-01T15:00:00Z"}])");
    auto r = t.client.sessions().list_reviews(kSessionId);
    REQUIRE(r.ok());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    const auto& a = r->results[0];
    REQUIRE(a.id.has_value());
    CHECK(*a.id == 1);
    CHECK(a.action == std::optional<std::string>("status_change"));
    CHECK(a.old_status == std::optional<SessionStatus>(SessionStatus::InReview));
    CHECK(a.new_status == std::optional<SessionStatus>(SessionStatus::Approved));
    CHECK(a.note == std::optional<std::string>("Document verified manually"));
    CHECK(a.created_at == std::optional<std::string>("2025-06-01T15:00:00Z"));
    CHECK_FALSE(a.uuid.has_value());
}

TEST_CASE("sessions: create_review sends POST …/reviews/ with the fields set and decodes the entry") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("session-review-create-response-1.json"))
        .reply(201, R"({"user":"Unknown","new_status":null,"comment":"Only a note.","created_at":"x"})")
        .reply(201, R"({"user":"Unknown","new_status":null,"comment":null,"created_at":"x"})");
    didit::SessionReviewCreateRequest req;
    req.new_status = SessionStatus::InReview;
    req.comment = "Flagging for manual document re-check.";
    auto r = t.client.sessions().create_review(kSessionId, req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/sessions/11111111-2222-3333-4444-555555555555/reviews/");
    check_api_key_auth(sent);
    check_json_body(sent, R"({"comment":"Flagging for manual document re-check.","new_status":"In Review"})");
    CHECK(r->user == std::optional<std::string>("Unknown"));
    CHECK(r->new_status == std::optional<SessionStatus>(SessionStatus::InReview));
    CHECK(r->comment == std::optional<std::string>("Flagging for manual document re-check."));
    CHECK(r->created_at == std::optional<std::string>("2026-06-12T00:18:44.466537Z"));

    didit::SessionReviewCreateRequest note;
    note.comment = "Only a note.";
    auto b = t.client.sessions().create_review(kSessionId, note);
    REQUIRE(b.ok());
    CHECK_FALSE(b->new_status.has_value());
    check_json_body(*t.mock.last_request(), R"({"comment":"Only a note."})");

    auto c = t.client.sessions().create_review(kSessionId);  // both fields are optional
    REQUIRE(c.ok());
    check_json_body(*t.mock.last_request(), "{}");
}

TEST_CASE("sessions: create_review decodes the skill document's reply shape too") {
    didit_test::MockClient t;
    t.mock.reply(201, R"({"id":2,"action":"comment","old_status":null,"new_status":"Approved","note":"ok",)"
                      R"("created_at":"2025-06-01T15:00:00Z"})");
    auto r = t.client.sessions().create_review(kSessionId, didit::SessionReviewCreateRequest{});
    REQUIRE(r.ok());
    CHECK(r->new_status == std::optional<SessionStatus>(SessionStatus::Approved));
    CHECK(r->extra["note"] == "ok");
    CHECK(r->extra["id"] == 2);
}

TEST_CASE("sessions: a lower-case status a reviewer typed is sent as given and the 400 decodes") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"new_status":["\"approved\" is not a valid choice."]})");
    didit::SessionReviewCreateRequest req;
    req.new_status = SessionStatus("approved");
    auto r = t.client.sessions().create_review(kSessionId, req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field_errors.at(0).field == "new_status");
    check_json_body(*t.mock.last_request(), R"({"new_status":"approved"})");
}

// ---- validation before sending --------------------------------------------------------

TEST_CASE("sessions: a malformed session_id is refused before sending on every route, not answered by an HTML 404") {
    didit_test::MockClient t;
    auto s = t.client.sessions();
    const std::vector<std::string> bad = {"a/b",
                                          "11111111-2222-4333-8444-55555555555Z",
                                          "11111111-2222-3333-4444-55555555555",  // 35 chars
                                          "11111111-2222-3333-4444-5555555555555",
                                          "11111111-2222-3333-4444-555555555555/../x",
                                          "AAAAAAAA-2222-3333-4444-555555555555",  // upper case: not canonical
                                          "{11111111-2222-3333-4444-555555555555}",
                                          "",
                                          std::string("\xff")};
    for (const auto& id : bad) {
        CAPTURE(id);
        std::vector<didit::Error> errors;
        auto collect = [&](const auto& r) {
            REQUIRE_FALSE(r.ok());
            errors.push_back(r.error());
        };
        collect(s.get_decision(id));
        collect(s.remove(id));
        collect(s.update_status(id, didit::SessionUpdateStatusRequest{}));
        collect(s.generate_pdf(id));
        collect(s.share(id, didit::SessionShareRequest{}));
        collect(s.list_reviews(id));
        collect(s.create_review(id));
        for (const auto& e : errors) {
            CHECK(e.kind == ErrorKind::InvalidArgument);
            CHECK(e.not_sent);
            CHECK(e.attempts == 0);
            CHECK(e.message.find("session_id") != std::string::npos);
        }
        // The paged form yields the same error as its only element.
        std::size_t n = 0;
        for (auto& item : s.list_reviews_all(id)) {
            ++n;
            REQUIRE_FALSE(item.ok());
            CHECK(item.error().kind == ErrorKind::InvalidArgument);
        }
        CHECK(n == 1);
    }
    CHECK(t.mock.request_count() == 0);
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

    didit::SessionsListQuery q;
    q.workflow_id = std::vector<std::string>{"ok", std::string("\xc3")};
    auto d = t.client.sessions().list(q);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);
    CHECK(d.error().message.find("workflow_id[1]") != std::string::npos);

    didit::SessionUpdateStatusRequest u;
    u.nodes_to_resubmit = std::vector<didit::NodeToResubmit>{{std::string("n\xfe"), "OCR"}};
    auto f = t.client.sessions().update_status(kSessionId, u);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message.find("nodes_to_resubmit[0].node_id") != std::string::npos);

    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("sessions: non-finite metadata numbers are refused before sending") {
    didit_test::MockClient t;
    didit::SessionCreateRequest req;
    req.workflow_id = "w";
    req.metadata = Json{{"score", std::numeric_limits<double>::quiet_NaN()}};
    auto a = t.client.sessions().create(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("metadata.score") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("sessions: CR/LF in a filter value is refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]");
    didit::SessionsListQuery q;
    q.vendor_data = "a\r\nX-Injected: 1";
    auto r = t.client.sessions().list(q);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("sessions: error replies decode into Error and never carry the API key") {
    didit_test::MockClient t;
    t.mock.reply(400, didit_test::fixture("error-400-field-array-1.json"))
        .reply(400, didit_test::fixture("error-400-detail-1.json"))
        .reply(404, didit_test::fixture("error-404-1.json"), didit::Headers{{"X-Request-Id", "req-42"}})
        .reply(429, didit_test::fixture("error-429-1.json"), didit::Headers{{"Retry-After", "30"}})
        .reply(403, didit_test::fixture("error-403-1.json"));
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

    auto d = t.client.sessions().get_decision(kSessionId, {}, once());
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::RateLimited);
    REQUIRE(d.error().retry_after.has_value());
    CHECK(d.error().retry_after->count() == 30000);

    auto e = t.client.sessions().list({}, once());
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Permission);

    for (const auto* r : {&a, &b}) CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
    for (const auto* r : {&c, &d}) CHECK_FALSE(didit_test::leaks_secret(r->error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(e.error().to_string()));
}
