// EXPECT: an argument is not this route's path, request, query or CallOptions
// SPDX-License-Identifier: MIT
// Must not compile: BillingBalance takes no path; a WorkflowPath is some other route's argument.
#include <didit/api/billing.hpp>
#include <didit/api/workflows.hpp>

int main() {
    didit::Client<didit::MockTransport> client;
    auto r = client.call<didit::endpoints::BillingBalance>(didit::WorkflowPath{"c3d4"});
    return r.ok() ? 0 : 1;
}
