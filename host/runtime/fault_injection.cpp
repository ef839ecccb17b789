// SPDX-License-Identifier: Apache-2.0
#include "fault_injection.hpp"

#include <stdexcept>
#include <utility>

#include "errors.hpp"
#include "protocol.hpp"

namespace trinity {

std::vector<uint32_t> FaultInjectingDevice::collect() {
  std::vector<uint32_t> answer = ForwardingDevice::collect();
  if (++collects_ == collect_number_) corrupt_(answer);
  return answer;
}

std::vector<size_t> packet_offsets(const std::vector<uint32_t>& answer, uint8_t type) {
  std::vector<size_t> at;
  for (size_t pos = 0; pos < answer.size(); pos += 1 + size_t{protocol::header_length(answer[pos])})
    if (protocol::header_type(answer[pos]) == type) at.push_back(pos);
  return at;
}

size_t nth_packet(const std::vector<uint32_t>& answer, uint8_t type, int n) {
  const std::vector<size_t> at = packet_offsets(answer, type);
  if (n < 0 || static_cast<size_t>(n) >= at.size()) throw std::out_of_range("the answer has no such packet");
  return at[static_cast<size_t>(n)];
}

namespace {

using Words = std::vector<uint32_t>;

// Each one damages what a real fault would: a field of the first frame's
// RESULT, the STATUS that closes the batch, or the buffer's length.
const std::vector<std::pair<std::string, AnswerCorruption>>& faults() {
  static const std::vector<std::pair<std::string, AnswerCorruption>> all{
      {"result-frame-id", [](Words& w) { w[nth_packet(w, protocol::kResult, 0) + 1] += 1; }},
      {"result-t", [](Words& w) { w[nth_packet(w, protocol::kResult, 0) + 2] ^= 1u << 16; }},
      {"result-prediction", [](Words& w) { w[nth_packet(w, protocol::kResult, 0) + 2] |= 0xFFFF; }},
      {"result-count", [](Words& w) { w[nth_packet(w, protocol::kResult, 0) + 3] |= 0xFFFF; }},
      {"result-missing",  // the batch's last RESULT, so no later frame's stands in its place
       [](Words& w) {
         const std::vector<size_t> results = packet_offsets(w, protocol::kResult);
         if (results.empty()) throw std::out_of_range("the answer has no RESULT");
         const size_t at = results.back();
         w.erase(w.begin() + static_cast<long>(at),
                 w.begin() + static_cast<long>(at + 1 + protocol::header_length(w[at])));
       }},
      {"status-code",
       [](Words& w) {
         const size_t at = nth_packet(w, protocol::kStatus, 0) + 1;
         w[at] = (w[at] & ~0xFFu) | 1;
       }},
      {"truncated", [](Words& w) { w.pop_back(); }},
  };
  return all;
}

}  // namespace

const std::vector<std::string>& named_faults() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& f : faults()) n.push_back(f.first);
    return n;
  }();
  return names;
}

AnswerCorruption named_fault(const std::string& name) {
  for (const auto& f : faults())
    if (f.first == name) return f.second;
  std::string known;
  for (const auto& n : named_faults()) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("--inject-fault " + name + ": not a known fault (" + known + ")");
}

}  // namespace trinity
