// SPDX-License-Identifier: MIT
// RedisDeduplicator: SET NX PX claims a delivery for one instance of the fleet; DEL releases it.
#include <algorithm>

#include "connection.hpp"

#if !defined(DIDIT_NO_OPENSSL)

namespace didit {
namespace redis {

struct RedisDeduplicator::Impl {
    explicit Impl(DeduplicatorOptions o)
        : opts(std::move(o)), conn(opts.redis, "webhook de-duplicator"), local(opts.fallback_entries, opts.ttl) {}
    std::string key(std::string_view k) const { return opts.redis.prefix + ":dedup:" + std::string(k); }
    DeduplicatorOptions opts;
    detail::Connection conn;
    MemoryDeduplicator local;  // serves while Redis cannot be reached
};

RedisDeduplicator::RedisDeduplicator(DeduplicatorOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
RedisDeduplicator::~RedisDeduplicator() = default;

bool RedisDeduplicator::first_time_key(std::string_view key) {
    const auto ttl = (std::max)(impl_->opts.ttl.count(), static_cast<decltype(impl_->opts.ttl.count())>(1));
    detail::Reply r = impl_->conn.command({"SET", impl_->key(key), "1", "NX", "PX", std::to_string(ttl)});
    if (r && r->type == REDIS_REPLY_STATUS) return true;  // +OK: this instance claimed it
    if (r && r->type == REDIS_REPLY_NIL) return false;    // another delivery claimed it first
    return impl_->local.first_time_key(key);
}

void RedisDeduplicator::release_key(std::string_view key) {
    impl_->local.release_key(key);
    impl_->conn.command({"DEL", impl_->key(key)});
}

}  // namespace redis
}  // namespace didit
#endif  // !DIDIT_NO_OPENSSL
