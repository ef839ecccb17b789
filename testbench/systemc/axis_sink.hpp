// SPDX-License-Identifier: Apache-2.0
// AXI4-Stream slave for the core's output: random TREADY backpressure, with
// occasional long stalls so the core's output FIFO fills and the sequencer
// has to wait. It only drives TREADY; the beats are read by the monitors.
#pragma once

#include <cstdint>
#include <random>
#include <systemc>

#include "axis_signals.hpp"

namespace trinity::sc {

class AxisSink : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_out<bool> tready;

  SC_HAS_PROCESS(AxisSink);
  AxisSink(sc_core::sc_module_name name, uint32_t seed);

  // Percent of cycles TREADY is low; 100 holds the core off entirely.
  void set_stall_percent(int pct) { stall_pct_ = pct; }

 private:
  void on_clock();

  std::mt19937 rng_;
  int stall_pct_ = 0;
  int burst_ = 0;  // cycles left in a long stall
};

}  // namespace trinity::sc
