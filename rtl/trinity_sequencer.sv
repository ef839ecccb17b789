// SPDX-License-Identifier: Apache-2.0
// Sequencer: acts on each packet's verdict (configured state, loaded flags,
// the selected task of protocol v3, STATUS, error and frame counters) and executes a FRAME over the lanes (an
// IMAGE first has the rate coder write its spikes into the frame buffer,
// StImageCode, and is then executed as a FRAME):
// the input words of timestep 0 from the frame buffer (StFrameLoad; those of
// timestep t + 1 are prefetched while t computes, and in a frame's last
// timestep those of the next frame's timestep 0, once its packet waits
// with a good verdict: the preload), per layer and timestep (an item) the
// event-driven accumulation (one row of LANES neurons per cycle for every
// input spike), the neuron update, an optional TRACE, and at the end the
// argmax over the last layer's spike counts and the RESULT. It writes the
// output packets' words into the output FIFO, only when it has room, and
// holds its state while the FIFO is full.
//
// Run-ahead (docs/rtl.md "Engines that run ahead"): two machines. The
// state machine walks the frame's work list of items and has the engines
// accumulate each into one of the lanes' two partial-sum memories, item i
// into memory i mod 2; the update machine (upd_state_q) takes the items in
// the same order and issues each one's update pass from its memory, beside
// the next item's accumulation. They hand over through flags: "accumulated"
// (acc_done_q, per memory: set when the engines finish, cleared when the
// pass has read the last row, so the memory is free again) and "spikes
// written" (vec_full_q: a pass of layer l < L - 1 has landed its spikes in
// out_spikes_q, which layer l + 1's item takes as its input). With two
// layers and no TRACE the list runs layer 0 one timestep ahead (LAG 1):
// (0, 0), (1, 0), (0, 1), (2, 0), (1, 1), ... (T-1, 0), (T-2, 1), (T-1, 1), so
// the engines accumulate layer 0 of t + 1 while layer 0 of t updates and
// its spikes land. Otherwise it is (t, 0), (t, 1), ... in order (LAG 0),
// and with TRACE the walker waits for every pass and sends its TRACE
// before the next item, so TRACE packets keep the (t, l) order.
//
// Timing (docs/rtl.md "Logic depth"): the layer configuration arrives
// registered (one cycle after the layer changes); the controls the lanes
// read per layer (loaded flags, first step, count layer) are registered
// here; ENGINES event engines (trinity_engine) scan disjoint slices of the
// input spike vector (input j goes to engine j mod ENGINES) and issue their
// events' rows in parallel, each into its own accumulator banks; in each an
// event's first weight row comes out of a three-stage pick pipeline
// (lowest pending spike, spike position times rows, add of the word's
// offset and the layer's base) that runs ahead of the row issue; the
// accumulate phase ends when every engine is idle. The argmax is a
// registered tree (trinity_argmax).
module trinity_sequencer #(
  parameter int unsigned LANES      = 32,    // lanes, a power of two >= 4
  parameter int unsigned ENGINES    = 1,     // event engines, a power of two; VEC_BITS a multiple of 32*ENGINES
  parameter int unsigned SPLIT_LOG  = 0,     // log2 of the most row groups a layer splits into (trinity_engine)
  parameter int unsigned MAX_LAYERS = 4,     // capacity: layers
  parameter int unsigned MAX_TASKS  = 8,     // capacity: tasks K (gates held), >= 1
  parameter int unsigned TW         = 3,     // task index bits: $clog2(MAX_TASKS), at least 1
  parameter int unsigned LW         = 5,     // log2(LANES)
  parameter int unsigned VEC_BITS   = 1024,  // bits of a layer's spike vector
  parameter int unsigned WAW        = 16,    // weight row address bits
  parameter int unsigned SAW        = 8,     // bias/state row address bits
  parameter int unsigned AAW        = 5,     // accumulator/count row address bits
  parameter int unsigned FAW        = 13,    // frame buffer address bits
  parameter int unsigned LIW        = 2,     // layer index bits
  parameter int unsigned UPD_LAT    = trinity_pkg::UPD_SPIKE_LATENCY  // update row to its spikes_i, cycles
) (
  input  logic                clk_i,               // clock
  input  logic                rst_ni,              // asynchronous reset, active low
  // The packet just received (trinity_receiver).
  output logic                rx_ready_o,          // StReceive: the receiver may take any packet
  output logic                rx_overlap_o,        // computing a frame: the next FRAME/IMAGE's words may arrive
  output logic                rx_taken_o,          // the verdict is acted on this cycle
  input  logic                rx_ended_i,          // a packet ended earlier and waits for its verdict to be taken
  input  logic                pkt_end_i,           // its last word arrives (read in StReceive only)
  input  logic [7:0]          pkt_type_i,          // its type
  input  logic [23:0]         pkt_length_i,        // its declared length
  input  logic                verdict_valid_i,     // the verdict below is ready
  input  logic [7:0]          verdict_code_i,      // protocol §5 code
  input  logic [31:0]         verdict_detail_i,    // protocol §5 detail
  input  logic                verdict_is_param_i,  // a parameter packet
  input  logic [LIW-1:0]      hdr_layer_i,         // the layer it loads
  input  logic [7:0]          hdr_gate_task_i,     // GATE: the task k it loads (1 ... MAX_TASKS once good)
  input  logic [7:0]          hdr_task_i,          // TASK: the task k it selects (0 ... MAX_TASKS once good)
  input  logic [4:0]          n_layers_i,          // layers
  input  logic [15:0]         timesteps_i,         // timesteps per frame
  input  logic                trace_i,             // TRACE packets requested
  input  logic [31:0]         frame_id_i,          // the id of the FRAME/IMAGE just received (kept at its verdict)
  input  logic [11:0]         in_words_i,          // 32-bit words per input timestep
  output logic                code_start_o,        // start the rate coder (one-cycle pulse)
  output logic                code_bank_o,         // the frame buffer bank it writes
  input  logic                code_done_i,         // it has written the IMAGE's spikes (one-cycle pulse)
  output logic                configured_o,        // a good CONFIG is in force
  // Layer configuration (trinity_layer_config).
  output logic [LIW-1:0]      cur_layer_o,         // layer being computed (accumulated)
  output logic [LIW-1:0]      upd_layer_o,         // layer whose rows the lanes update (the update machine's pass)
  output logic [LIW-1:0]      nxt_layer_o,         // the walker's next item's layer (registered)
  output logic                cfg_advance_o,       // the walker moves to that item: the engines' fields take its values
  input  logic [11:0]         cur_eng_words_i,     // ... ceil(n_in / (32 * ENGINES)), slice words per engine
  input  logic [11:0]         cur_words_out_i,     // ... ceil(n_out / 32)
  input  logic [1:0]          cur_split_i,         // ... log2 of its row groups EO
  input  logic [15:0]         cur_grp_rows_i,      // ... rows per group R / EO: rows per event in an engine
  input  logic [15:0]         cur_grp_rows_m1_i,   // ... - 1
  input  logic [WAW-1:0]      cur_slice_rows_i,    // ... an engine's weight rows per slice: ceil(n_in / ENGINES) * R / EO
  input  logic [WAW-1:0]      cur_weight_base_i,   // ... its first weight row
  input  logic                nxt_words_one_i,     // the next item's layer (nxt_layer_o): one slice word per engine
  input  logic [1:0]          nxt_split_i,         // ... log2 of its row groups EO
  input  logic [15:0]         nxt_grp_rows_i,      // ... rows per group R / EO
  input  logic [WAW-1:0]      nxt_slice_rows_i,    // ... an engine's weight rows per slice
  input  logic [15:0]         upd_rows_m1_i,       // the update pass's layer (upd_layer_o): its rows - 1
  input  logic [SAW-1:0]      upd_state_base_i,    // ... its first bias/state row
  output logic [LIW-1:0]      last_layer_o,        // the last layer
  input  logic [15:0]         last_n_out_i,        // ... its n_out
  input  logic [15:0]         last_rows_i,         // ... its rows
  // Frame buffer (two banks: the receiver fills one while a frame is computed from the other).
  output logic                fb_wbank_o,          // the bank the receiver writes; the coder uses the other
  output logic                fb_rbank_o,          // the bank the loader reads: the other, or (preload) the receiver's
  output logic [FAW-1:0]      fb_raddr_o,          // read address within the loader's bank (one cycle latency)
  input  logic [31:0]         fb_rdata_i,          // data
  // Lanes (trinity_lane).
  output logic [ENGINES-1:0]     acc_valid_o,      // engine e accumulates one weight row (bit e)
  output logic [ENGINES*AAW-1:0] acc_row_o,        // its accumulator row, at [AAW*e +: AAW]
  output logic [ENGINES*WAW-1:0] weight_raddr_o,   // its weight row, at [WAW*e +: WAW]
  output logic                acc_bank_o,          // the partial-sum memory the engines add into
  output logic                upd_valid_o,         // update one neuron row
  output logic [AAW-1:0]      upd_row_o,           // accumulator row
  output logic                upd_bank_o,          // the partial-sum memory it reads
  output logic [SAW-1:0]      upd_state_row_o,     // bias/state row
  output logic [3:0]          layer_o,             // layer whose rows the lanes update (the pass's)
  output logic                bias_loaded_o,       // its BIAS was loaded
  output logic                lut_loaded_o,        // its LUT was loaded
  output logic                gate_bypass_o,       // task 0 selected: every weight as stored
  output logic                gate_loaded_o,       // the selected task's GATE of this layer was loaded
  output logic [TW-1:0]       gate_task_o,         // the selected task k - 1 (gate memory bank)
  output logic                first_step_o,        // the pass's timestep is 0
  output logic                count_o,             // the pass's layer is the last: count spikes
  input  logic [LANES-1:0]    spikes_i,            // the update row's spikes (UPD_LAT cycles later)
  output logic [AAW-1:0]      count_raddr_o,       // spike count row read
  input  logic [LANES*16-1:0] counts_i,            // its counts (1 cycle later)
  // Output FIFO.
  output logic                out_push_o,          // write a word (only when not out_full_i)
  output logic [31:0]         out_data_o,          // the word
  output logic                out_last_o,          // last word of its packet
  input  logic                out_full_i           // FIFO full
);

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  trinity_pkg::seq_state_e state_q, state_d;
  logic                configured_q, configured_d;
  logic [MAX_LAYERS-1:0] weights_loaded_q, weights_loaded_d;  // per layer (bit l)
  logic [MAX_LAYERS-1:0] bias_loaded_q, bias_loaded_d;
  logic [MAX_LAYERS-1:0] lut_loaded_q, lut_loaded_d;
  // GATE loaded per (task k, layer l): bit (k-1)*MAX_LAYERS + l.
  logic [MAX_TASKS*MAX_LAYERS-1:0] gate_loaded_q, gate_loaded_d;
  logic [7:0]          task_q, task_d;                // selected task (TASK), 0: ungated
  logic [31:0]         errors_q, errors_d;            // failed packets (saturating)
  logic [31:0]         frames_q, frames_d;            // completed frames
  logic                fb_wbank_q, fb_wbank_d;        // frame buffer bank the receiver fills next
  logic [31:0]         frame_id_q, frame_id_d;        // id of the frame being computed (the receiver's may be the next one's)
  // STATUS being sent.
  logic [7:0]          status_code_q, status_code_d;
  logic [31:0]         status_detail_q, status_detail_d;
  logic [2:0]          status_word_q, status_word_d;
  // Frame computation.
  logic [15:0]         timestep_q, timestep_d;            // the walker's item: its timestep ...
  logic [3:0]          layer_q, layer_d;                  // ... and layer
  logic                item_bank_q, item_bank_d;          // ... and partial-sum memory
  logic                lag1_q;                            // the list runs layer 0 ahead (two layers, no TRACE)
  logic                l0_last_q, l0_last_d;              // layer 0 of the last timestep has started (the preload may)
  logic [FAW-1:0]      fb_base_q, fb_base_d;          // the timestep's first frame buffer word
  logic [11:0]         load_word_q, load_word_d;      // next frame buffer word to read
  logic                load_pending_q, load_pending_d;  // a read is in flight ...
  logic [11:0]         load_slot_q, load_slot_d;      // ... for this input word
  logic [VEC_BITS-1:0] in_spikes_q, in_spikes_d;      // the layer's input spikes
  logic [VEC_BITS-1:0] next_spikes_q, next_spikes_d;  // the next timestep's input words, prefetched
  logic                pf_active_q, pf_active_d;      // the prefetch is reading them
  logic                load_done;                     // the loader has read and landed every word
  // Preload: in the frame's last timestep, the next FRAME's (or early-coded
  // IMAGE's) timestep-0 words, its verdict good, are read from the
  // receiver's bank into next_spikes, so its StFrameLoad only takes them.
  logic                pre_q, pre_d;                  // preloading from the receiver's bank (before its verdict)
  logic                take_q, take_d;                // the next frame's StFrameLoad takes next_spikes
  logic                fb_rbank_q;                    // the bank the loader reads
  logic                pre_start;                     // start the preload this cycle
  logic [VEC_BITS-1:0] out_spikes_q, out_spikes_d;    // the spikes of the last pass that writes them
  logic                vec_full_q, vec_full_d;        // ... a pass of layer l < L - 1, not yet taken by layer l + 1
  // The update machine.
  typedef enum logic [1:0] {UpdIdle, UpdSettle, UpdIssue, UpdDrain} upd_state_e;
  upd_state_e          upd_state_q, upd_state_d;
  // A pass that reads its last row at most UPD_NEAR cycles after the walker
  // moves to the next item in the same memory (item_next or cont) has read
  // every row before that item's first event row (the move + 4: the engines
  // load the item's first word in the move's cycle, fold, and it goes
  // through their two pick stages; a_acc_bank_free checks it; 5 until
  // 2026-12-07 with three pick stages, 4 until the start was folded into
  // the hand-over, 2026-12-07 late).
  localparam int unsigned UPD_NEAR = 3;
  logic [1:0]          settle_q, settle_d;            // UpdSettle cycles left after this one
  logic [15:0]         upd_left_q, upd_left_d;        // UpdIssue: rows the pass reads after this cycle's
  logic                upd_near_q, upd_near_d;        // UpdIssue: upd_left_q <= UPD_NEAR (registered compare)
  logic [1:0]          acc_done_q, acc_done_d;        // memory m holds an accumulated item not yet read (bit m)
  logic [31:0]         item_t_q, item_t_d;            // ... its timestep at [16*m +: 16]
  logic [7:0]          item_l_q, item_l_d;            // ... its layer at [4*m +: 4]
  logic                upd_bank_q, upd_bank_d;        // the memory of the next (or current) pass
  logic [3:0]          upd_l_q, upd_l_d;              // the pass's layer ...
  logic [15:0]         upd_t_q, upd_t_d;              // ... timestep
  logic                upd_wvec_q, upd_wvec_d;        // ... it writes out_spikes_q
  logic [15:0]         row_q, row_d;                  // row within the pass
  logic [UPD_LAT-1:0]  upd_v_q;                       // update pipeline mirror: a row in stage k+1
  logic [16*UPD_LAT-1:0] upd_row_q;                   // ... which row, at [16*k +: 16]
  logic [UPD_LAT-1:0]  upd_wv_q;                      // ... its pass writes out_spikes_q
  logic [UPD_LAT:0]    upd_lv_q;                      // ... the last row of a layer l < L - 1 pass (one stage past)
  logic                upd_ovl_q, upd_ovl_d;          // the pass started while the one before drained ...
  logic [3:0]          upd_pl_q, upd_pl_d;            // ... whose layer this is
  logic                upd_nb;                        // the memory of the pass that may start next
  logic [3:0]          upd_nl;                        // ... its layer
  logic                upd_go;                        // ... it may start (if its layer allows, in UpdDrain)
  logic                upd_start;                     // ... it starts: UpdSettle next, from UpdIdle or UpdDrain
  logic                upd_last;                      // UpdIssue: the pass's last row
  // Lane controls of the layer and timestep, registered.
  logic                bias_loaded_o_q, lut_loaded_o_q, first_step_o_q, count_o_q;
  logic                gate_bypass_o_q, gate_loaded_o_q;
  logic [TW-1:0]       gate_task_o_q;
  logic                gate_loaded_cur;               // gate_loaded_q of the selected task and layer
  logic [11:0]         trace_word_q, trace_word_d;    // word of the TRACE being sent
  logic [15:0]         arg_row_q, arg_row_d;          // argmax: next count row to read
  logic                arg_valid_q, arg_valid_d;      // a count row arrives ...
  logic [15:0]         arg_valid_row_q, arg_valid_row_d;  // ... this one
  logic                tree_valid, tree_busy;         // the argmax tree's row best / rows in it
  logic [15:0]         tree_row, tree_count;
  logic [LW-1:0]       tree_lane;
  logic [15:0]         best_count_q, best_count_d;
  logic [15:0]         best_idx_q, best_idx_d;
  logic [15:0]         result_word_q, result_word_d;  // word of the RESULT being sent
  logic                result_row_ready_q, result_row_ready_d;  // count row result_row_q was read
  logic [15:0]         result_row_q, result_row_d;    // count row being read for the RESULT
  logic                code_start_q, code_start_d;    // rate coder start pulse
  logic                code_early_q, code_early_d;    // it was started for the IMAGE waiting behind the frame
  logic                code_done_q, code_done_d;      // it has finished (its done pulse seen)
  // One work list across frames (docs/rtl.md "One work list across
  // frames"): with LAG 1, once a frame's last item has handed over and the
  // next FRAME or IMAGE waits with a good verdict and its timestep 0
  // preloaded, the walker takes that verdict and goes on to the next
  // frame's first item (cont) while the update machine finishes the frame's
  // last passes; the result machine then sends the frame's RESULT once its
  // last counting pass has landed. Frames alternate a parity bit so that a
  // counting pass of timestep 0 (which restarts the counts) waits until the
  // result machine has read the previous frame's.
  typedef enum logic [1:0] {ResIdle, ResWait, ResArgmax, ResResult} res_state_e;
  res_state_e          res_state_q, res_state_d;      // the result machine
  logic [31:0]         res_id_q, res_id_d;            // the id of the frame whose RESULT it sends
  logic                res_par_q, res_par_d;          // ... that frame's parity
  logic                wpar_q, wpar_d;                // the walker's frame's parity
  logic [1:0]          item_p_q, item_p_d;            // memory m's item: its frame's parity (bit m) ...
  logic [1:0]          item_c0_q, item_c0_d;          // ... it is a counting item of timestep 0 (bit m)
  logic                upd_tl_q;                      // the pass's timestep is T - 1 (registered)
  logic [UPD_LAT+1:0]  res_cv_q;                      // the last row of a frame's last pass, UPD_LAT + 2 stages
  logic                res_landed_q;                  // ... it came out before the result machine waited for it
  logic                res_go;                        // ResWait (or cont) and the frame's last pass has landed
  logic                cont;                          // the walker goes on to the next frame's first item
  logic                fold;                          // the walker moves to an item with weights: its engines start now
  logic                next_w_q;                      // the next item's layer has its weights
  // The walker's states that fold reads, one flop each (a_state_flags): no
  // state decode in front of the engines' start registers.
  logic                st_acc_q, st_next_q, st_pass_q;  // StAccumulate, StLayerNext, StPassWait
  logic                next_l0_q;                     // ... it is a layer-0 item (next_l_q == 0)
  logic                next_c0_q;                     // ... it is a counting item of timestep 0
  logic [3:0]          next_l_q;                      // the walker's next item's layer (registered, below)
  logic                cont_ready;                    // ... it may: see above
  logic                res_start;                     // the result machine starts the argmax now (the frame's end)
  logic                res_lock;                      // a counting pass of timestep 0 must wait

  // ---------------------------------------------------------------------------
  // Layer indices and geometry
  // ---------------------------------------------------------------------------
  logic [LIW-1:0] cur_layer;
  assign cur_layer    = layer_q[LIW-1:0];
  assign cur_layer_o  = cur_layer;
  assign nxt_layer_o  = next_l_q[LIW-1:0];
  assign last_layer_o = LIW'(n_layers_i - 5'd1);
  assign upd_layer_o  = upd_l_q[LIW-1:0];

  logic [11:0] cur_words_out, trace_last_q;
  logic [15:0] result_count_words, result_last_q, last_rows_q;
  assign cur_words_out      = cur_words_out_i;
  assign result_count_words = 16'((32'(last_n_out_i) + 32'd1) >> 1);
  // The last layer's geometry, registered (it changes only with a CONFIG,
  // many cycles before a frame's argmax or RESULT reads it). A TRACE's last
  // word index, registered too: the item's fields hold from StLayerStart
  // on, long before its StTrace, and the adder in front of the compare
  // that ends StTrace was the hardware build's one path over 3.33 ns
  // (3.35 ns at 8ccc080).
  always_ff @(posedge clk_i) begin
    result_last_q <= result_count_words + 16'd2;
    last_rows_q   <= last_rows_i;
    trace_last_q  <= cur_words_out + 12'd2;
  end

  // ---------------------------------------------------------------------------
  // Event engines (StAccumulate): slice s holds the inputs j = j' * ENGINES
  // + s; each engine scans ceil(words / ENGINES) words of one slice, or of
  // EO slices when the layer's rows are split into EO groups (bits past
  // n_in are zero: StFrameLoad zeroes the words past the frame's, and a
  // layer's outputs past n_out never fire). Engine e may scan the slices
  // (e mod Q) + m * Q, Q = ENGINES >> SPLIT_LOG (trinity_engine's cand_i).
  // ---------------------------------------------------------------------------
  localparam int unsigned SLICE_BITS = VEC_BITS / ENGINES;
  logic [11:0]         eng_words;  // slice words each engine scans
  logic [ENGINES-1:0]  eng_done;   // engine e issues no row after the next cycle
  // No engine issues a row after this StAccumulate cycle: registered, since
  // the engines' done logic and the AND over them would otherwise sit in
  // front of the state register (docs/rtl.md "Event engines"). The engines
  // say so a cycle before their last row (done_o), so the walker hands
  // over in the cycle of the item's last row (docs/rtl.md "Done a cycle
  // early, two pick stages"). Zero in StAccumulate's first cycle.
  logic                all_idle_q;
  logic                acc_run;
  assign eng_words = cur_eng_words_i;  // = ceil(cur_words_in / ENGINES)
  assign acc_run   = st_acc_q;
  localparam int unsigned EW      = (ENGINES > 1) ? $clog2(ENGINES) : 0;
  localparam int unsigned SPLIT_N = 1 << SPLIT_LOG;
  localparam int unsigned Q       = ENGINES >> SPLIT_LOG;
  // The next item's input (fold): layer 0's prefetched words, a deeper
  // layer's the spikes of its layer l - 1 pass, as item_next takes them.
  for (genvar e = 0; e < ENGINES; e++) begin : gen_engine
    logic [SPLIT_N*SLICE_BITS-1:0] cand;
    logic [SPLIT_N*32-1:0]         nxt_first;  // word 0 of each candidate slice of the next item's input
    for (genvar m = 0; m < SPLIT_N; m++) begin : gen_cand
      for (genvar k = 0; k < SLICE_BITS; k++) begin : gen_slice_bit
        assign cand[SLICE_BITS*m + k] = in_spikes_q[k * ENGINES + (e % Q) + m * Q];
      end
      for (genvar k = 0; k < 32; k++) begin : gen_first_bit
        assign nxt_first[32*m + k] = next_l0_q ? next_spikes_q[k * ENGINES + (e % Q) + m * Q] :
                                              out_spikes_q[k * ENGINES + (e % Q) + m * Q];
      end
    end
    trinity_engine #(
      .SLICE_BITS(SLICE_BITS), .EW(EW), .E_IDX(e), .SPLIT_LOG(SPLIT_LOG), .WAW(WAW), .AAW(AAW)
    ) u_engine (
      .clk_i, .rst_ni,
      .start_i(state_q == trinity_pkg::StLayerStart), .fold_i(fold), .run_i(acc_run),
      .cand_i(cand), .split_i(cur_split_i), .words_i(eng_words), .rows_i(cur_grp_rows_i),
      .rows_m1_i(cur_grp_rows_m1_i), .slice_rows_i(cur_slice_rows_i),
      .weight_base_i(cur_weight_base_i),
      .nxt_first_i(nxt_first), .nxt_split_i, .nxt_words_one_i, .nxt_rows_i(nxt_grp_rows_i),
      .nxt_slice_rows_i,
      .acc_valid_o(acc_valid_o[e]), .acc_row_o(acc_row_o[AAW*e +: AAW]),
      .w_raddr_o(weight_raddr_o[WAW*e +: WAW]), .done_o(eng_done[e])
    );
  end

  // ---------------------------------------------------------------------------
  // Lane controls
  // ---------------------------------------------------------------------------
  always_comb begin
    upd_valid_o     = (upd_state_q == UpdIssue);
    upd_row_o       = AAW'(row_q);
    upd_state_row_o = upd_state_base_i + SAW'(row_q);
    count_raddr_o   = (res_state_q == ResArgmax) ? AAW'(arg_row_q) : AAW'(result_row_q);
    fb_raddr_o      = fb_base_q + FAW'(load_word_q);
  end
  assign acc_bank_o    = item_bank_q;
  assign cfg_advance_o = item_next || cont;
  assign upd_bank_o    = upd_bank_q;
  // Registered: the pass's controls change only when a pass starts, two
  // cycles before its first row (UpdSettle), and trinity_upd_ctrl delays
  // them to each lane stage with the rows; the gate's follow the walker's
  // item (the engines read them).
  assign layer_o       = upd_l_q;
  assign bias_loaded_o = bias_loaded_o_q;
  assign lut_loaded_o  = lut_loaded_o_q;
  assign gate_bypass_o = gate_bypass_o_q;
  assign gate_loaded_o = gate_loaded_o_q;
  assign gate_task_o   = gate_task_o_q;
  assign first_step_o  = first_step_o_q;
  assign count_o       = count_o_q;
  assign rx_ready_o    = (state_q == trinity_pkg::StReceive);
  // From StFrameLoad to StResult the frame's words are all in, so the
  // receiver may take the next FRAME's or IMAGE's words into the other bank
  // and hold the packet until StVerdict takes its verdict. Not in
  // StImageCode: the coder writes the frame buffer and reads the pixel
  // memory then.
  assign rx_overlap_o  = (state_q == trinity_pkg::StFrameLoad) || (state_q == trinity_pkg::StLayerStart) ||
                         (state_q == trinity_pkg::StAccumulate) || (state_q == trinity_pkg::StPassWait) ||
                         (state_q == trinity_pkg::StTrace) || (state_q == trinity_pkg::StLayerNext) ||
                         (state_q == trinity_pkg::StArgmax) || (state_q == trinity_pkg::StResult);
  assign fb_wbank_o    = fb_wbank_q;
  assign fb_rbank_o    = fb_rbank_q;
  // The coder writes the bank the loader will read: before the IMAGE's
  // verdict (started early) the one the receiver filled, fb_wbank; after it
  // (the verdict swaps the banks) the other.
  assign code_bank_o   = code_early_q ? fb_wbank_q : !fb_wbank_q;
  assign rx_taken_o    = ((state_q == trinity_pkg::StVerdict) && verdict_valid_i) || cont;
  assign configured_o  = configured_q;
  assign code_start_o  = code_start_q;

  // The selected task's GATE flag of the current layer (a loop: task_q
  // never exceeds MAX_TASKS once set by a good TASK, and a wider index
  // would be out of range).
  always_comb begin
    gate_loaded_cur = 1'b0;
    for (int unsigned k = 0; k < MAX_TASKS; k++) begin
      for (int unsigned l = 0; l < MAX_LAYERS; l++) begin
        if (32'(task_q) == k + 1 && 32'(cur_layer) == l) begin
          gate_loaded_cur = gate_loaded_q[k*MAX_LAYERS + l];
        end
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Argmax: the best count within each row read, a registered tree
  // ---------------------------------------------------------------------------
  trinity_argmax #(.LANES(LANES), .LW(LW)) u_argmax (
    .clk_i, .rst_ni,
    .valid_i(arg_valid_q), .row_i(arg_valid_row_q), .counts_i,
    .valid_o(tree_valid), .busy_o(tree_busy), .row_o(tree_row), .best_count_o(tree_count),
    .best_lane_o(tree_lane)
  );

  // ---------------------------------------------------------------------------
  // Output words
  // ---------------------------------------------------------------------------
  // The count row of the RESULT word being sent, registered with the word
  // index (result_wrow_q), so the word's go-ahead is an equality of two
  // registers, not a subtract in front of the state register.
  logic [15:0] result_count_word, result_row, result_next_row;
  logic [15:0] result_wrow_q, result_wrow_d;
  assign result_count_word = result_word_q - 16'd3;
  assign result_row = result_wrow_q;
  // The row of word result_word_q + 1: 0 for the three header words.
  assign result_next_row = (result_word_q < 16'd2) ? 16'd0 : 16'(16'(result_word_q - 16'd2) >> (LW - 1));

  // The walker's next item after (timestep_q, layer_q), or the frame's end:
  // registered (the walker hands an item over at the earliest two cycles
  // after it starts, StLayerStart or the move: these hold the item's next
  // from then), so the list's compares are not in front of the loader.
  logic        handoff;    // the item's accumulation is done: the update machine may take it
  logic        next_ready;    // the next item's memory is free and its input there
  logic        item_next;     // the walker moves to the next item
  logic        next_done, next_done_q;  // no item follows
  logic [15:0] next_t, next_t_q;        // else the next item's timestep ...
  logic [3:0]  next_l;                  // ... and layer (next_l_q above)
  logic        next_last, next_last_q;  // ... a layer-0 item of the last timestep
  logic [15:0] t_m1_q, t_m2_q, t_m3_q;  // T - 1, T - 2, T - 3 (a CONFIG's): the list's compares without adders
  logic        t_gt1_q, t_gt2_q;        // T > 1, T > 2
  logic        pass_wvec;  // the pass at the head of the update machine's list writes out_spikes_q

  logic out_word, out_ok;  // a word is ready to go / it goes this cycle
  always_comb begin
    out_word   = 1'b0;
    out_data_o = 32'd0;
    out_last_o = 1'b0;
    unique case (state_q)
      trinity_pkg::StStatus: begin
        out_word = 1'b1;
        unique case (status_word_q)
          3'd0: out_data_o = {trinity_pkg::PKT_STATUS, 24'd4};
          3'd1: out_data_o = {15'd0, configured_q, pkt_type_i, status_code_q};
          3'd2: out_data_o = {8'd0, pkt_length_i};
          3'd3: out_data_o = status_detail_q;
          default: begin
            out_data_o = errors_q;
            out_last_o = 1'b1;
          end
        endcase
      end
      trinity_pkg::StTrace: begin
        out_word = 1'b1;
        if (trace_word_q == 12'd0) begin
          out_data_o = {trinity_pkg::PKT_TRACE, 12'd0, trace_last_q};
        end else if (trace_word_q == 12'd1) begin
          out_data_o = frame_id_q;
        end else if (trace_word_q == 12'd2) begin
          out_data_o = {8'd0, 4'd0, layer_q, timestep_q};
        end else begin
          out_data_o = out_spikes_q[32*(trace_word_q - 12'd3) +: 32];
        end
        out_last_o = (trace_word_q == trace_last_q);
      end
      default: ;
    endcase
    // The result machine's RESULT (the walker sends nothing meanwhile:
    // a_one_writer).
    if (res_state_q == ResResult) begin
      if (result_word_q == 16'd0) begin
        out_word   = 1'b1;
        out_data_o = {trinity_pkg::PKT_RESULT, 8'd0, result_last_q};
      end else if (result_word_q == 16'd1) begin
        out_word   = 1'b1;
        out_data_o = res_id_q;
      end else if (result_word_q == 16'd2) begin
        out_word   = 1'b1;
        out_data_o = {timesteps_i, best_idx_q};
      end else begin
        out_word   = result_row_ready_q && (result_row_q == result_row);
        out_data_o = counts_i[32*(32'(result_count_word) % (LANES / 2)) +: 32];
      end
      out_last_o = (result_word_q == result_last_q);
    end
  end
  assign out_ok     = out_word && !out_full_i;
  assign out_push_o = out_ok;

  // A spike vector with the loader's word of this cycle written in (the word
  // read the cycle before, when `pending`) and the words past the frame's
  // zeroed: the engines scan past them (trinity_engine). Constant
  // part-selects in a loop (yosys 0.23 builds a shifter for a variable one).
  function automatic logic [VEC_BITS-1:0] loaded_words(logic [VEC_BITS-1:0] vec, logic pending,
                                                       logic [11:0] slot, logic [31:0] data, logic [11:0] words);
    loaded_words = vec;
    for (int unsigned w = 0; w < VEC_BITS / 32; w++) begin
      if (pending && 32'(slot) == w) begin
        loaded_words[32*w +: 32] = data;
      end else if (!(32'(w) < 32'(words))) begin
        loaded_words[32*w +: 32] = '0;
      end
    end
  endfunction

  // ---------------------------------------------------------------------------
  // The work list's next item
  // ---------------------------------------------------------------------------
  always_comb begin
    next_done = 1'b0;
    next_t    = timestep_q;
    next_l    = layer_q;
    next_last = 1'b0;
    // The work list's next item (see the top): LAG 1 with two layers and no
    // TRACE, else layer after layer, timestep after timestep. t + k < T is
    // t < T - k where T > k (T - k registered), so no adder precedes a compare.
    if (lag1_q) begin
      if (layer_q == 4'd0) begin
        if (timestep_q != 16'd0) begin
          next_t = timestep_q - 16'd1;
          next_l = 4'd1;
        end else if (t_gt1_q) begin
          next_t    = 16'd1;
          next_l    = 4'd0;
          next_last = !t_gt2_q;
        end else begin
          next_l = 4'd1;
        end
      end else if (t_gt2_q && timestep_q < t_m2_q) begin
        next_t    = timestep_q + 16'd2;
        next_l    = 4'd0;
        next_last = (timestep_q == t_m3_q);
      end else if (t_gt1_q && timestep_q < t_m1_q) begin
        next_t = timestep_q + 16'd1;
      end else begin
        next_done = 1'b1;
        next_l    = 4'd0;  // the next frame's first item (cont): the engines' fields are layer 0's
      end
    end else if ({1'b0, layer_q} + 5'd1 < n_layers_i) begin
      next_l = layer_q + 4'd1;
    end else if (t_gt1_q && timestep_q < t_m1_q) begin
      next_t    = timestep_q + 16'd1;
      next_l    = 4'd0;
      next_last = (timestep_q == t_m2_q);
    end else begin
      next_done = 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    next_done_q <= next_done;
    next_t_q    <= next_t;
    next_l_q    <= next_l;
    next_last_q <= next_last;
    next_w_q    <= weights_loaded_q[next_l[LIW-1:0]];
    next_l0_q   <= (next_l == 4'd0);
    // The next item is (0, L - 1): with LAG 1 after (1, 0), or after (0, 0)
    // when T = 1; else after (0, L - 2). Equalities on the registers, not
    // the list's compares and adders.
    next_c0_q   <= lag1_q ? (layer_q == 4'd0 && (timestep_q == 16'd1 || (timestep_q == 16'd0 && !t_gt1_q))) :
                            ({1'b0, layer_q} + 5'd2 == n_layers_i && timestep_q == 16'd0);
    t_m1_q      <= timesteps_i - 16'd1;
    t_m2_q      <= timesteps_i - 16'd2;
    t_m3_q      <= timesteps_i - 16'd3;
    t_gt1_q     <= (timesteps_i > 16'd1);
    t_gt2_q     <= (timesteps_i > 16'd2);
  end

  // The next item's memory is free (its last reader's pass has issued
  // every row) and its input is there: layer 0's from the prefetch, a
  // deeper layer's the spikes its layer l - 1 pass landed.
  // A memory is also free for the next item once its pass reads its last
  // row within UPD_NEAR cycles: the item's engines write no row before the
  // move + 4 (its first word loaded in the move's cycle, then the pick
  // pipeline), so every row they write has been read, and its valid bit
  // cleared, before (docs/rtl.md "Run-ahead").
  logic half_free;
  assign half_free  = !acc_done_q[!item_bank_q] ||
                      (upd_state_q == UpdIssue && upd_bank_q == !item_bank_q && upd_near_q);
  assign next_ready = half_free && (next_l0_q ? !pf_active_q : vec_full_q);
  // The frame's last item has handed over, the next frame's packet waits
  // with a good verdict and its timestep 0 preloaded (pre_q: a good FRAME,
  // or an IMAGE the coder has finished), the result machine is free for
  // this frame's RESULT, and the next item's memory is free.
  assign cont_ready = lag1_q && next_done_q && pre_q && !pf_active_q && res_state_q == ResIdle && half_free;
  // The walker moves to an item whose layer has weights (item_next or
  // cont below): its engines start in this cycle, the item start folded
  // into the hand-over (StAccumulate next, no StLayerStart). Flat from the
  // registers, not through the state machine's case (a_fold): every
  // engine's start registers wait for it.
  assign fold = next_w_q &&
                ((st_acc_q && all_idle_q && !acc_done_q[item_bank_q] &&
                  (cont_ready || (!trace_i && !next_done_q && next_ready))) ||
                 (st_next_q && !next_done_q && next_ready) || (st_pass_q && cont_ready));

  // ---------------------------------------------------------------------------
  // State machine
  // ---------------------------------------------------------------------------
  always_comb begin
    state_d            = state_q;
    configured_d       = configured_q;
    weights_loaded_d   = weights_loaded_q;
    bias_loaded_d      = bias_loaded_q;
    lut_loaded_d       = lut_loaded_q;
    gate_loaded_d      = gate_loaded_q;
    task_d             = task_q;
    errors_d           = errors_q;
    frames_d           = frames_q;
    fb_wbank_d         = fb_wbank_q;
    frame_id_d         = frame_id_q;
    status_code_d      = status_code_q;
    status_detail_d    = status_detail_q;
    status_word_d      = status_word_q;
    timestep_d         = timestep_q;
    layer_d            = layer_q;
    item_bank_d        = item_bank_q;
    l0_last_d          = l0_last_q;
    vec_full_d         = vec_full_q;
    upd_state_d        = upd_state_q;
    settle_d           = settle_q;
    upd_left_d         = upd_left_q;
    upd_near_d         = upd_near_q;
    acc_done_d         = acc_done_q;
    item_t_d           = item_t_q;
    item_l_d           = item_l_q;
    upd_bank_d         = upd_bank_q;
    upd_l_d            = upd_l_q;
    upd_t_d            = upd_t_q;
    upd_wvec_d         = upd_wvec_q;
    upd_ovl_d          = upd_ovl_q;
    upd_pl_d           = upd_pl_q;
    handoff            = 1'b0;
    res_start          = 1'b0;
    cont               = 1'b0;
    item_next          = 1'b0;
    res_state_d        = res_state_q;
    res_id_d           = res_id_q;
    res_par_d          = res_par_q;
    wpar_d             = wpar_q;
    item_p_d           = item_p_q;
    item_c0_d          = item_c0_q;
    fb_base_d          = fb_base_q;
    load_word_d        = load_word_q;
    load_pending_d     = load_pending_q;
    load_slot_d        = load_slot_q;
    in_spikes_d        = in_spikes_q;
    next_spikes_d      = next_spikes_q;
    pf_active_d        = pf_active_q;
    pre_d              = pre_q;
    take_d             = take_q;
    out_spikes_d       = out_spikes_q;
    row_d              = row_q;
    trace_word_d       = trace_word_q;
    arg_row_d          = arg_row_q;
    arg_valid_d        = arg_valid_q;
    arg_valid_row_d    = arg_valid_row_q;
    best_count_d       = best_count_q;
    best_idx_d         = best_idx_q;
    result_word_d      = result_word_q;
    result_row_ready_d = result_row_ready_q;
    result_row_d       = result_row_q;
    result_wrow_d      = result_wrow_q;
    code_start_d       = 1'b0;
    code_early_d       = code_early_q;
    code_done_d        = code_done_q;

    // The update pipeline's spikes of its last stage's row arrive now. Constant
    // part-selects (a loop over the rows): yosys 0.23 builds a barrel
    // shifter for a variable one.
    for (int unsigned r = 0; r < VEC_BITS / LANES; r++) begin
      if (upd_wv_q[UPD_LAT-1] && 32'(upd_row_q[16*(UPD_LAT-1) +: 16]) == r) begin
        out_spikes_d[LANES*r +: LANES] = spikes_i;
      end
    end

    // The loader: timestep 0's input words in StFrameLoad, and (the
    // prefetch) timestep t + 1's while t computes, into next_spikes, which
    // StLayerNext takes at the timestep boundary. One frame-buffer read a
    // cycle, its word one cycle later; the two never run together.
    load_done = !(load_word_q < in_words_i) && !load_pending_q;
    if (state_q == trinity_pkg::StFrameLoad || pf_active_q) begin
      load_pending_d = (load_word_q < in_words_i);
      if (load_word_q < in_words_i) begin
        load_slot_d = load_word_q;
        load_word_d = load_word_q + 12'd1;
      end
    end
    if (pf_active_q) begin
      next_spikes_d = loaded_words(next_spikes_q, load_pending_q, load_slot_q, fb_rdata_i, in_words_i);
      if (load_done) begin
        pf_active_d = 1'b0;
      end
    end

    unique case (state_q)
      trinity_pkg::StInit: begin
        state_d = trinity_pkg::StReceive;
      end

      trinity_pkg::StReceive: begin
        if (pkt_end_i || rx_ended_i) begin
          state_d = trinity_pkg::StVerdict;
        end
      end

      trinity_pkg::StVerdict: begin
        status_word_d = '0;
        if (!verdict_valid_i) begin
          state_d = trinity_pkg::StVerdict;  // the receiver's verdict pipeline
        end else if (verdict_code_i != trinity_pkg::ERR_OK) begin
          if (verdict_is_param_i) begin
            configured_d = 1'b0;
          end
          if (errors_q != 32'hFFFF_FFFF) begin
            errors_d = errors_q + 32'd1;
          end
          status_code_d   = verdict_code_i;
          status_detail_d = verdict_detail_i;
          state_d         = trinity_pkg::StStatus;
        end else begin
          state_d = trinity_pkg::StReceive;
          unique case (pkt_type_i)
            trinity_pkg::PKT_CONFIG: begin
              configured_d     = 1'b1;
              weights_loaded_d = '0;
              bias_loaded_d    = '0;
              lut_loaded_d     = '0;
              gate_loaded_d    = '0;
              task_d           = '0;
            end
            trinity_pkg::PKT_WEIGHTS: weights_loaded_d[hdr_layer_i] = 1'b1;
            // A good GATE's task is 1 ... K <= MAX_TASKS (CAPACITY bounds K).
            trinity_pkg::PKT_GATE: begin
              for (int unsigned k = 0; k < MAX_TASKS; k++) begin
                for (int unsigned l = 0; l < MAX_LAYERS; l++) begin
                  if (32'(hdr_gate_task_i) == k + 1 && 32'(hdr_layer_i) == l) begin
                    gate_loaded_d[k*MAX_LAYERS + l] = 1'b1;
                  end
                end
              end
            end
            trinity_pkg::PKT_TASK:    task_d = hdr_task_i;
            trinity_pkg::PKT_BIAS:    bias_loaded_d[hdr_layer_i] = 1'b1;
            trinity_pkg::PKT_LUT:     lut_loaded_d[hdr_layer_i] = 1'b1;
            trinity_pkg::PKT_QUERY: begin
              status_code_d   = trinity_pkg::ERR_OK;
              status_detail_d = frames_q;
              state_d         = trinity_pkg::StStatus;
            end
            trinity_pkg::PKT_IMAGE: begin
              frame_id_d   = frame_id_i;
              fb_wbank_d   = !fb_wbank_q;  // the coder writes, and the loader reads, the bank not filled next
              take_d       = pre_q;
              pre_d        = 1'b0;
              l0_last_d    = 1'b0;
              // Unless the coder was started while the previous frame computed.
              code_start_d = !code_early_q;
              code_early_d = 1'b0;
              state_d      = trinity_pkg::StImageCode;
            end
            default: begin  // PKT_FRAME: compute from the bank just filled
              frame_id_d     = frame_id_i;
              fb_wbank_d     = !fb_wbank_q;
              timestep_d     = '0;
              layer_d        = '0;
              l0_last_d      = 1'b0;
              take_d         = pre_q;
              pre_d          = 1'b0;
              if (!pre_q) begin  // else the preload's read counters run on
                fb_base_d      = '0;
                load_word_d    = '0;
                load_pending_d = 1'b0;
              end
              state_d        = trinity_pkg::StFrameLoad;
            end
          endcase
        end
      end

      trinity_pkg::StStatus: begin
        if (out_ok) begin
          status_word_d = status_word_q + 3'd1;
          if (status_word_q == 3'd4) begin
            state_d = trinity_pkg::StReceive;
          end
        end
      end

      // Timestep input words from the frame buffer (one cycle read latency),
      // or, preloaded, from next_spikes once the preload has them all.
      trinity_pkg::StFrameLoad: begin
        // Preloaded: the words are all in next_spikes once the preload is
        // done (in_spikes takes them every cycle, the last one counts).
        in_spikes_d = take_q ? next_spikes_q :
                      loaded_words(in_spikes_q, load_pending_q, load_slot_q, fb_rdata_i, in_words_i);
        if (take_q ? !pf_active_q : load_done) begin
          take_d      = 1'b0;
          layer_d     = '0;
          wpar_d      = !wpar_q;
          item_bank_d = upd_bank_q;  // every pass of the last frame is done: the update machine's next memory
          l0_last_d   = (timesteps_i == 16'd1);
          state_d     = trinity_pkg::StLayerStart;
          if ({1'b0, timestep_q} + 17'd1 < {1'b0, timesteps_i}) begin
            fb_base_d   = fb_base_q + FAW'(in_words_i);  // prefetch timestep 1
            load_word_d = '0;
            pf_active_d = 1'b1;
          end
        end
      end

      // An item without weights has nothing to accumulate: no event marks a
      // row of its half as holding a sum, so every row reads as zero
      // (trinity_acc_ctrl) and it goes to the update as is.
      // An item hands over only once the pass before it in its memory has
      // read every row (it may start while that pass reads its last rows).
      trinity_pkg::StLayerStart: begin
        if (weights_loaded_q[cur_layer]) begin
          state_d = trinity_pkg::StAccumulate;
        end else if (!acc_done_q[item_bank_q]) begin
          handoff = 1'b1;
          state_d = trace_i ? trinity_pkg::StPassWait : trinity_pkg::StLayerNext;
        end
      end

      // Event-driven accumulation (the engines), until every engine has
      // issued its last row; then on to the next item in the same cycle
      // when it can start (else StLayerNext waits for it).
      trinity_pkg::StAccumulate: begin
        if (all_idle_q && !acc_done_q[item_bank_q]) begin
          handoff = 1'b1;
          if (cont_ready) begin
            cont = 1'b1;
          end else if (trace_i || next_done_q) begin
            state_d = trinity_pkg::StPassWait;
          end else if (next_ready) begin
            item_next = 1'b1;
          end else begin
            state_d = trinity_pkg::StLayerNext;
          end
        end
      end

      // Every pass done (and, with TRACE, the item's spikes landed); at the
      // frame's end the next frame may come first (cont).
      trinity_pkg::StPassWait: begin
        trace_word_d = '0;
        if (cont_ready) begin
          cont = 1'b1;
        end else if (upd_state_q == UpdIdle && acc_done_q == 2'b00 && res_state_q == ResIdle) begin
          if (trace_i) begin
            state_d = trinity_pkg::StTrace;
          end else begin
            res_start = 1'b1;
          end
        end
      end

      trinity_pkg::StTrace: begin
        if (out_ok) begin
          trace_word_d = trace_word_q + 12'd1;
          if (out_last_o) begin
            state_d = trinity_pkg::StLayerNext;
          end
        end
      end

      // The next item, once it can start (next_ready).
      trinity_pkg::StLayerNext: begin
        if (next_done_q) begin
          if (trace_i) begin  // every pass done and traced
            res_start = 1'b1;
          end else begin
            state_d = trinity_pkg::StPassWait;
          end
        end else if (next_ready) begin
          item_next = 1'b1;
        end
      end

      // The frame's RESULT: the result machine sends it; then the next packet.
      trinity_pkg::StResult: begin
        if (res_state_q == ResResult && out_ok && out_last_o) begin
          state_d = trinity_pkg::StReceive;
        end
      end

      // The rate coder writes the IMAGE's spike words; then it is a FRAME
      // (the frame registers are idle meanwhile, so they are set throughout).
      trinity_pkg::StImageCode: begin
        timestep_d     = '0;
        layer_d        = '0;
        if (!take_q) begin  // else the preload's read counters run on
          fb_base_d      = '0;
          load_word_d    = '0;
          load_pending_d = 1'b0;
        end
        if (code_done_i || code_done_q) begin
          code_done_d = 1'b0;
          state_d     = trinity_pkg::StFrameLoad;
        end
      end
      default: state_d = trinity_pkg::StReceive;
    endcase

    // The next item: its memory, (t, l) and input vector; a layer-0 item
    // takes the prefetched words and starts the prefetch of the timestep
    // after it.
    if (item_next) begin
      item_bank_d = !item_bank_q;
      layer_d     = next_l_q;
      timestep_d  = next_t_q;
      state_d     = next_w_q ? trinity_pkg::StAccumulate : trinity_pkg::StLayerStart;
      if (next_l_q == 4'd0) begin
        in_spikes_d = next_spikes_q;
        if (next_last_q) begin
          l0_last_d = 1'b1;
        end else begin
          fb_base_d   = fb_base_q + FAW'(in_words_i);
          load_word_d = '0;
          pf_active_d = 1'b1;
        end
      end else begin
        in_spikes_d = out_spikes_q;
        vec_full_d  = 1'b0;
      end
    end

    // The next frame's first item (cont): the walker takes the waiting
    // packet's verdict as StVerdict would and its preloaded timestep 0 as
    // item_next takes a layer-0 item's; this frame's RESULT waits in the
    // result machine for its last pass.
    if (cont) begin
      res_state_d = ResWait;
      res_id_d    = frame_id_q;
      res_par_d   = wpar_q;
      frame_id_d  = frame_id_i;
      fb_wbank_d  = !fb_wbank_q;
      pre_d       = 1'b0;
      wpar_d      = !wpar_q;
      if (pkt_type_i == trinity_pkg::PKT_IMAGE) begin  // coded early (pre_q): its done pulse is taken
        code_early_d = 1'b0;
        code_done_d  = 1'b0;
      end
      item_bank_d = !item_bank_q;
      layer_d     = '0;
      timestep_d  = '0;
      state_d     = next_w_q ? trinity_pkg::StAccumulate : trinity_pkg::StLayerStart;
      in_spikes_d = next_spikes_q;
      l0_last_d   = !t_gt1_q;
      if (t_gt1_q) begin
        fb_base_d   = fb_base_q + FAW'(in_words_i);
        load_word_d = '0;
        pf_active_d = 1'b1;
      end
    end

    // The frame's last pass is done (and traced), nothing else to do: the
    // result machine starts the argmax now, and the walker waits for its
    // RESULT (StResult).
    if (res_start) begin
      res_id_d  = frame_id_q;
      res_par_d = wpar_q;
      state_d   = trinity_pkg::StResult;
    end

    // The result machine: from ResWait once the frame's last counting pass
    // has landed its counts (res_cv_q, the cycle the walker's StPassWait
    // would see that pass done: the same as without cont; or earlier,
    // res_landed_q), the argmax over
    // the count rows (one cycle read latency, ties to the lowest index),
    // then the RESULT.
    res_go = (res_state_q == ResWait || cont) && (res_cv_q[UPD_LAT+1] || res_landed_q);
    if (res_start || res_go) begin
      arg_row_d    = '0;
      arg_valid_d  = 1'b0;
      best_count_d = '0;
      best_idx_d   = '0;
      res_state_d  = ResArgmax;
    end
    unique case (res_state_q)
      ResArgmax: begin
        if (tree_valid && tree_count > best_count_q) begin
          best_count_d = tree_count;
          best_idx_d   = 16'({tree_row, tree_lane});
        end
        if (arg_row_q < last_rows_q) begin
          arg_valid_d     = 1'b1;
          arg_valid_row_d = arg_row_q;
          arg_row_d       = arg_row_q + 16'd1;
        end else begin
          arg_valid_d = 1'b0;
          if (!arg_valid_q && !tree_busy) begin
            result_word_d      = '0;
            result_wrow_d      = '0;
            result_row_ready_d = 1'b0;
            result_row_d       = '0;
            res_state_d        = ResResult;
          end
        end
      end
      ResResult: begin
        // The count RAM read address follows the row of the word being
        // sent; a word goes out once that row has been read for a cycle.
        result_row_d       = result_row;
        result_row_ready_d = (result_row_q == result_row);
        if (out_ok) begin
          result_word_d = result_word_q + 16'd1;
          result_wrow_d = result_next_row;
          if (out_last_o) begin
            frames_d    = frames_q + 32'd1;
            res_state_d = ResIdle;
          end
        end
      end
      default: ;  // ResIdle, ResWait
    endcase

    // The item's (t, l), kept with its half when it starts (the half is
    // free: its last pass reads no row after its first event row); its
    // accumulation done, the half waits for its pass.
    for (int unsigned m = 0; m < 2; m++) begin
      // From the registered list (cont: the next frame's (0, 0), its parity
      // the other; LAG 1, so layer 0 is not the counting layer), not from
      // the walker's _d values, whose selects sit behind the loader's compares.
      if (fold && 32'(!item_bank_q) == m) begin
        item_t_d[16*m +: 16] = cont ? 16'd0 : next_t_q;
        item_l_d[4*m +: 4]   = cont ? 4'd0 : next_l_q;
        item_p_d[m]          = wpar_q ^ cont;
        item_c0_d[m]         = !cont && next_c0_q;
      end else if (state_q == trinity_pkg::StLayerStart && 32'(item_bank_q) == m) begin
        item_t_d[16*m +: 16] = timestep_q;
        item_l_d[4*m +: 4]   = layer_q;
        item_p_d[m]          = wpar_q;
        item_c0_d[m]         = ({1'b0, layer_q} + 5'd1 == n_layers_i) && timestep_q == 16'd0;
      end
    end
    if (handoff) begin
      acc_done_d[item_bank_q] = 1'b1;
    end

    // The update machine: the passes in the work list's order, each from
    // the memory after the last one's. A pass that writes out_spikes_q
    // (layer l < L - 1, or any layer with TRACE) waits until layer l + 1's
    // item has taken the spikes there, and until no row of another such
    // pass is in the pipeline. UpdSettle gives the pass's controls two
    // cycles (the configuration port and the controls here are registered;
    // trinity_upd_ctrl carries them down the lanes' stages beside the rows).
    // A pass of another layer may settle while the one before drains
    // (docs/rtl.md "Overlapping update passes"); a pass of the same layer
    // waits until that one's rows have left the pipeline (they write the
    // state it reads), and so does a pass of the layer of the pass before
    // that one, if that one overlapped it (its rows may still be there).
    // UpdDrain waits until the last row's spikes have landed; a layer
    // l < L - 1 pass's spikes are all in out_spikes_q when its last row's
    // marker leaves the mirror (upd_lv_q), which sets vec_full_q.
    upd_nb    = upd_bank_q ^ (upd_state_q == UpdDrain);
    upd_nl    = item_l_q[4*upd_nb +: 4];
    pass_wvec = trace_i || ({1'b0, upd_nl} + 5'd1 < n_layers_i);
    // A counting pass of timestep 0 restarts the counts: not while the
    // result machine still reads the previous frame's (res_lock).
    res_lock  = item_c0_q[upd_nb] && res_state_q != ResIdle && item_p_q[upd_nb] != res_par_q;
    upd_go    = acc_done_q[upd_nb] && !(pass_wvec && (vec_full_q || (|upd_wv_q))) && !res_lock;
    upd_last  = (upd_state_q == UpdIssue) && (row_q == upd_rows_m1_i);
    upd_start = upd_go && (upd_state_q == UpdIdle ||
                           (upd_state_q == UpdDrain && upd_nl != upd_l_q && !(upd_ovl_q && upd_nl == upd_pl_q)));
    if (upd_lv_q[UPD_LAT]) begin
      vec_full_d = 1'b1;
    end
    unique case (upd_state_q)
      UpdIdle: begin
        row_d = '0;
      end
      UpdSettle: begin
        settle_d = settle_q - 2'd1;
        if (settle_q == 2'd0) begin
          upd_left_d  = upd_rows_m1_i;
          upd_near_d  = (upd_rows_m1_i <= 16'(UPD_NEAR));
          upd_state_d = UpdIssue;
        end
      end
      UpdIssue: begin
        upd_left_d = upd_left_q - 16'd1;
        upd_near_d = (upd_left_q <= 16'(UPD_NEAR + 1));
        if (row_q == upd_rows_m1_i) begin
          row_d                  = '0;
          acc_done_d[upd_bank_q] = 1'b0;  // every row read: the memory is free
          upd_state_d            = UpdDrain;
        end else begin
          row_d = row_q + 16'd1;
        end
      end
      default: begin  // UpdDrain
        if (!upd_start && upd_v_q == '0) begin
          upd_bank_d  = !upd_bank_q;
          upd_state_d = UpdIdle;
        end
      end
    endcase
    // A pass starts: from UpdIdle in its own memory, from UpdDrain in the
    // next one (upd_nb), overlapping the draining pass (upd_ovl_q, whose
    // layer upd_pl_q is; only read while upd_ovl_q is set).
    if (upd_start) begin
      upd_bank_d  = upd_nb;
      upd_l_d     = upd_nl;
      upd_t_d     = item_t_q[16*upd_nb +: 16];
      upd_wvec_d  = pass_wvec;
      upd_ovl_d   = (upd_state_q == UpdDrain);
      upd_pl_d    = upd_l_q;
      settle_d    = 2'd1;
      upd_state_d = UpdSettle;
      if (pass_wvec) begin
        out_spikes_d = '0;
      end
    end

    // An IMAGE waiting behind the frame (the receiver holds it, its verdict
    // ready and good): the rate coder codes it into the free bank while the
    // frame computes; its verdict is acted on after the RESULT as always.
    if (rx_overlap_o && rx_ended_i && verdict_valid_i && verdict_code_i == trinity_pkg::ERR_OK &&
        pkt_type_i == trinity_pkg::PKT_IMAGE && !code_early_q) begin
      code_start_d = 1'b1;
      code_early_d = 1'b1;
    end
    // The coder's done pulse, kept until StImageCode sees it.
    if (code_done_i && state_q != trinity_pkg::StImageCode) begin
      code_done_d = 1'b1;
    end

    // The preload: in the last timestep (next_spikes and the loader are
    // free then; not in StFrameLoad, which reads with the same counters), a
    // packet waits with a good verdict and its words are all in the
    // receiver's bank: a FRAME, or an IMAGE the coder has finished there.
    pre_start = rx_overlap_o && state_q != trinity_pkg::StFrameLoad && !pf_active_q && !pre_q && !take_q &&
                l0_last_q &&
                rx_ended_i && verdict_valid_i && verdict_code_i == trinity_pkg::ERR_OK &&
                (pkt_type_i == trinity_pkg::PKT_FRAME ||
                 (pkt_type_i == trinity_pkg::PKT_IMAGE && code_early_q && code_done_q));
    if (pre_start) begin
      pre_d       = 1'b1;
      fb_base_d   = '0;
      load_word_d = '0;
      pf_active_d = 1'b1;
    end
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  // Datapath registers without reset (their valid bits are reset below).
  always_ff @(posedge clk_i) begin
    upd_row_q     <= {upd_row_q[16*UPD_LAT-17:0], row_q};
    upd_pl_q      <= upd_pl_d;  // read only with upd_ovl_q, which is reset
    upd_tl_q      <= (upd_t_q == t_m1_q);  // read with upd_last, two cycles after the pass starts
    next_spikes_q <= next_spikes_d;  // every word is written or zeroed before StLayerNext reads it
  end

  // The loader's bank, registered with its read counters: the receiver's
  // while preloading, else the other (the one the verdict swapped in).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fb_rbank_q <= 1'b1;
    end else begin
      fb_rbank_q <= pre_d ? fb_wbank_d : !fb_wbank_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q            <= trinity_pkg::StInit;
      st_acc_q           <= 1'b0;
      st_next_q          <= 1'b0;
      st_pass_q          <= 1'b0;
      configured_q       <= 1'b0;
      weights_loaded_q   <= '0;
      bias_loaded_q      <= '0;
      lut_loaded_q       <= '0;
      gate_loaded_q      <= '0;
      task_q             <= '0;
      errors_q           <= '0;
      frames_q           <= '0;
      fb_wbank_q         <= 1'b0;
      frame_id_q         <= '0;
      status_code_q      <= '0;
      status_detail_q    <= '0;
      status_word_q      <= '0;
      timestep_q         <= '0;
      layer_q            <= '0;
      item_bank_q        <= 1'b0;
      lag1_q             <= 1'b0;
      l0_last_q          <= 1'b0;
      vec_full_q         <= 1'b0;
      upd_state_q        <= UpdIdle;
      settle_q           <= '0;
      upd_left_q         <= '0;
      upd_near_q         <= 1'b0;
      acc_done_q         <= '0;
      item_t_q           <= '0;
      item_l_q           <= '0;
      upd_bank_q         <= 1'b0;
      upd_l_q            <= '0;
      upd_t_q            <= '0;
      upd_wvec_q         <= 1'b0;
      fb_base_q          <= '0;
      load_word_q        <= '0;
      load_pending_q     <= 1'b0;
      load_slot_q        <= '0;
      in_spikes_q        <= '0;
      pf_active_q        <= 1'b0;
      pre_q              <= 1'b0;
      take_q             <= 1'b0;
      out_spikes_q       <= '0;
      row_q              <= '0;
      upd_v_q            <= '0;
      upd_wv_q           <= '0;
      upd_lv_q           <= '0;
      upd_ovl_q          <= 1'b0;
      all_idle_q         <= 1'b0;
      bias_loaded_o_q    <= 1'b0;
      lut_loaded_o_q     <= 1'b0;
      gate_bypass_o_q    <= 1'b1;
      gate_loaded_o_q    <= 1'b0;
      gate_task_o_q      <= '0;
      first_step_o_q     <= 1'b0;
      count_o_q          <= 1'b0;
      trace_word_q       <= '0;
      arg_row_q          <= '0;
      arg_valid_q        <= 1'b0;
      arg_valid_row_q    <= '0;
      best_count_q       <= '0;
      best_idx_q         <= '0;
      result_word_q      <= '0;
      result_row_ready_q <= 1'b0;
      result_row_q       <= '0;
      result_wrow_q      <= '0;
      code_start_q       <= 1'b0;
      code_early_q       <= 1'b0;
      code_done_q        <= 1'b0;
      res_state_q        <= ResIdle;
      res_id_q           <= '0;
      res_par_q          <= 1'b0;
      wpar_q             <= 1'b0;
      item_p_q           <= '0;
      item_c0_q          <= '0;
      res_cv_q           <= '0;
      res_landed_q       <= 1'b0;
    end else begin
      state_q            <= state_d;
      st_acc_q           <= (state_d == trinity_pkg::StAccumulate);
      st_next_q          <= (state_d == trinity_pkg::StLayerNext);
      st_pass_q          <= (state_d == trinity_pkg::StPassWait);
      configured_q       <= configured_d;
      weights_loaded_q   <= weights_loaded_d;
      bias_loaded_q      <= bias_loaded_d;
      lut_loaded_q       <= lut_loaded_d;
      gate_loaded_q      <= gate_loaded_d;
      task_q             <= task_d;
      errors_q           <= errors_d;
      frames_q           <= frames_d;
      fb_wbank_q         <= fb_wbank_d;
      frame_id_q         <= frame_id_d;
      status_code_q      <= status_code_d;
      status_detail_q    <= status_detail_d;
      status_word_q      <= status_word_d;
      timestep_q         <= timestep_d;
      layer_q            <= layer_d;
      item_bank_q        <= item_bank_d;
      lag1_q             <= (n_layers_i == 5'd2) && !trace_i;  // a CONFIG's, stable while a frame runs
      l0_last_q          <= l0_last_d;
      vec_full_q         <= vec_full_d;
      upd_state_q        <= upd_state_d;
      settle_q           <= settle_d;
      upd_left_q         <= upd_left_d;
      upd_near_q         <= upd_near_d;
      acc_done_q         <= acc_done_d;
      item_t_q           <= item_t_d;
      item_l_q           <= item_l_d;
      upd_bank_q         <= upd_bank_d;
      upd_l_q            <= upd_l_d;
      upd_t_q            <= upd_t_d;
      upd_wvec_q         <= upd_wvec_d;
      fb_base_q          <= fb_base_d;
      load_word_q        <= load_word_d;
      load_pending_q     <= load_pending_d;
      load_slot_q        <= load_slot_d;
      in_spikes_q        <= in_spikes_d;
      pf_active_q        <= pf_active_d;
      pre_q              <= pre_d;
      take_q             <= take_d;
      out_spikes_q       <= out_spikes_d;
      row_q              <= row_d;
      upd_v_q            <= {upd_v_q[UPD_LAT-2:0], upd_valid_o};  // update pipeline mirror
      upd_wv_q           <= {upd_wv_q[UPD_LAT-2:0], upd_valid_o && upd_wvec_q};
      upd_lv_q           <= {upd_lv_q[UPD_LAT-1:0], upd_last && ({1'b0, upd_l_q} + 5'd1 < n_layers_i)};
      upd_ovl_q          <= upd_ovl_d;
      all_idle_q         <= (state_q == trinity_pkg::StAccumulate) && (&eng_done) && !fold;
      // The lanes' controls: the update pass's layer and timestep.
      bias_loaded_o_q    <= bias_loaded_q[upd_layer_o];
      lut_loaded_o_q     <= lut_loaded_q[upd_layer_o];
      first_step_o_q     <= (upd_t_q == 16'd0);
      count_o_q          <= ({1'b0, upd_l_q} == n_layers_i - 5'd1);
      gate_bypass_o_q    <= (task_q == 8'd0);
      gate_loaded_o_q    <= gate_loaded_cur;
      gate_task_o_q      <= TW'(task_q - 8'd1);
      trace_word_q       <= trace_word_d;
      arg_row_q          <= arg_row_d;
      arg_valid_q        <= arg_valid_d;
      arg_valid_row_q    <= arg_valid_row_d;
      best_count_q       <= best_count_d;
      best_idx_q         <= best_idx_d;
      result_word_q      <= result_word_d;
      result_row_ready_q <= result_row_ready_d;
      result_row_q       <= result_row_d;
      result_wrow_q      <= result_wrow_d;
      code_start_q       <= code_start_d;
      code_early_q       <= code_early_d;
      code_done_q        <= code_done_d;
      res_state_q        <= res_state_d;
      res_id_q           <= res_id_d;
      res_par_q          <= res_par_d;
      wpar_q             <= wpar_d;
      item_p_q           <= item_p_d;
      item_c0_q          <= item_c0_d;
      // The last row of a frame's last pass (a counting pass of timestep
      // T - 1), carried UPD_LAT + 2 cycles: ResWait sees it in the cycle the
      // walker's StPassWait would see that pass done.
      res_cv_q           <= {res_cv_q[UPD_LAT:0], upd_last && count_o_q && upd_tl_q};
      // Kept until the frame's argmax starts: a cont may come after it (the
      // result machine was busy with the frame before until then).
      res_landed_q       <= (res_landed_q || res_cv_q[UPD_LAT+1]) && !(res_go || res_start);
    end
  end

`ifndef SYNTHESIS
  // The state register holds one of the enum's states.
  a_state_legal: assert property (@(posedge clk_i) disable iff (!rst_ni)
    state_q <= trinity_pkg::SEQ_LAST_STATE);
  // The registered TRACE length is the item's.
  a_trace_last: assert property (@(posedge clk_i) disable iff (!rst_ni)
    state_q == trinity_pkg::StTrace |-> trace_last_q == cur_words_out + 12'd2);
  // The lanes accumulate and update in the same cycle only in different
  // halves of their banks.
  a_acc_upd_banks: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (|acc_valid_o) && upd_valid_o |-> acc_bank_o != upd_bank_o);
  // The engines write a memory only while no pass waits to read it.
  a_acc_bank_free: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (|acc_valid_o) |-> !acc_done_q[acc_bank_o]);
  // StFrameLoad (timestep 0) and the prefetch never share the read counters
  // (a preloaded StFrameLoad only waits for them).
  a_prefetch_not_in_load: assert property (@(posedge clk_i) disable iff (!rst_ni)
    state_q == trinity_pkg::StFrameLoad && !take_q |-> !pf_active_q);
  // A preload is taken by the verdict of the packet it read: a good FRAME or IMAGE.
  a_preload_taken_by_frame: assert property (@(posedge clk_i) disable iff (!rst_ni)
    pre_q && rx_taken_o |-> verdict_code_i == trinity_pkg::ERR_OK &&
                            (pkt_type_i == trinity_pkg::PKT_FRAME || pkt_type_i == trinity_pkg::PKT_IMAGE));
  // A pass starts with nothing in the lanes' pipeline, or while a pass of
  // another layer drains.
  a_pass_starts_empty: assert property (@(posedge clk_i) disable iff (!rst_ni)
    upd_state_q == UpdIdle && upd_state_d == UpdSettle |-> upd_v_q == '0 && !upd_valid_o);
  a_pass_overlaps_other_layer: assert property (@(posedge clk_i) disable iff (!rst_ni)
    upd_state_q == UpdDrain && upd_state_d == UpdSettle |-> upd_l_d != upd_l_q);
  // A pass that writes out_spikes_q never meets another such pass's rows.
  a_one_vec_pass: assert property (@(posedge clk_i) disable iff (!rst_ni)
    upd_state_q != UpdSettle && upd_state_d == UpdSettle && upd_wvec_d |-> upd_wv_q == '0);
  // The result machine's RESULT never meets a walker's STATUS or TRACE.
  a_one_writer: assert property (@(posedge clk_i) disable iff (!rst_ni)
    res_state_q == ResResult |-> state_q != trinity_pkg::StStatus && state_q != trinity_pkg::StTrace);
  // While the result machine reads the counts, no counting pass's row
  // enters the update pipeline (the lanes give it the count memory's port).
  a_counts_held: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (res_state_q == ResArgmax || res_state_q == ResResult) |-> !(upd_valid_o && count_o_q) && !(|res_cv_q));
  // The one-flop state flags are the state's.
  a_state_flags: assert property (@(posedge clk_i) disable iff (!rst_ni)
    st_acc_q == (state_q == trinity_pkg::StAccumulate) && st_next_q == (state_q == trinity_pkg::StLayerNext) &&
    st_pass_q == (state_q == trinity_pkg::StPassWait));
  // The engines start (fold) exactly when the walker moves to an item with weights.
  a_fold: assert property (@(posedge clk_i) disable iff (!rst_ni)
    fold == ((item_next || cont) && next_w_q));
  // A frame goes on to the next one only with LAG 1 (no TRACE) and a free result machine.
  a_cont_lag1: assert property (@(posedge clk_i) disable iff (!rst_ni)
    cont |-> lag1_q && !trace_i && res_state_q == ResIdle && rx_ended_i && verdict_valid_i);
  // A word is pushed only into a FIFO with room.
  a_push_has_room: assert property (@(posedge clk_i) disable iff (!rst_ni)
    out_push_o |-> !out_full_i);
`endif

endmodule
