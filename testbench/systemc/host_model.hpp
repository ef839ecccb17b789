// SPDX-License-Identifier: Apache-2.0
// The host: drives reset and sends protocol v3 packets (built with
// host/protocol/stream_encoder.hpp, the code path a card's runtime uses) to
// the source, telling the response checker what each packet must be answered
// with. A scenario is a script run in this module's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <systemc>

#include "axis_sink.hpp"
#include "axis_source.hpp"
#include "check_log.hpp"
#include "network.hpp"
#include "response_checker.hpp"
#include "spike_frame.hpp"
#include "stream_encoder.hpp"

namespace trinity::sc {

class HostModel : public sc_core::sc_module {
 public:
  using Script = std::function<void(HostModel&)>;

  sc_core::sc_in<bool> clk;
  sc_core::sc_out<bool> rst_n;
  sc_core::sc_in<bool> core_s_tready;  // the core takes input (idle or receiving)
  sc_core::sc_in<bool> core_m_tvalid;
  sc_core::sc_in<bool> core_m_tready;

  SC_HAS_PROCESS(HostModel);
  HostModel(sc_core::sc_module_name name, AxisSource& source, AxisSink& sink, ResponseChecker& responses, CheckLog& log,
            uint64_t max_cycles, uint64_t stuck_cycles, Script script);

  // Script helpers; each returns at once once the run has been aborted.
  void send_network(const Network& net, bool trace);
  void send_frame(uint32_t frame_id, const SpikeFrame& frame);
  // An IMAGE packet (protocol v2): the core rate-codes the pixels itself.
  void send_image(uint32_t frame_id, const protocol::ImageView& image);
  void send_query();
  // TASK (protocol v3): the task of the frames that follow; no answer.
  void send_task(uint32_t task);
  // A packet (malformed or not) that must be answered with `answer`.
  void send_expecting(const protocol::Stream& beats, const Expected& answer);
  // Beats whose answers nobody states (fuzzing; the response checker is off).
  void send_raw(const protocol::Stream& beats);
  void wait_cycles(uint64_t n);
  // Until the source has handed over `beats` beats since the start.
  void wait_accepted(uint64_t beats);
  // Until the core is idle: every beat taken, nothing being shown, input ready.
  void wait_quiet();
  // Asserts rst_n for `cycles` cycles mid-run and drops the unsent beats.
  void reset(int cycles);

  AxisSource& source() { return source_; }
  AxisSink& sink() { return sink_; }
  ResponseChecker& responses() { return responses_; }
  bool aborted() const { return aborted_; }
  bool finished() const { return finished_; }

 private:
  // A FRAME or IMAGE packet: one RESULT with its frame id is expected.
  void send_expecting_result(uint32_t frame_id, const protocol::Stream& s);
  void run();
  void tick();
  // Called every cycle by the waits: fails the run if nothing moves at all.
  void watch_progress();

  AxisSource& source_;
  AxisSink& sink_;
  ResponseChecker& responses_;
  CheckLog& log_;
  uint64_t max_cycles_;
  uint64_t stuck_cycles_;
  Script script_;
  bool aborted_ = false;
  bool finished_ = false;
  uint64_t last_accepted_ = 0;
  uint64_t last_move_ = 0;
};

}  // namespace trinity::sc
