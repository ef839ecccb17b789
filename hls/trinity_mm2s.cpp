// SPDX-License-Identifier: Apache-2.0
// Memory-mapped to stream mover: turns a length-framed word buffer in global
// memory (protocol §1) into AXI4-Stream beats, raising TLAST on the word that
// ends each header's declared length.
#include "trinity_kernels.hpp"

extern "C" void trinity_mm2s(const uint32_t* mem, uint32_t words, trinity::hls_kernel::word_stream& out) {
#pragma HLS INTERFACE mode = m_axi port = mem offset = slave bundle = gmem max_read_burst_length = 64
#pragma HLS INTERFACE mode = axis port = out
#pragma HLS INTERFACE mode = s_axilite port = mem
#pragma HLS INTERFACE mode = s_axilite port = words
#pragma HLS INTERFACE mode = s_axilite port = return
  uint32_t remaining = 0;  // payload words still owed by the current packet
  bool in_packet = false;
read:
  for (uint32_t i = 0; i < words; ++i) {
#pragma HLS PIPELINE II = 1
    const uint32_t w = mem[i];
    bool last;
    if (!in_packet) {
      remaining = w & trinity::protocol::kMaxLength;
      in_packet = remaining != 0;
      last = remaining == 0;
    } else {
      --remaining;
      last = remaining == 0;
      in_packet = !last;
    }
    // A buffer that ends inside a packet still ends it, so the core never
    // waits for words that will not come (as protocol::frame_words does).
    trinity::hls_kernel::axis_word beat;
    beat.data = w;
    beat.keep = 0xF;
    beat.strb = 0xF;
    beat.last = (last || i + 1 == words) ? 1 : 0;
    out.write(beat);
  }
}
