// SPDX-License-Identifier: Apache-2.0
// Binary spike tensors: one frame is T timesteps of n spikes (0 or 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace trinity {

// The 8-bit image a frame is the fixed-point spec §6 rate code of: image
// `index` of its split, coded with `seed`. A device that codes on the card
// (protocol v2 IMAGE) is sent these bytes instead of the frame's spikes.
struct SourceImage {
  std::vector<uint8_t> pixels;  // row-major, `width` of them
  uint64_t index = 0;
  uint64_t seed = 0;
};

struct SpikeFrame {
  uint32_t timesteps = 0;
  uint32_t width = 0;
  std::vector<uint8_t> bits;  // [timesteps][width], each 0 or 1
  // Set when the frame was rate-coded from an image (rate_encode); shared,
  // so copying a frame does not copy its image. Spikes from event data
  // (N-MNIST) or tests have none.
  std::shared_ptr<const SourceImage> image;
  // The task this frame runs (fixed-point spec §1a, protocol v3 TASK): 0
  // runs the network ungated, k >= 1 task k of a gated network's gates.
  uint32_t task = 0;

  SpikeFrame() = default;
  SpikeFrame(uint32_t t, uint32_t n) : timesteps(t), width(n), bits(size_t{t} * n, 0) {}
  uint8_t at(uint32_t t, uint32_t i) const { return bits[size_t{t} * width + i]; }
  uint8_t& at(uint32_t t, uint32_t i) { return bits[size_t{t} * width + i]; }
};

// What one frame produced (fixed-point spec §5).
struct FrameResult {
  std::vector<uint16_t> counts;  // spikes per output neuron
  uint32_t prediction = 0;
};

// Every layer's spikes at every timestep: spikes[l] is a T x n_out(l) frame.
// The golden reference (run_reference) also fills v_n_sum, a golden-only
// hook for experiments on the network's state (docs/results.md, figure 4b):
// v_n_sum[l][i] is the sum over the T timesteps of neuron i's soma potential
// V_n after §4 step 5 and before the reset of step 7, in Q7.8 LSBs. The
// hardware has no such output; TRACE packets carry spikes only.
struct FrameTrace {
  std::vector<SpikeFrame> spikes;
  std::vector<std::vector<int32_t>> v_n_sum;
};

// §5: argmax, ties to the lowest index.
uint32_t decode_prediction(const std::vector<uint16_t>& counts);

}  // namespace trinity
