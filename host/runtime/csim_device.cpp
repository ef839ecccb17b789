// SPDX-License-Identifier: Apache-2.0
#include "csim_device.hpp"

#include "errors.hpp"
#include "trinity_kernels.hpp"

namespace trinity {

// What the synthesis top (hls/trinity_core_top.cpp) instantiates, held here
// instead of in the top's static so that every device has its own.
struct CsimDevice::Core : hls_kernel::Core<hls_kernel::kDefaultLanes, hls_kernel::DefaultCapacity> {};

CsimDevice::CsimDevice() : core_(std::make_unique<Core>()) {}

CsimDevice::~CsimDevice() = default;

std::vector<uint32_t> CsimDevice::process(const std::vector<uint32_t>& words, size_t max_out_words) {
  hls_kernel::word_stream to_core("mm2s_to_core"), from_core("core_to_s2mm");
  std::vector<uint32_t> out(max_out_words);
  uint32_t count = 0;
  try {
    trinity_mm2s(words.data(), static_cast<uint32_t>(words.size()), to_core);
    // The free-running core handles one packet per call, as the top does.
    while (!to_core.empty()) core_->process_packet(to_core, from_core);
    trinity_s2mm(from_core, out.data(), static_cast<uint32_t>(out.size()), &count);
  } catch (const std::runtime_error& e) {
    // The compat hls::stream throws where hardware would wait forever.
    throw RuntimeFailure(std::string("csim: the kernels stalled: ") + e.what());
  }
  if (count > out.size())
    throw RuntimeFailure("csim: " + std::to_string(count) + " output words for a buffer of " +
                         std::to_string(out.size()));
  if (!from_core.empty()) throw RuntimeFailure("csim: output words after the STATUS answering the batch's QUERY");
  out.resize(count);
  return out;
}

}  // namespace trinity
