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
  // Defaults: the hardware build's capacity (contract/capacity.mk HW_*).
  parameter int unsigned LANES            = trinity_capacity_pkg::HW_LANES,  // lanes, a power of two >= 4
  parameter int unsigned MAX_LAYERS       = trinity_capacity_pkg::HW_MAX_LAYERS,  // capacity: layers (1 ... 16)
  parameter int unsigned MAX_NEURONS      = trinity_capacity_pkg::HW_MAX_NEURONS,  // capacity: neurons per layer
  parameter int unsigned MAX_T            = trinity_capacity_pkg::HW_MAX_T,  // capacity: timesteps
  parameter int unsigned MAX_WEIGHT_BYTES = trinity_capacity_pkg::HW_MAX_WEIGHT_BYTES,  // capacity: sum of n_in*n_out
  parameter int unsigned MAX_LUT_ENTRIES  = trinity_capacity_pkg::HW_MAX_LUT_ENTRIES,  // capacity: LUT entries, power of two >= 4
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
  // Every register is a _q with its next value _d from an always_comb;
  // the always_ff blocks only copy _d to _q. The per-layer configuration
  // registers (cfg_*) are not reset; all others are.
  logic [3:0]  state_q, state_d;

  // Configuration: field f of layer l is cfg_f_q[W*l +: W] (W its width).
  logic [16*MAX_LAYERS-1:0]   cfg_nin_q, cfg_nin_d;       // n_in
  logic [16*MAX_LAYERS-1:0]   cfg_nout_q, cfg_nout_d;     // n_out
  logic [16*MAX_LAYERS-1:0]   cfg_rows_q, cfg_rows_d;     // ceil(n_out / LANES)
  logic [WAW*MAX_LAYERS-1:0]  cfg_wbase_q, cfg_wbase_d;   // first weight row
  logic [SAW*MAX_LAYERS-1:0]  cfg_sbase_q, cfg_sbase_d;   // first bias/state row
  logic [2*MAX_LAYERS-1:0]    cfg_kind_q, cfg_kind_d;     // unit kind
  logic [8*MAX_LAYERS-1:0]    cfg_wsh_q, cfg_wsh_d;       // weight exponent
  logic [16*MAX_LAYERS-1:0]   cfg_vth_q, cfg_vth_d;       // threshold
  logic [9*MAX_LAYERS-1:0]    cfg_taud_q, cfg_taud_d;     // dendrite decay
  logic [9*MAX_LAYERS-1:0]    cfg_taun_q, cfg_taun_d;     // neuron decay
  logic [16*MAX_LAYERS-1:0]   cfg_lutlo_q, cfg_lutlo_d;   // LUT origin
  logic [4*MAX_LAYERS-1:0]    cfg_lutsh_q, cfg_lutsh_d;   // LUT bucket width exponent
  logic [4*MAX_LAYERS-1:0]    cfg_lutb_q, cfg_lutb_d;     // lut_bits - 1
  logic [MAX_LAYERS-1:0] wl_q, wl_d;  // WEIGHTS loaded, per layer
  logic [MAX_LAYERS-1:0] bl_q, bl_d;  // BIAS loaded
  logic [MAX_LAYERS-1:0] ll_q, ll_d;  // LUT loaded
  logic [4:0]  nlayers_q, nlayers_d;
  logic [15:0] tsteps_q, tsteps_d;
  logic        trace_q, trace_d;
  logic        configured_q, configured_d;
  logic [31:0] errors_q, errors_d;
  logic [31:0] frames_q, frames_d;

  // The packet being received.
  logic        in_pkt_q, in_pkt_d;
  logic [7:0]  type_q, type_d;
  logic [23:0] decl_q, decl_d;
  logic [31:0] rcv_q, rcv_d;
  logic [31:0] hdr0_q, hdr0_d;        // payload word 0
  logic        verbad_q, verbad_d;
  logic        badf_q, badf_d;        // a BAD_FIELD word was seen ...
  logic [23:0] badf_idx_q, badf_idx_d;  // ... first at this payload index
  logic        cap_q, cap_d;          // a CAPACITY word was seen ...
  logic [23:0] cap_idx_q, cap_idx_d;
  logic        pad_q, pad_d;          // a PADDING word was seen ...
  logic [23:0] pad_idx_q, pad_idx_d;
  logic [1:0]  cfg_sub_q, cfg_sub_d;  // word within a CONFIG layer entry
  logic [7:0]  cfg_l_q, cfg_l_d;      // layer of that entry
  logic [15:0] prev_nout_q, prev_nout_d;
  logic [39:0] wbytes_q, wbytes_d;
  logic [39:0] run_w_q, run_w_d;
  logic [23:0] run_s_q, run_s_d;
  logic [15:0] col_q, col_d;          // word within a WEIGHTS column / FRAME timestep
  logic [WAW-1:0] wrow_q, wrow_d;     // weight row of the current column
  logic [31:0] frame_id_q, frame_id_d;

  // Status being sent.
  logic [7:0]  st_code_q, st_code_d;
  logic [31:0] st_detail_q, st_detail_d;
  logic [2:0]  st_i_q, st_i_d;

  // Frame computation.
  logic [15:0]    t_q, t_d;
  logic [3:0]     l_q, l_d;
  logic [FAW-1:0] fb_base_q, fb_base_d;
  logic [11:0]    ld_w_q, ld_w_d;
  logic           ld_pend_q, ld_pend_d;
  logic [11:0]    ld_pw_q, ld_pw_d;
  logic [VEC_BITS-1:0] in_vec_q, in_vec_d;
  logic [VEC_BITS-1:0] out_vec_q, out_vec_d;
  logic [11:0]    sw_q, sw_d;          // next input word to scan
  logic [11:0]    cw_word_q, cw_word_d;  // word held in cw_q
  logic [31:0]    cw_q, cw_d;          // spikes of that word not yet issued
  logic           ev_q, ev_d;          // issuing an event's rows
  logic [15:0]    k_q, k_d;            // row within the event / update
  logic [WAW-1:0] ev_base_q, ev_base_d;
  logic           u1_q, u1_d, u2_q, u2_d;  // update-pipeline mirror
  logic [15:0]    u1_row_q, u1_row_d, u2_row_q, u2_row_d;
  logic [11:0]    tr_i_q, tr_i_d;
  logic [15:0]    ar_q, ar_d;          // argmax: next row to read
  logic           ap_q, ap_d;
  logic [15:0]    ap_row_q, ap_row_d;
  logic [15:0]    best_cnt_q, best_cnt_d;
  logic [15:0]    best_idx_q, best_idx_d;
  logic [15:0]    res_i_q, res_i_d;
  logic           rowok_q, rowok_d;
  logic [15:0]    rrow_q, rrow_d;
  logic [15:0]    clr_q, clr_d;

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

  // Layer in a parameter packet's word 0, for the verdict.
  logic [LIW-1:0] hli;
  assign hli = hdr0_q[LIW-1:0];

  // Current compute layer.
  logic [LIW-1:0] cli;
  logic [LIW-1:0] lastli;
  assign cli    = l_q[LIW-1:0];
  assign lastli = LIW'(nlayers_q - 5'd1);

  // Configuration read ports: of the current compute layer (cur_*), of
  // the layer a parameter packet addresses (pl_*), of the layer in a
  // parameter packet's word 0 (hl_*, for the verdict), of the last layer.
  logic [15:0]    cur_nin, cur_nout, cur_rows, cur_vth, cur_lutlo;
  logic [WAW-1:0] cur_wbase;
  logic [SAW-1:0] cur_sbase;
  logic [1:0]     cur_kind;
  logic [7:0]     cur_wsh;
  logic [8:0]     cur_taud, cur_taun;
  logic [3:0]     cur_lutsh, cur_lutb;
  logic [15:0]    pl_nout;
  logic [WAW-1:0] pl_wbase, pl_rows;
  logic [SAW-1:0] pl_sbase;
  logic [15:0]    hl_nin, hl_nout;
  logic [3:0]     hl_lutb;
  logic [15:0]    last_nout, last_rows;
  always_comb begin
    cur_nin   = '0;
    cur_nout  = '0;
    cur_rows  = '0;
    cur_wbase = '0;
    cur_sbase = '0;
    cur_kind  = '0;
    cur_wsh   = '0;
    cur_vth   = '0;
    cur_taud  = '0;
    cur_taun  = '0;
    cur_lutlo = '0;
    cur_lutsh = '0;
    cur_lutb  = '0;
    pl_nout   = '0;
    pl_rows   = '0;
    pl_wbase  = '0;
    pl_sbase  = '0;
    hl_nin    = '0;
    hl_nout   = '0;
    hl_lutb   = '0;
    last_nout = '0;
    last_rows = '0;
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      if (32'(cli) == ly) begin
        cur_nin   = cfg_nin_q[16*ly +: 16];
        cur_nout  = cfg_nout_q[16*ly +: 16];
        cur_rows  = cfg_rows_q[16*ly +: 16];
        cur_wbase = cfg_wbase_q[WAW*ly +: WAW];
        cur_sbase = cfg_sbase_q[SAW*ly +: SAW];
        cur_kind  = cfg_kind_q[2*ly +: 2];
        cur_wsh   = cfg_wsh_q[8*ly +: 8];
        cur_vth   = cfg_vth_q[16*ly +: 16];
        cur_taud  = cfg_taud_q[9*ly +: 9];
        cur_taun  = cfg_taun_q[9*ly +: 9];
        cur_lutlo = cfg_lutlo_q[16*ly +: 16];
        cur_lutsh = cfg_lutsh_q[4*ly +: 4];
        cur_lutb  = cfg_lutb_q[4*ly +: 4];
      end
      if (32'(pli) == ly) begin
        pl_nout   = cfg_nout_q[16*ly +: 16];
        pl_rows   = WAW'(cfg_rows_q[16*ly +: 16]);
        pl_wbase  = cfg_wbase_q[WAW*ly +: WAW];
        pl_sbase  = cfg_sbase_q[SAW*ly +: SAW];
      end
      if (32'(hli) == ly) begin
        hl_nin    = cfg_nin_q[16*ly +: 16];
        hl_nout   = cfg_nout_q[16*ly +: 16];
        hl_lutb   = cfg_lutb_q[4*ly +: 4];
      end
      if (32'(lastli) == ly) begin
        last_nout = cfg_nout_q[16*ly +: 16];
        last_rows = cfg_rows_q[16*ly +: 16];
      end
    end
  end

  // Frame geometry.
  logic [15:0] nin0;  // n_in of layer 0
  logic [11:0] w0;    // words per input timestep
  assign nin0 = cfg_nin_q[15:0];
  assign w0   = 12'((32'(nin0) + 32'd31) >> 5);

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
    b_waddr   = pl_sbase + SAW'(32'(pc) >> (LW - 1));
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
  assign pick_base = cur_wbase + WAW'(pick_j * 32'(cur_rows));

  always_comb begin
    clr_we    = (state_q == ST_INIT);
    acc_valid = (state_q == ST_ACC) && ev_q;
    acc_row   = AAW'(k_q);
    w_raddr   = ev_base_q + WAW'(k_q);
    upd_valid = (state_q == ST_UPD);
    upd_row   = AAW'(k_q);
    upd_srow  = cur_sbase + SAW'(k_q);
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
      .layer_i(l_q), .kind_i(cur_kind), .w_shift_i(cur_wsh),
      .v_th_i(cur_vth), .tau_d_i(cur_taud), .tau_n_i(cur_taun),
      .lut_lo_i(cur_lutlo), .lut_shift_i(cur_lutsh),
      .lut_bits_m1_i(cur_lutb), .n_out_i(cur_nout),
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
  logic        hl_ok;
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
        exp_len = 32'd1 + 32'(hl_nin) * ((32'(hl_nout) + 32'd3) >> 2);
        size_ok = (decl_q != 24'd0) && hl_ok && ({8'd0, decl_q} == exp_len);
      end
      T_BIAS: begin
        exp_len = 32'd1 + ((32'(hl_nout) + 32'd1) >> 1);
        size_ok = (decl_q != 24'd0) && hl_ok && ({8'd0, decl_q} == exp_len);
      end
      T_LUT: begin
        exp_len = 32'd1 + (32'd1 << hl_lutb);
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
  logic [15:0] pl_cw;
  logic [31:0] pad_mask;
  assign c_nin   = d[15:0];
  assign c_nout  = d[31:16];
  assign c_rows  = 16'((32'(c_nout) + LANES - 1) >> LW);
  assign c_bytes = 32'(c_nin) * 32'(c_nout);
  assign c_wsh   = d[15:8];
  assign pl_cw   = 16'((32'(pl_nout) + 32'd3) >> 2);

  // Padding: the last word of a WEIGHTS column, of the biases, or of a
  // FRAME timestep must be zero outside pad_mask. col_last: col_q is at the
  // last word of its column (WEIGHTS) or timestep (FRAME).
  logic        col_last, pad_word;
  always_comb begin
    pad_mask = 32'hFFFF_FFFF;
    col_last = 1'b0;
    pad_word = 1'b0;
    unique case (type_q)
      T_WEIGHTS: begin
        if (pl_nout[1:0] != 2'd0) begin
          pad_mask = (32'd1 << {pl_nout[1:0], 3'd0}) - 32'd1;
        end
        col_last = (col_q == pl_cw - 16'd1);
        pad_word = (idx != 24'd0) && col_last;
      end
      T_BIAS: begin
        if (pl_nout[0]) begin
          pad_mask = 32'h0000_FFFF;
        end
        pad_word = (idx != 24'd0) && (32'(pc) == ((32'(pl_nout) + 32'd1) >> 1) - 32'd1);
      end
      T_FRAME: begin
        if (nin0[4:0] != 5'd0) begin
          pad_mask = (32'd1 << nin0[4:0]) - 32'd1;
        end
        col_last = (col_q == 16'(w0) - 16'd1);
        pad_word = (idx != 24'd0) && col_last;
      end
      default: ;
    endcase
  end

  // Failing payload words, one flag per check class. A CONFIG is word 0
  // (layers, version/magic), word 1 (timesteps, trace), then four words per
  // layer (cfg_sub_q 0 ... 3).
  logic badf_hit, cap_hit, pad_hit;
  always_comb begin
    badf_hit = 1'b0;
    cap_hit  = 1'b0;
    if (pw && type_q == T_CONFIG) begin
      if (idx == 24'd0) begin
        badf_hit = (d[7:0] == 8'd0 || d[7:0] > 8'd16);
        cap_hit  = (32'(d[7:0]) > MAX_LAYERS);
      end else if (idx == 24'd1) begin
        badf_hit = (d[15:0] == 16'd0 || d[31:17] != 15'd0);
        cap_hit  = (32'(d[15:0]) > MAX_T);
      end else begin
        unique case (cfg_sub_q)
          2'd0: begin
            badf_hit = (c_nin == 16'd0 || c_nout == 16'd0 ||
                        (cfg_l_q != 8'd0 && c_nin != prev_nout_q));
            cap_hit  = (32'(c_nin) > MAX_NEURONS || 32'(c_nout) > MAX_NEURONS ||
                        wbytes_q + 40'(c_bytes) > 40'(MAX_WEIGHT_BYTES));
          end
          2'd1: badf_hit = (d[7:0] > 8'd3 || $signed(c_wsh) < -8'sd8 || $signed(c_wsh) > 8'sd4);
          2'd2: badf_hit = (d[15:0] > 16'd256 || d[31:16] > 16'd256);
          default: begin
            badf_hit = (d[23:20] != 4'd0 || d[27:24] > 4'd11 || d[31:28] != 4'd0);
            cap_hit  = ((32'd1 << (d[27:24] + 4'd1)) > MAX_LUT_ENTRIES);
          end
        endcase
      end
    end
  end
  assign pad_hit = pw && pad_word && ((d & ~pad_mask) != 32'd0);

  // The first failing word of each class is kept (protocol §5 reports the
  // first BAD_FIELD, CAPACITY and PADDING word); a header beat clears them.
  logic hdr_beat;  // first word of a packet
  assign hdr_beat = beat && !in_pkt_q;

  always_comb begin
    badf_d     = badf_q;
    badf_idx_d = badf_idx_q;
    cap_d      = cap_q;
    cap_idx_d  = cap_idx_q;
    pad_d      = pad_q;
    pad_idx_d  = pad_idx_q;
    if (hdr_beat) begin
      badf_d = 1'b0;
      cap_d  = 1'b0;
      pad_d  = 1'b0;
    end
    if (!badf_q && badf_hit) begin
      badf_d     = 1'b1;
      badf_idx_d = idx;
    end
    if (!cap_q && cap_hit) begin
      cap_d     = 1'b1;
      cap_idx_d = idx;
    end
    if (!pad_q && pad_hit) begin
      pad_d     = 1'b1;
      pad_idx_d = idx;
    end
  end

  // ---------------------------------------------------------------------------
  // Packet reception: header, word count, CONFIG globals, the running bases
  // of the layer entries, the WEIGHTS column / FRAME timestep position.
  // Input beats happen only in ST_RX (s_axis_tready_o).
  // ---------------------------------------------------------------------------
  always_comb begin
    in_pkt_d    = in_pkt_q;
    type_d      = type_q;
    decl_d      = decl_q;
    rcv_d       = rcv_q;
    hdr0_d      = hdr0_q;
    verbad_d    = verbad_q;
    cfg_sub_d   = cfg_sub_q;
    cfg_l_d     = cfg_l_q;
    prev_nout_d = prev_nout_q;
    wbytes_d    = wbytes_q;
    run_w_d     = run_w_q;
    run_s_d     = run_s_q;
    col_d       = col_q;
    wrow_d      = wrow_q;
    frame_id_d  = frame_id_q;
    nlayers_d   = nlayers_q;
    tsteps_d    = tsteps_q;
    trace_d     = trace_q;

    if (hdr_beat) begin
      type_d      = d[31:24];
      decl_d      = d[23:0];
      rcv_d       = '0;
      verbad_d    = 1'b0;
      cfg_sub_d   = '0;
      cfg_l_d     = '0;
      prev_nout_d = '0;
      wbytes_d    = '0;
      run_w_d     = '0;
      run_s_d     = '0;
      col_d       = '0;
      in_pkt_d    = !s_axis_tlast_i;
    end else if (beat) begin
      if (rcv_q != 32'hFFFF_FFFF) begin
        rcv_d = rcv_q + 32'd1;
      end
      if (s_axis_tlast_i) begin
        in_pkt_d = 1'b0;
      end
    end

    if (pw) begin
      if (idx == 24'd0) begin
        hdr0_d = d;
      end
      unique case (type_q)
        T_CONFIG: begin
          if (idx == 24'd0) begin
            verbad_d  = (d[31:16] != 16'h5452) || (d[15:8] != 8'd1);
            nlayers_d = d[4:0];
          end else if (idx == 24'd1) begin
            tsteps_d = d[15:0];
            trace_d  = d[16];
          end else begin
            cfg_sub_d = cfg_sub_q + 2'd1;
            if (cfg_sub_q == 2'd3) begin
              cfg_l_d = cfg_l_q + 8'd1;
            end
            if (cfg_sub_q == 2'd0) begin
              prev_nout_d = c_nout;
              wbytes_d    = wbytes_q + 40'(c_bytes);
              run_w_d     = run_w_q + 40'(32'(c_nin) * 32'(c_rows));
              run_s_d     = run_s_q + 24'(c_rows);
            end
          end
        end
        T_WEIGHTS: begin
          if (idx == 24'd0) begin
            wrow_d = pl_wbase;
            col_d  = '0;
          end else if (col_last) begin
            col_d  = '0;
            wrow_d = wrow_q + pl_rows;
          end else begin
            col_d = col_q + 16'd1;
          end
        end
        T_FRAME: begin
          if (idx == 24'd0) begin
            frame_id_d = d;
            col_d      = '0;
          end else if (col_last) begin
            col_d = '0;
          end else begin
            col_d = col_q + 16'd1;
          end
        end
        default: ;
      endcase
    end
  end

  // Per-layer configuration register file: CONFIG layer-entry word
  // cfg_sub_q of layer cfg_l_q (a layer past MAX_LAYERS is checked but not
  // stored).
  logic [3:0]     cfg_we;
  logic [LIW-1:0] cfg_wl;
  assign cfg_wl = cfg_l_q[LIW-1:0];
  always_comb begin
    cfg_we = '0;
    if (pw && type_q == T_CONFIG && idx > 24'd1 && 32'(cfg_l_q) < MAX_LAYERS) begin
      cfg_we[cfg_sub_q] = 1'b1;
    end
  end

  always_comb begin
    cfg_nin_d   = cfg_nin_q;
    cfg_nout_d  = cfg_nout_q;
    cfg_rows_d  = cfg_rows_q;
    cfg_wbase_d = cfg_wbase_q;
    cfg_sbase_d = cfg_sbase_q;
    cfg_kind_d  = cfg_kind_q;
    cfg_wsh_d   = cfg_wsh_q;
    cfg_vth_d   = cfg_vth_q;
    cfg_taud_d  = cfg_taud_q;
    cfg_taun_d  = cfg_taun_q;
    cfg_lutlo_d = cfg_lutlo_q;
    cfg_lutsh_d = cfg_lutsh_q;
    cfg_lutb_d  = cfg_lutb_q;
    for (int unsigned ly = 0; ly < MAX_LAYERS; ly++) begin
      if (32'(cfg_wl) == ly) begin
        if (cfg_we[0]) begin
          cfg_nin_d[16*ly +: 16]       = c_nin;
          cfg_nout_d[16*ly +: 16]      = c_nout;
          cfg_rows_d[16*ly +: 16]      = c_rows;
          cfg_wbase_d[WAW*ly +: WAW]   = WAW'(run_w_q);
          cfg_sbase_d[SAW*ly +: SAW]   = SAW'(run_s_q);
        end
        if (cfg_we[1]) begin
          cfg_kind_d[2*ly +: 2]        = d[1:0];
          cfg_wsh_d[8*ly +: 8]         = c_wsh;
          cfg_vth_d[16*ly +: 16]       = d[31:16];
        end
        if (cfg_we[2]) begin
          cfg_taud_d[9*ly +: 9]        = d[8:0];
          cfg_taun_d[9*ly +: 9]        = d[24:16];
        end
        if (cfg_we[3]) begin
          cfg_lutlo_d[16*ly +: 16]     = d[15:0];
          cfg_lutsh_d[4*ly +: 4]       = d[19:16];
          cfg_lutb_d[4*ly +: 4]        = d[27:24];
        end
      end
    end
  end

  // Not reset: a good CONFIG writes every field a computation reads.
  always_ff @(posedge clk_i) begin
    cfg_nin_q   <= cfg_nin_d;
    cfg_nout_q  <= cfg_nout_d;
    cfg_rows_q  <= cfg_rows_d;
    cfg_wbase_q <= cfg_wbase_d;
    cfg_sbase_q <= cfg_sbase_d;
    cfg_kind_q  <= cfg_kind_d;
    cfg_wsh_q   <= cfg_wsh_d;
    cfg_vth_q   <= cfg_vth_d;
    cfg_taud_q  <= cfg_taud_d;
    cfg_taun_q  <= cfg_taun_d;
    cfg_lutlo_q <= cfg_lutlo_d;
    cfg_lutsh_q <= cfg_lutsh_d;
    cfg_lutb_q  <= cfg_lutb_d;
  end

  // ---------------------------------------------------------------------------
  // Sequencer: layer geometry, argmax row, output words
  // ---------------------------------------------------------------------------
  logic [11:0] cur_nwords_in, cur_nwords_out;
  logic [15:0] res_ncw;
  assign cur_nwords_in  = 12'((32'(cur_nin) + 32'd31) >> 5);
  assign cur_nwords_out = 12'((32'(cur_nout) + 32'd31) >> 5);
  assign res_ncw        = 16'((32'(last_nout) + 32'd1) >> 1);

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

  // ---------------------------------------------------------------------------
  // Sequencer: verdict, status, frame computation, result
  // ---------------------------------------------------------------------------
  // Update-pipeline mirror: the lanes' spikes of row u2_row_q arrive in U2.
  assign u1_d     = upd_valid;
  assign u1_row_d = k_q;
  assign u2_d     = u1_q;
  assign u2_row_d = u1_row_q;

  always_comb begin
    state_d      = state_q;
    configured_d = configured_q;
    wl_d         = wl_q;
    bl_d         = bl_q;
    ll_d         = ll_q;
    errors_d     = errors_q;
    frames_d     = frames_q;
    st_code_d    = st_code_q;
    st_detail_d  = st_detail_q;
    st_i_d       = st_i_q;
    t_d          = t_q;
    l_d          = l_q;
    fb_base_d    = fb_base_q;
    ld_w_d       = ld_w_q;
    ld_pend_d    = ld_pend_q;
    ld_pw_d      = ld_pw_q;
    in_vec_d     = in_vec_q;
    out_vec_d    = out_vec_q;
    sw_d         = sw_q;
    cw_word_d    = cw_word_q;
    cw_d         = cw_q;
    ev_d         = ev_q;
    k_d          = k_q;
    ev_base_d    = ev_base_q;
    tr_i_d       = tr_i_q;
    ar_d         = ar_q;
    ap_d         = ap_q;
    ap_row_d     = ap_row_q;
    best_cnt_d   = best_cnt_q;
    best_idx_d   = best_idx_q;
    res_i_d      = res_i_q;
    rowok_d      = rowok_q;
    rrow_d       = rrow_q;
    clr_d        = clr_q;

    // Constant part-selects (a loop over the rows): yosys 0.23 builds a
    // barrel shifter for a variable one.
    for (int unsigned r = 0; r < VEC_BITS / LANES; r++) begin
      if (u2_q && 32'(u2_row_q) == r) begin
        out_vec_d[LANES*r +: LANES] = spikes;
      end
    end

    unique case (state_q)
      ST_INIT: begin
        clr_d = clr_q + 16'd1;
        if (32'(clr_q) == AROWS - 1) begin
          state_d = ST_RX;
        end
      end

      ST_RX: begin
        if (beat && s_axis_tlast_i) begin
          state_d = ST_END;
        end
      end

      ST_END: begin
        st_i_d = '0;
        if (v_code != E_OK) begin
          if (is_param) begin
            configured_d = 1'b0;
          end
          if (errors_q != 32'hFFFF_FFFF) begin
            errors_d = errors_q + 32'd1;
          end
          st_code_d   = v_code;
          st_detail_d = v_detail;
          state_d     = ST_STATUS;
        end else begin
          state_d = ST_RX;
          unique case (type_q)
            T_CONFIG: begin
              configured_d = 1'b1;
              wl_d         = '0;
              bl_d         = '0;
              ll_d         = '0;
            end
            T_WEIGHTS: wl_d[hli] = 1'b1;
            T_BIAS:    bl_d[hli] = 1'b1;
            T_LUT:     ll_d[hli] = 1'b1;
            T_QUERY: begin
              st_code_d   = E_OK;
              st_detail_d = frames_q;
              state_d     = ST_STATUS;
            end
            default: begin  // T_FRAME
              t_d       = '0;
              l_d       = '0;
              fb_base_d = '0;
              ld_w_d    = '0;
              ld_pend_d = 1'b0;
              state_d   = ST_FLOAD;
            end
          endcase
        end
      end

      ST_STATUS: begin
        if (out_ok) begin
          st_i_d = st_i_q + 3'd1;
          if (st_i_q == 3'd4) begin
            state_d = ST_RX;
          end
        end
      end

      // Timestep input words from the frame buffer (one cycle read latency).
      ST_FLOAD: begin
        for (int unsigned w = 0; w < VEC_BITS / 32; w++) begin
          if (ld_pend_q && 32'(ld_pw_q) == w) begin
            in_vec_d[32*w +: 32] = fb_rdata;
          end
        end
        if (ld_w_q < w0) begin
          ld_pend_d = 1'b1;
          ld_pw_d   = ld_w_q;
          ld_w_d    = ld_w_q + 12'd1;
        end else begin
          ld_pend_d = 1'b0;
          if (!ld_pend_q) begin
            l_d     = '0;
            state_d = ST_LSTART;
          end
        end
      end

      ST_LSTART: begin
        out_vec_d = '0;
        sw_d      = '0;
        cw_d      = '0;
        cw_word_d = '0;
        ev_d      = 1'b0;
        k_d       = '0;
        state_d   = wl_q[cli] ? ST_ACC : ST_ADRAIN;
      end

      // Event-driven accumulation: the rows of the current event, then the
      // next pending spike of the scanned word, then the next word.
      ST_ACC: begin
        if (ev_q && k_q != cur_rows - 16'd1) begin
          k_d = k_q + 16'd1;
        end else if (pick_any) begin
          ev_d           = 1'b1;
          k_d            = '0;
          ev_base_d      = pick_base;
          cw_d[pick_pos] = 1'b0;
        end else if (ev_q) begin
          ev_d = 1'b0;
          k_d  = '0;
        end else if (sw_q < cur_nwords_in) begin
          cw_d      = in_vec_q[32*sw_q +: 32];
          cw_word_d = sw_q;
          sw_d      = sw_q + 12'd1;
        end else begin
          state_d = ST_ADRAIN;
        end
      end

      ST_ADRAIN: begin
        k_d     = '0;
        state_d = ST_UPD;
      end

      ST_UPD: begin
        if (k_q == cur_rows - 16'd1) begin
          k_d     = '0;
          state_d = ST_UDRAIN;
        end else begin
          k_d = k_q + 16'd1;
        end
      end

      ST_UDRAIN: begin
        tr_i_d = '0;
        if (!u1_q && !u2_q) begin
          state_d = trace_q ? ST_TRACE : ST_LNEXT;
        end
      end

      ST_TRACE: begin
        if (out_ok) begin
          tr_i_d = tr_i_q + 12'd1;
          if (out_last) begin
            state_d = ST_LNEXT;
          end
        end
      end

      ST_LNEXT: begin
        in_vec_d = out_vec_q;
        if ({1'b0, l_q} + 5'd1 < nlayers_q) begin
          l_d     = l_q + 4'd1;
          state_d = ST_LSTART;
        end else if (t_q + 16'd1 < tsteps_q) begin
          l_d       = '0;
          t_d       = t_q + 16'd1;
          fb_base_d = fb_base_q + FAW'(w0);
          ld_w_d    = '0;
          ld_pend_d = 1'b0;
          state_d   = ST_FLOAD;
        end else begin
          ar_d       = '0;
          ap_d       = 1'b0;
          best_cnt_d = '0;
          best_idx_d = '0;
          state_d    = ST_ARG;
        end
      end

      // Argmax over the count rows (one cycle read latency, ties to the
      // lowest index).
      ST_ARG: begin
        if (ap_q && rb_cnt > best_cnt_q) begin
          best_cnt_d = rb_cnt;
          best_idx_d = 16'({ap_row_q, LW'(0)}) + rb_lane;
        end
        if (ar_q < last_rows) begin
          ap_d     = 1'b1;
          ap_row_d = ar_q;
          ar_d     = ar_q + 16'd1;
        end else begin
          ap_d = 1'b0;
          if (!ap_q) begin
            res_i_d = '0;
            rowok_d = 1'b0;
            rrow_d  = '0;
            state_d = ST_RES;
          end
        end
      end

      ST_RES: begin
        // The count RAM read address follows the row of the word being
        // sent; a word goes out once that row has been read for a cycle.
        rrow_d  = res_row;
        rowok_d = (rrow_q == res_row);
        if (out_ok) begin
          res_i_d = res_i_q + 16'd1;
          if (out_last) begin
            frames_d = frames_q + 32'd1;
            state_d  = ST_RX;
          end
        end
      end

      default: state_d = ST_RX;
    endcase
  end

  // ---------------------------------------------------------------------------
  // Registers
  // ---------------------------------------------------------------------------
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
      state_q      <= state_d;
      wl_q         <= wl_d;
      bl_q         <= bl_d;
      ll_q         <= ll_d;
      nlayers_q    <= nlayers_d;
      tsteps_q     <= tsteps_d;
      trace_q      <= trace_d;
      configured_q <= configured_d;
      errors_q     <= errors_d;
      frames_q     <= frames_d;
      in_pkt_q     <= in_pkt_d;
      type_q       <= type_d;
      decl_q       <= decl_d;
      rcv_q        <= rcv_d;
      hdr0_q       <= hdr0_d;
      verbad_q     <= verbad_d;
      badf_q       <= badf_d;
      cap_q        <= cap_d;
      pad_q        <= pad_d;
      badf_idx_q   <= badf_idx_d;
      cap_idx_q    <= cap_idx_d;
      pad_idx_q    <= pad_idx_d;
      cfg_sub_q    <= cfg_sub_d;
      cfg_l_q      <= cfg_l_d;
      prev_nout_q  <= prev_nout_d;
      wbytes_q     <= wbytes_d;
      run_w_q      <= run_w_d;
      run_s_q      <= run_s_d;
      col_q        <= col_d;
      wrow_q       <= wrow_d;
      frame_id_q   <= frame_id_d;
      st_code_q    <= st_code_d;
      st_detail_q  <= st_detail_d;
      st_i_q       <= st_i_d;
      t_q          <= t_d;
      l_q          <= l_d;
      fb_base_q    <= fb_base_d;
      ld_w_q       <= ld_w_d;
      ld_pend_q    <= ld_pend_d;
      ld_pw_q      <= ld_pw_d;
      in_vec_q     <= in_vec_d;
      out_vec_q    <= out_vec_d;
      sw_q         <= sw_d;
      cw_word_q    <= cw_word_d;
      cw_q         <= cw_d;
      ev_q         <= ev_d;
      k_q          <= k_d;
      ev_base_q    <= ev_base_d;
      u1_q         <= u1_d;
      u2_q         <= u2_d;
      u1_row_q     <= u1_row_d;
      u2_row_q     <= u2_row_d;
      tr_i_q       <= tr_i_d;
      ar_q         <= ar_d;
      ap_q         <= ap_d;
      ap_row_q     <= ap_row_d;
      best_cnt_q   <= best_cnt_d;
      best_idx_q   <= best_idx_d;
      res_i_q      <= res_i_d;
      rowok_q      <= rowok_d;
      rrow_q       <= rrow_d;
      clr_q        <= clr_d;
    end
  end

endmodule
