// SPDX-License-Identifier: MIT
// Unit tests of Result<T>, Result<void>, Error and the status -> ErrorKind mapping.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <set>
#include <string>

namespace {

struct Point {
    int x = 0;
    int y = 0;
};

didit::Error sample_error() {
    didit::Error e;
    e.kind = didit::ErrorKind::NotFound;
    e.status = 404;
    e.message = "Not found.";
    e.request_id = "req-1";
    return e;
}

didit::Result<int> parse_positive(int v) {
    if (v <= 0) return didit::make_error(didit::ErrorKind::InvalidArgument, "not positive");
    return v;
}

}  // namespace

TEST_CASE("result: a success holds its value") {
    didit::Result<int> r = 42;
    CHECK(r.ok());
    CHECK(static_cast<bool>(r));
    CHECK(r.value() == 42);
    CHECK(*r == 42);
    CHECK(r.value_or(7) == 42);

    r.value() = 43;
    CHECK(*r == 43);

    const didit::Result<int>& cr = r;
    CHECK(cr.value() == 43);
    CHECK(*cr == 43);
}

TEST_CASE("result: an error holds its Error") {
    didit::Result<int> r = sample_error();
    CHECK_FALSE(r.ok());
    CHECK_FALSE(static_cast<bool>(r));
    CHECK(r.error().kind == didit::ErrorKind::NotFound);
    CHECK(r.error().status == 404);
    CHECK(r.error().message == "Not found.");
    CHECK(r.error().request_id == "req-1");
    CHECK(r.value_or(7) == 7);
}

TEST_CASE("result: value_or converts its fallback to T") {
    didit::Result<std::string> ok = std::string("abc");
    didit::Result<std::string> bad = sample_error();
    CHECK(ok.value_or("zzz") == "abc");
    CHECK(bad.value_or("zzz") == "zzz");
    didit::Result<double> d = sample_error();
    CHECK(d.value_or(2) == doctest::Approx(2.0));
}

TEST_CASE("result: operator-> reaches members of the value") {
    didit::Result<Point> r = Point{3, 4};
    CHECK(r->x == 3);
    CHECK(r->y == 4);
    r->x = 10;
    CHECK(r.value().x == 10);
    const didit::Result<Point>& cr = r;
    CHECK(cr->x == 10);
}

TEST_CASE("result: functions return either a value or make_error") {
    auto good = parse_positive(5);
    REQUIRE(good.ok());
    CHECK(*good == 5);
    auto bad = parse_positive(-1);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(bad.error().message == "not positive");
    CHECK(bad.error().status == 0);
}

TEST_CASE("result: a move-only value can be moved out") {
    didit::Result<std::unique_ptr<int>> r = std::make_unique<int>(9);
    REQUIRE(r.ok());
    CHECK(**r == 9);
    std::unique_ptr<int> p = std::move(r).value();
    REQUIRE(p != nullptr);
    CHECK(*p == 9);
}

TEST_CASE("result: error() on a success is a placeholder, not a crash") {
    didit::Result<int> r = 1;
    const didit::Error& e = r.error();
    CHECK(e.kind == didit::ErrorKind::InvalidArgument);
    CHECK(e.message.find("successful") != std::string::npos);
    CHECK(e.status == 0);

    didit::Result<void> v;
    const didit::Error& ev = v.error();
    CHECK(ev.kind == didit::ErrorKind::InvalidArgument);
    CHECK(ev.message.find("successful") != std::string::npos);
}

namespace {
didit::Result<std::string> failing_call() {
    return didit::make_error(didit::ErrorKind::Server, std::string(64, 'x') + " long enough to live on the heap");
}
}  // namespace

TEST_CASE("result: error() on a temporary returns the Error by value, so a const& to it cannot dangle") {
    const didit::Error& e = failing_call().error();  // lifetime-extended copy, not a reference into the temporary
    CHECK(e.kind == didit::ErrorKind::Server);
    CHECK(e.message.size() == 64 + std::string(" long enough to live on the heap").size());
    CHECK(e.message.rfind("xxxx", 0) == 0);

    didit::Result<int> r = sample_error();
    didit::Error moved = std::move(r).error();
    CHECK(moved.kind == didit::ErrorKind::NotFound);
    CHECK(moved.message == "Not found.");

    const didit::Error& placeholder = didit::Result<int>(1).error();
    CHECK(placeholder.kind == didit::ErrorKind::InvalidArgument);

    const didit::Error& ve = didit::Result<void>(didit::make_error(didit::ErrorKind::Conflict, "busy")).error();
    CHECK(ve.kind == didit::ErrorKind::Conflict);
    CHECK(ve.message == "busy");
}

TEST_CASE("result: Result<void> is ok by default and holds an error otherwise") {
    didit::Result<void> ok;
    CHECK(ok.ok());
    CHECK(static_cast<bool>(ok));
    ok.value();  // no effect on a success

    didit::Result<void> bad = sample_error();
    CHECK_FALSE(bad.ok());
    CHECK_FALSE(static_cast<bool>(bad));
    CHECK(bad.error().kind == didit::ErrorKind::NotFound);
    CHECK(bad.error().message == "Not found.");

    const didit::Error e = didit::make_error(didit::ErrorKind::Conflict, "busy");
    didit::Result<void> from_lvalue = e;
    CHECK(from_lvalue.error().kind == didit::ErrorKind::Conflict);
}

#if DIDIT_TEST_HAS_EXCEPTIONS
TEST_CASE("result: value() on an error throws didit::Exception whose what() is to_string()") {
    didit::Result<int> r = sample_error();
    const std::string expected = r.error().to_string();
    CHECK(expected == "didit: not found (HTTP 404): Not found.");
    bool thrown = false;
    try {
        (void)r.value();
    } catch (const didit::Exception& ex) {
        thrown = true;
        CHECK(std::string(ex.what()) == expected);
        CHECK(ex.error().kind == didit::ErrorKind::NotFound);
        CHECK(ex.error().status == 404);
        CHECK(ex.error().request_id == "req-1");
    }
    CHECK(thrown);
}

TEST_CASE("result: every value accessor throws on an error") {
    didit::Result<Point> r = sample_error();
    const didit::Result<Point>& cr = r;
    CHECK_THROWS_AS((void)r.value(), didit::Exception);
    CHECK_THROWS_AS((void)cr.value(), didit::Exception);
    CHECK_THROWS_AS((void)std::move(r).value(), didit::Exception);
    CHECK_THROWS_AS((void)*r, didit::Exception);
    CHECK_THROWS_AS((void)*cr, didit::Exception);
    CHECK_THROWS_AS((void)r->x, didit::Exception);
    CHECK_THROWS_AS((void)cr->x, didit::Exception);
    // didit::Exception is a std::runtime_error, so generic handlers see the message.
    CHECK_THROWS_WITH_AS((void)r.value(), "didit: not found (HTTP 404): Not found.", std::runtime_error);
}

TEST_CASE("result: Result<void>::value() throws on an error and not on a success") {
    didit::Result<void> bad = didit::make_error(didit::ErrorKind::Timeout, "too slow");
    CHECK_THROWS_WITH_AS(bad.value(), "didit: timeout: too slow", didit::Exception);
    didit::Result<void> ok;
    CHECK_NOTHROW(ok.value());
}

TEST_CASE("result: a successful value() does not throw") {
    didit::Result<int> r = 5;
    CHECK_NOTHROW((void)r.value());
    CHECK_NOTHROW((void)*r);
}
#endif

TEST_CASE("result: error_kind_for_status maps every documented status") {
    using didit::error_kind_for_status;
    using didit::ErrorKind;
    CHECK(error_kind_for_status(400) == ErrorKind::BadRequest);
    CHECK(error_kind_for_status(401) == ErrorKind::Authentication);
    CHECK(error_kind_for_status(402) == ErrorKind::PaymentRequired);
    CHECK(error_kind_for_status(403) == ErrorKind::Permission);
    CHECK(error_kind_for_status(404) == ErrorKind::NotFound);
    CHECK(error_kind_for_status(408) == ErrorKind::Timeout);
    CHECK(error_kind_for_status(409) == ErrorKind::Conflict);
    CHECK(error_kind_for_status(410) == ErrorKind::NotFound);
    CHECK(error_kind_for_status(415) == ErrorKind::BadRequest);
    CHECK(error_kind_for_status(422) == ErrorKind::BadRequest);
    CHECK(error_kind_for_status(429) == ErrorKind::RateLimited);
    CHECK(error_kind_for_status(500) == ErrorKind::Server);
    CHECK(error_kind_for_status(502) == ErrorKind::Server);
    CHECK(error_kind_for_status(503) == ErrorKind::Server);
    CHECK(error_kind_for_status(504) == ErrorKind::Server);
    CHECK(error_kind_for_status(599) == ErrorKind::Server);
    CHECK(error_kind_for_status(301) == ErrorKind::UnexpectedStatus);
    CHECK(error_kind_for_status(304) == ErrorKind::UnexpectedStatus);
    CHECK(error_kind_for_status(100) == ErrorKind::UnexpectedStatus);
    CHECK(error_kind_for_status(600) == ErrorKind::UnexpectedStatus);
    CHECK(error_kind_for_status(0) == ErrorKind::UnexpectedStatus);
    // It is constexpr: usable where a constant is needed.
    static_assert(didit::error_kind_for_status(429) == didit::ErrorKind::RateLimited);
    static_assert(didit::error_kind_for_status(503) == didit::ErrorKind::Server);
}

TEST_CASE("result: every ErrorKind has its own name") {
    using didit::ErrorKind;
    const ErrorKind all[] = {ErrorKind::InvalidArgument,  ErrorKind::Transport,   ErrorKind::Timeout,
                             ErrorKind::OutcomeUnknown,   ErrorKind::BadRequest,  ErrorKind::Authentication,
                             ErrorKind::PaymentRequired,  ErrorKind::Permission,  ErrorKind::NotFound,
                             ErrorKind::Conflict,         ErrorKind::RateLimited, ErrorKind::Server,
                             ErrorKind::UnexpectedStatus, ErrorKind::Decode,      ErrorKind::WebhookVerification,
                             ErrorKind::Cancelled};
    std::set<std::string> names;
    for (ErrorKind k : all) {
        std::string n(didit::to_string(k));
        CHECK_FALSE(n.empty());
        CHECK(n != "error");
        names.insert(n);
    }
    CHECK(names.size() == sizeof(all) / sizeof(all[0]));
    CHECK(didit::to_string(ErrorKind::RateLimited) == "rate limited");
}

TEST_CASE("result: Error::to_string shows kind, status, message, code, fields and attempts") {
    didit::Error e;
    e.kind = didit::ErrorKind::BadRequest;
    e.status = 400;
    e.message = "Invalid request.";
    e.code = "contract_billing_suspended";
    e.field_errors = {{"workflow_id", "This field is required."}, {"", "general problem"}};
    e.attempts = 3;
    CHECK(e.to_string() ==
          "didit: bad request (HTTP 400): Invalid request. [code contract_billing_suspended]; "
          "workflow_id: This field is required.; general problem (after 3 attempts)");

    didit::Error bare;
    bare.kind = didit::ErrorKind::Transport;
    CHECK(bare.to_string() == "didit: transport error");

    // A message that is already the first field error is not repeated.
    didit::Error f;
    f.kind = didit::ErrorKind::BadRequest;
    f.status = 400;
    f.message = "workflow_id: Invalid workflow_id.";
    f.field_errors = {{"workflow_id", "Invalid workflow_id."}};
    f.attempts = 1;
    CHECK(f.to_string() == "didit: bad request (HTTP 400): workflow_id: Invalid workflow_id.");
}

TEST_CASE("result: make_error marks only local rejections as not sent") {
    auto local = didit::make_error(didit::ErrorKind::InvalidArgument, "bad");
    CHECK(local.not_sent);
    CHECK(local.attempts == 0);
    CHECK(local.status == 0);
    auto remote = didit::make_error(didit::ErrorKind::Server, "boom");
    CHECK_FALSE(remote.not_sent);
    CHECK(remote.message == "boom");
    CHECK(remote.kind == didit::ErrorKind::Server);
}

TEST_CASE("result: FieldError compares field and message") {
    didit::FieldError a{"f", "m"};
    CHECK(a == didit::FieldError{"f", "m"});
    CHECK_FALSE(a == didit::FieldError{"g", "m"});
    CHECK_FALSE(a == didit::FieldError{"f", "n"});
}
