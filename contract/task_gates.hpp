// SPDX-License-Identifier: Apache-2.0
// Per-task synapse gates (fixed-point spec §1a, model format version 2): one
// set of shared weights serves several tasks, each of which uses only the
// synapses its gate keeps. Applying a gate is defined as zeroing the weights
// it drops, so gated_network() is the spec's meaning and every backend runs a
// task bit-exact by being configured with its result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "network.hpp"

namespace trinity {

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

// Bytes of one layer's packed gate: ceil(n_out * n_in / 8).
uint64_t gate_mask_bytes(const Layer& layer);

// `tasks` gates shaped for `net`, every synapse gated off (set() opens them).
TaskGates make_gates(const Network& net, uint32_t tasks);

// Empty string when `gates` is empty or fits `net`: 1..65535 tasks, one mask
// per layer per task of gate_mask_bytes(), padding bits zero; otherwise what
// is wrong ("task 3 layer 1 gate: ...", tasks counted from 1).
std::string validate_gates(const Network& net, const TaskGates& gates);

// Synapses task `task` (0-based) keeps in `layer`.
uint64_t gate_kept(const TaskGates& gates, size_t task, size_t layer);

// Task `task` (0-based) of a gated network: `net` with every weight its gate
// drops set to 0. Biases, LUTs, thresholds and time constants are shared and
// unchanged. Throws std::invalid_argument when validate_gates fails or the
// task is out of range (callers check the user's task id first).
Network gated_network(const Network& net, const TaskGates& gates, size_t task);

}  // namespace trinity
