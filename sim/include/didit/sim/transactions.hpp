// SPDX-License-Identifier: MIT
// The simulator's transaction monitoring and wallet screening (`/v3/transactions/`,
// `/v3/wallet-screening/`, and the device-facing `/v1/transactions/` with the transaction tokens
// that `/v3/transactions/sdk-token/` mints): deterministic outcomes, chosen by the amount of a transaction and by
// the bytes of a wallet address, so that tests can aim at each of them.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {
namespace transactions_detail {

/// The OpenAPI: these routes answer 403 (never 401) without credentials, with this body.
inline constexpr const char* kMissingAuth = "Authentication credentials were not provided.";

/// The chains and directions the screening route accepts (the OpenAPI's enums).
inline const std::vector<std::string>& chains() {
    static const std::vector<std::string> c = {"BTC", "ETH", "LTC",   "XRP", "BCH",  "DOGE",
                                               "TRX", "SOL", "MATIC", "BNB", "USDT", "USDC"};
    return c;
}
inline bool one_of(const std::string& v, const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

/// 0-100 from the address and chain. An address that contains "sanction" (any case) scores 95
/// with a sanctions hit, and one that contains "clean" scores 3, so tests can pick an outcome.
inline int wallet_score(const std::string& address, const std::string& chain) {
    const std::string low = lower(address);
    if (low.find("sanction") != std::string::npos) return 95;
    if (low.find("clean") != std::string::npos) return 3;
    return static_cast<int>(detail::fnv1a(chain + ":" + address) % 101);
}

inline const char* severity_of(int score) {
    return score < 25 ? "LOW" : score < 50 ? "MEDIUM" : score < 75 ? "HIGH" : "CRITICAL";
}

/// POST /v3/wallet-screening/.
inline Reply screen(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string address, chain;
    // The OpenAPI names `address` and `currency` as aliases.
    const Json* a = member(b, "wallet_address");
    if (!a) a = member(b, "address");
    if (!a || a->is_null())
        errs.add("wallet_address", "This field is required.");
    else if (!a->is_string() || a->get<std::string>().empty())
        errs.add("wallet_address", "Not a valid string.");
    else
        address = a->get<std::string>();
    const Json* c = member(b, "blockchain");
    if (!c) c = member(b, "currency");
    if (!c || c->is_null())
        errs.add("blockchain", "This field is required.");
    else if (!c->is_string() || !one_of(c->get<std::string>(), chains()))
        errs.add("blockchain", not_a_choice(*c));
    else
        chain = c->get<std::string>();
    if (const Json* d = member(b, "direction"); d && !d->is_null())
        if (!d->is_string() || !one_of(d->get<std::string>(), {"inbound", "outbound", "deposit", "withdrawal"}))
            errs.add("direction", not_a_choice(*d));
    if (!errs.empty()) return errs.reply();

    const int score = wallet_score(address, chain);
    const bool sanctioned = score >= 90;
    const char* dominant = sanctioned ? "sanctioned" : score >= 50 ? "mixer" : "exchange_licensed";
    auto flow = [&](const char* direction, double share) {
        return Json{{"category", dominant},
                    {"entity_name", sanctioned ? "Sanctioned entity" : "Simulated exchange"},
                    {"entity_type", sanctioned ? "Sanctions" : "Exchange"},
                    {"entity_subtype", sanctioned ? "OFAC SDN" : "Mandatory KYC and AML"},
                    {"exposure_direction", direction},
                    {"exposure_type", "direct"},
                    {"is_direct", true},
                    {"amount_usd", static_cast<double>(detail::fnv1a(address) % 100000) / 10.0},
                    {"percentage", share},
                    {"hops", 0},
                    {"risk_level", severity_of(score)},
                    {"country", "SC"}};
    };
    return json_reply(200, Json{{"provider", "didit-sim"},
                                {"screening_type", "WALLET_SCREENING"},
                                {"risk_score", score},
                                {"severity", severity_of(score)},
                                {"status", "SCREENED"},
                                {"summary", std::string("Simulated risk: ") + severity_of(score)},
                                {"wallet_address", address},
                                {"blockchain", chain},
                                {"sanctions_hit", sanctioned},
                                {"dominant_risk_category", score < 25 ? Json(nullptr) : Json(dominant)},
                                {"source_of_funds", Json::array({flow("incoming", 100.0)})},
                                {"destination_of_funds", Json::array({flow("outgoing", 100.0)})},
                                {"counterparty_connections", Json::array()}});
}

/// The amount as the API echoes it: a decimal string without trailing zeros ("1500", "0.5").
inline std::string amount_text(double v) {
    std::string s = std::to_string(v);  // six decimals
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

/// The party record of a subject or counterparty object.
inline Json party(Context& ctx, const Json& p, const char* role) {
    const std::string vd = string_or(p, "vendor_data");
    return Json{{"uuid", ctx.uuid()},
                {"role", role},
                {"entity_type", string_or(p, "entity_type", "individual")},
                {"kind", vd.empty() ? "EXTERNAL" : "USER"},
                {"vendor_data", vd.empty() ? Json(nullptr) : Json(vd)},
                {"full_name", p.contains("full_name") ? p["full_name"] : Json(nullptr)},
                {"first_name", p.contains("first_name") ? p["first_name"] : Json(nullptr)},
                {"last_name", p.contains("last_name") ? p["last_name"] : Json(nullptr)},
                {"country_code", nullptr},
                {"dob", p.contains("date_of_birth") ? p["date_of_birth"] : Json(nullptr)},
                {"address", p.contains("address") ? p["address"] : Json::object()},
                {"institution_info", p.contains("institution_details") ? p["institution_details"] : Json::object()},
                {"device", p.contains("device_context") ? p["device_context"] : Json::object()},
                {"external_party_snapshot", nullptr}};
}

/// POST /v3/transactions/. The outcome follows the amount: under 10,000 APPROVED (score 0),
/// from 10,000 IN_REVIEW (score 60, one alert), from 100,000 DECLINED (score 90, one alert).
// NOLINTNEXTLINE(readability-function-cognitive-complexity): the OpenAPI's validation rules, in order
inline Reply create(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* id = member(b, "transaction_id");
    if (!id || id->is_null())
        errs.add("transaction_id", "This field is required.");
    else if (!id->is_string() || id->get<std::string>().empty())
        errs.add("transaction_id", "Not a valid string.");
    else if (id->get<std::string>().size() > 128)
        errs.add("transaction_id", "Ensure this field has no more than 128 characters.");
    else
        for (const auto& t : app.transactions)
            if (string_or(t, "txn_id") == id->get<std::string>())
                errs.add("transaction_id", "A transaction with this transaction_id already exists.");
    const Json* cat = member(b, "transaction_category");
    static const std::vector<std::string> categories = {
        "finance",           "kyc",          "travel_rule",           "user_event",
        "audit_trail_event", "gambling_bet", "gambling_limit_change", "gambling_bonus_change",
        "travelRule"};
    if (!cat || cat->is_null())
        errs.add("transaction_category", "This field is required.");
    else if (!cat->is_string() || !one_of(cat->get<std::string>(), categories))
        errs.add("transaction_category", not_a_choice(*cat));
    const Json* det = member(b, "transaction_details");
    double amount = 0;
    std::string direction, currency;
    if (!det || det->is_null()) {
        errs.add("transaction_details", "This field is required.");
    } else if (!det->is_object()) {
        errs.add("transaction_details", "Expected a dictionary of items.");
    } else {
        const Json* d = member(*det, "direction");
        if (!d || !d->is_string() || !one_of(d->get<std::string>(), {"inbound", "outbound", "in", "out"}))
            errs.add("transaction_details.direction", d ? not_a_choice(*d) : std::string("This field is required."));
        else
            direction = d->get<std::string>().rfind("in", 0) == 0 ? "INBOUND" : "OUTBOUND";
        const Json* a = member(*det, "amount");
        if (!a || !a->is_number() || !std::isfinite(a->get<double>()) || a->get<double>() < 0)
            errs.add("transaction_details.amount", "A valid non-negative number is required.");
        else
            amount = a->get<double>();
        const Json* c = member(*det, "currency");
        if (!c || !c->is_string() || c->get<std::string>().empty())
            errs.add("transaction_details.currency", "This field is required.");
        else
            currency = c->get<std::string>();
    }
    const Json* subject = member(b, "subject");
    if (!subject || !subject->is_object()) errs.add("subject", "This field is required.");
    const Json* counterparty = member(b, "counterparty");
    if (counterparty && !counterparty->is_null() && !counterparty->is_object())
        errs.add("counterparty", "Expected a dictionary of items.");
    if (!errs.empty()) return errs.reply();

    const char* status = amount >= 100000 ? "DECLINED" : amount >= 10000 ? "IN_REVIEW" : "APPROVED";
    const int score = amount >= 100000 ? 90 : amount >= 10000 ? 60 : 0;
    const std::string now = ctx.now_iso();
    Json parties = Json::array({party(ctx, *subject, "APPLICANT")});
    if (counterparty && counterparty->is_object()) parties.push_back(party(ctx, *counterparty, "COUNTERPARTY"));
    Json alerts = Json::array();
    if (score > 0)
        alerts.push_back(Json{{"uuid", ctx.uuid()},
                              {"status", "OPEN"},
                              {"source", "RULE"},
                              {"title", "Large amount"},
                              {"score", score},
                              {"created_at", now}});
    Json t = {
        {"uuid", ctx.uuid()},
        {"transaction_number", 4000 + static_cast<std::int64_t>(app.transactions.size()) + 1},
        {"txn_id", id->get<std::string>()},
        {"txn_date", b.contains("transaction_at") ? b["transaction_at"] : Json(now)},
        {"zone_id", b.contains("time_zone") ? b["time_zone"] : Json(nullptr)},
        {"transaction_type", cat->get<std::string>()},
        {"action_type", det->contains("action_type") ? (*det)["action_type"] : Json(nullptr)},
        {"direction", direction},
        {"status", status},
        {"amount", amount_text(amount)},
        {"currency", currency},
        {"currency_type", string_or(*det, "currency_kind", "fiat")},
        {"payment_details", det->contains("payment_details") ? (*det)["payment_details"] : Json(nullptr)},
        {"payment_txn_id", det->contains("payment_reference_id") ? (*det)["payment_reference_id"] : Json(nullptr)},
        {"score", score},
        {"severity", score >= 90 ? Json("HIGH")
                     : score > 0 ? Json("MEDIUM")
                                 : Json(nullptr)},
        {"decision_reason_code", nullptr},
        {"decision_reason_label", nullptr},
        {"vendor_data", subject->contains("vendor_data") ? (*subject)["vendor_data"] : Json(nullptr)},
        {"metadata",
         Json{{"subject", *subject},
              {"counterparty", counterparty && counterparty->is_object() ? *counterparty : Json::object()}}},
        {"props", b.contains("custom_properties") ? b["custom_properties"] : Json::object()},
        {"tags", Json::array()},
        {"parties", parties},
        {"payment_methods", Json::array()},
        {"activities", Json::array({Json{{"uuid", ctx.uuid()},
                                         {"activity_type", "TRANSACTION_CREATED"},
                                         {"source", "TRANSACTION"},
                                         {"status", status},
                                         {"title", string_or(*det, "action_type", "transaction")},
                                         {"description", "Transaction recorded."},
                                         {"metadata", Json::object()},
                                         {"occurred_at", now}}})},
        {"alerts", alerts},
        {"rule_runs", Json::array()},
        {"provider_results", Json::array()},
        {"travel_rule", nullptr},
        {"network_snapshot", nullptr},
        {"remediation", nullptr},
        {"cost_breakdown", nullptr}};
    app.transactions.push_back(t);
    return json_reply(201, t);
}

/// GET /v3/transactions/{uuid}/.
inline Reply get(Context& ctx) {
    for (const auto& t : ctx.app->transactions)
        if (string_or(t, "uuid") == ctx.request.params[0]) return json_reply(200, t);
    return not_found();
}

/// GET /v3/transactions/: newest first; `count` capped at 100, the true count in
/// `total_transactions`.
inline Reply list(Context& ctx) {
    const auto& all = ctx.app->transactions;
    const auto total = static_cast<std::int64_t>(all.size());
    return paginate(ctx, std::vector<Json>(all.rbegin(), all.rend()), 50, 1000,
                    Json{{"count", std::min<std::int64_t>(total, 100)}, {"total_transactions", total}});
}

/// POST /v3/transactions/sdk-token/.
inline Reply sdk_token(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* vd = member(b, "vendor_data");
    if (!vd || vd->is_null())
        errs.add("vendor_data", "This field is required.");
    else if (!vd->is_string() || vd->get<std::string>().empty())
        errs.add("vendor_data", "Not a valid string.");
    std::int64_t ttl = 900;
    if (const Json* t = member(b, "ttl_seconds"); t && !t->is_null()) {
        if (!t->is_number_integer() || t->get<std::int64_t>() < 1 || t->get<std::int64_t>() > 86400)
            errs.add("ttl_seconds", "Ensure this value is between 1 and 86400.");
        else
            ttl = t->get<std::int64_t>();
    }
    if (const Json* m = member(b, "max_uses");
        m && !m->is_null() && (!m->is_number_integer() || m->get<std::int64_t>() < 1))
        errs.add("max_uses", "Ensure this value is greater than or equal to 1.");
    if (!errs.empty()) return errs.reply();
    SdkToken minted;
    minted.vendor_data = vd->get<std::string>();
    minted.expires_at = ctx.now() + std::chrono::seconds(ttl);
    if (const Json* m = member(b, "max_uses"); m && !m->is_null()) minted.max_uses = m->get<std::int64_t>();
    const std::string text = "txn_" + ctx.token(40);
    ctx.app->sdk_tokens[text] = minted;
    return json_reply(201, Json{{"sdk_token", text}, {"expires_at", iso_time(minted.expires_at)}});
}

/// The application and token of a device-facing request's X-Transaction-Token, or the 401 the
/// API answers: missing, unknown or expired (the expired text says "expired", as the SDKs rely on).
inline std::optional<Reply> sdk_caller(Context& ctx, SdkToken*& token) {
    const std::string text(ctx.request.header("X-Transaction-Token"));
    if (text.empty()) return detail_error(401, "Transaction token not provided.");
    for (auto& kv : ctx.state.apps) {
        auto it = kv.second.sdk_tokens.find(text);
        if (it == kv.second.sdk_tokens.end()) continue;
        if (ctx.now() >= it->second.expires_at) return detail_error(401, "Transaction token expired.");
        ctx.app = &kv.second;
        token = &it->second;
        return std::nullopt;
    }
    return detail_error(401, "Invalid transaction token.");
}

/// A camelCase party of the device-facing body as the /v3/ body names it.
inline Json v3_party(const Json& p) {
    static const std::pair<const char*, const char*> names[] = {
        {"type", "entity_type"},      {"externalUserId", "vendor_data"},
        {"fullName", "full_name"},    {"firstName", "first_name"},
        {"lastName", "last_name"},    {"dob", "date_of_birth"},
        {"address", "address"},       {"institutionInfo", "institution_details"},
        {"device", "device_context"}, {"paymentMethod", "payment_method"}};
    Json out = Json::object();
    if (!p.is_object()) return out;
    for (const auto& n : names)
        if (p.contains(n.first)) out[n.second] = p[n.first];
    return out;
}

/// POST /v1/transactions/: the device-facing submit. The body's camelCase names become the /v3/
/// ones and the transaction is created as POST /v3/transactions/ creates it, with the subject's
/// `vendor_data` always the token's. A token over its `max_uses` is refused (401). Validation
/// errors name the /v3/ fields (`transaction_details`, not `info`).
inline Reply sdk_submit(Context& ctx) {
    SdkToken* token = nullptr;
    if (auto refused = sdk_caller(ctx, token)) return *refused;
    if (token->max_uses && token->uses >= *token->max_uses)
        return detail_error(401, "Transaction token has reached its maximum number of uses.");
    const Json& b = ctx.request.json;
    Json v3 = Json::object();
    static const std::pair<const char*, const char*> top[] = {{"txnId", "transaction_id"},
                                                              {"txnDate", "transaction_at"},
                                                              {"zoneId", "time_zone"},
                                                              {"type", "transaction_category"},
                                                              {"props", "custom_properties"}};
    for (const auto& n : top)
        if (b.contains(n.first)) v3[n.second] = b[n.first];
    if (const Json* info = member(b, "info"); info && info->is_object()) {
        static const std::pair<const char*, const char*> details[] = {{"direction", "direction"},
                                                                      {"amount", "amount"},
                                                                      {"currency", "currency"},
                                                                      {"currencyType", "currency_kind"},
                                                                      {"paymentDetails", "payment_details"},
                                                                      {"paymentTxnId", "payment_reference_id"},
                                                                      {"type", "action_type"}};
        Json d = Json::object();
        for (const auto& n : details)
            if (info->contains(n.first)) d[n.second] = (*info)[n.first];
        // The amount may also come as a decimal string.
        if (d.contains("amount") && d["amount"].is_string()) {
            const std::string text = d["amount"].get<std::string>();
            char* end = nullptr;
            const double v = std::strtod(text.c_str(), &end);
            if (!text.empty() && end == text.c_str() + text.size()) d["amount"] = v;
        }
        if (d.contains("direction") && d["direction"].is_string()) {
            std::string dir = d["direction"].get<std::string>();
            for (char& c : dir) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            d["direction"] = dir;
        }
        v3["transaction_details"] = d;
    } else if (b.contains("info")) {
        v3["transaction_details"] = b["info"];
    }
    if (const Json* subject = member(b, "subject"); subject && subject->is_object()) {
        Json sj = v3_party(*subject);
        sj["vendor_data"] = token->vendor_data;  // never the body's
        v3["subject"] = sj;
    }
    if (const Json* cp = member(b, "counterparty"); cp && cp->is_object()) v3["counterparty"] = v3_party(*cp);
    ctx.request.json = std::move(v3);
    Reply r = create(ctx);
    if (r.status == 201) ++token->uses;
    return r;
}

/// GET /v1/transactions/{uuid}/: a transaction of the token's application.
inline Reply sdk_get(Context& ctx) {
    SdkToken* token = nullptr;
    if (auto refused = sdk_caller(ctx, token)) return *refused;
    return get(ctx);
}

}  // namespace transactions_detail

/// Registers transaction monitoring and wallet screening.
inline void install_transactions(Router& router) {
    namespace t = transactions_detail;
    router.add(Method::Post, "/v3/wallet-screening/", Auth::ApiKey, t::screen).missing_auth_detail = t::kMissingAuth;
    router.add(Method::Post, "/v3/transactions/sdk-token/", Auth::ApiKey, t::sdk_token).missing_auth_detail =
        t::kMissingAuth;
    router.add(Method::Get, "/v3/transactions/", Auth::ApiKey, t::list).missing_auth_detail = t::kMissingAuth;
    router.add(Method::Post, "/v3/transactions/", Auth::ApiKey, t::create).missing_auth_detail = t::kMissingAuth;
    router.add(Method::Get, "/v3/transactions/{uuid}/", Auth::ApiKey, t::get).missing_auth_detail = t::kMissingAuth;
    // The device-facing routes: the X-Transaction-Token is checked by the handlers (the API key
    // is not accepted there).
    router.add(Method::Post, "/v1/transactions/", Auth::None, t::sdk_submit);
    router.add(Method::Get, "/v1/transactions/{uuid}/", Auth::None, t::sdk_get);
}

}  // namespace sim
}  // namespace didit
