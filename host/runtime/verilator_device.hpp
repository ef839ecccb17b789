// SPDX-License-Identifier: Apache-2.0
// The Verilated RTL core (rtl/driver/rtl_driver.hpp) as a
// StreamDevice. Batches are pushed word by word through its AXI4-Stream
// ports, optionally with random stalls, exactly as the co-simulation does.
#pragma once

#include <memory>

#include "stream_device.hpp"

namespace trinity {

class RtlDriver;

struct VerilatorOptions {
  std::string fst_path;   // non-empty: FST waveform of the whole run
  int stall_percent = 0;  // random TVALID/TREADY stalls on both streams
  uint32_t seed = 1;
};

class VerilatorDevice : public ImmediateDevice {
 public:
  explicit VerilatorDevice(const VerilatorOptions& options);
  ~VerilatorDevice() override;
  std::string name() const override { return "verilator"; }
  uint64_t cycles() const override;
  // The kernel clock the RTL is built for on every platform (docs/alveo-build.md).
  double clock_mhz() const override { return 300; }
  bool simulator() const override { return true; }
  // Simulating the RTL runs ~20 frames/s: smaller batches keep a run's
  // progress and chunk timings frequent.
  static constexpr size_t kDefaultBatch = 64;
  size_t default_batch() const override { return kDefaultBatch; }

 protected:
  std::vector<uint32_t> process(const std::vector<uint32_t>& words, size_t max_out_words) override;

 private:
  std::unique_ptr<RtlDriver> driver_;
  VerilatorOptions options_;
};

}  // namespace trinity
