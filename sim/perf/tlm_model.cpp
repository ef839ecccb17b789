// SPDX-License-Identifier: Apache-2.0
#include "tlm_model.hpp"

#include <tlm_utils/peq_with_get.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <systemc>
#include <tlm>

namespace trinity::perf {

namespace {

using sc_core::sc_time;
using tlm::tlm_generic_payload;
using tlm::tlm_phase;
using tlm::tlm_sync_enum;

// Which frame a transaction carries and what it makes the core do. Stream
// payload words are opaque to a timing model; only their count matters.
struct FrameTag : tlm::tlm_extension<FrameTag> {
  size_t index = 0;
  const FrameActivity* activity = nullptr;

  tlm::tlm_extension_base* clone() const override { return new FrameTag(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const FrameTag&>(other); }
};

// When each frame was offered and crossed the core's two stream interfaces.
struct Timeline {
  std::vector<sc_time> offered, header_accepted, result_last;
};

uint32_t frame_words(const Network& net) {
  return 2 + net.timesteps * ((net.inputs() + 31) / 32);  // header, frame id, spike words
}

// The host's input stream: offers FRAME packets one at a time (the base
// protocol's request exclusion: the next BEGIN_REQ waits for END_REQ).
class FrameSource : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<FrameSource> socket;

  FrameSource(sc_core::sc_module_name name, const Network& net, const std::vector<FrameActivity>& frames,
              sc_time period, uint64_t gap_cycles)
      : sc_module(name), socket("socket"), frames_(frames), period_(period), gap_cycles_(gap_cycles) {
    words_.assign(frame_words(net), 0);
    socket.register_nb_transport_bw(this, &FrameSource::nb_transport_bw);
    SC_HAS_PROCESS(FrameSource);
    SC_THREAD(offer_frames);
  }

 private:
  void offer_frames() {
    std::vector<std::unique_ptr<tlm_generic_payload>> payloads;
    for (size_t k = 0; k < frames_.size(); ++k) {
      auto p = std::make_unique<tlm_generic_payload>();
      p->set_command(tlm::TLM_WRITE_COMMAND);
      p->set_address(0);
      p->set_data_ptr(reinterpret_cast<unsigned char*>(words_.data()));
      p->set_data_length(static_cast<unsigned>(words_.size() * 4));
      p->set_streaming_width(4);  // a stream: every word goes to the same port
      p->set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      auto* tag = new FrameTag;
      tag->index = k;
      tag->activity = &frames_[k];
      p->set_extension(tag);  // freed with the payload
      tlm_phase phase = tlm::BEGIN_REQ;
      sc_time delay = sc_core::SC_ZERO_TIME;
      const tlm_sync_enum s = socket->nb_transport_fw(*p, phase, delay);
      if (!(s == tlm::TLM_UPDATED && phase == tlm::END_REQ)) wait(end_req_);
      payloads.push_back(std::move(p));
      if (gap_cycles_) wait(double(gap_cycles_) * period_);
    }
  }

  tlm_sync_enum nb_transport_bw(tlm_generic_payload&, tlm_phase& phase, sc_time&) {
    if (phase == tlm::END_REQ) {
      end_req_.notify(sc_core::SC_ZERO_TIME);
      return tlm::TLM_ACCEPTED;
    }
    return tlm::TLM_COMPLETED;  // BEGIN_RESP: the frame was written
  }

  const std::vector<FrameActivity>& frames_;
  sc_time period_;
  uint64_t gap_cycles_;
  std::vector<uint32_t> words_;
  sc_core::sc_event end_req_;
};

// The core: takes a whole FRAME (1 word/cycle), computes, and sends RESULT;
// one frame at a time, as rtl/trinity_core does. A FRAME offered while one
// computes is taken word by word meanwhile (the core's overlap window: load,
// accumulate, update, trace, result) and its verdict computed; what does not
// fit follows the RESULT (cycles_after_window). Requests wait in the payload
// event queue, i.e. on TVALID.
class CoreModel : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<CoreModel> in;
  tlm_utils::simple_initiator_socket<CoreModel> out;

  CoreModel(sc_core::sc_module_name name, const Network& net, const CoreTimingConfig& config, sc_time period,
            Timeline& timeline)
      : sc_module(name),
        in("in"),
        out("out"),
        requests_("requests"),
        net_(net),
        config_(config),
        period_(period),
        timeline_(timeline) {
    in.register_nb_transport_fw(this, &CoreModel::nb_transport_fw);
    out.register_nb_transport_bw(this, &CoreModel::nb_transport_bw);
    result_words_.assign(3 + (net.outputs() + 1) / 2, 0);
    SC_HAS_PROCESS(CoreModel);
    SC_THREAD(serve);
  }

 private:
  tlm_sync_enum nb_transport_fw(tlm_generic_payload& p, tlm_phase& phase, sc_time& delay) {
    if (phase == tlm::BEGIN_REQ) {
      FrameTag* tag = nullptr;
      p.get_extension(tag);
      if (tag) timeline_.offered[tag->index] = sc_core::sc_time_stamp() + delay;
      requests_.notify(p, delay);
    }
    return tlm::TLM_ACCEPTED;  // END_RESP needs nothing
  }

  tlm_sync_enum nb_transport_bw(tlm_generic_payload&, tlm_phase&, sc_time&) { return tlm::TLM_COMPLETED; }

  void serve() {
    for (;;) {
      wait(requests_.get_event());
      while (tlm_generic_payload* p = requests_.get_next_transaction()) run_frame(*p);
    }
  }

  void run_frame(tlm_generic_payload& p) {
    FrameTag* tag = nullptr;
    p.get_extension(tag);
    // A copy: once this frame's request ends (END_REQ below) the source may
    // free the payload and its extension, while the RESULT still needs them
    // (AddressSanitizer found the read after free, 2026-12-05).
    const FrameTag frame = *tag;
    const FrameCycles alone = predict_frame_cycles(net_, config_, *frame.activity);
    // A frame offered before the previous one's overlap window ended arrives
    // from its offer (or the window's start) on (cycles_after_window).
    const sc_time offered = timeline_.offered[frame.index];
    uint64_t window = 0;
    sc_time header = sc_core::sc_time_stamp();
    if (offered < window_end_) {
      header = offered > window_start_ ? offered : window_start_;
      window = uint64_t(std::llround((window_end_ - header) / period_));
    }
    // Its timestep 0 preloaded in the previous frame's last timestep, as far as its packet was in by then.
    const FrameCycles c = preloaded(alone, window, last_step_left_);
    timeline_.header_accepted[frame.index] = header;

    wait(double(cycles_after_window(c, window)) * period_);  // stream-in, verdict
    tlm_phase phase = tlm::END_REQ;
    sc_time delay = sc_core::SC_ZERO_TIME;
    in->nb_transport_bw(p, phase, delay);
    p.set_response_status(tlm::TLM_OK_RESPONSE);
    phase = tlm::BEGIN_RESP;
    in->nb_transport_bw(p, phase, delay);

    window_start_ = sc_core::sc_time_stamp();
    wait(double(c.overlap_window()) * period_);  // compute, stream-out
    window_end_ = sc_core::sc_time_stamp();
    last_step_left_ = c.last_step_left();

    tlm_generic_payload result;
    result.set_command(tlm::TLM_WRITE_COMMAND);
    result.set_data_ptr(reinterpret_cast<unsigned char*>(result_words_.data()));
    result.set_data_length(static_cast<unsigned>(result_words_.size() * 4));
    result.set_streaming_width(4);
    FrameTag result_tag = frame;
    result.set_extension(&result_tag);
    phase = tlm::BEGIN_REQ;
    out->nb_transport_fw(result, phase, delay);
    result.clear_extension(&result_tag);
  }

  tlm_utils::peq_with_get<tlm_generic_payload> requests_;
  const Network& net_;
  CoreTimingConfig config_;
  sc_time period_;
  Timeline& timeline_;
  std::vector<uint32_t> result_words_;
  sc_time window_start_ = sc_core::SC_ZERO_TIME,
          window_end_ = sc_core::SC_ZERO_TIME;  // the last frame's overlap window
  uint64_t last_step_left_ = 0;                 // its last timestep's first StLayerStart, cycles before window_end_
};

// The host's output stream, always ready (TREADY high): it notes when each
// RESULT's TLAST arrives.
class ResultSink : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<ResultSink> socket;

  ResultSink(sc_core::sc_module_name name, Timeline& timeline)
      : sc_module(name), socket("socket"), timeline_(timeline) {
    socket.register_nb_transport_fw(this, &ResultSink::nb_transport_fw);
  }

 private:
  tlm_sync_enum nb_transport_fw(tlm_generic_payload& p, tlm_phase& phase, sc_time& delay) {
    FrameTag* tag = nullptr;
    p.get_extension(tag);
    if (phase == tlm::BEGIN_REQ && tag) timeline_.result_last[tag->index] = sc_core::sc_time_stamp() + delay;
    p.set_response_status(tlm::TLM_OK_RESPONSE);
    return tlm::TLM_COMPLETED;
  }

  Timeline& timeline_;
};

uint64_t to_cycles(const sc_time& t, const sc_time& period) { return uint64_t(std::llround(t / period)); }

}  // namespace

TlmBatchReport run_tlm_batch(const Network& net, const TlmOptions& options, const std::vector<FrameActivity>& frames) {
  if (frames.empty()) throw std::invalid_argument("no frames for the TLM model");
  if (!(options.clock_mhz > 0)) throw std::invalid_argument("the clock must be > 0 MHz");
  for (const FrameActivity& a : frames) predict_frame_cycles(net, options.core, a);  // validates every frame
  static bool elaborated = false;
  if (elaborated) throw std::logic_error("run_tlm_batch: SystemC can elaborate only once per process");
  elaborated = true;

  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);  // keep tool output to our own lines
  // A picosecond grid: whole-cycle delays stay exact multiples of the period.
  const sc_time period(std::round(1e6 / options.clock_mhz), sc_core::SC_PS);
  Timeline timeline;
  timeline.offered.resize(frames.size());
  timeline.header_accepted.resize(frames.size());
  timeline.result_last.resize(frames.size());
  FrameSource source("source", net, frames, period, options.host_gap_cycles);
  CoreModel core("core", net, options.core, period, timeline);
  ResultSink sink("sink", timeline);
  source.socket.bind(core.in);
  core.out.bind(sink.socket);
  sc_core::sc_start();

  TlmBatchReport r;
  r.clock_mhz = options.clock_mhz;
  uint64_t busy = 0;
  for (size_t k = 0; k < frames.size(); ++k) {
    // From the header, or from the previous RESULT if the header came first.
    const sc_time start = k > 0 && timeline.result_last[k - 1] > timeline.header_accepted[k]
                              ? timeline.result_last[k - 1]
                              : timeline.header_accepted[k];
    r.frame_cycles.push_back(to_cycles(timeline.result_last[k] - start, period));
    busy += r.frame_cycles.back();
  }
  r.batch_cycles = to_cycles(timeline.result_last.back() - timeline.header_accepted.front(), period);
  r.idle_cycles = r.batch_cycles - busy;
  return r;
}

}  // namespace trinity::perf
