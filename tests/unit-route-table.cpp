// SPDX-License-Identifier: MIT
// The route table against Didit's OpenAPI: every route's method and path, slash, body and auth rules.
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using didit::Auth;
using didit::Host;
using didit::Json;
using didit::Method;

/// One route of AllRoutes, reduced to values.
struct RouteRow {
    std::string name;
    Method method;
    Host host;
    Auth auth;
    std::string path;
    bool no_body;
    bool retry_safe;
};

template <class E>
RouteRow row_of() {
    return RouteRow{std::string(E::name),
                    E::method,
                    E::host,
                    E::auth,
                    std::string(E::path),
                    std::is_same_v<typename E::request, didit::NoBody>,
                    E::retry_safe};
}

template <class Tuple, std::size_t... I>
std::vector<RouteRow> rows_of(std::index_sequence<I...>) {
    return {row_of<std::tuple_element_t<I, Tuple>>()...};
}

/// Every route of the table, in order.
const std::vector<RouteRow>& all_rows() {
    using Routes = didit::endpoints::AllRoutes;
    static const std::vector<RouteRow> rows = rows_of<Routes>(std::make_index_sequence<std::tuple_size_v<Routes>>{});
    return rows;
}

using didit_test::lower;
using didit_test::normalise;

/// Routes the OpenAPI (2026-07) does not describe, and why. Everything else must be in it.
/// It covers the /v3/ workflows, sessions, questionnaires, users and billing routes, and the
/// webhook destinations; not blocklist, not /v3/webhook/, not the account (apx) routes.
const char* why_not_in_openapi(const RouteRow& r) {
    if (r.host == Host::Account) return "account API (apx.didit.me), documented in openapi-auth.json";
    if (r.path.rfind("/v3/blocklist/", 0) == 0) return "blocklist: docs.didit.me only";
    if (r.path == "/v3/webhook/") return "webhook configuration: docs.didit.me only";
    return nullptr;
}

/// OpenAPI paths, normalised, each with its methods (lower case, as OpenAPI spells them).
struct OpenApiIndex {
    bool loaded = false;
    std::size_t raw_paths = 0;
    std::vector<std::pair<std::string, std::set<std::string>>> paths;  // normalised path -> methods

    const std::set<std::string>* find(const std::string& normalised) const {
        for (const auto& p : paths)
            if (p.first == normalised) return &p.second;
        return nullptr;
    }
};

const OpenApiIndex& openapi() {
    static const OpenApiIndex index = [] {
        OpenApiIndex ix;
        const Json& doc = didit_test::openapi_doc();
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("paths") || !doc["paths"].is_object()) return ix;
        ix.loaded = true;
        for (auto it = doc["paths"].begin(); it != doc["paths"].end(); ++it) {
            ++ix.raw_paths;
            std::set<std::string> methods;
            if (it.value().is_object())
                for (auto m = it.value().begin(); m != it.value().end(); ++m) methods.insert(m.key());
            std::string key = normalise(it.key());
            bool merged = false;
            for (auto& p : ix.paths)
                if (p.first == key) {
                    p.second.insert(methods.begin(), methods.end());
                    merged = true;
                }
            if (!merged) ix.paths.emplace_back(std::move(key), std::move(methods));
        }
        return ix;
    }();
    return index;
}

/// One operation of the OpenAPI: its operationId, method (lower case) and normalised path.
struct SpecOperation {
    std::string id;
    std::string method;
    std::string path;
};

/// Every operation of the OpenAPI, in the document's order; empty when it does not load.
const std::vector<SpecOperation>& spec_operations() {
    static const std::vector<SpecOperation> ops = [] {
        std::vector<SpecOperation> out;
        const Json& doc = didit_test::openapi_doc();
        if (doc.is_discarded() || !doc.is_object() || !doc.contains("paths") || !doc["paths"].is_object()) return out;
        for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p) {
            if (!p.value().is_object()) continue;
            for (auto m = p.value().begin(); m != p.value().end(); ++m) {
                if (!m.value().is_object() || !m.value().contains("operationId")) continue;  // `parameters` etc.
                const Json& id = m.value()["operationId"];
                out.push_back({id.is_string() ? id.get<std::string>() : std::string(), m.key(), normalise(p.key())});
            }
        }
        return out;
    }();
    return ops;
}

/// tools/routes/openapi-exclusions.txt: operationId -> why the SDK has no route for it. Lines
/// are `<operationId> <reason>`; `#` starts a comment. A line without a reason maps to "".
std::vector<std::pair<std::string, std::string>> exclusions() {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(didit_test::fixture("../../tools/routes/openapi-exclusions.txt"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t space = line.find(' ');
        std::string id = line.substr(0, space);
        std::string why = space == std::string::npos ? std::string() : line.substr(space);
        why.erase(0, why.find_first_not_of(' '));
        out.emplace_back(std::move(id), std::move(why));
    }
    return out;
}

const char* host_name(Host h) { return h == Host::Account ? "account" : "verification"; }
const char* auth_name(Auth a) {
    switch (a) {
        case Auth::None: return "none";
        case Auth::Bearer: return "bearer";
        case Auth::ApiKey: return "api-key";
        case Auth::TransactionToken: return "transaction-token";
        case Auth::SessionToken: return "session-token";
    }
    return "?";
}

}  // namespace

TEST_CASE("route table: the OpenAPI fixture loads") {
    const auto& ix = openapi();
    REQUIRE(ix.loaded);
    CHECK(ix.raw_paths == 109);  // the OpenAPI 2026-07 has 109 paths
    CHECK(ix.find("/v3/workflows/") != nullptr);
}

/// The verification host's paths outside /v3/: the device-facing transaction routes and the
/// healthcheck, each as the OpenAPI writes it.
bool verification_path_outside_v3(const RouteRow& r) {
    return r.path.rfind("/v1/transactions/", 0) == 0 || r.path == "/system/healthcheck";
}

TEST_CASE("route table: every route has a trailing slash, a /v3/ path on the verification host, and no body on GET") {
    REQUIRE_FALSE(all_rows().empty());
    for (const auto& r : all_rows()) {
        INFO("route " << r.name << ": " << didit::to_string(r.method) << " " << r.path);
        REQUIRE_FALSE(r.path.empty());
        CHECK(r.path.front() == '/');
        // Slashless paths answer 301; the healthcheck is the one path the API writes without.
        if (r.path != "/system/healthcheck") CHECK(r.path.back() == '/');
        CHECK(r.path.find("//") == std::string::npos);
        CHECK(r.path.find('?') == std::string::npos);
        if (r.method == Method::Get) CHECK(r.no_body);
        if (r.host == Host::Verification)
            CHECK((r.path.rfind("/v3/", 0) == 0 || verification_path_outside_v3(r)));
        else
            CHECK(r.path.rfind("/v3/", 0) != 0);  // the account base URL already ends in /auth/v2
    }
}

TEST_CASE("route table: verification routes send the API key, account routes a Bearer token or nothing") {
    for (const auto& r : all_rows()) {
        INFO("route " << r.name << " (" << host_name(r.host) << ", " << auth_name(r.auth) << ")");
        // The sandbox arm alone takes the session's own token (SessionTokenAuth in the OpenAPI).
        if (r.host == Host::Verification)
            CHECK((r.auth == Auth::ApiKey || r.auth == Auth::None || r.auth == Auth::TransactionToken ||
                   (r.auth == Auth::SessionToken && r.name == "SessionsSandboxArm")));
        else
            CHECK((r.auth == Auth::Bearer || r.auth == Auth::None));
        // Without a credential: the three sign-up/sign-in routes, the Travel Rule routes whose
        // path token is the credential, and the healthcheck.
        if (r.auth == Auth::None)
            CHECK((r.name == "AccountRegister" || r.name == "AccountVerifyEmail" || r.name == "AccountLogin" ||
                   r.name == "TravelRulePickupGet" || r.name == "TravelRulePickupRespond" ||
                   r.name == "TravelRuleWidgetContextGet" || r.name == "SystemHealthcheck"));
        // The transaction token goes to the device-facing /v1/transactions/ routes, and only there.
        CHECK((r.auth == Auth::TransactionToken) == (r.path.rfind("/v1/transactions/", 0) == 0));
    }
}

TEST_CASE("route table: no route is listed twice") {
    std::set<std::string> names, routes;
    for (const auto& r : all_rows()) {
        INFO("route " << r.name);
        CHECK(names.insert(r.name).second);
        CHECK(routes
                  .insert(std::string(host_name(r.host)) + ' ' + std::string(didit::to_string(r.method)) + ' ' +
                          normalise(r.path))
                  .second);
    }
}

TEST_CASE("route table: each route the OpenAPI covers has its path and method there") {
    const auto& ix = openapi();
    REQUIRE(ix.loaded);
    std::size_t checked = 0;
    std::vector<std::string> not_covered;
    std::ostringstream table;
    for (const auto& r : all_rows()) {
        INFO("route " << r.name << ": " << didit::to_string(r.method) << " " << r.path);
        const std::set<std::string>* methods = ix.find(normalise(r.path));
        table << "  " << std::left << std::setw(7) << didit::to_string(r.method) << std::setw(51) << r.path << ' '
              << std::setw(26) << r.name << ' ';
        if (const char* why = why_not_in_openapi(r)) {
            // Keep the exclusions honest: an excluded route that the OpenAPI does have
            // should be checked like the others.
            CHECK_MESSAGE(methods == nullptr, r.name << " is in the OpenAPI after all: drop its exclusion");
            not_covered.push_back(r.name);
            table << "not in OpenAPI (" << why << ")\n";
            continue;
        }
        CHECK_MESSAGE(methods != nullptr, "path " << r.path << " is not in didit-openapi-2026-07.json (typo?)");
        if (methods) {
            CHECK_MESSAGE(methods->count(lower(didit::to_string(r.method))) == 1,
                          "the OpenAPI has " << r.path << " but not with " << didit::to_string(r.method));
            ++checked;
        }
        table << (methods && methods->count(lower(didit::to_string(r.method))) ? "OpenAPI: ok" : "OpenAPI: MISSING")
              << '\n';
    }
    std::cout << "route table: " << all_rows().size() << " routes\n" << table.str();
    std::cout << "route table: " << checked << " checked against the OpenAPI, " << not_covered.size()
              << " not in OpenAPI:";
    for (const auto& n : not_covered) std::cout << ' ' << n;
    std::cout << '\n';
    CHECK(checked + not_covered.size() == all_rows().size());
    // 37 routes of the older Didit guides plus the 5 webhook-destination routes.
    CHECK(all_rows().size() >= 42);
}

TEST_CASE("route table: the normaliser treats placeholder names alike and nothing else") {
    CHECK(normalise("/v3/session/{sessionId}/decision/") == normalise("/v3/session/{session_id}/decision/"));
    CHECK(normalise("/v3/users/{vendor_data}/") == "/v3/users/{}/");
    CHECK(normalise("/v3/session/{id}/decision/") != normalise("/v3/sessions/{id}/decision/"));
    CHECK(normalise("/v3/workflows/") != normalise("/v3/workflows"));
}

TEST_CASE("route table: a typo in a path would be caught") {
    // The check above, applied to made-up rows: a misspelt group, a missing slash, a wrong method.
    const auto& ix = openapi();
    REQUIRE(ix.loaded);
    CHECK(ix.find(normalise("/v3/workflow/{settings_uuid}/")) == nullptr);
    CHECK(ix.find(normalise("/v3/session/{session_id}/generate-pdf")) == nullptr);
    const auto* m = ix.find(normalise("/v3/webhook/destinations/{destination_uuid}/"));
    REQUIRE(m != nullptr);
    CHECK(m->count("patch") == 1);
    CHECK(m->count("put") == 0);
}

TEST_CASE("route table: every OpenAPI operation has a route, or is excluded with a reason") {
    const auto& ops = spec_operations();
    REQUIRE(ops.size() == 142);    // the OpenAPI 2026-07 has 142 operations
    std::set<std::string> routes;  // "method normalised-path" of every route on the verification host
    for (const auto& r : all_rows())
        if (r.host == Host::Verification) routes.insert(lower(didit::to_string(r.method)) + ' ' + normalise(r.path));

    REQUIRE_FALSE(didit_test::fixture("../../tools/routes/openapi-exclusions.txt").empty());  // found and read
    const auto excluded = exclusions();
    std::set<std::string> listed;
    for (const auto& entry : excluded) {  // not a structured binding: doctest's macros capture it in lambdas
        const std::string& id = entry.first;
        INFO("exclusion " << id);
        CHECK_MESSAGE(!entry.second.empty(), id << " is excluded without a reason");
        CHECK_MESSAGE(listed.insert(id).second, id << " is listed twice");
        bool known = false;
        for (const auto& op : ops) known = known || op.id == id;
        CHECK_MESSAGE(known, id << " is not an operation of the OpenAPI (typo?)");
    }

    std::size_t covered = 0;
    std::vector<std::string> missing;
    for (const auto& op : ops) {
        const bool has_route = routes.count(op.method + ' ' + op.path) == 1;
        const bool is_excluded = listed.count(op.id) == 1;
        INFO("operation " << op.id << ": " << op.method << ' ' << op.path);
        CHECK_MESSAGE(!(has_route && is_excluded), op.id << " has a route now: drop its exclusion");
        if (has_route) ++covered;
        if (!has_route && !is_excluded) missing.push_back(op.id + " (" + op.method + ' ' + op.path + ')');
    }
    std::cout << "OpenAPI coverage: " << ops.size() << " operations, " << covered << " with a route, " << listed.size()
              << " excluded, " << missing.size() << " missing\n";
    for (const auto& m : missing) std::cout << "  no route and no exclusion: " << m << '\n';
    CHECK(missing.empty());
    CHECK(covered + listed.size() == ops.size());
}

TEST_CASE("route table: the coverage check would catch a route that is missing or differs") {
    // The lookup above, applied to made-up routes: a different method or path does not cover.
    const auto& ops = spec_operations();
    REQUIRE_FALSE(ops.empty());
    const SpecOperation* get_user = nullptr;
    for (const auto& op : ops)
        if (op.id == "get_user") get_user = &op;
    REQUIRE(get_user != nullptr);
    CHECK(get_user->method == "get");
    CHECK(get_user->path == normalise("/v3/users/{vendor_data}/"));
    CHECK(get_user->path != normalise("/v3/users/{vendor_data}"));
    CHECK(get_user->path != normalise("/v3/user/{vendor_data}/"));
}
