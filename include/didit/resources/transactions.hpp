// SPDX-License-Identifier: MIT
// client.transactions(): transaction monitoring (submit, read, list) and on-demand wallet screening.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/transactions.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Transaction monitoring: each transaction you submit is scored by your rules (and screened on
/// chain when it is a crypto transfer) and comes back APPROVED, IN_REVIEW or DECLINED. Also the
/// one-off screening of a wallet address without a transaction.
template <class C>
class TransactionsResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::transactions() rather than constructed directly.
    explicit TransactionsResource(C& client) : c_(client) {}

    /// POST /v3/transactions/ — submits a transaction; the rules run before the reply, whose
    /// `status` is the outcome. Your `transaction_id` must be new (a reused one answers 400), so
    /// the call is not retried after a failure that may have reached the server.
    /// API reference: https://docs.didit.me/management-api/transactions/create
    R<Transaction> create(const TransactionCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsCreate>(req, opts);
    }
    /// GET /v3/transactions/{transaction_id}/ — one transaction by its Didit `uuid` (not your
    /// `transaction_id`).
    /// API reference: https://docs.didit.me/transaction-monitoring/transactions
    R<Transaction> get(std::string uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsGet>(TransactionPath{std::move(uuid)}, opts);
    }
    /// GET /v3/transactions/ — one page, newest first. `count` is capped at 100; the true total
    /// is `extra["total_transactions"]` of the page.
    /// API reference: https://docs.didit.me/transaction-monitoring/transactions
    R<Page<Transaction>> list(const TransactionsListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsList>(query, opts);
    }
    /// GET /v3/transactions/ — every transaction, fetched lazily page by page (see Paginator).
    /// API reference: https://docs.didit.me/transaction-monitoring/transactions
    P<endpoints::TransactionsList> list_all(TransactionsListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::TransactionsList>(c_, NoPath{}, std::move(query), std::move(opts));
    }
    /// POST /v3/transactions/sdk-token/ — a short-lived token for one `vendor_data`, with which a
    /// client-side SDK submits that user's transactions without your API key.
    /// API reference: https://docs.didit.me/transaction-monitoring/integration-guide
    R<TransactionSdkToken> sdk_token(const TransactionSdkTokenRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsSdkToken>(req, opts);
    }
    /// POST /v3/wallet-screening/ — screens one address on one chain without a transaction: risk
    /// score, severity, sanctions hit, where its funds come from and go. Billed per call, so
    /// not retried after a failure that may have reached the server.
    /// API reference: https://docs.didit.me/transaction-monitoring/wallet-screening
    R<WalletScreening> screen_wallet(const WalletScreeningRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::WalletScreen>(req, opts);
    }
    /// POST /v1/transactions/ — submits a transaction as the user's device does, authenticated
    /// by `token` (the TransactionToken of `sdk_token`'s `sdk_token`, sent as X-Transaction-Token;
    /// the API key is never sent). The subject is the token's `vendor_data`, whatever the body
    /// says. Not retried after a failure that may have reached the server.
    /// API reference: https://docs.didit.me/transaction-monitoring/sdk-transaction-submission
    R<Transaction> submit_from_sdk(const TransactionToken& token, const SdkTransactionRequest& req,
                                   const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsSdkSubmit>(token, req, opts);
    }
    /// GET /v1/transactions/{transaction_id}/ — one transaction by its Didit `uuid`, read with the
    /// transaction token that submitted it (never the API key); `action_required` is null once the
    /// user's follow-up action is resolved.
    /// API reference: https://docs.didit.me/transaction-monitoring/sdk-transaction-submission
    R<Transaction> get_from_sdk(const TransactionToken& token, std::string uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TransactionsSdkGet>(token, TransactionPath{std::move(uuid)}, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
