// SPDX-License-Identifier: MIT
// Asynchronous calls: Future<T>, and AsyncClient, the view of a Client that returns futures.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include <didit/detail/client_core.hpp>
#include <didit/detail/config.hpp>
#include <didit/detail/pipeline.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>
#include <didit/resources/account.hpp>
#include <didit/resources/billing.hpp>
#include <didit/resources/blocklist.hpp>
#include <didit/resources/businesses.hpp>
#include <didit/resources/checks.hpp>
#include <didit/resources/customization.hpp>
#include <didit/resources/questionnaires.hpp>
#include <didit/resources/reports.hpp>
#include <didit/resources/sessions.hpp>
#include <didit/resources/transactions.hpp>
#include <didit/resources/travel_rule.hpp>
#include <didit/resources/users.hpp>
#include <didit/resources/webhooks.hpp>
#include <didit/resources/workflows.hpp>
#include <didit/result.hpp>
#include <didit/transport/async.hpp>

namespace didit {

namespace detail {

/// What a Future and its call share: the outcome once there is one, or the callback waiting
/// for it, and the call to cancel.
class AsyncOp;

template <class T>
class FutureState {
public:
    explicit FutureState(const AsyncEngine* engine) : engine_(engine) {}

    /// Completes once: the first outcome wins (false for every later one). Runs the callback,
    /// if one is set, on this thread, outside the lock.
    bool complete(Result<T> r) {
        std::function<void(Result<T>)> cb;
        std::shared_ptr<AsyncOp> op;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (done_) return false;
            done_ = true;
            op = std::move(op_);  // the call is over: the cycle future -> call -> future ends here
            if (callback_) {
                cb = std::move(callback_);
                callback_ = nullptr;
                taken_ = true;
            } else {
                value_.emplace(std::move(r));
            }
        }
        // Outside the lock, so that a woken get() does not block on it at once. The state
        // lives on: the caller holds it (the call through its TypedOp, a Future through s_).
        cv_.notify_all();
        if (cb) cb(std::move(r));
        return true;
    }

    void set_op(std::shared_ptr<AsyncOp> op) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!done_) op_ = std::move(op);
    }
    std::shared_ptr<AsyncOp> op() {
        std::lock_guard<std::mutex> lock(mutex_);
        return op_;
    }

    Result<T> get() {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!done_ && engine_ && engine_->on_engine_thread())
            return make_error(ErrorKind::InvalidArgument,
                              "Future::get() on a thread of the asynchronous engine would wait forever; use then()");
        cv_.wait(lock, [this] { return done_; });
        if (taken_ || !value_)
            return make_error(ErrorKind::InvalidArgument, "the result was already taken (by get() or then())");
        taken_ = true;
        Result<T> r = std::move(*value_);
        value_.reset();
        return r;
    }

    bool ready() {
        std::lock_guard<std::mutex> lock(mutex_);
        return done_;
    }

    template <class Rep, class Period>
    bool wait_for(std::chrono::duration<Rep, Period> d) {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, d, [this] { return done_; });
    }

    void then(std::function<void(Result<T>)> cb) {
        std::optional<Result<T>> now;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (taken_) return;
            if (!done_) {
                callback_ = std::move(cb);
                return;
            }
            taken_ = true;
            now.emplace(std::move(*value_));
            value_.reset();
        }
        cb(std::move(*now));
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    const AsyncEngine* engine_;
    bool done_ = false;
    bool taken_ = false;
    std::optional<Result<T>> value_;
    std::function<void(Result<T>)> callback_;
    std::shared_ptr<AsyncOp> op_;
};

/// The error a cancelled call completes with.
DIDIT_INLINE Error cancelled_error();

class AsyncHub;

/// One asynchronous call on its way through the pipeline: its request, its state and where it
/// is (queued, sending, waiting). Every member is reached under `mutex` or from the one thread
/// that is driving the call at the moment (the engine runs a call's handlers one at a time).
class AsyncOp : public std::enable_shared_from_this<AsyncOp> {
public:
    AsyncOp() = default;
    AsyncOp(const AsyncOp&) = delete;
    AsyncOp& operator=(const AsyncOp&) = delete;
    AsyncOp(AsyncOp&&) = delete;
    AsyncOp& operator=(AsyncOp&&) = delete;
    virtual ~AsyncOp() = default;

    /// Decodes the outcome and completes the Future (unless it was cancelled first).
    virtual void deliver(ClientCore::Outcome& outcome) = 0;
    /// Completes the Future with `e` (false when it was already complete).
    virtual bool fail(Error e) = 0;

    /// The Future was cancelled: stop the call where it is (queued, sending or waiting).
    DIDIT_INLINE void stop();

    std::shared_ptr<AsyncHub> hub;
    AsyncEngine* engine = nullptr;
    const ClientCore* core = nullptr;
    RouteView route;
    HttpRequest request;
    CallState state;
    std::optional<PipelineRun> run;
    std::chrono::steady_clock::time_point sent_at;

    std::mutex mutex;
    std::uint64_t step = 0;       ///< counts the engine steps, so a late id is not recorded
    AsyncEngine::Id pending = 0;  ///< the transfer or timer under way, if known
    bool pending_is_timer = false;
    bool cancelled = false;
};

/// A client's asynchronous side: the engine, and the calls in flight and queued
/// (ClientOptions::max_in_flight).
class AsyncHub : public std::enable_shared_from_this<AsyncHub> {
public:
    explicit AsyncHub(std::size_t max_in_flight) : max_(max_in_flight == 0 ? 1 : max_in_flight) {}

    /// The engine, made by `make()` on first use when the client owns none.
    template <class Make>
    AsyncEngine* engine(AsyncEngine* given, Make&& make) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (given) return engine_ = given;
        if (!owned_) owned_ = make();
        return engine_ = owned_.get();
    }

    /// Starts the call now, or queues it behind max_in_flight others.
    DIDIT_INLINE void submit(const std::shared_ptr<AsyncOp>& op);
    /// Removes a queued call; false when it is not queued (started, or finished).
    DIDIT_INLINE bool unqueue(const AsyncOp* op);
    /// The call no longer holds a place in flight: the next queued call starts.
    DIDIT_INLINE void release(const std::shared_ptr<AsyncOp>& op);
    /// Runs the pipeline's answer: sends, sets a timer, or finishes the call.
    DIDIT_INLINE void step(const std::shared_ptr<AsyncOp>& op, PipelineRun::Next next);
    /// The client is going away: cancels every call, waits for those in flight to let go of
    /// the engine (unless called on an engine thread), and destroys the engine it made.
    DIDIT_INLINE void shutdown();

    /// Calls in flight now (for tests and metrics).
    DIDIT_INLINE std::size_t in_flight() const;
    /// Calls waiting in the queue now.
    DIDIT_INLINE std::size_t queued() const;

private:
    DIDIT_INLINE void start(const std::shared_ptr<AsyncOp>& op);
    DIDIT_INLINE void on_sent(const std::shared_ptr<AsyncOp>& op, std::uint64_t step, Result<HttpResponse> r);
    DIDIT_INLINE void on_timer(const std::shared_ptr<AsyncOp>& op, std::uint64_t step);
    /// Takes the engine step's end for `op`: false (and the place released) when it was cancelled.
    DIDIT_INLINE bool resume(const std::shared_ptr<AsyncOp>& op, std::uint64_t step);

    mutable std::mutex mutex_;
    std::condition_variable idle_;
    std::size_t max_;
    std::size_t in_flight_ = 0;
    bool closing_ = false;
    std::deque<std::shared_ptr<AsyncOp>> queue_;
    std::unordered_set<std::shared_ptr<AsyncOp>> live_;
    std::unique_ptr<AsyncEngine> owned_;
    AsyncEngine* engine_ = nullptr;
};

template <class T>
class TypedOp final : public AsyncOp {
public:
    using Decode = Result<T> (*)(ClientCore::Outcome&);
    TypedOp(std::shared_ptr<FutureState<T>> future, Decode decode) : future_(std::move(future)), decode_(decode) {}
    void deliver(ClientCore::Outcome& outcome) override {
        if (!future_->ready()) future_->complete(decode_(outcome));
    }
    bool fail(Error e) override { return future_->complete(std::move(e)); }

private:
    std::shared_ptr<FutureState<T>> future_;
    Decode decode_;
};

}  // namespace detail

/// The outcome of an asynchronous call, once it comes: `Result<T>`, as the synchronous call
/// would have returned it (same errors, same attempt counts).
///
///   auto f = client.async().sessions().create(req);
///   f.then([](didit::Result<didit::Session> s) { ... });   // or: auto s = f.get();
///
/// A Future is a handle: copies refer to the same call. The result is taken once, by get() or
/// by the then() callback. Thread-safe.
template <class T>
class Future {
public:
    /// The type of the call's value.
    using value_type = T;

    /// A Future with no call behind it: get() returns an InvalidArgument error.
    Future() = default;
    /// Already complete with `r` (a call refused before it was sent).
    explicit Future(Result<T> r) : s_(std::make_shared<detail::FutureState<T>>(nullptr)) { s_->complete(std::move(r)); }
    /// For the client: the shared state of a call under way.
    explicit Future(std::shared_ptr<detail::FutureState<T>> s) : s_(std::move(s)) {}

    /// Waits for the outcome and takes it. On a thread of the engine, where waiting would
    /// never end, it returns an InvalidArgument error at once instead (use then() there). A
    /// second get(), or a get() after then(), returns an InvalidArgument error.
    Result<T> get() {
        if (!s_) return make_error(ErrorKind::InvalidArgument, "this Future has no call behind it");
        return s_->get();
    }
    /// True once the call has an outcome (complete, failed or cancelled).
    bool ready() const { return s_ && s_->ready(); }
    /// Waits up to `d` for the outcome; true when it is there.
    template <class Rep, class Period>
    bool wait_for(std::chrono::duration<Rep, Period> d) const {
        return s_ && s_->wait_for(d);
    }
    /// Hands the outcome to `cb`, exactly once: on a thread of the engine when the call
    /// completes, at once on this thread when it already has, or on the thread that calls
    /// cancel(). `cb` must not block (it runs where the engine does its work). Ignored when
    /// the outcome was already taken by get().
    void then(std::function<void(Result<T>)> cb) {
        if (s_) s_->then(std::move(cb));
    }
    /// Cancels the call: the outcome becomes an ErrorKind::Cancelled error (get() returns it,
    /// a callback gets it, on this thread), unless the call was already complete (then false).
    /// A queued call never starts; a transfer under way is cancelled on the engine (a request
    /// already on the wire may still reach the server); a wait before a retry ends.
    bool cancel() {
        if (!s_) return false;
        std::shared_ptr<detail::AsyncOp> op = s_->op();
        if (!s_->complete(detail::cancelled_error())) return false;
        if (op) op->stop();
        return true;
    }

private:
    std::shared_ptr<detail::FutureState<T>> s_;
};

/// The pages of a paged list route, fetched asynchronously one at a time: each next() is the
/// Future of the following page, std::nullopt once there is none. When a page arrives that
/// was already asked for, the page after it is requested at once (one page ahead, never more),
/// so a consumer that handles a page while the next is in flight never waits for both.
///
///   auto pages = client.async().sessions().list_all(query);
///   std::function<void(didit::Result<std::optional<didit::Page<didit::SessionListItem>>>)> on_page;
///   on_page = [&](auto page) {
///       if (!page) return report(page.error());      // the page failed: the last one
///       if (!*page) return finished();               // no more pages
///       use((*page)->results);
///       pages.next().then(on_page);
///   };
///   pages.next().then(on_page);
///
/// Paging follows the synchronous Paginator's rules: it stops when `next` is null, on an empty
/// page, or when the offset would not advance; the page after an error is std::nullopt. A
/// handle: copies share one position. Thread-safe.
template <class C, class E>
class AsyncPaginator {
    using PageT = typename E::reply;
    using Query = typename E::query;
    using Slot = detail::FutureState<std::optional<PageT>>;

public:
    /// What next() completes with: a page, std::nullopt past the last one, or the Error of
    /// the page that failed.
    using page_type = std::optional<PageT>;

    /// Lists with `query` from its offset on, through `view`; nothing is fetched before next().
    AsyncPaginator(const C& view, typename E::path_params path, Query query, CallOptions options = {})
        : s_(std::make_shared<Shared>(view, std::move(path), std::move(query), std::move(options))) {}

    /// The Future of the next page (see the class comment).
    Future<page_type> next() {
        std::shared_ptr<Slot> slot;
        bool past_end = false, start = false;
        Query q;
        std::size_t k = 0, index = 0;
        {
            std::lock_guard<std::mutex> lock(s_->mutex);
            k = s_->handed++;
            slot = s_->slot(k);
            if (slot->ready()) s_->slots.erase(k);  // it arrived before it was asked for
            past_end = s_->finished && k >= s_->requested;
            if (past_end) s_->slots.erase(k);
            start = s_->take_turn(q);
            if (start) index = s_->requested - 1;
        }
        if (past_end) slot->complete(page_type());
        if (start) issue(s_, index, std::move(q));
        return Future<page_type>(std::move(slot));
    }

    /// Pages requested so far.
    std::size_t pages_requested() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->requested;
    }

private:
    struct Shared {
        Shared(const C& v, typename E::path_params p, Query q, CallOptions o)
            : view(v), path(std::move(p)), query(std::move(q)), options(std::move(o)) {}
        // The slot of page k, made when first asked for or requested.
        std::shared_ptr<Slot> slot(std::size_t k) {
            auto& s = slots[k];
            if (!s) s = std::make_shared<Slot>(&view.engine());
            return s;
        }
        // Requests the next page when none is in flight and every page requested was taken.
        bool take_turn(Query& q) {
            if (in_flight || finished || handed < requested) return false;
            in_flight = true;
            ++requested;
            q = query;
            return true;
        }
        mutable std::mutex mutex;
        C view;
        typename E::path_params path;
        Query query;
        CallOptions options;
        std::size_t handed = 0;     // pages next() handed out
        std::size_t requested = 0;  // pages requested
        bool in_flight = false;
        bool finished = false;  // no page after the last one requested
        std::map<std::size_t, std::shared_ptr<Slot>> slots;
    };

    static void issue(const std::shared_ptr<Shared>& s, std::size_t k, Query q) {
        Future<PageT> f = s->view.template call<E>(s->path, q, s->options);
        f.then([s, k, q](Result<PageT> r) { arrived(s, k, q, std::move(r)); });
    }

    static void arrived(const std::shared_ptr<Shared>& s, std::size_t k, const Query& asked, Result<PageT> r) {
        std::shared_ptr<Slot> slot;
        std::vector<std::shared_ptr<Slot>> past_end;
        bool start = false;
        Query q;
        {
            std::lock_guard<std::mutex> lock(s->mutex);
            s->in_flight = false;
            slot = s->slot(k);
            if (k < s->handed) s->slots.erase(k);
            bool more = false;
            if (r.ok()) {
                const PageT& page = r.value();
                if (page.has_next() && !page.results.empty()) {
                    std::int64_t here = asked.offset.value_or(0);
                    std::int64_t next = detail::offset_in_url(*page.next.get())
                                            .value_or(here + static_cast<std::int64_t>(page.results.size()));
                    if (next > here) {
                        s->query.offset = static_cast<decltype(s->query.offset.value_or(0))>(next);
                        more = true;
                    }
                }
            }
            if (!more) {
                s->finished = true;
                for (auto it = s->slots.upper_bound(k); it != s->slots.end();) {  // asked for past the end
                    past_end.push_back(it->second);
                    it = s->slots.erase(it);
                }
            } else {
                start = s->take_turn(q);
            }
        }
        if (r.ok())
            slot->complete(page_type(std::move(r).value()));
        else
            slot->complete(std::move(r).error());
        for (auto& p : past_end) p->complete(page_type());
        if (start) issue(s, k + 1, std::move(q));
    }

    std::shared_ptr<Shared> s_;
};

/// The asynchronous view of a Client: the same routes and resource groups, returning Future<T>
/// where the client returns Result<T>. Obtained from Client::async(); the client must outlive
/// it and every call made through it.
///
///   auto f = client.async().workflows().get("c3d4e5f6-…");
///   auto wf = f.get();                           // or f.then(callback)
///
/// The calls run on the client's engine: its transport when that is an AsyncEngine
/// (CurlMultiTransport), else a WorkerPoolEngine of ClientOptions::async_workers threads made
/// on the first call (the transport's `send` is then called from several threads at once). At
/// most ClientOptions::max_in_flight calls run at once; the others queue, first in, first out.
/// Retries, waits, rate shaping and deadlines are the synchronous pipeline's, with engine
/// timers for the waits; the client's rate limiter is shared by its synchronous and
/// asynchronous calls. list_all returns an AsyncPaginator; await_decision is synchronous only.
template <class C>
class AsyncClient {
public:
    /// A method of a resource group returns Future<T> here.
    template <class T>
    using reply_t = Future<T>;
    /// Resource groups refuse, at compile time, what only the synchronous client offers.
    static constexpr bool is_async = true;
    /// What a resource group's list_all returns here.
    template <class E>
    using pager_t = AsyncPaginator<AsyncClient, E>;

    /// The view of `client`.
    explicit AsyncClient(C& client) : c_(&client) {}

    /// Calls one route; arguments as for Client::call. The request is built (and refused with
    /// InvalidArgument, in a completed Future) before this returns.
    template <class E, class... Args>
    Future<typename E::reply> call(const Args&... args) {
        return c_->template call_async<E>(args...);
    }

    /// Account API: register, verify email, login, organizations, application credentials.
    AccountResource<AsyncClient> account() { return AccountResource<AsyncClient>(*this); }
    /// Workflows: list, create, get, update, delete.
    WorkflowsResource<AsyncClient> workflows() { return WorkflowsResource<AsyncClient>(*this); }
    /// Verification sessions.
    SessionsResource<AsyncClient> sessions() { return SessionsResource<AsyncClient>(*this); }
    /// Credits: balance and top-up.
    BillingResource<AsyncClient> billing() { return BillingResource<AsyncClient>(*this); }
    /// Standalone checks on uploaded files (face match).
    ChecksResource<AsyncClient> checks() { return ChecksResource<AsyncClient>(*this); }
    /// Blocklist: add, remove and list blocked faces, documents, phones and emails.
    BlocklistResource<AsyncClient> blocklist() { return BlocklistResource<AsyncClient>(*this); }
    /// Questionnaires: custom forms used by workflows.
    QuestionnairesResource<AsyncClient> questionnaires() { return QuestionnairesResource<AsyncClient>(*this); }
    /// Users: the people identified by your `vendor_data`.
    UsersResource<AsyncClient> users() { return UsersResource<AsyncClient>(*this); }
    /// Transaction monitoring and wallet screening.
    TransactionsResource<AsyncClient> transactions() { return TransactionsResource<AsyncClient>(*this); }
    /// The Travel Rule: settings, the wallet address book, the VASP directory, transfers.
    TravelRuleResource<AsyncClient> travel_rule() { return TravelRuleResource<AsyncClient>(*this); }
    /// Report templates and regulatory (goAML) reports of an application.
    ReportsResource<AsyncClient> reports() { return ReportsResource<AsyncClient>(*this); }
    /// The white-label branding of the verification flow.
    CustomizationResource<AsyncClient> customization() { return CustomizationResource<AsyncClient>(*this); }
    /// Businesses: the companies identified by your `vendor_data` (KYB).
    BusinessesResource<AsyncClient> businesses() { return BusinessesResource<AsyncClient>(*this); }
    /// Webhook configuration and delivery destinations.
    WebhooksResource<AsyncClient> webhooks() { return WebhooksResource<AsyncClient>(*this); }

    /// The engine the calls run on (made now if the client has not made it yet).
    AsyncEngine& engine() { return *c_->async_engine(); }
    /// Calls running now (at most ClientOptions::max_in_flight).
    std::size_t in_flight() const { return c_->async_hub().in_flight(); }
    /// Calls waiting for a place now.
    std::size_t queued() const { return c_->async_hub().queued(); }

private:
    C* c_;
};

}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE Error cancelled_error() { return make_error(ErrorKind::Cancelled, "the call was cancelled"); }

DIDIT_INLINE void AsyncOp::stop() {
    // A queued call holds no place in flight: it simply never starts.
    if (hub->unqueue(this)) return;
    AsyncEngine::Id id = 0;
    bool timer = false;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (cancelled) return;
        cancelled = true;
        id = pending;
        timer = pending_is_timer;
        pending = 0;
    }
    // A cancelled timer never runs, so its place is released here; a cancelled transfer's
    // handler still runs (with Cancelled) and releases it; a step without a known id sees
    // `cancelled` when it ends.
    if (id != 0 && engine->cancel(id) && timer) hub->release(shared_from_this());
}

DIDIT_INLINE void AsyncHub::submit(const std::shared_ptr<AsyncOp>& op) {
    bool closing = false;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing = closing_;
        if (!closing) {
            if (in_flight_ >= max_) {
                queue_.push_back(op);
                return;
            }
            ++in_flight_;
            live_.insert(op);
        }
    }
    if (closing)
        op->fail(cancelled_error());  // outside the lock: the callback may call again
    else
        start(op);
}

DIDIT_INLINE bool AsyncHub::unqueue(const AsyncOp* op) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end(); ++it)
        if (it->get() == op) {
            queue_.erase(it);
            return true;
        }
    return false;
}

DIDIT_INLINE void AsyncHub::start(const std::shared_ptr<AsyncOp>& op) {
    op->run.emplace(op->core->steps(), op->core->step_count(), op->request, op->state);
    step(op, op->run->start());
}

DIDIT_INLINE void AsyncHub::release(const std::shared_ptr<AsyncOp>& op) {
    std::shared_ptr<AsyncOp> next;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (live_.erase(op) == 0) return;  // released already
        --in_flight_;
        if (!closing_ && !queue_.empty()) {
            next = std::move(queue_.front());
            queue_.pop_front();
            ++in_flight_;
            live_.insert(next);
        }
        idle_.notify_all();  // under the lock: shutdown() may destroy the hub's owner once it sees zero
    }
    if (next) start(next);
}

DIDIT_INLINE void AsyncHub::step(const std::shared_ptr<AsyncOp>& op, PipelineRun::Next next) {
    if (next == PipelineRun::Next::Done) {
        ClientCore::Outcome out = ClientCore::outcome(std::move(op->run->result()), op->state.sent);
        op->deliver(out);
        release(op);
        return;
    }
    std::uint64_t my_step = 0;
    {
        std::lock_guard<std::mutex> lock(op->mutex);
        if (op->cancelled) {
            // Cancelled between two engine steps.
            release(op);
            return;
        }
        my_step = ++op->step;
    }
    AsyncEngine::Id id = 0;
    const bool timer = next == PipelineRun::Next::Wait;
    if (timer) {
        id = op->engine->schedule(op->run->wait(), [this, op, my_step] { on_timer(op, my_step); });
    } else {
        op->sent_at = std::chrono::steady_clock::now();
        id = op->engine->send_async(
            op->request, [this, op, my_step](Result<HttpResponse> r) { on_sent(op, my_step, std::move(r)); });
    }
    bool cancel_now = false;
    {
        std::lock_guard<std::mutex> lock(op->mutex);
        if (op->step == my_step) {  // not already over
            if (op->cancelled)
                cancel_now = true;  // stop() came before the id was known
            else {
                op->pending = id;
                op->pending_is_timer = timer;
            }
        }
    }
    if (cancel_now && op->engine->cancel(id) && timer) release(op);
}

DIDIT_INLINE bool AsyncHub::resume(const std::shared_ptr<AsyncOp>& op, std::uint64_t my_step) {
    bool stop = false;
    {
        std::lock_guard<std::mutex> lock(op->mutex);
        if (op->step == my_step) {
            ++op->step;  // this engine step is over: an id recorded late is ignored
            op->pending = 0;
        }
        stop = op->cancelled;
    }
    if (!stop) {
        std::lock_guard<std::mutex> lock(mutex_);
        stop = closing_;
    }
    if (stop) {
        op->fail(cancelled_error());
        release(op);
    }
    return !stop;
}

DIDIT_INLINE void AsyncHub::on_sent(const std::shared_ptr<AsyncOp>& op, std::uint64_t my_step, Result<HttpResponse> r) {
    if (!resume(op, my_step)) return;
    const auto took =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - op->sent_at);
    step(op, op->run->sent(std::move(r), took));
}

DIDIT_INLINE void AsyncHub::on_timer(const std::shared_ptr<AsyncOp>& op, std::uint64_t my_step) {
    if (!resume(op, my_step)) return;
    step(op, op->run->waited());
}

DIDIT_INLINE void AsyncHub::shutdown() {
    std::deque<std::shared_ptr<AsyncOp>> queued;
    std::vector<std::shared_ptr<AsyncOp>> live;
    std::unique_ptr<AsyncEngine> owned;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closing_ = true;
        queued.swap(queue_);
        live.assign(live_.begin(), live_.end());
    }
    for (auto& op : queued) op->fail(cancelled_error());
    for (auto& op : live) {
        op->fail(cancelled_error());
        op->stop();
    }
    live.clear();
    bool on_engine = false;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        on_engine = engine_ && engine_->on_engine_thread();
        if (!on_engine) idle_.wait(lock, [this] { return in_flight_ == 0; });
        if (!on_engine) owned = std::move(owned_);
    }
    owned.reset();  // joins the worker pool: its last handlers see the hub closing
}

DIDIT_INLINE std::size_t AsyncHub::in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
}

DIDIT_INLINE std::size_t AsyncHub::queued() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
