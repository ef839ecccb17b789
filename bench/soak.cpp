// SPDX-License-Identifier: Apache-2.0
// The soak (issue 14): frames streamed through a stream backend in many
// run() calls, every result compared with the golden model's, with malformed
// packets injected between batches and (verilator) random stalls, while the
// process's resident memory is watched. Prints one table row.
//   trinity_soak BACKEND FRAMES [--stalls P] [--inject-every N] [--chunk N]
// Exit 0 when every result is present, in order and equal to golden's, every
// injected packet was answered by its error STATUS, and resident memory grew
// by at most 8 MiB from the end of the first chunk to the end; 3 otherwise.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "backend.hpp"
#include "errors.hpp"
#include "fast_model.hpp"
#include "random_network.hpp"
#include "stream_backend.hpp"
#include "stream_encoder.hpp"

using namespace trinity;

namespace {

constexpr long kMaxRssGrowthKib = 8192;

long rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

// Between the host's batches, sends the device a malformed packet (an
// unknown type, or a FRAME of the wrong size, which protocol §5 says leave
// the configuration as it was) and a QUERY of its own, and checks the answer:
// the error's STATUS, then an OK one. The device's error counter has then
// moved; so that the driver's own check (no error in a batch it encoded)
// still holds, the injected errors are taken off the count in later answers.
class InjectingDevice : public StreamDevice {
 public:
  InjectingDevice(std::unique_ptr<StreamDevice> inner, size_t every) : inner_(std::move(inner)), every_(every) {}
  std::string name() const override { return inner_->name(); }
  size_t max_in_flight() const override { return 1; }  // injected packets go between batches
  bool simulator() const override { return inner_->simulator(); }
  uint64_t cycles() const override { return inner_->cycles(); }
  size_t default_batch() const override { return inner_->default_batch(); }
  double clock_mhz() const override { return inner_->clock_mhz(); }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override {
    if (every_ && submits_ > 1 && submits_ % every_ == 0) inject();
    ++submits_;
    inner_->submit(std::move(words), max_out_words);
  }
  std::vector<uint32_t> collect() override {
    std::vector<uint32_t> w = inner_->collect();
    // The closing STATUS is the last packet (4 payload words; word 3 counts errors).
    if (injected_ && w.size() >= 5) w[w.size() - 1] -= injected_;
    return w;
  }
  uint32_t injected() const { return injected_; }

 private:
  void inject() {
    const bool unknown = (injected_ % 2) == 0;
    std::vector<uint32_t> words;
    if (unknown) {
      words = {protocol::header(0x33, 2), 0xDEADBEEF, 7};
    } else {
      words = {protocol::header(protocol::kFrame, 3), 0, 1, 2};  // a FRAME of the wrong size
    }
    words.push_back(protocol::header(protocol::kQuery, 0));
    inner_->submit(words, 2 * (1 + protocol::kStatusLength));
    const auto packets = protocol::split_packets(inner_->collect());
    if (packets.size() != 2) throw RuntimeFailure("soak: an injected packet was not answered by exactly one STATUS");
    const auto e = protocol::decode_status(packets[0]);
    const uint8_t want = unknown ? protocol::kUnknownType : protocol::kBadSize;
    if (e.code != want || !protocol::decode_status(packets[1]).configured)
      throw RuntimeFailure("soak: injected packet answered with " + protocol::describe(e));
    ++injected_;
  }

  std::unique_ptr<StreamDevice> inner_;
  size_t every_;
  size_t submits_ = 0;
  uint32_t injected_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: trinity_soak BACKEND FRAMES [--stalls P] [--inject-every N] [--chunk N]\n");
    return 1;
  }
  const std::string name = argv[1];
  const size_t total = std::strtoull(argv[2], nullptr, 10);
  int stalls = 0;
  size_t every = 4, chunk = 4096;
  for (int k = 3; k + 1 < argc; k += 2) {
    if (!std::strcmp(argv[k], "--stalls")) stalls = std::atoi(argv[k + 1]);
    if (!std::strcmp(argv[k], "--inject-every")) every = std::strtoull(argv[k + 1], nullptr, 10);
    if (!std::strcmp(argv[k], "--chunk")) chunk = std::strtoull(argv[k + 1], nullptr, 10);
  }
  try {
    // A small network of every kind of layer: the soak is about the stream,
    // not the arithmetic (which the equality tests cover).
    std::mt19937 rng(14);
    Network net;
    net.timesteps = 8;
    net.layers.push_back(testing::random_layer(rng, 64, 24, UnitKind::kTriGauss, false));
    net.layers.push_back(testing::random_layer(rng, 24, 10, UnitKind::kTriRelu, false));
    for (Layer& l : net.layers)  // within the Verilated core's LUT capacity (docs/rtl.md)
      if (l.lut_bits > 8) {
        l.lut_bits = 8;
        l.lut.resize(l.lut_entries());
      }
    const FastModel golden(net);

    BackendOptions o;
    o.stall_percent = stalls;
    auto inner = make_simulated_device(name, o);
    if (!inner) throw RuntimeFailure("backend '" + name + "' is not a simulator this build has");
    auto injecting = std::make_unique<InjectingDevice>(std::move(inner), every);
    InjectingDevice* device = injecting.get();
    StreamBackend backend(std::move(injecting), net, o);

    long rss_start = 0;
    size_t done = 0, chunks = 0;
    const auto t0 = std::chrono::steady_clock::now();
    while (done < total) {
      const size_t n = std::min(chunk, total - done);
      std::vector<SpikeFrame> frames;
      frames.reserve(n);
      for (size_t k = 0; k < n; ++k) frames.push_back(testing::random_frame(rng, net.timesteps, net.inputs(), 0.3));
      const std::vector<FrameResult> got = backend.run(frames);
      const std::vector<FrameResult> want = golden.run_batch(frames, 1);
      if (got.size() != n)
        throw RuntimeFailure("soak: " + std::to_string(got.size()) + " results for " + std::to_string(n));
      for (size_t k = 0; k < n; ++k)
        if (got[k].counts != want[k].counts || got[k].prediction != want[k].prediction)
          throw RuntimeFailure("soak: frame " + std::to_string(done + k) + " differs from the golden model");
      done += n;
      if (++chunks == 1) rss_start = rss_kib();  // after the first chunk: buffers at their working size
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long rss_end = rss_kib();
    std::printf("%-12s %10zu %8.1f %10.0f %8d %9u %12ld %10ld  all equal to golden, in order\n", name.c_str(), done, s,
                done / s, stalls, device->injected(), rss_start, rss_end);
    // Flat memory: a leak of even a few bytes per frame shows over 10^4 frames.
    if (rss_end - rss_start > kMaxRssGrowthKib)
      throw RuntimeFailure("soak: resident memory grew by " + std::to_string(rss_end - rss_start) + " KiB (limit " +
                           std::to_string(kMaxRssGrowthKib) + ")");
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "trinity_soak: failure: %s\n", e.what());
    return 3;
  }
}
