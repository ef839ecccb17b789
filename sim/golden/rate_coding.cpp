// SPDX-License-Identifier: Apache-2.0
#include "rate_coding.hpp"

namespace trinity {

SpikeFrame rate_encode(const uint8_t* pixels, uint32_t n_in, uint32_t timesteps, uint64_t seed, uint64_t n) {
  SpikeFrame frame(timesteps, n_in);
  // A black pixel never spikes and a white one always does, whatever the
  // random draw ((r·255)>>32 ≤ 254), so neither needs one; in Fashion-MNIST
  // about half the pixels are black, and the draw is the host's largest cost.
  for (uint32_t t = 0; t < timesteps; ++t)
    for (uint32_t i = 0; i < n_in; ++i) {
      const uint8_t p = pixels[i];
      frame.at(t, i) = p == 0 ? 0 : p == 255 ? 1 : rate_spike(seed, n, t, timesteps, i, n_in, p) ? 1 : 0;
    }
  frame.image = std::make_shared<const SourceImage>(SourceImage{{pixels, pixels + n_in}, n, seed});
  return frame;
}

}  // namespace trinity
