// EXPECT: a TransactionToken or SessionToken goes only to the routes that authenticate with it
// SPDX-License-Identifier: MIT
// Must not compile: a transaction token given to a route that authenticates with the API key (it
// would never be sent, and must never reach another route).
#include <didit/api/transactions.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::TransactionsGet>(
        didit::TransactionPath{"22222222-3333-4444-5555-666666666666"}, didit::TransactionToken("t"));
    return r.ok() ? 0 : 1;
}
