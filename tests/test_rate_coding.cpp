// SPDX-License-Identifier: Apache-2.0
// Rate coding (spec §6) must give the same bits everywhere: the constants
// below were computed by an independent arbitrary-precision Python
// transcription of §6, so a change to either side shows up here.
#include <catch2/catch.hpp>

#include "rate_coding.hpp"

using namespace trinity;

TEST_CASE("mix64 is SplitMix64's finaliser", "[spec][s6]") {
  // SplitMix64 seeded with 0 first returns mix64(golden gamma).
  CHECK(mix64(0x9E3779B97F4A7C15ULL) == 0xe220a8397b1dcdafULL);
  CHECK(mix64(1) == 0x5692161d100b05e5ULL);
}

TEST_CASE("rate-coded frames match the independent transcription", "[spec][s6]") {
  std::vector<uint8_t> pixels(784);
  struct Case {
    uint64_t seed;
    size_t spikes;
    uint64_t hash;
  };
  for (const Case& c : {Case{0, 3871, 824191032}, Case{7, 3805, 841926773}, Case{~0ULL, 3891, 926348185}}) {
    size_t spikes = 0;
    uint64_t hash = 0;
    for (uint32_t t = 0; t < 10; ++t) {
      for (uint32_t i = 0; i < 784; ++i) pixels[i] = static_cast<uint8_t>((i * 7 + t) % 256);
      // Pixels change per timestep here only to exercise every (t, i, p); rate_encode holds them fixed.
      for (uint32_t i = 0; i < 784; ++i)
        if (rate_spike(c.seed, 3, t, 10, i, 784, pixels[i])) {
          ++spikes;
          hash = (hash * 31 + t * 784 + i) % 1000000007ULL;
        }
    }
    INFO("seed " << c.seed);
    CHECK(spikes == c.spikes);
    CHECK(hash == c.hash);
  }
}

TEST_CASE("pixel 0 never spikes, 255 always does, others at p/255", "[spec][s6]") {
  std::vector<uint8_t> img(256);
  for (int p = 0; p < 256; ++p) img[p] = static_cast<uint8_t>(p);
  std::vector<uint32_t> fired(256, 0);
  const uint32_t frames = 400;
  for (uint32_t n = 0; n < frames; ++n) {
    const SpikeFrame f = rate_encode(img.data(), 256, 10, 42, n);
    for (uint32_t t = 0; t < 10; ++t)
      for (uint32_t i = 0; i < 256; ++i) fired[i] += f.at(t, i);
  }
  CHECK(fired[0] == 0);
  CHECK(fired[255] == frames * 10);
  for (int p : {32, 128, 200}) {
    const double rate = fired[p] / double(frames * 10);
    INFO("pixel " << p);
    CHECK(rate == Approx(p / 255.0).margin(0.03));
  }
}

TEST_CASE("a frame depends on its data-set index, not on batch position", "[spec][s6]") {
  std::vector<uint8_t> img(784, 100);
  CHECK(rate_encode(img.data(), 784, 10, 0, 5).bits == rate_encode(img.data(), 784, 10, 0, 5).bits);
  CHECK(rate_encode(img.data(), 784, 10, 0, 5).bits != rate_encode(img.data(), 784, 10, 0, 6).bits);
  CHECK(rate_encode(img.data(), 784, 10, 1, 5).bits != rate_encode(img.data(), 784, 10, 0, 5).bits);
}

TEST_CASE("rate_encode's shortcut for black and white pixels equals the §6 draw", "[spec][s6]") {
  std::vector<uint8_t> img(256 * 3);
  for (size_t i = 0; i < img.size(); ++i) img[i] = static_cast<uint8_t>(i % 256);
  for (uint64_t n = 0; n < 40; ++n) {
    const SpikeFrame f = rate_encode(img.data(), static_cast<uint32_t>(img.size()), 7, 3, n);
    for (uint32_t t = 0; t < 7; ++t)
      for (uint32_t i = 0; i < img.size(); ++i)
        REQUIRE(f.at(t, i) == (rate_spike(3, n, t, 7, i, static_cast<uint32_t>(img.size()), img[i]) ? 1 : 0));
  }
}
