// SPDX-License-Identifier: Apache-2.0
// The Backend interface's one out-of-line member, its key function: the
// vtable and typeinfo live here, in trinity_runtime_core, which every
// backend (and StreamBackend in the same library) needs, whichever
// make_backend() it is linked with (trinity_runtime's or the fuzz driver's).
// check_tasks too: every backend checks its frames' tasks with it.
#include "backend.hpp"

#include "errors.hpp"

namespace trinity {

const std::vector<protocol::TracePacket>& Backend::traces() const {
  static const std::vector<protocol::TracePacket> none;
  return none;
}

void check_tasks(const std::vector<SpikeFrame>& frames, const Network& net) {
  for (size_t k = 0; k < frames.size(); ++k)
    if (frames[k].task > net.gates.tasks)
      throw InputError("frame " + std::to_string(k) + " selects task " + std::to_string(frames[k].task) +
                       (net.gates.empty() ? " but the network has no task gates"
                                          : " but the network has tasks 1.." + std::to_string(net.gates.tasks)));
}

}  // namespace trinity
