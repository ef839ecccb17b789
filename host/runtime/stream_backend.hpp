// The host driver shared by every device that speaks protocol v1: configures
// the network once, cuts the frames into batches, keeps up to
// device.max_in_flight() batches queued, and decodes and checks what comes
// back. The golden-wire, csim and verilator backends run exactly this code,
// so the card path is exercised without a card.
#pragma once

#include <memory>

#include "backend.hpp"
#include "stream_device.hpp"
#include "stream_encoder.hpp"

namespace trinity {

struct BatchPlan {
  size_t frames_per_batch = 256;
};

class StreamBackend : public Backend {
 public:
  // Sends the network (and, with `trace`, asks for TRACE packets, §3 CONFIG).
  // Throws RuntimeFailure if the device rejects the configuration.
  StreamBackend(std::unique_ptr<StreamDevice> device, const Network& net, BatchPlan plan = {}, bool trace = false);

  std::string name() const override { return device_->name(); }
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override;
  uint64_t run_cycles() const override { return run_cycles_; }

  // With `trace`: every layer's spikes of every frame of the last run(), in
  // the order the device sent them (frame, timestep, layer).
  const std::vector<protocol::TracePacket>& traces() const { return traces_; }

  // Words of the input buffer and upper bound of the output buffer for one
  // batch: what a card backend allocates.
  static size_t input_words(const Network& net, size_t frames);

  // One batch's input buffer: FRAME packets for frames[first, first+count)
  // with ids first_id, first_id+1, ..., then the closing QUERY.
  static std::vector<uint32_t> batch_words(const std::vector<SpikeFrame>& frames, size_t first, size_t count,
                                           uint32_t first_id);
  static size_t output_words(const Network& net, size_t frames, bool trace);

 private:
  struct Batch {
    size_t first = 0;   // index of the batch's first frame in run()'s input
    size_t frames = 0;  // frames in the batch
  };
  void submit(const std::vector<SpikeFrame>& frames, const Batch& b);
  void check_batch(const std::vector<uint32_t>& out, const Batch& b, std::vector<FrameResult>& results);

  std::unique_ptr<StreamDevice> device_;
  Network net_;
  BatchPlan plan_;
  bool trace_;
  uint32_t next_frame_id_ = 0;  // the device's frame ids run on across run() calls
  uint32_t errors_seen_ = 0;    // the device's error counter after configuration
  std::vector<protocol::TracePacket> traces_;
  uint64_t run_cycles_ = 0;
};

}  // namespace trinity
