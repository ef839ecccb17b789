// SPDX-License-Identifier: Apache-2.0
// True dual-port RAM with byte write enables and two read ports: port A
// writes (the bytes whose enable is set, when wr_i) or reads, port B only
// reads; synchronous reads, no reset. Written in the true-dual-port,
// no-change template that Vivado maps to UltraRAM (or block RAM) and
// yosys 0.23 to URAM288 (its ports are `srsw`, read-write no_change): two
// event engines share one memory, each reading one row per cycle through
// a port of its own, and the WEIGHTS / GATE writes of reception take port
// A (trinity_engine_mem). Two engines' rows in one 4K-deep URAM288 where
// each alone used a fifth of one: docs/rtl.md "Engine memory pairs".
// Port A's read data is unspecified after a cycle with wr_i (no change):
// the core never reads a weight row while it loads parameters.
module trinity_ram_be2 #(
  parameter int unsigned BYTES = 4,   // bytes per word
  parameter int unsigned DEPTH = 16,  // words
  parameter bit          ULTRA = 1'b0,  // map to UltraRAM (else block RAM, or LUT RAM when small)
  parameter int unsigned AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1  // address bits
) (
  input  logic               clk_i,     // clock
  input  logic               wr_i,      // port A writes this cycle (and does not read)
  input  logic [BYTES-1:0]   we_i,      // ... byte b of the word (bit b; only with wr_i)
  input  logic [AW-1:0]      waddr_i,   // ... at this address
  input  logic [8*BYTES-1:0] wdata_i,   // ... this data, byte b at [8*b +: 8]
  input  logic [AW-1:0]      raddr_a_i,  // port A read address (sampled when !wr_i)
  output logic [8*BYTES-1:0] rdata_a_o,  // word at raddr_a_i one cycle earlier
  input  logic [AW-1:0]      raddr_b_i,  // port B read address, sampled every cycle
  output logic [8*BYTES-1:0] rdata_b_o   // word at raddr_b_i one cycle earlier
);

  logic [AW-1:0] addr_a;  // port A's one address: the write's or the read's
  assign addr_a = wr_i ? waddr_i : raddr_a_i;

  // One write process per byte column (Vivado's byte-wide write-enable
  // template; Verilator 5.006 cannot delay an array write inside a loop).
  // The branches differ only in the attribute, which yosys 0.23 needs as a
  // literal, so the memory is declared twice.
  if (ULTRA) begin : gen_ultra
    (* ram_style = "ultra" *) logic [8*BYTES-1:0] mem_q [DEPTH];
    for (genvar b = 0; b < BYTES; b++) begin : gen_byte
      always_ff @(posedge clk_i) begin
        if (wr_i && we_i[b]) begin
          mem_q[addr_a][8*b +: 8] <= wdata_i[8*b +: 8];
        end
      end
    end
    always_ff @(posedge clk_i) begin
      if (!wr_i) begin
        rdata_a_o <= mem_q[addr_a];
      end
    end
    always_ff @(posedge clk_i) begin
      rdata_b_o <= mem_q[raddr_b_i];
    end
  end else begin : gen_block
    logic [8*BYTES-1:0] mem_q [DEPTH];
    for (genvar b = 0; b < BYTES; b++) begin : gen_byte
      always_ff @(posedge clk_i) begin
        if (wr_i && we_i[b]) begin
          mem_q[addr_a][8*b +: 8] <= wdata_i[8*b +: 8];
        end
      end
    end
    always_ff @(posedge clk_i) begin
      if (!wr_i) begin
        rdata_a_o <= mem_q[addr_a];
      end
    end
    always_ff @(posedge clk_i) begin
      rdata_b_o <= mem_q[raddr_b_i];
    end
  end

endmodule
