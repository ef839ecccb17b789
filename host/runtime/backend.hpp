// One interface over every implementation of the spec. The golden backends
// run on the CPU here; csim, verilator and xrt arrive with their issues and
// register under the same names the CLI already accepts.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity {

struct BackendOptions {
  unsigned threads = 0;  // 0 = all cores (CPU backends)
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  // Results in input order; every frame must be T x n_in of the network.
  virtual std::vector<FrameResult> run(const std::vector<SpikeFrame>& frames) = 0;
};

// Names the CLI accepts, built or not, so `--backend` keeps one meaning.
const std::vector<std::string>& backend_names();

// Throws RuntimeFailure for a known backend that this build does not have.
std::unique_ptr<Backend> make_backend(const std::string& name, const Network& net, const BackendOptions& options);

}  // namespace trinity
