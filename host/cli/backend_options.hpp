// SPDX-License-Identifier: Apache-2.0
// The options every command that drives a backend shares (`run`, `verify`),
// written once so that they mean the same everywhere.
#pragma once

#include <CLI/CLI.hpp>

#include "backend.hpp"

namespace trinity::cli {

// --threads, --batch, --stalls, --clock-mhz, --xclbin, --device, --cores; with `waveform`, also
// --trace (one backend's waveform: `run` only).
void add_backend_options(CLI::App* cmd, BackendOptions& o, bool waveform);

}  // namespace trinity::cli
