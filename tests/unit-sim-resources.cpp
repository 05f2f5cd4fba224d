// SPDX-License-Identifier: MIT
// Simulator resource routes: account, workflows, questionnaires, users, billing and blocklist, through the
// SDK's typed client and through raw requests for the exact error shapes.
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

using didit::HttpRequest;
using didit::HttpResponse;
using didit::Json;
using didit::Method;
namespace sim = didit::sim;

using SimClient = didit::Client<sim::SimTransport>;

/// A platform with rate limits off (one test turns them on to see the 429).
std::shared_ptr<sim::Platform> make_platform(bool limits = false) {
    sim::Options o;
    o.rate_limits.enabled = limits;
    return std::make_shared<sim::Platform>(o);
}

didit::ClientOptions client_options(const std::string& key) {
    didit::ClientOptions o;
    o.api_key = key;
    o.retry.max_retries = 0;
    o.sleep = [](auto) {};
    o.rate_limit = false;
    return o;
}

struct Sim {
    std::shared_ptr<sim::Platform> p = make_platform();
    SimClient client{client_options(p->api_key()), sim::SimTransport(p)};
};

/// One raw request. `key` is the x-api-key ("" sends none); `bearer` an access token.
struct Raw {
    Raw(Method m, std::string p, Json b = nullptr, std::string k = {}, std::string t = {},
        std::string from = "127.0.0.1", std::string ct = "application/json")
        : method(m),
          path(std::move(p)),
          body(std::move(b)),
          key(std::move(k)),
          bearer(std::move(t)),
          ip(std::move(from)),
          content_type(std::move(ct)) {}
    Method method;
    std::string path;
    Json body;
    std::string key;
    std::string bearer;
    std::string ip;
    std::string content_type;
};

HttpResponse send(sim::Platform& p, const Raw& r) {
    HttpRequest req;
    req.method = r.method;
    req.url = "https://verification.didit.me" + r.path;
    if (!r.key.empty()) req.headers.set("x-api-key", r.key);
    if (!r.bearer.empty()) req.headers.set("Authorization", "Bearer " + r.bearer);
    if (!r.body.is_null()) {
        req.body = sim::dump_json(r.body);
        if (!r.content_type.empty()) req.headers.set("Content-Type", r.content_type);
    }
    return p.handle(req, r.ip);
}

HttpResponse get(sim::Platform& p, const std::string& path) {
    return send(p, Raw{Method::Get, path, nullptr, p.api_key()});
}
HttpResponse post(sim::Platform& p, const std::string& path, Json body) {
    return send(p, Raw{Method::Post, path, std::move(body), p.api_key()});
}
HttpResponse patch(sim::Platform& p, const std::string& path, Json body) {
    return send(p, Raw{Method::Patch, path, std::move(body), p.api_key()});
}

Json json_of(const HttpResponse& r) { return Json::parse(r.body, nullptr, false); }

/// `{"field": ["message"]}`
Json field(const std::string& f, const std::string& message) { return Json{{f, Json::array({message})}}; }

const std::string kStrong = "MyStr0ng!Pass";

Json kyc_features() {
    return Json::array({Json{{"feature", "OCR"}}, Json{{"feature", "LIVENESS"}}, Json{{"feature", "FACE_MATCH"}}});
}

/// A session through the SDK (the sessions module), for the user and blocklist tests.
std::string new_session(Sim& s, const std::string& vendor_data) {
    auto wfs = s.client.workflows().list();
    REQUIRE(wfs.ok());
    REQUIRE_FALSE(wfs->results.empty());
    didit::SessionCreateRequest req;
    req.workflow_id = wfs->results.back().workflow_id.value_or(wfs->results.back().uuid);
    req.vendor_data = vendor_data;
    auto r = s.client.sessions().create(req);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().to_string()));
    return r->session_id;
}

}  // namespace

// =============================================================================================
// Account (apx)

TEST_CASE("sim account: register checks the password rules one at a time") {
    auto p = make_platform();
    const std::pair<std::string, std::string> cases[] = {
        {"Ab1!", "Password must be at least 8 characters long."},
        {"abcdefg1!", "Password must contain at least one uppercase letter."},
        {"ABCDEFG1!", "Password must contain at least one lowercase letter."},
        {"Abcdefgh!", "Password must contain at least one digit."},
        {"Abcdefgh1", "Password must contain at least one special character (!@#$%^&*()_+-=[]{}|;:,.<>?)."},
        // Several rules fail: only the first failing one is reported.
        {"abc", "Password must be at least 8 characters long."},
        {"abcdefgh", "Password must contain at least one uppercase letter."},
    };
    for (const auto& c : cases) {
        CAPTURE(c.first);
        auto r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/",
                              Json{{"email", "dev@company.io"}, {"password", c.first}}});
        CHECK(r.status == 400);
        CHECK(json_of(r) == field("password", c.second));
    }
    CHECK(p->outbox().empty());
}

TEST_CASE("sim account: register validates the email and refuses duplicates and undeliverable domains") {
    auto p = make_platform();
    auto reg = [&](Json body) {
        return send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/", std::move(body)});
    };

    auto r = reg(Json{{"password", kStrong}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("email", "This field is required."));

    r = reg(Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"email", {"This field is required."}}, {"password", {"This field is required."}}});

    for (const char* bad : {"no-at-sign", "a@b", "two@@at.io", "sp ace@x.io", "dev@-bad.io"}) {
        CAPTURE(bad);
        r = reg(Json{{"email", bad}, {"password", kStrong}});
        CHECK(r.status == 400);
        CHECK(json_of(r) == field("email", "Enter a valid email address."));
    }
    r = reg(Json{{"email", 12}, {"password", kStrong}});
    CHECK(json_of(r) == field("email", "Not a valid string."));

    // The seeded account exists already (case-insensitive).
    r = reg(Json{{"email", "Developer@SIM.didit.me"}, {"password", kStrong}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("email", "A user with this email already exists."));

    // Reserved domains: sending the code fails, the real platform answers 500.
    for (const char* undeliverable : {"a@example.com", "a@example.org", "a@foo.test", "a@x.example", "a@y.invalid"}) {
        CAPTURE(undeliverable);
        r = reg(Json{{"email", undeliverable}, {"password", kStrong}});
        CHECK(r.status == 500);
        CHECK(json_of(r).contains("detail"));
    }
    CHECK(p->outbox().empty());
}

TEST_CASE("sim account: register, emailed code, verify-email, and the new API key works") {
    Sim s;
    auto& p = *s.p;
    didit::ClientOptions o = client_options("");
    SimClient anon(o, sim::SimTransport(s.p));

    auto reg = anon.account().register_account("New.Dev@Company.io", kStrong);
    REQUIRE_MESSAGE(reg.ok(), (reg.ok() ? std::string() : reg.error().to_string()));
    CHECK(reg->message ==
          std::optional<std::string>("Registration successful. Please check your email for the verification code."));
    CHECK(reg->email == std::optional<std::string>("new.dev@company.io"));

    const std::string code = p.last_code_for("new.dev@company.io");
    REQUIRE(code.size() == 6);
    for (char c : code) CHECK(((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')));

    // Unverified accounts cannot log in yet.
    auto early = send(p, Raw{Method::Post, "/auth/v2/programmatic/login/",
                             Json{{"email", "new.dev@company.io"}, {"password", kStrong}}});
    CHECK(early.status == 403);
    CHECK(json_of(early)["detail"].is_string());

    // A wrong code: 400, and the account stays unverified.
    auto wrong = send(p, Raw{Method::Post, "/auth/v2/programmatic/verify-email/",
                             Json{{"email", "new.dev@company.io"}, {"code", code == "AAAAAA" ? "BBBBBB" : "AAAAAA"}}});
    CHECK(wrong.status == 400);
    CHECK(json_of(wrong) == Json{{"detail", "Invalid verification code."}});
    auto missing = send(p, Raw{Method::Post, "/auth/v2/programmatic/verify-email/", Json{{"email", "x@company.io"}}});
    CHECK(json_of(missing) == field("code", "This field is required."));

    auto v = anon.account().verify_email("new.dev@company.io", code);
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? std::string() : v.error().to_string()));
    CHECK(v->expires_in == std::optional<std::int64_t>(86400));
    CHECK(v->token_type == std::optional<std::string>("Bearer"));
    REQUIRE(v->refresh_token.has_value());
    // JWT-shaped: three base64url parts.
    CHECK(std::count(v->access_token.begin(), v->access_token.end(), '.') == 2);
    REQUIRE(v->organization.has_value());
    REQUIRE(v->application.has_value());
    const std::string key = v->application->api_key.value_or("");
    CHECK(key.rfind("sk_test_", 0) == 0);
    CHECK(key != p.api_key());
    CHECK(v->application->client_id.has_value());

    // A second verification of the same account is refused.
    auto again = send(p, Raw{Method::Post, "/auth/v2/programmatic/verify-email/",
                             Json{{"email", "new.dev@company.io"}, {"code", code}}});
    CHECK(again.status == 400);

    // The new key works on /v3/ and the new application has the default workflow.
    SimClient mine(client_options(key), sim::SimTransport(s.p));
    auto wfs = mine.workflows().list();
    REQUIRE(wfs.ok());
    REQUIRE(wfs->results.size() == 1);
    CHECK(wfs->results[0].workflow_label == std::optional<std::string>("ID Verification"));
    CHECK(wfs->results[0].is_default == std::optional<bool>(true));
    auto bal = mine.billing().balance();
    REQUIRE(bal.ok());
    CHECK(bal->balance == "100.0000");

    // Organizations and credentials with the bearer token.
    SimClient account(client_options(""), sim::SimTransport(s.p));
    account.set_access_token(v->access_token);
    auto orgs = account.account().list_organizations();
    REQUIRE_MESSAGE(orgs.ok(), (orgs.ok() ? std::string() : orgs.error().to_string()));
    REQUIRE(orgs->results.size() == 1);
    CHECK(orgs->results[0].uuid == v->organization->uuid);
    CHECK(orgs->results[0].contact_email.get() != nullptr);
    auto app = account.account().get_application(v->organization->uuid, v->application->uuid);
    REQUIRE_MESSAGE(app.ok(), (app.ok() ? std::string() : app.error().to_string()));
    CHECK(app->api_key == std::optional<std::string>(key));
    CHECK(app->redirect_uris == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
    CHECK(app->website_url.is_null());

    // Someone else's application (the seeded one): 404.
    const std::string other = "/auth/v2/organizations/me/" + v->organization->uuid + "/applications/" +
                              "0f0e0d0c-0b0a-4908-8706-050403020100/";
    auto foreign = send(p, Raw{Method::Get, other, nullptr, "", v->access_token});
    CHECK(foreign.status == 404);
    CHECK(json_of(foreign) == Json{{"detail", "Not found."}});
    // No or bad bearer token: 401.
    auto none = send(p, Raw{Method::Get, "/auth/v2/organizations/me/"});
    CHECK(none.status == 401);
    auto bad = send(p, Raw{Method::Get, "/auth/v2/organizations/me/", nullptr, "", "not-a-token"});
    CHECK(bad.status == 401);

    // Login gives a fresh token that works too.
    auto login = anon.account().login("new.dev@company.io", kStrong);
    REQUIRE(login.ok());
    CHECK(login->message.has_value());
    CHECK(login->expires_in == std::optional<std::int64_t>(86400));
    CHECK(login->access_token != v->access_token);
    auto orgs2 = send(p, Raw{Method::Get, "/auth/v2/organizations/me/", nullptr, "", login->access_token});
    CHECK(orgs2.status == 200);
    CHECK(json_of(orgs2).is_array());
}

TEST_CASE("sim account: codes expire after 10 minutes; login errors; the seeded account logs in") {
    auto p = make_platform();
    auto r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/",
                          Json{{"email", "late@company.io"}, {"password", kStrong}}});
    REQUIRE(r.status == 201);
    const std::string code = p->last_code_for("late@company.io");
    REQUIRE(p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 601}}).ok());
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/verify-email/",
                     Json{{"email", "late@company.io"}, {"code", code}}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"detail", "The verification code has expired. Request a new one."}});
    // resend-otp issues a new code that works.
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/resend-otp/", Json{{"email", "late@company.io"}}});
    CHECK(r.status == 200);
    const std::string fresh = p->last_code_for("late@company.io");
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/verify-email/",
                     Json{{"email", "late@company.io"}, {"code", fresh}}});
    CHECK(r.status == 200);

    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/",
                     Json{{"email", "developer@sim.didit.me"}, {"password", "wrong-Passw0rd!"}}});
    CHECK(r.status == 401);
    CHECK(json_of(r) == Json{{"detail", "No active account found with the given credentials"}});
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/", Json{{"email", "developer@sim.didit.me"}}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("password", "This field is required."));
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/",
                     Json{{"email", "developer@sim.didit.me"}, {"password", "Sim-Passw0rd!"}}});
    CHECK(r.status == 200);
    const Json j = json_of(r);
    CHECK(j["access_token"].is_string());
    CHECK(j["refresh_token"].is_string());
    CHECK(j["expires_in"] == 86400);
    CHECK(j["message"].is_string());
}

TEST_CASE("sim account: five failed logins lock the account for 15 minutes") {
    auto p = make_platform();
    const Json wrong = {{"email", "developer@sim.didit.me"}, {"password", "Wrong-Passw0rd!"}};
    for (int i = 0; i < 5; ++i) CHECK(send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/", wrong}).status == 401);
    auto locked = send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/",
                               Json{{"email", "developer@sim.didit.me"}, {"password", "Sim-Passw0rd!"}}});
    CHECK(locked.status == 429);
    CHECK_FALSE(locked.headers.get("Retry-After").empty());
    REQUIRE(p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 15 * 60 + 1}}).ok());
    auto ok = send(*p, Raw{Method::Post, "/auth/v2/programmatic/login/",
                           Json{{"email", "developer@sim.didit.me"}, {"password", "Sim-Passw0rd!"}}});
    CHECK(ok.status == 200);
}

TEST_CASE("sim account: the sixth registration from one IP within an hour is throttled") {
    auto p = make_platform(true);
    for (int i = 0; i < 5; ++i) {
        auto r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/",
                              Json{{"email", "user" + std::to_string(i) + "@company.io"}, {"password", kStrong}}, "",
                              "", "10.0.0.7"});
        CHECK(r.status == 201);
    }
    auto r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/",
                          Json{{"email", "user9@company.io"}, {"password", kStrong}}, "", "", "10.0.0.7"});
    CHECK(r.status == 429);
    CHECK(json_of(r)["detail"].is_string());
    const auto retry = r.headers.get("Retry-After");
    REQUIRE_FALSE(retry.empty());
    CHECK(std::stoi(std::string(retry)) > 3000);  // about an hour
    // Another IP still may.
    r = send(*p, Raw{Method::Post, "/auth/v2/programmatic/register/",
                     Json{{"email", "user9@company.io"}, {"password", kStrong}}, "", "", "10.0.0.8"});
    CHECK(r.status == 201);
}

// =============================================================================================
// Workflows

TEST_CASE("sim workflows: a new application has one default published KYC workflow") {
    Sim s;
    auto r = s.client.workflows().list();
    REQUIRE(r.ok());
    CHECK(r->count == std::optional<std::int64_t>(1));
    REQUIRE(r->results.size() == 1);
    const auto& w = r->results[0];
    CHECK(w.workflow_id == std::optional<std::string>(w.uuid));
    CHECK(w.workflow_label == std::optional<std::string>("ID Verification"));
    REQUIRE(w.workflow_type.has_value());
    CHECK(*w.workflow_type.get() == didit::WorkflowType::Kyc);
    CHECK(w.is_default == std::optional<bool>(true));
    CHECK(w.total_price == std::optional<double>(0.15));
    REQUIRE(w.features.has_value());
    CHECK(w.features->names == std::vector<std::string>{"OCR", "LIVENESS", "FACE_MATCH"});
    CHECK(w.status == std::optional<didit::WorkflowStatus>(didit::WorkflowStatus::Published));
    CHECK(w.version == std::optional<int>(1));
    CHECK(w.has_draft == std::optional<bool>(false));
    CHECK(w.created_by.is_null());
    // List rows are compact; the full configuration is only in GET.
    const Json row = json_of(get(*s.p, "/v3/workflows/"))["results"][0];
    CHECK_FALSE(row.contains("workflow_graph"));
    CHECK(row["features"] == "OCR + LIVENESS + FACE_MATCH");
    const Json full = json_of(get(*s.p, "/v3/workflows/" + w.uuid + "/"));
    CHECK(full["workflow_graph"]["start_node"] == "feature_ocr_1");
    CHECK(full["is_liveness_enabled"] == true);
    CHECK(full["is_aml_enabled"] == false);
}

TEST_CASE("sim workflows: create, get, update in place, publish a new version, delete") {
    Sim s;
    didit::WorkflowCreateRequest req;
    req.workflow_label = "KYC with AML";
    didit::WorkflowFeature ocr{didit::WorkflowFeatureType::Ocr, Json{{"duplicated_user_action", "review"}}, {}, {}};
    didit::WorkflowFeature aml{didit::WorkflowFeatureType::Aml,
                               Json{{"aml_score_review_threshold", 70}, {"aml_score_approve_threshold", 30}},
                               {},
                               {}};
    req.features = std::vector<didit::WorkflowFeature>{ocr, aml};
    req.max_retry_attempts = 5;
    auto c = s.client.workflows().create(req);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? std::string() : c.error().to_string()));
    const std::string id = c->uuid;
    CHECK(c->workflow_id == std::optional<std::string>(id));
    CHECK(c->version == std::optional<int>(1));
    CHECK(c->total_price == std::optional<double>(0.25));
    CHECK(c->max_retry_attempts == std::optional<int>(5));
    CHECK(c->is_default == std::optional<bool>(false));
    REQUIRE(c->created_by.has_value());
    CHECK(c->created_by.get()->type == std::optional<std::string>("api_key"));
    CHECK(c->features->names == std::vector<std::string>{"OCR", "AML"});

    auto g = s.client.workflows().get(id);
    REQUIRE(g.ok());
    CHECK(g->workflow_label == std::optional<std::string>("KYC with AML"));

    // No status on a published version: in place.
    didit::WorkflowUpdateRequest rename;
    rename.workflow_label = "Premium KYC";
    rename.is_default = true;
    auto u = s.client.workflows().update(id, rename);
    REQUIRE(u.ok());
    CHECK(u->uuid == id);
    CHECK(u->version == std::optional<int>(1));
    CHECK(u->workflow_label == std::optional<std::string>("Premium KYC"));
    // Only one default per application.
    auto all = s.client.workflows().list();
    REQUIRE(all.ok());
    int defaults = 0;
    for (const auto& w : all->results) defaults += w.is_default.value_or(false) ? 1 : 0;
    CHECK(defaults == 1);

    // status "published" on a published version: a new version in the same group.
    didit::WorkflowUpdateRequest publish;
    publish.status = didit::WorkflowStatus::Published;
    publish.features = std::vector<didit::WorkflowFeature>{ocr};
    auto v2 = s.client.workflows().update(id, publish);
    REQUIRE(v2.ok());
    CHECK(v2->uuid != id);
    CHECK(v2->workflow_id == std::optional<std::string>(id));
    CHECK(v2->version == std::optional<int>(2));
    CHECK(v2->total_price == std::optional<double>(0.15));
    CHECK(v2->workflow_label == std::optional<std::string>("Premium KYC"));
    auto old = s.client.workflows().get(id);
    REQUIRE(old.ok());
    CHECK(old->version == std::optional<int>(1));  // the old version is kept
    // Newest first.
    auto listed = s.client.workflows().list();
    REQUIRE(listed.ok());
    REQUIRE(listed->results.size() == 3);
    CHECK(listed->results[0].uuid == v2->uuid);

    auto d = s.client.workflows().remove(v2->uuid);
    REQUIRE(d.ok());
    auto raw = send(*s.p, Raw{Method::Delete, "/v3/workflows/" + v2->uuid + "/", nullptr, s.p->api_key()});
    CHECK(raw.status == 404);
    CHECK(json_of(raw) == Json{{"detail", "Not found."}});
    auto gone = s.client.workflows().get(v2->uuid);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);
}

TEST_CASE("sim workflows: drafts, publishing a draft, and no way back to draft") {
    Sim s;
    auto c = post(*s.p, "/v3/workflows/",
                  Json{{"features", kyc_features()}, {"status", "draft"}, {"workflow_label", "WIP"}});
    REQUIRE(c.status == 201);
    const Json draft = json_of(c);
    CHECK(draft["status"] == "draft");
    CHECK(draft["is_editable"] == true);
    CHECK(draft["has_draft"] == true);
    CHECK(draft["published_at"].is_null());
    const std::string id = draft["uuid"];

    // status "draft" on a draft: still a draft (autosave).
    auto a = patch(*s.p, "/v3/workflows/" + id + "/", Json{{"status", "draft"}, {"workflow_label", "WIP 2"}});
    REQUIRE(a.status == 200);
    CHECK(json_of(a)["status"] == "draft");
    // No status on a draft: updated and published, same uuid.
    auto b = patch(*s.p, "/v3/workflows/" + id + "/", Json{{"max_retry_attempts", 0}});
    REQUIRE(b.status == 200);
    CHECK(json_of(b)["status"] == "published");
    CHECK(json_of(b)["uuid"] == id);
    CHECK(json_of(b)["is_editable"] == false);
    CHECK(json_of(b)["max_retry_attempts"] == 0);
    // status "draft" on a published version: 400.
    auto back = patch(*s.p, "/v3/workflows/" + id + "/", Json{{"status", "draft"}});
    CHECK(back.status == 400);
    CHECK(json_of(back) == field("status", "Cannot revert a published version to draft."));
    auto missing = patch(*s.p, "/v3/workflows/0f0e0d0c-0b0a-4908-8706-050403020100/", Json{{"workflow_label", "x"}});
    CHECK(missing.status == 404);
}

TEST_CASE("sim workflows: the strict whitelist and the validation errors") {
    auto p = make_platform();
    auto create = [&](Json body) { return post(*p, "/v3/workflows/", std::move(body)); };
    const std::string whitelist =
        "The v3 workflow API only accepts `workflow_label`, `is_default`, `status`, `features`, "
        "`is_white_label_enabled`, `is_desktop_allowed`, `max_retry_attempts`, `retry_window_days`, "
        "`session_expiration_time`, `face_liveness_max_attempts`, `face_match_max_attempts`.";

    // The skill document's body is refused.
    auto r = create(Json{{"workflow_type", "kyc"}, {"features", kyc_features()}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("workflow_type", whitelist));
    r = create(Json{{"is_liveness_enabled", true}, {"is_aml_enabled", false}, {"features", kyc_features()}});
    CHECK(json_of(r) == Json{{"is_aml_enabled", {whitelist}}, {"is_liveness_enabled", {whitelist}}});

    r = create(Json{{"workflow_label", "x"}});
    CHECK(json_of(r) == field("features", "This field is required."));
    r = create(Json{{"features", Json::array()}});
    CHECK(json_of(r) == field("features", "At least one feature is required."));
    r = create(Json{{"features", {{{"feature", "FOO"}}}}});
    CHECK(json_of(r)["features"][0].get<std::string>().rfind(
              "Invalid feature 'FOO'. Allowed values: AGE_ESTIMATION, AML,", 0) == 0);
    r = create(Json{{"features", {{{"feature", "FACE_MATCH"}}, {{"feature", "OCR"}}}}});
    CHECK(json_of(r) == field("features", "Feature 'FACE_MATCH' must appear after one of: OCR."));
    for (const char* passive : {"AML", "IP_ANALYSIS", "DATABASE_VALIDATION", "KYB_KEY_PEOPLE"}) {
        CAPTURE(passive);
        r = create(Json{{"features", {{{"feature", passive}}, {{"feature", "OCR"}}}}});
        CHECK(json_of(r) == field("features", std::string("Feature '") + passive + "' cannot be the first step."));
    }
    r = create(Json{{"features", {{{"feature", "OCR"}}, {{"feature", "OCR"}}}}});
    CHECK(json_of(r) == field("features", "Feature 'OCR' appears more than once."));
    r = create(Json{{"features",
                     {{{"feature", "OCR"}},
                      {{"feature", "FACE_MATCH"}, {"config", {{"face_match_score_decline_threshold", 101}}}}}}});
    CHECK(r.status == 400);
    r = create(Json{{"features",
                     {{{"feature", "QUESTIONNAIRE"},
                       {"config", {{"questionnaire_uuid", "11111111-2222-3333-4444-555555555555"}}}}}}});
    CHECK(r.status == 400);
    CHECK(json_of(r)["features"].is_string());  // OA: this one is a plain string

    r = create(Json{{"features", kyc_features()}, {"max_retry_attempts", 11}});
    CHECK(json_of(r) == field("max_retry_attempts", "Ensure this value is less than or equal to 10."));
    r = create(Json{{"features", kyc_features()}, {"session_expiration_time", 60}});
    CHECK(json_of(r) == field("session_expiration_time", "Ensure this value is greater than or equal to 3600."));
    r = create(Json{{"features", kyc_features()}, {"face_match_max_attempts", "2"}});
    CHECK(json_of(r) == field("face_match_max_attempts", "A valid integer is required."));
    r = create(Json{{"features", kyc_features()}, {"workflow_label", std::string(51, 'x')}});
    CHECK(json_of(r) == field("workflow_label", "Ensure this field has no more than 50 characters."));
    r = create(Json{{"features", kyc_features()}, {"status", "live"}});
    CHECK(json_of(r) == field("status", "\"live\" is not a valid choice."));
    r = create(
        Json{{"features", kyc_features()}, {"retry_window_days", nullptr}, {"workflow_label", std::string(50, 'x')}});
    CHECK(r.status == 201);
    CHECK(json_of(r)["retry_window_days"].is_null());
    // A KYB feature makes a KYB workflow.
    r = create(Json{{"features", {{{"feature", "KYB_REGISTRY"}}, {{"feature", "KYB_KEY_PEOPLE"}}}}});
    CHECK(r.status == 201);
    CHECK(json_of(r)["workflow_type"] == "kyb");

    // JSON only.
    auto html = send(*p, Raw{Method::Post, "/v3/workflows/", Json{{"features", kyc_features()}}, p->api_key(), "",
                             "127.0.0.1", "text/plain"});
    CHECK(html.status == 415);
}

TEST_CASE("sim workflows: at most 50 per application") {
    auto p = make_platform();
    for (int i = 1; i < 50; ++i) REQUIRE(post(*p, "/v3/workflows/", Json{{"features", kyc_features()}}).status == 201);
    auto r = post(*p, "/v3/workflows/", Json{{"features", kyc_features()}});
    CHECK(r.status == 400);
    CHECK(json_of(r)["detail"].is_string());
    // Paging: 50 rows in one default page, then nothing more.
    const Json page = json_of(get(*p, "/v3/workflows/?limit=20&offset=40"));
    CHECK(page["count"] == 50);
    CHECK(page["results"].size() == 10);
    CHECK(page["next"].is_null());
    CHECK(page["previous"].is_string());
}

// =============================================================================================
// Questionnaires

namespace {
Json element(const char* type, Json label = Json{{"en", "Question?"}}) {
    return Json{{"element_type", type}, {"label", std::move(label)}};
}
Json questionnaire(Json elements, Json languages = Json::array({"en"})) {
    return Json{{"title", "Onboarding"}, {"languages", std::move(languages)}, {"form_elements", std::move(elements)}};
}
}  // namespace

TEST_CASE("sim questionnaires: create, get, list, versioning and delete through the SDK") {
    Sim s;
    didit::QuestionnaireCreateRequest req;
    req.title = "Customer Onboarding";
    req.languages = std::vector<std::string>{"en", "es"};
    req.default_language = "en";
    didit::QuestionnaireElement q1;
    q1.id = "occupation";
    q1.element_type = didit::QuestionnaireElementType::ShortText;
    q1.label = didit::LanguageMap{{"en", "Occupation?"}, {"es", "¿Ocupación?"}};
    q1.is_required = true;
    didit::QuestionnaireElement q2;
    q2.element_type = didit::QuestionnaireElementType::MultipleChoice;
    q2.label = didit::LanguageMap{{"en", "Source of funds"}, {"es", "Origen de fondos"}};
    didit::QuestionnaireOption o1;
    o1.label = didit::LanguageMap{{"en", "Employment Income"}, {"es", "Empleo"}};
    didit::QuestionnaireOption o2;
    o2.value = "other";
    o2.label = didit::LanguageMap{{"en", "Other"}, {"es", "Otro"}};
    q2.options = std::vector<didit::QuestionnaireOption>{o1, o2};
    didit::QuestionnaireElement q3;
    q3.element_type = didit::QuestionnaireElementType::FileUpload;
    q3.label = didit::LanguageMap{{"en", "Payslip"}, {"es", "Nómina"}};
    q3.max_files = 5;
    req.form_elements = std::vector<didit::QuestionnaireElement>{q1, q2, q3};

    auto c = s.client.questionnaires().create(req);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? std::string() : c.error().to_string()));
    const std::string id = c->id();
    CHECK(c->questionnaire_id.has_value());
    CHECK_FALSE(c->uuid.has_value());
    CHECK(c->questionnaire_group_id == std::optional<std::string>(id));
    CHECK(c->version == std::optional<int>(1));
    CHECK(c->status == std::optional<didit::QuestionnaireStatus>(didit::QuestionnaireStatus::Published));
    CHECK(c->is_editable == std::optional<bool>(false));
    CHECK(c->is_simple_questionnaire == std::optional<bool>(true));
    REQUIRE(c->graph.has_value());
    const Json& graph = *c->graph;
    CHECK(graph["start_node"] == "occupation");
    CHECK(graph["nodes"]["occupation"]["element_type"] == "SHORT_TEXT");
    CHECK(graph["nodes"]["occupation"]["next"] == "q1");  // generated id for the second element
    CHECK(graph["nodes"]["q1"]["choices"][0]["value"] == "employment_income");
    CHECK(graph["nodes"]["q1"]["choices"][1]["value"] == "other");
    CHECK(graph["nodes"]["q2"]["next"].is_null());

    auto l = s.client.questionnaires().list();
    REQUIRE(l.ok());
    REQUIRE(l->results.size() == 1);
    CHECK(l->results[0].id() == id);
    CHECK(l->results[0].question_types == std::optional<std::vector<std::string>>(std::vector<std::string>{
                                              "SHORT_TEXT", "MULTIPLE_CHOICE", "FILE_UPLOAD"}));
    CHECK(l->results[0].workflow_names == std::optional<std::vector<std::string>>(std::vector<std::string>{}));

    // The workflow QUESTIONNAIRE step accepts it now.
    auto wf = post(*s.p, "/v3/workflows/",
                   Json{{"features", {{{"feature", "QUESTIONNAIRE"}, {"config", {{"questionnaire_uuid", id}}}}}}});
    CHECK(wf.status == 201);

    didit::QuestionnaireUpdateRequest rename;
    rename.title = "Renamed";
    auto u = s.client.questionnaires().update(id, rename);
    REQUIRE(u.ok());
    CHECK(u->id() == id);
    CHECK(u->title == std::optional<std::string>("Renamed"));
    CHECK(u->version == std::optional<int>(1));

    didit::QuestionnaireUpdateRequest publish;
    publish.status = didit::QuestionnaireStatus::Published;
    auto v2 = s.client.questionnaires().update(id, publish);
    REQUIRE(v2.ok());
    CHECK(v2->id() != id);
    CHECK(v2->version == std::optional<int>(2));
    CHECK(v2->questionnaire_group_id == std::optional<std::string>(id));

    auto back = patch(*s.p, "/v3/questionnaires/" + v2->id() + "/", Json{{"status", "draft"}});
    CHECK(back.status == 400);
    CHECK(json_of(back) == field("status", "Cannot revert a published version to draft."));

    // A new language needs translations in the stored elements too.
    auto fr = patch(*s.p, "/v3/questionnaires/" + v2->id() + "/", Json{{"languages", {"en", "es", "fr"}}});
    CHECK(fr.status == 400);
    CHECK(json_of(fr)["form_elements"][0]["label"] == Json::array({"Missing translation for language 'fr'."}));

    REQUIRE(s.client.questionnaires().remove(v2->id()).ok());
    auto gone = s.client.questionnaires().get(v2->id());
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);
    CHECK(s.client.questionnaires().get(id).ok());
}

TEST_CASE("sim questionnaires: validation errors") {
    auto p = make_platform();
    auto create = [&](Json body) { return post(*p, "/v3/questionnaires/", std::move(body)); };

    auto r = create(Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"title", {"This field is required."}},
                             {"languages", {"This field is required."}},
                             {"form_elements", {"This field is required."}}});
    r = create(questionnaire(Json::array({element("short_text")}), Json::array({"es"})));
    CHECK(json_of(r) == field("languages", "languages must include 'en'."));
    Json body = questionnaire(Json::array({element("short_text")}));
    body["default_language"] = "es";
    r = create(body);
    CHECK(json_of(r) == field("default_language", "default_language must be one of languages."));
    r = create(questionnaire(Json::array()));
    CHECK(json_of(r) == field("form_elements", "At least one form element is required."));

    // The skill document's types are not accepted; upper case is.
    r = create(questionnaire(Json::array({element("short_text"), element("checkbox")})));
    CHECK(json_of(r) ==
          Json{{"form_elements", {Json::object(), {{"element_type", {"\"checkbox\" is not a valid choice."}}}}}});
    r = create(questionnaire(Json::array({element("date")})));
    CHECK(json_of(r)["form_elements"][0]["element_type"] == Json::array({"\"date\" is not a valid choice."}));
    r = create(questionnaire(Json::array({element("DATE_PICKER"), element("Section_Header")})));
    CHECK(r.status == 201);

    // OA's "Missing label" example.
    r = create(questionnaire(Json::array({Json{{"element_type", "short_text"}}})));
    CHECK(json_of(r) == Json{{"form_elements", {{{"label", {"This field is required."}}}}}});
    // A translation for every language.
    r = create(questionnaire(Json::array({element("short_text")}), Json::array({"en", "de"})));
    CHECK(json_of(r) == Json{{"form_elements", {{{"label", {"Missing translation for language 'de'."}}}}}});
    // Raw graphs and branching are refused.
    body = questionnaire(Json::array({element("short_text")}));
    body["graph"] = {{"start_node", "a"}, {"nodes", Json::object()}};
    r = create(body);
    CHECK(json_of(r) == Json{{"graph", "The v3 questionnaire API only accepts simple `form_elements`, not `graph`."}});
    Json branching = element("short_text");
    branching["required_if"] = {{"q0", "yes"}};
    r = create(questionnaire(Json::array({branching})));
    CHECK(r.status == 400);
    CHECK(json_of(r)["form_elements"][0].contains("required_if"));
    // Options for choice types, each with a label.
    r = create(questionnaire(Json::array({element("dropdown")})));
    CHECK(json_of(r)["form_elements"][0].contains("options"));
    Json dd = element("single_choice");
    dd["options"] = Json::array({Json{{"value", "a"}}});
    r = create(questionnaire(Json::array({dd})));
    CHECK(json_of(r) == Json{{"form_elements", {{{"options", {{{"label", {"This field is required."}}}}}}}}});
    // max_files 1-5 on uploads.
    Json up = element("file_upload");
    up["max_files"] = 6;
    r = create(questionnaire(Json::array({up})));
    CHECK(json_of(r) == Json{{"form_elements", {{{"max_files", {"Ensure this value is less than or equal to 5."}}}}}});
    up["max_files"] = 1;
    CHECK(create(questionnaire(Json::array({up}))).status == 201);
    // Validation rules fit their types.
    Json num = element("number");
    num["validation"] = {{"min", 10}, {"max", 1}};
    r = create(questionnaire(Json::array({num})));
    CHECK(r.status == 400);
    num["validation"] = {{"min", 1}, {"max", 10}, {"error_message", {{"en", "1 to 10"}}}};
    CHECK(create(questionnaire(Json::array({num}))).status == 201);
    Json text = element("short_text");
    text["validation"] = {{"pattern", "[A-Z]{2}[0-9]+"}, {"min_length", 3}, {"max_length", 20}};
    CHECK(create(questionnaire(Json::array({text}))).status == 201);
    // Duplicate ids.
    Json a = element("short_text"), b = element("long_text");
    a["id"] = "same";
    b["id"] = "same";
    r = create(questionnaire(Json::array({a, b})));
    CHECK(json_of(r) == Json{{"form_elements", {Json::object(), {{"id", {"Duplicate question id 'same'."}}}}}});
}

// =============================================================================================
// Users

TEST_CASE("sim users: 401 without a key, 403 with a bad one, and the errors without sessions") {
    auto p = make_platform();
    const Json unauth = {{"detail", "You must be authenticated with a valid access token to access this endpoint."}};
    for (const auto& req : {Raw{Method::Get, "/v3/users/"}, Raw{Method::Get, "/v3/users/someone/"},
                            Raw{Method::Patch, "/v3/users/someone/", Json{{"display_name", "x"}}},
                            Raw{Method::Post, "/v3/users/delete/", Json{{"delete_all", true}}}}) {
        auto r = send(*p, req);
        CHECK(r.status == 401);
        CHECK(json_of(r) == unauth);
    }
    auto bad = send(*p, Raw{Method::Get, "/v3/users/", nullptr, "sk_test_wrong"});
    CHECK(bad.status == 403);
    CHECK(json_of(bad) == Json{{"detail", "You do not have permission to perform this action."}});

    auto r = get(*p, "/v3/users/");
    CHECK(r.status == 200);
    CHECK(json_of(r) == Json{{"count", 0}, {"next", nullptr}, {"previous", nullptr}, {"results", Json::array()}});
    r = get(*p, "/v3/users/?status=Approved");
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("status", "Select a valid choice. Approved is not one of the available choices."));
    r = get(*p, "/v3/users/nobody/");
    CHECK(r.status == 404);
    CHECK(json_of(r) == Json{{"detail", "Not found."}});
    r = patch(*p, "/v3/users/nobody/", Json{{"display_name", "x"}});
    CHECK(r.status == 404);
    r = post(*p, "/v3/users/delete/", Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json::array({"Provide vendor_data_list or set delete_all=true."}));
    r = post(*p, "/v3/users/delete/", Json{{"vendor_data_list", Json::array()}});
    CHECK(json_of(r) == Json::array({"Provide vendor_data_list or set delete_all=true."}));
    r = post(*p, "/v3/users/delete/", Json{{"vendor_data_list", {"nobody"}}});
    CHECK(r.status == 200);
    CHECK(json_of(r) == Json{{"deleted", 0}});
}

TEST_CASE("sim users: derived from sessions; filters, get by vendor_data, update, delete") {
    Sim s;
    const std::string odd = "user/ä 1?x";  // free-form: slash, non-ASCII, space, question mark
    const std::string first = new_session(s, "alice");
    // A finished session, so that alice's next one is new (an unfinished one would be reused).
    REQUIRE(s.p->complete_session(first, sim::Outcome::Approved).ok());
    REQUIRE(s.p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 1}}).ok());
    new_session(s, odd);
    REQUIRE(s.p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 1}}).ok());
    new_session(s, "bob");
    REQUIRE(s.p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 1}}).ok());
    const std::string second = new_session(s, "alice");
    CHECK(second != first);

    auto l = s.client.users().list();
    REQUIRE_MESSAGE(l.ok(), (l.ok() ? std::string() : l.error().to_string()));
    REQUIRE(l->results.size() == 3);
    // Ordered by last session, newest first: alice (4th session), bob, odd.
    REQUIRE(l->results[0].vendor_data.get() != nullptr);
    CHECK(*l->results[0].vendor_data.get() == "alice");
    CHECK(*l->results[1].vendor_data.get() == "bob");
    CHECK(*l->results[2].vendor_data.get() == odd);
    const auto& alice = l->results[0];
    CHECK(alice.session_count == std::optional<std::int64_t>(2));
    CHECK(alice.approved_count == std::optional<std::int64_t>(1));
    CHECK(alice.status == std::optional<didit::UserStatus>(didit::UserStatus::Active));
    // Derived from the approved session's decision.
    CHECK(alice.full_name.get() != nullptr);
    CHECK(alice.effective_name.get() != nullptr);
    REQUIRE(alice.issuing_states.has_value());
    CHECK(alice.issuing_states->size() == 1);
    REQUIRE(alice.features.has_value());
    CHECK(alice.features->count("ID_VERIFICATION") == 1);
    CHECK(alice.last_session_at.get() != nullptr);
    CHECK(alice.first_session_at.get() != nullptr);
    CHECK(*alice.first_session_at.get() < *alice.last_session_at.get());
    // Country filter (alpha-3 of the approved documents).
    const std::string country = (*alice.issuing_states)[0];
    didit::UsersListQuery cq;
    cq.country = country;
    auto by_country = s.client.users().list(cq);
    REQUIRE(by_country.ok());
    REQUIRE(by_country->results.size() == 1);
    CHECK(*by_country->results[0].vendor_data.get() == "alice");

    auto g = s.client.users().get(odd);
    REQUIRE_MESSAGE(g.ok(), (g.ok() ? std::string() : g.error().to_string()));
    CHECK(g->session_count == std::optional<std::int64_t>(1));
    CHECK(g->metadata.get() != nullptr);
    // Exact, case-sensitive.
    auto upper = s.client.users().get("ALICE");
    REQUIRE_FALSE(upper.ok());
    CHECK(upper.error().status == 404);

    didit::UserUpdateRequest up;
    up.display_name = std::string("Alice S.");
    up.status = didit::UserStatus::Flagged;
    up.metadata = Json{{"tier", "gold"}};
    up.date_of_birth = std::string("1990-05-15");
    up.approved_emails = std::vector<std::string>{"alice@company.io"};
    auto u = s.client.users().update("alice", up);
    REQUIRE_MESSAGE(u.ok(), (u.ok() ? std::string() : u.error().to_string()));
    CHECK(*u->display_name.get() == "Alice S.");
    CHECK(*u->effective_name.get() == "Alice S.");
    CHECK(u->status == std::optional<didit::UserStatus>(didit::UserStatus::Flagged));
    CHECK(*u->metadata.get() == Json{{"tier", "gold"}});
    // metadata is replaced, not merged.
    auto m = patch(*s.p, "/v3/users/alice/", Json{{"metadata", {{"new", 1}}}});
    REQUIRE(m.status == 200);
    CHECK(json_of(m)["metadata"] == Json{{"new", 1}});
    auto bad = patch(*s.p, "/v3/users/alice/", Json{{"date_of_birth", "15/05/1990"}, {"status", "INVALID"}});
    CHECK(bad.status == 400);
    CHECK(json_of(bad) ==
          Json{{"date_of_birth", {"Date has wrong format. Use one of these formats instead: YYYY-MM-DD."}},
               {"status", {"\"INVALID\" is not a valid choice."}}});
    bad = patch(*s.p, "/v3/users/alice/", Json{{"full_name", std::string(513, 'a')}});
    CHECK(json_of(bad) == field("full_name", "Ensure this field has no more than 512 characters."));

    // Filters.
    didit::UsersListQuery q;
    q.status = didit::UserStatus::Flagged;
    auto flagged = s.client.users().list(q);
    REQUIRE(flagged.ok());
    REQUIRE(flagged->results.size() == 1);
    CHECK(*flagged->results[0].vendor_data.get() == "alice");
    didit::UsersListQuery sq;
    sq.search = "BO";
    auto found = s.client.users().list(sq);
    REQUIRE(found.ok());
    REQUIRE(found->results.size() == 1);
    CHECK(*found->results[0].vendor_data.get() == "bob");
    auto page = get(*s.p, "/v3/users/?limit=2");
    CHECK(json_of(page)["results"].size() == 2);
    CHECK(json_of(page)["next"].is_string());

    didit::UsersDeleteRequest del;
    del.vendor_data_list = std::vector<std::string>{"bob", odd, "nobody"};
    auto d = s.client.users().remove_many(del);
    REQUIRE(d.ok());
    CHECK(d->deleted == std::optional<std::int64_t>(2));
    didit::UsersDeleteRequest all;
    all.delete_all = true;
    d = s.client.users().remove_many(all);
    REQUIRE(d.ok());
    CHECK(d->deleted == std::optional<std::int64_t>(1));
    CHECK(json_of(get(*s.p, "/v3/users/"))["count"] == 0);
}

TEST_CASE("sim users: create -> update-status -> get through the SDK, and the errors") {
    Sim s;
    const std::string odd = "carol/ü 1";
    didit::UserCreateRequest req;
    req.vendor_data = odd;
    req.full_name = "Carol Jones";
    req.date_of_birth = "1991-02-03";
    req.metadata = Json{{"tier", "gold"}};
    req.approved_emails = std::vector<std::string>{"carol@company.io"};
    auto c = s.client.users().create(req);
    REQUIRE_MESSAGE(c.ok(), (c.ok() ? std::string() : c.error().to_string()));
    REQUIRE(c->didit_internal_id.has_value());
    CHECK(sim::detail::is_canonical_uuid(*c->didit_internal_id));
    CHECK(*c->vendor_data.get() == odd);
    CHECK(*c->full_name.get() == "Carol Jones");
    CHECK(*c->effective_name.get() == "Carol Jones");
    CHECK(c->display_name.is_null());
    CHECK(*c->date_of_birth.get() == "1991-02-03");
    CHECK(c->status == std::optional<didit::UserStatus>(didit::UserStatus::Active));
    CHECK(*c->metadata.get() == Json{{"tier", "gold"}});
    CHECK(c->approved_emails == std::optional<std::vector<std::string>>({"carol@company.io"}));
    CHECK(c->session_count == std::optional<std::int64_t>(0));
    CHECK(c->comments->empty());

    // Not idempotent: the same vendor_data again is a 400 naming it.
    auto dup = s.client.users().create(req);
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().status == 400);
    REQUIRE(dup.error().field_errors.size() == 1);
    CHECK(dup.error().field_errors[0].field == "vendor_data");
    CHECK(dup.error().field_errors[0].message == "A user with this vendor_data already exists.");

    auto st = s.client.users().update_status(odd, didit::LifecycleStatus::Blocked);
    REQUIRE_MESSAGE(st.ok(), (st.ok() ? std::string() : st.error().to_string()));
    CHECK(st->status == std::optional<didit::UserStatus>(didit::UserStatus::Blocked));

    auto g = s.client.users().get(odd);
    REQUIRE(g.ok());
    CHECK(g->status == std::optional<didit::UserStatus>(didit::UserStatus::Blocked));
    CHECK(g->didit_internal_id == c->didit_internal_id);
    REQUIRE(g->comments.has_value());
    REQUIRE(g->comments->size() == 1);
    const auto& log = (*g->comments)[0];
    CHECK(*log.comment_type == didit::UserCommentType::StatusChanged);
    CHECK(*log.previous_status.get() == didit::UserStatus::Active);
    CHECK(*log.new_status.get() == didit::UserStatus::Blocked);
    // The list shows it too.
    auto l = s.client.users().list();
    REQUIRE(l.ok());
    REQUIRE(l->results.size() == 1);
    CHECK(*l->results[0].vendor_data.get() == odd);

    // BLOCKED keeps the vendor_data from starting sessions.
    auto wfs = s.client.workflows().list();
    REQUIRE(wfs.ok());
    didit::SessionCreateRequest sreq;
    sreq.workflow_id = wfs->results.back().workflow_id.value_or(wfs->results.back().uuid);
    sreq.vendor_data = odd;
    auto blocked = s.client.sessions().create(sreq);
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().status == 400);

    // Back to ACTIVE: a second log entry, newest first; sessions work again.
    auto back = s.client.users().update_status(odd, didit::LifecycleStatus::Active);
    REQUIRE(back.ok());
    REQUIRE(back->comments->size() == 2);
    CHECK(*(*back->comments)[0].new_status.get() == didit::UserStatus::Active);
    CHECK(s.client.sessions().create(sreq).ok());
    // The same status again changes nothing.
    auto same = s.client.users().update_status(odd, didit::LifecycleStatus::Active);
    REQUIRE(same.ok());
    CHECK(same->comments->size() == 2);

    // Raw errors: the OpenAPI's shapes.
    const std::string path = "/v3/users/" + sim::detail::percent_encode(odd) + "/update-status/";
    auto r = patch(*s.p, path, Json{{"status", "Approved"}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("status", "Invalid status. Valid options are: ACTIVE, FLAGGED, BLOCKED"));
    r = patch(*s.p, path, Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("status", "This field is required."));
    r = patch(*s.p, "/v3/users/nobody/update-status/", Json{{"status", "ACTIVE"}});
    CHECK(r.status == 404);
    r = send(*s.p, Raw{Method::Patch, path, Json{{"status", "ACTIVE"}}});
    CHECK(r.status == 401);
    r = send(*s.p, Raw{Method::Post, "/v3/users/create/", Json{{"vendor_data", "x"}}});
    CHECK(r.status == 401);
    r = post(*s.p, "/v3/users/create/", Json{{"full_name", "No Id"}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("vendor_data", "This field is required."));
    r = post(
        *s.p, "/v3/users/create/",
        Json{{"vendor_data", "v2"}, {"status", "Pending"}, {"metadata", "text"}, {"full_name", std::string(513, 'a')}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"status", {"Invalid status. Valid options are: ACTIVE, FLAGGED, BLOCKED"}},
                             {"metadata", {"Metadata must be a JSON object."}},
                             {"full_name", {"Ensure this field has no more than 512 characters."}}});
    r = post(*s.p, "/v3/users/create/", Json{{"vendor_data", "v3"}, {"status", "FLAGGED"}});
    CHECK(r.status == 201);
    CHECK(json_of(r)["status"] == "FLAGGED");
    CHECK(json_of(r)["metadata"] == Json::object());
}

TEST_CASE("sim users: face upload to a created user, and its checks") {
    Sim s;
    // A fresh account, for its organization and application ids.
    SimClient anon(client_options(""), sim::SimTransport(s.p));
    REQUIRE(anon.account().register_account("faces@company.io", kStrong).ok());
    auto v = anon.account().verify_email("faces@company.io", s.p->last_code_for("faces@company.io"));
    REQUIRE_MESSAGE(v.ok(), (v.ok() ? std::string() : v.error().to_string()));
    const std::string org = v->organization->uuid, app = v->application->uuid;
    const std::string key = v->application->api_key.value_or("");
    SimClient mine(client_options(key), sim::SimTransport(s.p));

    didit::UserCreateRequest req;
    req.vendor_data = "face-user";
    auto u = mine.users().create(req);
    REQUIRE(u.ok());
    const std::string id = u->didit_internal_id.value_or("");

    didit::UserFaceUploadRequest face;
    face.image = "/9j/4AAQSkZJRgABAQEA";  // a JPEG's first bytes
    face.comment = "Imported from previous KYC provider";
    auto f = mine.users().upload_face(org, app, id, face);
    REQUIRE_MESSAGE(f.ok(), (f.ok() ? std::string() : f.error().to_string()));
    REQUIRE(f->uuid.has_value());
    CHECK(sim::detail::is_canonical_uuid(*f->uuid));
    REQUIRE(f->image_url.get() != nullptr);
    CHECK(f->image_url.get()->find(".jpg") != std::string::npos);
    CHECK(*f->comment.get() == "Imported from previous KYC provider");
    CHECK(*f->uploaded_by.get() == "api");
    CHECK(f->created_at.has_value());

    // Another application's ids: 403; an unknown user: 404.
    didit::UserFaceUploadRequest png;
    png.image = "iVBORw0KGgo=";  // the PNG signature
    auto other = s.client.users().upload_face(org, app, id, png);
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().status == 403);
    auto nobody = mine.users().upload_face(org, app, "00000000-0000-4000-8000-000000000000", png);
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().status == 404);

    const std::string path =
        "/v3/organization/" + org + "/application/" + app + "/vendor-users/by-id/" + id + "/faces/upload/";
    auto raw = [&](Json body) { return send(*s.p, Raw{Method::Post, path, std::move(body), key}); };
    auto r = raw(Json{{"image", "not base64!"}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"image", "Invalid base64 image."}});
    r = raw(Json{{"image", "aGVsbG8gd29ybGQ="}});  // "hello world"
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"image", "Invalid image. Upload a JPG or PNG file."}});
    r = raw(Json::object());
    CHECK(json_of(r) == field("image", "This field is required."));
    r = send(*s.p, Raw{Method::Post, path, Json{{"image", "iVBORw0KGgo="}}});
    CHECK(r.status == 401);
    CHECK(json_of(r) == Json{{"detail", "Authentication credentials were not provided."}});
    // Five faces at most.
    for (int i = 0; i < 4; ++i) {
        auto ok = mine.users().upload_face(org, app, id, png);
        REQUIRE(ok.ok());
        CHECK(ok->comment.get() != nullptr);
        CHECK(*ok->comment.get() == "");
    }
    auto sixth = mine.users().upload_face(org, app, id, png);
    REQUIRE_FALSE(sixth.ok());
    CHECK(sixth.error().status == 400);
    CHECK(sixth.error().message == "Maximum of 5 faces per user reached.");
}

// =============================================================================================
// Businesses

TEST_CASE("sim businesses: create, list, get, update, update-status and delete through the SDK") {
    Sim s;
    auto empty = s.client.businesses().list();
    REQUIRE_MESSAGE(empty.ok(), (empty.ok() ? std::string() : empty.error().to_string()));
    CHECK(empty->results.empty());

    const std::string odd = "Société/1 ü";
    didit::BusinessCreateRequest a;
    a.vendor_data = odd;
    a.legal_name = "Acme Trading Ltd";
    a.registration_number = "12345678";
    a.country_code = "GB";
    a.metadata = Json{{"industry", "fintech"}};
    auto ca = s.client.businesses().create(a);
    REQUIRE_MESSAGE(ca.ok(), (ca.ok() ? std::string() : ca.error().to_string()));
    CHECK(sim::detail::is_canonical_uuid(ca->didit_internal_id.value_or("")));
    CHECK(*ca->vendor_data.get() == odd);
    CHECK(*ca->effective_name.get() == "Acme Trading Ltd");
    CHECK(ca->display_name.is_null());
    CHECK(ca->status == std::optional<didit::LifecycleStatus>(didit::LifecycleStatus::Active));
    CHECK(*ca->metadata.get() == Json{{"industry", "fintech"}});
    CHECK(ca->session_count == std::optional<std::int64_t>(0));
    CHECK(ca->updated_at.has_value());

    REQUIRE(s.p->control(Method::Post, "/_sim/clock/", Json{{"advance_seconds", 1}}).ok());
    didit::BusinessCreateRequest b;
    b.vendor_data = "company-456";
    b.status = didit::LifecycleStatus::Flagged;
    auto cb = s.client.businesses().create(b);
    REQUIRE(cb.ok());
    CHECK(cb->legal_name.is_null());
    CHECK(*cb->metadata.get() == Json::object());
    // No vendor_data at all is allowed.
    auto cn = s.client.businesses().create(didit::BusinessCreateRequest{});
    REQUIRE(cn.ok());
    CHECK(cn->vendor_data.is_null());

    auto dup = s.client.businesses().create(a);
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().status == 400);
    REQUIRE(dup.error().field_errors.size() == 1);
    CHECK(dup.error().field_errors[0].field == "vendor_data");

    didit::BusinessesListQuery q;
    q.limit = 2;
    auto page = s.client.businesses().list(q);
    REQUIRE(page.ok());
    CHECK(page->count == std::optional<std::int64_t>(3));
    CHECK(page->results.size() == 2);
    CHECK(page->has_next());
    std::vector<std::string> ids;
    for (auto& item : s.client.businesses().list_all(q)) {
        REQUIRE(item.ok());
        ids.push_back(item->didit_internal_id.value_or(""));
    }
    CHECK(ids.size() == 3);

    auto g = s.client.businesses().get(odd);
    REQUIRE(g.ok());
    CHECK(g->didit_internal_id == ca->didit_internal_id);
    CHECK(*g->registration_number.get() == "12345678");
    auto upper = s.client.businesses().get("SOCIÉTÉ/1 Ü");
    REQUIRE_FALSE(upper.ok());
    CHECK(upper.error().status == 404);

    didit::BusinessUpdateRequest up;
    up.display_name = "Acme Corp";
    up.metadata = Json{{"risk_level", "low"}};
    up.registration_number = nullptr;
    auto u = s.client.businesses().update(odd, up);
    REQUIRE_MESSAGE(u.ok(), (u.ok() ? std::string() : u.error().to_string()));
    CHECK(*u->display_name.get() == "Acme Corp");
    CHECK(*u->effective_name.get() == "Acme Corp");
    CHECK(u->registration_number.is_null());
    // metadata is replaced, not merged.
    CHECK(*u->metadata.get() == Json{{"risk_level", "low"}});

    auto st = s.client.businesses().update_status(odd, didit::LifecycleStatus::Blocked);
    REQUIRE(st.ok());
    CHECK(st->status == std::optional<didit::LifecycleStatus>(didit::LifecycleStatus::Blocked));
    auto again = s.client.businesses().get(odd);
    REQUIRE(again.ok());
    CHECK(again->status == std::optional<didit::LifecycleStatus>(didit::LifecycleStatus::Blocked));
    CHECK(*again->display_name.get() == "Acme Corp");
    // BLOCKED keeps the vendor_data from starting sessions.
    auto wfs = s.client.workflows().list();
    REQUIRE(wfs.ok());
    didit::SessionCreateRequest sreq;
    sreq.workflow_id = wfs->results.back().workflow_id.value_or(wfs->results.back().uuid);
    sreq.vendor_data = odd;
    auto blocked = s.client.sessions().create(sreq);
    REQUIRE_FALSE(blocked.ok());
    CHECK(blocked.error().status == 400);

    didit::BusinessesDeleteRequest del;
    del.vendor_data_list = std::vector<std::string>{odd, "nobody"};
    auto d = s.client.businesses().remove_many(del);
    REQUIRE(d.ok());
    CHECK(d->deleted == std::optional<std::int64_t>(1));
    auto gone = s.client.businesses().get(odd);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);
    didit::BusinessesDeleteRequest by_id;
    by_id.didit_internal_id_list = std::vector<std::string>{cn->didit_internal_id.value_or("")};
    d = s.client.businesses().remove_many(by_id);
    REQUIRE(d.ok());
    CHECK(d->deleted == std::optional<std::int64_t>(1));
    didit::BusinessesDeleteRequest all;
    all.delete_all = true;
    d = s.client.businesses().remove_many(all);
    REQUIRE(d.ok());
    CHECK(d->deleted == std::optional<std::int64_t>(1));
    auto none = s.client.businesses().list();
    REQUIRE(none.ok());
    CHECK(none->results.empty());
}

TEST_CASE("sim businesses: validation, 403 without a key, 404s and the bare-array 400") {
    auto p = make_platform();
    for (const auto& req : {Raw{Method::Get, "/v3/businesses/"}, Raw{Method::Get, "/v3/businesses/x/"},
                            Raw{Method::Post, "/v3/businesses/create/", Json{{"vendor_data", "x"}}},
                            Raw{Method::Patch, "/v3/businesses/x/update-status/", Json{{"status", "ACTIVE"}}}}) {
        auto r = send(*p, req);
        CHECK(r.status == 403);
    }
    auto r = get(*p, "/v3/businesses/nobody/");
    CHECK(r.status == 404);
    CHECK(json_of(r) == Json{{"detail", "Not found."}});
    r = patch(*p, "/v3/businesses/nobody/", Json{{"display_name", "x"}});
    CHECK(r.status == 404);
    r = patch(*p, "/v3/businesses/nobody/update-status/", Json{{"status", "ACTIVE"}});
    CHECK(r.status == 404);
    r = post(
        *p, "/v3/businesses/create/",
        Json{{"vendor_data", "b1"}, {"status", "Approved"}, {"country_code", std::string(11, 'G')}, {"metadata", 3}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"status", {"Invalid status. Valid options are: ACTIVE, FLAGGED, BLOCKED"}},
                             {"country_code", {"Ensure this field has no more than 10 characters."}},
                             {"metadata", {"Metadata must be a JSON object."}}});
    r = post(*p, "/v3/businesses/create/", Json{{"vendor_data", "b1"}});
    CHECK(r.status == 201);
    r = patch(*p, "/v3/businesses/b1/update-status/", Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("status", "This field is required."));
    r = patch(*p, "/v3/businesses/b1/update-status/", Json{{"status", "blocked"}});
    CHECK(json_of(r) == field("status", "Invalid status. Valid options are: ACTIVE, FLAGGED, BLOCKED"));
    r = patch(*p, "/v3/businesses/b1/", Json{{"legal_name", 5}});
    CHECK(json_of(r) == field("legal_name", "Not a valid string."));
    r = post(*p, "/v3/businesses/delete/", Json::object());
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json::array({"Provide vendor_data_list, didit_internal_id_list or set delete_all=true."}));
    // delete_all wins over the lists.
    r = post(*p, "/v3/businesses/create/", Json{{"vendor_data", "b2"}});
    CHECK(r.status == 201);
    r = post(*p, "/v3/businesses/delete/", Json{{"delete_all", true}, {"vendor_data_list", {"b1"}}});
    CHECK(json_of(r) == Json{{"deleted", 2}});
}

// =============================================================================================
// Billing

TEST_CASE("sim billing: balance, top-up validation, and a completed checkout raising the balance") {
    Sim s;
    auto b = s.client.billing().balance();
    REQUIRE(b.ok());
    CHECK(b->balance == "100.0000");
    CHECK(b->auto_refill_enabled == std::optional<bool>(false));
    CHECK(b->auto_refill_amount.is_null());

    auto r = post(*s.p, "/v3/billing/top-up/", Json{{"amount_in_dollars", 49.99}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json::array({"Amount must be at least $50."}));
    r = post(*s.p, "/v3/billing/top-up/", Json::object());
    CHECK(json_of(r) == Json::array({"amount_in_dollars is required."}));
    r = post(*s.p, "/v3/billing/top-up/", Json{{"amount_in_dollars", "100"}});
    CHECK(json_of(r) == Json::array({"amount_in_dollars must be a number."}));
    // Missing credentials on billing: 403 (OA: never 401).
    r = send(*s.p, Raw{Method::Get, "/v3/billing/balance/"});
    CHECK(r.status == 403);
    CHECK(json_of(r) == Json{{"detail", "You do not have permission to perform this action."}});

    didit::TopUpRequest t;
    t.amount_in_dollars = 75.5;
    t.success_url = "https://app.example.io/ok?cs={CHECKOUT_SESSION_ID}";
    auto top = s.client.billing().top_up(t);
    REQUIRE_MESSAGE(top.ok(), (top.ok() ? std::string() : top.error().to_string()));
    CHECK(top->checkout_session_id.rfind("cs_test_", 0) == 0);
    CHECK(top->checkout_session_url.find(top->checkout_session_id) != std::string::npos);
    // Not paid yet.
    CHECK(s.client.billing().balance()->balance == "100.0000");

    auto paid = s.p->control(Method::Post, "/_sim/billing/checkouts/" + top->checkout_session_id + "/complete/");
    REQUIRE(paid.ok());
    CHECK((*paid)["balance"] == "175.5000");
    CHECK(s.client.billing().balance()->balance == "175.5000");
    // Paying twice is refused and changes nothing.
    auto twice = s.p->control(Method::Post, "/_sim/billing/checkouts/" + top->checkout_session_id + "/complete/");
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().status == 400);
    CHECK(s.client.billing().balance()->balance == "175.5000");
    auto unknown = s.p->control(Method::Post, "/_sim/billing/checkouts/cs_test_nope/complete/");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().status == 404);
}

// =============================================================================================
// Blocklist

TEST_CASE("sim blocklist: validation and errors") {
    auto p = make_platform();
    auto r = post(*p, "/v3/blocklist/add/", Json{{"blocklist_face", true}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("session_id", "This field is required."));
    r = post(*p, "/v3/blocklist/add/", Json{{"session_id", "nope"}, {"blocklist_face", true}});
    CHECK(json_of(r) == field("session_id", "Must be a valid UUID."));
    r = post(*p, "/v3/blocklist/add/", Json{{"session_id", "0f0e0d0c-0b0a-4908-8706-050403020100"}});
    CHECK(r.status == 400);
    CHECK(json_of(r) == Json{{"non_field_errors",
                              {"At least one of blocklist_face, blocklist_document, blocklist_phone, blocklist_email "
                               "must be true."}}});
    r = post(*p, "/v3/blocklist/add/",
             Json{{"session_id", "0f0e0d0c-0b0a-4908-8706-050403020100"},
                  {"blocklist_face", false},
                  {"blocklist_email", "yes"}});
    CHECK(json_of(r) == field("blocklist_email", "Must be a valid boolean."));
    r = post(*p, "/v3/blocklist/add/",
             Json{{"session_id", "0f0e0d0c-0b0a-4908-8706-050403020100"}, {"blocklist_face", true}});
    CHECK(r.status == 404);
    CHECK(json_of(r) == Json{{"detail", "Session not found."}});
    r = post(*p, "/v3/blocklist/remove/", Json{{"session_id", "0f0e0d0c-0b0a-4908-8706-050403020100"}});
    CHECK(json_of(r) == Json{{"non_field_errors",
                              {"At least one of unblock_face, unblock_document, unblock_phone, unblock_email must be "
                               "true."}}});
    r = get(*p, "/v3/blocklist/?item_type=ip");
    CHECK(r.status == 400);
    CHECK(json_of(r) == field("item_type", "Select a valid choice. ip is not one of the available choices."));
    r = get(*p, "/v3/blocklist/?item_type=face");
    CHECK(json_of(r) == Json{{"count", 0}, {"next", nullptr}, {"previous", nullptr}, {"results", Json::array()}});
    r = send(*p, Raw{Method::Get, "/v3/blocklist/"});
    CHECK(r.status == 403);
}

TEST_CASE("sim blocklist: add, list newest first by type, and remove from a finished session") {
    Sim s;
    const std::string a = new_session(s, "fraudster");
    const std::string b = new_session(s, "other");
    REQUIRE(s.p->complete_session(a, sim::Outcome::Declined).ok());
    REQUIRE(s.p->complete_session(b, sim::Outcome::Approved).ok());

    didit::BlocklistAddRequest add;
    add.session_id = a;
    add.blocklist_face = true;
    add.blocklist_document = true;
    auto r = s.client.blocklist().add(add);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().to_string()));
    CHECK(r->message == std::optional<std::string>("Successfully updated blocklist."));
    didit::BlocklistAddRequest add2;
    add2.session_id = b;
    add2.blocklist_phone = true;
    REQUIRE(s.client.blocklist().add(add2).ok());

    auto all = s.client.blocklist().list();
    REQUIRE(all.ok());
    REQUIRE(all->results.size() == 3);
    CHECK(all->results[0].session_id == std::optional<std::string>(b));  // newest first
    CHECK(all->results[0].type == std::optional<didit::BlocklistItemType>(didit::BlocklistItemType::Phone));
    didit::BlocklistListQuery q;
    q.item_type = didit::BlocklistItemType::Document;
    auto docs = s.client.blocklist().list(q);
    REQUIRE(docs.ok());
    REQUIRE(docs->results.size() == 1);
    CHECK(docs->results[0].session_id == std::optional<std::string>(a));
    CHECK(docs->results[0].session_number.has_value());
    CHECK(docs->results[0].document_number.get() != nullptr);  // from the decision's id_verifications
    CHECK(docs->results[0].document_type.get() != nullptr);
    CHECK(docs->results[0].phone_number.is_null());
    CHECK(docs->results[0].face_image.is_null());
    const Json raw = json_of(get(*s.p, "/v3/blocklist/?item_type=face"))["results"][0];
    for (const char* k : {"type", "session_id", "session_number", "blocklisted_at", "face_image", "document_type",
                          "document_number", "phone_number", "email"})
        CHECK(raw.contains(k));

    didit::BlocklistRemoveRequest rm;
    rm.session_id = a;
    rm.unblock_document = true;
    REQUIRE(s.client.blocklist().remove(rm).ok());
    auto left = s.client.blocklist().list();
    REQUIRE(left.ok());
    CHECK(left->results.size() == 2);
}

// =============================================================================================
// Router conventions on these routes

TEST_CASE("sim routes: 301 without the trailing slash, HTML 404 for malformed UUIDs") {
    auto p = make_platform();
    auto r = get(*p, "/v3/workflows?limit=5");
    CHECK(r.status == 301);
    CHECK(r.headers.get("Location") == "/v3/workflows/?limit=5");
    r = get(*p, "/v3/billing/balance");
    CHECK(r.status == 301);
    CHECK(r.headers.get("Location") == "/v3/billing/balance/");

    for (const char* bad : {"/v3/workflows/not-a-uuid/", "/v3/workflows/0F0E0D0C-0B0A-4908-8706-050403020100/",
                            "/v3/questionnaires/1234/"}) {
        CAPTURE(bad);
        r = get(*p, bad);
        CHECK(r.status == 404);
        CHECK(r.headers.get("Content-Type").find("text/html") == 0);
        CHECK(json_of(r).is_discarded());
    }
    // Bearer routes with a malformed path UUID: HTML 404 as well.
    r = send(*p, Raw{Method::Get, "/auth/v2/organizations/me/x/applications/y/", nullptr, "", "t"});
    CHECK(r.status == 404);
    CHECK(r.headers.get("Content-Type").find("text/html") == 0);
}

// ---- the simulator's own URL helpers -----------------------------------------------------------

TEST_CASE("sim percent_decode undoes percent_encode, in either hex case") {
    const char* samples[] = {"a/b?c#d", "with space", "100%", "José ü 日本", ".", "..", "", "~-._", "%41", "a+b&c=d"};
    for (const char* s : samples) {
        CAPTURE(s);
        std::string out;
        REQUIRE(sim::detail::percent_decode(sim::detail::percent_encode(s), out));
        CHECK(out == s);
    }
    CHECK(sim::detail::percent_encode("..") == "%2E%2E");  // never a dot-segment
    std::string out;
    REQUIRE(sim::detail::percent_decode("%2e%2E", out));
    CHECK(out == "..");
}

TEST_CASE("sim percent_decode rejects malformed escapes") {
    std::string out;
    CHECK_FALSE(sim::detail::percent_decode("%", out));
    out.clear();
    CHECK_FALSE(sim::detail::percent_decode("abc%4", out));
    out.clear();
    CHECK_FALSE(sim::detail::percent_decode("%zz", out));
    out.clear();
    CHECK_FALSE(sim::detail::percent_decode("%4g", out));
    out.clear();
    CHECK(sim::detail::percent_decode("%41%42", out));
    CHECK(out == "AB");
}

TEST_CASE("sim is_canonical_uuid accepts only the lower-case 8-4-4-4-12 form") {
    CHECK(sim::detail::is_canonical_uuid("f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418"));
    CHECK_FALSE(sim::detail::is_canonical_uuid("F4E5E1F2-94A9-4F86-8C16-2B7D9B4DB418"));
    CHECK_FALSE(sim::detail::is_canonical_uuid("f4e5e1f294a94f868c162b7d9b4db418"));
    CHECK_FALSE(sim::detail::is_canonical_uuid("f4e5e1f2-94a9-4f86-8c16-2b7d9b4db41"));
    CHECK_FALSE(sim::detail::is_canonical_uuid("g4e5e1f2-94a9-4f86-8c16-2b7d9b4db418"));
    CHECK(sim::detail::iequals("Bearer", "bEARER"));
    CHECK_FALSE(sim::detail::iequals("Bearer", "Bearer "));
}

// =============================================================================================
// Standalone image checks (ID verification, passive liveness, age estimation, proof of address,
// face search)

namespace {
/// A JPEG by its first bytes carrying `text` (a scenario or face marker), padded to `n` bytes.
std::string sim_jpeg(const std::string& text, std::size_t n = 600) {
    std::string s("\xFF\xD8\xFF\xFE", 4);
    s += text + " ";
    while (s.size() < n) s += static_cast<char>('a' + static_cast<char>(s.size() % 26));
    return s;
}
didit::FilePart part(const std::string& bytes, const std::string& name) {
    return didit::FilePart::from_memory(bytes, name);
}
}  // namespace

TEST_CASE("sim image checks: ID verification derives the holder from the document and declines on request") {
    Sim s;
    didit::IdVerificationRequest req;
    req.front_image = part(sim_jpeg("front-1"), "front.jpg");
    req.back_image = part(sim_jpeg("back-1"), "back.jpg");
    req.vendor_data = "kiosk-1";
    auto a = s.client.checks().id_verification(req);
    REQUIRE_MESSAGE(a.ok(), a.error().to_string());
    const auto& o = a->id_verification.value();
    CHECK(o.status == didit::ImageCheckStatus::Approved);
    CHECK(o.warnings->empty());
    CHECK_FALSE(o.first_name.value().empty());
    CHECK(o.document_number.value().rfind("SIM", 0) == 0);
    CHECK(o.mrz->document_number.value() == o.document_number.value());
    CHECK(o.document_type.value() == "Identity Card");
    CHECK(a->vendor_data.value() == "kiosk-1");
    // Deterministic: the same document reads the same.
    auto again = s.client.checks().id_verification(req);
    REQUIRE(again.ok());
    CHECK(again->id_verification->full_name.value() == o.full_name.value());
    CHECK(again->request_id != a->request_id);

    req.front_image = part(sim_jpeg("DIDIT-SIM:DOCUMENT_EXPIRED"), "front.jpg");
    auto expired = s.client.checks().id_verification(req);
    REQUIRE(expired.ok());
    CHECK(expired->id_verification->status == didit::ImageCheckStatus::Declined);
    REQUIRE(expired->id_verification->warnings->size() == 1);
    CHECK(expired->id_verification->warnings->at(0).risk.value() == "DOCUMENT_EXPIRED");
    CHECK(expired->id_verification->expiration_date.value() < "2024");

    // A configurable risk set to NO_ACTION is reported but does not decline.
    req.front_image = part(sim_jpeg("DIDIT-SIM:MRZ_VALIDATION_FAILED"), "front.jpg");
    req.invalid_mrz_action = didit::ImageCheckAction::NoAction;
    auto mrz = s.client.checks().id_verification(req);
    REQUIRE(mrz.ok());
    CHECK(mrz->id_verification->status == didit::ImageCheckStatus::Approved);
    CHECK(mrz->id_verification->warnings->at(0).log_type == didit::ImageCheckLogType::Warning);

    // Presentation fraud declines only when document liveness is asked for.
    req.invalid_mrz_action.reset();
    req.front_image = part(sim_jpeg("DIDIT-SIM:SCREEN_CAPTURE_DETECTED"), "front.jpg");
    auto plain = s.client.checks().id_verification(req);
    REQUIRE(plain.ok());
    CHECK(plain->id_verification->status == didit::ImageCheckStatus::Approved);
    req.perform_document_liveness = true;
    auto screened = s.client.checks().id_verification(req);
    REQUIRE(screened.ok());
    CHECK(screened->id_verification->status == didit::ImageCheckStatus::Declined);

    // An unreadable document is a 400 with {"error": ...}.
    req.front_image = part(sim_jpeg("DIDIT-SIM:COULD_NOT_RECOGNIZE_DOCUMENT"), "front.jpg");
    auto unreadable = s.client.checks().id_verification(req);
    REQUIRE_FALSE(unreadable.ok());
    CHECK(unreadable.error().status == 400);
    CHECK(unreadable.error().message.find("COULD_NOT_RECOGNIZE_DOCUMENT") != std::string::npos);
}

TEST_CASE("sim image checks: passive liveness scores, declines attacks, and reports a face seen before") {
    Sim s;
    didit::PassiveLivenessRequest req;
    req.user_image = part(sim_jpeg("DIDIT-SIM-FACE:alice selfie-1"), "selfie.jpg");
    req.vendor_data = "alice";
    auto a = s.client.checks().passive_liveness(req);
    REQUIRE_MESSAGE(a.ok(), a.error().to_string());
    const auto& o = a->liveness.value();
    CHECK(o.status == didit::ImageCheckStatus::Approved);
    CHECK(o.method == didit::LivenessMethod::Passive);
    CHECK(o.score.value() >= 70.0);
    CHECK(o.user_image->entities->size() == 1);
    CHECK(o.warnings->empty());

    // The threshold decides: a score at or below it declines.
    req.face_liveness_score_decline_threshold = 100;
    auto strict = s.client.checks().passive_liveness(req);
    REQUIRE(strict.ok());
    CHECK(strict->liveness->status == didit::ImageCheckStatus::Declined);
    CHECK(strict->liveness->warnings->at(0).risk == didit::PassiveLivenessRisk::LowLivenessScore);
    CHECK(strict->liveness->score.value() == o.score.value());  // same image, same score

    // The same face under another vendor_data is a duplicate (information only).
    req.face_liveness_score_decline_threshold.reset();
    req.user_image = part(sim_jpeg("DIDIT-SIM-FACE:alice selfie-2"), "selfie2.jpg");
    req.vendor_data = "mallory";
    auto dup = s.client.checks().passive_liveness(req);
    REQUIRE(dup.ok());
    CHECK(dup->liveness->status == didit::ImageCheckStatus::Approved);
    REQUIRE(dup->liveness->warnings->size() == 1);
    CHECK(dup->liveness->warnings->at(0).risk == didit::PassiveLivenessRisk::DuplicatedFace);
    CHECK(dup->liveness->warnings->at(0).log_type == didit::ImageCheckLogType::Information);

    req.user_image = part(sim_jpeg("DIDIT-SIM:LIVENESS_FACE_ATTACK"), "attack.jpg");
    auto attack = s.client.checks().passive_liveness(req);
    REQUIRE(attack.ok());
    CHECK(attack->liveness->status == didit::ImageCheckStatus::Declined);
    CHECK(attack->liveness->score.value() < 30.0);

    // A PDF is not a face image: the simulator refuses it as the API does.
    HttpRequest raw;
    raw.method = Method::Post;
    raw.url = "https://verification.didit.me/v3/passive-liveness/";
    raw.headers.set("x-api-key", s.p->api_key());
    raw.headers.set("Content-Type", "multipart/form-data; boundary=XyZ");
    raw.body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"user_image\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7 x\r\n"
        "--XyZ--\r\n";
    auto refused = s.p->handle(raw, "127.0.0.1");
    CHECK(refused.status == 400);
    CHECK(json_of(refused).contains("user_image"));
}

TEST_CASE("sim image checks: age estimation against its threshold") {
    Sim s;
    didit::AgeEstimationRequest req;
    req.user_image = part(sim_jpeg("adult"), "face.jpg");
    auto a = s.client.checks().age_estimation(req);
    REQUIRE_MESSAGE(a.ok(), a.error().to_string());
    CHECK(a->age_estimation->status == didit::ImageCheckStatus::Approved);
    const double age = a->age_estimation->age_estimation.value();
    CHECK(age >= 19.0);
    req.age_estimation_decline_threshold = 100;
    auto old_enough = s.client.checks().age_estimation(req);
    REQUIRE(old_enough.ok());
    CHECK(old_enough->age_estimation->status == didit::ImageCheckStatus::Declined);
    CHECK(old_enough->age_estimation->warnings->at(0).risk == didit::AgeEstimationRisk::AgeBelowMinimum);
    req.age_estimation_decline_threshold.reset();
    req.user_image = part(sim_jpeg("DIDIT-SIM:AGE_BELOW_MINIMUM"), "minor.jpg");
    auto minor = s.client.checks().age_estimation(req);
    REQUIRE(minor.ok());
    CHECK(minor->age_estimation->age_estimation.value() < 18.0);
    CHECK(minor->age_estimation->status == didit::ImageCheckStatus::Declined);
    req.user_image = part(sim_jpeg("DIDIT-SIM:NO_FACE_DETECTED"), "wall.jpg");
    auto none = s.client.checks().age_estimation(req);
    REQUIRE(none.ok());
    CHECK(none->age_estimation->age_estimation.is_null());
    CHECK(none->age_estimation->warnings->size() == 2);
}

TEST_CASE("sim image checks: proof of address compares the expected details, per its actions") {
    Sim s;
    didit::PoaCheckRequest req;
    req.document = part("%PDF-1.7\nbill " + std::string(300, 'x'), "bill.pdf");
    auto a = s.client.checks().proof_of_address(req);
    REQUIRE_MESSAGE(a.ok(), a.error().to_string());
    const auto& o = a->poa.value();
    CHECK(o.status == didit::ImageCheckStatus::Approved);
    CHECK(o.poa_parsed_address.value().city.has_value());
    CHECK_FALSE(o.issuer.value().empty());
    const std::string country = o.issuing_state.value();

    req.expected_country = country == "ESP" ? "FRA" : "ESP";
    auto mismatch = s.client.checks().proof_of_address(req);
    REQUIRE(mismatch.ok());
    CHECK(mismatch->poa->status == didit::ImageCheckStatus::Declined);
    CHECK(mismatch->poa->warnings->at(0).risk.value() == "POA_COUNTRY_MISMATCH_WITH_PROVIDED");
    req.poa_address_mismatch_action = didit::ImageCheckAction::NoAction;
    auto tolerated = s.client.checks().proof_of_address(req);
    REQUIRE(tolerated.ok());
    CHECK(tolerated->poa->status == didit::ImageCheckStatus::Approved);
    CHECK(tolerated->poa->warnings->at(0).log_type.value() == didit::PoaCheckLogType::Information);

    req.expected_country.reset();
    req.document = part("%PDF-1.7\nDIDIT-SIM:POA_DOCUMENT_EXPIRED", "old.pdf");
    auto expired = s.client.checks().proof_of_address(req);
    REQUIRE(expired.ok());
    CHECK(expired->poa->status == didit::ImageCheckStatus::Declined);
}

TEST_CASE("sim image checks: face search finds faces enrolled by saved checks, and blocklist hits decline") {
    Sim s;
    didit::FaceSearchRequest search;
    search.user_image = part(sim_jpeg("DIDIT-SIM-FACE:bob probe"), "probe.jpg");
    auto empty = s.client.checks().face_search(search);
    REQUIRE_MESSAGE(empty.ok(), empty.error().to_string());
    CHECK(empty->face_search->status == didit::ImageCheckStatus::Approved);
    CHECK(empty->face_search->total_matches.value() == 0);

    didit::PassiveLivenessRequest live;
    live.user_image = part(sim_jpeg("DIDIT-SIM-FACE:bob enrol"), "bob.jpg");
    live.vendor_data = "bob";
    auto enrolled = s.client.checks().passive_liveness(live);
    REQUIRE(enrolled.ok());
    live.user_image = part(sim_jpeg("DIDIT-SIM-FACE:carol"), "carol.jpg");
    live.save_api_request = false;  // not enrolled
    REQUIRE(s.client.checks().passive_liveness(live).ok());

    auto found = s.client.checks().face_search(search);
    REQUIRE(found.ok());
    const auto& o = found->face_search.value();
    CHECK(o.status == didit::ImageCheckStatus::Approved);  // duplicates never decline
    REQUIRE(o.total_matches.value() == 1);                 // the earlier face search is not a match
    CHECK(o.matches->at(0).session_id.value() == enrolled->request_id.value());
    CHECK(o.matches->at(0).vendor_data.value() == "bob");
    CHECK(o.matches->at(0).similarity_percentage.value() >= 95.0);
    CHECK(o.matches->at(0).api_service.value() == "PASSIVE_LIVENESS");

    search.user_image = part(sim_jpeg("DIDIT-SIM:FACE_IN_BLOCKLIST"), "banned.jpg");
    auto banned = s.client.checks().face_search(search);
    REQUIRE(banned.ok());
    CHECK(banned->face_search->status == didit::ImageCheckStatus::Declined);
    CHECK(banned->face_search->matches->at(0).is_blocklisted.value());
    search.user_image = part(sim_jpeg("DIDIT-SIM:NO_FACE_DETECTED"), "wall.jpg");
    auto no_face = s.client.checks().face_search(search);
    REQUIRE_FALSE(no_face.ok());
    CHECK(no_face.error().status == 400);
}
