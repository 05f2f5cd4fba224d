// SPDX-License-Identifier: MIT
// Blocklist models: add/remove a session's face, document, phone and email, and the list rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// What a blocklist entry blocks. The OpenAPI (schema `BlocklistItem`) and docs.didit.me list these four; the
/// enum is open, so a new kind from the server decodes too.
DIDIT_ENUM(BlocklistItemType, (Face, "face"), (Document, "document"), (Phone, "phone"), (Email, "email"));

/// Body of POST /v3/blocklist/add/ (https://docs.didit.me, management API, blocklist).
/// `session_id` is required; the API wants at least one of the four flags true (each defaults
/// to false server-side). It blocks the session's most recent record of each chosen kind.
/// Only the fields you set are sent.
struct BlocklistAddRequest {
    std::optional<std::string> session_id{};
    std::optional<bool> blocklist_face{};
    std::optional<bool> blocklist_document{};
    std::optional<bool> blocklist_phone{};
    std::optional<bool> blocklist_email{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BlocklistAddRequest, session_id, blocklist_face, blocklist_document, blocklist_phone,
                   blocklist_email)

/// Body of POST /v3/blocklist/remove/: the same shape with `unblock_*` flags. Removes only
/// the entries that were created from this session (docs.didit.me).
struct BlocklistRemoveRequest {
    std::optional<std::string> session_id{};
    std::optional<bool> unblock_face{};
    std::optional<bool> unblock_document{};
    std::optional<bool> unblock_phone{};
    std::optional<bool> unblock_email{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BlocklistRemoveRequest, session_id, unblock_face, unblock_document, unblock_phone, unblock_email)

/// Reply of add and remove: `{"message": "Successfully updated blocklist."}` (docs.didit.me).
struct BlocklistReply {
    std::optional<std::string> message{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(BlocklistReply, message)

/// One row of GET /v3/blocklist/ (OpenAPI schema `BlocklistItem`, docs.didit.me). Fields that do not
/// apply to the row's `type` are null. Older Didit guides describe no row shape.
struct BlocklistItem {
    std::optional<BlocklistItemType> type{};
    std::optional<std::string> session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> blocklisted_at{};
    Nullable<std::string> face_image{};
    Nullable<std::string> document_type{};
    Nullable<std::string> document_number{};
    Nullable<std::string> phone_number{};
    Nullable<std::string> email{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(BlocklistItem, type, session_id, session_number, blocklisted_at, face_image, document_type,
                   document_number, phone_number, email)

/// Query of GET /v3/blocklist/. `item_type` is the one filter older Didit guides and docs.didit.me
/// name (omit it for all kinds). docs.didit.me describes the reply as the standard paged envelope, so
/// `limit`/`offset` are the envelope's usual paging parameters (older Didit guides do
/// not name them); list_all() sets `offset` itself.
struct BlocklistListQuery {
    std::optional<BlocklistItemType> item_type{};
    std::optional<int> limit{};
    std::optional<int> offset{};
    /// Query parameters this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BlocklistListQuery, item_type, limit, offset)

}  // namespace didit
