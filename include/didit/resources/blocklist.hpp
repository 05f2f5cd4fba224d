// SPDX-License-Identifier: MIT
// client.blocklist(): block or unblock a session's face, document, phone and email, and list entries.
#pragma once

#include <utility>

#include <didit/endpoints/blocklist.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The system blocklist: later sessions that match a blocked face, document, phone or email
/// get a warning (`FACE_IN_BLOCKLIST`, `ID_DOCUMENT_IN_BLOCKLIST`, …) and are declined.
/// Manual list entries live under /v3/lists/, not here.
template <class C>
class BlocklistResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::blocklist() rather than constructed directly.
    explicit BlocklistResource(C& client) : c_(client) {}

    /// POST /v3/blocklist/add/ — blocks the chosen kinds from a session (at least one flag true).
    /// API reference: https://docs.didit.me/sessions-api/blocklist/add
    R<BlocklistReply> add(const BlocklistAddRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BlocklistAdd>(req, opts);
    }
    /// POST /v3/blocklist/remove/ — removes the entries that came from this session.
    /// API reference: https://docs.didit.me/sessions-api/blocklist/remove
    R<BlocklistReply> remove(const BlocklistRemoveRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BlocklistRemove>(req, opts);
    }
    /// GET /v3/blocklist/ — one page, newest first; filter with `item_type`.
    /// API reference: https://docs.didit.me/sessions-api/blocklist/list
    R<Page<BlocklistItem>> list(const BlocklistListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::BlocklistList>(query, opts);
    }
    /// GET /v3/blocklist/ — every entry, fetched lazily page by page (see Paginator).
    /// API reference: https://docs.didit.me/sessions-api/blocklist/list
    P<endpoints::BlocklistList> list_all(BlocklistListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::BlocklistList>(c_, NoPath{}, std::move(query), std::move(opts));
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
