// SPDX-License-Identifier: MIT
// Workflow routes (https://verification.didit.me/v3/workflows/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/workflows.hpp>

namespace didit {

/// `settings_uuid` of a workflow route: one version's `uuid` (not the stable `workflow_id`),
/// a canonical UUID checked before sending.
DIDIT_UUID_PATH(WorkflowPath, settings_uuid);

namespace endpoints {
// clang-format off
//             name             method  host          auth    path                               path          request                query               reply           retry-safe
/// GET /v3/workflows/ — one page of workflows (an envelope or a bare array; both decode).
/// API reference: https://docs.didit.me/management-api/workflows/list
DIDIT_ENDPOINT(WorkflowsList,   Get,    Verification, ApiKey, "/v3/workflows/",                  NoPath,       NoBody,                WorkflowsListQuery, Page<Workflow>, true);
/// POST /v3/workflows/ — creates a workflow; replies 201 with it.
/// API reference: https://docs.didit.me/management-api/workflows/create
DIDIT_ENDPOINT(WorkflowsCreate, Post,   Verification, ApiKey, "/v3/workflows/",                  NoPath,       WorkflowCreateRequest, NoQuery,            Workflow,       false);
/// GET /v3/workflows/{settings_uuid}/ — the full configuration of one workflow version.
/// API reference: https://docs.didit.me/management-api/workflows/get
DIDIT_ENDPOINT(WorkflowsGet,    Get,    Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, NoBody,                NoQuery,            Workflow,       true);
/// PATCH /v3/workflows/{settings_uuid}/ — partial update; may publish a new version (use the returned
/// `uuid`).
/// API reference: https://docs.didit.me/management-api/workflows/update
DIDIT_ENDPOINT(WorkflowsUpdate, Patch,  Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, WorkflowUpdateRequest, NoQuery,            Workflow,       false);
/// DELETE /v3/workflows/{settings_uuid}/ — hard-deletes one workflow version (204).
/// API reference: https://docs.didit.me/management-api/workflows/delete
DIDIT_ENDPOINT(WorkflowsDelete, Delete, Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, NoBody,                NoQuery,            Empty,          true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
