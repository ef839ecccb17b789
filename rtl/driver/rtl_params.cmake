# SPDX-License-Identifier: Apache-2.0
# The parameters rtl/trinity_core is Verilated with for the co-simulations:
# the shared core of rtl/driver (testbench/verilator, the host's verilator
# backend, the cycle-model check) and testbench/systemc. The values are the
# COSIM_* lines of contract/capacity.mk, the one source of the capacity
# (docs/rtl.md); only LANES can be overridden here (-DTRINITY_RTL_LANES, for
# the LANES sweeps), and the rate coder's CODERS (-DTRINITY_RTL_CODERS),
# which is not a capacity. Each harness gets the same values as compile
# definitions, so GoldenCore is built with the RTL's capacity
# (rtl_capacity.hpp) and status words compare bit-exactly. Included by each
# of those CMakeLists.txt.
set(TRINITY_CAPACITY_MK ${PROJECT_SOURCE_DIR}/contract/capacity.mk)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${TRINITY_CAPACITY_MK})
file(STRINGS ${TRINITY_CAPACITY_MK} _trinity_capacity_lines REGEX "^[A-Z][A-Z0-9_]*[ \t]*:=")
foreach(_line ${_trinity_capacity_lines})
  if(_line MATCHES "^([A-Z][A-Z0-9_]*)[ \t]*:=[ \t]*([0-9]+)[ \t]*$")
    set(_TRINITY_CAP_${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
  else()
    message(FATAL_ERROR "contract/capacity.mk: cannot read `${_line}` (expected NAME := <decimal integer>)")
  endif()
endforeach()
foreach(_name COSIM_LANES COSIM_MAX_LAYERS COSIM_MAX_NEURONS COSIM_MAX_T COSIM_MAX_WEIGHT_BYTES COSIM_MAX_LUT_ENTRIES COSIM_MAX_TASKS)
  if(NOT DEFINED _TRINITY_CAP_${_name})
    message(FATAL_ERROR "contract/capacity.mk: ${_name} is not defined")
  endif()
endforeach()

set(TRINITY_RTL_LANES ${_TRINITY_CAP_COSIM_LANES} CACHE STRING "LANES of the co-simulated core")
# The rate coder's generators (not a capacity: it changes IMAGE cycles, not
# results); 8 is trinity_core's default. -DTRINITY_RTL_CODERS=1 ... 32 for sweeps.
set(TRINITY_RTL_CODERS 8 CACHE STRING "CODERS of the co-simulated core's rate coder")
# The event engines (not a capacity either: they change cycles, not results).
# The co-simulations run 4, so every ctest co-simulation checks the engines'
# input slices, their weight and gate memories and the lanes' merge tree
# bit-exactly; -DTRINITY_RTL_ENGINES=1 ... 32 for sweeps (docs/rtl.md
# "Event engines").
set(TRINITY_RTL_ENGINES 4 CACHE STRING "ENGINES of the co-simulated core")
set(TRINITY_RTL_MAX_LAYERS ${_TRINITY_CAP_COSIM_MAX_LAYERS})
set(TRINITY_RTL_MAX_NEURONS ${_TRINITY_CAP_COSIM_MAX_NEURONS})
set(TRINITY_RTL_MAX_T ${_TRINITY_CAP_COSIM_MAX_T})
set(TRINITY_RTL_MAX_WEIGHT_BYTES ${_TRINITY_CAP_COSIM_MAX_WEIGHT_BYTES})
set(TRINITY_RTL_MAX_LUT_ENTRIES ${_TRINITY_CAP_COSIM_MAX_LUT_ENTRIES})
set(TRINITY_RTL_MAX_TASKS ${_TRINITY_CAP_COSIM_MAX_TASKS})

# The RTL sources, in compile order: the one list in rtl/trinity_core.f
# (also read by mk/rtl.mk, mk/hls.mk and the Vitis packaging).
set(TRINITY_RTL_FILE_LIST ${PROJECT_SOURCE_DIR}/rtl/trinity_core.f)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${TRINITY_RTL_FILE_LIST})
file(STRINGS ${TRINITY_RTL_FILE_LIST} _trinity_rtl_files REGEX "^[^/]")
set(TRINITY_RTL_SOURCES)
foreach(_file ${_trinity_rtl_files})
  string(STRIP "${_file}" _file)
  if(_file)
    list(APPEND TRINITY_RTL_SOURCES ${PROJECT_SOURCE_DIR}/${_file})
  endif()
endforeach()

# The Verilator -G arguments, and the matching compile definitions
# (RTL_LANES=..., RTL_MAX_...=...) for the harnesses.
set(TRINITY_RTL_PARAMS
    -GLANES=${TRINITY_RTL_LANES}
    -GMAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
    -GMAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
    -GMAX_T=${TRINITY_RTL_MAX_T}
    -GMAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
    -GMAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES}
    -GMAX_TASKS=${TRINITY_RTL_MAX_TASKS}
    -GCODERS=${TRINITY_RTL_CODERS}
    -GENGINES=${TRINITY_RTL_ENGINES})
set(TRINITY_RTL_DEFINITIONS
    RTL_LANES=${TRINITY_RTL_LANES}
    RTL_MAX_LAYERS=${TRINITY_RTL_MAX_LAYERS}
    RTL_MAX_NEURONS=${TRINITY_RTL_MAX_NEURONS}
    RTL_MAX_T=${TRINITY_RTL_MAX_T}
    RTL_MAX_WEIGHT_BYTES=${TRINITY_RTL_MAX_WEIGHT_BYTES}
    RTL_MAX_LUT_ENTRIES=${TRINITY_RTL_MAX_LUT_ENTRIES}
    RTL_MAX_TASKS=${TRINITY_RTL_MAX_TASKS}
    RTL_CODERS=${TRINITY_RTL_CODERS}
    RTL_ENGINES=${TRINITY_RTL_ENGINES})

# Sanitizer builds (-DTRINITY_SANITIZE=ON): a Verilated model's run-once code
# (the __Slow files: construction, initial values, trace set-up) at -O0, and
# its waveform code (the __Trace files, which run only for --trace, never in
# ctest) at -O0 without the sanitizers. The model's evaluation and all of the
# project's own code stay instrumented at -O1. Why: at -O1 with AddressSanitizer
# the trace files alone took 392 s + 200 s and the largest __Slow file 97 s of
# compile time, most of the sanitizer build's 19 minutes in a fresh-clone
# `make test` (2026-12-05, ninja log); at these flags 12 s and 10 s.
# Call after verilate(target ...).
function(trinity_verilated_sanitizer_flags target)
  if(NOT TRINITY_SANITIZE)
    return()
  endif()
  get_target_property(_sources ${target} SOURCES)
  foreach(_source ${_sources})
    if(_source MATCHES "__Trace[^/]*\\.cpp$")
      set_property(SOURCE "${_source}" APPEND_STRING PROPERTY COMPILE_FLAGS " -O0 -fno-sanitize=all")
    elseif(_source MATCHES "__Slow\\.cpp$")
      set_property(SOURCE "${_source}" APPEND_STRING PROPERTY COMPILE_FLAGS " -O0")
    endif()
  endforeach()
endfunction()
