// SPDX-License-Identifier: Apache-2.0
// The TLM model against the plain cycle model it is annotated from: with the
// host always ready, each frame takes exactly the predicted cycles and the
// batch is their sum; a slow host shows up as idle core cycles.
// One test case only: SystemC elaborates once per process.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>

#include "cycle_model.hpp"
#include "random_network.hpp"
#include "tlm_model.hpp"

using namespace trinity;
using namespace trinity::perf;

TEST_CASE("TLM batch: per-frame cycles equal the cycle model, throughput follows", "[perf][tlm]") {
  std::mt19937 rng(11);
  const Network net = testing::random_network(rng, false, 90);
  std::vector<FrameActivity> frames;
  std::vector<uint64_t> expected;
  const CoreTimingConfig core{16, true};
  for (int k = 0; k < 12; ++k) {
    frames.push_back(measure_activity(net, testing::random_frame(rng, net.timesteps, net.inputs(), 0.1 * (k % 8))));
    expected.push_back(predict_frame_cycles(net, core, frames.back()).total());
  }
  TlmOptions options;
  options.core = core;
  options.clock_mhz = 250;
  // Longer than the shortest frames, so some frames leave the core idle.
  const uint64_t shortest = *std::min_element(expected.begin(), expected.end());
  options.host_gap_cycles = shortest + 5;
  const TlmBatchReport r = run_tlm_batch(net, options, frames);
  CHECK(r.frame_cycles == expected);
  const uint64_t busy = std::accumulate(expected.begin(), expected.end(), uint64_t{0});
  CHECK(r.batch_cycles == busy + r.idle_cycles);
  CHECK(r.idle_cycles > 0);
  CHECK(r.frames_per_second() == Approx(frames.size() * 250e6 / double(r.batch_cycles)));
  CHECK_THROWS_AS(run_tlm_batch(net, options, frames), std::logic_error);
}

// libsystemc.so brings its own main(), which calls sc_main and needs it to
// link; Catch2's main is the one that runs, so this is never called.
extern "C" int sc_main(int, char**) { return 0; }
