// SPDX-License-Identifier: Apache-2.0
#include "handshake_checker.hpp"

#include <cstdio>

namespace trinity::sc {

HandshakeChecker::HandshakeChecker(sc_core::sc_module_name name, CheckLog& log, Checker id, bool quiet_in_reset)
    : sc_module(name), log_(log), id_(id), quiet_in_reset_(quiet_in_reset) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void HandshakeChecker::on_clock() {
  const bool valid = link.tvalid.read();
  if (!rst_n.read()) {
    // rst_ni is asynchronous: one cycle after it falls the outputs are cleared.
    if (quiet_in_reset_ && was_in_reset_ && valid) log_.fail(id_, "TVALID high while reset is held");
    was_in_reset_ = true;
    stalled_ = false;
    return;
  }
  was_in_reset_ = false;
  const uint32_t data = link.tdata.read();
  const bool last = link.tlast.read();
  if (stalled_) {
    char msg[160];
    if (!valid) {
      std::snprintf(msg, sizeof msg, "TVALID dropped before TREADY (word 0x%08x held back)", data_);
      log_.fail(id_, msg);
    } else if (data != data_ || last != last_) {
      std::snprintf(msg, sizeof msg, "TDATA/TLAST changed while stalled: 0x%08x/%d -> 0x%08x/%d", data_, last_, data,
                    last);
      log_.fail(id_, msg);
    }
  }
  stalled_ = valid && !link.tready.read();
  data_ = data;
  last_ = last;
}

}  // namespace trinity::sc
