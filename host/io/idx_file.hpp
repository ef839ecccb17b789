// SPDX-License-Identifier: Apache-2.0
// MNIST-style IDX files (images: magic 0x00000803, labels: 0x00000801),
// gzipped or plain. Sizes in the header are never trusted for allocation:
// storage grows only as decompressed bytes actually arrive, and the claimed
// total is capped at kMaxIdxBytes. Every rejection is one InputError line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace trinity {

constexpr uint64_t kMaxIdxBytes = uint64_t{1} << 30;

struct ImageSet {
  uint32_t count = 0;       // images loaded (min(file count, limit))
  uint32_t file_count = 0;  // images the file holds
  uint32_t rows = 0;
  uint32_t cols = 0;
  std::vector<uint8_t> pixels;  // [count][rows][cols]

  uint32_t pixels_per_image() const { return rows * cols; }
  const uint8_t* image(uint32_t n) const { return pixels.data() + size_t{n} * rows * cols; }
};

struct LabelSet {
  uint32_t file_count = 0;      // labels the file holds
  std::vector<uint8_t> labels;  // the first min(file_count, limit)
};

// With limit < the file's count only the first `limit` records are read (and
// checked); otherwise the whole file is, including that nothing follows.
ImageSet load_idx_images(const std::string& path, size_t limit = SIZE_MAX);
// The 16-byte header alone (count 0, no pixels): how many images of what
// size, known before any pixel is decompressed.
ImageSet read_idx_images_header(const std::string& path);
LabelSet load_idx_label_set(const std::string& path, size_t limit = SIZE_MAX);
std::vector<uint8_t> load_idx_labels(const std::string& path, size_t limit = SIZE_MAX);

struct FashionMnist {
  ImageSet images;
  std::vector<uint8_t> labels;  // one per loaded image, each 0..9
};

// Fashion-MNIST or MNIST (the same layout; the name is historical): `dir` in
// the Debian layout ({train,t10k}-{images-idx3,labels-idx1}-ubyte.gz; the
// unzipped names, as MNIST is installed, are used when the .gz is absent);
// split "train" or "test". fashion_mnist_images_path names the images file
// that would be read. Checks the two files hold the same number of records
// and every loaded label is 0..9.
FashionMnist load_fashion_mnist(const std::string& dir, const std::string& split, size_t limit = SIZE_MAX);
std::string fashion_mnist_images_path(const std::string& dir, const std::string& split);

}  // namespace trinity
