// SPDX-License-Identifier: Apache-2.0
// The cycle model against the Verilated rtl/trinity_core, with the input
// never stalled and the output never back-pressured (the conditions the
// model assumes): a session's first frame from the edge that accepts its
// FRAME header to the edge that hands over its RESULT's TLAST (the batch-1
// latency, FrameCycles::total), every later one from the previous RESULT's
// TLAST to its own (the streamed period: its packet arrives while the
// previous frame computes, and with LAG 1 the core goes on to it before
// that frame's RESULT, perf::run_stream). The output stream must
// also equal GoldenCore's, so the spikes the model was given are the spikes
// the RTL computed.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "cycle_model.hpp"
#include "frame_activity.hpp"
#include "golden_core.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "protocol.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "rtl_capacity.hpp"
#include "rtl_driver.hpp"
#include "stream_encoder.hpp"

// ENGINES of the Verilated core (rtl/driver/rtl_params.cmake); a core
// without the parameter is the single-engine one.
#ifndef RTL_ENGINES
#define RTL_ENGINES 1
#endif

using namespace trinity;
using namespace trinity::protocol;

namespace {

// The model transcribes the sequencer state by state, StAccumulate cycle by
// cycle, and this check runs the core unstalled (run_unstalled), so every
// frame must take exactly the predicted cycles: a difference means the RTL
// changed and the model has not followed (docs/perf-model.md).

// Handshake edges of one session: where each FRAME header and each RESULT
// TLAST crossed the interface, and every output word.
struct SessionTiming {
  std::vector<uint64_t> frame_header_edges;
  std::vector<uint64_t> result_last_edges;
  Stream output;
};

// Runs `in` through the core with TVALID and TREADY always up (a stream
// that never stalls, what the model describes) and finds the clock edges of
// every FRAME header and every RESULT TLAST.
SessionTiming run_unstalled(const Stream& in, size_t expected_words, uint64_t max_cycles) {
  RtlDriver core;
  RtlBeatLog log;
  SessionTiming timing;
  timing.output = core.run(in, expected_words, RtlStalls{0, 0}, max_cycles, &log);
  bool packet_start = true;
  for (size_t k = 0; k < log.in.size(); ++k) {
    if (packet_start && (header_type(in[k].data) == kFrame || header_type(in[k].data) == kImage))
      timing.frame_header_edges.push_back(log.in[k]);
    packet_start = in[k].last;
  }
  timing.result_last_edges = result_last_edges(timing.output, log);
  return timing;
}

struct ErrorStats {
  size_t frames = 0, exact = 0;
  // Streamed frames the model has the core go on to before the previous
  // RESULT (cont), and those it takes as before (StFrameLoad), of them
  // those whose timestep 0 was preloaded in the frame before: all of it by
  // their StFrameLoad (1 cycle), or part of it.
  size_t continued = 0, loaded = 0, preloaded = 0, part_preloaded = 0;
  double rtl_sum = 0, model_sum = 0, max_abs_rel = 0;

  void add_starts(const perf::StreamRun& run, const std::vector<perf::FrameCycles>& alone) {
    for (size_t k = 1; k < run.continued.size(); ++k) {
      if (run.continued[k]) {
        ++continued;
        continue;
      }
      ++loaded;
      if (run.first_load[k] == 1)
        ++preloaded;
      else if (run.first_load[k] < alone[k].first_load)
        ++part_preloaded;
    }
  }

  void add(uint64_t rtl, uint64_t model) {
    ++frames;
    exact += rtl == model;
    rtl_sum += double(rtl);
    model_sum += double(model);
    max_abs_rel = std::max(max_abs_rel, std::fabs(double(model) - double(rtl)) / double(rtl));
  }
  double mean_rel() const { return (model_sum - rtl_sum) / rtl_sum; }
  std::string line(const std::string& what) const {
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "perf-model %s LANES=%d ENGINES=%d frames=%zu rtl_mean=%.1f model_mean=%.1f mean_err=%+.4f%% "
                  "max_frame_err=%.4f%% exact=%zu/%zu continued=%zu loaded=%zu preloaded=%zu part-preloaded=%zu",
                  what.c_str(), RTL_LANES, RTL_ENGINES, frames, rtl_sum / frames, model_sum / frames, 100 * mean_rel(),
                  100 * max_abs_rel, exact, frames, continued, loaded, preloaded, part_preloaded);
    return buf;
  }
};

// Frame k's cycles in a session: the latency of the first, the period of
// every later one (measured and modelled alike).
uint64_t rtl_cycles(const SessionTiming& t, size_t k) {
  return k == 0 ? t.result_last_edges[0] - t.frame_header_edges[0]
                : t.result_last_edges[k] - t.result_last_edges[k - 1];
}
// `run` is perf::run_stream of the session, computed once by the caller.
uint64_t model_cycles(const perf::StreamRun& run, size_t k) {
  return k == 0 ? run.result_end[0] : run.result_end[k] - run.result_end[k - 1];
}

// Runs a session through the core unstalled and requires its output to be
// GoldenCore's word for word, with `frames` frames timed.
SessionTiming run_checked(const Stream& s, size_t frames) {
  GoldenCore golden(rtl_capacity());
  golden.push(s);
  const Stream expected = golden.take_output();
  SessionTiming timing = run_unstalled(s, expected.size(), 400'000'000);
  REQUIRE(timing.output == expected);
  REQUIRE(timing.frame_header_edges.size() == frames);
  REQUIRE(timing.result_last_edges.size() == frames);
  return timing;
}

// Streams the network and its frames through the core and GoldenCore, and
// adds each frame's measured and predicted cycles to `stats`.
void check_frames(const Network& net, bool trace, const std::vector<SpikeFrame>& frames, ErrorStats& stats) {
  Stream s = encode_network(net, trace);
  for (size_t k = 0; k < frames.size(); ++k) append_frame(s, static_cast<uint32_t>(k), frames[k]);
  const SessionTiming timing = run_checked(s, frames.size());
  perf::CoreTimingConfig config{RTL_LANES, trace};
  config.engines = RTL_ENGINES;
  std::vector<perf::FrameCycles> predicted;
  std::vector<perf::FrameActivity> activity;
  for (const SpikeFrame& f : frames) {
    activity.push_back(perf::measure_activity(net, f));
    predicted.push_back(perf::predict_frame_cycles(net, config, activity.back()));
  }
  REQUIRE(predicted[0].total() == perf::run_stream(net, config, {activity[0]}, {predicted[0]}).result_end[0]);
  const perf::StreamRun run = perf::run_stream(net, config, activity, predicted);
  stats.add_starts(run, predicted);
  for (size_t k = 0; k < frames.size(); ++k) {
    const uint64_t rtl = rtl_cycles(timing, k);
    const uint64_t model = model_cycles(run, k);
    INFO("frame " << k << (k == 0 ? " (latency)" : " (period)") << ": RTL " << rtl << " cycles, model " << model);
    CHECK(model == rtl);
    stats.add(rtl, model);
  }
}

// The same for IMAGE packets: the spikes the model is given are the rate
// code of the pixels (fixed-point spec §6), which the RTL computed itself.
// IMAGE frames whose rate code ran while the frame before them computed,
// and those of them whose code fitted in that frame entirely.
struct EarlyCoding {
  size_t early = 0, hidden = 0;
};

void check_images(const Network& net, bool trace, const std::vector<std::vector<uint8_t>>& images, uint64_t seed,
                  ErrorStats& stats, EarlyCoding& early) {
  Stream s = encode_network(net, trace);
  for (size_t k = 0; k < images.size(); ++k)
    append_image(s, static_cast<uint32_t>(k),
                 ImageView{images[k].data(), net.inputs(), static_cast<uint32_t>(k), seed});
  const SessionTiming timing = run_checked(s, images.size());
  // The same spikes as FRAMEs: the IMAGE-only terms (reception of pixel
  // words, the rate coder) must account for the difference to the cycle.
  Stream frames = encode_network(net, trace);
  std::vector<SpikeFrame> spikes;
  for (size_t k = 0; k < images.size(); ++k) {
    spikes.push_back(rate_encode(images[k].data(), net.inputs(), net.timesteps, seed, k));
    append_frame(frames, static_cast<uint32_t>(k), spikes.back());
  }
  // timing.output is GoldenCore's answer to the IMAGEs (run_checked).
  const SessionTiming frame_timing = run_unstalled(frames, timing.output.size(), 400'000'000);
  REQUIRE(frame_timing.output == timing.output);
  perf::CoreTimingConfig config{RTL_LANES, trace};
  config.coders = RTL_CODERS;
  config.engines = RTL_ENGINES;
  std::vector<perf::FrameCycles> as_images, as_frames;
  std::vector<perf::FrameActivity> activity;
  for (const SpikeFrame& f : spikes) {
    activity.push_back(perf::measure_activity(net, f));
    as_images.push_back(perf::predict_image_cycles(net, config, activity.back()));
    as_frames.push_back(perf::predict_frame_cycles(net, config, activity.back()));
  }
  const perf::StreamRun images_run = perf::run_stream(net, config, activity, as_images);
  const perf::StreamRun frames_run = perf::run_stream(net, config, activity, as_frames);
  stats.add_starts(images_run, as_images);
  for (size_t k = 0; k < images.size(); ++k) {
    const uint64_t rtl = rtl_cycles(timing, k);
    const uint64_t rtl_frame = rtl_cycles(frame_timing, k);
    const uint64_t model = model_cycles(images_run, k);
    const uint64_t model_frame = model_cycles(frames_run, k);
    // Coded while the frame before computed: continued (coded and preloaded
    // before that frame's last item), or its verdict came inside the window.
    if (k > 0) {
      const uint64_t window = images_run.window[k];
      const bool cont = images_run.continued[k];
      early.early += cont || as_images[k].words + 4 < window;  // verdict ready inside the window
      early.hidden += cont || perf::cycles_after_window(as_images[k], window) == 3;
    }
    INFO("image " << k << (k == 0 ? " (latency)" : " (period)") << ": RTL " << rtl << " cycles (as a FRAME "
                  << rtl_frame << "), model " << model << " (" << model_frame << ")");
    CHECK(model == rtl);
    CHECK(int64_t(rtl) - int64_t(rtl_frame) == int64_t(model) - int64_t(model_frame));
    stats.add(rtl, model);
  }
}

size_t env_count(const char* name, size_t fallback) {
  const char* e = std::getenv(name);
  return e ? std::strtoul(e, nullptr, 10) : fallback;
}

}  // namespace

// TRINITY_PERF_MODELS (space-separated paths relative to the source tree)
// and TRINITY_PERF_IMAGES override the model list and image count.
TEST_CASE("cycle model matches the RTL on Fashion-MNIST models", "[rtl][fashion]") {
  const char* env_models = std::getenv("TRINITY_PERF_MODELS");
  std::istringstream models(env_models ? env_models : "models/tri_snn_g_s1.trn");
  const size_t images = env_count("TRINITY_PERF_IMAGES", PERF_DEFAULT_IMAGES);
  const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", images);
  std::string model;
  while (models >> model) {
    const Network net = load_model(std::string(TRINITY_SOURCE_DIR) + "/" + model);
    std::vector<SpikeFrame> frames;
    for (uint32_t n = 0; n < data.images.count; ++n)
      frames.push_back(rate_encode(data.images.image(n), net.inputs(), net.timesteps, 0, n));
    ErrorStats stats;
    CAPTURE(model);
    check_frames(net, false, frames, stats);
    std::printf("%s\n", stats.line(model).c_str());
    CHECK(stats.continued > 0);  // the cycles of frames begun before the previous RESULT were checked
  }
}

TEST_CASE("cycle model matches the RTL on random networks, trace on and off", "[rtl][random]") {
  std::mt19937 rng(20261129);
  ErrorStats stats;
  const size_t networks = env_count("TRINITY_PERF_NETWORKS", PERF_DEFAULT_NETWORKS);
  for (size_t n = 0; n < networks; ++n) {
    Network net = testing::random_network(rng, n % 2 == 1, n % 5 != 4 ? 70 : 140);
    for (Layer& l : net.layers)  // keep every session within the core's LUT capacity
      if (l.lut_entries() > RTL_MAX_LUT_ENTRIES) {
        l.lut_bits = 11;
        l.lut.resize(l.lut_entries());
      }
    std::vector<SpikeFrame> frames;
    for (int f = 0; f < 1 + int(rng() % 3); ++f)
      frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(),
                                             std::uniform_real_distribution<double>(0.0, 1.0)(rng)));
    CAPTURE(n, net.layers.size(), net.timesteps);
    check_frames(net, n % 3 == 1, frames, stats);
  }
  std::printf("%s\n", stats.line("random-networks").c_str());
}

TEST_CASE("cycle model matches the RTL on IMAGE packets", "[rtl][image]") {
  std::mt19937 rng(20261205);
  ErrorStats stats;
  EarlyCoding early;
  const size_t networks = env_count("TRINITY_PERF_NETWORKS", PERF_DEFAULT_NETWORKS) / 3 + 1;
  for (size_t n = 0; n < networks; ++n) {
    Network net = testing::random_network(rng, n % 2 == 1, n % 5 != 4 ? 70 : 140);
    for (Layer& l : net.layers)  // keep every session within the core's LUT capacity
      if (l.lut_entries() > RTL_MAX_LUT_ENTRIES) {
        l.lut_bits = 11;
        l.lut.resize(l.lut_entries());
      }
    std::vector<std::vector<uint8_t>> images(1 + rng() % 3, std::vector<uint8_t>(net.inputs()));
    for (auto& px : images)
      for (uint8_t& p : px) p = static_cast<uint8_t>(rng());
    CAPTURE(n, net.layers.size(), net.timesteps, net.inputs());
    check_images(net, n % 3 == 1, images, (uint64_t{static_cast<uint32_t>(rng())} << 32) | rng(), stats, early);
  }
  // Wide images into few neurons: the frame before is long enough for the
  // next IMAGE's words and verdict, not for all of its rate code, and with
  // more neurons for all of it.
  for (const uint32_t n_out : {1u, 24u, 200u}) {
    Network net;
    net.timesteps = 4;
    net.layers.push_back(testing::random_layer(rng, 784, n_out, UnitKind::kBi, false));
    std::vector<std::vector<uint8_t>> images;
    for (const uint32_t brightest : {40u, 255u, 120u, 255u}) {
      images.emplace_back(net.inputs());
      for (uint8_t& p : images.back()) p = static_cast<uint8_t>(rng() % (brightest + 1));
    }
    CAPTURE(n_out);
    check_images(net, false, images, rng(), stats, early);
  }
  std::printf("%s early-coded=%zu wholly-hidden=%zu\n", stats.line("random-images").c_str(), early.early, early.hidden);
  // Both ways an IMAGE streams were timed: coded partly and wholly inside
  // the frame before it.
  CHECK(early.early > early.hidden);
  CHECK(early.hidden > 0);
}

TEST_CASE("cycle model matches the RTL when a timestep is shorter than its successor's prefetch", "[rtl][prefetch]") {
  // Wide inputs, one or two output neurons: with several engines a
  // timestep takes fewer cycles than prefetching the next one's 25 or 32
  // input words, so StLayerNext waits for the prefetch (docs/rtl.md
  // "Cycle behaviour"); with one engine the scan outlasts it.
  std::mt19937 rng(20261206);
  ErrorStats stats;
  for (const uint32_t n_in : {1024u, 784u}) {
    Network net;
    net.timesteps = 4;
    net.layers.push_back(testing::random_layer(rng, n_in, 1 + rng() % 2, UnitKind::kBi, false));
    std::vector<SpikeFrame> frames;
    for (const double density : {0.0, 0.002, 0.05})
      frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), density));
    CAPTURE(n_in);
    if (RTL_ENGINES >= 4) {  // the case is a wait: the model says so for the spike-free frame
      perf::CoreTimingConfig config;
      config.lanes = RTL_LANES;
      config.engines = RTL_ENGINES;
      const perf::FrameCycles c = perf::predict_frame_cycles(net, config, perf::measure_activity(net, frames[0]));
      CHECK(c.load > (n_in + 31) / 32 + 2);
    }
    check_frames(net, n_in == 784, frames, stats);
  }
  std::printf("%s\n", stats.line("prefetch-wait").c_str());
  // Frames whose verdict came late in the frame before: StFrameLoad waited
  // for part of the preload, to the cycle (with several engines the frames
  // here are short enough for that; at ENGINES 1, the sanitizer build's,
  // every preload is done in time).
  if (RTL_ENGINES >= 4) CHECK(stats.part_preloaded > 0);
}
