// SPDX-License-Identifier: Apache-2.0
// Stand-in for the subset of Xilinx's ap_int.h the trinity kernels use, so
// they compile as plain C++ (C simulation) where Vitis HLS is not installed.
// CMake puts this directory on the include path only when the real headers
// are absent, which is why the kernels themselves carry no #ifdefs.
//
// Only what the kernels need: an unsigned value of N <= 64 bits, wrapped to
// N bits on every store, converting implicitly to and from built-in integers.
#pragma once

#include <cstdint>

template <int N>
class ap_uint {
  static_assert(N >= 1 && N <= 64, "the compat ap_uint holds at most 64 bits");

 public:
  ap_uint() = default;
  ap_uint(uint64_t v) : v_(wrap(v)) {}  // NOLINT: implicit, as in Xilinx's ap_uint
  operator uint64_t() const { return v_; }
  ap_uint& operator=(uint64_t v) {
    v_ = wrap(v);
    return *this;
  }
  uint64_t to_uint64() const { return v_; }
  unsigned to_uint() const { return static_cast<unsigned>(v_); }

 private:
  static constexpr uint64_t wrap(uint64_t v) { return N == 64 ? v : v & ((uint64_t{1} << (N % 64)) - 1); }
  uint64_t v_ = 0;
};
