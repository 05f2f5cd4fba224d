// SPDX-License-Identifier: MIT
// CurlTransport: the default transport, libcurl easy handles pooled for connection reuse.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <curl/curl.h>

#include <didit/http.hpp>
#include <didit/result.hpp>

namespace didit {

/// Options of CurlTransport; each names the libcurl option it sets.
struct CurlOptions {
    /// CURLOPT_CONNECTTIMEOUT_MS: time allowed to establish a connection (default 5 s).
    std::chrono::milliseconds connect_timeout{5000};
    /// CURLOPT_TIMEOUT_MS: whole-transfer limit when the request sets none (default 60 s).
    std::chrono::milliseconds timeout{60000};
    /// CURLOPT_PROXY: e.g. "http://proxy:3128". Empty: libcurl's default (proxy env vars).
    std::string proxy;
    /// CURLOPT_CAINFO: a CA bundle file. Empty: the system default.
    std::string ca_file;
    /// CURLOPT_CAPATH: a directory of CA certificates. Empty: the system default.
    std::string ca_path;
    /// CURLOPT_SSL_VERIFYPEER / CURLOPT_SSL_VERIFYHOST. Turning this off is insecure and
    /// only meant for local test servers with self-signed certificates.
    bool verify_tls = true;
    /// CURLOPT_HTTP_VERSION.
    enum class HttpVersion { Default, Http1_1, Http2, Http2Tls } http_version = HttpVersion::Default;
    /// Largest response body accepted; bigger bodies fail with a Transport error (64 MiB).
    std::size_t max_response_bytes = std::size_t{64} * 1024 * 1024;
    /// Appended to the transport's part of the User-Agent ("curl/7.88.1; <suffix>").
    std::string user_agent_suffix;
};

namespace detail {
/// libcurl's global init, once per process and thread-safe. There is deliberately no global
/// cleanup: running it from a static destructor races other static destructors and threads.
inline void curl_global_once() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)rc;
}
}  // namespace detail

/// Sends requests with libcurl. Copies share one pool of easy handles, so connections
/// (keep-alive, TLS sessions, DNS) are reused across calls and threads; a handle is used by one
/// thread at a time. Redirects are never followed (they surface as an UnexpectedStatus error
/// that names the target); only http and https are allowed; signals are never used.
class CurlTransport {
public:
    explicit CurlTransport(CurlOptions options = {}) : impl_(std::make_shared<Impl>(std::move(options))) {}

    Result<HttpResponse> send(const HttpRequest& req) {
        Lease lease(*impl_);
        if (!lease.handle) return make_error(ErrorKind::Transport, "curl_easy_init failed");
        return impl_->perform(lease.handle, req);
    }

    /// "curl/<version>" plus the configured suffix, for the User-Agent.
    std::string name() const {
        const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
        std::string n = std::string("curl/") + (v && v->version ? v->version : "unknown");
        if (!impl_->options.user_agent_suffix.empty()) n += "; " + impl_->options.user_agent_suffix;
        return n;
    }
    const CurlOptions& options() const noexcept { return impl_->options; }

private:
    struct Impl {
        explicit Impl(CurlOptions o) : options(std::move(o)) { detail::curl_global_once(); }
        ~Impl() {
            for (CURL* h : idle) curl_easy_cleanup(h);
        }
        Impl(const Impl&) = delete;
        Impl& operator=(const Impl&) = delete;

        CURL* acquire() {
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (!idle.empty()) {
                    CURL* h = idle.back();
                    idle.pop_back();
                    return h;
                }
            }
            return curl_easy_init();
        }
        void release(CURL* h) {
            curl_easy_reset(h);  // keeps live connections and caches, drops per-request options
            std::lock_guard<std::mutex> lock(mutex);
            idle.push_back(h);
        }

        struct Transfer {
            HttpResponse response;
            std::size_t limit = 0;
            bool too_large = false;
        };

        static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
            auto* t = static_cast<Transfer*>(user);
            std::size_t n = size * count;
            if (t->response.body.size() + n > t->limit) {
                t->too_large = true;
                return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
            }
            t->response.body.append(data, n);
            return n;
        }
        static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
            auto* t = static_cast<Transfer*>(user);
            std::size_t n = size * count;
            std::string_view line(data, n);
            while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
            if (line.rfind("HTTP/", 0) == 0) {
                t->response.headers.clear();  // a new response (after 100-continue or a proxy CONNECT)
                return n;
            }
            std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) return n;
            std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
            t->response.headers.add(std::string(name), std::string(value));
            return n;
        }

        Result<HttpResponse> perform(CURL* h, const HttpRequest& req) {
            Transfer t;
            t.limit = options.max_response_bytes;
            char errbuf[CURL_ERROR_SIZE] = {0};

            curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
            curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
            curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
            curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
            curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
            curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
            curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
            curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
            auto total = req.timeout.count() > 0 ? req.timeout : options.timeout;
            curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
            if (!options.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options.proxy.c_str());
            if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
            if (!options.ca_path.empty()) curl_easy_setopt(h, CURLOPT_CAPATH, options.ca_path.c_str());
            switch (options.http_version) {
                case CurlOptions::HttpVersion::Default: break;
                case CurlOptions::HttpVersion::Http1_1:
                    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
                    break;
                case CurlOptions::HttpVersion::Http2:
                    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2_0));
                    break;
                case CurlOptions::HttpVersion::Http2Tls:
                    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
                    break;
            }

            switch (req.method) {
                case Method::Get: curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); break;
                case Method::Post: curl_easy_setopt(h, CURLOPT_POST, 1L); break;
                default:
                    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(to_string(req.method)).c_str());
                    break;
            }
            if (req.method != Method::Get && (req.method == Method::Post || !req.body.empty())) {
                curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
                curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
            }

            curl_slist* list = nullptr;
            bool list_ok = true;
            for (const auto& f : req.headers) {
                std::string line = f.first + ": " + f.second;
                curl_slist* next = curl_slist_append(list, line.c_str());
                if (!next) {
                    list_ok = false;
                    break;
                }
                list = next;
            }
            // No "Expect: 100-continue" round trip for bodies; a lone "Expect:" disables it.
            if (list_ok) {
                curl_slist* next = curl_slist_append(list, "Expect:");
                if (next) list = next; else list_ok = false;
            }
            if (!list_ok) {
                curl_slist_free_all(list);
                return make_error(ErrorKind::Transport, "out of memory building request headers");
            }
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);

            curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Impl::on_body);
            curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
            curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Impl::on_header);
            curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);

            CURLcode rc = curl_easy_perform(h);
            curl_slist_free_all(list);
            curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
            curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);

            if (rc != CURLE_OK) {
                Error e;
                e.attempts = 1;
                std::string detail = errbuf[0] ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
                if (t.too_large) {
                    e.kind = ErrorKind::Transport;
                    e.message = "response body exceeds the limit of " + std::to_string(t.limit) + " bytes";
                } else if (rc == CURLE_OPERATION_TIMEDOUT) {
                    e.kind = ErrorKind::Timeout;
                    e.message = "request timed out: " + detail;
                } else {
                    e.kind = ErrorKind::Transport;
                    e.message = detail;
                    // These fail before a single byte of the request is written.
                    e.not_sent = rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
                                 rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_UNSUPPORTED_PROTOCOL ||
                                 rc == CURLE_URL_MALFORMAT;
                }
                return e;
            }
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            t.response.status = static_cast<int>(status);
            return std::move(t.response);
        }

        CurlOptions options;
        std::mutex mutex;
        std::vector<CURL*> idle;
    };

    /// Borrows a handle from the pool for one request and returns it afterwards.
    struct Lease {
        explicit Lease(Impl& i) : impl(i), handle(i.acquire()) {}
        ~Lease() {
            if (handle) impl.release(handle);
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Impl& impl;
        CURL* handle;
    };

    std::shared_ptr<Impl> impl_;
};

}  // namespace didit
