// SPDX-License-Identifier: MIT
// setup_account: register, verify the email, log in (as a command-line tool).
//
//   setup_account register you@gmail.com 'MyStr0ng!Pass'
//   # (check email for the 6-character code)
//   setup_account verify you@gmail.com A3K9F2      # prints api_key, org_uuid, app_uuid
//   setup_account login you@gmail.com 'MyStr0ng!Pass'
//
// These account routes (https://apx.didit.me/auth/v2) need no credential; DIDIT_AUTH_BASE_URL
// points the program at another server. Results are printed as JSON on stdout; errors go to
// stderr with exit status 1 (API or network) or 2 (usage).
#include <didit/didit.hpp>

#include <iostream>
#include <string>

namespace {

int usage(const std::string& why = {}) {
    if (!why.empty()) std::cerr << "setup_account: " << why << "\n\n";
    std::cerr << "usage:\n"
                 "  setup_account register <email> <password>   emails a 6-character code\n"
                 "  setup_account verify <email> <code>         prints api_key, org_uuid, app_uuid\n"
                 "  setup_account login <email> <password>      prints an access token for the account API\n"
                 "DIDIT_AUTH_BASE_URL overrides https://apx.didit.me/auth/v2.\n";
    return 2;
}

int fail(const didit::Error& e) {
    std::cerr << "setup_account: " << e.to_string() << '\n';
    return 1;
}

template <class T>
int print(const T& model) {
    auto j = didit::encode_json(model);
    if (!j) return fail(j.error());
    std::cout << j->dump(2) << '\n';
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help")) {
        usage();
        return 0;
    }
    if (argc != 4) return usage(argc < 2 ? std::string() : "expected a command and two arguments");
    const std::string cmd = argv[1], email = argv[2], secret = argv[3];

    didit::Client<> client;  // DIDIT_AUTH_BASE_URL; no credential needed for these routes

    if (cmd == "register") {
        auto r = client.account().register_account(email, secret);
        if (!r) return fail(r.error());
        if (int rc = print(*r)) return rc;
        std::cerr << "Check " << email << " for the 6-character code, then run: setup_account verify " << email
                  << " <code>\n";
        return 0;
    }
    if (cmd == "verify") {
        auto r = client.account().verify_email(email, secret);
        if (!r) return fail(r.error());
        // What the script prints: the key for x-api-key and the ids of the new organization
        // and application. The account tokens are not printed; `login` gets a fresh one.
        didit::Json out = didit::Json::object();
        out["api_key"] =
            r->application && r->application->api_key ? didit::Json(*r->application->api_key) : didit::Json();
        out["org_uuid"] = r->organization ? didit::Json(r->organization->uuid) : didit::Json();
        out["app_uuid"] = r->application ? didit::Json(r->application->uuid) : didit::Json();
        std::cout << out.dump(2) << '\n';
        if (out["api_key"].is_null()) {
            std::cerr << "setup_account: the reply carried no application.api_key\n";
            return 1;
        }
        std::cerr << "Next: export DIDIT_API_KEY=<api_key above>\n";
        return 0;
    }
    if (cmd == "login") {
        auto r = client.account().login(email, secret);
        if (!r) return fail(r.error());
        return print(*r);
    }
    return usage("unknown command '" + cmd + "'");
}
