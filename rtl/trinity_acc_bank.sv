// SPDX-License-Identifier: Apache-2.0
// One event engine's share of one lane: the weights (and protocol v3 gate
// bits) of the inputs the engine owns, for this lane's neurons, and an
// accumulator word per neuron row. trinity_lane holds ENGINES of these and
// merges their accumulators when it updates a row (docs/rtl.md "Event
// engines").
//
// Accumulate pipeline (fixed-point spec §4 step 1), per event row:
//   A0: acc_row_i / w_raddr_i presented; weight, gate and accumulator read.
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
// Update read: rd_valid_i / rd_row_i read the accumulator word (on the
// RAM's output, rd_data_o, one cycle later) and zero it that next cycle
// (clear-on-read keeps the accumulators zero between layers).
module trinity_acc_bank #(
  parameter int unsigned WROWS     = 16,  // weight words of this engine in this lane
  parameter int unsigned AROWS     = 16,  // accumulator words
  parameter int unsigned MAX_TASKS = 1,   // tasks whose gates are held, >= 1
  parameter int unsigned TW        = 1,   // task index bits: $clog2(MAX_TASKS), at least 1
  parameter int unsigned GR        = 1,   // gate rows per GATE word: max(1, 32 / LANES)
  parameter int unsigned WAW       = (WROWS > 1) ? $clog2(WROWS) : 1,  // weight addr bits
  parameter int unsigned AAW       = (AROWS > 1) ? $clog2(AROWS) : 1   // acc addr bits
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Parameter loading (WEIGHTS, GATE packets)
  input  logic           w_we_i,         // write a weight byte
  input  logic [WAW-1:0] w_waddr_i,      // weight row
  input  logic [7:0]     w_wdata_i,      // weight, int8
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
  input  logic           gate_bypass_i,  // task 0: every weight as stored
  input  logic           gate_loaded_i,  // the task's GATE of this layer was loaded (else all closed)
  input  logic [TW-1:0]  gate_task_i,    // the selected task k - 1
  // Update read (never in the same cycle as acc_valid_i)
  input  logic           rd_valid_i,     // read accumulator row rd_row_i, then zero it
  input  logic [AAW-1:0] rd_row_i,       // the row
  output logic [23:0]    rd_data_o       // its word, one cycle after rd_valid_i
);

  logic           a1_q, a2_q;                // accumulate stages A1, A2 valid
  logic [AAW-1:0] arow1_q, arow2_q;          // their rows
  logic [23:0]    acc2_a_q;                  // A2: the accumulator word read
  logic [7:0]     w2_q;                      // A2: the weight read
  logic           g2_q;                      // A2: its gate is open
  logic           hit_a2_q, hit_b2_q;        // A2: fwd a / fwd b hold its row
  logic           fwda_q;                    // A2 wrote row fwda_row_q last cycle ...
  logic [AAW-1:0] fwda_row_q;
  logic [23:0]    fwda_data_q, fwdb_data_q;  // ... this word; fwdb: the cycle before (hit_b2_q)
  logic           rd1_q;                     // an update read is one cycle old: clear its row
  logic [AAW-1:0] rd_row1_q;

  // ---------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------
  logic [7:0]     w_rdata;
  logic           acc_we;
  logic [AAW-1:0] acc_waddr, acc_raddr;
  logic [23:0]    acc_wdata, acc_rdata;

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

  assign acc_raddr = acc_valid_i ? acc_row_i : rd_row_i;
  assign rd_data_o = acc_rdata;

  // ---------------------------------------------------------------------------
  // A1, A2: accumulate
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
  // the same cycle: reset clearing, A2, and the update's clear-on-read.
  always_comb begin
    acc_we    = 1'b0;
    acc_waddr = rd_row1_q;
    acc_wdata = '0;
    if (clr_we_i) begin
      acc_we    = 1'b1;
      acc_waddr = clr_addr_i;
    end else if (a2_q) begin
      acc_we    = 1'b1;
      acc_waddr = arow2_q;
      acc_wdata = acc_sum;
    end else if (rd1_q) begin
      acc_we    = 1'b1;
      acc_waddr = rd_row1_q;
    end
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
      rd1_q  <= 1'b0;
    end else begin
      a1_q   <= acc_valid_i;
      a2_q   <= a1_q;
      fwda_q <= a2_q;
      rd1_q  <= rd_valid_i;
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
    rd_row1_q   <= rd_row_i;
  end

endmodule
