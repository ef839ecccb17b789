// SPDX-License-Identifier: Apache-2.0
// One event engine's share of one lane: a partial-sum memory of two halves,
// an accumulator word per neuron row each, added to from the engine's
// weight row (read from the engine's wide weight and gate memories,
// trinity_engine_mem, shared by every lane's bank of the engine).
// trinity_lane holds ENGINES of these and merges their words when it
// updates a row (docs/rtl.md "Event engines"). The sequencer's work list
// alternates the halves (docs/rtl.md "Engines that run ahead"): the
// engines add one item's events into one half (port A) while the update
// pass reads the previous item's from the other (port B), in the same
// cycles. The addresses, the write enable, the forwarding selects and
// whether a row holds a sum yet come from the engine's trinity_acc_ctrl,
// shared by every lane: here are only the words.
//
// Accumulate pipeline (fixed-point spec §4 step 1), per event row:
//   A0: acc_addr_i = {half, row} read on port A (the engine memory's read
//       address beside it).
//   A1: the words registered: the accumulator word, this lane's weight, 0
//       where the selected task's gate closes it (protocol v3).
//   A2: acc = (the sum A2 wrote last cycle, the one before, or the word
//       read, 0 for the row's first event of the item: its register is
//       cleared, ok1_i low) + weight, written back. The two bypass entries
//       cover the rows the two previous operations wrote at or after this
//       one's read edge.
// Update read (U0): rd_addr_i on port B; the word comes out in U1
// (rd_data_o), zero where no event reached the row (rd_clr_i in U0). No
// word is ever cleared in the memory: a row's first event overwrites it,
// so the memory has one write port.
//
// Width: a word holds one engine's partial sum over one layer and timestep,
// at most MAX_EVENTS int8 weights, so AW = 8 + clog2(MAX_EVENTS) signed
// bits hold it exactly (|sum| <= 128 * MAX_EVENTS); the lane sign-extends
// it to the 24-bit accumulator of the spec before the merge. trinity_core
// sets AW; 24 is the spec's width.
module trinity_acc_bank #(
  parameter int unsigned AROWS = 16,  // accumulator words per half
  parameter int unsigned AW    = 24,  // accumulator word bits (>= 9): the partial sum, two's complement
  parameter int unsigned AAW   = (AROWS > 1) ? $clog2(AROWS) : 1  // acc row bits
) (
  input  logic           clk_i,      // clock
  // From the engine's trinity_acc_ctrl
  input  logic [AAW:0]   acc_addr_i,  // A0: {half, row} the event adds to
  input  logic           ok1_i,       // A1: the row holds a sum of this item already (else its word counts as 0)
  input  logic           we_i,        // A2: write the sum
  input  logic [AAW:0]   waddr_i,     // A2: at {half, row}
  input  logic           hit_a2_i,    // A2: take the sum written last cycle
  input  logic           hit_b2_i,    // A2: else the one written the cycle before
  input  logic [AAW:0]   rd_addr_i,   // U0: {half, row} the update reads
  input  logic           rd_clr_i,    // U0: no event reached it: read zero
  // From the engine's memories
  input  logic [7:0]     w_rdata_i,  // A1: this lane's weight of the row, int8
  input  logic           g_open_i,   // A1: its gate keeps it (protocol v3)
  output logic [AW-1:0]  rd_data_o   // U1: the update's word
);

  logic [AW-1:0]  acc_rdata;                 // A1: port A's word
  logic [AW-1:0]  acc2_a_q;                  // A2: that word, or 0
  logic [7:0]     w2_q;                      // A2: the weight, or 0 where the gate is closed
  logic [AW-1:0]  fwda_data_q, fwdb_data_q;  // the sums A2 wrote last cycle and the cycle before

  logic [AW-1:0] acc_old, acc_sum;
  always_comb begin
    if (hit_a2_i) begin
      acc_old = fwda_data_q;
    end else if (hit_b2_i) begin
      acc_old = fwdb_data_q;
    end else begin
      acc_old = acc2_a_q;
    end
    acc_sum = acc_old + {{(AW - 8){w2_q[7]}}, w2_q};
  end

  trinity_ram_2r #(.WIDTH(AW), .DEPTH(2 * AROWS), .AW(AAW + 1)) u_accram (
    .clk_i, .we_i, .waddr_i, .wdata_i(acc_sum),
    .ra_addr_i(acc_addr_i), .ra_data_o(acc_rdata),
    .rb_addr_i(rd_addr_i), .rb_clr_i(rd_clr_i), .rb_data_o(rd_data_o)
  );

  // Datapath: no reset; the zeros are the registers' synchronous clears.
  always_ff @(posedge clk_i) begin
    if (ok1_i) begin
      acc2_a_q <= acc_rdata;
    end else begin
      acc2_a_q <= '0;
    end
    if (g_open_i) begin
      w2_q <= w_rdata_i;
    end else begin
      w2_q <= '0;
    end
    fwda_data_q <= acc_sum;
    fwdb_data_q <= fwda_data_q;
  end

endmodule
