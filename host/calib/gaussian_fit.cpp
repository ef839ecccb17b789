// SPDX-License-Identifier: Apache-2.0
#include "gaussian_fit.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <unsupported/Eigen/NonLinearOptimization>

#include "errors.hpp"

namespace trinity::calib {

namespace {

const double kFwhmPerSigma = 2.0 * std::sqrt(2.0 * std::log(2.0));

// Residuals in normalised coordinates: x centred and scaled to about ±1, y
// divided by its largest magnitude. Device currents are ~1e-9 A; MINPACK's
// tolerances and its finite step limits assume numbers near 1.
struct GaussianResiduals {
  using Scalar = double;
  using InputType = Eigen::VectorXd;
  using ValueType = Eigen::VectorXd;
  using JacobianType = Eigen::MatrixXd;
  enum { InputsAtCompileTime = Eigen::Dynamic, ValuesAtCompileTime = Eigen::Dynamic };

  const Eigen::VectorXd& xs;
  const Eigen::VectorXd& ys;

  int inputs() const { return 3; }
  int values() const { return static_cast<int>(xs.size()); }

  int operator()(const Eigen::VectorXd& p, Eigen::VectorXd& r) const {
    const double s2 = p[2] * p[2];
    for (Eigen::Index i = 0; i < xs.size(); ++i) {
      const double d = xs[i] - p[1];
      r[i] = p[0] * std::exp(-d * d / (2 * s2)) - ys[i];
    }
    return 0;
  }

  int df(const Eigen::VectorXd& p, Eigen::MatrixXd& j) const {
    const double s = p[2], s2 = s * s;
    for (Eigen::Index i = 0; i < xs.size(); ++i) {
      const double d = xs[i] - p[1];
      const double e = std::exp(-d * d / (2 * s2));
      j(i, 0) = e;
      j(i, 1) = p[0] * e * d / s2;
      j(i, 2) = p[0] * e * d * d / (s2 * s);
    }
    return 0;
  }
};

const char* status_message(int status) {
  switch (status) {
    case 0: return "improper input parameters";
    case 1: return "relative reduction of the sum of squares is below ftol";
    case 2: return "relative change of the parameters is below xtol";
    case 3: return "sum of squares and parameters both converged";
    case 4: return "residuals are orthogonal to the Jacobian (gtol)";
    case 5: return "too many function evaluations";
    case 6: return "ftol too small, no further reduction possible";
    case 7: return "xtol too small, no further improvement possible";
    case 8: return "gtol too small, residuals orthogonal to the Jacobian";
    default: return "stopped";
  }
}

void check_inputs(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw InputError("Gaussian fit: x and y differ in length");
  if (x.size() < 3) throw InputError("Gaussian fit: needs at least 3 points, got " + std::to_string(x.size()));
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) throw InputError("Gaussian fit: non-finite value in the data");
  }
  if (*std::max_element(y.begin(), y.end()) <= 0) {
    throw InputError("Gaussian fit: no positive value, so there is no peak to fit");
  }
}

// Where y falls through `level` between samples a and b, by linear interpolation.
double crossing(double xa, double ya, double xb, double yb, double level) {
  return ya == yb ? 0.5 * (xa + xb) : xa + (level - ya) * (xb - xa) / (yb - ya);
}

}  // namespace

double Gaussian::operator()(double x) const {
  const double d = (x - center) / sigma;
  return amplitude * std::exp(-0.5 * d * d);
}

double Gaussian::fwhm() const { return kFwhmPerSigma * sigma; }

Gaussian initial_guess(const std::vector<double>& x_in, const std::vector<double>& y_in) {
  check_inputs(x_in, y_in);
  std::vector<size_t> order(x_in.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x_in[a] < x_in[b]; });
  std::vector<double> x, y;
  for (size_t i : order) {
    x.push_back(x_in[i]);
    y.push_back(y_in[i]);
  }
  const size_t n = x.size();
  const size_t peak = static_cast<size_t>(std::max_element(y.begin(), y.end()) - y.begin());
  const double top = y[peak], half = 0.5 * top;

  size_t lo = peak, hi = peak;
  while (lo > 0 && y[lo - 1] >= half) --lo;
  while (hi + 1 < n && y[hi + 1] >= half) ++hi;
  const bool left = lo > 0, right = hi + 1 < n;
  const double x_left = left ? crossing(x[lo - 1], y[lo - 1], x[lo], y[lo], half) : x[lo];
  const double x_right = right ? crossing(x[hi], y[hi], x[hi + 1], y[hi + 1], half) : x[hi];

  double fwhm;
  if (left && right) {
    fwhm = x_right - x_left;
  } else if (left || right) {
    // The peak sits at an edge of the sweep: mirror the side that was seen.
    fwhm = 2 * (left ? x[peak] - x_left : x_right - x[peak]);
  } else {
    fwhm = 0.5 * (x.back() - x.front());
  }
  if (!(fwhm > 0)) fwhm = std::max(x.back() - x.front(), 1e-12) / n;

  double sw = 0, swx = 0;
  for (size_t i = lo; i <= hi; ++i) {
    sw += y[i];
    swx += y[i] * x[i];
  }
  const double centroid = (left && right && sw > 0) ? swx / sw : x[peak];
  return Gaussian{top, centroid, fwhm / kFwhmPerSigma};
}

FitQuality fit_quality(const Gaussian& g, const std::vector<double>& x, const std::vector<double>& y) {
  FitQuality q;
  if (x.empty()) return q;
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / y.size();
  double ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    const double r = g(x[i]) - y[i];
    ss_res += r * r;
    ss_tot += (y[i] - mean) * (y[i] - mean);
    q.max_abs_error = std::max(q.max_abs_error, std::fabs(r));
  }
  q.rmse = std::sqrt(ss_res / x.size());
  q.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : 0;
  return q;
}

FitResult fit_gaussian(const std::vector<double>& x, const std::vector<double>& y) {
  FitResult result;
  result.initial = initial_guess(x, y);

  const auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
  const double xc = 0.5 * (*xmin + *xmax);
  const double xscale = *xmax > *xmin ? 0.5 * (*xmax - *xmin) : 1.0;
  double yscale = 0;
  for (double v : y) yscale = std::max(yscale, std::fabs(v));

  const Eigen::Index n = static_cast<Eigen::Index>(x.size());
  Eigen::VectorXd xs(n), ys(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    xs[i] = (x[i] - xc) / xscale;
    ys[i] = y[i] / yscale;
  }
  Eigen::VectorXd p(3);
  p << result.initial.amplitude / yscale, (result.initial.center - xc) / xscale, result.initial.sigma / xscale;

  GaussianResiduals functor{xs, ys};
  Eigen::LevenbergMarquardt<GaussianResiduals> lm(functor);
  lm.parameters.maxfev = 2000;
  const auto status = lm.minimize(p);
  result.lm_status = static_cast<int>(status);
  result.lm_message = status_message(result.lm_status);
  result.evaluations = static_cast<int>(lm.nfev);

  // Statuses 1-4 are convergence; 6-8 mean the tolerances cannot be met in
  // floating point, i.e. LM is already at the minimum it can resolve.
  const bool stopped_ok = (status >= 1 && status <= 4) || (status >= 6 && status <= 8);
  result.g = Gaussian{p[0] * yscale, p[1] * xscale + xc, std::fabs(p[2]) * xscale};
  result.converged = stopped_ok && std::isfinite(result.g.amplitude) && std::isfinite(result.g.center) &&
                     std::isfinite(result.g.sigma) && result.g.sigma > 0;
  result.quality = fit_quality(result.g, x, y);
  return result;
}

}  // namespace trinity::calib
