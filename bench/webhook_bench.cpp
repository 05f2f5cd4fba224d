// SPDX-License-Identifier: MIT
// Webhook V2 verification throughput on ~2/20/200 KB KYC bodies: Verifier, Verifier + decision(), nlohmann, HMAC.
//
//   webhook_bench <out-dir> [seconds-per-measurement=0.5]
//
// Writes body-<label>.json (the raw bodies) and body-<label>.sig (their X-Signature-V2) to
// <out-dir> for webhook_bench.py, which times Python's reference on the same bytes, and
// cpp-results.tsv (label, bytes, method, verifications per second). Run both through
// bench/run_webhook_bench.sh, which prints the comparison table.
#include <didit/didit.hpp>

#include <openssl/crypto.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t kTimestamp = 1767225600;
const std::string kSecret = "whsec_bench_0123456789abcdef0123456789abcdef";

// Deterministic variety: names with accents, Cyrillic, Greek and CJK; floats with two to four
// decimals, integral floats (95.0), tiny floats (1.5e-05); URLs; nulls and booleans.
const char* const kNames[] = {
    "Carmen Espa\xC3\xB1ola Espa\xC3\xB1ola",
    "Jos\xC3\xA9 \xC3\x91\xC3\xBA\xC3\xB1"
    "ez",
    "Zo\xC3\xAB \xC5\x81ukasiewicz",
    "\xD0\x92\xD0\xBB\xD0\xB0\xD0\xB4\xD0\xB8\xD0\xBC\xD0\xB8\xD1\x80 \xD0\x9F\xD0\xB5\xD1\x82\xD1\x80\xD0\xBE\xD0\xB2",
    "\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x8D",
    "\xCE\x91\xCE\xBB\xCE\xAD\xCE\xBE\xCE\xB1\xCE\xBD\xCE\xB4\xCF\x81\xCE\xBF\xCF\x82 Papadopoulos",
    "Fran\xC3\xA7ois M\xC3\xBCller-L\xC3\xBC"
    "denscheidt",
    "Ng\xE1\xBB\x8D\x63 \xC3\x81nh"};
const char* const kCountries[] = {"ES", "FR", "DE", "RU", "CN", "GR", "VN", "US"};
const char* const kRisks[] = {"POSSIBLE_MATCH", "DOCUMENT_EXPIRED", "LOW_LIVENESS_SCORE", "IP_COUNTRY_MISMATCH"};

std::string fixed2(std::uint32_t hundredths) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%u.%02u", hundredths / 100, hundredths % 100);
    return buf;
}

// One AML-hit-like entry (~900 bytes) with a warning list, scores and URLs.
std::string hit(std::uint32_t i) {
    const std::string id = std::to_string(100000 + i);
    const char* name = kNames[i % 8];
    std::string s = "{\"node_id\": \"feature_aml_1\", \"hit_id\": \"hit-" + id + "\", \"name\": \"" + name +
                    "\", \"match_score\": " + fixed2((i * 3733u) % 10000u) +
                    ", \"risk_score\": " + std::to_string(i % 100) +
                    ".0, \"score_breakdown\": {\"name\": " + fixed2((i * 911u) % 6000u) +
                    ", \"dob\": 20.0, \"country\": " + fixed2((i * 57u) % 1500u) +
                    ", \"decay\": 1.5e-05}, \"datasets\": [\"PEP\", \"Sanctions\", \"Adverse Media\"], "
                    "\"countries\": [\"" +
                    kCountries[i % 8] + "\", \"" + kCountries[(i + 3) % 8] +
                    "\"], \"url\": \"https://media.didit.example/aml/hits/" + id +
                    ".json?sig=ab12cd34ef&expires=1767229200\", \"birth_date\": \"19" + std::to_string(50 + i % 50) +
                    "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
                    "\", \"is_pep\": " + (i % 3 == 0 ? "true" : "false") +
                    ", \"review_status\": null, \"warnings\": [{\"risk\": \"" + kRisks[i % 4] +
                    "\", \"feature\": \"AML\", \"short_description\": \"Possible match in a watchlist\", "
                    "\"long_description\": \"The applicant's name and birth date partially match an entry "
                    "(\\\"" +
                    name +
                    "\\\") \\u2014 review before approving.\", \"log_type\": \"warning\", "
                    "\"additional_data\": {\"distance\": 0." +
                    std::to_string(1000 + (i * 77u) % 9000u) + ", \"rank\": " + std::to_string(i % 7) + "}}]}";
    return s;
}

// A status.updated webhook whose decision carries `hits` AML hits.
std::string body_with(std::uint32_t hits) {
    const std::string ts = std::to_string(kTimestamp);
    std::string s =
        "{\"event_id\": \"0d6e1a1e-8e59-4a39-9e1c-4b6f6d3b2a10\", \"webhook_type\": \"status.updated\", "
        "\"timestamp\": " +
        ts + ", \"created_at\": " + ts +
        ", \"application_id\": \"5a4e2f1c-0000-4000-8000-00000000a001\", "
        "\"session_id\": \"11111111-2222-3333-4444-555555555555\", \"status\": \"Approved\", "
        "\"workflow_id\": \"9c1f0000-0000-4000-8000-0000000000aa\", \"workflow_version\": 3, "
        "\"vendor_data\": \"user-8812\", \"metadata\": {\"plan\": \"premium\", \"account_id\": \"ABC123\", "
        "\"risk\": 0.35, \"limit\": 2500.0}, \"decision\": {\"session_id\": \"11111111-2222-3333-4444-555555555555\", "
        "\"session_number\": 43762, \"session_url\": "
        "\"https://verify.didit.me/session/11111111-2222-3333-4444-555555555555\", \"status\": \"Approved\", "
        "\"environment\": \"live\", \"features\": [\"ID_VERIFICATION\", \"LIVENESS\", \"FACE_MATCH\", \"AML\", "
        "\"IP_ANALYSIS\"], \"expected_details\": {\"first_name\": \"Carmen\", \"last_name\": \"" +
        std::string(kNames[0]) +
        "\"}, \"liveness_checks\": [{\"node_id\": \"feature_liveness_1\", \"status\": \"Approved\", "
        "\"method\": \"PASSIVE\", \"score\": 95.33, \"age_estimation\": 34.21, "
        "\"reference_image\": \"https://media.didit.example/liveness/ref.jpg\", \"warnings\": []}], "
        "\"face_matches\": [{\"node_id\": \"feature_face_1\", \"status\": \"Approved\", \"score\": 87.5, "
        "\"source_image\": \"https://media.didit.example/face/src.jpg\", \"warnings\": []}], "
        "\"aml_screenings\": [{\"node_id\": \"feature_aml_1\", \"status\": \"Approved\", \"total_hits\": " +
        std::to_string(hits) + ", \"score\": 12.75, \"hits\": [";
    for (std::uint32_t i = 0; i < hits; ++i) {
        if (i) s += ", ";
        s += hit(i);
    }
    s += "]}], \"ip_analyses\": [{\"ip_address\": \"203.0.113.7\", \"ip_country\": \"Espa\xC3\xB1"
         "a\", "
         "\"latitude\": 40.4168, \"longitude\": -3.7038, \"is_vpn_or_tor\": false}], "
         "\"created_at\": \"2026-01-01T00:00:00.000000Z\", \"expires_at\": null}}";
    return s;
}

// The body whose size is closest to `target`.
std::string body_near(std::size_t target) {
    std::uint32_t hits = 0;
    while (body_with(hits + 1).size() <= target) ++hits;
    std::string below = body_with(hits), above = body_with(hits + 1);
    return target - below.size() <= above.size() - target ? below : above;
}

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

volatile std::size_t g_sink = 0;

// Best of five batches, each at least `seconds / 5` long: verifications per second.
double measure(double seconds, const std::function<bool()>& once) {
    using clock = std::chrono::steady_clock;
    double best = 0;
    for (int batch = 0; batch < 5; ++batch) {
        std::size_t n = 0, good = 0;
        const auto start = clock::now();
        double elapsed = 0;
        do {
            for (int k = 0; k < 4; ++k, ++n) good += once() ? 1u : 0u;
            elapsed = std::chrono::duration<double>(clock::now() - start).count();
        } while (elapsed < seconds / 5);
        g_sink = g_sink + good;
        if (good != n) {
            std::fprintf(stderr, "webhook_bench: a verification failed during timing\n");
            std::exit(1);
        }
        best = std::max(best, static_cast<double>(n) / elapsed);
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: webhook_bench <out-dir> [seconds-per-measurement]\n");
        return 2;
    }
    const std::string dir = argv[1];
    const double seconds = argc > 2 ? std::atof(argv[2]) : 0.5;

    struct Case {
        const char* label;
        std::size_t target;
    };
    const Case cases[] = {{"2KB", 2 * 1024}, {"20KB", 20 * 1024}, {"200KB", 200 * 1024}};

    std::ofstream results(dir + "/cpp-results.tsv");
    for (const Case& c : cases) {
        const std::string body = body_near(c.target);
        auto headers = didit::webhook::sign(body, kSecret, kTimestamp);
        if (!headers.ok()) {
            std::fprintf(stderr, "webhook_bench: sign failed: %s\n", headers.error().to_string().c_str());
            return 1;
        }
        const std::string v2 = std::string(headers->get("X-Signature-V2"));
        if (!write_file(dir + "/body-" + c.label + ".json", body) ||
            !write_file(dir + "/body-" + c.label + ".sig", v2 + "\n")) {
            std::fprintf(stderr, "webhook_bench: cannot write to %s\n", dir.c_str());
            return 1;
        }

        // What a receiver gets: the V2 signature and the timestamp.
        didit::Headers received{{"X-Timestamp", std::to_string(kTimestamp)}, {"X-Signature-V2", v2}};
        didit::webhook::VerifierOptions options;
        options.clock = [] { return kTimestamp; };
        options.schemes = didit::webhook::Schemes{false, true, false};
        const didit::webhook::Verifier verifier(kSecret, options);
        {
            auto check = verifier.verify(received, body);
            const bool decided = check.ok() && check->decision().ok() && check->decision()->has_value();
            if (!decided || !check->session_id || !check->status || !check->webhook_type) {
                std::fprintf(stderr, "webhook_bench: the Verifier refused the %s body: %s\n", c.label,
                             check.ok() ? "no decision or envelope" : check.error().to_string().c_str());
                return 1;
            }
        }
        didit::webhook::detail::Digest expected{};
        didit::webhook::detail::from_hex(v2, expected);
        // Keyed once, as the Verifier keys its secrets.
        const didit::webhook::detail::HmacKey key(kSecret);

        // What a receiver that routes on the envelope pays: verify() returns an Event whose
        // envelope (event_id, webhook_type, timestamp, session_id, status, vendor_data, ...) is
        // decoded; nothing lazy is touched.
        const double ours = measure(seconds, [&] {
            auto ev = verifier.verify(received, body);
            return ev.ok() && ev->session_id.has_value() && ev->status.has_value();
        });

        // The same, then the typed decision (parsed from its own slice of the body on first use).
        const double with_decision = measure(seconds, [&] {
            auto ev = verifier.verify(received, body);
            if (!ev.ok()) return false;
            const auto& d = ev->decision();
            return d.ok() && d->has_value() && (*d)->status.has_value();
        });

        // The signature check alone, as verify() runs it before decoding the envelope: canonical
        // JSON, HMAC, constant-time compare. The difference to `ours` is the envelope decode, the
        // copy of the body into the Event, and the header handling.
        const double check_only = measure(seconds, [&] {
            auto canonical = didit::webhook::canonical_json(body);
            if (!canonical.ok()) return false;
            return didit::webhook::detail::digest_equal(key.mac(*canonical), expected);
        });

        // The "obvious" approach: parse into a DOM (std::map keys come out sorted), dump, HMAC.
        // It is not Didit's canonical form (no float shortening: 95.0 stays 95.0; 5.33548, big
        // integers and 1e21 print differently), so its digest does not match here: only the
        // work is timed, as a lower bound on what a DOM-based verifier costs.
        const double dom_hmac = measure(seconds, [&] {
            nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
            if (j.is_discarded()) return false;
            const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            auto d = key.mac(text);
            g_sink = g_sink + d[0];
            (void)didit::webhook::detail::digest_equal(d, expected);
            return true;
        });

        const double hmac_only = measure(seconds, [&] {
            auto d = key.mac(body);
            g_sink = g_sink + d[0];
            (void)didit::webhook::detail::digest_equal(d, expected);
            return true;
        });

        results << c.label << '\t' << body.size() << "\tdidit Verifier (V2 only)\t" << ours << '\n'
                << c.label << '\t' << body.size() << "\tdidit Verifier + decision()\t" << with_decision << '\n'
                << c.label << '\t' << body.size() << "\tdidit V2 check, no decode\t" << check_only << '\n'
                << c.label << '\t' << body.size() << "\tnlohmann DOM + HMAC\t" << dom_hmac << '\n'
                << c.label << '\t' << body.size() << "\tHMAC alone\t" << hmac_only << '\n';
        std::fprintf(stderr,
                     "  %-6s %7zu bytes: verifier %.0f/s, + decision %.0f/s, check only %.0f/s, nlohmann %.0f/s, "
                     "hmac %.0f/s\n",
                     c.label, body.size(), ours, with_decision, check_only, dom_hmac, hmac_only);
    }
    return results ? 0 : 1;
}
