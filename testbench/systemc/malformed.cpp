// SPDX-License-Identifier: Apache-2.0
#include "malformed.hpp"

#include "random_network.hpp"
#include "stream_encoder.hpp"

namespace trinity::sc {

using namespace trinity::protocol;

Network malformed_net(std::mt19937& rng) { return testing::small_lut5_net(rng); }

namespace {

Expected status(uint8_t code, uint8_t type, int64_t detail) {
  Expected e;
  e.type = kStatus;
  e.code = code;
  e.answers_type = type;
  e.detail = detail;
  return e;
}

std::vector<uint32_t> with(std::vector<uint32_t> p, size_t i, uint32_t v) {
  p[i] = v;
  return p;
}

Stream packet(uint8_t type, const std::vector<uint32_t>& payload) {
  Stream s;
  append_packet(s, type, payload);
  return s;
}

// Header declaring `declared` payload words, then `payload` with TLAST on its
// last word (or on the header if it is empty).
Stream framed(uint8_t type, uint32_t declared, const std::vector<uint32_t>& payload) {
  Stream s;
  append_framed(s, header(type, declared), payload);
  return s;
}

}  // namespace

std::vector<MalformedCase> malformed_cases(const Network& net, std::mt19937& rng, uint32_t max_t, uint32_t max_neurons,
                                           uint32_t max_tasks) {
  const std::vector<uint32_t> cfg = config_payload(net, false);
  const std::vector<uint32_t> wts = weights_payload(net.layers[0], 0);
  const std::vector<uint32_t> bia = bias_payload(net.layers[0], 0);
  const std::vector<uint32_t> lut = lut_payload(net.layers[0], 0);
  const std::vector<uint32_t> frm = frame_payload(9, testing::random_frame(rng, net.timesteps, net.inputs(), 0.5));
  std::vector<uint8_t> pixels(net.inputs());
  for (uint8_t& p : pixels) p = static_cast<uint8_t>(rng());
  const std::vector<uint32_t> img =
      image_payload(10, ImageView{pixels.data(), net.inputs(), 3, (uint64_t{0x9E3779B9u} << 32) | 7u});
  const uint32_t ni = static_cast<uint32_t>(img.size());
  const uint32_t n = static_cast<uint32_t>(cfg.size());
  std::vector<MalformedCase> c;
  auto add = [&](std::string name, Stream beats, uint8_t code, uint8_t type, int64_t detail, bool unconf) {
    c.push_back({std::move(name), std::move(beats), status(code, type, detail), unconf});
  };
  // Unknown types keep the configuration.
  add("unknown type 0x33", packet(0x33, {1, 2, 3}), kUnknownType, 0x33, 0, false);
  add("output type 0x81 sent in", packet(0x81, {}), kUnknownType, 0x81, 0, false);
  // LENGTH: TLAST before the declared end (detail: words received), and after it.
  add("CONFIG TLAST early", framed(kConfig, n, std::vector<uint32_t>(cfg.begin(), cfg.end() - 1)), kLength, kConfig,
      n - 1, true);
  add("QUERY TLAST late", framed(kQuery, 0, {5, 6}), kLength, kQuery, 2, false);
  add("FRAME TLAST after one word", framed(kFrame, static_cast<uint32_t>(frm.size()), {1}), kLength, kFrame, 1, false);
  add("IMAGE TLAST two words early", framed(kImage, ni, std::vector<uint32_t>(img.begin(), img.end() - 2)), kLength,
      kImage, ni - 2, false);
  add(
      "IMAGE TLAST late",
      [&] {
        std::vector<uint32_t> p = img;
        p.insert(p.end(), {4, 5});
        return framed(kImage, ni, p);
      }(),
      kLength, kImage, ni + 2, false);
  add(
      "WEIGHTS TLAST late",
      [&] {
        std::vector<uint32_t> p = wts;
        p.insert(p.end(), {9, 9, 9});
        return framed(kWeights, static_cast<uint32_t>(wts.size()), p);
      }(),
      kLength, kWeights, static_cast<int64_t>(wts.size() + 3), true);
  // BAD_SIZE
  add("CONFIG empty", packet(kConfig, {}), kBadSize, kConfig, 0, true);
  add("CONFIG one word short", packet(kConfig, std::vector<uint32_t>(cfg.begin(), cfg.end() - 1)), kBadSize, kConfig, 0,
      true);
  add("QUERY with payload", packet(kQuery, {1}), kBadSize, kQuery, 0, false);
  add("WEIGHTS for layer 2 of 2", packet(kWeights, with(wts, 0, 2)), kBadSize, kWeights, 0, true);
  add("LUT two words short", packet(kLut, std::vector<uint32_t>(lut.begin(), lut.end() - 2)), kBadSize, kLut, 0, true);
  add("FRAME one word short", packet(kFrame, std::vector<uint32_t>(frm.begin(), frm.end() - 1)), kBadSize, kFrame, 0,
      false);
  add("IMAGE one word short", packet(kImage, std::vector<uint32_t>(img.begin(), img.end() - 1)), kBadSize, kImage, 0,
      false);
  add(
      "IMAGE one word long",
      [&] {
        std::vector<uint32_t> p = img;
        p.push_back(0);
        return packet(kImage, p);
      }(),
      kBadSize, kImage, 0, false);
  // BAD_VERSION
  add("CONFIG version 1 (protocol v1)", packet(kConfig, with(cfg, 0, (cfg[0] & 0xFFFF00FFu) | (1u << 8))), kBadVersion,
      kConfig, 0, true);
  add("CONFIG bad magic", packet(kConfig, with(cfg, 0, (cfg[0] & 0x0000FFFFu) | (0x5453u << 16))), kBadVersion, kConfig,
      0, true);
  // BAD_FIELD (detail: payload index of the first bad word)
  add("CONFIG T = 0", packet(kConfig, with(cfg, 1, cfg[1] & ~0xFFFFu)), kBadField, kConfig, 1, true);
  add("CONFIG kind 4", packet(kConfig, with(cfg, 3, (cfg[3] & ~0xFFu) | 4u)), kBadField, kConfig, 3, true);
  add("CONFIG chain n_in(1) != n_out(0)", packet(kConfig, with(cfg, 6, (cfg[6] & 0xFFFF0000u) | 12u)), kBadField,
      kConfig, 6, true);
  add("BIAS reserved bits in word 0", packet(kBias, with(bia, 0, 0x100)), kBadField, kBias, 0, true);
  // CAPACITY
  add("CONFIG T over capacity", packet(kConfig, with(cfg, 1, (cfg[1] & ~0xFFFFu) | (max_t + 1))), kCapacity, kConfig, 1,
      true);
  {
    Network wide = net;
    wide.layers[1].n_out = max_neurons + 1;
    add("CONFIG n_out over capacity", packet(kConfig, config_payload(wide, false)), kCapacity, kConfig, 6, true);
  }
  // PADDING: 13 neurons put neuron 12 alone in the last byte-packed word of
  // each column (payload 1..4 is column 0) and alone in the last bias word.
  add("WEIGHTS padding in column 0", packet(kWeights, with(wts, 4, wts[4] | 0xFF000000u)), kPadding, kWeights, 4, true);
  add("BIAS padding", packet(kBias, with(bia, 7, bia[7] | 0x10000u)), kPadding, kBias, 7, true);
  add("FRAME padding at step 1", packet(kFrame, with(frm, 4, frm[4] | (1u << 31))), kPadding, kFrame, 4, false);
  // 37 pixels: pixel 36 alone in byte 0 of the last pixel word (payload 13).
  add("IMAGE padding in the last pixel word", packet(kImage, with(img, ni - 1, img[ni - 1] | 0x100u)), kPadding, kImage,
      ni - 1, false);
  if (net.gates.tasks == 0) return c;
  // Protocol v3: GATE fails like a parameter packet (unconfigures), TASK like
  // a FRAME (the configuration and the selected task stay).
  const uint32_t k = net.gates.tasks;
  const std::vector<uint32_t> gt = gate_payload(net, 0, k);
  const uint32_t ng = static_cast<uint32_t>(gt.size());
  add("CONFIG task count over capacity", packet(kConfig, with(cfg, 1, (cfg[1] & 0x00FFFFFFu) | ((max_tasks + 1) << 24))),
      kCapacity, kConfig, 1, true);
  add("CONFIG word 1 bit 17", packet(kConfig, with(cfg, 1, cfg[1] | (1u << 17))), kBadField, kConfig, 1, true);
  add("GATE one word short", packet(kGate, std::vector<uint32_t>(gt.begin(), gt.end() - 1)), kBadSize, kGate, 0, true);
  add("GATE for layer 2 of 2", packet(kGate, with(gt, 0, (gt[0] & ~0xFFu) | 2u)), kBadSize, kGate, 0, true);
  add("GATE task 0", packet(kGate, with(gt, 0, gt[0] & 0xFFFFu)), kBadField, kGate, 0, true);
  add("GATE task K + 1", packet(kGate, with(gt, 0, (gt[0] & 0xFFFFu) | ((k + 1) << 16))), kBadField, kGate, 0, true);
  add("GATE bits 15:8", packet(kGate, with(gt, 0, gt[0] | 0x8000u)), kBadField, kGate, 0, true);
  // 13 neurons: bits 13 ... 31 of each column's one word are padding.
  add("GATE padding in column 2", packet(kGate, with(gt, 3, gt[3] | (1u << 13))), kPadding, kGate, 3, true);
  add("GATE TLAST early", framed(kGate, ng, std::vector<uint32_t>(gt.begin(), gt.end() - 1)), kLength, kGate, ng - 1,
      true);
  add("TASK K + 1", packet(kTask, {k + 1}), kBadField, kTask, 0, false);
  add("TASK bits 31:16", packet(kTask, {1u << 16}), kBadField, kTask, 0, false);
  add("TASK empty", packet(kTask, {}), kBadSize, kTask, 0, false);
  add("TASK two words", packet(kTask, {1, 1}), kBadSize, kTask, 0, false);
  return c;
}

}  // namespace trinity::sc
