// SPDX-License-Identifier: Apache-2.0
#include "cycle_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace trinity::perf {

namespace {

uint64_t words32(uint32_t n) { return (uint64_t{n} + 31) / 32; }

// Cycles from an update row entering the lanes to its spikes
// (trinity_pkg::UPD_SPIKE_LATENCY, the lanes' stages U1 ... U10).
constexpr uint64_t kUpdateLatency = 10;
// Cycles from a packet's TLAST to the sequencer acting on its verdict
// (trinity_receiver's VERDICT_LAT).
constexpr uint64_t kVerdictLatency = 5;

void check_inputs(const Network& net, uint32_t lanes, const FrameActivity& activity) {
  if (lanes < 4 || (lanes & (lanes - 1)) != 0)
    throw std::invalid_argument("LANES must be a power of two >= 4, got " + std::to_string(lanes));
  if (activity.timesteps != net.timesteps || activity.layers != net.layers.size() ||
      activity.steps.size() != size_t{activity.timesteps} * activity.layers)
    throw std::invalid_argument("frame activity does not match the network's timesteps and layers");
}

}  // namespace

uint32_t rows_for(uint32_t n_out, uint32_t lanes) { return (n_out + lanes - 1) / lanes; }

FrameCycles predict_frame_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  check_inputs(net, config.lanes, activity);
  FrameCycles c;
  const uint64_t w0 = words32(net.inputs());
  const uint64_t steps = net.timesteps;

  // StReceive takes the header, the frame id and T*w0 spike words one per cycle;
  // StVerdict waits kVerdictLatency cycles for the receiver's registered verdict.
  c.reception = 2 + steps * w0 + kVerdictLatency;
  // StFrameLoad issues w0 synchronous frame-buffer reads, then one cycle for the
  // last read to land and one to see the pipeline empty.
  c.load = steps * (w0 + 2);

  for (uint32_t t = 0; t < net.timesteps; ++t) {
    for (uint32_t l = 0; l < activity.layers; ++l) {
      const Layer& layer = net.layers[l];
      const uint64_t rows = rows_for(layer.n_out, config.lanes);
      const LayerStepActivity& a = activity.at(t, l);
      // StLayerStart (1); StAccumulate: the scanner loads one word per cycle
      // into the held word and picks one spike per cycle from it (a word
      // with k spikes holds it k cycles, then one cycle to reload), into a
      // three-stage pick pipeline that runs ahead of the row issue; an
      // event issues `rows` rows, one per cycle. So the layer is bound by
      // the issue (events x rows, plus the pipeline's fill and the cycle
      // that sees the scan done) or, when rows are few, by the scan (words
      // + spikes, plus the same). Where a layer sits between the two bounds
      // depends on how the spikes spread over the words; the model takes
      // the larger bound.
      const uint64_t words = words32(layer.n_in);
      const uint64_t issue = uint64_t{a.spikes} * rows + 5;
      const uint64_t scan = words + a.spikes + 4;
      c.accumulate += 1 + (a.spikes == 0 ? words + 1 : std::max(issue, scan));
      // StAccDrain (1); StUpdate one row per cycle; StUpdateDrain waits out the
      // lanes' update pipeline (kUpdateLatency mirror stages) and needs one
      // more cycle to see it empty; StLayerNext (1).
      c.update += 1 + rows + kUpdateLatency + 1 + 1;
      // StTrace: 3 header words and the spike bitmap, one word per cycle (the
      // output FIFO never fills while TREADY stays high).
      if (config.trace) c.trace += 3 + words32(layer.n_out);
    }
  }

  // StArgmax: one count-row read per cycle, one cycle for the last read to
  // land, log2(LANES) for the registered argmax tree, one to see it done.
  // StResult: 3 header words, then two counts per
  // word; each count row after the first costs two cycles (new read address,
  // then one cycle for the synchronous RAM).
  const uint64_t last_rows = rows_for(net.outputs(), config.lanes);
  const uint64_t count_words = (uint64_t{net.outputs()} + 1) / 2;
  uint64_t tree_levels = 0;
  while ((uint32_t{1} << tree_levels) < config.lanes) ++tree_levels;
  c.result = (last_rows + 2 + tree_levels) + (3 + count_words + 2 * (last_rows - 1));
  return c;
}

// The rate coder (trinity_rate_coder): the cycle the sequencer's start pulse
// is registered, the setup's shift-add multiplies (n*T: 16 cycles, times
// n_in: 16, the key times PHI: 64), then one group of CODERS inputs per
// cycle, 32/CODERS groups per spike word; after the last group its
// 16-stage generator pipeline, the word write and the done pulse (17), and
// one cycle for the sequencer to leave StImageCode.
constexpr uint64_t kCoderSetup = 1 + 16 + 16 + 64;
constexpr uint64_t kCoderDrain = 17;

FrameCycles predict_image_cycles(const Network& net, const CoreTimingConfig& config, const FrameActivity& activity) {
  if (config.coders == 0 || config.coders > 32 || (config.coders & (config.coders - 1)) != 0)
    throw std::invalid_argument("CODERS must be 1, 2, 4, 8, 16 or 32, got " + std::to_string(config.coders));
  FrameCycles c = predict_frame_cycles(net, config, activity);
  // StReceive takes the header, frame id, index, two seed words and
  // ceil(n_in/4) pixel words; then the same verdict wait as a FRAME.
  c.reception = 1 + 4 + (uint64_t{net.inputs()} + 3) / 4 + kVerdictLatency;
  c.code = kCoderSetup + uint64_t{net.timesteps} * words32(net.inputs()) * (32 / config.coders) + kCoderDrain;
  return c;
}

uint64_t event_lower_bound(const Network& net, uint32_t lanes, const FrameActivity& activity) {
  check_inputs(net, lanes, activity);
  uint64_t bound = 0;
  for (uint32_t t = 0; t < activity.timesteps; ++t)
    for (uint32_t l = 0; l < activity.layers; ++l)
      bound += (uint64_t{activity.at(t, l).spikes} + 1) * rows_for(net.layers[l].n_out, lanes);
  return bound;
}

}  // namespace trinity::perf
