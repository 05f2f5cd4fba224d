// SPDX-License-Identifier: MIT
// The simulator's standalone screening checks: AML screening (POST /v3/aml/), database validation
// (POST /v3/database-validation/), KYB registry search and select (POST /v3/kyb/search/ and
// /v3/kyb/select/), and phone and email one-time codes (POST /v3/phone|email/send/ and /check/).
// Outcomes are deterministic and chosen by the input, so that tests can aim at each of them:
//   AML          a `full_name` containing "sanction" (any case) hits a sanctions list (risk 100),
//                one containing "pep" hits a PEP list (risk 73); any other name is clean.
//   database     the identification number decides: ending in "99" no match, "98" partial match,
//   validation   "97" registry unavailable (502); any other number matches fully.
//   KYB search   1-3 candidates named after the query (by FNV-1a of it), or exactly one with the
//                registration number searched; a name containing "nonexistent" finds none, one
//                containing "dissolved" finds dissolved companies (select: In Review).
//   phone/email  the code is always 123456 (what Didit's sandbox accepts); a number ending in 0000
//                is Blocked; a national number starting 500 is VoIP, 555 disposable; an address
//                at a domain ending in .invalid is Undeliverable, at mailinator.com (and other
//                throwaway domains) disposable, with "breach" in its local part breached.
// Nothing here is billed or stored as a session: `request_id`s are fresh UUIDs.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <didit/sim/core.hpp>

namespace didit {
namespace sim {
namespace screening_detail {

/// The OpenAPI: these routes answer 403 (never 401) for missing credentials, with this body.
inline constexpr const char* kMissingAuth = "You do not have permission to perform this action.";
/// The code every simulated phone and email verification accepts.
inline constexpr const char* kCode = "123456";
/// How long a sent code can be checked (the OpenAPI: 5 minutes from the first send).
inline constexpr std::int64_t kOtpWindowSeconds = 300;
/// Send attempts per phone number and hour before 429 (the OpenAPI's anti-abuse cap).
inline constexpr std::size_t kSendsPerHour = 4;
/// KYB candidates kept for select; older handles expire.
inline constexpr std::size_t kMaxCandidates = 1000;

inline bool one_of(const std::string& v, std::initializer_list<const char*> list) {
    return std::any_of(list.begin(), list.end(), [&](const char* x) { return v == x; });
}

/// A hex string of `digits` characters from `h` (and its mix, beyond 16).
inline std::string hex(std::uint64_t h, std::size_t digits) {
    static const char* d = "0123456789abcdef";
    std::string out;
    std::uint64_t x = h;
    while (out.size() < digits) {
        if (out.size() % 16 == 0 && !out.empty()) x = detail::fnv1a(out) ^ h;
        out += d[x & 15];
        x >>= 4;
    }
    return out;
}

/// `n` decimal digits from `h`.
inline std::string digits_of(std::uint64_t h, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        out += static_cast<char>('0' + h % 10);
        h /= 10;
        if (h == 0) h = detail::fnv1a(out);
    }
    return out;
}

/// A value as the members of a 400: a string member, or a type error on `errs`.
inline const Json* string_member(const Json& b, const char* key, FieldErrors& errs, bool required = false) {
    const Json* v = member(b, key);
    if (!v || v->is_null()) {
        if (required) errs.add(key, "This field is required.");
        return nullptr;
    }
    if (!v->is_string()) {
        errs.add(key, "Not a valid string.");
        return nullptr;
    }
    if (required && v->get<std::string>().empty()) {
        errs.add(key, "This field may not be blank.");
        return nullptr;
    }
    return v;
}

/// A boolean member (absent: `fallback`); a type error on `errs`.
inline bool bool_member(const Json& b, const char* key, bool fallback, FieldErrors& errs) {
    const Json* v = member(b, key);
    if (!v || v->is_null()) return fallback;
    if (!v->is_boolean()) {
        errs.add(key, "Must be a valid boolean.");
        return fallback;
    }
    return v->get<bool>();
}

/// A string member that must be one of `choices` (absent: `fallback`).
inline std::string choice_member(const Json& b, const char* key, std::initializer_list<const char*> choices,
                                 const char* fallback, FieldErrors& errs) {
    const Json* v = member(b, key);
    if (!v || v->is_null()) return fallback;
    if (!v->is_string() || !one_of(v->get<std::string>(), choices)) {
        errs.add(key, not_a_choice(*v));
        return fallback;
    }
    return v->get<std::string>();
}

/// `metadata` must be an object or null; echoed back.
inline Json metadata_of(const Json& b, FieldErrors& errs) {
    const Json* m = member(b, "metadata");
    if (!m || m->is_null()) return nullptr;
    if (!m->is_object()) {
        errs.add("metadata", "Expected a dictionary of items.");
        return nullptr;
    }
    return *m;
}

inline Json vendor_data_of(const Json& b, FieldErrors& errs) {
    const Json* v = string_member(b, "vendor_data", errs);
    return v ? *v : Json(nullptr);
}

/// One warning object as the checks report them.
inline Json warning(const char* feature, const char* risk, const char* log_type, const char* short_text,
                    const char* long_text) {
    return Json{{"feature", feature},
                {"risk", risk},
                {"additional_data", nullptr},
                {"log_type", log_type},
                {"short_description", short_text},
                {"long_description", long_text}};
}

// ---------------------------------------------------------------------------------------------
// AML

/// A number member within [lo, hi] (absent: `fallback`).
inline double number_member(const Json& b, const char* key, double lo, double hi, double fallback, bool integer,
                            FieldErrors& errs) {
    const Json* v = member(b, key);
    if (!v || v->is_null()) return fallback;
    if (integer ? !v->is_number_integer() : !v->is_number()) {
        errs.add(key, integer ? "A valid integer is required." : "A valid number is required.");
        return fallback;
    }
    const double x = v->get<double>();
    if (!std::isfinite(x) || x < lo) {
        errs.add(key, "Ensure this value is greater than or equal to " + std::to_string(static_cast<int>(lo)) + ".");
        return fallback;
    }
    if (x > hi) {
        errs.add(key, "Ensure this value is less than or equal to " + std::to_string(static_cast<int>(hi)) + ".");
        return fallback;
    }
    return x;
}

/// "<country> - <service>", the name the API gives a registry service it has no title for.
inline std::string service_name(const std::string& country, const std::string& service) {
    std::string name = country;
    name += " - ";
    name += service;
    return name;
}

/// "90.0" as Python prints a float in the API's cross-field messages.
inline std::string py_float(double x) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%.1f", x);
    if (n < 0) return "0.0";
    return buf;
}

/// POST /v3/aml/.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): the OpenAPI's validation rules, in order
inline Reply aml(Context& ctx) {
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* name = string_member(b, "full_name", errs, true);
    const std::string entity = choice_member(b, "entity_type", {"person", "company"}, "person", errs);
    const Json* dob = string_member(b, "date_of_birth", errs);
    if (dob && !is_date(dob->get<std::string>()))
        errs.add("date_of_birth", "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    const Json* nat = string_member(b, "nationality", errs);
    if (nat) {
        const std::string n = nat->get<std::string>();
        if (n.size() != 2 || !std::all_of(n.begin(), n.end(), [](char c) { return c >= 'A' && c <= 'Z'; }))
            errs.add("nationality", "Invalid ISO 3166-1 alpha-2 country code.");
    }
    const Json* doc = string_member(b, "document_number", errs);
    const double approve = number_member(b, "aml_score_approve_threshold", 0, 100, 80, false, errs);
    const double review = number_member(b, "aml_score_review_threshold", 0, 100, 100, false, errs);
    const auto wn = static_cast<int>(number_member(b, "aml_name_weight", 0, 100, 60, true, errs));
    const auto wd = static_cast<int>(number_member(b, "aml_dob_weight", 0, 100, 25, true, errs));
    const auto wc = static_cast<int>(number_member(b, "aml_country_weight", 0, 100, 15, true, errs));
    const double threshold = number_member(b, "aml_match_score_threshold", 0, 100, 93, true, errs);
    const bool adverse = bool_member(b, "include_adverse_media", false, errs);
    const bool monitoring = bool_member(b, "include_ongoing_monitoring", false, errs);
    const bool save = bool_member(b, "save_api_request", true, errs);
    const Json vendor = vendor_data_of(b, errs);
    const Json metadata = metadata_of(b, errs);
    if (!errs.empty()) return errs.reply();
    // The cross-field rules answer {"error": [...]}.
    auto cross = [](const std::string& message) { return json_reply(400, Json{{"error", Json::array({message})}}); };
    if (wn + wd + wc != 100)
        return cross("AML weights must sum to 100. Current sum: " + std::to_string(wn + wd + wc) + " (name: " +
                     std::to_string(wn) + ", dob: " + std::to_string(wd) + ", country: " + std::to_string(wc) + ")");
    if (approve > review)
        return cross("Approve threshold (" + py_float(approve) + ") cannot be greater than review threshold (" +
                     py_float(review) + ")");
    if (monitoring && !save) return cross("Ongoing monitoring can only be enabled when the API request is saved.");

    const std::string full_name = name->get<std::string>();
    const std::string low = lower(full_name);
    const bool sanctioned = low.find("sanction") != std::string::npos;
    const bool pep = !sanctioned && low.find("pep") != std::string::npos;
    Json hits = Json::array();
    double score = 0;
    if (sanctioned || pep) {
        const std::uint64_t h = detail::fnv1a(entity + ":" + low);
        // The match: the name scores 94-99; date of birth and country, when screened, match the
        // entity's; the weights of what was not screened are re-normalised away.
        const int name_score = 94 + static_cast<int>(h % 6);
        const int w_total = wn + (dob ? wd : 0) + (nat ? wc : 0);
        auto norm = [&](int w, bool present) { return present && w_total > 0 ? 100.0 * w / w_total : 0.0; };
        const double nn = norm(wn, true), nd = norm(wd, dob != nullptr), nc = norm(wc, nat != nullptr);
        const double total = name_score * nn / 100.0 + nd + nc;
        const auto match_score = static_cast<std::int64_t>(std::lround(total));
        const double risk = sanctioned ? 100 : 73;
        const bool false_positive = static_cast<double>(match_score) < threshold;
        if (!false_positive) score = risk;
        Json datasets = sanctioned ? Json::array({"Sanctions", "OFAC SDN"}) : Json::array({"PEP Level 1", "PEP"});
        Json listing{{"list_name", sanctioned ? "OFAC Specially Designated Nationals" : "Government officials"},
                     {"publisher", sanctioned ? "US Department of the Treasury" : "Simulated registry"},
                     {"source_url", "https://sim.didit.me/aml/" + hex(h, 12)},
                     {"description", sanctioned ? "Simulated sanctions listing." : "Simulated PEP listing."},
                     {"matched_name", full_name},
                     {"pep_position", sanctioned ? "" : "Minister"},
                     {"date_of_birth", dob ? *dob : Json("")},
                     {"place_of_birth", ""},
                     {"aliases", Json::array()},
                     {"education", Json::array()},
                     {"other_sources", Json::array()}};
        hits.push_back(Json{
            {"id", hex(h, 22)},
            {"url", "https://sim.didit.me/aml/" + hex(h, 12)},
            {"match", match_score == 100},
            {"score", static_cast<double>(match_score) / 100.0},
            {"match_score", match_score},
            {"risk_score", risk},
            {"target", true},
            {"caption", full_name},
            {"datasets", datasets},
            {"features", nullptr},
            {"properties",
             Json{{"name", Json::array({full_name})},
                  {"alias", Json::array()},
                  {"notes", Json::array({sanctioned ? "Simulated sanctioned entity" : "Simulated public official"})},
                  {"birthDate", dob ? Json::array({*dob}) : Json(nullptr)},
                  {"nationality", nat ? Json::array({*nat}) : Json(nullptr)}}},
            {"rca_name", ""},
            {"pep_matches", pep ? Json::array({listing}) : Json::array()},
            {"sanction_matches", sanctioned ? Json::array({listing}) : Json::array()},
            {"warning_matches", Json::array()},
            {"adverse_media_matches", Json::array()},
            {"adverse_media_details", adverse ? Json{{"sentiment", "neutral"}, {"sentiment_score", 0}} : Json(nullptr)},
            {"first_seen", "2026-01-07T00:00:00"},
            {"last_seen", "2026-06-01T00:00:00"},
            {"linked_entities", Json::array()},
            {"risk_view", Json{{"crimes", Json{{"score", sanctioned ? 100 : 0}, {"weightage", 20}}},
                               {"categories", Json{{"score", sanctioned ? 100 : 62.5}, {"weightage", 50}}}}},
            {"additional_information",
             Json{{"flag_summary",
                   Json::array({full_name + (sanctioned ? " appears on a sanctions list." : " is a PEP.")})}}},
            {"review_status", false_positive ? "False Positive" : "Unreviewed"},
            {"score_breakdown",
             Json{{"name_score", name_score},
                  {"name_weight", wn},
                  {"name_weight_normalized", nn},
                  {"name_contribution", name_score * nn / 100.0},
                  {"dob_score", dob ? Json(100) : Json(nullptr)},
                  {"dob_weight", wd},
                  {"dob_weight_normalized", nd},
                  {"dob_contribution", nd},
                  {"country_score", nat ? Json(100) : Json(nullptr)},
                  {"country_weight", wc},
                  {"country_weight_normalized", nc},
                  {"country_contribution", nc},
                  {"document_number_match_type", "NEUTRAL"},
                  {"document_number_effect", doc ? "Document number not available on the matched entity"
                                                 : "No document number provided for screening"},
                  {"total_score", match_score}}}});
    }
    const char* status = score > review ? "Declined" : score > approve ? "In Review" : "Approved";
    Json warnings = Json::array();
    if (score != 0 && score >= approve)
        warnings.push_back(warning("AML", "POSSIBLE_MATCH_FOUND", score > review ? "error" : "warning",
                                   "Possible match found in AML screening",
                                   "The screened name possibly matches an entity in sanctions, PEP or watchlist "
                                   "datasets."));
    Json aml{{"status", status},
             {"total_hits", hits.size()},
             {"entity_type", entity},
             {"hits", hits},
             {"score", score},
             {"screened_data", Json{{"full_name", full_name},
                                    {"date_of_birth", dob ? *dob : Json(nullptr)},
                                    {"nationality", nat ? *nat : Json(nullptr)},
                                    {"document_number", doc ? *doc : Json(nullptr)}}},
             {"warnings", warnings}};
    return json_reply(200, Json{{"request_id", ctx.uuid()},
                                {"aml", aml},
                                {"vendor_data", vendor},
                                {"metadata", metadata},
                                {"created_at", ctx.now_iso()}});
}

// ---------------------------------------------------------------------------------------------
// Database validation

/// The countries the API accepts (its 400 lists them).
inline const std::vector<std::string>& dv_countries() {
    static const std::vector<std::string> c = {
        "ARE", "ARG", "AUS", "AUT", "BEL", "BGD", "BOL", "BRA", "CAN", "CHE", "CHL", "CHN", "CIV", "COL", "CRI", "CZE",
        "DEU", "DNK", "DOM", "ECU", "ESP", "FIN", "FRA", "GBR", "GHA", "GLB", "GRC", "GTM", "HKG", "HND", "IDN", "IND",
        "IRL", "ITA", "KEN", "KHM", "MAR", "MEX", "MYS", "NGA", "NLD", "NOR", "NZL", "OMN", "PAN", "PER", "PHL", "POL",
        "PRT", "PRY", "QAT", "SGP", "SLV", "SVK", "SWE", "THA", "UGA", "URY", "USA", "VEN", "ZAF", "ZMB", "ZWE"};
    return c;
}

/// Where `identification_number` goes for `country` (the OpenAPI's table); national_id elsewhere.
inline const char* id_field(const std::string& country) {
    if (one_of(country, {"ARG", "BOL", "GTM", "HND", "PRY", "SLV", "VEN"})) return "document_number";
    if (country == "BRA") return "tax_number";
    if (one_of(country, {"CHL", "COL", "CRI", "DOM", "ECU", "ESP", "MEX", "PAN", "PER", "URY"}))
        return "personal_number";
    return "national_id";
}

/// The simulated catalog: the default service of each country first.
inline std::vector<std::string> dv_services(const std::string& country) {
    if (country == "BRA") return {"bra_cpf"};
    if (country == "ARG") return {"arg_renaper"};
    if (country == "PAN") return {"pan_cedula_sib", "pan_cedula_sib_plus"};
    if (country == "PER") return {"per_dni", "per_residential", "per_tax_registration"};
    if (country == "MEX") return {"mex_curp", "mex_ine_vigencia"};
    return {lower(country) + "_national_id"};
}

inline std::string py_list(const std::vector<std::string>& v) {
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", '" : "'") + v[i] + "'";
    return out + "]";
}

/// POST /v3/database-validation/ (JSON or multipart/form-data).
// NOLINTNEXTLINE(readability-function-cognitive-complexity): the OpenAPI's validation rules, in order
inline Reply database_validation(Context& ctx) {
    Json b = ctx.request.json;
    const bool form = !ctx.request.form.empty();
    FieldErrors errs;
    // Form fields arrive as text: booleans as DRF's BooleanField reads them, metadata as JSON.
    if (form) {
        for (const char* k : {"consent", "save_api_request"})
            if (const Json* v = member(b, k); v && v->is_string()) {
                const std::string s = lower(v->get<std::string>());
                if (s == "true" || s == "1") b[k] = true;
                if (s == "false" || s == "0") b[k] = false;
            }
        if (const Json* m = member(b, "metadata"); m && m->is_string()) {
            Json parsed = Json::parse(m->get<std::string>(), nullptr, false);
            b["metadata"] = parsed.is_discarded() ? Json(0) : parsed;
        }
    }
    const Json* state = string_member(b, "issuing_state", errs, true);
    std::vector<std::string> services;
    bool explicit_services = false;
    if (const Json* s = member(b, "services"); s && !s->is_null()) {
        explicit_services = true;
        if (s->is_string()) {  // a single id or a comma-separated list
            std::string cur;
            for (char c : s->get<std::string>() + ",") {
                if (c == ',') {
                    if (!cur.empty()) services.push_back(cur);
                    cur.clear();
                } else if (c != ' ' && c != '[' && c != ']' && c != '"' && c != '\'') {
                    cur += c;
                }
            }
        } else if (s->is_array()) {
            for (const auto& x : *s)
                if (x.is_string())
                    services.push_back(x.get<std::string>());
                else
                    errs.add("services", "Not a valid string.");
        } else {
            errs.add("services", "Expected a list of items.");
        }
        if (services.empty()) explicit_services = false;  // empty: the default service runs
    }
    choice_member(b, "document_type", {"P", "DL", "ID", "RP", "SSC", "HIC", "WP", "TC", "VISA", "PSC", "BC", "OTHER"},
                  "", errs);
    const std::string gender = choice_member(b, "gender", {"M", "F", "X"}, "", errs);
    const std::string partial_action =
        choice_member(b, "partial_match_action", {"DECLINE", "NO_ACTION"}, "NO_ACTION", errs);
    const std::string no_match_action = choice_member(b, "no_match_action", {"DECLINE", "NO_ACTION"}, "DECLINE", errs);
    for (const char* k : {"date_of_birth", "expiration_date", "date_of_issue"})
        if (const Json* d = string_member(b, k, errs); d && !is_date(d->get<std::string>()))
            errs.add(k, "Date has wrong format. Use one of these formats instead: YYYY-MM-DD.");
    bool_member(b, "consent", false, errs);
    const bool save = bool_member(b, "save_api_request", true, errs);
    const Json vendor = vendor_data_of(b, errs);
    const Json metadata = metadata_of(b, errs);
    if (!errs.empty()) return errs.reply();

    const std::string country = state->get<std::string>();
    if (std::find(dv_countries().begin(), dv_countries().end(), country) == dv_countries().end()) {
        std::string all;
        for (const auto& c : dv_countries()) all += (all.empty() ? "" : ", ") + c;
        return json_reply(400, Json{{"error", Json::array({"Invalid issuing state. Valid options are: " + all})}});
    }
    const std::vector<std::string> live = dv_services(country);
    if (explicit_services) {
        std::vector<std::string> unknown, elsewhere;
        for (const auto& s : services) {
            if (std::find(live.begin(), live.end(), s) != live.end()) continue;
            bool known = false;
            for (const auto& c : dv_countries()) {
                const auto other = dv_services(c);
                known = known || std::find(other.begin(), other.end(), s) != other.end();
            }
            (known ? elsewhere : unknown).push_back(s);
        }
        if (!unknown.empty()) return field_error("services", "Unknown service_id(s): " + py_list(unknown));
        if (!elsewhere.empty())
            return field_error("services", "Services not currently live for " + country + ": " + py_list(elsewhere) +
                                               ". Available services: " + py_list(live));
    } else {
        services = {live.front()};
    }
    // The identification number, under the country's own field or the universal one.
    const char* field = id_field(country);
    std::string number = string_or(b, field);
    if (number.empty()) number = string_or(b, "identification_number");
    if (number.empty())
        return json_reply(400, Json{{"error", Json::array({std::string("Missing required fields: ") + field +
                                                           " (or use 'identification_number' which maps to '" + field +
                                                           "' for " + country + ")"})},
                                    {"fields_required_by", Json{{field, services}}}});
    struct Rule {
        const char* country;
        std::size_t length;
        bool digits;
        const char* what;
    };
    static const Rule rules[] = {{"BRA", 11, true, "Brazilian CPF (exactly 11 digits)"},
                                 {"DOM", 11, true, "Dominican cédula (exactly 11 digits)"},
                                 {"ECU", 10, true, "Ecuadorian cédula (exactly 10 digits)"},
                                 {"PER", 8, true, "Peruvian DNI (exactly 8 digits)"},
                                 {"MEX", 18, false, "Mexican CURP (exactly 18 characters)"}};
    for (const auto& r : rules)
        if (country == r.country && (number.size() != r.length || (r.digits && !all_digits(number))))
            return field_error(field, std::string("Invalid ") +
                                          (std::string(field) == "tax_number" ? "tax number" : "personal number") +
                                          " for " + country + ": " + r.what + ". Must be exactly " +
                                          std::to_string(r.length) + " characters long (got " +
                                          std::to_string(number.size()) + ").");
    if (std::find(services.begin(), services.end(), "arg_renaper") != services.end() && gender.empty())
        return json_reply(400, Json{{"error", Json::array({"Missing required fields: gender"})},
                                    {"fields_required_by", Json{{"gender", Json::array({"arg_renaper"})}}}});

    auto ends = [&](const char* tail) {
        const std::string t(tail);
        return number.size() >= t.size() && number.compare(number.size() - t.size(), t.size(), t) == 0;
    };
    if (ends("97")) {
        Json errors = Json::array();
        for (const auto& s : services)
            errors.push_back(Json{{"service_id", s},
                                  {"code", "empty_provider_response"},
                                  {"message", "The provider did not return a database validation result."}});
        return json_reply(502, Json{{"error",
                                     "Database validation could not be performed. The external validation "
                                     "service did not return a result. Please try again later."},
                                    {"validation_errors", errors}});
    }
    const char* match = ends("99") ? "no_match" : ends("98") ? "partial_match" : "full_match";
    const std::string fm = match;
    // The fields compared: the number always, the name and date of birth when sent.
    const std::string first = string_or(b, "first_name"), last = string_or(b, "last_name");
    const std::string full = string_or(b, "full_name", first + (first.empty() || last.empty() ? "" : " ") + last);
    const std::string dob = string_or(b, "date_of_birth");
    Json fields{{"identification_number", fm == "no_match" ? "no_match" : "full_match"}};
    if (!full.empty())
        fields["full_name"] = fm == "full_match" ? "full_match"
                              : fm == "no_match" ? "no_match"
                              : dob.empty()      ? "partial_match"
                                                 : "full_match";
    if (!dob.empty()) fields["date_of_birth"] = fm == "full_match" ? "full_match" : "no_match";
    const std::uint64_t h = detail::fnv1a(country + ":" + number);
    Json source{{"identification_number", fm == "no_match" ? digits_of(h, number.size()) : number},
                {"first_name", fm == "no_match" ? Json("REGISTRY") : Json(upper(first))},
                {"last_name", fm == "no_match" ? Json("RECORD " + digits_of(h >> 8, 4)) : Json(upper(last))},
                {"date_of_birth",
                 fm == "full_match" && !dob.empty() ? Json(dob) : Json("19" + digits_of(h >> 16, 2) + "-01-01")}};
    Json per_service = Json::array();
    for (const auto& s : services)
        per_service.push_back(
            Json{{"validation", fields},
                 {"outcome_code", fm == "full_match"      ? "MATCH"
                                  : fm == "partial_match" ? "PARTIAL_MATCH"
                                                          : "NO_MATCH"},
                 {"outcome_detail", "200"},
                 {"service_id", s},
                 {"service_name", s == "bra_cpf" ? std::string("Brazil - CPF status check") : service_name(country, s)},
                 {"source_data", source}});
    Json screened = Json::object();
    screened[field] = number;
    for (const char* k : {"first_name", "last_name", "middle_name", "full_name", "date_of_birth", "document_type",
                          "expiration_date", "date_of_issue", "nationality", "gender", "address"})
        if (const Json* v = member(b, k); v && !v->is_null()) screened[k] = *v;
    if (bool_or(b, "consent", false)) screened["consent_obtained"] = true;
    const bool declined =
        (fm == "no_match" && no_match_action == "DECLINE") || (fm == "partial_match" && partial_action == "DECLINE");
    Json warnings = Json::array();
    if (fm == "no_match")
        warnings.push_back(warning("DATABASE_VALIDATION", "DATABASE_VALIDATION_NO_MATCH",
                                   declined ? "error" : "warning", "Database validation no match",
                                   "The system identified a no match in the database validation, requiring further "
                                   "investigation."));
    if (fm == "partial_match")
        warnings.push_back(warning("DATABASE_VALIDATION", "DATABASE_VALIDATION_PARTIAL_MATCH",
                                   declined ? "error" : "warning", "Database validation partial match",
                                   "The system identified a partial match in the database validation."));
    const std::size_t full_matches = fm == "full_match" ? services.size() : 0;
    Json dv{{"status", declined ? "Declined" : "Approved"},
            {"issuing_state", country},
            {"validation_type", full_matches >= 2 ? "two_by_two" : "one_by_one"},
            {"screened_data", screened},
            {"match_type", match},
            {"validations", save ? per_service : fields},
            {"warnings", warnings}};
    if (explicit_services) {
        dv["services_used"] = services;
        dv["match_score"] = static_cast<double>(full_matches) / static_cast<double>(services.size());
    }
    return json_reply(200, Json{{"request_id", ctx.uuid()},
                                {"database_validation", dv},
                                {"vendor_data", vendor},
                                {"metadata", metadata},
                                {"created_at", ctx.now_iso()}});
}

// ---------------------------------------------------------------------------------------------
// KYB registry

/// `XX` or `XX-YY` (letters; the subdivision may hold digits), upper-cased; "" when malformed.
inline std::string country_code(std::string c) {
    c = upper(std::move(c));
    auto letters = [](const std::string& s, std::size_t from, std::size_t n, bool digits) {
        for (std::size_t i = from; i < from + n; ++i)
            if (!((s[i] >= 'A' && s[i] <= 'Z') || (digits && s[i] >= '0' && s[i] <= '9'))) return false;
        return true;
    };
    if (c.size() == 2 && letters(c, 0, 2, false)) return c;
    if (c.size() >= 4 && c.size() <= 6 && c[2] == '-' && letters(c, 0, 2, false) && letters(c, 3, c.size() - 3, true))
        return c;
    return {};
}

/// POST /v3/kyb/search/.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): the OpenAPI's validation rules, in order
inline Reply kyb_search(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    std::string country;
    if (const Json* c = string_member(b, "country_code", errs, true)) {
        country = country_code(c->get<std::string>());
        if (c->get<std::string>().size() > 10)
            errs.add("country_code", "Ensure this field has no more than 10 characters.");
        else if (country.empty())
            errs.add("country_code", "country_code must be a 2-letter ISO code.");
        else if (country == "US")
            errs.add("country_code", "United States searches require a subdivision, e.g. US-CA.");
    }
    const Json* name = string_member(b, "name", errs);
    const Json* number = string_member(b, "registration_number", errs);
    if (name && name->get<std::string>().size() > 255)
        errs.add("name", "Ensure this field has no more than 255 characters.");
    if (number && number->get<std::string>().size() > 100)
        errs.add("registration_number", "Ensure this field has no more than 100 characters.");
    const std::string search_type =
        choice_member(b, "search_type", {"contains", "start_with", "fuzzy"}, "contains", errs);
    const Json* hook = string_member(b, "webhook_url", errs);
    if (hook && hook->get<std::string>().rfind("https://", 0) != 0 && hook->get<std::string>().rfind("http://", 0) != 0)
        errs.add("webhook_url", "Enter a valid URL.");
    const Json vendor = vendor_data_of(b, errs);
    const Json metadata = metadata_of(b, errs);
    if (errs.empty() && (!name || name->get<std::string>().empty()) && (!number || number->get<std::string>().empty()))
        errs.add("non_field_errors", "Either 'name' or 'registration_number' is required.");
    if (!errs.empty()) return errs.reply();

    const std::string query = name ? name->get<std::string>() : "";
    const std::string reg = number ? number->get<std::string>() : "";
    Json companies = Json::array();
    if (!hook && lower(query).find("nonexistent") == std::string::npos) {
        const std::uint64_t h = detail::fnv1a(country + "|" + lower(query) + "|" + reg + "|" + search_type);
        const std::string base = query.empty() ? "COMPANY " + reg : upper(query);
        static const char* const forms[] = {"LIMITED", "PLC", "HOLDINGS LIMITED"};
        static const char* const types[] = {"Private Limited Company", "Public Limited Company",
                                            "Private Limited Company"};
        const std::size_t n = reg.empty() ? 1 + h % 3 : 1;
        const bool dissolved = lower(query).find("dissolved") != std::string::npos;
        for (std::size_t i = 0; i < n; ++i) {
            const std::string handle = hex(h + i + app.kyb_candidates.size() * 7919, 24);
            Json c{{"kyb_response_id", handle},
                   {"name", base + " " + forms[i]},
                   {"registration_number", reg.empty() ? digits_of(h >> (8 * i), 8) : reg},
                   {"status", dissolved ? "dissolved" : "active"},
                   {"type", types[i]},
                   {"risk_level", nullptr},
                   {"fetch_status", "pending"}};
            companies.push_back(c);
            Json kept = c;
            kept["country_code"] = country;
            app.kyb_candidates.push_back(std::move(kept));
        }
        if (app.kyb_candidates.size() > kMaxCandidates)
            app.kyb_candidates.erase(
                app.kyb_candidates.begin(),
                app.kyb_candidates.begin() + static_cast<std::ptrdiff_t>(app.kyb_candidates.size() - kMaxCandidates));
    }
    // With a webhook_url the search answers at once, pending (the callback is not simulated).
    return json_reply(200, Json{{"request_id", ctx.uuid()},
                                {"kyb_registry",
                                 Json{{"companies", companies},
                                      {"pagination", Json{{"total", companies.size()}, {"page", 1}, {"per_page", 25}}},
                                      {"search_status", hook ? "pending" : "resolved"},
                                      {"search_resolved", !hook}}},
                                {"vendor_data", vendor},
                                {"metadata", metadata},
                                {"created_at", ctx.now_iso()}});
}

/// POST /v3/kyb/select/.
inline Reply kyb_select(Context& ctx) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const Json* id = string_member(b, "kyb_response_id", errs, true);
    if (id && id->get<std::string>().size() > 255)
        errs.add("kyb_response_id", "Ensure this field has no more than 255 characters.");
    if (!bool_member(b, "save_api_request", true, errs))
        errs.add("save_api_request", "KYB registry select must be saved so billing and retrieval can be tracked.");
    const Json vendor = vendor_data_of(b, errs);
    const Json metadata = metadata_of(b, errs);
    if (!errs.empty()) return errs.reply();
    const Json* found = nullptr;
    for (auto it = app.kyb_candidates.rbegin(); it != app.kyb_candidates.rend() && !found; ++it)
        if (string_or(*it, "kyb_response_id") == id->get<std::string>()) found = &*it;
    if (!found)
        return field_error("kyb_response_id",
                           "Unknown or expired kyb_response_id. Search again to get a fresh candidate handle.");
    const Json& c = *found;
    const std::string cc = string_or(c, "country_code");
    const std::string name = string_or(c, "name");
    const bool active = string_or(c, "status") == "active";
    const std::uint64_t h = detail::fnv1a(cc + "|" + string_or(c, "registration_number"));
    const std::string address =
        std::to_string(1 + h % 200) + " Simulated Street, " + cc.substr(0, 2) + " " + digits_of(h >> 12, 5);
    auto person = [&](std::uint64_t k) {
        static const char* const first[] = {"MARIA", "JOHN", "AMELIA", "DAVID", "SOFIA", "LIAM"};
        static const char* const last[] = {"GARCIA", "SMITH", "JONES", "MULLER", "ROSSI", "DUBOIS"};
        return std::pair<std::string, std::string>(first[k % 6], last[(k >> 4) % 6]);
    };
    const auto director = person(h), secretary = person(h >> 16), owner = person(h >> 32);
    Json officers = Json::array({Json{{"uuid", ctx.uuid()},
                                      {"name", director.first + " " + director.second},
                                      {"designation", "Director"},
                                      {"role", "director"},
                                      {"nationality", nullptr},
                                      {"is_active", true},
                                      {"kyc_status", nullptr},
                                      {"kyc_session_url", nullptr}},
                                 Json{{"uuid", ctx.uuid()},
                                      {"name", secretary.first + " " + secretary.second},
                                      {"designation", "Secretary"},
                                      {"role", "secretary"},
                                      {"nationality", nullptr},
                                      {"is_active", true},
                                      {"kyc_status", nullptr},
                                      {"kyc_session_url", nullptr}}});
    const double share = 25.0 + static_cast<double>(h % 51);
    Json owners = Json::array({Json{{"uuid", ctx.uuid()},
                                    {"name", owner.first + " " + owner.second},
                                    {"first_name", owner.first},
                                    {"last_name", owner.second},
                                    {"entity_type", "person"},
                                    {"roles", Json::array({"ubo", "shareholder"})},
                                    {"ownership_min_shares", "25%"},
                                    {"ownership_max_shares", std::to_string(static_cast<int>(share)) + "%"},
                                    {"is_active", true},
                                    {"kyc_status", nullptr},
                                    {"kyc_session_url", nullptr},
                                    {"effective_ownership_percent", share}}});
    const std::string incorporated =
        std::to_string(1950 + h % 70) + "-0" + std::to_string(1 + (h >> 8) % 9) + "-1" + std::to_string((h >> 16) % 9);
    Json company{{"uuid", ctx.uuid()},
                 {"node_id", "feature_kyb_registry"},
                 {"status", active ? "Approved" : "In Review"},
                 {"registry_status", string_or(c, "status")},
                 {"data_resolved", true},
                 {"company_name", name},
                 {"registration_number", string_or(c, "registration_number")},
                 {"country_code", cc.substr(0, 2)},
                 {"region", cc.size() > 3 ? cc.substr(3) : std::string()},
                 {"company_type", string_or(c, "type")},
                 {"incorporation_date", incorporated},
                 {"registered_address", address},
                 {"tax_number", nullptr},
                 {"risk_level", nullptr},
                 {"verification_status", "verified"},
                 {"is_from_registry", true},
                 {"fetch_status", "resolved"},
                 {"alternative_names", nullptr},
                 {"nature_of_business", nullptr},
                 {"registered_capital", nullptr},
                 {"registered_capital_amount", nullptr},
                 {"registered_capital_currency", nullptr},
                 {"website", nullptr},
                 {"email", nullptr},
                 {"phone", nullptr},
                 {"legal_entity_identifier", nullptr},
                 {"location_of_registration", nullptr},
                 {"vat_number", nullptr},
                 {"vat_validation_status", "not_applicable"},
                 {"vat_validated_name", nullptr},
                 {"vat_validated_address", nullptr},
                 {"vat_checked_at", nullptr},
                 {"financial_summary", nullptr},
                 {"officers", officers},
                 {"beneficial_owners", owners},
                 {"addresses", Json::array({Json{{"address", address},
                                                 {"type", "legal_entity_registry_address"},
                                                 {"description", "registered office address"}}})},
                 {"industries", nullptr},
                 {"accounts", nullptr},
                 {"registry_data", Json{{"name", name},
                                        {"registration_number", string_or(c, "registration_number")},
                                        {"status", string_or(c, "status")},
                                        {"country_code", cc.substr(0, 2)},
                                        {"fetch_status", "resolved"}}},
                 {"user_provided_data", nullptr},
                 {"confirmed_by_user_at", nullptr},
                 {"last_console_edit_at", nullptr},
                 {"is_editable", true}};
    return json_reply(200, Json{{"request_id", ctx.uuid()},
                                {"kyb_registry", company},
                                {"vendor_data", vendor},
                                {"metadata", metadata},
                                {"created_at", ctx.now_iso()}});
}

// ---------------------------------------------------------------------------------------------
// Phone and email one-time codes

/// E.164: '+', a non-zero digit, 7 to 14 more digits.
inline bool is_e164(const std::string& s) {
    return s.size() >= 9 && s.size() <= 16 && s[0] == '+' && s[1] != '0' && all_digits(s.substr(1));
}

/// The calling code, country and name of an E.164 number (a few countries; others unknown).
struct Country {
    std::string prefix;
    const char* code;
    const char* name;
};
inline Country country_of(const std::string& e164) {
    static const Country table[] = {
        {"+351", "PT", "Portugal"}, {"+44", "GB", "United Kingdom"}, {"+34", "ES", "Spain"},  {"+49", "DE", "Germany"},
        {"+33", "FR", "France"},    {"+39", "IT", "Italy"},          {"+55", "BR", "Brazil"}, {"+52", "MX", "Mexico"},
        {"+91", "IN", "India"},     {"+1", "US", "United States"}};
    for (const auto& c : table)
        if (e164.rfind(c.prefix, 0) == 0) return c;
    return Country{e164.substr(0, 3), nullptr, "Unknown"};
}

/// A simple, DRF-like email check: one '@', a local part, a dotted domain, no spaces.
inline bool is_email(const std::string& s) {
    const auto at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos || s.size() > 254) return false;
    const std::string domain = s.substr(at + 1);
    const auto dot = domain.rfind('.');
    return dot != std::string::npos && dot > 0 && dot + 1 < domain.size() &&
           s.find_first_of(" \t\r\n,;<>") == std::string::npos;
}

inline bool disposable_domain(const std::string& domain) {
    return one_of(domain, {"mailinator.com", "10minutemail.com", "guerrillamail.com", "yopmail.com", "tempmail.com"});
}

/// The pending verification under `key`, or nullptr when there is none open (none sent, finalized,
/// or older than 5 minutes).
inline Json* pending(App& app, const std::string& key, std::int64_t now) {
    auto it = app.otps.find(key);
    if (it == app.otps.end()) return nullptr;
    Json& v = it->second;
    if (bool_or(v, "finalized", false) || now - v.value("created", std::int64_t{0}) >= kOtpWindowSeconds)
        return nullptr;
    return &v;
}

/// Drops verifications older than an hour (the per-number send cap looks back one hour).
inline void prune(App& app, std::int64_t now) {
    for (auto it = app.otps.begin(); it != app.otps.end();) {
        const Json& sends = it->second["send_times"];
        const std::int64_t last = sends.empty() ? 0 : sends.back().get<std::int64_t>();
        it = now - last > 3600 ? app.otps.erase(it) : std::next(it);
    }
}

inline Json lifecycle_event(Context& ctx, const char* type, Json details, double fee) {
    return Json{{"type", type}, {"timestamp", ctx.now_iso()}, {"details", std::move(details)}, {"fee", fee}};
}

/// The `options`/`signals` objects of a send: nested 400s as the OpenAPI shows them.
inline void check_send_extras(const Json& b, bool email, FieldErrors& errs) {
    if (const Json* o = member(b, "options"); o && !o->is_null()) {
        if (!o->is_object()) {
            errs.add("options", "Expected a dictionary of items.");
        } else {
            FieldErrors inner;
            number_member(*o, "code_size", 4, 8, 6, true, inner);
            if (email) {
                bool_member(*o, "alphanumeric_code", false, inner);
                bool_member(*o, "use_white_label_customization", false, inner);
                if (const Json* l = string_member(*o, "locale", inner);
                    l && !one_of(l->get<std::string>(),
                                 {"en", "ar", "bn", "bg",    "bs", "ca", "cs", "da",    "de",    "el", "es",
                                  "et", "fa", "fi", "fr",    "he", "hi", "hr", "hu",    "hy",    "id", "it",
                                  "ja", "ka", "kk", "ko",    "ky", "lt", "lv", "cnr",   "mk",    "mn", "ms",
                                  "nl", "no", "pl", "pt-BR", "pt", "ro", "ru", "sk",    "sl",    "so", "sq",
                                  "sr", "sv", "th", "tr",    "uk", "uz", "vi", "zh-CN", "zh-TW", "zh"}))
                    inner.add("locale",
                              "Invalid locale. Supported locales are en, ar, bn, bg, bs, ca, cs, da, de, el, "
                              "es, et, fa, fi, fr, he, hi, hr, hu, hy, id, it, ja, ka, kk, ko, ky, lt, lv, "
                              "cnr, mk, mn, ms, nl, no, pl, pt-BR, pt, ro, ru, sk, sl, so, sq, sr, sv, th, "
                              "tr, uk, uz, vi, zh-CN, zh-TW, zh.");
            } else {
                if (const Json* l = string_member(*o, "locale", inner)) {
                    const std::string s = l->get<std::string>();
                    const auto dash = s.find('-');
                    const std::string lang = s.substr(0, dash),
                                      region = dash == std::string::npos ? "" : s.substr(dash + 1);
                    auto all = [](const std::string& x, char lo, char hi) {
                        return std::all_of(x.begin(), x.end(), [&](char c) { return c >= lo && c <= hi; });
                    };
                    if (s.size() > 5)
                        inner.add("locale", "Ensure this field has no more than 5 characters.");
                    else if (lang.size() < 2 || lang.size() > 3 || !all(lang, 'a', 'z') ||
                             (dash != std::string::npos && (region.size() < 2 || !all(region, 'A', 'Z'))))
                        inner.add("locale", "Invalid locale format.");
                }
                choice_member(*o, "preferred_channel", {"whatsapp", "sms", "telegram", "voice", "rcs", "viber", "zalo"},
                              "whatsapp", inner);
            }
            if (!inner.empty()) errs.set("options", Json::parse(inner.reply().body));
        }
    }
    if (const Json* s = member(b, "signals"); s && !s->is_null()) {
        if (!s->is_object()) {
            errs.add("signals", "Expected a dictionary of items.");
        } else {
            FieldErrors inner;
            choice_member(*s, "device_platform", {"android", "ios", "ipados", "tvos", "web"}, "", inner);
            for (const char* k : {"ip", "device_id", "device_model", "os_version", "app_version", "user_agent"})
                string_member(*s, k, inner);
            if (!inner.empty()) errs.set("signals", Json::parse(inner.reply().body));
        }
    }
}

/// POST /v3/phone/send/ and /v3/email/send/.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): both channels' rules, in order
inline Reply otp_send(Context& ctx, bool email) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const char* field = email ? "email" : "phone_number";
    std::string target;
    if (const Json* t = string_member(b, field, errs, true)) {
        target = email ? lower(t->get<std::string>()) : t->get<std::string>();
        if (email ? !is_email(target) : !is_e164(target))
            errs.add(field, email ? "Enter a valid email address." : "Invalid phone number provided.");
    }
    check_send_extras(b, email, errs);
    const Json vendor = vendor_data_of(b, errs);
    const Json metadata = metadata_of(b, errs);
    if (!errs.empty()) return errs.reply();

    const std::int64_t now = unix_seconds(ctx.now());
    prune(app, now);
    const std::string key = std::string(email ? "email:" : "phone:") + target;
    Json* open = pending(app, key, now);
    if (!email) {  // the anti-abuse cap: 4 send attempts per number and hour
        auto it = app.otps.find(key);
        std::size_t recent = 0;
        if (it != app.otps.end())
            for (const auto& t : it->second["send_times"])
                if (now - t.get<std::int64_t>() < 3600) ++recent;
        if (recent >= kSendsPerHour)
            return detail_error(429,
                                "Maximum verification attempts reached for this phone number. Only 4 authentication "
                                "attempts are allowed per hour. Try again later or use a different number.");
    }
    const std::string channel = email ? "email" : [&] {
        const Json* o = member(b, "options");
        return o ? string_or(*o, "preferred_channel", "whatsapp") : std::string("whatsapp");
    }();
    Json send_times = Json::array();
    if (auto it = app.otps.find(key); it != app.otps.end()) send_times = it->second["send_times"];
    send_times.push_back(now);

    if (open && open->value("sends", 0) == 1) {  // one retry is attached to the open verification
        (*open)["sends"] = 2;
        (*open)["send_times"] = send_times;
        (*open)["lifecycle"].push_back(lifecycle_event(
            ctx, email ? "EMAIL_VERIFICATION_RETRY_MESSAGE_SENT" : "PHONE_VERIFICATION_RETRY_MESSAGE_SENT",
            Json{{"status", "Retry"}, {"reason", nullptr}}, 0));
        if (email) ctx.send_email(target, "Your verification code", kCode);
        return json_reply(200, Json{{"request_id", (*open)["request_id"]},
                                    {"status", "Retry"},
                                    {"reason", nullptr},
                                    {"vendor_data", (*open)["vendor_data"]},
                                    {"metadata", (*open)["metadata"]}});
    }
    const std::string request_id = ctx.uuid();
    const std::string domain = email ? target.substr(target.find('@') + 1) : std::string();
    const bool blocked = !email && target.size() >= 4 && target.compare(target.size() - 4, 4, "0000") == 0;
    const bool undeliverable = email && domain.size() >= 8 && domain.compare(domain.size() - 8, 8, ".invalid") == 0;
    const char* status = blocked ? "Blocked" : undeliverable ? "Undeliverable" : "Success";
    Json details{{"status", status},
                 {"reason", blocked         ? Json("suspicious")
                            : undeliverable ? Json("email_can_not_be_delivered")
                                            : Json(nullptr)}};
    if (!email) {
        details["channel"] = channel;
        details["actual_channel"] = channel;
    }
    Json v{
        {"request_id", request_id},
        {"created", now},
        {"created_at", ctx.now_iso()},
        {"sends", 1},
        {"send_times", send_times},
        {"attempts_left", 3},
        {"finalized", blocked || undeliverable},
        {"channel", channel},
        {"vendor_data", vendor},
        {"metadata", metadata},
        {"lifecycle", Json::array({lifecycle_event(
                          ctx, email ? "EMAIL_VERIFICATION_MESSAGE_SENT" : "PHONE_VERIFICATION_MESSAGE_SENT", details,
                          blocked || undeliverable ? 0.0
                          : email                  ? 0.03
                                                   : 0.0709)})}};
    app.otps[key] = std::move(v);
    if (email && !undeliverable) ctx.send_email(target, "Your verification code", kCode);
    return json_reply(200, Json{{"request_id", request_id},
                                {"status", status},
                                {"reason", details["reason"]},
                                {"vendor_data", vendor},
                                {"metadata", metadata}});
}

/// POST /v3/phone/check/ and /v3/email/check/: the code is 123456; risks as the file header says.
// NOLINTNEXTLINE(readability-function-cognitive-complexity): both channels' outcomes, in order
inline Reply otp_check(Context& ctx, bool email) {
    App& app = *ctx.app;
    const Json& b = ctx.request.json;
    FieldErrors errs;
    const char* field = email ? "email" : "phone_number";
    std::string target;
    if (const Json* t = string_member(b, field, errs, true)) {
        target = email ? lower(t->get<std::string>()) : t->get<std::string>();
        if (email ? !is_email(target) : !is_e164(target))
            errs.add(field, email ? "Enter a valid email address." : "Invalid phone number provided.");
    }
    std::string code;
    if (const Json* c = string_member(b, "code", errs, true)) {
        code = c->get<std::string>();
        if (email ? code.size() > 10 : (code.size() < 4 || code.size() > 8 || !all_digits(code)))
            errs.add("code", email ? "Ensure this field has no more than 10 characters."
                                   : "Invalid code format. Enter 4 to 8 numeric digits.");
    }
    const char* dup_key = email ? "duplicated_email_action" : "duplicated_phone_number_action";
    const char* risk1_key = email ? "breached_email_action" : "disposable_number_action";
    const char* risk2_key = email ? "disposable_email_action" : "voip_number_action";
    choice_member(b, dup_key, {"NO_ACTION", "DECLINE"}, "NO_ACTION", errs);
    const bool decline1 = choice_member(b, risk1_key, {"NO_ACTION", "DECLINE"}, "NO_ACTION", errs) == "DECLINE";
    const bool decline2 = choice_member(b, risk2_key, {"NO_ACTION", "DECLINE"}, "NO_ACTION", errs) == "DECLINE";
    if (!errs.empty()) return errs.reply();

    const std::int64_t now = unix_seconds(ctx.now());
    const std::string key = std::string(email ? "email:" : "phone:") + target;
    Json* v = pending(app, key, now);
    if (!v)
        return json_reply(200, Json{{"request_id", ctx.uuid()},
                                    {"status", "Expired or Not Found"},
                                    {"message", std::string("No pending ") + (email ? "email" : "phone") +
                                                    " verification found in the last 5 minutes."},
                                    {"vendor_data", nullptr},
                                    {"metadata", nullptr},
                                    {"created_at", ctx.now_iso()}});
    Json& life = (*v)["lifecycle"];
    const bool correct = lower(code) == kCode;
    life.push_back(lifecycle_event(ctx, correct ? "VALID_CODE_ENTERED" : "INVALID_CODE_ENTERED",
                                   Json{{"code_tried", code}, {"status", correct ? "Approved" : "Failed"}}, 0));
    const std::string prefix = email ? "EMAIL_VERIFICATION_" : "PHONE_VERIFICATION_";
    if (!correct) {
        const std::int64_t left = v->value("attempts_left", std::int64_t{3}) - 1;
        (*v)["attempts_left"] = left;
        if (left > 0)
            return json_reply(200, Json{{"request_id", ctx.uuid()},
                                        {"status", "Failed"},
                                        {"message", "The verification code is incorrect. Attempts remaining: " +
                                                        std::to_string(left)},
                                        {email ? "email" : "phone", nullptr},
                                        {"vendor_data", (*v)["vendor_data"]},
                                        {"metadata", (*v)["metadata"]},
                                        {"created_at", ctx.now_iso()}});
    }
    // Finalized: the report, with the risks of the number or address.
    Json warnings = Json::array();
    bool declined = !correct;
    if (!correct)
        warnings.push_back(warning(email ? "EMAIL" : "PHONE", "VERIFICATION_CODE_ATTEMPTS_EXCEEDED", "error",
                                   "Verification code attempts exceeded",
                                   "The system detected that the verification code attempts were exceeded."));
    const std::string domain = email ? target.substr(target.find('@') + 1) : std::string();
    const std::string local = email ? target.substr(0, target.find('@')) : std::string();
    const Country country = country_of(target);
    const std::string national = email ? std::string() : target.substr(country.prefix.size());
    const bool risk1 = email ? local.find("breach") != std::string::npos : national.rfind("555", 0) == 0;
    const bool risk2 = email ? disposable_domain(domain) : national.rfind("500", 0) == 0;
    auto flag = [&](bool present, bool decline, const char* risk, const char* short_text, const char* long_text) {
        if (!present || !correct) return;
        declined = declined || decline;
        warnings.push_back(
            warning(email ? "EMAIL" : "PHONE", risk, decline ? "error" : "information", short_text, long_text));
    };
    if (email) {
        flag(risk1, decline1, "BREACHED_EMAIL_DETECTED", "Breached email detected",
             "This email address was found in one or more known data breaches.");
        flag(risk2, decline2, "DISPOSABLE_EMAIL_DETECTED", "Disposable email detected",
             "The system detected that the email is disposable.");
    } else {
        flag(risk1, decline1, "DISPOSABLE_NUMBER_DETECTED", "Disposable number detected",
             "The system detected that the phone number belongs to a temporary number service.");
        flag(risk2, decline2, "VOIP_NUMBER_DETECTED", "VoIP number detected",
             "The system detected that the phone number is a VoIP number.");
    }
    const char* status = declined ? "Declined" : "Approved";
    Json final_details = nullptr;
    if (declined) final_details = Json{{"reason", warnings.empty() ? Json(nullptr) : warnings.back()["risk"]}};
    life.push_back(lifecycle_event(ctx, (prefix + (declined ? "DECLINED" : "APPROVED")).c_str(), final_details, 0));
    (*v)["finalized"] = true;
    Json report{{"status", status},
                {"verification_attempts", (*v)["sends"]},
                {"verified_at", correct ? Json(ctx.now_iso()) : Json(nullptr)},
                {"warnings", warnings},
                {"lifecycle", life},
                {"matches", Json::array()}};
    if (email) {
        report["email"] = target;
        report["is_breached"] = risk1;
        report["breaches"] = risk1 ? Json::array({Json{{"name", "ExampleApp"},
                                                       {"domain", "exampleapp.com"},
                                                       {"breach_date", "2019-03-21"},
                                                       {"breach_emails_count", 763117},
                                                       {"description", "A simulated breach."},
                                                       {"logo_path", "https://sim.didit.me/logos/ExampleApp.png"},
                                                       {"data_classes", Json::array({"email_addresses", "passwords"})},
                                                       {"is_verified", true}}})
                                   : Json::array();
        report["is_disposable"] = risk2;
        report["is_undeliverable"] = false;
    } else {
        report["phone_number_prefix"] = country.prefix;
        report["phone_number"] = national;
        report["full_number"] = target;
        report["country_code"] = country.code ? Json(country.code) : Json(nullptr);
        report["country_name"] = country.name;
        report["carrier"] =
            Json{{"name", risk2 ? "CLEC LLC" : "Simulated Mobile"}, {"type", risk2 ? "voip" : "mobile"}};
        report["is_disposable"] = risk1;
        report["is_virtual"] = risk2;
        report["verification_method"] = (*v)["channel"];
    }
    return json_reply(200, Json{{"request_id", (*v)["request_id"]},
                                {"status", status},
                                {"message", correct ? "The verification code is correct."
                                                    : "The verification code is incorrect. Maximum attempts reached."},
                                {email ? "email" : "phone", report},
                                {"vendor_data", (*v)["vendor_data"]},
                                {"metadata", (*v)["metadata"]},
                                {"created_at", ctx.now_iso()}});
}

}  // namespace screening_detail

/// Installs the standalone screening checks: AML, database validation, KYB registry search and
/// select, phone and email one-time codes.
inline void install_screening_checks(Router& router) {
    namespace s = screening_detail;
    const std::pair<const char*, Handler> routes[] = {
        {"/v3/aml/", s::aml},
        {"/v3/database-validation/", s::database_validation},
        {"/v3/kyb/search/", s::kyb_search},
        {"/v3/kyb/select/", s::kyb_select},
        {"/v3/phone/send/", [](Context& ctx) { return s::otp_send(ctx, false); }},
        {"/v3/phone/check/", [](Context& ctx) { return s::otp_check(ctx, false); }},
        {"/v3/email/send/", [](Context& ctx) { return s::otp_send(ctx, true); }},
        {"/v3/email/check/", [](Context& ctx) { return s::otp_check(ctx, true); }},
    };
    for (const auto& [path, handler] : routes)
        router.add(Method::Post, path, Auth::ApiKey, handler).missing_auth_detail = s::kMissingAuth;
}

}  // namespace sim
}  // namespace didit
