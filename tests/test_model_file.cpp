// SPDX-License-Identifier: Apache-2.0
// The model file (docs/model-format.md): round trips, every rejection rule
// with the byte and field it must name, and hostile input (truncation, bit
// flips, huge claimed sizes) that must fail cleanly without allocating.
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "errors.hpp"
#include "model_bytes.hpp"
#include "model_file.hpp"
#include "python_script.hpp"
#include "temp_dir.hpp"

using namespace trinity;
namespace fs = std::filesystem;

namespace {

using testing::Bytes;
using testing::fixup;
using testing::get_u32;
using testing::insert_bytes;
using testing::reject;
using testing::remove_bytes;
using testing::set_u16;
using testing::set_u32;
using testing::set_u8;
using testing::TempDir;
using testing::write_bytes;

Layer make_layer(UnitKind kind, uint32_t n_in, uint32_t n_out, int lut_bits, int salt) {
  Layer l;
  l.kind = kind;
  l.n_in = n_in;
  l.n_out = n_out;
  l.w_shift = -3;
  l.tau_d = 200;
  l.tau_n = 256;
  l.v_th = static_cast<int16_t>(-300 + salt);
  l.lut_lo = -1024;
  l.lut_bits = lut_bits;
  l.lut_shift = 5;
  for (uint32_t k = 0; k < n_in * n_out; ++k) l.weights.push_back(static_cast<int8_t>(k * 37 + salt));
  for (uint32_t k = 0; k < n_out; ++k) l.bias.push_back(static_cast<int16_t>(k * 1000 - 30000 + salt));
  for (size_t k = 0; k < l.lut_entries(); ++k) l.lut.push_back(static_cast<int16_t>(k * 7919 + salt));
  return l;
}

// The small model every rejection test edits. Layout (offsets asserted below):
//   header 0..31, metadata 32..38 ({"k":1}), layer 0 record at 39, weights
//   63 (6), bias 69 (4), LUT 73 (8); layer 1 record at 81, weights 105 (6),
//   bias 111 (6), LUT 117 (4); CRC at 121; 125 bytes.
const std::string kSmallMeta = R"({"k":1})";
constexpr size_t kL0 = 39, kL0W = 63, kL0B = 69, kL0U = 73, kL1 = 81, kL1W = 105, kL1B = 111, kL1U = 117, kCrc = 121,
                 kSmallSize = 125;

Network small_network() {
  Network net;
  net.timesteps = 5;
  net.layers.push_back(make_layer(UnitKind::kTriGauss, 3, 2, 2, 1));
  net.layers.push_back(make_layer(UnitKind::kBi, 2, 3, 1, 2));
  return net;
}

Bytes small_model() { return serialize_model(small_network(), kSmallMeta); }

// The small model with its metadata replaced by `m`, sizes and CRC fixed.
Bytes with_metadata(const Bytes& model, const std::string& m) {
  Bytes b = remove_bytes(model, 32, kSmallMeta.size());
  set_u32(b, 16, static_cast<uint32_t>(m.size()));
  return insert_bytes(b, 32, Bytes(m.begin(), m.end()));
}

void require_equal(const Network& a, const Network& b) {
  REQUIRE(a.timesteps == b.timesteps);
  REQUIRE(a.layers.size() == b.layers.size());
  for (size_t l = 0; l < a.layers.size(); ++l) {
    const Layer &x = a.layers[l], &y = b.layers[l];
    INFO("layer " << l);
    REQUIRE(x.kind == y.kind);
    REQUIRE(x.w_shift == y.w_shift);
    REQUIRE(x.n_in == y.n_in);
    REQUIRE(x.n_out == y.n_out);
    REQUIRE(x.tau_d == y.tau_d);
    REQUIRE(x.tau_n == y.tau_n);
    REQUIRE(x.v_th == y.v_th);
    REQUIRE(x.lut_lo == y.lut_lo);
    REQUIRE(x.lut_shift == y.lut_shift);
    REQUIRE(x.lut_bits == y.lut_bits);
    REQUIRE(x.weights == y.weights);
    REQUIRE(x.bias == y.bias);
    REQUIRE(x.lut == y.lut);
  }
}

Network random_network(std::mt19937& rng, int layers) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int odd_sizes[] = {1, 2, 3, 5, 7, 10, 13, 31, 33, 63, 65, 127, 129, 255, 257};
  Network net;
  net.timesteps = static_cast<uint32_t>(uni(0, 3) == 0 ? uni(1, 65535) : uni(1, 64));
  uint32_t width = static_cast<uint32_t>(odd_sizes[uni(0, 14)]);
  for (int k = 0; k < layers; ++k) {
    Layer l;
    l.kind = static_cast<UnitKind>(k % 4);  // every kind, in every position over the runs
    l.n_in = width;
    l.n_out = width = static_cast<uint32_t>(odd_sizes[uni(0, 14)]);
    l.w_shift = uni(-8, 4);
    l.tau_d = static_cast<uint16_t>(uni(0, 256));
    l.tau_n = static_cast<uint16_t>(uni(0, 256));
    l.v_th = static_cast<int16_t>(uni(-32768, 32767));
    l.lut_lo = static_cast<int16_t>(uni(-32768, 32767));
    l.lut_shift = uni(0, 15);
    l.lut_bits = uni(1, 12);
    l.weights.resize(size_t{l.n_in} * l.n_out);
    for (auto& w : l.weights) w = static_cast<int8_t>(uni(-128, 127));
    l.bias.resize(l.n_out);
    for (auto& b : l.bias) b = static_cast<int16_t>(uni(-32768, 32767));
    l.lut.resize(l.lut_entries());
    for (auto& e : l.lut) e = static_cast<int16_t>(uni(-32768, 32767));
    net.layers.push_back(std::move(l));
  }
  return net;
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

TEST_CASE("model file: the small model's layout is what the tests assume", "[model_file]") {
  const Bytes b = small_model();
  REQUIRE(b.size() == kSmallSize);
  REQUIRE(get_u32(b, 16) == kSmallMeta.size());
  REQUIRE(b[kL0] == 2);  // tri-G
  REQUIRE(get_u32(b, kL0 + 4) == 3);
  REQUIRE(b[kL1] == 0);  // bi
  REQUIRE(get_u32(b, kL1 + 8) == 3);
  REQUIRE(get_u32(b, kCrc) == crc32_bytes(b.data(), kCrc));
  REQUIRE(kL0W == kL0 + 24);
  REQUIRE(kL0B == kL0W + 6);
  REQUIRE(kL0U == kL0B + 4);
  REQUIRE(kL1 == kL0U + 8);
  REQUIRE(kL1W == kL1 + 24);
  REQUIRE(kL1B == kL1W + 6);
  REQUIRE(kL1U == kL1B + 6);
  REQUIRE(kCrc == kL1U + 4);
  // The CRC is zlib's crc32 (ISO-HDLC): the standard check value.
  const std::string check = "123456789";
  REQUIRE(crc32_bytes(reinterpret_cast<const uint8_t*>(check.data()), check.size()) == 0xCBF43926u);
}

TEST_CASE("model file: random networks of every kind round-trip exactly", "[model_file]") {
  std::mt19937 rng(20240611);
  int checked = 0;
  for (int run = 0; run < 40; ++run) {
    const int layers = 1 + run % 16;
    const Network net = random_network(rng, layers);
    const std::string meta = run % 3 == 0 ? std::string() : R"({"run": )" + std::to_string(run) + R"(, "é": [1.5]})";
    const Bytes bytes = serialize_model(net, meta);
    std::string meta_back = "unset";
    const Network back = parse_model(bytes, "mem", &meta_back);
    require_equal(net, back);
    REQUIRE(meta_back == meta);
    // Canonical: re-encoding reproduces the bytes; model_crc is the stored CRC.
    REQUIRE(serialize_model(back, meta_back) == bytes);
    REQUIRE(model_crc(back, meta_back) == get_u32(bytes, bytes.size() - 4));
    ++checked;
  }
  REQUIRE(checked == 40);
}

TEST_CASE("model file: save_model and load_model round-trip through a file", "[model_file]") {
  TempDir dir;
  std::mt19937 rng(7);
  const Network net = random_network(rng, 4);
  const std::string path = dir.file("net.trn");
  save_model(path, net, R"J({"model": "tri-SNN(G)", "seed": 7})J");
  std::string meta;
  const Network back = load_model(path, &meta);
  require_equal(net, back);
  REQUIRE(meta == R"J({"model": "tri-SNN(G)", "seed": 7})J");
  // No temporary file is left behind by the write-then-rename.
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path)) files += entry.is_regular_file();
  REQUIRE(files == 1);
  // Loading without asking for the metadata is fine too.
  require_equal(net, load_model(path));
}

TEST_CASE("model file: the writer refuses what the loader would reject", "[model_file]") {
  Network net = small_network();
  REQUIRE_THROWS_WITH(serialize_model(net, "[1, 2]"), Catch::Contains("metadata is not a valid UTF-8 JSON object"));
  REQUIRE_THROWS_WITH(serialize_model(net, "{\"a\": \"\xff\"}"), Catch::Contains("not a valid UTF-8 JSON object"));
  REQUIRE_THROWS_WITH(serialize_model(net, "{} x"), Catch::Contains("not a valid UTF-8 JSON object"));
  REQUIRE_THROWS_WITH(serialize_model(net, "{\"a\": \"" + std::string(70000, 'x') + "\"}"),
                      Catch::Contains("at most 65536"));
  Network bad = net;
  bad.layers[0].w_shift = 5;
  REQUIRE_THROWS_AS(serialize_model(bad, ""), InputError);
  bad = net;
  bad.layers[1].n_in = 3;
  REQUIRE_THROWS_AS(serialize_model(bad, ""), InputError);
  bad = net;
  bad.layers[0].lut.pop_back();
  REQUIRE_THROWS_AS(serialize_model(bad, ""), InputError);
  bad = net;
  bad.timesteps = 0;
  REQUIRE_THROWS_AS(serialize_model(bad, ""), InputError);
  // (The writer's 1 GiB + 1 MiB size cap is not exercised: reaching it needs
  // over a gigabyte of weights in memory.)

  TempDir dir;
  REQUIRE_THROWS_AS(save_model(dir.file("no/such/dir/x.trn"), net, ""), RuntimeFailure);
}

TEST_CASE("model file rule 1: open failures and file size", "[model_file]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(load_model(dir.file("missing.trn")),
                      Catch::StartsWith(dir.file("missing.trn") + ": cannot open: "));
  REQUIRE_THROWS_WITH(load_model(dir.path.string()), dir.path.string() + ": not a regular file");

  // A sparse file one byte over the limit: refused from its size alone, so
  // nothing is read (peak memory does not move by the file's gigabyte).
  const std::string big = dir.file("big.trn");
  { std::ofstream(big, std::ios::binary).put(0); }
  fs::resize_file(big, kMaxModelFileBytes + 1);
  const long before = max_rss_kib();
  REQUIRE_THROWS_WITH(load_model(big),
                      big + ": byte 0 (file): 1074790401 bytes, larger than the 1074790400-byte limit");
  REQUIRE(max_rss_kib() - before < 64 * 1024);

  Bytes b = small_model();
  for (size_t n : {size_t{0}, size_t{1}, size_t{35}})
    REQUIRE(reject(Bytes(b.begin(), b.begin() + n)) ==
            "m.trn: byte 0 (file): " + std::to_string(n) + " bytes, shorter than header + CRC (36 bytes)");
  const std::string empty = dir.file("empty.trn");
  write_bytes(empty, {});
  REQUIRE_THROWS_WITH(load_model(empty), empty + ": byte 0 (file): 0 bytes, shorter than header + CRC (36 bytes)");
}

TEST_CASE("model file rule 2: header fields in order", "[model_file]") {
  const Bytes good = small_model();
  REQUIRE(reject(good) == "(accepted)");
  Bytes b = good;
  SECTION("magic") {
    for (size_t k = 0; k < 8; ++k) {
      b = good;
      b[k] ^= 0x20;  // e.g. a text-mode transfer's case or CR/LF damage
      REQUIRE(reject(b) == "m.trn: byte 0 (magic): not a trinity model file");
    }
    // The magic is checked before anything else in the header.
    set_u16(b, 8, 9);
    REQUIRE(reject(b) == "m.trn: byte 0 (magic): not a trinity model file");
  }
  SECTION("version") {
    set_u16(b, 8, 2);
    set_u16(b, 8, 3);
    REQUIRE(reject(b) == "m.trn: byte 8 (version): 3, only versions 1 and 2 are supported");
    set_u16(b, 8, 0);
    REQUIRE(reject(b) == "m.trn: byte 8 (version): 0, only versions 1 and 2 are supported");
  }
  SECTION("layer count") {
    set_u16(b, 10, 0);
    REQUIRE(reject(b) == "m.trn: byte 10 (layer count): 0, must be 1..16");
    set_u16(b, 10, 17);
    REQUIRE(reject(b) == "m.trn: byte 10 (layer count): 17, must be 1..16");
  }
  SECTION("timesteps") {
    set_u32(b, 12, 0);
    REQUIRE(reject(b) == "m.trn: byte 12 (timesteps): 0, must be 1..65535");
    set_u32(b, 12, 65536);
    REQUIRE(reject(b) == "m.trn: byte 12 (timesteps): 65536, must be 1..65535");
  }
  SECTION("metadata size") {
    set_u32(b, 16, 65537);
    REQUIRE(reject(b) == "m.trn: byte 16 (metadata size): 65537, must be 0..65536");
    set_u32(b, 16, 0xffffffffu);
    REQUIRE(reject(b) == "m.trn: byte 16 (metadata size): 4294967295, must be 0..65536");
  }
  SECTION("reserved") {
    set_u32(b, 24, 1);
    REQUIRE(reject(b) == "m.trn: byte 24 (reserved): 0x00000001, must be 0");
    b = good;
    set_u32(b, 28, 0x80000000u);
    REQUIRE(reject(b) == "m.trn: byte 28 (reserved): 0x80000000, must be 0");
  }
  SECTION("total size") {
    set_u32(b, 20, kSmallSize + 1);
    REQUIRE(reject(b) == "m.trn: byte 20 (file size): header says 126, file has 125 bytes");
    // Reserved bytes come before the size field in the doc's order.
    set_u32(b, 28, 1);
    REQUIRE(reject(b) == "m.trn: byte 28 (reserved): 0x00000001, must be 0");
  }
  SECTION("header rules come before the CRC") {
    set_u16(b, 10, 0);  // CRC now wrong as well
    REQUIRE(reject(b) == "m.trn: byte 10 (layer count): 0, must be 1..16");
  }
}

TEST_CASE("model file rule 3: CRC mismatch", "[model_file]") {
  Bytes b = small_model();
  const uint32_t stored = get_u32(b, kCrc);
  b[kL1W] ^= 0x01;
  char expect[128];
  std::snprintf(expect, sizeof expect, "m.trn: byte 121 (crc): stored 0x%08x, computed 0x%08x", stored,
                crc32_bytes(b.data(), kCrc));
  REQUIRE(reject(b) == expect);
  // A damaged CRC field itself.
  b = small_model();
  b[kCrc + 3] ^= 0x80;
  REQUIRE_THAT(reject(b), Catch::StartsWith("m.trn: byte 121 (crc): stored "));
  // The CRC is checked before the metadata or any layer field is trusted.
  b = small_model();
  b[32] = '[';
  set_u8(b, kL0, 9);
  REQUIRE_THAT(reject(b), Catch::StartsWith("m.trn: byte 121 (crc): "));
}

TEST_CASE("model file rule 4: metadata", "[model_file]") {
  const Bytes good = small_model();
  auto with_meta = [&](const std::string& m) { return with_metadata(good, m); };
  REQUIRE(reject(with_meta("")) == "(accepted)");
  REQUIRE(reject(with_meta(" \n{\"a\": [1, {\"b\": null}], \"\xc3\xa9\": \"\xe2\x82\xac\"}\r\n")) == "(accepted)");
  const std::string bad = "m.trn: byte 32 (metadata): not a valid UTF-8 JSON object";
  for (const std::string& m : std::vector<std::string>{
           "[1]", "1", "\"x\"", "null", "{", "{\"a\":}", "{} {}", "{\"a\": NaN}", "{\"a\": \"\xff\"}",
           "{\"a\": \"\xc0\xaf\"}", "{\"a\": \"\xed\xa0\x80\"}", "{\"a\": \"\\ud800\"}", "\xef\xbb\xbf{}", "{/*c*/}",
           std::string("{}\0", 3), std::string(" ")}) {
    INFO(m);
    REQUIRE(reject(with_meta(m)) == bad);
  }
  // M larger than what lies before the CRC (header and CRC consistent).
  Bytes b = good;
  set_u32(b, 16, 90);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 32 (metadata): 90 bytes run past the end of data at byte 121");
  set_u32(b, 16, 65536);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 32 (metadata): 65536 bytes run past the end of data at byte 121");
}

TEST_CASE("model file rule 5: layer record fields", "[model_file]") {
  const Bytes good = small_model();
  struct Case {
    size_t at;
    int width;
    uint32_t value;
    std::string message;
  };
  const std::vector<Case> cases = {
      {kL0 + 0, 1, 4, "byte 39 (layer 0 record): kind = 4, must be 0..3"},
      {kL1 + 0, 1, 255, "byte 81 (layer 1 record): kind = 255, must be 0..3"},
      {kL0 + 1, 1, 5, "byte 40 (layer 0 record): w_shift = 5, must be -8..4"},
      {kL0 + 1, 1, 0xf7, "byte 40 (layer 0 record): w_shift = -9, must be -8..4"},
      {kL0 + 1, 1, 0x80, "byte 40 (layer 0 record): w_shift = -128, must be -8..4"},
      {kL0 + 2, 1, 0, "byte 41 (layer 0 record): lut_bits = 0, must be 1..12"},
      {kL0 + 2, 1, 13, "byte 41 (layer 0 record): lut_bits = 13, must be 1..12"},
      {kL0 + 3, 1, 16, "byte 42 (layer 0 record): lut_shift = 16, must be 0..15"},
      {kL0 + 4, 4, 0, "byte 43 (layer 0 record): n_in = 0, must be 1..65535"},
      {kL0 + 4, 4, 65536, "byte 43 (layer 0 record): n_in = 65536, must be 1..65535"},
      {kL1 + 8, 4, 0, "byte 89 (layer 1 record): n_out = 0, must be 1..65535"},
      {kL1 + 8, 4, 0xffffffffu, "byte 89 (layer 1 record): n_out = 4294967295, must be 1..65535"},
      {kL0 + 12, 2, 257, "byte 51 (layer 0 record): tau_d = 257, must be 0..256"},
      {kL1 + 14, 2, 65535, "byte 95 (layer 1 record): tau_n = 65535, must be 0..256"},
      {kL0 + 20, 4, 2, "byte 59 (layer 0 record): reserved = 0x00000002, must be 0"},
      {kL1 + 4, 4, 3, "byte 85 (layer 1 record): n_in = 3, but layer 0 has n_out = 2"},
  };
  for (const Case& c : cases) {
    Bytes b = good;
    if (c.width == 1) set_u8(b, c.at, static_cast<uint8_t>(c.value));
    if (c.width == 2) set_u16(b, c.at, static_cast<uint16_t>(c.value));
    if (c.width == 4) set_u32(b, c.at, c.value);
    INFO(c.message);
    REQUIRE(reject(fixup(b)) == "m.trn: " + c.message);
  }
  // Fields are reported in offset order: kind before n_in.
  Bytes b = good;
  set_u32(b, kL0 + 4, 0);
  set_u8(b, kL0, 7);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 39 (layer 0 record): kind = 7, must be 0..3");
  // v_th and lut_lo take every int16.
  b = good;
  set_u16(b, kL0 + 16, 0x8000);
  set_u16(b, kL0 + 18, 0x7fff);
  REQUIRE(reject(fixup(b)) == "(accepted)");
}

TEST_CASE("model file rule 5: blocks running past the end of the data", "[model_file]") {
  const Bytes good = small_model();
  // Dropping bytes just before the CRC leaves layer 1's LUT short; dropping
  // more reaches its bias, weights and record.
  REQUIRE(reject(remove_bytes(good, kCrc - 1, 1)) ==
          "m.trn: byte 117 (layer 1 LUT): 4 bytes (2^1 entries x 2) run past the end of data at byte 120");
  REQUIRE(reject(remove_bytes(good, kL1U, 4)) ==
          "m.trn: byte 117 (layer 1 LUT): 4 bytes (2^1 entries x 2) run past the end of data at byte 117");
  REQUIRE(reject(remove_bytes(good, kL1B + 1, kCrc - kL1B - 1)) ==
          "m.trn: byte 111 (layer 1 bias): 6 bytes (n_out 3 x 2) run past the end of data at byte 112");
  REQUIRE(reject(remove_bytes(good, kL1W, kCrc - kL1W)) ==
          "m.trn: byte 105 (layer 1 weights): 6 bytes (n_out 3 x n_in 2) run past the end of data at byte 105");
  REQUIRE(reject(remove_bytes(good, kL1 + 23, kCrc - kL1 - 23)) ==
          "m.trn: byte 81 (layer 1 record): 24-byte record runs past the end of data at byte 104");
  REQUIRE(reject(remove_bytes(good, kL1, kCrc - kL1)) ==
          "m.trn: byte 81 (layer 1 record): 24-byte record runs past the end of data at byte 81");
  // A larger LUT than the bytes present (lut_bits edited up).
  Bytes b = good;
  set_u8(b, kL0 + 2, 12);
  REQUIRE(reject(fixup(b)) ==
          "m.trn: byte 73 (layer 0 LUT): 8192 bytes (2^12 entries x 2) run past the end of data at byte 121");
}

TEST_CASE("model file rule 6: bytes left over after the last layer", "[model_file]") {
  const Bytes good = small_model();
  REQUIRE(reject(insert_bytes(good, kCrc, {0})) ==
          "m.trn: byte 121 (trailing data): 1 bytes left over after the last layer");
  // One layer fewer than the records present: layer 1 is "trailing".
  Bytes b = good;
  set_u16(b, 10, 1);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 81 (trailing data): 40 bytes left over after the last layer");
}

TEST_CASE("model file: every truncation is rejected cleanly", "[model_file]") {
  const Bytes good = small_model();
  int rejected = 0;
  for (size_t n = 0; n < good.size(); ++n) {
    const Bytes cut(good.begin(), good.begin() + static_cast<ptrdiff_t>(n));
    REQUIRE_THROWS_AS(parse_model(cut, "cut"), InputError);
    ++rejected;
    // The same cut with header and CRC made consistent reaches rules 4-6
    // (cutting exactly the CRC and recomputing it gives the original back).
    if (n >= kModelHeaderBytes && n != kCrc) {
      Bytes patched = cut;
      patched.resize(n + 4);
      REQUIRE_THROWS_AS(parse_model(fixup(patched), "cut"), InputError);
      ++rejected;
    }
  }
  REQUIRE(rejected == 125 + 125 - 32 - 1);
}

TEST_CASE("model file: every single-bit flip is rejected", "[model_file]") {
  const Bytes good = small_model();
  std::mt19937 rng(99);
  const Network big_net = random_network(rng, 3);
  const Bytes big = serialize_model(big_net, "{}");
  int flips = 0;
  for (const Bytes* model : {&good, &big}) {
    // Every bit of the small model; a random 4000 of the larger one.
    const size_t bits = model->size() * 8;
    const size_t n = model == &good ? bits : 4000;
    for (size_t k = 0; k < n; ++k) {
      const size_t bit = model == &good ? k : std::uniform_int_distribution<size_t>(0, bits - 1)(rng);
      Bytes b = *model;
      b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      REQUIRE_THROWS_AS(parse_model(b, "flip"), InputError);
      ++flips;
    }
  }
  REQUIRE(flips == 125 * 8 + 4000);
}

TEST_CASE("model file: random edits with a fixed-up CRC are rejected or round-trip exactly", "[model_file]") {
  // Past the CRC every field is hostile; whatever the loader accepts must be
  // the canonical encoding of what it returns.
  const Bytes good = small_model();
  std::mt19937 rng(1234);
  int accepted = 0, rejected = 0;
  for (int k = 0; k < 3000; ++k) {
    Bytes b = good;
    const int edits = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int e = 0; e < edits; ++e) {
      const size_t at = std::uniform_int_distribution<size_t>(kModelHeaderBytes - 24, kCrc - 1)(rng);
      b[at] = static_cast<uint8_t>(rng());
    }
    if (k % 5 == 0) b.resize(std::uniform_int_distribution<size_t>(kModelHeaderBytes, good.size() + 8)(rng));
    if (b.size() < kModelHeaderBytes + 4) b.resize(kModelHeaderBytes + 4);
    b = fixup(b);
    try {
      std::string meta;
      TaskGates gates;  // an edit may turn the version into 2
      const Network net = parse_model(b, "edit", &meta, &gates);
      REQUIRE(serialize_model(net, meta, gates) == b);
      ++accepted;
    } catch (const InputError&) {
      ++rejected;
    }
  }
  REQUIRE(accepted + rejected == 3000);
  REQUIRE(accepted > 0);
  REQUIRE(rejected > 0);
}

TEST_CASE("model file: huge claimed shapes with a valid CRC are rejected without allocating", "[model_file]") {
  // One layer claiming 65535 x 65535 (4 GB of weights) and sixteen such
  // layers (the 64-bit sum of offsets): the data is absent, the CRC valid.
  Bytes b(kModelHeaderBytes + kModelRecordBytes + 4, 0);
  const uint8_t magic[8] = {0x89, 'T', 'R', 'N', '\r', '\n', 0x1a, '\n'};
  std::copy(magic, magic + 8, b.begin());
  set_u16(b, 8, 1);
  set_u16(b, 10, 1);
  set_u32(b, 12, 65535);
  set_u8(b, 32 + 2, 12);
  set_u32(b, 32 + 4, 65535);
  set_u32(b, 32 + 8, 65535);
  const long before = max_rss_kib();
  REQUIRE(reject(fixup(b)) ==
          "m.trn: byte 56 (layer 0 weights): 4294836225 bytes (n_out 65535 x n_in 65535) run past the end of data "
          "at byte 56");

  // Sixteen records back to back, each claiming the maximum: the first
  // layer's weights are already past the end.
  Bytes many(kModelHeaderBytes, 0);
  std::copy(b.begin(), b.begin() + kModelHeaderBytes, many.begin());
  set_u16(many, 10, 16);
  for (int l = 0; l < 16; ++l) many.insert(many.end(), b.begin() + 32, b.begin() + 56);
  many.resize(many.size() + 4);
  REQUIRE_THAT(reject(fixup(many)), Catch::StartsWith("m.trn: byte 56 (layer 0 weights): 4294836225 bytes"));
  REQUIRE(max_rss_kib() - before < 64 * 1024);
}

TEST_CASE("model file: the Python writer and reader agree with the C++ loader", "[model_file][python]") {
  if (access(testing::kPython, X_OK) != 0) {
    WARN("/usr/bin/python3 is missing; Python model writer not tested");
    return;
  }
  TempDir dir;
  // The C++ side writes the malformed files the Python reader must reject
  // with the same message, and a model for it to decode.
  const Bytes good = small_model();
  std::vector<std::pair<std::string, Bytes>> bad;
  auto add = [&](Bytes b) { bad.emplace_back(dir.file("bad" + std::to_string(bad.size()) + ".trn"), std::move(b)); };
  add(Bytes(good.begin(), good.begin() + 20));
  {
    Bytes b = good;
    b[3] = 'X';
    add(b);
    b = good;
    set_u16(b, 10, 17);
    add(b);
    b = good;
    set_u32(b, 28, 5);
    add(b);
    b = good;
    b[kL0W] ^= 4;
    add(b);
    b = good;
    b[33] = '[';
    add(fixup(b));
    b = good;
    set_u32(b, 16, 200);
    add(fixup(b));
    b = good;
    set_u8(b, kL1 + 1, 0xf0);
    add(fixup(b));
    b = good;
    set_u32(b, kL1 + 4, 7);
    add(fixup(b));
    add(remove_bytes(good, kL1B + 1, kCrc - kL1B - 1));
    add(with_metadata(good, "{\"a\": \"\\ud800\"}"));
    add(with_metadata(good, "{\"a\": NaN}"));
    add(with_metadata(good, "\xef\xbb\xbf{}"));
    add(insert_bytes(good, kCrc, {1, 2}));
  }
  std::vector<std::string> cpp_messages;
  std::string bad_list;
  for (const auto& [path, bytes] : bad) {
    write_bytes(path, bytes);
    try {
      load_model(path);
      cpp_messages.push_back("(accepted)");
    } catch (const InputError& e) {
      cpp_messages.push_back(e.what());
    }
    bad_list += "    '" + path + "',\n";
  }
  const std::string from_cpp = dir.file("from_cpp.trn");
  save_model(from_cpp, small_network(), kSmallMeta);

  const std::string from_py = dir.file("from_py.trn");
  const std::string out = dir.file("out.txt");
  const std::string script = dir.file("check.py");
  {
    std::ofstream s(script);
    s << "import sys\nsys.dont_write_bytecode = True\n"
      << "sys.path.insert(0, '" << TRINITY_SOURCE_DIR << "/train')\n"
      << "from trinity_train.model_file import write_model, read_model, ModelFileError\n"
      << "layers = [\n"
      << "  dict(kind='tri-LUT', w_shift=-8, lut_bits=3, lut_shift=15, n_in=5, n_out=3, tau_d=256, tau_n=0,\n"
      << "       v_th=-32768, lut_lo=32767, weights=[[-128, 127, 0, 1, -1], [2, 3, 4, 5, 6], [7, 8, 9, 10, 11]],\n"
      << "       bias=[-32768, 32767, 5], lut=[-8, -7, -6, -5, 4, 3, 2, 1]),\n"
      << "  dict(kind=1, w_shift=4, lut_bits=1, lut_shift=0, n_in=3, n_out=1, tau_d=17, tau_n=18, v_th=300,\n"
      << "       lut_lo=0, weights=bytes([0xff, 0x80, 0x7f]), bias=[-1], lut=[0, 0]),\n"
      << "]\n"
      << "crc = write_model('" << from_py << "', 25, layers, {'model': 'tri-SNN(G)', 'note': '\\u00e9'})\n"
      << "lines = ['crc %08x' % crc]\n"
      << "for path in [\n"
      << bad_list << "]:\n"
      << "    try:\n"
      << "        read_model(path)\n"
      << "        lines.append('(accepted)')\n"
      << "    except ModelFileError as e:\n"
      << "        lines.append(str(e))\n"
      << "m = read_model('" << from_cpp << "')\n"
      << "lines.append('cpp %d %d %s %r %r %r' % (m['timesteps'], len(m['layers']), m['metadata_text'],\n"
      << "    m['layers'][0]['weights'], m['layers'][1]['bias'], m['layers'][0]['lut']))\n"
      << "try:\n"
      << "    write_model('" << dir.file("never.trn") << "', 1, [dict(layers[1], n_in=5)], None)\n"
      << "    lines.append('wrote an invalid model')\n"
      << "except ValueError as e:\n"
      << "    lines.append('refused: %s' % e)\n"
      << "open('" << out << "', 'w').write('\\n'.join(lines) + '\\n')\n";
  }
  const std::vector<std::string> lines = testing::run_python_script(script, out);
  REQUIRE(lines.size() == 1 + bad.size() + 2);

  std::string meta;
  const Network net = load_model(from_py, &meta);
  char crc_line[32];
  std::snprintf(crc_line, sizeof crc_line, "crc %08x", model_crc(net, meta));
  REQUIRE(lines[0] == crc_line);
  REQUIRE(meta == "{\"model\": \"tri-SNN(G)\", \"note\": \"\xc3\xa9\"}");
  REQUIRE(net.timesteps == 25);
  REQUIRE(net.layers.size() == 2);
  const Layer& l0 = net.layers[0];
  REQUIRE(l0.kind == UnitKind::kTriLut);
  REQUIRE(l0.w_shift == -8);
  REQUIRE(l0.lut_bits == 3);
  REQUIRE(l0.lut_shift == 15);
  REQUIRE(l0.tau_d == 256);
  REQUIRE(l0.tau_n == 0);
  REQUIRE(l0.v_th == -32768);
  REQUIRE(l0.lut_lo == 32767);
  REQUIRE(l0.weight(0, 0) == -128);
  REQUIRE(l0.weight(0, 1) == 127);
  REQUIRE(l0.weight(2, 4) == 11);
  REQUIRE(l0.bias == std::vector<int16_t>{-32768, 32767, 5});
  REQUIRE(l0.lut == std::vector<int16_t>{-8, -7, -6, -5, 4, 3, 2, 1});
  const Layer& l1 = net.layers[1];
  REQUIRE(l1.kind == UnitKind::kTriRelu);
  REQUIRE(l1.weights == std::vector<int8_t>{-1, -128, 127});
  REQUIRE(l1.bias == std::vector<int16_t>{-1});

  for (size_t k = 0; k < bad.size(); ++k) {
    INFO(bad[k].first);
    REQUIRE(cpp_messages[k] != "(accepted)");
    REQUIRE(lines[1 + k] == cpp_messages[k]);
  }
  const Network small = small_network();
  std::ostringstream w0, b1, u0;
  auto list = [](std::ostringstream& os, const auto& v) {
    os << "[";
    for (size_t k = 0; k < v.size(); ++k) os << (k ? ", " : "") << int{v[k]};
    os << "]";
  };
  list(w0, small.layers[0].weights);
  list(b1, small.layers[1].bias);
  list(u0, small.layers[0].lut);
  REQUIRE(lines[1 + bad.size()] == "cpp 5 2 " + kSmallMeta + " " + w0.str() + " " + b1.str() + " " + u0.str());
  REQUIRE(lines[2 + bad.size()] == "refused: layer 0 weights: 3 values, expected 5");
  REQUIRE_FALSE(fs::exists(dir.file("never.trn")));
}
