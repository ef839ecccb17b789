// SPDX-License-Identifier: Apache-2.0
// One interface over every implementation of the spec: the golden model on
// the CPU, and through the shared protocol driver (stream_backend.hpp) the
// golden core on the wire, the HLS kernels (csim), the RTL (verilator) and an
// Alveo card (xrt). A backend this build lacks is refused by name, clearly.
//
// What a caller needs to plan and report a run (its label, wire cost, whether
// it is a simulator, its batch, its clock) is asked of the backend, so no
// caller knows backends by name.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"
#include "stream_encoder.hpp"

namespace trinity {

struct BackendOptions {
  unsigned threads = 0;              // CPU backends: 0 = all cores
  size_t frames_per_batch = 0;       // stream backends: 0 = the backend's default
  bool trace = false;                // stream backends: ask for TRACE packets
  double clock_mhz = 0;              // cycle-counting backends: 0 = the backend's own clock
  std::string waveform;              // verilator: FST file
  int stall_percent = 0;             // verilator: random stalls on both streams
  std::string xclbin;                // xrt: the xclbin to load
  std::vector<std::string> devices;  // xrt: device indices or PCIe BDFs (empty = device 0)
  // Cores per card, each its own device behind ShardedBackend (frames
  // sharded in order). 0 = not given: one for golden-wire, csim and
  // verilator; every core the xclbin has for xrt. Ignored by golden.
  unsigned cores = 0;
  // Testing aid (golden-wire, csim, verilator): corrupts the first batch's
  // answer between device and host driver with this named fault
  // (fault_injection.hpp), so that the driver's refusal can be seen end to end.
  std::string inject_fault;
  // Stream backends: send a frame that carries its source image
  // (SpikeFrame::image) as an IMAGE packet, rate-coded by the device
  // (protocol v2), instead of a FRAME of its spikes.
  bool image_packets = false;
};

// The most cores (`--cores`) one card may be given: Alveo cards have up to
// four SLRs (a core each), and every simulated core is a thread and a full
// copy of the core's memories.
constexpr unsigned kMaxCoresPerCard = 16;

// Protocol words one frame costs: its FRAME or IMAGE packet in, its RESULT (and,
// when asked for, TRACE) packets out. Zero for a backend with no wire.
struct WireWords {
  uint32_t in = 0;
  uint32_t out = 0;
  bool operator==(const WireWords& o) const { return in == o.in && out == o.out; }
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  // Results in input order; every frame must be T x n_in of the network.
  virtual std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) = 0;
  // Clock cycles the last run() took on a cycle-accurate backend
  // (verilator), from the first input word to the last output word; 0 for
  // the others.
  virtual uint64_t run_cycles() const { return 0; }

  // The name and how it runs, for reports ("golden (4 threads)").
  virtual std::string label() const { return name(); }
  virtual WireWords wire_words_per_frame() const { return {}; }
  // A simulation of the hardware (golden-wire, csim, verilator): slow, so
  // `verify --sim-limit` gives it only the first frames.
  virtual bool simulator() const { return false; }
  // Frames it handles at a time: a caller that cuts a run into chunks uses
  // multiples of it, so no chunk ends in a partial batch.
  virtual size_t frames_per_batch() const = 0;
  // The clock (MHz) at which run_cycles() project to a card's frames/s; 0
  // for a backend that counts no cycles.
  virtual double clock_mhz() const { return 0; }
  // With BackendOptions::trace: every layer's spikes of every frame of the
  // last run(), as the device sent them (frame, timestep, layer); empty for
  // a backend with no wire.
  virtual const std::vector<protocol::TracePacket>& traces() const;
};

// Throws InputError naming the first frame whose task (SpikeFrame::task) the
// network does not have: 0 (ungated) always runs, 1 ... net.gates.tasks do.
void check_tasks(const std::vector<SpikeFrame>& frames, const Network& net);

// Names the CLI accepts, built or not, so `--backend` keeps one meaning.
const std::vector<std::string>& backend_names();

// Whether this build has the backend.
bool backend_built(const std::string& name);

// Throws RuntimeFailure for a known backend that this build does not have.
std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& options);

// What backend `name` will report as wire words and batch once built, known
// without building it (no device is opened): for budgets checked before a
// run. Tests hold it equal to the built backend's own facts.
struct PlannedBackend {
  WireWords wire;
  size_t frames_per_batch = 0;
};
PlannedBackend plan_backend(const std::string& name, const Network& net, const BackendOptions& options);

// The layer-by-layer spikes of one frame on backend `name`, run with TRACE
// on. golden has no wire, so its spikes come from golden-wire (the same
// model behind protocol v3).
std::vector<protocol::TracePacket> trace_frame(const std::string& name, const Network& net, const SpikeFrame& frame,
                                               BackendOptions options);

}  // namespace trinity
