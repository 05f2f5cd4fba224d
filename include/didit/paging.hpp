// SPDX-License-Identifier: MIT
// Paginator: a lazy range over every item of a paged list route, one page in memory at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <didit/detail/url.hpp>
#include <didit/models/common.hpp>
#include <didit/options.hpp>
#include <didit/result.hpp>

namespace didit {

namespace detail {
/// True for a lightweight view of a client (AsyncClient), which a resource group keeps by value;
/// a Client itself is kept by reference.
template <class C, class = void>
struct is_client_view : std::false_type {};
template <class C>
struct is_client_view<C, std::enable_if_t<C::is_async>> : std::true_type {};
/// How a resource group holds what it sends through.
template <class C>
using client_handle_t = std::conditional_t<is_client_view<C>::value, C, C&>;

/// The `offset` query value of an absolute `next` URL, if it has one.
inline std::optional<std::int64_t> offset_in_url(std::string_view url) {
    std::size_t q = url.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view rest = url.substr(q + 1);
    while (!rest.empty()) {
        std::size_t amp = rest.find('&');
        std::string_view pair = rest.substr(0, amp);
        if (pair.rfind("offset=", 0) == 0) {
            std::uint64_t v = 0;
            if (parse_uint(pair.substr(7), v) && v <= static_cast<std::uint64_t>(INT32_MAX))
                return static_cast<std::int64_t>(v);
            return std::nullopt;
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}
}  // namespace detail

/// Every item of a paged list, fetched lazily one page at a time:
///
///   for (auto& session : client.sessions().list_all(filter)) {
///       if (!session) { report(session.error()); break; }  // a page failed: never silent
///       use(session->session_id);
///   }
///
/// Each element is a Result<T>. When a page cannot be fetched, the range yields that error
/// as its last element and ends. Paging stops when the server's `next` is null (never on
/// `count`, which the API caps). The next page is requested with the same route, path and
/// query and the `offset` taken from `next` (so credentials never follow a URL elsewhere);
/// an empty page or an offset that does not advance also ends the range, so a misbehaving
/// server cannot loop it forever. Only the current page is held in memory.
template <class C, class E>
class Paginator {
    using PageT = typename E::reply;
    using Query = typename E::query;

public:
    /// Each element: an item, or the Error of the page that failed (then the last element).
    using value_type = Result<typename PageT::value_type>;

    /// Lists with `query` from its offset on; `client` must outlive the Paginator. Nothing
    /// is fetched before begin().
    Paginator(C& client, typename E::path_params path, Query query, CallOptions options = {})
        : c_(&client), path_(std::move(path)), query_(std::move(query)), options_(std::move(options)) {}

    /// A single-pass input iterator over the items of every page.
    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;  ///< single pass
        using value_type = Paginator::value_type;           ///< Result<item>
        using difference_type = std::ptrdiff_t;             ///< as for any iterator
        using pointer = value_type*;                        ///< to the current element
        using reference = value_type&;                      ///< to the current element

        /// The end iterator.
        iterator() = default;
        /// Positioned on the first element of `p` (fetching a page), or the end.
        explicit iterator(Paginator* p) : p_(p) {
            if (p_ && !p_->advance()) p_ = nullptr;
        }
        /// The current element.
        reference operator*() const { return *p_->current_; }
        /// The current element.
        pointer operator->() const { return &*p_->current_; }
        /// The next element, fetching the next page when this one is used up.
        iterator& operator++() {
            if (p_ && !p_->advance()) p_ = nullptr;
            return *this;
        }
        /// As ++it (an input iterator has no useful old value).
        void operator++(int) { ++*this; }
        /// Both at the end, or both on the same Paginator.
        friend bool operator==(const iterator& a, const iterator& b) { return a.p_ == b.p_; }
        /// Not ==.
        friend bool operator!=(const iterator& a, const iterator& b) { return a.p_ != b.p_; }

    private:
        Paginator* p_ = nullptr;
    };

    /// Starts the iteration (fetching the first page). A Paginator is a single-pass range.
    iterator begin() { return iterator(this); }
    /// The end of the iteration.
    iterator end() { return iterator(); }

    /// Pages fetched so far.
    std::size_t pages_fetched() const noexcept { return pages_; }

private:
    // Moves to the next item, fetching a page when the current one is used up.
    bool advance() {
        if (finished_) return false;
        while (index_ >= page_.results.size()) {
            if (fetched_any_ && !more_) {
                finished_ = true;
                current_.reset();
                return false;
            }
            if (!fetch()) return true;  // current_ holds the error, the last element
        }
        current_.emplace(std::move(page_.results[index_++]));
        return true;
    }

    bool fetch() {
        auto r = c_->template call<E>(path_, query_, options_);
        ++pages_;
        fetched_any_ = true;
        if (!r.ok()) {
            current_.emplace(std::move(r).error());
            finished_ = true;
            more_ = false;
            return false;
        }
        page_ = std::move(r).value();
        index_ = 0;
        more_ = false;
        if (page_.has_next() && !page_.results.empty()) {
            std::int64_t here = query_.offset.value_or(0);
            std::int64_t next = detail::offset_in_url(*page_.next.get())
                                    .value_or(here + static_cast<std::int64_t>(page_.results.size()));
            if (next > here) {
                query_.offset = static_cast<decltype(query_.offset.value_or(0))>(next);
                more_ = true;
            }
        }
        return true;
    }

    C* c_;
    typename E::path_params path_;
    Query query_;
    CallOptions options_;
    PageT page_{};
    std::size_t index_ = 0;
    std::size_t pages_ = 0;
    bool fetched_any_ = false;
    bool more_ = false;
    bool finished_ = false;
    std::optional<value_type> current_;
};

}  // namespace didit
