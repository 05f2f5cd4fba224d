// SPDX-License-Identifier: MIT
// custom_policy: your own steps in the client's pipeline: a request id on every call, and each attempt timed.
//
//   export DIDIT_API_KEY="your_key"
//   custom_policy            # lists your workflows, printing one line per HTTP attempt on stderr
//
// Every call passes through the pipeline's steps on its way to the transport and back (see
// didit::Policy). Steps in ClientOptions::per_call_policies run once per call, outside the
// built-in retries; steps in per_attempt_policies run on every attempt, next to the transport.
// DIDIT_BASE_URL points it at another server (e.g. a local simulator).
#include <didit/didit.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace {

/// Once per call: an `X-Request-Id` that stays the same across the call's retries, so the
/// server's logs and ours can be matched up.
class RequestIdStep : public didit::Policy {
public:
    std::optional<didit::Error> before_attempt(didit::HttpRequest& request, didit::CallContext&) override {
        request.headers.set("X-Request-Id", new_id());
        return std::nullopt;
    }

private:
    std::string new_id() {
        std::lock_guard<std::mutex> lock(mutex_);  // one step serves every thread of the client
        char text[40];
        std::snprintf(text, sizeof text, "req-%016llx", static_cast<unsigned long long>(random_()));
        return text;
    }
    std::mutex mutex_;
    std::mt19937_64 random_{std::random_device{}()};
};

/// On every attempt: how long the transport took, and what came back.
class AttemptTimer : public didit::Policy {
public:
    std::optional<std::chrono::milliseconds> after_attempt(const didit::HttpRequest& request,
                                                           didit::Result<didit::HttpResponse>& result,
                                                           didit::CallContext& call) override {
        std::cerr << call.route << " attempt " << call.attempt << ": "
                  << (result.ok() ? "HTTP " + std::to_string(result.value().status)
                                  : std::string(didit::to_string(result.error().kind)))
                  << " in " << call.attempt_duration.count() << " ms, " << request.headers.get("X-Request-Id") << '\n';
        return std::nullopt;
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1) {
        std::cerr << "usage: custom_policy\n"
                     "Lists your workflows with a request id on every call and a line per HTTP attempt.\n"
                     "Reads DIDIT_API_KEY; DIDIT_BASE_URL overrides https://verification.didit.me.\n";
        return std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ? 0 : 2;
    }
    didit::ClientOptions options;
    options.per_call_policies.push_back(std::make_shared<RequestIdStep>());
    options.per_attempt_policies.push_back(std::make_shared<AttemptTimer>());
    didit::Client<> client(options);

    auto workflows = client.workflows().list();
    if (!workflows) {
        std::cerr << "custom_policy: " << workflows.error().to_string() << '\n';
        return 1;
    }
    std::cout << workflows.value().results.size() << " workflows\n";
    return 0;
}
