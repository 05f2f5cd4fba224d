// SPDX-License-Identifier: MIT
// Two-translation-unit test, part A: the SDK linked into two objects of one program must not
// clash (every non-template function in the headers is inline). Part B is unit-two-tu-b.cpp.
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

// Defined in unit-two-tu-b.cpp.
std::string two_tu_b_workflow_url(const std::string& settings_uuid);
didit::ErrorKind two_tu_b_error_kind(int status, const std::string& body);

/// Used by unit-two-tu-b.cpp: the balance string a scripted reply decodes to, through this TU's client.
std::string two_tu_a_balance(const std::string& amount) {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"balance":")" + amount + R"(","auto_refill_enabled":false})");
    auto r = m.client.billing().balance();
    if (!r.ok()) return "error: " + r.error().to_string();
    return r->balance;
}

/// Used by unit-two-tu-b.cpp: decodes a workflow with this TU's instantiation of the codec.
std::string two_tu_a_decode_label(const std::string& json) {
    auto w = didit::decode_json<didit::Workflow>(std::string_view(json));
    return w.ok() ? w->workflow_label.value_or(std::string("<none>")) : "error: " + w.error().message;
}

TEST_CASE("two-tu: part A calls into part B") {
    CHECK(two_tu_b_workflow_url("c3d4e5f6-7890-42cd-8f34-333333333333") ==
          "https://verification.didit.me/v3/workflows/c3d4e5f6-7890-42cd-8f34-333333333333/");
    CHECK(two_tu_b_error_kind(429, R"({"detail":"slow down"})") == didit::ErrorKind::RateLimited);
    CHECK(two_tu_b_error_kind(404, "<html></html>") == didit::ErrorKind::NotFound);
    // And part A's own use of the same templates agrees.
    didit::HttpResponse r;
    r.status = 403;
    r.body = R"({"detail":"no"})";
    CHECK(didit::detail::error_from_response(r).kind == didit::ErrorKind::Permission);
}
