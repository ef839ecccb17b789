// SPDX-License-Identifier: Apache-2.0
// Several backends (one per core of a card, or per card, each a StreamBackend
// over its own device) behind one Backend: run() cuts the frames into contiguous chunks, runs the
// chunks concurrently, one thread per shard, and returns the results in input
// order. It knows nothing of XRT, so it is tested over golden devices.
//
// A failure on any shard fails the whole run (the results of the others are
// discarded, never returned partially) and leaves the backend unusable: the
// failed shard's device is out of step with its driver.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "backend.hpp"

namespace trinity {

class ShardedBackend : public Backend {
 public:
  // Throws InputError if `shards` is empty.
  explicit ShardedBackend(std::vector<std::unique_ptr<Backend>> shards);

  std::string name() const override;
  std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) override;
  // The shards run at once (the cores of a card, or cards): the last run()
  // took as many cycles as its slowest shard.
  uint64_t run_cycles() const override { return run_cycles_; }
  // Every shard's TRACE packets of the last run(), shard after shard; frame
  // ids are each shard's own device's.
  const std::vector<protocol::TracePacket>& traces() const override { return traces_; }

  // The shards' names (and labels) joined by " + ", consecutive cores of one
  // card written once: "verilator cores 1-3", "xrt 0000:3b:00.1 cores 1-4 +
  // xrt 0000:d8:00.1 cores 1-4".
  //
  // The shards' facts: each frame crosses one shard's wire; a simulator
  // only if every shard is; a batch for every shard at once; the shards'
  // clock if they share one, else 0.
  std::string label() const override;
  WireWords wire_words_per_frame() const override { return shards_[0]->wire_words_per_frame(); }
  bool simulator() const override;
  size_t frames_per_batch() const override;
  double clock_mhz() const override;

  size_t shards() const { return shards_.size(); }

  // Frames given to each shard for `frames` frames: contiguous, in shard
  // order, sizes differing by at most one (the first shards take the extra).
  static std::vector<size_t> split(size_t frames, size_t shards);

 private:
  std::vector<std::unique_ptr<Backend>> shards_;
  std::string failed_;  // why an earlier run() failed; empty while usable
  uint64_t run_cycles_ = 0;
  std::vector<protocol::TracePacket> traces_;
};

}  // namespace trinity
