// SPDX-License-Identifier: Apache-2.0
#include "resource_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "errors.hpp"

namespace trinity::perf {

namespace {

const char* const kHeader = "lanes,lut,ff,dsp,bram36,lutram_cells";

double parse_number(const std::string& field, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0' || !(v >= 0)) throw InputError(where + ": '" + field + "' is not a number >= 0");
  return v;
}

}  // namespace

std::string default_resource_table_path() { return TRINITY_PERF_RESOURCE_TABLE; }

std::vector<ResourceRow> load_resource_table(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open");
  std::vector<ResourceRow> rows;
  std::string line;
  bool header_seen = false;
  for (int number = 1; std::getline(f, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(number);
    if (!header_seen) {
      if (line != kHeader) throw InputError(where + ": expected the header '" + std::string(kHeader) + "'");
      header_seen = true;
      continue;
    }
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string field; std::getline(ss, field, ',');) fields.push_back(field);
    if (fields.size() != 6) throw InputError(where + ": expected 6 fields, got " + std::to_string(fields.size()));
    ResourceRow r;
    const double lanes = parse_number(fields[0], where);
    if (lanes < 1 || lanes > 65536 || lanes != double(uint32_t(lanes)))
      throw InputError(where + ": lanes must be a whole number 1 ... 65536");
    r.lanes = uint32_t(lanes);
    r.lut = parse_number(fields[1], where);
    r.ff = parse_number(fields[2], where);
    r.dsp = parse_number(fields[3], where);
    r.bram36 = parse_number(fields[4], where);
    r.lutram_cells = parse_number(fields[5], where);
    for (const ResourceRow& other : rows)
      if (other.lanes == r.lanes) throw InputError(where + ": lanes " + fields[0] + " appears twice");
    rows.push_back(r);
  }
  if (rows.empty()) throw InputError(path + ": no rows");
  std::sort(rows.begin(), rows.end(), [](const ResourceRow& a, const ResourceRow& b) { return a.lanes < b.lanes; });
  return rows;
}

ResourceEstimate estimate_resources(const std::vector<ResourceRow>& table, uint32_t lanes) {
  ResourceEstimate e;
  e.row.lanes = lanes;
  for (const ResourceRow& r : table)
    if (r.lanes == lanes) {
      e.available = e.synthesised = true;
      e.row = r;
      e.basis = "synthesised (yosys synth_xilinx -family xcup)";
      return e;
    }
  for (size_t k = 0; k + 1 < table.size(); ++k) {
    const ResourceRow& lo = table[k];
    const ResourceRow& hi = table[k + 1];
    if (lo.lanes < lanes && lanes < hi.lanes) {
      const double f = double(lanes - lo.lanes) / double(hi.lanes - lo.lanes);
      const auto mix = [f](double a, double b) { return a + f * (b - a); };
      e.available = true;
      e.row.lut = mix(lo.lut, hi.lut);
      e.row.ff = mix(lo.ff, hi.ff);
      e.row.dsp = mix(lo.dsp, hi.dsp);
      e.row.bram36 = mix(lo.bram36, hi.bram36);
      e.row.lutram_cells = mix(lo.lutram_cells, hi.lutram_cells);
      e.basis = "not synthesised: interpolated linearly between LANES " + std::to_string(lo.lanes) + " and " +
                std::to_string(hi.lanes);
      return e;
    }
  }
  e.basis = "not synthesised, and outside the synthesised range (LANES " + std::to_string(table.front().lanes) +
            " ... " + std::to_string(table.back().lanes) +
            "): no estimate; run `make synth RTL_SYNTH_LANES=" + std::to_string(lanes) + "`";
  return e;
}

}  // namespace trinity::perf
