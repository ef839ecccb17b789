// SPDX-License-Identifier: Apache-2.0
// One lane of the core: the memories and arithmetic of neurons
// LANE, LANE + LANES, LANE + 2*LANES, ... of every layer. All lanes receive
// the same addresses and controls from trinity_core, so LANES lanes process
// one row (LANES consecutive neurons) per cycle.
//
// Accumulate pipeline (fixed-point spec §4 step 1), per input spike event:
//   A0: core presents acc_row_i / w_raddr_i; weight and accumulator read.
//   A1: the words registered (the weight store is many BRAMs with an output
//       multiplexer); whether the two rows ahead of it match its row.
//   A2: acc += weight (0 where the selected task's gate is closed, protocol
//       v3), written back. Two bypass entries cover the rows the two
//       previous operations wrote at or after this one's read edge.
// Gate memories (protocol v3, fixed-point spec §1a): one bit per weight row
// and task, read at A0 beside the weight and selected at A1. A GATE word
// holds GR = max(1, 32/LANES) rows of a lane at once, so the bits sit in GR
// banks by row mod GR (consecutive rows in different banks): one GATE word
// writes each bank once. Banks and tasks are separate 1-bit RAMs.
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
// Rows of one layer never share state, and the sequencer drains the
// pipeline before the next layer or timestep (trinity_pkg::
// UPD_SPIKE_LATENCY), so no stage needs forwarding. The per-layer constants
// arrive registered (trinity_layer_config) and the ones derived from them
// are registered here once per layer. Datapath registers have no reset (the
// valid bits do), so a DSP or BRAM can absorb them.
module trinity_lane #(
  parameter int unsigned LANE     = 0,   // lane number, 0 ... LANES-1
  parameter int unsigned LANES    = 8,   // lanes in the core
  parameter int unsigned WROWS    = 16,  // weight words in this lane
  parameter int unsigned AROWS    = 16,  // accumulator / count words
  parameter int unsigned SROWS    = 16,  // bias / state words
  parameter int unsigned LROWS    = 16,  // LUT words (two entries each)
  parameter int unsigned LUT_HALF = 8,   // LUT words per layer
  parameter int unsigned MAX_TASKS = 1,  // tasks whose gates are held, >= 1
  parameter int unsigned TW       = 1,   // task index bits: $clog2(MAX_TASKS), at least 1
  parameter int unsigned GR       = 1,   // gate rows per GATE word: max(1, 32 / LANES)
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
  input  logic           g_we_i,         // write gate bits (GATE)
  input  logic [TW-1:0]  g_task_i,       // of task k - 1
  input  logic [WAW-1:0] g_row_i,        // weight row of bit 0
  input  logic [GR-1:0]  g_rvalid_i,     // row g_row_i + r is written (bit r)
  input  logic [GR-1:0]  g_bits_i,       // gate bit of row g_row_i + r (bit r)
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
  input  logic           gate_bypass_i,  // task 0: every weight as stored
  input  logic           gate_loaded_i,  // the task's GATE of this layer was loaded (else all closed)
  input  logic [TW-1:0]  gate_task_i,    // the selected task k - 1
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

  // Decay by tau/256, rounded half up, (v * tau + 128) >>> 8, is split:
  // the product in U2 (a DSP), the rounding in U3.

  // ---------------------------------------------------------------------------
  // Pipeline registers
  // ---------------------------------------------------------------------------
  localparam int unsigned US = trinity_pkg::UPD_SPIKE_LATENCY;  // last update stage

  logic           a1_q, a2_q;              // accumulate stages A1, A2 valid
  logic [AAW-1:0] arow1_q, arow2_q;        // their rows
  logic [23:0]    acc2_a_q;                // A2: the accumulator word read
  logic [7:0]     w2_q;                    // A2: the weight read
  logic           g2_q;                    // A2: its gate is open
  logic           hit_a2_q, hit_b2_q;      // A2: fwd a / fwd b hold its row
  logic           fwda_q;                  // A2 wrote row fwda_row_q last cycle ...
  logic [AAW-1:0] fwda_row_q;
  logic [23:0]    fwda_data_q, fwdb_data_q;  // ... this word; fwdb: the cycle before (hit_b2_q)
  // Update stage k (1 ... US) holds a row when u_q[k] is set; its rows at
  // [AAW*(k-1) +: AAW] and [SAW*(k-1) +: SAW].
  logic [US:1]         u_q;
  logic [AAW*US-1:0]   row_q;
  logic [SAW*US-1:0]   srow_q;
  // Update datapath, named by the stage they feed.
  logic [23:0]        acc2_q;
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
  // Per-layer constants derived from the configuration inputs.
  logic               wneg_q;              // w_shift < 0
  logic [2:0]         lsh_q;               // left shift when w_shift >= 0
  logic [3:0]         rsh_q;               // right shift when w_shift < 0
  logic signed [31:0] rnd_q;               // rounding constant of the right shift
  logic [11:0]        lut_last_q;          // last LUT index
  logic [LAW-1:0]     lut_base_q;          // the layer's first LUT word

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
  logic [AAW-1:0] row1, row_last;
  logic [SAW-1:0] srow_last;

  assign row1      = row_q[AAW-1:0];
  assign row_last  = row_q[AAW*(US-1) +: AAW];
  assign srow_last = srow_q[SAW*(US-1) +: SAW];

  trinity_ram #(.WIDTH(8), .DEPTH(WROWS), .AW(WAW)) u_wram (
    .clk_i, .we_i(w_we_i), .waddr_i(w_waddr_i), .wdata_i(w_wdata_i),
    .raddr_i(w_raddr_i), .rdata_o(w_rdata)
  );
  // Gate banks: bank b holds rows b, b + GR, ...; task t's bits in its own RAMs.
  localparam int unsigned GB    = (GR > 1) ? $clog2(GR) : 0;
  localparam int unsigned GBW   = (GR > 1) ? GB : 1;
  localparam int unsigned GROWS = (WROWS + GR - 1) / GR;
  localparam int unsigned GAW   = (GROWS > 1) ? $clog2(GROWS) : 1;
  localparam int unsigned GSEL  = (1 << TW) * GR;  // gate read bits, padded to whole tasks
  logic [GR-1:0]     g_bank_we, g_bank_wdata;
  logic [GAW*GR-1:0] g_bank_waddr;
  logic [GAW-1:0]    g_raddr;
  logic [GBW-1:0]    g_bsel1_q;              // A1: bank of the row read
  logic [GSEL-1:0]   g_rdata;                // A1: bit of task t, bank b at t*GR + b
  if (GR > 1) begin : gen_gate_banks
    // Bit r of the word is row g_row_i + r: bank (g_row_i + r) mod GR, so
    // bank b takes r = (b - g_row_i) mod GR, at row index (g_row_i + r) / GR.
    logic [GB-1:0]  g_first;  // bank of bit 0
    logic [GAW-1:0] g_index;  // its row index in the bank
    assign g_first = g_row_i[GB-1:0];
    assign g_index = GAW'(g_row_i >> GB);
    always_comb begin
      for (int unsigned b = 0; b < GR; b++) begin
        g_bank_we[b]    = g_we_i && g_rvalid_i[GB'(b) - g_first];
        g_bank_wdata[b] = g_bits_i[GB'(b) - g_first];
        g_bank_waddr[GAW*b +: GAW] = g_index + ((GB'(b) < g_first) ? GAW'(1) : GAW'(0));
      end
    end
    assign g_raddr = GAW'(w_raddr_i >> GB);
  end else begin : gen_gate_one
    assign g_bank_we    = g_we_i && g_rvalid_i[0];
    assign g_bank_wdata = g_bits_i;
    assign g_bank_waddr = GAW'(g_row_i);
    assign g_raddr      = GAW'(w_raddr_i);
  end
  for (genvar t = 0; t < (1 << TW); t++) begin : gen_gate_task
    for (genvar b = 0; b < GR; b++) begin : gen_gate_bank
      if (t < MAX_TASKS) begin : gen_ram
        trinity_ram #(.WIDTH(1), .DEPTH(GROWS), .AW(GAW)) u_gram (
          .clk_i, .we_i(g_bank_we[b] && 32'(g_task_i) == t), .waddr_i(g_bank_waddr[GAW*b +: GAW]),
          .wdata_i(g_bank_wdata[b]), .raddr_i(g_raddr), .rdata_o(g_rdata[t*GR + b])
        );
      end else begin : gen_none
        assign g_rdata[t*GR + b] = 1'b0;
      end
    end
  end

  trinity_ram #(.WIDTH(24), .DEPTH(AROWS), .AW(AAW)) u_accram (
    .clk_i, .we_i(acc_we), .waddr_i(acc_waddr), .wdata_i(acc_wdata),
    .raddr_i(acc_raddr), .rdata_o(acc_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_bram (
    .clk_i, .we_i(b_we_i), .waddr_i(b_waddr_i), .wdata_i(b_wdata_i),
    .raddr_i(upd_srow_i), .rdata_o(b_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vdram (
    .clk_i, .we_i(st_we), .waddr_i(srow_last), .wdata_i(vd_wdata),
    .raddr_i(upd_srow_i), .rdata_o(vd_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(SROWS), .AW(SAW)) u_vnram (
    .clk_i, .we_i(st_we), .waddr_i(srow_last), .wdata_i(vn_wdata),
    .raddr_i(upd_srow_i), .rdata_o(vn_rdata)
  );
  trinity_ram #(.WIDTH(16), .DEPTH(AROWS), .AW(AAW)) u_cntram (
    .clk_i, .we_i(cnt_we), .waddr_i(row_last), .wdata_i(cnt_wdata),
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
    if (hit_a2_q) begin
      acc_old = fwda_data_q;
    end else if (hit_b2_q) begin
      acc_old = fwdb_data_q;
    end else begin
      acc_old = acc2_a_q;
    end
    acc_sum = acc_old + ({{16{w2_q[7]}}, w2_q} & {24{g2_q}});
  end

  // A1: the gate bit of the row read, in the selected task's bank.
  logic g_open;
  assign g_open = gate_bypass_i || (gate_loaded_i && g_rdata[32'(gate_task_i) * GR + ((GR > 1) ? 32'(g_bsel1_q) : 32'd0)]);

  // The accumulator write port serves three users that are never active in
  // the same cycle: reset clearing, A2, and U1's clear-on-read.
  always_comb begin
    acc_we    = 1'b0;
    acc_waddr = row1;
    acc_wdata = '0;
    if (clr_we_i) begin
      acc_we    = 1'b1;
      acc_waddr = clr_addr_i;
    end else if (a2_q) begin
      acc_we    = 1'b1;
      acc_waddr = arow2_q;
      acc_wdata = acc_sum;
    end else if (u_q[1]) begin
      acc_we    = 1'b1;
      acc_waddr = row1;
    end
  end

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
    rnd3_d  = 32'($signed(acc2_q)) + rnd_q;
    // U3
    if (wneg_q) begin
      sc4_d = rnd3_q >>> rsh_q;
    end else begin
      sc4_d = rnd3_q <<< lsh_q;
    end
    vdd4    = first_step_i ? 26'sd0 : ((vdp3_q + 26'sd128) >>> 8);
    vnd4_d  = first_step_i ? 26'sd0 : ((vnp3_q + 26'sd128) >>> 8);
    bd4_d   = b3_q + 32'(vdd4);
    // U4
    cur5_d  = sc4_q + b4_q;
    vd_sum5 = sc4_q + bd4_q;
    vdn5_d  = sat16(vd_sum5);
    // U5
    off6_d  = 18'(vdn5_q) - 18'($signed(lut_lo_i));
    if (kind_i == 2'd0) begin
      actn6_d = sat16(cur5_q);
    end else begin
      actn6_d = vdn5_q[15] ? 16'sd0 : vdn5_q;
    end
    // U6
    sh7_d   = off6_q >>> lut_shift_i;
    // U7
    if (sh7_q < 18'sd0) begin
      lut_idx = '0;
    end else if (sh7_q > 18'($signed({6'd0, lut_last_q}))) begin
      lut_idx = lut_last_q;
    end else begin
      lut_idx = sh7_q[11:0];
    end
    lut_raddr = lut_base_q + LAW'(lut_idx[11:1]);
  end

  // ---------------------------------------------------------------------------
  // U8 ... U10: activation, neuron, fire
  // ---------------------------------------------------------------------------
  logic signed [15:0] act9_d, vnn10_d;
  logic signed [31:0] vn_sum9;
  logic [16:0]        neuron;
  logic               fire;

  always_comb begin
    // U8: kinds 2 and 3 read the LUT (zero when the layer has none loaded).
    act9_d = actn8_q;
    if (kind_i[1]) begin
      act9_d = 16'sd0;
      if (lut_loaded_i) begin
        act9_d = half8_q ? lut_rdata[31:16] : lut_rdata[15:0];
      end
    end
    // U9
    vn_sum9 = 32'(vnd9_q) + 32'(act9_q);
    vnn10_d = sat16(vn_sum9);
    // U10
    neuron    = 17'({row_last, LW'(LANE)});
    fire      = (vnn10_q > $signed(v_th_i)) && (neuron < {1'b0, n_out_i});
    spike_o   = u_q[US] && fire;
    st_we     = u_q[US];
    vd_wdata  = vdn10_q;
    vn_wdata  = fire ? 16'd0 : vnn10_q;
    cnt_we    = u_q[US] && count_i;
    cnt_wdata = cnt10_q + {15'd0, fire};
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  // Valid bits: reset.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a1_q   <= 1'b0;
      a2_q   <= 1'b0;
      fwda_q <= 1'b0;
      u_q    <= '0;
    end else begin
      a1_q   <= acc_valid_i;
      a2_q   <= a1_q;
      fwda_q <= a2_q;
      u_q    <= {u_q[US-1:1], upd_valid_i};
    end
  end

  // Datapath: no reset.
  always_ff @(posedge clk_i) begin
    arow1_q     <= acc_row_i;
    arow2_q     <= arow1_q;
    acc2_a_q    <= acc_rdata;
    w2_q        <= w_rdata;
    g2_q        <= g_open;
    g_bsel1_q   <= (GR > 1) ? GBW'(w_raddr_i) : '0;
    // A1 -> A2: the op now in A2 will be fwda next cycle, fwda will be fwdb.
    hit_a2_q    <= a2_q && arow2_q == arow1_q;
    hit_b2_q    <= fwda_q && fwda_row_q == arow1_q;
    fwda_row_q  <= arow2_q;
    fwda_data_q <= acc_sum;
    fwdb_data_q <= fwda_data_q;
    row_q      <= {row_q[AAW*(US-1)-1:0], upd_row_i};
    srow_q     <= {srow_q[SAW*(US-1)-1:0], upd_srow_i};
    // U1 -> U2: the memories' words
    acc2_q     <= acc_rdata;
    b2_q       <= b_rdata;
    vd2_q      <= vd_rdata;
    vn2_q      <= vn_rdata;
    cnt2_q     <= cnt_rdata;
    // U2 -> U3
    rnd3_q     <= rnd3_d;
    vdp3_q     <= 26'($signed(vd2_q)) * $signed({17'd0, tau_d_i});
    vnp3_q     <= 26'($signed(vn2_q)) * $signed({17'd0, tau_n_i});
    b3_q       <= bias_loaded_i ? 32'($signed(b2_q)) : 32'sd0;
    cnt3_q     <= first_step_i ? 16'd0 : cnt2_q;
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
    // Per-layer constants (valid a cycle after the configuration inputs).
    wneg_q     <= w_shift_i[7];
    lsh_q      <= w_shift_i[2:0];
    rsh_q      <= 4'(-w_shift_i[3:0]);
    rnd_q      <= w_shift_i[7] ? (32'sd1 <<< (4'(-w_shift_i[3:0]) - 4'd1)) : 32'sd0;
    lut_last_q <= 12'((13'd1 << ({1'b0, lut_bits_m1_i} + 5'd1)) - 13'd1);
    lut_base_q <= LAW'(layer_i * LUT_HALF);
  end

endmodule
