// SPDX-License-Identifier: Apache-2.0
// .npy spike tensors: a tensor or one InputError; the header-only path and
// the full read agree on the shape, and every accepted element is 0 or 1.
#include <cstdlib>

#include "fuzz_common.hpp"
#include "npy_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static trinity::fuzz::MemFile file;
  const std::vector<uint8_t> bytes(data, data + size);
  trinity::fuzz::expect_accept_or_input_error([&] {
    const trinity::SpikeTensor t = trinity::parse_npy_spikes(bytes, "fuzz.npy");
    for (uint8_t b : t.bits)
      if (b > 1) std::abort();
    const std::string& path = file.write(data, size);
    const trinity::NpyShape s = trinity::read_npy_shape(path);
    if (s.count != t.count || s.timesteps != t.timesteps || s.width != t.width) std::abort();
    // Reading a prefix gives the same first frame.
    const trinity::SpikeTensor first = trinity::load_npy_spikes(path, 1);
    if (first.count != 1 || !std::equal(first.bits.begin(), first.bits.end(), t.bits.begin())) std::abort();
  });
  return 0;
}
