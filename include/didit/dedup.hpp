// SPDX-License-Identifier: MIT
// Webhook de-duplication: a delivery's identity, the Deduplicator interface and an in-memory one.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include <didit/detail/config.hpp>
#include <didit/webhook.hpp>

namespace didit {
namespace webhook {

/// The identity of a delivery, the same on every retry of it: `"event:" + event_id` when the
/// body has one, else `"delivery:<session_id>:<status>:<webhook_type>:<timestamp>"`. Empty when
/// the event has neither an event_id nor a session_id (nothing identifies it; never de-duplicated).
DIDIT_INLINE std::string delivery_key(const Event& event);

}  // namespace webhook

/// Remembers which webhook deliveries were handled, so that a retry of one (Didit retries after
/// about 1 and 4 minutes, and each attempt may reach another instance) is not handled again:
///   if (dedup.first_time(*event)) { if (!handle(*event)) dedup.release(*event); }
/// Implementations are thread-safe. The in-memory one serves one process; didit::redis has one
/// for a fleet.
class Deduplicator {
public:
    /// Destroyed through the base.
    virtual ~Deduplicator() = default;
    /// True the first time `key` is offered within the time to live, false for every repeat.
    virtual bool first_time_key(std::string_view key) = 0;
    /// Forgets `key`, so its next delivery is handled (call it when handling failed).
    virtual void release_key(std::string_view key) = 0;

    /// True the first time this delivery (webhook::delivery_key) is seen; always true for an
    /// event that nothing identifies.
    bool first_time(const webhook::Event& event) {
        std::string key = webhook::delivery_key(event);
        return key.empty() || first_time_key(key);
    }
    /// Forgets this delivery, so Didit's retry of it is handled.
    void release(const webhook::Event& event) {
        std::string key = webhook::delivery_key(event);
        if (!key.empty()) release_key(key);
    }

protected:
    // For implementations only: copying or moving through the interface would slice.
    /// Constructed as part of an implementation.
    Deduplicator() = default;
    /// Copied as part of an implementation.
    Deduplicator(const Deduplicator&) = default;
    /// Copied as part of an implementation.
    Deduplicator& operator=(const Deduplicator&) = default;
    /// Moved as part of an implementation.
    Deduplicator(Deduplicator&&) = default;
    /// Moved as part of an implementation.
    Deduplicator& operator=(Deduplicator&&) = default;
};

/// A Deduplicator for one process: keys are kept for `ttl`, at most `max_entries` of them (the
/// oldest go first when full). Thread-safe.
class MemoryDeduplicator : public Deduplicator {
public:
    /// Reads the time (tests pass a fake one).
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    /// Keys live for `ttl` (default 1 hour: Didit's retries come within minutes), at most
    /// `max_entries` of them; `clock` replaces steady_clock::now.
    explicit MemoryDeduplicator(std::size_t max_entries = 100000, std::chrono::milliseconds ttl = std::chrono::hours(1),
                                Clock clock = {})
        : max_entries_(max_entries == 0 ? 1 : max_entries), ttl_(ttl), clock_(std::move(clock)) {}

    /// See Deduplicator::first_time_key.
    DIDIT_INLINE bool first_time_key(std::string_view key) override;
    /// See Deduplicator::release_key.
    DIDIT_INLINE void release_key(std::string_view key) override;
    /// How many keys are remembered now.
    std::size_t size() const;

private:
    std::chrono::steady_clock::time_point now() const { return clock_ ? clock_() : std::chrono::steady_clock::now(); }
    std::size_t max_entries_;
    std::chrono::milliseconds ttl_;
    Clock clock_;
    mutable std::mutex mutex_;
    // key -> (expiry, insertion number); `order_` holds the same in insertion order, and an entry
    // of it whose number no longer matches the map's (released, or offered again) is skipped.
    std::unordered_map<std::string, std::pair<std::chrono::steady_clock::time_point, std::uint64_t>> keys_;
    std::deque<std::pair<std::string, std::uint64_t>> order_;
    std::uint64_t next_ = 0;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE std::string webhook::delivery_key(const Event& event) {
    if (event.event_id && !event.event_id->empty()) return "event:" + *event.event_id;
    if (!event.session_id || event.session_id->empty()) return {};
    std::string k = "delivery:" + *event.session_id + ":";
    if (event.status) k += event.status->str();
    k += ':';
    if (event.webhook_type) k += event.webhook_type->str();
    k += ':';
    if (event.timestamp) k += std::to_string(*event.timestamp);
    return k;
}

DIDIT_INLINE bool MemoryDeduplicator::first_time_key(std::string_view key) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto t = now();
    // Expired keys leave from the front; a full table drops its oldest.
    while (!order_.empty()) {
        auto it = keys_.find(order_.front().first);
        const bool current = it != keys_.end() && it->second.second == order_.front().second;
        if (current && it->second.first > t && keys_.size() < max_entries_) break;
        if (current) keys_.erase(it);
        order_.pop_front();
    }
    std::string k(key);
    auto it = keys_.find(k);
    if (it != keys_.end() && it->second.first > t) return false;
    const std::uint64_t n = ++next_;
    keys_[k] = {t + ttl_, n};
    order_.emplace_back(std::move(k), n);
    return true;
}

DIDIT_INLINE void MemoryDeduplicator::release_key(std::string_view key) {
    std::lock_guard<std::mutex> lock(mutex_);
    keys_.erase(std::string(key));
}

DIDIT_INLINE std::size_t MemoryDeduplicator::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return keys_.size();
}

#endif  // DIDIT_DEFINITIONS
}  // namespace didit
