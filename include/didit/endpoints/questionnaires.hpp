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
DIDIT_ENDPOINT(QuestionnairesList,   Get,    Verification, ApiKey, "/v3/questionnaires/",                      NoPath,            NoBody,                     QuestionnairesListQuery, Page<Questionnaire>, true);
DIDIT_ENDPOINT(QuestionnairesCreate, Post,   Verification, ApiKey, "/v3/questionnaires/",                      NoPath,            QuestionnaireCreateRequest, NoQuery,                 Questionnaire,       false);
DIDIT_ENDPOINT(QuestionnairesGet,    Get,    Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, NoBody,                     NoQuery,                 Questionnaire,       true);
DIDIT_ENDPOINT(QuestionnairesUpdate, Patch,  Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, QuestionnaireUpdateRequest, NoQuery,                 Questionnaire,       false);
DIDIT_ENDPOINT(QuestionnairesDelete, Delete, Verification, ApiKey, "/v3/questionnaires/{questionnaire_uuid}/", QuestionnairePath, NoBody,                     NoQuery,                 Empty,               true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
