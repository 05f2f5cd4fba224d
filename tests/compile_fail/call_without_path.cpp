// EXPECT: this route has path parameters. pass its path struct
// SPDX-License-Identifier: MIT
// Must not compile: WorkflowsGet needs its WorkflowPath argument.
#include <didit/api/workflows.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::WorkflowsGet>();
    return r.ok() ? 0 : 1;
}
