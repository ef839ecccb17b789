// SPDX-License-Identifier: Apache-2.0
// Protocol v3's task-gated synapses on the golden core (docs/protocol-v3.md
// §3 GATE and TASK, §5): a task switch is a TASK packet, not a reload;
// malformed GATE and TASK packets get their STATUS, and the core goes on.
// Every other implementation is held word for word to this core.
#include <catch2/catch.hpp>
#include <random>

#include "golden_model.hpp"
#include "golden_session.hpp"
#include "random_network.hpp"
#include "task_gates.hpp"

using namespace trinity;
using namespace trinity::protocol;
using testing::only_status;
using testing::packet;
using testing::run;

namespace {

// small_padded_net with 2 tasks: every packing of GATE carries padding (6 and
// 5 outputs per 32-bit column word).
Network gated_net() {
  Network net = testing::small_padded_net();
  std::mt19937 rng(12);
  for (Layer& l : net.layers) l.w_shift = 0;  // weights large enough that gates change the output
  net.gates = testing::random_gates(rng, net, 2, {0.3, 0.6});
  return net;
}

std::vector<uint16_t> counts_of(const std::vector<Packet>& out) {
  REQUIRE(out.size() == 1);
  return decode_result(out[0], 5).counts;
}

}  // namespace

TEST_CASE("TASK selects the gated network of each task without a reload", "[protocol][gates]") {
  const Network net = gated_net();
  GoldenCore core;
  REQUIRE(run(core, encode_network(net)).empty());
  std::mt19937 rng(3);
  for (int k = 0; k < 12; ++k) {
    const uint32_t task = static_cast<uint32_t>(k % 3);
    const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
    Stream s;
    append_task(s, task);
    append_frame(s, static_cast<uint32_t>(k), f);
    const Network want_net = task == 0 ? net : gated_network(net, task - 1);
    CAPTURE(k, task);
    CHECK(counts_of(run(core, s)) == run_reference(want_net, f).counts);
  }
  // CONFIG selects task 0 again.
  Stream s;
  append_task(s, 2);
  core.push(s);
  core.push(encode_network(net));
  const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
  Stream frame;
  append_frame(frame, 99, f);
  CHECK(counts_of(run(core, frame)) == run_reference(net, f).counts);
}

TEST_CASE("an unloaded gate keeps nothing, and CONFIG clears every gate", "[protocol][gates]") {
  Network net = gated_net();
  GoldenCore core;
  Stream s = encode_network(net);
  REQUIRE(run(core, s).empty());
  // Reconfigure without GATE packets: task 1's gates read as all closed.
  std::vector<uint32_t> words;
  append_packet(words, kConfig, config_payload(net, false));
  for (uint32_t l = 0; l < net.layers.size(); ++l) {
    append_packet(words, kWeights, weights_payload(net.layers[l], l));
    append_packet(words, kBias, bias_payload(net.layers[l], l));
    if (uses_lut(net.layers[l].kind)) append_packet(words, kLut, lut_payload(net.layers[l], l));
  }
  append_task(words, 1);
  REQUIRE(run(core, frame_words(words)).empty());
  Network closed = net;
  closed.gates = make_gates(net, 2);  // every synapse gated off
  std::mt19937 rng(4);
  const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
  Stream frame;
  append_frame(frame, 1, f);
  CHECK(counts_of(run(core, frame)) == run_reference(gated_network(closed, 0), f).counts);
}

TEST_CASE("malformed GATE and TASK packets get their STATUS and the core recovers", "[protocol][gates][errors]") {
  const Network net = gated_net();
  const std::vector<uint32_t> gate = gate_payload(net, 0, 1);
  std::mt19937 rng(5);
  const SpikeFrame f = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
  struct Case {
    const char* what;
    uint8_t type;
    std::vector<uint32_t> payload;
    uint8_t code;
    uint32_t detail;
    bool unconfigures;
  };
  auto with_word0 = [&](uint32_t w0) {
    auto g = gate;
    g[0] = w0;
    return g;
  };
  auto short_gate = gate;
  short_gate.pop_back();
  auto padded_gate = gate;
  padded_gate[1] |= 1u << 6;  // layer 0 has 6 outputs: bit 6 of input 0's word is padding
  const std::vector<Case> cases = {
      {"GATE one word short", kGate, short_gate, kBadSize, 0, true},
      {"GATE of layer 2 (L = 2)", kGate, with_word0(2u | (1u << 16)), kBadSize, 0, true},
      {"GATE of task 0", kGate, with_word0(0), kBadField, 0, true},
      {"GATE of task 3 (K = 2)", kGate, with_word0(3u << 16), kBadField, 0, true},
      {"GATE with bits 15:8 set", kGate, with_word0((1u << 16) | (1u << 8)), kBadField, 0, true},
      {"GATE with padding", kGate, padded_gate, kPadding, 1, true},
      {"TASK 3 (K = 2)", kTask, {3}, kBadField, 0, false},
      {"TASK with bits 31:16 set", kTask, {1u | (1u << 16)}, kBadField, 0, false},
      {"TASK of two words", kTask, {1, 0}, kBadSize, 0, false},
      {"TASK of no word", kTask, {}, kBadSize, 0, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    GoldenCore core;
    Stream setup = encode_network(net);
    append_task(setup, 2);
    REQUIRE(run(core, setup).empty());
    const StatusPacket s = only_status(run(core, packet(c.type, c.payload)));
    CHECK(s.code == c.code);
    CHECK(s.detail == c.detail);
    CHECK(s.packet_type == c.type);
    CHECK(s.configured == !c.unconfigures);
    Stream frame;
    append_frame(frame, 7, f);
    if (c.unconfigures) {
      CHECK(only_status(run(core, frame)).code == kNotConfigured);
      core.push(encode_network(net));  // recovery: a good configuration; task 0 selected
      CHECK(counts_of(run(core, frame)) == run_reference(net, f).counts);
    } else {  // the configuration and the selected task (2) stay
      CHECK(counts_of(run(core, frame)) == run_reference(gated_network(net, 1), f).counts);
    }
  }
}

TEST_CASE("GATE and TASK need a configured core, and CONFIG's task count is checked", "[protocol][gates][errors]") {
  const Network net = gated_net();
  GoldenCore core;
  CHECK(only_status(run(core, packet(kTask, {0}))).code == kNotConfigured);
  CHECK(only_status(run(core, packet(kGate, gate_payload(net, 0, 1)))).code == kNotConfigured);

  auto config = config_payload(net, false);
  CHECK((config[1] >> 24) == 2);  // K
  auto reserved = config;
  reserved[1] |= 1u << 23;
  StatusPacket s = only_status(run(core, packet(kConfig, reserved)));
  CHECK((s.code == kBadField && s.detail == 1));

  CoreCapacity one_task;
  one_task.max_tasks = 1;
  GoldenCore small(one_task);
  s = only_status(run(small, packet(kConfig, config)));
  CHECK((s.code == kCapacity && s.detail == 1));
  Network ungated = net;
  ungated.gates = {};
  REQUIRE(run(small, encode_network(ungated)).empty());
  CHECK(only_status(run(small, packet(kTask, {1}))).code == kBadField);  // K = 0: only task 0
  REQUIRE(run(small, packet(kTask, {0})).empty());
}
