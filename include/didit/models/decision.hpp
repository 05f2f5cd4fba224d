// SPDX-License-Identifier: MIT
// The session decision: top level, every feature's results (KYC and KYB), warnings and reviews.
#pragma once

// Sources: the decision schema and its "Example"/"BusinessExample" payloads in Didit's OpenAPI
// (2026-07; the repository's tests/fixtures/decision-1.json and decision-kyb-1.json are those payloads).
// Older guides only list the array names. Decoding is tolerant by construction:
//  - every member is optional (a feature that has not run is `null`, a row is filled in as the
//    user goes, and the same item models serve webhooks, imports and `include=events`);
//  - every model keeps the keys it does not name in `extra`, so nothing the API adds is lost;
//  - statuses are open enums: an unknown string is kept, never an error.
// Nested blocks whose shape varies by provider or document (MRZ, parsed addresses, AML hit
// properties, cross-checks…) stay JSON.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>
#include <didit/models/common.hpp>

namespace didit {

/// The ten session statuses (older Didit guides list eight, without
/// `Awaiting User` and `Kyc Expired`).
DIDIT_ENUM(SessionStatus, (NotStarted, "Not Started"), (InProgress, "In Progress"), (AwaitingUser, "Awaiting User"),
           (InReview, "In Review"), (Approved, "Approved"), (Declined, "Declined"), (Resubmitted, "Resubmitted"),
           (Expired, "Expired"), (KycExpired, "Kyc Expired"), (Abandoned, "Abandoned"));

/// KYC sessions verify a person ("user"), KYB sessions a company ("business").
DIDIT_ENUM(SessionKind, (User, "user"), (Business, "business"));

/// The status of one feature (one workflow node) of a session.
DIDIT_ENUM(FeatureStatus, (NotFinished, "Not Finished"), (Approved, "Approved"), (Declined, "Declined"),
           (InReview, "In Review"), (Expired, "Expired"), (ResubRequested, "Resub Requested"));

/// `{"feature": "LIVENESS", "status": "Approved"}`: one feature of a session and where it
/// stands (session list rows, key people's own KYC sessions).
struct FeatureState {
    std::optional<std::string> feature{};
    std::optional<FeatureStatus> status{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(FeatureState, feature, status)

/// How serious a warning is.
DIDIT_ENUM(WarningLogType, (Information, "information"), (Warning, "warning"), (Error, "error"));

/// Contact data that pre-fills the email and phone steps (session create), echoed in the
/// decision. Ignored for KYB.
struct ContactDetails {
    std::optional<std::string> email{};
    std::optional<bool> send_notification_emails{};
    std::optional<std::string> email_lang{};
    /// E.164, e.g. "+14155552671"; null in decisions when none was given.
    std::optional<std::string> phone{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(ContactDetails, email, send_notification_emails, email_lang, phone)

/// What you expect the verified data to be; mismatches raise warnings. Countries are ISO
/// 3166-1 alpha-3. `address` needs `country` or `poa_country`. The company fields are KYB-only.
struct ExpectedDetails {
    std::optional<std::string> first_name{};
    std::optional<std::string> last_name{};
    /// YYYY-MM-DD.
    std::optional<std::string> date_of_birth{};
    /// "M", "F" or null.
    Nullable<std::string> gender{};
    std::optional<std::string> nationality{};
    std::optional<std::string> country{};
    std::optional<std::string> id_country{};
    std::optional<std::string> poa_country{};
    std::optional<std::string> address{};
    std::optional<std::string> identification_number{};
    std::optional<std::string> ip_address{};
    /// Document codes: P, ID, DL, RP, HIC, TC, SSC.
    std::optional<std::vector<std::string>> expected_document_types{};
    std::optional<std::string> company_name{};
    std::optional<std::string> registry_country{};
    std::optional<std::string> registration_number{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(ExpectedDetails, first_name, last_name, date_of_birth, gender, nationality, country, id_country,
                   poa_country, address, identification_number, ip_address, expected_document_types, company_name,
                   registry_country, registration_number)

/// A risk a feature raised, e.g. `{"feature": "AML", "risk": "POSSIBLE_MATCH_FOUND", …}`.
struct Warning {
    /// The feature that raised it: ID_VERIFICATION, NFC, LIVENESS, FACEMATCH, PROOF_OF_ADDRESS,
    /// PHONE, EMAIL, AML, LOCATION, DATABASE_VALIDATION, QUESTIONNAIRE, DOCUMENT_AI, KYB_*.
    std::optional<std::string> feature{};
    /// The risk code (e.g. "LOW_LIVENESS_SCORE"); the `warning` list filter takes these.
    std::optional<std::string> risk{};
    std::optional<Json> additional_data{};
    std::optional<WarningLogType> log_type{};
    std::optional<std::string> short_description{};
    std::optional<std::string> long_description{};
    std::optional<std::string> node_id{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Warning, feature, risk, additional_data, log_type, short_description, long_description, node_id)

/// Another session or a list entry that matched this one (duplicate or blocklist detection).
/// One model for the `matches` of ID verification, liveness, phone, email and IP analysis:
/// each uses a subset of these fields.
struct DuplicateMatch {
    std::optional<std::string> session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> vendor_data{};
    std::optional<std::string> verification_date{};
    /// The matched session's status (null for list entries).
    std::optional<SessionStatus> status{};
    std::optional<bool> is_blocklisted{};
    std::optional<bool> is_allowlisted{};
    std::optional<std::string> api_service{};
    /// "session", "imported" or "list_entry".
    std::optional<std::string> source{};
    /// Liveness (face search) matches.
    std::optional<double> similarity_percentage{};
    std::optional<std::string> match_image_url{};
    /// ID-document matches.
    std::optional<std::string> front_image_url{};
    std::optional<Json> user_details{};
    /// Phone and email matches.
    std::optional<std::string> phone_number{};
    std::optional<std::string> email{};
    /// IP/device matches: "ip_address" or "device_fingerprint".
    std::optional<std::string> match_type{};
    std::optional<std::string> match_source{};
    std::optional<std::string> matched_value{};
    std::optional<double> confidence{};
    std::optional<std::string> match_mode{};
    std::optional<Json> device_info{};
    std::optional<Json> location_info{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DuplicateMatch, session_id, session_number, vendor_data, verification_date, status, is_blocklisted,
                   is_allowlisted, api_service, source, similarity_percentage, match_image_url, front_image_url,
                   user_details, phone_number, email, match_type, match_source, matched_value, confidence, match_mode,
                   device_info, location_info)

// ---- KYC features ---------------------------------------------------------------------

/// One ID-document verification (`id_verifications[]`). Image and video fields are presigned
/// URLs that expire (about an hour).
struct IdVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    /// Display name, e.g. "Identity Card", "Passport".
    std::optional<std::string> document_type{};
    std::optional<std::string> document_subtype{};
    std::optional<std::string> document_number{};
    std::optional<std::string> personal_number{};
    std::optional<std::string> portrait_image{};
    std::optional<std::string> front_image{};
    std::optional<std::string> front_video{};
    std::optional<std::string> back_image{};
    std::optional<std::string> back_video{};
    std::optional<std::string> full_front_image{};
    std::optional<std::string> full_back_image{};
    /// The document's sides as seen by the front camera, when captured.
    std::optional<std::string> front_image_camera_front{};
    std::optional<std::string> back_image_camera_front{};
    std::optional<std::string> date_of_birth{};
    std::optional<int> age{};
    std::optional<std::string> expiration_date{};
    std::optional<std::string> date_of_issue{};
    /// ISO 3166-1 alpha-3.
    std::optional<std::string> issuing_state{};
    std::optional<std::string> issuing_state_name{};
    std::optional<std::string> first_name{};
    std::optional<std::string> last_name{};
    std::optional<std::string> full_name{};
    std::optional<std::string> gender{};
    std::optional<std::string> address{};
    std::optional<std::string> formatted_address{};
    std::optional<std::string> place_of_birth{};
    std::optional<std::string> marital_status{};
    std::optional<std::string> nationality{};
    /// Document-specific extras (`dl_categories`, `blood_group`, non-Latin names…).
    std::optional<Json> extra_fields{};
    /// The machine-readable zone as read, or null.
    std::optional<Json> mrz{};
    std::optional<Json> parsed_address{};
    std::optional<double> front_image_camera_front_face_match_score{};
    std::optional<double> back_image_camera_front_face_match_score{};
    std::optional<Json> front_image_quality_score{};
    std::optional<Json> back_image_quality_score{};
    std::optional<Json> extra_files{};
    std::optional<std::vector<DuplicateMatch>> matches{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(IdVerification, node_id, status, document_type, document_subtype, document_number, personal_number,
                   portrait_image, front_image, front_video, back_image, back_video, full_front_image, full_back_image,
                   front_image_camera_front, back_image_camera_front, date_of_birth, age, expiration_date,
                   date_of_issue, issuing_state, issuing_state_name, first_name, last_name, full_name, gender, address,
                   formatted_address, place_of_birth, marital_status, nationality, extra_fields, mrz, parsed_address,
                   front_image_camera_front_face_match_score, back_image_camera_front_face_match_score,
                   front_image_quality_score, back_image_quality_score, extra_files, matches, warnings)

/// Data read from a document's NFC chip.
struct NfcChipData {
    std::optional<std::string> document_type{};
    std::optional<std::string> issuing_country{};
    std::optional<std::string> document_number{};
    std::optional<std::string> expiration_date{};
    std::optional<std::string> first_name{};
    std::optional<std::string> last_name{};
    std::optional<std::string> birth_date{};
    std::optional<std::string> gender{};
    std::optional<std::string> nationality{};
    std::optional<std::string> address{};
    std::optional<std::string> place_of_birth{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(NfcChipData, document_type, issuing_country, document_number, expiration_date, first_name, last_name,
                   birth_date, gender, nationality, address, place_of_birth)

/// Integrity checks of the chip's signed data.
struct NfcAuthenticity {
    std::optional<bool> sod_integrity{};
    std::optional<bool> dg_integrity{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(NfcAuthenticity, sod_integrity, dg_integrity)

/// One NFC chip read (`nfc_verifications[]`).
struct NfcVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> portrait_image{};
    std::optional<std::string> signature_image{};
    std::optional<NfcChipData> chip_data{};
    std::optional<NfcAuthenticity> authenticity{};
    /// Issuer, subject, serial number and validity of the document signer certificate.
    std::optional<Json> certificate_summary{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(NfcVerification, node_id, status, portrait_image, signature_image, chip_data, authenticity,
                   certificate_summary, warnings)

/// One liveness check (`liveness_checks[]`).
struct LivenessCheck {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    /// "PASSIVE", "ACTIVE_3D", "FLASHING".
    std::optional<std::string> method{};
    std::optional<double> score{};
    std::optional<std::string> reference_image{};
    std::optional<std::string> video_url{};
    std::optional<double> age_estimation{};
    std::optional<double> face_quality{};
    std::optional<double> face_luminance{};
    std::optional<std::vector<DuplicateMatch>> matches{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(LivenessCheck, node_id, status, method, score, reference_image, video_url, age_estimation,
                   face_quality, face_luminance, matches, warnings)

/// One face comparison (`face_matches[]`).
struct FaceMatch {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    /// Similarity, 0–100.
    std::optional<double> score{};
    std::optional<std::string> source_image_session_id{};
    std::optional<std::string> source_image{};
    std::optional<std::string> target_image{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(FaceMatch, node_id, status, score, source_image_session_id, source_image, target_image, warnings)

/// The phone's carrier.
struct PhoneCarrier {
    std::optional<std::string> name{};
    /// "mobile", "landline", "voip"…
    std::optional<std::string> type{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(PhoneCarrier, name, type)

/// One phone verification (`phone_verifications[]`).
struct PhoneVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> phone_number_prefix{};
    std::optional<std::string> phone_number{};
    std::optional<std::string> full_number{};
    /// ISO 3166-1 alpha-2.
    std::optional<std::string> country_code{};
    std::optional<std::string> country_name{};
    std::optional<PhoneCarrier> carrier{};
    std::optional<bool> is_disposable{};
    std::optional<bool> is_virtual{};
    std::optional<std::string> verification_method{};
    std::optional<int> verification_attempts{};
    std::optional<std::string> verified_at{};
    /// Messages sent, codes tried, with fees.
    std::optional<Json> lifecycle{};
    std::optional<std::vector<DuplicateMatch>> matches{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(PhoneVerification, node_id, status, phone_number_prefix, phone_number, full_number, country_code,
                   country_name, carrier, is_disposable, is_virtual, verification_method, verification_attempts,
                   verified_at, lifecycle, matches, warnings)

/// One email verification (`email_verifications[]`).
struct EmailVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> email{};
    std::optional<bool> is_breached{};
    /// Known data breaches that include this address (name, domain, breach_date, …).
    std::optional<Json> breaches{};
    std::optional<bool> is_disposable{};
    std::optional<bool> is_undeliverable{};
    std::optional<int> verification_attempts{};
    std::optional<std::string> verified_at{};
    std::optional<Json> lifecycle{};
    std::optional<std::vector<DuplicateMatch>> matches{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(EmailVerification, node_id, status, email, is_breached, breaches, is_disposable, is_undeliverable,
                   verification_attempts, verified_at, lifecycle, matches, warnings)

/// One proof-of-address check (`poa_verifications[]`).
struct PoaVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> document_file{};
    std::optional<std::string> issuing_state{};
    /// "UTILITY_BILL", "BANK_STATEMENT", …
    std::optional<std::string> document_type{};
    std::optional<std::string> document_subtype{};
    std::optional<std::string> document_language{};
    /// File facts and tampering signals (is_tampered, is_signed, producer, …).
    std::optional<Json> document_metadata{};
    std::optional<std::string> issuer{};
    std::optional<std::string> issue_date{};
    std::optional<std::string> expiration_date{};
    std::optional<std::string> poa_address{};
    std::optional<std::string> poa_formatted_address{};
    std::optional<Json> poa_parsed_address{};
    std::optional<std::string> name_on_document{};
    std::optional<double> name_match_score_expected_details{};
    std::optional<double> name_match_score_id_verification{};
    std::optional<std::string> expected_details_address{};
    std::optional<std::string> expected_details_formatted_address{};
    std::optional<Json> expected_details_parsed_address{};
    /// Bank details, phone number and other names found on the document.
    std::optional<Json> extra_fields{};
    std::optional<Json> extra_files{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(PoaVerification, node_id, status, document_file, issuing_state, document_type, document_subtype,
                   document_language, document_metadata, issuer, issue_date, expiration_date, poa_address,
                   poa_formatted_address, poa_parsed_address, name_on_document, name_match_score_expected_details,
                   name_match_score_id_verification, expected_details_address, expected_details_formatted_address,
                   expected_details_parsed_address, extra_fields, extra_files, warnings)

/// One uploaded document of a Document AI step.
struct DocumentAiItem {
    std::optional<std::string> uuid{};
    std::optional<std::string> node_id{};
    std::optional<std::string> document_key{};
    std::optional<std::string> original_filename{};
    std::optional<std::int64_t> file_size{};
    std::optional<std::string> file_url{};
    std::optional<FeatureStatus> status{};
    /// The values extracted, keyed by the step's field keys.
    std::optional<Json> extracted_data{};
    /// The step's field definitions (key, name, instruction, type, required).
    std::optional<Json> fields{};
    std::optional<Json> document_metadata{};
    std::optional<Json> cross_check_result{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DocumentAiItem, uuid, node_id, document_key, original_filename, file_size, file_url, status,
                   extracted_data, fields, document_metadata, cross_check_result, created_at)

/// One Document AI step (`document_ai_documents[]`).
struct DocumentAiDocument {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::vector<DocumentAiItem>> items{};
    /// Nullable here, unlike the other features.
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DocumentAiDocument, node_id, status, items, warnings)

/// One answered question. `title`, `description`, `placeholder` and choice labels are plain
/// strings in decisions but language maps (`{"en": …}`) in the questionnaire routes, so
/// they are kept as JSON to accept both.
struct QuestionnaireAnswerItem {
    std::optional<std::string> uuid{};
    /// The question's key.
    std::optional<std::string> value{};
    std::optional<std::string> element_type{};
    std::optional<bool> is_required{};
    std::optional<Json> title{};
    std::optional<Json> description{};
    std::optional<Json> placeholder{};
    std::optional<Json> choices{};
    std::optional<int> max_files{};
    /// The user's answer, e.g. `{"value": "salary"}`.
    std::optional<Json> answer{};
    std::optional<Json> required_if{};
    std::optional<Json> repeatable_config{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireAnswerItem, uuid, value, element_type, is_required, title, description, placeholder,
                   choices, max_files, answer, required_if, repeatable_config)

/// A section of an answered questionnaire.
struct QuestionnaireAnswerSection {
    std::optional<Json> title{};
    std::optional<Json> description{};
    std::optional<std::vector<QuestionnaireAnswerItem>> items{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireAnswerSection, title, description, items)

/// One answered questionnaire (`questionnaire_responses[]`).
struct QuestionnaireResponse {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> questionnaire_id{};
    std::optional<Json> title{};
    std::optional<Json> description{};
    std::optional<std::vector<std::string>> languages{};
    std::optional<std::string> default_language{};
    std::optional<bool> is_active{};
    std::optional<bool> is_simple_questionnaire{};
    std::optional<std::string> questionnaire_group_id{};
    std::optional<int> version{};
    std::optional<std::string> published_at{};
    std::optional<std::vector<QuestionnaireAnswerSection>> sections{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(QuestionnaireResponse, node_id, status, questionnaire_id, title, description, languages,
                   default_language, is_active, is_simple_questionnaire, questionnaire_group_id, version, published_at,
                   sections)

/// How a reviewer judged an AML hit.
DIDIT_ENUM(AmlHitReviewStatus, (Unreviewed, "Unreviewed"), (ConfirmedMatch, "Confirmed Match"),
           (FalsePositive, "False Positive"), (Inconclusive, "Inconclusive"));

/// One AML hit: a watch-list, PEP, sanctions or adverse-media entity that may be the person.
struct AmlHit {
    std::optional<std::string> id{};
    std::optional<std::string> url{};
    std::optional<bool> match{};
    std::optional<double> score{};
    std::optional<bool> target{};
    /// The matched entity's name.
    std::optional<std::string> caption{};
    /// Categories, e.g. ["PEP"], ["Sanctions"].
    std::optional<std::vector<std::string>> datasets{};
    std::optional<std::string> rca_name{};
    std::optional<std::string> first_seen{};
    std::optional<std::string> last_seen{};
    std::optional<double> match_score{};
    std::optional<double> risk_score{};
    std::optional<AmlHitReviewStatus> review_status{};
    /// The entity's attributes (name, alias, birthDate, … as arrays of strings).
    std::optional<Json> properties{};
    std::optional<Json> risk_view{};
    std::optional<Json> score_breakdown{};
    std::optional<Json> pep_matches{};
    std::optional<Json> sanction_matches{};
    std::optional<Json> warning_matches{};
    std::optional<Json> adverse_media_matches{};
    std::optional<Json> adverse_media_details{};
    std::optional<Json> linked_entities{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(AmlHit, id, url, match, score, target, caption, datasets, rca_name, first_seen, last_seen,
                   match_score, risk_score, review_status, properties, risk_view, score_breakdown, pep_matches,
                   sanction_matches, warning_matches, adverse_media_matches, adverse_media_details, linked_entities)

/// One AML screening (`aml_screenings[]`).
struct AmlScreening {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<int> total_hits{};
    /// "person" or "company".
    std::optional<std::string> entity_type{};
    std::optional<std::vector<AmlHit>> hits{};
    std::optional<double> score{};
    /// What was screened: full_name, nationality, date_of_birth, document_number.
    std::optional<Json> screened_data{};
    std::optional<bool> is_ongoing_monitoring_enabled{};
    std::optional<std::string> next_ongoing_monitoring_bill_date{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(AmlScreening, node_id, status, total_hits, entity_type, hits, score, screened_data,
                   is_ongoing_monitoring_enabled, next_ongoing_monitoring_bill_date, warnings)

/// One IP and device analysis (`ip_analyses[]`). The distances between IP, ID document and
/// PoA locations (`ip`, `id_document`, `poa_document`) are in `extra`.
struct IpAnalysis {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> device_brand{};
    std::optional<std::string> device_model{};
    std::optional<std::string> browser_family{};
    std::optional<std::string> os_family{};
    std::optional<std::string> platform{};
    std::optional<std::string> device_fingerprint{};
    std::optional<std::string> ip_address{};
    std::optional<std::string> ip_country{};
    std::optional<std::string> ip_country_code{};
    std::optional<std::string> ip_state{};
    std::optional<std::string> ip_city{};
    std::optional<double> latitude{};
    std::optional<double> longitude{};
    std::optional<std::string> isp{};
    std::optional<std::string> organization{};
    std::optional<bool> is_vpn_or_tor{};
    std::optional<bool> is_data_center{};
    std::optional<std::string> time_zone{};
    std::optional<std::string> time_zone_offset{};
    std::optional<std::vector<DuplicateMatch>> matches{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(IpAnalysis, node_id, status, device_brand, device_model, browser_family, os_family, platform,
                   device_fingerprint, ip_address, ip_country, ip_country_code, ip_state, ip_city, latitude, longitude,
                   isp, organization, is_vpn_or_tor, is_data_center, time_zone, time_zone_offset, matches, warnings)

/// One government-database check of a database validation.
struct DatabaseValidationCheck {
    std::optional<std::string> service_id{};
    std::optional<std::string> service_name{};
    /// Per field: "full_match", "partial_match", "no_match".
    std::optional<Json> validation{};
    std::optional<std::string> outcome_code{};
    std::optional<std::string> outcome_detail{};
    /// What the database holds.
    std::optional<Json> source_data{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DatabaseValidationCheck, service_id, service_name, validation, outcome_code, outcome_detail,
                   source_data)

/// One database validation (`database_validations[]`).
struct DatabaseValidation {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> issuing_state{};
    /// "one_by_one", "two_by_two", "not_enabled".
    std::optional<std::string> validation_type{};
    /// "full_match", "partial_match", "no_match", or null.
    std::optional<std::string> match_type{};
    std::optional<Json> screened_data{};
    std::optional<std::vector<DatabaseValidationCheck>> validations{};
    std::optional<Json> errors{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DatabaseValidation, node_id, status, issuing_state, validation_type, match_type, screened_data,
                   validations, errors, warnings)

// ---- KYB features ---------------------------------------------------------------------

/// A person or company linked to a business: registry officers and beneficial owners, and
/// the parties the user submitted. One model for all of them; each uses a subset.
struct KybPerson {
    std::optional<std::string> uuid{};
    std::optional<std::string> name{};
    std::optional<std::string> first_name{};
    std::optional<std::string> last_name{};
    /// "person" or "company".
    std::optional<std::string> entity_type{};
    std::optional<std::string> company_name{};
    std::optional<std::string> registration_number{};
    std::optional<std::string> designation{};
    /// Officers: "director", "secretary", "ubo", …
    std::optional<std::string> role{};
    /// Beneficial owners: strings (["ubo", "shareholder"]); submitted parties: objects
    /// ({role, ownership_percent, voting_percent}). Kept as JSON for both.
    std::optional<Json> roles{};
    std::optional<std::string> nationality{};
    std::optional<std::string> date_of_birth{};
    std::optional<std::string> email{};
    std::optional<std::string> phone_number{};
    std::optional<std::string> position{};
    std::optional<std::string> address{};
    std::optional<std::string> appointment_date{};
    std::optional<std::string> termination_date{};
    std::optional<bool> is_active{};
    std::optional<std::string> ownership_min_shares{};
    std::optional<std::string> ownership_max_shares{};
    std::optional<double> effective_ownership_percent{};
    std::optional<FeatureStatus> aml_status{};
    /// Registry rows: "Approved", "Declined", "Pending"; key-people rows: a session status.
    std::optional<std::string> kyc_status{};
    std::optional<std::string> kyc_session_id{};
    std::optional<std::string> kyc_session_url{};
    /// Submitted parties.
    std::optional<SessionStatus> kyc_session_status{};
    std::optional<std::string> source{};
    std::optional<bool> is_skipped{};
    std::optional<bool> requires_verification{};
    std::optional<std::string> verification_workflow_type{};
    std::optional<std::string> verification_workflow_id{};
    std::optional<std::string> verification_workflow_label{};
    /// The features of the person's own KYC session and their status.
    std::optional<std::vector<FeatureState>> verification_workflow_features{};
    std::optional<std::string> kyc_verified_at{};
    std::optional<std::string> kyc_document_type{};
    std::optional<std::string> kyc_nationality{};
    std::optional<bool> kyc_liveness_passed{};
    std::optional<std::string> didit_internal_id{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KybPerson, uuid, name, first_name, last_name, entity_type, company_name, registration_number,
                   designation, role, roles, nationality, date_of_birth, email, phone_number, position, address,
                   appointment_date, termination_date, is_active, ownership_min_shares, ownership_max_shares,
                   effective_ownership_percent, aml_status, kyc_status, kyc_session_id, kyc_session_url,
                   kyc_session_status, source, is_skipped, requires_verification, verification_workflow_type,
                   verification_workflow_id, verification_workflow_label, verification_workflow_features,
                   kyc_verified_at, kyc_document_type, kyc_nationality, kyc_liveness_passed, didit_internal_id)

/// The company as the registry knows it.
struct KybCompany {
    std::optional<std::string> uuid{};
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    /// The registry's own status, e.g. "active", "dissolved".
    std::optional<std::string> registry_status{};
    std::optional<bool> data_resolved{};
    std::optional<std::string> company_name{};
    std::optional<std::string> registration_number{};
    /// ISO 3166-1 alpha-2.
    std::optional<std::string> country_code{};
    std::optional<std::string> region{};
    std::optional<std::string> company_type{};
    std::optional<std::string> incorporation_date{};
    std::optional<std::string> registered_address{};
    std::optional<std::string> tax_number{};
    /// "LOW", "MEDIUM", "HIGH" or null.
    std::optional<std::string> risk_level{};
    std::optional<std::string> verification_status{};
    std::optional<bool> is_from_registry{};
    std::optional<std::string> fetch_status{};
    std::optional<Json> alternative_names{};
    std::optional<std::string> nature_of_business{};
    std::optional<std::string> registered_capital{};
    std::optional<std::string> registered_capital_amount{};
    std::optional<std::string> registered_capital_currency{};
    std::optional<std::string> website{};
    std::optional<std::string> email{};
    std::optional<std::string> phone{};
    std::optional<std::string> legal_entity_identifier{};
    std::optional<std::string> location_of_registration{};
    std::optional<std::string> vat_number{};
    std::optional<std::string> vat_validation_status{};
    std::optional<std::vector<KybPerson>> officers{};
    std::optional<std::vector<KybPerson>> beneficial_owners{};
    std::optional<Json> addresses{};
    std::optional<Json> industries{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KybCompany, uuid, node_id, status, registry_status, data_resolved, company_name, registration_number,
                   country_code, region, company_type, incorporation_date, registered_address, tax_number, risk_level,
                   verification_status, is_from_registry, fetch_status, alternative_names, nature_of_business,
                   registered_capital, registered_capital_amount, registered_capital_currency, website, email, phone,
                   legal_entity_identifier, location_of_registration, vat_number, vat_validation_status, officers,
                   beneficial_owners, addresses, industries)

/// One company-registry check (`registry_checks[]`, KYB).
struct RegistryCheck {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<bool> data_resolved{};
    std::optional<KybCompany> company{};
    /// A graph of `nodes` (and edges) from the company to its owners.
    std::optional<Json> ownership_structure{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(RegistryCheck, node_id, status, data_resolved, company, ownership_structure, warnings)

/// Key people as the registry lists them.
struct KeyPeopleRegistry {
    std::optional<std::vector<KybPerson>> officers{};
    std::optional<std::vector<KybPerson>> beneficial_owners{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KeyPeopleRegistry, officers, beneficial_owners)

/// Key people as the user submitted them.
struct KeyPeopleSubmitted {
    std::optional<std::vector<KybPerson>> parties{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KeyPeopleSubmitted, parties)

/// One key-people check (`key_people_checks[]`, KYB): who runs and owns the company and
/// where their own KYC sessions stand.
struct KeyPeopleCheck {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<KeyPeopleRegistry> registry{};
    std::optional<KeyPeopleSubmitted> submitted{};
    /// {total, approved, flagged, pending} or null.
    std::optional<Json> ubo_kyc_summary{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KeyPeopleCheck, node_id, status, registry, submitted, ubo_kyc_summary, warnings)

/// One uploaded company document.
struct KybDocument {
    std::optional<std::string> uuid{};
    /// LEGAL_PRESENCE, COMPANY_DETAILS, OWNERSHIP_STRUCTURE, REPRESENTATIVES_AUTHORIZATION, OTHER.
    std::optional<std::string> document_type{};
    std::optional<std::string> document_subtype{};
    std::optional<std::string> document_group{};
    std::optional<std::string> file_url{};
    std::optional<std::string> original_filename{};
    std::optional<std::int64_t> file_size{};
    std::optional<FeatureStatus> status{};
    std::optional<std::string> created_at{};
    std::optional<std::string> description{};
    std::optional<bool> is_requested{};
    std::optional<bool> is_console_upload{};
    std::optional<bool> is_confirmed{};
    std::optional<Json> ocr_data{};
    std::optional<Json> cross_check_result{};
    std::optional<Json> document_metadata{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(KybDocument, uuid, document_type, document_subtype, document_group, file_url, original_filename,
                   file_size, status, created_at, description, is_requested, is_console_upload, is_confirmed, ocr_data,
                   cross_check_result, document_metadata)

/// One company-documents step (`document_verifications[]`, KYB).
struct DocumentVerification {
    std::optional<std::string> node_id{};
    std::optional<FeatureStatus> status{};
    std::optional<std::vector<KybDocument>> items{};
    /// Per document group: {total, approved, pending, declined, in_review, other, missing}.
    std::optional<Json> groups{};
    std::optional<std::vector<std::string>> required_groups{};
    std::optional<std::vector<Warning>> warnings{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(DocumentVerification, node_id, status, items, groups, required_groups, warnings)

// ---- the decision -----------------------------------------------------------------------

/// A manual review note: `reviews[]` of a decision, and the reply of
/// POST /v3/sessions/{session_id}/reviews/. Older Didit guides' review fields (`id`,
/// `action`, `old_status`, `note`), if a server sends them, land in `extra`.
struct SessionReview {
    /// Who wrote it ("Unknown" for entries created through the API).
    std::optional<std::string> user{};
    /// A status label (recording one through the reviews route does not change the session).
    std::optional<SessionStatus> new_status{};
    std::optional<std::string> comment{};
    std::optional<std::string> created_at{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(SessionReview, user, new_status, comment, created_at)

/// GET /v3/session/{session_id}/decision/ — everything the session has produced so far, for
/// both session kinds (`session_kind` "user" for KYC, "business" for KYB; the same path
/// serves both). Each feature array is null (here: nullopt) until that feature has run, and
/// absent for features of the other kind. Also the `decision` of webhook events and the reply
/// of import-shared; the V2-style payload an import of a KYC session may return (singular
/// blocks such as `id_verification`, `liveness`, `aml`) keeps those blocks in `extra`.
struct Decision {
    std::string session_id{};
    std::optional<std::int64_t> session_number{};
    std::optional<std::string> session_url{};
    std::optional<SessionStatus> status{};
    /// Absent with `include=events` and in V2-style imports.
    std::optional<SessionKind> session_kind{};
    /// "live" or "sandbox".
    std::optional<std::string> environment{};
    std::optional<std::string> workflow_id{};
    /// Strings normally; `[{feature, node_id}]` objects with `include=events`.
    std::optional<FeatureNames> features{};
    Nullable<std::string> vendor_data{};
    /// Any JSON, as set when the session was created (null when none).
    std::optional<Json> metadata{};
    std::optional<ExpectedDetails> expected_details{};
    std::optional<ContactDetails> contact_details{};
    Nullable<std::string> callback{};
    std::optional<std::string> created_at{};
    Nullable<std::string> expires_at{};

    // KYC features.
    std::optional<std::vector<IdVerification>> id_verifications{};
    std::optional<std::vector<NfcVerification>> nfc_verifications{};
    std::optional<std::vector<LivenessCheck>> liveness_checks{};
    std::optional<std::vector<FaceMatch>> face_matches{};
    std::optional<std::vector<PhoneVerification>> phone_verifications{};
    std::optional<std::vector<EmailVerification>> email_verifications{};
    std::optional<std::vector<PoaVerification>> poa_verifications{};
    std::optional<std::vector<DocumentAiDocument>> document_ai_documents{};
    std::optional<std::vector<QuestionnaireResponse>> questionnaire_responses{};
    std::optional<std::vector<AmlScreening>> aml_screenings{};
    std::optional<std::vector<IpAnalysis>> ip_analyses{};
    std::optional<std::vector<DatabaseValidation>> database_validations{};
    // KYB features.
    std::optional<std::vector<RegistryCheck>> registry_checks{};
    std::optional<std::vector<KeyPeopleCheck>> key_people_checks{};
    std::optional<std::vector<DocumentVerification>> document_verifications{};

    std::optional<std::vector<SessionReview>> reviews{};

    // Only with `include=events`; the other additions (activity_reviews,
    // blocklisted, cost_breakdown, api_service, session_type, …) are in `extra`.
    std::optional<Json> events{};
    std::optional<std::string> workflow_type{};
    std::optional<int> workflow_version{};
    std::optional<std::string> workflow_version_id{};
    /// Import-shared replies (2026-09 API): where the session was cloned from.
    std::optional<Json> shared_from_session{};
    Json extra{};
};
DIDIT_DETAIL_MODEL(Decision, session_id, session_number, session_url, status, session_kind, environment, workflow_id,
                   features, vendor_data, metadata, expected_details, contact_details, callback, created_at, expires_at,
                   id_verifications, nfc_verifications, liveness_checks, face_matches, phone_verifications,
                   email_verifications, poa_verifications, document_ai_documents, questionnaire_responses,
                   aml_screenings, ip_analyses, database_validations, registry_checks, key_people_checks,
                   document_verifications, reviews, events, workflow_type, workflow_version, workflow_version_id,
                   shared_from_session)

}  // namespace didit
