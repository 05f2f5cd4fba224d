// SPDX-License-Identifier: MIT
// User models: the people Didit assembles from sessions sharing a `vendor_data`.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// A user record's lifecycle status. The real API (OpenAPI `UserListItem`) has
/// ACTIVE (default), FLAGGED and BLOCKED. Older Didit guides give session statuses instead
/// (list filter: Approved, Declined, In Review, Pending; update: Approved, Declined,
/// In Review); they are here so that form can be sent as documented, but the real API
/// answers 400 ("not a valid choice") when they are used in an update.
DIDIT_ENUM(UserStatus, (Active, "ACTIVE"), (Flagged, "FLAGGED"), (Blocked, "BLOCKED"),
           // Skill document only.
           (Approved, "Approved"), (Declined, "Declined"), (InReview, "In Review"), (Pending, "Pending"));

/// A feature's status aggregated over a user's sessions (OpenAPI `UserListItem.features`).
DIDIT_ENUM(UserFeatureStatus, (Approved, "Approved"), (Declined, "Declined"), (InReview, "In Review"),
           (NotFinished, "Not Finished"), (ResubRequested, "Resub Requested"));

/// What a user's activity-log entry records (OpenAPI `UserDetailItem.comments[].comment_type`).
DIDIT_ENUM(UserCommentType, (Comment, "COMMENT"), (StatusChanged, "STATUS_CHANGED"),
           (MetadataUpdated, "METADATA_UPDATED"), (TagAdded, "TAG_ADDED"), (TagRemoved, "TAG_REMOVED"),
           (ProfileUpdated, "PROFILE_UPDATED"));

/// `{feature, status}`: one entry of `features_list`, the ordered form of `features`.
struct UserFeatureEntry {
    std::optional<std::string> feature{};
    std::optional<UserFeatureStatus> status{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserFeatureEntry, feature, status)

/// A tag itself, as nested in a detail reply's tag link.
struct UserTagInfo {
    std::optional<std::string> uuid{};
    std::optional<std::string> name{};
    std::optional<std::string> color{};
    Nullable<std::string> description{};
    /// "didit" or "custom".
    std::optional<std::string> source{};
    std::optional<std::string> created_at{};
    std::optional<std::string> updated_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserTagInfo, uuid, name, color, description, source, created_at, updated_at)

/// An entry of `tags`. Two shapes: list rows carry the tag flat (`{uuid, name, color}`,
/// `uuid` is the tag's); get/update replies carry a tag link (`{uuid, tag{…},
/// added_by_email, added_by_name, created_at}`, `uuid` is the link's). Both decode here.
struct UserTag {
    std::optional<std::string> uuid{};
    // List rows.
    std::optional<std::string> name{};
    std::optional<std::string> color{};
    // Detail replies.
    std::optional<UserTagInfo> tag{};
    Nullable<std::string> added_by_email{};
    Nullable<std::string> added_by_name{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserTag, uuid, name, color, tag, added_by_email, added_by_name, created_at)

/// An activity-log entry of a user (status changes, profile edits, notes), detail replies only.
struct UserComment {
    std::optional<std::string> uuid{};
    std::optional<UserCommentType> comment_type{};
    Nullable<std::string> comment{};
    Nullable<std::string> actor_email{};
    Nullable<std::string> actor_name{};
    Nullable<UserStatus> previous_status{};
    Nullable<UserStatus> new_status{};
    /// PROFILE_UPDATED entries: the fields before and after.
    Nullable<Json> previous_value{};
    Nullable<Json> new_value{};
    std::optional<std::vector<std::string>> changed_fields{};
    Nullable<Json> metadata{};
    std::optional<std::vector<std::string>> mentioned_emails{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserComment, uuid, comment_type, comment, actor_email, actor_name, previous_status, new_status,
                   previous_value, new_value, changed_fields, metadata, mentioned_emails, created_at)

/// A user, as list rows (OpenAPI `UserListItem`) and as get/update replies (OpenAPI `UserDetailItem`,
/// which adds `metadata`, `comments` and `updated_at` and switches `tags` to tag links).
/// Older Didit guides name only vendor_data, full_name, status, session_count,
/// issuing_states, approved_emails and approved_phones.
struct User {
    /// Didit's stable id of the user.
    std::optional<std::string> didit_internal_id{};
    /// Your identifier; null when sessions were created without one.
    Nullable<std::string> vendor_data{};
    Nullable<std::string> display_name{};
    /// From the verified documents.
    Nullable<std::string> full_name{};
    Nullable<std::string> date_of_birth{};
    /// `display_name` when set, else `full_name`.
    Nullable<std::string> effective_name{};
    std::optional<UserStatus> status{};
    /// Presigned; expires after a few hours.
    Nullable<std::string> portrait_image_url{};
    std::optional<std::int64_t> session_count{};
    std::optional<std::int64_t> approved_count{};
    std::optional<std::int64_t> declined_count{};
    std::optional<std::int64_t> in_review_count{};
    /// ISO 3166-1 alpha-3 codes seen on approved documents.
    std::optional<std::vector<std::string>> issuing_states{};
    std::optional<std::vector<std::string>> approved_emails{};
    std::optional<std::vector<std::string>> approved_phones{};
    /// Feature name (`ID_VERIFICATION`, `LIVENESS`, …) -> aggregated status, as the API sent it.
    /// The values are documented as UserFeatureStatus strings but typed as any JSON by Didit's
    /// OpenAPI, so they are kept as JSON; feature_status() reads one as a UserFeatureStatus.
    std::optional<std::map<std::string, Json>> features{};
    std::optional<std::vector<UserFeatureEntry>> features_list{};
    Nullable<std::string> last_session_at{};
    Nullable<std::string> first_session_at{};
    Nullable<std::string> last_activity_at{};
    std::optional<std::vector<UserTag>> tags{};
    std::optional<std::string> created_at{};
    // Detail replies only.
    /// Any JSON you attached (OpenAPI: an object, `{}` by default).
    Nullable<Json> metadata{};
    std::optional<std::vector<UserComment>> comments{};
    std::optional<std::string> updated_at{};
    Json extra{};

    /// The aggregated status of `feature` (`LIVENESS`, …) from `features`; nullopt when the
    /// feature is absent or its value is not a string.
    std::optional<UserFeatureStatus> feature_status(std::string_view feature) const {
        if (!features) return std::nullopt;
        const auto it = features->find(std::string(feature));
        if (it == features->end() || !it->second.is_string()) return std::nullopt;
        return UserFeatureStatus(it->second.get_ref<const std::string&>());
    }
};
DIDIT_DETAIL_MODEL(User, didit_internal_id, vendor_data, display_name, full_name, date_of_birth, effective_name, status,
                   portrait_image_url, session_count, approved_count, declined_count, in_review_count, issuing_states,
                   approved_emails, approved_phones, features, features_list, last_session_at, first_session_at,
                   last_activity_at, tags, created_at, metadata, comments, updated_at)

/// Query of GET /v3/users/. The sources disagree: the OpenAPI and the English docs.didit.me pages
/// document no filtering or search at all, only `limit`/`offset` ("fetch pages and filter
/// client-side"); the translated pages, the users entity page and older guides document
/// `status`, `search`, `country` (ISO 3166-1 alpha-3) and `limit` up to 200.
/// They are sent when set; a server that ignores them returns the unfiltered list.
/// Older Didit guides' status values are session statuses; the real ones are
/// ACTIVE/FLAGGED/BLOCKED (see UserStatus).
struct UsersListQuery {
    std::optional<UserStatus> status{};
    std::optional<std::string> search{};
    std::optional<std::string> country{};
    std::optional<int> limit{};
    std::optional<int> offset{};
    /// Query parameters this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UsersListQuery, status, search, country, limit, offset)

/// Body of PATCH /v3/users/{vendor_data}/. Only the fields you set are sent; the ones
/// the OpenAPI marks nullable can be sent as null (`req.display_name = nullptr`). `metadata` is any
/// JSON value and replaces the stored metadata entirely (merge client-side to add keys); the
/// three lists also replace theirs. Older Didit guides list only display_name, status and
/// metadata (as "object"). A status change here does not sync the blocklist (the
/// dedicated update-status route does).
struct UserUpdateRequest {
    /// At most 512 characters.
    Nullable<std::string> full_name{};
    Nullable<std::string> display_name{};
    /// YYYY-MM-DD.
    Nullable<std::string> date_of_birth{};
    std::optional<UserStatus> status{};
    Nullable<Json> metadata{};
    std::optional<std::vector<std::string>> approved_emails{};
    std::optional<std::vector<std::string>> approved_phones{};
    std::optional<std::vector<std::string>> issuing_states{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserUpdateRequest, full_name, display_name, date_of_birth, status, metadata, approved_emails,
                   approved_phones, issuing_states)

/// Body of POST /v3/users/delete/ — a hard delete. Give `vendor_data_list` or
/// `delete_all: true` (which wins; older Didit guides name the same two). `didit_internal_id_list`
/// is a later addition (2026-09 API); the OpenAPI says this route does not take it. With no
/// selector the API answers 400 with a bare JSON array.
struct UsersDeleteRequest {
    std::optional<std::vector<std::string>> vendor_data_list{};
    std::optional<bool> delete_all{};
    std::optional<std::vector<std::string>> didit_internal_id_list{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UsersDeleteRequest, vendor_data_list, delete_all, didit_internal_id_list)

/// Reply of POST /v3/users/delete/: how many users were removed (`{"deleted": 2}`).
struct UsersDeleteResponse {
    std::optional<std::int64_t> deleted{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(UsersDeleteResponse, deleted)

/// Body of POST /v3/users/create/: pre-creates a user without a session. `vendor_data` is
/// required, free-form (not a UUID) and must be unique among the application's non-deleted users
/// (a duplicate is a 400 naming `vendor_data`). The fields the OpenAPI marks nullable can be sent
/// as null; `metadata` defaults to `{}` on the server. Not idempotent: a repeat is a duplicate.
struct UserCreateRequest {
    /// Required: your identifier for the user, matched exactly as sent.
    std::string vendor_data{};
    /// At most 512 characters.
    Nullable<std::string> full_name{};
    /// At most 255 characters; shown in the console in place of `full_name`.
    Nullable<std::string> display_name{};
    /// YYYY-MM-DD.
    Nullable<std::string> date_of_birth{};
    /// Initial lifecycle status; the server's default is ACTIVE.
    std::optional<LifecycleStatus> status{};
    /// Any JSON you attach (the OpenAPI documents an object).
    Nullable<Json> metadata{};
    /// Pre-trusted email addresses.
    std::optional<std::vector<std::string>> approved_emails{};
    /// Pre-trusted phone numbers (E.164).
    std::optional<std::vector<std::string>> approved_phones{};
    /// Pre-recorded issuing countries, ISO 3166-1 alpha-3.
    std::optional<std::vector<std::string>> issuing_states{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserCreateRequest, vendor_data, full_name, display_name, date_of_birth, status, metadata,
                   approved_emails, approved_phones, issuing_states)

/// Body of PATCH /v3/users/{vendor_data}/update-status/: the new lifecycle status, required.
/// BLOCKED adds the `vendor_data` to the system blocklist and moving away from BLOCKED removes
/// it; each change is a STATUS_CHANGED entry in the user's `comments`. A default-constructed
/// request is refused before sending (the status is required).
struct UserStatusUpdateRequest {
    /// Required: ACTIVE, FLAGGED or BLOCKED.
    LifecycleStatus status{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserStatusUpdateRequest, status)

/// Body of POST /v3/organization/{organization_id}/application/{application_id}/vendor-users/by-id/
/// {didit_internal_id}/faces/upload/: a trusted face image for a user's profile, indexed for
/// duplicate detection and face search (not blocklisted). At most 5 uploaded faces per user.
struct UserFaceUploadRequest {
    /// Required: the JPG or PNG image, base64 without a `data:image/...;base64,` prefix; at
    /// most 2 MB decoded.
    std::string image{};
    /// An operator-visible note; the server's default is "".
    std::optional<std::string> comment{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserFaceUploadRequest, image, comment)

/// 201 reply of the face upload: the stored face record.
struct UserFace {
    /// The face record's id.
    std::optional<std::string> uuid{};
    /// Signed URL of the stored image.
    Nullable<std::string> image_url{};
    /// The comment sent with the upload.
    Nullable<std::string> comment{};
    /// The uploader's email or actor identifier, when known (e.g. "api").
    Nullable<std::string> uploaded_by{};
    /// When it was uploaded (ISO 8601).
    std::optional<std::string> created_at{};
    /// Members this SDK does not model yet.
    Json extra{};
};
DIDIT_DETAIL_MODEL(UserFace, uuid, image_url, comment, uploaded_by, created_at)

}  // namespace didit
