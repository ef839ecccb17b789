// SPDX-License-Identifier: Apache-2.0
// The host driver against a device whose answers are corrupted: the golden
// core behind a device that applies fuzzer-chosen damage (bit flips, words
// overwritten, dropped or inserted) to one batch's answer. The driver must
// either stop with a RuntimeFailure or return results that satisfy every
// check it promises (host/runtime/device_answers.hpp): one per frame,
// prediction < n_out, counts <= T, prediction = argmax of the counts.
// (Protocol v2 carries no checksum, so a flipped count that stays
// consistent with the prediction cannot be told from a true one; see
// docs/robustness.md.)
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <random>

#include "errors.hpp"
#include "golden_device.hpp"
#include "random_network.hpp"
#include "stream_backend.hpp"

namespace {

using namespace trinity;

class DamagingDevice : public StreamDevice {
 public:
  explicit DamagingDevice(FuzzedDataProvider& in) : in_(in) {}
  std::string name() const override { return "fuzzed"; }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override {
    inner_.submit(std::move(words), max_out_words);
  }
  std::vector<uint32_t> collect() override {
    std::vector<uint32_t> w = inner_.collect();
    if (++collects_ < 2) return w;  // the configuration's answer is left alone
    const int edits = in_.ConsumeIntegralInRange(0, 4);
    for (int e = 0; e < edits && !w.empty(); ++e) {
      const size_t at = in_.ConsumeIntegralInRange<size_t>(0, w.size() - 1);
      switch (in_.ConsumeIntegralInRange(0, 4)) {
        case 0: w[at] ^= 1u << in_.ConsumeIntegralInRange(0, 31); break;
        case 1: w[at] = in_.ConsumeIntegral<uint32_t>(); break;
        case 2: w.erase(w.begin() + static_cast<long>(at)); break;
        case 3: w.insert(w.begin() + static_cast<long>(at), in_.ConsumeIntegral<uint32_t>()); break;
        default: w.resize(at); break;
      }
    }
    return w;
  }

 private:
  FuzzedDataProvider& in_;
  GoldenDevice inner_;
  int collects_ = 0;
};

Network network() {
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 4;
  net.layers.push_back(testing::random_layer(rng, 20, 9, UnitKind::kTriRelu, false));  // 9: TRACE padding
  net.layers.push_back(testing::random_layer(rng, 9, 5, UnitKind::kTriGauss, false));  // 5: a spare half-word
  // 3-bit LUTs: the configuration (sent to the device on every input) stays
  // a few dozen words instead of up to 2 x 4096 entries.
  for (Layer& l : net.layers) {
    l.lut_bits = 3;
    l.lut.resize(l.lut_entries());
  }
  return net;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Network net = network();
  FuzzedDataProvider in(data, size);
  const bool trace = in.ConsumeBool();
  std::vector<SpikeFrame> frames(3, SpikeFrame(net.timesteps, net.inputs()));
  std::mt19937 rng(in.ConsumeIntegral<uint32_t>());
  for (auto& f : frames)
    for (auto& b : f.bits) b = rng() % 2;
  BackendOptions o;
  o.frames_per_batch = 3;
  o.trace = trace;
  try {
    StreamBackend backend(std::make_unique<DamagingDevice>(in), net, o);
    const std::vector<FrameResult> results = backend.run(frames);
    if (results.size() != frames.size()) std::abort();
    for (const FrameResult& r : results) {
      if (r.counts.size() != net.outputs() || r.prediction >= net.outputs()) std::abort();
      for (uint16_t c : r.counts)
        if (c > net.timesteps) std::abort();
      if (r.prediction != decode_prediction(r.counts)) std::abort();
    }
  } catch (const RuntimeFailure&) {
    // The damage was seen: the only acceptable failure.
  }
  return 0;
}
