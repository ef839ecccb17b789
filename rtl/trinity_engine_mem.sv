// SPDX-License-Identifier: Apache-2.0
// One event engine's weight and gate memories, LANES wide: the weights (and
// protocol v3 gate bits) of the inputs the engine owns, a row of LANES
// neurons per word. The engine reads one row per cycle for every lane at
// once (every lane's bank of this engine gets the same row, trinity_lane),
// so one wide memory per engine replaces LANES narrow ones: Vivado and
// yosys map it to block RAM (or UltraRAM) by width, where LANES separate
// 8-bit and 1-bit memories took a block RAM or a LUT RAM each (docs/rtl.md
// "Event engines").
//
// Read (accumulate stage A0 -> A1 of trinity_acc_bank): raddr_i at A0; at
// A1 w_rdata_o holds the row's LANES weights and g_open_o, per lane, whether
// the selected task's gate keeps the weight (task 0: all), both from the
// memories' registered outputs.
// Writes: a WEIGHTS word holds 4 lanes' bytes of one row (w_we_i selects
// the 4-lane chunk); a GATE word holds, with LANES >= 32, 32 lanes of one
// row (g_we_i selects the 32-lane chunk), with LANES < 32 GR = 32/LANES
// rows of every lane (lane ln's bit of row g_row_i + r at word bit
// r*LANES + ln). Gate bits of rows r live in GR banks by row mod GR, so one
// GATE word writes each bank once; tasks have banks of their own. With
// LANES >= 32 (one bank) the tasks share one memory word instead, task t's
// LANES bits at [LANES*t +: LANES], written with byte enables: one memory
// as wide as the weights' half at MAX_TASKS 4, not MAX_TASKS narrow ones.
// ULTRA = 1 puts the weight memory and that gate memory in UltraRAM.
// PORTS = 2 serves two engines (a pair, 2p and 2p + 1) from one memory
// with two read ports (trinity_ram_be2): engine 2p + i's rows at {i, row},
// read through port i, written through port A (docs/rtl.md "Engine memory
// pairs"); the small gate banks below 32 lanes stay one set per engine.
module trinity_engine_mem #(
  parameter int unsigned LANES     = 32,  // lanes, a power of two >= 4
  parameter int unsigned WROWS     = 16,  // weight rows of one engine
  parameter int unsigned MAX_TASKS = 1,   // tasks whose gates are held, >= 1
  parameter int unsigned TW        = 1,   // task index bits: $clog2(MAX_TASKS), at least 1
  parameter int unsigned GR        = 1,   // gate rows per GATE word: max(1, 32 / LANES)
  parameter int unsigned LG        = 1,   // GATE words per row: max(1, LANES / 32)
  parameter bit          ULTRA     = 1'b0,  // weights (and, LANES >= 32, gates) in UltraRAM
  parameter int unsigned PORTS     = 1,   // engines served: 1, or 2 (a pair, one read port each)
  parameter int unsigned WAW       = (WROWS > 1) ? $clog2(WROWS) : 1  // weight row address bits
) (
  input  logic               clk_i,          // clock
  // Parameter loading (WEIGHTS, GATE packets)
  input  logic               w_wr_i,         // a weight write to this memory (PORTS 2: port A writes, not reads)
  input  logic [LANES/4-1:0] w_we_i,         // write lanes 4c ... 4c+3 of row w_waddr_i (bit c; with w_wr_i)
  input  logic               w_port_i,       // of the pair's engine 2p + w_port_i (PORTS 2)
  input  logic [WAW-1:0]     w_waddr_i,      // weight row
  input  logic [31:0]        w_wdata_i,      // lane 4c+i's weight at [8*i +: 8], int8
  input  logic               g_wr_i,         // a gate write to this memory (PORTS 2: port A writes, not reads)
  input  logic [LG-1:0]      g_we_i,         // write gate bits of lanes 32c ... (bit c; one bit below 32 lanes; with g_wr_i)
  input  logic               g_port_i,       // of the pair's engine 2p + g_port_i (PORTS 2)
  input  logic [TW-1:0]      g_task_i,       // of task k - 1
  input  logic [WAW-1:0]     g_row_i,        // weight row of the word's first bit
  input  logic [GR-1:0]      g_rvalid_i,     // row g_row_i + r is written (bit r)
  input  logic [31:0]        g_data_i,       // the GATE word
  // Accumulate read
  input  logic [PORTS*WAW-1:0] raddr_i,      // engine i's weight row of (input, group), at A0, at [WAW*i +: WAW]
  input  logic               gate_bypass_i,  // task 0: every weight as stored
  input  logic               gate_loaded_i,  // the task's GATE of this layer was loaded (else all closed)
  input  logic [TW-1:0]      gate_task_i,    // the selected task k - 1
  output logic [PORTS*8*LANES-1:0] w_rdata_o,  // A1: engine i, lane g's weight at [8*(LANES*i + g) +: 8]
  output logic [PORTS*LANES-1:0]   g_open_o    // A1: engine i, lane g's gate keeps its weight (bit LANES*i + g)
);

  // Rows of engine i at {i, row} when PORTS = 2: no adder on the read address.
  localparam int unsigned WDEPTH = (PORTS > 1) ? (1 << WAW) + WROWS : WROWS;

  // ---------------------------------------------------------------------------
  // Weights: one LANES-byte word per row
  // ---------------------------------------------------------------------------
  logic [LANES-1:0] w_byte_we;
  for (genvar g = 0; g < LANES; g++) begin : gen_w_byte_we
    assign w_byte_we[g] = w_we_i[g / 4];
  end
  if (PORTS > 1) begin : gen_w_pair
    trinity_ram_be2 #(.BYTES(LANES), .DEPTH(WDEPTH), .ULTRA(ULTRA), .AW(WAW + 1)) u_wram (
      .clk_i, .wr_i(w_wr_i), .we_i(w_byte_we), .waddr_i({w_port_i, w_waddr_i}),
      .wdata_i({(LANES / 4){w_wdata_i}}),
      .raddr_a_i({1'b0, raddr_i[WAW-1:0]}), .rdata_a_o(w_rdata_o[8*LANES-1:0]),
      .raddr_b_i({1'b1, raddr_i[WAW +: WAW]}), .rdata_b_o(w_rdata_o[8*LANES +: 8*LANES])
    );
  end else begin : gen_w_one
    logic unused_port;  // one engine: no pair half to select
    assign unused_port = w_port_i ^ g_port_i;
    trinity_ram_be #(.BYTES(LANES), .DEPTH(WROWS), .ULTRA(ULTRA), .AW(WAW)) u_wram (
      .clk_i, .we_i(w_byte_we & {LANES{w_wr_i}}), .waddr_i(w_waddr_i), .wdata_i({(LANES / 4){w_wdata_i}}),
      .raddr_i(raddr_i), .rdata_o(w_rdata_o)
    );
  end

  // ---------------------------------------------------------------------------
  // Gates: per task, GR banks of LANES-bit words
  // ---------------------------------------------------------------------------
  localparam int unsigned GB    = (GR > 1) ? $clog2(GR) : 0;
  localparam int unsigned GBW   = (GR > 1) ? GB : 1;
  localparam int unsigned GROWS = (WROWS + GR - 1) / GR;
  localparam int unsigned GAW   = (GROWS > 1) ? $clog2(GROWS) : 1;
  localparam int unsigned NT    = 1 << TW;  // tasks, padded to the index range
  // A1, engine i: task t, bank b, lane g at [LANES*(GR*(NT*i + t) + b) + g]
  logic [PORTS*LANES*GR*NT-1:0] g_rdata;
  logic [PORTS*GBW-1:0]         g_bsel1_q;  // A1: engine i's bank of the row read

  if (GR > 1) begin : gen_gate_banks
    // Bit block r of the word (rows g_row_i + r) goes to bank
    // (g_row_i + r) mod GR: bank b takes r = (b - g_row_i) mod GR, at row
    // index (g_row_i + r) / GR.
    logic [GB-1:0]  g_first;  // bank of block 0
    logic [GAW-1:0] g_index;  // its row index in the bank
    assign g_first = g_row_i[GB-1:0];
    assign g_index = GAW'(g_row_i >> GB);
    logic [GB*GR-1:0]    bank_r;      // bank b takes the word's block r at [GB*b +: GB]
    logic [GAW*GR-1:0]   bank_waddr;  // at this row index, at [GAW*b +: GAW]
    logic [LANES*GR-1:0] bank_wdata;  // those bits, at [LANES*b +: LANES]
    always_comb begin
      for (int unsigned b = 0; b < GR; b++) begin
        bank_r[GB*b +: GB]         = GB'(b) - g_first;
        bank_waddr[GAW*b +: GAW]   = g_index + ((GB'(b) < g_first) ? GAW'(1) : GAW'(0));
        bank_wdata[LANES*b +: LANES] = '0;
        for (int unsigned k = 0; k < GR; k++) begin
          if (32'(bank_r[GB*b +: GB]) == k) begin
            bank_wdata[LANES*b +: LANES] = g_data_i[LANES*k +: LANES];
          end
        end
      end
    end
    // One set of small banks per engine (LUT RAM or block RAM).
    for (genvar i = 0; i < PORTS; i++) begin : gen_engine
      logic [GAW-1:0] g_raddr;
      assign g_raddr = GAW'(raddr_i[WAW*i +: WAW] >> GB);
      for (genvar b = 0; b < GR; b++) begin : gen_bank
        for (genvar t = 0; t < NT; t++) begin : gen_task
          if (t < MAX_TASKS) begin : gen_ram
            trinity_ram #(.WIDTH(LANES), .DEPTH(GROWS), .AW(GAW)) u_gram (
              .clk_i,
              .we_i(g_wr_i && g_we_i[0] && (PORTS == 1 || 32'(g_port_i) == i) &&
                    g_rvalid_i[bank_r[GB*b +: GB]] && 32'(g_task_i) == t),
              .waddr_i(bank_waddr[GAW*b +: GAW]), .wdata_i(bank_wdata[LANES*b +: LANES]),
              .raddr_i(g_raddr), .rdata_o(g_rdata[LANES*(GR*(NT*i + t) + b) +: LANES])
            );
          end else begin : gen_none
            assign g_rdata[LANES*(GR*(NT*i + t) + b) +: LANES] = '0;
          end
        end
      end
    end
  end else begin : gen_gate_one
    // One row per word: task t's lanes 32c ... 32c+31 from the word's 32
    // bits, bytes LANES/8*t + 4c ... + 3 of the shared word.
    localparam int unsigned TB = LANES / 8;  // bytes of one task
    logic [MAX_TASKS*TB-1:0] byte_we;
    for (genvar y = 0; y < MAX_TASKS * TB; y++) begin : gen_byte_we
      assign byte_we[y] = g_we_i[(y % TB) / 4] && g_rvalid_i[0] && 32'(g_task_i) == y / TB;
    end
    if (PORTS > 1) begin : gen_g_pair
      localparam int unsigned GDEPTH = (1 << GAW) + GROWS;
      trinity_ram_be2 #(.BYTES(MAX_TASKS * TB), .DEPTH(GDEPTH), .ULTRA(ULTRA), .AW(GAW + 1)) u_gram (
        .clk_i, .wr_i(g_wr_i), .we_i(byte_we), .waddr_i({g_port_i, GAW'(g_row_i)}),
        .wdata_i({(MAX_TASKS * LG){g_data_i}}),
        .raddr_a_i({1'b0, GAW'(raddr_i[WAW-1:0])}), .rdata_a_o(g_rdata[LANES*MAX_TASKS-1:0]),
        .raddr_b_i({1'b1, GAW'(raddr_i[WAW +: WAW])}), .rdata_b_o(g_rdata[LANES*NT +: LANES*MAX_TASKS])
      );
    end else begin : gen_g_one
      trinity_ram_be #(.BYTES(MAX_TASKS * TB), .DEPTH(GROWS), .ULTRA(ULTRA), .AW(GAW)) u_gram (
        .clk_i, .we_i(byte_we & {(MAX_TASKS * TB){g_wr_i}}), .waddr_i(GAW'(g_row_i)),
        .wdata_i({(MAX_TASKS * LG){g_data_i}}),
        .raddr_i(GAW'(raddr_i)), .rdata_o(g_rdata[LANES*MAX_TASKS-1:0])
      );
    end
    if (NT > MAX_TASKS) begin : gen_pad
      for (genvar i = 0; i < PORTS; i++) begin : gen_engine
        assign g_rdata[LANES*(NT*i + MAX_TASKS) +: LANES*(NT-MAX_TASKS)] = '0;
      end
    end
  end

  for (genvar i = 0; i < PORTS; i++) begin : gen_read
    always_ff @(posedge clk_i) begin
      g_bsel1_q[GBW*i +: GBW] <= (GR > 1) ? GBW'(raddr_i[WAW*i +: WAW]) : '0;
    end

    // A1: the selected task's bank of the row read (constant part-selects in
    // a loop: yosys 0.23 builds a barrel shifter for a variable one).
    logic [LANES-1:0] g_word;
    always_comb begin
      g_word = '0;
      for (int unsigned t = 0; t < NT; t++) begin
        for (int unsigned b = 0; b < GR; b++) begin
          if (32'(gate_task_i) == t && 32'(g_bsel1_q[GBW*i +: GBW]) == b) begin
            g_word = g_rdata[LANES*(GR*(NT*i + t) + b) +: LANES];
          end
        end
      end
      g_open_o[LANES*i +: LANES] = {LANES{gate_bypass_i}} | ({LANES{gate_loaded_i}} & g_word);
    end
  end

endmodule
