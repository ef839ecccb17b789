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

void VerilatorDevice::submit(std::vector<uint32_t> words, size_t /*max_out_words*/) {
  const RtlStalls stalls{options_.stall_percent, options_.stall_percent};
  protocol::Stream out;
  try {
    out = driver_->run_to_query(protocol::frame_words(words), stalls);
  } catch (const std::runtime_error& e) {
    throw RuntimeFailure(e.what());
  }
  std::vector<uint32_t> w;
  w.reserve(out.size());
  for (const auto& b : out) w.push_back(b.data);
  done_.push_back(std::move(w));
}

std::vector<uint32_t> VerilatorDevice::collect() {
  if (done_.empty()) throw RuntimeFailure("verilator: collect() without a submitted batch");
  std::vector<uint32_t> out = std::move(done_.front());
  done_.pop_front();
  return out;
}

uint64_t VerilatorDevice::cycles() const { return driver_->cycles(); }

}  // namespace trinity
