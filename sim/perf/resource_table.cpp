// SPDX-License-Identifier: Apache-2.0
#include "resource_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <tuple>

#include "errors.hpp"

namespace trinity::perf {

namespace {

const char* const kHeader = "lanes,engines,lut,lut_sites,ff,dsp,bram36,lutram_cells,uram";
constexpr size_t kFields = 9;

double parse_number(const std::string& field, const std::string& where) {
  char* end = nullptr;
  const double v = std::strtod(field.c_str(), &end);
  if (field.empty() || *end != '\0' || !(v >= 0)) throw InputError(where + ": '" + field + "' is not a number >= 0");
  return v;
}

bool is_whole(double v) { return v == double(uint32_t(v)); }

uint32_t parse_lanes(const std::string& field, const std::string& where) {
  const double v = parse_number(field, where);
  if (v < 1 || v > 65536 || !is_whole(v)) throw InputError(where + ": lanes must be a whole number 1 ... 65536");
  return uint32_t(v);
}

// The same range `--engines` accepts (the RTL core's ENGINES parameter).
uint32_t parse_engines(const std::string& field, const std::string& where) {
  const double v = parse_number(field, where);
  const bool ok = v >= 1 && v <= 64 && is_whole(v) && (uint32_t(v) & (uint32_t(v) - 1)) == 0;
  if (!ok) throw InputError(where + ": engines must be a power of two 1 ... 64, got '" + field + "'");
  return uint32_t(v);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream ss(line);
  for (std::string field; std::getline(ss, field, ',');) fields.push_back(field);
  return fields;
}

ResourceRow parse_row(const std::string& line, const std::string& where) {
  const std::vector<std::string> fields = split_fields(line);
  if (fields.size() != kFields)
    throw InputError(where + ": expected " + std::to_string(kFields) + " fields, got " + std::to_string(fields.size()));
  ResourceRow r;
  r.lanes = parse_lanes(fields[0], where);
  r.engines = parse_engines(fields[1], where);
  r.lut = parse_number(fields[2], where);
  r.lut_sites = parse_number(fields[3], where);
  r.ff = parse_number(fields[4], where);
  r.dsp = parse_number(fields[5], where);
  r.bram36 = parse_number(fields[6], where);
  r.lutram_cells = parse_number(fields[7], where);
  r.uram = parse_number(fields[8], where);
  return r;
}

std::string config_name(uint32_t lanes, uint32_t engines) {
  return std::to_string(lanes) + "x" + std::to_string(engines);
}

// "LANES 8, 32": the synthesised LANES of `engines`, or "" if there are none.
std::string synthesised_lanes(const std::vector<ResourceRow>& table, uint32_t engines) {
  std::string list;
  for (const ResourceRow& r : table)
    if (r.engines == engines) list += (list.empty() ? "LANES " : ", ") + std::to_string(r.lanes);
  return list;
}

// The nearest rows of `engines` below and above `lanes`; false unless both
// exist. Rows of another ENGINES never count: an engine's scanner, banks and
// merge tree make ENGINES a different design, not a point on the LANES line.
bool neighbours(const std::vector<ResourceRow>& table, uint32_t lanes, uint32_t engines, const ResourceRow*& lo,
                const ResourceRow*& hi) {
  lo = hi = nullptr;
  for (const ResourceRow& r : table) {
    if (r.engines != engines) continue;
    if (r.lanes < lanes && (!lo || r.lanes > lo->lanes)) lo = &r;
    if (r.lanes > lanes && (!hi || r.lanes < hi->lanes)) hi = &r;
  }
  return lo && hi;
}

ResourceRow interpolate(const ResourceRow& lo, const ResourceRow& hi, uint32_t lanes) {
  const double f = double(lanes - lo.lanes) / double(hi.lanes - lo.lanes);
  const auto mix = [f](double a, double b) { return a + f * (b - a); };
  ResourceRow r;
  r.lanes = lanes;
  r.engines = lo.engines;
  r.lut = mix(lo.lut, hi.lut);
  r.lut_sites = mix(lo.lut_sites, hi.lut_sites);
  r.ff = mix(lo.ff, hi.ff);
  r.dsp = mix(lo.dsp, hi.dsp);
  r.bram36 = mix(lo.bram36, hi.bram36);
  r.lutram_cells = mix(lo.lutram_cells, hi.lutram_cells);
  r.uram = mix(lo.uram, hi.uram);
  return r;
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
    const ResourceRow r = parse_row(line, where);
    for (const ResourceRow& other : rows)
      if (other.lanes == r.lanes && other.engines == r.engines)
        throw InputError(where + ": LANES " + std::to_string(r.lanes) + ", ENGINES " + std::to_string(r.engines) +
                         " appears twice");
    rows.push_back(r);
  }
  if (rows.empty()) throw InputError(path + ": no rows");
  // By engines, then lanes: the order a reader of the table expects.
  std::sort(rows.begin(), rows.end(), [](const ResourceRow& a, const ResourceRow& b) {
    return std::tie(a.engines, a.lanes) < std::tie(b.engines, b.lanes);
  });
  return rows;
}

ResourceEstimate estimate_resources(const std::vector<ResourceRow>& table, uint32_t lanes, uint32_t engines) {
  ResourceEstimate e;
  e.row.lanes = lanes;
  e.row.engines = engines;
  for (const ResourceRow& r : table)
    if (r.lanes == lanes && r.engines == engines) {
      e.available = e.synthesised = true;
      e.row = r;
      e.basis = "synthesised (yosys synth_xilinx -family xcup)";
      return e;
    }
  const ResourceRow* lo = nullptr;
  const ResourceRow* hi = nullptr;
  if (neighbours(table, lanes, engines, lo, hi)) {
    e.available = true;
    e.row = interpolate(*lo, *hi, lanes);
    e.basis = "not synthesised: interpolated linearly between LANES " + std::to_string(lo->lanes) + " and " +
              std::to_string(hi->lanes) + " at ENGINES " + std::to_string(engines);
    return e;
  }
  const std::string lanes_there = synthesised_lanes(table, engines);
  const std::string where = lanes_there.empty() ? "nothing is synthesised at ENGINES " + std::to_string(engines)
                                                : "outside the synthesised range (ENGINES " + std::to_string(engines) +
                                                      ": " + lanes_there + ")";
  e.basis = "not synthesised, and " + where +
            ": no estimate; run `make synth RTL_SYNTH_LANES=" + config_name(lanes, engines) + "`";
  return e;
}

}  // namespace trinity::perf
