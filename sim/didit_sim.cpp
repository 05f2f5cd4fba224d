// SPDX-License-Identifier: MIT
// didit-sim: serves one in-memory didit::sim::Platform over HTTP on 127.0.0.1 (both APIs and /_sim/).
//
//   didit-sim [--port N] [--api-key KEY] [--webhook-secret S] [--balance DOLLARS]
//             [--no-rate-limits] [--trust-proxy] [--quiet]
//
// The verification API (/v3/…), the account API (/auth/v2/…) and the simulator's control
// routes (/_sim/…) share one port. When ready it prints exactly one line on stdout,
// `didit-sim listening on http://127.0.0.1:<port>`; then one line per request on stderr
// (method, path, status: never headers or bodies) and the registration codes it "emails".
// Webhooks are delivered over HTTP with CurlTransport. SIGINT or SIGTERM stops it (exit 0).
// Anyone on the machine can reach it, so every request is bounded: loopback Host names only
// (no DNS rebinding from a browser), bodies of at most 24 MiB, nesting at most 512 deep, read
// timeouts, and a worker per connection up to a high cap, so slow clients cannot starve others.
#include <didit/sim.hpp>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#endif
#include <httplib.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

int usage(const std::string& why = {}) {
    if (!why.empty()) std::fprintf(stderr, "didit-sim: %s\n\n", why.c_str());
    std::fprintf(stderr,
                 "usage: didit-sim [--port N] [--api-key KEY] [--webhook-secret S] [--balance DOLLARS]\n"
                 "                 [--no-rate-limits] [--trust-proxy] [--quiet]\n"
                 "\n"
                 "Serves a simulated Didit platform on http://127.0.0.1:<port>: the verification API\n"
                 "(/v3/...), the account API (/auth/v2/...) and the simulator's control routes\n"
                 "(/_sim/outbox/, /_sim/sessions/{id}/complete/, /_sim/reset/, ...).\n"
                 "It answers only requests whose Host is localhost, 127.0.0.1 or [::1] (421 otherwise),\n"
                 "takes bodies of at most 24 MiB (413) nested at most 512 deep (400), and closes a\n"
                 "connection that sends nothing for 5 s.\n"
                 "\n"
                 "  --port N             port to listen on (default 8790; 0 picks a free one)\n"
                 "  --api-key KEY        API key of the seeded application\n"
                 "  --webhook-secret S   webhook secret of the seeded application\n"
                 "  --balance DOLLARS    credits of every new application (default 100)\n"
                 "  --no-rate-limits     turn the documented rate limits off\n"
                 "  --trust-proxy        take the client address from X-Forwarded-For (per-address\n"
                 "                       limits); only behind a proxy of your own (off by default)\n"
                 "  --quiet              no request log and no hints on stderr\n"
                 "  --help               this text\n");
    return 2;
}

// The self-pipe: the signal handler only write()s one byte (async-signal-safe); a watcher
// thread reads it and stops the server.
int g_signal_pipe[2] = {-1, -1};

extern "C" void on_signal(int) {
    const int saved = errno;
    const char byte = 1;
    ssize_t n = ::write(g_signal_pipe[1], &byte, 1);
    (void)n;
    errno = saved;
}

bool install_signal_handlers() {
    if (::pipe(g_signal_pipe) != 0) return false;
    for (int fd : g_signal_pipe) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    ::fcntl(g_signal_pipe[1], F_SETFL, O_NONBLOCK);  // a full pipe never blocks the handler
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &sa, nullptr) != 0 || ::sigaction(SIGTERM, &sa, nullptr) != 0) return false;
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    ::sigaction(SIGPIPE, &ign, nullptr);  // a client that hangs up must not kill the server
    return true;
}

/// Parses a port number 0–65535.
bool parse_port(const std::string& s, int& out) {
    if (s.empty() || s.size() > 5) return false;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v > 65535) return false;
    out = v;
    return true;
}

/// Headers httplib adds to every request itself; they are not part of what the client sent.
bool is_pseudo_header(const std::string& name) {
    return didit::sim::detail::iequals(name, "REMOTE_ADDR") || didit::sim::detail::iequals(name, "REMOTE_PORT") ||
           didit::sim::detail::iequals(name, "LOCAL_ADDR") || didit::sim::detail::iequals(name, "LOCAL_PORT");
}

/// The largest request body accepted (413 beyond): far above any JSON request of the API, and
/// room for face match's two images of 5 MB each plus the multipart framing.
constexpr std::size_t kMaxBodyBytes = 24u << 20;  // ID verification: two 10 MB sides and the framing

/// httplib parses a multipart/form-data body into `files` itself and leaves `body` empty; the
/// platform reads the body, so the parts are written back into one (in name order) with a
/// boundary that occurs in none of them. Returns the new Content-Type.
std::string rebuild_multipart(const httplib::Request& in, std::string& body) {
    std::string boundary;
    for (unsigned n = 0;; ++n) {
        boundary = "didit-sim-" + std::to_string(n);
        bool clash = false;
        for (const auto& f : in.files)
            if (f.second.content.find("--" + boundary) != std::string::npos) clash = true;
        if (!clash) break;
    }
    for (const auto& f : in.files) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.second.name + "\"";
        if (!f.second.filename.empty()) body += "; filename=\"" + f.second.filename + "\"";
        body += "\r\n";
        if (!f.second.content_type.empty()) body += "Content-Type: " + f.second.content_type + "\r\n";
        body += "\r\n" + f.second.content + "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return "multipart/form-data; boundary=" + boundary;
}
/// A connection that sends nothing for this long (within a request) is closed.
constexpr int kReadTimeoutSeconds = 5;
/// Requests per keep-alive connection before the server closes it.
constexpr std::size_t kKeepAliveMaxRequests = 100;
/// Connections served at once; more wait in the queue. Each open connection holds a worker
/// while it is read, so the pool grows on demand far past the few a normal client uses.
constexpr std::size_t kMaxWorkers = 256;

/// httplib's task queue with workers started on demand, up to `max`: a handful of slow or
/// stalled connections cannot hold every worker while real requests wait.
class ElasticPool : public httplib::TaskQueue {
public:
    explicit ElasticPool(std::size_t max) : max_(max) {}
    ~ElasticPool() override = default;
    ElasticPool(const ElasticPool&) = delete;
    ElasticPool& operator=(const ElasticPool&) = delete;

    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            jobs_.push_back(std::move(fn));
            if (jobs_.size() > idle_ && threads_.size() < max_) threads_.emplace_back([this] { work(); });
        }
        cv_.notify_one();
    }

    void shutdown() override {
        std::vector<std::thread> threads;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
            threads.swap(threads_);
        }
        cv_.notify_all();
        for (auto& t : threads) t.join();
    }

private:
    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            ++idle_;
            cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) return;  // stopping, and every queued connection was served
            std::function<void()> job = std::move(jobs_.front());
            jobs_.pop_front();
            lock.unlock();
            job();
            lock.lock();
        }
    }

    const std::size_t max_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool stopping_ = false;
};

/// True for a Host header naming this machine's loopback: localhost, 127.0.0.1 or [::1], with
/// an optional port. A browser page whose own name resolves to 127.0.0.1 (DNS rebinding)
/// sends its name, and is refused.
bool is_loopback_host(std::string_view host) {
    std::string_view name = host;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        name = host.substr(0, close + 1);
        host.remove_prefix(close + 1);
    } else {
        const auto colon = host.find(':');
        name = host.substr(0, colon);
        host.remove_prefix(colon == std::string_view::npos ? host.size() : colon);
    }
    if (!host.empty()) {  // ":port"
        if (host.size() < 2 || host.size() > 6 || host.front() != ':') return false;
        for (char c : host.substr(1))
            if (c < '0' || c > '9') return false;
    }
    return didit::sim::detail::iequals(name, "localhost") || name == "127.0.0.1" || name == "[::1]";
}

/// `{"detail": message}`, the shape of the API's own errors.
void json_error(httplib::Response& out, int status, const std::string& message) {
    out.status = status;
    out.set_content(didit::sim::dump_json(didit::Json{{"detail", message}}), "application/json");
}

/// Answers a request for another host name (421) or without a Host (400); true when it did.
/// Checked in the handlers, after httplib has read the (capped) body: refusing earlier would
/// leave the body on the connection, to be read as the next request.
bool refused_host(const httplib::Request& in, httplib::Response& out) {
    if (!in.has_header("Host")) {
        json_error(out, 400, "A Host header is required.");
        return true;
    }
    if (!is_loopback_host(in.get_header_value("Host"))) {
        json_error(out, 421, "didit-sim answers only for the host names localhost, 127.0.0.1 and [::1].");
        return true;
    }
    return false;
}

/// Headers httplib writes itself from the body; copying them would duplicate them.
bool is_framing_header(const std::string& name) {
    return didit::sim::detail::iequals(name, "Content-Length") ||
           didit::sim::detail::iequals(name, "Transfer-Encoding") || didit::sim::detail::iequals(name, "Connection");
}

}  // namespace

int main(int argc, char** argv) {
    int port = 8790;
    bool quiet = false;
    didit::sim::Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string& out) {
            if (i + 1 >= argc) return false;
            out = argv[++i];
            return true;
        };
        std::string v;
        if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else if (arg == "--port") {
            if (!value(v) || !parse_port(v, port)) return usage("--port needs a number from 0 to 65535");
        } else if (arg == "--api-key") {
            if (!value(v) || v.empty()) return usage("--api-key needs a value");
            options.api_key = v;
        } else if (arg == "--webhook-secret") {
            if (!value(v) || v.empty()) return usage("--webhook-secret needs a value");
            options.webhook_secret = v;
        } else if (arg == "--balance") {
            if (!value(v)) return usage("--balance needs an amount in dollars");
            auto amount = didit::sim::parse_money(v);
            if (!amount) return usage("--balance needs an amount in dollars like 100 or 12.50, got '" + v + "'");
            options.initial_balance = didit::sim::money_string(*amount);
        } else if (arg == "--no-rate-limits") {
            options.rate_limits.enabled = false;
        } else if (arg == "--trust-proxy") {
            options.trust_forwarded_for = true;
        } else if (arg == "--quiet") {
            quiet = true;
        } else {
            return usage("unknown argument '" + arg + "'");
        }
    }

    if (!install_signal_handlers()) {
        std::perror("didit-sim: signal setup");
        return 1;
    }

    // The engine never passes secrets to the log (only method, path, status, emailed codes
    // and delivery outcomes), so its lines go to stderr as they are.
    auto log_mutex = std::make_shared<std::mutex>();
    if (!quiet) {
        options.log = [log_mutex](std::string_view line) {
            std::lock_guard<std::mutex> lock(*log_mutex);
            std::fprintf(stderr, "didit-sim: %.*s\n", static_cast<int>(line.size()), line.data());
            std::fflush(stderr);
        };
    }

    // Webhooks go out over real HTTP. Loopback receivers must not be sent through a proxy
    // configured in the environment; an explicit no_proxy of the user's is kept.
    ::setenv("no_proxy", "127.0.0.1,localhost,::1", 0);
    didit::CurlOptions curl_options;
    curl_options.connect_timeout = std::chrono::seconds(5);
    curl_options.timeout = std::chrono::seconds(5);  // Didit's webhook delivery timeout
    didit::CurlTransport webhook_transport(curl_options);
    options.webhook_sender = [webhook_transport](const didit::HttpRequest& req) mutable {
        return webhook_transport.send(req);
    };

    didit::sim::Platform platform(std::move(options));

    httplib::Server server;
    server.new_task_queue = [] { return new ElasticPool(kMaxWorkers); };
    // stop() waits for the workers, and a worker waits this long on an idle keep-alive
    // connection: 1 s keeps SIGTERM quick (clients reconnect when an idle connection closed)
    // and frees the worker of a client that connects and sends nothing.
    server.set_keep_alive_timeout(1);
    server.set_keep_alive_max_count(kKeepAliveMaxRequests);
    server.set_read_timeout(kReadTimeoutSeconds, 0);
    server.set_write_timeout(kReadTimeoutSeconds, 0);
    server.set_payload_max_length(kMaxBodyBytes);
    // httplib's own refusals (a body over the cap, a malformed request) get a JSON body too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& out) {
        if (!out.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // the simulator's answer
        if (out.status == 413)
            json_error(out, 413,
                       "Request body too large: at most " + std::to_string(kMaxBodyBytes) + " bytes are accepted.");
        else
            json_error(out, out.status, "The request could not be read.");
        return httplib::Server::HandlerResponse::Handled;
    }));

    int bound = 0;
    if (port == 0) {
        bound = server.bind_to_any_port("127.0.0.1");
        if (bound <= 0) {
            std::fprintf(stderr, "didit-sim: cannot bind 127.0.0.1 to a free port\n");
            return 1;
        }
    } else {
        if (!server.bind_to_port("127.0.0.1", port)) {
            std::fprintf(stderr, "didit-sim: cannot bind 127.0.0.1:%d (in use?)\n", port);
            return 1;
        }
        bound = port;
    }
    const std::string base = "http://127.0.0.1:" + std::to_string(bound);

    auto serve = [&platform, &base](didit::Method method) {
        return [&platform, &base, method](const httplib::Request& in, httplib::Response& out) {
            if (refused_host(in, out)) return;
            didit::HttpRequest req;
            req.method = method;
            // The target exactly as sent: the path and the query stay percent-encoded.
            req.url = base + (in.target.empty() || in.target[0] != '/' ? "/" : "") + in.target;
            for (const auto& h : in.headers)
                if (!is_pseudo_header(h.first)) req.headers.add(h.first, h.second);
            req.body = in.body;
            if (in.is_multipart_form_data() && in.body.empty())
                req.headers.set("Content-Type", rebuild_multipart(in, req.body));

            didit::HttpResponse r = platform.handle(req, in.remote_addr);
            out.status = r.status;
            for (const auto& h : r.headers)
                if (!is_framing_header(h.first)) out.set_header(h.first, h.second);
            if (r.status != 204 && r.status != 304) out.body = std::move(r.body);
        };
    };
    const std::string any = ".*";
    server.Get(any, serve(didit::Method::Get));  // HEAD too (httplib drops the body)
    server.Post(any, serve(didit::Method::Post));
    server.Put(any, serve(didit::Method::Put));
    server.Patch(any, serve(didit::Method::Patch));
    server.Delete(any, serve(didit::Method::Delete));
    server.Options(any, [](const httplib::Request& in, httplib::Response& out) {
        if (refused_host(in, out)) return;
        out.status = 405;
        out.set_content("{\"detail\":\"Method \\\"OPTIONS\\\" not allowed.\"}", "application/json");
    });

    std::atomic<bool> listen_done{false};
    std::thread watcher([&server, &listen_done] {
        char byte = 0;
        for (;;) {
            ssize_t n = ::read(g_signal_pipe[0], &byte, 1);
            if (n < 0 && errno == EINTR) continue;
            break;
        }
        // httplib's stop() does nothing until listening has begun: a signal that arrives
        // just before that must not be lost.
        while (!listen_done.load()) {
            if (server.is_running()) {
                server.stop();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });

    std::printf("didit-sim listening on %s\n", base.c_str());
    std::fflush(stdout);
    if (!quiet) {
        // The default seeded key is a fixed, documented test value of the simulator, not a
        // secret; a key given with --api-key is the user's own and is not echoed.
        const bool default_key = platform.api_key() == didit::sim::Options{}.api_key;
        std::fprintf(stderr,
                     "didit-sim: seeded application ready; point a client at it with\n"
                     "  export DIDIT_BASE_URL=%s\n"
                     "  export DIDIT_AUTH_BASE_URL=%s/auth/v2\n"
                     "  export DIDIT_API_KEY=%s\n"
                     "didit-sim: registration codes appear below and at GET %s/_sim/outbox/\n",
                     base.c_str(), base.c_str(),
                     default_key ? platform.api_key().c_str() : "<the key given with --api-key>", base.c_str());
        std::fflush(stderr);
    }

    const bool ok = server.listen_after_bind();
    listen_done = true;
    // Wake the watcher when listening ended without a signal (e.g. an accept error).
    on_signal(0);
    watcher.join();
    if (!ok) {
        std::fprintf(stderr, "didit-sim: the server stopped on an error\n");
        return 1;
    }
    if (!quiet) std::fprintf(stderr, "didit-sim: stopped\n");
    return 0;
}
