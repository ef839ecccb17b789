// SPDX-License-Identifier: Apache-2.0
// `trinity membranes`: the golden reference's soma potentials of one layer,
// per frame, for experiments on the network's state (docs/results.md,
// figure 4b: how far noise moves the hidden layer's membranes). It reads the
// golden model's own hook (FrameTrace::v_n_sum), so no second model of the
// network exists. The hardware has no such output.
#include <cstdio>
#include <memory>

#include "commands.hpp"
#include "errors.hpp"
#include "exit_policy.hpp"
#include "golden_model.hpp"
#include "model_file.hpp"
#include "npy_file.hpp"
#include "option_checks.hpp"
#include "workload.hpp"

namespace trinity::cli {

namespace {

struct MembraneArgs {
  WorkloadArgs workload;
  std::string model, out;
  uint32_t layer = 1;
};

void membranes(const MembraneArgs& a) {
  Network net;
  {
    const Activity reading("reading model " + a.model);
    net = load_model(a.model);
  }
  if (a.layer < 1 || a.layer > net.layers.size())
    throw InputError("--layer " + std::to_string(a.layer) + ": " + a.model + " has layers 1 to " +
                     std::to_string(net.layers.size()));
  const Layer& layer = net.layers[a.layer - 1];
  Workload w;
  {
    const Activity reading("reading " + input_name(a.workload));
    // The sums: 4 bytes per neuron and frame, on top of the frames.
    w = load_workload(a.workload, net, [&](size_t n) { return uint64_t{n} * layer.n_out * 4; });
  }
  if (w.frames.empty()) throw InputError("no frames to run");
  std::vector<int32_t> sums;
  sums.reserve(w.frames.size() * size_t{layer.n_out});
  {
    const Activity running("running " + std::to_string(w.frames.size()) + " frames on the golden reference");
    FrameTrace trace;
    for (const SpikeFrame& frame : w.frames) {
      (void)run_reference(net, frame, &trace);
      const std::vector<int32_t>& s = trace.v_n_sum[a.layer - 1];
      sums.insert(sums.end(), s.begin(), s.end());
    }
  }
  {
    const Activity writing("writing " + a.out);
    save_npy_int32(a.out, static_cast<uint32_t>(w.frames.size()), layer.n_out, sums);
  }
  std::printf(
      "wrote %s: %zu frames x %u neurons of layer %u, each the sum over T = %u of V_n before the reset "
      "in Q7.8 LSBs (divide by 256 T = %u for the mean potential)\n",
      a.out.c_str(), w.frames.size(), layer.n_out, a.layer, net.timesteps, 256 * net.timesteps);
}

}  // namespace

void register_membranes(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "membranes", "Write one layer's soma potentials per frame (golden reference, summed over T) as .npy");
  auto a = std::make_shared<MembraneArgs>();
  cmd->add_option("--model,-m", a->model, "Model file (.trn)")->required();
  add_workload_options(cmd, a->workload);
  cmd->add_option("--layer", a->layer, "Layer, 1 = the first layer of neurons (the hidden layer of [784-512-10])")
      ->check(whole_number())
      ->capture_default_str();
  cmd->add_option("--out,-o", a->out, "Output .npy: int32 [frames, neurons]")->required();
  cmd->callback([a] { membranes(*a); });
}

}  // namespace trinity::cli
