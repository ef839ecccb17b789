// SPDX-License-Identifier: Apache-2.0
#include "xrt_cores.hpp"

#include <algorithm>

namespace trinity {

std::string cu_short_name(const std::string& ip_name) {
  const size_t colon = ip_name.find(':');
  return colon == std::string::npos ? ip_name : ip_name.substr(colon + 1);
}

unsigned count_core_chains(const std::vector<std::string>& mm2s, const std::vector<std::string>& core,
                           const std::vector<std::string>& s2mm) {
  auto has = [](const std::vector<std::string>& cus, const std::string& n) {
    return std::find(cus.begin(), cus.end(), n) != cus.end();
  };
  const size_t n = core.size();
  if (n == 0 || mm2s.size() != n || s2mm.size() != n) return 0;
  for (size_t k = 1; k <= n; ++k) {
    const std::string i = std::to_string(k);
    if (!has(core, "trinity_core_" + i) || !has(mm2s, "trinity_mm2s_" + i) || !has(s2mm, "trinity_s2mm_" + i)) return 0;
  }
  return static_cast<unsigned>(n);
}

}  // namespace trinity
