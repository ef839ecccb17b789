// The results file `trinity run --out x.csv` writes
// (index,label,prediction,count0,...), read back so that `trinity verify
// --expected` can hold any backend to a recorded run, e.g. one from a card.
#pragma once

#include <string>
#include <vector>

#include "spike_frame.hpp"

namespace trinity::cli {

// Throws InputError naming the line for anything malformed or out of order.
std::vector<FrameResult> load_results_csv(const std::string& path, uint32_t outputs);

}  // namespace trinity::cli
