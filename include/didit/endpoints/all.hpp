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

/// Every route of the SDK, in API-reference order (the skill document's groups: account,
/// workflows, sessions, blocklist, questionnaires, users, billing, webhook configuration;
/// then the webhook destinations, which only the OpenAPI has).
///
/// EVERY DIDIT_ENDPOINT MUST BE LISTED HERE. tests/unit-route-table.cpp walks this list and
/// checks each route against Didit's OpenAPI (method and path template), its trailing
/// slash, body and auth rules; a route left out is a route nothing checks. When you add a
/// route to an endpoints/*.hpp file, add it here in the same commit (and include the file
/// above if it is new). Issue 3's 42 routes: 37 from the skill document + 5 destinations.
using AllRoutes = std::tuple<
    // Account (apx) — skill document "Account Setup".
    AccountRegister, AccountVerifyEmail, AccountLogin, OrganizationsList, ApplicationGet,
    // Workflows.
    WorkflowsList, WorkflowsCreate, WorkflowsGet, WorkflowsUpdate, WorkflowsDelete,
    // Sessions.
    SessionsCreate, SessionsGetDecision, SessionsList, SessionsDelete, SessionsBatchDelete, SessionsUpdateStatus,
    SessionsGeneratePdf, SessionsShare, SessionsImportShared, SessionsListReviews, SessionsCreateReview,
    // Blocklist.
    BlocklistAdd, BlocklistRemove, BlocklistList,
    // Questionnaires.
    QuestionnairesList, QuestionnairesCreate, QuestionnairesGet, QuestionnairesUpdate, QuestionnairesDelete,
    // Users.
    UsersList, UsersGet, UsersUpdate, UsersDelete,
    // Billing.
    BillingBalance, BillingTopUp,
    // Webhook configuration.
    WebhookConfigGet, WebhookConfigUpdate,
    // Webhook destinations (OpenAPI; beyond the skill document).
    WebhookDestinationsList, WebhookDestinationsCreate, WebhookDestinationsGet, WebhookDestinationsUpdate,
    WebhookDestinationsDelete>;

}  // namespace endpoints
}  // namespace didit
