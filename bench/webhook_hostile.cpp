// SPDX-License-Identifier: MIT
// Worst-case cost of Verifier::verify on hostile bodies of max_body_bytes: CPU time and peak RSS per body.
//
//   webhook_hostile [body-bytes=8388608] [secrets=2]
//
// Each case builds one body of (about) `body-bytes`, wrapped in an object with a fresh
// `timestamp`, and verifies it once with a forged X-Signature-V2 and an X-Timestamp (what anyone
// who can reach the endpoint can send), in a child process of its own, so that every case starts
// from the same heap. The baseline is a legitimate body of the same size (KYC-like records)
// under the same forged signature; the genuine case after it runs on a heap that sign() warmed. Printed per case: the
// outcome, the CPU time of verify(), the peak RSS that verify() added (VmHWM after, less VmRSS before, the high-water
// mark reset through /proc/self/clear_refs) and both as ratios: to the body size, and to the baseline.
// bench/run_webhook_hostile.sh builds and runs it.
#include <didit/didit.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace {

constexpr std::int64_t kNow = 1767225600;

// Repeats `item` (separated by `sep`) until the body reaches about `bytes`.
std::string fill(std::size_t bytes, const std::string& open, const std::string& item, const std::string& sep,
                 const std::string& close) {
    const std::string head = "{\"timestamp\":" + std::to_string(kNow) + ",\"a\":" + open;
    const std::string tail = close + "}";
    std::string s = head;
    s.reserve(bytes + item.size() + 64);
    bool first = true;
    while (s.size() + item.size() + sep.size() + tail.size() <= bytes) {
        if (!first) s += sep;
        s += item;
        first = false;
    }
    return s + tail;
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }

// A record like a Didit decision's parts: names, scores, URLs, floats, nulls.
std::string record(std::size_t i) {
    return "{\"session_id\": \"11111111-2222-3333-4444-" + std::to_string(100000000000 + i) +
           "\", \"status\": \"Approved\", \"vendor_data\": \"Jos\xC3\xA9 \xC3\x91\xC3\xBA\xC3\xB1"
           "ez\", \"score\": 95.33, \"risk\": 12.0, \"tiny\": 1.5e-05, \"ok\": true, \"none\": null, "
           "\"url\": \"https://example.com/a/b?c=d&e=f\", \"warnings\": [\"POSSIBLE_MATCH\", \"LOW_SCORE\"]}";
}

std::string legit(std::size_t bytes) {
    std::string s = "{\"webhook_type\": \"status.updated\", \"timestamp\": " + std::to_string(kNow) +
                    ", \"event_id\": \"evt_1\", \"records\": [";
    for (std::size_t i = 0;; ++i) {
        std::string r = (i ? ", " : "") + record(i);
        if (s.size() + r.size() + 2 > bytes) break;
        s += r;
    }
    return s + "]}";
}

long status_kib(const char* field) {
    std::ifstream f("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(f, line))
        if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n + 1);
    return -1;
}

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Measure {
    char outcome[32];
    double cpu;
    long peak_kib;  // over the RSS before verify()
    std::size_t bytes;
};

// Runs verify() on make()'s body in a child; the figures come back through a pipe.
Measure measure(const std::function<std::string()>& make, bool genuine, std::size_t secrets) {
    int fds[2];
    if (pipe(fds) != 0) std::abort();
    const pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        Measure m{};
        const std::string body = make();
        m.bytes = body.size();
        std::vector<std::string> keys;
        for (std::size_t i = 0; i < secrets; ++i) keys.push_back("whsec_bench_" + std::to_string(i) + "_0123456789");
        didit::webhook::VerifierOptions o;
        o.clock = [] { return kNow; };
        const didit::webhook::Verifier verifier(keys, o);
        didit::Headers h;
        if (genuine) {
            auto signed_headers = didit::webhook::sign(body, keys.back(), kNow);
            if (!signed_headers) std::abort();
            h.set("X-Signature-V2", std::string(signed_headers->get("X-Signature-V2")));
        } else {
            h.set("X-Signature-V2", std::string(64, 'a'));
        }
        h.set("X-Timestamp", std::to_string(kNow));
        { std::ofstream("/proc/self/clear_refs") << "5"; }  // resets VmHWM to the current RSS
        const long before = status_kib("VmRSS:");
        const double t0 = cpu_seconds();
        auto r = verifier.verify(h, body);
        m.cpu = cpu_seconds() - t0;
        m.peak_kib = status_kib("VmHWM:") - before;
        std::snprintf(m.outcome, sizeof m.outcome, "%s", r ? "ok" : r.error().code.c_str());
        if (write(fds[1], &m, sizeof m) != static_cast<ssize_t>(sizeof m)) std::abort();
        _exit(0);
    }
    close(fds[1]);
    Measure m{};
    if (read(fds[0], &m, sizeof m) != static_cast<ssize_t>(sizeof m)) std::abort();
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    return m;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : std::size_t{8} * 1024 * 1024;
    const std::size_t secrets = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2;
    struct Case {
        const char* name;
        std::function<std::string()> make;
        bool genuine;
    };
    const std::vector<Case> cases = {
        {"baseline: KYC records, forged V2", [n] { return legit(n); }, false},
        {"KYC records, genuine V2 (warm heap)", [n] { return legit(n); }, true},
        {"[1e300,...] (x50 growth)", [n] { return fill(n, "[", "1e300", ",", "]"); }, false},
        {"[1e22,...] (x4.8 growth)", [n] { return fill(n, "[", "1e22", ",", "]"); }, false},
        {"[1e15,...] (x3.4, under the limit)", [n] { return fill(n, "[", "1e15", ",", "]"); }, false},
        {"[0.30000000000000004,...] slow floats", [n] { return fill(n, "[", "0.30000000000000004", ",", "]"); }, false},
        {"[1.5e-7,...] small floats", [n] { return fill(n, "[", "1.5e-7", ",", "]"); }, false},
        {"[0,0,...] a token per 2 bytes", [n] { return fill(n, "[", "0", ",", "]"); }, false},
        {"[[],[],...] empty containers", [n] { return fill(n, "[", "[]", ",", "]"); }, false},
        {"[[[...1...]]] depth 511, repeated", [n] { return fill(n, "[", nested(510), ",", "]"); }, false},
        {"depth 600 (over max_depth)", [n] { return fill(n, "", nested(600), ",", ""); }, false},
        {"{\"k0\":0,...} nested, reverse order",
         [n] {
             std::string s = "{";
             for (std::size_t i = n / 12; i-- > 0 && s.size() + 16 < n - 40;)
                 s += (s.size() > 1 ? ",\"" : "\"") + std::to_string(i) + "\":0";
             return "{\"timestamp\":" + std::to_string(kNow) + ",\"a\":" + s + "}}";
         },
         false},
        {"top-level {\"k\":0,...} members",
         [n] {
             std::string s = "{\"timestamp\":" + std::to_string(kNow);
             for (std::size_t i = 0; s.size() + 16 < n; ++i) s += ",\"" + std::to_string(i) + "\":0";
             return s + "}";
         },
         false},
        {"top-level duplicate keys",
         [n] {
             std::string s = "{\"timestamp\":" + std::to_string(kNow);
             while (s.size() + 8 < n) s += ",\"a\":0";
             return s + "}";
         },
         false},
        {"top-level empty duplicate keys",
         [n] {
             std::string s = "{\"timestamp\":" + std::to_string(kNow);
             while (s.size() + 8 < n) s += ",\"\":0";
             return s + "}";
         },
         false},
        {"one string of \\u0001 escapes", [n] { return fill(n, "\"", "\\u0001", "", "\""); }, false},
        {"one string of \\n escapes", [n] { return fill(n, "\"", "\\n", "", "\""); }, false},
        {"one string of DEL (ASCII form x6)", [n] { return fill(n, "\"", "\x7f", "", "\""); }, false},
        {"one string of U+00E9 (ASCII form x3)", [n] { return fill(n, "\"", "\xC3\xA9", "", "\""); }, false},
        {"[\"\\u00e9\",...] short escaped strings", [n] { return fill(n, "[", "\"\\u00e9\"", ",", "]"); }, false},
        {"one huge integer", [n] { return fill(n, "", "9", "", ""); }, false},
        {"[-0,...]", [n] { return fill(n, "[", "-0", ",", "]"); }, false},
    };
    std::printf("body %zu bytes, %zu secrets; ratios: peak RSS / body, and CPU and peak against the baseline\n", n,
                secrets);
    std::printf("%-40s %-20s %9s %9s %7s %8s %8s\n", "case", "outcome", "cpu ms", "peak MiB", "x body", "cpu/base",
                "rss/base");
    double base_cpu = 0;
    long base_peak = 0;
    for (const auto& c : cases) {
        const Measure m = measure(c.make, c.genuine, secrets);
        if (base_cpu == 0) {
            base_cpu = m.cpu;
            base_peak = m.peak_kib > 0 ? m.peak_kib : 1;
        }
        std::printf("%-40s %-20s %9.1f %9.1f %7.2f %8.2f %8.2f\n", c.name, m.outcome, m.cpu * 1e3,
                    static_cast<double>(m.peak_kib) / 1024.0,
                    static_cast<double>(m.peak_kib) * 1024.0 / static_cast<double>(m.bytes), m.cpu / base_cpu,
                    static_cast<double>(m.peak_kib) / static_cast<double>(base_peak));
    }
    return 0;
}
