// SPDX-License-Identifier: Apache-2.0
// `trinity estimate` as a user meets it: a good run prints cycles, latency,
// throughput and resources; a known tiny case gives the hand-counted cycles;
// bad use is exit 1 and bad input exit 2, each with one line.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "capacity.hpp"
#include "cli_runner.hpp"
#include "model_file.hpp"
#include "npy_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

std::string write_estimate_model(const testing::TempDir& tmp) {
  std::mt19937 rng(41);
  const Network net = testing::two_layer_net(rng, 4, 784, 40, 10, UnitKind::kTriGauss, UnitKind::kTriRelu);
  const std::string path = tmp.file("est.trn");
  save_model(path, net, "");
  return path;
}

// A synthesis table of made-up numbers, so the checks below hold whatever
// data/synth/resources.csv says: LANES 8, 32, 128 at ENGINES 1, LANES 8 and
// 32 at ENGINES 4.
std::string write_resource_table(const testing::TempDir& tmp) {
  const std::string path = tmp.file("resources.csv");
  std::ofstream(path) << "# made up\n"
                         "lanes,engines,lut,lut_sites,ff,dsp,bram36,lutram_cells,uram\n"
                         "8,1,10000,12000,5000,20,150,100,0\n"
                         "32,1,30000,36000,10000,70,270,700,0\n"
                         "128,1,100000,120000,30000,260,770,1300,0\n"
                         "8,4,20000,24000,9000,22,160,200,16\n"
                         "32,4,43200,64800,86400,307.2,67.2,900,32\n";
  return path;
}

// The number after `key` in the line starting with `line_start`.
double number_after(const std::string& output, const std::string& line_start, const std::string& key) {
  const size_t line = output.find("\n" + line_start);
  REQUIRE(line != std::string::npos);
  const size_t at = output.find(key, line);
  REQUIRE(at != std::string::npos);
  return std::strtod(output.c_str() + at + key.size(), nullptr);
}

}  // namespace

TEST_CASE("estimate on Fashion-MNIST prints cycles, latency, throughput and resources", "[cli][estimate]") {
  const testing::TempDir tmp("trinity_cli_estimate");
  const std::string model = write_estimate_model(tmp);
  const std::string resources = " --resources " + write_resource_table(tmp);
  const auto r = run_cli("estimate --model " + model +
                         " --lanes 32 --engines 1 --clock-mhz 250 --dataset fashion-mnist --limit 30" + resources);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  const double mean = number_after(r.output, "cycles", "mean ");
  const double p50 = number_after(r.output, "cycles", "p50 ");
  const double p99 = number_after(r.output, "cycles", "p99 ");
  CHECK(mean > 0);
  CHECK(p50 <= p99);
  CHECK(number_after(r.output, "latency", "mean ") == Approx(mean / 250).epsilon(1e-3));
  // Throughput is the streamed period's: the next FRAME's words arrive while
  // a frame computes, so a period is shorter than a frame alone.
  const double streamed = number_after(r.output, "streamed", "mean ");
  CHECK(streamed < mean);
  CHECK(number_after(r.output, "throughput", "throughput ") == Approx(250e6 / streamed).epsilon(1e-3));
  CHECK(r.output.find("resources  LANES 32, ENGINES 1: LUT 30000 (LUT sites 36000)") !=
        std::string::npos);  // the synthesised row
  CHECK(r.output.find("30 images") != std::string::npos);

  // Twice the lanes: fewer cycles for the same frames.
  const auto wide = run_cli("estimate --model " + model + " --lanes 128 --engines 1 --dataset fashion-mnist --limit 30");
  REQUIRE(wide.exit_code == 0);
  CHECK(number_after(wide.output, "cycles", "mean ") < mean);

  // Between synthesised rows: interpolated, and said so; outside: no numbers.
  const auto mid = run_cli("estimate --model " + model + " --lanes 64 --engines 1 --dataset fashion-mnist --limit 2" + resources);
  REQUIRE(mid.exit_code == 0);
  CHECK(mid.output.find("interpolated") != std::string::npos);
  const auto small = run_cli("estimate --model " + model + " --lanes 4 --engines 1 --dataset fashion-mnist --limit 2" + resources);
  REQUIRE(small.exit_code == 0);
  CHECK(small.output.find("outside the synthesised range") != std::string::npos);
}

TEST_CASE("estimate with ENGINES shares the event rows and says so", "[cli][estimate][engines]") {
  const testing::TempDir tmp("trinity_cli_estimate");
  const std::string model = write_estimate_model(tmp);
  const std::string run = "estimate --model " + model + " --lanes 8 --dataset fashion-mnist --limit 10";
  const std::string resources = " --resources " + write_resource_table(tmp);
  const auto one = run_cli(run + " --engines 1" + resources);
  const auto four = run_cli(run + " --engines 4" + resources);
  INFO(one.output << four.output);
  REQUIRE(one.exit_code == 0);
  REQUIRE(four.exit_code == 0);
  CHECK(one.output.find("LANES 8, ENGINES 1, trace off") != std::string::npos);
  CHECK(four.output.find("LANES 8, ENGINES 4, trace off") != std::string::npos);
  // 784 inputs over 4 engines: each issues about a quarter of the rows.
  CHECK(number_after(four.output, "cycles", "mean ") < 0.5 * number_after(one.output, "cycles", "mean "));
  CHECK(number_after(four.output, "           mean by phase", "event lower bound ") <
        number_after(one.output, "           mean by phase", "event lower bound "));
  // One engine has the whole layer: its slice bound is the even one. Four
  // wait for the slowest of their slices: at or above the even share.
  CHECK(number_after(one.output, "           mean by phase", "fixed-slice bound ") ==
        number_after(one.output, "           mean by phase", "event lower bound "));
  CHECK(number_after(four.output, "           mean by phase", "fixed-slice bound ") >=
        number_after(four.output, "           mean by phase", "event lower bound "));
  CHECK(number_after(four.output, "           mean by phase", "fixed-slice bound ") <
        number_after(four.output, "cycles", "mean "));
  // Each ENGINES has its own rows.
  CHECK(one.output.find("resources  LANES 8, ENGINES 1: LUT 10000 (LUT sites 12000)") != std::string::npos);
  CHECK(four.output.find("resources  LANES 8, ENGINES 4: LUT 20000 (LUT sites 24000)") != std::string::npos);
  // Shares of one U250 SLR (432,000 LUTs, 864,000 FFs, 3,072 DSPs, 672 BRAM36, 320 URAM), LUTs counted as sites.
  const auto slr =
      run_cli("estimate --model " + model + " --lanes 32 --engines 4 --dataset fashion-mnist --limit 2" + resources);
  REQUIRE(slr.exit_code == 0);
  CHECK(slr.output.find("of one U250 SLR: LUT sites 15 %, FF 10 %, DSP 10 %, BRAM36 10 %, URAM 10 %") !=
        std::string::npos);
  // LANES 128 is synthesised at ENGINES 1 only: ENGINES 4 does not borrow it.
  const auto wide4 =
      run_cli("estimate --model " + model + " --lanes 64 --engines 4 --dataset fashion-mnist --limit 2" + resources);
  REQUIRE(wide4.exit_code == 0);
  CHECK(wide4.output.find("resources  LANES 64, ENGINES 4: not synthesised") != std::string::npos);
  CHECK(wide4.output.find("make synth RTL_SYNTH_LANES=64x4") != std::string::npos);
  // The shipped table answers for an ENGINES > 1 row it holds.
  const auto shipped =
      run_cli("estimate --model " + model + " --lanes 32 --engines 16 --dataset fashion-mnist --limit 2");
  REQUIRE(shipped.exit_code == 0);
  CHECK(shipped.output.find("resources  LANES 32, ENGINES 16: LUT ") != std::string::npos);
  CHECK(shipped.output.find("of one U250 SLR: LUT sites ") != std::string::npos);
  // The IMAGE period says which CODERS it is for: by default the hardware
  // build's (contract/capacity.mk HW_RTL_CODERS).
  CHECK(four.output.find("as IMAGE packets (rate-coded on the core, CODERS " +
                         std::to_string(capacity::kHwRtlCoders) + ")") != std::string::npos);
  const auto coders = run_cli(run + " --engines 4 --coders 8" + resources);
  REQUIRE(coders.exit_code == 0);
  CHECK(coders.output.find("as IMAGE packets (rate-coded on the core, CODERS 8)") != std::string::npos);
  CHECK(coders.output.find("as IMAGE packets (received, rate-coded with CODERS 8, computed): mean ") !=
        std::string::npos);
  // Without --lanes, --engines and --coders: the core the bitstream carries
  // (contract/capacity.mk HW_RTL_LANES x HW_RTL_ENGINES, HW_RTL_CODERS).
  const auto hw = run_cli("estimate --model " + model + " --dataset fashion-mnist --limit 2");
  REQUIRE(hw.exit_code == 0);
  CHECK(hw.output.find("LANES " + std::to_string(capacity::kHwRtlLanes) + ", ENGINES " +
                       std::to_string(capacity::kHwRtlEngines) + ", trace off") != std::string::npos);
  CHECK(hw.output.find("CODERS " + std::to_string(capacity::kHwRtlCoders) + ")") != std::string::npos);
  // A CLI11 validation error is one line on stderr, exit 1.
  const auto bad = run_cli(run + " --engines 6");
  CHECK(bad.exit_code == 1);
  CHECK(bad.output.find("ENGINES must be a power of two 1 ... 64, got 6") != std::string::npos);
}

TEST_CASE("estimate of a hand-countable case", "[cli][estimate]") {
  // 40 inputs (2 words) -> 3 neurons, T = 1, LANES 4 (1 row), no input
  // spikes: reception 2+2+5 (the registered verdict), load 2+2, accumulate
  // 1+2+1 (layer start, which loads word 0; word 1 at 1, the engine done
  // at 2; the cycle the sequencer sees it done), update 1+2+1+10+1+1 (the
  // update machine's UpdIdle beside the walker's first StPassWait cycle,
  // its 2-cycle UpdSettle, the row, the 10-stage lane pipeline's drain, the
  // cycle that sees it empty, StPassWait's cycle that sees the machine
  // idle), argmax 1+2+2 (the tree's log2(4) levels), RESULT 3+2 words = 43
  // cycles (docs/perf-model.md).
  // Streamed: the next FRAME's 4 words and its verdict (ready 5 cycles after
  // the TLAST) fit in the 34 cycles from StFrameLoad to StResult; after the
  // RESULT, StReceive and StVerdict take a cycle each. Its verdict is ready
  // at cycle 4 + 4 = 8 of that window, inside the frame's last (only)
  // timestep, so its 2 words are preloaded (cycles 9 and 10, done from 11)
  // and its StFrameLoad takes 1 cycle instead of 4: 2 + 31 = 33 a frame.
  const testing::TempDir tmp("trinity_cli_estimate");
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 1;
  net.layers.push_back(testing::random_layer(rng, 40, 3, UnitKind::kBi, false));
  save_model(tmp.file("tiny.trn"), net, "");
  save_npy_spikes(tmp.file("zeros.npy"), 5, 1, 40, std::vector<uint8_t>(5 * 40, 0));
  const auto r = run_cli("estimate --model " + tmp.file("tiny.trn") + " --lanes 4 --engines 1 --clock-mhz 100 --input " +
                         tmp.file("zeros.npy"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("mean 43.0, p50 43, p99 43") != std::string::npos);
  CHECK(r.output.find("streamed   per frame: mean 33.0, p50 33, p99 33") != std::string::npos);
  CHECK(r.output.find("mean 0.43 us") != std::string::npos);
}

TEST_CASE("estimate: wrong use exits 1, bad input exits 2 with one line", "[cli][estimate][errors]") {
  const testing::TempDir tmp("trinity_cli_estimate");
  const std::string model = write_estimate_model(tmp);
  const std::string ds = " --dataset fashion-mnist --limit 2";
  for (const std::string& usage : {
           std::string("estimate") + ds,                                  // no --model
           "estimate --model " + model + " --lanes 0" + ds,               // LANES 0
           "estimate --model " + model + " --lanes 48" + ds,              // not a power of two
           "estimate --model " + model + " --lanes 2" + ds,               // below the RTL's minimum
           "estimate --model " + model + " --lanes abc" + ds,             // not a number
           "estimate --model " + model + " --engines 0" + ds,             // no engine
           "estimate --model " + model + " --engines 3" + ds,             // not a power of two
           "estimate --model " + model + " --engines 128" + ds,           // above the RTL's maximum
           "estimate --model " + model + " --engines 2x" + ds,            // not a number
           "estimate --model " + model + " --coders 0" + ds,              // no generator
           "estimate --model " + model + " --coders 12" + ds,             // not a power of two
           "estimate --model " + model + " --coders 64" + ds,             // above the RTL's maximum
           "estimate --model " + model + " --clock-mhz 0" + ds,           // no clock
           "estimate --model " + model + " --clock-mhz -5" + ds,          // negative clock
           "estimate --model " + model + ds + " --input x.npy",           // two inputs
           "estimate --model " + model + " --dataset cifar10 --limit 2",  // unknown data set
           "estimate --model " + model,                                   // neither --dataset nor --input
       }) {
    INFO(usage);
    CHECK(run_cli(usage).exit_code == 1);
  }
  std::ofstream(tmp.file("junk.trn")) << "not a model";
  std::ofstream(tmp.file("bad.csv")) << "lanes,lut\n8,1\n";
  save_npy_spikes(tmp.file("shape.npy"), 2, 3, 5, std::vector<uint8_t>(2 * 3 * 5, 0));
  for (const std::string& bad : {
           "estimate --model " + tmp.file("missing.trn") + ds,
           "estimate --model " + tmp.file("junk.trn") + ds,
           "estimate --model " + model + " --input " + tmp.file("shape.npy"),
           "estimate --model " + model + " --input " + tmp.file("missing.npy"),
           "estimate --model " + model + ds + " --data-dir " + tmp.path.string(),
           "estimate --model " + model + ds + " --resources " + tmp.file("bad.csv"),
       }) {
    INFO(bad);
    const auto r = run_cli(bad);
    CHECK(r.exit_code == 2);
    CHECK(testing::line_count(r.output) == 1);
    CHECK(r.output.rfind("trinity: error: ", 0) == 0);
  }
  CHECK(run_cli("estimate --help").exit_code == 0);
}

TEST_CASE("estimate projects per card from NUM_CORES, at a clock from the depth report", "[cli][estimate][cores]") {
  const testing::TempDir tmp("trinity_cli_estimate");
  const std::string model = write_estimate_model(tmp);
  // A depth report whose worst path is 8 ns: 125 MHz.
  std::ofstream(tmp.file("depth.json")) << R"({"worst_ns": 8.0, "deepest_lut_levels": 12, "endpoints": 10})";
  const auto r = run_cli("estimate --model " + model +
                         " --lanes 32 --dataset fashion-mnist --limit 10 --depth-report " + tmp.file("depth.json"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("clock 125.0 MHz") != std::string::npos);
  const double mean = number_after(r.output, "streamed", "mean ");  // throughput is the streamed period's
  const double core = number_after(r.output, "throughput", "throughput ");
  CHECK(core == Approx(125e6 / mean).epsilon(1e-3));
  CHECK(number_after(r.output, "per card", "u250 4 cores ") == Approx(4 * core).epsilon(1e-3));
  CHECK(number_after(r.output, "per card", "u280 3 cores ") == Approx(3 * core).epsilon(1e-3));
  CHECK(number_after(r.output, "per card", "u55c 3 cores ") == Approx(3 * core).epsilon(1e-3));

  // The clock comes from one place: both is usage; a bad report is bad input.
  CHECK(run_cli("estimate --model " + model + " --dataset fashion-mnist --limit 2 --clock-mhz 100 --depth-report " +
                tmp.file("depth.json"))
            .exit_code == 1);
  std::ofstream(tmp.file("nodepth.json")) << R"({"endpoints": 10})";
  for (const std::string& bad : {tmp.file("missing.json"), tmp.file("nodepth.json"), tmp.path.string()}) {
    const auto b = run_cli("estimate --model " + model + " --dataset fashion-mnist --limit 2 --depth-report " + bad);
    INFO(b.output);
    CHECK(b.exit_code == 2);
    CHECK(testing::line_count(b.output) == 1);
  }
}
