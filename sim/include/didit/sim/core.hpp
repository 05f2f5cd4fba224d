// SPDX-License-Identifier: MIT
// The simulator's core: its state, request parsing, router, replies, validation, paging, rate limits.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <didit/didit.hpp>

namespace didit {
namespace sim {

// The simulator's own string helpers: it is built on the SDK's public API alone.
namespace detail {

/// ASCII case-insensitive equality (header names, the `Bearer` scheme).
inline constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = a[i], y = b[i];
        const char lx = (x >= 'A' && x <= 'Z') ? static_cast<char>(x - 'A' + 'a') : x;
        const char ly = (y >= 'A' && y <= 'Z') ? static_cast<char>(y - 'A' + 'a') : y;
        if (lx != ly) return false;
    }
    return true;
}

/// RFC 3986 percent-encoding of everything but unreserved characters (paging links, redirects).
inline std::string percent_encode(std::string_view in) {
    static constexpr char hex[] = "0123456789ABCDEF";
    // "." and ".." would be removed as dot-segments by URL normalisation; encode them whole.
    const bool dots = in == "." || in == "..";
    std::string out;
    for (char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
             c == '_' || c == '~') &&
            !(dots && c == '.')) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0x0F];
        }
    }
    return out;
}

/// Appends the percent-decoding of `in` to `out`; false on a malformed escape ("%", "%4", "%zz").
inline bool percent_decode(std::string_view in, std::string& out) {
    auto val = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return false;
        const int h = val(in[i + 1]), l = val(in[i + 2]);
        if (h < 0 || l < 0) return false;
        out += static_cast<char>(h * 16 + l);
        i += 2;
    }
    return true;
}

/// True for a canonical lower-case UUID (8-4-4-4-12 hex digits), the only form the API's routers accept.
inline bool is_canonical_uuid(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

/// True when the JSON text `body` opens more than `limit` arrays/objects inside each other.
/// Counts brackets outside strings without parsing, so a nesting bomb costs one linear pass
/// and no recursion; malformed text is left to the parser.
inline bool nesting_exceeds(std::string_view body, std::size_t limit) noexcept {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (in_string) {
            if (c == '\\')
                ++i;  // the escaped character cannot end the string
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

/// FNV-1a, 64 bits: the simulator's deterministic digest of caller-chosen bytes (map keys,
/// image fingerprints, wallet risk).
inline std::uint64_t fnv1a(std::string_view bytes) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

/// `key` itself when short; otherwise a fixed-size digest of it (FNV-1a, 64 bits, plus the
/// length), so that maps keyed by caller-chosen strings hold a bounded amount per entry.
inline std::string bounded_key(std::string_view key) {
    if (key.size() <= 256) return std::string(key);
    const std::uint64_t h = fnv1a(key);
    char buf[48];
    (void)std::snprintf(buf, sizeof buf, "#%016llx:%llu", static_cast<unsigned long long>(h),
                        static_cast<unsigned long long>(key.size()));
    return buf;
}

}  // namespace detail

/// The simulator's wall clock type (Options::now returns its time points).
using Clock = std::chrono::system_clock;

/// The deepest nesting of arrays and objects the simulator accepts in a request body (the
/// SDK's own limit, well above anything Didit's API takes). A deeper body is refused with a
/// 400 before it is parsed, so no recursive copy or comparison ever sees it.
inline constexpr std::size_t kMaxJsonDepth = 512;

/// How many rate-limit and login-failure windows the simulator keeps at most. Beyond it, the
/// windows that expired go first, then the least recently used: callers who invent API keys,
/// e-mail addresses or client addresses cannot grow its memory without bound.
inline constexpr std::size_t kMaxRateWindows = 4096;

/// How far `/_sim/clock/` may move the simulated clock in one call, and in total since the last
/// reset (about 31 and 100 years): far enough for every expiry, and far from the limits of
/// the clock's 64-bit count of nanoseconds.
inline constexpr std::int64_t kMaxClockStepSeconds = 1000000000;
inline constexpr std::int64_t kMaxClockShiftSeconds = 3155760000;

/// One documented rate-limit scope (https://docs.didit.me): at most `limit` requests per `window`.
struct RateLimit {
    /// Requests allowed per window; the next one gets a 429 with `Retry-After`.
    int limit = 0;
    /// Length of the sliding window (60 s unless set).
    std::chrono::seconds window{60};
};

/// The simulator's limits. The defaults are the documented ones; tests lower them to
/// trigger a 429 quickly. `enabled = false` turns all of them off.
struct RateLimits {
    /// False turns every limit off (no 429 from the simulator at all).
    bool enabled = true;
    RateLimit get{600, std::chrono::seconds(60)};             ///< every GET ("generic-get")
    RateLimit write{300, std::chrono::seconds(60)};           ///< POST/PATCH/DELETE ("generic-write")
    RateLimit session_create{600, std::chrono::seconds(60)};  ///< POST /v3/session/
    RateLimit pdf{50, std::chrono::seconds(60)};              ///< GET …/generate-pdf/
    RateLimit registration{5, std::chrono::seconds(3600)};    ///< register, per client IP
};

/// A webhook request the simulator wants delivered (already signed), and what became of it.
struct Delivery {
    std::string id;                   ///< delivery uuid
    std::string event_id;             ///< the payload's event_id
    std::string webhook_type;         ///< e.g. "status.updated"
    std::string destination;          ///< destination uuid, or "legacy" for the application's webhook_url
    HttpRequest request;              ///< POST to the destination URL, signed headers, JSON body
    int attempts = 0;                 ///< attempts made so far
    int last_status = 0;              ///< HTTP status of the last attempt (0: no response)
    std::string outcome = "pending";  ///< "pending", "delivered", "failed"
    std::string last_error;           ///< why the last attempt failed, when it did
};

/// How the simulator is set up. Every default matches the real platform where one is documented.
struct Options {
    /// API key of the application seeded at start-up (and after a reset), so that a program
    /// can call the verification API at once.
    std::string api_key = "sk_test_sim_0000000000000000000000000000000000000000000";
    /// Webhook signing secret of the seeded application.
    std::string webhook_secret = "sim_webhook_secret_0000000000000000000000000";
    /// Email of the seeded (verified) account that owns the seeded application; log in with it
    /// and `seed_password` to call the account API's Bearer routes.
    std::string seed_email = "developer@sim.didit.me";
    /// Password of the seeded account.
    std::string seed_password = "Sim-Passw0rd!";
    /// Credits of every new application, in dollars (a decimal string, as billing returns it).
    std::string initial_balance = "100.0000";
    /// Where absolute URLs in replies point (paging `next`/`previous`, session `url`). Empty:
    /// the scheme and host of each incoming request.
    std::string public_base_url;
    /// Rate limits (documented values by default).
    RateLimits rate_limits;
    /// Delays between webhook attempts: Didit retries after about 1 and 4 minutes; scaled down
    /// by 1000 so that tests see the retries.
    std::vector<std::chrono::milliseconds> webhook_retry_delays{std::chrono::milliseconds(60),
                                                                std::chrono::milliseconds(240)};
    /// Delivers a signed webhook in-process: gets the request (URL, headers, body), returns the
    /// HTTP status the receiver answered. When set, every delivery goes here.
    std::function<int(const HttpRequest&)> webhook_handler;
    /// Delivers a signed webhook over the network (the didit-sim server plugs CurlTransport in).
    /// Used when `webhook_handler` is empty; with neither, deliveries fail and are recorded.
    std::function<Result<HttpResponse>(const HttpRequest&)> webhook_sender;
    /// One line per request, email and delivery (the server prints them). Never gets secrets.
    std::function<void(std::string_view)> log;
    /// The simulator's clock (tests move time; webhooks' timestamps come from here).
    std::function<Clock::time_point()> now = [] { return Clock::now(); };
    /// Seed of the id and token generator: the same seed and calls give the same ids.
    std::uint64_t seed = 20260726;
    /// Honour `X-Forwarded-For` for the per-address limits (registration). Only behind a proxy
    /// of one's own: a caller can put any address there. Off by default.
    bool trust_forwarded_for = false;
};

/// An email the simulator "sent" (registration codes); `GET /_sim/outbox` lists them.
struct Email {
    /// Recipient address.
    std::string to;
    /// Subject line.
    std::string subject;
    /// The 6-character verification code the email carries.
    std::string code;
    /// When it was "sent" (ISO 8601, simulator clock).
    std::string sent_at;
};

/// A registered account: one organization with one application (as programmatic register makes).
struct Account {
    std::string email;                    ///< as registered
    std::string password;                 ///< as registered (the simulator keeps it in clear; never use real ones)
    bool verified = false;                ///< true once verify-email accepted the code
    std::string pending_code;             ///< the emailed code, until verified
    Clock::time_point code_expires_at{};  ///< when `pending_code` stops being accepted
    std::string org_id;                   ///< the account's organization uuid
    std::string org_name;                 ///< the organization's name
    std::string app_id;                   ///< the application's uuid
    std::string created_at;               ///< ISO 8601, simulator clock
    std::set<std::string> access_tokens;  ///< bearer tokens issued by verify-email / login
};

/// One version of a workflow. `record` is the JSON the API returns for it.
struct Workflow {
    std::string uuid;                   ///< this version's id
    std::string group_id;               ///< stable `workflow_id`
    int version = 1;                    ///< 1 for the first version, +1 per published update
    std::string status = "published";   ///< "published" or "draft"
    std::vector<std::string> features;  ///< in execution order, e.g. {"OCR","LIVENESS","FACE_MATCH"}
    std::string workflow_type;          ///< "kyc" or "kyb" (derived from features)
    double price = 0;                   ///< dollars per session
    Json record;                        ///< the workflow as the API returns it
};

/// A verification session (KYC or KYB). Module-private details live in `data`.
struct Session {
    std::string id;                      ///< `session_id`, a uuid
    std::int64_t number = 0;             ///< `session_number`, increasing across the simulator
    std::string token;                   ///< `session_token`, the last segment of the hosted `url`
    std::string kind = "user";           ///< "user" (KYC) or "business" (KYB)
    std::string status = "Not Started";  ///< the API's session status string
    std::string vendor_data;             ///< empty when not given
    bool has_vendor_data = false;        ///< whether the create request carried `vendor_data`
    std::string workflow_id;             ///< group id
    std::string workflow_uuid;           ///< the version it was created on
    int workflow_version = 1;            ///< that version's number
    std::string created_at;              ///< ISO 8601, simulator clock
    Clock::time_point created{};         ///< the same instant as a time point
    Clock::time_point expires{};         ///< `expires_at` as a time point: unfinished, it then becomes Expired
    Json metadata;                       ///< null when not given
    Json decision;                       ///< the full decision JSON (GET …/decision/)
    std::vector<Json> reviews;           ///< activity items, newest last
    Json data = Json::object();          ///< anything else the sessions module keeps
};

/// A user (the API's "entity"), keyed by vendor_data. Created by the first session that names it.
struct User {
    std::string didit_internal_id;  ///< the user's uuid
    std::string created_at;         ///< ISO 8601, simulator clock
    Json record = Json::object();   ///< fields set through create and PATCH (full_name, status, metadata, …)
    std::vector<Json> comments;     ///< activity log (STATUS_CHANGED entries), oldest first
    std::vector<Json> faces;        ///< uploaded faces (uuid, image_url, comment, uploaded_by, created_at)
};

/// A business (KYB entity), created through `/v3/businesses/create/`; `vendor_data` may be null.
struct Business {
    std::string didit_internal_id;  ///< the business's uuid
    Json vendor_data;               ///< string, or null when none was given
    std::string created_at;         ///< ISO 8601, simulator clock
    Json record = Json::object();   ///< fields set through create and PATCH (legal_name, status, metadata, …)
};

/// A webhook destination (`/v3/webhook/destinations/`).
struct Destination {
    std::string uuid;    ///< `destination_uuid`
    std::string secret;  ///< `secret_shared_key`, used to sign its deliveries
    Json record;         ///< label, url, enabled, webhook_version, subscribed_events, created_at, …
};

/// A transaction token (POST /v3/transactions/sdk-token/) and what it allows.
struct SdkToken {
    std::string vendor_data;               ///< the subject every transaction submitted with it gets
    Clock::time_point expires_at;          ///< not accepted from then on
    std::optional<std::int64_t> max_uses;  ///< successful submissions allowed; none: unlimited
    std::int64_t uses = 0;                 ///< successful submissions made
};

/// Everything one application owns.
struct App {
    std::string id;                         ///< the application's uuid
    std::string name;                       ///< display name
    std::string client_id;                  ///< public client identifier
    std::string api_key;                    ///< its `x-api-key`
    std::string org_id;                     ///< owning organization's uuid
    std::int64_t balance = 0;               ///< in 1/10000 dollars ("1234.5600")
    std::vector<Workflow> workflows;        ///< every version of every workflow
    std::vector<Session> sessions;          ///< oldest first
    std::vector<Json> questionnaires;       ///< versions; module-private fields may start with '_'
    std::map<std::string, User> users;      ///< by vendor_data
    std::vector<Business> businesses;       ///< oldest first
    std::vector<Json> blocklist;            ///< BlocklistItem records, newest last
    std::vector<Json> checkouts;            ///< top-up checkout sessions
    std::vector<Json> transactions;         ///< monitored transactions, oldest first
    std::map<std::string, Json> otps;       ///< phone/email code verifications, by "phone:<E.164>", "email:<address>"
    std::vector<Json> kyb_candidates;       ///< the latest KYB search candidates (bounded), oldest first
    std::vector<Destination> destinations;  ///< including soft-deleted ones
    // The application-level (legacy) webhook of GET/PATCH /v3/webhook/.
    Json webhook_url;                       ///< string or null
    std::string webhook_version = "v3";     ///< payload version of the legacy webhook
    std::string webhook_secret;             ///< signing secret of the legacy webhook
    std::string capture_method = "both";    ///< the configuration's `capture_method`
    Json data_retention_months;             ///< null or 1..120
    std::set<std::string> imported_shares;  ///< session ids this app has imported (one redeem each)
    /// Faces enrolled by saved standalone checks (passive liveness, age estimation, face search):
    /// {face (the face's digest), request_id, vendor_data, api_service, created_at}, oldest first.
    std::vector<Json> face_index;
    /// Transaction tokens minted by POST /v3/transactions/sdk-token/, by their text.
    std::map<std::string, SdkToken> sdk_tokens;
};

/// All of the simulator's state. Guarded by the Platform's mutex.
struct State {
    std::map<std::string, Account> accounts;                            ///< by email (lower-cased)
    std::map<std::string, App> apps;                                    ///< by app id
    std::vector<Email> outbox;                                          ///< every email sent, oldest first
    std::int64_t next_session_number = 10001;                           ///< `session_number` of the next session
    std::map<std::string, std::deque<Clock::time_point>> rate_windows;  ///< by "scope|key"
};

// ---------------------------------------------------------------------------------------------
// Replies

/// What a route handler answers.
struct Reply {
    int status = 200;                               ///< HTTP status
    std::string body;                               ///< body bytes (JSON unless `content_type` says otherwise)
    std::string content_type = "application/json";  ///< empty for no Content-Type (204)
    Headers headers;                                ///< extra headers (Location, Retry-After, …)
};

/// Compact JSON text of `j`; invalid UTF-8 in strings is replaced, never thrown on.
inline std::string dump_json(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

/// A JSON reply with `status` and `body`.
inline Reply json_reply(int status, const Json& body) {
    Reply r;
    r.status = status;
    r.body = dump_json(body);
    return r;
}
/// A 204 reply without a body.
inline Reply no_content() {
    Reply r;
    r.status = 204;
    r.content_type.clear();
    return r;
}
/// `{"detail": message}` — auth, permission, not found, throttling, cross-state errors.
inline Reply detail_error(int status, std::string_view message) {
    return json_reply(status, Json{{"detail", std::string(message)}});
}
/// `["message"]` — the bare-array shape update-status, top-up and users/delete use.
inline Reply bare_error(int status, std::string_view message) {
    return json_reply(status, Json::array({std::string(message)}));
}
/// `{"field": ["message"]}` — DRF validation.
inline Reply field_error(std::string_view field, std::string_view message) {
    return json_reply(400, Json{{std::string(field), Json::array({std::string(message)})}});
}
/// The router's HTML 404 for malformed path UUIDs, not JSON (the real API answers them so too).
inline Reply html_not_found(std::string_view path) {
    Reply r;
    r.status = 404;
    r.content_type = "text/html; charset=utf-8";
    r.body =
        "<!doctype html>\n<html lang=\"en\"><head><title>Not Found</title></head><body><h1>Not Found</h1>"
        "<p>The requested resource was not found on this server.</p></body></html>\n";
    (void)path;
    return r;
}
/// The API's JSON 404: `{"detail": "Not found."}`.
inline Reply not_found() { return detail_error(404, "Not found."); }

/// Accumulates DRF-style field errors; `reply()` is the 400 with all of them.
class FieldErrors {
public:
    /// Appends `message` to the list for `field` (`{"field": ["message", ...]}`).
    void add(const std::string& field, std::string message) {
        auto& a = body_[field];
        if (!a.is_array()) a = Json::array();
        a.push_back(std::move(message));
    }
    /// Nested errors (e.g. `{"features": [{}, {"feature": ["…"]}]}`): set the whole value.
    void set(const std::string& field, Json value) { body_[field] = std::move(value); }
    /// True when nothing was added: the request is valid.
    bool empty() const { return body_.empty(); }
    /// The 400 reply carrying every field's errors.
    Reply reply() const { return json_reply(400, body_); }

private:
    Json body_ = Json::object();
};

// ---------------------------------------------------------------------------------------------
// Small value helpers (never throw, never abort on any JSON)

/// The JSON member `key` of object `j`, or nullptr (also when `j` is not an object).
inline const Json* member(const Json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(std::string(key));
    return it == j.end() ? nullptr : &*it;
}
/// The string member `key` of `j`, or `fallback` when it is missing or not a string.
inline std::string string_or(const Json& j, std::string_view key, const std::string& fallback = {}) {
    const Json* v = member(j, key);
    return v && v->is_string() ? v->get_ref<const std::string&>() : fallback;
}
/// The boolean member `key` of `j`, or `fallback` when it is missing or not a boolean.
inline bool bool_or(const Json& j, std::string_view key, bool fallback) {
    const Json* v = member(j, key);
    return v && v->is_boolean() ? v->get<bool>() : fallback;
}
/// ASCII upper case (enum values arrive in either case).
inline std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}
/// ASCII lower case.
inline std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}
/// One or more ASCII digits and nothing else.
inline bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
/// "YYYY-MM-DD" naming a real calendar date.
inline bool is_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2))) return false;
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}
/// DRF's ChoiceField message, `"x" is not a valid choice.`, for any JSON value.
inline std::string not_a_choice(const Json& v) {
    return "\"" + (v.is_string() ? v.get<std::string>() : dump_json(v)) + "\" is not a valid choice.";
}
/// True for a canonical lower-case UUID (the form the API's routers accept).
inline bool is_uuid(std::string_view s) { return detail::is_canonical_uuid(s); }

/// `t` in the API's timestamp format, UTC with microseconds: "2026-06-09T12:26:54.328364Z".
inline std::string iso_time(Clock::time_point t) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
    auto secs = static_cast<std::time_t>(us / 1000000);
    auto frac = us % 1000000;
    if (frac < 0) {
        frac += 1000000;
        --secs;
    }
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &secs);
#else
    gmtime_r(&secs, &tm);
#endif
    char buf[48];
    (void)std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(frac));
    return buf;
}
/// `t` as whole seconds since the Unix epoch (webhook `timestamp`s).
inline std::int64_t unix_seconds(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

/// Money in 1/10000 dollars as the API writes it: 12345600 -> "1234.5600".
inline std::string money_string(std::int64_t ten_thousandths) {
    const bool neg = ten_thousandths < 0;
    const std::uint64_t v =
        neg ? static_cast<std::uint64_t>(-(ten_thousandths + 1)) + 1u : static_cast<std::uint64_t>(ten_thousandths);
    char buf[48];
    (void)std::snprintf(buf, sizeof buf, "%s%llu.%04llu", neg ? "-" : "", static_cast<unsigned long long>(v / 10000u),
                        static_cast<unsigned long long>(v % 10000u));
    return buf;
}
/// Parses "12.5", "100", "0.3000" (at most 4 decimals, no sign); nullopt when malformed.
inline std::optional<std::int64_t> parse_money(std::string_view s) {
    if (s.empty() || s.size() > 20) return std::nullopt;
    std::int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    bool dot = false, any = false;
    for (char c : s) {
        if (c == '.') {
            if (dot) return std::nullopt;
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        any = true;
        if (dot) {
            if (++frac_digits > 4) return std::nullopt;
            frac = frac * 10 + (c - '0');
        } else {
            whole = whole * 10 + (c - '0');
        }
    }
    if (!any) return std::nullopt;
    while (frac_digits++ < 4) frac *= 10;
    return whole * 10000 + frac;
}

// ---------------------------------------------------------------------------------------------
// Requests and routing

/// One part of a multipart/form-data body.
struct FormPart {
    std::string name;          ///< the part's `name`
    std::string filename;      ///< its `filename`, empty for a text field
    std::string content_type;  ///< its Content-Type, empty when none was given
    std::string data;          ///< its bytes
    bool is_file = false;      ///< true when it had a `filename` parameter
};

/// Splits a multipart/form-data `body` whose Content-Type header is `content_type` into its
/// parts (RFC 7578). False on a missing boundary or a malformed body.
inline bool parse_multipart(std::string_view content_type, std::string_view body, std::vector<FormPart>& out) {
    auto lower = [](std::string_view s) {
        std::string r(s);
        for (char& c : r)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return r;
    };
    const std::string ct = lower(content_type);
    auto at = ct.find("boundary=");
    if (ct.rfind("multipart/form-data", 0) != 0 || at == std::string::npos) return false;
    std::string_view b = content_type.substr(at + 9);
    b = b.substr(0, b.find(';'));
    if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
    if (b.empty() || b.size() > 70) return false;
    const std::string delim = "--" + std::string(b);
    if (body.substr(0, delim.size()) != delim) return false;
    std::size_t pos = delim.size();
    // A quoted parameter of Content-Disposition: name="..."; filename="..."
    auto param = [](std::string_view line, std::string_view key, std::string& value) {
        std::size_t i = 0;
        while ((i = line.find(key, i)) != std::string_view::npos) {
            const bool word_start = i == 0 || line[i - 1] == ' ' || line[i - 1] == ';';
            if (word_start && line.substr(i + key.size(), 2) == "=\"") {
                const std::size_t start = i + key.size() + 2;
                const std::size_t end = line.find('"', start);
                if (end == std::string_view::npos) return false;
                value = std::string(line.substr(start, end - start));
                return true;
            }
            i += key.size();
        }
        return false;
    };
    for (;;) {
        if (body.substr(pos, 2) == "--") return true;  // the closing delimiter
        if (body.substr(pos, 2) != "\r\n") return false;
        pos += 2;
        const std::size_t head_end = body.find("\r\n\r\n", pos);
        if (head_end == std::string_view::npos) return false;
        FormPart part;
        bool disposition = false;
        std::string_view head = body.substr(pos, head_end - pos);
        while (!head.empty()) {
            const std::size_t eol = head.find("\r\n");
            const std::string_view line = head.substr(0, eol);
            head = eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) return false;
            const std::string name = lower(line.substr(0, colon));
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            if (name == "content-disposition") {
                if (lower(value).rfind("form-data", 0) != 0 || !param(value, "name", part.name)) return false;
                part.is_file = param(value, "filename", part.filename);
                disposition = true;
            } else if (name == "content-type") {
                part.content_type = std::string(value);
            }
        }
        if (!disposition) return false;
        const std::size_t data_start = head_end + 4;
        const std::size_t data_end = body.find("\r\n" + delim, data_start);
        if (data_end == std::string_view::npos) return false;
        part.data = std::string(body.substr(data_start, data_end - data_start));
        out.push_back(std::move(part));
        pos = data_end + 2 + delim.size();
    }
}

/// A parsed incoming request, as handlers see it.
struct Request {
    Method method = Method::Get;  ///< the request's method
    std::string origin;           ///< "http://127.0.0.1:8080" (scheme and authority of the request URL)
    std::string path;             ///< decoded path, e.g. "/v3/session/…/decision/"
    std::string raw_path;         ///< as sent (percent-encoded)
    std::vector<std::pair<std::string, std::string>> query;  ///< decoded, in order
    const Headers* headers = nullptr;                        ///< the request's headers (never null inside a handler)
    std::string body;                                        ///< raw body bytes
    Json json;                                               ///< the parsed body (discarded when there is none)
    /// The parts of a multipart/form-data body (its text fields are also in `json`, as strings).
    std::vector<FormPart> form;
    std::vector<std::string> params;      ///< the path's {placeholders}, decoded, in order
    std::string client_ip = "127.0.0.1";  ///< caller's address (registration limits are per IP)

    /// The first value of query parameter `name`, or nullptr.
    const std::string* query_value(std::string_view name) const {
        for (const auto& kv : query)
            if (kv.first == name) return &kv.second;
        return nullptr;
    }
    /// The first part of the multipart body named `name`, or nullptr.
    const FormPart* form_part(std::string_view name) const {
        for (const auto& p : form)
            if (p.name == name) return &p;
        return nullptr;
    }
    /// The first value of header `name` (case-insensitive), or an empty view.
    std::string_view header(std::string_view name) const { return headers ? headers->get(name) : std::string_view(); }
};

class Engine;

/// What a handler gets: the state, the request, the caller's application (null for routes
/// without API-key auth), the account for bearer routes, and a way to emit webhooks.
struct Context {
    Engine& engine;              ///< the simulator handling the request
    State& state;                ///< all state (the engine's lock is held)
    const Options& options;      ///< the simulator's settings
    Request& request;            ///< the parsed request
    App* app = nullptr;          ///< the caller's application on API-key routes
    Account* account = nullptr;  ///< the caller's account on bearer routes

    Clock::time_point now() const;  ///< the simulator's clock (Options::now plus any /_sim/clock shift)
    /// now() formatted with iso_time().
    std::string now_iso() const { return iso_time(now()); }
    /// Absolute URL on this server (paging links, session urls).
    std::string url(std::string_view path) const {
        const std::string& base = options.public_base_url.empty() ? request.origin : options.public_base_url;
        return base + std::string(path);
    }
    std::string uuid();                     ///< a fresh random (v4) uuid
    std::string token(std::size_t length);  ///< a fresh [A-Za-z0-9] token
    /// Queue a webhook event (`payload` is the v3 body without event_id/timestamp, which are
    /// filled in). It is signed and delivered after the request's reply is built.
    void emit(App& target, Json payload);
    /// Record an email (and log it).
    void send_email(const std::string& to, std::string subject, std::string code);
};

/// The credentials a simulator route requires: none, `x-api-key`, `Authorization: Bearer`,
/// or none for the `/_sim/` control routes.
enum class Auth { None, ApiKey, Bearer, Control };

/// A rate-limit scope for a route ("" = only the generic get/write scopes).
enum class Scope { Generic, SessionCreate, Pdf, Registration };

/// A route's implementation: reads the Context, updates the state, returns the reply.
using Handler = std::function<Reply(Context&)>;
/// Runs when an application is created (registration, or the seeded one at reset), so modules
/// can give it what a new application has (e.g. the default workflow).
using AppSeeder = std::function<void(Context&, App&)>;
/// What a module does as simulated time passes, run before each request (Router::on_each_request).
using Ticker = std::function<void(Context&)>;

/// One simulated route: what it matches, the credentials it needs, and its handler.
struct Route {
    Method method;        ///< the method it answers
    std::string pattern;  ///< e.g. "/v3/session/{uuid}/decision/"; "{uuid}" must be a canonical uuid, "{any}" anything
    Auth auth;            ///< required credentials
    Handler handler;      ///< builds the reply
    Scope scope = Scope::Generic;  ///< the extra rate-limit scope, if any
    /// The 401/403 body when the credentials are missing (differs between route groups).
    int missing_auth_status = 403;
    std::string missing_auth_detail = "Authentication credentials were not provided or are invalid.";
    /// The status when an API key is sent but unknown: 403 on most routes (OpenAPI), 401 on
    /// share (then with `missing_auth_detail`).
    int invalid_auth_status = 403;
};

/// The route table every module adds to.
class Router {
public:
    /// Adds a route; returns it so its auth statuses can be adjusted. Routes match in the
    /// order added. The reference stays valid while the router lives.
    Route& add(Method m, std::string pattern, Auth auth, Handler h, Scope scope = Scope::Generic) {
        routes_.push_back(Route{m, std::move(pattern), auth, std::move(h), scope});
        return routes_.back();
    }
    /// Every route, in the order added.
    const std::deque<Route>& routes() const { return routes_; }
    /// Registers `s` to run for every application created from now on.
    void on_new_app(AppSeeder s) { seeders_.push_back(std::move(s)); }
    /// The registered seeders, in the order added.
    const std::vector<AppSeeder>& seeders() const { return seeders_; }
    /// Registers `t` to run before every request's handler, with the state lock held: what the
    /// platform does on its own as time passes (session expiry).
    void on_each_request(Ticker t) { tickers_.push_back(std::move(t)); }
    /// The registered tickers, in the order added.
    const std::vector<Ticker>& tickers() const { return tickers_; }

    /// Matches `path` (decoded segments from `raw_path`) against the patterns.
    /// Returns the route and fills `params`; `malformed_uuid` is set when a pattern matched
    /// except that a {uuid} segment was not a canonical uuid; `method_mismatch` when the path
    /// matched another method only.
    const Route* match(Method m, std::string_view raw_path, std::vector<std::string>& params, bool& malformed_uuid,
                       bool& method_mismatch) const {
        const auto segs = split(raw_path);
        for (const auto& r : routes_) {
            std::vector<std::string> got;
            int bad_uuid = 0;
            if (!match_one(r.pattern, segs, got, bad_uuid)) continue;
            if (bad_uuid) {
                malformed_uuid = true;
                continue;
            }
            if (r.method != m) {
                method_mismatch = true;
                continue;
            }
            params = std::move(got);
            return &r;
        }
        return nullptr;
    }

private:
    static std::vector<std::string_view> split(std::string_view p) {
        std::vector<std::string_view> out;
        std::size_t i = 0;
        while (i <= p.size()) {
            auto j = p.find('/', i);
            if (j == std::string_view::npos) j = p.size();
            out.push_back(p.substr(i, j - i));
            i = j + 1;
        }
        return out;
    }
    static bool match_one(std::string_view pattern, const std::vector<std::string_view>& segs,
                          std::vector<std::string>& got, int& bad_uuid) {
        const auto pat = split(pattern);
        if (pat.size() != segs.size()) return false;
        for (std::size_t i = 0; i < pat.size(); ++i) {
            if (pat[i] == "{uuid}" || pat[i] == "{any}") {
                if (segs[i].empty()) return false;
                std::string decoded;
                if (!detail::percent_decode(segs[i], decoded)) return false;
                if (pat[i] == "{uuid}" && !is_uuid(decoded)) ++bad_uuid;
                got.push_back(std::move(decoded));
            } else if (pat[i] != segs[i]) {
                return false;
            }
        }
        return true;
    }
    std::deque<Route> routes_;  // a deque: add() hands out references that must stay valid
    std::vector<AppSeeder> seeders_;
    std::vector<Ticker> tickers_;
};

// ---------------------------------------------------------------------------------------------
// Paging

/// The `{count, next, previous, results}` envelope over `items`, honouring `limit` (default
/// `default_limit`, ≥1, at most `max_limit`) and `offset`; links are absolute URLs.
/// A malformed limit/offset is a 400 like the real API's.
inline Reply paginate(Context& ctx, std::vector<Json> items, int default_limit = 50, int max_limit = 1000,
                      const Json& envelope = Json::object()) {
    auto number = [&](const char* name, long long fallback, long long min, long long& out) -> bool {
        out = fallback;
        const std::string* v = ctx.request.query_value(name);
        if (!v) return true;
        if (v->empty() || v->size() > 12) return false;
        long long n = 0;
        for (char c : *v) {
            if (c < '0' || c > '9') return false;
            n = n * 10 + (c - '0');
        }
        if (n < min) return false;
        out = n;
        return true;
    };
    long long limit = 0, offset = 0;
    if (!number("limit", default_limit, 1, limit)) return field_error("limit", "A valid integer is required.");
    if (!number("offset", 0, 0, offset)) return field_error("offset", "A valid integer is required.");
    if (limit > max_limit) limit = max_limit;
    const auto total = static_cast<long long>(items.size());
    auto link = [&](long long off) {
        std::string q;
        for (const auto& kv : ctx.request.query) {
            if (kv.first == "limit" || kv.first == "offset") continue;
            q += q.empty() ? "?" : "&";
            q += detail::percent_encode(kv.first) + "=" + detail::percent_encode(kv.second);
        }
        q += q.empty() ? "?" : "&";
        q += "limit=" + std::to_string(limit);
        if (off > 0) q += "&offset=" + std::to_string(off);
        return Json(ctx.url(ctx.request.raw_path) + q);
    };
    Json results = Json::array();
    for (long long i = offset; i < total && i < offset + limit; ++i)
        results.push_back(std::move(items[static_cast<std::size_t>(i)]));
    Json env = Json::object();
    env["count"] = total;
    env["next"] = offset + limit < total ? link(offset + limit) : Json(nullptr);
    env["previous"] = offset > 0 ? link(offset - limit > 0 ? offset - limit : 0) : Json(nullptr);
    env["results"] = std::move(results);
    env.update(envelope);  // a route's own envelope members, or its own `count`
    return json_reply(200, env);
}

// ---------------------------------------------------------------------------------------------
// Shared lookups the modules use

/// The application whose API key is `key`, or nullptr (also for an empty key).
inline App* app_by_key(State& s, std::string_view key) {
    if (key.empty()) return nullptr;
    for (auto& kv : s.apps)
        if (kv.second.api_key == key) return &kv.second;
    return nullptr;
}
/// The session `id` of `app`, or nullptr.
inline Session* find_session(App& app, std::string_view id) {
    for (auto& s : app.sessions)
        if (s.id == id) return &s;
    return nullptr;
}
/// A session of any application (share/import crosses applications).
inline Session* find_session_anywhere(State& st, std::string_view id, App** owner = nullptr) {
    for (auto& kv : st.apps)
        if (Session* s = find_session(kv.second, id)) {
            if (owner) *owner = &kv.second;
            return s;
        }
    return nullptr;
}
/// The newest published version of workflow `id` (a group id, or a version uuid for backward
/// compatibility), or nullptr.
inline Workflow* find_published_workflow(App& app, std::string_view id) {
    std::string group(id);
    for (auto& w : app.workflows)
        if (w.uuid == id) group = w.group_id;
    Workflow* best = nullptr;
    for (auto& w : app.workflows)
        if (w.group_id == group && w.status == "published" && (!best || w.version > best->version)) best = &w;
    return best;
}
/// The user for `vendor_data`, created on first use (sessions create users).
inline User& touch_user(Context& ctx, App& app, const std::string& vendor_data) {
    auto it = app.users.find(vendor_data);
    if (it != app.users.end()) return it->second;
    User u;
    u.didit_internal_id = ctx.uuid();
    u.created_at = ctx.now_iso();
    return app.users.emplace(vendor_data, std::move(u)).first->second;
}

}  // namespace sim
}  // namespace didit
