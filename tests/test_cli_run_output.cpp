// SPDX-License-Identifier: Apache-2.0
// `trinity run` output: chunked runs give the same results as one chunk, the
// speed statistics are printed, and --format json is one parseable object.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "backend.hpp"
#include "cli_runner.hpp"
#include "model_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

std::string write_model(const std::filesystem::path& dir) {
  std::mt19937 rng(42);
  const Network net = testing::two_layer_net(rng, 3, 784, 16, 10, UnitKind::kTriGauss, UnitKind::kBi);
  const auto path = (dir / "m.trn").string();
  save_model(path, net, "");
  return path;
}

std::string read_all(const std::string& path) {
  std::ifstream f(path);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

}  // namespace

TEST_CASE("run in chunks gives the results of one chunk, on every built-in backend", "[cli][run]") {
  const testing::TempDir tmp("trinity_run_out");
  const std::string model = write_model(tmp.path);
  const std::string base = "run -q --model " + model + " --dataset fashion-mnist --limit 50 ";
  REQUIRE(run_cli(base + "--chunk 50 --out " + tmp.file("one.csv")).exit_code == 0);
  const std::string one = read_all(tmp.file("one.csv"));
  for (const std::string b : {"golden", "golden-wire"}) {
    INFO(b);
    const auto r = run_cli(base + "--backend " + b + " --batch 4 --chunk 7 --out " + tmp.file("c.csv"));
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("chunks     8 (of 7 frames)") != std::string::npos);
    CHECK(r.output.find("per frame  p50") != std::string::npos);
    CHECK(read_all(tmp.file("c.csv")) == one);
  }
  const auto wire = run_cli(base + "--backend golden-wire");
  CHECK(wire.output.find("words in") != std::string::npos);
}

TEST_CASE("run reports what the backend says of itself: label, wire words, batch, clock", "[cli][run][facts]") {
  const testing::TempDir tmp("trinity_run_out");
  const std::string model = write_model(tmp.path);
  const std::string base = "run -q --no-progress --model " + model + " --dataset fashion-mnist ";
  const auto golden = run_cli(base + "--limit 5 --threads 2");
  CHECK(golden.output.find("backend    golden (2 threads)\n") != std::string::npos);
  CHECK(golden.output.find("wire ") == std::string::npos);

  // 784 pixels: a 1 + 4 + 196-word IMAGE packet (protocol v2, coded by the
  // device); 10 outputs: a 1 + 7-word RESULT.
  const auto wire = run_cli(base + "--limit 5 --backend golden-wire --format json");
  REQUIRE(wire.exit_code == 0);
  const auto j = nlohmann::json::parse(wire.output);
  CHECK(j["backend"] == "golden-wire");
  CHECK(j["wire"]["words_in_per_frame"] == 201);
  CHECK(j["wire"]["words_out_per_frame"] == 8);
  // --spike-packets: host-coded spikes, 784 inputs x T = 3: a 2 + 3 x 25-word
  // FRAME packet (at T = 3 smaller than the image), and the same results.
  const auto spikes = run_cli(base + "--limit 5 --backend golden-wire --format json --spike-packets");
  REQUIRE(spikes.exit_code == 0);
  const auto js = nlohmann::json::parse(spikes.output);
  CHECK(js["wire"]["words_in_per_frame"] == 77);
  CHECK(js["input"] == "fashion-mnist test (5 images, rate-coded, seed 0)");
  CHECK(j["input"] == "fashion-mnist test (5 images, rate-coded on the device, seed 0)");
  for (const char* name : {"images.csv", "spikes.csv"})
    REQUIRE(run_cli(base + "--limit 40 --backend golden-wire --out " + tmp.file(name) +
                    (name[0] == 's' ? " --spike-packets" : ""))
                .exit_code == 0);
  const std::string by_image = read_all(tmp.file("images.csv"));
  CHECK(by_image.size() > 40 * 4);
  CHECK(by_image == read_all(tmp.file("spikes.csv")));

  // Adaptive chunks are whole batches of the backend's own (256 for golden-wire).
  const auto chunks = run_cli(base + "--limit 300 --backend golden-wire");
  CHECK(chunks.output.find("chunks     2 (adaptive") != std::string::npos);

  if (backend_built("verilator")) {
    const auto rtl = run_cli(base + "--limit 3 --backend verilator");
    CHECK(rtl.output.find("frames/s at 300 MHz") != std::string::npos);
    const auto slow = run_cli(base + "--limit 3 --backend verilator --clock-mhz 150");
    CHECK(slow.output.find("frames/s at 150 MHz") != std::string::npos);
  }
}

TEST_CASE("run --format json prints one object with accuracy, confusion and speed", "[cli][run]") {
  const testing::TempDir tmp("trinity_run_out");
  const std::string model = write_model(tmp.path);
  const auto r = run_cli("run --model " + model + " --dataset fashion-mnist --limit 30 --format json --no-progress");
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.output);
  CHECK(j["frames"] == 30);
  CHECK(j["frames_per_s"].get<double>() > 0);
  CHECK(j["per_frame_us"]["p99"].get<double>() >= j["per_frame_us"]["p50"].get<double>());
  CHECK(j["confusion"].size() == 10);
  uint32_t total = 0;
  for (const auto& row : j["confusion"])
    for (const auto& v : row) total += v.get<uint32_t>();
  CHECK(total == 30);
  CHECK(j["correct"].get<size_t>() == static_cast<size_t>(j["accuracy"].get<double>() * 30 + 0.5));
  CHECK(run_cli("run --model " + model + " --dataset fashion-mnist --format xml").exit_code == 1);
}
