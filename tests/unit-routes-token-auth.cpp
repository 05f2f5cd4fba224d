// SPDX-License-Identifier: MIT
// The routes that authenticate with something other than the API key: the device-facing
// transaction routes (a TransactionToken passed to the call, sent as X-Transaction-Token), the
// Travel Rule pickup and widget routes (the token in their path is the credential) and the
// healthcheck (no credential). Method, URL, exact body and headers of each; refusals; and that
// neither kind of token ever shows in an Error, a log event or a request's other headers.
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <functional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace {

using didit::Auth;
using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;

const std::string kHost = "https://verification.didit.me";
const std::string kTxn = "22222222-3333-4444-5555-666666666666";
// Distinct from every other secret of the tests, so a leak is told apart from the API key's.
const std::string kTxnToken = "q7Zt-TXNTOKEN-urlsafe_0123456789";
const std::string kPickupToken = "PICKUPTOKEN-9f8e7d";
const std::string kWidgetToken = "WIDGETTOKEN-1a2b3c";

bool leaks_token(const std::string& text) {
    return text.find(kTxnToken) != std::string::npos || text.find(kPickupToken) != std::string::npos ||
           text.find(kWidgetToken) != std::string::npos || didit_test::leaks_secret(text);
}

/// How a call of the table below must authenticate.
enum class Cred { TxnToken, PathToken, Nothing };

struct Case {
    const char* name;
    std::function<bool(didit_test::MockClient&)> call;  ///< true when the call succeeded
    Method method;
    std::string url;
    std::string body;  ///< exact body, "" for none
    Cred cred;
    int status;
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

didit::SdkTransactionRequest sdk_txn() {
    didit::SdkTransactionRequest r;
    r.txnId = "wd-2026-07-07-0042";
    r.type = "travelRule";
    r.info.direction = "out";
    r.info.amount = 0.25;
    r.info.currency = "ETH";
    r.subject.fullName = "Jane Doe";
    return r;
}

/// Every header but the three the client always sets (User-Agent, Accept, Content-Type).
std::vector<std::string> credential_headers(const HttpRequest& req) {
    std::vector<std::string> out;
    for (const auto& h : req.headers) {
        const std::string name = didit_test::lower(h.first);
        if (name != "user-agent" && name != "accept" && name != "content-type") out.push_back(name);
    }
    return out;
}

}  // namespace

TEST_CASE("token auth: each route sends its method, URL, exact body and only its own credential") {
    const didit::TransactionToken token(kTxnToken);
    didit::TravelRulePickupResponse accept;
    accept.decision = didit::TravelRulePickupResponseDecision::Accept;
    accept.beneficiary_name = "Carlos Ruiz";
    const std::string txn_reply = R"({"uuid":")" + kTxn + R"(","txn_id":"wd-2026-07-07-0042","status":"APPROVED"})";

    const std::vector<Case> cases = {
        {"submit_from_sdk", [&](auto& t) { return ok(t.client.transactions().submit_from_sdk(token, sdk_txn())); },
         Method::Post, kHost + "/v1/transactions/",
         R"({"info":{"amount":0.25,"currency":"ETH","direction":"out"},"subject":{"fullName":"Jane Doe"},)"
         R"("txnId":"wd-2026-07-07-0042","type":"travelRule"})",
         Cred::TxnToken, 201, txn_reply},
        {"get_from_sdk", [&](auto& t) { return ok(t.client.transactions().get_from_sdk(token, kTxn)); }, Method::Get,
         kHost + "/v1/transactions/" + kTxn + "/", "", Cred::TxnToken, 200, txn_reply},
        {"get_pickup", [](auto& t) { return ok(t.client.travel_rule().get_pickup(kPickupToken)); }, Method::Get,
         kHost + "/v3/travel-rule/pickup/" + kPickupToken + "/", "", Cred::PathToken, 200,
         R"({"originator_vasp_name":"Acme","amount":"0.25","currency":"ETH","status":"AWAITING_COUNTERPARTY"})"},
        {"respond_pickup", [&](auto& t) { return ok(t.client.travel_rule().respond_pickup(kPickupToken, accept)); },
         Method::Post, kHost + "/v3/travel-rule/pickup/" + kPickupToken + "/respond/",
         R"({"beneficiary_name":"Carlos Ruiz","decision":"accept"})", Cred::PathToken, 200,
         R"({"status":"COMPLETED"})"},
        {"get_widget_context", [](auto& t) { return ok(t.client.travel_rule().get_widget_context(kWidgetToken)); },
         Method::Get, kHost + "/v3/travel-rule/widget/" + kWidgetToken + "/", "", Cred::PathToken, 200,
         R"({"vasp_name":"Acme","allowed_methods":["MESSAGE_SIGNING","NEW_METHOD"],"completed_at":null,)"
         R"("proofs":[{"proof_id":"p","method":"SATOSHI_TEST","status":"PENDING"}]})"},
        {"healthcheck", [](auto& t) { return ok(t.client.system().healthcheck()); }, Method::Get,
         kHost + "/system/healthcheck", "", Cred::Nothing, 200,
         R"({"status":"ok","timestamp":"2026-04-21T16:42:50.445Z"})"},
    };
    for (const auto& c : cases) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(c.status, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        const HttpRequest sent = *t.mock.last_request();
        CHECK(sent.method == c.method);
        CHECK(sent.url == c.url);
        CHECK(sent.body == c.body);
        if (c.body.empty())
            didit_test::check_no_body(sent);
        else
            didit_test::check_json_body(sent);
        // Never the API key, never a Bearer token: the one credential of each route, or none.
        CHECK_FALSE(sent.headers.contains("x-api-key"));
        CHECK_FALSE(sent.headers.contains("authorization"));
        CHECK(sent.headers.get("accept") == "application/json");
        const auto creds = credential_headers(sent);
        if (c.cred == Cred::TxnToken) {
            CHECK(sent.headers.get("x-transaction-token") == kTxnToken);
            CHECK(creds == std::vector<std::string>{"x-transaction-token"});
        } else {
            CHECK_FALSE(sent.headers.contains("x-transaction-token"));
            CHECK(creds.empty());
        }
    }
}

TEST_CASE("token auth: the replies decode, unknown values kept") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"vasp_name":"Acme","allowed_methods":["MESSAGE_SIGNING","NEW_METHOD"],)"
                      R"("completed_at":null,"proofs":[{"proof_id":"p","method":"SATOSHI_TEST","status":"PENDING"}]})");
    auto w = t.client.travel_rule().get_widget_context(kWidgetToken);
    REQUIRE(w.ok());
    REQUIRE(w->allowed_methods.has_value());
    REQUIRE(w->allowed_methods->size() == 2);
    CHECK((*w->allowed_methods)[0] == didit::TravelRuleWidgetContextAllowedMethods::MessageSigning);
    CHECK((*w->allowed_methods)[1].str() == "NEW_METHOD");
    CHECK(w->completed_at.is_null());
    REQUIRE(w->proofs.has_value());
    CHECK((*w->proofs)[0].status == didit::TravelRuleWidgetContextProofStatus::Pending);

    t.mock.reply(200, R"({"status":"ok","timestamp":"2026-04-21T16:42:50.445Z","build":"x"})");
    auto h = t.client.system().healthcheck();
    REQUIRE(h.ok());
    CHECK(h->status == didit::HealthcheckStatus::Ok);
    CHECK(h->timestamp == "2026-04-21T16:42:50.445Z");
    CHECK(h->extra["build"] == "x");

    t.mock.reply(201, R"({"uuid":")" + kTxn + R"(","action_required":{"type":"WALLET_OWNERSHIP"}})");
    auto s = t.client.transactions().submit_from_sdk(didit::TransactionToken(kTxnToken), sdk_txn());
    REQUIRE(s.ok());
    CHECK(s->uuid == kTxn);
}

TEST_CASE("token auth: the API key still goes to the other routes, and the token to none of them") {
    didit_test::MockClient t;
    t.mock.reply(201, R"({"sdk_token":"q7Zt","expires_at":"2026-07-07T12:15:00Z"})")
        .reply(200, R"({"uuid":")" + kTxn + R"("})")
        .reply(201, R"({"widget_session_id":"w","token":"tok","url":"https://example.com/w"})");
    didit::TransactionSdkTokenRequest mint;
    mint.vendor_data = "user-042";
    REQUIRE(t.client.transactions().sdk_token(mint).ok());
    REQUIRE(t.client.transactions().get(kTxn).ok());
    didit::WidgetSessionRequest widget;
    widget.wallet_address = "0x28c6";
    widget.chain = "ETH";
    REQUIRE(t.client.travel_rule().create_widget_session(widget).ok());
    REQUIRE(t.mock.request_count() == 3);
    for (const auto& req : t.mock.requests()) {
        INFO(req.url);
        didit_test::check_api_key_auth(req);
        CHECK_FALSE(req.headers.contains("x-transaction-token"));
    }
    // A TransactionToken given to a route that does not take one does not compile
    // (Client::bind_argument's static_assert), nor does a transaction-token route called without one.
}

TEST_CASE("token auth: refusals before sending; the token never falls back to the API key") {
    didit_test::MockClient t;
    // An empty token: refused, not replaced by the client's API key.
    auto a = t.client.transactions().submit_from_sdk(didit::TransactionToken(""), sdk_txn());
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("TransactionsSdkSubmit needs a transaction token") != std::string::npos);
    auto b = t.client.transactions().get_from_sdk(didit::TransactionToken(""), kTxn);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    // A token with CR/LF would split the header: refused, and the message names no value.
    auto c = t.client.transactions().get_from_sdk(didit::TransactionToken(kTxnToken + "\r\nX-Evil: 1"), kTxn);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(c.error().message.find("`credential`") != std::string::npos);
    CHECK_FALSE(leaks_token(c.error().to_string()));
    // The path's other checks still hold: a transaction uuid must be a canonical UUID.
    auto d = t.client.transactions().get_from_sdk(didit::TransactionToken(kTxnToken), "wd-2026-07-07-0042");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);
    // An empty path token is refused too.
    auto e = t.client.travel_rule().get_pickup("");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::InvalidArgument);
    auto f = t.client.travel_rule().get_widget_context("");
    REQUIRE_FALSE(f.ok());
    // The token header cannot be smuggled in through CallOptions either.
    didit::CallOptions smuggle;
    smuggle.headers.set("X-Transaction-Token", kTxnToken);
    auto g = t.client.transactions().get(kTxn, smuggle);
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::InvalidArgument);
    CHECK_FALSE(leaks_token(g.error().to_string()));
    for (const std::string& text : {a.error().to_string(), b.error().to_string(), d.error().to_string(),
                                    e.error().to_string(), f.error().to_string()})
        CHECK_FALSE(leaks_token(text));
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("token auth: a missing API key does not stop the routes that do not use it") {
    didit::ClientOptions o = didit_test::test_options();
    o.api_key.clear();
    o.default_headers.set("X-Request-Source", "device");
    didit::MockTransport mock;
    // DIDIT_API_KEY in the environment would fill the key; these routes must not send it either way.
    didit::Client<didit::MockTransport> client(o, mock);
    mock.reply(200, R"({"uuid":")" + kTxn + R"("})").reply(200, R"({"status":"ok"})");
    REQUIRE(client.transactions().get_from_sdk(didit::TransactionToken(kTxnToken), kTxn).ok());
    REQUIRE(client.system().healthcheck().ok());
    for (const auto& req : mock.requests()) {
        CHECK_FALSE(req.headers.contains("x-api-key"));
        CHECK(req.headers.get("x-request-source") == "device");
    }
}

TEST_CASE("token auth: no token shows in an Error or a log event, on success, HTTP errors and retries") {
    std::vector<didit::LogEvent> events;
    didit::ClientOptions o = didit_test::test_options();
    o.retry.max_retries = 1;
    o.logger = [&events](const didit::LogEvent& e) { events.push_back(e); };
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    // The server's 401 and 404 bodies, a 503 then a success (retried: a GET), a 410.
    mock.reply(401, R"({"detail":"Transaction token expired."})")
        .reply(404, R"({"detail":"Not found."})")
        .reply(503, "")
        .reply(200, R"({"uuid":")" + kTxn + R"("})")
        .reply(410, R"({"detail":"The pickup window has closed."})")
        .reply(404, "")
        .reply(503, "")
        .reply(503, "");
    const didit::TransactionToken token(kTxnToken);
    auto a = client.transactions().submit_from_sdk(token, sdk_txn());
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().status == 401);
    CHECK(a.error().kind == ErrorKind::Authentication);
    auto b = client.transactions().get_from_sdk(token, kTxn);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().status == 404);
    auto c = client.transactions().get_from_sdk(token, kTxn);
    CHECK(c.ok());
    auto d = client.travel_rule().get_pickup(kPickupToken);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().status == 410);
    auto e = client.travel_rule().get_widget_context(kWidgetToken);
    REQUIRE_FALSE(e.ok());
    auto f = client.system().healthcheck();
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().status == 503);
    CHECK(mock.request_count() == 8);
    for (const std::string& text : {a.error().to_string(), b.error().to_string(), d.error().to_string(),
                                    e.error().to_string(), f.error().to_string()})
        CHECK_FALSE(leaks_token(text));
    REQUIRE(events.size() >= 8);
    bool saw_pickup = false, saw_widget = false;
    for (const auto& ev : events) {
        INFO(ev.url << " " << ev.message);
        CHECK_FALSE(leaks_token(ev.url));
        CHECK_FALSE(leaks_token(ev.message));
        CHECK_FALSE(leaks_token(ev.request_id));
        // The path's token is logged as its placeholder.
        if (ev.url == kHost + "/v3/travel-rule/pickup/{token}/") saw_pickup = true;
        if (ev.url == kHost + "/v3/travel-rule/widget/{token}/") saw_widget = true;
    }
    CHECK(saw_pickup);
    CHECK(saw_widget);
    // And the options' text never held a token in the first place.
    CHECK_FALSE(leaks_token(didit::to_string(client.options())));
}

TEST_CASE("token auth: the asynchronous view sends the same requests") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"uuid":")" + kTxn + R"("})")
        .reply(200, R"({"status":"COMPLETED"})")
        .reply(200, R"({"status":"ok"})");
    auto a = t.client.async().transactions().get_from_sdk(didit::TransactionToken(kTxnToken), kTxn).get();
    CHECK(a.ok());
    didit::TravelRulePickupResponse decline;
    decline.decision = didit::TravelRulePickupResponseDecision::Decline;
    auto b = t.client.async().travel_rule().respond_pickup(kPickupToken, decline).get();
    CHECK(b.ok());
    auto c = t.client.async().system().healthcheck().get();
    CHECK(c.ok());
    REQUIRE(t.mock.request_count() == 3);
    const auto reqs = t.mock.requests();
    CHECK(reqs[0].url == kHost + "/v1/transactions/" + kTxn + "/");
    CHECK(reqs[0].headers.get("x-transaction-token") == kTxnToken);
    CHECK(reqs[1].body == R"({"decision":"decline"})");
    for (const auto& req : reqs) CHECK_FALSE(req.headers.contains("x-api-key"));
    // An empty token is refused on this path too, before anything is sent.
    auto d = t.client.async().transactions().get_from_sdk(didit::TransactionToken(""), kTxn).get();
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 3);
}

namespace {
template <class E>
void check_security(std::vector<std::string>& bad) {
    if constexpr (E::host == didit::Host::Verification) {
        // The spec's operation for this route's method and path, and its `security`.
        const Json& doc = didit_test::openapi_doc();
        const Json* op = nullptr;
        for (auto it = doc["paths"].begin(); it != doc["paths"].end(); ++it)
            if (didit_test::normalise(it.key()) == didit_test::normalise(std::string(E::path))) {
                const std::string m = didit_test::lower(std::string(didit::to_string(E::method)));
                if (it.value().contains(m)) op = &it.value()[m];
            }
        if (op == nullptr || !op->contains("security")) return;  // not in the spec, or no word on it
        std::string want = "?";
        const Json& sec = (*op)["security"];
        if (sec.empty())
            want = "none";
        else if (sec.size() == 1 && sec[0].contains("ApiKeyAuth"))
            want = "api-key";
        else if (sec.size() == 1 && sec[0].contains("TransactionTokenAuth"))
            want = "transaction-token";
        else if (sec.size() == 1 && sec[0].contains("SessionTokenAuth"))
            want = "session-token";
        const std::string have = E::auth == Auth::None               ? "none"
                                 : E::auth == Auth::ApiKey           ? "api-key"
                                 : E::auth == Auth::TransactionToken ? "transaction-token"
                                 : E::auth == Auth::SessionToken     ? "session-token"
                                                                     : "bearer";
        if (want != have) bad.push_back(std::string(E::name) + ": spec " + want + ", table " + have);
    }
}
template <class Tuple, std::size_t... I>
void check_all_security(std::vector<std::string>& bad, std::index_sequence<I...>) {
    (check_security<std::tuple_element_t<I, Tuple>>(bad), ...);
}
}  // namespace

TEST_CASE("token auth: every verification route authenticates as its OpenAPI operation's security says") {
    REQUIRE(didit_test::openapi_doc().is_object());
    using Routes = didit::endpoints::AllRoutes;
    std::vector<std::string> bad;
    check_all_security<Routes>(bad, std::make_index_sequence<std::tuple_size_v<Routes>>{});
    for (const auto& b : bad) MESSAGE(b);
    CHECK(bad.empty());
    CHECK(didit::endpoints::TransactionsSdkSubmit::auth == Auth::TransactionToken);
    CHECK(didit::endpoints::TravelRulePickupGet::auth == Auth::None);
    CHECK(didit::endpoints::SystemHealthcheck::auth == Auth::None);
    CHECK_FALSE(didit::endpoints::TransactionsSdkSubmit::retry_safe);
    CHECK_FALSE(didit::endpoints::TravelRulePickupRespond::retry_safe);
}
