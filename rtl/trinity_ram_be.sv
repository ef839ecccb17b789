// SPDX-License-Identifier: Apache-2.0
// Simple dual-port RAM with byte write enables: one synchronous write port
// that writes the bytes whose enable is set, one synchronous read port, no
// reset, read-first. Written in the byte-wide write-enable template Vivado
// maps to block RAM or UltraRAM (8-bit columns) and yosys to RAMB36E2 or
// URAM288 with their byte enables. ULTRA = 1 asks for UltraRAM
// (ram_style "ultra", which Vivado and yosys both read): a 4K x 72 URAM288
// suits the engines' deep, wide memories, and an SLR has 320 of them
// beside 672 BRAM36. The core never relies on the value read from an
// address in the same cycle it is written.
module trinity_ram_be #(
  parameter int unsigned BYTES = 4,   // bytes per word
  parameter int unsigned DEPTH = 16,  // words
  parameter bit          ULTRA = 1'b0,  // map to UltraRAM (else block RAM, or LUT RAM when small)
  parameter int unsigned AW    = (DEPTH > 1) ? $clog2(DEPTH) : 1  // address bits
) (
  input  logic               clk_i,    // clock
  input  logic [BYTES-1:0]   we_i,     // write byte b of the word (bit b)
  input  logic [AW-1:0]      waddr_i,  // write address
  input  logic [8*BYTES-1:0] wdata_i,  // write data, byte b at [8*b +: 8]
  input  logic [AW-1:0]      raddr_i,  // read address, sampled every cycle
  output logic [8*BYTES-1:0] rdata_o   // word at raddr_i one cycle earlier
);

  // One write process per byte column (the template of Vivado's byte-wide
  // write enable; Verilator 5.006 cannot delay an array write inside a loop).
  // The two branches differ only in the attribute: an attribute's value
  // must be a literal for yosys 0.23, so the memory is declared twice.
  if (ULTRA) begin : gen_ultra
    (* ram_style = "ultra" *) logic [8*BYTES-1:0] mem_q [DEPTH];
    for (genvar b = 0; b < BYTES; b++) begin : gen_byte
      always_ff @(posedge clk_i) begin
        if (we_i[b]) begin
          mem_q[waddr_i][8*b +: 8] <= wdata_i[8*b +: 8];
        end
      end
    end
    always_ff @(posedge clk_i) begin
      rdata_o <= mem_q[raddr_i];
    end
  end else begin : gen_block
    logic [8*BYTES-1:0] mem_q [DEPTH];
    for (genvar b = 0; b < BYTES; b++) begin : gen_byte
      always_ff @(posedge clk_i) begin
        if (we_i[b]) begin
          mem_q[waddr_i][8*b +: 8] <= wdata_i[8*b +: 8];
        end
      end
    end
    always_ff @(posedge clk_i) begin
      rdata_o <= mem_q[raddr_i];
    end
  end

endmodule
