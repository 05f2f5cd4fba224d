// SPDX-License-Identifier: MIT
// The simulator's transaction monitoring and wallet screening, through the SDK: outcomes chosen by
// amount and address, duplicates, paging, validation errors; the device-facing /v1/ routes and
// their transaction tokens; the healthcheck. Also its standalone screening checks (AML, database
// validation, KYB registry, phone and email one-time codes), chosen by their input.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using didit::Json;

namespace {

struct SimTx {
    std::shared_ptr<didit::sim::Platform> p = std::make_shared<didit::sim::Platform>();
    didit::Client<didit::sim::SimTransport> client{options(p->api_key()), didit::sim::SimTransport(p)};
    static didit::ClientOptions options(const std::string& key) {
        didit::ClientOptions o;
        o.api_key = key;
        o.retry.max_retries = 0;
        o.rate_limit = false;
        return o;
    }
};

didit::TransactionCreateRequest payment(const std::string& id, double amount) {
    didit::TransactionCreateRequest req;
    req.transaction_id = id;
    req.transaction_category = didit::TransactionCategory::Finance;
    req.transaction_details.direction = didit::TransactionDetailsDirection::Outbound;
    req.transaction_details.amount = amount;
    req.transaction_details.currency = "EUR";
    req.subject.vendor_data = "user-1";
    req.subject.full_name = "Maria Garcia";
    return req;
}

}  // namespace

TEST_CASE("sim transactions: the outcome follows the amount; get, list and duplicates behave as the API's") {
    SimTx sim;
    auto small = sim.client.transactions().create(payment("t-1", 1500));
    REQUIRE_MESSAGE(small.ok(), small.error().to_string());
    CHECK(small->status == didit::TransactionStatus::Approved);
    CHECK(small->amount == std::string("1500"));
    CHECK(small->direction == didit::TransactionDirection::Outbound);
    REQUIRE(small->parties.has_value());
    CHECK(small->parties->at(0).role == didit::TransactionPartyRole::Applicant);
    auto large = sim.client.transactions().create(payment("t-2", 25000.5));
    REQUIRE(large.ok());
    CHECK(large->status == didit::TransactionStatus::InReview);
    CHECK(large->score == 60);
    CHECK(large->amount == std::string("25000.5"));
    auto huge = sim.client.transactions().create(payment("t-3", 250000));
    REQUIRE(huge.ok());
    CHECK(huge->status == didit::TransactionStatus::Declined);

    // A reused transaction_id is a 400 naming the field, and not a retry.
    auto dup = sim.client.transactions().create(payment("t-1", 10));
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().status == 400);
    REQUIRE_FALSE(dup.error().field_errors.empty());
    CHECK(dup.error().field_errors[0].field == "transaction_id");

    auto got = sim.client.transactions().get(*large->uuid);
    REQUIRE(got.ok());
    CHECK(got->txn_id == std::string("t-2"));
    auto missing = sim.client.transactions().get("11111111-2222-4333-8444-555555555555");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().status == 404);

    didit::TransactionsListQuery q;
    q.limit = 2;
    std::vector<std::string> ids;
    for (auto& t : sim.client.transactions().list_all(q)) {
        REQUIRE(t.ok());
        ids.push_back(t->txn_id.value_or(""));
    }
    CHECK(ids == std::vector<std::string>{"t-3", "t-2", "t-1"});  // newest first, over two pages
    auto page = sim.client.transactions().list();
    REQUIRE(page.ok());
    CHECK(page->extra["total_transactions"] == 3);

    auto tok = sim.client.transactions().sdk_token(didit::TransactionSdkTokenRequest{"user-1", 60, {}, {}});
    REQUIRE_MESSAGE(tok.ok(), tok.error().to_string());
    CHECK(tok->sdk_token->rfind("txn_", 0) == 0);
}

TEST_CASE("sim wallet screening: deterministic risk from the address; sanctioned and clean addresses on purpose") {
    SimTx sim;
    didit::WalletScreeningRequest req;
    req.blockchain = didit::Blockchain::Btc;
    req.wallet_address = "bc1q-sanctioned-example";
    auto bad = sim.client.transactions().screen_wallet(req);
    REQUIRE_MESSAGE(bad.ok(), bad.error().to_string());
    CHECK(bad->sanctions_hit == true);
    CHECK(bad->severity == didit::RiskSeverity::Critical);
    CHECK(bad->risk_score == 95);
    req.wallet_address = "bc1q-clean-example";
    auto good = sim.client.transactions().screen_wallet(req);
    REQUIRE(good.ok());
    CHECK(good->sanctions_hit == false);
    CHECK(good->severity == didit::RiskSeverity::Low);
    CHECK(good->dominant_risk_category.is_null());
    // The same address gets the same answer; another address may not.
    req.wallet_address = "0x28c6c06298d514db089934071355e5743bf21d60";
    auto a = sim.client.transactions().screen_wallet(req);
    auto b = sim.client.transactions().screen_wallet(req);
    REQUIRE((a.ok() && b.ok()));
    CHECK(a->risk_score == b->risk_score);
    CHECK(*a->risk_score >= 0);
    CHECK(*a->risk_score <= 100);
    // A body the API would refuse: the simulator answers its 400 (sent through `extra`, since the
    // SDK itself refuses an unlisted chain).
    didit::WalletScreeningRequest raw;
    raw.wallet_address = "x";
    raw.blockchain = didit::Blockchain::Eth;
    raw.extra = Json{{"direction", "sideways"}};
    auto refused = sim.client.transactions().screen_wallet(raw);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().status == 400);
    CHECK(refused.error().field_errors.at(0).field == "direction");
}

TEST_CASE("sim AML: a name with \"sanction\" hits, a \"pep\" name hits a PEP list, others are clean") {
    SimTx sim;
    didit::AmlScreeningRequest req;
    req.full_name = "Ivan Sanctioned Example";
    req.date_of_birth = "1970-05-01";
    req.nationality = "RU";
    req.vendor_data = "user-7";
    auto hit = sim.client.checks().aml(req);
    REQUIRE_MESSAGE(hit.ok(), hit.error().to_string());
    REQUIRE(hit->aml.has_value());
    CHECK(hit->aml->total_hits == 1);
    CHECK(hit->aml->score.value_or(0.0) == doctest::Approx(100));
    // 100 is above the approve threshold (80) and not above the review one (100): In Review.
    CHECK(hit->aml->status == didit::AmlScreeningStatus::InReview);
    const auto& h = hit->aml->hits->at(0);
    CHECK(h.review_status.value_or(didit::AmlScreeningHitReview()) == didit::AmlScreeningHitReview::Unreviewed);
    CHECK(h.match_score.value_or(0.0) >= 93);
    REQUIRE(h.sanction_matches.has_value());
    CHECK(h.sanction_matches->size() == 1);
    CHECK(hit->aml->warnings->at(0).risk == "POSSIBLE_MATCH_FOUND");
    CHECK(hit->vendor_data.value_or("") == "user-7");
    // The same request, the same hit; a lower review threshold declines it.
    auto again = sim.client.checks().aml(req);
    REQUIRE(again.ok());
    CHECK(again->aml->hits->at(0).id.value_or("") == h.id.value_or("-"));
    CHECK(again->aml->hits->at(0).match_score.value_or(0.0) == h.match_score.value_or(1.0));
    req.aml_score_review_threshold = 90;
    auto declined = sim.client.checks().aml(req);
    REQUIRE(declined.ok());
    CHECK(declined->aml->status == didit::AmlScreeningStatus::Declined);
    // A match-score cut-off above every match makes the hit a false positive: Approved, score 0.
    req.aml_score_review_threshold.reset();
    req.aml_match_score_threshold = 100;
    req.full_name = "Sanction Test Person";
    req.date_of_birth.reset();
    req.nationality.reset();
    auto fp = sim.client.checks().aml(req);
    REQUIRE(fp.ok());
    CHECK(fp->aml->hits->at(0).match_score.value_or(100.0) < 100);  // the name alone scores 94-99
    CHECK(fp->aml->status == didit::AmlScreeningStatus::Approved);
    CHECK(fp->aml->score.value_or(-1.0) == doctest::Approx(0));
    CHECK(fp->aml->hits->at(0).review_status.value_or(didit::AmlScreeningHitReview()) ==
          didit::AmlScreeningHitReview::FalsePositive);

    didit::AmlScreeningRequest pep;
    pep.full_name = "Pepita Official";
    auto p = sim.client.checks().aml(pep);
    REQUIRE(p.ok());
    CHECK(p->aml->status == didit::AmlScreeningStatus::Approved);  // risk 73 stays under 80
    CHECK(p->aml->score.value_or(0.0) == doctest::Approx(73));
    CHECK(p->aml->hits->at(0).pep_matches->size() == 1);

    didit::AmlScreeningRequest clean;
    clean.full_name = "Maria Garcia";
    clean.entity_type = didit::AmlEntityType::Person;
    auto c = sim.client.checks().aml(clean);
    REQUIRE(c.ok());
    CHECK(c->aml->status == didit::AmlScreeningStatus::Approved);
    CHECK(c->aml->total_hits == 0);
    CHECK(c->aml->score.value_or(-1.0) == doctest::Approx(0));
    CHECK(c->aml->warnings->empty());
    CHECK(c->aml->screened_data->nationality.is_null());

    // The API's cross-field rules: weights summing to 100, ordered thresholds.
    clean.aml_name_weight = 50;
    auto w = sim.client.checks().aml(clean);
    REQUIRE_FALSE(w.ok());
    CHECK(w.error().status == 400);
    CHECK(w.error().message.find("AML weights must sum to 100. Current sum: 90") != std::string::npos);
    clean.aml_name_weight.reset();
    clean.aml_score_approve_threshold = 90;
    clean.aml_score_review_threshold = 80;
    auto o = sim.client.checks().aml(clean);
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().message.find("Approve threshold (90.0) cannot be greater than review threshold (80.0)") !=
          std::string::npos);
    didit::AmlScreeningRequest bad_country;
    bad_country.full_name = "X";
    bad_country.nationality = "ESP";
    auto n = sim.client.checks().aml(bad_country);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().field_errors.at(0).field == "nationality");
}

TEST_CASE("sim database validation: the identification number picks the outcome") {
    SimTx sim;
    didit::DatabaseValidationRequest req;
    req.issuing_state = "BRA";
    req.identification_number = "12345678900";
    req.first_name = "John";
    req.last_name = "Doe";
    req.date_of_birth = "1980-01-01";
    auto full = sim.client.checks().database_validation(req);
    REQUIRE_MESSAGE(full.ok(), full.error().to_string());
    const auto& f = *full->database_validation;
    CHECK(f.status == didit::DatabaseValidationStatus::Approved);
    CHECK(f.match_type.value_or(didit::DatabaseValidationMatchType()) == didit::DatabaseValidationMatchType::FullMatch);
    CHECK(f.validation_type == didit::DatabaseValidationType::OneByOne);
    REQUIRE(f.validations->is_array());
    CHECK((*f.validations)[0]["service_id"] == "bra_cpf");
    CHECK((*f.validations)[0]["outcome_code"] == "MATCH");
    CHECK((*f.validations)[0]["validation"]["date_of_birth"] == "full_match");
    CHECK((*f.screened_data)["tax_number"] == "12345678900");  // the universal field, mapped
    CHECK_FALSE(f.services_used.has_value());                  // only when `services` was sent

    req.identification_number = "12345678999";
    req.services = std::vector<std::string>{"bra_cpf"};
    auto no = sim.client.checks().database_validation(req);
    REQUIRE(no.ok());
    CHECK(no->database_validation->status == didit::DatabaseValidationStatus::Declined);  // no_match_action DECLINE
    CHECK(no->database_validation->match_score == 0.0);
    CHECK(no->database_validation->services_used == std::vector<std::string>{"bra_cpf"});
    CHECK(no->database_validation->warnings->at(0).risk == "DATABASE_VALIDATION_NO_MATCH");
    req.no_match_action = didit::DatabaseValidationMatchAction::NoAction;
    auto kept = sim.client.checks().database_validation(req);
    REQUIRE(kept.ok());
    CHECK(kept->database_validation->status == didit::DatabaseValidationStatus::Approved);

    req.identification_number = "12345678998";
    req.save_api_request = false;
    auto partial = sim.client.checks().database_validation(req);
    REQUIRE(partial.ok());
    CHECK(partial->database_validation->match_type.value_or(didit::DatabaseValidationMatchType()) ==
          didit::DatabaseValidationMatchType::PartialMatch);
    CHECK(partial->database_validation->status == didit::DatabaseValidationStatus::Approved);
    REQUIRE(partial->database_validation->validations->is_object());  // a merged field map when not saved
    CHECK((*partial->database_validation->validations)["date_of_birth"] == "no_match");

    req.identification_number = "12345678997";
    auto down = sim.client.checks().database_validation(req);
    REQUIRE_FALSE(down.ok());
    CHECK(down.error().status == 502);

    // The API also takes the body as multipart/form-data (for a selfie): its fields arrive as text.
    didit::HttpRequest form;
    form.method = didit::Method::Post;
    form.url = "http://sim.invalid/v3/database-validation/";
    form.headers.set("x-api-key", sim.p->api_key());
    form.headers.set("Content-Type", "multipart/form-data; boundary=b0undary");
    auto field = [](const char* name, const char* value) {
        return std::string("--b0undary\r\nContent-Disposition: form-data; name=\"") + name + "\"\r\n\r\n" + value +
               "\r\n";
    };
    form.body = field("issuing_state", "BRA") + field("identification_number", "12345678900") +
                field("services", "bra_cpf") + field("save_api_request", "false") + "--b0undary--\r\n";
    didit::HttpResponse fr = sim.p->handle(form);
    CHECK(fr.status == 200);
    Json fj = Json::parse(fr.body, nullptr, false);
    CHECK(fj["database_validation"]["services_used"] == Json::array({"bra_cpf"}));
    CHECK(fj["database_validation"]["validations"]["identification_number"] == "full_match");

    // The API's refusals: a malformed CPF, an unknown service, an unsupported country.
    req.identification_number = "1234567890";
    auto shortcpf = sim.client.checks().database_validation(req);
    REQUIRE_FALSE(shortcpf.ok());
    CHECK(shortcpf.error().field_errors.at(0).field == "tax_number");
    req.identification_number = "12345678900";
    req.services = std::vector<std::string>{"per_dni"};
    auto elsewhere = sim.client.checks().database_validation(req);
    REQUIRE_FALSE(elsewhere.ok());
    CHECK(elsewhere.error().message.find("Services not currently live for BRA") != std::string::npos);
    req.services.reset();
    req.issuing_state = "ATL";
    auto nowhere = sim.client.checks().database_validation(req);
    REQUIRE_FALSE(nowhere.ok());
    CHECK(nowhere.error().message.find("Invalid issuing state") != std::string::npos);
}

TEST_CASE("sim KYB registry: candidates derived from the query, then the selected company's profile") {
    SimTx sim;
    didit::KybSearchRequest search;
    search.country_code = "gb";
    search.name = "Acme Widgets";
    auto s = sim.client.checks().kyb_search(search);
    REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    const auto& reg = *s->kyb_registry;
    CHECK(reg.search_resolved == true);
    REQUIRE(reg.companies.has_value());
    REQUIRE_FALSE(reg.companies->empty());
    CHECK(reg.companies->size() <= 3);
    CHECK(reg.pagination->total == static_cast<std::int64_t>(reg.companies->size()));
    const auto& first = reg.companies->front();
    CHECK(first.name.value_or("").rfind("ACME WIDGETS", 0) == 0);
    CHECK(first.fetch_status.value_or("") == "pending");
    CHECK(first.kyb_response_id.value_or("").size() == 24);
    // The same query gives the same companies.
    auto s2 = sim.client.checks().kyb_search(search);
    REQUIRE(s2.ok());
    CHECK(s2->kyb_registry->companies->size() == reg.companies->size());
    CHECK(s2->kyb_registry->companies->front().registration_number == first.registration_number);

    didit::KybSelectRequest pick;
    pick.kyb_response_id = first.kyb_response_id.value_or("");
    pick.vendor_data = "company-1";
    auto c = sim.client.checks().kyb_select(pick);
    REQUIRE_MESSAGE(c.ok(), c.error().to_string());
    const auto& co = *c->kyb_registry;
    CHECK(co.company_name == first.name.value_or("-"));
    CHECK(co.registration_number.value_or("") == first.registration_number.value_or("-"));
    CHECK(co.country_code == std::string("GB"));
    CHECK(co.status == didit::KybRegistryCheckStatus::Approved);
    CHECK(co.registry_status.value_or(didit::KybRegistryStatus()) == didit::KybRegistryStatus::Active);
    CHECK(co.data_resolved == true);
    REQUIRE(co.officers.has_value());
    CHECK(co.officers->at(0).role == didit::KybOfficerRole::Director);
    REQUIRE(co.beneficial_owners.has_value());
    CHECK(co.beneficial_owners->at(0).effective_ownership_percent.value_or(0.0) >= 25);
    CHECK(c->vendor_data.value_or("") == "company-1");

    // By registration number: exactly that company; a dissolved one is routed to review.
    didit::KybSearchRequest by_number;
    by_number.country_code = "US-DE";
    by_number.name = "Dissolved Holdings";
    by_number.registration_number = "7654321";
    auto n = sim.client.checks().kyb_search(by_number);
    REQUIRE(n.ok());
    REQUIRE(n->kyb_registry->companies->size() == 1);
    CHECK(n->kyb_registry->companies->at(0).registration_number.value_or("") == "7654321");
    pick.kyb_response_id = n->kyb_registry->companies->at(0).kyb_response_id.value_or("");
    auto d = sim.client.checks().kyb_select(pick);
    REQUIRE(d.ok());
    CHECK(d->kyb_registry->status == didit::KybRegistryCheckStatus::InReview);
    CHECK(d->kyb_registry->region.value_or("") == "DE");

    // Nothing found; the API's refusals.
    search.name = "Nonexistent Corp";
    auto none = sim.client.checks().kyb_search(search);
    REQUIRE(none.ok());
    CHECK(none->kyb_registry->companies->empty());
    didit::KybSearchRequest neither;
    neither.country_code = "GB";
    auto e = sim.client.checks().kyb_search(neither);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message.find("Either 'name' or 'registration_number' is required.") != std::string::npos);
    pick.kyb_response_id = "000000000000000000000000";
    auto unknown = sim.client.checks().kyb_select(pick);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().status == 400);
    pick.kyb_response_id = first.kyb_response_id.value_or("");
    pick.save_api_request = false;
    auto unsaved = sim.client.checks().kyb_select(pick);
    REQUIRE_FALSE(unsaved.ok());
    CHECK(unsaved.error().field_errors.at(0).field == "save_api_request");
}

TEST_CASE("sim phone OTP: send, a wrong code fails, 123456 approves; retries, blocking, expiry and risks") {
    SimTx sim;
    didit::PhoneSendRequest send;
    send.phone_number = "+14155552671";
    send.vendor_data = "user-1";
    auto s = sim.client.checks().phone_send(send);
    REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    CHECK(s->status == didit::PhoneSendStatus::Success);
    CHECK(s->reason.is_null());
    auto retry = sim.client.checks().phone_send(send);
    REQUIRE(retry.ok());
    CHECK(retry->status == didit::PhoneSendStatus::Retry);
    CHECK(retry->request_id == s->request_id);

    didit::PhoneCheckRequest check;
    check.phone_number = "+14155552671";
    check.code = "654321";
    auto wrong = sim.client.checks().phone_check(check);
    REQUIRE(wrong.ok());  // a wrong code is a 200
    CHECK(wrong->status == didit::OtpCheckStatus::Failed);
    CHECK(wrong->phone.is_null());
    CHECK(wrong->message.value_or("").find("Attempts remaining: 2") != std::string::npos);
    CHECK(wrong->request_id != s->request_id);
    check.code = "123456";
    auto right = sim.client.checks().phone_check(check);
    REQUIRE(right.ok());
    CHECK(right->status == didit::OtpCheckStatus::Approved);
    CHECK(right->request_id == s->request_id);
    CHECK(right->vendor_data.value_or("") == "user-1");
    REQUIRE(right->phone.get() != nullptr);
    const auto& p = *right->phone.get();
    CHECK(p.country_code.value_or("") == "US");
    CHECK(p.phone_number_prefix == std::string("+1"));
    CHECK(p.phone_number == std::string("4155552671"));
    CHECK(p.verification_attempts == 2);
    CHECK(p.is_virtual == false);
    REQUIRE(p.lifecycle.has_value());
    CHECK(p.lifecycle->front().type == std::string("PHONE_VERIFICATION_MESSAGE_SENT"));
    CHECK(p.lifecycle->back().type == std::string("PHONE_VERIFICATION_APPROVED"));
    // Finalized: nothing is pending any more.
    auto after = sim.client.checks().phone_check(check);
    REQUIRE(after.ok());
    CHECK(after->status == didit::OtpCheckStatus::ExpiredOrNotFound);
    CHECK(after->phone.is_absent());

    // Three wrong codes decline.
    send.phone_number = "+447700900123";
    REQUIRE(sim.client.checks().phone_send(send).ok());
    check.phone_number = "+447700900123";
    check.code = "111111";
    REQUIRE(sim.client.checks().phone_check(check)->status == didit::OtpCheckStatus::Failed);
    REQUIRE(sim.client.checks().phone_check(check)->status == didit::OtpCheckStatus::Failed);
    auto third = sim.client.checks().phone_check(check);
    REQUIRE(third.ok());
    CHECK(third->status == didit::OtpCheckStatus::Declined);
    CHECK(third->phone.get()->warnings->at(0).risk == "VERIFICATION_CODE_ATTEMPTS_EXCEEDED");

    // A VoIP number (national number starting 500) declines when asked to.
    send.phone_number = "+15005550006";
    REQUIRE(sim.client.checks().phone_send(send).ok());
    check.phone_number = "+15005550006";
    check.code = "123456";
    check.voip_number_action = didit::OtpRiskAction::Decline;
    auto voip = sim.client.checks().phone_check(check);
    REQUIRE(voip.ok());
    CHECK(voip->status == didit::OtpCheckStatus::Declined);
    CHECK(voip->phone.get()->is_virtual == true);
    CHECK(voip->phone.get()->warnings->at(0).risk == "VOIP_NUMBER_DETECTED");

    // A number ending in 0000 is blocked; its check finds nothing.
    send.phone_number = "+14155550000";
    auto blocked = sim.client.checks().phone_send(send);
    REQUIRE(blocked.ok());
    CHECK(blocked->status == didit::PhoneSendStatus::Blocked);
    CHECK(blocked->reason.value_or("") == "suspicious");
    check.phone_number = "+14155550000";
    check.voip_number_action.reset();
    CHECK(sim.client.checks().phone_check(check)->status == didit::OtpCheckStatus::ExpiredOrNotFound);

    // Codes expire after 5 minutes.
    send.phone_number = "+34600111222";
    REQUIRE(sim.client.checks().phone_send(send).ok());
    REQUIRE(sim.p->control(didit::Method::Post, "/_sim/clock/", Json{{"advance_seconds", 301}}).ok());
    check.phone_number = "+34600111222";
    CHECK(sim.client.checks().phone_check(check)->status == didit::OtpCheckStatus::ExpiredOrNotFound);

    // At most 4 send attempts per number and hour.
    send.phone_number = "+4915112345678";
    for (int i = 0; i < 4; ++i) REQUIRE(sim.client.checks().phone_send(send).ok());
    auto capped = sim.client.checks().phone_send(send);
    REQUIRE_FALSE(capped.ok());
    CHECK(capped.error().status == 429);

    // The API's refusals: a number that is not E.164, a code that is not 4-8 digits.
    send.phone_number = "4155552671";
    auto bad = sim.client.checks().phone_send(send);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field_errors.at(0).field == "phone_number");
    check.code = "12ab";
    auto badcode = sim.client.checks().phone_check(check);
    REQUIRE_FALSE(badcode.ok());
    CHECK(badcode.error().field_errors.at(0).field == "code");
}

TEST_CASE("sim email OTP: the code is emailed (123456), checked case-insensitively; risks by address") {
    SimTx sim;
    didit::EmailSendRequest send;
    send.email = "alice@example.com";
    auto s = sim.client.checks().email_send(send);
    REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    CHECK(s->status == didit::EmailSendStatus::Success);
    CHECK(sim.p->last_code_for("alice@example.com") == "123456");
    didit::EmailCheckRequest check;
    check.email = "Alice@Example.com";
    check.code = "000000";
    auto wrong = sim.client.checks().email_check(check);
    REQUIRE(wrong.ok());
    CHECK(wrong->status == didit::OtpCheckStatus::Failed);
    CHECK(wrong->email.is_null());
    check.code = "123456";
    auto right = sim.client.checks().email_check(check);
    REQUIRE(right.ok());
    CHECK(right->status == didit::OtpCheckStatus::Approved);
    CHECK(right->request_id == s->request_id);
    REQUIRE(right->email.get() != nullptr);
    CHECK(right->email.get()->email == std::string("alice@example.com"));
    CHECK(right->email.get()->is_breached == false);
    CHECK(right->email.get()->status == didit::OtpVerificationStatus::Approved);

    // A throwaway domain declines when asked to; a breached address is recorded, not declined.
    send.email = "tempuser42@mailinator.com";
    REQUIRE(sim.client.checks().email_send(send).ok());
    check.email = "tempuser42@mailinator.com";
    check.disposable_email_action = didit::OtpRiskAction::Decline;
    auto disposable = sim.client.checks().email_check(check);
    REQUIRE(disposable.ok());
    CHECK(disposable->status == didit::OtpCheckStatus::Declined);
    CHECK(disposable->email.get()->is_disposable == true);
    send.email = "breached.bob@example.com";
    REQUIRE(sim.client.checks().email_send(send).ok());
    check.email = "breached.bob@example.com";
    auto breached = sim.client.checks().email_check(check);
    REQUIRE(breached.ok());
    CHECK(breached->status == didit::OtpCheckStatus::Approved);
    CHECK(breached->email.get()->is_breached == true);
    CHECK(breached->email.get()->breaches->size() == 1);
    CHECK(breached->email.get()->warnings->at(0).risk == "BREACHED_EMAIL_DETECTED");

    // An undeliverable domain: nothing is sent and nothing is pending.
    send.email = "nobody@mail.invalid";
    auto undeliverable = sim.client.checks().email_send(send);
    REQUIRE(undeliverable.ok());
    CHECK(undeliverable->status == didit::EmailSendStatus::Undeliverable);
    CHECK(undeliverable->reason.value_or(didit::EmailSendReason()) == didit::EmailSendReason::EmailCanNotBeDelivered);
    CHECK(sim.p->last_code_for("nobody@mail.invalid").empty());
    check.email = "nobody@mail.invalid";
    CHECK(sim.client.checks().email_check(check)->status == didit::OtpCheckStatus::ExpiredOrNotFound);

    send.email = "not-an-address";
    auto bad = sim.client.checks().email_send(send);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field_errors.at(0).field == "email");
}

namespace {

/// A transaction as a user's device submits it.
didit::SdkTransactionRequest device_payment(const std::string& id, double amount) {
    didit::SdkTransactionRequest req;
    req.txnId = id;
    req.type = "finance";
    req.info.direction = "out";
    req.info.amount = amount;
    req.info.currency = "EUR";
    req.subject.fullName = "Maria Garcia";
    req.subject.externalUserId = "someone-else";  // ignored: the token's vendor_data wins
    return req;
}

/// A client of the device: no API key at all, only the transaction token passed to each call.
didit::Client<didit::sim::SimTransport> device_client(const std::shared_ptr<didit::sim::Platform>& p) {
    didit::ClientOptions o;
    o.api_key = "device-has-no-api-key";  // set, so DIDIT_API_KEY cannot fill it; never sent here
    o.retry.max_retries = 0;
    o.rate_limit = false;
    return didit::Client<didit::sim::SimTransport>(o, didit::sim::SimTransport(p));
}

std::string mint(SimTx& sim, const std::string& vendor_data, std::optional<std::int64_t> max_uses = std::nullopt,
                 std::int64_t ttl = 900) {
    didit::TransactionSdkTokenRequest req;
    req.vendor_data = vendor_data;
    req.ttl_seconds = ttl;
    if (max_uses) req.max_uses = *max_uses;
    auto t = sim.client.transactions().sdk_token(req);
    REQUIRE_MESSAGE(t.ok(), t.error().to_string());
    REQUIRE(t->sdk_token.has_value());
    return *t->sdk_token;
}

}  // namespace

TEST_CASE("sim transactions: the device-facing routes accept the minted transaction token and nothing else") {
    SimTx sim;
    const didit::TransactionToken token(mint(sim, "user-042"));
    auto device = device_client(sim.p);

    auto sent = device.transactions().submit_from_sdk(token, device_payment("dev-1", 1500));
    REQUIRE_MESSAGE(sent.ok(), sent.error().to_string());
    CHECK(sent->status == didit::TransactionStatus::Approved);
    CHECK(sent->amount == std::string("1500"));
    REQUIRE(sent->vendor_data.has_value());
    CHECK(sent->vendor_data.value() == "user-042");  // the token's, not the body's
    REQUIRE(sent->uuid.has_value());
    auto read = device.transactions().get_from_sdk(token, *sent->uuid);
    REQUIRE_MESSAGE(read.ok(), read.error().to_string());
    CHECK(read->uuid == sent->uuid);
    // The server side sees the same transaction through the API key.
    auto server = sim.client.transactions().get(*sent->uuid);
    REQUIRE(server.ok());
    CHECK(server->txn_id == std::string("dev-1"));
    // The amount decides the outcome as on /v3/; validation answers 400.
    auto large = device.transactions().submit_from_sdk(token, device_payment("dev-2", 25000));
    REQUIRE(large.ok());
    CHECK(large->status == didit::TransactionStatus::InReview);
    auto dup = device.transactions().submit_from_sdk(token, device_payment("dev-1", 10));
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().status == 400);

    // An unknown token: 401; an unknown transaction: 404.
    auto forged = device.transactions().get_from_sdk(didit::TransactionToken("txn_forged"), *sent->uuid);
    REQUIRE_FALSE(forged.ok());
    CHECK(forged.error().status == 401);
    CHECK(forged.error().kind == didit::ErrorKind::Authentication);
    auto missing = device.transactions().get_from_sdk(token, "33333333-4444-4555-8666-777777777777");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().status == 404);

    // The API key is not a credential there: without the token header, 401 (sent by hand, since
    // the SDK cannot send these routes without a token).
    didit::HttpRequest raw;
    raw.method = didit::Method::Get;
    raw.url = "https://verification.didit.me/v1/transactions/" + *sent->uuid + "/";
    raw.headers.set("x-api-key", sim.p->api_key());
    auto by_key = sim.p->handle(raw);
    CHECK(by_key.status == 401);
    // And the transaction token is no credential on the /v3/ routes.
    raw.url = "https://verification.didit.me/v3/transactions/" + *sent->uuid + "/";
    raw.headers = {};
    raw.headers.set("X-Transaction-Token", mint(sim, "user-042"));
    auto by_token = sim.p->handle(raw);
    CHECK((by_token.status == 401 || by_token.status == 403));
}

TEST_CASE("sim transactions: a transaction token stops at its max_uses and at its expiry") {
    SimTx sim;
    const didit::TransactionToken once(mint(sim, "user-1", 1));
    auto device = device_client(sim.p);
    auto first = device.transactions().submit_from_sdk(once, device_payment("once-1", 10));
    REQUIRE_MESSAGE(first.ok(), first.error().to_string());
    auto second = device.transactions().submit_from_sdk(once, device_payment("once-2", 10));
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().status == 401);
    // A refused submission (400) does not use up the token.
    const didit::TransactionToken twice(mint(sim, "user-1", 1));
    auto bad = device.transactions().submit_from_sdk(twice, device_payment("once-1", 10));  // duplicate id
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().status == 400);
    CHECK(device.transactions().submit_from_sdk(twice, device_payment("twice-1", 10)).ok());

    const didit::TransactionToken brief(mint(sim, "user-1", std::nullopt, 60));
    REQUIRE(device.transactions().submit_from_sdk(brief, device_payment("brief-1", 10)).ok());
    CHECK(sim.p->control(didit::Method::Post, "/_sim/clock/", Json{{"advance_seconds", 61}}).ok());
    auto late = device.transactions().submit_from_sdk(brief, device_payment("brief-2", 10));
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().status == 401);
    CHECK(late.error().message.find("expired") != std::string::npos);
}

TEST_CASE("sim system: the healthcheck answers 200 without a credential") {
    SimTx sim;
    auto h = sim.client.system().healthcheck();
    REQUIRE_MESSAGE(h.ok(), h.error().to_string());
    CHECK(h->status == didit::HealthcheckStatus::Ok);
    REQUIRE(h->timestamp.has_value());
    CHECK(h->timestamp->size() == 24);  // 2026-04-21T16:42:50.445Z
    CHECK(h->timestamp->back() == 'Z');
    didit::HttpRequest raw;
    raw.method = didit::Method::Get;
    raw.url = "https://verification.didit.me/system/healthcheck";
    CHECK(sim.p->handle(raw).status == 200);
}
