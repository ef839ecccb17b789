// SPDX-License-Identifier: Apache-2.0
// dAF lookup tables as docs/fixed-point-spec.md §3 (idx) and §7 (entries)
// define them: 2^lut_bits int16 Q7.8 entries, bucket k holding
// sat16(round(256·g(x_k))) at x_k = (lut_lo + k·2^lut_shift + 2^(lut_shift−1)) / 256.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "gaussian_fit.hpp"

namespace trinity {
struct Layer;
}

namespace trinity::calib {

constexpr int kDefaultLutBits = 8;

struct LutGeometry {
  int lut_bits = kDefaultLutBits;  // 1 ... 12
  int lut_shift = 0;               // 0 ... 15
  int16_t lut_lo = 0;              // Q7.8

  size_t table_size() const { return size_t{1} << lut_bits; }
  int32_t step_lsb() const { return int32_t{1} << lut_shift; }
  // The int16 inputs v that land in a bucket of their own (not clamped):
  // [lut_lo, lut_lo + 2^(bits+shift) − 1], cut to the int16 range.
  int32_t first_v() const { return lut_lo; }
  int32_t last_v() const;
  // Bucket centre x_k of spec §7, in model units (V_d / 256).
  double centre(size_t k) const;
};

struct Lut : LutGeometry {
  std::vector<int16_t> entries;  // 2^lut_bits, Q7.8

  // The table read exactly as the hardware reads it (spec §3 idx()).
  int16_t at(int16_t v) const;
};

// The finest table (smallest lut_shift) of 2^lut_bits entries that covers
// every int16 input in [x_lo, x_hi] (model units; cut to the int16 range
// first). The slack a power-of-two width leaves is split evenly on both sides
// so a centred bell stays centred. Throws InputError when lut_bits is outside
// 1 ... 12 or the range is empty or not finite.
LutGeometry choose_geometry(double x_lo, double x_hi, int lut_bits);

// The model-domain interval where a Gaussian's table entries can be non-zero:
// mu ± sigma·max(4, sqrt(2·ln(512·|A|))). Beyond it 256·g < 1/2, so every
// entry there rounds to 0 and the clamp loses nothing.
std::pair<double, double> gaussian_support(const Gaussian& g);

// Spec §7 entries: sat16(round(256·g(x_k))), round half away from zero.
Lut build_lut(const LutGeometry& geometry, const std::function<double(double)>& g);

struct LutError {
  double max = 0;  // max |lut[idx(v)]/256 − g(v/256)|, model units
  double rms = 0;
  int32_t worst_v = 0;  // an input where the max is reached
  int32_t v_lo = 0;     // the inputs measured, inclusive
  int32_t v_hi = 0;
};

// The error over every int16 input v in [v_lo, v_hi], read through
// trinity::lut_index so it is the error the hardware makes.
LutError lut_error(const Lut& lut, const std::function<double(double)>& g, int32_t v_lo, int32_t v_hi);
// ... over the inputs the table covers without clamping (first_v ... last_v).
LutError lut_error(const Lut& lut, const std::function<double(double)>& g);

// Copies the table and its geometry into a layer (its kind is left alone).
void apply_to_layer(const Lut& lut, Layer& layer);

}  // namespace trinity::calib
