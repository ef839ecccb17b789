// SPDX-License-Identifier: Apache-2.0
// The bit-accurate reference: docs/fixed-point-spec.md §4-§5 written out for
// clarity, not speed. Every other model is proven equal to this one.
#pragma once

#include "network.hpp"
#include "spike_frame.hpp"

namespace trinity {

// Runs one frame. `input` must be T x n_in(0) (T = net.timesteps). Work is
// proportional to input spikes times fan-out plus one update per neuron and
// step (event-driven accumulation, §4 step 1). If `trace` is non-null it
// receives every layer's spikes and the sums of its soma potentials
// (FrameTrace::v_n_sum).
FrameResult run_reference(const Network& net, const SpikeFrame& input, FrameTrace* trace = nullptr);

}  // namespace trinity
