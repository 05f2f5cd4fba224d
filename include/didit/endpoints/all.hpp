// SPDX-License-Identifier: MIT
// The whole route table: every endpoints/*.hpp, and AllRoutes listing each route once.
#pragma once

#include <tuple>

#include <didit/endpoints/account.hpp>
#include <didit/endpoints/billing.hpp>
#include <didit/endpoints/blocklist.hpp>
#include <didit/endpoints/questionnaires.hpp>
#include <didit/endpoints/sessions.hpp>
#include <didit/endpoints/users.hpp>
#include <didit/endpoints/webhooks.hpp>
#include <didit/endpoints/workflows.hpp>

namespace didit {
namespace endpoints {

/// Every route of the SDK, in API-reference order (grouped as Didit's guides group them: account,
/// workflows, sessions, blocklist, questionnaires, users, billing, webhook configuration;
/// then the webhook destinations, which only the OpenAPI has), as an X-macro: DIDIT_ROUTES(X)
/// expands to X(AccountRegister) X(AccountVerifyEmail) ... One list serves AllRoutes below and
/// the per-route instantiations of a separate-compilation build (the end of didit/didit.hpp).
///
/// EVERY DIDIT_ENDPOINT MUST BE LISTED HERE. tests/unit-route-table.cpp walks this list and
/// checks each route against Didit's OpenAPI (method and path template), its trailing
/// slash, body and auth rules; a route left out is a route nothing checks. When you add a
/// route to an endpoints/*.hpp file, add it here in the same commit (and include the file
/// above if it is new).
// clang-format off
#define DIDIT_ROUTES(X)                                                                                             \
    /* Account (apx): "Account Setup". */                                                                         \
    X(AccountRegister) X(AccountVerifyEmail) X(AccountLogin) X(OrganizationsList) X(ApplicationGet)                 \
    /* Workflows. */                                                                                                \
    X(WorkflowsList) X(WorkflowsCreate) X(WorkflowsGet) X(WorkflowsUpdate) X(WorkflowsDelete)                       \
    /* Sessions. */                                                                                                 \
    X(SessionsCreate) X(SessionsGetDecision) X(SessionsList) X(SessionsDelete) X(SessionsBatchDelete)               \
    X(SessionsUpdateStatus) X(SessionsGeneratePdf) X(SessionsShare) X(SessionsImportShared) X(SessionsListReviews)  \
    X(SessionsCreateReview)                                                                                         \
    /* Blocklist. */                                                                                                \
    X(BlocklistAdd) X(BlocklistRemove) X(BlocklistList)                                                             \
    /* Questionnaires. */                                                                                           \
    X(QuestionnairesList) X(QuestionnairesCreate) X(QuestionnairesGet) X(QuestionnairesUpdate)                      \
    X(QuestionnairesDelete)                                                                                         \
    /* Users. */                                                                                                    \
    X(UsersList) X(UsersGet) X(UsersUpdate) X(UsersDelete)                                                          \
    /* Billing. */                                                                                                  \
    X(BillingBalance) X(BillingTopUp)                                                                               \
    /* Webhook configuration. */                                                                                    \
    X(WebhookConfigGet) X(WebhookConfigUpdate)                                                                      \
    /* Webhook destinations (only in the OpenAPI). */                                                             \
    X(WebhookDestinationsList) X(WebhookDestinationsCreate) X(WebhookDestinationsGet) X(WebhookDestinationsUpdate)  \
    X(WebhookDestinationsDelete)
// clang-format on

namespace detail {
template <class T>
struct tuple_tail;
template <class Head, class... Tail>
struct tuple_tail<std::tuple<Head, Tail...>> {
    using type = std::tuple<Tail...>;
};
#define DIDIT_DETAIL_ROUTE_TYPE(E) , E
}  // namespace detail

/// DIDIT_ROUTES as a type list.
using AllRoutes = detail::tuple_tail<std::tuple<void DIDIT_ROUTES(DIDIT_DETAIL_ROUTE_TYPE)>>::type;
#undef DIDIT_DETAIL_ROUTE_TYPE

}  // namespace endpoints
}  // namespace didit
