// SPDX-License-Identifier: MIT
// Unit tests of DIDIT_MODEL / DIDIT_ENUM: field states, unknown keys and enums, paths, UTF-8, numbers.
#include <didit/didit.hpp>

#include "json_compare.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mt {

DIDIT_ENUM(Color, (Red, "red"), (Green, "green"), (DarkBlue, "dark_blue"));
/// A request enum whose API allows only its listed values.
DIDIT_CLOSED_ENUM(Shade, (Light, "light"), (Dark, "dark"));
struct Paint {
    Shade shade{};
    std::optional<Color> color{};
    std::optional<std::vector<Shade>> layers{};
    didit::Json extra{};
};
DIDIT_MODEL(Paint, shade, color, layers)

/// A PATCH-like body: every field state.
struct Patch {
    didit::Nullable<std::string> webhook_url;
    std::optional<int> limit;
    std::string label;
    int count = 7;
    bool enabled = false;
    didit::Json extra;
};
DIDIT_MODEL(Patch, webhook_url, limit, label, count, enabled)

struct Item {
    std::optional<std::vector<std::string>> features;
    std::optional<Color> color;
    didit::Json extra;
};
DIDIT_MODEL(Item, features, color)

struct Listing {
    std::vector<Item> results;
};
DIDIT_MODEL(Listing, results)

struct Numbers {
    std::optional<std::int8_t> i8;
    std::optional<std::int32_t> i32;
    std::optional<std::uint32_t> u32;
    std::optional<std::int64_t> i64;
    std::optional<std::uint64_t> u64;
    std::optional<double> d;
};
DIDIT_MODEL(Numbers, i8, i32, u32, i64, u64, d)

struct Money {
    double amount = 0;
};
DIDIT_MODEL(Money, amount)

struct Child {
    std::string name;
    didit::Nullable<std::int64_t> age;
    didit::Json extra;
};
DIDIT_MODEL(Child, name, age)

struct Parent {
    std::string id;
    Color color;
    std::vector<Child> children;
    std::map<std::string, std::string> labels;
    didit::Json metadata;
    std::optional<Child> favourite;
    didit::Nullable<Child> guardian;
    std::vector<bool> flags;
    std::map<std::string, didit::Nullable<double>> scores;
    didit::Json extra;
};
DIDIT_MODEL(Parent, id, color, children, labels, metadata, favourite, guardian, flags, scores)

}  // namespace mt

namespace {

template <class T>
std::string encode_text(const T& v) {
    auto j = didit::encode_json(v);
    REQUIRE(j.ok());
    return didit::detail::dump_json(j.value());
}

template <class T>
didit::Result<T> decode_text(std::string_view text) {
    return didit::decode_json<T>(text);
}

}  // namespace

// ---- field states ---------------------------------------------------------------------------

TEST_CASE("model: absent fields are not sent, plain members always are") {
    mt::Patch p;
    CHECK(encode_text(p) == R"({"count":7,"enabled":false,"label":""})");
}

TEST_CASE("model: a null Nullable is sent as null") {
    mt::Patch p;
    p.webhook_url = nullptr;
    CHECK(p.webhook_url.is_null());
    CHECK(encode_text(p) == R"({"count":7,"enabled":false,"label":"","webhook_url":null})");
    p.webhook_url.set_null();
    CHECK(encode_text(p) == R"({"count":7,"enabled":false,"label":"","webhook_url":null})");
}

TEST_CASE("model: a Nullable with a value is sent, and reset() makes it absent again") {
    mt::Patch p;
    p.webhook_url = std::string("https://example.com/hook");
    p.limit = 5;
    CHECK(encode_text(p) ==
          R"({"count":7,"enabled":false,"label":"","limit":5,"webhook_url":"https://example.com/hook"})");
    p.webhook_url.reset();
    p.limit.reset();
    CHECK(p.webhook_url.is_absent());
    CHECK(encode_text(p) == R"({"count":7,"enabled":false,"label":""})");
}

TEST_CASE("model: Nullable's accessors follow its state") {
    didit::Nullable<int> n;
    CHECK(n.is_absent());
    CHECK_FALSE(n.is_null());
    CHECK_FALSE(n.has_value());
    CHECK(n.get() == nullptr);
    CHECK(n.value_or(3) == 3);

    n = nullptr;
    CHECK(n.is_null());
    CHECK(n.get() == nullptr);
    CHECK(n.value_or(4) == 4);

    n = 9;
    CHECK(n.has_value());
    REQUIRE(n.get() != nullptr);
    CHECK(*n.get() == 9);
    CHECK(n.value() == 9);
    CHECK(n.value_or(4) == 9);

    didit::Nullable<int> a, b;
    CHECK(a == b);
    b = nullptr;
    CHECK(a != b);  // absent != null
    a = nullptr;
    CHECK(a == b);
    a = 1;
    b = 1;
    CHECK(a == b);
    b = 2;
    CHECK(a != b);

    didit::Nullable<std::string> s = "from a literal";
    CHECK(s.value() == "from a literal");
    s.emplace() = "emplaced";
    CHECK(s.value() == "emplaced");
}

#if DIDIT_TEST_HAS_EXCEPTIONS
TEST_CASE("model: Nullable::value() on null or absent throws") {
    didit::Nullable<int> n;
    CHECK_THROWS_AS((void)n.value(), didit::Exception);
    n = nullptr;
    CHECK_THROWS_AS((void)n.value(), didit::Exception);
}
#endif

TEST_CASE("model: decoding tells absent, null and value apart") {
    auto absent = decode_text<mt::Patch>(R"({})");
    REQUIRE(absent.ok());
    CHECK(absent->webhook_url.is_absent());
    CHECK_FALSE(absent->limit.has_value());
    CHECK(absent->count == 7);  // absent keeps the default

    auto null = decode_text<mt::Patch>(R"({"webhook_url":null,"limit":null})");
    REQUIRE(null.ok());
    CHECK(null->webhook_url.is_null());
    CHECK_FALSE(null->limit.has_value());

    auto value =
        decode_text<mt::Patch>(R"({"webhook_url":"https://x.test/","limit":3,"label":"L","count":1,"enabled":true})");
    REQUIRE(value.ok());
    REQUIRE(value->webhook_url.has_value());
    CHECK(value->webhook_url.value() == "https://x.test/");
    CHECK(value->limit == 3);
    CHECK(value->label == "L");
    CHECK(value->count == 1);
    CHECK(value->enabled);
}

TEST_CASE("model: null for a plain member is a type mismatch") {
    auto r = decode_text<mt::Patch>(R"({"label":null})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::Decode);
    CHECK(r.error().message == "label: expected string, got null");
}

// ---- unknown keys (extra) ---------------------------------------------------------------------

TEST_CASE("model: decoding keeps unknown keys in extra") {
    auto r = decode_text<mt::Patch>(R"({"label":"x","new_field":1,"nested":{"a":[true]},"limit":2})");
    REQUIRE(r.ok());
    CHECK(r->label == "x");
    CHECK(r->limit == 2);
    REQUIRE(r->extra.is_object());
    CHECK(r->extra.size() == 2);
    CHECK(r->extra["new_field"] == 1);
    CHECK(r->extra["nested"]["a"][0] == true);
    CHECK_FALSE(r->extra.contains("label"));
    CHECK_FALSE(r->extra.contains("limit"));
}

TEST_CASE("model: with no unknown keys, extra stays null") {
    auto r = decode_text<mt::Patch>(R"({"label":"x"})");
    REQUIRE(r.ok());
    CHECK(r->extra.is_null());
}

TEST_CASE("model: encoding merges extra, and typed fields win") {
    mt::Patch p;
    p.label = "typed";
    p.extra = didit::Json{{"label", "from extra"}, {"beta_option", true}, {"count", 99}};
    CHECK(encode_text(p) == R"({"beta_option":true,"count":7,"enabled":false,"label":"typed"})");
}

TEST_CASE("model: an absent typed field does not block the same key in extra") {
    mt::Patch p;
    p.extra = didit::Json{{"webhook_url", "https://from-extra.test/"}};
    CHECK(encode_text(p) == R"({"count":7,"enabled":false,"label":"","webhook_url":"https://from-extra.test/"})");
}

TEST_CASE("model: extra that is not an object is refused") {
    mt::Patch p;
    p.extra = didit::Json::array({1, 2});
    auto r = didit::encode_json(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "extra must be a JSON object");
}

TEST_CASE("model: unknown keys survive a decode/encode round trip") {
    const char* text = R"({"color":"red","features":["OCR"],"future":{"x":1}})";
    auto r = decode_text<mt::Item>(text);
    REQUIRE(r.ok());
    CHECK(encode_text(r.value()) == text);
}

// ---- open enums -------------------------------------------------------------------------------

TEST_CASE("model: a known enum string decodes to its value") {
    auto r = decode_text<mt::Item>(R"({"color":"dark_blue"})");
    REQUIRE(r.ok());
    REQUIRE(r->color.has_value());
    CHECK(r->color->value() == mt::Color::DarkBlue);
    CHECK(r->color->is_known());
    CHECK(r->color->str() == "dark_blue");
    CHECK(*r->color == mt::Color::DarkBlue);
    CHECK(*r->color != mt::Color::Red);
}

TEST_CASE("model: an unknown enum string is kept and re-encoded unchanged") {
    auto r = decode_text<mt::Item>(R"({"color":"ultraviolet"})");
    REQUIRE(r.ok());
    REQUIRE(r->color.has_value());
    CHECK(r->color->value() == mt::Color::Unknown);
    CHECK_FALSE(r->color->is_known());
    CHECK(r->color->str() == "ultraviolet");
    CHECK(*r->color == mt::Color(std::string_view("ultraviolet")));
    CHECK(*r->color != mt::Color(std::string_view("infrared")));
    CHECK(encode_text(r.value()) == R"({"color":"ultraviolet"})");
}

TEST_CASE("model: enums construct from values and wire strings") {
    mt::Color c = mt::Color::Green;
    CHECK(c.str() == "green");
    CHECK(mt::Color(std::string_view("green")) == c);
    mt::Color none;
    CHECK(none.value() == mt::Color::Unknown);
    CHECK(none.str().empty());
    CHECK(mt::Color::table().size() == 3);
}

TEST_CASE("model: an enum that is not a string is a type mismatch") {
    auto r = decode_text<mt::Item>(R"({"color":3})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "color: expected string, got integer");
}

// ---- type mismatches name the JSON path ---------------------------------------------------------

TEST_CASE("model: a mismatch deep in an array names the exact path") {
    auto r = decode_text<mt::Listing>(R"({"results":[{},{},{},{"features":"x"}]})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::Decode);
    CHECK(r.error().message == "results[3].features: expected array, got string");
}

TEST_CASE("model: mismatch paths for elements, maps, nested models and the root") {
    auto elem = decode_text<mt::Listing>(R"({"results":[{"features":["a",2]}]})");
    REQUIRE_FALSE(elem.ok());
    CHECK(elem.error().message == "results[0].features[1]: expected string, got integer");

    auto map = decode_text<mt::Parent>(R"({"labels":{"ok":"x","bad":false}})");
    REQUIRE_FALSE(map.ok());
    CHECK(map.error().message == "labels.bad: expected string, got boolean");

    auto nested = decode_text<mt::Parent>(R"({"children":[{"name":"a"},{"name":"b","age":"ten"}]})");
    REQUIRE_FALSE(nested.ok());
    CHECK(nested.error().message == "children[1].age: expected integer, got string");

    auto opt = decode_text<mt::Parent>(R"({"favourite":[]})");
    REQUIRE_FALSE(opt.ok());
    CHECK(opt.error().message == "favourite: expected object, got array");

    auto flags = decode_text<mt::Parent>(R"({"flags":[true,"no"]})");
    REQUIRE_FALSE(flags.ok());
    CHECK(flags.error().message == "flags[1]: expected boolean, got string");

    auto root = decode_text<mt::Listing>(R"([1,2])");
    REQUIRE_FALSE(root.ok());
    CHECK(root.error().message == "expected object, got array");

    auto scores = decode_text<mt::Parent>(R"({"scores":{"a":1.5,"b":null,"c":"high"}})");
    REQUIRE_FALSE(scores.ok());
    CHECK(scores.error().message == "scores.c: expected number, got string");
}

TEST_CASE("model: text that is not JSON is a Decode error") {
    auto r = decode_text<mt::Patch>("{\"label\": ");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::Decode);
    CHECK(r.error().message == "response is not valid JSON");
    auto bad_utf8 = decode_text<mt::Patch>("{\"label\":\"\xc3\x28\"}");
    REQUIRE_FALSE(bad_utf8.ok());
    CHECK(bad_utf8.error().kind == didit::ErrorKind::Decode);
}

// ---- numbers ----------------------------------------------------------------------------------

TEST_CASE("model: integers in range decode exactly") {
    auto r = decode_text<mt::Numbers>(
        R"({"i8":-128,"i32":2147483647,"u32":4294967295,"i64":-9223372036854775808,"u64":18446744073709551615})");
    REQUIRE(r.ok());
    CHECK(*r->i8 == -128);
    CHECK(*r->i32 == 2147483647);
    CHECK(*r->u32 == 4294967295u);
    CHECK(*r->i64 == std::numeric_limits<std::int64_t>::min());
    CHECK(*r->u64 == std::numeric_limits<std::uint64_t>::max());
}

TEST_CASE("model: integers out of range are refused with the path") {
    struct Case {
        const char* json;
        const char* message;
    };
    const Case cases[] = {
        {R"({"i8":128})", "i8: integer out of range"},
        {R"({"i8":-129})", "i8: integer out of range"},
        {R"({"i32":2147483648})", "i32: integer out of range"},
        {R"({"i32":-2147483649})", "i32: integer out of range"},
        {R"({"u32":-1})", "u32: integer out of range"},
        {R"({"u32":4294967296})", "u32: integer out of range"},
        {R"({"i64":9223372036854775808})", "i64: integer out of range"},
        {R"({"u64":-1})", "u64: integer out of range"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        auto r = decode_text<mt::Numbers>(c.json);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::Decode);
        CHECK(r.error().message == c.message);
    }
}

TEST_CASE("model: integral floats are accepted for integers, fractions are not") {
    auto r = decode_text<mt::Numbers>(R"({"i32":3.0,"u32":0.0,"i64":-42.0,"i8":-128.0})");
    REQUIRE(r.ok());
    CHECK(*r->i32 == 3);
    CHECK(*r->u32 == 0u);
    CHECK(*r->i64 == -42);
    CHECK(*r->i8 == -128);

    auto frac = decode_text<mt::Numbers>(R"({"i32":3.5})");
    REQUIRE_FALSE(frac.ok());
    CHECK(frac.error().message == "i32: expected integer, got number");

    auto big = decode_text<mt::Numbers>(R"({"i32":2147483648.0})");
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message == "i32: expected integer, got number");

    auto neg = decode_text<mt::Numbers>(R"({"u32":-1.0})");
    REQUIRE_FALSE(neg.ok());
    CHECK(neg.error().message == "u32: expected integer, got number");

    auto huge = decode_text<mt::Numbers>(R"({"u64":1e30})");
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().message == "u64: expected integer, got number");

    auto str = decode_text<mt::Numbers>(R"({"i64":"5"})");
    REQUIRE_FALSE(str.ok());
    CHECK(str.error().message == "i64: expected integer, got string");
}

TEST_CASE("model: doubles decode from integers and floats, not from strings") {
    auto i = decode_text<mt::Numbers>(R"({"d":5})");
    REQUIRE(i.ok());
    CHECK(*i->d == doctest::Approx(5.0));
    auto f = decode_text<mt::Numbers>(R"({"d":-0.25})");
    REQUIRE(f.ok());
    CHECK(*f->d == doctest::Approx(-0.25));
    auto s = decode_text<mt::Numbers>(R"({"d":"1.5"})");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message == "d: expected number, got string");
}

TEST_CASE("model: an integral double encodes as an integer") {
    CHECK(encode_text(mt::Money{50.0}) == R"({"amount":50})");
    CHECK(encode_text(mt::Money{-3.0}) == R"({"amount":-3})");
    CHECK(encode_text(mt::Money{0.0}) == R"({"amount":0})");
    CHECK(encode_text(mt::Money{50.5}) == R"({"amount":50.5})");
    CHECK(encode_text(mt::Money{0.1}) == R"({"amount":0.1})");
    // Beyond 2^53 the value is not an exact integer any more; it stays a float.
    CHECK(encode_text(mt::Money{1e300}) == R"({"amount":1e+300})");
}

TEST_CASE("model: NaN and infinity are refused with the field path") {
    auto nan = didit::encode_json(mt::Money{std::nan("")});
    REQUIRE_FALSE(nan.ok());
    CHECK(nan.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(nan.error().message == "amount: number is not finite (NaN or infinity)");

    auto inf = didit::encode_json(mt::Money{std::numeric_limits<double>::infinity()});
    REQUIRE_FALSE(inf.ok());
    CHECK(inf.error().kind == didit::ErrorKind::InvalidArgument);

    mt::Parent p;
    p.metadata = didit::Json{{"score", std::numeric_limits<double>::quiet_NaN()}};
    auto meta = didit::encode_json(p);
    REQUIRE_FALSE(meta.ok());
    CHECK(meta.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(meta.error().message == "metadata.score: number is not finite (NaN or infinity)");

    mt::Parent q;
    q.scores["x"] = -std::numeric_limits<double>::infinity();
    auto sc = didit::encode_json(q);
    REQUIRE_FALSE(sc.ok());
    CHECK(sc.error().message == "scores.x: number is not finite (NaN or infinity)");
}

// ---- invalid UTF-8 is refused, never sent and never a crash ---------------------------------------

TEST_CASE("model: invalid UTF-8 in a string field is InvalidArgument with the path") {
    mt::Parent p;
    p.id = "abc\xff";
    auto r = didit::encode_json(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "id: string is not valid UTF-8");

    mt::Parent nested;
    nested.children.resize(2);
    nested.children[1].name = "\xc3";  // truncated two-byte sequence
    auto n = didit::encode_json(nested);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().message == "children[1].name: string is not valid UTF-8");

    mt::Item item;
    item.features = std::vector<std::string>{"ok", "\xed\xa0\x80"};  // a UTF-16 surrogate
    auto it = didit::encode_json(item);
    REQUIRE_FALSE(it.ok());
    CHECK(it.error().message == "features[1]: string is not valid UTF-8");

    mt::Patch patch;
    patch.webhook_url = std::string("\xc0\xaf");  // overlong "/"
    auto pw = didit::encode_json(patch);
    REQUIRE_FALSE(pw.ok());
    CHECK(pw.error().message == "webhook_url: string is not valid UTF-8");
}

TEST_CASE("model: valid UTF-8 passes through unchanged") {
    mt::Parent p;
    p.id = "Jos\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
    auto r = didit::encode_json(p);
    REQUIRE(r.ok());
    CHECK(r.value()["id"] == p.id);
}

TEST_CASE("model: invalid UTF-8 inside a didit::Json value is InvalidArgument with the path") {
    mt::Parent p;
    p.metadata = didit::Json{{"a", {{"b", didit::Json::array({"fine", "bad\xfe"})}}}};
    auto r = didit::encode_json(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "metadata.a.b[1]: string is not valid UTF-8");

    mt::Parent k;
    k.metadata = didit::Json::object();
    k.metadata["\xff"] = 1;
    auto rk = didit::encode_json(k);
    REQUIRE_FALSE(rk.ok());
    CHECK(rk.error().message == "metadata.<key>: object key is not valid UTF-8");
}

TEST_CASE("model: invalid UTF-8 in a map key is InvalidArgument with the path") {
    mt::Parent p;
    p.labels["ok"] = "fine";
    p.labels["bad\x80"] = "value";
    auto r = didit::encode_json(p);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "labels: object key is not valid UTF-8");

    mt::Parent v;
    v.labels["key"] = "\x80";
    auto rv = didit::encode_json(v);
    REQUIRE_FALSE(rv.ok());
    CHECK(rv.error().message == "labels.key: string is not valid UTF-8");
}

TEST_CASE("model: invalid UTF-8 in extra is InvalidArgument with the path") {
    mt::Patch key;
    key.extra = didit::Json::object();
    key.extra["bad\xff"] = 1;
    auto rk = didit::encode_json(key);
    REQUIRE_FALSE(rk.ok());
    CHECK(rk.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(rk.error().message == "extra key is not valid UTF-8");

    mt::Patch val;
    val.extra = didit::Json{{"note", {{"deep", "\xe2\x82"}}}};
    auto rv = didit::encode_json(val);
    REQUIRE_FALSE(rv.ok());
    CHECK(rv.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(rv.error().message == "note.deep: string is not valid UTF-8");

    mt::Parent nested;
    nested.children.resize(1);
    nested.children[0].extra = didit::Json{{"x", "\xf5\x80\x80\x80"}};
    auto rn = didit::encode_json(nested);
    REQUIRE_FALSE(rn.ok());
    CHECK(rn.error().message == "children[0].x: string is not valid UTF-8");
}

TEST_CASE("model: an unknown enum string with invalid UTF-8 is refused") {
    mt::Item item;
    item.color = mt::Color(std::string_view("\xff"));
    auto r = didit::encode_json(item);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(r.error().message == "color: string is not valid UTF-8");
}

TEST_CASE("model: detail::utf8_valid follows RFC 3629") {
    using didit::detail::utf8_valid;
    CHECK(utf8_valid(""));
    CHECK(utf8_valid("plain"));
    CHECK(utf8_valid("\xc3\xa9"));
    CHECK(utf8_valid("\xf4\x8f\xbf\xbf"));        // U+10FFFF
    CHECK_FALSE(utf8_valid("\xf4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(utf8_valid("\xc1\xbf"));          // overlong
    CHECK_FALSE(utf8_valid("\xe0\x80\xaf"));      // overlong
    CHECK_FALSE(utf8_valid("\xed\xb0\x80"));      // surrogate
    CHECK_FALSE(utf8_valid("\xe6\x97"));          // truncated
    CHECK_FALSE(utf8_valid("\x80"));              // lone continuation
    CHECK(didit::detail::utf8_valid_prefix("ab\xffz") == 2);
    // Past whole words of ASCII, and at a word's edge.
    CHECK(didit::detail::utf8_valid_prefix("abcdefgh\xffz") == 8);
    CHECK(didit::detail::utf8_valid_prefix("abcdefghi\xe6\x97") == 9);
    CHECK(didit::detail::utf8_valid_prefix("abcdefghijklmno\xc3\xa9xyz") == 20);
    CHECK(didit::detail::utf8_valid_prefix("abcdefg\xc3\xa9"
                                           "abcdefghijk\xc3") == 20);
}

// ---- round trip -----------------------------------------------------------------------------------

TEST_CASE("model: a nested model survives encode -> text -> decode -> encode") {
    mt::Parent p;
    p.id = "p-1";
    p.color = mt::Color::Green;
    p.children = {mt::Child{"ann", 7, {}}, mt::Child{"bob", nullptr, {}}, mt::Child{"cy", {}, {}}};
    p.labels = {{"team", "kyc"}, {"tier", "gold"}};
    p.metadata = didit::Json{{"user", {{"id", 12}, {"tags", {"a", "b"}}}}, {"ratio", 0.5}};
    p.favourite = mt::Child{"ann", 7, {}};
    p.guardian = nullptr;
    p.flags = {true, false, true};
    p.scores["a"] = 1.5;
    p.scores["b"] = nullptr;
    p.extra = didit::Json{{"unmodelled", "kept"}};

    const std::string text = encode_text(p);
    auto back = decode_text<mt::Parent>(text);
    REQUIRE(back.ok());
    const mt::Parent& q = back.value();
    CHECK(q.id == "p-1");
    CHECK(q.color == mt::Color::Green);
    REQUIRE(q.children.size() == 3);
    CHECK(q.children[0].name == "ann");
    CHECK(q.children[0].age.value() == 7);
    CHECK(q.children[1].age.is_null());
    CHECK(q.children[2].age.is_absent());
    CHECK(q.labels == p.labels);
    CHECK(q.metadata == p.metadata);
    REQUIRE(q.favourite.has_value());
    CHECK(q.favourite->name == "ann");
    CHECK(q.guardian.is_null());
    CHECK(q.flags == std::vector<bool>{true, false, true});
    REQUIRE(q.scores.size() == 2);
    CHECK(q.scores.at("a").value() == doctest::Approx(1.5));
    CHECK(q.scores.at("b").is_null());
    CHECK(q.extra == didit::Json{{"unmodelled", "kept"}});
    CHECK(encode_text(q) == text);
}

TEST_CASE("model: decode_json works on an already-parsed value and Empty takes anything") {
    didit::Json j = {{"label", "x"}, {"count", 2}};
    auto r = didit::decode_json<mt::Patch>(j);
    REQUIRE(r.ok());
    CHECK(r->count == 2);

    auto e = didit::decode_json<didit::Empty>(didit::Json());
    REQUIRE(e.ok());
    CHECK(e->raw.is_null());
    auto e2 = didit::decode_json<didit::Empty>(std::string_view(R"({"deleted":true})"));
    REQUIRE(e2.ok());
    CHECK(e2->raw["deleted"] == true);
}

TEST_CASE("json: dump_json writes what nlohmann's dump() writes") {
    const char* text = R"({"a":[1,-2,3.5,1.0,100.0,1e15,1e16,1e20,1e-7,0.0001,0.00001,0.1,-0.0,18446744073709551615,)"
                       R"(-9223372036854775808,true,false,null,{},[],[[]],{"x":{}}],)"
                       R"("s":"q\"\\\b\f\n\r\t\u0001\u001f\u007f é 😀 /","":"","z":{"k":[{"n":null}]}})";
    const didit::Json j = didit::Json::parse(text);
    CHECK(didit::detail::dump_json(j) == j.dump());
    for (double d : {1e15, 999999999999999.9, 1e16, 123456789.125, 2.5e-5, 5e-324, 1.7976931348623157e308, 0.5})
        CHECK(didit::detail::dump_json(didit::Json(d)) == didit::Json(d).dump());
}

TEST_CASE("json: every double dump_json writes reads back as the same double") {
    std::uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 20000; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d = 0;
        std::memcpy(&d, &x, sizeof d);
        if (!std::isfinite(d)) continue;
        const std::string text = didit::detail::dump_json(didit::Json(d));
        const didit::Json back = didit::detail::parse_json_text(text);
        REQUIRE(back.is_number_float());
        CHECK(back.get<double>() == d);
    }
}

TEST_CASE("json: dump_json writes valid JSON where dump() would throw") {
    // Invalid UTF-8 becomes U+FFFD; NaN and infinity become null, as dump() writes them.
    CHECK(didit::detail::dump_json(didit::Json("a\xff"
                                               "b\xc3")) ==
          "\"a\xEF\xBF\xBD"
          "b\xEF\xBF\xBD\"");
    CHECK(didit::detail::dump_json(didit::Json::array({std::nan(""), HUGE_VAL})) == "[null,null]");
    CHECK(didit::detail::dump_json(didit::Json(didit::Json::value_t::discarded)) == "null");
}

TEST_CASE("json: parsing stops at max_json_depth, and neither it nor writing recurses") {
    const auto nest = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
    const std::size_t limit = didit::detail::max_json_depth;
    bool too_deep = true;
    const didit::Json j = didit::detail::parse_json_text(nest(limit), &too_deep);
    REQUIRE(j.is_array());
    CHECK_FALSE(too_deep);
    CHECK(didit::detail::dump_json(j) == nest(limit));
    for (std::size_t n : {limit + 1, std::size_t{100000}}) {
        too_deep = false;
        CHECK(didit::detail::parse_json_text(nest(n), &too_deep).is_discarded());
        CHECK(too_deep);
    }
    // Other refusals are not about depth.
    too_deep = true;
    CHECK(didit::detail::parse_json_text("[1,]", &too_deep).is_discarded());
    CHECK_FALSE(too_deep);
    // A value built by hand (no parser involved) is written without recursion too.
    didit::Json built = didit::Json::array();
    didit::Json* p = &built;
    for (int i = 1; i < 100000; ++i) p = &p->emplace_back(didit::Json::array());
    CHECK(didit::detail::dump_json(built) == nest(100000));
}

TEST_CASE("json: parse_json_text returns discarded for anything that is not exactly one JSON value") {
    for (const char* bad : {"", " ", "{", "{\"a\":1} x", "[1,]", "\"\\ud800\"", "\"a\xff\"", "nul", "01", "1e400"})
        CHECK_MESSAGE(didit::detail::parse_json_text(bad).is_discarded(), bad);
    const didit::Json ok = didit::detail::parse_json_text(" {\"a\":[1,2.5,\"\\u00e9\"],\"a\":true} ");
    REQUIRE(ok.is_object());
    CHECK(ok.at("a") == didit::Json(true));  // a repeated key: the last one wins, as with Json::parse
}

namespace {

/// parse_json_text and nlohmann's own parser agree on `text`: both refuse it, or both build
/// the same tree.
bool parsers_agree(const std::string& text) {
    const didit::Json ours = didit::detail::parse_json_text(text);
    const didit::Json theirs = didit::Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (ours.is_discarded() || theirs.is_discarded()) return ours.is_discarded() == theirs.is_discarded();
    return didit_test::identical(ours, theirs);
}

}  // namespace

TEST_CASE("json: parse_json_text builds what Json::parse builds, and refuses what it refuses") {
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(DIDIT_TEST_FIXTURES)) {
        if (entry.path().extension() != ".json") continue;
        seeds.push_back(didit_test::fixture(entry.path().filename().string()));
        CHECK_MESSAGE(parsers_agree(seeds.back()), entry.path().filename().string());
    }
    REQUIRE(seeds.size() >= 40);
    for (const char* edge : {"0",
                             "-0",
                             "-0.0",
                             "1E5",
                             "1e+5",
                             "0.1e-2",
                             "1e-400",
                             "-1e-400",
                             "1e400",
                             "-1e400",
                             "4.9406564584124654e-324",
                             "1.7976931348623157e308",
                             "1.7976931348623159e308",
                             "18446744073709551615",
                             "18446744073709551616",
                             "-9223372036854775808",
                             "-9223372036854775809",
                             "123456789012345678901234567890",
                             "\xEF\xBB\xBF{}",
                             "\xEF\xBB{}",
                             "\"\\u0000\"",
                             "\"\\ud83d\\ude00\"",
                             "\"\\ud83d\"",
                             "\"\\udc00\"",
                             "{\"a\":1,\"a\":{\"b\":2}}",
                             "\"\x7f\"",
                             "\"\x01\"",
                             "\"\xc0\x80\"",
                             "\"\xed\xa0\x80\"",
                             "\"\xf4\x90\x80\x80\"",
                             "[01]",
                             "[-]",
                             "[1.]",
                             "[.5]",
                             "[1e]",
                             "[1,]",
                             "{\"a\"}",
                             "tru",
                             "nulll",
                             " \t\n\r[]\n"}) {
        seeds.emplace_back(edge);
        CHECK_MESSAGE(parsers_agree(edge), edge);
    }
    // Mutations of all of the above: bytes inserted, deleted and replaced, with a fixed seed.
    const std::string alphabet = "{}[]:,\"\\ 0123456789.eE+-tfnulrsa\xc3\xa9\xff";
    std::uint64_t x = 0x2545F4914F6CDD1Du;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    int disagreements = 0;
    for (int round = 0; round < 30000; ++round) {
        std::string text = seeds[next() % seeds.size()];
        if (text.size() > 3000) text.resize(next() % 3000);
        for (std::uint64_t m = 1 + next() % 4; m > 0 && !text.empty(); --m) {
            const std::size_t pos = next() % text.size();
            const char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
                case 0: text.insert(pos, 1, c); break;
                case 1: text.erase(pos, 1); break;
                default: text[pos] = c; break;
            }
        }
        if (!parsers_agree(text) && ++disagreements <= 5) FAIL_CHECK("parsers disagree on: " << text);
    }
    CHECK(disagreements == 0);
}

TEST_CASE("json: a NUL byte does not end the text, as it does for Json::parse") {
    const std::string text("{\"a\":1}\0{\"b\":2}", 15);
    CHECK(didit::Json::parse(text, nullptr, false) == didit::Json{{"a", 1}});
    CHECK(didit::detail::parse_json_text(text).is_discarded());
    CHECK(didit::detail::parse_json_text(std::string("\"a\0b\"", 5)).is_discarded());  // raw control byte
}

TEST_CASE("DIDIT_CLOSED_ENUM: decoding stays open, encoding refuses values outside the table") {
    // Decoding keeps an unknown value, as for every DIDIT_ENUM.
    auto d = didit::decode_json<mt::Paint>(std::string_view(R"({"shade":"neon","layers":["dark","x"]})"));
    REQUIRE(d.ok());
    CHECK_FALSE(d->shade.is_known());
    CHECK(d->shade.str() == "neon");

    mt::Paint ok;
    ok.shade = mt::Shade::Dark;
    ok.color = mt::Color("chartreuse");  // an unmarked enum still sends what it holds
    auto e = didit::encode_json(ok);
    REQUIRE(e.ok());
    CHECK(*e == didit::Json{{"shade", "dark"}, {"color", "chartreuse"}});

    // Sending the decoded value back is refused, naming the field; so is a default one.
    auto back = didit::encode_json(*d);
    REQUIRE_FALSE(back.ok());
    CHECK(back.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(back.error().message.find("shade: \"neon\" is not accepted here; the values are light, dark") !=
          std::string::npos);
    mt::Paint unset;
    auto u = didit::encode_json(unset);
    REQUIRE_FALSE(u.ok());
    CHECK(u.error().message.find("shade") != std::string::npos);
    mt::Paint inner;
    inner.shade = mt::Shade::Light;
    inner.layers = std::vector<mt::Shade>{mt::Shade::Dark, mt::Shade("x")};
    auto i = didit::encode_json(inner);
    REQUIRE_FALSE(i.ok());
    CHECK(i.error().message.find("layers[1]: \"x\" is not accepted here") != std::string::npos);
}
