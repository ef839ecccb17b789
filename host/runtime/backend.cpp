#include "backend.hpp"

#include "errors.hpp"
#include "fast_model.hpp"
#include "golden_device.hpp"
#include "stream_backend.hpp"
#ifdef TRINITY_WITH_CSIM
#include "csim_device.hpp"
#endif
#ifdef TRINITY_WITH_VERILATOR
#include "verilator_device.hpp"
#endif
#ifdef TRINITY_WITH_XRT
#include "xrt_backend.hpp"
#endif

namespace trinity {

namespace {

// The bit-accurate model, evaluated by its proven-equal fast path.
class GoldenBackend : public Backend {
 public:
  GoldenBackend(const Network& net, unsigned threads) : model_(net), threads_(threads) {}
  std::string name() const override { return "golden"; }
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override {
    return model_.run_batch(frames, threads_);
  }

 private:
  FastModel model_;
  unsigned threads_;
};

BatchPlan plan(const BackendOptions& o, size_t fallback) {
  return BatchPlan{o.frames_per_batch ? o.frames_per_batch : fallback};
}

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

std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& o) {
  if (name == "golden") return std::make_unique<GoldenBackend>(net, o.threads);
  if (name == "golden-wire")
    return std::make_unique<StreamBackend>(std::make_unique<GoldenDevice>(), net, plan(o, 256), o.trace);
#ifdef TRINITY_WITH_CSIM
  if (name == "csim")
    return std::make_unique<StreamBackend>(std::make_unique<CsimDevice>(), net, plan(o, 256), o.trace);
#endif
#ifdef TRINITY_WITH_VERILATOR
  if (name == "verilator") {
    VerilatorOptions v;
    v.fst_path = o.waveform;
    v.stall_percent = o.stall_percent;
    return std::make_unique<StreamBackend>(std::make_unique<VerilatorDevice>(v), net, plan(o, 64), o.trace);
  }
#endif
#ifdef TRINITY_WITH_XRT
  if (name == "xrt") return make_xrt_backend(net, o);
#endif
  std::string built;
  for (const auto& n : backend_names())
    if (backend_built(n)) built += (built.empty() ? "" : ", ") + n;
  throw RuntimeFailure("backend '" + name + "' is not built into this trinity (built: " + built + ")");
}

}  // namespace trinity
