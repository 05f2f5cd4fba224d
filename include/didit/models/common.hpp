// SPDX-License-Identifier: MIT
// Models shared by every API group: the paged list envelope, the feature-name list and the
// lifecycle status of user and business records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <didit/model.hpp>

namespace didit {

/// One page of a list: `{count, next, previous, results}`. Routes documented (or seen) as
/// bare arrays decode too: `results` gets the array and `next` stays absent, so paging ends.
/// `next`/`previous` are absolute URLs; stop on `next` being null, never on `count` (which the
/// API caps at 100 for some lists).
template <class T>
struct Page {
    /// The element type, T.
    using value_type = T;
    /// Total number of matching items, when the API sends it (capped on some lists).
    std::optional<std::int64_t> count{};
    /// Absolute URL of the next page; null on the last page, absent for bare arrays.
    Nullable<std::string> next{};
    /// Absolute URL of the previous page; null on the first.
    Nullable<std::string> previous{};
    /// This page's items.
    std::vector<T> results{};
    /// Other envelope keys, if the API adds any.
    Json extra{};

    /// True when the server says there is another page.
    bool has_next() const noexcept { return next.has_value() && !next.get()->empty(); }
};

namespace detail {
template <class T>
struct Codec<Page<T>> {
    static bool decode(const Json& j, Page<T>& out, DecodeContext& ctx) {
        if (j.is_array()) return decode_value(j, out.results, ctx);
        if (!j.is_object()) return ctx.mismatch("object or array", j);
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string& k = it.key();
            std::size_t mark = ctx.push_key(k);
            bool ok = true;
            if (k == "count")
                ok = decode_value(it.value(), out.count, ctx);
            else if (k == "next")
                ok = decode_value(it.value(), out.next, ctx);
            else if (k == "previous")
                ok = decode_value(it.value(), out.previous, ctx);
            else if (k == "results")
                ok = decode_value(it.value(), out.results, ctx);
            else
                out.extra[k] = it.value();
            if (!ok) return false;
            ctx.pop(mark);
        }
        return true;
    }
    static bool encode(const Page<T>& v, Json& out, EncodeContext& ctx) {
        out = Json::object();
        if (v.count) out["count"] = *v.count;
        if (!v.next.is_absent() && !encode_value(v.next, out["next"], ctx)) return false;
        if (!v.previous.is_absent() && !encode_value(v.previous, out["previous"], ctx)) return false;
        std::size_t mark = ctx.push_key("results");
        if (!encode_value(v.results, out["results"], ctx)) return false;
        ctx.pop(mark);
        return true;
    }
};
}  // namespace detail

/// A list of feature names as the API reports them: workflows say `"OCR + LIVENESS"`,
/// other replies an array of strings or of `{feature, …}` objects. All decode to `names`;
/// `raw` keeps what was received.
struct FeatureNames {
    std::vector<std::string> names{};
    Json raw{};
};

namespace detail {
template <>
struct Codec<FeatureNames> {
    static bool decode(const Json& j, FeatureNames& out, DecodeContext& ctx) {
        out.raw = j;
        out.names.clear();
        if (j.is_string()) {
            std::string_view s = j.get_ref<const std::string&>();
            while (!s.empty()) {
                std::size_t sep = s.find('+');
                std::string_view part = s.substr(0, sep);
                while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
                while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
                if (!part.empty()) out.names.emplace_back(part);
                if (sep == std::string_view::npos) break;
                s.remove_prefix(sep + 1);
            }
            return true;
        }
        if (!j.is_array()) return ctx.mismatch("string or array", j);
        std::size_t i = 0;
        for (const auto& e : j) {
            if (e.is_string()) {
                out.names.push_back(e.get<std::string>());
            } else if (e.is_object() && e.contains("feature") && e["feature"].is_string()) {
                out.names.push_back(e["feature"].get<std::string>());
            } else {
                ctx.push_index(i);
                return ctx.mismatch("feature name or {feature} object", e);
            }
            ++i;
        }
        return true;
    }
    static bool encode(const FeatureNames& v, Json& out, EncodeContext& ctx) {
        if (!v.raw.is_null()) return Codec<Json>::encode(v.raw, out, ctx);
        out = Json::array();
        for (const auto& n : v.names) {
            if (!utf8_valid(n)) return ctx.fail("string is not valid UTF-8");
            out.push_back(n);
        }
        return true;
    }
};
}  // namespace detail

/// The lifecycle status of a user or business record (not a session status): ACTIVE (the
/// default), FLAGGED (marked for manual attention) or BLOCKED (no new sessions for its
/// `vendor_data`; the status routes also add it to the system blocklist). In replies an unknown
/// value is kept; a request may carry only these three (anything else is InvalidArgument before
/// sending), as the OpenAPI's request bodies allow no other.
DIDIT_CLOSED_ENUM(LifecycleStatus, (Active, "ACTIVE"), (Flagged, "FLAGGED"), (Blocked, "BLOCKED"));

}  // namespace didit
