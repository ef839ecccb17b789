// SPDX-License-Identifier: Apache-2.0
// Bit-exact comparison of two backends' results, and the location of the
// first difference in their TRACE packets: what `trinity verify` reports.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "spike_frame.hpp"
#include "stream_encoder.hpp"

namespace trinity {

struct ResultMismatch {
  size_t frame = 0;         // index in the run
  std::string description;  // which outputs differ, with both values
};

// The first frame whose spike counts or prediction differ; a length
// difference counts as a mismatch at the first missing frame.
std::optional<ResultMismatch> first_result_mismatch(const std::vector<FrameResult>& expected,
                                                    const std::vector<FrameResult>& actual);

// The first (timestep, layer, neuron) at which two traces of the same frame
// differ, as "timestep t, layer l, neuron n: <a> spiked, <b> did not";
// empty if they agree.
std::string first_trace_difference(const std::vector<protocol::TracePacket>& a,
                                   const std::vector<protocol::TracePacket>& b, const std::string& name_a,
                                   const std::string& name_b);

}  // namespace trinity
