// SPDX-License-Identifier: Apache-2.0
// Model format version 2 (docs/model-format.md, "Gate section"): per-task
// synapse gates round-trip canonically, every malformed gate section is
// refused with its one-line message, the Python writer and reader produce
// and accept the same bytes as C++, and gated_network() is the spec's
// meaning of a gate (fixed-point spec §1a).
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "errors.hpp"
#include "model_bytes.hpp"
#include "model_file.hpp"
#include "python_script.hpp"
#include "random_network.hpp"
#include "task_gates.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using namespace trinity::testing;

namespace {

// Two layers, 3 -> 2 -> 3, 1-bit LUTs, no metadata; every gate is 6 bits, so
// each mask is one byte with two padding bits. Layout (asserted below):
//   layer 0 at 32 (38 bytes), layer 1 at 70 (40 bytes), task count at 110,
//   masks at 114 (task 1 layer 0), 115, 116 (task 2), ..., 119; CRC at 120.
constexpr size_t kTaskCount = 110, kMasks = 114, kCrc = 120, kSize = 124;

Network tiny_network() {
  std::mt19937 rng(3);
  Network net;
  net.timesteps = 4;
  net.layers.push_back(random_layer(rng, 3, 2, UnitKind::kTriGauss, false));
  net.layers.push_back(random_layer(rng, 2, 3, UnitKind::kBi, false));
  for (Layer& l : net.layers) {
    l.lut_bits = 1;
    l.lut.resize(l.lut_entries());
  }
  return net;
}

// Task k keeps synapse i when bit (k + i) % 3 != 0: distinct, partly
// overlapping gates, none empty.
TaskGates tiny_gates(uint32_t tasks) {
  const Network net = tiny_network();
  TaskGates g = make_gates(net, tasks);
  for (uint32_t k = 0; k < tasks; ++k)
    for (size_t l = 0; l < 2; ++l)
      for (uint64_t i = 0; i < 6; ++i) g.set(k, l, i, (k + i + l) % 3 != 0);
  return g;
}

Bytes tiny_model() { return serialize_model(tiny_network(), "", tiny_gates(3)); }

bool same_gates(const TaskGates& a, const TaskGates& b) {
  return a.tasks == b.tasks && a.offsets == b.offsets && a.bits == b.bits;
}

}  // namespace

TEST_CASE("model gates: the tiny gated model's layout is what the tests assume", "[model_file][gates]") {
  const Bytes b = tiny_model();
  REQUIRE(b.size() == kSize);
  REQUIRE(b[8] == 2);  // version 2: it has gates
  REQUIRE(get_u32(b, kTaskCount) == 3);
  // Task 1 layer 0 keeps i = 1, 2, 4, 5 (i % 3 != 0), MSB first.
  REQUIRE(b[kMasks] == 0b01101100);
  REQUIRE(kCrc == kMasks + 6);
  // Without gates the same network is a version 1 file, 4 + 6 bytes shorter.
  const Bytes v1 = serialize_model(tiny_network(), "");
  REQUIRE(v1[8] == 1);
  REQUIRE(v1.size() == kSize - 10);
  REQUIRE(Bytes(v1.begin() + 10, v1.begin() + 20) == Bytes(b.begin() + 10, b.begin() + 20));
}

TEST_CASE("model gates: gated models round-trip exactly and canonically", "[model_file][gates]") {
  std::mt19937 rng(12);
  for (int run = 0; run < 30; ++run) {
    const Network net = random_network(rng, run % 2 == 1, 40);
    const uint32_t tasks = 1 + run % 5;
    const TaskGates gates = random_gates(rng, net, tasks, {0.03, 0.3, 1.0, 0.0});
    const std::string meta = run % 3 ? "" : R"({"tasks": 3})";
    const Bytes bytes = serialize_model(net, meta, gates);
    REQUIRE(bytes[8] == 2);
    std::string meta_back;
    TaskGates back;
    const Network net_back = parse_model(bytes, "mem", &meta_back, &back);
    REQUIRE(same_gates(back, gates));
    REQUIRE(meta_back == meta);
    REQUIRE(serialize_model(net_back, meta_back, back) == bytes);
    REQUIRE(model_crc(net_back, meta_back, back) == get_u32(bytes, bytes.size() - 4));
    // A version 1 file loads with no gates.
    TaskGates none = gates;
    parse_model(serialize_model(net, meta), "v1", nullptr, &none);
    REQUIRE(none.empty());
  }
  TempDir dir;
  save_model(dir.file("g.trn"), tiny_network(), "{}", tiny_gates(2));
  TaskGates back;
  load_model(dir.file("g.trn"), nullptr, &back);
  REQUIRE(same_gates(back, tiny_gates(2)));
}

TEST_CASE("model gates: every malformed gate section is refused with one line", "[model_file][gates]") {
  const Bytes good = tiny_model();
  REQUIRE(reject(good) == "(accepted)");
  // A version 1 file whose version says 2: the gate section is missing.
  Bytes b = serialize_model(tiny_network(), "");
  set_u16(b, 8, 2);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 110 (task count): 4-byte task count runs past the end of data at byte 110");
  // A task count cut short.
  REQUIRE(reject(remove_bytes(good, kTaskCount + 2, kCrc - kTaskCount - 2)) ==
          "m.trn: byte 110 (task count): 4-byte task count runs past the end of data at byte 112");
  // 0 tasks (an ungated model is version 1) and too many.
  b = good;
  set_u32(b, kTaskCount, 0);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 110 (task count): 0, must be 1..65535");
  set_u32(b, kTaskCount, 65536);
  REQUIRE(reject(fixup(b)) == "m.trn: byte 110 (task count): 65536, must be 1..65535");
  // More tasks claimed than present: the first missing mask is named.
  set_u32(b, kTaskCount, 4);
  REQUIRE(
      reject(fixup(b)) ==
      "m.trn: byte 120 (task 4 layer 0 gate): 1 bytes (n_out 2 x n_in 3 bits) run past the end of data at byte 120");
  set_u32(b, kTaskCount, 65535);
  REQUIRE(
      reject(fixup(b)) ==
      "m.trn: byte 120 (task 4 layer 0 gate): 1 bytes (n_out 2 x n_in 3 bits) run past the end of data at byte 120");
  // The last mask cut off.
  REQUIRE(
      reject(remove_bytes(good, kCrc - 1, 1)) ==
      "m.trn: byte 119 (task 3 layer 1 gate): 1 bytes (n_out 3 x n_in 2 bits) run past the end of data at byte 119");
  // Padding bits (the low 2 bits of each 6-bit mask's byte) set.
  for (size_t mask = 0; mask < 6; ++mask)
    for (uint8_t bit : {uint8_t{1}, uint8_t{2}}) {
      b = good;
      b[kMasks + mask] |= bit;
      INFO("mask " << mask << " bit " << int(bit));
      REQUIRE(reject(fixup(b)) == "m.trn: byte " + std::to_string(kMasks + mask) + " (task " +
                                      std::to_string(mask / 2 + 1) + " layer " + std::to_string(mask % 2) +
                                      " gate): padding bits 0x0" + std::to_string(bit) +
                                      " of the last byte must be 0 (6 bits)");
    }
  // Padding in task 1 is reported before a missing task 4 (file order).
  b = good;
  b[kMasks] |= 1;
  set_u32(b, kTaskCount, 4);
  REQUIRE_THAT(reject(fixup(b)), Catch::StartsWith("m.trn: byte 114 (task 1 layer 0 gate): padding bits"));
  // Bytes after the last gate.
  REQUIRE(reject(insert_bytes(good, kCrc, {0})) ==
          "m.trn: byte 120 (trailing data): 1 bytes left over after the last gate");
  // A version 1 file with gate-like bytes after its last layer is still refused.
  REQUIRE(reject(insert_bytes(serialize_model(tiny_network(), ""), kTaskCount, {1, 0, 0, 0, 0x6c, 0x6c})) ==
          "m.trn: byte 110 (trailing data): 6 bytes left over after the last layer");
}

TEST_CASE("model gates: truncations, bit flips and random edits of a gated file", "[model_file][gates]") {
  const Bytes good = tiny_model();
  for (size_t n = 0; n < good.size(); ++n) {
    REQUIRE_THROWS_AS(parse_model(Bytes(good.begin(), good.begin() + static_cast<ptrdiff_t>(n)), "cut"), InputError);
    if (n >= kModelHeaderBytes && n != kCrc) {
      Bytes patched(good.begin(), good.begin() + static_cast<ptrdiff_t>(n));
      patched.resize(n + 4);
      REQUIRE_THROWS_AS(parse_model(fixup(patched), "cut"), InputError);
    }
  }
  for (size_t bit = 0; bit < good.size() * 8; ++bit) {
    Bytes b = good;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    REQUIRE_THROWS_AS(parse_model(b, "flip"), InputError);
  }
  // Edits in the gate section with a fixed-up CRC: what is accepted is the
  // canonical encoding of what was loaded.
  std::mt19937 rng(77);
  int accepted = 0, rejected = 0;
  for (int k = 0; k < 2000; ++k) {
    Bytes b = good;
    b[std::uniform_int_distribution<size_t>(kTaskCount, kCrc - 1)(rng)] = static_cast<uint8_t>(rng());
    if (k % 4 == 0) b.resize(std::uniform_int_distribution<size_t>(kTaskCount, kSize + 4)(rng));
    b = fixup(b);
    try {
      std::string meta;
      TaskGates gates;
      const Network net = parse_model(b, "edit", &meta, &gates);
      REQUIRE(serialize_model(net, meta, gates) == b);
      ++accepted;
    } catch (const InputError&) {
      ++rejected;
    }
  }
  REQUIRE(accepted > 0);
  REQUIRE(rejected > 0);
}

TEST_CASE("model gates: the writer refuses gates the loader would reject", "[model_file][gates]") {
  const Network net = tiny_network();
  TaskGates g = tiny_gates(2);
  g.bits[1] |= 1;  // a padding bit
  REQUIRE_THROWS_WITH(serialize_model(net, "", g), "cannot save model: task 1 layer 1 gate: padding bits are not 0");
  g = tiny_gates(2);
  g.bits.pop_back();
  REQUIRE_THROWS_WITH(serialize_model(net, "", g), Catch::Contains("3 bytes of gates, 2 tasks need 4"));
  g = tiny_gates(2);
  g.tasks = 0;
  REQUIRE_THROWS_WITH(serialize_model(net, "", g), Catch::Contains("no tasks, but gate bits present"));
  Network wider = net;
  std::mt19937 rng(1);
  wider.layers[1] = random_layer(rng, 2, 9, UnitKind::kBi, false);
  REQUIRE_THROWS_WITH(serialize_model(wider, "", tiny_gates(1)), Catch::Contains("layer 1 gate: 1 bytes"));
  TaskGates many = make_gates(net, 65536);
  REQUIRE_THROWS_WITH(serialize_model(net, "", many), Catch::Contains("task count = 65536, must be 1..65535"));
}

TEST_CASE("model gates: gated_network zeroes exactly the weights a task's gate drops", "[gates]") {
  std::mt19937 rng(4);
  const Network net = random_network(rng, false, 30);
  const TaskGates gates = random_gates(rng, net, 3, {0.03, 0.3, 0.9});
  for (uint32_t k = 0; k < 3; ++k) {
    const Network task = gated_network(net, gates, k);
    REQUIRE(validate(task).empty());
    for (size_t l = 0; l < net.layers.size(); ++l) {
      const Layer &a = net.layers[l], &b = task.layers[l];
      uint64_t kept = 0;
      for (uint32_t i = 0; i < a.n_out; ++i)
        for (uint32_t j = 0; j < a.n_in; ++j) {
          const bool keep = gates.keeps(k, l, uint64_t{i} * a.n_in + j);
          kept += keep;
          REQUIRE(b.weight(i, j) == (keep ? a.weight(i, j) : 0));
        }
      REQUIRE(kept == gate_kept(gates, k, l));
      // Shared, never gated: bias, LUT, threshold, time constants.
      REQUIRE(b.bias == a.bias);
      REQUIRE(b.lut == a.lut);
      REQUIRE(b.v_th == a.v_th);
      REQUIRE(b.tau_d == a.tau_d);
      REQUIRE(b.tau_n == a.tau_n);
    }
  }
  REQUIRE_THROWS_AS(gated_network(net, gates, 3), std::invalid_argument);
  REQUIRE_THROWS_AS(gated_network(net, TaskGates{}, 0), std::invalid_argument);
}

TEST_CASE("model gates: single_task_network keeps one task's gate, as task 1", "[gates]") {
  std::mt19937 rng(6);
  Network net = random_network(rng, false, 30);
  net.gates = random_gates(rng, net, 3, {0.03, 0.3, 0.9});
  for (uint32_t k = 0; k < 3; ++k) {
    const Network one = single_task_network(net, net.gates, k);
    REQUIRE(one.gates.tasks == 1);
    REQUIRE(validate_gates(one, one.gates).empty());
    const Network a = gated_network(one, 0), b = gated_network(net, k);
    for (size_t l = 0; l < net.layers.size(); ++l) REQUIRE(a.layers[l].weights == b.layers[l].weights);
    REQUIRE(a.gates.empty());
  }
  REQUIRE_THROWS_AS(single_task_network(net, net.gates, 3), std::invalid_argument);
}

TEST_CASE("model gates: the Python writer and reader agree with C++ byte for byte", "[model_file][gates][python]") {
  if (access(testing::kPython, X_OK) != 0) {
    WARN("/usr/bin/python3 is missing; Python gate writer not tested");
    return;
  }
  TempDir dir;
  const Bytes good = tiny_model();
  const std::string from_cpp = dir.file("from_cpp.trn"), from_py = dir.file("from_py.trn"), out = dir.file("out.txt");
  write_bytes(from_cpp, good);
  // Malformed gate sections the Python reader must refuse with C++'s words.
  std::vector<Bytes> bad;
  {
    Bytes b = good;
    set_u32(b, kTaskCount, 0);
    bad.push_back(fixup(b));
    set_u32(b, kTaskCount, 5);
    bad.push_back(fixup(b));
    set_u32(b, kTaskCount, 65536);  // one past the limit: Python's MAX_TASKS is C++'s
    bad.push_back(fixup(b));
    b = good;
    b[kMasks + 3] |= 2;
    bad.push_back(fixup(b));
    bad.push_back(insert_bytes(good, kCrc, {0, 0}));
    b = serialize_model(tiny_network(), "");
    set_u16(b, 8, 2);
    bad.push_back(fixup(b));
  }
  std::string bad_list;
  std::vector<std::string> cpp_messages;
  for (size_t k = 0; k < bad.size(); ++k) {
    const std::string path = dir.file("bad" + std::to_string(k) + ".trn");
    write_bytes(path, bad[k]);
    bad_list += "    '" + path + "',\n";
    try {
      load_model(path);
      cpp_messages.push_back("(accepted)");
    } catch (const InputError& e) {
      cpp_messages.push_back(e.what());
    }
  }
  const std::string script = dir.file("check.py");
  {
    std::ofstream s(script);
    // Python re-creates the C++ file from its decoded fields, with the gates
    // given once as bits (nested [n_out][n_in] lists) and once packed.
    s << "import sys\nsys.dont_write_bytecode = True\n"
      << "sys.path.insert(0, '" << TRINITY_SOURCE_DIR << "/train')\n"
      << "from trinity_train.model_file import read_model, serialize_model, write_model, ModelFileError\n"
      << "m = read_model('" << from_cpp << "')\n"
      << "def bits(packed, n_out, n_in):\n"
      << "    flat = [(packed[i >> 3] >> (7 - (i & 7))) & 1 for i in range(n_out * n_in)]\n"
      << "    return [flat[r * n_in:(r + 1) * n_in] for r in range(n_out)]\n"
      << "as_bits = [[bits(g, l['n_out'], l['n_in']) for g, l in zip(task, m['layers'])] for task in m['gates']]\n"
      << "write_model('" << from_py << "', m['timesteps'], m['layers'], None, as_bits)\n"
      << "same = serialize_model(m['timesteps'], m['layers'], None, m['gates']) == open('" << from_py
      << "', 'rb').read()\n"
      << "lines = ['tasks %d same %s' % (len(m['gates']), same)]\n"
      << "for path in [\n"
      << bad_list << "]:\n"
      << "    try:\n"
      << "        read_model(path)\n"
      << "        lines.append('(accepted)')\n"
      << "    except ModelFileError as e:\n"
      << "        lines.append(str(e))\n"
      << "for gates in ([[b'\\x6d', b'\\x00']], [[b'\\x6c']], [[[[1, 1, 2], [0, 0, 0]], b'\\x00']]):\n"
      << "    try:\n"
      << "        serialize_model(m['timesteps'], m['layers'], None, gates)\n"
      << "        lines.append('wrote bad gates')\n"
      << "    except ValueError as e:\n"
      << "        lines.append('refused: %s' % e)\n"
      << "open('" << out << "', 'w').write('\\n'.join(lines) + '\\n')\n";
  }
  const std::vector<std::string> lines = testing::run_python_script(script, out);
  REQUIRE(lines.size() == 1 + bad.size() + 3);
  REQUIRE(lines[0] == "tasks 3 same True");
  // Python's file is C++'s, byte for byte.
  std::ifstream py(from_py, std::ios::binary);
  const Bytes py_bytes((std::istreambuf_iterator<char>(py)), std::istreambuf_iterator<char>());
  REQUIRE(py_bytes == good);
  for (size_t k = 0; k < bad.size(); ++k) {
    INFO(k);
    REQUIRE(cpp_messages[k] != "(accepted)");
    REQUIRE(lines[1 + k] == cpp_messages[k]);
  }
  REQUIRE(lines[1 + bad.size()] == "refused: task 1 layer 0 gate: padding bits of the last byte are not 0");
  REQUIRE(lines[2 + bad.size()] == "refused: task 1: 1 gates for 2 layers");
  REQUIRE(lines[3 + bad.size()] == "refused: task 1 layer 0 gate[2] = 2, must be 0 or 1");
}
