// SPDX-License-Identifier: Apache-2.0
// The results file `trinity run --out x.csv` writes
// (index,label,prediction,count0,...), and its reader, so that `trinity
// verify --expected` can hold any backend to a recorded run, e.g. one from a
// card. Writer and reader sit together so the format has one home.
#pragma once

#include <string>
#include <vector>

#include "spike_frame.hpp"

namespace trinity::cli {

// Writes CSV, or for a path ending in .json a JSON array of {index, label,
// prediction, counts}. `labels` empty: unknown (an empty CSV field, no JSON
// member). Throws InputError if the file cannot be opened.
void write_results(const std::string& path, const std::vector<FrameResult>& results, const std::vector<int>& labels);

// Throws InputError naming the line for anything malformed or out of order.
std::vector<FrameResult> load_results_csv(const std::string& path, uint32_t outputs);

}  // namespace trinity::cli
