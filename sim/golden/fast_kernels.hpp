// SPDX-License-Identifier: Apache-2.0
// The three inner loops of the golden fast path (FastModel), in two
// implementations of the same arithmetic: a portable one written with the
// fixed-point primitives of fixed_point.hpp (the compiler vectorises it for
// whatever the build targets), and, when the build targets AVX-512BW, one
// written with its intrinsics. Both are proven equal to the reference by
// tests/test_fast_model.cpp; FastModel picks the fastest one compiled in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "network.hpp"

namespace trinity::fast {

// Outputs are processed in blocks of this many neurons (one AVX-512 register
// of bytes); every per-neuron array below is padded to a multiple of it, with
// zero weights and zero bias in the padding, so no loop needs a tail. Index
// lists (events, spikes) have kLaneBlock entries of slack at the end too.
constexpr uint32_t kLaneBlock = 64;

// The AVX-512 columns store w + kWeightOffset (0 ... 255) as unsigned bytes.
constexpr int32_t kWeightOffset = 128;

inline uint32_t padded(uint32_t n) { return (n + kLaneBlock - 1) / kLaneBlock * kLaneBlock; }

// One layer in the layout the kernels read.
struct FastLayer {
  UnitKind kind = UnitKind::kBi;
  int w_shift = 0;
  int32_t tau_d = 0, tau_n = 0, v_th = 0;
  int32_t lut_lo = 0, lut_shift = 0, lut_bits = 1;
  int32_t lut_last = 0;  // 2^lut_bits - 1
  uint32_t n_in = 0, n_out = 0;
  uint32_t stride = 0;          // padded(n_out)
  std::vector<int8_t> columns;  // [n_in][stride]: input-major, so a spike adds one contiguous column
  // The same columns for the AVX-512 kernel: w + kWeightOffset as an unsigned
  // byte, and within every 64-neuron block neuron k in byte 2k and neuron
  // 32 + k in byte 2k + 1 (see accumulate_block for why).
  std::vector<uint8_t> biased_columns;
  std::vector<int32_t> bias;   // [stride]
  std::vector<int32_t> lut;    // [2^lut_bits], widened for 32-bit gathers
  std::vector<int16_t> lut16;  // the table as the spec stores it

  explicit FastLayer(const Layer& layer);
};

struct Kernels {
  const char* name;
  // Indices j < width with bits[j] != 0, ascending, into `active`; returns how many.
  uint32_t (*scan)(const uint8_t* bits, uint32_t width, uint32_t* active);
  // §4 step 1: acc[i] = Σ_{j in events} W[i][j] exactly, for i < stride.
  void (*accumulate)(const FastLayer& layer, const uint32_t* events, uint32_t count, int32_t* acc);
  // §4 steps 2-7 for every neuron of the layer: updates v_d and v_n ([stride]
  // each) in place and writes the indices of the neurons that spiked,
  // ascending, into `spikes`; returns how many.
  uint32_t (*update)(const FastLayer& layer, const int32_t* acc, int16_t* v_d, int16_t* v_n, uint32_t* spikes);
};

// Always available.
const Kernels& portable_kernels();
// The AVX-512BW kernels when this file was compiled for a CPU that has them,
// otherwise the portable ones.
const Kernels& best_kernels();

}  // namespace trinity::fast
