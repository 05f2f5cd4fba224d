// SPDX-License-Identifier: MIT
// Asynchronous calls against a loopback server: concurrency on one engine thread, and the CPU an
// asynchronous call costs next to a blocking one. bench/run_async_bench.sh runs it.
//
//   async_bench serve <delay-ms>          # prints "port N"; answers every GET after <delay-ms>
//   async_bench latency <port> [rounds]   # 1 call, then 64 at once, on Client<CurlMultiTransport>
//   async_bench cpu <port> [calls]        # process CPU per call: blocking, then asynchronous
//   async_bench one <port> <calls> <blocking|async|async64>  # one kind of call only (async64:
//                                         # 64 at a time), for perf record or strace -c
//
// The server (tests/fault_server.hpp, a thread per connection) runs in its own process, so the
// client's figures are the client's alone. Both sides decode the same reply into didit::Workflow.
#include <didit/didit.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fault_server.hpp"

namespace {

constexpr const char* kWorkflowId = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "async_bench: %s\n", why.c_str());
    std::exit(2);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int serve(int delay_ms, const std::string& fixtures) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const std::string workflow = read_file(fixtures + "/workflow-get-1.json");
    if (workflow.empty()) die("fixtures not found in " + fixtures);
    fault::Server::Options opts;
    opts.record = false;
    opts.idle_timeout = std::chrono::milliseconds(120000);
    opts.max_connections = 100000;
    fault::Server server(opts, [&](const fault::Request&) {
        if (delay_ms <= 0) return fault::Reply::json(200, workflow);
        return fault::Reply::with_fault(fault::Fault::StallHeaders, workflow, 0, std::chrono::milliseconds(delay_ms));
    });
    if (!server.running()) die("cannot listen on 127.0.0.1");
    std::printf("port %d\n", server.port());
    std::fflush(stdout);
    timespec limit{600, 0};
    sigtimedwait(&set, nullptr, &limit);
    server.stop();
    return 0;
}

didit::ClientOptions options(int port, std::size_t in_flight) {
    didit::ClientOptions o;
    o.api_key = "bench-key";
    o.base_url = "http://127.0.0.1:" + std::to_string(port);
    o.auth_base_url = o.base_url;
    o.rate_limit = false;  // the server is ours: measure the client, not Didit's limits
    o.retry.max_retries = 0;
    o.max_in_flight = in_flight;
    o.timeout = std::chrono::seconds(30);
    return o;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);  // every thread of the process: the engine's too
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

/// `n` calls at once on the asynchronous view; false if any failed.
template <class C>
bool batch(C& client, int n) {
    std::vector<didit::Future<didit::Workflow>> fs;
    fs.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) fs.push_back(client.async().workflows().get(kWorkflowId));
    bool ok = true;
    for (auto& f : fs) ok = f.get().ok() && ok;
    return ok;
}

int latency(int port, int rounds) {
    didit::Client<didit::CurlMultiTransport> client(options(port, 64));
    if (!batch(client, 64)) die("the warm-up calls failed");  // connections opened, caches warm
    std::vector<double> one, many;
    for (int r = 0; r < rounds; ++r) {
        auto t = std::chrono::steady_clock::now();
        if (!batch(client, 1)) die("a call failed");
        one.push_back(seconds_since(t));
        t = std::chrono::steady_clock::now();
        if (!batch(client, 64)) die("a call failed");
        many.push_back(seconds_since(t));
    }
    std::sort(one.begin(), one.end());
    std::sort(many.begin(), many.end());
    const double t1 = one[one.size() / 2], t64 = many[many.size() / 2];
    std::printf("one call:        %7.1f ms (median of %d)\n", t1 * 1e3, rounds);
    std::printf("64 calls at once:%7.1f ms (median of %d), one engine thread\n", t64 * 1e3, rounds);
    std::printf("ratio 64 / 1:    %7.2f  (target: at most 2)\n", t64 / t1);
    return 0;
}

/// The smallest event loop that drives a CurlMultiTransport in external-loop mode: poll() over
/// the sockets curl asks for, and its timeout. Calls start on the loop's thread and complete
/// there, so no call crosses threads, as in a server whose handlers run on its event loop.
class PollLoop {
public:
    PollLoop() : engine_(didit::CurlOptions{}, callbacks()) {}
    didit::CurlMultiTransport& engine() { return engine_; }

    /// Runs the loop until `done()`; false if it had nothing left to wait for first.
    template <class Done>
    bool run_until(Done&& done) {
        std::vector<pollfd> fds;
        while (!done()) {
            if (woken_.exchange(false)) {
                engine_.on_wake();
                continue;
            }
            fds.clear();
            for (const auto& w : watched_) fds.push_back(pollfd{w.first, w.second, 0});
            int timeout = -1;
            if (due_) {
                const auto left =
                    std::chrono::ceil<std::chrono::milliseconds>(*due_ - std::chrono::steady_clock::now());
                timeout = static_cast<int>(std::max<long long>(0, left.count()));
            }
            if (fds.empty() && timeout < 0) return false;
            const int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout);
            if (n < 0) return false;
            for (const pollfd& f : fds)
                if (f.revents) {
                    const bool failed = (f.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0;
                    engine_.on_socket(f.fd, failed || (f.revents & POLLIN), failed || (f.revents & POLLOUT));
                }
            if (due_ && *due_ <= std::chrono::steady_clock::now()) {
                due_.reset();
                engine_.on_timeout();
            }
        }
        return true;
    }

private:
    didit::CurlEventLoop callbacks() {
        didit::CurlEventLoop l;
        l.watch = [this](curl_socket_t fd, didit::CurlEventLoop::Interest interest) {
            using I = didit::CurlEventLoop::Interest;
            if (interest == I::None) {
                watched_.erase(fd);
                return;
            }
            short ev = 0;
            if (interest != I::Write) ev |= POLLIN;
            if (interest != I::Read) ev |= POLLOUT;
            watched_[fd] = ev;
        };
        l.set_timeout = [this](std::optional<std::chrono::milliseconds> delay) {
            if (delay)
                due_ = std::chrono::steady_clock::now() + *delay;
            else
                due_.reset();
        };
        l.wake = [this] { woken_.store(true); };  // every call here starts on the loop's thread
        return l;
    }

    std::map<curl_socket_t, short> watched_;
    std::optional<std::chrono::steady_clock::time_point> due_;
    std::atomic<bool> woken_{false};
    didit::CurlMultiTransport engine_;
};

/// `calls` calls one after another from the loop's thread: each completion starts the next.
bool chain_on_loop(PollLoop& loop, didit::Client<didit::CurlMultiTransport>& client, int calls) {
    int done = 0;
    bool ok = true;
    std::function<void()> next = [&] {
        client.async().workflows().get(kWorkflowId).then([&](didit::Result<didit::Workflow> r) {
            ok = r.ok() && ok;
            if (++done < calls) next();
        });
    };
    next();
    return loop.run_until([&] { return done == calls; }) && ok;
}

void blocking_calls(didit::Client<didit::CurlTransport>& client, int calls) {
    for (int i = 0; i < calls; ++i)
        if (!client.workflows().get(kWorkflowId)) die("a blocking call failed");
}

/// `calls` blocking calls from `threads` threads at once (calls is a multiple of threads): what 64
/// calls at a time cost without the asynchronous API.
void blocking_threads(didit::Client<didit::CurlTransport>& client, int calls, int threads) {
    std::vector<std::thread> ts;
    ts.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) ts.emplace_back([&] { blocking_calls(client, calls / threads); });
    for (auto& t : ts) t.join();
}

/// `calls` asynchronous calls, `at_once` at a time (calls is a multiple of at_once).
template <class C>
void async_calls(C& client, int calls, int at_once) {
    for (int i = 0; i < calls; i += at_once)
        if (!batch(client, at_once)) die("an asynchronous call failed");
}

template <class F>
double per_call(int calls, F&& run) {
    const double before = cpu_seconds();
    run();
    return (cpu_seconds() - before) / calls * 1e6;
}

int cpu(int port, int calls) {
    if (calls % 64 != 0) die("calls must be a multiple of 64");
    didit::Client<didit::CurlTransport> sync_client(options(port, 64));
    didit::Client<didit::CurlMultiTransport> multi(options(port, 64));
    didit::Client<didit::CurlTransport> pooled(options(port, 64));
    auto blocking = [&] { blocking_calls(sync_client, calls); };
    auto one_by_one = [&] { async_calls(multi, calls, 1); };
    auto batches = [&] { async_calls(multi, calls, 64); };
    PollLoop loop;
    didit::Client<didit::CurlMultiTransport> looped(options(port, 64), loop.engine());
    auto on_loop = [&] {
        if (!chain_on_loop(loop, looped, calls)) die("a call on the event loop failed");
    };
    auto pool_batches = [&] { async_calls(pooled, calls, 64); };
    auto threads = [&] { blocking_threads(sync_client, calls, 64); };
    // Warm-up: connections, the pool's threads, allocator caches.
    blocking();
    threads();
    one_by_one();
    batches();
    pool_batches();
    on_loop();
    double best[6] = {1e30, 1e30, 1e30, 1e30, 1e30, 1e30};
    for (int r = 0; r < 5; ++r) {
        best[0] = std::min(best[0], per_call(calls, blocking));
        best[1] = std::min(best[1], per_call(calls, one_by_one));
        best[2] = std::min(best[2], per_call(calls, batches));
        best[3] = std::min(best[3], per_call(calls, pool_batches));
        best[4] = std::min(best[4], per_call(calls, on_loop));
        best[5] = std::min(best[5], per_call(calls, threads));
    }
    std::printf("process CPU per call, best of 5 runs of %d calls:\n", calls);
    std::printf("  blocking, Client<CurlTransport>                    %7.1f us  (baseline)\n", best[0]);
    std::printf("  async, CurlMultiTransport, one call at a time      %7.1f us  %.2fx\n", best[1], best[1] / best[0]);
    std::printf("  async, CurlMultiTransport, 64 at a time            %7.1f us  %.2fx\n", best[2], best[2] / best[0]);
    std::printf("  async, CurlTransport on the worker pool, 64 at once%7.1f us  %.2fx\n", best[3], best[3] / best[0]);
    std::printf("  async on the caller's event loop, one at a time    %7.1f us  %.2fx\n", best[4], best[4] / best[0]);
    std::printf("64 at a time, asynchronous against blocking calls from 64 threads:\n");
    std::printf("  blocking, Client<CurlTransport>, 64 threads        %7.1f us  (baseline)\n", best[5]);
    std::printf("  async, CurlMultiTransport, 64 at a time            %7.1f us  %.2fx\n", best[2], best[2] / best[5]);
    std::printf("  async, CurlTransport on the worker pool, 64 at once%7.1f us  %.2fx\n", best[3], best[3] / best[5]);
    return 0;
}

int one_kind(int port, int calls, const std::string& kind) {
    if (kind == "blocking") {
        didit::Client<didit::CurlTransport> client(options(port, 64));
        blocking_calls(client, calls);
    } else if (kind == "threads64") {
        if (calls % 64 != 0) die("calls must be a multiple of 64");
        didit::Client<didit::CurlTransport> client(options(port, 64));
        blocking_threads(client, calls, 64);
    } else if (kind == "async" || kind == "async64") {
        if (kind == "async64" && calls % 64 != 0) die("calls must be a multiple of 64");
        didit::Client<didit::CurlMultiTransport> client(options(port, 64));
        async_calls(client, calls, kind == "async" ? 1 : 64);
    } else {
        die("the kind is blocking, threads64, async or async64");
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "serve" && argc >= 4) return serve(std::atoi(argv[2]), argv[3]);
    if (mode == "latency" && argc >= 3) return latency(std::atoi(argv[2]), argc >= 4 ? std::atoi(argv[3]) : 9);
    if (mode == "one" && argc >= 5) return one_kind(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
    if (mode == "cpu" && argc >= 3) return cpu(std::atoi(argv[2]), argc >= 4 ? std::atoi(argv[3]) : 2048);
    std::fprintf(stderr,
                 "usage: async_bench serve <delay-ms> <fixtures-dir>\n"
                 "       async_bench latency <port> [rounds]\n"
                 "       async_bench cpu <port> [calls]\n"
                 "       async_bench one <port> <calls> <blocking|threads64|async|async64>\n");
    return 2;
}
