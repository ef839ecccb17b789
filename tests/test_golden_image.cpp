// SPDX-License-Identifier: Apache-2.0
// The IMAGE packet of protocol v2 (docs/protocol-v2.md §3) in the golden
// core: an image the core rate-codes itself answers exactly as the FRAME of
// the fixed-point spec's §6 code of that image, and every malformed IMAGE is
// refused with its §5 code and detail, leaving the configuration as it was.
#include <catch2/catch.hpp>

#include "golden_core.hpp"
#include "golden_session.hpp"
#include "random_network.hpp"
#include "rate_coding.hpp"
#include "stream_encoder.hpp"

using namespace trinity;
using namespace trinity::protocol;

using testing::only_status;
using testing::run;

namespace {

std::vector<uint8_t> random_pixels(std::mt19937& rng, uint32_t n) {
  std::vector<uint8_t> p(n);
  for (auto& v : p) {
    const uint32_t r = rng() % 8;
    v = r == 0 ? 0 : r == 1 ? 255 : static_cast<uint8_t>(rng());  // the rails often: 0 never, 255 always spikes
  }
  return p;
}

}  // namespace

TEST_CASE("an IMAGE answers word for word as the FRAME of its rate code", "[protocol][image]") {
  std::mt19937 rng(33);
  const uint64_t seeds[] = {0, 1, 0x9E3779B97F4A7C15ULL, 0xFFFFFFFF00000001ULL};
  const uint32_t indices[] = {0, 7, 59999, 0xFFFFFFFFu};
  for (int trial = 0; trial < 40; ++trial) {
    const Network net = testing::random_network(rng, trial % 2 == 0);
    const bool trace = trial % 3 == 0;
    GoldenCore by_image, by_frame;
    by_image.push(encode_network(net, trace));
    by_frame.push(encode_network(net, trace));
    Stream images, frames;
    for (uint32_t k = 0; k < 4; ++k) {
      const std::vector<uint8_t> pixels = random_pixels(rng, net.inputs());
      const ImageView image{pixels.data(), net.inputs(), indices[(trial + k) % 4], seeds[(trial / 4 + k) % 4]};
      append_image(images, 500 + k, image);
      append_frame(frames, 500 + k, rate_encode(pixels.data(), net.inputs(), net.timesteps, image.seed, image.index));
    }
    const Stream a = (by_image.push(images), by_image.take_output());
    const Stream b = (by_frame.push(frames), by_frame.take_output());
    REQUIRE(!a.empty());
    CHECK(a == b);
  }
}

TEST_CASE("malformed IMAGEs are refused in §5 order and the core recovers", "[protocol][image][errors]") {
  std::mt19937 rng(34);
  const Network net = testing::small_padded_net();  // 37 inputs: 10 pixel words, the last with 3 padding bytes
  const std::vector<uint8_t> pixels = random_pixels(rng, net.inputs());
  const ImageView image{pixels.data(), net.inputs(), 3, 0x123456789ABCDEF0ULL};
  const std::vector<uint32_t> good = image_payload(77, image);
  REQUIRE(good.size() == 4 + 10);
  auto packet = [](const std::vector<uint32_t>& payload) {
    Stream s;
    append_packet(s, kImage, payload);
    return s;
  };

  GoldenCore core;
  StatusPacket s = only_status(run(core, packet(good)));
  CHECK(s.code == kNotConfigured);
  CHECK(s.packet_type == kImage);
  core.push(encode_network(net));

  struct Case {
    const char* what;
    Stream stream;
    uint8_t code;
    uint32_t detail;
  };
  std::vector<uint32_t> short_payload(good.begin(), good.end() - 1);
  std::vector<uint32_t> long_payload = good;
  long_payload.push_back(0);
  std::vector<uint32_t> padded = good;
  padded.back() |= 0x01000000u;  // byte 3 of the last word: input 39 of 37
  Stream early;
  append_framed(early, header(kImage, static_cast<uint32_t>(good.size())), {good[0], good[1]});
  Stream late;
  append_framed(late, header(kImage, static_cast<uint32_t>(good.size())), long_payload);
  const std::vector<Case> cases = {
      {"one word short", packet(short_payload), kBadSize, 0},
      {"one word long", packet(long_payload), kBadSize, 0},
      {"padding byte set", packet(padded), kPadding, static_cast<uint32_t>(good.size() - 1)},
      {"TLAST early", early, kLength, 2},
      {"TLAST late", late, kLength, static_cast<uint32_t>(good.size() + 1)},
  };
  Stream reference;
  append_image(reference, 77, image);
  const Stream expected = (core.push(reference), core.take_output());
  REQUIRE(expected.size() == 2 + result_length(net.outputs()) - 1);
  for (const Case& c : cases) {
    INFO(c.what);
    s = only_status(run(core, c.stream));
    CHECK(s.code == c.code);
    CHECK(s.detail == c.detail);
    CHECK(s.packet_type == kImage);
    CHECK(s.configured);
    core.push(reference);
    CHECK(core.take_output() == expected);
  }
}
