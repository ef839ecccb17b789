// SPDX-License-Identifier: Apache-2.0
// The rate code of docs/fixed-point-spec.md §6 written for hardware: the
// IMAGE packet (protocol v2 §3) turns pixels into spikes with it. The spec
// computes each spike from its key, key = (n·T + t)·n_in + i + 1; the keys of
// one frame are consecutive in (t, i) order, so the core forms
// seed + key·φ once per frame (one 64-bit product) and then adds φ per pixel.
// What remains per pixel is the finaliser's two 64-bit products, pipelined.
// The golden model's version is sim/golden/rate_coding.hpp; the csim tests
// compare the two bit for bit.
#pragma once

#include <cstdint>

namespace trinity::hls_kernel {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;  // φ, the key's stride

// seed + key·φ for the frame's first spike (t = 0, i = 0), all mod 2^64.
inline uint64_t rate_code_start(uint64_t seed, uint32_t n, uint32_t timesteps, uint32_t n_in) {
  const uint64_t first_key = uint64_t{n} * timesteps * n_in + 1;
  return seed + first_key * kGoldenGamma;
}

// One spike from the generator state x = seed + key·φ: SplitMix64's
// finaliser, its upper 32 bits r, and (r·255) >> 32 < pixel (uniform on
// 0 … 254, so pixel 0 never spikes and 255 always does).
inline bool rate_code_spike(uint64_t x, uint32_t pixel) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  const uint64_t r = (x ^ (x >> 31)) >> 32;
  return ((r * 255) >> 32) < pixel;
}

}  // namespace trinity::hls_kernel
