// SPDX-License-Identifier: MIT
// Questionnaire models: linear form elements with per-language texts, and the questionnaire versions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// Text in several languages, keyed by language code: `{"en": "Question?", "es": "¿Pregunta?"}`.
/// The API wants a translation for every entry of the questionnaire's `languages`.
using LanguageMap = std::map<std::string, std::string>;

/// Form element types, one open enum over both sources:
///  - the real API (OpenAPI `SimpleQuestionnaireElement`) accepts these 19, in lower
///    case or upper case: short_text … paragraph below;
///  - older Didit guides name 7: short_text, long_text, multiple_choice, number, file_upload and
///    two the real API does not have, `checkbox` and `date` (it has `date_picker`; a
///    multi-select is `multiple_choice`). They are here so a caller can send the older
///    guides' form; the real API answers 400 for them.
/// The API reports types in upper case (`question_types`, `graph`); see
/// questionnaire_element_type() to read those.
DIDIT_ENUM(QuestionnaireElementType, (ShortText, "short_text"), (LongText, "long_text"), (Dropdown, "dropdown"),
           (SingleChoice, "single_choice"), (MultipleChoice, "multiple_choice"), (Number, "number"), (Image, "image"),
           (FileUpload, "file_upload"), (Time, "time"), (Email, "email"), (Address, "address"), (Phone, "phone"),
           (Country, "country"), (DatePicker, "date_picker"), (Consent, "consent"), (SectionHeader, "section_header"),
           (Separator, "separator"), (Heading, "heading"), (Paragraph, "paragraph"),
           // Older guides only (not accepted by the real API).
           (Checkbox, "checkbox"), (Date, "date"));

/// Reads an element type in either case (`"SHORT_TEXT"` as the API reports it, or
/// `"short_text"`). Unknown names are kept as given, like any open enum.
inline QuestionnaireElementType questionnaire_element_type(std::string_view name) {
    std::string lower(name);
    for (char& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    QuestionnaireElementType t(std::string_view{lower});
    return t.is_known() ? t : QuestionnaireElementType(name);
}

/// A questionnaire version is a draft or published.
DIDIT_ENUM(QuestionnaireStatus, (Draft, "draft"), (Published, "published"));

/// One choice of a `dropdown`, `single_choice` or `multiple_choice` element (`checkbox` in
/// older Didit guides): `{"value": "employment", "label": {"en": "Employment"}}`. `label` is
/// required; without `value` the API derives one from the label. Older Didit guides'
/// example sends only `{"label": {"en": "Employed"}}`.
struct QuestionnaireOption {
    std::optional<std::string> value{};
    std::optional<LanguageMap> label{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireOption, value, label)

/// Answer validation for `short_text`/`long_text` (`pattern`, lengths) and `number`
/// (`min`, `max`). The pattern must match the whole value; do not add ^/$.
struct QuestionnaireValidation {
    std::optional<std::string> pattern{};
    std::optional<int> min_length{};
    std::optional<int> max_length{};
    std::optional<double> min{};
    std::optional<double> max{};
    /// Shown when validation fails, per language.
    std::optional<LanguageMap> error_message{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireValidation, pattern, min_length, max_length, min, max, error_message)

/// One question (or structural element) of a linear questionnaire, in display order.
/// `element_type` and `label` are required. Only the fields you set are sent; `description`,
/// `placeholder` and `validation` can also be sent as null (the OpenAPI marks them nullable).
/// Branching (`branches`, `required_if`) is rejected by the API with 400.
struct QuestionnaireElement {
    /// Stable question id; the API generates `q1`, `q2`, … when it is left out.
    std::optional<std::string> id{};
    std::optional<QuestionnaireElementType> element_type{};
    std::optional<LanguageMap> label{};
    Nullable<LanguageMap> description{};
    Nullable<LanguageMap> placeholder{};
    std::optional<bool> is_required{};
    std::optional<std::vector<QuestionnaireOption>> options{};
    /// 1–5, for `file_upload` and `image`.
    std::optional<int> max_files{};
    Nullable<QuestionnaireValidation> validation{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireElement, id, element_type, label, description, placeholder, is_required, options,
                   max_files, validation)

/// Body of POST /v3/questionnaires/ (OpenAPI `SimpleQuestionnaireRequest`). Required by the real
/// API: `title`, `languages` (must include "en"; older Didit guides call it optional) and at
/// least one of `form_elements`; `default_language` must be one of `languages`. Omitting
/// `status` creates a published version 1. Only the fields you set are sent.
struct QuestionnaireCreateRequest {
    std::optional<std::string> title{};
    Nullable<std::string> description{};
    std::optional<std::vector<std::string>> languages{};
    std::optional<std::string> default_language{};
    std::optional<bool> is_active{};
    std::optional<QuestionnaireStatus> status{};
    std::optional<std::vector<QuestionnaireElement>> form_elements{};
    /// Keys this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireCreateRequest, title, description, languages, default_language, is_active, status,
                   form_elements)

/// Body of PATCH /v3/questionnaires/{questionnaire_uuid}/ (OpenAPI `SimpleQuestionnaireUpdateRequest`):
/// the same fields, all optional; `form_elements` replaces the whole list. Versioning as for
/// workflows: `status: "published"` on a published version creates a new version with a new
/// `questionnaire_id`; use the returned one afterwards.
using QuestionnaireUpdateRequest = QuestionnaireCreateRequest;

/// A questionnaire version, as list rows (OpenAPI `QuestionnaireListItem`) and as the detail of
/// create/get/update (OpenAPI `QuestionnaireDetail`). The two name the version's id differently:
/// list rows say `uuid`, detail replies `questionnaire_id` (older Didit
/// guides say "save uuid" after create, which the create reply does not have). Both are
/// kept; id() returns whichever came back.
struct Questionnaire {
    /// Version id in list rows.
    std::optional<std::string> uuid{};
    /// Version id in create/get/update replies.
    std::optional<std::string> questionnaire_id{};
    std::optional<std::string> title{};
    Nullable<std::string> description{};
    std::optional<std::vector<std::string>> languages{};
    std::optional<std::string> default_language{};
    std::optional<bool> is_active{};
    /// True for linear questionnaires made through this API; false for Console graphs.
    std::optional<bool> is_simple_questionnaire{};
    /// Stable id of all versions of this questionnaire.
    std::optional<std::string> questionnaire_group_id{};
    std::optional<int> version{};
    std::optional<QuestionnaireStatus> status{};
    Nullable<std::string> published_at{};
    /// True for drafts.
    std::optional<bool> is_editable{};
    // List rows only.
    std::optional<std::string> created_at{};
    std::optional<std::string> updated_at{};
    /// Upper-case element types of the answerable questions (`SHORT_TEXT`, …), in order; read
    /// them with questionnaire_element_type().
    std::optional<std::vector<std::string>> question_types{};
    std::optional<std::vector<std::string>> workflow_names{};
    // Detail replies only: the canonical graph (`{start_node, nodes}`) and the sections
    // derived from it, kept as JSON (their node shapes are not documented field by field).
    std::optional<Json> graph{};
    std::optional<Json> sections{};
    Json extra{};

    /// The version id: `questionnaire_id` when present, else `uuid`, else empty.
    std::string id() const {
        if (questionnaire_id && !questionnaire_id->empty()) return *questionnaire_id;
        return uuid.value_or(std::string());
    }
};
DIDIT_DETAIL_MODEL(Questionnaire, uuid, questionnaire_id, title, description, languages, default_language, is_active,
                   is_simple_questionnaire, questionnaire_group_id, version, status, published_at, is_editable,
                   created_at, updated_at, question_types, workflow_names, graph, sections)

/// Query of GET /v3/questionnaires/ (OpenAPI: `limit`, default 50, and `offset`).
struct QuestionnairesListQuery {
    std::optional<int> limit{};
    std::optional<int> offset{};
    /// Query parameters this SDK does not model yet; sent as given.
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnairesListQuery, limit, offset)

}  // namespace didit
