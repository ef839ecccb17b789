// One interface over every implementation of the spec: the golden model on
// the CPU, and through the shared protocol driver (stream_backend.hpp) the
// golden core on the wire, the HLS kernels (csim), the RTL (verilator) and an
// Alveo card (xrt). A backend this build lacks is refused by name, clearly.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity {

struct BackendOptions {
  unsigned threads = 0;              // CPU backends: 0 = all cores
  size_t frames_per_batch = 0;       // stream backends: 0 = the backend's default
  bool trace = false;                // stream backends: ask for TRACE packets
  std::string waveform;              // verilator: FST file
  int stall_percent = 0;             // verilator: random stalls on both streams
  std::string xclbin;                // xrt: the xclbin to load
  std::vector<std::string> devices;  // xrt: device indices or PCIe BDFs (empty = device 0)
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
};

// Names the CLI accepts, built or not, so `--backend` keeps one meaning.
const std::vector<std::string>& backend_names();

// Whether this build has the backend.
bool backend_built(const std::string& name);

// Throws RuntimeFailure for a known backend that this build does not have.
std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& options);

}  // namespace trinity
