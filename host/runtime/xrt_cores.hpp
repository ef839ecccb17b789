// SPDX-License-Identifier: Apache-2.0
// How the xrt backend finds a card's cores in its xclbin, kept free of XRT
// types so that the rule is tested on every build (tests/test_xrt_backend.cpp).
// Core k is the chain of compute units trinity_mm2s_k -> trinity_core_k ->
// trinity_s2mm_k, k = 1 ... N: the names v++ gives `nk=<kernel>:N` without
// names (constraints/<board>.cfg, docs/alveo-build.md).
#pragma once

#include <string>
#include <vector>

namespace trinity {

// A compute unit's own name: XRT may report an IP as "kernel:cu".
std::string cu_short_name(const std::string& ip_name);

// N if the three kernels' compute units (short names, any order) are exactly
// the chains 1 ... N; 0 otherwise (none, a count that differs, a gap, a
// foreign name).
unsigned count_core_chains(const std::vector<std::string>& mm2s, const std::vector<std::string>& core,
                           const std::vector<std::string>& s2mm);

}  // namespace trinity
