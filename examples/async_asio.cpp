// SPDX-License-Identifier: MIT
// async_asio: Didit calls on a Boost.Asio event loop, without a thread of the SDK's own.
//
//   export DIDIT_API_KEY="your_key"
//   async_asio
//
// CurlMultiTransport runs in external-loop mode: Asio watches curl's sockets and the engine's
// timeout, and the SDK's handlers run on the io_context's thread, next to your own work (here a
// ticking timer that keeps running while the calls are in flight). It makes two calls at once
// through client.async() and prints each result as it arrives. DIDIT_BASE_URL points it at another
// server (e.g. didit-sim). Exit status 0 when both calls succeeded, 1 otherwise.
#include <didit/didit.hpp>

#include <poll.h>

#include <boost/asio.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;

namespace {

/// Connects a CurlMultiTransport to an io_context: the engine's CurlEventLoop callbacks on one
/// side, Asio waits on curl's sockets and one timer on the other. Create it before the engine
/// and destroy it after (the engine hands its sockets back while it is destroyed).
class AsioCurlDriver {
public:
    explicit AsioCurlDriver(asio::io_context& io) : io_(io), timer_(io) {}
    AsioCurlDriver(const AsioCurlDriver&) = delete;
    AsioCurlDriver& operator=(const AsioCurlDriver&) = delete;
    ~AsioCurlDriver() { *alive_ = false; }

    /// The callbacks to construct the engine with.
    didit::CurlEventLoop callbacks() {
        didit::CurlEventLoop loop;
        loop.watch = [this](curl_socket_t fd, didit::CurlEventLoop::Interest interest) { watch(fd, interest); };
        loop.set_timeout = [this](std::optional<std::chrono::milliseconds> delay) { set_timeout(delay); };
        // Any thread: only post; the engine is entered on the io_context's thread.
        loop.wake = [this, alive = alive_] {
            asio::post(io_, [this, alive] {
                if (*alive && engine_) engine_->on_wake();
            });
        };
        return loop;
    }

    /// The engine to drive; set right after constructing it, before submitting work.
    void attach(didit::CurlMultiTransport& engine) { engine_ = &engine; }

private:
    using Interest = didit::CurlEventLoop::Interest;

    struct Socket {
        Socket(asio::io_context& io, curl_socket_t s) : fd(s), descriptor(io) {}
        curl_socket_t fd;
        asio::posix::stream_descriptor descriptor;  // borrows curl's socket; released, never closed
        Interest interest = Interest::None;
        bool waiting[2] = {false, false};  // a read / write wait is pending
        bool gone = false;                 // curl is done with it
    };

    static bool wants(const Socket& s, bool write) {
        return s.interest == Interest::ReadWrite || s.interest == (write ? Interest::Write : Interest::Read);
    }

    void watch(curl_socket_t fd, Interest interest) {
        auto it = sockets_.find(fd);
        if (interest == Interest::None) {
            if (it == sockets_.end()) return;
            it->second->gone = true;
            boost::system::error_code ignored;
            it->second->descriptor.cancel(ignored);
            it->second->descriptor.release();  // curl closes the socket, not Asio
            sockets_.erase(it);
            return;
        }
        if (it == sockets_.end()) {
            auto s = std::make_shared<Socket>(io_, fd);
            boost::system::error_code ec;
            s->descriptor.assign(fd, ec);
            if (ec) return;
            it = sockets_.emplace(fd, std::move(s)).first;
        }
        it->second->interest = interest;
        arm(it->second, false);
        arm(it->second, true);
    }

    void arm(const std::shared_ptr<Socket>& s, bool write) {
        if (s->gone || !wants(*s, write) || s->waiting[write]) return;
        s->waiting[write] = true;
        s->descriptor.async_wait(
            write ? asio::posix::stream_descriptor::wait_write : asio::posix::stream_descriptor::wait_read,
            [this, s, write](const boost::system::error_code& ec) {
                s->waiting[write] = false;
                if (!ec) ready(s, write);
            });
    }

    void ready(const std::shared_ptr<Socket>& s, bool write) {
        if (s->gone || !wants(*s, write) || !engine_) return;
        engine_->on_socket(s->fd, !write, write);
        if (s->gone) return;
        // Asio's waits are edge-triggered, the engine wants level: data curl left unread
        // would bring no new edge, so look again and come straight back while it is ready.
        pollfd p{s->fd, static_cast<short>(write ? POLLOUT : POLLIN), 0};
        if (wants(*s, write) && ::poll(&p, 1, 0) > 0)
            asio::post(io_, [this, s, write] { ready(s, write); });
        else
            arm(s, write);
    }

    void set_timeout(std::optional<std::chrono::milliseconds> delay) {
        timer_.cancel();
        if (!delay) return;
        timer_.expires_after(*delay);
        timer_.async_wait([this](const boost::system::error_code& ec) {
            if (!ec && engine_) engine_->on_timeout();
        });
    }

    asio::io_context& io_;
    asio::steady_timer timer_;
    didit::CurlMultiTransport* engine_ = nullptr;
    std::map<curl_socket_t, std::shared_ptr<Socket>> sockets_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace

int main() {
    if (std::getenv("DIDIT_API_KEY") == nullptr)
        std::cerr << "async_asio: DIDIT_API_KEY is not set; the calls will fail before sending\n";

    asio::io_context io;
    AsioCurlDriver driver(io);  // before the client: it outlives the client's engine
    // Options from the environment (DIDIT_API_KEY, DIDIT_BASE_URL); the engine is built in place,
    // in external-loop mode.
    didit::Client<didit::CurlMultiTransport> client(didit::ClientOptions{}, std::in_place, didit::CurlOptions{},
                                                    driver.callbacks());
    driver.attach(client.transport());

    // Your own work on the same loop: it keeps ticking while the calls are in flight.
    int ticks = 0;
    asio::steady_timer ticker(io);
    std::function<void()> tick = [&] {
        ticker.expires_after(std::chrono::milliseconds(50));
        ticker.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            ++ticks;
            tick();
        });
    };
    tick();

    // Two calls at once; each callback runs on the io_context's thread, like any Asio handler.
    int remaining = 2;
    int failures = 0;
    auto finished = [&](bool ok) {
        if (!ok) ++failures;
        if (--remaining == 0) {
            ticker.cancel();
            io.stop();
        }
    };
    client.async().workflows().list().then([&](didit::Result<didit::Page<didit::Workflow>> r) {
        if (r)
            std::cout << "workflows: " << r->results.size() << " on this page\n";
        else
            std::cout << "workflows: " << r.error().to_string() << '\n';
        finished(r.ok());
    });
    client.async().billing().balance().then([&](didit::Result<didit::Balance> r) {
        if (r)
            std::cout << "balance: " << r->balance << '\n';
        else
            std::cout << "balance: " << r.error().to_string() << '\n';
        finished(r.ok());
    });
    io.run();
    std::cout << "the loop ticked " << ticks << " times while the calls were in flight\n";
    return failures == 0 ? 0 : 1;
}
