// SPDX-License-Identifier: MIT
// client.users(): create, list, read, update, set the status of and delete the users identified by your
// `vendor_data`, and upload faces to their profiles.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/users.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Users are the people Didit assembles from the sessions sharing one `vendor_data`. The
/// `vendor_data` arguments are free-form (not UUIDs) and are percent-encoded when sent.
template <class C>
class UsersResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::users() rather than constructed directly.
    explicit UsersResource(C& client) : c_(client) {}

    /// GET /v3/users/ — one page, most recent session first (see UsersListQuery on filters).
    /// API reference: https://docs.didit.me/management-api/users/list
    R<Page<User>> list(const UsersListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersList>(query, opts);
    }
    /// GET /v3/users/ — every user, fetched lazily page by page (see Paginator). Stops on
    /// `next == null`: the API caps `count` at 100.
    /// API reference: https://docs.didit.me/management-api/users/list
    P<endpoints::UsersList> list_all(UsersListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::UsersList>(c_, NoPath{}, std::move(query), std::move(opts));
    }
    /// GET /v3/users/{vendor_data}/ — one user (exact, case-sensitive match), with metadata
    /// and activity log; soft-deleted users too.
    /// API reference: https://docs.didit.me/management-api/users/get
    R<User> get(std::string vendor_data, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersGet>(UserPath{std::move(vendor_data)}, opts);
    }
    /// PATCH /v3/users/{vendor_data}/ — partial; `metadata` and the lists replace what is stored.
    /// API reference: https://docs.didit.me/management-api/users/update
    R<User> update(std::string vendor_data, const UserUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersUpdate>(UserPath{std::move(vendor_data)}, req, opts);
    }
    /// POST /v3/users/delete/ — hard-deletes the selected users; replies `{"deleted": n}`.
    /// API reference: https://docs.didit.me/management-api/users/delete
    R<UsersDeleteResponse> remove_many(const UsersDeleteRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersDelete>(req, opts);
    }

    /// POST /v3/users/create/ — pre-creates a user without a session; replies 201 with the full
    /// record. Not idempotent, so never retried on an unknown outcome: a repeat is a 400 naming
    /// the duplicate `vendor_data` (get() tells whether the first one landed).
    /// API reference: https://docs.didit.me/management-api/users/create
    R<User> create(const UserCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersCreate>(req, opts);
    }
    /// PATCH /v3/users/{vendor_data}/update-status/ — sets only the lifecycle status; BLOCKED also
    /// blocklists the `vendor_data` and moving away from it removes that entry (update() does not).
    /// API reference: https://docs.didit.me/management-api/users/update-status
    R<User> update_status(std::string vendor_data, const UserStatusUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersUpdateStatus>(UserPath{std::move(vendor_data)}, req, opts);
    }
    /// PATCH /v3/users/{vendor_data}/update-status/ with `{"status": status}`.
    /// API reference: https://docs.didit.me/management-api/users/update-status
    R<User> update_status(std::string vendor_data, LifecycleStatus status, const CallOptions& opts = {}) {
        UserStatusUpdateRequest req;
        req.status = std::move(status);
        return update_status(std::move(vendor_data), req, opts);
    }
    /// POST /v3/organization/{organization_id}/application/{application_id}/vendor-users/by-id/
    /// {didit_internal_id}/faces/upload/ — attaches a trusted face image to a user's profile
    /// (at most 5 per user); replies 201 with the face record. The three ids are canonical UUIDs,
    /// checked before sending; `didit_internal_id` comes from get() or create().
    /// API reference: https://docs.didit.me/management-api/users/upload-face
    R<UserFace> upload_face(std::string organization_id, std::string application_id, std::string didit_internal_id,
                            const UserFaceUploadRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::UsersUploadFace>(
            UserFacePath{std::move(organization_id), std::move(application_id), std::move(didit_internal_id)}, req,
            opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
