// SPDX-License-Identifier: Apache-2.0
// IDX readers: the real Fashion-MNIST test set, and malformed files (bad
// magic, truncation, absurd sizes, corrupt gzip) that must fail with one line.
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

#include "errors.hpp"
#include "idx_file.hpp"
#include "temp_dir.hpp"

using namespace trinity;
namespace fs = std::filesystem;

namespace {

using Bytes = std::vector<uint8_t>;

using testing::TempDir;

void put_be32(Bytes& b, uint32_t v) {
  for (int k = 3; k >= 0; --k) b.push_back(static_cast<uint8_t>(v >> (8 * k)));
}

Bytes images_file(uint32_t count, uint32_t rows, uint32_t cols, uint32_t magic = 0x803) {
  Bytes b;
  put_be32(b, magic);
  put_be32(b, count);
  put_be32(b, rows);
  put_be32(b, cols);
  for (uint64_t k = 0; k < uint64_t{count} * rows * cols; ++k) b.push_back(static_cast<uint8_t>(k * 7 + 3));
  return b;
}

Bytes labels_file(const Bytes& labels) {
  Bytes b;
  put_be32(b, 0x801);
  put_be32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

std::string write_plain(const std::string& path, const Bytes& b) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  return path;
}

std::string write_gz(const std::string& path, const Bytes& b) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  if (!b.empty()) REQUIRE(gzwrite(f, b.data(), static_cast<unsigned>(b.size())) == static_cast<int>(b.size()));
  REQUIRE(gzclose(f) == Z_OK);
  return path;
}

Bytes read_all(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

TEST_CASE("idx: the real Fashion-MNIST test set", "[idx]") {
  const std::string dir = TRINITY_FASHION_MNIST_DIR;
  if (!fs::exists(dir + "/t10k-images-idx3-ubyte.gz")) {
    WARN(dir << " has no Fashion-MNIST; real-data test skipped");
    return;
  }
  const FashionMnist test = load_fashion_mnist(dir, "test");
  REQUIRE(test.images.count == 10000);
  REQUIRE(test.images.file_count == 10000);
  REQUIRE(test.images.rows == 28);
  REQUIRE(test.images.cols == 28);
  REQUIRE(test.images.pixels.size() == 10000u * 784);
  REQUIRE(test.labels.size() == 10000);
  int per_class[10] = {};
  for (uint8_t l : test.labels) {
    REQUIRE(l <= 9);
    ++per_class[l];
  }
  for (int c = 0; c < 10; ++c) REQUIRE(per_class[c] == 1000);
  // The set's well-known start (ankle boot, pullover, trouser, trouser, ...).
  REQUIRE(Bytes(test.labels.begin(), test.labels.begin() + 10) == Bytes{9, 2, 1, 1, 6, 1, 4, 6, 5, 7});
  uint64_t first = 0;
  for (int k = 0; k < 784; ++k) first += test.images.image(0)[k];
  REQUIRE(first == 33456);

  // A limit reads only the first images, and the training split is found too.
  const FashionMnist some = load_fashion_mnist(dir, "train", 100);
  REQUIRE(some.images.count == 100);
  REQUIRE(some.images.file_count == 60000);
  REQUIRE(some.labels.size() == 100);
  REQUIRE(load_idx_labels(dir + "/t10k-labels-idx1-ubyte.gz", 3) == Bytes{9, 2, 1});
}

TEST_CASE("idx: plain and gzipped files read the same", "[idx]") {
  TempDir dir;
  const Bytes img = images_file(5, 3, 7);
  const ImageSet a = load_idx_images(write_plain(dir.file("a"), img));
  const ImageSet b = load_idx_images(write_gz(dir.file("b.gz"), img));
  REQUIRE(a.count == 5);
  REQUIRE(a.rows == 3);
  REQUIRE(a.cols == 7);
  REQUIRE(a.pixels == Bytes(img.begin() + 16, img.end()));
  REQUIRE(b.pixels == a.pixels);
  const ImageSet c = load_idx_images(dir.file("b.gz"), 2);
  REQUIRE(c.count == 2);
  REQUIRE(c.file_count == 5);
  REQUIRE(c.pixels == Bytes(img.begin() + 16, img.begin() + 16 + 42));
  const ImageSet d = load_idx_images(dir.file("b.gz"), 0);
  REQUIRE(d.count == 0);
  REQUIRE(d.pixels.empty());
  const LabelSet l = load_idx_label_set(write_gz(dir.file("l.gz"), labels_file({1, 2, 3})));
  REQUIRE(l.file_count == 3);
  REQUIRE(l.labels == Bytes{1, 2, 3});
}

TEST_CASE("idx: malformed image files", "[idx]") {
  TempDir dir;
  const std::string p = dir.file("x.gz");
  auto img_error = [&](const Bytes& b) {
    write_gz(p, b);
    return error_of([&] { load_idx_images(p); });
  };
  REQUIRE(error_of([&] { load_idx_images(dir.file("missing")); }) ==
          dir.file("missing") + ": cannot open: No such file or directory");
  REQUIRE(error_of([&] { load_idx_images(dir.path.string()); }) == dir.path.string() + ": not a regular file");
  REQUIRE(img_error({}) == p + ": byte 0 (magic): file ends inside the header");
  REQUIRE(img_error(labels_file({1, 2})) ==
          p + ": byte 0 (magic): 0x00000801, expected 0x00000803 (IDX images, unsigned bytes)");
  REQUIRE(img_error(images_file(1, 1, 1, 0x0d03)) ==
          p + ": byte 0 (magic): 0x00000d03, expected 0x00000803 (IDX images, unsigned bytes)");
  Bytes short_header = images_file(2, 2, 2);
  short_header.resize(14);
  REQUIRE(img_error(short_header) == p + ": byte 12 (cols): file ends inside the header");
  REQUIRE(img_error(images_file(0, 28, 28)) == p + ": byte 4 (image count): 0, the file holds no images");
  REQUIRE(img_error(images_file(3, 0, 28)) == p + ": byte 8 (rows): 0, must be at least 1");
  REQUIRE(img_error(images_file(3, 28, 0)) == p + ": byte 12 (cols): 0, must be at least 1");

  // Absurd claimed sizes: refused from the header, before any data is read.
  Bytes huge;
  put_be32(huge, 0x803);
  put_be32(huge, 0xffffffffu);
  put_be32(huge, 0xffffffffu);
  put_be32(huge, 0xffffffffu);
  REQUIRE(img_error(huge) == p + ": byte 4 (image count): 4294967295 images of 4294967295x4294967295 exceed the " +
                                 "1073741824-byte limit");
  Bytes over;
  put_be32(over, 0x803);
  put_be32(over, 1369771);  // 1369771 * 784 > 2^30
  put_be32(over, 28);
  put_be32(over, 28);
  REQUIRE(img_error(over) == p + ": byte 4 (image count): 1369771 images of 28x28 exceed the 1073741824-byte limit");

  // Just under the cap but with no data: fails as truncated, and memory grows
  // with the bytes present, not with the claim.
  Bytes claim;
  put_be32(claim, 0x803);
  put_be32(claim, 1369000);
  put_be32(claim, 28);
  put_be32(claim, 28);
  claim.resize(claim.size() + 1000, 1);
  const long before = max_rss_kib();
  REQUIRE(img_error(claim) ==
          p + ": byte 16 (pixels): file ends after 1000 of 1073296000 bytes (record 1 is incomplete)");
  REQUIRE(max_rss_kib() - before < 64 * 1024);

  Bytes cut = images_file(4, 5, 5);
  cut.resize(cut.size() - 1);
  REQUIRE(img_error(cut) == p + ": byte 16 (pixels): file ends after 99 of 100 bytes (record 3 is incomplete)");
  // The same, uncompressed.
  write_plain(dir.file("plain"), cut);
  REQUIRE(error_of([&] { load_idx_images(dir.file("plain")); }) ==
          dir.file("plain") + ": byte 16 (pixels): file ends after 99 of 100 bytes (record 3 is incomplete)");

  Bytes extra = images_file(2, 2, 2);
  extra.push_back(0);
  REQUIRE(img_error(extra) == p + ": byte 24 (trailing data): bytes follow the last of the 2 records");
  // With a limit below the count the rest of the file is not read.
  write_gz(p, extra);
  REQUIRE(load_idx_images(p, 1).count == 1);
}

TEST_CASE("idx: damaged gzip streams", "[idx]") {
  TempDir dir;
  const Bytes img = images_file(50, 28, 28);
  const Bytes gz = read_all(write_gz(dir.file("good.gz"), img));
  REQUIRE(load_idx_images(dir.file("good.gz")).count == 50);

  // Cut anywhere inside the compressed stream: always an error, never a hang
  // or a partially filled set.
  int rejected = 0;
  for (size_t n = 1; n < gz.size(); n += 97) {
    write_plain(dir.file("cut.gz"), Bytes(gz.begin(), gz.begin() + static_cast<ptrdiff_t>(n)));
    REQUIRE_THROWS_AS(load_idx_images(dir.file("cut.gz")), InputError);
    ++rejected;
  }
  // Losing only the 8-byte trailer (CRC and length) is caught too.
  write_plain(dir.file("notrailer.gz"), Bytes(gz.begin(), gz.end() - 8));
  REQUIRE_THAT(error_of([&] { load_idx_images(dir.file("notrailer.gz")); }),
               Catch::Contains("unreadable or corrupt compressed data"));
  // Flipped bits in the deflate data: the stream or its CRC-32 check fails.
  std::mt19937 rng(5);
  for (int k = 0; k < 40; ++k) {
    Bytes b = gz;
    const size_t at = std::uniform_int_distribution<size_t>(20, gz.size() - 9)(rng);
    b[at] ^= static_cast<uint8_t>(1u << (k % 8));
    write_plain(dir.file("flip.gz"), b);
    REQUIRE_THROWS_AS(load_idx_images(dir.file("flip.gz")), InputError);
    ++rejected;
  }
  REQUIRE(rejected > 40);
}

TEST_CASE("idx: malformed label files and Fashion-MNIST consistency", "[idx]") {
  TempDir dir;
  const std::string p = dir.file("l.gz");
  write_gz(p, images_file(1, 1, 1));
  REQUIRE(error_of([&] { load_idx_labels(p); }) ==
          p + ": byte 0 (magic): 0x00000803, expected 0x00000801 (IDX labels, unsigned bytes)");
  Bytes l = labels_file({1, 2, 3});
  l.pop_back();
  write_gz(p, l);
  REQUIRE(error_of([&] { load_idx_labels(p); }) ==
          p + ": byte 8 (labels): file ends after 2 of 3 bytes (record 2 is incomplete)");
  write_gz(p, labels_file({}));
  REQUIRE(error_of([&] { load_idx_labels(p); }) == p + ": byte 4 (label count): 0, the file holds no labels");
  Bytes huge;
  put_be32(huge, 0x801);
  put_be32(huge, 0xfffffff0u);
  write_gz(p, huge);
  REQUIRE(error_of([&] { load_idx_labels(p); }) ==
          p + ": byte 4 (label count): 4294967280 exceeds the 1073741824-byte limit");

  // A directory in the Debian layout with deliberately wrong contents.
  const std::string d = dir.path.string();
  const std::string images = write_gz(d + "/t10k-images-idx3-ubyte.gz", images_file(4, 28, 28));
  const std::string labels = write_gz(d + "/t10k-labels-idx1-ubyte.gz", labels_file({0, 9, 3, 1}));
  REQUIRE(load_fashion_mnist(d, "test").labels == Bytes{0, 9, 3, 1});
  REQUIRE(error_of([&] { load_fashion_mnist(d, "valid"); }) == "idx data set split 'valid': must be train or test");
  REQUIRE(error_of([&] { load_fashion_mnist(d, "train"); }) ==
          d + ": no train-images-idx3-ubyte(.gz) in this directory");
  write_gz(labels, labels_file({0, 9, 3}));
  REQUIRE(error_of([&] { load_fashion_mnist(d, "test"); }) ==
          labels + ": byte 4 (label count): 3 labels, but " + images + " holds 4 images");
  write_gz(labels, labels_file({0, 9, 10, 1}));
  REQUIRE(error_of([&] { load_fashion_mnist(d, "test"); }) == labels + ": byte 10 (label 2): 10, must be 0..9");
  // The limit applies to the label check too: label 2 is not read.
  REQUIRE(load_fashion_mnist(d, "test", 2).labels == Bytes{0, 9});
  write_gz(images, images_file(4, 28, 27));
  REQUIRE(error_of([&] { load_fashion_mnist(d, "test"); }) ==
          images + ": byte 8 (rows): images are 28x27, MNIST and Fashion-MNIST images are 28x28");
  // Unzipped files are used when the .gz is absent.
  fs::remove(images);
  fs::remove(labels);
  write_plain(d + "/t10k-images-idx3-ubyte", images_file(2, 28, 28));
  write_plain(d + "/t10k-labels-idx1-ubyte", labels_file({4, 5}));
  REQUIRE(load_fashion_mnist(d, "test").labels == Bytes{4, 5});
}
