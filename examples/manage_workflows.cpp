// SPDX-License-Identifier: MIT
// manage_workflows: list, create, get, update and delete workflows (as a command-line tool).
//
//   export DIDIT_API_KEY="your_key"
//   manage_workflows list
//   manage_workflows create --label "My KYC" --type kyc --liveness --face-match
//   manage_workflows get <uuid>
//   manage_workflows update <uuid> --enable-aml --aml-threshold 75
//   manage_workflows delete <uuid>
//
// Older Didit guides' workflow script sent toggles (`workflow_type`, `is_liveness_enabled`, …)
// that the real API now rejects with 400. This program keeps that script's
// flags and sends what the API accepts: an ordered `features[]` list. Results are printed as
// JSON on stdout; errors go to stderr with exit status 1 (API or network) or 2 (usage).
// DIDIT_BASE_URL points it at another server (e.g. a local simulator).
#include <didit/didit.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using didit::Json;
using didit::WorkflowFeature;
using didit::WorkflowFeatureType;

int usage(const std::string& why = {}) {
    if (!why.empty()) std::cerr << "manage_workflows: " << why << "\n\n";
    std::cerr << "usage:\n"
                 "  manage_workflows list\n"
                 "  manage_workflows create [--label L] [--type kyc] [--liveness] [--face-match]\n"
                 "                          [--enable-aml] [--aml-threshold N]\n"
                 "  manage_workflows get <uuid>\n"
                 "  manage_workflows update <uuid> [--label L] [--liveness] [--face-match]\n"
                 "                          [--enable-aml] [--aml-threshold N]\n"
                 "  manage_workflows delete <uuid>\n"
                 "Reads DIDIT_API_KEY; DIDIT_BASE_URL overrides https://verification.didit.me.\n";
    return 2;
}

/// A request this program will not send because the real API would reject it.
int refuse(const std::string& why) {
    std::cerr << "manage_workflows: " << why << '\n';
    return 2;
}

int fail(const didit::Error& e) {
    std::cerr << "manage_workflows: " << e.to_string() << '\n';
    return 1;
}

template <class T>
int print(const T& model) {
    auto j = didit::encode_json(model);
    if (!j) return fail(j.error());
    std::cout << j->dump(2) << '\n';
    return 0;
}

struct Flags {
    std::vector<std::string> positional;
    std::optional<std::string> label;
    std::optional<std::string> type;
    bool liveness = false;
    bool face_match = false;
    bool aml = false;
    std::optional<int> aml_threshold;
};

/// Parses `--flag value` / `--flag=value` / switches; returns an error message or "".
std::string parse_flags(int argc, char** argv, int first, Flags& f) {
    for (int i = first; i < argc; ++i) {
        std::string arg = argv[i];
        std::string value;
        bool has_value = false;
        if (arg.rfind("--", 0) == 0) {
            std::size_t eq = arg.find('=');
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                has_value = true;
            }
        }
        auto take = [&]() -> std::optional<std::string> {
            if (has_value) return value;
            if (i + 1 >= argc) return std::nullopt;
            return std::string(argv[++i]);
        };
        if (arg == "--label" || arg == "--type" || arg == "--aml-threshold") {
            auto v = take();
            if (!v) return arg + " needs a value";
            if (arg == "--label") f.label = *v;
            if (arg == "--type") f.type = *v;
            if (arg == "--aml-threshold") {
                char* end = nullptr;
                long n = std::strtol(v->c_str(), &end, 10);
                if (v->empty() || *end != '\0' || n < 0 || n > 100)
                    return "--aml-threshold must be a whole number from 0 to 100, got '" + *v + "'";
                f.aml_threshold = static_cast<int>(n);
            }
        } else if (has_value) {
            return arg + " takes no value";
        } else if (arg == "--liveness") {
            f.liveness = true;
        } else if (arg == "--face-match") {
            f.face_match = true;
        } else if (arg == "--enable-aml") {
            f.aml = true;
        } else if (arg.rfind("--", 0) == 0) {
            return "unknown option " + arg;
        } else {
            f.positional.push_back(arg);
        }
    }
    return {};
}

bool has(const std::vector<WorkflowFeature>& fs, WorkflowFeatureType::Value v) {
    return std::any_of(fs.begin(), fs.end(), [&](const WorkflowFeature& f) { return f.feature == v; });
}

/// Index just after the last of `after` in `fs`, or 0 when none is there.
std::size_t position_after(const std::vector<WorkflowFeature>& fs,
                           std::initializer_list<WorkflowFeatureType::Value> after) {
    std::size_t pos = 0;
    for (std::size_t i = 0; i < fs.size(); ++i)
        for (auto v : after)
            if (fs[i].feature == v) pos = i + 1;
    return pos;
}

/// Older Didit guides' single AML threshold ("above this → auto-decline", its
/// `aml_decline_threshold`) in the real API's terms (OpenAPI, AML feature config):
/// score > aml_score_review_threshold → Declined; score > aml_score_approve_threshold → In
/// Review; else Approved; approve must be ≤ review (else 400). So the threshold becomes the
/// review threshold, and the approve threshold keeps its default 80 unless that would exceed it.
Json aml_config(int threshold) {
    return Json{{"aml_score_review_threshold", threshold}, {"aml_score_approve_threshold", std::min(80, threshold)}};
}

/// Adds the flags' steps to `fs` where the API's ordering rules allow them: LIVENESS after
/// the document steps, FACE_MATCH after OCR (and after LIVENESS), AML last (a passive step
/// cannot come first). Returns an error message, or "" when done.
std::string apply_feature_flags(const Flags& f, std::vector<WorkflowFeature>& fs) {
    using T = WorkflowFeatureType;
    if (f.liveness && !has(fs, T::Liveness)) {
        WorkflowFeature step;
        step.feature = T::Liveness;
        fs.insert(fs.begin() + static_cast<std::ptrdiff_t>(position_after(fs, {T::Ocr, T::Nfc})), step);
    }
    if (f.face_match && !has(fs, T::FaceMatch)) {
        if (!has(fs, T::Ocr))
            return "--face-match compares the selfie with an ID document, so the workflow needs an OCR step "
                   "(the API answers \"Feature 'FACE_MATCH' must appear after one of: OCR\"); use --type kyc";
        WorkflowFeature step;
        step.feature = T::FaceMatch;
        fs.insert(fs.begin() + static_cast<std::ptrdiff_t>(position_after(fs, {T::Ocr, T::Nfc, T::Liveness})), step);
    }
    if (f.aml || f.aml_threshold) {
        auto it = std::find_if(fs.begin(), fs.end(), [](const WorkflowFeature& s) { return s.feature == T::Aml; });
        if (it == fs.end()) {
            if (fs.empty()) return "AML screening cannot be a workflow's first step";
            WorkflowFeature step;
            step.feature = T::Aml;
            fs.push_back(step);
            it = fs.end() - 1;
        }
        if (f.aml_threshold) {
            Json cfg = it->config.value_or(Json::object());
            if (!cfg.is_object()) cfg = Json::object();
            cfg.update(aml_config(*f.aml_threshold));
            it->config = cfg;
        }
    }
    return {};
}

/// The first step for each `--type` (the workflow templates of older Didit guides). The real API
/// has no workflow_type field; types without a features[] equivalent are refused.
std::string base_features(const std::string& type, std::vector<WorkflowFeature>& fs) {
    using T = WorkflowFeatureType;
    WorkflowFeature step;
    if (type == "kyc")
        step.feature = T::Ocr;  // ID document first: FACE_MATCH needs it before
    else if (type == "address_verification")
        step.feature = T::ProofOfAddress;
    else if (type == "email_verification")
        step.feature = T::EmailVerification;
    else if (type == "phone_verification")
        step.feature = T::PhoneVerification;
    else if (type == "adaptive_age_verification")
        step.feature = T::AgeEstimation;
    else if (type == "questionnaire_verification")
        return "--type questionnaire_verification needs a QUESTIONNAIRE step with config.questionnaire_uuid, "
               "which this program has no flag for; create the workflow with the SDK "
               "(WorkflowCreateRequest::features) instead";
    else if (type == "biometric_authentication" || type == "kyb")
        return "--type " + type +
               " has no features[] equivalent in the real API (it rejects `workflow_type`); create it in the "
               "Business Console or send the features with the SDK";
    else
        return "unknown --type '" + type +
               "' (kyc, address_verification, email_verification, phone_verification, adaptive_age_verification)";
    fs.push_back(step);
    return {};
}

std::string feature_list(const std::vector<WorkflowFeature>& fs) {
    std::string s;
    for (const auto& f : fs) {
        if (!s.empty()) s += " + ";
        s += std::string(f.feature.str());
    }
    return s;
}

/// Per-step settings the full configuration reports at its top level (the legacy toggles'
/// names, which are also the keys of each feature's config), copied into the
/// existing steps' config so that replacing features[] does not reset them. Settings the
/// reply does not report go back to the API's defaults.
void carry_settings(const Json& full, std::vector<WorkflowFeature>& fs, std::vector<std::string>& carried) {
    using T = WorkflowFeatureType;
    auto keys_for = [](const WorkflowFeatureType& f) -> std::vector<const char*> {
        if (f == T::Ocr) return {"duplicated_user_action"};
        if (f == T::Liveness) return {"face_liveness_method"};
        if (f == T::FaceMatch) return {"face_match_score_decline_threshold", "face_match_score_review_threshold"};
        if (f == T::Aml) return {"aml_score_review_threshold", "aml_score_approve_threshold"};
        return {};
    };
    if (!full.is_object()) return;
    for (auto& step : fs) {
        for (const char* key : keys_for(step.feature)) {
            auto it = full.find(key);
            if (it == full.end() || it->is_null()) continue;
            Json cfg = step.config.value_or(Json::object());
            if (cfg.contains(key)) continue;  // a flag set it
            cfg[key] = *it;
            step.config = cfg;
            carried.push_back(key);
        }
    }
}

template <class C>
int cmd_list(C& client) {
    Json all = Json::array();
    for (auto& wf : client.workflows().list_all()) {
        if (!wf) return fail(wf.error());
        auto j = didit::encode_json(*wf);
        if (!j) return fail(j.error());
        all.push_back(std::move(j).value());
    }
    std::cout << all.dump(2) << '\n';
    return 0;
}

template <class C>
int cmd_create(C& client, const Flags& f) {
    if (!f.positional.empty()) return usage("create takes no positional argument");
    std::vector<WorkflowFeature> features;
    if (auto err = base_features(f.type.value_or("kyc"), features); !err.empty()) return refuse(err);
    if (auto err = apply_feature_flags(f, features); !err.empty()) return refuse(err);
    if (f.type && *f.type != "kyc")
        std::cerr << "note: the API has no workflow_type; --type " << *f.type << " is sent as features ["
                  << feature_list(features) << "]\n";

    didit::WorkflowCreateRequest req;
    req.workflow_label = f.label;
    req.features = features;
    auto wf = client.workflows().create(req);
    if (!wf) return fail(wf.error());
    return print(*wf);
}

template <class C>
int cmd_update(C& client, const Flags& f) {
    if (f.positional.size() != 1) return usage("update needs exactly one <uuid>");
    if (f.type)
        return refuse(
            "--type cannot be changed: the API has no workflow_type field (a workflow's type is its features[]); "
            "create a new workflow instead");
    const std::string& uuid = f.positional[0];
    const bool touches_features = f.liveness || f.face_match || f.aml || f.aml_threshold;
    if (!f.label && !touches_features)
        return usage(
            "update needs at least one of --label, --liveness, --face-match, "
            "--enable-aml, --aml-threshold");

    didit::WorkflowUpdateRequest req;
    req.workflow_label = f.label;
    if (touches_features) {
        // features[] replaces the whole list: read the current one first.
        auto current = client.workflows().get(uuid);
        if (!current) return fail(current.error());
        if (!current->features || current->features->names.empty()) {
            std::cerr << "manage_workflows: workflow " << uuid
                      << " reports no features list (a graph workflow?); edit it in the Business Console\n";
            return 1;
        }
        std::vector<WorkflowFeature> features;
        for (const auto& name : current->features->names) {
            WorkflowFeature step;
            step.feature = WorkflowFeatureType(std::string_view(name));
            features.push_back(step);
        }
        const std::string before = feature_list(features);
        // Settings of the existing steps first, so that a flag (e.g. --aml-threshold) wins.
        std::vector<std::string> carried;
        carry_settings(current->extra, features, carried);
        if (auto err = apply_feature_flags(f, features); !err.empty()) return refuse(err);
        std::cerr << "features: [" << before << "] -> [" << feature_list(features) << "]\n";
        if (!carried.empty()) {
            std::cerr << "kept current settings:";
            for (const auto& k : carried) std::cerr << ' ' << k;
            std::cerr << '\n';
        }
        req.features = features;
    }
    auto wf = client.workflows().update(uuid, req);
    if (!wf) return fail(wf.error());
    return print(*wf);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string cmd = argv[1];
    if (cmd == "-h" || cmd == "--help") {
        usage();
        return 0;
    }
    Flags f;
    if (auto err = parse_flags(argc, argv, 2, f); !err.empty()) return usage(err);

    didit::Client<> client;  // DIDIT_API_KEY, DIDIT_BASE_URL
    if (client.options().api_key.empty()) {
        std::cerr << "manage_workflows: set DIDIT_API_KEY to your application's API key\n";
        return 2;
    }

    if (cmd == "list") {
        if (!f.positional.empty()) return usage("list takes no argument");
        return cmd_list(client);
    }
    if (cmd == "create") return cmd_create(client, f);
    if (cmd == "update") return cmd_update(client, f);
    if (cmd == "get" || cmd == "delete") {
        if (f.positional.size() != 1) return usage(cmd + " needs exactly one <uuid>");
        if (f.label || f.type || f.liveness || f.face_match || f.aml || f.aml_threshold)
            return usage(cmd + " takes no options");
        if (cmd == "get") {
            auto wf = client.workflows().get(f.positional[0]);
            if (!wf) return fail(wf.error());
            return print(*wf);
        }
        auto r = client.workflows().remove(f.positional[0]);
        if (!r) return fail(r.error());
        std::cout << Json{{"deleted", f.positional[0]}}.dump(2) << '\n';
        return 0;
    }
    return usage("unknown command '" + cmd + "'");
}
