// SPDX-License-Identifier: Apache-2.0
// The options every command that drives a backend shares (`run`, `verify`),
// written once so that they mean the same everywhere.
#pragma once

#include <CLI/CLI.hpp>

#include "backend.hpp"

namespace trinity::cli {

// --threads, --batch, --stalls, --clock-mhz, --xclbin, --device, --cores; with `one_backend`
// (`run` only), also what concerns a single backend: --trace (its waveform) and --inject-fault.
void add_backend_options(CLI::App* cmd, BackendOptions& o, bool one_backend);

}  // namespace trinity::cli
