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
#include <sstream>
#include <string>
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

/// A multipart request from the spec's form: each file part gets a small PNG, the other fields
/// their values (what the spec's fullest instance gives).
void fill_form(didit::FaceMatchRequest& r, const json& form) {
    const std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 24);
    r.user_image = didit::FilePart::from_memory(png, "user.png");
    r.ref_image = didit::FilePart::from_memory(png, "ref.png");
    if (form.contains("face_match_score_decline_threshold"))
        r.face_match_score_decline_threshold = form["face_match_score_decline_threshold"].get<double>();
    if (form.contains("rotate_image")) r.rotate_image = form["rotate_image"].get<bool>();
    if (form.contains("save_api_request")) r.save_api_request = form["save_api_request"].get<bool>();
    if (form.contains("vendor_data")) r.vendor_data = form["vendor_data"].get<std::string>();
    if (form.contains("metadata")) r.metadata = form["metadata"];
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
    if constexpr (E::auth == didit::Auth::SessionToken) opts.session_token = "contract-session-token";
    auto r = client.call<E>(path, body, query, opts);
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
