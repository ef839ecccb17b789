// SPDX-License-Identifier: Apache-2.0
// Summaries of predicted cycles per frame, and what they project to at a
// clock frequency.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trinity::perf {

struct CycleSummary {
  size_t frames = 0;
  double mean = 0;
  uint64_t min = 0, p50 = 0, p99 = 0, max = 0;  // percentiles by nearest rank
};

// Throws std::invalid_argument for an empty list.
CycleSummary summarize_cycles(std::vector<uint64_t> cycles);

// Frames run one at a time, so latency and throughput follow from the same
// cycle count: a frame takes cycles / f, and 1 / that many frames per second.
inline double cycles_to_us(double cycles, double clock_mhz) { return cycles / clock_mhz; }
inline double frames_per_second(double cycles_per_frame, double clock_mhz) {
  return clock_mhz * 1e6 / cycles_per_frame;
}

}  // namespace trinity::perf
