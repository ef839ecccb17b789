// SPDX-License-Identifier: Apache-2.0
// `trinity info MODEL`: what a model file holds, without running it.
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "exit_policy.hpp"
#include "model_file.hpp"
#include "task_gates.hpp"

namespace trinity::cli {

namespace {

void print_info(const std::string& path) {
  std::string metadata;
  TaskGates gates;
  const Activity reading("reading model " + path);
  const Network net = load_model(path, &metadata, &gates);
  const uint32_t crc = model_crc(net, metadata, gates);
  std::printf("model      %s\n", path.c_str());
  std::printf("format     v%d, crc32 %08x\n", gates.empty() ? kModelFormatVersion : kGatedModelFormatVersion, crc);
  if (!gates.empty()) std::printf("tasks      %u (run one with --task K)\n", gates.tasks);
  std::printf("timesteps  %u\n", net.timesteps);
  std::printf("layers     %zu\n\n", net.layers.size());
  std::printf("%-5s %-8s %6s %6s %7s %6s %6s %8s %9s %9s %s\n", "layer", "kind", "n_in", "n_out", "w_shift", "tau_d",
              "tau_n", "v_th", "weights", "LUT", "LUT range (V_d)");
  for (size_t l = 0; l < net.layers.size(); ++l) {
    const Layer& y = net.layers[l];
    char lut[64] = "-";
    if (uses_lut(y.kind)) {
      const double lo = y.lut_lo / 256.0;
      const double hi = (y.lut_lo + (double(y.lut_entries()) * (1 << y.lut_shift))) / 256.0;
      std::snprintf(lut, sizeof lut, "[%.3f, %.3f) step %.5f", lo, hi, (1 << y.lut_shift) / 256.0);
    }
    std::printf("%-5zu %-8s %6u %6u %7d %6.4f %6.4f %8.4f %9zu %9zu %s\n", l, unit_kind_name(y.kind), y.n_in, y.n_out,
                y.w_shift, y.tau_d / 256.0, y.tau_n / 256.0, y.v_th / 256.0, y.weights.size(),
                uses_lut(y.kind) ? y.lut_entries() : size_t{0}, lut);
  }
  // Each task's share of each layer's synapses: the gate densities.
  if (!gates.empty()) std::printf("\ngates (share of each layer's synapses a task keeps)\n");
  for (uint32_t k = 0; k < gates.tasks; ++k) {
    std::printf("task %u:", k + 1);
    for (size_t l = 0; l < net.layers.size(); ++l) {
      const uint64_t kept = gate_kept(gates, k, l), all = net.layers[l].weights.size();
      std::printf("%s layer %zu %.2f %% (%llu of %llu)", l ? "," : "", l, 100.0 * double(kept) / double(all),
                  static_cast<unsigned long long>(kept), static_cast<unsigned long long>(all));
    }
    std::printf("\n");
  }
  if (!metadata.empty()) std::printf("\nmetadata   %s\n", metadata.c_str());
}

}  // namespace

void register_info(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("info", "Describe a model file: architecture, quantisation, LUT, task gates, checksum");
  auto path = std::make_shared<std::string>();
  cmd->add_option("model", *path, "Model file (.trn)")->required();
  cmd->callback([path] { print_info(*path); });
}

}  // namespace trinity::cli
