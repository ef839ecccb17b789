// SPDX-License-Identifier: Apache-2.0
// Protocol v3 words into the golden core (sim/golden) and the HLS core
// (hls/, C simulation) with the same small capacity: their outputs must be
// equal word for word and TLAST for TLAST, whatever arrives.
//
// Input: a mode byte, then 32-bit little-endian words. TLAST is placed where
// each header's length says (so most packets are well framed and reach the
// checks past framing); the mode byte's low bits move up to three TLASTs.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "golden_core.hpp"
#include "hls_harness.hpp"
#include "protocol.hpp"
#include "trinity_core.hpp"

namespace {

// Small limits: every CAPACITY check can be hit and no frame is slow.
using FuzzCap = trinity::hls_kernel::Capacity<3, 100, 12, 3000, 1024>;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace trinity;
  FuzzedDataProvider in(data, size);
  const uint8_t mode = in.ConsumeIntegral<uint8_t>();
  std::vector<uint32_t> words;
  while (in.remaining_bytes() >= 4) words.push_back(in.ConsumeIntegral<uint32_t>());
  if (words.empty() || words.size() > 20000) return 0;
  protocol::Stream s = protocol::frame_words(words);
  for (int k = 0; k < (mode & 3); ++k) {
    const size_t at = (size_t{mode} * 2654435761u + k * 40503u) % s.size();
    s[at].last = !s[at].last;
  }
  s.back().last = true;  // the hardware would wait for the rest of a packet

  GoldenCore golden{hls_test::golden_capacity<FuzzCap>()};
  golden.push(s);
  const protocol::Stream want = golden.take_output();
  // One HLS core for the whole run, put back in its reset state (a copy of
  // a fresh one) before every input: allocating its 35 kB anew each time
  // cost most of an execution under ASan (new pages from the quarantine).
  using Dut = hls_kernel::Core<4, FuzzCap>;
  static const auto reset_state = std::make_unique<const Dut>();
  static const auto dut = std::make_unique<Dut>();
  *dut = *reset_state;
  const protocol::Stream got = hls_test::run_hls(*dut, s);
  const std::string diff = hls_test::first_mismatch(want, got);
  if (!diff.empty()) {
    std::fprintf(stderr, "golden and HLS cores differ: %s\n", diff.c_str());
    std::abort();
  }
  return 0;
}
