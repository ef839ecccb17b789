// SPDX-License-Identifier: Apache-2.0
// A 2:1 multiplexer kept as a module of its own, for a select that arrives
// late in the cycle. Yosys (synth_xilinx without -flatten, as make synth and
// make timing-depth run it) maps each module with abc on its own, every
// input arriving at time 0: inside the module that uses it, a late select
// may be mapped several LUT levels deep into the logic behind it, and the
// netlist walk then counts those levels after the select's own. Here it is
// the last LUT level in front of the registers. trinity_engine selects
// the walker's fold_i (an item's start folded into the hand-over) with it.
module trinity_late_sel #(
  parameter int unsigned W = 1  // bits
) (
  input  logic         sel_i,  // the late select: b_i when high
  input  logic [W-1:0] a_i,    // the value when sel_i is low
  input  logic [W-1:0] b_i,    // the value when sel_i is high
  output logic [W-1:0] y_o     // the selected value
);

  assign y_o = sel_i ? b_i : a_i;

endmodule
