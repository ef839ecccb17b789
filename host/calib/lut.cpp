// SPDX-License-Identifier: Apache-2.0
#include "lut.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "errors.hpp"
#include "fixed_point.hpp"
#include "network.hpp"

namespace trinity::calib {

int32_t LutGeometry::last_v() const {
  const int64_t last = int64_t{lut_lo} + (int64_t{1} << (lut_bits + lut_shift)) - 1;
  return static_cast<int32_t>(std::min<int64_t>(last, kInt16Max));
}

double LutGeometry::centre(size_t k) const {
  const int64_t half = lut_shift == 0 ? 0 : (int64_t{1} << (lut_shift - 1));
  const int64_t v = int64_t{lut_lo} + static_cast<int64_t>(k) * (int64_t{1} << lut_shift) + half;
  return static_cast<double>(v) / 256.0;
}

int16_t Lut::at(int16_t v) const { return entries[lut_index(v, lut_lo, lut_shift, lut_bits)]; }

LutGeometry choose_geometry(double x_lo, double x_hi, int lut_bits) {
  if (lut_bits < 1 || lut_bits > kMaxLutBits) {
    throw InputError("lut_bits = " + std::to_string(lut_bits) + ", must be 1..12");
  }
  if (!std::isfinite(x_lo) || !std::isfinite(x_hi) || !(x_hi >= x_lo)) {
    throw InputError("LUT range is empty or not finite");
  }
  const int64_t lo =
      std::clamp<int64_t>(static_cast<int64_t>(std::floor(std::max(x_lo * 256.0, -40000.0))), kInt16Min, kInt16Max);
  const int64_t hi =
      std::clamp<int64_t>(static_cast<int64_t>(std::ceil(std::min(x_hi * 256.0, 40000.0))), kInt16Min, kInt16Max);
  const int64_t need = hi - lo + 1;  // int16 inputs to cover
  LutGeometry g;
  g.lut_bits = lut_bits;
  g.lut_shift = kMaxLutShift;
  for (int s = 0; s <= kMaxLutShift; ++s) {
    if ((int64_t{1} << (lut_bits + s)) >= need) {
      g.lut_shift = s;
      break;
    }
  }
  // lut_bits >= 1 and shift 15 span 65536 inputs, all of int16, so the loop
  // always finds a shift. Centring on the interval's real midpoint (not on
  // its rounded ends) keeps a bell at mu symmetric in the table: for the
  // default target the table starts at mu − 2 exactly.
  const int64_t width = int64_t{1} << (lut_bits + g.lut_shift);
  const double mid = 0.5 * (std::clamp(x_lo * 256.0, -40000.0, 40000.0) + std::clamp(x_hi * 256.0, -40000.0, 40000.0));
  int64_t start = std::llround(mid - 0.5 * static_cast<double>(width));
  start = std::min(start, lo);              // cover the lowest input ...
  start = std::max(start, hi - width + 1);  // ... and the highest
  g.lut_lo = static_cast<int16_t>(std::clamp<int64_t>(start, kInt16Min, kInt16Max));
  return g;
}

std::pair<double, double> gaussian_support(const Gaussian& g) {
  const double a = std::fabs(g.amplitude) * 512.0;
  const double k = std::max(4.0, a > 1.0 ? std::sqrt(2.0 * std::log(a)) : 0.0);
  const double s = std::fabs(g.sigma);
  return {g.center - k * s, g.center + k * s};
}

Lut build_lut(const LutGeometry& geometry, const std::function<double(double)>& g) {
  Lut lut;
  static_cast<LutGeometry&>(lut) = geometry;
  lut.entries.resize(geometry.table_size());
  for (size_t k = 0; k < lut.entries.size(); ++k) {
    const double y = 256.0 * g(geometry.centre(k));
    if (std::isnan(y)) throw InputError("dAF is not a number at x = " + std::to_string(geometry.centre(k)));
    // Clamp before llround: sat16 would do the same, and llround of a huge
    // double is undefined.
    lut.entries[k] = sat16(std::llround(std::clamp(y, -1e6, 1e6)));
  }
  return lut;
}

LutError lut_error(const Lut& lut, const std::function<double(double)>& g, int32_t v_lo, int32_t v_hi) {
  LutError e;
  e.v_lo = std::max<int32_t>(v_lo, kInt16Min);
  e.v_hi = std::min<int32_t>(v_hi, kInt16Max);
  e.worst_v = e.v_lo;
  double sum2 = 0;
  int64_t n = 0;
  for (int32_t v = e.v_lo; v <= e.v_hi; ++v) {
    const double d = std::fabs(lut.at(static_cast<int16_t>(v)) / 256.0 - g(v / 256.0));
    if (d > e.max) {
      e.max = d;
      e.worst_v = v;
    }
    sum2 += d * d;
    ++n;
  }
  e.rms = n > 0 ? std::sqrt(sum2 / n) : 0;
  return e;
}

LutError lut_error(const Lut& lut, const std::function<double(double)>& g) {
  return lut_error(lut, g, lut.first_v(), lut.last_v());
}

void apply_to_layer(const Lut& lut, Layer& layer) {
  layer.lut_bits = lut.lut_bits;
  layer.lut_shift = lut.lut_shift;
  layer.lut_lo = lut.lut_lo;
  layer.lut = lut.entries;
}

}  // namespace trinity::calib
