// SPDX-License-Identifier: MIT
// The simulator's engine: one locked entry point from HttpRequest to HttpResponse (auth, rate
// limits, body parsing, routing), the seeded state, and the webhook delivery worker.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <didit/sim/core.hpp>
#include <didit/sim/spec_operations.hpp>
#include <didit/webhook.hpp>

namespace didit {
namespace sim {

/// The simulator's machinery under Platform: request handling, state, seeding, and the webhook
/// delivery thread. Use it through Platform (which adds the routes).
class Engine {
public:
    /// `install` adds the modules' routes (see platform.hpp).
    Engine(Options options, const std::function<void(Router&)>& install) : options_(std::move(options)) {
        if (!options_.now) options_.now = [] { return Clock::now(); };
        install(router_);
        add_control_routes();
        std::lock_guard<std::mutex> lock(mutex_);
        seed_locked();
    }
    ~Engine() {
        {
            std::lock_guard<std::mutex> lock(dmutex_);
            stop_ = true;
        }
        dcv_.notify_all();
        if (worker_.joinable()) worker_.join();
    }
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;
    Engine(Engine&&) = delete;
    Engine& operator=(Engine&&) = delete;

    /// Answers one request as the platform would. `client_ip` keys the per-IP rate limits.
    /// Thread-safe; webhooks it causes are delivered afterwards, on the delivery thread.
    HttpResponse handle(const HttpRequest& http, std::string_view client_ip = "127.0.0.1") {
        Request req;
        req.method = http.method;
        req.headers = &http.headers;
        req.body = http.body;
        req.client_ip = std::string(client_ip);
        // Anyone can write X-Forwarded-For; it names the client only behind a trusted proxy.
        if (options_.trust_forwarded_for) {
            auto xff = http.headers.get("X-Forwarded-For");
            xff = xff.substr(0, xff.find(','));
            while (!xff.empty() && (xff.front() == ' ' || xff.front() == '\t')) xff.remove_prefix(1);
            while (!xff.empty() && (xff.back() == ' ' || xff.back() == '\t')) xff.remove_suffix(1);
            if (!xff.empty() && xff.size() <= 64) req.client_ip = std::string(xff);  // an IPv6 text is at most 45
        }
        split_url(http.url, req);

        std::vector<std::shared_ptr<Delivery>> queued;
        Reply reply;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            reply = dispatch_locked(req, queued);
        }
        if (!queued.empty()) enqueue(queued);

        HttpResponse out;
        out.status = reply.status;
        out.body = std::move(reply.body);
        out.headers = std::move(reply.headers);
        if (!reply.content_type.empty()) out.headers.set("Content-Type", reply.content_type);
        out.headers.set("X-Request-Id", request_id());
        log(std::string(to_string(http.method)) + " " + req.raw_path + " -> " + std::to_string(out.status));
        return out;
    }

    /// Back to the seeded state (one verified account with `Options::api_key`); forgets emails
    /// and deliveries, and resets the clock shift and rate windows.
    void reset() {
        {
            std::lock_guard<std::mutex> lock(dmutex_);
            queue_.clear();
            deliveries_.clear();
        }
        std::lock_guard<std::mutex> lock(mutex_);
        seed_locked();
    }

    /// Blocks until no webhook delivery is pending or in flight (true), or `timeout` passed.
    bool wait_for_deliveries(std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> lock(dmutex_);
        return idle_cv_.wait_for(lock, timeout, [&] { return queue_.empty() && in_flight_ == 0; });
    }
    /// Every delivery so far (copies), oldest first.
    std::vector<Delivery> deliveries() const {
        std::lock_guard<std::mutex> lock(dmutex_);
        std::vector<Delivery> out;
        for (const auto& d : deliveries_) out.push_back(*d);
        return out;
    }
    /// Every email sent so far, oldest first.
    std::vector<Email> outbox() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return state_.outbox;
    }
    /// The options it was made with (rate limits as changed through /_sim/rate-limits/).
    const Options& options() const { return options_; }
    /// How many rate-limit and login-failure windows are kept (at most about kMaxRateWindows).
    std::size_t rate_window_count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return state_.rate_windows.size();
    }

    // ---- used by Context (modules) -------------------------------------------------------

    /// Creates the organization and application of a newly verified account (or the seeded
    /// one), runs the modules' seeders, and returns it.
    App& create_app(Context& ctx, Account& acct, std::string api_key = {}, std::string secret = {}) {
        App app;
        app.id = ctx.uuid();
        app.name = "Default Application";
        app.client_id = ctx.token(22);
        app.api_key = api_key.empty() ? "sk_test_" + ctx.token(43) : std::move(api_key);
        app.org_id = ctx.uuid();
        app.webhook_secret = secret.empty() ? ctx.token(43) : std::move(secret);
        app.webhook_url = nullptr;
        app.data_retention_months = nullptr;
        app.balance = parse_money(options_.initial_balance).value_or(0);
        acct.app_id = app.id;
        acct.org_id = app.org_id;
        if (acct.org_name.empty()) acct.org_name = "Organization of " + acct.email;
        App& stored = state_.apps.emplace(app.id, std::move(app)).first->second;
        for (const auto& seed : router_.seeders()) seed(ctx, stored);
        return stored;
    }

    /// A fresh uuid (v4 layout) from the seeded generator; the state lock must be held.
    std::string uuid_locked() {
        std::uint64_t a = rng_(), b = rng_();
        a = (a & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
        b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
        char buf[40];
        (void)std::snprintf(
            buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx", static_cast<unsigned long long>(a >> 32),
            static_cast<unsigned long long>((a >> 16) & 0xFFFF), static_cast<unsigned long long>(a & 0xFFFF),
            static_cast<unsigned long long>(b >> 48), static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
        return buf;
    }
    /// A fresh `n`-character [A-Za-z0-9] token; the state lock must be held.
    std::string token_locked(std::size_t n) {
        static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        std::string s;
        s.reserve(n);
        for (std::size_t i = 0; i < n; ++i) s += kAlphabet[rng_() % 62];
        return s;
    }
    /// The simulated time: Options::now plus the /_sim/clock/ shift.
    Clock::time_point now() const { return options_.now() + shift_; }
    /// One line to Options::log, when set.
    void log(const std::string& line) const {
        if (options_.log) options_.log(line);
    }
    /// Signs and records the deliveries of one event (called with the state lock held).
    void emit_locked(App& target, Json payload, std::vector<std::shared_ptr<Delivery>>& out) {
        const auto ts = unix_seconds(now());
        if (!payload.contains("event_id")) payload["event_id"] = uuid_locked();
        payload["timestamp"] = ts;
        if (!payload.contains("created_at")) payload["created_at"] = ts;
        payload["application_id"] = target.id;
        const std::string type = string_or(payload, "webhook_type");
        const std::string body = payload.dump(-1, ' ', false, Json::error_handler_t::replace);
        auto make = [&](const std::string& url, const std::string& secret, const std::string& dest) {
            auto d = std::make_shared<Delivery>();
            d->id = uuid_locked();
            d->event_id = string_or(payload, "event_id");
            d->webhook_type = type;
            d->destination = dest;
            d->request.method = Method::Post;
            d->request.url = url;
            d->request.body = body;
            auto signed_headers = ::didit::webhook::sign(body, secret, ts);
            if (signed_headers.ok())
                for (const auto& h : signed_headers.value()) d->request.headers.set(h.first, h.second);
            d->request.headers.set("Content-Type", "application/json");
            d->request.headers.set("User-Agent", "DiditWebhook/2.0 +https://didit.me");
            out.push_back(std::move(d));
        };
        bool any_enabled = false;
        for (const auto& dst : target.destinations) {
            if (!bool_or(dst.record, "enabled", true)) continue;
            any_enabled = true;
            const Json* events = member(dst.record, "subscribed_events");
            bool subscribed = false;
            if (events && events->is_array())
                for (const auto& e : *events) subscribed = subscribed || (e.is_string() && e == type);
            if (subscribed) make(string_or(dst.record, "url"), dst.secret, dst.uuid);
        }
        // The application-level webhook is used only while no destination is enabled, and
        // only for status.updated / data.updated.
        if (!any_enabled && target.webhook_url.is_string() && (type == "status.updated" || type == "data.updated"))
            make(target.webhook_url.get<std::string>(), target.webhook_secret, "legacy");
    }

    /// The route table.
    Router& router() { return router_; }

private:
    friend struct Context;

    static void split_url(const std::string& url, Request& req) {
        std::size_t start = 0;
        if (auto scheme = url.find("://"); scheme != std::string::npos) {
            auto slash = url.find('/', scheme + 3);
            req.origin = url.substr(0, slash == std::string::npos ? url.size() : slash);
            start = slash == std::string::npos ? url.size() : slash;
        }
        std::string rest = url.substr(start);
        if (auto hash = rest.find('#'); hash != std::string::npos) rest.resize(hash);
        auto q = rest.find('?');
        req.raw_path = rest.substr(0, q);
        if (req.raw_path.empty()) req.raw_path = "/";
        if (!detail::percent_decode(req.raw_path, req.path)) req.path = req.raw_path;
        if (q == std::string::npos) return;
        std::string_view query(rest);
        query.remove_prefix(q + 1);
        while (!query.empty()) {
            auto amp = query.find('&');
            auto part = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
            if (part.empty()) continue;
            auto eq = part.find('=');
            auto decode = [](std::string_view s) {
                std::string plus(s);
                std::replace(plus.begin(), plus.end(), '+', ' ');  // form encoding, as Django reads it
                std::string out;
                if (!detail::percent_decode(plus, out)) out = plus;
                return out;
            };
            req.query.emplace_back(decode(part.substr(0, eq)),
                                   eq == std::string_view::npos ? std::string() : decode(part.substr(eq + 1)));
        }
    }

    std::string request_id() {
        std::lock_guard<std::mutex> lock(mutex_);
        return uuid_locked();
    }

    Reply dispatch_locked(Request& req, std::vector<std::shared_ptr<Delivery>>& queued);

    // Rate limits: returns a 429 reply when a scope is exhausted, else records the request.
    std::optional<Reply> rate_limit_locked(const Route& route, const Request& req);
    // Keeps the windows under kMaxRateWindows: expired ones go first, then the least recently used.
    void prune_rate_windows_locked(Clock::time_point t);

    void seed_locked();
    void add_control_routes();
    void enqueue(const std::vector<std::shared_ptr<Delivery>>& ds);
    void worker_loop();

    Options options_;
    Router router_;
    mutable std::mutex mutex_;
    State state_;
    std::mt19937_64 rng_{options_.seed};  // reseeded by seed_locked() on reset
    Clock::duration shift_{0};
    std::vector<std::shared_ptr<Delivery>>* pending_ = nullptr;  // the current request's deliveries

    // Delivery worker.
    struct Due {
        Clock::time_point at;  // steady-ish: real time, not the simulated clock
        std::shared_ptr<Delivery> delivery;
    };
    mutable std::mutex dmutex_;
    std::condition_variable dcv_, idle_cv_;
    std::deque<Due> queue_;
    std::vector<std::shared_ptr<Delivery>> deliveries_;
    int in_flight_ = 0;
    bool stop_ = false;
    std::thread worker_;
};

// ---- Context ----------------------------------------------------------------------------------

inline Clock::time_point Context::now() const { return engine.now(); }
inline std::string Context::uuid() { return engine.uuid_locked(); }
inline std::string Context::token(std::size_t length) { return engine.token_locked(length); }
inline void Context::emit(App& target, Json payload) {
    if (engine.pending_) engine.emit_locked(target, std::move(payload), *engine.pending_);
}
inline void Context::send_email(const std::string& to, std::string subject, std::string code) {
    engine.log("email to " + to + ": " + subject + " (code " + code + ")");
    state.outbox.push_back(Email{to, std::move(subject), std::move(code), now_iso()});
}

// ---- Engine internals -------------------------------------------------------------------------

inline void Engine::seed_locked() {
    state_ = State{};
    rng_.seed(options_.seed);
    shift_ = Clock::duration(0);
    Request req;
    req.origin = options_.public_base_url;
    Context ctx{*this, state_, options_, req};
    Account acct;
    acct.email = options_.seed_email;
    acct.password = options_.seed_password;
    acct.verified = true;
    acct.org_name = "Simulated Organization";
    acct.created_at = ctx.now_iso();
    Account& stored = state_.accounts.emplace(acct.email, std::move(acct)).first->second;
    create_app(ctx, stored, options_.api_key, options_.webhook_secret);
}

inline std::optional<Reply> Engine::rate_limit_locked(const Route& route, const Request& req) {
    const RateLimits& rl = options_.rate_limits;
    if (!rl.enabled || route.auth == Auth::Control) return std::nullopt;
    // Per application, not per key string: an invented key is counted against the caller's
    // address, so it cannot open a window of its own.
    const App* app = route.scope == Scope::Registration ? nullptr : app_by_key(state_, req.header("x-api-key"));
    const std::string key = app ? "app:" + app->id : "ip:" + req.client_ip;
    struct Check {
        const char* scope;
        RateLimit limit;
        std::string message;
    };
    std::vector<Check> checks;
    if (route.scope == Scope::Registration) {
        checks.push_back({"registration", rl.registration, ""});
    } else if (req.method == Method::Get) {
        checks.push_back({"get", rl.get,
                          "GET request rate limit exceeded. You can make up to " + std::to_string(rl.get.limit) +
                              " requests per minute."});
        if (route.scope == Scope::Pdf) checks.push_back({"pdf", rl.pdf, ""});
    } else {
        checks.push_back({"write", rl.write,
                          "Write request rate limit exceeded. You can make up to " + std::to_string(rl.write.limit) +
                              " requests per minute."});
        if (route.scope == Scope::SessionCreate) checks.push_back({"session-create", rl.session_create, ""});
    }
    const auto t = now();
    for (auto& c : checks) {
        auto& window = state_.rate_windows[std::string(c.scope) + "|" + key];
        while (!window.empty() && window.front() <= t - c.limit.window) window.pop_front();
        if (static_cast<int>(window.size()) >= c.limit.limit) {
            auto wait = std::chrono::duration_cast<std::chrono::seconds>(window.front() + c.limit.window - t).count();
            if (wait < 1) wait = 1;
            Reply r = detail_error(429, c.message.empty() ? "Request was throttled. Expected available in " +
                                                                std::to_string(wait) + " seconds."
                                                          : c.message);
            r.headers.set("Retry-After", std::to_string(wait));
            r.headers.set("X-RateLimit-Limit", std::to_string(c.limit.limit));
            r.headers.set("X-RateLimit-Remaining", "0");
            r.headers.set("X-RateLimit-Reset", std::to_string(unix_seconds(t) + wait));
            return r;
        }
    }
    for (auto& c : checks) state_.rate_windows[std::string(c.scope) + "|" + key].push_back(t);
    return std::nullopt;
}

inline void Engine::prune_rate_windows_locked(Clock::time_point t) {
    auto& windows = state_.rate_windows;
    if (windows.size() < kMaxRateWindows) return;
    // The longest window any scope uses (login failures count for 24 h).
    const RateLimits& rl = options_.rate_limits;
    Clock::duration longest = std::chrono::hours(24);
    for (const RateLimit* l : {&rl.get, &rl.write, &rl.session_create, &rl.pdf, &rl.registration})
        longest = std::max<Clock::duration>(longest, l->window);
    for (auto it = windows.begin(); it != windows.end();) {
        if (it->second.empty() || it->second.back() <= t - longest)
            it = windows.erase(it);
        else
            ++it;
    }
    if (windows.size() < kMaxRateWindows) return;
    // Still full of live windows: drop the least recently used quarter.
    std::vector<std::pair<Clock::time_point, std::string>> by_use;
    by_use.reserve(windows.size());
    for (const auto& kv : windows) by_use.emplace_back(kv.second.back(), kv.first);
    const auto drop = by_use.begin() + static_cast<std::ptrdiff_t>(by_use.size() / 4 + 1);
    std::nth_element(by_use.begin(), drop, by_use.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = by_use.begin(); it != drop; ++it) windows.erase(it->second);
}

/// The operation of Didit's OpenAPI that `method` and `raw_path` call, or nullptr: a `{name}`
/// segment of the spec's path matches any one non-empty segment.
inline const SpecOperation* spec_operation(Method method, std::string_view raw_path) {
    for (const auto& op : kSpecOperations) {
        if (op.method != method) continue;
        std::string_view pattern = op.path, path = raw_path;
        bool same = true;
        while (same && (!pattern.empty() || !path.empty())) {
            const std::size_t pe = pattern.find('/'), se = path.find('/');
            const std::string_view pseg = pattern.substr(0, pe), seg = path.substr(0, se);
            const bool placeholder = pseg.size() >= 2 && pseg.front() == '{' && pseg.back() == '}';
            same = placeholder ? !seg.empty() : pseg == seg;
            same = same && (pe == std::string_view::npos) == (se == std::string_view::npos);
            pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe + 1);
            path = se == std::string_view::npos ? std::string_view() : path.substr(se + 1);
        }
        if (same) return &op;
    }
    return nullptr;
}

/// 501 for a route of the API that the simulator does not answer: a JSON error that names it.
inline Reply not_simulated(const SpecOperation& op) {
    return json_reply(501, Json{{"detail", std::string(to_string(op.method)) + " " + std::string(op.path) +
                                               " is not simulated (operation " + std::string(op.id) + ")."},
                                {"code", "not_simulated"},
                                {"operation_id", std::string(op.id)}});
}

inline Reply Engine::dispatch_locked(Request& req, std::vector<std::shared_ptr<Delivery>>& queued) {
    std::vector<std::string> params;
    bool malformed = false, wrong_method = false;
    const Route* route = router_.match(req.method, req.raw_path, params, malformed, wrong_method);
    if (!route && !req.raw_path.empty() && req.raw_path.back() != '/') {
        // Django's APPEND_SLASH: the slashed path exists, so redirect there (the real API does).
        std::vector<std::string> p2;
        bool m2 = false, w2 = false;
        if (router_.match(req.method, req.raw_path + "/", p2, m2, w2)) {
            Reply r = detail_error(301, "Moved Permanently");
            std::string location = req.raw_path + "/";
            std::string q;
            for (const auto& kv : req.query)
                q += (q.empty() ? "?" : "&") + detail::percent_encode(kv.first) + "=" +
                     detail::percent_encode(kv.second);
            r.headers.set("Location", location + q);
            return r;
        }
    }
    if (!route) {
        if (malformed) return html_not_found(req.raw_path);
        if (const SpecOperation* op = spec_operation(req.method, req.raw_path)) return not_simulated(*op);
        if (wrong_method)
            return detail_error(405, "Method \"" + std::string(to_string(req.method)) + "\" not allowed.");
        return not_found();
    }
    req.params = std::move(params);

    Context ctx{*this, state_, options_, req};
    // Authentication.
    if (route->auth == Auth::ApiKey) {
        const auto key = req.header("x-api-key");
        if (key.empty()) return detail_error(route->missing_auth_status, route->missing_auth_detail);
        ctx.app = app_by_key(state_, key);
        if (!ctx.app)
            return route->invalid_auth_status == 401
                       ? detail_error(401, route->missing_auth_detail)
                       : detail_error(403, "You do not have permission to perform this action.");
    } else if (route->auth == Auth::Bearer) {
        const auto h = req.header("Authorization");
        if (h.empty()) return detail_error(401, "Authentication credentials were not provided.");
        const std::string_view prefix = "Bearer ";
        if (h.size() <= prefix.size() || !detail::iequals(h.substr(0, prefix.size()), prefix))
            return json_reply(401, Json{{"detail", "Authorization header must contain two space-delimited values"},
                                        {"code", "bad_authorization_header"}});
        const std::string token(h.substr(prefix.size()));
        for (auto& kv : state_.accounts)
            if (kv.second.access_tokens.count(token)) ctx.account = &kv.second;
        if (!ctx.account)
            return json_reply(
                401, Json{{"detail", "Given token not valid for any token type"}, {"code", "token_not_valid"}});
    }
    prune_rate_windows_locked(now());  // before anything adds a window (login failures too)
    if (auto limited = rate_limit_locked(*route, req)) return *limited;

    // The body: JSON, an object (DRF's parser and serializer rules), or multipart/form-data,
    // whose text fields become the members of `json` and whose parts are in `form`.
    if (req.body.empty()) {
        req.json = Json::object();
    } else if (req.header("Content-Type").rfind("multipart/form-data", 0) == 0) {
        if (!parse_multipart(req.header("Content-Type"), req.body, req.form))
            return detail_error(400, "Multipart form parse error - Invalid boundary in multipart: None");
        req.json = Json::object();
        for (const auto& p : req.form)
            if (!p.is_file && !req.json.contains(p.name)) req.json[p.name] = p.data;
    } else {
        const auto ct = req.header("Content-Type");
        if (ct.find("application/json") == std::string_view::npos)
            return detail_error(415, "Unsupported media type \"" + std::string(ct) + "\" in request.");
        // Deeper values would reach recursive copies and comparisons; refuse them unparsed.
        if (detail::nesting_exceeds(req.body, kMaxJsonDepth))
            return detail_error(400,
                                "JSON parse error - nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels.");
        req.json = Json::parse(req.body, nullptr, false);
        if (req.json.is_discarded())
            return detail_error(400, "JSON parse error - Expecting value: line 1 column 1 (char 0)");
        if (!req.json.is_object())
            return json_reply(400, Json{{"non_field_errors",
                                         Json::array({std::string("Invalid data. Expected a dictionary, but got ") +
                                                      (req.json.is_array() ? "list" : req.json.type_name()) + "."})}});
    }

    pending_ = &queued;
    Reply reply;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
    try {
        for (const auto& tick : router_.tickers()) tick(ctx);
        reply = route->handler(ctx);
    } catch (const std::exception&) {
        queued.clear();
        reply = detail_error(500, "A server error occurred.");
    }
#else
    for (const auto& tick : router_.tickers()) tick(ctx);
    reply = route->handler(ctx);
#endif
    pending_ = nullptr;
    return reply;
}

inline void Engine::add_control_routes() {
    // The simulator's own routes, for tests and the didit-sim server. No credentials: it only
    // listens on loopback. Modules add their own /_sim/ routes (complete a session, pay a checkout).
    router_.add(Method::Get, "/_sim/outbox/", Auth::Control, [](Context& ctx) {
        Json out = Json::array();
        for (const auto& e : ctx.state.outbox)
            out.push_back({{"to", e.to}, {"subject", e.subject}, {"code", e.code}, {"sent_at", e.sent_at}});
        return json_reply(200, out);
    });
    router_.add(Method::Post, "/_sim/reset/", Auth::Control, [this](Context& ctx) {
        {
            std::lock_guard<std::mutex> lock(dmutex_);
            queue_.clear();
            deliveries_.clear();
        }
        seed_locked();  // the lock is held by handle()
        // The seeded key goes only to a caller who already has it (a user's own --api-key is
        // not handed to whoever reaches the port).
        Json out{{"reset", true}};
        if (ctx.request.header("x-api-key") == options_.api_key) out["api_key"] = options_.api_key;
        return json_reply(200, out);
    });
    router_.add(Method::Get, "/_sim/deliveries/", Auth::Control, [this](Context&) {
        Json out = Json::array();
        std::lock_guard<std::mutex> lock(dmutex_);
        for (const auto& d : deliveries_)
            out.push_back({{"id", d->id},
                           {"event_id", d->event_id},
                           {"webhook_type", d->webhook_type},
                           {"destination", d->destination},
                           {"url", d->request.url},
                           {"attempts", d->attempts},
                           {"last_status", d->last_status},
                           {"outcome", d->outcome},
                           {"last_error", d->last_error}});
        return json_reply(200, out);
    });
    // Shift the simulated clock forward (code expiry, session expiry, rate windows).
    router_.add(Method::Post, "/_sim/clock/", Auth::Control, [this](Context& ctx) {
        const Json* s = member(ctx.request.json, "advance_seconds");
        if (!s || !s->is_number() || !(s->get<double>() >= 0) ||
            s->get<double>() > static_cast<double>(kMaxClockStepSeconds))
            return field_error("advance_seconds", "A number of seconds from 0 to " +
                                                      std::to_string(kMaxClockStepSeconds) + " is required.");
        // Clamped in total too: repeated moves must not overflow the clock's count.
        const auto step = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s->get<double>()));
        const auto cap = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(kMaxClockShiftSeconds));
        shift_ = step >= cap - shift_ ? cap : shift_ + step;
        return json_reply(200, Json{{"now", ctx.now_iso()}});
    });
    // Rate limits at run time: {"enabled":bool, "get":N, "write":N, "session_create":N, "pdf":N,
    // "registration":N, "window_seconds":N}.
    router_.add(Method::Patch, "/_sim/rate-limits/", Auth::Control, [this](Context& ctx) {
        RateLimits& rl = options_.rate_limits;
        const Json& b = ctx.request.json;
        rl.enabled = bool_or(b, "enabled", rl.enabled);
        auto set = [&](const char* k, RateLimit& l) {
            const Json* v = member(b, k);
            if (v && v->is_number_integer() && v->get<long long>() >= 0 && v->get<long long>() < 1000000000)
                l.limit = static_cast<int>(v->get<long long>());
        };
        set("get", rl.get);
        set("write", rl.write);
        set("session_create", rl.session_create);
        set("pdf", rl.pdf);
        set("registration", rl.registration);
        if (const Json* w = member(b, "window_seconds");
            w && w->is_number_integer() && w->get<long long>() > 0 && w->get<long long>() < 100000000) {
            const std::chrono::seconds win(w->get<long long>());
            rl.get.window = rl.write.window = rl.session_create.window = rl.pdf.window = win;
        }
        state_.rate_windows.clear();
        return json_reply(200, Json{{"enabled", rl.enabled},
                                    {"get", rl.get.limit},
                                    {"write", rl.write.limit},
                                    {"session_create", rl.session_create.limit},
                                    {"pdf", rl.pdf.limit},
                                    {"registration", rl.registration.limit}});
    });
}

inline void Engine::enqueue(const std::vector<std::shared_ptr<Delivery>>& ds) {
    {
        std::lock_guard<std::mutex> lock(dmutex_);
        for (const auto& d : ds) {
            deliveries_.push_back(d);
            queue_.push_back(Due{Clock::now(), d});
        }
        if (!worker_.joinable()) worker_ = std::thread([this] { worker_loop(); });
    }
    dcv_.notify_all();
}

inline void Engine::worker_loop() {
    std::unique_lock<std::mutex> lock(dmutex_);
    for (;;) {
        if (stop_) return;
        if (queue_.empty()) {
            idle_cv_.notify_all();
            dcv_.wait(lock);
            continue;
        }
        auto next =
            std::min_element(queue_.begin(), queue_.end(), [](const Due& a, const Due& b) { return a.at < b.at; });
        const auto due = next->at;  // a copy: the queue may change while the wait has the lock released
        if (due > Clock::now()) {
            dcv_.wait_until(lock, due);
            continue;
        }
        std::shared_ptr<Delivery> d = next->delivery;
        queue_.erase(next);
        ++in_flight_;
        HttpRequest request = d->request;
        lock.unlock();

        int status = 0;
        std::string error;
        if (options_.webhook_handler) {
            status = options_.webhook_handler(request);
        } else if (options_.webhook_sender) {
            request.timeout = std::chrono::seconds(5);  // Didit's outbound timeout
            auto r = options_.webhook_sender(request);
            if (r.ok())
                status = r.value().status;
            else
                error = r.error().to_string();
        } else {
            error = "no webhook receiver configured (Options::webhook_handler or webhook_sender)";
        }

        lock.lock();
        --in_flight_;
        d->attempts += 1;
        d->last_status = status;
        d->last_error = error;
        const bool ok = status >= 200 && status < 300;
        // Didit retries on 5xx, 404, timeouts and connection errors; not on other answers.
        const bool retryable = status == 0 || status == 404 || status >= 500;
        const auto max_attempts = 1 + options_.webhook_retry_delays.size();
        if (ok) {
            d->outcome = "delivered";
        } else if (retryable && static_cast<std::size_t>(d->attempts) < max_attempts) {
            queue_.push_back(
                Due{Clock::now() + options_.webhook_retry_delays[static_cast<std::size_t>(d->attempts - 1)], d});
        } else {
            d->outcome = "failed";
        }
        const std::string line =
            "webhook " + d->webhook_type + " to " + request.url + ": attempt " + std::to_string(d->attempts) + " -> " +
            (status ? std::to_string(status) : std::string("no response")) + " (" + d->outcome + ")";
        lock.unlock();
        log(line);
        lock.lock();
    }
}

}  // namespace sim
}  // namespace didit
