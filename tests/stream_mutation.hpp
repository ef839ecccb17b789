// SPDX-License-Identifier: Apache-2.0
// Random damage to a session's beats for the fuzz tests of the Verilated
// core (testbench/verilator "[fuzz]", testbench/systemc "fuzz"): flipped
// bits, moved TLASTs, flipped header types and deleted words.
#pragma once

#include <algorithm>
#include <random>

#include "protocol.hpp"

namespace trinity::testing {

// Applies 1 to 3 mutations to `s`, each at a random beat: flip one bit, flip
// TLAST, flip one of the header-type bits (24..31), or delete 1 to 4 words.
// Then sets TLAST on the last beat, so the core is never left mid-packet
// between sessions. The same rng state always gives the same mutations.
inline void mutate_session(std::mt19937& rng, protocol::Stream& s) {
  const int mutations = 1 + static_cast<int>(rng() % 3);
  for (int m = 0; m < mutations && !s.empty(); ++m) {
    const size_t at = rng() % s.size();
    switch (rng() % 4) {
      case 0: s[at].data ^= 1u << (rng() % 32); break;
      case 1: s[at].last = !s[at].last; break;
      case 2: s[at].data ^= 1u << (24 + rng() % 8); break;  // header-type bits if a header
      default:
        s.erase(s.begin() + static_cast<long>(at),
                s.begin() + static_cast<long>(std::min(s.size(), at + 1 + rng() % 4)));
    }
  }
  if (!s.empty()) s.back().last = true;
}

}  // namespace trinity::testing
