// SPDX-License-Identifier: Apache-2.0
#include "verify.hpp"

#include <algorithm>

namespace trinity {

std::optional<ResultMismatch> first_result_mismatch(const std::vector<FrameResult>& expected,
                                                    const std::vector<FrameResult>& actual) {
  const size_t n = std::min(expected.size(), actual.size());
  for (size_t k = 0; k < n; ++k) {
    const FrameResult& e = expected[k];
    const FrameResult& a = actual[k];
    if (e.counts == a.counts && e.prediction == a.prediction) continue;
    std::string d;
    for (size_t i = 0; i < std::max(e.counts.size(), a.counts.size()); ++i) {
      const long ec = i < e.counts.size() ? e.counts[i] : -1;
      const long ac = i < a.counts.size() ? a.counts[i] : -1;
      if (ec != ac)
        d += (d.empty() ? "" : ", ") + std::string("output ") + std::to_string(i) + " count " + std::to_string(ec) +
             " vs " + std::to_string(ac);
    }
    if (e.prediction != a.prediction)
      d += (d.empty() ? "" : ", ") + std::string("prediction ") + std::to_string(e.prediction) + " vs " +
           std::to_string(a.prediction);
    return ResultMismatch{k, d};
  }
  if (expected.size() != actual.size())
    return ResultMismatch{n, std::to_string(expected.size()) + " results vs " + std::to_string(actual.size())};
  return std::nullopt;
}

std::string first_trace_difference(const std::vector<protocol::TracePacket>& a,
                                   const std::vector<protocol::TracePacket>& b, const std::string& name_a,
                                   const std::string& name_b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t k = 0; k < n; ++k) {
    const auto& x = a[k];
    const auto& y = b[k];
    const std::string where = "timestep " + std::to_string(x.timestep) + ", layer " + std::to_string(x.layer);
    if (x.timestep != y.timestep || x.layer != y.layer)
      return "trace packet " + std::to_string(k) + ": " + name_a + " reports " + where + ", " + name_b + " timestep " +
             std::to_string(y.timestep) + ", layer " + std::to_string(y.layer);
    for (size_t w = 0; w < std::min(x.bitmap.size(), y.bitmap.size()); ++w) {
      const uint32_t diff = x.bitmap[w] ^ y.bitmap[w];
      if (!diff) continue;
      int bit = 0;
      while (!(diff >> bit & 1)) ++bit;
      const bool a_spiked = x.bitmap[w] >> bit & 1;
      return where + ", neuron " + std::to_string(w * 32 + bit) + ": " + (a_spiked ? name_a : name_b) + " spiked, " +
             (a_spiked ? name_b : name_a) + " did not";
    }
    if (x.bitmap.size() != y.bitmap.size()) return where + ": bitmaps of different lengths";
  }
  if (a.size() != b.size())
    return name_a + " sent " + std::to_string(a.size()) + " trace packets, " + name_b + " " + std::to_string(b.size());
  return {};
}

}  // namespace trinity
