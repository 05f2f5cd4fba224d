// SPDX-License-Identifier: MIT
// Verifies Didit webhook deliveries (headers + raw body), drops replays by event_id, and prints each event or why
// it was refused.
//
//   webhook_receiver --headers headers.txt [--body body.json] [--headers h2.txt --body b2.json ...]
//                    [--tolerance 300] [--simple]
//
// Secrets come from DIDIT_WEBHOOK_SECRET (several separated by commas during a rotation).
// A headers file holds "Name: value" lines as received; a body is read from the --body after
// its --headers or (for a single delivery) stdin, byte for byte. Deliveries are handled in order,
// as one receiver would. Exit status: 0 all verified (replays included: they are acknowledged and
// skipped), 1 one was refused, 2 usage error.
#include <didit/didit.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace {

// A signature proves who sent a body, not that it is the first time it arrives: anyone who saw
// one delivery can post it again, and it verifies until its timestamp leaves the tolerance window
// (300 s by default). Didit also retries deliveries it thinks failed. So handle each event_id
// once. This guard remembers the ids seen within the window, bounded in count; a fleet of
// receivers must share it instead (e.g. Redis: SET event:<id> 1 NX EX <tolerance>), or a replay
// sent to another instance would pass.
class ReplayGuard {
public:
    ReplayGuard(std::chrono::seconds window, std::size_t max_ids) : window_(window.count()), max_ids_(max_ids) {}

    enum class Seen { first, replay, full };

    // A delivery verifies while now is within the tolerance either side of its timestamp, at most
    // twice the tolerance: ids are kept that long, after which verify() refuses a replay itself.
    Seen check(const std::string& event_id, std::int64_t now) {
        while (!order_.empty() && order_.front().first + 2 * window_ < now) {
            seen_.erase(order_.front().second);
            order_.pop_front();
        }
        if (seen_.count(event_id) != 0) return Seen::replay;
        // Full of fresh ids: a flood of authentic deliveries. Forgetting the oldest would let its
        // replay through, so refuse for now (a server answers 503) and let Didit retry later.
        if (order_.size() >= max_ids_) return Seen::full;
        seen_.insert(event_id);
        order_.emplace_back(now, event_id);
        return Seen::first;
    }

private:
    std::int64_t window_;
    std::size_t max_ids_;
    std::unordered_set<std::string> seen_;
    std::deque<std::pair<std::int64_t, std::string>> order_;  // (first seen, event_id), oldest first
};

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
              << "\nusage: webhook_receiver --headers FILE [--body FILE] [--headers FILE --body FILE ...]\n"
                 "                        [--tolerance SECONDS] [--simple]\n"
                 "secrets: DIDIT_WEBHOOK_SECRET=secret[,previous_secret]\n";
    return 2;
}

// Verifies one delivery and prints the event (or why it was refused); false when refused.
bool handle(const didit::webhook::Verifier& verifier, ReplayGuard& replays, const std::string& header_text,
            const std::string& body) {
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

    auto event = verifier.verify(headers, body);
    if (!event) {
        std::cout << "refused (" << event.error().code << "): " << event.error().message << "\n";
        return false;
    }
    // Only now, with the body authentic, is its event_id worth remembering.
    if (event->event_id) {
        const std::int64_t now =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        const auto seen = replays.check(*event->event_id, now);
        if (seen == ReplayGuard::Seen::replay) {
            // A server answers 200 here: the event was handled, and Didit should stop retrying.
            std::cout << "duplicate event_id " << *event->event_id << ": already handled, skipped\n";
            return true;
        }
        if (seen == ReplayGuard::Seen::full) {
            std::cout << "refused (busy): too many events in the window; a server answers 503\n";
            return false;
        }
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
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    struct Delivery {
        std::string headers_path, body_path;
    };
    std::vector<Delivery> deliveries;
    didit::webhook::VerifierOptions options;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--headers" && i + 1 < argc) {
            deliveries.push_back({argv[++i], ""});
        } else if (arg == "--body" && i + 1 < argc) {
            if (deliveries.empty() || !deliveries.back().body_path.empty())
                return usage("--body must follow its --headers");
            deliveries.back().body_path = argv[++i];
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
    if (deliveries.empty()) return usage("--headers is required");
    for (const auto& d : deliveries)
        if (d.body_path.empty() && deliveries.size() > 1) return usage("several deliveries each need a --body");
    const char* env = std::getenv("DIDIT_WEBHOOK_SECRET");
    if (!env || !*env) return usage("DIDIT_WEBHOOK_SECRET is not set");
    std::vector<std::string> secrets;
    std::stringstream list(env);
    for (std::string s; std::getline(list, s, ',');)
        if (!s.empty()) secrets.push_back(s);

    const didit::webhook::Verifier verifier(secrets, options);
    ReplayGuard replays(options.tolerance, 100000);
    bool all_ok = true;
    for (const auto& d : deliveries) {
        std::string header_text, body;
        if (!read_file(d.headers_path, header_text)) return usage("cannot read the headers file");
        if (d.body_path.empty())
            body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        else if (!read_file(d.body_path, body))
            return usage("cannot read the body file");
        all_ok = handle(verifier, replays, header_text, body) && all_ok;
    }
    return all_ok ? 0 : 1;
}
