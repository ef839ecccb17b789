// SPDX-License-Identifier: Apache-2.0
// Primitive operations of the fixed-point spec (docs/fixed-point-spec.md §3).
// Every implementation's arithmetic reduces to these; they are kept tiny and
// header-only so the fast path and the HLS kernels can share them.
#pragma once

#include <cstdint>

namespace trinity {

constexpr int kFracBits = 8;  // Q7.8 everywhere (§2)
constexpr int32_t kInt16Min = -32768;
constexpr int32_t kInt16Max = 32767;
constexpr int kMinWShift = -8;
constexpr int kMaxWShift = 4;
constexpr int kMaxTau = 256;
constexpr int kMaxLutBits = 12;
constexpr int kMaxLutShift = 15;

// §3 sat16
constexpr int16_t sat16(int64_t x) {
  return static_cast<int16_t>(x < kInt16Min ? kInt16Min : (x > kInt16Max ? kInt16Max : x));
}

// §3 rshift_round: floor((x + 2^(k-1)) / 2^k). Right shift of a negative
// int64 is arithmetic on every compiler we target (and defined from C++20).
constexpr int64_t rshift_round(int64_t x, int k) { return k == 0 ? x : (x + (int64_t{1} << (k - 1))) >> k; }

// §3 scale: apply the layer's weight exponent to the exact accumulator.
constexpr int64_t scale(int64_t acc, int w_shift) {
  return w_shift >= 0 ? acc * (int64_t{1} << w_shift) : rshift_round(acc, -w_shift);
}

// §3 decay: v * tau / 256, rounded half up.
constexpr int16_t decay(int16_t v, uint16_t tau) {
  return static_cast<int16_t>(rshift_round(int64_t{v} * tau, kFracBits));
}

// §3 idx: LUT index from V_d, clamped at both ends.
constexpr uint32_t lut_index(int16_t v, int16_t lut_lo, int lut_shift, int lut_bits) {
  const int64_t d = (int64_t{v} - lut_lo) >> lut_shift;
  const int64_t last = (int64_t{1} << lut_bits) - 1;
  return static_cast<uint32_t>(d < 0 ? 0 : (d > last ? last : d));
}

}  // namespace trinity
