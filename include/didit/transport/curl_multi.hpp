// SPDX-License-Identifier: MIT
// CurlMultiTransport: many transfers and timers on one thread, through libcurl's multi socket interface.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include <didit/detail/config.hpp>
#include <didit/http.hpp>
#include <didit/result.hpp>
#include <didit/transport/async.hpp>
#include <didit/transport/curl.hpp>

namespace didit {

/// How your own event loop (Boost.Asio, libuv, epoll, ...) drives a CurlMultiTransport in
/// external-loop mode, instead of the transport's own thread. The engine tells the loop what to
/// watch through these callbacks; the loop reports back through CurlMultiTransport::on_socket,
/// on_timeout and on_wake, always from the loop's one thread.
///
/// `watch` and `set_timeout` are called only from inside those three calls (and from the
/// destructor), so on the loop's thread. `wake` is called from any thread, also from inside
/// them: it must be thread-safe and must only arrange for on_wake() to be called soon on the
/// loop's thread (e.g. `asio::post`, `uv_async_send`), never call into the engine itself.
/// Readiness is level-triggered: while a watched socket stays ready, keep calling on_socket.
/// Once the engine is destroyed, drop any wake-up it asked for earlier that is still queued.
struct CurlEventLoop {
    /// What the engine wants to hear about one socket.
    enum class Interest {
        None,      ///< stop watching it (it may be closed right after)
        Read,      ///< report when it is readable
        Write,     ///< report when it is writable
        ReadWrite  ///< report either
    };
    /// Watch `fd` for `interest` from now on, replacing what was asked for it before.
    std::function<void(curl_socket_t fd, Interest interest)> watch;
    /// Call on_timeout() once `delay` has passed, replacing any earlier request; nullopt: no
    /// timeout is wanted. A zero delay means as soon as possible (not from inside this call).
    std::function<void(std::optional<std::chrono::milliseconds> delay)> set_timeout;
    /// Arrange for on_wake() to be called soon on the loop's thread (thread-safe; see above).
    std::function<void()> wake;
};

/// An asynchronous engine (AsyncEngine) and a transport in one: HTTP exchanges run as transfers
/// of one libcurl multi handle, driven through curl's socket interface, together with the
/// engine's timers. Each exchange behaves exactly like CurlTransport's (same options, time
/// limits, body cap, no redirects, http and https only, a body sent at most once, the same
/// Error kinds), and connections are reused across transfers.
///
/// By default it runs its own engine thread, started on first use and joined by the destructor;
/// every handler runs on that thread. Constructed with a CurlEventLoop it starts no thread and
/// your loop drives it instead (external-loop mode); handlers then run on your loop's thread.
///
/// It is also a plain transport: send() submits the request and waits for its outcome, so one
/// `Client<CurlMultiTransport>` serves synchronous and asynchronous calls. Copies share one
/// engine; the last copy to go completes every pending transfer with ErrorKind::Cancelled (on
/// the engine's thread, or in external-loop mode on the destroying thread, which should be the
/// loop's) and drops every pending timer. Every member is thread-safe, except that on_socket,
/// on_timeout and on_wake belong to the one loop thread. POSIX only (poll and a pipe).
class CurlMultiTransport : public AsyncEngine {
public:
    /// An engine with its own thread (started on first use). Initializes libcurl globally once
    /// per process, thread-safely.
    explicit CurlMultiTransport(CurlOptions options = {});
    /// An engine driven by your event loop (see CurlEventLoop); it starts no thread.
    CurlMultiTransport(CurlOptions options, CurlEventLoop loop);

    /// Starts one exchange; `done` gets its outcome on the engine's thread (see AsyncEngine).
    DIDIT_INLINE Id send_async(HttpRequest request, SendHandler done) override;
    /// Runs `task` on the engine's thread once `delay` has passed (see AsyncEngine).
    DIDIT_INLINE Id schedule(std::chrono::milliseconds delay, Task task) override;
    /// Cancels a transfer (its handler gets ErrorKind::Cancelled) or a timer (it never runs);
    /// false when it had already completed or never existed.
    DIDIT_INLINE bool cancel(Id id) override;
    /// True on the thread that runs the handlers: the engine's own thread, or in external-loop
    /// mode the thread that last called on_socket, on_timeout or on_wake.
    DIDIT_INLINE bool on_engine_thread() const override;
    /// True: a streamed body is read chunk by chunk while it is sent (detail::CurlExchange).
    bool streams_body_source() const override { return true; }
    /// A streamed body (HttpRequest::body_source) is read chunk by chunk while it is sent.
    static constexpr bool reads_body_source = true;

    /// One exchange, waiting for its outcome: the transport contract (never retries, never
    /// throws, a body is sent at most once). Called on the engine's thread (from a handler) it
    /// would wait for itself, so it returns an InvalidArgument error instead. In external-loop
    /// mode, call it only from threads other than the loop's: it waits for the loop to run.
    Result<HttpResponse> send(const HttpRequest& req);

    /// External-loop mode: `fd` became readable and/or writable (or failed: report both).
    /// Runs curl on it, then whatever work and timers are due, and their handlers. Ignored by
    /// an engine with its own thread.
    void on_socket(curl_socket_t fd, bool readable, bool writable);
    /// External-loop mode: the delay last passed to CurlEventLoop::set_timeout has passed.
    /// Ignored by an engine with its own thread.
    void on_timeout();
    /// External-loop mode: the engine asked for this through CurlEventLoop::wake. Ignored by an
    /// engine with its own thread.
    void on_wake();

    /// "curl/<version>" plus the configured suffix, for the User-Agent.
    std::string name() const;
    /// The options it was made with.
    const CurlOptions& options() const noexcept;

private:
    class Core;
    class Owner;
    std::shared_ptr<Owner> owner_;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
/// \cond DIDIT_INTERNAL

// The engine's state. Everything under `mutex` may be touched by any thread; the rest belongs
// to the thread that drives the engine (the own thread, or the external loop's).
class CurlMultiTransport::Core {
public:
    using Clock = std::chrono::steady_clock;

    Core(CurlOptions o, std::optional<CurlEventLoop> l);
    ~Core();
    Core(const Core&) = delete;
    Core& operator=(const Core&) = delete;
    Core(Core&&) = delete;
    Core& operator=(Core&&) = delete;

    Id send_async(HttpRequest request, SendHandler done);
    Id schedule(std::chrono::milliseconds delay, Task task);
    bool cancel(Id id);
    bool on_engine_thread() const { return engine_thread_.load() == std::this_thread::get_id(); }
    void enter() { engine_thread_.store(std::this_thread::get_id()); }

    void socket_ready(curl_socket_t fd, int mask);  // curl_multi_socket_action, then pump
    void timeout_due();
    void woken();
    void run_own_loop();  // the own thread's body: poll() until stopped, then shut down
    void stop();          // asks the loop to end (own thread) and refuses new timers
    void shut_down();     // completes everything pending with Cancelled; drops timers

    CurlOptions options;
    std::string name;

private:
    struct Transfer {
        Id id = 0;
        HttpRequest request;
        SendHandler done;
        CURL* easy = nullptr;    // set while it is a transfer of the multi handle
        bool cancelled = false;  // under mutex
        bool delivered = false;  // engine thread
        detail::CurlExchange exchange;
    };
    struct Ready {
        std::shared_ptr<Transfer> transfer;
        Result<HttpResponse> outcome;
    };

    static int on_curl_socket(CURL*, curl_socket_t fd, int what, void* user, void*);
    static int on_curl_timer(CURLM*, long timeout_ms, void* user);
    void watch(curl_socket_t fd, CurlEventLoop::Interest interest);
    void wake();
    void pump();
    void start(const std::shared_ptr<Transfer>& t, std::vector<Ready>& ready);
    void detach(Transfer& t);
    void release_easy(CURL* h);
    static Error cancelled_error(bool started);
    void report_deadline(std::optional<Clock::time_point> next);

    std::optional<CurlEventLoop> loop_;  // external-loop mode when set
    CURLM* multi_ = nullptr;
    std::atomic<std::thread::id> engine_thread_{};
    std::atomic<bool> wake_pending_{false};
    std::atomic<bool> closing_{false};  // external mode: no more wake() calls into the loop

    // Engine thread only.
    bool pumping_ = false;
    std::optional<Clock::time_point> curl_deadline_;
    std::vector<CURL*> idle_;
    std::optional<Clock::time_point> reported_;  // external mode: what set_timeout last heard
    bool reported_once_ = false;
    std::map<curl_socket_t, short> watched_;  // own-thread mode: poll() events per socket
    std::optional<Clock::time_point> own_deadline_;
    int wake_pipe_[2] = {-1, -1};

    // Any thread, under mutex.
    std::mutex mutex_;
    bool stopping_ = false;
    Id next_id_ = 1;
    std::unordered_map<Id, std::shared_ptr<Transfer>> live_;  // submitted, not completed or cancelled
    std::vector<std::shared_ptr<Transfer>> incoming_;         // submitted, not yet started
    std::vector<std::shared_ptr<Transfer>> cancelled_;        // cancelled, handler not yet run
    std::map<std::pair<Clock::time_point, Id>, Task> timers_;
    std::unordered_map<Id, Clock::time_point> timer_due_;
};

// Owns the engine for every copy of the transport, and the own thread that drives it.
class CurlMultiTransport::Owner {
public:
    explicit Owner(std::shared_ptr<Core> c) : core(std::move(c)) {}
    ~Owner();
    Owner(const Owner&) = delete;
    Owner& operator=(const Owner&) = delete;
    Owner(Owner&&) = delete;
    Owner& operator=(Owner&&) = delete;

    Core& started() {
        if (own_thread) {
            std::call_once(once, [this] {
                // The thread shares the core, so the core outlives a destructor that runs on
                // the thread itself (a handler dropping the last copy).
                std::shared_ptr<Core> c = core;
                thread = std::thread([c] { c->run_own_loop(); });
            });
        }
        return *core;
    }

    std::shared_ptr<Core> core;
    bool own_thread = true;
    std::once_flag once;
    std::thread thread;
};

DIDIT_INLINE CurlMultiTransport::CurlMultiTransport(CurlOptions options)
    : owner_(std::make_shared<Owner>(std::make_shared<Core>(std::move(options), std::nullopt))) {}

DIDIT_INLINE CurlMultiTransport::CurlMultiTransport(CurlOptions options, CurlEventLoop loop)
    : owner_(std::make_shared<Owner>(std::make_shared<Core>(std::move(options), std::move(loop)))) {
    owner_->own_thread = false;
}

DIDIT_INLINE AsyncEngine::Id CurlMultiTransport::send_async(HttpRequest request, SendHandler done) {
    return owner_->started().send_async(std::move(request), std::move(done));
}

DIDIT_INLINE AsyncEngine::Id CurlMultiTransport::schedule(std::chrono::milliseconds delay, Task task) {
    return owner_->started().schedule(delay, std::move(task));
}

DIDIT_INLINE bool CurlMultiTransport::cancel(Id id) { return owner_->core->cancel(id); }

DIDIT_INLINE bool CurlMultiTransport::on_engine_thread() const { return owner_->core->on_engine_thread(); }

DIDIT_INLINE Result<HttpResponse> CurlMultiTransport::send(const HttpRequest& req) {
    if (owner_->core->on_engine_thread())
        return make_error(ErrorKind::InvalidArgument,
                          "CurlMultiTransport::send was called on the engine's own thread, where waiting for the "
                          "response would deadlock; use send_async there");
    struct Wait {
        std::mutex mutex;
        std::condition_variable cv;
        std::optional<Result<HttpResponse>> outcome;
    };
    auto w = std::make_shared<Wait>();
    send_async(req, [w](Result<HttpResponse> r) {
        std::lock_guard<std::mutex> lock(w->mutex);
        w->outcome.emplace(std::move(r));
        w->cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(w->mutex);
    w->cv.wait(lock, [&] { return w->outcome.has_value(); });
    return std::move(*w->outcome);
}

DIDIT_INLINE void CurlMultiTransport::on_socket(curl_socket_t fd, bool readable, bool writable) {
    if (owner_->own_thread) return;  // its own thread drives it
    // Held here: a handler may drop the last copy of the transport while the engine runs it.
    std::shared_ptr<Core> core = owner_->core;
    core->socket_ready(fd, (readable ? CURL_CSELECT_IN : 0) | (writable ? CURL_CSELECT_OUT : 0));
}

DIDIT_INLINE void CurlMultiTransport::on_timeout() {
    if (owner_->own_thread) return;
    std::shared_ptr<Core> core = owner_->core;
    core->timeout_due();
}

DIDIT_INLINE void CurlMultiTransport::on_wake() {
    if (owner_->own_thread) return;
    std::shared_ptr<Core> core = owner_->core;
    core->woken();
}

DIDIT_INLINE std::string CurlMultiTransport::name() const { return owner_->core->name; }

DIDIT_INLINE const CurlOptions& CurlMultiTransport::options() const noexcept { return owner_->core->options; }

DIDIT_INLINE CurlMultiTransport::Owner::~Owner() {
    core->stop();
    if (thread.joinable()) {
        if (thread.get_id() == std::this_thread::get_id())
            thread.detach();  // the last copy went inside a handler; the thread finishes alone
        else
            thread.join();
    } else if (!own_thread) {
        core->enter();
        core->shut_down();
    }
}

DIDIT_INLINE CurlMultiTransport::Core::Core(CurlOptions o, std::optional<CurlEventLoop> l)
    : options(std::move(o)), loop_(std::move(l)) {
    detail::curl_global_once();
    name = detail::curl_name(options);
    multi_ = curl_multi_init();  // NOLINT(cppcoreguidelines-prefer-member-initializer): after curl_global_once
    if (multi_) {
        curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Core::on_curl_socket);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Core::on_curl_timer);
        curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    }
    if (!loop_ && ::pipe(wake_pipe_) == 0) {
        for (int fd : wake_pipe_) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
}

DIDIT_INLINE CurlMultiTransport::Core::~Core() {
    if (multi_) curl_multi_cleanup(multi_);  // closes the cached connections (watch(fd, None) for each)
    for (CURL* h : idle_) curl_easy_cleanup(h);
    for (int fd : wake_pipe_)
        if (fd >= 0) ::close(fd);
}

DIDIT_INLINE AsyncEngine::Id CurlMultiTransport::Core::send_async(HttpRequest request, SendHandler done) {
    auto t = std::make_shared<Transfer>();
    t->request = std::move(request);
    t->done = std::move(done);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        t->id = next_id_++;
        live_.emplace(t->id, t);
        incoming_.push_back(t);
    }
    wake();
    return t->id;
}

DIDIT_INLINE AsyncEngine::Id CurlMultiTransport::Core::schedule(std::chrono::milliseconds delay, Task task) {
    const Clock::time_point due = Clock::now() + (std::max)(delay, std::chrono::milliseconds(0));
    Id id = 0;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        id = next_id_++;
        if (stopping_) return id;  // a timer set while the engine goes away never runs
        timers_.emplace(std::make_pair(due, id), std::move(task));
        timer_due_.emplace(id, due);
    }
    wake();
    return id;
}

DIDIT_INLINE bool CurlMultiTransport::Core::cancel(Id id) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        auto timer = timer_due_.find(id);
        if (timer != timer_due_.end()) {
            timers_.erase(std::make_pair(timer->second, id));
            timer_due_.erase(timer);
            return true;
        }
        auto it = live_.find(id);
        if (it == live_.end()) return false;
        it->second->cancelled = true;
        cancelled_.push_back(std::move(it->second));
        live_.erase(it);
    }
    wake();
    return true;
}

DIDIT_INLINE void CurlMultiTransport::Core::wake() {
    // Inside pump() on the engine's thread the loop picks new work up by itself.
    if (on_engine_thread() && pumping_) return;
    if (wake_pending_.exchange(true)) return;
    if (loop_) {
        if (closing_.load()) return;
        if (loop_->wake) loop_->wake();
    } else if (wake_pipe_[1] >= 0) {
        const char byte = 1;
        ssize_t n = ::write(wake_pipe_[1], &byte, 1);
        (void)n;  // a full pipe already holds a wake-up
    }
}

DIDIT_INLINE int CurlMultiTransport::Core::on_curl_socket(CURL*, curl_socket_t fd, int what, void* user, void*) {
    auto* self = static_cast<Core*>(user);
    using I = CurlEventLoop::Interest;
    I interest = what == CURL_POLL_IN      ? I::Read
                 : what == CURL_POLL_OUT   ? I::Write
                 : what == CURL_POLL_INOUT ? I::ReadWrite
                                           : I::None;
    self->watch(fd, interest);
    return 0;
}

DIDIT_INLINE int CurlMultiTransport::Core::on_curl_timer(CURLM*, long timeout_ms, void* user) {
    auto* self = static_cast<Core*>(user);
    if (timeout_ms < 0)
        self->curl_deadline_.reset();
    else
        self->curl_deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
    return 0;
}

DIDIT_INLINE void CurlMultiTransport::Core::watch(curl_socket_t fd, CurlEventLoop::Interest interest) {
    if (loop_) {
        if (loop_->watch) loop_->watch(fd, interest);
        return;
    }
    using I = CurlEventLoop::Interest;
    if (interest == I::None) {
        watched_.erase(fd);
        return;
    }
    short events = 0;
    if (interest == I::Read || interest == I::ReadWrite) events |= POLLIN;
    if (interest == I::Write || interest == I::ReadWrite) events |= POLLOUT;
    watched_[fd] = events;
}

DIDIT_INLINE void CurlMultiTransport::Core::socket_ready(curl_socket_t fd, int mask) {
    enter();
    if (multi_) {
        int running = 0;
        curl_multi_socket_action(multi_, fd, mask, &running);
    }
    pump();
}

DIDIT_INLINE void CurlMultiTransport::Core::timeout_due() {
    enter();
    reported_once_ = false;  // the loop's timer has fired: the next deadline is news again
    pump();
}

DIDIT_INLINE void CurlMultiTransport::Core::woken() {
    enter();
    wake_pending_.store(false);
    pump();
}

DIDIT_INLINE Error CurlMultiTransport::Core::cancelled_error(bool started) {
    Error e = make_error(ErrorKind::Cancelled, "the request was cancelled before it completed");
    e.attempts = started ? 1 : 0;
    e.not_sent = !started;
    return e;
}

DIDIT_INLINE void CurlMultiTransport::Core::release_easy(CURL* h) {
    if (idle_.size() < 64)
        idle_.push_back(h);
    else
        curl_easy_cleanup(h);
}

DIDIT_INLINE void CurlMultiTransport::Core::detach(Transfer& t) {
    if (!t.easy) return;
    curl_multi_remove_handle(multi_, t.easy);
    t.exchange.end(t.easy);
    release_easy(t.easy);
    t.easy = nullptr;
}

DIDIT_INLINE void CurlMultiTransport::Core::start(const std::shared_ptr<Transfer>& t, std::vector<Ready>& ready) {
    auto fail = [&](Error e) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (t->cancelled) return;  // its Cancelled is on the way
            live_.erase(t->id);
        }
        ready.push_back(Ready{t, std::move(e)});
    };
    if (!multi_) return fail(make_error(ErrorKind::Transport, "curl_multi_init failed"));
    CURL* h = nullptr;
    if (!idle_.empty()) {
        h = idle_.back();
        idle_.pop_back();
    } else {
        h = curl_easy_init();
        if (!h) return fail(make_error(ErrorKind::Transport, "curl_easy_init failed"));
        detail::curl_configure(h, options);
    }
    auto begun = t->exchange.begin(h, t->request, options);
    if (!begun.ok()) {
        release_easy(h);
        return fail(begun.error());
    }
    curl_easy_setopt(h, CURLOPT_PRIVATE, static_cast<void*>(t.get()));
    if (curl_multi_add_handle(multi_, h) != CURLM_OK) {
        t->exchange.end(h);
        release_easy(h);
        return fail(make_error(ErrorKind::Transport, "curl_multi_add_handle failed"));
    }
    t->easy = h;
}

DIDIT_INLINE void CurlMultiTransport::Core::pump() {
    pumping_ = true;
    bool busy = false;
    // Bounded, so that handlers which keep adding work at once cannot starve the sockets.
    for (int round = 0; round < 64; ++round) {
        busy = false;
        std::vector<std::shared_ptr<Transfer>> incoming, cancelled;
        std::vector<Ready> ready;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            incoming.swap(incoming_);
            cancelled.swap(cancelled_);
            // A transfer cancelled before it started is in both lists; it only needs its Cancelled.
            incoming.erase(std::remove_if(incoming.begin(), incoming.end(),
                                          [](const std::shared_ptr<Transfer>& t) { return t->cancelled; }),
                           incoming.end());
        }
        for (auto& t : cancelled) {
            const bool started = t->easy != nullptr;
            detach(*t);
            ready.push_back(Ready{t, cancelled_error(started)});
        }
        for (auto& t : incoming) start(t, ready);
        if (multi_ && curl_deadline_ && Clock::now() >= *curl_deadline_) {
            curl_deadline_.reset();
            int running = 0;
            curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
            busy = true;
        }
        int left = 0;
        while (CURLMsg* m = multi_ ? curl_multi_info_read(multi_, &left) : nullptr) {
            if (m->msg != CURLMSG_DONE) continue;
            CURL* h = m->easy_handle;
            const CURLcode rc = m->data.result;  // NOLINT(cppcoreguidelines-pro-type-union-access): curl's API
            void* raw = nullptr;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, &raw);
            auto* t = static_cast<Transfer*>(raw);
            std::shared_ptr<Transfer> owned;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (t->cancelled) continue;  // cancel() won: its round detaches it
                auto it = live_.find(t->id);
                owned = std::move(it->second);
                live_.erase(it);
            }
            curl_multi_remove_handle(multi_, h);
            t->exchange.end(h);
            Result<HttpResponse> outcome = t->exchange.finish(h, rc);
            release_easy(h);
            t->easy = nullptr;
            ready.push_back(Ready{std::move(owned), std::move(outcome)});
        }
        if (!incoming.empty() || !cancelled.empty() || !ready.empty()) busy = true;
        for (auto& r : ready) {
            if (r.transfer->delivered) continue;
            r.transfer->delivered = true;
            SendHandler done = std::move(r.transfer->done);
            r.transfer.reset();
            if (done) done(std::move(r.outcome));
        }
        // Due timers one at a time, so that a task may still cancel a later one due now too.
        const Clock::time_point now = Clock::now();
        for (int ran = 0; ran < 1024; ++ran) {
            Task task;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (timers_.empty() || timers_.begin()->first.first > now) break;
                timer_due_.erase(timers_.begin()->first.second);
                task = std::move(timers_.begin()->second);
                timers_.erase(timers_.begin());
            }
            busy = true;
            if (task) task();
        }
        if (!busy) break;
    }
    pumping_ = false;

    std::optional<Clock::time_point> next = curl_deadline_;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!incoming_.empty() || !cancelled_.empty()) next = Clock::now();
        if (!timers_.empty() && (!next || timers_.begin()->first.first < *next)) next = timers_.begin()->first.first;
    }
    if (busy) next = Clock::now();  // the round limit was reached: come back at once
    report_deadline(next);
}

DIDIT_INLINE void CurlMultiTransport::Core::report_deadline(std::optional<Clock::time_point> next) {
    if (!loop_) {
        own_deadline_ = next;
        return;
    }
    if (reported_once_ && reported_ == next) return;
    reported_once_ = true;
    reported_ = next;
    if (!loop_->set_timeout) return;
    if (!next) {
        loop_->set_timeout(std::nullopt);
        return;
    }
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    loop_->set_timeout((std::max)(wait, std::chrono::milliseconds(0)));
}

DIDIT_INLINE void CurlMultiTransport::Core::stop() {
    closing_.store(true);
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    timers_.clear();
    timer_due_.clear();
    if (!loop_ && wake_pipe_[1] >= 0) {
        const char byte = 1;
        ssize_t n = ::write(wake_pipe_[1], &byte, 1);
        (void)n;
    }
}

DIDIT_INLINE void CurlMultiTransport::Core::run_own_loop() {
    enter();
    std::vector<pollfd> fds;
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopping_) break;
        }
        fds.clear();
        fds.push_back(pollfd{wake_pipe_[0], POLLIN, 0});
        for (const auto& w : watched_) fds.push_back(pollfd{w.first, w.second, 0});
        int timeout = -1;
        if (own_deadline_) {
            auto wait = std::chrono::ceil<std::chrono::milliseconds>(*own_deadline_ - Clock::now()).count();
            timeout = static_cast<int>((std::min)((std::max)(wait, decltype(wait){0}), decltype(wait){60000}));
        }
        if (wake_pipe_[0] < 0 && (timeout < 0 || timeout > 10)) timeout = 10;  // no pipe: look for work often
        int n = ::poll(fds.data(), static_cast<nfds_t>(fds.size()), timeout);
        if (n < 0 && errno != EINTR) break;  // cannot wait any more: shut down rather than spin
        if (n > 0) {
            if (fds[0].revents & POLLIN) {
                char buf[64];
                // Drain the wake-ups; a short read means the pipe is empty, with no second call.
                while (::read(wake_pipe_[0], buf, sizeof buf) == static_cast<ssize_t>(sizeof buf)) {}
                wake_pending_.store(false);
            }
            for (std::size_t i = 1; i < fds.size(); ++i) {
                const short r = fds[i].revents;
                if (!r) continue;
                if (r & POLLNVAL) {
                    watched_.erase(fds[i].fd);
                    continue;
                }
                int mask = 0;
                if (r & (POLLIN | POLLHUP)) mask |= CURL_CSELECT_IN;
                if (r & POLLOUT) mask |= CURL_CSELECT_OUT;
                if (r & POLLERR) mask |= CURL_CSELECT_ERR;
                if (multi_) {
                    int running = 0;
                    curl_multi_socket_action(multi_, fds[i].fd, mask, &running);
                }
            }
        }
        pump();
    }
    shut_down();
}

DIDIT_INLINE void CurlMultiTransport::Core::shut_down() {
    // Handlers may submit more while they run; those are cancelled too, until nothing is left.
    for (;;) {
        std::vector<std::shared_ptr<Transfer>> pending;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
            timers_.clear();
            timer_due_.clear();
            for (auto& t : cancelled_) pending.push_back(std::move(t));
            for (auto& e : live_) pending.push_back(std::move(e.second));
            cancelled_.clear();
            incoming_.clear();
            live_.clear();
        }
        if (pending.empty()) break;
        for (auto& t : pending) {
            const bool started = t->easy != nullptr;
            detach(*t);
            if (t->delivered) continue;
            t->delivered = true;
            SendHandler done = std::move(t->done);
            if (done) done(cancelled_error(started));
        }
    }
}

/// \endcond
#endif  // DIDIT_DEFINITIONS

}  // namespace didit
