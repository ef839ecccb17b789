// SPDX-License-Identifier: Apache-2.0
// Shared by the libFuzzer harnesses (docs/robustness.md): the rule every
// parser harness checks, and a scratch file for the loaders that read paths.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "errors.hpp"

namespace trinity::fuzz {

// A parser either accepts its input or refuses it with one InputError line;
// any other exception (or a crash, a leak, a sanitizer report) is a finding.
template <class F>
void expect_accept_or_input_error(F&& parse) {
  try {
    parse();
  } catch (const InputError& e) {
    const std::string m = e.what();
    if (m.empty() || m.find('\n') != std::string::npos) {
      std::fprintf(stderr, "InputError is not one line: '%s'\n", m.c_str());
      std::abort();
    }
  }
}

// An in-memory file (memfd) holding `bytes`, reachable by path, for loaders
// that take a path (gzopen). Replaced on every input; never touches disk.
class MemFile {
 public:
  MemFile() : fd_(memfd_create("trinity_fuzz", 0)) {
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemFile() { ::close(fd_); }
  const std::string& write(const uint8_t* data, size_t size) {
    if (ftruncate(fd_, 0) != 0 || pwrite(fd_, data, size, 0) != static_cast<ssize_t>(size)) std::abort();
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

}  // namespace trinity::fuzz
