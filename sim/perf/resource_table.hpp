// SPDX-License-Identifier: Apache-2.0
// FPGA resources per LANES x ENGINES from the Yosys synthesis table
// (docs/rtl.md), kept as data in data/synth/resources.csv so a new synthesis
// run updates one file, not code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace trinity::perf {

struct ResourceRow {
  uint32_t lanes = 0;
  uint32_t engines = 0;
  // lut_sites: lut plus the LUTs that LUT-RAM and SRL cells occupy, the number
  // to hold against a device's LUT count.
  double lut = 0, lut_sites = 0, ff = 0, dsp = 0, bram36 = 0, lutram_cells = 0;
  double uram = 0;  // URAM288 blocks (the engines' memories, trinity_core ENGINE_URAM)
};

// data/synth/resources.csv of the source tree this was built from.
std::string default_resource_table_path();

// Rows sorted by (engines, lanes). The file is CSV with a header line naming
// the columns lanes,engines,lut,lut_sites,ff,dsp,bram36,lutram_cells,uram; lines
// starting with '#' are comments. Throws InputError (contract/errors.hpp)
// naming the file and line.
std::vector<ResourceRow> load_resource_table(const std::string& path);

struct ResourceEstimate {
  bool available = false;    // false: no row, nor two rows to interpolate between
  bool synthesised = false;  // true: a row of the table, not an interpolation
  ResourceRow row;
  std::string basis;  // how the numbers were obtained, for the user
};

// The table row for (lanes, engines), or a linear interpolation in LANES
// between the two synthesised neighbours of the same ENGINES (LUT, FF, DSP
// and BRAM grow about linearly with LANES over the table's range). Rows of
// another ENGINES are never mixed in, and nothing is extrapolated.
ResourceEstimate estimate_resources(const std::vector<ResourceRow>& table, uint32_t lanes, uint32_t engines);

}  // namespace trinity::perf
