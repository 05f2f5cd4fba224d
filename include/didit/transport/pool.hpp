// SPDX-License-Identifier: MIT
// WorkerPoolEngine: an AsyncEngine over a transport that only has a blocking `send`.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>
#include <didit/transport/async.hpp>

namespace didit {

/// An AsyncEngine in front of a transport that only has a blocking `send` (CurlTransport,
/// MockTransport, your own): `workers` threads send, at most that many at once, and one timer
/// thread runs the timers. The client makes one on its first asynchronous call, with
/// ClientOptions::async_workers threads (default 4), unless its transport is itself an engine.
///
/// `send` is then called from several threads at once: the transport must be thread-safe
/// (CurlTransport and MockTransport are). Transfer handlers run on the worker that sent, timer
/// tasks on the timer thread. Cancelling a transfer that is already being sent cannot stop the
/// exchange; its handler gets ErrorKind::Cancelled when it ends, and the response is dropped.
class WorkerPoolEngine final : public AsyncEngine {
public:
    /// The blocking exchange the workers run (a transport's `send`).
    using Send = std::function<Result<HttpResponse>(const HttpRequest&)>;

    /// Starts `workers` sending threads (at least 1) and the timer thread. `send` gets requests
    /// with their body in `HttpRequest::body`, unless `send_reads_body_source` says that it reads
    /// a streamed `body_source` itself (as send_request does for any transport).
    DIDIT_INLINE WorkerPoolEngine(Send send, std::size_t workers, bool send_reads_body_source = false);
    /// Completes every transfer not yet sent with ErrorKind::Cancelled, waits for those being
    /// sent (their handlers get Cancelled), drops every timer and joins the threads.
    DIDIT_INLINE ~WorkerPoolEngine() override;
    /// Not copyable: it owns threads.
    WorkerPoolEngine(const WorkerPoolEngine&) = delete;
    /// Not copyable: it owns threads.
    WorkerPoolEngine& operator=(const WorkerPoolEngine&) = delete;
    /// Not movable: its threads point at it.
    WorkerPoolEngine(WorkerPoolEngine&&) = delete;
    /// Not movable: its threads point at it.
    WorkerPoolEngine& operator=(WorkerPoolEngine&&) = delete;

    /// Queues the exchange for the next free worker (FIFO).
    DIDIT_INLINE Id send_async(HttpRequest request, SendHandler done) override;
    /// Runs `task` on the timer thread once `delay` has passed.
    DIDIT_INLINE Id schedule(std::chrono::milliseconds delay, Task task) override;
    /// See AsyncEngine::cancel.
    DIDIT_INLINE bool cancel(Id id) override;
    /// True on a worker or on the timer thread.
    DIDIT_INLINE bool on_engine_thread() const override;
    /// Whether requests reach `send` as they are, streamed body included (the constructor's
    /// `send_reads_body_source`); when false, the client reads a streamed body into `body` first.
    bool streams_body_source() const override { return streams_; }

    /// How many sending threads it has.
    std::size_t workers() const noexcept { return threads_.size(); }

private:
    struct Job {
        Id id;
        HttpRequest request;
        SendHandler done;
    };
    DIDIT_INLINE void work();
    DIDIT_INLINE void tick();
    DIDIT_INLINE static const WorkerPoolEngine*& current();

    Send send_;
    bool streams_ = false;
    mutable std::mutex mutex_;
    std::condition_variable jobs_cv_;
    std::condition_variable timers_cv_;
    std::deque<Job> jobs_;
    std::unordered_map<Id, bool> transfers_;  ///< live transfers: cancelled?
    std::multimap<std::chrono::steady_clock::time_point, std::pair<Id, Task>> timers_;
    std::unordered_map<Id, std::chrono::steady_clock::time_point> timer_at_;
    Id next_id_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    std::thread timer_thread_;
};

}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {

DIDIT_INLINE const WorkerPoolEngine*& WorkerPoolEngine::current() {
    thread_local const WorkerPoolEngine* engine = nullptr;
    return engine;
}

DIDIT_INLINE WorkerPoolEngine::WorkerPoolEngine(Send send, std::size_t workers, bool send_reads_body_source)
    : send_(std::move(send)), streams_(send_reads_body_source) {
    if (workers == 0) workers = 1;
    threads_.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    timer_thread_ = std::thread([this] { tick(); });
}

DIDIT_INLINE WorkerPoolEngine::~WorkerPoolEngine() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    jobs_cv_.notify_all();
    timers_cv_.notify_all();
    for (auto& t : threads_) t.join();
    timer_thread_.join();
    // A handler that ran during shutdown may have queued one more exchange: it is cancelled too.
    for (Job& job : jobs_) job.done(make_error(ErrorKind::Cancelled, "the engine was destroyed"));
}

DIDIT_INLINE AsyncEngine::Id WorkerPoolEngine::send_async(HttpRequest request, SendHandler done) {
    Id id = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        id = ++next_id_;
        transfers_.emplace(id, false);
        jobs_.push_back(Job{id, std::move(request), std::move(done)});
    }
    jobs_cv_.notify_one();
    return id;
}

DIDIT_INLINE AsyncEngine::Id WorkerPoolEngine::schedule(std::chrono::milliseconds delay, Task task) {
    Id id = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        id = ++next_id_;
        const auto at = std::chrono::steady_clock::now() + (std::max)(delay, std::chrono::milliseconds(0));
        timers_.emplace(at, std::make_pair(id, std::move(task)));
        timer_at_.emplace(id, at);
    }
    timers_cv_.notify_one();
    return id;
}

DIDIT_INLINE bool WorkerPoolEngine::cancel(Id id) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto t = transfers_.find(id); t != transfers_.end()) {
        if (t->second) return false;
        t->second = true;
        return true;
    }
    auto at = timer_at_.find(id);
    if (at == timer_at_.end()) return false;
    auto range = timers_.equal_range(at->second);
    for (auto it = range.first; it != range.second; ++it)
        if (it->second.first == id) {
            timers_.erase(it);
            break;
        }
    timer_at_.erase(at);
    return true;
}

DIDIT_INLINE bool WorkerPoolEngine::on_engine_thread() const { return current() == this; }

DIDIT_INLINE void WorkerPoolEngine::work() {
    current() = this;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        jobs_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and nothing left to complete
        Job job = std::move(jobs_.front());
        jobs_.pop_front();
        bool cancelled = stopping_ || transfers_[job.id];
        lock.unlock();
        Result<HttpResponse> result{Error{}};
        if (!cancelled) result = send_(job.request);
        lock.lock();
        cancelled = cancelled || transfers_[job.id];
        transfers_.erase(job.id);
        lock.unlock();
        if (cancelled) result = make_error(ErrorKind::Cancelled, "the request was cancelled");
        job.done(std::move(result));
        job.done = nullptr;  // whatever the handler holds is released on this thread, now
        lock.lock();
    }
}

DIDIT_INLINE void WorkerPoolEngine::tick() {
    current() = this;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
        if (timers_.empty()) {
            timers_cv_.wait(lock);
            continue;
        }
        auto first = timers_.begin();
        // A copy: the wait releases the lock, and cancel() may erase the node meanwhile.
        const auto due = first->first;
        if (due > std::chrono::steady_clock::now()) {
            timers_cv_.wait_until(lock, due);
            continue;
        }
        Task task = std::move(first->second.second);
        timer_at_.erase(first->second.first);
        timers_.erase(first);
        lock.unlock();
        task();
        task = nullptr;
        lock.lock();
    }
    timers_.clear();
    timer_at_.clear();
}

}  // namespace didit
#endif  // DIDIT_DEFINITIONS
