#include "fast_model.hpp"

#include <atomic>
#include <stdexcept>
#include <thread>

#include "fixed_point.hpp"

namespace trinity {

FastModel::FastModel(const Network& net) : net_(net) {
  for (const Layer& layer : net_.layers) {
    std::vector<int8_t> col(size_t{layer.n_in} * layer.n_out);
    for (uint32_t i = 0; i < layer.n_out; ++i)
      for (uint32_t j = 0; j < layer.n_in; ++j) col[size_t{j} * layer.n_out + i] = layer.weight(i, j);
    columns_.push_back(std::move(col));
  }
}

namespace {

// Column sums fit int32: |acc| < 2^23 (spec §4 step 1).
void accumulate(const int8_t* column, int32_t* acc, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) acc[i] += column[i];
}

}  // namespace

FrameResult FastModel::run(const SpikeFrame& input) const {
  if (input.timesteps != net_.timesteps || input.width != net_.inputs())
    throw std::invalid_argument("spike frame shape does not match the network");
  const size_t layers = net_.layers.size();
  std::vector<std::vector<int16_t>> v_d(layers), v_n(layers);
  uint32_t widest = 0;
  for (size_t l = 0; l < layers; ++l) {
    v_d[l].assign(net_.layers[l].n_out, 0);
    v_n[l].assign(net_.layers[l].n_out, 0);
    widest = std::max(widest, net_.layers[l].n_out);
  }
  std::vector<int32_t> acc(widest);
  std::vector<uint32_t> active, next;
  active.reserve(std::max(widest, input.width));
  next.reserve(widest);

  FrameResult result;
  result.counts.assign(net_.outputs(), 0);
  for (uint32_t t = 0; t < net_.timesteps; ++t) {
    active.clear();
    const uint8_t* bits = &input.bits[size_t{t} * input.width];
    for (uint32_t j = 0; j < input.width; ++j)
      if (bits[j]) active.push_back(j);
    for (size_t l = 0; l < layers; ++l) {
      const Layer& layer = net_.layers[l];
      const uint32_t n = layer.n_out;
      std::fill(acc.begin(), acc.begin() + n, 0);
      const int8_t* cols = columns_[l].data();
      for (uint32_t j : active) accumulate(cols + size_t{j} * n, acc.data(), n);

      next.clear();
      int16_t* vd = v_d[l].data();
      int16_t* vn = v_n[l].data();
      for (uint32_t i = 0; i < n; ++i) {
        const int32_t current = static_cast<int32_t>(scale(acc[i], layer.w_shift)) + layer.bias[i];
        int16_t a;
        if (layer.kind == UnitKind::kBi) {
          a = sat16(current);
        } else {
          vd[i] = sat16(int32_t{decay(vd[i], layer.tau_d)} + current);
          a = layer.kind == UnitKind::kTriRelu
                  ? (vd[i] > 0 ? vd[i] : int16_t{0})
                  : layer.lut[lut_index(vd[i], layer.lut_lo, layer.lut_shift, layer.lut_bits)];
        }
        const int16_t v = sat16(int32_t{decay(vn[i], layer.tau_n)} + a);
        if (v > layer.v_th) {
          vn[i] = 0;
          next.push_back(i);
        } else {
          vn[i] = v;
        }
      }
      active.swap(next);
    }
    for (uint32_t i : active) ++result.counts[i];
  }
  result.prediction = decode_prediction(result.counts);
  return result;
}

std::vector<FrameResult> FastModel::run_batch(const std::vector<SpikeFrame>& inputs, unsigned threads) const {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<FrameResult> results(inputs.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k; (k = next.fetch_add(1)) < inputs.size();) results[k] = run(inputs[k]);
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  return results;
}

}  // namespace trinity
