// SPDX-License-Identifier: MIT
// Webhook signatures as Didit sends them: verifier, signer and canonical JSON (the only OpenSSL user).
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <didit/detail/canonical_json.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/detail/json.hpp>
#include <didit/http.hpp>
#include <didit/model.hpp>
#include <didit/models/sessions.hpp>
#include <didit/result.hpp>

namespace didit {
namespace webhook {

/// The webhook event types a destination can subscribe to (api-notes §3.2).
DIDIT_ENUM(WebhookType, (StatusUpdated, "status.updated"), (DataUpdated, "data.updated"),
           (UserStatusUpdated, "user.status.updated"), (UserDataUpdated, "user.data.updated"),
           (BusinessStatusUpdated, "business.status.updated"), (BusinessDataUpdated, "business.data.updated"),
           (ActivityCreated, "activity.created"), (TransactionCreated, "transaction.created"),
           (TransactionStatusUpdated, "transaction.status.updated"),
           (TravelRuleStatusUpdated, "travel_rule.status.updated"));

/// A verified webhook delivery. `decision` is present on Approved, Declined, In Review and
/// Abandoned session events; everything else stays reachable through `raw`.
struct Event {
    std::optional<std::string> event_id;
    std::optional<WebhookType> webhook_type;
    std::optional<std::int64_t> timestamp;
    std::optional<std::int64_t> created_at;
    std::optional<std::string> application_id;
    std::optional<std::string> session_id;
    std::optional<SessionStatus> status;
    Nullable<std::string> vendor_data;
    std::optional<std::string> workflow_id;
    std::optional<int> workflow_version;
    std::optional<Json> metadata;
    std::optional<Decision> decision;
    /// Keys not modelled above (e.g. `resubmit_info`, KYB's `business_session_id`).
    Json extra;
    /// The whole body as parsed.
    Json raw;
};
DIDIT_MODEL(Event, event_id, webhook_type, timestamp, created_at, application_id, session_id, status, vendor_data,
            workflow_id, workflow_version, metadata, decision)

/// Which signature headers a Verifier accepts.
struct Schemes {
    /// `X-Signature`: HMAC of the raw body bytes. Cheapest; breaks if middleware re-encodes.
    bool raw = true;
    /// `X-Signature-V2`: HMAC of the canonical JSON (the recommended scheme).
    bool v2 = true;
    /// `X-Signature-Simple`: HMAC of "timestamp:session_id:status:webhook_type" only. It does
    /// not cover the decision or metadata, so it is off unless you opt in.
    bool simple = false;
};

/// Verifier settings.
struct VerifierOptions {
    /// Largest accepted difference between now and the signed timestamp (either direction).
    std::chrono::seconds tolerance{300};
    /// Current Unix time in seconds; replace it in tests.
    std::function<std::int64_t()> clock;
    Schemes schemes;
    /// Bodies larger than this are refused before any parsing (default 8 MiB).
    std::size_t max_body_bytes = std::size_t{8} * 1024 * 1024;
    /// Deepest JSON nesting accepted when a body is parsed (default 512).
    std::size_t max_depth = 512;
};

/// The canonical JSON of a body, byte for byte what Python's
/// `json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))` prints after
/// integral floats become ints. Bodies over 16 MiB or nested deeper than 512 are refused.
inline Result<std::string> canonical_json(std::string_view body) {
    std::string out;
    auto st = detail::canonicalize_json(body, out);
    if (!st)
        return make_error(ErrorKind::InvalidArgument, std::string("body is not canonicalizable JSON: ") + st.reason +
                                                          " at byte " + std::to_string(st.offset));
    return out;
}

namespace detail {

using Digest = std::array<unsigned char, 32>;

inline Digest hmac_sha256(std::string_view key, std::string_view message) {
    Digest d{};
    unsigned int len = 0;
    static const char empty = 0;
    HMAC(EVP_sha256(), key.empty() ? &empty : key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.empty() ? &empty : message.data()), message.size(), d.data(),
         &len);
    return d;
}

inline std::string to_hex(const Digest& d) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (unsigned char c : d) {
        s += hex[c >> 4];
        s += hex[c & 0x0F];
    }
    return s;
}

/// Decodes a 64-character hex signature (either case); false when it is not one.
inline bool from_hex(std::string_view s, Digest& out) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.size() != 64) return false;
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < 32; ++i) {
        int h = val(s[2 * i]), l = val(s[2 * i + 1]);
        if (h < 0 || l < 0) return false;
        out[i] = static_cast<unsigned char>(h * 16 + l);
    }
    return true;
}

inline bool digest_equal(const Digest& a, const Digest& b) { return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0; }

inline bool parse_unix_seconds(std::string_view s, std::int64_t& out) {
    std::uint64_t v = 0;
    if (!::didit::detail::parse_uint(s, v)) return false;
    out = static_cast<std::int64_t>(v);
    return true;
}

inline Error failure(const char* reason, std::string message) {
    Error e = make_error(ErrorKind::WebhookVerification, std::move(message));
    e.code = reason;
    e.not_sent = false;
    return e;
}

}  // namespace detail

/// Checks webhook deliveries against one or more secrets (several during a rotation).
///   didit::webhook::Verifier verifier({current_secret, previous_secret});
///   auto event = verifier.verify(request_headers, raw_body);
///   if (!event) return reply(401);  // event.error().code: missing_header, bad_format, stale, mismatch
/// Failures are ErrorKind::WebhookVerification; `code` gives the reason. Messages never
/// contain a secret or an expected signature.
class Verifier {
public:
    explicit Verifier(std::vector<std::string> secrets, VerifierOptions options = {})
        : secrets_(std::move(secrets)), options_(std::move(options)) {}
    explicit Verifier(std::string secret, VerifierOptions options = {})
        : Verifier(std::vector<std::string>{std::move(secret)}, std::move(options)) {}
    Verifier(std::initializer_list<std::string> secrets, VerifierOptions options = {})
        : Verifier(std::vector<std::string>(secrets), std::move(options)) {}

    /// Verifies `raw_body` (the bytes exactly as received) against the signature headers.
    Result<Event> verify(const Headers& headers, std::string_view raw_body) const {
        bool any_secret = false;
        for (const auto& s : secrets_) any_secret = any_secret || !s.empty();
        if (!any_secret) return make_error(ErrorKind::InvalidArgument, "webhook Verifier has no secret");
        if (raw_body.size() > options_.max_body_bytes)
            return detail::failure("bad_format", "body exceeds " + std::to_string(options_.max_body_bytes) + " bytes");

        auto collect = [&](std::initializer_list<std::string_view> names, std::vector<detail::Digest>& out,
                           bool& present, bool& malformed) {
            for (std::string_view n : names) {
                const std::string* v = headers.find(n);
                if (!v) continue;
                present = true;
                detail::Digest d{};
                if (detail::from_hex(*v, d))
                    out.push_back(d);
                else
                    malformed = true;
            }
        };
        std::vector<detail::Digest> raw_sigs, v2_sigs, simple_sigs;
        bool present = false, malformed = false;
        if (options_.schemes.raw) collect({"X-Signature", "X-Signature-Previous"}, raw_sigs, present, malformed);
        if (options_.schemes.v2) collect({"X-Signature-V2", "X-Signature-V2-Previous"}, v2_sigs, present, malformed);
        if (options_.schemes.simple)
            collect({"X-Signature-Simple", "X-Signature-Simple-Previous"}, simple_sigs, present, malformed);
        if (!present) return detail::failure("missing_header", "no accepted signature header (X-Signature-V2, X-Signature…)");
        if (raw_sigs.empty() && v2_sigs.empty() && simple_sigs.empty())
            return detail::failure("bad_format", "signature header is not 64 hexadecimal characters");

        std::optional<std::int64_t> header_ts;
        if (const std::string* t = headers.find("X-Timestamp")) {
            std::int64_t v = 0;
            if (!detail::parse_unix_seconds(*t, v)) return detail::failure("bad_format", "X-Timestamp is not Unix seconds");
            header_ts = v;
        }

        auto matches = [&](const std::vector<detail::Digest>& sigs, std::string_view message) {
            bool hit = false;
            for (const auto& secret : secrets_) {
                if (secret.empty()) continue;
                detail::Digest mine = detail::hmac_sha256(secret, message);
                for (const auto& s : sigs) hit = detail::digest_equal(mine, s) || hit;
            }
            return hit;
        };

        // Which timestamp the matching signature covers: the body's for raw and V2, the
        // header's for Simple and for the "{timestamp}:{canonical}" form.
        enum class Covered { None, Body, Header } covered = Covered::None;

        // 1. Raw body: no parsing at all before the signature checks out.
        if (!raw_sigs.empty() && matches(raw_sigs, raw_body)) covered = Covered::Body;

        // 2. Canonical JSON (bounded parse). Didit signs the canonical form alone; the skill
        //    document prefixes "{timestamp}:"; the docs table mentions an ASCII-escaped form.
        std::string canonical;
        if (covered == Covered::None && !v2_sigs.empty()) {
            ::didit::detail::CanonicalLimits limits;
            limits.max_bytes = options_.max_body_bytes;
            limits.max_depth = options_.max_depth;
            auto st = ::didit::detail::canonicalize_json(raw_body, canonical, limits);
            if (!st) return detail::failure("bad_format", std::string("body is not valid JSON: ") + st.reason);
            if (matches(v2_sigs, canonical)) {
                covered = Covered::Body;
            } else if (header_ts && matches(v2_sigs, std::to_string(*header_ts) + ":" + canonical)) {
                covered = Covered::Header;
            } else {
                std::string ascii;
                if (::didit::detail::canonicalize_json_ascii(raw_body, ascii, limits) && ascii != canonical &&
                    matches(v2_sigs, ascii))
                    covered = Covered::Body;
            }
        }

        // Past this point the body is parsed: bounded by size (checked) and depth (checked
        // by the canonicalizer when V2 ran, and here otherwise).
        Json body;
        auto parse_body = [&]() -> bool {
            if (!body.is_null()) return true;
            if (canonical.empty()) {
                ::didit::detail::CanonicalLimits limits;
                limits.max_bytes = options_.max_body_bytes;
                limits.max_depth = options_.max_depth;
                auto st = ::didit::detail::canonicalize_json(raw_body, canonical, limits);
                if (!st) return false;
            }
            body = ::didit::detail::parse_json_text(raw_body);
            return !body.is_discarded() && body.is_object();
        };

        // 3. Simple: covers only four fields and the header timestamp.
        if (covered == Covered::None && !simple_sigs.empty()) {
            if (!header_ts) return detail::failure("missing_header", "X-Signature-Simple needs X-Timestamp");
            if (!parse_body()) return detail::failure("bad_format", "body is not a JSON object");
            auto field = [&](const char* k) {
                auto it = body.find(k);
                return (it != body.end() && it->is_string()) ? it->get<std::string>() : std::string();
            };
            std::string msg = std::to_string(*header_ts) + ":" + field("session_id") + ":" + field("status") + ":" +
                              field("webhook_type");
            if (matches(simple_sigs, msg)) covered = Covered::Header;
        }
        if (covered == Covered::None) return detail::failure("mismatch", "no signature matches the body and secrets");

        if (!parse_body()) return detail::failure("bad_format", "body is not a JSON object");
        std::int64_t ts = 0;
        if (covered == Covered::Body) {
            auto it = body.find("timestamp");
            if (it == body.end() || !it->is_number_integer())
                return detail::failure("bad_format", "the signed body has no integer `timestamp`");
            ts = it->get<std::int64_t>();
            if (header_ts && *header_ts != ts)
                return detail::failure("stale", "X-Timestamp disagrees with the signed body timestamp");
        } else {
            ts = *header_ts;
        }
        std::int64_t now = options_.clock ? options_.clock()
                                          : static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                                                          std::chrono::system_clock::now().time_since_epoch())
                                                                          .count());
        // Unsigned: a signed body may carry any int64 (e.g. INT64_MIN), and `now - ts` would overflow.
        std::uint64_t skew = now > ts ? static_cast<std::uint64_t>(now) - static_cast<std::uint64_t>(ts)
                                      : static_cast<std::uint64_t>(ts) - static_cast<std::uint64_t>(now);
        if (options_.tolerance.count() < 0 || skew > static_cast<std::uint64_t>(options_.tolerance.count()))
            return detail::failure("stale", "signed timestamp is " + std::to_string(skew) +
                                                " s away from now (tolerance " +
                                                std::to_string(options_.tolerance.count()) + " s)");

        auto event = decode_json<Event>(body);
        if (!event.ok()) {
            Error e = std::move(event).error();
            e.message = "verified webhook body does not have the event shape: " + e.message;
            return e;
        }
        Event ev = std::move(event).value();
        ev.raw = std::move(body);
        return ev;
    }

private:
    std::vector<std::string> secrets_;
    VerifierOptions options_;
};

/// The headers Didit would send with `body` (X-Timestamp, X-Signature, X-Signature-V2,
/// X-Signature-Simple, and the `-Previous` variants when `previous_secret` is given).
/// For tests, for the simulator, and for your own tests. `body` must be JSON.
inline Result<Headers> sign(std::string_view body, std::string_view secret, std::int64_t timestamp,
                            std::string_view previous_secret = {}) {
    if (secret.empty()) return make_error(ErrorKind::InvalidArgument, "webhook signing secret is empty");
    auto canonical = canonical_json(body);
    if (!canonical.ok()) return canonical.error();
    Json j = ::didit::detail::parse_json_text(body);
    auto field = [&](const char* k) {
        if (!j.is_object()) return std::string();
        auto it = j.find(k);
        return (it != j.end() && it->is_string()) ? it->get<std::string>() : std::string();
    };
    std::string simple = std::to_string(timestamp) + ":" + field("session_id") + ":" + field("status") + ":" +
                         field("webhook_type");
    Headers h;
    h.set("X-Timestamp", std::to_string(timestamp));
    auto add = [&](std::string_view key, const char* suffix) {
        std::string sfx(suffix);
        h.set("X-Signature" + sfx, detail::to_hex(detail::hmac_sha256(key, body)));
        h.set("X-Signature-V2" + sfx, detail::to_hex(detail::hmac_sha256(key, canonical.value())));
        h.set("X-Signature-Simple" + sfx, detail::to_hex(detail::hmac_sha256(key, simple)));
    };
    add(secret, "");
    if (!previous_secret.empty()) add(previous_secret, "-Previous");
    return h;
}

}  // namespace webhook
}  // namespace didit
