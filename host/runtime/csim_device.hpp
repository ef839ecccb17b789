// The HLS kernels (hls/) compiled for the CPU as a StreamDevice, wired as on
// the card: the input buffer goes through trinity_mm2s, the free-running
// trinity_core, and trinity_s2mm into the output buffer. The synthesis top
// keeps its core in a static, like the one compute unit of an xclbin, so a
// process holds at most one CsimDevice at a time.
#pragma once

#include <deque>

#include "stream_device.hpp"

namespace trinity {

class CsimDevice : public StreamDevice {
 public:
  CsimDevice();
  ~CsimDevice() override;
  CsimDevice(const CsimDevice&) = delete;
  CsimDevice& operator=(const CsimDevice&) = delete;
  std::string name() const override { return "csim"; }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override;
  std::vector<uint32_t> collect() override;

 private:
  std::deque<std::vector<uint32_t>> done_;
};

}  // namespace trinity
