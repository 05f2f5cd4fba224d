// SPDX-License-Identifier: MIT
// Account API models (apx.didit.me/auth/v2): registration, email verification, login, organizations.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>

namespace didit {

/// POST /programmatic/register/ body. The password needs ≥ 8 characters with an upper-case
/// letter, a lower-case letter, a digit and a special character.
struct RegisterRequest {
    std::string email{};
    std::string password{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(RegisterRequest, email, password)

/// Reply of register (201): a code has been emailed.
struct RegisterResponse {
    std::optional<std::string> message{};
    std::optional<std::string> email{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(RegisterResponse, message, email)

/// POST /programmatic/verify-email/ body: the 6-character code from the email.
struct VerifyEmailRequest {
    std::string email{};
    std::string code{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(VerifyEmailRequest, email, code)

/// An organization as the account API reports it.
struct Organization {
    std::string uuid{};
    std::optional<std::string> name{};
    Nullable<std::string> contact_email{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Organization, uuid, name, contact_email, created_at)

/// An application and its credentials. `api_key` is the `x-api-key` for the verification API.
struct Application {
    std::string uuid{};
    std::optional<std::string> name{};
    std::optional<std::string> client_id{};
    std::optional<std::string> api_key{};
    Nullable<std::string> website_url{};
    std::optional<std::vector<std::string>> redirect_uris{};
    Nullable<std::string> terms_url{};
    Nullable<std::string> privacy_url{};
    Nullable<std::string> description{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Application, uuid, name, client_id, api_key, website_url, redirect_uris, terms_url, privacy_url,
                   description, created_at)

/// Reply of verify-email: tokens for the account API plus the new organization and
/// application, whose `api_key` should be stored.
struct VerifyEmailResponse {
    std::string access_token{};
    std::optional<std::string> refresh_token{};
    std::optional<std::int64_t> expires_in{};
    std::optional<std::string> token_type{};
    std::optional<Organization> organization{};
    std::optional<Application> application{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(VerifyEmailResponse, access_token, refresh_token, expires_in, token_type, organization, application)

/// POST /programmatic/login/ body.
struct LoginRequest {
    std::string email{};
    std::string password{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(LoginRequest, email, password)

/// Reply of login: an RS256 access token for the account API (86400 s).
struct LoginResponse {
    std::string access_token{};
    std::optional<std::string> refresh_token{};
    std::optional<std::int64_t> expires_in{};
    std::optional<std::string> message{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(LoginResponse, access_token, refresh_token, expires_in, message)

}  // namespace didit
