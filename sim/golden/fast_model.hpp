// A faster evaluation of the same spec: weights stored input-major so each
// input spike adds one contiguous column (vectorisable), and frames spread
// over threads. Proven equal to run_reference by tests/test_fast_model.cpp;
// the reference stays the definition.
#pragma once

#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity {

class FastModel {
 public:
  explicit FastModel(const Network& net);

  const Network& network() const { return net_; }
  FrameResult run(const SpikeFrame& input) const;

  // Runs every frame, `threads` at a time (0 = hardware concurrency); results
  // are in input order.
  std::vector<FrameResult> run_batch(const std::vector<SpikeFrame>& inputs, unsigned threads = 0) const;

 private:
  Network net_;
  std::vector<std::vector<int8_t>> columns_;  // per layer: [n_in][n_out]
};

}  // namespace trinity
