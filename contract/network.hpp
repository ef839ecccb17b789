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

struct Network {
  uint32_t timesteps = 1;  // T, 1 ... 65535
  std::vector<Layer> layers;

  uint32_t inputs() const { return layers.front().n_in; }
  uint32_t outputs() const { return layers.back().n_out; }
};

// Empty string when `net` satisfies every range of spec §1-§2 and its vectors
// have the sizes the shape implies; otherwise what is wrong, and where.
std::string validate(const Network& net);

}  // namespace trinity
