// SPDX-License-Identifier: Apache-2.0
// SystemC TLM-2.0 approximately-timed model of the accelerator: a frame
// source (the host's input stream) -> the core -> a result sink (the output
// stream), each link a base-protocol nb_transport socket pair. The core's
// phase delays come from the cycle model (cycle_model.hpp), so a batch run
// reports cycles per frame and throughput, including the effect of a host
// that cannot offer frames back to back.
#pragma once

#include <cstdint>
#include <vector>

#include "cycle_model.hpp"
#include "frame_activity.hpp"
#include "network.hpp"

namespace trinity::perf {

struct TlmOptions {
  CoreTimingConfig core;
  double clock_mhz = 300;
  // Cycles the host needs after the core has taken a frame before it can
  // offer the next one (0: frames are always waiting, as in the RTL check).
  uint64_t host_gap_cycles = 0;
};

struct TlmBatchReport {
  double clock_mhz = 0;
  // Per frame: the core's clock edges from accepting the FRAME header, or
  // from the previous RESULT's TLAST if the header was taken before it, to
  // handing over the RESULT's TLAST: FrameCycles::total for a frame that
  // found the core idle, streamed_cycles for one offered in time.
  std::vector<uint64_t> frame_cycles;
  // First FRAME header accepted to last RESULT TLAST handed over.
  uint64_t batch_cycles = 0;
  // Cycles the core sat idle waiting for the host between frames.
  uint64_t idle_cycles = 0;

  double seconds() const { return double(batch_cycles) / (clock_mhz * 1e6); }
  double frames_per_second() const { return double(frame_cycles.size()) / seconds(); }
};

// Elaborates and runs the SystemC simulation. SystemC allows one elaboration
// per process, so this can be called once; a second call throws
// std::logic_error. Throws std::invalid_argument for an empty batch, a
// clock <= 0 or an activity that does not fit the network.
TlmBatchReport run_tlm_batch(const Network& net, const TlmOptions& options, const std::vector<FrameActivity>& frames);

}  // namespace trinity::perf
