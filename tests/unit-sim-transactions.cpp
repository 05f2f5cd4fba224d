// SPDX-License-Identifier: MIT
// The simulator's transaction monitoring and wallet screening, through the SDK: outcomes chosen by
// amount and address, duplicates, paging, validation errors.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <memory>
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
