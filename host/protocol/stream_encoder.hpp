// SPDX-License-Identifier: Apache-2.0
// Host-side encoding of protocol v3 (docs/protocol-v3.md §3) and decoding of
// the core's output (§4). Every backend, simulated or on a card, is driven
// through these, so the simulations exercise the code path the card uses.
#pragma once

#include <string>

#include "network.hpp"
#include "protocol.hpp"
#include "spike_frame.hpp"

namespace trinity::protocol {

std::vector<uint32_t> config_payload(const Network& net, bool trace);
std::vector<uint32_t> weights_payload(const Layer& layer, uint32_t layer_index);
std::vector<uint32_t> bias_payload(const Layer& layer, uint32_t layer_index);
std::vector<uint32_t> lut_payload(const Layer& layer, uint32_t layer_index);
// GATE (version 3): task `task`'s (1 ... K) gate of layer `layer_index` of net.gates.
std::vector<uint32_t> gate_payload(const Network& net, uint32_t layer_index, uint32_t task);
// TASK (version 3): the task of the frames that follow (0: ungated).
std::vector<uint32_t> task_payload(uint32_t task);
std::vector<uint32_t> frame_payload(uint32_t frame_id, const SpikeFrame& frame);

// What an IMAGE packet (§3, version 2) carries: `n_in` 8-bit pixels that the
// core rate-codes as image `index` of its split with `seed` (fixed-point spec
// §6). A view: the pixels stay where they are.
struct ImageView {
  const uint8_t* pixels = nullptr;
  uint32_t n_in = 0;
  uint32_t index = 0;
  uint64_t seed = 0;
};
std::vector<uint32_t> image_payload(uint32_t frame_id, const ImageView& image);

// The host's wire form is a length-framed word buffer (§1), the layout of a
// card's buffers: the host encodes into it once, and a device that needs
// TLAST derives it at its own edge (TlastFramer). The Stream forms below are
// for testbenches that drive beats themselves.

// Appends one packet (header + payload).
void append_packet(std::vector<uint32_t>& out, uint8_t type, const std::vector<uint32_t>& payload);
// §8: CONFIG, WEIGHTS and BIAS for every layer, LUT for layers of kind 2 and
// 3, and a GATE per task and layer of net.gates. Throws std::invalid_argument
// when net has more tasks than CONFIG can declare.
void append_network(std::vector<uint32_t>& out, const Network& net, bool trace = false);
void append_task(std::vector<uint32_t>& out, uint32_t task);
// The FRAME packet, packed straight into `out` (no payload copy).
void append_frame(std::vector<uint32_t>& out, uint32_t frame_id, const SpikeFrame& frame);
// The IMAGE packet, packed straight into `out`.
void append_image(std::vector<uint32_t>& out, uint32_t frame_id, const ImageView& image);
void append_query(std::vector<uint32_t>& out);

// The same packets as beats with TLAST.
Stream encode_network(const Network& net, bool trace = false);
void append_frame(Stream& out, uint32_t frame_id, const SpikeFrame& frame);
void append_image(Stream& out, uint32_t frame_id, const ImageView& image);
void append_query(Stream& out);
void append_task(Stream& out, uint32_t task);

// A packet as it came out of a core: header type, declared length, payload.
struct Packet {
  uint8_t type = 0;
  uint32_t length = 0;
  std::vector<uint32_t> payload;
};

// Splits an output stream at TLAST. Throws std::runtime_error if a packet's
// declared length disagrees with its TLAST framing (a core bug, not bad input).
std::vector<Packet> split_packets(const Stream& stream);
// Splits a length-framed word buffer by its headers. Throws
// std::runtime_error if the last packet is cut short.
std::vector<Packet> split_packets(const std::vector<uint32_t>& words);

struct ResultPacket {
  uint32_t frame_id = 0;
  uint32_t prediction = 0;
  uint32_t timesteps = 0;
  std::vector<uint16_t> counts;
};
struct StatusPacket {
  uint8_t code = 0;
  uint8_t packet_type = 0;
  bool configured = false;
  uint32_t declared_length = 0;
  uint32_t detail = 0;
  uint32_t error_count = 0;
};
struct TracePacket {
  uint32_t frame_id = 0;
  uint32_t timestep = 0;
  uint32_t layer = 0;
  std::vector<uint32_t> bitmap;
};

ResultPacket decode_result(const Packet& p, uint32_t n_out);
StatusPacket decode_status(const Packet& p);
TracePacket decode_trace(const Packet& p);
std::string describe(const StatusPacket& s);

}  // namespace trinity::protocol
