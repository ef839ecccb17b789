// SPDX-License-Identifier: Apache-2.0
#include "response_checker.hpp"

#include <cstdio>

#include "protocol.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

namespace {
std::string describe(const Expected& e) {
  char buf[120];
  if (e.type == kResult)
    std::snprintf(buf, sizeof buf, "RESULT for frame %u", e.frame_id);
  else
    std::snprintf(buf, sizeof buf, "STATUS %s for type 0x%02x", error_name(e.code), e.answers_type);
  return buf;
}
}  // namespace

ResponseChecker::ResponseChecker(sc_core::sc_module_name name, CheckLog& log) : sc_module(name), log_(log) {
  SC_METHOD(on_clock);
  sensitive << clk.pos();
  dont_initialize();
}

void ResponseChecker::on_clock() {
  if (!rst_n.read()) {
    // Answers owed before a reset are void; the host re-states its
    // expectations for what it sends afterwards.
    expected_.clear();
    words_.clear();
    return;
  }
  if (!enabled_ || !link.fire()) return;
  words_.push_back(link.tdata.read());
  if (link.tlast.read()) packet_done();
}

void ResponseChecker::packet_done() {
  const uint8_t type = header_type(words_[0]);
  char msg[240];
  if (type == kTrace) {
    // A TRACE belongs to the RESULT that follows it.
    if (words_.size() < 2 || expected_.empty() || expected_.front().type != kResult ||
        words_[1] != expected_.front().frame_id) {
      std::snprintf(msg, sizeof msg, "TRACE for frame %u while expecting %s", words_.size() > 1 ? words_[1] : 0,
                    expected_.empty() ? "nothing" : describe(expected_.front()).c_str());
      log_.fail(Checker::kResponse, msg);
    }
    words_.clear();
    return;
  }
  if (expected_.empty()) {
    std::snprintf(msg, sizeof msg, "unexpected output packet 0x%08x (no answer owed)", words_[0]);
    log_.fail(Checker::kResponse, msg);
    words_.clear();
    return;
  }
  const Expected e = expected_.front();
  expected_.pop_front();
  bool ok = type == e.type;
  std::string got;
  if (type == kResult && words_.size() >= 2) {
    ok = ok && words_[1] == e.frame_id;
    std::snprintf(msg, sizeof msg, "RESULT for frame %u", words_[1]);
    got = msg;
  } else if (type == kStatus && words_.size() >= 5) {
    const uint8_t code = words_[1] & 0xFF;
    const uint8_t answers = (words_[1] >> 8) & 0xFF;
    ok = ok && code == e.code && answers == e.answers_type && (e.detail < 0 || words_[3] == e.detail);
    std::snprintf(msg, sizeof msg, "STATUS %s for type 0x%02x, detail %u", error_name(code), answers, words_[3]);
    got = msg;
  } else {
    ok = false;
    std::snprintf(msg, sizeof msg, "packet 0x%08x of %zu words", words_[0], words_.size());
    got = msg;
  }
  if (ok) {
    ++matched_;
  } else {
    std::string want = describe(e);
    if (e.type == kStatus && e.detail >= 0) want += ", detail " + std::to_string(e.detail);
    log_.fail(Checker::kResponse, "expected " + want + ", got " + got);
  }
  words_.clear();
}

void ResponseChecker::finish() {
  if (expected_.empty()) return;
  log_.fail(Checker::kResponse,
            std::to_string(expected_.size()) + " answers never came, the first: " + describe(expected_.front()));
  expected_.clear();
}

}  // namespace trinity::sc
