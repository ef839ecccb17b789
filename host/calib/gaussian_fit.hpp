// SPDX-License-Identifier: Apache-2.0
// Least-squares fit of g(x) = A·exp(−(x − mu)² / (2·sigma²)) by Eigen's
// Levenberg–Marquardt (MINPACK lmder port), with an analytic Jacobian.
#pragma once

#include <string>
#include <vector>

namespace trinity::calib {

struct Gaussian {
  double amplitude = 1.0;
  double center = 0.0;
  double sigma = 1.0;

  double operator()(double x) const;
  double fwhm() const;  // 2·sqrt(2·ln 2)·sigma
};

struct FitQuality {
  double r2 = 0;             // 1 − SS_res / SS_tot (0 when the data are constant)
  double rmse = 0;           // in the data's y unit
  double max_abs_error = 0;  // in the data's y unit
};

struct FitResult {
  Gaussian initial;  // the guess LM started from (peak, centroid, FWHM)
  Gaussian g;        // the fit; sigma > 0
  FitQuality quality;
  bool converged = false;
  int lm_status = 0;  // Eigen::LevenbergMarquardtSpace::Status
  std::string lm_message;
  int evaluations = 0;
};

// Starting point from the data alone: amplitude = the largest y, sigma from
// the full width at half maximum around it (interpolated crossings), centre =
// the centroid of the points above half maximum. x need not be sorted.
// Throws InputError when there are fewer than 3 points or no y > 0.
Gaussian initial_guess(const std::vector<double>& x, const std::vector<double>& y);

// Throws InputError when there are fewer than 3 points, x and y differ in
// length, any value is not finite, or no y > 0. An unconverged fit is
// returned with converged = false; the caller decides what that means.
FitResult fit_gaussian(const std::vector<double>& x, const std::vector<double>& y);

FitQuality fit_quality(const Gaussian& g, const std::vector<double>& x, const std::vector<double>& y);

}  // namespace trinity::calib
