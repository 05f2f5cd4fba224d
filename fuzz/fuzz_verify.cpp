// SPDX-License-Identifier: MIT
// libFuzzer target for didit::webhook::Verifier::verify: headers and body from the input, often validly signed.
//
// Input layout: byte 0 holds flags, the rest is the body. With F_HEADER_BLOCK the rest starts
// with "Name: value" lines up to the first blank line ("\n\n"), and the body follows.
// With F_SIGN the harness signs the body with sign() (so the canonicalizer, the freshness check
// and the Event decoder are reached) and sets the clock near the body's `timestamp`.
// An accepted Event's lazy parts (json(), decision(), metadata(), member()) are all exercised.
// Properties checked besides "no crash under ASan/UBSan":
//   - an unsigned input is never accepted;
//   - a correctly signed input (no fuzzed headers) never fails as "mismatch" or "missing_header";
//   - no error text ever contains a secret;
//   - canonical_too_large only for a body whose canonical form is more than twice its size;
//   - an accepted Event holds the body, and its envelope, members, metadata() and decision()
//     agree with the whole-body nlohmann parse.
#include <didit/didit.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

constexpr unsigned F_SIGN = 1u << 0;          // sign the body with sign()
constexpr unsigned F_ROTATION = 1u << 1;      // sign with the old secret as main and -Previous
constexpr unsigned F_SIMPLE = 1u << 2;        // accept X-Signature-Simple
constexpr unsigned F_DROP_RAW = 1u << 3;      // remove X-Signature (forces the V2 path)
constexpr unsigned F_DROP_V2 = 1u << 4;       // remove X-Signature-V2 too (Simple or nothing)
constexpr unsigned F_SMALL_LIMITS = 1u << 5;  // max_body_bytes 2048, max_depth 16
constexpr unsigned F_STALE = 1u << 6;         // clock 301 s past the signed timestamp
constexpr unsigned F_HEADER_BLOCK = 1u << 7;  // fuzzed headers precede the body

const std::string kSecret = "fuzz-SECRET-current";
const std::string kOld = "fuzz-SECRET-previous";

[[noreturn]] void fail(const char* what, std::size_t size) {
    std::fprintf(stderr, "fuzz_verify: %s (input %zu bytes)\n", what, size);
    std::abort();
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

void parse_header_block(std::string_view block, didit::Headers& out) {
    while (!block.empty()) {
        std::size_t nl = block.find('\n');
        std::string_view line = block.substr(0, nl);
        block = nl == std::string_view::npos ? std::string_view() : block.substr(nl + 1);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        out.add(std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
    }
}

// The first top-level-looking "timestamp": <integer> in the body, textually (the harness must
// not depend on the parser under test). Clamped so that clock arithmetic stays in range.
std::int64_t find_timestamp(std::string_view body) {
    std::size_t at = body.find("\"timestamp\"");
    if (at == std::string_view::npos) return 1767225600;
    std::size_t i = at + 11;
    while (i < body.size() && (body[i] == ' ' || body[i] == ':' || body[i] == '\n' || body[i] == '\t')) ++i;
    bool negative = i < body.size() && body[i] == '-';
    if (negative) ++i;
    std::int64_t v = 0;
    for (; i < body.size() && std::isdigit(static_cast<unsigned char>(body[i])); ++i) {
        if (v > 100000000000000000) return 1767225600;
        v = v * 10 + (body[i] - '0');
    }
    return negative ? -v : v;
}

// An accepted Event against the whole-body parse: the lazy parts and the envelope must agree
// with what nlohmann makes of the same bytes (both keep the last of duplicate keys).
void check_event(const didit::webhook::Event& ev, std::string_view body, std::size_t size) {
    if (ev.body() != body) fail("the event does not hold the verified bytes", size);
    const didit::Json& j = ev.json();
    if (!j.is_object()) fail("an accepted event is not a JSON object", size);
    for (auto it = j.begin(); it != j.end(); ++it) {
        auto m = ev.member(it.key());
        if (!m || *m != it.value()) fail("member() disagrees with json()", size);
    }
    auto metadata = j.find("metadata");
    if (ev.metadata() != (metadata == j.end() ? didit::Json() : *metadata))
        fail("metadata() disagrees with json()", size);
    auto session = j.find("session_id");
    if (ev.session_id.has_value() != (session != j.end() && !session->is_null()) ||
        (ev.session_id && *ev.session_id != session->get<std::string>()))
        fail("session_id disagrees with json()", size);
    auto decision = j.find("decision");
    const auto& d = ev.decision();
    auto alone = didit::decode_json<std::optional<didit::Decision>>(decision == j.end() ? didit::Json() : *decision);
    if (d.ok() != alone.ok()) fail("decision() disagrees with decoding json()[\"decision\"]", size);
    if (d.ok() && d->has_value() != alone->has_value()) fail("decision() presence disagrees with json()", size);
    if (d.ok() && d->has_value()) {
        auto a = didit::encode_json(**d);
        auto b = didit::encode_json(**alone);
        if (a.ok() != b.ok() || (a.ok() && *a != *b)) fail("decision() decodes another value than json()", size);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned flags = data[0];
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

    didit::Headers headers;
    if (flags & F_HEADER_BLOCK) {
        std::size_t blank = rest.find("\n\n");
        if (blank == std::string_view::npos) blank = rest.size();
        parse_header_block(rest.substr(0, blank), headers);
        rest = blank + 2 <= rest.size() ? rest.substr(blank + 2) : std::string_view();
    }
    const std::string_view body = rest;

    const std::int64_t ts = find_timestamp(body);
    bool signed_ok = false;
    if (flags & F_SIGN) {
        auto sig = (flags & F_ROTATION) ? didit::webhook::sign(body, kOld, ts, kSecret)
                                        : didit::webhook::sign(body, kSecret, ts);
        if (sig.ok()) {
            signed_ok = true;
            if (flags & F_DROP_RAW) {
                sig->remove("X-Signature");
                sig->remove("X-Signature-Previous");
            }
            if (flags & F_DROP_V2) {
                sig->remove("X-Signature-V2");
                sig->remove("X-Signature-V2-Previous");
            }
            for (const auto& [name, value] : *sig) headers.add(name, value);
        } else if (sig.error().to_string().find("SECRET") != std::string::npos) {
            fail("sign() error mentions the secret", size);
        }
    }

    didit::webhook::VerifierOptions options;
    const std::int64_t now = (flags & F_STALE) ? ts + 301 : ts;
    options.clock = [now] { return now; };
    options.schemes.simple = (flags & F_SIMPLE) != 0;
    if (flags & F_SMALL_LIMITS) {
        options.max_body_bytes = 2048;
        options.max_depth = 16;
    }
    didit::webhook::Verifier verifier({kSecret}, options);
    auto result = verifier.verify(headers, body);

    if (result.ok()) {
        if (!signed_ok) fail("an unsigned body was accepted", size);
        check_event(*result, body, size);
        return 0;
    }
    const didit::Error& e = result.error();
    const std::string text = e.to_string();
    if (text.find(kSecret) != std::string::npos || text.find(kOld) != std::string::npos ||
        text.find("SECRET") != std::string::npos)
        fail("an error mentions a secret", size);
    // Refused when the numbers alone add more than 3x the body (whitespace and the like may take
    // some back): so only for a body whose canonical form is more than twice its size.
    if (e.code == "canonical_too_large") {
        auto c = didit::webhook::canonical_json(body);
        if (!c.ok() || c->size() <= 2 * body.size()) fail("canonical_too_large for a body that does not grow", size);
    }
    const bool fuzzed_headers = (flags & F_HEADER_BLOCK) != 0;
    const bool some_header_left = !((flags & F_DROP_RAW) && (flags & F_DROP_V2) && !(flags & F_SIMPLE));
    if (signed_ok && !fuzzed_headers && some_header_left && e.kind == didit::ErrorKind::WebhookVerification &&
        (e.code == "mismatch" || e.code == "missing_header"))
        fail("a correctly signed body was refused as mismatch/missing_header", size);
    return 0;
}
