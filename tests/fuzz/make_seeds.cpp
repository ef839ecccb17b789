// SPDX-License-Identifier: Apache-2.0
// Writes the seed corpora of the fuzz harnesses, at build time, from the
// repository's own files (models/*.trn, data/aab/*.csv) and from the
// project's own writers (npy, idx, N-MNIST, protocol streams), so that no
// binary seed is committed:  make_seeds <source dir> <output dir>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "model_file.hpp"
#include "nmnist_file.hpp"
#include "npy_file.hpp"
#include "protocol.hpp"
#include "random_network.hpp"
#include "stream_encoder.hpp"

namespace fs = std::filesystem;
using namespace trinity;

namespace {

void put(const fs::path& dir, const std::string& name, const std::vector<uint8_t>& bytes) {
  fs::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void be32(std::vector<uint8_t>& v, uint32_t x) {
  for (int k = 3; k >= 0; --k) v.push_back(static_cast<uint8_t>(x >> (8 * k)));
}

std::vector<uint8_t> gzip(const std::vector<uint8_t>& raw) {
  uLongf n = compressBound(raw.size()) + 32;
  std::vector<uint8_t> out(n);
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // gzip wrapper
  z.next_in = const_cast<Bytef*>(raw.data());
  z.avail_in = static_cast<uInt>(raw.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::vector<uint8_t> words_bytes(uint8_t mode, const std::vector<uint32_t>& words) {
  std::vector<uint8_t> b{mode};
  for (uint32_t w : words)
    for (int k = 0; k < 4; ++k) b.push_back(static_cast<uint8_t>(w >> (8 * k)));
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_seeds <source dir> <output dir>\n");
    return 1;
  }
  const fs::path src = argv[1], out = argv[2];
  std::mt19937 rng(1);

  // Model files: small random networks of every kind (small weights and
  // LUTs keep each execution fast: the fuzzer mutates a few kB, not the
  // committed models' 400 kB), some carrying the metadata of the committed
  // models/*.trn, so the JSON the project writes is in the corpus.
  std::vector<std::string> metadata{"", R"({"k":1})"};
  for (const char* name : {"bi_snn_s1.trn", "tri_snn_g_s1.trn", "tri_snn_r_s1.trn"}) {
    std::string m;
    (void)load_model((src / "models" / name).string(), &m);
    metadata.push_back(m);
  }
  for (size_t k = 0; k < 8; ++k) {
    Network net = testing::random_network(rng, k % 2, 12);
    for (Layer& l : net.layers) {
      l.lut_bits = std::min(l.lut_bits, 5);
      l.lut.resize(l.lut_entries());
    }
    put(out / "model", "random" + std::to_string(k) + ".trn", serialize_model(net, metadata[k % metadata.size()]));
  }
  // One gated model (format version 2, three tasks at 3 %, 30 % and 100 %), so
  // the fuzzer starts inside the gate section's parser.
  {
    Network net = testing::random_network(rng, false, 12);
    for (Layer& l : net.layers) {
      l.lut_bits = std::min(l.lut_bits, 5);
      l.lut.resize(l.lut_entries());
    }
    put(out / "model", "gated.trn", serialize_model(net, "", testing::random_gates(rng, net, 3, {0.03, 0.3, 1.0})));
  }

  // I-V curves: the measured AAB sweeps, every header line and every tenth
  // data row (21 of 201), so that each execution parses and fits a short curve.
  for (const auto& e : fs::directory_iterator(src / "data" / "aab")) {
    if (e.path().extension() != ".csv") continue;
    std::ifstream f(e.path());
    std::string text, line;
    for (int row = 0; std::getline(f, line);)
      if (line.rfind("DataValue", 0) != 0 || row++ % 10 == 0) text += line + "\n";
    put(out / "iv_csv", e.path().filename().string(), std::vector<uint8_t>(text.begin(), text.end()));
  }

  // Spike tensors.
  for (auto [n, t, w] : {std::tuple<uint32_t, uint32_t, uint32_t>{1, 1, 1}, {2, 3, 9}, {3, 4, 40}}) {
    std::vector<uint8_t> bits(size_t{n} * t * w);
    for (auto& b : bits) b = rng() % 2;
    put(out / "npy", std::to_string(n) + "x" + std::to_string(t) + "x" + std::to_string(w) + ".npy",
        serialize_npy_spikes(n, t, w, bits));
  }

  // IDX: three small images (7x5, so rows and cols differ) and their
  // labels, plain and gzipped.
  std::vector<uint8_t> images, labels;
  be32(images, 0x803), be32(images, 3), be32(images, 7), be32(images, 5);
  for (int k = 0; k < 3 * 35; ++k) images.push_back(static_cast<uint8_t>(rng()));
  be32(labels, 0x801), be32(labels, 3);
  for (int k = 0; k < 3; ++k) labels.push_back(static_cast<uint8_t>(k));
  put(out / "idx", "images", images);
  put(out / "idx", "images.gz", gzip(images));
  put(out / "idx", "labels", labels);
  put(out / "idx", "labels.gz", gzip(labels));

  // N-MNIST recordings, one with a timestamp-overflow marker.
  std::vector<NmnistEvent> events;
  for (uint32_t k = 0; k < 50; ++k)
    events.push_back(
        {static_cast<uint8_t>(rng() % 34), static_cast<uint8_t>(rng() % 34), static_cast<uint8_t>(rng() % 2), 100 * k});
  put(out / "nmnist", "events.bin", serialize_nmnist(events));
  std::vector<uint8_t> overflow = serialize_nmnist({events[0]});
  overflow.insert(overflow.end(), {0, 240, 0, 0, 0});
  const auto more = serialize_nmnist({events[1]});
  overflow.insert(overflow.end(), more.begin(), more.end());
  put(out / "nmnist", "overflow.bin", overflow);

  // Protocol streams that fit the fuzzed cores' capacity (3 layers, 100
  // neurons, T 12): a configuration, frames, a QUERY; with and without TRACE.
  for (int k = 0; k < 6; ++k) {
    Network net;
    net.timesteps = 1 + rng() % 12;
    const uint32_t n_in = 1 + rng() % 40, hidden = 1 + rng() % 30, n_out = 1 + rng() % 10;
    net.layers.push_back(testing::random_layer(rng, n_in, hidden, static_cast<UnitKind>(k % 4), k % 2));
    net.layers.push_back(testing::random_layer(rng, hidden, n_out, static_cast<UnitKind>((k + 1) % 4), false));
    for (Layer& l : net.layers)
      if (l.lut_bits > 8) {
        l.lut_bits = 8;
        l.lut.resize(l.lut_entries());
      }
    // Half of them with task gates (protocol v3 GATE), and a TASK between frames.
    if (k % 2) net.gates = testing::random_gates(rng, net, 2, {0.1, 0.5});
    protocol::Stream s = protocol::encode_network(net, k % 3 == 0);
    for (uint32_t f = 0; f < 2; ++f) {
      protocol::append_task(s, f % (1 + net.gates.tasks));
      protocol::append_frame(s, f, testing::random_frame(rng, net.timesteps, net.inputs(), 0.4));
    }
    // And an IMAGE (protocol v2), so the on-core rate coding is reached.
    std::vector<uint8_t> pixels(net.inputs());
    for (auto& p : pixels) p = static_cast<uint8_t>(rng());
    protocol::append_image(s, 2, {pixels.data(), net.inputs(), static_cast<uint32_t>(k), (uint64_t{rng()} << 32) | rng()});
    protocol::append_query(s);
    put(out / "protocol", "stream" + std::to_string(k), words_bytes(0, protocol::stream_words(s)));
    // The host-driver harness takes arbitrary bytes; a few give it a start.
    std::vector<uint8_t> noise(16 + k * 8);
    for (auto& b : noise) b = static_cast<uint8_t>(rng());
    put(out / "host_driver", "noise" + std::to_string(k), noise);
  }
  put(out / "host_driver", "clean", std::vector<uint8_t>(8, 0));
  return 0;
}
