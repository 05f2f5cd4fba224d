// SPDX-License-Identifier: MIT
// The README's example, built by CI so the README stays true (tools/check.sh compares them).
#include <didit/didit.hpp>
#include <iostream>

int main() {
    didit::Client<> client;  // API key from DIDIT_API_KEY

    didit::WorkflowCreateRequest wf;
    wf.workflow_label = "My KYC";
    wf.features = {{didit::WorkflowFeatureType::Ocr},
                   {didit::WorkflowFeatureType::Liveness},
                   {didit::WorkflowFeatureType::FaceMatch}};
    auto workflow = client.workflows().create(wf);
    if (!workflow) return std::cerr << workflow.error().to_string() << "\n", 1;

    didit::SessionCreateRequest req;
    req.workflow_id = workflow->uuid;
    req.vendor_data = "user-123";
    auto session = client.sessions().create(req);
    if (!session) return std::cerr << session.error().to_string() << "\n", 1;
    std::cout << "Send the user to " << session->url.value_or("") << "\n";
}
