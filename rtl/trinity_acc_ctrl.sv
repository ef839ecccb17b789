// SPDX-License-Identifier: Apache-2.0
// The control of one event engine's accumulator banks (trinity_acc_bank),
// once for all LANES lanes: the engine issues the same accumulator row to
// every lane, so the write enable, the forwarding compares and whether a
// row holds a sum are the same in every lane's bank and are kept here, not
// LANES times over (docs/rtl.md "Engines that run ahead").
//
// Each bank's memory has two halves; the sequencer's work list puts item i
// into half i mod 2 (acc_bank_i), and the update pass reads the previous
// item's half (rd_bank_i) in the same cycles. A word is never cleared: a
// row's first event of an item overwrites it (ok1_o low: the word read
// counts as 0), and a row no event reached reads as 0 (rd_clr_o).
// valid_q holds, per half and row, whether the row has a sum of the item
// in that half: an event's A2 sets it, the update's read clears it. Reset
// clears it, so the memories need no clearing after reset either.
//
// Stages (trinity_acc_bank): A0 the event's read; A1 its word registered;
// A2 the add and the write. U0 the update's read; U1 its word.
module trinity_acc_ctrl #(
  parameter int unsigned AROWS = 16,  // accumulator words per half
  parameter int unsigned AAW   = (AROWS > 1) ? $clog2(AROWS) : 1  // acc row bits
) (
  input  logic           clk_i,        // clock
  input  logic           rst_ni,       // asynchronous reset, active low
  // Accumulation (A0), from the engine
  input  logic           acc_valid_i,  // an event row this cycle
  input  logic [AAW-1:0] acc_row_i,    // its accumulator row
  input  logic           acc_bank_i,   // in this half
  // Update read (U0), from the sequencer's update machine
  input  logic           rd_valid_i,   // read a row
  input  logic [AAW-1:0] rd_row_i,     // the row
  input  logic           rd_bank_i,    // of this half (never acc_bank_i while both run)
  // To every lane's bank
  output logic [AAW:0]   acc_addr_o,   // A0: {half, row}
  output logic           ok1_o,        // A1: the row holds a sum of this item (else its word counts as 0)
  output logic           we_o,         // A2: write the sum
  output logic [AAW:0]   waddr_o,      // A2: at {half, row}
  output logic           hit_a2_o,     // A2: the row A2 wrote last cycle is this one: take its sum
  output logic           hit_b2_o,     // A2: else the one it wrote the cycle before
  output logic [AAW:0]   rd_addr_o,    // U0: {half, row}
  output logic           rd_clr_o      // U0: no event reached that row: it reads zero
);

  logic             a1_q, a2_q, fwda_q;            // A1, A2 and forward entry a valid
  logic [AAW:0]     arow1_q, arow2_q, fwda_row_q;  // their {half, row}
  logic             ok1_q, hit_a2_q, hit_b2_q;
  logic [2*AROWS-1:0] valid_q, valid_d;            // {half, row} holds a sum of the half's item

  assign acc_addr_o = {acc_bank_i, acc_row_i};
  assign rd_addr_o  = {rd_bank_i, rd_row_i};
  assign ok1_o      = ok1_q;
  assign we_o       = a2_q;
  assign waddr_o    = arow2_q;
  assign hit_a2_o   = hit_a2_q;
  assign hit_b2_o   = hit_b2_q;

  // An event's row sampled in A0: a row the two operations ahead of it
  // write later is forwarded (hit_a2, hit_b2), so A0's view is enough.
  // Constant selects in a loop (yosys 0.23 builds a shifter for a variable one).
  logic valid_a0, valid_rd;
  always_comb begin
    valid_d  = valid_q;
    valid_a0 = 1'b0;
    valid_rd = 1'b0;
    for (int unsigned k = 0; k < 2 * AROWS; k++) begin
      if (32'({acc_bank_i, acc_row_i}) == k) begin
        valid_a0 = valid_q[k];
      end
      if (32'({rd_bank_i, rd_row_i}) == k) begin
        valid_rd = valid_q[k];
        if (rd_valid_i) begin
          valid_d[k] = 1'b0;
        end
      end
      if (a2_q && 32'(arow2_q) == k) begin
        valid_d[k] = 1'b1;
      end
    end
  end
  assign rd_clr_o = !valid_rd;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a1_q    <= 1'b0;
      a2_q    <= 1'b0;
      fwda_q  <= 1'b0;
      valid_q <= '0;
    end else begin
      a1_q    <= acc_valid_i;
      a2_q    <= a1_q;
      fwda_q  <= a2_q;
      valid_q <= valid_d;
    end
  end

  // Datapath-side registers: no reset (their valid bits are above).
  always_ff @(posedge clk_i) begin
    arow1_q    <= {acc_bank_i, acc_row_i};
    arow2_q    <= arow1_q;
    fwda_row_q <= arow2_q;
    ok1_q      <= valid_a0;
    // A1 -> A2: the op now in A2 will be fwda next cycle, fwda will be fwdb.
    hit_a2_q   <= a2_q && arow2_q == arow1_q;
    hit_b2_q   <= fwda_q && fwda_row_q == arow1_q;
  end

`ifndef SYNTHESIS
  // The update reads a half only once every event of its item has been
  // written: none is in A1 or A2 (the walker hands an item over in the
  // cycle of its last row, its pass reads no row before four cycles on).
  // SYNCASYNCNET: Verilator 5.006 counts `disable iff (!rst_ni)` as a
  // synchronous use of the asynchronous reset (as in trinity_core).
  /* verilator lint_off SYNCASYNCNET */
  a_read_after_writes: assert property (@(posedge clk_i) disable iff (!rst_ni)
    rd_valid_i |-> !(a1_q && arow1_q[AAW] == rd_bank_i) && !(a2_q && arow2_q[AAW] == rd_bank_i));
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
