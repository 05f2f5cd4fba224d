// SPDX-License-Identifier: MIT
// Peak memory of a file upload through Client<CurlTransport>: a 10 MB image from a path (streamed)
// and from memory (moved in: no copy; passed as an lvalue: one copy), sent to a loopback server
// in this process that reads into a 64 KiB buffer and discards.
//
//   g++ -std=c++17 -O2 -Iinclude bench/upload_memory.cpp -lcurl -lpthread -o build/upload_memory
//   build/upload_memory path | memory-move | memory-copy      (one mode per process: peak RSS only grows)
//
// Prints the peak resident set size (getrusage ru_maxrss) after a warm-up upload of a small
// image (the baseline: libcurl, the client and the server thread are all set up) and after the
// measured upload, and the difference. The process exits 1 when the limit of the mode is broken:
// path: at most 2 MiB over the baseline; memory-move: the image itself (10 MB) plus 2 MiB;
// memory-copy: the image plus one copy plus 2 MiB.
#include <didit/didit.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>

namespace {

constexpr std::size_t kImageBytes = 10 * 1000 * 1000;

/// A multipart route of our own whose one file part may be 20 MB (face match allows 5 MB).
struct BigUpload {
    didit::FilePart file;
    void multipart(didit::MultipartForm& form) const {
        form.file("file", file, didit::UploadRule{true, false, 20 * 1000 * 1000});
    }
};
DIDIT_ENDPOINT(BigUploadRoute, Post, Verification, ApiKey, "/v3/upload-bench/", didit::NoPath, BigUpload,
               didit::NoQuery, didit::FaceMatchResult, false);

long peak_kib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;  // KiB on Linux
}

/// Accepts connections on 127.0.0.1 and answers each request after reading (and dropping) its body.
class DiscardServer {
public:
    DiscardServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::listen(fd_, 8);
        socklen_t len = sizeof a;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~DiscardServer() {
        ::shutdown(fd_, SHUT_RDWR);
        ::close(fd_);
        thread_.join();
    }
    DiscardServer(const DiscardServer&) = delete;
    DiscardServer& operator=(const DiscardServer&) = delete;
    std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::size_t last_body() const { return last_body_; }

private:
    void run() {
        static char buf[65536];
        for (;;) {
            int c = ::accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string head;
            std::size_t body = 0, want = 0;
            bool in_body = false;
            for (;;) {
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                if (!in_body) {
                    head.append(buf, static_cast<std::size_t>(n));
                    std::size_t end = head.find("\r\n\r\n");
                    if (end == std::string::npos) continue;
                    const char* cl = std::strstr(head.c_str(), "Content-Length: ");
                    want = cl ? std::strtoull(cl + 16, nullptr, 10) : 0;
                    body = head.size() - (end + 4);
                    head.clear();
                    in_body = true;
                } else {
                    body += static_cast<std::size_t>(n);
                }
                if (in_body && body >= want) break;
            }
            last_body_ = body;
            const std::string reply = R"({"request_id":"r","face_match":{"status":"Approved","score":99.0}})";
            const std::string resp =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                "Content-Length: " +
                std::to_string(reply.size()) + "\r\n\r\n" + reply;
            (void)::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
            ::close(c);
        }
    }
    int fd_ = -1;
    int port_ = 0;
    std::size_t last_body_ = 0;
    std::thread thread_;
};

std::string image(std::size_t n) {
    std::string s("\xFF\xD8\xFF\xE0", 4);
    s.resize(n, 'x');
    for (std::size_t i = 4; i < n; i += 4096) s[i] = static_cast<char>(i);  // every page touched
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "path";
    if (mode != "path" && mode != "memory-move" && mode != "memory-copy") {
        std::fprintf(stderr, "usage: upload_memory path|memory-move|memory-copy\n");
        return 2;
    }
    ::setenv("no_proxy", "127.0.0.1", 1);
    DiscardServer server;
    didit::ClientOptions o;
    o.api_key = "bench-key";
    o.base_url = server.base();
    didit::Client<didit::CurlTransport> client(o);
    const std::string file = "/tmp/didit-upload-bench-" + std::to_string(::getpid()) + ".jpg";
    {
        // Written 64 KiB at a time, so the file's bytes never sit in this process's memory.
        std::ofstream out(file, std::ios::binary);
        std::string chunk = image(64 * 1024);
        for (std::size_t done = 0; done < kImageBytes;) {
            const std::size_t n = std::min(chunk.size(), kImageBytes - done);
            out.write(chunk.data(), static_cast<std::streamsize>(n));
            done += n;
            chunk.assign(chunk.size(), 'y');
        }
    }

    BigUpload warm;
    warm.file = didit::FilePart::from_memory(image(64 * 1024), "warm.jpg");
    if (!client.call<BigUploadRoute>(warm).ok()) return std::fprintf(stderr, "warm-up upload failed\n"), 1;
    const long baseline = peak_kib();

    long allowed_kib = 2048;
    didit::Result<didit::FaceMatchResult> r = didit::make_error(didit::ErrorKind::Transport, "not run");
    long after = 0;
    if (mode == "path") {
        BigUpload up;
        up.file = didit::FilePart::from_path(file);
        r = client.call<BigUploadRoute>(up);
        after = peak_kib();
    } else {
        std::string bytes = image(kImageBytes);
        allowed_kib += static_cast<long>(kImageBytes / 1024);  // the caller's own bytes
        BigUpload up;
        if (mode == "memory-move") {
            up.file = didit::FilePart::from_memory(std::move(bytes), "image.jpg");
        } else {
            up.file = didit::FilePart::from_memory(bytes, "image.jpg");  // the one copy
            allowed_kib += static_cast<long>(kImageBytes / 1024);
        }
        r = client.call<BigUploadRoute>(up);
        after = peak_kib();
    }
    std::remove(file.c_str());
    if (!r.ok()) return std::fprintf(stderr, "upload failed: %s\n", r.error().to_string().c_str()), 1;
    const long rise = after - baseline;
    std::printf(
        "%-12s image %zu bytes, server got %zu body bytes; peak RSS %ld KiB -> %ld KiB: +%ld KiB "
        "(limit +%ld KiB)\n",
        mode.c_str(), kImageBytes, server.last_body(), baseline, after, rise, allowed_kib);
    return rise <= allowed_kib ? 0 : 1;
}
