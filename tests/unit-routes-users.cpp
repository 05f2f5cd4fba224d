// SPDX-License-Identifier: MIT
// User routes: wire format of list/get/update/batch delete/create/update-status/face upload, free-form
// vendor_data and UUID-checked ids in paths, decoding.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit::UserStatus;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;
using didit_test::check_no_body;
using didit_test::kApiKey;

const std::string kBase = "https://verification.didit.me";
const std::string kUser =
    R"({"didit_internal_id":"f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418","vendor_data":"v","status":"ACTIVE"})";

/// The one path segment between "/v3/users/" and the final "/", percent-decoded.
std::string decoded_segment(const std::string& url) {
    const std::string prefix = kBase + "/v3/users/";
    REQUIRE(url.rfind(prefix, 0) == 0);
    REQUIRE(url.size() > prefix.size());
    REQUIRE(url.back() == '/');
    std::string seg = url.substr(prefix.size(), url.size() - prefix.size() - 1);
    CHECK(seg.find('/') == std::string::npos);
    CHECK(seg.find('?') == std::string::npos);
    CHECK(seg.find('#') == std::string::npos);
    CHECK(seg.find(' ') == std::string::npos);
    std::string out;
    REQUIRE(didit_test::percent_decode(seg, out));
    return out;
}

}  // namespace

// ---- list --------------------------------------------------------------------------------

TEST_CASE("users: list sends GET /v3/users/ with the API key and no query") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("users-list-1.json"));
    auto r = t.client.users().list();
    REQUIRE(r.ok());
    REQUIRE(t.mock.request_count() == 1);
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/users/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("users: list sends every documented filter, encoded, keys sorted") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]").reply(200, "[]").reply(200, "[]");
    didit::UsersListQuery q;
    q.status = UserStatus::Flagged;
    q.search = "Jane Doe & co/+?#";
    q.country = "USA";
    q.limit = 200;
    q.offset = 0;
    REQUIRE(t.client.users().list(q).ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url ==
          kBase + "/v3/users/?country=USA&limit=200&offset=0&search=Jane%20Doe%20%26%20co%2F%2B%3F%23&status=FLAGGED");
    check_api_key_auth(req);
    check_no_body(req);

    // An older guide's (session) status values go out as documented, encoded.
    didit::UsersListQuery skill;
    skill.status = UserStatus::InReview;
    REQUIRE(t.client.users().list(skill).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/users/?status=In%20Review");

    // Non-ASCII search text is UTF-8, percent-encoded.
    didit::UsersListQuery intl;
    intl.search = "José";
    REQUIRE(t.client.users().list(intl).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/users/?search=Jos%C3%A9");
}

TEST_CASE("users: list sends unmodelled query keys from extra") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]");
    didit::UsersListQuery q;
    q.limit = 5;
    q.extra = Json{{"tag", "VIP"}};
    REQUIRE(t.client.users().list(q).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/users/?limit=5&tag=VIP");
}

TEST_CASE("users: list decodes the paged envelope (fixture users-list-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("users-list-1.json"));
    auto r = t.client.users().list();
    REQUIRE(r.ok());
    const auto& page = r.value();
    CHECK(page.count == std::optional<std::int64_t>(2));
    CHECK(page.next.is_null());
    CHECK(page.previous.is_null());
    CHECK_FALSE(page.has_next());
    REQUIRE(page.results.size() == 2);

    const auto& a = page.results[0];
    CHECK(a.didit_internal_id == std::optional<std::string>("f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418"));
    REQUIRE(a.vendor_data.has_value());
    CHECK(*a.vendor_data.get() == "user-abc-123");
    CHECK(a.display_name.is_null());
    CHECK(a.full_name.value() == "John Michael Doe");
    CHECK(a.date_of_birth.value() == "1990-05-15");
    CHECK(a.effective_name.value() == "John Michael Doe");
    REQUIRE(a.status.has_value());
    CHECK(*a.status == UserStatus::Active);
    CHECK(a.portrait_image_url.value() == "https://<media-host>/...");
    CHECK(a.session_count == std::optional<std::int64_t>(3));
    CHECK(a.approved_count == std::optional<std::int64_t>(2));
    CHECK(a.declined_count == std::optional<std::int64_t>(0));
    CHECK(a.in_review_count == std::optional<std::int64_t>(1));
    CHECK(a.issuing_states == std::optional<std::vector<std::string>>({"USA"}));
    CHECK(a.approved_emails == std::optional<std::vector<std::string>>({"john@example.com"}));
    CHECK(a.approved_phones == std::optional<std::vector<std::string>>({"+14155551234"}));
    REQUIRE(a.features.has_value());
    CHECK(a.features->size() == 4);
    CHECK(a.feature_status("LIVENESS") == didit::UserFeatureStatus::Approved);
    CHECK(a.features->at("LIVENESS") == "Approved");
    REQUIRE(a.features_list.has_value());
    REQUIRE(a.features_list->size() == 4);
    CHECK((*a.features_list)[0].feature == std::optional<std::string>("ID_VERIFICATION"));
    CHECK(*(*a.features_list)[3].status == didit::UserFeatureStatus::Approved);
    CHECK(a.last_session_at.value() == "2025-06-15T10:30:00Z");
    CHECK(a.first_session_at.value() == "2025-06-01T08:00:00Z");
    CHECK(a.last_activity_at.value() == "2025-06-15T10:30:00Z");
    REQUIRE(a.tags.has_value());
    REQUIRE(a.tags->size() == 1);
    // List rows carry tags flat.
    CHECK((*a.tags)[0].uuid == std::optional<std::string>("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
    CHECK((*a.tags)[0].name == std::optional<std::string>("VIP"));
    CHECK((*a.tags)[0].color == std::optional<std::string>("#2567FF"));
    CHECK_FALSE((*a.tags)[0].tag.has_value());
    CHECK(a.created_at == std::optional<std::string>("2025-06-01T08:00:00Z"));
    // List rows have no detail fields.
    CHECK(a.metadata.is_absent());
    CHECK_FALSE(a.comments.has_value());
    CHECK_FALSE(a.updated_at.has_value());
    CHECK(a.extra.is_null());

    const auto& b = page.results[1];
    CHECK(b.vendor_data.is_null());
    CHECK(b.display_name.value() == "Jane S.");
    CHECK(*b.status == UserStatus::Flagged);
    CHECK(b.portrait_image_url.is_null());
    CHECK(b.issuing_states == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
    CHECK(b.feature_status("ID_VERIFICATION") == didit::UserFeatureStatus::InReview);
    CHECK(b.tags->empty());
}

TEST_CASE("users: list decodes a bare array, and every user status of both sources") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"vendor_data":"a","status":"BLOCKED"},{"vendor_data":"b","status":"Approved"},)"
                      R"({"vendor_data":"c","status":"In Review"},{"vendor_data":"d","status":"Pending"},)"
                      R"({"vendor_data":"e","status":"Declined"},{"vendor_data":"f","status":"ARCHIVED"}])");
    auto r = t.client.users().list();
    REQUIRE(r.ok());
    CHECK_FALSE(r->count.has_value());
    CHECK(r->next.is_absent());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 6);
    CHECK(*r->results[0].status == UserStatus::Blocked);
    CHECK(*r->results[1].status == UserStatus::Approved);
    CHECK(*r->results[2].status == UserStatus::InReview);
    CHECK(*r->results[3].status == UserStatus::Pending);
    CHECK(*r->results[4].status == UserStatus::Declined);
    // A status neither source documents is kept, not an error.
    CHECK_FALSE(r->results[5].status->is_known());
    CHECK(r->results[5].status->str() == "ARCHIVED");
}

TEST_CASE("users: unknown fields, feature statuses and tag shapes are kept") {
    didit_test::MockClient t;
    t.mock.reply(200,
                 R"({"vendor_data":"u","features":{"NFC":"Not Finished","POA":"Resub Requested","X":"Weird","AML":3},)"
                 R"("tags":[{"uuid":"t","name":"n","color":"c","brand_new":1}],"risk_score":0.7})");
    auto r = t.client.users().get("u");
    REQUIRE(r.ok());
    CHECK(r->feature_status("NFC") == didit::UserFeatureStatus::NotFinished);
    CHECK(r->feature_status("POA") == didit::UserFeatureStatus::ResubRequested);
    CHECK(r->feature_status("X")->str() == "Weird");
    CHECK_FALSE(r->feature_status("LIVENESS").has_value());
    // The OpenAPI types the values as any JSON: a value of another type is kept, not an error.
    CHECK(r->features->at("AML") == 3);
    CHECK_FALSE(r->feature_status("AML").has_value());
    CHECK((*r->tags)[0].extra["brand_new"] == 1);
    CHECK(r->extra["risk_score"] == 0.7);
}

// ---- get ---------------------------------------------------------------------------------

TEST_CASE("users: get sends GET /v3/users/{vendor_data}/") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("user-get-1.json"));
    auto r = t.client.users().get("user-abc-123");
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/users/user-abc-123/");
    check_api_key_auth(req);
    check_no_body(req);
}

TEST_CASE("users: get decodes the detail shape (fixture user-get-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("user-get-1.json"));
    auto r = t.client.users().get("user-abc-123");
    REQUIRE(r.ok());
    const auto& u = r.value();
    CHECK(u.vendor_data.value() == "user-abc-123");
    CHECK(*u.status == UserStatus::Active);
    REQUIRE(u.metadata.has_value());
    CHECK(*u.metadata.get() == Json{{"tier", "premium"}, {"source", "website"}});
    CHECK(u.updated_at == std::optional<std::string>("2025-06-15T10:30:00Z"));

    // Detail replies carry tag links.
    REQUIRE(u.tags.has_value());
    REQUIRE(u.tags->size() == 1);
    const auto& link = (*u.tags)[0];
    CHECK(link.uuid == std::optional<std::string>("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
    CHECK_FALSE(link.name.has_value());
    REQUIRE(link.tag.has_value());
    CHECK(link.tag->uuid == std::optional<std::string>("e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b"));
    CHECK(link.tag->name == std::optional<std::string>("VIP"));
    CHECK(link.tag->description.is_null());
    CHECK(link.tag->source == std::optional<std::string>("custom"));
    CHECK(link.added_by_email.value() == "analyst@acme.com");
    CHECK(link.added_by_name.value() == "Jane Analyst");
    CHECK(link.created_at == std::optional<std::string>("2025-06-02T11:00:00Z"));

    REQUIRE(u.comments.has_value());
    REQUIRE(u.comments->size() == 1);
    const auto& c = (*u.comments)[0];
    CHECK(c.uuid == std::optional<std::string>("c1111111-2222-4333-8444-555555555555"));
    CHECK(*c.comment_type == didit::UserCommentType::StatusChanged);
    CHECK(c.comment.is_null());
    CHECK(c.actor_email.value() == "analyst@acme.com");
    REQUIRE(c.previous_status.has_value());
    CHECK(*c.previous_status.get() == UserStatus::Flagged);
    CHECK(*c.new_status.get() == UserStatus::Active);
    CHECK(c.previous_value.is_null());
    CHECK(c.new_value.is_null());
    CHECK(c.changed_fields == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
    CHECK(c.metadata.is_null());
    CHECK(c.created_at == std::optional<std::string>("2025-06-01T10:30:00Z"));
}

TEST_CASE("users: vendor_data is free-form: reserved characters stay in one encoded path segment") {
    didit_test::MockClient t;
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a/b?c#d", "a%2Fb%3Fc%23d"},
        {"user 42", "user%2042"},
        {"José ü 日本", "Jos%C3%A9%20%C3%BC%20%E6%97%A5%E6%9C%AC"},
        {"100%+&=;,", "100%25%2B%26%3D%3B%2C"},
        {"..", "%2E%2E"},
        {".", "%2E"},
        {"A-Z_a.z~0", "A-Z_a.z~0"},
        // Not a UUID route: upper case and non-UUID text are fine.
        {"11111111-2222-3333-4444-55555555555A", "11111111-2222-3333-4444-55555555555A"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.first);
        t.mock.reply(200, kUser).reply(200, kUser);
        REQUIRE(t.client.users().get(c.first).ok());
        auto got = *t.mock.last_request();
        CHECK(got.method == Method::Get);
        CHECK(got.url == kBase + "/v3/users/" + c.second + "/");
        CHECK(decoded_segment(got.url) == c.first);

        didit::UserUpdateRequest req;
        req.display_name = "x";
        REQUIRE(t.client.users().update(c.first, req).ok());
        auto patched = *t.mock.last_request();
        CHECK(patched.method == Method::Patch);
        CHECK(patched.url == kBase + "/v3/users/" + c.second + "/");
        CHECK(decoded_segment(patched.url) == c.first);
    }
}

TEST_CASE("users: an empty or non-UTF-8 vendor_data is refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kUser);
    auto a = t.client.users().get("");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("vendor_data") != std::string::npos);
    auto b = t.client.users().update(std::string("bad \xff id"), didit::UserUpdateRequest{});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().message.find("vendor_data") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("users: a 404 on get is NotFound with Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(404, didit_test::fixture("error-404-1.json"));
    auto r = t.client.users().get("nobody");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::NotFound);
    CHECK(r.error().message == "Not found.");
}

TEST_CASE("users: 401 without credentials and 403 with a bad key are distinct errors") {
    didit_test::MockClient t;
    t.mock.reply(401, didit_test::fixture("error-401-1.json")).reply(403, didit_test::fixture("error-403-1.json"));
    auto a = t.client.users().list();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Authentication);
    CHECK(a.error().message == "You must be authenticated with a valid access token to access this endpoint.");
    auto b = t.client.users().get("u");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::Permission);
    CHECK_FALSE(didit_test::leaks_secret(a.error().to_string()));
    CHECK_FALSE(didit_test::leaks_secret(b.error().to_string()));
}

// ---- update ------------------------------------------------------------------------------

TEST_CASE("users: update sends PATCH with exactly the set fields, null where set to null") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("user-update-response-1.json"));
    didit::UserUpdateRequest req;
    req.display_name = "Jane S.";
    req.date_of_birth = nullptr;
    req.status = UserStatus::Flagged;
    req.metadata = Json{{"tier", "premium"}, {"n", {1, 2}}};
    req.approved_emails = std::vector<std::string>{"john@example.com"};
    auto r = t.client.users().update("user-abc-123", req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/users/user-abc-123/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"approved_emails":["john@example.com"],"date_of_birth":null,"display_name":"Jane S.",)"
                       R"("metadata":{"n":[1,2],"tier":"premium"},"status":"FLAGGED"})");
}

TEST_CASE("users: update sends every field of OA's body") {
    didit_test::MockClient t;
    t.mock.reply(200, kUser);
    didit::UserUpdateRequest req;
    req.full_name = "Jane Elizabeth Smith";
    req.display_name = nullptr;
    req.date_of_birth = "1985-11-22";
    req.status = UserStatus::Blocked;
    req.metadata = Json::object();
    req.approved_emails = std::vector<std::string>{};
    req.approved_phones = std::vector<std::string>{"+14155551234"};
    req.issuing_states = std::vector<std::string>{"USA", "ESP"};
    REQUIRE(t.client.users().update("u", req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"approved_emails":[],"approved_phones":["+14155551234"],"date_of_birth":"1985-11-22",)"
          R"("display_name":null,"full_name":"Jane Elizabeth Smith","issuing_states":["USA","ESP"],)"
          R"("metadata":{},"status":"BLOCKED"})");
}

TEST_CASE("users: update metadata is any JSON value, sent as given") {
    didit_test::MockClient t;
    for (int i = 0; i < 6; ++i) t.mock.reply(200, kUser);
    const std::vector<std::pair<Json, std::string>> cases = {
        {Json("vip"), R"({"metadata":"vip"})"},
        {Json(42), R"({"metadata":42})"},
        {Json::array({1, "two", nullptr}), R"({"metadata":[1,"two",null]})"},
        {Json{{"nested", {{"deep", {true, 1.5}}}}, {"ü", "日本"}},
         "{\"metadata\":{\"nested\":{\"deep\":[true,1.5]},\"\xc3\xbc\":\"\xe6\x97\xa5\xe6\x9c\xac\"}}"},
    };
    for (const auto& c : cases) {
        didit::UserUpdateRequest req;
        req.metadata = c.first;
        REQUIRE(t.client.users().update("u", req).ok());
        CHECK(t.mock.last_request()->body == c.second);
    }
    // Null clears it; an empty request sends an empty object.
    didit::UserUpdateRequest clear;
    clear.metadata = nullptr;
    REQUIRE(t.client.users().update("u", clear).ok());
    CHECK(t.mock.last_request()->body == R"({"metadata":null})");
    REQUIRE(t.client.users().update("u", didit::UserUpdateRequest{}).ok());
    CHECK(t.mock.last_request()->body == "{}");
}

TEST_CASE("users: update sends the skill document's status values as documented") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"status":["\"Approved\" is not a valid choice."]})");
    didit::UserUpdateRequest req;
    req.status = UserStatus::Approved;
    auto r = t.client.users().update("u", req);
    CHECK(t.mock.last_request()->body == R"({"status":"Approved"})");
    // The real API refuses them; the field error says why.
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    REQUIRE(r.error().field_errors.size() == 1);
    CHECK(r.error().field_errors[0].field == "status");
}

TEST_CASE("users: update decodes the full record (fixture user-update-response-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("user-update-response-1.json"));
    didit::UserUpdateRequest req;
    req.display_name = "Jane S.";
    auto r = t.client.users().update("user-abc-123", req);
    REQUIRE(r.ok());
    CHECK(r->display_name.value() == "Jane S.");
    CHECK(r->effective_name.value() == "Jane S.");
    CHECK(*r->status == UserStatus::Flagged);
    CHECK(*r->metadata.get() == Json{{"tier", "premium"}});
    REQUIRE(r->comments.has_value());
    CHECK(r->comments->empty());
    CHECK(r->tags->at(0).tag->name == std::optional<std::string>("VIP"));
}

TEST_CASE("users: non-UTF-8 text in an update is InvalidArgument naming the field, nothing sent") {
    didit_test::MockClient t;
    t.mock.reply(200, kUser);
    didit::UserUpdateRequest a;
    a.metadata = Json{{"note", std::string("\xc3\x28")}};
    auto ra = t.client.users().update("u", a);
    REQUIRE_FALSE(ra.ok());
    CHECK(ra.error().kind == ErrorKind::InvalidArgument);
    CHECK(ra.error().not_sent);
    CHECK(ra.error().message.find("metadata.note") != std::string::npos);

    didit::UserUpdateRequest b;
    b.approved_phones = std::vector<std::string>{"+1", std::string("\xff")};
    auto rb = t.client.users().update("u", b);
    REQUIRE_FALSE(rb.ok());
    CHECK(rb.error().kind == ErrorKind::InvalidArgument);
    CHECK(rb.error().message.find("approved_phones[1]") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

// ---- batch delete ------------------------------------------------------------------------

TEST_CASE("users: remove_many sends POST /v3/users/delete/ with the selector set") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("users-delete-response-1.json"))
        .reply(200, R"({"deleted":0})")
        .reply(200, R"({"deleted":1})");
    didit::UsersDeleteRequest byVendor;
    byVendor.vendor_data_list = std::vector<std::string>{"user-123", "user-456", "José/ü"};
    auto r = t.client.users().remove_many(byVendor);
    REQUIRE(r.ok());
    CHECK(r->deleted == std::optional<std::int64_t>(2));
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/users/delete/");
    check_api_key_auth(sent);
    check_json_body(sent);
    // vendor_data in a body is plain JSON text, not percent-encoded.
    CHECK(sent.body == "{\"vendor_data_list\":[\"user-123\",\"user-456\",\"Jos\xc3\xa9/\xc3\xbc\"]}");

    didit::UsersDeleteRequest all;
    all.delete_all = true;
    auto r2 = t.client.users().remove_many(all);
    REQUIRE(r2.ok());
    CHECK(r2->deleted == std::optional<std::int64_t>(0));
    CHECK(t.mock.last_request()->body == R"({"delete_all":true})");

    didit::UsersDeleteRequest byId;
    byId.didit_internal_id_list = std::vector<std::string>{"f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418"};
    REQUIRE(t.client.users().remove_many(byId).ok());
    CHECK(t.mock.last_request()->body == R"({"didit_internal_id_list":["f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418"]})");
}

TEST_CASE("users: remove_many with no selector gets the API's bare-array 400 as the message") {
    didit_test::MockClient t;
    t.mock.reply(400, R"(["Provide vendor_data_list or set delete_all=true."])");
    auto r = t.client.users().remove_many(didit::UsersDeleteRequest{});
    CHECK(t.mock.last_request()->body == "{}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    CHECK(r.error().message == "Provide vendor_data_list or set delete_all=true.");
}

TEST_CASE("users: a non-UTF-8 vendor_data in a delete list is refused before sending") {
    didit_test::MockClient t;
    didit::UsersDeleteRequest req;
    req.vendor_data_list = std::vector<std::string>{"ok", std::string("\xe6\x97")};
    auto r = t.client.users().remove_many(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().message.find("vendor_data_list[1]") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

// ---- decode errors -----------------------------------------------------------------------

TEST_CASE("users: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":2,"results":[{"vendor_data":"a"},{"vendor_data":"b","session_count":"3"}]})")
        .reply(200, R"({"vendor_data":"u","tags":[{"uuid":"t","tag":"VIP"}]})")
        .reply(200, R"({"vendor_data":"u","comments":[{"uuid":"c","changed_fields":"status"}]})")
        .reply(200, R"({"deleted":"2"})");
    auto a = t.client.users().list();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().status == 200);
    CHECK(a.error().message.find("results[1].session_count: expected integer, got string") != std::string::npos);
    CHECK(a.error().message.find("UsersList") != std::string::npos);
    auto b = t.client.users().get("u");
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message.find("tags[0].tag: expected object, got string") != std::string::npos);
    auto c = t.client.users().get("u");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("comments[0].changed_fields: expected array, got string") != std::string::npos);
    auto d = t.client.users().remove_many(didit::UsersDeleteRequest{});
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::Decode);
    CHECK(d.error().message.find("deleted: expected integer, got string") != std::string::npos);
}

// ---- auto-paging -------------------------------------------------------------------------

TEST_CASE("users: list_all walks pages until next is null, not until count") {
    didit_test::MockClient t;
    // The API caps `count` at 100: it says nothing about how many pages remain.
    t.mock
        .reply(200, R"({"count":100,"next":"https://verification.didit.me/v3/users/?limit=2&offset=2&status=ACTIVE",)"
                    R"("previous":null,"results":[{"vendor_data":"u1"},{"vendor_data":"u2"}]})")
        .reply(200, R"({"count":100,"next":null,"previous":"https://verification.didit.me/v3/users/?limit=2",)"
                    R"("results":[{"vendor_data":"u3"}]})");
    didit::UsersListQuery q;
    q.status = UserStatus::Active;
    q.limit = 2;
    std::vector<std::string> seen;
    auto all = t.client.users().list_all(q);
    for (auto& u : all) {
        REQUIRE(u.ok());
        seen.push_back(u->vendor_data.value());
    }
    CHECK(seen == std::vector<std::string>{"u1", "u2", "u3"});
    CHECK(all.pages_fetched() == 2);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].url == kBase + "/v3/users/?limit=2&status=ACTIVE");
    CHECK(reqs[1].url == kBase + "/v3/users/?limit=2&offset=2&status=ACTIVE");
    for (const auto& r : reqs) {
        CHECK(r.method == Method::Get);
        check_api_key_auth(r);
    }
}

TEST_CASE("users: list_all surfaces an error on page 2 as its last element") {
    didit_test::MockClient t;
    t.mock
        .reply(
            200,
            R"({"count":3,"next":"https://verification.didit.me/v3/users/?offset=1","results":[{"vendor_data":"u1"}]})")
        .reply(429, didit_test::fixture("error-429-1.json"), {{"Retry-After", "30"}});
    std::vector<std::string> seen;
    std::vector<didit::Error> errors;
    for (auto& u : t.client.users().list_all()) {
        if (u.ok())
            seen.push_back(u->vendor_data.value());
        else
            errors.push_back(u.error());
    }
    CHECK(seen == std::vector<std::string>{"u1"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].kind == ErrorKind::RateLimited);
    CHECK(t.mock.requests()[1].url == kBase + "/v3/users/?offset=1");
}

// ---- create, update-status, face upload ---------------------------------------------------

namespace {

/// The response example `name` of `method path` -> `status` in Didit's OpenAPI, as JSON text.
std::string spec_example(const std::string& path, const std::string& method, const std::string& status,
                         const std::string& name) {
    static const Json spec = didit_test::parse(didit_test::fixture("didit-openapi-2026-07.json"));
    const Json& ex = spec["paths"][path][method]["responses"][status]["content"]["application/json"]["examples"];
    REQUIRE(ex.contains(name));
    return ex[name]["value"].dump();
}

const std::string kOrg = "11111111-2222-3333-4444-555555555555";
const std::string kApp = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const std::string kUserId = "f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418";
const std::string kFacePath =
    "/v3/organization/" + kOrg + "/application/" + kApp + "/vendor-users/by-id/" + kUserId + "/faces/upload/";

}  // namespace

TEST_CASE("users: create sends POST /v3/users/create/ with exactly the set fields") {
    didit_test::MockClient t;
    t.mock.reply(201, spec_example("/v3/users/create/", "post", "201", "Created")).reply(201, kUser);
    didit::UserCreateRequest req;
    req.vendor_data = "user-abc-123";
    req.full_name = "John Doe";
    auto r = t.client.users().create(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/users/create/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"full_name":"John Doe","vendor_data":"user-abc-123"})");

    // Every field of the OpenAPI's body, nulls where set to null.
    didit::UserCreateRequest full;
    full.vendor_data = "José/ü 1";
    full.full_name = "Jane Smith";
    full.display_name = nullptr;
    full.date_of_birth = "1990-05-15";
    full.status = didit::LifecycleStatus::Flagged;
    full.metadata = Json{{"tier", "premium"}, {"source", "api"}};
    full.approved_emails = std::vector<std::string>{"jane@example.com"};
    full.approved_phones = std::vector<std::string>{};
    full.issuing_states = std::vector<std::string>{"USA"};
    REQUIRE(t.client.users().create(full).ok());
    CHECK(t.mock.last_request()->body ==
          "{\"approved_emails\":[\"jane@example.com\"],\"approved_phones\":[],\"date_of_birth\":\"1990-05-15\","
          "\"display_name\":null,\"full_name\":\"Jane Smith\",\"issuing_states\":[\"USA\"],"
          "\"metadata\":{\"source\":\"api\",\"tier\":\"premium\"},\"status\":\"FLAGGED\","
          "\"vendor_data\":\"Jos\xc3\xa9/\xc3\xbc 1\"}");
}

TEST_CASE("users: create decodes the OpenAPI's 201 example") {
    didit_test::MockClient t;
    t.mock.reply(201, spec_example("/v3/users/create/", "post", "201", "Created"));
    didit::UserCreateRequest req;
    req.vendor_data = "user-abc-123";
    auto r = t.client.users().create(req);
    REQUIRE(r.ok());
    CHECK(r->didit_internal_id == std::optional<std::string>(kUserId));
    CHECK(r->vendor_data.value() == "user-abc-123");
    CHECK(r->display_name.is_null());
    CHECK(r->date_of_birth.is_null());
    CHECK(r->effective_name.value() == "John Doe");
    CHECK(*r->status == UserStatus::Active);
    CHECK(*r->metadata.get() == Json::object());
    CHECK(r->portrait_image_url.is_null());
    CHECK(r->session_count == std::optional<std::int64_t>(0));
    CHECK(r->features->empty());
    CHECK(r->features_list->empty());
    CHECK(r->last_session_at.is_null());
    CHECK(r->last_activity_at.value() == "2025-06-15T10:30:00Z");
    CHECK(r->comments->empty());
    CHECK(r->updated_at == std::optional<std::string>("2025-06-15T10:30:00Z"));
    CHECK(r->extra.is_null());
}

TEST_CASE("users: create is never retried: a 503 stays an error after one attempt") {
    didit::MockTransport mock;
    auto o = didit_test::test_options();
    o.retry.max_retries = 3;
    didit::Client<didit::MockTransport> client{o, mock};
    mock.reply(503, "").reply(201, kUser);
    didit::UserCreateRequest req;
    req.vendor_data = "u";
    auto r = client.users().create(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::OutcomeUnknown);
    CHECK(mock.request_count() == 1);
    CHECK(mock.pending() == 1);
    CHECK_FALSE(didit::endpoints::UsersCreate::retry_safe);
    CHECK_FALSE(didit::endpoints::UsersUpdateStatus::retry_safe);
    CHECK_FALSE(didit::endpoints::UsersUploadFace::retry_safe);
}

TEST_CASE("users: create refuses a status outside ACTIVE/FLAGGED/BLOCKED and non-UTF-8 text, nothing sent") {
    didit_test::MockClient t;
    t.mock.reply(201, kUser);
    didit::UserCreateRequest a;
    a.vendor_data = "u";
    a.status = didit::LifecycleStatus("Approved");  // a session status, not a user status
    auto ra = t.client.users().create(a);
    REQUIRE_FALSE(ra.ok());
    CHECK(ra.error().kind == ErrorKind::InvalidArgument);
    CHECK(ra.error().not_sent);
    CHECK(
        ra.error().message.find("status: \"Approved\" is not accepted here; the values are ACTIVE, FLAGGED, BLOCKED") !=
        std::string::npos);

    didit::UserCreateRequest b;
    b.vendor_data = std::string("bad \xff");
    auto rb = t.client.users().create(b);
    REQUIRE_FALSE(rb.ok());
    CHECK(rb.error().kind == ErrorKind::InvalidArgument);
    CHECK(rb.error().message.find("vendor_data") != std::string::npos);

    didit::UserCreateRequest c;
    c.vendor_data = "u";
    c.issuing_states = std::vector<std::string>{"USA", std::string("\xc3")};
    auto rc = t.client.users().create(c);
    REQUIRE_FALSE(rc.ok());
    CHECK(rc.error().message.find("issuing_states[1]") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("users: create's duplicate vendor_data 400 names the field") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"vendor_data":["A user with this vendor_data already exists."]})");
    didit::UserCreateRequest req;
    req.vendor_data = "user-abc-123";
    auto r = t.client.users().create(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    REQUIRE(r.error().field_errors.size() == 1);
    CHECK(r.error().field_errors[0].field == "vendor_data");
}

TEST_CASE("users: update_status sends PATCH .../update-status/ with only the status") {
    didit_test::MockClient t;
    t.mock.reply(200, spec_example("/v3/users/{vendor_data}/update-status/", "patch", "200", "Blocked"))
        .reply(200, kUser);
    auto r = t.client.users().update_status("user-abc-123", didit::LifecycleStatus::Blocked);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/users/user-abc-123/update-status/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"status":"BLOCKED"})");
    // The OpenAPI's 200 example: the full record with the STATUS_CHANGED entry.
    CHECK(*r->status == UserStatus::Blocked);
    REQUIRE(r->comments.has_value());
    REQUIRE(r->comments->size() == 1);
    const auto& c = (*r->comments)[0];
    CHECK(*c.comment_type == didit::UserCommentType::StatusChanged);
    CHECK(*c.previous_status.get() == UserStatus::Active);
    CHECK(*c.new_status.get() == UserStatus::Blocked);
    CHECK(c.actor_email.is_null());
    CHECK(r->tags->at(0).tag->name == std::optional<std::string>("VIP"));

    didit::UserStatusUpdateRequest req;
    req.status = didit::LifecycleStatus::Active;
    REQUIRE(t.client.users().update_status("a/b c", req).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/users/a%2Fb%20c/update-status/");
    CHECK(decoded_segment(t.mock.last_request()->url.substr(
              0, t.mock.last_request()->url.size() - std::string("update-status/").size())) == "a/b c");
    CHECK(t.mock.last_request()->body == R"({"status":"ACTIVE"})");
}

TEST_CASE("users: update_status without a status, or with an unknown one, is refused before sending") {
    didit_test::MockClient t;
    t.mock.reply(200, kUser);
    auto a = t.client.users().update_status("u", didit::UserStatusUpdateRequest{});
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("status") != std::string::npos);
    auto b = t.client.users().update_status("u", didit::LifecycleStatus("In Review"));
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    auto c = t.client.users().update_status("", didit::LifecycleStatus::Active);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(c.error().message.find("vendor_data") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("users: update_status keeps a status the SDK does not know in the reply") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"vendor_data":"u","status":"ARCHIVED","comments":[{"comment_type":"NEW_KIND",)"
                      R"("previous_status":"ACTIVE","new_status":"ARCHIVED"}]})");
    auto r = t.client.users().update_status("u", didit::LifecycleStatus::Flagged);
    REQUIRE(r.ok());
    CHECK(r->status->str() == "ARCHIVED");
    CHECK_FALSE(r->status->is_known());
    CHECK((*r->comments)[0].comment_type->str() == "NEW_KIND");
    CHECK(r->comments->at(0).new_status.get()->str() == "ARCHIVED");
}

TEST_CASE("users: upload_face sends POST to the face upload path with the JSON body") {
    didit_test::MockClient t;
    t.mock
        .reply(201, spec_example("/v3/organization/{organization_id}/application/{application_id}/vendor-users/"
                                 "by-id/{didit_internal_id}/faces/upload/",
                                 "post", "201", "Uploaded"))
        .reply(201, R"({"uuid":"x","image_url":null,"comment":null,"uploaded_by":null,"created_at":"t","new":1})");
    didit::UserFaceUploadRequest req;
    req.image = "/9j/4AAQSkZJRgABAQEA...";
    req.comment = "Imported from previous KYC provider";
    auto r = t.client.users().upload_face(kOrg, kApp, kUserId, req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + kFacePath);
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"comment":"Imported from previous KYC provider","image":"/9j/4AAQSkZJRgABAQEA..."})");
    CHECK(r->uuid == std::optional<std::string>("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"));
    CHECK(r->image_url.value() == "https://signed-url.example/face.jpg");
    CHECK(r->comment.value() == "Imported from previous KYC provider");
    CHECK(r->uploaded_by.value() == "api");
    CHECK(r->created_at == std::optional<std::string>("2026-05-18T12:00:00Z"));

    // Nullable members decode as null; unknown ones are kept; the comment is optional.
    didit::UserFaceUploadRequest bare;
    bare.image = "iVBORw0KGgo=";
    auto r2 = t.client.users().upload_face(kOrg, kApp, kUserId, bare);
    REQUIRE(r2.ok());
    CHECK(t.mock.last_request()->body == R"({"image":"iVBORw0KGgo="})");
    CHECK(r2->image_url.is_null());
    CHECK(r2->comment.is_null());
    CHECK(r2->uploaded_by.is_null());
    CHECK(r2->extra["new"] == 1);
}

TEST_CASE("users: upload_face checks its three path ids are canonical UUIDs before sending") {
    didit_test::MockClient t;
    t.mock.reply(201, R"({"uuid":"x"})");
    didit::UserFaceUploadRequest req;
    req.image = "iVBORw0KGgo=";
    const std::vector<std::string> bad = {"",
                                          "not-a-uuid",
                                          "F4E5E1F2-94A9-4F86-8C16-2B7D9B4DB418",
                                          "f4e5e1f2-94a9-4f86-8c16-2b7d9b4db41",
                                          "f4e5e1f2-94a9-4f86-8c16-2b7d9b4db418/..",
                                          "f4e5e1f294a94f868c162b7d9b4db418"};
    for (const auto& id : bad) {
        CAPTURE(id);
        for (int which = 0; which < 3; ++which) {
            auto r = t.client.users().upload_face(which == 0 ? id : kOrg, which == 1 ? id : kApp,
                                                  which == 2 ? id : kUserId, req);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::InvalidArgument);
            CHECK(r.error().not_sent);
            const char* name = which == 0 ? "organization_id" : which == 1 ? "application_id" : "didit_internal_id";
            CHECK(r.error().message.find(name) != std::string::npos);
        }
    }
    CHECK(t.mock.request_count() == 0);
    // A non-UTF-8 comment is refused too.
    didit::UserFaceUploadRequest c;
    c.image = "iVBORw0KGgo=";
    c.comment = std::string("\xff");
    auto rc = t.client.users().upload_face(kOrg, kApp, kUserId, c);
    REQUIRE_FALSE(rc.ok());
    CHECK(rc.error().kind == ErrorKind::InvalidArgument);
    CHECK(rc.error().message.find("comment") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("users: upload_face's 400 shapes become BadRequest errors with Didit's text") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"image":"No face detected in the image. Please upload a clear photo with a visible face."})")
        .reply(400, R"({"detail":"Maximum of 5 faces per user reached."})");
    didit::UserFaceUploadRequest req;
    req.image = "iVBORw0KGgo=";
    auto a = t.client.users().upload_face(kOrg, kApp, kUserId, req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::BadRequest);
    REQUIRE(a.error().field_errors.size() == 1);
    CHECK(a.error().field_errors[0].field == "image");
    auto b = t.client.users().upload_face(kOrg, kApp, kUserId, req);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message == "Maximum of 5 faces per user reached.");
}

TEST_CASE("users: the new routes work through the async view") {
    didit_test::MockClient t;
    t.mock.reply(201, kUser).reply(200, kUser);
    didit::UserCreateRequest req;
    req.vendor_data = "v";
    auto a = t.client.async().users().create(req).get();
    REQUIRE(a.ok());
    CHECK(a->vendor_data.value() == "v");
    auto b = t.client.async().users().update_status("v", didit::LifecycleStatus::Flagged).get();
    REQUIRE(b.ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/users/v/update-status/");
}
