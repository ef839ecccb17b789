// SPDX-License-Identifier: Apache-2.0
// Drives the HLS core (C simulation) and the golden core with the same
// protocol beats and explains the first difference between their outputs.
#pragma once

#include <memory>
#include <sstream>
#include <string>

#include "golden_core.hpp"
#include "protocol.hpp"
#include "trinity_core.hpp"

namespace trinity::hls_test {

template <class Cap>
CoreCapacity golden_capacity() {
  CoreCapacity c;
  c.max_layers = Cap::kLayers;
  c.max_neurons = Cap::kNeurons;
  c.max_timesteps = Cap::kTimesteps;
  c.max_weight_bytes = Cap::kWeightBytes;
  c.max_lut_entries = Cap::kLutEntries;
  c.max_tasks = Cap::kTasks;
  return c;
}

inline void to_axis(const protocol::Stream& in, hls_kernel::word_stream& s) {
  for (const protocol::Beat& b : in) {
    hls_kernel::axis_word w;
    w.data = b.data;
    w.keep = 0xF;
    w.strb = 0xF;
    w.last = b.last ? 1 : 0;
    s.write(w);
  }
}

inline protocol::Stream from_axis(hls_kernel::word_stream& s) {
  protocol::Stream out;
  while (!s.empty()) {
    const hls_kernel::axis_word w = s.read();
    out.push_back({static_cast<uint32_t>(w.data), static_cast<bool>(w.last)});
  }
  return out;
}

// The kernel consumes whole packets, as the hardware does; a stream must
// therefore end on a TLAST (the hardware would simply wait for the rest).
template <class CoreT>
protocol::Stream run_hls(CoreT& core, const protocol::Stream& in) {
  if (!in.empty() && !in.back().last) throw std::invalid_argument("test stream must end with TLAST");
  hls_kernel::word_stream s("s_axis"), o("m_axis");
  to_axis(in, s);
  while (!s.empty()) core.process_packet(s, o);
  return from_axis(o);
}

inline const char* type_name(uint8_t t) {
  switch (t) {
    case protocol::kResult: return "RESULT";
    case protocol::kStatus: return "STATUS";
    case protocol::kTrace: return "TRACE";
    default: return "?";
  }
}

// Empty when equal. Otherwise the first differing output packet: its index,
// type, frame id, and for a TRACE the layer, timestep and first neuron whose
// spike differs.
inline std::string first_mismatch(const protocol::Stream& expected, const protocol::Stream& got) {
  size_t k = 0;
  while (k < expected.size() && k < got.size() && expected[k] == got[k]) ++k;
  if (k == expected.size() && k == got.size()) return {};
  std::ostringstream os;
  os << "outputs differ at beat " << k << " (golden " << expected.size() << " beats, hls " << got.size() << ")";
  // Find the golden packet holding beat k.
  size_t start = 0, packet = 0;
  for (size_t b = 0; b < expected.size() && b < k; ++b)
    if (expected[b].last) start = b + 1, ++packet;
  // The packet's first words and the words around the difference; "|" marks TLAST.
  auto dump = [&](const protocol::Stream& s, const char* who) {
    os << "\n  " << who << ":";
    const size_t from = k > start + 8 ? k - 4 : start;
    if (from > start) os << " " << std::hex << s[start].data << std::dec << " ... [beat " << from << "]";
    for (size_t b = from; b < s.size() && b < from + 10; ++b) {
      os << " " << std::hex << s[b].data << std::dec << (s[b].last ? "|" : "");
      if (s[b].last) break;
    }
  };
  if (start < expected.size()) {
    const uint8_t type = protocol::header_type(expected[start].data);
    os << "\n  golden packet " << packet << " is " << type_name(type);
    if ((type == protocol::kResult || type == protocol::kTrace) && start + 1 < expected.size())
      os << " of frame id " << expected[start + 1].data;
    if (type == protocol::kTrace && start + 2 < expected.size()) {
      const uint32_t where = expected[start + 2].data;
      os << ", layer " << ((where >> 16) & 0xFF) << ", timestep " << (where & 0xFFFF);
      if (k >= start + 3 && k < got.size() && k < expected.size()) {
        const uint32_t diff = expected[k].data ^ got[k].data;
        int bit = 0;
        while (bit < 31 && ((diff >> bit) & 1) == 0) ++bit;
        os << ", first differing neuron " << (k - start - 3) * 32 + bit;
      }
    }
  }
  dump(expected, "golden");
  dump(got, "hls   ");
  return os.str();
}

inline protocol::Stream packet(uint8_t type, const std::vector<uint32_t>& payload) {
  protocol::Stream s;
  protocol::append_packet(s, type, payload);
  return s;
}

}  // namespace trinity::hls_test
