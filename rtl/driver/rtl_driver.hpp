// SPDX-License-Identifier: Apache-2.0
// The Verilated rtl/trinity_core behind a word-stream interface: the one
// driver shared by the co-simulation tests and the host's verilator backend.
// The Verilator headers stay in rtl_driver.cpp so users of this header need
// nothing from Verilator.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "golden_core.hpp"
#include "protocol.hpp"

namespace trinity {

// Probability (percent) that a beat is withheld on either stream, so that
// backpressure paths are exercised, not just the happy path.
struct RtlStalls {
  int in = 0;
  int out = 0;
};

// The clock cycle of every beat that moved, for measuring latencies between
// packets: in[k] is when input beat k was accepted, out[k] when output beat
// k came out (cycles() at that clock edge).
struct RtlBeatLog {
  std::vector<uint64_t> in, out;
};

// The clock edges at which the RESULT packets among `out` (the output a run
// logged in `log`) handed over their TLAST, in order.
std::vector<uint64_t> result_last_edges(const protocol::Stream& out, const RtlBeatLog& log);

class RtlDriver {
 public:
  // `fst_path` non-empty: dump an FST waveform of everything this driver runs.
  explicit RtlDriver(uint32_t seed = 1, const std::string& fst_path = "");
  ~RtlDriver();
  RtlDriver(const RtlDriver&) = delete;
  RtlDriver& operator=(const RtlDriver&) = delete;

  // Pushes `in` through the core, collecting output until `expected_words`
  // have come out, then idles a while to catch any surplus word. Returns the
  // output; stops early (returning what it has) after `max_cycles`. With
  // `log`, the cycle of every beat is appended to it.
  protocol::Stream run(const protocol::Stream& in, size_t expected_words, RtlStalls stalls, uint64_t max_cycles,
                       RtlBeatLog* log = nullptr);

  // Pushes a length-framed word buffer (protocol §1, the host's wire form),
  // TLAST derived from its headers as the words go in, and collects output
  // words until the STATUS answering a QUERY has come out (the QUERY must be
  // the buffer's last packet), as the card's s2mm mover does. Throws
  // std::runtime_error if the core's TLAST disagrees with an output packet's
  // length, or if no beat moves on either stream for longer than a frame
  // can take (worst_frame_cycles): the core hung.
  std::vector<uint32_t> run_to_query(const std::vector<uint32_t>& words, RtlStalls stalls);

  uint64_t cycles() const;

  // The parameters the core was Verilated with (LANES and protocol §6 capacity).
  static uint32_t lanes();
  static CoreCapacity capacity();
  static uint64_t worst_frame_cycles();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trinity
