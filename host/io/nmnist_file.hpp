// SPDX-License-Identifier: Apache-2.0
// N-MNIST event-camera recordings (Orchard et al., "Converting Static Image
// Datasets to Spiking Neuromorphic Datasets Using Saccades", Front.
// Neurosci. 9:437, 2015) and their binning into spike frames.
//
// The .bin format, as the dataset page (garrickorchard.com/datasets/n-mnist)
// and the authors' reader (gorchard/event-Python eventvision.py, which Tonic's
// read_mnist_file copies) define it: a bare list of 5-byte events, no header,
//   byte 0      x address, 0..33
//   byte 1      y address, 0..33
//   byte 2      bit 7 polarity (0 OFF, 1 ON), bits 6..0 timestamp bits 22..16
//   bytes 3, 4  timestamp bits 15..0 (big-endian), microseconds
// An event with y = 240 is not a pixel: the reference reader treats it as a
// timestamp-overflow marker that adds 2^13 µs to every later event, and so do
// we. The format does not state an order, but every reader bins by searching
// sorted timestamps (Tonic's slicers, the "0 to last timestamp" span), so a
// timestamp that goes backwards is rejected rather than silently mis-binned.
// docs/input-formats.md has the details and the input layout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spike_frame.hpp"

namespace trinity {

constexpr uint32_t kNmnistSide = 34;
constexpr uint32_t kNmnistInputs = 2 * kNmnistSide * kNmnistSide;  // 2312
constexpr uint32_t kNmnistEventBytes = 5;
constexpr uint8_t kNmnistOverflowY = 240;
constexpr uint32_t kNmnistOverflowUs = 1u << 13;
// Real recordings are tens of kB; anything this large is not one.
constexpr uint64_t kMaxNmnistBytes = uint64_t{64} << 20;

struct NmnistEvent {
  uint8_t x = 0, y = 0, polarity = 0;
  uint32_t t_us = 0;  // overflow markers already applied
};

// Input i of a frame: polarity·34·34 + y·34 + x (OFF plane first, then ON;
// row-major inside a plane, as an image of height y and width x).
constexpr uint32_t nmnist_input(uint32_t x, uint32_t y, uint32_t polarity) {
  return polarity * kNmnistSide * kNmnistSide + y * kNmnistSide + x;
}

// Every rejection is one InputError naming `name` and the byte offset of the
// offending event: empty file, truncated last event, x or y out of 0..33,
// a timestamp earlier than the one before it.
std::vector<NmnistEvent> parse_nmnist(const std::vector<uint8_t>& bytes, const std::string& name);
std::vector<NmnistEvent> load_nmnist(const std::string& path);

// The 5-byte encoding of events (no overflow markers; t_us < 2^23).
std::vector<uint8_t> serialize_nmnist(const std::vector<NmnistEvent>& events);

// T frames of 2312 inputs; input i spikes at step t if any event of that
// pixel and polarity fell in bin t.
//   bin_us = 0: T equal bins spanning 0 .. last timestamp inclusive, i.e.
//     bin = floor(t_us · T / (t_last + 1)), exact integer arithmetic;
//   bin_us > 0: fixed bins [k·bin_us, (k+1)·bin_us); events at or after
//     T·bin_us are outside the window and dropped (`dropped` counts them).
SpikeFrame bin_nmnist(const std::vector<NmnistEvent>& events, uint32_t timesteps, uint32_t bin_us,
                      size_t* dropped = nullptr);

// A folder in N-MNIST's layout: <dir>/<digit>/*.bin, or <dir>/Test/<digit>/
// and <dir>/Train/<digit>/ where `split` ("test" or "train") picks one. Files
// are ordered by file name, then digit, so a prefix (--limit) mixes classes.
struct NmnistListing {
  std::string root;  // the folder whose digit subfolders were read
  std::vector<std::string> files;
  std::vector<int> labels;
};
NmnistListing list_nmnist_dir(const std::string& dir, const std::string& split);

}  // namespace trinity
