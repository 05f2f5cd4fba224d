// SPDX-License-Identifier: MIT
// client.travel_rule(): Travel Rule settings, the wallet address book, the VASP directory, a
// transaction's transfer, after-deposit inbound transfers and wallet-ownership widgets.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/travel_rule.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// The Travel Rule: the originator and beneficiary data that a crypto transfer between VASPs
/// carries (IVMS-101), exchanged by Didit with the counterparty VASP, and what an application
/// configures for it. Transfers belong to transactions (client.transactions()); a transfer's
/// routes take the transaction's Didit `uuid`.
/// Guide: https://docs.didit.me/transaction-monitoring/travel-rule
template <class C>
class TravelRuleResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::travel_rule() rather than constructed directly.
    explicit TravelRuleResource(C& client) : c_(client) {}

    /// GET /v3/travel-rule/settings/ — the application's Travel Rule settings.
    R<TravelRuleSettings> settings(const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleSettingsGet>(opts);
    }
    /// PUT /v3/travel-rule/settings/ — sets the members you send; repeating it is harmless.
    R<TravelRuleSettings> update_settings(const TravelRuleSettingsRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleSettingsUpdate>(req, opts);
    }

    /// GET /v3/travel-rule/wallet-addresses/ — one page of the wallet address book.
    R<Page<WalletAddressEntry>> wallet_addresses(const PageQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWalletAddressesList>(query, opts);
    }
    /// GET /v3/travel-rule/wallet-addresses/ — the whole address book, page by page.
    P<endpoints::TravelRuleWalletAddressesList> all_wallet_addresses(PageQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::TravelRuleWalletAddressesList>(c_, NoPath{}, std::move(query), std::move(opts));
    }
    /// POST /v3/travel-rule/wallet-addresses/ — registers a wallet address and its holder.
    R<WalletAddressEntry> add_wallet_address(const WalletAddressCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWalletAddressesCreate>(req, opts);
    }
    /// PATCH /v3/travel-rule/wallet-addresses/{entry_uuid}/ — updates a registered address's holder.
    R<WalletAddressUpdate> update_wallet_address(std::string entry_uuid, const WalletAddressUpdateRequest& req,
                                                 const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWalletAddressesUpdate>(WalletAddressPath{std::move(entry_uuid)},
                                                                            req, opts);
    }
    /// DELETE /v3/travel-rule/wallet-addresses/{entry_uuid}/ — soft-deletes a registered address.
    R<Empty> remove_wallet_address(std::string entry_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWalletAddressesDelete>(WalletAddressPath{std::move(entry_uuid)},
                                                                            opts);
    }

    /// GET /v3/travel-rule/vasps/ — one page of the VASP directory (`search` by name or LEI).
    R<Page<Vasp>> vasps(const VaspsQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleVaspsList>(query, opts);
    }
    /// GET /v3/travel-rule/vasps/ — every matching VASP, page by page.
    P<endpoints::TravelRuleVaspsList> all_vasps(VaspsQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::TravelRuleVaspsList>(c_, NoPath{}, std::move(query), std::move(opts));
    }

    /// PATCH /v3/transactions/{transaction_id}/travel-rule/ — finishes an outbound transfer with
    /// its on-chain hash, or cancels or resends it (`action`).
    R<TravelRuleTransfer> update_transfer(std::string transaction_uuid, const TravelRuleTransferRequest& req,
                                          const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleTransferUpdate>(TransactionPath{std::move(transaction_uuid)}, req,
                                                                     opts);
    }
    /// POST /v3/transactions/{transaction_id}/travel-rule/ownership/ — the user confirms (or
    /// denies) owning the transfer's unhosted wallet.
    R<TravelRuleTransfer> confirm_ownership(std::string transaction_uuid, const OwnershipConfirmation& req,
                                            const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleOwnershipConfirm>(TransactionPath{std::move(transaction_uuid)},
                                                                       req, opts);
    }
    /// POST /v3/travel-rule/inbound/ — registers a transfer after its deposit arrived; `created`
    /// in the reply says whether this call made the transaction.
    R<InboundTransfer> register_inbound(const InboundTransferRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleInboundRegister>(req, opts);
    }
    /// POST /v3/travel-rule/widget-session/ — a session of the hosted widget in which a user
    /// proves they own a wallet; send them to its `url`.
    R<WidgetSession> create_widget_session(const WidgetSessionRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWidgetSessionCreate>(req, opts);
    }
    /// GET /v3/travel-rule/pickup/{token}/ — what a counterparty VASP sees from an emailed pickup
    /// link. The link's `token` is the only credential: no API key is sent, and the token is kept
    /// out of logs and errors. 410 once the pickup window has closed.
    /// API reference: https://docs.didit.me/transaction-monitoring/travel-rule
    R<TravelRulePickup> get_pickup(std::string token, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRulePickupGet>(PickupTokenPath{std::move(token)}, opts);
    }
    /// POST /v3/travel-rule/pickup/{token}/respond/ — accepts or declines an emailed pickup; on
    /// accept, `beneficiary_name` is matched against the originator's name policy. The `token` is
    /// the only credential (no API key is sent). Not retried after a failure that may have
    /// reached the server.
    /// API reference: https://docs.didit.me/transaction-monitoring/travel-rule
    R<TravelRulePickupOutcome> respond_pickup(std::string token, const TravelRulePickupResponse& req,
                                              const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRulePickupRespond>(PickupTokenPath{std::move(token)}, req, opts);
    }
    /// GET /v3/travel-rule/widget/{token}/ — a wallet-ownership widget session's context and the
    /// status of each proof, by its `token` (WidgetSession::token, the only credential: no API key
    /// is sent); poll it until `completed_at` is set, or prefer the travel_rule.status.updated
    /// webhook when the session is linked to a transfer.
    /// API reference: https://docs.didit.me/transaction-monitoring/travel-rule
    R<TravelRuleWidgetContext> get_widget_context(std::string token, const CallOptions& opts = {}) {
        return c_.template call<endpoints::TravelRuleWidgetContextGet>(WidgetTokenPath{std::move(token)}, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
