// SPDX-License-Identifier: MIT
// client.cases(): case management (cases, their notes, links, events, checklists and AML hits,
// bulk updates) and client.cases().blueprints(): case blueprints and their presets.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <didit/endpoints/cases.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Case blueprints: the queues cases live in, with their assignment, escalation, transfer,
/// 4-eyes and content settings, and the built-in presets. Every call takes the application as
/// an ApplicationPath (`org_id`, `app_id`: canonical UUIDs, checked before sending).
/// Usually obtained from client.cases().blueprints().
/// API reference: https://docs.didit.me/management-api/case-blueprints/list
template <class C>
class CaseBlueprintsResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object.
    explicit CaseBlueprintsResource(C& client) : c_(client) {}

    /// GET .../cases/blueprints/ — one page of the application's blueprints.
    R<Page<CaseBlueprintListItem>> list(const ApplicationPath& app, const PageQuery& query = {},
                                        const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintsList>(app, query, opts);
    }
    /// GET .../cases/blueprints/ — every blueprint, page by page.
    P<endpoints::CaseBlueprintsList> list_all(ApplicationPath app, PageQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::CaseBlueprintsList>(c_, std::move(app), std::move(query), std::move(opts));
    }
    /// POST .../cases/blueprints/ — creates a blueprint (`name` at most 24 characters, a
    /// non-empty `assignee_pool`).
    R<CaseBlueprint> create(const ApplicationPath& app, const CaseBlueprintCreateRequest& req,
                            const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintsCreate>(app, req, opts);
    }
    /// GET .../cases/blueprints/{blueprint_uuid}/ — one blueprint.
    R<CaseBlueprint> get(const ApplicationPath& app, std::string blueprint_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintsGet>(path(app, std::move(blueprint_uuid)), opts);
    }
    /// PATCH .../cases/blueprints/{blueprint_uuid}/ — sets the members sent.
    R<CaseBlueprint> update(const ApplicationPath& app, std::string blueprint_uuid,
                            const CaseBlueprintUpdateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintsUpdate>(path(app, std::move(blueprint_uuid)), req, opts);
    }
    /// DELETE .../cases/blueprints/{blueprint_uuid}/ — deletes a blueprint (204).
    R<Empty> remove(const ApplicationPath& app, std::string blueprint_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintsDelete>(path(app, std::move(blueprint_uuid)), opts);
    }
    /// GET .../cases/blueprints/presets/ — the built-in presets and whether each is installed.
    R<CaseBlueprintPresets> presets(const ApplicationPath& app, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintPresetsList>(app, opts);
    }
    /// POST .../cases/blueprints/presets/install/ — copies presets into the application as
    /// editable blueprints (all of them when `preset_keys` is unset); one already installed is
    /// skipped, so repeating the call is harmless.
    R<CaseBlueprintPresetsInstalled> install_presets(const ApplicationPath& app,
                                                     const CaseBlueprintPresetsInstallRequest& req = {},
                                                     const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseBlueprintPresetsInstall>(app, req, opts);
    }

private:
    static CaseBlueprintPath path(const ApplicationPath& app, std::string blueprint_uuid) {
        return CaseBlueprintPath{app.org_id, app.app_id, std::move(blueprint_uuid)};
    }

    detail::client_handle_t<C> c_;
};

/// Case management: a case investigates one user or business (its subject), holds notes,
/// links to sessions and transactions, a checklist and a history of events, and is resolved as
/// a false positive or a valid threat, possibly after a second user's approval (4-eyes).
/// Every call takes the application as an ApplicationPath (`org_id`, `app_id`) and a case by its
/// `case_uuid`; all are canonical UUIDs, checked before sending:
///   const didit::ApplicationPath app{org_id, app_id};
///   auto page = client.cases().list(app);
///   auto one = client.cases().get(app, case_uuid);
/// Blueprints: cases().blueprints().
/// API reference: https://docs.didit.me/management-api/cases/list
template <class C>
class CasesResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::cases() rather than constructed directly.
    explicit CasesResource(C& client) : c_(client) {}

    /// Case blueprints and their presets.
    CaseBlueprintsResource<C> blueprints() { return CaseBlueprintsResource<C>(c_); }

    /// GET .../cases/ — one page of cases, newest first unless `ordering` says otherwise.
    R<Page<CaseListItem>> list(const ApplicationPath& app, const CasesListQuery& query = {},
                               const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesList>(app, query, opts);
    }
    /// GET .../cases/ — every matching case, page by page.
    P<endpoints::CasesList> list_all(ApplicationPath app, CasesListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::CasesList>(c_, std::move(app), std::move(query), std::move(opts));
    }
    /// POST .../cases/ — opens a case on a `subject`, or on the owner of its first link.
    R<Case> create(const ApplicationPath& app, const CaseCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesCreate>(app, req, opts);
    }
    /// GET .../cases/{case_uuid}/ — one case with its newest notes and events, links and checklist.
    R<Case> get(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesGet>(path(app, std::move(case_uuid)), opts);
    }
    /// PATCH .../cases/{case_uuid}/ — sets the title, priority, due date or tags sent.
    R<Case> update(const ApplicationPath& app, std::string case_uuid, const CaseUpdateRequest& req,
                   const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesUpdate>(path(app, std::move(case_uuid)), req, opts);
    }
    /// DELETE .../cases/{case_uuid}/ — deletes a case (204).
    R<Empty> remove(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesDelete>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/assign/ — assigns the case to `assignee_user_id`; set it to
    /// nullptr to unassign (the member is required: leaving it unset is refused by the API).
    R<Case> assign(const ApplicationPath& app, std::string case_uuid, const CaseAssignRequest& req,
                   const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesAssign>(path(app, std::move(case_uuid)), req, opts);
    }
    /// POST .../cases/{case_uuid}/resolve/ — resolves the case; with a 4-eyes checker on its
    /// blueprint the resolution is staged (`pending_resolution`) until approve() or
    /// reject_approval().
    R<Case> resolve(const ApplicationPath& app, std::string case_uuid, const CaseResolveRequest& req,
                    const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesResolve>(path(app, std::move(case_uuid)), req, opts);
    }
    /// POST .../cases/{case_uuid}/reopen/ — reopens a resolved case.
    R<Case> reopen(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesReopen>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/request-info/ — moves the case to AWAITING_USER.
    R<Case> request_info(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesRequestInfo>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/escalate/ — moves the case to its blueprint's escalation
    /// blueprint (400 until the blueprint has escalation enabled and a target set).
    R<Case> escalate(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesEscalate>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/transfer/ — moves the case to `target_blueprint`.
    R<Case> transfer(const ApplicationPath& app, std::string case_uuid, const CaseTransferRequest& req,
                     const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesTransfer>(path(app, std::move(case_uuid)), req, opts);
    }
    /// POST .../cases/{case_uuid}/approve/ — approves a staged resolution (4-eyes: a user other
    /// than the one who resolved).
    R<Case> approve(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesApprove>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/reject-approval/ — rejects a staged resolution (4-eyes).
    R<Case> reject_approval(const ApplicationPath& app, std::string case_uuid,
                            const CaseApprovalRejectRequest& req = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesRejectApproval>(path(app, std::move(case_uuid)), req, opts);
    }
    /// POST .../cases/{case_uuid}/entity-actions/ — acts on the case's subject: sets its status,
    /// adds tags or a note, or adds it to the blocklist.
    R<CaseEntityActionResult> apply_entity_action(const ApplicationPath& app, std::string case_uuid,
                                                  const CaseEntityActionRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesEntityAction>(path(app, std::move(case_uuid)), req, opts);
    }
    /// GET .../cases/{case_uuid}/print/ — renders the case as a PDF; the reply's `url` downloads it.
    R<CasePrint> print(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesPrint>(path(app, std::move(case_uuid)), opts);
    }

    /// GET .../cases/{case_uuid}/notes/ — one page of the case's notes.
    R<Page<CaseNote>> notes(const ApplicationPath& app, std::string case_uuid, const PageQuery& query = {},
                            const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseNotesList>(path(app, std::move(case_uuid)), query, opts);
    }
    /// GET .../cases/{case_uuid}/notes/ — every note of the case, page by page.
    P<endpoints::CaseNotesList> all_notes(const ApplicationPath& app, std::string case_uuid, PageQuery query = {},
                                          CallOptions opts = {}) {
        return P<endpoints::CaseNotesList>(c_, path(app, std::move(case_uuid)), std::move(query), std::move(opts));
    }
    /// POST .../cases/{case_uuid}/notes/ — adds a note; `attachments` are the `s3_key`s
    /// upload_note_attachment() replied with.
    R<CaseNote> add_note(const ApplicationPath& app, std::string case_uuid, const CaseNoteCreateRequest& req,
                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseNotesCreate>(path(app, std::move(case_uuid)), req, opts);
    }
    /// DELETE .../cases/{case_uuid}/notes/{note_uuid}/ — deletes a note (204).
    R<Empty> remove_note(const ApplicationPath& app, std::string case_uuid, std::string note_uuid,
                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseNotesDelete>(
            CaseNotePath{app.org_id, app.app_id, std::move(case_uuid), std::move(note_uuid)}, opts);
    }
    /// POST .../cases/{case_uuid}/notes/presign/ — uploads a file for a note (multipart, the file
    /// streamed); a file that is missing, empty, over 5 MB or of another type is refused with
    /// InvalidArgument before sending. Not retried.
    R<CaseNoteAttachmentUpload> upload_note_attachment(const ApplicationPath& app, std::string case_uuid,
                                                       const CaseNoteAttachmentUploadRequest& req,
                                                       const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseNoteAttachmentsUpload>(path(app, std::move(case_uuid)), req, opts);
    }
    /// GET .../cases/{case_uuid}/notes/presign/?s3_key=… — a fresh download URL of an attachment.
    R<CaseNoteAttachmentUrl> note_attachment_url(const ApplicationPath& app, std::string case_uuid,
                                                 const CaseNoteAttachmentQuery& query, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseNoteAttachmentsUrl>(path(app, std::move(case_uuid)), query, opts);
    }

    /// GET .../cases/{case_uuid}/links/ — the sessions, business sessions and transactions attached.
    R<std::vector<CaseLink>> links(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseLinksList>(path(app, std::move(case_uuid)), opts);
    }
    /// POST .../cases/{case_uuid}/links/ — attaches a session, business session or transaction.
    R<CaseLink> add_link(const ApplicationPath& app, std::string case_uuid, const CaseLinkCreateRequest& req,
                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseLinksCreate>(path(app, std::move(case_uuid)), req, opts);
    }
    /// DELETE .../cases/{case_uuid}/links/{link_uuid}/ — detaches a link (204).
    R<Empty> remove_link(const ApplicationPath& app, std::string case_uuid, std::string link_uuid,
                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseLinksDelete>(
            CaseLinkPath{app.org_id, app.app_id, std::move(case_uuid), std::move(link_uuid)}, opts);
    }

    /// GET .../cases/{case_uuid}/events/ — one page of the case's history.
    R<Page<CaseEvent>> events(const ApplicationPath& app, std::string case_uuid, const PageQuery& query = {},
                              const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseEventsList>(path(app, std::move(case_uuid)), query, opts);
    }
    /// GET .../cases/{case_uuid}/events/ — the case's whole history, page by page.
    P<endpoints::CaseEventsList> all_events(const ApplicationPath& app, std::string case_uuid, PageQuery query = {},
                                            CallOptions opts = {}) {
        return P<endpoints::CaseEventsList>(c_, path(app, std::move(case_uuid)), std::move(query), std::move(opts));
    }

    /// GET .../cases/{case_uuid}/checklist/ — the case's checklist items, in order.
    R<std::vector<CaseChecklistItem>> checklist(const ApplicationPath& app, std::string case_uuid,
                                                const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseChecklistList>(path(app, std::move(case_uuid)), opts);
    }
    /// PATCH .../cases/{case_uuid}/checklist/{item_uuid}/ — marks an item done or not done.
    R<CaseChecklistItem> set_checklist_item(const ApplicationPath& app, std::string case_uuid, std::string item_uuid,
                                            bool is_completed, const CallOptions& opts = {}) {
        CaseChecklistToggleRequest req;
        req.is_completed = is_completed;
        return c_.template call<endpoints::CaseChecklistToggle>(
            CaseChecklistItemPath{app.org_id, app.app_id, std::move(case_uuid), std::move(item_uuid)}, req, opts);
    }

    /// GET .../cases/{case_uuid}/aml/ — the AML screening hits of the case's subject, each as
    /// the AML screening route returns its hits.
    R<std::vector<Json>> aml_hits(const ApplicationPath& app, std::string case_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseAmlHitsList>(path(app, std::move(case_uuid)), opts);
    }

    /// GET .../cases/statistics/ — a daily series, tables per officer, blueprint, source and
    /// status, totals and the queue, for cases created in the query's date range.
    R<CaseAnalytics> analytics(const ApplicationPath& app, const CaseAnalyticsQuery& query = {},
                               const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesAnalytics>(app, query, opts);
    }
    /// POST .../cases/bulk/status/ — sets the status of many cases (`resolution` is required for
    /// RESOLVED); the reply lists the cases it could not change.
    R<CaseBulkResult> bulk_update_status(const ApplicationPath& app, const CaseBulkStatusRequest& req,
                                         const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesBulkStatus>(app, req, opts);
    }
    /// POST .../cases/bulk/assign/ — assigns many cases (`assignee_user_id` nullptr unassigns);
    /// the reply lists the cases it could not change.
    R<CaseBulkResult> bulk_assign(const ApplicationPath& app, const CaseBulkAssignRequest& req,
                                  const CallOptions& opts = {}) {
        return c_.template call<endpoints::CasesBulkAssign>(app, req, opts);
    }

private:
    static CasePath path(const ApplicationPath& app, std::string case_uuid) {
        return CasePath{app.org_id, app.app_id, std::move(case_uuid)};
    }

    detail::client_handle_t<C> c_;
};

}  // namespace didit
