// SPDX-License-Identifier: Apache-2.0
// The options every command that drives a backend shares (`run`, `verify`),
// written once so that they mean the same everywhere.
#pragma once

#include <CLI/CLI.hpp>

#include "backend.hpp"
#include "workload.hpp"

namespace trinity::cli {

// --threads, --batch, --stalls, --clock-mhz, --xclbin, --device, --cores; with `one_backend`
// (`run` only), also what concerns a single backend: --trace (its waveform) and --inject-fault.
// Also --spike-packets: by default a rate-coded image data set goes to a
// stream backend as IMAGE packets, coded on the device (protocol v2).
void add_backend_options(CLI::App* cmd, BackendOptions& o, bool one_backend);

// After parsing: IMAGE packets only for a workload of images (--dataset);
// spike tensors and N-MNIST events travel as FRAME packets.
void settle_image_packets(BackendOptions& o, const WorkloadArgs& workload);

}  // namespace trinity::cli
