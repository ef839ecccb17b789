// SPDX-License-Identifier: Apache-2.0
// Stream to memory-mapped mover: writes the core's output packets to global
// memory as length-framed words. The core's output has no end of its own, so
// the host ends every batch with a QUERY and this kernel returns after the
// STATUS that answers it (protocol §3 QUERY is a barrier). Words beyond
// `max_words` are consumed and counted but not written: a count larger than
// the buffer tells the host its buffer was too small, and the core never
// stalls on a full output. The count goes to global memory (a one-word
// buffer), not to a register: a register would be overwritten by the next
// queued run before the host read it, and batches could not be queued.
#include "trinity_kernels.hpp"

extern "C" void trinity_s2mm(trinity::hls_kernel::word_stream& in, uint32_t* mem, uint32_t max_words,
                             uint32_t* word_count) {
#pragma HLS INTERFACE mode = axis port = in
#pragma HLS INTERFACE mode = m_axi port = mem offset = slave bundle = gmem max_write_burst_length = 64
#pragma HLS INTERFACE mode = s_axilite port = mem
#pragma HLS INTERFACE mode = s_axilite port = max_words
#pragma HLS INTERFACE mode = m_axi port = word_count offset = slave bundle = gmem
#pragma HLS INTERFACE mode = s_axilite port = word_count
#pragma HLS INTERFACE mode = s_axilite port = return
  uint32_t count = 0, index = 0;
  uint32_t status_word0 = 0;
  bool is_status = false, done = false;
write:
  while (!done) {
#pragma HLS PIPELINE II = 1
    const trinity::hls_kernel::axis_word beat = in.read();
    const uint32_t w = static_cast<uint32_t>(beat.data);
    if (count < max_words) mem[count] = w;
    if (count != 0xFFFFFFFFu) ++count;
    if (index == 0) is_status = trinity::protocol::header_type(w) == trinity::protocol::kStatus;
    if (index == 1) status_word0 = w;
    ++index;
    if (beat.last) {
      done = is_status && ((status_word0 >> 8) & 0xFF) == trinity::protocol::kQuery;
      index = 0;
    }
  }
  *word_count = count;
}
