# SPDX-License-Identifier: Apache-2.0
# Out-of-context clock for the RTL kernel's IP synthesis. package_xo.tcl adds
# this file with USED_IN {synthesis implementation out_of_context} (UG1118
# "Managing Out-of-Context Constraints"), so it applies only when the IP is
# synthesised on its own; in the linked design the platform's kernel clock
# (clock index 0, scaled by v++ --kernel_frequency) drives ap_clk and its
# constraints apply instead.
#
# Top: constraints/rtl_kernel/trinity_core_krnl.sv around rtl/'s
# trinity_core. Revisit if that core's interface changes.

# 300 MHz, the default scalable kernel clock (clock index 0) of the three
# platforms and the frequency mk/hls.mk links at (KERNEL_FREQ_MHZ).
create_clock -period 3.333 -name ap_clk [get_ports ap_clk]

# No false path: the platform delivers ap_rst_n already synchronous to
# ap_clk (UG1393 "Kernel Interface Requirements"), and the wrapper's two-flop
# rst_sync_q pipeline stays in that one clock domain, so every reset path is
# an ordinary, timed ap_clk path (including recovery/removal at the core's
# asynchronous-reset flops). Only a reset from another clock domain would
# need one, on rst_sync_q_reg[0]/D.
