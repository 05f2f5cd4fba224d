// SPDX-License-Identifier: MIT
// Webhook routes (https://verification.didit.me/v3/webhook/…), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/webhooks.hpp>

namespace didit {

DIDIT_UUID_PATH(WebhookDestinationPath, destination_uuid);

namespace endpoints {
// The configuration routes come from the skill document and docs management-api/webhook (they
// are not in the OpenAPI); the destination routes from the OpenAPI 2026-07 (not in the skill
// document). The destination list is a bare array, which Page<T> decodes.
// clang-format off
//             name                       method  host          auth    path                                           path                    request                          query    reply                     retry-safe
DIDIT_ENDPOINT(WebhookConfigGet,          Get,    Verification, ApiKey, "/v3/webhook/",                                NoPath,                 NoBody,                          NoQuery, WebhookConfig,            true);
DIDIT_ENDPOINT(WebhookConfigUpdate,       Patch,  Verification, ApiKey, "/v3/webhook/",                                NoPath,                 WebhookConfigUpdateRequest,      NoQuery, WebhookConfig,            false);
DIDIT_ENDPOINT(WebhookDestinationsList,   Get,    Verification, ApiKey, "/v3/webhook/destinations/",                   NoPath,                 NoBody,                          NoQuery, Page<WebhookDestination>, true);
DIDIT_ENDPOINT(WebhookDestinationsCreate, Post,   Verification, ApiKey, "/v3/webhook/destinations/",                   NoPath,                 WebhookDestinationCreateRequest, NoQuery, WebhookDestination,       false);
DIDIT_ENDPOINT(WebhookDestinationsGet,    Get,    Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, NoBody,                          NoQuery, WebhookDestination,       true);
DIDIT_ENDPOINT(WebhookDestinationsUpdate, Patch,  Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, WebhookDestinationUpdateRequest, NoQuery, WebhookDestination,       false);
DIDIT_ENDPOINT(WebhookDestinationsDelete, Delete, Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, NoBody,                          NoQuery, Empty,                    true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
