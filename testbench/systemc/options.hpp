// SPDX-License-Identifier: Apache-2.0
// Command line of sc_tb. One scenario per process: SystemC elaborates once.
#pragma once

#include <cstdint>
#include <string>

namespace trinity::sc {

struct Options {
  std::string scenario;        // fashion | random | malformed | fuzz | reset | fault
  std::string fault = "none";  // with --scenario fault
  uint32_t seed = 1;
  uint32_t images = SC_DEFAULT_IMAGES;
  uint32_t sessions = SC_DEFAULT_SESSIONS;
  int in_gap = -1;     // percent; -1: the scenario's own choice
  int out_stall = -1;  // percent; -1: the scenario's own choice
  uint64_t max_cycles = 500'000'000;
  // Cycles without a beat on either stream (core not idle) before the run is
  // declared stuck; far above one Fashion-MNIST frame (~40k cycles).
  uint64_t stuck_cycles = 2'000'000;
  std::string fst;  // waveform file (sc_tb_fst only)
};

// Returns false (after printing why, or the usage) if the command line is bad.
bool parse_options(int argc, char** argv, Options* out);

}  // namespace trinity::sc
