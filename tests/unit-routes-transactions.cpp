// SPDX-License-Identifier: MIT
// Transaction monitoring and wallet screening: wire format, the strict request side (closed enums,
// required members), reply decoding from the spec's examples, paging, and the async view.
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::Method;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;
using didit_test::check_no_body;

const std::string kBase = "https://verification.didit.me";
const std::string kUuid = "abcdef12-3456-7890-abcd-ef1234567890";

/// The first example of the spec's `status` JSON reply of `method` `path`, as text.
std::string spec_reply(const char* method, const char* path, const char* status) {
    const Json* op = didit_test::openapi_operation(method, path);
    REQUIRE(op != nullptr);
    const Json& media = (*op)["responses"][status]["content"]["application/json"];
    if (media.contains("example")) return media["example"].dump();
    return media["examples"].begin().value()["value"].dump();
}

didit::WalletScreeningRequest wallet() {
    didit::WalletScreeningRequest req;
    req.wallet_address = "0x28c6c06298d514db089934071355e5743bf21d60";
    req.blockchain = didit::Blockchain::Eth;
    return req;
}

}  // namespace

TEST_CASE("transactions: screen_wallet sends POST /v3/wallet-screening/ and decodes the spec's reply") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_reply("post", "/v3/wallet-screening/", "200"));
    auto req = wallet();
    req.direction = didit::WalletScreeningDirection::Withdrawal;
    auto r = t.client.transactions().screen_wallet(req);
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/wallet-screening/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"blockchain":"ETH","direction":"withdrawal",)"
                       R"("wallet_address":"0x28c6c06298d514db089934071355e5743bf21d60"})");
    CHECK(r->risk_score == 72);
    CHECK(r->severity == didit::RiskSeverity::High);
    CHECK(r->status == didit::WalletScreeningStatus::Screened);
    CHECK(r->sanctions_hit == true);
    CHECK(r->dominant_risk_category.get() != nullptr);
    REQUIRE(r->source_of_funds.has_value());
    REQUIRE_FALSE(r->source_of_funds->empty());
    CHECK(r->source_of_funds->at(0).entity_name == "Binance.com");
    CHECK(r->source_of_funds->at(0).exposure_direction == didit::ExposureDirection::Incoming);
    CHECK(r->source_of_funds->at(0).risk_level == didit::RiskSeverity::Low);
    // Not retried: screening is billed per call.
    CHECK_FALSE(didit::endpoints::WalletScreen::retry_safe);
}

TEST_CASE("transactions: the request side is closed: an unlisted chain or an unset one is refused unsent") {
    didit_test::MockClient t;
    auto req = wallet();
    req.blockchain = didit::Blockchain(std::string_view("AVAX"));  // not one the API accepts here
    auto r = t.client.transactions().screen_wallet(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("blockchain") != std::string::npos);
    CHECK(r.error().message.find("\"AVAX\"") != std::string::npos);
    didit::WalletScreeningRequest unset;  // a required chain left unset
    unset.wallet_address = "bc1q";
    auto u = t.client.transactions().screen_wallet(unset);
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.requests().empty());
    // The reply side stays open: an unknown severity is kept.
    t.mock.reply(200, R"({"severity":"EXTREME","blockchain":"AVAX"})");
    auto ok = t.client.transactions().screen_wallet(wallet());
    REQUIRE(ok.ok());
    CHECK_FALSE(ok->severity->is_known());
    CHECK(ok->severity->str() == "EXTREME");
}

TEST_CASE("transactions: create sends exactly the members set and decodes the spec's 201 examples") {
    didit_test::MockClient t;
    t.mock.reply(201, spec_reply("post", "/v3/transactions/", "201"));
    didit::TransactionCreateRequest req;
    req.transaction_id = "your-txn-2026-05-17-001";
    req.transaction_category = didit::TransactionCategory::Finance;
    req.transaction_details.direction = didit::TransactionDetailsDirection::Outbound;
    req.transaction_details.amount = 1500;
    req.transaction_details.currency = "EUR";
    req.transaction_details.action_type = "withdrawal";
    req.subject.entity_type = "individual";
    req.subject.vendor_data = "user-12345";
    req.subject.full_name = "Maria Garcia";
    req.custom_properties = std::map<std::string, Json>{{"channel", "app"}, {"risk", 3}};
    auto r = t.client.transactions().create(req);
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/transactions/");
    check_api_key_auth(sent);
    CHECK(didit_test::parse(sent.body) ==
          Json::parse(R"({"transaction_id":"your-txn-2026-05-17-001","transaction_category":"finance",
            "transaction_details":{"direction":"outbound","amount":1500,"currency":"EUR","action_type":"withdrawal"},
            "subject":{"entity_type":"individual","vendor_data":"user-12345","full_name":"Maria Garcia"},
            "custom_properties":{"channel":"app","risk":3}})"));
    CHECK(r->uuid.has_value());
    CHECK(r->status.has_value());
    CHECK_FALSE(didit::endpoints::TransactionsCreate::retry_safe);
}

TEST_CASE("transactions: get, list with paging, and the SDK token") {
    didit_test::MockClient t;
    const std::string one = spec_reply("get", "/v3/transactions/{transaction_id}/", "200");
    t.mock.reply(200, one)
        .reply(200, R"({"count":2,"next":"https://verification.didit.me/v3/transactions/?limit=1&offset=1",)"
                    R"("previous":null,"total_transactions":2,"results":[)" +
                        one + "]}")
        .reply(200, R"({"count":2,"next":null,"previous":null,"total_transactions":2,"results":[)" + one + "]}")
        .reply(201, spec_reply("post", "/v3/transactions/sdk-token/", "201"));
    auto g = t.client.transactions().get(kUuid);
    REQUIRE_MESSAGE(g.ok(), g.error().to_string());
    CHECK(t.mock.last_request()->url == kBase + "/v3/transactions/" + kUuid + "/");
    check_no_body(*t.mock.last_request());

    didit::TransactionsListQuery q;
    q.limit = 1;
    std::vector<std::string> seen;
    for (auto& item : t.client.transactions().list_all(q)) {
        REQUIRE(item.ok());
        seen.push_back(item->uuid.value_or(""));
    }
    CHECK(seen.size() == 2);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[1].url == kBase + "/v3/transactions/?limit=1");
    CHECK(reqs[2].url == kBase + "/v3/transactions/?limit=1&offset=1");

    didit::TransactionSdkTokenRequest tok;
    tok.vendor_data = "user-12345";
    tok.ttl_seconds = 600;
    auto k = t.client.transactions().sdk_token(tok);
    REQUIRE_MESSAGE(k.ok(), k.error().to_string());
    CHECK(t.mock.last_request()->body == R"({"ttl_seconds":600,"vendor_data":"user-12345"})");
    CHECK(k->sdk_token.has_value());
}

TEST_CASE("transactions: a transaction uuid is checked before sending") {
    didit_test::MockClient t;
    auto r = t.client.transactions().get("your-txn-2026-05-17-001");  // your id, not Didit's uuid
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.requests().empty());
}

TEST_CASE("transactions: the async view has the same group") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_reply("post", "/v3/wallet-screening/", "200"));
    auto f = t.client.async().transactions().screen_wallet(wallet());
    auto r = f.get();
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r->severity == didit::RiskSeverity::High);
}
