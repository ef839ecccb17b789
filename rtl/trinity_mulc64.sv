// SPDX-License-Identifier: Apache-2.0
// Low 64 bits of a 64-bit value times a 64-bit constant, pipelined for the
// 3.33 ns clock (docs/rtl.md "Rate coder"): the operand and the constant are
// cut into four 16-bit pieces each; of the sixteen 16x16 partial products only
// the ten with k + j < 4 reach the low 64 bits (a DSP each, registered), and
// they are summed in four registered adder stages, none wider than 64 bits.
// Latency MULC_LAT = 5 cycles from a_i to p_o; a new operand every cycle. No
// reset: a datapath pipeline (its valid bits live in the caller).
module trinity_mulc64 #(
  parameter logic [63:0] K = 64'h9E37_79B9_7F4A_7C15  // the constant factor
) (
  input  logic        clk_i,  // clock
  input  logic [63:0] a_i,    // operand (drive it from a register)
  output logic [63:0] p_o     // a_i * K mod 2^64, 5 cycles later
);

  // Partial products p_kj = a[16k +: 16] * K[16j +: 16], k + j < 4.
  logic [31:0] p00_q, p01_q, p10_q, p02_q, p11_q, p20_q;
  logic [15:0] p03_q, p12_q, p21_q, p30_q;  // only their low 16 bits reach bit 63
  // Adder stages.
  logic [63:0] a1_0_q, a1_1_q, a2_0_q, a3_0_q, p_q;
  logic [31:0] a1_2_q, a2_1_q, a3_1_q;
  logic [15:0] a1_3_q, a1_4_q, a2_2_q;

  always_ff @(posedge clk_i) begin
    // Stage 1: the products.
    p00_q <= 32'(a_i[15:0]) * 32'(K[15:0]);
    p01_q <= 32'(a_i[15:0]) * 32'(K[31:16]);
    p10_q <= 32'(a_i[31:16]) * 32'(K[15:0]);
    p02_q <= 32'(a_i[15:0]) * 32'(K[47:32]);
    p11_q <= 32'(a_i[31:16]) * 32'(K[31:16]);
    p20_q <= 32'(a_i[47:32]) * 32'(K[15:0]);
    p03_q <= 16'(32'(a_i[15:0]) * 32'(K[63:48]));
    p12_q <= 16'(32'(a_i[31:16]) * 32'(K[47:32]));
    p21_q <= 16'(32'(a_i[47:32]) * 32'(K[31:16]));
    p30_q <= 16'(32'(a_i[63:48]) * 32'(K[15:0]));
    // Stage 2: pairs, each sum truncated to the bits below 2^64.
    a1_0_q <= {32'd0, p00_q} + {16'd0, p01_q, 16'd0};
    a1_1_q <= {16'd0, p10_q, 16'd0} + {p02_q, 32'd0};
    a1_2_q <= p11_q + p20_q;
    a1_3_q <= p03_q + p12_q;
    a1_4_q <= p21_q + p30_q;
    // Stage 3.
    a2_0_q <= a1_0_q + a1_1_q;
    a2_1_q <= a1_2_q;
    a2_2_q <= a1_3_q + a1_4_q;
    // Stage 4: the bits from 2^32 up.
    a3_0_q <= a2_0_q;
    a3_1_q <= a2_1_q + {a2_2_q, 16'd0};
    // Stage 5.
    p_q <= a3_0_q + {a3_1_q, 32'd0};
  end
  assign p_o = p_q;

endmodule
