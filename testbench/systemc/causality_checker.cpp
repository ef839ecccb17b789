// SPDX-License-Identifier: Apache-2.0
#include "causality_checker.hpp"

#include <cstdio>

#include "protocol.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

CausalityChecker::CausalityChecker(sc_core::sc_module_name name, CheckLog& log) : sc_module(name), log_(log) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void CausalityChecker::on_clock() {
  if (!rst_n.read()) {
    // A reset forgets every packet: nothing after it may answer one from before.
    clear();
    return;
  }
  check_output();  // against the counts up to the previous cycle
  count_input();
}

void CausalityChecker::clear() {
  in_header_ = true;
  in_head_ = 0;
  in_words_ = packets_in_ = frames_in_ = queries_in_ = 0;
  out_index_ = 0;
  out_type_ = 0;
  checked_ = false;
  answers_ = results_ = oks_ = 0;
}

void CausalityChecker::check_output() {
  if (!out.tvalid.read()) return;
  const uint32_t w = out.tdata.read();
  char msg[200];
  if (out_index_ == 0 && !checked_) {
    checked_ = true;
    out_type_ = header_type(w);
    if (answers_ >= packets_in_) {
      std::snprintf(msg, sizeof msg,
                    "output packet 0x%08x shown with %llu answers already out and only %llu input packets accepted", w,
                    static_cast<unsigned long long>(answers_), static_cast<unsigned long long>(packets_in_));
      log_.fail(Checker::kCausality, msg);
    }
    if ((out_type_ == kResult || out_type_ == kTrace) && results_ >= frames_in_) {
      std::snprintf(msg, sizeof msg, "%s shown with %llu RESULTs out and only %llu FRAMEs accepted",
                    out_type_ == kResult ? "RESULT" : "TRACE", static_cast<unsigned long long>(results_),
                    static_cast<unsigned long long>(frames_in_));
      log_.fail(Checker::kCausality, msg);
    }
  }
  if (out_index_ == 1 && out_type_ == kStatus && !checked_) {
    checked_ = true;
    const bool ok_for_query = (w & 0xFF) == kOk && ((w >> 8) & 0xFF) == kQuery;
    if (ok_for_query && oks_ >= queries_in_) {
      std::snprintf(msg, sizeof msg, "OK STATUS shown with %llu OKs out and only %llu QUERYs accepted",
                    static_cast<unsigned long long>(oks_), static_cast<unsigned long long>(queries_in_));
      log_.fail(Checker::kCausality, msg);
    }
  }
  if (!out.tready.read()) return;
  // The word was taken.
  if (out_index_ == 0) {
    if (out_type_ == kResult) ++results_;
    if (out_type_ == kResult || out_type_ == kStatus) ++answers_;
  }
  if (out_index_ == 1 && out_type_ == kStatus && (w & 0xFF) == kOk) ++oks_;
  out_index_ = out.tlast.read() ? 0 : out_index_ + 1;
  checked_ = false;
}

void CausalityChecker::count_input() {
  if (!in.fire()) return;
  const uint32_t w = in.tdata.read();
  if (in_header_) {
    in_head_ = w;
    in_words_ = 0;
  } else {
    ++in_words_;
  }
  in_header_ = in.tlast.read();
  if (!in_header_) return;
  ++packets_in_;
  if (header_type(in_head_) == kFrame || header_type(in_head_) == kImage) ++frames_in_;  // RESULT-bearing
  // Only a well-formed QUERY is answered with OK (§5 LENGTH, BAD_SIZE).
  if (header_type(in_head_) == kQuery && header_length(in_head_) == 0 && in_words_ == 0) ++queries_in_;
}

}  // namespace trinity::sc
