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
