// SPDX-License-Identifier: Apache-2.0
#include "stream_encoder.hpp"

#include <cstring>
#include <stdexcept>

namespace trinity::protocol {

namespace {

uint32_t lo16(int v) { return static_cast<uint32_t>(v) & 0xFFFFu; }

// Packs `count` little fields of `bits` each into 32-bit words, low field first.
template <typename Get>
void pack(std::vector<uint32_t>& out, size_t count, int bits, Get get) {
  const size_t per_word = 32 / bits;
  const uint32_t mask = bits == 32 ? 0xFFFFFFFFu : ((1u << bits) - 1);
  for (size_t base = 0; base < count; base += per_word) {
    uint32_t word = 0;
    for (size_t k = 0; k < per_word && base + k < count; ++k) word |= (get(base + k) & mask) << (k * bits);
    out.push_back(word);
  }
}

}  // namespace

std::vector<uint32_t> config_payload(const Network& net, bool trace) {
  std::vector<uint32_t> p;
  p.push_back(static_cast<uint32_t>(net.layers.size()) | (kVersion << 8) | (kMagic << 16));
  if (net.gates.tasks > kMaxWireTasks)
    throw std::invalid_argument("the network has " + std::to_string(net.gates.tasks) +
                                " tasks; protocol v3 carries at most " + std::to_string(kMaxWireTasks));
  p.push_back(net.timesteps | (trace ? 1u << 16 : 0u) | (net.gates.tasks << 24));
  for (const Layer& l : net.layers) {
    p.push_back(l.n_in | (l.n_out << 16));
    p.push_back(static_cast<uint32_t>(l.kind) | ((static_cast<uint32_t>(l.w_shift) & 0xFF) << 8) |
                (lo16(l.v_th) << 16));
    p.push_back(l.tau_d | (uint32_t{l.tau_n} << 16));
    p.push_back(lo16(l.lut_lo) | (static_cast<uint32_t>(l.lut_shift) << 16) |
                (static_cast<uint32_t>(l.lut_bits - 1) << 24));
  }
  return p;
}

std::vector<uint32_t> weights_payload(const Layer& layer, uint32_t layer_index) {
  std::vector<uint32_t> p{layer_index};
  p.reserve(weights_length(layer.n_in, layer.n_out));
  for (uint32_t j = 0; j < layer.n_in; ++j)
    pack(p, layer.n_out, 8, [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(layer.weight(i, j))); });
  return p;
}

std::vector<uint32_t> bias_payload(const Layer& layer, uint32_t layer_index) {
  std::vector<uint32_t> p{layer_index};
  pack(p, layer.n_out, 16, [&](size_t i) { return lo16(layer.bias[i]); });
  return p;
}

std::vector<uint32_t> lut_payload(const Layer& layer, uint32_t layer_index) {
  std::vector<uint32_t> p{layer_index};
  pack(p, layer.lut.size(), 16, [&](size_t k) { return lo16(layer.lut[k]); });
  return p;
}

std::vector<uint32_t> gate_payload(const Network& net, uint32_t layer_index, uint32_t task) {
  const Layer& layer = net.layers[layer_index];
  std::vector<uint32_t> p{layer_index | (task << 16)};
  p.reserve(gate_length(layer.n_in, layer.n_out));
  for (uint32_t j = 0; j < layer.n_in; ++j)
    pack(p, layer.n_out, 1, [&](size_t i) {
      return uint32_t{net.gates.keeps(task - 1, layer_index, uint64_t{i} * layer.n_in + j)};
    });
  return p;
}

std::vector<uint32_t> task_payload(uint32_t task) { return {task}; }

namespace {

// Eight spike bytes (0 or 1, the first in the low byte) gathered into the
// low 8 bits, the first spike lowest. Byte i's bit 0 (bit 8i) times
// 2^(56 - 7j) lands on bit 56 + 8i - 7j: for j = i on bit 56 + i; for j > i
// below bit 56, each pair on a bit of its own, so nothing carries into the
// top byte; for j < i at bit 64 or above, out of the word.
inline uint32_t gather8(uint64_t bytes) {
  return static_cast<uint32_t>(((bytes & 0x0101010101010101ull) * 0x0102040810204080ull) >> 56);
}

// Up to 32 spikes into one word, spike k at bit k, one at a time.
uint32_t pack_word_bitwise(const uint8_t* bits, uint32_t count) {
  uint32_t word = 0;
  for (uint32_t k = 0; k < count; ++k) word |= uint32_t{bits[k] & 1u} << k;
  return word;
}

// One timestep's spikes, 32 a word, spike i at bit i mod 32 of word i / 32
// (§3). The host's hot loop for FRAME packets (make bench-host): on a
// little-endian host eight bytes at a time (gather8), elsewhere, and for a
// last partial word, bit by bit.
void pack_spikes(std::vector<uint32_t>& out, const uint8_t* bits, uint32_t width) {
  const uint32_t whole = width / 32;
  for (uint32_t w = 0; w < whole; ++w, bits += 32) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t word = 0;
    for (uint32_t k = 0; k < 4; ++k) {
      uint64_t eight;
      std::memcpy(&eight, bits + 8 * k, 8);
      word |= gather8(eight) << (8 * k);
    }
    out.push_back(word);
#else
    out.push_back(pack_word_bitwise(bits, 32));
#endif
  }
  if (width % 32) out.push_back(pack_word_bitwise(bits, width % 32));
}

// A FRAME payload (§3) appended to `out`.
void append_frame_payload(std::vector<uint32_t>& out, uint32_t frame_id, const SpikeFrame& frame) {
  out.push_back(frame_id);
  for (uint32_t t = 0; t < frame.timesteps; ++t) pack_spikes(out, &frame.bits[size_t{t} * frame.width], frame.width);
}

// An IMAGE payload (§3) appended to `out`. Pixel i is byte i mod 4 of word
// i / 4, low byte first: on a little-endian host that is the pixels' own
// memory order, so one copy into zeroed words packs them (the padding of
// the last word stays zero); elsewhere the byte loop.
void append_image_payload(std::vector<uint32_t>& out, uint32_t frame_id, const ImageView& image) {
  out.push_back(frame_id);
  out.push_back(image.index);
  out.push_back(static_cast<uint32_t>(image.seed));
  out.push_back(static_cast<uint32_t>(image.seed >> 32));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const size_t at = out.size();
  out.resize(at + (size_t{image.n_in} + 3) / 4, 0);
  if (image.n_in) std::memcpy(out.data() + at, image.pixels, image.n_in);
#else
  pack(out, image.n_in, 8, [&](size_t i) { return uint32_t{image.pixels[i]}; });
#endif
}

}  // namespace

std::vector<uint32_t> image_payload(uint32_t frame_id, const ImageView& image) {
  std::vector<uint32_t> p;
  p.reserve(image_length(image.n_in));
  append_image_payload(p, frame_id, image);
  return p;
}

std::vector<uint32_t> frame_payload(uint32_t frame_id, const SpikeFrame& frame) {
  std::vector<uint32_t> p;
  p.reserve(frame_length(frame.timesteps, frame.width));
  append_frame_payload(p, frame_id, frame);
  return p;
}

void append_packet(std::vector<uint32_t>& out, uint8_t type, const std::vector<uint32_t>& payload) {
  out.push_back(header(type, static_cast<uint32_t>(payload.size())));
  out.insert(out.end(), payload.begin(), payload.end());
}

void append_network(std::vector<uint32_t>& out, const Network& net, bool trace) {
  append_packet(out, kConfig, config_payload(net, trace));
  for (uint32_t l = 0; l < net.layers.size(); ++l) {
    append_packet(out, kWeights, weights_payload(net.layers[l], l));
    append_packet(out, kBias, bias_payload(net.layers[l], l));
    if (uses_lut(net.layers[l].kind)) append_packet(out, kLut, lut_payload(net.layers[l], l));
  }
  for (uint32_t k = 1; k <= net.gates.tasks; ++k)
    for (uint32_t l = 0; l < net.layers.size(); ++l) append_packet(out, kGate, gate_payload(net, l, k));
}

void append_task(std::vector<uint32_t>& out, uint32_t task) { append_packet(out, kTask, task_payload(task)); }

void append_frame(std::vector<uint32_t>& out, uint32_t frame_id, const SpikeFrame& frame) {
  out.push_back(header(kFrame, frame_length(frame.timesteps, frame.width)));
  append_frame_payload(out, frame_id, frame);
}

void append_image(std::vector<uint32_t>& out, uint32_t frame_id, const ImageView& image) {
  out.push_back(header(kImage, image_length(image.n_in)));
  append_image_payload(out, frame_id, image);
}

void append_query(std::vector<uint32_t>& out) { out.push_back(header(kQuery, 0)); }

Stream encode_network(const Network& net, bool trace) {
  std::vector<uint32_t> words;
  append_network(words, net, trace);
  return frame_words(words);
}

void append_frame(Stream& out, uint32_t frame_id, const SpikeFrame& frame) {
  append_packet(out, kFrame, frame_payload(frame_id, frame));
}

void append_image(Stream& out, uint32_t frame_id, const ImageView& image) {
  append_packet(out, kImage, image_payload(frame_id, image));
}

void append_query(Stream& out) { append_packet(out, kQuery, {}); }

void append_task(Stream& out, uint32_t task) { append_packet(out, kTask, task_payload(task)); }

std::vector<Packet> split_packets(const Stream& stream) {
  std::vector<Packet> packets;
  size_t pos = 0;
  while (pos < stream.size()) {
    Packet p;
    p.type = header_type(stream[pos].data);
    p.length = header_length(stream[pos].data);
    bool last = stream[pos].last;
    ++pos;
    while (!last && pos < stream.size()) {
      p.payload.push_back(stream[pos].data);
      last = stream[pos].last;
      ++pos;
    }
    if (!last || p.payload.size() != p.length)
      throw std::runtime_error("output packet of type " + std::to_string(p.type) + " declares " +
                               std::to_string(p.length) + " words but carries " + std::to_string(p.payload.size()));
    packets.push_back(std::move(p));
  }
  return packets;
}

std::vector<Packet> split_packets(const std::vector<uint32_t>& words) {
  std::vector<Packet> packets;
  for (size_t pos = 0; pos < words.size();) {
    Packet p;
    p.type = header_type(words[pos]);
    p.length = header_length(words[pos]);
    if (p.length > words.size() - pos - 1)
      throw std::runtime_error("output packet of type " + std::to_string(p.type) + " declares " +
                               std::to_string(p.length) + " words but carries " +
                               std::to_string(words.size() - pos - 1));
    p.payload.assign(words.begin() + static_cast<long>(pos) + 1, words.begin() + static_cast<long>(pos + 1 + p.length));
    pos += 1 + p.length;
    packets.push_back(std::move(p));
  }
  return packets;
}

ResultPacket decode_result(const Packet& p, uint32_t n_out) {
  if (p.type != kResult || p.payload.size() != result_length(n_out))
    throw std::runtime_error("expected a RESULT packet for " + std::to_string(n_out) + " outputs");
  ResultPacket r;
  r.frame_id = p.payload[0];
  r.prediction = p.payload[1] & 0xFFFF;
  r.timesteps = p.payload[1] >> 16;
  r.counts.resize(n_out);
  for (uint32_t i = 0; i < n_out; ++i) r.counts[i] = static_cast<uint16_t>(p.payload[2 + i / 2] >> (16 * (i % 2)));
  return r;
}

StatusPacket decode_status(const Packet& p) {
  if (p.type != kStatus || p.payload.size() != kStatusLength) throw std::runtime_error("expected a STATUS packet");
  StatusPacket s;
  s.code = static_cast<uint8_t>(p.payload[0]);
  s.packet_type = static_cast<uint8_t>(p.payload[0] >> 8);
  s.configured = (p.payload[0] >> 16) & 1;
  s.declared_length = p.payload[1];
  s.detail = p.payload[2];
  s.error_count = p.payload[3];
  return s;
}

TracePacket decode_trace(const Packet& p) {
  if (p.type != kTrace || p.payload.size() < 2) throw std::runtime_error("expected a TRACE packet");
  TracePacket t;
  t.frame_id = p.payload[0];
  t.timestep = p.payload[1] & 0xFFFF;
  t.layer = (p.payload[1] >> 16) & 0xFF;
  t.bitmap.assign(p.payload.begin() + 2, p.payload.end());
  return t;
}

std::string describe(const StatusPacket& s) {
  return std::string(error_name(s.code)) + " on packet type 0x" +
         [&] {
           const char* hex = "0123456789abcdef";
           return std::string{hex[s.packet_type >> 4], hex[s.packet_type & 15]};
         }() +
         " (declared length " + std::to_string(s.declared_length) + ", detail " + std::to_string(s.detail) + ")";
}

}  // namespace trinity::protocol
