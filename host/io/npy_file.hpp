// SPDX-License-Identifier: Apache-2.0
// Spike tensors in NumPy .npy files (format versions 1.0, 2.0, 3.0): shape
// [N, T, inputs], C order, values 0 or 1. Debian packages no C++ .npy library
// (libcnpy is not in the archive), so the header's Python-literal dict is
// parsed here by a small strict parser. Every rejection is one InputError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "spike_frame.hpp"

namespace trinity {

// numpy's own default cap (np.load max_header_size) for the header dict.
constexpr size_t kMaxNpyHeaderBytes = 10000;
// Elements (N·T·inputs); beyond this a spike tensor should be sharded.
constexpr uint64_t kMaxNpyElements = uint64_t{1} << 32;

struct SpikeTensor {
  uint32_t count = 0;         // N frames
  uint32_t timesteps = 0;     // T
  uint32_t width = 0;         // inputs per timestep
  std::vector<uint8_t> bits;  // [count][timesteps][width], each 0 or 1

  size_t frame_size() const { return size_t{timesteps} * width; }
  SpikeFrame frame(uint32_t n) const;  // n < count
};

// What a spike tensor's header declares: [count, timesteps, width].
struct NpyShape {
  uint32_t count = 0, timesteps = 0, width = 0;
};

// The header alone, with every check that needs no data (dtype, shape, the
// file's size against it): what a caller checks against the model and its
// memory budget before a single frame is read.
NpyShape read_npy_shape(const std::string& path);

// Accepted dtypes: u1, b1, i1 (any byte-order mark), and little-endian
// (<) i2, u2, i4, u4, i8, u8. Every element must be 0 or 1; the first that is
// not is reported as [n,t,i]. With `limit`, only the first `limit` frames are
// read (and checked), however large the file.
SpikeTensor load_npy_spikes(const std::string& path, size_t limit = SIZE_MAX);
SpikeTensor parse_npy_spikes(const std::vector<uint8_t>& bytes, const std::string& name);

// Writes format 1.0, dtype |u1, header padded to 64 bytes as numpy does.
// Throws InputError when bits.size() != count·timesteps·width, any dimension
// is 0, or a value is not 0/1; RuntimeFailure when the file cannot be written.
void save_npy_spikes(const std::string& path, uint32_t count, uint32_t timesteps, uint32_t width,
                     const std::vector<uint8_t>& bits);
std::vector<uint8_t> serialize_npy_spikes(uint32_t count, uint32_t timesteps, uint32_t width,
                                          const std::vector<uint8_t>& bits);

// A rows x cols little-endian int32 array (dtype <i4), e.g. the membrane sums
// of `trinity membranes`. InputError when values.size() != rows·cols;
// RuntimeFailure when the file cannot be written.
void save_npy_int32(const std::string& path, uint32_t rows, uint32_t cols, const std::vector<int32_t>& values);
std::vector<uint8_t> serialize_npy_int32(uint32_t rows, uint32_t cols, const std::vector<int32_t>& values);

}  // namespace trinity
