// SPDX-License-Identifier: Apache-2.0
#include "cycle_model.hpp"

#include <stdexcept>
#include <string>

namespace trinity::perf {

namespace {

uint64_t words32(uint32_t n) { return (uint64_t{n} + 31) / 32; }

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
  // StVerdict takes one more cycle for the verdict.
  c.reception = 2 + steps * w0 + 1;
  // StFrameLoad issues w0 synchronous frame-buffer reads, then one cycle for the
  // last read to land and one to see the pipeline empty.
  c.load = steps * (w0 + 2);

  for (uint32_t t = 0; t < net.timesteps; ++t) {
    for (uint32_t l = 0; l < activity.layers; ++l) {
      const Layer& layer = net.layers[l];
      const uint64_t rows = rows_for(layer.n_out, config.lanes);
      const LayerStepActivity& a = activity.at(t, l);
      // StLayerStart (1); StAccumulate: one cycle per scanned word, one more for the
      // first pick of a non-empty word (its events then chain without
      // bubbles, `rows` cycles each), and the cycle that sees the scan done.
      c.accumulate += 1 + words32(layer.n_in) + a.nonzero_words + uint64_t{a.spikes} * rows + 1;
      // StAccDrain (1); StUpdate one row per cycle; StUpdateDrain waits out the two
      // pipeline-mirror stages and needs a third cycle to see both empty;
      // StLayerNext (1).
      c.update += 1 + rows + 3 + 1;
      // StTrace: 3 header words and the spike bitmap, one word per cycle (the
      // output FIFO never fills while TREADY stays high).
      if (config.trace) c.trace += 3 + words32(layer.n_out);
    }
  }

  // StArgmax: one count-row read per cycle, one cycle for the last read to
  // land, one to see it done. StResult: 3 header words, then two counts per
  // word; each count row after the first costs two cycles (new read address,
  // then one cycle for the synchronous RAM).
  const uint64_t last_rows = rows_for(net.outputs(), config.lanes);
  const uint64_t count_words = (uint64_t{net.outputs()} + 1) / 2;
  c.result = (last_rows + 2) + (3 + count_words + 2 * (last_rows - 1));
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
