// SPDX-License-Identifier: Apache-2.0
// The CLI's exit-code contract (README: 0 ok, 1 usage, 2 bad input, 3
// device/runtime failure), one row per way a user or an attacker has met it,
// run through the real binary: each row checks the code, that the message is
// one line, and that it names the file or option at fault. Hostile files are
// made here, small on disk (sparse files, a gzip bomb) and quick to refuse.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

#include "backend.hpp"
#include "cli_runner.hpp"
#include "model_bytes.hpp"
#include "model_file.hpp"
#include "nmnist_file.hpp"
#include "npy_file.hpp"
#include "random_network.hpp"
#include "temp_dir.hpp"

using namespace trinity;
namespace fs = std::filesystem;

namespace {

std::string write_model(const testing::TempDir& tmp, const std::string& name, uint32_t timesteps, uint32_t inputs,
                        const std::string& metadata = "") {
  std::mt19937 rng(7);
  Network net;
  net.timesteps = timesteps;
  net.layers.push_back(testing::random_layer(rng, inputs, 10, UnitKind::kTriGauss, false));
  const std::string path = tmp.file(name);
  save_model(path, net, metadata);
  return path;
}

// A gated model (format v2) of `tasks` tasks, 784 inputs, and the bytes of a
// 3-2 one written beside it whose gate section `damage` edits (sizes and CRC
// fixed up, so the loader reaches the gate rules).
std::string write_gated_model(const testing::TempDir& tmp, const std::string& name, uint32_t tasks) {
  std::mt19937 rng(8);
  Network net;
  net.timesteps = 4;
  net.layers.push_back(testing::random_layer(rng, 784, 10, UnitKind::kTriGauss, false));
  const std::string path = tmp.file(name);
  save_model(path, net, "", testing::random_gates(rng, net, tasks, {0.03, 0.3}));
  return path;
}

// A 3 -> 2 model with 2 tasks (one 6-bit mask each, at bytes 74 and 75 after
// the task count at 70), edited by `damage`.
template <typename Damage>
std::string write_bad_gates(const testing::TempDir& tmp, const std::string& name, Damage damage) {
  std::mt19937 rng(9);
  Network net;
  net.timesteps = 4;
  net.layers.push_back(testing::random_layer(rng, 3, 2, UnitKind::kBi, false));
  net.layers[0].lut_bits = 1;
  net.layers[0].lut.resize(2);
  testing::Bytes b = serialize_model(net, "", testing::random_gates(rng, net, 2, {0.5}));
  damage(b);
  const std::string path = tmp.file(name);
  testing::write_bytes(path, testing::fixup(b));
  return path;
}

// A .npy of shape (n, t, w), |u1, whose data is a hole: gigabytes that take
// no disk.
std::string write_sparse_npy(const testing::TempDir& tmp, const std::string& name, uint64_t n, uint32_t t, uint32_t w) {
  std::string header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(n) + ", " +
                       std::to_string(t) + ", " + std::to_string(w) + "), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header.push_back('\n');
  const std::string path = tmp.file(name);
  {
    std::ofstream f(path, std::ios::binary);
    f << "\x93NUMPY" << '\x01' << '\x00' << static_cast<char>(header.size() & 0xff)
      << static_cast<char>(header.size() >> 8) << header;
  }
  fs::resize_file(path, 10 + header.size() + n * t * w);
  return path;
}

void put_be32(std::string& s, uint32_t v) {
  for (int k = 3; k >= 0; --k) s.push_back(static_cast<char>(v >> (8 * k)));
}

// A Fashion-MNIST directory whose gzipped images file holds `images` real
// (all-zero) 28x28 images: tens of megabytes that compress to kilobytes.
std::string write_gzip_bomb(const testing::TempDir& tmp, uint32_t images) {
  const fs::path dir = tmp.path / "bomb";
  fs::create_directories(dir);
  std::string header;
  put_be32(header, 0x803);
  put_be32(header, images);
  put_be32(header, 28);
  put_be32(header, 28);
  gzFile g = gzopen((dir / "t10k-images-idx3-ubyte.gz").c_str(), "wb1");
  gzwrite(g, header.data(), static_cast<unsigned>(header.size()));
  const std::vector<char> zeros(784 * 1024, 0);
  for (uint32_t k = 0; k < images; k += 1024)
    gzwrite(g, zeros.data(), static_cast<unsigned>(784 * std::min<uint32_t>(1024, images - k)));
  gzclose(g);
  std::string labels;
  put_be32(labels, 0x801);
  put_be32(labels, images);
  labels.append(images, '\0');
  gzFile l = gzopen((dir / "t10k-labels-idx1-ubyte.gz").c_str(), "wb1");
  gzwrite(l, labels.data(), static_cast<unsigned>(labels.size()));
  gzclose(l);
  return dir.string();
}

// `count` one-event N-MNIST recordings under <dir>/3/.
std::string write_nmnist_folder(const testing::TempDir& tmp, int count) {
  const fs::path dir = tmp.path / "nmnist" / "3";
  fs::create_directories(dir);
  for (int k = 0; k < count; ++k) {
    const auto bytes = serialize_nmnist({NmnistEvent{1, 2, 1, 10}});
    std::ofstream((dir / ("r" + std::to_string(k) + ".bin")).string(), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
  return (tmp.path / "nmnist").string();
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

struct Row {
  std::string what;     // the case, as the issue or a user put it
  std::string command;  // shell command line; {T} is the trinity binary
  int code;             // documented exit code
  std::string names;    // the message must contain this (the file or option)
};

std::string expand(std::string s) {
  for (size_t at; (at = s.find("{T}")) != std::string::npos;) s.replace(at, 3, TRINITY_CLI);
  return s;
}

}  // namespace

// The table, with its hostile files, made once for every row (Catch runs
// the test case again for each section).
const std::vector<Row>& exit_code_rows() {
  static const testing::TempDir tmp("trinity_exit");
  static const std::vector<Row> table = [] {
    const std::string fm = write_model(tmp, "fm.trn", 4, 784);
    const std::string long_t = write_model(tmp, "t65535.trn", 65535, 784);
    const std::string long_t_nmnist = write_model(tmp, "t65535_nmnist.trn", 65535, kNmnistInputs);
    const std::string full_meta = write_model(tmp, "fat.trn", 4, 784, R"({"pad":")" + std::string(65400, 'x') + "\"}");
    const std::string nmnist = write_nmnist_folder(tmp, 40);
    const std::string bomb = write_gzip_bomb(tmp, 100000);                            // 78 MB of pixels
    const std::string sparse = write_sparse_npy(tmp, "sparse.npy", 1000000, 4, 784);  // 3.1 GB, a hole
    const std::string wrong_t = write_sparse_npy(tmp, "wrong_t.npy", 1000000, 5, 784);
    const std::string oom_npy = write_sparse_npy(tmp, "oom.npy", 400000, 4, 784);  // 1.25 GB
    const std::string huge_field = tmp.file("huge_field.csv");
    {
      std::ofstream f(huge_field);
      f << "index,label,prediction";
      for (int i = 0; i < 10; ++i) f << ",count" << i;
      f << "\n0,1," << std::string(8 << 20, '7') << ",0,0,0,0,0,0,0,0,0,0\n";
    }
    const std::string csv = std::string(TRINITY_DATA_DIR) + "/aab/aab_forward_vds1V.csv";
    const std::string fmnist = "--dataset fashion-mnist --limit 3";  // run and verify take it
    const std::string no_dir = tmp.file("no/such/dir");
    const std::string gated = write_gated_model(tmp, "gated.trn", 2);
    const std::string bad_count =
        write_bad_gates(tmp, "count0.trn", [](testing::Bytes& b) { testing::set_u32(b, 70, 0); });
    const std::string bad_padding = write_bad_gates(tmp, "padding.trn", [](testing::Bytes& b) { b[75] |= 1; });
    const std::string bad_short = write_bad_gates(tmp, "short.trn", [](testing::Bytes& b) { b.erase(b.begin() + 75); });

    std::vector<Row> rows = {
        // Usage: exit 1, naming the option.
        {"--limit -1 does not wrap to all frames", "{T} run --model " + fm + " --dataset fashion-mnist --limit -1", 1,
         "--limit"},
        {"--chunk -1 does not wrap", "{T} run --model " + fm + " " + fmnist + " --chunk -1", 1, "--chunk"},
        {"--threads -1", "{T} run --model " + fm + " " + fmnist + " --threads -1", 1, "--threads"},
        {"--sim-limit -1", "{T} verify --model " + fm + " --backends golden,golden-wire " + fmnist + " --sim-limit -1",
         1, "--sim-limit"},
        {"neither --dataset nor --input", "{T} run --model " + fm, 1, "--dataset and --input"},
        {"an unknown --dataset", "{T} run --model " + fm + " --dataset cifar10 --limit 3", 1, "--dataset"},
        {"an unknown --dataset in verify",
         "{T} verify --model " + fm + " --backends golden,golden-wire --dataset mnist2 --limit 3", 1, "--dataset"},
        {"both --dataset and --input", "{T} run --model " + fm + " " + fmnist + " --input " + sparse, 1,
         "--dataset excludes --input"},
        {"--model without --model-out", "{T} calibrate --csv " + csv + " --model " + fm, 1, "--model-out"},
        {"--model-out without --model", "{T} calibrate --csv " + csv + " --model-out " + tmp.file("m.trn"), 1,
         "--model-out"},
        {"verify with one backend", "{T} verify --model " + fm + " --backends golden " + fmnist, 1, "two backends"},
        {"a backend given twice", "{T} verify --model " + fm + " --backends golden,golden " + fmnist, 1,
         "'golden' given twice"},
        {"an unknown option", "{T} run --model " + fm + " " + fmnist + " --no-such-option", 1, "--no-such-option"},
        {"a missing required option", "{T} run " + fmnist, 1, "--model"},
        {"--max-memory nonsense", "{T} run --model " + fm + " " + fmnist + " --max-memory lots", 1, "--max-memory"},
        {"--task -1", "{T} run --model " + gated + " " + fmnist + " --task -1", 1, "--task"},
        {"verify --all-tasks with --task",
         "{T} verify --model " + gated + " --backends golden,golden-wire " + fmnist + " --all-tasks --task 1", 1,
         "--all-tasks excludes --task"},
        // Bad input: exit 2, naming the file.
        {"--daf names a directory", "{T} run --model " + fm + " " + fmnist + " --daf " + tmp.path.string(), 2,
         tmp.path.string() + ": is a directory"},
        {"T = 65535 with --limit 100: refused before allocating",
         "{T} run --model " + long_t + " --dataset fashion-mnist --limit 100", 2, "memory limit of 4.0 GiB"},
        {"T = 65535 on an N-MNIST folder", "{T} run --model " + long_t_nmnist + " --input " + nmnist, 2,
         nmnist + ": 40 frame(s)"},
        {"a gzip bomb of idx images",
         "{T} run --model " + fm + " --dataset fashion-mnist --data-dir " + bomb + " --max-memory 256M", 2,
         "t10k-images-idx3-ubyte.gz: 100000 frame(s)"},
        {"a large sparse .npy", "{T} run --model " + fm + " --input " + sparse, 2, sparse + ": 1000000 frame(s)"},
        {"a large sparse .npy of the wrong T is refused from its header",
         "{T} run --model " + fm + " --input " + wrong_t, 2, wrong_t + ": spike tensor is [1000000, 5, 784]"},
        {"verify --expected with an 8 MB field does not echo it",
         "{T} verify --model " + fm + " --backends golden --expected " + huge_field + " " + fmnist, 2,
         huge_field + ":2: line longer than"},
        {"cannot save model: metadata too large names the output",
         "{T} calibrate --csv " + csv + " --model " + full_meta + " --model-out " + tmp.file("out.trn"), 2,
         tmp.file("out.trn") + ": cannot save model: metadata is"},
        // Tasks of a gated model (format v2): a task the model lacks, or a
        // model without gates, names --task and the file; a malformed gate
        // section is a bad model file.
        {"--task beyond the model's tasks", "{T} run --model " + gated + " " + fmnist + " --task 3", 2,
         "--task 3: " + gated + " has tasks 1..2"},
        {"--task 0 (tasks count from 1)", "{T} run --model " + gated + " " + fmnist + " --task 0", 2,
         "--task 0: " + gated + " has tasks 1..2"},
        {"estimate --task beyond the model's tasks", "{T} estimate --model " + gated + " " + fmnist + " --task 3", 2,
         "--task 3: " + gated + " has tasks 1..2"},
        {"verify --task beyond the model's tasks",
         "{T} verify --model " + gated + " --backends golden,golden-wire " + fmnist + " --task 7", 2,
         "--task 7: " + gated + " has tasks 1..2"},
        {"--task on an ungated model", "{T} run --model " + fm + " " + fmnist + " --task 1", 2,
         "--task 1: " + fm + " has no task gates"},
        {"verify --all-tasks on an ungated model",
         "{T} verify --model " + fm + " --backends golden,golden-wire " + fmnist + " --all-tasks", 2,
         "--all-tasks: " + fm + " has no task gates"},
        {"a gate section with 0 tasks", "{T} info " + bad_count, 2,
         bad_count + ": byte 70 (task count): 0, must be 1..65535"},
        {"a gate's padding bits set", "{T} info " + bad_padding, 2,
         bad_padding + ": byte 75 (task 2 layer 0 gate): padding bits 0x01"},
        {"a gate cut short", "{T} run --model " + bad_short + " " + fmnist + " --task 1", 2,
         bad_short + ": byte 75 (task 2 layer 0 gate): 1 bytes"},
        // Runtime failure: exit 3, naming the file.
        {"--out /dev/full: the lost results are a failure", "{T} run --model " + fm + " " + fmnist + " --out /dev/full",
         3, "/dev/full: write failed"},
        {"an unwritable --out in run", "{T} run --model " + fm + " " + fmnist + " --out " + no_dir + "/r.csv", 3,
         no_dir + "/r.csv"},
        {"an unwritable output in calibrate, the same code",
         "{T} calibrate --csv " + csv + " --json " + no_dir + "/c.json", 3, no_dir + "/c.json"},
        {"--plot where gnuplot cannot write", "{T} calibrate --csv " + csv + " --plot " + no_dir + "/p.png", 3,
         "--plot " + no_dir + "/p.png"},
        {"stdout on a full disk", "{T} info " + fm + " > /dev/full", 3, "standard output"},
    };
    // A device that lies (a flipped bit on PCIe, a bitstream from another
    // build): its first answer is damaged between device and host driver
    // (--inject-fault, host/runtime/fault_injection.hpp). The run stops with
    // exit 3 naming the device and the frame, and writes no results.
    {
      const std::string lying = "{T} run --model " + fm + " " + fmnist + " --out " + tmp.file("lying.csv");
      const std::vector<std::pair<std::string, std::string>> faults = {
          {"result-prediction",
           "golden-wire: frame 0 (id 0): RESULT predicts class 65535 of a network with 10 outputs"},
          {"result-frame-id", "golden-wire: frame 0 (id 0): RESULT carries frame id 1"},
          {"result-t", "golden-wire: frame 0 (id 0): RESULT says T = 5"},
          {"result-count", "golden-wire: frame 0 (id 0): RESULT counts 65535 spikes of output 0 in 4 steps"},
          {"result-missing", "golden-wire: frame 2 (id 2): RESULT missing"},
          {"status-code", "golden-wire: frames 0..2: the batch ended with"},
          {"truncated", "golden-wire: frames 0..2: malformed output"},
      };
      for (const auto& [fault, message] : faults)
        rows.push_back({"a device's answer with " + fault + " damaged: exit 3",
                        lying + " --backend golden-wire --inject-fault " + fault, 3, message});
      rows.push_back({"csim: a RESULT predicting class 65535",
                      lying + " --backend csim --inject-fault result-prediction", 3,
                      "csim: frame 0 (id 0): RESULT predicts class 65535"});
      if (backend_built("verilator"))
        rows.push_back({"verilator: a RESULT predicting class 65535",
                        lying + " --backend verilator --inject-fault result-prediction", 3,
                        "verilator: frame 0 (id 0): RESULT predicts class 65535"});
      rows.push_back({"an unknown --inject-fault", lying + " --backend golden-wire --inject-fault cosmic-ray", 1,
                      "--inject-fault"});
      rows.push_back({"--inject-fault on the golden backend", lying + " --inject-fault result-t", 1,
                      "--inject-fault works on the simulated stream backends"});
    }
    // The xrt backend's options are checked before any file or card: a
    // missing or repeated one is a usage error (exit 1).
    if (backend_built("xrt")) {
      const std::string xrt = "{T} run --backend xrt --model " + fm + " " + fmnist;
      rows.push_back({"xrt without --xclbin", xrt, 1, "--xclbin FILE"});
      rows.push_back({"xrt: --device given twice", xrt + " --xclbin " + tmp.file("card.xclbin") + " --device 0 -d 0", 1,
                      "--device 0 is given twice"});
    }
    // An address-space limit (ulimit -v) is how a test runs out of memory;
    // AddressSanitizer cannot start under one, so the sanitizer build skips it.
    if (!kSanitized) {
      rows.push_back({"out of memory names what it was reading",
                      "ulimit -v 400000; exec {T} run --model " + fm + " --input " + oom_npy + " --max-memory 100G", 3,
                      "out of memory while reading " + oom_npy});
      rows.push_back({"verify --expected with an 8 MB field, under a memory cap: the same message",
                      "ulimit -v 400000; exec {T} verify --model " + fm + " --backends golden --expected " +
                          huge_field + " " + fmnist,
                      2, huge_field + ":2: line longer than"});
    }
    return rows;
  }();
  return table;
}

TEST_CASE("every failure gives its documented exit code and one line naming the file or option",
          "[cli][errors][exit-codes]") {
  for (const Row& row : exit_code_rows()) {
    DYNAMIC_SECTION(row.what) {
      const auto t0 = std::chrono::steady_clock::now();
      // The message is what stderr says; stdout (a report printed before
      // the failure) is not part of it.
      const auto r = testing::run_shell("(" + expand(row.command) + ") 2>&1 >/dev/null");
      const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      INFO(row.command << "\n-> exit " << r.exit_code << ", " << r.output.size()
                       << " bytes: " << r.output.substr(0, 600));
      CHECK(r.exit_code == row.code);
      CHECK(testing::line_count(r.output) == 1);
      CHECK(r.output.find(row.names) != std::string::npos);
      CHECK(r.output.size() < 1200);  // no field or file echoed whole
      CHECK(seconds < 10);            // refused up front, not after growing
    }
  }
}

TEST_CASE("the hostile inputs that are legal run with bounded work", "[cli][errors][exit-codes]") {
  const testing::TempDir tmp("trinity_exit");
  const std::string fm = write_model(tmp, "fm.trn", 4, 784);
  const std::string sparse = write_sparse_npy(tmp, "sparse.npy", 1000000, 4, 784);

  SECTION("--threads 100000 is capped at the frames, not an abort") {
    const auto r = testing::run_cli("run --model " + fm + " --dataset fashion-mnist --limit 50 --threads 100000");
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("frames     50") != std::string::npos);
    // The label reports the threads that ran, not the ones asked for.
    CHECK(r.output.find("golden (50 threads)") != std::string::npos);
  }
  SECTION("threads that cannot start leave the work to those that did") {
    if (kSanitized) return;  // AddressSanitizer cannot start under ulimit -v
    // 64 MB of address space more than the run needs: most of 2000 thread
    // stacks (8 MB each) cannot be mapped.
    const auto r = testing::run_shell("(ulimit -v 600000; exec " + std::string(TRINITY_CLI) + " run --model " + fm +
                                      " --dataset fashion-mnist --limit 2000 -q --threads 2000) 2>&1");
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("frames     2000") != std::string::npos);
    CHECK(r.output.find("(2000 threads)") == std::string::npos);
  }
  SECTION("--limit 5 on a 3 GB sparse .npy reads only 5 frames") {
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = testing::run_cli("run --model " + fm + " --input " + sparse + " --limit 5");
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("frames     5") != std::string::npos);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5);
  }
}
