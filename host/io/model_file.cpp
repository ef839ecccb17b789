// SPDX-License-Identifier: Apache-2.0
#include "model_file.hpp"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "errors.hpp"

namespace trinity {
namespace {

constexpr uint8_t kMagic[8] = {0x89, 'T', 'R', 'N', '\r', '\n', 0x1a, '\n'};

uint16_t get_u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
uint32_t get_u32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
int16_t get_i16(const uint8_t* p) { return static_cast<int16_t>(get_u16(p)); }

void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v));
  out.push_back(static_cast<uint8_t>(v >> 8));
}
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(v >> (8 * k)));
}

std::string hex8(uint8_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", v);
  return buf;
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

[[noreturn]] void fail(const std::string& name, uint64_t byte, const std::string& what, const std::string& problem) {
  throw InputError(name + ": byte " + std::to_string(byte) + " (" + what + "): " + problem);
}

// The metadata rule shared by the loader and the writer: empty, or exactly
// one JSON object (which also proves the text is valid UTF-8: nlohmann's lexer
// rejects ill-formed sequences, overlongs and lone surrogates).
bool metadata_ok(const char* begin, const char* end) {
  if (begin == end) return true;
  // nlohmann's lexer takes a NUL byte for the end of input, so "{}\0junk"
  // would pass; JSON text can never contain a raw NUL anyway.
  if (std::memchr(begin, '\0', static_cast<size_t>(end - begin)) != nullptr) return false;
  const char* p = begin;
  while (p != end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) ++p;
  if (p == end || *p != '{') return false;
  return nlohmann::json::accept(begin, end);
}

// Byte-offset order within the record, so the first bad field reported is the
// first one in the file.
void check_record(const std::string& name, const uint8_t* r, uint64_t at, const std::string& what) {
  if (!kUnitKindLimit.holds(r[0])) fail(name, at, what, range_problem("kind", r[0], kUnitKindLimit));
  const int w_shift = static_cast<int8_t>(r[1]);
  if (!kWShiftLimit.holds(w_shift)) fail(name, at + 1, what, range_problem("w_shift", w_shift, kWShiftLimit));
  if (!kLutBitsLimit.holds(r[2])) fail(name, at + 2, what, range_problem("lut_bits", r[2], kLutBitsLimit));
  if (!kLutShiftLimit.holds(r[3])) fail(name, at + 3, what, range_problem("lut_shift", r[3], kLutShiftLimit));
  const uint32_t n_in = get_u32(r + 4), n_out = get_u32(r + 8);
  if (!kNeuronLimit.holds(n_in)) fail(name, at + 4, what, range_problem("n_in", n_in, kNeuronLimit));
  if (!kNeuronLimit.holds(n_out)) fail(name, at + 8, what, range_problem("n_out", n_out, kNeuronLimit));
  const uint16_t tau_d = get_u16(r + 12), tau_n = get_u16(r + 14);
  if (!kTauLimit.holds(tau_d)) fail(name, at + 12, what, range_problem("tau_d", tau_d, kTauLimit));
  if (!kTauLimit.holds(tau_n)) fail(name, at + 14, what, range_problem("tau_n", tau_n, kTauLimit));
  const uint32_t reserved = get_u32(r + 20);
  if (reserved != 0) fail(name, at + 20, what, "reserved = " + hex32(reserved) + ", must be 0");
}

// Bounds check for one variable-size block: `count` in 64 bits, compared with
// what is left before the CRC.
void check_block(const std::string& name, uint64_t at, uint64_t bytes, uint64_t data_end, const std::string& what,
                 const std::string& shape) {
  if (bytes > data_end - at)
    fail(name, at, what,
         std::to_string(bytes) + " bytes (" + shape + ") run past the end of data at byte " + std::to_string(data_end));
}

}  // namespace

uint32_t crc32_bytes(const uint8_t* data, size_t size) {
  uLong crc = crc32(0L, Z_NULL, 0);
  while (size > 0) {
    const uInt chunk = static_cast<uInt>(std::min<size_t>(size, 1u << 30));
    crc = crc32(crc, data, chunk);
    data += chunk;
    size -= chunk;
  }
  return static_cast<uint32_t>(crc);
}

Network parse_model(const std::vector<uint8_t>& bytes, const std::string& name, std::string* metadata_json,
                    TaskGates* gates_out) {
  const uint64_t size = bytes.size();
  const uint8_t* b = bytes.data();

  // 1. Size bounds.
  if (size > kMaxModelFileBytes)
    fail(name, 0, "file",
         std::to_string(size) + " bytes, larger than the " + std::to_string(kMaxModelFileBytes) + "-byte limit");
  if (size < kModelHeaderBytes + kModelCrcBytes)
    fail(name, 0, "file",
         std::to_string(size) + " bytes, shorter than header + CRC (" +
             std::to_string(kModelHeaderBytes + kModelCrcBytes) + " bytes)");

  // 2. Header.
  if (std::memcmp(b, kMagic, sizeof kMagic) != 0) fail(name, 0, "magic", "not a trinity model file");
  const uint16_t version = get_u16(b + 8);
  if (version != kModelFormatVersion && version != kGatedModelFormatVersion)
    fail(name, 8, "version", std::to_string(version) + ", only versions 1 and 2 are supported");
  const uint16_t layer_count = get_u16(b + 10);
  if (!kLayerCountLimit.holds(layer_count))
    fail(name, 10, "layer count", std::to_string(layer_count) + ", must be " + limit_text(kLayerCountLimit));
  const uint32_t timesteps = get_u32(b + 12);
  if (!kTimestepLimit.holds(timesteps))
    fail(name, 12, "timesteps", std::to_string(timesteps) + ", must be " + limit_text(kTimestepLimit));
  const uint32_t metadata_bytes = get_u32(b + 16);
  if (metadata_bytes > kMaxModelMetadataBytes)
    fail(name, 16, "metadata size", std::to_string(metadata_bytes) + ", must be 0..65536");
  for (uint64_t at : {uint64_t{24}, uint64_t{28}}) {
    const uint32_t reserved = get_u32(b + at);
    if (reserved != 0) fail(name, at, "reserved", hex32(reserved) + ", must be 0");
  }
  const uint32_t total = get_u32(b + 20);
  if (total != size)
    fail(name, 20, "file size",
         "header says " + std::to_string(total) + ", file has " + std::to_string(size) + " bytes");

  // 3. CRC, before any field is trusted further.
  const uint64_t data_end = size - kModelCrcBytes;
  const uint32_t stored = get_u32(b + data_end);
  const uint32_t computed = crc32_bytes(b, data_end);
  if (stored != computed) fail(name, data_end, "crc", "stored " + hex32(stored) + ", computed " + hex32(computed));

  // 4. Metadata.
  uint64_t at = kModelHeaderBytes;
  if (metadata_bytes > data_end - at)
    fail(name, at, "metadata",
         std::to_string(metadata_bytes) + " bytes run past the end of data at byte " + std::to_string(data_end));
  const char* meta = reinterpret_cast<const char*>(b + at);
  if (!metadata_ok(meta, meta + metadata_bytes)) fail(name, at, "metadata", "not a valid UTF-8 JSON object");
  std::string metadata(meta, metadata_bytes);
  at += metadata_bytes;

  // 5. Layers. Every allocation below is of a block already shown to lie
  // inside the file, so the total allocated never exceeds the file's size.
  Network net;
  net.timesteps = timesteps;
  net.layers.reserve(layer_count);
  for (uint32_t l = 0; l < layer_count; ++l) {
    const std::string prefix = "layer " + std::to_string(l);
    const std::string what = prefix + " record";
    if (kModelRecordBytes > data_end - at)
      fail(name, at, what,
           std::to_string(kModelRecordBytes) + "-byte record runs past the end of data at byte " +
               std::to_string(data_end));
    const uint8_t* r = b + at;
    check_record(name, r, at, what);
    Layer layer;
    layer.kind = static_cast<UnitKind>(r[0]);
    layer.w_shift = static_cast<int8_t>(r[1]);
    layer.lut_bits = r[2];
    layer.lut_shift = r[3];
    layer.n_in = get_u32(r + 4);
    layer.n_out = get_u32(r + 8);
    layer.tau_d = get_u16(r + 12);
    layer.tau_n = get_u16(r + 14);
    layer.v_th = get_i16(r + 16);
    layer.lut_lo = get_i16(r + 18);
    if (l > 0 && layer.n_in != net.layers.back().n_out)
      fail(name, at + 4, what,
           "n_in = " + std::to_string(layer.n_in) + ", but layer " + std::to_string(l - 1) +
               " has n_out = " + std::to_string(net.layers.back().n_out));
    at += kModelRecordBytes;

    const uint64_t weight_bytes = uint64_t{layer.n_out} * layer.n_in;
    check_block(name, at, weight_bytes, data_end, prefix + " weights",
                "n_out " + std::to_string(layer.n_out) + " x n_in " + std::to_string(layer.n_in));
    layer.weights.resize(weight_bytes);
    std::memcpy(layer.weights.data(), b + at, weight_bytes);
    at += weight_bytes;

    const uint64_t bias_bytes = uint64_t{layer.n_out} * 2;
    check_block(name, at, bias_bytes, data_end, prefix + " bias", "n_out " + std::to_string(layer.n_out) + " x 2");
    layer.bias.resize(layer.n_out);
    for (uint32_t i = 0; i < layer.n_out; ++i) layer.bias[i] = get_i16(b + at + 2 * uint64_t{i});
    at += bias_bytes;

    const uint64_t entries = uint64_t{1} << layer.lut_bits;
    check_block(name, at, entries * 2, data_end, prefix + " LUT",
                "2^" + std::to_string(layer.lut_bits) + " entries x 2");
    layer.lut.resize(entries);
    for (uint64_t k = 0; k < entries; ++k) layer.lut[k] = get_i16(b + at + 2 * k);
    at += entries * 2;

    net.layers.push_back(std::move(layer));
  }

  // 6. Version 2: the gate section.
  TaskGates gates;
  if (version == kGatedModelFormatVersion) {
    if (kModelTaskCountBytes > data_end - at)
      fail(name, at, "task count",
           std::to_string(kModelTaskCountBytes) + "-byte task count runs past the end of data at byte " +
               std::to_string(data_end));
    const uint32_t tasks = get_u32(b + at);
    // 0 tasks is refused: an ungated model is written as version 1 (canonical).
    if (!kTaskCountLimit.holds(tasks))
      fail(name, at, "task count", std::to_string(tasks) + ", must be " + limit_text(kTaskCountLimit));
    at += kModelTaskCountBytes;
    gates = make_gates(net, 0);  // the layer offsets only; the bits come once checked
    gates.tasks = tasks;
    const uint64_t section_start = at;
    // Masks in file order; each is bounds-checked before its padding byte is
    // read, and nothing is allocated until the whole section is shown to lie
    // inside the file.
    for (uint32_t k = 0; k < tasks; ++k)
      for (uint32_t l = 0; l < layer_count; ++l) {
        const Layer& layer = net.layers[l];
        const uint64_t mask_bytes = gate_mask_bytes(layer);
        // Named only on failure: a file may hold up to 65535 x 16 masks.
        const auto what = [&] { return "task " + std::to_string(k + 1) + " layer " + std::to_string(l) + " gate"; };
        if (mask_bytes > data_end - at)
          check_block(name, at, mask_bytes, data_end, what(),
                      "n_out " + std::to_string(layer.n_out) + " x n_in " + std::to_string(layer.n_in) + " bits");
        // Padding bits (the last byte's unused low bits) must be 0: one file per gate.
        const unsigned used = static_cast<unsigned>(uint64_t{layer.n_out} * layer.n_in % 8);
        const uint8_t padding = used == 0 ? 0 : static_cast<uint8_t>(b[at + mask_bytes - 1] & (0xffu >> used));
        if (padding != 0)
          fail(name, at + mask_bytes - 1, what(),
               "padding bits " + hex8(padding) + " of the last byte must be 0 (" +
                   std::to_string(uint64_t{layer.n_out} * layer.n_in) + " bits)");
        at += mask_bytes;
      }
    gates.bits.assign(b + section_start, b + at);
  }

  // 7. Nothing may hide between the last layer (or gate) and the CRC.
  if (at != data_end)
    fail(name, at, "trailing data",
         std::to_string(data_end - at) + " bytes left over after the last " +
             (version == kGatedModelFormatVersion ? "gate" : "layer"));

  // Every range was checked above; this guards against the two drifting apart.
  const std::string problem = validate(net);
  if (!problem.empty()) fail(name, 0, "network", problem);
  const std::string gate_problem = validate_gates(net, gates);
  if (!gate_problem.empty()) fail(name, 0, "gates", gate_problem);

  if (metadata_json) *metadata_json = std::move(metadata);
  if (gates_out) *gates_out = std::move(gates);
  return net;
}

Network load_model(const std::string& path, std::string* metadata_json, TaskGates* gates) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  struct Closer {
    FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};

  // Size is known before a byte is read, so an oversized file costs nothing.
  struct stat st;
  if (fstat(fileno(f), &st) != 0) throw InputError(path + ": cannot stat: " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size > kMaxModelFileBytes)
    fail(path, 0, "file",
         std::to_string(size) + " bytes, larger than the " + std::to_string(kMaxModelFileBytes) + "-byte limit");

  std::vector<uint8_t> bytes(size);
  const size_t got = size ? std::fread(bytes.data(), 1, size, f) : 0;
  if (got != size || std::ferror(f))
    throw InputError(path + ": read " + std::to_string(got) + " of " + std::to_string(size) + " bytes" +
                     (std::ferror(f) ? std::string(": ") + std::strerror(errno) : std::string(" (file shrank?)")));
  if (std::fgetc(f) != EOF) throw InputError(path + ": file grew while being read");
  return parse_model(bytes, path, metadata_json, gates);
}

std::vector<uint8_t> serialize_model(const Network& net, const std::string& metadata_json, const TaskGates& gates) {
  const std::string problem = validate(net);
  if (!problem.empty()) throw InputError("cannot save model: " + problem);
  const std::string gate_problem = validate_gates(net, gates);
  if (!gate_problem.empty()) throw InputError("cannot save model: " + gate_problem);
  if (metadata_json.size() > kMaxModelMetadataBytes)
    throw InputError("cannot save model: metadata is " + std::to_string(metadata_json.size()) +
                     " bytes, at most 65536 allowed");
  if (!metadata_ok(metadata_json.data(), metadata_json.data() + metadata_json.size()))
    throw InputError("cannot save model: metadata is not a valid UTF-8 JSON object");

  uint64_t total = kModelHeaderBytes + metadata_json.size() + kModelCrcBytes;
  for (const Layer& layer : net.layers)
    total += kModelRecordBytes + uint64_t{layer.n_out} * layer.n_in + uint64_t{layer.n_out} * 2 +
             uint64_t{layer.lut_entries()} * 2;
  if (!gates.empty()) {
    total += kModelTaskCountBytes;
    for (const Layer& layer : net.layers) total += uint64_t{gates.tasks} * gate_mask_bytes(layer);
  }
  if (total > kMaxModelFileBytes)
    throw InputError("cannot save model: " + std::to_string(total) + " bytes, larger than the " +
                     std::to_string(kMaxModelFileBytes) + "-byte limit the loader enforces");

  std::vector<uint8_t> out;
  out.reserve(total);
  out.insert(out.end(), kMagic, kMagic + sizeof kMagic);
  put_u16(out, gates.empty() ? kModelFormatVersion : kGatedModelFormatVersion);
  put_u16(out, static_cast<uint16_t>(net.layers.size()));
  put_u32(out, net.timesteps);
  put_u32(out, static_cast<uint32_t>(metadata_json.size()));
  put_u32(out, static_cast<uint32_t>(total));
  put_u32(out, 0);
  put_u32(out, 0);
  out.insert(out.end(), metadata_json.begin(), metadata_json.end());
  for (const Layer& layer : net.layers) {
    out.push_back(static_cast<uint8_t>(layer.kind));
    out.push_back(static_cast<uint8_t>(static_cast<int8_t>(layer.w_shift)));
    out.push_back(static_cast<uint8_t>(layer.lut_bits));
    out.push_back(static_cast<uint8_t>(layer.lut_shift));
    put_u32(out, layer.n_in);
    put_u32(out, layer.n_out);
    put_u16(out, layer.tau_d);
    put_u16(out, layer.tau_n);
    put_u16(out, static_cast<uint16_t>(layer.v_th));
    put_u16(out, static_cast<uint16_t>(layer.lut_lo));
    put_u32(out, 0);
    for (int8_t w : layer.weights) out.push_back(static_cast<uint8_t>(w));
    for (int16_t v : layer.bias) put_u16(out, static_cast<uint16_t>(v));
    for (int16_t v : layer.lut) put_u16(out, static_cast<uint16_t>(v));
  }
  if (!gates.empty()) {
    put_u32(out, gates.tasks);
    out.insert(out.end(), gates.bits.begin(), gates.bits.end());
  }
  put_u32(out, crc32_bytes(out.data(), out.size()));
  return out;
}

void save_model(const std::string& path, const Network& net, const std::string& metadata_json, const TaskGates& gates) {
  std::vector<uint8_t> bytes;
  try {
    bytes = serialize_model(net, metadata_json, gates);
  } catch (const InputError& e) {
    throw InputError(path + ": " + e.what());  // which of the outputs could not be written
  }
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw RuntimeFailure(tmp + ": cannot create: " + std::strerror(errno));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int write_errno = errno;
  const bool closed = std::fclose(f) == 0;
  if (!written || !closed) {
    const int e = !written ? write_errno : errno;
    std::remove(tmp.c_str());
    throw RuntimeFailure(tmp + ": cannot write: " + std::strerror(e));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = errno;
    std::remove(tmp.c_str());
    throw RuntimeFailure(path + ": cannot rename " + tmp + " into place: " + std::strerror(e));
  }
}

uint32_t model_crc(const Network& net, const std::string& metadata_json, const TaskGates& gates) {
  const std::vector<uint8_t> bytes = serialize_model(net, metadata_json, gates);
  return get_u32(bytes.data() + bytes.size() - kModelCrcBytes);
}

}  // namespace trinity
