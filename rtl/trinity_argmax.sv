// SPDX-License-Identifier: Apache-2.0
// Pipelined argmax of one row of LANES spike counts: a binary tree of
// compare-and-select nodes with a register on every node, so each
// register-to-register path is one 16-bit compare and one 2:1 select
// (docs/rtl.md "Logic depth"). LW cycles from row to result, one row per
// cycle. Ties go to the lowest lane: a node takes its right (higher-lane)
// child only if that count is strictly greater, as the golden model's
// argmax keeps the first maximum (fixed-point spec §5).
//
// Nodes are numbered as a heap: node n has children 2n+1 (lower lanes) and
// 2n+2; nodes 0 ... LANES-2 are registers, node LANES-1+i is lane i's
// count (the input). Node n at depth d holds the row that entered LW-d
// cycles earlier.
module trinity_argmax #(
  parameter int unsigned LANES = 8,             // counts per row, a power of two >= 4
  parameter int unsigned LW    = $clog2(LANES)  // lane index bits
) (
  input  logic               clk_i,         // clock
  input  logic               rst_ni,        // asynchronous reset, active low (valid bits only)
  input  logic               valid_i,       // counts_i holds a row
  input  logic [15:0]        row_i,         // ... this one
  input  logic [LANES*16-1:0] counts_i,     // lane i's count at [16*i +: 16]
  output logic               valid_o,       // the row's best is ready (LW cycles later)
  output logic               busy_o,        // a row is in the tree
  output logic [15:0]        row_o,         // its row
  output logic [15:0]        best_count_o,  // the row's largest count
  output logic [LW-1:0]      best_lane_o    // the lowest lane holding it
);

  localparam int unsigned INNER = LANES - 1;  // register nodes

  logic [16*INNER-1:0] cnt_q, cnt_d;    // node n's count at [16*n +: 16]
  logic [LW*INNER-1:0] lane_q, lane_d;  // node n's lane at [LW*n +: LW]
  logic [LW-1:0]       valid_q;         // a row at depth LW-1-k (bit k)
  logic [16*LW-1:0]    row_q;           // its row at [16*k +: 16]

  // One compare-and-select per node; children are nodes or inputs.
  logic [15:0]   lc, rc;  // the node being computed: its children's counts
  logic [LW-1:0] ll, rl;  // ... and lanes
  always_comb begin
    cnt_d  = cnt_q;
    lane_d = lane_q;
    lc     = '0;
    rc     = '0;
    ll     = '0;
    rl     = '0;
    for (int unsigned n = 0; n < INNER; n++) begin
      if (2 * n + 1 >= INNER) begin
        lc = counts_i[16*(2*n+1-INNER) +: 16];
        rc = counts_i[16*(2*n+2-INNER) +: 16];
        ll = LW'(2 * n + 1 - INNER);
        rl = LW'(2 * n + 2 - INNER);
      end else begin
        lc = cnt_q[16*(2*n+1) +: 16];
        rc = cnt_q[16*(2*n+2) +: 16];
        ll = lane_q[LW*(2*n+1) +: LW];
        rl = lane_q[LW*(2*n+2) +: LW];
      end
      if (rc > lc) begin
        cnt_d[16*n +: 16] = rc;
        lane_d[LW*n +: LW] = rl;
      end else begin
        cnt_d[16*n +: 16] = lc;
        lane_d[LW*n +: LW] = ll;
      end
    end
  end

  // Datapath: no reset (valid_q says what it holds).
  always_ff @(posedge clk_i) begin
    cnt_q  <= cnt_d;
    lane_q <= lane_d;
    row_q  <= {row_q[16*LW-17:0], row_i};
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else begin
      valid_q <= {valid_q[LW-2:0], valid_i};
    end
  end

  assign valid_o      = valid_q[LW-1];
  assign busy_o       = |valid_q;
  assign row_o        = row_q[16*(LW-1) +: 16];
  assign best_count_o = cnt_q[15:0];
  assign best_lane_o  = lane_q[LW-1:0];

endmodule
