// SPDX-License-Identifier: MIT
// Test helpers over Didit's OpenAPI (tests/fixtures/didit-openapi-2026-07.json): the document,
// path normalisation, `$ref` resolution, and JSON instances built from a schema.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <didit/didit.hpp>

#include "support.hpp"

namespace didit_test {

/// The OpenAPI document, parsed once; discarded when it cannot be read.
inline const didit::Json& openapi_doc() {
    static const didit::Json doc =
        didit::Json::parse(fixture("didit-openapi-2026-07.json"), nullptr, /*allow_exceptions=*/false);
    return doc;
}

/// `/v3/session/{sessionId}/decision/` and `/v3/session/{session_id}/decision/` are the same
/// route: placeholder names differ between the OpenAPI and our parameter names.
inline std::string normalise(std::string_view path) {
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '{') {
            std::size_t close = path.find('}', i);
            if (close == std::string_view::npos) return std::string(path);  // malformed: compares unequal
            out += "{}";
            i = close;
        } else {
            out += path[i];
        }
    }
    return out;
}

/// ASCII lower case (OpenAPI spells methods in lower case).
inline std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// The operation object for `method` (lower case) on a path equal to `path` after
/// normalisation, or nullptr.
inline const didit::Json* openapi_operation(std::string_view method, std::string_view path) {
    const didit::Json& doc = openapi_doc();
    if (!doc.is_object() || !doc.contains("paths") || !doc["paths"].is_object()) return nullptr;
    const std::string want = normalise(path);
    for (auto p = doc["paths"].begin(); p != doc["paths"].end(); ++p) {
        if (normalise(p.key()) != want || !p.value().is_object()) continue;
        auto m = p.value().find(std::string(method));
        if (m != p.value().end() && m->is_object()) return &*m;
    }
    return nullptr;
}

/// Follows `{"$ref": "#/a/b"}` links (at most 32) to the schema they name; nullptr when a link
/// leads nowhere.
inline const didit::Json* resolve_ref(const didit::Json& schema) {
    const didit::Json* s = &schema;
    for (int hops = 0; s->is_object() && s->contains("$ref") && hops < 32; ++hops) {
        const didit::Json& ref = (*s)["$ref"];
        if (!ref.is_string()) return nullptr;
        std::string_view r = ref.get_ref<const std::string&>();
        if (r.rfind("#/", 0) != 0) return nullptr;
        const didit::Json* node = &openapi_doc();
        r.remove_prefix(2);
        while (!r.empty()) {
            const std::size_t slash = r.find('/');
            const std::string key(r.substr(0, slash));
            if (!node->is_object() || !node->contains(key)) return nullptr;
            node = &(*node)[key];
            r = slash == std::string_view::npos ? std::string_view() : r.substr(slash + 1);
        }
        s = node;
    }
    return s;
}

/// Which instance of a schema to build.
enum class SchemaFill {
    Full,      ///< every property, with a value of its type (the first enum value, the spec's example)
    Nulls,     ///< every property, null wherever the schema allows null
    Required,  ///< only the required properties; the last enum value, the second of a oneOf
};

/// A JSON value that `schema` allows, built as `fill` says. Depth is bounded (recursive schemas).
inline didit::Json schema_instance(const didit::Json& schema, SchemaFill fill, int depth = 0) {
    using didit::Json;
    const Json* sp = resolve_ref(schema);
    if (sp == nullptr || !sp->is_object() || depth > 24) return nullptr;
    const Json& s = *sp;
    const bool nullable = s.value("nullable", false);
    if (fill == SchemaFill::Nulls && nullable && depth > 0) return nullptr;
    if (s.contains("allOf") && s["allOf"].is_array()) {
        Json merged = Json::object();
        for (const auto& part : s["allOf"]) {
            Json v = schema_instance(part, fill, depth + 1);
            if (!v.is_object()) return v;
            merged.update(v);
        }
        return merged;
    }
    for (const char* key : {"oneOf", "anyOf"})
        if (s.contains(key) && s[key].is_array() && !s[key].empty()) {
            const std::size_t pick = fill == SchemaFill::Required && s[key].size() > 1 ? 1 : 0;
            return schema_instance(s[key][pick], fill, depth + 1);
        }
    if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty()) {
        const Json& values = s["enum"];
        const Json& v = fill == SchemaFill::Required ? values.back() : values.front();
        return v.is_null() && values.size() > 1 ? values.front() : v;
    }
    std::string type = s.contains("type") && s["type"].is_string() ? s["type"].get<std::string>() : "";
    if (type.empty() && s.contains("properties")) type = "object";
    if (type == "object") {
        Json out = Json::object();
        if (s.contains("properties") && s["properties"].is_object()) {
            for (auto p = s["properties"].begin(); p != s["properties"].end(); ++p) {
                bool required = false;
                if (s.contains("required") && s["required"].is_array())
                    for (const auto& r : s["required"]) required = required || r == p.key();
                if (fill == SchemaFill::Required && !required) continue;
                out[p.key()] = schema_instance(p.value(), fill, depth + 1);
            }
        } else if (s.contains("additionalProperties") && s["additionalProperties"].is_object()) {
            out["key"] = schema_instance(s["additionalProperties"], fill, depth + 1);
        } else if (s.contains("example") && s["example"].is_object()) {
            out = s["example"];
        }
        return out;
    }
    if (type == "array") {
        Json item = s.contains("items") ? schema_instance(s["items"], fill, depth + 1) : Json(nullptr);
        if (fill == SchemaFill::Required) return Json::array();
        return Json::array({item});
    }
    if (s.contains("example")) return s["example"];
    const std::string format = s.value("format", "");
    if (type == "string") {
        if (format == "uuid") return "11111111-2222-4333-8444-555555555555";
        if (format == "date-time") return "2026-01-02T03:04:05Z";
        if (format == "date") return "2026-01-02";
        if (format == "email") return "user@example.com";
        if (format == "uri" || format == "url") return "https://example.com/x";
        return "x";
    }
    if (type == "integer") return 1;
    if (type == "number") return 1.5;
    if (type == "boolean") return true;
    return nullptr;
}

}  // namespace didit_test
