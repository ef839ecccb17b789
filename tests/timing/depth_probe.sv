// SPDX-License-Identifier: Apache-2.0
// A module whose register-to-register paths have known depths, for the
// timing-depth tool's test (tests/timing/test_timing_depth.py):
//   parity_q: XOR of 216 register bits. A LUT6 takes 6 inputs, so the
//             shallowest mapping is 3 LUT levels (216 -> 36 -> 6 -> 1).
//   sum_q:    32-bit add of two registers: one LUT level (a ^ b) into a
//             chain of 4 CARRY8 (8 bits each); the top bit crosses all 4.
//   prod_q:   16 x 16 multiply between registers with an asynchronous clear,
//             which a DSP48E2 cannot absorb: one combinational DSP
//             (multiplier and ALU stages).
//   mp_q:     the same multiply between registers without reset, which
//             Vivado would pack into the DSP48E2 (AREG/BREG/MREG/PREG);
//             yosys 0.23 packs none, so it is one combinational DSP too.
//   mem_q:    read data of a 1024 x 32 memory with a registered read (one
//             RAMB36E2 without output register) XORed with a register: a
//             BRAM start point, one LUT level.
module depth_probe (
  input  logic         clk_i,        // clock
  input  logic         rst_ni,       // asynchronous reset, active low (multiplier registers only)
  input  logic [215:0] bits_i,       // parity inputs
  input  logic [31:0]  a_i,          // adder operand a
  input  logic [31:0]  b_i,          // adder operand b
  input  logic [15:0]  x_i,          // multiplier operand x
  input  logic [15:0]  y_i,          // multiplier operand y
  input  logic         we_i,         // memory write enable
  input  logic [9:0]   waddr_i,      // memory write address
  input  logic [9:0]   raddr_i,      // memory read address
  input  logic [31:0]  wdata_i,      // memory write data
  output logic         parity_o,     // registered parity
  output logic [31:0]  sum_o,        // registered sum
  output logic [31:0]  prod_o,       // registered product
  output logic [31:0]  pipe_o,       // pipelined product (registers inside the DSP)
  output logic [31:0]  mem_o         // registered memory read XOR mask
);
  logic [215:0] bits_q;
  logic [31:0]  a_q, b_q, sum_q, mask_q, mem_q, rdata;
  logic [15:0]  x_q, y_q;
  logic [31:0]  prod_q;
  logic [15:0]  xp_q, yp_q;
  logic [31:0]  mp_q, pipe_q;
  logic         parity_q;
  logic [31:0]  mem [1024];

  always_ff @(posedge clk_i) begin
    bits_q   <= bits_i;
    parity_q <= ^bits_q;
    a_q      <= a_i;
    b_q      <= b_i;
    sum_q    <= a_q + b_q;
    mask_q   <= a_i;
    mem_q    <= rdata ^ mask_q;
    xp_q     <= x_i;
    yp_q     <= y_i;
    mp_q     <= xp_q * yp_q;
    pipe_q   <= mp_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_q    <= '0;
      y_q    <= '0;
      prod_q <= '0;
    end else begin
      x_q    <= x_i;
      y_q    <= y_i;
      prod_q <= x_q * y_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (we_i) mem[waddr_i] <= wdata_i;
    rdata <= mem[raddr_i];
  end

  assign parity_o = parity_q;
  assign sum_o    = sum_q;
  assign prod_o   = prod_q;
  assign mem_o    = mem_q;
  assign pipe_o   = pipe_q;
endmodule
