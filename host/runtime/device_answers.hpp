// SPDX-License-Identifier: Apache-2.0
// The host trusts no device: a card, a bitstream from another build or a
// flipped bit on PCIe must end in a clear RuntimeFailure naming the frame,
// never in a wrong answer. Every field of every packet a device sends back is
// checked here against the model and the request (protocol v3 §4, §5):
//   - the buffer: no more words than the host's bound, packets whole;
//   - per frame, in order: TRACE packets (only when asked for) for t = 0..T-1
//     and l = 0..L-1 with the frame's id, their lengths and zero padding, then
//     one RESULT: its length, frame id, T, prediction < n_out, every count
//     <= T, the prediction equal to the argmax of the counts (spec §5), the
//     unused half-word zero;
//   - the closing STATUS: OK, answering the QUERY, configured, reserved bits
//     zero, no new errors counted, and the frames completed advanced by
//     exactly the batch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"
#include "stream_encoder.hpp"

namespace trinity {

// What the host asked of one batch and what it knows of the device before it.
struct BatchRequest {
  size_t first_index = 0;      // the batch's first frame, as an index in the run (named in errors)
  uint32_t first_id = 0;       // its frame id on the wire
  size_t frames = 0;           // frames in the batch
  size_t max_words = 0;        // the output bound the device was given
  uint32_t errors_before = 0;  // the device's error count before the batch
  uint32_t frames_before = 0;  // its frames-completed count before the batch
};

struct BatchAnswer {
  std::vector<FrameResult> results;           // one per frame, in order
  std::vector<protocol::TracePacket> traces;  // when asked for
  protocol::StatusPacket status;              // the closing STATUS
};

// Throws RuntimeFailure "<device>: frame <index> (id <id>): <what is wrong>"
// (or naming the batch's frames when no one frame is at fault).
BatchAnswer check_batch_answer(const std::string& device, const Network& net, bool trace, const BatchRequest& request,
                               const std::vector<uint32_t>& words);

}  // namespace trinity
