// SPDX-License-Identifier: Apache-2.0
// Checker (b): no output before the input it depends on. Only a packet's
// TLAST makes a core act on it (protocol §3, §5), so by counting accepted
// input packets and emitted answers (RESULT, STATUS) it must always hold that
//   answers shown  <  input packets accepted   when an output packet starts,
//   RESULTs shown  <  FRAMEs accepted          for RESULT and TRACE,
//   OK STATUSes    <  well-formed QUERYs taken for the QUERY barrier's answer,
// each counted up to the previous cycle: an answer in the very cycle its
// TLAST is accepted would be a combinational leak, also a violation.
// Independent of the golden model, so it also catches a wrong GoldenCore.
#pragma once

#include <cstdint>
#include <systemc>

#include "axis_signals.hpp"
#include "check_log.hpp"

namespace trinity::sc {

class CausalityChecker : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  AxisMonitorPorts in;
  AxisMonitorPorts out;

  SC_HAS_PROCESS(CausalityChecker);
  CausalityChecker(sc_core::sc_module_name name, CheckLog& log);

 private:
  void on_clock();
  void check_output();
  void count_input();
  void clear();

  CheckLog& log_;
  // input side
  bool in_header_ = true;
  uint32_t in_head_ = 0;
  uint64_t in_words_ = 0;
  uint64_t packets_in_ = 0;
  uint64_t frames_in_ = 0;
  uint64_t queries_in_ = 0;
  // output side
  uint32_t out_index_ = 0;  // index in its packet of the word now shown
  uint8_t out_type_ = 0;
  bool checked_ = false;  // the packet now shown was already checked
  uint64_t answers_ = 0;
  uint64_t results_ = 0;
  uint64_t oks_ = 0;
};

}  // namespace trinity::sc
