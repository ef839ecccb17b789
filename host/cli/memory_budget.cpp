#include "memory_budget.hpp"

#include <algorithm>
#include <cstdio>

#include "errors.hpp"
#include "protocol.hpp"

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
  if (name == "golden") return 0;
  // The largest default batch of any stream backend (golden-wire, csim: 256).
  const size_t batch = std::min<size_t>(frames, o.frames_per_batch ? o.frames_per_batch : 256);
  const uint64_t in = 1 + uint64_t{protocol::frame_length(net.timesteps, net.inputs())};
  uint64_t out = 1 + uint64_t{protocol::result_length(net.outputs())};
  if (o.trace)
    for (const auto& layer : net.layers) out += uint64_t{net.timesteps} * (1 + protocol::trace_length(layer.n_out));
  // Input words twice (the encoded stream and the device's copy), output
  // once, for up to two batches in flight (a card double-buffers).
  const uint64_t words = saturating_mul(batch, saturating_add(saturating_mul(2, in), out));
  return saturating_mul(2 * sizeof(uint32_t), words);
}

}  // namespace trinity::cli
