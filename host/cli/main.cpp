// SPDX-License-Identifier: Apache-2.0
// `trinity`: one entry point for calibration, inspection and inference.
// Exit codes (README): 0 ok, 1 usage, 2 bad input, 3 device/runtime failure,
// mapped in exit_policy.cpp alone.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "exit_policy.hpp"

int main(int argc, char** argv) {
  CLI::App app{"trinity: dendritic spiking neural networks on FPGAs (golden model, simulators, Alveo cards)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "trinity 0.3.0 (protocol v3, model format v2)");
  trinity::cli::register_calibrate(app);
  trinity::cli::register_info(app);
  trinity::cli::register_run(app);
  trinity::cli::register_estimate(app);
  trinity::cli::register_verify(app);
  trinity::cli::register_membranes(app);

  try {
    app.parse(argc, argv);
  } catch (...) {
    const int code = trinity::cli::report_failure(app, std::current_exception());
    std::fflush(stdout);
    return code;
  }
  // A report that never reached its reader (stdout on a full disk, a closed
  // pipe) is a failure, not a success.
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    std::fprintf(stderr, "trinity: failure: standard output: write failed (%s)\n", std::strerror(errno));
    return trinity::cli::kExitFailure;
  }
  return trinity::cli::kExitOk;
}
