// SPDX-License-Identifier: Apache-2.0
// Each rule of docs/fixed-point-spec.md §3, at its edges.
#include <catch2/catch.hpp>

#include "fixed_point.hpp"

using namespace trinity;

TEST_CASE("sat16 saturates at both ends and never wraps", "[spec][s3]") {
  CHECK(sat16(32767) == 32767);
  CHECK(sat16(32768) == 32767);
  CHECK(sat16(int64_t{1} << 40) == 32767);
  CHECK(sat16(-32768) == -32768);
  CHECK(sat16(-32769) == -32768);
  CHECK(sat16(-(int64_t{1} << 40)) == -32768);
  CHECK(sat16(-5) == -5);
}

TEST_CASE("rshift_round rounds half towards +infinity", "[spec][s3]") {
  CHECK(rshift_round(3, 1) == 2);    // 1.5 -> 2
  CHECK(rshift_round(-3, 1) == -1);  // -1.5 -> -1
  CHECK(rshift_round(5, 2) == 1);    // 1.25 -> 1
  CHECK(rshift_round(6, 2) == 2);    // 1.5 -> 2
  CHECK(rshift_round(-6, 2) == -1);  // -1.5 -> -1
  CHECK(rshift_round(-7, 2) == -2);  // -1.75 -> -2
  CHECK(rshift_round(-5, 2) == -1);  // -1.25 -> -1
  CHECK(rshift_round(123, 0) == 123);
}

TEST_CASE("scale applies the weight exponent", "[spec][s3]") {
  CHECK(scale(100, 0) == 100);
  CHECK(scale(100, 4) == 1600);
  CHECK(scale(-100, 4) == -1600);
  CHECK(scale(100, -3) == 13);    // 12.5 -> 13
  CHECK(scale(-100, -3) == -12);  // -12.5 -> -12
  CHECK(scale(-(65535 * 128), 4) == -(65535LL * 128 * 16));
}

TEST_CASE("decay rounds half up and stays in int16", "[spec][s3]") {
  CHECK(decay(100, 128) == 50);
  CHECK(decay(101, 128) == 51);    // 50.5 -> 51
  CHECK(decay(-101, 128) == -50);  // -50.5 -> -50
  CHECK(decay(-32768, 256) == -32768);
  CHECK(decay(32767, 256) == 32767);
  CHECK(decay(32767, 0) == 0);
  CHECK(decay(-1, 1) == 0);  // -1/256 -> 0
  for (int tau = 0; tau <= 256; ++tau) CHECK(decay(0, static_cast<uint16_t>(tau)) == 0);
}

TEST_CASE("LUT index clamps at both ends and floors in between", "[spec][s3]") {
  // 16 entries of 4 LSB each from -10.
  CHECK(lut_index(-32768, -10, 2, 4) == 0);
  CHECK(lut_index(-11, -10, 2, 4) == 0);  // floor(-1/4) = -1 -> clamped to 0
  CHECK(lut_index(-10, -10, 2, 4) == 0);
  CHECK(lut_index(-7, -10, 2, 4) == 0);
  CHECK(lut_index(-6, -10, 2, 4) == 1);
  CHECK(lut_index(-10 + 63, -10, 2, 4) == 15);
  CHECK(lut_index(-10 + 64, -10, 2, 4) == 15);
  CHECK(lut_index(32767, -10, 2, 4) == 15);
  // Extreme geometry: no 16-bit overflow in the subtraction.
  CHECK(lut_index(32767, -32768, 0, 12) == 4095);
  CHECK(lut_index(-32768, 32767, 15, 12) == 0);
  CHECK(lut_index(32767, -32768, 15, 1) == 1);
}
