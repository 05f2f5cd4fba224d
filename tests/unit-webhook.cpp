// SPDX-License-Identifier: MIT
// Unit tests of webhook verification and signing: every scheme, rotation, freshness, tampering, limits, and the Event.
#include <didit/didit.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "support.hpp"

namespace {

using didit::Headers;
using didit::webhook::Event;
using didit::webhook::Schemes;
using didit::webhook::Verifier;
using didit::webhook::VerifierOptions;

// ---- an HMAC-SHA256 of our own (FIPS 180-4, RFC 2104) ------------------------------------
// Expected signatures come from here, not from OpenSSL or the code under test.
namespace ref {

std::array<std::uint8_t, 32> sha256(std::string_view msg) {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                          0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    std::string m(msg);
    const std::uint64_t bits = static_cast<std::uint64_t>(msg.size()) * 8u;
    m += static_cast<char>(0x80);
    while (m.size() % 64 != 56) m += '\0';
    for (int i = 7; i >= 0; --i) m += static_cast<char>((bits >> (8 * i)) & 0xffu);
    auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
    for (std::size_t off = 0; off < m.size(); off += 64) {
        std::uint32_t w[64];
        for (std::size_t i = 0; i < 16; ++i) {
            w[i] = 0;
            for (std::size_t j = 0; j < 4; ++j)
                w[i] = (w[i] << 8) | static_cast<std::uint32_t>(static_cast<unsigned char>(m[off + 4 * i + j]));
        }
        for (std::size_t i = 16; i < 64; ++i) {
            std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (std::size_t i = 0; i < 64; ++i) {
            std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
    std::array<std::uint8_t, 32> out{};
    for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
    return out;
}

std::string hmac_hex(std::string_view key, std::string_view msg) {
    std::string k(key);
    if (k.size() > 64) {
        auto d = sha256(k);
        k.assign(reinterpret_cast<const char*>(d.data()), d.size());
    }
    k.resize(64, '\0');
    std::string inner, outer;
    for (char c : k) {
        inner += static_cast<char>(static_cast<unsigned char>(c) ^ 0x36u);
        outer += static_cast<char>(static_cast<unsigned char>(c) ^ 0x5cu);
    }
    inner += msg;
    auto ih = sha256(inner);
    outer.append(reinterpret_cast<const char*>(ih.data()), ih.size());
    auto d = sha256(outer);
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    for (std::uint8_t x : d) {
        s += hex[x >> 4];
        s += hex[x & 0x0f];
    }
    return s;
}

}  // namespace ref

// ---- fixtures ---------------------------------------------------------------------------

const std::string kSecret = "whsec_TEST_current_9f8e7d6c5b4a";
const std::string kOld = "whsec_TEST_previous_1a2b3c4d5e6f";
constexpr std::int64_t kNow = 1767225600;  // 2026-01-01T00:00:00Z
const std::string kSession = "11111111-2222-3333-4444-555555555555";

// "José Ñúñez 😀" as UTF-8, and as Python's ensure_ascii=True prints it.
const std::string kName =
    "Jos\xC3\xA9 \xC3\x91\xC3\xBA\xC3\xB1"
    "ez \xF0\x9F\x98\x80";
const std::string kNameAscii = "Jos\\u00e9 \\u00d1\\u00fa\\u00f1ez \\ud83d\\ude00";

// A body as Didit might send it: unsorted keys, spaces, an integral float, non-ASCII.
std::string body_at(std::int64_t ts, const std::string& webhook_type = "status.updated") {
    return "{\"webhook_type\": \"" + webhook_type + "\", \"session_id\": \"" + kSession +
           "\", \"status\": \"Approved\", \"timestamp\": " + std::to_string(ts) + ", \"vendor_data\": \"" + kName +
           "\", \"score\": 95.0, \"event_id\": \"evt_1\"}";
}

// Its canonical JSON, written out by hand (Python: sorted, compact, 95.0 -> 95, raw UTF-8).
std::string canonical_at(std::int64_t ts, const std::string& name = kName) {
    return "{\"event_id\":\"evt_1\",\"score\":95,\"session_id\":\"" + kSession +
           "\",\"status\":\"Approved\",\"timestamp\":" + std::to_string(ts) + ",\"vendor_data\":\"" + name +
           "\",\"webhook_type\":\"status.updated\"}";
}

std::string simple_message(std::int64_t ts, const std::string& type = "status.updated") {
    return std::to_string(ts) + ":" + kSession + ":Approved:" + type;
}

VerifierOptions options(std::int64_t now = kNow, Schemes schemes = {}) {
    VerifierOptions o;
    o.clock = [now] { return now; };
    o.schemes = schemes;
    return o;
}

Schemes only_raw() { return Schemes{true, false, false}; }
Schemes only_v2() { return Schemes{false, true, false}; }
Schemes only_simple() { return Schemes{false, false, true}; }
Schemes all_schemes() { return Schemes{true, true, true}; }

/// "ok", or the failure reason code.
std::string outcome(const didit::Result<Event>& r) { return r.ok() ? std::string("ok") : r.error().code; }

/// True when `s` holds a run of 64 or more hexadecimal characters (a signature).
bool has_hex_run(const std::string& s) {
    std::size_t run = 0;
    for (char c : s) {
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        run = hex ? run + 1 : 0;
        if (run >= 64) return true;
    }
    return false;
}

/// A refusal never shows a secret or a signature.
void check_clean(const didit::Error& e, std::initializer_list<std::string> signatures = {}) {
    const std::string text = e.to_string() + " " + e.message + " " + e.code;
    CHECK(text.find(kSecret) == std::string::npos);
    CHECK(text.find(kOld) == std::string::npos);
    CHECK(text.find("whsec") == std::string::npos);
    CHECK_FALSE(has_hex_run(text));
    for (const auto& sig : signatures) CHECK(text.find(sig) == std::string::npos);
}

}  // namespace

// ---- the HMAC itself ----------------------------------------------------------------------

TEST_CASE("webhook: HMAC-SHA256 known vector") {
    const std::string expected = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    CHECK(ref::hmac_hex("key", "The quick brown fox jumps over the lazy dog") == expected);
    namespace wd = didit::webhook::detail;
    CHECK(wd::to_hex(wd::hmac_sha256("key", "The quick brown fox jumps over the lazy dog")) == expected);
    // RFC 4231 test case 2, and a key longer than the block (hashed first).
    CHECK(ref::hmac_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    const std::string long_key(131, '\xaa');
    CHECK(ref::hmac_hex(long_key, "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(wd::to_hex(wd::hmac_sha256(long_key, "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(wd::to_hex(wd::hmac_sha256("k", "")) == ref::hmac_hex("k", ""));
    // The Verifier's pre-keyed HMAC: keys shorter than, equal to and longer than the block.
    for (const std::string& key : {std::string("k"), std::string(64, 'x'), std::string(65, 'y'), long_key, kSecret}) {
        const wd::HmacKey pre(key);
        for (const std::string& msg : {std::string(), std::string("abc"), std::string(1000, 'm')}) {
            CHECK(wd::to_hex(pre.mac(msg)) == ref::hmac_hex(key, msg));
            CHECK(wd::to_hex(pre.mac(msg)) == ref::hmac_hex(key, msg));  // reusable
        }
    }
}

TEST_CASE("webhook: secrets longer than the HMAC block verify") {
    const std::string long_secret(100, 's');
    const std::string body = body_at(kNow);
    Headers h{{"X-Signature-V2", ref::hmac_hex(long_secret, canonical_at(kNow))}};
    CHECK(outcome(Verifier(long_secret, options()).verify(h, body)) == "ok");
    // A copied Verifier shares the keyed secrets.
    const Verifier original({kSecret, long_secret}, options());
    const Verifier copy = original;
    CHECK(outcome(copy.verify(h, body)) == "ok");
}

// ---- sign() -------------------------------------------------------------------------------

TEST_CASE("webhook: sign() produces Didit's headers (pinned against Python)") {
    const std::string body = body_at(kNow);
    auto h = didit::webhook::sign(body, kSecret, kNow, kOld);
    REQUIRE(h.ok());
    CHECK(h->get("X-Timestamp") == std::to_string(kNow));
    // Vectors from Python's hmac/json (tests/canonical_oracle.py's algorithm) for this body.
    CHECK(h->get("X-Signature") == "ee465463f507701aa6369aa5cf372ca8003fe51f94a28fdedd6832e6deb755fd");
    CHECK(h->get("X-Signature-V2") == "5c0fecd8f2e7ec6594468e1feb3291253d756281a8521b57c2821c4e565682da");
    CHECK(h->get("X-Signature-Simple") == "654863826d7649ca9f17274abd18c270c9e7b43e1ea1beacefb5980251f6b8d5");
    CHECK(h->get("X-Signature-Previous") == "39aa20111c95296aeab24e4ab192e53b718f85d18a373be4535c454d4e8187a6");
    CHECK(h->get("X-Signature-V2-Previous") == "1371c299cd490986fe2b0b9a150d0dcac09b3bcf7393eec6ff08e4ea1cc03b4a");
    CHECK(h->get("X-Signature-Simple-Previous") == "38ba9e363982db58574d8b9055b49270f8dca40a62b0c75d8b1035005dffc609");
    // And the same from our own HMAC over the hand-written messages.
    CHECK(h->get("X-Signature") == ref::hmac_hex(kSecret, body));
    CHECK(h->get("X-Signature-V2") == ref::hmac_hex(kSecret, canonical_at(kNow)));
    CHECK(h->get("X-Signature-Simple") == ref::hmac_hex(kSecret, simple_message(kNow)));
    CHECK(h->get("X-Signature-V2-Previous") == ref::hmac_hex(kOld, canonical_at(kNow)));
}

TEST_CASE("webhook: sign() without a previous secret sends no -Previous headers") {
    auto h = didit::webhook::sign(body_at(kNow), kSecret, kNow);
    REQUIRE(h.ok());
    CHECK(h->size() == 4);
    CHECK(h->contains("X-Signature"));
    CHECK(h->contains("X-Signature-V2"));
    CHECK(h->contains("X-Signature-Simple"));
    CHECK_FALSE(h->contains("X-Signature-Previous"));
    CHECK_FALSE(h->contains("X-Signature-V2-Previous"));
    CHECK_FALSE(h->contains("X-Signature-Simple-Previous"));
}

TEST_CASE("webhook: sign() refuses an empty secret and a non-JSON body") {
    auto h = didit::webhook::sign(body_at(kNow), "", kNow);
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().kind == didit::ErrorKind::InvalidArgument);
    auto bad = didit::webhook::sign("{not json", kSecret, kNow);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(bad.error().to_string().find(kSecret) == std::string::npos);
}

TEST_CASE("webhook: canonical_json matches the hand-written canonical form") {
    auto c = didit::webhook::canonical_json(body_at(kNow));
    REQUIRE(c.ok());
    CHECK(*c == canonical_at(kNow));
    auto bad = didit::webhook::canonical_json("[1,]");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == didit::ErrorKind::InvalidArgument);
}

TEST_CASE("webhook: sign() output round-trips through the Verifier") {
    const std::string body = body_at(kNow);
    auto h = didit::webhook::sign(body, kSecret, kNow);
    REQUIRE(h.ok());
    CHECK(outcome(Verifier(kSecret, options()).verify(*h, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow, only_raw())).verify(*h, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(*h, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(*h, body)) == "ok");
}

// ---- each scheme alone --------------------------------------------------------------------

TEST_CASE("webhook: X-Signature over the raw body") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)}};
    auto ev = Verifier(kSecret, options()).verify(h, body);
    REQUIRE(ev.ok());
    CHECK(ev->session_id == kSession);
    CHECK(ev->timestamp == kNow);
    CHECK(ev->event_id == std::string("evt_1"));
    REQUIRE(ev->webhook_type.has_value());
    CHECK(*ev->webhook_type == didit::webhook::WebhookType::StatusUpdated);
    REQUIRE(ev->status.has_value());
    CHECK(*ev->status == didit::SessionStatus::Approved);
    REQUIRE(ev->vendor_data.get() != nullptr);
    CHECK(*ev->vendor_data.get() == kName);
    CHECK(ev->json()["score"] == 95.0);
    REQUIRE(ev->decision().ok());
    CHECK_FALSE(ev->decision()->has_value());
    // Only the raw scheme enabled: same answer; raw disabled: the header is not accepted.
    CHECK(outcome(Verifier(kSecret, options(kNow, only_raw())).verify(h, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(h, body)) == "missing_header");
}

TEST_CASE("webhook: X-Signature-V2 over the canonical JSON (what Didit sends)") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    auto ev = Verifier(kSecret, options(kNow, only_v2())).verify(h, body);
    REQUIRE(ev.ok());
    CHECK(ev->session_id == kSession);
    CHECK(outcome(Verifier(kSecret, options()).verify(h, body)) == "ok");
    // The canonical form is what is signed, not the body: signing the body bytes under V2 fails.
    Headers wrong{{"X-Signature-V2", ref::hmac_hex(kSecret, body)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(wrong, body)) == "mismatch");
}

TEST_CASE("webhook: X-Signature-V2 in the skill document's \"{timestamp}:{canonical}\" form") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Timestamp", std::to_string(kNow)},
              {"X-Signature-V2", ref::hmac_hex(kSecret, std::to_string(kNow) + ":" + canonical_at(kNow))}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(h, body)) == "ok");
    // The prefix is the X-Timestamp header: without it, or with another value, nothing matches.
    Headers no_ts{{"X-Signature-V2", std::string(h.get("X-Signature-V2"))}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(no_ts, body)) == "mismatch");
    Headers other_ts = h;
    other_ts.set("X-Timestamp", std::to_string(kNow - 1));
    CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(other_ts, body)) == "mismatch");
}

TEST_CASE("webhook: X-Signature-V2 in the ensure_ascii=True variant (non-ASCII body)") {
    const std::string body = body_at(kNow);
    const std::string ascii = canonical_at(kNow, kNameAscii);
    CHECK(ascii != canonical_at(kNow));
    Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, ascii)}};
    CHECK(h.get("X-Signature-V2") == "830c92c815642bd5978862fbbc24cc6903db2bf07a610e9e0eb2705fb9e3d353");  // Python
    auto ev = Verifier(kSecret, options(kNow, only_v2())).verify(h, body);
    REQUIRE(ev.ok());
    REQUIRE(ev->vendor_data.get() != nullptr);
    CHECK(*ev->vendor_data.get() == kName);
}

TEST_CASE("webhook: X-Signature-Simple only when schemes.simple is enabled") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Timestamp", std::to_string(kNow)},
              {"X-Signature-Simple", ref::hmac_hex(kSecret, simple_message(kNow))}};
    auto ev = Verifier(kSecret, options(kNow, only_simple())).verify(h, body);
    REQUIRE(ev.ok());
    CHECK(ev->session_id == kSession);
    CHECK(outcome(Verifier(kSecret, options(kNow, all_schemes())).verify(h, body)) == "ok");
    // Off by default: the header is not one the verifier accepts.
    CHECK_FALSE(VerifierOptions{}.schemes.simple);
    auto refused = Verifier(kSecret, options()).verify(h, body);
    CHECK(outcome(refused) == "missing_header");
    CHECK(refused.error().kind == didit::ErrorKind::WebhookVerification);
    // Simple needs X-Timestamp, which it covers.
    Headers no_ts{{"X-Signature-Simple", std::string(h.get("X-Signature-Simple"))}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(no_ts, body)) == "missing_header");
}

// ---- rotation ----------------------------------------------------------------------------

TEST_CASE("webhook: each -Previous header with the previous secret") {
    const std::string body = body_at(kNow);
    const std::string ts = std::to_string(kNow);
    // The new secret signed the main headers with something else; only -Previous matches kOld.
    const std::string junk = std::string(64, 'a');
    SUBCASE("X-Signature-Previous") {
        Headers h{{"X-Signature", junk}, {"X-Signature-Previous", ref::hmac_hex(kOld, body)}};
        CHECK(outcome(Verifier(kOld, options()).verify(h, body)) == "ok");
        CHECK(outcome(Verifier(kSecret, options()).verify(h, body)) == "mismatch");
    }
    SUBCASE("X-Signature-V2-Previous") {
        Headers h{{"X-Signature-V2", junk}, {"X-Signature-V2-Previous", ref::hmac_hex(kOld, canonical_at(kNow))}};
        CHECK(outcome(Verifier(kOld, options(kNow, only_v2())).verify(h, body)) == "ok");
        CHECK(outcome(Verifier(kSecret, options(kNow, only_v2())).verify(h, body)) == "mismatch");
    }
    SUBCASE("X-Signature-Simple-Previous") {
        Headers h{{"X-Timestamp", ts},
                  {"X-Signature-Simple", junk},
                  {"X-Signature-Simple-Previous", ref::hmac_hex(kOld, simple_message(kNow))}};
        CHECK(outcome(Verifier(kOld, options(kNow, only_simple())).verify(h, body)) == "ok");
        CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(h, body)) == "mismatch");
    }
    SUBCASE("a -Previous header alone") {
        Headers h{{"X-Signature-V2-Previous", ref::hmac_hex(kOld, canonical_at(kNow))}};
        CHECK(outcome(Verifier(kOld, options()).verify(h, body)) == "ok");
    }
}

TEST_CASE("webhook: several secrets (rotation on the receiver)") {
    const std::string body = body_at(kNow);
    Verifier both({kSecret, kOld}, options());
    Headers by_new{{"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    Headers by_old{{"X-Signature-V2", ref::hmac_hex(kOld, canonical_at(kNow))}};
    Headers raw_by_old{{"X-Signature", ref::hmac_hex(kOld, body)}};
    CHECK(outcome(both.verify(by_new, body)) == "ok");
    CHECK(outcome(both.verify(by_old, body)) == "ok");
    CHECK(outcome(both.verify(raw_by_old, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options()).verify(by_old, body)) == "mismatch");
    // A vector of secrets, with an empty one skipped.
    Verifier listed(std::vector<std::string>{"", kOld}, options());
    CHECK(outcome(listed.verify(by_old, body)) == "ok");
    CHECK(outcome(listed.verify(by_new, body)) == "mismatch");
    // What sign() sends during a rotation satisfies a receiver holding either secret.
    auto h = didit::webhook::sign(body, kSecret, kNow, kOld);
    REQUIRE(h.ok());
    CHECK(outcome(Verifier(kOld, options()).verify(*h, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options()).verify(*h, body)) == "ok");
}

// ---- freshness ------------------------------------------------------------------------------

TEST_CASE("webhook: tolerance edges with an injected clock") {
    const std::string body = body_at(kNow);
    Headers v2{{"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    Headers raw{{"X-Signature", ref::hmac_hex(kSecret, body)}};
    for (const Headers* h : {&v2, &raw}) {
        CHECK(outcome(Verifier(kSecret, options(kNow + 300)).verify(*h, body)) == "ok");  // exactly 300 s old
        CHECK(outcome(Verifier(kSecret, options(kNow - 300)).verify(*h, body)) == "ok");  // 300 s in the future
        CHECK(outcome(Verifier(kSecret, options(kNow + 301)).verify(*h, body)) == "stale");
        CHECK(outcome(Verifier(kSecret, options(kNow - 301)).verify(*h, body)) == "stale");
    }
    auto stale = Verifier(kSecret, options(kNow + 301)).verify(v2, body);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().kind == didit::ErrorKind::WebhookVerification);
    check_clean(stale.error(), {std::string(v2.get("X-Signature-V2"))});
    // A custom window.
    VerifierOptions tight = options(kNow + 11);
    tight.tolerance = std::chrono::seconds(10);
    CHECK(outcome(Verifier(kSecret, tight).verify(v2, body)) == "stale");
    tight.clock = [] { return kNow + 10; };
    CHECK(outcome(Verifier(kSecret, tight).verify(v2, body)) == "ok");
}

TEST_CASE("webhook: tolerance edges for header-timestamped schemes") {
    // Simple and the prefixed V2 form are fresh by X-Timestamp, which they cover.
    const std::int64_t ts = kNow - 300;
    const std::string body = body_at(kNow);  // the body's own timestamp is not what they cover
    Headers simple{{"X-Timestamp", std::to_string(ts)},
                   {"X-Signature-Simple", ref::hmac_hex(kSecret, simple_message(ts))}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(simple, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow + 1, only_simple())).verify(simple, body)) == "stale");
    Headers prefixed{{"X-Timestamp", std::to_string(ts)},
                     {"X-Signature-V2", ref::hmac_hex(kSecret, std::to_string(ts) + ":" + canonical_at(kNow))}};
    CHECK(outcome(Verifier(kSecret, options(kNow)).verify(prefixed, body)) == "ok");
    CHECK(outcome(Verifier(kSecret, options(kNow + 1)).verify(prefixed, body)) == "stale");
    CHECK(outcome(Verifier(kSecret, options(ts - 301)).verify(prefixed, body)) == "stale");
}

TEST_CASE("webhook: X-Timestamp disagreeing with the body timestamp is stale") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Timestamp", std::to_string(kNow + 1)},
              {"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    auto r = Verifier(kSecret, options()).verify(h, body);
    CHECK(outcome(r) == "stale");
    check_clean(r.error());
    h.set("X-Timestamp", std::to_string(kNow));
    CHECK(outcome(Verifier(kSecret, options()).verify(h, body)) == "ok");
    Headers raw{{"X-Timestamp", std::to_string(kNow - 5)}, {"X-Signature", ref::hmac_hex(kSecret, body)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(raw, body)) == "stale");
    // Not a number at all.
    h.set("X-Timestamp", "yesterday");
    CHECK(outcome(Verifier(kSecret, options()).verify(h, body)) == "bad_format");
}

TEST_CASE("webhook: tampered timestamp") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)},
              {"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    // The body's timestamp moved forward to look fresh: neither signature covers that body.
    const std::string replayed = body_at(kNow + 3600);
    auto r = Verifier(kSecret, options(kNow + 3600)).verify(h, replayed);
    CHECK(outcome(r) == "mismatch");
    check_clean(r.error(), {ref::hmac_hex(kSecret, replayed), ref::hmac_hex(kSecret, canonical_at(kNow + 3600))});
    // The header timestamp moved under Simple: the signature covers the header.
    Headers simple{{"X-Timestamp", std::to_string(kNow + 3600)},
                   {"X-Signature-Simple", ref::hmac_hex(kSecret, simple_message(kNow))}};
    CHECK(outcome(Verifier(kSecret, options(kNow + 3600, only_simple())).verify(simple, body)) == "mismatch");
}

// ---- header names, missing and malformed headers --------------------------------------------

TEST_CASE("webhook: header names are case-insensitive") {
    const std::string body = body_at(kNow);
    Headers lower{{"x-signature-v2", ref::hmac_hex(kSecret, canonical_at(kNow))},
                  {"x-timestamp", std::to_string(kNow)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(lower, body)) == "ok");
    Headers upper{{"X-SIGNATURE", ref::hmac_hex(kSecret, body)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(upper, body)) == "ok");
    Headers mixed{{"x-Signature-v2-PREVIOUS", ref::hmac_hex(kOld, canonical_at(kNow))}};
    CHECK(outcome(Verifier(kOld, options()).verify(mixed, body)) == "ok");
    Headers simple{{"x-timestamp", std::to_string(kNow)},
                   {"x-signature-simple", ref::hmac_hex(kSecret, simple_message(kNow))}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(simple, body)) == "ok");
    // Hex digits in upper case are the same signature.
    std::string up = ref::hmac_hex(kSecret, canonical_at(kNow));
    for (char& c : up)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    Headers upper_hex{{"X-Signature-V2", up}};
    CHECK(outcome(Verifier(kSecret, options()).verify(upper_hex, body)) == "ok");
}

TEST_CASE("webhook: missing headers") {
    const std::string body = body_at(kNow);
    auto none = Verifier(kSecret, options()).verify(Headers{}, body);
    CHECK(outcome(none) == "missing_header");
    CHECK(none.error().kind == didit::ErrorKind::WebhookVerification);
    check_clean(none.error());
    Headers only_ts{{"X-Timestamp", std::to_string(kNow)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(only_ts, body)) == "missing_header");
    Headers unrelated{{"Content-Type", "application/json"}, {"X-Signature-V3", std::string(64, '0')}};
    CHECK(outcome(Verifier(kSecret, options(kNow, all_schemes())).verify(unrelated, body)) == "missing_header");
}

TEST_CASE("webhook: non-hex or wrong-length signatures are bad_format") {
    const std::string body = body_at(kNow);
    const std::string good = ref::hmac_hex(kSecret, canonical_at(kNow));
    for (const std::string& sig : {std::string(64, 'z'), good.substr(0, 63), good + "0", std::string(),
                                   "sha256=" + good, good.substr(0, 62) + "g0"}) {
        Headers h{{"X-Signature-V2", sig}};
        auto r = Verifier(kSecret, options()).verify(h, body);
        CHECK(outcome(r) == "bad_format");
        check_clean(r.error(), {good});
    }
    // A malformed header next to a valid one does not hide the valid one.
    Headers mixed{{"X-Signature", "nonsense"}, {"X-Signature-V2", good}};
    CHECK(outcome(Verifier(kSecret, options()).verify(mixed, body)) == "ok");
    // Surrounding blanks are tolerated.
    Headers padded{{"X-Signature-V2", " " + good + "\t"}};
    CHECK(outcome(Verifier(kSecret, options()).verify(padded, body)) == "ok");
}

// ---- tampering -----------------------------------------------------------------------------

TEST_CASE("webhook: tampered body") {
    const std::string body = R"({"b": 2, "a": "one", "timestamp": )" + std::to_string(kNow) + "}";
    const std::string canonical = R"({"a":"one","b":2,"timestamp":)" + std::to_string(kNow) + "}";
    const std::string raw_sig = ref::hmac_hex(kSecret, body);
    const std::string v2_sig = ref::hmac_hex(kSecret, canonical);
    Headers raw{{"X-Signature", raw_sig}};
    Headers v2{{"X-Signature-V2", v2_sig}};
    Headers both{{"X-Signature", raw_sig}, {"X-Signature-V2", v2_sig}};
    Verifier verifier(kSecret, options());
    CHECK(outcome(verifier.verify(raw, body)) == "ok");
    CHECK(outcome(verifier.verify(v2, body)) == "ok");

    SUBCASE("keys reordered and whitespace changed: raw fails, V2 still passes") {
        const std::string reordered = R"({"timestamp":)" + std::to_string(kNow) + R"(,"a":"one","b":2.0})";
        auto r = verifier.verify(raw, reordered);
        CHECK(outcome(r) == "mismatch");
        check_clean(r.error(), {ref::hmac_hex(kSecret, reordered), raw_sig});
        CHECK(outcome(verifier.verify(v2, reordered)) == "ok");
        CHECK(outcome(verifier.verify(both, reordered)) == "ok");
    }
    SUBCASE("one character of a value changed: everything fails") {
        std::string changed = body;
        changed[changed.find("one")] = 'O';
        for (const Headers* h : {&raw, &v2, &both}) {
            auto r = verifier.verify(*h, changed);
            CHECK(outcome(r) == "mismatch");
            check_clean(r.error(), {raw_sig, v2_sig, ref::hmac_hex(kSecret, changed)});
        }
        std::string number = body;
        number[number.find('2')] = '3';
        CHECK(outcome(verifier.verify(both, number)) == "mismatch");
    }
    SUBCASE("a key added: everything fails") {
        const std::string added = body.substr(0, body.size() - 1) + R"(, "extra": true})";
        CHECK(outcome(verifier.verify(both, added)) == "mismatch");
    }
    SUBCASE("wrong secret") { CHECK(outcome(Verifier(kOld, options()).verify(both, body)) == "mismatch"); }
}

// ---- limits ---------------------------------------------------------------------------------

TEST_CASE("webhook: a body over max_body_bytes is refused before parsing") {
    // Not JSON at all: a parse would say so; the size check answers first.
    const std::string body(1025, '{');
    Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)}, {"X-Signature-V2", std::string(64, '0')}};
    VerifierOptions o = options();
    o.max_body_bytes = 1024;
    auto r = Verifier(kSecret, o).verify(h, body);
    CHECK(outcome(r) == "bad_format");
    CHECK(r.error().message.find("exceeds") != std::string::npos);
    check_clean(r.error());
    // A valid body right at the limit passes.
    const std::string ok_body = body_at(kNow);
    o.max_body_bytes = ok_body.size();
    Headers okh{{"X-Signature-V2", ref::hmac_hex(kSecret, canonical_at(kNow))}};
    CHECK(outcome(Verifier(kSecret, o).verify(okh, ok_body)) == "ok");
    o.max_body_bytes = ok_body.size() - 1;
    CHECK(outcome(Verifier(kSecret, o).verify(okh, ok_body)) == "bad_format");
}

TEST_CASE("webhook: nesting deeper than max_depth is bad_format") {
    auto nested = [](std::size_t depth) {
        std::string inner = "1";
        for (std::size_t i = 1; i < depth; ++i) inner = "[" + inner + "]";
        return R"({"timestamp":)" + std::to_string(kNow) + R"(,"n":)" + inner + "}";
    };
    VerifierOptions o = options();
    o.max_depth = 8;
    // Depth 8: the object plus seven arrays.
    const std::string at_limit = nested(8);
    const std::string too_deep = nested(9);
    auto c_ok = didit::webhook::canonical_json(at_limit);
    auto c_deep = didit::webhook::canonical_json(too_deep);
    REQUIRE(c_ok.ok());
    REQUIRE(c_deep.ok());  // fine under the default limit
    Headers ok_v2{{"X-Signature-V2", ref::hmac_hex(kSecret, *c_ok)}};
    Headers deep_v2{{"X-Signature-V2", ref::hmac_hex(kSecret, *c_deep)}};
    Headers deep_raw{{"X-Signature", ref::hmac_hex(kSecret, too_deep)}};
    CHECK(outcome(Verifier(kSecret, o).verify(ok_v2, at_limit)) == "ok");
    auto r = Verifier(kSecret, o).verify(deep_v2, too_deep);
    CHECK(outcome(r) == "bad_format");
    check_clean(r.error());
    // An authentic raw signature does not lift the limit either.
    CHECK(outcome(Verifier(kSecret, o).verify(deep_raw, too_deep)) == "bad_format");
    CHECK(outcome(Verifier(kSecret, options()).verify(deep_raw, too_deep)) == "ok");
    // The default (512) holds too, without recursion trouble.
    std::string very_deep = std::string(100000, '[') + std::string(100000, ']');
    Headers vd{{"X-Signature-V2", std::string(64, '0')}};
    CHECK(outcome(Verifier(kSecret, options()).verify(vd, very_deep)) == "bad_format");
}

TEST_CASE("webhook: a body whose canonical JSON outgrows 4x its size is refused, signed or not") {
    // Each 1e300 prints as its 301 digits: 6 body bytes, 302 canonical ones.
    std::string numbers;
    for (int i = 0; i < 2000; ++i) numbers += i == 0 ? "1e300" : ",1e300";
    const std::string body = R"({"a":[)" + numbers + R"(],"timestamp":)" + std::to_string(kNow) + "}";
    auto canonical = didit::webhook::canonical_json(body);  // canonical_json itself has no growth limit
    REQUIRE(canonical.ok());
    REQUIRE(canonical->size() > 40 * body.size());
    // A genuine V2 signature, an unauthenticated one, the {timestamp}: form: all refused unread.
    Headers v2{{"X-Signature-V2", ref::hmac_hex(kSecret, *canonical)}};
    Headers forged{{"X-Signature-V2", std::string(64, 'a')}, {"X-Timestamp", std::to_string(kNow)}};
    for (const Headers& h : {v2, forged}) {
        auto r = Verifier(kSecret, options()).verify(h, body);
        CHECK(outcome(r) == "canonical_too_large");
        CHECK(r.error().kind == didit::ErrorKind::WebhookVerification);
        CHECK(r.error().message.find("4 times") != std::string::npos);
        check_clean(r.error());
    }
    // The Simple scheme reads the body before its signature is known good: the same limit.
    Headers simple{{"X-Signature-Simple", std::string(64, 'a')}, {"X-Timestamp", std::to_string(kNow)}};
    CHECK(outcome(Verifier(kSecret, options(kNow, only_simple())).verify(simple, body)) == "canonical_too_large");
    // A raw signature is checked first; the envelope read after it is bounded the same way.
    Headers raw{{"X-Signature", ref::hmac_hex(kSecret, body)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(raw, body)) == "canonical_too_large");
}

TEST_CASE("webhook: the growth limit is 4x the body, inclusive") {
    // A compact, sorted body is its own canonical form but for the numbers, so its canonical length
    // is known: each 1e22 (4 bytes) prints as 23. A padding string grows both alike; find n and pad
    // with canonical == 4 x body exactly.
    auto make = [](int n, std::size_t pad) {
        std::string nums;
        for (int i = 0; i < n; ++i) nums += i == 0 ? "1e22" : ",1e22";
        return R"({"a":[)" + nums + R"(],"p":")" + std::string(pad, 'x') + R"(","timestamp":)" + std::to_string(kNow) +
               "}";
    };
    int n = 1;
    std::size_t pad = 0;
    for (; n < 200; ++n) {
        const std::size_t b = make(n, 0).size(), c = b + 19 * static_cast<std::size_t>(n);
        if (c > 4 * b && (c - 4 * b) % 3 == 0) {
            pad = (c - 4 * b) / 3;
            break;
        }
    }
    REQUIRE(n < 200);
    const std::string at_limit = make(n, pad);
    auto canonical = didit::webhook::canonical_json(at_limit);
    REQUIRE(canonical.ok());
    REQUIRE(canonical->size() == 4 * at_limit.size());
    Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, *canonical)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(h, at_limit)) == "ok");
    // One byte less of padding: the canonical form is now 3 bytes past 4x.
    const std::string over = make(n, pad - 1);
    auto c_over = didit::webhook::canonical_json(over);
    REQUIRE(c_over.ok());
    REQUIRE(c_over->size() > 4 * over.size());
    Headers ho{{"X-Signature-V2", ref::hmac_hex(kSecret, *c_over)}};
    CHECK(outcome(Verifier(kSecret, options()).verify(ho, over)) == "canonical_too_large");
}

TEST_CASE("webhook: V2 over canonical forms longer than the HMAC's 64 KiB chunks") {
    // The canonical form reaches the HMACs in pieces: strings longer than a chunk, many small
    // tokens across chunk edges, in all three V2 forms and with two secrets.
    std::string big;  // JSON string text: a newline escape now and then, so it goes through the pool
    for (int i = 0; i < 200; ++i) big += std::string(997, 'x') + "\\n";
    std::string items;
    for (int i = 0; i < 30000; ++i) items += (i == 0 ? "" : ", ") + std::to_string(i) + ".5";
    const std::string body = R"({"timestamp": )" + std::to_string(kNow) + R"(, "b": ")" + kName + R"(", "s": ")" + big +
                             R"(", "a": [)" + items + "]}";
    auto canonical = didit::webhook::canonical_json(body);
    REQUIRE(canonical.ok());
    REQUIRE(canonical->size() > 3 * 65536);
    std::string ascii;
    REQUIRE(didit::detail::canonicalize_json_ascii(body, ascii));
    REQUIRE(ascii != *canonical);
    const Verifier verifier({kOld, kSecret}, options());
    const std::string ts = std::to_string(kNow);
    for (const std::string& signed_text : {*canonical, ts + ":" + *canonical, ascii}) {
        Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, signed_text)}, {"X-Timestamp", ts}};
        CHECK(outcome(verifier.verify(h, body)) == "ok");
        std::string wrong = signed_text;
        wrong.back() = ' ';
        Headers hw{{"X-Signature-V2", ref::hmac_hex(kSecret, wrong)}, {"X-Timestamp", ts}};
        CHECK(outcome(verifier.verify(hw, body)) == "mismatch");
    }
}

TEST_CASE("webhook: invalid JSON under a V2 header is bad_format, not a crash") {
    Verifier verifier(kSecret, options());
    for (const std::string& body : {std::string("{"), std::string("{\"a\":NaN}"), std::string("{\"a\":\"\\ud800\"}"),
                                    std::string("{\"a\":\"\xff\"}"), std::string("{} {}"), std::string()}) {
        Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, body)}};
        CHECK(outcome(verifier.verify(h, body)) == "bad_format");
    }
    // Authentic raw signatures over bodies that are not event objects.
    for (const std::string& body : {std::string("[1,2]"), std::string("\"text\""), std::string("not json")}) {
        Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)}};
        CHECK(outcome(verifier.verify(h, body)) == "bad_format");
    }
    // An object without a timestamp cannot be checked for freshness.
    const std::string no_ts = R"({"session_id":"s"})";
    Headers h{{"X-Signature-V2", ref::hmac_hex(kSecret, no_ts)}};
    CHECK(outcome(verifier.verify(h, no_ts)) == "bad_format");
    const std::string str_ts = R"({"timestamp":"1767225600"})";
    Headers hs{{"X-Signature-V2", ref::hmac_hex(kSecret, str_ts)}};
    CHECK(outcome(verifier.verify(hs, str_ts)) == "bad_format");
}

TEST_CASE("webhook: extreme signed timestamps are stale, not overflow") {
    Verifier verifier(kSecret, options());
    for (const std::string& ts : {std::string("-9223372036854775808"), std::string("9223372036854775807"),
                                  std::string("18446744073709551615"), std::string("-1"), std::string("0")}) {
        const std::string body = R"({"timestamp":)" + ts + "}";
        Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)}};
        CHECK(outcome(verifier.verify(h, body)) == "stale");
    }
}

// ---- decoding ------------------------------------------------------------------------------

TEST_CASE("webhook: a body with a decision decodes into Event::decision") {
    const std::string decision = didit_test::fixture("decision-1.json");
    REQUIRE_FALSE(decision.empty());
    const std::string body = R"({"event_id": "evt_7f3a", "webhook_type": "status.updated", "timestamp": )" +
                             std::to_string(kNow) + R"(, "session_id": ")" + kSession +
                             R"(", "status": "Approved", "vendor_data": "user-42",)"
                             R"( "workflow_id": "wf-0001", "metadata": {"plan": "gold", "n": 3.0},)"
                             R"( "resubmit_info": null, "decision": )" +
                             decision + "}";
    auto h = didit::webhook::sign(body, kSecret, kNow);
    REQUIRE(h.ok());
    h->remove("X-Signature");  // through V2 and its canonicalizer
    auto ev = Verifier(kSecret, options()).verify(*h, body);
    REQUIRE(ev.ok());
    CHECK(ev->event_id == std::string("evt_7f3a"));
    CHECK(ev->session_id == kSession);
    REQUIRE(ev->status.has_value());
    CHECK(*ev->status == didit::SessionStatus::Approved);
    CHECK(ev->workflow_id == std::string("wf-0001"));
    REQUIRE(ev->vendor_data.get() != nullptr);
    CHECK(*ev->vendor_data.get() == "user-42");
    REQUIRE(ev->metadata().is_object());
    CHECK(ev->metadata()["plan"] == "gold");
    const auto& decoded = ev->decision();
    REQUIRE(decoded.ok());
    REQUIRE(decoded->has_value());
    const didit::Decision& d = **decoded;
    CHECK(d.session_id == "11111111-2222-3333-4444-555555555555");
    REQUIRE(d.status.has_value());
    CHECK(*d.status == didit::SessionStatus::InReview);
    CHECK(d.session_number == 43762);
    REQUIRE(d.features.has_value());
    // Unmodelled top-level keys stay reachable.
    CHECK(ev->contains("resubmit_info"));
    REQUIRE(ev->member("resubmit_info").has_value());
    CHECK(ev->member("resubmit_info")->is_null());
    CHECK(ev->json()["decision"]["expected_details"]["last_name"] == "Espa\xC3\xB1ola Espa\xC3\xB1ola");
}

namespace {

/// A status.updated event with every envelope field, `decision` and `metadata` as given.
std::string full_event(const std::string& decision, const std::string& metadata = R"({"plan": "gold", "n": 3.0})") {
    return R"({"event_id": "evt_7f3a", "webhook_type": "status.updated", "timestamp": )" + std::to_string(kNow) +
           R"(, "created_at": )" + std::to_string(kNow - 5) + R"(, "application_id": "app-9", "session_id": ")" +
           kSession +
           R"(", "status": "Approved", "vendor_data": "user-42", "workflow_id": "wf-0001", "workflow_version": 3,)"
           R"( "metadata": )" +
           metadata + R"(, "resubmit_info": null, "decision": )" + decision + "}";
}

/// `body` signed by sign() and verified through one scheme only.
didit::Result<Event> verify_signed(const std::string& body, Schemes schemes) {
    auto h = didit::webhook::sign(body, kSecret, kNow);
    if (!h.ok()) return h.error();
    return Verifier(kSecret, options(kNow, schemes)).verify(*h, body);
}

}  // namespace

TEST_CASE("webhook: verify() fills the envelope of a decision-1.json event") {
    const std::string decision = didit_test::fixture("decision-1.json");
    REQUIRE_FALSE(decision.empty());
    const std::string body = full_event(decision);
    for (Schemes schemes : {only_raw(), only_v2(), only_simple()}) {
        auto ev = verify_signed(body, schemes);
        REQUIRE(ev.ok());
        CHECK(ev->event_id == std::string("evt_7f3a"));
        REQUIRE(ev->webhook_type.has_value());
        CHECK(*ev->webhook_type == didit::webhook::WebhookType::StatusUpdated);
        CHECK(ev->timestamp == kNow);
        CHECK(ev->created_at == kNow - 5);
        CHECK(ev->application_id == std::string("app-9"));
        CHECK(ev->session_id == kSession);
        REQUIRE(ev->status.has_value());
        CHECK(*ev->status == didit::SessionStatus::Approved);
        REQUIRE(ev->vendor_data.get() != nullptr);
        CHECK(*ev->vendor_data.get() == "user-42");
        CHECK(ev->workflow_id == std::string("wf-0001"));
        CHECK(ev->workflow_version == 3);
        CHECK(ev->body() == body);
        for (const char* key : {"event_id", "timestamp", "metadata", "resubmit_info", "decision"})
            CHECK(ev->contains(key));
        CHECK_FALSE(ev->contains("expected_details"));  // nested keys are not top-level members
        CHECK_FALSE(ev->member("previous_status").has_value());
    }
    // A null vendor_data is null, not absent.
    std::string null_vendor = body;
    null_vendor.replace(null_vendor.find("\"user-42\""), 9, "null");
    auto ev = verify_signed(null_vendor, only_v2());
    REQUIRE(ev.ok());
    CHECK(ev->vendor_data.is_null());
}

TEST_CASE("webhook: decision() is decoded on first use, once, and shared by copies") {
    const std::string decision = didit_test::fixture("decision-1.json");
    REQUIRE_FALSE(decision.empty());
    auto ev = verify_signed(full_event(decision), only_v2());
    REQUIRE(ev.ok());
    const auto& first = ev->decision();
    CHECK(&ev->decision() == &first);  // kept, not decoded again
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    CHECK((*first)->session_id == "11111111-2222-3333-4444-555555555555");
    REQUIRE((*first)->status.has_value());
    CHECK(*(*first)->status == didit::SessionStatus::InReview);
    // Exactly what decoding the fixture on its own gives.
    auto alone = didit::decode_json<didit::Decision>(std::string_view(decision));
    REQUIRE(alone.ok());
    auto a = didit::encode_json(**first);
    auto b = didit::encode_json(*alone);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == *b);
    // Copies share the body and the decoded parts; a move keeps them.
    const Event copy = *ev;
    CHECK(&copy.decision() == &first);
    CHECK(copy.body().data() == ev->body().data());
    Event moved = std::move(*ev);
    CHECK(&moved.decision() == &first);
    CHECK(moved.session_id == kSession);
}

TEST_CASE("webhook: json() is the whole body as nlohmann parses it") {
    const std::string decision = didit_test::fixture("decision-1.json");
    for (const std::string& body : {body_at(kNow), full_event(decision)}) {
        for (Schemes schemes : {only_raw(), only_v2()}) {
            auto ev = verify_signed(body, schemes);
            REQUIRE(ev.ok());
            const didit::Json parsed = didit::detail::parse_json_text(body);
            REQUIRE(parsed.is_object());
            CHECK(ev->json() == parsed);
            CHECK(&ev->json() == &ev->json());
        }
    }
}

TEST_CASE("webhook: metadata() holds any JSON, null when absent") {
    const std::string decision = R"({"session_id": "d-1", "status": "Declined"})";
    struct Case {
        const char* text;
        didit::Json expected;
    };
    const Case cases[] = {
        {"null", didit::Json()},
        {R"({"plan": "gold", "tags": ["a", "b"], "n": 3.0})",
         didit::Json{{"plan", "gold"}, {"tags", {"a", "b"}}, {"n", 3.0}}},
        {R"([1, "two", {"three": 3}, null])", didit::Json::array({1, "two", didit::Json{{"three", 3}}, nullptr})},
        {R"("just text \u00e9")", didit::Json("just text \xC3\xA9")},
        {"12345678901234567890", didit::Json(12345678901234567890ull)},
        {"{}", didit::Json::object()},
    };
    for (const Case& c : cases) {
        const std::string shown = c.text;
        CAPTURE(shown);
        auto ev = verify_signed(full_event(decision, c.text), only_v2());
        REQUIRE(ev.ok());
        CHECK(ev->metadata() == c.expected);
        CHECK(ev->member("metadata") == c.expected);
        CHECK(ev->contains("metadata"));
        CHECK(&ev->metadata() == &ev->metadata());
    }
    auto absent = verify_signed(body_at(kNow), only_v2());
    REQUIRE(absent.ok());
    CHECK(absent->metadata().is_null());
    CHECK_FALSE(absent->contains("metadata"));
}

TEST_CASE("webhook: a decision of the wrong shape fails decision(), not verify()") {
    struct Case {
        const char* decision;
        const char* path;
    };
    const Case cases[] = {
        {R"("not an object")", "decision: expected object, got string"},
        {"[1, 2]", "decision: expected object, got array"},
        {R"({"session_id": "d-1", "session_number": "seven"})", "decision.session_number: expected integer"},
        {R"({"session_id": "d-1", "features": 7})", "decision.features: expected string or array"},
        {R"({"session_id": "d-1", "status": {"code": 1}})", "decision.status: expected string"},
    };
    for (const Case& c : cases) {
        const std::string shown = c.decision;
        CAPTURE(shown);
        for (Schemes schemes : {only_raw(), only_v2()}) {
            auto ev = verify_signed(full_event(c.decision), schemes);
            REQUIRE(ev.ok());  // the signature and the envelope are fine
            CHECK(ev->session_id == kSession);
            CHECK(ev->metadata()["plan"] == "gold");
            const auto& d = ev->decision();
            REQUIRE_FALSE(d.ok());
            CHECK(d.error().kind == didit::ErrorKind::Decode);
            CHECK(d.error().message.find(c.path) != std::string::npos);
            CHECK(ev->json()["decision"] == didit::detail::parse_json_text(c.decision));
        }
    }
    // null is no decision.
    auto none = verify_signed(full_event("null"), only_v2());
    REQUIRE(none.ok());
    REQUIRE(none->decision().ok());
    CHECK_FALSE(none->decision()->has_value());
    CHECK(none->contains("decision"));
}

TEST_CASE("webhook: escaped strings in envelope fields and keys decode") {
    // vendor_data is a"bé; the status and type are spelled with escapes; one key is escaped too.
    const std::string body = R"({"timestamp": )" + std::to_string(kNow) +
                             R"(, "vendor_data": "a\"b\u00e9", "status": "\u0041pproved",)"
                             R"( "webhook_type": "status\u002eupdated", "session\u005fid": "s\/1\n",)"
                             R"( "event_id": "\ud83d\ude00 \\ \t", "workflow_id": "Jos\u00e9 )" +
                             std::string("\xC3\x91") + R"("})";
    for (Schemes schemes : {only_raw(), only_v2(), only_simple()}) {
        auto ev = verify_signed(body, schemes);
        REQUIRE(ev.ok());
        REQUIRE(ev->vendor_data.get() != nullptr);
        CHECK(*ev->vendor_data.get() == "a\"b\xC3\xA9");
        REQUIRE(ev->status.has_value());
        CHECK(*ev->status == didit::SessionStatus::Approved);
        REQUIRE(ev->webhook_type.has_value());
        CHECK(*ev->webhook_type == didit::webhook::WebhookType::StatusUpdated);
        CHECK(ev->session_id == std::string("s/1\n"));
        CHECK(ev->event_id == std::string("\xF0\x9F\x98\x80 \\ \t"));
        CHECK(ev->workflow_id == std::string("Jos\xC3\xA9 \xC3\x91"));
        CHECK(ev->contains("session_id"));
        CHECK_FALSE(ev->contains("session\\u005fid"));
    }
}

TEST_CASE("webhook: an envelope field of the wrong type is a Decode error from verify()") {
    for (const std::string& field : {std::string(R"("session_id": 5)"), std::string(R"("workflow_version": "3")"),
                                     std::string(R"("status": ["Approved"])"), std::string(R"("created_at": 1.5)")}) {
        CAPTURE(field);
        const std::string body = R"({"timestamp": )" + std::to_string(kNow) + ", " + field + "}";
        for (Schemes schemes : {only_raw(), only_v2()}) {
            auto ev = verify_signed(body, schemes);
            REQUIRE_FALSE(ev.ok());
            CHECK(ev.error().kind == didit::ErrorKind::Decode);
            CHECK(ev.error().message.find("event shape") != std::string::npos);
            CHECK(ev.error().message.find(field.substr(1, field.find('"', 1) - 1)) != std::string::npos);
        }
    }
}

TEST_CASE("webhook: of duplicate top-level keys the last counts, as in Python") {
    // Python's json.loads keeps the last; so does the canonical form that V2 signs.
    const std::string stale_first =
        R"({"timestamp": 1, "session_id": "first", "session_id": "last", "timestamp": )" + std::to_string(kNow) + "}";
    for (Schemes schemes : {only_raw(), only_v2()}) {
        auto ev = verify_signed(stale_first, schemes);
        REQUIRE(ev.ok());
        CHECK(ev->timestamp == kNow);
        CHECK(ev->session_id == std::string("last"));
        CHECK(ev->member("session_id") == didit::Json("last"));
        CHECK(ev->json()["session_id"] == "last");
    }
    const std::string stale_last = R"({"timestamp": )" + std::to_string(kNow) + R"(, "timestamp": 1})";
    CHECK(outcome(verify_signed(stale_last, only_raw())) == "stale");
    CHECK(outcome(verify_signed(stale_last, only_v2())) == "stale");
}

TEST_CASE("webhook: member values read without the parser equal the parser's") {
    for (const std::string& text : {std::string("0"),
                                    std::string("-0"),
                                    std::string("7"),
                                    std::string("1767225600"),
                                    std::string("18446744073709551615"),
                                    std::string("18446744073709551616"),
                                    std::string("-1"),
                                    std::string("-9223372036854775808"),
                                    std::string("-9223372036854775809"),
                                    std::string("1.5"),
                                    std::string("1e3"),
                                    std::string("-2.5E-3"),
                                    std::string("true"),
                                    std::string("false"),
                                    std::string("null"),
                                    std::string("\"\""),
                                    std::string("\"plain\""),
                                    std::string("\"a\\\"b\\u00e9\""),
                                    std::string("[1,2]"),
                                    std::string("{\"a\":null}")}) {
        CAPTURE(text);
        didit::detail::TopLevelMember m;
        m.begin = 0;
        m.end = text.size();
        const didit::Json fast = didit::webhook::detail::parse_member(text, m);
        const didit::Json slow = didit::detail::parse_json_text(text);
        CHECK(fast.type() == slow.type());
        CHECK(fast == slow);
    }
}

TEST_CASE("webhook: a default-constructed Event is empty") {
    const Event ev;
    CHECK(ev.body().empty());
    CHECK(ev.json().is_null());
    CHECK(ev.metadata().is_null());
    REQUIRE(ev.decision().ok());
    CHECK_FALSE(ev.decision()->has_value());
    CHECK_FALSE(ev.contains("timestamp"));
    CHECK_FALSE(ev.member("timestamp").has_value());
    CHECK_FALSE(ev.session_id.has_value());
}

TEST_CASE("webhook: one Verifier and one Event may be used from several threads") {
    const std::string decision = didit_test::fixture("decision-1.json");
    const std::string body = full_event(decision);
    auto ev = verify_signed(body, only_v2());
    REQUIRE(ev.ok());
    const Event shared = *ev;
    auto h = didit::webhook::sign(body, kSecret, kNow, kOld);
    REQUIRE(h.ok());
    const Verifier verifier({kOld, kSecret}, options(kNow, only_v2()));
    std::array<const didit::Json*, 4> json{};
    std::array<const didit::Json*, 4> metadata{};
    std::array<const void*, 4> decisions{};
    std::array<int, 4> verified{};
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            json[i] = &shared.json();
            metadata[i] = &shared.metadata();
            decisions[i] = &shared.decision();
            for (int k = 0; k < 5; ++k) verified[i] += verifier.verify(*h, body).ok() ? 1 : 0;
        });
    for (auto& t : threads) t.join();
    for (std::size_t i = 1; i < 4; ++i) {
        CHECK(json[i] == json[0]);
        CHECK(metadata[i] == metadata[0]);
        CHECK(decisions[i] == decisions[0]);
    }
    for (int n : verified) CHECK(n == 5);
    CHECK(json[0]->is_object());
    REQUIRE(shared.decision().ok());
    CHECK(shared.decision()->has_value());
}

TEST_CASE("webhook: an unknown webhook_type is kept as an open-enum string") {
    const std::string body = body_at(kNow, "kyc.something.new");
    Headers h{{"X-Signature", ref::hmac_hex(kSecret, body)}};
    auto ev = Verifier(kSecret, options()).verify(h, body);
    REQUIRE(ev.ok());
    REQUIRE(ev->webhook_type.has_value());
    CHECK_FALSE(ev->webhook_type->is_known());
    CHECK(ev->webhook_type->str() == "kyc.something.new");
    const std::string user = R"({"previous_status":"ACTIVE","status":"Some New Status","timestamp":)" +
                             std::to_string(kNow) + R"(,"webhook_type":"user.status.updated"})";
    Headers hu{{"X-Signature-V2", ref::hmac_hex(kSecret, user)}};  // already canonical
    auto uev = Verifier(kSecret, options()).verify(hu, user);
    REQUIRE(uev.ok());
    CHECK(*uev->webhook_type == didit::webhook::WebhookType::UserStatusUpdated);
    REQUIRE(uev->status.has_value());
    CHECK(uev->status->str() == "Some New Status");
    CHECK(uev->contains("previous_status"));
    CHECK(uev->member("previous_status") == didit::Json("ACTIVE"));
}

// ---- secrets -------------------------------------------------------------------------------

TEST_CASE("webhook: no secret is an InvalidArgument") {
    const std::string body = body_at(kNow);
    Headers h{{"X-Signature", ref::hmac_hex("", body)}};
    for (const Verifier& v : {Verifier(std::string(), options()), Verifier(std::vector<std::string>{}, options()),
                              Verifier(std::vector<std::string>{"", ""}, options())}) {
        auto r = v.verify(h, body);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
    }
}

TEST_CASE("webhook: refusals never contain a secret or a signature") {
    const std::string body = body_at(kNow);
    const std::string raw_sig = ref::hmac_hex(kSecret, body);
    const std::string v2_sig = ref::hmac_hex(kSecret, canonical_at(kNow));
    const std::string simple_sig = ref::hmac_hex(kSecret, simple_message(kNow));
    std::vector<std::pair<Headers, std::string>> cases = {
        {Headers{{"X-Signature-V2", std::string(64, 'b')}}, body},                             // mismatch
        {Headers{{"X-Signature-V2", "xyz"}}, body},                                            // bad_format
        {Headers{}, body},                                                                     // missing
        {Headers{{"X-Signature-V2", v2_sig}, {"X-Timestamp", "1"}}, body},                     // stale
        {Headers{{"X-Signature", raw_sig}}, body + " "},                                       // mismatch
        {Headers{{"X-Signature-V2", v2_sig}}, "{\"a\":"},                                      // bad_format
        {Headers{{"X-Signature-Simple", simple_sig}, {"X-Timestamp", "12"}}, body},            // mismatch
        {Headers{{"X-Signature", raw_sig}, {"X-Signature-V2", v2_sig}}, body_at(kNow + 999)},  // mismatch
    };
    for (const auto& [headers, b] : cases) {
        for (const Verifier& v : {Verifier({kSecret, kOld}, options(kNow, all_schemes())),
                                  Verifier(kSecret, options(kNow + 1000, all_schemes()))}) {
            auto r = v.verify(headers, b);
            REQUIRE_FALSE(r.ok());
            check_clean(r.error(), {raw_sig, v2_sig, simple_sig, ref::hmac_hex(kSecret, b),
                                    ref::hmac_hex(kOld, canonical_at(kNow))});
        }
    }
}
