// SPDX-License-Identifier: Apache-2.0
#include "device_answers.hpp"

#include <cstdio>
#include <stdexcept>
#include <utility>

#include "errors.hpp"

namespace trinity {

namespace {

class Checker {
 public:
  Checker(const std::string& device, const Network& net, bool trace, const BatchRequest& r)
      : device_(device), net_(net), trace_(trace), r_(r) {}

  BatchAnswer check(const std::vector<uint32_t>& words) {
    if (words.size() > r_.max_words)
      batch_fail(std::to_string(words.size()) + " output words, more than the " + std::to_string(r_.max_words) +
                 " the batch can produce");
    std::vector<protocol::Packet> packets;
    try {
      packets = protocol::split_packets(words);
    } catch (const std::runtime_error& e) {
      batch_fail(std::string("malformed output: ") + e.what());
    }
    if (packets.empty() || packets.back().type != protocol::kStatus)
      batch_fail("the output does not end with the STATUS answering the batch's QUERY");
    BatchAnswer a;
    a.status = check_status(packets.back());
    a.results.reserve(r_.frames);
    size_t k = 0;
    const size_t body = packets.size() - 1;
    for (size_t f = 0; f < r_.frames; ++f) {
      frame_ = f;
      if (trace_)
        for (uint32_t t = 0; t < net_.timesteps; ++t)
          for (uint32_t l = 0; l < net_.layers.size(); ++l) {
            if (k == body) fail("TRACE of step " + std::to_string(t) + ", layer " + std::to_string(l) + " missing");
            a.traces.push_back(check_trace(packets[k++], t, l));
          }
      if (k == body)
        fail("RESULT missing (the device sent " + std::to_string(f) + " of " + std::to_string(r_.frames) + ")");
      a.results.push_back(check_result(packets[k++]));
    }
    if (k != body)
      batch_fail(std::to_string(body - k) + " packet(s) of type " + type_name(packets[k].type) +
                 " after the batch's last RESULT");
    return a;
  }

 private:
  uint32_t id() const { return r_.first_id + static_cast<uint32_t>(frame_); }

  [[noreturn]] void fail(const std::string& what) const {
    throw RuntimeFailure(device_ + ": frame " + std::to_string(r_.first_index + frame_) + " (id " +
                         std::to_string(id()) + "): " + what);
  }
  [[noreturn]] void batch_fail(const std::string& what) const {
    throw RuntimeFailure(device_ + ": frames " + std::to_string(r_.first_index) + ".." +
                         std::to_string(r_.first_index + r_.frames - 1) + ": " + what);
  }
  static std::string type_name(uint8_t t) {
    switch (t) {
      case protocol::kResult: return "RESULT";
      case protocol::kStatus: return "STATUS";
      case protocol::kTrace: return "TRACE";
      default: return "0x" + hex(t);
    }
  }
  static std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "%x", v);
    return b;
  }

  protocol::TracePacket check_trace(const protocol::Packet& p, uint32_t t, uint32_t l) const {
    const std::string which = "TRACE of step " + std::to_string(t) + ", layer " + std::to_string(l);
    if (p.type != protocol::kTrace) fail(which + " due, a " + type_name(p.type) + " came");
    const uint32_t n = net_.layers[l].n_out;
    if (p.payload.size() != protocol::trace_length(n))
      fail(which + ": " + std::to_string(p.payload.size()) + " words, " + std::to_string(protocol::trace_length(n)) +
           " expected");
    const protocol::TracePacket tp = protocol::decode_trace(p);
    if (tp.frame_id != id()) fail(which + ": frame id " + std::to_string(tp.frame_id));
    if (tp.timestep != t || tp.layer != l || (p.payload[1] >> 24) != 0)
      fail(which + " due, the device sent step " + std::to_string(tp.timestep) + ", layer " + std::to_string(tp.layer) +
           " (word 0x" + hex(p.payload[1]) + ")");
    if (n % 32 && (tp.bitmap.back() >> (n % 32)) != 0)
      fail(which + ": spikes of neurons past the layer's " + std::to_string(n));
    return tp;
  }

  FrameResult check_result(const protocol::Packet& p) const {
    const uint32_t n_out = net_.outputs();
    if (p.type != protocol::kResult) fail("RESULT due, a " + type_name(p.type) + " came");
    if (p.payload.size() != protocol::result_length(n_out))
      fail("RESULT of " + std::to_string(p.payload.size()) + " words, " +
           std::to_string(protocol::result_length(n_out)) + " expected for " + std::to_string(n_out) + " outputs");
    protocol::ResultPacket r = protocol::decode_result(p, n_out);
    if (r.frame_id != id()) fail("RESULT carries frame id " + std::to_string(r.frame_id));
    if (r.timesteps != net_.timesteps)
      fail("RESULT says T = " + std::to_string(r.timesteps) + ", the model's T is " + std::to_string(net_.timesteps));
    if (r.prediction >= n_out)
      fail("RESULT predicts class " + std::to_string(r.prediction) + " of a network with " + std::to_string(n_out) +
           " outputs");
    for (uint32_t i = 0; i < n_out; ++i)
      if (r.counts[i] > net_.timesteps)
        fail("RESULT counts " + std::to_string(r.counts[i]) + " spikes of output " + std::to_string(i) + " in " +
             std::to_string(net_.timesteps) + " steps");
    if (n_out % 2 && (p.payload.back() >> 16) != 0) fail("RESULT has a count past the last output");
    const uint32_t argmax = decode_prediction(r.counts);
    if (r.prediction != argmax)
      fail("RESULT predicts class " + std::to_string(r.prediction) + " but its counts make it " +
           std::to_string(argmax));
    return {std::move(r.counts), r.prediction};
  }

  protocol::StatusPacket check_status(const protocol::Packet& p) const {
    if (p.payload.size() != protocol::kStatusLength)
      batch_fail("closing STATUS of " + std::to_string(p.payload.size()) + " words");
    const protocol::StatusPacket s = protocol::decode_status(p);
    if (s.code != protocol::kOk || s.packet_type != protocol::kQuery)
      batch_fail("the batch ended with " + protocol::describe(s));
    if (!s.configured) batch_fail("the device says it is not configured");
    if ((p.payload[0] >> 17) != 0 || s.declared_length != 0)
      batch_fail("the closing STATUS has reserved bits set or a QUERY length of " + std::to_string(s.declared_length));
    if (s.error_count != r_.errors_before)
      batch_fail("the device counted " + std::to_string(s.error_count - r_.errors_before) +
                 " malformed packet(s) in a batch the host encoded");
    const uint32_t done = r_.frames_before + static_cast<uint32_t>(r_.frames);
    if (s.detail != done)
      batch_fail("the device says " + std::to_string(s.detail - r_.frames_before) + " frames were completed, not " +
                 std::to_string(r_.frames));
    return s;
  }

  const std::string& device_;
  const Network& net_;
  bool trace_;
  const BatchRequest& r_;
  size_t frame_ = 0;
};

}  // namespace

BatchAnswer check_batch_answer(const std::string& device, const Network& net, bool trace, const BatchRequest& request,
                               const std::vector<uint32_t>& words) {
  return Checker(device, net, trace, request).check(words);
}

}  // namespace trinity
