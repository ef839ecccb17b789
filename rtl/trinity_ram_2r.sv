// SPDX-License-Identifier: Apache-2.0
// RAM with one synchronous write port and two synchronous read ports, no
// reset on the array, read-first. Port B's output register has a
// synchronous clear (the word reads as zero), so a masked read costs no
// logic in front of the register. Written in the template Yosys and
// Vivado map to LUT RAM (each read port its own copy of the array) or
// block RAM; the core never relies on the value read from an address in
// the same cycle it is written (it forwards instead).
module trinity_ram_2r #(
  parameter int unsigned WIDTH = 8,   // bits per word
  parameter int unsigned DEPTH = 32,  // words
  parameter int unsigned AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1  // address bits
) (
  input  logic             clk_i,      // clock
  input  logic             we_i,       // write enable
  input  logic [AW-1:0]    waddr_i,    // write address
  input  logic [WIDTH-1:0] wdata_i,    // write data
  input  logic [AW-1:0]    ra_addr_i,  // port A: read address, sampled every cycle
  output logic [WIDTH-1:0] ra_data_o,  // port A: the word one cycle later
  input  logic [AW-1:0]    rb_addr_i,  // port B: read address, sampled every cycle
  input  logic             rb_clr_i,   // port B: read zero instead
  output logic [WIDTH-1:0] rb_data_o   // port B: the word one cycle later
);

  logic [WIDTH-1:0] mem_q [DEPTH];

  always_ff @(posedge clk_i) begin
    if (we_i) begin
      mem_q[waddr_i] <= wdata_i;
    end
    ra_data_o <= mem_q[ra_addr_i];
    if (rb_clr_i) begin
      rb_data_o <= '0;
    end else begin
      rb_data_o <= mem_q[rb_addr_i];
    end
  end

endmodule
