// SPDX-License-Identifier: MIT
// The simulator's workflow routes (`/v3/workflows/`), the default workflow of new applications, and
// the small validation helpers the simulator's resource modules share.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

/// DRF-style checks shared by the resource modules (workflows, questionnaires, users, billing,
/// blocklist, account). None of them throws or aborts on any JSON.
namespace rules {

// The text helpers every module shares live in sim/core.hpp; the modules call them as rules::.
using sim::is_date;
using sim::lower;
using sim::not_a_choice;
using sim::upper;

/// Python's type name of a JSON value, as DRF puts it in messages ("str", "list", "dict", …).
inline const char* py_type(const Json& v) {
    if (v.is_string()) return "str";
    if (v.is_array()) return "list";
    if (v.is_object()) return "dict";
    if (v.is_boolean()) return "bool";
    if (v.is_number_integer()) return "int";
    if (v.is_number()) return "float";
    return "NoneType";
}

/// Number of code points (Django's max_length counts characters, not bytes).
inline std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

/// A JSON integer (or an integral float such as 3.0, which DRF's IntegerField accepts) in
/// [min, max]; adds DRF's messages to `errs` otherwise. Returns the value when valid.
inline std::optional<long long> check_int(const Json& v, const std::string& field, long long min, long long max,
                                          FieldErrors& errs) {
    long long n = 0;
    if (v.is_number_integer()) {
        if (v.is_number_unsigned() && v.get<unsigned long long>() > 9000000000000000000ull) {
            errs.add(field, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
            return std::nullopt;
        }
        n = v.get<long long>();
    } else if (v.is_number_float()) {
        const double d = v.get<double>();
        if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > 9e15) {
            errs.add(field, "A valid integer is required.");
            return std::nullopt;
        }
        n = static_cast<long long>(d);
    } else {
        errs.add(field, "A valid integer is required.");
        return std::nullopt;
    }
    if (n < min) {
        errs.add(field, "Ensure this value is greater than or equal to " + std::to_string(min) + ".");
        return std::nullopt;
    }
    if (n > max) {
        errs.add(field, "Ensure this value is less than or equal to " + std::to_string(max) + ".");
        return std::nullopt;
    }
    return n;
}

/// A JSON boolean; DRF's message otherwise.
inline bool check_bool(const Json& v, const std::string& field, FieldErrors& errs) {
    if (v.is_boolean()) return true;
    errs.add(field, "Must be a valid boolean.");
    return false;
}

/// A JSON string of at most `max_chars` characters (0: no limit), optionally non-blank.
inline bool check_string(const Json& v, const std::string& field, std::size_t max_chars, bool allow_blank,
                         FieldErrors& errs) {
    if (!v.is_string()) {
        errs.add(field, "Not a valid string.");
        return false;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (!allow_blank && s.find_first_not_of(" \t\r\n") == std::string::npos) {
        errs.add(field, "This field may not be blank.");
        return false;
    }
    if (max_chars && utf8_length(s) > max_chars) {
        errs.add(field, "Ensure this field has no more than " + std::to_string(max_chars) + " characters.");
        return false;
    }
    return true;
}

/// A list of strings (DRF ListField(child=CharField())).
inline bool check_string_list(const Json& v, const std::string& field, FieldErrors& errs) {
    if (!v.is_array()) {
        errs.add(field, std::string("Expected a list of items but got type \"") + py_type(v) + "\".");
        return false;
    }
    for (const auto& item : v)
        if (!item.is_string()) {
            errs.add(field, "Not a valid string.");
            return false;
        }
    return true;
}

/// `j` without the module-private keys (those starting with '_').
inline Json public_view(const Json& j) {
    if (!j.is_object()) return j;
    Json out = Json::object();
    for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key().empty() || it.key()[0] != '_') out[it.key()] = it.value();
    return out;
}

/// A copy of member `key` of `j`, or `fallback` (never throws, unlike Json::value).
inline Json get_or(const Json& j, std::string_view key, const Json& fallback) {
    const Json* v = member(j, key);
    return v ? *v : fallback;
}

/// Dollars as a JSON number from 1/10000 dollars (0.15, not 0.15000000000000002).
inline Json dollars(std::int64_t ten_thousandths) { return static_cast<double>(ten_thousandths) / 10000.0; }

}  // namespace rules

namespace workflows_detail {

/// One step of a workflow as sent (`{"feature", "config", "label"}`).
struct Step {
    std::string feature;
    Json config = Json::object();
    Json label;  ///< string or null
};

/// The 16 features of the OpenAPI's `SimpleWorkflowFeature`, in the order its "Unknown feature" message
/// lists them (alphabetical), with the simulator's price per session in 1/10000 dollars.
/// Prices: OCR + LIVENESS + FACE_MATCH totals 0.15 and adding AML makes 0.25, as in the OpenAPI's
/// workflow examples (fixtures workflows-list-1.json); the rest are the simulator's own.
/// PHONE_VERIFICATION and DATABASE_VALIDATION are variable-priced (the OpenAPI's `WorkflowListItem.total_price`
/// excludes them), so they add nothing to the fixed price.
struct FeatureInfo {
    const char* name;
    std::int64_t price;
    const char* node;  ///< node-id stem, as decisions name them ("feature_ocr_1")
};
inline constexpr FeatureInfo kFeatures[] = {
    {"AGE_ESTIMATION", 1000, "age_estimation"},
    {"AML", 1000, "aml"},
    {"DATABASE_VALIDATION", 0, "database_validation"},
    {"EMAIL_VERIFICATION", 300, "email"},
    {"FACE_MATCH", 0, "face_match"},
    {"IP_ANALYSIS", 300, "ip_analysis"},
    {"KYB_DOCUMENTS", 2000, "kyb_documents"},
    {"KYB_KEY_PEOPLE", 3000, "kyb_key_people"},
    {"KYB_REGISTRY", 5000, "kyb_registry"},
    {"LIVENESS", 0, "liveness"},
    {"NFC", 1000, "nfc"},
    {"OCR", 1500, "ocr"},
    {"PHONE_VERIFICATION", 0, "phone"},
    {"PROOF_OF_ADDRESS", 2000, "poa"},
    {"QUESTIONNAIRE", 500, "questionnaire"},
    // DOCUMENT_AI is in the OpenAPI enum but missing from its own "Allowed values" message; it is
    // accepted here (the enum is the schema) and listed last.
    {"DOCUMENT_AI", 1000, "document_ai"},
};

inline const FeatureInfo* feature_info(std::string_view name) {
    for (const auto& f : kFeatures)
        if (name == f.name) return &f;
    return nullptr;
}

/// The top-level keys the OpenAPI's `SimpleWorkflowRequest` accepts, in its message's order.
inline constexpr const char* kWhitelist[] = {"workflow_label",
                                             "is_default",
                                             "status",
                                             "features",
                                             "is_white_label_enabled",
                                             "is_desktop_allowed",
                                             "max_retry_attempts",
                                             "retry_window_days",
                                             "session_expiration_time",
                                             "face_liveness_max_attempts",
                                             "face_match_max_attempts"};

inline std::string whitelist_message() {
    std::string m = "The v3 workflow API only accepts ";
    bool first = true;
    for (const char* k : kWhitelist) {
        if (!first) m += ", ";
        first = false;
        m += "`" + std::string(k) + "`";
    }
    return m + ".";
}

/// Ordering rules (the OpenAPI's POST /v3/workflows/ 400 description). The simulator's
/// choice, documented here because Didit publishes only examples:
///  - FACE_MATCH and NFC need a document first: they must come after OCR (the OpenAPI's example
///    message "Feature 'FACE_MATCH' must appear after one of: OCR.");
///  - KYB_KEY_PEOPLE and KYB_DOCUMENTS need the company first: after KYB_REGISTRY;
///  - the passive checks AML, IP_ANALYSIS, DATABASE_VALIDATION and KYB_KEY_PEOPLE cannot be
///    the first step (they run on data an earlier step collected);
///  - a feature appears at most once.
struct OrderRule {
    const char* feature;
    const char* after;
};
inline constexpr OrderRule kAfter[] = {
    {"FACE_MATCH", "OCR"}, {"NFC", "OCR"}, {"KYB_KEY_PEOPLE", "KYB_REGISTRY"}, {"KYB_DOCUMENTS", "KYB_REGISTRY"}};
inline constexpr const char* kNotFirst[] = {"AML", "IP_ANALYSIS", "DATABASE_VALIDATION", "KYB_KEY_PEOPLE"};

/// Checks one feature's config: known threshold keys are numbers in 0–100, enumerated ones
/// take their documented values; other keys are kept as given (the OpenAPI allows additionalProperties).
inline std::string check_config(const std::string& feature, const Json& config) {
    for (auto it = config.begin(); it != config.end(); ++it) {
        const std::string& k = it.key();
        const Json& v = it.value();
        const bool threshold = k.size() > 10 && k.compare(k.size() - 10, 10, "_threshold") == 0;
        if (threshold) {
            if (!v.is_number() || v.is_boolean() || v.get<double>() < 0 || v.get<double>() > 100)
                // NOLINTNEXTLINE(performance-inefficient-string-concatenation): returns at once; rvalue + appends
                return "Feature '" + feature + "': " + k + " must be a number between 0 and 100.";
        } else if (k == "face_liveness_method") {
            // The OpenAPI spells "passive", other Didit docs PASSIVE|ACTIVE_3D|FLASHING: accept either case.
            const std::string m = v.is_string() ? rules::lower(v.get<std::string>()) : std::string();
            if (m != "passive" && m != "active_3d" && m != "flashing")
                return "Feature '" + feature + "': face_liveness_method must be one of passive, active_3d, flashing.";
        } else if (k == "duplicated_user_action") {
            const std::string m = v.is_string() ? v.get<std::string>() : std::string();
            if (m != "no_action" && m != "review" && m != "decline")
                return "Feature '" + feature + "': duplicated_user_action must be one of no_action, review, decline.";
        } else if (k == "review_questionnaire_manually") {
            if (!v.is_boolean()) return "Feature '" + feature + "': review_questionnaire_manually must be a boolean.";
        }
    }
    return {};
}

/// The questionnaire version (or group) `id` of `app`, or nullptr.
inline const Json* find_questionnaire_any(const App& app, std::string_view id) {
    for (const auto& q : app.questionnaires)
        if (string_or(q, "questionnaire_id") == id || string_or(q, "questionnaire_group_id") == id) return &q;
    return nullptr;
}

/// A validated create/update body: `settings` holds the whitelisted scalar keys as sent.
struct Input {
    Json settings = Json::object();
    std::optional<std::vector<Step>> features;
};

/// Validates a create (`create`) or PATCH body. Returns the 400 reply on failure.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): field-by-field body validation in the API's order
inline std::optional<Reply> parse(const App& app, const Json& b, bool create, Input& in) {
    FieldErrors errs;
    // The strict whitelist comes first: the OpenAPI's "Unknown top-level field" (workflow_type, is_*_enabled…).
    for (auto it = b.begin(); it != b.end(); ++it) {
        bool ok = false;
        for (const char* k : kWhitelist) ok = ok || it.key() == k;
        if (!ok) errs.add(it.key(), whitelist_message());
    }
    if (!errs.empty()) return errs.reply();

    if (const Json* v = member(b, "workflow_label"))
        if (rules::check_string(*v, "workflow_label", 50, false, errs)) in.settings["workflow_label"] = *v;
    for (const char* k : {"is_default", "is_white_label_enabled", "is_desktop_allowed"})
        if (const Json* v = member(b, k))
            if (rules::check_bool(*v, k, errs)) in.settings[k] = *v;
    if (const Json* v = member(b, "status")) {
        if (v->is_string() && (*v == "draft" || *v == "published"))
            in.settings["status"] = *v;
        else
            errs.add("status", rules::not_a_choice(*v));
    }
    struct Range {
        const char* key;
        long long min, max;
        bool nullable;
    };
    // The OpenAPI's SimpleWorkflowRequest ranges.
    static constexpr Range kRanges[] = {{"max_retry_attempts", 0, 10, false},
                                        {"retry_window_days", 1, 365, true},
                                        {"face_liveness_max_attempts", 1, 3, false},
                                        {"face_match_max_attempts", 1, 3, false},
                                        {"session_expiration_time", 3600, 2419200, false}};
    for (const auto& r : kRanges) {
        const Json* v = member(b, r.key);
        if (!v) continue;
        if (v->is_null()) {
            if (r.nullable)
                in.settings[r.key] = nullptr;
            else
                errs.add(r.key, "This field may not be null.");
            continue;
        }
        if (auto n = rules::check_int(*v, r.key, r.min, r.max, errs)) in.settings[r.key] = *n;
    }

    const Json* fv = member(b, "features");
    if (!fv) {
        if (create) errs.add("features", "This field is required.");
    } else if (!fv->is_array()) {
        errs.add("features", std::string("Expected a list of items but got type \"") + rules::py_type(*fv) + "\".");
    } else if (fv->empty()) {
        errs.add("features", "At least one feature is required.");
    } else {
        std::vector<Step> steps;
        std::string problem;
        for (const auto& item : *fv) {
            const Json* f = member(item, "feature");
            if (!f || !f->is_string()) {
                problem = "Each feature must be an object with a 'feature' key.";
                break;
            }
            const std::string name = f->get<std::string>();
            if (!feature_info(name)) {
                problem = "Invalid feature '" + name + "'. Allowed values: ";
                bool first = true;
                for (const auto& fi : kFeatures) {
                    problem += (first ? "" : ", ") + std::string(fi.name);
                    first = false;
                }
                problem += ".";
                break;
            }
            Step s;
            s.feature = name;
            if (const Json* c = member(item, "config"); c && !c->is_null()) {
                if (!c->is_object()) {
                    problem = "Feature '" + name + "': config must be an object.";
                    break;
                }
                s.config = *c;
            }
            if (const Json* l = member(item, "label"); l && !l->is_null()) {
                if (!l->is_string()) {
                    problem = "Feature '" + name + "': label must be a string.";
                    break;
                }
                s.label = *l;
            }
            problem = check_config(name, s.config);
            if (!problem.empty()) break;
            for (const auto& prev : steps)
                if (prev.feature == name) problem = "Feature '" + name + "' appears more than once.";
            if (!problem.empty()) break;
            steps.push_back(std::move(s));
        }
        if (problem.empty()) {
            for (const char* nf : kNotFirst)
                if (steps.front().feature == nf) {
                    problem = "Feature '" + std::string(nf) + "' cannot be the first step.";
                    break;
                }
        }
        if (problem.empty()) {
            for (std::size_t i = 0; i < steps.size() && problem.empty(); ++i)
                for (const auto& r : kAfter) {
                    if (steps[i].feature != r.feature) continue;
                    bool seen = false;
                    for (std::size_t j = 0; j < i; ++j) seen = seen || steps[j].feature == r.after;
                    if (!seen) {
                        problem = "Feature '" + steps[i].feature + "' must appear after one of: " + r.after + ".";
                        break;
                    }
                }
        }
        if (!problem.empty()) {
            errs.add("features", problem);
        } else {
            // QUESTIONNAIRE must name one of the application's questionnaires; the OpenAPI's example
            // gives this error as a plain string, not a list.
            for (const auto& s : steps) {
                if (s.feature != "QUESTIONNAIRE") continue;
                const std::string q = string_or(s.config, "questionnaire_uuid");
                if (q.empty()) {
                    errs.add("features", "Feature 'QUESTIONNAIRE' requires config.questionnaire_uuid.");
                    break;
                }
                if (!find_questionnaire_any(app, q))
                    return json_reply(400,
                                      Json{{"features", "Questionnaire '" + q +
                                                            "' was not found for this application. Create the "
                                                            "questionnaire first, then use its questionnaire_id."}});
            }
            in.features = std::move(steps);
        }
    }
    if (!errs.empty()) return errs.reply();
    return std::nullopt;
}

inline std::string node_id(const std::string& feature) {
    const FeatureInfo* f = feature_info(feature);
    return std::string("feature_") + (f ? f->node : "step") + "_1";
}

/// The stored steps of `wf`, read back from its workflow_graph.
inline std::vector<Step> steps_of(const Workflow& wf) {
    std::vector<Step> out;
    const Json* graph = member(wf.record, "workflow_graph");
    const Json* nodes = graph ? member(*graph, "nodes") : nullptr;
    for (const auto& f : wf.features) {
        Step s;
        s.feature = f;
        if (const Json* n = nodes ? member(*nodes, node_id(f)) : nullptr) {
            if (const Json* c = member(*n, "config"); c && c->is_object()) s.config = *c;
            if (const Json* l = member(*n, "label"); l && l->is_string()) s.label = *l;
        }
        out.push_back(std::move(s));
    }
    return out;
}

inline double config_number(const std::vector<Step>& steps, const char* feature, const char* key, double fallback) {
    for (const auto& s : steps)
        if (s.feature == feature)
            if (const Json* v = member(s.config, key); v && v->is_number() && !v->is_boolean()) return v->get<double>();
    return fallback;
}
inline std::string config_string(const std::vector<Step>& steps, const char* feature, const char* key,
                                 std::string fallback) {
    for (const auto& s : steps)
        if (s.feature == feature) return string_or(s.config, key, fallback);
    return fallback;
}

/// Recomputes everything derived from the steps and settings: the Workflow fields sessions use
/// (features, type, price) and the record's derived keys (features string, prices, graph, the
/// legacy toggles the full configuration still reports — the OpenAPI's GET /v3/workflows/{uuid}/).
inline void rebuild(Workflow& wf, const std::vector<Step>& steps) {
    Json& r = wf.record;
    wf.features.clear();
    std::int64_t price = 0;
    bool kyb = false;
    std::string joined;
    for (const auto& s : steps) {
        wf.features.push_back(s.feature);
        if (const FeatureInfo* f = feature_info(s.feature)) price += f->price;
        kyb = kyb || s.feature.rfind("KYB_", 0) == 0;
        joined += (joined.empty() ? "" : " + ") + s.feature;
    }
    wf.workflow_type = kyb ? "kyb" : "kyc";
    wf.price = static_cast<double>(price) / 10000.0;

    Json nodes = Json::object();
    for (std::size_t i = 0; i < steps.size(); ++i) {
        Json n = {{"type", "feature"},
                  {"feature", steps[i].feature},
                  {"config", steps[i].config},
                  {"label", steps[i].label},
                  {"next", i + 1 < steps.size() ? node_id(steps[i + 1].feature) : std::string("status")}};
        nodes[node_id(steps[i].feature)] = std::move(n);
    }
    nodes["status"] = {{"type", "status"}, {"next", nullptr}};

    auto has = [&](const char* f) {
        for (const auto& s : steps)
            if (s.feature == f) return true;
        return false;
    };
    r["uuid"] = wf.uuid;
    r["workflow_id"] = wf.group_id;
    r["version"] = wf.version;
    r["status"] = wf.status;
    r["is_editable"] = wf.status == "draft";
    r["workflow_type"] = wf.workflow_type;
    r["features"] = joined;
    r["total_price"] = rules::dollars(price);
    r["min_price"] = rules::dollars(price);  // a linear workflow has one path
    r["max_price"] = rules::dollars(price);
    r["workflow_graph"] = {{"start_node", steps.empty() ? Json(nullptr) : Json(node_id(steps.front().feature))},
                           {"nodes", std::move(nodes)}};
    r["is_liveness_enabled"] = has("LIVENESS");
    r["face_liveness_method"] = rules::lower(config_string(steps, "LIVENESS", "face_liveness_method", "passive"));
    r["face_liveness_score_decline_threshold"] =
        config_number(steps, "LIVENESS", "face_liveness_score_decline_threshold", 50);
    r["face_liveness_score_review_threshold"] =
        config_number(steps, "LIVENESS", "face_liveness_score_review_threshold", 70);
    r["is_face_match_enabled"] = has("FACE_MATCH");
    r["face_match_score_decline_threshold"] =
        config_number(steps, "FACE_MATCH", "face_match_score_decline_threshold", 40);
    r["face_match_score_review_threshold"] =
        config_number(steps, "FACE_MATCH", "face_match_score_review_threshold", 60);
    r["is_aml_enabled"] = has("AML");
    r["aml_score_review_threshold"] = config_number(steps, "AML", "aml_score_review_threshold", 70);
    r["aml_score_approve_threshold"] = config_number(steps, "AML", "aml_score_approve_threshold", 30);
    r["is_phone_verification_enabled"] = has("PHONE_VERIFICATION");
    r["is_email_verification_enabled"] = has("EMAIL_VERIFICATION");
    r["is_database_validation_enabled"] = has("DATABASE_VALIDATION");
    r["is_ip_analysis_enabled"] = has("IP_ANALYSIS");
    r["is_nfc_enabled"] = has("NFC");
    r["is_age_estimation_enabled"] = has("AGE_ESTIMATION");
    r["is_proof_of_address_enabled"] = has("PROOF_OF_ADDRESS");
    r["is_questionnaire_enabled"] = has("QUESTIONNAIRE");
    r["is_document_ai_enabled"] = has("DOCUMENT_AI");
    r["duplicated_user_action"] = config_string(steps, "OCR", "duplicated_user_action", "no_action");
    Json q = nullptr;
    for (const auto& s : steps)
        if (s.feature == "QUESTIONNAIRE")
            if (const Json* v = member(s.config, "questionnaire_uuid")) q = *v;
    r["questionnaire_uuid"] = q;
}

/// Keys of a list row (the OpenAPI's WorkflowListItem); the detail is the whole record.
inline constexpr const char* kRowKeys[] = {"uuid",
                                           "workflow_id",
                                           "workflow_label",
                                           "workflow_type",
                                           "is_default",
                                           "is_archived",
                                           "is_white_label_enabled",
                                           "total_price",
                                           "min_price",
                                           "max_price",
                                           "features",
                                           "is_simple_workflow",
                                           "is_editable",
                                           "workflow_url",
                                           "max_retry_attempts",
                                           "retry_window_days",
                                           "session_expiration_time",
                                           "version",
                                           "status",
                                           "has_draft",
                                           "created_by",
                                           "updated_at"};

inline bool group_has_draft(const App& app, const std::string& group) {
    for (const auto& w : app.workflows)
        if (w.group_id == group && w.status == "draft") return true;
    return false;
}

inline Json detail(const App& app, const Workflow& wf) {
    Json out = rules::public_view(wf.record);
    out["has_draft"] = group_has_draft(app, wf.group_id);
    return out;
}

inline Json row(const App& app, const Workflow& wf) {
    const Json full = detail(app, wf);
    Json out = Json::object();
    for (const char* k : kRowKeys)
        if (const Json* v = member(full, k)) out[k] = *v;
    return out;
}

inline Workflow* find_version(App& app, std::string_view uuid) {
    for (auto& w : app.workflows)
        if (w.uuid == uuid) return &w;
    return nullptr;
}

/// Only one default workflow per application: setting it on `keep` clears the others.
inline void make_sole_default(App& app, const Workflow& keep) {
    for (auto& w : app.workflows)
        if (w.uuid != keep.uuid) w.record["is_default"] = false;
}

/// A new version 1 with the documented defaults (the OpenAPI's SimpleWorkflowRequest).
inline Workflow new_workflow(Context& ctx, const Json& created_by) {
    Workflow wf;
    wf.uuid = ctx.uuid();
    wf.group_id = wf.uuid;  // `workflow_id` equals `uuid` for version 1
    wf.version = 1;
    wf.status = "published";
    const std::string now = ctx.now_iso();
    wf.record = {{"workflow_label", "ID Verification"},
                 {"is_default", false},
                 {"is_archived", false},
                 {"is_white_label_enabled", false},
                 {"is_desktop_allowed", false},
                 {"is_simple_workflow", true},
                 {"max_retry_attempts", 3},
                 {"retry_window_days", 7},
                 {"face_liveness_max_attempts", 3},
                 {"face_match_max_attempts", 3},
                 {"session_expiration_time", 604800},
                 {"workflow_url", "https://verify.didit.me/u/" + ctx.token(22)},
                 {"documents_allowed", Json::object()},
                 {"created_by", created_by},
                 {"created_at", now},
                 {"updated_at", now},
                 {"published_at", now}};
    return wf;
}

inline Json api_key_creator(const App& app) {
    // WorkflowListItem.created_by: API-key creators are named by the client id, email null.
    return Json{{"name", app.client_id}, {"email", nullptr}, {"type", "api_key"}};
}

/// Applies validated settings; `status` is handled by the caller (versioning).
inline void apply_settings(Workflow& wf, const Json& settings) {
    for (auto it = settings.begin(); it != settings.end(); ++it)
        if (it.key() != "status") wf.record[it.key()] = it.value();
}

inline std::size_t group_count(const App& app) {
    std::set<std::string> groups;
    for (const auto& w : app.workflows) groups.insert(w.group_id);
    return groups.size();
}

inline Reply list(Context& ctx) {
    std::vector<Json> rows;
    for (auto it = ctx.app->workflows.rbegin(); it != ctx.app->workflows.rend(); ++it)
        rows.push_back(row(*ctx.app, *it));  // newest first, as the API lists them
    return paginate(ctx, std::move(rows));
}

inline Reply create(Context& ctx) {
    App& app = *ctx.app;
    Input in;
    if (auto bad = parse(app, ctx.request.json, true, in)) return *bad;
    if (group_count(app) >= 50)  // Didit: "Maximum 50 workflows per application."
        return detail_error(400, "Maximum number of workflows (50) reached for this application.");
    Workflow wf = new_workflow(ctx, api_key_creator(app));
    if (string_or(in.settings, "status") == "draft") {
        wf.status = "draft";
        wf.record["published_at"] = nullptr;
    }
    apply_settings(wf, in.settings);
    rebuild(wf, *in.features);
    app.workflows.push_back(std::move(wf));
    Workflow& stored = app.workflows.back();
    if (bool_or(stored.record, "is_default", false)) make_sole_default(app, stored);
    return json_reply(201, detail(app, stored));
}

inline Reply get(Context& ctx) {
    Workflow* wf = find_version(*ctx.app, ctx.request.params[0]);
    if (!wf) return not_found();
    return json_reply(200, detail(*ctx.app, *wf));
}

/// PATCH versioning, exactly as the OpenAPI describes it:
///  (1) no status on a published version: updated in place;
///  (2) no status on a draft: updated and published;
///  (3) status "published" on a published version: a NEW version (new uuid, version + 1) in the
///      same group, and the group's drafts are deleted; on a draft: published;
///  (4) status "draft": keeps a draft a draft; on a published version 400.
inline Reply update(Context& ctx) {
    App& app = *ctx.app;
    Workflow* found = find_version(app, ctx.request.params[0]);
    if (!found) return not_found();
    Input in;
    if (auto bad = parse(app, ctx.request.json, false, in)) return *bad;
    const std::string want = string_or(in.settings, "status");
    const std::string now = ctx.now_iso();
    if (want == "draft" && found->status == "published")
        return field_error("status", "Cannot revert a published version to draft.");

    std::vector<Step> steps = in.features ? *in.features : steps_of(*found);
    Workflow* target = found;
    if (want == "published" && found->status == "published") {
        Workflow next = *found;
        next.uuid = ctx.uuid();
        int top = 0;
        for (const auto& w : app.workflows)
            if (w.group_id == found->group_id && w.version > top) top = w.version;
        next.version = top + 1;
        next.record["created_at"] = now;
        next.record["published_at"] = now;
        next.record["created_by"] = api_key_creator(app);
        const std::string group = found->group_id;
        app.workflows.erase(
            std::remove_if(app.workflows.begin(), app.workflows.end(),
                           [&](const Workflow& w) { return w.group_id == group && w.status == "draft"; }),
            app.workflows.end());
        app.workflows.push_back(std::move(next));
        target = &app.workflows.back();
    } else if (want != "draft" && found->status == "draft") {
        target->status = "published";
        target->record["published_at"] = now;
    }
    apply_settings(*target, in.settings);
    target->record["updated_at"] = now;
    rebuild(*target, steps);
    if (bool_or(target->record, "is_default", false)) make_sole_default(app, *target);
    return json_reply(200, detail(app, *target));
}

inline Reply remove(Context& ctx) {
    App& app = *ctx.app;
    const std::string id = ctx.request.params[0];
    auto it = std::find_if(app.workflows.begin(), app.workflows.end(), [&](const Workflow& w) { return w.uuid == id; });
    if (it == app.workflows.end()) return not_found();
    app.workflows.erase(it);  // hard delete of one version, as the API does; sessions keep their copy of the ids
    return no_content();
}

/// Every new application starts with one published KYC workflow, like a new Didit application.
inline void seed_default(Context& ctx, App& app) {
    Workflow wf = new_workflow(ctx, nullptr);  // system-made: created_by null, as the API reports it
    wf.record["is_default"] = true;
    std::vector<Step> steps(3);
    steps[0].feature = "OCR";
    steps[1].feature = "LIVENESS";
    steps[2].feature = "FACE_MATCH";
    rebuild(wf, steps);
    app.workflows.push_back(std::move(wf));
}

}  // namespace workflows_detail

inline void install_workflows(Router& router) {
    namespace w = workflows_detail;
    router.add(Method::Get, "/v3/workflows/", Auth::ApiKey, w::list);
    router.add(Method::Post, "/v3/workflows/", Auth::ApiKey, w::create);
    router.add(Method::Get, "/v3/workflows/{uuid}/", Auth::ApiKey, w::get);
    router.add(Method::Patch, "/v3/workflows/{uuid}/", Auth::ApiKey, w::update);
    router.add(Method::Delete, "/v3/workflows/{uuid}/", Auth::ApiKey, w::remove);
    router.on_new_app(w::seed_default);
}

}  // namespace sim
}  // namespace didit
