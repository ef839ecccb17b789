// SPDX-License-Identifier: Apache-2.0
// Malformed packets with the STATUS each must be answered with (protocol §5),
// written out by hand from the protocol, not taken from GoldenCore.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "network.hpp"
#include "protocol.hpp"
#include "response_checker.hpp"

namespace trinity::sc {

struct MalformedCase {
  std::string name;
  protocol::Stream beats;
  Expected status;
  bool unconfigures = false;  // a failed parameter packet leaves the core unconfigured
};

// The small two-layer network the cases are written against: 37 inputs
// (two words per timestep, padded), 13 tri-G and 6 tri-R neurons, T = 5,
// 5-bit LUTs, so every packing carries padding.
Network malformed_net(std::mt19937& rng);

// With net.gates (protocol v3) also malformed GATE and TASK packets and
// CONFIGs whose task count is over max_tasks or whose word 1 bits 23:17 are set.
std::vector<MalformedCase> malformed_cases(const Network& net, std::mt19937& rng, uint32_t max_t, uint32_t max_neurons,
                                           uint32_t max_tasks);

}  // namespace trinity::sc
