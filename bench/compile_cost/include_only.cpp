// SPDX-License-Identifier: MIT
// Compile-cost probe: the umbrella header alone, no call (the floor every didit TU pays).
#include <didit/didit.hpp>

int main() { return 0; }
