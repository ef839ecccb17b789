// SPDX-License-Identifier: Apache-2.0
// `trinity membranes`: the .npy it writes holds, frame by frame, the golden
// reference's own membrane sums (FrameTrace::v_n_sum) of the chosen layer,
// and bad use gets the documented exit code with one line.
#include <catch2/catch.hpp>
#include <fstream>
#include <random>

#include "cli_runner.hpp"
#include "golden_model.hpp"
#include "model_file.hpp"
#include "npy_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using testing::run_cli;

namespace {

// The int32 payload of a .npy written by save_npy_int32 (its header is
// numpy's: the data starts at the 64-byte boundary after it).
std::vector<int32_t> read_int32_npy(const std::string& path, size_t count) {
  std::ifstream f(path, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
  REQUIRE(bytes.size() >= 10);
  const size_t data_at = 10 + (bytes[8] | bytes[9] << 8);
  REQUIRE(bytes.size() == data_at + 4 * count);
  const std::string header(bytes.begin() + 10, bytes.begin() + data_at);
  CHECK(header.find("'descr': '<i4'") != std::string::npos);
  std::vector<int32_t> v(count);
  for (size_t k = 0; k < count; ++k)
    v[k] = static_cast<int32_t>(bytes[data_at + 4 * k] | bytes[data_at + 4 * k + 1] << 8 |
                                bytes[data_at + 4 * k + 2] << 16 | uint32_t{bytes[data_at + 4 * k + 3]} << 24);
  return v;
}

}  // namespace

TEST_CASE("membranes writes the golden reference's V_n sums of the chosen layer", "[cli][membranes]") {
  const testing::TempDir tmp("trinity_membranes");
  std::mt19937 rng(7);
  const Network net = testing::two_layer_net(rng, 4, 12, 9, 3, UnitKind::kTriGauss, UnitKind::kBi);
  const std::string model = tmp.file("m.trn");
  save_model(model, net, "");
  std::vector<SpikeFrame> frames;
  std::vector<uint8_t> bits;
  for (int k = 0; k < 5; ++k) {
    frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
    bits.insert(bits.end(), frames.back().bits.begin(), frames.back().bits.end());
  }
  const std::string input = tmp.file("in.npy");
  save_npy_spikes(input, 5, net.timesteps, net.inputs(), bits);

  for (uint32_t layer : {1u, 2u}) {
    INFO("layer " << layer);
    const auto r = run_cli("membranes --model " + model + " --input " + input + " --layer " + std::to_string(layer) +
                           " --out " + tmp.file("v.npy"));
    REQUIRE(r.exit_code == 0);
    const uint32_t n = net.layers[layer - 1].n_out;
    const std::vector<int32_t> got = read_int32_npy(tmp.file("v.npy"), 5 * size_t{n});
    std::vector<int32_t> want;
    for (const SpikeFrame& f : frames) {
      FrameTrace trace;
      run_reference(net, f, &trace);
      want.insert(want.end(), trace.v_n_sum[layer - 1].begin(), trace.v_n_sum[layer - 1].end());
    }
    CHECK(got == want);
  }

  SECTION("a layer the model does not have is bad input, naming the option") {
    const auto r =
        run_cli("membranes --model " + model + " --input " + input + " --layer 3 --out " + tmp.file("x.npy"));
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("--layer 3") != std::string::npos);
    CHECK(testing::line_count(r.output) == 1);
  }
  SECTION("a negative layer is a usage error") {
    const auto r =
        run_cli("membranes --model " + model + " --input " + input + " --layer -1 --out " + tmp.file("x.npy"));
    CHECK(r.exit_code == 1);
    CHECK(testing::line_count(r.output) == 1);
  }
  SECTION("an output that cannot be written is a runtime failure naming it") {
    const auto r = run_cli("membranes --model " + model + " --input " + input + " --out /nonexistent/dir/v.npy");
    CHECK(r.exit_code == 3);
    CHECK(r.output.find("/nonexistent/dir/v.npy") != std::string::npos);
  }
}
