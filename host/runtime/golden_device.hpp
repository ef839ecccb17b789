// trinity::GoldenCore as a StreamDevice: the reference the other devices are
// compared against, behind the same host driver.
#pragma once

#include <deque>

#include "golden_core.hpp"
#include "stream_device.hpp"

namespace trinity {

class GoldenDevice : public StreamDevice {
 public:
  explicit GoldenDevice(CoreCapacity capacity = {}) : core_(capacity) {}
  std::string name() const override { return "golden-wire"; }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override;
  std::vector<uint32_t> collect() override;

 private:
  GoldenCore core_;
  std::deque<std::vector<uint32_t>> done_;
};

}  // namespace trinity
