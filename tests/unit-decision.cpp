// SPDX-License-Identifier: MIT
// The session decision model: every feature of the KYC and KYB examples, nulls, unknown keys and shapes.
#include <didit/didit.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace {

using didit::Decision;
using didit::FeatureStatus;
using didit::Json;
using didit::SessionStatus;

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

didit::Result<Decision> decode(const Json& j) { return didit::decode_json<Decision>(j); }

Json fixture_json(const char* name) {
    Json j = parse(didit_test::fixture(name));
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

template <class T>
bool is(const std::optional<T>& v, const T& want) {
    return v.has_value() && *v == want;
}
bool is(const std::optional<std::string>& v, const char* want) { return v.has_value() && *v == want; }
template <class E>
bool is(const std::optional<E>& v, typename E::Value want) {
    return v.has_value() && *v == want;
}

bool empty_extra(const Json& extra) { return extra.is_null() || (extra.is_object() && extra.empty()); }

/// True when every non-null value of `original` is in `encoded` unchanged (nulls may be dropped:
/// an optional that received null is re-encoded as absent).
bool keeps_everything(const Json& original, const Json& encoded, std::string& where) {
    if (original.is_null()) return true;
    if (original.is_object()) {
        if (!encoded.is_object()) return false;
        for (auto it = original.begin(); it != original.end(); ++it) {
            if (it.value().is_null()) continue;
            auto f = encoded.find(it.key());
            std::string here = where + "." + it.key();
            if (f == encoded.end()) {
                where = here + " (missing)";
                return false;
            }
            std::string sub = here;
            if (!keeps_everything(it.value(), *f, sub)) {
                where = sub;
                return false;
            }
        }
        return true;
    }
    if (original.is_array()) {
        if (!encoded.is_array() || encoded.size() != original.size()) {
            where += " (array size)";
            return false;
        }
        for (std::size_t i = 0; i < original.size(); ++i) {
            std::string sub = where + "[" + std::to_string(i) + "]";
            if (!keeps_everything(original[i], encoded[i], sub)) {
                where = sub;
                return false;
            }
        }
        return true;
    }
    if (original != encoded) where += " (value)";
    return original == encoded;
}

/// Replaces every value below `j` (at any depth) with null.
void nullify_all(Json& j) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) it.value() = nullptr;
    } else if (j.is_array()) {
        for (auto& e : j) nullify_all(e);
    }
}

/// Calls `f` on every object at any depth below `j`.
void each_object(Json& j, const std::function<void(Json&)>& f) {
    if (j.is_object()) {
        f(j);
        for (auto it = j.begin(); it != j.end(); ++it) each_object(it.value(), f);
    } else if (j.is_array()) {
        for (auto& e : j) each_object(e, f);
    }
}

const char* const kKycArrays[] = {"id_verifications",  "nfc_verifications",     "liveness_checks",
                                  "face_matches",      "phone_verifications",   "email_verifications",
                                  "poa_verifications", "document_ai_documents", "questionnaire_responses",
                                  "aml_screenings",    "ip_analyses",           "database_validations"};
const char* const kKybArrays[] = {"registry_checks", "key_people_checks", "document_verifications"};

}  // namespace

TEST_CASE("decision: the top level of the KYC example (decision-1.json)") {
    auto r = decode(fixture_json("decision-1.json"));
    REQUIRE(r.ok());
    const Decision& d = *r;
    CHECK(d.session_id == "11111111-2222-3333-4444-555555555555");
    CHECK(is(d.session_kind, didit::SessionKind::User));
    CHECK(is(d.session_number, std::int64_t{43762}));
    CHECK(is(d.session_url, "https://verify.didit.me/session/11111111-2222-3333-4444-555555555555"));
    CHECK(is(d.status, SessionStatus::InReview));
    CHECK(is(d.environment, "live"));
    CHECK(is(d.workflow_id, "11111111-2222-3333-4444-555555555555"));
    REQUIRE(d.features.has_value());
    CHECK(d.features->names.size() == 9);
    REQUIRE(d.vendor_data.has_value());
    CHECK(*d.vendor_data.get() == "11111111-1111-1111-1111-111111111111");
    REQUIRE(d.metadata.has_value());
    CHECK(*d.metadata == Json{{"user_type", "premium"}, {"account_id", "ABC123"}});
    REQUIRE(d.expected_details.has_value());
    CHECK(is(d.expected_details->first_name, "Carmen"));
    CHECK(d.expected_details->gender.is_absent());
    REQUIRE(d.contact_details.has_value());
    CHECK(is(d.contact_details->email, "carmen@example.com"));
    CHECK(is(d.contact_details->email_lang, "es"));
    CHECK(is(d.contact_details->send_notification_emails, false));
    CHECK_FALSE(d.contact_details->phone.has_value());
    REQUIRE(d.callback.has_value());
    CHECK(is(d.created_at, "2024-07-24T08:54:25.443172Z"));
    REQUIRE(d.expires_at.has_value());
    CHECK(*d.expires_at.get() == "2025-07-24T08:54:25.443172Z");
    REQUIRE(d.reviews.has_value());
    REQUIRE(d.reviews->size() == 1);
    const auto& rv = d.reviews->at(0);
    CHECK(is(rv.user, "compliance@example.com"));
    CHECK(is(rv.new_status, SessionStatus::Declined));
    CHECK(is(rv.comment, "Possible match found in AML screening"));
    CHECK(is(rv.created_at, "2024-07-18T13:29:00.366811Z"));
    // Every KYC array is present, no KYB one is.
    CHECK(d.id_verifications.has_value());
    CHECK(d.nfc_verifications.has_value());
    CHECK(d.document_ai_documents.has_value());
    CHECK(d.questionnaire_responses.has_value());
    CHECK_FALSE(d.registry_checks.has_value());
    CHECK_FALSE(d.key_people_checks.has_value());
    CHECK_FALSE(d.document_verifications.has_value());
    CHECK(empty_extra(d.extra));
}

TEST_CASE("decision: ID verification, NFC, liveness and face match of the KYC example") {
    auto r = decode(fixture_json("decision-1.json"));
    REQUIRE(r.ok());
    const Decision& d = *r;

    REQUIRE(d.id_verifications.has_value());
    REQUIRE(d.id_verifications->size() == 1);
    const auto& id = d.id_verifications->at(0);
    CHECK(is(id.node_id, "feature_ocr_1"));
    CHECK(is(id.status, FeatureStatus::Approved));
    CHECK(is(id.document_type, "Identity Card"));
    CHECK(is(id.document_subtype, "ID_CARD_GENERIC"));
    CHECK(is(id.document_number, "CAA000000"));
    CHECK(is(id.personal_number, "99999999R"));
    CHECK(is(id.portrait_image, "https://<media-host>/portrait.jpg"));
    CHECK(is(id.front_image_camera_front, "https://<media-host>/front_camera_front.jpg"));
    CHECK(is(id.date_of_birth, "1980-01-01"));
    CHECK(is(id.age, 45));
    CHECK(is(id.expiration_date, "2031-06-02"));
    CHECK(is(id.issuing_state, "ESP"));
    CHECK(is(id.full_name, "Carmen Espa\xc3\xb1ola Espa\xc3\xb1ola"));
    CHECK(is(id.gender, "F"));
    CHECK(is(id.nationality, "ESP"));
    REQUIRE(id.mrz.has_value());
    CHECK((*id.mrz)["mrz_type"] == "TD1");
    REQUIRE(id.parsed_address.has_value());
    CHECK((*id.parsed_address)["city"] == "Madrid");
    CHECK(is(id.front_image_camera_front_face_match_score, 95.5));
    REQUIRE(id.front_image_quality_score.has_value());
    CHECK((*id.front_image_quality_score)["brightness_issue"] == "ok");
    REQUIRE(id.matches.has_value());
    const auto& m = id.matches->at(0);
    CHECK(is(m.session_id, "7d4f1f60-9c2e-4b8a-8f3d-2a1b5c6d7e8f"));
    CHECK(is(m.session_number, std::int64_t{1234}));
    CHECK(is(m.status, SessionStatus::Approved));
    CHECK(is(m.is_blocklisted, false));
    CHECK_FALSE(m.api_service.has_value());
    REQUIRE(m.user_details.has_value());
    CHECK((*m.user_details)["document_number"] == "CLM148418");
    REQUIRE(id.warnings.has_value());
    const auto& w = id.warnings->at(0);
    CHECK(is(w.feature, "ID_VERIFICATION"));
    CHECK(is(w.risk, "QR_NOT_DETECTED"));
    CHECK_FALSE(w.additional_data.has_value());
    CHECK(is(w.log_type, didit::WarningLogType::Information));
    CHECK(is(w.short_description, "QR not detected"));
    REQUIRE(w.long_description.has_value());
    CHECK(is(w.node_id, "feature_ocr_1"));
    CHECK(empty_extra(id.extra));

    const auto& nfc = d.nfc_verifications->at(0);
    CHECK(is(nfc.status, FeatureStatus::InReview));
    REQUIRE(nfc.chip_data.has_value());
    CHECK(is(nfc.chip_data->document_number, "123456789"));
    CHECK(is(nfc.chip_data->birth_date, "1990-05-15"));
    REQUIRE(nfc.authenticity.has_value());
    CHECK(is(nfc.authenticity->sod_integrity, true));
    REQUIRE(nfc.certificate_summary.has_value());
    CHECK((*nfc.certificate_summary)["not_valid_after"] == "2031-02-18 10:21:11");
    CHECK(is(nfc.warnings->at(0).log_type, didit::WarningLogType::Warning));

    const auto& live = d.liveness_checks->at(0);
    CHECK(is(live.method, "ACTIVE_3D"));
    CHECK(is(live.score, 89.92));
    CHECK(is(live.age_estimation, 24.3));
    CHECK_FALSE(live.face_quality.has_value());
    REQUIRE(live.matches.has_value());
    CHECK(is(live.matches->at(0).similarity_percentage, 98.5));
    CHECK(is(live.matches->at(0).is_allowlisted, false));
    CHECK(is(live.matches->at(0).source, "session"));
    CHECK(is(live.warnings->at(0).risk, "LOW_LIVENESS_SCORE"));

    const auto& fm = d.face_matches->at(0);
    CHECK(is(fm.status, FeatureStatus::InReview));
    CHECK(is(fm.score, 65.43));
    CHECK_FALSE(fm.source_image_session_id.has_value());
    CHECK(is(fm.warnings->at(0).feature, "FACEMATCH"));
}

TEST_CASE("decision: phone, email, proof of address, Document AI and questionnaire of the KYC example") {
    auto r = decode(fixture_json("decision-1.json"));
    REQUIRE(r.ok());
    const Decision& d = *r;

    const auto& ph = d.phone_verifications->at(0);
    CHECK(is(ph.full_number, "+34600600600"));
    CHECK(is(ph.country_code, "ES"));
    REQUIRE(ph.carrier.has_value());
    CHECK(is(ph.carrier->name, "Orange"));
    CHECK(is(ph.carrier->type, "mobile"));
    CHECK(is(ph.is_virtual, false));
    CHECK(is(ph.verification_attempts, 1));
    REQUIRE(ph.lifecycle.has_value());
    CHECK(ph.lifecycle->size() == 3);
    REQUIRE(ph.matches.has_value());
    const auto& pm = ph.matches->at(0);
    CHECK_FALSE(pm.session_id.has_value());  // a list entry: every session field is null
    CHECK_FALSE(pm.status.has_value());
    CHECK(is(pm.phone_number, "+34600000000"));
    CHECK(is(pm.source, "list_entry"));
    CHECK(ph.warnings->empty());

    const auto& em = d.email_verifications->at(0);
    CHECK(is(em.email, "test@example.com"));
    CHECK(is(em.is_breached, true));
    REQUIRE(em.breaches.has_value());
    CHECK((*em.breaches)[0]["name"] == "TAPAirPortugal");
    CHECK(is(em.matches->at(0).email, "test@example.com"));
    CHECK(is(em.warnings->at(0).risk, "BREACHED_EMAIL_DETECTED"));

    const auto& poa = d.poa_verifications->at(0);
    CHECK(is(poa.status, FeatureStatus::Declined));
    CHECK(is(poa.document_type, "UTILITY_BILL"));
    CHECK_FALSE(poa.document_subtype.has_value());
    CHECK(is(poa.issuer, "Aguas del Norte"));
    CHECK_FALSE(poa.expiration_date.has_value());
    CHECK(is(poa.poa_address, "AVDA. MONSE\xc3\x91OR TAVELLA N\xc2\xb0 3396, SALTA"));
    CHECK(is(poa.name_on_document, "Fernando De Lima"));
    CHECK(is(poa.name_match_score_id_verification, 38.5));
    CHECK_FALSE(poa.name_match_score_expected_details.has_value());
    REQUIRE(poa.document_metadata.has_value());
    CHECK((*poa.document_metadata)["is_tampered"] == false);
    REQUIRE(poa.extra_fields.has_value());
    CHECK((*poa.extra_fields)["bank_account_number"] == "1234567890");

    const auto& ai = d.document_ai_documents->at(0);
    CHECK(is(ai.status, FeatureStatus::Approved));
    REQUIRE(ai.items.has_value());
    const auto& item = ai.items->at(0);
    CHECK(is(item.document_key, "proof_of_funds"));
    CHECK(is(item.file_size, std::int64_t{184320}));
    REQUIRE(item.extracted_data.has_value());
    CHECK((*item.extracted_data)["currency"] == "EUR");
    CHECK_FALSE(item.cross_check_result.has_value());

    const auto& q = d.questionnaire_responses->at(0);
    CHECK(is(q.questionnaire_id, "9f7485e0-b00b-4d56-9d3e-7859b68d1213"));
    REQUIRE(q.title.has_value());
    CHECK(*q.title == "Source of Funds");
    CHECK(q.languages == std::optional<std::vector<std::string>>(std::vector<std::string>{"en"}));
    CHECK(is(q.version, 1));
    CHECK(is(q.status, FeatureStatus::Approved));
    REQUIRE(q.sections.has_value());
    const auto& sec = q.sections->at(0);
    CHECK_FALSE(sec.title.has_value());
    REQUIRE(sec.items.has_value());
    const auto& qi = sec.items->at(0);
    CHECK(is(qi.value, "question_1"));
    CHECK(is(qi.element_type, "DROPDOWN"));
    CHECK(is(qi.is_required, true));
    REQUIRE(qi.answer.has_value());
    CHECK((*qi.answer)["value"] == "salary");
    REQUIRE(qi.choices.has_value());
    CHECK((*qi.choices)[8]["requires_text_input"] == true);
}

TEST_CASE("decision: AML with hits, IP analysis and database validation of the KYC example") {
    auto r = decode(fixture_json("decision-1.json"));
    REQUIRE(r.ok());
    const Decision& d = *r;

    const auto& aml = d.aml_screenings->at(0);
    CHECK(is(aml.status, FeatureStatus::InReview));
    CHECK(is(aml.total_hits, 1));
    CHECK(is(aml.entity_type, "person"));
    CHECK(is(aml.score, 80.0));
    CHECK(is(aml.is_ongoing_monitoring_enabled, true));
    CHECK(is(aml.next_ongoing_monitoring_bill_date, "2026-07-24"));
    REQUIRE(aml.screened_data.has_value());
    CHECK((*aml.screened_data)["document_number"].is_null());
    REQUIRE(aml.hits.has_value());
    REQUIRE(aml.hits->size() == 1);
    const auto& hit = aml.hits->at(0);
    CHECK(is(hit.id, "cPtTGRKkyddAcAC4xgsLCm"));
    CHECK(is(hit.match, false));
    CHECK(is(hit.score, 0.73));
    CHECK_FALSE(hit.target.has_value());
    CHECK(is(hit.caption, "Javier Ejemplo Modelo"));
    CHECK(hit.datasets == std::optional<std::vector<std::string>>(std::vector<std::string>{"PEP"}));
    CHECK(is(hit.match_score, 98.0));
    CHECK(is(hit.risk_score, 73.0));
    CHECK(is(hit.review_status, didit::AmlHitReviewStatus::Unreviewed));
    REQUIRE(hit.risk_view.has_value());
    CHECK((*hit.risk_view)["categories"]["risk_level"] == "High");
    REQUIRE(hit.pep_matches.has_value());
    CHECK((*hit.pep_matches)[0]["list_name"] == "Wikidata");
    REQUIRE(hit.adverse_media_details.has_value());
    CHECK((*hit.adverse_media_details)["sentiment_score"] == -2);
    // Not modelled, still there.
    CHECK(hit.extra.contains("additional_information"));
    CHECK(hit.extra.contains("features"));
    CHECK(is(aml.warnings->at(0).risk, "POSSIBLE_MATCH_FOUND"));

    const auto& ip = d.ip_analyses->at(0);
    CHECK(is(ip.status, FeatureStatus::Approved));
    CHECK(is(ip.device_brand, "Apple"));
    CHECK(is(ip.ip_address, "83.50.226.71"));
    CHECK(is(ip.ip_country_code, "ES"));
    CHECK(is(ip.latitude, 41.4022));
    CHECK_FALSE(ip.isp.has_value());
    CHECK(is(ip.is_vpn_or_tor, false));
    CHECK(is(ip.time_zone_offset, "+0100"));
    REQUIRE(ip.matches.has_value());
    const auto& im = ip.matches->at(0);
    CHECK(is(im.match_type, "ip_address"));
    CHECK(is(im.matched_value, "83.50.226.71"));
    CHECK(is(im.confidence, 0.0));
    CHECK(is(im.match_mode, "co_occurrence"));
    REQUIRE(im.device_info.has_value());
    CHECK((*im.device_info)["os_family"] == "iOS");
    // The location distances stay JSON.
    CHECK(ip.extra["ip"]["distance_from_id_document"] == 23.4);
    CHECK(ip.extra.contains("id_document"));
    CHECK(ip.extra.contains("poa_document"));

    const auto& db = d.database_validations->at(0);
    CHECK(is(db.status, FeatureStatus::Approved));
    CHECK(is(db.issuing_state, "BRA"));
    CHECK(is(db.validation_type, "one_by_one"));
    CHECK(is(db.match_type, "full_match"));
    REQUIRE(db.validations.has_value());
    const auto& v = db.validations->at(0);
    CHECK(is(v.service_id, "bra_cpf"));
    CHECK(is(v.outcome_code, "MATCH"));
    REQUIRE(v.validation.has_value());
    CHECK((*v.validation)["full_name"] == "full_match");
    REQUIRE(v.source_data.has_value());
    CHECK((*v.source_data)["first_name"] == "FERNANDO");
}

TEST_CASE("decision: the KYB example (decision-kyb-1.json): registry, key people, documents") {
    auto r = decode(fixture_json("decision-kyb-1.json"));
    REQUIRE(r.ok());
    const Decision& d = *r;
    CHECK(d.session_id == "66666666-7777-8888-9999-000000000000");
    CHECK(is(d.session_kind, didit::SessionKind::Business));
    CHECK(is(d.session_number, std::int64_t{31415}));
    CHECK(is(d.status, SessionStatus::InReview));
    CHECK(d.features->names == std::vector<std::string>{"KYB_REGISTRY", "KYB_DOCUMENTS", "KYB_KEY_PEOPLE"});
    CHECK_FALSE(d.metadata.has_value());
    CHECK_FALSE(d.contact_details.has_value());
    REQUIRE(d.expected_details.has_value());
    CHECK(is(d.expected_details->company_name, "Tesco PLC"));
    CHECK(is(d.expected_details->registry_country, "GB"));
    // null (not run) and absent (KYC-only) feature arrays both read as "no results".
    CHECK_FALSE(d.phone_verifications.has_value());
    CHECK_FALSE(d.aml_screenings.has_value());
    CHECK_FALSE(d.email_verifications.has_value());
    CHECK_FALSE(d.questionnaire_responses.has_value());
    CHECK_FALSE(d.ip_analyses.has_value());
    CHECK_FALSE(d.id_verifications.has_value());
    CHECK_FALSE(d.liveness_checks.has_value());
    REQUIRE(d.reviews.has_value());
    CHECK(d.reviews->empty());
    CHECK(empty_extra(d.extra));

    REQUIRE(d.registry_checks.has_value());
    const auto& rc = d.registry_checks->at(0);
    CHECK(is(rc.status, FeatureStatus::Approved));
    CHECK(is(rc.node_id, "feature_kyb_registry_1"));
    CHECK(is(rc.data_resolved, true));
    REQUIRE(rc.company.has_value());
    const auto& c = *rc.company;
    CHECK(is(c.company_name, "ACME HOLDINGS LTD"));
    CHECK(is(c.registration_number, "12345678"));
    CHECK(is(c.country_code, "GB"));
    CHECK(is(c.registry_status, "active"));
    CHECK(is(c.company_type, "Private Limited Company"));
    CHECK(is(c.incorporation_date, "2015-03-12"));
    CHECK_FALSE(c.region.has_value());
    CHECK_FALSE(c.risk_level.has_value());
    CHECK(is(c.registered_capital_currency, "GBP"));
    REQUIRE(c.officers.has_value());
    CHECK(is(c.officers->at(0).name, "Jane Smith"));
    CHECK(is(c.officers->at(0).role, "director"));
    CHECK(is(c.officers->at(0).kyc_status, "Approved"));
    REQUIRE(c.beneficial_owners.has_value());
    const auto& bo = c.beneficial_owners->at(0);
    CHECK(is(bo.entity_type, "person"));
    REQUIRE(bo.roles.has_value());
    CHECK(*bo.roles == Json::array({"ubo", "shareholder"}));
    CHECK(is(bo.ownership_min_shares, "50"));
    CHECK(is(bo.effective_ownership_percent, 75.0));
    CHECK(c.extra.contains("registry_data"));
    REQUIRE(rc.ownership_structure.has_value());
    CHECK((*rc.ownership_structure)["nodes"][1]["ownership_percent"] == 75);

    REQUIRE(d.key_people_checks.has_value());
    const auto& kp = d.key_people_checks->at(0);
    CHECK(is(kp.status, FeatureStatus::InReview));
    REQUIRE(kp.registry.has_value());
    const auto& off = kp.registry->officers->at(0);
    CHECK(is(off.aml_status, FeatureStatus::Approved));
    CHECK(is(off.kyc_session_id, "77777777-8888-9999-aaaa-bbbbbbbbbbbb"));
    CHECK(is(off.kyc_liveness_passed, true));
    REQUIRE(off.verification_workflow_features.has_value());
    CHECK(is(off.verification_workflow_features->at(0).feature, "ID_VERIFICATION"));
    CHECK(is(off.verification_workflow_features->at(0).status, FeatureStatus::Approved));
    const auto& kbo = kp.registry->beneficial_owners->at(0);
    CHECK(is(kbo.kyc_status, "In Progress"));
    CHECK_FALSE(kbo.aml_status.has_value());
    CHECK(is(kbo.verification_workflow_features->at(0).status, FeatureStatus::NotFinished));
    REQUIRE(kp.submitted.has_value());
    const auto& party = kp.submitted->parties->at(0);
    CHECK(is(party.source, "USER"));
    CHECK(is(party.position, "Chief Executive Officer"));
    CHECK(is(party.kyc_session_status, SessionStatus::InProgress));
    CHECK(is(party.requires_verification, true));
    REQUIRE(party.roles.has_value());
    CHECK((*party.roles)[0]["ownership_percent"] == 75);
    CHECK((*party.roles)[1]["ownership_percent"].is_null());
    REQUIRE(kp.ubo_kyc_summary.has_value());
    CHECK((*kp.ubo_kyc_summary)["pending"] == 1);

    REQUIRE(d.document_verifications.has_value());
    const auto& dv = d.document_verifications->at(0);
    CHECK(is(dv.status, FeatureStatus::InReview));
    REQUIRE(dv.items.has_value());
    const auto& doc = dv.items->at(0);
    CHECK(is(doc.document_type, "LEGAL_PRESENCE"));
    CHECK(is(doc.document_subtype, "CERTIFICATE_OF_INCORPORATION"));
    CHECK(is(doc.file_size, std::int64_t{482133}));
    CHECK(is(doc.status, FeatureStatus::Approved));
    CHECK_FALSE(doc.description.has_value());
    CHECK(is(doc.is_confirmed, true));
    REQUIRE(doc.cross_check_result.has_value());
    CHECK((*doc.cross_check_result)["critical"]["company_name"]["match"] == true);
    CHECK(dv.required_groups ==
          std::optional<std::vector<std::string>>(std::vector<std::string>{"LEGAL_PRESENCE", "OWNERSHIP_STRUCTURE"}));
    REQUIRE(dv.groups.has_value());
    CHECK((*dv.groups)["OWNERSHIP_STRUCTURE"]["missing"] == 1);
}

TEST_CASE("decision: every feature array may be null (not run yet), empty, or absent") {
    Json j = {{"session_id", "s"}, {"status", "In Progress"}};
    for (const char* k : kKycArrays) j[k] = nullptr;
    for (const char* k : kKybArrays) j[k] = nullptr;
    j["reviews"] = nullptr;
    auto nulls = decode(j);
    REQUIRE(nulls.ok());
    CHECK_FALSE(nulls->id_verifications.has_value());
    CHECK_FALSE(nulls->database_validations.has_value());
    CHECK_FALSE(nulls->registry_checks.has_value());
    CHECK_FALSE(nulls->reviews.has_value());
    CHECK(empty_extra(nulls->extra));

    for (const char* k : kKycArrays) j[k] = Json::array();
    for (const char* k : kKybArrays) j[k] = Json::array();
    auto empties = decode(j);
    REQUIRE(empties.ok());
    REQUIRE(empties->id_verifications.has_value());
    CHECK(empties->id_verifications->empty());
    REQUIRE(empties->document_verifications.has_value());
    CHECK(empties->document_verifications->empty());

    auto minimal = decode(Json{{"session_id", "s"}});
    REQUIRE(minimal.ok());
    CHECK_FALSE(minimal->status.has_value());
    CHECK_FALSE(minimal->aml_screenings.has_value());
    CHECK(minimal->vendor_data.is_absent());
    CHECK(minimal->expires_at.is_absent());
}

TEST_CASE("decision: every value inside every feature item may be null (tolerant decoding)") {
    for (const char* name : {"decision-1.json", "decision-kyb-1.json"}) {
        CAPTURE(name);
        Json j = fixture_json(name);
        // Null every member of every item of every array (one level), then every member of
        // every nested object (all levels).
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (!it.value().is_array() || it.key() == "features") continue;
            Json deep = it.value();
            each_object(deep, [](Json& o) {
                for (auto m = o.begin(); m != o.end(); ++m)
                    if (!m.value().is_object() && !m.value().is_array()) m.value() = nullptr;
            });
            Json top = it.value();
            nullify_all(top);
            Json a = j, b = j;
            a[it.key()] = deep;
            b[it.key()] = top;
            CAPTURE(it.key());
            auto ra = decode(a);
            CHECK_MESSAGE(ra.ok(), (ra.ok() ? std::string() : ra.error().message));
            auto rb = decode(b);
            CHECK_MESSAGE(rb.ok(), (rb.ok() ? std::string() : rb.error().message));
        }
        // And the top level's optional members.
        Json t = j;
        for (auto it = t.begin(); it != t.end(); ++it)
            if (it.key() != "session_id") it.value() = nullptr;
        auto rt = decode(t);
        CHECK_MESSAGE(rt.ok(), (rt.ok() ? std::string() : rt.error().message));
    }
}

TEST_CASE("decision: unknown keys are kept at every level and unknown enum strings are kept") {
    Json j = fixture_json("decision-1.json");
    j["brand_new_top"] = {{"a", 1}};
    j["id_verifications"][0]["brand_new_item"] = "x";
    j["id_verifications"][0]["status"] = "Pending Second Look";
    j["id_verifications"][0]["warnings"][0]["brand_new_warning"] = true;
    j["id_verifications"][0]["warnings"][0]["log_type"] = "debug";
    j["aml_screenings"][0]["hits"][0]["review_status"] = "Escalated";
    j["aml_screenings"][0]["hits"][0]["brand_new_hit"] = 3;
    j["reviews"][0]["brand_new_review"] = nullptr;
    j["brand_new_feature_checks"] = parse(R"([{"status":"Approved"}])");
    auto r = decode(j);
    REQUIRE(r.ok());
    CHECK(r->extra["brand_new_top"]["a"] == 1);
    CHECK(r->extra["brand_new_feature_checks"][0]["status"] == "Approved");
    const auto& id = r->id_verifications->at(0);
    CHECK(id.extra["brand_new_item"] == "x");
    REQUIRE(id.status.has_value());
    CHECK_FALSE(id.status->is_known());
    CHECK(id.status->str() == "Pending Second Look");
    const auto& w = id.warnings->at(0);
    CHECK(w.extra["brand_new_warning"] == true);
    CHECK(w.log_type->str() == "debug");
    const auto& hit = r->aml_screenings->at(0).hits->at(0);
    CHECK(hit.review_status->str() == "Escalated");
    CHECK(hit.extra["brand_new_hit"] == 3);
    CHECK(r->reviews->at(0).extra.contains("brand_new_review"));

    // Unknown values survive a round trip.
    auto enc = didit::encode_json(*r);
    REQUIRE(enc.ok());
    CHECK((*enc)["id_verifications"][0]["status"] == "Pending Second Look");
    CHECK((*enc)["aml_screenings"][0]["hits"][0]["review_status"] == "Escalated");
    CHECK((*enc)["brand_new_top"]["a"] == 1);
}

TEST_CASE("decision: the six feature statuses decode") {
    const std::vector<std::pair<std::string, FeatureStatus::Value>> known = {
        {"Not Finished", FeatureStatus::NotFinished}, {"Approved", FeatureStatus::Approved},
        {"Declined", FeatureStatus::Declined},        {"In Review", FeatureStatus::InReview},
        {"Expired", FeatureStatus::Expired},          {"Resub Requested", FeatureStatus::ResubRequested}};
    for (const auto& k : known) {
        CAPTURE(k.first);
        auto r = decode(parse(R"({"session_id":"s","face_matches":[{"status":")" + k.first + R"("}]})"));
        REQUIRE(r.ok());
        CHECK(is(r->face_matches->at(0).status, k.second));
        CHECK(r->face_matches->at(0).status->str() == k.first);
    }
}

TEST_CASE("decision: nothing in the examples is lost by decoding and encoding again") {
    for (const char* name : {"decision-1.json", "decision-kyb-1.json", "session-import-shared-response-1.json"}) {
        CAPTURE(name);
        Json original = fixture_json(name);
        auto r = decode(original);
        REQUIRE(r.ok());
        auto enc = didit::encode_json(*r);
        REQUIRE(enc.ok());
        std::string where;
        CHECK_MESSAGE(keeps_everything(original, *enc, where), where);
        // Decoding the encoding gives the same model.
        auto again = decode(*enc);
        REQUIRE(again.ok());
        auto enc2 = didit::encode_json(*again);
        REQUIRE(enc2.ok());
        CHECK(*enc2 == *enc);
    }
}

TEST_CASE("decision: the include=events shape (features as objects, extra top-level keys)") {
    Json j = parse(R"({"session_id":"s","status":"Approved",
        "features":[{"feature":"OCR","node_id":"feature_ocr"},{"feature":"EMAIL","node_id":"e"}],
        "events":[{"type":"SESSION_STARTED","timestamp":"2026-01-01T00:00:00Z"}],"activity_reviews":[],
        "workflow_type":"kyc","workflow_version":4,"workflow_version_id":"v-4","api_service":null,
        "session_type":"HOSTED","cost_breakdown":{"total":0.5},"blocklisted":false,"has_device_nfc_support":true})");
    REQUIRE_FALSE(j.is_discarded());
    auto r = decode(j);
    REQUIRE(r.ok());
    CHECK_FALSE(r->session_kind.has_value());
    REQUIRE(r->features.has_value());
    CHECK(r->features->names == std::vector<std::string>{"OCR", "EMAIL"});
    REQUIRE(r->events.has_value());
    CHECK((*r->events)[0]["type"] == "SESSION_STARTED");
    CHECK(is(r->workflow_type, "kyc"));
    CHECK(is(r->workflow_version, 4));
    CHECK(is(r->workflow_version_id, "v-4"));
    CHECK(r->extra["session_type"] == "HOSTED");
    CHECK(r->extra["cost_breakdown"]["total"] == 0.5);
    CHECK(r->extra.contains("api_service"));
}

TEST_CASE("decision: a shape mismatch names the JSON path, deep inside a feature") {
    struct Case {
        const char* body;
        const char* path;
    };
    const Case cases[] = {
        {R"({"session_id":"s","id_verifications":{"node_id":"n"}})", "id_verifications: expected array, got object"},
        {R"({"session_id":"s","aml_screenings":[{"hits":[{"score":"high"}]}]})",
         "aml_screenings[0].hits[0].score: expected number, got string"},
        {R"({"session_id":"s","id_verifications":[{"warnings":[{"log_type":3}]}]})",
         "id_verifications[0].warnings[0].log_type: expected string, got integer"},
        {R"({"session_id":"s","registry_checks":[{"company":{"officers":"none"}}]})",
         "registry_checks[0].company.officers: expected array, got string"},
        {R"({"session_id":"s","reviews":[{"new_status":false}]})", "reviews[0].new_status: expected string"},
        {R"({"session_id":"s","expected_details":{"expected_document_types":"P"}})",
         "expected_details.expected_document_types: expected array"},
        {R"({"session_id":7})", "session_id: expected string, got integer"},
    };
    for (const auto& c : cases) {
        const std::string path = c.path;
        CAPTURE(path);
        Json body = parse(c.body);
        REQUIRE_FALSE(body.is_discarded());
        auto r = decode(body);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::Decode);
        CHECK_MESSAGE(r.error().message.find(c.path) != std::string::npos, r.error().message);
    }
}

TEST_CASE("decision: warnings model every documented field") {
    Json w = parse(R"({"feature":"AML","risk":"POSSIBLE_MATCH_FOUND","additional_data":{"hits":2},"log_type":"error",
        "short_description":"s","long_description":"l","node_id":"feature_aml_1"})");
    REQUIRE_FALSE(w.is_discarded());
    auto r = didit::decode_json<didit::Warning>(w);
    REQUIRE(r.ok());
    CHECK(is(r->feature, "AML"));
    CHECK(is(r->risk, "POSSIBLE_MATCH_FOUND"));
    REQUIRE(r->additional_data.has_value());
    CHECK((*r->additional_data)["hits"] == 2);
    CHECK(is(r->log_type, didit::WarningLogType::Error));
    CHECK(is(r->short_description, "s"));
    CHECK(is(r->long_description, "l"));
    CHECK(is(r->node_id, "feature_aml_1"));
    CHECK(empty_extra(r->extra));
    auto enc = didit::encode_json(*r);
    REQUIRE(enc.ok());
    CHECK(*enc == w);
}

TEST_CASE("decision: questionnaire titles may be plain strings or language maps") {
    Json j = parse(R"({"session_id":"s","questionnaire_responses":[{"title":{"en":"Source","es":"Origen"},
        "sections":[{"title":{"en":"A"},"items":[{"uuid":"u","title":{"en":"Q?"},"answer":{"value":["a","b"]}}]}]}]})");
    REQUIRE_FALSE(j.is_discarded());
    auto r = decode(j);
    REQUIRE(r.ok());
    const auto& q = r->questionnaire_responses->at(0);
    CHECK((*q.title)["es"] == "Origen");
    const auto& item = q.sections->at(0).items->at(0);
    CHECK((*item.title)["en"] == "Q?");
    CHECK((*item.answer)["value"][1] == "b");
}
