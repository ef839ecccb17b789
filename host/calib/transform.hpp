// SPDX-License-Identifier: Apache-2.0
// The affine map from the device's (Vg, Ids) plane to the network's model
// domain (dendritic potential x, activation a), defined by the fitted device
// Gaussian and a target model-domain Gaussian:
//
//   x = mu_m + (Vg − mu_dev) · (sigma_m / sigma_dev)
//   a = A_m · Ids / A_dev
//
// It sends the fitted device Gaussian exactly onto the target Gaussian
// A_m·exp(−(x − mu_m)²/(2·sigma_m²)); the measured points go through the same
// map, so the measured dAF keeps the device's deviations from a Gaussian.
#pragma once

#include <vector>

#include "gaussian_fit.hpp"
#include "iv_csv.hpp"

namespace trinity::calib {

// Defaults of `trinity calibrate --amplitude --center --sigma`.
inline constexpr Gaussian kDefaultModelTarget{1.0, 1.0, 0.4};

struct DeviceToModel {
  Gaussian device;  // fitted: A_dev (A), mu_dev (V), sigma_dev (V)
  Gaussian model;   // target: A_m, mu_m, sigma_m (model units)

  double x(double vg) const { return model.center + (vg - device.center) * (model.sigma / device.sigma); }
  double a(double ids) const { return model.amplitude * ids / device.amplitude; }
  double vg(double x) const { return device.center + (x - model.center) * (device.sigma / model.sigma); }
  double ids(double a) const { return device.amplitude * a / model.amplitude; }
};

// A curve in the model domain, x strictly increasing.
struct Curve {
  std::vector<double> x;
  std::vector<double> a;
};

Curve map_curve(const DeviceToModel& map, const IvCurve& data);

// Linear interpolation between the points, the edge values held outside
// them (the clamp of spec §3 idx() does the same to the table). `c` must
// have >= 1 point and x strictly increasing (PiecewiseLinear checks).
double interpolate(const Curve& c, double x);

class PiecewiseLinear {
 public:
  explicit PiecewiseLinear(Curve curve);  // needs >= 1 point, x strictly increasing
  double operator()(double x) const { return interpolate(c_, x); }
  double x_min() const { return c_.x.front(); }
  double x_max() const { return c_.x.back(); }

 private:
  Curve c_;
};

}  // namespace trinity::calib
