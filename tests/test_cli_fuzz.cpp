// SPDX-License-Identifier: Apache-2.0
// Hostile files through the real CLI: every mutation of a good model, spike
// tensor or I-V CSV must end in exit 0 (still valid) or exit 2 with one
// line -- never a crash, a hang or another code.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

#include "cli_runner.hpp"
#include "model_file.hpp"
#include "npy_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

// Flips, overwrites, truncates or duplicates bytes: the damage real files get.
std::string mutate(std::string s, std::mt19937& rng) {
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  switch (pick(5)) {
    case 0: s[pick(s.size())] ^= static_cast<char>(1u << pick(8)); break;
    case 1: s[pick(s.size())] = static_cast<char>(rng()); break;
    case 2: s.resize(pick(s.size())); break;
    case 3: {
      const size_t at = pick(s.size());
      s.insert(at, s.substr(at, pick(64) + 1));
      break;
    }
    default:
      for (int k = 0; k < 8; ++k) s[pick(s.size())] = "0123456789,;.-eE\n\r\t nan"[pick(24)];
  }
  return s;
}

void expect_clean_outcomes(const std::string& good, const std::string& path, const std::string& args, int rounds,
                           uint32_t seed) {
  rounds /= TRINITY_CLI_MUTATION_SHARE;  // fewer in unoptimised (sanitizer) builds, tests/CMakeLists.txt
  std::mt19937 rng(seed);
  int rejected = 0;
  for (int k = 0; k < rounds; ++k) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << mutate(good, rng);
    const auto r = testing::run_cli(args);
    INFO("round " << k << ": " << r.output);
    REQUIRE((r.exit_code == 0 || r.exit_code == 2));
    if (r.exit_code == 2) {
      ++rejected;
      REQUIRE(testing::line_count(r.output) == 1);
    }
  }
  CHECK(rejected > rounds / 4);  // the mutations really do damage
}

}  // namespace

TEST_CASE("mutated model files never crash trinity info", "[cli][fuzz]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  std::mt19937 rng(1);
  const Network net = testing::random_network(rng);
  const auto good = (dir / "good.trn").string();
  save_model(good, net, R"({"k":1})");
  const auto bad = (dir / "bad.trn").string();
  expect_clean_outcomes(read_all(good), bad, "info " + bad, 150, 2);
}

TEST_CASE("mutated spike tensors never crash trinity run", "[cli][fuzz]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 3;
  net.layers.push_back(testing::random_layer(rng, 9, 4, UnitKind::kTriLut, false));
  const auto model = (dir / "m.trn").string();
  save_model(model, net, "");
  std::vector<uint8_t> bits(2 * 3 * 9);
  for (auto& b : bits) b = rng() % 2;
  const auto good = (dir / "good.npy").string();
  save_npy_spikes(good, 2, 3, 9, bits);
  const auto bad = (dir / "bad.npy").string();
  expect_clean_outcomes(read_all(good), bad, "run -q --model " + model + " --input " + bad, 150, 4);
}

TEST_CASE("mutated I-V CSV files never crash trinity calibrate", "[cli][fuzz]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string good = read_all(std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv");
  REQUIRE(good.size() > 100);
  const auto bad = (dir / "bad.csv").string();
  expect_clean_outcomes(good, bad, "calibrate --csv " + bad + " --out-dir " + (dir / "out").string(), 100, 5);
}
