// SPDX-License-Identifier: Apache-2.0
#include "sharded_backend.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include "errors.hpp"

namespace trinity {

ShardedBackend::ShardedBackend(std::vector<std::unique_ptr<Backend>> shards) : shards_(std::move(shards)) {
  if (shards_.empty()) throw InputError("a sharded backend needs at least one shard");
  for (const auto& s : shards_)
    if (!s) throw InputError("a sharded backend was given an empty shard");
}

namespace {

// The shards' names joined by " + ", with a run of cores of one card
// ("xrt 0000:3b:00.1 core 1", "… core 2", …) written once as "… cores 1-4".
std::string join_names(const std::vector<std::string>& names) {
  const std::string kCore = " core ";
  auto split = [&](const std::string& n, std::string& base, unsigned long& k) {
    const size_t at = n.rfind(kCore);
    if (at == std::string::npos || at + kCore.size() == n.size()) return false;
    const std::string digits = n.substr(at + kCore.size());
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return false;
    base = n.substr(0, at);
    k = std::stoul(digits);
    return true;
  };
  std::string out;
  for (size_t i = 0; i < names.size();) {
    std::string base, next_base;
    unsigned long first = 0, k = 0;
    size_t j = i + 1;
    if (split(names[i], base, first))
      while (j < names.size() && split(names[j], next_base, k) && next_base == base && k == first + (j - i)) ++j;
    out += out.empty() ? "" : " + ";
    out += j - i > 1 ? base + " cores " + std::to_string(first) + "-" + std::to_string(first + (j - i) - 1) : names[i];
    i = j;
  }
  return out;
}

}  // namespace

std::string ShardedBackend::name() const {
  std::vector<std::string> names;
  for (const auto& s : shards_) names.push_back(s->name());
  return join_names(names);
}

std::string ShardedBackend::label() const {
  std::vector<std::string> labels;
  for (const auto& s : shards_) labels.push_back(s->label());
  return join_names(labels);
}

bool ShardedBackend::simulator() const {
  for (const auto& s : shards_)
    if (!s->simulator()) return false;
  return true;
}

size_t ShardedBackend::frames_per_batch() const {
  size_t n = 0;
  for (const auto& s : shards_) n += s->frames_per_batch();
  return n;
}

double ShardedBackend::clock_mhz() const {
  for (const auto& s : shards_)
    if (s->clock_mhz() != shards_[0]->clock_mhz()) return 0;
  return shards_[0]->clock_mhz();
}

std::vector<size_t> ShardedBackend::split(size_t frames, size_t shards) {
  std::vector<size_t> sizes(shards, shards ? frames / shards : 0);
  for (size_t k = 0; shards && k < frames % shards; ++k) ++sizes[k];
  return sizes;
}

std::vector<FrameResult> ShardedBackend::run(const std::vector<SpikeFrame>& frames) {
  if (!failed_.empty()) throw RuntimeFailure("sharded backend unusable after an earlier failure (" + failed_ + ")");
  const std::vector<size_t> sizes = split(frames.size(), shards_.size());
  std::vector<std::vector<SpikeFrame>> chunks(shards_.size());
  std::vector<std::vector<FrameResult>> results(shards_.size());
  std::vector<std::exception_ptr> errors(shards_.size());
  size_t first = 0;
  for (size_t k = 0; k < shards_.size(); ++k) {
    chunks[k].assign(frames.begin() + first, frames.begin() + first + sizes[k]);
    first += sizes[k];
  }

  // Every shard thread is joined before anything is thrown, so a failing card
  // can never leave another thread writing into freed results.
  auto work = [&](size_t k) {
    try {
      results[k] = shards_[k]->run(chunks[k]);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (size_t k = 0; k < shards_.size(); ++k)
    if (!chunks[k].empty()) threads.emplace_back(work, k);
  for (auto& t : threads) t.join();

  for (size_t k = 0; k < shards_.size(); ++k) {
    if (!errors[k]) continue;
    const std::string where =
        "shard " + std::to_string(k + 1) + " of " + std::to_string(shards_.size()) + " (" + shards_[k]->name() + ")";
    try {
      std::rethrow_exception(errors[k]);
    } catch (const InputError&) {
      throw;  // the frames themselves are wrong (exit 2), and nothing reached the device
    } catch (const std::exception& e) {
      failed_ = where + ": " + e.what();
    } catch (...) {
      failed_ = where + ": unknown error";
    }
    throw RuntimeFailure(failed_);
  }

  std::vector<FrameResult> merged;
  merged.reserve(frames.size());
  run_cycles_ = 0;
  traces_.clear();
  for (size_t k = 0; k < shards_.size(); ++k) {
    if (results[k].size() != chunks[k].size()) {
      failed_ = "shard " + std::to_string(k + 1) + " (" + shards_[k]->name() + ") returned " +
                std::to_string(results[k].size()) + " results for " + std::to_string(chunks[k].size()) + " frames";
      throw RuntimeFailure(failed_);
    }
    for (auto& r : results[k]) merged.push_back(std::move(r));
    if (chunks[k].empty()) continue;  // an idle shard's run_cycles() and traces() are from an older run
    run_cycles_ = std::max(run_cycles_, shards_[k]->run_cycles());
    const auto& t = shards_[k]->traces();
    traces_.insert(traces_.end(), t.begin(), t.end());
  }
  return merged;
}

}  // namespace trinity
