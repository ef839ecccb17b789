#include "fast_model.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
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

// The same primitives as fixed_point.hpp in int32, which every intermediate
// here fits (spec §3-§4 bounds), so the loops below vectorise.
inline int32_t sat16_32(int32_t x) { return x < kInt16Min ? kInt16Min : (x > kInt16Max ? kInt16Max : x); }
inline int32_t decay32(int32_t v, int32_t tau) { return (v * tau + 128) >> 8; }

// A column of int8 weights added to int16 partial sums: 256 columns of at most
// |128| fit int16 exactly, so partial sums are flushed to int32 every 256.
constexpr uint32_t kColumnsPerFlush = 256;

void accumulate(const int8_t* column, int16_t* partial, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) partial[i] = static_cast<int16_t>(partial[i] + column[i]);
}

void flush(int16_t* partial, int32_t* acc, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    acc[i] += partial[i];
    partial[i] = 0;
  }
}

// §4 step 2: I = scale(acc, w_shift) + b.
void currents(const int32_t* acc, const int16_t* bias, int w_shift, int32_t* current, uint32_t n) {
  if (w_shift >= 0) {
    for (uint32_t i = 0; i < n; ++i) current[i] = acc[i] * (1 << w_shift) + bias[i];
  } else {
    const int k = -w_shift;
    const int32_t half = 1 << (k - 1);
    for (uint32_t i = 0; i < n; ++i) current[i] = ((acc[i] + half) >> k) + bias[i];
  }
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
  std::vector<int32_t> acc(widest), current(widest), activation(widest);
  std::vector<int16_t> partial(widest, 0);
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
      int32_t* a = activation.data();
      int32_t* cur = current.data();

      // §4 step 1, event-driven: one column per input spike.
      std::fill(acc.begin(), acc.begin() + n, 0);
      const int8_t* cols = columns_[l].data();
      uint32_t pending = 0;
      for (uint32_t j : active) {
        accumulate(cols + size_t{j} * n, partial.data(), n);
        if (++pending == kColumnsPerFlush) flush(partial.data(), acc.data(), n), pending = 0;
      }
      flush(partial.data(), acc.data(), n);
      currents(acc.data(), layer.bias.data(), layer.w_shift, cur, n);

      // §4 steps 3-4.
      int16_t* vd = v_d[l].data();
      const int32_t tau_d = layer.tau_d;
      switch (layer.kind) {
        case UnitKind::kBi:
          for (uint32_t i = 0; i < n; ++i) a[i] = sat16_32(cur[i]);
          break;
        case UnitKind::kTriRelu:
          for (uint32_t i = 0; i < n; ++i) {
            const int32_t v = sat16_32(decay32(vd[i], tau_d) + cur[i]);
            vd[i] = static_cast<int16_t>(v);
            a[i] = v > 0 ? v : 0;
          }
          break;
        case UnitKind::kTriGauss:
        case UnitKind::kTriLut: {
          for (uint32_t i = 0; i < n; ++i) vd[i] = static_cast<int16_t>(sat16_32(decay32(vd[i], tau_d) + cur[i]));
          const int32_t lo = layer.lut_lo, shift = layer.lut_shift, last = (1 << layer.lut_bits) - 1;
          const int16_t* lut = layer.lut.data();
          for (uint32_t i = 0; i < n; ++i) {
            const int32_t d = (int32_t{vd[i]} - lo) >> shift;
            a[i] = lut[d < 0 ? 0 : (d > last ? last : d)];
          }
          break;
        }
      }

      // §4 steps 5-7.
      int16_t* vn = v_n[l].data();
      const int32_t tau_n = layer.tau_n, v_th = layer.v_th;
      next.clear();
      for (uint32_t i = 0; i < n; ++i) {
        const int32_t v = sat16_32(decay32(vn[i], tau_n) + a[i]);
        const bool spike = v > v_th;
        vn[i] = spike ? 0 : static_cast<int16_t>(v);
        if (spike) next.push_back(i);
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
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto worker = [&] {
    try {
      for (size_t k; (k = next.fetch_add(1)) < inputs.size();) results[k] = run(inputs[k]);
    } catch (...) {
      // An exception must not escape a thread (std::terminate); the caller gets it.
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = inputs.size();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < threads; ++k) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace trinity
