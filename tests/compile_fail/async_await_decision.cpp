// EXPECT: await_decision is synchronous
// SPDX-License-Identifier: MIT
// Must not compile: await_decision blocks, so the asynchronous view does not offer it.
#include <didit/api/sessions.hpp>

#include <chrono>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.async().sessions().await_decision("11111111-2222-4333-8444-555555555555",
                                                      std::chrono::steady_clock::now());
    return r.ok() ? 0 : 1;
}
