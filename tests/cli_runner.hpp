// SPDX-License-Identifier: Apache-2.0
// Runs the real `trinity` binary, capturing its exit code and output, so CLI
// tests check what a user sees.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace trinity::testing {

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line as given (it may set limits first, e.g.
// `ulimit -v`, and redirect); `output` is what reaches its stdout.
inline CliResult run_shell(const std::string& cmd) {
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

inline CliResult run_cli(const std::string& args) { return run_shell(std::string(TRINITY_CLI) + " " + args + " 2>&1"); }

inline size_t line_count(const std::string& s) {
  size_t lines = 0;
  for (char c : s) lines += c == '\n';
  return lines;
}

}  // namespace trinity::testing
