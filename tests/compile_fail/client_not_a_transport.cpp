// EXPECT: didit::Client<T>: T must be a transport
// SPDX-License-Identifier: MIT
// Must not compile: int has no `Result<HttpResponse> send(const HttpRequest&)`.
#include <didit/core.hpp>

int main() {
    didit::Client<int> client;
    return client.options().api_key.empty() ? 0 : 1;
}
