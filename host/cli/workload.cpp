#include "workload.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "errors.hpp"
#include "idx_file.hpp"
#include "nmnist_file.hpp"
#include "npy_file.hpp"
#include "rate_coding.hpp"

namespace trinity::cli {

namespace {

std::string lower_extension(const std::string& path) {
  std::string e = std::filesystem::path(path).extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

void require_nmnist_inputs(const std::string& input, const Network& net) {
  if (net.inputs() != kNmnistInputs)
    throw InputError(input + ": N-MNIST frames have " + std::to_string(kNmnistInputs) +
                     " inputs (2 polarities x 34 x 34) but the model has " + std::to_string(net.inputs()));
}

std::string binning(const WorkloadArgs& a, const Network& net, size_t dropped) {
  if (!a.bin_us) return std::to_string(net.timesteps) + " equal bins over each recording";
  return std::to_string(net.timesteps) + " bins of " + std::to_string(a.bin_us) + " us, " + std::to_string(dropped) +
         " events after the window dropped";
}

void load_nmnist_file(const WorkloadArgs& a, const Network& net, Workload& w) {
  require_nmnist_inputs(a.input, net);
  size_t dropped = 0;
  w.frames.push_back(bin_nmnist(load_nmnist(a.input), net.timesteps, a.bin_us, &dropped));
  w.description = a.input + " (N-MNIST recording, " + binning(a, net, dropped) + ")";
}

void load_nmnist_folder(const WorkloadArgs& a, const Network& net, Workload& w) {
  require_nmnist_inputs(a.input, net);
  const NmnistListing l = list_nmnist_dir(a.input, a.split);
  const size_t n = a.limit ? std::min(a.limit, l.files.size()) : l.files.size();
  size_t dropped = 0;
  for (size_t k = 0; k < n; ++k) {
    size_t d = 0;
    w.frames.push_back(bin_nmnist(load_nmnist(l.files[k]), net.timesteps, a.bin_us, &d));
    w.labels.push_back(l.labels[k]);
    dropped += d;
  }
  w.description = l.root + " (N-MNIST, " + std::to_string(n) + " of " + std::to_string(l.files.size()) +
                  " recordings, labels from folder names, " + binning(a, net, dropped) + ")";
}

void load_npy(const WorkloadArgs& a, const Network& net, Workload& w) {
  const SpikeTensor tensor = load_npy_spikes(a.input);
  if (tensor.timesteps != net.timesteps || tensor.width != net.inputs())
    throw InputError(a.input + ": spike tensor is [" + std::to_string(tensor.count) + ", " +
                     std::to_string(tensor.timesteps) + ", " + std::to_string(tensor.width) +
                     "] but the model needs [N, " + std::to_string(net.timesteps) + ", " +
                     std::to_string(net.inputs()) + "]");
  const size_t n = a.limit ? std::min<size_t>(a.limit, tensor.count) : tensor.count;
  for (size_t k = 0; k < n; ++k) w.frames.push_back(tensor.frame(static_cast<uint32_t>(k)));
  w.description = a.input;
}

void load_dataset(const WorkloadArgs& a, const Network& net, Workload& w) {
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
}

}  // namespace

void add_workload_options(CLI::App* cmd, WorkloadArgs& a) {
  auto* ds =
      cmd->add_option("--dataset", a.dataset, "Image data set to rate-code")->check(CLI::IsMember({"fashion-mnist"}));
  cmd->add_option("--split", a.split, "test | train (Fashion-MNIST, or an N-MNIST folder's Test/Train)")
      ->check(CLI::IsMember({"test", "train"}));
  cmd->add_option("--data-dir", a.data_dir, "Directory with the idx files")->capture_default_str();
  auto* in = cmd->add_option("--input,-i", a.input,
                             "Spike tensor (.npy, [N, T, inputs], 0/1), N-MNIST recording (.bin), or an N-MNIST "
                             "folder (<digit>/*.bin, labels from the folder names)");
  ds->excludes(in);
  cmd->add_option("--limit,-n", a.limit, "Run only the first N frames (0 = all)");
  cmd->add_option("--seed", a.seed, "Rate-coding seed (spec §6)")->capture_default_str();
  cmd->add_option("--bin-us", a.bin_us,
                  "N-MNIST: bin width in microseconds, T bins from 0 (0 = T equal bins from 0 to the last event)")
      ->capture_default_str();
}

Workload load_workload(const WorkloadArgs& a, const Network& net) {
  if (a.input.empty() == a.dataset.empty()) throw InputError("give exactly one of --dataset and --input");
  Workload w;
  if (a.dataset.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(a.input, ec))
      load_nmnist_folder(a, net, w);
    else if (lower_extension(a.input) == ".bin")
      load_nmnist_file(a, net, w);
    else  // .npy, and (as before N-MNIST) any other name
      load_npy(a, net, w);
  } else {
    load_dataset(a, net, w);
  }
  return w;
}

}  // namespace trinity::cli
