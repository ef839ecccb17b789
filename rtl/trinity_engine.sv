// SPDX-License-Identifier: Apache-2.0
// One event engine of the sequencer's accumulate phase (StAccumulate):
// scans its slices of the layer's input spike vector and, for every spike,
// issues the event's rows, one per cycle, into its own accumulator bank of
// every lane (trinity_acc_bank).
//
// Slice s of ENGINES holds inputs j = j' * ENGINES + s, bit j' at position
// j'. A layer of R = ceil(n_out / LANES) rows is split into EO = 2^split_i
// row groups of RE = R / EO rows (trinity_layer_config; EO = 1 for most
// layers, docs/rtl.md "Row groups"). With EI = ENGINES / EO, engine e
// serves group g = e / EI and scans the EO slices s = (e mod EI) + k * EI,
// k = 0 ... EO - 1, one after another; its weight memory holds, per slice
// k, the RE rows of group g of each input's column: column j' of slice k of
// layer l at base_l + k * slice_rows + j' * RE, slice_rows =
// ceil(n_in / ENGINES) * RE, base_l the sum of the earlier layers'
// ceil(n_in / ENGINES) * R. An event's rows go to accumulator rows
// g * RE ... g * RE + RE - 1. With EO = 1 the engine scans slice e and
// issues all R rows; with ENGINES = 1 it is the single scanner.
// The engine receives the SPLIT_N = 2^SPLIT_LOG slices it may scan,
// cand_i's m-th the slice (e mod Q) + m * Q, Q = ENGINES / SPLIT_N: slice
// (e mod EI) + k * EI is candidate m0 + k * SPLIT_N / EO, m0 = (e mod EI) / Q.
//
// Input j' = 32 * word + pos of slice k has its weight column at base +
// k * slice_rows + j' * RE = base + k * slice_rows + 32 * word * RE + pos *
// RE: the slice's and the word's offsets are summed as the words are
// scanned, the position is the lowest pending spike of the held word
// (isolated as held & -held, so no priority chain), pos * RE is one small
// multiply in its own stage. The two pick stages move together whenever
// stage 1 is empty or its event starts (ev_take); the event's first weight
// row (base + offsets + pos * RE) is summed as it starts (until 2026-12-07
// in a third stage of its own, a cycle more before an item's first row).
// Two words stand before the pick: the held word and the next word. A pick takes the held word's
// lowest pending spike or, when the held word is empty, the next word's,
// and the next word then becomes the held one (promotion). The scanner
// refills the next word whenever it is empty or promoted, so the picks run
// from word to word without a bubble: an event of one row a cycle keeps up
// with the row issue, which is what lets a layer split into groups of one
// row (docs/rtl.md "Row groups"). Whether a word is empty is a registered
// bit beside it, so no OR over the word precedes a pick.
module trinity_engine #(
  parameter int unsigned SLICE_BITS = 1024,  // bits of a slice, a multiple of 32
  parameter int unsigned EW         = 0,     // log2(ENGINES)
  parameter int unsigned E_IDX      = 0,     // this engine's index e
  parameter int unsigned SPLIT_LOG  = 0,     // log2 of the most row groups (<= EW, <= 3)
  parameter int unsigned WAW        = 16,    // weight row address bits
  parameter int unsigned AAW        = 5      // accumulator row address bits
) (
  input  logic                  clk_i,          // clock
  input  logic                  rst_ni,         // asynchronous reset, active low
  input  logic                  start_i,        // StLayerStart: load the first word, clear the pick stages and the event
  input  logic                  fold_i,         // the walker's hand-over moves to the next item: as start_i, with the
                                                // next item's first words and fields (nxt_*); the current item issues
                                                // its last row in this cycle at the latest (done_o)
  input  logic                  run_i,          // StAccumulate: scan, pick and issue
  input  logic [(SLICE_BITS << SPLIT_LOG)-1:0] cand_i,  // the slices it may scan, m-th at [SLICE_BITS*m +: SLICE_BITS] (stable from start_i on)
  input  logic [1:0]            split_i,        // log2 EO, the layer's row groups
  input  logic [11:0]           words_i,        // words per slice to scan
  input  logic [15:0]           rows_i,         // RE, rows per event (R / EO)
  input  logic [15:0]           rows_m1_i,      // RE - 1
  input  logic [WAW-1:0]        slice_rows_i,   // weight rows per slice: ceil(n_in / ENGINES) * RE
  input  logic [WAW-1:0]        weight_base_i,  // the layer's first weight row in this engine
  input  logic [32*(1 << SPLIT_LOG)-1:0] nxt_first_i,  // fold_i: word 0 of each slice it may scan of the next item's input
  input  logic [1:0]            nxt_split_i,    // ... the next item's log2 EO
  input  logic                  nxt_words_one_i,  // ... its words per slice == 1
  input  logic [15:0]           nxt_rows_i,     // ... its rows per event
  input  logic [WAW-1:0]        nxt_slice_rows_i,  // ... its weight rows per slice
  output logic                  acc_valid_o,    // an event row this cycle
  output logic [AAW-1:0]        acc_row_o,      // its accumulator row
  output logic [WAW-1:0]        w_raddr_o,      // its weight row
  output logic                  done_o          // no event row after the next cycle: the scan is done, pick stage 0
                                                // empty, and at most one row is left (the current event's last, or
                                                // stage 1's event of one row)
);

  localparam int unsigned SW      = SLICE_BITS / 32;  // words per slice
  localparam int unsigned SPLIT_N = 1 << SPLIT_LOG;   // candidate slices
  localparam int unsigned MW      = (SPLIT_LOG > 0) ? SPLIT_LOG : 1;  // candidate index bits
  localparam int unsigned QW      = EW - SPLIT_LOG;   // log2 Q

  logic [3:0]     slice_k_q, slice_k_d;          // slices of this layer scanned (k)
  logic [11:0]    scan_word_q, scan_word_d;      // next word to scan in slice k
  logic [WAW-1:0] scan_off_q, scan_off_d;        // its first weight row after the layer's base
  logic [WAW-1:0] slice_off_q, slice_off_d;      // slice k's first weight row after the base
  logic [AAW-1:0] row_base_q;                    // g * RE: the group's first accumulator row
  logic [AAW-1:0] arow_q, arow_d;                // the accumulator row being issued
  logic [31:0]    held_spikes_q, held_spikes_d;  // the held word's spikes not yet picked
  logic           held_nz_q, held_nz_d;          // held_spikes_q != 0
  logic [WAW-1:0] held_off_q, held_off_d;        // its first weight row after the base
  logic [31:0]    next_spikes_q, next_spikes_d;  // the next word's spikes (scanned, not yet held)
  logic           next_nz_q, next_nz_d;          // next_spikes_q != 0 (zero: the slot is free)
  logic [WAW-1:0] next_off_q, next_off_d;        // its first weight row after the base
  // Pick pipeline: stage 0 the picked spike, stage 1 its rows offset,
  // waiting for the issue.
  logic           ev0_q, ev0_d, ev1_q, ev1_d;    // stage holds an event
  logic [4:0]     ev0_pos_q, ev0_pos_d;          // spike position in its word
  logic [WAW-1:0] ev0_off_q, ev0_off_d, ev1_off_q, ev1_off_d;  // the word's offset
  logic [WAW-1:0] ev1_prod_q, ev1_prod_d;        // position times rows
  logic           event_q, event_d;              // issuing an event's rows
  logic [15:0]    row_q, row_d;                  // row within the event
  logic           row_end_q, row_end_d;          // no event, or row_q == rows_m1_i (registered: the issue's and done_o's compare)
  logic           row_pen_q, row_pen_d;          // an event whose next row is its last: row_q == rows_m1_i - 1 (done_o's compare)
  logic [15:0]    rows_m3_q;                     // rows_m1_i - 2: the row two before an event's last
  logic           rows_one_q;                    // rows_m1_i == 0: one row an event
  logic           rows_two_q;                    // rows_m1_i == 1: two rows an event
  logic [WAW-1:0] event_base_q, event_base_d;    // the event's first weight row

  // The layer's row groups as this engine sees them: EI = ENGINES >> split,
  // group g = e >> log2(EI), EO = 1 << split slices to scan. Slice k is
  // candidate m0 + k * step, m0 = (e mod EI) >> QW, step = SPLIT_N >> split;
  // m0 < step, so that is m0 | (k << log2 step): per split a constant ORed
  // with the slice counter's bits, no adder before the scan multiplexer
  // (an adder there was the worst path at 64 x 16, 3.50 ns).
  localparam int unsigned SH1 = (SPLIT_LOG >= 1) ? SPLIT_LOG - 1 : 0;  // log2 step at split 1
  localparam int unsigned SH2 = (SPLIT_LOG >= 2) ? SPLIT_LOG - 2 : 0;  // ... at split 2
  localparam int unsigned SH3 = (SPLIT_LOG >= 3) ? SPLIT_LOG - 3 : 0;  // ... at split 3
  localparam int unsigned M0_0 = E_IDX >> QW;                                        // m0 at split 0
  localparam int unsigned M0_1 = (EW >= 1) ? (E_IDX & ((1 << (EW - 1)) - 1)) >> QW : 0;  // ... 1
  localparam int unsigned M0_2 = (EW >= 2) ? (E_IDX & ((1 << (EW - 2)) - 1)) >> QW : 0;  // ... 2
  localparam int unsigned M0_3 = (EW >= 3) ? (E_IDX & ((1 << (EW - 3)) - 1)) >> QW : 0;  // ... 3
  logic [2:0]    grp;
  logic [MW-1:0] cand_m;
  logic [3:0]    slices;
  always_comb begin
    grp    = 3'(E_IDX >> (EW - 32'(split_i)));
    slices = 4'd1 << split_i;
    unique case (split_i)
      2'd1:    cand_m = MW'(M0_1 | (32'(slice_k_q[0]) << SH1));
      2'd2:    cand_m = MW'(M0_2 | (32'(slice_k_q[1:0]) << SH2));
      2'd3:    cand_m = MW'(M0_3 | (32'(slice_k_q[2:0]) << SH3));
      default: cand_m = MW'(M0_0);
    endcase
  end

  // The item's first word: word 0 of slice k = 0, candidate m0 of the
  // layer's split. Loaded in StLayerStart (start_i), where the layer's
  // fields and the input vector are the item's (the sequencer set them as
  // it moved to the item), or, folded into the hand-over (fold_i), from
  // the next item's (nxt_*): the scan starts a cycle before StAccumulate.
  // The two are selected by fold_i last, so the walker's decision is one
  // multiplexer in front of the registers.
  function automatic logic [MW-1:0] cand_first(logic [1:0] split);
    unique case (split)
      2'd1:    cand_first = MW'(M0_1);
      2'd2:    cand_first = MW'(M0_2);
      2'd3:    cand_first = MW'(M0_3);
      default: cand_first = MW'(M0_0);
    endcase
  endfunction
  // Per source (cur: start_i, nxt: fold_i), the word and the scan state it
  // loads, each computed without fold_i: a slice of one word goes on to
  // slice 1 (scan offset slice_rows), else to word 1 (offset 32 * rows).
  logic [MW-1:0]  cand_m0, nxt_m0;
  logic [31:0]    cur_first, nxt_first;
  logic           cur_nz, nxt_nz;
  logic           cur_one;
  logic [WAW-1:0] cur_scan_off, nxt_scan_off, cur_slice_off, nxt_slice_off;
  always_comb begin
    cand_m0   = cand_first(split_i);
    nxt_m0    = cand_first(nxt_split_i);
    cur_first = '0;
    nxt_first = '0;
    for (int unsigned m = 0; m < SPLIT_N; m++) begin
      if (32'(cand_m0) == m || SPLIT_N == 1) begin
        cur_first = cand_i[SLICE_BITS*m +: 32];
      end
      if (32'(nxt_m0) == m || SPLIT_N == 1) begin
        nxt_first = nxt_first_i[32*m +: 32];
      end
    end
    cur_nz        = |cur_first;
    nxt_nz        = |nxt_first;
    cur_one       = (words_i == 12'd1);
    cur_scan_off  = cur_one ? slice_rows_i : WAW'({rows_i, 5'd0});
    nxt_scan_off  = nxt_words_one_i ? nxt_slice_rows_i : WAW'({nxt_rows_i, 5'd0});
    cur_slice_off = cur_one ? slice_rows_i : '0;
    nxt_slice_off = nxt_words_one_i ? nxt_slice_rows_i : '0;
  end

  // The word being loaded: word scan_word of candidate cand_m.
  logic [31:0] scan_data;
  logic        scan_nz;  // scan_data != 0: each word's OR, selected as the word is (the OR before the select)
  always_comb begin
    scan_data = '0;
    scan_nz   = 1'b0;
    for (int unsigned m = 0; m < SPLIT_N; m++) begin
      for (int unsigned w = 0; w < SW; w++) begin
        if ((32'(cand_m) == m || SPLIT_N == 1) && 32'(scan_word_q) == w) begin
          scan_data = cand_i[SLICE_BITS*m + 32*w +: 32];
          scan_nz   = |cand_i[SLICE_BITS*m + 32*w +: 32];
        end
      end
    end
  end

  // The word a pick takes from: the held one, or the next one when the held
  // one is empty (both selects are registered bits), with its weight offset;
  // what the pick leaves of it becomes the held word.
  logic [31:0]    pick_src;
  logic [WAW-1:0] pick_off;
  logic [31:0]    pick_onehot;
  logic [31:0]    pick_rest;
  logic [4:0]  pick_pos;
  logic        src_any, ev_take, ev_advance, promote, next_free;
  always_comb begin
    src_any     = held_nz_q || next_nz_q;
    pick_src    = held_nz_q ? held_spikes_q : next_spikes_q;
    pick_off    = held_nz_q ? held_off_q : next_off_q;
    pick_onehot = pick_src & (~pick_src + 32'd1);
    pick_rest   = pick_src & ~pick_onehot;
    for (int unsigned b = 0; b < 5; b++) begin
      pick_pos[b] = 1'b0;
      for (int unsigned i = 0; i < 32; i++) begin
        if (((i >> b) & 1) == 1) begin
          pick_pos[b] = pick_pos[b] | pick_onehot[i];
        end
      end
    end
  end
  // row_end_q: no event, or its last row now (the registered compare, a_row_end).
  assign ev_take    = run_i && ev1_q && row_end_q;
  assign ev_advance = !ev1_q || ev_take;
  logic scan_more;  // a slice word is left to scan
  assign scan_more  = (slice_k_q != slices);
  // The next word moves up to be held when a pick finds the held one empty;
  // its slot is then refilled in the same cycle, as is an empty slot.
  assign promote    = run_i && ev_advance && !held_nz_q && next_nz_q;
  assign next_free  = !next_nz_q || promote;

  always_comb begin
    slice_k_d     = slice_k_q;
    scan_word_d   = scan_word_q;
    scan_off_d    = scan_off_q;
    slice_off_d   = slice_off_q;
    arow_d        = arow_q;
    held_spikes_d = held_spikes_q;
    held_nz_d     = held_nz_q;
    held_off_d    = held_off_q;
    next_spikes_d = next_spikes_q;
    next_nz_d     = next_nz_q;
    next_off_d    = next_off_q;
    ev0_d         = ev0_q;
    ev0_pos_d     = ev0_pos_q;
    ev0_off_d     = ev0_off_q;
    ev1_d         = ev1_q;
    ev1_off_d     = ev1_off_q;
    ev1_prod_d    = ev1_prod_q;
    event_d       = event_q;
    row_d         = row_q;
    event_base_d  = event_base_q;
    if (run_i) begin
      if (ev_advance) begin
        ev1_d      = ev0_q;
        ev1_off_d  = ev0_off_q;
        ev1_prod_d = WAW'(ev0_pos_q * rows_i);
        ev0_d      = src_any;
        ev0_pos_d  = pick_pos;
        ev0_off_d  = pick_off;
        held_spikes_d = pick_rest;
        held_nz_d     = |pick_rest;
        held_off_d    = pick_off;
      end
      if (next_free) begin
        next_spikes_d = scan_more ? scan_data : '0;
        next_nz_d     = scan_more && scan_nz;
        next_off_d    = scan_off_q;
      end
      if (next_free && scan_more) begin
        if (scan_word_q + 12'd1 == words_i) begin
          // The slice's last word: on to the next slice's columns.
          slice_k_d   = slice_k_q + 4'd1;
          scan_word_d = '0;
          scan_off_d  = slice_off_q + slice_rows_i;
          slice_off_d = slice_off_q + slice_rows_i;
        end else begin
          scan_word_d = scan_word_q + 12'd1;
          scan_off_d  = scan_off_q + WAW'({rows_i, 5'd0});
        end
      end
      // Row issue: the rows of the current event, then the next event out
      // of the pick pipeline (ev_take).
      if (!row_end_q) begin
        row_d  = row_q + 16'd1;
        arow_d = arow_q + AAW'(1);
      end else if (ev1_q) begin
        event_d      = 1'b1;
        row_d        = '0;
        arow_d       = row_base_q;
        event_base_d = weight_base_i + ev1_off_q + ev1_prod_q;
      end else begin
        event_d = 1'b0;
        row_d   = '0;
      end
    end
    // The item's start (StLayerStart), over what the scan would do: word 0
    // of slice 0 into the next slot, as the scan would load it; the held
    // word is empty, so the first pick promotes it. The same start folded
    // into the hand-over (fold_i) is selected below, last.
    if (start_i) begin
      held_spikes_d = '0;
      held_nz_d     = 1'b0;
      next_spikes_d = cur_first;
      next_nz_d     = cur_nz;
      next_off_d    = '0;
      slice_k_d     = {3'd0, cur_one};
      scan_word_d   = {11'd0, !cur_one};
      scan_off_d    = cur_scan_off;
      slice_off_d   = cur_slice_off;
      ev0_d         = 1'b0;
      ev1_d         = 1'b0;
      event_d       = 1'b0;
      row_d         = '0;
    end
  end

  // row_end_q is !(event_q && row_q != rows_m1_i): an event that goes on
  // is !row_end_q, whose next row is the last when row_q == rows_m1_i - 1;
  // a new event's row 0 is its last with one row an event. From registers
  // only, with no incrementer or event_d in front (3.40 ns at 64 x 32).
  // row_pen_q likewise is event_q && row_q == rows_m1_i - 1: an event that
  // goes on reaches its row before the last when row_q == rows_m1_i - 2; a
  // new event's row 0 is it with two rows an event. So for an event that
  // goes on, "the next row is the last" is row_pen_q itself (a_row_pen):
  // no compare of its own (until 2026-12-07 evening, row_q == rows_m1_i - 1
  // against a registered rows_m1_i - 1 in each engine).
  always_comb begin
    row_end_d = row_end_q;
    row_pen_d = row_pen_q;
    if (run_i) begin
      if (!row_end_q) begin
        row_end_d = row_pen_q;
        row_pen_d = (row_q == rows_m3_q);
      end else if (ev1_q) begin
        row_end_d = rows_one_q;
        row_pen_d = rows_two_q;
      end else begin
        row_end_d = 1'b1;
        row_pen_d = 1'b0;
      end
    end
    if (start_i) begin
      row_end_d = 1'b1;
      row_pen_d = 1'b0;
    end
  end

  assign acc_valid_o = run_i && event_q;
  assign acc_row_o   = arow_q;
  assign w_raddr_o   = event_base_q + WAW'(row_q);
  // Registered by the sequencer over all engines (all_idle_q): the item's
  // last row issues at the latest in the cycle the register is high, so
  // the walker hands over in that cycle and starts the next item in it
  // (fold_i; docs/rtl.md "Done a cycle early, two pick stages", "The item
  // start folded into the hand-over").
  // No row after the next cycle: nothing left to scan or in pick stage 0,
  // and either no event goes on (row_end_q) and stage 1 holds none or an
  // event of one row (taken now, its row next), or the event goes on with
  // its last row next (row_pen_q) and stage 1 is empty. The compares are
  // registers (row_end_q, row_pen_q; a compare in front of the AND over the
  // engines was 3.40 ns at 64 x 32).
  assign done_o      = !src_any && !scan_more && !ev0_q &&
                       ((row_end_q && (!ev1_q || rows_one_q)) || (!row_end_q && !ev1_q && row_pen_q));

  // The start folded into the hand-over (fold_i): the next item's first
  // word and scan state, every pick and issue stage empty, selected last
  // (fold_i is the walker's decision, late in the cycle; trinity_late_sel).
  localparam int unsigned LW = 32 + 1 + 32 + 1 + 3 * WAW + 4 + 12 + 1 + 1 + 1 + 16 + 1 + 1;
  logic [31:0]    held_spikes_f, next_spikes_f;
  logic           held_nz_f, next_nz_f, ev0_f, ev1_f, event_f, row_end_f, row_pen_f;
  logic [WAW-1:0] next_off_f, scan_off_f, slice_off_f;
  logic [3:0]     slice_k_f;
  logic [11:0]    scan_word_f;
  logic [15:0]    row_f;
  trinity_late_sel #(.W(LW)) u_fold_sel (
    .sel_i(fold_i),
    .a_i({held_spikes_d, held_nz_d, next_spikes_d, next_nz_d, next_off_d, scan_off_d, slice_off_d, slice_k_d,
          scan_word_d, ev0_d, ev1_d, event_d, row_d, row_end_d, row_pen_d}),
    .b_i({32'd0, 1'b0, nxt_first, nxt_nz, {WAW{1'b0}}, nxt_scan_off, nxt_slice_off, {3'd0, nxt_words_one_i},
          {11'd0, !nxt_words_one_i}, 1'b0, 1'b0, 1'b0, 16'd0, 1'b1, 1'b0}),
    .y_o({held_spikes_f, held_nz_f, next_spikes_f, next_nz_f, next_off_f, scan_off_f, slice_off_f, slice_k_f,
          scan_word_f, ev0_f, ev1_f, event_f, row_f, row_end_f, row_pen_f})
  );

  // Datapath registers without reset (their valid bits are reset below).
  always_ff @(posedge clk_i) begin
    scan_off_q   <= scan_off_f;
    slice_off_q  <= slice_off_f;
    arow_q       <= arow_d;
    // g * RE (g <= 7), loaded every cycle: split_i and rows_i hold the
    // layer's values from the cycle after the item's start (StLayerStart
    // or fold_i) on, two cycles before the first event reaches the issue.
    row_base_q   <= AAW'((grp[2] ? {rows_i, 2'b0} : 18'd0) + (grp[1] ? {1'b0, rows_i, 1'b0} : 18'd0) +
                         (grp[0] ? {2'b0, rows_i} : 18'd0));
    held_off_q   <= held_off_d;
    next_off_q   <= next_off_f;
    ev0_pos_q    <= ev0_pos_d;
    ev0_off_q    <= ev0_off_d;
    ev1_off_q    <= ev1_off_d;
    ev1_prod_q   <= ev1_prod_d;
    event_base_q <= event_base_d;
    // rows_m1_i holds the item's value from the cycle after the item's
    // start on, three cycles before its first event row, so these hold it
    // whenever row_end_d reads them.
    rows_m3_q    <= rows_m1_i - 16'd2;
    rows_one_q   <= (rows_m1_i == 16'd0);
    rows_two_q   <= (rows_m1_i == 16'd1);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      slice_k_q     <= '0;
      scan_word_q   <= '0;
      held_spikes_q <= '0;
      held_nz_q     <= 1'b0;
      next_spikes_q <= '0;
      next_nz_q     <= 1'b0;
      ev0_q         <= 1'b0;
      ev1_q         <= 1'b0;
      event_q       <= 1'b0;
      row_q         <= '0;
      row_end_q     <= 1'b1;
      row_pen_q     <= 1'b0;
    end else begin
      slice_k_q     <= slice_k_f;
      scan_word_q   <= scan_word_f;
      held_spikes_q <= held_spikes_f;
      held_nz_q     <= held_nz_f;
      next_spikes_q <= next_spikes_f;
      next_nz_q     <= next_nz_f;
      ev0_q         <= ev0_f;
      ev1_q         <= ev1_f;
      event_q       <= event_f;
      row_q         <= row_f;
      row_end_q     <= row_end_f;
      row_pen_q     <= row_pen_f;
    end
  end


`ifndef SYNTHESIS
  // The words' empty bits are their words' ORs.
  a_nz: assert property (@(posedge clk_i) disable iff (!rst_ni)
    held_nz_q == (held_spikes_q != '0) && next_nz_q == (next_spikes_q != '0));
  // row_end_q, kept without a compare against rows_m1_i, is that compare.
  a_row_end: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_end_q == (!event_q || row_q == rows_m1_i));
  // row_pen_q, kept without a compare either, is its row-before-last compare.
  a_row_pen: assert property (@(posedge clk_i) disable iff (!rst_ni)
    row_pen_q == (event_q && row_q + 16'd1 == rows_m1_i));
`endif

endmodule
