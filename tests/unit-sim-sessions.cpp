// SPDX-License-Identifier: MIT
// Simulator sessions and webhooks: create rules, lifecycle, lists, deletes, PDF, sharing, reviews, webhook config and
// deliveries.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace {

using didit::HttpRequest;
using didit::HttpResponse;
using didit::Json;
using didit::Method;
using didit::SessionStatus;
using didit::sim::Outcome;
using didit::sim::Platform;
using SimClient = didit::Client<didit::sim::SimTransport>;

/// Parses without exceptions (the tests also run with -fno-exceptions).
Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

didit::ClientOptions client_options(const std::string& key) {
    didit::ClientOptions o;
    o.api_key = key;
    o.retry.max_retries = 0;
    o.sleep = [](std::chrono::milliseconds) {};
    o.rate_limit = false;
    return o;
}

/// A platform, a typed client on it, and raw access for exact error bodies.
struct Sim {
    std::shared_ptr<Platform> p;
    SimClient client;

    explicit Sim(didit::sim::Options o = {})
        : p(std::make_shared<Platform>(std::move(o))),
          client(client_options(p->api_key()), didit::sim::SimTransport(p)) {}

    HttpResponse raw(Method m, const std::string& path, const Json& body = nullptr, const std::string* key = nullptr) {
        HttpRequest r;
        r.method = m;
        r.url = "https://verification.didit.me" + path;
        r.headers.set("x-api-key", key ? *key : p->api_key());
        if (!body.is_null()) {
            r.body = body.dump();
            r.headers.set("Content-Type", "application/json");
        }
        return p->handle(r);
    }
    /// The reply's JSON body (checks the status).
    Json call(Method m, const std::string& path, const Json& body, int want, const std::string* key = nullptr) {
        HttpResponse r = raw(m, path, body, key);
        CHECK_MESSAGE(r.status == want, path << " -> " << r.status << " " << r.body);
        return parse(r.body);
    }
    /// A webhook destination "rx" at https://rx.example.com/hook for status.updated; returns
    /// the 201 body (with its secret).
    Json subscribe_rx() {
        return call(
            Method::Post, "/v3/webhook/destinations/",
            Json{{"label", "rx"}, {"url", "https://rx.example.com/hook"}, {"subscribed_events", {"status.updated"}}},
            201);
    }
    /// The workflow_id of the application's default (seeded) workflow.
    std::string default_workflow(const std::string* key = nullptr) {
        Json list = call(Method::Get, "/v3/workflows/", nullptr, 200, key);
        const Json& rows = list.is_array() ? list : list["results"];
        for (const auto& w : rows)
            if (w.value("is_default", false)) return w.value("workflow_id", std::string());
        return rows.empty() ? std::string() : rows.front().value("workflow_id", std::string());
    }
    /// A new published workflow with these features.
    Json workflow(const std::vector<std::string>& features, const std::string& label = "Test workflow") {
        Json f = Json::array();
        for (const auto& x : features) f.push_back({{"feature", x}});
        return call(Method::Post, "/v3/workflows/", Json{{"workflow_label", label}, {"features", f}}, 201);
    }
    /// A session on `workflow_id`; returns the 201 body.
    Json create(const std::string& workflow_id, const Json& extra = Json::object(), const std::string* key = nullptr) {
        Json body = extra;
        body["workflow_id"] = workflow_id;
        return call(Method::Post, "/v3/session/", body, 201, key);
    }
    Json decision(const std::string& id) { return call(Method::Get, "/v3/session/" + id + "/decision/", nullptr, 200); }
    void advance(long long seconds) {
        CHECK(p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", seconds}}).ok());
    }
    /// A second application (programmatic registration); returns {api_key, app_id}.
    std::pair<std::string, std::string> second_app(const std::string& email = "second@sim-tests.dev") {
        HttpRequest r;
        r.method = Method::Post;
        r.url = "https://apx.didit.me/auth/v2/programmatic/register/";
        r.headers.set("Content-Type", "application/json");
        r.body = Json{{"email", email}, {"password", "Sim-Passw0rd!"}}.dump();
        HttpResponse reg = p->handle(r);
        REQUIRE_MESSAGE(reg.status == 201, reg.body);
        r.url = "https://apx.didit.me/auth/v2/programmatic/verify-email/";
        r.body = Json{{"email", email}, {"code", p->last_code_for(email)}}.dump();
        HttpResponse ver = p->handle(r);
        REQUIRE_MESSAGE(ver.status == 200, ver.body);
        Json j = parse(ver.body);
        return {j["application"]["api_key"].get<std::string>(), j["application"]["uuid"].get<std::string>()};
    }
};

const std::vector<std::string> kKycArrays = {"id_verifications",  "nfc_verifications",     "liveness_checks",
                                             "face_matches",      "phone_verifications",   "email_verifications",
                                             "poa_verifications", "document_ai_documents", "questionnaire_responses",
                                             "aml_screenings",    "ip_analyses",           "database_validations"};
const std::vector<std::string> kKybArrays = {"registry_checks",         "aml_screenings",      "document_verifications",
                                             "key_people_checks",       "phone_verifications", "email_verifications",
                                             "questionnaire_responses", "ip_analyses"};

}  // namespace

TEST_CASE("sim sessions: create answers the documented 201 and a useful hosted URL") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    REQUIRE(didit::sim::detail::is_canonical_uuid(wf));

    didit::SessionCreateRequest req;
    req.workflow_id = wf;
    req.vendor_data = "user-123";
    req.callback = "https://example.com/cb";
    req.callback_method = didit::CallbackMethod::Both;
    req.metadata = Json{{"tier", "gold"}};
    req.language = "es";
    auto s = sim.client.sessions().create(req);
    REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    CHECK(didit::sim::detail::is_canonical_uuid(s->session_id));
    CHECK(s->session_number == 10001);
    REQUIRE(s->session_token);
    CHECK(s->session_token->size() == 12);
    CHECK(*s->url == "https://verification.didit.me/es/session/" + *s->session_token);
    CHECK(s->status == SessionStatus::NotStarted);
    CHECK(s->workflow_id == wf);
    CHECK(s->workflow_version == 1);
    CHECK(s->session_kind == didit::SessionKind::User);
    CHECK(*s->metadata == Json{{"tier", "gold"}});
    CHECK(s->vendor_data.has_value());
    CHECK(*s->callback.get() == "https://example.com/cb");

    // The next one gets the next number; no language -> no language segment.
    Json second = sim.create(wf, Json{{"vendor_data", "user-456"}});
    CHECK(second["session_number"] == 10002);
    CHECK(second["url"] == "https://verification.didit.me/session/" + second["session_token"].get<std::string>());
    CHECK(second["metadata"].is_null());
    CHECK(second["callback"].is_null());
    CHECK(second["session_kind"] == "user");

    // The hosted page explains how to finish the session.
    HttpRequest page;
    page.method = Method::Get;
    page.url = *s->url;
    HttpResponse html = sim.p->handle(page);
    CHECK(html.status == 200);
    CHECK(html.headers.get("content-type").substr(0, 9) == "text/html");
    CHECK(html.body.find(s->session_id) != std::string::npos);
    CHECK(html.body.find("/_sim/sessions/" + s->session_id + "/complete/") != std::string::npos);
    page.url = "https://verification.didit.me/session/NOSUCHTOKEN1";
    CHECK(sim.p->handle(page).status == 404);

    // The user exists now (sessions create users).
    CHECK(sim.raw(Method::Get, "/v3/users/user-123/").status == 200);
}

TEST_CASE("sim sessions: create validation errors have the documented shapes") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    auto body = [&](const Json& b) { return sim.raw(Method::Post, "/v3/session/", b); };

    HttpResponse r = body(Json::object({{"vendor_data", "x"}}));
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"workflow_id", Json::array({"This field is required."})}});

    r = body(Json{{"workflow_id", "11111111-2222-4333-8444-555555555555"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"workflow_id", "Invalid workflow_id."}});  // string shape

    r = body(Json{{"workflow_id", "not-a-uuid"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body)["workflow_id"].is_array());

    r = body(Json{{"workflow_id", wf}, {"language", "xx"}, {"callback_method", "sometimes"}});
    CHECK(r.status == 400);
    Json e = parse(r.body);
    CHECK(e["language"] == Json::array({"\"xx\" is not a valid choice."}));
    CHECK(e["callback_method"] == Json::array({"\"sometimes\" is not a valid choice."}));

    r = body(Json{{"workflow_id", wf}, {"expected_details", {{"address", "Calle Mayor 1"}}}});
    CHECK(r.status == 400);
    CHECK(parse(r.body)["expected_details"]["address"].is_array());
    r = body(Json{{"workflow_id", wf}, {"expected_details", {{"address", "Calle Mayor 1"}, {"poa_country", "ESP"}}}});
    CHECK(r.status == 201);

    r = body(Json{{"workflow_id", wf}, {"expected_details", {{"expected_document_types", {"p", "BOGUS"}}}}});
    CHECK(r.status == 400);
    r = body(Json{{"workflow_id", wf}, {"expected_details", {{"expected_document_types", {"p", "dl"}}}}});
    CHECK(r.status == 201);

    r = body(Json{{"workflow_id", wf}, {"contact_details", {{"email", "nope"}, {"phone", "12345"}}}});
    CHECK(r.status == 400);
    e = parse(r.body);
    CHECK(e["contact_details"]["email"].is_array());
    CHECK(e["contact_details"]["phone"].is_array());

    r = body(Json{{"workflow_id", wf}, {"portrait_image", "!!!not base64!!!"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body)["portrait_image"].is_array());
    r = body(Json{{"workflow_id", wf}, {"portrait_image", std::string(2900000, 'A')}});  // ~2.1 MB decoded
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"portrait_image", Json::array({"Image size exceeds 2MB."})}});
    r = body(Json{{"workflow_id", wf}, {"portrait_image", "iVBORw0KGgo="}, {"metadata", Json::array({1, "two"})}});
    CHECK(r.status == 201);
    CHECK(parse(r.body)["metadata"] == Json::array({1, "two"}));  // any JSON

    // Non-object bodies and wrong types never crash.
    for (const char* raw_body : {"[]", "\"x\"", "{\"workflow_id\":5}", "{\"workflow_id\":null,\"metadata\":{}}",
                                 "{\"contact_details\":[],\"expected_details\":7}"}) {
        HttpRequest req;
        req.method = Method::Post;
        req.url = "https://verification.didit.me/v3/session/";
        req.headers.set("x-api-key", sim.p->api_key());
        req.headers.set("Content-Type", "application/json");
        req.body = raw_body;
        CHECK(sim.p->handle(req).status == 400);
    }
}

TEST_CASE("sim sessions: vendor_data makes create idempotent while the session is unfinished") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    Json a = sim.create(wf, Json{{"vendor_data", "alice"}, {"metadata", {{"n", 1}}}});
    Json again =
        sim.create(wf, Json{{"vendor_data", "alice"}, {"metadata", {{"n", 2}}}, {"callback", "https://x.example/cb"}});
    CHECK(again["session_id"] == a["session_id"]);
    CHECK(again["session_number"] == a["session_number"]);
    CHECK(again["metadata"] == Json{{"n", 2}});
    CHECK(again["callback"] == "https://x.example/cb");
    CHECK(sim.decision(a["session_id"])["metadata"] == Json{{"n", 2}});

    // In Progress is still unfinished.
    REQUIRE(sim.p->start_session(a["session_id"].get<std::string>()).ok());
    CHECK(sim.create(wf, Json{{"vendor_data", "alice"}})["session_id"] == a["session_id"]);

    // Another vendor_data, or none, makes a new session.
    CHECK(sim.create(wf, Json{{"vendor_data", "bob"}})["session_id"] != a["session_id"]);
    CHECK(sim.create(wf)["session_id"] != a["session_id"]);

    // A finished session is never reused.
    REQUIRE(sim.p->complete_session(a["session_id"].get<std::string>(), Outcome::Approved).ok());
    CHECK(sim.create(wf, Json{{"vendor_data", "alice"}})["session_id"] != a["session_id"]);
}

TEST_CASE("sim sessions: credits are debited at create and run out") {
    didit::sim::Options o;
    o.initial_balance = "0.5000";
    Sim sim(o);
    const std::string wf = sim.default_workflow();
    Json wfs = sim.call(Method::Get, "/v3/workflows/", nullptr, 200);
    const Json& rows = wfs.is_array() ? wfs : wfs["results"];
    double price = 0;
    for (const auto& w : rows)
        if (w.value("workflow_id", "") == wf) price = w.value("total_price", 0.0);
    REQUIRE(price > 0);
    const auto cost = static_cast<long long>(std::llround(price * 10000));
    const long long affordable = 5000 / cost;

    Json first;
    long long made = 0;
    HttpResponse last;
    for (int i = 0; i < 200; ++i) {
        last =
            sim.raw(Method::Post, "/v3/session/", Json{{"workflow_id", wf}, {"vendor_data", "u" + std::to_string(i)}});
        if (last.status != 201) break;
        if (made == 0) first = parse(last.body);
        ++made;
    }
    CHECK(made == affordable);
    CHECK(last.status == 400);
    CHECK(parse(last.body) == Json{{"detail",
                                    "You don't have enough credits to perform this request. Please top up at "
                                    "https://business.didit.me"}});
    // Returning an existing unfinished session costs nothing, so it still works.
    CHECK(sim.create(wf, Json{{"vendor_data", "u0"}})["session_id"] == first["session_id"]);
    HttpResponse bal = sim.raw(Method::Get, "/v3/billing/balance/");
    if (bal.status == 200) CHECK(parse(bal.body)["balance"] == didit::sim::money_string(5000 - affordable * cost));
}

TEST_CASE("sim sessions: a BLOCKED user cannot get a new session") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    sim.create(wf, Json{{"vendor_data", "mallory"}});
    HttpResponse patch = sim.raw(Method::Patch, "/v3/users/mallory/", Json{{"status", "BLOCKED"}});
    REQUIRE_MESSAGE(patch.status == 200, patch.body);
    HttpResponse r = sim.raw(Method::Post, "/v3/session/", Json{{"workflow_id", wf}, {"vendor_data", "mallory"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"vendor_data",
                                 "This user or business has been blocked and cannot create new "
                                 "verification sessions."}});
}

TEST_CASE("sim sessions: the decision is null per feature until the session is completed") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    Json s = sim.create(wf, Json{{"vendor_data", "carmen"},
                                 {"expected_details", {{"first_name", "Carmen"}, {"last_name", "Española"}}},
                                 {"contact_details", {{"email", "carmen@example.com"}}}});
    const std::string id = s["session_id"];
    Json d = sim.decision(id);
    CHECK(d["session_kind"] == "user");
    CHECK(d["status"] == "Not Started");
    CHECK(d["session_url"] == s["url"]);
    CHECK(d["features"] == Json::array({"ID_VERIFICATION", "LIVENESS", "FACE_MATCH"}));
    CHECK(d["environment"] == "sandbox");
    for (const auto& a : kKycArrays) {
        CHECK_MESSAGE(d.contains(a), a);
        CHECK_MESSAGE(d[a].is_null(), a);
    }
    CHECK(d["reviews"] == Json::array());
    CHECK(d["expected_details"]["first_name"] == "Carmen");
    CHECK(d["contact_details"]["email"] == "carmen@example.com");
    CHECK(d["expires_at"].is_string());

    auto typed = sim.client.sessions().get_decision(id);
    REQUIRE_MESSAGE(typed.ok(), typed.error().to_string());
    CHECK_FALSE(typed->id_verifications.has_value());

    // Approved: the workflow's three features ran, the rest stay null.
    auto done = sim.p->complete_session(id, Outcome::Approved);
    REQUIRE(done.ok());
    d = sim.decision(id);
    CHECK(d["status"] == "Approved");
    REQUIRE(d["id_verifications"].is_array());
    CHECK(d["id_verifications"][0]["node_id"] == "feature_ocr_1");
    CHECK(d["id_verifications"][0]["status"] == "Approved");
    CHECK(d["id_verifications"][0]["first_name"] == "Carmen");
    CHECK(d["liveness_checks"][0]["status"] == "Approved");
    CHECK(d["face_matches"][0]["score"].get<double>() > 80);
    CHECK(d["aml_screenings"].is_null());
    CHECK(d["ip_analyses"].is_null());
    typed = sim.client.sessions().get_decision(id);
    REQUIRE_MESSAGE(typed.ok(), typed.error().to_string());
    CHECK(typed->status == SessionStatus::Approved);
    REQUIRE(typed->id_verifications);
    CHECK(typed->id_verifications->at(0).full_name == "Carmen Española");
    REQUIRE(typed->face_matches);
    CHECK(typed->face_matches->at(0).warnings->empty());

    HttpResponse missing = sim.raw(Method::Get, "/v3/session/11111111-2222-4333-8444-555555555555/decision/");
    CHECK(missing.status == 404);
    CHECK(parse(missing.body) == Json{{"detail", "Session not found."}});
    CHECK(sim.raw(Method::Get, "/v3/session/NOT-A-UUID/decision/").headers.get("content-type").substr(0, 9) ==
          "text/html");
}

TEST_CASE("sim sessions: declined and in-review outcomes flag one feature with a warning") {
    Sim sim;
    Json wf = sim.workflow({"OCR", "LIVENESS", "FACE_MATCH", "AML", "IP_ANALYSIS", "PHONE_VERIFICATION"});
    const std::string wid = wf["workflow_id"];
    const std::string a = sim.create(wid)["session_id"], b = sim.create(wid)["session_id"];
    REQUIRE(sim.p->complete_session(a, Outcome::Declined).ok());
    REQUIRE(sim.p->complete_session(b, Outcome::InReview).ok());
    Json da = sim.decision(a), db = sim.decision(b);
    CHECK(da["status"] == "Declined");
    CHECK(da["face_matches"][0]["status"] == "Declined");
    CHECK(da["face_matches"][0]["warnings"][0]["log_type"] == "error");
    CHECK(da["face_matches"][0]["warnings"][0]["risk"] == "LOW_FACE_MATCH_SIMILARITY");
    CHECK(da["face_matches"][0]["warnings"][0]["feature"] == "FACEMATCH");
    CHECK(db["status"] == "In Review");
    CHECK(db["aml_screenings"][0]["status"] == "In Review");
    CHECK(db["aml_screenings"][0]["total_hits"] == 1);
    CHECK(db["aml_screenings"][0]["warnings"][0]["risk"] == "POSSIBLE_MATCH_FOUND");
    CHECK(db["id_verifications"][0]["status"] == "Approved");
    CHECK(db["ip_analyses"][0]["status"] == "Approved");
    CHECK(db["phone_verifications"].is_array());
    auto typed = sim.client.sessions().get_decision(b);
    REQUIRE_MESSAGE(typed.ok(), typed.error().to_string());
    REQUIRE(typed->aml_screenings);
    CHECK(typed->aml_screenings->at(0).warnings->at(0).log_type == didit::WarningLogType::Warning);
}

TEST_CASE("sim sessions: KYB sessions have the business shape") {
    Sim sim;
    Json wf = sim.workflow({"KYB_REGISTRY", "KYB_DOCUMENTS", "KYB_KEY_PEOPLE"}, "KYB flow");
    Json s = sim.create(wf["workflow_id"],
                        Json{{"vendor_data", "acme"},
                             {"expected_details",
                              {{"company_name", "Acme Ltd"}, {"registry_country", "GB"}, {"first_name", "ignored"}}}});
    CHECK(s["session_kind"] == "business");
    const std::string id = s["session_id"];
    Json d = sim.decision(id);
    CHECK(d["session_kind"] == "business");
    for (const auto& a : kKybArrays) CHECK_MESSAGE((d.contains(a) && d[a].is_null()), a);
    CHECK_FALSE(d.contains("id_verifications"));
    CHECK(d["expected_details"] == Json{{"company_name", "Acme Ltd"}, {"registry_country", "GB"}});
    REQUIRE(sim.p->complete_session(id, Outcome::Approved).ok());
    d = sim.decision(id);
    CHECK(d["registry_checks"][0]["company"]["company_name"] == "Acme Ltd");
    CHECK(d["key_people_checks"][0]["status"] == "Approved");
    CHECK(d["document_verifications"][0]["node_id"] == "feature_kyb_documents_1");
    auto typed = sim.client.sessions().get_decision(id);
    REQUIRE_MESSAGE(typed.ok(), typed.error().to_string());
    CHECK(typed->session_kind == didit::SessionKind::Business);
    REQUIRE(typed->registry_checks);

    // Lists: KYB rows only with session_kind=business/all.
    Json users = sim.call(Method::Get, "/v3/sessions/", nullptr, 200);
    CHECK(users["count"] == 0);
    Json biz = sim.call(Method::Get, "/v3/sessions/?session_kind=business", nullptr, 200);
    REQUIRE(biz["count"] == 1);
    Json row = biz["results"][0];
    CHECK(row["session_kind"] == "business");
    CHECK(row["workflow_type"] == "kyb");
    CHECK(row["workflow_label"] == "KYB flow");
    CHECK(row["company_name"] == "Acme Ltd");
    CHECK(row["country"] == "GB");
    CHECK_FALSE(row.contains("features"));

    // Reviews are KYC-only; PDF has its KYB message.
    CHECK(parse(sim.raw(Method::Get, "/v3/sessions/" + id + "/reviews/").body) ==
          Json{{"detail", "Session not found."}});
    Json k2 = sim.create(wf["workflow_id"]);
    HttpResponse pdf = sim.raw(Method::Get, "/v3/session/" + k2["session_id"].get<std::string>() + "/generate-pdf/");
    CHECK(pdf.status == 403);
    CHECK(parse(pdf.body) ==
          Json{{"detail", "You can only generate a PDF for sessions in review, declined or approved"}});
}

TEST_CASE("sim sessions: control routes move the lifecycle and refuse finished sessions") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    const std::string a = sim.create(wf)["session_id"];
    REQUIRE(sim.p->start_session(a).ok());
    CHECK(sim.decision(a)["status"] == "In Progress");
    REQUIRE(sim.p->expire_session(a).ok());
    CHECK(sim.decision(a)["status"] == "Expired");
    auto again = sim.p->complete_session(a, Outcome::Approved);
    CHECK_FALSE(again.ok());
    CHECK(again.error().status == 400);
    CHECK_FALSE(sim.p->start_session(a).ok());

    const std::string b = sim.create(wf)["session_id"];
    auto ab = sim.p->abandon_session(b);
    REQUIRE(ab.ok());
    CHECK((*ab)["status"] == "Abandoned");
    Json d = sim.decision(b);
    CHECK(d["status"] == "Abandoned");
    CHECK(d["id_verifications"][0]["status"] == "Not Finished");
    CHECK(d["liveness_checks"].is_null());

    HttpResponse bad =
        sim.raw(Method::Post, "/_sim/sessions/" + sim.create(wf)["session_id"].get<std::string>() + "/complete/",
                Json{{"outcome", "maybe"}});
    CHECK(bad.status == 400);
    CHECK_FALSE(sim.p->complete_session("11111111-2222-4333-8444-555555555555", Outcome::Approved).ok());
}

TEST_CASE("sim sessions: update-status follows the documented rules") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    const std::string id = sim.create(wf, Json{{"vendor_data", "rita"}})["session_id"];
    const std::string path = "/v3/session/" + id + "/update-status/";

    // The current status is checked first, even with an invalid body.
    HttpResponse r = sim.raw(Method::Patch, path, Json{{"new_status", "Bogus"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) ==
          Json{{"detail",
                "Only sessions with status Approved, Declined, In Review, Kyc Expired, Abandoned, Resubmitted "
                "can be updated. Current status: Not Started"}});

    REQUIRE(sim.p->complete_session(id, Outcome::InReview).ok());
    r = sim.raw(Method::Patch, path, Json::object());
    CHECK(parse(r.body) == Json{{"new_status", Json::array({"This field is required."})}});
    r = sim.raw(Method::Patch, path, Json{{"new_status", "Bogus"}});
    CHECK(parse(r.body) == Json{{"new_status", Json::array({"\"Bogus\" is not a valid choice."})}});
    r = sim.raw(Method::Patch, path, Json{{"new_status", "In Review"}});
    CHECK(parse(r.body) ==
          Json{{"new_status",
                Json::array({"You can only update the status to 'Approved', 'Declined', or 'Resubmitted'."})}});
    r = sim.raw(Method::Patch, path, Json{{"new_status", "Approved"}, {"send_email", true}});
    CHECK(parse(r.body) ==
          Json{{"email_address", Json::array({"Email address is required when send_email is true."})}});
    r = sim.raw(
        Method::Patch, path,
        Json{{"new_status", "Resubmitted"},
             {"nodes_to_resubmit",
              {{{"node_id", "feature_ocr_1"}, {"feature", "OCR"}}, {{"node_id", "feature_x"}, {"feature", "BOGUS"}}}}});
    CHECK(r.status == 400);
    Json nested = parse(r.body);
    REQUIRE(nested["nodes_to_resubmit"].is_array());
    CHECK(nested["nodes_to_resubmit"][0] == Json::object());
    CHECK(nested["nodes_to_resubmit"][1]["feature"][0].get<std::string>().rfind("\"BOGUS\" is not a valid choice.",
                                                                                0) == 0);
    r = sim.raw(
        Method::Patch, path,
        Json{{"new_status", "Resubmitted"}, {"nodes_to_resubmit", {{{"node_id", "n"}, {"feature", "KYB_REGISTRY"}}}}});
    CHECK(parse(r.body)["nodes_to_resubmit"].is_string());

    // Approve through the SDK: 200 {session_id}, a STATUS_UPDATED activity, a decision review.
    didit::SessionUpdateStatusRequest approve;
    approve.new_status = didit::SessionStatusChange::Approved;
    approve.comment = "Looks fine";
    auto ok = sim.client.sessions().update_status(id, approve);
    REQUIRE_MESSAGE(ok.ok(), ok.error().to_string());
    CHECK(ok->session_id == id);
    Json d = sim.decision(id);
    CHECK(d["status"] == "Approved");
    REQUIRE(d["reviews"].size() == 1);
    CHECK(d["reviews"][0]["new_status"] == "Approved");
    CHECK(d["reviews"][0]["comment"] == "Looks fine");

    // Same status: a bare array.
    r = sim.raw(Method::Patch, path, Json{{"new_status", "Approved"}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json::array({"The new status is the same as the current status."}));
    auto same = sim.client.sessions().update_status(id, approve);
    CHECK_FALSE(same.ok());

    // Resubmit without nodes: the attempted, non-approved steps are picked (here the face
    // match the review flagged; a manual approval leaves the feature statuses as they were).
    CHECK(d["face_matches"][0]["status"] == "In Review");
    r = sim.raw(Method::Patch, path,
                Json{{"new_status", "Resubmitted"}, {"send_email", true}, {"email_address", "rita@example.com"}});
    CHECK(r.status == 200);
    d = sim.decision(id);
    CHECK(d["status"] == "Resubmitted");
    CHECK(d["face_matches"].is_null());  // the step's data is cleared
    CHECK(d["id_verifications"].is_array());
    bool mailed = false;
    for (const auto& e : sim.p->outbox()) mailed = mailed || e.to == "rita@example.com";
    CHECK(mailed);
    // Resubmitted can be completed again.
    REQUIRE(sim.p->complete_session(id, Outcome::Approved).ok());
    CHECK(sim.decision(id)["face_matches"].is_array());

    // A cleanly approved session has nothing to auto-select; explicit nodes still work.
    const std::string clean = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(clean, Outcome::Approved).ok());
    const std::string cpath = "/v3/session/" + clean + "/update-status/";
    r = sim.raw(Method::Patch, cpath, Json{{"new_status", "Resubmitted"}});
    CHECK(parse(r.body) ==
          Json{{"nodes_to_resubmit", "No features found that need resubmission. All features are already approved."}});
    r = sim.raw(Method::Patch, cpath,
                Json{{"new_status", "Resubmitted"},
                     {"nodes_to_resubmit", {{{"node_id", "feature_liveness_1"}, {"feature", "LIVENESS"}}}}});
    CHECK(r.status == 200);
    CHECK(sim.decision(clean)["liveness_checks"].is_null());

    // Unknown session.
    CHECK(sim.raw(Method::Patch, "/v3/session/11111111-2222-4333-8444-555555555555/update-status/",
                  Json{{"new_status", "Approved"}})
              .status == 404);
}

TEST_CASE("sim sessions: list filters, rows and paging") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    Json other = sim.workflow({"OCR", "PHONE_VERIFICATION"}, "Other");
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(sim.create(wf, Json{{"vendor_data", "v" + std::to_string(i)},
                                          {"expected_details",
                                           {{"first_name", "Ana"},
                                            {"last_name", "Lopez" + std::to_string(i)},
                                            {"nationality", i % 2 ? "FRA" : "ESP"}}},
                                          {"contact_details",
                                           {{"email", "ana" + std::to_string(i) + "@example.com"},
                                            {"phone", "+3460000000" + std::to_string(i)}}}})["session_id"]);
    const std::string o1 = sim.create(other["workflow_id"], Json{{"vendor_data", "w1"}})["session_id"];
    REQUIRE(sim.p->complete_session(ids[0], Outcome::Approved).ok());
    REQUIRE(sim.p->complete_session(ids[1], Outcome::Declined).ok());
    REQUIRE(sim.p->complete_session(o1, Outcome::Approved).ok());

    Json all = sim.call(Method::Get, "/v3/sessions/", nullptr, 200);
    CHECK(all["count"] == 6);
    CHECK(all["results"][0]["session_id"] == o1);  // newest first
    Json row = all["results"][5];
    CHECK(row["session_id"] == ids[0]);
    CHECK(row["status"] == "Approved");
    CHECK(row["full_name"] == "Ana Lopez0");
    CHECK(row["country"] == "ESP");
    CHECK(row["document_type"] == "Identity Card");
    CHECK(row["features"] == Json::array({Json{{"feature", "ID_VERIFICATION"}, {"status", "Approved"}},
                                          Json{{"feature", "LIVENESS"}, {"status", "Approved"}},
                                          Json{{"feature", "FACE_MATCH"}, {"status", "Approved"}}}));
    CHECK(row["additional_details"]["face_match"]["score"].is_number());
    CHECK(all["results"][3]["features"][0]["status"] == "Not Finished");
    CHECK(all["results"][3]["full_name"].is_null());

    // Typed.
    didit::SessionsListQuery q;
    q.status = std::vector<SessionStatus>{SessionStatus::Approved, SessionStatus::Declined};
    auto page = sim.client.sessions().list(q);
    REQUIRE_MESSAGE(page.ok(), page.error().to_string());
    CHECK(page->results.size() == 3);

    auto count = [&](const std::string& query) {
        Json j = sim.call(Method::Get, "/v3/sessions/?" + query, nullptr, 200);
        return j["count"].get<long long>();
    };
    CHECK(count("status=Approved") == 2);
    CHECK(count("status=Approved,Declined") == 3);
    CHECK(count("status=approved") == 0);  // case-sensitive
    CHECK(count("vendor_data=v3") == 1);
    CHECK(count("vendor_data=v") == 0);  // exact
    CHECK(count("workflow_id=" + other["workflow_id"].get<std::string>()) == 1);
    CHECK(count("workflow_id=" + wf + "," + other["workflow_id"].get<std::string>()) == 6);
    CHECK(count("country=FRA") == 1);
    CHECK(count("country=ESP,FRA") == 3);  // o1's document is Spanish too
    CHECK(count("search=" + ids[2]) == 1);
    CHECK(count("search=ana4@") == 1);
    CHECK(count("search=lopez1") == 1);
    CHECK(count("search=1000") == 6);  // session number prefix
    CHECK(count("document_type=ID") == 3);
    CHECK(count("document_type=P") == 0);
    const std::string today = sim.decision(ids[0])["created_at"].get<std::string>().substr(0, 10);
    CHECK(count("date_from=" + today) == 6);
    CHECK(count("date_to=" + today) == 6);
    CHECK(count("date_from=2999-01-01") == 0);
    CHECK(count("session_kind=all") == 6);

    HttpResponse bad = sim.raw(Method::Get, "/v3/sessions/?date_from=2026-13-01");
    CHECK(bad.status == 400);
    CHECK(parse(bad.body) == Json{{"date_from", Json::array({"Enter a valid date."})}});
    CHECK(sim.raw(Method::Get, "/v3/sessions/?date_to=yesterday").status == 400);
    CHECK(sim.raw(Method::Get, "/v3/sessions/?session_kind=robots").status == 400);
    CHECK(sim.raw(Method::Get, "/v3/sessions/?limit=0").status == 400);

    // Paging: absolute links, filters kept.
    Json p1 = sim.call(Method::Get, "/v3/sessions/?limit=2&status=Not%20Started", nullptr, 200);
    CHECK(p1["count"] == 3);
    CHECK(p1["results"].size() == 2);
    CHECK(p1["previous"].is_null());
    REQUIRE(p1["next"].is_string());
    CHECK(p1["next"].get<std::string>().rfind("https://verification.didit.me/v3/sessions/?", 0) == 0);
    CHECK(p1["next"].get<std::string>().find("offset=2") != std::string::npos);
    Json p2 = sim.call(Method::Get, "/v3/sessions/?limit=2&offset=2&status=Not%20Started", nullptr, 200);
    CHECK(p2["results"].size() == 1);
    CHECK(p2["next"].is_null());

    // Paginator over every page.
    didit::SessionsListQuery small;
    small.limit = 4;
    std::size_t seen = 0;
    for (auto& s : sim.client.sessions().list_all(small)) {
        REQUIRE(s.ok());
        ++seen;
    }
    CHECK(seen == 6);
}

TEST_CASE("sim sessions: single and batch delete") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    Json a = sim.create(wf), b = sim.create(wf), c = sim.create(wf);
    Json kyb_wf = sim.workflow({"KYB_REGISTRY"}, "KYB");
    Json k = sim.create(kyb_wf["workflow_id"]);
    REQUIRE(sim.p->complete_session(a["session_id"].get<std::string>(), Outcome::Approved).ok());

    didit::SessionDeleteRequest keep;
    keep.retain_face_embeddings = true;
    auto del = sim.client.sessions().remove(a["session_id"], keep);
    REQUIRE_MESSAGE(del.ok(), del.error().to_string());
    REQUIRE(del->has_value());
    CHECK((*del)->session_id == a["session_id"].get<std::string>());
    CHECK((*del)->session_number == a["session_number"].get<long long>());
    CHECK((*del)->face_retention_outcome == "retained");
    CHECK((*del)->biometric_template_uuid.has_value());
    auto twice = sim.client.sessions().remove(a["session_id"]);
    CHECK_FALSE(twice.ok());
    CHECK(twice.error().status == 404);
    CHECK(sim.raw(Method::Get, "/v3/session/" + a["session_id"].get<std::string>() + "/decision/").status == 404);
    CHECK(sim.raw(Method::Delete, "/v3/session/" + b["session_id"].get<std::string>() + "/delete/",
                  Json{{"face_retention_days", 0}})
              .status == 400);

    HttpResponse r = sim.raw(Method::Post, "/v3/sessions/delete/", Json{{"session_numbers", {"12a"}}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"session_numbers", Json::array({"All session_numbers must be numeric."})}});
    CHECK(sim.raw(Method::Post, "/v3/sessions/delete/", Json{{"session_numbers", Json::array()}}).status == 400);
    CHECK(sim.raw(Method::Post, "/v3/sessions/delete/", Json::object()).status == 400);

    // Strings and ints, unknown numbers skipped, KYB sessions untouched.
    r = sim.raw(
        Method::Post, "/v3/sessions/delete/",
        Json{{"session_numbers",
              {std::to_string(b["session_number"].get<long long>()), 99999, k["session_number"].get<long long>()}}});
    CHECK(r.status == 200);
    Json res = parse(r.body)["results"];
    REQUIRE(res.size() == 1);
    CHECK(res[0]["session_id"] == b["session_id"]);
    CHECK(sim.raw(Method::Get, "/v3/session/" + k["session_id"].get<std::string>() + "/decision/").status == 200);

    auto all = sim.client.sessions().remove_many(didit::SessionsBatchDeleteRequest{std::nullopt, true, Json()});
    REQUIRE_MESSAGE(all.ok(), all.error().to_string());
    REQUIRE(all->has_value());
    REQUIRE((*all)->results);
    CHECK((*all)->results->size() == 1);                                                         // c
    CHECK(sim.call(Method::Get, "/v3/sessions/?session_kind=all", nullptr, 200)["count"] == 1);  // the KYB one
    // The KYB session is deleted through the single route.
    CHECK(sim.raw(Method::Delete, "/v3/session/" + k["session_id"].get<std::string>() + "/delete/").status == 200);
    (void)c;
}

TEST_CASE("sim sessions: generate-pdf returns a PDF for finished sessions only") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    const std::string id = sim.create(wf)["session_id"];
    HttpResponse r = sim.raw(Method::Get, "/v3/session/" + id + "/generate-pdf/");
    CHECK(r.status == 403);
    CHECK(parse(r.body) ==
          Json{{"detail", "You can only generate a PDF for sessions in review, declined, approved or kyc expired"}});
    auto refused = sim.client.sessions().generate_pdf(id);
    CHECK_FALSE(refused.ok());

    REQUIRE(sim.p->complete_session(id, Outcome::Declined).ok());
    auto pdf = sim.client.sessions().generate_pdf(id);
    REQUIRE_MESSAGE(pdf.ok(), pdf.error().to_string());
    CHECK(pdf->bytes.rfind("%PDF-1.", 0) == 0);
    CHECK(pdf->content_type == "application/pdf");
    CHECK(pdf->bytes.find("%%EOF") != std::string::npos);
    CHECK(pdf->bytes.find(id) != std::string::npos);
    // The xref offset points at the xref table.
    const auto sx = pdf->bytes.rfind("startxref\n");
    REQUIRE(sx != std::string::npos);
    const auto off = std::stoul(pdf->bytes.substr(sx + 10));
    CHECK(pdf->bytes.compare(off, 4, "xref") == 0);
    // Missing trailing slash: 301 to the canonical path.
    CHECK(sim.raw(Method::Get, "/v3/session/" + id + "/generate-pdf").status == 301);
}

TEST_CASE("sim sessions: share and import-shared") {
    Sim sim;
    const auto second = sim.second_app();
    const std::string& key2 = second.first;
    const std::string& app2 = second.second;
    const std::string wf = sim.default_workflow();
    const std::string wf2 = sim.default_workflow(&key2);
    const std::string id = sim.create(wf, Json{{"vendor_data", "sharer"}})["session_id"];
    const std::string share_path = "/v3/session/" + id + "/share/";

    // Not finished -> detail as an array.
    HttpResponse r = sim.raw(Method::Post, share_path, Json{{"for_application_id", app2}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"detail", Json::array({"Only finished sessions (\"Approved\", \"Declined\", \"In "
                                                        "Review\") can be shared."})}});
    REQUIRE(sim.p->complete_session(id, Outcome::Approved).ok());

    r = sim.raw(Method::Post, share_path, Json::object());
    CHECK(parse(r.body) == Json{{"for_application_id", Json::array({"This field is required."})}});
    r = sim.raw(Method::Post, share_path, Json{{"for_application_id", app2}, {"ttl_in_seconds", 10}});
    CHECK(parse(r.body) ==
          Json{{"ttl_in_seconds", Json::array({"Ensure this value is greater than or equal to 60."})}});
    r = sim.raw(Method::Post, share_path, Json{{"for_application_id", "11111111-2222-4333-8444-555555555555"}});
    CHECK(parse(r.body) == Json{{"for_application_id", Json::array({"Target application does not exist."})}});

    // No credentials: 401 on this route only.
    HttpRequest anon;
    anon.method = Method::Post;
    anon.url = "https://verification.didit.me" + share_path;
    CHECK(sim.p->handle(anon).status == 401);

    didit::SessionShareRequest sreq;
    sreq.for_application_id = app2;
    sreq.ttl_in_seconds = 120;
    auto shared = sim.client.sessions().share(id, sreq);
    REQUIRE_MESSAGE(shared.ok(), shared.error().to_string());
    CHECK(shared->for_application_id == app2);
    CHECK(shared->session_kind == didit::SessionKind::User);
    const std::string token = shared->share_token;
    CHECK(std::count(token.begin(), token.end(), '.') == 2);

    // The receiving app imports it (once).
    SimClient client2(client_options(key2), didit::sim::SimTransport(sim.p));
    didit::SessionImportSharedRequest imp;
    imp.share_token = token;
    imp.trust_review = false;
    imp.workflow_id = "11111111-2222-4333-8444-555555555555";
    auto nowf = client2.sessions().import_shared(imp);
    CHECK_FALSE(nowf.ok());
    CHECK(nowf.error().status == 404);
    imp.workflow_id = wf;  // the sharer's workflow is not the importer's
    CHECK(parse(sim.raw(Method::Post, "/v3/session/import-shared/",
                        Json{{"share_token", token}, {"trust_review", false}, {"workflow_id", wf}}, &key2)
                    .body) == Json{{"detail", "Workflow does not exist for this application."}});
    CHECK(parse(sim.raw(Method::Post, "/v3/session/import-shared/", Json{{"share_token", token}}, &key2).body) ==
          Json{{"trust_review", Json::array({"This field is required."})},
               {"workflow_id", Json::array({"This field is required."})}});
    r = sim.raw(Method::Post, "/v3/session/import-shared/",
                Json{{"share_token", token + "x"}, {"trust_review", true}, {"workflow_id", wf2}}, &key2);
    CHECK(parse(r.body) == Json{{"share_token", Json::array({"Invalid share token."})}});
    // The sharing app is not the audience.
    r = sim.raw(Method::Post, "/v3/session/import-shared/",
                Json{{"share_token", token}, {"trust_review", true}, {"workflow_id", wf}});
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"share_token", Json::array({"This token is not valid for this application."})}});

    imp.workflow_id = wf2;
    auto cloned = client2.sessions().import_shared(imp);
    REQUIRE_MESSAGE(cloned.ok(), cloned.error().to_string());
    CHECK(cloned->session_id != id);
    CHECK(cloned->status == SessionStatus::InReview);  // trust_review false
    CHECK(cloned->workflow_id == wf2);
    REQUIRE(cloned->id_verifications);
    REQUIRE(cloned->shared_from_session);
    CHECK((*cloned->shared_from_session)["session_id"] == id);
    CHECK(sim.call(Method::Get, "/v3/session/" + cloned->session_id + "/decision/", nullptr, 200, &key2)["status"] ==
          "In Review");
    CHECK(sim.raw(Method::Get, "/v3/session/" + cloned->session_id + "/decision/").status == 404);  // not the sharer's

    r = sim.raw(Method::Post, "/v3/session/import-shared/",
                Json{{"share_token", token}, {"trust_review", true}, {"workflow_id", wf2}}, &key2);
    CHECK(r.status == 403);
    CHECK(parse(r.body) == Json{{"detail", "This session has already been shared with your application."}});

    // Expiry: a fresh token for another session, then the clock moves past its TTL.
    const std::string id2 = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(id2, Outcome::Declined).ok());
    Json s2 = sim.call(Method::Post, "/v3/session/" + id2 + "/share/",
                       Json{{"for_application_id", app2}, {"ttl_in_seconds", 60}}, 200);
    sim.advance(61);
    r = sim.raw(Method::Post, "/v3/session/import-shared/",
                Json{{"share_token", s2["share_token"]}, {"trust_review", true}, {"workflow_id", wf2}}, &key2);
    CHECK(r.status == 400);
    CHECK(parse(r.body) == Json{{"share_token", Json::array({"Share token has expired."})}});

    // A deleted original.
    const std::string id3 = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(id3, Outcome::Approved).ok());
    Json s3 = sim.call(Method::Post, "/v3/session/" + id3 + "/share/", Json{{"for_application_id", app2}}, 200);
    CHECK(sim.raw(Method::Delete, "/v3/session/" + id3 + "/delete/").status == 200);
    r = sim.raw(Method::Post, "/v3/session/import-shared/",
                Json{{"share_token", s3["share_token"]}, {"trust_review", true}, {"workflow_id", wf2}}, &key2);
    CHECK(parse(r.body) == Json{{"share_token", Json::array({"Original session does not exist."})}});
}

TEST_CASE("sim sessions: reviews feed") {
    Sim sim;
    const std::string wf = sim.default_workflow();
    const std::string id = sim.create(wf)["session_id"];
    const std::string path = "/v3/sessions/" + id + "/reviews/";
    Json empty = sim.call(Method::Get, path, nullptr, 200);
    CHECK(empty == Json{{"count", 0}, {"next", nullptr}, {"previous", nullptr}, {"results", Json::array()}});

    didit::SessionReviewCreateRequest note;
    note.new_status = SessionStatus::InReview;
    note.comment = "Flagging";
    auto created = sim.client.sessions().create_review(id, note);
    REQUIRE_MESSAGE(created.ok(), created.error().to_string());
    CHECK(created->user == "Unknown");
    CHECK(created->new_status == SessionStatus::InReview);
    CHECK(sim.decision(id)["status"] == "Not Started");  // a label only
    Json plain = sim.call(Method::Post, path, Json::object(), 201);
    CHECK(plain["new_status"].is_null());
    CHECK(plain["comment"].is_null());
    HttpResponse bad = sim.raw(Method::Post, path, Json{{"new_status", "approved"}});
    CHECK(parse(bad.body) == Json{{"new_status", Json::array({"\"approved\" is not a valid choice."})}});

    REQUIRE(sim.p->complete_session(id, Outcome::InReview).ok());
    sim.advance(5);
    didit::SessionUpdateStatusRequest approve;
    approve.new_status = didit::SessionStatusChange::Approved;
    approve.comment = "Checked";
    REQUIRE(sim.client.sessions().update_status(id, approve).ok());

    Json feed = sim.call(Method::Get, path, nullptr, 200);
    REQUIRE(feed["count"] == 3);
    Json top = feed["results"][0];  // newest first
    CHECK(top["activity_type"] == "STATUS_UPDATED");
    CHECK(top["actor_type"] == "API_KEY");
    CHECK(top["actor_display"] == "API Client");
    CHECK(top["previous_status"] == "In Review");
    CHECK(top["new_status"] == "Approved");
    CHECK(top["previous_value"] == Json{{"status", "In Review"}});
    CHECK(top["changed_fields"] == Json::array({"status"}));
    CHECK(feed["results"][2]["actor_type"] == "CONSOLE_USER");
    CHECK(feed["results"][2]["comment"] == "Flagging");
    Json asc = sim.call(Method::Get, path + "?ordering=created_at&limit=1", nullptr, 200);
    CHECK(asc["results"][0]["comment"] == "Flagging");
    CHECK(asc["next"].is_string());

    auto typed = sim.client.sessions().list_reviews(id);
    REQUIRE_MESSAGE(typed.ok(), typed.error().to_string());
    CHECK(typed->results.size() == 3);
    CHECK(typed->results[0].activity_type == didit::ReviewActivityType::StatusUpdated);
    CHECK(sim.decision(id)["reviews"].size() == 3);

    CHECK(sim.raw(Method::Get, "/v3/sessions/11111111-2222-4333-8444-555555555555/reviews/").status == 404);
}

TEST_CASE("sim webhooks: configuration get and patch") {
    Sim sim;
    auto cfg = sim.client.webhooks().get_config();
    REQUIRE_MESSAGE(cfg.ok(), cfg.error().to_string());
    CHECK(cfg->webhook_url.is_null());
    CHECK(cfg->webhook_version == didit::WebhookVersion::V3);
    CHECK(cfg->secret_shared_key == sim.p->options().webhook_secret);
    CHECK(cfg->capture_method == didit::CaptureMethod::Both);
    CHECK(cfg->data_retention_months.is_null());
    Json raw = sim.call(Method::Get, "/v3/webhook/", nullptr, 200);
    CHECK(raw["endpoints"] == Json::array());
    CHECK(raw["subscribed_events_available"].size() == 10);

    didit::WebhookConfigUpdateRequest up;
    up.webhook_url = std::string("https://example.com/hook");
    up.capture_method = didit::CaptureMethod::Mobile;
    up.data_retention_months = 24;
    up.webhook_version = didit::WebhookVersion::V2;
    auto after = sim.client.webhooks().update_config(up);
    REQUIRE_MESSAGE(after.ok(), after.error().to_string());
    CHECK(*after->webhook_url.get() == "https://example.com/hook");
    CHECK(after->capture_method == didit::CaptureMethod::Mobile);
    CHECK(*after->data_retention_months.get() == 24);
    CHECK(after->webhook_version == didit::WebhookVersion::V2);

    Json rotated = sim.call(Method::Patch, "/v3/webhook/", Json{{"rotate_secret_key", true}}, 200);
    CHECK(rotated["secret_shared_key"] != sim.p->options().webhook_secret);
    CHECK(rotated["secret_shared_key"].get<std::string>().size() == 43);
    CHECK(rotated["webhook_url"] == "https://example.com/hook");  // untouched

    Json off = sim.call(Method::Patch, "/v3/webhook/",
                        Json{{"webhook_url", nullptr}, {"data_retention_months", nullptr}}, 200);
    CHECK(off["webhook_url"].is_null());
    CHECK(off["data_retention_months"].is_null());

    HttpResponse bad = sim.raw(Method::Patch, "/v3/webhook/",
                               Json{{"data_retention_months", 121},
                                    {"webhook_version", "v9"},
                                    {"capture_method", "tv"},
                                    {"webhook_url", "not a url"}});
    CHECK(bad.status == 400);
    Json e = parse(bad.body);
    CHECK(e["data_retention_months"] == Json::array({"Ensure this value is less than or equal to 120."}));
    CHECK(e.contains("webhook_version"));
    CHECK(e.contains("capture_method"));
    CHECK(e.contains("webhook_url"));
    CHECK(sim.call(Method::Get, "/v3/webhook/", nullptr, 200)["capture_method"] == "mobile");  // nothing applied
}

TEST_CASE("sim webhooks: destinations CRUD and validation") {
    Sim sim;
    didit::WebhookDestinationCreateRequest req;
    req.label = "Prod";
    req.url = "https://hooks.example.com/didit";
    req.subscribed_events =
        std::vector<didit::WebhookEvent>{didit::WebhookEvent::StatusUpdated, didit::WebhookEvent::DataUpdated};
    auto d = sim.client.webhooks().create_destination(req);
    REQUIRE_MESSAGE(d.ok(), d.error().to_string());
    CHECK(didit::sim::detail::is_canonical_uuid(d->uuid));
    REQUIRE(d->secret_shared_key);
    CHECK(d->secret_shared_key->size() == 43);
    CHECK(d->enabled == true);
    CHECK(d->webhook_version == didit::WebhookVersion::V3);
    REQUIRE(d->summary);
    CHECK(d->summary->total_deliveries == 0);

    auto list = sim.client.webhooks().list_destinations();
    REQUIRE_MESSAGE(list.ok(), list.error().to_string());
    REQUIRE(list->results.size() == 1);
    CHECK_FALSE(list->results[0].secret_shared_key);
    CHECK(list->results[0].subscribed_events_count == 2);

    auto one = sim.client.webhooks().get_destination(d->uuid);
    REQUIRE(one.ok());
    CHECK(one->secret_shared_key == d->secret_shared_key);

    // The oldest enabled destination's URL becomes the application's webhook_url (api-notes §2.8).
    Json cfg = sim.call(Method::Get, "/v3/webhook/", nullptr, 200);
    CHECK(cfg["webhook_url"] == "https://hooks.example.com/didit");
    CHECK(cfg["endpoints"][0]["uuid"] == d->uuid);

    auto post = [&](const Json& b) { return sim.raw(Method::Post, "/v3/webhook/destinations/", b); };
    HttpResponse r = post(
        Json{{"label", "dup"}, {"url", "https://hooks.example.com/didit"}, {"subscribed_events", {"status.updated"}}});
    CHECK(parse(r.body) ==
          Json{{"url", Json::array({"This webhook destination already exists for the application."})}});
    r = post(Json{{"label", "x"}, {"url", "https://a.example.com"}, {"subscribed_events", Json::array()}});
    CHECK(parse(r.body) == Json{{"subscribed_events", Json::array({"At least one subscribed event is required."})}});
    r = post(Json{{"label", "x"}, {"url", "https://a.example.com"}, {"subscribed_events", {"foo.bar"}}});
    CHECK(parse(r.body) == Json{{"subscribed_events", Json::array({"Unsupported webhook events: foo.bar"})}});
    r = post(Json{{"url", "https://a.example.com"}});
    CHECK(parse(r.body) == Json{{"label", Json::array({"This field is required."})}});
    r = post(Json{{"label", std::string(256, 'x')}, {"url", "https://a.example.com"}});
    CHECK(parse(r.body)["label"].is_array());
    r = post(
        Json{{"label", "plain"}, {"url", "http://public.example.com/hook"}, {"subscribed_events", {"status.updated"}}});
    CHECK(r.status == 400);
    r = post(
        Json{{"label", "local"}, {"url", "http://127.0.0.1:9000/hook"}, {"subscribed_events", {"status.updated"}}});
    CHECK(r.status == 201);  // loopback http is the simulator's concession
    const std::string local = parse(r.body)["uuid"];

    didit::WebhookDestinationUpdateRequest up;
    up.subscribed_events = std::vector<didit::WebhookEvent>{didit::WebhookEvent::UserStatusUpdated};
    up.enabled = false;
    auto changed = sim.client.webhooks().update_destination(d->uuid, up);
    REQUIRE_MESSAGE(changed.ok(), changed.error().to_string());
    REQUIRE(changed->subscribed_events);
    CHECK(changed->subscribed_events->size() == 1);  // replaced, not merged
    CHECK(changed->enabled == false);
    CHECK(changed->label == "Prod");
    CHECK(sim.call(Method::Get, "/v3/webhook/", nullptr, 200)["webhook_url"] == "http://127.0.0.1:9000/hook");

    auto gone = sim.client.webhooks().remove_destination(local);
    REQUIRE_MESSAGE(gone.ok(), gone.error().to_string());
    HttpResponse again = sim.raw(Method::Delete, "/v3/webhook/destinations/" + local + "/");
    CHECK(again.status == 404);
    CHECK(parse(again.body) == Json{{"detail", "Webhook destination not found."}});
    CHECK(sim.raw(Method::Patch, "/v3/webhook/destinations/" + local + "/", Json{{"label", "x"}}).status == 404);
}

namespace {

/// Records what the in-process webhook receiver got, and answers from a script.
struct Receiver {
    std::mutex m;
    std::vector<HttpRequest> got;
    std::vector<int> script;  // replies in order; 200 after it runs out
    std::size_t calls = 0;
    int operator()(const HttpRequest& r) {
        std::lock_guard<std::mutex> lock(m);
        got.push_back(r);
        const int status = calls < script.size() ? script[calls] : 200;
        ++calls;
        return status;
    }
};

didit::sim::Options with_receiver(const std::shared_ptr<Receiver>& rx) {
    didit::sim::Options o;
    o.webhook_handler = [rx](const HttpRequest& r) { return (*rx)(r); };
    o.webhook_retry_delays = {std::chrono::milliseconds(5), std::chrono::milliseconds(10)};
    return o;
}

}  // namespace

TEST_CASE("sim sessions: an unfinished session expires by itself once expires_at has passed") {
    auto rx = std::make_shared<Receiver>();
    Sim sim(with_receiver(rx));
    sim.subscribe_rx();
    const std::string wf = sim.default_workflow();
    const std::string waiting = sim.create(wf)["session_id"];
    const std::string started = sim.create(wf)["session_id"];
    const std::string done = sim.create(wf)["session_id"];
    REQUIRE(sim.p->start_session(started).ok());
    REQUIRE(sim.p->complete_session(done, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    std::size_t before = 0;
    {
        std::lock_guard<std::mutex> lock(rx->m);
        before = rx->got.size();
    }

    // The default workflow's sessions last 7 days (604800 s).
    sim.advance(604800 - 60);
    CHECK(sim.decision(waiting)["status"] == "Not Started");
    CHECK(sim.decision(started)["status"] == "In Progress");
    sim.advance(60);
    CHECK(sim.decision(waiting)["status"] == "Expired");
    CHECK(sim.decision(started)["status"] == "Expired");
    CHECK(sim.decision(done)["status"] == "Approved");  // finished sessions never expire
    // An expired session is finished: the control routes refuse it like any other.
    CHECK_FALSE(sim.p->start_session(waiting).ok());

    // Each expiry sent its status.updated, once.
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    std::vector<HttpRequest> got;
    {
        std::lock_guard<std::mutex> lock(rx->m);
        got.assign(rx->got.begin() + static_cast<std::ptrdiff_t>(before), rx->got.end());
    }
    REQUIRE(got.size() == 2);
    std::set<std::string> expired;
    for (const auto& r : got) {
        Json body = parse(r.body);
        CHECK(body["webhook_type"] == "status.updated");
        CHECK(body["status"] == "Expired");
        expired.insert(body["session_id"].get<std::string>());
    }
    CHECK(expired == std::set<std::string>{waiting, started});
}

TEST_CASE("sim webhooks: destinations receive signed status.updated events that verify") {
    auto rx = std::make_shared<Receiver>();
    Sim sim(with_receiver(rx));
    Json dest = sim.subscribe_rx();
    const std::string secret = dest["secret_shared_key"];
    const std::string wf = sim.default_workflow();
    Json s = sim.create(wf, Json{{"vendor_data", "hook-user"}, {"metadata", {{"order", 7}}}});
    const std::string id = s["session_id"];
    REQUIRE(sim.p->start_session(id).ok());
    REQUIRE(sim.p->complete_session(id, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));

    std::vector<HttpRequest> got;
    {
        std::lock_guard<std::mutex> lock(rx->m);
        got = rx->got;
    }
    REQUIRE(got.size() == 2);
    didit::webhook::VerifierOptions vo;
    vo.clock = [&] { return didit::sim::unix_seconds(sim.p->now()); };
    didit::webhook::Verifier verifier(secret, vo);
    auto first = verifier.verify(got[0].headers, got[0].body);
    REQUIRE_MESSAGE(first.ok(), first.error().to_string());
    CHECK(first->status == SessionStatus::InProgress);
    CHECK_FALSE(first->contains("decision"));
    auto ev = verifier.verify(got[1].headers, got[1].body);
    REQUIRE_MESSAGE(ev.ok(), ev.error().to_string());
    CHECK(got[1].url == "https://rx.example.com/hook");
    CHECK(got[1].headers.get("user-agent") == "DiditWebhook/2.0 +https://didit.me");
    CHECK(ev->webhook_type == didit::webhook::WebhookType::StatusUpdated);
    CHECK(ev->session_id == id);
    CHECK(ev->status == SessionStatus::Approved);
    CHECK(*ev->vendor_data.get() == "hook-user");
    CHECK(ev->workflow_id == wf);
    CHECK(ev->event_id.has_value());
    CHECK(ev->metadata() == Json{{"order", 7}});
    CHECK(ev->member("environment") == Json("sandbox"));
    const auto& decision = ev->decision();
    REQUIRE_MESSAGE(decision.ok(), decision.error().to_string());
    REQUIRE(decision->has_value());
    CHECK((*decision)->session_id == id);
    REQUIRE((*decision)->id_verifications);
    CHECK((*decision)->id_verifications->at(0).status == didit::FeatureStatus::Approved);
    // Another secret does not verify.
    CHECK_FALSE(didit::webhook::Verifier(std::string("wrong-secret"), vo).verify(got[1].headers, got[1].body).ok());

    // Resubmitted carries resubmit_info instead of a decision; KYB adds its keys.
    didit::SessionUpdateStatusRequest resub;
    resub.new_status = didit::SessionStatusChange::Resubmitted;
    resub.nodes_to_resubmit = std::vector<didit::NodeToResubmit>{{"feature_ocr_1", "OCR", Json()}};
    REQUIRE(sim.client.sessions().update_status(id, resub).ok());
    Json kyb = sim.workflow({"KYB_REGISTRY"}, "KYB");
    const std::string kid = sim.create(kyb["workflow_id"], Json{{"vendor_data", "acme"}})["session_id"];
    REQUIRE(sim.p->complete_session(kid, Outcome::InReview).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    {
        std::lock_guard<std::mutex> lock(rx->m);
        got = rx->got;
    }
    REQUIRE(got.size() == 4);
    auto r3 = verifier.verify(got[2].headers, got[2].body);
    REQUIRE(r3.ok());
    CHECK(r3->status == SessionStatus::Resubmitted);
    CHECK_FALSE(r3->contains("decision"));
    REQUIRE(r3->member("resubmit_info"));
    CHECK((*r3->member("resubmit_info"))["nodes_to_resubmit"][0]["node_id"] == "feature_ocr_1");
    auto r4 = verifier.verify(got[3].headers, got[3].body);
    REQUIRE(r4.ok());
    CHECK(r4->member("session_kind") == Json("business"));
    CHECK(r4->member("business_session_id") == Json(kid));
    const auto& kd = r4->decision();
    REQUIRE(kd.ok());
    REQUIRE(kd->has_value());
    REQUIRE((*kd)->registry_checks);
    CHECK((*kd)->registry_checks->at(0).status == didit::FeatureStatus::InReview);

    // Reviews and deletes send nothing.
    REQUIRE(sim.call(Method::Post, "/v3/sessions/" + id + "/reviews/", Json{{"comment", "n"}}, 201).is_object());
    CHECK(sim.raw(Method::Delete, "/v3/session/" + kid + "/delete/").status == 200);
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    CHECK(sim.p->deliveries().size() == 4);

    // The destination's summary counts them.
    Json one = sim.call(Method::Get, "/v3/webhook/destinations/" + dest["uuid"].get<std::string>() + "/", nullptr, 200);
    CHECK(one["summary"]["total_deliveries"] == 4);
    CHECK(one["summary"]["failed_deliveries"] == 0);
}

TEST_CASE("sim webhooks: 5xx answers are retried, 4xx are not") {
    auto rx = std::make_shared<Receiver>();
    rx->script = {500, 500, 200, 400};
    Sim sim(with_receiver(rx));
    sim.subscribe_rx();
    const std::string wf = sim.default_workflow();
    const std::string id = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(id, Outcome::Declined).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    auto ds = sim.p->deliveries();
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].attempts == 3);
    CHECK(ds[0].outcome == "delivered");
    CHECK(ds[0].last_status == 200);

    const std::string id2 = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(id2, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    ds = sim.p->deliveries();
    REQUIRE(ds.size() == 2);
    CHECK(ds[1].attempts == 1);  // 400: not retried
    CHECK(ds[1].outcome == "failed");
    CHECK(ds[1].last_status == 400);
}

TEST_CASE("sim webhooks: the legacy webhook_url is used only while no destination is enabled") {
    auto rx = std::make_shared<Receiver>();
    Sim sim(with_receiver(rx));
    const std::string wf = sim.default_workflow();
    sim.call(Method::Patch, "/v3/webhook/", Json{{"webhook_url", "https://legacy.example.com/hook"}}, 200);
    const std::string a = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(a, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    {
        std::lock_guard<std::mutex> lock(rx->m);
        REQUIRE(rx->got.size() == 1);
        CHECK(rx->got[0].url == "https://legacy.example.com/hook");
        // Signed with the application's secret.
        didit::webhook::VerifierOptions vo;
        vo.clock = [&] { return didit::sim::unix_seconds(sim.p->now()); };
        CHECK(didit::webhook::Verifier(sim.p->options().webhook_secret, vo)
                  .verify(rx->got[0].headers, rx->got[0].body)
                  .ok());
    }
    CHECK(sim.p->deliveries()[0].destination == "legacy");

    // With an enabled destination, only the destination gets it.
    Json dest = sim.call(
        Method::Post, "/v3/webhook/destinations/",
        Json{{"label", "d"}, {"url", "https://dest.example.com/hook"}, {"subscribed_events", {"status.updated"}}}, 201);
    const std::string b = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(b, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    {
        std::lock_guard<std::mutex> lock(rx->m);
        REQUIRE(rx->got.size() == 2);
        CHECK(rx->got[1].url == "https://dest.example.com/hook");
    }
    // Legacy off (null) and the destination disabled: nothing is sent.
    sim.call(Method::Patch, "/v3/webhook/destinations/" + dest["uuid"].get<std::string>() + "/",
             Json{{"enabled", false}}, 200);
    sim.call(Method::Patch, "/v3/webhook/", Json{{"webhook_url", nullptr}}, 200);
    const std::string c = sim.create(wf)["session_id"];
    REQUIRE(sim.p->complete_session(c, Outcome::Approved).ok());
    REQUIRE(sim.p->wait_for_deliveries(std::chrono::seconds(5)));
    {
        std::lock_guard<std::mutex> lock(rx->m);
        CHECK(rx->got.size() == 2);
    }
}

TEST_CASE("sim: a route of the API that is not simulated answers 501 naming it; a path the API lacks, 404") {
    Sim sim;
    // Operations of Didit's OpenAPI that the simulator does not answer (travel rule, cases).
    HttpResponse r = sim.raw(Method::Get, "/v3/travel-rule/settings/");
    CHECK(r.status == 501);
    Json b = parse(r.body);
    CHECK(b["code"] == "not_simulated");
    CHECK(b["operation_id"] == "getTravelRuleSettings");
    CHECK(b["detail"] == "GET /v3/travel-rule/settings/ is not simulated (operation getTravelRuleSettings).");
    // A placeholder matches any one segment, and the method counts.
    r = sim.raw(Method::Post,
                "/v3/organization/11111111-2222-3333-4444-555555555555/application/a-b/cases/case%2F1/assign/",
                Json{{"assignee", "x"}});
    CHECK(r.status == 501);
    CHECK(parse(r.body)["operation_id"] == "assign_case");
    CHECK(sim.raw(Method::Get, "/v3/organization/o/application/a/cases/c/assign/").status == 404);
    // One segment too many or too few, a missing slash, or an empty placeholder segment: 404.
    CHECK(sim.raw(Method::Get, "/v3/travel-rule/settings/extra/").status == 404);
    CHECK(sim.raw(Method::Get, "/v3/travel-rule/").status == 404);
    CHECK(sim.raw(Method::Get, "/v3/travel-rule/settings").status == 404);
    CHECK(sim.raw(Method::Get, "/v3/travel-rule/widget//").status == 404);
    CHECK(sim.raw(Method::Get, "/v3/no-such-thing/").status == 404);
    // Routes it does simulate answer as before.
    CHECK(sim.raw(Method::Get, "/v3/workflows/").status == 200);
}
