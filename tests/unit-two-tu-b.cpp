// SPDX-License-Identifier: MIT
// Two-translation-unit test, part B: see unit-two-tu-a.cpp.
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <string>

#include "support.hpp"

// Defined in unit-two-tu-a.cpp.
std::string two_tu_a_balance(const std::string& amount);
std::string two_tu_a_decode_label(const std::string& json);

/// Used by unit-two-tu-a.cpp: the URL this TU's client builds for workflows().get().
std::string two_tu_b_workflow_url(const std::string& settings_uuid) {
    didit::MockTransport mock;
    mock.reply(200, R"({"uuid":"x"})");
    didit::Client<didit::MockTransport> client(didit_test::test_options(), mock);
    auto r = client.workflows().get(settings_uuid);
    if (!r.ok()) return "error: " + r.error().to_string();
    auto req = mock.last_request();
    return req ? req->url : std::string("no request");
}

/// Used by unit-two-tu-a.cpp: the kind this TU's client reports for a scripted error reply.
didit::ErrorKind two_tu_b_error_kind(int status, const std::string& body) {
    didit_test::MockClient m;
    m.mock.reply(status, body);
    auto r = m.client.billing().balance();
    return r.ok() ? didit::ErrorKind::UnexpectedStatus : r.error().kind;
}

TEST_CASE("two-tu: part B calls into part A") {
    CHECK(two_tu_a_balance("12.3400") == "12.3400");
    CHECK(two_tu_a_decode_label(R"({"uuid":"u","workflow_label":"KYC","extra_key":1})") == "KYC");
    CHECK(two_tu_a_decode_label(R"({"workflow_label":5})") == "error: workflow_label: expected string, got integer");
    // And part B's own decode of the same model agrees.
    auto w = didit::decode_json<didit::Workflow>(std::string_view(R"({"workflow_label":"KYB"})"));
    REQUIRE(w.ok());
    CHECK(w->workflow_label.value_or(std::string()) == "KYB");
}
