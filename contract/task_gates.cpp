// SPDX-License-Identifier: Apache-2.0
#include "task_gates.hpp"

#include <stdexcept>

namespace trinity {

uint64_t gate_mask_bytes(const Layer& layer) { return (uint64_t{layer.n_out} * layer.n_in + 7) / 8; }

TaskGates make_gates(const Network& net, uint32_t tasks) {
  TaskGates gates;
  gates.tasks = tasks;
  gates.offsets.push_back(0);
  for (const Layer& layer : net.layers) gates.offsets.push_back(gates.offsets.back() + gate_mask_bytes(layer));
  gates.bits.assign(tasks * gates.offsets.back(), 0);
  return gates;
}

std::string validate_gates(const Network& net, const TaskGates& gates) {
  if (gates.empty()) return gates.bits.empty() ? std::string() : "no tasks, but gate bits present";
  if (!kTaskCountLimit.holds(gates.tasks)) return range_problem("task count", gates.tasks, kTaskCountLimit);
  if (gates.offsets.size() != net.layers.size() + 1 || gates.offsets[0] != 0)
    return "gates for " + std::to_string(gates.offsets.size() - (gates.offsets.empty() ? 0 : 1)) +
           " layers, network has " + std::to_string(net.layers.size());
  for (size_t l = 0; l < net.layers.size(); ++l)
    if (gates.offsets[l + 1] - gates.offsets[l] != gate_mask_bytes(net.layers[l]))
      return "layer " + std::to_string(l) + " gate: " + std::to_string(gates.offsets[l + 1] - gates.offsets[l]) +
             " bytes, n_out x n_in needs " + std::to_string(gate_mask_bytes(net.layers[l]));
  if (gates.bits.size() != uint64_t{gates.tasks} * gates.offsets.back())
    return std::to_string(gates.bits.size()) + " bytes of gates, " + std::to_string(gates.tasks) + " tasks need " +
           std::to_string(uint64_t{gates.tasks} * gates.offsets.back());
  // Padding bits must be 0 so there is exactly one encoding per gate.
  for (uint32_t k = 0; k < gates.tasks; ++k)
    for (size_t l = 0; l < net.layers.size(); ++l) {
      const unsigned used = static_cast<unsigned>(uint64_t{net.layers[l].n_out} * net.layers[l].n_in % 8);
      if (used != 0 && (gates.mask(k, l)[gate_mask_bytes(net.layers[l]) - 1] & (0xffu >> used)) != 0)
        return "task " + std::to_string(k + 1) + " layer " + std::to_string(l) + " gate: padding bits are not 0";
    }
  return {};
}

uint64_t gate_kept(const TaskGates& gates, size_t task, size_t layer) {
  // Padding bits are 0 (validate_gates), so every set bit is a synapse.
  uint64_t kept = 0;
  const uint8_t* m = gates.mask(task, layer);
  for (uint64_t k = 0; k < gates.offsets[layer + 1] - gates.offsets[layer]; ++k)
    kept += static_cast<uint64_t>(__builtin_popcount(m[k]));
  return kept;
}

namespace {

// Throws std::invalid_argument, naming `who`, unless `gates` fit `net` and
// hold task index `task`.
void require_task(const char* who, const Network& net, const TaskGates& gates, size_t task) {
  const std::string problem = validate_gates(net, gates);
  if (!problem.empty()) throw std::invalid_argument(std::string(who) + ": " + problem);
  if (task >= gates.tasks)
    throw std::invalid_argument(std::string(who) + ": task index " + std::to_string(task) + " of " +
                                std::to_string(gates.tasks) + " tasks");
}

}  // namespace

Network single_task_network(const Network& net, const TaskGates& gates, size_t task) {
  require_task("single_task_network", net, gates, task);
  Network out = net;
  out.gates.tasks = 1;
  out.gates.offsets = gates.offsets;
  const uint64_t per_task = gates.offsets.back();
  out.gates.bits.assign(gates.bits.begin() + static_cast<long>(task * per_task),
                        gates.bits.begin() + static_cast<long>((task + 1) * per_task));
  return out;
}

Network gated_network(const Network& net, const TaskGates& gates, size_t task) {
  require_task("gated_network", net, gates, task);
  Network out = net;
  for (size_t l = 0; l < out.layers.size(); ++l) {
    std::vector<int8_t>& w = out.layers[l].weights;
    for (size_t index = 0; index < w.size(); ++index)
      if (!gates.keeps(task, l, index)) w[index] = 0;
  }
  out.gates = TaskGates{};
  return out;
}

}  // namespace trinity
