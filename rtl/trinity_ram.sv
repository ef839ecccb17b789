// SPDX-License-Identifier: Apache-2.0
// Simple dual-port RAM: one synchronous write port, one synchronous read
// port, no reset, read-first. Written in the template Yosys and Vivado map
// to block RAM (or LUT RAM when small); the core never relies on the value
// read from an address in the same cycle it is written (it forwards instead).
module trinity_ram #(
  parameter int unsigned WIDTH = 8,   // bits per word
  parameter int unsigned DEPTH = 16,  // words
  parameter int unsigned AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1  // address bits
) (
  input  logic             clk_i,    // clock
  input  logic             we_i,     // write enable
  input  logic [AW-1:0]    waddr_i,  // write address
  input  logic [WIDTH-1:0] wdata_i,  // write data
  input  logic [AW-1:0]    raddr_i,  // read address, sampled every cycle
  output logic [WIDTH-1:0] rdata_o   // word at raddr_i one cycle earlier
);

  logic [WIDTH-1:0] mem_q [DEPTH];

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
    rdata_o <= mem_q[raddr_i];
  end

endmodule
