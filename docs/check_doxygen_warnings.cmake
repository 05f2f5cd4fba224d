# SPDX-License-Identifier: MIT
# Run after Doxygen (cmake -DLOG=<warnings log> -P this file): prints the warnings and fails on any,
# except undocumented data members (model fields carry the API's own JSON names; types and functions
# must be documented).
if(NOT DEFINED LOG OR NOT EXISTS "${LOG}")
  message(FATAL_ERROR "check_doxygen_warnings: pass -DLOG=<Doxygen WARN_LOGFILE>")
endif()
file(STRINGS "${LOG}" _lines)
set(_count 0)
foreach(_line IN LISTS _lines)
  if(_line STREQUAL "" OR _line MATCHES "Member [^ ]+ \\(variable\\) of [a-z]+ .* is not documented\\.$")
    continue()
  endif()
  message("${_line}")
  math(EXPR _count "${_count} + 1")
endforeach()
if(_count GREATER 0)
  message(FATAL_ERROR "docs: ${_count} Doxygen warnings (see above)")
endif()
message(STATUS "docs: no Doxygen warnings")
