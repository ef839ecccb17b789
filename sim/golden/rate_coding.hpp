// SPDX-License-Identifier: Apache-2.0
// Counter-based Bernoulli rate coding (docs/fixed-point-spec.md §6).
#pragma once

#include <cstdint>

#include "spike_frame.hpp"

namespace trinity {

constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// One pixel's spike: image `n` of its split, timestep t of T, pixel i of n_in.
constexpr bool rate_spike(uint64_t seed, uint64_t n, uint32_t t, uint32_t timesteps, uint32_t i, uint32_t n_in,
                          uint8_t pixel) {
  const uint64_t key = (n * timesteps + t) * n_in + i + 1;
  const uint64_t r = mix64(seed + key * 0x9E3779B97F4A7C15ULL) >> 32;
  return ((r * 255) >> 32) < pixel;
}

// The whole frame for image `n` (pixels row-major, `n_in` of them), with the
// image attached as its source (SpikeFrame::image).
SpikeFrame rate_encode(const uint8_t* pixels, uint32_t n_in, uint32_t timesteps, uint64_t seed, uint64_t n);

}  // namespace trinity
