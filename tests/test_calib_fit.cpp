// SPDX-License-Identifier: Apache-2.0
// The Gaussian fit (host/calib/gaussian_fit.hpp) and the calibration's
// acceptance rules (host/calib/calibration.hpp) on synthetic and data/aab curves.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "calibration.hpp"
#include "errors.hpp"
#include "gaussian_fit.hpp"
#include "transform.hpp"

using namespace trinity::calib;
using trinity::InputError;

namespace {

const std::string kAab = std::string(TRINITY_DATA_DIR) + "/aab/";

struct Samples {
  std::vector<double> x, y;
};

Samples sample(const Gaussian& g, double lo, double hi, int n) {
  Samples s;
  for (int i = 0; i < n; ++i) {
    s.x.push_back(lo + (hi - lo) * i / (n - 1));
    s.y.push_back(g(s.x.back()));
  }
  return s;
}

}  // namespace

TEST_CASE("a clean Gaussian is recovered to 1e-6 relative", "[calib][fit]") {
  const Gaussian truth{2.5e-9, -3.1, 1.7};
  const Samples s = sample(truth, -10, 10, 201);
  const FitResult f = fit_gaussian(s.x, s.y);
  REQUIRE(f.converged);
  CHECK(f.g.amplitude == Approx(truth.amplitude).epsilon(1e-6));
  CHECK(f.g.center == Approx(truth.center).margin(1e-6));
  CHECK(f.g.sigma == Approx(truth.sigma).epsilon(1e-6));
  CHECK(f.quality.r2 > 1 - 1e-10);
  CHECK(f.quality.rmse < 1e-6 * truth.amplitude);
  CHECK(f.quality.max_abs_error < 1e-5 * truth.amplitude);
}

TEST_CASE("the initial guess comes from peak, centroid and FWHM", "[calib][fit]") {
  const Gaussian truth{3.0, 0.7, 0.9};
  const Samples s = sample(truth, -5, 5, 101);
  const Gaussian g0 = initial_guess(s.x, s.y);
  CHECK(g0.amplitude == Approx(truth.amplitude).epsilon(0.01));
  CHECK(g0.center == Approx(truth.center).margin(0.05));
  CHECK(g0.sigma == Approx(truth.sigma).epsilon(0.05));
  // Order does not matter.
  Samples r{{s.x.rbegin(), s.x.rend()}, {s.y.rbegin(), s.y.rend()}};
  CHECK(initial_guess(r.x, r.y).center == Approx(g0.center));
  CHECK(fit_gaussian(r.x, r.y).g.sigma == Approx(truth.sigma).epsilon(1e-6));
}

TEST_CASE("noisy data (seeded) fit within loose tolerance and report R^2 and RMSE", "[calib][fit]") {
  const Gaussian truth{1e-9, 2.0, 1.2};
  Samples s = sample(truth, -10, 10, 201);
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(0.0, 0.03 * truth.amplitude);
  for (double& y : s.y) y += noise(rng);
  const FitResult f = fit_gaussian(s.x, s.y);
  REQUIRE(f.converged);
  CHECK(f.g.amplitude == Approx(truth.amplitude).epsilon(0.03));
  CHECK(f.g.center == Approx(truth.center).margin(0.05));
  CHECK(f.g.sigma == Approx(truth.sigma).epsilon(0.04));
  CHECK(f.quality.r2 > 0.95);
  CHECK(f.quality.r2 < 1.0);
  CHECK(f.quality.rmse == Approx(0.03 * truth.amplitude).epsilon(0.25));
  CHECK(f.quality.max_abs_error > f.quality.rmse);
}

TEST_CASE("a peak near the end of the sweep still fits", "[calib][fit]") {
  const Gaussian truth{5.0, 9.0, 1.5};
  const Samples s = sample(truth, -10, 10, 81);
  const FitResult f = fit_gaussian(s.x, s.y);
  REQUIRE(f.converged);
  CHECK(f.g.center == Approx(9.0).margin(1e-5));
  CHECK(f.g.sigma == Approx(1.5).epsilon(1e-5));
}

TEST_CASE("the fit refuses data with no peak", "[calib][fit]") {
  CHECK_THROWS_AS(fit_gaussian({1, 2, 3, 4}, {0, -1, -2, 0}), InputError);
  CHECK_THROWS_AS(fit_gaussian({1, 2}, {1, 2}), InputError);
  CHECK_THROWS_AS(fit_gaussian({1, 2, 3}, {1, NAN, 2}), InputError);
}

TEST_CASE("data/aab: forward and backward sweeps fit near -4.8 V and +0.5 V", "[calib][fit][aab]") {
  const CalibrationOptions opt;
  const Calibration fwd = calibrate_file(kAab + "aab_forward_vds1V.csv", opt);
  CHECK(fwd.fit.g.center == Approx(-4.8).margin(0.3));
  CHECK(fwd.fit.g.amplitude == Approx(2.8e-9).epsilon(0.1));
  CHECK(fwd.fit.quality.r2 > 0.99);
  CHECK(fwd.fit.quality.rmse < 0.03 * fwd.fit.g.amplitude);
  const Calibration bwd = calibrate_file(kAab + "aab_backward_vds1V.csv", opt);
  CHECK(bwd.fit.g.center == Approx(0.5).margin(0.3));
  CHECK(bwd.fit.quality.r2 > 0.99);
  // The hysteresis is a shift, not a change of shape.
  CHECK(bwd.fit.g.sigma == Approx(fwd.fit.g.sigma).epsilon(0.02));
}

TEST_CASE("data/aab: the reverse-biased sweep has no bell and is refused", "[calib][fit][aab]") {
  CHECK_THROWS_WITH(calibrate_file(kAab + "aab_forward_vdsneg1V.csv", CalibrationOptions{}),
                    Catch::Contains("aab_forward_vdsneg1V.csv") && Catch::Contains("below --min-r2"));
}

TEST_CASE("calibration acceptance rules", "[calib][fit]") {
  IvCurve c;
  c.source = "syn.csv";
  for (int i = 0; i <= 40; ++i) {
    c.vg.push_back(-10 + 0.5 * i);
    c.id.push_back(-1e-12 * (1 + i));
    c.line.push_back(i + 2);
  }
  CHECK_THROWS_WITH(calibrate(c, {}), Catch::StartsWith("syn.csv: no positive drain current"));
  // A monotonic curve: the peak is the last point, the fit puts mu beyond it
  // or fits badly; either way it is refused.
  for (size_t i = 0; i < c.size(); ++i) c.id[i] = 1e-9 * std::exp(0.3 * c.vg[i]);
  CHECK_THROWS_AS(calibrate(c, {}), InputError);

  CalibrationOptions bad;
  bad.lut_bits = 13;
  CHECK_THROWS_WITH(calibrate_file(kAab + "aab_forward_vds1V.csv", bad), Catch::Contains("--lut-bits 13"));
  bad = {};
  bad.target.sigma = 0;
  CHECK_THROWS_WITH(calibrate_file("/nonexistent.csv", bad), Catch::Contains("--sigma 0"));
  bad = {};
  bad.target.center = 200;
  CHECK_THROWS_WITH(calibrate_file(kAab + "aab_forward_vds1V.csv", bad), Catch::Contains("--center 200"));
  CHECK_THROWS_WITH(parse_shape("cubic"), Catch::Contains("gaussian or measured"));
}

TEST_CASE("the device-to-model map sends the fit onto the target Gaussian", "[calib][fit]") {
  const DeviceToModel m{Gaussian{2e-9, -4.8, 1.3}, Gaussian{1.0, 1.0, 0.4}};
  CHECK(m.x(-4.8) == Approx(1.0));
  CHECK(m.x(-4.8 + 1.3) == Approx(1.4));
  CHECK(m.a(2e-9) == Approx(1.0));
  for (double vg : {-7.0, -4.0, 0.0}) {
    CHECK(m.a(m.device(vg)) == Approx(m.model(m.x(vg))));
    CHECK(m.vg(m.x(vg)) == Approx(vg).margin(1e-12));
  }
  const Curve c{{0, 1, 2}, {0, 10, 4}};
  CHECK(interpolate(c, -5) == 0);
  CHECK(interpolate(c, 0.5) == 5);
  CHECK(interpolate(c, 1.5) == 7);
  CHECK(interpolate(c, 9) == 4);
  CHECK_THROWS(PiecewiseLinear(Curve{{0, 0}, {1, 2}}));
}
