// SPDX-License-Identifier: MIT
// Decision signals: how a webhook receiver wakes await_decision early, and the in-process implementation.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <didit/detail/config.hpp>

namespace didit {

/// Carries "session X changed" from whoever learns it (a webhook receiver, after verifying the
/// delivery) to whoever waits for it (SessionsResource::await_decision), so the waiter asks for
/// the decision at once instead of at its next poll. A signal only says "look now": the waiter
/// still reads the decision from the API. Implementations are thread-safe; didit::redis has one
/// that reaches every instance of a fleet.
class DecisionSignals {
public:
    /// One waiter's interest in one session, registered until destroyed.
    class Watch {
    public:
        /// Unregisters.
        virtual ~Watch() = default;
        /// Waits until the session is signalled or `until` passes; true when signalled since
        /// the watch began or since the previous wait returned true.
        virtual bool wait_until(std::chrono::steady_clock::time_point until) = 0;

    protected:
        /// Constructed as part of an implementation.
        Watch() = default;
        /// Copied as part of an implementation.
        Watch(const Watch&) = default;
        /// Copied as part of an implementation.
        Watch& operator=(const Watch&) = default;
        /// Moved as part of an implementation.
        Watch(Watch&&) = default;
        /// Moved as part of an implementation.
        Watch& operator=(Watch&&) = default;
    };

    /// Destroyed through the base.
    virtual ~DecisionSignals() = default;
    /// Starts watching `session_id`. Watch before reading the status, so a signal that arrives
    /// between the read and the wait is not lost.
    virtual std::unique_ptr<Watch> watch(std::string_view session_id) = 0;
    /// Signals every watch of `session_id` (e.g. after a verified status.updated webhook).
    virtual void notify(std::string_view session_id) = 0;

protected:
    // For implementations only: copying or moving through the interface would slice.
    /// Constructed as part of an implementation.
    DecisionSignals() = default;
    /// Copied as part of an implementation.
    DecisionSignals(const DecisionSignals&) = default;
    /// Copied as part of an implementation.
    DecisionSignals& operator=(const DecisionSignals&) = default;
    /// Moved as part of an implementation.
    DecisionSignals(DecisionSignals&&) = default;
    /// Moved as part of an implementation.
    DecisionSignals& operator=(DecisionSignals&&) = default;
};

/// DecisionSignals within one process. Holds nothing for sessions nobody watches.
class LocalDecisionSignals : public DecisionSignals {
public:
    /// No watches yet.
    LocalDecisionSignals() = default;
    /// See DecisionSignals::watch.
    DIDIT_INLINE std::unique_ptr<Watch> watch(std::string_view session_id) override;
    /// See DecisionSignals::notify.
    DIDIT_INLINE void notify(std::string_view session_id) override;

private:
    struct State {
        std::mutex mutex;
        std::condition_variable cv;
        std::multimap<std::string, bool*, std::less<>> watches;  // session -> that watch's flag
    };
    class LocalWatch;
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

class LocalDecisionSignals::LocalWatch : public DecisionSignals::Watch {
public:
    LocalWatch(std::shared_ptr<State> state, std::string_view session_id) : state_(std::move(state)) {
        std::lock_guard<std::mutex> lock(state_->mutex);
        it_ = state_->watches.emplace(std::string(session_id), &signalled_);
    }
    ~LocalWatch() override {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->watches.erase(it_);
    }
    LocalWatch(const LocalWatch&) = delete;
    LocalWatch& operator=(const LocalWatch&) = delete;
    LocalWatch(LocalWatch&&) = delete;  // the registry points at signalled_
    LocalWatch& operator=(LocalWatch&&) = delete;

    bool wait_until(std::chrono::steady_clock::time_point until) override {
        std::unique_lock<std::mutex> lock(state_->mutex);
        state_->cv.wait_until(lock, until, [&] { return signalled_; });
        const bool was = signalled_;
        signalled_ = false;
        return was;
    }

private:
    std::shared_ptr<State> state_;
    bool signalled_ = false;  // guarded by state_->mutex
    std::multimap<std::string, bool*, std::less<>>::iterator it_;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE std::unique_ptr<DecisionSignals::Watch> LocalDecisionSignals::watch(std::string_view session_id) {
    return std::make_unique<LocalWatch>(state_, session_id);
}

DIDIT_INLINE void LocalDecisionSignals::notify(std::string_view session_id) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto range = state_->watches.equal_range(session_id);
    if (range.first == range.second) return;
    for (auto it = range.first; it != range.second; ++it) *it->second = true;
    state_->cv.notify_all();
}

#endif  // DIDIT_DEFINITIONS
}  // namespace didit
