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

// TaskGates itself is in network.hpp: a Network carries its gates.

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
// `net` with only task `task`'s (0-based) gate, as its task 1: what a host
// sends a core to run that one task (protocol v3: GATE for task 1, TASK 1),
// so a model with more tasks than a core holds still runs any one of them.
Network single_task_network(const Network& net, const TaskGates& gates, size_t task);

// The same for a network that carries its gates (net.gates); the result is
// ungated (its gates empty).
inline Network gated_network(const Network& net, size_t task) { return gated_network(net, net.gates, task); }

}  // namespace trinity
