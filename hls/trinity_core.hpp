// SPDX-License-Identifier: Apache-2.0
// The trinity core as a Vitis HLS kernel: protocol v3 (docs/protocol-v3.md)
// in, protocol v3 out, arithmetic of docs/fixed-point-spec.md. It must produce
// the same output words as trinity::GoldenCore for the same input words; the
// csim tests in tests/hls check that. Architecture and estimates: docs/hls.md.
//
// One call of process_packet() consumes exactly one input packet (up to its
// TLAST) and writes its answers. The synthesised top (trinity_core_top.cpp)
// is a free-running kernel whose static Core is called once per packet.
#pragma once

#include <cstdint>

// The contract's headers by their path from here, so v++ and vitis_hls need
// no -I at all (the Vitis headers are on their default path) and the include
// directories are written nowhere: not in mk/hls.mk, not in run_hls.tcl.
#include "../contract/capacity.hpp"
#include "../contract/fixed_point.hpp"
#include "../contract/network.hpp"
#include "../contract/protocol.hpp"
#include "ap_axi_sdata.h"
#include "hls_stream.h"
#include "rate_coder.hpp"

namespace trinity::hls_kernel {

using axis_word = ap_axiu<32, 0, 0, 0>;
using word_stream = hls::stream<axis_word>;

// Protocol §6: what one build of the kernel holds. Every limit is a
// compile-time constant because it sizes on-chip memories.
// Tasks (protocol v3): how many tasks' gates the core holds, K bits per
// weight byte; 0 refuses every gated CONFIG. Defaults to 4 so that small
// test capacities written before version 3 still hold a few tasks.
template <uint32_t Layers, uint32_t Neurons, uint32_t Timesteps, uint32_t WeightBytes, uint32_t LutEntries,
          uint32_t Tasks = 4>
struct Capacity {
  static_assert(Layers >= 1 && Layers <= 16 && Neurons >= 1 && Neurons <= 65535, "protocol ranges");
  static_assert(Timesteps >= 1 && Timesteps <= 65535 && LutEntries >= 2 && LutEntries <= 4096, "protocol ranges");
  static_assert(Tasks <= protocol::kMaxWireTasks, "protocol ranges");
  static constexpr uint32_t kLayers = Layers;
  static constexpr uint32_t kNeurons = Neurons;
  static constexpr uint32_t kTimesteps = Timesteps;
  static constexpr uint32_t kWeightBytes = WeightBytes;
  static constexpr uint32_t kLutEntries = LutEntries;
  static constexpr uint32_t kTasks = Tasks;
};

// The capacity the hardware build uses (hls/trinity_core_top.cpp): the HW_*
// lines of contract/capacity.mk, shared with the RTL kernel. Room for the
// 784-512-10 Fashion-MNIST networks with margin.
using DefaultCapacity = Capacity<capacity::kHwMaxLayers, capacity::kHwMaxNeurons, capacity::kHwMaxT,
                                 capacity::kHwMaxWeightBytes, capacity::kHwMaxLutEntries, capacity::kHwMaxTasks>;
constexpr int kDefaultLanes = static_cast<int>(capacity::kHwLanes);

template <int LANES, class Cap>
class Core {
  static_assert(LANES >= 4 && LANES % 4 == 0, "a WEIGHTS word (4 int8) must land in one weight row");
  static_assert(32 % LANES == 0 || LANES % 32 == 0, "a GATE word (32 bits) must land in one gate row");
  static constexpr uint32_t kRows = (Cap::kNeurons + LANES - 1) / LANES;  // neuron rows per layer
  static constexpr uint32_t kSpikeWords = (Cap::kNeurons + 31) / 32;
  // Each column of n_out weights starts on a row boundary, wasting < LANES
  // bytes per input; one extra row per possible input bounds that waste, so
  // every configuration that passes the byte-total CAPACITY check fits.
  static constexpr uint32_t kWeightRows = Cap::kWeightBytes / LANES + 1 + Cap::kLayers * Cap::kNeurons;
  static constexpr uint32_t kFrameWords = Cap::kTimesteps * kSpikeWords;
  static constexpr uint32_t kImageWords = (Cap::kNeurons + 3) / 4;  // IMAGE pixels, four per word
  static constexpr uint32_t kConfigWords = 2 + 4 * 16;
  // Gates (protocol v3 GATE): rows of kGateBits = max(LANES, 32) bits,
  // input-major like the weights, a column of n_out bits padded to whole
  // rows: at least a GATE word, so that each GATE word lands in one row, and
  // at least LANES, so that one row read gives every lane its bit. The same
  // waste bound as the weights.
  static constexpr uint32_t kGateBits = LANES > 32 ? LANES : 32;
  static constexpr uint32_t kGateWords = kGateBits / 32;  // 32-bit words per gate row
  static constexpr uint32_t kGateRows = Cap::kWeightBytes / kGateBits + 1 + Cap::kLayers * Cap::kNeurons;
  static constexpr uint32_t kTaskSlots = Cap::kTasks > 0 ? Cap::kTasks : 1;  // arrays need a size

 public:
  void process_packet(word_stream& in, word_stream& out);

  bool configured() const { return configured_; }

 private:
  struct LayerRegs {
    uint32_t n_in = 0, n_out = 0, rows = 0;  // rows = ceil(n_out / LANES) weight rows per input column
    uint32_t weight_base = 0;                // first weight row of the layer
    uint32_t gate_rows = 0, gate_base = 0;   // the same for the gate rows of one task
    uint8_t kind = 0;
    int8_t w_shift = 0;
    int16_t v_th = 0, lut_lo = 0;
    uint16_t tau_d = 0, tau_n = 0;
    uint8_t lut_shift = 0, lut_bits = 1;
  };
  struct Check {
    uint8_t code;
    uint32_t detail;
  };

  static uint32_t field(uint32_t w, int lo, int bits) { return (w >> lo) & ((1u << bits) - 1); }
  static uint32_t used_mask(uint32_t count, uint32_t bits_per_item) {
    const uint32_t per_word = 32 / bits_per_item, used = count % per_word;
    return used == 0 ? 0xFFFFFFFFu : (1u << (used * bits_per_item)) - 1;
  }
  static bool is_parameter(uint8_t t) {
    return t == protocol::kConfig || t == protocol::kWeights || t == protocol::kBias || t == protocol::kLut ||
           t == protocol::kGate;
  }

  uint32_t expected_parameter_length(uint8_t type, uint32_t layer) const;
  Check check_config() const;
  void apply_config();
  void store_word(uint8_t type, uint32_t idx, uint32_t w);
  void store_gate_word(uint32_t idx, uint32_t w);
  // After payload word idx of a WEIGHTS or GATE column: at the column's end
  // its padding bits are checked and the next column starts.
  void next_column_word(bool column_end, uint32_t idx, uint32_t padding_bits) {
    if (column_end) {
      if (padding_bits != 0 && first_pad_ == 0) first_pad_ = idx;
      col_word_ = 0;
      ++col_;
    } else {
      ++col_word_;
    }
  }
  void encode_image();
  void run_frame(word_stream& out);
  void step_layer(uint32_t l, uint32_t t);
  void emit_word(word_stream& out, uint32_t data, bool last);
  void emit_status(word_stream& out, uint8_t code, uint32_t detail);

  // Configuration (protocol §3 CONFIG) and counters (§4 STATUS).
  bool configured_ = false;
  bool trace_ = false;
  uint32_t layers_ = 0, timesteps_ = 0;
  uint32_t tasks_ = 0;  // CONFIG's task count K
  uint32_t task_ = 0;   // selected by TASK: 0 ungated, k task k (gate slot k - 1)
  uint32_t errors_ = 0, frames_ = 0;
  LayerRegs layer_[Cap::kLayers];

  // The packet being received.
  uint8_t type_ = 0;
  uint32_t declared_ = 0;
  uint32_t config_[kConfigWords];
  bool size_ok_ = false;         // declared length matches the configuration
  bool store_ok_ = false;        // ... and words may be stored (a GATE's task is in range too)
  uint32_t param_layer_ = 0;     // layer index of a WEIGHTS/BIAS/LUT/GATE packet
  bool index_word_ok_ = false;   // its word 0's other fields are right (BAD_FIELD detail 0)
  uint32_t gate_task_ = 0;       // a GATE's task k
  uint32_t task_word_ = 0;       // a TASK's word 0
  uint32_t first_pad_ = 0;       // payload index of the first padding violation, 0 if none
  uint32_t col_ = 0, col_word_;  // position inside the weight column / frame timestep being received
  uint32_t frame_id_ = 0;
  uint32_t image_n_ = 0;     // IMAGE word 1: the image's index in its split
  uint64_t image_seed_ = 0;  // IMAGE words 2-3

  // Parameters. Lane k of a row holds neuron row*LANES + k; the LUT is
  // replicated per lane so that all LANES neurons of a row look up at once.
  int8_t weights_[kWeightRows][LANES];
  int8_t weight_row_[LANES];  // the weight row being received (WEIGHTS)
  // Gates of tasks 1 … K, task-major: task k's row r at (k-1)·kGateRows + r.
  // A (task, layer) gate no GATE has loaded since CONFIG is closed whatever
  // its rows hold, so CONFIG clears K·L flags instead of the memory.
  uint32_t gates_[kTaskSlots * kGateRows][kGateWords];
  uint32_t gate_row_[kGateWords];  // the gate row being received (GATE)
  bool gate_loaded_[kTaskSlots][Cap::kLayers];
  int16_t bias_[Cap::kLayers][kRows][LANES];
  int16_t lut_[LANES][Cap::kLayers * Cap::kLutEntries];

  // Frame state. An IMAGE's pixels are kept as they arrive and rate-coded
  // into frame_ after its checks, so both packets share the compute path.
  uint32_t frame_[kFrameWords];
  uint32_t image_[kImageWords];
  int16_t v_d_[Cap::kLayers][kRows][LANES];
  int16_t v_n_[Cap::kLayers][kRows][LANES];
  int32_t acc_[kRows][LANES];
  uint32_t active_[Cap::kNeurons];  // indices of the inputs that spiked
  bool spikes_[2][Cap::kNeurons];   // ping-pong between consecutive layers
  uint16_t counts_[Cap::kNeurons];
};

template <int LANES, class Cap>
void Core<LANES, Cap>::emit_word(word_stream& out, uint32_t data, bool last) {
  axis_word w;
  w.data = data;
  w.keep = 0xF;  // protocol §1: all bytes valid
  w.strb = 0xF;
  w.last = last ? 1 : 0;
  out.write(w);
}

template <int LANES, class Cap>
void Core<LANES, Cap>::emit_status(word_stream& out, uint8_t code, uint32_t detail) {
  emit_word(out, protocol::header(protocol::kStatus, protocol::kStatusLength), false);
  emit_word(out, uint32_t{code} | (uint32_t{type_} << 8) | (configured_ ? 1u << 16 : 0u), false);
  emit_word(out, declared_, false);
  emit_word(out, detail, false);
  emit_word(out, errors_, true);
}

template <int LANES, class Cap>
uint32_t Core<LANES, Cap>::expected_parameter_length(uint8_t type, uint32_t layer) const {
  const LayerRegs& r = layer_[layer];
  return type == protocol::kWeights ? protocol::weights_length(r.n_in, r.n_out)
         : type == protocol::kBias  ? protocol::bias_length(r.n_out)
         : type == protocol::kGate  ? protocol::gate_length(r.n_in, r.n_out)
                                    : protocol::lut_length(r.lut_bits);
}

// Payload word `idx` (< declared) of the packet being received. Parameters
// are written as they arrive: a packet that later fails leaves the core
// unconfigured (protocol §5), so partial writes are never used.
template <int LANES, class Cap>
void Core<LANES, Cap>::store_word(uint8_t type, uint32_t idx, uint32_t w) {
  using namespace protocol;
  if (type == kConfig) {
    if (idx < kConfigWords) config_[idx] = w;
    return;
  }
  if (type == kTask) {
    task_word_ = w;  // idx 0: the only word a good TASK has
    return;
  }
  if (type == kWeights || type == kBias || type == kLut || type == kGate) {
    if (idx == 0) {
      param_layer_ = field(w, 0, 8);
      gate_task_ = field(w, 16, 16);
      // GATE: bits 15:8 zero and 1 <= k <= K; the others: bits 31:8 zero.
      index_word_ok_ = type == kGate ? field(w, 8, 8) == 0 && gate_task_ >= 1 && gate_task_ <= tasks_
                                     : field(w, 8, 24) == 0;
      size_ok_ = configured_ && param_layer_ < layers_ && declared_ == expected_parameter_length(type, param_layer_);
      // A GATE's words go to task k's rows, so k must be in range as well.
      store_ok_ = size_ok_ && (type != kGate || index_word_ok_);
      col_ = 0;
      col_word_ = 0;
      return;
    }
    if (!store_ok_) return;
    const LayerRegs& r = layer_[param_layer_];
    if (type == kGate) {
      store_gate_word(idx, w);
    } else if (type == kWeights) {
      const uint32_t column_words = (r.n_out + 3) / 4;
      const uint32_t i0 = 4 * col_word_, lane0 = i0 % LANES;
      const bool column_end = col_word_ + 1 == column_words;
      // The row is assembled in registers and written whole when its last
      // word has arrived (or the column ends): the memory is only written,
      // never read and merged, so receiving stays at one word per cycle
      // without byte-enable writes. Lanes past n_out in a column's last row
      // keep bytes of an earlier row: no neuron uses them.
      for (int b = 0; b < 4; ++b)
        weight_row_[lane0 + static_cast<uint32_t>(b)] = static_cast<int8_t>(field(w, 8 * b, 8));
      if (lane0 + 4 == LANES || column_end) {
        const uint32_t row = r.weight_base + col_ * r.rows + i0 / LANES;
        for (int k = 0; k < LANES; ++k) weights_[row][k] = weight_row_[k];
      }
      next_column_word(column_end, idx, w & ~used_mask(r.n_out, 8));
    } else if (type == kBias) {
      const uint32_t i0 = 2 * (idx - 1);
      for (int h = 0; h < 2; ++h)
        if (i0 + h < r.n_out) bias_[param_layer_][(i0 + h) / LANES][(i0 + h) % LANES] = field(w, 16 * h, 16);
      if (idx == (r.n_out + 1) / 2 && (w & ~used_mask(r.n_out, 16)) != 0 && first_pad_ == 0) first_pad_ = idx;
    } else {
      const uint32_t e0 = param_layer_ * Cap::kLutEntries + 2 * (idx - 1);
      for (int k = 0; k < LANES; ++k) {
        lut_[k][e0] = static_cast<int16_t>(field(w, 0, 16));
        lut_[k][e0 + 1] = static_cast<int16_t>(field(w, 16, 16));
      }
    }
    return;
  }
  if (type == kFrame) {
    if (idx == 0) {
      frame_id_ = w;
      store_ok_ = configured_ && declared_ == frame_length(timesteps_, layer_[0].n_in);
      col_word_ = 0;
      return;
    }
    if (!store_ok_) return;
    frame_[idx - 1] = w;
    const uint32_t words = (layer_[0].n_in + 31) / 32;
    if (col_word_ + 1 == words) {
      if ((w & ~used_mask(layer_[0].n_in, 1)) != 0 && first_pad_ == 0) first_pad_ = idx;
      col_word_ = 0;
    } else {
      ++col_word_;
    }
    return;
  }
  if (type == kImage) {
    if (idx == 0) {
      frame_id_ = w;
      store_ok_ = configured_ && declared_ == image_length(layer_[0].n_in);
    } else if (idx == 1) {
      image_n_ = w;
    } else if (idx == 2) {
      image_seed_ = (image_seed_ & 0xFFFFFFFF00000000ULL) | w;
    } else if (idx == 3) {
      image_seed_ = (image_seed_ & 0xFFFFFFFFULL) | (uint64_t{w} << 32);
    } else if (store_ok_) {
      image_[idx - kImageHeaderWords] = w;
      // The last word's bytes at and above n_in(0) are padding.
      if (idx + 1 == declared_ && (w & ~used_mask(layer_[0].n_in, 8)) != 0) first_pad_ = idx;
    }
  }
}

// A GATE's payload word idx >= 1, in a packet whose size and task are right.
// Like a WEIGHTS word: gate word c of input j's column holds neurons
// 32c … 32c+31, i.e. part c mod kGateWords of the column's gate row
// c div kGateWords; the row is assembled in registers and written whole
// when its last part has arrived or the column ends (bits of a column's
// last row past n_out keep an earlier row's: no neuron reads them).
template <int LANES, class Cap>
void Core<LANES, Cap>::store_gate_word(uint32_t idx, uint32_t w) {
  const LayerRegs& r = layer_[param_layer_];
  const uint32_t column_words = (r.n_out + 31) / 32;
  const uint32_t part = col_word_ % kGateWords;
  const bool column_end = col_word_ + 1 == column_words;
  gate_row_[part] = w;
  if (part + 1 == kGateWords || column_end) {
    const uint32_t row = (gate_task_ - 1) * kGateRows + r.gate_base + col_ * r.gate_rows + col_word_ / kGateWords;
    for (uint32_t p = 0; p < kGateWords; ++p) gates_[row][p] = gate_row_[p];
  }
  next_column_word(column_end, idx, w & ~used_mask(r.n_out, 1));
}

// CONFIG after its size check: version, then fields, then capacity (§5).
template <int LANES, class Cap>
typename Core<LANES, Cap>::Check Core<LANES, Cap>::check_config() const {
  using namespace protocol;
  const uint32_t* c = config_;
  if (field(c[0], 16, 16) != kMagic || field(c[0], 8, 8) != kVersion) return {kBadVersion, 0};
  const uint32_t layers = field(c[0], 0, 8);
  if (!kLayerCountLimit.holds(layers)) return {kBadField, 0};
  // Word 1: T, trace, bits 23:17 zero, K in 31:24 (any 0 … 255 is a field value).
  if (field(c[1], 0, 16) == 0 || field(c[1], 17, 7) != 0) return {kBadField, 1};
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t base = 2 + 4 * l;
    if (field(c[base], 0, 16) == 0 || field(c[base], 16, 16) == 0) return {kBadField, base};
    if (l > 0 && field(c[base], 0, 16) != field(c[base - 4], 16, 16)) return {kBadField, base};
    const int w_shift = static_cast<int8_t>(field(c[base + 1], 8, 8));
    if (!kUnitKindLimit.holds(field(c[base + 1], 0, 8)) || !kWShiftLimit.holds(w_shift)) return {kBadField, base + 1};
    if (!kTauLimit.holds(field(c[base + 2], 0, 16)) || !kTauLimit.holds(field(c[base + 2], 16, 16)))
      return {kBadField, base + 2};
    const uint32_t geo = c[base + 3];
    // Bits 27:24 hold lut_bits - 1.
    if (field(geo, 20, 4) != 0 || !kLutBitsLimit.holds(field(geo, 24, 4) + 1) || field(geo, 28, 4) != 0)
      return {kBadField, base + 3};
  }
  if (layers > Cap::kLayers) return {kCapacity, 0};
  if (field(c[1], 0, 16) > Cap::kTimesteps || field(c[1], 24, 8) > Cap::kTasks) return {kCapacity, 1};
  uint64_t weight_bytes = 0;
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t base = 2 + 4 * l;
    const uint32_t n_in = field(c[base], 0, 16), n_out = field(c[base], 16, 16);
    weight_bytes += uint64_t{n_in} * n_out;
    if (n_in > Cap::kNeurons || n_out > Cap::kNeurons || weight_bytes > Cap::kWeightBytes) return {kCapacity, base};
    if ((1u << (field(c[base + 3], 24, 4) + 1)) > Cap::kLutEntries) return {kCapacity, base + 3};
  }
  return {kOk, 0};
}

// A good CONFIG: take the shape, zero every parameter the shape uses.
template <int LANES, class Cap>
void Core<LANES, Cap>::apply_config() {
  layers_ = field(config_[0], 0, 8);
  timesteps_ = field(config_[1], 0, 16);
  trace_ = field(config_[1], 16, 1) != 0;
  tasks_ = field(config_[1], 24, 8);
  task_ = 0;
  // Every gate closed (§3 GATE: an unloaded gate keeps nothing): K·L flags,
  // not the gate memory.
  for (uint32_t k = 0; k < kTaskSlots; ++k)
    for (uint32_t l = 0; l < Cap::kLayers; ++l) gate_loaded_[k][l] = false;
  uint32_t next_row = 0, next_gate_row = 0;
  for (uint32_t l = 0; l < layers_; ++l) {
    const uint32_t* w = &config_[2 + 4 * l];
    LayerRegs& r = layer_[l];
    r.n_in = field(w[0], 0, 16);
    r.n_out = field(w[0], 16, 16);
    r.rows = (r.n_out + LANES - 1) / LANES;
    r.weight_base = next_row;
    next_row += r.n_in * r.rows;
    r.gate_rows = (r.n_out + kGateBits - 1) / kGateBits;
    r.gate_base = next_gate_row;
    next_gate_row += r.n_in * r.gate_rows;
    r.kind = static_cast<uint8_t>(field(w[1], 0, 8));
    r.w_shift = static_cast<int8_t>(field(w[1], 8, 8));
    r.v_th = static_cast<int16_t>(field(w[1], 16, 16));
    r.tau_d = static_cast<uint16_t>(field(w[2], 0, 16));
    r.tau_n = static_cast<uint16_t>(field(w[2], 16, 16));
    r.lut_lo = static_cast<int16_t>(field(w[3], 0, 16));
    r.lut_shift = static_cast<uint8_t>(field(w[3], 16, 4));
    r.lut_bits = static_cast<uint8_t>(field(w[3], 24, 4) + 1);
    for (uint32_t row = 0; row < r.rows; ++row)
      for (int k = 0; k < LANES; ++k) bias_[l][row][k] = 0;
    for (uint32_t e = 0; e < (1u << r.lut_bits); ++e)
      for (int k = 0; k < LANES; ++k) lut_[k][l * Cap::kLutEntries + e] = 0;
  }
zero_weights:
  for (uint32_t row = 0; row < next_row; ++row) {
#pragma HLS PIPELINE II = 1
    for (int k = 0; k < LANES; ++k) weights_[row][k] = 0;
  }
  configured_ = true;
}

template <int LANES, class Cap>
void Core<LANES, Cap>::process_packet(word_stream& in, word_stream& out) {
  using namespace protocol;
  // LANES neurons per cycle: lane k of every per-neuron array is its own
  // memory, and each lane has its own copy of the LUTs. A weight row is
  // reshaped into one LANES-byte word in UltraRAM (the one large memory), so
  // one read feeds every lane; docs/hls.md estimates the cost.
#pragma HLS ARRAY_RESHAPE variable = weights_ type = complete dim = 2
#pragma HLS BIND_STORAGE variable = weights_ type = ram_2p impl = uram
#pragma HLS ARRAY_PARTITION variable = weight_row_ type = complete
  // Gates beside the weights, a row of kGateBits bits per word, read in the
  // same cycle as the weight row (docs/hls.md "Gates").
#pragma HLS ARRAY_RESHAPE variable = gates_ type = complete dim = 2
#pragma HLS BIND_STORAGE variable = gates_ type = ram_2p impl = uram
#pragma HLS ARRAY_PARTITION variable = gate_row_ type = complete
#pragma HLS ARRAY_PARTITION variable = gate_loaded_ type = complete dim = 0
#pragma HLS ARRAY_PARTITION variable = bias_ type = complete dim = 3
#pragma HLS ARRAY_PARTITION variable = lut_ type = complete dim = 1
#pragma HLS ARRAY_PARTITION variable = v_d_ type = complete dim = 3
#pragma HLS ARRAY_PARTITION variable = v_n_ type = complete dim = 3
#pragma HLS ARRAY_PARTITION variable = acc_ type = complete dim = 2
#pragma HLS ARRAY_PARTITION variable = spikes_ type = cyclic factor = LANES dim = 2
#pragma HLS ARRAY_PARTITION variable = counts_ type = cyclic factor = LANES dim = 1
  const axis_word head = in.read();
  const uint32_t h = static_cast<uint32_t>(head.data);
  type_ = header_type(h);
  declared_ = header_length(h);
  bool last = static_cast<bool>(head.last);
  uint64_t received = 0;
  size_ok_ = false;
  store_ok_ = false;
  first_pad_ = 0;

receive:
  while (!last) {
#pragma HLS PIPELINE II = 1
    const axis_word beat = in.read();
    last = static_cast<bool>(beat.last);
    if (received < declared_) store_word(type_, static_cast<uint32_t>(received), static_cast<uint32_t>(beat.data));
    ++received;
  }

  // §5: the checks in order; the first that fails is reported.
  const bool known = type_ == kConfig || type_ == kWeights || type_ == kBias || type_ == kLut || type_ == kQuery ||
                     type_ == kGate || type_ == kTask || type_ == kFrame || type_ == kImage;
  Check c{kOk, 0};
  if (!known) {
    c = {kUnknownType, 0};
  } else if (received != declared_) {
    c = {kLength, received > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<uint32_t>(received)};
  } else if (!configured_ && type_ != kConfig && type_ != kQuery) {
    c = {kNotConfigured, 0};
  } else if (type_ == kConfig) {
    if (declared_ < 1 || declared_ != config_length(field(config_[0], 0, 8)))
      c = {kBadSize, 0};
    else
      c = check_config();
  } else if (type_ == kQuery) {
    if (declared_ != 0) c = {kBadSize, 0};
  } else if (type_ == kTask) {
    if (declared_ != kTaskLength)
      c = {kBadSize, 0};
    else if (field(task_word_, 16, 16) != 0 || field(task_word_, 0, 16) > tasks_)
      c = {kBadField, 0};
  } else if (type_ == kFrame || type_ == kImage) {
    if (!store_ok_)
      c = {kBadSize, 0};
    else if (first_pad_ != 0)
      c = {kPadding, first_pad_};
  } else {  // WEIGHTS, BIAS, LUT, GATE
    if (!size_ok_)
      c = {kBadSize, 0};
    else if (!index_word_ok_)
      c = {kBadField, 0};
    else if (first_pad_ != 0)
      c = {kPadding, first_pad_};
  }

  if (c.code != kOk) {
    if (is_parameter(type_)) configured_ = false;
    if (errors_ != 0xFFFFFFFFu) ++errors_;
    emit_status(out, c.code, c.detail);
    return;
  }
  if (type_ == kConfig) apply_config();
  if (type_ == kGate) gate_loaded_[gate_task_ - 1][param_layer_] = true;
  if (type_ == kTask) task_ = field(task_word_, 0, 16);
  if (type_ == kQuery) emit_status(out, kOk, frames_);
  if (type_ == kImage) encode_image();
  if (type_ == kFrame || type_ == kImage) run_frame(out);
}

// IMAGE after its checks: the spikes of fixed-point spec §6 for every
// timestep and input, packed into frame_ exactly as a FRAME's words. The
// (t, pixel word) nest is flattened by hand, words inner, in the order the
// generator's keys run; each iteration codes one IMAGE word, four pixels
// with four finalisers side by side (state x + j·φ for pixel j), and the
// state then advances by one addition. Carried from one iteration to the
// next are only that 64-bit sum, the spike word being packed (four bits at
// a multiple of 4: eight pixel words fill one spike word, and a timestep
// starts both afresh) and the counters, so the loop runs at II = 1 while the
// finalisers' products sit in the pipeline: T · ceil(n_in / 4) cycles.
template <int LANES, class Cap>
void Core<LANES, Cap>::encode_image() {
  const uint32_t n_in = layer_[0].n_in, pixel_words = (n_in + 3) / 4;
  const uint32_t tail = n_in - 4 * (pixel_words - 1);  // pixels in a timestep's last word, 1 … 4
  const uint64_t tail_step = tail * kGoldenGamma;
  uint64_t x = rate_code_start(image_seed_, image_n_, timesteps_, n_in);
  uint32_t p = 0, word = 0, bits = 0;  // p: pixel word within the timestep
rate_code:
  for (uint32_t k = 0; k < timesteps_ * pixel_words; ++k) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT max = Cap::kTimesteps * kImageWords
    const uint32_t pixels = image_[p];
    const bool last_word = p + 1 == pixel_words;
    // All four lanes code: the padding bytes of a timestep's last word are
    // zero (PADDING was checked) and a zero pixel never spikes.
    for (int j = 0; j < 4; ++j) {
#pragma HLS UNROLL
      if (rate_code_spike(x + uint64_t(j) * kGoldenGamma, field(pixels, 8 * j, 8)))
        bits |= 1u << (4 * (p % 8) + uint32_t(j));
    }
    x += last_word ? tail_step : 4 * kGoldenGamma;
    if (p % 8 == 7 || last_word) {  // a word of the timestep is full, or the timestep ends
      frame_[word++] = bits;
      bits = 0;
    }
    p = last_word ? 0 : p + 1;
  }
}

// §4 for one layer at one timestep: event-driven accumulation over the
// inputs that spiked, then the per-neuron dendrite, activation and LIF.
// Spikes ping-pong between spikes_[0] and spikes_[1]: layer l writes
// spikes_[l & 1] and reads what layer l - 1 wrote in the other half (array
// indices, not pointers, so that HLS sees one memory).
template <int LANES, class Cap>
void Core<LANES, Cap>::step_layer(uint32_t l, uint32_t t) {
  const LayerRegs& r = layer_[l];
  const uint32_t in_words = (r.n_in + 31) / 32;
  const uint32_t out_half = l & 1, in_half = out_half ^ 1;
  const bool output_layer = l + 1 == layers_;
  // §1a: task k adds w[i][j] where its gate keeps the synapse and 0
  // elsewhere. A gate no GATE has loaded keeps nothing: the layer gets no
  // synaptic input at all, exactly as with no spike.
  const bool gated = task_ != 0;
  const bool closed = gated && !gate_loaded_[task_ - 1][l];
  const uint32_t gate_task_base = gated ? (task_ - 1) * kGateRows + r.gate_base : 0;

  uint32_t n_active = 0;
gather:
  for (uint32_t j = 0; j < r.n_in; ++j) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT max = Cap::kNeurons
    const bool s = l == 0 ? ((frame_[t * in_words + j / 32] >> (j % 32)) & 1u) != 0 : spikes_[in_half][j];
    if (s) active_[n_active++] = j;
  }

  // Step 1, exact: one weight row (LANES neurons) per cycle. Rows outer,
  // spikes inner, so each row's LANES sums build up in registers and acc_
  // is only written, once per row when its last spike is added: the one
  // value carried from a cycle to the next is `sum` (a mux and an add), and
  // no memory is read and written in the same loop, which is what lets the
  // loop start an iteration every cycle (docs/hls.md "accumulate"). The
  // nest is flattened by hand so a layer with few spikes does not pay the
  // pipeline fill per row. Integer sums in the same order per neuron as
  // before: bit-exact by construction. With no spike nothing is written;
  // `neurons` reads 0 then.
  // A gated task reads the gate row of the same synapses in the same cycle
  // from its own memory: the bit selects w or 0 before the add, so nothing
  // is added to what is carried from one cycle to the next (II stays 1).
  // Row sum_row's LANES neurons start at bit (sum_row·LANES) mod kGateBits of
  // gate row (sum_row·LANES) div kGateBits (below 32 lanes several weight
  // rows share one 32-bit gate row; from 32 lanes on the offset is 0).
  const bool no_input = n_active == 0 || closed;
  int32_t sum[LANES] = {};  // set at each row's first spike (a == 0); zeroed only to be defined
#pragma HLS ARRAY_PARTITION variable = sum type = complete
  uint32_t a = 0, sum_row = 0;  // spike a of row sum_row
accumulate:
  for (uint32_t it = 0; it < (no_input ? 0 : n_active * r.rows); ++it) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT max = Cap::kNeurons * kRows
    const uint32_t w_row = r.weight_base + active_[a] * r.rows + sum_row;
    const uint32_t g_row = gate_task_base + active_[a] * r.gate_rows + sum_row * LANES / kGateBits;
    const uint32_t g_off = sum_row * LANES % kGateBits;  // 0 from 32 lanes on
    for (int k = 0; k < LANES; ++k) {
      const uint32_t bit = g_off + static_cast<uint32_t>(k);
      const bool keep = !gated || ((gates_[g_row][bit / 32] >> (bit % 32)) & 1u) != 0;
      sum[k] = (a == 0 ? 0 : sum[k]) + (keep ? weights_[w_row][k] : 0);
    }
    if (a + 1 == n_active) {
      for (int k = 0; k < LANES; ++k) acc_[sum_row][k] = sum[k];
      a = 0;
      ++sum_row;
    } else {
      ++a;
    }
  }

  // Steps 2-7, LANES neurons per cycle.
neurons:
  for (uint32_t row = 0; row < r.rows; ++row) {
#pragma HLS PIPELINE II = 1
#pragma HLS LOOP_TRIPCOUNT max = kRows
    for (int k = 0; k < LANES; ++k) {
      const uint32_t i = row * LANES + k;
      if (i >= r.n_out) continue;
      const int32_t acc = no_input ? 0 : acc_[row][k];
      const int64_t current = scale(acc, r.w_shift) + bias_[l][row][k];
      int16_t activation;
      if (r.kind == 0) {
        activation = sat16(current);
      } else {
        const int16_t v_d = sat16(int64_t{decay(v_d_[l][row][k], r.tau_d)} + current);
        v_d_[l][row][k] = v_d;
        if (r.kind == 1)
          activation = v_d > 0 ? v_d : int16_t{0};
        else
          activation = lut_[k][l * Cap::kLutEntries + lut_index(v_d, r.lut_lo, r.lut_shift, r.lut_bits)];
      }
      int16_t v_n = sat16(int64_t{decay(v_n_[l][row][k], r.tau_n)} + activation);
      const bool fire = v_n > r.v_th;
      if (fire) v_n = 0;
      v_n_[l][row][k] = v_n;
      spikes_[out_half][i] = fire;
      if (output_layer && fire) ++counts_[i];
    }
  }
}

template <int LANES, class Cap>
void Core<LANES, Cap>::run_frame(word_stream& out) {
  using namespace protocol;
reset_state:
  for (uint32_t l = 0; l < layers_; ++l)
    for (uint32_t row = 0; row < layer_[l].rows; ++row) {
#pragma HLS PIPELINE II = 1
      for (int k = 0; k < LANES; ++k) {
        v_d_[l][row][k] = 0;
        v_n_[l][row][k] = 0;
      }
    }
  const uint32_t n_out = layer_[layers_ - 1].n_out;
  for (uint32_t i = 0; i < n_out; ++i) counts_[i] = 0;

timesteps:
  for (uint32_t t = 0; t < timesteps_; ++t) {
#pragma HLS LOOP_TRIPCOUNT max = Cap::kTimesteps
  layers:
    for (uint32_t l = 0; l < layers_; ++l) {
#pragma HLS LOOP_TRIPCOUNT max = Cap::kLayers
      step_layer(l, t);
      if (trace_) {
        const uint32_t n = layer_[l].n_out, words = (n + 31) / 32;
        emit_word(out, header(kTrace, trace_length(n)), false);
        emit_word(out, frame_id_, false);
        emit_word(out, t | (l << 16), false);
      pack_trace:
        for (uint32_t w = 0; w < words; ++w) {
#pragma HLS PIPELINE II = 1
          uint32_t bits = 0;
          for (uint32_t b = 0; b < 32; ++b)
            if (32 * w + b < n && spikes_[l & 1][32 * w + b]) bits |= 1u << b;
          emit_word(out, bits, w + 1 == words);
        }
      }
    }
  }

  // §5: argmax, ties to the lowest index.
  uint32_t best = 0;
argmax:
  for (uint32_t i = 1; i < n_out; ++i)
    if (counts_[i] > counts_[best]) best = i;
  const uint32_t words = (n_out + 1) / 2;
  emit_word(out, header(kResult, result_length(n_out)), false);
  emit_word(out, frame_id_, false);
  emit_word(out, best | (timesteps_ << 16), false);
result:
  for (uint32_t w = 0; w < words; ++w) {
#pragma HLS PIPELINE II = 1
    const uint32_t lo = counts_[2 * w], hi = 2 * w + 1 < n_out ? counts_[2 * w + 1] : 0;
    emit_word(out, lo | (hi << 16), w + 1 == words);
  }
  ++frames_;
}

}  // namespace trinity::hls_kernel
