// SPDX-License-Identifier: Apache-2.0
// Sits between the core's output stream and the sink. Transparent unless a
// fault is selected; each fault breaks the stream in one specific way that
// one specific checker must catch (docs/systemc.md, "Fault injection").
#pragma once

#include <cstdint>
#include <string>
#include <systemc>

#include "axis_signals.hpp"

namespace trinity::sc {

enum class OutputFault {
  kNone,
  kDropTvalid,       // TVALID falls for a cycle while the sink stalls
  kChangeTdata,      // TDATA changes while the sink stalls
  kEarlyOutput,      // a STATUS packet appears before any input was taken
  kWrongTlast,       // TLAST on the header word of a packet with a payload
  kSwallowStatus,    // the first STATUS packet is taken from the core and never shown
  kCorruptData,      // one bit of a RESULT count flips
  kStaleAfterReset,  // after a reset, the last pre-reset word is shown again
  kBlockOutput,      // after a few words, the output is held off for good
};

class FaultInjector : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  // core side
  sc_core::sc_in<uint32_t> c_tdata;
  sc_core::sc_in<bool> c_tvalid;
  sc_core::sc_in<bool> c_tlast;
  sc_core::sc_out<bool> c_tready;
  // sink side
  sc_core::sc_out<uint32_t> s_tdata;
  sc_core::sc_out<bool> s_tvalid;
  sc_core::sc_out<bool> s_tlast;
  sc_core::sc_in<bool> s_tready;

  SC_HAS_PROCESS(FaultInjector);
  FaultInjector(sc_core::sc_module_name name, OutputFault fault);

  void bind(AxisSignals& core, AxisSignals& sink);
  bool struck() const { return struck_; }

 private:
  void on_clock();  // state, from values sampled at the edge
  void drive();     // the wires, combinationally from the state and both sides

  OutputFault fault_;
  bool struck_ = false;  // the fault has happened
  // Shared by the faults: where the core-side stream is, packet-wise.
  uint8_t type_ = 0;
  uint32_t next_index_ = 0;  // index in its packet of the next core word; 0 = header
  uint64_t transfers_ = 0;
  bool strike_now_ = false;  // drop/change faults: act in this cycle
  // Injecting words of our own (early output, stale replay).
  int inject_left_ = 0;
  int inject_index_ = 0;
  uint32_t inject_words_[5] = {};
  bool swallowing_ = false;
  bool in_reset_ = false;
  bool seen_word_ = false;
  uint32_t last_word_ = 0;
  sc_core::sc_signal<uint32_t> state_tick_;  // wakes drive() after on_clock() changes state
};

bool parse_output_fault(const std::string& name, OutputFault* out);

}  // namespace trinity::sc
