// SPDX-License-Identifier: Apache-2.0
#include "scenarios.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "idx_file.hpp"
#include "malformed.hpp"
#include "model_file.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "rtl_capacity.hpp"
#include "stream_encoder.hpp"
#include "stream_mutation.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

CoreCapacity sc_capacity() { return rtl_capacity(); }

namespace {

int pick(int chosen, int fallback) { return chosen >= 0 ? chosen : fallback; }

void set_stalls(HostModel& h, const Options& o, int in_gap, int out_stall) {
  h.source().set_gap_percent(pick(o.in_gap, in_gap));
  h.sink().set_stall_percent(pick(o.out_stall, out_stall));
}

Expected status(uint8_t code, uint8_t type) {
  Expected e;
  e.type = kStatus;
  e.code = code;
  e.answers_type = type;
  return e;
}

Stream frame_stream(uint32_t id, const SpikeFrame& f) {
  Stream s;
  append_frame(s, id, f);
  return s;
}

// Random networks that fit the core: LUTs capped to its LUT capacity (the
// others fit by construction: <= 4 layers, <= 140 wide, T <= 16).
Network fitting_network(std::mt19937& rng, bool extreme, uint32_t max_width) {
  Network net = testing::random_network(rng, extreme, max_width);
  for (Layer& l : net.layers)
    while (l.lut_entries() > RTL_MAX_LUT_ENTRIES) {
      --l.lut_bits;
      l.lut.resize(l.lut_entries());
    }
  return net;
}

// Wall and CPU seconds since construction; on a shared machine the CPU time
// is the one that says how fast the simulation is.
class Stopwatch {
 public:
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count(); }
  double cpu() const { return double(std::clock() - c0_) / CLOCKS_PER_SEC; }

 private:
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  std::clock_t c0_ = std::clock();
};

void fashion(HostModel& h, const Options& o) {
  const Network net = load_model(std::string(TRINITY_SOURCE_DIR) + "/models/tri_snn_g_s1.trn");
  const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", o.images);
  set_stalls(h, o, 20, 20);
  h.send_network(net, false);
  h.wait_quiet();
  const uint64_t c0 = cycle_now();
  const Stopwatch watch;
  for (uint32_t n = 0; n < data.images.count; ++n)
    h.send_frame(n, rate_encode(data.images.image(n), net.inputs(), net.timesteps, 0, n));
  h.send_query();
  h.wait_quiet();
  const uint64_t cycles = cycle_now() - c0;
  std::printf(
      "fashion: %u images of tri_snn_g_s1 after the model was loaded: %.0f cycles/frame, %.1f s wall, %.1f s CPU, "
      "%.3f Mcycles/s CPU\n",
      data.images.count, double(cycles) / data.images.count, watch.wall(), watch.cpu(), cycles / watch.cpu() / 1e6);
}

void random_networks(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed * 7919u + 11u);
  uint32_t frames = 0;
  const Stopwatch watch;
  const uint64_t c0 = cycle_now();
  for (uint32_t n = 0; n < o.sessions; ++n) {
    const bool extreme = n % 2 == 1;
    const bool trace = (n / 2) % 2 == 1;
    const Network net = fitting_network(rng, extreme, n % 6 != 5 ? 70 : 140);
    set_stalls(h, o, static_cast<int>(rng() % 60), static_cast<int>(rng() % 60));
    h.send_network(net, trace);
    const int f = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < f; ++k) {
      const double density = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      h.send_frame(static_cast<uint32_t>(rng()), testing::random_frame(rng, net.timesteps, net.inputs(), density));
    }
    frames += f;
    h.send_query();
    // Let the session drain so the next one's stall settings apply to it alone.
    h.wait_quiet();
  }
  std::printf("random: %u networks, %u frames, %llu cycles, %.1f s wall, %.1f s CPU\n", o.sessions, frames,
              static_cast<unsigned long long>(cycle_now() - c0), watch.wall(), watch.cpu());
}

void malformed(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed + 7);
  Network net = malformed_net(rng);
  net.gates = testing::random_gates(rng, net, 3, {0.03, 0.3, 1.0});  // protocol v3: GATE and TASK cases too
  set_stalls(h, o, 30, 30);
  // A fresh core refuses frames.
  h.send_expecting(frame_stream(1, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3)),
                   status(kNotConfigured, kFrame));
  {
    const std::vector<uint8_t> px(net.inputs(), 200);
    Stream s;
    append_image(s, 2, ImageView{px.data(), net.inputs(), 0, 0});
    h.send_expecting(s, status(kNotConfigured, kImage));
  }
  uint32_t id = 100;
  const std::vector<MalformedCase> cases = malformed_cases(net, rng, RTL_MAX_T, RTL_MAX_NEURONS, RTL_MAX_TASKS);
  for (const MalformedCase& c : cases) {
    h.send_network(net, true);
    h.send_task(id % 4);  // a failed TASK keeps it
    h.send_frame(id++, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
    h.send_expecting(c.beats, c.status);
    // The next good packet must be taken and answered as the state demands.
    const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.4);
    if (c.unconfigures)
      h.send_expecting(frame_stream(id++, f), status(kNotConfigured, kFrame));
    else
      h.send_frame(id++, f);
    h.send_query();
  }
  h.wait_quiet();
  std::printf("malformed: %zu malformed packets, each followed by a frame and a QUERY\n", cases.size());
}

// Task-gated networks (protocol v3): 2-layer networks with 3 tasks keeping
// about 3 %, 30 % and all of the synapses, every task 0 ... 3 in turn and
// then at random, a TASK before each frame (FRAME or IMAGE), random stalls.
void tasks(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed * 4099u + 13u);
  uint32_t frames = 0;
  const Stopwatch watch;
  const uint64_t c0 = cycle_now();
  const uint32_t hidden[] = {24, 70};
  for (uint32_t n = 0; n < 2; ++n) {
    const Network net =
        testing::gated_two_layer_net(rng, 4, 40, hidden[n], 10, {0.03, 0.3, 1.0}, RTL_MAX_LUT_ENTRIES);
    set_stalls(h, o, static_cast<int>(10 + rng() % 40), static_cast<int>(10 + rng() % 40));
    h.send_network(net, n == 1);
    std::vector<uint8_t> px(net.inputs());
    for (uint32_t f = 0; f < 12; ++f) {
      h.send_task(f <= net.gates.tasks ? f : static_cast<uint32_t>(rng() % (net.gates.tasks + 1)));
      if (f % 4 == 3) {
        for (uint8_t& p : px) p = static_cast<uint8_t>(rng());
        h.send_image(100 * n + f, ImageView{px.data(), net.inputs(), f, 0x1234u});
      } else {
        h.send_frame(100 * n + f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
      }
      ++frames;
    }
    h.send_query();
    h.wait_quiet();
  }
  std::printf("tasks: %u frames over tasks 0 ... 3, %llu cycles, %.1f s wall, %.1f s CPU\n", frames,
              static_cast<unsigned long long>(cycle_now() - c0), watch.wall(), watch.cpu());
}

// IMAGE packets (protocol v2): random networks (n_in and T not multiples of
// 4 or 32), random pixels with 0 and 255 among them, image indices and seeds
// with high bits set, trace on and off, a FRAME between IMAGEs now and then.
// The scoreboard's GoldenCore rate-codes the same packets.
void images(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed * 6151u + 17u);
  uint32_t sent = 0;
  const Stopwatch watch;
  const uint64_t c0 = cycle_now();
  const uint32_t sessions = std::max<uint32_t>(1, o.sessions / 8);
  for (uint32_t n = 0; n < sessions; ++n) {
    const Network net = fitting_network(rng, n % 2 == 1, n % 4 != 3 ? 70 : 140);
    set_stalls(h, o, static_cast<int>(rng() % 60), static_cast<int>(rng() % 60));
    h.send_network(net, n % 3 == 1);
    const int f = 1 + static_cast<int>(rng() % 3);
    std::vector<std::vector<uint8_t>> pixels(f, std::vector<uint8_t>(net.inputs()));
    for (int k = 0; k < f; ++k) {
      for (uint8_t& p : pixels[k]) p = rng() % 4 == 0 ? (rng() % 2 ? 255 : 0) : static_cast<uint8_t>(rng());
      const uint64_t seed = (uint64_t{static_cast<uint32_t>(rng())} << 32) | static_cast<uint32_t>(rng());
      h.send_image(static_cast<uint32_t>(rng()),
                   ImageView{pixels[k].data(), net.inputs(), static_cast<uint32_t>(rng()), seed});
      if (k == 0) h.send_frame(7, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
    }
    sent += f;
    h.send_query();
    // Let the session drain so the next one's stall settings apply to it alone.
    h.wait_quiet();
  }
  std::printf("image: %u networks, %u IMAGE packets, %llu cycles, %.1f s wall, %.1f s CPU\n", sessions, sent,
              static_cast<unsigned long long>(cycle_now() - c0), watch.wall(), watch.cpu());
}

// Sessions with flipped bits, flipped TLASTs, flipped header types and
// deleted words. Nobody can state the answers by hand, so the response
// checker is off; scoreboard, causality, framing and handshakes still run.
void fuzz(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed * 104729u + 99u);
  h.responses().set_enabled(false);
  for (uint32_t n = 0; n < o.sessions; ++n) {
    const Network net = fitting_network(rng, n % 2 == 0, 40);
    Stream s = encode_network(net, n % 3 == 0);
    for (int f = 0; f < 2; ++f)
      append_frame(s, static_cast<uint32_t>(rng()), testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
    append_query(s);
    testing::mutate_session(rng, s);
    set_stalls(h, o, static_cast<int>(rng() % 50), static_cast<int>(rng() % 50));
    h.send_raw(s);
    h.wait_quiet();
  }
  std::printf("fuzz: %u mutated sessions\n", o.sessions);
}

// One session whose frames are long enough to reset in the middle of.
struct ResetSession {
  Network net;
  std::vector<SpikeFrame> frames;
  uint64_t config_beats = 0;
  uint64_t frame_beats = 0;
};

ResetSession reset_session(std::mt19937& rng) {
  ResetSession s;
  s.net = fitting_network(rng, false, 70);
  s.net.timesteps = 16;
  for (int k = 0; k < 3; ++k) s.frames.push_back(testing::random_frame(rng, 16, s.net.inputs(), 0.5));
  s.config_beats = encode_network(s.net, true).size();
  s.frame_beats = 1 + frame_length(16, s.net.inputs());
  return s;
}

void send(HostModel& h, const ResetSession& s, uint32_t first_id) {
  h.send_network(s.net, true);
  for (size_t k = 0; k < s.frames.size(); ++k) h.send_frame(first_id + static_cast<uint32_t>(k), s.frames[k]);
  h.send_query();
}

void resets(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed * 31u + 5u);
  set_stalls(h, o, 20, 20);
  for (int round = 0; round < 4; ++round) {
    const ResetSession s = reset_session(rng);
    const uint64_t base = h.source().accepted();
    send(h, s, 1000u * round);
    switch (round) {
      case 0:  // in the middle of receiving the second frame
        h.wait_accepted(base + s.config_beats + s.frame_beats + s.frame_beats / 2);
        break;
      case 1:  // while the first frame is computed (input held off)
        h.wait_accepted(base + s.config_beats + s.frame_beats);
        h.wait_cycles(20);
        break;
      case 2:  // with output stuck in a full FIFO
        h.sink().set_stall_percent(100);
        h.wait_accepted(base + s.config_beats + s.frame_beats);
        h.wait_cycles(3000);
        break;
      default:  // in the middle of CONFIG's parameters
        h.wait_accepted(base + s.config_beats / 2);
    }
    h.reset(3 + round);
    set_stalls(h, o, 20, 20);
    // After every reset the core must run a whole session bit-exactly again.
    const ResetSession clean = reset_session(rng);
    send(h, clean, 1000u * round + 500u);
    h.wait_quiet();
  }
  std::printf(
      "reset: 4 resets (mid-frame, mid-computation, output stalled, mid-parameters), each followed by a "
      "clean session\n");
}

// The short session the fault tests run: frames, a malformed FRAME (STATUS
// PADDING), a QUERY, then a reset mid-frame and a session after it.
void fault_session(HostModel& h, const Options& o) {
  std::mt19937 rng(o.seed + 3);
  const Network net = malformed_net(rng);
  set_stalls(h, o, 30, 30);
  h.send_network(net, true);
  h.send_frame(1, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  std::vector<uint32_t> bad = frame_payload(2, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  bad[4] |= 1u << 31;
  Stream s;
  append_packet(s, kFrame, bad);
  Expected e = status(kPadding, kFrame);
  e.detail = 4;
  h.send_expecting(s, e);
  h.send_frame(3, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  h.send_query();
  h.wait_quiet();
  const uint64_t base = h.source().accepted();
  h.send_network(net, true);
  h.send_frame(4, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  h.wait_accepted(base + encode_network(net, true).size() + 4);
  h.reset(4);
  h.send_network(net, false);
  h.send_frame(5, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  h.send_query();
  h.wait_quiet();
}

}  // namespace

HostModel::Script make_script(const Options& o) {
  if (o.scenario == "fashion") return [o](HostModel& h) { fashion(h, o); };
  if (o.scenario == "random") return [o](HostModel& h) { random_networks(h, o); };
  if (o.scenario == "image") return [o](HostModel& h) { images(h, o); };
  if (o.scenario == "tasks") return [o](HostModel& h) { tasks(h, o); };
  if (o.scenario == "malformed") return [o](HostModel& h) { malformed(h, o); };
  if (o.scenario == "reset") return [o](HostModel& h) { resets(h, o); };
  if (o.scenario == "fuzz") return [o](HostModel& h) { fuzz(h, o); };
  if (o.scenario == "fault") return [o](HostModel& h) { fault_session(h, o); };
  return {};
}

bool plan_fault(const std::string& name, FaultPlan* p) {
  *p = FaultPlan{};
  if (name == "none") return true;
  if (name == "src-drop-tvalid") {
    p->source = SourceFault::kDropTvalid;
    p->catcher = Checker::kInHandshake;
    return true;
  }
  if (name == "src-change-tdata") {
    p->source = SourceFault::kChangeTdata;
    p->catcher = Checker::kInHandshake;
    return true;
  }
  static const struct {
    const char* name;
    Checker catcher;
  } kOutput[] = {{"drop-tvalid", Checker::kOutHandshake},    {"change-tdata", Checker::kOutHandshake},
                 {"early-output", Checker::kCausality},      {"wrong-tlast", Checker::kFraming},
                 {"swallow-status", Checker::kResponse},     {"corrupt-data", Checker::kScoreboard},
                 {"stale-after-reset", Checker::kCausality}, {"block-output", Checker::kProgress}};
  for (const auto& f : kOutput)
    if (name == f.name && parse_output_fault(name, &p->output)) {
      p->catcher = f.catcher;
      return true;
    }
  return false;
}

}  // namespace trinity::sc
