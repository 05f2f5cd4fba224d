// SPDX-License-Identifier: MIT
// What a hostile server or a careless caller hands the client: every byte costs bounded work, and bad
// settings are refused before anything is sent.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

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
    // Before, collecting field errors recursed once per level with a growing path at each (a
    // 20 KB body cost 221 MiB, a 200 KB one crashed). Deeper than max_json_depth the body is not
    // parsed at all (the test after the next ones); up to it, the walk is bounded on its own.
    for (const std::string& body : {nested_objects(511), nested_arrays(512),
                                    "{\"detail\":" + nested_arrays(511) + ",\"x\":" + nested_objects(511) + "}"}) {
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

namespace {

/// `depth` arrays nested in each other, built without parsing (and destroyed without recursion:
/// nlohmann's destructor uses a stack of its own).
didit::Json deep_json(std::size_t depth, didit::Json leaf = 1) {
    didit::Json root = didit::Json::array();
    didit::Json* p = &root;
    for (std::size_t i = 1; i < depth; ++i) p = &p->emplace_back(didit::Json::array());
    p->push_back(std::move(leaf));
    return root;
}

}  // namespace

TEST_CASE("hostile: a 2xx reply nested deeper than max_json_depth is a Decode error, not a crash") {
    static_assert(didit::detail::max_json_depth == 512);
    // Before, the nesting went into `extra` unchecked, and copying the model recursed per level.
    for (std::size_t depth : {std::size_t{513}, std::size_t{100000}}) {
        CAPTURE(depth);
        MockTransport mock;
        mock.reply(200, R"({"balance":"1.00","x":)" + nested_arrays(depth - 1) + "}");
        didit::Client<MockTransport> client(didit_test::test_options(), mock);
        auto r = client.billing().balance();
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Decode);
        CHECK(r.error().status == 200);
        CHECK(r.error().message == "HTTP 200 reply nests arrays or objects deeper than 512 levels");
    }
    // At the limit the reply decodes, and the model copies and compares.
    MockTransport mock;
    mock.reply(200, R"({"balance":"1.00","x":)" + nested_arrays(511) + "}");
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto r = client.billing().balance();
    REQUIRE(r.ok());
    const auto copy = r.value();
    CHECK(copy.extra == r.value().extra);
    CHECK(didit::detail::dump_json(copy.extra.at("x")) == nested_arrays(511));

    // The same limit for decode_json, from text or from a value a caller built.
    const std::string text = R"({"balance":"1","x":)" + nested_arrays(600) + "}";
    auto from_text = didit::decode_json<didit::Balance>(std::string_view(text));
    REQUIRE_FALSE(from_text.ok());
    CHECK(from_text.error().kind == ErrorKind::Decode);
    CHECK(from_text.error().message == "response nests arrays or objects deeper than 512 levels");
    didit::Json built = didit::Json::object();
    built["balance"] = "1";
    built["x"] = deep_json(100000);
    for (bool steal : {false, true}) {
        auto from_value = steal ? didit::decode_json<didit::Balance>(std::move(built))
                                : didit::decode_json<didit::Balance>(static_cast<const didit::Json&>(built));
        REQUIRE_FALSE(from_value.ok());
        CHECK(from_value.error().kind == ErrorKind::Decode);
        CHECK(from_value.error().message == "JSON nests arrays or objects deeper than 512 levels");
    }
}

TEST_CASE("hostile: an error reply nested deeper than max_json_depth keeps its status and says why") {
    for (const std::string& body : {nested_objects(40000), nested_arrays(100000), nested_arrays(513),
                                    "{\"detail\":" + nested_arrays(50000) + ",\"x\":" + nested_objects(30000) + "}"}) {
        MockTransport mock;
        mock.reply(400, body);
        didit::Client<MockTransport> client(didit_test::test_options(), mock);
        auto r = client.billing().balance();
        REQUIRE_FALSE(r.ok());
        const didit::Error& e = r.error();
        CHECK(e.status == 400);
        CHECK(e.kind == ErrorKind::BadRequest);
        // Then, as for any large body, what raw_body keeps of it.
        const std::string said =
            "Bad Request (JSON body nested deeper than 512 levels, " + std::to_string(body.size()) + " bytes)";
        CHECK(e.message.substr(0, said.size()) == said);
        CHECK((e.message.size() == said.size() || e.message.find("raw_body keeps the first") != std::string::npos));
        CHECK(e.field_errors.empty());
        CHECK(e.raw_body == body.substr(0, didit::detail::max_error_text));
    }
}

TEST_CASE("hostile: request values nested deeper than max_json_depth are refused before sending") {
    // Before, encoding checked the value recursively (and nlohmann copied it recursively): a
    // 100,000-deep metadata crashed the caller.
    for (std::size_t depth : {std::size_t{513}, std::size_t{100000}}) {
        CAPTURE(depth);
        MockTransport mock;
        didit::Client<MockTransport> client(didit_test::test_options(), mock);
        didit::SessionCreateRequest req;
        req.workflow_id = "wf";
        req.metadata = deep_json(depth);
        auto r = client.sessions().create(req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        CHECK(r.error().message.find("metadata: JSON nested deeper than 512 levels") != std::string::npos);
        CHECK(mock.request_count() == 0);

        // Unknown members a caller adds through `extra` are held to the same limit.
        didit::SessionCreateRequest with_extra;
        with_extra.workflow_id = "wf";
        with_extra.extra = didit::Json::object();
        with_extra.extra["deep"] = deep_json(depth);
        auto encoded = didit::encode_json(with_extra);
        REQUIRE_FALSE(encoded.ok());
        CHECK(encoded.error().kind == ErrorKind::InvalidArgument);
        CHECK(encoded.error().message == "deep: JSON nested deeper than 512 levels");
    }
    // At the limit the value is sent as it is.
    MockTransport mock;
    mock.reply(201, R"({"session_id":"s","url":"https://verify.didit.me/s"})");
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    didit::SessionCreateRequest req;
    req.workflow_id = "wf";
    req.metadata = deep_json(512);
    CHECK(client.sessions().create(req).ok());
    REQUIRE(mock.request_count() == 1);
    // The body nests one level more than its metadata: nlohmann's parser reads it back.
    const didit::Json sent = didit::Json::parse(mock.last_request()->body, nullptr, false);
    REQUIRE(sent.is_object());
    CHECK(sent.at("metadata") == deep_json(512));
}

TEST_CASE("hostile: the JSON value walks hold for any nesting") {
    // Built by hand: no parser refuses these. Each walk keeps its own stack, so none can run out
    // of the thread's.
    const didit::Json deep = deep_json(200000);
    CHECK(didit::detail::json_deeper_than(deep, 512));
    CHECK_FALSE(didit::detail::json_deeper_than(deep, 200000));
    CHECK(didit::detail::json_deeper_than(deep, 199999));
    CHECK_FALSE(didit::detail::json_deeper_than(didit::Json(1), 0));
    CHECK(didit::detail::json_deeper_than(didit::Json::array(), 0));
    CHECK_FALSE(didit::detail::json_has_forbidden_control(deep));
    CHECK(didit::detail::json_has_forbidden_control(deep_json(200000, "a\r\nb")));
    CHECK(didit::detail::dump_json(deep) == nested_arrays(200000));

    // check_json_value names the offence's path, and stops at the limit without listing it.
    std::string path = "metadata";
    const char* why = "";
    didit::Json j = didit::Json::object();
    j["a"] = didit::Json::array({1, didit::Json::object({{"b", "\xff"}})});
    CHECK_FALSE(didit::detail::check_json_value(j, path, why));
    CHECK(path == "metadata.a[1].b");
    CHECK(std::string(why) == "string is not valid UTF-8");
    path = "m";
    CHECK_FALSE(didit::detail::check_json_value(deep, path, why));
    CHECK(path == "m");
    CHECK(std::string(why) == "JSON nested deeper than 512 levels");
    path.clear();
    CHECK(didit::detail::check_json_value(deep_json(512), path, why));
    CHECK(path.empty());
}

TEST_CASE("hostile: an error reply whose body is an empty JSON string still has a message") {
    // Found by fuzz_error: the body `""` left Error.message empty.
    MockTransport mock;
    mock.reply(400, R"("")");
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto r = client.billing().balance();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().status == 400);
    CHECK(r.error().message == "Bad Request");
}

TEST_CASE("hostile: a PDF route's Error takes no control character from the content type") {
    // Found by fuzz_reply: the content type of a reply that is not a PDF reached the message raw.
    MockTransport mock;
    mock.reply(200, "<html></html>", didit::Headers{{"Content-Type", "text/html\r\nX-Evil: 1"}});
    didit::Client<MockTransport> client(didit_test::test_options(), mock);
    auto r = client.sessions().generate_pdf("11111111-2222-3333-4444-555555555555");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Decode);
    CHECK(r.error().message == "reply of SessionsGeneratePdf: not a PDF (text/html  X-Evil: 1, 13 bytes)");
}
