// SPDX-License-Identifier: MIT
// Session routes (https://verification.didit.me/v3/session…), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/sessions.hpp>

namespace didit {

DIDIT_UUID_PATH(SessionPath, session_id);

namespace endpoints {
// clang-format off
//             name                 method host          auth    path                                 path         request               query          reply     retry-safe
DIDIT_ENDPOINT(SessionsCreate,      Post,  Verification, ApiKey, "/v3/session/",                      NoPath,      SessionCreateRequest, NoQuery,       Session,  false);
DIDIT_ENDPOINT(SessionsGetDecision, Get,   Verification, ApiKey, "/v3/session/{session_id}/decision/", SessionPath, NoBody,               DecisionQuery, Decision, true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
