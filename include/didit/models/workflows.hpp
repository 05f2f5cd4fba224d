// SPDX-License-Identifier: MIT
// Workflow models: requests in the API's `features[]` form; replies also carry older guides' toggles.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// Feature steps of a workflow, in the real API's spelling.
DIDIT_ENUM(WorkflowFeatureType, (Ocr, "OCR"), (Nfc, "NFC"), (Liveness, "LIVENESS"), (FaceMatch, "FACE_MATCH"),
           (ProofOfAddress, "PROOF_OF_ADDRESS"), (Questionnaire, "QUESTIONNAIRE"), (DocumentAi, "DOCUMENT_AI"),
           (PhoneVerification, "PHONE_VERIFICATION"), (EmailVerification, "EMAIL_VERIFICATION"),
           (DatabaseValidation, "DATABASE_VALIDATION"), (Aml, "AML"), (IpAnalysis, "IP_ANALYSIS"),
           (AgeEstimation, "AGE_ESTIMATION"), (KybRegistry, "KYB_REGISTRY"), (KybDocuments, "KYB_DOCUMENTS"),
           (KybKeyPeople, "KYB_KEY_PEOPLE"));

/// Workflow templates named by older Didit guides (`null` for graph workflows).
DIDIT_ENUM(WorkflowType, (Kyc, "kyc"), (Kyb, "kyb"), (AdaptiveAgeVerification, "adaptive_age_verification"),
           (BiometricAuthentication, "biometric_authentication"), (AddressVerification, "address_verification"),
           (QuestionnaireVerification, "questionnaire_verification"), (EmailVerification, "email_verification"),
           (PhoneVerification, "phone_verification"));

/// A workflow version is a draft or published.
DIDIT_ENUM(WorkflowStatus, (Draft, "draft"), (Published, "published"));

/// One step of a workflow: `{"feature": "FACE_MATCH", "config": {...}}`.
/// Config keys seen: OCR `duplicated_user_action`; LIVENESS `face_liveness_method`;
/// FACE_MATCH `face_match_score_decline_threshold`, `face_match_score_review_threshold`;
/// AML `aml_score_review_threshold`, `aml_score_approve_threshold`; QUESTIONNAIRE
/// `questionnaire_uuid`, `review_questionnaire_manually`.
struct WorkflowFeature {
    WorkflowFeatureType feature;
    std::optional<Json> config{};
    std::optional<std::string> label{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WorkflowFeature, feature, config, label)

/// Body of POST /v3/workflows/ and PATCH /v3/workflows/{settings_uuid}/: the `features` form,
/// the only one the API accepts. Only the fields you set are sent; the API's whitelist refuses
/// any other key with 400. The toggles of older Didit guides (`workflow_type`,
/// `is_liveness_enabled`, thresholds) are still read on replies (Workflow::extra) but are not
/// request fields; send them through `extra` if you must.
struct WorkflowCreateRequest {
    std::optional<std::string> workflow_label{};
    std::optional<bool> is_default{};
    std::optional<WorkflowStatus> status{};
    /// The steps, in order (required on create; on update it replaces the whole list).
    std::optional<std::vector<WorkflowFeature>> features{};
    std::optional<bool> is_white_label_enabled{};
    std::optional<bool> is_desktop_allowed{};
    std::optional<int> max_retry_attempts{};
    Nullable<int> retry_window_days{};
    std::optional<int> face_liveness_max_attempts{};
    std::optional<int> face_match_max_attempts{};
    std::optional<std::int64_t> session_expiration_time{};
    /// Keys this SDK does not model; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(WorkflowCreateRequest, workflow_label, is_default, status, features, is_white_label_enabled,
                   is_desktop_allowed, max_retry_attempts, retry_window_days, face_liveness_max_attempts,
                   face_match_max_attempts, session_expiration_time)

/// PATCH takes the same whitelist; `features` replaces the whole list. Publishing a published
/// workflow (`status: "published"`) creates a new version with a new `uuid`.
using WorkflowUpdateRequest = WorkflowCreateRequest;

/// Who created a workflow (null for system workflows).
struct WorkflowCreator {
    std::optional<std::string> name{};
    std::optional<std::string> email{};
    std::optional<std::string> type{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(WorkflowCreator, name, email, type)

/// A workflow version. `uuid` names this version; `workflow_id` the stable group that
/// sessions use. The full configuration (~190 fields, including the legacy toggles and
/// `documents_allowed`) stays available in `extra`.
struct Workflow {
    std::string uuid{};
    std::optional<std::string> workflow_id{};
    std::optional<std::string> workflow_label{};
    Nullable<WorkflowType> workflow_type{};
    std::optional<bool> is_default{};
    std::optional<bool> is_archived{};
    std::optional<bool> is_white_label_enabled{};
    std::optional<double> total_price{};
    std::optional<double> min_price{};
    std::optional<double> max_price{};
    std::optional<FeatureNames> features{};
    std::optional<bool> is_simple_workflow{};
    std::optional<bool> is_editable{};
    std::optional<std::string> workflow_url{};
    std::optional<Json> workflow_graph{};
    std::optional<int> max_retry_attempts{};
    Nullable<int> retry_window_days{};
    std::optional<std::int64_t> session_expiration_time{};
    std::optional<int> version{};
    std::optional<WorkflowStatus> status{};
    std::optional<bool> has_draft{};
    Nullable<WorkflowCreator> created_by{};
    Nullable<std::string> published_at{};
    std::optional<std::string> created_at{};
    std::optional<std::string> updated_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Workflow, uuid, workflow_id, workflow_label, workflow_type, is_default, is_archived,
                   is_white_label_enabled, total_price, min_price, max_price, features, is_simple_workflow, is_editable,
                   workflow_url, workflow_graph, max_retry_attempts, retry_window_days, session_expiration_time,
                   version, status, has_draft, created_by, published_at, created_at, updated_at)

/// Query of GET /v3/workflows/ (default page size 50, newest first).
struct WorkflowsListQuery {
    std::optional<int> limit{};
    std::optional<int> offset{};
};
DIDIT_DETAIL_MODEL(WorkflowsListQuery, limit, offset)

}  // namespace didit
