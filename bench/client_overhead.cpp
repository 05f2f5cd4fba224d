// SPDX-License-Identifier: MIT
// Per-call overhead of Client<CurlTransport> over loopback, against raw libcurl + hand-written nlohmann JSON.
//
//   client_overhead serve <fixtures-dir>                 # prints "port N", serves until SIGTERM (max 10 min)
//   client_overhead run <port> <fixtures-dir> [seconds]  # "cxx <workload> <impl> <threads> <calls/s> <cpu us/call>"
//   client_overhead profile <port> didit|raw [calls]     # GETs in a row, untimed: for callgrind
//
// Both sides make the same requests to the same server (tests/fault_server.hpp in its own
// process) and decode the same replies into C++ structs: the SDK through its models, the
// baseline with libcurl's easy API (one handle per thread, reused) and nlohmann::json by hand.
// Workloads: GET a workflow (the 1.5 KB fixture) and POST a session create (fixture body and
// reply), single-threaded; then the GET from 1/2/4/8 threads sharing one Client versus one
// raw handle per thread. Run it through bench/run_client_bench.sh, which adds Python requests
// and prints the ratios.
#include <didit/didit.hpp>

#include "fault_server.hpp"

#include <curl/curl.h>
#include <signal.h>
#include <sys/resource.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

const char* const kApiKey = "sk_bench_0000000000000000000000000000000000000";
const char* const kWorkflowId = "a1b2c3d4-5678-90ab-cdef-111111111111";

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "client_overhead: %s\n", why.c_str());
    std::exit(1);
}

// ---- serve ------------------------------------------------------------------------------

int serve(const std::string& fixtures) {
    // Block the stop signals before any thread starts, then wait for one of them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    const std::string workflow = read_file(fixtures + "/workflow-get-1.json");
    const std::string session = read_file(fixtures + "/session-create-response-1.json");
    if (workflow.empty() || session.empty()) die("fixtures not found in " + fixtures);
    fault::Server::Options opts;
    opts.record = false;
    opts.idle_timeout = std::chrono::milliseconds(120000);
    opts.max_connections = 100000;
    const std::string workflow_path = std::string("/v3/workflows/") + kWorkflowId + "/";
    fault::Server server(opts, [&](const fault::Request& req) {
        if (req.method == "GET" && req.path == workflow_path) return fault::Reply::json(200, workflow);
        if (req.method == "POST" && req.path == "/v3/session/") return fault::Reply::json(201, session);
        return fault::Reply::json(404, R"({"detail":"Not found."})");
    });
    if (!server.running()) die("cannot listen on 127.0.0.1");
    std::printf("port %d\n", server.port());
    std::fflush(stdout);
    timespec limit{600, 0};
    sigtimedwait(&set, nullptr, &limit);
    server.stop();
    return 0;
}

// ---- the raw baseline -------------------------------------------------------------------

struct RawWorkflow {
    std::string uuid, workflow_id, workflow_label, workflow_type, workflow_url, status, published_at, created_at,
        updated_at;
    bool is_default = false, is_archived = false, is_simple_workflow = false, is_editable = false;
    double total_price = 0, min_price = 0, max_price = 0;
    int max_retry_attempts = 0, retry_window_days = 0, version = 0;
    long long session_expiration_time = 0;
    std::vector<std::string> features;
};

struct RawSessionRequest {
    std::string workflow_id, vendor_data, callback, callback_method, language;
    nlohmann::json metadata;
    std::string email, email_lang, phone;
    bool send_notification_emails = false;
    std::string first_name, last_name, date_of_birth, nationality, id_country;
    std::vector<std::string> expected_document_types;
};

struct RawSession {
    std::string session_id, session_token, url, vendor_data, status, workflow_id, callback;
    long long session_number = 0;
    int workflow_version = 0;
    nlohmann::json metadata;
};

template <class T>
void take(const nlohmann::json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it != j.end() && !it->is_null()) out = it->get<T>();
}

bool decode_raw(const std::string& body, RawWorkflow& w) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return false;
    take(j, "uuid", w.uuid);
    take(j, "workflow_id", w.workflow_id);
    take(j, "workflow_label", w.workflow_label);
    take(j, "workflow_type", w.workflow_type);
    take(j, "workflow_url", w.workflow_url);
    take(j, "status", w.status);
    take(j, "published_at", w.published_at);
    take(j, "created_at", w.created_at);
    take(j, "updated_at", w.updated_at);
    take(j, "is_default", w.is_default);
    take(j, "is_archived", w.is_archived);
    take(j, "is_simple_workflow", w.is_simple_workflow);
    take(j, "is_editable", w.is_editable);
    take(j, "total_price", w.total_price);
    take(j, "min_price", w.min_price);
    take(j, "max_price", w.max_price);
    take(j, "max_retry_attempts", w.max_retry_attempts);
    take(j, "retry_window_days", w.retry_window_days);
    take(j, "version", w.version);
    take(j, "session_expiration_time", w.session_expiration_time);
    w.features.clear();
    auto f = j.find("features");
    if (f != j.end() && f->is_string()) {
        std::string s = f->get<std::string>();
        std::size_t start = 0;
        while (start <= s.size()) {
            std::size_t plus = s.find('+', start);
            std::string part = s.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
            part.erase(0, part.find_first_not_of(' '));
            part.erase(part.find_last_not_of(' ') + 1);
            if (!part.empty()) w.features.push_back(part);
            if (plus == std::string::npos) break;
            start = plus + 1;
        }
    }
    return true;
}

std::string encode_raw(const RawSessionRequest& r) {
    nlohmann::json j;
    j["workflow_id"] = r.workflow_id;
    j["vendor_data"] = r.vendor_data;
    j["callback"] = r.callback;
    j["callback_method"] = r.callback_method;
    j["metadata"] = r.metadata;
    j["language"] = r.language;
    j["contact_details"] = {{"email", r.email},
                            {"send_notification_emails", r.send_notification_emails},
                            {"email_lang", r.email_lang},
                            {"phone", r.phone}};
    j["expected_details"] = {
        {"first_name", r.first_name},       {"last_name", r.last_name},
        {"date_of_birth", r.date_of_birth}, {"nationality", r.nationality},
        {"id_country", r.id_country},       {"expected_document_types", r.expected_document_types}};
    return j.dump();
}

bool decode_raw(const std::string& body, RawSession& s) {
    auto j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) return false;
    take(j, "session_id", s.session_id);
    take(j, "session_token", s.session_token);
    take(j, "url", s.url);
    take(j, "vendor_data", s.vendor_data);
    take(j, "status", s.status);
    take(j, "workflow_id", s.workflow_id);
    take(j, "callback", s.callback);
    take(j, "session_number", s.session_number);
    take(j, "workflow_version", s.workflow_version);
    auto m = j.find("metadata");
    if (m != j.end()) s.metadata = *m;
    return !s.session_id.empty();
}

/// What a careful hand-written libcurl client does: one easy handle kept per thread (so the
/// connection stays open), the headers built once, a write callback into a string.
class RawClient {
public:
    explicit RawClient(std::string base) : base_(std::move(base)) {
        h_ = curl_easy_init();
        if (!h_) die("curl_easy_init failed");
        curl_easy_setopt(h_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h_, CURLOPT_TIMEOUT_MS, 60000L);
        curl_easy_setopt(h_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
        curl_easy_setopt(h_, CURLOPT_WRITEFUNCTION, &RawClient::on_body);
        curl_easy_setopt(h_, CURLOPT_WRITEDATA, &body_);
        headers_ = curl_slist_append(headers_, (std::string("x-api-key: ") + kApiKey).c_str());
        headers_ = curl_slist_append(headers_, "Accept: application/json");
        headers_ = curl_slist_append(headers_, "Content-Type: application/json");
        headers_ = curl_slist_append(headers_, "User-Agent: raw-bench/1.0");
        headers_ = curl_slist_append(headers_, "Expect:");
        curl_easy_setopt(h_, CURLOPT_HTTPHEADER, headers_);
    }
    ~RawClient() {
        curl_easy_cleanup(h_);
        curl_slist_free_all(headers_);
    }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool get_workflow(const std::string& id, RawWorkflow& out) {
        std::string url = base_ + "/v3/workflows/" + id + "/";
        curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h_, CURLOPT_HTTPGET, 1L);
        return perform(200) && decode_raw(body_, out);
    }
    bool create_session(const RawSessionRequest& req, RawSession& out) {
        std::string url = base_ + "/v3/session/";
        std::string payload = encode_raw(req);
        curl_easy_setopt(h_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h_, CURLOPT_POSTFIELDS, payload.c_str());
        curl_easy_setopt(h_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
        return perform(201) && decode_raw(body_, out);
    }

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
        static_cast<std::string*>(user)->append(data, size * n);
        return size * n;
    }
    bool perform(long expect) {
        body_.clear();
        if (curl_easy_perform(h_) != CURLE_OK) return false;
        long status = 0;
        curl_easy_getinfo(h_, CURLINFO_RESPONSE_CODE, &status);
        return status == expect;
    }
    std::string base_;
    CURL* h_ = nullptr;
    curl_slist* headers_ = nullptr;
    std::string body_;
};

RawSessionRequest raw_request_from(const nlohmann::json& j) {
    RawSessionRequest r;
    r.workflow_id = j.at("workflow_id").get<std::string>();
    r.vendor_data = j.at("vendor_data").get<std::string>();
    r.callback = j.at("callback").get<std::string>();
    r.callback_method = j.at("callback_method").get<std::string>();
    r.metadata = j.at("metadata");
    r.language = j.at("language").get<std::string>();
    const auto& c = j.at("contact_details");
    r.email = c.at("email").get<std::string>();
    r.send_notification_emails = c.at("send_notification_emails").get<bool>();
    r.email_lang = c.at("email_lang").get<std::string>();
    r.phone = c.at("phone").get<std::string>();
    const auto& e = j.at("expected_details");
    r.first_name = e.at("first_name").get<std::string>();
    r.last_name = e.at("last_name").get<std::string>();
    r.date_of_birth = e.at("date_of_birth").get<std::string>();
    r.nationality = e.at("nationality").get<std::string>();
    r.id_country = e.at("id_country").get<std::string>();
    r.expected_document_types = e.at("expected_document_types").get<std::vector<std::string>>();
    return r;
}

// ---- timing -------------------------------------------------------------------------------

/// CPU time (user + system) the calling thread has used, in seconds.
double thread_cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_THREAD, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Rate {
    double calls_per_second = 0;  ///< wall clock, all threads together
    double cpu_us_per_call = 0;   ///< the calling threads' CPU time per call (client overhead)
};

/// Calls per second of `call` on `threads` threads for `seconds`; every call must succeed.
/// `make` builds one per-thread call (for the raw side each thread owns its handle).
Rate measure(int threads, double seconds, const std::function<std::function<bool()>()>& make) {
    std::atomic<bool> go{false}, stop{false};
    std::atomic<long> calls{0}, failures{0}, cpu_ns{0};
    std::atomic<int> ready{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            auto call = make();
            if (!call()) failures.fetch_add(1);  // warm: connection open, caches filled
            ready.fetch_add(1);
            while (!go.load()) std::this_thread::yield();
            const double cpu0 = thread_cpu_seconds();
            long n = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                if (!call()) failures.fetch_add(1);
                ++n;
            }
            cpu_ns.fetch_add(static_cast<long>((thread_cpu_seconds() - cpu0) * 1e9));
            calls.fetch_add(n);
        });
    while (ready.load() < threads) std::this_thread::yield();
    auto start = std::chrono::steady_clock::now();
    go.store(true);
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop.store(true);
    for (auto& th : pool) th.join();
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (failures.load() != 0) die(std::to_string(failures.load()) + " calls failed");
    Rate r;
    r.calls_per_second = static_cast<double>(calls.load()) / elapsed;
    r.cpu_us_per_call = static_cast<double>(cpu_ns.load()) / 1e3 / static_cast<double>(std::max(1L, calls.load()));
    return r;
}

/// Best of five alternating batches of `a` and `b`, so drift in the machine's load hits both
/// (the highest rate, and separately the lowest CPU time per call).
std::pair<Rate, Rate> best_of_pairs(int threads, double seconds, const std::function<std::function<bool()>()>& a,
                                    const std::function<std::function<bool()>()>& b) {
    Rate best_a, best_b;
    best_a.cpu_us_per_call = best_b.cpu_us_per_call = 1e18;
    auto keep = [](Rate& best, const Rate& r) {
        best.calls_per_second = std::max(best.calls_per_second, r.calls_per_second);
        best.cpu_us_per_call = std::min(best.cpu_us_per_call, r.cpu_us_per_call);
    };
    for (int round = 0; round < 5; ++round) {
        keep(best_a, measure(threads, seconds, a));
        keep(best_b, measure(threads, seconds, b));
    }
    return {best_a, best_b};
}

void print(const char* workload, const char* impl, int threads, const Rate& r) {
    std::printf("cxx %s %s %d %.1f %.2f\n", workload, impl, threads, r.calls_per_second, r.cpu_us_per_call);
    std::fflush(stdout);
}

int run(int port, const std::string& fixtures, double seconds) {
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    const std::string request_text = read_file(fixtures + "/session-create-request-1.json");
    auto request_json = nlohmann::json::parse(request_text, nullptr, false);
    if (!request_json.is_object()) die("bad session-create-request-1.json");
    const RawSessionRequest raw_request = raw_request_from(request_json);
    auto decoded = didit::decode_json<didit::SessionCreateRequest>(request_json);
    if (!decoded.ok()) die("SessionCreateRequest: " + decoded.error().to_string());
    const didit::SessionCreateRequest sdk_request = decoded.value();

    didit::ClientOptions options;
    options.api_key = kApiKey;
    options.base_url = base;
    options.rate_limit = false;
    didit::Client<didit::CurlTransport> client(options);  // one client, shared by every thread

    auto sdk_get = [&]() -> std::function<bool()> {
        return [&] {
            auto w = client.workflows().get(kWorkflowId);
            return w.ok() && w->uuid == kWorkflowId && w->features && w->features->names.size() == 3;
        };
    };
    auto raw_get = [&]() -> std::function<bool()> {
        auto raw = std::make_shared<RawClient>(base);
        return [raw] {
            RawWorkflow w;
            return raw->get_workflow(kWorkflowId, w) && w.uuid == kWorkflowId && w.features.size() == 3;
        };
    };
    auto sdk_post = [&]() -> std::function<bool()> {
        return [&] {
            auto s = client.sessions().create(sdk_request);
            return s.ok() && !s->session_id.empty();
        };
    };
    auto raw_post = [&]() -> std::function<bool()> {
        auto raw = std::make_shared<RawClient>(base);
        return [raw, &raw_request] {
            RawSession s;
            return raw->create_session(raw_request, s);
        };
    };

    auto get = best_of_pairs(1, seconds, sdk_get, raw_get);
    print("get", "didit", 1, get.first);
    print("get", "raw", 1, get.second);
    auto post = best_of_pairs(1, seconds, sdk_post, raw_post);
    print("post", "didit", 1, post.first);
    print("post", "raw", 1, post.second);
    for (int threads : {1, 2, 4, 8}) {
        auto mt = best_of_pairs(threads, seconds, sdk_get, raw_get);
        print("get-mt", "didit", threads, mt.first);
        print("get-mt", "raw", threads, mt.second);
    }
    return 0;
}

/// `calls` GET-workflow calls in a row through one implementation, untimed: the workload to run
/// under `valgrind --tool=callgrind` to compare instruction counts per call, which the shared
/// machine cannot disturb.
int profile(int port, const std::string& which, long calls) {
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    long ok = 0;
    if (which == "didit") {
        didit::ClientOptions options;
        options.api_key = kApiKey;
        options.base_url = base;
        options.rate_limit = false;
        didit::Client<didit::CurlTransport> client(options);
        for (long i = 0; i < calls; ++i) {
            auto w = client.workflows().get(kWorkflowId);
            if (w.ok() && w->uuid == kWorkflowId) ++ok;
        }
    } else if (which == "raw") {
        RawClient raw(base);
        for (long i = 0; i < calls; ++i) {
            RawWorkflow w;
            if (raw.get_workflow(kWorkflowId, w) && w.uuid == kWorkflowId) ++ok;
        }
    } else {
        die("profile: didit or raw");
    }
    if (ok != calls) die(std::to_string(calls - ok) + " calls failed");
    std::printf("profile %s: %ld calls\n", which.c_str(), calls);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "serve" && argc >= 3) return serve(argv[2]);
    if (mode == "run" && argc >= 4) return run(std::atoi(argv[2]), argv[3], argc >= 5 ? std::atof(argv[4]) : 0.4);
    if (mode == "profile" && argc >= 4)
        return profile(std::atoi(argv[2]), argv[3], argc >= 5 ? std::atol(argv[4]) : 1000);
    std::fprintf(stderr,
                 "usage: client_overhead serve <fixtures-dir>\n"
                 "       client_overhead run <port> <fixtures-dir> [seconds-per-measurement=0.4]\n"
                 "       client_overhead profile <port> didit|raw [calls=1000]\n");
    return 2;
}
