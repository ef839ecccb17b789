// SPDX-License-Identifier: Apache-2.0
#include "frame_activity.hpp"

#include <bitset>

#include "golden_model.hpp"

namespace trinity::perf {

namespace {

LayerStepActivity activity_of_step(const SpikeFrame& spikes, uint32_t t) {
  std::vector<uint32_t> words((size_t{spikes.width} + 31) / 32, 0);
  for (uint32_t i = 0; i < spikes.width; ++i)
    if (spikes.at(t, i)) words[i / 32] |= uint32_t{1} << (i % 32);
  return step_activity(std::move(words));
}

}  // namespace

LayerStepActivity step_activity(std::vector<uint32_t> words) {
  LayerStepActivity a;
  for (uint32_t w : words) {
    const uint32_t in_word = static_cast<uint32_t>(std::bitset<32>(w).count());
    a.spikes += in_word;
    a.nonzero_words += in_word != 0;
  }
  a.words = std::move(words);
  return a;
}

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
