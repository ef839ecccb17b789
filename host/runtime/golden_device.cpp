// SPDX-License-Identifier: Apache-2.0
#include "golden_device.hpp"

namespace trinity {

std::vector<uint32_t> GoldenDevice::process(const std::vector<uint32_t>& words, size_t /*max_out_words*/) {
  // The core takes beats: TLAST is derived word by word, nothing is copied.
  protocol::TlastFramer framer;
  for (size_t k = 0; k < words.size(); ++k) core_.push({words[k], framer.last(words[k], k + 1 == words.size())});
  // Its output leaves as words; the core's TLAST agrees with the headers by
  // construction (GoldenCore::emit), so dropping it loses nothing.
  std::vector<uint32_t> out;
  out.reserve(core_.output().size());
  for (const protocol::Beat& b : core_.output()) out.push_back(b.data);
  core_.output().clear();
  return out;
}

}  // namespace trinity
