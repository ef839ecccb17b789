// SPDX-License-Identifier: Apache-2.0
#include "stream_backend.hpp"

#include <deque>

#include "device_answers.hpp"
#include "errors.hpp"
#include "stream_encoder.hpp"

namespace trinity {

namespace {

// The answer to a batch's closing QUERY: the last packet, and an OK STATUS.
protocol::StatusPacket closing_status(const std::string& device, const std::vector<protocol::Packet>& packets) {
  if (packets.empty() || packets.back().type != protocol::kStatus)
    throw RuntimeFailure(device + ": the batch did not end with the STATUS answering its QUERY");
  const auto s = protocol::decode_status(packets.back());
  if (s.code != protocol::kOk || s.packet_type != protocol::kQuery)
    throw RuntimeFailure(device + ": the batch ended with " + protocol::describe(s));
  return s;
}

}  // namespace

WireWords StreamBackend::wire_words(const Network& net, bool trace, bool image_packets) {
  uint32_t out = 1 + protocol::result_length(net.outputs());
  if (trace)
    for (const auto& layer : net.layers) out += net.timesteps * (1 + protocol::trace_length(layer.n_out));
  const uint32_t in = image_packets ? protocol::image_length(net.inputs()) : protocol::frame_length(net.timesteps, net.inputs());
  return {1 + in, out};
}

StreamBackend::StreamBackend(std::unique_ptr<StreamDevice> device, const Network& net, const BackendOptions& o)
    : device_(std::move(device)),
      net_(net),
      frames_per_batch_(o.frames_per_batch ? o.frames_per_batch : std::max<size_t>(1, device_->default_batch())),
      // A clock only means something to a device that counts cycles.
      clock_mhz_(device_->clock_mhz() && o.clock_mhz ? o.clock_mhz : device_->clock_mhz()),
      trace_(o.trace),
      image_packets_(o.image_packets) {
  std::vector<uint32_t> config;
  protocol::append_network(config, net_, trace_);
  protocol::append_query(config);
  device_->submit(std::move(config), 2 * (1 + protocol::kStatusLength));
  const auto packets = protocol::split_packets(device_->collect());
  // A rejected packet is answered by a STATUS of its own before the QUERY's.
  for (size_t k = 0; k + 1 < packets.size(); ++k)
    if (packets[k].type == protocol::kStatus)
      throw RuntimeFailure(device_->name() +
                           ": configuration rejected: " + protocol::describe(protocol::decode_status(packets[k])));
  const auto status = closing_status(device_->name(), packets);
  if (packets.size() != 1 || !status.configured)
    throw RuntimeFailure(device_->name() + ": the device is not configured after the network was sent");
  errors_seen_ = status.error_count;
  frames_done_ = status.detail;  // §5: a QUERY's STATUS counts the frames completed since reset
}

size_t StreamBackend::answer_bound(size_t frames) const {
  return frames * wire_words_per_frame().out + 1 + protocol::kStatusLength;
}

std::vector<uint32_t> StreamBackend::batch_words(const std::vector<SpikeFrame>& frames, size_t first, size_t count,
                                                 uint32_t first_id, bool image_packets, bool tasks) {
  std::vector<uint32_t> words;
  if (count) {
    const SpikeFrame& f = frames[first];
    const uint32_t packet = image_packets && f.image ? protocol::image_length(f.width)
                                                     : protocol::frame_length(f.timesteps, f.width);
    // The packets, a TASK (header and word) wherever the task may change, the closing QUERY.
    words.reserve(count * (1 + size_t{packet}) + (tasks ? (1 + protocol::kTaskLength) * count : 0) + 1);
  }
  // With tasks, every batch selects its first frame's task (protocol v3
  // TASK), and again wherever the task changes: a batch never depends on
  // what an earlier one left selected, so batches may go to any core.
  uint32_t selected = 0;
  for (size_t k = 0; k < count; ++k) {
    const SpikeFrame& f = frames[first + k];
    const uint32_t id = first_id + static_cast<uint32_t>(k);
    if (tasks && (k == 0 || f.task != selected)) protocol::append_task(words, selected = f.task);
    if (image_packets && f.image && f.image->index <= UINT32_MAX && f.image->pixels.size() == f.width)
      protocol::append_image(words, id,
                             {f.image->pixels.data(), f.width, static_cast<uint32_t>(f.image->index), f.image->seed});
    else if (f.bits.size() == size_t{f.timesteps} * f.width)
      protocol::append_frame(words, id, f);
    else  // an image-only frame (no spikes) that cannot go as an IMAGE
      throw InputError("frame " + std::to_string(first + k) + " has neither spikes nor an image to send");
  }
  protocol::append_query(words);
  return words;
}

void StreamBackend::submit(const std::vector<SpikeFrame>& frames, const Batch& b) {
  // The output bound: every frame's packets, then the STATUS answering the QUERY.
  device_->submit(batch_words(frames, b.first, b.frames, next_frame_id_ + static_cast<uint32_t>(b.first), image_packets_,
                              !net_.gates.empty()),
                  answer_bound(b.frames));
}

// Every field of the answer is checked (device_answers.hpp): a device that
// sends anything but the right answer stops the run with a RuntimeFailure.
void StreamBackend::check_batch(const std::vector<uint32_t>& out, const Batch& b, std::vector<FrameResult>& results) {
  BatchRequest request;
  request.first_index = b.first;
  request.first_id = next_frame_id_ + static_cast<uint32_t>(b.first);
  request.frames = b.frames;
  request.max_words = answer_bound(b.frames);
  request.errors_before = errors_seen_;
  request.frames_before = frames_done_;
  BatchAnswer answer = check_batch_answer(device_->name(), net_, trace_, request, out);
  for (size_t k = 0; k < b.frames; ++k) results[b.first + k] = std::move(answer.results[k]);
  traces_.insert(traces_.end(), std::make_move_iterator(answer.traces.begin()),
                 std::make_move_iterator(answer.traces.end()));
  frames_done_ = answer.status.detail;
}

std::vector<FrameResult> StreamBackend::run(const std::vector<SpikeFrame>& frames) {
  for (size_t k = 0; k < frames.size(); ++k)
    if (frames[k].timesteps != net_.timesteps || frames[k].width != net_.inputs())
      throw InputError("frame " + std::to_string(k) + " is " + std::to_string(frames[k].timesteps) + " x " +
                       std::to_string(frames[k].width) + " but the network needs " + std::to_string(net_.timesteps) +
                       " x " + std::to_string(net_.inputs()));
  check_tasks(frames, net_);
  traces_.clear();
  const uint64_t cycles_before = device_->cycles();
  std::vector<FrameResult> results(frames.size());
  std::deque<Batch> in_flight;
  const size_t depth = std::max<size_t>(1, device_->max_in_flight());
  size_t next = 0;
  while (next < frames.size() || !in_flight.empty()) {
    while (next < frames.size() && in_flight.size() < depth) {
      const Batch b{next, std::min(frames_per_batch_, frames.size() - next)};
      submit(frames, b);
      in_flight.push_back(b);
      next += b.frames;
    }
    const Batch b = in_flight.front();
    in_flight.pop_front();
    check_batch(device_->collect(), b, results);
  }
  next_frame_id_ += static_cast<uint32_t>(frames.size());
  run_cycles_ = device_->cycles() - cycles_before;
  return results;
}

}  // namespace trinity
