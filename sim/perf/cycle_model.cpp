// SPDX-License-Identifier: Apache-2.0
#include "cycle_model.hpp"

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace trinity::perf {

namespace {

uint64_t words32(uint32_t n) { return (uint64_t{n} + 31) / 32; }

// Cycles from an update row entering the lanes to its spikes
// (trinity_pkg::UPD_SPIKE_LATENCY, the lanes' stages U1 ... U10).
constexpr uint64_t kUpdateLatency = 10;
// Cycles from the slowest engine's done (its last row, or its scan's end)
// to StAccumulate seeing it (rtl/trinity_sequencer.sv's registered
// all_idle_q), for every ENGINES.
constexpr uint64_t kJointIdleLatency = 1;
// Cycles from a packet's TLAST to the sequencer acting on its verdict
// (trinity_receiver's VERDICT_LAT).
constexpr uint64_t kVerdictLatency = 5;

void check_engines(uint32_t engines) {
  if (engines < 1 || engines > 64 || (engines & (engines - 1)) != 0)
    throw std::invalid_argument("ENGINES must be a power of two 1 ... 64, got " + std::to_string(engines));
}

void check_inputs(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  const uint32_t lanes = config.lanes;
  if (lanes < 4 || (lanes & (lanes - 1)) != 0)
    throw std::invalid_argument("LANES must be a power of two >= 4, got " + std::to_string(lanes));
  check_engines(config.engines);
  if (activity.timesteps != net.timesteps || activity.layers != net.layers.size() ||
      activity.steps.size() != size_t{activity.timesteps} * activity.layers)
    throw std::invalid_argument("frame activity does not match the network's timesteps and layers");
}

// The input vector must be the sequencer's: ceil(n_in/32) words, nothing
// from n_in on (the core's vectors are zero there, and an engine's slice
// would pick up a stray bit as an event).
void check_words(const LayerStepActivity& step, uint32_t n_in) {
  if (step.words.size() != words32(n_in))
    throw std::invalid_argument("frame activity: " + std::to_string(step.words.size()) +
                                " input words where the layer's " + std::to_string(n_in) + " inputs need " +
                                std::to_string(words32(n_in)) + " (no spike positions?)");
  if (n_in % 32 != 0 && (step.words.back() >> (n_in % 32)) != 0)
    throw std::invalid_argument("frame activity: a spike beyond the layer's " + std::to_string(n_in) + " inputs");
}

}  // namespace

uint32_t rows_for(uint32_t n_out, uint32_t lanes) { return (n_out + lanes - 1) / lanes; }

namespace {

// Slice s is slice[j'] = in[j'*E + s], ceil(words_in / E) words (bits past
// n_in are zero), so input j lands in word (j / E) / 32 of slice j mod E.
// Only each word's spike count matters, so count them straight from the
// set bits: [slice][slice word], ceil(words_in / E) words a slice.
std::vector<uint32_t> slice_word_counts(const LayerStepActivity& step, uint32_t engines) {
  const size_t slice_words = (step.words.size() + engines - 1) / engines;
  std::vector<uint32_t> counts(slice_words * engines, 0);
  for (size_t k = 0; k < step.words.size(); ++k)
    for (uint32_t bits = step.words[k]; bits != 0; bits &= bits - 1) {
      const uint32_t j = static_cast<uint32_t>(32 * k) + static_cast<uint32_t>(__builtin_ctz(bits));
      ++counts[(j % engines) * slice_words + (j / engines) / 32];
    }
  return counts;
}

}  // namespace

// A transcription of one engine in StAccumulate (rtl/trinity_engine.sv):
// per cycle, the held word and the next word (how many of their spikes are
// not yet picked; a next word of none is an empty slot), the next word to
// scan, the pick pipeline's two valid bits (ev0, ev1) and the row
// issue (event_q, row_q). The first word is loaded into the next slot in
// StLayerStart (start_i), so StAccumulate's first cycle can pick from it.
// The stages advance together when stage 1 is empty or its event starts
// issuing (ev_take); a pick takes the held word's lowest pending spike, or,
// with the held word empty, the next word's, which then becomes the held
// word (promotion). The scanner loads the next slot whenever it is empty or
// promoted, so words follow each other with no bubble and an empty word
// costs the pick nothing unless the slot runs dry. The engine is done
// (done_o) from the cycle after which at most one row is left: both words
// empty, nothing left to scan, pick stage 0 empty, and either the event's
// next row is its last, or no event goes on and stage 1 holds none or an
// event of one row; that cycle is the last counted here (the sequencer
// registers it, so the item's last row issues in the cycle the walker
// hands over). No closed form: where empty words fall against the picks
// depends on their order, which is why the model needs the spike
// positions.
uint64_t engine_accumulate_cycles(const uint32_t* spikes_per_word, size_t words, uint32_t rows) {
  if (rows == 0) throw std::invalid_argument("a layer has at least one row");
  const uint32_t last_row = rows - 1;
  // Word 0, loaded into the next slot in StLayerStart.
  uint32_t held = 0;                                  // held_spikes_q's pending spikes
  uint32_t nxt = words > 0 ? spikes_per_word[0] : 0;  // next_spikes_q's
  size_t next = words > 0 ? 1 : 0;                    // scan_word_q
  bool ev0 = false, ev1 = false, event = false;
  uint32_t row = 0;
  for (uint64_t cycle = 1;; ++cycle) {
    // Stage 1 waits for the current event's rows and the scanner has
    // nothing to do (the next slot full, or no word left): only row_q moves
    // until the event's last row, so skip to it (keeps dense layers
    // O(events)).
    if (event && row < last_row && ev1 && (nxt != 0 || next >= words)) {
      cycle += last_row - row;
      row = last_row;
    }
    const bool src_any = held != 0 || nxt != 0;
    const bool more_rows = event && row != last_row;
    // done_o: no row after the next cycle. Nothing left to scan or in
    // stage 0, and either no event goes on and stage 1 holds none or an
    // event of one row, or the event's next row is its last and stage 1 is
    // empty.
    const bool done = !src_any && next >= words && !ev0 &&
                      ((!more_rows && (!ev1 || last_row == 0)) || (more_rows && !ev1 && row + 1 == last_row));
    if (done) return cycle;
    const bool advance = !ev1 || !more_rows;  // !ev1_q || ev_take
    uint32_t held_d = held, nxt_d = nxt;
    bool promote = false;
    bool ev0_d = ev0, ev1_d = ev1;
    if (advance) {
      ev1_d = ev0;
      ev0_d = src_any;
      if (held != 0) {
        --held_d;  // its lowest pending spike picked
      } else if (nxt != 0) {
        held_d = nxt - 1;  // the next word's lowest, and the word moves up
        promote = true;
      }
    }
    if (nxt == 0 || promote) nxt_d = next < words ? spikes_per_word[next++] : 0;
    if (more_rows) {
      ++row;
    } else if (ev1) {
      event = true;
      row = 0;
    } else {
      event = false;
      row = 0;
    }
    held = held_d;
    nxt = nxt_d;
    ev0 = ev0_d;
    ev1 = ev1_d;
  }
}

uint32_t row_split_log(uint32_t rows, uint32_t lanes, uint32_t engines) {
  check_engines(engines);
  uint32_t lane_log = 0, engine_log = 0;
  while ((uint32_t{1} << lane_log) < lanes) ++lane_log;
  while ((uint32_t{1} << engine_log) < engines) ++engine_log;
  const uint32_t group_log = lane_log < 5 ? 5 - lane_log : 0;
  const uint32_t max_split = std::min<uint32_t>(engine_log, 3);
  uint32_t split = 0;
  for (uint32_t s = 1; s <= max_split; ++s)
    if (rows % (uint32_t{1} << (group_log + s)) == 0) split = s;
  return split;
}

uint64_t layer_accumulate_cycles(const LayerStepActivity& step, uint32_t n_in, uint32_t rows, uint32_t engines,
                                 uint32_t split_log) {
  check_engines(engines);
  check_words(step, n_in);
  const uint32_t groups = uint32_t{1} << split_log;
  if (split_log > 3 || groups > engines || rows % groups != 0)
    throw std::invalid_argument("a row split of " + std::to_string(groups) + " groups for " + std::to_string(rows) +
                                " rows and " + std::to_string(engines) + " engines");
  const size_t slice_words = (step.words.size() + engines - 1) / engines;
  const std::vector<uint32_t> counts = slice_word_counts(step, engines);  // [slice][slice word]
  // Engine e scans slices (e mod EI) + k * EI, k = 0 ... EO - 1, word after
  // word with no gap between slices (rtl/trinity_engine.sv), issuing rows / EO
  // rows an event. StLayerStart is shared; StAccumulate lasts until the
  // sequencer has seen every engine done, which it registers (all_idle_q, to
  // keep the AND over the engines' done logic away from the state register):
  // the cycle after the slowest engine's done cycle.
  const uint32_t per_group = engines / groups;
  std::vector<uint32_t> scan(slice_words * groups);
  uint64_t slowest = 0;
  for (uint32_t e = 0; e < engines; ++e) {
    for (uint32_t k = 0; k < groups; ++k) {
      const uint32_t slice = e % per_group + k * per_group;
      std::copy_n(counts.begin() + static_cast<ptrdiff_t>(slice * slice_words), slice_words,
                  scan.begin() + static_cast<ptrdiff_t>(k * slice_words));
    }
    slowest = std::max(slowest, engine_accumulate_cycles(scan.data(), scan.size(), rows / groups));
  }
  return 1 + slowest + kJointIdleLatency;
}

uint32_t merge_latency(uint32_t engines) {
  check_engines(engines);
  uint32_t levels = 0;  // ceil(log2 engines); engines is a power of two
  while ((uint32_t{1} << levels) < engines) ++levels;
  return engines > 1 && levels > 1 ? levels - 1 : 0;
}

namespace {

// An item of the sequencer's work list: layer l of timestep t.
struct WorkItem {
  uint32_t t = 0;
  uint32_t l = 0;
};

// rtl/trinity_sequencer.sv's work list: with two layers and no TRACE, layer
// 0 runs one timestep ahead (LAG 1): (0,0), (1,0), (0,1), (2,0), (1,1), ...,
// (T-1,0), (T-2,1), (T-1,1); otherwise layer after layer, timestep after
// timestep.
std::vector<WorkItem> work_list(uint32_t timesteps, uint32_t layers, bool lag1) {
  std::vector<WorkItem> items;
  items.reserve(size_t{timesteps} * layers);
  if (lag1) {
    for (uint32_t g = 0; g <= timesteps; ++g) {
      if (g < timesteps) items.push_back({g, 0});
      if (g >= 1) items.push_back({g - 1, 1});
    }
  } else {
    for (uint32_t t = 0; t < timesteps; ++t)
      for (uint32_t l = 0; l < layers; ++l) items.push_back({t, l});
  }
  return items;
}

// Cycles the update machine's UpdSettle lasts before a pass's first row
// (the layer configuration and the pass's controls are registered;
// trinity_upd_ctrl carries them down the lanes' stages).
constexpr uint64_t kPassSettle = 2;
// A memory is free for the walker's next item once its pass reads its last
// row at most this many cycles later (rtl/trinity_sequencer.sv UPD_NEAR:
// the item's first event row comes 4 cycles after the move, its engines
// started in the move's cycle).
constexpr uint64_t kUpdNear = 3;

// One frame of a stream as the walker runs it: its work list and each
// item's StLayerStart + StAccumulate cycles (layer_accumulate_cycles). An
// item the walker moves to from the one before (item_next, cont) has no
// StLayerStart: its engines start in the move's cycle (the hand-over of
// the item before, or StLayerNext / StPassWait), so it costs one cycle less
// (rtl/trinity_sequencer.sv fold); only a frame's first item after
// StFrameLoad has one.
struct FrameWork {
  std::vector<WorkItem> items;
  std::vector<uint64_t> acc;
};

// The preload of a packet (rtl/trinity_sequencer.sv pre_start) may start,
// counted from the first cycle its words may arrive (one a cycle), once its
// verdict is ready, v = words + 4, or for an IMAGE once its coder, started
// then, has sent its done pulse and it was registered (v + code + 1). It
// starts in the first such cycle s from the previous frame's last
// timestep's first StLayerStart (`step`) on, and is done (pf_active_q low)
// from s + w0 + 3 = s + first_load + 1 (docs/perf-model.md "The preload").
uint64_t preload_start(const FrameCycles& packet, uint64_t step) {
  const uint64_t v = packet.words + kVerdictLatency - 1;
  return std::max(step, packet.code == 0 ? v : v + packet.code + 1);
}

// What the walker needs of the frame after frame k (k + 1) to go on to it
// without a StFrameLoad (rtl/trinity_sequencer.sv cont): the cycle from
// which its timestep 0 is preloaded (pre_q high, pf_active_q low), its
// packet arriving from `arrival` and frame k's last timestep starting at
// `last_step_start` (both absolute, last_step_start >= arrival).
uint64_t preload_done(const FrameCycles& packet, uint64_t arrival, uint64_t last_step_start) {
  return arrival + preload_start(packet, last_step_start - arrival) + packet.first_load + 1;
}

// Frames from the first StLayerStart of frame `first` (cycle `start`) on,
// cycle by cycle: the walker (StLayerStart, StAccumulate, StLayerNext,
// StPassWait, StTrace), the update machine (UpdIdle, UpdSettle, UpdIssue,
// UpdDrain) and the result machine (ResIdle, ResWait, busy) as
// rtl/trinity_sequencer.sv runs them, each reading the other's registered
// flags. With LAG 1 the walker goes on to the next frame's first item (cont)
// once that frame's packet is preloaded (preload_done), the result machine
// is free and the item's memory is free; otherwise the run ends where the
// walker starts the argmax itself (StPassWait, every pass done). Cycles
// are absolute: the caller's.
struct StreamFrameRun {
  uint64_t argmax = 0;           // the result machine's first ResArgmax cycle
  uint64_t last_step_start = 0;  // the StLayerStart of layer 0 of timestep T - 1
  bool continued = false;        // the frame began with cont (no StFrameLoad)
};
struct Schedule {
  std::vector<StreamFrameRun> frames;  // frames first ... first + frames.size() - 1
  uint64_t next_arrival = 0;           // the next frame's packet may arrive from here (the last frame's start)
  uint64_t trace = 0;                  // StTrace cycles
  uint64_t prefetch_wait = 0;          // StLayerNext cycles that wait for the prefetch alone
};

Schedule run_schedule(const Network& net, const CoreTimingConfig& config, const std::vector<FrameWork>& work,
                      const std::vector<const FrameCycles*>& packets, size_t first, uint64_t start, uint64_t arrival,
                      uint64_t update_latency, uint64_t prefetch_words, uint64_t result_cycles) {
  enum class Walk { LayerStart, Accumulate, LayerNext, PassWait, Trace };
  enum class Upd { Idle, Settle, Issue, Drain };
  const uint32_t layers = static_cast<uint32_t>(net.layers.size());
  const uint32_t steps = net.timesteps;
  const bool lag1 = !config.trace && layers == 2;
  const uint64_t never = std::numeric_limits<uint64_t>::max();
  Schedule out;
  // The frames' items, one list: frame fr, item i of it.
  struct Ref {
    size_t frame = 0;
    WorkItem it;
    uint64_t acc = 0;
    bool last = false;  // the frame's last item
  };
  std::vector<Ref> items;
  size_t loaded = first;  // frames whose items are in `items`
  const auto load_frame = [&]() {
    const FrameWork& w = work[loaded];
    for (size_t i = 0; i < w.items.size(); ++i)
      items.push_back({loaded, w.items[i], w.acc[i], i + 1 == w.items.size()});
    ++loaded;
  };
  load_frame();
  out.frames.push_back({});
  // Walker.
  Walk walk = Walk::LayerStart;
  size_t item = 0;
  uint64_t left = 0;  // cycles left in StAccumulate / StTrace after this one
  bool item_bank = false;
  // The prefetch of timestep 1 starts with the first StLayerStart:
  // pf_active_q is high for cycles [pf_start, pf_start + words + 2).
  bool pf_running = steps > 1;
  uint64_t pf_start = start;
  if (steps == 1) out.frames[0].last_step_start = start;
  uint64_t next_arrival = arrival;  // the next frame's packet's first word
  // Flags between the machines.
  bool acc_done[2] = {false, false};
  size_t bank_item[2] = {0, 0};
  bool vec_full = false;
  // Update machine.
  Upd upd = Upd::Idle;
  bool upd_bank = false;
  size_t pass = 0;              // the pass's item
  uint64_t settle = 0;          // UpdSettle cycles left after this one
  uint64_t row = 0;             // UpdIssue's row
  uint64_t drained = 0;         // UpdDrain: the cycle that sees the pipeline empty
  uint64_t wvec_clear = 0;      // the first cycle with no row of a pass that writes out_spikes in the pipeline
  uint64_t vec_landed = never;  // a layer-l < L - 1 pass's spikes landed
  bool overlapped = false;      // the pass started while the one before drained ...
  uint32_t overlapped_l = 0;    // ... whose layer this is
  // Result machine: the frame whose RESULT it holds (from cont), the cycle
  // its last pass's marker reaches ResWait (res_cv_q) and the cont cycle.
  bool res_held = false;
  size_t res_frame = 0;
  std::vector<uint64_t> marker;   // per frame of the run: its last pass's marker, or never
  std::vector<uint64_t> cont_at;  // ... the cycle the walker left it by cont
  marker.push_back(never);
  const auto res_busy = [&](uint64_t now) {
    if (!res_held) return false;
    const uint64_t m = marker[res_frame - first];
    return m == never || now < std::max(m, cont_at[res_frame - first]) + 1 + result_cycles;
  };
  // A pass in memory `half` may settle: its item accumulated, and, if it
  // writes out_spikes, the spikes there taken and no such pass draining; a
  // counting pass of timestep 0 not while the result machine holds another
  // frame's RESULT (res_lock).
  const auto pass_may_start = [&](bool half, uint64_t now) {
    if (!acc_done[half]) return false;
    const Ref& r = items[bank_item[half]];
    const bool writes_vec = config.trace || r.it.l + 1 < layers;
    if (writes_vec && (vec_full || now < wvec_clear)) return false;
    return !(r.it.t == 0 && r.it.l + 1 == layers && res_busy(now) && res_frame != r.frame);
  };
  for (uint64_t cycle = start;; ++cycle) {
    bool acc_done_d[2] = {acc_done[0], acc_done[1]};
    bool vec_full_d = vec_full;
    bool item_bank_d = item_bank;
    Walk walk_d = walk;
    bool end = false;
    // A memory the next item may take: no pass waits for it, or its pass
    // reads its last row within kUpdNear cycles.
    const auto half_free = [&](bool half) {
      if (!acc_done[half]) return true;
      if (upd != Upd::Issue || upd_bank != half) return false;
      return rows_for(net.layers[items[pass].it.l].n_out, config.lanes) - 1 - row <= kUpdNear;
    };
    // The walker's move to the next item (item_next, or cont into the next
    // frame's first): its memory, and a layer-0 item's prefetch. Its engines
    // start in this cycle (fold): StAccumulate next.
    const auto move_next = [&](uint64_t now) {
      const WorkItem& next = items[item + 1].it;
      item_bank_d = !item_bank;
      ++item;
      walk_d = Walk::Accumulate;
      left = items[item].acc - 2;  // StAccumulate's cycles after its first
      if (next.l == 0) {
        if (next.t + 1 < steps) {
          pf_running = true;
          pf_start = now + 1;
        } else {
          pf_running = false;
        }
        if (next.t + 1 == steps) out.frames.back().last_step_start = now + 1;
      } else {
        vec_full_d = false;
      }
    };
    // item_next: when its memory is free and its input there (next_ready),
    // from the registered flags.
    const auto try_next = [&](uint64_t now) {
      const WorkItem& next = items[item + 1].it;
      const bool pf_active = pf_running && now < pf_start + prefetch_words + 2;
      if (!half_free(!item_bank) || (next.l == 0 ? pf_active : !vec_full)) return false;
      move_next(now);
      return true;
    };
    // cont: the frame's last item has handed over; the next frame's packet
    // is preloaded, the result machine free, the next item's memory free.
    const auto try_cont = [&](uint64_t now) {
      const size_t fr = items[item].frame;
      if (!lag1 || fr + 1 >= work.size() || res_busy(now) || !half_free(!item_bank)) return false;
      if (now < preload_done(*packets[fr + 1], next_arrival, out.frames.back().last_step_start)) return false;
      res_held = true;
      res_frame = fr;
      cont_at.push_back(now);
      load_frame();
      out.frames.push_back({});
      out.frames.back().continued = true;
      marker.push_back(never);
      next_arrival = now + 1;
      move_next(now);
      return true;
    };
    const WorkItem& it = items[item].it;
    switch (walk) {
      case Walk::LayerStart:
        walk_d = Walk::Accumulate;
        left = items[item].acc - 2;  // StAccumulate's cycles after its first
        break;
      case Walk::Accumulate:
        if (left > 0) {
          --left;
          break;
        }
        if (acc_done[item_bank]) break;  // the pass before it in its memory reads its last rows
        acc_done_d[item_bank] = true;    // the hand-off
        bank_item[item_bank] = item;
        // On to the next item in this cycle if it can start (else
        // StLayerNext waits for it); the frame's last item goes on to the
        // next frame's first, or waits for its pass.
        if (items[item].last && try_cont(cycle)) break;
        if (config.trace || items[item].last)
          walk_d = Walk::PassWait;
        else if (!try_next(cycle))
          walk_d = Walk::LayerNext;
        break;
      case Walk::PassWait:
        if (items[item].last && try_cont(cycle)) break;
        if (upd == Upd::Idle && !acc_done[0] && !acc_done[1] && !res_busy(cycle)) {
          if (config.trace) {
            left = 3 + words32(net.layers[it.l].n_out) - 1;
            out.trace += left + 1;
            walk_d = Walk::Trace;
          } else {
            end = true;
          }
        }
        break;
      case Walk::Trace:
        if (left > 0) {
          --left;
          break;
        }
        walk_d = Walk::LayerNext;
        break;
      case Walk::LayerNext: {
        if (items[item].last) {
          if (config.trace)
            end = true;
          else
            walk_d = Walk::PassWait;
          break;
        }
        const WorkItem& next = items[item + 1].it;
        const bool pf_active = pf_running && cycle < pf_start + prefetch_words + 2;
        if (next.l == 0 && half_free(!item_bank) && pf_active) ++out.prefetch_wait;
        try_next(cycle);
        break;
      }
    }
    if (end) {
      // The walker starts the argmax (res_start): ResArgmax next cycle.
      // A frame the walker left by cont: ResArgmax from the cycle after
      // the one in which both its marker and the cont have come.
      out.frames.back().argmax = cycle + 1;
      for (size_t k = 0; k + 1 < out.frames.size(); ++k) out.frames[k].argmax = std::max(marker[k], cont_at[k]) + 1;
      out.next_arrival = next_arrival;
      return out;
    }
    // A pass starts (UpdSettle next): from Idle in its own memory, from
    // Drain in the next one, overlapping the draining pass.
    const auto start_pass = [&](bool half, bool over) {
      if (over) overlapped_l = items[pass].it.l;
      overlapped = over;
      upd_bank = half;
      pass = bank_item[half];
      settle = kPassSettle - 1;
      upd = Upd::Settle;
    };
    switch (upd) {
      case Upd::Idle:
        if (pass_may_start(upd_bank, cycle)) start_pass(upd_bank, false);
        break;
      case Upd::Settle:
        if (settle == 0) {
          row = 0;
          upd = Upd::Issue;
        } else {
          --settle;
        }
        break;
      case Upd::Issue:
        if (row + 1 == rows_for(net.layers[items[pass].it.l].n_out, config.lanes)) {
          acc_done_d[upd_bank] = false;
          drained = cycle + update_latency + 1;
          if (config.trace || items[pass].it.l + 1 < layers) wvec_clear = drained;
          if (items[pass].it.l + 1 < layers) vec_landed = drained;
          // The frame's last pass: its marker reaches ResWait in the cycle
          // StPassWait would see it done (drained + 1).
          if (items[pass].last) marker[items[pass].frame - first] = drained + 1;
          upd = Upd::Drain;
        } else {
          ++row;
        }
        break;
      case Upd::Drain:
        // A pass of another layer may settle while this one drains, unless
        // it is the layer of a pass this one overlapped (its rows may still
        // be in the pipeline).
        if (pass_may_start(!upd_bank, cycle) && items[bank_item[!upd_bank]].it.l != items[pass].it.l &&
            !(overlapped && items[bank_item[!upd_bank]].it.l == overlapped_l)) {
          start_pass(!upd_bank, true);
        } else if (cycle == drained) {
          upd_bank = !upd_bank;
          upd = Upd::Idle;
        }
        break;
    }
    if (cycle == vec_landed) vec_full_d = true;
    acc_done[0] = acc_done_d[0];
    acc_done[1] = acc_done_d[1];
    vec_full = vec_full_d;
    item_bank = item_bank_d;
    walk = walk_d;
  }
}

// The frame's work list and each item's StLayerStart + StAccumulate cycles.
FrameWork frame_work(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  const bool lag1 = !config.trace && activity.layers == 2;
  FrameWork w;
  w.items = work_list(net.timesteps, activity.layers, lag1);
  for (const WorkItem& item : w.items) {
    const Layer& layer = net.layers[item.l];
    const uint32_t rows = rows_for(layer.n_out, config.lanes);
    w.acc.push_back(layer_accumulate_cycles(activity.at(item.t, item.l), layer.n_in, rows, config.engines,
                                            row_split_log(rows, config.lanes, config.engines)));
  }
  return w;
}

// The result machine's cycles, ResArgmax's first to the RESULT's TLAST.
// ResArgmax: one count-row read per cycle, one cycle for the last read to
// land, log2(LANES) for the registered argmax tree, one to see it done.
// ResResult: 3 header words, then two counts per word; each count row
// after the first costs two cycles (new read address, then one cycle for
// the synchronous RAM).
uint64_t result_cycles(const Network& net, const CoreTimingConfig& config) {
  const uint64_t last_rows = rows_for(net.outputs(), config.lanes);
  const uint64_t count_words = (uint64_t{net.outputs()} + 1) / 2;
  uint64_t tree_levels = 0;
  while ((uint32_t{1} << tree_levels) < config.lanes) ++tree_levels;
  return (last_rows + 2 + tree_levels) + (3 + count_words + 2 * (last_rows - 1));
}

}  // namespace

FrameCycles predict_frame_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  check_inputs(net, config, activity);
  FrameCycles c;
  const uint64_t merge = merge_latency(config.engines);
  const uint64_t w0 = words32(net.inputs());
  const uint64_t steps = net.timesteps;

  // StReceive takes the header, the frame id and T*w0 spike words one per cycle;
  // StVerdict waits kVerdictLatency cycles for the receiver's registered verdict.
  c.words = 2 + steps * w0;
  c.reception = c.words + kVerdictLatency;
  // StFrameLoad (timestep 0 only) issues w0 synchronous frame-buffer reads,
  // then one cycle for the last read to land and one to see it empty. The
  // words of timestep t + 1 are prefetched with the same counters from the
  // StLayerStart of layer 0 of t, all in by cycle w0 + 2 of it
  // (run_schedule waits for them).
  c.load = w0 + 2;
  c.first_load = c.load;

  // The work list, run by the walker and the update machine (run_schedule),
  // the frame alone: from its first StLayerStart (cycle 0) to its StArgmax.
  const std::vector<FrameWork> work{frame_work(net, config, activity)};
  // Every item but the first starts in the cycle the walker moves to it
  // (no StLayerStart).
  c.accumulate = std::accumulate(work[0].acc.begin(), work[0].acc.end(), uint64_t{0}) - (work[0].acc.size() - 1);
  c.result = result_cycles(net, config);
  const Schedule run = run_schedule(net, config, work, {}, 0, 0, 0, kUpdateLatency + merge, w0, c.result);
  const uint64_t span = run.frames[0].argmax;
  // The walker's waits for the prefetch count as load; everything else it
  // spends outside StLayerStart, StAccumulate and StTrace (StLayerNext, its
  // waits for a free memory or a pass's spikes, StPassWait) as update.
  c.trace = run.trace;
  c.load += run.prefetch_wait;
  c.update = span - c.accumulate - c.trace - run.prefetch_wait;
  c.last_step_start = c.load + run.frames[0].last_step_start;
  return c;
}

// The rate coder (trinity_rate_coder). Its setup (the shift-add multiplies
// n*T: 16 cycles, times n_in: 16, the key times PHI: 64) starts with the
// receiver's pulse for the IMAGE's seed (packet word 4) and is done
// (CReady) from cycle kCoderPrep + kCoderSetup = 101, counted as
// cycles_after_window counts a packet (TLAST at words - 1, start seen at the
// verdict v = words + 4). Started in cycle s, it runs from max(s + 1, that):
// so from n_in = 361 on (v >= 100) the setup is hidden in the reception;
// ctest perf-rtl holds both sides to the RTL (small images wait for the
// setup, 784-pixel ones find it done). Then one group of CODERS inputs per
// cycle, 32/CODERS groups per spike word, then its 16-stage generator
// pipeline, the word write and the done pulse (17), and one cycle for the
// sequencer to leave StImageCode.
constexpr uint64_t kCoderPrep = 4;
constexpr uint64_t kCoderSetup = 1 + 16 + 16 + 64;
constexpr uint64_t kCoderDrain = 17;

namespace {

// What is left of the coder's setup when its start is seen in cycle
// `start` (counted from the packet's first word): at least that cycle.
uint64_t setup_left(uint64_t code_ready, uint64_t start) { return code_ready > start + 1 ? code_ready - start : 1; }

// The coder's cycles from its start pulse seen in cycle `start` to its done
// pulse: frame.code counts them for a start at the verdict.
uint64_t code_from(const FrameCycles& frame, uint64_t start, uint64_t verdict) {
  return frame.code - setup_left(frame.code_ready, verdict) + setup_left(frame.code_ready, start);
}

}  // namespace

FrameCycles predict_image_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  if (config.coders == 0 || config.coders > 32 || (config.coders & (config.coders - 1)) != 0)
    throw std::invalid_argument("CODERS must be 1, 2, 4, 8, 16 or 32, got " + std::to_string(config.coders));
  FrameCycles c = predict_frame_cycles(net, config, activity);
  // StReceive takes the header, frame id, index, two seed words and
  // ceil(n_in/4) pixel words; then the same verdict wait as a FRAME.
  c.words = 1 + 4 + (uint64_t{net.inputs()} + 3) / 4;
  c.reception = c.words + kVerdictLatency;
  // Started at its verdict (as alone, or while the frame before computes).
  const uint64_t verdict = c.words + kVerdictLatency - 1;
  c.code_ready = kCoderPrep + kCoderSetup;
  c.code = setup_left(c.code_ready, verdict) + uint64_t{net.timesteps} * words32(net.inputs()) * (32 / config.coders) +
           kCoderDrain;
  return c;
}

// Cycles counted from the first cycle the packet's words may arrive, one a
// cycle: its TLAST is taken at words - 1 and its verdict is ready at
// v = words + 4 (VERDICT_LAT after the TLAST). The window ends at cycle W
// (StReceive). A FRAME: StVerdict from W + 1 (the receiver holds an ended
// packet) acts at max(W + 1, v), StFrameLoad one cycle later. An IMAGE whose
// verdict is ready inside the window has its coder started at v, done
// (pulse) at v + code; StVerdict acts at W + 1, StImageCode from W + 2 leaves
// once the pulse was seen: StFrameLoad at max(W + 3, v + code + 1). An IMAGE
// whose verdict comes later is coded after it, as when the core was idle.
uint64_t cycles_after_window(const FrameCycles& frame, uint64_t window) {
  if (frame.words == 0) throw std::invalid_argument("cycles_after_window: a frame without its packet's words");
  const uint64_t w = window;
  const uint64_t v = frame.words + kVerdictLatency - 1;
  uint64_t load_start = 0;
  if (frame.code == 0)
    load_start = std::max(w + 2, v + 1);
  else if (v < w)
    load_start = std::max(w + 3, v + frame.code + 1);
  else
    load_start = std::max(w + 1, v) + 1 + code_from(frame, std::max(w + 1, v), v);
  return load_start - w;
}

// The preload (rtl/trinity_sequencer.sv pre_start) starts in the first
// cycle s of the previous frame's last timestep, from its first
// StLayerStart on, in which the packet's verdict is ready (a FRAME: v, as
// above) or an IMAGE's coder has finished (its done pulse registered: v +
// code + 1), if s is still inside the window (s < W). It reads one word a
// cycle from s + 1 and is done (pf_active_q low) from s + w + 3; StFrameLoad,
// from cycle L = W + cycles_after_window, takes the words in its first
// cycle that sees it done: max(L, s + w + 3) - L + 1 cycles, w + 2 = first_load.
FrameCycles preloaded(const FrameCycles& frame, uint64_t window, uint64_t last_step_left) {
  if (window == 0) return frame;
  const uint64_t s = preload_start(frame, window > last_step_left ? window - last_step_left : 0);
  if (s >= window) return frame;
  const uint64_t load_start = window + cycles_after_window(frame, window);
  const uint64_t wait = std::max(load_start, s + frame.first_load + 1) - load_start + 1;
  if (wait >= frame.first_load) return frame;
  FrameCycles c = frame;
  const uint64_t saved = frame.first_load - wait;
  c.load -= saved;
  c.last_step_start -= saved;
  return c;
}

uint64_t streamed_cycles(const FrameCycles& previous, const FrameCycles& frame) {
  const uint64_t window = previous.overlap_window();
  return cycles_after_window(frame, window) + preloaded(frame, window, previous.last_step_left()).overlap_window();
}

std::vector<FrameCycles> streamed_frames(const std::vector<FrameCycles>& frames, const FrameCycles* before) {
  std::vector<FrameCycles> ran;
  ran.reserve(frames.size());
  for (size_t k = 0; k < frames.size(); ++k) {
    const FrameCycles* previous = k > 0 ? &ran[k - 1] : before;
    ran.push_back(previous ? preloaded(frames[k], previous->overlap_window(), previous->last_step_left()) : frames[k]);
  }
  return ran;
}

namespace {

// `v`, then `v` again.
template <typename T>
std::vector<T> twice(const std::vector<T>& v) {
  std::vector<T> out(v);
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

}  // namespace

StreamRun run_stream(const Network& net, const CoreTimingConfig& config, const std::vector<FrameActivity>& activity,
                     const std::vector<FrameCycles>& frames) {
  if (frames.empty() || activity.size() != frames.size())
    throw std::invalid_argument("a stream needs one activity per frame, at least one");
  std::vector<FrameWork> work;
  std::vector<const FrameCycles*> packets;
  for (size_t k = 0; k < frames.size(); ++k) {
    check_inputs(net, config, activity[k]);
    work.push_back(frame_work(net, config, activity[k]));
    packets.push_back(&frames[k]);
  }
  const uint64_t update_latency = kUpdateLatency + merge_latency(config.engines);
  const uint64_t w0 = words32(net.inputs());
  const uint64_t result = result_cycles(net, config);
  StreamRun out;
  out.result_end.resize(frames.size());
  out.continued.resize(frames.size());
  out.window.resize(frames.size());
  out.first_load.resize(frames.size());
  out.first_load[0] = frames[0].first_load;
  // Frame 0 alone: its header at 0, StFrameLoad after its reception (an
  // IMAGE: and its rate code), its words read there; the next packet may
  // arrive from that StFrameLoad on.
  uint64_t load_start = frames[0].reception + frames[0].code;
  uint64_t start = load_start + frames[0].first_load;
  size_t k = 0;
  for (;;) {
    const Schedule run = run_schedule(net, config, work, packets, k, start, load_start, update_latency, w0, result);
    for (size_t j = 0; j < run.frames.size(); ++j) {
      out.result_end[k + j] = run.frames[j].argmax + result;
      out.continued[k + j] = run.frames[j].continued;
    }
    k += run.frames.size();
    if (k == frames.size()) return out;
    // The walker sent the RESULT itself (StResult) and takes the next packet
    // as before the work list crossed frames: its words and verdict inside
    // the window from its arrival to that RESULT as far as they fit, its
    // timestep 0 preloaded as far as the frame's last timestep allowed.
    const uint64_t end = out.result_end[k - 1];
    const uint64_t window = end - run.next_arrival;
    const FrameCycles ran = preloaded(frames[k], window, end - run.frames.back().last_step_start);
    load_start = end + cycles_after_window(frames[k], window);
    out.window[k] = window;
    out.first_load[k] = ran.first_load - (frames[k].load - ran.load);
    start = load_start + out.first_load[k];
  }
}

StreamedPeriods streamed_periods(const Network& net, const CoreTimingConfig& config,
                                 const std::vector<FrameActivity>& activity, const std::vector<FrameCycles>& frames) {
  if (frames.empty() || activity.size() != frames.size())
    throw std::invalid_argument("streamed periods need one activity per frame, at least one");
  // The workload twice in one stream: the second pass's periods are the
  // repeated workload's (frame 0 after the last, as it ran).
  const size_t n = frames.size();
  std::vector<FrameCycles> images;
  for (const FrameActivity& a : activity) images.push_back(predict_image_cycles(net, config, a));
  const std::vector<FrameActivity> activity2 = twice(activity);
  StreamedPeriods out;
  for (const bool image : {false, true}) {
    const std::vector<uint64_t> ends = run_stream(net, config, activity2, twice(image ? images : frames)).result_end;
    for (size_t k = 0; k < n; ++k) (image ? out.image : out.frame).push_back(ends[n + k] - ends[n + k - 1]);
  }
  return out;
}

uint64_t event_lower_bound(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  check_inputs(net, config, activity);
  const uint64_t engines = config.engines;
  uint64_t bound = 0;
  for (uint32_t t = 0; t < activity.timesteps; ++t)
    for (uint32_t l = 0; l < activity.layers; ++l) {
      const uint64_t rows = rows_for(net.layers[l].n_out, config.lanes);
      bound += (activity.at(t, l).spikes * rows + engines - 1) / engines + rows;
    }
  return bound;
}

uint64_t event_lower_bound(const Network& net, uint32_t lanes, const FrameActivity& activity) {
  CoreTimingConfig config;
  config.lanes = lanes;
  return event_lower_bound(net, config, activity);
}

uint64_t slice_lower_bound(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  check_inputs(net, config, activity);
  const uint32_t engines = config.engines;
  uint64_t bound = 0;
  for (uint32_t t = 0; t < activity.timesteps; ++t)
    for (uint32_t l = 0; l < activity.layers; ++l) {
      const LayerStepActivity& step = activity.at(t, l);
      const uint32_t n_in = net.layers[l].n_in;
      check_words(step, n_in);
      const uint32_t rows = rows_for(net.layers[l].n_out, config.lanes);
      const uint32_t groups = uint32_t{1} << row_split_log(rows, config.lanes, engines);
      const uint32_t per_group = engines / groups;
      // Engine e issues the events of slices (e mod EI) + k * EI, k < EO
      // (as in layer_accumulate_cycles).
      const std::vector<uint32_t> counts = slice_word_counts(step, engines);
      const size_t slice_words = counts.size() / engines;
      uint64_t slowest = 0;
      for (uint32_t e = 0; e < per_group; ++e) {
        uint64_t events = 0;
        for (uint32_t k = 0; k < groups; ++k) {
          const auto first = counts.begin() + static_cast<ptrdiff_t>((e + k * per_group) * slice_words);
          events += std::accumulate(first, first + static_cast<ptrdiff_t>(slice_words), uint64_t{0});
        }
        slowest = std::max(slowest, events);
      }
      bound += slowest * (rows / groups) + rows;
    }
  return bound;
}

}  // namespace trinity::perf
