// SPDX-License-Identifier: Apache-2.0
#include "axis_source.hpp"

namespace trinity::sc {

AxisSource::AxisSource(sc_core::sc_module_name name, uint32_t seed) : sc_module(name), rng_(seed) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void AxisSource::bind(AxisSignals& s) {
  tdata(s.tdata);
  tvalid(s.tvalid);
  tlast(s.tlast);
  tready(s.tready);
}

void AxisSource::on_clock() {
  if (!rst_n.read()) {
    holding_ = false;
    driven_valid_ = false;
    tvalid.write(false);
    return;
  }
  // What was on the wire, not what we meant to drive (a fault may differ).
  const bool stalled = driven_valid_ && !tready.read();
  if (driven_valid_ && tready.read() && holding_) {
    queue_.pop_front();
    ++accepted_;
    holding_ = false;
  }
  if (!holding_ && !queue_.empty() && static_cast<int>(rng_() % 100) >= gap_pct_) holding_ = true;

  // Junk on TDATA/TLAST while TVALID is low: the core must ignore them.
  uint32_t data = static_cast<uint32_t>(rng_());
  bool last = (rng_() & 1) != 0;
  bool valid = holding_;
  if (holding_) {
    data = queue_.front().data;
    last = queue_.front().last;
  }
  if (stalled && holding_ && fault_ != SourceFault::kNone && !fault_done_ && accepted_ >= fault_after_) {
    fault_done_ = true;
    if (fault_ == SourceFault::kDropTvalid) valid = false;  // the beat comes back next cycle
    if (fault_ == SourceFault::kChangeTdata) data ^= 0x00000001u;
  }
  driven_valid_ = valid;
  tvalid.write(valid);
  tdata.write(data);
  tlast.write(last);
}

}  // namespace trinity::sc
