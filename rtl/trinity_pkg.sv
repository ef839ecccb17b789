// SPDX-License-Identifier: Apache-2.0
// Protocol v3 constants (docs/protocol-v3.md) and the core's shared types:
// the one SV definition of the packet types, error codes and CONFIG
// version/magic, the sequencer's states and a layer's configuration.
// Referenced as trinity_pkg::NAME (no import). The codes must equal the C++
// contract's (protocol.hpp: PKT_X is PacketType kX, ERR_X_Y is ErrorCode
// kXY); the unit test "rtl package codes equal the C++ protocol codes"
// (tests/test_rtl_package.cpp) reads this file and fails on any difference.
package trinity_pkg;

  // CONFIG word 0: magic in [31:16], version in [15:8] (protocol §3).
  localparam logic [7:0]  PROTOCOL_VERSION = 8'd3;
  localparam logic [15:0] PROTOCOL_MAGIC   = 16'h5452;  // "TR"

  // Packet types (protocol §2), host to core then core to host.
  localparam logic [7:0] PKT_CONFIG  = 8'h01;
  localparam logic [7:0] PKT_WEIGHTS = 8'h02;
  localparam logic [7:0] PKT_BIAS    = 8'h03;
  localparam logic [7:0] PKT_LUT     = 8'h04;
  localparam logic [7:0] PKT_QUERY   = 8'h05;
  localparam logic [7:0] PKT_GATE    = 8'h06;  // version 3: task k's gate of one layer
  localparam logic [7:0] PKT_TASK    = 8'h07;  // version 3: the task of the frames that follow
  localparam logic [7:0] PKT_FRAME   = 8'h10;
  localparam logic [7:0] PKT_IMAGE   = 8'h11;  // version 2: pixels the core rate-codes
  localparam logic [7:0] PKT_RESULT  = 8'h80;
  localparam logic [7:0] PKT_STATUS  = 8'h81;
  localparam logic [7:0] PKT_TRACE   = 8'h82;

  // STATUS error codes (protocol §5), in the order the verdict checks them.
  localparam logic [7:0] ERR_OK             = 8'd0;
  localparam logic [7:0] ERR_UNKNOWN_TYPE   = 8'd1;
  localparam logic [7:0] ERR_LENGTH         = 8'd2;
  localparam logic [7:0] ERR_NOT_CONFIGURED = 8'd3;
  localparam logic [7:0] ERR_BAD_SIZE       = 8'd4;
  localparam logic [7:0] ERR_BAD_VERSION    = 8'd5;
  localparam logic [7:0] ERR_BAD_FIELD      = 8'd6;
  localparam logic [7:0] ERR_CAPACITY       = 8'd7;
  localparam logic [7:0] ERR_PADDING        = 8'd8;

  // The sequencer's states (trinity_sequencer, docs/rtl.md "Architecture"):
  // its work-list walker; the update passes run in a machine of their own.
  typedef enum logic [3:0] {
    StInit        = 4'd0,   // the cycle after reset (the accumulator banks need no zeroing)
    StReceive     = 4'd1,   // taking input words (the only state with TREADY)
    StVerdict     = 4'd2,   // the packet's verdict, protocol §5
    StStatus      = 4'd3,   // sending a STATUS packet
    StFrameLoad   = 4'd4,   // a timestep's input words from the frame buffer
    StLayerStart  = 4'd5,   // clearing the item's scan state
    StAccumulate  = 4'd6,   // event-driven accumulation of the item's inputs
    StPassWait    = 4'd7,   // waiting for the update passes to finish (TRACE, the frame's end)
    StTrace       = 4'd8,   // sending a TRACE packet of the layer's spikes
    StLayerNext   = 4'd9,   // the next item of the work list, or the end of the frame
    StArgmax      = 4'd10,  // argmax over the last layer's spike counts
    StResult      = 4'd11,  // sending the RESULT packet
    StImageCode   = 4'd12   // the rate coder writes an IMAGE's spikes into the frame buffer
  } seq_state_e;
  localparam seq_state_e SEQ_LAST_STATE = StImageCode;

  // Cycles from a neuron-update row at the lanes' inputs (upd_valid_i) to
  // its spikes at spike_o (trinity_lane's update pipeline U0 ... U10); the
  // sequencer's mirror of that pipeline has as many stages.
  localparam int unsigned UPD_SPIKE_LATENCY = 10;

  // One layer's configuration as CONFIG carries it (protocol §3, four words
  // per layer) plus its row count. Stored per layer in trinity_layer_config.
  typedef struct packed {
    logic [15:0] n_in;         // inputs
    logic [15:0] n_out;        // neurons
    logic [15:0] rows;         // ceil(n_out / LANES)
    logic [1:0]  kind;         // unit kind
    logic [7:0]  w_shift;      // weight exponent (signed)
    logic [15:0] v_th;         // threshold
    logic [8:0]  tau_d;        // dendrite decay
    logic [8:0]  tau_n;        // neuron decay
    logic [15:0] lut_lo;       // LUT origin
    logic [3:0]  lut_shift;    // LUT bucket width exponent
    logic [3:0]  lut_bits_m1;  // lut_bits - 1
  } layer_cfg_t;
  // Width of layer_cfg_t (Yosys 0.23 cannot take $bits of a package type).
  localparam int unsigned LAYER_CFG_BITS = 116;

endpackage
