// SPDX-License-Identifier: Apache-2.0
// The three kernels of the HLS build (docs/hls.md): the streaming core and
// the two data movers that connect it to global memory.
#pragma once

#include <cstdint>

#include "trinity_core.hpp"

extern "C" {
void trinity_core(trinity::hls_kernel::word_stream& s_axis, trinity::hls_kernel::word_stream& m_axis);
void trinity_mm2s(const uint32_t* mem, uint32_t words, trinity::hls_kernel::word_stream& out);
void trinity_s2mm(trinity::hls_kernel::word_stream& in, uint32_t* mem, uint32_t max_words, uint32_t* word_count);
}
