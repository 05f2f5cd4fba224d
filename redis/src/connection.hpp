// SPDX-License-Identifier: MIT
// One hiredis connection that reconnects by itself, with bounded timeouts (internal to the component).
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <didit/redis.hpp>

namespace didit {
namespace redis {
namespace detail {

struct ReplyFree {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

inline timeval to_timeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
    tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
    return tv;
}

/// A hiredis context guarded by a mutex. A failed command drops the context; the next command
/// after `reconnect_interval` connects again. State changes (lost, back) are logged once each.
class Connection {
public:
    explicit Connection(ConnectionOptions o, std::string what) : o_(std::move(o)), what_(std::move(what)) {}
    ~Connection() {
        if (ctx_) redisFree(ctx_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    const ConnectionOptions& options() const { return o_; }

    /// Runs one command (arguments binary-safe). nullptr when Redis cannot be reached now; a
    /// Redis error reply is returned as such.
    Reply command(const std::vector<std::string>& args) {
        std::lock_guard<std::mutex> lock(mu_);
        if (!ensure()) return nullptr;
        Reply r = run(args);
        if (!r) {
            // The connection broke mid-command (Redis went away, or timed out): drop it.
            drop("lost");
            return nullptr;
        }
        return r;
    }

    bool up() const {
        std::lock_guard<std::mutex> lock(mu_);
        return ctx_ != nullptr;
    }

    /// Called (under the lock) after every successful connect, e.g. to load a script.
    std::function<void()> on_connect;

    /// For on_connect: a command on the connection being set up (the lock is held).
    Reply run(const std::vector<std::string>& args) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        argv.reserve(args.size());
        lens.reserve(args.size());
        for (const auto& a : args) {
            argv.push_back(a.data());
            lens.push_back(a.size());
        }
        auto* raw =
            static_cast<redisReply*>(redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
        return Reply(raw);
    }

private:
    bool ensure() {
        if (ctx_) return true;
        auto now = std::chrono::steady_clock::now();
        if (tried_ && now < next_try_) return false;
        tried_ = true;
        next_try_ = now + o_.reconnect_interval;
        redisContext* c = redisConnectWithTimeout(o_.host.c_str(), o_.port, to_timeval(o_.connect_timeout));
        if (!c || c->err) {
            std::string why = c ? c->errstr : "out of memory";
            if (c) redisFree(c);
            report_down(why);
            return false;
        }
        redisSetTimeout(c, to_timeval(o_.command_timeout));
        ctx_ = c;
        auto setup_failed = [&](const char* step, const Reply& r) {
            std::string why = std::string(step) + ": " + (r && r->str ? std::string(r->str, r->len) : "no reply");
            drop(nullptr);
            report_down(why);
            return false;
        };
        if (!o_.password.empty()) {
            Reply r = run({"AUTH", o_.password});
            if (!r || r->type == REDIS_REPLY_ERROR) return setup_failed("AUTH", r);
        }
        if (o_.db != 0) {
            Reply r = run({"SELECT", std::to_string(o_.db)});
            if (!r || r->type == REDIS_REPLY_ERROR) return setup_failed("SELECT", r);
        }
        if (on_connect) on_connect();
        if (!ctx_) return false;
        if (down_) {
            down_ = false;
            log(what_ + ": Redis at " + o_.host + ":" + std::to_string(o_.port) + " is reachable again");
        }
        return true;
    }

    void drop(const char* why) {
        std::string err = ctx_ && ctx_->err ? std::string(ctx_->errstr) : std::string("connection closed");
        if (ctx_) redisFree(ctx_);
        ctx_ = nullptr;
        next_try_ = std::chrono::steady_clock::now() + o_.reconnect_interval;
        if (why) report_down(err);
    }

    void report_down(const std::string& why) {
        if (down_) return;
        down_ = true;
        log(what_ + ": Redis at " + o_.host + ":" + std::to_string(o_.port) + " cannot be reached (" + why + ")");
    }

    void log(const std::string& line) {
        if (o_.log)
            o_.log(line);
        else
            std::fprintf(stderr, "didit: %s\n", line.c_str());
    }

    ConnectionOptions o_;
    std::string what_;
    mutable std::mutex mu_;
    redisContext* ctx_ = nullptr;
    bool tried_ = false;
    bool down_ = false;
    std::chrono::steady_clock::time_point next_try_{};
};

}  // namespace detail
}  // namespace redis
}  // namespace didit
