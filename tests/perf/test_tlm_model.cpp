// SPDX-License-Identifier: Apache-2.0
// The TLM model against the plain cycle model it is annotated from: each
// frame takes the predicted cycles, less the reception and verdict it
// overlaps with its predecessor when the host offers it in time, and the
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

TEST_CASE("TLM batch: per-frame cycles follow the cycle model, throughput follows", "[perf][tlm]") {
  std::mt19937 rng(11);
  const Network net = testing::random_network(rng, false, 90);
  std::vector<FrameActivity> frames;
  std::vector<FrameCycles> cycles;
  const CoreTimingConfig core{16, true};
  for (int k = 0; k < 12; ++k) {
    frames.push_back(measure_activity(net, testing::random_frame(rng, net.timesteps, net.inputs(), 0.1 * (k % 8))));
    cycles.push_back(predict_frame_cycles(net, core, frames.back()));
  }
  TlmOptions options;
  options.core = core;
  options.clock_mhz = 250;
  // Longer than the shortest frames' overlap windows, so some frames find
  // the core idle and others arrive while their predecessor computes.
  uint64_t shortest = cycles[0].overlap_window();
  for (const FrameCycles& c : cycles) shortest = std::min(shortest, c.overlap_window());
  options.host_gap_cycles = shortest + 5;
  const TlmBatchReport r = run_tlm_batch(net, options, frames);

  // The schedule by hand: the host offers frame k + 1 a gap after frame k's
  // reception ends (END_REQ); if that is before frame k's overlap window
  // ends, its words arrive from then (or the window's start) on and only
  // cycles_after_window of it follow frame k's RESULT; its timestep 0 is
  // preloaded as far as it was in by frame k's last timestep (preloaded).
  std::vector<uint64_t> expected;
  uint64_t reception_end = 0, window_start = 0, window_end = 0, previous_result = 0, streamed_frames = 0;
  uint64_t last_step_left = 0, preloads = 0;
  for (size_t k = 0; k < cycles.size(); ++k) {
    const FrameCycles& alone = cycles[k];
    const uint64_t offered = k == 0 ? 0 : reception_end + options.host_gap_cycles;
    const uint64_t start = std::max(offered, window_end);
    uint64_t header = start, window = 0;
    if (k > 0 && offered < window_end) {
      header = std::max(offered, window_start);
      window = window_end - header;
      streamed_frames += cycles_after_window(alone, window) == 2;  // words and verdict all inside the window
    }
    const FrameCycles c = preloaded(alone, window, last_step_left);
    preloads += c.load < alone.load;
    last_step_left = c.last_step_left();
    reception_end = start + cycles_after_window(c, window);
    window_start = reception_end;
    window_end = window_start + c.overlap_window();
    expected.push_back(window_end - (k > 0 ? std::max(header, previous_result) : header));
    previous_result = window_end;
  }
  CHECK(r.frame_cycles == expected);
  CHECK(r.frame_cycles[0] == cycles[0].total());
  CHECK(streamed_frames > 0);  // some frames fully streamed: their cycles are streamed_cycles
  CHECK(preloads > 0);
  const uint64_t busy = std::accumulate(expected.begin(), expected.end(), uint64_t{0});
  CHECK(r.batch_cycles == busy + r.idle_cycles);
  CHECK(r.idle_cycles > 0);
  CHECK(r.frames_per_second() == Approx(frames.size() * 250e6 / double(r.batch_cycles)));
  CHECK_THROWS_AS(run_tlm_batch(net, options, frames), std::logic_error);
}

// libsystemc.so brings its own main(), which calls sc_main and needs it to
// link; Catch2's main is the one that runs, so this is never called.
extern "C" int sc_main(int, char**) { return 0; }
