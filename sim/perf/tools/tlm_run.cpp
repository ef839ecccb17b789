// SPDX-License-Identifier: Apache-2.0
// trinity_perf_tlm_run: a model on Fashion-MNIST test images through the
// SystemC TLM model of the accelerator; prints cycles per frame and
// throughput at a clock. The spike activity comes from the golden model.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "errors.hpp"
#include "estimate.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "rate_coding.hpp"
#include "tlm_model.hpp"

using namespace trinity;

extern "C" int sc_main(int argc, char** argv) {  // as libsystemc.so's main() declares it
  CLI::App app{"Fashion-MNIST frames through the SystemC TLM model of the trinity core"};
  std::string model = "models/tri_snn_g_s1.trn", data_dir = TRINITY_FASHION_MNIST_DIR;
  size_t limit = 100;
  uint64_t seed = 0;
  perf::TlmOptions options;
  app.add_option("--model,-m", model, "Model file (.trn)")->capture_default_str();
  app.add_option("--lanes", options.core.lanes, "LANES of the core")->capture_default_str();
  app.add_option("--clock-mhz", options.clock_mhz, "Core clock")->capture_default_str();
  app.add_option("--limit,-n", limit, "Test images")->capture_default_str();
  app.add_option("--seed", seed, "Rate-coding seed")->capture_default_str();
  app.add_option("--host-gap", options.host_gap_cycles, "Cycles the host needs between frames")->capture_default_str();
  app.add_flag("--trace", options.core.trace, "CONFIG with TRACE on");
  app.add_option("--data-dir", data_dir, "Directory with the idx files")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    const Network net = load_model(model);
    const FashionMnist data = load_fashion_mnist(data_dir, "test", limit);
    std::vector<perf::FrameActivity> frames;
    for (uint32_t n = 0; n < data.images.count; ++n)
      frames.push_back(
          perf::measure_activity(net, rate_encode(data.images.image(n), net.inputs(), net.timesteps, seed, n)));
    const perf::TlmBatchReport r = perf::run_tlm_batch(net, options, frames);
    const perf::CycleSummary s = perf::summarize_cycles(r.frame_cycles);
    std::printf(
        "tlm %s LANES=%u clock=%.0fMHz frames=%zu cycles/frame mean=%.1f p50=%llu p99=%llu "
        "batch_cycles=%llu idle=%llu frames/s=%.0f\n",
        model.c_str(), options.core.lanes, options.clock_mhz, s.frames, s.mean, static_cast<unsigned long long>(s.p50),
        static_cast<unsigned long long>(s.p99), static_cast<unsigned long long>(r.batch_cycles),
        static_cast<unsigned long long>(r.idle_cycles), r.frames_per_second());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "trinity_perf_tlm_run: %s\n", e.what());
    return 2;
  }
  return 0;
}
