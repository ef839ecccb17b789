// SPDX-License-Identifier: Apache-2.0
// The fast path is only allowed to exist because it equals the reference.
#include <catch2/catch.hpp>

#include "fast_model.hpp"
#include "golden_model.hpp"
#include "random_network.hpp"

using namespace trinity;

namespace {

// Every kernel set compiled into this binary: the portable one always, the
// AVX-512BW one when the build targets it (TRINITY_NATIVE on such a CPU).
std::vector<const fast::Kernels*> kernel_sets() {
  std::vector<const fast::Kernels*> sets{&fast::portable_kernels()};
  if (&fast::best_kernels() != &fast::portable_kernels()) sets.push_back(&fast::best_kernels());
  return sets;
}

}  // namespace

TEST_CASE("fast model equals the reference on random networks of odd sizes", "[fast]") {
  for (const fast::Kernels* kernels : kernel_sets()) {
    INFO("kernels " << kernels->name);
    std::mt19937 rng(11);
    for (int trial = 0; trial < 300; ++trial) {
      const bool extreme = trial % 3 == 0;
      const Network net = testing::random_network(rng, extreme, trial % 10 == 0 ? 300 : 70);
      const FastModel fast(net, *kernels);
      for (int f = 0; f < 3; ++f) {
        const double density = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        const SpikeFrame in = testing::random_frame(rng, net.timesteps, net.inputs(), density);
        const FrameResult ref = run_reference(net, in);
        const FrameResult got = fast.run(in);
        INFO("trial " << trial << " frame " << f);
        REQUIRE(got.counts == ref.counts);
        REQUIRE(got.prediction == ref.prediction);
      }
    }
  }
}

TEST_CASE("batched multi-threaded runs return results in input order", "[fast]") {
  std::mt19937 rng(12);
  const Network net = testing::random_network(rng);
  const FastModel fast(net);
  INFO("kernels " << fast.kernels_name());
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < 64; ++k) frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
  const auto batch = fast.run_batch(frames, 3);
  REQUIRE(batch.size() == frames.size());
  for (size_t k = 0; k < frames.size(); ++k) CHECK(batch[k].counts == run_reference(net, frames[k]).counts);
}

TEST_CASE("a frame of the wrong shape is refused", "[fast]") {
  std::mt19937 rng(13);
  const Network net = testing::random_network(rng);
  CHECK_THROWS(FastModel(net).run(SpikeFrame(net.timesteps + 1, net.inputs())));
  CHECK_THROWS(run_reference(net, SpikeFrame(net.timesteps, net.inputs() + 1)));
}

TEST_CASE("fast model is exact when column sums exceed int16 (partial-sum flushes)", "[fast]") {
  for (const fast::Kernels* kernels : kernel_sets())
    for (int8_t w : {int8_t{127}, int8_t{-128}}) {
      INFO("kernels " << kernels->name);
      Layer l;
      l.kind = UnitKind::kBi;
      l.n_in = 784;
      l.n_out = 3;
      l.w_shift = -8;
      l.weights.assign(784 * 3, w);
      l.bias.assign(3, 0);
      l.lut.assign(2, 0);
      // All 784 inputs: I = 389 for 127 (389 > 388 fires) and -392 for -128 (not > -392).
      l.v_th = static_cast<int16_t>(w > 0 ? 388 : -392);
      Network net;
      net.timesteps = 2;
      net.layers = {l};
      SpikeFrame all(2, 784);
      for (auto& b : all.bits) b = 1;
      for (uint32_t spikes : {255u, 256u, 257u, 511u, 512u, 784u}) {
        SpikeFrame f(2, 784);
        for (uint32_t j = 0; j < spikes; ++j) f.at(0, j) = f.at(1, j) = 1;
        INFO("weight " << int(w) << ", spikes " << spikes);
        CHECK(FastModel(net, *kernels).run(f).counts == run_reference(net, f).counts);
      }
      CHECK(FastModel(net, *kernels).run(all).counts == std::vector<uint16_t>(3, w > 0 ? 2 : 0));
    }
}

// Widths around the kernels' blocks: 16 int32 lanes per update step, 32
// neurons per register, 512 neurons per accumulation pass, 64 inputs per scan
// step; T = 1 and long T; every unit kind; saturation at both ends.
TEST_CASE("fast model equals the reference at block-edge widths, T edges and saturation", "[fast]") {
  std::mt19937 rng(14);
  const std::vector<uint32_t> widths{1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 511, 512, 513, 1025};
  for (const fast::Kernels* kernels : kernel_sets()) {
    INFO("kernels " << kernels->name);
    for (size_t k = 0; k < widths.size(); ++k) {
      const uint32_t n_in = widths[k], n_out = widths[(k * 5 + 3) % widths.size()];
      for (int kind = 0; kind < 4; ++kind) {
        const bool extreme = kind % 2 == 0;
        Network net;
        net.timesteps = k % 3 == 0 ? 1 : (k % 3 == 1 ? 2 : 40);
        net.layers.push_back(testing::random_layer(rng, n_in, n_out, static_cast<UnitKind>(kind), extreme));
        net.layers.push_back(
            testing::random_layer(rng, n_out, widths[k % 4], static_cast<UnitKind>(3 - kind), extreme));
        const FastModel fast(net, *kernels);
        for (double density : {0.0, 0.3, 1.0}) {
          const SpikeFrame in = testing::random_frame(rng, net.timesteps, n_in, density);
          INFO("n_in " << n_in << " n_out " << n_out << " kind " << kind << " T " << net.timesteps << " density "
                       << density);
          REQUIRE(fast.run(in).counts == run_reference(net, in).counts);
        }
      }
    }
  }
}

TEST_CASE("fast model saturates v_d and v_n like the reference", "[fast]") {
  for (const fast::Kernels* kernels : kernel_sets()) {
    for (int8_t w : {int8_t{127}, int8_t{-128}}) {
      for (UnitKind kind : {UnitKind::kBi, UnitKind::kTriRelu, UnitKind::kTriGauss}) {
        Layer l;
        l.kind = kind;
        l.n_in = 600;
        l.n_out = 40;
        l.w_shift = 4;  // |acc| * 16 far beyond int16: sat16 at every stage
        l.tau_d = 256;
        l.tau_n = 256;
        l.v_th = 32767;  // never fires: v_n stays pinned at the rails
        l.lut_bits = 3;
        l.lut_shift = 13;
        l.lut_lo = -32768;
        l.weights.assign(600 * 40, w);
        l.bias.assign(40, w > 0 ? int16_t{32767} : int16_t{-32768});
        l.lut = {-32768, -100, 0, 7, 100, 3000, 32767, 32767};
        Network net;
        net.timesteps = 6;
        net.layers = {l};
        SpikeFrame in(6, 600);
        for (auto& b : in.bits) b = 1;
        INFO("kernels " << kernels->name << " w " << int(w) << " kind " << int(kind));
        CHECK(FastModel(net, *kernels).run(in).counts == run_reference(net, in).counts);
        l.v_th = -32768;  // fires whenever v_n > -32768
        net.layers = {l};
        CHECK(FastModel(net, *kernels).run(in).counts == run_reference(net, in).counts);
      }
    }
  }
}
