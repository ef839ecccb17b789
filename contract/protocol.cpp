// SPDX-License-Identifier: Apache-2.0
#include "protocol.hpp"

#include <cstddef>

namespace trinity::protocol {

const char* error_name(uint8_t code) {
  switch (code) {
    case kOk: return "OK";
    case kUnknownType: return "UNKNOWN_TYPE";
    case kLength: return "LENGTH";
    case kNotConfigured: return "NOT_CONFIGURED";
    case kBadSize: return "BAD_SIZE";
    case kBadVersion: return "BAD_VERSION";
    case kBadField: return "BAD_FIELD";
    case kCapacity: return "CAPACITY";
    case kPadding: return "PADDING";
  }
  return "UNKNOWN_ERROR";
}

Stream frame_words(const std::vector<uint32_t>& words) {
  Stream out;
  out.reserve(words.size());
  TlastFramer framer;
  for (size_t k = 0; k < words.size(); ++k) out.push_back({words[k], framer.last(words[k], k + 1 == words.size())});
  return out;
}

std::vector<uint32_t> stream_words(const Stream& stream) {
  std::vector<uint32_t> words;
  words.reserve(stream.size());
  for (const Beat& b : stream) words.push_back(b.data);
  return words;
}

}  // namespace trinity::protocol
