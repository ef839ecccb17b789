// SPDX-License-Identifier: Apache-2.0
// The IMAGE packet (protocol v2 §3) in C simulation of the HLS core: the
// kernel's own rate coder (hls/rate_coder.hpp) against the golden core's
// (sim/golden/rate_coding.hpp, fixed-point spec §6), word for word, and an
// IMAGE against the FRAME of the same spikes; then each malformed IMAGE of
// §5 with its code and detail, and the configuration it must leave alone.
#include <catch2/catch.hpp>
#include <random>

#include "hls_pair.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "stream_encoder.hpp"

using namespace trinity;
using namespace trinity::protocol;
using namespace trinity::hls_test;

namespace {

// Pixels with both ends of the range well represented: 0 never spikes and
// 255 always does (spec §6), the cases an off-by-one in the compare breaks.
std::vector<uint8_t> random_pixels(std::mt19937& rng, uint32_t n) {
  std::vector<uint8_t> p(n);
  for (uint8_t& px : p) {
    const uint32_t r = rng() % 10;
    px = r < 2 ? 0 : r < 4 ? 255 : static_cast<uint8_t>(rng());
  }
  return p;
}

// The packets of the frame's answer (TRACE..., RESULT) starting at packet k.
std::vector<Packet> answer(const std::vector<Packet>& out, size_t& k) {
  std::vector<Packet> a;
  while (k < out.size()) {
    a.push_back(out[k++]);
    if (a.back().type != kTrace) break;
  }
  return a;
}

bool same(const std::vector<Packet>& a, const std::vector<Packet>& b) {
  if (a.size() != b.size()) return false;
  for (size_t k = 0; k < a.size(); ++k)
    if (a[k].type != b[k].type || a[k].payload != b[k].payload) return false;
  return true;
}

}  // namespace

TEMPLATE_TEST_CASE("hls core rate-codes IMAGE packets exactly as the golden core and as the FRAME of those spikes",
                   "[hls][csim][image]", Lanes<4>, Lanes<8>, Lanes<32>) {
  std::mt19937 rng(900 + TestType::value);
  std::mt19937_64 rng64(17);
  // First-layer widths around the packing boundaries: 4 pixels a word, 32
  // spikes a word (1, 3, 5, 31, 33, 37, 67, 127 leave padding).
  const uint32_t widths[] = {1, 3, 4, 5, 31, 32, 33, 37, 64, 67, 100, 127, 128};
  const uint32_t indices[] = {0, 1, 59999, 0xFFFFFFFFu, 0x80000001u};
  const uint64_t seeds[] = {0, 0x0123456789ABCDEFULL, 0xFFFFFFFF00000001ULL, 0x8000000000000000ULL};
  for (int trial = 0; trial < 26; ++trial) {
    Network net = testing::random_network(rng, trial % 2 == 0, trial % 4 == 3 ? 128 : 70);
    const uint32_t n_in = widths[trial % 13];
    Layer& first = net.layers[0];
    first = testing::random_layer(rng, n_in, first.n_out, first.kind, trial % 2 == 0);
    const bool trace = trial % 3 == 0;
    INFO("trial " << trial << ", " << net.layers.size() << " layers, n_in " << n_in << ", T " << net.timesteps
                  << ", trace " << trace);
    Pair<RandomCap, TestType::value> p;
    Stream s = encode_network(net, trace);
    // Each IMAGE is followed by the FRAME of the golden model's §6 code of
    // its pixels, with the same frame id: the two answers must be identical.
    constexpr int kImages = 4;
    for (int k = 0; k < kImages; ++k) {
      const std::vector<uint8_t> pixels = random_pixels(rng, n_in);
      const uint32_t n = k < 2 ? indices[(trial + k) % 5] : static_cast<uint32_t>(rng());
      const uint64_t seed = k < 2 ? seeds[(trial + k) % 4] : rng64();
      const uint32_t id = 1000 * trial + k;
      append_image(s, id, ImageView{pixels.data(), n_in, n, seed});
      append_frame(s, id, rate_encode(pixels.data(), n_in, net.timesteps, seed, n));
    }
    append_query(s);
    const auto out = split_packets(p.feed(s));
    const size_t per_frame = (trace ? net.timesteps * net.layers.size() : 0) + 1;
    REQUIRE(out.size() == 2 * kImages * per_frame + 1);
    size_t k = 0;
    for (int f = 0; f < kImages; ++f) {
      const auto image = answer(out, k), frame = answer(out, k);
      INFO("image " << f);
      CHECK(image.size() == per_frame);
      CHECK(same(image, frame));
    }
    CHECK(decode_status(out.back()).error_count == 0);
  }
}

TEST_CASE("hls core answers each malformed IMAGE like the golden core and keeps its configuration",
          "[hls][csim][image][errors]") {
  // 37 inputs: ten pixel words, the last with three padding bytes; T = 3.
  const Network net = testing::small_padded_net();
  REQUIRE(net.inputs() == 37);
  const Stream config = encode_network(net);
  std::mt19937 rng(41);
  const std::vector<uint8_t> pixels = random_pixels(rng, net.inputs());
  const ImageView view{pixels.data(), net.inputs(), 12345, 0xDEADBEEF00C0FFEEULL};
  const auto good = image_payload(7, view);
  REQUIRE(good.size() == image_length(37));
  const uint32_t last = static_cast<uint32_t>(good.size()) - 1;  // payload index of the padded word

  Pair<TightCap, 8> p;
  Stream good_image;
  append_image(good_image, 8, view);

  SECTION("before any CONFIG: NOT_CONFIGURED; a short one is LENGTH first, a wrong size NOT_CONFIGURED first") {
    CHECK(status_of(p.feed(packet(kImage, good))).code == kNotConfigured);
    Stream cut = packet(kImage, good);
    cut.pop_back();
    cut.back().last = true;
    const StatusPacket s = status_of(p.feed(cut));
    CHECK(s.code == kLength);
    CHECK(s.detail == last);
    CHECK(status_of(p.feed(packet(kImage, {1, 2}))).code == kNotConfigured);
  }

  SECTION("version 1 CONFIG: BAD_VERSION, and IMAGEs are refused until a good CONFIG") {
    auto v1 = config_payload(net, false);
    v1[0] = (v1[0] & 0xFFFF00FF) | (1u << 8);
    const StatusPacket s = status_of(p.feed(packet(kConfig, v1)));
    CHECK(s.code == kBadVersion);
    CHECK_FALSE(s.configured);
    CHECK(status_of(p.feed(good_image)).code == kNotConfigured);
    p.feed(config);
    CHECK(split_packets(p.feed(good_image)).at(0).type == kResult);
  }

  SECTION("after a good CONFIG: each malformed IMAGE, then a good IMAGE and a FRAME on the same configuration") {
    p.feed(config);
    struct Case {
      const char* what;
      Stream packet;
      uint8_t code;
      uint32_t detail;
    };
    std::vector<Case> cases;
    {
      Stream s = packet(kImage, good);
      s.pop_back();
      s.back().last = true;
      cases.push_back({"TLAST one word early", s, kLength, last});
      s = packet(kImage, good);
      s.back().last = false;
      s.push_back({0, false});
      s.push_back({0, true});
      cases.push_back({"TLAST two words late", s, kLength, last + 3});
    }
    {
      auto shorter = good;
      shorter.pop_back();
      cases.push_back({"one pixel word too few", packet(kImage, shorter), kBadSize, 0});
      auto longer = good;
      longer.push_back(0);
      cases.push_back({"one word too many", packet(kImage, longer), kBadSize, 0});
      cases.push_back({"header words only", packet(kImage, {7, 1, 2, 3}), kBadSize, 0});
      cases.push_back({"empty", packet(kImage, {}), kBadSize, 0});
      cases.push_back({"a FRAME's length", packet(kImage, std::vector<uint32_t>(frame_length(3, 37), 0)), kBadSize, 0});
      auto short_padded = shorter;
      short_padded.back() |= 0xFF000000u;  // BAD_SIZE comes before PADDING
      cases.push_back({"wrong size and padding", packet(kImage, short_padded), kBadSize, 0});
    }
    for (const uint32_t bits : {0x00000100u, 0xFF000000u, 0x00010000u}) {
      auto padded = good;
      padded[last] |= bits;
      cases.push_back({"a padding byte set", packet(kImage, padded), kPadding, last});
    }
    uint32_t errors = 0;
    for (const Case& c : cases) {
      INFO(c.what);
      const StatusPacket s = status_of(p.feed(c.packet));
      CHECK(s.code == c.code);
      CHECK(s.detail == c.detail);
      CHECK(s.packet_type == kImage);
      CHECK(s.configured);
      CHECK(s.error_count == ++errors);
      // The configuration is as it was: a good IMAGE and a FRAME compute.
      Stream next = good_image;
      append_frame(next, 9, rate_encode(pixels.data(), 37, net.timesteps, view.seed, view.index));
      append_query(next);
      const auto out = split_packets(p.feed(next));
      REQUIRE(out.size() == 3);
      CHECK(out[0].type == kResult);
      CHECK(out[1].type == kResult);
      CHECK(decode_result(out[0], 5).counts == decode_result(out[1], 5).counts);
      CHECK(decode_status(out[2]).error_count == errors);
    }
  }
}
