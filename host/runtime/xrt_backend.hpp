// SPDX-License-Identifier: Apache-2.0
// The `xrt` backend: protocol v1 over one Alveo card (StreamBackend over an
// XrtDevice), or several cards sharded by ShardedBackend.
#pragma once

#include <memory>

#include "backend.hpp"

namespace trinity {

// Uses options.xclbin (required: InputError without it), options.devices
// (indices or PCIe BDFs; empty = device 0; more than one = sharded),
// options.frames_per_batch and options.trace.
std::unique_ptr<Backend> make_xrt_backend(const Network& net, const BackendOptions& options);

}  // namespace trinity
