// Vitis RTL-kernel wrapper around the RTL core (rtl/trinity_core.sv), packaged
// by package_xo.tcl with kernel.xml. It only adapts names and adds what Vitis
// requires of an RTL kernel; the protocol lives entirely in trinity_core.
//
// - ap_clk / ap_rst_n: the platform's kernel clock and its active-low reset,
//   synchronous to ap_clk. The core's rst_ni is asynchronous; feeding it
//   from two ap_clk flops keeps its release synchronous and the reset tree
//   off the platform's net, so no false path is needed (see the XDC).
// - s_axis_* / m_axis_*: AXI4-Stream with the names Vivado's interface
//   inference expects; 32-bit TDATA and TLAST (protocol v1 §1). TKEEP is
//   accepted and ignored: every byte is valid by protocol.
// - s_axi_control: the AXI4-Lite slave Vitis requires. The kernel is
//   free-running (ap_ctrl_none), so it holds no start/done bits, only
//   read-only counters the wrapper takes from the stream handshakes, for
//   bring-up without touching the core:
//     0x10 VERSION     protocol version (1)
//     0x18 WORDS_IN    input beats accepted since reset (wraps)
//     0x20 WORDS_OUT   output beats sent since reset (wraps)
//     0x28 PACKETS_OUT output packets (beats with TLAST) since reset (wraps)
//   Writes are acknowledged and ignored.
module trinity_core_krnl #(
  parameter int unsigned LANES = 32
) (
  input  logic        ap_clk,
  input  logic        ap_rst_n,
  input  logic [31:0] s_axis_tdata,
  input  logic [3:0]  s_axis_tkeep,
  input  logic        s_axis_tvalid,
  input  logic        s_axis_tlast,
  output logic        s_axis_tready,
  output logic [31:0] m_axis_tdata,
  output logic [3:0]  m_axis_tkeep,
  output logic        m_axis_tvalid,
  output logic        m_axis_tlast,
  input  logic        m_axis_tready,
  input  logic [11:0] s_axi_control_awaddr,
  input  logic        s_axi_control_awvalid,
  output logic        s_axi_control_awready,
  input  logic [31:0] s_axi_control_wdata,
  input  logic [3:0]  s_axi_control_wstrb,
  input  logic        s_axi_control_wvalid,
  output logic        s_axi_control_wready,
  output logic [1:0]  s_axi_control_bresp,
  output logic        s_axi_control_bvalid,
  input  logic        s_axi_control_bready,
  input  logic [11:0] s_axi_control_araddr,
  input  logic        s_axi_control_arvalid,
  output logic        s_axi_control_arready,
  output logic [31:0] s_axi_control_rdata,
  output logic [1:0]  s_axi_control_rresp,
  output logic        s_axi_control_rvalid,
  input  logic        s_axi_control_rready
);
  logic [1:0] rst_sync_q;
  always_ff @(posedge ap_clk) rst_sync_q <= {rst_sync_q[0], ap_rst_n};
  wire core_rst_n = rst_sync_q[1];

  trinity_core #(.LANES(LANES)) u_core (
    .clk_i          (ap_clk),
    .rst_ni         (core_rst_n),
    .s_axis_tdata_i (s_axis_tdata),
    .s_axis_tvalid_i(s_axis_tvalid),
    .s_axis_tlast_i (s_axis_tlast),
    .s_axis_tready_o(s_axis_tready),
    .m_axis_tdata_o (m_axis_tdata),
    .m_axis_tvalid_o(m_axis_tvalid),
    .m_axis_tlast_o (m_axis_tlast),
    .m_axis_tready_i(m_axis_tready)
  );
  assign m_axis_tkeep = 4'hF;

  logic [31:0] words_in_q, words_out_q, packets_out_q;
  always_ff @(posedge ap_clk) begin
    if (!ap_rst_n) begin
      words_in_q    <= '0;
      words_out_q   <= '0;
      packets_out_q <= '0;
    end else begin
      if (s_axis_tvalid && s_axis_tready) words_in_q <= words_in_q + 1;
      if (m_axis_tvalid && m_axis_tready) begin
        words_out_q <= words_out_q + 1;
        if (m_axis_tlast) packets_out_q <= packets_out_q + 1;
      end
    end
  end

  // AXI4-Lite: one outstanding write and one outstanding read at a time.
  logic aw_q, w_q;
  always_ff @(posedge ap_clk) begin
    if (!ap_rst_n) begin
      aw_q                 <= 1'b0;
      w_q                  <= 1'b0;
      s_axi_control_bvalid <= 1'b0;
    end else begin
      if (s_axi_control_awvalid && s_axi_control_awready) aw_q <= 1'b1;
      if (s_axi_control_wvalid && s_axi_control_wready) w_q <= 1'b1;
      if (aw_q && w_q && !s_axi_control_bvalid) begin
        s_axi_control_bvalid <= 1'b1;
        aw_q                 <= 1'b0;
        w_q                  <= 1'b0;
      end else if (s_axi_control_bvalid && s_axi_control_bready) begin
        s_axi_control_bvalid <= 1'b0;
      end
    end
  end
  assign s_axi_control_awready = !aw_q && !s_axi_control_bvalid;
  assign s_axi_control_wready  = !w_q && !s_axi_control_bvalid;
  assign s_axi_control_bresp   = 2'b00;

  always_ff @(posedge ap_clk) begin
    if (!ap_rst_n) begin
      s_axi_control_rvalid <= 1'b0;
      s_axi_control_rdata  <= '0;
    end else if (s_axi_control_arvalid && s_axi_control_arready) begin
      s_axi_control_rvalid <= 1'b1;
      unique case (s_axi_control_araddr)
        12'h010: s_axi_control_rdata <= 32'd1;
        12'h018: s_axi_control_rdata <= words_in_q;
        12'h020: s_axi_control_rdata <= words_out_q;
        12'h028: s_axi_control_rdata <= packets_out_q;
        default: s_axi_control_rdata <= '0;
      endcase
    end else if (s_axi_control_rvalid && s_axi_control_rready) begin
      s_axi_control_rvalid <= 1'b0;
    end
  end
  assign s_axi_control_arready = !s_axi_control_rvalid;
  assign s_axi_control_rresp   = 2'b00;

  // Protocol v1 has no TKEEP, and every register is read-only.
  logic unused;
  assign unused = ^{s_axis_tkeep, s_axi_control_awaddr, s_axi_control_wdata, s_axi_control_wstrb};
endmodule
