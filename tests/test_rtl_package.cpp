// SPDX-License-Identifier: Apache-2.0
// The RTL's package (rtl/trinity_pkg.sv) against the C++ contract
// (protocol.hpp): the SV file is parsed here, so a code changed on either
// side without the other fails this test. SV PKT_X is PacketType kX, SV
// ERR_<NAME> is the ErrorCode that error_name() calls <NAME>, and
// PROTOCOL_VERSION / PROTOCOL_MAGIC are kVersion / kMagic.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "protocol.hpp"

namespace {

using namespace trinity;

// Every `localparam logic [N:0] NAME = W'hX;` (or 'd) of the package.
std::map<std::string, uint32_t> sv_localparams(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const std::regex param(R"(localparam\s+logic\s*\[\s*\d+\s*:\s*0\s*\]\s+(\w+)\s*=\s*\d+'([hdb])([0-9a-fA-F_]+)\s*;)");
  std::map<std::string, uint32_t> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), param); it != std::sregex_iterator(); ++it) {
    std::string digits = (*it)[3];
    digits.erase(std::remove(digits.begin(), digits.end(), '_'), digits.end());
    const char base = std::string((*it)[2])[0];
    out[(*it)[1]] = static_cast<uint32_t>(std::stoul(digits, nullptr, base == 'h' ? 16 : base == 'b' ? 2 : 10));
  }
  return out;
}

}  // namespace

TEST_CASE("rtl package codes equal the C++ protocol codes", "[rtl][protocol]") {
  const auto sv = sv_localparams(std::string(TRINITY_SOURCE_DIR) + "/rtl/trinity_pkg.sv");

  // C++ -> SV: every packet type, error code and the CONFIG constants.
  const std::map<std::string, uint32_t> packets = {
      {"PKT_CONFIG", protocol::kConfig}, {"PKT_WEIGHTS", protocol::kWeights}, {"PKT_BIAS", protocol::kBias},
      {"PKT_LUT", protocol::kLut},       {"PKT_QUERY", protocol::kQuery},     {"PKT_GATE", protocol::kGate},
      {"PKT_TASK", protocol::kTask},     {"PKT_FRAME", protocol::kFrame},
      {"PKT_IMAGE", protocol::kImage},   {"PKT_RESULT", protocol::kResult},   {"PKT_STATUS", protocol::kStatus},
      {"PKT_TRACE", protocol::kTrace},
  };
  std::map<std::string, uint32_t> expected = packets;
  for (uint32_t code = 0; code < 256; ++code) {
    const std::string name = protocol::error_name(static_cast<uint8_t>(code));
    if (name != "UNKNOWN_ERROR") expected["ERR_" + name] = code;
  }
  expected["PROTOCOL_VERSION"] = protocol::kVersion;
  expected["PROTOCOL_MAGIC"] = protocol::kMagic;
  REQUIRE(expected.size() == 12 + 9 + 2);
  for (const auto& [name, value] : expected) {
    INFO("rtl/trinity_pkg.sv " << name);
    REQUIRE(sv.count(name) == 1);
    CHECK(sv.at(name) == value);
  }

  // SV -> C++: no packet type or error code the contract does not have.
  for (const auto& [name, value] : sv) {
    if (name.rfind("PKT_", 0) == 0 || name.rfind("ERR_", 0) == 0) {
      INFO("rtl/trinity_pkg.sv " << name << " = " << value << " is not in protocol.hpp");
      CHECK(expected.count(name) == 1);
    }
  }
}
