// SPDX-License-Identifier: MIT
// Client<Transport>: call<Endpoint>(…) over any transport, plus the resource groups.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include <didit/async.hpp>
#include <didit/detail/client_core.hpp>
#include <didit/endpoint.hpp>
#include <didit/model.hpp>
#include <didit/paging.hpp>
#include <didit/resources/groups.hpp>
#include <didit/result.hpp>
#include <didit/transport/async.hpp>
#include <didit/transport/pool.hpp>
#include <didit/transport/transport.hpp>

namespace didit {

namespace detail {
template <class T, class = void>
struct has_from_response : std::false_type {};
template <class T>
struct has_from_response<T, std::void_t<decltype(T::from_response(std::declval<const HttpResponse&>()))>>
    : std::true_type {};

template <class T>
struct dependent_false : std::false_type {};
}  // namespace detail

#if !defined(DIDIT_NO_CURL)
class CurlTransport;  // defined in <didit/transport/curl.hpp>, which <didit/didit.hpp> includes
// `didit::Client<>` talks to the real API through libcurl (CurlTransport). A program built
// without curl (DIDIT_NO_CURL) names its own transport instead: `didit::Client<MyTransport>`.
template <class Transport = CurlTransport>
class Client;
#endif

/// A Didit API client over `Transport` (see is_transport). Cheap to keep for the life of
/// the program; one client per process is the intended use.
///
///   didit::Client<> client;                       // CurlTransport, key from DIDIT_API_KEY
///   auto wf = client.workflows().get("c3d4e5f6-…");
///   if (!wf) std::cerr << wf.error().to_string() << "\n";
///
/// Every call returns a Result; nothing throws unless you call `.value()` on an error.
template <class Transport>
class Client : public ResourceGroups<Client<Transport>> {
    static_assert(is_transport_v<Transport>,
                  "didit::Client<T>: T must be a transport, i.e. have a member "
                  "`didit::Result<didit::HttpResponse> send(const didit::HttpRequest&)`");

public:
    /// The transport the client sends through.
    using transport_type = Transport;
    /// A method of a resource group returns Result<T> here (Future<T> on the async() view).
    template <class T>
    using reply_t = Result<T>;
    /// Resource groups offer their synchronous-only method (await_decision) here.
    static constexpr bool is_async = false;
    /// What a resource group's list_all returns here.
    template <class E>
    using pager_t = Paginator<Client, E>;

    /// A client with `options` that sends through `transport` (default-constructed unless
    /// given). Empty options are filled from the environment (`DIDIT_API_KEY`, ...), else the
    /// production hosts; see ClientOptions. The constructor checks nothing and sends nothing:
    /// bad settings (a missing key, a plain-http URL) surface as InvalidArgument errors from
    /// each call.
    explicit Client(ClientOptions options = {}, Transport transport = Transport{})
        : core_(std::move(options)),
          transport_(std::move(transport)),
          hub_(std::make_shared<detail::AsyncHub>(core_.options().max_in_flight)) {
        core_.set_transport_name(transport_name(transport_));
    }
    /// A client whose transport is constructed in place from `args` (for a transport that
    /// cannot be moved, such as an engine that owns a thread).
    template <class... Args>
    Client(ClientOptions options, std::in_place_t, Args&&... args)
        : core_(std::move(options)),
          transport_(std::forward<Args>(args)...),
          hub_(std::make_shared<detail::AsyncHub>(core_.options().max_in_flight)) {
        core_.set_transport_name(transport_name(transport_));
    }
    /// Cancels the asynchronous calls still under way or queued (their outcome is
    /// ErrorKind::Cancelled) and waits for those in flight to let go of the engine. Do not
    /// destroy a client on a thread of its engine (inside a then() callback).
    ~Client() {
        if (hub_) hub_->shutdown();
    }
    /// Moves the client. A client that has made asynchronous calls must not be moved.
    Client(Client&& other) noexcept
        : core_(std::move(other.core_)), transport_(std::move(other.transport_)), hub_(std::move(other.hub_)) {}
    /// Moves the client. A client that has made asynchronous calls must not be moved.
    Client& operator=(Client&& other) noexcept {
        if (this != &other) {
            if (hub_) hub_->shutdown();
            core_ = std::move(other.core_);
            transport_ = std::move(other.transport_);
            hub_ = std::move(other.hub_);
        }
        return *this;
    }
    /// Not copyable: one client owns its asynchronous calls.
    Client(const Client&) = delete;
    /// Not copyable: one client owns its asynchronous calls.
    Client& operator=(const Client&) = delete;

    /// Calls one route. Arguments are matched by type, in any order: the route's path
    /// parameters (required when it has any), its request body, its query, CallOptions, and
    /// the TransactionToken or SessionToken of a route that authenticates with one (required
    /// there, refused at compile time everywhere else).
    ///   client.call<endpoints::WorkflowsGet>(WorkflowPath{"c3d4…"});
    ///   client.call<endpoints::WorkflowsList>(WorkflowsListQuery{}, CallOptions{});
    template <class E, class... Args>
    Result<typename E::reply> call(const Args&... args) {
        using P = typename E::path_params;
        using B = typename E::request;
        using Q = typename E::query;
        static_assert(std::is_same_v<P, NoPath> || (std::is_same_v<Args, P> || ...),
                      "didit::Client::call: this route has path parameters; pass its path struct");
        static_assert(E::auth != Auth::TransactionToken || (std::is_same_v<Args, TransactionToken> || ...),
                      "didit::Client::call: this route authenticates with a transaction token; pass the "
                      "TransactionToken");
        static_assert(E::auth != Auth::SessionToken || (std::is_same_v<Args, SessionToken> || ...),
                      "didit::Client::call: this route authenticates with the session's own token; pass the "
                      "SessionToken");
        const P* path = nullptr;
        const B* body = nullptr;
        const Q* query = nullptr;
        const CallOptions* opts = nullptr;
        std::string_view token;
        (bind_argument<E>(args, path, body, query, opts, token), ...);
        if constexpr (std::is_same_v<P, NoPath>) {
            static constexpr NoPath none{};
            path = &none;  // a route with path parameters always has them (the static_assert above)
        }
        return call_impl<E>(*path, given_or_empty(body), given_or_empty(query),
                            opts != nullptr ? *opts : detail::default_call_options(), token);
    }

    /// The asynchronous view: the same routes and resource groups, returning Future<T>.
    ///   auto f = client.async().sessions().create(req);   // does not block
    /// See AsyncClient for the engine it runs on and ClientOptions::max_in_flight.
    AsyncClient<Client> async() noexcept { return AsyncClient<Client>(*this); }

    /// Settings in force (secrets included: do not print this).
    const ClientOptions& options() const noexcept { return core_.options(); }
    /// Replaces the API key, e.g. after verify-email returned the application's key.
    void set_api_key(std::string key) { core_.set_api_key(std::move(key)); }
    /// Replaces the account access token, e.g. after login.
    void set_access_token(std::string token) { core_.set_access_token(std::move(token)); }
    /// The transport itself, e.g. to inspect a MockTransport's recorded requests in a test.
    Transport& transport() noexcept { return transport_; }

private:
    friend class AsyncClient<Client>;

    detail::AsyncHub& async_hub() const noexcept { return *hub_; }

    AsyncEngine* async_engine() {
        if constexpr (is_async_engine_v<Transport>) {
            return hub_->engine(&transport_, [] { return std::unique_ptr<AsyncEngine>(); });
        } else {
            return hub_->engine(nullptr, [this] {
                Transport* t = &transport_;
                return std::unique_ptr<AsyncEngine>(new WorkerPoolEngine(
                    [t](const HttpRequest& req) { return send_request(*t, req); }, core_.options().async_workers,
                    /*send_reads_body_source=*/true));
            });
        }
    }

    // Client::call's argument matching, then the call through the engine.
    template <class E, class... Args>
    Future<typename E::reply> call_async(const Args&... args) {
        using P = typename E::path_params;
        using B = typename E::request;
        using Q = typename E::query;
        static_assert(std::is_same_v<P, NoPath> || (std::is_same_v<Args, P> || ...),
                      "didit::AsyncClient::call: this route has path parameters; pass its path struct");
        static_assert(E::auth != Auth::TransactionToken || (std::is_same_v<Args, TransactionToken> || ...),
                      "didit::AsyncClient::call: this route authenticates with a transaction token; pass the "
                      "TransactionToken");
        static_assert(E::auth != Auth::SessionToken || (std::is_same_v<Args, SessionToken> || ...),
                      "didit::AsyncClient::call: this route authenticates with the session's own token; pass the "
                      "SessionToken");
        const P* path = nullptr;
        const B* body = nullptr;
        const Q* query = nullptr;
        const CallOptions* opts = nullptr;
        std::string_view token;
        (bind_argument<E>(args, path, body, query, opts, token), ...);
        if constexpr (std::is_same_v<P, NoPath>) {
            static constexpr NoPath none{};
            path = &none;
        }
        return call_async_impl<E>(*path, given_or_empty(body), given_or_empty(query),
                                  opts != nullptr ? *opts : detail::default_call_options(), token);
    }

    template <class E>
    Future<typename E::reply> call_async_impl(const typename E::path_params& path, const typename E::request& body,
                                              const typename E::query& query, const CallOptions& opts,
                                              std::string_view credential) {
        using Reply = typename E::reply;
        check_descriptor<E>();
        Encoded enc;
        if (auto bad = encode_call<E>(body, query, enc)) return Future<Reply>(std::move(*bad));
        const auto names = E::path_params::names;
        const auto values = path.values();
        auto spec = call_spec<E>(names.data(), values.data(), names.size(), body, enc);
        spec.credential = credential;
        auto req = core_.prepare(spec, opts);
        if (!req.ok()) return Future<Reply>(std::move(req).error());
        AsyncEngine* engine = async_engine();
        if (!engine->streams_body_source()) {
            // An engine of the user's that knows only `body`: read the upload into it once.
            auto read = detail::materialize_body(req.value());
            if (!read.ok())
                return Future<Reply>(detail::ClientCore::not_sent(E::name, "request body", std::move(read).error()));
        }
        auto state = std::make_shared<detail::FutureState<Reply>>(engine);
        auto op = std::make_shared<detail::TypedOp<Reply>>(state, &reply_of<E>);
        op->hub = hub_;
        op->engine = engine;
        op->core = &core_;
        op->route = spec.route;
        op->request = std::move(req).value();
        core_.begin(op->state, op->route, op->request, opts, spec.idempotent);
        state->set_op(op);
        hub_->submit(op);
        return Future<Reply>(std::move(state));
    }

    // A call's request body and query, encoded: JSON by the models' codecs, or a multipart
    // body (ContentType::Multipart). The one encode path of synchronous and asynchronous calls.
    struct Encoded {
        Json body, query;
        MultipartBody multipart;
    };
    template <class E>
    static std::optional<Error> encode_call(const typename E::request& body, const typename E::query& query,
                                            Encoded& out) {
        if constexpr (E::content_type == ContentType::Multipart) {
            auto enc = encode_multipart(body);
            if (!enc.ok()) return detail::ClientCore::not_sent(E::name, "request body", std::move(enc).error());
            out.multipart = std::move(enc).value();
        } else if constexpr (!std::is_same_v<typename E::request, NoBody>) {
            auto enc = encode_json(body);
            if (!enc.ok()) return detail::ClientCore::not_sent(E::name, "request body", std::move(enc).error());
            out.body = std::move(enc).value();
        }
        if constexpr (!std::is_same_v<typename E::query, NoQuery>) {
            auto enc = encode_json(query);
            if (!enc.ok()) return detail::ClientCore::not_sent(E::name, "query", std::move(enc).error());
            out.query = std::move(enc).value();
        }
        return std::nullopt;
    }
    // The call with its types erased, pointing into `enc` and the path's arrays.
    template <class E>
    static detail::ClientCore::CallSpec call_spec(const std::string_view* names, const std::string_view* values,
                                                  std::size_t n, const typename E::request& body, const Encoded& enc) {
        constexpr bool json_body =
            !std::is_same_v<typename E::request, NoBody> && E::content_type != ContentType::Multipart;
        return detail::ClientCore::CallSpec{detail::route_view<E>(),
                                            names,
                                            values,
                                            n,
                                            json_body ? &enc.body : nullptr,
                                            std::is_same_v<typename E::query, NoQuery> ? nullptr : &enc.query,
                                            idempotent_call<E>(body),
                                            detail::route_timeout<E>(),
                                            E::content_type == ContentType::Multipart ? &enc.multipart : nullptr};
    }

    // The same checks DIDIT_ENDPOINT makes, so hand-written descriptors get them too.
    template <class E>
    static constexpr void check_descriptor() {
        static_assert(detail::endpoint_path_ok<E>(), "route descriptor: path placeholders and path parameters differ");
        static_assert(detail::endpoint_body_ok<E>(), "route descriptor: a GET route cannot have a request body");
        static_assert(detail::endpoint_auth_ok<E>(),
                      "route descriptor: verification routes use ApiKey, account routes Bearer (or None)");
        static_assert(detail::endpoint_content_ok<E>(),
                      "route descriptor: a route without a request body sends None, one with a multipart model "
                      "Multipart, any other Json");
    }

    template <class E>
    static bool idempotent_call(const typename E::request& body) {
        return E::method == Method::Get || E::method == Method::Delete || E::retry_safe || E::retry_safe_for(body);
    }

    // The reply of a finished call: decoded, or the Error its response stands for.
    template <class E>
    static Result<typename E::reply> reply_of(detail::ClientCore::Outcome& outcome) {
        using Reply = typename E::reply;
        if (!outcome.response.ok()) return std::move(outcome.response).error();
        const HttpResponse& resp = outcome.response.value();
        if constexpr (detail::has_from_response<Reply>::value) {
            if (resp.status >= 200 && resp.status <= 299) return Reply::from_response(resp);
            return detail::ClientCore::http_error(resp, outcome.attempts);
        } else {
            auto j = detail::ClientCore::triage(resp, outcome.attempts);
            if (!j.ok()) return std::move(j).error();
            return decode_reply<Reply>(std::move(j).value(), E::name, resp, outcome.attempts);
        }
    }

    // A request body or query the caller left out: the empty value of its type, made once.
    template <class T>
    static const T& given_or_empty(const T* given) {
        if (given != nullptr) return *given;
        static const T empty{};
        return empty;
    }

    template <class E, class A, class P, class B, class Q>
    static void bind_argument(const A& a, const P*& p, const B*& b, const Q*& q, const CallOptions*& o,
                              std::string_view& t) {
        if constexpr (std::is_same_v<A, NoPath> || std::is_same_v<A, NoBody> || std::is_same_v<A, NoQuery>)
            (void)a;  // generic code (e.g. Paginator) may pass the "none" markers
        else if constexpr (std::is_same_v<A, P>)
            p = &a;
        else if constexpr (std::is_same_v<A, B>)
            b = &a;
        else if constexpr (std::is_same_v<A, Q>)
            q = &a;
        else if constexpr (std::is_same_v<A, CallOptions>)
            o = &a;
        else if constexpr (detail::is_call_token<A>::value) {
            static_assert(A::auth == E::auth,
                          "didit::Client::call: a TransactionToken or SessionToken goes only to the routes that "
                          "authenticate with it, never to another route");
            t = detail::CallTokenAccess::text(a);
        } else
            static_assert(detail::dependent_false<A>::value,
                          "didit::Client::call: an argument is not this route's path, request, query or CallOptions");
    }

    // Defined below the class and not inline, so that a separate-compilation build can compile
    // it once per route for the default client (the list at the end of didit/didit.hpp).
    template <class E>
    Result<typename E::reply> call_impl(const typename E::path_params& path, const typename E::request& body,
                                        const typename E::query& query, const CallOptions& opts,
                                        std::string_view credential);

    /// The reply decoded in place and returned by its one name, so a large model is never moved.
    template <class Reply>
    static Result<Reply> decode_reply(Json&& j, std::string_view route, const HttpResponse& resp, int attempts) {
        const bool empty_body = j.is_null();
        Result<Reply> decoded(std::in_place);
        detail::DecodeContext ctx;
        ctx.steal = true;  // the reply is ours: strings and unknown members are moved, not copied
        if (!detail::decode_value(j, decoded.value(), ctx))  // one error path per Reply type, not two
            decoded = detail::ClientCore::reply_error(make_error(ErrorKind::Decode, std::move(ctx.message)), route,
                                                      resp, attempts, empty_body);
        return decoded;
    }

    static Result<HttpResponse> send_thunk(void* transport, const HttpRequest& req) {
        return send_request(*static_cast<Transport*>(transport), req);
    }

    detail::ClientCore core_;
    Transport transport_;
    std::shared_ptr<detail::AsyncHub> hub_;  ///< the asynchronous calls; engine made on first use
};

template <class Transport>
template <class E>
Result<typename E::reply> Client<Transport>::call_impl(const typename E::path_params& path,
                                                       const typename E::request& body, const typename E::query& query,
                                                       const CallOptions& opts, std::string_view credential) {
    check_descriptor<E>();
    Encoded enc;
    if (auto bad = encode_call<E>(body, query, enc)) return std::move(*bad);
    // Everything below that does not depend on E is in the core, compiled once.
    const auto names = E::path_params::names;
    const auto values = path.values();
    auto spec = call_spec<E>(names.data(), values.data(), names.size(), body, enc);
    spec.credential = credential;
    auto outcome = core_.run(spec, opts, &transport_, &send_thunk);
    return reply_of<E>(outcome);
}

}  // namespace didit
