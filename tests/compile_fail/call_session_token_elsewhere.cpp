// EXPECT: a TransactionToken or SessionToken goes only to the routes that authenticate with it
// SPDX-License-Identifier: MIT
// Must not compile: a session's own token given to a device-facing transaction route, beside the
// transaction token that route takes. The two kinds of call token never stand in for each other.
#include <didit/api/transactions.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::TransactionsSdkGet>(
        didit::TransactionPath{"22222222-3333-4444-5555-666666666666"}, didit::TransactionToken("t"),
        didit::SessionToken("s"));
    return r.ok() ? 0 : 1;
}
