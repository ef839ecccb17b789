// SPDX-License-Identifier: Apache-2.0
// The frames a command runs: a rate-coded image data set, a spike tensor, or
// N-MNIST event recordings binned into frames (docs/input-formats.md), chosen
// by the same options in `trinity run`, `verify` and `estimate`.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity::cli {

struct WorkloadArgs {
  std::string dataset, split = "test", input;
  std::string data_dir;  // --data-dir; empty: the dataset's installed directory (dataset_dir)
  size_t limit = 0;
  uint64_t seed = 0;
  uint32_t bin_us = 0;                      // N-MNIST: fixed bin width; 0 = T equal bins over each recording
  uint64_t max_memory = uint64_t{4} << 30;  // --max-memory (memory_budget.hpp)
  // Set by a command whose backend codes images itself (IMAGE packets,
  // protocol v2): a --dataset's frames then keep their image and no spikes,
  // so the host does no rate coding.
  bool images_only = false;
};

// Bytes a command needs besides the frames themselves for a run of n frames
// (its backends' buffers, copies), counted in the memory budget.
using ExtraBytes = std::function<uint64_t(size_t frames)>;

struct Workload {
  std::vector<SpikeFrame> frames;
  std::vector<int> labels;  // empty when unknown
  std::string description;
};

// The directory a --dataset is read from: --data-dir if given (or no
// --dataset), otherwise where it is installed (docs/input-formats.md, "Image data sets").
std::string dataset_dir(const WorkloadArgs& a);
// What a workload is called in messages ("fashion-mnist in DIR", or the
// --input path), so every command names the same thing when it fails.
std::string input_name(const WorkloadArgs& a);

// --dataset, --split, --data-dir, --input, --limit, --seed, --bin-us,
// --max-memory.
void add_workload_options(CLI::App* cmd, WorkloadArgs& a);

// Throws InputError for a missing or malformed input, one that does not fit
// the network's T and input count, or one whose frames (plus `extra`) would
// not fit a.max_memory -- all decided from headers, before any frame is read.
Workload load_workload(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra = {});

}  // namespace trinity::cli
