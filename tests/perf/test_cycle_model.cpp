// SPDX-License-Identifier: Apache-2.0
// The plain cycle model's rules on hand-sized cases: every phase of the
// RTL sequencer counted once (docs/perf-model.md).
#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>

#include "cycle_model.hpp"
#include "estimate.hpp"
#include "frame_activity.hpp"
#include "random_network.hpp"

using namespace trinity;
using namespace trinity::perf;

namespace {

// 40 inputs (2 words per timestep) -> 70 -> 10, T = 2.
Network two_layer_net() {
  std::mt19937 rng(1);
  Network net;
  net.timesteps = 2;
  net.layers.push_back(testing::random_layer(rng, 40, 70, UnitKind::kTriRelu, false));
  net.layers.push_back(testing::random_layer(rng, 70, 10, UnitKind::kBi, false));
  return net;
}

}  // namespace

TEST_CASE("activity counts spikes and the 32-bit words holding them", "[perf]") {
  SpikeFrame f(1, 70);
  f.at(0, 0) = f.at(0, 31) = 1;  // word 0
  f.at(0, 69) = 1;               // word 2; word 1 stays empty
  FrameTrace none;
  Network net;
  net.timesteps = 1;
  std::mt19937 rng(2);
  net.layers.push_back(testing::random_layer(rng, 70, 3, UnitKind::kBi, false));
  const FrameActivity a = activity_from_trace(net, f, none);
  CHECK(a.at(0, 0).spikes == 3);
  CHECK(a.at(0, 0).nonzero_words == 2);
  CHECK(a.total_spikes() == 3);
}

TEST_CASE("predicted cycles add up phase by phase", "[perf]") {
  const Network net = two_layer_net();
  FrameActivity a;
  a.timesteps = 2;
  a.layers = 2;
  a.steps = {{5, 2}, {7, 1}, {0, 0}, {3, 3}};  // [t][l]: spikes, non-empty words
  const FrameCycles c = predict_frame_cycles(net, {32, false}, a);
  // LANES 32: rows 3 (70 neurons) and 1 (10 neurons); input words 2 and 3.
  CHECK(c.reception == 2 + 2 * 2 + 5);  // the verdict takes 5 cycles
  CHECK(c.load == 2 * (2 + 2));
  // Accumulate: 1 + the larger of the issue bound (events x rows + 5) and
  // the scan bound (words + events + 4); a layer without input spikes scans
  // its words and sees the scan done (words + 1).
  CHECK(c.accumulate == (1 + 5 * 3 + 5) + (1 + 3 + 7 + 4) + (1 + 2 + 1) + (1 + 3 + 3 + 4));
  // Update: StAccDrain, the rows, the 10-stage lane pipeline's drain + 1, StLayerNext.
  CHECK(c.update == 2 * ((3 + 13) + (1 + 13)));
  CHECK(c.trace == 0);
  CHECK(c.result == (1 + 2 + 5) + (3 + 5 + 0));  // argmax tree: log2(32) levels
  CHECK(c.total() == c.reception + c.load + c.accumulate + c.update + c.result);
  CHECK(event_lower_bound(net, 32, a) == (6 * 3 + 8 * 1) + (1 * 3 + 4 * 1));

  const FrameCycles traced = predict_frame_cycles(net, {32, true}, a);
  CHECK(traced.trace == 2 * ((3 + 3) + (3 + 1)));
  // More lanes: fewer rows per event, never more cycles.
  CHECK(predict_frame_cycles(net, {128, false}, a).total() < c.total());
}

TEST_CASE("RESULT costs two cycles per count row after the first", "[perf]") {
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 1;
  net.layers.push_back(testing::random_layer(rng, 8, 20, UnitKind::kBi, false));
  FrameActivity a;
  a.timesteps = 1;
  a.layers = 1;
  a.steps = {{0, 0}};
  // LANES 8: 3 rows, 10 count words; argmax 3 + 2 + 3 tree levels, RESULT 3 + 10 + 2 * 2.
  CHECK(predict_frame_cycles(net, {8, false}, a).result == 8 + 17);
}

TEST_CASE("bad LANES and mismatched activity are refused", "[perf]") {
  const Network net = two_layer_net();
  FrameActivity a;
  a.timesteps = 2;
  a.layers = 2;
  a.steps.resize(4);
  CHECK_THROWS_AS(predict_frame_cycles(net, {0, false}, a), std::invalid_argument);
  CHECK_THROWS_AS(predict_frame_cycles(net, {2, false}, a), std::invalid_argument);
  CHECK_THROWS_AS(predict_frame_cycles(net, {48, false}, a), std::invalid_argument);
  a.layers = 1;
  CHECK_THROWS_AS(predict_frame_cycles(net, {32, false}, a), std::invalid_argument);
}

TEST_CASE("cycle summaries use nearest-rank percentiles", "[perf]") {
  std::vector<uint64_t> v;
  for (uint64_t k = 100; k >= 1; --k) v.push_back(k);
  const CycleSummary s = summarize_cycles(v);
  CHECK(s.frames == 100);
  CHECK(s.mean == Approx(50.5));
  CHECK(s.p50 == 50);
  CHECK(s.p99 == 99);
  CHECK(s.min == 1);
  CHECK(s.max == 100);
  CHECK(summarize_cycles({7}).p99 == 7);
  CHECK_THROWS_AS(summarize_cycles({}), std::invalid_argument);
  CHECK(frames_per_second(30000, 300) == Approx(10000));
  CHECK(cycles_to_us(30000, 300) == Approx(100));
}
