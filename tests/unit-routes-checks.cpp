// SPDX-License-Identifier: MIT
// Standalone image checks (ID verification, passive liveness, age estimation, proof of address,
// face search): method, URL and the multipart parts of each call, the reply decoded, and the
// refusals made before anything is sent.
#include <didit/didit.hpp>

#include "route_checks.hpp"
#include "support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace {

using didit::ErrorKind;
using didit::FilePart;
using didit::HttpRequest;
using didit::ImageCheckStatus;
using didit::Json;

const std::string kBase = "https://verification.didit.me/v3/";

/// `n` bytes that start with `magic`, the rest a pattern.
std::string bytes_of(std::string magic, std::size_t n) {
    while (magic.size() < n) magic += static_cast<char>('a' + static_cast<char>(magic.size() % 26));
    magic.resize(n);
    return magic;
}
std::string jpeg(std::size_t n) { return bytes_of(std::string("\xFF\xD8\xFF\xE0", 4), n); }
std::string png(std::size_t n) { return bytes_of(std::string("\x89PNG\r\n\x1A\n", 8), n); }
std::string webp(std::size_t n) { return bytes_of(std::string("RIFF\x10\x00\x00\x00WEBPVP8 ", 16), n); }
std::string tiff(std::size_t n) { return bytes_of(std::string("II*\0", 4), n); }
std::string pdf(std::size_t n) { return bytes_of("%PDF-1.7\n", n); }

/// One part of a multipart/form-data body as a server reads it.
struct Part {
    std::string name;
    std::string filename;      ///< "" for a text field
    std::string content_type;  ///< "" for a text field
    std::string data;
    bool operator==(const Part& o) const {
        return name == o.name && filename == o.filename && content_type == o.content_type && data == o.data;
    }
};
std::ostream& operator<<(std::ostream& os, const Part& p) {
    return os << p.name << " [" << p.filename << "|" << p.content_type << "] " << p.data.size() << " bytes";
}
Part field(std::string name, std::string value) { return {std::move(name), "", "", std::move(value)}; }
Part file(std::string name, std::string filename, std::string type, std::string data) {
    return {std::move(name), std::move(filename), std::move(type), std::move(data)};
}

/// The value of `key="..."` in a Content-Disposition line, or "".
std::string param(const std::string& line, const std::string& key) {
    const std::string k = "; " + key + "=\"";
    const auto at = line.find(k);
    if (at == std::string::npos) return {};
    const auto end = line.find('"', at + k.size());
    return line.substr(at + k.size(), end - at - k.size());
}

/// The parts of the multipart body `req` carries, in order (empty when it is not multipart).
std::vector<Part> parts_of(const HttpRequest& req) {
    const std::string ct(req.headers.get("Content-Type"));
    const std::string prefix = "multipart/form-data; boundary=";
    if (ct.rfind(prefix, 0) != 0 || !req.body_source) return {};
    auto all = req.body_source->read_all();
    if (!all.ok()) return {};
    const std::string body = all.value(), delim = "--" + ct.substr(prefix.size());
    std::vector<Part> out;
    std::size_t pos = body.find(delim);
    while (pos != std::string::npos && body.compare(pos + delim.size(), 2, "--") != 0) {
        const std::size_t head = pos + delim.size() + 2, blank = body.find("\r\n\r\n", head);
        const std::size_t next = body.find("\r\n" + delim, blank);
        if (blank == std::string::npos || next == std::string::npos) return {};
        const std::string headers = body.substr(head, blank - head);
        Part p;
        p.name = param(headers, "name");
        p.filename = param(headers, "filename");
        if (auto t = headers.find("Content-Type: "); t != std::string::npos) p.content_type = headers.substr(t + 14);
        p.data = body.substr(blank + 4, next - blank - 4);
        out.push_back(std::move(p));
        pos = next + 2;
    }
    return out;
}

/// One call of the table below: what it sends, and the reply it gets and checks.
struct Case {
    const char* name;
    std::function<bool(didit_test::MockClient&)> call;  ///< true when the call succeeded and decoded
    std::string url;
    std::vector<Part> parts;
    std::string reply;
};

template <class R>
bool ok(const R& r) {
    if (!r.ok()) MESSAGE(r.error().to_string());
    return r.ok();
}

}  // namespace

TEST_CASE("image checks: every route posts its parts to its URL and decodes its reply") {
    didit::IdVerificationRequest idv;
    idv.front_image = FilePart::from_memory(jpeg(900), "front.jpg", "image/jpeg");
    idv.back_image = FilePart::from_memory(pdf(700), "back.pdf");
    idv.perform_document_liveness = true;
    idv.minimum_age = 21;
    idv.invalid_mrz_action = didit::ImageCheckAction::NoAction;
    idv.preferred_characters = didit::PreferredCharacters::NonLatin;
    idv.vendor_data = "user-1";
    didit::PassiveLivenessRequest live;
    live.user_image = FilePart::from_memory(png(800), "selfie.png");
    live.face_liveness_score_decline_threshold = 55;
    live.rotate_image = true;
    didit::AgeEstimationRequest age;
    age.user_image = FilePart::from_memory(webp(600), "face.webp");
    age.age_estimation_decline_threshold = 21;
    age.save_api_request = false;
    didit::PoaCheckRequest poa;
    poa.document = FilePart::from_memory(pdf(1200), "bill.pdf", "application/pdf");
    poa.expected_country = "ESP";
    poa.poa_languages_allowed = "en,es";
    poa.poa_address_mismatch_action = didit::ImageCheckAction::NoAction;
    poa.metadata = Json{{"k", 1}};
    didit::FaceSearchRequest search;
    search.user_image = FilePart::from_memory(tiff(500), "face.tiff");
    search.search_type = didit::FaceSearchType::BlocklistedOrApproved;
    search.extra = Json{{"trace", "t-9"}};

    const std::vector<Case> cases = {
        {"id_verification",
         [&](auto& t) {
             auto r = t.client.checks().id_verification(idv);
             if (!ok(r)) return false;
             const auto& o = r->id_verification.value();
             CHECK(o.status == ImageCheckStatus::Declined);
             CHECK(o.first_name.value() == "Carmen");
             CHECK(o.back_image.is_null());
             CHECK(o.mrz->document_number.value() == "CAA000000");
             REQUIRE(o.warnings->size() == 1);
             CHECK(o.warnings->at(0).risk.value() == "DOCUMENT_EXPIRED");
             CHECK(o.warnings->at(0).log_type == didit::ImageCheckLogType::Error);
             CHECK(o.extra.contains("new_member"));  // unknown members kept
             CHECK(r->vendor_data.value() == "user-1");
             return true;
         },
         kBase + "id-verification/",
         {file("front_image", "front.jpg", "image/jpeg", jpeg(900)),
          file("back_image", "back.pdf", "application/pdf", pdf(700)), field("perform_document_liveness", "true"),
          field("minimum_age", "21"), field("invalid_mrz_action", "NO_ACTION"),
          field("preferred_characters", "non_latin"), field("vendor_data", "user-1")},
         R"({"request_id":"8e3f3c2a-0000-4000-8000-000000000001","id_verification":{"status":"Declined",
           "first_name":"Carmen","back_image":null,"mrz":{"document_number":"CAA000000"},
           "warnings":[{"risk":"DOCUMENT_EXPIRED","feature":"ID_VERIFICATION","log_type":"error"}],
           "new_member":1},"vendor_data":"user-1","metadata":null})"},
        {"passive_liveness",
         [&](auto& t) {
             auto r = t.client.checks().passive_liveness(live);
             if (!ok(r)) return false;
             const auto& o = r->liveness.value();
             CHECK(o.status == ImageCheckStatus::Approved);
             CHECK(o.method == didit::LivenessMethod::Passive);
             CHECK(o.score.value() == doctest::Approx(95.5));
             CHECK(o.face_luminance.is_null());
             CHECK(o.user_image->entities->at(0).bbox.value() == std::vector<std::int64_t>{1, 2, 3, 4});
             return true;
         },
         kBase + "passive-liveness/",
         {file("user_image", "selfie.png", "image/png", png(800)),
          field("face_liveness_score_decline_threshold", "55.0"), field("rotate_image", "true")},
         R"({"request_id":"r","liveness":{"status":"Approved","method":"PASSIVE","score":95.5,
           "user_image":{"entities":[{"bbox":[1,2,3,4],"confidence":0.9}],"best_angle":0},"warnings":[],
           "face_quality":80.1,"face_luminance":null}})"},
        {"age_estimation",
         [&](auto& t) {
             auto r = t.client.checks().age_estimation(age);
             if (!ok(r)) return false;
             const auto& o = r->age_estimation.value();
             CHECK(o.status == ImageCheckStatus::Declined);
             CHECK(o.age_estimation.value() == doctest::Approx(16.4));
             CHECK(o.warnings->at(0).risk == didit::AgeEstimationRisk::AgeBelowMinimum);
             return true;
         },
         kBase + "age-estimation/",
         {file("user_image", "face.webp", "image/webp", webp(600)), field("age_estimation_decline_threshold", "21"),
          field("save_api_request", "false")},
         R"({"request_id":"r","age_estimation":{"status":"Declined","method":"PASSIVE","score":88,
           "age_estimation":16.4,"warnings":[{"risk":"AGE_BELOW_MINIMUM","feature":"LIVENESS","log_type":"error"}]}})"},
        {"proof_of_address",
         [&](auto& t) {
             auto r = t.client.checks().proof_of_address(poa);
             if (!ok(r)) return false;
             const auto& o = r->poa.value();
             CHECK(o.status == ImageCheckStatus::Approved);
             CHECK(o.document_type == didit::PoaCheckDocumentType::UtilityBill);
             CHECK(o.poa_parsed_address.value().city.value() == "Madrid");
             CHECK(o.document_type->str() == "UTILITY_BILL");
             CHECK(r->metadata.value() == Json{{"k", 1}});
             return true;
         },
         kBase + "poa/",
         {file("document", "bill.pdf", "application/pdf", pdf(1200)), field("expected_country", "ESP"),
          field("poa_languages_allowed", "en,es"), field("poa_address_mismatch_action", "NO_ACTION"),
          field("metadata", R"({"k":1})")},
         R"({"request_id":"r","poa":{"status":"Approved","document_type":"UTILITY_BILL","issuer":"Acme Power",
           "poa_parsed_address":{"city":"Madrid","country":"ES"},"warnings":[]},"metadata":{"k":1}})"},
        {"face_search",
         [&](auto& t) {
             auto r = t.client.checks().face_search(search);
             if (!ok(r)) return false;
             const auto& o = r->face_search.value();
             CHECK(o.status == ImageCheckStatus::Declined);
             CHECK(o.total_matches.value() == 1);
             const auto& m = o.matches->at(0);
             CHECK(m.is_blocklisted.value());
             CHECK(m.source == didit::FaceSearchMatchSource::ListEntry);
             CHECK(m.session_id.is_null());
             CHECK(m.similarity_percentage.value() == doctest::Approx(97.25));
             CHECK(o.warnings->at(0).risk == didit::FaceSearchRisk::FaceInBlocklist);
             return true;
         },
         kBase + "face-search/",
         {file("user_image", "face.tiff", "image/tiff", tiff(500)), field("search_type", "blocklisted_or_approved"),
          field("trace", "t-9")},
         R"({"request_id":"r","face_search":{"status":"Declined","total_matches":1,"matches":[{"session_id":null,
           "similarity_percentage":97.25,"source":"list_entry","is_blocklisted":true,"is_allowlisted":false}],
           "warnings":[{"risk":"FACE_IN_BLOCKLIST","feature":"LIVENESS","log_type":"error"}]}})"},
    };
    for (const auto& c : cases) {
        INFO("call " << std::string(c.name));
        didit_test::MockClient t;
        t.mock.reply(200, c.reply);
        CHECK(c.call(t));
        REQUIRE(t.mock.request_count() == 1);
        const HttpRequest sent = *t.mock.last_request();
        CHECK(sent.method == didit::Method::Post);
        CHECK(sent.url == c.url);
        didit_test::check_api_key_auth(sent);
        CHECK(sent.body.empty());  // streamed from the body source
        const std::vector<Part> parts = parts_of(sent);
        REQUIRE(parts.size() == c.parts.size());
        for (std::size_t i = 0; i < parts.size(); ++i) CHECK(parts[i] == c.parts[i]);
    }
}

TEST_CASE("image checks: none is retried, and proof of address has a longer time limit of its own") {
    CHECK_FALSE(didit::endpoints::IdVerification::retry_safe);
    CHECK_FALSE(didit::endpoints::PassiveLiveness::retry_safe);
    CHECK_FALSE(didit::endpoints::AgeEstimation::retry_safe);
    CHECK_FALSE(didit::endpoints::ProofOfAddress::retry_safe);
    CHECK_FALSE(didit::endpoints::FaceSearch::retry_safe);
    CHECK(didit::endpoints::ProofOfAddress::timeout >= std::chrono::seconds(45));
    CHECK(didit::endpoints::FaceSearch::timeout.count() == 0);

    // A 503 on a write that costs a credit is not repeated.
    didit::ClientOptions o = didit_test::test_options();
    o.retry.max_retries = 3;
    didit::MockTransport mock;
    didit::Client<didit::MockTransport> client(o, mock);
    mock.reply(503, R"({"detail":"busy"})").reply(200, "{}");
    didit::PassiveLivenessRequest req;
    req.user_image = FilePart::from_memory(jpeg(100), "a.jpg");
    CHECK_FALSE(client.checks().passive_liveness(req).ok());
    CHECK(mock.request_count() == 1);
}

TEST_CASE("image checks: a missing, mistyped or oversized file is refused naming its part, before sending") {
    didit_test::MockClient t;
    auto refused = [&](const auto& r, const std::string& part, const std::string& why) {
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::InvalidArgument);
        INFO(r.error().message);
        CHECK(r.error().message.find("request body: " + part + ": ") != std::string::npos);
        CHECK(r.error().message.find(why) != std::string::npos);
    };
    auto checks = t.client.checks();
    const std::string png_text = "not an image at all";

    // Missing required images.
    refused(checks.id_verification({}), "front_image", "a file is required");
    refused(checks.passive_liveness({}), "user_image", "a file is required");
    refused(checks.age_estimation({}), "user_image", "a file is required");
    refused(checks.proof_of_address({}), "document", "a file is required");
    refused(checks.face_search({}), "user_image", "a file is required");

    // Wrong magic bytes; a PDF where only images are accepted.
    didit::IdVerificationRequest idv;
    idv.front_image = FilePart::from_memory(jpeg(100), "front.jpg");
    idv.back_image = FilePart::from_memory(png_text, "back.png");
    refused(checks.id_verification(idv), "back_image", "not a JPEG, PNG, WebP or TIFF image or a PDF");
    didit::PassiveLivenessRequest live;
    live.user_image = FilePart::from_memory(pdf(100), "selfie.pdf");
    refused(checks.passive_liveness(live), "user_image", "not a JPEG, PNG, WebP or TIFF image");
    didit::AgeEstimationRequest age;
    age.user_image = FilePart::from_memory(png_text, "face.png");
    refused(checks.age_estimation(age), "user_image", "judged by its first bytes");
    didit::FaceSearchRequest search;
    search.user_image = FilePart::from_memory(pdf(100), "face.pdf");
    refused(checks.face_search(search), "user_image", "not a JPEG, PNG, WebP or TIFF image");

    // Size limits: 10 MB per ID side, 15 MB for a PoA document, 5 MB for a face (10^6 bytes each).
    idv.back_image = FilePart::from_memory(pdf(10000001), "back.pdf");
    refused(checks.id_verification(idv), "back_image", "over the limit of 10000000 bytes");
    didit::PoaCheckRequest poa;
    poa.document = FilePart::from_memory(pdf(15000001), "bill.pdf");
    refused(checks.proof_of_address(poa), "document", "over the limit of 15000000 bytes");
    live.user_image = FilePart::from_memory(jpeg(5000001), "big.jpg");
    refused(checks.passive_liveness(live), "user_image", "over the limit of 5000000 bytes");
    age.user_image = FilePart::from_memory(jpeg(5000001), "big.jpg");
    refused(checks.age_estimation(age), "user_image", "over the limit of 5000000 bytes");
    search.user_image = FilePart::from_memory(jpeg(5000001), "big.jpg");
    refused(checks.face_search(search), "user_image", "over the limit of 5000000 bytes");

    // Settings out of range or outside a closed enum.
    idv.back_image = FilePart{};
    idv.minimum_age = 0;
    refused(checks.id_verification(idv), "minimum_age", "from 1 to 120");
    idv.minimum_age.reset();
    idv.invalid_mrz_action = didit::ImageCheckAction(std::string_view("IGNORE"));
    refused(checks.id_verification(idv), "invalid_mrz_action", "not one of the values");
    age.user_image = FilePart::from_memory(jpeg(100), "a.jpg");
    age.age_estimation_decline_threshold = 101;
    refused(checks.age_estimation(age), "age_estimation_decline_threshold", "from 0 to 100");
    live.user_image = FilePart::from_memory(jpeg(100), "a.jpg");
    live.face_liveness_score_decline_threshold = -1;
    refused(checks.passive_liveness(live), "face_liveness_score_decline_threshold", "from 0.0 to 100.0");
    search.user_image = FilePart::from_memory(jpeg(100), "a.jpg");
    search.search_type = didit::FaceSearchType(std::string_view("nearest"));
    refused(checks.face_search(search), "search_type", "not one of the values");
    CHECK(t.mock.request_count() == 0);

    // At the limit is accepted (the ID side of exactly 10 * 10^6 bytes), and the back is optional.
    idv.invalid_mrz_action.reset();
    idv.front_image = FilePart::from_memory(jpeg(10000000), "front.jpg");
    t.mock.reply(200, R"({"request_id":"r","id_verification":{"status":"Approved"}})");
    auto r = checks.id_verification(idv);
    REQUIRE(ok(r));
    REQUIRE(t.mock.request_count() == 1);
    const auto parts = parts_of(*t.mock.last_request());
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].name == "front_image");
}
