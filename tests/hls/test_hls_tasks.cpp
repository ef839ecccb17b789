// SPDX-License-Identifier: Apache-2.0
// Task-gated synapses (protocol v3 GATE and TASK, fixed-point spec §1a) in C
// simulation of the HLS core: a gated network's frames interleaving every
// task, word for word against the golden core; gates that no GATE loaded
// (closed, also after a CONFIG over loaded ones); and each malformed GATE,
// TASK and version 3 CONFIG with the golden core's code and detail, the
// kernel then recovering.
#include <catch2/catch.hpp>
#include <random>

#include "hls_pair.hpp"
#include "random_network.hpp"
#include "stream_encoder.hpp"

using namespace trinity;
using namespace trinity::protocol;
using namespace trinity::hls_test;

namespace {

// 40-24-10, T 4, three tasks keeping 3 %, 30 % and 100 % of the synapses.
// No bias and w_shift 0, so that what fires is the synapses' doing and a
// gate shows.
Network gated_net(std::mt19937& rng) {
  Network net;
  net.timesteps = 4;
  net.layers.push_back(testing::random_layer(rng, 40, 24, UnitKind::kTriLut, false));
  net.layers.push_back(testing::random_layer(rng, 24, 10, UnitKind::kBi, false));
  for (Layer& l : net.layers) {
    l.w_shift = 0;
    l.v_th = 200;
    for (auto& b : l.bias) b = 0;  // the synapses alone make it fire
    l.lut_bits = 6;
    l.lut.resize(l.lut_entries());
  }
  net.gates = testing::random_gates(rng, net, 3, {0.03, 0.3, 1.0});
  return net;
}

std::vector<ResultPacket> results(const Stream& out, uint32_t n_out) {
  std::vector<ResultPacket> r;
  for (const Packet& p : split_packets(out))
    if (p.type == kResult) r.push_back(decode_result(p, n_out));
  return r;
}

}  // namespace

TEMPLATE_TEST_CASE("hls core equals the golden core on a gated network with frames interleaving TASK 0 to K",
                   "[hls][csim][tasks]", Lanes<4>, Lanes<8>, Lanes<32>) {
  std::mt19937 rng(1208);  // the same network and frames at every LANES
  const Network net = gated_net(rng);
  std::vector<SpikeFrame> frames;
  for (int k = 0; k < 3; ++k) frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
  Pair<RandomCap, TestType::value> p;
  const bool trace = TestType::value == 8;
  Stream s = encode_network(net, trace);
  // Every task in a mixed order, each running the same frames; a TASK before
  // each change only (protocol §3 TASK), and a repeated TASK once.
  const uint32_t order[] = {0, 2, 1, 3, 0, 3, 3, 1, 2};
  uint32_t id = 0, previous = 0;
  for (uint32_t task : order) {
    if (task != previous || id == 6 * 3) append_task(s, task);
    previous = task;
    for (const SpikeFrame& f : frames) append_frame(s, id++, f);
  }
  append_query(s);
  const Stream out = p.feed(s);
  const auto r = results(out, net.outputs());
  REQUIRE(r.size() == 9 * frames.size());
  // Task 3 keeps every synapse: the ungated network's answers. Task 1 (3 %)
  // differs from it somewhere, or the test would not show a gate at all.
  bool sparse_differs = false;
  for (size_t f = 0; f < frames.size(); ++f) {
    CHECK(r[3 * 3 + f].counts == r[0 * 3 + f].counts);
    sparse_differs = sparse_differs || r[2 * 3 + f].counts != r[0 * 3 + f].counts;
  }
  CHECK(sparse_differs);
  CHECK(decode_status(split_packets(out).back()).error_count == 0);
}

TEST_CASE("hls core treats a gate no GATE has loaded since CONFIG as closed, and CONFIG selects task 0",
          "[hls][csim][tasks]") {
  std::mt19937 rng(1208);  // gated_net's first network: task 3 fires
  const Network net = gated_net(rng);
  const SpikeFrame frame = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
  Pair<RandomCap, 8> p;
  // The full session first: the gate memory holds every task's gates, and
  // task 3 (every synapse kept) is selected last.
  Stream s = encode_network(net);
  for (uint32_t task = 0; task <= 3; ++task) {
    append_task(s, task);
    append_frame(s, task, frame);
  }
  // Then CONFIG, WEIGHTS, BIAS, LUT again and only task 2's layer-0 gate.
  // The first frame has no TASK before it: task 0. Task 3 must run with both
  // layers closed (no synaptic input, no bias: silent), not with the full
  // gates the memory still holds; tasks 1 and 2 likewise.
  Network plain = net;
  plain.gates = TaskGates{};
  Stream again = encode_network(plain);
  again[2].data |= 3u << 24;  // K = 3 in CONFIG word 1 (beat 2), as before
  s.insert(s.end(), again.begin(), again.end());
  append_packet(s, kGate, gate_payload(net, 0, 2));
  append_frame(s, 10, frame);
  for (uint32_t task : {3u, 1u, 2u}) {
    append_task(s, task);
    append_frame(s, 10 + task, frame);
  }
  append_query(s);
  const auto r = results(p.feed(s), net.outputs());
  REQUIRE(r.size() == 8);
  CHECK(r[4].counts == r[0].counts);  // task 0 after CONFIG: the same weights
  CHECK(r[3].counts == r[0].counts);  // task 3 with its gate: every synapse
  CHECK(r[0].counts != std::vector<uint16_t>(net.outputs(), 0));
  CHECK(r[5].counts == std::vector<uint16_t>(net.outputs(), 0));  // task 3 unloaded: closed
}

TEST_CASE("hls core answers each malformed GATE, TASK and task count like the golden core and recovers",
          "[hls][csim][tasks][errors]") {
  std::mt19937 rng(1400);
  Network net = gated_net(rng);
  net.gates = testing::random_gates(rng, net, 2, {0.5});  // K = 2: task 3 is out of range
  const Stream session = encode_network(net);
  const SpikeFrame frame = testing::random_frame(rng, net.timesteps, net.inputs(), 0.5);
  // Pair<TightCap>: 3 layers, 100 neurons, T 12, 3000 weight bytes, 4 tasks.
  Pair<TightCap, 8> p;

  SECTION("before CONFIG: NOT_CONFIGURED, after LENGTH") {
    CHECK(status_of(p.feed(packet(kGate, gate_payload(net, 0, 1)))).code == kNotConfigured);
    CHECK(status_of(p.feed(packet(kTask, {1}))).code == kNotConfigured);
    CHECK(status_of(p.feed(packet(kTask, {}))).code == kNotConfigured);
    Stream late = packet(kTask, {0});
    late.back().last = false;
    late.push_back({0, true});
    const StatusPacket st = status_of(p.feed(late));
    CHECK(st.code == kLength);
    CHECK(st.detail == 2);
  }

  SECTION("malformed GATEs: the core is unconfigured until the next CONFIG") {
    const auto g0 = gate_payload(net, 0, 1), g1 = gate_payload(net, 1, 2);
    struct Bad {
      Stream packet;
      uint8_t code;
      uint32_t detail;
    };
    std::vector<Bad> bad;
    {
      Stream early = packet(kGate, g0);
      early.erase(early.end() - 2);
      early.back().last = true;
      early[0].data = header(kGate, static_cast<uint32_t>(g0.size()));
      bad.push_back({early, kLength, static_cast<uint32_t>(g0.size() - 1)});
    }
    bad.push_back({packet(kGate, {}), kBadSize, 0});
    auto layer2 = g1;
    layer2[0] = (layer2[0] & ~0xFFu) | 2;  // layer 2 of 2
    bad.push_back({packet(kGate, layer2), kBadSize, 0});
    auto wrong_layer = g1;
    wrong_layer[0] &= ~0xFFu;  // layer 1's length for layer 0
    bad.push_back({packet(kGate, wrong_layer), kBadSize, 0});
    auto short_gate = g0;
    short_gate.pop_back();
    bad.push_back({packet(kGate, short_gate), kBadSize, 0});
    auto task0_short = short_gate;
    task0_short[0] &= 0xFFFF;  // task 0 too, but the size is checked first
    bad.push_back({packet(kGate, task0_short), kBadSize, 0});
    for (const uint32_t word0 : {0u | (1u << 8), 0u, 3u << 16, 0x100u << 16, (1u << 16) | (0x80u << 8)}) {
      auto g = g0;
      g[0] = word0;
      g[5] |= 1u << 30;  // padding as well: BAD_FIELD comes first
      bad.push_back({packet(kGate, g), kBadField, 0});
    }
    {
      auto g = g0;
      g[7] |= 1u << 24;  // input 6's column, bit 24 = neuron 24 of 24
      bad.push_back({packet(kGate, g), kPadding, 7});
      g[3] |= 1u << 31;  // an earlier column too: the first is reported
      bad.push_back({packet(kGate, g), kPadding, 3});
      auto h = g1;
      h[10] |= 1u << 10;  // layer 1, n_out 10
      bad.push_back({packet(kGate, h), kPadding, 10});
    }
    uint32_t id = 100;
    for (const Bad& b : bad) {
      INFO("malformed GATE #" << (id - 100));
      Stream s = session;
      append_task(s, 1);
      s.insert(s.end(), b.packet.begin(), b.packet.end());
      append_frame(s, id, frame);  // NOT_CONFIGURED
      append_task(s, 1);           // NOT_CONFIGURED
      s.insert(s.end(), session.begin(), session.end());
      append_task(s, 2);
      append_frame(s, id + 1, frame);
      append_query(s);
      const auto out = split_packets(p.feed(s));
      REQUIRE(out.size() == 5);
      const StatusPacket st = decode_status(out[0]);
      CHECK(int{st.code} == int{b.code});
      CHECK(st.detail == b.detail);
      CHECK_FALSE(st.configured);
      CHECK(decode_status(out[1]).code == kNotConfigured);
      CHECK(decode_status(out[2]).code == kNotConfigured);
      CHECK(out[3].type == kResult);
      id += 2;
    }
  }

  SECTION("malformed TASKs: configuration and selected task stay") {
    std::vector<std::pair<Stream, uint8_t>> bad;
    bad.push_back({packet(kTask, {}), kBadSize});
    bad.push_back({packet(kTask, {1, 0}), kBadSize});
    bad.push_back({packet(kTask, {3}), kBadField});  // k > K
    bad.push_back({packet(kTask, {0xFFFF}), kBadField});
    bad.push_back({packet(kTask, {1u << 16}), kBadField});  // bits 31:16
    bad.push_back({packet(kTask, {(1u << 31) | 1}), kBadField});
    Stream s = session;
    append_task(s, 1);
    append_frame(s, 0, frame);
    for (const auto& b : bad) {
      s.insert(s.end(), b.first.begin(), b.first.end());
      append_frame(s, 0, frame);  // still task 1
    }
    append_query(s);
    const auto out = split_packets(p.feed(s));
    REQUIRE(out.size() == 1 + 2 * bad.size() + 1);
    const ResultPacket first = decode_result(out[0], net.outputs());
    for (size_t k = 0; k < bad.size(); ++k) {
      INFO("malformed TASK #" << k);
      const StatusPacket st = decode_status(out[1 + 2 * k]);
      CHECK(int{st.code} == int{bad[k].second});
      CHECK(st.detail == 0);
      CHECK(st.configured);
      CHECK(decode_result(out[2 + 2 * k], net.outputs()).counts == first.counts);
    }
  }

  SECTION("CONFIG's task count: bits 23:17, K above the capacity, K with other errors") {
    auto cfg = config_payload(net, false);
    auto with1 = [&](uint32_t word1) {
      auto c = cfg;
      c[1] = word1;
      return packet(kConfig, c);
    };
    const uint32_t t = net.timesteps;
    StatusPacket st = status_of(p.feed(with1(t | (2u << 24) | (1u << 17))));
    CHECK((st.code == kBadField && st.detail == 1));
    st = status_of(p.feed(with1(t | (5u << 24))));  // TightCap holds 4
    CHECK((st.code == kCapacity && st.detail == 1));
    st = status_of(p.feed(with1(t | (255u << 24))));
    CHECK((st.code == kCapacity && st.detail == 1));
    st = status_of(p.feed(with1(13 | (255u << 24))));  // T too: the same word
    CHECK((st.code == kCapacity && st.detail == 1));
    // Four layers (over TightCap's 3) with K too large: the layer count is word 0.
    Network deep = net;
    deep.gates = TaskGates{};
    deep.layers.push_back(testing::random_layer(rng, 10, 10, UnitKind::kBi, false));
    deep.layers.push_back(testing::random_layer(rng, 10, 10, UnitKind::kBi, false));
    auto d = config_payload(deep, false);
    d[1] |= 9u << 24;
    st = status_of(p.feed(packet(kConfig, d)));
    CHECK((st.code == kCapacity && st.detail == 0));
    // K = 4, the capacity, fits; K = 0 leaves every GATE out of range.
    CHECK(p.feed(with1(t | (4u << 24))).empty());
    CHECK(p.dut->configured());
    CHECK(p.feed(with1(t)).empty());
    st = status_of(p.feed(packet(kGate, gate_payload(net, 0, 1))));
    CHECK((st.code == kBadField && st.detail == 0));
    // And the full session still computes every task afterwards.
    Stream s = session;
    for (uint32_t task : {2u, 0u, 1u}) {
      append_task(s, task);
      append_frame(s, task, frame);
    }
    append_query(s);
    CHECK(results(p.feed(s), net.outputs()).size() == 3);
  }
}
