// `trinity run`: inference over a data set or a spike tensor on one backend,
// reporting accuracy (when labels are known) and throughput.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "backend.hpp"
#include "commands.hpp"
#include "errors.hpp"
#include "idx_file.hpp"
#include "lut.hpp"
#include "model_file.hpp"
#include "npy_file.hpp"
#include "rate_coding.hpp"
#include "writers.hpp"

namespace trinity::cli {

namespace {

struct RunArgs {
  std::string model, backend = "golden", dataset, split = "test", input, out, daf, data_dir = TRINITY_FASHION_MNIST_DIR;
  size_t limit = 0;
  uint64_t seed = 0;
  unsigned threads = 0;
  bool quiet = false;
};

struct Workload {
  std::vector<SpikeFrame> frames;
  std::vector<int> labels;  // empty when unknown
  std::string description;
};

Workload load_workload(const RunArgs& a, const Network& net) {
  Workload w;
  if (!a.input.empty()) {
    const SpikeTensor tensor = load_npy_spikes(a.input);
    if (tensor.timesteps != net.timesteps || tensor.width != net.inputs())
      throw InputError(a.input + ": spike tensor is [" + std::to_string(tensor.count) + ", " +
                       std::to_string(tensor.timesteps) + ", " + std::to_string(tensor.width) +
                       "] but the model needs [N, " + std::to_string(net.timesteps) + ", " +
                       std::to_string(net.inputs()) + "]");
    const size_t n = a.limit ? std::min<size_t>(a.limit, tensor.count) : tensor.count;
    for (size_t k = 0; k < n; ++k) w.frames.push_back(tensor.frame(static_cast<uint32_t>(k)));
    w.description = a.input;
    return w;
  }
  const FashionMnist data = load_fashion_mnist(a.data_dir, a.split, a.limit ? a.limit : SIZE_MAX);
  const uint32_t pixels = data.images.rows * data.images.cols;
  if (pixels != net.inputs())
    throw InputError("the model has " + std::to_string(net.inputs()) + " inputs but " + a.dataset + " images have " +
                     std::to_string(pixels) + " pixels");
  for (uint32_t k = 0; k < data.images.count; ++k) {
    w.frames.push_back(rate_encode(&data.images.pixels[size_t{k} * pixels], pixels, net.timesteps, a.seed, k));
    w.labels.push_back(data.labels[k]);
  }
  w.description = a.dataset + " " + a.split + " (" + std::to_string(w.frames.size()) + " images, rate-coded, seed " +
                  std::to_string(a.seed) + ")";
  return w;
}

void write_results(const std::string& path, const Workload& w, const std::vector<FrameResult>& results) {
  std::ofstream f(path);
  if (!f) throw InputError(path + ": cannot open for writing");
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (size_t k = 0; k < results.size(); ++k) {
      nlohmann::json row{{"index", k}, {"prediction", results[k].prediction}, {"counts", results[k].counts}};
      if (!w.labels.empty()) row["label"] = w.labels[k];
      j.push_back(row);
    }
    f << j.dump(1) << "\n";
  } else {
    f << "index,label,prediction";
    for (size_t i = 0; i < (results.empty() ? 0 : results[0].counts.size()); ++i) f << ",count" << i;
    f << "\n";
    for (size_t k = 0; k < results.size(); ++k) {
      f << k << "," << (w.labels.empty() ? std::string() : std::to_string(w.labels[k])) << "," << results[k].prediction;
      for (uint16_t c : results[k].counts) f << "," << c;
      f << "\n";
    }
  }
  if (!f) throw RuntimeFailure(path + ": write failed");
}

void print_confusion(const Workload& w, const std::vector<FrameResult>& results, uint32_t classes) {
  std::vector<std::vector<uint32_t>> m(classes, std::vector<uint32_t>(classes, 0));
  for (size_t k = 0; k < results.size(); ++k)
    if (uint32_t(w.labels[k]) < classes && results[k].prediction < classes) ++m[w.labels[k]][results[k].prediction];
  std::printf("\nconfusion (rows: label, columns: prediction)\n      ");
  for (uint32_t c = 0; c < classes; ++c) std::printf("%6u", c);
  std::printf("\n");
  for (uint32_t r = 0; r < classes; ++r) {
    std::printf("%6u", r);
    for (uint32_t c = 0; c < classes; ++c) std::printf("%6u", m[r][c]);
    std::printf("\n");
  }
}

// Puts a calibrated dAF table (the JSON `trinity calibrate` writes) into every
// LUT layer, so a trained network can be run on the table of another device
// or on the measured curve itself.
std::string apply_daf(const std::string& path, Network& net) {
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open");
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

void run(const RunArgs& a) {
  if (a.input.empty() == a.dataset.empty()) throw InputError("give exactly one of --dataset and --input");
  Network net = load_model(a.model);
  const std::string daf = a.daf.empty() ? "" : apply_daf(a.daf, net);
  const Workload w = load_workload(a, net);
  if (w.frames.empty()) throw InputError("no frames to run");

  BackendOptions options;
  options.threads = a.threads;
  auto backend = make_backend(a.backend, net, options);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<FrameResult> results = backend->run(w.frames);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (results.size() != w.frames.size()) throw RuntimeFailure("backend returned a wrong number of results");

  std::printf("model      %s\n", a.model.c_str());
  std::printf("input      %s\n", w.description.c_str());
  if (!daf.empty()) std::printf("dAF        %s\n", daf.c_str());
  std::printf("backend    %s\n", backend->name().c_str());
  std::printf("frames     %zu\n", results.size());
  std::printf("time       %.3f s (%.1f frames/s)\n", seconds, results.size() / seconds);
  if (!w.labels.empty()) {
    size_t correct = 0;
    for (size_t k = 0; k < results.size(); ++k) correct += results[k].prediction == uint32_t(w.labels[k]);
    std::printf("accuracy   %.2f %% (%zu / %zu)\n", 100.0 * correct / results.size(), correct, results.size());
    if (!a.quiet) print_confusion(w, results, net.outputs());
  }
  if (!a.out.empty()) {
    write_results(a.out, w, results);
    std::printf("results    %s\n", a.out.c_str());
  }
}

}  // namespace

void register_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run a model on a data set or a spike tensor and report accuracy and speed");
  auto a = std::make_shared<RunArgs>();
  cmd->add_option("--model,-m", a->model, "Model file (.trn)")->required();
  cmd->add_option("--backend,-b", a->backend, "golden | golden-wire | csim | verilator | xrt")
      ->check(CLI::IsMember(backend_names()));
  auto* ds =
      cmd->add_option("--dataset", a->dataset, "Image data set to rate-code")->check(CLI::IsMember({"fashion-mnist"}));
  cmd->add_option("--split", a->split, "test | train")->check(CLI::IsMember({"test", "train"}));
  cmd->add_option("--data-dir", a->data_dir, "Directory with the idx files")->capture_default_str();
  auto* in = cmd->add_option("--input,-i", a->input, "Spike tensor (.npy, [N, T, inputs], 0/1)");
  ds->excludes(in);
  cmd->add_option("--daf", a->daf, "Calibrated dAF table (JSON from `trinity calibrate`) for every LUT layer");
  cmd->add_option("--limit,-n", a->limit, "Run only the first N frames (0 = all)");
  cmd->add_option("--seed", a->seed, "Rate-coding seed (spec §6)")->capture_default_str();
  cmd->add_option("--threads", a->threads, "CPU threads for CPU backends (0 = all)");
  cmd->add_option("--out,-o", a->out, "Write predictions and spike counts (.csv or .json)");
  cmd->add_flag("--quiet,-q", a->quiet, "No confusion matrix");
  cmd->callback([a] { run(*a); });
}

}  // namespace trinity::cli
