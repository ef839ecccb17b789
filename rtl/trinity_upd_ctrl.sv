// SPDX-License-Identifier: Apache-2.0
// The update pass's constants, stage by stage: every lane's update pipeline
// (trinity_lane U2 ... U10) reads each per-layer constant at the stage that
// uses it, delayed from the cycle its row entered the lanes (U0 at the
// banks) by as many cycles as that stage lies behind. So each row carries
// the constants of its own pass, and a pass of another layer may follow the
// previous pass's last row while that row is still in the pipeline
// (docs/rtl.md "Overlapping update passes"). The delay lines are shared by
// all lanes, rather than held in each; every tap feeds the LANES lanes as
// the layer configuration's register did before.
//
// The inputs hold the constants of the row entering the lanes now (the
// layer configuration and the sequencer's pass controls, registered; they
// change only in a pass's UpdSettle). The constants the lanes derive from
// them (shift amounts, rounding constant, LUT bounds) are computed here
// once, before the first register. A stage k of the lanes' bias/state side
// runs MERGE_DELAY + k cycles after the row's U0 (trinity_lane), so the
// stage-k outputs are the inputs of that many cycles ago. Bits that no
// stage reads past some delay are left without a load, and synthesis
// removes their flip-flops. No reset: the lanes act on these only for rows
// whose valid bits (reset) are set, every one entering after a settle.
//
// Each stage's outputs come from a register of their own that loads as a
// row moves into the stage (the valid bit beside the line), so they hold
// the constants of the row there and stay put between rows. That enable
// also keeps synthesis from folding the register into the line's
// shift-register LUTs (SRL16E, 1 ns clock-to-out), which would otherwise
// feed the decay DSPs directly (3.50 ns at LANES 4 x ENGINES 4).
module trinity_upd_ctrl #(
  parameter int unsigned MERGE_DELAY = 0,   // the lanes' bias/state side lag (trinity_lane)
  parameter int unsigned LUT_HALF    = 8,   // LUT words per layer
  parameter int unsigned LAW         = 4    // LUT word address bits
) (
  input  logic           clk_i,           // clock
  input  logic           valid_i,         // a row enters U0 this cycle (trinity_sequencer upd_valid_o)
  // The constants of the row entering U0 this cycle.
  input  logic [3:0]     layer_i,         // the pass's layer (its LUT words)
  input  logic [1:0]     kind_i,          // unit kind, §1
  input  logic [7:0]     w_shift_i,       // weight exponent, int8 (-8 ... 4)
  input  logic [15:0]    v_th_i,          // threshold, Q7.8
  input  logic [8:0]     tau_d_i,         // dendrite decay, Q0.8
  input  logic [8:0]     tau_n_i,         // neuron decay, Q0.8
  input  logic [15:0]    lut_lo_i,        // LUT origin, Q7.8
  input  logic [3:0]     lut_shift_i,     // LUT bucket width exponent
  input  logic [3:0]     lut_bits_m1_i,   // LUT index bits minus one
  input  logic [15:0]    n_out_i,         // neurons in the layer
  input  logic           bias_loaded_i,   // a BIAS packet set the layer
  input  logic           lut_loaded_i,    // a LUT packet set the layer
  input  logic           first_step_i,    // the pass's timestep is 0
  input  logic           count_i,         // the pass's layer is the last
  // U2
  output logic [7:0]     u2_rnd_o,        // rounding constant of the weight shift (2^(-w_shift-1) or 0)
  output logic [8:0]     u2_tau_d_o,      // dendrite decay
  output logic [8:0]     u2_tau_n_o,      // neuron decay
  output logic           u2_bias_loaded_o,  // the layer's bias is loaded
  output logic           u2_first_step_o, // timestep 0: counts read as zero
  // U3
  output logic           u3_wneg_o,       // w_shift < 0
  output logic [2:0]     u3_lsh_o,        // left shift when w_shift >= 0
  output logic [3:0]     u3_rsh_o,        // right shift when w_shift < 0
  output logic           u3_first_step_o, // timestep 0: V_d, V_n read as zero
  // U5
  output logic [15:0]    u5_lut_lo_o,     // LUT origin
  output logic [1:0]     u5_kind_o,       // unit kind
  // U6
  output logic [3:0]     u6_lut_shift_o,  // LUT bucket width exponent
  // U7
  output logic [11:0]    u7_lut_last_o,   // last LUT index
  output logic [LAW-1:0] u7_lut_base_o,   // the layer's first LUT word
  // U8
  output logic [1:0]     u8_kind_o,       // unit kind
  output logic           u8_lut_loaded_o, // the layer's LUT is loaded
  // U9
  output logic [15:0]    u9_n_out_o,      // neurons in the layer
  // U10
  output logic [15:0]    u10_v_th_o,      // threshold
  output logic           u10_count_o      // count spikes (the last layer)
);

  // w_shift is -8 ... 4: its sign and low four bits carry all of it.
  logic unused_wsh;
  assign unused_wsh = ^w_shift_i[6:4];

  // One bundle a cycle; field offsets from bit 0.
  localparam int unsigned BW    = 8 + 9 + 9 + 1 + 1 + 1 + 3 + 4 + 16 + 2 + 4 + 12 + LAW + 1 + 16 + 16 + 1;
  localparam int unsigned DEPTH = MERGE_DELAY + 9;  // the line, to U10 delay minus one
  logic [BW-1:0] bundle;
  logic [3:0]    rsh;
  assign rsh = 4'(-w_shift_i[3:0]);
  assign bundle = {
    w_shift_i[7] ? 8'(9'd1 << (rsh - 4'd1)) : 8'd0,        // rnd
    tau_d_i, tau_n_i, bias_loaded_i, first_step_i,
    w_shift_i[7], w_shift_i[2:0], rsh,                     // wneg, lsh, rsh
    lut_lo_i, kind_i, lut_shift_i,
    12'((13'd1 << ({1'b0, lut_bits_m1_i} + 5'd1)) - 13'd1),  // lut_last
    LAW'(layer_i * LUT_HALF),                              // lut_base
    lut_loaded_i, n_out_i, v_th_i, count_i
  };

  // line_q[BW*(d-1) +: BW] is the bundle of d cycles ago, v_q[d-1] whether
  // a row entered then.
  logic [BW*DEPTH-1:0] line_q;
  logic [DEPTH-1:0]    v_q;
  always_ff @(posedge clk_i) begin
    line_q <= (BW*DEPTH)'({line_q, bundle});
    v_q    <= DEPTH'({v_q, valid_i});
  end

  // Stage k's bundle (delay D = MERGE_DELAY + k), taken from delay D - 1
  // as the row moves on: tap i serves stage 2, 3, 5, 6, 7, 8, 9, 10.
  localparam int unsigned NS = 8;
  logic [BW*NS-1:0] tap_q;
  for (genvar i = 0; i < NS; i++) begin : gen_tap
    localparam int unsigned K = (i < 2) ? i + 2 : i + 3;  // the stage
    localparam int unsigned D = MERGE_DELAY + K;
    always_ff @(posedge clk_i) begin
      if (v_q[D-2]) begin
        tap_q[BW*i +: BW] <= line_q[BW*(D-2) +: BW];
      end
    end
  end
  logic [BW-1:0] s2, s3, s5, s6, s7, s8, s9, s10;
  assign s2  = tap_q[BW*0 +: BW];
  assign s3  = tap_q[BW*1 +: BW];
  assign s5  = tap_q[BW*2 +: BW];
  assign s6  = tap_q[BW*3 +: BW];
  assign s7  = tap_q[BW*4 +: BW];
  assign s8  = tap_q[BW*5 +: BW];
  assign s9  = tap_q[BW*6 +: BW];
  assign s10 = tap_q[BW*7 +: BW];

  // Field positions, from the top of the bundle.
  localparam int unsigned P_RND   = BW - 8;
  localparam int unsigned P_TAUD  = P_RND - 9;
  localparam int unsigned P_TAUN  = P_TAUD - 9;
  localparam int unsigned P_BIAS  = P_TAUN - 1;
  localparam int unsigned P_FIRST = P_BIAS - 1;
  localparam int unsigned P_WNEG  = P_FIRST - 1;
  localparam int unsigned P_LSH   = P_WNEG - 3;
  localparam int unsigned P_RSH   = P_LSH - 4;
  localparam int unsigned P_LO    = P_RSH - 16;
  localparam int unsigned P_KIND  = P_LO - 2;
  localparam int unsigned P_LSHF  = P_KIND - 4;
  localparam int unsigned P_LAST  = P_LSHF - 12;
  localparam int unsigned P_BASE  = P_LAST - LAW;
  localparam int unsigned P_LUTL  = P_BASE - 1;
  localparam int unsigned P_NOUT  = P_LUTL - 16;
  localparam int unsigned P_VTH   = P_NOUT - 16;
  localparam int unsigned P_COUNT = P_VTH - 1;  // = 0

  assign u2_rnd_o         = s2[P_RND +: 8];
  assign u2_tau_d_o       = s2[P_TAUD +: 9];
  assign u2_tau_n_o       = s2[P_TAUN +: 9];
  assign u2_bias_loaded_o = s2[P_BIAS];
  assign u2_first_step_o  = s2[P_FIRST];
  assign u3_wneg_o        = s3[P_WNEG];
  assign u3_lsh_o         = s3[P_LSH +: 3];
  assign u3_rsh_o         = s3[P_RSH +: 4];
  assign u3_first_step_o  = s3[P_FIRST];
  assign u5_lut_lo_o      = s5[P_LO +: 16];
  assign u5_kind_o        = s5[P_KIND +: 2];
  assign u6_lut_shift_o   = s6[P_LSHF +: 4];
  assign u7_lut_last_o    = s7[P_LAST +: 12];
  assign u7_lut_base_o    = s7[P_BASE +: LAW];
  assign u8_kind_o        = s8[P_KIND +: 2];
  assign u8_lut_loaded_o  = s8[P_LUTL];
  assign u9_n_out_o       = s9[P_NOUT +: 16];
  assign u10_v_th_o       = s10[P_VTH +: 16];
  assign u10_count_o      = s10[P_COUNT];

  // Bundle bits some tap does not read (each field is read at its stages only).
  logic unused_taps;
  assign unused_taps = ^{s2, s3, s5, s6, s7, s8, s9, s10};

endmodule
