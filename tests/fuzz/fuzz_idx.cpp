// SPDX-License-Identifier: Apache-2.0
// IDX images and labels, plain or gzipped (gzread reads both): a set or one
// InputError, with storage that grows only as bytes arrive.
#include <cstdlib>

#include "fuzz_common.hpp"
#include "idx_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static trinity::fuzz::MemFile file;
  const std::string& path = file.write(data, size);
  trinity::fuzz::expect_accept_or_input_error([&] {
    const trinity::ImageSet header = trinity::read_idx_images_header(path);
    const trinity::ImageSet images = trinity::load_idx_images(path, 3);
    if (images.file_count != header.file_count ||
        images.pixels.size() != size_t{images.count} * images.rows * images.cols)
      std::abort();
  });
  trinity::fuzz::expect_accept_or_input_error([&] { (void)trinity::load_idx_label_set(path); });
  return 0;
}
