// SPDX-License-Identifier: Apache-2.0
// `trinity run` and `trinity info` as a user meets them: good runs print
// accuracy, and every kind of bad input is one line on stderr with exit 2.
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
using testing::run_cli;

namespace {

// A 784-input network so the Fashion-MNIST path is exercised.
std::string write_fmnist_model(const std::filesystem::path& dir) {
  std::mt19937 rng(99);
  const Network net = testing::two_layer_net(rng, 4, 784, 20, 10, UnitKind::kTriGauss, UnitKind::kTriRelu);
  const auto path = (dir / "fm.trn").string();
  save_model(path, net, R"({"model":"test"})");
  return path;
}

void write_bytes(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

}  // namespace

TEST_CASE("run on Fashion-MNIST prints accuracy and throughput, golden and golden-wire agree", "[cli]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  const auto a =
      run_cli("run --model " + model + " --dataset fashion-mnist --limit 40 --out " + (dir / "a.csv").string());
  REQUIRE(a.exit_code == 0);
  CHECK(a.output.find("accuracy") != std::string::npos);
  CHECK(a.output.find("frames/s") != std::string::npos);
  const auto b = run_cli("run --model " + model + " --backend golden-wire --dataset fashion-mnist --limit 40 --out " +
                         (dir / "b.csv").string());
  REQUIRE(b.exit_code == 0);
  std::ifstream fa(dir / "a.csv"), fb(dir / "b.csv");
  const std::string ca((std::istreambuf_iterator<char>(fa)), {}), cb((std::istreambuf_iterator<char>(fb)), {});
  CHECK(testing::line_count(ca) == 41);
  CHECK(ca == cb);
}

TEST_CASE("run and verify on MNIST read the real digits from the install script's directory", "[cli][mnist]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  const auto r = run_cli("run --model " + model + " --dataset mnist --limit 8 --out " + (dir / "m.csv").string());
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("mnist test (8 images") != std::string::npos);
  std::ifstream f(dir / "m.csv");
  std::string line, labels;
  std::getline(f, line);  // header
  while (std::getline(f, line)) labels += line.substr(line.find(',') + 1, 1);
  // MNIST's first test digits; Fashion-MNIST's first test labels are 9 2 1 1 6 1 4 6
  CHECK(labels == "72104149");
  CHECK(run_cli("verify --model " + model + " --backends golden,golden-wire --dataset mnist --limit 8").exit_code == 0);
  // --data-dir still overrides where a --dataset is read from
  const auto fm = run_cli("run -q --model " + model + " --dataset mnist --limit 1 --data-dir " +
                          std::string(TRINITY_FASHION_MNIST_DIR) + " --out " + (dir / "f.csv").string());
  REQUIRE(fm.exit_code == 0);
  std::ifstream g(dir / "f.csv");
  std::getline(g, line);
  std::getline(g, line);
  CHECK(line.rfind("0,9,", 0) == 0);
}

TEST_CASE("run on a spike tensor writes JSON results", "[cli]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  std::mt19937 rng(3);
  std::vector<uint8_t> bits(3 * 4 * 784);
  for (auto& b : bits) b = rng() % 2;
  save_npy_spikes((dir / "s.npy").string(), 3, 4, 784, bits);
  const auto r =
      run_cli("run --model " + model + " --input " + (dir / "s.npy").string() + " --out " + (dir / "s.json").string());
  REQUIRE(r.exit_code == 0);
  std::ifstream f(dir / "s.json");
  const std::string json((std::istreambuf_iterator<char>(f)), {});
  CHECK(json.find("\"prediction\"") != std::string::npos);
  CHECK(json.find("\"counts\"") != std::string::npos);
}

TEST_CASE("bad inputs get one line and exit 2", "[cli][errors]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  const std::string junk = (dir / "junk.trn").string();
  write_bytes(junk, "this is not a model");
  const std::string empty = (dir / "empty.npy").string();
  write_bytes(empty, "");
  const std::string badnpy = (dir / "bad.npy").string();
  write_bytes(badnpy, std::string("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}  \n", 26));
  std::vector<uint8_t> bits(2 * 3 * 5, 0);
  save_npy_spikes((dir / "shape.npy").string(), 2, 3, 5, bits);

  const std::vector<std::string> cases = {
      "info " + junk,
      "info " + (dir / "missing.trn").string(),
      "run --model " + junk + " --dataset fashion-mnist --limit 1",
      "run --model " + model + " --input " + empty,
      "run --model " + model + " --input " + badnpy,
      "run --model " + model + " --input " + (dir / "shape.npy").string(),
      "run --model " + model + " --dataset fashion-mnist --data-dir " + dir.string(),
  };
  for (const auto& c : cases) {
    INFO(c);
    const auto r = run_cli(c);
    CHECK(r.exit_code == 2);
    CHECK(testing::line_count(r.output) == 1);
    CHECK(r.output.rfind("trinity: error: ", 0) == 0);
  }
}

TEST_CASE("wrong CLI use exits 1, unbuilt backends are refused with exit 3", "[cli][errors]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  CHECK(run_cli("").exit_code == 1);
  CHECK(run_cli("frobnicate").exit_code == 1);
  CHECK(run_cli("run --dataset fashion-mnist").exit_code == 1);
  CHECK(run_cli("run --model " + model + " --backend nonsense --dataset fashion-mnist").exit_code == 1);
  CHECK(run_cli("run --model " + model + " --dataset fashion-mnist --input x.npy").exit_code == 1);
  CHECK(run_cli("run --model " + model).exit_code == 1);  // neither input given: usage
  // No card here: the xrt backend is refused whether or not it is built.
  const auto v =
      run_cli("run --model " + model + " --backend xrt --xclbin " + model + " --dataset fashion-mnist --limit 1");
  CHECK(v.exit_code == 3);
  CHECK(v.output.find("xrt") != std::string::npos);
  CHECK(run_cli("--help").exit_code == 0);
  CHECK(run_cli("run --help").exit_code == 0);
}

TEST_CASE("info describes a model", "[cli]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const auto r = run_cli("info " + write_fmnist_model(dir));
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("tri-G") != std::string::npos);
  CHECK(r.output.find("crc32") != std::string::npos);
}

TEST_CASE("run --daf swaps in a calibrated table, a bad table is exit 2", "[cli][daf]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  const auto out = (dir / "daf").string();
  REQUIRE(run_cli("calibrate --csv " + std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv --out-dir " + out)
              .exit_code == 0);
  const auto r = run_cli("run -q --model " + model + " --dataset fashion-mnist --limit 5 --daf " + out +
                         "/aab_forward_vds1V_gaussian.json");
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("replaces the model's table") != std::string::npos);
  write_bytes((dir / "bad.json").string(), "{\"lut\": {\"lut_bits\": 40}}");
  const auto bad =
      run_cli("run --model " + model + " --dataset fashion-mnist --limit 5 --daf " + (dir / "bad.json").string());
  CHECK(bad.exit_code == 2);
  CHECK(testing::line_count(bad.output) == 1);
  write_bytes((dir / "junk.json").string(), "not json");
  CHECK(run_cli("run --model " + model + " --dataset fashion-mnist --limit 5 --daf " + (dir / "junk.json").string())
            .exit_code == 2);
}

TEST_CASE("calibrate --model writes the table into a model file's LUT layers", "[cli][daf]") {
  const testing::TempDir tmp("trinity_cli");
  const auto& dir = tmp.path;
  const std::string model = write_fmnist_model(dir);
  const std::string out = (dir / "with_table.trn").string();
  const std::string csv = std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv";
  REQUIRE(run_cli("calibrate --csv " + csv + " --shape measured --model " + model + " --model-out " + out).exit_code ==
          0);
  std::string meta;
  const Network net = load_model(out, &meta);
  CHECK(net.layers[0].kind == UnitKind::kTriLut);   // the measured curve is no longer a Gaussian
  CHECK(net.layers[1].kind == UnitKind::kTriRelu);  // layers without a table are untouched
  CHECK(meta.find("\"daf\"") != std::string::npos);
  CHECK(run_cli("calibrate --csv " + csv + " --model-out " + out).exit_code == 1);  // usage
}
