// SPDX-License-Identifier: Apache-2.0
// Cycle model of rtl/trinity_core for one FRAME or IMAGE, derived state by state from
// its sequencer (docs/perf-model.md has the derivation). It assumes what the
// core sees in steady streaming: TVALID never withheld, TREADY never
// withheld, a configured core whose every layer has received WEIGHTS.
// Under those conditions it is meant to be exact, not a fit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "frame_activity.hpp"
#include "network.hpp"

namespace trinity::perf {

struct CoreTimingConfig {
  uint32_t lanes = 32;  // the core's LANES parameter: a power of two >= 4
  bool trace = false;   // CONFIG's trace flag: a TRACE packet per layer and timestep
  uint32_t coders = 8;  // the rate coder's CODERS parameter (IMAGE packets): 1, 2, 4, 8, 16 or 32
  // The core's ENGINES parameter: a power of two 1 ... 64. Engine e scans
  // and issues the inputs j of a layer with j mod ENGINES == e into its own
  // accumulator bank, or, where the layer's rows split into row groups
  // (row_split_log), a group's rows of several such slices; 1 is the
  // single-engine core.
  uint32_t engines = 1;
};

// Cycles of one frame from the clock edge that accepts its FRAME header to
// the edge that hands over its RESULT's TLAST word, split by phase, when the
// core had nothing else to do: the batch-1 latency. In a back-to-back stream
// a FRAME's or IMAGE's words, its verdict and an IMAGE's rate code happen
// while the previous frame computes (streamed_cycles).
struct FrameCycles {
  uint64_t reception = 0;   // header, frame id and spike words at 1 word/cycle, plus the verdict cycle
  uint64_t load = 0;        // timestep 0: frame buffer -> input spike vector, and any wait for the prefetch of the next
  uint64_t accumulate = 0;  // per layer and timestep: word scan and synaptic events
  uint64_t update = 0;      // per layer and timestep: neuron update rows and pipeline drain
  uint64_t trace = 0;       // per layer and timestep when trace is on
  uint64_t result = 0;      // argmax pass and the RESULT packet
  uint64_t code = 0;  // IMAGE only: the rate coder writing the spike words, started at its verdict (0 for a FRAME)
  uint64_t code_ready = 0;       // IMAGE only: the cycle, from its first word, from which the coder's setup is done
  uint64_t words = 0;            // the packet's words, header included (reception is these plus the verdict)
  uint64_t first_load = 0;       // StFrameLoad when it reads timestep 0's words itself: w(n_in) + 2 (in load)
  uint64_t last_step_start = 0;  // from StFrameLoad's first cycle to the first StLayerStart of timestep T - 1

  uint64_t total() const { return reception + load + accumulate + update + trace + result + code; }
  // Cycles in which the core takes the next FRAME's or IMAGE's words, and
  // codes a good IMAGE: StFrameLoad to StResult, not the rate coder's phase.
  uint64_t overlap_window() const { return load + accumulate + update + trace + result; }
  // Cycles from the first StLayerStart of the last timestep to the window's
  // end: the preload of the next frame may start from there on.
  uint64_t last_step_left() const { return overlap_window() - last_step_start; }
};

// The frame's cycles from the end of an overlap window (the previous
// frame's RESULT TLAST) to its own StFrameLoad, when its packet's words could
// arrive from `window` cycles before that end, one a cycle: its words, its
// verdict and (an IMAGE) the rate coder run inside the window as far as they
// fit (docs/perf-model.md "The streamed period"). With window 0 it is
// reception + code, the frame alone.
uint64_t cycles_after_window(const FrameCycles& frame, uint64_t window);

// The frame as it runs when its packet's words could arrive from `window`
// cycles before the end of the previous frame's overlap window, whose last
// timestep started `last_step_left` cycles before that end: once its good
// verdict waits (an IMAGE: once coded) in that last timestep, the core
// preloads its timestep-0 words, and its StFrameLoad shrinks from
// first_load to the cycles the preload still needs, at least 1
// (docs/perf-model.md "The streamed period"). Without a window: the frame.
FrameCycles preloaded(const FrameCycles& frame, uint64_t window, uint64_t last_step_left);

// The frame period in a back-to-back stream: from the previous frame's
// RESULT TLAST to this one's, input never stalled, output never
// back-pressured: cycles_after_window(frame, W) + preloaded(frame, W,
// previous.last_step_left()).overlap_window(), W = previous.overlap_window().
// `previous` as it ran: itself preloaded (streamed_frames).
uint64_t streamed_cycles(const FrameCycles& previous, const FrameCycles& frame);

// A session's frames as they run back to back: frame 0 alone (or after
// `before`, as it ran), each later one preloaded after the one before it.
std::vector<FrameCycles> streamed_frames(const std::vector<FrameCycles>& frames, const FrameCycles* before = nullptr);

// A session's frames streamed back to back (input never stalled, output
// never back-pressured), cycle by cycle across frames: with LAG 1 the
// walker goes on to a frame's first item while the frame before finishes
// its last passes and the result machine sends its RESULT
// (rtl/trinity_sequencer.sv cont, docs/rtl.md "One work list across
// frames"); where it cannot, the frame is taken as before (StResult,
// StVerdict, StFrameLoad: cycles_after_window, preloaded). frames[k] is
// predict_frame_cycles or predict_image_cycles of activity[k] (the packet
// kind). result_end[k]: the edge that hands over frame k's RESULT TLAST,
// counted from the one that accepts frame 0's header (result_end[0] =
// frames[0].total()); continued[k]: frame k began with cont; else
// window[k] is the window its packet had (cycles_after_window; 0 for frame
// 0) and first_load[k] its StFrameLoad's cycles (preloaded: fewer than
// frames[k].first_load).
struct StreamRun {
  std::vector<uint64_t> result_end;
  std::vector<bool> continued;
  std::vector<uint64_t> window, first_load;
};
StreamRun run_stream(const Network& net, const CoreTimingConfig& config, const std::vector<FrameActivity>& activity,
                     const std::vector<FrameCycles>& frames);

// A workload streamed back to back and repeated (frame 0 follows the last,
// as it ran): each frame's period as a FRAME packet and as an IMAGE packet
// the core rate-codes with config.coders generators. frames[k] is
// predict_frame_cycles of activity[k]. What `trinity estimate` and `make
// bench-host` project a core's rate from.
struct StreamedPeriods {
  std::vector<uint64_t> frame, image;
};
StreamedPeriods streamed_periods(const Network& net, const CoreTimingConfig& config,
                                 const std::vector<FrameActivity>& activity, const std::vector<FrameCycles>& frames);

// Rows of LANES neurons a layer of n_out neurons occupies.
uint32_t rows_for(uint32_t n_out, uint32_t lanes);

// Cycles one engine (rtl/trinity_engine.sv: the word scanner, the
// two-stage pick pipeline and the row issue, simulated cycle by cycle)
// takes, up to and including the first cycle after which it issues at most
// one more row (its done_o; until 2026-12-07 the first cycle it was idle),
// on a scan of `words` 32-bit words holding
// spikes_per_word[0 ... words-1] spikes in scan order, each spike issuing
// `rows` rows. The count per word is all that matters: the pick order
// within a word changes addresses, not cycles.
uint64_t engine_accumulate_cycles(const uint32_t* spikes_per_word, size_t words, uint32_t rows);

// log2 of the row groups EO a layer of `rows` rows splits into on a core
// of LANES lanes and ENGINES engines (rtl/trinity_layer_config.sv, docs/rtl.md
// "Row groups"): the largest s <= min(log2 ENGINES, 2) with rows a multiple
// of 2^s * 2^GROUP_LOG, GROUP_LOG = max(1, 5 - log2 LANES); 0 if none.
uint32_t row_split_log(uint32_t rows, uint32_t lanes, uint32_t engines);

// StLayerStart and StAccumulate of one layer and timestep: 1 + the slowest
// engine's engine_accumulate_cycles + 1, the cycle the sequencer takes to
// see every engine done (registered; the item's last row issues in it).
// Slice s holds inputs s, s + E, s + 2E, ... in ceil(ceil(n_in/32) / E) words; with EO = 2^split_log row groups and
// EI = E / EO, engine e scans the EO slices (e mod EI) + k * EI in turn and
// issues rows / EO rows an event (split_log 0: slice e, every row).
// Throws std::invalid_argument for a bad ENGINES, a split that does not
// divide the rows or the engines, or a vector that is not ceil(n_in/32)
// words with nothing set from n_in on.
uint64_t layer_accumulate_cycles(const LayerStepActivity& step, uint32_t n_in, uint32_t rows, uint32_t engines,
                                 uint32_t split_log = 0);

// Cycles the lanes' registered adder tree over the ENGINES accumulator
// banks adds to the update pipeline: max(0, ceil(log2 E) - 1) for E > 1,
// 0 for E = 1 (the ENGINES core's specification, to be confirmed on its
// RTL; kept in this one function so that is a one-line change).
uint32_t merge_latency(uint32_t engines);

// Throws std::invalid_argument when lanes is not a power of two >= 4,
// engines not a power of two 1 ... 64, or the activity's shape (timesteps,
// layers, input words per layer) does not match the network.
FrameCycles predict_frame_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity);

// The same for an IMAGE packet (protocol v2) whose rate code gave these
// spikes: reception of the pixel words instead of the spike words, plus the
// rate coder's phase; the computation is the FRAME's. Throws
// std::invalid_argument also when coders is not 1, 2, 4, 8, 16 or 32.
FrameCycles predict_image_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity);

// The event-driven lower bound docs/rtl.md quotes: every synaptic event row
// plus one update row per row group, nothing else. With ENGINES E the
// engines share a layer's event rows, at best evenly, and wait for each
// other at every layer and timestep, so each (t, l) adds
// ceil(spikes * R / E) + R: at most one cycle per (t, l) above the
// rational sum of bench/engines_model.py's issue_bound, and still a bound.
uint64_t event_lower_bound(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity);
// The same with ENGINES 1.
uint64_t event_lower_bound(const Network& net, uint32_t lanes, const FrameActivity& activity);

// The same bound for a core whose engines own fixed input slices (this
// core: row_split_log's groups of layer_accumulate_cycles): per (t, l) the
// slowest engine's event rows, max_e (its slices' spikes) * R / EO, + R.
// A core whose engines meet at every layer and timestep (this one, and
// every schedule of bench/engines_model.py) cannot take fewer cycles, however
// well it overlaps; what it takes above this is fixed cost (fills, drains,
// the result), what this is above event_lower_bound is the slices' imbalance.
uint64_t slice_lower_bound(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity);

}  // namespace trinity::perf
