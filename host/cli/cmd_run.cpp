// SPDX-License-Identifier: Apache-2.0
// `trinity run`: inference over a data set, a spike tensor or N-MNIST
// recordings on one backend, reporting accuracy and confusion (when labels are
// known), throughput and per-frame time from chunk timings, as a table or JSON.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backend.hpp"
#include "backend_options.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "exit_policy.hpp"
#include "lut.hpp"
#include "memory_budget.hpp"
#include "model_file.hpp"
#include "option_checks.hpp"
#include "results_csv.hpp"
#include "run_chunks.hpp"
#include "task_option.hpp"
#include "workload.hpp"
#include "writers.hpp"

namespace trinity::cli {

namespace {

struct RunArgs {
  WorkloadArgs workload;
  BackendOptions backend_options;
  TaskChoice task;
  std::string model, backend = "golden", out, daf;
  size_t chunk = 0;
  std::string format = "table";
  bool quiet = false, no_progress = false;
};

std::vector<std::vector<uint32_t>> confusion(const Workload& w, const std::vector<FrameResult>& results,
                                             uint32_t classes) {
  std::vector<std::vector<uint32_t>> m(classes, std::vector<uint32_t>(classes, 0));
  for (size_t k = 0; k < results.size(); ++k)
    if (uint32_t(w.labels[k]) < classes && results[k].prediction < classes) ++m[w.labels[k]][results[k].prediction];
  return m;
}

void print_confusion(const std::vector<std::vector<uint32_t>>& m) {
  std::printf("\nconfusion (rows: label, columns: prediction)\n      ");
  for (size_t c = 0; c < m.size(); ++c) std::printf("%6zu", c);
  std::printf("\n");
  for (size_t r = 0; r < m.size(); ++r) {
    std::printf("%6zu", r);
    for (uint32_t v : m[r]) std::printf("%6u", v);
    std::printf("\n");
  }
}

// Puts a calibrated dAF table (the JSON `trinity calibrate` writes) into every
// LUT layer, so a trained network can be run on the table of another device
// or on the measured curve itself.
std::string apply_daf(const std::string& path, Network& net) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path + ": is a directory, not a dAF table (--daf)");
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open (--daf)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(f);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(path + ": not JSON (" + std::string(e.what()) + ")");
  }
  const calib::Lut lut = calib::lut_from_json(j, path);
  const bool measured = j.is_object() && j.contains("shape") && j["shape"] == "measured";
  std::string layers;
  bool same = true;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    Layer& layer = net.layers[l];
    if (!uses_lut(layer.kind)) continue;
    const Layer before = layer;
    calib::apply_to_layer(lut, layer);
    layer.kind = measured ? UnitKind::kTriLut : UnitKind::kTriGauss;  // spec §1: the kind records the table's origin
    same = same && before.lut == layer.lut && before.lut_lo == layer.lut_lo && before.lut_shift == layer.lut_shift &&
           before.lut_bits == layer.lut_bits;
    layers += (layers.empty() ? "" : ",") + std::to_string(l);
  }
  if (layers.empty()) throw InputError(path + ": the model has no LUT layer (kind tri-G or tri-LUT) to take it");
  return path + " -> layers " + layers +
         (same ? " (identical to the model's own table)" : " (replaces the model's table)");
}

// What the summary reports, gathered once so the table and the JSON agree.
struct Summary {
  double seconds = 0, frames_per_s = 0;
  double frame_p50 = 0, frame_p99 = 0, chunk_p50 = 0, chunk_p99 = 0;
  size_t chunks = 0, correct = 0;
  WireWords wire;        // per frame on the wire (stream backends), else 0
  uint64_t cycles = 0;   // device clock cycles of the whole run (verilator), else 0
  double clock_mhz = 0;  // the clock those cycles project to
  std::vector<std::vector<uint32_t>> confusion;
};

Summary summarise(const ChunkedRun& r, const Workload& w, const Network& net, const Backend& backend) {
  Summary s;
  s.seconds = r.seconds;
  s.frames_per_s = r.seconds > 0 ? r.results.size() / r.seconds : 0;
  s.chunks = r.chunks.size();
  s.frame_p50 = per_frame_quantile(r.chunks, 0.50);
  s.frame_p99 = per_frame_quantile(r.chunks, 0.99);
  s.chunk_p50 = chunk_quantile(r.chunks, 0.50);
  s.chunk_p99 = chunk_quantile(r.chunks, 0.99);
  for (const auto& c : r.chunks) s.cycles += c.cycles;
  s.wire = backend.wire_words_per_frame();
  s.clock_mhz = backend.clock_mhz();
  if (!w.labels.empty()) {
    for (size_t k = 0; k < r.results.size(); ++k) s.correct += r.results[k].prediction == uint32_t(w.labels[k]);
    s.confusion = confusion(w, r.results, net.outputs());
  }
  return s;
}

void print_table(const RunArgs& a, const Workload& w, const std::string& daf, const std::string& backend,
                 const ChunkedRun& r, const Summary& s) {
  const size_t n = r.results.size();
  std::printf("model      %s\n", a.model.c_str());
  std::printf("%s", task_line(a.task).c_str());
  std::printf("input      %s\n", w.description.c_str());
  if (!daf.empty()) std::printf("dAF        %s\n", daf.c_str());
  std::printf("backend    %s\n", backend.c_str());
  std::printf("frames     %zu\n", n);
  std::printf("time       %.3f s (%.1f frames/s)\n", s.seconds, s.frames_per_s);
  std::printf("chunks     %zu (%s)\n", s.chunks,
              a.chunk ? ("of " + std::to_string(a.chunk) + " frames").c_str() : "adaptive: up to ~1 s or 1024 frames");
  std::printf(
      "per frame  p50 %.1f us, p99 %.1f us (chunk wall time / its frames: amortised, not a lone frame's "
      "latency)\n",
      1e6 * s.frame_p50, 1e6 * s.frame_p99);
  std::printf("per chunk  p50 %.1f ms, p99 %.1f ms (no result leaves a chunk before it ends)\n", 1e3 * s.chunk_p50,
              1e3 * s.chunk_p99);
  if (s.wire.in)
    std::printf("wire       %u words in, %u out per frame (protocol v3): %.1f MB/s in, %.2f MB/s out at this rate\n",
                s.wire.in, s.wire.out, 4e-6 * s.wire.in * s.frames_per_s, 4e-6 * s.wire.out * s.frames_per_s);
  if (s.cycles)
    std::printf(
        "cycles     %.0f per frame in the RTL (input words to last output word%s): %.0f frames/s at %.0f MHz\n",
        double(s.cycles) / n,
        a.backend_options.cores > 1
            ? (", " + std::to_string(a.backend_options.cores) + " cores in parallel: the slowest core's cycles").c_str()
            : "",
        s.clock_mhz * 1e6 * n / double(s.cycles), s.clock_mhz);
  if (!w.labels.empty()) {
    std::printf("accuracy   %.2f %% (%zu / %zu)\n", 100.0 * s.correct / n, s.correct, n);
    if (!a.quiet) print_confusion(s.confusion);
  }
  if (!a.out.empty()) std::printf("results    %s\n", a.out.c_str());
}

void print_json(const RunArgs& a, const Workload& w, const std::string& daf, const std::string& backend,
                const ChunkedRun& r, const Summary& s) {
  nlohmann::json j{{"model", a.model},
                   {"input", w.description},
                   {"backend", backend},
                   {"frames", r.results.size()},
                   {"seconds", s.seconds},
                   {"frames_per_s", s.frames_per_s},
                   {"chunks", s.chunks},
                   {"per_frame_us", {{"p50", 1e6 * s.frame_p50}, {"p99", 1e6 * s.frame_p99}}},
                   {"per_chunk_ms", {{"p50", 1e3 * s.chunk_p50}, {"p99", 1e3 * s.chunk_p99}}},
                   {"latency_note", "per frame = chunk wall time / frames in the chunk (amortised over batching)"}};
  if (a.task.given) j["task"] = {{"task", a.task.task}, {"tasks", a.task.tasks_in_model}};
  if (!daf.empty()) j["daf"] = daf;
  if (s.wire.in)
    j["wire"] = {{"words_in_per_frame", s.wire.in},
                 {"words_out_per_frame", s.wire.out},
                 {"mb_per_s_in", 4e-6 * s.wire.in * s.frames_per_s},
                 {"mb_per_s_out", 4e-6 * s.wire.out * s.frames_per_s}};
  if (s.cycles) j["rtl_cycles_per_frame"] = double(s.cycles) / r.results.size();
  if (!w.labels.empty()) {
    j["accuracy"] = double(s.correct) / r.results.size();
    j["correct"] = s.correct;
    j["confusion"] = s.confusion;
  }
  if (!a.out.empty()) j["results"] = a.out;
  // File names need not be UTF-8; a bad byte must not turn a finished run into a failure.
  std::printf("%s\n", j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

void run(RunArgs& a) {
  Network net;
  {
    const Activity reading("reading model " + a.model);
    net = load_model_for_task(a.model, a.task);
  }
  const std::string daf = a.daf.empty() ? "" : apply_daf(a.daf, net);
  settle_image_packets(a.backend_options, a.workload);
  // A device that codes images itself needs no spikes from the host.
  a.workload.images_only =
      a.backend_options.image_packets && plan_backend(a.backend, net, a.backend_options).wire.in != 0;
  Workload w;
  {
    const Activity reading("reading " + input_name(a.workload));
    w = load_workload(a.workload, net, [&](size_t n) { return backend_bytes(a.backend, net, a.backend_options, n); });
  }
  if (w.frames.empty()) throw InputError("no frames to run");
  apply_task(w.frames, a.task);
  const Activity running("running " + std::to_string(w.frames.size()) + " frames of " + input_name(a.workload) +
                         " on " + a.backend);
  auto backend = make_backend(a.backend, net, a.backend_options);

  ChunkPolicy policy;
  policy.fixed = a.chunk;
  // Stream backends batch inside each chunk; whole batches keep a card's queue full.
  policy.unit = backend->frames_per_batch();
  policy.progress = !a.no_progress && stderr_is_terminal();
  const ChunkedRun r = run_in_chunks(*backend, w.frames, policy);
  const Summary s = summarise(r, w, net, *backend);
  if (!a.out.empty()) {
    const Activity writing("writing " + a.out);
    write_results(a.out, r.results, w.labels);
  }
  if (a.format == "json")
    print_json(a, w, daf, backend->label(), r, s);
  else
    print_table(a, w, daf, backend->label(), r, s);
}

}  // namespace

void register_run(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "run", "Run a model on a data set, a spike tensor or N-MNIST recordings and report accuracy and speed");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("--model,-m", a->model, "Model file (.trn)")->required();
  cmd->add_option("--backend,-b", a->backend, "golden | golden-wire | csim | verilator | xrt")
      ->check(CLI::IsMember(backend_names()));
  add_workload_options(cmd, a->workload);
  add_task_option(cmd, a->task);
  cmd->add_option("--daf", a->daf, "Calibrated dAF table (JSON from `trinity calibrate`) for every LUT layer");
  add_backend_options(cmd, a->backend_options, true);
  cmd->add_option("--out,-o", a->out, "Write predictions and spike counts (.csv or .json)");
  cmd->add_flag("--quiet,-q", a->quiet, "No confusion matrix");
  cmd->add_option("--format", a->format, "Summary on stdout: table | json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  cmd->add_option("--chunk", a->chunk,
                  "Frames per timed chunk (0 = adaptive: about 1 s of work, at most 1024 frames); speed statistics "
                  "come from the chunks' wall times")
      ->check(whole_number());
  cmd->add_flag("--no-progress", a->no_progress, "No progress bar (it is drawn only when stderr is a terminal)");
  cmd->callback([a] { run(*a); });
}

}  // namespace trinity::cli
