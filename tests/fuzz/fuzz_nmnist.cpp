// SPDX-License-Identifier: Apache-2.0
// N-MNIST event files and their binning: events or one InputError; every
// accepted recording bins into a T x 2312 frame of 0/1, both ways.
#include <cstdlib>

#include "fuzz_common.hpp"
#include "nmnist_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  trinity::fuzz::expect_accept_or_input_error([&] {
    const auto events = trinity::parse_nmnist(bytes, "fuzz.bin");
    for (uint32_t bin_us : {0u, 1000u}) {
      size_t dropped = 0;
      const trinity::SpikeFrame f = trinity::bin_nmnist(events, 5, bin_us, &dropped);
      if (f.timesteps != 5 || f.width != trinity::kNmnistInputs || dropped > events.size()) std::abort();
      for (uint8_t b : f.bits)
        if (b > 1) std::abort();
    }
  });
  return 0;
}
