// SPDX-License-Identifier: MIT
// Workflow routes: exact wire format of list/create/get/update/delete and decoding of real payloads.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit_test::check_json_body;
using didit_test::check_no_body;
using didit_test::kApiKey;
using didit_test::parse;

/// What every verification route sends: the API key, never a Bearer token.
void check_api_key_auth(const HttpRequest& req) {
    CHECK(req.headers.get("x-api-key") == kApiKey);
    CHECK_FALSE(req.headers.contains("authorization"));
    CHECK(req.headers.get("accept") == "application/json");
    CHECK(req.headers.get("user-agent").substr(0, 10) == "didit-cpp/");
}

const std::string kWorkflow = R"({"uuid":"a1b2c3d4-5678-90ab-cdef-111111111111","workflow_label":"Standard KYC"})";

}  // namespace

TEST_CASE("workflows: list sends GET /v3/workflows/ with the API key and no query") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("workflows-list-1.json"));
    auto r = t.client.workflows().list();
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/workflows/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("workflows: list sends limit and offset as a query string") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("workflows-list-1.json"));
    didit::WorkflowsListQuery q;
    q.limit = 10;
    q.offset = 20;
    auto r = t.client.workflows().list(q);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/workflows/?limit=10&offset=20");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("workflows: list with only an offset sends only the offset") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]");
    didit::WorkflowsListQuery q;
    q.offset = 0;
    auto r = t.client.workflows().list(q);
    REQUIRE(r.ok());
    CHECK(t.mock.last_request()->url == "https://verification.didit.me/v3/workflows/?offset=0");
    CHECK(r->results.empty());
}

TEST_CASE("workflows: list decodes the paged envelope") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("workflows-list-1.json"));
    auto r = t.client.workflows().list();
    REQUIRE(r.ok());
    const auto& page = r.value();
    REQUIRE(page.count.has_value());
    CHECK(*page.count == 2);
    CHECK(page.next.is_null());
    CHECK(page.previous.is_null());
    CHECK_FALSE(page.has_next());
    REQUIRE(page.results.size() == 2);

    const auto& a = page.results[0];
    CHECK(a.uuid == "a1b2c3d4-5678-90ab-cdef-111111111111");
    CHECK(a.workflow_id == std::optional<std::string>("a1b2c3d4-5678-90ab-cdef-111111111111"));
    CHECK(a.workflow_label == std::optional<std::string>("Standard KYC"));
    REQUIRE(a.workflow_type.has_value());
    CHECK(*a.workflow_type.get() == didit::WorkflowType::Kyc);
    CHECK(a.is_default == std::optional<bool>(true));
    CHECK(a.total_price == std::optional<double>(0.15));
    REQUIRE(a.features.has_value());
    CHECK(a.features->names == std::vector<std::string>{"OCR", "LIVENESS", "FACE_MATCH"});
    CHECK(a.max_retry_attempts == std::optional<int>(3));
    REQUIRE(a.retry_window_days.has_value());
    CHECK(*a.retry_window_days.get() == 7);
    CHECK(a.session_expiration_time == std::optional<std::int64_t>(604800));
    CHECK(a.version == std::optional<int>(2));
    REQUIRE(a.status.has_value());
    CHECK(*a.status == didit::WorkflowStatus::Published);
    REQUIRE(a.created_by.has_value());
    CHECK(a.created_by.get()->name == std::optional<std::string>("Alex Mateo"));
    CHECK(a.created_by.get()->type == std::optional<std::string>("user"));
    CHECK(a.updated_at == std::optional<std::string>("2026-04-12T10:30:00Z"));

    const auto& b = page.results[1];
    CHECK(b.uuid == "b2c3d4e5-6789-01bc-defa-222222222222");
    CHECK(b.created_by.is_null());
    REQUIRE(b.status.has_value());
    CHECK(*b.status == didit::WorkflowStatus::Draft);
    CHECK(b.has_draft == std::optional<bool>(true));
    REQUIRE(b.features.has_value());
    CHECK(b.features->names == std::vector<std::string>{"OCR", "LIVENESS", "FACE_MATCH", "AML"});
}

TEST_CASE("workflows: list decodes a bare array (older docs) and paging stops") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"uuid":"u-1","workflow_label":"One","features":"OCR"},)"
                      R"({"uuid":"u-2","workflow_type":null,"features":["OCR","AML"]}])");
    auto r = t.client.workflows().list();
    REQUIRE(r.ok());
    CHECK_FALSE(r->count.has_value());
    CHECK(r->next.is_absent());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 2);
    CHECK(r->results[0].uuid == "u-1");
    REQUIRE(r->results[0].features.has_value());
    CHECK(r->results[0].features->names == std::vector<std::string>{"OCR"});
    CHECK(r->results[1].uuid == "u-2");
    CHECK(r->results[1].workflow_type.is_null());
    CHECK(r->results[1].features->names == std::vector<std::string>{"OCR", "AML"});
}

TEST_CASE("workflows: list keeps unknown envelope keys and reports a next page") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":120,"next":"https://verification.didit.me/v3/workflows/?limit=50&offset=50",)"
                      R"("previous":null,"results":[],"page_hint":7})");
    auto r = t.client.workflows().list();
    REQUIRE(r.ok());
    CHECK(r->has_next());
    REQUIRE(r->next.has_value());
    CHECK(*r->next.get() == "https://verification.didit.me/v3/workflows/?limit=50&offset=50");
    CHECK(r->extra["page_hint"] == 7);
}

TEST_CASE("workflows: create sends the real API's features[] form (fixture workflow-create-request-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("workflow-create-response-1.json"));

    didit::WorkflowCreateRequest req;
    req.workflow_label = "Standard KYC";
    std::vector<didit::WorkflowFeature> features(3);
    features[0].feature = didit::WorkflowFeatureType::Ocr;
    features[0].config = Json{{"duplicated_user_action", "review"}};
    features[1].feature = didit::WorkflowFeatureType::Liveness;
    features[1].config = Json{{"face_liveness_method", "passive"}};
    features[2].feature = didit::WorkflowFeatureType::FaceMatch;
    features[2].config = Json{{"face_match_score_decline_threshold", 40}, {"face_match_score_review_threshold", 60}};
    req.features = features;

    auto r = t.client.workflows().create(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == "https://verification.didit.me/v3/workflows/");
    check_api_key_auth(sent);
    check_json_body(sent);

    Json expected = parse(didit_test::fixture("workflow-create-request-1.json"));
    REQUIRE_FALSE(expected.is_discarded());
    Json got = parse(sent.body);
    REQUIRE_FALSE(got.is_discarded());
    CHECK(got == expected);
    // Byte for byte too: compact, keys sorted, feature order kept.
    CHECK(sent.body == expected.dump());
    CHECK(sent.body == R"({"features":[{"config":{"duplicated_user_action":"review"},"feature":"OCR"},)"
                       R"({"config":{"face_liveness_method":"passive"},"feature":"LIVENESS"},)"
                       R"({"config":{"face_match_score_decline_threshold":40,"face_match_score_review_threshold":60},)"
                       R"("feature":"FACE_MATCH"}],"workflow_label":"Standard KYC"})");
}

template <class T, class = void>
struct has_legacy_toggle : std::false_type {};
template <class T>
struct has_legacy_toggle<T, std::void_t<decltype(std::declval<T&>().is_liveness_enabled)>> : std::true_type {};
template <class T, class = void>
struct has_workflow_type : std::false_type {};
template <class T>
struct has_workflow_type<T, std::void_t<decltype(std::declval<T&>().workflow_type)>> : std::true_type {};

// The request offers only the API's `features` form; the reply still reads the old fields.
static_assert(!has_legacy_toggle<didit::WorkflowCreateRequest>::value);
static_assert(!has_workflow_type<didit::WorkflowCreateRequest>::value);
static_assert(has_workflow_type<didit::Workflow>::value);

TEST_CASE("workflows: older guides' toggles are not request fields; through `extra` they are sent as given") {
    didit_test::MockClient t;
    t.mock.reply(201, kWorkflow);
    didit::WorkflowCreateRequest req;
    req.workflow_label = "legacy";
    req.extra =
        Json{{"workflow_type", "kyc"}, {"is_liveness_enabled", true}, {"face_match_score_review_threshold", 60}};
    auto r = t.client.workflows().create(req);
    REQUIRE(r.ok());
    CHECK(t.mock.last_request()->body ==
          R"({"face_match_score_review_threshold":60,"is_liveness_enabled":true,"workflow_label":"legacy",)"
          R"("workflow_type":"kyc"})");
}

TEST_CASE("workflows: create sends an empty object when nothing is set, and extra keys as given") {
    didit_test::MockClient t;
    t.mock.reply(201, kWorkflow).reply(201, kWorkflow);
    REQUIRE(t.client.workflows().create(didit::WorkflowCreateRequest{}).ok());
    CHECK(t.mock.last_request()->body == "{}");

    didit::WorkflowCreateRequest req;
    req.workflow_label = "L";
    req.extra = Json{{"brand_new_setting", Json::array({1, 2})}, {"workflow_label", "ignored: typed field wins"}};
    REQUIRE(t.client.workflows().create(req).ok());
    CHECK(t.mock.last_request()->body == R"({"brand_new_setting":[1,2],"workflow_label":"L"})");
}

TEST_CASE("workflows: create decodes the 201 reply (fixture workflow-create-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("workflow-create-response-1.json"));
    auto r = t.client.workflows().create(didit::WorkflowCreateRequest{});
    REQUIRE(r.ok());
    const auto& w = r.value();
    CHECK(w.uuid == "c3d4e5f6-7890-12cd-ef34-333333333333");
    CHECK(w.workflow_type.is_null());
    REQUIRE(w.features.has_value());
    CHECK(w.features->names == std::vector<std::string>{"OCR", "LIVENESS", "FACE_MATCH"});
    CHECK(w.features->raw == "OCR + LIVENESS + FACE_MATCH");
    REQUIRE(w.workflow_graph.has_value());
    CHECK((*w.workflow_graph)["start_node"] == "ocr");
    CHECK(w.version == std::optional<int>(1));
    REQUIRE(w.status.has_value());
    CHECK(*w.status == didit::WorkflowStatus::Published);
    REQUIRE(w.published_at.has_value());
    CHECK(*w.published_at.get() == "2026-05-17T10:30:00Z");
    CHECK(w.min_price == std::optional<double>(0.15));
    CHECK(w.is_editable == std::optional<bool>(false));
    CHECK(w.workflow_url == std::optional<std::string>("https://verify.didit.me/u/w9TkPOx8RWG3UAz5ZRQGVQ"));
    CHECK(w.created_by.is_absent());
}

TEST_CASE("workflows: get sends GET with the uuid as one path segment") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("workflow-get-1.json"));
    auto r = t.client.workflows().get("a1b2c3d4-5678-90ab-cdef-111111111111");
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == "https://verification.didit.me/v3/workflows/a1b2c3d4-5678-90ab-cdef-111111111111/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("workflows: get decodes the full configuration, legacy toggles land in extra") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("workflow-get-1.json"));
    auto r = t.client.workflows().get("a1b2c3d4-5678-90ab-cdef-111111111111");
    REQUIRE(r.ok());
    const auto& w = r.value();
    CHECK(w.uuid == "a1b2c3d4-5678-90ab-cdef-111111111111");
    REQUIRE(w.workflow_type.has_value());
    CHECK(*w.workflow_type.get() == didit::WorkflowType::Kyc);
    CHECK(w.version == std::optional<int>(2));
    REQUIRE(w.features.has_value());
    CHECK(w.features->names == std::vector<std::string>{"OCR", "LIVENESS", "FACE_MATCH"});

    REQUIRE(w.extra.is_object());
    REQUIRE(w.extra.contains("documents_allowed"));
    CHECK(w.extra["documents_allowed"].is_object());
    CHECK_FALSE(w.extra["documents_allowed"].empty());
    CHECK(w.extra["is_liveness_enabled"] == true);
    CHECK(w.extra["face_liveness_method"] == "passive");
    CHECK(w.extra["face_liveness_score_decline_threshold"] == 50);
    CHECK(w.extra["face_match_score_review_threshold"] == 60);
    CHECK(w.extra["duplicated_user_action"] == "no_action");
    // Typed fields are not duplicated into extra.
    CHECK_FALSE(w.extra.contains("uuid"));
    CHECK_FALSE(w.extra.contains("features"));
    CHECK_FALSE(w.extra.contains("workflow_type"));
}

TEST_CASE("workflows: unknown fields and unknown enum strings are kept") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"uuid":"u","workflow_type":"fingerprint_check","status":"archived",)"
                      R"("features":["OCR",{"feature":"AML","node_id":"n1"}],"new_thing":{"a":[1,2]}})");
    auto r = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE(r.ok());
    REQUIRE(r->workflow_type.has_value());
    CHECK_FALSE(r->workflow_type.get()->is_known());
    CHECK(r->workflow_type.get()->str() == "fingerprint_check");
    REQUIRE(r->status.has_value());
    CHECK_FALSE(r->status->is_known());
    CHECK(r->status->str() == "archived");
    CHECK(r->features->names == std::vector<std::string>{"OCR", "AML"});
    CHECK(r->extra["new_thing"] == Json{{"a", {1, 2}}});
}

TEST_CASE("workflows: update sends PATCH with only the set fields and null where set to null") {
    didit_test::MockClient t;
    t.mock.reply(200, kWorkflow);
    didit::WorkflowUpdateRequest req;
    req.status = didit::WorkflowStatus::Published;
    req.retry_window_days = nullptr;
    req.max_retry_attempts = 5;
    auto r = t.client.workflows().update("a1b2c3d4-5678-90ab-cdef-111111111111", req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == "https://verification.didit.me/v3/workflows/a1b2c3d4-5678-90ab-cdef-111111111111/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"max_retry_attempts":5,"retry_window_days":null,"status":"published"})");
    CHECK(r->uuid == "a1b2c3d4-5678-90ab-cdef-111111111111");
}

TEST_CASE("workflows: update replaces the features list as given") {
    didit_test::MockClient t;
    t.mock.reply(200, kWorkflow);
    didit::WorkflowUpdateRequest req;
    didit::WorkflowFeature f;
    f.feature = didit::WorkflowFeatureType::Aml;
    f.label = "Screening";
    req.features = std::vector<didit::WorkflowFeature>{f};
    req.retry_window_days = 30;
    REQUIRE(t.client.workflows().update("c3d4e5f6-7890-42cd-8f34-333333333333", req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"features":[{"feature":"AML","label":"Screening"}],"retry_window_days":30})");
}

TEST_CASE("workflows: delete sends DELETE without a body and accepts 204 with an empty body") {
    didit_test::MockClient t;
    t.mock.reply(204, "");
    auto r = t.client.workflows().remove("a1b2c3d4-5678-90ab-cdef-111111111111");
    REQUIRE(r.ok());
    CHECK(r->raw.is_null());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Delete);
    CHECK(req.url == "https://verification.didit.me/v3/workflows/a1b2c3d4-5678-90ab-cdef-111111111111/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("workflows: delete accepts 200 with a JSON body") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"deleted":true,"uuid":"u-1"})");
    auto r = t.client.workflows().remove("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE(r.ok());
    CHECK(r->raw["deleted"] == true);
    CHECK(r->raw["uuid"] == "u-1");
}

TEST_CASE("workflows: a 404 on delete is NotFound with Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(404, didit_test::fixture("error-404-1.json"));
    auto r = t.client.workflows().remove("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::NotFound);
    CHECK(r.error().status == 404);
    CHECK(r.error().message == "Not found.");
}

TEST_CASE("workflows: a type mismatch in a list reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":2,"results":[{"uuid":"ok"},{"uuid":"x","features":5}]})");
    auto r = t.client.workflows().list();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().status == 200);
    CHECK(r.error().message.find("results[1].features") != std::string::npos);
    CHECK(r.error().message.find("expected string or array, got integer") != std::string::npos);
    CHECK(r.error().message.find("WorkflowsList") != std::string::npos);
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

TEST_CASE("workflows: a type mismatch in a nested get reply names the nested path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"uuid":"u","created_by":{"name":7}})")
        .reply(200, R"({"uuid":"u","features":["OCR",{"label":"x"}]})")
        .reply(200, R"({"uuid":"u","version":"two"})");
    auto a = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().message.find("created_by.name: expected string, got integer") != std::string::npos);
    auto b = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK(b.error().message.find("features[1]") != std::string::npos);
    auto c = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("version: expected integer, got string") != std::string::npos);
}

TEST_CASE("workflows: an empty 200 reply to get is a Decode error, not a success") {
    didit_test::MockClient t;
    t.mock.reply(200, "");
    auto r = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().message.find("empty") != std::string::npos);
}

TEST_CASE("workflows: a non-UTF-8 string in a request is InvalidArgument and nothing is sent") {
    didit_test::MockClient t;
    t.mock.reply(201, kWorkflow);
    didit::WorkflowCreateRequest req;
    req.workflow_label = std::string("bad \xff label");
    auto r = t.client.workflows().create(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(r.error().message.find("workflow_label") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("workflows: bad bytes deep in a feature config name their path and nothing is sent") {
    didit_test::MockClient t;
    didit::WorkflowUpdateRequest req;
    didit::WorkflowFeature f;
    f.feature = didit::WorkflowFeatureType::Ocr;
    f.config = Json{{"duplicated_user_action", std::string("\xc3\x28")}};
    req.features = std::vector<didit::WorkflowFeature>{f};
    auto r = t.client.workflows().update("c3d4e5f6-7890-42cd-8f34-333333333333", req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("features[0].config.duplicated_user_action") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("workflows: a non-UTF-8 or empty uuid is refused before sending") {
    didit_test::MockClient t;
    auto a = t.client.workflows().get(std::string("\xfe\xff"));
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    auto b = t.client.workflows().remove("");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("workflows: a malformed settings_uuid is refused before sending on every route") {
    didit_test::MockClient t;
    t.mock.reply(200, kWorkflow);
    auto a = t.client.workflows().get("a/b");
    auto b = t.client.workflows().update("../x?y#z", didit::WorkflowUpdateRequest{});
    auto c = t.client.workflows().remove("..");
    for (const auto* e : {&a.error(), &b.error(), &c.error()}) {
        CHECK(e->kind == ErrorKind::InvalidArgument);
        CHECK(e->message.find("settings_uuid") != std::string::npos);
    }
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("workflows: errors never carry the API key") {
    didit_test::MockClient t;
    t.mock.reply(403, didit_test::fixture("error-403-1.json")).reply(200, "<html>not json " + kApiKey + "</html>");
    auto a = t.client.workflows().list();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Permission);
    CHECK(a.error().message == "Authentication credentials were not provided or are invalid.");
    CHECK_FALSE(didit_test::leaks_secret(a.error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(a.error().raw_body));

    // A success status whose body is not JSON: the body is not copied into the error.
    auto b = t.client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK_FALSE(didit_test::leaks_secret(b.error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(b.error().raw_body));

    // The API key in a per-call header is refused, and not echoed.
    didit::CallOptions opts;
    opts.headers.set("X-Api-Key", kApiKey);
    auto c = t.client.workflows().list({}, opts);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK_FALSE(didit_test::leaks_secret(c.error().to_string()));
    CHECK(t.mock.request_count() == 2);
}
