// SPDX-License-Identifier: MIT
// Canonical JSON for X-Signature-V2: expected outputs are what CPython 3.11 produces for the same body.

#include <doctest/doctest.h>

// Only the umbrella: the single-header build has nothing else on its include path.
#include <didit/didit.hpp>

#include "json_compare.hpp"

#include <string>
#include <string_view>

namespace {

using didit::detail::CanonicalError;
using didit::detail::CanonicalLimits;
using didit::detail::CanonicalStatus;
using didit_test::error_name;

// Non-ASCII test text as explicit UTF-8 bytes, so the source encoding cannot matter.
const std::string kEAcute = "\xC3\xA9";            // U+00E9
const std::string kNTilde = "\xC3\xB1";            // U+00F1
const std::string kLineSep = "\xE2\x80\xA8";       // U+2028
const std::string kParaSep = "\xE2\x80\xA9";       // U+2029
const std::string kMaxBmp = "\xEF\xBF\xBF";        // U+FFFF
const std::string kGrinning = "\xF0\x9F\x98\x80";  // U+1F600
const std::string kMaxCode = "\xF4\x8F\xBF\xBF";   // U+10FFFF

// The canonical form, or "<error NAME@OFFSET>" so a failed CHECK shows what went wrong.
std::string canon(std::string_view body, const CanonicalLimits& limits = {}) {
    std::string out;
    const CanonicalStatus st = didit::detail::canonicalize_json(body, out, limits);
    if (!st) return std::string("<error ") + error_name(st.error) + "@" + std::to_string(st.offset) + ">";
    return out;
}

std::string canon_ascii(std::string_view body) {
    std::string out;
    const CanonicalStatus st = didit::detail::canonicalize_json_ascii(body, out);
    if (!st) return std::string("<error ") + error_name(st.error) + "@" + std::to_string(st.offset) + ">";
    return out;
}

std::string rejection(std::string_view body, const CanonicalLimits& limits = {}) {
    std::string out;
    const CanonicalStatus st = didit::detail::canonicalize_json(body, out, limits);
    return std::string(error_name(st.error)) + "@" + std::to_string(st.offset);
}

std::string repr(double v) {
    std::string out;
    didit::detail::append_shortest_double(out, v, didit::detail::canonical_impl::python_max_fixed_decpt);
    return out;
}

std::string nested(std::size_t depth, const char* open, const char* close, const char* inner = "1") {
    std::string s;
    for (std::size_t i = 0; i < depth; ++i) s += open;
    s += inner;
    for (std::size_t i = 0; i < depth; ++i) s += close;
    return s;
}

}  // namespace

TEST_CASE("canonical_json: object keys are sorted recursively, arrays keep their order") {
    CHECK(canon(R"({"b":1,"a":{"d":[3,2,1],"c":null}})") == R"({"a":{"c":null,"d":[3,2,1]},"b":1})");
    CHECK(canon(R"([{"z":1,"y":2},[3,{"b":0,"a":0}]])") == R"([{"y":2,"z":1},[3,{"a":0,"b":0}]])");
    // Keys sharing a long prefix, and prefixes of each other (including an embedded NUL).
    CHECK(canon(R"({"feature_9":0,"feature_10":1,"feature_1":2,"feature_":3})") ==
          R"({"feature_":3,"feature_1":2,"feature_10":1,"feature_9":0})");
    CHECK(canon(R"({"ab":1,"a\u0000":2,"a":3,"":4,"A":5,"_":6})") == R"({"":4,"A":5,"_":6,"a":3,"a\u0000":2,"ab":1})");
}

TEST_CASE("canonical_json: keys sort by code point, not by UTF-16 unit") {
    // JavaScript would put U+1F600 (a surrogate pair) before U+FFFF; Python does not.
    const std::string body = "{\"" + kGrinning + "\":1,\"\\uffff\":2,\"" + kEAcute + "\":3,\"b\":4,\"a\":5}";
    CHECK(canon(body) == "{\"a\":5,\"b\":4,\"" + kEAcute + "\":3,\"" + kMaxBmp + "\":2,\"" + kGrinning + "\":1}");
    CHECK(canon_ascii(body) == R"({"a":5,"b":4,"\u00e9":3,"\uffff":2,"\ud83d\ude00":1})");
}

TEST_CASE("canonical_json: the last of duplicate keys wins") {
    CHECK(canon(R"({"a":1,"b":2,"a":3})") == R"({"a":3,"b":2})");
    CHECK(canon(R"({"a":1,"a":{"x":1},"a":[true]})") == R"({"a":[true]})");
    // An escaped and a raw spelling are the same key.
    CHECK(canon("{\"\\u00e9\":1,\"" + kEAcute + "\":2}") == "{\"" + kEAcute + "\":2}");
    CHECK(canon(R"({"k":{"b":1,"b":2,"a":0}})") == R"({"k":{"a":0,"b":2}})");
}

TEST_CASE("canonical_json: whitespace is dropped and top-level scalars are allowed") {
    CHECK(canon(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] , \"b\" : { } ,\"c\":[ ] }\r\n ") == R"({"a":[1,2],"b":{},"c":[]})");
    CHECK(canon(R"("x")") == R"("x")");
    CHECK(canon("  7 ") == "7");
    CHECK(canon("true") == "true");
    CHECK(canon("false") == "false");
    CHECK(canon("null") == "null");
    CHECK(canon("2.0") == "2");
}

TEST_CASE("canonical_json: integers are kept exactly, -0 becomes 0") {
    CHECK(canon("[0,-0,-7,42,-1000]") == "[0,0,-7,42,-1000]");
    CHECK(canon("-0") == "0");
    CHECK(canon("123456789012345678901234567890") == "123456789012345678901234567890");
    CHECK(canon("[-98765432109876543210987654321,18446744073709551616]") ==
          "[-98765432109876543210987654321,18446744073709551616]");
    const std::string huge(400, '9');
    CHECK(canon(huge) == huge);
}

TEST_CASE("canonical_json: integral floats become the exact integer of the double") {
    CHECK(canon("[95.0,1E+2,1e2,1.5e1,100e-2,-0.0,0.0,0e999999999999999999]") == "[95,100,100,15,1,0,0,0]");
    CHECK(canon("[1e21,-1e19,1e22,1e23]") ==
          "[1000000000000000000000,-10000000000000000000,10000000000000000000000,99999999999999991611392]");
    CHECK(canon("9007199254740993.0") == "9007199254740992");
    // Around 2^63..2^65, where the exact value stops fitting in 64 bits.
    CHECK(canon("[9223372036854775808.0,1.8446744073709552e19,36893488147419103232.0,-2.0e19,9007199254740992e1]") ==
          "[9223372036854775808,18446744073709551616,36893488147419103232,-20000000000000000000,90071992547409920]");
    CHECK(canon("123456789012345678901234567890.0") == "123456789012345677877719597056");
    CHECK(canon("1e300") ==
          "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043"
          "7044438328838781769425232353604305756447921847867069828483872009265758037378302337947880900593689532349"
          "70799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160");
    CHECK(canon("1.7976931348623157e308") ==
          "1797693134862315708145274237317043567980705675258449965989174768031572607800285387605895586327668781715"
          "4045895351438246423432132688946418276846754670353751698604991057655128207624549009038932894407586850845"
          "5133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368");
    // Underflow to zero: Python's float() gives (-)0.0, which shortens to 0.
    CHECK(canon("[1e-400,-1e-400,2.4703282292062327e-324]") == "[0,0,0]");
}

TEST_CASE("canonical_json: other floats print as Python's repr") {
    CHECK(canon("[2.50,0.1,5.33548,1000000000000000.5,3.141592653589793,0.30000000000000004]") ==
          "[2.5,0.1,5.33548,1000000000000000.5,3.141592653589793,0.30000000000000004]");
    CHECK(canon("[0.0001,0.00001,1e-5,1.5e-07,1e-7,-2.5e-5,9.999e-05]") ==
          "[0.0001,1e-05,1e-05,1.5e-07,1e-07,-2.5e-05,9.999e-05]");
    CHECK(canon("[12.5E-1,123.456e-300,2.2250738585072014e-308]") == "[1.25,1.23456e-298,2.2250738585072014e-308]");
    // Subnormals, and literals that need every digit for correct rounding.
    CHECK(canon("[5e-324,4.9406564584124654e-324,2.4703282292062328e-324,0.5e-323]") ==
          "[5e-324,5e-324,5e-324,5e-324]");
    CHECK(canon("0.1000000000000000055511151231257827") == "0.1");
    // Exactly halfway between 1 and the next double rounds to even (1.0, hence the int 1); a
    // hair above rounds up; halfway between the next two rounds up to the even one.
    CHECK(canon("1.00000000000000011102230246251565404236316680908203125") == "1");
    CHECK(canon("1.00000000000000011102230246251565404236316680908203126") == "1.0000000000000002");
    CHECK(canon("1.00000000000000033306690738754696212708950042724609375") == "1.0000000000000004");
}

TEST_CASE("canonical_json: float repr switches to exponent form below 1e-4 and from 1e16") {
    CHECK(repr(0.0001) == "0.0001");
    CHECK(repr(0.00001) == "1e-05");
    CHECK(repr(9.999e-5) == "9.999e-05");
    CHECK(repr(1e-100) == "1e-100");
    CHECK(repr(-0.5) == "-0.5");
    CHECK(repr(123.0) == "123.0");  // unreachable via canonicalize (integral), but Python's rule
    CHECK(repr(1e15) == "1000000000000000.0");
    CHECK(repr(1e16) == "1e+16");
    CHECK(repr(1.2345e20) == "1.2345e+20");
    CHECK(repr(1e100) == "1e+100");
}

TEST_CASE("canonical_json: string escapes are decoded and re-escaped like Python") {
    CHECK(canon(R"("\"\\\/\b\f\n\r\t")") == R"("\"\\/\b\f\n\r\t")");
    CHECK(canon(R"("\u0000\u0001\u001f\u001F\u0008\u000a\u0041")") == R"("\u0000\u0001\u001f\u001f\b\nA")");
    CHECK(canon(R"("a/b")") == R"("a/b")");
    // DEL, U+2028/2029, other non-ASCII and astral characters stay raw.
    CHECK(canon(R"("\u007f\u2028\u2029\u00E9\ud83d\ude00\uD83D\uDE00\udbff\udfff")") ==
          "\"\x7F" + kLineSep + kParaSep + kEAcute + kGrinning + kGrinning + kMaxCode + "\"");
    const std::string raw = "\"" + kEAcute + kLineSep + "\x7F" + kGrinning + kMaxCode + "\"";
    CHECK(canon(raw) == raw);
    // Escapes in keys too.
    CHECK(canon(R"({"a\nb":"\u0022"})") == R"({"a\nb":"\""})");
}

TEST_CASE("canonical_json: the ASCII variant escapes everything outside ' '..'~'") {
    CHECK(canon_ascii("\"" + kEAcute + kNTilde + "\"") == R"("\u00e9\u00f1")");
    CHECK(canon_ascii("\"" + kGrinning + "\"") == R"("\ud83d\ude00")");
    CHECK(canon_ascii("\"\x7F" + kLineSep + kParaSep + kMaxCode + "\"") == R"("\u007f\u2028\u2029\udbff\udfff")");
    CHECK(canon_ascii(R"("\u0001\n\t/~ ")") == R"("\u0001\n\t/~ ")");
    CHECK(canon_ascii(R"({"b":1.0,"a":[1e-5,-0]})") == R"({"a":[1e-05,0],"b":1})");
}

TEST_CASE("canonical_json: a realistic webhook body") {
    const std::string body =
        "{\n"
        "  \"webhook_type\": \"status.updated\",\n"
        "  \"session_id\": \"11111111-2222-3333-4444-555555555555\",\n"
        "  \"status\": \"Approved\", \"created_at\": 1700000000, \"timestamp\": 1700000000,\n"
        "  \"vendor_data\": \"user-\\u00f1-42\",\n"
        "  \"metadata\": {\"note\": \"caf\\u00e9 \\ud83d\\ude00 / \\\"quoted\\\"\\n\", "
        "\"test_webhook\": false},\n"
        "  \"decision\": {\n"
        "    \"id_verification\": {\"status\": \"Approved\", \"age\": 35.0, "
        "\"date_of_birth\": \"1990-01-01\", \"full_name\": \"Jos\\u00e9 P\\u00e9rez\", "
        "\"warnings\": []},\n"
        "    \"liveness\": {\"status\": \"Approved\", \"score\": 95.5, "
        "\"age_estimation\": 33.82},\n"
        "    \"face_match\": {\"status\": \"Approved\", \"score\": 87.0},\n"
        "    \"aml\": {\"total_hits\": 0, \"score\": 0.0, \"hits\": null}\n"
        "  }\n"
        "}\n";
    CHECK(canon(body) ==
          "{\"created_at\":1700000000,\"decision\":{\"aml\":{\"hits\":null,\"score\":0,\"total_hits\":0},"
          "\"face_match\":{\"score\":87,\"status\":\"Approved\"},\"id_verification\":{\"age\":35,"
          "\"date_of_birth\":\"1990-01-01\",\"full_name\":\"Jos" +
              kEAcute + " P" + kEAcute +
              "rez\","
              "\"status\":\"Approved\",\"warnings\":[]},\"liveness\":{\"age_estimation\":33.82,\"score\":95.5,"
              "\"status\":\"Approved\"}},\"metadata\":{\"note\":\"caf" +
              kEAcute + " " + kGrinning +
              " / \\\"quoted\\\"\\n\",\"test_webhook\":false},\"session_id\":\"11111111-2222-3333-4444-555555555555\","
              "\"status\":\"Approved\",\"timestamp\":1700000000,\"vendor_data\":\"user-" +
              kNTilde +
              "-42\","
              "\"webhook_type\":\"status.updated\"}");
    CHECK(canon_ascii(body) ==
          R"({"created_at":1700000000,"decision":{"aml":{"hits":null,"score":0,"total_hits":0},)"
          R"("face_match":{"score":87,"status":"Approved"},"id_verification":{"age":35,)"
          R"("date_of_birth":"1990-01-01","full_name":"Jos\u00e9 P\u00e9rez","status":"Approved","warnings":[]},)"
          R"("liveness":{"age_estimation":33.82,"score":95.5,"status":"Approved"}},)"
          R"("metadata":{"note":"caf\u00e9 \ud83d\ude00 / \"quoted\"\n","test_webhook":false},)"
          R"("session_id":"11111111-2222-3333-4444-555555555555","status":"Approved","timestamp":1700000000,)"
          R"("vendor_data":"user-\u00f1-42","webhook_type":"status.updated"})");
}

TEST_CASE("canonical_json: malformed JSON is rejected with the offset of the problem") {
    CHECK(rejection("") == "invalid_json@0");
    CHECK(rejection(" \n ") == "invalid_json@3");
    CHECK(rejection("{") == "invalid_json@1");
    CHECK(rejection("[1,]") == "invalid_json@3");
    CHECK(rejection(R"({"a":1,})") == "invalid_json@7");
    CHECK(rejection(R"({"a" 1})") == "invalid_json@5");
    CHECK(rejection("{a:1}") == "invalid_json@1");
    CHECK(rejection("['a']") == "invalid_json@1");
    CHECK(rejection("[1 2]") == "invalid_json@3");
    CHECK(rejection("[01]") == "invalid_json@2");
    CHECK(rejection("-01") == "invalid_json@2");
    CHECK(rejection("00") == "invalid_json@1");
    CHECK(rejection("1.") == "invalid_json@2");
    CHECK(rejection(".5") == "invalid_json@0");
    CHECK(rejection("+1") == "invalid_json@0");
    CHECK(rejection("1e") == "invalid_json@2");
    CHECK(rejection("1e+") == "invalid_json@3");
    CHECK(rejection("-") == "invalid_json@1");
    CHECK(rejection("[-a]") == "invalid_json@2");
    CHECK(rejection("tru") == "invalid_json@0");
    CHECK(rejection("True") == "invalid_json@0");
    CHECK(rejection("nul") == "invalid_json@0");
    CHECK(rejection(R"("abc)") == "invalid_json@0");
    CHECK(rejection(R"("a\x")") == "invalid_json@2");
    CHECK(rejection(R"("\u12")") == "invalid_json@1");
    CHECK(rejection(R"("\u12G4")") == "invalid_json@1");
    CHECK(rejection(R"("\ud83d\uZZZZ")") == "invalid_json@7");
    CHECK(rejection(std::string("\"a\x01\"")) == "invalid_json@2");
    CHECK(rejection(std::string("\"a\tb\"")) == "invalid_json@2");
    CHECK(rejection(std::string("[\"\\u00e9", 8)) == "invalid_json@1");
    CHECK(rejection(std::string("\"\0\"", 3)) == "invalid_json@1");
    CHECK(rejection("\xEF\xBB\xBF{}") == "invalid_json@0");  // a UTF-8 BOM is not whitespace
    CHECK(rejection("\xFF") == "invalid_json@0");
}

TEST_CASE("canonical_json: data after the value is rejected") {
    CHECK(rejection("{} x") == "trailing_data@3");
    CHECK(rejection("1 2") == "trailing_data@2");
    CHECK(rejection("[]]") == "trailing_data@2");
    CHECK(rejection("{}{}") == "trailing_data@2");
    CHECK(rejection(R"("a""b")") == "trailing_data@3");
    CHECK(rejection("1\v") == "trailing_data@1");        // vertical tab is not JSON whitespace
    CHECK(rejection("1\xC2\xA0") == "trailing_data@1");  // nor is U+00A0
    CHECK(rejection(std::string("0\0", 2)) == "trailing_data@1");
}

TEST_CASE("canonical_json: strings must be well-formed UTF-8") {
    CHECK(rejection("\"\xC0\x80\"") == "invalid_utf8@1");          // overlong NUL
    CHECK(rejection("\"\xC1\xBF\"") == "invalid_utf8@1");          // overlong
    CHECK(rejection("\"\xE0\x80\x80\"") == "invalid_utf8@1");      // overlong
    CHECK(rejection("\"\xF0\x80\x80\x80\"") == "invalid_utf8@1");  // overlong
    CHECK(rejection("\"ab\xED\xA0\x80\"") == "invalid_utf8@3");    // encoded surrogate U+D800
    CHECK(rejection("\"\xED\xBF\xBF\"") == "invalid_utf8@1");      // encoded surrogate U+DFFF
    CHECK(rejection("\"\xF4\x90\x80\x80\"") == "invalid_utf8@1");  // U+110000
    CHECK(rejection("\"\xF5\x80\x80\x80\"") == "invalid_utf8@1");
    CHECK(rejection("\"\x80\"") == "invalid_utf8@1");      // lone continuation byte
    CHECK(rejection("\"\xE2\x82\"") == "invalid_utf8@1");  // truncated sequence
    CHECK(rejection("\"\xFF\"") == "invalid_utf8@1");
    CHECK(rejection("{\"\xC3\":1}") == "invalid_utf8@2");  // in a key
    CHECK(rejection("\"\\n\xC3\"") == "invalid_utf8@3");   // after an escape
    // The boundaries themselves are fine.
    CHECK(canon("\"\xED\x9F\xBF\xEE\x80\x80" + kMaxCode + "\xC2\x80\"") ==
          "\"\xED\x9F\xBF\xEE\x80\x80" + kMaxCode + "\xC2\x80\"");
}

TEST_CASE("canonical_json: the JSON reader and utf8_valid agree on every lead byte") {
    // One validator behind reply parsing, the canonical form and the model codecs: each lead byte
    // 0x80..0xFF followed by three bytes from the edges of the continuation ranges (and an ASCII
    // letter, which cuts a sequence short) is valid for all three, or for none.
    const unsigned char follow[] = {0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    int disagreements = 0;
    int valid = 0;
    for (unsigned lead = 0x80; lead <= 0xFF; ++lead) {
        for (unsigned char b1 : follow) {
            for (unsigned char b2 : follow) {
                for (unsigned char b3 : follow) {
                    const std::string text{static_cast<char>(lead), static_cast<char>(b1), static_cast<char>(b2),
                                           static_cast<char>(b3)};
                    const std::string literal = "\"" + text + "\"";
                    const bool by_validator = didit::detail::utf8_valid(text);
                    std::string out;
                    const bool by_canonical = static_cast<bool>(didit::detail::canonicalize_json(literal, out));
                    const bool by_reply_parser = !didit::detail::parse_json_text(literal).is_discarded();
                    if (by_validator != by_canonical || by_validator != by_reply_parser) ++disagreements;
                    if (by_validator) ++valid;
                }
            }
        }
    }
    CHECK(disagreements == 0);
    CHECK(valid > 0);  // the sample holds valid sequences, not only invalid ones
}

TEST_CASE("canonical_json: lone surrogate escapes are rejected") {
    CHECK(rejection(R"("\ud800")") == "lone_surrogate@1");
    CHECK(rejection(R"("\udc00")") == "lone_surrogate@1");
    CHECK(rejection(R"("ab\ud800\u0041")") == "lone_surrogate@3");
    CHECK(rejection(R"("\ud800x")") == "lone_surrogate@1");
    CHECK(rejection(R"("\udc00\ud800")") == "lone_surrogate@1");
    CHECK(rejection(R"("\ud800\ud800")") == "lone_surrogate@1");
    CHECK(rejection(R"({"\uDBFF":1})") == "lone_surrogate@2");
    // Even when a later duplicate key would discard the value (Python would then succeed).
    CHECK(rejection(R"({"a":"\ud800","a":1})") == "lone_surrogate@6");
}

TEST_CASE("canonical_json: NaN, Infinity and floats beyond the double range are rejected") {
    CHECK(rejection("NaN") == "non_finite@0");
    CHECK(rejection("[Infinity]") == "non_finite@1");
    CHECK(rejection(R"({"a":-Infinity})") == "non_finite@5");
    CHECK(rejection("1e400") == "non_finite@0");
    CHECK(rejection("[1,-1e400]") == "non_finite@3");
    CHECK(rejection("1e309") == "non_finite@0");
    CHECK(rejection("1.7976931348623159e308") == "non_finite@0");
    CHECK(rejection("123e99999999999999999999") == "non_finite@0");
    CHECK(rejection("-NaN") == "invalid_json@1");
    CHECK(rejection("nan") == "invalid_json@0");
    CHECK(canon("1.7976931348623158e308").size() == 309);  // rounds down to DBL_MAX
}

TEST_CASE("canonical_json: nesting deeper than max_depth is rejected") {
    CHECK(canon(nested(512, "[", "]")) == nested(512, "[", "]"));
    CHECK(rejection(nested(513, "[", "]")) == "too_deep@512");
    CHECK(canon(nested(512, "{\"k\":", "}")) == nested(512, "{\"k\":", "}"));
    CHECK(rejection(nested(513, "{\"k\":", "}")) == "too_deep@2560");
    CHECK(rejection(nested(513, "[", "]", "")) == "too_deep@512");

    CanonicalLimits one;
    one.max_depth = 1;
    CHECK(canon("[1,[]]", one) == "<error too_deep@3>");
    CHECK(canon("[1,{}]", one) == "<error too_deep@3>");
    CHECK(canon("[1,2]", one) == "[1,2]");
    CanonicalLimits zero;
    zero.max_depth = 0;
    CHECK(canon("\"scalar\"", zero) == "\"scalar\"");
    CHECK(canon("[]", zero) == "<error too_deep@0>");

    // Depth is bounded by the limit alone: no recursion, so huge limits are safe.
    CanonicalLimits deep;
    deep.max_depth = 200002;  // 200000 arrays, then the object and its array
    const std::string body = nested(200000, "[", "]", "{\"a\":[]}");
    CHECK(canon(body, deep) == body);
}

TEST_CASE("canonical_json: max_bytes is checked before anything else") {
    CanonicalLimits small;
    small.max_bytes = 4;
    CHECK(canon("[12]", small) == "[12]");
    CHECK(rejection("[123]", small) == "too_large@4");
    CHECK(rejection("{{{{{", small) == "too_large@4");
    CHECK(rejection(std::string(16u * 1024u * 1024u + 1u, ' ')) == "too_large@16777216");
}

TEST_CASE("canonical_json: output is replaced on success and cleared on failure") {
    std::string out = "stale";
    CanonicalStatus st = didit::detail::canonicalize_json(R"({"b":[],"a":1})", out);
    CHECK(static_cast<bool>(st));
    CHECK(st.error == CanonicalError::none);
    CHECK(std::string(st.reason).empty());
    CHECK(out == R"({"a":1,"b":[]})");

    st = didit::detail::canonicalize_json(R"({"a":1,})", out);
    CHECK_FALSE(static_cast<bool>(st));
    CHECK(st.error == CanonicalError::invalid_json);
    CHECK_FALSE(std::string(st.reason).empty());
    CHECK(out.empty());

    out = "stale";
    st = didit::detail::canonicalize_json_ascii("NaN", out);
    CHECK(st.error == CanonicalError::non_finite);
    CHECK(out.empty());
}

TEST_CASE("canonical_json: output larger than the input is fine") {
    // Integral floats expand (1e300 has 301 digits) and the ASCII form escapes every character.
    std::string body = "[";
    std::string expect = "[";
    for (int i = 0; i < 200; ++i) {
        body += i ? ",1e300" : "1e300";
        expect += std::string(i ? "," : "") + canon("1e300");
    }
    CHECK(canon(body + "]") == expect + "]");
    std::string wide = "\"";
    std::string escaped = "\"";
    for (int i = 0; i < 5000; ++i) {
        wide += kGrinning;
        escaped += "\\ud83d\\ude00";
    }
    CHECK(canon_ascii(wide + "\"") == escaped + "\"");
}

TEST_CASE("canonical_json: max_growth refuses a body whose canonical form would outgrow it") {
    CanonicalLimits limits;
    limits.max_growth = 4;
    // [1e22,1e22]: 11 bytes, canonical 49 (two 23-digit integers); [1e15,1e15]: 11 and 35.
    CHECK(rejection("[1e22,1e22]", limits) == "too_large@6");  // found at the second number
    CHECK(canon("[1e15,1e15]", limits) == "[1000000000000000,1000000000000000]");
    CHECK(canon("[1e22,1e22]") == canon("[1e22,1e22]", CanonicalLimits{}));  // 0: no limit
    // Strings, integers and most floats never grow: even 1x holds for them.
    limits.max_growth = 1;
    CHECK(canon(R"([-0,"\u00e9\/",  1.0, 95.0])", limits) == "[0,\"" + kEAcute + "/\",1,95]");
    CHECK(canon("[1.50, 2.0]", limits) == "[1.5,2]");
    CHECK(rejection("[1e3]", limits) == "too_large@1");
    // scan_json decides the same way.
    didit::detail::TopLevel top;
    CHECK(didit::detail::scan_json("[1e3]", top, limits).error == CanonicalError::too_large);
}

TEST_CASE("canonical_json: a streaming Writer hands over the same bytes in chunks") {
    std::string body = R"({"z": [)";
    for (int i = 0; i < 3000; ++i) body += (i ? ", " : "") + std::to_string(i) + ".25e1";
    body += R"(], "long": ")" + std::string(5000, 'a') + R"(\n", "a": ")" + kGrinning + R"("})";
    for (bool ascii : {false, true}) {
        std::string whole;
        REQUIRE((ascii ? didit::detail::canonicalize_json_ascii(body, whole)
                       : didit::detail::canonicalize_json(body, whole)));
        const didit::detail::CanonicalText text(body, CanonicalLimits{});
        REQUIRE(static_cast<bool>(text.status()));
        struct Collect {
            std::string bytes;
            std::size_t calls = 0;
            std::size_t largest = 0;
        } got;
        auto sink = [](void* ctx, const char* p, std::size_t n) {
            auto& c = *static_cast<Collect*>(ctx);
            c.bytes.append(p, n);
            ++c.calls;
            c.largest = n > c.largest ? n : c.largest;
        };
        std::string buffer;
        didit::detail::json_writer::Writer out(buffer, 64, sink, &got);
        text.write(out, ascii);
        out.finish();
        CHECK(got.bytes == whole);
        CHECK(got.calls > (whole.size() - 5000) / 64);  // really in pieces
        CHECK(buffer.size() == 64);                     // the buffer never grew
        CHECK(got.largest >= 5000);                     // the long string went straight through
    }
}

namespace {

// "key=value text|key=value text|...", or "<not an object>", from a canonicalisation that reports them.
std::string members(std::string_view body, bool scan_only = false) {
    didit::detail::TopLevel top;
    std::string out;
    const CanonicalStatus st =
        scan_only ? didit::detail::scan_json(body, top) : didit::detail::canonicalize_json(body, out, top);
    if (!st) return std::string("<error ") + error_name(st.error) + ">";
    if (!scan_only) CHECK(out == canon(body));  // reporting members changes nothing in the output
    if (!top.is_object) return top.members.empty() ? "<not an object>" : "<members without an object>";
    std::string s;
    for (const auto& m : top.members) {
        if (!s.empty()) s += '|';
        REQUIRE(m.begin <= m.end);
        REQUIRE(m.end <= body.size());
        s += m.key + "=" + std::string(body.substr(m.begin, m.end - m.begin));
    }
    return s;
}

}  // namespace

TEST_CASE("canonical_json: the top-level members and the text of their values") {
    for (bool scan_only : {false, true}) {
        CAPTURE(scan_only);
        CHECK(members(R"({"b": [1, {"x": 2}] , "a" : "s\"t" , "b":null})", scan_only) ==
              R"(b=[1, {"x": 2}]|a="s\"t"|b=null)");
        // Keys are decoded; values are the body's own text, without the whitespace around them.
        CHECK(members("{ \"k\\u00e9y\" :\n 12.50 \t, \"\\n\":{}\r\n,\"e\":[ ] }", scan_only) ==
              "k" + kEAcute + "y=12.50|\n={}|e=[ ]");
        CHECK(members(R"({"t":true,"f":false,"n":-0,"big":123456789012345678901234567890,"x":1e400})", scan_only) ==
              "<error non_finite>");
        CHECK(members(R"({"t":true,"f":false,"n":-0,"big":123456789012345678901234567890})", scan_only) ==
              "t=true|f=false|n=-0|big=123456789012345678901234567890");
        // Nested members are not top-level ones.
        CHECK(members(R"({"a":{"b":{"c":1}},"d":[{"e":2}]})", scan_only) == R"(a={"b":{"c":1}}|d=[{"e":2}])");
        CHECK(members("{}", scan_only).empty());
        CHECK(members("[1,{\"a\":2}]", scan_only) == "<not an object>");
        CHECK(members("\"text\"", scan_only) == "<not an object>");
        CHECK(members(" 5 ", scan_only) == "<not an object>");
        CHECK(members(R"({"a":1,})", scan_only) == "<error invalid_json>");
        CHECK(members(R"({"a":1} {})", scan_only) == "<error trailing_data>");
    }
}

TEST_CASE("canonical_json: a failed canonicalisation or scan leaves the top level empty") {
    didit::detail::TopLevel top;
    std::string out;
    REQUIRE(didit::detail::canonicalize_json(R"({"a":1,"b":2})", out, top));
    CHECK(top.is_object);
    CHECK(top.members.size() == 2);
    CHECK_FALSE(didit::detail::canonicalize_json(R"({"a":1,"b":"\ud800"})", out, top));
    CHECK_FALSE(top.is_object);
    CHECK(top.members.empty());
    CHECK(out.empty());
    REQUIRE(didit::detail::scan_json(R"({"a":1})", top));
    CHECK(top.members.size() == 1);
    CHECK_FALSE(didit::detail::scan_json(R"({"a":1,"b":)", top));
    CHECK_FALSE(top.is_object);
    CHECK(top.members.empty());
}

TEST_CASE("canonical_json: scan_json accepts and rejects exactly what canonicalize_json does") {
    CanonicalLimits small;
    small.max_depth = 3;
    small.max_bytes = 64;
    const std::string bodies[] = {R"({"a":1})",
                                  "[1,2]",
                                  "{",
                                  "{\"a\":NaN}",
                                  "{\"a\":\"\\ud800\"}",
                                  "{\"a\":\"\xff\"}",
                                  "{} {}",
                                  "",
                                  "-Infinity",
                                  "1e400",
                                  "1e-400",
                                  nested(3, "[", "]"),
                                  nested(4, "[", "]"),
                                  nested(2, "{\"a\":", "}"),
                                  nested(3, "{\"a\":", "}"),
                                  std::string(65, ' ') + "1",
                                  "\"\\u00zz\"",
                                  "01",
                                  "[1,]",
                                  "{\"a\" 1}",
                                  "\"\x01\"",
                                  "tru",
                                  "null",
                                  "\"\xed\xa0\x80\""};
    for (const std::string& body : bodies) {
        CAPTURE(body);
        for (const CanonicalLimits& limits : {CanonicalLimits{}, small}) {
            std::string out;
            didit::detail::TopLevel top;
            const CanonicalStatus full = didit::detail::canonicalize_json(body, out, limits);
            const CanonicalStatus scan = didit::detail::scan_json(body, top, limits);
            CHECK(full.error == scan.error);
            CHECK(full.offset == scan.offset);
        }
    }
}
