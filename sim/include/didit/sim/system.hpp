// SPDX-License-Identifier: MIT
// The simulator's own state: GET /system/healthcheck, public and unauthenticated.
#pragma once

#include <string>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {
namespace system_detail {

/// `t` as the healthcheck writes it: ISO 8601 with milliseconds and `Z` ("…T16:42:50.445Z"),
/// iso_time()'s microseconds cut to three digits.
inline std::string iso_millis(Clock::time_point t) {
    std::string us = iso_time(t);  // "2026-06-09T12:26:54.328364Z"
    if (us.size() == 27) us.erase(23, 3);
    return us;
}

/// GET /system/healthcheck: the simulator is always healthy.
inline Reply healthcheck(Context& ctx) {
    return json_reply(200, Json{{"status", "ok"}, {"timestamp", iso_millis(ctx.now())}});
}

}  // namespace system_detail

/// Registers the healthcheck (no credential; its path has no trailing slash, as the API's).
inline void install_system(Router& router) {
    router.add(Method::Get, "/system/healthcheck", Auth::None, system_detail::healthcheck);
}

}  // namespace sim
}  // namespace didit
