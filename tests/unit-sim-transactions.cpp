// SPDX-License-Identifier: MIT
// The simulator's transaction monitoring and wallet screening, through the SDK: outcomes chosen by
// amount and address, duplicates, paging, validation errors; the device-facing /v1/ routes and
// their transaction tokens; the healthcheck.
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
