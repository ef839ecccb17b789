#include "golden_device.hpp"

namespace trinity {

std::vector<uint32_t> GoldenDevice::process(const std::vector<uint32_t>& words, size_t /*max_out_words*/) {
  core_.push(protocol::frame_words(words));
  return protocol::stream_words(core_.take_output());
}

}  // namespace trinity
