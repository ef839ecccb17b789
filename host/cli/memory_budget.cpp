// SPDX-License-Identifier: Apache-2.0
#include "memory_budget.hpp"

#include <algorithm>
#include <cstdio>

#include "errors.hpp"

namespace trinity::cli {

std::string human_bytes(uint64_t bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1024 && u < 6) {
    v /= 1024;
    ++u;
  }
  char buf[32];
  if (u == 0)
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

void add_memory_option(CLI::App* cmd, uint64_t& max_memory) {
  cmd->add_option("--max-memory", max_memory,
                  "Refuse work whose buffers (estimated from headers, before reading) would exceed this many bytes; "
                  "suffixes k, M, G, T (binary)")
      ->transform(CLI::AsSizeValue(false))
      ->default_str("4G");
}

void require_within(uint64_t bytes, uint64_t limit, const std::string& subject, const std::string& what) {
  if (bytes <= limit) return;
  throw InputError(subject + ": " + what + " needs about " + human_bytes(bytes) + ", more than the memory limit of " +
                   human_bytes(limit) + " (--max-memory; or run fewer frames with --limit)");
}

uint64_t frame_bytes(const Network& net) {
  const uint64_t result = 2 * uint64_t{net.outputs()} + sizeof(FrameResult);
  return saturating_add(saturating_mul(net.timesteps, net.inputs()), sizeof(SpikeFrame) + result);
}

uint64_t backend_bytes(const std::string& name, const Network& net, const BackendOptions& o, size_t frames) {
  const PlannedBackend plan = plan_backend(name, net, o);
  if (!plan.wire.in) return 0;  // no wire, no batch buffers
  const size_t batch = std::min<size_t>(frames, plan.frames_per_batch);
  const uint64_t in = plan.wire.in;
  const uint64_t out = plan.wire.out;
  // Input words twice (the encoded stream and the device's copy), output
  // once, for up to two batches in flight (a card double-buffers).
  const uint64_t words = saturating_mul(batch, saturating_add(saturating_mul(2, in), out));
  return saturating_mul(2 * sizeof(uint32_t), words);
}

}  // namespace trinity::cli
