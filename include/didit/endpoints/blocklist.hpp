// SPDX-License-Identifier: MIT
// Blocklist routes (https://verification.didit.me/v3/blocklist/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/blocklist.hpp>
#include <didit/models/common.hpp>

namespace didit {
namespace endpoints {
// Not in OA; paths, bodies and replies follow DOCS management-api/blocklist/{add,remove,list}
// and the skill document, which agree on them.
// clang-format off
//             name             method  host          auth    path                     path    request                 query               reply                retry-safe
DIDIT_ENDPOINT(BlocklistAdd,    Post,   Verification, ApiKey, "/v3/blocklist/add/",    NoPath, BlocklistAddRequest,    NoQuery,            BlocklistReply,      false);
DIDIT_ENDPOINT(BlocklistRemove, Post,   Verification, ApiKey, "/v3/blocklist/remove/", NoPath, BlocklistRemoveRequest, NoQuery,            BlocklistReply,      false);
DIDIT_ENDPOINT(BlocklistList,   Get,    Verification, ApiKey, "/v3/blocklist/",        NoPath, NoBody,                 BlocklistListQuery, Page<BlocklistItem>, true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
