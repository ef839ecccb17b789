// SPDX-License-Identifier: Apache-2.0
// Each `trinity` subcommand registers itself on the app; its callback throws
// InputError or RuntimeFailure (contract/errors.hpp) and main maps them to
// exit codes.
#pragma once

#include <CLI/CLI.hpp>

namespace trinity::cli {

void register_calibrate(CLI::App& app);
void register_info(CLI::App& app);
void register_run(CLI::App& app);
void register_estimate(CLI::App& app);
void register_verify(CLI::App& app);
void register_membranes(CLI::App& app);

}  // namespace trinity::cli
