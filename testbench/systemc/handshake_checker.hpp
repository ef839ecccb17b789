// SPDX-License-Identifier: Apache-2.0
// Checker (a): AXI4-Stream handshake rules on one link. Once TVALID is high
// it stays high until TREADY, and TDATA/TLAST hold still while TVALID &&
// !TREADY. Optionally also: the master shows nothing while reset is held.
#pragma once

#include <cstdint>
#include <systemc>

#include "axis_signals.hpp"
#include "check_log.hpp"

namespace trinity::sc {

class HandshakeChecker : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  AxisMonitorPorts link;

  SC_HAS_PROCESS(HandshakeChecker);
  HandshakeChecker(sc_core::sc_module_name name, CheckLog& log, Checker id, bool quiet_in_reset);

 private:
  void on_clock();

  CheckLog& log_;
  Checker id_;
  bool quiet_in_reset_;
  bool was_in_reset_ = false;
  bool stalled_ = false;  // the previous cycle ended with TVALID && !TREADY
  uint32_t data_ = 0;
  bool last_ = false;
};

}  // namespace trinity::sc
