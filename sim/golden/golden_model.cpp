// SPDX-License-Identifier: Apache-2.0
#include "golden_model.hpp"

#include <stdexcept>

#include "fixed_point.hpp"

namespace trinity {

namespace {

struct LayerState {
  std::vector<int16_t> v_d, v_n;
};

// §4 steps 1-7 for one layer at one timestep.
// v_n_sum, if given, accumulates V_n before the reset (FrameTrace::v_n_sum).
void step_layer(const Layer& layer, const std::vector<uint32_t>& active_inputs, LayerState& st,
                std::vector<uint8_t>& spikes_out, int32_t* v_n_sum) {
  for (uint32_t i = 0; i < layer.n_out; ++i) {
    int64_t acc = 0;  // step 1
    for (uint32_t j : active_inputs) acc += layer.weight(i, j);
    const int64_t current = scale(acc, layer.w_shift) + layer.bias[i];  // step 2

    int16_t activation = 0;
    if (layer.kind == UnitKind::kBi) {
      activation = sat16(current);  // step 4, bi
    } else {
      st.v_d[i] = sat16(int64_t{decay(st.v_d[i], layer.tau_d)} + current);  // step 3
      if (layer.kind == UnitKind::kTriRelu)
        activation = st.v_d[i] > 0 ? st.v_d[i] : int16_t{0};  // step 4, tri-R
      else
        activation = layer.lut[lut_index(st.v_d[i], layer.lut_lo, layer.lut_shift, layer.lut_bits)];
    }

    st.v_n[i] = sat16(int64_t{decay(st.v_n[i], layer.tau_n)} + activation);  // step 5
    if (v_n_sum) v_n_sum[i] += st.v_n[i];
    spikes_out[i] = st.v_n[i] > layer.v_th ? 1 : 0;  // step 6
    if (spikes_out[i]) st.v_n[i] = 0;                // step 7
  }
}

}  // namespace

FrameResult run_reference(const Network& net, const SpikeFrame& input, FrameTrace* trace) {
  if (input.timesteps != net.timesteps || input.width != net.inputs())
    throw std::invalid_argument("spike frame shape does not match the network");

  std::vector<LayerState> state(net.layers.size());
  for (size_t l = 0; l < net.layers.size(); ++l) {
    state[l].v_d.assign(net.layers[l].n_out, 0);
    state[l].v_n.assign(net.layers[l].n_out, 0);
  }
  if (trace) {
    trace->spikes.clear();
    trace->v_n_sum.clear();
    for (const Layer& layer : net.layers) {
      trace->spikes.emplace_back(net.timesteps, layer.n_out);
      trace->v_n_sum.emplace_back(layer.n_out, 0);
    }
  }

  FrameResult result;
  result.counts.assign(net.outputs(), 0);
  std::vector<uint32_t> active;
  std::vector<uint8_t> spikes;
  for (uint32_t t = 0; t < net.timesteps; ++t) {
    active.clear();
    for (uint32_t j = 0; j < input.width; ++j)
      if (input.at(t, j)) active.push_back(j);
    for (size_t l = 0; l < net.layers.size(); ++l) {
      spikes.assign(net.layers[l].n_out, 0);
      step_layer(net.layers[l], active, state[l], spikes, trace ? trace->v_n_sum[l].data() : nullptr);
      if (trace)
        for (uint32_t i = 0; i < spikes.size(); ++i) trace->spikes[l].at(t, i) = spikes[i];
      active.clear();
      for (uint32_t i = 0; i < spikes.size(); ++i)
        if (spikes[i]) active.push_back(i);
    }
    for (uint32_t i : active) ++result.counts[i];  // §5: active = output layer's spikes
  }
  result.prediction = decode_prediction(result.counts);
  return result;
}

}  // namespace trinity
