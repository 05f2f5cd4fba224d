// EXPECT-OK
// SPDX-License-Identifier: MIT
// Must compile: the correct form of every misuse in this directory, so that their failures are
// known to come from the misuse and not from a broken include or a typo.
#include <string>

#include <didit/api/account.hpp>
#include <didit/api/billing.hpp>
#include <didit/api/sessions.hpp>
#include <didit/api/transactions.hpp>
#include <didit/api/workflows.hpp>

namespace cf {
DIDIT_PATH(GoodPath, settings_uuid);
DIDIT_ENDPOINT(GoodGet, Get, Verification, ApiKey, "/v3/workflows/{settings_uuid}/", GoodPath, didit::NoBody,
               didit::NoQuery, didit::Empty, true);
DIDIT_ENDPOINT(GoodPost, Post, Verification, ApiKey, "/v3/billing/top-up/", didit::NoPath, didit::TopUpRequest,
               didit::NoQuery, didit::TopUpResponse, false);
DIDIT_ENDPOINT(GoodAccount, Get, Account, Bearer, "/organizations/me/", didit::NoPath, didit::NoBody, didit::NoQuery,
               didit::Empty, true);
DIDIT_ENDPOINT(GoodOpen, Post, Account, None, "/programmatic/login/", didit::NoPath, didit::LoginRequest,
               didit::NoQuery, didit::LoginResponse, false);
}  // namespace cf

int main() {
    didit::Client<didit::MockTransport> client;
    auto a = client.call<didit::endpoints::WorkflowsGet>(didit::WorkflowPath{"c3d4"});
    auto b = client.call<didit::endpoints::BillingBalance>(didit::CallOptions{});
    auto c = client.call<cf::GoodGet>(cf::GoodPath{"x"});
    auto d = client.call<cf::GoodPost>(didit::TopUpRequest{});
    auto e = client.call<didit::endpoints::TransactionsSdkGet>(
        didit::TransactionPath{"22222222-3333-4444-5555-666666666666"}, didit::TransactionToken("t"));
    auto f = client.call<didit::endpoints::SessionsSandboxArm>(
        didit::SessionPath{"11111111-2222-4333-8444-555555555555"}, didit::SessionToken("s"), didit::SandboxArmRequest{});
    didit::Nullable<int> n;
    n = 5;
    n = nullptr;
    didit::Nullable<std::string> s;
    s = std::string("5");
    return (a.ok() || b.ok() || c.ok() || d.ok() || e.ok() || f.ok() || n.has_value() || s.is_null()) ? 1 : 0;
}
