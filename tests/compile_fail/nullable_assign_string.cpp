// EXPECT: (no match for .+operator=|no viable overloaded .=)
// SPDX-License-Identifier: MIT
// Must not compile: a string is not an int, so a Nullable<int> cannot take one.
#include <string>

#include <didit/core.hpp>

int main() {
    didit::Nullable<int> n;
    n = std::string("5");
    return n.has_value() ? 0 : 1;
}
