// SPDX-License-Identifier: MIT
// create_session: create a verification session and print its URL (as a command-line tool).
//
//   export DIDIT_API_KEY="your_key"
//   create_session --workflow-id <uuid> --vendor-data user-123
//   create_session --workflow-id <uuid> --vendor-data user-123 --callback https://myapp.com/done
//
// Prints the created session as JSON on stdout (send the user to its `url`); errors go to
// stderr with exit status 1 (API or network) or 2 (usage). DIDIT_BASE_URL points it at
// another server (e.g. a local simulator).
#include <didit/didit.hpp>

#include <iostream>
#include <optional>
#include <string>

namespace {

int usage(const std::string& why = {}) {
    if (!why.empty()) std::cerr << "create_session: " << why << "\n\n";
    std::cerr << "usage: create_session --workflow-id <uuid> --vendor-data <id> [--callback <url>]\n"
                 "Reads DIDIT_API_KEY; DIDIT_BASE_URL overrides https://verification.didit.me.\n";
    return 2;
}

int fail(const didit::Error& e) {
    std::cerr << "create_session: " << e.to_string() << '\n';
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<std::string> workflow_id, vendor_data, callback;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i], value;
        if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        }
        std::size_t eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            return usage(arg.rfind("--", 0) == 0 ? arg + " needs a value" : "unexpected argument " + arg);
        }
        if (arg == "--workflow-id")
            workflow_id = value;
        else if (arg == "--vendor-data")
            vendor_data = value;
        else if (arg == "--callback")
            callback = value;
        else
            return usage("unknown option " + arg);
    }
    if (!workflow_id || workflow_id->empty()) return usage("--workflow-id is required");
    if (!vendor_data || vendor_data->empty()) return usage("--vendor-data is required");

    didit::Client<> client;  // DIDIT_API_KEY, DIDIT_BASE_URL
    if (client.options().api_key.empty()) {
        std::cerr << "create_session: set DIDIT_API_KEY to your application's API key\n";
        return 2;
    }

    didit::SessionCreateRequest req;
    req.workflow_id = *workflow_id;
    req.vendor_data = vendor_data;
    req.callback = callback;
    auto session = client.sessions().create(req);
    if (!session) return fail(session.error());

    auto j = didit::encode_json(*session);
    if (!j) return fail(j.error());
    std::cout << j->dump(2) << '\n';
    if (session->url) std::cerr << "Send the user to: " << *session->url << '\n';
    return 0;
}
