// SPDX-License-Identifier: Apache-2.0
// Checker (c): TLAST framing of the core's output (protocol §1, §4). Each
// packet's TLAST must be on exactly the word its header's length names, the
// header must carry an output type, and STATUS is always 4 words of payload.
#pragma once

#include <cstdint>
#include <systemc>

#include "axis_signals.hpp"
#include "check_log.hpp"

namespace trinity::sc {

class FramingChecker : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  AxisMonitorPorts link;

  SC_HAS_PROCESS(FramingChecker);
  FramingChecker(sc_core::sc_module_name name, CheckLog& log);

  uint64_t packets() const { return packets_; }

 private:
  void on_clock();

  CheckLog& log_;
  bool at_header_ = true;
  uint32_t header_ = 0;
  uint64_t index_ = 0;  // payload words taken in this packet
  uint64_t packets_ = 0;
};

}  // namespace trinity::sc
