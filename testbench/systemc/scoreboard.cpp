// SPDX-License-Identifier: Apache-2.0
#include "scoreboard.hpp"

#include <cstdio>

namespace trinity::sc {

using namespace trinity::protocol;

Scoreboard::Scoreboard(sc_core::sc_module_name name, CheckLog& log, CoreCapacity capacity)
    : sc_module(name), log_(log), capacity_(capacity), golden_(std::make_unique<GoldenCore>(capacity)) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void Scoreboard::on_clock() {
  if (!rst_n.read()) {
    if (!in_reset_) {
      in_reset_ = true;
      // Output still owed by the old golden core is void, like the RTL's.
      golden_ = std::make_unique<GoldenCore>(capacity_);
      actual_.clear();
      out_index_ = 0;
      packet_word_ = 0;
      shown_checked_ = false;
    }
    return;
  }
  in_reset_ = false;
  check_timing();  // before this cycle's input reaches the golden core
  if (in.fire()) {
    golden_->push(in.beat());
    ++input_beats_;
  }
  if (out.fire()) actual_.push_back(out.beat());
  compare();
}

void Scoreboard::check_timing() {
  if (out.tvalid.read() && !shown_checked_) {
    shown_checked_ = true;
    // GoldenCore answers a packet the moment its TLAST is pushed, so a word
    // it has not produced yet depends on input the core has not accepted.
    if (actual_.size() >= golden_->output().size()) {
      char msg[160];
      std::snprintf(msg, sizeof msg,
                    "output word %llu (0x%08x) shown before the input it answers was accepted (golden timing)",
                    static_cast<unsigned long long>(out_index_ + actual_.size()), out.tdata.read());
      log_.fail(Checker::kCausality, msg);
    }
  }
  if (out.fire()) shown_checked_ = false;
}

void Scoreboard::compare() {
  std::deque<Beat>& expected = golden_->output();
  while (!actual_.empty() && !expected.empty()) {
    const Beat want = expected.front();
    const Beat got = actual_.front();
    expected.pop_front();
    actual_.pop_front();
    if (packet_word_ == 0) packet_type_ = header_type(want.data);
    if (!(want == got)) {
      char msg[200];
      std::snprintf(msg, sizeof msg,
                    "output word %llu (word %u of a 0x%02x packet): expected 0x%08x last=%d, got 0x%08x last=%d",
                    static_cast<unsigned long long>(out_index_), packet_word_, packet_type_, want.data, want.last,
                    got.data, got.last);
      log_.fail(Checker::kScoreboard, msg);
    }
    if (packet_word_ == 0 && packet_type_ == kResult) ++results_;
    packet_word_ = want.last ? 0 : packet_word_ + 1;
    ++out_index_;
    ++compared_;
  }
}

void Scoreboard::finish() {
  compare();
  const size_t missing = golden_->output().size();
  if (missing > 0) log_.fail(Checker::kScoreboard, std::to_string(missing) + " expected output words never came out");
  if (!actual_.empty())
    log_.fail(Checker::kScoreboard, std::to_string(actual_.size()) + " output words more than the golden model's");
}

}  // namespace trinity::sc
