// SPDX-License-Identifier: Apache-2.0
// `trinity verify`: runs the same frames through several backends (and
// optionally against a recorded results file) and fails on the first bit of
// difference, naming the frame and, from TRACE packets, the timestep, layer
// and neuron where the implementations part.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <sstream>

#include "backend.hpp"
#include "backend_options.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "exit_policy.hpp"
#include "memory_budget.hpp"
#include "model_file.hpp"
#include "option_checks.hpp"
#include "results_csv.hpp"
#include "task_gates.hpp"
#include "task_option.hpp"
#include "verify.hpp"
#include "workload.hpp"

namespace trinity::cli {

namespace {

struct VerifyArgs {
  WorkloadArgs workload;
  std::string model, expected;
  std::vector<std::string> backends{"golden", "csim", "verilator"};
  BackendOptions backend_options;
  TaskChoice task;
  bool all_tasks = false;
  size_t sim_limit = 0;
};

struct Row {
  std::string name;
  std::vector<FrameResult> results;
  double seconds = 0;
  uint64_t cycles = 0;
  double clock_mhz = 0;  // the clock its cycles project to
  size_t batch = 0;      // frames per batch it ran
  bool timed = true;
};

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Runs every backend on `net` (task `task`, or the model as stored when no
// task is given) and prints the table; throws RuntimeFailure at the first bit
// of difference.
void compare_backends(const VerifyArgs& a, const Network& net, const Workload& w, const TaskChoice& task) {
  std::vector<Row> rows;
  if (!a.expected.empty()) {
    Row r;
    r.name = a.expected;
    const Activity reading("reading " + a.expected);
    r.results = load_results_csv(a.expected, net.outputs());
    r.timed = false;
    rows.push_back(std::move(r));
  }
  for (const auto& name : a.backends) {
    // One backend at a time: the csim core is one instance per process.
    const Activity running("running " + name);
    auto b = make_backend(name, net, a.backend_options);
    // Simulators may run a slice: the first --sim-limit frames.
    const size_t n = b->simulator() && a.sim_limit ? std::min(a.sim_limit, w.frames.size()) : w.frames.size();
    std::vector<SpikeFrame> slice;
    if (n < w.frames.size()) slice.assign(w.frames.begin(), w.frames.begin() + static_cast<long>(n));
    const std::vector<SpikeFrame>& frames = n < w.frames.size() ? slice : w.frames;
    Row r;
    const auto start = std::chrono::steady_clock::now();
    r.results = b->run(frames);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.cycles = b->run_cycles();
    r.clock_mhz = b->clock_mhz();
    r.batch = b->frames_per_batch();
    r.name = b->name();
    rows.push_back(std::move(r));
  }

  std::printf("model      %s\n", a.model.c_str());
  std::printf("%s", task_line(task).c_str());
  std::printf("input      %s\n", w.description.c_str());
  std::printf("reference  %s\n\n", rows[0].name.c_str());
  int width = 12;  // the backend column fits the longest name ("verilator cores 1-3")
  for (const Row& r : rows) width = std::max(width, static_cast<int>(std::min<size_t>(r.name.size(), 80)));
  std::printf("%-*s %7s %9s %9s %10s %13s %16s  %s\n", width, "backend", "frames", "accuracy", "seconds", "frames/s",
              "cycles/frame", "card frames/s", "against the reference");
  std::string failure;
  for (size_t k = 0; k < rows.size(); ++k) {
    const Row& r = rows[k];
    std::string verdict = "(reference)";
    if (k > 0) {
      // The reference's first frames, as many as this backend ran.
      const std::vector<FrameResult> ref(
          rows[0].results.begin(),
          rows[0].results.begin() + static_cast<long>(std::min(r.results.size(), rows[0].results.size())));
      const auto m = first_result_mismatch(ref, r.results);
      if (!m && ref.size() == r.results.size()) {
        verdict = "bit-exact";
      } else {
        const size_t frame = m ? m->frame : ref.size();
        verdict = "MISMATCH at frame " + std::to_string(frame);
        if (failure.empty()) {
          std::ostringstream os;
          os << r.name << " differs from " << rows[0].name << " at frame " << frame << ": "
             << (m ? m->description : "the reference has only " + std::to_string(ref.size()) + " results");
          // A results file has no spikes to compare: then golden is traced.
          const std::string ref_backend = a.expected.empty() ? a.backends[0] : "golden";
          const std::string other = a.backends[k - (a.expected.empty() ? 0 : 1)];
          if (m && other != ref_backend && frame < w.frames.size()) {
            const auto ta = trace_frame(ref_backend, net, w.frames[frame], a.backend_options);
            const auto tb = trace_frame(other, net, w.frames[frame], a.backend_options);
            const std::string where = first_trace_difference(ta, tb, ref_backend, other);
            if (!where.empty()) os << "\n  first difference in the spikes: " << where;
          }
          failure = os.str();
        }
      }
    }
    std::string accuracy = "-";
    if (!w.labels.empty()) {
      size_t correct = 0;
      for (size_t f = 0; f < r.results.size() && f < w.labels.size(); ++f)
        correct += r.results[f].prediction == uint32_t(w.labels[f]);
      accuracy = fixed(100.0 * correct / r.results.size(), 2) + "%";
    }
    const double per_frame = r.cycles ? double(r.cycles) / r.results.size() : 0;
    std::printf("%-*s %7zu %9s %9s %10s %13s %16s  %s\n", width, r.name.c_str(), r.results.size(), accuracy.c_str(),
                r.timed ? fixed(r.seconds, 3).c_str() : "-",
                r.timed && r.seconds > 0 ? fixed(r.results.size() / r.seconds, 0).c_str() : "-",
                per_frame ? fixed(per_frame, 0).c_str() : "-",
                per_frame ? fixed(r.clock_mhz * 1e6 / per_frame, 0).c_str() : "-", verdict.c_str());
  }
  if (!failure.empty())
    throw RuntimeFailure("verify: " + (task.given ? "task " + std::to_string(task.task) + ": " : std::string()) +
                         failure);
  for (const Row& r : rows)
    if (r.cycles) {
      std::printf(
          "\ncard frames/s: the RTL's cycles per frame (input words to last output word, batches of %zu) at "
          "%.0f MHz, %s\n",
          r.batch, r.clock_mhz,
          a.backend_options.cores > 1
              ? (std::to_string(a.backend_options.cores) + " cores in parallel (the slowest core's cycles)").c_str()
              : "one core");
      break;
    }
  size_t fewest = SIZE_MAX, most = 0;
  for (const Row& r : rows) {
    fewest = std::min(fewest, r.results.size());
    most = std::max(most, r.results.size());
  }
  if (fewest == most)
    std::printf("\nall %zu agree bit for bit on %zu frames\n", rows.size(), most);
  else
    std::printf("\nall %zu agree bit for bit on the frames each ran (%zu to %zu, always the first)\n", rows.size(),
                fewest, most);
}

void verify(VerifyArgs& a) {
  if (a.backends.size() + (a.expected.empty() ? 0 : 1) < 2)
    throw UsageError("give at least two backends, or one and --expected");
  for (size_t i = 0; i < a.backends.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (a.backends[i] == a.backends[j]) throw UsageError("backend '" + a.backends[i] + "' given twice");
  if (a.all_tasks && a.task.given) throw UsageError("--all-tasks excludes --task");
  if (a.all_tasks && !a.expected.empty())
    throw UsageError("--all-tasks excludes --expected (a results file holds one task's results)");
  // With --all-tasks: the shared network and its gates, each task's network
  // built in turn (not all at once: a task's copy is the whole model).
  Network net;
  TaskGates gates;
  {
    const Activity reading("reading model " + a.model);
    if (a.all_tasks) {
      net = load_model(a.model, nullptr, &gates);
      if (gates.empty()) throw InputError("--all-tasks: " + a.model + " has no task gates (a format version 1 model)");
    } else {
      net = load_model_for_task(a.model, a.task);
    }
  }
  settle_image_packets(a.backend_options, a.workload);
  // Besides the frames: each backend's results, and one backend at a time
  // its buffers and (for a simulator's slice) a copy of its frames.
  const auto extra = [&](size_t n) {
    uint64_t most = 0;
    // Bounded above: every backend as if it ran all n frames, plus the
    // largest slice a simulator could copy.
    for (const auto& name : a.backends) most = std::max(most, backend_bytes(name, net, a.backend_options, n));
    if (a.sim_limit) most = saturating_add(most, saturating_mul(std::min(a.sim_limit, n), frame_bytes(net)));
    return saturating_add(most, saturating_mul(a.backends.size() + 1, saturating_mul(n, 2 * net.outputs() + 32)));
  };
  Workload w;
  {
    const Activity reading("reading " + input_name(a.workload));
    w = load_workload(a.workload, net, extra);
  }
  if (w.frames.empty()) throw InputError("no frames to verify");

  if (!a.all_tasks) {
    apply_task(w.frames, a.task);
    compare_backends(a, net, w, a.task);
    return;
  }
  TaskChoice choice;
  choice.given = true;
  choice.tasks_in_model = gates.tasks;
  apply_task(w.frames, choice);  // once: every task runs as task 1 of its single-task network
  for (uint32_t k = 0; k < gates.tasks; ++k) {
    if (k > 0) std::printf("\n");
    choice.task = k + 1;
    compare_backends(a, single_task_network(net, gates, k), w, choice);
  }
  std::printf("\nevery task (%u) agrees bit for bit on every backend\n", gates.tasks);
}

}  // namespace

void register_verify(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "verify", "Run the same frames on several backends and fail on any difference (exit 3), bit for bit");
  auto a = std::make_shared<VerifyArgs>();
  cmd->add_option("--model,-m", a->model, "Model file (.trn)")->required();
  cmd->add_option("--backends,-b", a->backends, "Comma-separated backends; the first is the reference")
      ->delimiter(',')
      ->check(CLI::IsMember(backend_names()))
      ->capture_default_str();
  cmd->add_option("--expected", a->expected,
                  "Results of an earlier `trinity run --out x.csv` to hold the backends to (then the reference)");
  add_task_option(cmd, a->task);
  cmd->add_flag("--all-tasks", a->all_tasks,
                "Every task of a gated model in turn, each on every backend (stops at the first difference)");
  add_workload_options(cmd, a->workload);
  add_backend_options(cmd, a->backend_options, false);
  cmd->add_option("--sim-limit", a->sim_limit,
                  "Simulators (golden-wire, csim, verilator) run only the first N frames (0 = all)")
      ->check(whole_number());
  cmd->callback([a] { verify(*a); });
}

}  // namespace trinity::cli
