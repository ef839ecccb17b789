// SPDX-License-Identifier: Apache-2.0
// Runs a backend over many frames in chunks, so that a long run can show
// progress and so that its speed can be measured more than once: the wall
// time of every chunk is kept, and throughput and per-frame time percentiles
// come from those. Header-only: it is `trinity run`'s alone.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "backend.hpp"
#include "errors.hpp"

namespace trinity::cli {

struct ChunkPolicy {
  size_t fixed = 0;          // frames per chunk; 0 = adaptive
  size_t unit = 1;           // adaptive chunks are multiples of this (Backend::frames_per_batch())
  size_t max_frames = 1024;  // adaptive: at most this many frames...
  double target_s = 1.0;     // ...or about this much wall time per chunk
  bool progress = false;     // draw a bar on stderr between chunks
};

struct ChunkTiming {
  size_t frames = 0;
  double seconds = 0;
  uint64_t cycles = 0;  // device clock cycles (cycle-accurate backends), else 0
};

struct ChunkedRun {
  std::vector<FrameResult> results;
  std::vector<ChunkTiming> chunks;
  double seconds = 0;  // wall time of the whole run, chunking included
};

// Per-frame time of a chunk is its wall time over its frames: the amortised
// service time, which is what batching makes of latency. `q` in [0, 1]; each
// frame counts once, so big chunks weigh more.
inline double per_frame_quantile(const std::vector<ChunkTiming>& chunks, double q) {
  std::vector<std::pair<double, size_t>> v;
  size_t total = 0;
  for (const auto& c : chunks)
    if (c.frames) {
      v.emplace_back(c.seconds / c.frames, c.frames);
      total += c.frames;
    }
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double want = std::ceil(q * total);
  size_t seen = 0;
  for (const auto& [t, n] : v) {
    seen += n;
    if (seen >= want) return t;
  }
  return v.back().first;
}

// Wall time of whole chunks: no frame of a chunk has its result before the
// chunk ends, so this bounds the latency of any frame in it.
inline double chunk_quantile(const std::vector<ChunkTiming>& chunks, double q) {
  std::vector<double> t;
  for (const auto& c : chunks) t.push_back(c.seconds);
  if (t.empty()) return 0;
  std::sort(t.begin(), t.end());
  const size_t k = static_cast<size_t>(std::ceil(q * t.size()));
  return t[std::min(t.size() - 1, k ? k - 1 : 0)];
}

class ProgressBar {
 public:
  explicit ProgressBar(bool on) : on_(on) {}
  void update(size_t done, size_t total, double seconds) {
    if (!on_) return;
    constexpr int kWidth = 30;
    const double f = total ? double(done) / total : 1.0;
    const int filled = static_cast<int>(f * kWidth);
    char bar[kWidth + 1];
    for (int k = 0; k < kWidth; ++k) bar[k] = k < filled ? '#' : '.';
    bar[kWidth] = 0;
    const double rate = seconds > 0 ? done / seconds : 0;
    const double eta = rate > 0 ? (total - done) / rate : 0;
    std::fprintf(stderr, "\r[%s] %3.0f%% %zu/%zu frames, %.0f frames/s, ETA %.0f s\033[K", bar, 100 * f, done, total,
                 rate, eta);
    std::fflush(stderr);
  }
  void clear() {
    if (!on_) return;
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }

 private:
  bool on_;
};

inline bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

// Consumes `frames` (each chunk is moved out, so the input is not held twice).
inline ChunkedRun run_in_chunks(Backend& backend, std::vector<SpikeFrame>& frames, const ChunkPolicy& p) {
  using Clock = std::chrono::steady_clock;
  ChunkedRun r;
  r.results.reserve(frames.size());
  ProgressBar bar(p.progress);
  const size_t unit = std::max<size_t>(1, p.unit);
  size_t next_size = p.fixed ? p.fixed : unit;
  const auto start = Clock::now();
  for (size_t done = 0; done < frames.size();) {
    const size_t n = std::min(next_size, frames.size() - done);
    std::vector<SpikeFrame> chunk(std::make_move_iterator(frames.begin() + done),
                                  std::make_move_iterator(frames.begin() + done + n));
    const auto t0 = Clock::now();
    std::vector<FrameResult> out = backend.run(chunk);
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (out.size() != n) throw RuntimeFailure("backend returned a wrong number of results");
    r.results.insert(r.results.end(), std::make_move_iterator(out.begin()), std::make_move_iterator(out.end()));
    r.chunks.push_back({n, s, backend.run_cycles()});
    done += n;
    bar.update(done, frames.size(), std::chrono::duration<double>(Clock::now() - start).count());
    if (!p.fixed) {
      // Aim for target_s per chunk at the rate just seen, in whole units.
      const double fit = s > 0 ? p.target_s * n / s : double(p.max_frames);
      const size_t want = static_cast<size_t>(std::min<double>(fit, double(p.max_frames)));
      next_size = std::max(unit, want / unit * unit);
    }
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  bar.clear();
  frames.clear();
  return r;
}

}  // namespace trinity::cli
