// SPDX-License-Identifier: MIT
// Verifies one Didit webhook delivery (headers + raw body) and prints the event or why it was refused.
//
//   webhook_receiver --headers headers.txt [--body body.json] [--tolerance 300] [--simple]
//
// Secrets come from DIDIT_WEBHOOK_SECRET (several separated by commas during a rotation).
// The headers file holds "Name: value" lines as received; the body is read from --body or
// stdin, byte for byte. Exit status: 0 verified, 1 refused, 2 usage error.
#include <didit/didit.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

int usage(const char* msg) {
    std::cerr << "webhook_receiver: " << msg
              << "\nusage: webhook_receiver --headers FILE [--body FILE] [--tolerance SECONDS] [--simple]\n"
                 "secrets: DIDIT_WEBHOOK_SECRET=secret[,previous_secret]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string headers_path, body_path;
    didit::webhook::VerifierOptions options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--headers" && i + 1 < argc) {
            headers_path = argv[++i];
        } else if (arg == "--body" && i + 1 < argc) {
            body_path = argv[++i];
        } else if (arg == "--tolerance" && i + 1 < argc) {
            char* end = nullptr;
            long v = std::strtol(argv[++i], &end, 10);
            if (!end || *end != '\0' || v < 0) return usage("--tolerance needs a number of seconds");
            options.tolerance = std::chrono::seconds(v);
        } else if (arg == "--simple") {
            options.schemes.simple = true;
        } else {
            return usage(("unknown argument " + arg).c_str());
        }
    }
    if (headers_path.empty()) return usage("--headers is required");
    const char* env = std::getenv("DIDIT_WEBHOOK_SECRET");
    if (!env || !*env) return usage("DIDIT_WEBHOOK_SECRET is not set");
    std::vector<std::string> secrets;
    std::stringstream list(env);
    for (std::string s; std::getline(list, s, ',');)
        if (!s.empty()) secrets.push_back(s);

    std::string header_text, body;
    if (!read_file(headers_path, header_text)) return usage("cannot read the headers file");
    if (body_path.empty())
        body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    else if (!read_file(body_path, body))
        return usage("cannot read the body file");

    didit::Headers headers;
    std::stringstream lines(header_text);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(" \t"));
        headers.add(line.substr(0, colon), value);
    }

    didit::webhook::Verifier verifier(secrets, options);
    auto event = verifier.verify(headers, body);
    if (!event) {
        std::cout << "refused (" << event.error().code << "): " << event.error().message << "\n";
        return 1;
    }
    // The envelope fields are decoded by verify(); decision() and metadata() on first use.
    didit::Json summary = {
        {"verified", true},
        {"webhook_type", event->webhook_type ? std::string(event->webhook_type->str()) : ""},
        {"session_id", event->session_id.value_or("")},
        {"status", event->status ? std::string(event->status->str()) : ""},
        {"timestamp", event->timestamp.value_or(0)},
    };
    if (event->event_id) summary["event_id"] = *event->event_id;
    if (const std::string* vd = event->vendor_data.get()) summary["vendor_data"] = *vd;
    if (!event->metadata().is_null()) summary["metadata"] = event->metadata();
    const auto& decision = event->decision();
    if (!decision.ok()) {
        // Authentic, but not the decision shape this SDK knows: still reachable as JSON.
        summary["decision_error"] = decision.error().message;
    } else if (const auto& d = *decision) {
        summary["decision"] = {{"session_id", d->session_id},
                               {"status", d->status ? std::string(d->status->str()) : ""},
                               {"features", d->features ? didit::Json(d->features->names) : didit::Json()}};
    }
    summary["has_decision"] = decision.ok() && decision->has_value();
    std::cout << summary.dump(2, ' ', false, didit::Json::error_handler_t::replace) << "\n";
    return 0;
}
