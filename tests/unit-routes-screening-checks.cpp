// SPDX-License-Identifier: MIT
// Standalone screening checks reached through client.checks(): AML, database validation, KYB
// registry search and select, phone and email one-time codes. Method, URL and exact body of each
// call, the spec's reply examples decoded, the closed request enums, and the traits (never retried,
// AML's own time limit).
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::Method;

const std::string kBase = "https://verification.didit.me/v3/";

/// The spec's example `name` of the 200 JSON reply of POST `path`, as text ("" names the first).
std::string spec_example(const char* path, const std::string& name = "") {
    const Json* op = didit_test::openapi_operation("post", path);
    REQUIRE(op != nullptr);
    const Json& examples = (*op)["responses"]["200"]["content"]["application/json"]["examples"];
    REQUIRE(examples.is_object());
    REQUIRE_FALSE(examples.empty());
    if (name.empty()) return examples.begin().value()["value"].dump();
    REQUIRE(examples.contains(name));
    return examples[name]["value"].dump();
}

/// One call of the table below: what it sends, and the reply it gets.
struct Case {
    const char* name;
    std::function<bool(didit_test::MockClient&)> call;  ///< true when the call succeeded and its checks ran
    std::string url;
    std::string body;  ///< exact body
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

}  // namespace

TEST_CASE("screening checks: every route sends POST, its URL and exact body, and decodes the spec's reply") {
    didit::AmlScreeningRequest aml;
    aml.full_name = "Antonio Ejemplo Modelo";
    aml.entity_type = didit::AmlEntityType::Person;
    aml.date_of_birth = "1972-02-29";
    aml.nationality = "ES";
    aml.include_adverse_media = false;
    aml.vendor_data = "user-1234";

    didit::DatabaseValidationRequest dbv;
    dbv.issuing_state = "BRA";
    dbv.services = std::vector<std::string>{"bra_cpf"};
    dbv.identification_number = "12345678900";
    dbv.first_name = "John";
    dbv.last_name = "Doe";
    dbv.date_of_birth = "1980-01-01";
    dbv.no_match_action = didit::DatabaseValidationMatchAction::Decline;
    dbv.metadata = nullptr;  // sent as null

    didit::KybSearchRequest search;
    search.country_code = "GB";
    search.name = "Tesco";
    search.search_type = didit::KybSearchType::StartWith;

    didit::KybSelectRequest select;
    select.kyb_response_id = "69aeeb95febb0f1704042259";
    select.vendor_data = "company-1234";

    didit::PhoneSendRequest psend;
    psend.phone_number = "+14155552671";
    psend.options.emplace();
    psend.options->code_size = 6;
    psend.options->preferred_channel = didit::PhoneChannel::Sms;
    psend.signals.emplace();
    psend.signals->device_platform = didit::OtpDevicePlatform::Ios;
    psend.signals->ip = "192.0.2.1";

    didit::PhoneCheckRequest pcheck;
    pcheck.phone_number = "+14155552671";
    pcheck.code = "123456";
    pcheck.voip_number_action = didit::OtpRiskAction::Decline;

    didit::EmailSendRequest esend;
    esend.email = "alice@example.com";
    esend.options.emplace();
    esend.options->locale = didit::EmailLocale::PtBr;
    esend.options->alphanumeric_code = true;

    didit::EmailCheckRequest echeck;
    echeck.email = "alice@example.com";
    echeck.code = "123456";
    echeck.disposable_email_action = didit::OtpRiskAction::Decline;
    echeck.breached_email_action = didit::OtpRiskAction::NoAction;

    const std::vector<Case> cases = {
        {"aml",
         [&](auto& t) {
             auto r = t.client.checks().aml(aml);
             if (!ok(r)) return false;
             REQUIRE(r->aml.has_value());
             CHECK(r->aml->status == didit::AmlScreeningStatus::Approved);
             CHECK(r->aml->entity_type == didit::AmlEntityType::Person);
             CHECK(r->aml->score.value_or(-1.0) == doctest::Approx(73));
             REQUIRE(r->aml->hits.has_value());
             REQUIRE(r->aml->hits->size() == 1);
             const auto& hit = r->aml->hits->front();
             CHECK(hit.match_score.value_or(0.0) == doctest::Approx(93));
             CHECK(hit.risk_score.value_or(0.0) == doctest::Approx(73));
             CHECK(hit.review_status.value_or(didit::AmlScreeningHitReview()) ==
                   didit::AmlScreeningHitReview::Unreviewed);
             REQUIRE(hit.score_breakdown.get() != nullptr);
             CHECK(hit.score_breakdown.get()->document_number_match_type.value_or(didit::AmlDocumentNumberMatch()) ==
                   didit::AmlDocumentNumberMatch::Neutral);
             CHECK(hit.score_breakdown.get()->total_score.value_or(0) == 93);
             REQUIRE(hit.pep_matches.has_value());
             CHECK(hit.pep_matches->at(0).place_of_birth == "Madrid, Spain");
             REQUIRE(hit.linked_entities.has_value());
             CHECK(hit.linked_entities->at(0).relation == std::vector<std::string>{"spouse"});
             CHECK(r->vendor_data.is_null());
             return true;
         },
         kBase + "aml/",
         R"({"date_of_birth":"1972-02-29","entity_type":"person","full_name":"Antonio Ejemplo Modelo",)"
         R"("include_adverse_media":false,"nationality":"ES","vendor_data":"user-1234"})",
         spec_example("/v3/aml/", "PEP hit (Approved \u2014 risk below approve threshold)")},
        {"database_validation",
         [&](auto& t) {
             auto r = t.client.checks().database_validation(dbv);
             if (!ok(r)) return false;
             REQUIRE(r->database_validation.has_value());
             const auto& v = *r->database_validation;
             CHECK(v.status == didit::DatabaseValidationStatus::Approved);
             CHECK(v.validation_type == didit::DatabaseValidationType::OneByOne);
             CHECK(v.match_type.value_or(didit::DatabaseValidationMatchType()) ==
                   didit::DatabaseValidationMatchType::FullMatch);
             CHECK(v.services_used == std::vector<std::string>{"bra_cpf"});
             CHECK(v.match_score == 1.0);
             REQUIRE(v.validations.has_value());
             REQUIRE(v.validations->is_array());
             CHECK((*v.validations)[0]["outcome_code"] == "MATCH");
             CHECK(r->request_id == "b3e7c1a2-9d4f-4f0b-8a6c-5e2d1f0a9b3e");
             return true;
         },
         kBase + "database-validation/",
         R"({"date_of_birth":"1980-01-01","first_name":"John","identification_number":"12345678900",)"
         R"("issuing_state":"BRA","last_name":"Doe","metadata":null,"no_match_action":"DECLINE",)"
         R"("services":["bra_cpf"]})",
         spec_example("/v3/database-validation/", "Explicit services (extended shape)")},
        {"kyb_search",
         [&](auto& t) {
             auto r = t.client.checks().kyb_search(search);
             if (!ok(r)) return false;
             REQUIRE(r->kyb_registry.has_value());
             CHECK(r->kyb_registry->search_status.value_or(didit::KybFetchStatus()) == didit::KybFetchStatus::Resolved);
             CHECK(r->kyb_registry->search_resolved == true);
             REQUIRE(r->kyb_registry->companies.has_value());
             REQUIRE(r->kyb_registry->companies->size() == 2);
             CHECK(r->kyb_registry->companies->at(0).kyb_response_id.value_or("") == "69aeeb95febb0f1704042259");
             CHECK(r->kyb_registry->companies->at(1).name.value_or("") == "E-TESCO LTD");
             CHECK(r->kyb_registry->pagination->per_page == 25);
             return true;
         },
         kBase + "kyb/search/", R"({"country_code":"GB","name":"Tesco","search_type":"start_with"})",
         spec_example("/v3/kyb/search/", "Resolved search")},
        {"kyb_select",
         [&](auto& t) {
             auto r = t.client.checks().kyb_select(select);
             if (!ok(r)) return false;
             REQUIRE(r->kyb_registry.has_value());
             const auto& c = *r->kyb_registry;
             CHECK(c.status == didit::KybRegistryCheckStatus::InReview);
             CHECK(c.registry_status.value_or(didit::KybRegistryStatus()) == didit::KybRegistryStatus::Active);
             CHECK(c.fetch_status == didit::KybFetchStatus::Resolved);
             CHECK(c.company_name == "Tesco PLC");
             REQUIRE(c.officers.has_value());
             REQUIRE(c.officers->size() == 2);
             CHECK(c.officers->at(1).role == didit::KybOfficerRole::Director);
             CHECK(c.officers->at(1).kyc_status.is_null());
             REQUIRE(c.addresses.get() != nullptr);
             CHECK(c.addresses.get()->at(0).type == "legal_entity_registry_address");
             CHECK(c.industries.is_null());
             return true;
         },
         kBase + "kyb/select/", R"({"kyb_response_id":"69aeeb95febb0f1704042259","vendor_data":"company-1234"})",
         spec_example("/v3/kyb/select/", "Resolved company")},
        {"phone_send",
         [&](auto& t) {
             auto r = t.client.checks().phone_send(psend);
             if (!ok(r)) return false;
             CHECK(r->status == didit::PhoneSendStatus::Blocked);
             CHECK(r->reason.value_or("") == "repeated_attempts");
             return true;
         },
         kBase + "phone/send/",
         R"({"options":{"code_size":6,"preferred_channel":"sms"},"phone_number":"+14155552671",)"
         R"("signals":{"device_platform":"ios","ip":"192.0.2.1"}})",
         spec_example("/v3/phone/send/", "Blocked")},
        {"phone_check",
         [&](auto& t) {
             auto r = t.client.checks().phone_check(pcheck);
             if (!ok(r)) return false;
             CHECK(r->status == didit::OtpCheckStatus::Declined);
             REQUIRE(r->phone.get() != nullptr);
             const auto& p = *r->phone.get();
             CHECK(p.status == didit::OtpVerificationStatus::Declined);
             CHECK(p.is_virtual == true);
             CHECK(p.carrier->type == "voip");
             REQUIRE(p.warnings.has_value());
             CHECK(p.warnings->at(0).risk == "VOIP_NUMBER_DETECTED");
             CHECK(p.warnings->at(0).log_type == didit::OtpWarningLogType::Error);
             REQUIRE(p.lifecycle.has_value());
             CHECK(p.lifecycle->at(0).fee == doctest::Approx(0.0709));
             return true;
         },
         kBase + "phone/check/", R"({"code":"123456","phone_number":"+14155552671","voip_number_action":"DECLINE"})",
         spec_example("/v3/phone/check/", "Declined (risk policy)")},
        {"email_send",
         [&](auto& t) {
             auto r = t.client.checks().email_send(esend);
             if (!ok(r)) return false;
             CHECK(r->status == didit::EmailSendStatus::Undeliverable);
             CHECK(r->reason.value_or(didit::EmailSendReason()) == didit::EmailSendReason::EmailCanNotBeDelivered);
             return true;
         },
         kBase + "email/send/",
         R"({"email":"alice@example.com","options":{"alphanumeric_code":true,"locale":"pt-BR"}})",
         spec_example("/v3/email/send/", "Undeliverable")},
        {"email_check",
         [&](auto& t) {
             auto r = t.client.checks().email_check(echeck);
             if (!ok(r)) return false;
             CHECK(r->status == didit::OtpCheckStatus::Approved);
             REQUIRE(r->email.get() != nullptr);
             const auto& e = *r->email.get();
             CHECK(e.is_breached == true);
             REQUIRE(e.breaches.has_value());
             CHECK(e.breaches->at(0).breach_emails_count == 763117);
             CHECK(e.breaches->at(0).data_classes == std::vector<std::string>{"email_addresses", "passwords"});
             CHECK(e.warnings->at(0).log_type == didit::OtpWarningLogType::Information);
             return true;
         },
         kBase + "email/check/",
         R"({"breached_email_action":"NO_ACTION","code":"123456","disposable_email_action":"DECLINE",)"
         R"("email":"alice@example.com"})",
         spec_example("/v3/email/check/", "Approved with breach exposure")},
    };
    for (const auto& c : cases) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(200, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        auto sent = *t.mock.last_request();
        CHECK(sent.method == Method::Post);
        CHECK(sent.url == c.url);
        didit_test::check_api_key_auth(sent);
        didit_test::check_json_body(sent);
        CHECK(sent.body == c.body);
    }
}

TEST_CASE("screening checks: every example reply of the spec decodes, the shapes that differ by outcome too") {
    // Failed checks carry `phone`/`email` null; Expired or Not Found leaves them out; a stateless
    // database validation has a field map in `validations`; a pending select has sparse fields.
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/phone/check/", "Failed (attempts remaining)"))
        .reply(200, spec_example("/v3/email/check/", "Expired or Not Found"))
        .reply(200, spec_example("/v3/database-validation/", "Stateless (save_api_request=false)"))
        .reply(200, spec_example("/v3/kyb/select/", "Pending (registry still resolving)"))
        .reply(200, spec_example("/v3/aml/", "No hits (Approved)"));
    didit::PhoneCheckRequest p;
    p.phone_number = "+14155552671";
    p.code = "000000";
    auto a = t.client.checks().phone_check(p);
    REQUIRE(ok(a));
    CHECK(a->status == didit::OtpCheckStatus::Failed);
    CHECK(a->phone.is_null());
    didit::EmailCheckRequest e;
    e.email = "alice@example.com";
    e.code = "123456";
    auto b = t.client.checks().email_check(e);
    REQUIRE(ok(b));
    CHECK(b->status == didit::OtpCheckStatus::ExpiredOrNotFound);
    CHECK(b->email.is_absent());
    didit::DatabaseValidationRequest d;
    d.issuing_state = "BRA";
    d.save_api_request = false;
    auto c = t.client.checks().database_validation(d);
    REQUIRE(ok(c));
    REQUIRE(c->database_validation->validations.has_value());
    CHECK((*c->database_validation->validations)["full_name"] == "full_match");
    CHECK(t.mock.last_request()->body == R"({"issuing_state":"BRA","save_api_request":false})");
    didit::KybSelectRequest s;
    s.kyb_response_id = "69aeeb95febb0f1704042259";
    auto k = t.client.checks().kyb_select(s);
    REQUIRE(ok(k));
    CHECK(k->kyb_registry->data_resolved == false);
    CHECK(k->kyb_registry->status == didit::KybRegistryCheckStatus::NotFinished);
    CHECK(k->kyb_registry->registry_status.is_null());
    didit::AmlScreeningRequest m;
    m.full_name = "Maximilian Mustermann-Doe";
    auto n = t.client.checks().aml(m);
    REQUIRE(ok(n));
    CHECK(n->aml->total_hits == 0);
    CHECK(n->aml->hits->empty());
    CHECK(n->aml->screened_data->document_number.is_null());
    CHECK(t.mock.last_request()->body == R"({"full_name":"Maximilian Mustermann-Doe"})");

    // The reply side is open: values the spec does not list are kept.
    t.mock.reply(200, R"({"status":"Queued","reason":"carrier_pigeon","future":1})");
    didit::PhoneSendRequest ps;
    ps.phone_number = "+14155552671";
    auto u = t.client.checks().phone_send(ps);
    REQUIRE(ok(u));
    CHECK_FALSE(u->status->is_known());
    CHECK(u->status->str() == "Queued");
    CHECK(u->extra["future"] == 1);
}

TEST_CASE("screening checks: billed or attempt-spending routes are never retried; AML has its own time limit") {
    namespace ep = didit::endpoints;
    CHECK_FALSE(ep::AmlScreen::retry_safe);
    CHECK_FALSE(ep::DatabaseValidate::retry_safe);
    CHECK_FALSE(ep::KybSearch::retry_safe);
    CHECK_FALSE(ep::KybSelect::retry_safe);
    CHECK_FALSE(ep::PhoneSend::retry_safe);
    CHECK_FALSE(ep::PhoneCheck::retry_safe);
    CHECK_FALSE(ep::EmailSend::retry_safe);
    CHECK_FALSE(ep::EmailCheck::retry_safe);
    CHECK(ep::AmlScreen::timeout == std::chrono::milliseconds(90000));
    CHECK(ep::PhoneSend::timeout == std::chrono::milliseconds(0));

    // A 500 on phone check (the spec's "safe to retry" provider error) comes back as it is: the
    // caller decides, and exactly one request went out.
    didit_test::MockClient t;
    t.mock.reply(500, R"({"detail":"Error checking phone verification code."})");
    didit::PhoneCheckRequest p;
    p.phone_number = "+14155552671";
    p.code = "123456";
    auto r = t.client.checks().phone_check(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().status == 500);
    CHECK(t.mock.request_count() == 1);

    // The AML route's Idempotency-Key goes through CallOptions::headers.
    t.mock.reply(200, spec_example("/v3/aml/"));
    didit::AmlScreeningRequest aml;
    aml.full_name = "Jane Doe";
    didit::CallOptions opts;
    opts.headers.set("Idempotency-Key", "screen-user-1234-1");
    REQUIRE(ok(t.client.checks().aml(aml, opts)));
    CHECK(t.mock.last_request()->headers.get("idempotency-key") == "screen-user-1234-1");
    CHECK(t.mock.last_request()->timeout == std::chrono::milliseconds(90000));  // the route's own limit
}

TEST_CASE("screening checks: values outside the spec's request enums are refused before sending") {
    didit_test::MockClient t;
    auto refused = [&](const auto& r, const char* member, const char* value) {
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        INFO(r.error().message);
        CHECK(r.error().message.find(member) != std::string::npos);
        CHECK(r.error().message.find(value) != std::string::npos);
    };
    didit::AmlScreeningRequest aml;
    aml.full_name = "Jane Doe";
    aml.entity_type = didit::AmlEntityType(std::string_view("vessel"));
    refused(t.client.checks().aml(aml), "entity_type", "\"vessel\"");

    didit::DatabaseValidationRequest dbv;
    dbv.issuing_state = "ESP";
    dbv.document_type = didit::DatabaseValidationDocumentType(std::string_view("PASSPORT"));
    refused(t.client.checks().database_validation(dbv), "document_type", "\"PASSPORT\"");
    dbv.document_type = didit::DatabaseValidationDocumentType::P;
    dbv.partial_match_action = didit::DatabaseValidationMatchAction(std::string_view("REVIEW"));
    refused(t.client.checks().database_validation(dbv), "partial_match_action", "\"REVIEW\"");

    didit::KybSearchRequest search;
    search.country_code = "GB";
    search.name = "Tesco";
    search.search_type = didit::KybSearchType(std::string_view("exact"));
    refused(t.client.checks().kyb_search(search), "search_type", "\"exact\"");

    didit::PhoneSendRequest ps;
    ps.phone_number = "+14155552671";
    ps.options.emplace().preferred_channel = didit::PhoneChannel(std::string_view("carrier_pigeon"));
    refused(t.client.checks().phone_send(ps), "preferred_channel", "\"carrier_pigeon\"");
    ps.options.reset();
    ps.signals.emplace().device_platform = didit::OtpDevicePlatform(std::string_view("windows"));
    refused(t.client.checks().phone_send(ps), "device_platform", "\"windows\"");

    didit::PhoneCheckRequest pc;
    pc.phone_number = "+14155552671";
    pc.code = "123456";
    pc.voip_number_action = didit::OtpRiskAction(std::string_view("REVIEW"));
    refused(t.client.checks().phone_check(pc), "voip_number_action", "\"REVIEW\"");

    didit::EmailSendRequest es;
    es.email = "alice@example.com";
    es.options.emplace().locale = didit::EmailLocale(std::string_view("xx"));
    refused(t.client.checks().email_send(es), "locale", "\"xx\"");

    didit::EmailCheckRequest ec;
    ec.email = "alice@example.com";
    ec.code = "123456";
    ec.duplicated_email_action = didit::OtpRiskAction(std::string_view("BLOCK"));
    refused(t.client.checks().email_check(ec), "duplicated_email_action", "\"BLOCK\"");

    // An enum member left default-constructed (no value) is refused too.
    didit::PhoneCheckRequest unset;
    unset.phone_number = "+14155552671";
    unset.code = "123456";
    unset.disposable_number_action = didit::OtpRiskAction();
    auto u = t.client.checks().phone_check(unset);
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("screening checks: the async view sends the same request") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/kyb/search/"));
    didit::KybSearchRequest search;
    search.country_code = "US-CA";
    search.registration_number = "C0806592";
    auto f = t.client.async().checks().kyb_search(search);
    auto r = f.get();
    REQUIRE(ok(r));
    CHECK(t.mock.last_request()->url == kBase + "kyb/search/");
    CHECK(t.mock.last_request()->body == R"({"country_code":"US-CA","registration_number":"C0806592"})");
}
