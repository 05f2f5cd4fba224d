// SPDX-License-Identifier: MIT
// Report templates, regulatory reports, verification imports and branding customization:
// method, URL and exact body of each call, the members named like C++ keywords (`case`,
// `template`), the multipart forms (CSV import file, logo images), the CSV template reply, and
// the refusals before sending.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::FilePart;
using didit::HttpRequest;
using didit::Method;

const std::string kBase = "https://verification.didit.me/v3/";
const std::string kOrg = "0a000000-0000-4000-8000-000000000001";
const std::string kApp = "0b000000-0000-4000-8000-000000000002";
const std::string kTpl = "7ec00000-0000-4000-8000-000000000006";
const std::string kReport = "5ec00000-0000-4000-8000-000000000007";
const std::string kCase = "c1a5e000-0000-4000-8000-000000000001";
const std::string kImport = "3f9c1a2b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const std::string kApps = kBase + "organization/" + kOrg + "/application/" + kApp + "/";
const std::string kPng("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 24);

/// One call of the tables below: what it sends, and the reply it gets.
struct Case {
    const char* name;
    std::function<bool(didit_test::MockClient&)> call;  ///< true when the call succeeded
    Method method;
    std::string url;
    /// Exact body, "" for none; a multipart body with `{B}` where the boundary goes.
    std::string body;
    int status;
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

std::string boundary_of(const HttpRequest& r) {
    const std::string ct(r.headers.get("Content-Type"));
    const std::string prefix = "multipart/form-data; boundary=";
    REQUIRE(ct.rfind(prefix, 0) == 0);
    return ct.substr(prefix.size());
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

/// A text field of a form, with `{B}` for the boundary.
std::string field(const std::string& name, const std::string& value) {
    return "--{B}\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

/// A file part of a form, with `{B}` for the boundary.
std::string file_part(const std::string& name, const std::string& filename, const std::string& type,
                      const std::string& bytes) {
    return "--{B}\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename +
           "\"\r\nContent-Type: " + type + "\r\n\r\n" + bytes + "\r\n";
}

void run(const std::vector<Case>& cases) {
    for (const auto& c : cases) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(c.status, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        auto sent = *t.mock.last_request();
        CHECK(sent.method == c.method);
        CHECK(sent.url == c.url);
        CHECK(sent.headers.get("x-api-key") == didit_test::kApiKey);
        CHECK_FALSE(sent.headers.contains("authorization"));
        if (c.body.rfind("--{B}", 0) == 0) {
            CHECK(sent.body.empty());
            REQUIRE(sent.body_source);
            auto all = sent.body_source->read_all();
            REQUIRE(all.ok());
            CHECK(all.value() == replace_all(c.body, "{B}", boundary_of(sent)));
        } else {
            CHECK(sent.body == c.body);
            if (c.body.empty())
                didit_test::check_no_body(sent);
            else
                didit_test::check_json_body(sent);
        }
    }
}

const std::string kTemplateReply = R"({"uuid":")" + kTpl +
                                   R"(","name":"UK STR","jurisdiction":"GB","report_type":"STR",)"
                                   R"("field_config":{"rentity_id":"123"},"created_at":"2026-07-01T00:00:00Z"})";
const std::string kReportReply =
    R"({"uuid":")" + kReport + R"(","case_uuid":")" + kCase +
    R"(","report_type":"SAR","status":"DRAFT","submission_code":"E","narrative":{"who":"A"},)"
    R"("validation_errors":[{"field":"rentity_id","message":"required"}],"transactions":[],"goaml_version":"5"})";

}  // namespace

TEST_CASE("reports: every route sends its method, URL and exact body, and decodes its reply") {
    const didit::ApplicationPath app{kOrg, kApp};
    const didit::ReportTemplatePath tpl{kOrg, kApp, kTpl};
    const didit::RegulatoryReportPath rep{kOrg, kApp, kReport};
    const didit::CasePath cas{kOrg, kApp, kCase};
    didit::ReportTemplateCreateRequest tcreate;
    tcreate.name = "UK STR";
    tcreate.jurisdiction = "GB";
    tcreate.report_type = didit::RegulatoryReportType::Str;
    tcreate.field_config = didit::Json{{"rentity_id", "123"}};
    didit::ReportTemplateUpdateRequest tupdate;
    tupdate.name = "UK STR v2";
    didit::ReportsPageQuery page;
    page.limit = 10;
    didit::CaseRegulatoryReportCreateRequest ccreate;
    ccreate.template_uuid = kTpl;
    ccreate.narrative = didit::RegulatoryReportNarrativeInput{};
    ccreate.narrative->why = "structuring";
    didit::RegulatoryReportsListQuery lq;
    lq.status = didit::RegulatoryReportStatus::Draft;
    lq.case_uuid = kCase;
    didit::RegulatoryReportCreateRequest screate;
    screate.case_uuid = kCase;
    screate.template_uuid = kTpl;
    screate.submission_code = didit::RegulatoryReportSubmissionCode::M;
    didit::RegulatoryReportUpdateRequest rupdate;
    rupdate.reason = "updated";
    rupdate.rentity_branch = nullptr;
    didit::RegulatoryReportDownloadQuery dq;
    dq.file = didit::RegulatoryReportFile::Xml;

    const std::vector<Case> cases = {
        {"templates_list", [&](auto& t) { return ok(t.client.reports().templates_list(app, page)); }, Method::Get,
         kApps + "report-templates/?limit=10", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[)" + kTemplateReply + "]}"},
        {"templates_create", [&](auto& t) { return ok(t.client.reports().templates_create(app, tcreate)); },
         Method::Post, kApps + "report-templates/",
         R"({"field_config":{"rentity_id":"123"},"jurisdiction":"GB","name":"UK STR","report_type":"STR"})", 201,
         kTemplateReply},
        {"templates_get", [&](auto& t) { return ok(t.client.reports().templates_get(tpl)); }, Method::Get,
         kApps + "report-templates/" + kTpl + "/", "", 200, kTemplateReply},
        {"templates_update", [&](auto& t) { return ok(t.client.reports().templates_update(tpl, tupdate)); },
         Method::Patch, kApps + "report-templates/" + kTpl + "/", R"({"name":"UK STR v2"})", 200, kTemplateReply},
        {"templates_delete", [&](auto& t) { return ok(t.client.reports().templates_delete(tpl)); }, Method::Delete,
         kApps + "report-templates/" + kTpl + "/", "", 204, ""},
        {"regulatory_list_for_case", [&](auto& t) { return ok(t.client.reports().regulatory_list_for_case(cas)); },
         Method::Get, kApps + "cases/" + kCase + "/regulatory-reports/", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[)" + kReportReply + "]}"},
        {"regulatory_create_for_case",
         [&](auto& t) { return ok(t.client.reports().regulatory_create_for_case(cas, ccreate)); }, Method::Post,
         kApps + "cases/" + kCase + "/regulatory-reports/",
         R"({"narrative":{"why":"structuring"},"template":")" + kTpl + R"("})", 201, kReportReply},
        {"regulatory_list", [&](auto& t) { return ok(t.client.reports().regulatory_list(app, lq)); }, Method::Get,
         kApps + "regulatory-reports/?case=" + kCase + "&status=DRAFT", "", 200,
         R"({"count":0,"next":null,"previous":null,"results":[]})"},
        {"regulatory_create", [&](auto& t) { return ok(t.client.reports().regulatory_create(app, screate)); },
         Method::Post, kApps + "regulatory-reports/",
         R"({"case":")" + kCase + R"(","submission_code":"M","template":")" + kTpl + R"("})", 201, kReportReply},
        {"regulatory_get", [&](auto& t) { return ok(t.client.reports().regulatory_get(rep)); }, Method::Get,
         kApps + "regulatory-reports/" + kReport + "/", "", 200, kReportReply},
        {"regulatory_update", [&](auto& t) { return ok(t.client.reports().regulatory_update(rep, rupdate)); },
         Method::Patch, kApps + "regulatory-reports/" + kReport + "/", R"({"reason":"updated","rentity_branch":null})",
         200, kReportReply},
        {"regulatory_delete", [&](auto& t) { return ok(t.client.reports().regulatory_delete(rep)); }, Method::Delete,
         kApps + "regulatory-reports/" + kReport + "/", "", 204, ""},
        {"regulatory_validate", [&](auto& t) { return ok(t.client.reports().regulatory_validate(rep)); }, Method::Post,
         kApps + "regulatory-reports/" + kReport + "/validate/", "", 200,
         R"({"status":"DRAFT","is_valid":false,"errors":[{"field":"rentity_id","message":"required"}]})"},
        {"regulatory_finalize", [&](auto& t) { return ok(t.client.reports().regulatory_finalize(rep)); }, Method::Post,
         kApps + "regulatory-reports/" + kReport + "/finalize/", "", 200, kReportReply},
        {"regulatory_download_url", [&](auto& t) { return ok(t.client.reports().regulatory_download_url(rep, dq)); },
         Method::Get, kApps + "regulatory-reports/" + kReport + "/download-url/?file=xml", "", 200,
         R"({"download_url":"https://files.example.com/r.xml","file":"xml"})"},
    };
    run(cases);
}

TEST_CASE("reports: replies decode tolerantly, `case` and `template` travel under their JSON names") {
    didit_test::MockClient t;
    t.mock.reply(200, kReportReply)
        .reply(200, R"({"status":"VALIDATED","is_valid":true,"errors":[]})")
        .reply(200, R"({"download_url":"https://files.example.com/r.pdf","file":"docx"})");
    const didit::RegulatoryReportPath rep{kOrg, kApp, kReport};
    auto r = t.client.reports().regulatory_get(rep);
    REQUIRE(r.ok());
    CHECK(r->case_uuid == kCase);
    CHECK(r->status == didit::RegulatoryReportStatus::Draft);
    REQUIRE(r->validation_errors);
    CHECK(r->validation_errors->at(0).field == "rentity_id");
    CHECK(r->narrative->who == "A");
    CHECK(r->extra.contains("goaml_version"));  // unknown members kept
    auto v = t.client.reports().regulatory_validate(rep);
    REQUIRE(v.ok());
    CHECK(v->is_valid == true);
    CHECK(v->status == didit::RegulatoryReportStatus::Validated);
    auto d = t.client.reports().regulatory_download_url(rep);
    REQUIRE(d.ok());
    CHECK(d->file->str() == "docx");  // a value the table lacks is kept
    CHECK_FALSE(d->file->is_known());

    // The request models read `case` and `template` back from JSON as well.
    auto back = didit::decode_json<didit::RegulatoryReportCreateRequest>(
        std::string_view(R"({"case":")" + kCase + R"(","template":")" + kTpl + R"("})"));
    REQUIRE(back.ok());
    CHECK(back->case_uuid == kCase);
    CHECK(back->template_uuid == kTpl);
    CHECK(back->extra.is_null());

    CHECK(didit::endpoints::RegulatoryReportsValidate::retry_safe);
    CHECK_FALSE(didit::endpoints::RegulatoryReportsFinalize::retry_safe);
    CHECK_FALSE(didit::endpoints::RegulatoryReportsCreate::retry_safe);
}

// The reports name the application and a case with the same path types as the cases do.
static_assert(
    std::is_same_v<didit::endpoints::ReportTemplatesList::path_params, didit::endpoints::CasesList::path_params>);
static_assert(
    std::is_same_v<didit::endpoints::CaseRegulatoryReportsList::path_params, didit::endpoints::CasesGet::path_params>);

TEST_CASE("reports: bad paths and values outside the request enums are refused before sending") {
    didit_test::MockClient t;
    auto a = t.client.reports().templates_get(didit::ReportTemplatePath{kOrg, kApp, "not-a-uuid"});
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    auto b = t.client.reports().templates_list(didit::ApplicationPath{"org-1", kApp});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    didit::ReportTemplateCreateRequest bad;
    bad.name = "x";
    bad.jurisdiction = "GB";
    bad.report_type = didit::RegulatoryReportType(std::string_view("XYZ"));
    auto c = t.client.reports().templates_create(didit::ApplicationPath{kOrg, kApp}, bad);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    CHECK(c.error().message.find("SAR") != std::string::npos);
    didit::RegulatoryReportsListQuery q;
    q.status = didit::RegulatoryReportStatus(std::string_view("ARCHIVED"));
    auto d = t.client.reports().regulatory_list(didit::ApplicationPath{kOrg, kApp}, q);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("session imports and customization: method, URL, exact body (JSON or form) and reply") {
    const std::string csv = "external_id,status\next-1,Approved\n";
    didit::SessionImportCreateRequest upload;
    upload.import_type = didit::SessionImportType::UserVerification;
    upload.workflow_id = "9f9b1234-aaaa-4bbb-8ccc-1234567890ab";
    upload.file = FilePart::from_memory(csv, "sessions.csv");
    didit::SessionImportCreateRequest by_url;
    by_url.import_type = didit::SessionImportType::Transactions;
    by_url.source_format = didit::SessionImportFormat::Ndjson;
    by_url.source_file_url = "https://files.example.com/tx.ndjson";
    didit::SessionImportTemplateQuery tq;
    tq.import_type = didit::SessionImportType::StatusRules;
    didit::SessionImportErrorsQuery eq;
    eq.limit = 20;
    didit::BrandingUpdateRequest brand;
    brand.settings.color_primary = "#123456";
    brand.settings.border_radius_buttons = 16;
    brand.settings.skip_welcome_screen = true;
    brand.settings.app_public_name = nullptr;  // a null cannot travel in a form: left out
    brand.image_rectangular = FilePart::from_memory(kPng, "logo.png");
    const std::string job = R"({"uuid":")" + kImport +
                            R"(","status":"PENDING","import_type":"user_verification","source_format":"csv",)"
                            R"("source_filename":"sessions.csv","total_rows":0,"processed_rows":0,"created_count":0,)"
                            R"("updated_count":0,"skipped_count":0,"failed_count":0,"last_error":null})";
    const std::string branding = R"({"color_primary":"#123456","border_radius_buttons":16,"logo_square":null})";

    const std::vector<Case> cases = {
        {"create_import (file)", [&](auto& t) { return ok(t.client.sessions().create_import(upload)); }, Method::Post,
         kBase + "session/imports/",
         field("import_type", "user_verification") + field("workflow_id", "9f9b1234-aaaa-4bbb-8ccc-1234567890ab") +
             file_part("file", "sessions.csv", "text/csv", csv) + "--{B}--\r\n",
         201, job},
        {"create_import (url)", [&](auto& t) { return ok(t.client.sessions().create_import(by_url)); }, Method::Post,
         kBase + "session/imports/",
         field("import_type", "transactions") + field("source_format", "ndjson") +
             field("source_file_url", "https://files.example.com/tx.ndjson") + "--{B}--\r\n",
         201, job},
        {"import", [&](auto& t) { return ok(t.client.sessions().import(kImport)); }, Method::Get,
         kBase + "session/imports/" + kImport + "/", "", 200, job},
        {"import_errors", [&](auto& t) { return ok(t.client.sessions().import_errors(kImport, eq)); }, Method::Get,
         kBase + "session/imports/" + kImport + "/errors/?limit=20", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",)"
         R"("row_number":17,"external_id":"ext-000017","error":"status: invalid value","raw_row":{"a":"b"}}]})"},
        {"customization get", [&](auto& t) { return ok(t.client.customization().get()); }, Method::Get,
         kBase + "customization/", "", 200, branding},
        {"customization update", [&](auto& t) { return ok(t.client.customization().update(brand)); }, Method::Patch,
         kBase + "customization/",
         field("border_radius_buttons", "16") + field("color_primary", "#123456") +
             field("skip_welcome_screen", "true") + file_part("image_rectangular", "logo.png", "image/png", kPng) +
             "--{B}--\r\n",
         200, branding},
    };
    run(cases);
}

TEST_CASE("session imports: the CSV template, the job's counters, the row errors") {
    didit_test::MockClient t;
    didit::Headers csv_type;
    csv_type.set("Content-Type", "text/csv; charset=utf-8");
    t.mock.reply(200, "external_id,status,first_name\r\n", csv_type)
        .reply(200, R"({"uuid":")" + kImport +
                        R"(","status":"COMPLETED","failed_count":2,"next_poll":5,"completed_at":null})");
    didit::SessionImportTemplateQuery q;
    q.import_type = didit::SessionImportType::BusinessVerification;
    auto tpl = t.client.sessions().import_template(q);
    REQUIRE(tpl.ok());
    CHECK(tpl->csv == "external_id,status,first_name\r\n");
    CHECK(tpl->content_type == "text/csv; charset=utf-8");
    auto sent = *t.mock.last_request();
    CHECK(sent.url == kBase + "session/imports/template/?import_type=business_verification");
    CHECK(sent.headers.get("accept") == "text/csv, application/json");
    auto job = t.client.sessions().import(kImport);
    REQUIRE(job.ok());
    CHECK(job->status == didit::SessionImportStatus::Completed);
    CHECK(job->failed_count == 2);
    CHECK(job->completed_at.is_null());
    CHECK(job->extra.contains("next_poll"));

    // A JSON body where CSV was asked for is a Decode error carrying Didit's message.
    didit_test::MockClient j;
    j.mock.reply(200, R"({"detail":"You do not have permission to perform this action."})");
    auto wrong = j.client.sessions().import_template();
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().kind == ErrorKind::Decode);
    CHECK(wrong.error().message.find("permission") != std::string::npos);

    // Row errors, page by page.
    didit_test::MockClient p;
    p.mock
        .reply(200, R"({"count":2,"next":"https://verification.didit.me/v3/session/imports/x/errors/?offset=1",)"
                    R"("previous":null,"results":[{"row_number":1,"error":"a","raw_row":{}}]})")
        .reply(200, R"({"count":2,"next":null,"previous":null,"results":[{"row_number":2,"error":"b","raw_row":{}}]})");
    std::vector<std::int64_t> rows;
    for (auto& e : p.client.sessions().all_import_errors(kImport)) {
        REQUIRE(e.ok());
        rows.push_back(e->row_number.value_or(0));
    }
    CHECK(rows == std::vector<std::int64_t>{1, 2});
}

TEST_CASE("session imports and customization: bad forms are refused before sending") {
    didit_test::MockClient t;
    didit::SessionImportCreateRequest none;  // neither a file nor a URL
    auto a = t.client.sessions().create_import(none);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().message.find("source_file_url") != std::string::npos);

    didit::SessionImportCreateRequest both;
    both.file = FilePart::from_memory("a,b\n", "x.csv");
    both.source_file_url = "https://files.example.com/x.csv";
    CHECK(t.client.sessions().create_import(both).error().kind == ErrorKind::InvalidArgument);

    didit::SessionImportCreateRequest image;  // an image is not a CSV, whatever its name
    image.file = FilePart::from_memory(kPng, "sessions.csv");
    auto c = t.client.sessions().create_import(image);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("CSV") != std::string::npos);

    didit::SessionImportCreateRequest binary;  // control bytes: not text
    binary.file = FilePart::from_memory(std::string("id\0\x01\x02", 5), "sessions.csv");
    CHECK(t.client.sessions().create_import(binary).error().kind == ErrorKind::InvalidArgument);

    didit::SessionImportCreateRequest declared;  // declared as an image, but text
    declared.file = FilePart::from_memory("a,b\n", "x.csv", "image/png");
    CHECK(t.client.sessions().create_import(declared).error().kind == ErrorKind::InvalidArgument);

    didit::SessionImportCreateRequest big;
    big.file = FilePart::from_memory(std::string(25000001, 'a'), "big.csv");
    auto e = t.client.sessions().create_import(big);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().message.find("25000000") != std::string::npos);

    didit::SessionImportCreateRequest kind;
    kind.source_file_url = "https://files.example.com/x.csv";
    kind.import_type = didit::SessionImportType(std::string_view("documents"));
    auto f = t.client.sessions().create_import(kind);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message.find("import_type") != std::string::npos);

    auto g = t.client.sessions().import("not-a-uuid");
    CHECK(g.error().kind == ErrorKind::InvalidArgument);

    didit::BrandingUpdateRequest logo;  // a PDF is not a logo
    logo.image_square = FilePart::from_memory("%PDF-1.7 ...", "logo.pdf");
    auto h = t.client.customization().update(logo);
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().message.find("image_square") != std::string::npos);

    didit::BrandingUpdateRequest favicon;  // over 500 KB
    favicon.image_favicon = FilePart::from_memory(kPng + std::string(500000, '\0'), "favicon.png");
    CHECK(t.client.customization().update(favicon).error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("sandbox arm: sends the session's own token, never the API key, and needs one") {
    const std::string session = "11111111-2222-4333-8444-555555555555";
    didit_test::MockClient t;
    t.mock.reply(200, R"({"session_id":")" + session + R"(","scenario":"decline_aml_hit","status":"Not Started"})");
    didit::SandboxArmRequest req;
    req.scenario = "decline_aml_hit";
    auto r = t.client.sessions().sandbox_arm(session, didit::SessionToken("SessTok123456"), req);
    REQUIRE(r.ok());
    CHECK(r->scenario == "decline_aml_hit");
    CHECK(r->status == "Not Started");
    REQUIRE(t.mock.request_count() == 1);
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "session/" + session + "/sandbox/arm/");
    CHECK(sent.body == R"({"scenario":"decline_aml_hit"})");
    CHECK(sent.headers.get("Session-Token") == "SessTok123456");
    CHECK_FALSE(sent.headers.contains("x-api-key"));
    CHECK_FALSE(sent.headers.contains("authorization"));

    // An empty token: refused before sending. Passing a SessionToken to another route does not
    // compile (tests/compile_fail/call_transaction_token_elsewhere.cpp shows it for its sibling).
    auto none = t.client.sessions().sandbox_arm(session, didit::SessionToken(""), req);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == ErrorKind::InvalidArgument);
    CHECK(none.error().message.find("SessionToken") != std::string::npos);
    CHECK(t.mock.request_count() == 1);
    // The client's own calls keep the API key: the token belonged to that one call.
    t.mock.reply(200, R"({"count":0,"next":null,"previous":null,"results":[]})");
    REQUIRE(t.client.sessions().import_errors(kImport).ok());
    auto other = *t.mock.last_request();
    CHECK_FALSE(other.headers.contains("Session-Token"));
    CHECK(other.headers.get("x-api-key") == didit_test::kApiKey);
    // The asynchronous view sends it alike.
    t.mock.reply(200, R"({"session_id":")" + session + R"(","scenario":"approve","status":"Not Started"})");
    didit::SandboxArmRequest approve;
    approve.scenario = "approve";
    auto later = t.client.async().sessions().sandbox_arm(session, didit::SessionToken("SessTok654321"), approve);
    auto armed = later.get();
    REQUIRE(armed.ok());
    CHECK(armed->scenario == "approve");
    CHECK(t.mock.last_request()->headers.get("Session-Token") == "SessTok654321");
    // Nor can it travel as a header of its own.
    didit::CallOptions as_header;
    as_header.headers.set("Session-Token", "SessTok123456");
    auto refused = t.client.sessions().sandbox_arm(session, didit::SessionToken("SessTok123456"), req, as_header);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.find("SessTok123456") == std::string::npos);
    CHECK(t.mock.request_count() == 3);
}
