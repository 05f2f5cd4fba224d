// SPDX-License-Identifier: MIT
// The SDK's only doorway to nlohmann::json: non-throwing parse, its own compact writer, value checks, type names.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include <didit/detail/config.hpp>
#include <didit/detail/float_text.hpp>
#include <didit/detail/json_reader.hpp>
#include <didit/detail/json_writer.hpp>
#include <didit/detail/utf8.hpp>

namespace didit {

/// Any JSON value (metadata, configs, unmodelled fields). nlohmann::json, used without exceptions.
using Json = nlohmann::json;

namespace detail {

/// How deeply arrays and objects may nest in JSON the SDK reads (replies, error bodies, decoded
/// values) or sends (Json values in requests): `[]` is one level, `[[]]` two. Far above anything
/// Didit sends, and shallow enough that nlohmann::json's recursive copy and comparison of any
/// value the SDK returns or accepts stay well within a thread's stack.
inline constexpr std::size_t max_json_depth = 512;

/// The JSON type name used in decode messages ("expected array, got string").
DIDIT_INLINE const char* json_type_name(const Json& j) noexcept;

/// Parses without exceptions; returns a `discarded` value when `text` is not exactly one JSON
/// value (whitespace around it and a leading UTF-8 BOM allowed). It accepts what Json::parse
/// accepts and builds the same tree, with one difference: Json::parse stops at a NUL byte
/// outside a string and ignores what follows ("8\0x" is 8), where this refuses the text.
/// Arrays and objects nested deeper than max_json_depth are refused too: Json::parse has no
/// such limit. `too_deep`, when given, is set to whether that was the reason for refusing.
DIDIT_INLINE Json parse_json_text(std::string_view text, bool* too_deep = nullptr);

/// Writes `j` compactly, as `j.dump()` writes it (UTF-8 kept, control characters escaped, objects
/// in key order, the same number layout), without recursion, so no nesting can exhaust the stack.
/// Doubles take the shortest digits that read back exactly; now and then dump()'s Grisu2 writes
/// one digit more for the same double.
/// Where dump() would throw or abort it writes something valid instead: U+FFFD for bytes that are
/// not UTF-8, null for NaN, infinity, binary and discarded values. Callers that must not alter
/// what the user sent validate first (check_json_value). The SDK's own writer rather than
/// nlohmann's serializer (a loop over the std containers, with the string escaping and the
/// output cursor of detail/json_writer.hpp), which keeps the program small.
DIDIT_INLINE std::string dump_json(const Json& j);

/// Finds what JSON cannot carry faithfully: invalid UTF-8 in a key or string, NaN or
/// infinity, binary values, and nesting deeper than max_json_depth. Returns false, appends the
/// path of the first offence to `path` and sets `why`. Without recursion: it is what makes a
/// value safe to copy, so it must itself survive any nesting.
DIDIT_INLINE bool check_json_value(const Json& j, std::string& path, const char*& why);

/// Whether arrays and objects nest in `j` deeper than `limit` levels; without recursion.
DIDIT_INLINE bool json_deeper_than(const Json& j, std::size_t limit);

}  // namespace detail
}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit {
namespace detail {

DIDIT_INLINE const char* json_type_name(const Json& j) noexcept {
    switch (j.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "object";
        case Json::value_t::array: return "array";
        case Json::value_t::string: return "string";
        case Json::value_t::boolean: return "boolean";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned: return "integer";
        case Json::value_t::number_float: return "number";
        case Json::value_t::binary: return "binary";
        case Json::value_t::discarded: return "invalid JSON";
    }
    return "unknown";
}

namespace json_tree {

// A scalar's text (true, false, null or a number literal the parser has checked) as a value.
// Like Json::parse: non-negative integers are unsigned, negative ones signed, integers beyond
// 64 bits and every literal with a fraction or exponent double; a double that overflows fails.
inline bool put_scalar(Json& slot, std::string_view t) {
    const char* first = t.data();
    const char* last = first + t.size();
    if (t[0] == 't' || t[0] == 'f' || t[0] == 'n') {
        slot = t[0] == 'n' ? Json() : Json(t[0] == 't');
        return true;
    }
    if (t.find_first_of(".eE") == std::string_view::npos) {
        if (t[0] == '-') {
            Json::number_integer_t v = 0;
            if (std::from_chars(first, last, v).ec == std::errc()) {
                slot = v;
                return true;
            }
        } else {
            Json::number_unsigned_t v = 0;
            if (std::from_chars(first, last, v).ec == std::errc()) {
                slot = v;
                return true;
            }
        }
    }
    double d = 0.0;
    const auto r = std::from_chars(first, last, d);
    if (r.ec == std::errc::result_out_of_range) {
        const auto* bytes = reinterpret_cast<const unsigned char*>(first);
        if (json_reader::literal_is_at_least_one(bytes, 0, t.size())) return false;  // beyond double
        d = t[0] == '-' ? -0.0 : 0.0;  // below the smallest double: zero, as strtod gives
    } else if (r.ec != std::errc() || r.ptr != last || !std::isfinite(d)) {
        return false;
    }
    slot = d;
    return true;
}

}  // namespace json_tree

DIDIT_INLINE Json parse_json_text(std::string_view text, bool* too_deep) {
    using json_reader::Kind;
    using json_reader::Node;
    if (too_deep) *too_deep = false;
    auto invalid = [] { return Json(Json::value_t::discarded); };
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a BOM, as Json::parse
    if (text.size() >= json_reader::offset_limit) return invalid();
    // The SDK's JSON reader (one pass, eight bytes at a time, strict UTF-8, no recursion) makes a
    // flat list of tokens, numbers kept as written; the tree is then built from it in one loop.
    // Nesting is bounded here, not by recursion (there is none), but because every Json the SDK
    // returns must be safe to copy, compare and destroy with nlohmann's own recursive code.
    json_reader::Reader reader(text, max_json_depth);
    if (const auto status = reader.run(); !status) {
        if (too_deep) *too_deep = status.error == JsonReadError::too_deep;
        return invalid();
    }
    const std::vector<Node>& nodes = reader.nodes();
    const std::string& pool = reader.pool();
    auto text_of = [&](const Node& nd) {
        return std::string_view(json_reader::node_text(nd, text.data(), pool.data()), nd.len());
    };
    struct Open {
        Json* value;        // the array or object being filled
        std::uint32_t end;  // index of the first node after its last descendant
    };
    std::vector<Open> open;
    Json root;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Json* slot = &root;
        if (!open.empty()) {
            // Through Json's own members, not the containers beneath, so that a build with
            // JSON_DIAGNOSTICS keeps its parent links. A repeated key: the last one wins (the
            // value below overwrites), as with Json::parse.
            Json& parent = *open.back().value;
            slot = parent.is_object() ? &parent[std::string(text_of(nodes[i++]))] : &parent.emplace_back();
        }
        const Node& nd = nodes[i];
        switch (nd.kind()) {
            case Kind::object:
            case Kind::array:
                *slot = nd.kind() == Kind::object ? Json::object() : Json::array();
                if (nd.off != i + 1) open.push_back({slot, nd.off});
                break;
            case Kind::str_src:
            case Kind::str_pool: *slot = std::string(text_of(nd)); break;
            case Kind::raw_src:
            case Kind::raw_pool:
            case Kind::num_src:  // not made by this reader's number hook
                if (!json_tree::put_scalar(*slot, text_of(nd))) return invalid();
                break;
        }
        // Close the containers this node was the last descendant of.
        while (!open.empty() && open.back().end == i + 1) open.pop_back();
    }
    return root;
}

namespace json_dump {

using json_writer::Writer;

inline void put_string(Writer& out, const std::string& s) {
    if (utf8_valid(s)) {
        out.put_escaped(s.data(), s.size(), /*ascii=*/false);
        return;
    }
    std::string valid;  // each byte that starts no valid UTF-8 sequence becomes U+FFFD
    std::string_view rest(s);
    while (!rest.empty()) {
        const std::size_t n = utf8_valid_prefix(rest);
        valid.append(rest.data(), n);
        if (n == rest.size()) break;
        valid += "\xEF\xBF\xBD";
        rest.remove_prefix(n + 1);
    }
    out.put_escaped(valid.data(), valid.size(), /*ascii=*/false);
}

// Where dump() switches to the exponent form: above 1e15 (digits10 of double).
inline constexpr int nlohmann_max_fixed_decpt = 15;

inline void put_scalar(Writer& out, const Json& j) {
    char buf[32];
    std::to_chars_result r{buf, std::errc()};
    switch (j.type()) {
        case Json::value_t::string: put_string(out, *j.get_ptr<const Json::string_t*>()); return;
        case Json::value_t::boolean:
            if (*j.get_ptr<const Json::boolean_t*>())
                out.put("true", 4);
            else
                out.put("false", 5);
            return;
        case Json::value_t::number_integer:
            r = std::to_chars(buf, buf + sizeof buf, *j.get_ptr<const Json::number_integer_t*>());
            break;
        case Json::value_t::number_unsigned:
            r = std::to_chars(buf, buf + sizeof buf, *j.get_ptr<const Json::number_unsigned_t*>());
            break;
        case Json::value_t::number_float: {
            const double d = *j.get_ptr<const Json::number_float_t*>();
            if (!std::isfinite(d)) break;
            std::string digits;
            append_shortest_double(digits, d, nlohmann_max_fixed_decpt);
            out.put(digits.data(), digits.size());
            return;
        }
        default: break;
    }
    if (r.ptr == buf)
        out.put("null", 4);
    else
        out.put(buf, static_cast<std::size_t>(r.ptr - buf));
}

}  // namespace json_dump

DIDIT_INLINE std::string dump_json(const Json& root) {
    std::string text;
    json_writer::Writer out(text, 256);
    // An explicit stack of open containers instead of recursion.
    struct Open {
        const Json::object_t* object;  // null for an array
        Json::object_t::const_iterator member;
        const Json::array_t* array;
        std::size_t index;
    };
    std::vector<Open> open;
    const Json* v = &root;
    for (;;) {
        if (const auto* o = v->get_ptr<const Json::object_t*>(); o != nullptr && !o->empty()) {
            open.push_back({o, o->begin(), nullptr, 0});
            out.put('{');
            json_dump::put_string(out, o->begin()->first);
            out.put(':');
            v = &o->begin()->second;
            continue;
        }
        if (const auto* a = v->get_ptr<const Json::array_t*>(); a != nullptr && !a->empty()) {
            open.push_back({nullptr, {}, a, 0});
            out.put('[');
            v = &a->front();
            continue;
        }
        if (v->is_object())
            out.put("{}", 2);
        else if (v->is_array())
            out.put("[]", 2);
        else
            json_dump::put_scalar(out, *v);
        // The value is written: move to the next one, closing the containers it ended.
        for (;;) {
            if (open.empty()) {
                out.finish();
                return text;
            }
            Open& f = open.back();
            if (f.object != nullptr) {
                if (++f.member != f.object->end()) {
                    out.put(',');
                    json_dump::put_string(out, f.member->first);
                    out.put(':');
                    v = &f.member->second;
                    break;
                }
                out.put('}');
            } else {
                if (++f.index != f.array->size()) {
                    out.put(',');
                    v = &(*f.array)[f.index];
                    break;
                }
                out.put(']');
            }
            open.pop_back();
        }
    }
}

namespace json_check {

// What JSON cannot carry in a scalar (a container's own members are walked by the caller).
inline bool scalar_ok(const Json& j, const char*& why) {
    switch (j.type()) {
        case Json::value_t::string:
            if (!utf8_valid(j.get_ref<const std::string&>())) {
                why = "string is not valid UTF-8";
                return false;
            }
            return true;
        case Json::value_t::number_float:
            if (!std::isfinite(j.get<double>())) {
                why = "number is not finite (NaN or infinity)";
                return false;
            }
            return true;
        case Json::value_t::binary: why = "binary values cannot be sent as JSON"; return false;
        default: return true;
    }
}

}  // namespace json_check

DIDIT_INLINE bool check_json_value(const Json& j, std::string& path, const char*& why) {
    // An explicit stack of open containers, each at the member being checked.
    struct Open {
        const Json* container;
        Json::const_iterator at;
        std::size_t index;
        bool started;
    };
    std::vector<Open> open;
    // The offence's path, from the members the open containers are at; `key_bad`: the innermost
    // object's key itself is the offence.
    auto locate = [&](bool key_bad) {
        for (std::size_t k = 0; k < open.size(); ++k) {
            const Open& f = open[k];
            if (f.container->is_array()) {
                path += '[';
                path += std::to_string(f.index);
                path += ']';
                continue;
            }
            if (!path.empty()) path += '.';
            if (key_bad && k + 1 == open.size())
                path += "<key>";
            else
                path += f.at.key();
        }
        return false;
    };
    const Json* v = &j;
    for (;;) {
        if (v->is_array() || v->is_object()) {
            if (open.size() >= max_json_depth) {
                // Named at the value the caller checks: the full path would be max_json_depth long.
                why = "JSON nested deeper than 512 levels";
                static_assert(max_json_depth == 512, "the message above names the limit");
                return false;
            }
            open.push_back({v, v->cbegin(), 0, false});
        } else if (!json_check::scalar_ok(*v, why)) {
            return locate(false);
        }
        // Move to the next value, closing the containers that are done.
        for (;;) {
            if (open.empty()) return true;
            Open& f = open.back();
            if (f.started) {
                ++f.at;
                ++f.index;
            }
            f.started = true;
            if (f.at == f.container->cend()) {
                open.pop_back();
                continue;
            }
            if (f.container->is_object() && !utf8_valid(f.at.key())) {
                why = "object key is not valid UTF-8";
                return locate(true);
            }
            v = &*f.at;
            break;
        }
    }
}

DIDIT_INLINE bool json_deeper_than(const Json& j, std::size_t limit) {
    // Depth-first over containers only, each with its own depth: no recursion, and the pending
    // list holds at most the containers not yet visited.
    std::vector<std::pair<const Json*, std::size_t>> pending;
    if (j.is_array() || j.is_object()) pending.emplace_back(&j, 1);
    while (!pending.empty()) {
        const auto [c, depth] = pending.back();
        pending.pop_back();
        if (depth > limit) return true;
        for (const auto& e : *c)
            if (e.is_array() || e.is_object()) pending.emplace_back(&e, depth + 1);
    }
    return false;
}

}  // namespace detail
}  // namespace didit
#endif  // DIDIT_DEFINITIONS
