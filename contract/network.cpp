#include "network.hpp"

#include "fixed_point.hpp"

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

std::string validate(const Network& net) {
  if (net.timesteps < 1 || net.timesteps > kMaxTimesteps)
    return "T = " + std::to_string(net.timesteps) + ", must be 1..65535";
  if (net.layers.empty() || net.layers.size() > kMaxLayers)
    return "layer count " + std::to_string(net.layers.size()) + ", must be 1..16";
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& layer = net.layers[l];
    const std::string where = "layer " + std::to_string(l) + ": ";
    if (static_cast<uint8_t>(layer.kind) > 3) return where + "unknown unit kind";
    if (layer.n_in < 1 || layer.n_in > kMaxNeurons)
      return where + "n_in = " + std::to_string(layer.n_in) + ", must be 1..65535";
    if (layer.n_out < 1 || layer.n_out > kMaxNeurons)
      return where + "n_out = " + std::to_string(layer.n_out) + ", must be 1..65535";
    if (l > 0 && layer.n_in != net.layers[l - 1].n_out)
      return where + "n_in = " + std::to_string(layer.n_in) + " but layer " + std::to_string(l - 1) +
             " has n_out = " + std::to_string(net.layers[l - 1].n_out);
    if (layer.w_shift < kMinWShift || layer.w_shift > kMaxWShift)
      return where + "w_shift = " + std::to_string(layer.w_shift) + ", must be -8..4";
    if (layer.tau_d > kMaxTau || layer.tau_n > kMaxTau) return where + "tau above 256";
    if (layer.lut_bits < 1 || layer.lut_bits > kMaxLutBits)
      return where + "lut_bits = " + std::to_string(layer.lut_bits) + ", must be 1..12";
    if (layer.lut_shift < 0 || layer.lut_shift > kMaxLutShift)
      return where + "lut_shift = " + std::to_string(layer.lut_shift) + ", must be 0..15";
    if (layer.weights.size() != size_t{layer.n_out} * layer.n_in) return where + "weight count does not match shape";
    if (layer.bias.size() != layer.n_out) return where + "bias count does not match n_out";
    if (layer.lut.size() != layer.lut_entries()) return where + "LUT size does not match lut_bits";
  }
  return {};
}

}  // namespace trinity
