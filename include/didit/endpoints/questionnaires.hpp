// SPDX-License-Identifier: MIT
// Questionnaire routes (https://verification.didit.me/v3/questionnaires/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/questionnaires.hpp>

namespace didit {

/// `questionnaire_uuid` is a version's id (`uuid` in list rows, `questionnaire_id` in detail
/// replies); validated as a canonical UUID before sending.
DIDIT_UUID_PATH(QuestionnairePath, questionnaire_uuid);

namespace endpoints {
// clang-format off
//             name                  method  host          auth    path                                        path               request                     query                    reply                retry-safe
/// GET /v3/questionnaires/ — one page of questionnaire versions, newest first.
/// API reference: https://docs.didit.me/management-api/questionnaires/list
DIDIT_ENDPOINT(QuestionnairesList,   Get,    Verification, ApiKey, "/v3/questionnaires/",                      NoPath,            NoBody,                     QuestionnairesListQuery, Page<Questionnaire>, true);
/// POST /v3/questionnaires/ — creates a questionnaire; replies 201 with the new version.
/// API reference: https://docs.didit.me/management-api/questionnaires/create
DIDIT_ENDPOINT(QuestionnairesCreate, Post,   Verification, ApiKey, "/v3/questionnaires/",                      NoPath,            QuestionnaireCreateRequest, NoQuery,                 Questionnaire,       false);
/// GET /v3/questionnaires/{questionnaire_uuid}/ — one questionnaire version with its sections and graph.
/// API reference: https://docs.didit.me/management-api/questionnaires/get
DIDIT_ENDPOINT(QuestionnairesGet,    Get,    Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, NoBody,                     NoQuery,                 Questionnaire,       true);
/// PATCH /v3/questionnaires/{questionnaire_uuid}/ — partial update; may create a new version (use the
/// returned `questionnaire_id`).
/// API reference: https://docs.didit.me/management-api/questionnaires/update
DIDIT_ENDPOINT(QuestionnairesUpdate, Patch,  Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, QuestionnaireUpdateRequest, NoQuery,                 Questionnaire,       false);
/// DELETE /v3/questionnaires/{questionnaire_uuid}/ — deletes one version and its stored responses (204).
/// API reference: https://docs.didit.me/management-api/questionnaires/delete
DIDIT_ENDPOINT(QuestionnairesDelete, Delete, Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, NoBody,                     NoQuery,                 Empty,               true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
