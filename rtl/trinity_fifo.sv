// SPDX-License-Identifier: Apache-2.0
// Small synchronous FIFO that decouples the core's output writer from the
// AXI4-Stream sink, so a stalled sink stops the core instead of losing words.
module trinity_fifo #(
  parameter int unsigned WIDTH = 33,  // bits per entry
  parameter int unsigned DEPTH = 4,   // entries, a power of two >= 2
  parameter int unsigned AW    = $clog2(DEPTH)  // pointer bits
) (
  input  logic             clk_i,    // clock
  input  logic             rst_ni,   // asynchronous reset, active low
  input  logic             push_i,   // write wdata_i (never while full_o)
  input  logic [WIDTH-1:0] wdata_i,  // entry to write
  output logic             full_o,   // no room for a push
  output logic             valid_o,  // rdata_o holds the oldest entry
  input  logic             pop_i,    // consume the oldest entry (never while !valid_o)
  output logic [WIDTH-1:0] rdata_o   // oldest entry
);

  logic [WIDTH-1:0] mem_q [DEPTH];
  logic [AW:0]      wptr_q, wptr_d, rptr_q, rptr_d;
  logic             do_push, do_pop;

  assign full_o  = (wptr_q[AW] != rptr_q[AW]) && (wptr_q[AW-1:0] == rptr_q[AW-1:0]);
  assign valid_o = (wptr_q != rptr_q);
  assign rdata_o = mem_q[rptr_q[AW-1:0]];
  assign do_push = push_i && !full_o;
  assign do_pop  = pop_i && valid_o;

  always_comb begin
    wptr_d = wptr_q;
    rptr_d = rptr_q;
    if (do_push) begin
      wptr_d = wptr_q + 1'b1;
    end
    if (do_pop) begin
      rptr_d = rptr_q + 1'b1;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wptr_q <= '0;
      rptr_q <= '0;
    end else begin
      wptr_q <= wptr_d;
      rptr_q <= rptr_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (do_push) begin
      mem_q[wptr_q[AW-1:0]] <= wdata_i;
    end
  end

`ifndef SYNTHESIS
  // The writer and reader respect full_o and valid_o: a push into a full
  // FIFO would be dropped, a pop of an empty one would be meaningless.
  a_no_push_when_full: assert property (@(posedge clk_i) disable iff (!rst_ni) push_i |-> !full_o);
  a_no_pop_when_empty: assert property (@(posedge clk_i) disable iff (!rst_ni) pop_i |-> valid_o);
`endif

endmodule
