// SPDX-License-Identifier: Apache-2.0
// C simulation of the HLS kernels against the golden core: the same protocol
// v3 beats in, the same words out, for random networks, every error of
// protocol §5, random corruption, and the memory-mapped data movers.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "hls_pair.hpp"
#include "random_network.hpp"
#include "stream_encoder.hpp"
#include "trinity_kernels.hpp"

using namespace trinity;
using namespace trinity::protocol;
using namespace trinity::hls_test;

namespace {

Stream good_frame(const Network& net, uint32_t id) {
  std::mt19937 rng(id);
  Stream s;
  append_frame(s, id, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
  return s;
}

}  // namespace

TEMPLATE_TEST_CASE("hls core equals the golden core on random networks, all kinds, trace on and off", "[hls][csim]",
                   Lanes<4>, Lanes<8>, Lanes<32>) {
  std::mt19937 rng(600 + TestType::value);
  for (int trial = 0; trial < 40; ++trial) {
    const bool extreme = trial % 2 == 0;  // saturating weights, biases, thresholds and LUTs
    const Network net = testing::random_network(rng, extreme, trial % 4 == 3 ? 128 : 70);
    const bool trace = trial % 3 == 0;
    INFO("trial " << trial << ", " << net.layers.size() << " layers, T " << net.timesteps << ", trace " << trace);
    Pair<RandomCap, TestType::value> p;
    Stream s = encode_network(net, trace);
    const double density[] = {0.05, 0.3, 0.6, 0.95};
    for (uint32_t k = 0; k < 4; ++k)
      append_frame(s, 77 * trial + k, testing::random_frame(rng, net.timesteps, net.inputs(), density[k]));
    append_query(s);
    const auto out = split_packets(p.feed(s));
    REQUIRE(out.size() == 4 * ((trace ? net.timesteps * net.layers.size() : 0) + 1) + 1);
    CHECK(p.dut->configured());
  }
}

TEST_CASE("hls core reports every protocol error like the golden core and recovers with the next frame",
          "[hls][csim][errors]") {
  const Network net = testing::small_padded_net();
  const Stream config = encode_network(net);
  const auto good = config_payload(net, false);
  std::vector<Stream> bad;

  bad.push_back(packet(0x42, {1, 2, 3}));  // UNKNOWN_TYPE
  bad.push_back(packet(0x00, {}));
  {  // LENGTH: TLAST early, TLAST late, on a FRAME and on a parameter packet
    Stream f = good_frame(net, 1);
    Stream short_frame(f.begin(), f.end() - 1);
    short_frame.back().last = true;
    bad.push_back(short_frame);
    Stream long_frame = f;
    long_frame.back().last = false;
    long_frame.push_back({0, false});
    long_frame.push_back({5, true});
    bad.push_back(long_frame);
    Stream b;
    append_packet(b, kBias, bias_payload(net.layers[1], 1));
    b.back().last = false;
    b.push_back({0, true});
    bad.push_back(b);
    Stream c = packet(kConfig, good);
    c.back().last = false;
    c.push_back({0, true});
    bad.push_back(c);
    bad.push_back(Stream{{header(kQuery, 2), true}});
  }
  // BAD_SIZE
  {
    auto w = weights_payload(net.layers[0], 0);
    w.pop_back();
    bad.push_back(packet(kWeights, w));
    bad.push_back(packet(kBias, bias_payload(net.layers[1], 7)));
    bad.push_back(packet(kBias, bias_payload(net.layers[1], 0)));  // layer 1's length for layer 0
    bad.push_back(packet(kLut, {}));
    bad.push_back(packet(kQuery, {0}));
    auto c = good;
    c.push_back(0);
    bad.push_back(packet(kConfig, c));
    bad.push_back(packet(kConfig, {}));
    bad.push_back(packet(kFrame, {1, 0}));
    bad.push_back(packet(kFrame, {}));
  }
  auto with = [&](size_t word, uint32_t value) {
    auto c = good;
    c[word] = value;
    return packet(kConfig, c);
  };
  // BAD_VERSION: versions 1 and 2 (protocol v3 §7: a core has one version), then a bad magic
  bad.push_back(with(0, (good[0] & 0xFFFF00FF) | (1u << 8)));
  bad.push_back(with(0, (good[0] & 0xFFFF00FF) | (2u << 8)));
  bad.push_back(with(0, (good[0] & 0x0000FFFF) | (0x1234u << 16)));
  // BAD_FIELD, every field of CONFIG and the index word
  for (const auto& [word, value] : std::vector<std::pair<size_t, uint32_t>>{
           {1, good[1] & 0xFFFF0000},
           {1, good[1] | (1u << 20)},
           {2, good[2] & 0xFFFF0000},
           {2, good[2] & 0x0000FFFF},
           {6, (good[6] & 0xFFFF0000) | 5},
           {3, (good[3] & 0xFFFFFF00) | 4},
           {3, (good[3] & 0xFFFF00FF) | (5u << 8)},
           {3, (good[3] & 0xFFFF00FF) | (0xF7u << 8)},
           {4, (good[4] & 0xFFFF0000) | 257},
           {4, (good[4] & 0x0000FFFF) | (300u << 16)},
           {5, good[5] | (1u << 21)},
           {5, (good[5] & 0xF0FFFFFF) | (12u << 24)},
           {5, good[5] | (1u << 30)},
       })
    bad.push_back(with(word, value));
  bad.push_back(packet(kConfig, {(good[0] & 0xFFFFFF00), good[1]}));  // L = 0
  {
    std::vector<uint32_t> l17(config_length(17), 0);  // L = 17 with a matching length
    l17[0] = (good[0] & 0xFFFFFF00) | 17;
    bad.push_back(packet(kConfig, l17));
    auto b = bias_payload(net.layers[0], 0);
    b[0] |= 0x100;
    bad.push_back(packet(kBias, b));
    auto two = good;
    two[1] |= 1u << 20;
    two[4] = 999;
    bad.push_back(packet(kConfig, two));
  }
  // CAPACITY: each limit of TightCap in turn
  {
    std::mt19937 rng(9);
    auto cfg = [&](std::vector<uint32_t> sizes, uint32_t t, int lut_bits) {
      Network n;
      n.timesteps = t;
      for (size_t k = 0; k + 1 < sizes.size(); ++k) {
        n.layers.push_back(testing::random_layer(rng, sizes[k], sizes[k + 1], UnitKind::kTriLut, false));
        n.layers.back().lut_bits = lut_bits;
      }
      return packet(kConfig, config_payload(n, false));
    };
    bad.push_back(cfg({4, 4, 4, 4, 4}, 2, 2));   // 4 layers > 3
    bad.push_back(cfg({4, 4}, 13, 2));           // T 13 > 12
    bad.push_back(cfg({101, 4}, 2, 2));          // n_in > 100
    bad.push_back(cfg({4, 8, 101}, 2, 2));       // n_out of layer 1 > 100
    bad.push_back(cfg({50, 50, 20}, 2, 2));      // 2500 + 1000 weight bytes > 3000, at layer 1
    bad.push_back(cfg({4, 4, 4}, 2, 11));        // 2048 LUT entries > 1024
    bad.push_back(cfg({4, 4, 4, 4, 4}, 13, 2));  // several: the first word wins
  }
  // PADDING
  {
    auto w = weights_payload(net.layers[0], 0);
    w[4] |= 0x01000000;
    bad.push_back(packet(kWeights, w));
    auto b = bias_payload(net.layers[1], 1);
    b[3] |= 0x10000;
    bad.push_back(packet(kBias, b));
    auto f = frame_payload(3, SpikeFrame(net.timesteps, net.inputs()));
    f[6] |= 1u << 5;
    bad.push_back(packet(kFrame, f));
    f[2] |= 1u << 31;  // an earlier timestep too: the first bad word is reported
    bad.push_back(packet(kFrame, f));
  }

  Pair<TightCap, 8> p;
  std::set<uint8_t> codes;
  // Before any CONFIG: NOT_CONFIGURED for every type that needs one.
  Stream pre = packet(kWeights, weights_payload(net.layers[0], 0));
  const Stream f0 = good_frame(net, 100);
  pre.insert(pre.end(), f0.begin(), f0.end());
  append_query(pre);
  for (const Packet& q : split_packets(p.feed(pre)))
    if (q.type == kStatus) codes.insert(decode_status(q).code);

  uint32_t id = 200;
  for (const Stream& b : bad) {
    INFO("malformed packet #" << (id - 200));
    Stream s = config;
    s.insert(s.end(), b.begin(), b.end());
    const Stream f = good_frame(net, id++);
    s.insert(s.end(), f.begin(), f.end());  // after a failed parameter packet: NOT_CONFIGURED
    s.insert(s.end(), config.begin(), config.end());
    s.insert(s.end(), f.begin(), f.end());  // and after a good CONFIG: a RESULT
    append_query(s);
    const auto out = split_packets(p.feed(s));
    REQUIRE(out.size() >= 3);
    for (const Packet& q : out)
      if (q.type == kStatus) codes.insert(decode_status(q).code);
    CHECK(out[out.size() - 2].type == kResult);
  }
  for (uint8_t c = kOk; c <= kPadding; ++c) {
    INFO("error code " << int{c} << " (" << error_name(c) << ") was exercised");
    CHECK(codes.count(c) == 1);
  }
}

TEST_CASE("hls core equals the golden core on randomly corrupted sessions", "[hls][csim][errors]") {
  std::mt19937 rng(77);
  auto uni = [&](size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng); };
  for (int trial = 0; trial < 250; ++trial) {
    Network net = testing::random_network(rng, trial % 2 == 0, 40);
    net.timesteps = std::min<uint32_t>(net.timesteps, 12);
    for (Layer& l : net.layers) l.lut_bits = std::min(l.lut_bits, 10);
    if (net.layers.size() > 3) net.layers.resize(3);
    for (Layer& l : net.layers) {  // keep the lut vectors the shape implies
      l.lut.resize(l.lut_entries());
    }
    // Every third session gated (protocol v3), its frames each after a TASK,
    // so mutations hit GATE and TASK packets and CONFIG's task count too.
    const uint32_t tasks = trial % 3 == 1 ? 1 + trial % 4 : 0;
    if (tasks > 0) net.gates = testing::random_gates(rng, net, tasks, {0.2, 0.7});
    Stream s = encode_network(net, trial % 5 == 0);
    for (uint32_t k = 0; k < 3; ++k) {
      if (tasks > 0) append_task(s, (k + trial) % (tasks + 1));
      append_frame(s, k, testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
    }
    std::vector<uint8_t> pixels(net.inputs());  // and an IMAGE (protocol v2), so mutations hit it too
    for (uint8_t& px : pixels) px = static_cast<uint8_t>(rng());
    append_image(s, 3, ImageView{pixels.data(), net.inputs(), static_cast<uint32_t>(trial), rng()});
    append_query(s);
    const int mutations = static_cast<int>(uni(1, 4));
    for (int m = 0; m < mutations; ++m) {
      const size_t at = uni(0, s.size() - 1);
      switch (uni(0, 4)) {
        case 0: s[at].data ^= 1u << uni(0, 31); break;
        case 1: s[at].last = !s[at].last; break;
        case 2: s.erase(s.begin() + static_cast<long>(at)); break;
        case 3: s.insert(s.begin() + static_cast<long>(at), Beat{static_cast<uint32_t>(rng()), uni(0, 3) == 0}); break;
        default: s[at].data = static_cast<uint32_t>(rng()); break;
      }
      if (s.empty()) s.push_back({header(kQuery, 0), true});
    }
    s.back().last = true;
    Stream tail;
    append_query(tail);  // a well-formed barrier at the end, whatever came before
    s.insert(s.end(), tail.begin(), tail.end());
    INFO("trial " << trial);
    Pair<TightCap, 8> p;
    p.feed(s);
  }
}

TEST_CASE("mm2s -> core -> s2mm through global memory, FRAMEs and an IMAGE, equals the golden core", "[hls][csim][movers]") {
  std::mt19937 rng(31);
  const Network net = testing::random_network(rng, false, 60);
  Stream s = encode_network(net, true);
  for (uint32_t k = 0; k < 5; ++k) append_frame(s, k, testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
  std::vector<uint8_t> pixels(net.inputs(), 200);  // an IMAGE, framed by mm2s from its length like any packet
  append_image(s, 5, ImageView{pixels.data(), net.inputs(), 77, 1ULL << 63});
  s.push_back({header(0x33, 1), false});  // a malformed packet on the way
  s.push_back({0, true});
  append_query(s);

  GoldenCore golden{golden_capacity<hls_kernel::DefaultCapacity>()};
  golden.push(s);
  const Stream want = golden.take_output();

  std::vector<uint32_t> words = stream_words(s);
  hls_kernel::word_stream to_core("mm2s"), from_core("core");
  trinity_mm2s(words.data(), static_cast<uint32_t>(words.size()), to_core);
  // The length-framed buffer must come out with the TLASTs the host meant.
  {
    hls_kernel::word_stream copy;
    trinity_mm2s(words.data(), static_cast<uint32_t>(words.size()), copy);
    CHECK(from_axis(copy) == s);
  }
  while (!to_core.empty()) trinity_core(to_core, from_core);

  SECTION("a buffer large enough for everything") {
    std::vector<uint32_t> mem(want.size() + 16, 0xDEADBEEF);
    uint32_t count = 0;
    trinity_s2mm(from_core, mem.data(), static_cast<uint32_t>(mem.size()), &count);
    REQUIRE(count == want.size());
    CHECK(from_core.empty());
    for (size_t k = 0; k < want.size(); ++k) REQUIRE(mem[k] == want[k].data);
    CHECK(mem[want.size()] == 0xDEADBEEF);
    CHECK(frame_words(std::vector<uint32_t>(mem.begin(), mem.begin() + count)) == want);
  }
  SECTION("a buffer too small: the count says how much was needed, nothing is written past the end") {
    std::vector<uint32_t> mem(10 + 1, 0xDEADBEEF);
    uint32_t count = 0;
    trinity_s2mm(from_core, mem.data(), 10, &count);
    CHECK(count == want.size());
    CHECK(from_core.empty());
    for (size_t k = 0; k < 10; ++k) CHECK(mem[k] == want[k].data);
    CHECK(mem[10] == 0xDEADBEEF);
  }
}

TEST_CASE("mm2s ends a truncated buffer's last packet, as protocol::frame_words does", "[hls][csim][movers]") {
  const std::vector<uint32_t> words = {header(kQuery, 0), header(kFrame, 5), 1, 2, header(0x42, 0)};
  std::vector<uint32_t> cut(words.begin(), words.end() - 1);
  hls_kernel::word_stream s;
  trinity_mm2s(cut.data(), static_cast<uint32_t>(cut.size()), s);
  CHECK(from_axis(s) == frame_words(cut));
  trinity_mm2s(words.data(), static_cast<uint32_t>(words.size()), s);
  CHECK(from_axis(s) == frame_words(words));
}

TEST_CASE("a configuration at every capacity limit, with the worst weight-row padding, fits and computes",
          "[hls][csim][capacity]") {
  // 33 outputs at 32 lanes: every column needs 2 rows for 33 bytes, the most
  // padding per byte. The weight byte total is exactly the limit, so the
  // CONFIG passes the CAPACITY check and the memory must hold it.
  using EdgeCap = hls_kernel::Capacity<3, 33, 4, 3 * 33 * 33, 16>;
  std::mt19937 rng(1234);
  Network net;
  net.timesteps = 4;
  for (int l = 0; l < 3; ++l) {
    net.layers.push_back(testing::random_layer(rng, 33, 33, static_cast<UnitKind>(l + 1), l == 1));
    net.layers.back().lut_bits = 4;
    net.layers.back().lut.resize(16);
  }
  Pair<EdgeCap, 32> p;
  Stream s = encode_network(net, true);
  for (uint32_t k = 0; k < 3; ++k) append_frame(s, k, testing::random_frame(rng, net.timesteps, 33, 0.7));
  append_query(s);
  const auto out = split_packets(p.feed(s));
  CHECK(out.size() == 3 * (4 * 3 + 1) + 1);
  CHECK(decode_status(out.back()).error_count == 0);
  // One neuron more than the capacity is a CAPACITY error.
  net.layers[2].n_out = 34;
  CHECK(decode_status(split_packets(p.feed(packet(kConfig, config_payload(net, false)))).at(0)).code == kCapacity);
}
