// SPDX-License-Identifier: MIT
// client.reports(): an application's report templates and regulatory reports (goAML filings
// such as SAR and STR, drafted from cases, validated, finalized and downloaded).
#pragma once

#include <string>
#include <utility>

#include <didit/endpoints/reports.hpp>
#include <didit/options.hpp>
#include <didit/paging.hpp>

namespace didit {

/// Report templates and regulatory reports. Every route names the organization and the
/// application (ApplicationPath{org_id, app_id}, as the cases do); a template, a report or a case
/// (CasePath) is then named by its UUID as well. A report is drafted from a case (regulatory_create_for_case,
/// or regulatory_create with a template), edited while it is a DRAFT, validated, finalized
/// (which renders its XML and PDF) and then downloaded through a presigned URL.
/// API reference: https://docs.didit.me/management-api/regulatory-reports/create-for-case
template <class C>
class ReportsResource {
public:
    /// What a call returns: Result<T> on a Client, Future<T> on its async() view.
    template <class T>
    using R = typename C::template reply_t<T>;
    /// What list_all returns: a Paginator on a Client, an AsyncPaginator on its async() view.
    template <class E>
    using P = typename C::template pager_t<E>;

    /// Sends through `client`, which must outlive this object. Usually obtained from
    /// Client::reports() rather than constructed directly.
    explicit ReportsResource(C& client) : c_(client) {}

    // ---- report templates ---------------------------------------------------------------

    /// GET …/report-templates/ — one page of the application's report templates.
    R<Page<ReportTemplate>> templates_list(const ApplicationPath& app, const ReportsPageQuery& query = {},
                                           const CallOptions& opts = {}) {
        return c_.template call<endpoints::ReportTemplatesList>(app, query, opts);
    }
    /// GET …/report-templates/ — every report template, page by page.
    P<endpoints::ReportTemplatesList> templates_all(ApplicationPath app, ReportsPageQuery query = {},
                                                    CallOptions opts = {}) {
        return P<endpoints::ReportTemplatesList>(c_, std::move(app), std::move(query), std::move(opts));
    }
    /// POST …/report-templates/ — creates a template: goAML header defaults (`field_config`: at
    /// least rentity_id, submission_code and currency_code_local) for a jurisdiction and type.
    R<ReportTemplate> templates_create(const ApplicationPath& app, const ReportTemplateCreateRequest& req,
                                       const CallOptions& opts = {}) {
        return c_.template call<endpoints::ReportTemplatesCreate>(app, req, opts);
    }
    /// GET …/report-templates/{template_uuid}/ — one template.
    R<ReportTemplate> templates_get(const ReportTemplatePath& tpl, const CallOptions& opts = {}) {
        return c_.template call<endpoints::ReportTemplatesGet>(tpl, opts);
    }
    /// PATCH …/report-templates/{template_uuid}/ — changes the members you set.
    R<ReportTemplate> templates_update(const ReportTemplatePath& tpl, const ReportTemplateUpdateRequest& req,
                                       const CallOptions& opts = {}) {
        return c_.template call<endpoints::ReportTemplatesUpdate>(tpl, req, opts);
    }
    /// DELETE …/report-templates/{template_uuid}/ — deletes a template (204).
    R<Empty> templates_delete(const ReportTemplatePath& tpl, const CallOptions& opts = {}) {
        return c_.template call<endpoints::ReportTemplatesDelete>(tpl, opts);
    }

    // ---- regulatory reports -------------------------------------------------------------

    /// GET …/cases/{case_uuid}/regulatory-reports/ — one page of a case's reports.
    R<Page<RegulatoryReport>> regulatory_list_for_case(const CasePath& case_path, const ReportsPageQuery& query = {},
                                                       const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseRegulatoryReportsList>(case_path, query, opts);
    }
    /// POST …/cases/{case_uuid}/regulatory-reports/ — drafts a report from a case: give a
    /// `template_uuid`, or `report_type` and `jurisdiction`; the case's data is merged in.
    R<RegulatoryReport> regulatory_create_for_case(const CasePath& case_path,
                                                   const CaseRegulatoryReportCreateRequest& req,
                                                   const CallOptions& opts = {}) {
        return c_.template call<endpoints::CaseRegulatoryReportsCreate>(case_path, req, opts);
    }
    /// GET …/regulatory-reports/ — one page of the application's reports (filter by `status`,
    /// `report_type` or `case_uuid`).
    R<Page<RegulatoryReport>> regulatory_list(const ApplicationPath& app, const RegulatoryReportsListQuery& query = {},
                                              const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsList>(app, query, opts);
    }
    /// GET …/regulatory-reports/ — every matching report, page by page.
    P<endpoints::RegulatoryReportsList> regulatory_all(ApplicationPath app, RegulatoryReportsListQuery query = {},
                                                       CallOptions opts = {}) {
        return P<endpoints::RegulatoryReportsList>(c_, std::move(app), std::move(query), std::move(opts));
    }
    /// POST …/regulatory-reports/ — drafts a report for a case (`case_uuid`) from a template
    /// (`template_uuid`).
    R<RegulatoryReport> regulatory_create(const ApplicationPath& app, const RegulatoryReportCreateRequest& req,
                                          const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsCreate>(app, req, opts);
    }
    /// GET …/regulatory-reports/{report_uuid}/ — one report.
    R<RegulatoryReport> regulatory_get(const RegulatoryReportPath& report, const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsGet>(report, opts);
    }
    /// PATCH …/regulatory-reports/{report_uuid}/ — changes the members you set of a report that
    /// is not finalized (409 once it is).
    R<RegulatoryReport> regulatory_update(const RegulatoryReportPath& report, const RegulatoryReportUpdateRequest& req,
                                          const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsUpdate>(report, req, opts);
    }
    /// DELETE …/regulatory-reports/{report_uuid}/ — deletes a report that is not finalized (204).
    R<Empty> regulatory_delete(const RegulatoryReportPath& report, const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsDelete>(report, opts);
    }
    /// POST …/regulatory-reports/{report_uuid}/validate/ — checks the report against the goAML
    /// rules: `is_valid`, and each problem by field.
    R<RegulatoryReportValidation> regulatory_validate(const RegulatoryReportPath& report,
                                                      const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsValidate>(report, opts);
    }
    /// POST …/regulatory-reports/{report_uuid}/finalize/ — finalizes a valid report and renders
    /// its XML and PDF (400 with the errors when it is not valid).
    R<RegulatoryReport> regulatory_finalize(const RegulatoryReportPath& report, const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsFinalize>(report, opts);
    }
    /// GET …/regulatory-reports/{report_uuid}/download-url/ — a presigned URL of the finalized
    /// report's PDF (the default) or XML (`file`).
    R<RegulatoryReportDownload> regulatory_download_url(const RegulatoryReportPath& report,
                                                        const RegulatoryReportDownloadQuery& query = {},
                                                        const CallOptions& opts = {}) {
        return c_.template call<endpoints::RegulatoryReportsDownloadUrl>(report, query, opts);
    }

private:
    detail::client_handle_t<C> c_;
};

}  // namespace didit
