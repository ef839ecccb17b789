// SPDX-License-Identifier: Apache-2.0
// Checker (d): every input packet gets the answer the host expects, in
// order: a RESULT for a good FRAME (TRACEs before it carry its frame id), a
// STATUS with the right code for a malformed packet or a QUERY, nothing for
// good parameter packets. The host states these expectations from what it
// sent, not from GoldenCore, so a malformed packet that is drained but not
// reported, or a good packet after it that is not answered, is caught even
// if the golden model shared the bug.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <systemc>
#include <vector>

#include "axis_signals.hpp"
#include "check_log.hpp"

namespace trinity::sc {

struct Expected {
  uint8_t type = 0;          // kResult or kStatus
  uint32_t frame_id = 0;     // RESULT
  uint8_t code = 0;          // STATUS
  uint8_t answers_type = 0;  // STATUS: type of the packet it answers
  int64_t detail = -1;       // STATUS: checked when >= 0
};

class ResponseChecker : public sc_core::sc_module {
 public:
  sc_core::sc_in<bool> clk;
  sc_core::sc_in<bool> rst_n;
  AxisMonitorPorts link;

  SC_HAS_PROCESS(ResponseChecker);
  ResponseChecker(sc_core::sc_module_name name, CheckLog& log);

  void expect(const Expected& e) { expected_.push_back(e); }
  void set_enabled(bool on) { enabled_ = on; }
  // At the end of a run: whatever is still expected never came.
  void finish();
  uint64_t matched() const { return matched_; }

 private:
  void on_clock();
  void packet_done();

  CheckLog& log_;
  std::deque<Expected> expected_;
  std::vector<uint32_t> words_;  // the output packet being received
  uint64_t matched_ = 0;
  bool enabled_ = true;
};

}  // namespace trinity::sc
