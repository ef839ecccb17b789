// SPDX-License-Identifier: Apache-2.0
// The ways a trinity command fails, mapped to the CLI's exit codes in one
// place (host/cli/exit_policy.cpp; README: 1 usage, 2 bad input, 3
// device/runtime failure). Messages are one line and say what is wrong and
// where (option, file, line or byte offset).
#pragma once

#include <stdexcept>
#include <string>

namespace trinity {

// Options that contradict each other or are missing (what the argument parser
// cannot see by itself): exit 1, like a parse error.
struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& what) : std::runtime_error(what) {}
};

struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

struct RuntimeFailure : std::runtime_error {
  explicit RuntimeFailure(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace trinity
