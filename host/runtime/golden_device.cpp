#include "golden_device.hpp"

#include "errors.hpp"

namespace trinity {

void GoldenDevice::submit(std::vector<uint32_t> words, size_t /*max_out_words*/) {
  core_.push(protocol::frame_words(words));
  std::vector<uint32_t> out;
  for (const auto& b : core_.take_output()) out.push_back(b.data);
  done_.push_back(std::move(out));
}

std::vector<uint32_t> GoldenDevice::collect() {
  if (done_.empty()) throw RuntimeFailure("golden-wire: collect() without a submitted batch");
  std::vector<uint32_t> out = std::move(done_.front());
  done_.pop_front();
  return out;
}

}  // namespace trinity
