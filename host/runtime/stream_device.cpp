// SPDX-License-Identifier: Apache-2.0
#include "stream_device.hpp"

#include "errors.hpp"

namespace trinity {

void ImmediateDevice::submit(std::vector<uint32_t> words, size_t max_out_words) {
  done_.push_back(process(words, max_out_words));
}

std::vector<uint32_t> ImmediateDevice::collect() {
  if (done_.empty()) throw RuntimeFailure(name() + ": collect() without a submitted batch");
  std::vector<uint32_t> out = std::move(done_.front());
  done_.pop_front();
  return out;
}

}  // namespace trinity
