// SPDX-License-Identifier: Apache-2.0
// What one frame makes the core do, in the only terms its sequencer's timing
// depends on: for every timestep and layer, the input spike vector as the
// sequencer scans it. The accumulate phase's cycles depend on where the
// spikes sit, not only on how many there are: the scanner takes one 32-bit
// word a cycle and holds a word until its last spike is picked, so a
// sparse vector leaves bubbles between events that a dense one does not
// (docs/perf-model.md), and with ENGINES > 1 the position decides which
// engine an input belongs to.
#pragma once

#include <cstdint>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity::perf {

struct LayerStepActivity {
  uint32_t spikes = 0;         // active inputs of this layer at this timestep
  uint32_t nonzero_words = 0;  // 32-bit input words holding at least one spike
  // The input spike vector, ceil(n_in/32) words: bit i of words[k] is input
  // 32k + i, bits from n_in on zero. spikes and nonzero_words are its
  // summaries (step_activity keeps them consistent).
  std::vector<uint32_t> words;
};

// The activity of one (timestep, layer) with these input words, its counts
// filled in.
LayerStepActivity step_activity(std::vector<uint32_t> words);

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
