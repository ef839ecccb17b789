// SPDX-License-Identifier: Apache-2.0
// Checks on option values the argument parser does not make by itself.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "backend.hpp"

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

// --cores: a whole number 1 ... kMaxCoresPerCard (0 cores cannot run a frame).
inline CLI::Validator core_count() {
  return CLI::Validator(
      [](std::string& s) {
        const std::string range = "1 ... " + std::to_string(kMaxCoresPerCard);
        if (s.empty() || s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos || std::stoul(s) < 1 ||
            std::stoul(s) > kMaxCoresPerCard)
          return "'" + s + "' is not a number of cores per card (" + range + ")";
        return std::string();
      },
      "1..N", "cores per card");
}

}  // namespace trinity::cli
