// SPDX-License-Identifier: Apache-2.0
#include "idx_file.hpp"

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

#include "errors.hpp"

namespace trinity {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;
constexpr uint32_t kLabelsMagic = 0x00000801;
constexpr size_t kFirstChunk = size_t{1} << 12;
constexpr size_t kChunk = size_t{1} << 20;
constexpr unsigned kMinGzBuffer = 1u << 12, kMaxGzBuffer = 1u << 17;

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

// gzread transparently reads uncompressed files too, so one path serves both.
// Offsets are in the decompressed stream.
class IdxReader {
 public:
  explicit IdxReader(const std::string& path) : path_(path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw InputError(path + ": not a regular file");
    file_ = gzopen(path.c_str(), "rb");
    if (!file_) throw InputError(path + ": cannot open: " + std::strerror(errno ? errno : ENOMEM));
    // zlib's buffers (input, and twice that for output) sized to the file:
    // a 100-byte labels file needs no 384 kB of them.
    gzbuffer(file_, static_cast<unsigned>(std::clamp<off_t>(st.st_size, kMinGzBuffer, kMaxGzBuffer)));
  }
  ~IdxReader() { gzclose(file_); }
  IdxReader(const IdxReader&) = delete;
  IdxReader& operator=(const IdxReader&) = delete;

  uint64_t offset() const { return offset_; }
  const std::string& path() const { return path_; }

  [[noreturn]] void fail(uint64_t byte, const std::string& what, const std::string& problem) const {
    throw InputError(path_ + ": byte " + std::to_string(byte) + " (" + what + "): " + problem);
  }

  // Up to n bytes; fewer only at the end of the data. Corrupt compressed data
  // (bad deflate stream, gzip trailer CRC, truncated member) throws.
  size_t read(uint8_t* dst, size_t n) {
    size_t got = 0;
    while (got < n) {
      const unsigned ask = static_cast<unsigned>(std::min<size_t>(n - got, INT_MAX / 2));
      const int r = gzread(file_, dst + got, ask);
      int errnum = Z_OK;
      const char* msg = gzerror(file_, &errnum);
      if (r < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
        const std::string why = errnum == Z_ERRNO ? std::strerror(errno) : msg;
        fail(offset_ + got, "data", "unreadable or corrupt compressed data: " + why);
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    offset_ += got;
    return got;
  }

  uint32_t read_be32(const std::string& what) {
    uint8_t b[4];
    const uint64_t at = offset_;
    if (read(b, 4) != 4) fail(at, what, "file ends inside the header");
    return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
  }

  void check_magic(uint32_t expected, const char* kind) {
    const uint32_t magic = read_be32("magic");
    if (magic != expected)
      fail(0, "magic", hex32(magic) + ", expected " + hex32(expected) + " (IDX " + kind + ", unsigned bytes)");
  }

  // Grows `out` only as bytes arrive, so a header claiming a gigabyte over a
  // few bytes of data costs a few bytes (plus one chunk); chunks double from
  // 4 kB to 1 MB, so a small file is not read into a zeroed megabyte.
  void read_records(std::vector<uint8_t>& out, uint64_t bytes, uint64_t record_bytes, const std::string& what) {
    const uint64_t start = offset_;
    out.clear();
    while (out.size() < bytes) {
      const size_t have = out.size();
      const size_t chunk = std::clamp(have, kFirstChunk, kChunk);
      const size_t want = static_cast<size_t>(std::min<uint64_t>(bytes - have, chunk));
      out.resize(have + want);
      const size_t got = read(out.data() + have, want);
      out.resize(have + got);
      if (got < want)
        fail(start, what,
             "file ends after " + std::to_string(out.size()) + " of " + std::to_string(bytes) + " bytes (record " +
                 std::to_string(out.size() / record_bytes) + " is incomplete)");
    }
  }

  // Only meaningful after reading every record the header announced.
  void check_end(uint32_t count) {
    uint8_t extra;
    const uint64_t at = offset_;
    if (read(&extra, 1) != 0)
      fail(at, "trailing data", "bytes follow the last of the " + std::to_string(count) + " records");
  }

 private:
  std::string path_;
  gzFile file_ = nullptr;
  uint64_t offset_ = 0;
};

std::string pick_file(const std::string& dir, const std::string& base) {
  struct stat st;
  for (const std::string& candidate : {dir + "/" + base + ".gz", dir + "/" + base})
    if (::stat(candidate.c_str(), &st) == 0) return candidate;
  throw InputError(dir + ": no " + base + "(.gz) in this directory");
}

}  // namespace

namespace {

// The header of an images file, checked; `in` is left at the first pixel.
ImageSet read_images_header(IdxReader& in) {
  in.check_magic(kImagesMagic, "images");
  ImageSet set;
  set.file_count = in.read_be32("image count");
  set.rows = in.read_be32("rows");
  set.cols = in.read_be32("cols");
  if (set.file_count == 0) in.fail(4, "image count", "0, the file holds no images");
  if (set.rows == 0) in.fail(8, "rows", "0, must be at least 1");
  if (set.cols == 0) in.fail(12, "cols", "0, must be at least 1");
  const uint64_t per_image = uint64_t{set.rows} * set.cols;  // < 2^64: both factors < 2^32
  if (per_image > kMaxIdxBytes || set.file_count > kMaxIdxBytes / per_image)
    in.fail(4, "image count",
            std::to_string(set.file_count) + " images of " + std::to_string(set.rows) + "x" + std::to_string(set.cols) +
                " exceed the " + std::to_string(kMaxIdxBytes) + "-byte limit");
  return set;
}

}  // namespace

ImageSet read_idx_images_header(const std::string& path) {
  IdxReader in(path);
  return read_images_header(in);
}

ImageSet load_idx_images(const std::string& path, size_t limit) {
  IdxReader in(path);
  ImageSet set = read_images_header(in);
  const uint64_t per_image = uint64_t{set.rows} * set.cols;
  set.count = static_cast<uint32_t>(std::min<uint64_t>(set.file_count, limit));
  in.read_records(set.pixels, set.count * per_image, per_image, "pixels");
  if (set.count == set.file_count) in.check_end(set.file_count);
  return set;
}

LabelSet load_idx_label_set(const std::string& path, size_t limit) {
  IdxReader in(path);
  in.check_magic(kLabelsMagic, "labels");
  LabelSet set;
  set.file_count = in.read_be32("label count");
  if (set.file_count == 0) in.fail(4, "label count", "0, the file holds no labels");
  if (set.file_count > kMaxIdxBytes)
    in.fail(4, "label count",
            std::to_string(set.file_count) + " exceeds the " + std::to_string(kMaxIdxBytes) + "-byte limit");
  const uint32_t count = static_cast<uint32_t>(std::min<uint64_t>(set.file_count, limit));
  in.read_records(set.labels, count, 1, "labels");
  if (count == set.file_count) in.check_end(set.file_count);
  return set;
}

std::vector<uint8_t> load_idx_labels(const std::string& path, size_t limit) {
  return load_idx_label_set(path, limit).labels;
}

namespace {

std::string split_prefix(const std::string& split) {
  if (split == "train") return "train";
  if (split == "test") return "t10k";
  throw InputError("idx data set split '" + split + "': must be train or test");
}

}  // namespace

std::string fashion_mnist_images_path(const std::string& dir, const std::string& split) {
  return pick_file(dir, split_prefix(split) + "-images-idx3-ubyte");
}

FashionMnist load_fashion_mnist(const std::string& dir, const std::string& split, size_t limit) {
  const std::string prefix = split_prefix(split);
  const std::string images_path = pick_file(dir, prefix + "-images-idx3-ubyte");
  const std::string labels_path = pick_file(dir, prefix + "-labels-idx1-ubyte");

  FashionMnist data;
  data.images = load_idx_images(images_path, limit);
  if (data.images.rows != 28 || data.images.cols != 28)
    throw InputError(images_path + ": byte 8 (rows): images are " + std::to_string(data.images.rows) + "x" +
                     std::to_string(data.images.cols) + ", MNIST and Fashion-MNIST images are 28x28");
  LabelSet labels = load_idx_label_set(labels_path, limit);
  if (labels.file_count != data.images.file_count)
    throw InputError(labels_path + ": byte 4 (label count): " + std::to_string(labels.file_count) + " labels, but " +
                     images_path + " holds " + std::to_string(data.images.file_count) + " images");
  for (size_t k = 0; k < labels.labels.size(); ++k)
    if (labels.labels[k] > 9)
      throw InputError(labels_path + ": byte " + std::to_string(8 + k) + " (label " + std::to_string(k) +
                       "): " + std::to_string(labels.labels[k]) + ", must be 0..9");
  data.labels = std::move(labels.labels);
  return data;
}

}  // namespace trinity
