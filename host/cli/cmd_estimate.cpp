// SPDX-License-Identifier: Apache-2.0
// `trinity estimate`: how fast the RTL core would run a model, and what it
// costs in FPGA resources, without simulating the RTL. The golden model runs
// the frames to get their spike activity; the cycle model of the core's
// sequencer (sim/perf, checked against Verilator) turns that into cycles.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "alveo_platforms.hpp"
#include "capacity.hpp"
#include "commands.hpp"
#include "cycle_model.hpp"
#include "errors.hpp"
#include "estimate.hpp"
#include "exit_policy.hpp"
#include "frame_activity.hpp"
#include "model_file.hpp"
#include "resource_table.hpp"
#include "task_gates.hpp"
#include "task_option.hpp"
#include "workload.hpp"

namespace trinity::cli {

namespace {

struct EstimateArgs {
  WorkloadArgs workload;
  std::string model, resources = perf::default_resource_table_path();
  // By default the core the bitstream carries (contract/capacity.mk HW_RTL_*):
  // what a user asks first is how fast a model runs on the card.
  uint32_t lanes = capacity::kHwRtlLanes;
  uint32_t engines = capacity::kHwRtlEngines;
  uint32_t coders = capacity::kHwRtlCoders;  // the rate coder's generators, for the IMAGE line
  double clock_mhz = 300;
  std::string depth_report;  // summary JSON of `make timing-depth`: the clock it supports
  bool trace = false;
  TaskChoice task;
};

// The clock the depth report's worst estimated path supports, 1000 / ns MHz
// (rtl/synth/timing_depth.py --summary-json, written by `make timing-depth`).
double clock_from_depth_report(const std::string& path, double& worst_ns) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a depth report");
  std::ifstream f(path);
  if (!f)
    throw InputError(path +
                     ": cannot open (--depth-report; `make timing-depth` writes build/timing/lanes_N.summary.json)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(f);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": not JSON (" + std::string(e.what()) + ")");
  }
  if (!j.is_object() || !j.contains("worst_ns") || !j["worst_ns"].is_number() || !(j["worst_ns"].get<double>() > 0))
    throw InputError(path + ": no positive \"worst_ns\" (expected the --summary-json of rtl/synth/timing_depth.py)");
  worst_ns = j["worst_ns"].get<double>();
  return 1000.0 / worst_ns;
}

// The golden reference is the slow part; frames are independent.
std::vector<perf::FrameActivity> measure_all(const Network& net, const std::vector<SpikeFrame>& frames) {
  std::vector<perf::FrameActivity> activity(frames.size());
  const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), 8));
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < threads; ++w)
    pool.emplace_back([&, w] {
      for (size_t k = w; k < frames.size(); k += threads) activity[k] = perf::measure_activity(net, frames[k]);
    });
  for (std::thread& t : pool) t.join();
  return activity;
}

std::string shape_of(const Network& net) {
  std::string s = std::to_string(net.inputs());
  for (const Layer& l : net.layers) s += "-" + std::to_string(l.n_out);
  return s + ", T=" + std::to_string(net.timesteps);
}

// One SLR of an Alveo U250: its 1,728 k LUTs, 3,456 k FFs, 12,288 DSPs and
// 2,688 BRAM36 over its 4 SLRs. A core should fit in one SLR (crossing
// SLRs costs timing), so the shares say how close a configuration comes.
constexpr double kSlrLuts = 432000;
constexpr double kSlrFfs = 864000;
constexpr double kSlrDsps = 3072;
constexpr double kSlrBram36 = 672;
constexpr double kSlrUram = 320;  // 1,280 URAM288 over 4 SLRs

double percent(double used, double available) { return 100.0 * used / available; }

void print_resources(const EstimateArgs& a, const std::vector<perf::ResourceRow>& table) {
  const perf::ResourceEstimate r = perf::estimate_resources(table, a.lanes, a.engines);
  if (!r.available) {
    std::printf("resources  LANES %u, ENGINES %u: %s\n", a.lanes, a.engines, r.basis.c_str());
    return;
  }
  const perf::ResourceRow& row = r.row;
  std::printf(
      "resources  LANES %u, ENGINES %u: LUT %.0f (LUT sites %.0f), FF %.0f, DSP %.0f, BRAM36 %.1f, URAM %.0f, LUTRAM "
      "cells %.0f\n",
      a.lanes, a.engines, row.lut, row.lut_sites, row.ff, row.dsp, row.bram36, row.uram, row.lutram_cells);
  std::printf("           %s; from %s (CI capacity, see its header)\n", r.basis.c_str(), a.resources.c_str());
  // LUT sites, not LUTs: a LUT-RAM cell occupies several of the SLR's LUTs.
  std::printf("           of one U250 SLR: LUT sites %.0f %%, FF %.0f %%, DSP %.0f %%, BRAM36 %.0f %%, URAM %.0f %%\n",
              percent(row.lut_sites, kSlrLuts), percent(row.ff, kSlrFfs), percent(row.dsp, kSlrDsps),
              percent(row.bram36, kSlrBram36), percent(row.uram, kSlrUram));
}

void estimate(EstimateArgs& a) {
  const Activity reading("reading model " + a.model + " and its workload");
  // The core issues every row whatever the gate (docs/rtl.md "Gated tasks"):
  // a task's cycles are those of its gated network run ungated.
  Network net = load_model_for_task(a.model, a.task);
  if (!net.gates.empty()) net = gated_network(net, 0);
  // Every input is checked before anything is printed: one error line, or a report.
  const std::vector<perf::ResourceRow> table = perf::load_resource_table(a.resources);
  const Workload w = load_workload(a.workload, net);
  if (w.frames.empty()) throw InputError("no frames to estimate");

  double worst_ns = 0;
  const double f = a.depth_report.empty() ? a.clock_mhz : clock_from_depth_report(a.depth_report, worst_ns);

  const std::vector<perf::FrameActivity> activity = measure_all(net, w.frames);
  perf::CoreTimingConfig config{a.lanes, a.trace};
  config.engines = a.engines;
  config.coders = a.coders;  // only IMAGE packets' rate code reads it
  std::vector<uint64_t> cycles;
  std::vector<uint64_t> image_cycles;  // the same frame alone as an IMAGE packet (batch-1 latency)
  std::vector<perf::FrameCycles> frames;
  perf::FrameCycles phases;
  uint64_t bound = 0, slice_bound = 0;
  for (const perf::FrameActivity& f : activity) {
    const perf::FrameCycles c = perf::predict_frame_cycles(net, config, f);
    frames.push_back(c);
    cycles.push_back(c.total());
    image_cycles.push_back(perf::predict_image_cycles(net, config, f).total());
    phases.reception += c.reception;
    phases.load += c.load;
    phases.accumulate += c.accumulate;
    phases.update += c.update;
    phases.trace += c.trace;
    phases.result += c.result;
    bound += perf::event_lower_bound(net, config, f);
    slice_bound += perf::slice_lower_bound(net, config, f);
  }
  const perf::CycleSummary s = perf::summarize_cycles(cycles);
  const perf::CycleSummary image_alone = perf::summarize_cycles(image_cycles);
  const double n = double(s.frames);
  // The workload streamed back to back, repeating: each frame's packet
  // arrives while its predecessor computes (frame 0 follows the last), and
  // with two layers and no TRACE the core starts it before the RESULT of
  // the one before (perf::run_stream).
  // The same frames sent as IMAGE packets (the core rate-codes them with
  // --coders generators): the coder too runs while the frame before computes.
  const perf::StreamedPeriods periods = perf::streamed_periods(net, config, activity, frames);
  const perf::CycleSummary streamed = perf::summarize_cycles(periods.frame);
  const perf::CycleSummary streamed_images = perf::summarize_cycles(periods.image);

  std::printf("model      %s (%s)\n", a.model.c_str(), shape_of(net).c_str());
  std::printf("%s", task_line(a.task).c_str());
  std::printf("input      %s\n", w.description.c_str());
  if (a.depth_report.empty())
    std::printf(
        "core       rtl/trinity_core, LANES %u, ENGINES %u, trace %s, clock %g MHz (a target: no timing closure yet)\n",
        a.lanes, a.engines, a.trace ? "on" : "off", f);
  else
    std::printf(
        "core       rtl/trinity_core, LANES %u, ENGINES %u, trace %s, clock %.1f MHz: what the worst path of %s "
        "(%.2f ns) supports (an estimate from netlist depth, no place and route)\n",
        a.lanes, a.engines, a.trace ? "on" : "off", f, a.depth_report.c_str(), worst_ns);
  std::printf("cycles     per frame: mean %.1f, p50 %llu, p99 %llu (min %llu, max %llu): one frame alone\n", s.mean,
              static_cast<unsigned long long>(s.p50), static_cast<unsigned long long>(s.p99),
              static_cast<unsigned long long>(s.min), static_cast<unsigned long long>(s.max));
  std::printf(
      "streamed   per frame: mean %.1f, p50 %llu, p99 %llu: back to back, each packet received and checked while "
      "the frame before it computes%s (%.1f cycles hidden); as IMAGE packets (rate-coded on the core, CODERS %u): "
      "mean %.1f\n",
      streamed.mean, static_cast<unsigned long long>(streamed.p50), static_cast<unsigned long long>(streamed.p99),
      !a.trace && net.layers.size() == 2 ? ", and started before that frame's RESULT" : "", s.mean - streamed.mean,
      a.coders, streamed_images.mean);
  std::printf(
      "           mean by phase: reception %.1f, load %.1f, accumulate %.1f, update %.1f, trace %.1f, "
      "result %.1f; event lower bound %.1f, fixed-slice bound %.1f (the slowest engine's event rows)\n",
      phases.reception / n, phases.load / n, phases.accumulate / n, phases.update / n, phases.trace / n,
      phases.result / n, bound / n, slice_bound / n);
  std::printf("latency    per frame: mean %.2f us, p50 %.2f us, p99 %.2f us; as IMAGE packets (received, rate-coded "
              "with CODERS %u, computed): mean %.2f us, p99 %.2f us\n",
              perf::cycles_to_us(s.mean, f), perf::cycles_to_us(double(s.p50), f), perf::cycles_to_us(double(s.p99), f),
              a.coders, perf::cycles_to_us(image_alone.mean, f), perf::cycles_to_us(double(image_alone.p99), f));
  const double per_core = perf::frames_per_second(streamed.mean, f);
  std::printf("throughput %.0f frames/s per core (the streamed period; input never stalled)\n", per_core);
  // Cores of a card are independent (own streams, own weight copy) and the
  // host shards frames across them, so a card is its cores added up.
  std::string cards;
  for (const alveo::Platform& p : alveo::kPlatforms) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s%s %u cores %.0f", cards.empty() ? "" : ", ", p.board, p.cores,
                  per_core * p.cores);
    cards += buf;
  }
  std::printf(
      "per card   %s frames/s (NUM_CORES of constraints/<board>.cfg, every core at this LANES and clock; "
      "assumes the host and the movers keep every core fed)\n",
      cards.c_str());
  print_resources(a, table);
}

// A core parameter that must be a power of two in [lo, hi]: LANES and
// ENGINES (perf::CoreTimingConfig), refused with one line naming it.
CLI::Validator power_of_two_validator(const std::string& name, unsigned long lo, unsigned long hi,
                                      const std::string& description) {
  return CLI::Validator(
      [name, lo, hi](std::string& v) -> std::string {
        unsigned long n = 0;
        try {
          size_t used = 0;
          n = std::stoul(v, &used);
          if (used != v.size()) return name + " must be a whole number";
        } catch (const std::exception&) {
          return name + " must be a whole number";
        }
        if (n < lo || n > hi || (n & (n - 1)) != 0)
          return name + " must be a power of two " + std::to_string(lo) + " ... " + std::to_string(hi) + ", got " + v;
        return "";
      },
      description);
}

// LANES is a parameter of the RTL core: a power of two >= 4.
const CLI::Validator kLanes = power_of_two_validator("LANES", 4, 65536, "POWER_OF_TWO>=4");
// ENGINES: a power of two 1 ... 64.
const CLI::Validator kEngines = power_of_two_validator("ENGINES", 1, 64, "POWER_OF_TWO<=64");
// CODERS: the rate coder's generators, a power of two 1 ... 32.
const CLI::Validator kCoders = power_of_two_validator("CODERS", 1, 32, "POWER_OF_TWO<=32");

}  // namespace

void register_estimate(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "estimate", "Predict the RTL core's cycles, latency and throughput for a model, and its FPGA resources");
  auto a = std::make_shared<EstimateArgs>();
  cmd->add_option("--model,-m", a->model, "Model file (.trn)")->required();
  add_task_option(cmd, a->task);
  cmd->add_option("--lanes", a->lanes, "LANES of the core (power of two >= 4); the default is the hardware build's")
      ->check(kLanes)
      ->capture_default_str();
  cmd->add_option("--engines", a->engines,
                  "ENGINES of the core: scan engines sharing a layer's inputs j mod ENGINES, in row groups where its "
                  "rows divide (power of two 1 ... 64); the default is the hardware build's")
      ->check(kEngines)
      ->capture_default_str();
  cmd->add_option(
         "--coders", a->coders,
         "CODERS of the core's rate coder (power of two 1 ... 32): the IMAGE packets' streamed period; the default "
         "is the hardware build's")
      ->check(kCoders)
      ->capture_default_str();
  auto* clock = cmd->add_option("--clock-mhz", a->clock_mhz, "Core clock in MHz")
                    ->check(CLI::Range(1e-3, 1e5))
                    ->capture_default_str();
  cmd->add_option("--depth-report", a->depth_report,
                  "Clock from a depth report instead: 1000 / its worst path in ns (the summary JSON `make "
                  "timing-depth` writes, build/timing/lanes_N.summary.json; use the same LANES)")
      ->excludes(clock);
  add_workload_options(cmd, a->workload);
  cmd->add_flag("--trace", a->trace, "Configure the core with TRACE packets on");
  cmd->add_option("--resources", a->resources, "Synthesis table (CSV)")->capture_default_str();
  cmd->callback([a] { estimate(*a); });
}

}  // namespace trinity::cli
