// SPDX-License-Identifier: Apache-2.0
#include "xrt_backend.hpp"

#include "errors.hpp"
#include "sharded_backend.hpp"
#include "stream_backend.hpp"
#include "xrt_device.hpp"

namespace trinity {

std::unique_ptr<Backend> make_xrt_backend(const Network& net, const BackendOptions& o) {
  // A missing or repeated option is a usage error (exit 1), before any file
  // or device is looked at.
  if (o.xclbin.empty())
    throw UsageError("the xrt backend needs --xclbin FILE (built with `make xclbin`, docs/alveo-build.md)");
  std::vector<std::string> devices = o.devices.empty() ? std::vector<std::string>{"0"} : o.devices;
  for (size_t k = 0; k < devices.size(); ++k) {
    if (devices[k].empty()) throw UsageError("--device: empty device name");
    for (size_t j = 0; j < k; ++j)
      // One stream per core: two shards on one card would interleave their packets.
      if (devices[j] == devices[k]) throw UsageError("--device " + devices[k] + " is given twice");
  }

  // Card after card, core after core: ShardedBackend gives the shards
  // contiguous runs of frames in this order, so results come back in input
  // order. Every card is opened (and its xclbin checked) before any core.
  std::vector<std::shared_ptr<XrtCard>> cards;
  for (const auto& d : devices) {
    cards.push_back(std::make_shared<XrtCard>(d, o.xclbin));
    if (o.cores > cards.back()->cores())
      throw InputError("--cores " + std::to_string(o.cores) + ": " + o.xclbin + " has " +
                       std::to_string(cards.back()->cores()) + " cores (trinity_core compute units) on " +
                       cards.back()->name());
  }
  std::vector<std::unique_ptr<Backend>> shards;
  for (const auto& card : cards) {
    const unsigned cores = o.cores ? o.cores : card->cores();
    for (unsigned k = 1; k <= cores; ++k)
      shards.push_back(std::make_unique<StreamBackend>(std::make_unique<XrtDevice>(card, k), net, o));
  }
  if (shards.size() == 1) return std::move(shards[0]);
  return std::make_unique<ShardedBackend>(std::move(shards));
}

}  // namespace trinity
