// SPDX-License-Identifier: MIT
// A scripted HTTP/1.1 server on 127.0.0.1 (raw POSIX sockets) that injects network faults for tests.
//
// Each request is answered by a `fault::Reply`: a normal response, or a fault (reset mid-body,
// stall, truncation, dropped connection). Replies come from per-route scripts (`on()`) or a
// handler; the server counts requests per "METHOD /path" and records them. It runs its own
// accept thread and one thread per connection (keep-alive), every loop bounded by a timeout
// and by `stop()`. It throws nothing and builds with -fno-exceptions.
//
//   fault::Server server;
//   server.on("POST", "/v3/billing/top-up/", {fault::Reply::reset_mid_body()});
//   ... client with base_url = server.base() ...
//   CHECK(server.count("POST", "/v3/billing/top-up/") == 1);
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace fault {

// Linux spellings, with fallbacks so the server also builds on macOS and the BSDs.
#ifdef SOCK_CLOEXEC
inline constexpr int kSockCloexec = SOCK_CLOEXEC;
#else
inline constexpr int kSockCloexec = 0;
#endif
#ifdef MSG_NOSIGNAL
inline constexpr int kNoSignal = MSG_NOSIGNAL;
#else
inline constexpr int kNoSignal = 0;  // SO_NOSIGPIPE is set on each socket instead
#endif
#ifdef POLLRDHUP
inline constexpr short kPeerHangup = POLLRDHUP;
#else
inline constexpr short kPeerHangup = 0;
#endif

/// What the server does with one request.
enum class Fault {
    None,          ///< a complete, normal response
    Reset,         ///< headers with the full Content-Length, `partial` body bytes, then a TCP reset
    StallHeaders,  ///< wait `stall` before sending anything, then the normal response
    StallBody,     ///< headers, `partial` body bytes, wait `stall`, then the rest
    Truncate,      ///< headers with the full Content-Length, `partial` body bytes, then a clean close
    Drop,          ///< read the request, then close without a byte of response (FIN)
    DropReset,     ///< read the request, then reset without a byte of response (RST)
};

inline std::string_view reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 408: return "Request Timeout";
        case 409: return "Conflict";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 502: return "Bad Gateway";
        case 503: return "Service Unavailable";
        case 504: return "Gateway Timeout";
        default: return "Status";
    }
}

/// One scripted answer.
struct Reply {
    int status = 200;
    std::string body = "{}";
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    Fault fault = Fault::None;
    /// Body bytes sent before a Reset / StallBody / Truncate (at most all but one).
    std::size_t partial = 0;
    /// How long StallHeaders / StallBody wait (cut short by Server::stop()).
    std::chrono::milliseconds stall{0};
    /// Sends `Connection: close` and closes after the response.
    bool close = false;

    static Reply json(int code, std::string text) {
        Reply r;
        r.status = code;
        r.body = std::move(text);
        return r;
    }
    static Reply html(int code, std::string text) {
        Reply r;
        r.status = code;
        r.body = std::move(text);
        r.content_type = "text/html; charset=utf-8";
        return r;
    }
    static Reply with_fault(Fault f, std::string text = R"({"detail":"partial reply that never completes"})",
                            std::size_t partial_bytes = 10, std::chrono::milliseconds stall_for = {}) {
        Reply r;
        r.fault = f;
        r.body = std::move(text);
        r.partial = partial_bytes;
        r.stall = stall_for;
        return r;
    }
    Reply& header(std::string field, std::string value) {
        headers.emplace_back(std::move(field), std::move(value));
        return *this;
    }
};

/// A request as the server read it.
struct Request {
    std::string method;
    std::string target;  ///< path and query as sent
    std::string path;    ///< target without the query
    std::string query;   ///< after '?', or empty
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    int connection = 0;  ///< serial number of the TCP connection it arrived on (1-based)

    /// The first header named `name` (case-insensitive), or "".
    std::string header(std::string_view name) const {
        for (const auto& h : headers)
            if (iequal(h.first, name)) return h.second;
        return {};
    }
    static bool iequal(std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char x = a[i], y = b[i];
            if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
            if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
            if (x != y) return false;
        }
        return true;
    }
};

/// A port on 127.0.0.1 that refuses connections: bound (so no one else takes it), never listening.
class RefusingPort {
public:
    RefusingPort() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | kSockCloexec, 0);
        if (fd_ < 0) return;
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
        socklen_t len = sizeof addr;
        if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
        port_ = ntohs(addr.sin_port);
    }
    ~RefusingPort() {
        if (fd_ >= 0) ::close(fd_);
    }
    RefusingPort(const RefusingPort&) = delete;
    RefusingPort& operator=(const RefusingPort&) = delete;
    int port() const { return port_; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
};

/// The server. Declare it before any client or transport that talks to it.
class Server {
public:
    using Handler = std::function<Reply(const Request&)>;

    struct Options {
        /// Keep every request (method, target, headers, body); off = count only (benchmarks).
        bool record = true;
        /// An idle keep-alive connection is closed after this long.
        std::chrono::milliseconds idle_timeout{10000};
        /// Connections beyond this many (over the server's life) are closed unanswered.
        std::size_t max_connections = 4096;
        /// Requests larger than this (headers + body) get a 413 and the connection closes.
        std::size_t max_request_bytes = std::size_t{16} * 1024 * 1024;
    };

    explicit Server(Handler handler = {}) : Server(Options{}, std::move(handler)) {}
    Server(Options options, Handler handler)
        : options_(options), handler_(std::make_shared<Handler>(std::move(handler))) {
        // A proxy configured in the environment must not capture loopback traffic.
        ::setenv("no_proxy", "127.0.0.1,localhost", 1);
        ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
        listen_fd_ = open_listener(0);
        if (listen_fd_ < 0) return;
        sockaddr_in addr{};
        socklen_t len = sizeof addr;
        if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            ::close(listen_fd_);
            listen_fd_ = -1;
            return;
        }
        port_ = ntohs(addr.sin_port);
        listening_ = true;
        accept_thread_ = std::thread([this] { accept_loop(); });
    }
    ~Server() { stop(); }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    bool running() const { return port_ > 0 && !stopping_.load(); }
    int port() const { return port_; }
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }

    /// Answers `method path` (path without query) with `script` in order; the last reply
    /// repeats. Replaces an earlier script for the same route.
    void on(std::string method, std::string path, std::vector<Reply> script) {
        std::lock_guard<std::mutex> lock(mutex_);
        Script& s = scripts_[method + " " + path];
        s.replies = std::move(script);
        s.next = 0;
    }
    /// Answers every request without a script (default: 200 `{}`).
    void set_handler(Handler h) {
        auto p = std::make_shared<Handler>(std::move(h));
        std::lock_guard<std::mutex> lock(mutex_);
        handler_ = std::move(p);
    }

    /// Requests received so far (all routes).
    std::size_t count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return total_;
    }
    /// Requests received for `method path` (path without query).
    std::size_t count(std::string_view method, std::string_view path) const {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = counts_.find(std::string(method) + " " + std::string(path));
        return it == counts_.end() ? 0 : it->second;
    }
    /// Every request received (empty when Options::record is off).
    std::vector<Request> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    /// The bodies received for `method path`, in order.
    std::vector<std::string> bodies(std::string_view method, std::string_view path) const {
        std::lock_guard<std::mutex> lock(mutex_);
        std::vector<std::string> out;
        for (const auto& r : requests_)
            if (r.method == method && r.path == path) out.push_back(r.body);
        return out;
    }
    /// TCP connections accepted so far.
    std::size_t connections() const { return static_cast<std::size_t>(connection_serial_.load()); }
    /// Forgets the counts and the record (scripts stay).
    void reset_counts() {
        std::lock_guard<std::mutex> lock(mutex_);
        total_ = 0;
        counts_.clear();
        requests_.clear();
    }

    /// Closes the listening socket: new connections are refused until resume_listening().
    void stop_listening() { set_listening(false); }
    /// Listens again on the same port; false if the port was taken meanwhile.
    bool resume_listening() { return set_listening(true); }

    /// Stops accepting, ends every connection (cutting stalls short) and joins all threads.
    void stop() {
        if (stopping_.exchange(true)) {
            if (accept_thread_.joinable()) accept_thread_.join();
            return;
        }
        {
            std::lock_guard<std::mutex> lock(control_mutex_);
            control_cv_.notify_all();
        }
        if (accept_thread_.joinable()) accept_thread_.join();
        std::vector<Conn> conns;
        {
            std::lock_guard<std::mutex> lock(conn_mutex_);
            conns.swap(conns_);
        }
        for (auto& c : conns)
            if (c.thread.joinable()) c.thread.join();
        if (listen_fd_ >= 0) {
            ::close(listen_fd_);
            listen_fd_ = -1;
        }
    }

private:
    struct Script {
        std::vector<Reply> replies;
        std::size_t next = 0;
    };
    struct Conn {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };

    int open_listener(int port) const {
        int fd = ::socket(AF_INET, SOCK_STREAM | kSockCloexec, 0);
        if (fd < 0) return -1;
        int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0) {
            ::close(fd);
            return -1;
        }
        return fd;
    }

    // The accept thread owns the listening socket; other threads ask it to close or reopen
    // it and wait for the answer, so no descriptor is closed while another thread polls it.
    bool set_listening(bool on) {
        std::unique_lock<std::mutex> lock(control_mutex_);
        if (stopping_.load()) return false;
        want_listening_ = on;
        ++control_request_;
        const std::uint64_t mine = control_request_;
        control_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return control_done_ >= mine || stopping_.load(); });
        return listening_ == on;
    }

    void apply_control() {
        std::lock_guard<std::mutex> lock(control_mutex_);
        if (control_done_ == control_request_) return;
        if (!want_listening_ && listen_fd_ >= 0) {
            ::close(listen_fd_);
            listen_fd_ = -1;
        } else if (want_listening_ && listen_fd_ < 0) {
            listen_fd_ = open_listener(port_);
        }
        listening_ = listen_fd_ >= 0;
        control_done_ = control_request_;
        control_cv_.notify_all();
    }

    void accept_loop() {
        while (!stopping_.load()) {
            apply_control();
            if (listen_fd_ < 0) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                continue;
            }
            pollfd p{listen_fd_, POLLIN, 0};
            int n = ::poll(&p, 1, 20);
            if (n <= 0 || !(p.revents & POLLIN)) continue;
#ifdef __linux__
            int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
#else
            int fd = ::accept(listen_fd_, nullptr, nullptr);
#endif
            if (fd < 0) continue;
#ifdef SO_NOSIGPIPE
            {
                int on = 1;
                ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, sizeof on);
            }
#endif
            reap_finished();
            int serial = ++connection_serial_;
            if (static_cast<std::size_t>(serial) > options_.max_connections) {
                ::close(fd);
                continue;
            }
            int one = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            auto done = std::make_shared<std::atomic<bool>>(false);
            std::lock_guard<std::mutex> lock(conn_mutex_);
            conns_.push_back(Conn{std::thread([this, fd, serial, done] {
                                      serve(fd, serial);
                                      done->store(true);
                                  }),
                                  done});
        }
        // Wake anyone waiting in set_listening().
        std::lock_guard<std::mutex> lock(control_mutex_);
        control_cv_.notify_all();
    }

    void reap_finished() {
        std::vector<Conn> finished;
        {
            std::lock_guard<std::mutex> lock(conn_mutex_);
            for (std::size_t i = 0; i < conns_.size();) {
                if (conns_[i].done->load()) {
                    finished.push_back(std::move(conns_[i]));
                    conns_[i] = std::move(conns_.back());
                    conns_.pop_back();
                } else {
                    ++i;
                }
            }
        }
        for (auto& c : finished) c.thread.join();
    }

    /// Waits up to `d`; returns false early when the server stops or the peer hangs up.
    bool pause(int fd, std::chrono::milliseconds d) const {
        const auto until = std::chrono::steady_clock::now() + d;
        while (std::chrono::steady_clock::now() < until) {
            if (stopping_.load()) return false;
            pollfd p{fd, kPeerHangup, 0};
            if (::poll(&p, 1, 5) > 0 && (p.revents & (kPeerHangup | POLLHUP | POLLERR))) return false;
        }
        return true;
    }

    static bool send_all(int fd, const char* data, std::size_t n) {
        while (n > 0) {
            ssize_t w = ::send(fd, data, n, kNoSignal);
            if (w < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            data += w;
            n -= static_cast<std::size_t>(w);
        }
        return true;
    }

    static void reset_close(int fd) {
        linger l{};
        l.l_onoff = 1;
        l.l_linger = 0;
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        ::close(fd);
    }

    /// Reads more bytes into `buf`; false on EOF, error, idle timeout or stop.
    bool read_more(int fd, std::string& buf) const {
        const auto idle_until = std::chrono::steady_clock::now() + options_.idle_timeout;
        char chunk[16384];
        while (!stopping_.load()) {
            pollfd p{fd, POLLIN, 0};
            int n = ::poll(&p, 1, 20);
            if (n < 0 && errno != EINTR) return false;
            if (n <= 0) {
                if (std::chrono::steady_clock::now() >= idle_until) return false;
                continue;
            }
            ssize_t r = ::recv(fd, chunk, sizeof chunk, 0);
            if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (r <= 0) return false;
            buf.append(chunk, static_cast<std::size_t>(r));
            return true;
        }
        return false;
    }

    static bool parse_size(std::string_view s, std::size_t& out, int base) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        if (s.empty() || s.size() > 15) return false;
        std::size_t v = 0;
        for (char c : s) {
            int d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (base == 16 && c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (base == 16 && c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return false;
            v = v * static_cast<std::size_t>(base) + static_cast<std::size_t>(d);
        }
        out = v;
        return true;
    }

    /// Reads one request from `buf` (reading more as needed). 1: a request; 0: the peer went
    /// away or idled out; -1: malformed or too large.
    int read_request(int fd, std::string& buf, Request& req) const {
        std::size_t end;
        while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
            if (buf.size() > options_.max_request_bytes) return -1;
            if (!read_more(fd, buf)) return 0;
        }
        std::string_view head(buf.data(), end);
        std::size_t line_end = head.find("\r\n");
        std::string_view line = head.substr(0, line_end);
        std::size_t sp1 = line.find(' ');
        std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
        if (sp2 == std::string_view::npos) return -1;
        req.method = std::string(line.substr(0, sp1));
        req.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
        std::size_t q = req.target.find('?');
        req.path = req.target.substr(0, q);
        req.query = q == std::string::npos ? std::string() : req.target.substr(q + 1);
        std::size_t content_length = 0;
        bool chunked = false, expect_continue = false;
        std::string_view rest = line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
        while (!rest.empty()) {
            std::size_t e = rest.find("\r\n");
            std::string_view h = rest.substr(0, e);
            rest = e == std::string_view::npos ? std::string_view() : rest.substr(e + 2);
            std::size_t colon = h.find(':');
            if (colon == std::string_view::npos) continue;
            std::string_view name = h.substr(0, colon), value = h.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            if (Request::iequal(name, "content-length") && !parse_size(value, content_length, 10)) return -1;
            if (Request::iequal(name, "transfer-encoding") && value.find("chunked") != std::string_view::npos)
                chunked = true;
            if (Request::iequal(name, "expect") && Request::iequal(value, "100-continue")) expect_continue = true;
            req.headers.emplace_back(std::string(name), std::string(value));
        }
        buf.erase(0, end + 4);
        if (expect_continue) {
            static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
            if (!send_all(fd, cont, sizeof cont - 1)) return 0;
        }
        if (chunked) {
            for (;;) {
                std::size_t e;
                while ((e = buf.find("\r\n")) == std::string::npos) {
                    if (buf.size() > options_.max_request_bytes) return -1;
                    if (!read_more(fd, buf)) return 0;
                }
                std::string_view size_text(buf.data(), e);
                size_text = size_text.substr(0, size_text.find(';'));
                std::size_t size = 0;
                if (!parse_size(size_text, size, 16) || size > options_.max_request_bytes) return -1;
                while (buf.size() < e + 2 + size + 2) {
                    if (!read_more(fd, buf)) return 0;
                }
                req.body.append(buf, e + 2, size);
                buf.erase(0, e + 2 + size + 2);
                if (req.body.size() > options_.max_request_bytes) return -1;
                if (size == 0) break;  // no trailers are sent by the clients under test
            }
            return 1;
        }
        if (content_length > options_.max_request_bytes) return -1;
        while (buf.size() < content_length)
            if (!read_more(fd, buf)) return 0;
        req.body = buf.substr(0, content_length);
        buf.erase(0, content_length);
        return 1;
    }

    Reply reply_for(const Request& req) {
        std::shared_ptr<Handler> handler;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            const std::string key = req.method + " " + req.path;
            ++total_;
            ++counts_[key];
            if (options_.record) requests_.push_back(req);
            auto it = scripts_.find(key);
            if (it != scripts_.end() && !it->second.replies.empty()) {
                Script& s = it->second;
                const Reply& r = s.replies[s.next < s.replies.size() ? s.next : s.replies.size() - 1];
                if (s.next < s.replies.size()) ++s.next;
                return r;
            }
            handler = handler_;
        }
        // Called without the lock, so a handler may look at the server's counts.
        if (handler && *handler) return (*handler)(req);
        return Reply{};
    }

    static std::string head_of(const Reply& r, bool close) {
        std::string h = "HTTP/1.1 " + std::to_string(r.status) + " " + std::string(reason_phrase(r.status)) + "\r\n";
        if (!r.content_type.empty()) h += "Content-Type: " + r.content_type + "\r\n";
        h += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
        for (const auto& f : r.headers) h += f.first + ": " + f.second + "\r\n";
        h += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
        return h;
    }

    void serve(int fd, int serial) {
        std::string buf;
        for (int served = 0; served < 1000000 && !stopping_.load(); ++served) {
            Request req;
            req.connection = serial;
            int got = read_request(fd, buf, req);
            if (got == 0) break;
            if (got < 0) {
                Reply bad = Reply::json(413, R"({"detail":"request rejected by the test server"})");
                std::string out = head_of(bad, true) + bad.body;
                send_all(fd, out.data(), out.size());
                break;
            }
            const bool client_close = Request::iequal(req.header("connection"), "close");
            Reply r = reply_for(req);
            const bool close = r.close || client_close;
            // A partial reply always leaves at least one byte of the body unsent.
            const std::size_t part = r.body.empty() ? 0 : (r.partial < r.body.size() ? r.partial : r.body.size() - 1);
            switch (r.fault) {
                case Fault::None: {
                    std::string out = head_of(r, close) + r.body;
                    if (!send_all(fd, out.data(), out.size()) || close) goto done;
                    break;
                }
                case Fault::StallHeaders: {
                    if (!pause(fd, r.stall)) goto done;
                    std::string out = head_of(r, close) + r.body;
                    if (!send_all(fd, out.data(), out.size()) || close) goto done;
                    break;
                }
                case Fault::StallBody: {
                    std::string out = head_of(r, close) + r.body.substr(0, part);
                    if (!send_all(fd, out.data(), out.size()) || !pause(fd, r.stall)) goto done;
                    if (!send_all(fd, r.body.data() + part, r.body.size() - part) || close) goto done;
                    break;
                }
                case Fault::Reset: {
                    std::string out = head_of(r, false) + r.body.substr(0, part);
                    send_all(fd, out.data(), out.size());
                    // Let the bytes leave before the reset discards the send queue.
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
                    reset_close(fd);
                    return;
                }
                case Fault::Truncate: {
                    std::string out = head_of(r, false) + r.body.substr(0, part);
                    send_all(fd, out.data(), out.size());
                    ::shutdown(fd, SHUT_WR);
                    goto done;
                }
                case Fault::Drop: goto done;
                case Fault::DropReset: reset_close(fd); return;
            }
        }
    done:
        ::close(fd);
    }

    Options options_;
    std::shared_ptr<Handler> handler_;
    int port_ = -1;
    int listen_fd_ = -1;
    std::thread accept_thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> connection_serial_{0};

    std::mutex control_mutex_;
    std::condition_variable control_cv_;
    bool want_listening_ = true;
    bool listening_ = false;
    std::uint64_t control_request_ = 0;
    std::uint64_t control_done_ = 0;

    std::mutex conn_mutex_;
    std::vector<Conn> conns_;

    mutable std::mutex mutex_;
    std::map<std::string, Script> scripts_;
    std::map<std::string, std::size_t> counts_;
    std::vector<Request> requests_;
    std::size_t total_ = 0;
};

}  // namespace fault
