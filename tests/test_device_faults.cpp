// SPDX-License-Identifier: Apache-2.0
// A host that trusts no device: the golden-wire, csim and Verilator devices
// behind a wrapper that corrupts one field of one batch's answer. Every
// corruption must stop the run with a RuntimeFailure naming the device and
// the frame (exit 3 in the CLI) -- never return a wrong answer.
#include <catch2/catch.hpp>
#include <functional>
#include <random>

#include "backend.hpp"
#include "errors.hpp"
#include "fault_injection.hpp"
#include "golden_device.hpp"
#include "random_network.hpp"
#include "stream_backend.hpp"
#include "verify.hpp"

using namespace trinity;

namespace {

using Words = std::vector<uint32_t>;
using Corruption = AnswerCorruption;

// Offset of the n-th packet of `type` (payload word 0 is at offset + 1).
size_t nth(const Words& w, uint8_t type, int n) {
  try {
    return nth_packet(w, type, n);
  } catch (const std::out_of_range&) {
    FAIL("no such packet in the answer");
  }
  return 0;
}
size_t result(const Words& w, int n) { return nth(w, protocol::kResult, n); }
size_t trace(const Words& w, int n) { return nth(w, protocol::kTrace, n); }
size_t status(const Words& w) { return nth(w, protocol::kStatus, 0); }

struct Fault {
  std::string field;
  bool trace;
  Corruption corrupt;
  std::string message;  // what the RuntimeFailure must say
};

// T = 6 and 5 outputs (an odd count, so RESULT has a spare half-word); the
// first layer has 7 neurons (TRACE padding bits).
Network small_network() {
  std::mt19937 rng(5);
  Network net;
  net.timesteps = 6;
  net.layers.push_back(testing::random_layer(rng, 40, 7, UnitKind::kTriGauss, false));
  net.layers.push_back(testing::random_layer(rng, 7, 5, UnitKind::kTriRelu, false));
  return net;
}

std::vector<Fault> faults(uint32_t T) {
  const auto erase_packet = [](Words& w, size_t at) {
    w.erase(w.begin() + static_cast<long>(at), w.begin() + static_cast<long>(at + 1 + protocol::header_length(w[at])));
  };
  return {
      {"RESULT frame id", false, [](Words& w) { w[result(w, 1) + 1] += 1; },
       "frame 1 (id 1): RESULT carries frame id 2"},
      {"RESULT T", false, [](Words& w) { w[result(w, 0) + 2] ^= 1u << 16; }, "frame 0 (id 0): RESULT says T = 7"},
      {"RESULT prediction 65535", false, [](Words& w) { w[result(w, 2) + 2] |= 0xFFFF; },
       "frame 2 (id 2): RESULT predicts class 65535 of a network with 5 outputs"},
      {"RESULT count > T", false,
       [T](Words& w) { w[result(w, 0) + 3] = (w[result(w, 0) + 3] & 0xFFFF0000u) | (T + 1); },
       "frame 0 (id 0): RESULT counts 7 spikes of output 0 in 6 steps"},
      {"RESULT counts disagree with the prediction", false,
       [](Words& w) {
         const size_t r = result(w, 1);
         const uint32_t p = w[r + 2] & 0xFFFF;
         for (size_t k = 3; k < 6; ++k) w[r + k] = 0;
         const uint32_t other = (p + 1) % 5;
         w[r + 3 + other / 2] = 1u << (16 * (other % 2));
       },
       "frame 1 (id 1): RESULT predicts class"},
      {"RESULT spare half-word", false, [](Words& w) { w[result(w, 0) + 5] |= 1u << 16; },
       "count past the last output"},
      {"RESULT length", false, [](Words& w) { w[result(w, 1)] += 1; }, "frame"},
      {"RESULT packet type", false, [](Words& w) { w[result(w, 1)] ^= 0x03u << 24; },
       "frame 1 (id 1): RESULT due, a 0x83 came"},
      {"RESULT missing", false, [erase_packet](Words& w) { erase_packet(w, result(w, 2)); },
       "frame 2 (id 2): RESULT missing"},
      {"RESULT repeated", false,
       [](Words& w) {
         const size_t r1 = result(w, 1), r2 = result(w, 2);
         std::copy(w.begin() + static_cast<long>(r1), w.begin() + static_cast<long>(r2),
                   w.begin() + static_cast<long>(r2));
       },
       "frame 2 (id 2): RESULT carries frame id 1"},
      {"STATUS code", false, [](Words& w) { w[status(w) + 1] = (w[status(w) + 1] & ~0xFFu) | 1; }, "ended with"},
      {"STATUS answers another packet", false, [](Words& w) { w[status(w) + 1] ^= 0x10u << 8; }, "ended with"},
      {"STATUS not configured", false, [](Words& w) { w[status(w) + 1] &= ~(1u << 16); }, "not configured"},
      {"STATUS reserved bits", false, [](Words& w) { w[status(w) + 1] |= 1u << 20; }, "reserved bits"},
      {"STATUS error count", false, [](Words& w) { w[status(w) + 4] += 1; }, "counted 1 malformed"},
      {"STATUS frames completed", false, [](Words& w) { w[status(w) + 3] -= 1; }, "2 frames were completed, not 3"},
      {"STATUS missing", false, [](Words& w) { w.resize(status(w)); }, "does not end with the STATUS"},
      {"answer truncated", false, [](Words& w) { w.pop_back(); }, "frames 0..2"},
      {"TRACE frame id", true, [](Words& w) { w[trace(w, 3) + 1] ^= 4; },
       "frame 0 (id 0): TRACE of step 1, layer 1: frame id 4"},
      {"TRACE step", true, [](Words& w) { w[trace(w, 2) + 2] += 1; },
       "TRACE of step 1, layer 0 due, the device sent step 2"},
      {"TRACE layer", true, [](Words& w) { w[trace(w, 0) + 2] ^= 1u << 16; },
       "TRACE of step 0, layer 0 due, the device sent step 0, layer 1"},
      {"TRACE padding", true, [](Words& w) { w[trace(w, 0) + 3] |= 1u << 9; }, "spikes of neurons past the layer's 7"},
      {"TRACE length", true, [](Words& w) { w[trace(w, 1)] += 1; }, "frame"},
      {"TRACE not asked for", false,
       [](Words& w) {
         const size_t r = result(w, 0);  // the same number of words, as a TRACE
         w[r] = protocol::header(protocol::kTrace, protocol::header_length(w[r]));
       },
       "frame 0 (id 0): RESULT due, a TRACE came"},
      {"answer longer than its bound", false, [](Words& w) { w.resize(w.size() + 1, 0); }, "more than the"},
  };
}

}  // namespace

TEST_CASE("a device's corrupted answer is a RuntimeFailure naming the frame, never a wrong answer",
          "[runtime][faults]") {
  const Network net = small_network();
  std::mt19937 rng(8);
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < 3; ++k) frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
  const auto want = make_backend("golden", net, {})->run(frames);
  std::vector<std::string> names{"golden-wire", "csim"};
  if (backend_built("verilator")) names.push_back("verilator");
  for (const auto& name : names) {
    for (bool trace : {false, true}) {
      // The wrapper itself changes nothing.
      BackendOptions o;
      o.frames_per_batch = 3;
      o.trace = trace;
      StreamBackend clean(std::make_unique<FaultInjectingDevice>(make_simulated_device(name, o), [](Words&) {}), net, o);
      const auto m = first_result_mismatch(want, clean.run(frames));
      CAPTURE(name, trace);
      CHECK_FALSE(m);
    }
    for (const Fault& f : faults(net.timesteps)) {
      CAPTURE(name, f.field);
      BackendOptions o;
      o.frames_per_batch = 3;
      o.trace = f.trace;
      StreamBackend b(std::make_unique<FaultInjectingDevice>(make_simulated_device(name, o), f.corrupt), net, o);
      std::string message;
      try {
        const auto got = b.run(frames);
        FAIL("no failure; " << (first_result_mismatch(want, got) ? "a WRONG answer" : "the right answer"));
      } catch (const RuntimeFailure& e) {
        message = e.what();
      }
      CAPTURE(message);
      CHECK(message.rfind(name + ": ", 0) == 0);
      CHECK(message.find(f.message) != std::string::npos);
    }
  }
}

TEST_CASE("every fault --inject-fault names stops a run with a RuntimeFailure, and golden refuses the option",
          "[runtime][faults]") {
  const Network net = small_network();
  std::mt19937 rng(9);
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < 3; ++k) frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
  for (const std::string& fault : named_faults()) {
    CAPTURE(fault);
    BackendOptions o;
    o.inject_fault = fault;
    CHECK_THROWS_AS(make_backend("golden-wire", net, o)->run(frames), RuntimeFailure);
    o.cores = 2;  // the first core's answers are damaged
    CHECK_THROWS_AS(make_backend("golden-wire", net, o)->run(frames), RuntimeFailure);
    o.cores = 0;
    CHECK_THROWS_AS(make_backend("golden", net, o), UsageError);
  }
  BackendOptions unknown;
  unknown.inject_fault = "cosmic-ray";
  CHECK_THROWS_AS(make_backend("golden-wire", net, unknown), UsageError);
}
