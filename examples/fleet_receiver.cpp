// SPDX-License-Identifier: MIT
// One instance of a webhook receiver fleet: verifies each delivery, handles it once across the
// fleet (Redis), and wakes await_decision on every instance (Redis pub/sub).
//
//   fleet_receiver --port N [--redis-host H] [--redis-port P] [--prefix P] [--lose-ack] [--fail-first]
//   fleet_receiver --await SESSION_ID [--seconds S] [--redis-host H] [--redis-port P] [--prefix P]
//
// The first form serves POST /webhook on 127.0.0.1:N. Secrets come from DIDIT_WEBHOOK_SECRET
// (several separated by commas: one per destination, or during a rotation). It prints one line
// per delivery: "handled <key> <session> <status>", "duplicate <key>" or "failed <key>".
// --lose-ack answers 500 after handling a delivery, as if the acknowledgement were lost (Didit
// then delivers it again); --fail-first makes the first handling fail, so its key is released
// and a later delivery of it is handled. SIGINT or SIGTERM stops it.
// The second form waits for a session's decision (DIDIT_API_KEY, DIDIT_BASE_URL), woken by the
// webhooks any instance receives; it prints "decision <session> <status>", exit 1 on Timeout.
#include <didit/didit.hpp>
#include <didit/redis.hpp>

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

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop = true; }

std::mutex g_out;
void say(const std::string& line) {
    std::lock_guard<std::mutex> lock(g_out);
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

int usage() {
    std::fprintf(stderr,
                 "usage: fleet_receiver --port N [--redis-host H] [--redis-port P] [--prefix P] [--lose-ack] "
                 "[--fail-first]\n"
                 "       fleet_receiver --await SESSION_ID [--seconds S] [--redis-host H] [--redis-port P] "
                 "[--prefix P]\n");
    return 2;
}

int await_decision(const std::string& session_id, int seconds, const didit::redis::ConnectionOptions& redis) {
    didit::Client<> client;  // DIDIT_API_KEY, DIDIT_BASE_URL
    didit::AwaitDecisionOptions o;
    o.signals = std::make_shared<didit::redis::RedisDecisionSignals>(redis);
    auto d = client.sessions().await_decision(session_id,
                                              std::chrono::steady_clock::now() + std::chrono::seconds(seconds), o);
    if (!d) {
        std::fprintf(stderr, "fleet_receiver: %s\n", d.error().to_string().c_str());
        return 1;
    }
    say("decision " + session_id + " " + std::string(d.value().status ? d.value().status->str() : "?"));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    didit::redis::ConnectionOptions redis;
    int port = -1, seconds = 60;
    bool lose_ack = false, fail_first = false;
    std::string await_id;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool has_value = i + 1 < argc;
        if (a == "--port" && has_value)
            port = std::atoi(argv[++i]);
        else if (a == "--redis-host" && has_value)
            redis.host = argv[++i];
        else if (a == "--redis-port" && has_value)
            redis.port = std::atoi(argv[++i]);
        else if (a == "--prefix" && has_value)
            redis.prefix = argv[++i];
        else if (a == "--await" && has_value)
            await_id = argv[++i];
        else if (a == "--seconds" && has_value)
            seconds = std::atoi(argv[++i]);
        else if (a == "--lose-ack")
            lose_ack = true;
        else if (a == "--fail-first")
            fail_first = true;
        else
            return usage();
    }
    if (!await_id.empty()) return await_decision(await_id, seconds, redis);
    if (port < 0 || port > 65535) return usage();

    std::vector<std::string> secrets;
    if (const char* env = std::getenv("DIDIT_WEBHOOK_SECRET")) {
        std::stringstream ss(env);
        for (std::string s; std::getline(ss, s, ',');)
            if (!s.empty()) secrets.push_back(s);
    }
    if (secrets.empty()) {
        std::fprintf(stderr, "fleet_receiver: set DIDIT_WEBHOOK_SECRET\n");
        return 2;
    }
    const didit::webhook::Verifier verifier(secrets);
    didit::redis::DeduplicatorOptions dopts;
    dopts.redis = redis;
    didit::redis::RedisDeduplicator dedup(dopts);
    didit::redis::RedisDecisionSignals signals(redis);
    std::atomic<bool> failed_once{false};

    httplib::Server server;
    server.Post("/webhook", [&](const httplib::Request& req, httplib::Response& res) {
        didit::Headers headers;
        for (const auto& h : req.headers) headers.set(h.first, h.second);
        auto ev = verifier.verify(headers, req.body);
        if (!ev) {
            res.status = 401;  // never acknowledge what does not verify
            return;
        }
        const std::string key = didit::webhook::delivery_key(*ev);
        if (!dedup.first_time(*ev)) {
            say("duplicate " + key);
            res.status = 200;  // handled elsewhere (or earlier): acknowledge, do nothing
            return;
        }
        // Your handling goes here (send the email, upgrade the account, ...).
        if (fail_first && !failed_once.exchange(true)) {
            dedup.release(*ev);  // so that Didit's next delivery of it is handled
            say("failed " + key);
            res.status = 500;
            return;
        }
        say("handled " + key + " " + ev->session_id.value_or("-") + " " +
            std::string(ev->status ? ev->status->str() : "-"));
        if (ev->session_id) signals.notify(*ev->session_id);  // wakes await_decision on every instance
        res.status = lose_ack ? 500 : 200;
    });

    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    if (!server.bind_to_port("127.0.0.1", port)) {
        std::fprintf(stderr, "fleet_receiver: cannot listen on 127.0.0.1:%d\n", port);
        return 1;
    }
    std::thread watcher([&] {
        while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        server.stop();
    });
    say("fleet_receiver listening on http://127.0.0.1:" + std::to_string(port) + "/webhook");
    server.listen_after_bind();
    g_stop = true;
    watcher.join();
    return 0;
}
