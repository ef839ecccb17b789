// The two ways a trinity command fails, mapped to the CLI's exit codes
// (README: 2 bad input, 3 device/runtime failure). Messages are one line and
// say what is wrong and where (file, line or byte offset).
#pragma once

#include <stdexcept>
#include <string>

namespace trinity {

struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

struct RuntimeFailure : std::runtime_error {
  explicit RuntimeFailure(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace trinity
