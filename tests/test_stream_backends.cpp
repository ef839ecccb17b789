// Every stream backend (golden-wire, csim, verilator) runs the shared host
// driver and must return exactly what the golden model computes, over batch
// boundaries and across run() calls; bad configurations are refused.
#include <catch2/catch.hpp>
#include <random>

#include "backend.hpp"
#include "errors.hpp"
#include "golden_device.hpp"
#include "random_network.hpp"
#include "stream_backend.hpp"
#include "verify.hpp"

using namespace trinity;

namespace {

// The Verilated core in CI holds LUTs of at most 2^11 entries (docs/rtl.md).
Network fitting_network(std::mt19937& rng, bool extreme) {
  Network net = testing::random_network(rng, extreme, 45);
  for (Layer& l : net.layers)
    if (l.lut_bits > 11) {
      l.lut_bits = 11;
      l.lut.resize(l.lut_entries());
    }
  return net;
}

std::vector<SpikeFrame> frames_for(std::mt19937& rng, const Network& net, int n) {
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < n; ++k)
    frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.1 + 0.8 * (k % 5) / 4.0));
  return frames;
}

void check_equal(const std::vector<FrameResult>& want, const std::vector<FrameResult>& got) {
  const auto m = first_result_mismatch(want, got);
  INFO((m ? "frame " + std::to_string(m->frame) + ": " + m->description : std::string()));
  CHECK_FALSE(m);
}

}  // namespace

TEST_CASE("stream backends equal the golden model on random networks, batch sizes and repeated runs", "[runtime]") {
  std::vector<std::string> names{"golden-wire", "csim"};
  if (backend_built("verilator")) names.push_back("verilator");
  std::mt19937 rng(31);
  for (int n = 0; n < 6; ++n) {
    const Network net = fitting_network(rng, n % 2 == 1);
    const auto first = frames_for(rng, net, 7);
    const auto second = frames_for(rng, net, 3);
    auto golden = make_backend("golden", net, {});
    const auto want1 = golden->run(first);
    const auto want2 = golden->run(second);
    for (const auto& name : names) {
      CAPTURE(n, name);
      BackendOptions o;
      o.frames_per_batch = 1 + n % 4;  // batches of 1..4: boundaries inside the runs
      o.trace = n % 3 == 0;
      o.stall_percent = 20;
      auto b = make_backend(name, net, o);
      check_equal(want1, b->run(first));
      check_equal(want2, b->run(second));  // frame ids carry on from the first run
    }
  }
}

TEST_CASE("a stream backend refuses a network the device cannot hold, naming the reason", "[runtime][errors]") {
  std::mt19937 rng(3);
  Network net = testing::random_network(rng, false, 20);
  net.timesteps = 9;
  CoreCapacity small;
  small.max_timesteps = 8;
  try {
    StreamBackend b(std::make_unique<GoldenDevice>(small), net);
    FAIL("configuration accepted");
  } catch (const RuntimeFailure& e) {
    CHECK(std::string(e.what()).find("configuration rejected") != std::string::npos);
    CHECK(std::string(e.what()).find("CAPACITY") != std::string::npos);
  }
  if (backend_built("verilator")) {
    Network wide = net;
    wide.timesteps = 17;  // the CI core holds T <= 16
    CHECK_THROWS_AS(make_backend("verilator", wide, {}), RuntimeFailure);
  }
}

TEST_CASE("frames of the wrong shape are bad input, not a device error", "[runtime][errors]") {
  std::mt19937 rng(4);
  const Network net = testing::random_network(rng, false, 20);
  auto b = make_backend("golden-wire", net, {});
  CHECK_THROWS_AS(b->run({SpikeFrame(net.timesteps + 1, net.inputs())}), InputError);
}

TEST_CASE("the csim core is one instance per process, as one compute unit", "[runtime][errors]") {
  std::mt19937 rng(5);
  const Network net = testing::random_network(rng, false, 20);
  auto a = make_backend("csim", net, {});
  CHECK_THROWS_AS(make_backend("csim", net, {}), RuntimeFailure);
  a.reset();
  CHECK_NOTHROW(make_backend("csim", net, {}));
}

TEST_CASE("verify finds a changed weight and names the timestep, layer and neuron", "[runtime][verify]") {
  std::mt19937 rng(6);
  const Network net = testing::small_padded_net();
  std::vector<SpikeFrame> frames = frames_for(rng, net, 20);
  auto a = make_backend("golden", net, {});
  const auto want = a->run(frames);

  // Raise output biases one by one until the outputs differ on some frame.
  Network changed = net;
  std::optional<ResultMismatch> m;
  for (size_t k = 0; k < changed.layers.back().bias.size() && !m; ++k) {
    changed.layers.back().bias[k] = 32767;
    m = first_result_mismatch(want, make_backend("golden", changed, {})->run(frames));
  }
  REQUIRE(m);
  CHECK(m->description.find("count") != std::string::npos);

  StreamBackend ta(std::make_unique<GoldenDevice>(), net, {}, true);
  StreamBackend tb(std::make_unique<GoldenDevice>(), changed, {}, true);
  ta.run({frames[m->frame]});
  tb.run({frames[m->frame]});
  REQUIRE(ta.traces().size() == size_t{net.timesteps} * net.layers.size());
  const std::string where = first_trace_difference(ta.traces(), tb.traces(), "A", "B");
  CHECK(where.find("timestep") != std::string::npos);
  CHECK(where.find("neuron") != std::string::npos);
  CHECK(first_trace_difference(ta.traces(), ta.traces(), "A", "A").empty());

  // Identical results compare equal; a missing frame is a mismatch.
  CHECK_FALSE(first_result_mismatch(want, want));
  auto shorter = want;
  shorter.pop_back();
  REQUIRE(first_result_mismatch(want, shorter));
  CHECK(first_result_mismatch(want, shorter)->frame == want.size() - 1);
}
