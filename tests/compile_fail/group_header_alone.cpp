// EXPECT-OK
// SPDX-License-Identifier: MIT
// Must compile and link: a program that includes only the entry headers of the groups it calls
// (here two of them), in both build modes.
#include <didit/api/billing.hpp>
#include <didit/api/workflows.hpp>

int main() {
    didit::MockTransport transport;
    transport.reply(200, R"({"uuid":"c3d4e5f6-7890-42cd-8f34-333333333333"})");
    transport.reply(200, R"({"balance":"10.00"})");
    didit::ClientOptions options;
    options.api_key = "k";
    didit::Client<didit::MockTransport> client(options, transport);
    auto wf = client.workflows().get("c3d4e5f6-7890-42cd-8f34-333333333333");
    auto balance = client.billing().balance();
    return wf.ok() && balance.ok() ? 0 : 1;
}
