// SPDX-License-Identifier: MIT
// Business models: the companies Didit assembles from KYB sessions sharing a `vendor_data`, and
// those created through the API.
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

/// A feature's status aggregated over a business's KYB sessions (OpenAPI
/// `BusinessListItem.features`; today the only feature is `KYB`, the registry check).
DIDIT_ENUM(BusinessFeatureStatus, (Approved, "Approved"), (Declined, "Declined"), (InReview, "In Review"),
           (NotFinished, "Not Finished"), (ResubRequested, "Resub Requested"));

/// `{feature, status}`: one entry of `features_list`, the ordered form of `features`.
struct BusinessFeatureEntry {
    /// The feature's name, e.g. `KYB`.
    std::optional<std::string> feature{};
    /// Its aggregated status.
    std::optional<BusinessFeatureStatus> status{};
    /// Members this SDK does not model yet.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessFeatureEntry, feature, status)

/// A tag assigned to a business: `{uuid, name, color}` in list rows and detail replies alike.
struct BusinessTag {
    /// The tag's id.
    std::optional<std::string> uuid{};
    /// The tag's name.
    std::optional<std::string> name{};
    /// The tag's colour, e.g. `#2567FF`.
    std::optional<std::string> color{};
    /// Members this SDK does not model yet (a detail reply may carry more).
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessTag, uuid, name, color)

/// A business, as list rows (OpenAPI `BusinessListItem`) and as get/create/update replies
/// (OpenAPI `BusinessDetailItem`, which adds `metadata` and `updated_at`).
struct Business {
    /// Didit's stable id of the business.
    std::optional<std::string> didit_internal_id{};
    /// Your identifier; null when none was supplied.
    Nullable<std::string> vendor_data{};
    /// Your display name for it.
    Nullable<std::string> display_name{};
    /// The official legal name, from the registry or manual entry.
    Nullable<std::string> legal_name{};
    /// Company registration or incorporation number.
    Nullable<std::string> registration_number{};
    /// Country of incorporation, ISO 3166-1 alpha-2 (`GB`, `US`).
    Nullable<std::string> country_code{};
    /// `display_name` when set, else `legal_name`.
    Nullable<std::string> effective_name{};
    /// The record's lifecycle status (not a session status).
    std::optional<LifecycleStatus> status{};
    /// Number of KYB sessions of this business.
    std::optional<std::int64_t> session_count{};
    /// How many of them were approved.
    std::optional<std::int64_t> approved_count{};
    /// How many were declined.
    std::optional<std::int64_t> declined_count{};
    /// How many are in review.
    std::optional<std::int64_t> in_review_count{};
    /// Feature name (`KYB`) -> aggregated status, as the API sent it: the OpenAPI types the
    /// values as any JSON, so they are kept as JSON; feature_status() reads one.
    std::optional<std::map<std::string, Json>> features{};
    /// The same as `features`, ordered.
    std::optional<std::vector<BusinessFeatureEntry>> features_list{};
    /// When its latest session was created.
    Nullable<std::string> last_session_at{};
    /// When its first session was created.
    Nullable<std::string> first_session_at{};
    /// Its latest activity (status change, session update, …).
    Nullable<std::string> last_activity_at{};
    /// Tags assigned to it.
    std::optional<std::vector<BusinessTag>> tags{};
    /// When the record was created (ISO 8601).
    std::optional<std::string> created_at{};
    // Detail replies only.
    /// Any JSON you attached (OpenAPI: an object, `{}` by default).
    Nullable<Json> metadata{};
    /// When the record last changed (ISO 8601).
    std::optional<std::string> updated_at{};
    /// Members this SDK does not model yet.
    Json extra{};

    /// The aggregated status of `feature` (`KYB`) from `features`; nullopt when the feature is
    /// absent or its value is not a string.
    std::optional<BusinessFeatureStatus> feature_status(std::string_view feature) const {
        if (!features) return std::nullopt;
        const auto it = features->find(std::string(feature));
        if (it == features->end() || !it->second.is_string()) return std::nullopt;
        return BusinessFeatureStatus(it->second.get_ref<const std::string&>());
    }
};
DIDIT_DETAIL_MODEL(Business, didit_internal_id, vendor_data, display_name, legal_name, registration_number,
                   country_code, effective_name, status, session_count, approved_count, declined_count, in_review_count,
                   features, features_list, last_session_at, first_session_at, last_activity_at, tags, created_at,
                   metadata, updated_at)

/// Query of GET /v3/businesses/: the OpenAPI documents paging only (no filter or search;
/// filter client-side). Ordered by `last_session_at`, newest first.
struct BusinessesListQuery {
    /// Page size, at least 1; the server's default is 50.
    std::optional<int> limit{};
    /// Zero-based offset of the first row; prefer following `next`.
    std::optional<int> offset{};
    /// Query parameters this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessesListQuery, limit, offset)

/// Body of POST /v3/businesses/create/: pre-creates a business without a KYB session. Every
/// field is optional, but send `vendor_data`: without it the record cannot be linked to
/// sessions. A `vendor_data` must be unique among the application's non-deleted businesses
/// (a duplicate is a 400). Not idempotent.
struct BusinessCreateRequest {
    /// Your identifier for the business (free-form, not a UUID), matched exactly as sent.
    Nullable<std::string> vendor_data{};
    /// At most 255 characters; shown in the console in place of `legal_name`.
    Nullable<std::string> display_name{};
    /// At most 255 characters.
    Nullable<std::string> legal_name{};
    /// At most 100 characters.
    Nullable<std::string> registration_number{};
    /// ISO 3166-1 alpha-2; at most 10 characters.
    Nullable<std::string> country_code{};
    /// Initial lifecycle status; the server's default is ACTIVE.
    std::optional<LifecycleStatus> status{};
    /// Any JSON you attach (the OpenAPI documents an object); `{}` by default.
    Nullable<Json> metadata{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessCreateRequest, vendor_data, display_name, legal_name, registration_number, country_code,
                   status, metadata)

/// Body of PATCH /v3/businesses/{vendor_data}/: only the fields you set are sent; the nullable
/// ones can be sent as null. `metadata` replaces the stored metadata entirely (merge
/// client-side to add keys). Setting `status` to BLOCKED adds the `vendor_data` to the system
/// blocklist; moving away from BLOCKED removes it.
struct BusinessUpdateRequest {
    /// Your display name for it.
    Nullable<std::string> display_name{};
    /// The official legal name.
    Nullable<std::string> legal_name{};
    /// Company registration or incorporation number.
    Nullable<std::string> registration_number{};
    /// ISO 3166-1 alpha-2.
    Nullable<std::string> country_code{};
    /// The new lifecycle status.
    std::optional<LifecycleStatus> status{};
    /// Any JSON you attach; replaces what is stored.
    Nullable<Json> metadata{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessUpdateRequest, display_name, legal_name, registration_number, country_code, status, metadata)

/// Body of PATCH /v3/businesses/{vendor_data}/update-status/: the new lifecycle status,
/// required (a default-constructed request is refused before sending). BLOCKED adds the
/// `vendor_data` to the system blocklist.
struct BusinessStatusUpdateRequest {
    /// Required: ACTIVE, FLAGGED or BLOCKED.
    LifecycleStatus status{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessStatusUpdateRequest, status)

/// Body of POST /v3/businesses/delete/ — a hard delete. Give `vendor_data_list`,
/// `didit_internal_id_list` or `delete_all: true`; when several are sent only the first of
/// delete_all, vendor_data_list, didit_internal_id_list is used. With no selector the API
/// answers 400 with a bare JSON array.
struct BusinessesDeleteRequest {
    /// Your identifiers, matched exactly as sent.
    std::optional<std::vector<std::string>> vendor_data_list{};
    /// Didit's ids (`didit_internal_id`).
    std::optional<std::vector<std::string>> didit_internal_id_list{};
    /// Deletes every business of the application. Irreversible.
    std::optional<bool> delete_all{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessesDeleteRequest, vendor_data_list, didit_internal_id_list, delete_all)

/// Reply of POST /v3/businesses/delete/: how many businesses were removed (`{"deleted": 2}`).
struct BusinessesDeleteResponse {
    /// The number deleted (unmatched identifiers are not counted).
    std::optional<std::int64_t> deleted{};
    /// Members this SDK does not model yet.
    Json extra{};
};
DIDIT_DETAIL_MODEL(BusinessesDeleteResponse, deleted)

}  // namespace didit
