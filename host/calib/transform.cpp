// SPDX-License-Identifier: Apache-2.0
#include "transform.hpp"

#include <algorithm>
#include <stdexcept>

namespace trinity::calib {

Curve map_curve(const DeviceToModel& map, const IvCurve& data) {
  Curve c;
  c.x.reserve(data.size());
  c.a.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    c.x.push_back(map.x(data.vg[i]));
    c.a.push_back(map.a(data.id[i]));
  }
  return c;
}

PiecewiseLinear::PiecewiseLinear(Curve curve) : c_(std::move(curve)) {
  if (c_.x.empty() || c_.x.size() != c_.a.size()) throw std::invalid_argument("PiecewiseLinear: bad curve");
  for (size_t i = 1; i < c_.x.size(); ++i) {
    if (!(c_.x[i] > c_.x[i - 1])) throw std::invalid_argument("PiecewiseLinear: x not strictly increasing");
  }
}

double interpolate(const Curve& c, double x) {
  if (x <= c.x.front()) return c.a.front();
  if (x >= c.x.back()) return c.a.back();
  const size_t hi = static_cast<size_t>(std::upper_bound(c.x.begin(), c.x.end(), x) - c.x.begin());
  const size_t lo = hi - 1;
  const double t = (x - c.x[lo]) / (c.x[hi] - c.x[lo]);
  return c.a[lo] + t * (c.a[hi] - c.a[lo]);
}

}  // namespace trinity::calib
