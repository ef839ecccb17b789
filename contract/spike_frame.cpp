// SPDX-License-Identifier: Apache-2.0
#include "spike_frame.hpp"

namespace trinity {

uint32_t decode_prediction(const std::vector<uint16_t>& counts) {
  uint32_t best = 0;
  for (uint32_t i = 1; i < counts.size(); ++i)
    if (counts[i] > counts[best]) best = i;  // strict: ties keep the lower index
  return best;
}

}  // namespace trinity
