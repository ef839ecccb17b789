// SPDX-License-Identifier: Apache-2.0
// Fault injection between a device and the host driver: a device's answer
// (protocol v3 words) is corrupted as a flipped bit on PCIe, a bitstream from
// another build or a failing card would, before the driver checks it. The
// driver must turn every such answer into a RuntimeFailure naming the frame
// (exit 3), never into a wrong result. Used by the fault tests
// (tests/test_device_faults.cpp) and, by name, by `--inject-fault` on the
// simulated stream backends (docs/robustness.md), so the CLI's exit code for
// a lying device is tested through the real binary.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stream_device.hpp"

namespace trinity {

using AnswerCorruption = std::function<void(std::vector<uint32_t>& answer)>;

// Corrupts the answer to the `collect_number`-th collect() (1-based; the
// first answers the configuration, the second the first batch of frames).
class FaultInjectingDevice : public ForwardingDevice {
 public:
  FaultInjectingDevice(std::unique_ptr<StreamDevice> inner, AnswerCorruption corrupt, int collect_number = 2)
      : ForwardingDevice(std::move(inner)), corrupt_(std::move(corrupt)), collect_number_(collect_number) {}
  std::vector<uint32_t> collect() override;

 private:
  AnswerCorruption corrupt_;
  int collect_number_;
  int collects_ = 0;
};

// Where every packet of `type` starts in a length-framed answer.
std::vector<size_t> packet_offsets(const std::vector<uint32_t>& answer, uint8_t type);
// Where the n-th (0-based) packet of `type` starts in a length-framed answer
// (its payload word 0 is at the offset + 1); throws std::out_of_range if the
// answer has no such packet.
size_t nth_packet(const std::vector<uint32_t>& answer, uint8_t type, int n);

// The faults `--inject-fault NAME` knows, each hitting the first batch's
// answer: the first frame's RESULT ("result-frame-id", "result-t",
// "result-prediction", "result-count"), the batch's last RESULT
// ("result-missing"), its STATUS ("status-code"), its last word
// ("truncated").
const std::vector<std::string>& named_faults();
// Throws UsageError for a name not in named_faults().
AnswerCorruption named_fault(const std::string& name);

}  // namespace trinity
