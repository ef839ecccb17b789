// SPDX-License-Identifier: Apache-2.0
#include "golden_core.hpp"

#include <algorithm>

#include "fixed_point.hpp"
#include "golden_model.hpp"
#include "rate_coding.hpp"

namespace trinity {

using namespace protocol;

namespace {

bool known_type(uint8_t t) {
  return t == kConfig || t == kWeights || t == kBias || t == kLut || t == kQuery || t == kGate || t == kTask ||
         t == kFrame || t == kImage;
}
bool is_parameter(uint8_t t) { return t == kConfig || t == kWeights || t == kBias || t == kLut || t == kGate; }

uint32_t field(uint32_t word, int lo, int bits) { return (word >> lo) & ((1u << bits) - 1); }
int16_t field16s(uint32_t word, int lo) { return static_cast<int16_t>(field(word, lo, 16)); }

// Mask of the bits of the last word of a column/timestep that carry data.
uint32_t used_mask(uint32_t count, uint32_t bits_per_item) {
  const uint32_t per_word = 32 / bits_per_item;
  const uint32_t used = count % per_word;
  return used == 0 ? 0xFFFFFFFFu : (1u << (used * bits_per_item)) - 1;
}

}  // namespace

void GoldenCore::push(const Beat& beat) {
  if (!in_packet_) {
    in_packet_ = true;
    type_ = header_type(beat.data);
    declared_ = header_length(beat.data);
    received_ = 0;
    payload_.clear();
  } else {
    if (received_ < declared_) payload_.push_back(beat.data);
    ++received_;
  }
  if (beat.last) {
    in_packet_ = false;
    end_packet();
  }
}

Stream GoldenCore::take_output() {
  Stream s(out_.begin(), out_.end());
  out_.clear();
  return s;
}

// §5: the checks in order; the first that fails is reported.
void GoldenCore::end_packet() {
  Check c;
  if (!known_type(type_)) {
    c = {kUnknownType, 0};
  } else if (received_ != declared_) {
    c = {kLength, static_cast<uint32_t>(std::min<uint64_t>(received_, 0xFFFFFFFFu))};
  } else if (!configured_ && type_ != kConfig && type_ != kQuery) {
    c = {kNotConfigured, 0};
  } else if ((c = check_size()).code == kOk) {
    if (type_ == kConfig && (field(payload_[0], 16, 16) != kMagic || field(payload_[0], 8, 8) != kVersion)) {
      c = {kBadVersion, 0};
    } else if (type_ == kConfig) {
      c = check_config_fields();
      if (c.code == kOk) c = check_capacity();
    } else if ((type_ == kWeights || type_ == kBias || type_ == kLut) && field(payload_[0], 8, 24) != 0) {
      c = {kBadField, 0};
    } else if (type_ == kGate && (field(payload_[0], 8, 8) != 0 || field(payload_[0], 16, 16) == 0 ||
                                  field(payload_[0], 16, 16) > tasks_)) {
      c = {kBadField, 0};
    } else if (type_ == kTask && (field(payload_[0], 16, 16) != 0 || field(payload_[0], 0, 16) > tasks_)) {
      c = {kBadField, 0};
    }
    if (c.code == kOk) c = check_padding();
  }

  if (c.code != kOk) {
    if (is_parameter(type_)) configured_ = false;
    if (errors_ != 0xFFFFFFFFu) ++errors_;
    emit_status(c.code, c.detail);
    return;
  }
  execute();
}

GoldenCore::Check GoldenCore::check_size() const {
  uint32_t expected = 0;
  switch (type_) {
    case kConfig:
      if (declared_ < 1) return {kBadSize, 0};
      expected = config_length(field(payload_[0], 0, 8));
      break;
    case kWeights:
    case kBias:
    case kLut:
    case kGate: {
      if (declared_ < 1) return {kBadSize, 0};
      const uint32_t l = field(payload_[0], 0, 8);
      if (l >= net_.layers.size()) return {kBadSize, 0};
      const Layer& layer = net_.layers[l];
      expected = type_ == kWeights ? weights_length(layer.n_in, layer.n_out)
                 : type_ == kBias  ? bias_length(layer.n_out)
                 : type_ == kGate  ? gate_length(layer.n_in, layer.n_out)
                                   : lut_length(layer.lut_bits);
      break;
    }
    case kQuery: expected = 0; break;
    case kTask: expected = kTaskLength; break;
    case kFrame: expected = frame_length(net_.timesteps, net_.inputs()); break;
    case kImage: expected = image_length(net_.inputs()); break;
  }
  return declared_ == expected ? Check{} : Check{kBadSize, 0};
}

GoldenCore::Check GoldenCore::check_config_fields() const {
  const uint32_t layers = field(payload_[0], 0, 8);
  if (!kLayerCountLimit.holds(layers)) return {kBadField, 0};
  if (field(payload_[1], 0, 16) == 0 || field(payload_[1], 17, 7) != 0) return {kBadField, 1};
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t base = 2 + 4 * l;
    const uint32_t shape = payload_[base];
    if (field(shape, 0, 16) == 0 || field(shape, 16, 16) == 0) return {kBadField, base};
    if (l > 0 && field(shape, 0, 16) != field(payload_[base - 4], 16, 16)) return {kBadField, base};
    const int w_shift = static_cast<int8_t>(field(payload_[base + 1], 8, 8));
    if (!kUnitKindLimit.holds(field(payload_[base + 1], 0, 8)) || !kWShiftLimit.holds(w_shift))
      return {kBadField, base + 1};
    if (!kTauLimit.holds(field(payload_[base + 2], 0, 16)) || !kTauLimit.holds(field(payload_[base + 2], 16, 16)))
      return {kBadField, base + 2};
    const uint32_t geo = payload_[base + 3];
    // lut_bits travels as lut_bits - 1 (docs/protocol-v2.md §3).
    if (field(geo, 20, 4) != 0 || !kLutBitsLimit.holds(field(geo, 24, 4) + 1) || field(geo, 28, 4) != 0)
      return {kBadField, base + 3};
  }
  return {};
}

GoldenCore::Check GoldenCore::check_capacity() const {
  const uint32_t layers = field(payload_[0], 0, 8);
  if (layers > capacity_.max_layers) return {kCapacity, 0};
  if (field(payload_[1], 0, 16) > capacity_.max_timesteps || field(payload_[1], 24, 8) > capacity_.max_tasks)
    return {kCapacity, 1};
  uint64_t weight_bytes = 0;
  for (uint32_t l = 0; l < layers; ++l) {
    const uint32_t base = 2 + 4 * l;
    const uint32_t n_in = field(payload_[base], 0, 16), n_out = field(payload_[base], 16, 16);
    weight_bytes += uint64_t{n_in} * n_out;
    if (n_in > capacity_.max_neurons || n_out > capacity_.max_neurons || weight_bytes > capacity_.max_weight_bytes)
      return {kCapacity, base};
    if ((1u << (field(payload_[base + 3], 24, 4) + 1)) > capacity_.max_lut_entries) return {kCapacity, base + 3};
  }
  return {};
}

GoldenCore::Check GoldenCore::check_padding() const {
  switch (type_) {
    case kWeights:
    case kBias:
    case kGate: {
      const Layer& layer = net_.layers[field(payload_[0], 0, 8)];
      const uint32_t bits = type_ == kWeights ? 8 : type_ == kGate ? 1 : 16;
      const uint32_t column_words = div_ceil(layer.n_out, 32 / bits);
      const uint32_t columns = type_ == kBias ? 1 : layer.n_in;
      const uint32_t unused = ~used_mask(layer.n_out, bits);
      for (uint32_t c = 0; c < columns; ++c) {
        const uint32_t idx = 1 + c * column_words + column_words - 1;
        if (payload_[idx] & unused) return {kPadding, idx};
      }
      return {};
    }
    case kFrame: {
      const uint32_t words = div_ceil(net_.inputs(), 32);
      const uint32_t unused = ~used_mask(net_.inputs(), 1);
      for (uint32_t t = 0; t < net_.timesteps; ++t) {
        const uint32_t idx = 1 + t * words + words - 1;
        if (payload_[idx] & unused) return {kPadding, idx};
      }
      return {};
    }
    case kImage: {
      const uint32_t idx = kImageHeaderWords + div_ceil(net_.inputs(), 4) - 1;
      if (payload_[idx] & ~used_mask(net_.inputs(), 8)) return {kPadding, idx};
      return {};
    }
    default: return {};
  }
}

void GoldenCore::execute() {
  // The selected task's network is rebuilt at the next frame after any
  // parameter or TASK packet.
  if (is_parameter(type_) || type_ == kTask) task_net_ = Network{};
  switch (type_) {
    case kConfig: {
      net_ = Network{};
      net_.timesteps = field(payload_[1], 0, 16);
      trace_ = field(payload_[1], 16, 1) != 0;
      tasks_ = field(payload_[1], 24, 8);
      task_ = 0;
      const uint32_t layers = field(payload_[0], 0, 8);
      for (uint32_t l = 0; l < layers; ++l) {
        const uint32_t* w = &payload_[2 + 4 * l];
        Layer layer;
        layer.n_in = field(w[0], 0, 16);
        layer.n_out = field(w[0], 16, 16);
        layer.kind = static_cast<UnitKind>(field(w[1], 0, 8));
        layer.w_shift = static_cast<int8_t>(field(w[1], 8, 8));
        layer.v_th = field16s(w[1], 16);
        layer.tau_d = static_cast<uint16_t>(field(w[2], 0, 16));
        layer.tau_n = static_cast<uint16_t>(field(w[2], 16, 16));
        layer.lut_lo = field16s(w[3], 0);
        layer.lut_shift = static_cast<int>(field(w[3], 16, 4));
        layer.lut_bits = static_cast<int>(field(w[3], 24, 4)) + 1;
        layer.weights.assign(size_t{layer.n_in} * layer.n_out, 0);
        layer.bias.assign(layer.n_out, 0);
        layer.lut.assign(layer.lut_entries(), 0);
        net_.layers.push_back(std::move(layer));
      }
      // Every gate starts closed: an unloaded gate keeps nothing (§3 GATE).
      // Masks are held only for the (task, layer) pairs a GATE set, so a
      // CONFIG that claims many tasks allocates nothing for them.
      gate_keeps_.assign(size_t{tasks_} * layers, {});
      configured_ = true;
      return;
    }
    case kWeights: {
      Layer& layer = net_.layers[field(payload_[0], 0, 8)];
      const uint32_t column_words = div_ceil(layer.n_out, 4);
      for (uint32_t j = 0; j < layer.n_in; ++j)
        for (uint32_t i = 0; i < layer.n_out; ++i)
          layer.weights[size_t{i} * layer.n_in + j] =
              static_cast<int8_t>(field(payload_[1 + j * column_words + i / 4], 8 * (i % 4), 8));
      return;
    }
    case kBias: {
      Layer& layer = net_.layers[field(payload_[0], 0, 8)];
      for (uint32_t i = 0; i < layer.n_out; ++i) layer.bias[i] = field16s(payload_[1 + i / 2], 16 * (i % 2));
      return;
    }
    case kLut: {
      Layer& layer = net_.layers[field(payload_[0], 0, 8)];
      for (uint32_t k = 0; k < layer.lut.size(); ++k) layer.lut[k] = field16s(payload_[1 + k / 2], 16 * (k % 2));
      return;
    }
    case kGate: {
      const uint32_t l = field(payload_[0], 0, 8), task = field(payload_[0], 16, 16) - 1;
      const Layer& layer = net_.layers[l];
      const uint32_t column_words = div_ceil(layer.n_out, 32);
      std::vector<bool>& keeps = gate_keeps_[size_t{task} * net_.layers.size() + l];
      keeps.assign(layer.weights.size(), false);  // row-major, as Layer::weights
      for (uint32_t j = 0; j < layer.n_in; ++j)
        for (uint32_t i = 0; i < layer.n_out; ++i)
          keeps[size_t{i} * layer.n_in + j] = field(payload_[1 + j * column_words + i / 32], i % 32, 1) != 0;
      return;
    }
    case kTask:
      task_ = field(payload_[0], 0, 16);
      return;
    case kQuery: emit_status(kOk, frames_); return;
    case kFrame: run_frame(frame_spikes()); return;
    case kImage: run_frame(image_spikes()); return;
  }
}

SpikeFrame GoldenCore::frame_spikes() const {
  const uint32_t words = div_ceil(net_.inputs(), 32);
  SpikeFrame input(net_.timesteps, net_.inputs());
  for (uint32_t t = 0; t < net_.timesteps; ++t)
    for (uint32_t i = 0; i < net_.inputs(); ++i) input.at(t, i) = field(payload_[1 + t * words + i / 32], i % 32, 1);
  return input;
}

// IMAGE (protocol v2 §3): the fixed-point spec's §6 code of the packet's pixels.
SpikeFrame GoldenCore::image_spikes() const {
  const uint32_t n_in = net_.inputs();
  std::vector<uint8_t> pixels(n_in);
  for (uint32_t i = 0; i < n_in; ++i)
    pixels[i] = static_cast<uint8_t>(field(payload_[kImageHeaderWords + i / 4], 8 * (i % 4), 8));
  const uint64_t seed = uint64_t{payload_[2]} | (uint64_t{payload_[3]} << 32);
  return rate_encode(pixels.data(), n_in, net_.timesteps, seed, payload_[1]);
}

void GoldenCore::run_frame(const SpikeFrame& input) {
  const uint32_t frame_id = payload_[0];

  FrameTrace trace;
  // §1a: task k runs the network with its gated-off weights as 0.
  if (task_ != 0 && task_net_.layers.empty()) {
    task_net_ = net_;
    for (size_t l = 0; l < net_.layers.size(); ++l) {
      const std::vector<bool>& keeps = gate_keeps_[(task_ - 1) * net_.layers.size() + l];
      std::vector<int8_t>& w = task_net_.layers[l].weights;
      for (size_t k = 0; k < w.size(); ++k)
        if (keeps.empty() || !keeps[k]) w[k] = 0;
    }
  }
  const FrameResult r = run_reference(task_ == 0 ? net_ : task_net_, input, trace_ ? &trace : nullptr);
  if (trace_) {
    for (uint32_t t = 0; t < net_.timesteps; ++t)
      for (uint32_t l = 0; l < net_.layers.size(); ++l) {
        const SpikeFrame& s = trace.spikes[l];
        std::vector<uint32_t> p{frame_id, t | (l << 16)};
        p.resize(trace_length(s.width), 0);
        for (uint32_t i = 0; i < s.width; ++i) p[2 + i / 32] |= uint32_t{s.at(t, i)} << (i % 32);
        emit(kTrace, p);
      }
  }
  std::vector<uint32_t> p{frame_id, r.prediction | (net_.timesteps << 16)};
  p.resize(result_length(net_.outputs()), 0);
  for (uint32_t i = 0; i < r.counts.size(); ++i) p[2 + i / 2] |= uint32_t{r.counts[i]} << (16 * (i % 2));
  emit(kResult, p);
  ++frames_;
}

void GoldenCore::emit(uint8_t type, const std::vector<uint32_t>& payload) {
  append_packet(out_, type, payload);
}

void GoldenCore::emit_status(uint8_t code, uint32_t detail) {
  emit(kStatus, {uint32_t{code} | (uint32_t{type_} << 8) | (configured_ ? 1u << 16 : 0u), declared_, detail, errors_});
}

}  // namespace trinity
