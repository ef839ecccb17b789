// SPDX-License-Identifier: Apache-2.0
// Runs a Python check script with Debian's python3 (the interpreter the
// training code's numpy imports under) for the tests that hold the Python
// writers and readers equal to the C++ ones.
#pragma once

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"

namespace trinity::testing {

constexpr const char* kPython = "/usr/bin/python3";

// The lines the script wrote to `out`; the test fails with the script's
// output if it exits non-zero.
inline std::vector<std::string> run_python_script(const std::string& script, const std::string& out) {
  const CliResult r = run_shell(std::string(kPython) + " '" + script + "' 2>&1");
  if (r.exit_code != 0) FAIL("python failed (exit " << r.exit_code << "): " << r.output);
  std::ifstream in(out);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace trinity::testing
