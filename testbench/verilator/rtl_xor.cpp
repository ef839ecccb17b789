// SPDX-License-Identifier: Apache-2.0
// XOR on one unit in the RTL co-simulation (issue 13; rule and grid in
// tests/xor_unit.hpp, results in docs/results.md). The Verilated
// rtl/trinity_core runs the same single units as tests/test_xor_unit.cpp:
// each output stream must equal GoldenCore's word for word, and the spike
// counts are read from the core's own RESULT packets and judged by the same
// rule. The grid here is a subset of the golden one (docs/results.md says
// which), at most RTL_MAX_NEURONS units per network.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>

#include "golden_core.hpp"
#include "rtl_capacity.hpp"
#include "rtl_driver.hpp"
#include "stream_encoder.hpp"
#include "xor_unit.hpp"

using namespace trinity;
using namespace trinity::protocol;
using namespace trinity::testing::xor_unit;

namespace {

// The RTL core and the golden core it is checked against, fed the same
// sessions from reset on (STATUS words carry counters of the whole run).
struct Pair {
  explicit Pair(uint32_t seed) : dut(seed), golden(rtl_capacity()) {}
  RtlDriver dut;
  GoldenCore golden;
};

// Runs the four cases through the RTL core (with backpressure on both
// streams) and through GoldenCore; requires equal streams, returns the
// counts the RTL reported, per neuron.
std::vector<Counts> rtl_case_counts(Pair& pair, const Network& net) {
  REQUIRE(validate(net).empty());
  Stream in = encode_network(net);
  for (int c = 0; c < kCases; ++c) append_frame(in, static_cast<uint32_t>(c), case_frame(c, net.timesteps));
  append_query(in);
  pair.golden.push(in);
  const Stream expected = pair.golden.take_output();
  const Stream actual = pair.dut.run(in, expected.size(), RtlStalls{20, 20}, 10'000'000);
  REQUIRE(actual.size() == expected.size());
  REQUIRE(actual == expected);
  std::vector<Counts> counts(net.outputs());
  int results = 0;
  for (const Packet& p : split_packets(actual))
    if (p.type == kResult) {
      const ResultPacket r = decode_result(p, net.outputs());
      REQUIRE(r.frame_id < static_cast<uint32_t>(kCases));
      for (uint32_t i = 0; i < net.outputs(); ++i) counts[i][r.frame_id] = r.counts[i];
      ++results;
    }
  REQUIRE(results == kCases);  // every frame ran: no CAPACITY or other error
  return counts;
}

}  // namespace

TEST_CASE("xor unit: the showcase tri-G unit, 2 inputs -> 1 output, in the RTL", "[xor]") {
  Pair pair(3);
  const Layer lut = trained_tri_g_layer(TRINITY_SOURCE_DIR);
  for (UnitKind kind : {UnitKind::kTriGauss, UnitKind::kBi, UnitKind::kTriRelu}) {
    const Network net = unit_network(unit_layer(kind, showcase_point(), {showcase_unit()}, lut));
    const Counts n = rtl_case_counts(pair, net).at(0);
    INFO(describe(kind, showcase_point(), showcase_unit(), n));
    std::printf("rtl xor showcase: %s\n", describe(kind, showcase_point(), showcase_unit(), n).c_str());
    if (kind == UnitKind::kTriGauss) {
      for (int c = 0; c < kCases; ++c) CHECK((n[c] > 0) == xor_true(c));
      CHECK(separates_high(n));
    } else {
      CHECK_FALSE(separates(n));
    }
  }
}

// The RTL grid: the golden grid's (w1, w2) pairs and biases -1 ... +1 in
// steps of 1/4 (9 values; 2,601 units per point, three networks of at most
// 1024), at w_shift 0, 2 and 4, tau_d 0, 1/2 and 1 (bi: none), tau_n 1/2,
// v_th 3/8 and 3/4 (the paper's). Unoptimised builds, which simulate ~100x
// slower, run the paper's point only (w_shift 2, tau_d 1/2, v_th 3/4).
TEST_CASE("xor unit: grid subset in the RTL, only tri-G units separate", "[xor]") {
  Pair pair(4);
  const Layer lut = trained_tri_g_layer(TRINITY_SOURCE_DIR);
  Grid grid = golden_grid();
  grid.biases = {};
  for (int b = -256; b <= 256; b += 64) grid.biases.push_back(b);
  grid.w_shifts = RTL_XOR_FULL_GRID ? std::vector<int>{0, 2, 4} : std::vector<int>{2};
  grid.tau_ds = RTL_XOR_FULL_GRID ? std::vector<int>{0, 128, 256} : std::vector<int>{128};
  grid.tau_ns = {128};
  grid.v_ths = RTL_XOR_FULL_GRID ? std::vector<int>{96, 192} : std::vector<int>{192};
  const std::vector<UnitParams> units = grid_units(grid);
  for (UnitKind kind : {UnitKind::kBi, UnitKind::kTriRelu, UnitKind::kTriGauss}) {
    size_t searched = 0, found = 0;
    const std::vector<LayerPoint> points = grid_points(grid, kind);
    for (const LayerPoint& p : points)
      for (size_t first = 0; first < units.size(); first += RTL_MAX_NEURONS) {
        const size_t last = std::min(units.size(), first + RTL_MAX_NEURONS);
        const std::vector<UnitParams> chunk(units.begin() + first, units.begin() + last);
        const std::vector<Counts> counts = rtl_case_counts(pair, unit_network(unit_layer(kind, p, chunk, lut)));
        for (size_t i = 0; i < counts.size(); ++i) {
          if (!separates(counts[i])) continue;
          ++found;
          if (kind != UnitKind::kTriGauss) FAIL(describe(kind, p, chunk[i], counts[i]));
        }
        searched += counts.size();
      }
    std::printf("rtl xor grid, %s: %zu units at %zu grid points, %zu separate XOR\n", unit_kind_name(kind), searched,
                points.size(), found);
    if (kind == UnitKind::kTriGauss)
      CHECK(found > 0);
    else
      CHECK(found == 0);
  }
}
