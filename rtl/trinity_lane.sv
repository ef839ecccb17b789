// SPDX-License-Identifier: Apache-2.0
// One lane of the core: the memories and arithmetic of neurons
// LANE, LANE + LANES, LANE + 2*LANES, ... of every layer. All lanes receive
// the same addresses and controls from trinity_core, so LANES lanes process
// one row (LANES consecutive neurons) per cycle.
//
// Accumulate pipeline (fixed-point spec §4 step 1), per input spike event:
//   A0: core presents acc_row_i / w_raddr_i; weight and accumulator read.
//   A1: acc += weight, written back. A one-entry bypass covers the case
//       where the previous event wrote the same row at the read edge.
// Update pipeline (§4 steps 2-7), per row:
//   U0: core presents upd_row_i / upd_srow_i; acc, bias, V_d, V_n, count read.
//   U1: I = scale(acc) + b, V_d update, LUT index; LUT read; acc cleared.
//   U2: activation, V_n update, fire, reset; V_d, V_n, count written.
module trinity_lane #(
  parameter int unsigned LANE     = 0,   // lane number, 0 ... LANES-1
  parameter int unsigned LANES    = 8,   // lanes in the core
  parameter int unsigned WROWS    = 16,  // weight words in this lane
  parameter int unsigned AROWS    = 16,  // accumulator / count words
  parameter int unsigned SROWS    = 16,  // bias / state words
  parameter int unsigned LROWS    = 16,  // LUT words (two entries each)
  parameter int unsigned LUT_HALF = 8,   // LUT words per layer
  parameter int unsigned WAW      = (WROWS > 1) ? $clog2(WROWS) : 1,  // weight addr bits
  parameter int unsigned AAW      = (AROWS > 1) ? $clog2(AROWS) : 1,  // acc addr bits
  parameter int unsigned SAW      = (SROWS > 1) ? $clog2(SROWS) : 1,  // state addr bits
  parameter int unsigned LAW      = (LROWS > 1) ? $clog2(LROWS) : 1   // LUT addr bits
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Parameter loading (WEIGHTS, BIAS, LUT packets)
  input  logic           w_we_i,         // write this lane's weight byte
  input  logic [WAW-1:0] w_waddr_i,      // weight row
  input  logic [7:0]     w_wdata_i,      // weight, int8
  input  logic           b_we_i,         // write this lane's bias
  input  logic [SAW-1:0] b_waddr_i,      // bias row
  input  logic [15:0]    b_wdata_i,      // bias, Q7.8
  input  logic           lut_we_i,       // write a LUT word (two entries)
  input  logic [LAW-1:0] lut_waddr_i,    // LUT word address
  input  logic [31:0]    lut_wdata_i,    // entries 2k (15:0) and 2k+1 (31:16)
  // Accumulator initialisation after reset
  input  logic           clr_we_i,       // zero accumulator row clr_addr_i
  input  logic [AAW-1:0] clr_addr_i,     // row to zero
  // Event-driven accumulation
  input  logic           acc_valid_i,    // add weight row w_raddr_i to acc row
  input  logic [AAW-1:0] acc_row_i,      // accumulator row (neuron group)
  input  logic [WAW-1:0] w_raddr_i,      // weight row of (input, group)
  // Neuron update
  input  logic           upd_valid_i,    // update neuron group upd_row_i
  input  logic [AAW-1:0] upd_row_i,      // group within the layer
  input  logic [SAW-1:0] upd_srow_i,     // bias/state row of that group
  input  logic [3:0]     layer_i,        // layer being updated (LUT bank)
  input  logic [1:0]     kind_i,         // unit kind, §1
  input  logic [7:0]     w_shift_i,      // weight exponent, int8
  input  logic [15:0]    v_th_i,         // threshold, Q7.8
  input  logic [8:0]     tau_d_i,        // dendrite decay, Q0.8
  input  logic [8:0]     tau_n_i,        // neuron decay, Q0.8
  input  logic [15:0]    lut_lo_i,       // LUT origin, Q7.8
  input  logic [3:0]     lut_shift_i,    // LUT bucket width exponent
  input  logic [3:0]     lut_bits_m1_i,  // LUT index bits minus one
  input  logic [15:0]    n_out_i,        // neurons in the layer
  input  logic           bias_loaded_i,  // a BIAS packet set this layer (else 0)
  input  logic           lut_loaded_i,   // a LUT packet set this layer (else 0)
  input  logic           first_step_i,   // t = 0: state reads as zero
  input  logic           count_i,        // output layer: accumulate spike counts
  output logic           spike_o,        // U2: this lane's spike
  // Result readout
  input  logic [AAW-1:0] cnt_raddr_i,    // count row to read when not updating
  output logic [15:0]    cnt_o           // count at cnt_raddr_i, one cycle later
);

  localparam int unsigned LW = $clog2(LANES);

  // w_shift is -8 ... 4: its sign and low four bits carry all of it.
  logic unused_wsh;
  assign unused_wsh = ^w_shift_i[6:4];

  // ---------------------------------------------------------------------------
  // Arithmetic shared by the dendrite and the neuron (fixed-point spec §4)
  // ---------------------------------------------------------------------------
  // Saturate an int32 to int16.
  function automatic logic signed [15:0] sat16(logic signed [31:0] x);
    if (x > 32'sd32767) begin
      sat16 = 16'sd32767;
    end else if (x < -32'sd32768) begin
      sat16 = -16'sd32768;
    end else begin
      sat16 = x[15:0];
    end
  endfunction

  // Decay by tau/256, rounded half up: (v * tau + 128) >>> 8.
  function automatic logic signed [25:0] decay(logic signed [15:0] v, logic [8:0] tau);
    decay = (26'(v) * $signed({17'd0, tau}) + 26'sd128) >>> 8;
  endfunction

  // ---------------------------------------------------------------------------
  // Pipeline registers
  // ---------------------------------------------------------------------------
  // Each register is a _q loaded every cycle from its _d (the pipeline
  // stages have no enable: a stage's valid bit travels with its data).
  logic           a1_q, a1_d;              // accumulate stage A1 valid
  logic [AAW-1:0] arow1_q, arow1_d;        // its row
  logic           fwd_q, fwd_d;            // previous A1 wrote fwd_row_q at this read edge
  logic [AAW-1:0] fwd_row_q, fwd_row_d;
  logic [23:0]    fwd_data_q, fwd_data_d;
  logic           u1_q, u1_d, u2_q, u2_d;  // update stages valid
  logic [AAW-1:0] row1_q, row1_d, row2_q, row2_d;
  logic [SAW-1:0] srow1_q, srow1_d, srow2_q, srow2_d;
  logic [31:0]    cur2_q, cur2_d;          // I, int32
  logic [15:0]    vd2_q, vd2_d, vn2_q, vn2_d, cnt2_q, cnt2_d;
  logic           half2_q, half2_d;        // LUT entry is the upper half of the word

  // ---------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------
  logic [7:0]     w_rdata;
  logic           acc_we;
  logic [AAW-1:0] acc_waddr, acc_raddr;
  logic [23:0]    acc_wdata, acc_rdata;
  logic [15:0]    b_rdata, vd_rdata, vn_rdata, cnt_rdata;
  logic           st_we, cnt_we;
  logic [15:0]    vd_wdata, vn_wdata, cnt_wdata;
  logic [LAW-1:0] lut_raddr;
  logic [31:0]    lut_rdata;
  logic [AAW-1:0] cnt_raddr;

  trinity_ram #(.WIDTH(8), .DEPTH(WROWS), .AW(WAW)) u_wram (
    .clk_i, .we_i(w_we_i), .waddr_i(w_waddr_i), .wdata_i(w_wdata_i),
    .raddr_i(w_raddr_i), .rdata_o(w_rdata)
  );
  trinity_ram #(.WIDTH(24), .DEPTH(AROWS), .AW(AAW)) u_accram (
    .clk_i, .we_i(acc_we), .waddr_i(acc_waddr), .wdata_i(acc_wdata),
    .raddr_i(acc_raddr), .rdata_o(acc_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_bram (
    .clk_i, .we_i(b_we_i), .waddr_i(b_waddr_i), .wdata_i(b_wdata_i),
    .raddr_i(upd_srow_i), .rdata_o(b_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vdram (
    .clk_i, .we_i(st_we), .waddr_i(srow2_q), .wdata_i(vd_wdata),
    .raddr_i(upd_srow_i), .rdata_o(vd_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vnram (
    .clk_i, .we_i(st_we), .waddr_i(srow2_q), .wdata_i(vn_wdata),
    .raddr_i(upd_srow_i), .rdata_o(vn_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(AROWS), .AW(AAW)) u_cntram (
    .clk_i, .we_i(cnt_we), .waddr_i(row2_q), .wdata_i(cnt_wdata),
    .raddr_i(cnt_raddr), .rdata_o(cnt_rdata)
  );
  trinity_ram #(.WIDTH(32), .DEPTH(LROWS), .AW(LAW)) u_lutram (
    .clk_i, .we_i(lut_we_i), .waddr_i(lut_waddr_i), .wdata_i(lut_wdata_i),
    .raddr_i(lut_raddr), .rdata_o(lut_rdata)
  );

  assign acc_raddr = acc_valid_i ? acc_row_i : upd_row_i;
  assign cnt_raddr = upd_valid_i ? upd_row_i : cnt_raddr_i;
  assign cnt_o     = cnt_rdata;

  // ---------------------------------------------------------------------------
  // A1: accumulate
  // ---------------------------------------------------------------------------
  logic [23:0] acc_old, acc_sum;
  always_comb begin
    acc_old = (fwd_q && fwd_row_q == arow1_q) ? fwd_data_q : acc_rdata;
    acc_sum = acc_old + {{16{w_rdata[7]}}, w_rdata};
  end

  // The accumulator write port serves three users that are never active in
  // the same cycle: reset clearing, A1, and U1's clear-on-read.
  always_comb begin
    acc_we    = 1'b0;
    acc_waddr = row1_q;
    acc_wdata = '0;
    if (clr_we_i) begin
      acc_we    = 1'b1;
      acc_waddr = clr_addr_i;
    end else if (a1_q) begin
      acc_we    = 1'b1;
      acc_waddr = arow1_q;
      acc_wdata = acc_sum;
    end else if (u1_q) begin
      acc_we    = 1'b1;
      acc_waddr = row1_q;
    end
  end

  // ---------------------------------------------------------------------------
  // U1: current, dendrite, LUT index
  // ---------------------------------------------------------------------------
  logic signed [31:0] acc_s, scaled, bias_s, cur;
  logic signed [15:0] vd_old, vd_new;
  logic signed [25:0] vd_prod;
  logic signed [31:0] vd_sum;
  logic signed [17:0] lut_off, lut_sh;
  logic [11:0]        lut_idx;
  logic [11:0]        lut_last;
  logic [3:0]         rsh;

  always_comb begin
    acc_s   = {{8{acc_rdata[23]}}, acc_rdata};
    rsh     = 4'(-w_shift_i[3:0]);
    scaled  = acc_s;
    if (!w_shift_i[7]) begin
      scaled = acc_s <<< w_shift_i[2:0];
    end else begin
      scaled = (acc_s + (32'sd1 <<< (rsh - 4'd1))) >>> rsh;
    end
    bias_s  = bias_loaded_i ? {{16{b_rdata[15]}}, b_rdata} : 32'sd0;
    cur     = scaled + bias_s;
    vd_old  = first_step_i ? 16'sd0 : $signed(vd_rdata);
    vd_prod = decay(vd_old, tau_d_i);
    vd_sum  = 32'(vd_prod) + cur;
    vd_new  = sat16(vd_sum);
    lut_off  = 18'(vd_new) - 18'($signed(lut_lo_i));
    lut_sh   = lut_off >>> lut_shift_i;
    lut_last = 12'((13'd1 << ({1'b0, lut_bits_m1_i} + 5'd1)) - 13'd1);
    if (lut_sh < 18'sd0) begin
      lut_idx = '0;
    end else if (lut_sh > 18'($signed({6'd0, lut_last}))) begin
      lut_idx = lut_last;
    end else begin
      lut_idx = lut_sh[11:0];
    end
    lut_raddr = LAW'(layer_i * LUT_HALF) + LAW'(lut_idx[11:1]);
  end

  // ---------------------------------------------------------------------------
  // U2: activation, neuron, fire
  // ---------------------------------------------------------------------------
  logic signed [15:0] act, vn_old, vn_new;
  logic signed [25:0] vn_prod;
  logic signed [31:0] vn_sum;
  logic [16:0]        neuron;
  logic               fire;

  always_comb begin
    vn_old = $signed(vn2_q);
    unique case (kind_i)
      2'd0: act = sat16($signed(cur2_q));
      2'd1: act = vd2_q[15] ? 16'sd0 : $signed(vd2_q);
      default: begin
        act = 16'sd0;
        if (lut_loaded_i) begin
          act = half2_q ? lut_rdata[31:16] : lut_rdata[15:0];
        end
      end
    endcase
    vn_prod = decay(vn_old, tau_n_i);
    vn_sum  = 32'(vn_prod) + 32'(act);
    vn_new  = sat16(vn_sum);
    neuron    = 17'({row2_q, LW'(LANE)});
    fire      = (vn_new > $signed(v_th_i)) && (neuron < {1'b0, n_out_i});
    spike_o   = u2_q && fire;
    st_we     = u2_q;
    vd_wdata  = vd2_q;
    vn_wdata  = fire ? 16'd0 : vn_new;
    cnt_we    = u2_q && count_i;
    cnt_wdata = cnt2_q + {15'd0, fire};
  end

  // Next values of the pipeline registers.
  always_comb begin
    a1_d       = acc_valid_i;
    arow1_d    = acc_row_i;
    fwd_d      = a1_q;
    fwd_row_d  = arow1_q;
    fwd_data_d = acc_sum;
    u1_d       = upd_valid_i;
    u2_d       = u1_q;
    row1_d     = upd_row_i;
    row2_d     = row1_q;
    srow1_d    = upd_srow_i;
    srow2_d    = srow1_q;
    cur2_d     = cur;
    vd2_d      = vd_new;
    vn2_d      = first_step_i ? 16'd0 : vn_rdata;
    cnt2_d     = first_step_i ? 16'd0 : cnt_rdata;
    half2_d    = lut_idx[0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a1_q       <= 1'b0;
      arow1_q    <= '0;
      fwd_q      <= 1'b0;
      fwd_row_q  <= '0;
      fwd_data_q <= '0;
      u1_q       <= 1'b0;
      u2_q       <= 1'b0;
      row1_q     <= '0;
      row2_q     <= '0;
      srow1_q    <= '0;
      srow2_q    <= '0;
      cur2_q     <= '0;
      vd2_q      <= '0;
      vn2_q      <= '0;
      cnt2_q     <= '0;
      half2_q    <= 1'b0;
    end else begin
      a1_q       <= a1_d;
      arow1_q    <= arow1_d;
      fwd_q      <= fwd_d;
      fwd_row_q  <= fwd_row_d;
      fwd_data_q <= fwd_data_d;
      u1_q       <= u1_d;
      u2_q       <= u2_d;
      row1_q     <= row1_d;
      row2_q     <= row2_d;
      srow1_q    <= srow1_d;
      srow2_q    <= srow2_d;
      cur2_q     <= cur2_d;
      vd2_q      <= vd2_d;
      vn2_q      <= vn2_d;
      cnt2_q     <= cnt2_d;
      half2_q    <= half2_d;
    end
  end

endmodule
