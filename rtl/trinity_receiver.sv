// SPDX-License-Identifier: Apache-2.0
// Packet receiver and checker: frames the input stream into packets
// (protocol §2), checks every payload word on the fly (BAD_FIELD, CAPACITY
// and PADDING, keeping the first failing word of each class), keeps the
// CONFIG globals and the running layer bases, writes parameters straight
// into the lane memories, FRAME words into the frame buffer and IMAGE pixel
// words into the rate coder's pixel memory (keeping the IMAGE's frame id,
// index n and seed), GATE words (protocol v3) into the lanes' gate memories
// through one register stage, and gives
// the verdict in protocol §5 order once the packet's TLAST has arrived.
// The verdict is a pipeline of VERDICT_LAT registered stages (the header
// fields, the two length products on DSPs, the length compares, the §5
// priority), so no verdict path is deeper than one multiply or one compare
// (docs/rtl.md "Logic depth"); verdict_valid_o says when it is ready.
// Writing before the verdict is safe because any failed parameter packet
// leaves the core unconfigured until the next good CONFIG (trinity_sequencer).
// Words arrive while ready_i (the sequencer's StReceive) and, while a frame
// computes (overlap_i), every word of a FRAME or IMAGE: the next frame is
// received into the frame buffer's other bank (or the pixel memory, which
// the rate coder has finished with). A parameter packet met while a frame
// computes stops after its header: its words would write the memories in
// use. Once a packet has ended (ended_o) no word is taken until the
// sequencer has acted on its verdict (taken_i), which stays valid until then.
module trinity_receiver #(
  parameter int unsigned ENGINES          = 1,        // event engines, a power of two (input j's column: engine j mod ENGINES, or a row group's, docs/rtl.md "Row groups")
  parameter int unsigned EW               = (ENGINES > 1) ? $clog2(ENGINES) : 0,  // log2(ENGINES)
  parameter int unsigned EWW              = (EW > 0) ? EW : 1,  // engine index bits, at least 1
  parameter int unsigned LANES            = 32,       // lanes, a power of two >= 4
  parameter int unsigned MAX_LAYERS       = 4,        // capacity: layers
  parameter int unsigned MAX_NEURONS      = 1024,     // capacity: neurons per layer
  parameter int unsigned MAX_T            = 256,      // capacity: timesteps
  parameter int unsigned MAX_WEIGHT_BYTES = 1048576,  // capacity: sum of n_in*n_out
  parameter int unsigned MAX_LUT_ENTRIES  = 4096,     // capacity: LUT entries
  parameter int unsigned MAX_TASKS        = 8,        // capacity: tasks K (gates held), >= 1
  parameter int unsigned TW               = 3,        // task index bits: $clog2(MAX_TASKS), at least 1
  parameter int unsigned GR               = 1,        // gate rows per GATE word and lane: max(1, 32 / LANES)
  parameter int unsigned LG               = 1,        // GATE words per row of LANES: max(1, LANES / 32)
  parameter int unsigned LW               = 5,        // log2(LANES)
  parameter int unsigned LUT_HALF         = 2048,     // LUT words per layer
  parameter int unsigned FB_DEPTH         = 8192,     // frame buffer words
  parameter int unsigned WAW              = 16,       // weight row address bits
  parameter int unsigned SAW              = 8,        // bias/state row address bits
  parameter int unsigned LAW              = 13,       // LUT address bits
  parameter int unsigned FAW              = 13,       // frame buffer address bits
  parameter int unsigned PXW              = 8,        // pixel word address bits
  parameter int unsigned PIX_WORDS        = 256,      // pixel words stored: ceil(MAX_NEURONS / 4)
  parameter int unsigned LIW              = 2         // layer index bits
) (
  input  logic              clk_i,               // clock
  input  logic              rst_ni,              // asynchronous reset, active low
  // Input stream.
  input  logic [31:0]       s_axis_tdata_i,      // input stream data
  input  logic              s_axis_tvalid_i,     // input stream valid
  input  logic              s_axis_tlast_i,      // input stream: last word of a packet
  output logic              s_axis_tready_o,     // input stream ready
  input  logic              ready_i,             // the sequencer takes any packet (StReceive)
  input  logic              overlap_i,           // a frame computes: take a FRAME's or IMAGE's words
  input  logic              taken_i,             // the sequencer acts on the verdict this cycle
  output logic              ended_o,             // a packet has ended and its verdict is not yet taken
  input  logic              configured_i,        // a good CONFIG is in force
  // Layer configuration reads (trinity_layer_config).
  output logic [LIW-1:0]    param_layer_o,       // layer a parameter packet addresses
  input  logic [15:0]       param_n_out_i,       // ... its n_out
  input  logic [WAW-1:0]    param_rows_i,        // ... its rows
  input  logic [WAW-1:0]    param_weight_base_i, // ... its first weight row
  input  logic [SAW-1:0]    param_state_base_i,  // ... its first bias/state row
  input  logic [1:0]        param_split_i,       // ... log2 of its row groups EO
  input  logic [WAW-1:0]    param_grp_rows_i,    // ... rows per group, R / EO
  input  logic [WAW-1:0]    param_slice_rows_i,  // ... an engine's weight rows per input slice: ceil(n_in / ENGINES) * R / EO
  output logic [LIW-1:0]    hdr_layer_o,         // layer in a parameter packet's word 0
  input  logic [15:0]       hdr_n_in_i,          // ... its n_in
  input  logic [15:0]       hdr_n_out_i,         // ... its n_out
  input  logic [3:0]        hdr_lut_bits_m1_i,   // ... its lut_bits - 1
  input  logic [15:0]       first_n_in_i,        // n_in of layer 0
  // Layer configuration write (the entry word is s_axis_tdata_i).
  output logic [3:0]        cfg_we_o,            // CONFIG layer-entry word 0 ... 3 arrives
  output logic [LIW-1:0]    cfg_layer_o,         // of this layer
  output logic [15:0]       cfg_rows_o,          // ceil(n_out / LANES) of word 0
  output logic [WAW-1:0]    cfg_weight_base_o,   // first weight row of the layer
  output logic [SAW-1:0]    cfg_state_base_o,    // first bias/state row of the layer
  output logic [WAW-1:0]    cfg_eng_rows_o,      // ceil(n_in / ENGINES) * rows: the layer's weight rows per engine (one cycle after word 0)
  // Parameter and frame writes (the data is s_axis_tdata_i).
  output logic [LANES/4-1:0] weight_we_o,        // write the weight bytes of lanes 4c ... 4c+3 (bit c)
  output logic [WAW-1:0]    weight_waddr_o,      // weight row (in engine weight_eng_o's memory)
  output logic [EWW-1:0]    weight_eng_o,        // the engine whose memory is written
  output logic [LANES-1:0]  bias_we_o,           // per lane: write a bias
  output logic [SAW-1:0]    bias_waddr_o,        // bias row
  output logic              lut_we_o,            // write a LUT word (every lane)
  output logic [LAW-1:0]    lut_waddr_o,         // LUT address
  output logic              fb_we_o,             // write a frame buffer word
  output logic [FAW-1:0]    fb_waddr_o,          // frame buffer address
  output logic              pix_we_o,            // write an IMAGE pixel word
  output logic [PXW-1:0]    pix_waddr_o,         // pixel word index (payload index - 4)
  // Gate writes (GATE), registered: the word of the previous beat.
  output logic [LG-1:0]     gate_we_o,           // write the gate bits of lanes 32c ... 32c+31 (bit c; all below 32 lanes)
  output logic [EWW-1:0]    gate_eng_o,          // in this engine's memory
  output logic [TW-1:0]     gate_task_o,         // task k - 1
  output logic [WAW-1:0]    gate_row_o,          // weight row of the word's first neuron in each lane
  output logic [GR-1:0]     gate_rvalid_o,       // row gate_row_o + r is inside the column (bit r)
  output logic [31:0]       gate_data_o,         // the GATE word (neuron 32w + b at bit b)
  // The packet and its verdict.
  output logic [7:0]        pkt_type_o,          // its type
  output logic [23:0]       pkt_length_o,        // its declared length
  output logic              verdict_valid_o,     // the verdict below is ready (VERDICT_LAT cycles after TLAST, until taken_i)
  output logic [7:0]        verdict_code_o,      // protocol §5 code
  output logic [31:0]       verdict_detail_o,    // protocol §5 detail
  output logic              verdict_is_param_o,  // CONFIG, WEIGHTS, BIAS, LUT or GATE
  output logic [7:0]        hdr_gate_task_o,     // GATE word 0: task k (bits 23:16; k <= MAX_TASKS once good)
  output logic [7:0]        hdr_task_o,          // TASK word 0: task k (bits 7:0; k <= MAX_TASKS once good)
  // CONFIG globals and the frame.
  output logic [4:0]        n_layers_o,          // layers
  output logic [15:0]       timesteps_o,         // timesteps per frame
  output logic              trace_o,             // TRACE packets requested
  output logic [7:0]        n_tasks_o,           // task count K (protocol v3)
  output logic [31:0]       frame_id_o,          // id of the last FRAME or IMAGE
  output logic [31:0]       image_index_o,       // the last IMAGE's n
  output logic [63:0]       image_seed_o,        // ... its seed
  output logic              image_fields_o,      // pulse: an IMAGE's index and seed words are in (the two above hold them)
  output logic [11:0]       in_words_o           // 32-bit words per input timestep
);

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  logic        in_packet_q, in_packet_d;          // between a header and its TLAST
  logic        frame_pkt_q;                       // ... of a FRAME or IMAGE (may be received while a frame computes):
                                                  // pkt_type_q's compare, registered to keep it off the TREADY path
  logic        gate_pkt_q;                        // ... of a GATE: the compare registered, off the row-walk paths
  logic        ended_q;                           // a packet ended; its verdict not yet taken
  logic        verdict_held_q;                    // ... and its verdict is ready
  logic [7:0]  pkt_type_q, pkt_type_d;
  logic [23:0] pkt_length_q, pkt_length_d;        // declared payload length
  logic [31:0] rcv_words_q, rcv_words_d;          // payload words received (saturating)
  logic [31:0] payload0_q, payload0_d;            // payload word 0
  logic        bad_version_q, bad_version_d;      // CONFIG magic/version wrong
  logic        bad_field_q, bad_field_d;          // a BAD_FIELD word was seen ...
  logic [23:0] bad_field_idx_q, bad_field_idx_d;  // ... first at this payload index
  logic        over_cap_q, over_cap_d;            // a CAPACITY word was seen ...
  logic [23:0] over_cap_idx_q, over_cap_idx_d;
  logic        bad_pad_q, bad_pad_d;              // a PADDING word was seen ...
  logic [23:0] bad_pad_idx_q, bad_pad_idx_d;
  logic [1:0]  entry_word_q, entry_word_d;        // word within a CONFIG layer entry
  logic [7:0]  entry_layer_q, entry_layer_d;      // layer of that entry
  logic [15:0] prev_n_out_q, prev_n_out_d;        // n_out of the previous entry
  logic [39:0] weight_bytes_q, weight_bytes_d;    // sum of n_in*n_out so far
  logic [39:0] weight_rows_q, weight_rows_d;      // weight rows of the entries so far
  logic [23:0] state_rows_q, state_rows_d;        // bias/state rows so far
  logic [15:0] col_word_q, col_word_d;            // word within a WEIGHTS column / FRAME timestep
  // A WEIGHTS or GATE column j = j' * ENGINES + s (s = col_eng_q) goes, with
  // EI = ENGINES / EO, to the engines e = g * EI + (s mod EI) of row group g,
  // at rows jrow + krow + (its row in the group), jrow = base + j' * R/EO,
  // krow = (s / EI) * slice rows (docs/rtl.md "Row groups").
  logic [WAW-1:0] col_row_q, col_row_d;           // the column's first weight row in its engines: jrow + krow
  logic [WAW-1:0] jrow_q, jrow_d;                 // base + j' * R / EO
  logic [WAW-1:0] krow_q, krow_d;                 // (s / EI) * slice rows
  logic [EWW-1:0] col_eng_q, col_eng_d;           // the column's input slice s = j mod ENGINES
  logic [EWW-1:0] wr_eng_q, wr_eng_d;             // the engine the current word goes to
  logic [WAW-1:0] grow_q, grow_d;                 // the current word's row within its group
  logic [31:0] frame_id_q, frame_id_d;
  logic [31:0] image_index_q, image_index_d;      // IMAGE word 1
  logic [63:0] image_seed_q, image_seed_d;        // IMAGE words 2 (low) and 3 (high)
  logic        image_fields_q;                    // the seed's high word came in the cycle before
  logic [4:0]  n_layers_q, n_layers_d;
  logic [15:0] timesteps_q, timesteps_d;
  logic        trace_q, trace_d;
  logic [7:0]  n_tasks_q, n_tasks_d;              // CONFIG's task count K
  // Registered forms of per-packet comparisons, so no payload-word path
  // starts with a 24-bit compare or a configuration multiplexer.
  logic        idx_zero_q, idx_zero_d;            // the next payload word is word 0
  logic        idx_one_q, idx_one_d;              // ... is word 1
  logic        in_payload_q, in_payload_d;        // the next word is inside the declared length
  logic [15:0] p_cols_m1_q;                       // WEIGHTS: words per column - 1 (the packet's layer)
  logic [WAW-1:0] p_rows_q;                       // WEIGHTS: rows per column
  logic [1:0]     p_split_q;                      // WEIGHTS / GATE: log2 of the layer's row groups EO
  logic [WAW-1:0] p_grp_rows_q;                   // ... rows per group
  logic [WAW-1:0] p_slice_rows_q;                 // ... weight rows per input slice in an engine
  logic [31:0] p_wpad_mask_q, p_bpad_mask_q;      // WEIGHTS / BIAS: pad masks of the last word
  logic [31:0] p_bias_last_q;                     // BIAS: last word's pc
  logic [15:0] p_gcols_m1_q;                      // GATE: words per column - 1
  logic [31:0] p_gpad_mask_q;                     // GATE: pad mask of a column's last word
  // A GATE word's write, one cycle after its beat (trinity_lane's gate banks).
  logic [LG-1:0]    gate_we_q;                    // per 32-lane chunk
  logic [WAW-1:0]   gate_row_q;                   // weight row of the word's first neuron
  logic [EWW-1:0]   gate_eng_q;                   // in this engine's memory
  logic [GR-1:0]    gate_rvalid_q;                // rows inside the column
  logic [TW-1:0]    gate_task_q;                  // task k - 1
  logic [31:0]      gate_data_q;                  // the word
  logic [15:0] f_words_m1_q;                      // FRAME: words per timestep - 1
  logic [31:0] f_pad_mask_q;                      // FRAME: pad mask of a timestep's last word
  logic [23:0] i_last_idx_q;                      // IMAGE: payload index of the last pixel word
  logic [31:0] i_pad_mask_q;                      // IMAGE: pad mask of that word
  // CONFIG layer entry word 0, checked and summed one cycle after it arrives
  // (its products come out of a DSP).
  logic        e0_q;                              // entry word 0 arrived last cycle ...
  logic [23:0] e0_idx_q;                          // ... at this payload index
  logic [15:0] e0_n_in_q, e0_n_out_q, e0_rows_q;
  logic [31:0] e0_bytes_q, e0_nin_rows_q;         // n_in*n_out, n_in*rows

  // ---------------------------------------------------------------------------
  // Input beats
  // ---------------------------------------------------------------------------
  logic        beat, payload_beat, hdr_beat, pkt_end;
  logic [31:0] word;
  logic [23:0] idx;
  assign s_axis_tready_o = !ended_q && (ready_i || (overlap_i && (!in_packet_q || frame_pkt_q)));
  assign beat = s_axis_tvalid_i && s_axis_tready_o;
  assign word = s_axis_tdata_i;
  assign idx  = rcv_words_q[23:0];
  // A payload word inside the declared length: the only words acted on.
  assign payload_beat = beat && in_packet_q && in_payload_q;
  // The first word of a packet.
  assign hdr_beat = beat && !in_packet_q;

  // Layer addressed by a parameter packet (valid once word 0 arrived).
  logic [7:0] param_layer;
  logic       param_layer_ok;
  assign param_layer    = idx_zero_q ? word[7:0] : payload0_q[7:0];
  assign param_layer_o  = param_layer[LIW-1:0];
  assign param_layer_ok = configured_i && ({5'd0, param_layer} < {8'd0, n_layers_q}) &&
                          (32'(param_layer) < MAX_LAYERS);

  // Layer in a parameter packet's word 0, for the verdict.
  assign hdr_layer_o = payload0_q[LIW-1:0];

  // Frame geometry.
  logic [11:0] in_words;
  assign in_words   = 12'((32'(first_n_in_i) + 32'd31) >> 5);
  assign in_words_o = in_words;

  // ---------------------------------------------------------------------------
  // Parameter writes straight from the input beat
  // ---------------------------------------------------------------------------
  logic [15:0] pc;  // payload index - 1: word within the parameter data
  always_comb begin
    weight_we_o    = '0;
    bias_we_o      = '0;
    lut_we_o       = 1'b0;
    fb_we_o        = 1'b0;
    pc             = 16'(idx - 24'd1);
    weight_waddr_o = col_row_q + grow_q;
    weight_eng_o   = wr_eng_q;
    bias_waddr_o   = param_state_base_i + SAW'(32'(pc) >> (LW - 1));
    lut_waddr_o    = LAW'(32'(param_layer_o) * LUT_HALF + 32'(pc));
    fb_waddr_o     = FAW'(pc);
    pix_we_o       = 1'b0;
    pix_waddr_o    = PXW'(idx - 24'd4);
    if (payload_beat && !idx_zero_q) begin
      unique case (pkt_type_q)
        trinity_pkg::PKT_WEIGHTS: begin
          if (param_layer_ok) begin
            for (int unsigned c = 0; c < LANES / 4; c++) begin
              weight_we_o[c] = (c == (32'(col_word_q) % (LANES / 4)));
            end
          end
        end
        trinity_pkg::PKT_BIAS: begin
          if (param_layer_ok) begin
            for (int unsigned ln = 0; ln < LANES; ln++) begin
              bias_we_o[ln] = ((ln / 2) == (32'(pc) % (LANES / 2)));
            end
          end
        end
        // pc < N as idx <= N (idx >= 1 here): no subtract before the compare.
        trinity_pkg::PKT_LUT:   lut_we_o = param_layer_ok && (32'(idx) <= LUT_HALF);
        trinity_pkg::PKT_FRAME: fb_we_o = configured_i && (32'(idx) <= FB_DEPTH);
        trinity_pkg::PKT_IMAGE: pix_we_o = configured_i && (idx > 24'd3) && (32'(idx) < PIX_WORDS + 4);
        default: ;
      endcase
    end
  end

  // ---------------------------------------------------------------------------
  // Gate writes (GATE, protocol v3), one register stage after the beat
  // ---------------------------------------------------------------------------
  // Word w of input j's gate column holds neurons 32w ... 32w+31, which sit
  // at column rows (32w + i) / LANES. With LANES <= 32 those are the GR =
  // 32/LANES rows w*GR + r of every lane (lane ln's bit of row r at word bit
  // r*LANES + ln); with LANES > 32, one row, in lanes 32*(w mod LANES/32)
  // ... + 31. A row past the column's own rows (n_out < 32) is not written:
  // it belongs to the next column or layer. A group holds a multiple of GR
  // rows (trinity_layer_config's GROUP_LOG), so a word's rows share one
  // engine: grow_q is the first one's row in its group.
  logic [LG-1:0]    gate_we_d;
  logic [WAW-1:0]   gate_row_d;
  logic [GR-1:0]    gate_rvalid_d;
  logic             gate_task_ok;  // word 0's task is 1 ... MAX_TASKS (a row of the gate memories)
  assign gate_task_ok = (payload0_q[31:16] != 16'd0) && (32'(payload0_q[31:16]) <= MAX_TASKS);
  always_comb begin
    gate_we_d = '0;
    gate_row_d = col_row_q + grow_q;
    if (LANES <= 32) begin
      for (int unsigned r = 0; r < GR; r++) begin
        gate_rvalid_d[r] = (32'(col_word_q) * GR + r < 32'(p_rows_q));
      end
    end else begin
      gate_rvalid_d = '1;  // word w is in row w / LG < ceil(n_out / LANES)
    end
    if (payload_beat && !idx_zero_q && pkt_type_q == trinity_pkg::PKT_GATE && param_layer_ok && gate_task_ok) begin
      for (int unsigned c = 0; c < LG; c++) begin
        gate_we_d[c] = (c == (32'(col_word_q) % LG));
      end
    end
  end
  assign gate_we_o     = gate_we_q;
  assign gate_row_o    = gate_row_q;
  assign gate_eng_o    = gate_eng_q;
  assign gate_rvalid_o = gate_rvalid_q;
  assign gate_task_o   = gate_task_q;
  assign gate_data_o   = gate_data_q;

  // ---------------------------------------------------------------------------
  // Packet verdict (protocol §5 order), four registered stages. Its inputs
  // (the packet's registers, the configuration of its layer) stay put from
  // the cycle after TLAST until the sequencer has acted on the verdict.
  // ---------------------------------------------------------------------------
  localparam int unsigned VERDICT_LAT = 5;  // pkt_end to verdict_valid_o, cycles

  logic        known, is_param, hdr_layer_ok;
  assign hdr_layer_ok = ({5'd0, payload0_q[7:0]} < {8'd0, n_layers_q}) && (32'(payload0_q[7:0]) < MAX_LAYERS);
  always_comb begin
    known    = (pkt_type_q == trinity_pkg::PKT_CONFIG) || (pkt_type_q == trinity_pkg::PKT_WEIGHTS) ||
               (pkt_type_q == trinity_pkg::PKT_BIAS) || (pkt_type_q == trinity_pkg::PKT_LUT) ||
               (pkt_type_q == trinity_pkg::PKT_QUERY) || (pkt_type_q == trinity_pkg::PKT_GATE) ||
               (pkt_type_q == trinity_pkg::PKT_TASK) || (pkt_type_q == trinity_pkg::PKT_FRAME) ||
               (pkt_type_q == trinity_pkg::PKT_IMAGE);
    is_param = (pkt_type_q == trinity_pkg::PKT_CONFIG) || (pkt_type_q == trinity_pkg::PKT_WEIGHTS) ||
               (pkt_type_q == trinity_pkg::PKT_BIAS) || (pkt_type_q == trinity_pkg::PKT_LUT) ||
               (pkt_type_q == trinity_pkg::PKT_GATE);
  end

  // V1: the factors and the lengths that need no product; the LENGTH check.
  logic        v1_known_q, v1_len_bad_q, v1_layer_ok_q, v1_len_zero_q;
  logic        v1_w0_bad_q;   // word 0 of WEIGHTS/BIAS/LUT/GATE/TASK out of range (BAD_FIELD, detail 0)
  logic [15:0] v1_n_in_q, v1_cols_q, v1_ts_q;
  logic [11:0] v1_in_words_q;
  logic [31:0] v1_other_len_q;  // CONFIG, BIAS or LUT: the expected length
  // V2: the products.
  logic        v2_known_q, v2_len_bad_q, v2_layer_ok_q, v2_len_zero_q, v2_w0_bad_q;
  logic [31:0] v2_weights_len_q, v2_frame_len_q, v2_other_len_q;
  logic [31:0] v2_len_m1_q;  // the declared length - 1: V3 compares it with the products, no adder in front
  // V3: the size check.
  logic        v3_known_q, v3_len_bad_q, v3_size_ok_q, v3_w0_bad_q;
  // V4: the verdict.
  logic [7:0]  v4_code_q;
  logic [31:0] v4_detail_q;
  logic [VERDICT_LAT-1:0] v_pipe_q;  // pkt_end delayed

  always_ff @(posedge clk_i) begin
    v1_known_q    <= known;
    v1_len_bad_q  <= (rcv_words_q != {8'd0, pkt_length_q});
    v1_layer_ok_q <= hdr_layer_ok;
    v1_len_zero_q <= (pkt_length_q == 24'd0);
    v1_n_in_q     <= hdr_n_in_i;
    // Words per column: four weights (WEIGHTS) or 32 gate bits (GATE).
    if (pkt_type_q == trinity_pkg::PKT_GATE) begin
      v1_cols_q <= 16'((32'(hdr_n_out_i) + 32'd31) >> 5);
    end else begin
      v1_cols_q <= 16'((32'(hdr_n_out_i) + 32'd3) >> 2);
    end
    // Word 0's fields: WEIGHTS/BIAS/LUT bits 31:8 zero; GATE bits 15:8 zero
    // and task 1 ... K in 31:16; TASK bits 31:16 zero and task <= K.
    unique case (pkt_type_q)
      trinity_pkg::PKT_GATE:
        v1_w0_bad_q <= (payload0_q[15:8] != 8'd0) || (payload0_q[31:16] == 16'd0) ||
                       (payload0_q[31:16] > {8'd0, n_tasks_q});
      trinity_pkg::PKT_TASK:
        v1_w0_bad_q <= (payload0_q[31:16] != 16'd0) || (payload0_q[15:0] > {8'd0, n_tasks_q});
      trinity_pkg::PKT_WEIGHTS, trinity_pkg::PKT_BIAS, trinity_pkg::PKT_LUT:
        v1_w0_bad_q <= (payload0_q[31:8] != 24'd0);
      default: v1_w0_bad_q <= 1'b0;
    endcase
    v1_ts_q       <= timesteps_q;
    v1_in_words_q <= in_words;
    unique case (pkt_type_q)
      trinity_pkg::PKT_CONFIG: v1_other_len_q <= 32'd2 + 32'd4 * 32'(payload0_q[7:0]);
      trinity_pkg::PKT_BIAS:   v1_other_len_q <= 32'd1 + ((32'(hdr_n_out_i) + 32'd1) >> 1);
      trinity_pkg::PKT_IMAGE:  v1_other_len_q <= 32'd4 + ((32'(first_n_in_i) + 32'd3) >> 2);
      default:                 v1_other_len_q <= 32'd1 + (32'd1 << hdr_lut_bits_m1_i);
    endcase

    v2_known_q       <= v1_known_q;
    v2_len_bad_q     <= v1_len_bad_q;
    v2_layer_ok_q    <= v1_layer_ok_q;
    v2_len_zero_q    <= v1_len_zero_q;
    v2_w0_bad_q      <= v1_w0_bad_q;
    v2_weights_len_q <= 32'(v1_n_in_q) * 32'(v1_cols_q);  // + 1: V3 compares with the length - 1
    v2_frame_len_q   <= 32'(v1_ts_q) * 32'(v1_in_words_q);  // + 1: likewise
    v2_len_m1_q      <= {8'd0, pkt_length_q} - 32'd1;  // a zero length wraps: never a product (< 2^28)
    v2_other_len_q   <= v1_other_len_q;

    v3_known_q   <= v2_known_q;
    v3_len_bad_q <= v2_len_bad_q;
    v3_w0_bad_q  <= v2_w0_bad_q;
    unique case (pkt_type_q)
      trinity_pkg::PKT_CONFIG: v3_size_ok_q <= !v2_len_zero_q && ({8'd0, pkt_length_q} == v2_other_len_q);
      trinity_pkg::PKT_WEIGHTS, trinity_pkg::PKT_GATE:
        v3_size_ok_q <= !v2_len_zero_q && v2_layer_ok_q && (v2_len_m1_q == v2_weights_len_q);
      trinity_pkg::PKT_TASK:   v3_size_ok_q <= (pkt_length_q == 24'd1);
      trinity_pkg::PKT_BIAS, trinity_pkg::PKT_LUT:
        v3_size_ok_q <= !v2_len_zero_q && v2_layer_ok_q && ({8'd0, pkt_length_q} == v2_other_len_q);
      trinity_pkg::PKT_QUERY:  v3_size_ok_q <= v2_len_zero_q;
      trinity_pkg::PKT_FRAME:  v3_size_ok_q <= (v2_len_m1_q == v2_frame_len_q);
      trinity_pkg::PKT_IMAGE:  v3_size_ok_q <= ({8'd0, pkt_length_q} == v2_other_len_q);
      default:                 v3_size_ok_q <= 1'b0;
    endcase

    v4_code_q   <= trinity_pkg::ERR_OK;
    v4_detail_q <= 32'd0;
    if (!v3_known_q) begin
      v4_code_q <= trinity_pkg::ERR_UNKNOWN_TYPE;
    end else if (v3_len_bad_q) begin
      v4_code_q   <= trinity_pkg::ERR_LENGTH;
      v4_detail_q <= rcv_words_q;
    end else if (!configured_i && pkt_type_q != trinity_pkg::PKT_CONFIG && pkt_type_q != trinity_pkg::PKT_QUERY) begin
      v4_code_q <= trinity_pkg::ERR_NOT_CONFIGURED;
    end else if (!v3_size_ok_q) begin
      v4_code_q <= trinity_pkg::ERR_BAD_SIZE;
    end else if (pkt_type_q == trinity_pkg::PKT_CONFIG && bad_version_q) begin
      v4_code_q <= trinity_pkg::ERR_BAD_VERSION;
    end else if (pkt_type_q == trinity_pkg::PKT_CONFIG && bad_field_q) begin
      v4_code_q   <= trinity_pkg::ERR_BAD_FIELD;
      v4_detail_q <= {8'd0, bad_field_idx_q};
    end else if (pkt_type_q == trinity_pkg::PKT_CONFIG && over_cap_q) begin
      v4_code_q   <= trinity_pkg::ERR_CAPACITY;
      v4_detail_q <= {8'd0, over_cap_idx_q};
    end else if (v3_w0_bad_q) begin
      v4_code_q <= trinity_pkg::ERR_BAD_FIELD;
    end else if (bad_pad_q) begin
      v4_code_q   <= trinity_pkg::ERR_PADDING;
      v4_detail_q <= {8'd0, bad_pad_idx_q};
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_pipe_q       <= '0;
      ended_q        <= 1'b0;
      verdict_held_q <= 1'b0;
    end else begin
      v_pipe_q       <= {v_pipe_q[VERDICT_LAT-2:0], pkt_end};
      ended_q        <= (ended_q || pkt_end) && !taken_i;
      verdict_held_q <= (verdict_held_q || v_pipe_q[VERDICT_LAT-1]) && !taken_i;
    end
  end
  assign verdict_valid_o  = v_pipe_q[VERDICT_LAT-1] || verdict_held_q;
  assign ended_o          = ended_q;
  assign verdict_code_o   = v4_code_q;
  assign verdict_detail_o = v4_detail_q;
  assign verdict_is_param_o = is_param;
  assign hdr_gate_task_o    = payload0_q[23:16];
  assign hdr_task_o         = payload0_q[7:0];

  // ---------------------------------------------------------------------------
  // Streaming checks of CONFIG / WEIGHTS / BIAS / FRAME / IMAGE words
  // ---------------------------------------------------------------------------
  logic [15:0] entry_n_in, entry_n_out, entry_rows, param_col_words;
  logic [31:0] entry_bytes, pad_mask;
  logic [7:0]  entry_w_shift;
  assign entry_n_in      = word[15:0];
  assign entry_n_out     = word[31:16];
  assign entry_rows      = 16'((32'(entry_n_out) + LANES - 1) >> LW);
  assign entry_bytes     = 32'(entry_n_in) * 32'(entry_n_out);
  assign entry_w_shift   = word[15:8];
  assign param_col_words = 16'((32'(param_n_out_i) + 32'd3) >> 2);

  // Per-packet values of the packet's layer (param_layer: word 0 itself on
  // word 0, then payload0_q), registered on every beat, so valid from word 1
  // on, where they are used; and of the frame geometry.
  always_ff @(posedge clk_i) begin
    p_cols_m1_q   <= param_col_words - 16'd1;
    p_rows_q      <= param_rows_i;
    p_split_q     <= param_split_i;
    p_grp_rows_q  <= param_grp_rows_i;
    p_slice_rows_q <= param_slice_rows_i;
    p_wpad_mask_q <= (param_n_out_i[1:0] != 2'd0) ? (32'd1 << {param_n_out_i[1:0], 3'd0}) - 32'd1 : 32'hFFFF_FFFF;
    p_bpad_mask_q <= param_n_out_i[0] ? 32'h0000_FFFF : 32'hFFFF_FFFF;
    p_bias_last_q <= ((32'(param_n_out_i) + 32'd1) >> 1) - 32'd1;
    p_gcols_m1_q  <= 16'((32'(param_n_out_i) + 32'd31) >> 5) - 16'd1;
    p_gpad_mask_q <= (param_n_out_i[4:0] != 5'd0) ? (32'd1 << param_n_out_i[4:0]) - 32'd1 : 32'hFFFF_FFFF;
    gate_row_q    <= gate_row_d;
    gate_eng_q    <= wr_eng_q;
    gate_rvalid_q <= gate_rvalid_d;
    gate_task_q   <= TW'(payload0_q[31:16] - 16'd1);
    gate_data_q   <= word;
    f_words_m1_q  <= 16'(in_words) - 16'd1;
    f_pad_mask_q  <= (first_n_in_i[4:0] != 5'd0) ? (32'd1 << first_n_in_i[4:0]) - 32'd1 : 32'hFFFF_FFFF;
    i_last_idx_q  <= 24'((32'(first_n_in_i) + 32'd3) >> 2) + 24'd3;
    i_pad_mask_q  <= (first_n_in_i[1:0] != 2'd0) ? (32'd1 << {first_n_in_i[1:0], 3'd0}) - 32'd1 : 32'hFFFF_FFFF;
    // CONFIG entry word 0 products (a DSP each) for the next cycle.
    e0_idx_q      <= idx;
    e0_n_in_q     <= entry_n_in;
    e0_n_out_q    <= entry_n_out;
    e0_rows_q     <= entry_rows;
    e0_bytes_q    <= entry_bytes;
    // A layer's columns take ceil(n_in / ENGINES) * rows of each engine's
    // memory (the engines' weight bases are the same).
    e0_nin_rows_q <= ((32'(entry_n_in) + ENGINES - 1) >> EW) * 32'(entry_rows);
  end

  // Row groups of the packet's layer: EI = ENGINES / EO engines per group
  // (ei_count), a slice's engine within its group (ei_mask); a WEIGHTS word
  // ends a row every LANES / 4 words, a GATE word every LANES / 32 words
  // (LANES > 32) or covers GR rows (row_step).
  logic [EWW-1:0] ei_mask, ei_count;
  logic           row_end;
  logic [WAW-1:0] row_step;
  always_comb begin
    ei_count = EWW'((32'd1 << EW) >> p_split_q);
    ei_mask  = EWW'(((32'd1 << EW) >> p_split_q) - 32'd1);
    if (gate_pkt_q) begin
      row_end  = ((32'(col_word_q) & (LG - 1)) == LG - 1);
      row_step = WAW'(GR);
    end else begin
      row_end  = ((32'(col_word_q) & (LANES / 4 - 1)) == LANES / 4 - 1);
      row_step = WAW'(1);
    end
  end

  // Padding: the last word of a WEIGHTS column, of the biases, of a FRAME
  // timestep or of an IMAGE's pixels must be zero outside pad_mask. col_last: col_word_q is at
  // the last word of its column (WEIGHTS) or timestep (FRAME).
  logic col_last, pad_word;
  always_comb begin
    pad_mask = 32'hFFFF_FFFF;
    col_last = 1'b0;
    pad_word = 1'b0;
    unique case (pkt_type_q)
      trinity_pkg::PKT_WEIGHTS: begin
        pad_mask = p_wpad_mask_q;
        col_last = (col_word_q == p_cols_m1_q);
        pad_word = !idx_zero_q && col_last;
      end
      trinity_pkg::PKT_GATE: begin
        pad_mask = p_gpad_mask_q;
        col_last = (col_word_q == p_gcols_m1_q);
        pad_word = !idx_zero_q && col_last;
      end
      trinity_pkg::PKT_BIAS: begin
        pad_mask = p_bpad_mask_q;
        pad_word = !idx_zero_q && (32'(pc) == p_bias_last_q);
      end
      trinity_pkg::PKT_FRAME: begin
        pad_mask = f_pad_mask_q;
        col_last = (col_word_q == f_words_m1_q);
        pad_word = !idx_zero_q && col_last;
      end
      trinity_pkg::PKT_IMAGE: begin
        pad_mask = i_pad_mask_q;
        pad_word = (idx == i_last_idx_q);
      end
      default: ;
    endcase
  end

  // Failing payload words, one flag per check class. A CONFIG is word 0
  // (layers, version/magic), word 1 (timesteps, trace), then four words per
  // layer (entry_word_q 0 ... 3).
  logic bad_field_hit, over_cap_hit, bad_pad_hit;
  always_comb begin
    bad_field_hit = 1'b0;
    over_cap_hit  = 1'b0;
    if (payload_beat && pkt_type_q == trinity_pkg::PKT_CONFIG) begin
      if (idx_zero_q) begin
        bad_field_hit = (word[7:0] == 8'd0 || word[7:0] > 8'd16);
        over_cap_hit  = (32'(word[7:0]) > MAX_LAYERS);
      end else if (idx_one_q) begin
        bad_field_hit = (word[15:0] == 16'd0 || word[23:17] != 7'd0);
        over_cap_hit  = (32'(word[15:0]) > MAX_T) || (32'(word[31:24]) > MAX_TASKS);
      end else begin
        unique case (entry_word_q)
          2'd0: begin
            bad_field_hit = (entry_n_in == 16'd0 || entry_n_out == 16'd0 ||
                             (entry_layer_q != 8'd0 && entry_n_in != prev_n_out_q));
            // CAPACITY of entry word 0: next cycle (e0_q), below.
          end
          2'd1: bad_field_hit = (word[7:0] > 8'd3 || $signed(entry_w_shift) < -8'sd8 ||
                                 $signed(entry_w_shift) > 8'sd4);
          2'd2: bad_field_hit = (word[15:0] > 16'd256 || word[31:16] > 16'd256);
          default: begin
            bad_field_hit = (word[23:20] != 4'd0 || word[27:24] > 4'd11 || word[31:28] != 4'd0);
            // 2^(lut_bits) > MAX_LUT_ENTRIES (a power of two), lut_bits =
            // word[27:24] + 1 in 4 bits as the spec's field (15 wraps to 0):
            // a 4-bit function, not a shifter and a carry chain on the
            // input word's path (the depth guard's worst path once).
            over_cap_hit  = (32'(word[27:24]) >= $clog2(MAX_LUT_ENTRIES)) && (word[27:24] != 4'hF);
          end
        endcase
      end
    end
  end
  assign bad_pad_hit = payload_beat && pad_word && ((word & ~pad_mask) != 32'd0);

  // Entry word 0's CAPACITY check, one cycle late: the word after it is an
  // entry word 1 (no CAPACITY check) or none, so the first CAPACITY word
  // is still the first one found; the verdict waits longer than a cycle.
  logic e0_over_cap;
  assign e0_over_cap = e0_q && (32'(e0_n_in_q) > MAX_NEURONS || 32'(e0_n_out_q) > MAX_NEURONS ||
                                weight_bytes_q + 40'(e0_bytes_q) > 40'(MAX_WEIGHT_BYTES));

  // The first failing word of each class is kept (protocol §5 reports the
  // first BAD_FIELD, CAPACITY and PADDING word); a header beat clears them.
  always_comb begin
    bad_field_d     = bad_field_q;
    bad_field_idx_d = bad_field_idx_q;
    over_cap_d      = over_cap_q;
    over_cap_idx_d  = over_cap_idx_q;
    bad_pad_d       = bad_pad_q;
    bad_pad_idx_d   = bad_pad_idx_q;
    if (hdr_beat) begin
      bad_field_d = 1'b0;
      over_cap_d  = 1'b0;
      bad_pad_d   = 1'b0;
    end
    if (!bad_field_q && bad_field_hit) begin
      bad_field_d     = 1'b1;
      bad_field_idx_d = idx;
    end
    if (!over_cap_q && e0_over_cap) begin
      over_cap_d     = 1'b1;
      over_cap_idx_d = e0_idx_q;
    end else if (!over_cap_q && over_cap_hit) begin
      over_cap_d     = 1'b1;
      over_cap_idx_d = idx;
    end
    if (!bad_pad_q && bad_pad_hit) begin
      bad_pad_d     = 1'b1;
      bad_pad_idx_d = idx;
    end
  end

  // ---------------------------------------------------------------------------
  // Packet reception: header, word count, CONFIG globals, the running bases
  // of the layer entries, the WEIGHTS column / FRAME timestep position.
  // ---------------------------------------------------------------------------
  always_comb begin
    in_packet_d    = in_packet_q;
    pkt_type_d     = pkt_type_q;
    pkt_length_d   = pkt_length_q;
    rcv_words_d    = rcv_words_q;
    payload0_d     = payload0_q;
    bad_version_d  = bad_version_q;
    entry_word_d   = entry_word_q;
    entry_layer_d  = entry_layer_q;
    prev_n_out_d   = prev_n_out_q;
    weight_bytes_d = weight_bytes_q;
    weight_rows_d  = weight_rows_q;
    state_rows_d   = state_rows_q;
    col_word_d     = col_word_q;
    col_row_d      = col_row_q;
    jrow_d         = jrow_q;
    krow_d         = krow_q;
    col_eng_d      = col_eng_q;
    wr_eng_d       = wr_eng_q;
    grow_d         = grow_q;
    frame_id_d     = frame_id_q;
    image_index_d  = image_index_q;
    image_seed_d   = image_seed_q;
    n_layers_d     = n_layers_q;
    timesteps_d    = timesteps_q;
    trace_d        = trace_q;
    n_tasks_d      = n_tasks_q;

    idx_zero_d   = idx_zero_q;
    idx_one_d    = idx_one_q;
    in_payload_d = in_payload_q;
    if (hdr_beat) begin
      pkt_type_d     = word[31:24];
      pkt_length_d   = word[23:0];
      rcv_words_d    = '0;
      idx_zero_d     = 1'b1;
      idx_one_d      = 1'b0;
      in_payload_d   = (word[23:0] != 24'd0);
      bad_version_d  = 1'b0;
      entry_word_d   = '0;
      entry_layer_d  = '0;
      prev_n_out_d   = '0;
      weight_bytes_d = '0;
      weight_rows_d  = '0;
      state_rows_d   = '0;
      col_word_d     = '0;
      in_packet_d    = !s_axis_tlast_i;
    end else if (beat) begin
      if (rcv_words_q != 32'hFFFF_FFFF) begin
        rcv_words_d = rcv_words_q + 32'd1;
      end
      idx_zero_d   = 1'b0;
      idx_one_d    = idx_zero_q;
      // Once outside the length, always outside (rcv_words_q only grows).
      in_payload_d = in_payload_q && (rcv_words_q + 32'd1 < {8'd0, pkt_length_q});
      if (s_axis_tlast_i) begin
        in_packet_d = 1'b0;
      end
    end

    // Entry word 0's sums, one cycle late (e0_q): a layer's bases are read
    // at its own word 0, at least four words after the previous layer's.
    if (e0_q) begin
      weight_bytes_d = weight_bytes_q + 40'(e0_bytes_q);
      weight_rows_d  = weight_rows_q + 40'(e0_nin_rows_q);
      state_rows_d   = state_rows_q + 24'(e0_rows_q);
    end

    if (payload_beat) begin
      if (idx_zero_q) begin
        payload0_d = word;
      end
      unique case (pkt_type_q)
        trinity_pkg::PKT_CONFIG: begin
          if (idx == 24'd0) begin
            bad_version_d = (word[31:16] != trinity_pkg::PROTOCOL_MAGIC) ||
                            (word[15:8] != trinity_pkg::PROTOCOL_VERSION);
            n_layers_d    = word[4:0];
          end else if (idx == 24'd1) begin
            timesteps_d = word[15:0];
            trace_d     = word[16];
            n_tasks_d   = word[31:24];
          end else begin
            entry_word_d = entry_word_q + 2'd1;
            if (entry_word_q == 2'd3) begin
              entry_layer_d = entry_layer_q + 8'd1;
            end
            if (entry_word_q == 2'd0) begin
              prev_n_out_d = entry_n_out;
            end
          end
        end
        trinity_pkg::PKT_WEIGHTS, trinity_pkg::PKT_GATE: begin
          if (idx == 24'd0) begin
            col_row_d  = param_weight_base_i;
            jrow_d     = param_weight_base_i;
            krow_d     = '0;
            col_eng_d  = '0;
            wr_eng_d   = '0;
            grow_d     = '0;
            col_word_d = '0;
          end else if (col_last) begin
            col_word_d = '0;
            grow_d     = '0;
            // Input j + 1 is in the next slice; after the last slice, every
            // engine's next column. A slice that starts a new block of EI
            // slices starts a new slice-rows block in the same engines.
            if (32'(col_eng_q) == ENGINES - 1) begin
              col_eng_d = '0;
              jrow_d    = jrow_q + p_grp_rows_q;
              krow_d    = '0;
            end else begin
              col_eng_d = col_eng_q + EWW'(1);
              if ((col_eng_d & ei_mask) == '0) begin
                krow_d = krow_q + p_slice_rows_q;
              end
            end
            col_row_d = jrow_d + krow_d;
            wr_eng_d  = col_eng_d & ei_mask;
          end else begin
            col_word_d = col_word_q + 16'd1;
            // The word ends a row: the next word is the group's next row,
            // or the next group's first (the next engine block).
            if (row_end) begin
              if (grow_q + row_step == p_grp_rows_q) begin
                grow_d   = '0;
                wr_eng_d = wr_eng_q + ei_count;
              end else begin
                grow_d = grow_q + row_step;
              end
            end
          end
        end
        trinity_pkg::PKT_IMAGE: begin
          if (idx == 24'd0) begin
            frame_id_d = word;
          end else if (idx == 24'd1) begin
            image_index_d = word;
          end else if (idx == 24'd2) begin
            image_seed_d[31:0] = word;
          end else if (idx == 24'd3) begin
            image_seed_d[63:32] = word;
          end
        end
        trinity_pkg::PKT_FRAME: begin
          if (idx == 24'd0) begin
            frame_id_d = word;
            col_word_d = '0;
          end else if (col_last) begin
            col_word_d = '0;
          end else begin
            col_word_d = col_word_q + 16'd1;
          end
        end
        default: ;
      endcase
    end
  end

  // CONFIG layer-entry word entry_word_q of layer entry_layer_q goes to the
  // layer configuration (a layer past MAX_LAYERS is checked but not stored).
  always_comb begin
    cfg_we_o = '0;
    if (payload_beat && pkt_type_q == trinity_pkg::PKT_CONFIG && idx > 24'd1 && 32'(entry_layer_q) < MAX_LAYERS) begin
      cfg_we_o[entry_word_q] = 1'b1;
    end
  end
  assign cfg_layer_o       = entry_layer_q[LIW-1:0];
  assign cfg_rows_o        = entry_rows;
  assign cfg_weight_base_o = WAW'(weight_rows_q);
  assign cfg_state_base_o  = SAW'(state_rows_q);
  assign cfg_eng_rows_o    = WAW'(e0_nin_rows_q);  // valid with cfg_we_o[0] one cycle late, as the core registers it

  assign pkt_end      = beat && s_axis_tlast_i;
  assign pkt_type_o   = pkt_type_q;
  assign pkt_length_o = pkt_length_q;
  assign n_layers_o   = n_layers_q;
  assign timesteps_o  = timesteps_q;
  assign trace_o      = trace_q;
  assign n_tasks_o    = n_tasks_q;
  assign frame_id_o   = frame_id_q;
  assign image_index_o = image_index_q;
  assign image_seed_o  = image_seed_q;
  // The rate coder starts its setup multiplies from here, while the pixels
  // are still arriving (docs/rtl.md "Rate coder").
  assign image_fields_o = image_fields_q;

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_packet_q     <= 1'b0;
      frame_pkt_q     <= 1'b0;
      gate_pkt_q      <= 1'b0;
      pkt_type_q      <= '0;
      pkt_length_q    <= '0;
      rcv_words_q     <= '0;
      payload0_q      <= '0;
      bad_version_q   <= 1'b0;
      bad_field_q     <= 1'b0;
      over_cap_q      <= 1'b0;
      bad_pad_q       <= 1'b0;
      bad_field_idx_q <= '0;
      over_cap_idx_q  <= '0;
      bad_pad_idx_q   <= '0;
      entry_word_q    <= '0;
      entry_layer_q   <= '0;
      prev_n_out_q    <= '0;
      weight_bytes_q  <= '0;
      weight_rows_q   <= '0;
      state_rows_q    <= '0;
      col_word_q      <= '0;
      col_row_q       <= '0;
      jrow_q          <= '0;
      krow_q          <= '0;
      col_eng_q       <= '0;
      wr_eng_q        <= '0;
      grow_q          <= '0;
      frame_id_q      <= '0;
      image_index_q   <= '0;
      image_seed_q    <= '0;
      image_fields_q  <= 1'b0;
      n_layers_q      <= '0;
      timesteps_q     <= '0;
      trace_q         <= 1'b0;
      n_tasks_q       <= '0;
      idx_zero_q      <= 1'b1;
      idx_one_q       <= 1'b0;
      in_payload_q    <= 1'b0;
      e0_q            <= 1'b0;
      gate_we_q       <= '0;
    end else begin
      in_packet_q     <= in_packet_d;
      frame_pkt_q     <= (pkt_type_d == trinity_pkg::PKT_FRAME) || (pkt_type_d == trinity_pkg::PKT_IMAGE);
      gate_pkt_q      <= (pkt_type_d == trinity_pkg::PKT_GATE);
      pkt_type_q      <= pkt_type_d;
      pkt_length_q    <= pkt_length_d;
      rcv_words_q     <= rcv_words_d;
      payload0_q      <= payload0_d;
      bad_version_q   <= bad_version_d;
      bad_field_q     <= bad_field_d;
      over_cap_q      <= over_cap_d;
      bad_pad_q       <= bad_pad_d;
      bad_field_idx_q <= bad_field_idx_d;
      over_cap_idx_q  <= over_cap_idx_d;
      bad_pad_idx_q   <= bad_pad_idx_d;
      entry_word_q    <= entry_word_d;
      entry_layer_q   <= entry_layer_d;
      prev_n_out_q    <= prev_n_out_d;
      weight_bytes_q  <= weight_bytes_d;
      weight_rows_q   <= weight_rows_d;
      state_rows_q    <= state_rows_d;
      col_word_q      <= col_word_d;
      col_row_q       <= col_row_d;
      jrow_q          <= jrow_d;
      krow_q          <= krow_d;
      col_eng_q       <= col_eng_d;
      wr_eng_q        <= wr_eng_d;
      grow_q          <= grow_d;
      frame_id_q      <= frame_id_d;
      image_index_q   <= image_index_d;
      image_seed_q    <= image_seed_d;
      image_fields_q  <= payload_beat && pkt_type_q == trinity_pkg::PKT_IMAGE && idx == 24'd3;
      n_layers_q      <= n_layers_d;
      timesteps_q     <= timesteps_d;
      trace_q         <= trace_d;
      n_tasks_q       <= n_tasks_d;
      idx_zero_q      <= idx_zero_d;
      idx_one_q       <= idx_one_d;
      in_payload_q    <= in_payload_d;
      gate_we_q       <= gate_we_d;
      e0_q            <= payload_beat && pkt_type_q == trinity_pkg::PKT_CONFIG && !idx_zero_q &&
                         idx != 24'd1 && entry_word_q == 2'd0;
    end
  end

`ifndef SYNTHESIS
  // A verdict is taken only once it is ready, and only one per packet.
  a_taken_ready: assert property (@(posedge clk_i) disable iff (!rst_ni)
    taken_i |-> verdict_valid_o && ended_q);
  // At most one kind of memory write per input word (the pixel memory's too).
  a_one_write_kind: assert property (@(posedge clk_i) disable iff (!rst_ni)
    $onehot0({|weight_we_o, |bias_we_o, lut_we_o, fb_we_o, pix_we_o}));
`endif

endmodule
