// SPDX-License-Identifier: Apache-2.0
// trinity core: runs a whole trinity network (docs/fixed-point-spec.md)
// configured and fed through protocol v3 (docs/protocol-v3.md) on one
// AXI4-Stream input, answering on one AXI4-Stream output. See docs/rtl.md.
//
// The top connects the parts, each a module of its own:
//   trinity_receiver      packet framing, on-the-fly word checks, the
//                         verdict (protocol §5 order), parameter writes
//   trinity_layer_config  per-layer configuration registers
//   trinity_sequencer     verdict actions, STATUS, frame execution over the
//                         lanes, argmax, RESULT/TRACE words
//   trinity_engine_mem    ENGINES copies: each event engine's weights and
//                         per-task gates, one LANES-wide row per word
//   trinity_lane          LANES copies: accumulators (one bank per engine),
//                         state memories and the neuron pipelines
//   trinity_rate_coder    an IMAGE's pixels and their rate code (fixed-point
//                         spec §6) into the frame buffer
//   trinity_ram           the frame buffer
//   trinity_fifo          the output FIFO
//   trinity_write_reg     the LUT write, one register stage late
// Packets are consumed one at a time. While a packet arrives its words are
// checked and parameters are written straight into the lane memories; the
// verdict is taken when TLAST arrives. Writing before the verdict is safe
// because any failed parameter packet leaves the core unconfigured until the
// next good CONFIG, and CONFIG itself "zeroes" the parameters by clearing
// per-layer loaded flags (unloaded weights, biases and LUT entries read as
// zero, an unloaded gate keeps nothing) instead of clearing memories.
// Protocol v3: a GATE writes task k's bits beside the weights (one bit per
// weight row and lane), a TASK selects the task the frames run; task 0 adds
// every weight, task k only those its gate keeps (every row is still
// issued: a gated task costs the ungated cycles).
//
// A FRAME is stored in a frame buffer and checked completely before it is
// computed (§3); an IMAGE's pixels are stored and checked likewise, then the
// rate coder writes its spikes into the frame buffer and the frame is computed
// as a FRAME. While a frame computes the core takes the next FRAME's or
// IMAGE's words into the frame buffer's other bank or the pixel memory, and
// the rate coder codes a good IMAGE there; every other packet waits after
// its header, and every verdict is acted on after the frame's RESULT. The output goes
// through a small FIFO, and a full FIFO stalls the core, never drops words.
// Constants and types: trinity_pkg; capacity defaults: trinity_capacity_pkg.
//
// Reset: rst_ni is asynchronous, active low, for control registers only.
// After reset the core spends ceil(MAX_NEURONS/LANES) cycles zeroing the
// accumulators before it accepts input.
module trinity_core #(
  // Defaults: the hardware build's capacity (contract/capacity.mk HW_*).
  parameter int unsigned LANES            = trinity_capacity_pkg::HW_LANES,  // lanes, a power of two >= 4
  parameter int unsigned ENGINES          = 1,       // event engines: 1, 2, 4, 8, 16 or 32 (not a capacity)
  parameter int unsigned MAX_LAYERS       = trinity_capacity_pkg::HW_MAX_LAYERS,  // capacity: layers (1 ... 16)
  parameter int unsigned MAX_NEURONS      = trinity_capacity_pkg::HW_MAX_NEURONS,  // capacity: neurons per layer
  parameter int unsigned MAX_T            = trinity_capacity_pkg::HW_MAX_T,  // capacity: timesteps
  parameter int unsigned MAX_WEIGHT_BYTES = trinity_capacity_pkg::HW_MAX_WEIGHT_BYTES,  // capacity: sum of n_in*n_out
  parameter int unsigned MAX_LUT_ENTRIES  = trinity_capacity_pkg::HW_MAX_LUT_ENTRIES,  // capacity: LUT entries, power of two >= 4
  parameter int unsigned MAX_TASKS        = trinity_capacity_pkg::HW_MAX_TASKS,  // capacity: tasks K with gates held (1 ... 255)
  parameter int unsigned OUT_FIFO_DEPTH   = 4,       // output FIFO entries, power of two
  parameter int unsigned CODERS           = 8,       // rate coder generators: 1, 2, 4, 8, 16 or 32
  parameter bit          ENGINE_URAM      = 1'b1     // the engines' weight and gate memories in UltraRAM (no effect in simulation)
) (
  input  logic        clk_i,            // clock
  input  logic        rst_ni,           // asynchronous reset, active low
  input  logic [31:0] s_axis_tdata_i,   // input stream data
  input  logic        s_axis_tvalid_i,  // input stream valid
  input  logic        s_axis_tlast_i,   // input stream: last word of a packet
  output logic        s_axis_tready_o,  // input stream ready
  output logic [31:0] m_axis_tdata_o,   // output stream data
  output logic        m_axis_tvalid_o,  // output stream valid
  output logic        m_axis_tlast_o,   // output stream: last word of a packet
  input  logic        m_axis_tready_i   // output stream ready
);

  // ---------------------------------------------------------------------------
  // Sizes
  // ---------------------------------------------------------------------------
  localparam int unsigned LW        = $clog2(LANES);
  localparam int unsigned AROWS     = (MAX_NEURONS + LANES - 1) / LANES;
  // The spike vectors hold whole rows of LANES and whole 32-bit words of
  // every engine's slice (both powers of two: the larger is a multiple).
  localparam int unsigned VEC_UNIT  = (LANES > 32 * ENGINES) ? LANES : 32 * ENGINES;
  localparam int unsigned VEC_BITS  = ((MAX_NEURONS + VEC_UNIT - 1) / VEC_UNIT) * VEC_UNIT;
  localparam int unsigned SROWS     = MAX_LAYERS * AROWS;
  // Each weight column is padded to whole rows of LANES bytes, so the
  // padded total is at most MAX_WEIGHT_BYTES/LANES + sum(n_in) rows.
  localparam int unsigned SUM_NIN   = (MAX_LAYERS * MAX_NEURONS < MAX_WEIGHT_BYTES) ?
                                      MAX_LAYERS * MAX_NEURONS : MAX_WEIGHT_BYTES;
  localparam int unsigned WROWS_ALL = MAX_WEIGHT_BYTES / LANES + SUM_NIN;
  // Per engine: a layer's columns take ceil(n_in / ENGINES) * rows of each
  // engine's memory, at most n_in * rows / ENGINES + rows: so WROWS_ALL /
  // ENGINES plus one layer's rows per layer holds every model the capacity
  // admits (the capacity is checked in bytes, trinity_receiver).
  localparam int unsigned EW        = (ENGINES > 1) ? $clog2(ENGINES) : 0;
  localparam int unsigned EWW       = (EW > 0) ? EW : 1;
  localparam int unsigned WROWS     = (ENGINES == 1) ? WROWS_ALL :
                                      (WROWS_ALL + ENGINES - 1) / ENGINES + MAX_LAYERS * AROWS;
  // The lanes' adder tree over the engines' accumulators delays the update
  // by this many cycles (trinity_lane MERGE_DELAY).
  localparam int unsigned MERGE_DELAY = (EW > 1) ? EW - 1 : 0;
  localparam int unsigned LUT_HALF  = MAX_LUT_ENTRIES / 2;
  localparam int unsigned LROWS     = MAX_LAYERS * LUT_HALF;
  localparam int unsigned FB_DEPTH  = MAX_T * ((MAX_NEURONS + 31) / 32);
  localparam int unsigned WAW       = (WROWS > 1) ? $clog2(WROWS) : 1;
  localparam int unsigned AAW       = (AROWS > 1) ? $clog2(AROWS) : 1;
  localparam int unsigned SAW       = (SROWS > 1) ? $clog2(SROWS) : 1;
  localparam int unsigned LAW       = (LROWS > 1) ? $clog2(LROWS) : 1;
  localparam int unsigned FAW       = (FB_DEPTH > 1) ? $clog2(FB_DEPTH) : 1;
  localparam int unsigned LIW       = (MAX_LAYERS > 1) ? $clog2(MAX_LAYERS) : 1;
  localparam int unsigned PIX_WORDS = (MAX_NEURONS + 3) / 4;  // an IMAGE's pixel words, at most
  localparam int unsigned PXW       = $clog2(((MAX_NEURONS + 31) / 32) * 8);
  localparam int unsigned TW        = (MAX_TASKS > 1) ? $clog2(MAX_TASKS) : 1;  // task index bits
  localparam int unsigned GR        = (LANES < 32) ? 32 / LANES : 1;  // gate rows per GATE word and lane
  localparam int unsigned LG        = (LANES > 32) ? LANES / 32 : 1;  // GATE words per row of LANES
  // Row groups (docs/rtl.md "Row groups"): a layer splits its rows over at
  // most 2^SPLIT_LOG groups of engines, each group a multiple of
  // 2^GROUP_LOG = GR rows (a GATE word's rows stay in one engine). A group
  // may be one row: the engines' two-word scan picks an event every cycle.
  localparam int unsigned SPLIT_LOG = (EW < 3) ? EW : 3;
  localparam int unsigned GROUP_LOG = (LW < 5) ? 5 - LW : 0;
  // An engine adds at most PS_EVENTS weights into a bank word between two
  // updates (the inputs of the slices it scans, at most n_in), so a bank's
  // partial sum fits PSW = 8 + clog2(PS_EVENTS) bits exactly; the lanes
  // sign-extend it to the spec's 24 (trinity_acc_bank "Width").
  localparam int unsigned PS_SLICES = (VEC_BITS / ENGINES) << SPLIT_LOG;
  localparam int unsigned PS_EVENTS = (PS_SLICES < MAX_NEURONS) ? PS_SLICES : MAX_NEURONS;
  localparam int unsigned PSW       = (8 + $clog2(PS_EVENTS) < 24) ? 8 + $clog2(PS_EVENTS) : 24;

  // ---------------------------------------------------------------------------
  // Receiver and layer configuration
  // ---------------------------------------------------------------------------
  logic [31:0]      in_data;
  logic             rx_ready, rx_overlap, rx_taken, rx_ended, configured, fb_wbank, fb_rbank, code_bank;
  logic [LIW-1:0]   param_layer, hdr_layer, cur_layer, upd_layer, last_layer, cfg_layer, nxt_layer;
  logic             cfg_advance;  // the sequencer's walker moves to its next item (layer nxt_layer)
  logic             nxt_words_one;  // that item's layer: one slice word per engine
  logic [1:0]       nxt_split;      // ... log2 of its row groups
  logic [15:0]      nxt_grp_rows;   // ... rows per group
  logic [WAW-1:0]   nxt_slice_rows; // ... an engine's weight rows per slice
  logic [WAW-1:0]   param_rows;
  logic [15:0]      param_n_out, hdr_n_in, hdr_n_out, last_n_out, last_rows, first_n_in;
  logic [3:0]       hdr_lut_bits_m1, cfg_we;
  logic [WAW-1:0]   param_weight_base, cur_weight_base, cfg_weight_base;
  logic [SAW-1:0]   param_state_base, upd_state_base, cfg_state_base;
  logic [15:0]      cfg_rows, upd_rows_m1;
  logic [11:0]      cur_words_out, cur_eng_words;
  logic [1:0]       cur_split, param_split;
  logic [15:0]      cur_grp_rows, cur_grp_rows_m1;
  logic [WAW-1:0]   cur_slice_rows, param_grp_rows, param_slice_rows, cfg_eng_rows;
  trinity_pkg::layer_cfg_t cur_cfg, upd_cfg;  // the layer accumulated / the layer the lanes update
  logic             unused_cfg_fields;  // the sequencer takes n_in as cur_eng_words, rows as cur_grp_rows; the lanes the rest
  assign unused_cfg_fields = ^{cur_cfg.n_in, cur_cfg.kind, cur_cfg.w_shift, cur_cfg.v_th, cur_cfg.tau_d,
                               cur_cfg.tau_n, cur_cfg.lut_lo, cur_cfg.lut_shift, cur_cfg.lut_bits_m1,
                               cur_cfg.n_out, cur_cfg.rows, upd_cfg.n_in, upd_cfg.rows};
  logic [LANES/4-1:0] weight_we;
  logic [LANES-1:0] bias_we;
  logic [WAW-1:0]   weight_waddr;
  // The WEIGHTS write port one register stage after the beat: the write
  // enable is decoded from the input handshake, and straight to LANES
  // lanes' BRAM cascades it was the core's deepest path at LANES 32
  // (8 LUT levels, docs/rtl.md "Logic depth"). Safe: no weight is read
  // during reception, and a FRAME or IMAGE computes only after its own
  // verdict, cycles after the last WEIGHTS write has landed.
  logic [LANES/4-1:0] weight_we_q;
  logic [WAW-1:0]   weight_waddr_q;
  logic [EWW-1:0]   weight_eng, weight_eng_q, gate_eng;
  logic [31:0]      weight_wdata_q;
  logic [SAW-1:0]   bias_waddr;
  logic             lut_we;
  logic [LAW-1:0]   lut_waddr;
  logic             fb_we, rx_fb_we, code_fb_we, pix_we, image_fields, code_start, code_done;
  logic [FAW:0]     fb_waddr;  // {bank, word}
  logic [FAW-1:0]   rx_fb_waddr, code_fb_waddr, fb_raddr;
  logic [31:0]      fb_rdata, fb_wdata, code_fb_wdata, image_index;
  logic [63:0]      image_seed;
  logic [PXW-1:0]   pix_waddr;
  logic             verdict_valid, verdict_is_param, trace;
  logic [LG-1:0]    gate_we;
  logic [TW-1:0]    gate_task, gate_sel_task;
  logic [WAW-1:0]   gate_row;
  logic [GR-1:0]    gate_rvalid;
  logic [31:0]      gate_data;
  logic [7:0]       hdr_gate_task, hdr_task, n_tasks;
  logic             gate_bypass, gate_loaded;
  logic             unused_n_tasks;  // K is checked in the receiver (a GATE's or TASK's task <= K)
  assign unused_n_tasks = ^n_tasks;
  logic [7:0]       pkt_type, verdict_code;
  logic [23:0]      pkt_length;
  logic [31:0]      verdict_detail, frame_id;
  logic [4:0]       n_layers;
  logic [15:0]      timesteps;
  logic [11:0]      in_words;

  assign in_data         = s_axis_tdata_i;

  trinity_receiver #(
    .ENGINES(ENGINES), .EW(EW), .EWW(EWW), .LANES(LANES), .MAX_LAYERS(MAX_LAYERS), .MAX_NEURONS(MAX_NEURONS), .MAX_T(MAX_T),
    .MAX_WEIGHT_BYTES(MAX_WEIGHT_BYTES), .MAX_LUT_ENTRIES(MAX_LUT_ENTRIES), .MAX_TASKS(MAX_TASKS),
    .TW(TW), .GR(GR), .LG(LG), .LW(LW), .LUT_HALF(LUT_HALF), .FB_DEPTH(FB_DEPTH), .WAW(WAW), .SAW(SAW), .LAW(LAW), .FAW(FAW), .LIW(LIW),
    .PXW(PXW), .PIX_WORDS(PIX_WORDS)
  ) u_receiver (
    .clk_i, .rst_ni,
    .s_axis_tdata_i, .s_axis_tvalid_i, .s_axis_tlast_i, .s_axis_tready_o,
    .ready_i(rx_ready), .overlap_i(rx_overlap), .taken_i(rx_taken), .ended_o(rx_ended), .configured_i(configured),
    .param_layer_o(param_layer), .param_n_out_i(param_n_out), .param_rows_i(param_rows),
    .param_weight_base_i(param_weight_base), .param_state_base_i(param_state_base),
    .param_split_i(param_split), .param_grp_rows_i(param_grp_rows), .param_slice_rows_i(param_slice_rows),
    .hdr_layer_o(hdr_layer), .hdr_n_in_i(hdr_n_in), .hdr_n_out_i(hdr_n_out),
    .hdr_lut_bits_m1_i(hdr_lut_bits_m1), .first_n_in_i(first_n_in),
    .cfg_we_o(cfg_we), .cfg_layer_o(cfg_layer), .cfg_rows_o(cfg_rows),
    .cfg_weight_base_o(cfg_weight_base), .cfg_state_base_o(cfg_state_base), .cfg_eng_rows_o(cfg_eng_rows),
    .weight_we_o(weight_we), .weight_waddr_o(weight_waddr), .weight_eng_o(weight_eng), .bias_we_o(bias_we), .bias_waddr_o(bias_waddr),
    .lut_we_o(lut_we), .lut_waddr_o(lut_waddr), .fb_we_o(rx_fb_we), .fb_waddr_o(rx_fb_waddr),
    .pix_we_o(pix_we), .pix_waddr_o(pix_waddr),
    .gate_we_o(gate_we), .gate_eng_o(gate_eng), .gate_task_o(gate_task), .gate_row_o(gate_row), .gate_rvalid_o(gate_rvalid),
    .gate_data_o(gate_data),
    .pkt_type_o(pkt_type), .pkt_length_o(pkt_length),
    .verdict_valid_o(verdict_valid), .verdict_code_o(verdict_code), .verdict_detail_o(verdict_detail), .verdict_is_param_o(verdict_is_param),
    .hdr_gate_task_o(hdr_gate_task), .hdr_task_o(hdr_task),
    .n_layers_o(n_layers), .timesteps_o(timesteps), .trace_o(trace), .n_tasks_o(n_tasks), .frame_id_o(frame_id),
    .image_index_o(image_index), .image_seed_o(image_seed), .image_fields_o(image_fields), .in_words_o(in_words)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      weight_we_q <= '0;
    end else begin
      weight_we_q <= weight_we;
    end
  end

  // Datapath: no reset (weight_we_q says when they are used).
  always_ff @(posedge clk_i) begin
    weight_waddr_q <= weight_waddr;
    weight_eng_q   <= weight_eng;
    weight_wdata_q <= in_data;
  end

  // The CONFIG write port, likewise one register stage after the beat: the
  // entry-word enable decoded from the beat's payload index into every
  // layer's configuration register was the deepest path at LANES 32 x
  // ENGINES 16 (8 LUT levels, docs/rtl.md "The ENGINES core"). Safe: the
  // sequencer drops TREADY from the CONFIG's TLAST until its verdict
  // (VERDICT_LAT cycles), so no packet reads the configuration before the
  // last entry word has landed.
  logic [3:0]     cfg_we_q;
  logic [LIW-1:0] cfg_layer_q;
  logic [31:0]    cfg_word_q;
  logic [15:0]    cfg_rows_q;
  logic [WAW-1:0] cfg_weight_base_q;
  logic [SAW-1:0] cfg_state_base_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cfg_we_q <= '0;
    end else begin
      cfg_we_q <= cfg_we;
    end
  end
  always_ff @(posedge clk_i) begin
    cfg_layer_q       <= cfg_layer;
    cfg_word_q        <= in_data;
    cfg_rows_q        <= cfg_rows;
    cfg_weight_base_q <= cfg_weight_base;
    cfg_state_base_q  <= cfg_state_base;
  end

  trinity_layer_config #(
    .MAX_LAYERS(MAX_LAYERS), .EW(EW), .SPLIT_LOG(SPLIT_LOG), .GROUP_LOG(GROUP_LOG), .WAW(WAW), .SAW(SAW), .LIW(LIW)
  ) u_layer_config (
    .clk_i,
    .we_i(cfg_we_q), .layer_i(cfg_layer_q), .word_i(cfg_word_q), .rows_i(cfg_rows_q),
    .weight_base_i(cfg_weight_base_q), .state_base_i(cfg_state_base_q), .eng_rows_i(cfg_eng_rows),
    .cur_layer_i(cur_layer), .cur_cfg_o(cur_cfg), .cur_weight_base_o(cur_weight_base),
    .upd_layer_i(upd_layer), .upd_cfg_o(upd_cfg), .upd_state_base_o(upd_state_base), .upd_rows_m1_o(upd_rows_m1),
    .cur_eng_words_o(cur_eng_words),
    .cur_words_out_o(cur_words_out), .cur_split_o(cur_split), .cur_grp_rows_o(cur_grp_rows),
    .cur_grp_rows_m1_o(cur_grp_rows_m1), .cur_slice_rows_o(cur_slice_rows),
    .nxt_layer_i(nxt_layer), .advance_i(cfg_advance), .nxt_words_one_o(nxt_words_one),
    .nxt_split_o(nxt_split), .nxt_grp_rows_o(nxt_grp_rows), .nxt_slice_rows_o(nxt_slice_rows),
    .param_layer_i(param_layer), .param_n_out_o(param_n_out), .param_rows_o(param_rows),
    .param_weight_base_o(param_weight_base), .param_state_base_o(param_state_base),
    .param_split_o(param_split), .param_grp_rows_o(param_grp_rows), .param_slice_rows_o(param_slice_rows),
    .hdr_layer_i(hdr_layer), .hdr_n_in_o(hdr_n_in), .hdr_n_out_o(hdr_n_out),
    .hdr_lut_bits_m1_o(hdr_lut_bits_m1),
    .last_layer_i(last_layer), .last_n_out_o(last_n_out), .last_rows_o(last_rows),
    .first_n_in_o(first_n_in)
  );

  // The rate coder: pixel memory written by the receiver; its spike words go
  // into the frame buffer while the receiver is idle (StImageCode).
  trinity_rate_coder #(
    .MAX_NEURONS(MAX_NEURONS), .CODERS(CODERS), .FAW(FAW), .PXW(PXW)
  ) u_rate_coder (
    .clk_i, .rst_ni,
    .pix_we_i(pix_we), .pix_waddr_i(pix_waddr), .pix_wdata_i(in_data),
    .prep_i(image_fields), .start_i(code_start), .index_i(image_index), .seed_i(image_seed), .timesteps_i(timesteps),
    .n_in_i(first_n_in), .in_words_i(in_words), .done_o(code_done),
    .fb_we_o(code_fb_we), .fb_waddr_o(code_fb_waddr), .fb_wdata_o(code_fb_wdata)
  );
  // Two banks of the frame buffer: the receiver fills bank fb_wbank (the
  // next frame) while the loader reads the other (the frame computed), or,
  // in the last timestep, preloads the next frame's timestep 0 from the
  // receiver's bank once its good verdict waits (fb_rbank). The
  // rate coder writes code_bank: the computed frame's in StImageCode, or the
  // free one for an IMAGE that ended while a frame computes. The receiver
  // and the coder never write in the same cycle: StImageCode takes no input
  // words, and the receiver holds an ended packet until its verdict is taken.
  assign fb_we    = rx_fb_we || code_fb_we;
  assign fb_waddr = code_fb_we ? {code_bank, code_fb_waddr} : {fb_wbank, rx_fb_waddr};
  assign fb_wdata = code_fb_we ? code_fb_wdata : in_data;

  trinity_ram #(.WIDTH(32), .DEPTH(2 << FAW), .AW(FAW + 1)) u_frame_buf (
    .clk_i, .we_i(fb_we), .waddr_i(fb_waddr), .wdata_i(fb_wdata),
    .raddr_i({fb_rbank, fb_raddr}), .rdata_o(fb_rdata)
  );

  // ---------------------------------------------------------------------------
  // Sequencer and lanes
  // ---------------------------------------------------------------------------
  logic [ENGINES-1:0]     acc_valid;
  logic [ENGINES*AAW-1:0] acc_row;
  logic [ENGINES*WAW-1:0] weight_raddr;
  logic                upd_valid, bias_loaded, lut_loaded, first_step, count_layer;
  logic                acc_bank, upd_bank;  // the banks' half the engines write / the update reads
  logic [AAW-1:0]      upd_row, count_raddr;
  logic [SAW-1:0]      upd_state_row;
  logic [3:0]          layer;
  logic [LANES-1:0]    spikes;
  logic [LANES*16-1:0] counts;
  logic                out_push, out_full, out_last;
  logic [31:0]         out_data;

  trinity_sequencer #(
    .LANES(LANES), .ENGINES(ENGINES), .SPLIT_LOG(SPLIT_LOG), .UPD_LAT(trinity_pkg::UPD_SPIKE_LATENCY + MERGE_DELAY), .MAX_LAYERS(MAX_LAYERS), .MAX_TASKS(MAX_TASKS), .TW(TW), .LW(LW), .VEC_BITS(VEC_BITS),
    .WAW(WAW), .SAW(SAW), .AAW(AAW), .FAW(FAW), .LIW(LIW)
  ) u_sequencer (
    .clk_i, .rst_ni,
    // The sequencer reads pkt_end_i only in StReceive, where TREADY is high
    // unless an earlier packet is held (rx_ended, which it reads beside it):
    // taken from the ports, so the state decode of TREADY is not on its path.
    .rx_ready_o(rx_ready), .rx_overlap_o(rx_overlap), .rx_taken_o(rx_taken), .rx_ended_i(rx_ended), .pkt_end_i(s_axis_tvalid_i && s_axis_tlast_i), .pkt_type_i(pkt_type), .pkt_length_i(pkt_length),
    .verdict_valid_i(verdict_valid), .verdict_code_i(verdict_code), .verdict_detail_i(verdict_detail), .verdict_is_param_i(verdict_is_param),
    .hdr_layer_i(hdr_layer), .hdr_gate_task_i(hdr_gate_task), .hdr_task_i(hdr_task), .n_layers_i(n_layers), .timesteps_i(timesteps), .trace_i(trace),
    .frame_id_i(frame_id), .in_words_i(in_words), .code_start_o(code_start), .code_bank_o(code_bank), .code_done_i(code_done),
    .configured_o(configured),
    .cur_layer_o(cur_layer), .upd_layer_o(upd_layer), .upd_rows_m1_i(upd_rows_m1),
    .nxt_layer_o(nxt_layer), .cfg_advance_o(cfg_advance),
    .cur_eng_words_i(cur_eng_words), .cur_words_out_i(cur_words_out), .cur_split_i(cur_split),
    .cur_grp_rows_i(cur_grp_rows), .cur_grp_rows_m1_i(cur_grp_rows_m1), .cur_slice_rows_i(cur_slice_rows),
    .cur_weight_base_i(cur_weight_base), .upd_state_base_i(upd_state_base),
    .nxt_words_one_i(nxt_words_one), .nxt_split_i(nxt_split), .nxt_grp_rows_i(nxt_grp_rows),
    .nxt_slice_rows_i(nxt_slice_rows),
    .last_layer_o(last_layer), .last_n_out_i(last_n_out), .last_rows_i(last_rows),
    .fb_wbank_o(fb_wbank), .fb_rbank_o(fb_rbank), .fb_raddr_o(fb_raddr), .fb_rdata_i(fb_rdata),
    .acc_valid_o(acc_valid), .acc_row_o(acc_row),
    .acc_bank_o(acc_bank), .weight_raddr_o(weight_raddr), .upd_valid_o(upd_valid), .upd_row_o(upd_row), .upd_bank_o(upd_bank),
    .upd_state_row_o(upd_state_row), .layer_o(layer), .bias_loaded_o(bias_loaded), .lut_loaded_o(lut_loaded),
    .gate_bypass_o(gate_bypass), .gate_loaded_o(gate_loaded), .gate_task_o(gate_sel_task),
    .first_step_o(first_step), .count_o(count_layer), .spikes_i(spikes), .count_raddr_o(count_raddr),
    .counts_i(counts),
    .out_push_o(out_push), .out_data_o(out_data), .out_last_o(out_last), .out_full_i(out_full)
  );

  // The engines' weight and gate memories: engine e's row read at A0 by
  // weight_raddr, LANES weights and gate verdicts at A1. With ENGINES >= 2
  // the engines 2p and 2p + 1 share one memory through its two read ports
  // (docs/rtl.md "Engine memory pairs"); the writes of reception take its
  // port A, never while an engine reads (a_no_write_while_accumulating).
  localparam int unsigned MEM_PORTS = (ENGINES > 1) ? 2 : 1;
  localparam int unsigned MEMS      = ENGINES / MEM_PORTS;
  logic [ENGINES*8*LANES-1:0] eng_w_rdata;  // engine e, lane g's weight at [8*(LANES*e + g) +: 8]
  logic [ENGINES*LANES-1:0]   eng_g_open;   // engine e, lane g's gate at [LANES*e + g]
  // Any weight byte written: the OR of the registered enables (a register
  // of its own put the OR on the receiver's handshake path: 3.50 ns at 64 x 32).
  logic weight_any;
  assign weight_any = |weight_we_q;
  for (genvar m = 0; m < MEMS; m++) begin : gen_engine_mem
    // The column's engine (pair) selects the memory written.
    logic w_wr, g_wr, w_port, g_port;
    if (MEM_PORTS > 1) begin : gen_pair_sel
      assign w_wr   = weight_any && (32'(weight_eng_q) / 2 == m);
      assign g_wr   = (|gate_we) && (32'(gate_eng) / 2 == m);
      assign w_port = weight_eng_q[0];
      assign g_port = gate_eng[0];
    end else begin : gen_one_sel
      logic unused_eng;  // one engine: every column is its own
      assign unused_eng = ^{weight_eng_q, gate_eng};
      assign w_wr   = weight_any;
      assign g_wr   = |gate_we;
      assign w_port = 1'b0;
      assign g_port = 1'b0;
    end
    trinity_engine_mem #(
      .LANES(LANES), .WROWS(WROWS), .MAX_TASKS(MAX_TASKS), .TW(TW), .GR(GR), .LG(LG), .ULTRA(ENGINE_URAM),
      .PORTS(MEM_PORTS), .WAW(WAW)
    ) u_engine_mem (
      .clk_i,
      .w_wr_i(w_wr), .w_we_i(weight_we_q), .w_port_i(w_port), .w_waddr_i(weight_waddr_q),
      .w_wdata_i(weight_wdata_q),
      .g_wr_i(g_wr), .g_we_i(gate_we), .g_port_i(g_port), .g_task_i(gate_task), .g_row_i(gate_row),
      .g_rvalid_i(gate_rvalid), .g_data_i(gate_data),
      .raddr_i(weight_raddr[WAW*MEM_PORTS*m +: WAW*MEM_PORTS]),
      .gate_bypass_i(gate_bypass), .gate_loaded_i(gate_loaded), .gate_task_i(gate_sel_task),
      .w_rdata_o(eng_w_rdata[8*LANES*MEM_PORTS*m +: 8*LANES*MEM_PORTS]),
      .g_open_o(eng_g_open[LANES*MEM_PORTS*m +: LANES*MEM_PORTS])
    );
  end

  // The layer LUTs: every lane holds the same words, so two lanes share one
  // memory, each reading through a port of its own (LUT packets write
  // port A, never while a row is in the update pipeline: a_no_lut_write_
  // while_updating). Half the block RAM of a copy per lane: at the hardware
  // capacity (4 layers x 4,096 entries) 8 BRAM36 a pair, not 8 a lane.
  logic [LAW*LANES-1:0] lut_raddr;
  logic [32*LANES-1:0]  lut_rdata;
  // The LUT write, registered: port A's one address is the write's or the
  // read's, so the write enable selects the address, and the receiver's
  // enable (decoded from the stream) is too deep to do that too in one
  // cycle. A LUT packet's words land a cycle later; nothing reads them
  // before its verdict.
  logic             lut_we_q;
  logic [LAW-1:0]   lut_waddr_q;
  logic [31:0]      lut_wdata_q;
  trinity_write_reg #(.AW(LAW), .DW(32)) u_lut_write (
    .clk_i, .rst_ni, .we_i(lut_we), .waddr_i(lut_waddr), .wdata_i(in_data),
    .we_o(lut_we_q), .waddr_o(lut_waddr_q), .wdata_o(lut_wdata_q)
  );
  for (genvar p = 0; p < LANES / 2; p++) begin : gen_lut_pair
    trinity_ram_be2 #(.BYTES(4), .DEPTH(LROWS), .ULTRA(1'b0), .AW(LAW)) u_lutram (
      .clk_i,
      .wr_i(lut_we_q), .we_i(4'hF), .waddr_i(lut_waddr_q), .wdata_i(lut_wdata_q),
      .raddr_a_i(lut_raddr[LAW*(2*p) +: LAW]), .rdata_a_o(lut_rdata[32*(2*p) +: 32]),
      .raddr_b_i(lut_raddr[LAW*(2*p+1) +: LAW]), .rdata_b_o(lut_rdata[32*(2*p+1) +: 32])
    );
  end

  // Each engine's bank control, shared by every lane's bank of the engine
  // (the engine issues one row to all of them).
  localparam int unsigned ABW = AAW + 1;  // {half, row}
  logic [ENGINES*ABW-1:0] acc_addr, acc_waddr, acc_rd_addr;
  logic [ENGINES-1:0]     acc_ok1, acc_we, acc_hit_a2, acc_hit_b2, acc_rd_clr;
  for (genvar e = 0; e < ENGINES; e++) begin : gen_acc_ctrl
    trinity_acc_ctrl #(.AROWS(AROWS), .AAW(AAW)) u_acc_ctrl (
      .clk_i, .rst_ni,
      .acc_valid_i(acc_valid[e]), .acc_row_i(acc_row[AAW*e +: AAW]), .acc_bank_i(acc_bank),
      .rd_valid_i(upd_valid), .rd_row_i(upd_row), .rd_bank_i(upd_bank),
      .acc_addr_o(acc_addr[ABW*e +: ABW]), .ok1_o(acc_ok1[e]), .we_o(acc_we[e]),
      .waddr_o(acc_waddr[ABW*e +: ABW]), .hit_a2_o(acc_hit_a2[e]), .hit_b2_o(acc_hit_b2[e]),
      .rd_addr_o(acc_rd_addr[ABW*e +: ABW]), .rd_clr_o(acc_rd_clr[e])
    );
  end

  // The update pass's constants, delayed to each lane stage that reads them.
  logic [7:0]     u2_rnd;
  logic [8:0]     u2_tau_d, u2_tau_n;
  logic           u2_bias_loaded, u2_first_step, u3_wneg, u3_first_step, u8_lut_loaded, u10_count;
  logic [2:0]     u3_lsh;
  logic [3:0]     u3_rsh, u6_lut_shift;
  logic [15:0]    u5_lut_lo, u9_n_out, u10_v_th;
  logic [1:0]     u5_kind, u8_kind;
  logic [11:0]    u7_lut_last;
  logic [LAW-1:0] u7_lut_base;
  trinity_upd_ctrl #(.MERGE_DELAY(MERGE_DELAY), .LUT_HALF(LUT_HALF), .LAW(LAW)) u_upd_ctrl (
    .clk_i, .valid_i(upd_valid),
    .layer_i(layer), .kind_i(upd_cfg.kind), .w_shift_i(upd_cfg.w_shift), .v_th_i(upd_cfg.v_th),
    .tau_d_i(upd_cfg.tau_d), .tau_n_i(upd_cfg.tau_n), .lut_lo_i(upd_cfg.lut_lo), .lut_shift_i(upd_cfg.lut_shift),
    .lut_bits_m1_i(upd_cfg.lut_bits_m1), .n_out_i(upd_cfg.n_out), .bias_loaded_i(bias_loaded),
    .lut_loaded_i(lut_loaded), .first_step_i(first_step), .count_i(count_layer),
    .u2_rnd_o(u2_rnd), .u2_tau_d_o(u2_tau_d), .u2_tau_n_o(u2_tau_n), .u2_bias_loaded_o(u2_bias_loaded),
    .u2_first_step_o(u2_first_step), .u3_wneg_o(u3_wneg), .u3_lsh_o(u3_lsh), .u3_rsh_o(u3_rsh),
    .u3_first_step_o(u3_first_step), .u5_lut_lo_o(u5_lut_lo), .u5_kind_o(u5_kind),
    .u6_lut_shift_o(u6_lut_shift), .u7_lut_last_o(u7_lut_last), .u7_lut_base_o(u7_lut_base),
    .u8_kind_o(u8_kind), .u8_lut_loaded_o(u8_lut_loaded), .u9_n_out_o(u9_n_out),
    .u10_v_th_o(u10_v_th), .u10_count_o(u10_count)
  );

  for (genvar g = 0; g < LANES; g++) begin : gen_lane
    // This lane's byte and gate of every engine's row.
    logic [ENGINES*8-1:0] lane_w_rdata;
    logic [ENGINES-1:0]   lane_g_open;
    for (genvar e = 0; e < ENGINES; e++) begin : gen_engine_rd
      assign lane_w_rdata[8*e +: 8] = eng_w_rdata[8*(LANES*e + g) +: 8];
      assign lane_g_open[e]         = eng_g_open[LANES*e + g];
    end
    trinity_lane #(
      .LANE(g), .LANES(LANES), .ENGINES(ENGINES), .PSW(PSW), .AROWS(AROWS), .SROWS(SROWS),
      .LROWS(LROWS), .AAW(AAW), .SAW(SAW), .LAW(LAW)
    ) u_lane (
      .clk_i, .rst_ni,
      .b_we_i(bias_we[g]), .b_waddr_i(bias_waddr), .b_wdata_i(in_data[16*(g%2) +: 16]),
      .lut_raddr_o(lut_raddr[LAW*g +: LAW]), .lut_rdata_i(lut_rdata[32*g +: 32]),
      .acc_addr_i(acc_addr), .acc_ok1_i(acc_ok1), .acc_we_i(acc_we), .acc_waddr_i(acc_waddr),
      .acc_hit_a2_i(acc_hit_a2), .acc_hit_b2_i(acc_hit_b2), .acc_rd_addr_i(acc_rd_addr), .acc_rd_clr_i(acc_rd_clr),
      .w_rdata_i(lane_w_rdata), .g_open_i(lane_g_open),
      .upd_valid_i(upd_valid), .upd_row_i(upd_row), .upd_count_i(upd_valid && count_layer),
      .upd_srow_i(upd_state_row),
      .u2_rnd_i(u2_rnd), .u2_tau_d_i(u2_tau_d), .u2_tau_n_i(u2_tau_n), .u2_bias_loaded_i(u2_bias_loaded),
      .u2_first_step_i(u2_first_step), .u3_wneg_i(u3_wneg), .u3_lsh_i(u3_lsh), .u3_rsh_i(u3_rsh),
      .u3_first_step_i(u3_first_step), .u5_lut_lo_i(u5_lut_lo), .u5_kind_i(u5_kind),
      .u6_lut_shift_i(u6_lut_shift), .u7_lut_last_i(u7_lut_last), .u7_lut_base_i(u7_lut_base),
      .u8_kind_i(u8_kind), .u8_lut_loaded_i(u8_lut_loaded), .u9_n_out_i(u9_n_out),
      .u10_v_th_i(u10_v_th), .u10_count_i(u10_count),
      .spike_o(spikes[g]),
      .cnt_raddr_i(count_raddr), .cnt_o(counts[16*g +: 16])
    );
  end

  // ---------------------------------------------------------------------------
  // Output FIFO (the sequencer pushes only when it has room)
  // ---------------------------------------------------------------------------
  logic        out_valid;
  logic [32:0] fifo_rdata;

  trinity_fifo #(.WIDTH(33), .DEPTH(OUT_FIFO_DEPTH)) u_out_fifo (
    .clk_i, .rst_ni,
    .push_i(out_push), .wdata_i({out_last, out_data}), .full_o(out_full),
    .valid_o(out_valid), .pop_i(m_axis_tready_i && out_valid), .rdata_o(fifo_rdata)
  );
  assign m_axis_tvalid_o = out_valid;
  assign m_axis_tdata_o  = fifo_rdata[31:0];
  assign m_axis_tlast_o  = fifo_rdata[32];

`ifndef SYNTHESIS
  // Update rows of the last cycles, for the LUT assertion below: bit k set
  // when no row entered the lanes k + 1 cycles ago (a row reads the LUT
  // 7 + MERGE_DELAY cycles after it enters; the window covers its spike).
  localparam int unsigned QUIET = trinity_pkg::UPD_SPIKE_LATENCY + MERGE_DELAY + 2;
  logic [QUIET-1:0] upd_quiet_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) upd_quiet_q <= '1;
    else         upd_quiet_q <= {upd_quiet_q[QUIET-2:0], !upd_valid};
  end

  // AXI4-Stream output: once raised, TVALID stays high and TDATA/TLAST stay
  // stable until the sink takes the word (TREADY).
  // SYNCASYNCNET: Verilator 5.006 counts `disable iff (!rst_ni)` in an
  // assertion clocked by clk_i as a synchronous use of the asynchronous
  // reset; an assertion is not logic, so the warning says nothing here.
  /* verilator lint_off SYNCASYNCNET */
  a_out_hold: assert property (@(posedge clk_i) disable iff (!rst_ni)
    m_axis_tvalid_o && !m_axis_tready_i |=> m_axis_tvalid_o && $stable(m_axis_tdata_o) &&
                                            $stable(m_axis_tlast_o));
  // Port A of a paired engine memory either writes or reads: no weight or
  // gate is written while an engine accumulates (reception and compute
  // never overlap for parameter packets, trinity_receiver).
  a_no_write_while_accumulating: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (weight_any || (|gate_we)) |-> !(|acc_valid));
  // The same for the lane pairs' LUT memories: no LUT word is written while
  // an update row is in the lanes' pipeline (U1 ... U8 read it at U7), so
  // never within QUIET cycles of an update row.
  a_no_lut_write_while_updating: assert property (@(posedge clk_i) disable iff (!rst_ni)
    (lut_we || lut_we_q) |-> !upd_valid && upd_quiet_q == '1);
  /* verilator lint_on SYNCASYNCNET */
`endif

endmodule
