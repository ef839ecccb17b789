// SPDX-License-Identifier: Apache-2.0
// trinity::GoldenCore as a StreamDevice: the reference the other devices are
// compared against, behind the same host driver.
#pragma once

#include "golden_core.hpp"
#include "stream_device.hpp"

namespace trinity {

class GoldenDevice : public ImmediateDevice {
 public:
  explicit GoldenDevice(CoreCapacity capacity = {}) : core_(capacity) {}
  std::string name() const override { return "golden-wire"; }
  bool simulator() const override { return true; }

 protected:
  std::vector<uint32_t> process(const std::vector<uint32_t>& words, size_t max_out_words) override;

 private:
  GoldenCore core_;
};

}  // namespace trinity
