// SPDX-License-Identifier: MIT
// Webhook routes (https://verification.didit.me/v3/webhook/…), in API-reference order.
#pragma once

#include <didit/endpoint.hpp>
#include <didit/models/common.hpp>
#include <didit/models/webhooks.hpp>

namespace didit {

/// `destination_uuid` of a webhook destination route (the `uuid` from create or list), a
/// canonical UUID checked before sending.
DIDIT_UUID_PATH(WebhookDestinationPath, destination_uuid);

namespace endpoints {
// The configuration routes follow https://docs.didit.me (management API, webhook; they are
// not in the OpenAPI); the destination routes follow the OpenAPI 2026-07 (older guides lack
// them). The destination list is a bare array, which Page<T> decodes.
// clang-format off
//             name                       method  host          auth    path                                           path                    request                          query    reply                     retry-safe
/// GET /v3/webhook/ — the application's webhook configuration, secrets included.
/// API reference: https://docs.didit.me/management-api/webhook/get
DIDIT_ENDPOINT(WebhookConfigGet,          Get,    Verification, ApiKey, "/v3/webhook/",                                NoPath,                 NoBody,                          NoQuery, WebhookConfig,            true);
/// PATCH /v3/webhook/ — partial update of the webhook configuration; replies with all of it.
/// API reference: https://docs.didit.me/management-api/webhook/update
DIDIT_ENDPOINT(WebhookConfigUpdate,       Patch,  Verification, ApiKey, "/v3/webhook/",                                NoPath,                 WebhookConfigUpdateRequest,      NoQuery, WebhookConfig,            false);
/// GET /v3/webhook/destinations/ — every webhook destination, oldest first (a bare array, without secrets).
/// API reference: https://docs.didit.me/management-api/webhook/list-destinations
DIDIT_ENDPOINT(WebhookDestinationsList,   Get,    Verification, ApiKey, "/v3/webhook/destinations/",                   NoPath,                 NoBody,                          NoQuery, Page<WebhookDestination>, true);
/// POST /v3/webhook/destinations/ — creates a destination; the 201 reply carries its signing secret.
/// API reference: https://docs.didit.me/management-api/webhook/create-destination
DIDIT_ENDPOINT(WebhookDestinationsCreate, Post,   Verification, ApiKey, "/v3/webhook/destinations/",                   NoPath,                 WebhookDestinationCreateRequest, NoQuery, WebhookDestination,       false);
/// GET /v3/webhook/destinations/{destination_uuid}/ — one destination with its signing secret and delivery
/// summary.
/// API reference: https://docs.didit.me/management-api/webhook/get-destination
DIDIT_ENDPOINT(WebhookDestinationsGet,    Get,    Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, NoBody,                          NoQuery, WebhookDestination,       true);
/// PATCH /v3/webhook/destinations/{destination_uuid}/ — partial update of a destination; `subscribed_events`
/// replaces the list.
/// API reference: https://docs.didit.me/management-api/webhook/update-destination
DIDIT_ENDPOINT(WebhookDestinationsUpdate, Patch,  Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, WebhookDestinationUpdateRequest, NoQuery, WebhookDestination,       false);
/// DELETE /v3/webhook/destinations/{destination_uuid}/ — soft-deletes a destination (204); a second delete
/// answers 404.
/// API reference: https://docs.didit.me/management-api/webhook/delete-destination
DIDIT_ENDPOINT(WebhookDestinationsDelete, Delete, Verification, ApiKey, "/v3/webhook/destinations/{destination_uuid}/", WebhookDestinationPath, NoBody,                          NoQuery, Empty,                    true);
// clang-format on
}  // namespace endpoints
}  // namespace didit
