// SPDX-License-Identifier: Apache-2.0
// One lane of the core: the memories and arithmetic of neurons
// LANE, LANE + LANES, LANE + 2*LANES, ... of every layer. All lanes receive
// the same addresses and controls from trinity_core, so LANES lanes process
// one row (LANES consecutive neurons) per cycle.
//
// Accumulation (fixed-point spec §4 step 1): ENGINES accumulator banks
// (trinity_acc_bank), one per event engine. Engine e owns the inputs
// j = e, e + ENGINES, ... of every layer; its weights and gate bits are in
// the engine's wide memory (trinity_engine_mem, in trinity_core), which
// hands this lane its byte and gate bit of each row read, and its bank here
// holds its own accumulator words per row (two halves: the item being
// accumulated and the one being updated, docs/rtl.md "Engines that run
// ahead"), so the engines add their events in parallel without sharing a
// port. Each engine's bank control (addresses, write enable, forwarding,
// which rows hold a sum) is shared by every lane (trinity_acc_ctrl, in
// trinity_core).
// Integer addition modulo 2^24 is associative, so the banks' partial sums
// add up to exactly the accumulator a single engine would hold.
// Merge: an update row reads every bank (port B) and a registered
// adder tree of ceil(log2 ENGINES) levels sums the words; the tree's last
// level takes U1 -> U2's register. The bias and state memories are read
// MERGE_DELAY = max(0, ceil(log2 ENGINES) - 1) cycles after the banks, so
// both reach U2 together; the spike comes UPD_SPIKE_LATENCY + MERGE_DELAY
// cycles after the row (trinity_core passes that to the sequencer).
// Update pipeline (§4 steps 2-7), per row, one row per cycle; every stage
// is one adder, shift, compare or multiply deep (docs/rtl.md "Logic
// depth"):
//   U0: core presents upd_row_i / upd_srow_i; acc, bias, V_d, V_n, count read.
//   U1: the memories' words registered; acc cleared.
//   U2: acc + rounding constant; V_d·tau_d, V_n·tau_n (DSPs); bias, count masked.
//   U3: shift by w_shift; decays rounded; bias + V_d decay.
//   U4: I = scaled + b; V_d = sat16(scaled + b + V_d decay).
//   U5: LUT offset V_d - lut_lo; bi / tri-R activation.
//   U6: offset >> lut_shift.
//   U7: clamp to the LUT, LUT read.
//   U8: activation (LUT entry or U5's).
//   U9: V_n = sat16(V_n decay + activation).
//   U10: fire, reset; V_d, V_n, count written; spike_o.
// (With MERGE_DELAY > 0, U0 ... U10 of the bias/state side run that many
// cycles after the banks' read.)
// Rows of one layer never share state, and a pass of a layer starts only
// after the previous pass of the same layer has left the pipeline (the
// sequencer's update machine), so no stage needs forwarding. Each stage
// reads the per-layer constants of its own row's pass, delayed stage by
// stage in trinity_upd_ctrl (shared by the lanes), so a pass of another
// layer may follow the previous pass's last row at once (docs/rtl.md
// "Overlapping update passes"); the engines meanwhile accumulate a later
// item into the other half of the banks. Datapath registers have no reset
// (the valid bits do), so a DSP or BRAM can absorb them.
module trinity_lane #(
  parameter int unsigned LANE     = 0,   // lane number, 0 ... LANES-1
  parameter int unsigned LANES    = 8,   // lanes in the core
  parameter int unsigned ENGINES  = 1,   // event engines (accumulator banks), a power of two
  parameter int unsigned PSW      = 24,  // a bank's partial-sum bits (trinity_acc_bank AW), <= 24
  parameter int unsigned AROWS    = 16,  // accumulator / count words
  parameter int unsigned SROWS    = 16,  // bias / state words
  parameter int unsigned LROWS    = 16,  // LUT words (two entries each)
  parameter int unsigned AAW      = (AROWS > 1) ? $clog2(AROWS) : 1,  // acc addr bits
  parameter int unsigned SAW      = (SROWS > 1) ? $clog2(SROWS) : 1,  // state addr bits
  parameter int unsigned LAW      = (LROWS > 1) ? $clog2(LROWS) : 1   // LUT addr bits
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Parameter loading (BIAS, LUT packets)
  input  logic           b_we_i,         // write this lane's bias
  input  logic [SAW-1:0] b_waddr_i,      // bias row
  input  logic [15:0]    b_wdata_i,      // bias, Q7.8
  // The layer LUT, in a memory this lane shares with its neighbour (trinity_core)
  output logic [LAW-1:0] lut_raddr_o,    // U7: LUT word to read
  input  logic [31:0]    lut_rdata_i,    // U8: that word (entries 2k at 15:0, 2k+1 at 31:16)
  // Event-driven accumulation: engine e's bank control (trinity_acc_ctrl), fields at [.. * e +: ..]
  input  logic [ENGINES*(AAW+1)-1:0] acc_addr_i,  // A0: {half, row} of engine e's event
  input  logic [ENGINES-1:0]     acc_ok1_i,    // A1: that row holds a sum of the item already
  input  logic [ENGINES-1:0]     acc_we_i,     // A2: write engine e's sum ...
  input  logic [ENGINES*(AAW+1)-1:0] acc_waddr_i,  // ... at {half, row}
  input  logic [ENGINES-1:0]     acc_hit_a2_i, // A2: forward the sum written last cycle
  input  logic [ENGINES-1:0]     acc_hit_b2_i, // A2: else the one the cycle before
  input  logic [ENGINES*(AAW+1)-1:0] acc_rd_addr_i,  // U0: {half, row} the update reads from engine e's bank
  input  logic [ENGINES-1:0]     acc_rd_clr_i, // U0: ... no event reached it: it reads zero
  input  logic [ENGINES*8-1:0]   w_rdata_i,    // A1: this lane's weight of engine e's row, at [8*e +: 8]
  input  logic [ENGINES-1:0]     g_open_i,     // A1: its gate keeps it (bit e, protocol v3)
  // Neuron update
  input  logic           upd_valid_i,    // update neuron group upd_row_i
  input  logic [AAW-1:0] upd_row_i,      // group within the layer
  input  logic           upd_count_i,    // ... and it is a row of a counting pass (the last layer's)
  input  logic [SAW-1:0] upd_srow_i,     // bias/state row of that group
  // ... and the constants of its pass at the stage that reads them (trinity_upd_ctrl)
  input  logic [7:0]     u2_rnd_i,       // U2: rounding constant of the weight shift
  input  logic [8:0]     u2_tau_d_i,     // U2: dendrite decay, Q0.8
  input  logic [8:0]     u2_tau_n_i,     // U2: neuron decay, Q0.8
  input  logic           u2_bias_loaded_i,  // U2: a BIAS packet set the layer (else 0)
  input  logic           u2_first_step_i,   // U2: t = 0: the count reads as zero
  input  logic           u3_wneg_i,      // U3: w_shift < 0
  input  logic [2:0]     u3_lsh_i,       // U3: left shift when w_shift >= 0
  input  logic [3:0]     u3_rsh_i,       // U3: right shift when w_shift < 0
  input  logic           u3_first_step_i,   // U3: t = 0: V_d, V_n read as zero
  input  logic [15:0]    u5_lut_lo_i,    // U5: LUT origin, Q7.8
  input  logic [1:0]     u5_kind_i,      // U5: unit kind, §1
  input  logic [3:0]     u6_lut_shift_i, // U6: LUT bucket width exponent
  input  logic [11:0]    u7_lut_last_i,  // U7: last LUT index
  input  logic [LAW-1:0] u7_lut_base_i,  // U7: the layer's first LUT word
  input  logic [1:0]     u8_kind_i,      // U8: unit kind
  input  logic           u8_lut_loaded_i,   // U8: a LUT packet set the layer (else 0)
  input  logic [15:0]    u9_n_out_i,     // U9: neurons in the layer
  input  logic [15:0]    u10_v_th_i,     // U10: threshold, Q7.8
  input  logic           u10_count_i,    // U10: output layer: accumulate spike counts
  output logic           spike_o,        // U2: this lane's spike
  // Result readout
  input  logic [AAW-1:0] cnt_raddr_i,    // count row to read when not updating
  output logic [15:0]    cnt_o           // count at cnt_raddr_i, one cycle later
);

  localparam int unsigned LW = $clog2(LANES);
  logic unused_kind;  // U8 tells the LUT kinds by their high bit
  assign unused_kind = u8_kind_i[0];

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

  // Decay by tau/256, rounded half up, (v * tau + 128) >>> 8, is split:
  // the product in U2 (a DSP), the rounding in U3.

  // ---------------------------------------------------------------------------
  // Pipeline registers
  // ---------------------------------------------------------------------------
  localparam int unsigned US = trinity_pkg::UPD_SPIKE_LATENCY;  // last update stage

  // Update stage k (1 ... US) holds a row when u_q[k] is set; its rows at
  // [AAW*(k-1) +: AAW] and [SAW*(k-1) +: SAW].
  logic [US:1]         u_q;
  logic [AAW*US-1:0]   row_q;
  logic [SAW*US-1:0]   srow_q;
  // Update datapath, named by the stage they feed.
  logic [15:0]        b2_q, vd2_q, vn2_q, cnt2_q;
  logic signed [31:0] rnd3_q;
  logic signed [25:0] vdp3_q, vnp3_q;
  logic signed [31:0] b3_q;
  logic signed [31:0] sc4_q, bd4_q, b4_q;
  logic signed [25:0] vnd4_q, vnd5_q, vnd6_q, vnd7_q, vnd8_q, vnd9_q;
  logic signed [31:0] cur5_q;
  logic signed [15:0] vdn5_q, vdn6_q, vdn7_q, vdn8_q, vdn9_q, vdn10_q;
  logic signed [17:0] off6_q, sh7_q;
  logic signed [15:0] actn6_q, actn7_q, actn8_q, act9_q, vnn10_q;
  logic               half8_q;
  logic [15:0]        cnt3_q, cnt4_q, cnt5_q, cnt6_q, cnt7_q, cnt8_q, cnt9_q, cnt10_q;

  // ---------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------
  logic [15:0]    b_rdata, vd_rdata, vn_rdata, cnt_rdata;
  logic           st_we, cnt_we;
  logic [15:0]    vd_wdata, vn_wdata, cnt_wdata;
  logic [LAW-1:0] lut_raddr;
  logic [31:0]    lut_rdata;
  logic [AAW-1:0] cnt_raddr;
  logic [AAW-1:0] row_last;
  logic [SAW-1:0] srow_last;

  assign row_last  = row_q[AAW*(US-1) +: AAW];
  assign srow_last = srow_q[SAW*(US-1) +: SAW];

  // The engines' accumulator banks: read for an update at upd_row_i.
  // Each bank's PSW-bit partial sum is sign-extended to the spec's 24 bits.
  logic [24*ENGINES-1:0] bank_rdata;  // engine e's word at [24*e +: 24], one cycle after the read
  for (genvar e = 0; e < ENGINES; e++) begin : gen_bank
    logic [PSW-1:0] psum;
    trinity_acc_bank #(.AROWS(AROWS), .AW(PSW), .AAW(AAW)) u_bank (
      .clk_i,
      .acc_addr_i(acc_addr_i[(AAW+1)*e +: AAW+1]), .ok1_i(acc_ok1_i[e]), .we_i(acc_we_i[e]),
      .waddr_i(acc_waddr_i[(AAW+1)*e +: AAW+1]), .hit_a2_i(acc_hit_a2_i[e]), .hit_b2_i(acc_hit_b2_i[e]),
      .rd_addr_i(acc_rd_addr_i[(AAW+1)*e +: AAW+1]), .rd_clr_i(acc_rd_clr_i[e]),
      .w_rdata_i(w_rdata_i[8*e +: 8]), .g_open_i(g_open_i[e]), .rd_data_o(psum)
    );
    if (PSW < 24) begin : gen_sext
      assign bank_rdata[24*e +: 24] = {{(24 - PSW){psum[PSW-1]}}, psum};
    end else begin : gen_full
      assign bank_rdata[24*e +: 24] = psum;
    end
  end

  // Merge: the accumulator word U2 works on. One engine: its word
  // registered (U1 -> U2). More: a registered adder tree over the banks'
  // words (a binary heap, node n = node 2n+1 + node 2n+2, the leaves the
  // banks' read data), its root ceil(log2 ENGINES) cycles after U1. A node
  // at depth d sums 2^(MD-d) partial sums of PSW bits, so PSW + MD - d
  // bits hold it exactly: it adds that many bits and keeps the sum
  // sign-extended to 24 (the extension bits are copies of its sign, which
  // synthesis merges), so the tree costs no 24-bit adders at its leaves.
  localparam int unsigned MD          = (ENGINES > 1) ? $clog2(ENGINES) : 0;  // tree levels
  localparam int unsigned MERGE_DELAY = (MD > 1) ? MD - 1 : 0;  // the state side's lag
  logic [23:0] acc2;  // U2: the row's accumulator (sum over the engines, modulo 2^24)
  if (ENGINES == 1) begin : gen_merge_one
    logic [23:0] acc2_q;
    always_ff @(posedge clk_i) begin
      acc2_q <= bank_rdata;
    end
    assign acc2 = acc2_q;
  end else begin : gen_merge_tree
    logic [24*(2*ENGINES-1)-1:0] node;    // heap nodes 0 ... 2*ENGINES-2, at [24*n +: 24]
    logic [24*(ENGINES-1)-1:0]   node_q;  // the inner nodes, registered
    assign node = {bank_rdata, node_q};
    logic unused_node;  // the root is read as node_q; a child's bits above its parent's width are its sign's copies
    assign unused_node = ^node;
    for (genvar n = 0; n < ENGINES - 1; n++) begin : gen_node
      localparam int unsigned DEPTH = $clog2(n + 2) - 1;  // floor(log2(n + 1))
      localparam int unsigned NW    = (PSW + MD - DEPTH < 24) ? PSW + MD - DEPTH : 24;
      logic [NW-1:0] sum;
      assign sum = node[24*(2*n+1) +: NW] + node[24*(2*n+2) +: NW];
      if (NW < 24) begin : gen_sext
        always_ff @(posedge clk_i) begin
          node_q[24*n +: 24] <= {{(24 - NW){sum[NW-1]}}, sum};
        end
      end else begin : gen_full
        always_ff @(posedge clk_i) begin
          node_q[24*n +: 24] <= sum;
        end
      end
    end
    assign acc2 = node_q[23:0];
  end

  // The bias/state side's U0: the update row MERGE_DELAY cycles late.
  logic           su_valid;  // a row enters U0 of the bias/state side
  logic           su_count;  // ... a row of a counting pass: it reads the count memory
  logic [AAW-1:0] su_row;    // its accumulator/count row
  logic [SAW-1:0] su_srow;   // its bias/state row
  if (MERGE_DELAY == 0) begin : gen_state_now
    assign su_valid = upd_valid_i;
    assign su_count = upd_count_i;
    assign su_row   = upd_row_i;
    assign su_srow  = upd_srow_i;
  end else begin : gen_state_late
    localparam int unsigned DRW = AAW * MERGE_DELAY;
    localparam int unsigned DSW = SAW * MERGE_DELAY;
    logic [MERGE_DELAY-1:0] dv_q;     // stage k holds a row (bit k)
    logic [MERGE_DELAY-1:0] dc_q;     // ... of a counting pass
    logic [DRW-1:0]         drow_q;   // its rows at [AAW*k +: AAW]
    logic [DSW-1:0]         dsrow_q;  // and [SAW*k +: SAW]
    always_ff @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        dv_q <= '0;
        dc_q <= '0;
      end else begin
        dv_q <= MERGE_DELAY'({dv_q, upd_valid_i});
        dc_q <= MERGE_DELAY'({dc_q, upd_count_i});
      end
    end
    always_ff @(posedge clk_i) begin
      drow_q  <= DRW'({drow_q, upd_row_i});
      dsrow_q <= DSW'({dsrow_q, upd_srow_i});
    end
    assign su_valid = dv_q[MERGE_DELAY-1];
    assign su_count = dc_q[MERGE_DELAY-1];
    assign su_row   = drow_q[AAW*(MERGE_DELAY-1) +: AAW];
    assign su_srow  = dsrow_q[SAW*(MERGE_DELAY-1) +: SAW];
  end

  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_bram (
    .clk_i, .we_i(b_we_i), .waddr_i(b_waddr_i), .wdata_i(b_wdata_i),
    .raddr_i(su_srow), .rdata_o(b_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vdram (
    .clk_i, .we_i(st_we), .waddr_i(srow_last), .wdata_i(vd_wdata),
    .raddr_i(su_srow), .rdata_o(vd_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vnram (
    .clk_i, .we_i(st_we), .waddr_i(srow_last), .wdata_i(vn_wdata),
    .raddr_i(su_srow), .rdata_o(vn_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(AROWS), .AW(AAW)) u_cntram (
    .clk_i, .we_i(cnt_we), .waddr_i(row_last), .wdata_i(cnt_wdata),
    .raddr_i(cnt_raddr), .rdata_o(cnt_rdata)
  );
  // The LUT word is read outside the lane: two lanes share one memory
  // through its two ports (trinity_core gen_lut_pair), a registered read.
  assign lut_raddr_o = lut_raddr;
  assign lut_rdata   = lut_rdata_i;

  // Only a counting pass's rows read the count memory (its count plus the
  // row's spike); the others leave the port to the result machine, which
  // reads the previous frame's counts while the next frame's layer-0
  // passes run (docs/rtl.md "One work list across frames").
  assign cnt_raddr = su_count ? su_row : cnt_raddr_i;
  assign cnt_o     = cnt_rdata;

  // ---------------------------------------------------------------------------
  // U2 ... U7: current, dendrite, LUT index
  // ---------------------------------------------------------------------------
  logic signed [31:0] rnd3_d, sc4_d, bd4_d, cur5_d, vd_sum5;
  logic signed [25:0] vdd4, vnd4_d;
  logic signed [15:0] vdn5_d, actn6_d;
  logic signed [17:0] off6_d, sh7_d;
  logic [11:0]        lut_idx;

  always_comb begin
    // U2
    rnd3_d  = 32'($signed(acc2)) + 32'(u2_rnd_i);
    // U3
    if (u3_wneg_i) begin
      sc4_d = rnd3_q >>> u3_rsh_i;
    end else begin
      sc4_d = rnd3_q <<< u3_lsh_i;
    end
    vdd4    = u3_first_step_i ? 26'sd0 : ((vdp3_q + 26'sd128) >>> 8);
    vnd4_d  = u3_first_step_i ? 26'sd0 : ((vnp3_q + 26'sd128) >>> 8);
    bd4_d   = b3_q + 32'(vdd4);
    // U4
    cur5_d  = sc4_q + b4_q;
    vd_sum5 = sc4_q + bd4_q;
    vdn5_d  = sat16(vd_sum5);
    // U5
    off6_d  = 18'(vdn5_q) - 18'($signed(u5_lut_lo_i));
    if (u5_kind_i == 2'd0) begin
      actn6_d = sat16(cur5_q);
    end else begin
      actn6_d = vdn5_q[15] ? 16'sd0 : vdn5_q;
    end
    // U6
    sh7_d   = off6_q >>> u6_lut_shift_i;
    // U7
    if (sh7_q < 18'sd0) begin
      lut_idx = '0;
    end else if (sh7_q > 18'($signed({6'd0, u7_lut_last_i}))) begin
      lut_idx = u7_lut_last_i;
    end else begin
      lut_idx = sh7_q[11:0];
    end
    lut_raddr = u7_lut_base_i + LAW'(lut_idx[11:1]);
  end

  // ---------------------------------------------------------------------------
  // U8 ... U10: activation, neuron, fire
  // ---------------------------------------------------------------------------
  logic signed [15:0] act9_d, vnn10_d;
  logic signed [31:0] vn_sum9;
  logic               live10_q;  // U10: the row's neuron of this lane is below n_out (registered at U9)
  logic               fire;

  always_comb begin
    // U8: kinds 2 and 3 read the LUT (zero when the layer has none loaded).
    act9_d = actn8_q;
    if (u8_kind_i[1]) begin
      act9_d = 16'sd0;
      if (u8_lut_loaded_i) begin
        act9_d = half8_q ? lut_rdata[31:16] : lut_rdata[15:0];
      end
    end
    // U9
    vn_sum9 = 32'(vnd9_q) + 32'(act9_q);
    vnn10_d = sat16(vn_sum9);
    // U10
    fire      = (vnn10_q > $signed(u10_v_th_i)) && live10_q;
    spike_o   = u_q[US] && fire;
    st_we     = u_q[US];
    vd_wdata  = vdn10_q;
    vn_wdata  = fire ? 16'd0 : vnn10_q;
    cnt_we    = u_q[US] && u10_count_i;
    cnt_wdata = cnt10_q + {15'd0, fire};
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  // Valid bits: reset.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      u_q <= '0;
    end else begin
      u_q <= {u_q[US-1:1], su_valid};
    end
  end

  // Datapath: no reset.
  always_ff @(posedge clk_i) begin
    row_q      <= {row_q[AAW*(US-1)-1:0], su_row};
    srow_q     <= {srow_q[SAW*(US-1)-1:0], su_srow};
    // The neuron-in-layer compare one stage early: at U10 it sat behind the
    // row delay line's clock-to-out and before the fire AND and the
    // sequencer's output-vector write (3.35 ns at 64 x 16). u9_n_out_i is
    // the n_out of the row at U9.
    live10_q   <= 17'({row_q[AAW*(US-2) +: AAW], LW'(LANE)}) < {1'b0, u9_n_out_i};
    // U1 -> U2: the memories' words (the accumulator's: gen_merge_*)
    b2_q       <= b_rdata;
    vd2_q      <= vd_rdata;
    vn2_q      <= vn_rdata;
    cnt2_q     <= cnt_rdata;
    // U2 -> U3
    rnd3_q     <= rnd3_d;
    vdp3_q     <= 26'($signed(vd2_q)) * $signed({17'd0, u2_tau_d_i});
    vnp3_q     <= 26'($signed(vn2_q)) * $signed({17'd0, u2_tau_n_i});
    b3_q       <= u2_bias_loaded_i ? 32'($signed(b2_q)) : 32'sd0;
    cnt3_q     <= u2_first_step_i ? 16'd0 : cnt2_q;
    // U3 -> U4
    sc4_q      <= sc4_d;
    bd4_q      <= bd4_d;
    b4_q       <= b3_q;
    vnd4_q     <= vnd4_d;
    cnt4_q     <= cnt3_q;
    // U4 -> U5
    cur5_q     <= cur5_d;
    vdn5_q     <= vdn5_d;
    vnd5_q     <= vnd4_q;
    cnt5_q     <= cnt4_q;
    // U5 -> U6
    off6_q     <= off6_d;
    actn6_q    <= actn6_d;
    vdn6_q     <= vdn5_q;
    vnd6_q     <= vnd5_q;
    cnt6_q     <= cnt5_q;
    // U6 -> U7
    sh7_q      <= sh7_d;
    actn7_q    <= actn6_q;
    vdn7_q     <= vdn6_q;
    vnd7_q     <= vnd6_q;
    cnt7_q     <= cnt6_q;
    // U7 -> U8 (the LUT word is read at this edge)
    half8_q    <= lut_idx[0];
    actn8_q    <= actn7_q;
    vdn8_q     <= vdn7_q;
    vnd8_q     <= vnd7_q;
    cnt8_q     <= cnt7_q;
    // U8 -> U9
    act9_q     <= act9_d;
    vdn9_q     <= vdn8_q;
    vnd9_q     <= vnd8_q;
    cnt9_q     <= cnt8_q;
    // U9 -> U10
    vnn10_q    <= vnn10_d;
    vdn10_q    <= vdn9_q;
    cnt10_q    <= cnt9_q;
  end

endmodule
