// SPDX-License-Identifier: Apache-2.0
// Protocol v2 (docs/protocol-v2.md) as the golden core implements it: good
// sessions reproduce the reference bit for bit, and every error of §5 is
// reported with its code and detail, drained, and recovered from.
#include <catch2/catch.hpp>

#include "golden_core.hpp"
#include "golden_session.hpp"
#include "golden_model.hpp"
#include "random_network.hpp"
#include "stream_encoder.hpp"

using namespace trinity;
using namespace trinity::protocol;

using testing::only_status;
using testing::packet;
using testing::run;

TEST_CASE("a good session reproduces the reference, with traces, for random networks", "[protocol]") {
  std::mt19937 rng(21);
  for (int trial = 0; trial < 60; ++trial) {
    const Network net = testing::random_network(rng, trial % 2 == 0);
    const bool trace = trial % 3 == 0;
    GoldenCore core;
    REQUIRE(run(core, encode_network(net, trace)).empty());
    Stream frames;
    std::vector<SpikeFrame> inputs;
    for (uint32_t k = 0; k < 4; ++k) {
      inputs.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
      append_frame(frames, 1000 + k, inputs.back());
    }
    const auto out = run(core, frames);
    const size_t per_frame = (trace ? net.timesteps * net.layers.size() : 0) + 1;
    REQUIRE(out.size() == 4 * per_frame);
    for (uint32_t k = 0; k < 4; ++k) {
      FrameTrace ref_trace;
      const FrameResult ref = run_reference(net, inputs[k], &ref_trace);
      const ResultPacket r = decode_result(out[k * per_frame + per_frame - 1], net.outputs());
      CHECK(r.frame_id == 1000 + k);
      CHECK(r.timesteps == net.timesteps);
      CHECK(r.prediction == ref.prediction);
      CHECK(r.counts == ref.counts);
      if (trace) {
        size_t p = k * per_frame;
        for (uint32_t t = 0; t < net.timesteps; ++t)
          for (uint32_t l = 0; l < net.layers.size(); ++l) {
            const TracePacket tp = decode_trace(out[p++]);
            CHECK(tp.timestep == t);
            CHECK(tp.layer == l);
            for (uint32_t i = 0; i < net.layers[l].n_out; ++i)
              CHECK(((tp.bitmap[i / 32] >> (i % 32)) & 1) == ref_trace.spikes[l].at(t, i));
          }
      }
    }
    const StatusPacket q = only_status(run(core, [] {
      Stream s;
      append_query(s);
      return s;
    }()));
    CHECK(q.code == kOk);
    CHECK(q.detail == 4);
    CHECK(q.error_count == 0);
    CHECK(q.configured);
  }
}

TEST_CASE("the wire round-trips every parameter exactly", "[protocol]") {
  std::mt19937 rng(22);
  for (int trial = 0; trial < 30; ++trial) {
    Network net = testing::random_network(rng, true);
    for (Layer& l : net.layers)
      if (!uses_lut(l.kind)) std::fill(l.lut.begin(), l.lut.end(), 0);  // LUT is not sent for these kinds
    GoldenCore core;
    core.push(encode_network(net));
    REQUIRE(core.configured());
    const Network& got = core.network();
    REQUIRE(got.layers.size() == net.layers.size());
    for (size_t l = 0; l < net.layers.size(); ++l) {
      const Layer &a = net.layers[l], &b = got.layers[l];
      CHECK(a.kind == b.kind);
      CHECK(a.w_shift == b.w_shift);
      CHECK(a.tau_d == b.tau_d);
      CHECK(a.tau_n == b.tau_n);
      CHECK(a.v_th == b.v_th);
      CHECK(a.lut_lo == b.lut_lo);
      CHECK(a.lut_shift == b.lut_shift);
      CHECK(a.lut_bits == b.lut_bits);
      CHECK(a.weights == b.weights);
      CHECK(a.bias == b.bias);
      CHECK(a.lut == b.lut);
    }
  }
}

TEST_CASE("FRAME and IMAGE payloads put spike i at bit i mod 32 and pixel i at byte i mod 4 (§3)", "[protocol]") {
  // The encoder packs whole words at a time (eight spike bytes by one
  // multiply, pixels by one copy); this is the layout bit by bit, for widths
  // around every word and byte boundary, and spike bytes above 1 that only
  // their bit 0 counts for.
  std::mt19937 rng(7);
  for (uint32_t width : {1u, 7u, 8u, 9u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 784u, 1000u}) {
    SpikeFrame frame(3, width);
    for (uint8_t& b : frame.bits) b = static_cast<uint8_t>(rng() % 4 == 0 ? 1 + 2 * (rng() % 2) : 2 * (rng() % 2));
    const std::vector<uint32_t> p = frame_payload(9, frame);
    const uint32_t words = (width + 31) / 32;
    REQUIRE(p.size() == 1 + 3 * words);
    CHECK(p[0] == 9);
    for (uint32_t t = 0; t < 3; ++t)
      for (uint32_t i = 0; i < words * 32; ++i) {
        const uint32_t want = i < width ? frame.at(t, i) & 1u : 0u;
        CHECK(((p[1 + t * words + i / 32] >> (i % 32)) & 1u) == want);
      }
    std::vector<uint8_t> pixels(width);
    for (uint8_t& px : pixels) px = static_cast<uint8_t>(rng());
    const std::vector<uint32_t> q = image_payload(5, {pixels.data(), width, 11, 0x123456789abcdef0ull});
    REQUIRE(q.size() == 4 + (width + 3) / 4);
    CHECK(q[0] == 5);
    CHECK(q[1] == 11);
    CHECK(q[2] == 0x9abcdef0u);
    CHECK(q[3] == 0x12345678u);
    for (uint32_t i = 0; i < (width + 3) / 4 * 4; ++i)
      CHECK(((q[4 + i / 4] >> (8 * (i % 4))) & 0xFFu) == (i < width ? pixels[i] : 0u));
  }
}

TEST_CASE("unknown packet types are drained and reported, configuration stays", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  core.push(encode_network(net));
  const StatusPacket s = only_status(run(core, packet(0x42, {1, 2, 3})));
  CHECK(s.code == kUnknownType);
  CHECK(s.packet_type == 0x42);
  CHECK(s.declared_length == 3);
  CHECK(s.error_count == 1);
  CHECK(s.configured);
  Stream f;
  append_frame(f, 9, SpikeFrame(net.timesteps, net.inputs()));
  CHECK(run(core, f).at(0).type == kResult);
}

TEST_CASE("TLAST before or after the declared length is a LENGTH error", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  core.push(encode_network(net));
  Stream f;
  append_frame(f, 1, SpikeFrame(net.timesteps, net.inputs()));
  Stream short_frame(f.begin(), f.end() - 1);
  short_frame.back().last = true;
  StatusPacket s = only_status(run(core, short_frame));
  CHECK(s.code == kLength);
  CHECK(s.detail == f.size() - 2);
  CHECK(s.configured);  // a bad FRAME leaves the configuration alone

  Stream long_frame = f;
  long_frame.back().last = false;
  long_frame.push_back({0, false});
  long_frame.push_back({0, true});
  s = only_status(run(core, long_frame));
  CHECK(s.code == kLength);
  CHECK(s.detail == f.size() + 1);
  CHECK(s.error_count == 2);
  CHECK(run(core, f).at(0).type == kResult);  // recovers with the next good frame

  // A parameter packet with a LENGTH error unconfigures the core.
  Stream w;
  append_packet(w, kBias, bias_payload(net.layers[1], 1));
  w.back().last = false;
  w.push_back({0, true});
  s = only_status(run(core, w));
  CHECK(s.code == kLength);
  CHECK_FALSE(s.configured);
  CHECK(only_status(run(core, f)).code == kNotConfigured);
}

TEST_CASE("parameters and frames before CONFIG are NOT_CONFIGURED", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  StatusPacket s = only_status(run(core, packet(kWeights, weights_payload(net.layers[0], 0))));
  CHECK(s.code == kNotConfigured);
  Stream f;
  append_frame(f, 1, SpikeFrame(net.timesteps, net.inputs()));
  CHECK(only_status(run(core, f)).code == kNotConfigured);
  core.push(encode_network(net));
  CHECK(run(core, f).at(0).type == kResult);
}

TEST_CASE("BAD_SIZE: lengths that disagree with the configuration", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  core.push(encode_network(net));
  auto w = weights_payload(net.layers[0], 0);
  w.pop_back();
  CHECK(only_status(run(core, packet(kWeights, w))).code == kBadSize);
  CHECK_FALSE(core.configured());
  core.push(encode_network(net));
  auto b = bias_payload(net.layers[1], 7);  // no layer 7
  CHECK(only_status(run(core, packet(kBias, b))).code == kBadSize);
  core.push(encode_network(net));
  CHECK(only_status(run(core, packet(kLut, {}))).code == kBadSize);
  core.push(encode_network(net));
  CHECK(only_status(run(core, packet(kQuery, {0}))).code == kBadSize);
  CHECK(core.configured());  // a bad QUERY does not unconfigure
  auto c = config_payload(net, false);
  c.push_back(0);
  CHECK(only_status(run(core, packet(kConfig, c))).code == kBadSize);
  CHECK(only_status(run(core, packet(kConfig, {}))).code == kBadSize);
  core.push(encode_network(net));
  CHECK(only_status(run(core, packet(kFrame, {1, 0}))).code == kBadSize);
}

TEST_CASE("BAD_VERSION and BAD_FIELD name the first bad word", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  auto good = config_payload(net, false);
  auto with = [&](size_t word, uint32_t value) {
    auto c = good;
    c[word] = value;
    return packet(kConfig, c);
  };
  CHECK(only_status(run(core, with(0, (good[0] & 0xFFFF00FF) | (1u << 8)))).code == kBadVersion);  // version 1
  CHECK(only_status(run(core, with(0, (good[0] & 0xFFFF00FF) | (2u << 8)))).code == kBadVersion);  // version 2
  CHECK(only_status(run(core, with(0, (good[0] & 0xFFFF00FF) | (4u << 8)))).code == kBadVersion);
  CHECK(only_status(run(core, with(0, (good[0] & 0x0000FFFF) | (0x1234u << 16)))).code == kBadVersion);

  struct Case {
    size_t word;
    uint32_t value;
  };
  const std::vector<Case> bad = {
      {1, good[1] & 0xFFFF0000},                   // T = 0
      {1, good[1] | (1u << 20)},                   // reserved bit
      {2, good[2] & 0xFFFF0000},                   // n_in = 0
      {6, (good[6] & 0xFFFF0000) | 5},             // n_in(1) != n_out(0)
      {3, (good[3] & 0xFFFFFF00) | 4},             // kind 4
      {3, (good[3] & 0xFFFF00FF) | (5u << 8)},     // w_shift 5
      {3, (good[3] & 0xFFFF00FF) | (0xF7u << 8)},  // w_shift -9
      {4, (good[4] & 0xFFFF0000) | 257},           // tau_d 257
      {4, (good[4] & 0x0000FFFF) | (300u << 16)},  // tau_n 300
      {5, good[5] | (1u << 21)},                   // reserved
      {5, (good[5] & 0xF0FFFFFF) | (12u << 24)},   // lut_bits 13
      {5, good[5] | (1u << 30)},                   // reserved
  };
  for (const Case& k : bad) {
    INFO("word " << k.word);
    const StatusPacket s = only_status(run(core, with(k.word, k.value)));
    CHECK(s.code == kBadField);
    CHECK(s.detail == k.word);
    CHECK_FALSE(s.configured);
  }
  // L = 0 with a matching length is a field error at word 0.
  CHECK(only_status(run(core, packet(kConfig, {(good[0] & 0xFFFFFF00), good[1]}))).detail == 0);
  // Bits 31:8 of a layer-index word.
  core.push(encode_network(net));
  auto b = bias_payload(net.layers[0], 0);
  b[0] |= 0x100;
  const StatusPacket s = only_status(run(core, packet(kBias, b)));
  CHECK(s.code == kBadField);
  CHECK(s.detail == 0);
  // The first failing check wins: a field error after a reserved bit is reported at the earlier word.
  auto two = good;
  two[1] |= 1u << 20;
  two[4] = 999;
  CHECK(only_status(run(core, packet(kConfig, two))).detail == 1);
}

TEST_CASE("CAPACITY: a configuration larger than the implementation", "[protocol][errors]") {
  CoreCapacity cap;
  cap.max_layers = 1;
  GoldenCore small(cap);
  const Network net = testing::small_padded_net();
  StatusPacket s = only_status(run(small, packet(kConfig, config_payload(net, false))));
  CHECK(s.code == kCapacity);
  CHECK(s.detail == 0);
  cap = {};
  cap.max_weight_bytes = 37 * 6 + 6 * 5 - 1;
  GoldenCore tight(cap);
  tight.push(packet(kConfig, config_payload(net, false)));
  s = decode_status(split_packets(tight.take_output()).at(0));
  CHECK(s.code == kCapacity);
  CHECK(s.detail == 6);
  cap = {};
  cap.max_neurons = 36;
  GoldenCore narrow(cap);
  narrow.push(packet(kConfig, config_payload(net, false)));
  CHECK(decode_status(split_packets(narrow.take_output()).at(0)).detail == 2);
}

TEST_CASE("PADDING: non-zero padding in weights, bias and frames", "[protocol][errors]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();  // n_out 6 and 5: padded columns; 37 inputs: padded frames
  core.push(encode_network(net));
  auto w = weights_payload(net.layers[0], 0);
  w[4] |= 0x01000000;  // column 1's second word holds neurons 4, 5: byte 3 is padding
  StatusPacket s = only_status(run(core, packet(kWeights, w)));
  CHECK(s.code == kPadding);
  CHECK(s.detail == 4);
  CHECK_FALSE(s.configured);

  core.push(encode_network(net));
  auto b = bias_payload(net.layers[1], 1);
  b[3] |= 0x10000;  // neuron 5 does not exist
  s = only_status(run(core, packet(kBias, b)));
  CHECK(s.code == kPadding);
  CHECK(s.detail == 3);

  core.push(encode_network(net));
  auto f = frame_payload(3, SpikeFrame(net.timesteps, net.inputs()));
  f[6] |= 1u << 5;  // timestep 2, input 37
  s = only_status(run(core, packet(kFrame, f)));
  CHECK(s.code == kPadding);
  CHECK(s.detail == 6);
  CHECK(s.configured);
  f[6] = 0;
  CHECK(run(core, packet(kFrame, f)).at(0).type == kResult);
}

TEST_CASE("QUERY is a barrier that reports completed frames", "[protocol]") {
  GoldenCore core;
  const Network net = testing::small_padded_net();
  Stream s = encode_network(net);
  append_frame(s, 1, SpikeFrame(net.timesteps, net.inputs()));
  append_frame(s, 2, SpikeFrame(net.timesteps, net.inputs()));
  append_query(s);
  const auto out = run(core, s);
  REQUIRE(out.size() == 3);
  CHECK(decode_result(out[0], net.outputs()).frame_id == 1);
  CHECK(decode_result(out[1], net.outputs()).frame_id == 2);
  const StatusPacket q = decode_status(out[2]);
  CHECK(q.code == kOk);
  CHECK(q.packet_type == kQuery);
  CHECK(q.detail == 2);
}
