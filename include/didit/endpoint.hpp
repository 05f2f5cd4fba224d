// SPDX-License-Identifier: MIT
// DIDIT_ROUTE, DIDIT_ENDPOINT and DIDIT_PATH: route descriptors as plain structs, with their compile-time checks.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <didit/detail/preprocessor.hpp>
#include <didit/http.hpp>

namespace didit {

/// Which API a route belongs to; each has its own base URL and credential.
enum class Host {
    /// https://verification.didit.me: paths start with /v3/, except the device-facing transaction
    /// routes (/v1/transactions/) and the healthcheck (/system/healthcheck)
    Verification,
    Account,  ///< https://apx.didit.me/auth/v2 (registration, login, organizations)
};

/// How a route authenticates.
enum class Auth {
    None,    ///< no credential (register, verify-email, login)
    Bearer,  ///< `Authorization: Bearer <access token>`, account routes only
    ApiKey,  ///< `x-api-key: <key>`, verification routes only
    /// `X-Transaction-Token: <token>`, from the TransactionToken passed to the call itself (never the
    /// API key); verification routes only: the device-facing /v1/transactions/ routes
    TransactionToken,
    /// `Session-Token: <token>`, from the SessionToken passed to the call itself (a session
    /// create reply's `session_token`); verification routes only (sandbox arm)
    SessionToken,
};

/// True when `auth` may authenticate a route of `host`: ApiKey, TransactionToken and SessionToken
/// go only to the verification host, Bearer only to the account host, None to either.
constexpr bool auth_fits_host(Auth auth, Host host) noexcept {
    return auth == Auth::None ||
           (host == Host::Verification
                ? (auth == Auth::ApiKey || auth == Auth::TransactionToken || auth == Auth::SessionToken)
                : auth == Auth::Bearer);
}

// g++ warns (-Wshadow) that the scoped enumerator ContentType::Json shadows the type didit::Json
// when <didit/detail/json.hpp> came first; a scoped enumerator shadows nothing.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
/// How a route's request body is sent.
enum class ContentType {
    None,  ///< no body
    Json,  ///< `application/json`, written from the request model
    /// `multipart/form-data`, written by the request model's `multipart(MultipartForm&)` and
    /// streamed (file parts are read while the request is sent)
    Multipart,
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

class MultipartForm;  // didit/upload.hpp

namespace detail {
template <class T, class = void>
struct is_multipart_model : std::false_type {};
template <class T>
struct is_multipart_model<T, std::void_t<decltype(std::declval<const T&>().multipart(std::declval<MultipartForm&>()))>>
    : std::true_type {};
}  // namespace detail

/// True when T declares `void multipart(MultipartForm&) const` (didit/upload.hpp): the routes
/// that take it send multipart/form-data.
template <class T>
inline constexpr bool is_multipart_model_v = detail::is_multipart_model<T>::value;

/// Marks a route without a request body.
struct NoBody {};
/// Marks a route without query parameters.
struct NoQuery {};
/// Marks a route without path parameters.
struct NoPath {
    static constexpr std::array<std::string_view, 0> names{};  ///< no placeholders
    /// No values to put into a path.
    static constexpr std::array<std::string_view, 0> values() noexcept { return {}; }
};

namespace detail {

/// True when every `{name}` in `path` is one of `names`, each name appears exactly once, and
/// braces are balanced. Evaluated at compile time by DIDIT_ENDPOINT.
template <std::size_t N>
constexpr bool path_matches(std::string_view path, const std::array<std::string_view, N>& names) {
    std::size_t seen[N > 0 ? N : 1] = {};
    std::size_t i = 0;
    while (i < path.size()) {
        char c = path[i];
        if (c == '}') return false;
        if (c != '{') {
            ++i;
            continue;
        }
        std::size_t close = path.find('}', i);
        if (close == std::string_view::npos) return false;
        std::string_view ph = path.substr(i + 1, close - i - 1);
        if (ph.find('{') != std::string_view::npos) return false;
        bool found = false;
        for (std::size_t k = 0; k < N; ++k)
            if (names[k] == ph) {
                ++seen[k];
                found = true;
            }
        if (!found) return false;
        i = close + 1;
    }
    for (std::size_t k = 0; k < N; ++k)
        if (seen[k] != 1) return false;
    return true;
}

template <class E>
constexpr bool endpoint_path_ok() {
    return path_matches(E::path, E::path_params::names);
}
template <class E>
constexpr bool endpoint_body_ok() {
    return E::method != Method::Get || std::is_same_v<typename E::request, NoBody>;
}
template <class E>
constexpr bool endpoint_auth_ok() {
    return auth_fits_host(E::auth, E::host);
}

/// A route descriptor reduced to plain values, so the core below is compiled only once.
struct RouteView {
    Method method;
    Host host;
    Auth auth;
    std::string_view path;
    std::string_view name;
    bool uuid_params;
    bool retry_safe;
    /// A route-specific rate bucket on top of the method's ("pdf", "session-create"…), or "".
    std::string_view rate_bucket;
    /// How the request body is written.
    ContentType content_type;
};

template <class P, class = void>
struct path_has_uuids : std::false_type {};
template <class P>
struct path_has_uuids<P, std::enable_if_t<P::uuid_params>> : std::true_type {};

/// A route's own rate bucket (`E::rate_bucket`), or "" for the method's alone.
template <class E>
struct route_rate_bucket {
    static constexpr std::string_view value = E::rate_bucket;
};

/// A route's own default time limit (`E::timeout`), or zero for the client's.
template <class E>
constexpr std::chrono::milliseconds route_timeout() {
    return E::timeout;
}

/// A rate-bucket column as a string_view (a plain `= ""` would read as a redundant
/// initialisation to clang-tidy, at every row of the table that has no bucket of its own).
constexpr std::string_view bucket_name(std::string_view name) noexcept { return name; }

template <class E>
constexpr bool endpoint_content_ok() {
    return (E::content_type == ContentType::None) == std::is_same_v<typename E::request, NoBody> &&
           (E::content_type == ContentType::Multipart) == is_multipart_model_v<typename E::request>;
}

/// The content type of a request model: None for NoBody, Multipart for a model with
/// `multipart(MultipartForm&) const`, else Json.
template <class T>
constexpr ContentType content_type_of() {
    return std::is_same_v<T, NoBody> ? ContentType::None
           : is_multipart_model_v<T> ? ContentType::Multipart
                                     : ContentType::Json;
}

template <class E>
constexpr RouteView route_view() {
    return RouteView{E::method,      E::host,
                     E::auth,        E::path,
                     E::name,        path_has_uuids<typename E::path_params>::value,
                     E::retry_safe,  route_rate_bucket<E>::value,
                     E::content_type};
}

}  // namespace detail
}  // namespace didit

#define DIDIT_DETAIL_PATH_MEMBER(d, name) std::string name{};
#define DIDIT_DETAIL_PATH_NAME(d, name) , std::string_view(#name)
#define DIDIT_DETAIL_PATH_VALUE(d, name) , std::string_view(name)
#define DIDIT_DETAIL_PP_COUNT(d, name) +1  // NOLINT(bugprone-macro-parentheses): one `+1` term of `0 +1 +1`

/// Declares the path parameters of one or more routes as a plain aggregate of strings:
///   DIDIT_PATH(UserPath, vendor_data)  ->  UserPath{"user 42/a"}  (percent-encoded when sent)
#define DIDIT_PATH(Name, ...) DIDIT_DETAIL_PATH(Name, false, __VA_ARGS__)

/// The same for parameters that are UUIDs: a value that is not a canonical lower-case UUID is
/// an InvalidArgument error before sending (the API's router would answer an HTML 404).
#define DIDIT_UUID_PATH(Name, ...) DIDIT_DETAIL_PATH(Name, true, __VA_ARGS__)

#define DIDIT_DETAIL_PATH(Name, UUIDS, ...)                                                                \
    struct Name {                                                                                          \
        DIDIT_PP_FOR_EACH(DIDIT_DETAIL_PATH_MEMBER, Name, __VA_ARGS__)                                     \
        static constexpr bool uuid_params = UUIDS;                                                         \
        static constexpr std::size_t size = 0 DIDIT_PP_FOR_EACH(DIDIT_DETAIL_PP_COUNT, Name, __VA_ARGS__); \
        static constexpr std::array<std::string_view, size> names = {                                      \
            DIDIT_PP_TAIL(DIDIT_PP_FOR_EACH(DIDIT_DETAIL_PATH_NAME, Name, __VA_ARGS__))};                  \
        std::array<std::string_view, size> values() const noexcept {                                       \
            return {DIDIT_PP_TAIL(DIDIT_PP_FOR_EACH(DIDIT_DETAIL_PATH_VALUE, Name, __VA_ARGS__))};         \
        }                                                                                                  \
    }

/// One route of the API as data, with every trait as a column. The SDK's route table
/// (endpoints/*.hpp, written by tools/gen_routes.py from tools/routes/routes.json) is made of these:
///   DIDIT_ROUTE(SessionsGeneratePdf, Get, Verification, ApiKey, "/v3/session/{session_id}/generate-pdf/",
///               SessionPath, NoBody, NoQuery, Pdf, true, 120000, "pdf", None)
/// Arguments: name, method (Get/Post/Patch/Delete), host (Verification/Account), auth
/// (None/Bearer/ApiKey/TransactionToken), path template, path-parameter type (DIDIT_PATH or NoPath), request
/// body type (a DIDIT_MODEL or NoBody), query type (a DIDIT_MODEL or NoQuery), reply type; then
/// the traits:
/// - retry safety: `true` (repeating the request is harmless), `false`, or `when(pred)`:
///   harmless when `pred(request)` is true (a session create with `vendor_data`, which the
///   server de-duplicates);
/// - the route's own default time limit in milliseconds (it takes the place of
///   ClientOptions::timeout; CallOptions::timeout still wins), or 0 for the client's;
/// - its own client-side rate bucket on top of the method's, or "" for none;
/// - the request body's content type: None (no body), Json, or Multipart (a model with
///   `multipart(MultipartForm&) const`, see didit/upload.hpp).
///
/// The struct has `method`, `host`, `auth`, `path`, `name`, `retry_safe`, `timeout`,
/// `rate_bucket` and `content_type` as constants, `retry_safe_for(request)`, and the types
/// `path_params`, `request`, `query` and `reply`.
#define DIDIT_ROUTE(Name, METHOD, HOST, AUTH, PATH, PathT, RequestT, QueryT, ReplyT, RETRY, TIMEOUT_MS, BUCKET,        \
                    CONTENT)                                                                                           \
    DIDIT_DETAIL_ENDPOINT(Name, METHOD, HOST, AUTH, PATH, PathT, RequestT, QueryT, ReplyT, DIDIT_DETAIL_RETRY_##RETRY, \
                          TIMEOUT_MS, BUCKET, ::didit::ContentType::CONTENT)

/// A route of your own with the default traits: no time limit or rate bucket of its own, a JSON
/// body unless the request type is NoBody or a multipart model, and retry safety `true` or `false` (a constant
/// expression). The same as DIDIT_ROUTE otherwise:
///   DIDIT_ENDPOINT(WorkflowsGet, Get, Verification, ApiKey, "/v3/workflows/{settings_uuid}/",
///                  WorkflowPath, NoBody, NoQuery, Workflow, true)
#define DIDIT_ENDPOINT(Name, METHOD, HOST, AUTH, PATH, PathT, RequestT, QueryT, ReplyT, RETRY_SAFE) \
    DIDIT_DETAIL_ENDPOINT(Name, METHOD, HOST, AUTH, PATH, PathT, RequestT, QueryT, ReplyT,          \
                          DIDIT_DETAIL_RETRY_IF(RETRY_SAFE), 0, "", ::didit::detail::content_type_of<RequestT>())

// The three kinds of retry safety, as the members they declare (DIDIT_ROUTE pastes its column
// onto DIDIT_DETAIL_RETRY_, so `true`, `false` and `when(pred)` each name one of these).
#define DIDIT_DETAIL_RETRY_IF(SAFE)          \
    static constexpr bool retry_safe = SAFE; \
    static constexpr bool retry_safe_for(const request&) noexcept { return retry_safe; }
#define DIDIT_DETAIL_RETRY_true DIDIT_DETAIL_RETRY_IF(true)
#define DIDIT_DETAIL_RETRY_false DIDIT_DETAIL_RETRY_IF(false)
#define DIDIT_DETAIL_RETRY_when(PRED)         \
    static constexpr bool retry_safe = false; \
    static bool retry_safe_for(const request& body) { return (PRED)(body); }

#define DIDIT_DETAIL_ENDPOINT(Name, METHOD, HOST, AUTH, PATH, PathT, RequestT, QueryT, ReplyT, RETRY_MEMBERS,         \
                              TIMEOUT_MS, BUCKET, CONTENT)                                                            \
    struct Name {                                                                                                     \
        static constexpr ::didit::Method method = ::didit::Method::METHOD;                                            \
        static constexpr ::didit::Host host = ::didit::Host::HOST;                                                    \
        static constexpr ::didit::Auth auth = ::didit::Auth::AUTH;                                                    \
        static constexpr std::string_view path = PATH;                                                                \
        static constexpr std::string_view name = #Name;                                                               \
        using path_params = PathT;                                                                                    \
        using request = RequestT;                                                                                     \
        using query = QueryT;                                                                                         \
        using reply = ReplyT;                                                                                         \
        static constexpr std::chrono::milliseconds timeout{TIMEOUT_MS};                                               \
        static constexpr std::string_view rate_bucket = ::didit::detail::bucket_name(BUCKET);                         \
        static constexpr ::didit::ContentType content_type = CONTENT;                                                 \
        static_assert(::didit::detail::path_matches(PATH, PathT::names),                                              \
                      "DIDIT_ENDPOINT " #Name                                                                         \
                      ": each {placeholder} in the path needs a path "                                                \
                      "parameter of the same name, and each path parameter a placeholder");                           \
        static_assert(::didit::Method::METHOD != ::didit::Method::Get || std::is_same_v<RequestT, ::didit::NoBody>,   \
                      "DIDIT_ENDPOINT " #Name ": a GET route cannot have a request body");                            \
        static_assert(::didit::auth_fits_host(::didit::Auth::AUTH, ::didit::Host::HOST),                              \
                      "DIDIT_ENDPOINT " #Name                                                                         \
                      ": verification routes authenticate with ApiKey, TransactionToken or SessionToken, "            \
                      "account routes with Bearer (each credential goes only to its own host)");                      \
        static_assert((content_type == ::didit::ContentType::None) == std::is_same_v<RequestT, ::didit::NoBody>,      \
                      "DIDIT_ENDPOINT " #Name ": a route with a request body sends it as Json, one without as None"); \
        static_assert((content_type == ::didit::ContentType::Multipart) == ::didit::is_multipart_model_v<RequestT>,   \
                      "DIDIT_ENDPOINT " #Name ": Multipart goes with a request model that has multipart()");          \
        RETRY_MEMBERS /* NOLINT(bugprone-macro-parentheses): member declarations */                                   \
    }
