// SPDX-License-Identifier: MIT
// Compile-cost probe: one_call.cpp through the umbrella header, which brings every group.
#include <didit/didit.hpp>

#include <iostream>

// Built to be measured; the benchmark never runs it (it would call the real API).
int main(int argc, char** argv) {
    didit::Client<> client;  // API key from DIDIT_API_KEY
    auto wf = client.workflows().get(argc > 1 ? argv[1] : "c3d4e5f6-7890-42cd-8f34-333333333333");
    if (!wf) {
        std::cerr << wf.error().to_string() << "\n";
        return 1;
    }
    std::cout << wf->uuid << " " << wf->workflow_label.value_or("") << " v" << wf->version.value_or(0) << "\n";
    return 0;
}
