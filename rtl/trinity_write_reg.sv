// SPDX-License-Identifier: Apache-2.0
// A memory write delayed by one register stage: the enable with reset (so no
// write fires out of reset), address and data without (plain flip-flops with
// no clear, which a RAM's input registers can absorb). The core registers a
// write this way where the enable is decoded too deep to also steer a RAM's
// address or write enable in the same cycle: the LUT write in trinity_core
// and the pixel write in trinity_rate_coder. Their readers never look at the
// word before it lands (each user says why).
module trinity_write_reg #(
  parameter int unsigned AW = 8,   // address bits
  parameter int unsigned DW = 32   // data bits
) (
  input  logic          clk_i,    // clock
  input  logic          rst_ni,   // asynchronous reset, active low (the enable only)
  input  logic          we_i,     // write requested this cycle
  input  logic [AW-1:0] waddr_i,  // its address
  input  logic [DW-1:0] wdata_i,  // its data
  output logic          we_o,     // the write, one cycle later
  output logic [AW-1:0] waddr_o,  // its address, one cycle later
  output logic [DW-1:0] wdata_o   // its data, one cycle later
);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) we_o <= 1'b0;
    else         we_o <= we_i;
  end

  always_ff @(posedge clk_i) begin
    waddr_o <= waddr_i;
    wdata_o <= wdata_i;
  end

endmodule
