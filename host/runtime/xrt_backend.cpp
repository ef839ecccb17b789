// SPDX-License-Identifier: Apache-2.0
#include "xrt_backend.hpp"

#include "errors.hpp"
#include "sharded_backend.hpp"
#include "stream_backend.hpp"
#include "xrt_device.hpp"

namespace trinity {

std::unique_ptr<Backend> make_xrt_backend(const Network& net, const BackendOptions& o) {
  if (o.xclbin.empty())
    throw InputError("the xrt backend needs --xclbin FILE (built with `make xclbin`, docs/alveo-build.md)");
  std::vector<std::string> devices = o.devices.empty() ? std::vector<std::string>{"0"} : o.devices;
  for (size_t k = 0; k < devices.size(); ++k) {
    if (devices[k].empty()) throw InputError("--device: empty device name");
    for (size_t j = 0; j < k; ++j)
      // One stream per core: two shards on one card would interleave their packets.
      if (devices[j] == devices[k]) throw InputError("--device " + devices[k] + " is given twice");
  }

  auto open = [&](const std::string& device) {
    XrtOptions x;
    x.device = device;
    x.xclbin = o.xclbin;
    return std::make_unique<StreamBackend>(std::make_unique<XrtDevice>(x), net, o);
  };
  if (devices.size() == 1) return open(devices[0]);
  std::vector<std::unique_ptr<Backend>> shards;
  for (const auto& d : devices) shards.push_back(open(d));
  return std::make_unique<ShardedBackend>(std::move(shards));
}

}  // namespace trinity
