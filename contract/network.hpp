// SPDX-License-Identifier: Apache-2.0
// The quantised network as the fixed-point spec defines it (§1, §2): the one
// in-memory form that the model file, the protocol and every model share.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fixed_point.hpp"

namespace trinity {

enum class UnitKind : uint8_t { kBi = 0, kTriRelu = 1, kTriGauss = 2, kTriLut = 3 };

constexpr int kMaxLayers = 16;
constexpr int kMaxNeurons = 65535;
constexpr int kMaxTimesteps = 65535;

// Every field's inclusive range (spec §1-§2), written once: validate(), the
// model-file loader and the golden core's CONFIG check all test these, and
// error messages quote them (limit_text), so no range is written as a literal.
struct Limit {
  int64_t lo, hi;
  constexpr bool holds(int64_t v) const { return lo <= v && v <= hi; }
};
constexpr Limit kUnitKindLimit{0, static_cast<int64_t>(UnitKind::kTriLut)};
constexpr Limit kLayerCountLimit{1, kMaxLayers};
constexpr Limit kNeuronLimit{1, kMaxNeurons};  // n_in, n_out
constexpr Limit kTimestepLimit{1, kMaxTimesteps};
constexpr Limit kWShiftLimit{kMinWShift, kMaxWShift};
constexpr Limit kTauLimit{0, kMaxTau};  // tau_d, tau_n
constexpr Limit kLutBitsLimit{1, kMaxLutBits};
constexpr Limit kLutShiftLimit{0, kMaxLutShift};

// "lo..hi", as error messages quote a limit.
std::string limit_text(const Limit& limit);
// "field = value, must be lo..hi".
std::string range_problem(const std::string& field, int64_t value, const Limit& limit);

const char* unit_kind_name(UnitKind kind);
bool uses_dendrite(UnitKind kind);
bool uses_lut(UnitKind kind);

struct Layer {
  UnitKind kind = UnitKind::kBi;
  int w_shift = 0;              // -8 ... 4
  uint32_t n_in = 0;            // 1 ... 65535
  uint32_t n_out = 0;           // 1 ... 65535
  uint16_t tau_d = 0;           // Q0.8, 0 ... 256
  uint16_t tau_n = 0;           // Q0.8, 0 ... 256
  int16_t v_th = 0;             // Q7.8
  int16_t lut_lo = 0;           // Q7.8
  int lut_shift = 0;            // 0 ... 15
  int lut_bits = 1;             // 1 ... 12
  std::vector<int8_t> weights;  // row-major [n_out][n_in]
  std::vector<int16_t> bias;    // [n_out], Q7.8
  std::vector<int16_t> lut;     // [2^lut_bits], Q7.8

  int8_t weight(uint32_t out, uint32_t in) const { return weights[size_t{out} * n_in + in]; }
  size_t lut_entries() const { return size_t{1} << lut_bits; }
};

// Task count of a gated model. The bound matches a u16 task id (the future
// on-wire task select); file size is what really limits a loaded model.
constexpr int kMaxTasks = 65535;
constexpr Limit kTaskCountLimit{1, kMaxTasks};

// Task k's gate of layer l is n_out * n_in bits, row-major (synapse w[i][j]
// is bit i * n_in + j), packed exactly as numpy's packbits does: MSB first,
// the last byte's unused low bits zero. All masks sit in one buffer in file
// order (task-major, then layer), so a loaded model holds no more than its
// file's bytes however many tiny masks the file claims. tasks == 0: ungated.
struct TaskGates {
  uint32_t tasks = 0;
  std::vector<uint64_t> offsets;  // [L + 1]: layer l's mask at offsets[l] within a task; offsets[L] = bytes per task
  std::vector<uint8_t> bits;      // tasks * offsets[L] bytes

  bool empty() const { return tasks == 0; }
  const uint8_t* mask(size_t task, size_t layer) const { return bits.data() + task * offsets.back() + offsets[layer]; }
  // Whether task `task` (0-based) keeps synapse `index` (= i * n_in + j) of `layer`.
  bool keeps(size_t task, size_t layer, uint64_t index) const {
    return (mask(task, layer)[index >> 3] >> (7 - (index & 7))) & 1u;
  }
  void set(size_t task, size_t layer, uint64_t index, bool keep) {
    uint8_t& byte = bits[task * offsets.back() + offsets[layer] + (index >> 3)];
    const uint8_t bit = static_cast<uint8_t>(0x80u >> (index & 7));
    byte = keep ? static_cast<uint8_t>(byte | bit) : static_cast<uint8_t>(byte & ~bit);
  }
};

struct Network {
  uint32_t timesteps = 1;  // T, 1 ... 65535
  std::vector<Layer> layers;
  // Per-task synapse gates (spec §1a; task_gates.hpp): empty for an ungated
  // network. A frame selects its task by SpikeFrame::task.
  TaskGates gates;

  uint32_t inputs() const { return layers.front().n_in; }
  uint32_t outputs() const { return layers.back().n_out; }
};

// Empty string when `net` satisfies every range of spec §1-§2 and its vectors
// have the sizes the shape implies; otherwise what is wrong, and where.
std::string validate(const Network& net);

}  // namespace trinity
