// SPDX-License-Identifier: Apache-2.0
// The HLS kernels (hls/) compiled for the CPU as a StreamDevice, wired as on
// the card: the input buffer goes through trinity_mm2s, the free-running
// trinity_core, and trinity_s2mm into the output buffer. The synthesis top
// keeps its core in a static, like the one compute unit of an xclbin, so a
// process holds at most one CsimDevice at a time.
#pragma once

#include "stream_device.hpp"

namespace trinity {

class CsimDevice : public ImmediateDevice {
 public:
  CsimDevice();
  ~CsimDevice() override;
  CsimDevice(const CsimDevice&) = delete;
  CsimDevice& operator=(const CsimDevice&) = delete;
  std::string name() const override { return "csim"; }
  bool simulator() const override { return true; }

 protected:
  std::vector<uint32_t> process(const std::vector<uint32_t>& words, size_t max_out_words) override;
};

}  // namespace trinity
