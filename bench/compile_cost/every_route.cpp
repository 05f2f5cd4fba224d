// SPDX-License-Identifier: MIT
// Compile-cost probe: every route of the SDK called once, and every resource group instantiated whole.
//
// The route list is didit::endpoints::AllRoutes, so routes added later are counted without
// editing this file; explicit instantiation compiles every member of every resource group.
#include <didit/didit.hpp>
#include <didit/endpoints/all.hpp>

#include <cstddef>
#include <iostream>
#include <string_view>
#include <tuple>

template class didit::Client<didit::CurlTransport>;
template class didit::AccountResource<didit::Client<didit::CurlTransport>>;
template class didit::WorkflowsResource<didit::Client<didit::CurlTransport>>;
template class didit::SessionsResource<didit::Client<didit::CurlTransport>>;
template class didit::BillingResource<didit::Client<didit::CurlTransport>>;
template class didit::BlocklistResource<didit::Client<didit::CurlTransport>>;
template class didit::QuestionnairesResource<didit::Client<didit::CurlTransport>>;
template class didit::UsersResource<didit::Client<didit::CurlTransport>>;
template class didit::BusinessesResource<didit::Client<didit::CurlTransport>>;
template class didit::TransactionsResource<didit::Client<didit::CurlTransport>>;
template class didit::TravelRuleResource<didit::Client<didit::CurlTransport>>;
template class didit::ChecksResource<didit::Client<didit::CurlTransport>>;
template class didit::WebhooksResource<didit::Client<didit::CurlTransport>>;
template class didit::SystemResource<didit::Client<didit::CurlTransport>>;
template class didit::CasesResource<didit::Client<didit::CurlTransport>>;
template class didit::CaseBlueprintsResource<didit::Client<didit::CurlTransport>>;
template class didit::ReportsResource<didit::Client<didit::CurlTransport>>;
template class didit::CustomizationResource<didit::Client<didit::CurlTransport>>;

namespace {

template <class E, class C>
bool call_route(C& client) {
    if constexpr (E::auth == didit::Auth::TransactionToken || E::auth == didit::Auth::SessionToken)
        return client
            .template call<E>(typename E::path_params{}, typename E::request{}, typename E::query{},
                              didit::CallToken<E::auth>("bench-token"))
            .ok();
    else
        return client.template call<E>(typename E::path_params{}, typename E::request{}, typename E::query{}).ok();
}

template <class C, class... E>
std::size_t call_every_route(C& client, std::tuple<E...>*) {
    return (std::size_t{0} + ... + (call_route<E>(client) ? 0U : 1U));
}

}  // namespace

// Built to be measured, not run: by default it only prints the number of routes. With `--call`
// it calls each one against a closed loopback port, so nothing ever leaves the machine.
int main(int argc, char** argv) {
    constexpr std::size_t routes = std::tuple_size_v<didit::endpoints::AllRoutes>;
    if (argc < 2 || std::string_view(argv[1]) != "--call") {
        std::cout << routes << " routes\n";
        return 0;
    }
    didit::ClientOptions options;
    options.base_url = "http://127.0.0.1:1";
    options.auth_base_url = "http://127.0.0.1:1";
    options.api_key = "sk_test_compile_cost";
    options.access_token = "compile-cost-token";
    options.retry.max_retries = 0;
    didit::Client<> client(options);
    const std::size_t failed = call_every_route(client, static_cast<didit::endpoints::AllRoutes*>(nullptr));
    std::cout << routes << " routes, " << failed << " failed (expected: all, nothing listens there)\n";
    return 0;
}
