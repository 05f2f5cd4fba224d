// SPDX-License-Identifier: MIT
// MockTransport: scripted replies and recorded requests, for the SDK's tests and its users' tests.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// A transport that answers from a script and records what it was asked.
///
/// Copies share one script and one record, so a test can keep a MockTransport, hand a copy
/// to a Client, and inspect the requests afterwards. Thread-safe.
///   MockTransport mock;
///   mock.reply(200, R"({"balance":"12.0000"})");
///   Client<MockTransport> client(options, mock);
///   ... client.billing().balance() ...
///   CHECK(mock.last_request()->url == "https://verification.didit.me/v3/billing/balance/");
class MockTransport {
public:
    /// Answers requests once the script is used up (see on_request).
    using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

    MockTransport() : s_(std::make_shared<State>()) {}

    /// Queues a response; a JSON content type is added unless `headers` names one.
    MockTransport& reply(int status, std::string body, Headers headers = {}) {
        if (!headers.contains("content-type")) headers.set("Content-Type", "application/json");
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers = std::move(headers);
        std::lock_guard<std::mutex> lock(s_->mutex);
        s_->script.emplace_back(std::move(r));
        return *this;
    }
    /// Queues a transport failure (the request "did not get through").
    MockTransport& fail(Error e) {
        std::lock_guard<std::mutex> lock(s_->mutex);
        s_->script.emplace_back(std::move(e));
        return *this;
    }
    /// Answers every request once the script is used up (e.g. a tiny fake server).
    MockTransport& on_request(Handler h) {
        std::lock_guard<std::mutex> lock(s_->mutex);
        s_->handler = std::move(h);
        return *this;
    }

    /// Streamed bodies are recorded as they are: `requests()[i].body_source->read_all()` gives
    /// their bytes.
    static constexpr bool reads_body_source = true;

    /// Records `req`, then answers with the next scripted reply or error, else the handler,
    /// else a Transport error saying the script is exhausted.
    Result<HttpResponse> send(const HttpRequest& req) {
        Handler handler;
        {
            std::lock_guard<std::mutex> lock(s_->mutex);
            s_->requests.push_back(req);
            if (!s_->script.empty()) {
                Result<HttpResponse> r = std::move(s_->script.front());
                s_->script.pop_front();
                return r;
            }
            handler = s_->handler;
        }
        if (handler) return handler(req);
        return make_error(ErrorKind::Transport, "MockTransport: no scripted reply left for " +
                                                    std::string(to_string(req.method)) + " " + req.url);
    }

    /// Every request received so far, in order.
    std::vector<HttpRequest> requests() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->requests;
    }
    /// How many requests were sent so far.
    std::size_t request_count() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->requests.size();
    }
    /// The latest request, if any.
    std::optional<HttpRequest> last_request() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        if (s_->requests.empty()) return std::nullopt;
        return s_->requests.back();
    }
    /// Scripted replies not yet consumed.
    std::size_t pending() const {
        std::lock_guard<std::mutex> lock(s_->mutex);
        return s_->script.size();
    }
    /// "mock" (the User-Agent's transport part).
    static std::string name() { return "mock"; }

private:
    struct State {
        mutable std::mutex mutex;
        std::deque<Result<HttpResponse>> script;
        std::vector<HttpRequest> requests;
        Handler handler;
    };
    std::shared_ptr<State> s_;
};

}  // namespace didit
