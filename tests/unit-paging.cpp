// SPDX-License-Identifier: MIT
// Auto-paging: lazy page fetches, `next`-driven stops and offsets, page errors as elements, bare arrays.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Json;
using didit::Method;

const std::string kSessions = "https://verification.didit.me/v3/sessions/";

/// A page of `ids` with the given `count` and `next` (JSON text: a quoted URL or null).
std::string page(const std::vector<std::string>& ids, int count, const std::string& next) {
    std::string rows;
    for (const auto& id : ids) {
        if (!rows.empty()) rows += ',';
        rows += R"({"session_id":")" + id + R"(","session_kind":"user","status":"Approved"})";
    }
    return R"({"count":)" + std::to_string(count) + R"(,"next":)" + next + R"(,"previous":null,"results":[)" + rows +
           "]}";
}

std::string next_url(const std::string& query) { return "\"" + kSessions + "?" + query + "\""; }

}  // namespace

TEST_CASE("paging: list_all walks 3 pages lazily, one request per page, and stops on next == null") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"s1", "s2", "s3"}, 7, next_url("limit=3&offset=3&status=Approved")))
        .reply(200, page({"s4", "s5", "s6"}, 7, next_url("limit=3&offset=6&status=Approved")))
        .reply(200, page({"s7"}, 7, "null"));
    didit::SessionsListQuery q;
    q.limit = 3;
    q.status = std::vector<didit::SessionStatus>{didit::SessionStatus::Approved};

    auto range = t.client.sessions().list_all(q);
    CHECK(t.mock.request_count() == 0);  // nothing is fetched before iterating
    CHECK(range.pages_fetched() == 0);

    std::vector<std::string> seen;
    std::vector<std::size_t> requests_at;
    for (auto it = range.begin(); it != range.end(); ++it) {
        REQUIRE(it->ok());
        seen.push_back((*it)->session_id);
        requests_at.push_back(t.mock.request_count());
    }
    CHECK(seen == std::vector<std::string>{"s1", "s2", "s3", "s4", "s5", "s6", "s7"});
    // Page 2 is requested only when item 4 is needed, page 3 only for item 7.
    CHECK(requests_at == std::vector<std::size_t>{1, 1, 1, 2, 2, 2, 3});
    CHECK(range.pages_fetched() == 3);

    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[0].url == kSessions + "?limit=3&status=Approved");
    CHECK(reqs[1].url == kSessions + "?limit=3&offset=3&status=Approved");
    CHECK(reqs[2].url == kSessions + "?limit=3&offset=6&status=Approved");
    for (const auto& r : reqs) {
        CHECK(r.method == Method::Get);
        CHECK(r.headers.get("x-api-key") == didit_test::kApiKey);
    }
    CHECK(t.mock.pending() == 0);
}

TEST_CASE("paging: the next offset is the one in `next`, not results.size()") {
    didit_test::MockClient t;
    // session_kind=all pages hold KYC then KYB rows: the server's offset is what counts.
    t.mock.reply(200, page({"a", "b", "c", "d"}, 9, next_url("limit=2&offset=2&session_kind=all")))
        .reply(200, page({"e"}, 9, next_url("limit=2&offset=17&session_kind=all")))
        .reply(200, page({"f"}, 9, "null"));
    didit::SessionsListQuery q;
    q.limit = 2;
    q.session_kind = didit::SessionListKind::All;
    std::vector<std::string> seen;
    for (auto& s : t.client.sessions().list_all(q)) {
        REQUIRE(s.ok());
        seen.push_back(s->session_id);
    }
    CHECK(seen == std::vector<std::string>{"a", "b", "c", "d", "e", "f"});
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[1].url == kSessions + "?limit=2&offset=2&session_kind=all");
    CHECK(reqs[2].url == kSessions + "?limit=2&offset=17&session_kind=all");
}

TEST_CASE("paging: paging stops on next == null even when count says there is more") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"s1", "s2"}, 100, "null"));  // KYB counts are capped at 100
    std::size_t n = 0;
    for (auto& s : t.client.sessions().list_all()) {
        REQUIRE(s.ok());
        ++n;
    }
    CHECK(n == 2);
    CHECK(t.mock.request_count() == 1);
}

TEST_CASE("paging: an error on page 2 is yielded as an error element, then the range ends") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"s1", "s2"}, 6, next_url("limit=2&offset=2")))
        .reply(403, R"({"detail":"You do not have permission to perform this action."})")
        .reply(200, page({"never"}, 6, "null"));
    didit::SessionsListQuery q;
    q.limit = 2;
    auto range = t.client.sessions().list_all(q);
    std::vector<std::string> ok_ids;
    std::vector<didit::Error> errors;
    for (auto& s : range) {
        if (s.ok())
            ok_ids.push_back(s->session_id);
        else
            errors.push_back(s.error());
    }
    CHECK(ok_ids == std::vector<std::string>{"s1", "s2"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].kind == ErrorKind::Permission);
    CHECK(errors[0].status == 403);
    CHECK(errors[0].message.find("permission") != std::string::npos);
    CHECK(t.mock.request_count() == 2);
    CHECK(t.mock.pending() == 1);  // no page after the error
    CHECK(range.pages_fetched() == 2);
    // The range stays ended.
    CHECK(range.begin() == range.end());
    CHECK(t.mock.request_count() == 2);
}

TEST_CASE("paging: a transport failure and a reply of the wrong shape are error elements too") {
    didit_test::MockClient t;
    didit::CallOptions once;
    once.max_retries = 0;
    t.mock.reply(200, page({"s1"}, 3, next_url("offset=1"))).fail(didit::make_error(ErrorKind::Transport, "reset"));
    std::vector<bool> oks;
    for (auto& s : t.client.sessions().list_all({}, once)) oks.push_back(s.ok());
    CHECK(oks == std::vector<bool>{true, false});

    didit_test::MockClient u;
    u.mock.reply(200, R"({"count":1,"next":null,"results":[{"session_id":42}]})");
    std::vector<didit::Error> errors;
    for (auto& s : u.client.sessions().list_all()) {
        REQUIRE_FALSE(s.ok());
        errors.push_back(s.error());
    }
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].kind == ErrorKind::Decode);
    CHECK(errors[0].message.find("results[0].session_id") != std::string::npos);
}

TEST_CASE("paging: a bare-array list is one page") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"session_id":"a"},{"session_id":"b"}])");
    std::vector<std::string> seen;
    auto range = t.client.sessions().list_all();
    for (auto& s : range) {
        REQUIRE(s.ok());
        seen.push_back(s->session_id);
    }
    CHECK(seen == std::vector<std::string>{"a", "b"});
    CHECK(t.mock.request_count() == 1);
    CHECK(range.pages_fetched() == 1);
}

TEST_CASE("paging: an empty list yields nothing after one request") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":0,"next":null,"previous":null,"results":[]})");
    std::size_t n = 0;
    for (auto& s : t.client.sessions().list_all()) {
        (void)s;
        ++n;
    }
    CHECK(n == 0);
    CHECK(t.mock.request_count() == 1);
}

TEST_CASE("paging: a misbehaving server cannot loop the range forever") {
    // An empty page that still says next: the range ends.
    didit_test::MockClient a;
    a.mock.reply(200, page({}, 5, next_url("offset=0")));
    std::size_t n = 0;
    for (auto& s : a.client.sessions().list_all()) {
        (void)s;
        ++n;
    }
    CHECK(n == 0);
    CHECK(a.mock.request_count() == 1);

    // A next whose offset does not advance: the range ends after that page.
    didit_test::MockClient b;
    didit::SessionsListQuery q;
    q.offset = 10;
    b.mock.reply(200, page({"x"}, 50, next_url("offset=10")));
    n = 0;
    for (auto& s : b.client.sessions().list_all(q)) {
        REQUIRE(s.ok());
        ++n;
    }
    CHECK(n == 1);
    CHECK(b.mock.request_count() == 1);
    CHECK(b.mock.last_request()->url == kSessions + "?offset=10");
}

TEST_CASE("paging: a next URL without an offset advances by the page size") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"a", "b"}, 3, "\"" + kSessions + "?cursor=opaque\"")).reply(200, page({"c"}, 3, "null"));
    std::vector<std::string> seen;
    for (auto& s : t.client.sessions().list_all()) seen.push_back(s.ok() ? s->session_id : "error");
    CHECK(seen == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(t.mock.request_count() == 2);
    CHECK(t.mock.requests()[1].url == kSessions + "?offset=2");
}

TEST_CASE("paging: credentials never follow a next URL to another host") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"a"}, 2, "\"https://evil.example/steal?offset=1\"")).reply(200, page({"b"}, 2, "null"));
    std::size_t n = 0;
    for (auto& s : t.client.sessions().list_all()) {
        REQUIRE(s.ok());
        ++n;
    }
    CHECK(n == 2);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[1].url == kSessions + "?offset=1");
}

TEST_CASE("paging: stopping early fetches no further page") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"a", "b"}, 4, next_url("offset=2"))).reply(200, page({"c", "d"}, 4, "null"));
    for (auto& s : t.client.sessions().list_all()) {
        REQUIRE(s.ok());
        break;
    }
    CHECK(t.mock.request_count() == 1);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("paging: list_reviews_all pages the review feed (fixture session-reviews-list-2 then a last page)") {
    const std::string id = "8c2f3a14-7e9b-4d23-9e83-3f7d5e8a1c6d";
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("session-reviews-list-2.json"))
        .reply(200, R"({"count":4,"next":null,"previous":"x","results":[{"uuid":"r3","activity_type":"COMMENT"},)"
                    R"({"uuid":"r4","activity_type":"TAG_ADDED"}]})");
    didit::SessionReviewsQuery q;
    q.limit = 2;
    std::vector<std::string> seen;
    for (auto& r : t.client.sessions().list_reviews_all(id, q)) {
        REQUIRE(r.ok());
        seen.push_back(r->uuid.value_or("?"));
    }
    CHECK(seen == std::vector<std::string>{"de0561bc-5583-4409-9171-1a31a4c8a5f4",
                                           "bd4e6227-bdd2-42b2-a726-1d12f785a457", "r3", "r4"});
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    const std::string base = "https://verification.didit.me/v3/sessions/" + id + "/reviews/";
    CHECK(reqs[0].url == base + "?limit=2");
    CHECK(reqs[1].url == base + "?limit=2&offset=2");
}

TEST_CASE("paging: the skill document's plain review array is one page") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"id":1,"action":"status_change","new_status":"Approved"}])");
    std::size_t n = 0;
    for (auto& r : t.client.sessions().list_reviews_all("11111111-2222-3333-4444-555555555555")) {
        REQUIRE(r.ok());
        CHECK(r->action == std::optional<std::string>("status_change"));
        ++n;
    }
    CHECK(n == 1);
    CHECK(t.mock.request_count() == 1);
}

TEST_CASE("paging: single pages stay available next to the range") {
    didit_test::MockClient t;
    t.mock.reply(200, page({"a", "b"}, 4, next_url("limit=2&offset=2")));
    didit::SessionsListQuery q;
    q.limit = 2;
    auto first = t.client.sessions().list(q);
    REQUIRE(first.ok());
    CHECK(first->results.size() == 2);
    CHECK(first->has_next());
    CHECK(first->count == std::optional<std::int64_t>(4));
    REQUIRE(first->next.has_value());
    CHECK(didit::detail::offset_in_url(*first->next.get()) == std::optional<std::int64_t>(2));
}
