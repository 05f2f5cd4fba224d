// SPDX-License-Identifier: MIT
// Blocklist routes (https://verification.didit.me/v3/blocklist/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/blocklist.hpp>
#include <didit/models/common.hpp>

namespace didit {
namespace endpoints {
// Not in the OpenAPI; paths, bodies and replies follow https://docs.didit.me (management API,
// blocklist), and older guides agree.
// clang-format off
//             name             method  host          auth    path                     path    request                 query               reply                retry-safe
/// POST /v3/blocklist/add/ — blocks a session's face, document, phone and/or email (at least one flag true).
/// API reference: https://docs.didit.me/sessions-api/blocklist/add
DIDIT_ENDPOINT(BlocklistAdd,    Post,   Verification, ApiKey, "/v3/blocklist/add/",    NoPath, BlocklistAddRequest,    NoQuery,            BlocklistReply,      false);
/// POST /v3/blocklist/remove/ — removes the blocklist entries that came from a session.
/// API reference: https://docs.didit.me/sessions-api/blocklist/remove
DIDIT_ENDPOINT(BlocklistRemove, Post,   Verification, ApiKey, "/v3/blocklist/remove/", NoPath, BlocklistRemoveRequest, NoQuery,            BlocklistReply,      false);
/// GET /v3/blocklist/ — one page of blocklist entries, newest first, optionally filtered by `item_type`.
/// API reference: https://docs.didit.me/sessions-api/blocklist/list
DIDIT_ENDPOINT(BlocklistList,   Get,    Verification, ApiKey, "/v3/blocklist/",        NoPath, NoBody,                 BlocklistListQuery, Page<BlocklistItem>, true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
