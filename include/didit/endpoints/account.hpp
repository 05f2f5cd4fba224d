// SPDX-License-Identifier: MIT
// Account API routes (https://apx.didit.me/auth/v2), in API-reference order.
#pragma once

#include <didit/detail/client_core.hpp>
#include <didit/endpoint.hpp>
#include <didit/models/account.hpp>
#include <didit/models/common.hpp>

namespace didit {

DIDIT_UUID_PATH(ApplicationPath, org_id, app_id);

namespace endpoints {
// clang-format off
//             name                method host     auth    path                                                 path             request             query    reply                retry-safe
DIDIT_ENDPOINT(AccountRegister,    Post, Account, None,   "/programmatic/register/",                            NoPath,          RegisterRequest,    NoQuery, RegisterResponse,    false);
DIDIT_ENDPOINT(AccountVerifyEmail, Post, Account, None,   "/programmatic/verify-email/",                        NoPath,          VerifyEmailRequest, NoQuery, VerifyEmailResponse, false);
DIDIT_ENDPOINT(AccountLogin,       Post, Account, None,   "/programmatic/login/",                               NoPath,          LoginRequest,       NoQuery, LoginResponse,       false);
DIDIT_ENDPOINT(OrganizationsList,  Get,  Account, Bearer, "/organizations/me/",                                 NoPath,          NoBody,             NoQuery, Page<Organization>,  true);
DIDIT_ENDPOINT(ApplicationGet,     Get,  Account, Bearer, "/organizations/me/{org_id}/applications/{app_id}/",  ApplicationPath, NoBody,             NoQuery, Application,         true);
// clang-format on
}  // namespace endpoints

namespace detail {
/// Registration has its own budget: 5 per IP per hour (api-notes §2.1).
template <>
struct route_rate_bucket<endpoints::AccountRegister> {
    static constexpr std::string_view value = "register";
};
}  // namespace detail
}  // namespace didit
