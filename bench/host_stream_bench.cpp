// SPDX-License-Identifier: Apache-2.0
// Host-side streaming throughput, with no device in the loop: can the host
// feed a card? Times rate coding of Fashion-MNIST test images, protocol v2
// encoding of frames (FRAME packets of host-coded spikes, or IMAGE packets
// the card codes) into batch buffers, decoding of result buffers, and
// StreamBackend's whole batch loop, against the card throughput the cycle
// model projects for the hardware build's core (docs/perf-model.md), and
// prints how many host cores feed a whole card.
//
// The device behind StreamBackend is a replay: the golden core's real output
// words are recorded first (GoldenDevice, same network, same batches, same
// frame ids), then played back on demand, so only host work is timed. The
// first replay pass checks that every input buffer equals, word for word, the
// one the golden core consumed and that the results equal the golden core's.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "alveo_platforms.hpp"
#include "capacity.hpp"
#include "cycle_model.hpp"
#include "errors.hpp"
#include "estimate.hpp"
#include "frame_activity.hpp"
#include "golden_device.hpp"
#include "idx_file.hpp"
#include "model_file.hpp"
#include "protocol.hpp"
#include "rate_coding.hpp"
#include "stream_backend.hpp"
#include "stream_encoder.hpp"

using namespace trinity;
using Clock = std::chrono::steady_clock;

namespace {

// Every batch's words as the device saw them and what it answered, in order;
// the first entry is the configuration handshake.
struct Recording {
  std::vector<std::vector<uint32_t>> inputs, outputs;
};

class RecordingDevice : public StreamDevice {
 public:
  explicit RecordingDevice(Recording& rec) : rec_(rec) {}
  std::string name() const override { return inner_.name(); }
  void submit(std::vector<uint32_t> words, size_t max_out) override {
    rec_.inputs.push_back(words);
    inner_.submit(std::move(words), max_out);
  }
  std::vector<uint32_t> collect() override {
    rec_.outputs.push_back(inner_.collect());
    return rec_.outputs.back();
  }

 private:
  GoldenDevice inner_;
  Recording& rec_;
};

// Plays the recorded golden-core output back. With `check`, every submitted
// buffer must equal the recorded one (proves the replay answers the same
// question); without, only its length is compared, so timing is host work.
class ReplayDevice : public StreamDevice {
 public:
  ReplayDevice(const Recording& rec, bool check) : rec_(rec), check_(check) {}
  std::string name() const override { return "replay of recorded golden-core output"; }
  size_t max_in_flight() const override { return 2; }  // as a card: one computing, one being prepared
  void submit(std::vector<uint32_t> words, size_t) override {
    if (next_in_ >= rec_.inputs.size()) throw RuntimeFailure("replay: more batches than were recorded");
    const auto& want = rec_.inputs[next_in_];
    if (words.size() != want.size() || (check_ && words != want))
      throw RuntimeFailure("replay: batch " + std::to_string(next_in_) + " differs from the recorded one");
    ++next_in_;
  }
  std::vector<uint32_t> collect() override {
    if (next_out_ >= next_in_) throw RuntimeFailure("replay: collect() without a batch");
    return rec_.outputs[next_out_++];
  }

 private:
  const Recording& rec_;
  bool check_;
  size_t next_in_ = 0, next_out_ = 0;
};

double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

// Wall time says what this machine delivered; CPU time (all threads of the
// process) says what the work costs, and is far less disturbed by other jobs
// on a shared machine. Medians of each over `reps` passes.
struct Timing {
  double wall = 0, cpu = 0;
};

template <typename F>
Timing median_timing(int reps, F&& f) {
  std::vector<double> wall, cpu;
  for (int r = 0; r < reps; ++r) {
    const auto a = Clock::now();
    const double c = cpu_seconds();
    f();
    cpu.push_back(cpu_seconds() - c);
    wall.push_back(std::chrono::duration<double>(Clock::now() - a).count());
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[reps / 2], cpu[reps / 2]};
}

// Runs f(first, last) over [0, n) split into `threads` contiguous ranges.
template <typename F>
void parallel_ranges(size_t n, unsigned threads, F&& f) {
  if (threads <= 1) return f(size_t{0}, n);
  std::vector<std::thread> pool;
  for (unsigned k = 0; k < threads; ++k) pool.emplace_back([&, k] { f(n * k / threads, n * (k + 1) / threads); });
  for (auto& t : pool) t.join();
}

std::string cpu_name() {
  std::ifstream f("/proc/cpuinfo");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown CPU";
}

std::string loadavg() {
  std::ifstream f("/proc/loadavg");
  std::string a, b, c;
  f >> a >> b >> c;
  return a + " " + b + " " + c;
}

struct Row {
  std::string stage;
  unsigned threads;
  double frames_per_s, mb_per_s, frames_per_cpu_s;
};

Row row(const std::string& stage, unsigned threads, size_t n, double bytes_per_frame, const Timing& t) {
  return {stage, threads, n / t.wall, n * bytes_per_frame / t.wall / 1e6, n / t.cpu};
}

// The clock the hardware build's depth report supports (docs/rtl.md: worst
// path 3.25 ns at LANES 64 x ENGINES 32, CODERS 16), rounded down to the
// kernel's target.
constexpr double kClockMhz = 300;
// Frames the cycle model projects from: the golden model runs each once.
constexpr size_t kProjectionFrames = 2000;

struct Projection {
  size_t frames = 0;
  double frame_cycles = 0, image_cycles = 0;      // mean streamed period, cycles
  double frame_per_core = 0, image_per_core = 0;  // frames/s of one core at kClockMhz
};

// The hardware build's core on the first `frames` images, coded as the
// host would (spec §6, seed 0), streamed back to back.
Projection project_card(const Network& net, const FashionMnist& data, uint32_t pixels, size_t frames) {
  std::vector<perf::FrameActivity> activity(frames);
  parallel_ranges(frames, std::max(1u, std::thread::hardware_concurrency()), [&](size_t a, size_t b) {
    for (size_t k = a; k < b; ++k)
      activity[k] =
          perf::measure_activity(net, rate_encode(data.images.image(uint32_t(k)), pixels, net.timesteps, 0, k));
  });
  perf::CoreTimingConfig config;
  config.lanes = capacity::kHwRtlLanes;
  config.engines = capacity::kHwRtlEngines;
  config.coders = capacity::kHwRtlCoders;
  std::vector<perf::FrameCycles> cycles;
  for (const perf::FrameActivity& a : activity) cycles.push_back(perf::predict_frame_cycles(net, config, a));
  const perf::StreamedPeriods periods = perf::streamed_periods(net, config, activity, cycles);
  Projection p;
  p.frames = frames;
  p.frame_cycles = perf::summarize_cycles(periods.frame).mean;
  p.image_cycles = perf::summarize_cycles(periods.image).mean;
  p.frame_per_core = perf::frames_per_second(p.frame_cycles, kClockMhz);
  p.image_per_core = perf::frames_per_second(p.image_cycles, kClockMhz);
  return p;
}

// Host cores that deliver `card_rate` at `per_cpu_s` frames per CPU-second:
// "1 (0.45)" is one core, 45 % of it busy.
std::string cores_needed(double card_rate, double per_cpu_s) {
  char b[48];
  std::snprintf(b, sizeof b, "%.0f (%.2f)", std::ceil(card_rate / per_cpu_s), card_rate / per_cpu_s);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string model = argc > 1 ? argv[1] : "models/tri_snn_g_quick.trn";
  const size_t limit = argc > 2 ? std::stoul(argv[2]) : 10000;
  const size_t batch = argc > 3 ? std::stoul(argv[3]) : 256;
  const int reps = 5;
  try {
    const Network net = load_model(model);
    const FashionMnist data = load_fashion_mnist(TRINITY_FASHION_MNIST_DIR, "test", limit);
    const size_t n = data.images.count;
    const uint32_t pixels = data.images.pixels_per_image();
    if (pixels != net.inputs()) throw InputError(model + ": the model does not take 28 x 28 images");
    const double in_bytes = 4.0 * (1 + protocol::frame_length(net.timesteps, net.inputs()));  // per frame
    const double image_bytes = 4.0 * (1 + protocol::image_length(net.inputs()));
    const double out_bytes = 4.0 * (1 + protocol::result_length(net.outputs()));

    std::printf("host streaming throughput, no device: %zu Fashion-MNIST test images, %s, T=%u, batch %zu\n", n,
                model.c_str(), net.timesteps, batch);
    std::printf("machine: %s, %u hardware threads, load average %s\n", cpu_name().c_str(),
                std::thread::hardware_concurrency(), loadavg().c_str());
    std::printf("protocol v3 per frame: %.0f B in as a FRAME packet, %.0f B as an IMAGE packet, %.0f B out (RESULT)\n",
                in_bytes, image_bytes, out_bytes);

    // Inputs, and the golden core's answers to exactly these batches.
    std::vector<SpikeFrame> frames(n);
    auto rate_code = [&](size_t a, size_t b) {
      for (size_t k = a; k < b; ++k)
        frames[k] = rate_encode(data.images.image(uint32_t(k)), pixels, net.timesteps, 0, k);
    };
    rate_code(0, n);
    BackendOptions batched;
    batched.frames_per_batch = batch;
    Recording rec;
    const auto rec_start = Clock::now();
    std::vector<FrameResult> golden;
    {
      StreamBackend b(std::make_unique<RecordingDevice>(rec), net, batched);
      golden = b.run(frames);
    }
    const double rec_s = std::chrono::duration<double>(Clock::now() - rec_start).count();
    std::printf("recorded the golden core's output for %zu batches (%.0f frames/s, not part of the table)\n",
                rec.outputs.size() - 1, n / rec_s);
    {
      StreamBackend b(std::make_unique<ReplayDevice>(rec, true), net, batched);
      const auto r = b.run(frames);
      for (size_t k = 0; k < n; ++k)
        if (r[k].counts != golden[k].counts || r[k].prediction != golden[k].prediction)
          throw RuntimeFailure("replay: frame " + std::to_string(k) + " differs from the golden core");
    }
    std::printf("replay check: every input buffer equals the recorded one word for word, results equal\n\n");

    std::vector<Row> rows;
    for (unsigned threads : {1u, 2u}) {
      const Timing s = median_timing(reps, [&] { parallel_ranges(n, threads, rate_code); });
      rows.push_back(row("rate coding (spec 6)", threads, n, in_bytes, s));
    }
    const size_t batches = (n + batch - 1) / batch;
    std::vector<std::vector<uint32_t>> encoded(batches);
    for (unsigned threads : {1u, 2u}) {
      const Timing s = median_timing(reps, [&] {
        parallel_ranges(batches, threads, [&](size_t a, size_t b) {
          for (size_t k = a; k < b; ++k)
            encoded[k] = StreamBackend::batch_words(frames, k * batch, std::min(batch, n - k * batch), 0);
        });
      });
      rows.push_back(row("protocol encoding into batch buffers", threads, n, in_bytes, s));
    }
    // Protocol v2's IMAGE packet: the card rate-codes, so the host packs each
    // image's bytes and codes nothing (frames with an image and no spikes).
    std::vector<SpikeFrame> images(n);
    for (size_t k = 0; k < n; ++k) {
      images[k].timesteps = net.timesteps;
      images[k].width = pixels;
      images[k].image = frames[k].image;
    }
    for (unsigned threads : {1u, 2u}) {
      const Timing s = median_timing(reps, [&] {
        parallel_ranges(batches, threads, [&](size_t a, size_t b) {
          for (size_t k = a; k < b; ++k)
            encoded[k] = StreamBackend::batch_words(images, k * batch, std::min(batch, n - k * batch), 0, true);
        });
      });
      rows.push_back(row("IMAGE packets from images, no coding (v2)", threads, n, image_bytes, s));
    }
    {
      size_t decoded = 0;
      const Timing s = median_timing(reps, [&] {
        decoded = 0;
        for (size_t k = 1; k < rec.outputs.size(); ++k)
          for (const auto& p : protocol::split_packets(rec.outputs[k]))
            if (p.type == protocol::kResult)
              decoded += protocol::decode_result(p, net.outputs()).prediction < net.outputs();
            else
              protocol::decode_status(p);
      });
      if (decoded != n) throw RuntimeFailure("decoding found " + std::to_string(decoded) + " results");
      rows.push_back(row("result decoding (split, RESULT, STATUS)", 1, n, out_bytes, s));
    }
    {
      const Timing s = median_timing(reps, [&] {
        StreamBackend b(std::make_unique<ReplayDevice>(rec, false), net, batched);
        b.run(frames);
      });
      rows.push_back(row("StreamBackend::run on coded frames", 1, n, in_bytes, s));
    }
    const Row coded_path = rows.back();
    // Protocol v2's whole host path from images: IMAGE packets, no coding. Its
    // own recording (the golden core answering IMAGE packets), checked first.
    BackendOptions imaged = batched;
    imaged.image_packets = true;
    Recording image_rec;
    {
      StreamBackend b(std::make_unique<RecordingDevice>(image_rec), net, imaged);
      const auto r = b.run(images);
      for (size_t k = 0; k < n; ++k)
        if (r[k].counts != golden[k].counts || r[k].prediction != golden[k].prediction)
          throw RuntimeFailure("IMAGE packets: frame " + std::to_string(k) + " differs from the host-coded FRAME");
    }
    {
      StreamBackend b(std::make_unique<ReplayDevice>(image_rec, true), net, imaged);
      b.run(images);
    }
    std::printf("IMAGE packets: the golden core's answers equal the FRAME path's for every frame\n\n");
    {
      const Timing s = median_timing(reps, [&] {
        StreamBackend b(std::make_unique<ReplayDevice>(image_rec, false), net, imaged);
        b.run(images);
      });
      rows.push_back(row("end to end: images -> IMAGE packets -> StreamBackend", 1, n, image_bytes, s));
    }
    const Row image_path = rows.back();
    // The whole host path from images: rate coding then StreamBackend, in
    // chunks of whole batches so the replayed batches line up with the
    // recording. With 2 threads, chunk k+1 is rate-coded while chunk k streams.
    const size_t chunk = batch * std::max<size_t>(1, 2048 / batch);
    for (unsigned threads : {1u, 2u}) {
      const Timing s = median_timing(reps, [&] {
        StreamBackend b(std::make_unique<ReplayDevice>(rec, false), net, batched);
        auto code = [&](size_t first) {
          std::vector<SpikeFrame> c;
          for (size_t k = first; k < std::min(n, first + chunk); ++k)
            c.push_back(rate_encode(data.images.image(uint32_t(k)), pixels, net.timesteps, 0, k));
          return c;
        };
        std::vector<SpikeFrame> current = code(0);
        for (size_t first = 0; first < n; first += chunk) {
          std::future<std::vector<SpikeFrame>> next;
          const bool more = first + chunk < n;
          if (more) next = std::async(threads > 1 ? std::launch::async : std::launch::deferred, code, first + chunk);
          b.run(current);
          if (more) current = next.get();
        }
      });
      rows.push_back(row("end to end: images -> rate coding -> StreamBackend", threads, n, in_bytes, s));
    }

    std::printf("%-52s %7s %10s %8s %12s\n", "stage (median of 5 passes)", "threads", "frames/s", "MB/s",
                "frames/CPU-s");
    for (const auto& r : rows)
      std::printf("%-52s %7u %10.0f %8.1f %12.0f\n", r.stage.c_str(), r.threads, r.frames_per_s, r.mb_per_s,
                  r.frames_per_cpu_s);
    std::printf(
        "frames/s and MB/s: wall clock on this machine as loaded; frames/CPU-s: frames per second of CPU\n"
        "time summed over the process's threads (the cost, what one free core would deliver).\n"
        "MB/s: protocol input words the stage produces or feeds (%.0f B/frame); decoding: output words read.\n",
        in_bytes);

    // The card side by side: the hardware build's core (contract/capacity.mk
    // HW_RTL_*) on these images by the cycle model, which is exact against
    // the Verilated core (docs/perf-model.md), streamed back to back.
    const Projection card = project_card(net, data, pixels, std::min<size_t>(n, kProjectionFrames));
    const Row& e1 = rows[rows.size() - 2];
    const Row& e2 = rows.back();
    std::printf(
        "\ncard projection: the hardware build's core, LANES %u x ENGINES %u, CODERS %u, at %.0f MHz (the clock its\n"
        "depth report supports, docs/rtl.md), by the cycle model over the first %zu of these frames streamed back to\n"
        "back: %.1f cycles a frame as FRAME packets (%.0f frames/s per core), %.1f as IMAGE packets (%.0f).\n",
        capacity::kHwRtlLanes, capacity::kHwRtlEngines, capacity::kHwRtlCoders, kClockMhz, card.frames,
        card.frame_cycles, card.frame_per_core, card.image_cycles, card.image_per_core);
    std::printf("host CPU cores that feed a whole card (card rate / the host's frames per CPU-second):\n");
    std::printf("%-6s %5s %12s %12s %22s %22s %22s\n", "card", "cores", "FRAME/s", "IMAGE/s", "images->IMAGE",
                "coded FRAMEs (events)", "images->coding->FRAME");
    for (const alveo::Platform& p : alveo::kPlatforms) {
      const double frame_rate = card.frame_per_core * p.cores, image_rate = card.image_per_core * p.cores;
      std::printf("%-6s %5u %12.0f %12.0f %22s %22s %22s\n", p.board, p.cores, frame_rate, image_rate,
                  cores_needed(image_rate, image_path.frames_per_cpu_s).c_str(),
                  cores_needed(frame_rate, coded_path.frames_per_cpu_s).c_str(),
                  cores_needed(frame_rate, e1.frames_per_cpu_s).c_str());
    }
    std::printf(
        "(each cell: host cores needed, rounded up, and in brackets the share of one core; images->IMAGE: protocol\n"
        "v2, the card codes; coded FRAMEs: spikes the host already has, e.g. event data; images->coding->FRAME: the\n"
        "host rate-codes. Host rates are this run's frames/CPU-s; the card's are a projection, no card here.)\n");
    const alveo::Platform& u250 = alveo::kPlatforms[0];
    std::printf(
        "host_stream end_to_end_frames_per_s_1t=%.0f end_to_end_frames_per_s_2t=%.0f "
        "end_to_end_frames_per_cpu_s=%.0f image_packets_frames_per_cpu_s=%.0f card_%s_image_frames_per_s=%.0f "
        "host_cores_for_%s_images=%.0f\n",
        e1.frames_per_s, e2.frames_per_s, e1.frames_per_cpu_s, image_path.frames_per_cpu_s, u250.board,
        card.image_per_core * u250.cores, u250.board,
        std::ceil(card.image_per_core * u250.cores / image_path.frames_per_cpu_s));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "host_stream_bench: %s\n", e.what());
    return 2;
  }
  return 0;
}
