// SPDX-License-Identifier: Apache-2.0
// Checks on option values the argument parser does not make by itself.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace trinity::cli {

// Counts, limits and seeds: plain decimal digits only. CLI11 converts
// unsigned options with strtoull, which turns "-1" into SIZE_MAX (so
// `--limit -1` would silently mean "everything") and "010" into 8.
inline CLI::Validator whole_number() {
  return CLI::Validator(
      [](std::string& s) {
        if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
          return "'" + s + "' is not a whole number (0, 1, 2, ...)";
        return std::string();
      },
      "N>=0", "whole number");
}

}  // namespace trinity::cli
