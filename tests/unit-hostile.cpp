// SPDX-License-Identifier: MIT
// What a hostile server or a careless caller hands the client: every byte costs bounded work, and bad
// settings are refused before anything is sent.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>

namespace {

using didit::ErrorKind;
using didit::MockTransport;

std::string nested_objects(std::size_t depth) {
    std::string s;
    s.reserve(depth * 6 + 8);
    for (std::size_t i = 0; i < depth; ++i) s += R"({"a":)";
    s += R"("deep")";
    s.append(depth, '}');
    return s;
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

std::size_t text_size(const didit::Error& e) {
    std::size_t n = e.message.size() + e.code.size() + e.request_id.size() + e.raw_body.size();
    for (const auto& f : e.field_errors) n += f.field.size() + f.message.size();
    return n;
}

}  // namespace

TEST_CASE("hostile: a deeply nested error reply gives a bounded Error, without recursion") {
    // 200 KB bodies: before, collecting field errors recursed once per level with a growing
    // path at each (a 20 KB body cost 221 MiB, a 200 KB one crashed).
    for (const std::string& body : {nested_objects(40000), nested_arrays(100000),
                                    "{\"detail\":" + nested_arrays(50000) + ",\"x\":" + nested_objects(30000) + "}"}) {
        MockTransport mock;
        mock.reply(400, body);
        didit::Client<MockTransport> client(didit_test::test_options(), mock);
        auto r = client.billing().balance();
        REQUIRE_FALSE(r.ok());
        const didit::Error& e = r.error();
        CHECK(e.status == 400);
        CHECK(e.field_errors.size() <= didit::detail::max_field_errors);
        bool too_deep = e.message.find("nested too deep") != std::string::npos;
        for (const auto& f : e.field_errors) {
            CHECK(f.field.size() <= didit::detail::max_field_path);
            too_deep = too_deep || f.message.find("nested too deep") != std::string::npos;
        }
        CHECK(too_deep);
        CHECK(text_size(e) <= 4 * didit::detail::max_error_text);
    }
}

TEST_CASE("hostile: a huge error body is cut, and the Error says so") {
    // A 60 MB 401 used to become a 60 MB message and raw_body.
    std::string big = "{\"detail\":\"" + std::string(3 * 1024 * 1024, 'x') + "\"}";
    MockTransport mock;
    mock.reply(401, big);
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    const didit::Error& e = r.error();
    CHECK(e.status == 401);
    CHECK(e.raw_body.size() == didit::detail::max_error_text);
    CHECK(e.raw_body == big.substr(0, didit::detail::max_error_text));
    CHECK(e.message.size() < didit::detail::max_error_text + 200);
    CHECK(e.message.find("[message cut]") != std::string::npos);
    CHECK(e.message.find("raw_body keeps the first 65536") != std::string::npos);
    CHECK(e.message.find(std::to_string(big.size()) + " bytes") != std::string::npos);

    // Many field errors: at most max_field_errors, within the text budget.
    std::string many = "{";
    for (int i = 0; i < 5000; ++i)
        many += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":[\"" + std::string(100, 'y') + "\"]";
    many += "}";
    mock.reply(400, many);
    auto m = client.billing().balance();
    REQUIRE_FALSE(m.ok());
    CHECK(m.error().field_errors.size() <= didit::detail::max_field_errors);
    CHECK(text_size(m.error()) <= 4 * didit::detail::max_error_text);
}

TEST_CASE("hostile: control characters in reply headers and error texts never reach an Error") {
    MockTransport mock;
    mock.reply(500, "{\"detail\":\"bad\\r\\nX-Evil: 1\",\"code\":\"c\\u0000d\",\"field\":[\"e\\nf\"]}",
               didit::Headers{{"X-Request-Id", "abc\rdef\n\x01"}});
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    const didit::Error& e = r.error();
    auto clean = [](const std::string& s) {
        for (char c : s)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
        return true;
    };
    CHECK(e.request_id == "abc def  ");
    CHECK(clean(e.request_id));
    CHECK(clean(e.message));
    CHECK(e.message.find("bad  X-Evil: 1") != std::string::npos);
    CHECK(clean(e.code));
    CHECK(e.code == "c d");
    REQUIRE(e.field_errors.size() == 1);
    CHECK(e.field_errors[0].message == "e f");

    // A 2xx reply's request id is cleaned too (it reaches log events).
    std::string seen;
    didit::ClientOptions o = didit_test::test_options();
    o.logger = [&seen](const didit::LogEvent& ev) { seen += ev.request_id; };
    MockTransport ok;
    ok.reply(200, R"({"balance":"1.00"})", didit::Headers{{"x-request-id", "r1\r\nSet-Cookie: x"}});
    didit::Client<MockTransport> logged(o, ok);
    REQUIRE(logged.billing().balance().ok());
    CHECK(seen.find('\r') == std::string::npos);
    CHECK(seen.find('\n') == std::string::npos);
    CHECK(seen.find("r1  Set-Cookie: x") != std::string::npos);
}

TEST_CASE("hostile: base URLs with spaces or control characters are refused before sending") {
    for (const std::string& bad :
         {std::string("https://verification.didit.me\r\nX: y"), std::string("https://verification.didit.me/\n"),
          std::string("https://verification.didit.me\0.evil.example", 44),
          std::string("https://verification.didit.me /v3"), std::string("https://verification.didit.me\t")}) {
        for (bool account : {false, true}) {
            CAPTURE(account);
            didit::ClientOptions o = didit_test::test_options();
            (account ? o.auth_base_url : o.base_url) = bad;
            MockTransport mock;
            mock.reply(200, R"({"balance":"1.00"})");
            didit::Client<MockTransport> client(o, mock);
            didit::Error e;
            if (account) {
                auto r = client.account().list_organizations();
                REQUIRE_FALSE(r.ok());
                e = r.error();
            } else {
                auto r = client.billing().balance();
                REQUIRE_FALSE(r.ok());
                e = r.error();
            }
            CHECK(e.kind == ErrorKind::InvalidArgument);
            CHECK(e.attempts == 0);
            CHECK(e.message.find("space or a control character") != std::string::npos);
            CHECK(e.message.find('\r') == std::string::npos);
            CHECK(e.message.find('\n') == std::string::npos);
            CHECK(mock.request_count() == 0);
        }
    }
}

TEST_CASE("hostile: default and per-call header names must be HTTP tokens the client does not own") {
    for (const std::string& name : {std::string("Host"), std::string("host"), std::string("Content-Length"),
                                    std::string("Transfer-Encoding"), std::string(""), std::string("X Trace"),
                                    std::string("X-Trace:"), std::string("X-\r\nEvil"), std::string("X-\0", 3)}) {
        CAPTURE(name);
        for (bool per_call : {false, true}) {
            didit::ClientOptions o = didit_test::test_options();
            didit::CallOptions call;
            (per_call ? call.headers : o.default_headers).set(name, "v");
            MockTransport mock;
            mock.reply(200, R"({"balance":"1.00"})");
            didit::Client<MockTransport> client(o, mock);
            auto r = client.billing().balance(call);
            REQUIRE_FALSE(r.ok());
            CHECK(r.error().kind == ErrorKind::InvalidArgument);
            CHECK(r.error().message.find('\r') == std::string::npos);
            CHECK(mock.request_count() == 0);
        }
    }
    // Ordinary names still pass.
    didit::ClientOptions o = didit_test::test_options();
    o.default_headers.set("X-App_Name.v2", "kyc");
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00"})");
    didit::Client<MockTransport> client(o, mock);
    REQUIRE(client.billing().balance().ok());
    CHECK(mock.last_request()->headers.get("x-app_name.v2") == "kyc");
}
