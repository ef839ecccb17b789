// SPDX-License-Identifier: Apache-2.0
#include "fast_kernels.hpp"

#include <algorithm>

#include "fixed_point.hpp"

#if defined(__AVX512BW__)
#include <immintrin.h>
#endif

namespace trinity::fast {

FastLayer::FastLayer(const Layer& layer)
    : kind(layer.kind),
      w_shift(layer.w_shift),
      tau_d(layer.tau_d),
      tau_n(layer.tau_n),
      v_th(layer.v_th),
      lut_lo(layer.lut_lo),
      lut_shift(layer.lut_shift),
      lut_bits(layer.lut_bits),
      lut_last((int32_t{1} << layer.lut_bits) - 1),
      n_in(layer.n_in),
      n_out(layer.n_out),
      stride(padded(layer.n_out)),
      columns(size_t{layer.n_in} * stride, 0),
      biased_columns(size_t{layer.n_in} * stride, kWeightOffset),
      bias(stride, 0),
      lut(layer.lut.begin(), layer.lut.end()),
      lut16(layer.lut) {
  for (uint32_t i = 0; i < n_out; ++i) {
    const uint32_t block = i / kLaneBlock * kLaneBlock, k = i % kLaneBlock;
    const uint32_t byte = block + (k < kLaneBlock / 2 ? 2 * k : 2 * (k - kLaneBlock / 2) + 1);
    for (uint32_t j = 0; j < n_in; ++j) {
      columns[size_t{j} * stride + i] = layer.weight(i, j);
      biased_columns[size_t{j} * stride + byte] = static_cast<uint8_t>(layer.weight(i, j) + kWeightOffset);
    }
    bias[i] = layer.bias[i];
  }
}

namespace {

// A column of int8 weights added to int16 partial sums: 256 columns of at most
// |128| fit int16 exactly (256 * -128 = -32768), so partial sums are flushed to
// int32 every 256 events.
constexpr uint32_t kColumnsPerFlush = 256;

// ---------------------------------------------------------------------------
// Portable kernels: the spec's primitives, element by element.

uint32_t scan_portable(const uint8_t* bits, uint32_t width, uint32_t* active) {
  uint32_t count = 0;
  for (uint32_t j = 0; j < width; ++j) {
    active[count] = j;  // branch-free: input spikes are too random to predict
    count += bits[j] != 0;
  }
  return count;
}

void accumulate_portable(const FastLayer& layer, const uint32_t* events, uint32_t count, int32_t* acc) {
  const uint32_t n = layer.stride;
  thread_local std::vector<int16_t> partial;
  partial.assign(n, 0);
  std::fill(acc, acc + n, 0);
  for (uint32_t done = 0; done < count;) {
    const uint32_t end = std::min(count, done + kColumnsPerFlush);
    for (; done < end; ++done) {
      const int8_t* column = layer.columns.data() + size_t{events[done]} * n;
      for (uint32_t i = 0; i < n; ++i) partial[i] = static_cast<int16_t>(partial[i] + column[i]);
    }
    for (uint32_t i = 0; i < n; ++i) {
      acc[i] += partial[i];
      partial[i] = 0;
    }
  }
}

uint32_t update_portable(const FastLayer& layer, const int32_t* acc, int16_t* v_d, int16_t* v_n, uint32_t* spikes) {
  uint32_t count = 0;
  for (uint32_t i = 0; i < layer.n_out; ++i) {
    const int64_t current = scale(acc[i], layer.w_shift) + layer.bias[i];  // step 2
    int16_t activation;
    if (layer.kind == UnitKind::kBi) {
      activation = sat16(current);  // step 4, bi
    } else {
      v_d[i] = sat16(int64_t{decay(v_d[i], static_cast<uint16_t>(layer.tau_d))} + current);  // step 3
      if (layer.kind == UnitKind::kTriRelu)
        activation = v_d[i] > 0 ? v_d[i] : int16_t{0};
      else
        activation =
            layer.lut16[lut_index(v_d[i], static_cast<int16_t>(layer.lut_lo), layer.lut_shift, layer.lut_bits)];
    }
    const int16_t v = sat16(int64_t{decay(v_n[i], static_cast<uint16_t>(layer.tau_n))} + activation);  // step 5
    const bool spike = v > layer.v_th;                                                                 // step 6
    v_n[i] = spike ? int16_t{0} : v;                                                                   // step 7
    spikes[count] = i;
    count += spike;
  }
  return count;
}

const Kernels kPortable{"portable", scan_portable, accumulate_portable, update_portable};

#if defined(__AVX512BW__)
// ---------------------------------------------------------------------------
// AVX-512BW kernels. The arithmetic is the portable kernels' in int32 lanes,
// which every intermediate fits (spec §3-§4 bounds: |acc| <= 65535 * 128,
// times 2^4 at most, is below 2^31; v * tau needs 25 bits).

// Index lists are built 16 at a time with a register compress and a full
// store (kLaneBlock entries of slack): no branch per spike to mispredict.
inline void append_indices(uint32_t* out, uint32_t& count, __mmask16 set, __m512i indices) {
  _mm512_storeu_si512(out + count, _mm512_maskz_compress_epi32(set, indices));
  count += static_cast<uint32_t>(__builtin_popcount(set));
}

uint32_t scan_avx512(const uint8_t* bits, uint32_t width, uint32_t* active) {
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  uint32_t count = 0;
  for (uint32_t j = 0; j < width; j += 64) {
    const uint32_t left = width - j;
    const __mmask64 valid = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
    const uint64_t set = _mm512_test_epi8_mask(_mm512_maskz_loadu_epi8(valid, bits + j), _mm512_set1_epi8(-1));
    for (uint32_t q = 0; q < 4; ++q)
      append_indices(active, count, static_cast<__mmask16>(set >> (16 * q)),
                     _mm512_add_epi32(lane, _mm512_set1_epi32(static_cast<int>(j + 16 * q))));
  }
  return count;
}

// R blocks of 64 neurons stay in 2R registers while every event's column
// slice is added. Sign-extending bytes to int16 costs a shuffle per 32
// neurons; instead each column holds b = w + kWeightOffset (0 ... 255), and a 16-bit
// word k of a block holds b[k] (low byte) and b[32 + k] (high byte). Per
// event and block: lo += word (wraps mod 2^16), hi += word >> 8. After at most
// 256 events hi = Σ b[32 + k] <= 65280 and lo - 256 hi = Σ b[k] (mod 2^16,
// and <= 65280 so exact); subtracting kWeightOffset per event gives Σ w.
template <int R>
void accumulate_block(const uint8_t* base, uint32_t stride, const uint32_t* events, uint32_t count, int32_t* acc) {
  __m512i lo[R], hi[R];
  for (int k = 0; k < R; ++k) lo[k] = hi[k] = _mm512_setzero_si512();
  for (uint32_t done = 0; done < count;) {
    const uint32_t end = std::min(count, done + kColumnsPerFlush);
    const __m512i offset = _mm512_set1_epi32(kWeightOffset * static_cast<int32_t>(end - done));
    for (; done < end; ++done) {
      const uint8_t* column = base + size_t{events[done]} * stride;
      for (int k = 0; k < R; ++k) {
        const __m512i word = _mm512_loadu_si512(column + 64 * k);
        lo[k] = _mm512_add_epi16(lo[k], word);
        hi[k] = _mm512_add_epi16(hi[k], _mm512_srli_epi16(word, 8));
      }
    }
    for (int k = 0; k < R; ++k) {
      const __m512i low = _mm512_sub_epi16(lo[k], _mm512_slli_epi16(hi[k], 8));
      int32_t* a = acc + 64 * k;
      const __m512i sums[4] = {_mm512_cvtepu16_epi32(_mm512_castsi512_si256(low)),
                               _mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(low, 1)),
                               _mm512_cvtepu16_epi32(_mm512_castsi512_si256(hi[k])),
                               _mm512_cvtepu16_epi32(_mm512_extracti64x4_epi64(hi[k], 1))};
      for (int q = 0; q < 4; ++q)
        _mm512_storeu_si512(a + 16 * q,
                            _mm512_add_epi32(_mm512_loadu_si512(a + 16 * q), _mm512_sub_epi32(sums[q], offset)));
      lo[k] = hi[k] = _mm512_setzero_si512();
    }
  }
}

constexpr int kMaxBlocks = 8;  // 512 neurons per pass in 16 registers; the other 16 stay free

void accumulate_avx512(const FastLayer& layer, const uint32_t* events, uint32_t count, int32_t* acc) {
  const uint32_t n = layer.stride;
  std::fill(acc, acc + n, 0);
  for (uint32_t b = 0; b < n; b += kMaxBlocks * kLaneBlock) {
    const uint8_t* base = layer.biased_columns.data() + b;
    int32_t* a = acc + b;
    switch (std::min<uint32_t>(kMaxBlocks, (n - b) / kLaneBlock)) {
      // clang-format off
      case 1: accumulate_block<1>(base, n, events, count, a); break;
      case 2: accumulate_block<2>(base, n, events, count, a); break;
      case 3: accumulate_block<3>(base, n, events, count, a); break;
      case 4: accumulate_block<4>(base, n, events, count, a); break;
      case 5: accumulate_block<5>(base, n, events, count, a); break;
      case 6: accumulate_block<6>(base, n, events, count, a); break;
      case 7: accumulate_block<7>(base, n, events, count, a); break;
      default: accumulate_block<8>(base, n, events, count, a); break;
        // clang-format on
    }
  }
}

inline __m512i sat16_v(__m512i x) {
  return _mm512_min_epi32(_mm512_max_epi32(x, _mm512_set1_epi32(kInt16Min)), _mm512_set1_epi32(kInt16Max));
}

// §3 decay = rshift_round(v * tau, kFracBits).
inline __m512i decay_v(__m512i v, __m512i tau) {
  const __m512i half = _mm512_set1_epi32(int32_t{1} << (kFracBits - 1));
  return _mm512_srai_epi32(_mm512_add_epi32(_mm512_mullo_epi32(v, tau), half), kFracBits);
}

inline __m512i load16(const int16_t* p) {
  return _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
}

inline void store16(int16_t* p, __m512i x) {  // x already within int16
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi32_epi16(x));
}

template <UnitKind kKind>
uint32_t update_avx512_kind(const FastLayer& layer, const int32_t* acc, int16_t* v_d, int16_t* v_n, uint32_t* spikes) {
  const bool shift_left = layer.w_shift >= 0;
  const int k = shift_left ? layer.w_shift : -layer.w_shift;
  const __m128i shift = _mm_cvtsi32_si128(k);
  const __m512i half = _mm512_set1_epi32(k == 0 ? 0 : int32_t{1} << (k - 1));  // §3 rshift_round
  const __m512i tau_d = _mm512_set1_epi32(layer.tau_d), tau_n = _mm512_set1_epi32(layer.tau_n);
  const __m512i v_th = _mm512_set1_epi32(layer.v_th), lut_lo = _mm512_set1_epi32(layer.lut_lo);
  const __m512i lut_last = _mm512_set1_epi32(layer.lut_last), zero = _mm512_setzero_si512();
  const __m128i lut_shift = _mm_cvtsi32_si128(layer.lut_shift);
  const __m512i lane = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  uint32_t count = 0;
  for (uint32_t i = 0; i < layer.n_out; i += 16) {
    const __m512i a = _mm512_loadu_si512(acc + i);
    const __m512i scaled = shift_left ? _mm512_sll_epi32(a, shift) : _mm512_sra_epi32(_mm512_add_epi32(a, half), shift);
    const __m512i current = _mm512_add_epi32(scaled, _mm512_loadu_si512(layer.bias.data() + i));  // step 2
    __m512i activation;
    if (kKind == UnitKind::kBi) {
      activation = sat16_v(current);
    } else {
      const __m512i vd = sat16_v(_mm512_add_epi32(decay_v(load16(v_d + i), tau_d), current));  // step 3
      store16(v_d + i, vd);
      if (kKind == UnitKind::kTriRelu) {
        activation = _mm512_max_epi32(vd, zero);
      } else {  // §3 idx, then the table
        const __m512i d = _mm512_sra_epi32(_mm512_sub_epi32(vd, lut_lo), lut_shift);
        const __m512i index = _mm512_min_epi32(_mm512_max_epi32(d, zero), lut_last);
        activation = _mm512_i32gather_epi32(index, layer.lut.data(), 4);
      }
    }
    const __m512i vn = sat16_v(_mm512_add_epi32(decay_v(load16(v_n + i), tau_n), activation));  // step 5
    const uint32_t left = layer.n_out - i;
    const __mmask16 valid = left >= 16 ? __mmask16(0xffff) : __mmask16((1u << left) - 1);
    const __mmask16 spike = _mm512_mask_cmpgt_epi32_mask(valid, vn, v_th);         // step 6
    store16(v_n + i, _mm512_maskz_mov_epi32(static_cast<__mmask16>(~spike), vn));  // step 7
    append_indices(spikes, count, spike, _mm512_add_epi32(lane, _mm512_set1_epi32(static_cast<int>(i))));
  }
  return count;
}

uint32_t update_avx512(const FastLayer& layer, const int32_t* acc, int16_t* v_d, int16_t* v_n, uint32_t* spikes) {
  switch (layer.kind) {
    case UnitKind::kBi: return update_avx512_kind<UnitKind::kBi>(layer, acc, v_d, v_n, spikes);
    case UnitKind::kTriRelu: return update_avx512_kind<UnitKind::kTriRelu>(layer, acc, v_d, v_n, spikes);
    default: return update_avx512_kind<UnitKind::kTriGauss>(layer, acc, v_d, v_n, spikes);
  }
}

const Kernels kAvx512{"avx512bw", scan_avx512, accumulate_avx512, update_avx512};
#endif

}  // namespace

const Kernels& portable_kernels() { return kPortable; }

const Kernels& best_kernels() {
#if defined(__AVX512BW__)
  return kAvx512;
#else
  return kPortable;
#endif
}

}  // namespace trinity::fast
