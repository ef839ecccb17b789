// SPDX-License-Identifier: Apache-2.0
// The synthesis table as data: the shipped file loads, exact (LANES, ENGINES)
// rows are returned as synthesised, LANES between two rows of the same
// ENGINES interpolate, anything else gets no numbers (rows of different
// ENGINES are never mixed), and a damaged file is one InputError line.
#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>

#include "errors.hpp"
#include "resource_table.hpp"
#include "temp_dir.hpp"

using namespace trinity;
using namespace trinity::perf;

namespace {

// Writes `text` as r.csv in `tmp` and returns its path.
std::string write_table(const testing::TempDir& tmp, const std::string& text) {
  std::ofstream(tmp.file("r.csv")) << text;
  return tmp.file("r.csv");
}

const std::string kHeader = "lanes,engines,lut,lut_sites,ff,dsp,bram36,lutram_cells,uram\n";

}  // namespace

// The shipped numbers change with every synthesis run: check their shape,
// not their values.
TEST_CASE("the shipped resource table loads and answers per LANES x ENGINES", "[perf]") {
  const auto table = load_resource_table(std::string(TRINITY_SOURCE_DIR) + "/data/synth/resources.csv");
  REQUIRE_FALSE(table.empty());
  for (const ResourceRow& r : table) CHECK(r.lut_sites >= r.lut);
  const ResourceEstimate at32x16 = estimate_resources(table, 32, 16);
  CHECK(at32x16.available);
  CHECK(at32x16.synthesised);
  CHECK(at32x16.row.engines == 16);
  // Every row answers for itself; LANES past the largest of its ENGINES is refused.
  for (const ResourceRow& r : table) {
    CHECK(estimate_resources(table, r.lanes, r.engines).synthesised);
    uint32_t widest = 0;
    for (const ResourceRow& o : table)
      if (o.engines == r.engines) widest = std::max(widest, o.lanes);
    const ResourceEstimate beyond = estimate_resources(table, 2 * widest, r.engines);
    CHECK_FALSE(beyond.available);
    CHECK(beyond.basis.find("make synth RTL_SYNTH_LANES=" + std::to_string(2 * widest) + "x" +
                            std::to_string(r.engines)) != std::string::npos);
  }
}

TEST_CASE("resources interpolate in LANES within one ENGINES and never mix ENGINES", "[perf]") {
  const testing::TempDir tmp("trinity_perf");
  const auto table = load_resource_table(write_table(tmp, "# synthesis\n" + kHeader +
                                                              "128,4,300,400,500,60,70,80,90\n"
                                                              "32,4,100,200,300,40,50,60,30\n"
                                                              "64,1,1000,1000,1000,1000,1000,1000,1000\n"));
  REQUIRE(table.size() == 3);

  const ResourceEstimate at64x4 = estimate_resources(table, 64, 4);
  CHECK(at64x4.available);
  CHECK_FALSE(at64x4.synthesised);
  CHECK(at64x4.row.engines == 4);
  CHECK(at64x4.row.lut == Approx(100 + (300 - 100) / 3.0));
  CHECK(at64x4.row.lut_sites == Approx(200 + (400 - 200) / 3.0));
  CHECK(at64x4.row.bram36 == Approx(50 + (70 - 50) / 3.0));
  CHECK(at64x4.row.uram == Approx(30 + (90 - 30) / 3.0));
  CHECK(at64x4.basis.find("interpolated linearly between LANES 32 and 128 at ENGINES 4") != std::string::npos);

  // LANES 64 is synthesised at ENGINES 1 only: ENGINES 2 gets nothing from it,
  // nor from the ENGINES 4 rows around it.
  const ResourceEstimate at64x2 = estimate_resources(table, 64, 2);
  CHECK_FALSE(at64x2.available);
  CHECK(at64x2.basis.find("nothing is synthesised at ENGINES 2") != std::string::npos);
  CHECK(at64x2.basis.find("make synth RTL_SYNTH_LANES=64x2") != std::string::npos);

  // Outside the ENGINES 4 rows: no extrapolation, and the rows there are named.
  const ResourceEstimate at16x4 = estimate_resources(table, 16, 4);
  CHECK_FALSE(at16x4.available);
  CHECK(at16x4.basis.find("ENGINES 4: LANES 32, 128") != std::string::npos);
  CHECK_FALSE(estimate_resources(table, 256, 4).available);
  // The lone ENGINES 1 row does not interpolate with the ENGINES 4 ones.
  CHECK_FALSE(estimate_resources(table, 96, 1).available);
}

TEST_CASE("a damaged resource table names the file and line", "[perf]") {
  const testing::TempDir tmp("trinity_perf");
  const auto write = [&](const std::string& text) { return write_table(tmp, text); };
  CHECK_THROWS_AS(load_resource_table(tmp.file("missing.csv")), InputError);
  // The single-engine header of 2026-11-29 is no longer read.
  CHECK_THROWS_AS(load_resource_table(write("lanes,lut,ff,dsp,bram36,lutram_cells\n8,1,2,3,4,5\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader)), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader + "8,1,1,2,3,4,5,7\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader + "8,1,1,2,x,4,5,6,7\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader + "8,1,1,2,3,4,5,6,7\n8,1,1,2,3,4,5,6,7\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader + "0,1,1,2,3,4,5,6,7\n")), InputError);
  CHECK_THROWS_AS(load_resource_table(write(kHeader + "8,128,1,2,3,4,5,6,7\n")), InputError);
  // The same LANES at two ENGINES is two configurations, not a duplicate.
  CHECK(load_resource_table(write(kHeader + "8,1,1,2,3,4,5,6,7\n8,2,1,2,3,4,5,6,7\n")).size() == 2);
  try {
    load_resource_table(write("# comment\n" + kHeader + "8,3,1,2,3,4,5,6,7\n"));
    FAIL("accepted ENGINES 3");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("r.csv:3") != std::string::npos);
    CHECK(std::string(e.what()).find("engines must be a power of two") != std::string::npos);
  }
  try {
    load_resource_table(write("# comment\n" + kHeader + "8,1,1,2,3,-4,5,6,7\n"));
    FAIL("accepted a negative count");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("r.csv:3") != std::string::npos);
  }
}
