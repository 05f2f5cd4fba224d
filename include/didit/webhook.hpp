// SPDX-License-Identifier: MIT
// Webhook signatures as Didit sends them: verifier, signer and canonical JSON (the only OpenSSL user).
#pragma once

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <didit/detail/config.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/detail/json.hpp>
#include <didit/detail/webhook_canonical.hpp>
#include <didit/http.hpp>
#include <didit/model.hpp>
#include <didit/models/sessions.hpp>
#include <didit/result.hpp>

namespace didit {
namespace webhook {

/// The webhook event types a destination can subscribe to.
DIDIT_ENUM(WebhookType, (StatusUpdated, "status.updated"), (DataUpdated, "data.updated"),
           (UserStatusUpdated, "user.status.updated"), (UserDataUpdated, "user.data.updated"),
           (BusinessStatusUpdated, "business.status.updated"), (BusinessDataUpdated, "business.data.updated"),
           (ActivityCreated, "activity.created"), (TransactionCreated, "transaction.created"),
           (TransactionStatusUpdated, "transaction.status.updated"),
           (TravelRuleStatusUpdated, "travel_rule.status.updated"));

namespace detail {

/// A value computed on first use and then kept; safe when several threads ask at once.
/// Double-checked with a mutex rather than std::call_once, which fails at run time on older
/// glibc when the program does not link libpthread.
template <class T>
class OnceCell {
public:
    template <class Make>
    const T& get(Make&& make) const {
        if (!ready_.load(std::memory_order_acquire)) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!ready_.load(std::memory_order_relaxed)) {
                value_.emplace(make());
                ready_.store(true, std::memory_order_release);
            }
        }
        return *value_;
    }

private:
    mutable std::mutex mutex_;
    mutable std::atomic<bool> ready_{false};
    mutable std::optional<T> value_;
};

using Members = std::vector<::didit::detail::TopLevelMember>;

/// The member that Python's json.loads keeps for `key` (the last of duplicates), or nullptr.
DIDIT_INLINE const ::didit::detail::TopLevelMember* find_member(const Members& members, std::string_view key) noexcept;

/// A member's value, from its text in the (validated) body. The envelope's usual values (a
/// string without escapes, an integer, a literal) skip the parser and give the same Json it
/// would: non-negative integers unsigned, negative ones signed, larger ones left to it.
DIDIT_INLINE Json parse_member(std::string_view body, const ::didit::detail::TopLevelMember& m);

/// A member's string value, or "" when it is absent or not a string (the X-Signature-Simple fields).
DIDIT_INLINE std::string member_string(std::string_view body, const Members& members, std::string_view key);

DIDIT_INLINE Error not_canonicalizable(const ::didit::detail::CanonicalStatus& st);

/// What an Event shares between its copies: the verified bytes, where the top-level members
/// lie in them, and the parts decoded on demand.
struct EventBody {
    std::string bytes;
    Members members;  // body order, duplicates included

    /// The value of the member `key` (the last of duplicates), or nullopt when absent.
    std::optional<Json> member(std::string_view key) const;

    OnceCell<Json> json;
    OnceCell<Json> metadata;
    OnceCell<Result<std::optional<Decision>>> decision;
};

}  // namespace detail

/// A verified webhook delivery.
///
/// `verify()` decodes the small top-level fields below (the envelope) from the verified body
/// without parsing the rest. The heavy parts are decoded on first use and kept: `decision()`,
/// `metadata()`, and `json()` (the whole body). Copies share the body and what was decoded
/// from it; the accessors are safe to call from several threads at once.
///   auto ev = verifier.verify(headers, body);
///   if (!ev) return reply(401);
///   if (ev->status == didit::SessionStatus::Approved) { auto& d = ev->decision(); ... }
class Event {
public:
    std::optional<std::string> event_id{};
    std::optional<WebhookType> webhook_type{};
    std::optional<std::int64_t> timestamp{};
    std::optional<std::int64_t> created_at{};
    std::optional<std::string> application_id{};
    std::optional<std::string> session_id{};
    std::optional<SessionStatus> status{};
    Nullable<std::string> vendor_data{};
    std::optional<std::string> workflow_id{};
    std::optional<int> workflow_version{};

    /// The verified body, byte for byte as received (empty for a default-constructed Event).
    std::string_view body() const noexcept { return body_ ? std::string_view(body_->bytes) : std::string_view(); }

    /// The whole body as JSON, parsed on first use (null for a default-constructed Event).
    const Json& json() const;

    /// The `decision` (present on Approved, Declined, In Review and Abandoned session events),
    /// decoded on first use: nullopt when absent or null, a Decode error naming the JSON path
    /// when it does not have the decision's shape. Only this member's text is parsed.
    /// (A template only so that the decision codec is compiled where decision() is called.)
    template <class D = Decision>
    const Result<std::optional<D>>& decision() const {
        static const Result<std::optional<D>> none{std::optional<D>{}};
        if (!body_) return none;
        return body_->decision.get([&]() -> Result<std::optional<D>> {
            std::optional<Json> j = body_->member("decision");
            if (!j) return std::optional<D>{};
            ::didit::detail::DecodeContext ctx;
            ctx.path = "decision";
            std::optional<D> out;
            if (!::didit::detail::decode_value(*j, out, ctx))
                return make_error(ErrorKind::Decode, std::move(ctx.message));
            return out;
        });
    }

    /// The session's `metadata` (any JSON, as set when the session was created), parsed on
    /// first use; null when absent or null.
    const Json& metadata() const;

    /// Whether the body has the top-level key `key`.
    bool contains(std::string_view key) const noexcept {
        return body_ && detail::find_member(body_->members, key) != nullptr;
    }

    /// Any top-level member (e.g. `resubmit_info`, KYB's `business_session_id`), parsed from its
    /// own text on each call; nullopt when absent. Of duplicate keys the last counts, as in Python.
    std::optional<Json> member(std::string_view key) const { return body_ ? body_->member(key) : std::nullopt; }

private:
    friend class Verifier;
    static const Json& null_json() {
        static const Json null;
        return null;
    }
    std::shared_ptr<const detail::EventBody> body_;
};

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
DIDIT_INLINE Result<std::string> canonical_json(std::string_view body);

namespace detail {

using Digest = std::array<unsigned char, 32>;

DIDIT_INLINE Digest hmac_sha256(std::string_view key, std::string_view message);

DIDIT_INLINE std::string to_hex(const Digest& d);

/// Decodes a 64-character hex signature (either case); false when it is not one.
DIDIT_INLINE bool from_hex(std::string_view s, Digest& out);

DIDIT_INLINE bool digest_equal(const Digest& a, const Digest& b);

/// OpenSSL 3's HMAC, fetched once for the process (thread-safe); null if no provider has it, and
/// then every HMAC below falls back to the one-shot HMAC().
DIDIT_INLINE EVP_MAC* hmac_algorithm() noexcept;

/// A context keyed with `key` for HMAC-SHA256 (the caller frees it), or null.
DIDIT_INLINE EVP_MAC_CTX* new_hmac_context(std::string_view key);

/// Feeds `message` to a keyed context and writes the MAC; false if OpenSSL refuses a step.
DIDIT_INLINE bool finish_hmac(EVP_MAC_CTX* ctx, std::string_view message, Digest& d);

/// HMAC-SHA256 under one key. The key is set once, on a template EVP_MAC context; a call works on
/// a duplicate of it (EVP_MAC_CTX_dup), so it neither fetches the algorithm nor re-keys.
class HmacKey {
public:
    explicit HmacKey(std::string_view key);
    HmacKey(HmacKey&& o) noexcept : key_(std::move(o.key_)), keyed_(std::exchange(o.keyed_, nullptr)) {}
    HmacKey(const HmacKey&) = delete;
    HmacKey& operator=(const HmacKey&) = delete;
    HmacKey& operator=(HmacKey&&) = delete;
    ~HmacKey();

    /// Thread-safe: the keyed context is only read (duplicated).
    Digest mac(std::string_view message) const;

    /// A running HMAC under this key, for a message fed in pieces (the caller frees it), or null
    /// when OpenSSL refuses. Thread-safe as mac() is.
    EVP_MAC_CTX* start() const;

private:
    std::string key_;               // for the fallback, should OpenSSL refuse a step
    EVP_MAC_CTX* keyed_ = nullptr;  // null when keying failed
};

/// The non-empty secrets of a Verifier, keyed once and shared by its copies.
DIDIT_INLINE std::shared_ptr<const std::vector<HmacKey>> make_keys(const std::vector<std::string>& secrets);

/// HMACs of one message under every key of a Verifier, fed in pieces as a json_writer sink, so
/// that the canonical form is hashed as it is produced and never held whole: a running context
/// per key, and with a prefix a second one per key that took the prefix first.
class MacStream {
public:
    DIDIT_INLINE MacStream(const std::vector<HmacKey>& keys, const std::string* prefix);
    MacStream(const MacStream&) = delete;
    MacStream& operator=(const MacStream&) = delete;
    MacStream(MacStream&&) = delete;
    MacStream& operator=(MacStream&&) = delete;
    DIDIT_INLINE ~MacStream();

    /// The json_writer::SinkFn; `self` is a MacStream.
    DIDIT_INLINE static void feed(void* self, const char* p, std::size_t n);
    /// Whether a byte fed was DEL or non-ASCII, i.e. whether the ensure_ascii variant differs.
    bool saw_non_ascii() const noexcept { return non_ascii_; }
    /// Finishes the MACs (of the message, or of prefix + message) and tells whether one of them
    /// equals one of `sigs`; every pair is compared, in constant time. False if OpenSSL refused a step.
    DIDIT_INLINE bool matches(const std::vector<Digest>& sigs, bool prefixed);

private:
    std::vector<EVP_MAC_CTX*> plain_;
    std::vector<EVP_MAC_CTX*> prefixed_;
    bool ok_ = true;
    bool non_ascii_ = false;
};

/// How many times its own size a body's canonical form may be: a body whose numbers' canonical
/// text is longer than their literals by more than 3 times the body is refused (code
/// "canonical_too_large"). Only numbers grow, and Didit's bodies shrink when canonicalised.
inline constexpr std::size_t max_canonical_growth = 4;

DIDIT_INLINE bool parse_unix_seconds(std::string_view s, std::int64_t& out);

DIDIT_INLINE Error failure(const char* reason, std::string message);

}  // namespace detail

/// Checks webhook deliveries against one or more secrets (several during a rotation).
///   didit::webhook::Verifier verifier({current_secret, previous_secret});
///   auto event = verifier.verify(request_headers, raw_body);
///   if (!event) return reply(401);  // event.error().code: missing_header, bad_format, stale, mismatch,
///                                   // canonical_too_large
/// Failures are ErrorKind::WebhookVerification; `code` gives the reason. Messages never
/// contain a secret or an expected signature.
///
/// Work is bounded by the body's size whatever its content, before any signature is known good:
/// the canonical JSON is HMACed as it is produced and never held whole, and a body whose
/// canonical JSON would be more than 4 times its own size (numbers such as `1e300` print every
/// digit) is refused with code `canonical_too_large`; Didit's bodies never come near that.
///
/// A valid delivery stays valid for `tolerance` (it can be replayed that long): de-duplicate
/// on `event_id`, as examples/webhook_receiver.cpp shows.
class Verifier {
public:
    /// Accepts signatures made with any of `secrets` (during a rotation: new and old).
    explicit Verifier(const std::vector<std::string>& secrets, VerifierOptions options = {})
        : keys_(detail::make_keys(secrets)), options_(std::move(options)) {}
    /// Accepts signatures made with `secret`.
    explicit Verifier(std::string secret, VerifierOptions options = {})
        : Verifier(std::vector<std::string>{std::move(secret)}, std::move(options)) {}
    /// Accepts signatures made with any of `secrets`.
    Verifier(std::initializer_list<std::string> secrets, VerifierOptions options = {})
        : Verifier(std::vector<std::string>(secrets), std::move(options)) {}

    /// Verifies `raw_body` (the bytes exactly as received) against the signature headers.
    Result<Event> verify(const Headers& headers, std::string_view raw_body) const;

private:
    std::shared_ptr<const std::vector<detail::HmacKey>> keys_;  // the non-empty secrets
    VerifierOptions options_;
};

/// The headers Didit would send with `body` (X-Timestamp, X-Signature, X-Signature-V2,
/// X-Signature-Simple, and the `-Previous` variants when `previous_secret` is given).
/// For tests, for the simulator, and for your own tests. `body` must be JSON.
DIDIT_INLINE Result<Headers> sign(std::string_view body, std::string_view secret, std::int64_t timestamp,
                                  std::string_view previous_secret = {});

}  // namespace webhook
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace webhook {
namespace detail {

DIDIT_INLINE const ::didit::detail::TopLevelMember* find_member(const Members& members, std::string_view key) noexcept {
    for (auto it = members.rbegin(); it != members.rend(); ++it)
        if (it->key == key) return &*it;
    return nullptr;
}

DIDIT_INLINE Json parse_member(std::string_view body, const ::didit::detail::TopLevelMember& m) {
    const std::string_view text = body.substr(m.begin, m.end - m.begin);
    if (text.empty()) return ::didit::detail::parse_json_text(text);
    const char c = text.front();
    if (c == '"' && text.size() >= 2 && text.find('\\') == std::string_view::npos)
        return Json(std::string(text.substr(1, text.size() - 2)));
    if (c == '-' || (c >= '0' && c <= '9')) {
        const char* first = text.data();
        const char* last = first + text.size();
        if (c == '-') {
            std::int64_t v = 0;
            auto r = std::from_chars(first, last, v);
            if (r.ec == std::errc() && r.ptr == last) return Json(v);
        } else {
            std::uint64_t v = 0;
            auto r = std::from_chars(first, last, v);
            if (r.ec == std::errc() && r.ptr == last) return Json(v);
        }
    }
    if (text == "null") return Json();
    if (text == "true") return Json(true);
    if (text == "false") return Json(false);
    return ::didit::detail::parse_json_text(text);
}

DIDIT_INLINE std::string member_string(std::string_view body, const Members& members, std::string_view key) {
    const auto* m = find_member(members, key);
    if (m == nullptr) return std::string();
    Json v = parse_member(body, *m);
    return v.is_string() ? v.get<std::string>() : std::string();
}

DIDIT_INLINE Error not_canonicalizable(const ::didit::detail::CanonicalStatus& st) {
    return make_error(ErrorKind::InvalidArgument, std::string("body is not canonicalizable JSON: ") + st.reason +
                                                      " at byte " + std::to_string(st.offset));
}

DIDIT_INLINE std::optional<Json> EventBody::member(std::string_view key) const {
    const auto* m = find_member(members, key);
    if (m == nullptr) return std::nullopt;
    return parse_member(bytes, *m);
}

DIDIT_INLINE Digest hmac_sha256(std::string_view key, std::string_view message) {
    Digest d{};
    EVP_MAC_CTX* c = new_hmac_context(key);
    const bool done = c != nullptr && finish_hmac(c, message, d);
    EVP_MAC_CTX_free(c);
    if (done) return d;
    d = Digest{};  // OpenSSL refused the EVP_MAC route: the one-shot HMAC(), which has its own
    unsigned int len = 0;
    static const char empty = 0;
    HMAC(EVP_sha256(), key.empty() ? &empty : key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(message.empty() ? &empty : message.data()), message.size(), d.data(),
         &len);
    return d;
}

DIDIT_INLINE std::string to_hex(const Digest& d) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (unsigned char c : d) {
        s += hex[c >> 4];
        s += hex[c & 0x0F];
    }
    return s;
}

DIDIT_INLINE bool from_hex(std::string_view s, Digest& out) {
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

DIDIT_INLINE bool digest_equal(const Digest& a, const Digest& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

DIDIT_INLINE EVP_MAC* hmac_algorithm() noexcept {
    // A function-local static is initialised once even when threads race to it. Kept to the end of
    // the process, as fetched algorithms usually are.
    // NOLINTNEXTLINE(*-avoid-non-const-global-variables): OpenSSL's API takes a non-const EVP_MAC*
    static EVP_MAC* const algorithm = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    return algorithm;
}

DIDIT_INLINE EVP_MAC_CTX* new_hmac_context(std::string_view key) {
    EVP_MAC* algorithm = hmac_algorithm();
    if (algorithm == nullptr) return nullptr;
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(algorithm);
    if (ctx == nullptr) return nullptr;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    static const unsigned char empty = 0;  // a null key would mean "keep the current key", and there is none
    const auto* k = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_MAC_init(ctx, k, key.size(), params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return nullptr;
    }
    return ctx;
}

DIDIT_INLINE bool finish_hmac(EVP_MAC_CTX* ctx, std::string_view message, Digest& d) {
    static const unsigned char empty = 0;
    const auto* m = message.empty() ? &empty : reinterpret_cast<const unsigned char*>(message.data());
    std::size_t n = 0;
    return EVP_MAC_update(ctx, m, message.size()) == 1 && EVP_MAC_final(ctx, d.data(), &n, d.size()) == 1 &&
           n == d.size();
}

DIDIT_INLINE HmacKey::HmacKey(std::string_view key) : key_(key), keyed_(new_hmac_context(key)) {}

DIDIT_INLINE HmacKey::~HmacKey() {
    EVP_MAC_CTX_free(keyed_);  // which cleanses the key material OpenSSL holds
    OPENSSL_cleanse(key_.data(), key_.size());
}

DIDIT_INLINE Digest HmacKey::mac(std::string_view message) const {
    if (keyed_ != nullptr) {
        Digest d{};
        EVP_MAC_CTX* c = EVP_MAC_CTX_dup(keyed_);
        const bool done = c != nullptr && finish_hmac(c, message, d);
        EVP_MAC_CTX_free(c);
        if (done) return d;
    }
    return hmac_sha256(key_, message);
}

DIDIT_INLINE std::shared_ptr<const std::vector<HmacKey>> make_keys(const std::vector<std::string>& secrets) {
    auto keys = std::make_shared<std::vector<HmacKey>>();
    keys->reserve(secrets.size());
    for (const auto& s : secrets)
        if (!s.empty()) keys->emplace_back(s);
    return keys;
}

DIDIT_INLINE EVP_MAC_CTX* HmacKey::start() const {
    EVP_MAC_CTX* c = keyed_ != nullptr ? EVP_MAC_CTX_dup(keyed_) : nullptr;
    return c != nullptr ? c : new_hmac_context(key_);
}

DIDIT_INLINE MacStream::MacStream(const std::vector<HmacKey>& keys, const std::string* prefix) {
    plain_.reserve(keys.size());
    if (prefix != nullptr) prefixed_.reserve(keys.size());
    for (const auto& key : keys) {
        plain_.push_back(key.start());
        ok_ = ok_ && plain_.back() != nullptr;
        if (prefix == nullptr) continue;
        prefixed_.push_back(key.start());
        EVP_MAC_CTX* c = prefixed_.back();
        ok_ = ok_ && c != nullptr &&
              EVP_MAC_update(c, reinterpret_cast<const unsigned char*>(prefix->data()), prefix->size()) == 1;
    }
}

DIDIT_INLINE MacStream::~MacStream() {
    for (EVP_MAC_CTX* c : plain_) EVP_MAC_CTX_free(c);
    for (EVP_MAC_CTX* c : prefixed_) EVP_MAC_CTX_free(c);
}

DIDIT_INLINE void MacStream::feed(void* self, const char* p, std::size_t n) {
    auto& m = *static_cast<MacStream*>(self);
    if (!m.non_ascii_) {
        // DEL and every non-ASCII byte have the high bit set once 1 is added (0xFF is not UTF-8).
        unsigned char high = 0;  // no early exit: this loop vectorises
        for (std::size_t i = 0; i < n; ++i) high |= static_cast<unsigned char>(static_cast<unsigned char>(p[i]) + 1);
        m.non_ascii_ = (high & 0x80) != 0;
    }
    if (!m.ok_ || n == 0) return;
    const auto* u = reinterpret_cast<const unsigned char*>(p);
    for (EVP_MAC_CTX* c : m.plain_) m.ok_ = EVP_MAC_update(c, u, n) == 1 && m.ok_;
    for (EVP_MAC_CTX* c : m.prefixed_) m.ok_ = EVP_MAC_update(c, u, n) == 1 && m.ok_;
}

DIDIT_INLINE bool MacStream::matches(const std::vector<Digest>& sigs, bool prefixed) {
    bool hit = false;
    for (EVP_MAC_CTX* c : prefixed ? prefixed_ : plain_) {
        Digest mine{};
        std::size_t n = 0;
        if (!ok_ || EVP_MAC_final(c, mine.data(), &n, mine.size()) != 1 || n != mine.size()) {
            ok_ = false;  // a MAC OpenSSL could not compute matches nothing
            continue;
        }
        for (const auto& s : sigs) hit = digest_equal(mine, s) || hit;
    }
    return hit && ok_;
}

DIDIT_INLINE bool parse_unix_seconds(std::string_view s, std::int64_t& out) {
    std::uint64_t v = 0;
    if (!::didit::detail::parse_uint(s, v)) return false;
    out = static_cast<std::int64_t>(v);
    return true;
}

DIDIT_INLINE Error failure(const char* reason, std::string message) {
    Error e = make_error(ErrorKind::WebhookVerification, std::move(message));
    e.code = reason;
    e.not_sent = false;
    return e;
}

}  // namespace detail

DIDIT_INLINE const Json& Event::json() const {
    if (!body_) return null_json();
    return body_->json.get([&] { return ::didit::detail::parse_json_text(body_->bytes); });
}

DIDIT_INLINE const Json& Event::metadata() const {
    if (!body_) return null_json();
    return body_->metadata.get([&] { return body_->member("metadata").value_or(Json()); });
}

DIDIT_INLINE Result<std::string> canonical_json(std::string_view body) {
    std::string out;
    auto st = ::didit::detail::canonicalize_json(body, out);
    if (!st) return detail::not_canonicalizable(st);
    return out;
}

// NOLINTNEXTLINE(readability-function-cognitive-complexity): the schemes are tried in one place, in order
DIDIT_INLINE Result<Event> Verifier::verify(const Headers& headers, std::string_view raw_body) const {
    if (keys_->empty()) return make_error(ErrorKind::InvalidArgument, "webhook Verifier has no secret");
    if (raw_body.size() > options_.max_body_bytes)
        return detail::failure("bad_format", "body exceeds " + std::to_string(options_.max_body_bytes) + " bytes");

    auto collect = [&](std::initializer_list<std::string_view> names, std::vector<detail::Digest>& out, bool& present,
                       bool& malformed) {
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
    if (!present)
        return detail::failure("missing_header", "no accepted signature header (X-Signature-V2, X-Signature…)");
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
        for (const auto& key : *keys_) {
            detail::Digest mine = key.mac(message);
            for (const auto& s : sigs) hit = detail::digest_equal(mine, s) || hit;
        }
        return hit;
    };

    // Which timestamp the matching signature covers: the body's for raw and V2, the
    // header's for Simple and for the "{timestamp}:{canonical}" form.
    enum class Covered { None, Body, Header } covered = Covered::None;

    // 1. Raw body: no parsing at all before the signature checks out.
    if (!raw_sigs.empty() && matches(raw_sigs, raw_body)) covered = Covered::Body;

    // 2. Canonical JSON (bounded parse). Didit signs the canonical form alone; older
    //    guides prefix "{timestamp}:"; the docs table mentions an ASCII-escaped form.
    //    The forms go to the HMACs a chunk at a time; the growth limit bounds their length by the
    //    body's. Where the top-level members lie is found only once a signature matched: a body of
    //    millions of tiny members costs several times more to list than to canonicalise.
    ::didit::detail::CanonicalLimits limits;
    limits.max_bytes = options_.max_body_bytes;
    limits.max_depth = options_.max_depth;
    limits.max_growth = detail::max_canonical_growth;
    ::didit::detail::TopLevel top;
    bool scanned = false;
    auto refuse = [&](const ::didit::detail::CanonicalStatus& st, const char* what) {
        if (st.error == ::didit::detail::CanonicalError::too_large)
            return detail::failure("canonical_too_large", "the body's canonical JSON would be more than " +
                                                              std::to_string(detail::max_canonical_growth) +
                                                              " times its size");
        return detail::failure("bad_format", std::string(what) + st.reason);
    };
    if (covered == Covered::None && !v2_sigs.empty()) {
        const ::didit::detail::CanonicalText text(raw_body, limits);
        if (!text.status()) return refuse(text.status(), "body is not valid JSON: ");
        constexpr std::size_t chunk_bytes = std::size_t{64} * 1024;
        std::string chunk;
        const std::string prefix = header_ts ? std::to_string(*header_ts) + ":" : std::string();
        detail::MacStream plain(*keys_, header_ts ? &prefix : nullptr);
        ::didit::detail::json_writer::Writer out(chunk, chunk_bytes, &detail::MacStream::feed, &plain);
        text.write(out, false);
        out.finish();
        if (plain.matches(v2_sigs, false)) {
            covered = Covered::Body;
        } else if (header_ts && plain.matches(v2_sigs, true)) {
            covered = Covered::Header;
        } else if (plain.saw_non_ascii()) {  // otherwise the ASCII form is the one just tried
            detail::MacStream ascii(*keys_, nullptr);
            ::didit::detail::json_writer::Writer aout(chunk, chunk_bytes, &detail::MacStream::feed, &ascii);
            text.write(aout, true);
            aout.finish();
            if (ascii.matches(v2_sigs, false)) covered = Covered::Body;
        }
    }

    // Past this point the body is read: bounded by size (checked) and depth, by the same
    // validating pass as the canonicalizer (without producing the canonical form).
    ::didit::detail::CanonicalStatus scan_status;
    auto scan_body = [&]() -> bool {
        if (!scanned) {
            scan_status = ::didit::detail::scan_json(raw_body, top, limits);
            if (!scan_status) return false;
            scanned = true;
        }
        return top.is_object;
    };
    auto not_object = [&]() {
        if (scan_status.error == ::didit::detail::CanonicalError::too_large) return refuse(scan_status, "");
        return detail::failure("bad_format", "body is not a JSON object");
    };

    // 3. Simple: covers only four fields and the header timestamp.
    if (covered == Covered::None && !simple_sigs.empty()) {
        if (!header_ts) return detail::failure("missing_header", "X-Signature-Simple needs X-Timestamp");
        if (!scan_body()) return not_object();
        auto field = [&](std::string_view k) { return detail::member_string(raw_body, top.members, k); };
        std::string msg = std::to_string(*header_ts) + ":" + field("session_id") + ":" + field("status") + ":" +
                          field("webhook_type");
        if (matches(simple_sigs, msg)) covered = Covered::Header;
    }
    if (covered == Covered::None) return detail::failure("mismatch", "no signature matches the body and secrets");

    if (!scan_body()) return not_object();
    std::int64_t ts = 0;
    if (covered == Covered::Body) {
        const auto* m = detail::find_member(top.members, "timestamp");
        Json v = m ? detail::parse_member(raw_body, *m) : Json();
        if (!v.is_number_integer()) return detail::failure("bad_format", "the signed body has no integer `timestamp`");
        ts = v.get<std::int64_t>();
        if (header_ts && *header_ts != ts)
            return detail::failure("stale", "X-Timestamp disagrees with the signed body timestamp");
    } else {
        ts = *header_ts;
    }
    std::int64_t now = options_.clock
                           ? options_.clock()
                           : static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count());
    // Unsigned: a signed body may carry any int64 (e.g. INT64_MIN), and `now - ts` would overflow.
    std::uint64_t skew = now > ts ? static_cast<std::uint64_t>(now) - static_cast<std::uint64_t>(ts)
                                  : static_cast<std::uint64_t>(ts) - static_cast<std::uint64_t>(now);
    if (options_.tolerance.count() < 0 || skew > static_cast<std::uint64_t>(options_.tolerance.count()))
        return detail::failure("stale", "signed timestamp is " + std::to_string(skew) + " s away from now (tolerance " +
                                            std::to_string(options_.tolerance.count()) + " s)");

    // The envelope: a few small members, each decoded from its own text. `decision`,
    // `metadata` and the rest wait in the Event until asked for.
    Event ev;
    ::didit::detail::DecodeContext ctx;
    bool ok = true;
    auto decode = [&](const char* key, auto& field) {
        if (!ok) return;
        const auto* m = detail::find_member(top.members, key);
        if (m == nullptr) return;
        ctx.path = key;
        ok = ::didit::detail::decode_value(detail::parse_member(raw_body, *m), field, ctx);
    };
    decode("event_id", ev.event_id);
    decode("webhook_type", ev.webhook_type);
    decode("timestamp", ev.timestamp);
    decode("created_at", ev.created_at);
    decode("application_id", ev.application_id);
    decode("session_id", ev.session_id);
    decode("status", ev.status);
    decode("vendor_data", ev.vendor_data);
    decode("workflow_id", ev.workflow_id);
    decode("workflow_version", ev.workflow_version);
    if (!ok)
        return make_error(ErrorKind::Decode,
                          "verified webhook body does not have the event shape: " + std::move(ctx.message));
    auto body = std::make_shared<detail::EventBody>();
    body->bytes.assign(raw_body.data(), raw_body.size());
    body->members = std::move(top.members);
    ev.body_ = std::move(body);
    return ev;
}

DIDIT_INLINE Result<Headers> sign(std::string_view body, std::string_view secret, std::int64_t timestamp,
                                  std::string_view previous_secret) {
    if (secret.empty()) return make_error(ErrorKind::InvalidArgument, "webhook signing secret is empty");
    std::string canonical;
    ::didit::detail::TopLevel top;
    auto st = ::didit::detail::canonicalize_json(body, canonical, top);
    if (!st) return detail::not_canonicalizable(st);
    // The Simple fields as verify() reads them.
    auto field = [&](std::string_view k) { return detail::member_string(body, top.members, k); };
    std::string simple =
        std::to_string(timestamp) + ":" + field("session_id") + ":" + field("status") + ":" + field("webhook_type");
    Headers h;
    h.set("X-Timestamp", std::to_string(timestamp));
    auto add = [&](std::string_view key, const char* suffix) {
        std::string sfx(suffix);
        const detail::HmacKey mac(key);
        h.set("X-Signature" + sfx, detail::to_hex(mac.mac(body)));
        h.set("X-Signature-V2" + sfx, detail::to_hex(mac.mac(canonical)));
        h.set("X-Signature-Simple" + sfx, detail::to_hex(mac.mac(simple)));
    };
    add(secret, "");
    if (!previous_secret.empty()) add(previous_secret, "-Previous");
    return h;
}

}  // namespace webhook
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
