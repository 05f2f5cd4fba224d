// SPDX-License-Identifier: MIT
// clang-tidy probe for the simulator: instantiates didit::sim::Platform and a Client on SimTransport
// so that every header under sim/include/didit/sim/ is analysed (tools/check.sh, "clang-tidy on the headers").
#include <didit/sim.hpp>

#include <iostream>
#include <memory>

// Built to be analysed; running it is harmless (everything stays in memory).
int main() {
    auto platform = std::make_shared<didit::sim::Platform>();
    didit::ClientOptions options;
    options.api_key = platform->api_key();
    didit::Client<didit::sim::SimTransport> client(options, didit::sim::SimTransport(platform));
    auto page = client.workflows().list();
    if (!page) {
        std::cerr << page.error().to_string() << "\n";
        return 1;
    }
    std::cout << page->results.size() << " workflows\n";
    return 0;
}
