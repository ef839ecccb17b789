# The parameters rtl/trinity_core is Verilated with for the co-simulations
# (testbench/verilator, testbench/systemc) and the cycle-model check
# (sim/perf/tests). Each harness gets the same values as compile definitions,
# so GoldenCore is built with the RTL's capacity (testbench/rtl_capacity.hpp)
# and status words compare bit-exactly. 784-512-10 (the Fashion-MNIST model)
# must fit. Included by each of those CMakeLists.txt.
set(TRINITY_RTL_LANES 32 CACHE STRING "LANES of the co-simulated core")
set(TRINITY_RTL_MAX_LAYERS 4)
set(TRINITY_RTL_MAX_NEURONS 1024)
set(TRINITY_RTL_MAX_T 16)
set(TRINITY_RTL_MAX_WEIGHT_BYTES 409600)
set(TRINITY_RTL_MAX_LUT_ENTRIES 2048)

set(TRINITY_RTL_DIR ${PROJECT_SOURCE_DIR}/rtl)
set(TRINITY_RTL_SOURCES ${TRINITY_RTL_DIR}/trinity_core.sv ${TRINITY_RTL_DIR}/trinity_lane.sv
                        ${TRINITY_RTL_DIR}/trinity_ram.sv ${TRINITY_RTL_DIR}/trinity_fifo.sv)

# trinity_rtl_param_lists(<lanes>) sets, in the caller's scope,
#   TRINITY_RTL_PARAMS       the Verilator -G arguments, and
#   TRINITY_RTL_DEFINITIONS  the matching compile definitions (RTL_LANES=...,
#                            RTL_MAX_...=...),
# for a core with <lanes> lanes and the capacity above.
function(trinity_rtl_param_lists lanes)
  set(TRINITY_RTL_PARAMS
      -GLANES=${lanes}
      -GMAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
      -GMAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
      -GMAX_T=${TRINITY_RTL_MAX_T}
      -GMAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
      -GMAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES}
      PARENT_SCOPE)
  set(TRINITY_RTL_DEFINITIONS
      RTL_LANES=${lanes}
      RTL_MAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
      RTL_MAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
      RTL_MAX_T=${TRINITY_RTL_MAX_T}
      RTL_MAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
      RTL_MAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES}
      PARENT_SCOPE)
endfunction()

trinity_rtl_param_lists(${TRINITY_RTL_LANES})
