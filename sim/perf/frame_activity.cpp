// SPDX-License-Identifier: Apache-2.0
#include "frame_activity.hpp"

#include "golden_model.hpp"

namespace trinity::perf {

namespace {

LayerStepActivity activity_of_step(const SpikeFrame& spikes, uint32_t t) {
  LayerStepActivity a;
  for (uint32_t word = 0; word * 32 < spikes.width; ++word) {
    uint32_t in_word = 0;
    for (uint32_t i = word * 32; i < spikes.width && i < word * 32 + 32; ++i) in_word += spikes.at(t, i);
    a.spikes += in_word;
    a.nonzero_words += in_word != 0;
  }
  return a;
}

}  // namespace

uint64_t FrameActivity::total_spikes() const {
  uint64_t n = 0;
  for (const LayerStepActivity& s : steps) n += s.spikes;
  return n;
}

FrameActivity activity_from_trace(const Network& net, const SpikeFrame& input, const FrameTrace& trace) {
  FrameActivity a;
  a.timesteps = net.timesteps;
  a.layers = static_cast<uint32_t>(net.layers.size());
  a.steps.resize(size_t{a.timesteps} * a.layers);
  for (uint32_t t = 0; t < a.timesteps; ++t)
    for (uint32_t l = 0; l < a.layers; ++l) a.at(t, l) = activity_of_step(l == 0 ? input : trace.spikes[l - 1], t);
  return a;
}

FrameActivity measure_activity(const Network& net, const SpikeFrame& input) {
  FrameTrace trace;
  run_reference(net, input, &trace);
  return activity_from_trace(net, input, trace);
}

}  // namespace trinity::perf
