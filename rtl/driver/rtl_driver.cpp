// SPDX-License-Identifier: Apache-2.0
#include "rtl_driver.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "Vtrinity_core.h"
#include "rtl_capacity.hpp"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace trinity {

struct RtlDriver::Impl {
  std::mt19937 rng;
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Vtrinity_core> top;
  std::unique_ptr<VerilatedFstC> fst;
  uint64_t cycles = 0;

  // The output side, kept between calls so a packet split across run() calls
  // is still recognised.
  uint32_t out_index = 0;  // word index within the current output packet
  bool out_is_status = false;
  uint32_t out_word1 = 0;

  // Verilator 5 (--threads 1): the model is single-threaded but its runtime
  // is thread-safe, so models with their own VerilatedContext may run in
  // parallel threads, provided each thread says which context it is in
  // (verilated.h, Verilated::threadContextp). Every entry point does, since a
  // driver may be called from a different thread each time (one thread per
  // core in ShardedBackend).
  void enter() const { Verilated::threadContextp(ctx.get()); }

  void dump() {
    if (fst) {
      fst->dump(ctx->time());
      ctx->timeInc(1);
    }
  }
  void tick_high() {
    dump();
    top->clk_i = 1;
    top->eval();
    ++cycles;
    dump();
  }
  void tick() {
    top->clk_i = 0;
    top->eval();
    tick_high();
  }

  // Drives `in_size` input beats, `in_beat(k)` giving beat k (asked once per
  // beat, in order), and hands every output beat to `take`, which says
  // whether the output is complete (`complete` says so before any beat);
  // the core then idles `tail` cycles more so that any surplus word shows.
  template <typename InBeat, typename Take>
  void drive(size_t in_size, InBeat in_beat, RtlStalls stalls, uint64_t max_cycles, uint64_t max_quiet, uint64_t tail,
             bool complete, Take take, bool& finished, RtlBeatLog* log) {
    size_t next = 0;
    bool holding = false;  // AXI: once TVALID is up it stays up until accepted
    protocol::Beat held;
    bool stopping = complete;
    uint64_t idle = 0;
    const uint64_t start = cycles;
    uint64_t progress = cycles;  // last cycle a beat moved on either stream
    std::uniform_int_distribution<int> pct(0, 99);
    finished = false;
    while (cycles - start < max_cycles && cycles - progress < max_quiet) {
      if (!holding && next < in_size && (stalls.in == 0 || pct(rng) >= stalls.in)) {
        held = in_beat(next);
        holding = true;
      }
      top->s_axis_tvalid_i = holding;
      top->s_axis_tdata_i = holding ? held.data : 0;
      top->s_axis_tlast_i = holding ? held.last : 0;
      top->m_axis_tready_i = stalls.out == 0 || pct(rng) >= stalls.out;
      top->clk_i = 0;
      top->eval();
      const bool in_fire = holding && top->s_axis_tready_o;
      if (in_fire && log) log->in.push_back(cycles);
      if (top->m_axis_tvalid_o && top->m_axis_tready_i) {
        if (log) log->out.push_back(cycles);
        progress = cycles;
        if (take(protocol::Beat{top->m_axis_tdata_o, top->m_axis_tlast_o != 0})) stopping = true;
      }
      tick_high();
      if (in_fire) {
        progress = cycles;
        holding = false;
        ++next;
      }
      if (stopping && next == in_size && ++idle > tail) {
        finished = true;
        break;
      }
    }
    top->s_axis_tvalid_i = 0;
  }
};

RtlDriver::RtlDriver(uint32_t seed, const std::string& fst_path) : impl_(std::make_unique<Impl>()) {
  Impl& d = *impl_;
  d.rng.seed(seed);
  d.ctx = std::make_unique<VerilatedContext>();
  d.enter();
  if (!fst_path.empty()) d.ctx->traceEverOn(true);
  d.top = std::make_unique<Vtrinity_core>(d.ctx.get());
  if (!fst_path.empty()) {
    d.fst = std::make_unique<VerilatedFstC>();
    d.top->trace(d.fst.get(), 99);
    d.fst->open(fst_path.c_str());
    if (!d.fst->isOpen()) throw std::runtime_error(fst_path + ": cannot open for the waveform");
  }
  d.top->clk_i = 0;
  d.top->rst_ni = 0;
  d.top->s_axis_tvalid_i = 0;
  d.top->m_axis_tready_i = 0;
  d.top->eval();
  d.tick();
  d.top->rst_ni = 1;
  d.tick();
}

RtlDriver::~RtlDriver() {
  impl_->enter();
  if (impl_->fst) impl_->fst->close();
  impl_->top->final();
}

protocol::Stream RtlDriver::run(const protocol::Stream& in, size_t expected_words, RtlStalls stalls,
                                uint64_t max_cycles, RtlBeatLog* log) {
  protocol::Stream out;
  bool finished = false;
  impl_->enter();
  impl_->drive(
      in.size(), [&](size_t k) { return in[k]; }, stalls, max_cycles, max_cycles, 200, expected_words == 0,
      [&](const protocol::Beat& b) {
        out.push_back(b);
        return out.size() >= expected_words;
      },
      finished, log);
  return out;
}

std::vector<uint32_t> RtlDriver::run_to_query(const std::vector<uint32_t>& words, RtlStalls stalls) {
  Impl& d = *impl_;
  d.enter();
  bool finished = false;
  protocol::TlastFramer in_framer, out_framer;
  std::vector<uint32_t> out;
  // The s2mm mover's rule (hls/trinity_s2mm.cpp): stop after the TLAST of a
  // STATUS whose packet-type field is QUERY.
  // With stalls, a quiet stretch can be longer by the stall probability.
  const uint64_t max_quiet = 4 * worst_frame_cycles() * 100 / (100 - std::max(stalls.in, stalls.out) + 1);
  d.drive(
      words.size(),
      [&](size_t k) {
        return protocol::Beat{words[k], in_framer.last(words[k], k + 1 == words.size())};
      },
      stalls, UINT64_MAX, max_quiet, 0, false,
      [&](const protocol::Beat& b) {
        // Words leave without TLAST, so the core's TLAST must say what the headers do.
        if (out_framer.last(b.data, false) != b.last)
          throw std::runtime_error("verilator: the core's TLAST disagrees with the length of its output packet (word " +
                                   std::to_string(out.size()) + ")");
        out.push_back(b.data);
        if (d.out_index == 0) d.out_is_status = protocol::header_type(b.data) == protocol::kStatus;
        if (d.out_index == 1) d.out_word1 = b.data;
        ++d.out_index;
        if (!b.last) return false;
        d.out_index = 0;
        return d.out_is_status && ((d.out_word1 >> 8) & 0xFF) == protocol::kQuery;
      },
      finished, nullptr);
  if (!finished)
    throw std::runtime_error("verilator: the core hung: no beat on either stream for " + std::to_string(max_quiet) +
                             " cycles, and the batch's QUERY unanswered (" + std::to_string(out.size()) +
                             " words came out)");
  return out;
}

uint64_t RtlDriver::cycles() const { return impl_->cycles; }

uint32_t RtlDriver::lanes() { return RTL_LANES; }

uint64_t RtlDriver::worst_frame_cycles() {
  // Every input of every layer active at every step, plus a per-neuron update
  // pass (docs/rtl.md): a frame cannot take longer without the core being hung.
  const uint64_t rows = (RTL_MAX_NEURONS + RTL_LANES - 1) / RTL_LANES;
  return uint64_t{RTL_MAX_T} * RTL_MAX_LAYERS * (RTL_MAX_NEURONS + 2) * rows + 100'000;
}

CoreCapacity RtlDriver::capacity() { return rtl_capacity(); }

std::vector<uint64_t> result_last_edges(const protocol::Stream& out, const RtlBeatLog& log) {
  std::vector<uint64_t> edges;
  bool packet_start = true, is_result = false;
  for (size_t k = 0; k < out.size() && k < log.out.size(); ++k) {
    if (packet_start) is_result = protocol::header_type(out[k].data) == protocol::kResult;
    if (out[k].last && is_result) edges.push_back(log.out[k]);
    packet_start = out[k].last;
  }
  return edges;
}

}  // namespace trinity
