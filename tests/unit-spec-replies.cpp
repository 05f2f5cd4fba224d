// SPDX-License-Identifier: MIT
// Every 2xx reply that Didit's OpenAPI describes decodes into its route's reply type: the spec's
// own examples, and instances built from each reply schema (every member set, every nullable
// member null, only the required members).
#include <didit/didit.hpp>

#include "openapi.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <cstddef>
#include <iostream>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using didit::Json;

/// What the test decoded, for the summary line and the checks at the end.
struct Tally {
    std::size_t routes = 0;     ///< routes with a JSON 2xx reply in the spec
    std::size_t examples = 0;   ///< the spec's examples decoded
    std::size_t instances = 0;  ///< instances built from schemas decoded
    std::vector<std::string> failures;
};

/// One reply body for route E: decodes it as the client does, and records a failure.
template <class E>
void decode_one(const Json& body, const std::string& what, Tally& t) {
    auto r = didit::decode_json<typename E::reply>(std::string_view(body.dump()));
    if (!r.ok()) t.failures.push_back(std::string(E::name) + " " + what + ": " + r.error().message);
}

template <class E>
void check_route(Tally& t) {
    using Reply = typename E::reply;
    if constexpr (didit::detail::has_from_response<Reply>::value) {
        return;  // bytes (a PDF, a CSV file), not JSON
    } else {
        if (E::host != didit::Host::Verification) return;  // the account API has its own OpenAPI
        const Json* op = didit_test::openapi_operation(didit_test::lower(didit::to_string(E::method)), E::path);
        if (op == nullptr || !op->contains("responses")) return;
        bool counted = false;
        for (auto code = (*op)["responses"].begin(); code != (*op)["responses"].end(); ++code) {
            if (code.key().empty() || code.key()[0] != '2') continue;
            const Json* resp = didit_test::resolve_ref(code.value());
            if (resp == nullptr || !resp->contains("content")) continue;
            auto media = (*resp)["content"].find("application/json");
            if (media == (*resp)["content"].end()) continue;
            if (!counted) ++t.routes;
            counted = true;
            const std::string at = code.key() + " ";
            if (media->contains("example")) {
                decode_one<E>((*media)["example"], at + "example", t);
                ++t.examples;
            }
            if (media->contains("examples") && (*media)["examples"].is_object())
                for (auto ex = (*media)["examples"].begin(); ex != (*media)["examples"].end(); ++ex) {
                    const Json* e = didit_test::resolve_ref(ex.value());
                    if (e == nullptr || !e->contains("value")) continue;
                    decode_one<E>((*e)["value"], at + "example " + ex.key(), t);
                    ++t.examples;
                }
            if (!media->contains("schema")) continue;
            const std::pair<didit_test::SchemaFill, const char*> fills[] = {
                {didit_test::SchemaFill::Full, "schema, every member"},
                {didit_test::SchemaFill::Nulls, "schema, nullable members null"},
                {didit_test::SchemaFill::Required, "schema, required members only"}};
            for (const auto& [fill, name] : fills) {
                decode_one<E>(didit_test::schema_instance((*media)["schema"], fill), at + name, t);
                ++t.instances;
            }
        }
    }
}

template <class Tuple, std::size_t... I>
void check_all(Tally& t, std::index_sequence<I...>) {
    (check_route<std::tuple_element_t<I, Tuple>>(t), ...);
}

}  // namespace

TEST_CASE("spec replies: every example and schema instance of a 2xx reply decodes into the route's reply type") {
    REQUIRE(didit_test::openapi_doc().is_object());
    using Routes = didit::endpoints::AllRoutes;
    Tally t;
    check_all<Routes>(t, std::make_index_sequence<std::tuple_size_v<Routes>>{});
    std::cout << "spec replies: " << t.routes << " routes, " << t.examples << " examples and " << t.instances
              << " schema instances decoded, " << t.failures.size() << " failed\n";
    for (const auto& f : t.failures) std::cout << "  " << f << '\n';
    CHECK(t.failures.empty());
    // The counts grow with the table (26 routes, 34 examples, 72 instances with 42 routes).
    CHECK(t.routes >= 26);
    CHECK(t.examples >= 34);
    CHECK(t.instances >= 72);
}

TEST_CASE("spec replies: the instance builder follows the schema") {
    const Json schema = {{"type", "object"},
                         {"required", {"id"}},
                         {"properties",
                          {{"id", {{"type", "string"}, {"format", "uuid"}}},
                           {"n", {{"type", "integer"}, {"nullable", true}}},
                           {"kind", {{"type", "string"}, {"enum", {"a", "b"}}}},
                           {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
    const Json full = didit_test::schema_instance(schema, didit_test::SchemaFill::Full);
    CHECK(full == Json{{"id", "11111111-2222-4333-8444-555555555555"}, {"n", 1}, {"kind", "a"}, {"tags", {"x"}}});
    const Json nulls = didit_test::schema_instance(schema, didit_test::SchemaFill::Nulls);
    CHECK(nulls["n"].is_null());
    CHECK(nulls["kind"] == "a");
    const Json req = didit_test::schema_instance(schema, didit_test::SchemaFill::Required);
    CHECK(req == Json{{"id", "11111111-2222-4333-8444-555555555555"}});
    // A reply type that does not fit is reported: a string where the model wants an object.
    Tally t;
    decode_one<didit::endpoints::WorkflowsGet>(Json("not an object"), "bad", t);
    CHECK(t.failures.size() == 1);
}
