// SPDX-License-Identifier: Apache-2.0
// An Alveo card as a StreamDevice, through the XRT native C++ API: the input
// buffer goes to trinity_mm2s, through the free-running trinity_core, and
// back from trinity_s2mm (docs/alveo-build.md, docs/host-runtime.md).
//
// Two buffer pairs make the card double-buffered: while it computes one batch
// the host writes and transfers the next. Every wait has a timeout, so a card
// that stops answering fails the run instead of hanging it. XRT types stay in
// the .cpp, so nothing else needs the XRT headers.
#pragma once

#include <memory>
#include <string>

#include "stream_device.hpp"

namespace trinity {

struct XrtOptions {
  std::string device = "0";  // device index, or PCIe BDF such as 0000:3b:00.1
  std::string xclbin;        // built with `make xclbin`
  unsigned timeout_ms = 0;   // per batch; 0 = from the batch's size (no limit under XCL_EMULATION_MODE)
};

class XrtDevice : public StreamDevice {
 public:
  // Opens the device, loads the xclbin and opens its kernels. Throws
  // InputError for an unreadable or wrong xclbin and RuntimeFailure when
  // there is no card ("no Alveo device found") or the card refuses.
  explicit XrtDevice(const XrtOptions& options);
  ~XrtDevice() override;
  XrtDevice(const XrtDevice&) = delete;
  XrtDevice& operator=(const XrtDevice&) = delete;

  std::string name() const override;
  size_t max_in_flight() const override { return 2; }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override;
  std::vector<uint32_t> collect() override;

  // The per-batch timeout used when XrtOptions::timeout_ms is 0: generous
  // (orders of magnitude above the core's expected speed), because its only
  // job is to turn a dead card into an error.
  static unsigned default_timeout_ms(size_t in_words, size_t max_out_words);

 private:
  void drain_stale_output();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trinity
