// EXPECT: this route authenticates with a transaction token; pass the TransactionToken
// SPDX-License-Identifier: MIT
// Must not compile: a device-facing transaction route called without its transaction token (it
// never falls back to the API key).
#include <didit/api/transactions.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::TransactionsSdkGet>(
        didit::TransactionPath{"22222222-3333-4444-5555-666666666666"});
    return r.ok() ? 0 : 1;
}
