// SPDX-License-Identifier: Apache-2.0
// The CLI's exit-code contract (README), enforced here and nowhere else:
//   0 ok, 1 usage (a parse error or UsageError), 2 bad input (InputError,
//   including a workload over the memory budget), 3 device or runtime
//   failure (RuntimeFailure, out of memory, an output that cannot be
//   written, anything unexpected).
// Every failure is printed as exactly one line on stderr, clipped so that a
// hostile file cannot make the message itself huge.
#pragma once

#include <CLI/CLI.hpp>
#include <exception>
#include <string>

namespace trinity::cli {

enum ExitCode : int { kExitOk = 0, kExitUsage = 1, kExitBadInput = 2, kExitFailure = 3 };

// Longest message printed; the rest is replaced by a count of what was cut.
constexpr size_t kMaxMessageBytes = 1000;

// `message` as one line: newlines become "; ", control bytes '?', and at most
// kMaxMessageBytes of it are kept.
std::string one_line(const std::string& message);

// Prints the failure held by `e` as one line and returns its exit code.
// Help and version requests print their text and return 0.
int report_failure(const CLI::App& app, std::exception_ptr e);

// What the command was doing, recorded while the stack unwinds through it:
// an exception that names no file (out of memory, a library's own error) is
// reported with the innermost activity it interrupted, e.g.
//   trinity: failure: out of memory while reading model m.trn
class Activity {
 public:
  explicit Activity(std::string what);
  ~Activity();
  Activity(const Activity&) = delete;
  Activity& operator=(const Activity&) = delete;

 private:
  std::string what_;
  int uncaught_;
};

// The innermost activity an exception unwound through ("" if none).
const std::string& interrupted_activity();

}  // namespace trinity::cli
