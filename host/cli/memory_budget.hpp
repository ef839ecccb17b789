// SPDX-License-Identifier: Apache-2.0
// The memory a command may use (--max-memory, default 4 GiB), and the
// estimates held against it. Every estimate comes from headers and options
// alone -- the model's T and input count, a spike tensor's or idx file's
// declared shape, the number of N-MNIST files -- so an impossible request is
// refused up front (exit 2, naming the file and the limit) instead of
// growing until the system runs out. Estimates count the large buffers
// (frames, pixels, a stream backend's batch words, results); small fixed
// costs (the model, code) are not counted.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "backend.hpp"
#include "network.hpp"

namespace trinity::cli {

constexpr uint64_t kDefaultMaxMemory = uint64_t{4} << 30;

// Estimates saturate instead of wrapping: a hostile header's 2^32 frames of
// 2^32 bytes must come out huge, not small.
inline uint64_t saturating_mul(uint64_t a, uint64_t b) { return b && a > UINT64_MAX / b ? UINT64_MAX : a * b; }
inline uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }

// "5.1 GiB"-style, in binary units (GiB, MiB, KiB).
std::string human_bytes(uint64_t bytes);

// --max-memory BYTES (suffixes k, M, G, T; binary multiples).
void add_memory_option(CLI::App* cmd, uint64_t& max_memory);

// Throws InputError "<subject>: <what> needs about X, more than the memory
// limit of Y (--max-memory; or run fewer frames with --limit)" when
// bytes > limit.
void require_within(uint64_t bytes, uint64_t limit, const std::string& subject, const std::string& what);

// One frame held as bits (T x inputs bytes) plus its result.
uint64_t frame_bytes(const Network& net);

// What backend `name` holds at once for a run of `frames` frames: a stream
// backend's batches in flight (encoded input words, their copy, the output
// words); 0 for the golden backend (its per-thread state is small).
uint64_t backend_bytes(const std::string& name, const Network& net, const BackendOptions& o, size_t frames);

}  // namespace trinity::cli
