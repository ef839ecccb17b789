// SPDX-License-Identifier: Apache-2.0
// An AXI4-Stream link (protocol v3 §1: 32-bit TDATA, TLAST, no TKEEP) as
// SystemC signals, and the read-only port bundle every monitor and checker
// binds to it.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>

#include "protocol.hpp"

namespace trinity::sc {

struct AxisSignals {
  explicit AxisSignals(const std::string& name)
      : tdata((name + "_tdata").c_str()),
        tvalid((name + "_tvalid").c_str()),
        tlast((name + "_tlast").c_str()),
        tready((name + "_tready").c_str()) {}
  sc_core::sc_signal<uint32_t> tdata;
  sc_core::sc_signal<bool> tvalid;
  sc_core::sc_signal<bool> tlast;
  sc_core::sc_signal<bool> tready;
};

// Monitors sample on the rising clock edge, so they read the values that held
// during the cycle that edge ends: exactly what a flip-flop would capture.
struct AxisMonitorPorts {
  sc_core::sc_in<uint32_t> tdata;
  sc_core::sc_in<bool> tvalid;
  sc_core::sc_in<bool> tlast;
  sc_core::sc_in<bool> tready;

  void bind(AxisSignals& s) {
    tdata(s.tdata);
    tvalid(s.tvalid);
    tlast(s.tlast);
    tready(s.tready);
  }
  bool fire() const { return tvalid.read() && tready.read(); }
  protocol::Beat beat() const { return {tdata.read(), tlast.read()}; }
};

}  // namespace trinity::sc
