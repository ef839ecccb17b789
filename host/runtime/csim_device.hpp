// SPDX-License-Identifier: Apache-2.0
// The HLS kernels (hls/) compiled for the CPU as a StreamDevice, wired as on
// the card: the input buffer goes through trinity_mm2s, the core, and
// trinity_s2mm into the output buffer. Each device owns its core (the
// hls_kernel::Core the synthesis top hls/trinity_core_top.cpp keeps in a
// static, one per compute unit), so several devices are several cores of a
// card and may run in parallel threads.
#pragma once

#include <memory>

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

 private:
  struct Core;  // the HLS core at the hardware build's LANES and capacity
  std::unique_ptr<Core> core_;
};

}  // namespace trinity
