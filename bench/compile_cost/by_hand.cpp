// SPDX-License-Identifier: MIT
// Compile-cost baseline: the same call as one_call.cpp written by hand with libcurl and nlohmann/json.
//
// What a careful user writes without the SDK: environment key, URL, headers, status check, an
// error message from the body, and the reply decoded into a struct without throwing. Built to be
// measured; the benchmark never runs it (it would call the real API).
#include <curl/curl.h>

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace {

struct Workflow {
    std::string uuid;
    std::optional<std::string> workflow_label;
    std::optional<std::string> status;
    std::optional<int> version;
};

size_t on_body(char* data, size_t size, size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}

std::optional<std::string> string_field(const nlohmann::json& j, const char* name) {
    auto it = j.find(name);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

}  // namespace

int main(int argc, char** argv) {
    const char* key = std::getenv("DIDIT_API_KEY");
    const char* base = std::getenv("DIDIT_BASE_URL");
    const std::string id = argc > 1 ? argv[1] : "c3d4e5f6-7890-42cd-8f34-333333333333";
    const std::string url = std::string(base ? base : "https://verification.didit.me") + "/v3/workflows/" + id + "/";

    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL* h = curl_easy_init();
    if (!h) return 1;
    std::string body;
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, ("x-api-key: " + std::string(key ? key : "")).c_str());
    headers = curl_slist_append(headers, "Accept: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "by-hand/1.0");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 60000L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    if (rc != CURLE_OK) {
        std::cerr << "request failed: " << curl_easy_strerror(rc) << "\n";
        return 1;
    }

    nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (status < 200 || status > 299) {
        std::string detail = j.is_object() ? string_field(j, "detail").value_or(body) : body;
        std::cerr << "HTTP " << status << ": " << detail << "\n";
        return 1;
    }
    if (!j.is_object()) {
        std::cerr << "reply is not a JSON object\n";
        return 1;
    }
    Workflow wf;
    auto uuid = string_field(j, "uuid");
    if (!uuid) {
        std::cerr << "reply has no uuid\n";
        return 1;
    }
    wf.uuid = *uuid;
    wf.workflow_label = string_field(j, "workflow_label");
    wf.status = string_field(j, "status");
    auto v = j.find("version");
    if (v != j.end() && v->is_number_integer()) wf.version = v->get<int>();
    std::cout << wf.uuid << " " << wf.workflow_label.value_or("") << " v" << wf.version.value_or(0) << "\n";
    return 0;
}
