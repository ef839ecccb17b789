// SPDX-License-Identifier: Apache-2.0
// The HLS core and the golden core side by side in a Catch2 test: every
// stream goes into both and the outputs must be equal word for word.
#pragma once

#include <catch2/catch.hpp>
#include <memory>

#include "hls_harness.hpp"
#include "stream_encoder.hpp"

namespace trinity::hls_test {

// Room for random_network(…, 128) with 12-bit LUTs.
using RandomCap = hls_kernel::Capacity<4, 128, 16, 65536, 4096>;
// Small limits so that every CAPACITY check can be hit.
using TightCap = hls_kernel::Capacity<3, 100, 12, 3000, 1024>;

template <int N>
struct Lanes {
  static constexpr int value = N;
};

template <class Cap, int LANES>
struct Pair {
  std::unique_ptr<hls_kernel::Core<LANES, Cap>> dut = std::make_unique<hls_kernel::Core<LANES, Cap>>();
  GoldenCore golden{golden_capacity<Cap>()};

  // Feeds both; returns the golden output after checking the kernel's equals it.
  protocol::Stream feed(const protocol::Stream& in) {
    golden.push(in);
    const protocol::Stream want = golden.take_output();
    const protocol::Stream got = run_hls(*dut, in);
    const std::string diff = first_mismatch(want, got);
    INFO(diff);
    CHECK(diff.empty());
    return want;
  }
};

// The one packet of an answer that must be a single STATUS.
inline protocol::StatusPacket status_of(const protocol::Stream& out) {
  const auto packets = protocol::split_packets(out);
  REQUIRE(packets.size() == 1);
  REQUIRE(packets[0].type == protocol::kStatus);
  return protocol::decode_status(packets[0]);
}

}  // namespace trinity::hls_test
