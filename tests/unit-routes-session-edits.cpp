// SPDX-License-Identifier: MIT
// A reviewer's edits to a session: corrected ID, proof-of-address and KYB company data, one step's
// status, AML hit decisions. Wire format, the closed request enums, paths and the node_id query.
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::Method;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;

const std::string kSession = "11111111-2222-3333-4444-555555555555";
const std::string kCompany = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const std::string kBase = "https://verification.didit.me/v3/session/" + kSession;

/// The first example of the spec's 200 reply of PATCH `path`, as text ("{}" when it has none).
std::string spec_reply(const char* path) {
    const Json* op = didit_test::openapi_operation("patch", path);
    REQUIRE(op != nullptr);
    const Json& media = (*op)["responses"]["200"]["content"]["application/json"];
    if (media.contains("example")) return media["example"].dump();
    if (media.contains("examples")) return media["examples"].begin().value()["value"].dump();
    return "{}";
}

}  // namespace

TEST_CASE("session edits: update_data sends PATCH …/update-data/ with only the members set, and node_id") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_reply("/v3/session/{sessionId}/update-data/"));
    didit::SessionDataUpdateRequest req;
    req.document_number = "X1234567";
    req.gender = didit::Gender::F;
    req.place_of_birth = nullptr;  // cleared
    didit::SessionNodeQuery q;
    q.node_id = "feature_ocr_2";
    auto r = t.client.sessions().update_data(kSession, req, q);
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/update-data/?node_id=feature_ocr_2");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"document_number":"X1234567","gender":"F","place_of_birth":null})");
    CHECK_FALSE(didit::endpoints::SessionsUpdateData::retry_safe);
}

TEST_CASE("session edits: update_feature_status takes Approved, Declined or In Review only") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_reply("/v3/session/{sessionId}/features/{nodeId}/update-status/"));
    didit::FeatureStatusUpdateRequest req;
    req.new_status = didit::FeatureStatusChange::InReview;
    req.comment = "second look";
    auto r = t.client.sessions().update_feature_status(kSession, "feature ocr/1", req);
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    auto sent = *t.mock.last_request();
    CHECK(sent.url == kBase + "/features/feature%20ocr%2F1/update-status/");  // one path segment
    CHECK(sent.body == R"({"comment":"second look","new_status":"In Review"})");

    req.new_status = didit::FeatureStatusChange(std::string_view("Resubmitted"));
    auto refused = t.client.sessions().update_feature_status(kSession, "feature_ocr", req);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == ErrorKind::InvalidArgument);
    CHECK(refused.error().message.find("Approved, Declined, In Review") != std::string::npos);
    CHECK(t.mock.request_count() == 1);
}

TEST_CASE("session edits: AML hit decisions, one and several") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"message":"Hit status updated successfully","hit_id":"abc123"})")
        .reply(200, R"({"message":"2 hits updated"})");
    didit::AmlHitStatusUpdateRequest one;
    one.hit_id = "abc123";
    one.review_status = didit::AmlHitReviewChange::FalsePositive;
    auto a = t.client.sessions().update_aml_hit_status(kSession, one);
    REQUIRE_MESSAGE(a.ok(), a.error().to_string());
    CHECK(t.mock.last_request()->url == kBase + "/update-aml-hit-status/");
    CHECK(t.mock.last_request()->body == R"({"hit_id":"abc123","review_status":"False Positive"})");
    CHECK((*a)["message"] == "Hit status updated successfully");

    didit::AmlHitStatusBulkUpdateRequest many;
    many.hit_updates = {{"h1", didit::AmlHitReviewChange::ConfirmedMatch, {}},
                        {"h2", didit::AmlHitReviewChange::Inconclusive, {}}};
    many.node_id = "feature_aml_1";
    auto b = t.client.sessions().update_aml_hit_statuses(kSession, many);
    REQUIRE(b.ok());
    CHECK(t.mock.last_request()->url == kBase + "/bulk-update-aml-hit-status/");
    CHECK(t.mock.last_request()->body ==
          R"({"hit_updates":[{"hit_id":"h1","review_status":"Confirmed Match"},)"
          R"({"hit_id":"h2","review_status":"Inconclusive"}],"node_id":"feature_aml_1"})");

    // An item without a decision is refused before sending, with its path.
    many.hit_updates.push_back({"h3", {}, {}});
    auto c = t.client.sessions().update_aml_hit_statuses(kSession, many);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(c.error().message.find("hit_updates[2].review_status") != std::string::npos);
    CHECK(t.mock.request_count() == 2);
}

TEST_CASE("session edits: proof-of-address and KYB company data") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_reply("/v3/session/{sessionId}/update-poa-data/"))
        .reply(200, spec_reply("/v3/session/{sessionId}/kyb/{companyUuid}/update-data/"));
    didit::PoaDataUpdateRequest poa;
    poa.document_type = didit::PoaDocumentType::BankStatement;
    poa.issuer = "Banco Ejemplo";
    auto p = t.client.sessions().update_poa_data(kSession, poa);
    REQUIRE_MESSAGE(p.ok(), p.error().to_string());
    CHECK(t.mock.last_request()->url == kBase + "/update-poa-data/");
    CHECK(t.mock.last_request()->body == R"({"document_type":"BANK_STATEMENT","issuer":"Banco Ejemplo"})");

    didit::KybCompanyUpdateRequest co;
    co.company_name = "Acme S.L.";
    co.registry_status = didit::CompanyRegistryStatus::StruckOff;
    auto k = t.client.sessions().update_kyb_company(kSession, kCompany, co);
    REQUIRE_MESSAGE(k.ok(), k.error().to_string());
    CHECK(t.mock.last_request()->url == kBase + "/kyb/" + kCompany + "/update-data/");
    CHECK(t.mock.last_request()->body == R"({"company_name":"Acme S.L.","registry_status":"struck off"})");

    // Both ids of the KYB route are UUIDs, checked before sending.
    auto bad = t.client.sessions().update_kyb_company(kSession, "acme", co);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 2);
}
