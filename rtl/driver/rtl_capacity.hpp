// The protocol §6 capacity rtl/trinity_core was Verilated with, from the
// RTL_MAX_* compile definitions rtl/driver/rtl_params.cmake gives every
// harness of the Verilated core, so GoldenCore built with it answers exactly
// as the RTL does (status words included).
#pragma once

#include "golden_core.hpp"

#if !defined(RTL_MAX_LAYERS) || !defined(RTL_MAX_NEURONS) || !defined(RTL_MAX_T) || !defined(RTL_MAX_WEIGHT_BYTES) || \
    !defined(RTL_MAX_LUT_ENTRIES)
#error "rtl_capacity.hpp needs the RTL_MAX_* definitions of rtl/driver/rtl_params.cmake"
#endif

namespace trinity {

inline CoreCapacity rtl_capacity() {
  CoreCapacity c;
  c.max_layers = RTL_MAX_LAYERS;
  c.max_neurons = RTL_MAX_NEURONS;
  c.max_timesteps = RTL_MAX_T;
  c.max_weight_bytes = RTL_MAX_WEIGHT_BYTES;
  c.max_lut_entries = RTL_MAX_LUT_ENTRIES;
  return c;
}

}  // namespace trinity
