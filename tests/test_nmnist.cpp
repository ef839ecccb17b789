// SPDX-License-Identifier: Apache-2.0
// N-MNIST event files: the 40-bit event layout, binning into T frames (equal
// bins and fixed windows), labels from the folder layout, and every malformed
// file rejected through the real CLI with exit 2 and the byte offset.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "cli_runner.hpp"
#include "errors.hpp"
#include "model_file.hpp"
#include "nmnist_file.hpp"
#include "npy_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;
namespace fs = std::filesystem;
using testing::run_cli;

namespace {

using Bytes = std::vector<uint8_t>;

void write_file(const fs::path& path, const Bytes& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::string read_all(const fs::path& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), {});
}

// A random 2312-input network, T = 5, ten classes.
std::string write_nmnist_model(const fs::path& dir) {
  std::mt19937 rng(2312);
  Network net;
  net.timesteps = 5;
  net.layers.push_back(testing::random_layer(rng, kNmnistInputs, 24, UnitKind::kTriGauss, false));
  net.layers.push_back(testing::random_layer(rng, 24, 10, UnitKind::kBi, false));
  const auto path = (dir / "nmnist.trn").string();
  save_model(path, net, R"({"model":"test-nmnist"})");
  return path;
}

// A plausible recording: `n` events over about 300 ms, time-ordered.
std::vector<NmnistEvent> random_recording(std::mt19937& rng, size_t n) {
  std::vector<NmnistEvent> ev(n);
  uint32_t t = 0;
  for (auto& e : ev) {
    t += rng() % 150;
    e.x = static_cast<uint8_t>(rng() % kNmnistSide);
    e.y = static_cast<uint8_t>(rng() % kNmnistSide);
    e.polarity = static_cast<uint8_t>(rng() % 2);
    e.t_us = t;
  }
  return ev;
}

}  // namespace

TEST_CASE("N-MNIST events are 40 bits: x, y, polarity bit, 23-bit big-endian microseconds", "[nmnist]") {
  const std::vector<NmnistEvent> ev = {{5, 7, 1, 0x123456}, {33, 0, 0, 0x7FFFFF}};
  const Bytes b = serialize_nmnist(ev);
  CHECK(b == Bytes{5, 7, 0x92, 0x34, 0x56, 33, 0, 0x7F, 0xFF, 0xFF});
  const auto back = parse_nmnist(b, "mem");
  REQUIRE(back.size() == 2);
  CHECK(back[0].x == 5);
  CHECK(back[0].y == 7);
  CHECK(back[0].polarity == 1);
  CHECK(back[0].t_us == 0x123456);
  CHECK(back[1].polarity == 0);
  CHECK(back[1].t_us == 0x7FFFFF);
  CHECK(nmnist_input(0, 0, 0) == 0);
  CHECK(nmnist_input(1, 0, 0) == 1);
  CHECK(nmnist_input(0, 1, 0) == 34);
  CHECK(nmnist_input(33, 33, 1) == kNmnistInputs - 1);
}

TEST_CASE("y = 240 is a timestamp-overflow marker adding 2^13 us to later events", "[nmnist]") {
  Bytes b = serialize_nmnist({{1, 1, 0, 100}});
  const Bytes marker = {0, kNmnistOverflowY, 0, 0, 0};
  b.insert(b.end(), marker.begin(), marker.end());
  const Bytes second = serialize_nmnist({{2, 2, 1, 50}});
  b.insert(b.end(), second.begin(), second.end());
  const auto ev = parse_nmnist(b, "mem");
  REQUIRE(ev.size() == 2);
  CHECK(ev[1].t_us == 50 + kNmnistOverflowUs);
}

TEST_CASE("equal bins span 0 to the last timestamp exactly", "[nmnist]") {
  // T = 4 over t_last = 999: bins [0,250) [250,500) [500,750) [750,1000).
  const std::vector<NmnistEvent> ev = {{0, 0, 0, 0},   {1, 0, 0, 249}, {2, 0, 1, 250}, {3, 5, 0, 499},
                                       {4, 6, 1, 500}, {5, 7, 0, 749}, {6, 8, 1, 750}, {7, 9, 0, 999}};
  const SpikeFrame f = bin_nmnist(ev, 4, 0);
  REQUIRE(f.timesteps == 4);
  REQUIRE(f.width == kNmnistInputs);
  const uint32_t want_bin[] = {0, 0, 1, 1, 2, 2, 3, 3};
  size_t ones = 0;
  for (uint8_t v : f.bits) ones += v;
  CHECK(ones == ev.size());
  for (size_t k = 0; k < ev.size(); ++k) {
    INFO("event " << k);
    CHECK(f.at(want_bin[k], nmnist_input(ev[k].x, ev[k].y, ev[k].polarity)) == 1);
  }
  // Several events of one pixel in one bin are still one spike.
  const SpikeFrame g = bin_nmnist({{3, 3, 1, 0}, {3, 3, 1, 1}, {3, 3, 1, 2}, {3, 3, 0, 9}}, 2, 0);
  CHECK(g.at(0, nmnist_input(3, 3, 1)) == 1);
  CHECK(g.at(1, nmnist_input(3, 3, 1)) == 0);
  CHECK(g.at(1, nmnist_input(3, 3, 0)) == 1);
  size_t g_ones = 0;
  for (uint8_t v : g.bits) g_ones += v;
  CHECK(g_ones == 2);
}

TEST_CASE("fixed bins cover T * bin_us and drop what comes later", "[nmnist]") {
  const std::vector<NmnistEvent> ev = {{0, 0, 0, 0},   {1, 1, 1, 99},  {2, 2, 0, 100},
                                       {3, 3, 1, 399}, {4, 4, 0, 400}, {5, 5, 1, 90000}};
  size_t dropped = 0;
  const SpikeFrame f = bin_nmnist(ev, 4, 100, &dropped);
  CHECK(dropped == 2);
  CHECK(f.at(0, nmnist_input(0, 0, 0)) == 1);
  CHECK(f.at(0, nmnist_input(1, 1, 1)) == 1);
  CHECK(f.at(1, nmnist_input(2, 2, 0)) == 1);
  CHECK(f.at(3, nmnist_input(3, 3, 1)) == 1);
  size_t ones = 0;
  for (uint8_t v : f.bits) ones += v;
  CHECK(ones == 4);
}

TEST_CASE("a .bin file through trinity run matches the same frame as a .npy tensor", "[nmnist][cli]") {
  const testing::TempDir tmp("trinity_nmnist");
  const std::string model = write_nmnist_model(tmp.path);
  std::mt19937 rng(7);
  const auto ev = random_recording(rng, 4000);
  write_file(tmp.path / "one.bin", serialize_nmnist(ev));
  for (uint32_t bin_us : {0u, 20000u}) {
    INFO("bin_us " << bin_us);
    const SpikeFrame f = bin_nmnist(ev, 5, bin_us);
    save_npy_spikes(tmp.file("one.npy"), 1, 5, kNmnistInputs, f.bits);
    const std::string opt = " --bin-us " + std::to_string(bin_us);
    const auto a =
        run_cli("run -q --model " + model + " --input " + tmp.file("one.bin") + opt + " --out " + tmp.file("a.csv"));
    REQUIRE(a.exit_code == 0);
    CHECK(a.output.find("N-MNIST recording") != std::string::npos);
    const auto b =
        run_cli("run -q --model " + model + " --input " + tmp.file("one.npy") + " --out " + tmp.file("b.csv"));
    REQUIRE(b.exit_code == 0);
    CHECK(read_all(tmp.file("a.csv")) == read_all(tmp.file("b.csv")));
  }
}

TEST_CASE("an N-MNIST folder gives labels from its digit folders, ordered by file name", "[nmnist][cli]") {
  const testing::TempDir tmp("trinity_nmnist");
  const std::string model = write_nmnist_model(tmp.path);
  std::mt19937 rng(11);
  // Test/<digit>/<name>.bin as the dataset unpacks; Train/ must be ignored.
  const std::vector<std::pair<std::string, int>> files = {
      {"00003.bin", 2}, {"00001.bin", 7}, {"00002.bin", 0}, {"00004.bin", 7}, {"00000.bin", 9}};
  std::vector<SpikeFrame> frames(files.size());
  std::vector<std::pair<std::string, int>> order = files;
  std::sort(order.begin(), order.end());
  for (const auto& [name, digit] : files) {
    const auto ev = random_recording(rng, 500 + rng() % 3000);
    write_file(tmp.path / "Test" / std::to_string(digit) / name, serialize_nmnist(ev));
    const size_t k = std::find(order.begin(), order.end(), std::make_pair(name, digit)) - order.begin();
    frames[k] = bin_nmnist(ev, 5, 0);
  }
  write_file(tmp.path / "Test" / "7" / "README.txt", {'h', 'i'});  // not a recording
  write_file(tmp.path / "Train" / "1" / "00000.bin", serialize_nmnist(random_recording(rng, 100)));
  std::vector<uint8_t> bits;
  for (const auto& f : frames) bits.insert(bits.end(), f.bits.begin(), f.bits.end());
  save_npy_spikes(tmp.file("all.npy"), static_cast<uint32_t>(frames.size()), 5, kNmnistInputs, bits);

  const auto r = run_cli("run --model " + model + " --input " + tmp.path.string() + " --out " + tmp.file("r.csv"));
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("accuracy") != std::string::npos);
  CHECK(r.output.find("confusion") != std::string::npos);
  CHECK(r.output.find("5 of 5 recordings") != std::string::npos);
  std::istringstream csv(read_all(tmp.file("r.csv")));
  std::string line;
  std::getline(csv, line);
  for (size_t k = 0; k < order.size(); ++k) {
    REQUIRE(std::getline(csv, line));
    INFO(line);
    CHECK(line.rfind(std::to_string(k) + "," + std::to_string(order[k].second) + ",", 0) == 0);
  }
  // Same predictions and counts as the library's binning of the same files.
  const auto n = run_cli("run -q --model " + model + " --input " + tmp.file("all.npy") + " --out " + tmp.file("n.csv"));
  REQUIRE(n.exit_code == 0);
  std::istringstream a(read_all(tmp.file("r.csv"))), b(read_all(tmp.file("n.csv")));
  std::string la, lb;
  std::getline(a, la);
  std::getline(b, lb);
  while (std::getline(a, la) && std::getline(b, lb)) {
    // Drop the label column, which only the folder run has.
    const auto strip = [](const std::string& s) {
      const size_t c1 = s.find(','), c2 = s.find(',', c1 + 1);
      return s.substr(0, c1) + s.substr(c2);
    };
    CHECK(strip(la) == strip(lb));
  }

  // The digit folders given directly, --split train, and --limit.
  const auto d = run_cli("run -q --model " + model + " --input " + (tmp.path / "Test").string() + " --limit 2");
  REQUIRE(d.exit_code == 0);
  CHECK(d.output.find("2 of 5 recordings") != std::string::npos);
  const auto t = run_cli("run -q --model " + model + " --input " + tmp.path.string() + " --split train");
  REQUIRE(t.exit_code == 0);
  CHECK(t.output.find("1 of 1 recordings") != std::string::npos);
}

TEST_CASE("malformed N-MNIST input is one line, exit 2, with the byte offset", "[nmnist][cli][errors]") {
  const testing::TempDir tmp("trinity_nmnist");
  const std::string model = write_nmnist_model(tmp.path);
  const Bytes good = serialize_nmnist({{1, 2, 0, 10}, {3, 4, 1, 20}, {5, 6, 0, 30}});
  auto with = [&](size_t at, uint8_t v) {
    Bytes b = good;
    b[at] = v;
    return b;
  };
  Bytes truncated = good;
  truncated.resize(13);
  Bytes backwards = good;
  backwards[14] = 5;  // third event at 5 us, after 20 us
  const std::vector<std::tuple<std::string, Bytes, std::string>> cases = {
      {"empty.bin", {}, "empty file"},
      {"truncated.bin", truncated, "byte 10: truncated event (3 of 5 bytes)"},
      {"x.bin", with(5, 34), "byte 5: event at x 34"},
      {"y.bin", with(11, 200), "byte 10: event at x 5, y 200"},
      {"time.bin", backwards, "byte 10: timestamp 5 us is earlier"},
      {"markers.bin", {0, kNmnistOverflowY, 0, 0, 0}, "no events"},
  };
  for (const auto& [name, bytes, message] : cases) {
    write_file(tmp.path / name, bytes);
    const auto r = run_cli("run --model " + model + " --input " + tmp.file(name));
    INFO(name << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(testing::line_count(r.output) == 1);
    CHECK(r.output.rfind("trinity: error: ", 0) == 0);
    CHECK(r.output.find(tmp.file(name)) != std::string::npos);
    CHECK(r.output.find(message) != std::string::npos);
  }
  // A bad file inside a folder is named by its own path.
  write_file(tmp.path / "set" / "4" / "00001.bin", good);
  write_file(tmp.path / "set" / "4" / "00002.bin", truncated);
  const auto f = run_cli("run --model " + model + " --input " + (tmp.path / "set").string());
  CHECK(f.exit_code == 2);
  CHECK(f.output.find("00002.bin: byte 10") != std::string::npos);
  // Folders without recordings, a model of the wrong width, a missing file.
  fs::create_directories(tmp.path / "nothing" / "x");
  CHECK(run_cli("run --model " + model + " --input " + (tmp.path / "nothing").string()).exit_code == 2);
  std::mt19937 rng(1);
  Network narrow;
  narrow.timesteps = 5;
  narrow.layers.push_back(testing::random_layer(rng, 784, 10, UnitKind::kBi, false));
  save_model(tmp.file("narrow.trn"), narrow, "");
  write_file(tmp.path / "good.bin", good);
  const auto w = run_cli("run --model " + tmp.file("narrow.trn") + " --input " + tmp.file("good.bin"));
  CHECK(w.exit_code == 2);
  CHECK(w.output.find("2312 inputs") != std::string::npos);
  CHECK(run_cli("run --model " + model + " --input " + tmp.file("missing.bin")).exit_code == 2);
}

TEST_CASE("mutated N-MNIST files never crash trinity run", "[nmnist][cli][fuzz]") {
  const testing::TempDir tmp("trinity_nmnist");
  const std::string model = write_nmnist_model(tmp.path);
  std::mt19937 rng(13);
  const Bytes good = serialize_nmnist(random_recording(rng, 300));
  int rejected = 0;
  for (int round = 0; round < 60; ++round) {
    Bytes b = good;
    switch (rng() % 4) {
      case 0: b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
      case 1: b[rng() % b.size()] = static_cast<uint8_t>(rng()); break;
      case 2: b.resize(rng() % b.size()); break;
      default: b.insert(b.begin() + rng() % b.size(), static_cast<uint8_t>(rng()));
    }
    write_file(tmp.path / "bad.bin", b);
    const auto r = run_cli("run -q --model " + model + " --input " + tmp.file("bad.bin"));
    INFO("round " << round << ": " << r.output);
    REQUIRE((r.exit_code == 0 || r.exit_code == 2));
    if (r.exit_code == 2) {
      ++rejected;
      REQUIRE(testing::line_count(r.output) == 1);
    }
  }
  CHECK(rejected > 10);
}
