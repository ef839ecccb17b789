// SPDX-License-Identifier: Apache-2.0
#include "fault_injector.hpp"

#include <algorithm>

#include "protocol.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

namespace {
// Transfers before the drop/change faults arm, so they strike mid-stream.
constexpr uint64_t kArmAfterWords = 8;
}  // namespace

bool parse_output_fault(const std::string& name, OutputFault* out) {
  static const struct {
    const char* name;
    OutputFault fault;
  } kFaults[] = {{"none", OutputFault::kNone},
                 {"drop-tvalid", OutputFault::kDropTvalid},
                 {"change-tdata", OutputFault::kChangeTdata},
                 {"early-output", OutputFault::kEarlyOutput},
                 {"wrong-tlast", OutputFault::kWrongTlast},
                 {"swallow-status", OutputFault::kSwallowStatus},
                 {"corrupt-data", OutputFault::kCorruptData},
                 {"stale-after-reset", OutputFault::kStaleAfterReset},
                 {"block-output", OutputFault::kBlockOutput}};
  for (const auto& f : kFaults)
    if (name == f.name) {
      *out = f.fault;
      return true;
    }
  return false;
}

FaultInjector::FaultInjector(sc_core::sc_module_name name, OutputFault fault) : sc_module(name), fault_(fault) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
  SC_METHOD(drive);
  sensitive << c_tdata << c_tvalid << c_tlast << s_tready << state_tick_;
}

void FaultInjector::bind(AxisSignals& core, AxisSignals& sink) {
  c_tdata(core.tdata);
  c_tvalid(core.tvalid);
  c_tlast(core.tlast);
  c_tready(core.tready);
  s_tdata(sink.tdata);
  s_tvalid(sink.tvalid);
  s_tlast(sink.tlast);
  s_tready(sink.tready);
}

void FaultInjector::on_clock() {
  state_tick_.write(state_tick_.read() + 1);
  if (!rst_n.read()) {
    in_reset_ = true;
    next_index_ = 0;
    swallowing_ = false;
    inject_left_ = 0;
    strike_now_ = false;
    return;
  }
  if (in_reset_) {
    in_reset_ = false;
    // First cycle out of reset: the core has taken no input yet, so any word
    // shown now answers nothing.
    if (!struck_ && fault_ == OutputFault::kEarlyOutput) {
      const uint32_t fake[5] = {header(kStatus, kStatusLength), (uint32_t{kQuery} << 8) | kOk, 0, 0, 0};
      std::copy(fake, fake + 5, inject_words_);
      inject_left_ = 5;
      inject_index_ = 0;
    }
    if (!struck_ && fault_ == OutputFault::kStaleAfterReset && seen_word_) {
      inject_words_[0] = last_word_;
      inject_left_ = 1;
      inject_index_ = 0;
    }
    return;
  }
  const bool s_valid = s_tvalid.read();
  const bool s_ready = s_tready.read();
  if (inject_left_ > 0) {
    if (s_valid && s_ready) {
      ++inject_index_;
      if (--inject_left_ == 0) struck_ = true;
    }
    return;
  }
  if (strike_now_) {
    // Change-tdata only counts if the changed word was shown during a stall.
    if (fault_ == OutputFault::kDropTvalid || !s_ready) struck_ = true;
    strike_now_ = false;
  }
  if (c_tvalid.read() && c_tready.read()) {
    const uint32_t w = c_tdata.read();
    ++transfers_;
    seen_word_ = true;
    last_word_ = w;
    if (next_index_ == 0) {
      type_ = header_type(w);
      if (fault_ == OutputFault::kWrongTlast && !struck_ && header_length(w) > 0) struck_ = true;
      if (fault_ == OutputFault::kSwallowStatus && !struck_ && type_ == kStatus) swallowing_ = true;
    }
    if (fault_ == OutputFault::kCorruptData && !struck_ && type_ == kResult && next_index_ == 3) struck_ = true;
    if (swallowing_ && c_tlast.read()) {
      swallowing_ = false;
      struck_ = true;
    }
    next_index_ = c_tlast.read() ? 0 : next_index_ + 1;
  }
  if (fault_ == OutputFault::kBlockOutput && transfers_ >= kArmAfterWords) struck_ = true;
  const bool stalled = s_valid && !s_ready;
  if ((fault_ == OutputFault::kDropTvalid || fault_ == OutputFault::kChangeTdata) && !struck_ && stalled &&
      transfers_ >= kArmAfterWords)
    strike_now_ = true;
}

void FaultInjector::drive() {
  if (inject_left_ > 0) {
    s_tdata.write(inject_words_[inject_index_]);
    s_tvalid.write(true);
    s_tlast.write(inject_left_ == 1);
    c_tready.write(false);
    return;
  }
  uint32_t data = c_tdata.read();
  bool valid = c_tvalid.read();
  bool last = c_tlast.read();
  bool ready = s_tready.read();
  if (struck_ && fault_ == OutputFault::kBlockOutput) valid = ready = false;
  if (!struck_) switch (fault_) {
      case OutputFault::kDropTvalid:
        if (strike_now_) valid = ready = false;
        break;
      case OutputFault::kChangeTdata:
        if (strike_now_ && !s_tready.read()) data ^= 0x80000000u;
        break;
      case OutputFault::kWrongTlast:
        if (next_index_ == 0 && header_length(data) > 0) last = true;
        break;
      case OutputFault::kSwallowStatus:
        if (swallowing_ || (next_index_ == 0 && header_type(data) == kStatus)) {
          valid = false;
          ready = true;
        }
        break;
      case OutputFault::kCorruptData:
        if (type_ == kResult && next_index_ == 3) data ^= 1u;
        break;
      default: break;
    }
  s_tdata.write(data);
  s_tvalid.write(valid);
  s_tlast.write(last);
  c_tready.write(ready);
}

}  // namespace trinity::sc
