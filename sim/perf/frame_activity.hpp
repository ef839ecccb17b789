// SPDX-License-Identifier: Apache-2.0
// What one frame makes the core do, in the only terms its sequencer's timing
// depends on: for every timestep and layer, how many input spikes arrive and
// how many 32-bit words of the input spike vector hold at least one of them
// (the accumulate phase scans words and skips empty ones, docs/rtl.md).
#pragma once

#include <cstdint>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity::perf {

struct LayerStepActivity {
  uint32_t spikes = 0;         // active inputs of this layer at this timestep
  uint32_t nonzero_words = 0;  // 32-bit input words holding at least one spike
};

struct FrameActivity {
  uint32_t timesteps = 0;
  uint32_t layers = 0;
  std::vector<LayerStepActivity> steps;  // [timesteps][layers]

  const LayerStepActivity& at(uint32_t t, uint32_t l) const { return steps[size_t{t} * layers + l]; }
  LayerStepActivity& at(uint32_t t, uint32_t l) { return steps[size_t{t} * layers + l]; }
  uint64_t total_spikes() const;
};

// Layer l's input at every timestep is `input` for l = 0 and layer l-1's
// spikes otherwise; `trace` must come from run_reference on `input`.
FrameActivity activity_from_trace(const Network& net, const SpikeFrame& input, const FrameTrace& trace);

// Runs the bit-accurate reference (golden_model.hpp) to obtain the trace.
FrameActivity measure_activity(const Network& net, const SpikeFrame& input);

}  // namespace trinity::perf
