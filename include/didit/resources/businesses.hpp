// SPDX-License-Identifier: MIT
// client.businesses(): create, list, read, update, set the status of and delete the businesses
// identified by your `vendor_data`.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/businesses.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Businesses are the companies Didit assembles from the KYB sessions sharing one `vendor_data`,
/// and those created through create(). The `vendor_data` arguments are free-form (not UUIDs)
/// and are percent-encoded when sent.
template <class C>
class BusinessesResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::businesses() rather than constructed directly.
    explicit BusinessesResource(C& client) : c_(client) {}

    /// GET /v3/businesses/ — one page, most recent session first (no filters).
    /// API reference: https://docs.didit.me/management-api/businesses/list
    R<Page<Business>> list(const BusinessesListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesList>(query, opts);
    }
    /// GET /v3/businesses/ — every business, fetched lazily page by page (see Paginator). Stops
    /// on `next == null`: the API caps `count` at 100.
    /// API reference: https://docs.didit.me/management-api/businesses/list
    P<endpoints::BusinessesList> list_all(BusinessesListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::BusinessesList>(c_, NoPath{}, std::move(query), std::move(opts));
    }
    /// GET /v3/businesses/{vendor_data}/ — one business (exact match), with metadata.
    /// API reference: https://docs.didit.me/management-api/businesses/get
    R<Business> get(std::string vendor_data, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesGet>(BusinessPath{std::move(vendor_data)}, opts);
    }
    /// PATCH /v3/businesses/{vendor_data}/ — partial; `metadata` replaces what is stored.
    /// API reference: https://docs.didit.me/management-api/businesses/update
    R<Business> update(std::string vendor_data, const BusinessUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesUpdate>(BusinessPath{std::move(vendor_data)}, req, opts);
    }
    /// PATCH /v3/businesses/{vendor_data}/update-status/ — sets only the lifecycle status; BLOCKED
    /// also blocklists the `vendor_data`.
    /// API reference: https://docs.didit.me/management-api/businesses/update-status
    R<Business> update_status(std::string vendor_data, const BusinessStatusUpdateRequest& req,
                              const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesUpdateStatus>(BusinessPath{std::move(vendor_data)}, req, opts);
    }
    /// PATCH /v3/businesses/{vendor_data}/update-status/ with `{"status": status}`.
    /// API reference: https://docs.didit.me/management-api/businesses/update-status
    R<Business> update_status(std::string vendor_data, LifecycleStatus status, const CallOptions& opts = {}) {
        BusinessStatusUpdateRequest req;
        req.status = std::move(status);
        return update_status(std::move(vendor_data), req, opts);
    }
    /// POST /v3/businesses/create/ — pre-creates a business without a KYB session; replies 201
    /// with the full record. Not idempotent, so never retried on an unknown outcome.
    /// API reference: https://docs.didit.me/management-api/businesses/create
    R<Business> create(const BusinessCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesCreate>(req, opts);
    }
    /// POST /v3/businesses/delete/ — hard-deletes the selected businesses; replies
    /// `{"deleted": n}`.
    /// API reference: https://docs.didit.me/management-api/businesses/delete
    R<BusinessesDeleteResponse> remove_many(const BusinessesDeleteRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BusinessesDelete>(req, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
