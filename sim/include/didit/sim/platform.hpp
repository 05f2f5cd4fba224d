// SPDX-License-Identifier: MIT
// didit::sim::Platform: the whole simulated Didit platform, and typed calls for its control routes.
#pragma once

#include <didit/sim/account.hpp>
#include <didit/sim/billing.hpp>
#include <didit/sim/blocklist.hpp>
#include <didit/sim/businesses.hpp>
#include <didit/sim/checks.hpp>
#include <didit/sim/core.hpp>
#include <didit/sim/engine.hpp>
#include <didit/sim/questionnaires.hpp>
#include <didit/sim/screening_checks.hpp>
#include <didit/sim/sessions.hpp>
#include <didit/sim/system.hpp>
#include <didit/sim/transactions.hpp>
#include <didit/sim/users.hpp>
#include <didit/sim/webhooks.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {

/// How a simulated end user finishes a session (`/_sim/sessions/{id}/complete/`).
enum class Outcome { Approved, Declined, InReview };

/// The outcome's name in the control route's body: "approved", "declined", "in_review".
inline std::string_view to_string(Outcome o) noexcept {
    switch (o) {
        case Outcome::Approved: return "approved";
        case Outcome::Declined: return "declined";
        case Outcome::InReview: return "in_review";
    }
    return "approved";
}

/// An in-memory Didit: both APIs (verification `/v3/…` and account `/auth/v2/…`) and the
/// simulator's control routes (`/_sim/…`) behind one `handle()`. Thread-safe. Plug it into a
/// Client with SimTransport, or serve it over HTTP with the didit-sim program.
class Platform : public Engine {
public:
    /// A platform with every API group installed and one verified account with a funded
    /// application seeded from `options` (default Options: documented limits, fixed seed).
    explicit Platform(Options options = {}) : Engine(std::move(options), &install_all) {}

    /// The seeded application's API key (usable at once).
    const std::string& api_key() const { return options().api_key; }

    /// Calls a control route, e.g. `control(Method::Post, "/_sim/sessions/<id>/expire/")`.
    /// Returns the reply's JSON, or an Error built from the reply as the SDK would.
    Result<Json> control(Method method, std::string_view path, const Json& body = nullptr) {
        HttpRequest req;
        req.method = method;
        req.url = "http://sim.invalid" + std::string(path);
        if (!body.is_null()) {
            req.body = dump_json(body);
            req.headers.set("Content-Type", "application/json");
        }
        HttpResponse r = handle(req);
        Json j = r.body.empty() ? Json(nullptr) : Json::parse(r.body, nullptr, false);
        if (r.status >= 200 && r.status < 300 && !j.is_discarded()) return j;
        Error e = make_error(r.status == 404 ? ErrorKind::NotFound : ErrorKind::BadRequest,
                             "simulator control " + std::string(path) + " failed: " + r.body);
        e.status = r.status;
        return e;
    }

    /// What a real end user does in the hosted flow: finish the session with `outcome`. The
    /// session gets a realistic decision and the webhooks fire.
    Result<Json> complete_session(std::string_view session_id, Outcome outcome) {
        return control(Method::Post, "/_sim/sessions/" + std::string(session_id) + "/complete/",
                       Json{{"outcome", std::string(to_string(outcome))}});
    }
    /// The user opened the link and started (status "In Progress").
    Result<Json> start_session(std::string_view session_id) {
        return control(Method::Post, "/_sim/sessions/" + std::string(session_id) + "/start/");
    }
    /// The session ran out of time ("Expired").
    Result<Json> expire_session(std::string_view session_id) {
        return control(Method::Post, "/_sim/sessions/" + std::string(session_id) + "/expire/");
    }
    /// The user gave up ("Abandoned").
    Result<Json> abandon_session(std::string_view session_id) {
        return control(Method::Post, "/_sim/sessions/" + std::string(session_id) + "/abandon/");
    }
    /// Pays a top-up's Stripe checkout (what the customer does on the checkout page): the
    /// amount is credited to the application once.
    Result<Json> complete_checkout(std::string_view checkout_session_id) {
        return control(Method::Post, "/_sim/billing/checkouts/" + std::string(checkout_session_id) + "/complete/");
    }
    /// The newest code emailed to `email` (registration), or an empty string.
    std::string last_code_for(std::string_view email) const {
        auto all = outbox();
        for (auto it = all.rbegin(); it != all.rend(); ++it)
            if (it->to == email) return it->code;
        return {};
    }

private:
    static void install_all(Router& r) {
        install_account(r);
        install_workflows(r);
        install_sessions(r);
        install_blocklist(r);
        install_questionnaires(r);
        install_users(r);
        install_businesses(r);
        install_billing(r);
        install_transactions(r);
        install_checks(r);
        install_screening_checks(r);
        install_webhooks(r);
        install_system(r);
    }
};

/// A transport that answers from a Platform in-process: no network, no curl.
/// Copies share the platform.
class SimTransport {
public:
    /// Answers from `platform`, which other transports or a test may share.
    explicit SimTransport(std::shared_ptr<Platform> platform) : platform_(std::move(platform)) {}
    /// Answers from a new Platform with default Options.
    SimTransport() : platform_(std::make_shared<Platform>()) {}

    /// Hands `req` to the platform. Always a response (the simulator's own errors are HTTP
    /// replies, as the real API's), never a transport Error.
    Result<HttpResponse> send(const HttpRequest& req) { return platform_->handle(req); }
    /// "sim", the transport name the client puts in its User-Agent.
    static constexpr std::string_view name() noexcept { return "sim"; }

    /// The platform, e.g. to complete a session or read the outbox.
    Platform& platform() const { return *platform_; }
    /// The platform's shared pointer, to hand to another SimTransport.
    const std::shared_ptr<Platform>& shared() const { return platform_; }

private:
    std::shared_ptr<Platform> platform_;
};

}  // namespace sim
}  // namespace didit
