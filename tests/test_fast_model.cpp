// The fast path is only allowed to exist because it equals the reference.
#include <catch2/catch.hpp>

#include "fast_model.hpp"
#include "golden_model.hpp"
#include "random_network.hpp"

using namespace trinity;

TEST_CASE("fast model equals the reference on random networks of odd sizes", "[fast]") {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 300; ++trial) {
    const bool extreme = trial % 3 == 0;
    const Network net = testing::random_network(rng, extreme, trial % 10 == 0 ? 300 : 70);
    const FastModel fast(net);
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

TEST_CASE("batched multi-threaded runs return results in input order", "[fast]") {
  std::mt19937 rng(12);
  const Network net = testing::random_network(rng);
  const FastModel fast(net);
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
  for (int8_t w : {int8_t{127}, int8_t{-128}}) {
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
      CHECK(FastModel(net).run(f).counts == run_reference(net, f).counts);
    }
    CHECK(FastModel(net).run(all).counts == std::vector<uint16_t>(3, w > 0 ? 2 : 0));
  }
}
