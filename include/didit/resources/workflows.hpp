// SPDX-License-Identifier: MIT
// client.workflows(): list, create, get, update and delete verification workflows.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/workflows.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Workflows define the verification steps; sessions name one by its `workflow_id`.
template <class C>
class WorkflowsResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::workflows() rather than constructed directly.
    explicit WorkflowsResource(C& client) : c_(client) {}

    /// GET /v3/workflows/ — one page (the API also answers with a bare array; both decode).
    /// API reference: https://docs.didit.me/management-api/workflows/list
    R<Page<Workflow>> list(const WorkflowsListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WorkflowsList>(query, opts);
    }
    /// GET /v3/workflows/ — every workflow, fetched lazily one page at a time; `query`'s
    /// `limit` sets the page size, its `offset` where to start. Each element is a
    /// Result<Workflow>; a failed page is the last element (see Paginator).
    ///   for (auto& wf : client.workflows().list_all()) { if (!wf) break; use(wf->uuid); }
    /// API reference: https://docs.didit.me/management-api/workflows/list
    P<endpoints::WorkflowsList> list_all(WorkflowsListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::WorkflowsList>(c_, NoPath{}, query, std::move(opts));
    }
    /// POST /v3/workflows/ — sends exactly the fields set in `req` (see WorkflowCreateRequest).
    /// API reference: https://docs.didit.me/management-api/workflows/create
    R<Workflow> create(const WorkflowCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WorkflowsCreate>(req, opts);
    }
    /// GET /v3/workflows/{settings_uuid}/ — the full configuration of one version.
    /// API reference: https://docs.didit.me/management-api/workflows/get
    R<Workflow> get(std::string settings_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WorkflowsGet>(WorkflowPath{std::move(settings_uuid)}, opts);
    }
    /// PATCH /v3/workflows/{settings_uuid}/ — partial; use the returned `uuid` afterwards.
    /// API reference: https://docs.didit.me/management-api/workflows/update
    R<Workflow> update(std::string settings_uuid, const WorkflowUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WorkflowsUpdate>(WorkflowPath{std::move(settings_uuid)}, req, opts);
    }
    /// DELETE /v3/workflows/{settings_uuid}/ — deletes one version (204).
    /// API reference: https://docs.didit.me/management-api/workflows/delete
    R<Empty> remove(std::string settings_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WorkflowsDelete>(WorkflowPath{std::move(settings_uuid)}, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
