// SPDX-License-Identifier: MIT
// Plain HTTP values shared by the client and every transport: method, headers, request, response.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <didit/body.hpp>
#include <didit/detail/config.hpp>

namespace didit {

/// HTTP methods used by the Didit API.
enum class Method { Get, Post, Put, Patch, Delete };

/// The method's token as it appears on the request line ("GET", "POST", ...).
inline constexpr std::string_view to_string(Method m) noexcept {
    switch (m) {
        case Method::Get: return "GET";
        case Method::Post: return "POST";
        case Method::Put: return "PUT";
        case Method::Patch: return "PATCH";
        case Method::Delete: return "DELETE";
    }
    return "GET";
}

namespace detail {
inline constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}
/// Parses a header value holding a non-negative decimal integer (surrounding blanks allowed)
/// without exceptions; false on anything else.
DIDIT_INLINE bool parse_uint(std::string_view s, std::uint64_t& out) noexcept;
}  // namespace detail

/// An ordered list of HTTP header fields whose names compare case-insensitively.
/// Order is kept (it is what goes on the wire); lookups return the first match.
class Headers {
public:
    /// One field: name (as written) and value.
    using value_type = std::pair<std::string, std::string>;
    /// Iterates the fields in wire order.
    using const_iterator = std::vector<value_type>::const_iterator;

    /// No fields.
    Headers() = default;
    /// The given fields, in that order (duplicates kept): `Headers{{"Accept", "text/plain"}}`.
    Headers(std::initializer_list<value_type> init) : fields_(init) {}

    /// Replaces every field named `name` with a single one holding `value`.
    void set(std::string_view name, std::string value) {
        remove(name);
        fields_.emplace_back(std::string(name), std::move(value));
    }
    /// Appends a field, keeping earlier ones of the same name.
    void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
    /// The first field named `name`, or nullptr.
    const std::string* find(std::string_view name) const noexcept;
    /// The first field named `name`, or an empty view.
    std::string_view get(std::string_view name) const noexcept {
        const std::string* v = find(name);
        return v ? std::string_view(*v) : std::string_view();
    }
    /// Whether any field is named `name` (case-insensitive).
    bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }
    /// Removes every field named `name`; returns how many were removed.
    std::size_t remove(std::string_view name);
    /// Removes every field.
    void clear() noexcept { fields_.clear(); }
    /// Number of fields, counting repeated names separately.
    std::size_t size() const noexcept { return fields_.size(); }
    /// True when there are no fields.
    bool empty() const noexcept { return fields_.empty(); }
    /// First field, in wire order.
    const_iterator begin() const noexcept { return fields_.begin(); }
    /// Past the last field.
    const_iterator end() const noexcept { return fields_.end(); }

private:
    std::vector<value_type> fields_;
};

/// A request as the client hands it to a transport: absolute URL, headers and body bytes.
struct HttpRequest {
    /// The HTTP method; GET unless set.
    Method method = Method::Get;
    /// Absolute URL with the query string already encoded.
    std::string url;
    /// Every header to send, in order (the client sets authentication, Accept, User-Agent, ...).
    Headers headers;
    /// The body bytes (JSON for Didit routes); empty for none, or when `body_source` holds it.
    std::string body;
    /// A streamed body (a file upload), read in chunks while the request is sent; when set,
    /// `body` is empty. Transports that declare `static constexpr bool reads_body_source = true`
    /// read it themselves; every other transport gets it copied into `body` first (send_request).
    std::shared_ptr<const BodySource> body_source;
    /// Time allowed for this attempt; zero means the transport's own default.
    std::chrono::milliseconds timeout{0};
};

/// A response as a transport returns it: any status, headers, raw body bytes.
struct HttpResponse {
    /// The HTTP status code; 0 until a transport sets it.
    int status = 0;
    /// The response headers as received.
    Headers headers;
    /// The body bytes, undecoded.
    std::string body;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE const std::string* Headers::find(std::string_view name) const noexcept {
    for (const auto& f : fields_)
        if (detail::iequals(f.first, name)) return &f.second;
    return nullptr;
}

DIDIT_INLINE std::size_t Headers::remove(std::string_view name) {
    // In place: set() calls this for every header of every request.
    auto kept_end = std::remove_if(fields_.begin(), fields_.end(),
                                   [&](const value_type& f) { return detail::iequals(f.first, name); });
    const auto removed = static_cast<std::size_t>(fields_.end() - kept_end);
    fields_.erase(kept_end, fields_.end());
    return removed;
}

namespace detail {
DIDIT_INLINE bool parse_uint(std::string_view s, std::uint64_t& out) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty() || s.size() > 18) return false;
    std::uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    out = v;
    return true;
}
}  // namespace detail

#endif  // DIDIT_DEFINITIONS

}  // namespace didit
