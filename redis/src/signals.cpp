// SPDX-License-Identifier: MIT
// RedisDecisionSignals: PUBLISH on notify, and a subscriber thread that wakes this process's watches.
#include <poll.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <thread>

#include "connection.hpp"

namespace didit {
namespace redis {

struct RedisDecisionSignals::Impl {
    explicit Impl(ConnectionOptions o)
        : opts(std::move(o)), channel(opts.prefix + ":decisions"), publisher(opts, "decision signals") {
        subscriber = std::thread([this] { run(); });
    }
    ~Impl() {
        {
            std::lock_guard<std::mutex> lock(mu);
            stop = true;
        }
        cv.notify_all();
        subscriber.join();
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    void log(const std::string& line) const {
        if (opts.log)
            opts.log(line);
        else
            std::fprintf(stderr, "didit: %s\n", line.c_str());
    }

    bool stopping() {
        std::lock_guard<std::mutex> lock(mu);
        return stop;
    }

    // Subscribes, then reads messages until Redis goes or the object is destroyed; repeats.
    void run() {
        bool lost_logged = false;
        while (!stopping()) {
            redisContext* c =
                redisConnectWithTimeout(opts.host.c_str(), opts.port, detail::to_timeval(opts.connect_timeout));
            bool ok = c && !c->err;
            if (ok) {
                redisSetTimeout(c, detail::to_timeval(opts.command_timeout));
                if (!opts.password.empty()) {
                    detail::Reply r(static_cast<redisReply*>(redisCommand(c, "AUTH %s", opts.password.c_str())));
                    ok = r && r->type != REDIS_REPLY_ERROR;
                }
            }
            if (ok) {
                detail::Reply r(
                    static_cast<redisReply*>(redisCommand(c, "SUBSCRIBE %b", channel.data(), channel.size())));
                ok = r && r->type == REDIS_REPLY_ARRAY;
            }
            if (ok) {
                if (lost_logged)
                    log("decision signals: subscribed again to Redis at " + opts.host + ":" +
                        std::to_string(opts.port));
                lost_logged = false;
                is_subscribed = true;
                read_messages(c);
                is_subscribed = false;
            }
            if (c) redisFree(c);
            if (!lost_logged && !stopping()) {
                log("decision signals: Redis at " + opts.host + ":" + std::to_string(opts.port) +
                    " cannot be reached; waiting by polling until it is back");
                lost_logged = true;
            }
            std::unique_lock<std::mutex> lock(mu);
            cv.wait_for(lock, opts.reconnect_interval, [&] { return stop; });
        }
    }

    void read_messages(redisContext* c) {
        while (!stopping()) {
            void* raw = nullptr;
            if (redisGetReplyFromReader(c, &raw) != REDIS_OK) return;
            if (raw) {
                detail::Reply r(static_cast<redisReply*>(raw));
                if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 && r->element[2]->type == REDIS_REPLY_STRING &&
                    std::string_view(r->element[0]->str, r->element[0]->len) == "message")
                    local.notify(std::string_view(r->element[2]->str, r->element[2]->len));
                continue;
            }
            // Wait for bytes a short while at a time, so destruction is never kept waiting long.
            pollfd p{c->fd, POLLIN, 0};
            int n = ::poll(&p, 1, 100);
            if (n < 0 && errno != EINTR) return;
            if (n > 0 && redisBufferRead(c) != REDIS_OK) return;  // Redis closed the connection
        }
    }

    ConnectionOptions opts;
    std::string channel;
    detail::Connection publisher;
    LocalDecisionSignals local;
    std::atomic<bool> is_subscribed{false};
    std::mutex mu;
    std::condition_variable cv;
    bool stop = false;
    std::thread subscriber;  // last: starts once everything above exists
};

RedisDecisionSignals::RedisDecisionSignals(ConnectionOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
RedisDecisionSignals::~RedisDecisionSignals() = default;

std::unique_ptr<DecisionSignals::Watch> RedisDecisionSignals::watch(std::string_view session_id) {
    return impl_->local.watch(session_id);
}

void RedisDecisionSignals::notify(std::string_view session_id) {
    detail::Reply r = impl_->publisher.command({"PUBLISH", impl_->channel, std::string(session_id)});
    // Unpublished, or published while this instance's own subscription is down: wake locally.
    if (!r || r->type != REDIS_REPLY_INTEGER || !impl_->is_subscribed) impl_->local.notify(session_id);
}

bool RedisDecisionSignals::subscribed() const { return impl_->is_subscribed; }

}  // namespace redis
}  // namespace didit
