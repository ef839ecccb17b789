// SPDX-License-Identifier: Apache-2.0
#include "nmnist_file.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <tuple>

#include "errors.hpp"

namespace trinity {

namespace fs = std::filesystem;

std::vector<NmnistEvent> parse_nmnist(const std::vector<uint8_t>& bytes, const std::string& name) {
  if (bytes.empty()) throw InputError(name + ": empty file, an N-MNIST recording holds at least one event");
  std::vector<NmnistEvent> events;
  events.reserve(bytes.size() / kNmnistEventBytes);
  uint32_t offset_us = 0;  // from overflow markers
  uint32_t last = 0;
  for (size_t at = 0; at < bytes.size(); at += kNmnistEventBytes) {
    // Built only on error: a recording has thousands of events.
    auto where = [&] { return name + ": byte " + std::to_string(at); };
    if (bytes.size() - at < kNmnistEventBytes)
      throw InputError(where() + ": truncated event (" + std::to_string(bytes.size() - at) + " of 5 bytes)");
    const uint8_t* b = &bytes[at];
    if (b[1] == kNmnistOverflowY) {
      // Keeps every timestamp (offset + 23 bits) inside 32 bits: over an hour.
      if (offset_us > UINT32_MAX - (1u << 23) - kNmnistOverflowUs)
        throw InputError(where() + ": timestamp-overflow markers run past 2^32 us");
      offset_us += kNmnistOverflowUs;
      continue;
    }
    NmnistEvent e;
    e.x = b[0];
    e.y = b[1];
    e.polarity = b[2] >> 7;
    e.t_us = offset_us + ((uint32_t{b[2]} & 0x7F) << 16 | uint32_t{b[3]} << 8 | b[4]);
    if (e.x >= kNmnistSide || e.y >= kNmnistSide)
      throw InputError(where() + ": event at x " + std::to_string(e.x) + ", y " + std::to_string(e.y) +
                       " is outside the 34 x 34 sensor");
    if (!events.empty() && e.t_us < last)
      throw InputError(where() + ": timestamp " + std::to_string(e.t_us) + " us is earlier than the previous event's " +
                       std::to_string(last) + " us");
    last = e.t_us;
    events.push_back(e);
  }
  if (events.empty()) throw InputError(name + ": only timestamp-overflow markers, no events");
  return events;
}

std::vector<NmnistEvent> load_nmnist(const std::string& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw InputError(path + ": cannot open: no such file");
  if (!fs::is_regular_file(status)) throw InputError(path + ": not a regular file");
  const uint64_t size = fs::file_size(path, ec);
  if (ec) throw InputError(path + ": cannot stat: " + ec.message());
  if (size > kMaxNmnistBytes)
    throw InputError(path + ": " + std::to_string(size) + " bytes, more than any N-MNIST recording (limit " +
                     std::to_string(kMaxNmnistBytes) + ")");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  std::vector<uint8_t> bytes(size);
  f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(f.gcount()) != size) throw InputError(path + ": read failed or file shrank while read");
  return parse_nmnist(bytes, path);
}

std::vector<uint8_t> serialize_nmnist(const std::vector<NmnistEvent>& events) {
  std::vector<uint8_t> out;
  out.reserve(events.size() * kNmnistEventBytes);
  for (const auto& e : events) {
    if (e.t_us >= (1u << 23))
      throw InputError("N-MNIST timestamp " + std::to_string(e.t_us) + " needs more than 23 bits");
    out.push_back(e.x);
    out.push_back(e.y);
    out.push_back(static_cast<uint8_t>((e.polarity ? 0x80 : 0) | (e.t_us >> 16)));
    out.push_back(static_cast<uint8_t>(e.t_us >> 8));
    out.push_back(static_cast<uint8_t>(e.t_us));
  }
  return out;
}

SpikeFrame bin_nmnist(const std::vector<NmnistEvent>& events, uint32_t timesteps, uint32_t bin_us, size_t* dropped) {
  SpikeFrame f(timesteps, kNmnistInputs);
  size_t outside = 0;
  // 64-bit products: t (< 2^32) times T (< 2^32) cannot overflow.
  const uint64_t span = events.empty() ? 1 : uint64_t{events.back().t_us} + 1;
  for (const auto& e : events) {
    const uint64_t bin = bin_us ? e.t_us / bin_us : uint64_t{e.t_us} * timesteps / span;
    if (bin >= timesteps) {
      ++outside;
      continue;
    }
    f.at(static_cast<uint32_t>(bin), nmnist_input(e.x, e.y, e.polarity)) = 1;
  }
  if (dropped) *dropped = outside;
  return f;
}

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 4 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// <dir>/Test or <dir>/Train when present, else <dir> itself.
fs::path split_root(const fs::path& dir, const std::string& split) {
  const std::string cap = split == "train" ? "Train" : "Test";
  for (const std::string& name : {cap, split}) {
    std::error_code ec;
    if (fs::is_directory(dir / name, ec)) return dir / name;
  }
  return dir;
}

}  // namespace

NmnistListing list_nmnist_dir(const std::string& dir, const std::string& split) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir + ": not a directory");
  const fs::path root = split_root(dir, split);
  struct Entry {
    std::string file_name;
    int label;
    std::string path;
  };
  std::vector<Entry> entries;
  try {
    for (const auto& sub : fs::directory_iterator(root)) {
      const std::string digit = sub.path().filename().string();
      if (!sub.is_directory() || !all_digits(digit)) continue;
      for (const auto& file : fs::directory_iterator(sub.path())) {
        if (!file.is_regular_file() || file.path().extension() != ".bin") continue;
        entries.push_back({file.path().filename().string(), std::stoi(digit), file.path().string()});
      }
    }
  } catch (const fs::filesystem_error& e) {
    throw InputError(root.string() + ": cannot list: " + e.code().message());
  }
  if (entries.empty())
    throw InputError(root.string() + ": no N-MNIST recordings (expected <digit>/*.bin, e.g. Test/3/00012.bin)");
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.file_name, a.label) < std::tie(b.file_name, b.label);
  });
  NmnistListing l;
  l.root = root.string();
  for (auto& e : entries) {
    l.files.push_back(std::move(e.path));
    l.labels.push_back(e.label);
  }
  return l;
}

}  // namespace trinity
