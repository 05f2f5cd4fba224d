// SPDX-License-Identifier: MIT
// The program every packaging consumer builds: one real call through MockTransport, checked end to end.
//
// It includes the umbrella header exactly as a user would, so building it proves the include
// path, the C++ standard and the link flags (libcurl, libcrypto, threads) that each integration
// mode hands over. DIDIT_CONSUMER_NAME names the mode in the closing line.
#include <didit/didit.hpp>

#include <iostream>
#include <string>

#ifndef DIDIT_CONSUMER_NAME
#define DIDIT_CONSUMER_NAME "unnamed"
#endif

namespace {

int fail(const std::string& what) {
    std::cerr << "consumer " DIDIT_CONSUMER_NAME ": " << what << "\n";
    return 1;
}

}  // namespace

int main() {
    const std::string uuid = "c3d4e5f6-7890-42cd-8f34-333333333333";
    didit::MockTransport mock;
    mock.reply(200, R"({"uuid":")" + uuid + R"(","workflow_label":"My KYC","status":"published","version":3})");
    mock.reply(404, R"({"detail":"Not found."})");

    didit::ClientOptions options;
    options.api_key = "sk_test_packaging_consumer";
    options.base_url = "https://verification.didit.me";
    didit::Client<didit::MockTransport> client(options, mock);

    auto wf = client.workflows().get(uuid);
    if (!wf) return fail("workflows().get failed: " + wf.error().to_string());
    if (wf->uuid != uuid || wf->workflow_label.value_or("") != "My KYC" || wf->version.value_or(0) != 3)
        return fail("the reply did not decode as sent");

    const auto sent = mock.last_request();
    if (!sent || sent->method != didit::Method::Get) return fail("no GET was sent");
    if (sent->url != "https://verification.didit.me/v3/workflows/" + uuid + "/") return fail("wrong URL: " + sent->url);
    if (sent->headers.get("X-API-KEY") != "sk_test_packaging_consumer") return fail("the API key header is missing");

    auto missing = client.workflows().get(uuid);
    if (missing || missing.error().kind != didit::ErrorKind::NotFound || missing.error().status != 404)
        return fail("a 404 did not become a NotFound error");

    std::cout << "consumer " DIDIT_CONSUMER_NAME ": ok (didit-cpp " << DIDIT_VERSION_STRING << ", "
              << mock.request_count() << " requests)\n";
    return 0;
}
