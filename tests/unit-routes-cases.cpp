// SPDX-License-Identifier: MIT
// Case management routes: method, URL and exact body of each call (cases, notes, links, events,
// checklist, AML hits, analytics, bulk updates, blueprints and presets), paging, the note
// attachment upload, UUID paths and the closed request enums.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::Method;

const std::string kOrg = "11111111-2222-4333-8444-555555555555";
const std::string kApp = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const std::string kCase = "c1a5e000-0000-4000-8000-000000000001";
const std::string kBlueprint = "b1de0000-0000-4000-8000-000000000002";
const std::string kNote = "d0000000-0000-4000-8000-000000000003";
const std::string kLink = "11000000-0000-4000-8000-000000000004";
const std::string kItem = "c4ec0000-0000-4000-8000-000000000005";
const std::string kUser = "0e000000-0000-4000-8000-000000000006";
const std::string kBase = "https://verification.didit.me/v3/organization/" + kOrg + "/application/" + kApp + "/cases/";
const std::string kCaseUrl = kBase + kCase + "/";
const didit::ApplicationPath kAppPath{kOrg, kApp};

/// One call of the table below: what it sends, and the reply it gets.
struct Call {
    const char* name;
    std::function<bool(didit_test::MockClient&)>
        call;  ///< true when the call succeeded and its reply decoded as expected
    Method method;
    std::string url;
    std::string body;  ///< exact body, "" for none
    int status;
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

const std::string kCaseReply = R"({"uuid":")" + kCase +
                               R"(","case_number":"CS-0001","title":"Sanctions hit","status":"OPEN",)"
                               R"("priority":"HIGH","source":"MANUAL","subject":{"type":"user","uuid":")" +
                               kUser +
                               R"(","name":"Ana"},"assigned_to":null,"pending_resolution":null,)"
                               R"("checklist_items":[{"uuid":")" +
                               kItem + R"(","label":"Check ID","is_completed":false,"order":1}],"new_member":1})";

/// True when `r` is the case of kCaseReply, decoded with its subject, checklist and unknown member.
bool is_the_case(const didit::Result<didit::Case>& r) {
    if (!ok(r)) return false;
    const didit::Case& c = *r;
    return c.uuid == kCase && c.status == didit::CaseStatus::Open && c.priority == didit::CasePriority::High &&
           c.subject.get() != nullptr && c.subject.get()->type == didit::CaseSubjectType::User &&
           c.assigned_to.is_null() && c.checklist_items && c.checklist_items->size() == 1 &&
           c.extra.contains("new_member");
}

}  // namespace

TEST_CASE("cases: every route sends its method, URL and exact body, and decodes its reply") {
    didit::CasesListQuery lq;
    lq.status_in = "OPEN,AWAITING_USER";
    lq.ordering = didit::CaseOrdering::DueAtDesc;
    lq.overdue = true;
    didit::CaseCreateRequest create;
    create.title = "Sanctions hit";
    create.priority = didit::CasePriority::High;
    create.subject = didit::CaseSubjectInput{};
    create.subject->type = didit::CaseSubjectType::User;
    create.subject->uuid = kUser;
    create.tags = std::vector<std::string>{"aml"};
    didit::CaseUpdateRequest update;
    update.priority = didit::CasePriority::Low;
    update.due_at = nullptr;
    didit::CaseAssignRequest assign;
    assign.assignee_user_id = kUser;
    didit::CaseAssignRequest unassign;
    unassign.assignee_user_id = nullptr;
    didit::CaseResolveRequest resolve;
    resolve.resolution = didit::CaseResolution::FalsePositive;
    resolve.note = std::string("Documents reviewed.");
    didit::CaseTransferRequest transfer;
    transfer.target_blueprint = kBlueprint;
    didit::CaseApprovalRejectRequest reject;
    reject.notes = std::string("Missing evidence.");
    didit::CaseEntityActionRequest action;
    action.action = didit::CaseEntityAction::AddTags;
    action.tags = std::vector<std::string>{"high-risk"};
    didit::CaseNoteCreateRequest note;
    note.comment = "See attachment";
    note.is_internal = true;
    didit::CaseNoteAttachmentRef att;
    att.s3_key = "cases/k1";
    att.filename = "a.pdf";
    note.attachments = std::vector<didit::CaseNoteAttachmentRef>{att};
    didit::CaseNoteAttachmentQuery aq;
    aq.s3_key = "cases/k1";
    didit::CaseLinkCreateRequest link;
    link.entity_type = didit::CaseLinkEntityType::Transaction;
    link.entity_uuid = kLink;
    didit::PageQuery page;
    page.limit = 10;
    page.offset = 20;
    didit::CaseAnalyticsQuery stats;
    stats.date_from = "2026-01-01";
    stats.date_to = "2026-01-31";
    didit::CaseBulkStatusRequest bulk_status;
    bulk_status.case_uuids = {kCase};
    bulk_status.status = didit::CaseStatus::Resolved;
    bulk_status.resolution = didit::CaseResolution::ValidThreat;
    didit::CaseBulkAssignRequest bulk_assign;
    bulk_assign.case_uuids = {kCase};
    bulk_assign.assignee_user_id = nullptr;
    didit::CaseBlueprintCreateRequest bp;
    bp.name = "AML investigation";
    bp.assignee_pool = {kUser};
    bp.assignment_method = didit::CaseAssignmentMethod::Automatic;
    bp.max_active_cases = std::int64_t{5};
    bp.content_config = didit::CaseContentConfigInput{};
    bp.content_config->checklist = didit::CaseChecklistConfigInput{};
    bp.content_config->checklist->enabled = true;
    didit::CaseBlueprintUpdateRequest bp_update;
    bp_update.is_active = false;
    didit::CaseBlueprintPresetsInstallRequest install;
    install.preset_keys = std::vector<std::string>{"kyc"};

    const std::string bulk_reply = R"({"updated":1,"failures":[{"case_uuid":")" + kCase + R"(","detail":"no"}]})";
    const std::string bp_reply = R"({"uuid":")" + kBlueprint +
                                 R"(","name":"AML investigation","assignment_method":"AUTOMATIC",)"
                                 R"("content_config":{"checklist":{"enabled":true,"items":[{"label":"a","order":1}]}},)"
                                 R"("creation_sources":[{"kind":"aml","id":"x","name":"AML"}]})";
    auto is_bp = [](const didit::Result<didit::CaseBlueprint>& r) {
        return ok(r) && r->assignment_method == didit::CaseAssignmentMethod::Automatic && r->content_config &&
               r->content_config->checklist && r->content_config->checklist->items &&
               r->content_config->checklist->items->size() == 1 && r->creation_sources &&
               (*r->creation_sources)[0].kind == didit::CaseCreationSourceKind::Aml;
    };

    const std::vector<Call> calls = {
        {"list",
         [&](auto& t) {
             auto r = t.client.cases().list(kAppPath, lq);
             return ok(r) && r->results.size() == 1 && r->results[0].source == didit::CaseSource::AmlScreening;
         },
         Method::Get, kBase + "?ordering=-due_at&overdue=true&status__in=OPEN%2CAWAITING_USER", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"u","source":"AML_SCREENING"}]})"},
        {"create", [&](auto& t) { return is_the_case(t.client.cases().create(kAppPath, create)); }, Method::Post, kBase,
         R"({"priority":"HIGH","subject":{"type":"user","uuid":")" + kUser +
             R"("},"tags":["aml"],"title":"Sanctions hit"})",
         201, kCaseReply},
        {"get", [&](auto& t) { return is_the_case(t.client.cases().get(kAppPath, kCase)); }, Method::Get, kCaseUrl, "",
         200, kCaseReply},
        {"update", [&](auto& t) { return is_the_case(t.client.cases().update(kAppPath, kCase, update)); },
         Method::Patch, kCaseUrl, R"({"due_at":null,"priority":"LOW"})", 200, kCaseReply},
        {"remove", [&](auto& t) { return ok(t.client.cases().remove(kAppPath, kCase)); }, Method::Delete, kCaseUrl, "",
         204, ""},
        {"assign", [&](auto& t) { return is_the_case(t.client.cases().assign(kAppPath, kCase, assign)); }, Method::Post,
         kCaseUrl + "assign/", R"({"assignee_user_id":")" + kUser + R"("})", 200, kCaseReply},
        {"assign (unassign)", [&](auto& t) { return is_the_case(t.client.cases().assign(kAppPath, kCase, unassign)); },
         Method::Post, kCaseUrl + "assign/", R"({"assignee_user_id":null})", 200, kCaseReply},
        {"resolve", [&](auto& t) { return is_the_case(t.client.cases().resolve(kAppPath, kCase, resolve)); },
         Method::Post, kCaseUrl + "resolve/", R"({"note":"Documents reviewed.","resolution":"FALSE_POSITIVE"})", 200,
         kCaseReply},
        {"reopen", [&](auto& t) { return is_the_case(t.client.cases().reopen(kAppPath, kCase)); }, Method::Post,
         kCaseUrl + "reopen/", "", 200, kCaseReply},
        {"request_info", [&](auto& t) { return is_the_case(t.client.cases().request_info(kAppPath, kCase)); },
         Method::Post, kCaseUrl + "request-info/", "", 200, kCaseReply},
        {"escalate", [&](auto& t) { return is_the_case(t.client.cases().escalate(kAppPath, kCase)); }, Method::Post,
         kCaseUrl + "escalate/", "", 200, kCaseReply},
        {"transfer", [&](auto& t) { return is_the_case(t.client.cases().transfer(kAppPath, kCase, transfer)); },
         Method::Post, kCaseUrl + "transfer/", R"({"target_blueprint":")" + kBlueprint + R"("})", 200, kCaseReply},
        {"approve", [&](auto& t) { return is_the_case(t.client.cases().approve(kAppPath, kCase)); }, Method::Post,
         kCaseUrl + "approve/", "", 200, kCaseReply},
        {"reject_approval",
         [&](auto& t) { return is_the_case(t.client.cases().reject_approval(kAppPath, kCase, reject)); }, Method::Post,
         kCaseUrl + "reject-approval/", R"({"notes":"Missing evidence."})", 200, kCaseReply},
        {"apply_entity_action",
         [&](auto& t) {
             auto r = t.client.cases().apply_entity_action(kAppPath, kCase, action);
             return ok(r) && r->action == didit::CaseEntityAction::AddTags && r->extra.contains("tags_added");
         },
         Method::Post, kCaseUrl + "entity-actions/", R"({"action":"add_tags","tags":["high-risk"]})", 200,
         R"({"entity_type":"user","entity_uuid":"e","action":"add_tags","tags_added":["high-risk"]})"},
        {"print",
         [&](auto& t) {
             auto r = t.client.cases().print(kAppPath, kCase);
             return ok(r) && r->url == "https://example.com/case.pdf";
         },
         Method::Get, kCaseUrl + "print/", "", 200, R"({"url":"https://example.com/case.pdf"})"},
        {"notes",
         [&](auto& t) {
             auto r = t.client.cases().notes(kAppPath, kCase, page);
             return ok(r) && r->results.size() == 1 && r->results[0].attachments &&
                    (*r->results[0].attachments)[0].url == "https://example.com/a";
         },
         Method::Get, kCaseUrl + "notes/?limit=10&offset=20", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"n","comment":"c",)"
         R"("attachments":[{"s3_key":"k","url":"https://example.com/a"}]}]})"},
        {"add_note",
         [&](auto& t) {
             auto r = t.client.cases().add_note(kAppPath, kCase, note);
             return ok(r) && r->is_internal == true;
         },
         Method::Post, kCaseUrl + "notes/",
         R"({"attachments":[{"filename":"a.pdf","s3_key":"cases/k1"}],"comment":"See attachment","is_internal":true})",
         201, R"({"uuid":")" + kNote + R"(","comment":"See attachment","is_internal":true})"},
        {"remove_note", [&](auto& t) { return ok(t.client.cases().remove_note(kAppPath, kCase, kNote)); },
         Method::Delete, kCaseUrl + "notes/" + kNote + "/", "", 204, ""},
        {"note_attachment_url",
         [&](auto& t) {
             auto r = t.client.cases().note_attachment_url(kAppPath, kCase, aq);
             return ok(r) && r->url == "https://example.com/a";
         },
         Method::Get, kCaseUrl + "notes/presign/?s3_key=cases%2Fk1", "", 200,
         R"({"s3_key":"cases/k1","url":"https://example.com/a","filename":"a.pdf"})"},
        {"links",
         [&](auto& t) {
             auto r = t.client.cases().links(kAppPath, kCase);
             return ok(r) && r->size() == 1 && (*r)[0].linked_entity_type == didit::CaseLinkEntityType::Session;
         },
         Method::Get, kCaseUrl + "links/", "", 200,
         R"([{"uuid":"l","linked_entity_type":"session","linked_entity_summary":{"session_number":7}}])"},
        {"add_link",
         [&](auto& t) {
             auto r = t.client.cases().add_link(kAppPath, kCase, link);
             return ok(r) && r->linked_entity_type == didit::CaseLinkEntityType::Transaction;
         },
         Method::Post, kCaseUrl + "links/", R"({"entity_type":"transaction","entity_uuid":")" + kLink + R"("})", 201,
         R"({"uuid":"l","linked_entity_type":"transaction","linked_entity_uuid":")" + kLink + R"("})"},
        {"remove_link", [&](auto& t) { return ok(t.client.cases().remove_link(kAppPath, kCase, kLink)); },
         Method::Delete, kCaseUrl + "links/" + kLink + "/", "", 204, ""},
        {"events",
         [&](auto& t) {
             auto r = t.client.cases().events(kAppPath, kCase);
             return ok(r) && r->results.size() == 2 && r->results[0].event_type == didit::CaseEventType::Escalated &&
                    r->results[1].event_type && !r->results[1].event_type->is_known() &&
                    r->results[1].event_type->str() == "SOMETHING_NEW";
         },
         Method::Get, kCaseUrl + "events/", "", 200,
         R"({"count":2,"next":null,"previous":null,"results":[{"event_type":"ESCALATED","new_status":"OPEN"},)"
         R"({"event_type":"SOMETHING_NEW"}]})"},
        {"checklist",
         [&](auto& t) {
             auto r = t.client.cases().checklist(kAppPath, kCase);
             return ok(r) && r->size() == 1 && (*r)[0].completed_by.is_null();
         },
         Method::Get, kCaseUrl + "checklist/", "", 200,
         R"([{"uuid":")" + kItem + R"(","label":"Check ID","is_completed":false,"completed_by":null}])"},
        {"set_checklist_item",
         [&](auto& t) {
             auto r = t.client.cases().set_checklist_item(kAppPath, kCase, kItem, true);
             return ok(r) && r->is_completed == true;
         },
         Method::Patch, kCaseUrl + "checklist/" + kItem + "/", R"({"is_completed":true})", 200,
         R"({"uuid":")" + kItem + R"(","is_completed":true,"completed_by":"a@example.com"})"},
        {"aml_hits",
         [&](auto& t) {
             auto r = t.client.cases().aml_hits(kAppPath, kCase);
             return ok(r) && r->size() == 1 && (*r)[0].value("score", 0) == 91;
         },
         Method::Get, kCaseUrl + "aml/", "", 200, R"([{"id":"h1","score":91}])"},
        {"analytics",
         [&](auto& t) {
             auto r = t.client.cases().analytics(kAppPath, stats);
             return ok(r) && r->series && r->series->size() == 1 && (*r->series)[0].created == 3;
         },
         Method::Get, kBase + "statistics/?date_from=2026-01-01&date_to=2026-01-31", "", 200,
         R"({"series":[{"date":"2026-01-02","created":3,"reviewed":1}],"tables":{"officer":[]}})"},
        {"bulk_update_status",
         [&](auto& t) {
             auto r = t.client.cases().bulk_update_status(kAppPath, bulk_status);
             return ok(r) && r->updated == 1 && r->failures && r->failures->size() == 1;
         },
         Method::Post, kBase + "bulk/status/",
         R"({"case_uuids":[")" + kCase + R"("],"resolution":"VALID_THREAT","status":"RESOLVED"})", 200, bulk_reply},
        {"bulk_assign",
         [&](auto& t) {
             auto r = t.client.cases().bulk_assign(kAppPath, bulk_assign);
             return ok(r) && r->updated == 1;
         },
         Method::Post, kBase + "bulk/assign/", R"({"assignee_user_id":null,"case_uuids":[")" + kCase + R"("]})", 200,
         bulk_reply},
        {"blueprints.list",
         [&](auto& t) {
             auto r = t.client.cases().blueprints().list(kAppPath);
             return ok(r) && r->results.size() == 1 && r->results[0].name == "KYC";
         },
         Method::Get, kBase + "blueprints/", "", 200,
         R"({"count":1,"next":null,"previous":null,"results":[{"uuid":"b","name":"KYC","preset_key":null}]})"},
        {"blueprints.create", [&](auto& t) { return is_bp(t.client.cases().blueprints().create(kAppPath, bp)); },
         Method::Post, kBase + "blueprints/",
         R"({"assignee_pool":[")" + kUser +
             R"("],"assignment_method":"AUTOMATIC","content_config":{"checklist":{"enabled":true}},)"
             R"("max_active_cases":5,"name":"AML investigation"})",
         201, bp_reply},
        {"blueprints.get", [&](auto& t) { return is_bp(t.client.cases().blueprints().get(kAppPath, kBlueprint)); },
         Method::Get, kBase + "blueprints/" + kBlueprint + "/", "", 200, bp_reply},
        {"blueprints.update",
         [&](auto& t) { return is_bp(t.client.cases().blueprints().update(kAppPath, kBlueprint, bp_update)); },
         Method::Patch, kBase + "blueprints/" + kBlueprint + "/", R"({"is_active":false})", 200, bp_reply},
        {"blueprints.remove", [&](auto& t) { return ok(t.client.cases().blueprints().remove(kAppPath, kBlueprint)); },
         Method::Delete, kBase + "blueprints/" + kBlueprint + "/", "", 204, ""},
        {"blueprints.presets",
         [&](auto& t) {
             auto r = t.client.cases().blueprints().presets(kAppPath);
             return ok(r) && r->results && r->results->size() == 1 &&
                    (*r->results)[0].preset_key == didit::CaseBlueprintPresetKey::Kyc;
         },
         Method::Get, kBase + "blueprints/presets/", "", 200,
         R"({"results":[{"preset_key":"kyc","name":"KYC review","installed":false}]})"},
        {"blueprints.install_presets",
         [&](auto& t) {
             auto r = t.client.cases().blueprints().install_presets(kAppPath, install);
             return ok(r) && r->created && r->created->size() == 1;
         },
         Method::Post, kBase + "blueprints/presets/install/", R"({"preset_keys":["kyc"]})", 201,
         R"({"created":["kyc"]})"},
        {"blueprints.install_presets (all)",
         [&](auto& t) { return ok(t.client.cases().blueprints().install_presets(kAppPath)); }, Method::Post,
         kBase + "blueprints/presets/install/", "{}", 200, R"({"created":[]})"},
    };
    for (const auto& c : calls) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(c.status, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        auto sent = *t.mock.last_request();
        CHECK(sent.method == c.method);
        CHECK(sent.url == c.url);
        didit_test::check_api_key_auth(sent);
        CHECK(sent.body == c.body);
        if (c.body.empty())
            didit_test::check_no_body(sent);
        else
            didit_test::check_json_body(sent);
    }
}

TEST_CASE("cases: a note attachment is uploaded as multipart; text and CSV pass, other content is refused") {
    didit_test::MockClient t;
    t.mock.reply(201, R"({"s3_key":"cases/k1","url":"https://example.com/a","filename":"hits.csv","file_size":12})");
    didit::CaseNoteAttachmentUploadRequest req;
    req.file = didit::FilePart::from_memory("name,score\nA,9\n", "hits.csv", "text/csv");
    auto r = t.client.cases().upload_note_attachment(kAppPath, kCase, req);
    REQUIRE(ok(r));
    CHECK(r->s3_key == "cases/k1");
    REQUIRE(t.mock.request_count() == 1);
    const auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kCaseUrl + "notes/presign/");
    didit_test::check_api_key_auth(sent);
    CHECK(sent.headers.get("content-type").rfind("multipart/form-data; boundary=", 0) == 0);
    REQUIRE(sent.body_source);
    const std::string body = sent.body_source->read_all().value();
    CHECK(body.find(R"(name="file"; filename="hits.csv")") != std::string::npos);
    CHECK(body.find("Content-Type: text/csv") != std::string::npos);
    CHECK(body.find("name,score\nA,9\n") != std::string::npos);
    CHECK_FALSE(didit::endpoints::CaseNoteAttachmentsUpload::retry_safe);

    // A PDF passes by its signature; binary content with no known signature does not.
    req.file = didit::FilePart::from_memory("%PDF-1.7\n...", "a.pdf");
    t.mock.reply(201, R"({"s3_key":"cases/k2"})");
    CHECK(ok(t.client.cases().upload_note_attachment(kAppPath, kCase, req)));
    req.file = didit::FilePart::from_memory(std::string("\x7F"
                                                        "ELF\x02\x01\x01\0",
                                                        8),
                                            "a.bin");
    auto bad = t.client.cases().upload_note_attachment(kAppPath, kCase, req);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == ErrorKind::InvalidArgument);
    CHECK(bad.error().message.find("text such as CSV") != std::string::npos);
    auto none = t.client.cases().upload_note_attachment(kAppPath, kCase, {});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 2);
}

TEST_CASE("cases: paging cases, notes, events and blueprints; retries only where a repeat is harmless") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"count":2,"next":")" + kBase + R"(?offset=1","previous":null,"results":[{"title":"a"}]})")
        .reply(200, R"({"count":2,"next":null,"previous":null,"results":[{"title":"b"}]})");
    std::vector<std::string> seen;
    for (auto& c : t.client.cases().list_all(kAppPath)) {
        REQUIRE(c.ok());
        seen.push_back(c->title.value_or(""));
    }
    CHECK(seen == std::vector<std::string>{"a", "b"});
    CHECK(t.mock.last_request()->url == kBase + "?offset=1");

    t.mock.reply(200, R"({"count":1,"next":null,"previous":null,"results":[{"comment":"n"}]})");
    int notes = 0;
    for (auto& n : t.client.cases().all_notes(kAppPath, kCase)) notes += n.ok() ? 1 : 100;
    CHECK(notes == 1);
    CHECK(t.mock.last_request()->url == kCaseUrl + "notes/");
    t.mock.reply(200, R"({"count":1,"next":null,"previous":null,"results":[{"event_type":"CREATED"}]})");
    int events = 0;
    for (auto& e : t.client.cases().all_events(kAppPath, kCase)) events += e.ok() ? 1 : 100;
    CHECK(events == 1);
    t.mock.reply(200, R"({"count":1,"next":null,"previous":null,"results":[{"name":"KYC"}]})");
    int blueprints = 0;
    for (auto& b : t.client.cases().blueprints().list_all(kAppPath)) blueprints += b.ok() ? 1 : 100;
    CHECK(blueprints == 1);
    CHECK(t.mock.last_request()->url == kBase + "blueprints/");

    namespace ep = didit::endpoints;
    CHECK(ep::CasesGet::retry_safe);
    CHECK(ep::CasesUpdate::retry_safe);
    CHECK(ep::CaseBlueprintPresetsInstall::retry_safe);  // a preset already installed is skipped
    CHECK_FALSE(ep::CasesCreate::retry_safe);
    CHECK_FALSE(ep::CasesResolve::retry_safe);
    CHECK_FALSE(ep::CasesEscalate::retry_safe);
    CHECK_FALSE(ep::CaseNotesCreate::retry_safe);
    CHECK_FALSE(ep::CasesEntityAction::retry_safe);
}

TEST_CASE("cases: the asynchronous view sends the same requests") {
    didit_test::MockClient t;
    t.mock.reply(200, kCaseReply).reply(200, R"({"count":0,"next":null,"previous":null,"results":[]})");
    CHECK(is_the_case(t.client.async().cases().get(kAppPath, kCase).get()));
    CHECK(t.mock.last_request()->url == kCaseUrl);
    CHECK(ok(t.client.async().cases().blueprints().list(kAppPath).get()));
    CHECK(t.mock.last_request()->url == kBase + "blueprints/");
}

TEST_CASE("cases: bad input is refused before sending") {
    didit_test::MockClient t;
    // Every UUID of a path is checked: the organization, the application, the case and the item.
    auto a = t.client.cases().get({"my-org", kApp}, kCase);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    auto b = t.client.cases().list({kOrg, "not-a-uuid"});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    auto c = t.client.cases().reopen(kAppPath, "CS-0001");
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::InvalidArgument);
    auto d = t.client.cases().remove_note(kAppPath, kCase, "note-1");
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().kind == ErrorKind::InvalidArgument);
    auto e = t.client.cases().remove_link(kAppPath, kCase, kLink + "/../x");
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::InvalidArgument);
    auto f = t.client.cases().set_checklist_item(kAppPath, kCase, "C4EC0000-0000-4000-8000-000000000005", true);
    REQUIRE_FALSE(f.ok());  // canonical UUIDs are lowercase
    CHECK(f.error().kind == ErrorKind::InvalidArgument);
    auto g = t.client.cases().blueprints().get(kAppPath, "");
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::InvalidArgument);

    // Closed request enums: a value the API does not document is refused, naming the allowed ones.
    didit::CaseResolveRequest resolve;
    resolve.resolution = didit::CaseResolution(std::string_view("INCONCLUSIVE"));
    auto h = t.client.cases().resolve(kAppPath, kCase, resolve);
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().kind == ErrorKind::InvalidArgument);
    CHECK(h.error().message.find("FALSE_POSITIVE, VALID_THREAT") != std::string::npos);
    didit::CasesListQuery q;
    q.ordering = didit::CaseOrdering(std::string_view("title"));
    auto i = t.client.cases().list(kAppPath, q);
    REQUIRE_FALSE(i.ok());
    CHECK(i.error().kind == ErrorKind::InvalidArgument);
    didit::CaseEntityActionRequest act;
    act.action = didit::CaseEntityAction(std::string_view("delete"));
    auto j = t.client.cases().apply_entity_action(kAppPath, kCase, act);
    REQUIRE_FALSE(j.ok());
    CHECK(j.error().kind == ErrorKind::InvalidArgument);
    CHECK(t.mock.request_count() == 0);
}
