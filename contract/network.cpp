// SPDX-License-Identifier: Apache-2.0
#include "network.hpp"

namespace trinity {

const char* unit_kind_name(UnitKind kind) {
  switch (kind) {
    case UnitKind::kBi: return "bi";
    case UnitKind::kTriRelu: return "tri-R";
    case UnitKind::kTriGauss: return "tri-G";
    case UnitKind::kTriLut: return "tri-LUT";
  }
  return "unknown";
}

bool uses_dendrite(UnitKind kind) { return kind != UnitKind::kBi; }
bool uses_lut(UnitKind kind) { return kind == UnitKind::kTriGauss || kind == UnitKind::kTriLut; }

std::string limit_text(const Limit& limit) { return std::to_string(limit.lo) + ".." + std::to_string(limit.hi); }

std::string range_problem(const std::string& field, int64_t value, const Limit& limit) {
  return field + " = " + std::to_string(value) + ", must be " + limit_text(limit);
}

std::string validate(const Network& net) {
  if (!kTimestepLimit.holds(net.timesteps)) return range_problem("T", net.timesteps, kTimestepLimit);
  if (!kLayerCountLimit.holds(static_cast<int64_t>(net.layers.size())))
    return "layer count " + std::to_string(net.layers.size()) + ", must be " + limit_text(kLayerCountLimit);
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& layer = net.layers[l];
    const std::string where = "layer " + std::to_string(l) + ": ";
    if (!kUnitKindLimit.holds(static_cast<uint8_t>(layer.kind))) return where + "unknown unit kind";
    if (!kNeuronLimit.holds(layer.n_in)) return where + range_problem("n_in", layer.n_in, kNeuronLimit);
    if (!kNeuronLimit.holds(layer.n_out)) return where + range_problem("n_out", layer.n_out, kNeuronLimit);
    if (l > 0 && layer.n_in != net.layers[l - 1].n_out)
      return where + "n_in = " + std::to_string(layer.n_in) + " but layer " + std::to_string(l - 1) +
             " has n_out = " + std::to_string(net.layers[l - 1].n_out);
    if (!kWShiftLimit.holds(layer.w_shift)) return where + range_problem("w_shift", layer.w_shift, kWShiftLimit);
    if (!kTauLimit.holds(layer.tau_d)) return where + range_problem("tau_d", layer.tau_d, kTauLimit);
    if (!kTauLimit.holds(layer.tau_n)) return where + range_problem("tau_n", layer.tau_n, kTauLimit);
    if (!kLutBitsLimit.holds(layer.lut_bits))
      return where + range_problem("lut_bits", layer.lut_bits, kLutBitsLimit);
    if (!kLutShiftLimit.holds(layer.lut_shift))
      return where + range_problem("lut_shift", layer.lut_shift, kLutShiftLimit);
    if (layer.weights.size() != size_t{layer.n_out} * layer.n_in) return where + "weight count does not match shape";
    if (layer.bias.size() != layer.n_out) return where + "bias count does not match n_out";
    if (layer.lut.size() != layer.lut_entries()) return where + "LUT size does not match lut_bits";
  }
  return {};
}

}  // namespace trinity
