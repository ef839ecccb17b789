// SPDX-License-Identifier: Apache-2.0
// Rate coder of the IMAGE packet (protocol v2 §3, fixed-point spec §6): holds
// the image's pixels (written by the receiver as they arrive) and, once the
// sequencer starts it after a good IMAGE, writes the frame's T x
// ceil(n_in/32) spike words into the frame buffer, in the FRAME layout, so
// the frame is then computed exactly as a FRAME.
//
//   spike(t, i) = ((r * 255) >> 32) < pixel_i,
//   r = mix64(seed + key * PHI) >> 32,  key = (n*T + t)*n_in + i + 1
//
// key runs through consecutive values for j = t*n_in + i, so the argument of
// mix64 is z_j = z_0 + j*PHI with z_0 = seed + (n*T*n_in + 1)*PHI. Setup
// computes z_0 and n_in*PHI with a shift-add multiplier (one 64-bit add per
// cycle, 16 + 16 + 64 cycles). It starts as soon as the receiver has the
// IMAGE's index and seed (prep_i), while the pixels are still arriving, and
// waits in CReady for start_i (the good verdict), which then runs at once.
// The setup copies the fields it uses (cap_*); start_i runs it only if they
// still equal the inputs and a setup is under way or done, else it starts
// the setup over (as for an IMAGE whose prep_i was not seen), so the spikes
// never depend on packet order. Then CODERS generators take CODERS
// consecutive inputs of one timestep per cycle: generator c of the group
// starting at input i0 of timestep t mixes z_base + c*PHI, where z_base
// advances by CODERS*PHI per group and by n_in*PHI per timestep. Each
// generator is mix64 as a pipeline: xor-shift, a constant multiply
// (trinity_mulc64: 16x16 partial products on DSPs, registered adds),
// xor-shift, the second multiply, the final xor folded into the scaling
// (r*255 = (r << 8) - r) and the compare. Inputs at and above n_in (the
// padding of a timestep's last word) get pixel 0, which never spikes.
// docs/rtl.md "Rate coder" has the cycle count.
//
// The pixel memory is PPR/4 banks of 32-bit words (PPR = max(CODERS, 4)
// pixels per read), registered read, no reset, so one read gives a whole
// group's pixels.
module trinity_rate_coder #(
  parameter int unsigned MAX_NEURONS = 1024,  // capacity: n_in(0) <= MAX_NEURONS
  parameter int unsigned CODERS      = 8,     // generators: 1, 2, 4, 8, 16 or 32
  parameter int unsigned FAW         = 13,    // frame buffer address bits
  parameter int unsigned PXW         = 8      // pixel word address bits
) (
  input  logic           clk_i,          // clock
  input  logic           rst_ni,         // asynchronous reset, active low
  // Pixel words from the IMAGE packet (receiver).
  input  logic           pix_we_i,       // write pixel word pix_waddr_i
  input  logic [PXW-1:0] pix_waddr_i,    // pixel word index (pixels 4k ... 4k+3)
  input  logic [31:0]    pix_wdata_i,    // the word, pixel 4k in bits 7:0
  // The image and the configuration.
  input  logic           prep_i,         // the image's index and seed are in: start the setup (one-cycle pulse)
  input  logic           start_i,        // code the stored image now (one-cycle pulse)
  input  logic [31:0]    index_i,        // n, the image's index in its split
  input  logic [63:0]    seed_i,         // seed
  input  logic [15:0]    timesteps_i,    // T
  input  logic [15:0]    n_in_i,         // n_in(0)
  input  logic [11:0]    in_words_i,     // ceil(n_in / 32)
  output logic           done_o,         // the last spike word was written (one-cycle pulse)
  // Frame buffer writes (the buffer is idle while the coder runs).
  output logic           fb_we_o,        // write a spike word
  output logic [FAW-1:0] fb_waddr_o,     // at this address (t * in_words + word)
  output logic [31:0]    fb_wdata_o      // the word: input 32w + b at bit b
);

  // ---------------------------------------------------------------------------
  // Sizes and constants
  // ---------------------------------------------------------------------------
  localparam logic [63:0] PHI  = 64'h9E37_79B9_7F4A_7C15;  // the key's multiplier
  localparam logic [63:0] MIX1 = 64'hBF58_476D_1CE4_E5B9;  // mix64's constants
  localparam logic [63:0] MIX2 = 64'h94D0_49BB_1331_11EB;
  localparam int unsigned CW       = $clog2(CODERS);               // log2(CODERS)
  localparam int unsigned PPR      = (CODERS > 4) ? CODERS : 4;    // pixels per memory read
  localparam int unsigned NB       = PPR / 4;                      // pixel banks
  localparam int unsigned SUBW     = $clog2(PPR / CODERS);         // groups per read row, log2
  localparam int unsigned SLOTS    = ((MAX_NEURONS + 31) / 32) * 32;  // inputs of a timestep, padded
  localparam int unsigned BDEPTH   = SLOTS / PPR;                  // rows per bank
  localparam int unsigned BAW      = (BDEPTH > 1) ? $clog2(BDEPTH) : 1;
  localparam int unsigned GW       = $clog2(SLOTS / CODERS) + 1;   // group counter bits
  localparam int unsigned MULC_LAT = 5;                            // trinity_mulc64 latency
  // Stages from a group's issue (edge 1: pixels read, z_base registered) to
  // its spike bits (spike_q): z (2), x1 (3), first product (4 ... 8), x2 (9),
  // second product (10 ... 14), scaled r (15), compare (16).
  localparam int unsigned LAT      = 6 + 2 * MULC_LAT;
  localparam int unsigned PIX_DLY  = LAT - 2;  // pixels: registered at 2, needed at 15
  localparam int unsigned SW1      = SUBW + 1;
  localparam logic [63:0] CPHI     = 64'(CODERS) * PHI;  // z step per group (mod 2^64)

  // ---------------------------------------------------------------------------
  // Pixel memory: word k in bank k mod NB, row k div NB
  // ---------------------------------------------------------------------------
  logic [BAW-1:0]    pix_raddr;
  logic [PPR*8-1:0]  pix_row;  // pixels PPR*row ... PPR*row + PPR - 1
  // The receiver's write, registered: its enable comes from the stream
  // handshake (the sequencer's state through TREADY), too deep to also
  // decode a bank and drive a LUT RAM's WE in one cycle at CODERS 16. The
  // coder reads the pixels only after its setup (start_i comes at the
  // verdict, VERDICT_LAT cycles after the packet's last word), so the
  // cycle of delay is never seen.
  logic             pix_we_q;
  logic [PXW-1:0]   pix_waddr_q;
  logic [31:0]      pix_wdata_q;
  trinity_write_reg #(.AW(PXW), .DW(32)) u_pix_write (
    .clk_i, .rst_ni, .we_i(pix_we_i), .waddr_i(pix_waddr_i), .wdata_i(pix_wdata_i),
    .we_o(pix_we_q), .waddr_o(pix_waddr_q), .wdata_o(pix_wdata_q)
  );
  for (genvar b = 0; b < NB; b++) begin : gen_pix_bank
    logic bank_we;
    if (NB > 1) begin : gen_sel
      assign bank_we = pix_we_q && (32'(pix_waddr_q) % NB == b);
    end else begin : gen_one
      assign bank_we = pix_we_q;
    end
    trinity_ram #(.WIDTH(32), .DEPTH(BDEPTH), .AW(BAW)) u_pix (
      .clk_i, .we_i(bank_we), .waddr_i(BAW'(32'(pix_waddr_q) / NB)), .wdata_i(pix_wdata_q),
      .raddr_i(pix_raddr), .rdata_o(pix_row[32*b +: 32])
    );
  end

  // ---------------------------------------------------------------------------
  // Control: setup multiplies, then one group per cycle
  // ---------------------------------------------------------------------------
  localparam logic [2:0] CIdle = 3'd0, CMulNt = 3'd1, CMulKey = 3'd2, CMulZ = 3'd3, CRun = 3'd4,
                         CDrain = 3'd5, CReady = 3'd6;
  logic [2:0]    state_q, state_d;
  logic [6:0]    mul_cnt_q, mul_cnt_d;       // iterations left - 1
  logic [63:0]   mul_acc_q, mul_acc_d;       // shift-add: accumulator ...
  logic [63:0]   mul_a_q, mul_a_d;           // ... multiplicand (shifts left) ...
  logic [63:0]   mul_b_q, mul_b_d;           // ... multiplier (shifts right)
  logic [63:0]   nphi_q, nphi_d;             // n_in * PHI, summed beside n*T
  logic [63:0]   nphi_a_q, nphi_a_d;
  logic [15:0]   nphi_b_q, nphi_b_d;
  logic [63:0]   zb_q, zb_d;                 // z of the group's first input
  logic [63:0]   zt_q, zt_d;                 // z of the timestep's first input
  logic [15:0]   t_q, t_d;                   // timestep being issued
  logic          t_last_q, t_last_d;         // it is the last one
  logic [GW-1:0] g_q, g_d;                   // group within the timestep
  logic [GW-1:0] g_last_q;                   // the timestep's last group
  logic [15:0]   i0_q, i0_d;                 // the group's first input
  logic [31:0]   cap_index_q, cap_index_d;   // the fields the setup multiplies: n ...
  logic [63:0]   cap_seed_q, cap_seed_d;     // ... seed ...
  logic [15:0]   cap_t_q, cap_t_d;           // ... T ...
  logic [15:0]   cap_nin_q, cap_nin_d;       // ... n_in
  logic          match_q;                    // they equal the inputs (registered compare)
  logic          go_q, go_d;                 // start_i came during the setup: run when it ends
  logic [FAW-1:0] fb_waddr_q;                // next spike word's address
  logic [31:0]   word_q;                     // spike word being assembled
  logic          fb_we_q, done_q;

  logic        issue, g_wrap, word_last;
  logic        in_setup;     // a setup is under way or done (CMulNt ... CReady)
  logic        start_fresh;  // start_i finds the setup of today's fields
  logic        setup_begin;  // copy the fields and start the setup
  assign in_setup    = (state_q == CMulNt) || (state_q == CMulKey) || (state_q == CMulZ) ||
                       (state_q == CReady);
  assign start_fresh = start_i && in_setup && match_q;
  logic [63:0] mul_sum;  // the shift-add's next accumulator
  assign mul_sum = mul_b_q[0] ? mul_acc_q + mul_a_q : mul_acc_q;
  assign issue     = (state_q == CRun);
  assign g_wrap    = (g_q == g_last_q);
  // The group completes a 32-bit spike word.
  if (CODERS == 32) begin : gen_word_last_all
    assign word_last = 1'b1;
  end else begin : gen_word_last
    assign word_last = &g_q[4-CW:0];
  end

  always_comb begin
    state_d   = state_q;
    mul_cnt_d = mul_cnt_q - 7'd1;
    mul_acc_d = mul_sum;
    mul_a_d   = {mul_a_q[62:0], 1'b0};
    mul_b_d   = {1'b0, mul_b_q[63:1]};
    nphi_d    = nphi_b_q[0] ? nphi_q + nphi_a_q : nphi_q;
    nphi_a_d  = {nphi_a_q[62:0], 1'b0};
    nphi_b_d  = {1'b0, nphi_b_q[15:1]};
    zb_d      = zb_q;
    zt_d      = zt_q;
    t_d       = t_q;
    t_last_d  = t_last_q;
    g_d       = g_q;
    i0_d      = i0_q;
    go_d      = go_q;
    cap_index_d = cap_index_q;
    cap_seed_d  = cap_seed_q;
    cap_t_d     = cap_t_q;
    cap_nin_d   = cap_nin_q;
    // A new image's fields (prep_i), or a start without a setup of today's
    // fields: copy them and start over. A running code ignores prep_i (its
    // start_i then finds other fields and sets up again).
    setup_begin = (start_i && !start_fresh && state_q != CRun && state_q != CDrain) ||
                  (prep_i && !start_i && state_q != CRun && state_q != CDrain);
    if (start_fresh) begin
      go_d = 1'b1;
    end
    unique case (state_q)
      CIdle: ;
      CMulNt: begin
        if (mul_cnt_q == 7'd0) begin  // mul_sum is n * T: 1 + that * n_in
          mul_acc_d = 64'd1;
          mul_a_d   = mul_sum;
          mul_b_d   = {48'd0, cap_nin_q};
          mul_cnt_d = 7'd15;
          state_d   = CMulKey;
        end
      end
      CMulKey: begin
        if (mul_cnt_q == 7'd0) begin  // mul_sum is the key of j = 0: z_0 = seed + key * PHI
          mul_acc_d = cap_seed_q;
          mul_a_d   = PHI;
          mul_b_d   = mul_sum;
          mul_cnt_d = 7'd63;
          state_d   = CMulZ;
        end
      end
      CMulZ: begin
        if (mul_cnt_q == 7'd0) begin
          zb_d     = mul_sum;
          zt_d     = mul_sum;
          t_d      = '0;
          t_last_d = (timesteps_i == 16'd1);
          g_d      = '0;
          i0_d     = '0;
          if (go_q || start_fresh) begin
            go_d    = 1'b0;
            state_d = CRun;
          end else begin
            state_d = CReady;
          end
        end
      end
      CReady: begin  // z_0 and n_in * PHI are set: wait for the verdict
        if (start_fresh) begin
          go_d    = 1'b0;
          state_d = CRun;
        end
      end
      CRun: begin
        if (g_wrap) begin
          zb_d     = zt_q + nphi_q;
          zt_d     = zt_q + nphi_q;
          g_d      = '0;
          i0_d     = '0;
          t_d      = t_q + 16'd1;
          t_last_d = (t_q + 16'd2 == timesteps_i);
          if (t_last_q) begin
            state_d = CDrain;
          end
        end else begin
          zb_d = zb_q + CPHI;
          g_d  = g_q + GW'(1);
          i0_d = i0_q + 16'(CODERS);
        end
      end
      CDrain: begin
        if (done_q) begin
          state_d = CIdle;
        end
      end
      default: state_d = CIdle;
    endcase
    if (setup_begin) begin
      // n * T and, beside it, n_in * PHI.
      cap_index_d = index_i;
      cap_seed_d  = seed_i;
      cap_t_d     = timesteps_i;
      cap_nin_d   = n_in_i;
      mul_acc_d   = '0;
      mul_a_d     = {32'd0, index_i};
      mul_b_d     = {48'd0, timesteps_i};
      mul_cnt_d   = 7'd15;
      nphi_d      = '0;
      nphi_a_d    = PHI;
      nphi_b_d    = n_in_i;
      go_d        = start_i;
      state_d     = CMulNt;
    end
  end

  // The timestep's groups: ceil(n_in/32) words of 32/CODERS groups.
  always_ff @(posedge clk_i) begin
    g_last_q <= GW'((32'(in_words_i) << (5 - CW)) - 32'd1);
  end

  assign pix_raddr = BAW'(g_q >> SUBW);

  // ---------------------------------------------------------------------------
  // Generator pipeline
  // ---------------------------------------------------------------------------
  // Issue stage registers (edge 1) and the valid / tag line: tag bit 0
  // valid, 1 the group ends a spike word, 2 it is the frame's last group.
  logic [63:0]       s1_zb_q;
  logic [15:0]       s1_i0_q;
  logic [SUBW:0]     s1_sub_q;  // group within the read row (bit SUBW unused)
  logic [3*LAT-1:0]  tag_q;     // stage k (edge k+1) at [3k +: 3]
  logic [8*CODERS-1:0] s1_pix;  // the group's pixels out of the read row
  logic [8*CODERS-1:0] s2_pix;  // ... registered, 0 past n_in (stage 2)
  logic [8*CODERS*(PIX_DLY-1)-1:0] pix_q;  // stages 3 ... 15, stage 3 at [0 +: 8*CODERS]
  logic [8*CODERS-1:0] pix15;   // the pixels of stage 15
  logic [CODERS-1:0] spike;     // the group's spikes (stage 16)

  always_ff @(posedge clk_i) begin
    s1_zb_q  <= zb_q;
    s1_i0_q  <= i0_q;
    s1_sub_q <= SW1'(g_q);
  end

  if (SUBW == 0) begin : gen_pix_whole
    assign s1_pix = pix_row;
    logic unused_sub;
    assign unused_sub = ^s1_sub_q;
  end else begin : gen_pix_part
    assign s1_pix = pix_row[8 * CODERS * s1_sub_q[SUBW-1:0] +: 8 * CODERS];
    logic unused_sub;
    assign unused_sub = s1_sub_q[SUBW];
  end

  for (genvar c = 0; c < CODERS; c++) begin : gen_coder
    localparam logic [63:0] COFF = 64'(c) * PHI;  // z offset of generator c
    logic [63:0] z_q, x1_q, y1, x2_q, y2;
    logic [7:0]  pix2_q;    // this generator's pixel, stage 2
    logic [7:0]  scaled_q;  // (r * 255) >> 32
    logic [39:0] r255;
    logic [31:0] r;
    logic        spike_q;
    logic        unused_r255;

    always_ff @(posedge clk_i) begin
      // Stage 2: this generator's z and its pixel (0 past n_in).
      z_q <= s1_zb_q + COFF;
      pix2_q <= (32'(s1_i0_q) + c < 32'(n_in_i)) ? s1_pix[8*c +: 8] : 8'd0;
      // Stage 3: mix64's first xor-shift.
      x1_q <= z_q ^ (z_q >> 30);
    end
    // Stages 4 ... 8.
    trinity_mulc64 #(.K(MIX1)) u_mul1 (.clk_i, .a_i(x1_q), .p_o(y1));
    always_ff @(posedge clk_i) begin
      x2_q <= y1 ^ (y1 >> 27);  // stage 9
    end
    // Stages 10 ... 14.
    trinity_mulc64 #(.K(MIX2)) u_mul2 (.clk_i, .a_i(x2_q), .p_o(y2));
    // r = (y2 ^ (y2 >> 31)) >> 32; r * 255 = (r << 8) - r.
    assign r    = y2[63:32] ^ {31'd0, y2[63]};
    assign r255 = {r, 8'd0} - {8'd0, r};
    assign unused_r255 = ^{r255[31:0], y2[31:0]};
    always_ff @(posedge clk_i) begin
      scaled_q <= r255[39:32];  // stage 15
      spike_q  <= scaled_q < pix15[8*c +: 8];  // stage 16
    end
    assign spike[c] = spike_q;
    assign s2_pix[8*c +: 8] = pix2_q;
  end

  // The pixels' delay line from stage 2 to stage 15.
  always_ff @(posedge clk_i) begin
    pix_q <= {pix_q[8*CODERS*(PIX_DLY-2)-1:0], s2_pix};
  end
  assign pix15 = pix_q[8*CODERS*(PIX_DLY-2) +: 8*CODERS];

  // ---------------------------------------------------------------------------
  // Spike words into the frame buffer
  // ---------------------------------------------------------------------------
  logic [2:0] tag_out;  // the tag of the group whose spikes are in spike
  assign tag_out = tag_q[3*(LAT-1) +: 3];

  // The group's spikes shift in from the top: after 32/CODERS groups the
  // word's first group is at bits CODERS-1:0.
  if (CODERS == 32) begin : gen_word_one
    always_ff @(posedge clk_i) begin
      if (tag_out[0]) begin
        word_q <= spike;
      end
    end
  end else begin : gen_word_shift
    always_ff @(posedge clk_i) begin
      if (tag_out[0]) begin
        word_q <= {spike, word_q[31:CODERS]};
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q    <= CIdle;
      go_q       <= 1'b0;
      tag_q      <= '0;
      fb_we_q    <= 1'b0;
      fb_waddr_q <= '0;
      done_q     <= 1'b0;
    end else begin
      state_q    <= state_d;
      go_q       <= go_d;
      tag_q      <= {tag_q[3*(LAT-1)-1:0], issue && g_wrap && t_last_q, issue && word_last, issue};
      fb_we_q    <= tag_out[0] && tag_out[1];
      if (start_i) begin
        fb_waddr_q <= '0;
      end else if (fb_we_q) begin
        fb_waddr_q <= fb_waddr_q + FAW'(1);
      end
      done_q     <= tag_out[0] && tag_out[2];
    end
  end

  // Datapath registers without reset.
  always_ff @(posedge clk_i) begin
    mul_cnt_q <= mul_cnt_d;
    mul_acc_q <= mul_acc_d;
    mul_a_q   <= mul_a_d;
    mul_b_q   <= mul_b_d;
    nphi_q    <= nphi_d;
    nphi_a_q  <= nphi_a_d;
    nphi_b_q  <= nphi_b_d;
    zb_q      <= zb_d;
    zt_q      <= zt_d;
    t_q       <= t_d;
    t_last_q  <= t_last_d;
    g_q       <= g_d;
    i0_q      <= i0_d;
    cap_index_q <= cap_index_d;
    cap_seed_q  <= cap_seed_d;
    cap_t_q     <= cap_t_d;
    cap_nin_q   <= cap_nin_d;
    match_q     <= (cap_index_q == index_i) && (cap_seed_q == seed_i) && (cap_t_q == timesteps_i) &&
                   (cap_nin_q == n_in_i);
  end

  assign fb_we_o    = fb_we_q;
  assign fb_waddr_o = fb_waddr_q;
  assign fb_wdata_o = word_q;
  assign done_o     = done_q;

`ifndef SYNTHESIS
  // Today's core never starts the coder without the setup of the same
  // image's fields under way or done (the receiver's prep_i comes with the
  // seed word, and no packet is taken while the coder runs); the restart in
  // setup_begin is there so that the spikes would not depend on it.
  a_start_fresh: assert property (@(posedge clk_i) disable iff (!rst_ni)
    start_i |-> start_fresh);
`endif

endmodule
