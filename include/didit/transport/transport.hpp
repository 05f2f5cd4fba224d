// SPDX-License-Identifier: MIT
// The Transport contract: anything with `Result<HttpResponse> send(const HttpRequest&)`.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// True when T can carry requests for a Client: it has
/// `Result<HttpResponse> send(const HttpRequest&)`. A transport sends exactly once: it never
/// throws, never retries, and reports any status code as a response, not an error. Retries,
/// credentials, logging and rate shaping live above it, so every transport gets them.
template <class T, class = void>
struct is_transport : std::false_type {};
template <class T>
struct is_transport<T, std::void_t<decltype(std::declval<T&>().send(std::declval<const HttpRequest&>()))>>
    : std::is_same<decltype(std::declval<T&>().send(std::declval<const HttpRequest&>())), Result<HttpResponse>> {};
template <class T>
inline constexpr bool is_transport_v = is_transport<T>::value;

namespace detail {
template <class T, class = void>
struct has_name : std::false_type {};
template <class T>
struct has_name<T, std::void_t<decltype(std::string(std::declval<const T&>().name()))>> : std::true_type {};
}  // namespace detail

namespace detail {
template <class T, class = void>
struct reads_body_source : std::false_type {};
template <class T>
struct reads_body_source<T, std::enable_if_t<T::reads_body_source>> : std::true_type {};
}  // namespace detail

/// True when transport T streams `HttpRequest::body_source` itself; it opts in with
/// `static constexpr bool reads_body_source = true`. Other transports only see `body`.
template <class T>
inline constexpr bool reads_body_source_v = detail::reads_body_source<T>::value;

namespace detail {
/// Reads a streamed body into `req.body` and drops the source (for a transport or engine that
/// knows only `body`). A body that cannot be read is a Transport error marked not sent.
inline Result<void> materialize_body(HttpRequest& req) {
    if (!req.body_source) return {};
    auto bytes = req.body_source->read_all();
    if (!bytes.ok()) {
        Error e = std::move(bytes).error();
        e.not_sent = true;
        return e;
    }
    req.body = std::move(bytes).value();
    req.body_source.reset();
    return {};
}
}  // namespace detail

/// The one way the SDK hands a request to a transport: a transport that reads body sources
/// gets `req` as it is; any other gets a copy whose streamed body is read into `body`
/// (the same bytes, in memory), so a transport that knows only `body` sends uploads unchanged.
/// A body that cannot be read (a file that vanished) is a Transport error marked not sent.
template <class T>
Result<HttpResponse> send_request(T& transport, const HttpRequest& req) {
    if constexpr (reads_body_source_v<T>) {
        return transport.send(req);
    } else {
        if (!req.body_source) return transport.send(req);
        HttpRequest copy;
        copy.method = req.method;
        copy.url = req.url;
        copy.headers = req.headers;
        copy.timeout = req.timeout;
        copy.body_source = req.body_source;
        auto read = detail::materialize_body(copy);
        if (!read.ok()) return std::move(read).error();
        return transport.send(copy);
    }
}

/// The transport's self-description for the User-Agent ("curl/7.88.1"), or "custom".
/// A transport opts in with a `name()` member returning something convertible to std::string.
template <class T>
std::string transport_name(const T& t) {
    if constexpr (detail::has_name<T>::value)
        return std::string(t.name());
    else
        return "custom";
}

}  // namespace didit
