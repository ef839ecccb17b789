// SPDX-License-Identifier: Apache-2.0
// One event engine's share of one lane: two partial-sum memories of an
// accumulator word per neuron row, added to from the engine's weight row
// (read from the engine's wide weight and gate memories, trinity_engine_mem,
// shared by every lane's bank of the engine). trinity_lane holds ENGINES of
// these and merges their words when it updates a row (docs/rtl.md "Event
// engines"). The sequencer's work list alternates the two memories
// (docs/rtl.md "Engines that run ahead"): the engines add one item's events
// into memory acc_bank_i while the update pass reads and clears the
// previous item's from rd_bank_i, so the two never share a memory, and
// each memory has one writer at a time.
//
// Accumulate pipeline (fixed-point spec §4 step 1), per event row:
//   A0: acc_row_i / acc_bank_i presented (the engine memory's read address
//       beside it); accumulator read.
//   A1: the words registered: the accumulator word, this lane's weight and
//       whether the selected task's gate keeps it (protocol v3), both from
//       trinity_engine_mem's memories; whether the two rows ahead of it
//       match its row and memory.
//   A2: acc += weight (0 where the gate is closed), written back. Two bypass
//       entries cover the rows the two previous operations wrote at or after
//       this one's read edge.
// Update read: rd_valid_i / rd_row_i / rd_bank_i read the accumulator word
// (on the RAM's output, rd_data_o, one cycle later) and zero it that next
// cycle (clear-on-read keeps the accumulators zero between items).
//
// Width: a word holds one engine's partial sum over one layer and timestep
// (cleared when the update reads it), at most MAX_EVENTS int8 weights, so
// AW = 8 + clog2(MAX_EVENTS) signed bits hold it exactly (|sum| <= 128 *
// MAX_EVENTS); the lane sign-extends it to the 24-bit accumulator of the
// spec before the merge. trinity_core sets AW; 24 is the spec's width.
module trinity_acc_bank #(
  parameter int unsigned AROWS = 16,  // accumulator words per memory
  parameter int unsigned AW    = 24,  // accumulator word bits (>= 9): the partial sum, two's complement
  parameter int unsigned AAW   = (AROWS > 1) ? $clog2(AROWS) : 1  // acc addr bits
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Accumulator initialisation after reset
  input  logic           clr_we_i,       // zero accumulator row clr_addr_i of both memories
  input  logic [AAW-1:0] clr_addr_i,     // row to zero
  // Event-driven accumulation
  input  logic           acc_valid_i,    // add the engine's weight row to acc row (A0)
  input  logic [AAW-1:0] acc_row_i,      // accumulator row (neuron group)
  input  logic           acc_bank_i,     // in this memory
  input  logic [7:0]     w_rdata_i,      // A1: this lane's weight of that row, int8
  input  logic           g_open_i,       // A1: its gate keeps it (protocol v3)
  // Update read (in the same cycle as acc_valid_i only from the other memory)
  input  logic           rd_valid_i,     // read accumulator row rd_row_i, then zero it
  input  logic [AAW-1:0] rd_row_i,       // the row
  input  logic           rd_bank_i,      // of this memory
  output logic [AW-1:0]  rd_data_o       // its word, one cycle after rd_valid_i
);

  logic           a1_q, a2_q;                // accumulate stages A1, A2 valid
  logic [AAW:0]   arow1_q, arow2_q;          // their {memory, row}
  logic [AW-1:0]  acc2_a_q;                  // A2: the accumulator word read
  logic [7:0]     w2_q;                      // A2: the weight read
  logic           g2_q;                      // A2: its gate is open
  logic           hit_a2_q, hit_b2_q;        // A2: fwd a / fwd b hold its row
  logic           fwda_q;                    // A2 wrote {memory, row} fwda_row_q last cycle ...
  logic [AAW:0]   fwda_row_q;
  logic [AW-1:0]  fwda_data_q, fwdb_data_q;  // ... this word; fwdb: the cycle before (hit_b2_q)
  logic           rd1_q;                     // an update read is one cycle old: clear its row
  logic [AAW:0]   rd_row1_q;                 // its {memory, row}

  // ---------------------------------------------------------------------------
  // A1, A2: accumulate
  // ---------------------------------------------------------------------------
  logic [AW-1:0] acc_old, acc_sum;
  always_comb begin
    if (hit_a2_q) begin
      acc_old = fwda_data_q;
    end else if (hit_b2_q) begin
      acc_old = fwdb_data_q;
    end else begin
      acc_old = acc2_a_q;
    end
    acc_sum = acc_old + ({{(AW - 8){w2_q[7]}}, w2_q} & {AW{g2_q}});
  end

  // ---------------------------------------------------------------------------
  // Memories
  // ---------------------------------------------------------------------------
  // Each memory's write port serves three users that are never active on
  // it in the same cycle: reset clearing, A2, and the update's clear-on-read.
  logic [2*AW-1:0] acc_rdata;  // memory m's word at [AW*m +: AW]
  for (genvar m = 0; m < 2; m++) begin : gen_mem
    logic           we;
    logic [AAW-1:0] waddr, raddr;
    logic [AW-1:0]  wdata;
    always_comb begin
      we    = 1'b0;
      waddr = rd_row1_q[AAW-1:0];
      wdata = '0;
      if (clr_we_i) begin
        we    = 1'b1;
        waddr = clr_addr_i;
      end else if (a2_q && arow2_q[AAW] == 1'(m)) begin
        we    = 1'b1;
        waddr = arow2_q[AAW-1:0];
        wdata = acc_sum;
      end else if (rd1_q && rd_row1_q[AAW] == 1'(m)) begin
        we    = 1'b1;
      end
    end
    assign raddr = (acc_valid_i && acc_bank_i == 1'(m)) ? acc_row_i : rd_row_i;
    trinity_ram #(.WIDTH(AW), .DEPTH(AROWS), .AW(AAW)) u_accram (
      .clk_i, .we_i(we), .waddr_i(waddr), .wdata_i(wdata), .raddr_i(raddr), .rdata_o(acc_rdata[AW*m +: AW])
    );
  end

  assign rd_data_o = rd_row1_q[AAW] ? acc_rdata[AW +: AW] : acc_rdata[0 +: AW];

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
    arow1_q     <= {acc_bank_i, acc_row_i};
    arow2_q     <= arow1_q;
    acc2_a_q    <= arow1_q[AAW] ? acc_rdata[AW +: AW] : acc_rdata[0 +: AW];
    w2_q        <= w_rdata_i;
    g2_q        <= g_open_i;
    // A1 -> A2: the op now in A2 will be fwda next cycle, fwda will be fwdb.
    hit_a2_q    <= a2_q && arow2_q == arow1_q;
    hit_b2_q    <= fwda_q && fwda_row_q == arow1_q;
    fwda_row_q  <= arow2_q;
    fwda_data_q <= acc_sum;
    fwdb_data_q <= fwda_data_q;
    rd_row1_q   <= {rd_bank_i, rd_row_i};
  end

endmodule
