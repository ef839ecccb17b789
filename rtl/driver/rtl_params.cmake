# The parameters rtl/trinity_core is Verilated with for the co-simulations
# (the shared core of rtl/driver, serving testbench/verilator, the host and the cycle-model
# check, and testbench/systemc). Each harness gets the same values as compile definitions,
# so GoldenCore is built with the RTL's capacity (rtl_capacity.hpp)
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

# The Verilator -G arguments, and the matching compile definitions
# (RTL_LANES=..., RTL_MAX_...=...) for the harnesses.
set(TRINITY_RTL_PARAMS
    -GLANES=${TRINITY_RTL_LANES}
    -GMAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
    -GMAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
    -GMAX_T=${TRINITY_RTL_MAX_T}
    -GMAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
    -GMAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES})
set(TRINITY_RTL_DEFINITIONS
    RTL_LANES=${TRINITY_RTL_LANES}
    RTL_MAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
    RTL_MAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
    RTL_MAX_T=${TRINITY_RTL_MAX_T}
    RTL_MAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
    RTL_MAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES})
