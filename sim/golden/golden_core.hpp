// SPDX-License-Identifier: Apache-2.0
// The golden model behind the wire: consumes protocol v3 beats exactly as a
// hardware core does (docs/protocol-v3.md) and produces the output beats
// every implementation must match word for word. Like Ibex's cosim reference,
// it is the one abstract model each testbench drives in lock-step.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "network.hpp"
#include "protocol.hpp"
#include "spike_frame.hpp"

namespace trinity {

// §6: what an implementation can hold. Defaults are the protocol's own range.
struct CoreCapacity {
  uint32_t max_layers = 16;
  uint32_t max_neurons = 65535;
  uint32_t max_timesteps = 65535;
  uint64_t max_weight_bytes = uint64_t{1} << 30;
  uint32_t max_lut_entries = 4096;
  uint32_t max_tasks = protocol::kMaxWireTasks;  // gates held (version 3)
};

class GoldenCore {
 public:
  explicit GoldenCore(CoreCapacity capacity = {}) : capacity_(capacity) {}

  // One input beat. Packets are acted on when their TLAST arrives.
  void push(const protocol::Beat& beat);
  void push(const protocol::Stream& stream) {
    for (const auto& b : stream) push(b);
  }

  std::deque<protocol::Beat>& output() { return out_; }
  protocol::Stream take_output();

  bool configured() const { return configured_; }
  const Network& network() const { return net_; }
  uint32_t error_count() const { return errors_; }
  uint32_t frames_completed() const { return frames_; }

 private:
  struct Check {
    uint8_t code = protocol::kOk;
    uint32_t detail = 0;
  };

  void end_packet();
  Check check_size() const;
  Check check_config_fields() const;
  Check check_capacity() const;
  Check check_padding() const;
  void execute();
  SpikeFrame frame_spikes() const;
  SpikeFrame image_spikes() const;
  void run_frame(const SpikeFrame& input);
  void emit(uint8_t type, const std::vector<uint32_t>& payload);
  void emit_status(uint8_t code, uint32_t detail);

  CoreCapacity capacity_;
  Network net_;
  bool configured_ = false;
  bool trace_ = false;
  uint32_t tasks_ = 0;  // CONFIG's task count K
  uint32_t task_ = 0;   // selected by TASK: 0 ungated, k task k
  Network task_net_;    // net_ gated for task_, built at its first frame
  // [task * L + layer]: which weights a GATE kept (row-major); empty: no
  // GATE yet, so that gate keeps nothing.
  std::vector<std::vector<bool>> gate_keeps_;
  uint32_t errors_ = 0;
  uint32_t frames_ = 0;

  // The packet being received.
  bool in_packet_ = false;
  uint8_t type_ = 0;
  uint32_t declared_ = 0;
  uint64_t received_ = 0;
  std::vector<uint32_t> payload_;  // at most `declared_` words are kept

  std::deque<protocol::Beat> out_;
};

}  // namespace trinity
