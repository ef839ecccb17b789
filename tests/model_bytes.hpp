// SPDX-License-Identifier: Apache-2.0
// Byte-level editing of model files for the loader's rejection tests: set a
// field, cut or insert bytes, and make the header's size and the CRC agree
// again so an edited file reaches the rule a test targets.
#pragma once

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "errors.hpp"
#include "model_file.hpp"

namespace trinity::testing {

using Bytes = std::vector<uint8_t>;

inline void write_bytes(const std::string& path, const Bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline void set_u8(Bytes& b, size_t at, uint8_t v) { b.at(at) = v; }
inline void set_u16(Bytes& b, size_t at, uint16_t v) {
  b.at(at) = static_cast<uint8_t>(v);
  b.at(at + 1) = static_cast<uint8_t>(v >> 8);
}
inline void set_u32(Bytes& b, size_t at, uint32_t v) {
  for (int k = 0; k < 4; ++k) b.at(at + k) = static_cast<uint8_t>(v >> (8 * k));
}
inline uint32_t get_u32(const Bytes& b, size_t at) {
  return uint32_t{b.at(at)} | (uint32_t{b.at(at + 1)} << 8) | (uint32_t{b.at(at + 2)} << 16) |
         (uint32_t{b.at(at + 3)} << 24);
}

// Makes the header's size field and the CRC agree with the (edited) content,
// so a test reaches the rule it targets instead of stopping at rule 2 or 3.
inline Bytes fixup(Bytes b) {
  set_u32(b, 20, static_cast<uint32_t>(b.size()));
  set_u32(b, b.size() - 4, crc32_bytes(b.data(), b.size() - 4));
  return b;
}

// Cuts `n` bytes out at `at` (before the CRC) and fixes the file up.
inline Bytes remove_bytes(Bytes b, size_t at, size_t n) {
  b.erase(b.begin() + static_cast<ptrdiff_t>(at), b.begin() + static_cast<ptrdiff_t>(at + n));
  return fixup(b);
}

inline Bytes insert_bytes(Bytes b, size_t at, const Bytes& extra) {
  b.insert(b.begin() + static_cast<ptrdiff_t>(at), extra.begin(), extra.end());
  return fixup(b);
}

// The loader's one-line message for `b`, or "(accepted)".
inline std::string reject(const Bytes& b, const std::string& name = "m.trn") {
  try {
    parse_model(b, name);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace trinity::testing
