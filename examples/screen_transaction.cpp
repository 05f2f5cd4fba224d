// SPDX-License-Identifier: MIT
// screen_transaction: screen a wallet address, then submit a payment to it for transaction
// monitoring, and act on both outcomes (as a command-line tool).
//
//   export DIDIT_API_KEY="your_key"
//   screen_transaction wallet --chain ETH --address 0x28c6c06298d514db089934071355e5743bf21d60
//   screen_transaction pay --id order-1001 --amount 1500 --currency EUR --vendor-data user-123
//   screen_transaction pay --id order-1002 --amount 90 --currency USDT --vendor-data user-123 --chain ETH --address 0x…
//
// `wallet` prints the screening (risk score, severity, sanctions hit). `pay` screens the
// destination wallet first when --address is given and refuses to pay a sanctioned or
// critical-risk one (exit status 3); otherwise it submits the payment and prints the
// transaction's uuid, status and score. Errors go to stderr with exit status 1 (API or network)
// or 2 (usage). DIDIT_BASE_URL points it at another server (e.g. a local simulator).
#include <didit/didit.hpp>

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <string>

namespace {

int usage(const std::string& why = {}) {
    if (!why.empty()) std::cerr << "screen_transaction: " << why << "\n\n";
    std::cerr << "usage: screen_transaction wallet --chain <BTC|ETH|…> --address <wallet>\n"
                 "       screen_transaction pay --id <your transaction id> --amount <n> --currency <code>\n"
                 "                              --vendor-data <user> [--chain <chain> --address <wallet>]\n"
                 "Reads DIDIT_API_KEY; DIDIT_BASE_URL overrides https://verification.didit.me.\n";
    return 2;
}

int fail(const didit::Error& e) {
    std::cerr << "screen_transaction: " << e.to_string() << '\n';
    return 1;
}

/// The screening of `address`, printed; nullopt (after printing why) when the call failed.
std::optional<didit::WalletScreening> screen(didit::Client<>& client, const std::string& chain,
                                             const std::string& address, int& status) {
    didit::WalletScreeningRequest req;
    req.wallet_address = address;
    req.blockchain = didit::Blockchain(chain);  // refused before sending unless the API lists it
    auto r = client.transactions().screen_wallet(req);
    if (!r.ok()) {
        status = fail(r.error());
        return std::nullopt;
    }
    std::cout << "wallet " << address << " on " << chain << ": risk " << r->risk_score.value_or(-1) << "/100, "
              << (r->severity ? r->severity->str() : "no severity")
              << (r->sanctions_hit.value_or(false) ? ", SANCTIONS HIT" : "") << '\n';
    return std::move(r).value();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string command = argv[1];
    if (command == "-h" || command == "--help") {
        usage();
        return 0;
    }
    if (command != "wallet" && command != "pay") return usage("unknown command " + command);
    std::map<std::string, std::string> opt;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || i + 1 >= argc) return usage("expected --name value, got " + arg);
        opt[arg.substr(2)] = argv[++i];
    }
    for (const auto& kv : opt)
        if (kv.first != "chain" && kv.first != "address" && kv.first != "id" && kv.first != "amount" &&
            kv.first != "currency" && kv.first != "vendor-data")
            return usage("unknown option --" + kv.first);

    const char* key = std::getenv("DIDIT_API_KEY");
    if (key == nullptr || *key == '\0') return usage("DIDIT_API_KEY is not set");
    didit::ClientOptions options;
    options.api_key = key;
    if (const char* base = std::getenv("DIDIT_BASE_URL")) options.base_url = base;
    didit::Client<> client(options);

    int status = 0;
    if (command == "wallet") {
        if (!opt.count("chain") || !opt.count("address")) return usage("wallet needs --chain and --address");
        return screen(client, opt["chain"], opt["address"], status) ? 0 : status;
    }

    for (const char* need : {"id", "amount", "currency", "vendor-data"})
        if (!opt.count(need)) return usage(std::string("pay needs --") + need);
    char* end = nullptr;
    const double amount = std::strtod(opt["amount"].c_str(), &end);
    if (end == opt["amount"].c_str() || *end != '\0' || !(amount >= 0)) return usage("--amount must be a number");

    didit::TransactionCreateRequest tx;
    tx.transaction_id = opt["id"];
    tx.transaction_category = didit::TransactionCategory::Finance;
    tx.transaction_details.direction = didit::TransactionDetailsDirection::Outbound;
    tx.transaction_details.amount = amount;
    tx.transaction_details.currency = opt["currency"];
    tx.subject.vendor_data = opt["vendor-data"];
    if (opt.count("address")) {
        if (!opt.count("chain")) return usage("--address needs --chain");
        auto s = screen(client, opt["chain"], opt["address"], status);
        if (!s) return status;
        if (s->sanctions_hit.value_or(false) || s->severity == didit::RiskSeverity::Critical) {
            std::cout << "not paying: the destination wallet is too risky\n";
            return 3;
        }
        tx.transaction_details.currency_kind = "crypto";
        didit::TransactionCounterparty to;
        to.payment_method = didit::PartyPaymentMethod{};
        to.payment_method->account_id = opt["address"];
        tx.counterparty = to;
    }
    auto r = client.transactions().create(tx);
    if (!r.ok()) return fail(r.error());
    std::cout << "transaction " << r->uuid.value_or("?") << ": " << (r->status ? r->status->str() : "no status")
              << ", score " << r->score.value_or(0) << '\n';
    return 0;
}
