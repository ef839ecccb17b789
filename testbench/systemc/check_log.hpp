// SPDX-License-Identifier: Apache-2.0
// Where every checker reports. A scenario passes when nothing fired; a fault
// scenario passes when the one checker meant to catch its fault fired, so the
// log keeps a count per checker rather than a single pass/fail bit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <systemc>

namespace trinity::sc {

// One clock period; cycle numbers in messages are sim time / this. A function,
// not a global: a static sc_time would start the SystemC kernel before sc_main.
inline sc_core::sc_time clock_period() { return sc_core::sc_time(10, sc_core::SC_NS); }
uint64_t cycle_now();

enum class Checker {
  kInHandshake,   // (a) on the host -> core stream
  kOutHandshake,  // (a) on the core -> host stream
  kCausality,     // (b) no answer before the input it answers
  kFraming,       // (c) TLAST on the word the header says
  kResponse,      // (d) each input packet answered as the host expects
  kScoreboard,    // every output beat equal to GoldenCore's
  kProgress,      // the core keeps accepting input and the run ends
  kCount
};
const char* checker_name(Checker c);
bool parse_checker(const std::string& name, Checker* out);

class CheckLog {
 public:
  // Prints the first few messages of each checker so a broken run does not
  // flood the log, but counts them all.
  void fail(Checker c, const std::string& message);
  uint64_t count(Checker c) const { return counts_[static_cast<size_t>(c)]; }
  uint64_t total() const;
  void print_summary() const;

 private:
  std::array<uint64_t, static_cast<size_t>(Checker::kCount)> counts_{};
};

}  // namespace trinity::sc
