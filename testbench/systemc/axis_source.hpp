// SPDX-License-Identifier: Apache-2.0
// AXI4-Stream master that plays the host's beats into the core with random
// TVALID gaps. Once TVALID is up it stays up, with TDATA/TLAST held, until the
// core takes the beat (AXI4-Stream's rule), except under the two injected
// source faults, which exist to prove the input-side handshake checker works.
#pragma once

#include <cstdint>
#include <deque>
#include <random>
#include <systemc>

#include "axis_signals.hpp"
#include "protocol.hpp"

namespace trinity::sc {

enum class SourceFault { kNone, kDropTvalid, kChangeTdata };

class AxisSource : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  sc_core::sc_out<uint32_t> tdata;
  sc_core::sc_out<bool> tvalid;
  sc_core::sc_out<bool> tlast;
  sc_core::sc_in<bool> tready;

  SC_HAS_PROCESS(AxisSource);
  AxisSource(sc_core::sc_module_name name, uint32_t seed);

  void bind(AxisSignals& s);
  void push(const protocol::Stream& beats) { queue_.insert(queue_.end(), beats.begin(), beats.end()); }
  // Forgets the beats not yet taken (a reset discards the host's queue).
  void flush() {
    queue_.clear();
    holding_ = false;
  }
  bool idle() const { return queue_.empty(); }
  uint64_t accepted() const { return accepted_; }
  // Percent of cycles a new beat is held back.
  void set_gap_percent(int pct) { gap_pct_ = pct; }
  // The fault strikes once, on the first stalled beat after `after` beats.
  void inject(SourceFault f, uint64_t after) {
    fault_ = f;
    fault_after_ = after;
  }
  bool fault_done() const { return fault_done_; }

 private:
  void on_clock();

  std::mt19937 rng_;
  std::deque<protocol::Beat> queue_;
  bool holding_ = false;
  bool driven_valid_ = false;
  uint64_t accepted_ = 0;
  int gap_pct_ = 0;
  SourceFault fault_ = SourceFault::kNone;
  uint64_t fault_after_ = 0;
  bool fault_done_ = false;
};

}  // namespace trinity::sc
