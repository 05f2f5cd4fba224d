// SPDX-License-Identifier: MIT
// Blocklist routes: wire format of add/remove/list, decoding of the (truncated) real list, paging.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using didit::BlocklistItemType;
using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::Method;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;
using didit_test::check_no_body;
using didit_test::kApiKey;

const std::string kBase = "https://verification.didit.me";
const std::string kSession = "33333333-4444-5555-6666-777777777777";

}  // namespace

// ---- add / remove ------------------------------------------------------------------------

TEST_CASE("blocklist: add sends POST /v3/blocklist/add/ with exactly the set flags") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("blocklist-add-response-1.json"));
    didit::BlocklistAddRequest req;
    req.session_id = kSession;
    req.blocklist_face = true;
    req.blocklist_document = true;
    auto r = t.client.blocklist().add(req);
    REQUIRE(r.ok());
    CHECK(r->message == std::optional<std::string>("Successfully updated blocklist."));
    CHECK(r->extra.is_null());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/blocklist/add/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body ==
          R"({"blocklist_document":true,"blocklist_face":true,"session_id":"33333333-4444-5555-6666-777777777777"})");
}

TEST_CASE("blocklist: add sends all four flags, false ones too, when set") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("blocklist-add-response-1.json"));
    didit::BlocklistAddRequest req;
    req.session_id = kSession;
    req.blocklist_face = false;
    req.blocklist_document = false;
    req.blocklist_phone = true;
    req.blocklist_email = true;
    REQUIRE(t.client.blocklist().add(req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"blocklist_document":false,"blocklist_email":true,"blocklist_face":false,"blocklist_phone":true,)"
          R"("session_id":"33333333-4444-5555-6666-777777777777"})");
}

TEST_CASE("blocklist: remove sends POST /v3/blocklist/remove/ with the unblock_* flags") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"message":"Successfully updated blocklist."})");
    didit::BlocklistRemoveRequest req;
    req.session_id = kSession;
    req.unblock_face = true;
    req.unblock_document = false;
    req.unblock_phone = true;
    req.unblock_email = true;
    auto r = t.client.blocklist().remove(req);
    REQUIRE(r.ok());
    CHECK(r->message == std::optional<std::string>("Successfully updated blocklist."));
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/blocklist/remove/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"session_id":"33333333-4444-5555-6666-777777777777","unblock_document":false,)"
                       R"("unblock_email":true,"unblock_face":true,"unblock_phone":true})");
}

TEST_CASE("blocklist: add and remove send nothing unset, and extra keys as given") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"session_id":["This field is required."]})").reply(200, R"({"message":"ok","n":1})");
    auto a = t.client.blocklist().add(didit::BlocklistAddRequest{});
    CHECK(t.mock.last_request()->body == "{}");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::BadRequest);
    REQUIRE(a.error().field_errors.size() == 1);
    CHECK(a.error().field_errors[0].field == "session_id");

    didit::BlocklistRemoveRequest req;
    req.session_id = kSession;
    req.extra = Json{{"unblock_ip", true}};
    auto b = t.client.blocklist().remove(req);
    REQUIRE(b.ok());
    CHECK(b->extra["n"] == 1);
    CHECK(t.mock.last_request()->body == R"({"session_id":"33333333-4444-5555-6666-777777777777","unblock_ip":true})");
}

TEST_CASE("blocklist: add replies with an empty or other body still succeed") {
    didit_test::MockClient t;
    t.mock.reply(200, "{}").reply(200, R"({"message":"Successfully updated blocklist.","added":["face"]})");
    didit::BlocklistAddRequest req;
    req.session_id = kSession;
    req.blocklist_email = true;
    auto a = t.client.blocklist().add(req);
    REQUIRE(a.ok());
    CHECK_FALSE(a->message.has_value());
    auto b = t.client.blocklist().add(req);
    REQUIRE(b.ok());
    CHECK(b->extra["added"] == Json::array({"face"}));
}

TEST_CASE("blocklist: invalid UTF-8 in a body is InvalidArgument and nothing is sent") {
    didit_test::MockClient t;
    t.mock.reply(200, "{}");
    didit::BlocklistAddRequest req;
    req.session_id = std::string("33333333\xff");
    req.blocklist_face = true;
    auto r = t.client.blocklist().add(req);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::InvalidArgument);
    CHECK(r.error().not_sent);
    CHECK(r.error().message.find("session_id") != std::string::npos);
    CHECK(r.error().message.find("BlocklistAdd") != std::string::npos);

    didit::BlocklistRemoveRequest rm;
    rm.session_id = kSession;
    rm.extra = Json{{"note", std::string("\xc3\x28")}};
    auto r2 = t.client.blocklist().remove(rm);
    REQUIRE_FALSE(r2.ok());
    CHECK(r2.error().kind == ErrorKind::InvalidArgument);
    CHECK(r2.error().message.find("note") != std::string::npos);
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

// ---- list --------------------------------------------------------------------------------

TEST_CASE("blocklist: list sends GET /v3/blocklist/, with item_type when set") {
    didit_test::MockClient t;
    for (int i = 0; i < 6; ++i) t.mock.reply(200, didit_test::fixture("blocklist-list-1.json"));
    REQUIRE(t.client.blocklist().list().ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/blocklist/");
    check_api_key_auth(req);
    check_no_body(req);

    const std::vector<std::pair<BlocklistItemType, std::string>> types = {
        {BlocklistItemType::Face, "face"},
        {BlocklistItemType::Document, "document"},
        {BlocklistItemType::Phone, "phone"},
        {BlocklistItemType::Email, "email"},
    };
    for (const auto& ty : types) {
        didit::BlocklistListQuery q;
        q.item_type = ty.first;
        REQUIRE(t.client.blocklist().list(q).ok());
        auto got = *t.mock.last_request();
        CHECK(got.method == Method::Get);
        CHECK(got.url == kBase + "/v3/blocklist/?item_type=" + ty.second);
        check_api_key_auth(got);
        check_no_body(got);
    }

    didit::BlocklistListQuery paged;
    paged.item_type = BlocklistItemType::Document;
    paged.limit = 10;
    paged.offset = 20;
    REQUIRE(t.client.blocklist().list(paged).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/blocklist/?item_type=document&limit=10&offset=20");
}

TEST_CASE("blocklist: an item_type the SDK does not know is sent encoded") {
    didit_test::MockClient t;
    t.mock.reply(200, "[]");
    didit::BlocklistListQuery q;
    q.item_type = BlocklistItemType(std::string_view("ip address"));
    REQUIRE(t.client.blocklist().list(q).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/blocklist/?item_type=ip%20address");
}

TEST_CASE("blocklist: list decodes the real, truncated page (fixture blocklist-list-1)") {
    // The source page was cut off after `session_number`: count says 2, one partial row.
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("blocklist-list-1.json"));
    auto r = t.client.blocklist().list();
    REQUIRE(r.ok());
    CHECK(r->count == std::optional<std::int64_t>(2));
    CHECK(r->next.is_null());
    CHECK(r->previous.is_null());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    const auto& it = r->results[0];
    REQUIRE(it.type.has_value());
    CHECK(*it.type == BlocklistItemType::Document);
    CHECK(it.session_id == std::optional<std::string>(kSession));
    CHECK(it.session_number == std::optional<std::int64_t>(1042));
    // Fields the truncated row does not have stay absent (not null).
    CHECK_FALSE(it.blocklisted_at.has_value());
    CHECK(it.face_image.is_absent());
    CHECK(it.document_type.is_absent());
    CHECK(it.document_number.is_absent());
    CHECK(it.phone_number.is_absent());
    CHECK(it.email.is_absent());
    CHECK(it.extra.is_null());
}

TEST_CASE("blocklist: list decodes full rows of every kind, with null for what does not apply") {
    didit_test::MockClient t;
    t.mock.reply(
        200,
        R"({"count":4,"next":null,"previous":null,"results":[)"
        R"({"type":"face","session_id":"a","session_number":1,"blocklisted_at":"2026-05-01T10:00:00.123456Z",)"
        R"("face_image":"https://media/face.jpg","document_type":null,"document_number":null,"phone_number":null,"email":null},)"
        R"({"type":"document","session_id":"b","session_number":2,"blocklisted_at":"2026-04-01T10:00:00Z",)"
        R"("face_image":null,"document_type":"P","document_number":"X1234567","phone_number":null,"email":null},)"
        R"({"type":"phone","session_id":"c","session_number":3,"phone_number":"+14155551234","email":null},)"
        R"({"type":"email","session_id":"d","session_number":4,"email":"a@b.c","list_uuid":"l-1"}]})");
    auto r = t.client.blocklist().list();
    REQUIRE(r.ok());
    REQUIRE(r->results.size() == 4);
    const auto& face = r->results[0];
    CHECK(*face.type == BlocklistItemType::Face);
    CHECK(face.blocklisted_at == std::optional<std::string>("2026-05-01T10:00:00.123456Z"));
    CHECK(face.face_image.value() == "https://media/face.jpg");
    CHECK(face.document_type.is_null());
    CHECK(face.email.is_null());
    const auto& doc = r->results[1];
    CHECK(*doc.type == BlocklistItemType::Document);
    CHECK(doc.document_type.value() == "P");
    CHECK(doc.document_number.value() == "X1234567");
    CHECK(doc.face_image.is_null());
    CHECK(*r->results[2].type == BlocklistItemType::Phone);
    CHECK(r->results[2].phone_number.value() == "+14155551234");
    CHECK(*r->results[3].type == BlocklistItemType::Email);
    CHECK(r->results[3].email.value() == "a@b.c");
    CHECK(r->results[3].extra["list_uuid"] == "l-1");
}

TEST_CASE("blocklist: list decodes a bare array and an unknown item type") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"type":"device","session_id":"x","session_number":9}])");
    auto r = t.client.blocklist().list();
    REQUIRE(r.ok());
    CHECK_FALSE(r->count.has_value());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    CHECK_FALSE(r->results[0].type->is_known());
    CHECK(r->results[0].type->str() == "device");
}

TEST_CASE("blocklist: a type mismatch in a list reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":2,"results":[{"type":"face"},{"type":"face","session_number":"12"}]})")
        .reply(200, R"({"count":1,"results":[{"type":3}]})")
        .reply(200, R"({"message":["Successfully updated blocklist."]})");
    auto a = t.client.blocklist().list();
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().status == 200);
    CHECK(a.error().message.find("results[1].session_number: expected integer, got string") != std::string::npos);
    CHECK(a.error().message.find("BlocklistList") != std::string::npos);
    auto b = t.client.blocklist().list();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message.find("results[0].type: expected string, got integer") != std::string::npos);
    didit::BlocklistAddRequest req;
    req.session_id = kSession;
    auto c = t.client.blocklist().add(req);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().message.find("message: expected string, got array") != std::string::npos);
}

TEST_CASE("blocklist: permission errors carry Didit's message and never the key") {
    didit_test::MockClient t;
    t.mock.reply(403, didit_test::fixture("error-403-2.json"));
    auto r = t.client.blocklist().list();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Permission);
    CHECK_FALSE(r.error().message.empty());
    CHECK_FALSE(didit_test::leaks_secret(r.error().to_string()));
}

// ---- auto-paging -------------------------------------------------------------------------

TEST_CASE("blocklist: list_all walks two pages with the same filter and stops on next == null") {
    didit_test::MockClient t;
    t.mock
        .reply(200,
               R"({"count":3,"next":"https://verification.didit.me/v3/blocklist/?item_type=face&limit=2&offset=2",)"
               R"("previous":null,"results":[{"type":"face","session_number":1},{"type":"face","session_number":2}]})")
        .reply(
            200,
            R"({"count":3,"next":null,"previous":"https://verification.didit.me/v3/blocklist/?item_type=face&limit=2",)"
            R"("results":[{"type":"face","session_number":3}]})");
    didit::BlocklistListQuery q;
    q.item_type = BlocklistItemType::Face;
    q.limit = 2;
    std::vector<std::int64_t> seen;
    auto all = t.client.blocklist().list_all(q);
    for (auto& item : all) {
        REQUIRE(item.ok());
        seen.push_back(item->session_number.value_or(-1));
    }
    CHECK(seen == std::vector<std::int64_t>{1, 2, 3});
    CHECK(all.pages_fetched() == 2);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].url == kBase + "/v3/blocklist/?item_type=face&limit=2");
    CHECK(reqs[1].url == kBase + "/v3/blocklist/?item_type=face&limit=2&offset=2");
    for (const auto& r : reqs) {
        CHECK(r.method == Method::Get);
        check_api_key_auth(r);
        check_no_body(r);
    }
}

TEST_CASE("blocklist: list_all yields a page-2 error as its last element") {
    didit_test::MockClient t;
    t.mock
        .reply(
            200,
            R"({"count":2,"next":"https://verification.didit.me/v3/blocklist/?offset=1","results":[{"type":"email"}]})")
        .reply(403, didit_test::fixture("error-403-1.json"));
    std::size_t ok = 0;
    std::vector<ErrorKind> errors;
    for (auto& item : t.client.blocklist().list_all()) {
        if (item.ok())
            ++ok;
        else
            errors.push_back(item.error().kind);
    }
    CHECK(ok == 1);
    CHECK(errors == std::vector<ErrorKind>{ErrorKind::Permission});
}
