// SPDX-License-Identifier: MIT
// client.questionnaires(): list, create, get, update and delete questionnaire versions.
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/questionnaires.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Questionnaires are custom forms; a workflow's QUESTIONNAIRE step names one by its version
/// id. Each version has its own id (`uuid` in lists, `questionnaire_id` in replies; use
/// Questionnaire::id()), grouped under `questionnaire_group_id`.
template <class C>
class QuestionnairesResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::questionnaires() rather than constructed directly.
    explicit QuestionnairesResource(C& client) : c_(client) {}

    /// GET /v3/questionnaires/ — one page of versions, newest first.
    /// API reference: https://docs.didit.me/management-api/questionnaires/list
    R<Page<Questionnaire>> list(const QuestionnairesListQuery& query = {}, const CallOptions& opts = {}) {
        return c_.template call<endpoints::QuestionnairesList>(query, opts);
    }
    /// GET /v3/questionnaires/ — every version, fetched lazily page by page (see Paginator).
    /// API reference: https://docs.didit.me/management-api/questionnaires/list
    P<endpoints::QuestionnairesList> list_all(QuestionnairesListQuery query = {}, CallOptions opts = {}) {
        return P<endpoints::QuestionnairesList>(c_, NoPath{}, std::move(query), std::move(opts));
    }
    /// POST /v3/questionnaires/ — 201 with the new version; its id is `questionnaire_id`.
    /// API reference: https://docs.didit.me/management-api/questionnaires/create
    R<Questionnaire> create(const QuestionnaireCreateRequest& req, const CallOptions& opts = {}) {
        return c_.template call<endpoints::QuestionnairesCreate>(req, opts);
    }
    /// GET /v3/questionnaires/{questionnaire_uuid}/ — one version with its graph and sections.
    /// API reference: https://docs.didit.me/management-api/questionnaires/get
    R<Questionnaire> get(std::string questionnaire_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::QuestionnairesGet>(QuestionnairePath{std::move(questionnaire_uuid)}, opts);
    }
    /// PATCH /v3/questionnaires/{questionnaire_uuid}/ — partial; may create a new version, so
    /// use the returned `questionnaire_id` afterwards.
    /// API reference: https://docs.didit.me/management-api/questionnaires/update
    R<Questionnaire> update(std::string questionnaire_uuid, const QuestionnaireUpdateRequest& req,
                            const CallOptions& opts = {}) {
        return c_.template call<endpoints::QuestionnairesUpdate>(QuestionnairePath{std::move(questionnaire_uuid)}, req,
                                                                 opts);
    }
    /// DELETE /v3/questionnaires/{questionnaire_uuid}/ — deletes one version and its stored
    /// responses (204; a 200 with a body is accepted too).
    /// API reference: https://docs.didit.me/management-api/questionnaires/delete
    R<Empty> remove(std::string questionnaire_uuid, const CallOptions& opts = {}) {
        return c_.template call<endpoints::QuestionnairesDelete>(QuestionnairePath{std::move(questionnaire_uuid)},
                                                                 opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
