// SPDX-License-Identifier: Apache-2.0
#include "workload.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "errors.hpp"
#include "idx_file.hpp"
#include "memory_budget.hpp"
#include "nmnist_file.hpp"
#include "npy_file.hpp"
#include "option_checks.hpp"
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

// The budget check every source makes once it knows how many frames it will
// produce, before it reads them; `held` is what it keeps per frame besides
// the frame itself (pixels, a tensor's copy), `fixed` its one-off buffers.
void check_budget(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra, const std::string& subject,
                  size_t frames, uint64_t held, uint64_t fixed) {
  const uint64_t need = saturating_add(
      saturating_add(saturating_mul(frames, saturating_add(frame_bytes(net), held)), fixed), extra ? extra(frames) : 0);
  require_within(need, a.max_memory, subject,
                 std::to_string(frames) + " frame(s) of " + std::to_string(net.timesteps) + " x " +
                     std::to_string(net.inputs()) + " spikes (the model's T x inputs)");
}

void load_nmnist_file(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra, Workload& w) {
  require_nmnist_inputs(a.input, net);
  check_budget(a, net, extra, a.input, 1, 0, 3 * kMaxNmnistBytes);
  size_t dropped = 0;
  w.frames.push_back(bin_nmnist(load_nmnist(a.input), net.timesteps, a.bin_us, &dropped));
  w.description = a.input + " (N-MNIST recording, " + binning(a, net, dropped) + ")";
}

void load_nmnist_folder(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra, Workload& w) {
  require_nmnist_inputs(a.input, net);
  const NmnistListing l = list_nmnist_dir(a.input, a.split);
  const size_t n = a.limit ? std::min(a.limit, l.files.size()) : l.files.size();
  // One recording at a time: its bytes and events (8 per 5 bytes) are passing.
  check_budget(a, net, extra, l.root, n, 0, 3 * kMaxNmnistBytes);
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

void load_npy(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra, Workload& w) {
  // The header first: a tensor of the wrong shape, or too large, is refused
  // without reading its data, and only the frames asked for are read.
  const NpyShape shape = read_npy_shape(a.input);
  if (shape.timesteps != net.timesteps || shape.width != net.inputs())
    throw InputError(a.input + ": spike tensor is [" + std::to_string(shape.count) + ", " +
                     std::to_string(shape.timesteps) + ", " + std::to_string(shape.width) +
                     "] but the model needs [N, " + std::to_string(net.timesteps) + ", " +
                     std::to_string(net.inputs()) + "]");
  const size_t n = a.limit ? std::min<size_t>(a.limit, shape.count) : shape.count;
  check_budget(a, net, extra, a.input, n, uint64_t{shape.timesteps} * shape.width, 0);
  const SpikeTensor tensor = load_npy_spikes(a.input, n);
  w.frames.reserve(n);
  for (size_t k = 0; k < n; ++k) w.frames.push_back(tensor.frame(static_cast<uint32_t>(k)));
  w.description = a.input;
}

// --dataset's names and where each is installed; both are 28x28 idx sets
// read by the same loader.
struct DatasetEntry {
  const char* name;
  const char* dir;
};
constexpr DatasetEntry kDatasets[] = {{"fashion-mnist", TRINITY_FASHION_MNIST_DIR}, {"mnist", TRINITY_MNIST_DIR}};

void load_dataset(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra, Workload& w) {
  const std::string dir = dataset_dir(a);
  // The images file's header first: a gzip bomb or a header claiming more
  // images than memory holds is refused before anything is decompressed.
  const std::string images = fashion_mnist_images_path(dir, a.split);
  const ImageSet header = read_idx_images_header(images);
  const uint64_t header_pixels = uint64_t{header.rows} * header.cols;
  if (header_pixels != net.inputs())
    throw InputError(images + ": the model has " + std::to_string(net.inputs()) + " inputs but " + a.dataset +
                     " images have " + std::to_string(header_pixels) + " pixels");
  const size_t n = a.limit ? std::min<size_t>(a.limit, header.file_count) : header.file_count;
  // Held per frame: the image and label while loading, and the copy of the
  // image each frame keeps as its source (SpikeFrame::image) for IMAGE packets.
  check_budget(a, net, extra, images, n, 2 * header_pixels + 1 + sizeof(SourceImage) + 32, 0);
  const FashionMnist data = load_fashion_mnist(dir, a.split, n);
  const uint32_t pixels = data.images.rows * data.images.cols;
  if (pixels != net.inputs())
    throw InputError("the model has " + std::to_string(net.inputs()) + " inputs but " + a.dataset + " images have " +
                     std::to_string(pixels) + " pixels");
  w.frames.reserve(data.images.count);
  for (uint32_t k = 0; k < data.images.count; ++k) {
    const uint8_t* image = &data.images.pixels[size_t{k} * pixels];
    if (a.images_only) {
      SpikeFrame f;
      f.timesteps = net.timesteps;
      f.width = pixels;
      f.image = std::make_shared<const SourceImage>(SourceImage{{image, image + pixels}, k, a.seed});
      w.frames.push_back(std::move(f));
    } else {
      w.frames.push_back(rate_encode(image, pixels, net.timesteps, a.seed, k));
    }
    w.labels.push_back(data.labels[k]);
  }
  w.description = a.dataset + " " + a.split + " (" + std::to_string(w.frames.size()) + " images, rate-coded" +
                  (a.images_only ? " on the device" : "") + ", seed " + std::to_string(a.seed) + ")";
}

}  // namespace

std::string dataset_dir(const WorkloadArgs& a) {
  if (!a.data_dir.empty() || a.dataset.empty()) return a.data_dir;
  for (const DatasetEntry& d : kDatasets)
    if (a.dataset == d.name) return d.dir;
  throw UsageError("--dataset " + a.dataset + ": unknown data set");  // CLI::IsMember refuses it first
}

std::string input_name(const WorkloadArgs& a) {
  return a.input.empty() ? a.dataset + " in " + dataset_dir(a) : a.input;
}

void add_workload_options(CLI::App* cmd, WorkloadArgs& a) {
  std::vector<std::string> names;
  std::string dirs;
  for (const DatasetEntry& d : kDatasets) {
    names.push_back(d.name);
    dirs += std::string(dirs.empty() ? "" : ", ") + d.name + ": " + d.dir;
  }
  auto* ds = cmd->add_option("--dataset", a.dataset, "Image data set to rate-code (idx files, 28x28)")
                 ->check(CLI::IsMember(names));
  cmd->add_option("--split", a.split, "test | train (an idx data set, or an N-MNIST folder's Test/Train)")
      ->check(CLI::IsMember({"test", "train"}));
  cmd->add_option("--data-dir", a.data_dir, "Directory with the --dataset's idx files (default " + dirs + ")");
  auto* in = cmd->add_option("--input,-i", a.input,
                             "Spike tensor (.npy, [N, T, inputs], 0/1), N-MNIST recording (.bin), or an N-MNIST "
                             "folder (<digit>/*.bin, labels from the folder names)");
  ds->excludes(in);
  cmd->add_option("--limit,-n", a.limit, "Run only the first N frames (0 = all)")->check(whole_number());
  add_memory_option(cmd, a.max_memory);
  cmd->add_option("--seed", a.seed, "Rate-coding seed (spec §6)")->check(whole_number())->capture_default_str();
  cmd->add_option("--bin-us", a.bin_us,
                  "N-MNIST: bin width in microseconds, T bins from 0 (0 = T equal bins from 0 to the last event)")
      ->check(whole_number())
      ->capture_default_str();
}

Workload load_workload(const WorkloadArgs& a, const Network& net, const ExtraBytes& extra) {
  if (a.input.empty() == a.dataset.empty()) throw UsageError("give exactly one of --dataset and --input");
  Workload w;
  if (a.dataset.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory(a.input, ec))
      load_nmnist_folder(a, net, extra, w);
    else if (lower_extension(a.input) == ".bin")
      load_nmnist_file(a, net, extra, w);
    else  // .npy, and (as before N-MNIST) any other name
      load_npy(a, net, extra, w);
  } else {
    load_dataset(a, net, extra, w);
  }
  return w;
}

}  // namespace trinity::cli
