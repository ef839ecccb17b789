// SPDX-License-Identifier: Apache-2.0
// Anything that consumes and produces protocol v3 words: the golden core, the
// HLS kernels compiled for the CPU, the Verilated RTL, an Alveo card. The
// host driver (stream_backend.hpp) talks to all of them through this, so the
// simulated backends run the same encoding, batching and decoding code the
// card does.
//
// The unit of work is a batch: a length-framed word buffer (protocol §1, the
// layout of the card's input buffer) that ends in a QUERY. The device returns
// every word it produced up to and including the STATUS answering that QUERY,
// which is also where the card's s2mm mover stops (hls/trinity_s2mm.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace trinity {

class StreamDevice {
 public:
  virtual ~StreamDevice() = default;
  virtual std::string name() const = 0;

  // How many batches may be submitted before the oldest is collected. A card
  // uses 2 so that it computes one batch while the host prepares the next.
  virtual size_t max_in_flight() const { return 1; }

  // Starts a batch. `max_out_words` bounds its output (the host knows it: one
  // RESULT per frame, TRACE if enabled, the final STATUS); a device may use
  // it to size buffers. May return before the batch has been processed.
  virtual void submit(std::vector<uint32_t> words, size_t max_out_words) = 0;

  // Output of the oldest submitted batch not yet collected, in submit order.
  // Throws RuntimeFailure if the device fails or times out.
  virtual std::vector<uint32_t> collect() = 0;

  // Clock cycles the device has run, for devices that count them (the
  // Verilated RTL); 0 otherwise.
  virtual uint64_t cycles() const { return 0; }

  // The clock (MHz) its cycles() project to on a card; 0 if it counts none.
  virtual double clock_mhz() const { return 0; }

  // Whether it simulates the hardware on the CPU (slow) rather than being it.
  virtual bool simulator() const { return false; }

  // Frames per batch when the user gives none: enough to keep a card's
  // queue of max_in_flight() batches busy while the host prepares the next.
  static constexpr size_t kDefaultBatch = 256;
  virtual size_t default_batch() const { return kDefaultBatch; }
};

// A device that does a batch's whole work inside submit(), as the simulators
// do: it only says how one batch's input becomes its output, and the queue
// of finished batches is kept here.
class ImmediateDevice : public StreamDevice {
 public:
  void submit(std::vector<uint32_t> words, size_t max_out_words) final;
  std::vector<uint32_t> collect() final;

 protected:
  // Throws RuntimeFailure if the device fails.
  virtual std::vector<uint32_t> process(const std::vector<uint32_t>& words, size_t max_out_words) = 0;

 private:
  std::deque<std::vector<uint32_t>> done_;
};

// Forwards everything to another device; a wrapper overrides only what it
// changes (its name, its answers).
class ForwardingDevice : public StreamDevice {
 public:
  explicit ForwardingDevice(std::unique_ptr<StreamDevice> inner) : inner_(std::move(inner)) {}
  std::string name() const override { return inner_->name(); }
  size_t max_in_flight() const override { return inner_->max_in_flight(); }
  void submit(std::vector<uint32_t> words, size_t max_out_words) override {
    inner_->submit(std::move(words), max_out_words);
  }
  std::vector<uint32_t> collect() override { return inner_->collect(); }
  uint64_t cycles() const override { return inner_->cycles(); }
  double clock_mhz() const override { return inner_->clock_mhz(); }
  bool simulator() const override { return inner_->simulator(); }
  size_t default_batch() const override { return inner_->default_batch(); }

 private:
  std::unique_ptr<StreamDevice> inner_;
};

// `device` under another name, otherwise unchanged: one core of several
// ("verilator core 2"), so that an error names the core it came from.
std::unique_ptr<StreamDevice> rename_device(std::unique_ptr<StreamDevice> device, std::string name);

}  // namespace trinity
