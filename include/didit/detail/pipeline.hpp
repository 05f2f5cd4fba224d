// SPDX-License-Identifier: MIT
// The pipeline's driver and its built-in steps: call logging, retries, rate shaping, the deadline, attempt logging.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include <didit/detail/config.hpp>
#include <didit/detail/error_body.hpp>
#include <didit/endpoint.hpp>
#include <didit/http.hpp>
#include <didit/options.hpp>
#include <didit/policy.hpp>
#include <didit/result.hpp>

namespace didit {
namespace detail {

/// A call's context plus what the built-in steps keep between its attempts. The driver makes
/// one per call, so the steps themselves hold no state and serve every call at once.
struct CallState : CallContext {
    const ClientOptions* options = nullptr;
    const RouteView* route_view = nullptr;
    std::string log_url;                       ///< the URL as logged; built only when a logger listens
    std::chrono::milliseconds per_attempt{0};  ///< the attempt time limit before the deadline trims it
    int max_retries = 0;
    int sent = 0;          ///< attempts that reached the transport
    bool stopped = false;  ///< a step ended this attempt before sending
    /// Set by a step's before_attempt (rate shaping) to pause the attempt for this long: the
    /// driver waits, then goes on with the next step, so the steps inside see the real time.
    std::optional<std::chrono::milliseconds> hold;
    /// The previous attempt's result while a retry is under way: what the call returns if a
    /// step inside the retry step stops the next attempt (rate limit, deadline).
    std::optional<Result<HttpResponse>> last;
};

/// The state behind a context the driver made (every context a built-in step sees).
inline CallState& state_of(CallContext& c) {
    return static_cast<CallState&>(c);  // NOLINT(*-static-cast-downcast): the driver makes every context a CallState
}

/// How the pipeline reaches the transport, with its type erased.
using SendFn = Result<HttpResponse> (*)(void* transport, const HttpRequest&);

/// One call's way through the pipeline, as a state machine that never waits itself: each
/// member says what the driver must do next (send the request, wait, or take the result).
/// The synchronous driver (run_pipeline) sends and sleeps on its own thread; the asynchronous
/// one sends through an AsyncEngine and waits on the engine's timers. Both run the same steps
/// in the same order (see Policy).
class PipelineRun {
public:
    /// What the driver does next.
    enum class Next {
        Send,  ///< send request() through the transport, then call sent()
        Wait,  ///< wait for wait(), then call waited()
        Done   ///< the call is over: take result()
    };
    /// `steps` (outermost first), `req` and `call` must outlive the run.
    PipelineRun(const std::shared_ptr<Policy>* steps, std::size_t n, HttpRequest& req, CallState& call) noexcept
        : steps_(steps), n_(n), req_(&req), call_(&call) {}
    /// Begins the first attempt.
    DIDIT_INLINE Next start();
    /// The transport's outcome of the attempt, and how long it took.
    DIDIT_INLINE Next sent(Result<HttpResponse> result, std::chrono::milliseconds took);
    /// The wait asked for by Next::Wait is over.
    DIDIT_INLINE Next waited();
    /// How long to wait, after Next::Wait.
    std::chrono::milliseconds wait() const noexcept { return wait_; }
    /// The call's result, after Next::Done.
    Result<HttpResponse>& result() noexcept { return result_; }
    /// The request to send, after Next::Send.
    HttpRequest& request() noexcept { return *req_; }

private:
    DIDIT_INLINE Next before(std::size_t from);
    DIDIT_INLINE Next after();

    const std::shared_ptr<Policy>* steps_;
    std::size_t n_;
    HttpRequest* req_;
    CallState* call_;
    Result<HttpResponse> result_{Error{}};
    std::size_t reached_ = 0;  ///< steps [0, reached_) have run before_attempt for this attempt
    std::chrono::milliseconds wait_{0};
    bool holding_ = false;  ///< the wait is a step's hold inside the before_attempt pass
};

/// Runs `req` through `steps` (outermost first) and the transport; see Policy for the order.
/// Waits between attempts with ClientOptions::sleep, else std::this_thread::sleep_for; a wait
/// that would pass the call's deadline ends the call with the result at hand instead.
DIDIT_INLINE Result<HttpResponse> run_pipeline(const std::shared_ptr<Policy>* steps, std::size_t n, HttpRequest& req,
                                               CallState& call, void* transport, SendFn send);

/// The built-in steps, outermost first, and the order ClientCore chains them in.
/// Logs the call's summary (LogEvent::Phase::Done).
class CallLogStep final : public Policy {
public:
    DIDIT_INLINE std::optional<std::chrono::milliseconds> after_attempt(const HttpRequest& request,
                                                                        Result<HttpResponse>& result,
                                                                        CallContext& call) override;
};
/// Repeats failed attempts with backoff and Retry-After, never a non-idempotent request whose
/// outcome is unknown (that becomes ErrorKind::OutcomeUnknown).
class RetryStep final : public Policy {
public:
    DIDIT_INLINE std::optional<std::chrono::milliseconds> after_attempt(const HttpRequest& request,
                                                                        Result<HttpResponse>& result,
                                                                        CallContext& call) override;
};
/// Takes a token from the method's bucket and the route's own, waiting no later than the deadline.
class RateLimitStep final : public Policy {
public:
    DIDIT_INLINE std::optional<Error> before_attempt(HttpRequest& request, CallContext& call) override;
};
/// Ends the call when its deadline has passed, and trims the attempt's time limit to it.
class DeadlineStep final : public Policy {
public:
    DIDIT_INLINE std::optional<Error> before_attempt(HttpRequest& request, CallContext& call) override;
};
/// Logs each attempt (LogEvent::Phase::Attempt).
class AttemptLogStep final : public Policy {
public:
    DIDIT_INLINE std::optional<std::chrono::milliseconds> after_attempt(const HttpRequest& request,
                                                                        Result<HttpResponse>& result,
                                                                        CallContext& call) override;
};

/// Sends one LogEvent to the client's logger, if it has one.
DIDIT_INLINE void emit_log(const CallState& call, LogEvent::Phase phase, int attempt, int status,
                           std::chrono::milliseconds duration, std::string request_id, std::optional<ErrorKind> error,
                           std::string message);

/// The Error of a call whose deadline passed after `attempts` attempts.
DIDIT_INLINE Error deadline_error(std::string_view route, int attempts);

/// What a non-idempotent request that failed in an unknown state becomes.
DIDIT_INLINE Error outcome_unknown(std::string_view route, Result<HttpResponse> sent, int attempts);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE PipelineRun::Next PipelineRun::start() {
    call_->stopped = false;
    call_->attempt_duration = std::chrono::milliseconds(0);
    return before(0);
}

DIDIT_INLINE PipelineRun::Next PipelineRun::before(std::size_t from) {
    for (reached_ = from; reached_ < n_; ++reached_) {
        if (auto stop = steps_[reached_]->before_attempt(*req_, *call_)) {
            result_ = std::move(*stop);
            call_->stopped = true;
            return after();  // the steps outside the one that stopped see its error
        }
        if (call_->hold) {  // a step asked to pause here: the steps inside it run after the wait
            wait_ = *call_->hold;
            call_->hold.reset();
            ++reached_;
            holding_ = true;
            return Next::Wait;
        }
    }
    return Next::Send;
}

DIDIT_INLINE PipelineRun::Next PipelineRun::sent(Result<HttpResponse> result, std::chrono::milliseconds took) {
    result_ = std::move(result);
    call_->attempt_duration = took;
    ++call_->sent;
    return after();
}

DIDIT_INLINE PipelineRun::Next PipelineRun::after() {
    std::optional<std::chrono::milliseconds> wait;
    while (reached_ > 0 && !wait) {
        --reached_;
        wait = steps_[reached_]->after_attempt(*req_, result_, *call_);
    }
    // No step may wait past the call's deadline: a retry that would is not made, so a
    // user's step that keeps asking cannot loop forever.
    if (!wait || std::chrono::steady_clock::now() + *wait >= call_->deadline) return Next::Done;
    wait_ = *wait;
    holding_ = false;
    return Next::Wait;
}

DIDIT_INLINE PipelineRun::Next PipelineRun::waited() {
    if (holding_) {
        holding_ = false;
        return before(reached_);
    }
    // A retry: the retrying step's inner steps run again.
    ++call_->attempt;
    call_->stopped = false;
    call_->attempt_duration = std::chrono::milliseconds(0);
    return before(reached_ + 1);
}

DIDIT_INLINE Result<HttpResponse> run_pipeline(const std::shared_ptr<Policy>* steps, std::size_t n, HttpRequest& req,
                                               CallState& call, void* transport, SendFn send) {
    using clock = std::chrono::steady_clock;
    PipelineRun run(steps, n, req, call);
    PipelineRun::Next next = run.start();
    for (;;) {
        switch (next) {
            case PipelineRun::Next::Send: {
                const auto sent_at = clock::now();
                Result<HttpResponse> r = send(transport, req);
                next = run.sent(std::move(r),
                                std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - sent_at));
                break;
            }
            case PipelineRun::Next::Wait:
                if (call.options->sleep)
                    call.options->sleep(run.wait());
                else
                    std::this_thread::sleep_for(run.wait());
                next = run.waited();
                break;
            case PipelineRun::Next::Done: return std::move(run.result());
        }
    }
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> CallLogStep::after_attempt(const HttpRequest&,
                                                                                 Result<HttpResponse>& result,
                                                                                 CallContext& call) {
    const CallState& s = state_of(call);
    // One summary per call: the final status or error kind, the attempts, the total time.
    int status = 0;
    std::optional<ErrorKind> kind;
    std::string message, request_id;
    if (result.ok()) {
        status = result.value().status;
        request_id = request_id_of(result.value().headers);
        if (status < 200 || status > 299) kind = error_kind_for_status(status);
    } else {
        status = result.error().status;
        kind = result.error().kind;
        message = result.error().message;
    }
    emit_log(s, LogEvent::Phase::Done, s.sent, status,
             std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - s.start),
             std::move(request_id), kind, std::move(message));
    return std::nullopt;
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> RetryStep::after_attempt(const HttpRequest&,
                                                                               Result<HttpResponse>& result,
                                                                               CallContext& call) {
    CallState& s = state_of(call);
    if (s.stopped) {
        // A step inside stopped the attempt before sending: the previous attempt's result
        // stands, if there was one.
        if (s.last) result = std::move(*s.last);
        s.last.reset();
        return std::nullopt;
    }
    // Decide: done, or retry after how long.
    std::optional<std::chrono::milliseconds> hint;
    bool retry = false;
    bool unknown = false;
    std::string why;
    if (result.ok()) {
        const HttpResponse& r = result.value();
        if (retryable_status(r.status)) {
            why = "HTTP " + std::to_string(r.status);
            if (s.idempotent || r.status == 429)
                retry = true;
            else
                unknown = true;
            hint = server_wait_hint(r.headers, unix_now());
        }
    } else {
        const Error& e = result.error();
        // A transport error that carries a status came after the server answered (e.g. a
        // body over the size cap): repeating would get the same answer.
        if ((e.kind == ErrorKind::Transport || e.kind == ErrorKind::Timeout) && e.status == 0) {
            why = e.message;
            if (s.idempotent || e.not_sent)
                retry = true;
            else
                unknown = true;
        }
    }
    s.last.reset();
    if (unknown) {
        result = outcome_unknown(s.route, std::move(result), s.sent);
        return std::nullopt;
    }
    if (!retry || s.attempt > s.max_retries) return std::nullopt;

    const RetryPolicy& policy = s.options->retry;
    std::chrono::milliseconds wait = backoff_delay(policy, s.attempt, jitter_bits());
    if (hint && *hint <= policy.max_retry_after) wait = (std::max)(*hint, std::chrono::milliseconds(0));
    if (std::chrono::steady_clock::now() + wait >= s.deadline) return std::nullopt;  // waiting would pass the deadline
    if (s.options->logger)
        emit_log(s, LogEvent::Phase::Retry, s.attempt, result.ok() ? result.value().status : 0, wait, {}, std::nullopt,
                 "retrying after " + why);
    s.last.emplace(std::move(result));
    return wait;
}

DIDIT_INLINE std::optional<Error> RateLimitStep::before_attempt(HttpRequest&, CallContext& call) {
    CallState& s = state_of(call);
    RateLimiter& limiter = *s.options->rate_limiter;
    const std::string_view method_bucket = s.method == Method::Get ? "get" : "write";
    const std::string_view route_bucket = s.route_view->rate_bucket;
    // Both tokens are taken now; the attempt waits for the later of the two (the driver's
    // wait, so no thread of an asynchronous engine sleeps here).
    std::optional<std::chrono::milliseconds> wait = limiter.reserve(method_bucket, s.deadline);
    if (wait && !route_bucket.empty()) {
        auto route_wait = limiter.reserve(route_bucket, s.deadline);
        wait = route_wait ? (std::max)(*wait, *route_wait) : route_wait;
    }
    if (wait) {
        if (wait->count() > 0) s.hold = *wait;
        return std::nullopt;
    }
    Error e =
        make_error(ErrorKind::RateLimited, "client-side rate limit: the next request slot for " + std::string(s.route) +
                                               " is past the call's deadline (nothing was sent)");
    e.not_sent = true;
    return e;
}

DIDIT_INLINE std::optional<Error> DeadlineStep::before_attempt(HttpRequest& request, CallContext& call) {
    const CallState& s = state_of(call);
    const auto now = std::chrono::steady_clock::now();
    if (now >= s.deadline) return deadline_error(s.route, 0);
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(s.deadline - now);
    request.timeout = (s.per_attempt.count() > 0 && s.per_attempt < remaining) ? s.per_attempt : remaining;
    if (request.timeout.count() <= 0) request.timeout = std::chrono::milliseconds(1);
    return std::nullopt;
}

DIDIT_INLINE std::optional<std::chrono::milliseconds> AttemptLogStep::after_attempt(const HttpRequest&,
                                                                                    Result<HttpResponse>& result,
                                                                                    CallContext& call) {
    const CallState& s = state_of(call);
    if (result.ok()) {
        const HttpResponse& r = result.value();
        emit_log(s, LogEvent::Phase::Attempt, s.attempt, r.status, s.attempt_duration, request_id_of(r.headers),
                 std::nullopt, {});
    } else {
        const Error& e = result.error();
        emit_log(s, LogEvent::Phase::Attempt, s.attempt, e.status, s.attempt_duration, {}, e.kind, e.message);
    }
    return std::nullopt;
}

DIDIT_INLINE void emit_log(const CallState& call, LogEvent::Phase phase, int attempt, int status,
                           std::chrono::milliseconds duration, std::string request_id, std::optional<ErrorKind> error,
                           std::string message) {
    if (!call.options->logger) return;
    LogEvent ev;
    ev.phase = phase;
    ev.route = call.route;
    ev.method = call.method;
    ev.url = call.log_url;
    ev.attempt = attempt;
    ev.status = status;
    ev.duration = duration;
    ev.request_id = std::move(request_id);
    ev.error = error;
    ev.message = std::move(message);
    call.options->logger(ev);
}

DIDIT_INLINE Error deadline_error(std::string_view route, int attempts) {
    Error e = make_error(ErrorKind::Timeout, std::string(route) + ": the call's deadline passed");
    e.not_sent = attempts == 0;
    e.attempts = attempts;
    return e;
}

DIDIT_INLINE Error outcome_unknown(std::string_view route, Result<HttpResponse> sent, int attempts) {
    Error e;
    if (sent.ok()) {
        e = error_from_response(sent.value());
    } else {
        e = std::move(sent).error();
    }
    std::string cause = e.message.empty() ? std::string(to_string(e.kind)) : e.message;
    e.kind = ErrorKind::OutcomeUnknown;
    e.not_sent = false;
    e.attempts = attempts;
    e.message = std::string(route) + " may or may not have been applied (" + cause +
                "); it was not repeated because it is not idempotent. Check the server's state before "
                "retrying (for a session, list sessions by vendor_data).";
    return e;
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
