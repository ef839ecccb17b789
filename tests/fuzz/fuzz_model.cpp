// SPDX-License-Identifier: Apache-2.0
// The model loader (docs/model-format.md): any bytes are a model or one
// InputError; an accepted model serializes back to the same bytes.
#include <cstdlib>

#include "fuzz_common.hpp"
#include "model_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  trinity::fuzz::expect_accept_or_input_error([&] {
    std::string metadata;
    trinity::TaskGates gates;
    const trinity::Network net = trinity::parse_model(bytes, "fuzz.trn", &metadata, &gates);
    // The encoding is canonical: what was accepted is what would be written.
    if (trinity::serialize_model(net, metadata, gates) != bytes) std::abort();
  });
  return 0;
}
