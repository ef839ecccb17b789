// SPDX-License-Identifier: Apache-2.0
#include "host_model.hpp"

#include <cstdio>
#include <string>

#include "stream_encoder.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

namespace {
constexpr uint64_t kQuietCycles = 64;
// wait_quiet() looks every few cycles: waking the host thread every cycle
// costs a context switch per clock.
constexpr uint64_t kQuietStride = 8;
constexpr int kInitialResetCycles = 5;
}  // namespace

HostModel::HostModel(sc_core::sc_module_name name, AxisSource& source, AxisSink& sink, ResponseChecker& responses,
                     CheckLog& log, uint64_t max_cycles, uint64_t stuck_cycles, Script script)
    : sc_module(name),
      source_(source),
      sink_(sink),
      responses_(responses),
      log_(log),
      max_cycles_(max_cycles),
      stuck_cycles_(stuck_cycles),
      script_(std::move(script)) {
  SC_THREAD(run);
}

void HostModel::run() {
  rst_n.write(false);
  for (int i = 0; i < kInitialResetCycles; ++i) tick();
  rst_n.write(true);
  tick();
  script_(*this);
  wait_quiet();
  finished_ = !aborted_;
  sc_core::sc_stop();
}

void HostModel::tick() { wait(clk.posedge_event()); }

void HostModel::watch_progress() {
  const uint64_t now = cycle_now();
  if (source_.accepted() != last_accepted_ || (core_m_tvalid.read() && core_m_tready.read())) {
    last_accepted_ = source_.accepted();
    last_move_ = now;
  }
  if (aborted_) return;
  if (now - last_move_ > stuck_cycles_ && !(source_.idle() && core_s_tready.read() && !core_m_tvalid.read())) {
    log_.fail(Checker::kProgress, "no beat moved on either stream for " + std::to_string(stuck_cycles_) + " cycles");
    aborted_ = true;
  } else if (now > max_cycles_) {
    log_.fail(Checker::kProgress, "run exceeded " + std::to_string(max_cycles_) + " cycles");
    aborted_ = true;
  }
}

void HostModel::send_network(const Network& net, bool trace) {
  if (!aborted_) source_.push(encode_network(net, trace));
}

void HostModel::send_frame(uint32_t frame_id, const SpikeFrame& frame) {
  Stream s;
  append_frame(s, frame_id, frame);
  send_expecting_result(frame_id, s);
}

void HostModel::send_image(uint32_t frame_id, const ImageView& image) {
  Stream s;
  append_image(s, frame_id, image);
  send_expecting_result(frame_id, s);
}

void HostModel::send_expecting_result(uint32_t frame_id, const Stream& s) {
  if (aborted_) return;
  Expected e;
  e.type = kResult;
  e.frame_id = frame_id;
  responses_.expect(e);
  source_.push(s);
}

void HostModel::send_query() {
  if (aborted_) return;
  Stream s;
  append_query(s);
  Expected e;
  e.type = kStatus;
  e.code = kOk;
  e.answers_type = kQuery;
  responses_.expect(e);
  source_.push(s);
}

void HostModel::send_task(uint32_t task) {
  if (aborted_) return;
  Stream s;
  append_task(s, task);
  source_.push(s);
}

void HostModel::send_expecting(const Stream& beats, const Expected& answer) {
  if (aborted_) return;
  responses_.expect(answer);
  source_.push(beats);
}

void HostModel::send_raw(const Stream& beats) {
  if (!aborted_) source_.push(beats);
}

void HostModel::wait_cycles(uint64_t n) {
  for (uint64_t i = 0; i < n && !aborted_; ++i) {
    tick();
    watch_progress();
  }
}

void HostModel::wait_accepted(uint64_t beats) {
  while (!aborted_ && source_.accepted() < beats && !source_.idle()) {
    tick();
    watch_progress();
  }
}

void HostModel::wait_quiet() {
  uint64_t quiet = 0;
  while (!aborted_ && quiet < kQuietCycles) {
    wait(kQuietStride * clock_period());
    watch_progress();
    const bool idle = source_.idle() && core_s_tready.read() && !core_m_tvalid.read();
    quiet = idle ? quiet + kQuietStride : 0;
  }
}

void HostModel::reset(int cycles) {
  if (aborted_) return;
  std::printf("reset at cycle %llu: %s, core input %s, core output %s\n", static_cast<unsigned long long>(cycle_now()),
              source_.idle() ? "all beats sent" : "beats unsent", core_s_tready.read() ? "ready" : "held off",
              core_m_tvalid.read() ? "valid" : "idle");
  rst_n.write(false);
  source_.flush();
  for (int i = 0; i < cycles; ++i) tick();
  rst_n.write(true);
  // One more edge so every checker has seen the reset before the host states
  // expectations for what it sends next.
  tick();
  tick();
}

}  // namespace trinity::sc
