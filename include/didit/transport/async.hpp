// SPDX-License-Identifier: MIT
// The asynchronous engine contract: HTTP exchanges and timers that complete on the engine's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>

#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// Runs HTTP exchanges and timers without blocking the caller. The asynchronous client drives
/// every call through one: the exchange itself, the waits between retries, the rate limiter's
/// waits and the deadline are all work for the engine, so no thread sleeps on a call's behalf.
/// CurlMultiTransport is one (many transfers on one thread, through the curl multi interface);
/// a transport that only has a blocking `send` gets a small worker pool in front of it.
///
/// Every handler runs exactly once (a cancelled timer: never), on a thread of the engine and
/// never inside the call that registered it. Handlers run where the engine drives all its other
/// work: they must not block. Every member is thread-safe.
class AsyncEngine {
public:
    /// Names a transfer or a timer; 0 is never an id.
    using Id = std::uint64_t;
    /// Receives one exchange's outcome: a response of any status, or an Error.
    using SendHandler = std::function<void(Result<HttpResponse>)>;
    /// Work to run on the engine.
    using Task = std::function<void()>;

    /// Destroyed through the base. Destroying an engine completes every pending transfer with
    /// ErrorKind::Cancelled and drops every pending timer.
    virtual ~AsyncEngine() = default;

    /// Starts one exchange with the contract of a transport's `send`: sent at most once, never
    /// retried, any status a response. `done` gets the outcome; after cancel(id) it gets an
    /// ErrorKind::Cancelled error instead, unless it had already run.
    virtual Id send_async(HttpRequest request, SendHandler done) = 0;

    /// Runs `task` once `delay` has passed (at once for zero or less); after cancel(id), never.
    virtual Id schedule(std::chrono::milliseconds delay, Task task) = 0;

    /// Cancels a transfer or a timer; false when it had already completed or never existed.
    virtual bool cancel(Id id) = 0;

    /// True on a thread that runs the engine's handlers, where waiting for a result would
    /// deadlock.
    virtual bool on_engine_thread() const = 0;

    /// True when send_async streams `HttpRequest::body_source` itself. Otherwise (the default)
    /// the client reads such a body into `body` before handing the request over.
    virtual bool streams_body_source() const { return false; }

protected:
    // For implementations only: copying or moving through the interface would slice.
    /// Constructed as part of an implementation.
    AsyncEngine() = default;
    /// Copied as part of an implementation.
    AsyncEngine(const AsyncEngine&) = default;
    /// Copied as part of an implementation.
    AsyncEngine& operator=(const AsyncEngine&) = default;
    /// Moved as part of an implementation.
    AsyncEngine(AsyncEngine&&) = default;
    /// Moved as part of an implementation.
    AsyncEngine& operator=(AsyncEngine&&) = default;
};

/// True when the transport T is itself an asynchronous engine (CurlMultiTransport): the client's
/// asynchronous calls then run on it, with no worker threads of their own.
template <class T>
inline constexpr bool is_async_engine_v = std::is_base_of_v<AsyncEngine, T>;

}  // namespace didit
