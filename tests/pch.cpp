// SPDX-License-Identifier: MIT
// The translation unit that owns the unit tests' precompiled header (see tests/CMakeLists.txt).
