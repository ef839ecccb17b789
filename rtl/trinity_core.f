// SPDX-License-Identifier: Apache-2.0
// The RTL core's sources, one path per line relative to the repository root,
// in compile order (packages first): the one list read by mk/rtl.mk (lint,
// synth), rtl/driver/rtl_params.cmake (the Verilated builds), mk/hls.mk (the
// RTL kernel's dependencies) and constraints/rtl_kernel/package_xo.tcl (the
// Vitis RTL kernel). Lines starting with // are comments (as in
// `verilator -f`).
rtl/trinity_capacity_pkg.sv
rtl/trinity_pkg.sv
rtl/trinity_ram.sv
rtl/trinity_ram_be.sv
rtl/trinity_ram_be2.sv
rtl/trinity_ram_2r.sv
rtl/trinity_fifo.sv
rtl/trinity_write_reg.sv
rtl/trinity_late_sel.sv
rtl/trinity_engine_mem.sv
rtl/trinity_acc_ctrl.sv
rtl/trinity_acc_bank.sv
rtl/trinity_upd_ctrl.sv
rtl/trinity_lane.sv
rtl/trinity_argmax.sv
rtl/trinity_mulc64.sv
rtl/trinity_rate_coder.sv
rtl/trinity_layer_config.sv
rtl/trinity_receiver.sv
rtl/trinity_engine.sv
rtl/trinity_sequencer.sv
rtl/trinity_core.sv
