// SPDX-License-Identifier: Apache-2.0
#include "fast_model.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace trinity {

FastModel::FastModel(const Network& net, const fast::Kernels& kernels) : net_(net), kernels_(&kernels) {
  widest_ = fast::padded(net_.inputs());
  for (const Layer& layer : net_.layers) {
    layers_.emplace_back(layer);
    widest_ = std::max(widest_, layers_.back().stride);
  }
}

FrameResult FastModel::run(const SpikeFrame& input) const {
  if (input.timesteps != net_.timesteps || input.width != net_.inputs())
    throw std::invalid_argument("spike frame shape does not match the network");
  // One allocation per frame: v_d and v_n of every layer, then scratch.
  size_t state_size = 0;
  for (const fast::FastLayer& layer : layers_) state_size += 2 * size_t{layer.stride};
  std::vector<int16_t> state(state_size, 0);
  std::vector<int32_t> acc(widest_);
  std::vector<uint32_t> active(widest_ + fast::kLaneBlock), next(widest_ + fast::kLaneBlock);  // slack: see kLaneBlock

  FrameResult result;
  result.counts.assign(net_.outputs(), 0);
  for (uint32_t t = 0; t < net_.timesteps; ++t) {
    uint32_t count = kernels_->scan(&input.bits[size_t{t} * input.width], input.width, active.data());
    int16_t* v = state.data();
    for (const fast::FastLayer& layer : layers_) {
      kernels_->accumulate(layer, active.data(), count, acc.data());                  // §4 step 1
      count = kernels_->update(layer, acc.data(), v, v + layer.stride, next.data());  // steps 2-7
      v += 2 * size_t{layer.stride};
      active.swap(next);
    }
    for (uint32_t k = 0; k < count; ++k) ++result.counts[active[k]];
  }
  result.prediction = decode_prediction(result.counts);
  return result;
}

std::vector<FrameResult> FastModel::run_batch(const std::vector<SpikeFrame>& inputs, unsigned threads,
                                              unsigned* threads_used) const {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // A thread with no frame to take would only cost its start-up.
  threads = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threads, inputs.size())));
  std::vector<FrameResult> results(inputs.size());
  std::atomic<size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    try {
      for (size_t k; (k = next.fetch_add(1)) < inputs.size();) results[k] = run(inputs[k]);
    } catch (...) {
      // An exception must not escape a thread (std::terminate); the caller gets it.
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = inputs.size();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads);
  try {
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
  } catch (const std::system_error&) {
    // The system would not start another thread (its limit, or memory for a
    // stack): the threads already running, and this one, share the frames.
  }
  if (threads_used) *threads_used = static_cast<unsigned>(pool.size()) + 1;
  worker();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace trinity
