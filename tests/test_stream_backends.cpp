// SPDX-License-Identifier: Apache-2.0
// Every stream backend (golden-wire, csim, verilator) runs the shared host
// driver and must return exactly what the golden model computes, over batch
// boundaries and across run() calls; bad configurations are refused.
#include <catch2/catch.hpp>
#include <random>

#include "backend.hpp"
#include "errors.hpp"
#include "golden_device.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
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

// Frames rate-coded from random images (so each carries its SourceImage),
// with the rails 0 and 255 often, indices and seeds past 32 bits' worth.
std::vector<SpikeFrame> image_frames_for(std::mt19937& rng, const Network& net, int n) {
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < n; ++k) {
    std::vector<uint8_t> pixels(net.inputs());
    for (auto& p : pixels) p = rng() % 4 == 0 ? (rng() % 2 ? 255 : 0) : static_cast<uint8_t>(rng());
    const uint64_t seed = (uint64_t{rng()} << 32) | rng();
    frames.push_back(rate_encode(pixels.data(), net.inputs(), net.timesteps, seed, rng()));
  }
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

TEST_CASE("csim devices are independent cores: two at once keep their own configuration", "[runtime][cores]") {
  std::mt19937 rng(5);
  const Network a_net = testing::random_network(rng, false, 20);
  Network b_net = a_net;  // same shape, other answers: every hidden neuron driven hard
  for (auto& bias : b_net.layers.front().bias) bias = 20000;
  const auto frames = frames_for(rng, a_net, 4);
  REQUIRE(first_result_mismatch(make_backend("golden", a_net, {})->run(frames),
                                make_backend("golden", b_net, {})->run(frames)));
  auto a = make_backend("csim", a_net, {});
  auto b = make_backend("csim", b_net, {});  // configured after a: must not overwrite a's core
  check_equal(make_backend("golden", a_net, {})->run(frames), a->run(frames));
  check_equal(make_backend("golden", b_net, {})->run(frames), b->run(frames));
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

  BackendOptions traced;
  traced.trace = true;
  StreamBackend ta(std::make_unique<GoldenDevice>(), net, traced);
  StreamBackend tb(std::make_unique<GoldenDevice>(), changed, traced);
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

namespace {

// A golden device that records how many words each batch sent and received,
// so the wire facts a backend reports are held to what crossed its wire.
class CountingDevice : public StreamDevice {
 public:
  std::string name() const override { return inner_.name(); }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override {
    in.push_back(words.size());
    bound.push_back(max_out_words);
    inner_.submit(std::move(words), max_out_words);
  }
  std::vector<uint32_t> collect() override {
    auto out = inner_.collect();
    this->out.push_back(out.size());
    return out;
  }
  std::vector<size_t> in, out, bound;

 private:
  GoldenDevice inner_;
};

}  // namespace

TEST_CASE("IMAGE packets: stream backends code on the device exactly as the host codes", "[runtime][image]") {
  std::vector<std::string> names{"golden-wire", "csim"};
  if (backend_built("verilator")) names.push_back("verilator");
  std::mt19937 rng(41);
  for (int n = 0; n < 4; ++n) {
    const Network net = fitting_network(rng, n % 2 == 1);
    const auto frames = image_frames_for(rng, net, 6);
    const auto want = make_backend("golden", net, {})->run(frames);
    for (const auto& name : names) {
      CAPTURE(n, name);
      BackendOptions o;
      o.image_packets = true;
      o.frames_per_batch = 1 + n % 3;
      o.trace = n == 2;
      o.stall_percent = 20;
      auto b = make_backend(name, net, o);
      CHECK(b->wire_words_per_frame().in == 1 + protocol::image_length(net.inputs()));
      check_equal(want, b->run(frames));
    }
  }
}

TEST_CASE("every backend reports its label, wire words, simulator, batch and clock", "[runtime][facts]") {
  const Network net = testing::small_padded_net();
  const WireWords wire{1 + protocol::frame_length(net.timesteps, net.inputs()),
                       1 + protocol::result_length(net.outputs())};
  struct Want {
    std::string name;
    WireWords wire;
    bool simulator;
    size_t batch;
    double clock_mhz;
  };
  std::vector<Want> wants{
      {"golden", {}, false, 64, 0}, {"golden-wire", wire, true, 256, 0}, {"csim", wire, true, 256, 0}};
  if (backend_built("verilator")) wants.push_back({"verilator", wire, true, 64, 300});
  for (const auto& want : wants) {
    CAPTURE(want.name);
    BackendOptions o;
    o.threads = 3;
    auto b = make_backend(want.name, net, o);
    CHECK(b->label() == (want.name == "golden" ? "golden (3 threads)" : want.name));
    CHECK(b->wire_words_per_frame() == want.wire);
    CHECK(b->simulator() == want.simulator);
    CHECK(b->frames_per_batch() == want.batch);
    CHECK(b->clock_mhz() == want.clock_mhz);
    // What is known before building (memory budgets) is what the built backend says.
    CHECK(plan_backend(want.name, net, o).wire == b->wire_words_per_frame());
    CHECK(plan_backend(want.name, net, o).frames_per_batch == b->frames_per_batch());
    b.reset();  // csim is one instance per process

    // --batch and --clock-mhz are the user's; a clock only where cycles are counted.
    o.frames_per_batch = 5;
    o.clock_mhz = 150;
    b = make_backend(want.name, net, o);
    CHECK(b->frames_per_batch() == 5);
    CHECK(b->clock_mhz() == (want.clock_mhz ? 150 : 0));
    CHECK(plan_backend(want.name, net, o).frames_per_batch == 5);
    b.reset();
    o.trace = true;
    b = make_backend(want.name, net, o);
    CHECK(plan_backend(want.name, net, o).wire == b->wire_words_per_frame());
    b.reset();
    o.image_packets = true;
    b = make_backend(want.name, net, o);
    CHECK(plan_backend(want.name, net, o).wire == b->wire_words_per_frame());
  }
}

TEST_CASE("a stream backend's wire words are the words its batches carry", "[runtime][facts]") {
  std::mt19937 rng(8);
  const Network net = testing::small_padded_net();
  for (int variant = 0; variant < 3; ++variant) {
    const bool trace = variant == 1, images = variant == 2;
    CAPTURE(trace, images);
    BackendOptions o;
    o.trace = trace;
    o.image_packets = images;
    o.frames_per_batch = 4;
    auto device = std::make_unique<CountingDevice>();
    CountingDevice& counts = *device;
    StreamBackend b(std::move(device), net, o);
    b.run(images ? image_frames_for(rng, net, 10) : frames_for(rng, net, 10));  // batches of 4, 4, 2
    CHECK(b.wire_words_per_frame().in ==
          1 + (images ? protocol::image_length(net.inputs()) : protocol::frame_length(net.timesteps, net.inputs())));
    const WireWords w = b.wire_words_per_frame();
    uint32_t traced = 0;
    for (const auto& l : net.layers) traced += net.timesteps * (1 + protocol::trace_length(l.n_out));
    CHECK(w.out == 1 + protocol::result_length(net.outputs()) + (trace ? traced : 0));
    // counts[0] is the configuration; a batch is its frames, a QUERY, and the STATUS answering it.
    REQUIRE(counts.in.size() == 4);
    const size_t frames[] = {4, 4, 2};
    for (size_t k = 0; k < 3; ++k) {
      CHECK(counts.in[k + 1] == frames[k] * w.in + 1);
      CHECK(counts.out[k + 1] == frames[k] * w.out + 1 + protocol::kStatusLength);
      CHECK(counts.bound[k + 1] == counts.out[k + 1]);
    }
  }
}

TEST_CASE("traces: golden's come from golden-wire, a backend without a wire has none", "[runtime][facts]") {
  std::mt19937 rng(9);
  const Network net = testing::small_padded_net();
  const SpikeFrame frame = frames_for(rng, net, 1)[0];
  const auto golden = trace_frame("golden", net, frame, {});
  CHECK(golden.size() == size_t{net.timesteps} * net.layers.size());
  CHECK(first_trace_difference(golden, trace_frame("csim", net, frame, {}), "golden", "csim").empty());
  BackendOptions o;
  o.trace = true;
  auto b = make_backend("golden", net, o);
  b->run({frame});
  CHECK(b->traces().empty());
}
