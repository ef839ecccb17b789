// SPDX-License-Identifier: Apache-2.0
#include "calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "errors.hpp"

namespace trinity::calib {

namespace {

std::string fmt(const char* format, double a, double b = 0, double c = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

void check_options(const CalibrationOptions& o) {
  if (o.lut_bits < 1 || o.lut_bits > 12) {
    throw InputError("--lut-bits " + std::to_string(o.lut_bits) + ": must be 1..12 (spec §2)");
  }
  const Gaussian& t = o.target;
  if (!std::isfinite(t.amplitude) || t.amplitude == 0 || std::fabs(t.amplitude) > 127) {
    throw InputError(fmt("--amplitude %g: must be non-zero and within +-127 (Q7.8 activations)", t.amplitude));
  }
  if (!std::isfinite(t.center) || std::fabs(t.center) >= 128) {
    throw InputError(fmt("--center %g: must be within (-128, 128) (Q7.8 potentials)", t.center));
  }
  if (!std::isfinite(t.sigma) || t.sigma < 1.0 / 256 || t.sigma > 64) {
    throw InputError(fmt("--sigma %g: must be 1/256 ... 64 (Q7.8 potentials)", t.sigma));
  }
  if (std::isnan(o.min_r2) || o.min_r2 > 1) throw InputError(fmt("--min-r2 %g: must be <= 1", o.min_r2));
}

}  // namespace

const char* shape_name(Shape shape) { return shape == Shape::kGaussian ? "gaussian" : "measured"; }

Shape parse_shape(const std::string& name) {
  if (name == "gaussian") return Shape::kGaussian;
  if (name == "measured") return Shape::kMeasured;
  throw InputError("--shape " + name + ": must be gaussian or measured");
}

double Calibration::g(double x) const {
  if (options.shape == Shape::kGaussian) return map.model(x);
  return interpolate(model_curve, x);
}

Calibration calibrate(const IvCurve& data, const CalibrationOptions& options) {
  check_options(options);
  Calibration c;
  c.options = options;
  c.data = data;
  const std::string& src = data.source;

  const double peak = *std::max_element(data.id.begin(), data.id.end());
  if (!(peak > 0)) {
    throw InputError(src + fmt(": no positive drain current (largest Id = %g A): no bell to fit (reverse-biased, "
                               "Vds < 0?)",
                               peak));
  }
  try {
    c.fit = fit_gaussian(data.vg, data.id);
  } catch (const InputError& e) {
    throw InputError(src + ": " + e.what());
  }
  const Gaussian& d = c.fit.g;
  if (!c.fit.converged) {
    throw InputError(src + ": Gaussian fit did not converge (" + c.fit.lm_message + ")");
  }
  if (!(d.amplitude > 0)) throw InputError(src + fmt(": fitted amplitude %g A is not positive", d.amplitude));
  if (d.center < data.vg.front() || d.center > data.vg.back()) {
    throw InputError(src + fmt(": fitted peak at Vg = %g V lies outside the sweep [%g, %g] V", d.center,
                               data.vg.front(), data.vg.back()));
  }
  if (c.fit.quality.r2 < options.min_r2) {
    throw InputError(src + fmt(": not bell-shaped: Gaussian fit R^2 = %.4f is below --min-r2 %g (a reverse-biased "
                               "sweep or noise has no bell)",
                               c.fit.quality.r2, options.min_r2));
  }

  c.map = DeviceToModel{d, options.target};
  c.model_curve = map_curve(c.map, data);
  for (size_t i = 1; i < c.model_curve.x.size(); ++i) {
    if (!(c.model_curve.x[i] > c.model_curve.x[i - 1])) {
      throw InputError(src + ": line " + std::to_string(data.line[i]) +
                       ": Vg maps onto the previous point in the model domain (sigma ratio too extreme)");
    }
  }

  if (options.shape == Shape::kGaussian) {
    std::tie(c.range_lo, c.range_hi) = gaussian_support(options.target);
  } else {
    c.range_lo = c.model_curve.x.front();
    c.range_hi = c.model_curve.x.back();
  }
  const LutGeometry geometry = choose_geometry(c.range_lo, c.range_hi, options.lut_bits);
  // The error is measured where g matters (the interval the table was sized
  // for), not over the table's whole span, so numbers for different lut_bits
  // cover the same inputs and can be compared.
  const int32_t v_lo = static_cast<int32_t>(std::clamp(std::floor(c.range_lo * 256), -32768.0, 32767.0));
  const int32_t v_hi = static_cast<int32_t>(std::clamp(std::ceil(c.range_hi * 256), -32768.0, 32767.0));
  if (options.shape == Shape::kGaussian) {
    const Gaussian target = options.target;
    c.lut = build_lut(geometry, [&](double x) { return target(x); });
    c.lut_error = lut_error(
        c.lut, [&](double x) { return target(x); }, v_lo, v_hi);
  } else {
    const PiecewiseLinear pl(c.model_curve);
    c.lut = build_lut(geometry, pl);
    c.lut_error = lut_error(c.lut, pl, v_lo, v_hi);
  }
  return c;
}

Calibration calibrate_file(const std::string& csv_path, const CalibrationOptions& options) {
  check_options(options);  // before reading, so a bad option is reported first
  return calibrate(read_iv_csv(csv_path), options);
}

}  // namespace trinity::calib
