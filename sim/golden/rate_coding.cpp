#include "rate_coding.hpp"

namespace trinity {

SpikeFrame rate_encode(const uint8_t* pixels, uint32_t n_in, uint32_t timesteps, uint64_t seed, uint64_t n) {
  SpikeFrame frame(timesteps, n_in);
  for (uint32_t t = 0; t < timesteps; ++t)
    for (uint32_t i = 0; i < n_in; ++i) frame.at(t, i) = rate_spike(seed, n, t, timesteps, i, n_in, pixels[i]) ? 1 : 0;
  return frame;
}

}  // namespace trinity
