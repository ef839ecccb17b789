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

std::string ShardedBackend::name() const {
  if (shards_.size() == 1) return shards_[0]->name();
  std::string n;
  for (const auto& s : shards_) n += (n.empty() ? "" : " + ") + s->name();
  return n;
}

std::string ShardedBackend::label() const {
  if (shards_.size() == 1) return shards_[0]->label();
  std::string n;
  for (const auto& s : shards_) n += (n.empty() ? "" : " + ") + s->label();
  return n;
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
