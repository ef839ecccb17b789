// SPDX-License-Identifier: Apache-2.0
#include "estimate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace trinity::perf {

namespace {

uint64_t nearest_rank(const std::vector<uint64_t>& sorted, double p) {
  const size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * double(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

CycleSummary summarize_cycles(std::vector<uint64_t> cycles) {
  if (cycles.empty()) throw std::invalid_argument("no frames to summarise");
  std::sort(cycles.begin(), cycles.end());
  CycleSummary s;
  s.frames = cycles.size();
  s.mean = double(std::accumulate(cycles.begin(), cycles.end(), uint64_t{0})) / double(cycles.size());
  s.min = cycles.front();
  s.max = cycles.back();
  s.p50 = nearest_rank(cycles, 50);
  s.p99 = nearest_rank(cycles, 99);
  return s;
}

}  // namespace trinity::perf
