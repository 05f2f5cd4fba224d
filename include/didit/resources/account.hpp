// SPDX-License-Identifier: MIT
// client.account(): registration, email verification, login, organizations, credentials.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/account.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The account API (apx). These routes never send the API key; the two Bearer routes send
/// ClientOptions::access_token (set it from login() or verify_email()).
template <class C>
class AccountResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::account() rather than constructed directly.
    explicit AccountResource(C& client) : c_(client) {}

    /// POST /programmatic/register/ — emails a 6-character code. 5 per IP per hour.
    /// API reference: https://docs.didit.me/auth-api/register
    R<RegisterResponse> register_account(const RegisterRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::AccountRegister>(req, opts);
    }
    /// Same as register_account(const RegisterRequest&, const CallOptions&) with the two
    /// required fields. The password needs at least 8 characters with an upper-case letter, a
    /// lower-case letter, a digit and a special character; a weaker one is a BadRequest error.
    R<RegisterResponse> register_account(std::string email, std::string password) {
        return register_account(RegisterRequest{std::move(email), std::move(password), {}});
    }
    /// POST /programmatic/verify-email/ — returns tokens and the application's API key.
    /// API reference: https://docs.didit.me/auth-api/verify-email
    R<VerifyEmailResponse> verify_email(const VerifyEmailRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::AccountVerifyEmail>(req, opts);
    }
    /// Same as verify_email(const VerifyEmailRequest&, const CallOptions&) with the address
    /// and the 6-character code from the email.
    R<VerifyEmailResponse> verify_email(std::string email, std::string code) {
        return verify_email(VerifyEmailRequest{std::move(email), std::move(code), {}});
    }
    /// POST /programmatic/login/ — returns an access token for the account API.
    /// API reference: https://docs.didit.me/auth-api/login
    R<LoginResponse> login(const LoginRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::AccountLogin>(req, opts);
    }
    /// Same as login(const LoginRequest&, const CallOptions&). Repeated failures lock the
    /// account out for a while (5 failures: 15 minutes).
    R<LoginResponse> login(std::string email, std::string password) {
        return login(LoginRequest{std::move(email), std::move(password), {}});
    }
    /// GET /organizations/me/ (Bearer) — the caller's organizations.
    /// API reference: https://docs.didit.me/integration/programmatic-registration
    R<Page<Organization>> list_organizations(const CallOptions& opts = {}) {
        return c_.template call<endpoints::OrganizationsList>(opts);
    }
    /// GET /organizations/me/{org_id}/applications/{app_id}/ (Bearer) — recovers an API key.
    /// API reference: https://docs.didit.me/auth-api/get-credentials
    R<Application> get_application(std::string org_id, std::string app_id, const CallOptions& opts = {}) {
        return c_.template call<endpoints::ApplicationGet>(ApplicationPath{std::move(org_id), std::move(app_id)}, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
