// SPDX-License-Identifier: Apache-2.0
// The host driver shared by every device that speaks protocol v3: configures
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

// The device behind a simulated stream backend (golden-wire, csim,
// verilator), as make_backend builds it: for a caller that wraps it (the
// fault-injection tests). nullptr for another name or one this build lacks.
std::unique_ptr<StreamDevice> make_simulated_device(const std::string& name, const BackendOptions& options);

class StreamBackend : public Backend {
 public:
  // Sends the network (and, with options.trace, asks for TRACE packets, §3
  // CONFIG). Uses options.frames_per_batch (0: the device's default_batch())
  // and options.clock_mhz (0: the device's clock_mhz(); ignored for a device
  // that counts no cycles); the other options are the device's. Throws RuntimeFailure if the device rejects the
  // configuration.
  StreamBackend(std::unique_ptr<StreamDevice> device, const Network& net, const BackendOptions& options = {});

  std::string name() const override { return device_->name(); }
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override;
  uint64_t run_cycles() const override { return run_cycles_; }

  WireWords wire_words_per_frame() const override { return wire_words(net_, trace_, image_packets_); }
  // A frame's words on the wire for `net`, with or without TRACE, sent as an
  // IMAGE or a FRAME.
  static WireWords wire_words(const Network& net, bool trace, bool image_packets);
  bool simulator() const override { return device_->simulator(); }
  size_t frames_per_batch() const override { return frames_per_batch_; }
  double clock_mhz() const override { return clock_mhz_; }
  const std::vector<protocol::TracePacket>& traces() const override { return traces_; }

  // One batch's input buffer: a packet for each of frames[first,
  // first+count) with ids first_id, first_id+1, ..., then the closing QUERY.
  // With image_packets, a frame with a source image (and an index that fits
  // IMAGE's 32 bits) is an IMAGE, any other a FRAME. With tasks (a gated
  // network), a TASK packet selects each frame's SpikeFrame::task: before
  // the first frame and wherever the task changes.
  static std::vector<uint32_t> batch_words(const std::vector<SpikeFrame>& frames, size_t first, size_t count,
                                           uint32_t first_id, bool image_packets = false, bool tasks = false);

 private:
  struct Batch {
    size_t first = 0;   // index of the batch's first frame in run()'s input
    size_t frames = 0;  // frames in the batch
  };
  void submit(const std::vector<SpikeFrame>& frames, const Batch& b);
  void check_batch(const std::vector<uint32_t>& out, const Batch& b, std::vector<FrameResult>& results);
  // Words a batch of `frames` can answer with: its packets and the STATUS.
  size_t answer_bound(size_t frames) const;

  std::unique_ptr<StreamDevice> device_;
  Network net_;
  size_t frames_per_batch_;
  double clock_mhz_;
  bool trace_;
  bool image_packets_;
  uint32_t next_frame_id_ = 0;  // the device's frame ids run on across run() calls
  uint32_t errors_seen_ = 0;    // the device's error counter after configuration
  uint32_t frames_done_ = 0;    // its frames-completed counter after the last batch
  std::vector<protocol::TracePacket> traces_;
  uint64_t run_cycles_ = 0;
};

}  // namespace trinity
