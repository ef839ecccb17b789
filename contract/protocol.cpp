#include "protocol.hpp"

#include <algorithm>

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

void append_packet(Stream& out, uint8_t type, const std::vector<uint32_t>& payload) {
  out.push_back({header(type, static_cast<uint32_t>(payload.size())), payload.empty()});
  for (size_t k = 0; k < payload.size(); ++k) out.push_back({payload[k], k + 1 == payload.size()});
}

Stream frame_words(const std::vector<uint32_t>& words) {
  Stream out;
  size_t pos = 0;
  while (pos < words.size()) {
    const size_t end = std::min(words.size(), pos + 1 + size_t{header_length(words[pos])});
    for (size_t k = pos; k < end; ++k) out.push_back({words[k], k + 1 == end});
    pos = end;
  }
  return out;
}

std::vector<uint32_t> stream_words(const Stream& stream) {
  std::vector<uint32_t> words;
  words.reserve(stream.size());
  for (const Beat& b : stream) words.push_back(b.data);
  return words;
}

}  // namespace trinity::protocol
