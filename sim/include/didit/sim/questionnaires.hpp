// SPDX-License-Identifier: MIT
// The simulator's questionnaire routes (`/v3/questionnaires/`): linear forms in several languages, versioned.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>
#include <didit/sim/workflows.hpp>

namespace didit {
namespace sim {
namespace questionnaires_detail {

/// The 19 element types of the OpenAPI's `SimpleQuestionnaireElement` (upper case accepted
/// too). `checkbox` and `date`, named by some older docs, are not among them.
inline constexpr const char* kTypes[] = {
    "short_text",  "long_text",      "dropdown",  "single_choice", "multiple_choice", "number",  "image",
    "file_upload", "time",           "email",     "address",       "phone",           "country", "date_picker",
    "consent",     "section_header", "separator", "heading",       "paragraph"};

/// Language codes Didit's hosted flow knows (the session `language` enum).
inline constexpr const char* kLanguages[] = {"en", "ar", "bg", "bn",    "bs", "ca", "cnr", "cs",    "da",    "de", "el",
                                             "es", "et", "fa", "fi",    "fr", "he", "hi",  "hr",    "hu",    "hy", "id",
                                             "it", "ja", "ka", "kk",    "ko", "ky", "lt",  "lv",    "mk",    "mn", "ms",
                                             "nl", "no", "pl", "pt-BR", "pt", "ro", "ru",  "sk",    "sl",    "so", "sq",
                                             "sr", "sv", "th", "tr",    "uk", "uz", "vi",  "zh-CN", "zh-TW", "zh"};

inline bool known_type(const std::string& t) {
    for (const char* k : kTypes)
        if (t == k) return true;
    return false;
}
inline bool is_choice(const std::string& t) {
    return t == "dropdown" || t == "single_choice" || t == "multiple_choice";
}
inline bool is_text(const std::string& t) { return t == "short_text" || t == "long_text"; }
inline bool is_upload(const std::string& t) { return t == "file_upload" || t == "image"; }

inline void add(Json& errs, const std::string& key, std::string message) {
    Json& a = errs[key];
    if (!a.is_array()) a = Json::array();
    a.push_back(std::move(message));
}

/// A translatable text: `{lang: text}` with a non-empty translation for every language.
inline void check_lang_map(const Json& elem, const char* key, bool required, const std::vector<std::string>& langs,
                           Json& errs) {
    const Json* v = member(elem, key);
    if (!v) {
        if (required) add(errs, key, "This field is required.");
        return;
    }
    if (v->is_null()) {
        if (required) add(errs, key, "This field may not be null.");
        return;
    }
    if (!v->is_object()) {
        add(errs, key, std::string("Expected a dictionary of items but got type \"") + rules::py_type(*v) + "\".");
        return;
    }
    for (auto it = v->begin(); it != v->end(); ++it)
        if (!it.value().is_string()) {
            add(errs, key, "Translation for '" + it.key() + "' must be a string.");
            return;
        }
    for (const auto& l : langs) {
        const Json* t = member(*v, l);
        if (!t || t->get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos)
            add(errs, key, "Missing translation for language '" + l + "'.");
    }
}

inline bool valid_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

/// An option value derived from its label (the OpenAPI: "If value is omitted, the API generates one").
inline std::string slug(const std::string& text) {
    std::string out;
    for (char c : text) {
        const char l = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9'))
            out += l;
        else if (!out.empty() && out.back() != '_')
            out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

/// Validates one element and returns it normalised (lower-case type, id, option values);
/// problems go to `errs` (DRF's nested per-element object).
// NOLINTNEXTLINE(readability-function-cognitive-complexity): field-by-field element validation in the API's order
inline Json check_element(const Json& e, const std::vector<std::string>& langs, const std::string& default_language,
                          std::set<std::string>& ids, Json& errs) {
    if (!e.is_object()) {
        add(errs, "non_field_errors",
            std::string("Invalid data. Expected a dictionary, but got ") + rules::py_type(e) + ".");
        return nullptr;
    }
    Json out = e;
    // Branching and conditions need the Console (the OpenAPI's POST /v3/questionnaires/ 400).
    for (const char* k : {"branches", "required_if", "repeatable_config", "next"})
        if (member(e, k))
            add(errs, k, "Branching and conditional fields are not supported by this endpoint; use the Console.");

    std::string type;
    const Json* t = member(e, "element_type");
    if (!t)
        add(errs, "element_type", "This field is required.");
    else if (!t->is_string() || !known_type(rules::lower(t->get<std::string>())))
        add(errs, "element_type", rules::not_a_choice(*t));
    else
        type = rules::lower(t->get<std::string>());
    out["element_type"] = type.empty() ? Json(nullptr) : Json(type);

    if (const Json* id = member(e, "id"); id && !id->is_null()) {
        if (!id->is_string() || !valid_id(id->get<std::string>()))
            add(errs, "id", "Use 1-64 letters, digits, underscores or hyphens.");
        else if (!ids.insert(id->get<std::string>()).second)
            add(errs, "id", "Duplicate question id '" + id->get<std::string>() + "'.");
    } else {
        out.erase("id");  // assigned later (q1, q2, …), avoiding ids given explicitly
    }

    check_lang_map(e, "label", true, langs, errs);
    check_lang_map(e, "description", false, langs, errs);
    check_lang_map(e, "placeholder", false, langs, errs);
    if (const Json* r = member(e, "is_required")) {
        if (!r->is_boolean()) add(errs, "is_required", "Must be a valid boolean.");
    } else {
        out["is_required"] = false;
    }

    const Json* opts = member(e, "options");
    if (!type.empty() && is_choice(type)) {
        if (!opts || !opts->is_array() || opts->empty()) {
            add(errs, "options", "At least one option is required for dropdown, single_choice and multiple_choice.");
        } else {
            Json oerrs = Json::array();
            Json normal = Json::array();
            std::set<std::string> values;
            bool bad = false;
            for (std::size_t i = 0; i < opts->size(); ++i) {
                const Json& o = (*opts)[i];
                Json oe = Json::object();
                Json on = o;
                if (!o.is_object()) {
                    add(oe, "non_field_errors",
                        std::string("Invalid data. Expected a dictionary, but got ") + rules::py_type(o) + ".");
                } else {
                    check_lang_map(o, "label", true, langs, oe);
                    std::string value;
                    if (const Json* v = member(o, "value"); v && !v->is_null()) {
                        if (!v->is_string() || v->get_ref<const std::string&>().empty())
                            add(oe, "value", "Not a valid string.");
                        else
                            value = v->get<std::string>();
                    } else if (oe.empty()) {
                        value = slug(string_or((*member(o, "label")), default_language));
                        if (value.empty()) value = "option_" + std::to_string(i + 1);
                        on["value"] = value;
                    }
                    if (!value.empty() && !values.insert(value).second)
                        add(oe, "value", "Option values must be unique.");
                }
                bad = bad || !oe.empty();
                oerrs.push_back(std::move(oe));
                normal.push_back(std::move(on));
            }
            if (bad)
                errs["options"] = std::move(oerrs);
            else
                out["options"] = std::move(normal);
        }
    } else if (opts && !opts->is_null()) {
        add(errs, "options", "Options are only allowed for dropdown, single_choice and multiple_choice.");
    }

    if (const Json* mf = member(e, "max_files"); mf && !mf->is_null()) {
        if (!type.empty() && !is_upload(type))
            add(errs, "max_files", "max_files is only allowed for file_upload and image.");
        else if (!mf->is_number_integer())
            add(errs, "max_files", "A valid integer is required.");
        else if (mf->get<long long>() < 1)
            add(errs, "max_files", "Ensure this value is greater than or equal to 1.");
        else if (mf->get<long long>() > 5)
            add(errs, "max_files", "Ensure this value is less than or equal to 5.");
    }

    if (const Json* v = member(e, "validation"); v && !v->is_null()) {
        if (!v->is_object()) {
            add(errs, "validation",
                std::string("Expected a dictionary of items but got type \"") + rules::py_type(*v) + "\".");
        } else {
            Json ve = Json::object();
            for (auto it = v->begin(); it != v->end(); ++it) {
                const std::string& k = it.key();
                const Json& val = it.value();
                if (k == "pattern") {
                    if (!val.is_string() || val.get_ref<const std::string&>().size() > 1000)
                        add(ve, k, "Not a valid string.");
                    else if (!type.empty() && !is_text(type))
                        add(ve, k, "pattern is only allowed for short_text and long_text.");
                } else if (k == "min_length" || k == "max_length") {
                    if (!val.is_number_integer() || val.get<long long>() < 0)
                        add(ve, k, "Ensure this value is a non-negative integer.");
                    else if (!type.empty() && !is_text(type))
                        add(ve, k, k + " is only allowed for short_text and long_text.");
                } else if (k == "min" || k == "max") {
                    if (!val.is_number())
                        add(ve, k, "A valid number is required.");
                    else if (!type.empty() && type != "number")
                        add(ve, k, k + " is only allowed for number.");
                } else if (k == "error_message") {
                    if (!val.is_null()) check_lang_map(*v, "error_message", false, langs, ve);
                } else {
                    add(ve, k, "Unknown validation rule.");
                }
            }
            const Json* mn = member(*v, "min_length");
            const Json* mx = member(*v, "max_length");
            if (ve.empty() && mn && mx && mn->get<long long>() > mx->get<long long>())
                add(ve, "min_length", "min_length cannot be greater than max_length.");
            const Json* lo = member(*v, "min");
            const Json* hi = member(*v, "max");
            if (ve.empty() && lo && hi && lo->get<double>() > hi->get<double>())
                add(ve, "min", "min cannot be greater than max.");
            if (!ve.empty()) errs["validation"] = std::move(ve);
        }
    }
    return out;
}

/// The checked, normalised fields of a full questionnaire body.
struct Parsed {
    Json fields = Json::object();  ///< title, description, languages, default_language, is_active, form_elements
    std::string status;            ///< "", "draft" or "published"
};

/// Validates a full body (create, or a PATCH merged over the stored version).
inline std::optional<Reply> parse(const Json& b, Parsed& out) {
    if (member(b, "graph"))  // the OpenAPI's "Graph not accepted" example: a plain string value
        return json_reply(
            400, Json{{"graph", "The v3 questionnaire API only accepts simple `form_elements`, not `graph`."}});
    FieldErrors errs;
    const Json* title = member(b, "title");
    if (!title)
        errs.add("title", "This field is required.");
    else if (rules::check_string(*title, "title", 255, false, errs))
        out.fields["title"] = *title;
    if (const Json* d = member(b, "description")) {
        if (d->is_null() || rules::check_string(*d, "description", 0, true, errs)) out.fields["description"] = *d;
    } else {
        out.fields["description"] = nullptr;
    }
    std::vector<std::string> langs;
    const Json* lv = member(b, "languages");
    if (!lv) {
        errs.add("languages", "This field is required.");
    } else if (rules::check_string_list(*lv, "languages", errs)) {
        for (const auto& l : *lv) {
            const std::string code = l.get<std::string>();
            bool known = false;
            for (const char* k : kLanguages) known = known || code == k;
            if (!known) {
                errs.add("languages", rules::not_a_choice(l));
                langs.clear();
                break;
            }
            if (std::find(langs.begin(), langs.end(), code) == langs.end()) langs.push_back(code);
        }
        if (errs.empty() && std::find(langs.begin(), langs.end(), "en") == langs.end()) {
            errs.add("languages", "languages must include 'en'.");
            langs.clear();
        }
        if (!langs.empty()) out.fields["languages"] = langs;
    }
    std::string def = "en";
    if (const Json* d = member(b, "default_language")) {
        if (!d->is_string())
            errs.add("default_language", "Not a valid string.");
        else
            def = d->get<std::string>();
    }
    if (!langs.empty() && std::find(langs.begin(), langs.end(), def) == langs.end())
        errs.add("default_language", "default_language must be one of languages.");
    out.fields["default_language"] = def;
    if (const Json* a = member(b, "is_active")) {
        if (rules::check_bool(*a, "is_active", errs)) out.fields["is_active"] = *a;
    } else {
        out.fields["is_active"] = true;
    }
    if (const Json* s = member(b, "status")) {
        if (s->is_string() && (*s == "draft" || *s == "published"))
            out.status = s->get<std::string>();
        else
            errs.add("status", rules::not_a_choice(*s));
    }
    const Json* fe = member(b, "form_elements");
    if (!fe) {
        errs.add("form_elements", "This field is required.");
    } else if (!fe->is_array()) {
        errs.add("form_elements",
                 std::string("Expected a list of items but got type \"") + rules::py_type(*fe) + "\".");
    } else if (fe->empty()) {
        errs.add("form_elements", "At least one form element is required.");
    } else if (!langs.empty()) {
        // Elements are checked only once the languages are known (their texts depend on them).
        std::set<std::string> ids;
        Json per = Json::array();
        Json normal = Json::array();
        bool bad = false;
        for (const Json& element : *fe) {
            Json ee = Json::object();
            normal.push_back(check_element(element, langs, def, ids, ee));
            bad = bad || !ee.empty();
            per.push_back(std::move(ee));
        }
        if (bad) {
            errs.set("form_elements", std::move(per));
        } else {
            std::size_t n = 0;
            for (auto& e : normal)
                if (!member(e, "id")) {
                    std::string id;
                    do id = "q" + std::to_string(++n);
                    while (ids.count(id));
                    ids.insert(id);
                    e["id"] = id;
                }
            out.fields["form_elements"] = std::move(normal);
        }
    }
    if (!errs.empty()) return errs.reply();
    return std::nullopt;
}

/// Builds the derived parts of a version from its form elements: the canonical graph, the
/// sections (split at SECTION_HEADER elements) and the list's question_types.
inline void derive(Context& ctx, Json& q) {
    const Json* fe = member(q, "_form_elements");
    if (!fe || !fe->is_array()) return;
    Json nodes = Json::object();
    Json sections = Json::array();
    Json section = {{"title", Json::object()}, {"description", Json::object()}, {"items", Json::array()}};
    Json types = Json::array();
    for (std::size_t i = 0; i < fe->size(); ++i) {
        const Json& e = (*fe)[i];
        const std::string id = string_or(e, "id");
        const std::string type = rules::upper(string_or(e, "element_type"));
        Json node = {{"element_type", type},
                     {"is_required", bool_or(e, "is_required", false)},
                     {"title", rules::get_or(e, "label", Json::object())},
                     {"next", i + 1 < fe->size() ? Json(string_or((*fe)[i + 1], "id")) : Json(nullptr)}};
        for (const char* k : {"description", "placeholder", "max_files", "validation"})
            if (const Json* v = member(e, k); v && !v->is_null()) node[k] = *v;
        if (const Json* o = member(e, "options")) node["choices"] = *o;
        nodes[id] = std::move(node);
        if (type != "SECTION_HEADER" && type != "SEPARATOR") types.push_back(type);
        if (type == "SECTION_HEADER") {
            if (!section["items"].empty() || !section["title"].empty()) sections.push_back(std::move(section));
            section = {{"title", rules::get_or(e, "label", Json::object())},
                       {"description", member(e, "description") && member(e, "description")->is_object()
                                           ? *member(e, "description")
                                           : Json::object()},
                       {"items", Json::array()}};
            continue;
        }
        section["items"].push_back({{"uuid", ctx.uuid()},
                                    {"value", id},
                                    {"element_type", type},
                                    {"is_required", bool_or(e, "is_required", false)},
                                    {"title", rules::get_or(e, "label", Json::object())}});
    }
    if (!section["items"].empty() || !section["title"].empty()) sections.push_back(std::move(section));
    q["graph"] = {{"start_node", fe->empty() ? Json(nullptr) : Json(string_or((*fe)[0], "id"))},
                  {"nodes", std::move(nodes)}};
    q["sections"] = std::move(sections);
    q["_question_types"] = std::move(types);
}

inline void apply_fields(Json& q, const Parsed& p) {
    for (auto it = p.fields.begin(); it != p.fields.end(); ++it) {
        if (it.key() == "form_elements")
            q["_form_elements"] = it.value();
        else
            q[it.key()] = it.value();
    }
}

inline Json detail(const Json& q) {
    Json out = rules::public_view(q);
    out["is_editable"] = string_or(q, "status") == "draft";
    return out;
}

/// The OpenAPI's QuestionnaireListItem.
inline Json row(const Json& q) {
    Json out = Json::object();
    out["uuid"] = rules::get_or(q, "questionnaire_id", Json(nullptr));
    for (const char* k : {"title", "description", "languages", "default_language", "is_active",
                          "is_simple_questionnaire", "questionnaire_group_id", "version", "status", "published_at"})
        if (const Json* v = member(q, k)) out[k] = *v;
    out["created_at"] = rules::get_or(q, "_created_at", Json(nullptr));
    out["updated_at"] = rules::get_or(q, "_updated_at", Json(nullptr));
    out["question_types"] = rules::get_or(q, "_question_types", Json::array());
    out["workflow_names"] = Json::array();  // the OpenAPI: always [] on this endpoint
    out["is_editable"] = string_or(q, "status") == "draft";
    return out;
}

inline Json* find(App& app, std::string_view id) {
    for (auto& q : app.questionnaires)
        if (string_or(q, "questionnaire_id") == id) return &q;
    return nullptr;
}

inline Reply list(Context& ctx) {
    std::vector<Json> rows;
    for (auto it = ctx.app->questionnaires.rbegin(); it != ctx.app->questionnaires.rend(); ++it)
        rows.push_back(row(*it));
    return paginate(ctx, std::move(rows));
}

inline Reply create(Context& ctx) {
    Parsed p;
    if (auto bad = parse(ctx.request.json, p)) return *bad;
    const std::string now = ctx.now_iso();
    Json q = Json::object();
    q["questionnaire_id"] = ctx.uuid();
    q["questionnaire_group_id"] = q["questionnaire_id"];
    q["version"] = 1;
    q["status"] = p.status == "draft" ? "draft" : "published";
    q["published_at"] = p.status == "draft" ? Json(nullptr) : Json(now);
    q["is_simple_questionnaire"] = true;
    q["_created_at"] = now;
    q["_updated_at"] = now;
    apply_fields(q, p);
    derive(ctx, q);
    ctx.app->questionnaires.push_back(std::move(q));
    return json_reply(201, detail(ctx.app->questionnaires.back()));
}

inline Reply get(Context& ctx) {
    const Json* q = find(*ctx.app, ctx.request.params[0]);
    if (!q) return not_found();
    return json_reply(200, detail(*q));
}

/// PATCH: the stored version's fields with the sent ones on top, validated as a whole (so a
/// new language needs translations in the stored elements too); versioning as for workflows
/// (the OpenAPI's PATCH /v3/questionnaires/{uuid}/).
inline Reply update(Context& ctx) {
    App& app = *ctx.app;
    Json* found = find(app, ctx.request.params[0]);
    if (!found) return not_found();
    const Json& b = ctx.request.json;
    Json merged = Json::object();
    for (const char* k : {"title", "description", "languages", "default_language", "is_active"})
        if (const Json* v = member(*found, k)) merged[k] = *v;
    merged["form_elements"] = rules::get_or(*found, "_form_elements", Json::array());
    for (auto it = b.begin(); it != b.end(); ++it) merged[it.key()] = it.value();
    Parsed p;
    if (auto bad = parse(merged, p)) return *bad;
    const std::string cur = string_or(*found, "status");
    if (p.status == "draft" && cur == "published")
        return field_error("status", "Cannot revert a published version to draft.");
    const std::string now = ctx.now_iso();
    Json* target = found;
    if (p.status == "published" && cur == "published") {
        Json next = *found;
        const std::string group = string_or(*found, "questionnaire_group_id");
        long long top = 0;
        for (const auto& q : app.questionnaires)
            if (string_or(q, "questionnaire_group_id") == group) {
                const Json* v = member(q, "version");
                if (v && v->is_number_integer() && v->get<long long>() > top) top = v->get<long long>();
            }
        next["questionnaire_id"] = ctx.uuid();
        next["version"] = top + 1;
        next["published_at"] = now;
        next["_created_at"] = now;
        app.questionnaires.erase(std::remove_if(app.questionnaires.begin(), app.questionnaires.end(),
                                                [&](const Json& q) {
                                                    return string_or(q, "questionnaire_group_id") == group &&
                                                           string_or(q, "status") == "draft";
                                                }),
                                 app.questionnaires.end());
        app.questionnaires.push_back(std::move(next));
        target = &app.questionnaires.back();
    } else if (p.status != "draft" && cur == "draft") {
        (*target)["status"] = "published";
        (*target)["published_at"] = now;
    }
    apply_fields(*target, p);
    (*target)["_updated_at"] = now;
    derive(ctx, *target);
    return json_reply(200, detail(*target));
}

inline Reply remove(Context& ctx) {
    App& app = *ctx.app;
    const std::string id = ctx.request.params[0];
    auto it = std::find_if(app.questionnaires.begin(), app.questionnaires.end(),
                           [&](const Json& q) { return string_or(q, "questionnaire_id") == id; });
    if (it == app.questionnaires.end()) return not_found();
    app.questionnaires.erase(it);
    return no_content();
}

}  // namespace questionnaires_detail

inline void install_questionnaires(Router& router) {
    namespace q = questionnaires_detail;
    router.add(Method::Get, "/v3/questionnaires/", Auth::ApiKey, q::list);
    router.add(Method::Post, "/v3/questionnaires/", Auth::ApiKey, q::create);
    router.add(Method::Get, "/v3/questionnaires/{uuid}/", Auth::ApiKey, q::get);
    router.add(Method::Patch, "/v3/questionnaires/{uuid}/", Auth::ApiKey, q::update);
    router.add(Method::Delete, "/v3/questionnaires/{uuid}/", Auth::ApiKey, q::remove);
}

}  // namespace sim
}  // namespace didit
