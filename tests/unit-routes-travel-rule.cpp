// SPDX-License-Identifier: MIT
// Travel Rule routes: method, URL and exact body of each call, paging, UUID paths, the closed
// request enums, and the spec's reply examples.
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::Method;

const std::string kBase = "https://verification.didit.me/v3/";
const std::string kEntry = "11111111-2222-4333-8444-555555555555";
const std::string kTxn = "abcdef12-3456-4890-abcd-ef1234567890";

/// One call of the table below: what it sends, and the reply it gets.
struct Case {
    const char* name;
    std::function<bool(didit_test::MockClient&)> call;  ///< true when the call succeeded
    Method method;
    std::string url;
    std::string body;  ///< exact body, "" for none
    int status;
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

}  // namespace

TEST_CASE("travel rule: every route sends its method, URL and exact body, and decodes its reply") {
    didit::TravelRuleSettingsRequest settings;
    settings.is_enabled = true;
    settings.name_matching_strictness = didit::NameMatchingStrictness::Fuzzy;
    settings.timeout_outcome = didit::TimeoutOutcome::Hold;
    didit::WalletAddressCreateRequest add;
    add.address = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh";
    add.chain = "BTC";
    add.self_declared = true;
    didit::WalletAddressUpdateRequest upd;
    upd.holder_name = "Maria Garcia";
    didit::VaspsQuery vq;
    vq.search = "acme exchange";
    vq.limit = 5;
    didit::TravelRuleTransferRequest fin;
    fin.payment_txn_id = "0xabc";
    didit::TravelRuleTransferRequest cancel;
    cancel.action = didit::TransferAction::Cancel;
    didit::OwnershipConfirmation own;
    own.confirmed = true;
    didit::InboundTransferRequest in;
    in.chain = "ETH";
    in.txid = "0xdef";
    in.wallet_address = "0x28c6";
    in.amount = "1.5";
    in.currency = "ETH";
    didit::WidgetSessionRequest widget;
    widget.wallet_address = "0x28c6";
    widget.chain = "ETH";

    const std::vector<Case> cases = {
        {"settings", [](auto& t) { return ok(t.client.travel_rule().settings()); }, Method::Get,
         kBase + "travel-rule/settings/", "", 200, R"({"is_enabled":false})"},
        {"update_settings", [&](auto& t) { return ok(t.client.travel_rule().update_settings(settings)); }, Method::Put,
         kBase + "travel-rule/settings/",
         R"({"is_enabled":true,"name_matching_strictness":"FUZZY","timeout_outcome":"HOLD"})", 200,
         R"({"is_enabled":true,"name_matching_strictness":"FUZZY"})"},
        {"wallet_addresses", [](auto& t) { return ok(t.client.travel_rule().wallet_addresses()); }, Method::Get,
         kBase + "travel-rule/wallet-addresses/", "", 200, R"({"count":0,"next":null,"previous":null,"results":[]})"},
        {"add_wallet_address", [&](auto& t) { return ok(t.client.travel_rule().add_wallet_address(add)); },
         Method::Post, kBase + "travel-rule/wallet-addresses/",
         R"({"address":"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh","chain":"BTC","self_declared":true})", 201,
         R"({"uuid":")" + kEntry + R"(","address":"bc1q","is_ownership_verified":false})"},
        {"update_wallet_address",
         [&](auto& t) { return ok(t.client.travel_rule().update_wallet_address(kEntry, upd)); }, Method::Patch,
         kBase + "travel-rule/wallet-addresses/" + kEntry + "/", R"({"holder_name":"Maria Garcia"})", 200,
         R"({"holder_name":"Maria Garcia"})"},
        {"remove_wallet_address", [](auto& t) { return ok(t.client.travel_rule().remove_wallet_address(kEntry)); },
         Method::Delete, kBase + "travel-rule/wallet-addresses/" + kEntry + "/", "", 204, ""},
        {"vasps", [&](auto& t) { return ok(t.client.travel_rule().vasps(vq)); }, Method::Get,
         kBase + "travel-rule/vasps/?limit=5&search=acme%20exchange", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[{"name":"Acme","reachable_rails":["TRP","NEW"]}]})"},
        {"update_transfer (finish)", [&](auto& t) { return ok(t.client.travel_rule().update_transfer(kTxn, fin)); },
         Method::Patch, kBase + "transactions/" + kTxn + "/travel-rule/", R"({"payment_txn_id":"0xabc"})", 200,
         R"({"uuid":"u","status":"COMPLETED","direction":"OUTBOUND"})"},
        {"update_transfer (cancel)", [&](auto& t) { return ok(t.client.travel_rule().update_transfer(kTxn, cancel)); },
         Method::Patch, kBase + "transactions/" + kTxn + "/travel-rule/", R"({"action":"cancel"})", 200,
         R"({"status":"CANCELLED"})"},
        {"confirm_ownership", [&](auto& t) { return ok(t.client.travel_rule().confirm_ownership(kTxn, own)); },
         Method::Post, kBase + "transactions/" + kTxn + "/travel-rule/ownership/", R"({"confirmed":true})", 200,
         R"({"ownership_confirmed":true})"},
        {"register_inbound", [&](auto& t) { return ok(t.client.travel_rule().register_inbound(in)); }, Method::Post,
         kBase + "travel-rule/inbound/",
         R"({"amount":"1.5","chain":"ETH","currency":"ETH","txid":"0xdef","wallet_address":"0x28c6"})", 201,
         R"({"transaction_id":"t","created":true})"},
        {"create_widget_session", [&](auto& t) { return ok(t.client.travel_rule().create_widget_session(widget)); },
         Method::Post, kBase + "travel-rule/widget-session/", R"({"chain":"ETH","wallet_address":"0x28c6"})", 201,
         R"({"widget_session_id":"w","token":"tok","url":"https://example.com/w"})"},
    };
    for (const auto& c : cases) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(c.status, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        auto sent = *t.mock.last_request();
        CHECK(sent.method == c.method);
        CHECK(sent.url == c.url);
        didit_test::check_api_key_auth(sent);
        CHECK(sent.body == c.body);
    }
}

TEST_CASE("travel rule: paging the address book, retries only where a repeat is harmless") {
    didit_test::MockClient t;
    t.mock
        .reply(200, R"({"count":2,"next":"https://verification.didit.me/v3/travel-rule/wallet-addresses/?offset=1",)"
                    R"("previous":null,"results":[{"address":"a"}]})")
        .reply(200, R"({"count":2,"next":null,"previous":null,"results":[{"address":"b"}]})");
    std::vector<std::string> seen;
    for (auto& e : t.client.travel_rule().all_wallet_addresses()) {
        REQUIRE(e.ok());
        seen.push_back(e->address.value_or(""));
    }
    CHECK(seen == std::vector<std::string>{"a", "b"});
    CHECK(didit::endpoints::TravelRuleSettingsUpdate::retry_safe);  // PUT
    CHECK_FALSE(didit::endpoints::TravelRuleInboundRegister::retry_safe);
    CHECK_FALSE(didit::endpoints::TravelRuleWidgetSessionCreate::retry_safe);
}

TEST_CASE("travel rule: bad input is refused before sending") {
    didit_test::MockClient t;
    didit::TravelRuleTransferRequest req;
    req.action = didit::TransferAction(std::string_view("finish"));
    auto a = t.client.travel_rule().update_transfer(kTxn, req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("cancel, resend") != std::string::npos);
    auto b = t.client.travel_rule().remove_wallet_address("not-a-uuid");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    auto c = t.client.travel_rule().update_transfer("your-txn-1", {});
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}
