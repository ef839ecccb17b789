// SPDX-License-Identifier: Apache-2.0
// Small steps the golden core's protocol tests share: push a stream and
// read back its packets, build one packet, require a lone STATUS.
#pragma once

#include <catch2/catch.hpp>

#include "golden_core.hpp"
#include "stream_encoder.hpp"

namespace trinity::testing {

inline std::vector<protocol::Packet> run(GoldenCore& core, const protocol::Stream& s) {
  core.push(s);
  return protocol::split_packets(core.take_output());
}

inline protocol::Stream packet(uint8_t type, const std::vector<uint32_t>& payload) {
  protocol::Stream s;
  protocol::append_packet(s, type, payload);
  return s;
}

inline protocol::StatusPacket only_status(const std::vector<protocol::Packet>& out) {
  REQUIRE(out.size() == 1);
  REQUIRE(out[0].type == protocol::kStatus);
  return protocol::decode_status(out[0]);
}

}  // namespace trinity::testing
