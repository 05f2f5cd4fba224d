// SPDX-License-Identifier: MIT
// AnyTransport: a type-erased transport for programs that choose their HTTP stack at run time.
#pragma once

#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include <didit/transport/transport.hpp>

namespace didit {

/// Holds any transport behind one type, so `Client<AnyTransport>` can be built from a curl,
/// mock or custom transport chosen at run time. Copies share the wrapped transport.
class AnyTransport {
public:
    /// Empty: send() returns a Transport error.
    AnyTransport() = default;
    /// Wraps `transport` (any type with `send(const HttpRequest&)`).
    template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, AnyTransport>>>
    AnyTransport(T&& transport)  // NOLINT(google-explicit-constructor): wrapping is the point
        : impl_(std::make_shared<Model<std::decay_t<T>>>(std::forward<T>(transport))) {
        static_assert(is_transport_v<std::decay_t<T>>,
                      "AnyTransport: the wrapped type needs `didit::Result<didit::HttpResponse> "
                      "send(const didit::HttpRequest&)`");
    }

    /// Streamed bodies are passed on; the wrapped transport gets them as it expects (send_request).
    static constexpr bool reads_body_source = true;

    /// Sends through the wrapped transport.
    Result<HttpResponse> send(const HttpRequest& req) {
        if (!impl_) return make_error(ErrorKind::Transport, "AnyTransport is empty: no transport was given");
        return impl_->send(req);
    }
    /// The wrapped transport's name ("none" when empty).
    std::string name() const { return impl_ ? impl_->name() : std::string("none"); }
    /// True when a transport is wrapped.
    explicit operator bool() const noexcept { return impl_ != nullptr; }

private:
    struct Concept {
        Concept() = default;
        Concept(const Concept&) = delete;
        Concept& operator=(const Concept&) = delete;
        Concept(Concept&&) = delete;
        Concept& operator=(Concept&&) = delete;
        virtual ~Concept() = default;
        virtual Result<HttpResponse> send(const HttpRequest&) = 0;
        virtual std::string name() const = 0;
    };
    template <class T>
    struct Model final : Concept {
        explicit Model(T t) : transport(std::move(t)) {}
        Result<HttpResponse> send(const HttpRequest& req) override { return send_request(transport, req); }
        std::string name() const override { return transport_name(transport); }
        T transport;
    };
    std::shared_ptr<Concept> impl_;
};

}  // namespace didit
