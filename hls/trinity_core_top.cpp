// SPDX-License-Identifier: Apache-2.0
// Synthesis top of the streaming core. ap_ctrl_none makes it a free-running
// kernel (no host start/done): it restarts itself after every packet and the
// static Core keeps the configuration and counters between packets, which is
// what the protocol needs (CONFIG, then any number of frames and images).
#include "trinity_kernels.hpp"

extern "C" void trinity_core(trinity::hls_kernel::word_stream& s_axis, trinity::hls_kernel::word_stream& m_axis) {
#pragma HLS INTERFACE mode = axis port = s_axis
#pragma HLS INTERFACE mode = axis port = m_axis
#pragma HLS INTERFACE mode = ap_ctrl_none port = return
  static trinity::hls_kernel::Core<trinity::hls_kernel::kDefaultLanes, trinity::hls_kernel::DefaultCapacity> core;
  core.process_packet(s_axis, m_axis);
}
