// SPDX-License-Identifier: MIT
// quickstart: from a new account to a verified session, end to end, on the simulator or the real API.
//
//   quickstart                 # no DIDIT_API_KEY: runs on the in-process simulator (no network)
//   DIDIT_API_KEY=… quickstart # the real API: your key, your default workflow, a real session URL
//
// On the simulator it registers an account, reads the emailed code from the simulator's
// outbox, verifies the email (which creates the application and its API key), creates a KYC
// workflow, sets the webhook URL, creates a session and prints its URL; then it plays the end
// user (the session is approved), receives the signed webhook, verifies it with the SDK, fetches
// the decision and prints a summary. With DIDIT_API_KEY it skips what only a simulator can do
// (reading the email, finishing the session) and stops after printing the session URL.
// Exit status: 0 done, 1 an API call failed.
#include <didit/sim.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace {

int fail(const char* step, const didit::Error& e) {
    std::cerr << "quickstart: " << step << " failed: " << e.to_string() << '\n';
    return 1;
}

/// Shows that a credential exists without printing it.
std::string masked(const std::string& secret) {
    return secret.size() <= 8 ? std::string("****")
                              : secret.substr(0, 8) + "…(" + std::to_string(secret.size()) + " chars)";
}

/// The webhooks the simulator delivers in-process, verified as a real receiver would.
struct Inbox {
    std::mutex mutex;
    std::condition_variable arrived;
    std::optional<didit::webhook::Verifier> verifier;
    std::vector<didit::webhook::Event> events;
    std::vector<std::string> refused;

    /// The receiver: what your HTTP handler does with the headers and the raw body.
    int receive(const didit::HttpRequest& req) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!verifier) return 503;  // not configured yet: the simulator retries
        auto event = verifier->verify(req.headers, req.body);
        if (!event) {
            refused.push_back(event.error().message);
            arrived.notify_all();
            return 401;
        }
        events.push_back(std::move(*event));
        arrived.notify_all();
        return 200;
    }
};

/// Creates the KYC workflow of the "Zero to Verifying" flow: document, liveness, face match.
template <class Client>
didit::Result<didit::Workflow> create_kyc_workflow(Client& client) {
    didit::WorkflowCreateRequest wf;
    wf.workflow_label = std::string("Quickstart KYC");
    wf.features = std::vector<didit::WorkflowFeature>{{didit::WorkflowFeatureType::Ocr, {}, {}, {}},
                                                      {didit::WorkflowFeatureType::Liveness, {}, {}, {}},
                                                      {didit::WorkflowFeatureType::FaceMatch, {}, {}, {}}};
    return client.workflows().create(wf);
}

template <class Client>
didit::Result<didit::Session> create_session(Client& client, const std::string& workflow_id) {
    didit::SessionCreateRequest req;
    req.workflow_id = workflow_id;
    req.vendor_data = std::string("quickstart-user-42");
    req.metadata = didit::Json{{"plan", "premium"}};
    return client.sessions().create(req);
}

int run_on_real_api() {
    didit::Client<> client;  // DIDIT_API_KEY, DIDIT_BASE_URL
    std::cout << "Using the real API with your key " << masked(client.options().api_key) << ".\n";
    auto workflows = client.workflows().list();
    if (!workflows) return fail("list workflows", workflows.error());
    std::string workflow_id;
    for (const auto& w : workflows->results)
        if (w.is_default.value_or(false) && w.workflow_id) workflow_id = *w.workflow_id;
    if (workflow_id.empty()) {
        auto wf = create_kyc_workflow(client);
        if (!wf) return fail("create workflow", wf.error());
        workflow_id = wf->workflow_id.value_or(wf->uuid);
        std::cout << "1. Created workflow " << workflow_id << ".\n";
    } else {
        std::cout << "1. Using your default workflow " << workflow_id << ".\n";
    }
    auto session = create_session(client, workflow_id);
    if (!session) return fail("create session", session.error());
    std::cout << "2. Session " << session->session_id << " created. Send the user to:\n   "
              << session->url.value_or("(no url)") << "\n"
              << "   Didit will POST the result to your webhook; fetch it any time with\n"
              << "   client.sessions().get_decision(\"" << session->session_id << "\").\n";
    return 0;
}

int run_on_simulator() {
    std::cout << "No DIDIT_API_KEY set: running on the in-process Didit simulator (didit::sim).\n\n";
    auto inbox = std::make_shared<Inbox>();
    didit::sim::Options sim_options;
    sim_options.webhook_handler = [inbox](const didit::HttpRequest& req) { return inbox->receive(req); };
    auto platform = std::make_shared<didit::sim::Platform>(sim_options);

    didit::ClientOptions options;  // the account API needs no API key; it comes from verify-email
    didit::Client<didit::sim::SimTransport> account(options, didit::sim::SimTransport(platform));

    // 1. Register. Didit emails a 6-character code.
    const std::string email = "founder@acme-verification.com";
    auto reg = account.account().register_account(email, "Quickstart-Passw0rd!");
    if (!reg) return fail("register", reg.error());
    std::cout << "1. Registered " << email << ".\n";

    // 2. Verify the email with the code (read from the simulator's outbox: the "email").
    const std::string code = platform->last_code_for(email);
    auto verified = account.account().verify_email(email, code);
    if (!verified) return fail("verify email", verified.error());
    if (!verified->application || !verified->application->api_key) {
        std::cerr << "quickstart: verify-email returned no application API key\n";
        return 1;
    }
    options.api_key = *verified->application->api_key;
    std::cout << "2. Verified the email with code " << code << "; application " << verified->application->uuid
              << " has API key " << masked(options.api_key) << ".\n";

    didit::Client<didit::sim::SimTransport> client(options, didit::sim::SimTransport(platform));

    // 3. A KYC workflow.
    auto wf = create_kyc_workflow(client);
    if (!wf) return fail("create workflow", wf.error());
    const std::string workflow_id = wf->workflow_id.value_or(wf->uuid);
    std::cout << "3. Created workflow \"" << wf->workflow_label.value_or("") << "\" (" << workflow_id << ").\n";

    // 4. Where the results go: the webhook URL, and its signing secret for the receiver.
    didit::WebhookConfigUpdateRequest hook;
    hook.webhook_url = std::string("https://acme-verification.com/webhooks/didit");
    auto config = client.webhooks().update_config(hook);
    if (!config) return fail("set webhook", config.error());
    if (!config->secret_shared_key) {
        std::cerr << "quickstart: the webhook configuration has no secret\n";
        return 1;
    }
    {
        std::lock_guard<std::mutex> lock(inbox->mutex);
        inbox->verifier.emplace(*config->secret_shared_key);
    }
    std::cout << "4. Webhook URL set to " << config->webhook_url.value_or("(none)") << ".\n";

    // 5. A session for one of our users; the user would open its URL.
    auto session = create_session(client, workflow_id);
    if (!session) return fail("create session", session.error());
    std::cout << "5. Session #" << session->session_number.value_or(0) << " created: " << session->url.value_or("")
              << "\n";

    // 6. The simulated user completes the flow and is approved.
    auto done = platform->complete_session(session->session_id, didit::sim::Outcome::Approved);
    if (!done) return fail("simulate the user", done.error());
    std::cout << "6. The (simulated) user finished the verification.\n";

    // 7. The signed webhook arrives and is verified.
    {
        std::unique_lock<std::mutex> lock(inbox->mutex);
        if (!inbox->arrived.wait_for(lock, std::chrono::seconds(10),
                                     [&] { return !inbox->events.empty() || !inbox->refused.empty(); })) {
            std::cerr << "quickstart: no webhook arrived within 10 s\n";
            return 1;
        }
        if (!inbox->refused.empty()) {
            std::cerr << "quickstart: a webhook was refused: " << inbox->refused.front() << '\n';
            return 1;
        }
        const auto& ev = inbox->events.back();
        std::cout << "7. Webhook " << (ev.webhook_type ? ev.webhook_type->str() : "?") << " verified: session "
                  << ev.session_id.value_or("?") << " is " << (ev.status ? ev.status->str() : "?") << ".\n";
    }

    // 8. The decision.
    auto decision = client.sessions().get_decision(session->session_id);
    if (!decision) return fail("get decision", decision.error());
    std::cout << "8. Decision: " << (decision->status ? decision->status->str() : "?") << '\n';
    if (decision->id_verifications && !decision->id_verifications->empty()) {
        const auto& id = decision->id_verifications->front();
        std::cout << "   document: " << id.document_type.value_or("?") << " of " << id.full_name.value_or("?")
                  << ", issued by " << id.issuing_state.value_or("?") << '\n';
    }
    if (decision->liveness_checks && !decision->liveness_checks->empty() && decision->liveness_checks->front().score)
        std::cout << "   liveness score: " << *decision->liveness_checks->front().score << '\n';
    if (decision->face_matches && !decision->face_matches->empty() && decision->face_matches->front().score)
        std::cout << "   face match score: " << *decision->face_matches->front().score << '\n';
    platform->wait_for_deliveries(std::chrono::seconds(5));
    return 0;
}

}  // namespace

int main() {
    const char* key = std::getenv("DIDIT_API_KEY");
    return (key && *key) ? run_on_real_api() : run_on_simulator();
}
