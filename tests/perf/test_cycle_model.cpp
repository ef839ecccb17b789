// SPDX-License-Identifier: Apache-2.0
// The plain cycle model's rules on hand-sized cases: every phase of the
// RTL sequencer counted once (docs/perf-model.md).
#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>
#include <vector>

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

TEST_CASE("activity keeps the input words and counts their spikes", "[perf]") {
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
  CHECK(a.at(0, 0).words == std::vector<uint32_t>{0x80000001u, 0, 0x20});
  CHECK(a.total_spikes() == 3);
}

TEST_CASE("predicted cycles add up phase by phase", "[perf]") {
  const Network net = two_layer_net();
  FrameActivity a;
  a.timesteps = 2;
  a.layers = 2;
  // [t][l] input words: layer 0 has 40 inputs (2 words), layer 1 70 (3).
  a.steps = {step_activity({0b111, 0b11}),           // 5 spikes
             step_activity({0, 0x80000000u, 0x3f}),  // 7: inputs 63 and 64 ... 69
             step_activity({0, 0}),                  // none
             step_activity({1, 1, 1})};              // 3, one a word
  const FrameCycles c = predict_frame_cycles(net, {32, false}, a);
  // LANES 32: rows 3 (70 neurons) and 1 (10 neurons); input words 2 and 3.
  CHECK(c.reception == 2 + 2 * 2 + 5);  // the verdict takes 5 cycles
  // StFrameLoad loads timestep 0 only; timestep 1's words are prefetched
  // during timestep 0, which outlasts the prefetch (w0 + 3 = 5 cycles).
  CHECK(c.load == 2 + 2);
  // Accumulate, by the item's cycles (cycle 0 = StLayerStart, which loads
  // the first word into the next slot; StAccumulate from 1):
  // - a spike picked at cycle p (one spike picked per cycle, from the held
  //   word, or from the next word when the held one is empty) is in stage 1
  //   at the end of p + 1, taken at p + 2 at the earliest, its first row
  //   issued at p + 3; the engine is done a cycle before its last row. The
  //   next slot is refilled in every cycle it is empty or promoted.
  // - {0b111, 0b11}, R 3: picks 1-5; the issue binds, rows 4 ... 18
  //   without a gap, done at 17 = 5 * 3 + 2.
  // - {0, 0x80000000, 0x3f}, R 1: word 0 is empty, so nothing to pick at 1
  //   while word 1 fills the slot; picks 2 (word 1) and 3-8 (word 2, no
  //   bubble between the words), last row 11, done at 10.
  // - no spikes: word 1 loaded at 1, the scan seen done at 2.
  // - {1, 1, 1}, R 1: picks 1, 2, 3 (each word promoted as the one before
  //   empties), rows 4, 5, 6, done at 5.
  // Each (t, l) adds the cycle the sequencer takes to see the engine done
  // (registered; the last row issues in it); the frame's first adds its
  // StLayerStart, the others start in the cycle the walker moves to them
  // (the hand-over of the item before, or StLayerNext: the start folded
  // into the hand-over).
  CHECK(c.accumulate == (1 + 17 + 1) + (10 + 1) + (2 + 1) + (5 + 1));
  // Update (two layers, no TRACE: the work list runs layer 0 ahead,
  // (t, l) = (0,0), (1,0), (0,1), (1,1); cycle 0 = the first StLayerStart).
  // The walker: (0,0) at 0-18, on to (1,0) in its last cycle (its memory
  // free, the prefetch long done), (1,0) at 19-21. The update machine takes
  // (0,0) at 19: UpdSettle 20-21, rows 22-24, its spikes landed (10 stages
  // + the cycle that sees them) at 35, so StLayerNext waits 22-36 (15) for
  // them, moving on in 36; (0,1) at 37-47. The pass of (1,0) (layer 0
  // again: it waits for the pipeline to drain) waits until (0,1) has taken
  // layer 0's spikes (36): go at 37, rows 40-42, landed at 53; StLayerNext
  // 48-54 (7); (1,1) at 55-60, then StPassWait. The pass of (0,1), another
  // layer, settles while (1,0)'s drains (48: row 51, drained 62); the pass
  // of (1,1), layer 1 again, waits for that drain (UpdIdle 63, row 66,
  // done 77): StPassWait 61-78 (18), then StArgmax at 79.
  CHECK(c.update == 15 + 7 + 18);
  CHECK(c.trace == 0);
  CHECK(c.result == (1 + 2 + 5) + (3 + 5 + 0));  // argmax tree: log2(32) levels
  CHECK(c.total() == c.reception + c.load + c.accumulate + c.update + c.result);
  CHECK(event_lower_bound(net, 32, a) == (6 * 3 + 8 * 1) + (1 * 3 + 4 * 1));

  const FrameCycles traced = predict_frame_cycles(net, {32, true}, a);
  CHECK(traced.trace == 2 * ((3 + 3) + (3 + 1)));
  // More lanes: fewer rows per event, never more cycles.
  CHECK(predict_frame_cycles(net, {128, false}, a).total() < c.total());
}

TEST_CASE("a stream goes on to the next frame's first item before the RESULT (LAG 1)", "[perf]") {
  const Network net = two_layer_net();
  FrameActivity a;
  a.timesteps = 2;
  a.layers = 2;
  a.steps = {step_activity({0b111, 0b11}), step_activity({0, 0x80000000u, 0x3f}), step_activity({0, 0}),
             step_activity({1, 1, 1})};
  const CoreTimingConfig config{32, false};
  const FrameCycles c = predict_frame_cycles(net, config, a);
  const StreamRun run = run_stream(net, config, {a, a}, {c, c});
  // Frame 0 as alone ("predicted cycles add up phase by phase"): header at
  // 0, StFrameLoad 11-14, its first StLayerStart at 15 (cycle 0 there).
  CHECK(run.result_end[0] == c.total());
  CHECK(!run.continued[0]);
  // Frame 1's 6 words arrive from frame 0's StFrameLoad (11), its verdict
  // is ready at 11 + 6 + 4 = 21; the preload starts with frame 0's last
  // timestep (its (1,0) at 19, absolute 34) and is done from 34 + 5 = 39.
  // Frame 0's last item (1,1) hands over at 60 (absolute 75): the memory of
  // (0,1) is free (its pass read its row at 51), so the walker goes on
  // (cont) and frame 1's (0,0) starts there, StAccumulate from 61. Frame
  // 0's last pass still reads its row at 66 and drains to 77; its marker
  // reaches the result machine at 78, the argmax starts at 79 as it would
  // without cont, and the RESULT ends at 79 + 16 (absolute 110).
  CHECK(run.continued[1]);
  // Frame 1: (0,0) at 61-78, (1,0) at 79-81 (its prefetch, from 61, long
  // done). The pass of (0,0), accumulated from 79, finds the update machine
  // idle (frame 0's last pass drained at 77): start 79, settle 80-81, rows
  // 82-84, spikes landed at 95; (0,1) from 97 as frame 0's from 37, and
  // from there on frame 1 runs as frame 0 did, 60 cycles later: its RESULT
  // ends 60 cycles after frame 0's.
  CHECK(run.result_end[1] - run.result_end[0] == 60);
  // Without cont (frame 1 after frame 0's RESULT, preloaded): 98.
  CHECK(streamed_cycles(c, c) == 98);

  // With TRACE the list is not LAG 1: no cont, and the stream is the
  // frame-by-frame one (streamed_cycles of each frame as it ran).
  const CoreTimingConfig traced{32, true};
  const FrameCycles t = predict_frame_cycles(net, traced, a);
  const StreamRun trace_run = run_stream(net, traced, {a, a, a}, {t, t, t});
  const std::vector<FrameCycles> ran = streamed_frames({t, t, t});
  CHECK(!trace_run.continued[1]);
  CHECK(trace_run.result_end[1] - trace_run.result_end[0] == streamed_cycles(ran[0], t));
  CHECK(trace_run.result_end[2] - trace_run.result_end[1] == streamed_cycles(ran[1], t));
}

TEST_CASE("one engine's StAccumulate, cycle by cycle", "[perf]") {
  const auto cycles = [](std::vector<uint32_t> per_word, uint32_t rows) {
    return engine_accumulate_cycles(per_word.data(), per_word.size(), rows);
  };
  // Word 0 is loaded into the next slot in StLayerStart (cycle 0). The
  // engine is done a cycle before its last row, or, with no row to come,
  // the first cycle its scan is done.
  // No spikes: a word a cycle from cycle 0, then the cycle that sees the
  // scan done.
  CHECK(cycles({0}, 1) == 1);
  CHECK(cycles({0, 0, 0, 0}, 5) == 4);
  // The issue binds: s * R + 2 (pick at 1, one more pipeline stage, the
  // event taken at 3, rows 4 ... s * R + 3, done the cycle before the last).
  CHECK(cycles({1}, 1) == 3);
  CHECK(cycles({3}, 3) == 3 * 3 + 2);
  // An empty word in front delays the first pick by a cycle; behind the
  // spikes the scanner loads it while rows issue.
  CHECK(cycles({0, 1}, 3) == 3 + 2 + 1);
  CHECK(cycles({1, 0}, 3) == 3 + 2);
  // One pick a cycle, with no bubble between words: the next word is
  // promoted in the cycle the held one empties. Trailing empty words still
  // cost the scan a cycle each: {1, 0 x 7}: word 0 loaded at 0, its spike
  // picked at 1, words 1 ... 7 loaded at 1 ... 7 (the row issues at 4
  // meanwhile), the scan seen done at 8.
  CHECK(cycles({1, 0, 0, 0, 0, 0, 0, 0}, 1) == 8);
  CHECK(cycles({4, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1) == 10);
  CHECK(cycles({1, 1, 1, 1}, 1) == 4 + 2);
  CHECK(cycles({8, 8, 8, 8}, 1) == 32 + 2);
  // The same spikes spread differently: the count is not enough. An empty
  // word between two spikes leaves the pick a cycle without a word:
  // {1, 0, 1, 0, 1, 0}, R 2: picks 1, 3, 5, rows 4-5, 6-7, 8-9, done at 8;
  // R 1: rows 4, 6, 8, done at 7 (the scan ended at 6, stage 0 held the
  // last pick).
  CHECK(cycles({2, 2}, 2) == 10);
  CHECK(cycles({1, 0, 1, 0, 1, 0}, 2) == 8);
  CHECK(cycles({1, 0, 1, 0, 1, 0}, 1) == 7);
  CHECK(cycles({32}, 1) == 34);
  CHECK(cycles({32}, 2) == 32 * 2 + 2);
  CHECK_THROWS_AS(cycles({1}, 0), std::invalid_argument);
}

namespace {

// 128 inputs (4 words) -> 64 neurons, T = 1: R = 2 at LANES 32.
Network engines_net() {
  std::mt19937 rng(4);
  Network net;
  net.timesteps = 1;
  net.layers.push_back(testing::random_layer(rng, 128, 64, UnitKind::kTriRelu, false));
  return net;
}

FrameActivity one_step(std::vector<uint32_t> words) {
  FrameActivity a;
  a.timesteps = 1;
  a.layers = 1;
  a.steps = {step_activity(std::move(words))};
  return a;
}

}  // namespace

TEST_CASE("ENGINES splits a layer's inputs j mod E and waits for the slowest engine", "[perf]") {
  const Network net = engines_net();
  // Inputs 0, 1, 2, 3 (word 0) and 96 (word 3): five events of R = 2 rows.
  const FrameActivity a = one_step({0xf, 0, 0, 1});
  const auto accumulate = [&](uint32_t engines) {
    CoreTimingConfig config;
    config.engines = engines;
    return predict_frame_cycles(net, config, a).accumulate;
  };
  // E 1: picks 1-5 (words 1 and 2 empty, scanned while rows issue); rows
  // 4 ... 13 without a gap; done at 12 = 5 * 2 + 2; + StLayerStart and
  // the cycle that sees every engine done.
  CHECK(accumulate(1) == 1 + 12 + 1);
  // From E 2 on the 2 rows split into 2 groups of 1 row (LANES 32), so an
  // engine scans 2 slices (e mod E/2 and the one E/2 after) and issues one
  // row an event. E 2: 2 words a slice. Engine 0 (group 0) scans slice 0
  // (inputs 0, 2, 96 = slice bits 0, 1, 48: words {2 spikes, 1}) then
  // slice 1 (1, 3: {2, 0}): 5 events picked at 1 ... 5, rows 4 ... 8, done
  // at 7; engine 1 (group 1) the same slices, the same 7.
  CHECK(accumulate(2) == 1 + 7 + 1);
  // E 4: 1 word a slice; engine 0 scans slices 0 (inputs 0 and 96) and 2
  // (input 2): picks 1-3, rows 4-6, done at 5; engine 1 slices 1 and 3, 4.
  CHECK(accumulate(4) == 1 + 5 + 1);
  // E 8: still 1 word (ceil(4 / 8)); engine 0 scans slices 0 (0 and 96)
  // and 4 (none): picks 1, 2, rows 4, 5, done at 4.
  CHECK(accumulate(8) == 1 + 4 + 1);

  // The merge tree lengthens the update drain by ceil(log2 E) - 1 from E 4
  // on: the update machine's UpdIdle (beside StLayerNext), UpdSettle 2, 2
  // rows, 10 + D, the cycle that sees them landed, and StPassWait's cycle
  // that sees the machine idle.
  const auto update = [&](uint32_t engines) {
    CoreTimingConfig config;
    config.engines = engines;
    return predict_frame_cycles(net, config, a).update;
  };
  CHECK(update(1) == 1 + 2 + 2 + 10 + 1 + 1);
  CHECK(update(2) == update(1));
  CHECK(update(4) == update(1) + 1);
  CHECK(update(8) == update(1) + 2);
  CHECK(update(64) == update(1) + 5);
  CHECK(merge_latency(1) == 0);
  CHECK(merge_latency(2) == 0);
  CHECK(merge_latency(16) == 3);

  // Nothing else changes with E.
  CoreTimingConfig one, four;
  four.engines = 4;
  const FrameCycles c1 = predict_frame_cycles(net, one, a), c4 = predict_frame_cycles(net, four, a);
  CHECK(c4.reception == c1.reception);
  CHECK(c4.load == c1.load);
  CHECK(c4.trace == c1.trace);
  CHECK(c4.result == c1.result);

  // No spikes: each engine loads ceil(4 / E) words, one a cycle from
  // StLayerStart on, is done in the cycle after, then the sequencer's cycle.
  CHECK(layer_accumulate_cycles(step_activity({0, 0, 0, 0}), 128, 2, 1) == 1 + 4 + 1);
  CHECK(layer_accumulate_cycles(step_activity({0, 0, 0, 0}), 128, 2, 2) == 1 + 2 + 1);
  CHECK(layer_accumulate_cycles(step_activity({0, 0, 0, 0}), 128, 2, 64) == 1 + 1 + 1);

  // The bound: ceil(5 * 2 / E) event rows + 2 update rows.
  CoreTimingConfig config;
  CHECK(event_lower_bound(net, config, a) == 10 + 2);
  CHECK(event_lower_bound(net, 32, a) == 10 + 2);
  config.engines = 4;
  CHECK(event_lower_bound(net, config, a) == 3 + 2);

  // With the engines' fixed slices: the slowest engine's events times its
  // rows an event, + 2. E 1: all 5 events of 2 rows; from E 2 on, groups
  // of 1 row: E 2: every engine has all 5; E 4: engine 0 has 0, 96 and 2;
  // E 8: engine 0 has 0 and 96.
  const auto slices = [&](uint32_t engines) {
    CoreTimingConfig c;
    c.engines = engines;
    return slice_lower_bound(net, c, a);
  };
  CHECK(slices(1) == 5 * 2 + 2);
  CHECK(slices(2) == 5 * 1 + 2);
  CHECK(slices(4) == 3 * 1 + 2);
  CHECK(slices(8) == 2 * 1 + 2);
  // Never below the even share, never above the cycles.
  for (uint32_t engines : {1u, 2u, 4u, 8u, 64u}) {
    CoreTimingConfig c;
    c.engines = engines;
    CAPTURE(engines);
    CHECK(slices(engines) >= event_lower_bound(net, c, a));
    CHECK(slices(engines) < predict_frame_cycles(net, c, a).total());
  }
}

TEST_CASE("the slice bound counts an engine's row groups as the core issues them", "[perf]") {
  // 128 -> 128 at LANES 32: R 4, which at E 4 splits in 4 groups of 1
  // row. Every 4th input: all 32 spikes are slice 0's; every engine scans
  // all 4 slices and issues 1 row an event: 32 * 1 + 2.
  std::mt19937 rng(5);
  Network net;
  net.timesteps = 1;
  net.layers.push_back(testing::random_layer(rng, 128, 128, UnitKind::kTriRelu, false));
  const FrameActivity a = one_step({0x11111111u, 0x11111111u, 0x11111111u, 0x11111111u});
  CoreTimingConfig config;
  config.engines = 4;
  REQUIRE(row_split_log(4, 32, 4) == 2);
  CHECK(slice_lower_bound(net, config, a) == 32 * 1 + 4);
  CHECK(event_lower_bound(net, config, a) == 32 * 4 / 4 + 4);
  CHECK(predict_frame_cycles(net, config, a).accumulate == 1 + 32 * 1 + 2 + 1);
}

TEST_CASE("spikes all in one engine's slice cost a single engine on ceil(words / E) words", "[perf]") {
  // Every 4th input of 128: with E 4 all 32 spikes are engine 0's, its one
  // slice word full; the other engines scan an empty word.
  const LayerStepActivity every_4th = step_activity({0x11111111u, 0x11111111u, 0x11111111u, 0x11111111u});
  const LayerStepActivity full_word = step_activity({0xffffffffu});
  for (uint32_t rows : {1u, 2u, 5u}) {
    CAPTURE(rows);
    CHECK(layer_accumulate_cycles(every_4th, 128, rows, 4) == layer_accumulate_cycles(full_word, 32, rows, 1));
    const std::vector<uint32_t> per_word{32};
    CHECK(layer_accumulate_cycles(every_4th, 128, rows, 4) ==
          1 + engine_accumulate_cycles(per_word.data(), 1, rows) + 1);
  }
  // R 1: the single engine scans 4 words of 8, engine 0 of 4 one word of
  // 32: no sharing, and with no bubble between words the same 34 cycles.
  CHECK(layer_accumulate_cycles(every_4th, 128, 1, 1) == 1 + 34 + 1);
  CHECK(layer_accumulate_cycles(every_4th, 128, 1, 4) == 1 + 34 + 1);
  // 16 spikes spread evenly (inputs 0-3, 8-11, 16-19, 24-27), R 4: a
  // single engine issues 16 * 4 rows (done at 66), each of 4 engines 4 * 4 (18).
  const LayerStepActivity spread = step_activity({0x0f0f0f0fu, 0, 0, 0});
  CHECK(layer_accumulate_cycles(spread, 128, 4, 1) == 1 + 16 * 4 + 2 + 1);
  CHECK(layer_accumulate_cycles(spread, 128, 4, 4) == 1 + 4 * 4 + 2 + 1);
}

TEST_CASE("row groups: a layer's rows split over groups of engines, each scanning EO slices", "[perf]") {
  // The split rule of rtl/trinity_layer_config.sv: at most min(log2 E, 3),
  // each group a multiple of max(1, 32 / LANES) rows (a GATE word's rows).
  CHECK(row_split_log(8, 64, 16) == 3);   // 8 groups of 1 row
  CHECK(row_split_log(8, 64, 32) == 3);   // the hardware build's hidden layer
  CHECK(row_split_log(16, 32, 16) == 3);  // 8 groups of 2
  CHECK(row_split_log(16, 32, 4) == 2);   // 4 groups of 4
  CHECK(row_split_log(4, 32, 4) == 2);    // 4 groups of 1 (the two-word scan picks every cycle)
  CHECK(row_split_log(12, 32, 4) == 2);   // 4 groups of 3
  CHECK(row_split_log(6, 32, 4) == 1);    // 2 groups of 3
  CHECK(row_split_log(1, 32, 16) == 0);   // the output layer of 10 neurons
  CHECK(row_split_log(8, 32, 2) == 1);    // ENGINES 2: at most 2 groups
  CHECK(row_split_log(8, 32, 1) == 0);
  CHECK(row_split_log(8, 4, 4) == 0);  // LANES 4: a GATE word covers 8 rows, so a group is a multiple of 8
  CHECK(row_split_log(16, 4, 4) == 1);
  CHECK(row_split_log(32, 4, 4) == 2);
  CHECK(row_split_log(64, 4, 16) == 3);
  CHECK(row_split_log(32, 4, 16) == 2);  // 8 groups would hold 4 rows, not a GATE word's 8

  // Every 4th input of 128, R 4, E 4: all 32 spikes are slice 0's. Unsplit,
  // engine 0 issues 32 * 4 rows alone (1 + 32 * 4 + 2 + 1); in 2 groups,
  // engines 0 and 2 (slices 0 and 2 each) issue 32 * 2 rows each, the empty
  // slice's word scanned while they issue; in 4 groups every engine scans
  // all four slices and issues 32 rows, one a cycle.
  const LayerStepActivity every_4th = step_activity({0x11111111u, 0x11111111u, 0x11111111u, 0x11111111u});
  CHECK(layer_accumulate_cycles(every_4th, 128, 4, 4, 0) == 1 + 32 * 4 + 2 + 1);
  CHECK(layer_accumulate_cycles(every_4th, 128, 4, 4, 1) == 1 + 32 * 2 + 2 + 1);
  const std::vector<uint32_t> all_slices{32, 0, 0, 0};
  CHECK(layer_accumulate_cycles(every_4th, 128, 4, 4, 2) ==
        1 + engine_accumulate_cycles(all_slices.data(), all_slices.size(), 1) + 1);
  // An engine's slices are scanned back to back: slice k's words after
  // slice k - 1's, with no gap (engine 1 of 2 groups: slices 1 and 3).
  const LayerStepActivity odd_slices = step_activity({0x22222222u, 0x88888888u, 0, 0});
  const std::vector<uint32_t> slices_1_3{8, 8};
  CHECK(layer_accumulate_cycles(odd_slices, 128, 4, 4, 1) ==
        1 + engine_accumulate_cycles(slices_1_3.data(), slices_1_3.size(), 2) + 1);
  // A split must divide the rows and fit the engines.
  CHECK_THROWS_AS(layer_accumulate_cycles(every_4th, 128, 3, 4, 1), std::invalid_argument);
  CHECK_THROWS_AS(layer_accumulate_cycles(every_4th, 128, 4, 2, 2), std::invalid_argument);
  CHECK_THROWS_AS(layer_accumulate_cycles(every_4th, 128, 16, 16, 4), std::invalid_argument);
}

TEST_CASE("bad ENGINES and input vectors that are not the layer's are refused", "[perf]") {
  const Network net = engines_net();
  const FrameActivity a = one_step({1, 0, 0, 0});
  for (uint32_t engines : {0u, 3u, 6u, 128u}) {
    CoreTimingConfig config;
    config.engines = engines;
    CAPTURE(engines);
    CHECK_THROWS_AS(predict_frame_cycles(net, config, a), std::invalid_argument);
    CHECK_THROWS_AS(event_lower_bound(net, config, a), std::invalid_argument);
    CHECK_THROWS_AS(slice_lower_bound(net, config, a), std::invalid_argument);
  }
  CHECK_THROWS_AS(predict_frame_cycles(net, {}, one_step({1, 0, 0})), std::invalid_argument);
  // Positions unknown: spike counts alone do not give the cycles.
  FrameActivity counts_only = one_step({1, 0, 0, 0});
  counts_only.steps[0].words.clear();
  CHECK_THROWS_AS(predict_frame_cycles(net, {}, counts_only), std::invalid_argument);
  // A spike past n_in (70 inputs: bit 6 of word 2 is input 70).
  CHECK_THROWS_AS(layer_accumulate_cycles(step_activity({0, 0, 0x40}), 70, 1, 1), std::invalid_argument);
  // Words loaded at 0, 1, 2, the spike picked at 3, its row at 6, done at 5.
  CHECK(layer_accumulate_cycles(step_activity({0, 0, 0x20}), 70, 1, 1) == 1 + 3 + 2 + 1);
}

TEST_CASE("RESULT costs two cycles per count row after the first", "[perf]") {
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 1;
  net.layers.push_back(testing::random_layer(rng, 8, 20, UnitKind::kBi, false));
  FrameActivity a;
  a.timesteps = 1;
  a.layers = 1;
  a.steps = {step_activity({0})};
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

TEST_CASE("the next timestep's prefetch: a short timestep waits for it", "[perf]") {
  // 1024 inputs (32 words), one output neuron, T = 2, no input spikes.
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 2;
  net.layers.push_back(testing::random_layer(rng, 1024, 1, UnitKind::kBi, false));
  FrameActivity a;
  a.timesteps = 2;
  a.layers = 1;
  a.steps = {step_activity(std::vector<uint32_t>(32, 0)), step_activity(std::vector<uint32_t>(32, 0))};
  CoreTimingConfig config;
  config.engines = 32;  // each engine scans one word: a timestep of a few dozen cycles
  const FrameCycles c = predict_frame_cycles(net, config, a);
  // Timestep 0's pass runs beside the walker's StLayerNext, which waits
  // from cycle acc until the prefetch (from the timestep's first cycle,
  // pf_active_q low from cycle 32 + 2) is in; the wait counts as load.
  const uint64_t acc = layer_accumulate_cycles(a.at(0, 0), 1024, 1, 32);
  REQUIRE(acc < 32 + 2);
  const uint64_t wait = 32 + 2 - acc;
  // StFrameLoad (32 reads, 2) and that wait.
  CHECK(c.load == (32 + 2) + wait);
  // StLayerNext's cycle that leaves, timestep 1's StLayerNext, whose cycle
  // is its pass's UpdIdle: UpdSettle 2, the row, 10 + the merge tree's 4,
  // the cycle that sees it landed, StPassWait's cycle that sees the
  // machine idle. Timestep 0's pass was done long before.
  CHECK(c.update == 1 + (1 + 2 + 1 + 10 + merge_latency(32) + 1 + 1));
  // One engine scans all 32 words: the timestep outlasts the prefetch.
  config.engines = 1;
  CHECK(predict_frame_cycles(net, config, a).load == 32 + 2);
}
