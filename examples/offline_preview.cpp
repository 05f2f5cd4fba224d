// SPDX-License-Identifier: MIT
// Runs the "zero to verifying" calls offline through MockTransport and prints what would be sent.
//
// No account and no network: a small fake server answers each request with a payload shaped
// like Didit's, and every request is printed with its credentials masked.
#include <didit/didit.hpp>

#include <iostream>
#include <string>

namespace {

std::string masked(const std::string& name, const std::string& value) {
    if (didit::detail::iequals(name, "x-api-key") || didit::detail::iequals(name, "authorization"))
        return value.substr(0, 7) + "…(" + std::to_string(value.size()) + " chars, masked)";
    return value;
}

didit::HttpResponse json_reply(int status, std::string body) {
    didit::HttpResponse r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

// Answers like the real API would, so the example shows the decoded results too.
didit::Result<didit::HttpResponse> fake_didit(const didit::HttpRequest& req) {
    std::cout << "\n>>> " << didit::to_string(req.method) << ' ' << req.url << '\n';
    for (const auto& h : req.headers) std::cout << "    " << h.first << ": " << masked(h.first, h.second) << '\n';
    if (!req.body.empty()) std::cout << "    " << req.body << '\n';

    if (req.url.find("/programmatic/register/") != std::string::npos)
        return json_reply(201, R"({"message":"Registration successful. Check your email.","email":"you@gmail.com"})");
    if (req.url.find("/programmatic/verify-email/") != std::string::npos)
        return json_reply(200, R"({"access_token":"eyJhbGciOi.preview.token","refresh_token":"eyJ.refresh","expires_in":86400,
            "organization":{"uuid":"7d1f0c52-3f8e-4a53-9d9e-1b2a3c4d5e6f","name":"My Org"},
            "application":{"uuid":"0a9b8c7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d","client_id":"cl_preview","api_key":"sk_test_previewkey"}})");
    if (req.url.find("/v3/billing/balance/") != std::string::npos)
        return json_reply(200, R"({"balance":"12.0000","auto_refill_enabled":false,"auto_refill_amount":null,"auto_refill_threshold":null})");
    if (req.url.find("/v3/workflows/") != std::string::npos)
        return json_reply(201, R"({"uuid":"c3d4e5f6-7890-42cd-8f34-333333333333","workflow_id":"c3d4e5f6-7890-42cd-8f34-333333333333",
            "workflow_label":"My KYC","workflow_type":null,"features":"OCR + LIVENESS + FACE_MATCH","status":"published","version":1})");
    if (req.url.find("/v3/session/") != std::string::npos)
        return json_reply(201, R"({"session_id":"11111111-2222-4333-8444-555555555555","session_number":43762,
            "session_token":"3FaJ9wLqX2Mz","url":"https://verify.didit.me/en/session/3FaJ9wLqX2Mz",
            "vendor_data":"user-123","metadata":null,"status":"Not Started",
            "workflow_id":"c3d4e5f6-7890-42cd-8f34-333333333333","workflow_version":1,"callback":null})");
    return json_reply(404, R"({"detail":"Not found."})");
}

}  // namespace

int main() {
    didit::MockTransport transport;
    transport.on_request(fake_didit);

    didit::ClientOptions options;
    options.api_key = "sk_test_offline_preview_key";
    options.base_url = std::string(didit::default_base_url);  // ignore DIDIT_BASE_URL: nothing is sent
    options.auth_base_url = std::string(didit::default_auth_base_url);
    didit::Client<didit::MockTransport> client(options, transport);

    auto reg = client.account().register_account("you@gmail.com", "MyStr0ng!Pass");
    if (!reg) return std::cerr << reg.error().to_string() << '\n', 1;
    std::cout << "<<< " << reg->message.value_or("") << '\n';

    auto verified = client.account().verify_email("you@gmail.com", "A3K9F2");
    if (!verified) return std::cerr << verified.error().to_string() << '\n', 1;
    client.set_api_key(verified->application->api_key.value_or(""));
    client.set_access_token(verified->access_token);
    std::cout << "<<< organization " << verified->organization->name.value_or("?") << ", API key received\n";

    auto balance = client.billing().balance();
    if (!balance) return std::cerr << balance.error().to_string() << '\n', 1;
    std::cout << "<<< balance " << balance->balance << " credits\n";

    didit::WorkflowCreateRequest wf;
    wf.workflow_label = "My KYC";
    wf.features = std::vector<didit::WorkflowFeature>{
        {didit::WorkflowFeatureType::Ocr, std::nullopt, std::nullopt, {}},
        {didit::WorkflowFeatureType::Liveness, didit::Json{{"face_liveness_method", "passive"}}, std::nullopt, {}},
        {didit::WorkflowFeatureType::FaceMatch, std::nullopt, std::nullopt, {}},
    };
    auto workflow = client.workflows().create(wf);
    if (!workflow) return std::cerr << workflow.error().to_string() << '\n', 1;
    std::cout << "<<< workflow " << workflow->uuid << " (";
    for (const auto& f : workflow->features->names) std::cout << ' ' << f;
    std::cout << " )\n";

    didit::SessionCreateRequest sr;
    sr.workflow_id = workflow->workflow_id.value_or(workflow->uuid);
    sr.vendor_data = "user-123";
    auto session = client.sessions().create(sr);
    if (!session) return std::cerr << session.error().to_string() << '\n', 1;
    std::cout << "<<< send the user to " << session->url.value_or("?") << " (status "
              << session->status->str() << ")\n";

    std::cout << "\n" << transport.request_count() << " requests prepared; nothing left this machine.\n";
    return 0;
}
