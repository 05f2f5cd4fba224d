// SPDX-License-Identifier: MIT
// DIDIT_MODEL and DIDIT_ENUM: field and enumerator descriptors, and the JSON codec templates over them.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/detail/json.hpp>
#include <didit/detail/preprocessor.hpp>
#include <didit/result.hpp>

namespace didit {

/// A field that can be absent (not sent / not received), null, or hold a value.
/// PATCH bodies need all three: `webhook_url = nullptr` sends `null`, an untouched field
/// sends nothing.
template <class T>
class Nullable {
public:
    /// Absent: not sent, or not in the received JSON.
    Nullable() = default;
    /// Null: sent as JSON `null`.
    Nullable(std::nullptr_t) : state_(State::Null) {}
    /// Holds `v`.
    Nullable(const T& v) : state_(State::Value), value_(v) {}
    /// Holds `v`.
    Nullable(T&& v) : state_(State::Value), value_(std::move(v)) {}
    /// Holds a T made from `v` (e.g. a string literal for Nullable<std::string>).
    template <class U, class = std::enable_if_t<
                           std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Nullable> &&
                           !std::is_same_v<std::decay_t<U>, std::nullptr_t> && !std::is_same_v<std::decay_t<U>, T>>>
    Nullable(U&& v) : state_(State::Value), value_(T(std::forward<U>(v))) {}

    /// Becomes null (sent as JSON `null`).
    Nullable& operator=(std::nullptr_t) {
        state_ = State::Null;
        value_.reset();
        return *this;
    }

    /// Neither null nor a value: the field is not sent / was not received.
    bool is_absent() const noexcept { return state_ == State::Absent; }
    /// Explicitly null.
    bool is_null() const noexcept { return state_ == State::Null; }
    /// Holds a value.
    bool has_value() const noexcept { return state_ == State::Value; }
    /// Back to "absent": the field will not be sent.
    void reset() noexcept {
        state_ = State::Absent;
        value_.reset();
    }
    /// Null: the field will be sent as JSON null.
    void set_null() noexcept {
        state_ = State::Null;
        value_.reset();
    }

    /// Pointer to the value, or nullptr when absent or null.
    const T* get() const noexcept { return value_ ? &*value_ : nullptr; }
    /// Pointer to the value, or nullptr when absent or null.
    T* get() noexcept { return value_ ? &*value_ : nullptr; }
    /// The value; without one, throws didit::Exception (aborts with -fno-exceptions).
    const T& value() const& {
        if (!value_) detail::fail_value_access(make_error(ErrorKind::InvalidArgument, "Nullable holds no value"));
        return *value_;
    }
    /// The value; without one, throws didit::Exception (aborts with -fno-exceptions).
    T& value() & {
        if (!value_) detail::fail_value_access(make_error(ErrorKind::InvalidArgument, "Nullable holds no value"));
        return *value_;
    }
    /// The value, or `fallback` when absent or null.
    template <class U>
    T value_or(U&& fallback) const {
        return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
    }
    /// Holds a default-constructed T from now on, and returns it.
    T& emplace() {
        state_ = State::Value;
        return value_.emplace();
    }

    /// Same state and, when set, the same value.
    friend bool operator==(const Nullable& a, const Nullable& b) {
        return a.state_ == b.state_ && a.value_ == b.value_;
    }
    /// Not ==.
    friend bool operator!=(const Nullable& a, const Nullable& b) { return !(a == b); }

private:
    enum class State : unsigned char { Absent, Null, Value };
    State state_ = State::Absent;
    std::optional<T> value_;
};

namespace detail {

/// Where decoding is and what went wrong; paths read like `results[3].features`.
struct DecodeContext {
    std::string path;
    std::string message;
    /// Set by decode_json(Json&&): the input is ours to consume, so strings, JSON values and
    /// unknown members are moved out of it instead of copied (most of a reply's decode cost).
    bool steal = false;

    /// `j` as a value we may move from: only in steal mode, where the caller handed over a
    /// non-const DOM (so casting the const away is sound).
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): steal mode means the caller's DOM is non-const
    Json* stealable(const Json& j) const noexcept { return steal ? const_cast<Json*>(&j) : nullptr; }

    bool fail(std::string what) {
        message = path.empty() ? std::move(what) : path + ": " + what;
        return false;
    }
    bool mismatch(const char* expected, const Json& got) {
        return fail(std::string("expected ") + expected + ", got " + json_type_name(got));
    }
    std::size_t push_key(std::string_view key) {
        std::size_t mark = path.size();
        if (!path.empty()) path += '.';
        path += key;
        return mark;
    }
    std::size_t push_index(std::size_t i) {
        std::size_t mark = path.size();
        path += '[';
        path += std::to_string(i);
        path += ']';
        return mark;
    }
    void pop(std::size_t mark) { path.resize(mark); }
};

/// Same for encoding; the only encode failures are values JSON cannot carry faithfully.
using EncodeContext = DecodeContext;

template <class T, class = void>
struct Codec;  // specialised below; a missing specialisation means an unsupported field type

/// One row of a DIDIT_ENUM table: a value and its wire string (named like std::pair's members).
template <class Value>
struct EnumRow {
    Value first;
    std::string_view second;
};

/// A DIDIT_ENUM's rows: a view of its constexpr array.
template <class Value>
class EnumRows {
public:
    constexpr EnumRows(const EnumRow<Value>* rows, std::size_t n) noexcept : rows_(rows), n_(n) {}
    constexpr const EnumRow<Value>* begin() const noexcept { return rows_; }
    constexpr const EnumRow<Value>* end() const noexcept { return rows_ + n_; }
    constexpr std::size_t size() const noexcept { return n_; }

private:
    const EnumRow<Value>* rows_;
    std::size_t n_;
};

/// Which half of a model's field table is wanted: a reply type never instantiates an encoder,
/// a request type never a decoder.
struct DecodeOp {};
/// See DecodeOp.
struct EncodeOp {};

template <class T, class = void>
struct is_model : std::false_type {};
template <class T>
struct is_model<T, std::void_t<decltype(didit_fields(static_cast<const T*>(nullptr), DecodeOp{}))>> : std::true_type {};

template <class T, class = void>
struct has_extra : std::false_type {};
template <class T>
struct has_extra<T, std::void_t<decltype(std::declval<T&>().extra)>>
    : std::is_same<std::decay_t<decltype(std::declval<T&>().extra)>, Json> {};

template <class T, class = void>
struct is_open_enum : std::false_type {};
template <class T>
struct is_open_enum<T, std::void_t<typename T::didit_open_enum>> : std::true_type {};

/// True for an open enum marked with DIDIT_ENUM_SEND_KNOWN: its encoder refuses values outside
/// its table (found by argument-dependent lookup of `didit_send_known`).
template <class T, class = void>
struct sends_known_only : std::false_type {};
template <class T>
struct sends_known_only<T, std::void_t<decltype(didit_send_known(static_cast<const T*>(nullptr)))>> : std::true_type {};

/// One member of a model: its JSON name and a small function that decodes into it (in a DecodeOp
/// table) or encodes it (in an EncodeOp table). The object is passed untyped so that one loop
/// (decode_object/encode_object) serves every model; each function casts it back to the one
/// type it was made for.
struct Field {
    std::string_view name;
    bool (*decode)(const Json& j, void* object, DecodeContext& ctx);
    /// Writes out[name] unless the member is absent.
    bool (*encode)(const void* object, std::string_view name, Json& out, EncodeContext& ctx);
};

/// A model's fields sorted by name length, then name, built once on first use (DIDIT_MODEL).
class FieldTable {
public:
    FieldTable(std::initializer_list<Field> fields);
    /// The field called `name`, or nullptr.
    const Field* find(std::string_view name) const noexcept;
    const std::vector<Field>& fields() const noexcept { return fields_; }

private:
    std::vector<Field> fields_;
};

template <class Ptr>
struct member_pointer;
template <class Owner, class Member>
struct member_pointer<Member Owner::*> {
    using owner = Owner;
    using member = Member;
};

// Absent fields are not sent; plain members are always sent.
template <class T>
bool is_absent(const T&) noexcept {
    return false;
}
template <class T>
bool is_absent(const std::optional<T>& v) noexcept {
    return !v.has_value();
}
template <class T>
bool is_absent(const Nullable<T>& v) noexcept {
    return v.is_absent();
}

template <class T>
bool decode_value(const Json& j, T& out, DecodeContext& ctx) {
    return Codec<T>::decode(j, out, ctx);
}
template <class T>
bool encode_value(const T& v, Json& out, EncodeContext& ctx) {
    return Codec<T>::encode(v, out, ctx);
}

// ---- scalars ---------------------------------------------------------------------------

template <>
struct Codec<bool> {
    static bool decode(const Json& j, bool& out, DecodeContext& ctx) {
        if (!j.is_boolean()) return ctx.mismatch("boolean", j);
        out = j.get<bool>();
        return true;
    }
    static bool encode(bool v, Json& out, EncodeContext&) {
        out = v;
        return true;
    }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
    static bool decode(const Json& j, T& out, DecodeContext& ctx) {
        if (j.is_number_unsigned()) {
            auto v = j.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>((std::numeric_limits<T>::max)()))
                return ctx.fail("integer out of range");
            out = static_cast<T>(v);
            return true;
        }
        if (j.is_number_integer()) {
            auto v = j.get<std::int64_t>();
            if constexpr (std::is_unsigned_v<T>) {
                if (v < 0) return ctx.fail("integer out of range");
                if (static_cast<std::uint64_t>(v) > static_cast<std::uint64_t>((std::numeric_limits<T>::max)()))
                    return ctx.fail("integer out of range");
            } else {
                if (v < static_cast<std::int64_t>((std::numeric_limits<T>::min)()) ||
                    v > static_cast<std::int64_t>((std::numeric_limits<T>::max)()))
                    return ctx.fail("integer out of range");
            }
            out = static_cast<T>(v);
            return true;
        }
        if (j.is_number_float()) {
            // Python servers sometimes send 3.0 for an integer; accept integral values only.
            const double d = j.get<double>();
            const double end = std::ldexp(1.0, std::numeric_limits<T>::digits);
            const double begin = std::is_signed_v<T> ? -end : 0.0;
            if (std::floor(d) != d || d < begin || d >= end) return ctx.mismatch("integer", j);
            out = static_cast<T>(d);
            return true;
        }
        return ctx.mismatch("integer", j);
    }
    static bool encode(T v, Json& out, EncodeContext&) {
        out = v;
        return true;
    }
};

template <>
struct Codec<double> {
    static bool decode(const Json& j, double& out, DecodeContext& ctx) {
        if (!j.is_number()) return ctx.mismatch("number", j);
        out = j.get<double>();
        return true;
    }
    static bool encode(double v, Json& out, EncodeContext& ctx) {
        if (!std::isfinite(v)) return ctx.fail("number is not finite (NaN or infinity)");
        // Integral values go out as integers (50, not 50.0), as a Python client would send them.
        if (std::floor(v) == v && std::fabs(v) < 9007199254740992.0)
            out = static_cast<std::int64_t>(v);
        else
            out = v;
        return true;
    }
};

template <>
struct Codec<std::string> {
    static bool decode(const Json& j, std::string& out, DecodeContext& ctx) {
        if (!j.is_string()) return ctx.mismatch("string", j);
        if (Json* owned = ctx.stealable(j))
            out = std::move(owned->get_ref<std::string&>());
        else
            out = j.get_ref<const std::string&>();
        return true;
    }
    static bool encode(const std::string& v, Json& out, EncodeContext& ctx) {
        if (!utf8_valid(v)) return ctx.fail("string is not valid UTF-8");
        out = v;
        return true;
    }
};

template <>
struct Codec<Json> {
    static bool decode(const Json& j, Json& out, DecodeContext& ctx) {
        if (Json* owned = ctx.stealable(j))
            out = std::move(*owned);
        else
            out = j;
        return true;
    }
    static bool encode(const Json& v, Json& out, EncodeContext& ctx) {
        const char* why = "";
        std::size_t mark = ctx.path.size();
        if (!check_json_value(v, ctx.path, why)) return ctx.fail(why);
        ctx.path.resize(mark);
        out = v;
        return true;
    }
};

// ---- wrappers and containers -----------------------------------------------------------

template <class T>
struct Codec<std::optional<T>> {
    static bool decode(const Json& j, std::optional<T>& out, DecodeContext& ctx) {
        if (j.is_null()) {
            out.reset();
            return true;
        }
        return decode_value(j, out.emplace(), ctx);
    }
    static bool encode(const std::optional<T>& v, Json& out, EncodeContext& ctx) {
        if (!v) {
            out = nullptr;
            return true;
        }
        return encode_value(*v, out, ctx);
    }
};

template <class T>
struct Codec<Nullable<T>> {
    static bool decode(const Json& j, Nullable<T>& out, DecodeContext& ctx) {
        if (j.is_null()) {
            out.set_null();
            return true;
        }
        return decode_value(j, out.emplace(), ctx);
    }
    static bool encode(const Nullable<T>& v, Json& out, EncodeContext& ctx) {
        if (!v.has_value()) {
            out = nullptr;
            return true;
        }
        return encode_value(*v.get(), out, ctx);
    }
};

template <class T>
struct Codec<std::vector<T>> {
    static bool decode(const Json& j, std::vector<T>& out, DecodeContext& ctx) {
        if (!j.is_array()) return ctx.mismatch("array", j);
        out.clear();
        out.reserve(j.size());
        std::size_t i = 0;
        for (const auto& e : j) {
            std::size_t mark = ctx.push_index(i++);
            if constexpr (std::is_same_v<T, bool>) {
                // vector<bool>'s elements are proxies, not bool&.
                bool item = false;
                if (!decode_value(e, item, ctx)) return false;
                out.push_back(item);
            } else {
                if (!decode_value(e, out.emplace_back(), ctx)) return false;
            }
            ctx.pop(mark);
        }
        return true;
    }
    static bool encode(const std::vector<T>& v, Json& out, EncodeContext& ctx) {
        out = Json::array();
        std::size_t i = 0;
        for (const auto& e : v) {
            std::size_t mark = ctx.push_index(i++);
            Json item;
            if (!encode_value(e, item, ctx)) return false;
            out.push_back(std::move(item));
            ctx.pop(mark);
        }
        return true;
    }
};

template <class T>
struct Codec<std::map<std::string, T>> {
    static bool decode(const Json& j, std::map<std::string, T>& out, DecodeContext& ctx) {
        if (!j.is_object()) return ctx.mismatch("object", j);
        out.clear();
        for (auto it = j.begin(); it != j.end(); ++it) {
            std::size_t mark = ctx.push_key(it.key());
            if (!decode_value(it.value(), out[it.key()], ctx)) return false;
            ctx.pop(mark);
        }
        return true;
    }
    static bool encode(const std::map<std::string, T>& v, Json& out, EncodeContext& ctx) {
        out = Json::object();
        for (const auto& kv : v) {
            if (!utf8_valid(kv.first)) return ctx.fail("object key is not valid UTF-8");
            std::size_t mark = ctx.push_key(kv.first);
            Json item;
            if (!encode_value(kv.second, item, ctx)) return false;
            out[kv.first] = std::move(item);
            ctx.pop(mark);
        }
        return true;
    }
};

// ---- open enums ------------------------------------------------------------------------

template <class E>
struct Codec<E, std::enable_if_t<is_open_enum<E>::value>> {
    static bool decode(const Json& j, E& out, DecodeContext& ctx) {
        if (!j.is_string()) return ctx.mismatch("string", j);
        out = E(std::string_view(j.get_ref<const std::string&>()));
        return true;
    }
    static bool encode(const E& v, Json& out, EncodeContext& ctx) {
        if constexpr (sends_known_only<E>::value) {
            if (!v.is_known()) {
                std::string what = "is not one of";
                for (const auto& row : E::table()) (what += ' ') += row.second;
                return ctx.fail(std::move(what));
            }
        }
        if (!utf8_valid(v.str())) return ctx.fail("string is not valid UTF-8");
        out = std::string(v.str());
        return true;
    }
};

// ---- models ----------------------------------------------------------------------------

/// Decodes a JSON object into a model, field by field through its table, in one pass over the
/// object's members. Members the table does not name go to `extra` when the model has one
/// (moved as whole map nodes in steal mode: no allocation, no key copy).
DIDIT_INLINE bool decode_object(const Json& j, void* object, Json* extra, const FieldTable& table, DecodeContext& ctx);

/// Encodes a model through its table; `extra` (when the model has one) adds members the SDK does
/// not model yet, and the typed fields win over it.
DIDIT_INLINE bool encode_object(const void* object, const Json* extra, const FieldTable& table, Json& out,
                                EncodeContext& ctx);

/// The Field for one member: `Op` is DecodeOp or EncodeOp, `Ptr` the pointer to member's type,
/// `P` the pointer itself. `Op` also makes the calls in DIDIT_MODEL dependent, so no compiler
/// instantiates a field's function (and the codecs beneath it) before a model is actually
/// decoded or encoded.
template <class Op, class Ptr, Ptr P>
Field make_field(std::string_view name) {
    using Owner = typename member_pointer<Ptr>::owner;
    if constexpr (std::is_same_v<Op, DecodeOp>) {
        return {name,
                [](const Json& j, void* object, DecodeContext& ctx) {
                    return decode_value(j, static_cast<Owner*>(object)->*P, ctx);
                },
                nullptr};
    } else {
        return {name, nullptr, [](const void* object, std::string_view key, Json& out, EncodeContext& ctx) {
                    const auto& member = static_cast<const Owner*>(object)->*P;
                    if (is_absent(member)) return true;
                    std::size_t mark = ctx.push_key(key);
                    Json item;
                    if (!encode_value(member, item, ctx)) return false;
                    ctx.pop(mark);
                    out[std::string(key)] = std::move(item);
                    return true;
                }};
    }
}

template <class T>
struct Codec<T, std::enable_if_t<is_model<T>::value>> {
    static bool decode(const Json& j, T& out, DecodeContext& ctx) {
        Json* extra = nullptr;
        if constexpr (has_extra<T>::value) extra = &out.extra;
        return decode_object(j, &out, extra, didit_fields(static_cast<const T*>(nullptr), DecodeOp{}), ctx);
    }
    static bool encode(const T& v, Json& out, EncodeContext& ctx) {
        const Json* extra = nullptr;
        if constexpr (has_extra<T>::value) extra = &v.extra;
        return encode_object(&v, extra, didit_fields(static_cast<const T*>(nullptr), EncodeOp{}), out, ctx);
    }
};

}  // namespace detail

/// A reply with no meaningful body (204, or a body the caller does not need). Any body decodes.
struct Empty {
    /// Whatever JSON came back (null for an empty body).
    Json raw;
};

namespace detail {
template <>
struct Codec<Empty> {
    static bool decode(const Json& j, Empty& out, DecodeContext&) {
        out.raw = j;
        return true;
    }
    static bool encode(const Empty&, Json& out, EncodeContext&) {
        out = Json::object();
        return true;
    }
};
}  // namespace detail

namespace detail {
/// Decodes into a Result built in place and returned by its one name (no move of a large model).
/// `bounded`: `j` comes from parse_json_text, which already refused nesting deeper than
/// max_json_depth; otherwise that is checked here first, as the decoded model may hold parts of
/// `j` (Json fields, `extra`) that it copies with nlohmann's recursive copy.
template <class T>
Result<T> decode_as(const Json& j, bool steal, bool bounded = false) {
    if (!bounded && json_deeper_than(j, max_json_depth))
        return make_error(ErrorKind::Decode,
                          "JSON nests arrays or objects deeper than " + std::to_string(max_json_depth) + " levels");
    Result<T> out(std::in_place);
    DecodeContext ctx;
    ctx.steal = steal;
    if (!decode_value(j, out.value(), ctx)) out = make_error(ErrorKind::Decode, std::move(ctx.message));
    return out;
}
}  // namespace detail

/// Decodes a JSON value into T; a mismatch is a Decode error naming the JSON path, and so is
/// nesting deeper than 512 levels (the limit of every JSON value the SDK reads or sends).
template <class T>
Result<T> decode_json(const Json& j) {
    return detail::decode_as<T>(j, false);
}

/// Decodes a JSON value that the caller gives up: strings and unknown members are moved out
/// of `j` rather than copied (what the client does with each reply). `j` is left unspecified.
template <class T>
Result<T> decode_json(Json&& j) {
    return detail::decode_as<T>(j, true);
}

/// Parses text and decodes it into T.
template <class T>
Result<T> decode_json(std::string_view text) {
    bool too_deep = false;
    Json j = detail::parse_json_text(text, &too_deep);
    if (j.is_discarded())
        return make_error(ErrorKind::Decode, too_deep ? "response nests arrays or objects deeper than " +
                                                            std::to_string(detail::max_json_depth) + " levels"
                                                      : std::string("response is not valid JSON"));
    return detail::decode_as<T>(j, true, true);
}

/// Encodes T into a JSON value; strings that are not UTF-8, non-finite numbers and didit::Json
/// values nested deeper than 512 levels are an InvalidArgument error naming the field.
template <class T>
Result<Json> encode_json(const T& v) {
    Json out;
    detail::EncodeContext ctx;
    if (!detail::encode_value(v, out, ctx)) return make_error(ErrorKind::InvalidArgument, std::move(ctx.message));
    return out;
}

}  // namespace didit

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS
namespace didit::detail {

namespace field_order {
// Shorter names first, then bytewise: most comparisons of a lookup are settled by the length,
// without touching the characters.
inline bool before(std::string_view a, std::string_view b) noexcept {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}
}  // namespace field_order

DIDIT_INLINE FieldTable::FieldTable(std::initializer_list<Field> fields) : fields_(fields) {
    // An insertion sort: tables are a few dozen rows, sorted once, and std::sort would be
    // instantiated in every translation unit.
    for (std::size_t i = 1; i < fields_.size(); ++i)
        for (std::size_t k = i; k > 0 && field_order::before(fields_[k].name, fields_[k - 1].name); --k)
            std::swap(fields_[k], fields_[k - 1]);
}

DIDIT_INLINE const Field* FieldTable::find(std::string_view name) const noexcept {
    auto it = std::lower_bound(fields_.begin(), fields_.end(), name,
                               [](const Field& f, std::string_view n) { return field_order::before(f.name, n); });
    return it != fields_.end() && it->name == name ? &*it : nullptr;
}

DIDIT_INLINE bool decode_object(const Json& j, void* object, Json* extra, const FieldTable& table, DecodeContext& ctx) {
    if (!j.is_object()) return ctx.mismatch("object", j);
    Json* owned = ctx.stealable(j);  // the same object as `j`, when it is ours to consume
    const auto& members = j.get_ref<const Json::object_t&>();
    for (auto it = members.begin(); it != members.end();) {
        const auto next = std::next(it);
        if (const Field* f = table.find(it->first)) {
            std::size_t mark = ctx.push_key(f->name);
            if (!f->decode(it->second, object, ctx)) return false;
            ctx.pop(mark);
        } else if (extra) {
            if (!extra->is_object()) *extra = Json::object();
            auto& into = extra->get_ref<Json::object_t&>();
            if (owned)
                into.insert(owned->get_ref<Json::object_t&>().extract(it));
            else
                into.emplace(it->first, it->second);
        }
        it = next;
    }
    return true;
}

DIDIT_INLINE bool encode_object(const void* object, const Json* extra, const FieldTable& table, Json& out,
                                EncodeContext& ctx) {
    out = Json::object();
    for (const Field& f : table.fields())
        if (!f.encode(object, f.name, out, ctx)) return false;
    if (!extra || extra->is_null()) return true;
    if (!extra->is_object()) return ctx.fail("extra must be a JSON object");
    for (auto it = extra->begin(); it != extra->end(); ++it) {
        if (out.contains(it.key())) continue;
        if (!utf8_valid(it.key())) return ctx.fail("extra key is not valid UTF-8");
        Json item;
        std::size_t mark = ctx.push_key(it.key());
        if (!Codec<Json>::encode(it.value(), item, ctx)) return false;
        ctx.pop(mark);
        out[it.key()] = std::move(item);
    }
    return true;
}

}  // namespace didit::detail
#endif  // DIDIT_DEFINITIONS

// ---- the macros ----------------------------------------------------------------------

#define DIDIT_DETAIL_FIELD(Type, member) \
    , ::didit::detail::make_field<DiditOp_, decltype(&Type::member), &Type::member>(#member)

/// Lists the JSON fields of a struct, once. The JSON key is the member's name.
/// Use at namespace scope, in the struct's namespace:
///   struct Balance { std::string balance; std::optional<bool> auto_refill_enabled; didit::Json extra; };
///   DIDIT_MODEL(Balance, balance, auto_refill_enabled)
/// A member named `extra` of type didit::Json (not listed) receives unknown keys on decode
/// and is merged into the object on encode.
#define DIDIT_MODEL(Type, ...)                                                                       \
    /* a template over DecodeOp/EncodeOp: each table is only built where a codec uses it, and the */ \
    /* declared return type lets is_model<Type> be answered without instantiating the body */        \
    template <class DiditOp_>                                                                        \
    [[maybe_unused]] const ::didit::detail::FieldTable& didit_fields(const Type*, DiditOp_) {        \
        static const ::didit::detail::FieldTable table{                                              \
            DIDIT_PP_TAIL(DIDIT_PP_FOR_EACH(DIDIT_DETAIL_FIELD, Type, __VA_ARGS__))};                \
        return table;                                                                                \
    }

// The SDK's own models: DIDIT_MODEL, and under DIDIT_SEPARATE_COMPILATION the field table (with
// every member's codec beneath it) is instantiated once, in the DIDIT_IMPLEMENTATION TU, and
// declared `extern template` everywhere else. A user's own DIDIT_MODEL types stay header-only.
#if defined(DIDIT_SEPARATE_COMPILATION) && defined(DIDIT_IMPLEMENTATION)
#define DIDIT_DETAIL_MODEL_INSTANCE(Type)                                                             \
    template const ::didit::detail::FieldTable& didit_fields(const Type*, ::didit::detail::DecodeOp); \
    template const ::didit::detail::FieldTable& didit_fields(const Type*, ::didit::detail::EncodeOp);
#elif defined(DIDIT_SEPARATE_COMPILATION)
#define DIDIT_DETAIL_MODEL_INSTANCE(Type)                                                                    \
    extern template const ::didit::detail::FieldTable& didit_fields(const Type*, ::didit::detail::DecodeOp); \
    extern template const ::didit::detail::FieldTable& didit_fields(const Type*, ::didit::detail::EncodeOp);
#else
#define DIDIT_DETAIL_MODEL_INSTANCE(Type)
#endif
#define DIDIT_DETAIL_MODEL(Type, ...) \
    DIDIT_MODEL(Type, __VA_ARGS__)    \
    DIDIT_DETAIL_MODEL_INSTANCE(Type)

/// Marks a DIDIT_ENUM whose requests may carry only its listed values (an API that documents a
/// closed set for a request field): encoding any other value, including a default-constructed
/// one, is an InvalidArgument error naming the field, and nothing is sent. Decoding stays open.
/// Use at namespace scope, in the enum's namespace, after the DIDIT_ENUM:
///   DIDIT_ENUM(LifecycleStatus, (Active, "ACTIVE"), (Blocked, "BLOCKED"));
///   DIDIT_ENUM_SEND_KNOWN(LifecycleStatus)
#define DIDIT_ENUM_SEND_KNOWN(Name) \
    [[maybe_unused]] inline constexpr bool didit_send_known(const Name*) noexcept { return true; }

#define DIDIT_DETAIL_ENUM_ID(d, pair) DIDIT_DETAIL_ENUM_ID_ pair
#define DIDIT_DETAIL_ENUM_ID_(id, wire) id,
#define DIDIT_DETAIL_ENUM_ROW(Name, pair) DIDIT_DETAIL_ENUM_ROW_ pair
#define DIDIT_DETAIL_ENUM_ROW_(id, wire) {id, wire},

/// An open enumeration over the strings an API field documents. Unknown strings are kept
/// (str() returns them, value() is Unknown), so a new server value never fails decoding.
///   DIDIT_ENUM(WorkflowStatus, (Draft, "draft"), (Published, "published"))
///   if (wf.status == WorkflowStatus::Published) ...; switch (wf.status.value()) ...
/// table() lists the (value, wire string) pairs; the rows are a constexpr array, so an enum
/// costs its translation units no container instantiation.
#define DIDIT_ENUM(Name, ...)                                                                                    \
    class Name {                                                                                                 \
    public:                                                                                                      \
        using didit_open_enum = void;                                                                            \
        enum Value { Unknown = 0, DIDIT_PP_FOR_EACH(DIDIT_DETAIL_ENUM_ID, Name, __VA_ARGS__) };                  \
        Name() = default;                                                                                        \
        Name(Value v) : value_(v) {}                                                                             \
        explicit Name(std::string_view wire) {                                                                   \
            for (const auto& row : table())                                                                      \
                if (row.second == wire) {                                                                        \
                    value_ = row.first;                                                                          \
                    return;                                                                                      \
                }                                                                                                \
            raw_ = std::string(wire);                                                                            \
        }                                                                                                        \
        Value value() const noexcept { return value_; }                                                          \
        bool is_known() const noexcept { return value_ != Unknown; }                                             \
        std::string_view str() const noexcept {                                                                  \
            for (const auto& row : table())                                                                      \
                if (row.first == value_) return row.second;                                                      \
            return raw_;                                                                                         \
        }                                                                                                        \
        friend bool operator==(const Name& a, const Name& b) { return a.str() == b.str(); }                      \
        friend bool operator!=(const Name& a, const Name& b) { return !(a == b); }                               \
        friend bool operator==(const Name& a, Value b) { return a.value_ == b; }                                 \
        friend bool operator!=(const Name& a, Value b) { return !(a == b); }                                     \
        /** Each known value and its wire string, as `.first` / `.second`. */                                    \
        static constexpr ::didit::detail::EnumRows<Value> table() noexcept { return {rows_, std::size(rows_)}; } \
                                                                                                                 \
    private:                                                                                                     \
        static constexpr ::didit::detail::EnumRow<Value> rows_[] = {                                             \
            DIDIT_PP_FOR_EACH(DIDIT_DETAIL_ENUM_ROW, Name, __VA_ARGS__)};                                        \
        Value value_ = Unknown;                                                                                  \
        std::string raw_;                                                                                        \
    }
