// SPDX-License-Identifier: Apache-2.0
#include "backend_options.hpp"

#include "fault_injection.hpp"
#include "option_checks.hpp"

namespace trinity::cli {

void add_backend_options(CLI::App* cmd, BackendOptions& o, bool one_backend) {
  o.image_packets = true;
  cmd->add_flag_callback(
      "--spike-packets", [&o] { o.image_packets = false; },
      "Stream backends: send a --dataset's images rate-coded on the host, as FRAME packets of spikes, instead of "
      "IMAGE packets the device codes (protocol v2)");
  cmd->add_option("--threads", o.threads, "CPU threads for CPU backends (0 = all; never more than the frames)")
      ->check(whole_number());
  cmd->add_option("--batch", o.frames_per_batch, "Frames per batch sent to a stream backend (0 = its default)")
      ->check(whole_number());
  if (one_backend) cmd->add_option("--trace", o.waveform, "verilator: write an FST waveform of the run to this file");
  cmd->add_option("--stalls", o.stall_percent, "verilator: percent of cycles each stream stalls at random")
      ->check(CLI::Range(0, 95));
  cmd->add_option("--clock-mhz", o.clock_mhz,
                  "Clock for projecting the RTL's cycles to card frames/s (default: the backend's own, 300 for "
                  "verilator)")
      ->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--xclbin", o.xclbin, "xrt: the xclbin to load (docs/alveo-build.md)");
  cmd->add_option("--device,-d", o.devices, "xrt: device index or PCIe BDF; repeat to shard over several cards")
      ->delimiter(',');
  cmd->add_option("--cores", o.cores,
                  "Cores per card, frames sharded across them in order: golden-wire, csim, verilator run this many "
                  "independent simulated cores (default 1); xrt uses the first N of each card's xclbin (default: "
                  "all)")
      ->check(core_count());
  if (one_backend)
    cmd->add_option("--inject-fault", o.inject_fault,
                    "Testing aid for golden-wire, csim, verilator: corrupt the device's first answer this way "
                    "(docs/robustness.md); the run must fail with exit 3")
        ->check(CLI::IsMember(named_faults()));
}

void settle_image_packets(BackendOptions& o, const WorkloadArgs& workload) {
  if (workload.dataset.empty()) o.image_packets = false;
}

}  // namespace trinity::cli
