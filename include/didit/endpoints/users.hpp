// SPDX-License-Identifier: MIT
// User routes (https://verification.didit.me/v3/users/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/users.hpp>

namespace didit {

/// `vendor_data` is your own free-form identifier, not a UUID: any non-empty UTF-8
/// string, matched exactly and case-sensitively; it is percent-encoded into one path segment.
DIDIT_PATH(UserPath, vendor_data);

namespace endpoints {
// clang-format off
//             name         method  host          auth    path                        path      request             query           reply                retry-safe
/// GET /v3/users/ — one page of users, most recent session first.
/// API reference: https://docs.didit.me/management-api/users/list
DIDIT_ENDPOINT(UsersList,   Get,    Verification, ApiKey, "/v3/users/",               NoPath,   NoBody,             UsersListQuery, Page<User>,          true);
/// GET /v3/users/{vendor_data}/ — one user by `vendor_data` (exact, case-sensitive match).
/// API reference: https://docs.didit.me/management-api/users/get
DIDIT_ENDPOINT(UsersGet,    Get,    Verification, ApiKey, "/v3/users/{vendor_data}/", UserPath, NoBody,             NoQuery,        User,                true);
/// PATCH /v3/users/{vendor_data}/ — partial update of a user; lists and `metadata` replace what is stored.
/// API reference: https://docs.didit.me/management-api/users/update
DIDIT_ENDPOINT(UsersUpdate, Patch,  Verification, ApiKey, "/v3/users/{vendor_data}/", UserPath, UserUpdateRequest,  NoQuery,        User,                false);
/// POST /v3/users/delete/ — hard-deletes the selected users; replies with the count.
/// API reference: https://docs.didit.me/management-api/users/delete
DIDIT_ENDPOINT(UsersDelete, Post,   Verification, ApiKey, "/v3/users/delete/",        NoPath,   UsersDeleteRequest, NoQuery,        UsersDeleteResponse, false);
// clang-format on
}  // namespace endpoints
}  // namespace didit
