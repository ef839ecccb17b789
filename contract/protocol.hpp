// SPDX-License-Identifier: Apache-2.0
// Constants and word packing of wire protocol v3 (docs/protocol-v3.md).
// Shared by the golden core (which consumes the stream) and the host encoder
// (which produces it), so both read the same field positions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace trinity::protocol {

constexpr uint32_t kVersion = 3;
constexpr uint32_t kMagic = 0x5452;  // "TR"
constexpr uint32_t kMaxLength = (1u << 24) - 1;

enum PacketType : uint8_t {
  kConfig = 0x01,
  kWeights = 0x02,
  kBias = 0x03,
  kLut = 0x04,
  kQuery = 0x05,
  kGate = 0x06,  // version 3: task k's gate of one layer
  kTask = 0x07,  // version 3: the task of the frames that follow
  kFrame = 0x10,
  kImage = 0x11,  // version 2: 8-bit pixels, rate-coded by the core
  kResult = 0x80,
  kStatus = 0x81,
  kTrace = 0x82,
};

enum ErrorCode : uint8_t {
  kOk = 0,
  kUnknownType = 1,
  kLength = 2,
  kNotConfigured = 3,
  kBadSize = 4,
  kBadVersion = 5,
  kBadField = 6,
  kCapacity = 7,
  kPadding = 8,
};

const char* error_name(uint8_t code);

// One AXI4-Stream beat.
struct Beat {
  uint32_t data = 0;
  bool last = false;
  bool operator==(const Beat& o) const { return data == o.data && last == o.last; }
};
using Stream = std::vector<Beat>;

constexpr uint32_t header(uint8_t type, uint32_t length) { return (uint32_t{type} << 24) | (length & kMaxLength); }
constexpr uint8_t header_type(uint32_t word) { return static_cast<uint8_t>(word >> 24); }
constexpr uint32_t header_length(uint32_t word) { return word & kMaxLength; }

constexpr uint32_t div_ceil(uint32_t a, uint32_t b) { return (a + b - 1) / b; }

// §3 payload lengths.
constexpr uint32_t config_length(uint32_t layers) { return 2 + 4 * layers; }
constexpr uint32_t weights_length(uint32_t n_in, uint32_t n_out) { return 1 + n_in * div_ceil(n_out, 4); }
constexpr uint32_t bias_length(uint32_t n_out) { return 1 + div_ceil(n_out, 2); }
constexpr uint32_t lut_length(uint32_t lut_bits) { return 1 + (1u << lut_bits) / 2; }
// GATE: layer and task word, then per input ceil(n_out/32) words of gate bits.
constexpr uint32_t gate_length(uint32_t n_in, uint32_t n_out) { return 1 + n_in * div_ceil(n_out, 32); }
constexpr uint32_t kTaskLength = 1;
// CONFIG word 1 bits 31:24: the task count K a version 3 core holds gates for.
constexpr uint32_t kMaxWireTasks = 255;
constexpr uint32_t frame_length(uint32_t timesteps, uint32_t n_in) { return 1 + timesteps * div_ceil(n_in, 32); }
// IMAGE: frame id, image index n, seed (two words), then 4 pixels per word.
constexpr uint32_t kImageHeaderWords = 4;
constexpr uint32_t image_length(uint32_t n_in) { return kImageHeaderWords + div_ceil(n_in, 4); }
constexpr uint32_t result_length(uint32_t n_out) { return 2 + div_ceil(n_out, 2); }
constexpr uint32_t trace_length(uint32_t n) { return 2 + div_ceil(n, 32); }
constexpr uint32_t kStatusLength = 4;

// The packet framing of §1, written once: a header word, then its payload,
// with TLAST on the last beat (the header's own when the payload is empty).
// `Beats` is any container of Beat with push_back (a Stream, the golden
// core's output queue). The header may declare a length other than the
// payload's: the malformed-packet tests need exactly that.
template <class Beats>
void append_framed(Beats& out, uint32_t header_word, const std::vector<uint32_t>& payload) {
  out.push_back({header_word, payload.empty()});
  for (size_t k = 0; k < payload.size(); ++k) out.push_back({payload[k], k + 1 == payload.size()});
}

// Appends one well-formed packet: the header declares the payload's length.
template <class Beats>
void append_packet(Beats& out, uint8_t type, const std::vector<uint32_t>& payload) {
  append_framed(out, header(type, static_cast<uint32_t>(payload.size())), payload);
}

// TLAST of a length-framed word buffer (§1) read word by word, in order:
// true on each packet's last word, from its header's length, and on the
// buffer's last word (a packet cut short ends there). The one framing rule
// for every device that needs TLAST: it derives it at its own edge from the
// host's words, without copying them.
class TlastFramer {
 public:
  bool last(uint32_t word, bool end_of_buffer) {
    if (remaining_ == 0) remaining_ = uint64_t{header_length(word)} + 1;  // a header
    --remaining_;
    if (end_of_buffer) remaining_ = 0;
    return remaining_ == 0;
  }
  // Whether the next word will be a header.
  bool at_packet_start() const { return remaining_ == 0; }

 private:
  uint64_t remaining_ = 0;  // words left in the current packet
};

// Splits a length-framed word buffer (§1) into beats with TLAST derived from
// each header's length. Trailing words that do not complete a packet are
// returned as one final packet whose last word carries TLAST.
Stream frame_words(const std::vector<uint32_t>& words);

// The words of a stream without their TLAST flags: the layout of a card's
// global-memory buffer (§1); frame_words is its inverse.
std::vector<uint32_t> stream_words(const Stream& stream);

}  // namespace trinity::protocol
