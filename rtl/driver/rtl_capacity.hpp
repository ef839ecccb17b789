// SPDX-License-Identifier: Apache-2.0
// The protocol §6 capacity rtl/trinity_core was Verilated with: the COSIM_*
// lines of contract/capacity.mk, which rtl/driver/rtl_params.cmake passes to
// Verilator (-G) and to every harness as RTL_MAX_* definitions, and which
// contract/capacity.hpp holds as constants. GoldenCore built with it answers
// exactly as the RTL does (status words included).
#pragma once

#include "capacity.hpp"
#include "golden_core.hpp"

#if !defined(RTL_MAX_LAYERS) || !defined(RTL_MAX_NEURONS) || !defined(RTL_MAX_T) || !defined(RTL_MAX_WEIGHT_BYTES) || \
    !defined(RTL_MAX_LUT_ENTRIES) || !defined(RTL_MAX_TASKS)
#error "rtl_capacity.hpp needs the RTL_MAX_* definitions of rtl/driver/rtl_params.cmake"
#endif

namespace trinity {

// Both forms come from contract/capacity.mk; they differ only when
// contract/capacity.hpp was not regenerated (`make gen-capacity`).
static_assert(RTL_MAX_LAYERS == capacity::kCosimMaxLayers && RTL_MAX_NEURONS == capacity::kCosimMaxNeurons &&
                  RTL_MAX_T == capacity::kCosimMaxT && RTL_MAX_WEIGHT_BYTES == capacity::kCosimMaxWeightBytes &&
                  RTL_MAX_LUT_ENTRIES == capacity::kCosimMaxLutEntries && RTL_MAX_TASKS == capacity::kCosimMaxTasks,
              "contract/capacity.hpp is stale: run `make gen-capacity`");

inline CoreCapacity rtl_capacity() {
  CoreCapacity c;
  c.max_layers = capacity::kCosimMaxLayers;
  c.max_neurons = capacity::kCosimMaxNeurons;
  c.max_timesteps = capacity::kCosimMaxT;
  c.max_weight_bytes = capacity::kCosimMaxWeightBytes;
  c.max_lut_entries = capacity::kCosimMaxLutEntries;
  c.max_tasks = capacity::kCosimMaxTasks;
  return c;
}

}  // namespace trinity
