// SPDX-License-Identifier: Apache-2.0
#include "backend.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "alveo_platforms.hpp"
#include "errors.hpp"
#include "fault_injection.hpp"
#include "fast_model.hpp"
#include "golden_device.hpp"
#include "sharded_backend.hpp"
#include "stream_backend.hpp"
#include "task_gates.hpp"
#ifdef TRINITY_WITH_CSIM
#include "csim_device.hpp"
#endif
#include "verilator_device.hpp"  // its facts are known even when it is not built
#ifdef TRINITY_WITH_XRT
#include "xrt_backend.hpp"
#endif

namespace trinity {

namespace {

// The bit-accurate model, evaluated by its proven-equal fast path.
class GoldenBackend : public Backend {
 public:
  // The fast model takes any number of frames; chunks of this many keep
  // every thread busy while a long run still reports progress often.
  static constexpr size_t kUnit = 64;
  GoldenBackend(const Network& net, const BackendOptions& o)
      : model_(net),
        threads_(o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency())),
        unit_(o.frames_per_batch ? o.frames_per_batch : kUnit) {}
  std::string name() const override { return "golden"; }
  // The threads that ran (the most any batch used: never more than its
  // frames, nor than the system would start), or, before any run, the most
  // that may.
  std::string label() const override {
    const unsigned used = used_.load();
    return "golden (" + std::to_string(used ? used : threads_) + " threads)";
  }
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override {
    check_tasks(frames, model_.network());
    std::map<uint32_t, std::vector<size_t>> by_task;
    for (size_t k = 0; k < frames.size(); ++k) by_task[frames[k].task].push_back(k);
    if (by_task.size() <= 1) return run_on(model_for(frames.empty() ? 0 : frames[0].task), frames);
    // Frames of several tasks: each task's frames run as one batch on that
    // task's network, and the results go back to their frames' places.
    std::vector<FrameResult> results(frames.size());
    for (const auto& [task, indices] : by_task) {
      std::vector<SpikeFrame> part;
      part.reserve(indices.size());
      for (size_t k : indices) part.push_back(frames[k]);
      std::vector<FrameResult> r = run_on(model_for(task), part);
      for (size_t n = 0; n < indices.size(); ++n) results[indices[n]] = std::move(r[n]);
    }
    return results;
  }
  size_t frames_per_batch() const override { return unit_; }

 private:
  std::vector<FrameResult> run_on(const FastModel& model, const std::vector<SpikeFrame>& frames) {
    unsigned used = 0;
    std::vector<FrameResult> results = model.run_batch(frames, threads_, &used);
    for (unsigned seen = used_.load(); used > seen && !used_.compare_exchange_weak(seen, used);) {
    }
    return results;
  }
  // Task 0 is the network as stored; task k (fixed-point spec §1a) the
  // network with task k's gated-off weights 0, built at its first frame.
  const FastModel& model_for(uint32_t task) {
    if (task == 0) return model_;
    auto& m = task_models_[task];
    if (!m) m = std::make_unique<FastModel>(gated_network(model_.network(), task - 1));
    return *m;
  }

  FastModel model_;
  std::map<uint32_t, std::unique_ptr<FastModel>> task_models_;
  unsigned threads_;
  std::atomic<unsigned> used_{0};
  size_t unit_;
};

}  // namespace

const std::vector<std::string>& backend_names() {
  static const std::vector<std::string> names{"golden", "golden-wire", "csim", "verilator", "xrt"};
  return names;
}

bool backend_built(const std::string& name) {
  if (name == "golden" || name == "golden-wire") return true;
#ifdef TRINITY_WITH_CSIM
  if (name == "csim") return true;
#endif
#ifdef TRINITY_WITH_VERILATOR
  if (name == "verilator") return true;
#endif
#ifdef TRINITY_WITH_XRT
  if (name == "xrt") return true;
#endif
  return false;
}

namespace {

// Core `core` (0-based) of a simulated card: its own instance of the model,
// with its own stall pattern.
std::unique_ptr<StreamDevice> make_simulated_core(const std::string& name, const BackendOptions& o, unsigned core) {
  if (name == "golden-wire") return std::make_unique<GoldenDevice>();
#ifdef TRINITY_WITH_CSIM
  if (name == "csim") return std::make_unique<CsimDevice>();
#endif
#ifdef TRINITY_WITH_VERILATOR
  if (name == "verilator") {
    VerilatorOptions v;
    v.fst_path = o.waveform;
    v.stall_percent = o.stall_percent;
    v.seed = 1 + core;
    return std::make_unique<VerilatorDevice>(v);
  }
#endif
  (void)o;
  (void)core;
  return nullptr;
}

void check_cores(const BackendOptions& o) {
  if (o.cores > kMaxCoresPerCard)
    throw UsageError("--cores " + std::to_string(o.cores) + ": at most " + std::to_string(kMaxCoresPerCard) +
                     " cores per card");
  if (o.cores > 1 && !o.waveform.empty())
    throw UsageError("--trace writes one core's waveform: give it without --cores " + std::to_string(o.cores));
}

}  // namespace

std::unique_ptr<StreamDevice> make_simulated_device(const std::string& name, const BackendOptions& o) {
  return make_simulated_core(name, o, 0);
}

std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& o) {
  const bool simulated = name == "golden-wire" || name == "csim" || name == "verilator";
  if (!o.inject_fault.empty() && !simulated)
    throw UsageError("--inject-fault works on the simulated stream backends (golden-wire, csim, verilator), not " +
                     name);
  if (name == "golden") return std::make_unique<GoldenBackend>(net, o);
  check_cores(o);
  const unsigned cores = std::max(1u, o.cores);
  if (auto device = make_simulated_core(name, o, 0)) {
    // --inject-fault damages the first core's answers (the first frames').
    const auto inject = [&o](std::unique_ptr<StreamDevice> d) -> std::unique_ptr<StreamDevice> {
      if (o.inject_fault.empty()) return d;
      return std::make_unique<FaultInjectingDevice>(std::move(d), named_fault(o.inject_fault));
    };
    if (cores == 1) return std::make_unique<StreamBackend>(inject(std::move(device)), net, o);
    // Several cores of one simulated card: independent instances, each
    // configured with the network, frames sharded across them in order.
    std::vector<std::unique_ptr<Backend>> shards;
    for (unsigned k = 0; k < cores; ++k) {
      if (k) device = make_simulated_core(name, o, k);
      device = rename_device(std::move(device), name + " core " + std::to_string(k + 1));
      if (k == 0) device = inject(std::move(device));
      shards.push_back(std::make_unique<StreamBackend>(std::move(device), net, o));
    }
    return std::make_unique<ShardedBackend>(std::move(shards));
  }
#ifdef TRINITY_WITH_XRT
  if (name == "xrt") return make_xrt_backend(net, o);
#endif
  std::string built;
  for (const auto& n : backend_names())
    if (backend_built(n)) built += (built.empty() ? "" : ", ") + n;
  throw RuntimeFailure("backend '" + name + "' is not built into this trinity (built: " + built + ")");
}

PlannedBackend plan_backend(const std::string& name, const Network& net, const BackendOptions& o) {
  if (name == "golden") return {{}, o.frames_per_batch ? o.frames_per_batch : GoldenBackend::kUnit};
  size_t batch = o.frames_per_batch;
  if (!batch) batch = name == "verilator" ? VerilatorDevice::kDefaultBatch : StreamDevice::kDefaultBatch;
  // Several cores or cards: a batch for every shard at once (ShardedBackend).
  // An xrt card's cores are known only from its xclbin: plan for the most
  // any supported card has, unless --cores says how many to use.
  const size_t cores = o.cores ? o.cores : name == "xrt" ? alveo::most_cores() : 1;
  batch *= cores * (name == "xrt" ? std::max<size_t>(1, o.devices.size()) : 1);
  return {StreamBackend::wire_words(net, o.trace, o.image_packets), batch};
}

std::vector<protocol::TracePacket> trace_frame(const std::string& name, const Network& net, const SpikeFrame& frame,
                                               BackendOptions o) {
  o.trace = true;
  o.frames_per_batch = 1;
  o.cores = 1;  // one frame needs one core, whose traces() are the frame's
  auto b = make_backend(name == "golden" ? "golden-wire" : name, net, o);
  b->run({frame});
  return b->traces();
}

}  // namespace trinity
