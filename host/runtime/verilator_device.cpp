// SPDX-License-Identifier: Apache-2.0
#include "verilator_device.hpp"

#include "errors.hpp"
#include "rtl_driver.hpp"

namespace trinity {

VerilatorDevice::VerilatorDevice(const VerilatorOptions& options) : options_(options) {
  try {
    driver_ = std::make_unique<RtlDriver>(options.seed, options.fst_path);
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
}

VerilatorDevice::~VerilatorDevice() = default;

std::vector<uint32_t> VerilatorDevice::process(const std::vector<uint32_t>& words, size_t /*max_out_words*/) {
  const RtlStalls stalls{options_.stall_percent, options_.stall_percent};
  try {
    return driver_->run_to_query(words, stalls);
  } catch (const std::runtime_error& e) {
    throw RuntimeFailure(e.what());
  }
}

uint64_t VerilatorDevice::cycles() const { return driver_->cycles(); }

}  // namespace trinity
