// SPDX-License-Identifier: Apache-2.0
#include "npy_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "errors.hpp"

namespace trinity {
namespace {

constexpr uint8_t kNpyMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr size_t kChunk = size_t{1} << 20;

// Both the file and the in-memory loader go through this, so the checks exist
// once. `size` is known up front (stat), which is what lets every length be
// compared with the bytes present before anything is allocated.
class Source {
 public:
  virtual ~Source() = default;
  virtual uint64_t size() const = 0;
  // Exactly n bytes or throws; callers have already checked n against size().
  virtual void read(uint8_t* dst, size_t n) = 0;
};

class MemorySource : public Source {
 public:
  explicit MemorySource(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  void read(uint8_t* dst, size_t n) override {
    std::memcpy(dst, bytes_.data() + pos_, n);
    pos_ += n;
  }

 private:
  const std::vector<uint8_t>& bytes_;
  size_t pos_ = 0;
};

class FileSource : public Source {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_) throw InputError(path + ": cannot open: " + std::strerror(errno));
    struct stat st;
    if (fstat(fileno(file_), &st) != 0 || !S_ISREG(st.st_mode)) {
      std::fclose(file_);
      throw InputError(path + ": not a regular file");
    }
    size_ = static_cast<uint64_t>(st.st_size);
  }
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  uint64_t size() const override { return size_; }
  void read(uint8_t* dst, size_t n) override {
    if (std::fread(dst, 1, n, file_) != n)
      throw InputError(path_ + ": read failed or file shrank while being read" +
                       (std::ferror(file_) ? std::string(": ") + std::strerror(errno) : std::string()));
  }

 private:
  std::string path_;
  FILE* file_ = nullptr;
  uint64_t size_ = 0;
};

std::string hex8(unsigned char c) {
  char b[8];
  std::snprintf(b, sizeof b, "0x%02x", c);
  return b;
}

struct Dtype {
  size_t itemsize = 1;
  bool is_signed = false;
};

// Strict parser for the one Python literal numpy writes as the header: a dict
// with exactly the keys 'descr' (str), 'fortran_order' (bool) and 'shape'
// (tuple of non-negative ints). Anything else -- escapes, string prefixes,
// comments, numbers with '_' or leading zeros, extra keys -- is rejected
// rather than guessed at.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& name, uint64_t base) : s_(text), name_(name), base_(base) {}

  struct Result {
    std::string descr;
    bool fortran_order = false;
    std::vector<uint64_t> shape;
  };

  Result parse() {
    Result r;
    bool have_descr = false, have_order = false, have_shape = false;
    skip_ws();
    expect('{');
    skip_ws();
    while (peek() != '}') {
      const size_t key_at = pos_;
      const std::string key = string_literal();
      skip_ws();
      expect(':');
      skip_ws();
      if (key == "descr") {
        if (have_descr) fail(key_at, "duplicate key 'descr'");
        have_descr = true;
        if (peek() == '[') fail(pos_, "structured dtypes (a list descr) are not supported");
        r.descr = string_literal();
      } else if (key == "fortran_order") {
        if (have_order) fail(key_at, "duplicate key 'fortran_order'");
        have_order = true;
        r.fortran_order = boolean();
      } else if (key == "shape") {
        if (have_shape) fail(key_at, "duplicate key 'shape'");
        have_shape = true;
        r.shape = tuple();
      } else {
        fail(key_at, "unexpected key '" + key + "' (a .npy header has only descr, fortran_order, shape)");
      }
      skip_ws();
      if (peek() == ',') {
        ++pos_;
        skip_ws();
      } else if (peek() != '}') {
        fail(pos_, "expected ',' or '}'");
      }
    }
    ++pos_;
    skip_ws();
    if (pos_ != s_.size()) fail(pos_, "unexpected text after the header dict");
    if (!have_descr) fail(0, "missing key 'descr'");
    if (!have_order) fail(0, "missing key 'fortran_order'");
    if (!have_shape) fail(0, "missing key 'shape'");
    return r;
  }

 private:
  [[noreturn]] void fail(size_t at, const std::string& problem) const {
    throw InputError(name_ + ": byte " + std::to_string(base_ + at) + " (header): " + problem);
  }
  char peek() const {
    if (pos_ >= s_.size()) fail(pos_, "header ends before its dict is complete");
    return s_[pos_];
  }
  void skip_ws() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  void expect(char c) {
    if (peek() != c) fail(pos_, std::string("expected '") + c + "'");
    ++pos_;
  }
  std::string string_literal() {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail(pos_, "expected a quoted string");
    const size_t start = ++pos_;
    while (peek() != quote) {
      if (s_[pos_] == '\\') fail(pos_, "escape sequences are not supported in header strings");
      if (s_[pos_] == '\n' || s_[pos_] == '\r') fail(pos_, "newline inside a string");
      ++pos_;
    }
    return s_.substr(start, pos_++ - start);
  }
  bool boolean() {
    if (s_.compare(pos_, 4, "True") == 0) {
      pos_ += 4;
      return true;
    }
    if (s_.compare(pos_, 5, "False") == 0) {
      pos_ += 5;
      return false;
    }
    fail(pos_, "fortran_order must be True or False");
  }
  uint64_t integer() {
    const size_t start = pos_;
    if (peek() < '0' || peek() > '9') fail(pos_, "expected a non-negative integer");
    uint64_t v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') {
      const unsigned d = static_cast<unsigned>(s_[pos_] - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) fail(start, "dimension does not fit 64 bits");
      v = v * 10 + d;
      ++pos_;
    }
    if (pos_ - start > 1 && s_[start] == '0') fail(start, "integer with a leading zero");
    return v;
  }
  std::vector<uint64_t> tuple() {
    if (peek() != '(') fail(pos_, "shape must be a tuple");
    ++pos_;
    std::vector<uint64_t> dims;
    skip_ws();
    bool trailing_comma = false;
    while (peek() != ')') {
      if (dims.size() >= 32) fail(pos_, "shape has more than 32 dimensions");
      dims.push_back(integer());
      skip_ws();
      trailing_comma = false;
      if (peek() == ',') {
        ++pos_;
        skip_ws();
        trailing_comma = true;
      } else if (peek() != ')') {
        fail(pos_, "expected ',' or ')' in shape");
      }
    }
    // "(5)" is the int 5 in Python, not a 1-tuple.
    if (dims.size() == 1 && !trailing_comma) fail(pos_, "shape must be a tuple");
    ++pos_;
    return dims;
  }

  const std::string& s_;
  const std::string& name_;
  uint64_t base_;
  size_t pos_ = 0;
};

Dtype parse_dtype(const std::string& descr, const std::string& name) {
  const auto bad = [&](const std::string& why) -> Dtype {
    throw InputError(name + ": header: dtype '" + descr + "' " + why +
                     " (accepted: u1, b1, i1, and little-endian i2, u2, i4, u4, i8, u8)");
  };
  // numpy writes a byte-order mark even for one-byte types ('|u1'), but its
  // reader also takes 'u1'; accept that spelling for one-byte types only.
  const std::string full = descr.size() == 2 && descr[1] == '1' ? "|" + descr : descr;
  if (full.size() != 3) return bad("is not supported");
  const char order = full[0], kind = full[1], width = full[2];
  if (order != '|' && order != '<' && order != '>' && order != '=') return bad("is not supported");
  if (kind != 'u' && kind != 'i' && kind != 'b') return bad("is not supported");
  Dtype d;
  d.is_signed = kind == 'i';
  switch (width) {
    case '1': d.itemsize = 1; break;
    case '2': d.itemsize = 2; break;
    case '4': d.itemsize = 4; break;
    case '8': d.itemsize = 8; break;
    default: return bad("is not supported");
  }
  if (kind == 'b' && d.itemsize != 1) return bad("is not supported");
  // One-byte types have no byte order; wider ones must be stored little-endian
  // ('=' is native order, which numpy never writes to a file).
  if (d.itemsize > 1 && order != '<') return bad(order == '>' ? "is big-endian" : "has no explicit byte order");
  return d;
}

// Everything the header says, checked against the file's size; the data is
// not read.
struct Layout {
  Dtype dtype;
  NpyShape shape;
  uint64_t data_at = 0;
};

Layout parse_layout(Source& src, const std::string& name) {
  const uint64_t size = src.size();
  uint8_t pre[12];
  if (size < 10) throw InputError(name + ": " + std::to_string(size) + " bytes, too short for a .npy preamble");
  src.read(pre, 8);
  if (std::memcmp(pre, kNpyMagic, sizeof kNpyMagic) != 0) throw InputError(name + ": byte 0 (magic): not a .npy file");
  const int major = pre[6], minor = pre[7];
  if ((major < 1 || major > 3) || minor != 0)
    throw InputError(name + ": byte 6 (version): " + std::to_string(major) + "." + std::to_string(minor) +
                     ", supported are 1.0, 2.0, 3.0");
  const size_t len_bytes = major == 1 ? 2 : 4;
  if (size < 8 + len_bytes) throw InputError(name + ": byte 8 (header length): file ends inside it");
  src.read(pre + 8, len_bytes);
  uint64_t header_len = uint64_t{pre[8]} | (uint64_t{pre[9]} << 8);
  if (len_bytes == 4) header_len |= (uint64_t{pre[10]} << 16) | (uint64_t{pre[11]} << 24);
  const uint64_t header_at = 8 + len_bytes;
  if (header_len > kMaxNpyHeaderBytes)
    throw InputError(name + ": byte 8 (header length): " + std::to_string(header_len) + ", more than the " +
                     std::to_string(kMaxNpyHeaderBytes) + "-byte limit");
  if (header_len > size - header_at)
    throw InputError(name + ": byte " + std::to_string(header_at) + " (header): " + std::to_string(header_len) +
                     " bytes claimed, file ends after " + std::to_string(size - header_at));
  std::string header(header_len, '\0');
  src.read(reinterpret_cast<uint8_t*>(header.data()), header_len);
  // Versions 1 and 2 promise latin-1/ASCII; a NUL or control byte means a
  // damaged file, and rejecting it here keeps the parser's messages printable.
  for (size_t k = 0; k < header.size(); ++k) {
    const unsigned char c = static_cast<unsigned char>(header[k]);
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f || (major < 3 && c >= 0x80))
      throw InputError(name + ": byte " + std::to_string(header_at + k) + " (header): invalid character " + hex8(c));
  }
  const HeaderParser::Result h = HeaderParser(header, name, header_at).parse();

  const Dtype dtype = parse_dtype(h.descr, name);
  if (h.fortran_order) throw InputError(name + ": header: fortran_order is True, only C order is supported");
  if (h.shape.size() != 3)
    throw InputError(name + ": header: shape has " + std::to_string(h.shape.size()) +
                     " dimensions, expected 3 ([frames, timesteps, inputs])");
  const char* dim_names[3] = {"frames", "timesteps", "inputs"};
  for (int k = 0; k < 3; ++k) {
    if (h.shape[k] == 0) throw InputError(name + ": header: shape has 0 " + dim_names[k]);
    if (h.shape[k] > std::numeric_limits<uint32_t>::max())
      throw InputError(name + ": header: " + std::to_string(h.shape[k]) + " " + dim_names[k] + " is too many");
  }
  // Each factor is < 2^32, so a ≤ 2^32 and a · shape[2] stay below 2^64.
  const uint64_t a = h.shape[0] * h.shape[1];
  if (a > kMaxNpyElements || a * h.shape[2] > kMaxNpyElements)
    throw InputError(name + ": header: shape (" + std::to_string(h.shape[0]) + ", " + std::to_string(h.shape[1]) +
                     ", " + std::to_string(h.shape[2]) + ") has more than " + std::to_string(kMaxNpyElements) +
                     " elements");
  const uint64_t elements = a * h.shape[2];
  const uint64_t data_at = header_at + header_len;
  const uint64_t data_bytes = elements * dtype.itemsize;  // <= 2^35
  const uint64_t present = size - data_at;
  if (present < data_bytes)
    throw InputError(name + ": byte " + std::to_string(data_at) + " (data): truncated, needs " +
                     std::to_string(data_bytes) + " bytes, file has " + std::to_string(present));
  if (present > data_bytes)
    throw InputError(name + ": byte " + std::to_string(data_at + data_bytes) +
                     " (data): " + std::to_string(present - data_bytes) + " bytes of trailing data");

  Layout l;
  l.dtype = dtype;
  l.shape.count = static_cast<uint32_t>(h.shape[0]);
  l.shape.timesteps = static_cast<uint32_t>(h.shape[1]);
  l.shape.width = static_cast<uint32_t>(h.shape[2]);
  l.data_at = data_at;
  return l;
}

// The first `frames` frames (frames <= l.shape.count); the source is at the
// start of the data.
SpikeTensor read_frames(Source& src, const Layout& l, uint32_t frames, const std::string& name) {
  const Dtype dtype = l.dtype;
  const uint64_t data_at = l.data_at;
  SpikeTensor out;
  out.count = frames;
  out.timesteps = l.shape.timesteps;
  out.width = l.shape.width;
  const uint64_t elements = uint64_t{frames} * out.timesteps * out.width;
  out.bits.resize(elements);
  std::vector<uint8_t> chunk;
  const size_t per_chunk = kChunk / dtype.itemsize;
  for (uint64_t first = 0; first < elements; first += per_chunk) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(per_chunk, elements - first));
    chunk.resize(n * dtype.itemsize);
    src.read(chunk.data(), chunk.size());
    for (size_t e = 0; e < n; ++e) {
      const uint8_t* p = chunk.data() + e * dtype.itemsize;
      uint64_t v = 0;
      for (size_t b = 0; b < dtype.itemsize; ++b) v |= uint64_t{p[b]} << (8 * b);
      if (v > 1) {
        const uint64_t idx = first + e;
        const uint64_t per_frame = uint64_t{out.timesteps} * out.width;
        std::string value;
        if (dtype.is_signed) {
          const int shift = static_cast<int>(64 - 8 * dtype.itemsize);
          value = std::to_string(static_cast<int64_t>(v << shift) >> shift);
        } else {
          value = std::to_string(v);
        }
        throw InputError(name + ": byte " + std::to_string(data_at + idx * dtype.itemsize) + " (element [" +
                         std::to_string(idx / per_frame) + "," + std::to_string(idx % per_frame / out.width) + "," +
                         std::to_string(idx % out.width) + "]): " + value + ", must be 0 or 1");
      }
      out.bits[first + e] = static_cast<uint8_t>(v);
    }
  }
  return out;
}

}  // namespace

SpikeFrame SpikeTensor::frame(uint32_t n) const {
  SpikeFrame f(timesteps, width);
  std::copy_n(bits.begin() + static_cast<ptrdiff_t>(size_t{n} * frame_size()), frame_size(), f.bits.begin());
  return f;
}

NpyShape read_npy_shape(const std::string& path) {
  FileSource src(path);
  return parse_layout(src, path).shape;
}

SpikeTensor load_npy_spikes(const std::string& path, size_t limit) {
  FileSource src(path);
  const Layout l = parse_layout(src, path);
  return read_frames(src, l, static_cast<uint32_t>(std::min<uint64_t>(l.shape.count, limit)), path);
}

SpikeTensor parse_npy_spikes(const std::vector<uint8_t>& bytes, const std::string& name) {
  MemorySource src(bytes);
  const Layout l = parse_layout(src, name);
  return read_frames(src, l, l.shape.count, name);
}

namespace {

// Format 1.0 header for a C-order array of `descr` with `shape`, padded with
// spaces and ended with '\n' so that the data starts 64-aligned, as numpy does.
std::vector<uint8_t> npy_header(const std::string& descr, const std::string& shape) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  std::vector<uint8_t> out(kNpyMagic, kNpyMagic + sizeof kNpyMagic);
  out.push_back(1);
  out.push_back(0);
  out.push_back(static_cast<uint8_t>(header.size()));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  return out;
}

// Writes `bytes` to `path`; a file that could not be written whole is removed.
void write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw RuntimeFailure(path + ": cannot create: " + std::strerror(errno));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int write_errno = errno;
  if (std::fclose(f) != 0 || !written) {
    const int e = written ? errno : write_errno;
    std::remove(path.c_str());
    throw RuntimeFailure(path + ": cannot write: " + std::strerror(e));
  }
}

}  // namespace

std::vector<uint8_t> serialize_npy_spikes(uint32_t count, uint32_t timesteps, uint32_t width,
                                          const std::vector<uint8_t>& bits) {
  if (count == 0 || timesteps == 0 || width == 0)
    throw InputError("cannot write spikes: shape (" + std::to_string(count) + ", " + std::to_string(timesteps) + ", " +
                     std::to_string(width) + ") has a zero dimension");
  const uint64_t elements = uint64_t{count} * timesteps * width;
  if (bits.size() != elements)
    throw InputError("cannot write spikes: " + std::to_string(bits.size()) + " values for shape (" +
                     std::to_string(count) + ", " + std::to_string(timesteps) + ", " + std::to_string(width) + ")");
  for (size_t k = 0; k < bits.size(); ++k)
    if (bits[k] > 1)
      throw InputError("cannot write spikes: value " + std::to_string(k) + " is " + std::to_string(bits[k]) +
                       ", must be 0 or 1");
  std::vector<uint8_t> out =
      npy_header("|u1", std::to_string(count) + ", " + std::to_string(timesteps) + ", " + std::to_string(width));
  out.insert(out.end(), bits.begin(), bits.end());
  return out;
}

void save_npy_spikes(const std::string& path, uint32_t count, uint32_t timesteps, uint32_t width,
                     const std::vector<uint8_t>& bits) {
  write_file(path, serialize_npy_spikes(count, timesteps, width, bits));
}

std::vector<uint8_t> serialize_npy_int32(uint32_t rows, uint32_t cols, const std::vector<int32_t>& values) {
  if (values.size() != uint64_t{rows} * cols)
    throw InputError("cannot write an int32 array: " + std::to_string(values.size()) + " values for shape (" +
                     std::to_string(rows) + ", " + std::to_string(cols) + ")");
  std::vector<uint8_t> out = npy_header("<i4", std::to_string(rows) + ", " + std::to_string(cols));
  for (int32_t v : values)
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<uint8_t>(static_cast<uint32_t>(v) >> (8 * k)));
  return out;
}

void save_npy_int32(const std::string& path, uint32_t rows, uint32_t cols, const std::vector<int32_t>& values) {
  write_file(path, serialize_npy_int32(rows, cols, values));
}

}  // namespace trinity
