// SPDX-License-Identifier: MIT
// Business routes: wire format of list/get/update/update-status/create/batch delete, free-form
// vendor_data in paths, decoding of the OpenAPI's examples, paging.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::LifecycleStatus;
using didit::Method;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;
using didit_test::check_no_body;

const std::string kBase = "https://verification.didit.me";
const std::string kBusiness =
    R"({"didit_internal_id":"a1b2c3d4-e5f6-4890-abcd-ef1234567890","vendor_data":"company-123","status":"ACTIVE"})";

/// The response example `name` of `method path` -> `status` in Didit's OpenAPI, as JSON text.
std::string spec_example(const std::string& path, const std::string& method, const std::string& status,
                         const std::string& name) {
    static const Json spec = didit_test::parse(didit_test::fixture("didit-openapi-2026-07.json"));
    const Json& ex = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["examples"];
    REQUIRE(ex.contains(name));
    return ex[name]["value"].dump();
}

/// Checks the OpenAPI's detail example (get, update, update-status share all but a few fields).
void check_acme(const didit::Business& b) {
    CHECK(b.didit_internal_id == std::optional<std::string>("a1b2c3d4-e5f6-4890-abcd-ef1234567890"));
    CHECK(b.vendor_data.value() == "company-123");
    CHECK(b.legal_name.value() == "Acme Trading Ltd");
    CHECK(b.registration_number.value() == "12345678");
    CHECK(b.country_code.value() == "GB");
    CHECK(b.session_count == std::optional<std::int64_t>(2));
    CHECK(b.approved_count == std::optional<std::int64_t>(1));
    CHECK(b.declined_count == std::optional<std::int64_t>(0));
    CHECK(b.in_review_count == std::optional<std::int64_t>(1));
    CHECK(b.feature_status("KYB") == didit::BusinessFeatureStatus::Approved);
    REQUIRE(b.features_list.has_value());
    REQUIRE(b.features_list->size() == 1);
    CHECK((*b.features_list)[0].feature == std::optional<std::string>("KYB"));
    CHECK(*(*b.features_list)[0].status == didit::BusinessFeatureStatus::Approved);
    CHECK(b.last_session_at.value() == "2026-03-15T10:30:00Z");
    CHECK(b.last_activity_at.value() == "2026-03-15T10:30:00Z");
    CHECK(b.first_session_at.value() == "2026-01-10T08:00:00Z");
    REQUIRE(b.tags.has_value());
    REQUIRE(b.tags->size() == 1);
    CHECK((*b.tags)[0].uuid == std::optional<std::string>("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
    CHECK((*b.tags)[0].name == std::optional<std::string>("VIP"));
    CHECK((*b.tags)[0].color == std::optional<std::string>("#2567FF"));
    CHECK(b.created_at == std::optional<std::string>("2026-01-10T08:00:00Z"));
    CHECK(b.extra.is_null());
}

}  // namespace

// ---- list --------------------------------------------------------------------------------

TEST_CASE("businesses: list sends GET /v3/businesses/ and decodes the OpenAPI's example") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/businesses/", "get", "200", "Example"));
    auto r = t.client.businesses().list();
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/businesses/");
    check_api_key_auth(req);
    check_no_body(req);

    CHECK(r->count == std::optional<std::int64_t>(1));
    CHECK(r->next.is_null());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    const auto& b = r->results[0];
    check_acme(b);
    CHECK(b.display_name.is_null());
    CHECK(b.effective_name.value() == "Acme Trading Ltd");
    CHECK(*b.status == LifecycleStatus::Active);
    // List rows have no detail fields.
    CHECK(b.metadata.is_absent());
    CHECK_FALSE(b.updated_at.has_value());
}

TEST_CASE("businesses: list sends limit and offset, and unmodelled keys from extra") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]").reply(200, "[]");
    didit::BusinessesListQuery q;
    q.limit = 10;
    q.offset = 20;
    REQUIRE(t.client.businesses().list(q).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/businesses/?limit=10&offset=20");
    didit::BusinessesListQuery x;
    x.extra = Json{{"search", "Acme & co"}};
    auto r = t.client.businesses().list(x);
    REQUIRE(r.ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/businesses/?search=Acme%20%26%20co");
    // A bare array decodes too and ends paging.
    CHECK(r->results.empty());
    CHECK(r->next.is_absent());
}

TEST_CASE("businesses: unknown statuses, feature statuses and members are kept; features take any JSON") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"results":[{"vendor_data":null,"status":"ARCHIVED","features":{"KYB":"Escalated",)"
                      R"("AML":{"nested":true},"X":"Resub Requested"},"tags":[{"uuid":"t","name":"n","extra_key":2}],)"
                      R"("risk":0.5}],"brand_new":1})");
    auto r = t.client.businesses().list();
    REQUIRE(r.ok());
    CHECK(r->extra["brand_new"] == 1);
    const auto& b = r->results.at(0);
    CHECK(b.vendor_data.is_null());
    CHECK_FALSE(b.status->is_known());
    CHECK(b.status->str() == "ARCHIVED");
    CHECK(b.feature_status("KYB")->str() == "Escalated");
    CHECK(b.feature_status("X") == didit::BusinessFeatureStatus::ResubRequested);
    CHECK(b.features->at("AML") == Json{{"nested", true}});
    CHECK_FALSE(b.feature_status("AML").has_value());
    CHECK_FALSE(b.feature_status("NONE").has_value());
    CHECK((*b.tags)[0].extra["extra_key"] == 2);
    CHECK(b.extra["risk"] == 0.5);
}

TEST_CASE("businesses: list_all walks pages until next is null") {
    didit_test::MockClient t;
    t.mock
        .reply(200, R"({"count":100,"next":"https://verification.didit.me/v3/businesses/?limit=2&offset=2",)"
                    R"("previous":null,"results":[{"vendor_data":"b1"},{"vendor_data":"b2"}]})")
        .reply(200, R"({"count":100,"next":null,"results":[{"vendor_data":"b3"}]})");
    didit::BusinessesListQuery q;
    q.limit = 2;
    std::vector<std::string> seen;
    auto all = t.client.businesses().list_all(q);
    for (auto& b : all) {
        REQUIRE(b.ok());
        seen.push_back(b->vendor_data.value());
    }
    CHECK(seen == std::vector<std::string>{"b1", "b2", "b3"});
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].url == kBase + "/v3/businesses/?limit=2");
    CHECK(reqs[1].url == kBase + "/v3/businesses/?limit=2&offset=2");
}

// ---- get ---------------------------------------------------------------------------------

TEST_CASE("businesses: get sends GET /v3/businesses/{vendor_data}/ and decodes the detail example") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/businesses/{vendor_data}/", "get", "200", "Active business"));
    auto r = t.client.businesses().get("company-123");
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/businesses/company-123/");
    check_api_key_auth(req);
    check_no_body(req);
    check_acme(*r);
    CHECK(*r->metadata.get() == Json{{"industry", "fintech"}});
    CHECK(r->updated_at == std::optional<std::string>("2026-03-15T10:30:00Z"));
}

TEST_CASE("businesses: vendor_data is free-form: reserved characters stay in one encoded path segment") {
    didit_test::MockClient t;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a/b?c#d", "a%2Fb%3Fc%23d"},   {"Acme Ltd", "Acme%20Ltd"}, {"Société ü", "Soci%C3%A9t%C3%A9%20%C3%BC"},
        {"100%+&=", "100%25%2B%26%3D"}, {"..", "%2E%2E"},           {"create", "create"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.first);
        t.mock.reply(200, kBusiness).reply(200, kBusiness).reply(200, kBusiness);
        REQUIRE(t.client.businesses().get(c.first).ok());
        CHECK(t.mock.last_request()->url == kBase + "/v3/businesses/" + c.second + "/");
        didit::BusinessUpdateRequest u;
        u.display_name = "x";
        REQUIRE(t.client.businesses().update(c.first, u).ok());
        CHECK(t.mock.last_request()->method == Method::Patch);
        CHECK(t.mock.last_request()->url == kBase + "/v3/businesses/" + c.second + "/");
        REQUIRE(t.client.businesses().update_status(c.first, LifecycleStatus::Flagged).ok());
        CHECK(t.mock.last_request()->url == kBase + "/v3/businesses/" + c.second + "/update-status/");
    }
}

TEST_CASE("businesses: an empty or non-UTF-8 vendor_data is refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kBusiness);
    auto a = t.client.businesses().get("");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("vendor_data") != std::string::npos);
    auto b = t.client.businesses().update(std::string("x\xff"), didit::BusinessUpdateRequest{});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    auto c = t.client.businesses().update_status("", LifecycleStatus::Active);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("businesses: a 404 is NotFound; a 403 is Permission without the key in the text") {
    didit_test::MockClient t;
    t.mock.reply(404, didit_test::fixture("error-404-1.json")).reply(403, didit_test::fixture("error-403-1.json"));
    auto a = t.client.businesses().get("nobody");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::NotFound);
    CHECK(a.error().message == "Not found.");
    auto b = t.client.businesses().list();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Permission);
    CHECK_FALSE(didit_test::leaks_secret(b.error().to_string()));
}

// ---- update ------------------------------------------------------------------------------

TEST_CASE("businesses: update sends PATCH with exactly the set fields and decodes the example") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/businesses/{vendor_data}/", "patch", "200", "Updated")).reply(200, kBusiness);
    didit::BusinessUpdateRequest req;
    req.display_name = "Acme Corp";
    req.status = LifecycleStatus::Flagged;
    req.metadata = Json{{"industry", "fintech"}, {"risk_level", "low"}};
    auto r = t.client.businesses().update("company-123", req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/businesses/company-123/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body ==
          R"({"display_name":"Acme Corp","metadata":{"industry":"fintech","risk_level":"low"},"status":"FLAGGED"})");
    check_acme(*r);
    CHECK(r->display_name.value() == "Acme Corp");
    CHECK(r->effective_name.value() == "Acme Corp");
    CHECK(*r->status == LifecycleStatus::Flagged);
    CHECK(*r->metadata.get() == Json{{"industry", "fintech"}, {"risk_level", "low"}});

    // Every field, nulls where set to null; metadata is any JSON value.
    didit::BusinessUpdateRequest all;
    all.display_name = nullptr;
    all.legal_name = "Acme Trading International Ltd";
    all.registration_number = nullptr;
    all.country_code = "GB";
    all.status = LifecycleStatus::Blocked;
    all.metadata = Json::array({1, "two"});
    REQUIRE(t.client.businesses().update("company-123", all).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"country_code":"GB","display_name":null,"legal_name":"Acme Trading International Ltd",)"
          R"("metadata":[1,"two"],"registration_number":null,"status":"BLOCKED"})");
}

TEST_CASE("businesses: an empty update sends {}; bad values are refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kBusiness);
    REQUIRE(t.client.businesses().update("b", didit::BusinessUpdateRequest{}).ok());
    CHECK(t.mock.last_request()->body == "{}");

    didit::BusinessUpdateRequest a;
    a.status = LifecycleStatus("Approved");
    auto ra = t.client.businesses().update("b", a);
    REQUIRE_FALSE(ra.ok());
    CHECK(ra.error().kind == ErrorKind::InvalidArgument);
    CHECK(
        ra.error().message.find("status: \"Approved\" is not accepted here; the values are ACTIVE, FLAGGED, BLOCKED") !=
        std::string::npos);
    didit::BusinessUpdateRequest b;
    b.metadata = Json{{"k", std::string("\xc3\x28")}};
    auto rb = t.client.businesses().update("b", b);
    REQUIRE_FALSE(rb.ok());
    CHECK(rb.error().message.find("metadata.k") != std::string::npos);
    CHECK(t.mock.request_count() == 1);
}

// ---- update-status -----------------------------------------------------------------------

TEST_CASE("businesses: update_status sends only the status and decodes the example") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/businesses/{vendor_data}/update-status/", "patch", "200", "Blocked"))
        .reply(200, kBusiness);
    auto r = t.client.businesses().update_status("company-123", LifecycleStatus::Blocked);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/businesses/company-123/update-status/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"status":"BLOCKED"})");
    check_acme(*r);
    CHECK(*r->status == LifecycleStatus::Blocked);

    didit::BusinessStatusUpdateRequest req;
    req.status = LifecycleStatus::Active;
    req.extra = Json{{"reason", "cleared"}};
    REQUIRE(t.client.businesses().update_status("company-123", req).ok());
    CHECK(t.mock.last_request()->body == R"({"reason":"cleared","status":"ACTIVE"})");
}

TEST_CASE("businesses: update_status without a status is refused before sending") {
    didit_test::MockClient t;
    auto r = t.client.businesses().update_status("b", didit::BusinessStatusUpdateRequest{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(r.error().message.find("status") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

// ---- create ------------------------------------------------------------------------------

TEST_CASE("businesses: create sends POST /v3/businesses/create/ and decodes the 201 example") {
    didit_test::MockClient t;
    t.mock.reply(201, spec_example("/v3/businesses/create/", "post", "201", "Created")).reply(201, kBusiness);
    didit::BusinessCreateRequest req;
    req.vendor_data = "company-456";
    req.legal_name = "New Corp Ltd";
    req.country_code = "US";
    auto r = t.client.businesses().create(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/businesses/create/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"country_code":"US","legal_name":"New Corp Ltd","vendor_data":"company-456"})");
    CHECK(r->vendor_data.value() == "company-456");
    CHECK(r->registration_number.is_null());
    CHECK(r->effective_name.value() == "New Corp Ltd");
    CHECK(*r->status == LifecycleStatus::Active);
    CHECK(r->session_count == std::optional<std::int64_t>(0));
    CHECK(r->features->empty());
    CHECK(r->last_session_at.is_null());
    CHECK(r->first_session_at.is_null());
    CHECK(r->tags->empty());
    CHECK(*r->metadata.get() == Json::object());
    CHECK(r->updated_at == std::optional<std::string>("2026-03-15T10:30:00Z"));

    // Every field optional: an empty create sends {}; null vendor_data is sent as null.
    didit::BusinessCreateRequest full;
    full.vendor_data = nullptr;
    full.display_name = "New Corp";
    full.legal_name = "New Corp International Ltd";
    full.registration_number = "98765432";
    full.country_code = "DE";
    full.status = LifecycleStatus::Active;
    full.metadata = Json{{"tier", "enterprise"}};
    REQUIRE(t.client.businesses().create(full).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"country_code":"DE","display_name":"New Corp","legal_name":"New Corp International Ltd",)"
          R"("metadata":{"tier":"enterprise"},"registration_number":"98765432","status":"ACTIVE","vendor_data":null})");
}

TEST_CASE("businesses: create and delete are not retried; reads are") {
    CHECK(didit::endpoints::BusinessesList::retry_safe);
    CHECK(didit::endpoints::BusinessesGet::retry_safe);
    CHECK_FALSE(didit::endpoints::BusinessesUpdate::retry_safe);
    CHECK_FALSE(didit::endpoints::BusinessesUpdateStatus::retry_safe);
    CHECK_FALSE(didit::endpoints::BusinessesCreate::retry_safe);
    CHECK_FALSE(didit::endpoints::BusinessesDelete::retry_safe);

    didit::MockTransport mock;
    auto o = didit_test::test_options();
    o.retry.max_retries = 3;
    didit::Client<didit::MockTransport> client{o, mock};
    mock.reply(502, "").reply(201, kBusiness);
    auto r = client.businesses().create(didit::BusinessCreateRequest{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::OutcomeUnknown);
    CHECK(mock.request_count() == 1);
}

TEST_CASE("businesses: create refuses an unknown status, nothing sent") {
    didit_test::MockClient t;
    didit::BusinessCreateRequest req;
    req.vendor_data = "b";
    req.status = LifecycleStatus("Pending");
    auto r = t.client.businesses().create(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("status") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

// ---- batch delete ------------------------------------------------------------------------

TEST_CASE("businesses: remove_many sends POST /v3/businesses/delete/ with the selector set") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/businesses/delete/", "post", "200", "Deleted some"))
        .reply(200, spec_example("/v3/businesses/delete/", "post", "200", "Nothing matched"))
        .reply(200, R"({"deleted":5})");
    didit::BusinessesDeleteRequest byVendor;
    byVendor.vendor_data_list = std::vector<std::string>{"company-123", "company-456"};
    auto r = t.client.businesses().remove_many(byVendor);
    REQUIRE(r.ok());
    CHECK(r->deleted == std::optional<std::int64_t>(2));
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/businesses/delete/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"vendor_data_list":["company-123","company-456"]})");

    didit::BusinessesDeleteRequest byId;
    byId.didit_internal_id_list = std::vector<std::string>{"a1b2c3d4-e5f6-7890-abcd-ef1234567890"};
    auto r2 = t.client.businesses().remove_many(byId);
    REQUIRE(r2.ok());
    CHECK(r2->deleted == std::optional<std::int64_t>(0));
    CHECK(t.mock.last_request()->body == R"({"didit_internal_id_list":["a1b2c3d4-e5f6-7890-abcd-ef1234567890"]})");

    didit::BusinessesDeleteRequest all;
    all.delete_all = true;
    REQUIRE(t.client.businesses().remove_many(all).ok());
    CHECK(t.mock.last_request()->body == R"({"delete_all":true})");
}

TEST_CASE("businesses: remove_many's bare-array 400 is the message; a bad reply is a Decode error") {
    didit_test::MockClient t;
    t.mock.reply(400, R"(["Provide vendor_data_list, didit_internal_id_list or set delete_all=true."])")
        .reply(200, R"({"deleted":"2"})")
        .reply(200, R"({"vendor_data":"b","session_count":"3"})");
    auto a = t.client.businesses().remove_many(didit::BusinessesDeleteRequest{});
    CHECK(t.mock.requests()[0].body == "{}");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::BadRequest);
    CHECK(a.error().message == "Provide vendor_data_list, didit_internal_id_list or set delete_all=true.");
    auto b = t.client.businesses().remove_many(didit::BusinessesDeleteRequest{});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Decode);
    CHECK(b.error().message.find("deleted: expected integer, got string") != std::string::npos);
    auto c = t.client.businesses().get("b");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().message.find("session_count: expected integer, got string") != std::string::npos);
    CHECK(c.error().message.find("BusinessesGet") != std::string::npos);
}

TEST_CASE("businesses: the async view reaches every route") {
    didit_test::MockClient t;
    t.mock.reply(201, kBusiness).reply(200, kBusiness).reply(200, R"({"deleted":1})");
    didit::BusinessCreateRequest req;
    req.vendor_data = "company-123";
    auto a = t.client.async().businesses().create(req).get();
    REQUIRE(a.ok());
    CHECK(a->vendor_data.value() == "company-123");
    auto b = t.client.async().businesses().get("company-123").get();
    REQUIRE(b.ok());
    didit::BusinessesDeleteRequest del;
    del.delete_all = true;
    auto c = t.client.async().businesses().remove_many(del).get();
    REQUIRE(c.ok());
    CHECK(c->deleted == std::optional<std::int64_t>(1));
    CHECK(t.mock.request_count() == 3);
}
