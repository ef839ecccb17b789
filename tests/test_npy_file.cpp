// SPDX-License-Identifier: Apache-2.0
// .npy spike tensors: round trip, the header parser's strictness, dtypes,
// and values other than 0/1 reported with their [n,t,i] index.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "errors.hpp"
#include "npy_file.hpp"
#include "temp_dir.hpp"

using namespace trinity;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<uint8_t>;

using testing::TempDir;

// A .npy file with an arbitrary header text (no padding added) and data.
Bytes npy(const std::string& header, const Bytes& data, int major = 1) {
  Bytes b = {0x93, 'N', 'U', 'M', 'P', 'Y', static_cast<uint8_t>(major), 0};
  const size_t n = header.size();
  b.push_back(static_cast<uint8_t>(n));
  b.push_back(static_cast<uint8_t>(n >> 8));
  if (major >= 2) {
    b.push_back(static_cast<uint8_t>(n >> 16));
    b.push_back(static_cast<uint8_t>(n >> 24));
  }
  b.insert(b.end(), header.begin(), header.end());
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

std::string dict(const std::string& descr, const std::string& shape, const std::string& order = "False") {
  return "{'descr': '" + descr + "', 'fortran_order': " + order + ", 'shape': " + shape + ", }\n";
}

std::string error_of(const Bytes& b) {
  try {
    parse_npy_spikes(b, "s.npy");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

Bytes random_bits(std::mt19937& rng, size_t n) {
  Bytes b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng() & 1);
  return b;
}

}  // namespace

TEST_CASE("npy: save_npy_spikes and load_npy_spikes round-trip", "[npy]") {
  TempDir dir;
  std::mt19937 rng(3);
  for (const auto& [n, t, w] :
       std::vector<std::tuple<uint32_t, uint32_t, uint32_t>>{{1, 1, 1}, {3, 5, 7}, {2, 25, 784}, {13, 1, 65535}}) {
    const Bytes bits = random_bits(rng, size_t{n} * t * w);
    const std::string path = dir.file("s.npy");
    save_npy_spikes(path, n, t, w, bits);
    const SpikeTensor s = load_npy_spikes(path);
    REQUIRE(s.count == n);
    REQUIRE(s.timesteps == t);
    REQUIRE(s.width == w);
    REQUIRE(s.bits == bits);
    // numpy's layout: the data starts on a 64-byte boundary after a '\n'.
    const Bytes raw = serialize_npy_spikes(n, t, w, bits);
    const size_t data_at = raw.size() - bits.size();
    REQUIRE(data_at % 64 == 0);
    REQUIRE(raw[data_at - 1] == '\n');
    const SpikeFrame f = s.frame(n - 1);
    REQUIRE(f.timesteps == t);
    REQUIRE(f.width == w);
    REQUIRE(f.at(t - 1, w - 1) == bits.back());
    REQUIRE(f.at(0, 0) == bits[size_t{n - 1} * t * w]);
  }
}

TEST_CASE("npy: the writer refuses bad input", "[npy]") {
  REQUIRE_THROWS_WITH(serialize_npy_spikes(0, 1, 1, {}), Catch::Contains("zero dimension"));
  REQUIRE_THROWS_WITH(serialize_npy_spikes(1, 2, 2, {0, 1, 0}), Catch::Contains("3 values for shape (1, 2, 2)"));
  REQUIRE_THROWS_WITH(serialize_npy_spikes(1, 1, 2, {0, 2}), Catch::Contains("value 1 is 2, must be 0 or 1"));
  TempDir dir;
  REQUIRE_THROWS_AS(save_npy_spikes(dir.file("no/dir/x.npy"), 1, 1, 1, {1}), RuntimeFailure);
}

TEST_CASE("npy: header variants numpy writes are accepted", "[npy]") {
  const Bytes data = {1, 0, 1, 1, 0, 0};
  // Versions 2.0 and 3.0 differ only in the 4-byte header length.
  for (int major : {1, 2, 3}) REQUIRE(error_of(npy(dict("|u1", "(1, 2, 3)"), data, major)) == "(accepted)");
  // Keys in any order, double quotes, no trailing comma, extra whitespace.
  REQUIRE(error_of(npy("{\"shape\":(1,2,3),\"fortran_order\":False,\"descr\":\"|b1\"}", data)) == "(accepted)");
  REQUIRE(error_of(npy("  { 'descr' : 'i1' ,\n 'fortran_order' : False , 'shape' : ( 1 , 2 , 3 , ) }    \n", data)) ==
          "(accepted)");
  // Wider little-endian integer types.
  Bytes wide;
  for (uint8_t v : data) {
    wide.push_back(v);
    wide.insert(wide.end(), 3, 0);
  }
  const SpikeTensor s = parse_npy_spikes(npy(dict("<i4", "(1, 2, 3)"), wide), "w");
  REQUIRE(s.bits == data);
  Bytes eight;
  for (uint8_t v : data) {
    eight.push_back(v);
    eight.insert(eight.end(), 7, 0);
  }
  REQUIRE(parse_npy_spikes(npy(dict("<u8", "(2, 3, 1)"), eight), "w").bits == data);
  REQUIRE(parse_npy_spikes(npy(dict("<i2", "(1, 1, 1)"), {1, 0}), "w").bits == Bytes{1});
}

TEST_CASE("npy: malformed preambles and headers", "[npy]") {
  const Bytes data = {1, 0, 1, 1, 0, 0};
  const std::string ok = dict("|u1", "(1, 2, 3)");
  REQUIRE(error_of({}) == "s.npy: 0 bytes, too short for a .npy preamble");
  REQUIRE(error_of({0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0}) == "s.npy: 9 bytes, too short for a .npy preamble");
  Bytes b = npy(ok, data);
  b[1] = 'n';
  REQUIRE(error_of(b) == "s.npy: byte 0 (magic): not a .npy file");
  REQUIRE(error_of(npy(ok, data, 4)) == "s.npy: byte 6 (version): 4.0, supported are 1.0, 2.0, 3.0");
  b = npy(ok, data);
  b[7] = 1;
  REQUIRE(error_of(b) == "s.npy: byte 6 (version): 1.1, supported are 1.0, 2.0, 3.0");
  REQUIRE(error_of({0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 5, 0}) ==
          "s.npy: byte 8 (header length): file ends inside it");
  // Header length beyond numpy's 10000-byte cap, and beyond the file.
  b = npy(ok, data, 2);
  b[8] = 0x11;
  b[9] = 0x27;  // 10001
  REQUIRE(error_of(b) == "s.npy: byte 8 (header length): 10001, more than the 10000-byte limit");
  b = npy(ok, data, 2);
  b[11] = 0xff;
  REQUIRE_THAT(error_of(b), Catch::Contains("more than the 10000-byte limit"));
  b = npy(ok, {});
  b.resize(b.size() - 5);
  REQUIRE(error_of(b) == "s.npy: byte 10 (header): 63 bytes claimed, file ends after 58");

  struct Case {
    std::string header;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "byte 10 (header): header ends before its dict is complete"},
      {"[1]", "byte 10 (header): expected '{'"},
      {"{'descr': '|u1', 'fortran_order': False}", "byte 10 (header): missing key 'shape'"},
      {"{'descr': '|u1', 'shape': (1, 2, 3)}", "byte 10 (header): missing key 'fortran_order'"},
      {"{'fortran_order': False, 'shape': (1, 2, 3)}", "byte 10 (header): missing key 'descr'"},
      {"{'descr': '|u1', 'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "byte 27 (header): duplicate key 'descr'"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3), 'x': 1}",
       "byte 71 (header): unexpected key 'x' (a .npy header has only descr, fortran_order, shape)"},
      {"{'descr': \"|u1', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "byte 70 (header): header ends before its dict is complete"},
      {"{'descr': '|u\\x31', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "byte 23 (header): escape sequences are not supported in header strings"},
      {"{'descr': b'|u1', 'fortran_order': False, 'shape': (1, 2, 3)}", "byte 20 (header): expected a quoted string"},
      {"{'descr': [('a', '|u1')], 'fortran_order': False, 'shape': (1, 2, 3)}",
       "byte 20 (header): structured dtypes (a list descr) are not supported"},
      {"{'descr': '|u1', 'fortran_order': false, 'shape': (1, 2, 3)}",
       "byte 44 (header): fortran_order must be True or False"},
      {"{'descr': '|u1', 'fortran_order': 0, 'shape': (1, 2, 3)}",
       "byte 44 (header): fortran_order must be True or False"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': [1, 2, 3]}", "byte 60 (header): shape must be a tuple"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (6)}", "byte 62 (header): shape must be a tuple"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, -2, 3)}",
       "byte 64 (header): expected a non-negative integer"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 02, 3)}",
       "byte 64 (header): integer with a leading zero"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2_0, 3)}",
       "byte 65 (header): expected ',' or ')' in shape"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2.0, 3)}",
       "byte 65 (header): expected ',' or ')' in shape"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3),, }", "byte 70 (header): expected a quoted string"},
      {"{'descr': '|u1' 'fortran_order': False, 'shape': (1, 2, 3)}", "byte 26 (header): expected ',' or '}'"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3)} x",
       "byte 71 (header): unexpected text after the header dict"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 99999999999999999999)}",
       "byte 67 (header): dimension does not fit 64 bits"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3)}\x01", "byte 70 (header): invalid character 0x01"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 3)}\xc3\xa9",
       "byte 70 (header): invalid character 0xc3"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "header: dtype '<f4' is not supported (accepted: u1, b1, i1, and little-endian i2, u2, i4, u4, i8, u8)"},
      {"{'descr': '>i4', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "header: dtype '>i4' is big-endian (accepted: u1, b1, i1, and little-endian i2, u2, i4, u4, i8, u8)"},
      {"{'descr': '<b2', 'fortran_order': False, 'shape': (1, 2, 3)}",
       "header: dtype '<b2' is not supported (accepted: u1, b1, i1, and little-endian i2, u2, i4, u4, i8, u8)"},
      {"{'descr': '|u1', 'fortran_order': True, 'shape': (1, 2, 3)}",
       "header: fortran_order is True, only C order is supported"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (6,)}",
       "header: shape has 1 dimensions, expected 3 ([frames, timesteps, inputs])"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': ()}",
       "header: shape has 0 dimensions, expected 3 ([frames, timesteps, inputs])"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 1, 2, 3)}",
       "header: shape has 4 dimensions, expected 3 ([frames, timesteps, inputs])"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 0, 3)}", "header: shape has 0 timesteps"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2, 4294967296)}",
       "header: 4294967296 inputs is too many"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (4294967295, 4294967295, 4294967295)}",
       "header: shape (4294967295, 4294967295, 4294967295) has more than 4294967296 elements"},
      {"{'descr': '|u1', 'fortran_order': False, 'shape': (65536, 256, 257)}",
       "header: shape (65536, 256, 257) has more than 4294967296 elements"},
  };
  for (const Case& c : cases) {
    INFO(c.header);
    REQUIRE(error_of(npy(c.header, data)) == "s.npy: " + c.message);
  }
  // The 3.0 header may hold UTF-8 (in a string it is just an unknown dtype).
  REQUIRE(error_of(npy("{'descr': '\xc3\xa9', 'fortran_order': False, 'shape': (1, 2, 3)}", data, 3)) ==
          "s.npy: header: dtype '\xc3\xa9' is not supported (accepted: u1, b1, i1, and little-endian i2, u2, i4, u4, "
          "i8, u8)");
}

TEST_CASE("npy: data size and values", "[npy]") {
  const std::string h = dict("|u1", "(2, 3, 4)");
  const size_t data_at = 10 + h.size();
  Bytes data(24, 1);
  REQUIRE(error_of(npy(h, data)) == "(accepted)");
  Bytes shorter(data.begin(), data.end() - 1);
  REQUIRE(error_of(npy(h, shorter)) ==
          "s.npy: byte " + std::to_string(data_at) + " (data): truncated, needs 24 bytes, file has 23");
  Bytes longer = data;
  longer.push_back(0);
  REQUIRE(error_of(npy(h, longer)) ==
          "s.npy: byte " + std::to_string(data_at + 24) + " (data): 1 bytes of trailing data");
  // A header claiming 4 Gi elements over 24 bytes: refused before allocating.
  REQUIRE(error_of(npy(dict("|u1", "(65536, 256, 256)"), data)) ==
          "s.npy: byte " + std::to_string(10 + dict("|u1", "(65536, 256, 256)").size()) +
              " (data): truncated, needs 4294967296 bytes, file has 24");
  REQUIRE(error_of(npy(dict("<u8", "(65536, 256, 256)"), data)) ==
          "s.npy: byte " + std::to_string(10 + dict("<u8", "(65536, 256, 256)").size()) +
              " (data): truncated, needs 34359738368 bytes, file has 24");

  // The first value that is not 0/1, by its [n,t,i] index: element 17 is
  // n = 1, t = 1, i = 1.
  Bytes bad = data;
  bad[17] = 2;
  bad[20] = 3;
  REQUIRE(error_of(npy(h, bad)) ==
          "s.npy: byte " + std::to_string(data_at + 17) + " (element [1,1,1]): 2, must be 0 or 1");
  bad = data;
  bad[23] = 0xff;
  REQUIRE(error_of(npy(dict("|i1", "(2, 3, 4)"), bad)) ==
          "s.npy: byte " + std::to_string(data_at + 23) + " (element [1,2,3]): -1, must be 0 or 1");
  REQUIRE(error_of(npy(dict("|u1", "(2, 3, 4)"), bad)) ==
          "s.npy: byte " + std::to_string(data_at + 23) + " (element [1,2,3]): 255, must be 0 or 1");
  REQUIRE(error_of(npy(dict("|b1", "(2, 3, 4)"), bad)) ==
          "s.npy: byte " + std::to_string(data_at + 23) + " (element [1,2,3]): 255, must be 0 or 1");
  // Wide types: the high bytes count too (256 is not 0, nor is -1).
  Bytes wide(24 * 4, 0);
  wide[5 * 4 + 1] = 1;
  REQUIRE(error_of(npy(dict("<i4", "(2, 3, 4)"), wide)) ==
          "s.npy: byte " + std::to_string(data_at + 20) + " (element [0,1,1]): 256, must be 0 or 1");
  std::fill(wide.begin() + 8, wide.begin() + 12, 0xff);
  REQUIRE(error_of(npy(dict("<i4", "(2, 3, 4)"), wide)) ==
          "s.npy: byte " + std::to_string(data_at + 8) + " (element [0,0,2]): -1, must be 0 or 1");
  REQUIRE(error_of(npy(dict("<u4", "(2, 3, 4)"), wide)) ==
          "s.npy: byte " + std::to_string(data_at + 8) + " (element [0,0,2]): 4294967295, must be 0 or 1");
}

TEST_CASE("npy: file-level errors and truncation at every byte", "[npy]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(load_npy_spikes(dir.file("missing.npy")), Catch::Contains("cannot open"));
  REQUIRE_THROWS_WITH(load_npy_spikes(dir.path.string()), Catch::Contains("not a regular file"));
  const Bytes good = serialize_npy_spikes(2, 3, 5, Bytes(30, 1));
  for (size_t n = 0; n < good.size(); ++n)
    REQUIRE_THROWS_AS(parse_npy_spikes(Bytes(good.begin(), good.begin() + static_cast<ptrdiff_t>(n)), "cut"),
                      InputError);
  // Through a file as well, the last byte missing.
  const std::string path = dir.file("cut.npy");
  {
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(good.data()), static_cast<std::streamsize>(good.size() - 1));
  }
  REQUIRE_THROWS_WITH(load_npy_spikes(path), Catch::Contains("(data): truncated, needs 30 bytes, file has 29"));
}
