// SPDX-License-Identifier: Apache-2.0
#include "stream_device.hpp"

#include "errors.hpp"

namespace trinity {

namespace {

class RenamedDevice : public StreamDevice {
 public:
  RenamedDevice(std::unique_ptr<StreamDevice> device, std::string name)
      : device_(std::move(device)), name_(std::move(name)) {}
  std::string name() const override { return name_; }
  size_t max_in_flight() const override { return device_->max_in_flight(); }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override {
    device_->submit(std::move(words), max_out_words);
  }
  std::vector<uint32_t> collect() override { return device_->collect(); }
  uint64_t cycles() const override { return device_->cycles(); }
  double clock_mhz() const override { return device_->clock_mhz(); }
  bool simulator() const override { return device_->simulator(); }
  size_t default_batch() const override { return device_->default_batch(); }

 private:
  std::unique_ptr<StreamDevice> device_;
  std::string name_;
};

}  // namespace

std::unique_ptr<StreamDevice> rename_device(std::unique_ptr<StreamDevice> device, std::string name) {
  return std::make_unique<RenamedDevice>(std::move(device), std::move(name));
}

void ImmediateDevice::submit(std::vector<uint32_t> words, size_t max_out_words) {
  done_.push_back(process(words, max_out_words));
}

std::vector<uint32_t> ImmediateDevice::collect() {
  if (done_.empty()) throw RuntimeFailure(name() + ": collect() without a submitted batch");
  std::vector<uint32_t> out = std::move(done_.front());
  done_.pop_front();
  return out;
}

}  // namespace trinity
