// SPDX-License-Identifier: Apache-2.0
// A faster evaluation of the same spec: weights stored input-major so each
// input spike adds one contiguous column (event-driven), the per-neuron
// update done a vector of neurons at a time, and frames spread over threads.
// The inner loops are in fast_kernels.hpp (AVX-512BW when the build targets
// it, portable otherwise). Proven equal to run_reference by
// tests/test_fast_model.cpp; the reference stays the definition.
#pragma once

#include <vector>

#include "fast_kernels.hpp"
#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity {

class FastModel {
 public:
  // `kernels` defaults to the fastest compiled in; tests pass the portable
  // ones to prove them too.
  explicit FastModel(const Network& net, const fast::Kernels& kernels = fast::best_kernels());

  const Network& network() const { return net_; }
  const char* kernels_name() const { return kernels_->name; }
  FrameResult run(const SpikeFrame& input) const;

  // Runs every frame, `threads` at a time (0 = hardware concurrency); results
  // are in input order. Never more threads than frames, and fewer when the
  // system will not start them: *threads_used (if given) says how many ran.
  std::vector<FrameResult> run_batch(const std::vector<SpikeFrame>& inputs, unsigned threads = 0,
                                     unsigned* threads_used = nullptr) const;

 private:
  Network net_;
  const fast::Kernels* kernels_;
  std::vector<fast::FastLayer> layers_;
  uint32_t widest_ = 0;  // padded: the largest per-neuron array a frame needs
};

}  // namespace trinity
