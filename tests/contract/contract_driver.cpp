// SPDX-License-Identifier: MIT
// Calls routes of the SDK's route table from a JSON list, through CurlTransport, and prints one
// JSON line per call with its outcome. tests/contract/prism_contract.py builds the list from
// Didit's OpenAPI and runs this against Prism, the validating mock of that OpenAPI.
//
//   contract_driver <base-url> <calls.json>
//
// calls.json: [{"route": "WorkflowsCreate", "path": ["…"], "body": {…}, "query": {…}}, …]; "path"
// holds the path parameters in the order of the route's path type, "body" and "query" are decoded
// into the route's request and query models (a value the model cannot hold is reported, not sent).
// Each output line: {"route", "sent", "ok", "kind", "status", "message", "lost"}; "lost" lists the
// body and query members that the models did not send back unchanged.
#include <didit/didit.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

template <class P, std::size_t... I>
P make_path(const std::vector<std::string>& v, std::index_sequence<I...>) {
    return P{v[I]...};
}

/// Members of `sent` (what the caller asked for) that `echo` (what the model encodes) lacks or
/// changed, as JSON pointers; the model keeps unknown members, so a good model loses none.
void lost_members(const json& sent, const json& echo, const std::string& at, std::vector<std::string>& out) {
    if (sent.is_object() && echo.is_object()) {
        for (auto it = sent.begin(); it != sent.end(); ++it) {
            auto e = echo.find(it.key());
            if (e == echo.end())
                out.push_back(at + "/" + it.key());
            else
                lost_members(it.value(), *e, at + "/" + it.key(), out);
        }
        return;
    }
    if (sent.is_array() && echo.is_array() && sent.size() == echo.size()) {
        for (std::size_t i = 0; i < sent.size(); ++i) lost_members(sent[i], echo[i], at + "/" + std::to_string(i), out);
        return;
    }
    if (sent.is_number() && echo.is_number() && sent.get<double>() == echo.get<double>()) return;
    if (sent != echo) out.push_back(at.empty() ? "/" : at);
}

template <class M>
bool decode_part(const json& in, M& model, const char* part, std::vector<std::string>& lost, std::string& why) {
    auto decoded = didit::decode_json<M>(std::string_view(in.dump()));
    if (!decoded) {
        why = std::string(part) + ": " + decoded.error().message;
        return false;
    }
    model = std::move(decoded).value();
    auto echo = didit::encode_json(model);
    if (!echo) {
        why = std::string(part) + " (re-encoded): " + echo.error().message;
        return false;
    }
    lost_members(in, echo.value(), std::string("/") + part, lost);
    return true;
}

/// A small PNG for each file part of a multipart request.
const std::string& small_png() {
    static const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 24);
    return png;
}

/// `out` from the form's member `key`, when the form has it.
template <class T>
void from_form(std::optional<T>& out, const json& form, const char* key) {
    if (!form.contains(key)) return;
    if constexpr (std::is_constructible_v<T, std::string_view> && !std::is_same_v<T, std::string>)
        out = T(std::string_view(form[key].get<std::string>()));
    else
        out = form[key].get<T>();
}

/// The settings every standalone check's form has.
template <class R>
void fill_common(R& r, const json& form) {
    from_form(r.save_api_request, form, "save_api_request");
    from_form(r.vendor_data, form, "vendor_data");
    if (form.contains("metadata")) r.metadata = form["metadata"];
}

/// A multipart request from the spec's form: each file part gets a small PNG, the other fields
/// their values (what the spec's fullest instance gives).
void fill_form(didit::FaceMatchRequest& r, const json& form) {
    r.user_image = didit::FilePart::from_memory(small_png(), "user.png");
    r.ref_image = didit::FilePart::from_memory(small_png(), "ref.png");
    from_form(r.face_match_score_decline_threshold, form, "face_match_score_decline_threshold");
    from_form(r.rotate_image, form, "rotate_image");
    fill_common(r, form);
}
void fill_form(didit::IdVerificationRequest& r, const json& form) {
    r.front_image = didit::FilePart::from_memory(small_png(), "front.png");
    r.back_image = didit::FilePart::from_memory(small_png(), "back.png");
    from_form(r.front_image_password, form, "front_image_password");
    from_form(r.back_image_password, form, "back_image_password");
    from_form(r.perform_document_liveness, form, "perform_document_liveness");
    from_form(r.minimum_age, form, "minimum_age");
    from_form(r.expiration_date_not_detected_action, form, "expiration_date_not_detected_action");
    from_form(r.invalid_mrz_action, form, "invalid_mrz_action");
    from_form(r.inconsistent_data_action, form, "inconsistent_data_action");
    from_form(r.preferred_characters, form, "preferred_characters");
    fill_common(r, form);
}
void fill_form(didit::PassiveLivenessRequest& r, const json& form) {
    r.user_image = didit::FilePart::from_memory(small_png(), "user.png");
    from_form(r.face_liveness_score_decline_threshold, form, "face_liveness_score_decline_threshold");
    from_form(r.rotate_image, form, "rotate_image");
    fill_common(r, form);
}
void fill_form(didit::AgeEstimationRequest& r, const json& form) {
    r.user_image = didit::FilePart::from_memory(small_png(), "user.png");
    from_form(r.face_liveness_score_decline_threshold, form, "face_liveness_score_decline_threshold");
    from_form(r.age_estimation_decline_threshold, form, "age_estimation_decline_threshold");
    from_form(r.rotate_image, form, "rotate_image");
    fill_common(r, form);
}
void fill_form(didit::PoaCheckRequest& r, const json& form) {
    r.document = didit::FilePart::from_memory(small_png(), "document.png");
    for (auto [member, key] :
         {std::pair<std::optional<std::string>*, const char*>{&r.document_password, "document_password"},
          {&r.expected_address, "expected_address"},
          {&r.expected_country, "expected_country"},
          {&r.expected_first_name, "expected_first_name"},
          {&r.expected_last_name, "expected_last_name"},
          {&r.poa_languages_allowed, "poa_languages_allowed"},
          {&r.poa_document_age_months, "poa_document_age_months"}})
        from_form(*member, form, key);
    for (auto [member, key] : {std::pair<std::optional<didit::ImageCheckAction>*, const char*>{
                                   &r.poa_name_mismatch_action, "poa_name_mismatch_action"},
                               {&r.poa_document_issues_action, "poa_document_issues_action"},
                               {&r.poa_document_authenticity_action, "poa_document_authenticity_action"},
                               {&r.poa_unsupported_language_action, "poa_unsupported_language_action"},
                               {&r.poa_address_mismatch_action, "poa_address_mismatch_action"},
                               {&r.poa_issuer_not_identified_action, "poa_issuer_not_identified_action"}})
        from_form(*member, form, key);
    fill_common(r, form);
}
void fill_form(didit::FaceSearchRequest& r, const json& form) {
    r.user_image = didit::FilePart::from_memory(small_png(), "user.png");
    from_form(r.search_type, form, "search_type");
    from_form(r.rotate_image, form, "rotate_image");
    fill_common(r, form);
}

/// A case note attachment: its one file part as a small CSV (the text the part also accepts).
void fill_form(didit::CaseNoteAttachmentUploadRequest& r, const json&) {
    r.file = didit::FilePart::from_memory("name,score\nA,9\n", "hits.csv", "text/csv");
}

/// The import form: a small CSV file; `source_file_url` is left out, since the request takes
/// one of the two.
void fill_form(didit::SessionImportCreateRequest& r, const json& form) {
    r.file = didit::FilePart::from_memory("external_id,status\next-1,Approved\n", "sessions.csv");
    if (form.contains("import_type")) r.import_type = didit::SessionImportType(form["import_type"].get<std::string>());
    if (form.contains("workflow_id")) r.workflow_id = form["workflow_id"].get<std::string>();
    if (form.contains("source_format"))
        r.source_format = didit::SessionImportFormat(form["source_format"].get<std::string>());
}

/// The branding form: a small PNG in each image part (the settings go as form fields).
void fill_form(didit::BrandingUpdateRequest& r, const json&) {
    const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 24);
    r.image_square = didit::FilePart::from_memory(png, "square.png");
    r.image_rectangular = didit::FilePart::from_memory(png, "rect.png");
    r.image_favicon = didit::FilePart::from_memory(png, "favicon.png");
    r.settings.color_primary = "#123456";
    r.settings.hide_progress_bar = true;
}

template <class E>
json call_route(didit::Client<>& client, const json& c) {
    using P = typename E::path_params;
    using B = typename E::request;
    using Q = typename E::query;
    json out{{"route", std::string(E::name)}, {"sent", false}, {"ok", false}};
    std::vector<std::string> lost;
    std::string why;
    std::vector<std::string> path_values;
    for (const auto& v : c.value("path", json::array())) path_values.push_back(v.get<std::string>());
    if (path_values.size() != P::names.size()) {
        out["message"] = "expected " + std::to_string(P::names.size()) + " path values";
        return out;
    }
    P path = make_path<P>(path_values, std::make_index_sequence<P::names.size()>{});
    B body{};
    Q query{};
    if constexpr (E::content_type == didit::ContentType::Multipart) {
        fill_form(body, c.value("form", json::object()));
    } else if constexpr (!std::is_same_v<B, didit::NoBody>) {
        if (c.contains("body") && !c["body"].is_null() && !decode_part(c["body"], body, "body", lost, why)) {
            out["message"] = why;
            return out;
        }
    }
    if constexpr (!std::is_same_v<Q, didit::NoQuery>) {
        if (c.contains("query") && !c["query"].is_null() && !decode_part(c["query"], query, "query", lost, why)) {
            out["message"] = why;
            return out;
        }
    }
    out["lost"] = lost;
    didit::CallOptions opts;
    if constexpr (std::is_same_v<typename E::reply, didit::Pdf>)
        opts.headers.set("Accept", "application/pdf, application/json");  // as SessionsResource::generate_pdf asks
    if constexpr (std::is_same_v<typename E::reply, didit::SessionImportTemplate>)
        opts.headers.set("Accept", "text/csv, application/json");  // as SessionsResource::import_template asks
    // The device-facing transaction routes authenticate with the transaction token (Prism checks
    // that X-Transaction-Token is present); the others with the client's credentials.
    auto r = [&] {
        if constexpr (E::auth == didit::Auth::TransactionToken)
            return client.call<E>(path, body, query, opts, didit::TransactionToken("contract-test-transaction-token"));
        else if constexpr (E::auth == didit::Auth::SessionToken)
            return client.call<E>(path, body, query, opts, didit::SessionToken("contract-session-token"));
        else
            return client.call<E>(path, body, query, opts);
    }();
    out["sent"] = true;
    if (r) {
        out["ok"] = true;
    } else {
        out["kind"] = std::string(didit::to_string(r.error().kind));
        out["status"] = r.error().status;
        out["message"] = r.error().message;
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: contract_driver <base-url> <calls.json>\n";
        return 2;
    }
    std::ifstream in(argv[2]);
    std::stringstream text;
    text << in.rdbuf();
    const json calls = json::parse(text.str(), nullptr, false);
    if (!calls.is_array()) {
        std::cerr << "contract_driver: " << argv[2] << " is not a JSON array\n";
        return 2;
    }
    didit::ClientOptions options;
    options.base_url = argv[1];
    options.auth_base_url = argv[1];
    options.api_key = "contract-test-key";
    options.access_token = "contract-test-token";
    options.retry.max_retries = 0;
    didit::Client<> client(options);
    int failures = 0;
    for (const auto& c : calls) {
        const std::string name = c.value("route", "");
        json result;
        bool known = false;
#define DIDIT_CONTRACT_CALL(E)                               \
    if (!known && name == didit::endpoints::E::name) {       \
        known = true;                                        \
        result = call_route<didit::endpoints::E>(client, c); \
    }
        DIDIT_ROUTES(DIDIT_CONTRACT_CALL)
#undef DIDIT_CONTRACT_CALL
        if (!known) result = json{{"route", name}, {"sent", false}, {"ok", false}, {"message", "no such route"}};
        if (!result.value("ok", false)) ++failures;
        std::cout << result.dump() << "\n";
    }
    return failures == 0 ? 0 : 1;
}
