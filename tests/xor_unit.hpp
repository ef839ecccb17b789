// SPDX-License-Identifier: Apache-2.0
// XOR on one unit (issue 13, docs/results.md "XOR on one unit"): one
// dendrite, one neuron, two inputs, each input a constant spike train (it
// spikes at every timestep or at none). Shared by the golden-model test
// (tests/test_xor_unit.cpp) and the RTL co-simulation
// (testbench/verilator/rtl_xor.cpp), so both search the same grid and judge
// by the same rule.
//
// Each neuron of a layer is a unit of its own (spec §4 runs every neuron on
// its own weights, bias and state), so one layer of N neurons with 2 inputs
// evaluates N single units at once: the layer-wide fields (kind, w_shift,
// tau_d, tau_n, v_th, LUT) are one grid point, the neurons carry every
// (w1, w2, bias) of the grid.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model_file.hpp"
#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity::testing::xor_unit {

// T = 10 as in the paper's networks (the co-simulated core holds T <= 16).
constexpr uint32_t kTimesteps = 10;

// The four cases in the order x = 00, 01, 10, 11 (case c: input 0 is bit 1
// of c, input 1 is bit 0). XOR is true for cases 1 and 2.
constexpr int kCases = 4;
inline bool xor_true(int c) { return c == 1 || c == 2; }

inline SpikeFrame case_frame(int c, uint32_t timesteps = kTimesteps) {
  SpikeFrame f(timesteps, 2);
  for (uint32_t t = 0; t < timesteps; ++t) {
    f.at(t, 0) = (c >> 1) & 1;
    f.at(t, 1) = c & 1;
  }
  return f;
}

// Output spike counts of one unit over a frame, per case.
using Counts = std::array<uint32_t, kCases>;

// A unit separates XOR when a threshold on its spike count splits the four
// cases into {01, 10} and {00, 11}: every XOR-true case fires more often
// than every XOR-false case. The reverse polarity (the XOR-true cases fire
// less) is counted too, so "no unit separates" rules out both readouts.
inline bool separates_high(const Counts& n) { return std::min(n[1], n[2]) > std::max(n[0], n[3]); }
inline bool separates_low(const Counts& n) { return std::max(n[1], n[2]) < std::min(n[0], n[3]); }
inline bool separates(const Counts& n) { return separates_high(n) || separates_low(n); }

// The trained tri-G networks' first layer (`source_dir`/models/tri_snn_g_s1.trn):
// its table is the calibrated Gaussian of the AAB device (A = 1, mu = 1,
// sigma = 0.4, 8 bits), the one tri-G units get here.
inline Layer trained_tri_g_layer(const std::string& source_dir) {
  const std::string path = source_dir + "/models/tri_snn_g_s1.trn";
  Network net = load_model(path);
  if (net.layers.front().kind != UnitKind::kTriGauss) throw std::runtime_error(path + ": layer 0 is not tri-G");
  return net.layers.front();
}

// One unit's own fields.
struct UnitParams {
  int8_t w1 = 0, w2 = 0;
  int16_t bias = 0;
};

// The grid (docs/results.md states it). Every value is in the model
// format's own fixed point (spec §2): weights int8 with value
// w·2^(w_shift−8), bias and v_th Q7.8, tau Q0.8.
struct Grid {
  std::vector<int> weights;  // w1 and w2 each
  std::vector<int> biases;
  std::vector<int> w_shifts;
  std::vector<int> tau_ds;  // ignored by bi (no dendrite): bi gets one value
  std::vector<int> tau_ns;
  std::vector<int> v_ths;
};

// w1, w2 in -128 ... 112 step 16 and 127 (17 values, the int8 range end to
// end); bias -4 ... +4 in steps of 1/4 (33 values); w_shift -4, 0, 2, 4
// (weight values up to ±1/16, ±1/2, ±2, ±8); tau_d 0, 1/2, 1; tau_n 0, 1/2;
// v_th 3/8, 3/4 (the paper's), 3/2. 9,537 units at each of 72 points (tri)
// or 24 (bi, which has no tau_d).
inline Grid golden_grid() {
  Grid g;
  for (int w = -128; w <= 112; w += 16) g.weights.push_back(w);
  g.weights.push_back(127);
  for (int b = -1024; b <= 1024; b += 64) g.biases.push_back(b);
  g.w_shifts = {-4, 0, 2, 4};
  g.tau_ds = {0, 128, 256};
  g.tau_ns = {0, 128};
  g.v_ths = {96, 192, 384};
  return g;
}

// Every (w1, w2, bias) of the grid, in the order w1, w2, bias (bias fastest).
inline std::vector<UnitParams> grid_units(const Grid& g) {
  std::vector<UnitParams> units;
  for (int w1 : g.weights)
    for (int w2 : g.weights)
      for (int b : g.biases)
        units.push_back({static_cast<int8_t>(w1), static_cast<int8_t>(w2), static_cast<int16_t>(b)});
  return units;
}

// The layer-wide fields of one grid point.
struct LayerPoint {
  int w_shift = 0;
  int tau_d = 0;
  int tau_n = 0;
  int v_th = 0;
};

inline std::vector<LayerPoint> grid_points(const Grid& g, UnitKind kind) {
  std::vector<LayerPoint> points;
  const std::vector<int> tau_ds = uses_dendrite(kind) ? g.tau_ds : std::vector<int>{0};
  for (int s : g.w_shifts)
    for (int td : tau_ds)
      for (int tn : g.tau_ns)
        for (int v : g.v_ths) points.push_back({s, td, tn, v});
  return points;
}

// A 2-input layer of `units.size()` neurons, one per unit, at grid point `p`.
// `lut_source` gives tri-G its table (the trained models' calibrated
// Gaussian); other kinds carry a 1-bit zero table, which §4 ignores.
inline Layer unit_layer(UnitKind kind, const LayerPoint& p, const std::vector<UnitParams>& units,
                        const Layer& lut_source) {
  Layer l;
  l.kind = kind;
  l.n_in = 2;
  l.n_out = static_cast<uint32_t>(units.size());
  l.w_shift = p.w_shift;
  l.tau_d = static_cast<uint16_t>(p.tau_d);
  l.tau_n = static_cast<uint16_t>(p.tau_n);
  l.v_th = static_cast<int16_t>(p.v_th);
  for (const UnitParams& u : units) {
    l.weights.push_back(u.w1);
    l.weights.push_back(u.w2);
    l.bias.push_back(u.bias);
  }
  if (uses_lut(kind)) {
    l.lut_bits = lut_source.lut_bits;
    l.lut_shift = lut_source.lut_shift;
    l.lut_lo = lut_source.lut_lo;
    l.lut = lut_source.lut;
  } else {
    l.lut_bits = 1;
    l.lut.assign(2, 0);
  }
  return l;
}

inline Network unit_network(const Layer& layer, uint32_t timesteps = kTimesteps) {
  Network net;
  net.timesteps = timesteps;
  net.layers.push_back(layer);
  return net;
}

// The unit shown in docs/results.md, on the grid: tri-G at the paper's
// tau_d = tau_n = 1/2 and v_th = 3/4, w_shift 2, w1 = w2 = 64 (value 1.0),
// bias -1/2. Steady-state V_d = I / (1 - tau_d) is -1 for 00, 1 (the bell's
// peak) for 01 and 10, and 3 (past the bell) for 11.
inline LayerPoint showcase_point() { return {2, 128, 128, 192}; }
inline UnitParams showcase_unit() { return {64, 64, -128}; }

inline std::string describe(UnitKind kind, const LayerPoint& p, const UnitParams& u, const Counts& n) {
  return std::string(unit_kind_name(kind)) + " w_shift " + std::to_string(p.w_shift) + " tau_d " +
         std::to_string(p.tau_d) + " tau_n " + std::to_string(p.tau_n) + " v_th " + std::to_string(p.v_th) + " w1 " +
         std::to_string(u.w1) + " w2 " + std::to_string(u.w2) + " bias " + std::to_string(u.bias) +
         ": counts 00/01/10/11 = " + std::to_string(n[0]) + "/" + std::to_string(n[1]) + "/" + std::to_string(n[2]) +
         "/" + std::to_string(n[3]);
}

}  // namespace trinity::testing::xor_unit
