// SPDX-License-Identifier: Apache-2.0
#include "framing_checker.hpp"

#include <cstdio>

#include "protocol.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

FramingChecker::FramingChecker(sc_core::sc_module_name name, CheckLog& log) : sc_module(name), log_(log) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void FramingChecker::on_clock() {
  if (!rst_n.read()) {
    at_header_ = true;
    return;
  }
  if (!link.fire()) return;
  const uint32_t w = link.tdata.read();
  const bool last = link.tlast.read();
  char msg[200];
  if (at_header_) {
    header_ = w;
    index_ = 0;
    const uint8_t type = header_type(w);
    if (type != kResult && type != kStatus && type != kTrace) {
      std::snprintf(msg, sizeof msg, "output packet header 0x%08x has no output type", w);
      log_.fail(Checker::kFraming, msg);
    } else if (type == kStatus && header_length(w) != kStatusLength) {
      std::snprintf(msg, sizeof msg, "STATUS header 0x%08x does not declare %u words", w, kStatusLength);
      log_.fail(Checker::kFraming, msg);
    }
  } else {
    ++index_;
  }
  const uint64_t declared = header_length(header_);
  if (last && index_ != declared) {
    std::snprintf(msg, sizeof msg, "TLAST on word %llu of a packet whose header 0x%08x declares %llu payload words",
                  static_cast<unsigned long long>(index_), header_, static_cast<unsigned long long>(declared));
    log_.fail(Checker::kFraming, msg);
  } else if (!last && index_ == declared) {
    std::snprintf(msg, sizeof msg, "no TLAST on word %llu, the declared end of packet 0x%08x",
                  static_cast<unsigned long long>(index_), header_);
    log_.fail(Checker::kFraming, msg);
  }
  at_header_ = last;
  if (last) ++packets_;
}

}  // namespace trinity::sc
