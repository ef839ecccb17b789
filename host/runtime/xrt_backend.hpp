// SPDX-License-Identifier: Apache-2.0
// The `xrt` backend: protocol v3 over the cores of one or several Alveo cards
// (a StreamBackend over an XrtDevice per core), sharded by ShardedBackend.
#pragma once

#include <memory>

#include "backend.hpp"

namespace trinity {

// Uses options.xclbin (required: InputError without it), options.devices
// (indices or PCIe BDFs; empty = device 0), options.cores (the first N cores
// of every card; 0 = all its xclbin has; InputError if a card has fewer),
// options.frames_per_batch and options.trace. More than one core in all =
// sharded, card after card, core after core.
std::unique_ptr<Backend> make_xrt_backend(const Network& net, const BackendOptions& options);

}  // namespace trinity
