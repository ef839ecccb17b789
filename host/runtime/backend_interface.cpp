// SPDX-License-Identifier: Apache-2.0
// The Backend interface's one out-of-line member, its key function: the
// vtable and typeinfo live here, in trinity_runtime_core, which every
// backend (and StreamBackend in the same library) needs, whichever
// make_backend() it is linked with (trinity_runtime's or the fuzz driver's).
#include "backend.hpp"

namespace trinity {

const std::vector<protocol::TracePacket>& Backend::traces() const {
  static const std::vector<protocol::TracePacket> none;
  return none;
}

}  // namespace trinity
