// SPDX-License-Identifier: MIT
// CurlTransport: the default transport, libcurl easy handles pooled for connection reuse.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <curl/curl.h>

// CURLOPT_PREREQFUNCTION (libcurl 7.80) lets the transport refuse libcurl's silent resend
// (see detail::CurlExchange); older libcurl gets the read-callback fallback. Define
// DIDIT_CURL_HAS_PREREQ to 0 to test that fallback. DIDIT_DETAIL_CURL_PREREQ, the choice made,
// is undefined at the end of this header.
#if defined(DIDIT_CURL_HAS_PREREQ)
#define DIDIT_DETAIL_CURL_PREREQ DIDIT_CURL_HAS_PREREQ
#elif LIBCURL_VERSION_NUM >= 0x075000
#define DIDIT_DETAIL_CURL_PREREQ 1
#else
#define DIDIT_DETAIL_CURL_PREREQ 0
#endif

#include <didit/detail/config.hpp>
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
DIDIT_INLINE void curl_global_once();

/// "curl/<version>" plus the configured suffix: a curl transport's name() for the User-Agent.
DIDIT_INLINE std::string curl_name(const CurlOptions& options);

/// Sets the options every request of a curl transport shares, once per easy handle: no
/// signals, no redirects, http and https only, every encoding libcurl decodes, the connect
/// limit, TLS, proxy and HTTP version, and CurlExchange's callbacks. Each request then sets all
/// of its own options (CurlExchange::begin), so no curl_easy_reset is needed between requests
/// and live connections stay in the handle's cache.
DIDIT_INLINE void curl_configure(CURL* h, const CurlOptions& options);

/// One HTTP exchange on an easy handle configured by curl_configure: the request's options,
/// the response as it arrives (with the body cap) and the outcome as a Result. The same code
/// serves CurlTransport (curl_easy_perform) and CurlMultiTransport (the multi interface):
/// begin(), run the transfer, end(), finish(). The handle points into this object while the
/// transfer runs, so it stays where it is (neither copied nor moved) until end().
///
/// When a reused keep-alive connection dies before any response byte, libcurl silently sends
/// the request again on a new connection. For a request with a body (POST, PATCH) that reached
/// the server this would apply it twice, so that second send is refused and the client's retry
/// policy, which knows what is idempotent, decides. libcurl >= 7.80 announces every send
/// (CURLOPT_PREREQFUNCTION); older ones get the body through a read callback that cannot
/// rewind, which makes the resend fail.
class CurlExchange {
public:
    /// Nothing set up yet.
    CurlExchange() = default;
    /// Frees the request's header list.
    ~CurlExchange();
    CurlExchange(const CurlExchange&) = delete;
    CurlExchange& operator=(const CurlExchange&) = delete;
    CurlExchange(CurlExchange&&) = delete;
    CurlExchange& operator=(CurlExchange&&) = delete;

    /// Points `h` at `req` (URL, method, body, headers, time limit) and at this exchange.
    /// `req` is not copied: it must stay alive and unchanged until end(). On failure (out of
    /// memory for the header list) nothing of it is left in `h` and the Error says why.
    Result<void> begin(CURL* h, const HttpRequest& req, const CurlOptions& options);
    /// Unhooks everything of this request from `h`, which may then run another or be freed.
    void end(CURL* h);
    /// The outcome of the transfer, which ended with `rc`: the response of any status, or a
    /// Transport / Timeout Error (with not_sent when the request certainly never left).
    Result<HttpResponse> finish(CURL* h, CURLcode rc);

    // libcurl's callbacks; curl_configure installs them on every handle.
#if DIDIT_DETAIL_CURL_PREREQ
    /// CURLOPT_PREREQFUNCTION: refuses libcurl's second send of a request with a body.
    static int on_prereq(void* user, char*, char*, int, int);
#else
    /// CURLOPT_READFUNCTION: hands out the body once, without rewinding.
    static std::size_t on_read(char* out, std::size_t size, std::size_t count, void* user);
#endif
    /// CURLOPT_READFUNCTION for a streamed body (HttpRequest::body_source): the next chunk.
    static std::size_t on_read_source(char* out, std::size_t size, std::size_t count, void* user);
    /// CURLOPT_WRITEFUNCTION: collects the body within the cap.
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user);
    /// CURLOPT_HEADERFUNCTION: collects the headers of the final response.
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

private:
    HttpResponse response_;
    std::size_t limit_ = 0;
    std::chrono::milliseconds total_{0};
    bool too_large_ = false;
    bool has_body_ = false;
    int requests_started_ = 0;  // times libcurl was about to send the request
    bool resend_refused_ = false;
#if !DIDIT_DETAIL_CURL_PREREQ
    const std::string* upload_ = nullptr;  // the body, for on_read (old libcurl only)
    std::size_t uploaded_ = 0;
#endif
    const BodySource* source_ = nullptr;  // a streamed body, read by on_read_source
    std::uint64_t source_sent_ = 0;
    std::string source_error_;  // why reading the streamed body failed
    curl_slist* headers_ = nullptr;
    char errbuf_[CURL_ERROR_SIZE] = {0};
};
}  // namespace detail

/// Sends requests with libcurl. Copies share one pool of easy handles, so connections
/// (keep-alive, TLS sessions, DNS) are reused across calls and threads; a handle is used by one
/// thread at a time. Redirects are never followed (they surface as an UnexpectedStatus error
/// that names the target); only http and https are allowed; signals are never used. A request
/// with a body is sent at most once per send(): libcurl's own resend after a dead keep-alive
/// connection is refused, since only the client knows whether repeating it is safe.
class CurlTransport {
public:
    /// A transport with its own pool of handles; copies share the pool. Initializes libcurl
    /// globally once per process, thread-safely.
    explicit CurlTransport(CurlOptions options = {});

    /// One HTTP exchange on a pooled handle (a live connection is reused). Never retries and
    /// never throws; a body is sent at most once.
    Result<HttpResponse> send(const HttpRequest& req);
    /// A streamed body (HttpRequest::body_source) is read chunk by chunk while it is sent.
    static constexpr bool reads_body_source = true;

    /// "curl/<version>" plus the configured suffix, for the User-Agent.
    std::string name() const { return impl_->name; }
    /// The options it was made with.
    const CurlOptions& options() const noexcept { return impl_->options; }

private:
    struct Impl {
        explicit Impl(CurlOptions o);
        ~Impl();
        Impl(const Impl&) = delete;
        Impl& operator=(const Impl&) = delete;
        Impl(Impl&&) = delete;
        Impl& operator=(Impl&&) = delete;

        struct Idle {
            CURL* handle;
            std::thread::id last_user;
        };

        // A thread gets back the handle it used last when there is one: its connection and
        // buffers are warm in that thread's cache, the way a handle per thread would be.
        CURL* acquire();
        void release(CURL* h);

        Result<HttpResponse> perform(CURL* h, const HttpRequest& req) const;

        CurlOptions options;
        std::string name;  // computed once: the client asks for it on every call
        std::mutex mutex;
        std::vector<Idle> idle;
    };

    /// Borrows a handle from the pool for one request and returns it afterwards.
    struct Lease {
        explicit Lease(Impl& i) : impl(i), handle(i.acquire()) {}
        ~Lease() {
            if (handle) impl.release(handle);
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&&) = delete;
        Lease& operator=(Lease&&) = delete;
        Impl& impl;
        CURL* handle;
    };

    std::shared_ptr<Impl> impl_;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

namespace detail {
DIDIT_INLINE void curl_global_once() {
    static const CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)rc;
}

DIDIT_INLINE std::string curl_name(const CurlOptions& options) {
    const curl_version_info_data* v = curl_version_info(CURLVERSION_NOW);
    std::string name = std::string("curl/") + (v && v->version ? v->version : "unknown");
    if (!options.user_agent_suffix.empty()) name += "; " + options.user_agent_suffix;
    return name;
}

DIDIT_INLINE void curl_configure(CURL* h, const CurlOptions& options) {
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
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
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &CurlExchange::on_body);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &CurlExchange::on_header);
#if DIDIT_DETAIL_CURL_PREREQ
    curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &CurlExchange::on_prereq);
#endif
}

DIDIT_INLINE CurlExchange::~CurlExchange() { curl_slist_free_all(headers_); }

#if DIDIT_DETAIL_CURL_PREREQ
DIDIT_INLINE int CurlExchange::on_prereq(void* user, char*, char*, int, int) {
    auto* t = static_cast<CurlExchange*>(user);
    if (++t->requests_started_ > 1 && t->has_body_) {
        t->resend_refused_ = true;
        return CURL_PREREQFUNC_ABORT;
    }
    return CURL_PREREQFUNC_OK;
}
#else
DIDIT_INLINE std::size_t CurlExchange::on_read(char* out, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlExchange*>(user);
    std::size_t n = (std::min)(size * count, t->upload_->size() - t->uploaded_);
    std::memcpy(out, t->upload_->data() + t->uploaded_, n);
    t->uploaded_ += n;
    return n;
}
#endif

DIDIT_INLINE std::size_t CurlExchange::on_read_source(char* out, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlExchange*>(user);
    auto got = t->source_->read(t->source_sent_, out, size * count);
    if (!got.ok()) {
        t->source_error_ = got.error().message;
        return CURL_READFUNC_ABORT;
    }
    t->source_sent_ += got.value();
    return got.value();
}

DIDIT_INLINE std::size_t CurlExchange::on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlExchange*>(user);
    std::size_t n = size * count;
    if (t->response_.body.size() + n > t->limit_) {
        t->too_large_ = true;
        return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    t->response_.body.append(data, n);
    return n;
}

DIDIT_INLINE std::size_t CurlExchange::on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<CurlExchange*>(user);
    std::size_t n = size * count;
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.rfind("HTTP/", 0) == 0) {
        t->response_.headers.clear();  // a new response (after 100-continue or a proxy CONNECT)
        return n;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    std::uint64_t length = 0;
    if (t->response_.body.empty() && iequals(name, "content-length") && parse_uint(value, length))
        // Room for the whole body at once (within the cap) instead of growing it chunk by chunk.
        t->response_.body.reserve(static_cast<std::size_t>((std::min)(length, static_cast<std::uint64_t>(t->limit_))));
    t->response_.headers.add(std::string(name), std::string(value));
    return n;
}

DIDIT_INLINE Result<void> CurlExchange::begin(CURL* h, const HttpRequest& req, const CurlOptions& options) {
    limit_ = options.max_response_bytes;
    curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf_);
    total_ = req.timeout.count() > 0 ? req.timeout : options.timeout;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total_.count()));

    has_body_ = req.method != Method::Get && (req.method == Method::Post || !req.body.empty() || req.body_source);
    if (has_body_ && req.body_source) {
        // Streamed: libcurl asks on_read_source for each chunk; the size is known up front, so
        // the request has a Content-Length (no chunked encoding). POST semantics, real method.
        source_ = req.body_source.get();
        source_sent_ = 0;
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, &CurlExchange::on_read_source);
        curl_easy_setopt(h, CURLOPT_READDATA, this);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(source_->size()));
    } else if (has_body_) {
        // POST semantics (Content-Length, the body) under the real method name.
        curl_easy_setopt(h, CURLOPT_POST, 1L);
#if DIDIT_DETAIL_CURL_PREREQ
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
#else
        upload_ = &req.body;
        curl_easy_setopt(h, CURLOPT_READFUNCTION, &CurlExchange::on_read);
        curl_easy_setopt(h, CURLOPT_READDATA, this);
#endif
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                     req.method == Method::Get || req.method == Method::Post ? nullptr : to_string(req.method).data());

    curl_slist* list = nullptr;
    bool list_ok = true;
    std::string line;
    for (const auto& f : req.headers) {
        line.assign(f.first).append(": ").append(f.second);
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
        if (next)
            list = next;
        else
            list_ok = false;
    }
    if (!list_ok) {
        curl_slist_free_all(list);
        end(h);
        return make_error(ErrorKind::Transport, "out of memory building request headers");
    }
    headers_ = list;
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
#if DIDIT_DETAIL_CURL_PREREQ
    curl_easy_setopt(h, CURLOPT_PREREQDATA, this);
#endif
    return {};
}

DIDIT_INLINE void CurlExchange::end(CURL* h) {
    // Nothing of this request may outlive it in the handle.
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, nullptr);
#if DIDIT_DETAIL_CURL_PREREQ
    curl_easy_setopt(h, CURLOPT_PREREQDATA, nullptr);
#else
    curl_easy_setopt(h, CURLOPT_READDATA, nullptr);
#endif
    if (source_) {
        curl_easy_setopt(h, CURLOPT_READFUNCTION, nullptr);
        curl_easy_setopt(h, CURLOPT_READDATA, nullptr);
        source_ = nullptr;
    }
    if (has_body_) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
    }
    curl_slist_free_all(headers_);
    headers_ = nullptr;
}

DIDIT_INLINE Result<HttpResponse> CurlExchange::finish(CURL* h, CURLcode rc) {
    if (rc != CURLE_OK) {
        Error e;
        e.attempts = 1;
        std::string detail = errbuf_[0] ? std::string(errbuf_) : std::string(curl_easy_strerror(rc));
        if (too_large_) {
            // The server answered (hence the status), so repeating would not help.
            long status = 0;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
            e.kind = ErrorKind::Transport;
            e.status = static_cast<int>(status);
            e.message = "response body exceeds the limit of " + std::to_string(limit_) + " bytes";
        } else if (!source_error_.empty()) {
            e.kind = ErrorKind::Transport;
            e.message = "reading the request body failed: " + source_error_;
        } else if (resend_refused_ || rc == CURLE_SEND_FAIL_REWIND) {
            e.kind = ErrorKind::Transport;
            e.message =
                "the connection closed before any response arrived; the request may have reached "
                "the server, so it was not re-sent on a new connection";
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            // libcurl keeps the first message of a transfer, which after its own
            // reconnect on a dead keep-alive connection is not the timeout's.
            e.kind = ErrorKind::Timeout;
            e.message = "request timed out after " + std::to_string(total_.count()) + " ms";
            if (detail.find("timed out") != std::string::npos) e.message += " (" + detail + ")";
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
    response_.status = static_cast<int>(status);
    return std::move(response_);
}
}  // namespace detail

DIDIT_INLINE CurlTransport::CurlTransport(CurlOptions options) : impl_(std::make_shared<Impl>(std::move(options))) {}

DIDIT_INLINE Result<HttpResponse> CurlTransport::send(const HttpRequest& req) {
    Lease lease(*impl_);
    if (!lease.handle) return make_error(ErrorKind::Transport, "curl_easy_init failed");
    return impl_->perform(lease.handle, req);
}

DIDIT_INLINE CurlTransport::Impl::Impl(CurlOptions o) : options(std::move(o)) {
    detail::curl_global_once();
    name = detail::curl_name(options);
}

DIDIT_INLINE CurlTransport::Impl::~Impl() {
    for (auto& e : idle) curl_easy_cleanup(e.handle);
}

DIDIT_INLINE CURL* CurlTransport::Impl::acquire() {
    const std::thread::id me = std::this_thread::get_id();
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (!idle.empty()) {
            std::size_t pick = idle.size() - 1;
            for (std::size_t i = idle.size(); i-- > 0;)
                if (idle[i].last_user == me) {
                    pick = i;
                    break;
                }
            CURL* h = idle[pick].handle;
            idle[pick] = idle.back();
            idle.pop_back();
            return h;
        }
    }
    CURL* h = curl_easy_init();
    if (h) detail::curl_configure(h, options);
    return h;
}

DIDIT_INLINE void CurlTransport::Impl::release(CURL* h) {
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(Idle{h, std::this_thread::get_id()});
}

DIDIT_INLINE Result<HttpResponse> CurlTransport::Impl::perform(CURL* h, const HttpRequest& req) const {
    detail::CurlExchange exchange;
    auto begun = exchange.begin(h, req, options);
    if (!begun.ok()) return begun.error();
    CURLcode rc = curl_easy_perform(h);
    exchange.end(h);
    return exchange.finish(h, rc);
}

#endif  // DIDIT_DEFINITIONS

}  // namespace didit

#undef DIDIT_DETAIL_CURL_PREREQ
