// SPDX-License-Identifier: Apache-2.0
// Random networks and inputs for property tests: odd sizes, every unit kind,
// and parameter ranges that reach saturation at both ends.
#pragma once

#include <random>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"
#include "task_gates.hpp"

namespace trinity::testing {

inline Layer random_layer(std::mt19937& rng, uint32_t n_in, uint32_t n_out, UnitKind kind, bool extreme) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Layer l;
  l.kind = kind;
  l.n_in = n_in;
  l.n_out = n_out;
  l.w_shift = uni(-8, 4);
  l.tau_d = static_cast<uint16_t>(uni(0, 256));
  l.tau_n = static_cast<uint16_t>(uni(0, 256));
  l.v_th = static_cast<int16_t>(extreme ? uni(-32768, 32767) : uni(0, 2000));
  l.lut_bits = uni(1, 12);
  l.lut_shift = uni(0, 15);
  l.lut_lo = static_cast<int16_t>(uni(-32768, 32767));
  l.weights.resize(size_t{n_in} * n_out);
  for (auto& w : l.weights) w = static_cast<int8_t>(uni(-128, 127));
  l.bias.resize(n_out);
  for (auto& b : l.bias) b = static_cast<int16_t>(extreme ? uni(-32768, 32767) : uni(-500, 500));
  l.lut.resize(l.lut_entries());
  for (auto& e : l.lut) e = static_cast<int16_t>(uni(-32768, 32767));
  return l;
}

inline Network random_network(std::mt19937& rng, bool extreme = false, uint32_t max_width = 70) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Network net;
  net.timesteps = static_cast<uint32_t>(uni(1, 16));
  const int layers = uni(1, 4);
  uint32_t width = static_cast<uint32_t>(uni(1, static_cast<int>(max_width)));
  for (int k = 0; k < layers; ++k) {
    const uint32_t out = static_cast<uint32_t>(uni(1, static_cast<int>(max_width)));
    net.layers.push_back(random_layer(rng, width, out, static_cast<UnitKind>(uni(0, 3)), extreme));
    width = out;
  }
  return net;
}

// [n_in - hidden - n_out] with random weights, T timesteps: the small
// networks the CLI tests save as model files.
inline Network two_layer_net(std::mt19937& rng, uint32_t timesteps, uint32_t n_in, uint32_t hidden, uint32_t n_out,
                             UnitKind hidden_kind, UnitKind out_kind) {
  Network net;
  net.timesteps = timesteps;
  net.layers.push_back(random_layer(rng, n_in, hidden, hidden_kind, false));
  net.layers.push_back(random_layer(rng, hidden, n_out, out_kind, false));
  return net;
}

// `tasks` random gates for `net` (model format v2): task k keeps each
// synapse with probability densities[k % densities.size()].
inline TaskGates random_gates(std::mt19937& rng, const Network& net, uint32_t tasks,
                              const std::vector<double>& densities) {
  TaskGates gates = make_gates(net, tasks);
  for (uint32_t k = 0; k < tasks; ++k) {
    std::bernoulli_distribution keep(densities[k % densities.size()]);
    for (size_t l = 0; l < net.layers.size(); ++l)
      for (uint64_t i = 0; i < net.layers[l].weights.size(); ++i) gates.set(k, l, i, keep(rng));
  }
  return gates;
}

// A [n_in - hidden - n_out] network of random kinds with `densities.size()`
// task gates (task k + 1 keeps a synapse with probability densities[k]), its
// LUTs cut to at most `max_lut_entries`: the multi-task networks the RTL
// co-simulations run every task of (protocol v3).
inline Network gated_two_layer_net(std::mt19937& rng, uint32_t timesteps, uint32_t n_in, uint32_t hidden,
                                   uint32_t n_out, const std::vector<double>& densities, size_t max_lut_entries) {
  Network net = two_layer_net(rng, timesteps, n_in, hidden, n_out, static_cast<UnitKind>(rng() % 4),
                              static_cast<UnitKind>(rng() % 4));
  for (Layer& l : net.layers)
    while (l.lut_entries() > max_lut_entries) {
      --l.lut_bits;
      l.lut.resize(l.lut_entries());
    }
  net.gates = random_gates(rng, net, static_cast<uint32_t>(densities.size()), densities);
  return net;
}

inline SpikeFrame random_frame(std::mt19937& rng, uint32_t timesteps, uint32_t width, double density) {
  SpikeFrame f(timesteps, width);
  std::bernoulli_distribution spike(density);
  for (auto& b : f.bits) b = spike(rng) ? 1 : 0;
  return f;
}

// Two layers whose widths (37 inputs, 6 and 5 neurons) are not multiples of
// 4, 2 or 32, so every packing in protocol v2 carries padding.
inline Network small_padded_net() {
  std::mt19937 rng(5);
  Network net;
  net.timesteps = 3;
  net.layers.push_back(random_layer(rng, 37, 6, UnitKind::kTriGauss, false));
  net.layers.push_back(random_layer(rng, 6, 5, UnitKind::kBi, false));
  return net;
}

// The small network the malformed-packet tests of the Verilated core are
// written against: 37 inputs (two words per timestep, padded), 13 tri-G and
// 6 tri-R neurons, T = 5, 5-bit LUTs, so every packing carries padding.
inline Network small_lut5_net(std::mt19937& rng) {
  Network net;
  net.timesteps = 5;
  net.layers.push_back(random_layer(rng, 37, 13, UnitKind::kTriGauss, false));
  net.layers.push_back(random_layer(rng, 13, 6, UnitKind::kTriRelu, false));
  for (Layer& l : net.layers) {
    l.lut_bits = 5;
    l.lut.resize(l.lut_entries());
  }
  return net;
}

}  // namespace trinity::testing
