// SPDX-License-Identifier: MIT
// BodySource: a request body made of in-memory pieces and file ranges, read in chunks when sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <didit/detail/config.hpp>
#include <didit/result.hpp>

namespace didit {

/// A request body that is streamed rather than held in `HttpRequest::body`: a sequence of
/// segments, each either bytes in memory (shared, never copied by the SDK) or a range of a file,
/// which is opened and read chunk by chunk while the request is sent and never loaded whole.
/// A multipart upload (didit/upload.hpp) is one of these. Immutable once handed to a request,
/// so a retry reads it again from the start.
class BodySource {
public:
    /// An empty body.
    BodySource() = default;

    /// Appends bytes held in memory (moved in).
    void append(std::string bytes) { append_shared(std::make_shared<const std::string>(std::move(bytes))); }
    /// Appends bytes held in memory that others may share; they are read, never copied.
    void append_shared(std::shared_ptr<const std::string> bytes) {
        if (!bytes || bytes->empty()) return;
        size_ += bytes->size();
        Segment s;
        s.length = bytes->size();
        s.bytes = std::move(bytes);
        segments_.push_back(std::move(s));
    }
    /// Appends `length` bytes of the file at `path`, starting at `offset`. The file is read only
    /// when the body is; if it is then shorter or unreadable, read() fails.
    void append_file(std::string path, std::uint64_t offset, std::uint64_t length) {
        if (length == 0) return;
        size_ += length;
        Segment s;
        s.path = std::move(path);
        s.offset = offset;
        s.length = length;
        segments_.push_back(std::move(s));
    }

    /// The body's length in bytes (what Content-Length says).
    std::uint64_t size() const noexcept { return size_; }
    /// How many segments it has.
    std::size_t segment_count() const noexcept { return segments_.size(); }

    /// Copies up to `n` bytes starting at `offset` into `buf` and returns how many: fewer than
    /// `n` only at the end of the body, 0 at or past it. A file that can no longer be opened, or
    /// that became shorter, is a Transport error naming the file.
    Result<std::size_t> read(std::uint64_t offset, char* buf, std::size_t n) const;

    /// The whole body in one string, for a transport that only knows `HttpRequest::body`.
    Result<std::string> read_all() const;

private:
    struct Segment {
        std::shared_ptr<const std::string> bytes;  ///< in memory, or null for a file range
        std::string path;                          ///< the file, when `bytes` is null
        std::uint64_t offset = 0;                  ///< where the range starts in the file
        std::uint64_t length = 0;                  ///< the segment's length
    };
    std::vector<Segment> segments_;
    std::uint64_t size_ = 0;
};

// ---- definitions (compiled once under DIDIT_SEPARATE_COMPILATION; see detail/config.hpp) ----
#if DIDIT_DEFINITIONS

DIDIT_INLINE Result<std::size_t> BodySource::read(std::uint64_t offset, char* buf, std::size_t n) const {
    std::size_t done = 0;
    std::uint64_t start = 0;  // where the current segment starts in the body
    for (const Segment& s : segments_) {
        if (done == n) break;
        const std::uint64_t end = start + s.length;
        if (offset + done >= end) {
            start = end;
            continue;
        }
        const std::uint64_t at = offset + done - start;  // position inside the segment
        const std::uint64_t left = s.length - at;
        const std::size_t take =
            left < static_cast<std::uint64_t>(n - done) ? static_cast<std::size_t>(left) : n - done;
        if (s.bytes) {
            s.bytes->copy(buf + done, take, static_cast<std::size_t>(at));
        } else {
            std::ifstream f(s.path, std::ios::binary);
            if (!f) return make_error(ErrorKind::Transport, "cannot open " + s.path + " while sending it");
            f.seekg(static_cast<std::streamoff>(s.offset + at));
            f.read(buf + done, static_cast<std::streamsize>(take));
            if (!f || static_cast<std::size_t>(f.gcount()) != take)
                return make_error(ErrorKind::Transport, s.path + " became shorter or unreadable while being sent");
        }
        done += take;
        start = end;
    }
    return done;
}

DIDIT_INLINE Result<std::string> BodySource::read_all() const {
    std::string out;
    out.resize(static_cast<std::size_t>(size_));
    auto r = read(0, out.data(), out.size());
    if (!r.ok()) return std::move(r).error();
    out.resize(r.value());
    return out;
}

#endif  // DIDIT_DEFINITIONS

}  // namespace didit
