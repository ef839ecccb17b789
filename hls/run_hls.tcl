# SPDX-License-Identifier: Apache-2.0
# Vitis HLS flow for the trinity core kernel at the hardware build's LANES
# and capacity (trinity_core_top.cpp).
#   vitis_hls -f hls/run_hls.tcl -tclargs csim|csynth|cosim <repo> <part> <MHz>
# (make hls-csim / hls-csynth / hls-cosim). The testbench, tests/hls/csim_tb.cpp,
# compares the kernel with the golden core, as ctest does; cosim runs the same
# testbench against the synthesised RTL. Commands as in UG1399 "Project
# Commands" (open_project, set_top, add_files [-tb] -cflags, open_solution
# -flow_target vitis, set_part, create_clock) and "Running C/RTL
# Co-Simulation". Cosim of an ap_ctrl_none top is allowed because every port
# is an hls::stream (UG1399 "Co-simulation Requirements for Interface
# Synthesis"); csim_tb's input is seeded, so it is the same in csim and cosim.
#
# -std=c++14: Vitis HLS takes C++11/C++14 sources (UG1399 "Working with
# Sources"); the kernels, the golden model and the testbench all compile
# as C++14 (checked with g++ -std=c++14 -fsyntax-only).
lassign $argv step repo part mhz
if {$step ni {csim csynth cosim}} {
  puts stderr "run_hls.tcl: step must be csim, csynth or cosim"
  exit 1
}
# The kernel needs no -I (it includes the contract by relative path); the
# testbench is host C++ and needs the golden model's, the encoder's and the
# test helpers' folders.
set kernel_cflags "-std=c++14"
set cflags "-std=c++14 -I$repo/hls -I$repo/sim/golden -I$repo/contract -I$repo/host/protocol -I$repo/tests"

open_project -reset trinity_core_hls
set_top trinity_core
add_files $repo/hls/trinity_core_top.cpp -cflags $kernel_cflags
add_files -tb $repo/tests/hls/csim_tb.cpp -cflags $cflags
foreach f {network.cpp spike_frame.cpp protocol.cpp} {
  add_files -tb $repo/contract/$f -cflags $cflags
}
foreach f {golden_model.cpp golden_core.cpp rate_coding.cpp} {
  add_files -tb $repo/sim/golden/$f -cflags $cflags
}
add_files -tb $repo/host/protocol/stream_encoder.cpp -cflags $cflags
open_solution -reset -flow_target vitis solution_${mhz}mhz
set_part $part
create_clock -period [expr {1000.0 / $mhz}] -name default

csim_design
if {$step in {csynth cosim}} {
  csynth_design
}
if {$step eq "cosim"} {
  cosim_design -trace_level none
}
exit
