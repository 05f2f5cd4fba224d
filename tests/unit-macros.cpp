// SPDX-License-Identifier: MIT
// The macros <didit/didit.hpp> leaves behind: the internal ones are gone, the public ones work at a user's site.
#include <didit/didit.hpp>

// ---- static: what detail/macro_unscope.hpp undefines (and what headers undefine themselves) -------
// Each of these would compile silently as 0 in a user's `#if`, or clash with a user's own macro.
#ifdef DIDIT_INLINE
#error "DIDIT_INLINE leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_DEFINITIONS
#error "DIDIT_DEFINITIONS leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_HAS_EXCEPTIONS
#error "DIDIT_HAS_EXCEPTIONS leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_DETAIL_CONFIG_HPP
#error "detail/config.hpp's guard leaks out of <didit/didit.hpp>: a later header could not define its macros again"
#endif
#ifdef DIDIT_DETAIL_MODEL
#error "DIDIT_DETAIL_MODEL leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_DETAIL_MODEL_INSTANCE
#error "DIDIT_DETAIL_MODEL_INSTANCE leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_DETAIL_ROUTE_TYPE
#error "DIDIT_DETAIL_ROUTE_TYPE leaks out of <didit/didit.hpp>"
#endif
#ifdef DIDIT_DETAIL_CURL_PREREQ
#error "DIDIT_DETAIL_CURL_PREREQ leaks out of <didit/didit.hpp>"
#endif

// ---- static: the public macros, and the helpers their expansions name, stay -----------------------
#if !defined(DIDIT_MODEL) || !defined(DIDIT_ENUM) || !defined(DIDIT_CLOSED_ENUM) || !defined(DIDIT_PATH) || \
    !defined(DIDIT_UUID_PATH) || !defined(DIDIT_ENDPOINT) || !defined(DIDIT_ROUTES)
#error "a public macro is missing after <didit/didit.hpp>"
#endif
#if !defined(DIDIT_PP_FOR_EACH) || !defined(DIDIT_PP_TAIL) || !defined(DIDIT_DETAIL_FIELD) || \
    !defined(DIDIT_DETAIL_PATH) || !defined(DIDIT_DETAIL_ENUM_ROW) || !defined(DIDIT_DETAIL_ENUM_CLASS)
#error "a helper that a public macro expands into was undefined"
#endif
#if !defined(DIDIT_VERSION_STRING)
#error "DIDIT_VERSION_STRING is public and must stay"
#endif

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <tuple>

#include "support.hpp"

// ---- a user's own declarations, after the unscope -------------------------------------------------

namespace um {

DIDIT_ENUM(Colour, (Red, "red"), (Green, "green"));
DIDIT_CLOSED_ENUM(Finish, (Matt, "matt"), (Gloss, "gloss"));

struct Order {
    Finish finish;
    didit::Json extra;
};
DIDIT_MODEL(Order, finish)

struct Paint {
    std::string name;
    Colour colour;
    didit::Json extra;
};
DIDIT_MODEL(Paint, name, colour)

DIDIT_PATH(PaintPath, shop, paint);
DIDIT_UUID_PATH(ShopPath, shop_id);

DIDIT_ENDPOINT(PaintsUpdate, Patch, Verification, ApiKey, "/v3/shops/{shop}/paints/{paint}/", PaintPath, Paint,
               didit::NoQuery, Paint, false);
DIDIT_ENDPOINT(ShopGet, Get, Verification, ApiKey, "/v3/shops/{shop_id}/", ShopPath, didit::NoBody, didit::NoQuery,
               didit::Empty, true);

}  // namespace um

static_assert(um::PaintPath::size == 2);
static_assert(um::ShopPath::uuid_params);

// DIDIT_ROUTES with the user's own X: the SDK's list, counted at the user's site.
#define UM_ONE(E) +1
static_assert(0 DIDIT_ROUTES(UM_ONE) == std::tuple_size_v<didit::endpoints::AllRoutes>);
#undef UM_ONE

TEST_CASE("macros: DIDIT_MODEL and DIDIT_ENUM declared after <didit/didit.hpp> round-trip") {
    auto p = didit::decode_json<um::Paint>(std::string_view(R"({"name":"sky","colour":"green","gloss":2})"));
    REQUIRE(p.ok());
    CHECK(p->name == "sky");
    CHECK(p->colour == um::Colour::Green);
    CHECK(p->extra["gloss"] == 2);
    auto purple = didit::decode_json<um::Paint>(std::string_view(R"({"name":"x","colour":"purple"})"));
    REQUIRE(purple.ok());
    CHECK_FALSE(purple->colour.is_known());
    CHECK(purple->colour.str() == "purple");
    auto j = didit::encode_json(*p);
    REQUIRE(j.ok());
    CHECK(j.value()["colour"] == "green");
    CHECK(j.value()["gloss"] == 2);
}

TEST_CASE("macros: a DIDIT_CLOSED_ENUM of the user's own sends only its values and keeps what it receives") {
    static_assert(um::Finish::didit_closed && !um::Colour::didit_closed);
    um::Order o;
    o.finish = um::Finish::Gloss;
    auto j = didit::encode_json(o);
    REQUIRE(j.ok());
    CHECK(j.value()["finish"] == "gloss");
    o.finish = um::Finish(std::string_view("satin"));
    auto refused = didit::encode_json(o);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(refused.error().message.find("\"satin\" is not accepted here; the values are matt, gloss") !=
          std::string::npos);
    auto read = didit::decode_json<um::Order>(std::string_view(R"({"finish":"satin"})"));
    REQUIRE(read.ok());  // received values are kept, as with DIDIT_ENUM
    CHECK_FALSE(read->finish.is_known());
    CHECK(read->finish.str() == "satin");
    CHECK_FALSE(didit::encode_json(*read).ok());  // and refused if sent back
    auto ok = didit::decode_json<um::Order>(std::string_view(R"({"finish":"matt"})"));
    REQUIRE(ok.ok());
    CHECK(ok->finish == um::Finish::Matt);
}

TEST_CASE("macros: DIDIT_ENDPOINT and DIDIT_PATH declared after <didit/didit.hpp> make a callable route") {
    didit_test::MockClient m;
    m.mock.reply(200, R"({"name":"sky","colour":"red"})");
    um::Paint body;
    body.name = "sky";
    body.colour = um::Colour::Red;
    auto r = m.client.call<um::PaintsUpdate>(body, um::PaintPath{"main st", "p/1"});
    REQUIRE(r.ok());
    CHECK(r->colour == um::Colour::Red);
    auto req = m.mock.last_request();
    REQUIRE(req.has_value());
    CHECK(req->method == didit::Method::Patch);
    CHECK(req->url == "https://verification.didit.me/v3/shops/main%20st/paints/p%2F1/");
    CHECK(req->body == R"({"colour":"red","name":"sky"})");
}

TEST_CASE("macros: a DIDIT_UUID_PATH value that is not a UUID is refused before sending") {
    didit_test::MockClient m;
    auto r = m.client.call<um::ShopGet>(um::ShopPath{"not-a-uuid"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(m.mock.requests().empty());
}
