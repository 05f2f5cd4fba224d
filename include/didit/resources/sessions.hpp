// SPDX-License-Identifier: MIT
// client.sessions(): create verification sessions and read their decisions.
#pragma once

#include <string>
#include <utility>

#include <didit/detail/client_core.hpp>
#include <didit/endpoints/sessions.hpp>

namespace didit {

/// Verification sessions: create one, send the user to its `url`, then read the decision.
template <class C>
class SessionsResource {
public:
    explicit SessionsResource(C& client) : c_(client) {}

    /// POST /v3/session/ — 201 with the session's `url`. Reuses an unfinished session with
    /// the same `vendor_data`.
    Result<Session> create(const SessionCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsCreate>(req, opts);
    }
    /// GET /v3/session/{session_id}/decision/ — every result of the session so far.
    Result<Decision> get_decision(std::string session_id, const DecisionQuery& query = {},
                                  const CallOptions& opts = {}) {
        return c_.template call<endpoints::SessionsGetDecision>(SessionPath{std::move(session_id)}, query, opts);
    }

private:
    C& c_;
};

}  // namespace didit
