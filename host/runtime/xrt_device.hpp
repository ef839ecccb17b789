// SPDX-License-Identifier: Apache-2.0
// One core of an Alveo card as a StreamDevice, through the XRT native C++
// API: the input buffer goes to the core's trinity_mm2s compute unit, through
// its free-running trinity_core, and back from its trinity_s2mm
// (docs/alveo-build.md, docs/host-runtime.md).
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

// One card with the trinity xclbin loaded, shared by the XrtDevices of its
// cores. A core k (1-based) is the chain trinity_mm2s_k -> trinity_core_k ->
// trinity_s2mm_k of compute units that constraints/<board>.cfg links
// (NUM_CORES of them per card, docs/alveo-build.md).
class XrtCard {
 public:
  // Opens the device, reads the xclbin and finds its cores, and loads it.
  // Throws InputError for an unreadable xclbin or one whose kernels or
  // compute units are not the trinity ones, RuntimeFailure when there is no
  // card ("no Alveo device found") or the card refuses the xclbin.
  XrtCard(const std::string& device, const std::string& xclbin);
  ~XrtCard();
  XrtCard(const XrtCard&) = delete;
  XrtCard& operator=(const XrtCard&) = delete;

  std::string name() const;  // "xrt <PCIe BDF>", or "xrt <what the user gave>"
  unsigned cores() const;    // trinity_core compute units, each with its movers

 private:
  friend class XrtDevice;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct XrtOptions {
  std::string device = "0";  // device index, or PCIe BDF such as 0000:3b:00.1
  std::string xclbin;        // built with `make xclbin`
  unsigned timeout_ms = 0;   // per batch; 0 = from the batch's size (no limit under XCL_EMULATION_MODE)
  unsigned core = 1;         // which core of the card (1 ... XrtCard::cores())
};

class XrtDevice : public StreamDevice {
 public:
  // Opens the card (XrtCard) and the movers of options.core.
  explicit XrtDevice(const XrtOptions& options);
  // Core `core` (1-based) of an open card: opens its two movers for
  // exclusive use and drains output a previous process left in its streams.
  // Several cores of one card may run in parallel threads, each through its
  // own XrtDevice.
  XrtDevice(std::shared_ptr<XrtCard> card, unsigned core, unsigned timeout_ms = 0);
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
