// SPDX-License-Identifier: Apache-2.0
// Co-simulation of the Verilated rtl/trinity_core against trinity::GoldenCore.
// Both consume the same protocol v3 beats (FRAME and IMAGE packets, GATE and
// TASK for task-gated networks); every output word (data and TLAST)
// must agree. The core is driven with random valid/ready stalls on both
// streams so that backpressure paths are exercised, not just the happy path.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <string>

#include "cycle_model.hpp"
#include "frame_activity.hpp"
#include "golden_core.hpp"
#include "golden_model.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "protocol.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "rtl_capacity.hpp"
#include "rtl_driver.hpp"
#include "stream_encoder.hpp"
#include "stream_mutation.hpp"

using namespace trinity;
using namespace trinity::protocol;

namespace {

using Stalls = RtlStalls;

// TRINITY_RTL_FST=<file> dumps the waveform of the first driver created.
class Dut : public RtlDriver {
 public:
  explicit Dut(uint32_t seed) : RtlDriver(seed, take_fst_path()) {}

 private:
  static std::string take_fst_path() {
    static bool taken = false;
    const char* path = std::getenv("TRINITY_RTL_FST");
    if (!path || taken) return {};
    taken = true;
    return path;
  }
};

// Batch-1 latency: runs `one` (a single FRAME or IMAGE) unstalled and
// returns the cycles from the edge that takes its first word to the edge
// that hands over its RESULT's last word, the span the cycle model's
// FrameCycles::total() predicts. Not dut.cycles() around the run: the
// driver idles 200 cycles after the last expected word to catch surplus
// ones, and until 2026-12-06 the latencies printed here included that tail.
// `golden` gives the expected output, which the run must equal.
// Cycles from the edge that took a run's first input word to the edge that
// handed over its last output word (0 for a run without both).
uint64_t busy_cycles(const RtlBeatLog& log) {
  return log.in.empty() || log.out.empty() ? 0 : log.out.back() - log.in.front();
}

uint64_t batch1_latency(Dut& dut, GoldenCore& golden, const Stream& one) {
  golden.push(one);
  const Stream expected = golden.take_output();
  RtlBeatLog log;
  REQUIRE(dut.run(one, expected.size(), Stalls{0, 0}, 50'000'000, &log) == expected);
  REQUIRE(!log.in.empty());
  REQUIRE(!log.out.empty());
  return busy_cycles(log);
}

// Where two output streams first differ, in the protocol's terms: the packet,
// its frame id, and for TRACE packets the layer, timestep and neuron.
std::string describe_mismatch(const Stream& expected, const Stream& actual) {
  size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  std::ostringstream os;
  os << "first difference at output word " << i << " (expected " << expected.size() << " words, got " << actual.size()
     << ")";
  // Find the expected packet holding word i.
  size_t start = 0;
  while (start < expected.size()) {
    const uint32_t len = header_length(expected[start].data);
    const size_t end = start + 1 + len;
    if (i < end) {
      const uint8_t type = header_type(expected[start].data);
      char buf[160];
      std::snprintf(buf, sizeof buf, "; in packet type 0x%02x at word %zu, word %zu of it", type, start, i - start);
      os << buf;
      if ((type == kResult || type == kTrace) && start + 1 < expected.size())
        os << ", frame id " << expected[start + 1].data;
      if (type == kTrace && start + 2 < expected.size()) {
        const uint32_t w = expected[start + 2].data;
        os << ", layer " << ((w >> 16) & 0xFF) << ", timestep " << (w & 0xFFFF);
        if (i >= start + 3 && i < actual.size()) {
          const uint32_t diff = expected[i].data ^ actual[i].data;
          for (int b = 0; b < 32; ++b)
            if (diff >> b & 1) {
              os << ", neuron " << (i - start - 3) * 32 + b;
              break;
            }
        }
      }
      if (type == kResult && i >= start + 3) os << ", output neurons " << 2 * (i - start - 3) << "/+1";
      break;
    }
    start = end;
  }
  if (i < expected.size()) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "; expected 0x%08x last=%d", expected[i].data, expected[i].last);
    os << buf;
  }
  if (i < actual.size()) {
    char buf[96];
    std::snprintf(buf, sizeof buf, ", got 0x%08x last=%d", actual[i].data, actual[i].last);
    os << buf;
  }
  return os.str();
}

// Feeds `in` to a fresh golden core and to `dut`; all output must match.
uint64_t check_session(Dut& dut, GoldenCore& golden, const Stream& in, Stalls stalls,
                       uint64_t max_cycles = 50'000'000) {
  golden.push(in);
  const Stream expected = golden.take_output();
  const uint64_t before = dut.cycles();
  const Stream actual = dut.run(in, expected.size(), stalls, max_cycles);
  INFO(describe_mismatch(expected, actual));
  REQUIRE(actual.size() == expected.size());
  REQUIRE(actual == expected);
  return dut.cycles() - before;
}

// Random networks keep lut_bits within the core's LUT capacity most of the
// time, so most sessions compute instead of failing with CAPACITY.
Network capped_network(std::mt19937& rng, bool extreme, uint32_t max_width) {
  Network net = testing::random_network(rng, extreme, max_width);
  for (Layer& l : net.layers) {
    if (l.lut_entries() > RTL_MAX_LUT_ENTRIES && rng() % 4 != 0) {
      l.lut_bits = 1;
      while ((size_t{2} << l.lut_bits) <= RTL_MAX_LUT_ENTRIES) ++l.lut_bits;
      l.lut.resize(l.lut_entries());
    }
  }
  return net;
}

Stream session_for(std::mt19937& rng, const Network& net, bool trace, int frames) {
  Stream s = encode_network(net, trace);
  for (int f = 0; f < frames; ++f) {
    const double density = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    append_frame(s, static_cast<uint32_t>(rng()), testing::random_frame(rng, net.timesteps, net.inputs(), density));
  }
  append_query(s);
  return s;
}

}  // namespace

TEST_CASE("random networks of odd sizes, all kinds, trace on and off", "[random]") {
  std::mt19937 rng(20261129);
  Dut dut(1);
  GoldenCore golden(rtl_capacity());
  int frames = 0;
  for (int n = 0; n < 60 * RTL_TEST_SCALE; ++n) {
    const bool extreme = n % 2 == 1;
    const bool trace = (n / 2) % 2 == 1;
    const Network net = capped_network(rng, extreme, n % 6 != 5 ? 70 : 140);
    const int f = 1 + static_cast<int>(rng() % 3);
    CAPTURE(n, extreme, trace, net.layers.size(), net.timesteps);
    check_session(dut, golden, session_for(rng, net, trace, f),
                  Stalls{static_cast<int>(rng() % 60), static_cast<int>(rng() % 60)});
    frames += f;
  }
  CHECK(golden.frames_completed() > 0);
  std::printf("rtl random: %d frames sent, %u completed, %llu cycles\n", frames, golden.frames_completed(),
              static_cast<unsigned long long>(dut.cycles()));
}

namespace {

Stream good_session(std::mt19937& rng, const Network& net) {
  Stream s = encode_network(net, true);
  append_frame(s, 77, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  return s;
}

void packet(Stream& s, uint8_t type, std::vector<uint32_t> payload) { append_packet(s, type, payload); }

// A function that appends one `type` packet with the payload it is given to
// `out`: the malformed-packet lists are built from these.
auto packet_adder(std::vector<Stream>& out, uint8_t type) {
  return [&out, type](std::vector<uint32_t> payload) {
    Stream s;
    packet(s, type, std::move(payload));
    out.push_back(std::move(s));
  };
}

}  // namespace

TEST_CASE("malformed packets of every error code, then a good frame", "[errors]") {
  std::mt19937 rng(7);
  const Network net = testing::small_lut5_net(rng);
  const std::vector<uint32_t> cfg = config_payload(net, false);
  const auto with = [&](std::vector<uint32_t> p, size_t i, uint32_t v) {
    p[i] = v;
    return p;
  };
  const uint32_t w0 = cfg[0];
  std::vector<Stream> bad;
  auto add = [&](std::vector<uint32_t> payload, uint8_t type = kConfig) {
    Stream s;
    packet(s, type, std::move(payload));
    bad.push_back(s);
  };
  // UNKNOWN_TYPE, with and without payload
  add({1, 2, 3}, 0x33);
  add({}, 0x81);
  // LENGTH: TLAST early, and TLAST missing at the declared end
  {
    Stream s;
    s.push_back({header(kConfig, static_cast<uint32_t>(cfg.size())), false});
    for (size_t k = 0; k + 1 < cfg.size(); ++k) s.push_back({cfg[k], k + 2 == cfg.size()});
    bad.push_back(s);
    Stream t;
    t.push_back({header(kQuery, 0), false});
    t.push_back({5, false});
    t.push_back({6, true});
    bad.push_back(t);
    Stream u;
    u.push_back({header(kConfig, 0), false});
    u.push_back({5, true});
    bad.push_back(u);
  }
  // BAD_SIZE
  add({});
  add(std::vector<uint32_t>(cfg.begin(), cfg.end() - 1));
  add({}, kQuery);
  add({1}, kQuery);
  // BAD_VERSION
  add(with(cfg, 0, (w0 & 0xFFFF00FFu) | (1u << 8)));  // version 1: the old protocol
  add(with(cfg, 0, (w0 & 0xFFFF00FFu) | (2u << 8)));  // version 2: IMAGE, but no gates
  add(with(cfg, 0, (w0 & 0xFFFF00FFu) | (4u << 8)));  // a version to come
  add(with(cfg, 0, (w0 & 0x0000FFFFu) | (0x5453u << 16)));
  // BAD_FIELD, one per field
  add(with(cfg, 1, cfg[1] & ~0xFFFFu));                          // T = 0
  add(with(cfg, 1, cfg[1] | (1u << 20)));                        // reserved bit
  add(with(cfg, 2, cfg[2] & 0xFFFF0000u));                       // n_in = 0
  add(with(cfg, 6, (cfg[6] & 0xFFFF0000u) | 12u));               // chain n_in(1) != n_out(0)
  add(with(cfg, 3, (cfg[3] & ~0xFFu) | 4u));                     // kind 4
  add(with(cfg, 3, (cfg[3] & ~0xFF00u) | (5u << 8)));            // w_shift 5
  add(with(cfg, 3, (cfg[3] & ~0xFF00u) | (0xF7u << 8)));         // w_shift -9
  add(with(cfg, 8, (cfg[8] & 0xFFFFu) | (257u << 16)));          // tau_n 257
  add(with(cfg, 5, cfg[5] | (1u << 21)));                        // geometry reserved bits
  add(with(cfg, 9, (cfg[9] & ~(0xFu << 24)) | (12u << 24)));     // lut_bits 13
  add(with(with(cfg, 9, cfg[9] | (1u << 30)), 3, cfg[3] | 7u));  // first bad word wins
  {
    std::vector<uint32_t> p = cfg;
    p[0] = (w0 & ~0xFFu);  // L = 0
    p.resize(2);
    add(p);
    std::vector<uint32_t> q(2 + 4 * 17, 0);
    q[0] = (w0 & ~0xFFu) | 17u;  // L = 17
    add(q);
  }
  // CAPACITY: layers, T, neurons, weight bytes, LUT entries
  {
    Network big = net;
    Layer extra = net.layers[1];
    extra.n_in = 6;
    while (big.layers.size() <= RTL_MAX_LAYERS) big.layers.push_back(extra);
    add(config_payload(big, false));
    Network t = net;
    t.timesteps = RTL_MAX_T + 1;
    add(config_payload(t, false));
    Network wide = net;
    wide.layers[1].n_out = RTL_MAX_NEURONS + 1;
    add(config_payload(wide, false));
    Network heavy = net;
    heavy.layers[0].n_in = RTL_MAX_NEURONS;
    heavy.layers[0].n_out = RTL_MAX_NEURONS;
    heavy.layers[1].n_in = RTL_MAX_NEURONS;
    add(config_payload(heavy, false));
    Network lut = net;
    lut.layers[1].lut_bits = 12;
    add(config_payload(lut, false));
  }
  // Parameter packets against the configured network.
  const std::vector<uint32_t> wts = weights_payload(net.layers[0], 0);
  const std::vector<uint32_t> bia = bias_payload(net.layers[0], 0);
  const std::vector<uint32_t> lut = lut_payload(net.layers[0], 0);
  std::vector<Stream> bad_params;
  auto addp = [&](std::vector<uint32_t> payload, uint8_t type) {
    Stream s;
    packet(s, type, std::move(payload));
    bad_params.push_back(s);
  };
  addp(with(wts, 0, 2), kWeights);  // BAD_SIZE: layer 2 of 2
  addp(std::vector<uint32_t>(wts.begin(), wts.end() - 1), kWeights);
  addp({}, kBias);
  addp(with(bia, 0, 0x100), kBias);                               // BAD_FIELD: word 0 reserved bits
  addp(with(wts, 4, wts[4] | 0xFF000000u), kWeights);             // PADDING in column 0 (13 rows)
  addp(with(bia, 7, bia[7] | 0x10000u), kBias);                   // PADDING: bias 13 odd
  addp(with(lut, 0, 0x10000), kLut);                              // BAD_FIELD
  addp(std::vector<uint32_t>(lut.begin(), lut.end() - 2), kLut);  // BAD_SIZE
  {
    Stream s;
    s.push_back({header(kWeights, static_cast<uint32_t>(wts.size())), false});
    for (size_t k = 0; k < wts.size() + 3; ++k) s.push_back({k < wts.size() ? wts[k] : 9u, k + 1 == wts.size() + 3});
    bad_params.push_back(s);  // LENGTH: TLAST late
  }
  std::vector<Stream> bad_frames;
  {
    const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
    const std::vector<uint32_t> fp = frame_payload(9, f);
    const auto addf = packet_adder(bad_frames, kFrame);
    addf(std::vector<uint32_t>(fp.begin(), fp.end() - 1));  // BAD_SIZE
    addf(with(fp, 4, fp[4] | (1u << 31)));                  // PADDING at step 1 (37 inputs: 2 words/step)
    addf(with(fp, 10, fp[10] | (1u << 5)));                 // PADDING at the last step
    Stream s;
    s.push_back({header(kFrame, static_cast<uint32_t>(fp.size())), false});
    s.push_back({1, true});
    bad_frames.push_back(s);  // LENGTH
  }

  Dut dut(2);
  GoldenCore golden(rtl_capacity());
  const Stalls stalls{40, 40};
  // NOT_CONFIGURED on a fresh core, for every parameter type and FRAME.
  {
    Stream s;
    packet(s, kWeights, wts);
    packet(s, kBias, bia);
    packet(s, kLut, lut);
    s.insert(s.end(), bad_frames[0].begin(), bad_frames[0].end());
    append_query(s);
    check_session(dut, golden, s, stalls);
  }
  int checked = 0;
  for (const Stream& b : bad) {
    Stream s = b;
    const Stream g = good_session(rng, net);
    s.insert(s.end(), g.begin(), g.end());
    // A frame after a failed CONFIG must be refused with NOT_CONFIGURED.
    Stream again = b;
    again.insert(again.end(), bad_frames[1].begin(), bad_frames[1].end());
    again.insert(again.end(), s.begin(), s.end());
    check_session(dut, golden, again, stalls);
    // The same packet right behind a FRAME: the core takes it while the
    // frame computes (all of a FRAME's or IMAGE's words but the TLAST, only
    // the header of anything else) and gives its verdict after the RESULT.
    Stream behind = good_session(rng, net);
    behind.insert(behind.end(), s.begin(), s.end());
    check_session(dut, golden, behind, stalls);
    ++checked;
  }
  for (const Stream& b : bad_params) {
    Stream s = good_session(rng, net);
    s.insert(s.end(), b.begin(), b.end());
    const Stream g = good_session(rng, net);
    append_frame(s, 5, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));  // NOT_CONFIGURED
    s.insert(s.end(), g.begin(), g.end());
    check_session(dut, golden, s, stalls);
    ++checked;
  }
  for (const Stream& b : bad_frames) {
    Stream s = good_session(rng, net);
    s.insert(s.end(), b.begin(), b.end());
    append_frame(s, 6, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));  // still configured
    append_query(s);
    check_session(dut, golden, s, stalls);
    ++checked;
  }
  CHECK(golden.error_count() >= static_cast<uint32_t>(checked));
  std::printf("rtl errors: %d malformed packets, %u errors counted\n", checked, golden.error_count());
}

TEST_CASE("fuzzed sessions: flipped bits, moved TLAST, truncation", "[fuzz]") {
  std::mt19937 rng(99);
  Dut dut(3);
  GoldenCore golden(rtl_capacity());
  for (int n = 0; n < 150 * RTL_TEST_SCALE; ++n) {
    const Network net = capped_network(rng, n % 2 == 0, 40);
    Stream s = session_for(rng, net, n % 3 == 0, 2);
    testing::mutate_session(rng, s);
    CAPTURE(n);
    check_session(dut, golden, s, Stalls{static_cast<int>(rng() % 50), static_cast<int>(rng() % 50)});
  }
  std::printf("rtl fuzz: %u errors counted, %u frames completed\n", golden.error_count(), golden.frames_completed());
}

TEST_CASE("Fashion-MNIST model tri_snn_g_quick on test images", "[fashion]") {
  // TRINITY_RTL_MODEL: another model file (bench/rtl_bench.sh runs tri_snn_g_s1).
  std::string model_path = std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_quick.trn";
  if (const char* m = std::getenv("TRINITY_RTL_MODEL")) model_path = m;
  const Network net = load_model(model_path);
  size_t images = RTL_DEFAULT_IMAGES;
  if (const char* e = std::getenv("TRINITY_RTL_IMAGES")) images = std::strtoul(e, nullptr, 10);
  const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", images);
  Dut dut(4);
  GoldenCore golden(rtl_capacity());
  check_session(dut, golden, encode_network(net, false), Stalls{10, 10});
  // Cycles from each batch's first input word to its last output word (the
  // driver's 200 idle cycles after a batch are not the core's; until
  // 2026-12-06 they were counted, about 4 cycles a frame).
  uint64_t busy = 0;
  // The streamed period: from each batch's first RESULT TLAST to its last,
  // over the frames after the first of each batch (the first one's latency
  // is the batch's start-up, reported as latency below).
  uint64_t stream_cycles = 0, stream_frames = 0;
  const auto wall0 = std::chrono::steady_clock::now();
  uint32_t correct = 0;
  // Event-driven lower bound (docs/rtl.md, issue 11): every event row spread
  // evenly over the engines, plus one update row per row group.
  uint64_t event_rows = 0, update_rows = 0;
  // The same with the engines' fixed input slices (perf::slice_lower_bound):
  // the slowest engine's event rows at every layer and timestep.
  uint64_t slice_bound = 0;
  perf::CoreTimingConfig timing;
  timing.lanes = RTL_LANES;
  timing.engines = RTL_ENGINES;
  const auto rows = [](uint32_t n) { return uint64_t{(n + RTL_LANES - 1) / RTL_LANES}; };
  const size_t batch = 50;
  for (size_t first = 0; first < data.images.count; first += batch) {
    Stream s;
    for (size_t n = first; n < std::min<size_t>(data.images.count, first + batch); ++n) {
      const SpikeFrame in = rate_encode(data.images.image(static_cast<uint32_t>(n)), net.inputs(), net.timesteps, 0, n);
      append_frame(s, static_cast<uint32_t>(n), in);
      FrameTrace tr;
      run_reference(net, in, &tr);
      slice_bound += perf::slice_lower_bound(net, timing, perf::activity_from_trace(net, in, tr));
      for (uint32_t t = 0; t < net.timesteps; ++t)
        for (size_t l = 0; l < net.layers.size(); ++l) {
          const SpikeFrame& src = l == 0 ? in : tr.spikes[l - 1];
          uint64_t active = 0;
          for (uint32_t i = 0; i < src.width; ++i) active += src.at(t, i);
          event_rows += active * rows(net.layers[l].n_out);
          update_rows += rows(net.layers[l].n_out);
        }
    }
    golden.push(s);
    const Stream expected = golden.take_output();
    RtlBeatLog log;
    const Stream actual = dut.run(s, expected.size(), Stalls{5, 5}, 200'000'000, &log);
    busy += busy_cycles(log);
    const std::vector<uint64_t> ends = result_last_edges(actual, log);
    if (ends.size() > 1) {
      stream_cycles += ends.back() - ends.front();
      stream_frames += ends.size() - 1;
    }
    if (actual != expected) {
      // Result packets carry no spikes: re-run the first differing frame
      // with TRACE on to name the layer, timestep and neuron.
      size_t i = 0;
      while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
      uint32_t frame = static_cast<uint32_t>(first);
      for (size_t start = 0; start + 1 < expected.size(); start += 1 + header_length(expected[start].data))
        if (i <= start + header_length(expected[start].data)) {
          frame = expected[start + 1].data;
          break;
        }
      Dut again(5);
      GoldenCore reference(rtl_capacity());
      Stream one = encode_network(net, true);
      append_frame(one, frame, rate_encode(data.images.image(frame), net.inputs(), net.timesteps, 0, frame));
      reference.push(one);
      const Stream traced = reference.take_output();
      FAIL("images from " << first << ": " << describe_mismatch(expected, actual) << "\nimage " << frame
                          << " again with TRACE on: "
                          << describe_mismatch(traced, again.run(one, traced.size(), Stalls{0, 0}, 50'000'000)));
    }
    for (const Packet& p : split_packets(actual))
      if (p.type == kResult) {
        const ResultPacket r = decode_result(p, net.outputs());
        correct += r.prediction == data.labels[r.frame_id];
      }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const uint64_t cycles = busy;
  const double bound = double(event_rows) / RTL_ENGINES + double(update_rows);
  // Batch-1 latency: image 0 alone, no stalls, from its first input word to
  // its RESULT's last word (the core computes one frame at a time).
  Stream one;
  append_frame(one, 0, rate_encode(data.images.image(0), net.inputs(), net.timesteps, 0, 0));
  const uint64_t latency = batch1_latency(dut, golden, one);
  std::printf(
      "rtl fashion: %u images bit-exact, accuracy %.2f%%, %.0f cycles/frame (LANES=%d ENGINES=%d), lower bound %.0f "
      "(%.2fx), slowest-slice bound %.0f (%.2fx), streamed %.1f cycles/frame (%.3fx), latency %llu cycles, "
      "%.2f Mcycles/s\n",
      data.images.count, 100.0 * correct / data.images.count, double(cycles) / data.images.count, RTL_LANES,
      RTL_ENGINES, bound / data.images.count, double(cycles) / bound, double(slice_bound) / data.images.count,
      double(cycles) / double(slice_bound), double(stream_cycles) / double(stream_frames),
      double(stream_cycles) / double(stream_frames) / (bound / data.images.count),
      static_cast<unsigned long long>(latency), cycles / secs / 1e6);
}

namespace {

// Pixels with every edge: 0 (never spikes), 255 (always spikes), 1, 254, and
// uniform values in between.
std::vector<uint8_t> random_pixels(std::mt19937& rng, uint32_t n_in) {
  std::vector<uint8_t> px(n_in);
  for (uint8_t& p : px) {
    const uint32_t k = rng() % 8;
    p = k == 0 ? 0 : k == 1 ? 255 : k == 2 ? static_cast<uint8_t>(1 + rng() % 2 * 253) : static_cast<uint8_t>(rng());
  }
  return px;
}

// Image index and seed with bits set in the seed's high word (and sometimes
// the all-ones or zero extremes).
ImageView random_image(std::mt19937& rng, const std::vector<uint8_t>& px) {
  ImageView v;
  v.pixels = px.data();
  v.n_in = static_cast<uint32_t>(px.size());
  const uint32_t k = rng() % 4;
  v.index = k == 0 ? 0xFFFFFFFFu : k == 1 ? 0 : static_cast<uint32_t>(rng());
  v.seed = k == 0 ? ~uint64_t{0} : k == 1 ? 0 : (uint64_t{rng()} << 32) | rng();
  return v;
}

}  // namespace

TEST_CASE("IMAGE packets: random networks and pixels, rate-coded by the core", "[image]") {
  std::mt19937 rng(20261204);
  Dut dut(6);
  GoldenCore golden(rtl_capacity());
  int images = 0;
  for (int n = 0; n < 12 * RTL_TEST_SCALE; ++n) {
    const bool trace = n % 3 == 1;
    const Network net = capped_network(rng, n % 2 == 1, n % 5 != 4 ? 70 : 140);
    Stream s = encode_network(net, trace);
    const int frames = 1 + static_cast<int>(rng() % 3);
    std::vector<std::vector<uint8_t>> keep;  // ImageView points into these
    for (int f = 0; f < frames; ++f) {
      keep.push_back(random_pixels(rng, net.inputs()));
      append_image(s, static_cast<uint32_t>(rng()), random_image(rng, keep.back()));
      if (rng() % 3 == 0)  // FRAME and IMAGE interleave
        append_frame(s, 1000 + f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
    }
    append_query(s);
    CAPTURE(n, trace, net.inputs(), net.timesteps, net.layers.size());
    check_session(dut, golden, s, Stalls{static_cast<int>(rng() % 60), static_cast<int>(rng() % 60)});
    images += frames;
  }
  CHECK(golden.frames_completed() > 0);
  std::printf("rtl image: %d IMAGE packets sent, %u frames completed, %llu cycles\n", images, golden.frames_completed(),
              static_cast<unsigned long long>(dut.cycles()));
}

TEST_CASE("malformed IMAGE packets, each followed by a good session", "[image][errors]") {
  std::mt19937 rng(11);
  const Network net = testing::small_lut5_net(rng);  // 37 inputs: 10 pixel words, the last padded
  const std::vector<uint8_t> px = random_pixels(rng, net.inputs());
  const std::vector<uint32_t> ip = image_payload(21, random_image(rng, px));
  const auto image_session = [&]() {
    Stream s = encode_network(net, true);
    append_image(s, 78, random_image(rng, px));
    return s;
  };
  std::vector<Stream> bad;
  const auto add = packet_adder(bad, kImage);
  add(std::vector<uint32_t>(ip.begin(), ip.end() - 1));  // BAD_SIZE: short
  {
    std::vector<uint32_t> p = ip;
    p.push_back(0);
    add(p);  // BAD_SIZE: long
  }
  add({});  // BAD_SIZE: empty
  {
    std::vector<uint32_t> p = ip;
    p.back() |= 0x01000000u;  // PADDING: byte 3 of the last word (pixel 39 of 37)
    add(p);
    p = ip;
    p.back() |= 0x00000100u;  // PADDING: byte 1 (pixel 37, the first past n_in)
    add(p);
  }
  {
    Stream s;  // LENGTH: TLAST early
    s.push_back({header(kImage, static_cast<uint32_t>(ip.size())), false});
    for (size_t k = 0; k + 3 < ip.size(); ++k) s.push_back({ip[k], k + 4 == ip.size()});
    bad.push_back(s);
    Stream t;  // LENGTH: TLAST late
    t.push_back({header(kImage, static_cast<uint32_t>(ip.size())), false});
    for (size_t k = 0; k < ip.size() + 2; ++k) t.push_back({k < ip.size() ? ip[k] : 7u, k == ip.size() + 1});
    bad.push_back(t);
  }

  Dut dut(7);
  GoldenCore golden(rtl_capacity());
  const Stalls stalls{40, 40};
  {
    // NOT_CONFIGURED before any CONFIG, then a version-1 CONFIG (BAD_VERSION)
    // and the IMAGE it leaves unconfigured, then a good session.
    Stream s;
    append_packet(s, kImage, ip);
    std::vector<uint32_t> v1 = config_payload(net, true);
    v1[0] = (v1[0] & 0xFFFF00FFu) | (1u << 8);
    append_packet(s, kConfig, v1);
    append_packet(s, kImage, ip);
    const Stream g = image_session();
    s.insert(s.end(), g.begin(), g.end());
    append_query(s);
    check_session(dut, golden, s, stalls);
  }
  int checked = 0;
  for (const Stream& b : bad) {
    Stream s = image_session();
    s.insert(s.end(), b.begin(), b.end());
    append_image(s, 79, random_image(rng, px));  // the configuration is kept
    const Stream g = image_session();
    s.insert(s.end(), g.begin(), g.end());
    append_query(s);
    check_session(dut, golden, s, stalls);
    ++checked;
  }
  CHECK(golden.error_count() == static_cast<uint32_t>(checked + 3));
  std::printf("rtl image errors: %d malformed IMAGEs, %u errors counted\n", checked, golden.error_count());
}

TEST_CASE("Fashion-MNIST test images sent as IMAGE packets", "[fashion][image]") {
  // TRINITY_RTL_MODEL: another model file, as in the FRAME case.
  std::string model_path = std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_quick.trn";
  if (const char* m = std::getenv("TRINITY_RTL_MODEL")) model_path = m;
  const Network net = load_model(model_path);
  size_t count = RTL_DEFAULT_IMAGES;
  if (const char* e = std::getenv("TRINITY_RTL_IMAGES")) count = std::strtoul(e, nullptr, 10);
  const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", count);
  Dut dut(8);
  GoldenCore golden(rtl_capacity());
  check_session(dut, golden, encode_network(net, false), Stalls{10, 10});
  uint64_t busy = 0;  // first input word to last output word of each batch, as in the FRAME case
  const auto wall0 = std::chrono::steady_clock::now();
  uint32_t correct = 0;
  const uint64_t seed = 0x0123456789ABCDEFull;  // high word set: the whole 64-bit add is exercised
  const size_t batch = 50;
  for (size_t first = 0; first < data.images.count; first += batch) {
    Stream s;
    for (size_t n = first; n < std::min<size_t>(data.images.count, first + batch); ++n)
      append_image(
          s, static_cast<uint32_t>(n),
          ImageView{data.images.image(static_cast<uint32_t>(n)), net.inputs(), static_cast<uint32_t>(n), seed});
    golden.push(s);
    const Stream expected = golden.take_output();
    RtlBeatLog log;
    const Stream actual = dut.run(s, expected.size(), Stalls{5, 5}, 200'000'000, &log);
    busy += busy_cycles(log);
    INFO("images from " << first << ": " << describe_mismatch(expected, actual));
    REQUIRE(actual == expected);
    for (const Packet& p : split_packets(actual))
      if (p.type == kResult) correct += decode_result(p, net.outputs()).prediction == data.labels[p.payload[0]];
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  const uint64_t cycles = busy;
  // Batch-1 latency: image 0 alone as an IMAGE, no stalls, from its first
  // input word to its RESULT's last word (reception, rate code, compute).
  Stream one;
  append_image(one, 0, ImageView{data.images.image(0), net.inputs(), 0, seed});
  const uint64_t latency = batch1_latency(dut, golden, one);
  std::printf(
      "rtl fashion IMAGE: %u images bit-exact, accuracy %.2f%%, %.0f cycles/frame (LANES=%d ENGINES=%d CODERS=%d, "
      "5 %% stalls, batches of %zu), latency %llu cycles, %.1f s\n",
      data.images.count, 100.0 * correct / data.images.count, double(cycles) / data.images.count, RTL_LANES,
      RTL_ENGINES, RTL_CODERS, batch, static_cast<unsigned long long>(latency), secs);
}

namespace {

// The multi-task networks of the task tests: 3 tasks that keep about 3 %,
// 30 % and all of the synapses.
const std::vector<double> kTaskDensities = {0.03, 0.3, 1.0};

Network gated_net(std::mt19937& rng, uint32_t n_in, uint32_t hidden, uint32_t n_out) {
  return testing::gated_two_layer_net(rng, 4, n_in, hidden, n_out, kTaskDensities, RTL_MAX_LUT_ENTRIES);
}

}  // namespace

TEST_CASE("task-gated networks: every task bit-exact, TASK between frames", "[tasks]") {
  std::mt19937 rng(20261205);
  Dut dut(9);
  GoldenCore golden(rtl_capacity());
  // 40-24-10 (one gate word per column), 37-70-10 (three, the last padded),
  // 40-256-10 (8 rows at LANES 32: split into row groups at ENGINES >= 2,
  // so GATE and WEIGHTS words go to the engines of their group).
  const uint32_t hidden[] = {24, 70, 256};
  int frames = 0;
  for (int n = 0; n < 3; ++n) {
    const Network net = gated_net(rng, n == 1 ? 37 : 40, hidden[n], 10);
    Stream s = encode_network(net, n == 1);
    // Tasks 0 ... K in order, then interleaved at random, TASK before each frame.
    for (uint32_t f = 0; f < 12; ++f) {
      const uint32_t task = f <= net.gates.tasks ? f : static_cast<uint32_t>(rng() % (net.gates.tasks + 1));
      append_task(s, task);
      append_frame(s, 100 * n + f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
      if (f % 5 == 4) append_frame(s, 100 * n + 50 + f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
    }
    append_query(s);
    CAPTURE(n);
    check_session(dut, golden, s, Stalls{static_cast<int>(10 + rng() % 40), static_cast<int>(10 + rng() % 40)});
    frames += 14;
  }
  // GATEs sent before WEIGHTS, a task whose second layer has no GATE (an
  // unloaded gate keeps nothing), and a second CONFIG that clears every gate.
  {
    const Network net = gated_net(rng, 40, 24, 10);
    Stream s;
    append_packet(s, kConfig, config_payload(net, false));
    for (uint32_t k = 1; k <= net.gates.tasks; ++k)
      for (uint32_t l = 0; l < net.layers.size(); ++l)
        if (!(k == 2 && l == 1)) append_packet(s, kGate, gate_payload(net, l, k));
    for (uint32_t l = 0; l < net.layers.size(); ++l) {
      append_packet(s, kWeights, weights_payload(net.layers[l], l));
      append_packet(s, kBias, bias_payload(net.layers[l], l));
      if (uses_lut(net.layers[l].kind)) append_packet(s, kLut, lut_payload(net.layers[l], l));
    }
    for (uint32_t task : {2u, 3u, 0u, 1u}) {
      append_task(s, task);
      append_frame(s, 300 + task, testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
    }
    append_packet(s, kConfig, config_payload(net, false));  // gates closed, task 0
    append_frame(s, 310, testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
    append_task(s, 3);
    append_frame(s, 311, testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
    append_query(s);
    check_session(dut, golden, s, Stalls{30, 30});
    frames += 6;
  }
  CHECK(golden.frames_completed() == static_cast<uint32_t>(frames));
  std::printf("rtl tasks: %d frames over tasks 0..3 bit-exact, %llu cycles\n", frames,
              static_cast<unsigned long long>(dut.cycles()));
}

TEST_CASE("malformed GATE and TASK packets, then good packets", "[tasks][errors]") {
  std::mt19937 rng(12);
  Network net = testing::small_lut5_net(rng);  // 37-13-6: one gate word per column, padded
  net.gates = testing::random_gates(rng, net, 3, kTaskDensities);
  const uint32_t k_max = net.gates.tasks;
  const std::vector<uint32_t> cfg = config_payload(net, false);
  const std::vector<uint32_t> g0 = gate_payload(net, 0, 2);
  const std::vector<uint32_t> g1 = gate_payload(net, 1, 3);
  const auto with = [](std::vector<uint32_t> p, size_t i, uint32_t v) {
    p[i] = v;
    return p;
  };
  const auto frame = [&](Stream& s, uint32_t id) {
    append_frame(s, id, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  };
  // Parameter-type failures: the core is unconfigured after them.
  std::vector<Stream> bad_gates;
  const auto addg = packet_adder(bad_gates, kGate);
  addg(std::vector<uint32_t>(g0.begin(), g0.end() - 1));           // BAD_SIZE: short
  addg([&] { auto p = g1; p.push_back(0); return p; }());          // BAD_SIZE: long
  addg({});                                                        // BAD_SIZE: empty
  addg(with(g0, 0, (g0[0] & ~0xFFu) | 2u));                        // BAD_SIZE: layer 2 of 2
  addg(with(g0, 0, g0[0] & 0xFFFFu));                              // BAD_FIELD: task 0
  addg(with(g0, 0, (g0[0] & 0xFFFFu) | ((k_max + 1) << 16)));      // BAD_FIELD: task K + 1 (<= MAX_TASKS)
  addg(with(g0, 0, (g0[0] & 0xFFFFu) | (200u << 16)));             // BAD_FIELD: task 200
  addg(with(g0, 0, g0[0] | 0x100u));                               // BAD_FIELD: bits 15:8
  addg(with(g0, 1, g0[1] | (1u << 13)));                           // PADDING: column 0, neuron 13 of 13
  addg(with(g0, 37, g0[37] | (1u << 31)));                         // PADDING: the last column
  addg(with(g1, 5, g1[5] | (1u << 6)));                            // PADDING: layer 1, column 4
  {
    Stream s;  // LENGTH: TLAST early
    s.push_back({header(kGate, static_cast<uint32_t>(g0.size())), false});
    for (size_t k = 0; k + 2 < g0.size(); ++k) s.push_back({g0[k], k + 3 == g0.size()});
    bad_gates.push_back(s);
  }
  {
    // CONFIG: K over the capacity, then bits 23:17 of word 1 set, then both (BAD_FIELD comes first)
    const auto addc = packet_adder(bad_gates, kConfig);
    addc(with(cfg, 1, (cfg[1] & 0x00FFFFFFu) | ((RTL_MAX_TASKS + 1u) << 24)));
    addc(with(cfg, 1, cfg[1] | (1u << 17)));
    addc(with(cfg, 1, cfg[1] | (1u << 23) | (255u << 24)));
  }
  // TASK failures: the configuration and the selected task stay.
  std::vector<Stream> bad_tasks;
  const auto addt = packet_adder(bad_tasks, kTask);
  addt({k_max + 1});           // BAD_FIELD: task K + 1
  addt({0xFFFFu});             // BAD_FIELD: task 65535
  addt({1u | (1u << 16)});     // BAD_FIELD: bits 31:16
  addt({});                    // BAD_SIZE: empty
  addt({1, 0});                // BAD_SIZE: two words
  {
    Stream s;  // LENGTH: TLAST late
    s.push_back({header(kTask, 1), false});
    s.push_back({1, false});
    s.push_back({2, true});
    bad_tasks.push_back(s);
  }

  Dut dut(10);
  GoldenCore golden(rtl_capacity());
  const auto run = [&](const Stream& s) { check_session(dut, golden, s, Stalls{40, 40}); };
  Stream fresh;  // NOT_CONFIGURED on a fresh core: GATE and TASK
  packet(fresh, kGate, g0);
  append_task(fresh, 1);
  append_query(fresh);
  run(fresh);
  int checked = 0;
  for (const Stream& b : bad_gates) {
    Stream s = encode_network(net, true);
    append_task(s, 2);
    frame(s, 1);
    s.insert(s.end(), b.begin(), b.end());
    frame(s, 2);       // NOT_CONFIGURED
    append_task(s, 1);  // NOT_CONFIGURED
    const Stream g = encode_network(net, false);
    s.insert(s.end(), g.begin(), g.end());
    append_task(s, 3);
    frame(s, 3);
    append_query(s);
    run(s);
    ++checked;
  }
  for (const Stream& b : bad_tasks) {
    Stream s = encode_network(net, false);
    append_task(s, 2);
    frame(s, 4);
    s.insert(s.end(), b.begin(), b.end());
    frame(s, 5);  // still task 2
    append_task(s, 1);
    frame(s, 6);
    append_query(s);
    run(s);
    ++checked;
  }
  CHECK(golden.error_count() == static_cast<uint32_t>(2 + 3 * bad_gates.size() + bad_tasks.size()));
  std::printf("rtl task errors: %d malformed GATE/TASK/CONFIG packets, %u errors counted\n", checked,
              golden.error_count());
}
