// EXPECT: this route authenticates with the session's own token; pass the SessionToken
// SPDX-License-Identifier: MIT
// Must not compile: the sandbox arm without the session's own token (it never falls back to the
// API key).
#include <didit/api/sessions.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::SessionsSandboxArm>(
        didit::SessionPath{"11111111-2222-4333-8444-555555555555"}, didit::SandboxArmRequest{});
    return r.ok() ? 0 : 1;
}
