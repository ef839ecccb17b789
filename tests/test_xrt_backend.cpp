// SPDX-License-Identifier: Apache-2.0
// The xrt backend on a machine without a card (it must refuse clearly and
// quickly, never hang or crash) and multi-card sharding, which is generic
// over StreamDevice and so runs here over several golden devices.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "backend.hpp"
#include "cli_runner.hpp"
#include "errors.hpp"
#include "golden_device.hpp"
#include "protocol.hpp"
#include "random_network.hpp"
#include "sharded_backend.hpp"
#include "stream_backend.hpp"
#include "temp_dir.hpp"
#include "xrt_cores.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

Network shard_net() {
  std::mt19937 rng(21);
  Network net;
  net.timesteps = 5;
  net.layers.push_back(testing::random_layer(rng, 45, 19, UnitKind::kTriGauss, false));
  net.layers.push_back(testing::random_layer(rng, 19, 7, UnitKind::kTriRelu, false));
  return net;
}

std::vector<SpikeFrame> frames_for(const Network& net, size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<SpikeFrame> f;
  for (size_t k = 0; k < n; ++k) f.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
  return f;
}

// Golden devices keep raw pointers so a test can reach one behind its driver.
std::unique_ptr<ShardedBackend> golden_shards(const Network& net, size_t shards, size_t per_batch,
                                              std::vector<GoldenDevice*>* devices = nullptr) {
  std::vector<std::unique_ptr<Backend>> b;
  for (size_t k = 0; k < shards; ++k) {
    auto dev = std::make_unique<GoldenDevice>();
    if (devices) devices->push_back(dev.get());
    BackendOptions o;
    o.frames_per_batch = per_batch;
    b.push_back(std::make_unique<StreamBackend>(std::move(dev), net, o));
  }
  return std::make_unique<ShardedBackend>(std::move(b));
}

void check_equal(const std::vector<FrameResult>& got, const std::vector<FrameResult>& want) {
  REQUIRE(got.size() == want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    INFO("frame " << k);
    CHECK(got[k].counts == want[k].counts);
    CHECK(got[k].prediction == want[k].prediction);
  }
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Sets an environment variable for the scope (the CLI runs inherit it).
struct ScopedEnv {
  std::string name;
  bool had = false;
  std::string old;
  ScopedEnv(const std::string& n, const std::string& value) : name(n) {
    if (const char* v = getenv(n.c_str())) had = true, old = v;
    setenv(n.c_str(), value.c_str(), 1);
  }
  ~ScopedEnv() { had ? setenv(name.c_str(), old.c_str(), 1) : unsetenv(name.c_str()); }
};

const std::string kModel = std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_quick.trn";

// The smallest file XRT parses as an xclbin: an axlf header (xclbin.h) with
// the "xclbin2" magic, its length and no sections, so it has no kernels.
void write_empty_xclbin(const std::string& path) {
  std::string b(496, '\0');  // sizeof(axlf)
  b.replace(0, 8, std::string("xclbin2\0", 8));
  b[304] = static_cast<char>(496 & 0xFF);  // axlf_header::m_length, little-endian u64
  b[305] = static_cast<char>(496 >> 8);
  std::ofstream(path, std::ios::binary) << b;
}

// A directory laid out as $XILINX_XRT whose lib/ holds Debian's real XRT
// shims, so XRT behaves as if installed: the PCIe shim finds no card, the
// hw_emu shim opens its default emulated device. Empty if they are missing.
std::string fake_xrt_root(const std::filesystem::path& dir) {
  const std::filesystem::path lib = "/usr/lib/x86_64-linux-gnu";
  for (const char* shim : {"libxrt_core.so.2", "libxrt_hwemu.so.2"})
    if (!std::filesystem::exists(lib / shim)) return "";
  std::filesystem::create_directories(dir / "lib");
  for (const char* shim : {"libxrt_core.so.2", "libxrt_hwemu.so.2"})
    std::filesystem::create_symlink(lib / shim, dir / "lib" / shim);
  return dir.string();
}

}  // namespace

TEST_CASE("shards are contiguous and differ by at most one frame", "[shard]") {
  CHECK(ShardedBackend::split(10, 3) == std::vector<size_t>{4, 3, 3});
  CHECK(ShardedBackend::split(2, 4) == std::vector<size_t>{1, 1, 0, 0});
  CHECK(ShardedBackend::split(0, 2) == std::vector<size_t>{0, 0});
  CHECK(ShardedBackend::split(9, 1) == std::vector<size_t>{9});
  CHECK_THROWS_AS(ShardedBackend(std::vector<std::unique_ptr<Backend>>{}), InputError);
}

TEST_CASE("sharded golden devices equal the golden backend frame for frame", "[shard]") {
  const Network net = shard_net();
  auto golden = make_backend("golden", net, {});
  for (size_t shards : {1, 2, 3, 4}) {
    for (size_t n : {0, 1, 2, 3, 7, 10, 25}) {
      INFO(shards << " shards, " << n << " frames");
      const auto frames = frames_for(net, n, static_cast<unsigned>(100 * shards + n));
      auto sharded = golden_shards(net, shards, 3);  // 3 frames per batch: several batches per shard
      CHECK(sharded->shards() == shards);
      check_equal(sharded->run(frames), golden->run(frames));
      // A second run continues each device's frame ids.
      const auto again = frames_for(net, n + 1, static_cast<unsigned>(7 * n + 1));
      check_equal(sharded->run(again), golden->run(again));
    }
  }
}

TEST_CASE("a sharded backend reports its shards' facts", "[shard][facts]") {
  const Network net = shard_net();
  auto one = golden_shards(net, 1, 3);
  auto three = golden_shards(net, 3, 3);
  CHECK(three->label() == "golden-wire + golden-wire + golden-wire");
  CHECK(one->label() == "golden-wire");
  // Consecutive cores of one card are written once.
  std::vector<std::unique_ptr<Backend>> cores;
  for (const char* n : {"xrt a core 1", "xrt a core 2", "xrt b core 1", "xrt b core 2", "xrt b core 4", "golden-wire"})
    cores.push_back(std::make_unique<StreamBackend>(rename_device(std::make_unique<GoldenDevice>(), n), net));
  CHECK(ShardedBackend(std::move(cores)).name() == "xrt a cores 1-2 + xrt b cores 1-2 + xrt b core 4 + golden-wire");
  CHECK(three->wire_words_per_frame() == one->wire_words_per_frame());
  CHECK(three->wire_words_per_frame().in > 0);
  CHECK(three->simulator());
  CHECK(three->frames_per_batch() == 9);  // a batch for every shard at once
  CHECK(three->clock_mhz() == 0);
}

TEST_CASE("an error on one shard fails the run with RuntimeFailure", "[shard][errors]") {
  const Network net = shard_net();
  std::vector<GoldenDevice*> devices;
  auto sharded = golden_shards(net, 3, 2, &devices);
  // Behind its driver's back, shard 2's device is sent a packet of an unknown
  // type: the core counts the error and the driver must notice mid-run.
  devices[1]->submit({protocol::header(0x7F, 0), protocol::header(protocol::kQuery, 0)}, 16);
  devices[1]->collect();
  const auto frames = frames_for(net, 9, 5);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    sharded->run(frames);
    FAIL("the run succeeded");
  } catch (const RuntimeFailure& e) {
    const std::string what = e.what();
    CHECK(what.find("shard 2 of 3") != std::string::npos);
    CHECK(what.find("malformed") != std::string::npos);
  }
  CHECK(seconds_since(t0) < 10);
  // The failed shard is out of step with its driver: the backend stays failed.
  CHECK_THROWS_AS(sharded->run(frames), RuntimeFailure);

  // Frames of the wrong shape are bad input (exit 2), whichever shard sees them.
  auto fresh = golden_shards(net, 2, 2);
  std::vector<SpikeFrame> wrong = frames_for(net, 3, 6);
  wrong[2] = SpikeFrame(net.timesteps, net.inputs() + 1);
  CHECK_THROWS_AS(fresh->run(wrong), InputError);
}

TEST_CASE("xrt finds a card's cores as chains mm2s_k -> core_k -> s2mm_k in the xclbin", "[xrt][cores]") {
  using V = std::vector<std::string>;
  CHECK(cu_short_name("trinity_mm2s:trinity_mm2s_2") == "trinity_mm2s_2");
  CHECK(cu_short_name("trinity_mm2s_2") == "trinity_mm2s_2");
  CHECK(count_core_chains({"trinity_mm2s_1"}, {"trinity_core_1"}, {"trinity_s2mm_1"}) == 1);
  const V mm2s{"trinity_mm2s_3", "trinity_mm2s_1", "trinity_mm2s_4", "trinity_mm2s_2"};  // any order
  const V core{"trinity_core_1", "trinity_core_2", "trinity_core_3", "trinity_core_4"};
  const V s2mm{"trinity_s2mm_1", "trinity_s2mm_2", "trinity_s2mm_3", "trinity_s2mm_4"};
  CHECK(count_core_chains(mm2s, core, s2mm) == 4);  // the U250's link configuration
  CHECK(count_core_chains({}, {}, {}) == 0);
  CHECK(count_core_chains(V(mm2s.begin(), mm2s.begin() + 3), core, s2mm) == 0);  // a core without its mover
  CHECK(count_core_chains(mm2s, core, {"trinity_s2mm_1", "trinity_s2mm_2", "trinity_s2mm_3", "trinity_s2mm_5"}) ==
        0);                                                                            // a gap
  CHECK(count_core_chains({"mover_a"}, {"trinity_core_1"}, {"trinity_s2mm_1"}) == 0);  // named by hand
}

TEST_CASE("xrt without a card: the library refuses clearly and quickly", "[xrt][errors]") {
  if (!backend_built("xrt")) {
    WARN("xrt backend not built (no XRT found at configure time)");
    return;
  }
  const testing::TempDir tmp("trinity_xrt");
  const Network net = shard_net();
  BackendOptions o;
  CHECK_THROWS_AS(make_backend("xrt", net, o), UsageError);  // no --xclbin
  o.xclbin = tmp.file("missing.xclbin");
  CHECK_THROWS_AS(make_backend("xrt", net, o), InputError);
  o.xclbin = tmp.file("junk.xclbin");
  std::ofstream(o.xclbin) << "not an xclbin";
  for (const auto& devices :
       {std::vector<std::string>{}, std::vector<std::string>{"0000:3b:00.1"}, std::vector<std::string>{"0", "1"}}) {
    o.devices = devices;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      make_backend("xrt", net, o);
      FAIL("an xrt backend opened on a junk xclbin");
    } catch (const RuntimeFailure& e) {
      INFO(e.what());
      CHECK(std::string(e.what()).find("no Alveo device found") != std::string::npos);
    } catch (const InputError& e) {
      // Only where a card is present: then the junk file is what is wrong.
      WARN("a device opened here; refused the xclbin instead: " << e.what());
    }
    CHECK(seconds_since(t0) < 5);
  }
  o.devices = {"0", "0"};
  CHECK_THROWS_AS(make_backend("xrt", net, o), UsageError);
}

TEST_CASE("xrt without a card: trinity run exits 3 with one clear line", "[xrt][cli][errors]") {
  if (!backend_built("xrt")) {
    WARN("xrt backend not built (no XRT found at configure time)");
    return;
  }
  const testing::TempDir tmp("trinity_xrt");
  const std::string junk = tmp.file("junk.xclbin");
  std::ofstream(junk) << "not an xclbin";
  const std::string run = "run --backend xrt --model " + kModel + " --dataset fashion-mnist --limit 1";

  auto refused = [&](const std::string& args) {
    INFO(args);
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_cli(args);
    INFO(r.output);
    CHECK(seconds_since(t0) < 10);
    CHECK(r.exit_code == 3);
    CHECK(r.output.find("no Alveo device found") != std::string::npos);
    CHECK(testing::line_count(r.output) == 1);
  };
  // As the machine is: here XRT is not set up (XILINX_XRT unset).
  refused(run + " --xclbin " + junk);
  refused(run + " --xclbin " + junk + " --device 0000:3b:00.1");
  refused(run + " --xclbin " + junk + " --device 0 --device 1");
  refused(run + " --xclbin " + junk + " --cores 2");  // cores are counted from the xclbin, after the card

  // As on a host with XRT set up but no card or driver: XRT loads its real
  // PCIe shim from $XILINX_XRT/lib and finds nothing.
  const std::string root = fake_xrt_root(tmp.path / "xrt");
  if (!root.empty()) {
    const ScopedEnv env("XILINX_XRT", root);
    refused(run + " --xclbin " + junk);
    refused(run + " --xclbin " + junk + " --device 0000:3b:00.1");
  } else {
    WARN("Debian's XRT shims are missing: the set-up-XRT-without-card case is not exercised");
  }

  // Usage and input errors come before the device: a missing --xclbin is a
  // usage error (exit 1), a missing xclbin file bad input (exit 2).
  const auto no_xclbin = run_cli(run);
  CHECK(no_xclbin.exit_code == 1);
  CHECK(no_xclbin.output.find("--xclbin") != std::string::npos);
  CHECK(run_cli(run + " --xclbin " + tmp.file("missing.xclbin")).exit_code == 2);
}

TEST_CASE("xrt: an xclbin without the trinity kernels is refused by name", "[xrt][cli][errors]") {
  if (!backend_built("xrt")) {
    WARN("xrt backend not built (no XRT found at configure time)");
    return;
  }
  const testing::TempDir tmp("trinity_xrt");
  const std::string root = fake_xrt_root(tmp.path / "xrt");
  if (root.empty()) {
    WARN("Debian's XRT shims are missing: not exercised");
    return;
  }
  // XRT's hw_emu shim opens an emulated device without any Vitis install, so
  // the xclbin checks that follow opening a device run here; loading the
  // xclbin is never reached.
  const ScopedEnv xrt("XILINX_XRT", root);
  const ScopedEnv emu("XCL_EMULATION_MODE", "hw_emu");
  // XRT's emulation shim never frees its memory manager; LeakSanitizer (the
  // sanitizer build) must not blame the CLI for it, and only for it.
  const std::string suppressions = tmp.file("lsan.supp");
  std::ofstream(suppressions) << "leak:libxrt_hwemu\n";
  const ScopedEnv lsan("LSAN_OPTIONS", "suppressions=" + suppressions);
  const std::string run = "run --backend xrt --model " + kModel + " --dataset fashion-mnist --limit 1 --xclbin ";
  const std::string empty = tmp.file("empty.xclbin");
  write_empty_xclbin(empty);
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = run_cli(run + empty);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("kernel trinity_mm2s missing from " + empty + "; built with make xclbin?") != std::string::npos);
  const std::string junk = tmp.file("junk.xclbin");
  std::ofstream(junk) << "not an xclbin";
  const auto j = run_cli(run + junk);
  INFO(j.output);
  CHECK(j.exit_code == 2);
  CHECK(j.output.find("is not an xclbin") != std::string::npos);
  CHECK(seconds_since(t0) < 20);
}
