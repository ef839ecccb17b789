// SPDX-License-Identifier: Apache-2.0
// Self-checking testbench for Vitis HLS csim/cosim (hls/run_hls.tcl): drives
// the synthesis top trinity_core() and the golden core with the same beats
// and returns non-zero on the first difference, as Vitis HLS expects. ctest
// runs it too (hls_csim_tb), so it cannot rot while Vitis is absent.
#include <cstdio>
#include <random>

#include "golden_core.hpp"
#include "hls_harness.hpp"
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
    std::vector<uint8_t> pixels(net.inputs());  // an IMAGE (protocol v2): the kernel's rate coder
    for (uint8_t& p : pixels) p = static_cast<uint8_t>(rng());
    append_image(s, 10 * k + 2, ImageView{pixels.data(), net.inputs(), static_cast<uint32_t>(rng()), 0x5EEDULL << 40});
    append_packet(s, 0x42, {1, 2});  // UNKNOWN_TYPE
    append_packet(s, kFrame, {1});   // BAD_SIZE
    append_frame(s, 99, SpikeFrame(net.timesteps, net.inputs()));
    append_query(s);
  }
  {  // A gated network (protocol v3): every task in turn, and a bad TASK and GATE.
    Network net = testing::random_network(rng, false, 40);
    net.gates = testing::random_gates(rng, net, 3, {0.1, 0.5, 1.0});
    const Stream cfg = encode_network(net);
    s.insert(s.end(), cfg.begin(), cfg.end());
    for (uint32_t task : {1u, 3u, 0u, 2u}) {
      append_task(s, task);
      append_frame(s, 100 + task, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
    }
    append_packet(s, kTask, {4});     // BAD_FIELD: k > K
    append_packet(s, kGate, {0, 1});  // BAD_SIZE
    append_query(s);
  }

  GoldenCore golden(hls_test::golden_capacity<hls_kernel::DefaultCapacity>());
  golden.push(s);
  const Stream want = golden.take_output();

  hls_kernel::word_stream in("s_axis"), out("m_axis");
  hls_test::to_axis(s, in);
  while (!in.empty()) trinity_core(in, out);

  const Stream got = hls_test::from_axis(out);
  for (size_t k = 0; k < got.size(); ++k) {
    if (k >= want.size() || !(got[k] == want[k])) {
      std::printf("csim_tb: output beat %zu differs: hls %08x%s, golden %s\n", k, got[k].data,
                  got[k].last ? " (last)" : "", k < want.size() ? "differs" : "has no more beats");
      return 1;
    }
  }
  if (got.size() != want.size()) {
    std::printf("csim_tb: hls produced %zu beats, golden %zu\n", got.size(), want.size());
    return 1;
  }
  std::printf("csim_tb: %zu output beats identical to the golden core\n", got.size());
  return 0;
}
