// SPDX-License-Identifier: Apache-2.0
// Golden-model throughput on the Fashion-MNIST test set: the reference, and
// the fast path on 1 and all threads. Spikes are rate-coded before timing so
// the numbers compare with torch_float_bench.py, which does the same.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "fast_model.hpp"
#include "golden_model.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "rate_coding.hpp"

using namespace trinity;

namespace {

template <typename F>
double median_seconds(int reps, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: golden_bench MODEL.trn [frames]\n");
    return 1;
  }
  try {
    const Network net = load_model(argv[1]);
    const size_t limit = argc > 2 ? std::stoul(argv[2]) : 10000;
    const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", limit);
    std::vector<SpikeFrame> frames;
    size_t input_spikes = 0;
    for (uint32_t k = 0; k < data.images.count; ++k) {
      frames.push_back(rate_encode(data.images.image(k), net.inputs(), net.timesteps, 0, k));
      input_spikes += std::count(frames.back().bits.begin(), frames.back().bits.end(), 1);
    }
    const FastModel fast(net);
    std::printf("golden-model throughput, %zu Fashion-MNIST test frames, T=%u, %.1f input spikes/frame\n",
                frames.size(), net.timesteps, double(input_spikes) / frames.size());
    std::printf("%-28s %12s %10s\n", "implementation", "frames/s", "frames");

    const size_t ref_frames = std::min<size_t>(frames.size(), 500);
    const double ref = median_seconds(3, [&] {
      for (size_t k = 0; k < ref_frames; ++k) run_reference(net, frames[k]);
    });
    std::printf("%-28s %12.0f %10zu\n", "reference, 1 thread", ref_frames / ref, ref_frames);
    const double one = median_seconds(3, [&] { fast.run_batch(frames, 1); });
    std::printf("%-28s %12.0f %10zu\n", "fast path, 1 thread", frames.size() / one, frames.size());
    const double all = median_seconds(3, [&] { fast.run_batch(frames, 0); });
    std::printf("%-28s %12.0f %10zu\n", "fast path, all threads", frames.size() / all, frames.size());
    std::printf("golden_fast frames_per_s=%.0f threads=all\n", frames.size() / all);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "golden_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}
