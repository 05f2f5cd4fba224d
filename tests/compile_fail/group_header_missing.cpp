// EXPECT: incomplete
// SPDX-License-Identifier: MIT
// Must not compile: <didit/api/workflows.hpp> brings the workflows group only; a call through
// another group needs that group's header (or <didit/didit.hpp>), and says its class is incomplete.
#include <didit/api/workflows.hpp>

int main() {
    didit::MockTransport transport;
    didit::Client<didit::MockTransport> client(didit::ClientOptions{}, transport);
    return client.sessions().list().ok() ? 0 : 1;
}
