// SPDX-License-Identifier: MIT
// libFuzzer target for reply decoding: a status, headers and body, decoded into one route's reply type.
//
// Input: one byte choosing the route (its index in endpoints::AllRoutes, modulo their number),
// then a response as fuzz_http.hpp reads it. The reply goes through the steps a Client takes with
// a response: ClientCore::triage (status, then the body's JSON) and the route's decoder in steal
// mode, or the reply type's own from_response (PDF). Properties, for every input:
//   - nothing crashes, recurses without bound or reads out of bounds;
//   - a parsed reply never nests deeper than max_json_depth;
//   - a decoded reply, and an Error, copy (nlohmann's copy recurses: this is what would overflow
//     on a value the parser should have refused);
//   - an Error keeps the reply's status and takes no CR, LF or NUL from it.
#include <didit/didit.hpp>

#include "fuzz_http.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <tuple>
#include <utility>

namespace {

using didit::HttpResponse;
using didit::Result;
using didit::detail::ClientCore;

[[noreturn]] void fail(const char* what, std::string_view route) {
    std::fprintf(stderr, "fuzz_reply: %s (route %.*s)\n", what, static_cast<int>(route.size()), route.data());
    std::abort();
}

bool has_crlf_nul(std::string_view s) { return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos; }

template <class E, class Reply>
void check(const Result<Reply>& out, const HttpResponse& r) {
    if (out.ok()) {
        const Reply copy = out.value();
        (void)copy;
        return;
    }
    const didit::Error& e = out.error();
    if (e.status != r.status) fail("the Error lost the status", E::name);
    if (e.message.empty()) fail("the Error has no message", E::name);
    if (has_crlf_nul(e.message) || has_crlf_nul(e.request_id) || has_crlf_nul(e.code))
        fail("a control character from the reply reached the Error", E::name);
    const didit::Error copy = e;
    (void)copy;
}

// What Client::call_impl does with a response (client.hpp), for route E.
template <class E>
void decode_reply(const HttpResponse& r) {
    using Reply = typename E::reply;
    if constexpr (didit::detail::has_from_response<Reply>::value) {
        if (r.status >= 200 && r.status <= 299)
            check<E>(Reply::from_response(r), r);
        else
            check<E>(Result<Reply>(ClientCore::http_error(r, 1)), r);
    } else {
        Result<didit::Json> j = ClientCore::triage(r, 1);
        if (!j.ok()) {
            check<E>(Result<Reply>(std::move(j).error()), r);
            return;
        }
        if (didit::detail::json_deeper_than(j.value(), didit::detail::max_json_depth))
            fail("a parsed reply nests deeper than max_json_depth", E::name);
        const bool empty_body = j.value().is_null();
        Result<Reply> decoded(std::in_place);
        didit::detail::DecodeContext ctx;
        ctx.steal = true;
        if (!didit::detail::decode_value(j.value(), decoded.value(), ctx))
            decoded = ClientCore::reply_error(didit::make_error(didit::ErrorKind::Decode, std::move(ctx.message)),
                                              E::name, r, 1, empty_body);
        check<E>(decoded, r);
    }
}

using Routes = didit::endpoints::AllRoutes;
using DecodeFn = void (*)(const HttpResponse&);

template <std::size_t... I>
constexpr std::array<DecodeFn, sizeof...(I)> decoders(std::index_sequence<I...>) {
    return {&decode_reply<std::tuple_element_t<I, Routes>>...};
}

constexpr auto table = decoders(std::make_index_sequence<std::tuple_size_v<Routes>>{});

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const DecodeFn decode = table[data[0] % table.size()];
    decode(didit_fuzz::read_response(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1)));
    return 0;
}
