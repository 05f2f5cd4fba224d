// SPDX-License-Identifier: MIT
// socket_transport.hpp: a minimal HTTP/1.1 transport over POSIX sockets, shared by the examples
// custom_transport and kiosk_check. It is a type with
// `didit::Result<didit::HttpResponse> send(const didit::HttpRequest&)` and nothing more: the SDK
// does the rest (retries, auth headers, errors). It speaks plain http:// (one connection per
// request), which is enough for a loopback simulator or a TLS-terminating proxy on the device.
// It reads only `HttpRequest::body`: the client hands it an upload's multipart body as bytes.
// Define DIDIT_NO_CURL and DIDIT_NO_OPENSSL before including it to compile neither.
#pragma once

#include <didit/didit.hpp>

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace didit_examples {

/// A minimal HTTP/1.1 client over blocking sockets: `http://host[:port]/path` only.
class SocketTransport {
    static bool safe_url(const std::string& url) {
        for (char c : url)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F) return false;
        return true;
    }
    static bool safe_header(const std::string& name, const std::string& value) {
        if (name.empty()) return false;
        for (char c : name)
            if (static_cast<unsigned char>(c) <= 0x20 || c == ':' || c == 0x7F) return false;
        for (char c : value)
            if (c == '\r' || c == '\n' || c == '\0') return false;
        return true;
    }

public:
    std::string name() const { return "posix-sockets/1.0"; }

    didit::Result<didit::HttpResponse> send(const didit::HttpRequest& req) {
        // Whatever reaches the wire must not be able to end a line early or split the request:
        // the URL has no spaces or control characters, header lines no CR, LF or NUL. The SDK
        // checks this already; a transport that writes raw HTTP checks it again itself.
        if (!safe_url(req.url))
            return didit::make_error(didit::ErrorKind::InvalidArgument,
                                     "the URL holds a space or control character; not sent");
        for (const auto& h : req.headers)
            if (!safe_header(h.first, h.second))
                return didit::make_error(didit::ErrorKind::InvalidArgument,
                                         "a header holds a character that would split the request; not sent");

        // Split "http://host:port/target".
        const std::string prefix = "http://";
        if (req.url.compare(0, prefix.size(), prefix) != 0)
            return didit::make_error(didit::ErrorKind::InvalidArgument, "this transport speaks plain http:// only");
        const auto slash = req.url.find('/', prefix.size());
        const std::string authority = req.url.substr(prefix.size(), slash - prefix.size());
        const std::string target = slash == std::string::npos ? "/" : req.url.substr(slash);
        const auto colon = authority.rfind(':');
        const std::string host = colon == std::string::npos ? authority : authority.substr(0, colon);
        const std::string port = colon == std::string::npos ? "80" : authority.substr(colon + 1);

        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr)
            return not_sent("cannot resolve " + host);
        int fd = -1;
        for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
            fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
            if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
                ::close(fd);
                fd = -1;
            }
        }
        freeaddrinfo(found);
        if (fd < 0) return not_sent("cannot connect to " + authority + ": " + std::strerror(errno));

        // The client sets req.timeout per attempt; apply it to every read and write.
        const auto ms = req.timeout.count() > 0 ? req.timeout.count() : 60000;
        timeval tv{};
        tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms / 1000);
        tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms % 1000) * 1000);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

        std::string wire = std::string(didit::to_string(req.method)) + " " + target +
                           " HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n";
        for (const auto& h : req.headers) wire += h.first + ": " + h.second + "\r\n";
        if (!req.body.empty() || req.method != didit::Method::Get)
            wire += "Content-Length: " + std::to_string(req.body.size()) + "\r\n";
        wire += "\r\n" + req.body;
        for (std::size_t sent = 0; sent < wire.size();) {
            const auto n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) {
                ::close(fd);
                // Some bytes may have reached the server: the client must not assume otherwise.
                return didit::make_error(didit::ErrorKind::Transport, "write failed");
            }
            sent += static_cast<std::size_t>(n);
        }
        std::string raw;
        char buf[16384];
        for (;;) {
            const auto n = ::recv(fd, buf, sizeof buf, 0);
            if (n == 0) break;
            if (n < 0) {
                ::close(fd);
                return didit::make_error(
                    errno == EAGAIN || errno == EWOULDBLOCK ? didit::ErrorKind::Timeout : didit::ErrorKind::Transport,
                    "read failed");
            }
            raw.append(buf, static_cast<std::size_t>(n));
            if (raw.size() > (std::size_t{64} << 20))
                break;  // the client's response cap is 64 MiB; no need to read further
        }
        ::close(fd);
        return parse(raw);
    }

private:
    static didit::Error not_sent(std::string why) {
        didit::Error e = didit::make_error(didit::ErrorKind::Transport, std::move(why));
        e.not_sent = true;  // nothing reached the server: any request may be retried
        return e;
    }

    static didit::Result<didit::HttpResponse> parse(const std::string& raw) {
        const auto head_end = raw.find("\r\n\r\n");
        if (raw.compare(0, 5, "HTTP/") != 0 || head_end == std::string::npos)
            return didit::make_error(didit::ErrorKind::Transport, "malformed HTTP response");
        didit::HttpResponse res;
        const auto sp = raw.find(' ');
        res.status = std::atoi(raw.c_str() + sp + 1);
        bool chunked = false;
        for (std::size_t line = raw.find("\r\n") + 2; line < head_end;) {
            const auto eol = raw.find("\r\n", line);
            const auto colon = raw.find(':', line);
            if (colon != std::string::npos && colon < eol) {
                std::string value = raw.substr(colon + 1, eol - colon - 1);
                value.erase(0, value.find_first_not_of(' '));
                std::string key = raw.substr(line, colon - line);
                if (didit::detail::iequals(key, "transfer-encoding") && value.find("chunked") != std::string::npos)
                    chunked = true;
                res.headers.add(std::move(key), std::move(value));
            }
            line = eol + 2;
        }
        std::string body = raw.substr(head_end + 4);
        if (chunked) {  // "<hex size>\r\n<bytes>\r\n" … "0\r\n\r\n"
            std::string joined;
            std::size_t pos = 0;
            while (pos < body.size()) {
                const auto eol = body.find("\r\n", pos);
                if (eol == std::string::npos) break;
                const auto size = std::strtoul(body.substr(pos, eol - pos).c_str(), nullptr, 16);
                if (size == 0 || eol + 2 + size > body.size()) break;
                joined.append(body, eol + 2, size);
                pos = eol + 2 + size + 2;
            }
            body = std::move(joined);
        }
        res.body = std::move(body);
        return res;
    }
};

}  // namespace didit_examples
