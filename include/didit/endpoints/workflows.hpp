// SPDX-License-Identifier: MIT
// Workflow routes (https://verification.didit.me/v3/workflows/), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/workflows.hpp>

namespace didit {

DIDIT_UUID_PATH(WorkflowPath, settings_uuid);

namespace endpoints {
// clang-format off
//             name             method  host          auth    path                               path          request                query               reply           retry-safe
DIDIT_ENDPOINT(WorkflowsList,   Get,    Verification, ApiKey, "/v3/workflows/",                  NoPath,       NoBody,                WorkflowsListQuery, Page<Workflow>, true);
DIDIT_ENDPOINT(WorkflowsCreate, Post,   Verification, ApiKey, "/v3/workflows/",                  NoPath,       WorkflowCreateRequest, NoQuery,            Workflow,       false);
DIDIT_ENDPOINT(WorkflowsGet,    Get,    Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, NoBody,                NoQuery,            Workflow,       true);
DIDIT_ENDPOINT(WorkflowsUpdate, Patch,  Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, WorkflowUpdateRequest, NoQuery,            Workflow,       false);
DIDIT_ENDPOINT(WorkflowsDelete, Delete, Verification, ApiKey, "/v3/workflows/{settings_uuid}/",  WorkflowPath, NoBody,                NoQuery,            Empty,          true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
