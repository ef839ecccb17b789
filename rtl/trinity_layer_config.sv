// SPDX-License-Identifier: Apache-2.0
// Per-layer configuration register file: a trinity_pkg::layer_cfg_t and the
// first weight and bias/state rows of every layer, written one CONFIG
// layer-entry word at a time by trinity_receiver and read through five
// ports: the layer being computed, the layer whose rows the lanes update
// (the last layer's while its rows drain beside the next timestep's first
// accumulation, else the same), the layer a parameter packet addresses,
// the layer in a parameter packet's word 0 (for the verdict) and the last
// layer. Not reset: a good CONFIG writes every field a computation reads.
// The port of the layer being computed is registered (one cycle after
// cur_layer_i changes), with the few values derived from it that the
// sequencer compares against, so no configuration multiplexer lies on a
// lane or sequencer path (docs/rtl.md "Logic depth"). The engines' fields
// are kept per layer, derived from the written fields a cycle after they
// change (CONFIG comes long before a frame), so a read is one multiplexer
// over the layers: the walker's next item's (nxt_layer_i, registered in
// the sequencer) go out unregistered, for the engines to load that item's
// first spike word in the cycle the walker moves to it (advance_i, the
// hand-over: docs/rtl.md "The item start folded into the hand-over"), and
// the current item's registers take them in that cycle.
// Reads are loops over the layers with constant part-selects (yosys 0.23
// builds a barrel shifter for a variable one).
//
// Row split (docs/rtl.md "Row groups"): a layer whose rows R are a multiple
// of 2^s * MIN_GROUP_ROWS splits its rows into EO = 2^s contiguous groups of
// R / EO rows, s the largest that holds with EO <= SPLIT_MAX; engine e then
// takes the inputs j with j mod (ENGINES / EO) = e mod (ENGINES / EO) and
// only the rows of group e / (ENGINES / EO). Each engine holds as many
// weight rows as without the split (n_in * R / ENGINES, padded alike), but
// sees EO times the events with 1/EO of the rows each: the busiest engine
// is closer to the mean. s is computed once, when CONFIG writes the layer.
module trinity_layer_config #(
  parameter int unsigned MAX_LAYERS = 4,   // layers held
  parameter int unsigned EW         = 0,   // log2(ENGINES), the sequencer's event engines
  parameter int unsigned SPLIT_LOG  = 0,   // log2 of the most row groups a layer splits into (<= EW, <= 3)
  parameter int unsigned GROUP_LOG  = 1,   // log2 of the fewest rows a group may hold (MIN_GROUP_ROWS)
  parameter int unsigned WAW        = 16,  // weight row address bits
  parameter int unsigned SAW        = 8,   // bias/state row address bits
  parameter int unsigned LIW        = 2    // layer index bits
) (
  input  logic                    clk_i,            // clock
  // Write port: CONFIG layer-entry word word_i of layer layer_i.
  input  logic [3:0]              we_i,             // which entry word (one-hot or none)
  input  logic [LIW-1:0]          layer_i,          // layer written
  input  logic [31:0]             word_i,           // the entry word
  input  logic [15:0]             rows_i,           // ceil(n_out / LANES) of word 0
  input  logic [WAW-1:0]          weight_base_i,    // first weight row (word 0)
  input  logic [WAW-1:0]          eng_rows_i,       // ceil(n_in / ENGINES) * rows: weight rows per engine (word 0)
  input  logic [SAW-1:0]          state_base_i,     // first bias/state row (word 0)
  // Read port: the layer being computed (registered: one cycle latency).
  input  logic [LIW-1:0]          cur_layer_i,      // its index
  output trinity_pkg::layer_cfg_t cur_cfg_o,        // its configuration
  output logic [WAW-1:0]          cur_weight_base_o,  // its first weight row
  output logic [11:0]             cur_eng_words_o,  // ceil(n_in / (32 * ENGINES)): words each engine scans
  output logic [11:0]             cur_words_out_o,  // ceil(n_out / 32)
  output logic [1:0]              cur_split_o,      // log2 of its row groups EO
  output logic [15:0]             cur_grp_rows_o,   // rows per group, R / EO
  output logic [15:0]             cur_grp_rows_m1_o,  // ... - 1
  output logic [WAW-1:0]          cur_slice_rows_o, // weight rows of one input slice in an engine: ceil(n_in / ENGINES) * R / EO
  input  logic [LIW-1:0]          nxt_layer_i,      // the walker's next item's layer
  input  logic                    advance_i,        // the walker moves to that item: the engines' fields take its values
  output logic                    nxt_words_one_o,  // its ceil(n_in / (32 * ENGINES)) == 1
  output logic [1:0]              nxt_split_o,      // its log2 EO
  output logic [15:0]             nxt_grp_rows_o,   // its rows per group
  output logic [WAW-1:0]          nxt_slice_rows_o, // its weight rows of one input slice in an engine
  // Read port: the layer the lanes update (registered: one cycle latency).
  input  logic [LIW-1:0]          upd_layer_i,      // its index
  output trinity_pkg::layer_cfg_t upd_cfg_o,        // its configuration
  output logic [SAW-1:0]          upd_state_base_o, // its first bias/state row
  output logic [15:0]             upd_rows_m1_o,    // its rows - 1
  // Read port: the layer a parameter packet addresses.
  input  logic [LIW-1:0]          param_layer_i,    // its index
  output logic [15:0]             param_n_out_o,    // its n_out
  output logic [WAW-1:0]          param_rows_o,     // its rows (a weight row count)
  output logic [WAW-1:0]          param_weight_base_o,  // its first weight row
  output logic [SAW-1:0]          param_state_base_o,   // its first bias/state row
  output logic [1:0]              param_split_o,    // log2 of its row groups EO
  output logic [WAW-1:0]          param_grp_rows_o, // rows per group, R / EO
  output logic [WAW-1:0]          param_slice_rows_o,  // weight rows of one input slice in an engine
  // Read port: the layer in a parameter packet's word 0 (the verdict).
  input  logic [LIW-1:0]          hdr_layer_i,      // its index
  output logic [15:0]             hdr_n_in_o,       // its n_in
  output logic [15:0]             hdr_n_out_o,      // its n_out
  output logic [3:0]              hdr_lut_bits_m1_o,  // its lut_bits - 1
  // Read port: the last layer (the RESULT).
  input  logic [LIW-1:0]          last_layer_i,     // its index
  output logic [15:0]             last_n_out_o,     // its n_out
  output logic [15:0]             last_rows_o,      // its rows
  // Layer 0's n_in: the frame geometry.
  output logic [15:0]             first_n_in_o      // n_in of layer 0
);

  localparam int unsigned CW = trinity_pkg::LAYER_CFG_BITS;

  logic [CW*MAX_LAYERS-1:0]  cfg_q, cfg_d;                  // layer l at [CW*l +: CW]
  logic [WAW*MAX_LAYERS-1:0] weight_base_q, weight_base_d;  // layer l at [WAW*l +: WAW]
  logic [SAW*MAX_LAYERS-1:0] state_base_q, state_base_d;    // layer l at [SAW*l +: SAW]
  logic [WAW*MAX_LAYERS-1:0] eng_rows_q, eng_rows_d;        // layer l at [WAW*l +: WAW]
  logic [2*MAX_LAYERS-1:0]   split_q, split_d;              // layer l at [2*l +: 2]

  // The row split of a layer of rows_i rows (see the top).
  logic [1:0] wr_split;
  always_comb begin
    wr_split = 2'd0;
    for (int unsigned s = 1; s <= SPLIT_LOG; s++) begin
      if ((rows_i & 16'((32'd1 << (GROUP_LOG + s)) - 32'd1)) == 16'd0) begin
        wr_split = 2'(s);
      end
    end
  end

  // Write: the fields of entry word 0 ... 3 (protocol §3).
  trinity_pkg::layer_cfg_t wr_cfg;
  always_comb begin
    cfg_d         = cfg_q;
    weight_base_d = weight_base_q;
    state_base_d  = state_base_q;
    eng_rows_d    = eng_rows_q;
    split_d       = split_q;
    wr_cfg        = '0;
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      if (32'(layer_i) == ly) begin
        wr_cfg = cfg_q[CW*ly +: CW];
        if (we_i[0]) begin
          wr_cfg.n_in                   = word_i[15:0];
          wr_cfg.n_out                  = word_i[31:16];
          wr_cfg.rows                   = rows_i;
          weight_base_d[WAW*ly +: WAW]  = weight_base_i;
          state_base_d[SAW*ly +: SAW]   = state_base_i;
          eng_rows_d[WAW*ly +: WAW]     = eng_rows_i;
          split_d[2*ly +: 2]            = wr_split;
        end
        if (we_i[1]) begin
          wr_cfg.kind    = word_i[1:0];
          wr_cfg.w_shift = word_i[15:8];
          wr_cfg.v_th    = word_i[31:16];
        end
        if (we_i[2]) begin
          wr_cfg.tau_d = word_i[8:0];
          wr_cfg.tau_n = word_i[24:16];
        end
        if (we_i[3]) begin
          wr_cfg.lut_lo      = word_i[15:0];
          wr_cfg.lut_shift   = word_i[19:16];
          wr_cfg.lut_bits_m1 = word_i[27:24];
        end
        cfg_d[CW*ly +: CW] = wr_cfg;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    cfg_q         <= cfg_d;
    weight_base_q <= weight_base_d;
    state_base_q  <= state_base_d;
    eng_rows_q    <= eng_rows_d;
    split_q       <= split_d;
  end

  // ceil(n_in / (32 * ENGINES)): the words each engine scans.
  function automatic logic [11:0] eng_words(logic [15:0] n_in);
    eng_words = 12'((32'(n_in) + (32'd32 << EW) - 32'd1) >> (5 + EW));
  endfunction

  // Reads.
  trinity_pkg::layer_cfg_t cur_cfg_d, cur_cfg_q, upd_cfg_d, upd_cfg_q, param_cfg, hdr_cfg, last_cfg, first_cfg;
  logic [WAW-1:0] cur_weight_base_q;
  logic [SAW-1:0] upd_state_base_d, upd_state_base_q;
  logic [15:0]    upd_rows_m1_q;
  logic [11:0]    cur_words_out_q, cur_eng_words_q;
  logic [1:0]     cur_split_d, cur_split_q, param_split;
  logic [WAW-1:0] param_eng_rows;
  logic [15:0]    cur_grp_rows_q, cur_grp_rows_m1_q;
  logic [WAW-1:0] cur_slice_rows_q;
  // The engines' fields of every layer, derived from the written fields (a
  // cycle after a write).
  logic [12*MAX_LAYERS-1:0]  tab_eng_words_q;    // layer l at [12*l +: 12]
  logic [MAX_LAYERS-1:0]     tab_words_one_q;    // ... its words == 1 at bit l
  logic [16*MAX_LAYERS-1:0]  tab_grp_rows_q;     // ... [16*l +: 16]
  logic [16*MAX_LAYERS-1:0]  tab_grp_rows_m1_q;  // ... [16*l +: 16]
  logic [WAW*MAX_LAYERS-1:0] tab_slice_rows_q;   // ... [WAW*l +: WAW]
  trinity_pkg::layer_cfg_t  tab_cfg;            // layer l's fields, one at a time
  logic [16*MAX_LAYERS-1:0] tab_n_in, tab_rows;  // layer l's n_in, rows at [16*l +: 16]
  always_comb begin
    tab_cfg  = '0;
    tab_n_in = '0;
    tab_rows = '0;
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      tab_cfg                = cfg_q[CW*ly +: CW];
      tab_n_in[16*ly +: 16]  = tab_cfg.n_in;
      tab_rows[16*ly +: 16]  = tab_cfg.rows;
    end
  end
  always_ff @(posedge clk_i) begin
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      tab_eng_words_q[12*ly +: 12]    <= eng_words(tab_n_in[16*ly +: 16]);
      tab_words_one_q[ly]             <= (eng_words(tab_n_in[16*ly +: 16]) == 12'd1);
      tab_grp_rows_q[16*ly +: 16]     <= tab_rows[16*ly +: 16] >> split_q[2*ly +: 2];
      tab_grp_rows_m1_q[16*ly +: 16]  <= (tab_rows[16*ly +: 16] >> split_q[2*ly +: 2]) - 16'd1;
      tab_slice_rows_q[WAW*ly +: WAW] <= eng_rows_q[WAW*ly +: WAW] >> split_q[2*ly +: 2];
    end
  end
  // The engines' fields of the current item (cur_layer_i) and of the next
  // (nxt_layer_i).
  logic [WAW-1:0] cur_weight_base_d, nxt_weight_base;
  logic [11:0]    cur_eng_words_d, nxt_eng_words;
  logic [1:0]     nxt_split;
  logic [15:0]    cur_grp_rows_d, cur_grp_rows_m1_d, nxt_grp_rows, nxt_grp_rows_m1;
  logic [WAW-1:0] cur_slice_rows_d, nxt_slice_rows;
  logic           nxt_words_one;
  always_comb begin
    cur_cfg_d           = '0;
    upd_cfg_d           = '0;
    cur_weight_base_d   = '0;
    upd_state_base_d    = '0;
    param_cfg           = '0;
    param_weight_base_o = '0;
    param_state_base_o  = '0;
    hdr_cfg             = '0;
    last_cfg            = '0;
    cur_split_d         = '0;
    cur_eng_words_d     = '0;
    cur_grp_rows_d      = '0;
    cur_grp_rows_m1_d   = '0;
    cur_slice_rows_d    = '0;
    nxt_weight_base     = '0;
    nxt_eng_words       = '0;
    nxt_words_one       = 1'b0;
    nxt_split           = '0;
    nxt_grp_rows        = '0;
    nxt_grp_rows_m1     = '0;
    nxt_slice_rows      = '0;
    param_split         = '0;
    param_eng_rows      = '0;
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      if (32'(cur_layer_i) == ly) begin
        cur_cfg_d         = cfg_q[CW*ly +: CW];
        cur_weight_base_d = weight_base_q[WAW*ly +: WAW];
        cur_split_d       = split_q[2*ly +: 2];
        cur_eng_words_d   = tab_eng_words_q[12*ly +: 12];
        cur_grp_rows_d    = tab_grp_rows_q[16*ly +: 16];
        cur_grp_rows_m1_d = tab_grp_rows_m1_q[16*ly +: 16];
        cur_slice_rows_d  = tab_slice_rows_q[WAW*ly +: WAW];
      end
      if (32'(nxt_layer_i) == ly) begin
        nxt_weight_base = weight_base_q[WAW*ly +: WAW];
        nxt_eng_words   = tab_eng_words_q[12*ly +: 12];
        nxt_words_one   = tab_words_one_q[ly];
        nxt_split       = split_q[2*ly +: 2];
        nxt_grp_rows    = tab_grp_rows_q[16*ly +: 16];
        nxt_grp_rows_m1 = tab_grp_rows_m1_q[16*ly +: 16];
        nxt_slice_rows  = tab_slice_rows_q[WAW*ly +: WAW];
      end
      if (32'(upd_layer_i) == ly) begin
        upd_cfg_d        = cfg_q[CW*ly +: CW];
        upd_state_base_d = state_base_q[SAW*ly +: SAW];
      end
      if (32'(param_layer_i) == ly) begin
        param_cfg           = cfg_q[CW*ly +: CW];
        param_weight_base_o = weight_base_q[WAW*ly +: WAW];
        param_state_base_o  = state_base_q[SAW*ly +: SAW];
        param_split         = split_q[2*ly +: 2];
        param_eng_rows      = eng_rows_q[WAW*ly +: WAW];
      end
      if (32'(hdr_layer_i) == ly) begin
        hdr_cfg = cfg_q[CW*ly +: CW];
      end
      if (32'(last_layer_i) == ly) begin
        last_cfg = cfg_q[CW*ly +: CW];
      end
    end
  end
  always_ff @(posedge clk_i) begin
    cur_cfg_q        <= cur_cfg_d;
    upd_cfg_q        <= upd_cfg_d;
    upd_state_base_q <= upd_state_base_d;
    upd_rows_m1_q    <= upd_cfg_d.rows - 16'd1;
    cur_words_out_q  <= 12'((32'(cur_cfg_d.n_out) + 32'd31) >> 5);
    // The walker moves to the next item: its fields (the engines load its
    // first word in this cycle with the same ones).
    if (advance_i) begin
      cur_weight_base_q <= nxt_weight_base;
      cur_eng_words_q   <= nxt_eng_words;
      cur_split_q       <= nxt_split;
      cur_grp_rows_q    <= nxt_grp_rows;
      cur_grp_rows_m1_q <= nxt_grp_rows_m1;
      cur_slice_rows_q  <= nxt_slice_rows;
    end else begin
      cur_weight_base_q <= cur_weight_base_d;
      cur_eng_words_q   <= cur_eng_words_d;
      cur_split_q       <= cur_split_d;
      cur_grp_rows_q    <= cur_grp_rows_d;
      cur_grp_rows_m1_q <= cur_grp_rows_m1_d;
      cur_slice_rows_q  <= cur_slice_rows_d;
    end
  end
  assign nxt_words_one_o  = nxt_words_one;
  assign nxt_split_o      = nxt_split;
  assign nxt_grp_rows_o   = nxt_grp_rows;
  assign nxt_slice_rows_o = nxt_slice_rows;
  assign cur_cfg_o         = cur_cfg_q;
  assign upd_cfg_o         = upd_cfg_q;
  assign cur_weight_base_o = cur_weight_base_q;
  assign upd_state_base_o  = upd_state_base_q;
  assign upd_rows_m1_o     = upd_rows_m1_q;
  assign cur_eng_words_o   = cur_eng_words_q;
  assign cur_words_out_o   = cur_words_out_q;
  assign cur_split_o       = cur_split_q;
  assign cur_grp_rows_o    = cur_grp_rows_q;
  assign cur_grp_rows_m1_o = cur_grp_rows_m1_q;
  assign cur_slice_rows_o  = cur_slice_rows_q;
  assign param_split_o      = param_split;
  assign param_grp_rows_o   = WAW'(32'(param_cfg.rows) >> param_split);
  assign param_slice_rows_o = param_eng_rows >> param_split;

  assign first_cfg         = cfg_q[CW-1:0];
  assign param_n_out_o     = param_cfg.n_out;
  assign param_rows_o      = WAW'(param_cfg.rows);
  assign hdr_n_in_o        = hdr_cfg.n_in;
  assign hdr_n_out_o       = hdr_cfg.n_out;
  assign hdr_lut_bits_m1_o = hdr_cfg.lut_bits_m1;
  assign last_n_out_o      = last_cfg.n_out;
  assign last_rows_o       = last_cfg.rows;
  assign first_n_in_o      = first_cfg.n_in;

  // The read ports use only some fields of a layer.
  logic unused_fields;
  assign unused_fields = ^{tab_cfg.n_out, tab_cfg.kind, tab_cfg.w_shift, tab_cfg.v_th, tab_cfg.tau_d, tab_cfg.tau_n,
                           tab_cfg.lut_lo, tab_cfg.lut_shift, tab_cfg.lut_bits_m1,
                           param_cfg.n_in, param_cfg.kind, param_cfg.w_shift, param_cfg.v_th, param_cfg.tau_d,
                           param_cfg.tau_n, param_cfg.lut_lo, param_cfg.lut_shift, param_cfg.lut_bits_m1,
                           hdr_cfg.rows, hdr_cfg.kind, hdr_cfg.w_shift, hdr_cfg.v_th, hdr_cfg.tau_d,
                           hdr_cfg.tau_n, hdr_cfg.lut_lo, hdr_cfg.lut_shift,
                           last_cfg.n_in, last_cfg.kind, last_cfg.w_shift, last_cfg.v_th, last_cfg.tau_d,
                           last_cfg.tau_n, last_cfg.lut_lo, last_cfg.lut_shift, last_cfg.lut_bits_m1,
                           first_cfg.n_out, first_cfg.rows, first_cfg.kind, first_cfg.w_shift, first_cfg.v_th,
                           first_cfg.tau_d, first_cfg.tau_n, first_cfg.lut_lo, first_cfg.lut_shift,
                           first_cfg.lut_bits_m1};

endmodule
