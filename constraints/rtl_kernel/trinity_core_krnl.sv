// SPDX-License-Identifier: Apache-2.0
// Vitis RTL-kernel wrapper around the RTL core (rtl/trinity_core.sv), packaged
// by package_xo.tcl with kernel.xml. It only adapts names and adds what Vitis
// requires of an RTL kernel; the protocol lives entirely in trinity_core.
//
// The interface is exactly that of the HLS core (hls/trinity_core_top.cpp,
// ap_ctrl_none, two hls::stream<ap_axiu<32,0,0,0>> ports), so the same
// stream_connect lines in constraints/<board>.cfg link either core:
//
// - ap_clk / ap_rst_n: the platform's kernel clock and its active-low reset,
//   synchronous to ap_clk (UG1393 "Kernel Interface Requirements"). The
//   core's rst_ni is asynchronous; feeding it from two ap_clk flops keeps its
//   release synchronous and pipelines the reset as that table recommends, so
//   no false path is needed (see the XDC).
// - s_axis_* / m_axis_*: AXI4-Stream with the names Vivado's interface
//   inference expects and the signals Vitis HLS gives an ap_axiu<32,0,0,0>
//   port (UG1399 "Customizing AXI4-Stream Interfaces": TDATA, TVALID, TREADY,
//   TLAST, TKEEP, TSTRB). TKEEP/TSTRB are accepted and ignored on the input
//   and driven all-ones on the output: every byte is valid by protocol v2 §1.
// - No AXI4-Lite port: a free-running (ap_ctrl_none) kernel is a
//   "non-software controlled kernel", which UG1393 2022.2 "HW Interfaces"
//   describes as having no AXI4-Lite interface (only 2023.2+ allow an
//   optional one). The core's counters are read the protocol way (QUERY).
//
// Parameters: the capacity of the hardware build, the HW_MAX_* lines of
// contract/capacity.mk (here through the generated
// rtl/trinity_capacity_pkg.sv), which the HLS kernel's DefaultCapacity also
// comes from (contract/capacity.hpp), so both kernels give the same CAPACITY
// answers and both hold the 784-512-10 networks; and the datapath, HW_RTL_*:
// LANES x ENGINES and CODERS, which no answer depends on (the HLS kernel
// keeps HW_LANES).
module trinity_core_krnl #(
  parameter int unsigned LANES            = trinity_capacity_pkg::HW_RTL_LANES,
  parameter int unsigned ENGINES          = trinity_capacity_pkg::HW_RTL_ENGINES,
  parameter int unsigned CODERS           = trinity_capacity_pkg::HW_RTL_CODERS,
  parameter int unsigned MAX_LAYERS       = trinity_capacity_pkg::HW_MAX_LAYERS,
  parameter int unsigned MAX_NEURONS      = trinity_capacity_pkg::HW_MAX_NEURONS,
  parameter int unsigned MAX_T            = trinity_capacity_pkg::HW_MAX_T,
  parameter int unsigned MAX_WEIGHT_BYTES = trinity_capacity_pkg::HW_MAX_WEIGHT_BYTES,
  parameter int unsigned MAX_LUT_ENTRIES  = trinity_capacity_pkg::HW_MAX_LUT_ENTRIES,
  parameter int unsigned MAX_TASKS        = trinity_capacity_pkg::HW_MAX_TASKS
) (
  input  logic        ap_clk,
  input  logic        ap_rst_n,
  input  logic [31:0] s_axis_tdata,
  input  logic [3:0]  s_axis_tkeep,
  input  logic [3:0]  s_axis_tstrb,
  input  logic        s_axis_tvalid,
  input  logic        s_axis_tlast,
  output logic        s_axis_tready,
  output logic [31:0] m_axis_tdata,
  output logic [3:0]  m_axis_tkeep,
  output logic [3:0]  m_axis_tstrb,
  output logic        m_axis_tvalid,
  output logic        m_axis_tlast,
  input  logic        m_axis_tready
);
  logic [1:0] rst_sync_q;
  always_ff @(posedge ap_clk) rst_sync_q <= {rst_sync_q[0], ap_rst_n};
  wire core_rst_n = rst_sync_q[1];

  trinity_core #(
    .LANES           (LANES),
    .ENGINES         (ENGINES),
    .CODERS          (CODERS),
    .MAX_LAYERS      (MAX_LAYERS),
    .MAX_NEURONS     (MAX_NEURONS),
    .MAX_T           (MAX_T),
    .MAX_WEIGHT_BYTES(MAX_WEIGHT_BYTES),
    .MAX_LUT_ENTRIES (MAX_LUT_ENTRIES),
    .MAX_TASKS       (MAX_TASKS)
  ) u_core (
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
  assign m_axis_tstrb = 4'hF;

  // Protocol v2 has no byte qualifiers: every word is four valid bytes.
  logic unused;
  assign unused = ^{s_axis_tkeep, s_axis_tstrb};
endmodule
