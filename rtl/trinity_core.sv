// trinity core: runs a whole trinity network (docs/fixed-point-spec.md)
// configured and fed through protocol v1 (docs/protocol-v1.md) on one
// AXI4-Stream input, answering on one AXI4-Stream output. See docs/rtl.md.
//
// Packets are consumed one at a time. While a packet arrives its words are
// checked on the fly (the first failing word of each check class is kept)
// and parameters are written straight into the lane memories; the verdict
// is taken when TLAST arrives, in protocol §5 order. Writing before the
// verdict is safe because any failed parameter packet leaves the core
// unconfigured until the next good CONFIG, and CONFIG itself "zeroes" the
// parameters by clearing per-layer loaded flags (unloaded weights, biases
// and LUT entries read as zero) instead of clearing memories.
//
// A FRAME is stored in a frame buffer and checked completely before it is
// computed (§3). Computation holds s_axis_tready low; the output goes
// through a small FIFO, and a full FIFO stalls the core, never drops words.
//
// Reset: rst_ni is asynchronous, active low, for control registers only.
// After reset the core spends ceil(MAX_NEURONS/LANES) cycles zeroing the
// accumulators before it accepts input.
module trinity_core #(
  parameter int unsigned LANES            = 8,       // lanes, a power of two >= 4
  parameter int unsigned MAX_LAYERS       = 16,      // capacity: layers (1 ... 16)
  parameter int unsigned MAX_NEURONS      = 1024,    // capacity: neurons per layer
  parameter int unsigned MAX_T            = 64,      // capacity: timesteps
  parameter int unsigned MAX_WEIGHT_BYTES = 262144,  // capacity: sum of n_in*n_out
  parameter int unsigned MAX_LUT_ENTRIES  = 4096,    // capacity: LUT entries, power of two >= 4
  parameter int unsigned OUT_FIFO_DEPTH   = 4        // output FIFO entries, power of two
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
  localparam int unsigned VEC_UNIT  = (LANES > 32) ? LANES : 32;
  localparam int unsigned VEC_BITS  = ((MAX_NEURONS + VEC_UNIT - 1) / VEC_UNIT) * VEC_UNIT;
  localparam int unsigned SROWS     = MAX_LAYERS * AROWS;
  // Each weight column is padded to whole rows of LANES bytes, so the
  // padded total is at most MAX_WEIGHT_BYTES/LANES + sum(n_in) rows.
  localparam int unsigned SUM_NIN   = (MAX_LAYERS * MAX_NEURONS < MAX_WEIGHT_BYTES) ?
                                      MAX_LAYERS * MAX_NEURONS : MAX_WEIGHT_BYTES;
  localparam int unsigned WROWS     = MAX_WEIGHT_BYTES / LANES + SUM_NIN;
  localparam int unsigned LUT_HALF  = MAX_LUT_ENTRIES / 2;
  localparam int unsigned LROWS     = MAX_LAYERS * LUT_HALF;
  localparam int unsigned FB_DEPTH  = MAX_T * ((MAX_NEURONS + 31) / 32);
  localparam int unsigned WAW       = (WROWS > 1) ? $clog2(WROWS) : 1;
  localparam int unsigned AAW       = (AROWS > 1) ? $clog2(AROWS) : 1;
  localparam int unsigned SAW       = (SROWS > 1) ? $clog2(SROWS) : 1;
  localparam int unsigned LAW       = (LROWS > 1) ? $clog2(LROWS) : 1;
  localparam int unsigned FAW       = (FB_DEPTH > 1) ? $clog2(FB_DEPTH) : 1;
  localparam int unsigned LIW       = (MAX_LAYERS > 1) ? $clog2(MAX_LAYERS) : 1;

  // Packet types and error codes (protocol §3-§5).
  localparam logic [7:0] T_CONFIG  = 8'h01;
  localparam logic [7:0] T_WEIGHTS = 8'h02;
  localparam logic [7:0] T_BIAS    = 8'h03;
  localparam logic [7:0] T_LUT     = 8'h04;
  localparam logic [7:0] T_QUERY   = 8'h05;
  localparam logic [7:0] T_FRAME   = 8'h10;
  localparam logic [7:0] T_RESULT  = 8'h80;
  localparam logic [7:0] T_STATUS  = 8'h81;
  localparam logic [7:0] T_TRACE   = 8'h82;

  localparam logic [7:0] E_OK       = 8'd0;
  localparam logic [7:0] E_UNKNOWN  = 8'd1;
  localparam logic [7:0] E_LENGTH   = 8'd2;
  localparam logic [7:0] E_NOTCONF  = 8'd3;
  localparam logic [7:0] E_SIZE     = 8'd4;
  localparam logic [7:0] E_VERSION  = 8'd5;
  localparam logic [7:0] E_FIELD    = 8'd6;
  localparam logic [7:0] E_CAPACITY = 8'd7;
  localparam logic [7:0] E_PADDING  = 8'd8;

  localparam logic [3:0] ST_INIT   = 4'd0;
  localparam logic [3:0] ST_RX     = 4'd1;
  localparam logic [3:0] ST_END    = 4'd2;
  localparam logic [3:0] ST_STATUS = 4'd3;
  localparam logic [3:0] ST_FLOAD  = 4'd4;
  localparam logic [3:0] ST_LSTART = 4'd5;
  localparam logic [3:0] ST_ACC    = 4'd6;
  localparam logic [3:0] ST_ADRAIN = 4'd7;
  localparam logic [3:0] ST_UPD    = 4'd8;
  localparam logic [3:0] ST_UDRAIN = 4'd9;
  localparam logic [3:0] ST_TRACE  = 4'd10;
  localparam logic [3:0] ST_LNEXT  = 4'd11;
  localparam logic [3:0] ST_ARG    = 4'd12;
  localparam logic [3:0] ST_RES    = 4'd13;

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  logic [3:0]  state_q;

  // Configuration, one entry per layer.
  logic [15:0]    cfg_nin_q   [MAX_LAYERS];
  logic [15:0]    cfg_nout_q  [MAX_LAYERS];
  logic [15:0]    cfg_rows_q  [MAX_LAYERS];  // ceil(n_out / LANES)
  logic [WAW-1:0] cfg_wbase_q [MAX_LAYERS];
  logic [SAW-1:0] cfg_sbase_q [MAX_LAYERS];
  logic [1:0]     cfg_kind_q  [MAX_LAYERS];
  logic [7:0]     cfg_wsh_q   [MAX_LAYERS];
  logic [15:0]    cfg_vth_q   [MAX_LAYERS];
  logic [8:0]     cfg_taud_q  [MAX_LAYERS];
  logic [8:0]     cfg_taun_q  [MAX_LAYERS];
  logic [15:0]    cfg_lutlo_q [MAX_LAYERS];
  logic [3:0]     cfg_lutsh_q [MAX_LAYERS];
  logic [3:0]     cfg_lutb_q  [MAX_LAYERS];  // lut_bits - 1
  logic [MAX_LAYERS-1:0] wl_q, bl_q, ll_q;   // WEIGHTS / BIAS / LUT loaded
  logic [4:0]  nlayers_q;
  logic [15:0] tsteps_q;
  logic        trace_q;
  logic        configured_q;
  logic [31:0] errors_q;
  logic [31:0] frames_q;

  // The packet being received.
  logic        in_pkt_q;
  logic [7:0]  type_q;
  logic [23:0] decl_q;
  logic [31:0] rcv_q;
  logic [31:0] hdr0_q;   // payload word 0
  logic        verbad_q;
  logic        badf_q, cap_q, pad_q;
  logic [23:0] badf_idx_q, cap_idx_q, pad_idx_q;
  logic [1:0]  cfg_sub_q;
  logic [7:0]  cfg_l_q;
  logic [15:0] prev_nout_q;
  logic [39:0] wbytes_q;
  logic [39:0] run_w_q;
  logic [23:0] run_s_q;
  logic [15:0] col_q;    // word within a WEIGHTS column / FRAME timestep
  logic [WAW-1:0] wrow_q;  // weight row of the current column
  logic [31:0] frame_id_q;

  // Status being sent.
  logic [7:0]  st_code_q;
  logic [31:0] st_detail_q;
  logic [2:0]  st_i_q;

  // Frame computation.
  logic [15:0] t_q;
  logic [3:0]  l_q;
  logic [FAW-1:0] fb_base_q;
  logic [11:0] ld_w_q;
  logic        ld_pend_q;
  logic [11:0] ld_pw_q;
  logic [VEC_BITS-1:0] in_vec_q, out_vec_q;
  logic [11:0] sw_q;       // next input word to scan
  logic [11:0] cw_word_q;  // word held in cw_q
  logic [31:0] cw_q;       // spikes of that word not yet issued
  logic        ev_q;       // issuing an event's rows
  logic [15:0] k_q;        // row within the event / update
  logic [WAW-1:0] ev_base_q;
  logic        u1_q, u2_q;
  logic [15:0] u1_row_q, u2_row_q;
  logic [11:0] tr_i_q;
  logic [15:0] ar_q;       // argmax: next row to read
  logic        ap_q;
  logic [15:0] ap_row_q;
  logic [15:0] best_cnt_q;
  logic [15:0] best_idx_q;
  logic [15:0] res_i_q;
  logic        rowok_q;
  logic [15:0] rrow_q;
  logic [15:0] clr_q;

  // ---------------------------------------------------------------------------
  // Output FIFO
  // ---------------------------------------------------------------------------
  logic        out_push, out_full, out_valid, out_last;
  logic [31:0] out_data;
  logic [32:0] fifo_rdata;

  trinity_fifo #(.WIDTH(33), .DEPTH(OUT_FIFO_DEPTH)) u_out_fifo (
    .clk_i, .rst_ni,
    .push_i(out_push), .wdata_i({out_last, out_data}), .full_o(out_full),
    .valid_o(out_valid), .pop_i(m_axis_tready_i), .rdata_o(fifo_rdata)
  );
  assign m_axis_tvalid_o = out_valid;
  assign m_axis_tdata_o  = fifo_rdata[31:0];
  assign m_axis_tlast_o  = fifo_rdata[32];

  // ---------------------------------------------------------------------------
  // Input beats
  // ---------------------------------------------------------------------------
  logic        beat, pw;
  logic [31:0] d;
  logic [23:0] idx;
  assign s_axis_tready_o = (state_q == ST_RX);
  assign beat = s_axis_tvalid_i && s_axis_tready_o;
  assign d    = s_axis_tdata_i;
  assign idx  = rcv_q[23:0];
  // A payload word inside the declared length: the only words acted on.
  assign pw   = beat && in_pkt_q && (rcv_q < {8'd0, decl_q});

  // Layer addressed by a parameter packet (valid once word 0 arrived).
  logic [7:0]     play;
  logic [LIW-1:0] pli;
  logic           play_ok;
  assign play    = (idx == 24'd0) ? d[7:0] : hdr0_q[7:0];
  assign pli     = play[LIW-1:0];
  assign play_ok = configured_q && ({5'd0, play} < {8'd0, nlayers_q}) &&
                   (32'(play) < MAX_LAYERS);

  // Current compute layer.
  logic [LIW-1:0] cli;
  logic [LIW-1:0] lastli;
  assign cli    = l_q[LIW-1:0];
  assign lastli = LIW'(nlayers_q - 5'd1);

  // Frame geometry.
  logic [11:0] w0;  // words per input timestep
  assign w0 = 12'((32'(cfg_nin_q[0]) + 32'd31) >> 5);

  // ---------------------------------------------------------------------------
  // Lane controls
  // ---------------------------------------------------------------------------
  logic [LANES-1:0] w_we, b_we;
  logic [WAW-1:0]   w_waddr;
  logic [SAW-1:0]   b_waddr;
  logic             lut_we;
  logic [LAW-1:0]   lut_waddr;
  logic             clr_we;
  logic             acc_valid;
  logic [AAW-1:0]   acc_row;
  logic [WAW-1:0]   w_raddr;
  logic             upd_valid;
  logic [AAW-1:0]   upd_row;
  logic [SAW-1:0]   upd_srow;
  logic [AAW-1:0]   cnt_raddr;
  logic [LANES-1:0] spikes;
  logic [LANES*16-1:0] cnts;
  logic             fb_we;
  logic [FAW-1:0]   fb_waddr, fb_raddr;
  logic [31:0]      fb_rdata;

  trinity_ram #(.WIDTH(32), .DEPTH(FB_DEPTH), .AW(FAW)) u_frame_buf (
    .clk_i, .we_i(fb_we), .waddr_i(fb_waddr), .wdata_i(d),
    .raddr_i(fb_raddr), .rdata_o(fb_rdata)
  );

  // Parameter writes straight from the input beat.
  logic [15:0] pc;  // payload index - 1: word within the parameter data
  always_comb begin
    w_we      = '0;
    b_we      = '0;
    lut_we    = 1'b0;
    fb_we     = 1'b0;
    pc        = 16'(idx - 24'd1);
    w_waddr   = wrow_q + WAW'(32'(col_q) >> (LW - 2));
    b_waddr   = cfg_sbase_q[pli] + SAW'(32'(pc) >> (LW - 1));
    lut_waddr = LAW'(32'(pli) * LUT_HALF + 32'(pc));
    fb_waddr  = FAW'(pc);
    if (pw && idx != 24'd0) begin
      unique case (type_q)
        T_WEIGHTS: begin
          if (play_ok) begin
            for (int unsigned ln = 0; ln < LANES; ln++) begin
              w_we[ln] = ((ln / 4) == (32'(col_q) % (LANES / 4)));
            end
          end
        end
        T_BIAS: begin
          if (play_ok) begin
            for (int unsigned ln = 0; ln < LANES; ln++) begin
              b_we[ln] = ((ln / 2) == (32'(pc) % (LANES / 2)));
            end
          end
        end
        T_LUT: lut_we = play_ok && (32'(pc) < LUT_HALF);
        T_FRAME: fb_we = configured_q && (32'(pc) < FB_DEPTH);
        default: ;
      endcase
    end
  end

  // Lowest pending spike of the scanned word.
  logic [4:0] pick_pos;
  logic       pick_any;
  always_comb begin
    pick_pos = 5'd0;
    pick_any = |cw_q;
    for (int i = 31; i >= 0; i--) begin
      if (cw_q[i]) begin
        pick_pos = 5'(i);
      end
    end
  end
  logic [31:0] pick_j;
  logic [WAW-1:0] pick_base;
  assign pick_j    = {15'd0, cw_word_q, pick_pos};
  assign pick_base = cfg_wbase_q[cli] + WAW'(pick_j * 32'(cfg_rows_q[cli]));

  always_comb begin
    clr_we    = (state_q == ST_INIT);
    acc_valid = (state_q == ST_ACC) && ev_q;
    acc_row   = AAW'(k_q);
    w_raddr   = ev_base_q + WAW'(k_q);
    upd_valid = (state_q == ST_UPD);
    upd_row   = AAW'(k_q);
    upd_srow  = cfg_sbase_q[cli] + SAW'(k_q);
    cnt_raddr = (state_q == ST_ARG) ? AAW'(ar_q) : AAW'(rrow_q);
    fb_raddr  = fb_base_q + FAW'(ld_w_q);
  end

  for (genvar g = 0; g < LANES; g++) begin : gen_lane
    trinity_lane #(
      .LANE(g), .LANES(LANES), .WROWS(WROWS), .AROWS(AROWS), .SROWS(SROWS),
      .LROWS(LROWS), .LUT_HALF(LUT_HALF), .WAW(WAW), .AAW(AAW), .SAW(SAW), .LAW(LAW)
    ) u_lane (
      .clk_i, .rst_ni,
      .w_we_i(w_we[g]), .w_waddr_i(w_waddr), .w_wdata_i(d[8*(g%4) +: 8]),
      .b_we_i(b_we[g]), .b_waddr_i(b_waddr), .b_wdata_i(d[16*(g%2) +: 16]),
      .lut_we_i(lut_we), .lut_waddr_i(lut_waddr), .lut_wdata_i(d),
      .clr_we_i(clr_we), .clr_addr_i(AAW'(clr_q)),
      .acc_valid_i(acc_valid), .acc_row_i(acc_row), .w_raddr_i(w_raddr),
      .upd_valid_i(upd_valid), .upd_row_i(upd_row), .upd_srow_i(upd_srow),
      .layer_i(l_q), .kind_i(cfg_kind_q[cli]), .w_shift_i(cfg_wsh_q[cli]),
      .v_th_i(cfg_vth_q[cli]), .tau_d_i(cfg_taud_q[cli]), .tau_n_i(cfg_taun_q[cli]),
      .lut_lo_i(cfg_lutlo_q[cli]), .lut_shift_i(cfg_lutsh_q[cli]),
      .lut_bits_m1_i(cfg_lutb_q[cli]), .n_out_i(cfg_nout_q[cli]),
      .bias_loaded_i(bl_q[cli]), .lut_loaded_i(ll_q[cli]),
      .first_step_i(t_q == 16'd0), .count_i({1'b0, l_q} == nlayers_q - 5'd1),
      .spike_o(spikes[g]),
      .cnt_raddr_i(cnt_raddr), .cnt_o(cnts[16*g +: 16])
    );
  end

  // ---------------------------------------------------------------------------
  // Packet verdict (protocol §5 order)
  // ---------------------------------------------------------------------------
  logic        known, is_param, size_ok;
  logic [7:0]  v_code;
  logic [31:0] v_detail;
  logic [31:0] exp_len;
  logic [LIW-1:0] hli;
  logic        hl_ok;
  assign hli   = hdr0_q[LIW-1:0];
  assign hl_ok = ({5'd0, hdr0_q[7:0]} < {8'd0, nlayers_q}) && (32'(hdr0_q[7:0]) < MAX_LAYERS);

  always_comb begin
    known    = (type_q == T_CONFIG) || (type_q == T_WEIGHTS) || (type_q == T_BIAS) ||
               (type_q == T_LUT) || (type_q == T_QUERY) || (type_q == T_FRAME);
    is_param = (type_q == T_CONFIG) || (type_q == T_WEIGHTS) || (type_q == T_BIAS) ||
               (type_q == T_LUT);
    exp_len  = 32'd0;
    size_ok  = 1'b0;
    unique case (type_q)
      T_CONFIG: begin
        exp_len = 32'd2 + 32'd4 * 32'(hdr0_q[7:0]);
        size_ok = (decl_q != 24'd0) && ({8'd0, decl_q} == exp_len);
      end
      T_WEIGHTS: begin
        exp_len = 32'd1 + 32'(cfg_nin_q[hli]) * ((32'(cfg_nout_q[hli]) + 32'd3) >> 2);
        size_ok = (decl_q != 24'd0) && hl_ok && ({8'd0, decl_q} == exp_len);
      end
      T_BIAS: begin
        exp_len = 32'd1 + ((32'(cfg_nout_q[hli]) + 32'd1) >> 1);
        size_ok = (decl_q != 24'd0) && hl_ok && ({8'd0, decl_q} == exp_len);
      end
      T_LUT: begin
        exp_len = 32'd1 + (32'd1 << cfg_lutb_q[hli]);
        size_ok = (decl_q != 24'd0) && hl_ok && ({8'd0, decl_q} == exp_len);
      end
      T_QUERY: size_ok = (decl_q == 24'd0);
      T_FRAME: begin
        exp_len = 32'd1 + 32'(tsteps_q) * 32'(w0);
        size_ok = ({8'd0, decl_q} == exp_len);
      end
      default: ;
    endcase

    v_code   = E_OK;
    v_detail = 32'd0;
    if (!known) begin
      v_code = E_UNKNOWN;
    end else if (rcv_q != {8'd0, decl_q}) begin
      v_code   = E_LENGTH;
      v_detail = rcv_q;
    end else if (!configured_q && (type_q == T_WEIGHTS || type_q == T_BIAS ||
                                   type_q == T_LUT || type_q == T_FRAME)) begin
      v_code = E_NOTCONF;
    end else if (!size_ok) begin
      v_code = E_SIZE;
    end else if (type_q == T_CONFIG && verbad_q) begin
      v_code = E_VERSION;
    end else if (type_q == T_CONFIG && badf_q) begin
      v_code   = E_FIELD;
      v_detail = {8'd0, badf_idx_q};
    end else if (type_q == T_CONFIG && cap_q) begin
      v_code   = E_CAPACITY;
      v_detail = {8'd0, cap_idx_q};
    end else if (is_param && type_q != T_CONFIG && hdr0_q[31:8] != 24'd0) begin
      v_code = E_FIELD;
    end else if (pad_q) begin
      v_code   = E_PADDING;
      v_detail = {8'd0, pad_idx_q};
    end
  end

  // ---------------------------------------------------------------------------
  // Streaming checks of CONFIG / WEIGHTS / BIAS / FRAME words
  // ---------------------------------------------------------------------------
  logic [15:0] c_nin, c_nout, c_rows;
  logic [31:0] c_bytes;
  logic [7:0]  c_wsh;
  logic [15:0] pl_nout, pl_cw;
  logic [31:0] pad_mask;
  assign c_nin   = d[15:0];
  assign c_nout  = d[31:16];
  assign c_rows  = 16'((32'(c_nout) + LANES - 1) >> LW);
  assign c_bytes = 32'(c_nin) * 32'(c_nout);
  assign c_wsh   = d[15:8];
  assign pl_nout = cfg_nout_q[pli];
  assign pl_cw   = 16'((32'(pl_nout) + 32'd3) >> 2);

  always_comb begin
    pad_mask = 32'hFFFF_FFFF;
    unique case (type_q)
      T_WEIGHTS: if (pl_nout[1:0] != 2'd0) pad_mask = (32'd1 << {pl_nout[1:0], 3'd0}) - 32'd1;
      T_BIAS:    if (pl_nout[0]) pad_mask = 32'h0000_FFFF;
      T_FRAME:   if (cfg_nin_q[0][4:0] != 5'd0) pad_mask = (32'd1 << cfg_nin_q[0][4:0]) - 32'd1;
      default: ;
    endcase
  end

  // ---------------------------------------------------------------------------
  // Main sequencer
  // ---------------------------------------------------------------------------
  logic [15:0] cur_rows, cur_nout;
  logic [11:0] cur_nwords_in, cur_nwords_out;
  logic [15:0] res_ncw;
  assign cur_rows       = cfg_rows_q[cli];
  assign cur_nout       = cfg_nout_q[cli];
  assign cur_nwords_in  = 12'((32'(cfg_nin_q[cli]) + 32'd31) >> 5);
  assign cur_nwords_out = 12'((32'(cur_nout) + 32'd31) >> 5);
  assign res_ncw        = 16'((32'(cfg_nout_q[lastli]) + 32'd1) >> 1);

  // Best count within the row read for the argmax.
  logic [15:0] rb_cnt;
  logic [15:0] rb_lane;
  always_comb begin
    rb_cnt  = 16'd0;
    rb_lane = 16'd0;
    for (int unsigned ln = 0; ln < LANES; ln++) begin
      if (cnts[16*ln +: 16] > rb_cnt) begin
        rb_cnt  = cnts[16*ln +: 16];
        rb_lane = 16'(ln);
      end
    end
  end

  // Output words.
  logic [15:0] res_w, res_row;
  assign res_w   = res_i_q - 16'd3;
  assign res_row = (res_i_q < 16'd3) ? 16'd0 : 16'(res_w >> (LW - 1));

  always_comb begin
    out_push = 1'b0;
    out_data = 32'd0;
    out_last = 1'b0;
    unique case (state_q)
      ST_STATUS: begin
        out_push = 1'b1;
        unique case (st_i_q)
          3'd0: out_data = {T_STATUS, 24'd4};
          3'd1: out_data = {15'd0, configured_q, type_q, st_code_q};
          3'd2: out_data = {8'd0, decl_q};
          3'd3: out_data = st_detail_q;
          default: begin
            out_data = errors_q;
            out_last = 1'b1;
          end
        endcase
      end
      ST_TRACE: begin
        out_push = 1'b1;
        if (tr_i_q == 12'd0) begin
          out_data = {T_TRACE, 12'd0, cur_nwords_out + 12'd2};
        end else if (tr_i_q == 12'd1) begin
          out_data = frame_id_q;
        end else if (tr_i_q == 12'd2) begin
          out_data = {8'd0, 4'd0, l_q, t_q};
        end else begin
          out_data = out_vec_q[32*(tr_i_q - 12'd3) +: 32];
        end
        out_last = (tr_i_q == cur_nwords_out + 12'd2);
      end
      ST_RES: begin
        if (res_i_q == 16'd0) begin
          out_push = 1'b1;
          out_data = {T_RESULT, 8'd0, res_ncw + 16'd2};
        end else if (res_i_q == 16'd1) begin
          out_push = 1'b1;
          out_data = frame_id_q;
        end else if (res_i_q == 16'd2) begin
          out_push = 1'b1;
          out_data = {tsteps_q, best_idx_q};
        end else begin
          out_push = rowok_q && (rrow_q == res_row);
          out_data = cnts[32*(32'(res_w) % (LANES / 2)) +: 32];
        end
        out_last = (res_i_q == res_ncw + 16'd2);
      end
      default: ;
    endcase
  end

  logic out_ok;
  assign out_ok = out_push && !out_full;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q      <= ST_INIT;
      wl_q         <= '0;
      bl_q         <= '0;
      ll_q         <= '0;
      nlayers_q    <= '0;
      tsteps_q     <= '0;
      trace_q      <= 1'b0;
      configured_q <= 1'b0;
      errors_q     <= '0;
      frames_q     <= '0;
      in_pkt_q     <= 1'b0;
      type_q       <= '0;
      decl_q       <= '0;
      rcv_q        <= '0;
      hdr0_q       <= '0;
      verbad_q     <= 1'b0;
      badf_q       <= 1'b0;
      cap_q        <= 1'b0;
      pad_q        <= 1'b0;
      badf_idx_q   <= '0;
      cap_idx_q    <= '0;
      pad_idx_q    <= '0;
      cfg_sub_q    <= '0;
      cfg_l_q      <= '0;
      prev_nout_q  <= '0;
      wbytes_q     <= '0;
      run_w_q      <= '0;
      run_s_q      <= '0;
      col_q        <= '0;
      wrow_q       <= '0;
      frame_id_q   <= '0;
      st_code_q    <= '0;
      st_detail_q  <= '0;
      st_i_q       <= '0;
      t_q          <= '0;
      l_q          <= '0;
      fb_base_q    <= '0;
      ld_w_q       <= '0;
      ld_pend_q    <= 1'b0;
      ld_pw_q      <= '0;
      in_vec_q     <= '0;
      out_vec_q    <= '0;
      sw_q         <= '0;
      cw_word_q    <= '0;
      cw_q         <= '0;
      ev_q         <= 1'b0;
      k_q          <= '0;
      ev_base_q    <= '0;
      u1_q         <= 1'b0;
      u2_q         <= 1'b0;
      u1_row_q     <= '0;
      u2_row_q     <= '0;
      tr_i_q       <= '0;
      ar_q         <= '0;
      ap_q         <= 1'b0;
      ap_row_q     <= '0;
      best_cnt_q   <= '0;
      best_idx_q   <= '0;
      res_i_q      <= '0;
      rowok_q      <= 1'b0;
      rrow_q       <= '0;
      clr_q        <= '0;
    end else begin
      // Update-pipeline mirror: spikes arrive in U2.
      u1_q     <= upd_valid;
      u1_row_q <= k_q;
      u2_q     <= u1_q;
      u2_row_q <= u1_row_q;
      if (u2_q) begin
        out_vec_q[LANES*u2_row_q +: LANES] <= spikes;
      end

      unique case (state_q)
        ST_INIT: begin
          clr_q <= clr_q + 16'd1;
          if (32'(clr_q) == AROWS - 1) begin
            state_q <= ST_RX;
          end
        end

        ST_RX: begin
          if (beat && !in_pkt_q) begin
            type_q      <= d[31:24];
            decl_q      <= d[23:0];
            rcv_q       <= '0;
            verbad_q    <= 1'b0;
            badf_q      <= 1'b0;
            cap_q       <= 1'b0;
            pad_q       <= 1'b0;
            cfg_sub_q   <= '0;
            cfg_l_q     <= '0;
            prev_nout_q <= '0;
            wbytes_q    <= '0;
            run_w_q     <= '0;
            run_s_q     <= '0;
            col_q       <= '0;
            in_pkt_q    <= !s_axis_tlast_i;
            if (s_axis_tlast_i) begin
              state_q <= ST_END;
            end
          end else if (beat) begin
            if (rcv_q != 32'hFFFF_FFFF) begin
              rcv_q <= rcv_q + 32'd1;
            end
            if (s_axis_tlast_i) begin
              in_pkt_q <= 1'b0;
              state_q  <= ST_END;
            end
          end

          if (pw) begin
            if (idx == 24'd0) begin
              hdr0_q <= d;
            end
            unique case (type_q)
              T_CONFIG: begin
                if (idx == 24'd0) begin
                  verbad_q <= (d[31:16] != 16'h5452) || (d[15:8] != 8'd1);
                  if (d[7:0] == 8'd0 || d[7:0] > 8'd16) begin
                    badf_q     <= 1'b1;
                    badf_idx_q <= 24'd0;
                  end
                  if (32'(d[7:0]) > MAX_LAYERS) begin
                    cap_q     <= 1'b1;
                    cap_idx_q <= 24'd0;
                  end
                  nlayers_q <= d[4:0];
                end else if (idx == 24'd1) begin
                  if (!badf_q && (d[15:0] == 16'd0 || d[31:17] != 15'd0)) begin
                    badf_q     <= 1'b1;
                    badf_idx_q <= idx;
                  end
                  if (!cap_q && 32'(d[15:0]) > MAX_T) begin
                    cap_q     <= 1'b1;
                    cap_idx_q <= idx;
                  end
                  tsteps_q <= d[15:0];
                  trace_q  <= d[16];
                end else begin
                  cfg_sub_q <= cfg_sub_q + 2'd1;
                  if (cfg_sub_q == 2'd3) begin
                    cfg_l_q <= cfg_l_q + 8'd1;
                  end
                  unique case (cfg_sub_q)
                    2'd0: begin
                      if (!badf_q && (c_nin == 16'd0 || c_nout == 16'd0 ||
                                      (cfg_l_q != 8'd0 && c_nin != prev_nout_q))) begin
                        badf_q     <= 1'b1;
                        badf_idx_q <= idx;
                      end
                      if (!cap_q && (32'(c_nin) > MAX_NEURONS || 32'(c_nout) > MAX_NEURONS ||
                                     wbytes_q + 40'(c_bytes) > 40'(MAX_WEIGHT_BYTES))) begin
                        cap_q     <= 1'b1;
                        cap_idx_q <= idx;
                      end
                      prev_nout_q <= c_nout;
                      wbytes_q    <= wbytes_q + 40'(c_bytes);
                      run_w_q     <= run_w_q + 40'(32'(c_nin) * 32'(c_rows));
                      run_s_q     <= run_s_q + 24'(c_rows);
                      if (32'(cfg_l_q) < MAX_LAYERS) begin
                        cfg_nin_q[cfg_l_q[LIW-1:0]]   <= c_nin;
                        cfg_nout_q[cfg_l_q[LIW-1:0]]  <= c_nout;
                        cfg_rows_q[cfg_l_q[LIW-1:0]]  <= c_rows;
                        cfg_wbase_q[cfg_l_q[LIW-1:0]] <= WAW'(run_w_q);
                        cfg_sbase_q[cfg_l_q[LIW-1:0]] <= SAW'(run_s_q);
                      end
                    end
                    2'd1: begin
                      if (!badf_q && (d[7:0] > 8'd3 || $signed(c_wsh) < -8'sd8 ||
                                      $signed(c_wsh) > 8'sd4)) begin
                        badf_q     <= 1'b1;
                        badf_idx_q <= idx;
                      end
                      if (32'(cfg_l_q) < MAX_LAYERS) begin
                        cfg_kind_q[cfg_l_q[LIW-1:0]] <= d[1:0];
                        cfg_wsh_q[cfg_l_q[LIW-1:0]]  <= c_wsh;
                        cfg_vth_q[cfg_l_q[LIW-1:0]]  <= d[31:16];
                      end
                    end
                    2'd2: begin
                      if (!badf_q && (d[15:0] > 16'd256 || d[31:16] > 16'd256)) begin
                        badf_q     <= 1'b1;
                        badf_idx_q <= idx;
                      end
                      if (32'(cfg_l_q) < MAX_LAYERS) begin
                        cfg_taud_q[cfg_l_q[LIW-1:0]] <= d[8:0];
                        cfg_taun_q[cfg_l_q[LIW-1:0]] <= d[24:16];
                      end
                    end
                    default: begin
                      if (!badf_q && (d[23:20] != 4'd0 || d[27:24] > 4'd11 ||
                                      d[31:28] != 4'd0)) begin
                        badf_q     <= 1'b1;
                        badf_idx_q <= idx;
                      end
                      if (!cap_q && (32'd1 << (d[27:24] + 4'd1)) > MAX_LUT_ENTRIES) begin
                        cap_q     <= 1'b1;
                        cap_idx_q <= idx;
                      end
                      if (32'(cfg_l_q) < MAX_LAYERS) begin
                        cfg_lutlo_q[cfg_l_q[LIW-1:0]] <= d[15:0];
                        cfg_lutsh_q[cfg_l_q[LIW-1:0]] <= d[19:16];
                        cfg_lutb_q[cfg_l_q[LIW-1:0]]  <= d[27:24];
                      end
                    end
                  endcase
                end
              end

              T_WEIGHTS: begin
                if (idx == 24'd0) begin
                  wrow_q <= cfg_wbase_q[pli];
                  col_q  <= '0;
                end else begin
                  if (col_q == pl_cw - 16'd1) begin
                    col_q  <= '0;
                    wrow_q <= wrow_q + WAW'(cfg_rows_q[pli]);
                    if (!pad_q && (d & ~pad_mask) != 32'd0) begin
                      pad_q     <= 1'b1;
                      pad_idx_q <= idx;
                    end
                  end else begin
                    col_q <= col_q + 16'd1;
                  end
                end
              end

              T_BIAS: begin
                if (idx != 24'd0 && 32'(pc) == ((32'(pl_nout) + 32'd1) >> 1) - 32'd1 &&
                    !pad_q && (d & ~pad_mask) != 32'd0) begin
                  pad_q     <= 1'b1;
                  pad_idx_q <= idx;
                end
              end

              T_FRAME: begin
                if (idx == 24'd0) begin
                  frame_id_q <= d;
                  col_q      <= '0;
                end else if (col_q == 16'(w0) - 16'd1) begin
                  col_q <= '0;
                  if (!pad_q && (d & ~pad_mask) != 32'd0) begin
                    pad_q     <= 1'b1;
                    pad_idx_q <= idx;
                  end
                end else begin
                  col_q <= col_q + 16'd1;
                end
              end

              default: ;
            endcase
          end
        end

        ST_END: begin
          st_i_q <= '0;
          if (v_code != E_OK) begin
            if (is_param) begin
              configured_q <= 1'b0;
            end
            if (errors_q != 32'hFFFF_FFFF) begin
              errors_q <= errors_q + 32'd1;
            end
            st_code_q   <= v_code;
            st_detail_q <= v_detail;
            state_q     <= ST_STATUS;
          end else begin
            state_q <= ST_RX;
            unique case (type_q)
              T_CONFIG: begin
                configured_q <= 1'b1;
                wl_q         <= '0;
                bl_q         <= '0;
                ll_q         <= '0;
              end
              T_WEIGHTS: wl_q[hli] <= 1'b1;
              T_BIAS:    bl_q[hli] <= 1'b1;
              T_LUT:     ll_q[hli] <= 1'b1;
              T_QUERY: begin
                st_code_q   <= E_OK;
                st_detail_q <= frames_q;
                state_q     <= ST_STATUS;
              end
              default: begin  // T_FRAME
                t_q       <= '0;
                l_q       <= '0;
                fb_base_q <= '0;
                ld_w_q    <= '0;
                ld_pend_q <= 1'b0;
                state_q   <= ST_FLOAD;
              end
            endcase
          end
        end

        ST_STATUS: begin
          if (out_ok) begin
            st_i_q <= st_i_q + 3'd1;
            if (st_i_q == 3'd4) begin
              state_q <= ST_RX;
            end
          end
        end

        ST_FLOAD: begin
          if (ld_pend_q) begin
            in_vec_q[32*ld_pw_q +: 32] <= fb_rdata;
          end
          if (ld_w_q < w0) begin
            ld_pend_q <= 1'b1;
            ld_pw_q   <= ld_w_q;
            ld_w_q    <= ld_w_q + 12'd1;
          end else begin
            ld_pend_q <= 1'b0;
            if (!ld_pend_q) begin
              l_q     <= '0;
              state_q <= ST_LSTART;
            end
          end
        end

        ST_LSTART: begin
          out_vec_q <= '0;
          sw_q      <= '0;
          cw_q      <= '0;
          cw_word_q <= '0;
          ev_q      <= 1'b0;
          k_q       <= '0;
          state_q   <= wl_q[cli] ? ST_ACC : ST_ADRAIN;
        end

        ST_ACC: begin
          if (ev_q) begin
            if (k_q == cur_rows - 16'd1) begin
              k_q <= '0;
              if (pick_any) begin
                ev_base_q        <= pick_base;
                cw_q[pick_pos]   <= 1'b0;
              end else begin
                ev_q <= 1'b0;
              end
            end else begin
              k_q <= k_q + 16'd1;
            end
          end else if (pick_any) begin
            ev_q           <= 1'b1;
            k_q            <= '0;
            ev_base_q      <= pick_base;
            cw_q[pick_pos] <= 1'b0;
          end else if (sw_q < cur_nwords_in) begin
            cw_q      <= in_vec_q[32*sw_q +: 32];
            cw_word_q <= sw_q;
            sw_q      <= sw_q + 12'd1;
          end else begin
            state_q <= ST_ADRAIN;
          end
        end

        ST_ADRAIN: begin
          k_q     <= '0;
          state_q <= ST_UPD;
        end

        ST_UPD: begin
          if (k_q == cur_rows - 16'd1) begin
            k_q     <= '0;
            state_q <= ST_UDRAIN;
          end else begin
            k_q <= k_q + 16'd1;
          end
        end

        ST_UDRAIN: begin
          tr_i_q <= '0;
          if (!u1_q && !u2_q) begin
            state_q <= trace_q ? ST_TRACE : ST_LNEXT;
          end
        end

        ST_TRACE: begin
          if (out_ok) begin
            tr_i_q <= tr_i_q + 12'd1;
            if (out_last) begin
              state_q <= ST_LNEXT;
            end
          end
        end

        ST_LNEXT: begin
          in_vec_q <= out_vec_q;
          if ({1'b0, l_q} + 5'd1 < nlayers_q) begin
            l_q     <= l_q + 4'd1;
            state_q <= ST_LSTART;
          end else if (t_q + 16'd1 < tsteps_q) begin
            l_q       <= '0;
            t_q       <= t_q + 16'd1;
            fb_base_q <= fb_base_q + FAW'(w0);
            ld_w_q    <= '0;
            ld_pend_q <= 1'b0;
            state_q   <= ST_FLOAD;
          end else begin
            ar_q       <= '0;
            ap_q       <= 1'b0;
            best_cnt_q <= '0;
            best_idx_q <= '0;
            state_q    <= ST_ARG;
          end
        end

        ST_ARG: begin
          if (ap_q && rb_cnt > best_cnt_q) begin
            best_cnt_q <= rb_cnt;
            best_idx_q <= 16'({ap_row_q, LW'(0)}) + rb_lane;
          end
          if (ar_q < cfg_rows_q[lastli]) begin
            ap_q     <= 1'b1;
            ap_row_q <= ar_q;
            ar_q     <= ar_q + 16'd1;
          end else begin
            ap_q <= 1'b0;
            if (!ap_q) begin
              res_i_q <= '0;
              rowok_q <= 1'b0;
              rrow_q  <= '0;
              state_q <= ST_RES;
            end
          end
        end

        ST_RES: begin
          // The count RAM read address follows the row of the word being
          // sent; a word goes out once that row has been read for a cycle.
          rrow_q  <= res_row;
          rowok_q <= (rrow_q == res_row);
          if (out_ok) begin
            res_i_q <= res_i_q + 16'd1;
            if (out_last) begin
              frames_q <= frames_q + 32'd1;
              state_q  <= ST_RX;
            end
          end
        end

        default: state_q <= ST_RX;
      endcase
    end
  end

endmodule
