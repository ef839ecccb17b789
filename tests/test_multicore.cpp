// SPDX-License-Identifier: Apache-2.0
// Several cores per card (`--cores N`): N independent simulated cores behind
// the host driver (ShardedBackend over a StreamBackend each), run in parallel
// threads, must return exactly what the golden model computes, in input
// order; a failing core is named; bad --cores values are usage errors.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

#include "alveo_platforms.hpp"
#include "backend.hpp"
#include "cli_runner.hpp"
#include "errors.hpp"
#include "golden_device.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "protocol.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "sharded_backend.hpp"
#include "stream_backend.hpp"
#include "temp_dir.hpp"
#include "verify.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

const std::string kModel = std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_s1.trn";

// The first `n` Fashion-MNIST test images, rate-coded as `trinity run` does.
std::vector<SpikeFrame> fashion_frames(const Network& net, size_t n) {
  const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", n);
  std::vector<SpikeFrame> frames;
  for (uint32_t k = 0; k < data.images.count; ++k)
    frames.push_back(rate_encode(data.images.image(k), net.inputs(), net.timesteps, 0, k));
  return frames;
}

// A network small enough for the Verilated core in an unoptimised build,
// with random frames of every density.
Network small_network() {
  std::mt19937 rng(12);
  Network net;
  net.timesteps = 4;
  net.layers.push_back(testing::random_layer(rng, 64, 24, UnitKind::kTriGauss, false));
  net.layers.push_back(testing::random_layer(rng, 24, 10, UnitKind::kTriRelu, false));
  return net;
}

std::vector<SpikeFrame> random_frames(const Network& net, size_t n) {
  std::mt19937 rng(13);
  std::vector<SpikeFrame> frames;
  for (size_t k = 0; k < n; ++k)
    frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.1 + 0.8 * double(k % 5) / 4));
  return frames;
}

void check_equal(const std::vector<FrameResult>& want, const std::vector<FrameResult>& got) {
  REQUIRE(got.size() == want.size());
  const auto m = first_result_mismatch(want, got);
  INFO((m ? "frame " + std::to_string(m->frame) + ": " + m->description : std::string()));
  CHECK_FALSE(m);
}

}  // namespace

TEST_CASE("three cores per card equal the golden backend on Fashion-MNIST, in input order", "[cores]") {
  const Network net = load_model(kModel);
  const auto frames = fashion_frames(net, 30);
  REQUIRE(frames.size() == 30);
  const auto want = make_backend("golden", net, {})->run(frames);

  std::vector<std::string> names{"golden-wire", "csim"};
  // Unoptimised builds simulate the RTL ~100x slower: there the Verilated
  // cores get the small network of the next test case only.
  if (backend_built("verilator") && TRINITY_RTL_FULL_MODELS) names.push_back("verilator");
  for (const auto& name : names) {
    CAPTURE(name);
    BackendOptions o;
    o.cores = 3;
    o.frames_per_batch = 5;  // several batches per core, the last one partial
    o.stall_percent = 20;    // verilator: random stalls on both streams of every core
    auto b = make_backend(name, net, o);
    CHECK(b->label() == name + " cores 1-3");
    CHECK(b->frames_per_batch() == 15);  // a batch for every core at once
    check_equal(want, b->run(frames));
    // Fewer frames than cores (an idle core), then more: frame ids carry on.
    for (size_t n : {2, 7}) {
      const std::vector<SpikeFrame> some(frames.end() - static_cast<long>(n), frames.end());
      check_equal(std::vector<FrameResult>(want.end() - static_cast<long>(n), want.end()), b->run(some));
    }
    if (name == "verilator") CHECK(b->run_cycles() > 0);
  }
}

TEST_CASE(
    "three Verilated cores with stalls equal golden on a small network, and the card takes its slowest core's cycles",
    "[cores]") {
  if (!backend_built("verilator")) {
    WARN("verilator backend not built");
    return;
  }
  const Network net = small_network();
  const auto frames = random_frames(net, 20);
  const auto want = make_backend("golden", net, {})->run(frames);
  BackendOptions o;
  o.cores = 3;
  o.frames_per_batch = 3;
  o.stall_percent = 30;
  auto card = make_backend("verilator", net, o);
  check_equal(want, card->run(frames));
  check_equal(std::vector<FrameResult>(want.begin(), want.begin() + 4),
              card->run(std::vector<SpikeFrame>(frames.begin(), frames.begin() + 4)));

  // Six frames, no stalls: two per core take about a third of one core's
  // cycles for all six, since the cores run at once.
  const std::vector<SpikeFrame> six(frames.begin(), frames.begin() + 6);
  BackendOptions one;
  one.frames_per_batch = 2;
  auto single = make_backend("verilator", net, one);
  single->run(six);
  BackendOptions three = one;
  three.cores = 3;
  auto parallel = make_backend("verilator", net, three);
  parallel->run(six);
  CHECK(parallel->run_cycles() < single->run_cycles() / 2);
  CHECK(parallel->run_cycles() > single->run_cycles() / 4);
}

TEST_CASE("a failing core fails the run with RuntimeFailure (exit 3) naming that core", "[cores][errors]") {
  const Network net = load_model(kModel);
  const auto frames = fashion_frames(net, 6);
  // Three cores built as make_backend builds them, keeping a way to core 2.
  std::vector<std::unique_ptr<Backend>> shards;
  GoldenDevice* core2 = nullptr;
  for (unsigned k = 1; k <= 3; ++k) {
    auto device = std::make_unique<GoldenDevice>();
    if (k == 2) core2 = device.get();
    shards.push_back(std::make_unique<StreamBackend>(
        rename_device(std::move(device), "golden-wire core " + std::to_string(k)), net, BackendOptions{}));
  }
  ShardedBackend card(std::move(shards));
  // Behind its driver's back, core 2 gets a packet of an unknown type: its
  // error counter moves, which the driver must notice at its next batch.
  core2->submit({protocol::header(0x7F, 0), protocol::header(protocol::kQuery, 0)}, 16);
  core2->collect();
  try {
    card.run(frames);
    FAIL("the run succeeded");
  } catch (const RuntimeFailure& e) {
    INFO(e.what());
    CHECK(std::string(e.what()).find("shard 2 of 3 (golden-wire core 2)") != std::string::npos);
  }
}

TEST_CASE("the cores option shards CLI runs over cores, and bad values are usage errors naming it", "[cores][cli]") {
  const std::string run = "run --model " + kModel + " --dataset fashion-mnist --limit 12 --quiet --backend ";
  const testing::TempDir tmp("trinity_cores");
  const auto golden = run_cli(run + "golden --out " + tmp.file("golden.csv"));
  const auto wire = run_cli(run + "golden-wire --cores 3 --batch 2 --out " + tmp.file("wire.csv"));
  INFO(wire.output);
  REQUIRE(golden.exit_code == 0);
  REQUIRE(wire.exit_code == 0);
  auto read = [](const std::string& path) {
    std::ifstream f(path);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  CHECK(read(tmp.file("wire.csv")) == read(tmp.file("golden.csv")));  // predictions and counts, in order
  CHECK(read(tmp.file("wire.csv")).size() > 100);
  CHECK(wire.output.find("golden-wire cores 1-3") != std::string::npos);

  for (const std::string bad : {"0", "17", "99999999999999999999", "-1", "three", "2.5", ""}) {
    const auto r = run_cli(run + "golden-wire --cores '" + bad + "'");
    INFO("--cores '" << bad << "': " << r.output);
    CHECK(r.exit_code == 1);
    CHECK(testing::line_count(r.output) == 1);
    CHECK(r.output.find("--cores") != std::string::npos);
  }
  // A waveform is one core's.
  const auto trace = run_cli(run + "verilator --cores 2 --trace /dev/null");
  CHECK(trace.exit_code == (backend_built("verilator") ? 1 : 3));
}

TEST_CASE("the link configurations place as many cores as the platform table says", "[cores][alveo]") {
  for (const auto& p : alveo::kPlatforms) {
    CAPTURE(p.board);
    std::ifstream cfg(std::string(TRINITY_SOURCE_DIR) + "/constraints/" + p.board + ".cfg");
    REQUIRE(cfg);
    std::map<std::string, uint32_t> nk;  // kernel -> compute units
    uint32_t slr_lines = 0, streams = 0;
    for (std::string line; std::getline(cfg, line);) {
      if (line.rfind("nk=", 0) == 0) {
        const size_t colon = line.find(':');
        nk[line.substr(3, colon - 3)] = static_cast<uint32_t>(std::stoul(line.substr(colon + 1)));
      }
      slr_lines += line.rfind("slr=", 0) == 0;
      streams += line.rfind("stream_connect=", 0) == 0;
    }
    CHECK(nk["trinity_core"] == p.cores);
    CHECK(nk["trinity_mm2s"] == p.cores);
    CHECK(nk["trinity_s2mm"] == p.cores);
    CHECK(slr_lines == 3 * p.cores);  // every compute unit placed
    CHECK(streams == 2 * p.cores);    // mm2s_k -> core_k -> s2mm_k
    CHECK(p.cores <= p.slrs);
  }
  CHECK(alveo::most_cores() == 4);
}
