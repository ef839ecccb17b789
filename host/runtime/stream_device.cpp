// SPDX-License-Identifier: Apache-2.0
#include "stream_device.hpp"

#include "errors.hpp"

namespace trinity {

namespace {

class RenamedDevice : public ForwardingDevice {
 public:
  RenamedDevice(std::unique_ptr<StreamDevice> device, std::string name)
      : ForwardingDevice(std::move(device)), name_(std::move(name)) {}
  std::string name() const override { return name_; }

 private:
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
