// SPDX-License-Identifier: MIT
// Account API routes (https://apx.didit.me/auth/v2), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/account.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// `org_id` and `app_id` of ApplicationGet: canonical UUIDs (from verify-email's reply or
/// OrganizationsList), checked before sending.
DIDIT_UUID_PATH(ApplicationPath, org_id, app_id);

namespace endpoints {
// clang-format off
//             name                method host     auth    path                                                 path             request             query    reply                retry-safe
/// POST /programmatic/register/ — creates an account and emails it a 6-character code; 5 per IP per hour.
/// API reference: https://docs.didit.me/auth-api/register
DIDIT_ENDPOINT(AccountRegister,    Post, Account, None,   "/programmatic/register/",                            NoPath,          RegisterRequest,    NoQuery, RegisterResponse,    false);
/// POST /programmatic/verify-email/ — confirms the emailed code; replies with tokens and the first
/// application's API key.
/// API reference: https://docs.didit.me/auth-api/verify-email
DIDIT_ENDPOINT(AccountVerifyEmail, Post, Account, None,   "/programmatic/verify-email/",                        NoPath,          VerifyEmailRequest, NoQuery, VerifyEmailResponse, false);
/// POST /programmatic/login/ — exchanges email and password for an access token (Bearer) for the account API.
/// API reference: https://docs.didit.me/auth-api/login
DIDIT_ENDPOINT(AccountLogin,       Post, Account, None,   "/programmatic/login/",                               NoPath,          LoginRequest,       NoQuery, LoginResponse,       false);
/// GET /organizations/me/ — the caller's organizations (Bearer). No page of its own; see the programmatic
/// registration guide.
/// API reference: https://docs.didit.me/integration/programmatic-registration
DIDIT_ENDPOINT(OrganizationsList,  Get,  Account, Bearer, "/organizations/me/",                                 NoPath,          NoBody,             NoQuery, Page<Organization>,  true);
/// GET /organizations/me/{org_id}/applications/{app_id}/ — one application's record with its `api_key`
/// (Bearer); recovers a lost key.
/// API reference: https://docs.didit.me/auth-api/get-credentials
DIDIT_ENDPOINT(ApplicationGet,     Get,  Account, Bearer, "/organizations/me/{org_id}/applications/{app_id}/",  ApplicationPath, NoBody,             NoQuery, Application,         true);
// clang-format on
}  // namespace endpoints

namespace detail {
/// Registration has its own budget: 5 per IP per hour.
template <>
struct route_rate_bucket<endpoints::AccountRegister> {
    static constexpr std::string_view value = "register";
};
}  // namespace detail
}  // namespace didit
