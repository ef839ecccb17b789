// SPDX-License-Identifier: Apache-2.0
// Feeds every input beat the core accepts to trinity::GoldenCore and compares
// every output beat the sink takes (data and TLAST) with the golden model's,
// in order. A reset re-creates the golden core, as the RTL's reset forgets
// configuration and any packet in flight. Since the golden core is fed in
// step with the RTL, it also times each answer exactly: a word the golden
// core has not yet produced must not be shown (reported as causality).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <systemc>

#include "axis_signals.hpp"
#include "check_log.hpp"
#include "golden_core.hpp"

namespace trinity::sc {

class Scoreboard : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  AxisMonitorPorts in;
  AxisMonitorPorts out;

  SC_HAS_PROCESS(Scoreboard);
  Scoreboard(sc_core::sc_module_name name, CheckLog& log, CoreCapacity capacity);

  // At the end of a run: words the golden model produced that never came
  // out, or words that came out unasked.
  void finish();
  uint64_t words_compared() const { return compared_; }
  uint64_t results_compared() const { return results_; }
  uint64_t input_beats() const { return input_beats_; }
  const GoldenCore& golden() const { return *golden_; }

 private:
  void on_clock();
  void compare();
  void check_timing();

  CheckLog& log_;
  CoreCapacity capacity_;
  std::unique_ptr<GoldenCore> golden_;
  std::deque<protocol::Beat> actual_;  // taken from the core, not yet matched
  uint64_t compared_ = 0;
  uint64_t results_ = 0;
  uint64_t input_beats_ = 0;
  uint64_t out_index_ = 0;  // position in the output stream since reset
  uint32_t packet_word_ = 0;
  uint8_t packet_type_ = 0;
  bool in_reset_ = false;
  bool shown_checked_ = false;  // the word now shown passed check_timing()
};

}  // namespace trinity::sc
