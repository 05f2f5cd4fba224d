// SPDX-License-Identifier: MIT
// Questionnaire routes: wire format of list/create/get/update/delete, element types of both sources, decoding.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::HttpRequest;
using didit::Json;
using didit::LanguageMap;
using didit::Method;
using didit::QuestionnaireElementType;
using didit_test::check_api_key_auth;
using didit_test::check_json_body;
using didit_test::check_no_body;
using didit_test::kApiKey;
using didit_test::parse;

const std::string kBase = "https://verification.didit.me";
const std::string kId = "11111111-2222-3333-4444-555555555555";
const std::string kDetail = R"({"questionnaire_id":"11111111-2222-3333-4444-555555555555","title":"T"})";

didit::QuestionnaireOption option(const char* value, const char* en) {
    didit::QuestionnaireOption o;
    if (value) o.value = value;
    o.label = LanguageMap{{"en", en}};
    return o;
}

}  // namespace

// ---- list --------------------------------------------------------------------------------

TEST_CASE("questionnaires: list sends GET /v3/questionnaires/ with the API key") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("questionnaires-list-1.json")).reply(200, "[]");
    REQUIRE(t.client.questionnaires().list().ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/questionnaires/");
    check_api_key_auth(req);
    check_no_body(req);

    didit::QuestionnairesListQuery q;
    q.limit = 10;
    q.offset = 20;
    REQUIRE(t.client.questionnaires().list(q).ok());
    CHECK(t.mock.last_request()->url == kBase + "/v3/questionnaires/?limit=10&offset=20");
}

TEST_CASE("questionnaires: list decodes the envelope; rows name their id `uuid` (fixture questionnaires-list-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("questionnaires-list-1.json"));
    auto r = t.client.questionnaires().list();
    REQUIRE(r.ok());
    CHECK(r->count == std::optional<std::int64_t>(1));
    CHECK(r->next.is_null());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 1);
    const auto& q = r->results[0];
    CHECK(q.uuid == std::optional<std::string>(kId));
    CHECK_FALSE(q.questionnaire_id.has_value());
    CHECK(q.id() == kId);
    CHECK(q.title == std::optional<std::string>("KYC Questionnaire"));
    CHECK(q.description.value() == "Additional verification questions");
    CHECK(q.languages == std::optional<std::vector<std::string>>(std::vector<std::string>{"en", "es"}));
    CHECK(q.default_language == std::optional<std::string>("en"));
    CHECK(q.is_active == std::optional<bool>(true));
    CHECK(q.is_simple_questionnaire == std::optional<bool>(true));
    CHECK(q.created_at == std::optional<std::string>("2026-04-23T09:55:00Z"));
    CHECK(q.updated_at == std::optional<std::string>("2026-04-23T10:00:00Z"));
    REQUIRE(q.question_types.has_value());
    CHECK(*q.question_types == std::vector<std::string>{"SHORT_TEXT", "MULTIPLE_CHOICE", "FILE_UPLOAD"});
    // Upper-case types as reported read as the same enumerators.
    CHECK(didit::questionnaire_element_type((*q.question_types)[0]) == QuestionnaireElementType::ShortText);
    CHECK(didit::questionnaire_element_type((*q.question_types)[1]) == QuestionnaireElementType::MultipleChoice);
    CHECK(didit::questionnaire_element_type((*q.question_types)[2]) == QuestionnaireElementType::FileUpload);
    CHECK(q.workflow_names == std::optional<std::vector<std::string>>(std::vector<std::string>{}));
    CHECK(q.questionnaire_group_id == std::optional<std::string>(kId));
    CHECK(q.version == std::optional<int>(1));
    REQUIRE(q.status.has_value());
    CHECK(*q.status == didit::QuestionnaireStatus::Published);
    CHECK(q.published_at.value() == "2026-04-23T10:00:00Z");
    CHECK(q.is_editable == std::optional<bool>(false));
    CHECK_FALSE(q.graph.has_value());
    CHECK(q.extra.is_null());
}

TEST_CASE("questionnaires: list decodes a bare array, drafts and unknown keys") {
    didit_test::MockClient t;
    t.mock.reply(200, R"([{"uuid":"a","status":"draft","published_at":null,"description":null},)"
                      R"({"uuid":"b","status":"archived","question_types":["SIGNATURE"],"owner":"x"}])");
    auto r = t.client.questionnaires().list();
    REQUIRE(r.ok());
    CHECK_FALSE(r->count.has_value());
    CHECK_FALSE(r->has_next());
    REQUIRE(r->results.size() == 2);
    CHECK(*r->results[0].status == didit::QuestionnaireStatus::Draft);
    CHECK(r->results[0].published_at.is_null());
    CHECK(r->results[0].description.is_null());
    CHECK_FALSE(r->results[1].status->is_known());
    CHECK(r->results[1].status->str() == "archived");
    auto unknown = didit::questionnaire_element_type((*r->results[1].question_types)[0]);
    CHECK_FALSE(unknown.is_known());
    CHECK(unknown.str() == "SIGNATURE");
    CHECK(r->results[1].extra["owner"] == "x");
}

// ---- create ------------------------------------------------------------------------------

TEST_CASE("questionnaires: create sends the real API's body (fixture questionnaire-create-request-1)") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("questionnaire-create-response-1.json"));

    didit::QuestionnaireCreateRequest req;
    req.title = "Customer Onboarding";
    req.description = "Additional information needed for verification";
    req.default_language = "en";
    req.languages = std::vector<std::string>{"en"};
    req.is_active = true;
    didit::QuestionnaireElement occupation;
    occupation.id = "occupation";
    occupation.element_type = QuestionnaireElementType::ShortText;
    occupation.label = LanguageMap{{"en", "What is your occupation?"}};
    occupation.is_required = true;
    occupation.placeholder = LanguageMap{{"en", "Software engineer"}};
    didit::QuestionnaireElement funds;
    funds.id = "source_of_funds";
    funds.element_type = QuestionnaireElementType::MultipleChoice;
    funds.label = LanguageMap{{"en", "Source of funds"}};
    funds.is_required = true;
    funds.options =
        std::vector<didit::QuestionnaireOption>{option("employment", "Employment"), option("business", "Business"),
                                                option("investments", "Investments"), option("other", "Other")};
    req.form_elements = std::vector<didit::QuestionnaireElement>{occupation, funds};

    auto r = t.client.questionnaires().create(req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Post);
    CHECK(sent.url == kBase + "/v3/questionnaires/");
    check_api_key_auth(sent);
    check_json_body(sent);
    Json expected = parse(didit_test::fixture("questionnaire-create-request-1.json"));
    REQUIRE_FALSE(expected.is_discarded());
    CHECK(parse(sent.body) == expected);
    CHECK(sent.body == expected.dump());
}

TEST_CASE("questionnaires: create decodes the 201 reply; its id is `questionnaire_id`") {
    didit_test::MockClient t;
    t.mock.reply(201, didit_test::fixture("questionnaire-create-response-1.json"));
    auto r = t.client.questionnaires().create(didit::QuestionnaireCreateRequest{});
    REQUIRE(r.ok());
    const auto& q = r.value();
    CHECK(q.questionnaire_id == std::optional<std::string>(kId));
    CHECK_FALSE(q.uuid.has_value());
    CHECK(q.id() == kId);
    CHECK(q.title == std::optional<std::string>("Customer Onboarding"));
    CHECK(q.is_simple_questionnaire == std::optional<bool>(true));
    REQUIRE(q.graph.has_value());
    CHECK((*q.graph)["start_node"] == "occupation");
    CHECK((*q.graph)["nodes"]["occupation"]["element_type"] == "SHORT_TEXT");
    CHECK((*q.graph)["nodes"]["source_of_funds"]["choices"][1]["label"]["en"] == "Business");
    CHECK((*q.graph)["nodes"]["source_of_funds"]["next"].is_null());
    REQUIRE(q.sections.has_value());
    CHECK(*q.sections == Json::array());
    CHECK(q.questionnaire_group_id == std::optional<std::string>(kId));
    CHECK(q.version == std::optional<int>(1));
    CHECK(*q.status == didit::QuestionnaireStatus::Published);
    CHECK(q.published_at.value() == "2026-04-23T10:00:00Z");
    CHECK(q.is_editable == std::optional<bool>(false));
    CHECK(q.extra.is_null());
}

TEST_CASE("questionnaires: create sends the skill document's example exactly as set") {
    didit_test::MockClient t;
    t.mock.reply(201, kDetail);
    didit::QuestionnaireCreateRequest req;
    req.title = "Employment Details";
    req.default_language = "en";
    didit::QuestionnaireElement a;
    a.element_type = QuestionnaireElementType::ShortText;
    a.label = LanguageMap{{"en", "Occupation?"}};
    a.is_required = true;
    didit::QuestionnaireElement b;
    b.element_type = QuestionnaireElementType::MultipleChoice;
    b.label = LanguageMap{{"en", "Employment status"}};
    b.options = std::vector<didit::QuestionnaireOption>{option(nullptr, "Employed"), option(nullptr, "Student")};
    req.form_elements = std::vector<didit::QuestionnaireElement>{a, b};
    REQUIRE(t.client.questionnaires().create(req).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"default_language":"en","form_elements":[{"element_type":"short_text","is_required":true,)"
          R"("label":{"en":"Occupation?"}},{"element_type":"multiple_choice","label":{"en":"Employment status"},)"
          R"("options":[{"label":{"en":"Employed"}},{"label":{"en":"Student"}}]}],"title":"Employment Details"})");
}

TEST_CASE("questionnaires: every element type of both sources has its wire name") {
    const std::vector<std::pair<QuestionnaireElementType, std::string>> all = {
        // The real API's 19.
        {QuestionnaireElementType::ShortText, "short_text"},
        {QuestionnaireElementType::LongText, "long_text"},
        {QuestionnaireElementType::Dropdown, "dropdown"},
        {QuestionnaireElementType::SingleChoice, "single_choice"},
        {QuestionnaireElementType::MultipleChoice, "multiple_choice"},
        {QuestionnaireElementType::Number, "number"},
        {QuestionnaireElementType::Image, "image"},
        {QuestionnaireElementType::FileUpload, "file_upload"},
        {QuestionnaireElementType::Time, "time"},
        {QuestionnaireElementType::Email, "email"},
        {QuestionnaireElementType::Address, "address"},
        {QuestionnaireElementType::Phone, "phone"},
        {QuestionnaireElementType::Country, "country"},
        {QuestionnaireElementType::DatePicker, "date_picker"},
        {QuestionnaireElementType::Consent, "consent"},
        {QuestionnaireElementType::SectionHeader, "section_header"},
        {QuestionnaireElementType::Separator, "separator"},
        {QuestionnaireElementType::Heading, "heading"},
        {QuestionnaireElementType::Paragraph, "paragraph"},
        // An older guide's two extra.
        {QuestionnaireElementType::Checkbox, "checkbox"},
        {QuestionnaireElementType::Date, "date"},
    };
    CHECK(QuestionnaireElementType::table().size() == all.size());
    for (const auto& e : all) {
        CAPTURE(e.second);
        QuestionnaireElementType t(e.first);
        CHECK(t.str() == e.second);
        CHECK(QuestionnaireElementType(std::string_view(e.second)) == e.first);
        std::string upper = e.second;
        for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
        CHECK(didit::questionnaire_element_type(upper) == e.first);
        CHECK(didit::questionnaire_element_type(e.second) == e.first);

        didit::QuestionnaireElement el;
        el.element_type = t;
        auto enc = didit::encode_json(el);
        REQUIRE(enc.ok());
        CHECK(enc.value() == Json{{"element_type", e.second}});
        auto dec = didit::decode_json<didit::QuestionnaireElement>(enc.value());
        REQUIRE(dec.ok());
        CHECK(*dec->element_type == e.first);
    }
}

TEST_CASE("questionnaires: the skill document's checkbox and date types are sent as given") {
    didit_test::MockClient t;
    t.mock.reply(400, R"({"form_elements":[{"element_type":["\"checkbox\" is not a valid choice."]}]})");
    didit::QuestionnaireCreateRequest req;
    req.title = "Skill";
    didit::QuestionnaireElement a;
    a.element_type = QuestionnaireElementType::Checkbox;
    a.label = LanguageMap{{"en", "Pick"}};
    a.options = std::vector<didit::QuestionnaireOption>{option(nullptr, "One")};
    didit::QuestionnaireElement b;
    b.element_type = QuestionnaireElementType::Date;
    b.label = LanguageMap{{"en", "When?"}};
    req.form_elements = std::vector<didit::QuestionnaireElement>{a, b};
    auto r = t.client.questionnaires().create(req);
    CHECK(t.mock.last_request()->body ==
          R"({"form_elements":[{"element_type":"checkbox","label":{"en":"Pick"},"options":[{"label":{"en":"One"}}]},)"
          R"({"element_type":"date","label":{"en":"When?"}}],"title":"Skill"})");
    // The real API rejects them; the nested field error survives.
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::BadRequest);
    REQUIRE(r.error().field_errors.size() == 1);
    CHECK(r.error().field_errors[0].field == "form_elements[0].element_type");
}

TEST_CASE("questionnaires: an element with every field, several languages, null where set to null") {
    didit_test::MockClient t;
    t.mock.reply(201, kDetail).reply(201, kDetail);
    didit::QuestionnaireElement e;
    e.id = "q_age";
    e.element_type = QuestionnaireElementType::Number;
    e.label = LanguageMap{{"en", "Age?"}, {"es", "¿Edad?"}};
    e.description = LanguageMap{{"en", "In years"}, {"es", "En años"}};
    e.placeholder = nullptr;
    e.is_required = false;
    didit::QuestionnaireValidation v;
    v.min = 18;
    v.max = 99.5;
    v.error_message = LanguageMap{{"en", "18+"}, {"es", "18+"}};
    e.validation = v;
    didit::QuestionnaireElement text;
    text.element_type = QuestionnaireElementType::ShortText;
    text.label = LanguageMap{{"en", "IBAN"}, {"es", "IBAN"}};
    didit::QuestionnaireValidation tv;
    tv.pattern = "[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}";
    tv.min_length = 15;
    tv.max_length = 34;
    text.validation = tv;
    didit::QuestionnaireElement upload;
    upload.element_type = QuestionnaireElementType::FileUpload;
    upload.label = LanguageMap{{"en", "Payslip"}, {"es", "Nómina"}};
    upload.max_files = 3;
    upload.validation = nullptr;

    didit::QuestionnaireCreateRequest req;
    req.title = "All";
    req.description = nullptr;
    req.languages = std::vector<std::string>{"en", "es"};
    req.default_language = "es";
    req.status = didit::QuestionnaireStatus::Draft;
    req.is_active = false;
    req.form_elements = std::vector<didit::QuestionnaireElement>{e, text, upload};
    REQUIRE(t.client.questionnaires().create(req).ok());
    CHECK(t.mock.last_request()->body ==
          "{\"default_language\":\"es\",\"description\":null,\"form_elements\":["
          "{\"description\":{\"en\":\"In years\",\"es\":\"En a\xc3\xb1os\"},\"element_type\":\"number\","
          "\"id\":\"q_age\",\"is_required\":false,\"label\":{\"en\":\"Age?\",\"es\":\"\xc2\xbf"
          "Edad?\"},"
          "\"placeholder\":null,\"validation\":{\"error_message\":{\"en\":\"18+\",\"es\":\"18+\"},"
          "\"max\":99.5,\"min\":18}},"
          "{\"element_type\":\"short_text\",\"label\":{\"en\":\"IBAN\",\"es\":\"IBAN\"},"
          "\"validation\":{\"max_length\":34,\"min_length\":15,\"pattern\":\"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}\"}},"
          "{\"element_type\":\"file_upload\",\"label\":{\"en\":\"Payslip\",\"es\":\"N\xc3\xb3mina\"},"
          "\"max_files\":3,\"validation\":null}],"
          "\"is_active\":false,\"languages\":[\"en\",\"es\"],\"status\":\"draft\",\"title\":\"All\"}");

    // Extra keys on an element go out as given (typed fields win).
    didit::QuestionnaireElement x;
    x.element_type = QuestionnaireElementType::Consent;
    x.label = LanguageMap{{"en", "I agree"}};
    x.extra = Json{{"future_flag", true}, {"label", "ignored"}};
    didit::QuestionnaireCreateRequest req2;
    req2.form_elements = std::vector<didit::QuestionnaireElement>{x};
    REQUIRE(t.client.questionnaires().create(req2).ok());
    CHECK(t.mock.last_request()->body ==
          R"({"form_elements":[{"element_type":"consent","future_flag":true,"label":{"en":"I agree"}}]})");
}

TEST_CASE("questionnaires: create sends an empty object when nothing is set") {
    didit_test::MockClient t;
    t.mock.reply(201, kDetail);
    REQUIRE(t.client.questionnaires().create(didit::QuestionnaireCreateRequest{}).ok());
    CHECK(t.mock.last_request()->body == "{}");
}

// ---- get ---------------------------------------------------------------------------------

TEST_CASE(
    "questionnaires: get sends GET /v3/questionnaires/{questionnaire_uuid}/ and decodes (fixture "
    "questionnaire-get-1)") {
    didit_test::MockClient t;
    t.mock.reply(200, didit_test::fixture("questionnaire-get-1.json"));
    auto r = t.client.questionnaires().get(kId);
    REQUIRE(r.ok());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Get);
    CHECK(req.url == kBase + "/v3/questionnaires/" + kId + "/");
    check_api_key_auth(req);
    check_no_body(req);

    const auto& q = r.value();
    CHECK(q.id() == kId);
    REQUIRE(q.sections.has_value());
    REQUIRE(q.sections->is_array());
    REQUIRE(q.sections->size() == 1);
    const Json& item = (*q.sections)[0]["items"][0];
    CHECK(item["uuid"] == "11111111-2222-3333-4444-666666666666");
    CHECK(item["value"] == "occupation");
    CHECK(didit::questionnaire_element_type(item["element_type"].get<std::string>()) ==
          QuestionnaireElementType::ShortText);
    CHECK(item["title"]["en"] == "What is your occupation?");
    REQUIRE(q.graph.has_value());
    CHECK((*q.graph)["nodes"].size() == 2);
}

// ---- update ------------------------------------------------------------------------------

TEST_CASE("questionnaires: update sends PATCH with only the set fields") {
    didit_test::MockClient t;
    t.mock.reply(200,
                 R"({"questionnaire_id":"22222222-2222-4333-8444-555555555555","version":2,"status":"published"})");
    didit::QuestionnaireUpdateRequest req;
    req.title = "Updated Customer Onboarding";
    req.status = didit::QuestionnaireStatus::Published;
    req.description = nullptr;
    auto r = t.client.questionnaires().update(kId, req);
    REQUIRE(r.ok());
    auto sent = *t.mock.last_request();
    CHECK(sent.method == Method::Patch);
    CHECK(sent.url == kBase + "/v3/questionnaires/" + kId + "/");
    check_api_key_auth(sent);
    check_json_body(sent);
    CHECK(sent.body == R"({"description":null,"status":"published","title":"Updated Customer Onboarding"})");
    // Publishing a published version creates a new one: use the returned id.
    CHECK(r->id() == "22222222-2222-4333-8444-555555555555");
    CHECK(r->version == std::optional<int>(2));
}

TEST_CASE("questionnaires: update replaces form_elements as given") {
    didit_test::MockClient t;
    t.mock.reply(200, kDetail);
    didit::QuestionnaireElement e;
    e.id = "source_of_funds";
    e.element_type = QuestionnaireElementType::SingleChoice;
    e.label = LanguageMap{{"en", "Source of funds"}};
    e.options = std::vector<didit::QuestionnaireOption>{option("employment", "Employment")};
    didit::QuestionnaireUpdateRequest req;
    req.form_elements = std::vector<didit::QuestionnaireElement>{e};
    REQUIRE(t.client.questionnaires().update(kId, req).ok());
    CHECK(
        t.mock.last_request()->body ==
        R"({"form_elements":[{"element_type":"single_choice","id":"source_of_funds","label":{"en":"Source of funds"},)"
        R"("options":[{"label":{"en":"Employment"},"value":"employment"}]}]})");
}

// ---- delete ------------------------------------------------------------------------------

TEST_CASE("questionnaires: remove sends DELETE without a body; 204 and 200-with-body both succeed") {
    didit_test::MockClient t;
    t.mock.reply(204, "").reply(200, R"({"deleted":true})");
    auto r = t.client.questionnaires().remove(kId);
    REQUIRE(r.ok());
    CHECK(r->raw.is_null());
    auto req = *t.mock.last_request();
    CHECK(req.method == Method::Delete);
    CHECK(req.url == kBase + "/v3/questionnaires/" + kId + "/");
    check_api_key_auth(req);
    check_no_body(req);
    auto r2 = t.client.questionnaires().remove(kId);
    REQUIRE(r2.ok());
    CHECK(r2->raw["deleted"] == true);
}

TEST_CASE("questionnaires: a 404 is NotFound with Didit's message") {
    didit_test::MockClient t;
    t.mock.reply(404, didit_test::fixture("error-404-1.json"));
    auto r = t.client.questionnaires().get(kId);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::NotFound);
    CHECK(r.error().message == "Not found.");
}

// ---- bad input ---------------------------------------------------------------------------

TEST_CASE("questionnaires: a malformed questionnaire_uuid is refused before sending on every route") {
    didit_test::MockClient t;
    t.mock.reply(200, kDetail);
    const std::vector<std::string> bad = {
        "11111111-2222-3333-4444-55555555555",   // too short
        "11111111-2222-3333-4444-55555555555A",  // upper case (the router wants lower case)
        "111111112222333344445555555555555555",  // no dashes
        "../11111111-2222-3333-4444-555555555555",
        "11111111-2222-3333-4444-555555555555/",  // extra slash
        "a/b?c#d",
        "",
    };
    for (const auto& id : bad) {
        CAPTURE(id);
        auto a = t.client.questionnaires().get(id);
        auto b = t.client.questionnaires().update(id, didit::QuestionnaireUpdateRequest{});
        auto c = t.client.questionnaires().remove(id);
        for (const auto* e : {&a.error(), &b.error(), &c.error()}) {
            CHECK(e->kind == ErrorKind::InvalidArgument);
            CHECK(e->not_sent);
            CHECK(e->message.find("questionnaire_uuid") != std::string::npos);
        }
    }
    CHECK(t.mock.request_count() == 0);
    CHECK(t.mock.pending() == 1);
}

TEST_CASE("questionnaires: invalid UTF-8 in a body is InvalidArgument naming the path, nothing sent") {
    didit_test::MockClient t;
    t.mock.reply(201, kDetail);
    didit::QuestionnaireElement e;
    e.element_type = QuestionnaireElementType::ShortText;
    e.label = LanguageMap{{"en", "ok"}, {"es", std::string("mal \xc3\x28")}};
    didit::QuestionnaireCreateRequest req;
    req.form_elements = std::vector<didit::QuestionnaireElement>{e};
    auto a = t.client.questionnaires().create(req);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::InvalidArgument);
    CHECK(a.error().not_sent);
    CHECK(a.error().message.find("form_elements[0].label.es") != std::string::npos);

    // A bad language code (a map key) too.
    didit::QuestionnaireElement k;
    k.element_type = QuestionnaireElementType::ShortText;
    k.label = LanguageMap{{std::string("\xff"), "x"}};
    didit::QuestionnaireUpdateRequest upd;
    upd.form_elements = std::vector<didit::QuestionnaireElement>{k};
    auto b = t.client.questionnaires().update(kId, upd);
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().kind == ErrorKind::InvalidArgument);
    CHECK(b.error().message.find("form_elements[0].label") != std::string::npos);

    // An option label, and an unknown element type built from bad bytes.
    didit::QuestionnaireElement o;
    o.element_type = QuestionnaireElementType(std::string_view("\xfe"));
    didit::QuestionnaireCreateRequest req3;
    req3.form_elements = std::vector<didit::QuestionnaireElement>{o};
    auto c = t.client.questionnaires().create(req3);
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.find("form_elements[0].element_type") != std::string::npos);

    didit::QuestionnaireElement p;
    p.options = std::vector<didit::QuestionnaireOption>{option("v", "fine"), option("w", "\xe6\x97")};
    didit::QuestionnaireCreateRequest req4;
    req4.form_elements = std::vector<didit::QuestionnaireElement>{p};
    auto d = t.client.questionnaires().create(req4);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.find("form_elements[0].options[1].label.en") != std::string::npos);

    // Non-finite validation bounds cannot be sent as JSON.
    didit::QuestionnaireElement n;
    didit::QuestionnaireValidation v;
    v.max = std::numeric_limits<double>::infinity();
    n.validation = v;
    didit::QuestionnaireCreateRequest req5;
    req5.form_elements = std::vector<didit::QuestionnaireElement>{n};
    auto f = t.client.questionnaires().create(req5);
    REQUIRE_FALSE(f.ok());
    CHECK(f.error().message.find("form_elements[0].validation.max") != std::string::npos);

    CHECK(t.mock.request_count() == 0);
}

TEST_CASE("questionnaires: a type mismatch in a reply is a Decode error naming the JSON path") {
    didit_test::MockClient t;
    t.mock.reply(200, R"({"questionnaire_id":"x","version":"1"})")
        .reply(200, R"({"count":1,"results":[{"uuid":"a","languages":["en",7]}]})")
        .reply(201, R"({"questionnaire_id":42})");
    auto a = t.client.questionnaires().get(kId);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().kind == ErrorKind::Decode);
    CHECK(a.error().status == 200);
    CHECK(a.error().message.find("version: expected integer, got string") != std::string::npos);
    CHECK(a.error().message.find("QuestionnairesGet") != std::string::npos);
    auto b = t.client.questionnaires().list();
    REQUIRE_FALSE(b.ok());
    CHECK(b.error().message.find("results[0].languages[1]: expected string, got integer") != std::string::npos);
    auto c = t.client.questionnaires().create(didit::QuestionnaireCreateRequest{});
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().kind == ErrorKind::Decode);
    CHECK(c.error().message.find("questionnaire_id: expected string, got integer") != std::string::npos);
}

// ---- auto-paging -------------------------------------------------------------------------

TEST_CASE("questionnaires: list_all walks two pages and stops on next == null") {
    didit_test::MockClient t;
    t.mock
        .reply(200, R"({"count":3,"next":"https://verification.didit.me/v3/questionnaires/?limit=2&offset=2",)"
                    R"("previous":null,"results":[{"uuid":"q1"},{"uuid":"q2"}]})")
        .reply(200, R"({"count":3,"next":null,"previous":"https://verification.didit.me/v3/questionnaires/?limit=2",)"
                    R"("results":[{"uuid":"q3"}]})");
    didit::QuestionnairesListQuery q;
    q.limit = 2;
    std::vector<std::string> seen;
    auto all = t.client.questionnaires().list_all(q);
    for (auto& item : all) {
        REQUIRE(item.ok());
        seen.push_back(item->id());
    }
    CHECK(seen == std::vector<std::string>{"q1", "q2", "q3"});
    CHECK(all.pages_fetched() == 2);
    auto reqs = t.mock.requests();
    REQUIRE(reqs.size() == 2);
    CHECK(reqs[0].url == kBase + "/v3/questionnaires/?limit=2");
    CHECK(reqs[1].url == kBase + "/v3/questionnaires/?limit=2&offset=2");
    for (const auto& r : reqs) {
        CHECK(r.method == Method::Get);
        check_api_key_auth(r);
    }
}

TEST_CASE("questionnaires: list_all surfaces a page error instead of ending silently") {
    didit_test::MockClient t;
    t.mock
        .reply(
            200,
            R"({"count":3,"next":"https://verification.didit.me/v3/questionnaires/?offset=1","results":[{"uuid":"q1"}]})")
        .reply(500, "");
    std::size_t ok = 0, failed = 0;
    for (auto& item : t.client.questionnaires().list_all()) {
        if (item.ok())
            ++ok;
        else {
            ++failed;
            CHECK(item.error().kind == ErrorKind::Server);
        }
    }
    CHECK(ok == 1);
    CHECK(failed == 1);
}
