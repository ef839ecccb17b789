#include "backend.hpp"

#include "errors.hpp"
#include "fast_model.hpp"
#include "golden_core.hpp"
#include "stream_encoder.hpp"

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

// The golden model behind protocol v1: the same words a card receives.
class GoldenWireBackend : public Backend {
 public:
  explicit GoldenWireBackend(const Network& net) : net_(net) {
    core_.push(protocol::encode_network(net_));
    expect_silence("configuration");
  }
  std::string name() const override { return "golden-wire"; }
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override {
    std::vector<FrameResult> results;
    for (size_t k = 0; k < frames.size(); ++k) {
      protocol::Stream s;
      protocol::append_frame(s, static_cast<uint32_t>(k), frames[k]);
      core_.push(s);
      const auto packets = protocol::split_packets(core_.take_output());
      if (packets.size() != 1 || packets[0].type != protocol::kResult)
        throw RuntimeFailure("golden-wire: frame " + std::to_string(k) + " did not produce exactly one RESULT");
      const auto r = protocol::decode_result(packets[0], net_.outputs());
      if (r.frame_id != k) throw RuntimeFailure("golden-wire: result out of order");
      results.push_back({r.counts, r.prediction});
    }
    return results;
  }

 private:
  void expect_silence(const char* what) {
    for (const auto& p : protocol::split_packets(core_.take_output()))
      if (p.type == protocol::kStatus)
        throw RuntimeFailure(std::string("golden-wire: ") + what +
                             " rejected: " + protocol::describe(protocol::decode_status(p)));
  }
  Network net_;
  GoldenCore core_;
};

}  // namespace

const std::vector<std::string>& backend_names() {
  static const std::vector<std::string> names{"golden", "golden-wire", "csim", "verilator", "xrt"};
  return names;
}

std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& options) {
  if (name == "golden") return std::make_unique<GoldenBackend>(net, options.threads);
  if (name == "golden-wire") return std::make_unique<GoldenWireBackend>(net);
  throw RuntimeFailure("backend '" + name + "' is not built into this trinity yet (available: golden, golden-wire)");
}

}  // namespace trinity
