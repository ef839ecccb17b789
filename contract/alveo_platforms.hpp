// SPDX-License-Identifier: Apache-2.0
// The Alveo cards an xclbin is built for (docs/alveo-build.md): how many
// trinity cores (NUM_CORES: a trinity_mm2s -> trinity_core -> trinity_s2mm
// chain each, one per SLR) each card's link configuration
// constraints/<board>.cfg instantiates. `trinity estimate` projects per-card
// throughput from it, the host plans buffers with it, and the ctest case
// alveo_link_configs fails if a .cfg file says otherwise.
#pragma once

#include <array>
#include <cstdint>

namespace trinity::alveo {

struct Platform {
  const char* board;     // constraints/<board>.cfg, `trinity estimate` column
  const char* platform;  // PLATFORM= of `make xclbin` (mk/hls.mk)
  uint32_t slrs;         // super logic regions of the device
  uint32_t cores;        // NUM_CORES: trinity cores the link configuration places
  const char* memory;    // where each core's movers keep their buffers
};

inline constexpr std::array<Platform, 3> kPlatforms{{
    {"u250", "xilinx_u250_gen3x16_xdma_4_1_202210_1", 4, 4, "DDR[k] of SLR k (one DDR4 bank per SLR)"},
    {"u280", "xilinx_u280_gen3x16_xdma_1_202211_1", 3, 3, "HBM[0]/HBM[1] (SLR0), DDR[1] (SLR1, SLR2)"},
    {"u55c", "xilinx_u55c_gen3x16_xdma_3_202210_1", 3, 3, "two HBM pseudo-channels per core"},
}};

// The most cores any supported card has: what the host assumes when it must
// plan buffers for a card before asking its xclbin.
constexpr uint32_t most_cores() {
  uint32_t n = 0;
  for (const Platform& p : kPlatforms) n = p.cores > n ? p.cores : n;
  return n;
}

}  // namespace trinity::alveo
