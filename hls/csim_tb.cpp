// Self-checking testbench for Vitis HLS csim/cosim (hls/run_hls.tcl): drives
// the synthesis top trinity_core() and the golden core with the same beats
// and returns non-zero on the first difference, as Vitis HLS expects. ctest
// runs it too (hls_csim_tb), so it cannot rot while Vitis is absent.
#include <cstdio>
#include <random>

#include "golden_core.hpp"
#include "random_network.hpp"
#include "stream_encoder.hpp"
#include "trinity_kernels.hpp"

using namespace trinity;
using namespace trinity::protocol;

int main() {
  std::mt19937 rng(2024);
  Stream s;
  // A few random networks, each reconfiguring the one static core; cosim
  // runs the RTL, so this stays small.
  for (int k = 0; k < 6; ++k) {
    const Network net = testing::random_network(rng, k % 2 == 0, 40);
    const Stream cfg = encode_network(net, k % 3 == 0);
    s.insert(s.end(), cfg.begin(), cfg.end());
    for (uint32_t f = 0; f < 2; ++f)
      append_frame(s, 10 * k + f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
    append_packet(s, 0x42, {1, 2});  // UNKNOWN_TYPE
    append_packet(s, kFrame, {1});   // BAD_SIZE
    append_frame(s, 99, SpikeFrame(net.timesteps, net.inputs()));
    append_query(s);
  }

  CoreCapacity cap;
  using Cap = hls_kernel::DefaultCapacity;
  cap.max_layers = Cap::kLayers;
  cap.max_neurons = Cap::kNeurons;
  cap.max_timesteps = Cap::kTimesteps;
  cap.max_weight_bytes = Cap::kWeightBytes;
  cap.max_lut_entries = Cap::kLutEntries;
  GoldenCore golden(cap);
  golden.push(s);
  const Stream want = golden.take_output();

  hls_kernel::word_stream in("s_axis"), out("m_axis");
  for (const Beat& b : s) {
    hls_kernel::axis_word w;
    w.data = b.data;
    w.keep = 0xF;
    w.strb = 0xF;
    w.last = b.last ? 1 : 0;
    in.write(w);
  }
  while (!in.empty()) trinity_core(in, out);

  size_t k = 0;
  for (; !out.empty(); ++k) {
    const hls_kernel::axis_word w = out.read();
    const Beat got{static_cast<uint32_t>(w.data), static_cast<bool>(w.last)};
    if (k >= want.size() || !(got == want[k])) {
      std::printf("csim_tb: output beat %zu differs: hls %08x%s, golden %s\n", k, got.data, got.last ? " (last)" : "",
                  k < want.size() ? "differs" : "has no more beats");
      return 1;
    }
  }
  if (k != want.size()) {
    std::printf("csim_tb: hls produced %zu beats, golden %zu\n", k, want.size());
    return 1;
  }
  std::printf("csim_tb: %zu output beats identical to the golden core\n", k);
  return 0;
}
