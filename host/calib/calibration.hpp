// SPDX-License-Identifier: Apache-2.0
// One dAF calibration, end to end: transfer curve -> Gaussian fit -> affine
// map into the model domain -> spec §7 lookup table and its error.
#pragma once

#include <string>

#include "gaussian_fit.hpp"
#include "iv_csv.hpp"
#include "lut.hpp"
#include "transform.hpp"

namespace trinity::calib {

// gaussian: the table holds the fitted Gaussian (mapped to the target), for
//   tri-G layers; it covers gaussian_support() of the target.
// measured: the table holds the measured points (mapped the same way) joined
//   by straight lines, edge values held, for tri-LUT layers; it covers the
//   measured sweep.
enum class Shape { kGaussian, kMeasured };

const char* shape_name(Shape shape);
Shape parse_shape(const std::string& name);  // "gaussian" | "measured", else InputError

struct CalibrationOptions {
  Shape shape = Shape::kGaussian;
  int lut_bits = kDefaultLutBits;         // 1 ... 12
  Gaussian target = kDefaultModelTarget;  // A_m, mu_m, sigma_m
  // Below this R² the curve is not a bell and the calibration is refused: a
  // reverse-biased sweep, a monotonic curve or noise would otherwise give a
  // table that describes nothing.
  double min_r2 = 0.9;
};

struct Calibration {
  CalibrationOptions options;
  IvCurve data;         // as read, device units
  FitResult fit;        // device units (A, V)
  DeviceToModel map;    // device -> model domain
  Curve model_curve;    // data mapped to the model domain
  double range_lo = 0;  // model-domain interval the table was sized for
  double range_hi = 0;
  Lut lut;
  LutError lut_error;  // over every int16 V_d in [range_lo, range_hi]·256

  // The dAF the table approximates, in the model domain: the target
  // Gaussian, or the measured curve interpolated.
  double g(double x) const;
};

// Checks the options, then fits and tabulates. Throws InputError naming
// data.source when the curve has no positive peak, the fit does not converge,
// the peak lies outside the sweep, or R² < min_r2.
Calibration calibrate(const IvCurve& data, const CalibrationOptions& options);
Calibration calibrate_file(const std::string& csv_path, const CalibrationOptions& options);

}  // namespace trinity::calib
