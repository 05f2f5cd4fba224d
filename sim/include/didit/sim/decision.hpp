// SPDX-License-Identifier: MIT
// The simulator's decision generator: the V3 decision JSON of a session and realistic feature results.
#pragma once

// Shapes follow Didit's OpenAPI decision schema and its two examples (fixtures decision-1.json
// for KYC, decision-kyb-1.json for KYB): every plural feature array is
// null until its feature has run, each item carries `node_id` and a feature-level `status`,
// and warnings are `{feature, risk, additional_data, log_type, short_description,
// long_description, node_id}`. Values are invented but plausible; risk codes are the ones the
// OpenAPI examples use where one fits.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {

/// One workflow feature as the decision reports it.
struct DecisionFeature {
    const char* workflow;         ///< workflow feature name (OpenAPI SimpleWorkflowFeature)
    const char* decision;         ///< name in the decision's `features` and list rows' `features`
    const char* array;            ///< the decision's plural array
    const char* node;             ///< node id prefix ("feature_ocr" -> "feature_ocr_1")
    const char* warning_feature;  ///< `feature` of its warnings (OpenAPI warning enum)
    bool kyb;                     ///< a KYB-only feature
};

inline const std::vector<DecisionFeature>& feature_table() {
    static const std::vector<DecisionFeature> table = {
        {"OCR", "ID_VERIFICATION", "id_verifications", "feature_ocr", "ID_VERIFICATION", false},
        {"NFC", "NFC", "nfc_verifications", "feature_nfc", "NFC", false},
        {"LIVENESS", "LIVENESS", "liveness_checks", "feature_liveness", "LIVENESS", false},
        {"FACE_MATCH", "FACE_MATCH", "face_matches", "feature_face_match", "FACEMATCH", false},
        {"PROOF_OF_ADDRESS", "POA", "poa_verifications", "feature_poa", "PROOF_OF_ADDRESS", false},
        {"PHONE_VERIFICATION", "PHONE", "phone_verifications", "feature_phone", "PHONE", false},
        {"EMAIL_VERIFICATION", "EMAIL_VERIFICATION", "email_verifications", "feature_email", "EMAIL", false},
        {"DATABASE_VALIDATION", "DATABASE_VALIDATION", "database_validations", "feature_db_validation",
         "DATABASE_VALIDATION", false},
        {"AML", "AML", "aml_screenings", "feature_aml", "AML", false},
        {"IP_ANALYSIS", "IP_ANALYSIS", "ip_analyses", "feature_ip", "LOCATION", false},
        {"QUESTIONNAIRE", "QUESTIONNAIRE", "questionnaire_responses", "feature_questionnaire", "QUESTIONNAIRE", false},
        {"DOCUMENT_AI", "DOCUMENT_AI", "document_ai_documents", "feature_document_ai", "DOCUMENT_AI", false},
        // Age estimation is a face step; its result is a liveness-style item (OpenAPI age-estimation).
        {"AGE_ESTIMATION", "AGE_ESTIMATION", "liveness_checks", "feature_age_estimation", "LIVENESS", false},
        {"KYB_REGISTRY", "KYB_REGISTRY", "registry_checks", "feature_kyb_registry", "KYB_REGISTRY", true},
        {"KYB_DOCUMENTS", "KYB_DOCUMENTS", "document_verifications", "feature_kyb_documents", "KYB_DOCUMENTS", true},
        {"KYB_KEY_PEOPLE", "KYB_KEY_PEOPLE", "key_people_checks", "feature_kyb_key_people", "KYB_KEY_PEOPLE", true},
    };
    return table;
}

/// The table row of a workflow feature name (aliases as update-status normalises them, OpenAPI).
inline const DecisionFeature* decision_feature(std::string name) {
    if (name == "ID_VERIFICATION") name = "OCR";
    if (name == "POA") name = "PROOF_OF_ADDRESS";
    if (name == "PHONE") name = "PHONE_VERIFICATION";
    if (name == "EMAIL") name = "EMAIL_VERIFICATION";
    if (name == "FACE") name = "LIVENESS";
    for (const auto& f : feature_table())
        if (name == f.workflow) return &f;
    return nullptr;
}

/// The KYC arrays (decision-1.json) and the KYB ones (decision-kyb-1.json), in fixture order.
inline const std::vector<const char*>& decision_arrays(bool kyb) {
    static const std::vector<const char*> kyc = {
        "id_verifications",        "nfc_verifications",   "liveness_checks",   "face_matches",
        "phone_verifications",     "email_verifications", "poa_verifications", "document_ai_documents",
        "questionnaire_responses", "aml_screenings",      "ip_analyses",       "database_validations"};
    static const std::vector<const char*> business = {
        "registry_checks",     "aml_screenings",      "document_verifications",  "key_people_checks",
        "phone_verifications", "email_verifications", "questionnaire_responses", "ip_analyses"};
    return kyb ? business : kyc;
}

/// Nodes from a bare feature list (execution order).
inline Json workflow_nodes(const std::vector<std::string>& features, bool kyb) {
    std::vector<std::string> names = features;
    if (names.empty()) {
        // A workflow without a feature list: the default graph of its kind.
        if (kyb)
            names = {"KYB_REGISTRY", "KYB_DOCUMENTS", "KYB_KEY_PEOPLE"};
        else
            names = {"OCR", "LIVENESS", "FACE_MATCH"};
    }
    Json nodes = Json::array();
    std::map<std::string, int> seen;
    for (const auto& n : names) {
        const DecisionFeature* f = decision_feature(n);
        if (!f) continue;
        const int k = ++seen[f->workflow];
        nodes.push_back({{"feature", f->workflow}, {"node_id", std::string(f->node) + "_" + std::to_string(k)}});
    }
    return nodes;
}

/// The session's workflow nodes, `[{"feature": "OCR", "node_id": "feature_ocr_1"}, …]`: the
/// feature nodes of the workflow's graph (`workflow_graph.start_node`, then each node's
/// `next`) when the record has one, so that decisions name the workflow's own node ids;
/// otherwise from its feature list (a repeated feature gets `_2`, `_3`, …).
inline Json workflow_nodes(const Workflow& wf, bool kyb) {
    const Json* graph = member(wf.record, "workflow_graph");
    const Json* gnodes = graph ? member(*graph, "nodes") : nullptr;
    if (gnodes && gnodes->is_object()) {
        Json nodes = Json::array();
        std::set<std::string> visited;
        std::string at = string_or(*graph, "start_node");
        while (!at.empty() && visited.insert(at).second && visited.size() <= 256) {
            const Json* n = member(*gnodes, at);
            if (!n) break;
            const std::string feature = string_or(*n, "feature");
            if (string_or(*n, "type", "feature") == "feature" && decision_feature(feature))
                nodes.push_back({{"feature", feature}, {"node_id", at}});
            at = string_or(*n, "next");
        }
        if (!nodes.empty()) return nodes;
    }
    return workflow_nodes(wf.features, kyb);
}

/// The decision's `features` strings for these nodes (each once, in order).
inline Json decision_feature_names(const Json& nodes) {
    Json out = Json::array();
    std::set<std::string> seen;
    if (!nodes.is_array()) return out;
    for (const auto& n : nodes) {
        const DecisionFeature* f = decision_feature(string_or(n, "feature"));
        if (f && seen.insert(f->decision).second) out.push_back(f->decision);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Feature results

/// What the simulated user presented: from `expected_details` where given, else a sample.
struct Identity {
    std::string first_name = "Jane";
    std::string last_name = "Sample";
    std::string date_of_birth = "1990-05-15";
    std::string gender = "F";
    std::string nationality = "ESP";
    std::string issuing_state = "ESP";
    std::string doc_code = "ID";
    std::string doc_name = "Identity Card";
    std::string doc_number;
    std::string email = "user@example.com";
    std::string phone = "+34600600600";
    std::string address = "Avda de Madrid 34, Madrid";
    std::string company_name = "ACME HOLDINGS LTD";
    std::string registration_number = "12345678";
    std::string registry_country = "GB";
};

inline Identity identity_of(const Session& s) {
    Identity id;
    const Json* ed = member(s.data, "expected_details");
    const Json* cd = member(s.data, "contact_details");
    auto take = [](const Json* obj, const char* key, std::string& out) {
        if (!obj) return;
        const std::string v = string_or(*obj, key);
        if (!v.empty()) out = v;
    };
    take(ed, "first_name", id.first_name);
    take(ed, "last_name", id.last_name);
    take(ed, "date_of_birth", id.date_of_birth);
    take(ed, "gender", id.gender);
    take(ed, "nationality", id.nationality);
    id.issuing_state = id.nationality;
    take(ed, "country", id.issuing_state);
    take(ed, "id_country", id.issuing_state);
    take(ed, "address", id.address);
    take(ed, "company_name", id.company_name);
    take(ed, "registration_number", id.registration_number);
    take(ed, "registry_country", id.registry_country);
    take(cd, "email", id.email);
    take(cd, "phone", id.phone);
    if (ed) {
        if (const Json* types = member(*ed, "expected_document_types"); types && types->is_array() && !types->empty()) {
            const Json& first = types->front();
            std::string code = first.is_string() ? first.get<std::string>() : std::string("ID");
            for (auto& c : code) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
            static const std::map<std::string, std::string> names = {{"P", "Passport"},
                                                                     {"ID", "Identity Card"},
                                                                     {"DL", "Driver's License"},
                                                                     {"RP", "Residence Permit"},
                                                                     {"HIC", "Health Insurance Card"},
                                                                     {"TC", "Tax Card"},
                                                                     {"SSC", "Social Security Card"}};
            auto it = names.find(code);
            if (it != names.end()) {
                id.doc_code = code;
                id.doc_name = it->second;
            }
        }
    }
    char num[32];
    (void)std::snprintf(num, sizeof num, "SIM%06lld", static_cast<long long>(s.number % 1000000));
    id.doc_number = num;
    return id;
}

/// How a feature ended: "Approved", or flagged "In Review"/"Declined" with a warning.
struct FeatureOutcome {
    std::string status = "Approved";
    bool flagged = false;
};

/// The warning a flagged feature raises (risk codes from the OpenAPI examples where one fits).
inline Json feature_warning(const DecisionFeature& f, const std::string& node_id, bool declined) {
    struct W {
        const char* risk;
        const char* text;
    };
    const std::string wf = f.workflow;
    W w{"POSSIBLE_FRAUD", "Possible fraud"};
    if (wf == "OCR")
        w = declined ? W{"DOCUMENT_EXPIRED", "Document expired"}
                     : W{"NAME_MISMATCH_WITH_PROVIDED", "Name mismatch with provided data"};
    else if (wf == "NFC")
        w = {"DATA_INCONSISTENT", "OCR and NFC data are not the same"};
    else if (wf == "LIVENESS")
        w = declined ? W{"LIVENESS_FACE_ATTACK", "Liveness face attack"}
                     : W{"LOW_LIVENESS_SCORE", "Low liveness score"};
    else if (wf == "FACE_MATCH")
        w = {"LOW_FACE_MATCH_SIMILARITY", "Low face match similarity"};
    else if (wf == "PROOF_OF_ADDRESS")
        w = {"POA_DOCUMENT_EXPIRED", "Proof of address document expired"};
    else if (wf == "PHONE_VERIFICATION")
        w = declined ? W{"VERIFICATION_CODE_ATTEMPTS_EXCEEDED", "Verification code attempts exceeded"}
                     : W{"VOIP_NUMBER_DETECTED", "VoIP number detected"};
    else if (wf == "EMAIL_VERIFICATION")
        w = declined ? W{"DISPOSABLE_EMAIL_DETECTED", "Disposable email detected"}
                     : W{"BREACHED_EMAIL_DETECTED", "Breached email detected"};
    else if (wf == "AML")
        w = {"POSSIBLE_MATCH_FOUND", "Possible match found in AML screening"};
    else if (wf == "DATABASE_VALIDATION")
        w = {"DATABASE_VALIDATION_NO_MATCH", "No match in the government database"};
    else if (wf == "AGE_ESTIMATION")
        w = {"AGE_BELOW_MINIMUM", "Age below minimum"};
    else if (wf == "IP_ANALYSIS")
        w = {"VPN_OR_TOR_DETECTED", "VPN or Tor detected"};
    else if (wf == "KYB_REGISTRY")
        w = {"COMPANY_NOT_ACTIVE", "Company is not active in the registry"};
    else if (wf == "KYB_DOCUMENTS")
        w = {"DOCUMENT_DATA_MISMATCH", "Document data does not match the registry"};
    else if (wf == "KYB_KEY_PEOPLE")
        w = {"KEY_PERSON_NOT_VERIFIED", "A key person is not verified"};
    return Json{
        {"feature", f.warning_feature},
        {"risk", w.risk},
        {"additional_data", nullptr},
        {"log_type", declined ? "error" : "warning"},
        {"short_description", w.text},
        {"long_description", std::string(w.text) + " (simulated result: the session was completed with outcome " +
                                 (declined ? "\"declined\"" : "\"in_review\"") + ")."},
        {"node_id", node_id}};
}

/// A presigned-looking media URL on the simulator (not served; real ones expire after an hour).
inline std::string media_url(const Context& ctx, const Session& s, const std::string& name) {
    return ctx.url("/_sim/media/" + s.id + "/" + name + "?X-Amz-Expires=3600");
}

/// Years between `dob` (YYYY-MM-DD) and `today` (YYYY-MM-DD…), or 0 when malformed.
inline int age_on(const std::string& dob, const std::string& today) {
    auto num = [](const std::string& s, std::size_t pos, std::size_t len) {
        int v = 0;
        if (s.size() < pos + len) return -1;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return -1;
            v = v * 10 + (s[i] - '0');
        }
        return v;
    };
    const int by = num(dob, 0, 4), bm = num(dob, 5, 2), bd = num(dob, 8, 2);
    const int ty = num(today, 0, 4), tm = num(today, 5, 2), td = num(today, 8, 2);
    if (by < 0 || bm < 0 || bd < 0 || ty < 0 || tm < 0 || td < 0) return 0;
    int age = ty - by;
    if (tm < bm || (tm == bm && td < bd)) --age;
    return age < 0 ? 0 : age;
}

/// The result item of one node.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): one flat branch per feature kind
inline Json feature_item(const Context& ctx, const Session& s, const DecisionFeature& f, const std::string& node_id,
                         const FeatureOutcome& o, const Identity& id) {
    const std::string wf = f.workflow;
    const bool declined = o.status == "Declined";
    Json warnings = Json::array();
    if (o.flagged) warnings.push_back(feature_warning(f, node_id, declined));
    const std::string now = ctx.now_iso();
    const std::string full_name = id.first_name + " " + id.last_name;
    Json item = Json::object();
    item["node_id"] = node_id;
    item["status"] = o.status;
    if (wf == "OCR") {
        item["document_type"] = id.doc_name;
        item["document_subtype"] = id.doc_code == "P" ? "PASSPORT_GENERIC" : "ID_CARD_GENERIC";
        item["document_number"] = id.doc_number;
        item["personal_number"] = nullptr;
        item["portrait_image"] = media_url(ctx, s, "portrait.jpg");
        item["front_image"] = media_url(ctx, s, "front.jpg");
        item["front_video"] = nullptr;
        item["back_image"] = id.doc_code == "P" ? Json(nullptr) : Json(media_url(ctx, s, "back.jpg"));
        item["back_video"] = nullptr;
        item["full_front_image"] = media_url(ctx, s, "full_front.jpg");
        item["full_back_image"] = id.doc_code == "P" ? Json(nullptr) : Json(media_url(ctx, s, "full_back.jpg"));
        item["date_of_birth"] = id.date_of_birth;
        item["age"] = age_on(id.date_of_birth, now);
        item["expiration_date"] = declined ? "2024-01-01" : "2031-06-02";
        item["date_of_issue"] = declined ? "2014-01-01" : "2021-06-02";
        item["issuing_state"] = id.issuing_state;
        item["issuing_state_name"] = id.issuing_state;
        item["first_name"] = id.first_name;
        item["last_name"] = id.last_name;
        item["full_name"] = full_name;
        item["gender"] = id.gender;
        item["address"] = id.address;
        item["formatted_address"] = id.address;
        item["place_of_birth"] = nullptr;
        item["marital_status"] = "Unknown";
        item["nationality"] = id.nationality;
        item["extra_fields"] = Json::object();
        item["mrz"] = nullptr;
        item["parsed_address"] = nullptr;
        item["extra_files"] = Json::array();
        item["matches"] = Json::array();
    } else if (wf == "NFC") {
        item["portrait_image"] = media_url(ctx, s, "nfc_portrait.jpg");
        item["signature_image"] = media_url(ctx, s, "nfc_signature.jpg");
        item["chip_data"] = {{"document_type", id.doc_code},     {"issuing_country", id.issuing_state},
                             {"document_number", id.doc_number}, {"expiration_date", "2031-06-02"},
                             {"first_name", id.first_name},      {"last_name", id.last_name},
                             {"birth_date", id.date_of_birth},   {"gender", id.gender},
                             {"nationality", id.nationality},    {"address", id.address},
                             {"place_of_birth", nullptr}};
        item["authenticity"] = {{"sod_integrity", !declined}, {"dg_integrity", !declined}};
        item["certificate_summary"] = nullptr;
    } else if (wf == "LIVENESS" || wf == "AGE_ESTIMATION") {
        item["method"] = "PASSIVE";
        item["score"] = declined ? 12.5 : (o.flagged ? 48.3 : 96.4);
        item["reference_image"] = media_url(ctx, s, "reference.jpg");
        item["video_url"] = media_url(ctx, s, "liveness.mp4");
        item["age_estimation"] = wf == "AGE_ESTIMATION" && declined ? 15.2 : 31.6;
        item["matches"] = Json::array();
        item["face_quality"] = 87.5;
        item["face_luminance"] = 61.2;
    } else if (wf == "FACE_MATCH") {
        item["score"] = declined ? 21.7 : (o.flagged ? 65.43 : 94.1);
        item["source_image_session_id"] = nullptr;
        item["source_image"] = media_url(ctx, s, "face_source.jpg");
        item["target_image"] = media_url(ctx, s, "face_target.jpg");
    } else if (wf == "PROOF_OF_ADDRESS") {
        item["document_file"] = media_url(ctx, s, "poa.pdf");
        item["issuing_state"] = id.issuing_state;
        item["document_type"] = "UTILITY_BILL";
        item["document_subtype"] = nullptr;
        item["document_language"] = "en";
        item["issuer"] = "Simulated Utilities";
        item["issue_date"] = declined ? "2023-01-01" : now.substr(0, 8) + "01";
        item["expiration_date"] = nullptr;
        item["poa_address"] = id.address;
        item["poa_formatted_address"] = id.address;
        item["name_on_document"] = full_name;
        item["name_match_score_expected_details"] = nullptr;
        item["name_match_score_id_verification"] = o.flagged ? 38.5 : 100.0;
        item["extra_files"] = Json::array();
    } else if (wf == "PHONE_VERIFICATION") {
        const std::string& p = id.phone;
        item["phone_number_prefix"] = p.size() > 3 ? p.substr(0, 3) : p;
        item["phone_number"] = p.size() > 3 ? p.substr(3) : std::string();
        item["full_number"] = p;
        item["country_code"] = "ES";
        item["country_name"] = "Spain";
        item["carrier"] = {{"name", "Simulated Mobile"}, {"type", o.flagged && !declined ? "voip" : "mobile"}};
        item["is_disposable"] = false;
        item["is_virtual"] = o.flagged && !declined;
        item["verification_method"] = "sms";
        item["verification_attempts"] = declined ? 3 : 1;
        item["verified_at"] = declined ? Json(nullptr) : Json(now);
        item["lifecycle"] = Json::array();
        item["matches"] = Json::array();
    } else if (wf == "EMAIL_VERIFICATION") {
        item["email"] = id.email;
        item["is_breached"] = o.flagged && !declined;
        item["breaches"] = Json::array();
        item["is_disposable"] = declined;
        item["is_undeliverable"] = false;
        item["verification_attempts"] = 1;
        item["verified_at"] = declined ? Json(nullptr) : Json(now);
        item["lifecycle"] = Json::array();
        item["matches"] = Json::array();
    } else if (wf == "DATABASE_VALIDATION") {
        item["issuing_state"] = id.issuing_state;
        item["validation_type"] = "one_by_one";
        item["screened_data"] = {
            {"first_name", id.first_name}, {"last_name", id.last_name}, {"date_of_birth", id.date_of_birth}};
        item["validations"] = Json::array();
        item["match_type"] = o.flagged ? "no_match" : "full_match";
    } else if (wf == "AML") {
        item["total_hits"] = o.flagged ? 1 : 0;
        item["entity_type"] = "person";
        Json hits = Json::array();
        if (o.flagged)
            hits.push_back({{"id", "sim-hit-" + s.id.substr(0, 8)},
                            {"url", nullptr},
                            {"match", declined},
                            {"score", declined ? 0.95 : 0.73},
                            {"target", nullptr},
                            {"caption", full_name},
                            {"datasets", Json::array({"PEP"})},
                            {"rca_name", ""},
                            {"first_seen", "2025-01-18T00:00:00"},
                            {"last_seen", "2025-06-13T00:00:00"},
                            {"match_score", declined ? 98 : 73},
                            {"risk_score", declined ? 90 : 60},
                            {"review_status", "Unreviewed"}});
        item["hits"] = std::move(hits);
        item["score"] = o.flagged ? (declined ? 95.0 : 73.0) : 0.0;
        item["screened_data"] = {{"full_name", full_name},
                                 {"date_of_birth", id.date_of_birth},
                                 {"nationality", id.nationality},
                                 {"document_number", id.doc_number}};
        item["is_ongoing_monitoring_enabled"] = false;
        item["next_ongoing_monitoring_bill_date"] = nullptr;
    } else if (wf == "IP_ANALYSIS") {
        item["device_brand"] = "Apple";
        item["device_model"] = "iPhone";
        item["browser_family"] = "Mobile Safari";
        item["os_family"] = "iOS";
        item["platform"] = "mobile";
        item["device_fingerprint"] = "sim-fp-" + s.id.substr(0, 8);
        item["ip_country"] = "Spain";
        item["ip_country_code"] = "ES";
        item["ip_state"] = "Madrid";
        item["ip_city"] = "Madrid";
        item["latitude"] = 40.4168;
        item["longitude"] = -3.7038;
        item["ip_address"] = "192.0.2.10";
        item["isp"] = nullptr;
        item["organization"] = nullptr;
        item["is_vpn_or_tor"] = o.flagged;
        item["is_data_center"] = false;
        item["time_zone"] = "Europe/Madrid";
        item["time_zone_offset"] = "+0100";
        item["matches"] = Json::array();
    } else if (wf == "QUESTIONNAIRE") {
        item["questionnaire_id"] = nullptr;
        item["title"] = "Simulated questionnaire";
        item["description"] = nullptr;
        item["languages"] = Json::array({"en"});
        item["default_language"] = "en";
        item["is_active"] = true;
        item["is_simple_questionnaire"] = true;
        item["sections"] = Json::array();
    } else if (wf == "DOCUMENT_AI") {
        item["items"] = Json::array();
    } else if (wf == "KYB_REGISTRY") {
        item["data_resolved"] = true;
        item["company"] = {{"uuid", s.id},
                           {"node_id", node_id},
                           {"status", o.status},
                           {"registry_status", declined ? "dissolved" : "active"},
                           {"data_resolved", true},
                           {"company_name", id.company_name},
                           {"registration_number", id.registration_number},
                           {"country_code", id.registry_country},
                           {"region", nullptr},
                           {"company_type", "Private Limited Company"},
                           {"incorporation_date", "2015-03-12"},
                           {"registered_address", "1 Example Street, London, EC1A 1AA"},
                           {"is_from_registry", true},
                           {"fetch_status", "resolved"},
                           {"officers", Json::array()},
                           {"beneficial_owners", Json::array()}};
        item["ownership_structure"] = nullptr;
    } else if (wf == "KYB_DOCUMENTS") {
        item["items"] = Json::array();
        item["groups"] = Json::object();
        item["required_groups"] = Json::array();
    } else if (wf == "KYB_KEY_PEOPLE") {
        item["registry"] = {{"officers", Json::array()}, {"beneficial_owners", Json::array()}};
        item["submitted"] = {{"parties", Json::array()}};
        item["ubo_kyc_summary"] = {{"total", 0}, {"approved", 0}, {"flagged", 0}, {"pending", 0}};
    }
    item["warnings"] = std::move(warnings);
    return item;
}

// ---------------------------------------------------------------------------------------------
// The decision

/// "live" or "sandbox": test keys (`sk_test_…`) belong to sandbox applications.
inline std::string environment_of(const App& app) { return app.api_key.rfind("sk_live_", 0) == 0 ? "live" : "sandbox"; }

/// The member `key` of `j`, or null.
inline Json value_or_null(const Json& j, std::string_view key) {
    const Json* v = member(j, key);
    return v ? *v : Json(nullptr);
}

/// The decision's `reviews` from the session's activity feed: `{user, new_status, comment, created_at}`.
inline Json decision_reviews(const Session& s) {
    Json out = Json::array();
    for (const auto& a : s.reviews) {
        const std::string type = string_or(a, "activity_type");
        if (type != "STATUS_UPDATED" && type != "COMMENT") continue;
        const std::string email = string_or(a, "actor_email");
        out.push_back({{"user", email.empty() ? string_or(a, "actor_display", "Unknown") : email},
                       {"new_status", value_or_null(a, "new_status")},
                       {"comment", value_or_null(a, "comment")},
                       {"created_at", string_or(a, "created_at")}});
    }
    return out;
}

/// A new session's decision: the top level, and every feature array null (nothing has run).
inline Json empty_decision(const App& app, const Session& s) {
    const bool kyb = s.kind == "business";
    Json d = Json::object();
    d["session_id"] = s.id;
    d["session_kind"] = s.kind;
    d["session_number"] = s.number;
    d["environment"] = environment_of(app);
    for (const char* a : decision_arrays(kyb)) d[a] = nullptr;
    return d;
}

/// Brings the decision's top level in line with the session (status, vendor_data, metadata,
/// callback, reviews…). Feature arrays are left alone.
inline void refresh_decision(Session& s) {
    Json& d = s.decision;
    if (!d.is_object()) d = Json::object();
    d["session_id"] = s.id;
    d["session_kind"] = s.kind;
    d["session_number"] = s.number;
    d["session_url"] = string_or(s.data, "url");
    d["status"] = s.status;
    d["workflow_id"] = s.workflow_id;
    d["features"] = decision_feature_names(value_or_null(s.data, "nodes"));
    d["vendor_data"] = s.has_vendor_data ? Json(s.vendor_data) : Json(nullptr);
    d["metadata"] = s.metadata;
    d["callback"] = value_or_null(s.data, "callback");
    d["expected_details"] = value_or_null(s.data, "expected_details");
    d["contact_details"] = value_or_null(s.data, "contact_details");
    d["reviews"] = decision_reviews(s);
    d["created_at"] = s.created_at;
    d["expires_at"] = value_or_null(s.data, "expires_at");
}

/// Which node a non-approved outcome flags: the most telling step the workflow has.
inline std::string flagged_node(const Json& nodes, bool declined) {
    static const std::vector<std::string> decline_order = {"FACE_MATCH", "LIVENESS",     "OCR",
                                                           "AML",        "KYB_REGISTRY", "KYB_DOCUMENTS"};
    static const std::vector<std::string> review_order = {"AML",      "FACE_MATCH",     "OCR",
                                                          "LIVENESS", "KYB_KEY_PEOPLE", "KYB_DOCUMENTS"};
    const auto& order = declined ? decline_order : review_order;
    for (const auto& want : order)
        for (const auto& n : nodes)
            if (string_or(n, "feature") == want) return string_or(n, "node_id");
    return nodes.is_array() && !nodes.empty() ? string_or(nodes.front(), "node_id") : std::string();
}

/// Runs every node of the session as a user finishing the flow would, with `outcome`
/// "approved", "declined" or "in_review" (one node is flagged for the latter two), and sets
/// the feature arrays. With `only_started` (abandon), only the first node has run.
inline void run_features(const Context& ctx, Session& s, const std::string& outcome, bool only_started = false) {
    const bool kyb = s.kind == "business";
    Json& d = s.decision;
    for (const char* a : decision_arrays(kyb)) d[a] = nullptr;
    Json nodes = value_or_null(s.data, "nodes");
    if (!nodes.is_array()) nodes = Json::array();
    const bool declined = outcome == "declined";
    const std::string flagged = outcome == "approved" ? std::string() : flagged_node(nodes, declined);
    const Identity id = identity_of(s);
    for (const auto& n : nodes) {
        const DecisionFeature* f = decision_feature(string_or(n, "feature"));
        if (!f) continue;
        const std::string node_id = string_or(n, "node_id");
        FeatureOutcome o;
        if (only_started) {
            o.status = "Not Finished";
        } else if (node_id == flagged) {
            o.status = declined ? "Declined" : "In Review";
            o.flagged = true;
        }
        Json& arr = d[f->array];
        if (!arr.is_array()) arr = Json::array();
        arr.push_back(feature_item(ctx, s, *f, node_id, o, id));
        if (only_started) break;
    }
}

/// The status of node `node_id` in the decision ("Not Finished" when it has not run).
inline std::string node_status(const Session& s, const std::string& feature, const std::string& node_id) {
    const DecisionFeature* f = decision_feature(feature);
    if (!f) return "Not Finished";
    const Json* arr = member(s.decision, f->array);
    if (arr && arr->is_array())
        for (const auto& item : *arr)
            if (string_or(item, "node_id") == node_id) return string_or(item, "status", "Not Finished");
    return "Not Finished";
}

/// Removes the result of node `node_id` (a resubmitted step's captured data is deleted).
inline void clear_node(Session& s, const std::string& feature, const std::string& node_id) {
    const DecisionFeature* f = decision_feature(feature);
    if (!f || !s.decision.is_object()) return;
    auto it = s.decision.find(f->array);
    if (it == s.decision.end() || !it->is_array()) return;
    Json kept = Json::array();
    for (const auto& item : *it)
        if (string_or(item, "node_id") != node_id) kept.push_back(item);
    *it = kept.empty() ? Json(nullptr) : kept;
}

}  // namespace sim
}  // namespace didit
