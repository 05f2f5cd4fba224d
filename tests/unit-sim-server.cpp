// SPDX-License-Identifier: MIT
// The curl transport end to end: every SDK route against the real didit-sim binary over HTTP.
#include <didit/sim.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include "httplib_quiet.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#ifndef DIDIT_SIM_BINARY
#error "DIDIT_SIM_BINARY must name the didit-sim executable"
#endif

extern char** environ;

namespace {

using didit::Method;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

const std::string kSeededKey = "sk_test_e2e_SeededKey00000000000000000000000000000000";
const std::string kSeededSecret = "e2e_webhook_secret_0000000000000000000000000";

/// Reads what `fd` has until `stop(buffer)` or the deadline; false on timeout or EOF first.
template <class Stop>
bool read_until(int fd, std::string& buffer, Clock::time_point deadline, Stop stop) {
    while (!stop(buffer)) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        pollfd p{fd, POLLIN, 0};
        int n = ::poll(&p, 1, static_cast<int>(left));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        char chunk[512];
        ssize_t got = ::read(fd, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        buffer.append(chunk, static_cast<std::size_t>(got));
    }
    return true;
}

/// Waits at most `limit` for `pid` to exit; its exit status, or nullopt (still running).
std::optional<int> wait_exit(pid_t pid, milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    for (;;) {
        int status = 0;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (r < 0 && errno != EINTR) return -1;
        if (Clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(milliseconds(10));
    }
}

/// didit-sim run with `args`; stdout (and stderr when `capture_stderr`) come back through
/// pipes. Owns the process: one still running when this goes away (a failed REQUIRE) is killed.
class Child {
public:
    Child(const std::vector<std::string>& args, bool capture_stderr) {
        int out_pipe[2], err_pipe[2] = {-1, -1};
        REQUIRE(::pipe(out_pipe) == 0);
        out_ = out_pipe[0];
        if (capture_stderr) {
            REQUIRE(::pipe(err_pipe) == 0);
            err_ = err_pipe[0];
        }
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
        posix_spawn_file_actions_addclose(&fa, out_pipe[0]);
        posix_spawn_file_actions_addclose(&fa, out_pipe[1]);
        if (capture_stderr) {
            posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
            posix_spawn_file_actions_addclose(&fa, err_pipe[0]);
            posix_spawn_file_actions_addclose(&fa, err_pipe[1]);
        }
        std::vector<std::string> all{DIDIT_SIM_BINARY};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(&a[0]);
        argv.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, DIDIT_SIM_BINARY, &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        ::close(out_pipe[1]);
        if (capture_stderr) ::close(err_pipe[1]);
        if (rc != 0) pid_ = -1;
        REQUIRE_MESSAGE(rc == 0, "posix_spawn " << DIDIT_SIM_BINARY << " failed");
    }
    ~Child() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            (void)wait_exit(pid_, seconds(10));
        }
        if (out_ >= 0) ::close(out_);
        if (err_ >= 0) ::close(err_);
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    int out() const { return out_; }
    int err() const { return err_; }
    /// Waits at most `limit` for the exit status (nullopt: still running).
    std::optional<int> wait(milliseconds limit) {
        if (pid_ <= 0) return std::nullopt;
        auto st = wait_exit(pid_, limit);
        if (st) pid_ = -1;
        return st;
    }
    /// Sends `sig` and waits at most 10 s for the exit status.
    std::optional<int> signal_and_wait(int sig) {
        if (pid_ <= 0) return std::nullopt;
        ::kill(pid_, sig);
        return wait(seconds(10));
    }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    int err_ = -1;
};

/// A didit-sim process on a free loopback port for one test. The destructor kills it if the
/// test did not stop it (a failed REQUIRE); `stop()` is the clean SIGTERM path.
class SimServer {
public:
    /// `log`: run without --quiet and keep stderr (read it with `log_after_stop()`).
    explicit SimServer(const std::vector<std::string>& extra = {}, bool log = false) : child_(args(extra, log), log) {
        std::string line;
        const bool got = read_until(child_.out(), line, Clock::now() + seconds(20),
                                    [](const std::string& b) { return b.find('\n') != std::string::npos; });
        REQUIRE_MESSAGE(got, "didit-sim printed no listening line within 20 s (got '" << line << "')");
        const std::string prefix = "didit-sim listening on http://127.0.0.1:";
        REQUIRE(line.rfind(prefix, 0) == 0);
        line.resize(line.find('\n'));
        port_ = std::atoi(line.c_str() + prefix.size());
        REQUIRE(port_ > 0);
        REQUIRE(line == prefix + std::to_string(port_));  // exactly one line, nothing else
        base_ = "http://127.0.0.1:" + std::to_string(port_);
    }
    SimServer(const SimServer&) = delete;
    SimServer& operator=(const SimServer&) = delete;

    const std::string& base() const { return base_; }
    int port() const { return port_; }

    /// Sends `sig` and returns the exit status (nullopt: not gone within 10 s).
    std::optional<int> stop(int sig = SIGTERM) { return child_.signal_and_wait(sig); }

    /// Everything the server wrote on stderr (after stop(): up to EOF, at most 10 s).
    std::string log_after_stop() {
        std::string text;
        if (child_.err() >= 0)
            (void)read_until(child_.err(), text, Clock::now() + seconds(10), [](const std::string&) { return false; });
        return text;
    }

    didit::ClientOptions options(const std::string& key = kSeededKey) const {
        didit::ClientOptions o;
        o.base_url = base_;
        o.auth_base_url = base_ + "/auth/v2";
        o.api_key = key;
        o.retry.max_retries = 0;
        o.rate_limit = false;
        o.timeout = seconds(20);
        o.deadline = seconds(30);
        return o;
    }

    /// A raw request to the server (control routes, and shapes the SDK hides).
    didit::HttpResponse raw(Method m, const std::string& target, const std::string& body = {},
                            didit::Headers headers = {}) {
        didit::HttpRequest req;
        req.method = m;
        req.url = base_ + target;
        req.headers = std::move(headers);
        if (!body.empty()) {
            req.body = body;
            if (!req.headers.contains("content-type")) req.headers.set("Content-Type", "application/json");
        }
        req.timeout = seconds(20);
        auto r = transport_.send(req);
        REQUIRE_MESSAGE(r.ok(), "transport error: " << r.error().to_string());
        return r.value();
    }
    didit::Json raw_json(Method m, const std::string& target, const didit::Json& body = nullptr, int want = 200) {
        auto r = raw(m, target, body.is_null() ? std::string() : body.dump());
        INFO(target << " -> " << r.status << " " << r.body);
        REQUIRE(r.status == want);
        auto j = didit::Json::parse(r.body, nullptr, false);
        REQUIRE_FALSE(j.is_discarded());
        return j;
    }

    /// The simulated end user finishes session `id` (POST /_sim/sessions/{id}/complete/).
    void complete(const std::string& id, const std::string& outcome = "approved") {
        auto r = raw(Method::Post, "/_sim/sessions/" + id + "/complete/", didit::Json{{"outcome", outcome}}.dump());
        INFO("complete " << id << " -> " << r.status << " " << r.body);
        REQUIRE(r.status >= 200);
        REQUIRE(r.status < 300);
    }
    /// How many webhook deliveries went to the application-level ("legacy") URL so far.
    std::size_t legacy_deliveries() {
        auto all = raw_json(Method::Get, "/_sim/deliveries/");
        std::size_t n = 0;
        for (const auto& d : all) n += d.is_object() && d.value("destination", "") == "legacy" ? 1u : 0u;
        return n;
    }
    /// The newest code mailed to `email` (GET /_sim/outbox/).
    std::string code_for(const std::string& email) {
        auto box = raw_json(Method::Get, "/_sim/outbox/");
        REQUIRE(box.is_array());
        std::string code;
        for (const auto& m : box)
            if (m.is_object() && m.value("to", "") == email) code = m.value("code", "");
        return code;
    }

private:
    static std::vector<std::string> args(const std::vector<std::string>& extra, bool log) {
        // A proxy configured in the environment must not capture loopback traffic.
        ::setenv("no_proxy", "127.0.0.1,localhost", 1);
        std::vector<std::string> a{"--port", "0", "--api-key", kSeededKey, "--webhook-secret", kSeededSecret};
        if (!log) a.push_back("--quiet");
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    }

    Child child_;
    int port_ = 0;
    std::string base_;
    didit::CurlTransport transport_;
};

using SimClient = didit::Client<didit::CurlTransport>;

/// A TCP connection to 127.0.0.1:`port` (-1 on failure), closed by the destructor.
struct Socket {
    explicit Socket(int port) {
        fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ~Socket() {
        if (fd >= 0) ::close(fd);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    bool send_all(const std::string& bytes) const {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }
    int fd = -1;
};

/// Sends `request` as it is (it should say `Connection: close`) and returns everything the server
/// answered until it closed the connection (at most 20 s).
std::string exchange(int port, const std::string& request) {
    Socket s(port);
    REQUIRE(s.fd >= 0);
    REQUIRE(s.send_all(request));
    std::string reply;
    (void)read_until(s.fd, reply, Clock::now() + seconds(20), [](const std::string&) { return false; });
    return reply;
}

/// Registers and verifies a fresh account; the new application's credentials.
struct NewAccount {
    std::string email, api_key, access_token, org_id, app_id;
};
NewAccount make_account(SimServer& sim, const std::string& email) {
    SimClient anon(sim.options(""));
    auto reg = anon.account().register_account(email, "MyStr0ng!Pass");
    REQUIRE_MESSAGE(reg.ok(), reg.error().to_string());
    CHECK(reg->email == email);
    const std::string code = sim.code_for(email);
    REQUIRE(code.size() == 6);
    auto ver = anon.account().verify_email(email, code);
    REQUIRE_MESSAGE(ver.ok(), ver.error().to_string());
    REQUIRE(ver->application);
    REQUIRE(ver->organization);
    REQUIRE(ver->application->api_key);
    NewAccount a;
    a.email = email;
    a.api_key = *ver->application->api_key;
    a.access_token = ver->access_token;
    a.org_id = ver->organization->uuid;
    a.app_id = ver->application->uuid;
    return a;
}

/// A published KYC workflow (OCR, LIVENESS, FACE_MATCH) of the client's application.
didit::Workflow make_workflow(SimClient& c, const std::string& label) {
    didit::WorkflowCreateRequest req;
    req.workflow_label = label;
    req.features = std::vector<didit::WorkflowFeature>{{didit::WorkflowFeatureType::Ocr},
                                                       {didit::WorkflowFeatureType::Liveness},
                                                       {didit::WorkflowFeatureType::FaceMatch}};
    auto wf = c.workflows().create(req);
    REQUIRE_MESSAGE(wf.ok(), wf.error().to_string());
    return wf.value();
}

didit::Session make_session(SimClient& c, const didit::Workflow& wf, const std::string& vendor_data) {
    didit::SessionCreateRequest req;
    req.workflow_id = wf.workflow_id.value_or(wf.uuid);
    req.vendor_data = vendor_data;
    auto s = c.sessions().create(req);
    REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    return s.value();
}

/// A webhook endpoint on 127.0.0.1 (cpp-httplib) that records what it receives.
class Receiver {
public:
    struct Got {
        std::string path;
        didit::Headers headers;
        std::string body;
    };

    Receiver() {
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
            Got g;
            g.path = req.path;
            for (const auto& h : req.headers) g.headers.add(h.first, h.second);
            g.body = req.body;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                got_.push_back(std::move(g));
            }
            cv_.notify_all();
            res.status = 200;
            res.set_content("ok", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        REQUIRE(port_ > 0);
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        const auto deadline = Clock::now() + seconds(10);
        while (!server_.is_running() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(5));
        REQUIRE(server_.is_running());
    }
    ~Receiver() {
        server_.stop();
        if (thread_.joinable()) thread_.join();
    }
    Receiver(const Receiver&) = delete;
    Receiver& operator=(const Receiver&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

    /// The first delivery to `path` whose body contains `needle`, waiting at most 15 s.
    std::optional<Got> wait_for(const std::string& path, const std::string& needle) {
        std::unique_lock<std::mutex> lock(mutex_);
        std::optional<Got> found;
        cv_.wait_for(lock, seconds(15), [&] {
            for (const auto& g : got_)
                if (g.path == path && g.body.find(needle) != std::string::npos) {
                    found = g;
                    return true;
                }
            return false;
        });
        return found;
    }
    std::size_t count(const std::string& path) {
        std::lock_guard<std::mutex> lock(mutex_);
        std::size_t n = 0;
        for (const auto& g : got_) n += g.path == path ? 1u : 0u;
        return n;
    }

private:
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Got> got_;
};

}  // namespace

TEST_CASE("didit-sim: one listening line, raw HTTP shapes, clean SIGTERM and SIGINT") {
    {
        SimServer sim;
        // Control route, no credentials.
        auto box = sim.raw_json(Method::Get, "/_sim/outbox/");
        CHECK(box == didit::Json::array());
        // Django's APPEND_SLASH: 301 to the slashed path, query kept percent-encoded.
        auto moved = sim.raw(Method::Get, "/v3/sessions?vendor_data=a%20b&limit=5");
        CHECK(moved.status == 301);
        CHECK(moved.headers.get("location") == "/v3/sessions/?vendor_data=a%20b&limit=5");
        // Malformed path uuid: the router's HTML 404.
        auto html = sim.raw(Method::Get, "/v3/session/not-a-uuid/decision/", {}, {{"x-api-key", kSeededKey}});
        CHECK(html.status == 404);
        CHECK(html.headers.get("content-type").substr(0, 9) == "text/html");
        // Auth failures are 403 {"detail": …} (api-notes §4.2).
        auto denied = sim.raw(Method::Get, "/v3/billing/balance/", {}, {{"x-api-key", "sk_test_wrong"}});
        CHECK(denied.status == 403);
        CHECK(denied.body.find("\"detail\"") != std::string::npos);
        // Non-JSON bodies are a 415 (the body and content type reach the engine untouched).
        auto bad = sim.raw(Method::Post, "/v3/workflows/", "a=b",
                           {{"x-api-key", kSeededKey}, {"Content-Type", "application/x-www-form-urlencoded"}});
        CHECK(bad.status == 415);
        // Every reply carries a request id.
        CHECK_FALSE(moved.headers.get("x-request-id").empty());
        auto st = sim.stop(SIGTERM);
        REQUIRE(st.has_value());
        CHECK(*st == 0);
    }
    {
        SimServer sim;
        auto st = sim.stop(SIGINT);
        REQUIRE(st.has_value());
        CHECK(*st == 0);
    }
}

TEST_CASE("didit-sim's log: one line per request (method, path, status), the emailed code, no secrets") {
    SimServer sim({}, true);
    NewAccount acct = make_account(sim, "e2e-log@gmail.com");
    SimClient c(sim.options(acct.api_key));
    REQUIRE(c.billing().balance().ok());
    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
    const std::string log = sim.log_after_stop();
    INFO(log);
    CHECK(log.find("POST /auth/v2/programmatic/register/ -> 201") != std::string::npos);
    CHECK(log.find("POST /auth/v2/programmatic/verify-email/ -> 200") != std::string::npos);
    CHECK(log.find("GET /v3/billing/balance/ -> 200") != std::string::npos);
    CHECK(log.find("e2e-log@gmail.com") != std::string::npos);  // the "email" with its code
    // Only the simulator's own default key would be printed; a key given with --api-key is not.
    CHECK(log.find("export DIDIT_API_KEY=<the key given with --api-key>") != std::string::npos);
    CHECK(log.find(kSeededKey) == std::string::npos);
    CHECK(log.find(acct.api_key) == std::string::npos);
    CHECK(log.find(acct.access_token) == std::string::npos);
    CHECK(log.find("MyStr0ng!Pass") == std::string::npos);
    CHECK(log.find(kSeededSecret) == std::string::npos);
}

TEST_CASE("didit-sim: bad flags print the usage and exit 2; --help exits 0") {
    const std::vector<std::vector<std::string>> bad = {
        {"--bogus"}, {"--port", "99999"}, {"--port"}, {"--balance", "ten"}, {"--api-key"}};
    for (const auto& args : bad) {
        Child c(args, true);
        std::string err;
        (void)read_until(c.err(), err, Clock::now() + seconds(10), [](const std::string&) { return false; });
        auto st = c.wait(seconds(10));
        INFO("args: " << args[0]);
        REQUIRE(st.has_value());
        CHECK(*st == 2);
        CHECK(err.find("usage: didit-sim") != std::string::npos);
    }
    Child help({"--help"}, true);
    std::string err;
    (void)read_until(help.err(), err, Clock::now() + seconds(10), [](const std::string&) { return false; });
    auto st = help.wait(seconds(10));
    REQUIRE(st.has_value());
    CHECK(*st == 0);
    CHECK(err.find("--no-rate-limits") != std::string::npos);
    CHECK(err.find("--trust-proxy") != std::string::npos);
}

TEST_CASE("account over HTTP: register -> emailed code -> verify -> the new key works; login; organizations") {
    SimServer sim;
    NewAccount acct = make_account(sim, "e2e-owner@gmail.com");  // AccountRegister, AccountVerifyEmail
    CHECK(acct.api_key.rfind("sk_", 0) == 0);
    CHECK(acct.api_key != kSeededKey);

    // The new key works on the verification API and sees its own (fresh) application.
    SimClient mine(sim.options(acct.api_key));
    auto bal = mine.billing().balance();
    REQUIRE_MESSAGE(bal.ok(), bal.error().to_string());
    CHECK(bal->balance == "100.0000");

    // A wrong code is refused; a verified account cannot be verified again.
    SimClient anon(sim.options(""));
    auto again = anon.account().verify_email(acct.email, "ZZZZZZ");
    CHECK_FALSE(again.ok());

    auto login = anon.account().login(acct.email, "MyStr0ng!Pass");  // AccountLogin
    REQUIRE_MESSAGE(login.ok(), login.error().to_string());
    CHECK_FALSE(login->access_token.empty());
    auto bad_login = anon.account().login(acct.email, "Wr0ng!Password");
    REQUIRE_FALSE(bad_login.ok());

    auto opts = sim.options("");
    opts.access_token = login->access_token;
    SimClient bearer(opts);
    auto orgs = bearer.account().list_organizations();  // OrganizationsList
    REQUIRE_MESSAGE(orgs.ok(), orgs.error().to_string());
    REQUIRE(orgs->results.size() == 1);
    CHECK(orgs->results[0].uuid == acct.org_id);
    auto app = bearer.account().get_application(acct.org_id, acct.app_id);  // ApplicationGet
    REQUIRE_MESSAGE(app.ok(), app.error().to_string());
    CHECK(app->uuid == acct.app_id);
    REQUIRE(app->api_key);
    CHECK(*app->api_key == acct.api_key);

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("workflows over HTTP: create, get, list, update (new version), delete") {
    SimServer sim;
    SimClient c(sim.options());
    didit::Workflow wf = make_workflow(c, "E2E KYC");  // WorkflowsCreate
    CHECK(wf.workflow_label == std::string("E2E KYC"));
    CHECK_FALSE(wf.uuid.empty());

    auto got = c.workflows().get(wf.uuid);  // WorkflowsGet
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got->uuid == wf.uuid);

    auto list = c.workflows().list();  // WorkflowsList
    REQUIRE_MESSAGE(list.ok(), list.error().to_string());
    bool listed = false;
    for (const auto& w : list->results) listed = listed || w.uuid == wf.uuid;
    CHECK(listed);

    didit::WorkflowUpdateRequest up;
    up.workflow_label = "E2E KYC v2";
    auto upd = c.workflows().update(wf.uuid, up);  // WorkflowsUpdate
    REQUIRE_MESSAGE(upd.ok(), upd.error().to_string());
    CHECK(upd->workflow_label == std::string("E2E KYC v2"));

    // Older guides' toggles are not request fields, and the API refuses them when sent anyway.
    didit::WorkflowCreateRequest legacy;
    legacy.workflow_label = "Legacy";
    legacy.extra = didit::Json{{"workflow_type", "kyc"}, {"is_liveness_enabled", true}};
    auto rejected = c.workflows().create(legacy);
    REQUIRE_FALSE(rejected.ok());
    CHECK(rejected.error().status == 400);

    auto del = c.workflows().remove(upd->uuid);  // WorkflowsDelete
    REQUIRE_MESSAGE(del.ok(), del.error().to_string());
    auto gone = c.workflows().get(upd->uuid);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("sessions over HTTP: create, complete, decision, list, update-status, PDF, reviews, delete") {
    SimServer sim;
    SimClient c(sim.options());
    didit::Workflow wf = make_workflow(c, "Sessions");
    didit::Session s = make_session(c, wf, "user-e2e-1");  // SessionsCreate
    CHECK(s.status == didit::SessionStatus::NotStarted);
    REQUIRE(s.url);
    CHECK_FALSE(s.url->empty());

    sim.complete(s.session_id, "approved");
    auto dec = c.sessions().get_decision(s.session_id);  // SessionsGetDecision
    REQUIRE_MESSAGE(dec.ok(), dec.error().to_string());
    CHECK(dec->session_id == s.session_id);
    CHECK(dec->status == didit::SessionStatus::Approved);

    didit::SessionsListQuery q;
    q.vendor_data = "user-e2e-1";
    auto list = c.sessions().list(q);  // SessionsList
    REQUIRE_MESSAGE(list.ok(), list.error().to_string());
    REQUIRE(list->results.size() == 1);
    CHECK(list->results[0].session_id == s.session_id);

    auto pdf = c.sessions().generate_pdf(s.session_id);  // SessionsGeneratePdf
    REQUIRE_MESSAGE(pdf.ok(), pdf.error().to_string());
    CHECK(pdf->bytes.rfind("%PDF", 0) == 0);

    didit::SessionUpdateStatusRequest us;
    us.new_status = didit::SessionStatusChange::Declined;
    us.comment = "e2e decline";
    auto upd = c.sessions().update_status(s.session_id, us);  // SessionsUpdateStatus
    REQUIRE_MESSAGE(upd.ok(), upd.error().to_string());
    CHECK(upd->session_id == s.session_id);
    auto dec2 = c.sessions().get_decision(s.session_id);
    REQUIRE(dec2.ok());
    CHECK(dec2->status == didit::SessionStatus::Declined);
    // The same status again is a 400 bare array (api-notes S6).
    auto same = c.sessions().update_status(s.session_id, us);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().status == 400);

    didit::SessionReviewCreateRequest rv;
    rv.comment = "checked by e2e";
    auto created = c.sessions().create_review(s.session_id, rv);  // SessionsCreateReview
    REQUIRE_MESSAGE(created.ok(), created.error().to_string());
    auto reviews = c.sessions().list_reviews(s.session_id);  // SessionsListReviews
    REQUIRE_MESSAGE(reviews.ok(), reviews.error().to_string());
    bool commented = false;
    for (const auto& r : reviews->results) commented = commented || r.comment == std::string("checked by e2e");
    CHECK(commented);

    auto del = c.sessions().remove(s.session_id);  // SessionsDelete
    REQUIRE_MESSAGE(del.ok(), del.error().to_string());
    auto gone = c.sessions().get_decision(s.session_id);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);

    // Batch delete by session number.
    didit::Session s2 = make_session(c, wf, "user-e2e-2");
    REQUIRE(s2.session_number);
    auto batch = c.sessions().remove_many(didit::SessionsBatchDeleteRequest::numbers({*s2.session_number}));
    REQUIRE_MESSAGE(batch.ok(), batch.error().to_string());  // SessionsBatchDelete
    auto gone2 = c.sessions().get_decision(s2.session_id);
    REQUIRE_FALSE(gone2.ok());
    CHECK(gone2.error().status == 404);

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("share and import between two applications over HTTP") {
    SimServer sim;
    SimClient a(sim.options());
    didit::Workflow wf_a = make_workflow(a, "Sharer");
    didit::Session s = make_session(a, wf_a, "shared-user");
    sim.complete(s.session_id, "approved");

    NewAccount b_acct = make_account(sim, "e2e-partner@gmail.com");
    SimClient b(sim.options(b_acct.api_key));
    didit::Workflow wf_b = make_workflow(b, "Importer");

    didit::SessionShareRequest sh;
    sh.for_application_id = b_acct.app_id;
    auto share = a.sessions().share(s.session_id, sh);  // SessionsShare
    REQUIRE_MESSAGE(share.ok(), share.error().to_string());
    CHECK_FALSE(share->share_token.empty());

    didit::SessionImportSharedRequest im;
    im.share_token = share->share_token;
    im.trust_review = true;
    im.workflow_id = wf_b.workflow_id.value_or(wf_b.uuid);
    auto imported = b.sessions().import_shared(im);  // SessionsImportShared
    REQUIRE_MESSAGE(imported.ok(), imported.error().to_string());
    CHECK(imported->status == didit::SessionStatus::Approved);
    // One redeem per receiving application.
    auto twice = b.sessions().import_shared(im);
    REQUIRE_FALSE(twice.ok());

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("blocklist, users and billing over HTTP") {
    SimServer sim({"--balance", "250"});
    SimClient c(sim.options());
    didit::Workflow wf = make_workflow(c, "Users");
    didit::Session s = make_session(c, wf, "user with space/é");
    sim.complete(s.session_id, "declined");

    didit::BlocklistAddRequest add;
    add.session_id = s.session_id;
    add.blocklist_face = true;
    auto added = c.blocklist().add(add);  // BlocklistAdd
    REQUIRE_MESSAGE(added.ok(), added.error().to_string());
    didit::BlocklistListQuery bq;
    bq.item_type = didit::BlocklistItemType::Face;
    auto bl = c.blocklist().list(bq);  // BlocklistList
    REQUIRE_MESSAGE(bl.ok(), bl.error().to_string());
    REQUIRE(bl->results.size() == 1);
    CHECK(bl->results[0].session_id == s.session_id);
    didit::BlocklistRemoveRequest rm;
    rm.session_id = s.session_id;
    rm.unblock_face = true;
    auto removed = c.blocklist().remove(rm);  // BlocklistRemove
    REQUIRE_MESSAGE(removed.ok(), removed.error().to_string());
    auto bl2 = c.blocklist().list(bq);
    REQUIRE(bl2.ok());
    CHECK(bl2->results.empty());

    // vendor_data with a space, a slash and non-ASCII goes through percent-encoded.
    auto users = c.users().list();  // UsersList
    REQUIRE_MESSAGE(users.ok(), users.error().to_string());
    bool listed = false;
    for (const auto& u : users->results)
        listed = listed || (u.vendor_data.get() && *u.vendor_data.get() == "user with space/é");
    CHECK(listed);
    auto user = c.users().get("user with space/é");  // UsersGet
    REQUIRE_MESSAGE(user.ok(), user.error().to_string());
    didit::UserUpdateRequest uu;
    uu.display_name = std::string("E2E Person");
    uu.status = didit::UserStatus::Flagged;
    auto upd = c.users().update("user with space/é", uu);  // UsersUpdate
    REQUIRE_MESSAGE(upd.ok(), upd.error().to_string());
    REQUIRE(upd->display_name.get());
    CHECK(*upd->display_name.get() == "E2E Person");
    CHECK(upd->status == didit::UserStatus::Flagged);
    didit::UsersDeleteRequest ud;
    ud.vendor_data_list = std::vector<std::string>{"user with space/é"};
    auto deleted = c.users().remove_many(ud);  // UsersDelete
    REQUIRE_MESSAGE(deleted.ok(), deleted.error().to_string());
    REQUIRE(deleted->deleted);
    CHECK(*deleted->deleted == 1);

    auto bal = c.billing().balance();  // BillingBalance
    REQUIRE_MESSAGE(bal.ok(), bal.error().to_string());
    CHECK(std::atof(bal->balance.c_str()) > 0.0);  // --balance 250, less the sessions' cost
    CHECK(std::atof(bal->balance.c_str()) <= 250.0);
    didit::TopUpRequest tu;
    tu.amount_in_dollars = 50;
    auto top = c.billing().top_up(tu);  // BillingTopUp
    REQUIRE_MESSAGE(top.ok(), top.error().to_string());
    CHECK_FALSE(top->checkout_session_id.empty());
    CHECK(top->checkout_session_url.rfind("http", 0) == 0);
    tu.amount_in_dollars = 10;  // below the $50 minimum
    auto small = c.billing().top_up(tu);
    REQUIRE_FALSE(small.ok());
    CHECK(small.error().status == 400);

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("user create and update-status, and businesses, over HTTP") {
    SimServer sim;
    SimClient c(sim.options());
    const std::string who = "new user/é 2";
    didit::UserCreateRequest uc;
    uc.vendor_data = who;
    uc.full_name = std::string("Nova Person");
    auto created = c.users().create(uc);  // UsersCreate
    REQUIRE_MESSAGE(created.ok(), created.error().to_string());
    CHECK((created->vendor_data.get() && *created->vendor_data.get() == who));
    auto blocked = c.users().update_status(who, didit::LifecycleStatus::Blocked);  // UsersUpdateStatus
    REQUIRE_MESSAGE(blocked.ok(), blocked.error().to_string());
    CHECK(blocked->status == didit::UserStatus::Blocked);
    auto got = c.users().get(who);
    REQUIRE(got.ok());
    CHECK(got->status == didit::UserStatus::Blocked);
    REQUIRE(got->comments.has_value());
    CHECK(got->comments->size() == 1);

    const std::string biz = "company/ü 9";
    didit::BusinessCreateRequest bc;
    bc.vendor_data = biz;
    bc.legal_name = std::string("Acme Trading Ltd");
    auto b = c.businesses().create(bc);  // BusinessesCreate
    REQUIRE_MESSAGE(b.ok(), b.error().to_string());
    auto bl = c.businesses().list();  // BusinessesList
    REQUIRE_MESSAGE(bl.ok(), bl.error().to_string());
    REQUIRE(bl->results.size() == 1);
    auto bg = c.businesses().get(biz);  // BusinessesGet
    REQUIRE_MESSAGE(bg.ok(), bg.error().to_string());
    CHECK(bg->didit_internal_id == b->didit_internal_id);
    didit::BusinessUpdateRequest bu;
    bu.display_name = std::string("Acme");
    auto bup = c.businesses().update(biz, bu);  // BusinessesUpdate
    REQUIRE_MESSAGE(bup.ok(), bup.error().to_string());
    CHECK((bup->effective_name.get() && *bup->effective_name.get() == "Acme"));
    auto bst = c.businesses().update_status(biz, didit::LifecycleStatus::Flagged);  // BusinessesUpdateStatus
    REQUIRE_MESSAGE(bst.ok(), bst.error().to_string());
    CHECK(bst->status == didit::LifecycleStatus::Flagged);
    didit::BusinessesDeleteRequest bd;
    bd.vendor_data_list = std::vector<std::string>{biz};
    auto bdel = c.businesses().remove_many(bd);  // BusinessesDelete
    REQUIRE_MESSAGE(bdel.ok(), bdel.error().to_string());
    CHECK(bdel->deleted == std::optional<std::int64_t>(1));

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("questionnaires over HTTP: create, get, list, update, delete") {
    SimServer sim;
    SimClient c(sim.options());
    didit::QuestionnaireElement occupation;
    occupation.element_type = didit::QuestionnaireElementType::ShortText;
    occupation.label = didit::LanguageMap{{"en", "Occupation?"}};
    occupation.is_required = true;
    didit::QuestionnaireCreateRequest req;
    req.title = "Employment Details";
    req.languages = std::vector<std::string>{"en"};
    req.default_language = "en";
    req.form_elements = std::vector<didit::QuestionnaireElement>{occupation};
    auto created = c.questionnaires().create(req);  // QuestionnairesCreate
    REQUIRE_MESSAGE(created.ok(), created.error().to_string());
    const std::string id = created->id();
    REQUIRE_FALSE(id.empty());

    auto got = c.questionnaires().get(id);  // QuestionnairesGet
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got->title == std::string("Employment Details"));
    auto list = c.questionnaires().list();  // QuestionnairesList
    REQUIRE_MESSAGE(list.ok(), list.error().to_string());
    CHECK_FALSE(list->results.empty());

    didit::QuestionnaireUpdateRequest up;
    up.title = "Employment (v2)";
    auto upd = c.questionnaires().update(id, up);  // QuestionnairesUpdate
    REQUIRE_MESSAGE(upd.ok(), upd.error().to_string());
    CHECK(upd->title == std::string("Employment (v2)"));

    const std::string latest = upd->id().empty() ? id : upd->id();
    auto del = c.questionnaires().remove(latest);  // QuestionnairesDelete
    REQUIRE_MESSAGE(del.ok(), del.error().to_string());
    auto gone = c.questionnaires().get(latest);
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().status == 404);

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("webhooks over HTTP: config, destinations, and signed deliveries the Verifier accepts") {
    Receiver receiver;  // declared first: it outlives the server's delivery attempts
    SimServer sim;
    SimClient c(sim.options());

    auto cfg = c.webhooks().get_config();  // WebhookConfigGet
    REQUIRE_MESSAGE(cfg.ok(), cfg.error().to_string());
    REQUIRE(cfg->secret_shared_key);
    CHECK(*cfg->secret_shared_key == kSeededSecret);  // --webhook-secret

    // The application-level webhook, used while no destination is enabled (api-notes §2.8).
    didit::WebhookConfigUpdateRequest up;
    up.webhook_url = receiver.url("/legacy");
    up.webhook_version = didit::WebhookVersion::V3;
    auto set = c.webhooks().update_config(up);  // WebhookConfigUpdate
    REQUIRE_MESSAGE(set.ok(), set.error().to_string());
    REQUIRE(set->webhook_url.get());
    CHECK(*set->webhook_url.get() == receiver.url("/legacy"));

    didit::Workflow wf = make_workflow(c, "Hooks");
    didit::Session s1 = make_session(c, wf, "hook-user-1");
    sim.complete(s1.session_id, "approved");
    auto legacy = receiver.wait_for("/legacy", s1.session_id);
    REQUIRE_MESSAGE(legacy, "no webhook for " << s1.session_id << " at /legacy within 15 s");
    {
        didit::webhook::Verifier verifier(kSeededSecret);
        auto ev = verifier.verify(legacy->headers, legacy->body);
        REQUIRE_MESSAGE(ev.ok(), ev.error().to_string());
        CHECK(ev->session_id == s1.session_id);
        CHECK(ev->webhook_type == didit::webhook::WebhookType::StatusUpdated);
        // Another secret must not verify.
        didit::webhook::Verifier wrong("not-the-secret");
        CHECK_FALSE(wrong.verify(legacy->headers, legacy->body).ok());
    }

    // A destination takes over.
    didit::WebhookDestinationCreateRequest dc;
    dc.label = "e2e receiver";
    dc.url = receiver.url("/dest");
    dc.subscribed_events = std::vector<didit::WebhookEvent>{didit::WebhookEvent::StatusUpdated};
    auto dest = c.webhooks().create_destination(dc);  // WebhookDestinationsCreate
    REQUIRE_MESSAGE(dest.ok(), dest.error().to_string());
    REQUIRE(dest->secret_shared_key);
    const std::string dest_secret = *dest->secret_shared_key;

    auto got = c.webhooks().get_destination(dest->uuid);  // WebhookDestinationsGet
    REQUIRE_MESSAGE(got.ok(), got.error().to_string());
    CHECK(got->url == receiver.url("/dest"));
    auto list = c.webhooks().list_destinations();  // WebhookDestinationsList
    REQUIRE_MESSAGE(list.ok(), list.error().to_string());
    REQUIRE(list->results.size() == 1);
    CHECK(list->results[0].uuid == dest->uuid);

    const std::size_t legacy_before = sim.legacy_deliveries();
    didit::Session s2 = make_session(c, wf, "hook-user-2");
    sim.complete(s2.session_id, "approved");
    auto delivered = receiver.wait_for("/dest", s2.session_id);
    REQUIRE_MESSAGE(delivered, "no webhook for " << s2.session_id << " at /dest within 15 s");
    didit::webhook::Verifier verifier(dest_secret);
    auto ev = verifier.verify(delivered->headers, delivered->body);
    REQUIRE_MESSAGE(ev.ok(), ev.error().to_string());
    CHECK(ev->session_id == s2.session_id);
    CHECK(ev->vendor_data.get() != nullptr);
    CHECK(delivered->headers.get("user-agent").rfind("DiditWebhook/", 0) == 0);
    // With a destination enabled the application-level webhook is silent (api-notes §2.8).
    CHECK(sim.legacy_deliveries() == legacy_before);

    didit::WebhookDestinationUpdateRequest du;
    du.label = "e2e receiver (renamed)";
    du.enabled = false;
    auto upd = c.webhooks().update_destination(dest->uuid, du);  // WebhookDestinationsUpdate
    REQUIRE_MESSAGE(upd.ok(), upd.error().to_string());
    CHECK(upd->label == std::string("e2e receiver (renamed)"));
    CHECK(upd->enabled == false);

    auto del = c.webhooks().remove_destination(dest->uuid);  // WebhookDestinationsDelete
    REQUIRE_MESSAGE(del.ok(), del.error().to_string());
    auto list2 = c.webhooks().list_destinations();
    REQUIRE(list2.ok());
    CHECK(list2->results.empty());

    auto st = sim.stop();
    REQUIRE(st.has_value());
    CHECK(*st == 0);
}

TEST_CASE("didit-sim answers only for loopback host names (no DNS rebinding)") {
    SimServer sim;
    const std::string port = std::to_string(sim.port());
    auto get = [&](const std::string& host_line) {
        return exchange(sim.port(), "GET /_sim/outbox/ HTTP/1.1\r\n" + host_line + "Connection: close\r\n\r\n");
    };
    for (const std::string& host :
         std::vector<std::string>{"localhost", "LocalHost:" + port, "127.0.0.1:" + port, "[::1]:" + port}) {
        INFO("Host: " << host);
        CHECK(get("Host: " + host + "\r\n").rfind("HTTP/1.1 200", 0) == 0);
    }
    for (const std::string& host :
         std::vector<std::string>{"evil.example", "evil.example:" + port, "localhost.evil.example", "127.0.0.1.nip.io",
                                  "127.0.0.2", "localhost:80x", "[::1]x", "0.0.0.0:" + port}) {
        INFO("Host: " << host);
        const std::string reply = get("Host: " + host + "\r\n");
        CHECK(reply.rfind("HTTP/1.1 421", 0) == 0);
        CHECK(reply.find("{\"detail\":") != std::string::npos);
    }
    CHECK(exchange(sim.port(), "GET /_sim/outbox/ HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 400", 0) == 0);

    // A refused request with a body: the body is read, never taken for a second request.
    const std::string smuggled = "POST /_sim/reset/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n";
    const std::string reply = exchange(sim.port(),
                                       "POST /_sim/reset/ HTTP/1.1\r\nHost: evil.example\r\n"
                                       "Content-Type: application/json\r\nContent-Length: " +
                                           std::to_string(smuggled.size()) + "\r\n\r\n" + smuggled);
    CHECK(reply.rfind("HTTP/1.1 421", 0) == 0);
    CHECK(reply.find("\"reset\"") == std::string::npos);
}

TEST_CASE("didit-sim refuses a body over 24 MiB with a JSON 413, and keeps serving") {
    SimServer sim;
    // 24 MiB: room for ID verification's two 10 MB sides and the multipart framing.
    auto big = sim.raw(Method::Post, "/v3/session/", std::string((24u << 20) + 1, ' '), {{"x-api-key", kSeededKey}});
    CHECK(big.status == 413);
    auto body = didit::Json::parse(big.body, nullptr, false);
    REQUIRE(body.is_object());
    CHECK(body.value("detail", std::string()).find("25165824 bytes") != std::string::npos);
    CHECK(sim.raw_json(Method::Get, "/_sim/outbox/") == didit::Json::array());
}

TEST_CASE("didit-sim: a body nested a million deep is a 400, and the server lives on") {
    SimServer sim;
    // A valid session request otherwise, so that the metadata would be stored and copied.
    auto workflows = sim.raw(Method::Get, "/v3/workflows/", {}, {{"x-api-key", kSeededKey}});
    auto list = didit::Json::parse(workflows.body, nullptr, false);
    REQUIRE(list.is_object());
    REQUIRE_FALSE(list["results"].empty());
    const std::string deep = "{\"workflow_id\":\"" + list["results"][0].value("workflow_id", std::string()) +
                             "\",\"metadata\":" + std::string(1000000, '[') + std::string(1000000, ']') + "}";
    auto r = sim.raw(Method::Post, "/v3/session/", deep, {{"x-api-key", kSeededKey}});
    CHECK(r.status == 400);
    CHECK(r.body.find("nesting deeper than 512") != std::string::npos);
    CHECK(sim.raw_json(Method::Get, "/_sim/outbox/") == didit::Json::array());
}

TEST_CASE("didit-sim: 40 slow connections dripping a request do not starve a real one") {
    SimServer sim;
    std::vector<std::unique_ptr<Socket>> slow;
    for (int i = 0; i < 40; ++i) {
        slow.push_back(std::make_unique<Socket>(sim.port()));
        REQUIRE(slow.back()->fd >= 0);
        REQUIRE(slow.back()->send_all("POST /v3/session/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
    }
    // One more header byte on each, every 500 ms: within any per-read timeout, so each
    // connection keeps whatever worker reads it.
    std::atomic<bool> done{false};
    std::thread drip([&] {
        while (!done) {
            for (auto& s : slow) (void)s->send_all("a");
            for (int i = 0; i < 5 && !done; ++i) std::this_thread::sleep_for(milliseconds(100));
        }
    });
    std::this_thread::sleep_for(milliseconds(500));  // let the server take them all in
    didit::CurlTransport transport;
    didit::HttpRequest req;
    req.method = Method::Get;
    req.url = sim.base() + "/_sim/outbox/";
    req.timeout = seconds(20);
    auto r = transport.send(req);
    done = true;
    drip.join();
    REQUIRE_MESSAGE(r.ok(), "the real request got no answer: " << r.error().to_string());
    CHECK(r->status == 200);
}

TEST_CASE("didit-sim --trust-proxy: X-Forwarded-For names the client for per-address limits") {
    auto register_from = [](SimServer& sim, int n, const std::string& forwarded) {
        const std::string body =
            "{\"email\":\"proxy" + std::to_string(n) + "@gmail.com\",\"password\":\"MyStr0ng!Pass\"}";
        return sim.raw(Method::Post, "/auth/v2/programmatic/register/", body, {{"X-Forwarded-For", forwarded}}).status;
    };
    {
        SimServer sim;
        sim.raw_json(Method::Patch, "/_sim/rate-limits/", didit::Json{{"registration", 1}});
        CHECK(register_from(sim, 1, "10.0.0.1") == 201);
        CHECK(register_from(sim, 2, "10.0.0.2") == 429);
    }
    {
        SimServer sim({"--trust-proxy"});
        sim.raw_json(Method::Patch, "/_sim/rate-limits/", didit::Json{{"registration", 1}});
        CHECK(register_from(sim, 1, "10.0.0.1") == 201);
        CHECK(register_from(sim, 2, "10.0.0.2") == 201);
    }
}

TEST_CASE("face match over HTTP: two 5 MB images streamed from files through curl, multipart parsed by didit-sim") {
    SimServer server;
    SimClient client(server.options());
    // Two images at the API's limit (5 * 10^6 bytes each): the body is over 10 MB.
    std::string a("\xFF\xD8\xFF\xE0", 4), b("\x89PNG\r\n\x1A\n", 8);
    a.resize(5000000, 'a');
    b.resize(5000000, 'b');
    const std::string dir = "/tmp/didit-sim-face-" + std::to_string(::getpid());
    REQUIRE(::mkdir(dir.c_str(), 0700) == 0);
    std::ofstream(dir + "/a.jpg", std::ios::binary) << a;
    std::ofstream(dir + "/b.png", std::ios::binary) << b;
    didit::FaceMatchRequest same;
    same.user_image = didit::FilePart::from_path(dir + "/a.jpg");
    same.ref_image = didit::FilePart::from_memory(a, "copy.jpg");
    same.vendor_data = "user-1";
    auto r = client.checks().face_match(same);
    didit::FaceMatchRequest other;
    other.user_image = didit::FilePart::from_path(dir + "/a.jpg");
    other.ref_image = didit::FilePart::from_path(dir + "/b.png");
    other.face_match_score_decline_threshold = 60;
    auto d = client.checks().face_match(other);
    std::remove((dir + "/a.jpg").c_str());
    std::remove((dir + "/b.png").c_str());
    ::rmdir(dir.c_str());
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r.value().face_match.status == didit::FeatureStatus::Approved);
    CHECK(r.value().vendor_data.value() == "user-1");
    REQUIRE_MESSAGE(d.ok(), d.error().to_string());
    CHECK(d.value().face_match.status == didit::FeatureStatus::Declined);
    REQUIRE(d.value().face_match.warnings.size() == 1);
}
