// SPDX-License-Identifier: Apache-2.0
#include "axis_sink.hpp"

namespace trinity::sc {

AxisSink::AxisSink(sc_core::sc_module_name name, uint32_t seed) : sc_module(name), rng_(seed) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void AxisSink::on_clock() {
  // TREADY may be anything during reset; driving it randomly there too checks
  // that the core does not present output while held in reset.
  if (burst_ > 0) {
    --burst_;
    tready.write(false);
    return;
  }
  if (stall_pct_ > 0 && stall_pct_ < 100 && rng_() % 512 == 0) {
    burst_ = 1 + static_cast<int>(rng_() % 64);
    tready.write(false);
    return;
  }
  tready.write(static_cast<int>(rng_() % 100) >= stall_pct_);
}

}  // namespace trinity::sc
