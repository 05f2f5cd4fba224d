// SPDX-License-Identifier: MIT
// client.webhooks(): the application's webhook configuration and its delivery destinations.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/webhooks.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Webhook configuration (`/v3/webhook/`, the application-level legacy webhook, capture
/// method and data retention) and destinations (`/v3/webhook/destinations/`, where real
/// deliveries are routed, each with its own events and signing secret).
template <class C>
class WebhooksResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::webhooks() rather than constructed directly.
    explicit WebhooksResource(C& client) : c_(client) {}

    /// GET /v3/webhook/ — the configuration (scope `webhooks: read`). API-key callers get
    /// every secret in full.
    /// API reference: https://docs.didit.me/management-api/webhook/get
    R<WebhookConfig> get_config(const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookConfigGet>(opts);
    }
    /// PATCH /v3/webhook/ — partial update (scope `webhooks: write`); the reply is the full
    /// configuration. `webhook_url = nullptr` sends null and disables the legacy webhook;
    /// `rotate_secret_key = true` invalidates the old secret immediately. A
    /// `data_retention_months` outside 1–120 is an InvalidArgument error and nothing is sent.
    /// API reference: https://docs.didit.me/management-api/webhook/update
    R<WebhookConfig> update_config(const WebhookConfigUpdateRequest& req, const CallOptions& opts = {}) {
        if (const int* months = req.data_retention_months.get(); months && (*months < 1 || *months > 120)) {
            Error e = make_error(ErrorKind::InvalidArgument,
                                 "WebhookConfigUpdate request body: data_retention_months must be null or 1-120, got " +
                                     std::to_string(*months));
            e.not_sent = true;
            return R<WebhookConfig>(Result<WebhookConfig>(std::move(e)));
        }
        return c_.template call<endpoints::WebhookConfigUpdate>(req, opts);
    }

    /// GET /v3/webhook/destinations/ — every destination, oldest first (one unpaginated
    /// array, without secrets).
    /// API reference: https://docs.didit.me/management-api/webhook/list-destinations
    R<Page<WebhookDestination>> list_destinations(const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookDestinationsList>(opts);
    }
    /// POST /v3/webhook/destinations/ — 201 with the new destination and its
    /// `secret_shared_key`: store the secret now.
    /// API reference: https://docs.didit.me/management-api/webhook/create-destination
    R<WebhookDestination> create_destination(const WebhookDestinationCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookDestinationsCreate>(req, opts);
    }
    /// GET /v3/webhook/destinations/{destination_uuid}/ — one destination with its secret and
    /// delivery summary.
    /// API reference: https://docs.didit.me/management-api/webhook/get-destination
    R<WebhookDestination> get_destination(std::string destination_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookDestinationsGet>(WebhookDestinationPath{std::move(destination_uuid)},
                                                                   opts);
    }
    /// PATCH /v3/webhook/destinations/{destination_uuid}/ — partial; `subscribed_events`
    /// replaces the whole list.
    /// API reference: https://docs.didit.me/management-api/webhook/update-destination
    R<WebhookDestination> update_destination(std::string destination_uuid, const WebhookDestinationUpdateRequest& req,
                                             const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookDestinationsUpdate>(
            WebhookDestinationPath{std::move(destination_uuid)}, req, opts);
    }
    /// DELETE /v3/webhook/destinations/{destination_uuid}/ — soft delete (204 per OpenAPI;
    /// a 200 with a body is accepted too). Deleting again answers 404.
    /// API reference: https://docs.didit.me/management-api/webhook/delete-destination
    R<Empty> remove_destination(std::string destination_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WebhookDestinationsDelete>(
            WebhookDestinationPath{std::move(destination_uuid)}, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
