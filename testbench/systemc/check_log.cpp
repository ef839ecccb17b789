// SPDX-License-Identifier: Apache-2.0
#include "check_log.hpp"

#include <cstdio>

namespace trinity::sc {

namespace {
constexpr uint64_t kPrintedPerChecker = 5;
const char* const kNames[] = {"in-handshake", "out-handshake", "causality", "framing",
                              "response",     "scoreboard",    "progress"};
}  // namespace

uint64_t cycle_now() { return sc_core::sc_time_stamp().value() / clock_period().value(); }

const char* checker_name(Checker c) { return kNames[static_cast<size_t>(c)]; }

bool parse_checker(const std::string& name, Checker* out) {
  for (size_t i = 0; i < static_cast<size_t>(Checker::kCount); ++i)
    if (name == kNames[i]) {
      *out = static_cast<Checker>(i);
      return true;
    }
  return false;
}

void CheckLog::fail(Checker c, const std::string& message) {
  const uint64_t n = ++counts_[static_cast<size_t>(c)];
  if (n <= kPrintedPerChecker)
    std::printf("[cycle %llu] %s: %s\n", static_cast<unsigned long long>(cycle_now()), checker_name(c),
                message.c_str());
  else if (n == kPrintedPerChecker + 1)
    std::printf("[cycle %llu] %s: further messages suppressed\n", static_cast<unsigned long long>(cycle_now()),
                checker_name(c));
}

uint64_t CheckLog::total() const {
  uint64_t t = 0;
  for (uint64_t n : counts_) t += n;
  return t;
}

void CheckLog::print_summary() const {
  std::printf("checkers:");
  for (size_t i = 0; i < counts_.size(); ++i)
    std::printf(" %s=%llu", kNames[i], static_cast<unsigned long long>(counts_[i]));
  std::printf("\n");
}

}  // namespace trinity::sc
